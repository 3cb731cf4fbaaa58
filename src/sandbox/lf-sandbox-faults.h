/* lf-sandbox-faults.h: faults a test asks the sandbox to inject, per function
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  LF_SANDBOX_FAULT_NONE,
  LF_SANDBOX_FAULT_DROP,       /* close the connection without an answer */
  LF_SANDBOX_FAULT_THROTTLE,   /* 429 TooManyRequestsException */
  LF_SANDBOX_FAULT_ERROR,      /* a 5xx answer */
} LfSandboxFaultKind;

#define LF_TYPE_SANDBOX_FAULTS (lf_sandbox_faults_get_type ())

G_DECLARE_FINAL_TYPE (LfSandboxFaults, lf_sandbox_faults, LF, SANDBOX_FAULTS, GObject)

LfSandboxFaults    *lf_sandbox_faults_new        (void);
gboolean            lf_sandbox_faults_parse_spec (LfSandboxFaults  *self,
                                                  const char       *spec,
                                                  GError          **error);
gboolean            lf_sandbox_faults_set_json   (LfSandboxFaults  *self,
                                                  const char       *function_name,
                                                  JsonNode         *node,
                                                  GError          **error);
void                lf_sandbox_faults_clear      (LfSandboxFaults  *self,
                                                  const char       *function_name);
LfSandboxFaultKind  lf_sandbox_faults_take       (LfSandboxFaults  *self,
                                                  const char       *function_name,
                                                  guint            *delay_ms,
                                                  guint            *status);
JsonNode           *lf_sandbox_faults_to_json    (LfSandboxFaults  *self);

G_END_DECLS
