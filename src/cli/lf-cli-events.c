/* lf-cli-events.c: lambda-forms-cli events …, and the events invoke and new-form send
 *
 *   events list   --function-name F [--shared]
 *   events show   --function-name F NAME [--shared] | --template ID
 *   events save   --function-name F NAME --payload JSON|file://PATH [--invocation-type Event]
 *                 [--shared] [--force]
 *   events delete --function-name F NAME [--shared]
 *   events import --function-name F PATH [--force]
 *   events export --function-name F [NAME] --outfile PATH
 *   events templates
 *
 * Saved events are this computer's (per account, as --account, --profile or $AWS_PROFILE
 * name it); shared ones are the account's, in its Schemas registry, where the Lambda console
 * and SAM CLI keep them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lf-cli-common.h"
#include "lf-cli-events.h"
#include "lf-cli.h"
#include "lf-event-store.h"
#include "lf-event-templates.h"
#include "lf-json-util.h"
#include "lf-shared-events.h"

typedef struct
{
  char *function_name;
  char *payload;
  char *invocation_type;
  char *template_id;
  char *outfile;
  gboolean shared;
  gboolean force;
} EventsFlags;

static void
events_flags_clear (EventsFlags *flags)
{
  g_free (flags->function_name);
  g_free (flags->payload);
  g_free (flags->invocation_type);
  g_free (flags->template_id);
  g_free (flags->outfile);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EventsFlags, events_flags_clear)

LfEventStore *
lf_cli_open_event_store (void)
{
  g_autofree char *directory = lf_event_store_dup_default_directory ();

  return lf_event_store_new (directory);
}

static LfSchemasClient *
make_schemas_client (GError **error)
{
  g_autoptr(LfLambdaClient) lambda = lf_cli_make_client (error);

  return lambda ? lf_schemas_client_new_for_lambda (lambda, error) : NULL;
}

/* Waits on the main loop for the shared events of @function. */
static GPtrArray *
list_shared (LfSchemasClient  *client,
             const char       *function,
             GError          **error)
{
  LfCliRun run;
  GPtrArray *events;

  lf_cli_run_init (&run);
  lf_shared_events_list_async (client, function, run.cancellable, lf_cli_on_done, &run);
  events = lf_shared_events_list_finish (client, lf_cli_run_wait_result (&run), error);
  lf_cli_run_clear (&run);
  return events;
}

static LfTestEvent *
find_named (GPtrArray  *events,
            const char *name)
{
  for (guint i = 0; events != NULL && i < events->len; i++)
    if (g_str_equal (lf_test_event_get_name (events->pdata[i]), name))
      return g_object_ref (events->pdata[i]);
  return NULL;
}

LfTestEvent *
lf_cli_lookup_event (LfLambdaClient  *client,
                     const char      *function_name,
                     const char      *name,
                     GError         **error)
{
  g_autoptr(LfEventStore) store = lf_cli_open_event_store ();
  g_autofree char *function = lf_test_event_dup_function_name (function_name, error);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) shared = NULL;
  g_autoptr(LfSchemasClient) schemas = NULL;
  LfTestEvent *event;

  if (function == NULL)
    return NULL;
  saved = lf_event_store_list (store, lf_cli_account_in_use (), function, error);
  if (saved == NULL)
    return NULL;
  event = find_named (saved, name);
  if (event != NULL)
    return event;
  /* Not saved here: one a colleague shared through the console, perhaps. */
  schemas = lf_schemas_client_new_for_lambda (client, error);
  shared = schemas ? list_shared (schemas, function, error) : NULL;
  if (shared == NULL)
    return NULL;
  event = find_named (shared, name);
  if (event == NULL)
    g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_NOT_FOUND,
                 _("%s has no saved or shared event named “%s”"), function, name);
  return event;
}

