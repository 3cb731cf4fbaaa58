/* lf-cli-history.c: lambda-forms-cli history, and the recording of the CLI's own runs
 *
 *   history list [--function F] [--status S] [--since T] [--search TEXT] [--limit N]
 *   history show ID [--as aws|curl|cli]
 *   history diff ID ID [--request]
 *   history rerun ID [--yes] [OPTION…]
 *   history export [--format jsonl]
 *   history clear
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "lf-aws-error.h"
#include "lf-cli.h"
#include "lf-cli-common.h"
#include "lf-history-command.h"
#include "lf-json-diff.h"
#include "lf-json-util.h"
#include "lf-run-error.h"

/* Recording ****************************************************************************************/

LfHistory *
lf_cli_open_history (GError **error)
{
  g_autofree char *path = lf_history_default_path ();
  LfHistory *history = lf_history_open (path, error);

  if (history != NULL && lf_history_get_moved_aside (history) != NULL)
    g_printerr (_("lambda-forms-cli: the run history was damaged; it was kept as %s and a new "
                  "one started\n"), lf_history_get_moved_aside (history));
  return history;
}

void
lf_cli_run_record (LfCliRun *run,
                   JsonNode *request)
{
  g_autoptr(JsonNode) owned = request;
  g_autoptr(JsonObject) start = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (request) ? json_node_get_object (request) : NULL;
  const char *host = object ? lf_json_object_get_string_member_or_null (object, "host") : NULL;

  if (lf_cli_globals.no_history || object == NULL)
    return;
  run->history = lf_cli_open_history (&error);
  if (run->history == NULL)
    {
      g_printerr (_("lambda-forms-cli: this run is not recorded: %s\n"), error->message);
      return;
    }
  start = json_object_new ();
  json_object_set_string_member (start, "source", "cli");
  json_object_set_string_member (start, "account", lf_cli_account_in_use ());
  if (host != NULL)
    json_object_set_string_member (start, "endpoint", host);
  json_object_set_member (start, "request", json_node_ref (request));
  run->history_run = lf_history_start_run (run->history, start);
}

void
lf_cli_run_record_end (LfCliRun *run)
{
  g_autoptr(JsonObject) end = NULL;
  g_autoptr(JsonNode) invoke = NULL;
  const char *state = "succeeded";

  if (run->history_run == NULL)
    return;
  end = json_object_new ();
  if (run->error != NULL)
    {
      state = g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled"
                                                                              : "failed";
      json_object_set_member (end, "error", lf_run_error_to_json (run->error));
    }
  if (run->invoke_result != NULL)
    {
      invoke = lf_invoke_result_to_json (run->invoke_result);
      json_object_set_member (end, "data", json_node_ref (invoke));
    }
  else if (run->output != NULL)
    json_object_set_member (end, "data", json_node_ref (run->output));
  json_object_set_string_member (end, "state", state);
  lf_history_end_run (run->history, run->history_run, end);
  g_clear_pointer (&run->history_run, lf_history_run_unref);
}

/* history list **************************************************************************/

/* "2026-12-03", "2026-12-03T10:00:00Z" or a span back from now: "30m", "2h", "7d". */
static gboolean
parse_since (const char *text,
             gint64     *since_us)
{
  char *end = NULL;
  gint64 amount = g_ascii_strtoll (text, &end, 10);
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *full = NULL;

  if (end != text && amount >= 0 && end[0] != '\0' && end[1] == '\0' && strchr ("mhd", *end))
    {
      gint64 unit = *end == 'm' ? 60 : *end == 'h' ? 3600 : 86400;

      *since_us = g_get_real_time () - amount * unit * G_USEC_PER_SEC;
      return TRUE;
    }
  full = strlen (text) == 10 ? g_strconcat (text, "T00:00:00", NULL) : g_strdup (text);
  when = g_date_time_new_from_iso8601 (full, utc);
  if (when == NULL)
    return FALSE;
  *since_us = g_date_time_to_unix (when) * G_USEC_PER_SEC;
  return TRUE;
}

