/* lf-cli-accounts.c: lambda-forms-cli accounts list | show | add | remove | test
 *
 * Secrets come from a prompt without echo or from standard input (--secret-stdin), never
 * from a flag, and nothing here prints one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "lf-account-store.h"
#include "lf-aws-error.h"
#include "lf-cli.h"
#include "lf-cli-common.h"
#include "lf-credentials.h"

#define COMMAND "accounts"

static int
usage (void)
{
  fputs (_("Usage: lambda-forms-cli accounts list\n"
           "       lambda-forms-cli accounts show NAME\n"
           "       lambda-forms-cli accounts add NAME --type TYPE --region REGION [OPTION…]\n"
           "       lambda-forms-cli accounts remove NAME\n"
           "       lambda-forms-cli accounts test NAME\n"
           "\n"
           "TYPE is access-key, profile, instance-role, assume-role, roles-anywhere or sandbox.\n"
           "Run “lambda-forms-cli accounts add --help” for the settings of each type.\n"),
         stderr);
  return LF_EXIT_USAGE;
}

static LfAccountStore *
open_store (int *status)
{
  g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);
  g_autoptr(GError) error = NULL;

  if (!lf_account_store_load (store, &error))
    {
      *status = lf_cli_report_error (COMMAND, error);
      return NULL;
    }
  return g_steal_pointer (&store);
}

/* A command about one account takes NAME first, then its flags. FALSE with @status set when
 * the command goes no further. */
static gboolean
parse_name_and_flags (GOptionContext   *context,
                      const char       *command,
                      int              *argc,
                      char           ***argv,
                      const char      **name,
                      int              *status)
{
  if (*argc < 2 || (*argv)[1][0] == '-')
    {
      *status = usage ();
      return FALSE;
    }
  *name = (*argv)[1];
  (*argv)[1] = (*argv)[0];
  (*argc)--;
  (*argv)++;
  if (!lf_cli_parse_command_line (context, argc, argv, command, status))
    return FALSE;
  if (lf_cli_globals.debug)
    g_log_set_debug_enabled (TRUE);
  return TRUE;
}

/* The start of a command about one account: NAME, then the flags, then the store. NULL with
 * @status set when the command goes no further. */
static LfAccountStore *
open_store_for (GOptionContext   *context,
                const char       *command,
                int              *argc,
                char           ***argv,
                const char      **name,
                int              *status)
{
  if (!parse_name_and_flags (context, command, argc, argv, name, status))
    return NULL;
  return open_store (status);
}

static gboolean
store_secret (LfAccountStore  *store,
              const char      *name,
              LfSecretKind     kind,
              const char      *secret,
              GError         **error)
{
  LfCliRun run;
  gboolean ok;

  lf_cli_run_init (&run);
  lf_account_store_store_secret_async (store, name, kind, secret, run.cancellable,
                                       lf_cli_on_done, &run);
  ok = lf_account_store_store_secret_finish (store, lf_cli_run_wait_result (&run), error);
  lf_cli_run_clear (&run);
  return ok;
}

static JsonNode *
secret_state (LfAccountStore *store,
              const char     *name,
              LfSecretKind    kind)
{
  LfCliRun run;
  JsonNode *state = json_node_new (JSON_NODE_VALUE);
  char *secret;

  lf_cli_run_init (&run);
  lf_account_store_lookup_secret_async (store, name, kind, run.cancellable, lf_cli_on_done, &run);
  secret = lf_account_store_lookup_secret_finish (store, lf_cli_run_wait_result (&run),
                                                  &run.error);
  /* Only whether it is there matters: the value is wiped at once. */
  json_node_set_string (state, run.error ? "unknown (keyring unreachable)"
                               : secret ? "in the keyring" : "missing");
  lf_secret_wipe (secret);
  lf_cli_run_clear (&run);
  return state;
}

/* list ------------------------------------------------------------------------------------- */

