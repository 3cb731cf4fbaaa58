/* lf-cli-run.c: run FORM — a form run headless, its controls' values printed as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>

#include "lf-aws-error.h"
#include "lf-cli.h"
#include "lf-account-store.h"
#include "lf-cli-common.h"
#include "lf-form-runtime.h"

/* The runtime's client factory for the CLI: the global flags (--account, --profile, --region,
 * --endpoint-url) and the standard AWS_* environment decide, over whatever account the form
 * names, so one form runs against AWS, the sandbox or any compatible endpoint. With none of
 * them, the account the form names is used when it is set up here. */
static gboolean
nothing_overrides_the_form (void)
{
  static const char * const variables[] = {
    "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_LAMBDA",
  };

  if (lf_cli_globals.account != NULL || lf_cli_globals.profile != NULL ||
      lf_cli_globals.endpoint_url != NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    if (g_getenv (variables[i]) != NULL && g_getenv (variables[i])[0] != '\0')
      return FALSE;
  return TRUE;
}

static LfLambdaClient *
make_client (const char  *account_name,
             const char  *region,
             gpointer     user_data,
             GError     **error)
{
  /* The form's region override applies only when nothing more specific was given. */
  if (region != NULL && (lf_cli_globals.region == NULL || lf_cli_globals.region[0] == '\0') &&
      g_getenv ("AWS_REGION") == NULL && g_getenv ("AWS_DEFAULT_REGION") == NULL)
    {
      g_free (lf_cli_globals.region);
      lf_cli_globals.region = g_strdup (region);
    }
  if (account_name != NULL && nothing_overrides_the_form ())
    {
      g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);

      if (lf_account_store_load (store, NULL) && lf_account_store_lookup (store, account_name))
        {
          LfLambdaClient *client;

          lf_cli_globals.account = g_strdup (account_name);
          client = lf_cli_make_client (error);
          g_clear_pointer (&lf_cli_globals.account, g_free);
          return client;
        }
    }

  return lf_cli_make_client (error);
}

static gboolean
on_interrupt (gpointer user_data)
{
  fputs (_("Cancelling…\n"), stderr);
  lf_form_runtime_cancel_all (LF_FORM_RUNTIME (user_data));
  return G_SOURCE_CONTINUE;
}

static void
wait_until_idle (LfFormRuntime *runtime)
{
  while (lf_form_runtime_is_busy (runtime))
    g_main_context_iteration (NULL, TRUE);
}

/* Form and template errors are the input's fault; AWS errors keep their own statuses. */
static int
exit_status_for (const GError *error)
{
  if (error->domain == LF_AWS_ERROR)
    return lf_cli_exit_status_for (error);
  if (error->domain == LF_FORM_ERROR && error->code == LF_FORM_ERROR_ACCOUNT)
    return LF_EXIT_CREDENTIALS;
  return LF_EXIT_USAGE;
}

int
lf_cli_run (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("FORM — run a form and print its "
                                                               "controls' values"));
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfHistory) history = NULL;
  g_autoptr(LfFormRuntime) runtime = NULL;
  g_autoptr(JsonNode) values = NULL;
  g_auto(GStrv) sets = NULL;
  g_auto(GStrv) actions = NULL;
  int status = LF_EXIT_OK;
  guint sigint;
  const GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      N_("Give a control a value before anything runs (repeatable)"), N_("CONTROL=VALUE") },
    { "action", 0, 0, G_OPTION_ARG_STRING_ARRAY, &actions,
      N_("Run this action, in the order given (repeatable; default: the form's load actions)"),
      N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                N_("Loads FORM, applies the --set values, runs the --action "
                                   "actions "
                                   "(or the actions that run\non load) and everything they lead "
                                   "to, "
                                   "then prints every control's value as JSON.\nThe exit status is "
                                   "not 0 when an action failed."));
  lf_cli_add_global_entries (context);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return lf_cli_usage_error (context, "run", error->message);
  if (argc != 2)
    return lf_cli_usage_error (context, "run", argc < 2 ? _("which form? Give its file")
                                                        : _("give one form file only"));

  form = lf_form_new_from_file (argv[1], &error);
  if (form == NULL)
    {
      fprintf (stderr, _("lambda-forms-cli run: %s: %s\n"), argv[1], error->message);
      return LF_EXIT_USAGE;
    }
  /* The app opens a form with problems to have them fixed; nothing runs one headless. */
  problems = lf_form_list_problems (form);
  for (guint i = 0; i < problems->len; i++)
    fprintf (stderr, _("lambda-forms-cli run: %s: %s\n"), argv[1],
             ((GError *) problems->pdata[i])->message);
  if (problems->len > 0)
    return LF_EXIT_USAGE;

  runtime = lf_form_runtime_new (form, make_client, NULL, NULL);
  /* Nobody types here: there is nothing to wait for. */
  lf_form_runtime_set_debounce (runtime, 0);
  if (!lf_cli_globals.no_history)
    {
      g_autoptr(GError) history_error = NULL;
      g_autofree char *absolute = g_canonicalize_filename (argv[1], NULL);

      history = lf_cli_open_history (&history_error);
      if (history == NULL)
        g_printerr (_("lambda-forms-cli run: its runs are not recorded: %s\n"),
                    history_error->message);
      else
        lf_form_runtime_set_history (runtime, history, "cli", absolute);
    }

  for (guint i = 0; sets && sets[i]; i++)
    {
      const char *equals = strchr (sets[i], '=');
      g_autofree char *control = NULL;

      if (equals == NULL)
        return lf_cli_usage_error (context, "run", _("--set takes CONTROL=VALUE"));
      control = g_strndup (sets[i], equals - sets[i]);
      if (!lf_form_runtime_set_value_from_string (runtime, control, equals + 1, &error))
        return lf_cli_usage_error (context, "run", error->message);
    }
  for (guint i = 0; actions && actions[i]; i++)
    if (lf_form_find_action (form, actions[i]) == NULL)
      {
        g_autofree char *message = g_strdup_printf (_("the form has no action named “%s”"),
                                                    actions[i]);
        return lf_cli_usage_error (context, "run", message);
      }

  sigint = g_unix_signal_add (SIGINT, on_interrupt, runtime);
  lf_form_runtime_start (runtime, actions == NULL);
  wait_until_idle (runtime);
  for (guint i = 0; actions && actions[i]; i++)
    {
      /* A failure shows in the action's state, reported below with the others. */
      lf_form_runtime_run_action (runtime, actions[i], NULL);
      wait_until_idle (runtime);
    }
  g_source_remove (sigint);

  values = lf_form_runtime_dup_values (runtime);
  lf_cli_print_json (values);
  /* Every row is on disk before the command exits. */
  if (history != NULL)
    lf_history_flush (history);

  for (guint i = 0; i < lf_form_get_n_actions (form); i++)
    {
      const char *name = lf_action_get_name (lf_form_get_action (form, i));
      const GError *failure;
      g_autofree char *command = NULL;

      if (lf_form_runtime_get_action_state (runtime, name) != LF_ACTION_STATE_FAILED &&
          lf_form_runtime_get_action_state (runtime, name) != LF_ACTION_STATE_CANCELLED)
        continue;
      failure = lf_form_runtime_get_action_error (runtime, name);
      command = g_strdup_printf (_("run: action “%s”"), name);
      lf_cli_report_error (command, failure);
      if (status == LF_EXIT_OK)
        status = exit_status_for (failure);
    }
  return status;
}
