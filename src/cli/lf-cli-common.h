/* lf-cli-common.h: global flags, client creation, errors and the wait loop of every command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lf-history.h"
#include "lf-lambda-client.h"

G_BEGIN_DECLS

typedef struct
{
  char *region;
  char *profile;
  char *endpoint_url;
  char *account;
  char *output;
  char *cli_binary_format;
  char *ca_bundle;
  int cli_read_timeout;       /* seconds; 0 waits as long as it takes; -1 not given */
  int cli_connect_timeout;
  gboolean debug;
  gboolean no_cli_pager;      /* accepted: nothing here pages */
  gboolean no_paginate;       /* list-functions makes one call */
  gboolean no_history;        /* runs are not recorded in the run history */
} LfCliGlobals;

/* One asynchronous operation run to its end on the main loop; Ctrl+C cancels it. Started with
 * lf_cli_on_done() as its callback, it keeps the result for the operation's own finish
 * function, whose answer and error the command may keep here for lf_cli_run_print(). */
typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  GAsyncResult *result;
  GError *error;
  JsonNode *output;
  LfInvokeResult *invoke_result;
  gboolean done;
  LfHistory *history;         /* where the run is recorded, or NULL */
  LfHistoryRun *history_run;
} LfCliRun;

extern LfCliGlobals lf_cli_globals;

void            lf_cli_add_global_entries  (GOptionContext  *context);
gboolean        lf_cli_parse_command_line  (GOptionContext  *context,
                                            int             *argc,
                                            char          ***argv,
                                            const char      *command,
                                            int             *status);
gboolean        lf_cli_parse_command_line_positional (GOptionContext  *context,
                                                      int             *argc,
                                                      char          ***argv,
                                                      const char      *command,
                                                      int              max_positional,
                                                      int             *status);
/* The client the global flags and the standard environment describe: --region, --profile,
 * --endpoint-url, --account, and the AWS CLI's settings (AWS_MAX_ATTEMPTS/max_attempts,
 * AWS_RETRY_MODE/retry_mode, AWS_CA_BUNDLE/ca_bundle, cli_read_timeout, cli_connect_timeout). */
LfLambdaClient *lf_cli_make_client         (GError         **error);
/* The account the flags and the environment choose, as people call it: --account, --profile,
 * $AWS_PROFILE, else "default". */
const char     *lf_cli_account_in_use      (void);
/* --cli-binary-format, then the profile's cli_binary_format: TRUE when blobs such as
 * --payload are given base64-encoded (the AWS CLI v2's "base64"). */
gboolean        lf_cli_blobs_are_base64    (GError         **error);
/* A secret from the terminal without echo, or one line of standard input with @from_stdin;
 * never from a flag. Free with lf_secret_wipe(). */
char           *lf_cli_read_secret         (const char      *prompt,
                                            gboolean         from_stdin,
                                            GError         **error);
int             lf_cli_exit_status_for     (const GError    *error);
int             lf_cli_report_error        (const char      *command,
                                            const GError    *error);
int             lf_cli_usage_error         (GOptionContext  *context,
                                            const char      *command,
                                            const char      *message);
void            lf_cli_print_json          (JsonNode        *node);
void            lf_cli_run_init            (LfCliRun        *run);
void            lf_cli_run_wait            (LfCliRun        *run);
/* Waits, then gives the result kept by lf_cli_on_done() (owned by @run). */
GAsyncResult   *lf_cli_run_wait_result     (LfCliRun        *run);
void            lf_cli_run_finish          (LfCliRun        *run);
void            lf_cli_run_clear           (LfCliRun        *run);
/* The GAsyncReadyCallback of every operation a command waits for; its data is the LfCliRun. */
void            lf_cli_on_done             (GObject         *object,
                                            GAsyncResult    *result,
                                            gpointer         user_data);
/* Waits for @run, prints its JSON (if it has any) or reports its error, clears it; returns the
 * exit status. */
int             lf_cli_run_print           (LfCliRun        *run,
                                            const char      *command);

/* Records @run in the run history (unless --no-history): @request (taken) describes the
 * call as lf_lambda_client_describe_*() do, with "operation" and the parameters. A history
 * that cannot be opened is said once on stderr and the command goes on. */
void            lf_cli_run_record          (LfCliRun        *run,
                                            JsonNode        *request);
/* Completes the row from the run's answer or error; lf_cli_run_print() does it. */
void            lf_cli_run_record_end      (LfCliRun        *run);
/* The history named by the environment ($XDG_DATA_HOME), or NULL with @error set. */
LfHistory      *lf_cli_open_history        (GError         **error);

G_END_DECLS
