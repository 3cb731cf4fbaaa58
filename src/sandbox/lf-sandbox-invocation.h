/* lf-sandbox-invocation.h: one call of a function, its result and its log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  LF_SANDBOX_INVOCATION_REQUEST_RESPONSE,
  LF_SANDBOX_INVOCATION_EVENT,
  LF_SANDBOX_INVOCATION_DRY_RUN,
} LfSandboxInvocationType;

#define LF_TYPE_SANDBOX_INVOCATION (lf_sandbox_invocation_get_type ())

G_DECLARE_FINAL_TYPE (LfSandboxInvocation, lf_sandbox_invocation, LF, SANDBOX_INVOCATION, GObject)

LfSandboxInvocation    *lf_sandbox_invocation_new         (const char              *request_id,
                                                            LfSandboxInvocationType  type,
                                                            GBytes                  *payload,
                                                            const char              *client_context,
                                                            const char              *invoked_arn);
LfSandboxInvocation    *lf_sandbox_invocation_new_retry   (LfSandboxInvocation     *failed);
guint                   lf_sandbox_invocation_get_attempt (LfSandboxInvocation     *self);
const char             *lf_sandbox_invocation_get_request_id (LfSandboxInvocation   *self);
LfSandboxInvocationType lf_sandbox_invocation_get_invocation_type
                                                           (LfSandboxInvocation     *self);
GBytes                 *lf_sandbox_invocation_get_payload (LfSandboxInvocation     *self);
const char             *lf_sandbox_invocation_get_client_context
                                                           (LfSandboxInvocation     *self);
const char             *lf_sandbox_invocation_get_invoked_function_arn
                                                           (LfSandboxInvocation     *self);

void                    lf_sandbox_invocation_mark_started (LfSandboxInvocation    *self);
/* InvokeWithResponseStream: the answer goes to the caller piece by piece, through the "chunk"
 * signal, and the completion carries only how it ended. */
void                    lf_sandbox_invocation_set_streaming (LfSandboxInvocation   *self,
                                                            gboolean                streaming);
gboolean                lf_sandbox_invocation_get_streaming (LfSandboxInvocation   *self);
void                    lf_sandbox_invocation_push_chunk  (LfSandboxInvocation     *self,
                                                           GBytes                  *chunk);
guint64                 lf_sandbox_invocation_get_streamed_bytes
                                                           (LfSandboxInvocation     *self);
void                    lf_sandbox_invocation_append_log  (LfSandboxInvocation     *self,
                                                           const char              *data,
                                                           gsize                    length);
void                    lf_sandbox_invocation_complete    (LfSandboxInvocation     *self,
                                                           GBytes                  *response,
                                                           const char              *function_error);
void                    lf_sandbox_invocation_complete_with_error
                                                           (LfSandboxInvocation     *self,
                                                            const char              *error_type,
                                                            const char              *error_message);
void                    lf_sandbox_invocation_set_report  (LfSandboxInvocation     *self,
                                                           double                   duration_ms,
                                                           double                   init_ms,
                                                           guint                    memory_size_mb,
                                                           guint                    max_memory_mb);
GBytes                 *lf_sandbox_invocation_get_response (LfSandboxInvocation    *self);
const char             *lf_sandbox_invocation_get_function_error
                                                           (LfSandboxInvocation     *self);
const char             *lf_sandbox_invocation_get_error_type (LfSandboxInvocation   *self);
char                   *lf_sandbox_invocation_dup_log     (LfSandboxInvocation     *self);
char                   *lf_sandbox_invocation_dup_log_tail_base64
                                                           (LfSandboxInvocation     *self,
                                                            gsize                    max_bytes);

G_END_DECLS
