/* lf-sandbox-environment-private.h: what an environment (lf-sandbox-environment.c: its child
 * process, its calls, its log) and its Runtime API (lf-sandbox-runtime-api.c) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-http-server.h"
#include "lf-sandbox-environment.h"

G_BEGIN_DECLS

struct _LfSandboxEnvironment
{
  GObject parent_instance;

  LfSandboxFunction *function;
  LfSandboxSettings *settings;

  LfHttpServer *server;              /* the Runtime API */
  char *runtime_api;                 /* its host:port, as the child is told */
  GSubprocess *process;
  GPid pid;
  GSource *log_source;
  GInputStream *log_stream;

  gint64 spawn_time;
  gboolean initialized;
  double init_duration_ms;
  gboolean init_reported;
  GBytes *init_error;

  LfHttpExchange *pending_next;      /* a runtime waiting for its next event */
  GTask *task;                       /* the call in progress */
  LfSandboxInvocation *current;
  GByteArray *streamed;              /* a streamed answer kept whole for a buffered Invoke */
  gboolean delivered;
  gint64 delivered_time;
  guint timeout_id;
  guint memory_watch_id;
  guint idle_id;
  guint max_rss_mb;                  /* the most the tree held during the current call */

  gboolean alive;
  gboolean exited;
  guint group_polls;
};

/* lf-sandbox-environment.c */

/* Takes what the child has written so far into the current call's log. */
void     _lf_sandbox_environment_read_log         (LfSandboxEnvironment *self);
/* (Re)starts the clock of the current call: it fails as timed out after @seconds. */
void     _lf_sandbox_environment_arm_timer        (LfSandboxEnvironment *self,
                                                   guint                 seconds);
/* Ends the current call with @response; @function_error is "Unhandled" when it failed. */
void     _lf_sandbox_environment_finish           (LfSandboxEnvironment *self,
                                                   GBytes               *response,
                                                   const char           *function_error);
/* Ends the current call as failed, with an error document of @error_type. */
void     _lf_sandbox_environment_fail             (LfSandboxEnvironment *self,
                                                   const char           *error_type,
                                                   const char           *error_message);

/* lf-sandbox-runtime-api.c */

/* Starts the environment's Runtime API on a free loopback port; sets runtime_api. */
gboolean _lf_sandbox_runtime_api_listen           (LfSandboxEnvironment *self,
                                                   GError              **error);
/* Hands the current call to a runtime already waiting on /next; FALSE when none waits. */
gboolean _lf_sandbox_runtime_api_deliver_if_asked (LfSandboxEnvironment *self);
/* Forgets the runtime's waiting /next (its process is gone, or the environment is). */
void     _lf_sandbox_runtime_api_drop_next        (LfSandboxEnvironment *self);

G_END_DECLS