static int
history_list (LfHistory  *history,
              int         argc,
              char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— list the runs recorded here"));
  g_autofree char *function = NULL;
  g_autofree char *state = NULL;
  g_autofree char *since = NULL;
  g_autofree char *search = NULL;
  g_autofree char *account = NULL;
  g_autoptr(JsonArray) runs = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  LfHistoryQuery query = { 0 };
  int limit = 50;
  int status = LF_EXIT_OK;
  const GOptionEntry entries[] = {
    { "function", 0, 0, G_OPTION_ARG_STRING, &function, N_("Only runs of this function"),
      N_("NAME") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &state,
      N_("Only runs that ended so: succeeded, failed, cancelled or running"), N_("STATUS") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since,
      N_("Only runs since a date (2026-12-03) or a span back (30m, 2h, 7d)"), N_("WHEN") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only runs whose function, payload, answer or error has these words"), N_("TEXT") },
    { "for-account", 0, 0, G_OPTION_ARG_STRING, &account, N_("Only runs with this account"),
      N_("NAME") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many runs (default 50)"),
      N_("N") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!lf_cli_parse_command_line (context, &argc, &argv, "history list", &status))
    return status;
  if (limit <= 0)
    return lf_cli_usage_error (context, "history list", _("--limit must be a positive number"));
  if (state != NULL && !g_strv_contains ((const char *[]) { "succeeded", "failed", "cancelled",
                                                            "running", NULL }, state))
    return lf_cli_usage_error (context, "history list",
                               _("--status is succeeded, failed, cancelled or running"));
  if (since != NULL && !parse_since (since, &query.since_us))
    return lf_cli_usage_error (context, "history list",
                               _("--since takes a date such as 2026-12-03 or a span such as 2h"));
  query.function = function;
  query.state = state;
  query.account = account;
  query.search = search;
  query.limit = limit;
  runs = lf_history_list (history, &query, &error);
  if (runs == NULL)
    return lf_cli_report_error ("history list", error);
  node = json_node_init_array (json_node_alloc (), runs);
  lf_cli_print_json (node);
  return LF_EXIT_OK;
}

/* history show, export, clear ***********************************************************/

/* A positional run id, as history list gives them. */
static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;

  *id = text ? g_ascii_strtoll (text, &end, 10) : 0;
  return text != NULL && end != text && *end == '\0' && *id > 0;
}

static int
history_show (LfHistory  *history,
              int         argc,
              char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("ID — show one run, whole"));
  g_autofree char *as = NULL;
  g_autoptr(JsonObject) run = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  LfHistoryCommand command = LF_HISTORY_COMMAND_AWS;
  int status = LF_EXIT_OK;
  gint64 id;
  const GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, &as,
      N_("The run as a command to paste into bash: aws, curl or cli"), N_("KIND") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!lf_cli_parse_command_line_positional (context, &argc, &argv, "history show", 1, &status))
    return status;
  if (argc < 2 || !parse_id (argv[1], &id))
    return lf_cli_usage_error (context, "history show",
                               _("history show takes the id of a run, as history list gives"));
  if (as != NULL && !lf_history_command_from_string (as, &command))
    return lf_cli_usage_error (context, "history show", _("--as takes aws, curl or cli"));
  run = lf_history_get (history, id, &error);
  if (run == NULL)
    return lf_cli_report_error ("history show", error);
  if (as != NULL)
    {
      g_autofree char *line = lf_history_command_for (run, command, &error);

      if (line == NULL)
        return lf_cli_report_error ("history show", error);
      printf ("%s\n", line);
      return LF_EXIT_OK;
    }
  node = json_node_init_object (json_node_alloc (), run);
  lf_cli_print_json (node);
  return LF_EXIT_OK;
}

/* What two runs answered (or asked, with --request), as the changes from the first. */
static JsonNode *
side_of (JsonObject *run,
         gboolean    request)
{
  const char *text = lf_json_object_get_string_member_or_null (run, "response");
  JsonNode *node;

  if (request)
    return json_object_has_member (run, "request") ? json_object_dup_member (run, "request")
                                                  : json_node_init_null (json_node_alloc ());
  if (text == NULL)
    return json_node_init_null (json_node_alloc ());
  node = lf_json_parse (text, -1, NULL);
  return node ? node : json_node_init_string (json_node_alloc (), text);
}

