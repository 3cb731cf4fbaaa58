/* lf-sandbox-environment.h: one execution environment, a child process and its Runtime API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lf-sandbox-function.h"
#include "lf-sandbox-invocation.h"
#include "lf-sandbox-settings.h"

G_BEGIN_DECLS

/* The most a function may return, as Lambda counts it for synchronous calls. */
#define LF_SANDBOX_MAX_RESPONSE_SIZE 6291556
/* What a streamed answer may weigh in all, as Lambda allows. */
#define LF_SANDBOX_MAX_STREAM_SIZE (200 * 1024 * 1024)

#define LF_TYPE_SANDBOX_ENVIRONMENT (lf_sandbox_environment_get_type ())

G_DECLARE_FINAL_TYPE (LfSandboxEnvironment, lf_sandbox_environment, LF, SANDBOX_ENVIRONMENT,
                      GObject)

LfSandboxEnvironment *lf_sandbox_environment_new           (LfSandboxFunction    *function,
                                                            LfSandboxSettings    *settings);
gboolean              lf_sandbox_environment_start         (LfSandboxEnvironment *self,
                                                            GError              **error);
void                  lf_sandbox_environment_invoke_async  (LfSandboxEnvironment *self,
                                                            LfSandboxInvocation  *invocation,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean              lf_sandbox_environment_invoke_finish (LfSandboxEnvironment *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
gboolean              lf_sandbox_environment_is_busy       (LfSandboxEnvironment *self);
gboolean              lf_sandbox_environment_is_alive      (LfSandboxEnvironment *self);
gboolean              lf_sandbox_environment_has_exited    (LfSandboxEnvironment *self);
GPid                  lf_sandbox_environment_get_pid       (LfSandboxEnvironment *self);
void                  lf_sandbox_environment_kill          (LfSandboxEnvironment *self);

G_END_DECLS
