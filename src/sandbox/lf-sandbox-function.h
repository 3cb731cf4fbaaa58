/* lf-sandbox-function.h: one function the sandbox serves, read from its folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lf-sandbox-settings.h"

G_BEGIN_DECLS

typedef enum
{
  LF_SANDBOX_RUNTIME_PROVIDED,
  LF_SANDBOX_RUNTIME_PYTHON3,
} LfSandboxRuntime;

#define LF_SANDBOX_FUNCTION_DEFAULT_TIMEOUT 3
#define LF_SANDBOX_FUNCTION_DEFAULT_MEMORY 128

#define LF_TYPE_SANDBOX_FUNCTION (lf_sandbox_function_get_type ())

G_DECLARE_FINAL_TYPE (LfSandboxFunction, lf_sandbox_function, LF, SANDBOX_FUNCTION, GObject)

LfSandboxFunction *lf_sandbox_function_new_from_dir     (const char         *directory,
                                                         GError            **error);
gboolean           lf_sandbox_function_is_valid_name    (const char         *name);
const char        *lf_sandbox_function_get_name         (LfSandboxFunction  *self);
const char        *lf_sandbox_function_get_description  (LfSandboxFunction  *self);
LfSandboxRuntime   lf_sandbox_function_get_runtime      (LfSandboxFunction  *self);
const char        *lf_sandbox_function_get_runtime_id   (LfSandboxFunction  *self);
const char        *lf_sandbox_function_get_handler      (LfSandboxFunction  *self);
guint              lf_sandbox_function_get_timeout      (LfSandboxFunction  *self);
guint              lf_sandbox_function_get_memory_size  (LfSandboxFunction  *self);
/* Whether its runtime streams the answer ("invoke_mode": "RESPONSE_STREAM"). */
gboolean           lf_sandbox_function_get_streams      (LfSandboxFunction  *self);
const char        *lf_sandbox_function_get_directory    (LfSandboxFunction  *self);
GHashTable        *lf_sandbox_function_get_environment  (LfSandboxFunction  *self);
/* Region and account come from @settings. */
char              *lf_sandbox_function_dup_arn          (LfSandboxFunction  *self,
                                                         LfSandboxSettings  *settings);
JsonNode          *lf_sandbox_function_to_configuration (LfSandboxFunction  *self,
                                                         LfSandboxSettings  *settings);

G_END_DECLS