static int
history_diff (LfHistory  *history,
              int         argc,
              char      **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("ID ID — what changed from one run's answer to another's"));
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gboolean request = FALSE;
  int status = LF_EXIT_OK;
  gint64 ids[2];
  const GOptionEntry entries[] = {
    { "request", 0, 0, G_OPTION_ARG_NONE, &request,
      N_("Compare what was sent instead of what came back"), NULL },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!lf_cli_parse_command_line_positional (context, &argc, &argv, "history diff", 2, &status))
    return status;
  if (argc < 3 || !parse_id (argv[1], &ids[0]) || !parse_id (argv[2], &ids[1]))
    return lf_cli_usage_error (context, "history diff",
                               _("history diff takes the ids of two runs"));
  if ((first = lf_history_get (history, ids[0], &error)) == NULL ||
      (second = lf_history_get (history, ids[1], &error)) == NULL)
    return lf_cli_report_error ("history diff", error);
  before = side_of (first, request);
  after = side_of (second, request);
  json_object_set_int_member (result, "before", ids[0]);
  json_object_set_int_member (result, "after", ids[1]);
  json_object_set_string_member (result, "of", request ? "request" : "response");
  json_object_set_array_member (result, "changes", lf_json_diff (before, after));
  node = json_node_init_object (json_node_alloc (), result);
  lf_cli_print_json (node);
  return LF_EXIT_OK;
}

/* Every run, whole, one JSON object a line, oldest first: what another tool reads. */
static int
history_export (LfHistory  *history,
                int         argc,
                char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— print every run, a line each"));
  g_autofree char *format = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  LfHistoryQuery query = { .limit = 1000 };
  int status = LF_EXIT_OK;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("jsonl (the only one)"), "jsonl" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!lf_cli_parse_command_line (context, &argc, &argv, "history export", &status))
    return status;
  if (format != NULL && !g_str_equal (format, "jsonl"))
    return lf_cli_usage_error (context, "history export", _("--format takes only jsonl"));

  /* Paged by id, so any number of runs goes through in bounded memory. */
  for (;;)
    {
      g_autoptr(JsonArray) page = lf_history_list (history, &query, &error);
      guint n;

      if (page == NULL)
        return lf_cli_report_error ("history export", error);
      n = json_array_get_length (page);
      for (guint i = 0; i < n; i++)
        {
          gint64 id = json_object_get_int_member (json_array_get_object_element (page, i), "id");

          g_ptr_array_add (ids, GSIZE_TO_POINTER ((gsize) id));
        }
      if (n < query.limit)
        break;
      query.before_id = (gint64) GPOINTER_TO_SIZE (g_ptr_array_index (ids, ids->len - 1));
    }
  for (guint i = ids->len; i-- > 0;)
    {
      g_autoptr(JsonObject) run = lf_history_get (history,
                                                  (gint64) GPOINTER_TO_SIZE (ids->pdata[i]),
                                                  &error);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *line = NULL;

      /* Cleared meanwhile by another process: nothing to print. */
      if (run == NULL)
        {
          g_clear_error (&error);
          continue;
        }
      node = json_node_init_object (json_node_alloc (), run);
      line = lf_json_to_text (node, 0);
      printf ("%s\n", line);
    }
  return LF_EXIT_OK;
}

static int
history_clear (LfHistory  *history,
               int         argc,
               char      **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— forget every run"));
  g_autoptr(GError) error = NULL;
  int status = LF_EXIT_OK;

  if (!lf_cli_parse_command_line (context, &argc, &argv, "history clear", &status))
    return status;
  if (!lf_history_clear (history, &error))
    return lf_cli_report_error ("history clear", error);
  return LF_EXIT_OK;
}

/* history rerun ****************************************************************************/