static void
add_entries (GOptionContext *context,
             EventsFlags    *flags,
             gboolean        with_payload)
{
  const GOptionEntry entries[] = {
    { "function-name", 0, 0, G_OPTION_ARG_STRING, &flags->function_name,
      N_("The function's name or ARN"), N_("NAME") },
    { "shared", 0, 0, G_OPTION_ARG_NONE, &flags->shared,
      N_("The account's shareable events (the Lambda console's), not this computer's"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &flags->force,
      N_("Replace an event of the same name"), NULL },
    { "template", 0, 0, G_OPTION_ARG_STRING, &flags->template_id,
      N_("An event-source template, as events templates lists them"), N_("ID") },
    { "outfile", 0, 0, G_OPTION_ARG_FILENAME, &flags->outfile, N_("Where export writes"),
      N_("PATH") },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry payload_entries[] = {
    { "payload", 0, 0, G_OPTION_ARG_STRING, &flags->payload,
      N_("The event, as JSON or file://PATH"), "JSON" },
    { "invocation-type", 0, 0, G_OPTION_ARG_STRING, &flags->invocation_type,
      N_("How the event is meant to be sent: RequestResponse (default) or Event"), N_("TYPE") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (with_payload)
    g_option_context_add_main_entries (context, payload_entries, NULL);
}

/* Parses, and checks --function-name; FALSE with @status set when the command ends here. */
static gboolean
parse (GOptionContext  *context,
       EventsFlags     *flags,
       int             *argc,
       char          ***argv,
       const char      *command,
       int              max_positional,
       char           **function,
       int             *status)
{
  g_autoptr(GError) error = NULL;

  if (!lf_cli_parse_command_line_positional (context, argc, argv, command, max_positional,
                                             status))
    return FALSE;
  if (flags->function_name == NULL)
    {
      *status = lf_cli_usage_error (context, command, _("--function-name is required"));
      return FALSE;
    }
  *function = lf_test_event_dup_function_name (flags->function_name, &error);
  if (*function == NULL)
    {
      *status = lf_cli_report_error (command, error);
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
describe_event (LfTestEvent *event,
                gboolean     with_payload)
{
  JsonObject *object = json_object_new ();
  static const char * const origins[] = { "saved", "shared", "template", "recent" };
  const char *type = lf_test_event_get_invocation_type (event);

  json_object_set_string_member (object, "Name", lf_test_event_get_name (event));
  json_object_set_string_member (object, "Origin", origins[lf_test_event_get_origin (event)]);
  if (type != NULL)
    json_object_set_string_member (object, "InvocationType", type);
  if (lf_test_event_get_origin (event) == LF_TEST_EVENT_TEMPLATE)
    json_object_set_string_member (object, "Title", lf_test_event_get_title (event));
  if (with_payload)
    json_object_set_member (object, "Payload", json_node_copy (lf_test_event_get_payload (event)));
  return lf_json_node_take_object (object);
}

static void
print_events (GPtrArray *events)
{
  JsonObject *root = json_object_new ();
  JsonArray *list = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < events->len; i++)
    json_array_add_element (list, describe_event (events->pdata[i], FALSE));
  json_object_set_array_member (root, "Events", list);
  node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);
  lf_cli_print_json (node);
}

static int
events_list (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— list a function's events"));
  g_auto(EventsFlags) flags = { NULL };
  g_autofree char *function = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  int status = LF_EXIT_OK;

  add_entries (context, &flags, FALSE);
  if (!parse (context, &flags, &argc, &argv, "events list", 0, &function, &status))
    return status;
  if (flags.shared)
    {
      g_autoptr(LfSchemasClient) client = make_schemas_client (&error);

      events = client ? list_shared (client, function, &error) : NULL;
    }
  else
    {
      g_autoptr(LfEventStore) store = lf_cli_open_event_store ();

      events = lf_event_store_list (store, lf_cli_account_in_use (), function, &error);
    }
  if (events == NULL)
    return lf_cli_report_error ("events list", error);
  print_events (events);
  return LF_EXIT_OK;
}

static int
events_show (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("NAME — print an event"));
  g_auto(EventsFlags) flags = { NULL };
  g_autofree char *function = NULL;
  g_autoptr(LfTestEvent) event = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  int status = LF_EXIT_OK;

  add_entries (context, &flags, FALSE);
  if (!lf_cli_parse_command_line_positional (context, &argc, &argv, "events show", 1, &status))
    return status;
  if (flags.template_id != NULL)
    {
      const LfEventTemplate *template = lf_event_template_lookup (flags.template_id);

      if (template == NULL)
        return lf_cli_usage_error (context, "events show",
                                   _("No such template: events templates lists them"));
      event = lf_event_template_load (template, &error);
    }
  else if (argc < 2 || flags.function_name == NULL)
    return lf_cli_usage_error (context, "events show",
                               _("events show takes --function-name and an event's name, or "
                                 "--template"));
  else if ((function = lf_test_event_dup_function_name (flags.function_name, &error)) == NULL)
    ;
  else if (flags.shared)
    {
      g_autoptr(LfSchemasClient) client = make_schemas_client (&error);
      g_autoptr(GPtrArray) events = client ? list_shared (client, function, &error) : NULL;

      event = find_named (events, argv[1]);
      if (events != NULL && event == NULL)
        g_set_error (&error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_NOT_FOUND,
                     _("There is no shared event named “%s”"), argv[1]);
    }
  else
    {
      g_autoptr(LfEventStore) store = lf_cli_open_event_store ();

      event = lf_event_store_lookup (store, lf_cli_account_in_use (), function, argv[1], &error);
    }
  if (event == NULL)
    return lf_cli_report_error ("events show", error);
  node = describe_event (event, TRUE);
  lf_cli_print_json (node);
  return LF_EXIT_OK;
}

static JsonNode *
read_payload (const char  *argument,
              GError     **error)
{
  if (g_str_has_prefix (argument, "file://"))
    return lf_json_parse_file (argument + strlen ("file://"), error);
  return lf_json_parse (argument, -1, error);
}

static gboolean
save_shared (const char   *function,
             LfTestEvent  *event,
             gboolean      replace,
             GError      **error)
{
  g_autoptr(LfSchemasClient) client = make_schemas_client (error);
  LfCliRun run;
  gboolean saved;

  if (client == NULL)
    return FALSE;
  lf_cli_run_init (&run);
  lf_shared_events_save_async (client, function, event, replace, run.cancellable,
                               lf_cli_on_done, &run);
  saved = lf_shared_events_change_finish (client, lf_cli_run_wait_result (&run), error);
  lf_cli_run_clear (&run);
  return saved;
}

static int
events_save (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("NAME — save an event"));
  g_auto(EventsFlags) flags = { NULL };
  g_autofree char *function = NULL;
  g_autoptr(LfTestEvent) event = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saved;
  int status = LF_EXIT_OK;

  add_entries (context, &flags, TRUE);
  if (!parse (context, &flags, &argc, &argv, "events save", 1, &function, &status))
    return status;
  if (argc < 2 || flags.payload == NULL)
    return lf_cli_usage_error (context, "events save",
                               _("events save takes the event's name and --payload"));
  if (flags.invocation_type != NULL && !g_str_equal (flags.invocation_type, "RequestResponse") &&
      !g_str_equal (flags.invocation_type, "Event"))
    return lf_cli_usage_error (context, "events save",
                               _("--invocation-type must be RequestResponse or Event"));
  payload = read_payload (flags.payload, &error);
  if (payload == NULL || !lf_test_event_check_name (argv[1], &error))
    return lf_cli_report_error ("events save", error);
  event = lf_test_event_new (argv[1], payload, LF_TEST_EVENT_SAVED);
  lf_test_event_set_invocation_type (event, flags.invocation_type);
  if (flags.shared)
    saved = save_shared (function, event, flags.force, &error);
  else
    {
      g_autoptr(LfEventStore) store = lf_cli_open_event_store ();

      saved = lf_event_store_save (store, lf_cli_account_in_use (), function, event, flags.force,
                                   &error);
    }
  if (!saved)
    return lf_cli_report_error ("events save", error);
  return LF_EXIT_OK;
}

static int
events_delete (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("NAME — delete an event"));
  g_auto(EventsFlags) flags = { NULL };
  g_autofree char *function = NULL;
  g_autoptr(GError) error = NULL;
  gboolean deleted;
  int status = LF_EXIT_OK;

  add_entries (context, &flags, FALSE);
  if (!parse (context, &flags, &argc, &argv, "events delete", 1, &function, &status))
    return status;
  if (argc < 2)
    return lf_cli_usage_error (context, "events delete", _("events delete takes a name"));
  if (flags.shared)
    {
      g_autoptr(LfSchemasClient) client = make_schemas_client (&error);
      LfCliRun run;

      if (client == NULL)
        return lf_cli_report_error ("events delete", error);
      lf_cli_run_init (&run);
      lf_shared_events_delete_async (client, function, argv[1], run.cancellable, lf_cli_on_done,
                                     &run);
      deleted = lf_shared_events_change_finish (client, lf_cli_run_wait_result (&run), &error);
      lf_cli_run_clear (&run);
    }
  else
    {
      g_autoptr(LfEventStore) store = lf_cli_open_event_store ();

      deleted = lf_event_store_delete (store, lf_cli_account_in_use (), function, argv[1], &error);
    }
  if (!deleted)
    return lf_cli_report_error ("events delete", error);
  return LF_EXIT_OK;
}

static int
events_import (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("PATH — add the events of a file"));
  g_auto(EventsFlags) flags = { NULL };
  g_autofree char *function = NULL;
  g_autoptr(LfEventStore) store = lf_cli_open_event_store ();
  g_autoptr(GError) error = NULL;
  int status = LF_EXIT_OK;
  guint n = 0;

  add_entries (context, &flags, FALSE);
  if (!parse (context, &flags, &argc, &argv, "events import", 1, &function, &status))
    return status;
  if (argc < 2)
    return lf_cli_usage_error (context, "events import", _("events import takes a file"));
  if (!lf_event_store_import (store, lf_cli_account_in_use (), function, argv[1], flags.force, &n,
                              &error))
    return lf_cli_report_error ("events import", error);
  g_print (ngettext ("Imported %u event\n", "Imported %u events\n", n), n);
  return LF_EXIT_OK;
}