static int
accounts_list (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— list the accounts"));
  g_autoptr(LfAccountStore) store = NULL;
  GListModel *accounts;
  int status = LF_EXIT_OK;

  if (!lf_cli_parse_command_line (context, &argc, &argv, COMMAND " list", &status))
    return status;
  if (lf_cli_globals.debug)
    g_log_set_debug_enabled (TRUE);
  store = open_store (&status);
  if (store == NULL)
    return status;

  accounts = lf_account_store_get_accounts (store);
  if (g_list_model_get_n_items (accounts) == 0)
    {
      fprintf (stderr, _("No accounts yet: add one with “lambda-forms-cli accounts add”.\n"));
      return LF_EXIT_OK;
    }
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(LfAccount) account = g_list_model_get_item (accounts, i);

      printf ("%-24s %-15s %-16s%s%s\n", lf_account_get_name (account),
              lf_auth_type_to_string (lf_account_get_auth_type (account)),
              lf_account_get_region (account),
              lf_account_get_endpoint_url (account) ? lf_account_get_endpoint_url (account) : "",
              lf_account_get_is_default (account) ? _(" (default)") : "");
    }
  return LF_EXIT_OK;
}

/* show ------------------------------------------------------------------------------------- */

static int
accounts_show (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("NAME — show an account's settings"));
  g_autoptr(LfAccountStore) store = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  LfAccount *account;
  const char *name;
  int status = LF_EXIT_OK;

  store = open_store_for (context, COMMAND " show", &argc, &argv, &name, &status);
  if (store == NULL)
    return status;
  account = lf_account_store_lookup (store, name);
  if (account == NULL)
    {
      fprintf (stderr, _("lambda-forms-cli accounts show: there is no account named “%s”\n"), name);
      return LF_EXIT_USAGE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, lf_account_get_name (account));
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder,
                                 lf_auth_type_to_string (lf_account_get_auth_type (account)));
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, lf_account_get_region (account));
  if (lf_account_get_endpoint_url (account) != NULL)
    {
      json_builder_set_member_name (builder, "endpoint_url");
      json_builder_add_string_value (builder, lf_account_get_endpoint_url (account));
      json_builder_set_member_name (builder, "allow_plain_http");
      json_builder_add_boolean_value (builder, lf_account_get_allow_plain_http (account));
    }
  if (lf_account_get_ca_file (account) != NULL)
    {
      json_builder_set_member_name (builder, "ca_file");
      json_builder_add_string_value (builder, lf_account_get_ca_file (account));
    }
  json_builder_set_member_name (builder, "default");
  json_builder_add_boolean_value (builder, lf_account_get_is_default (account));
  if (lf_account_get_duration_seconds (account) != 0)
    {
      json_builder_set_member_name (builder, "duration_seconds");
      json_builder_add_int_value (builder, lf_account_get_duration_seconds (account));
    }
  for (guint f = 0; f < LF_ACCOUNT_N_FIELDS; f++)
    {
      if (lf_account_get_field (account, f) == NULL)
        continue;
      json_builder_set_member_name (builder, lf_account_field_get_key (f));
      json_builder_add_string_value (builder, lf_account_get_field (account, f));
    }

  /* Whether each secret is stored, never its value. */
  if (lf_account_get_auth_type (account) == LF_AUTH_ACCESS_KEY ||
      lf_account_get_auth_type (account) == LF_AUTH_ROLES_ANYWHERE)
    {
      json_builder_set_member_name (builder, "secrets");
      json_builder_begin_object (builder);
      if (lf_account_get_auth_type (account) == LF_AUTH_ACCESS_KEY)
        {
          json_builder_set_member_name (builder, "secret-access-key");
          json_builder_add_value (builder, secret_state (store, name, LF_SECRET_ACCESS_KEY));
          json_builder_set_member_name (builder, "session-token");
          json_builder_add_value (builder, secret_state (store, name, LF_SECRET_SESSION_TOKEN));
        }
      else
        {
          json_builder_set_member_name (builder, "key-passphrase");
          json_builder_add_value (builder, secret_state (store, name, LF_SECRET_KEY_PASSPHRASE));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  lf_cli_print_json (root);
  return LF_EXIT_OK;
}

/* add -------------------------------------------------------------------------------------- */

/* add's flags: the fixed ones, then one a type-specific field (--role-arn, --certificate-path…) */
typedef struct
{
  char *type_text;
  char *region;
  char *endpoint;
  char *ca_file;
  gboolean allow_http;
  gboolean make_default;
  gboolean secret_stdin;
  gboolean with_token;
  gboolean with_passphrase;
  int duration;
  char *fields[LF_ACCOUNT_N_FIELDS];
  char flag_names[LF_ACCOUNT_N_FIELDS][32];
} AddFlags;

static void
add_flags_clear (AddFlags *flags)
{
  g_clear_pointer (&flags->type_text, g_free);
  g_clear_pointer (&flags->region, g_free);
  g_clear_pointer (&flags->endpoint, g_free);
  g_clear_pointer (&flags->ca_file, g_free);
  for (guint f = 0; f < LF_ACCOUNT_N_FIELDS; f++)
    g_clear_pointer (&flags->fields[f], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AddFlags, add_flags_clear)

static void
add_entries (GOptionContext *context,
             AddFlags       *flags)
{
  g_autoptr(GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  const GOptionEntry fixed[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &flags->type_text,
      N_("access-key, profile, instance-role, assume-role, roles-anywhere or sandbox"),
      N_("TYPE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &flags->region, N_("The account's region"),
      N_("REGION") },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &flags->endpoint,
      N_("A custom endpoint URL (plain http only on loopback without --allow-http)"), N_("URL") },
    { "allow-http", 0, 0, G_OPTION_ARG_NONE, &flags->allow_http,
      N_("Allow plain http to another machine"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &flags->ca_file,
      N_("A CA certificate for a self-hosted TLS endpoint"), N_("FILE") },
    { "default", 0, 0, G_OPTION_ARG_NONE, &flags->make_default, N_("Make it the default account"),
      NULL },
    { "duration-seconds", 0, 0, G_OPTION_ARG_INT, &flags->duration,
      N_("Session length of assume-role and roles-anywhere"), N_("SECONDS") },
    { "secret-stdin", 0, 0, G_OPTION_ARG_NONE, &flags->secret_stdin,
      N_("Read secrets from standard input, one a line, instead of a prompt"), NULL },
    { "with-session-token", 0, 0, G_OPTION_ARG_NONE, &flags->with_token,
      N_("access-key: also ask for a session token"), NULL },
    { "with-passphrase", 0, 0, G_OPTION_ARG_NONE, &flags->with_passphrase,
      N_("roles-anywhere: the private key is encrypted; ask for its passphrase"), NULL },
  };

  g_array_append_vals (entries, fixed, G_N_ELEMENTS (fixed));
  for (guint f = 0; f < LF_ACCOUNT_N_FIELDS; f++)
    {
      GOptionEntry entry = { 0 };

      g_strlcpy (flags->flag_names[f], lf_account_field_get_key (f), sizeof flags->flag_names[f]);
      g_strdelimit (flags->flag_names[f], "_", '-');
      entry.long_name = flags->flag_names[f];
      entry.arg = G_OPTION_ARG_STRING;
      entry.arg_data = &flags->fields[f];
      entry.description = N_("A setting of the type (see the README)");
      entry.arg_description = N_("VALUE");
      g_array_append_val (entries, entry);
    }
  g_option_context_add_main_entries (context, (GOptionEntry *) entries->data, NULL);
}

/* The flags' type, checked with the rest of them; FALSE with @status set when they are wrong.
 * --endpoint-url, every other command's name for --endpoint, means the same here. */
static gboolean
check_add_flags (GOptionContext *context,
                 AddFlags       *flags,
                 LfAuthType     *type,
                 int            *status)
{
  const char *problem = NULL;

  if (flags->type_text == NULL || !lf_auth_type_from_string (flags->type_text, type))
    problem = _("--type must be access-key, profile, instance-role, assume-role, roles-anywhere "
                "or sandbox");
  else if (flags->duration < 0)
    problem = _("--duration-seconds is negative");
  else if (lf_cli_globals.endpoint_url != NULL && flags->endpoint != NULL &&
           !g_str_equal (flags->endpoint, lf_cli_globals.endpoint_url))
    problem = _("--endpoint and --endpoint-url name different URLs");
  if (problem != NULL)
    {
      *status = lf_cli_usage_error (context, COMMAND " add", problem);
      return FALSE;
    }
  if (lf_cli_globals.endpoint_url != NULL)
    {
      g_free (flags->endpoint);
      flags->endpoint = g_strdup (lf_cli_globals.endpoint_url);
    }
  return TRUE;
}

static LfAccount *
account_from_flags (const char *name,
                    LfAuthType  type,
                    AddFlags   *flags)
{
  LfAccount *account = lf_account_new (name, type);

  lf_account_set_region (account, flags->region ? flags->region
                                                : (type == LF_AUTH_SANDBOX ? "us-east-1" : NULL));
  lf_account_set_endpoint_url (account, flags->endpoint);
  lf_account_set_allow_plain_http (account, flags->allow_http);
  lf_account_set_ca_file (account, flags->ca_file);
  lf_account_set_is_default (account, flags->make_default);
  lf_account_set_duration_seconds (account, (guint) flags->duration);
  for (guint f = 0; f < LF_ACCOUNT_N_FIELDS; f++)
    lf_account_set_field (account, f, flags->fields[f]);
  return account;
}

/* Asks for each secret the type needs and keeps it in the keyring, wiping it at once. FALSE,
 * with @status set and said, when one cannot be had or kept. */
static gboolean
store_account_secrets (LfAccountStore *store,
                       const char     *name,
                       LfAuthType      type,
                       AddFlags       *flags,
                       int            *status)
{
  const struct { LfSecretKind kind; const char *prompt; gboolean wanted; } asks[] = {
    { LF_SECRET_ACCESS_KEY, N_("Secret access key"), type == LF_AUTH_ACCESS_KEY },
    { LF_SECRET_SESSION_TOKEN, N_("Session token"),
      type == LF_AUTH_ACCESS_KEY && flags->with_token },
    { LF_SECRET_KEY_PASSPHRASE, N_("Private key passphrase"),
      type == LF_AUTH_ROLES_ANYWHERE && flags->with_passphrase },
  };

  for (guint i = 0; i < G_N_ELEMENTS (asks); i++)
    {
      g_autoptr(GError) error = NULL;
      char *secret;
      gboolean ok;

      if (!asks[i].wanted)
        continue;
      secret = lf_cli_read_secret (_(asks[i].prompt), flags->secret_stdin, &error);
      if (secret == NULL)
        {
          *status = lf_cli_report_error (COMMAND " add", error);
          return FALSE;
        }
      ok = store_secret (store, name, asks[i].kind, secret, &error);
      lf_secret_wipe (secret);
      if (!ok)
        {
          fprintf (stderr, _("lambda-forms-cli accounts add: %s\n"), error->message);
          fprintf (stderr, _("The account “%s” was not saved: the command line cannot keep a "
                   "secret past its own run. Start a keyring (gnome-keyring-daemon), or use "
                   "the app, which can keep it for its session.\n"), name);
          *status = lf_cli_exit_status_for (error);
          return FALSE;
        }
    }
  return TRUE;
}

static int
accounts_add (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("NAME — add an account; secrets are asked for, never given as flags"));
  g_autoptr(LfAccountStore) store = NULL;
  g_autoptr(LfAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AddFlags) flags = { NULL };
  LfAuthType type;
  const char *name;
  int status = LF_EXIT_OK;

  add_entries (context, &flags);
  if (!parse_name_and_flags (context, COMMAND " add", &argc, &argv, &name, &status) ||
      !check_add_flags (context, &flags, &type, &status))
    return status;

  account = account_from_flags (name, type, &flags);
  store = open_store (&status);
  if (store == NULL)
    return status;
  if (!lf_account_store_add (store, account, &error))
    return lf_cli_report_error (COMMAND " add", error);
  /* The secrets first: an account whose secret could not be kept is not saved either. */
  if (!store_account_secrets (store, name, type, &flags, &status))
    return status;
  if (!lf_account_store_save (store, &error))
    return lf_cli_report_error (COMMAND " add", error);

  printf (_("Added the account “%s” (%s) to %s\n"), name, lf_auth_type_to_string (type),
          lf_account_store_get_path (store));
  return LF_EXIT_OK;
}

/* remove ----------------------------------------------------------------------------------- */

static int
accounts_remove (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("NAME — remove an account and its "
                                                               "secrets"));
  g_autoptr(LfAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  int status = LF_EXIT_OK;
  LfCliRun run;

  store = open_store_for (context, COMMAND " remove", &argc, &argv, &name, &status);
  if (store == NULL)
    return status;
  if (!lf_account_store_remove (store, name, &error) || !lf_account_store_save (store, &error))
    return lf_cli_report_error (COMMAND " remove", error);

  lf_cli_run_init (&run);
  lf_account_store_clear_secrets_async (store, name, run.cancellable, lf_cli_on_done, &run);
  if (!lf_account_store_clear_secrets_finish (store, lf_cli_run_wait_result (&run), &run.error))
    fprintf (stderr, _("lambda-forms-cli accounts remove: the account is gone, but its secrets "
             "could not be cleared: %s\n"), run.error->message);
  lf_cli_run_clear (&run);

  printf (_("Removed the account “%s”\n"), name);
  return status;
}

/* test ------------------------------------------------------------------------------------- */

static int
accounts_test (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("NAME — check that an account can reach Lambda (ListFunctions)"));
  g_autoptr(LfAccountStore) store = NULL;
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GError) error = NULL;
  LfListFunctionsOptions options = { 0 };
  LfAccount *account;
  const char *name;
  int status = LF_EXIT_OK;
  LfCliRun run;

  store = open_store_for (context, COMMAND " test", &argc, &argv, &name, &status);
  if (store == NULL)
    return status;
  account = lf_account_store_lookup (store, name);
  if (account == NULL)
    {
      fprintf (stderr, _("lambda-forms-cli accounts test: there is no account named “%s”\n"), name);
      return LF_EXIT_USAGE;
    }

  client = lf_account_create_client (account, store, &error);
  if (client == NULL)
    return lf_cli_report_error (COMMAND " test", error);

  options.max_items = 1;
  lf_cli_run_init (&run);
  lf_lambda_client_list_functions_async (client, &options, NULL, NULL, NULL, run.cancellable,
                                         lf_cli_on_done, &run);
  run.output = lf_lambda_client_list_functions_finish (client, lf_cli_run_wait_result (&run),
                                                       &run.error);

  if (run.error != NULL)
    {
      status = lf_cli_report_error (COMMAND " test", run.error);
      if (g_error_matches (run.error, LF_AWS_ERROR, LF_AWS_ERROR_ACCESS_DENIED))
        fprintf (stderr, _("  The endpoint %s did not accept the identity of the account “%s” "
                 "(%s): check its key ID and secret, its role, or its permission for "
                 "lambda:ListFunctions.\n"), lf_lambda_client_get_endpoint (client), name,
                 lf_auth_type_to_string (lf_account_get_auth_type (account)));
      else if (g_error_matches (run.error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS))
        fprintf (stderr, _("  The account “%s” could not get credentials to sign with.\n"), name);
    }
  else
    printf (_("The account “%s” works: %s (%s) answered ListFunctions\n"), name,
            lf_lambda_client_get_endpoint (client), lf_lambda_client_get_region (client));

  lf_cli_run_clear (&run);
  return status;
}

int
lf_cli_accounts (int    argc,
                 char **argv)
{
  static const struct { const char *name; int (*run) (int, char **); } subcommands[] = {
    { "list", accounts_list },
    { "show", accounts_show },
    { "add", accounts_add },
    { "remove", accounts_remove },
    { "test", accounts_test },
  };

  if (argc < 2)
    return usage ();
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      usage ();
      return LF_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].run (argc - 1, argv + 1);

  fprintf (stderr, _("lambda-forms-cli accounts: unknown subcommand “%s”\n"), argv[1]);
  return usage ();
}