/* The account the options after the id choose, as lf_cli_make_client () will read them. */
static const char *
account_chosen (int    argc,
                char **argv)
{
  const char *chosen = NULL;

  for (int i = 0; i < argc; i++)
    for (guint k = 0; k < 2; k++)
      {
        const char *option = k == 0 ? "--account" : "--profile";
        gsize n = strlen (option);

        if (strncmp (argv[i], option, n) != 0)
          continue;
        if (argv[i][n] == '=')
          chosen = argv[i] + n + 1;
        else if (argv[i][n] == '\0' && i + 1 < argc)
          chosen = argv[i + 1];
      }
  if (chosen == NULL)
    chosen = g_getenv ("AWS_PROFILE") ? g_getenv ("AWS_PROFILE") : "default";
  return chosen;
}

/* Sends the recorded call again, through the command that would send it today (and is
 * recorded again). The options after the id (--account, --endpoint-url, --region…) win over
 * the recorded ones. Another account than the recorded one, or a delete, needs --yes. */
static int
history_rerun (LfHistory  *history,
               int         argc,
               char      **argv)
{
  static const struct { const char *command; int (*run) (int, char **); } commands[] = {
    { "invoke", lf_cli_invoke }, { "list-functions", lf_cli_list_functions },
    { "get-function", lf_cli_get_function }, { "delete-function", lf_cli_delete_function },
  };
  g_autoptr(JsonObject) run = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *recorded;
  const char *chosen;
  gboolean yes = FALSE;
  gint64 id;

  if (argc < 2 || !parse_id (argv[1], &id))
    {
      g_printerr (_("lambda-forms-cli history rerun: it takes the id of a run, as history list "
                    "gives\n"));
      return LF_EXIT_USAGE;
    }
  run = lf_history_get (history, id, &error);
  words = run ? lf_history_command_argv (run, &error) : NULL;
  if (words == NULL)
    return lf_cli_report_error ("history rerun", error);
  for (guint i = 0; words[i]; i++)
    g_ptr_array_add (args, words[i]);
  for (int i = 2; i < argc; i++)
    if (g_str_equal (argv[i], "--yes"))
      yes = TRUE;
    else
      g_ptr_array_add (args, argv[i]);

  recorded = lf_json_object_get_string_member_or_null (run, "account");
  chosen = account_chosen (argc - 2, argv + 2);
  if (!yes && recorded != NULL && !g_str_equal (recorded, chosen))
    {
      g_printerr (_("lambda-forms-cli history rerun: run %s was sent with the account “%s”; "
                    "add --yes to send it with “%s”\n"), argv[1], recorded, chosen);
      return LF_EXIT_USAGE;
    }
  if (!yes && g_str_equal (words[0], "delete-function"))
    {
      g_printerr (_("lambda-forms-cli history rerun: run %s deleted a function; add --yes to "
                    "delete it again\n"), argv[1]);
      return LF_EXIT_USAGE;
    }
  g_ptr_array_add (args, NULL);
  /* The command opens the history again to record this run: a second connection. */
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (words[0], commands[i].command))
      return commands[i].run ((int) args->len - 1, (char **) args->pdata);
  return LF_EXIT_USAGE;
}

typedef struct
{
  const char *name;
  int       (*run) (LfHistory *history,
                    int        argc,
                    char     **argv);
} HistoryCommand;

static const HistoryCommand history_commands[] = {
  { "list", history_list },
  { "show", history_show },
  { "diff", history_diff },
  { "rerun", history_rerun },
  { "export", history_export },
  { "clear", history_clear },
};

int
lf_cli_history (int    argc,
                char **argv)
{
  g_autoptr(LfHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; argc > 1 && i < G_N_ELEMENTS (history_commands); i++)
    if (g_str_equal (argv[1], history_commands[i].name))
      {
        history = lf_cli_open_history (&error);
        if (history == NULL)
          return lf_cli_report_error ("history", error);
        return history_commands[i].run (history, argc - 1, argv + 1);
      }
  g_printerr (_("Usage: lambda-forms-cli history list|show ID|diff ID ID|rerun ID|export|"
                "clear [OPTION…]\n"));
  return LF_EXIT_USAGE;
}
