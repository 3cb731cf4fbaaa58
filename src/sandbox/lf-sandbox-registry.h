/* lf-sandbox-registry.h: the functions a sandbox serves, by name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-sandbox-function.h"

G_BEGIN_DECLS

#define LF_TYPE_SANDBOX_REGISTRY (lf_sandbox_registry_get_type ())

G_DECLARE_FINAL_TYPE (LfSandboxRegistry, lf_sandbox_registry, LF, SANDBOX_REGISTRY, GObject)

LfSandboxRegistry *lf_sandbox_registry_new           (void);
gboolean           lf_sandbox_registry_add_directory (LfSandboxRegistry  *self,
                                                      const char         *path,
                                                      GError            **error);
gboolean           lf_sandbox_registry_add           (LfSandboxRegistry  *self,
                                                      LfSandboxFunction  *function,
                                                      GError            **error);
LfSandboxFunction *lf_sandbox_registry_lookup        (LfSandboxRegistry  *self,
                                                      const char         *name);
gboolean           lf_sandbox_registry_remove        (LfSandboxRegistry  *self,
                                                      const char         *name);
guint              lf_sandbox_registry_get_n_functions (LfSandboxRegistry *self);
GPtrArray         *lf_sandbox_registry_list_page     (LfSandboxRegistry  *self,
                                                      const char         *marker,
                                                      guint               max_items,
                                                      char              **next_marker);

G_END_DECLS
