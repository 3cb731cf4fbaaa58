/* lf-cli-new-form.c: lambda-forms-cli new-form: a form for a function, made from an event or
 * a schema, written to a file
 *
 *   new-form --function-name F [--event NAME | --event-file PATH | --template ID |
 *            --schema PATH] [--title TEXT] --outfile FILE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lf-aws-error.h"
#include "lf-cli-common.h"
#include "lf-cli-events.h"
#include "lf-cli.h"
#include "lf-event-templates.h"
#include "lf-form-generate.h"
#include "lf-json-util.h"

typedef struct
{
  char *function_name;
  char *event;
  char *event_file;
  char *template_id;
  char *schema;
  char *title;
  char *outfile;
} NewFormFlags;

static void
new_form_flags_clear (NewFormFlags *flags)
{
  g_free (flags->function_name);
  g_free (flags->event);
  g_free (flags->event_file);
  g_free (flags->template_id);
  g_free (flags->schema);
  g_free (flags->title);
  g_free (flags->outfile);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NewFormFlags, new_form_flags_clear)

/* The event the flags name: saved or shared, a file, or a template. */
static JsonNode *
chosen_event (NewFormFlags  *flags,
              GError       **error)
{
  g_autoptr(LfTestEvent) event = NULL;

  if (flags->event_file != NULL)
    return lf_json_parse_file (flags->event_file, error);
  if (flags->template_id != NULL)
    {
      const LfEventTemplate *template = lf_event_template_lookup (flags->template_id);

      if (template == NULL)
        {
          g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_NOT_FOUND,
                       _("There is no template “%s”: events templates lists them"),
                       flags->template_id);
          return NULL;
        }
      event = lf_event_template_load (template, error);
    }
  else
    {
      g_autoptr(LfLambdaClient) client = lf_cli_make_client (error);

      event = client ? lf_cli_lookup_event (client, flags->function_name, flags->event, error)
                     : NULL;
    }
  return event ? json_node_copy (lf_test_event_get_payload (event)) : NULL;
}

int
lf_cli_new_form (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (
    N_("— make a form for a function from an event or a schema"));
  g_auto(NewFormFlags) flags = { NULL };
  const GOptionEntry entries[] = {
    { "function-name", 0, 0, G_OPTION_ARG_STRING, &flags.function_name,
      N_("The function the form invokes"), N_("NAME") },
    { "event", 0, 0, G_OPTION_ARG_STRING, &flags.event,
      N_("A saved or shared event of the function"), N_("NAME") },
    { "event-file", 0, 0, G_OPTION_ARG_FILENAME, &flags.event_file,
      N_("An event in a JSON file"), N_("PATH") },
    { "template", 0, 0, G_OPTION_ARG_STRING, &flags.template_id,
      N_("An event-source template, as events templates lists them"), N_("ID") },
    { "schema", 0, 0, G_OPTION_ARG_FILENAME, &flags.schema,
      N_("A JSON Schema or OpenAPI 3 document of the event"), N_("PATH") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &flags.title, N_("The form's title"), N_("TEXT") },
    { "outfile", 'o', 0, G_OPTION_ARG_FILENAME, &flags.outfile, N_("Where the form is written"),
      N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  LfFormGenerateOptions options = { 0 };
  g_autoptr(JsonNode) source = NULL;
  g_autoptr(LfForm) form = NULL;
  g_autoptr(GError) error = NULL;
  int status = LF_EXIT_OK;
  guint n_sources;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!lf_cli_parse_command_line (context, &argc, &argv, "new-form", &status))
    return status;
  n_sources = (flags.event != NULL) + (flags.event_file != NULL) + (flags.template_id != NULL) +
              (flags.schema != NULL);
  if (flags.function_name == NULL || flags.outfile == NULL)
    return lf_cli_usage_error (context, "new-form",
                               _("--function-name and --outfile are required"));
  if (n_sources != 1)
    return lf_cli_usage_error (context, "new-form",
                               _("Give one of --event, --event-file, --template or --schema"));

  options.function_name = flags.function_name;
  options.account = lf_cli_globals.account ? lf_cli_globals.account : lf_cli_globals.profile;
  options.title = flags.title;
  source = flags.schema ? lf_json_parse_file (flags.schema, &error)
                        : chosen_event (&flags, &error);
  if (source != NULL && flags.schema != NULL)
    form = lf_form_generate_from_schema (&options, source, NULL, &error);
  else if (source != NULL)
    form = lf_form_generate_from_event (&options, source, &error);
  if (form == NULL || !lf_form_save_to_file (form, flags.outfile, &error))
    {
      status = lf_cli_report_error ("new-form", error);
      /* A file that is not an event or a schema is the user's input; AWS's answers keep
       * theirs. */
      return error->domain == LF_AWS_ERROR ? status : LF_EXIT_USAGE;
    }
  return LF_EXIT_OK;
}
