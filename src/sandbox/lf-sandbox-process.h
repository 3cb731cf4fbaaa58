/* lf-sandbox-process.h: the sandbox as a child process of the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lf-credentials.h"

G_BEGIN_DECLS

#define LF_TYPE_SANDBOX_PROCESS (lf_sandbox_process_get_type ())

G_DECLARE_FINAL_TYPE (LfSandboxProcess, lf_sandbox_process, LF, SANDBOX_PROCESS, GObject)

LfSandboxProcess *lf_sandbox_process_new            (void);
/* Folders of functions to serve beside the samples; call before starting. */
void              lf_sandbox_process_add_functions  (LfSandboxProcess     *self,
                                                     const char           *dir);
/* Starts lambda-forms-sandbox on a free loopback port, or reuses the running one. */
void              lf_sandbox_process_start_async    (LfSandboxProcess     *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean          lf_sandbox_process_start_finish   (LfSandboxProcess     *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
const char       *lf_sandbox_process_get_url        (LfSandboxProcess     *self);
const char       *lf_sandbox_process_get_region     (LfSandboxProcess     *self);
LfCredentials    *lf_sandbox_process_get_credentials (LfSandboxProcess    *self);
gboolean          lf_sandbox_process_is_running     (LfSandboxProcess     *self);
/* Asks the sandbox to stop (it ends its functions' processes) and waits up to @timeout_ms;
 * kills it past that. Blocking but short: meant for application shutdown. */
GPid              lf_sandbox_process_get_pid        (LfSandboxProcess     *self);
void              lf_sandbox_process_stop           (LfSandboxProcess     *self);
void              lf_sandbox_process_stop_async     (LfSandboxProcess     *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean          lf_sandbox_process_stop_finish    (LfSandboxProcess     *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
char             *lf_sandbox_process_find_program   (void);

G_END_DECLS
