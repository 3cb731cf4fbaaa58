/* lf-sandbox-pool.h: the execution environments of one function
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lf-sandbox-function.h"
#include "lf-sandbox-invocation.h"
#include "lf-sandbox-settings.h"

G_BEGIN_DECLS

#define LF_TYPE_SANDBOX_POOL (lf_sandbox_pool_get_type ())

G_DECLARE_FINAL_TYPE (LfSandboxPool, lf_sandbox_pool, LF, SANDBOX_POOL, GObject)

LfSandboxPool *lf_sandbox_pool_new             (LfSandboxFunction    *function,
                                                LfSandboxSettings    *settings);
void           lf_sandbox_pool_invoke_async    (LfSandboxPool        *self,
                                                LfSandboxInvocation  *invocation,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       lf_sandbox_pool_invoke_finish   (LfSandboxPool        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void           lf_sandbox_pool_enqueue_event   (LfSandboxPool        *self,
                                                LfSandboxInvocation  *invocation);
void           lf_sandbox_pool_shutdown_async  (LfSandboxPool        *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       lf_sandbox_pool_shutdown_finish (LfSandboxPool        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
JsonNode      *lf_sandbox_pool_to_json         (LfSandboxPool        *self);

G_END_DECLS
