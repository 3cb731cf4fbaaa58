/* lf-cli.h: what the subcommands of lambda-forms-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One exit status per class of failure, so scripts can branch on them. */
typedef enum
{
  LF_EXIT_OK = 0,
  LF_EXIT_FAILURE = 1,      /* some input lines failed (sign) */
  LF_EXIT_USAGE = 2,        /* bad flags or bad input, found before any request */
  LF_EXIT_CREDENTIALS = 3,
  LF_EXIT_SERVICE = 4,      /* AWS answered with an error */
  LF_EXIT_FUNCTION = 5,     /* the function ran and failed */
  LF_EXIT_TRANSPORT = 6,    /* no answer from the endpoint */
} LfExitStatus;

int lf_cli_run             (int    argc,
                            char **argv);
int lf_cli_sign            (int    argc,
                            char **argv);
int lf_cli_list_functions  (int    argc,
                            char **argv);
int lf_cli_get_function    (int    argc,
                            char **argv);
int lf_cli_invoke          (int    argc,
                            char **argv);
int lf_cli_delete_function (int    argc,
                            char **argv);
int lf_cli_invoke_with_response_stream (int    argc,
                                        char **argv);
int lf_cli_accounts        (int    argc,
                            char **argv);
int lf_cli_history         (int    argc,
                            char **argv);
int lf_cli_events          (int    argc,
                            char **argv);
int lf_cli_new_form        (int    argc,
                            char **argv);

G_END_DECLS