static int
events_export (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (
    N_("[NAME] — write one event, or all of a function's"));
  g_auto(EventsFlags) flags = { NULL };
  g_autofree char *function = NULL;
  g_autoptr(LfEventStore) store = lf_cli_open_event_store ();
  g_autoptr(GError) error = NULL;
  int status = LF_EXIT_OK;

  add_entries (context, &flags, FALSE);
  if (!parse (context, &flags, &argc, &argv, "events export", 1, &function, &status))
    return status;
  if (flags.outfile == NULL)
    return lf_cli_usage_error (context, "events export", _("--outfile is required"));
  if (!lf_event_store_export (store, lf_cli_account_in_use (), function,
                              argc > 1 ? argv[1] : NULL, flags.outfile, &error))
    return lf_cli_report_error ("events export", error);
  return LF_EXIT_OK;
}

static int
events_templates (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— list the event templates"));
  g_autoptr(GPtrArray) events = NULL;
  int status = LF_EXIT_OK;

  if (!lf_cli_parse_command_line (context, &argc, &argv, "events templates", &status))
    return status;
  events = lf_event_templates_load_all ();
  print_events (events);
  return LF_EXIT_OK;
}

typedef struct
{
  const char *name;
  int       (*run) (int    argc,
                    char **argv);
} EventsCommand;

static const EventsCommand events_commands[] = {
  { "list", events_list },
  { "show", events_show },
  { "save", events_save },
  { "delete", events_delete },
  { "import", events_import },
  { "export", events_export },
  { "templates", events_templates },
};

int
lf_cli_events (int    argc,
               char **argv)
{
  for (guint i = 0; argc > 1 && i < G_N_ELEMENTS (events_commands); i++)
    if (g_str_equal (argv[1], events_commands[i].name))
      return events_commands[i].run (argc - 1, argv + 1);
  g_printerr (_("Usage: lambda-forms-cli events list|show|save|delete|import|export|templates "
                "--function-name NAME [OPTION…]\n"));
  return LF_EXIT_USAGE;
}
