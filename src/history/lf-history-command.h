/* lf-history-command.h: a recorded run as a command a colleague can paste into bash
 *
 * The same call as the AWS CLI (`aws lambda invoke …`, with --cli-binary-format
 * raw-in-base64-out so the payload is the JSON it reads as), as curl (`curl --aws-sigv4 …`,
 * the recorded method, path, headers and body) or as lambda-forms-cli. Credentials are never
 * written into the command: the AWS CLI and lambda-forms-cli take them from the profile or
 * the environment, curl from $AWS_ACCESS_KEY_ID, $AWS_SECRET_ACCESS_KEY and
 * $AWS_SESSION_TOKEN. Every argument is quoted (g_shell_quote) so that bash reads it back
 * unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  LF_HISTORY_COMMAND_AWS,
  LF_HISTORY_COMMAND_CURL,
  LF_HISTORY_COMMAND_CLI,
} LfHistoryCommand;

gboolean lf_history_command_from_string (const char        *text,
                                         LfHistoryCommand  *command);
/* @run as lf_history_get () gives it; NULL with @error set when it holds too little (a run
 * recorded without its request). */
char    *lf_history_command_for         (JsonObject        *run,
                                         LfHistoryCommand   command,
                                         GError           **error);

/* lambda-forms-cli's words for the same call, after the program's name: what history rerun
 * runs. */
GStrv    lf_history_command_argv        (JsonObject        *run,
                                         GError           **error);

G_END_DECLS
