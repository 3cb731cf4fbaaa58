/* lf-cli-common.c: what every command of lambda-forms-cli shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <glib-unix.h>

#include "lf-account-error.h"
#include "lf-account-store.h"
#include "lf-aws-config.h"
#include "lf-aws-error.h"
#include "lf-json-util.h"
#include "lf-test-event.h"
#include "lf-cli.h"
#include "lf-cli-common.h"

LfCliGlobals lf_cli_globals = { .cli_read_timeout = -1, .cli_connect_timeout = -1 };

void
lf_cli_add_global_entries (GOptionContext *context)
{
  static const GOptionEntry entries[] = {
    { "region", 0, 0, G_OPTION_ARG_STRING, &lf_cli_globals.region,
      N_("The AWS region (default: AWS_REGION, then the profile's region)"), N_("REGION") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &lf_cli_globals.profile,
      N_("A profile of ~/.aws/credentials and ~/.aws/config"), N_("NAME") },
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &lf_cli_globals.endpoint_url,
      N_("Send requests to this URL instead of AWS (the local sandbox, LocalStack…)"), N_("URL") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &lf_cli_globals.account,
      N_("A LambdaForms account (see “accounts list”); --region, --endpoint-url and --profile "
         "still win over its settings"), N_("NAME") },
    { "debug", 0, 0, G_OPTION_ARG_NONE, &lf_cli_globals.debug,
      N_("Print what is sent and received on stderr (never a secret)"), NULL },
    { "output", 0, 0, G_OPTION_ARG_STRING, &lf_cli_globals.output,
      N_("json, the only format printed"), "json" },
    { "cli-read-timeout", 0, 0, G_OPTION_ARG_INT, &lf_cli_globals.cli_read_timeout,
      N_("Seconds to wait for an answer (0: as long as it takes; default: an invocation waits "
         "for its function's timeout, other calls 60)"), N_("SECONDS") },
    { "cli-connect-timeout", 0, 0, G_OPTION_ARG_INT, &lf_cli_globals.cli_connect_timeout,
      N_("Seconds to wait for a connection (0: as long as it takes; default 10)"),
      N_("SECONDS") },
    { "cli-binary-format", 0, 0, G_OPTION_ARG_STRING, &lf_cli_globals.cli_binary_format,
      N_("raw-in-base64-out (the default here) or base64, as in the AWS CLI"), N_("FORMAT") },
    { "ca-bundle", 0, 0, G_OPTION_ARG_FILENAME, &lf_cli_globals.ca_bundle,
      N_("Trust the certificate authorities of this PEM file (or AWS_CA_BUNDLE)"), N_("FILE") },
    { "no-cli-pager", 0, 0, G_OPTION_ARG_NONE, &lf_cli_globals.no_cli_pager,
      N_("Accepted for the AWS CLI's sake: nothing is paged"), NULL },
    { "no-history", 0, 0, G_OPTION_ARG_NONE, &lf_cli_globals.no_history,
      N_("Do not record this run in the run history"), NULL },
    { "no-paginate", 0, 0, G_OPTION_ARG_NONE, &lf_cli_globals.no_paginate,
      N_("Make one call and print its page only"), NULL },
    G_OPTION_ENTRY_NULL
  };
  GOptionGroup *group = g_option_group_new ("global", N_("Options of every command:"),
                                            N_("Show the options every command takes"), NULL, NULL);

  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
}

int
lf_cli_exit_status_for (const GError *error)
{
  if (error->domain == LF_ACCOUNT_ERROR)
    {
      switch ((LfAccountErrorCode) error->code)
        {
        case LF_ACCOUNT_ERROR_INVALID:
        case LF_ACCOUNT_ERROR_EXISTS:
        case LF_ACCOUNT_ERROR_NOT_FOUND:
          return LF_EXIT_USAGE;
        case LF_ACCOUNT_ERROR_CORRUPT:
        case LF_ACCOUNT_ERROR_IO:
          return LF_EXIT_FAILURE;
        case LF_ACCOUNT_ERROR_NO_KEYRING:
        case LF_ACCOUNT_ERROR_KEYRING_LOCKED:
        case LF_ACCOUNT_ERROR_KEYRING:
        case LF_ACCOUNT_ERROR_NO_SECRET:
        default:
          return LF_EXIT_CREDENTIALS;
        }
    }
  /* Events the user named or wrote: bad input, found before any request. */
  if (error->domain == LF_EVENTS_ERROR)
    return LF_EXIT_USAGE;
  if (error->domain != LF_AWS_ERROR)
    return LF_EXIT_SERVICE;

  switch ((LfAwsErrorCode) error->code)
    {
    case LF_AWS_ERROR_INVALID_INPUT:
      return LF_EXIT_USAGE;
    case LF_AWS_ERROR_PAYLOAD_TOO_LARGE:
      /* Caught here before sending (no HTTP status) it is the user's input; from AWS, the
       * service's answer. */
      return lf_aws_error_get_http_status (error) == 0 ? LF_EXIT_USAGE : LF_EXIT_SERVICE;
    case LF_AWS_ERROR_CREDENTIALS:
      return LF_EXIT_CREDENTIALS;
    case LF_AWS_ERROR_FUNCTION:
      return LF_EXIT_FUNCTION;
    case LF_AWS_ERROR_TRANSPORT:
    case LF_AWS_ERROR_CANCELLED:
      return LF_EXIT_TRANSPORT;
    case LF_AWS_ERROR_NOT_FOUND:
    case LF_AWS_ERROR_ACCESS_DENIED:
    case LF_AWS_ERROR_THROTTLED:
    case LF_AWS_ERROR_INVALID_REQUEST:
    case LF_AWS_ERROR_SERVICE:
    default:
      return LF_EXIT_SERVICE;
    }
}

int
lf_cli_report_error (const char   *command,
              const GError *error)
{
  const char *code = lf_aws_error_get_aws_code (error);
  const char *request_id = lf_aws_error_get_request_id (error);

  fprintf (stderr, "lambda-forms-cli %s: %s\n", command, error->message);
  if (code != NULL && error->code != LF_AWS_ERROR_FUNCTION)
    fprintf (stderr, _("  error code: %s\n"), code);
  if (lf_aws_error_get_http_status (error) != 0)
    fprintf (stderr, _("  HTTP status: %u\n"), lf_aws_error_get_http_status (error));
  if (request_id != NULL)
    fprintf (stderr, _("  request id: %s\n"), request_id);

  return lf_cli_exit_status_for (error);
}

int
lf_cli_usage_error (GOptionContext *context,
             const char     *command,
             const char     *message)
{
  fprintf (stderr, "lambda-forms-cli %s: %s\n", command, message);
  fprintf (stderr, _("Run “lambda-forms-cli %s --help” for its options.\n"), command);
  return LF_EXIT_USAGE;
}

/* As the AWS CLI prints: four spaces a level; numbers as a person writes them. */
void
lf_cli_print_json (JsonNode *node)
{
  g_autofree char *text = lf_json_to_text (node, 4);

  puts (text);
}

static gboolean
on_interrupt (gpointer user_data)
{
  LfCliRun *run = user_data;

  fputs (_("Cancelling…\n"), stderr);
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

void
lf_cli_run_init (LfCliRun *run)
{
  memset (run, 0, sizeof *run);
  run->loop = g_main_loop_new (NULL, FALSE);
  run->cancellable = g_cancellable_new ();
}

void
lf_cli_run_clear (LfCliRun *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->result);
  g_clear_error (&run->error);
  g_clear_pointer (&run->output, json_node_unref);
  g_clear_pointer (&run->invoke_result, lf_invoke_result_free);
  /* The row is on disk before the command exits. */
  if (run->history != NULL)
    lf_history_flush (run->history);
  g_clear_pointer (&run->history_run, lf_history_run_unref);
  g_clear_object (&run->history);
}

void
lf_cli_run_wait (LfCliRun *run)
{
  guint sigint = g_unix_signal_add (SIGINT, on_interrupt, run);

  while (!run->done)
    g_main_loop_run (run->loop);
  g_source_remove (sigint);
}

GAsyncResult *
lf_cli_run_wait_result (LfCliRun *run)
{
  lf_cli_run_wait (run);
  return run->result;
}

void
lf_cli_run_finish (LfCliRun *run)
{
  run->done = TRUE;
  g_main_loop_quit (run->loop);
}

/* The region: --region, then the environment, then the profile's. */
static char *
resolve_region (LfCredentialsProvider *provider)
{
  const char *env;

  if (lf_cli_globals.region != NULL && lf_cli_globals.region[0] != '\0')
    return g_strdup (lf_cli_globals.region);
  env = g_getenv ("AWS_REGION");
  if (env == NULL || env[0] == '\0')
    env = g_getenv ("AWS_DEFAULT_REGION");
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return lf_credentials_provider_get_region (provider);
}

char *
lf_cli_read_secret (const char  *prompt,
                    gboolean     from_stdin,
                    GError     **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  struct termios saved;
  gboolean restore = FALSE;
  FILE *in = stdin;
  FILE *tty = NULL;
  int c;

  if (!from_stdin)
    {
      tty = fopen ("/dev/tty", "r+");
      if (tty == NULL)
        {
          g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                       _("No terminal to ask for the %s: pipe it in with --secret-stdin"), prompt);
          return NULL;
        }
      in = tty;
      fprintf (tty, "%s: ", prompt);
      fflush (tty);
      if (tcgetattr (fileno (tty), &saved) == 0)
        {
          struct termios quiet = saved;

          quiet.c_lflag &= ~(tcflag_t) ECHO;
          quiet.c_lflag |= ECHONL;
          restore = tcsetattr (fileno (tty), TCSAFLUSH, &quiet) == 0;
        }
    }

  while ((c = fgetc (in)) != EOF && c != '\n')
    g_string_append_c (line, (char) c);
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  if (restore)
    tcsetattr (fileno (tty), TCSAFLUSH, &saved);
  if (tty != NULL)
    fclose (tty);

  if (line->len == 0)
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID, _("The %s is empty"), prompt);
      return NULL;
    }
  {
    char *secret = g_strndup (line->str, line->len);

    explicit_bzero (line->str, line->len);
    return secret;
  }
}

/* The code of an MFA device, asked on the terminal when a role needs one. */
static void
ask_mfa_code (const char *mfa_serial,
              LfMfaReply *reply,
              gpointer    user_data)
{
  g_autofree char *prompt = g_strdup_printf (_("MFA code of %s"), mfa_serial);
  g_autoptr(GError) error = NULL;
  char *code = lf_cli_read_secret (prompt, FALSE, &error);

  if (code == NULL)
    {
      lf_mfa_reply_return_error (reply, g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                                     _("No MFA code: %s"), error->message));
      return;
    }
  lf_mfa_reply_return_code (reply, code);
  lf_secret_wipe (code);
}

/* The provider, region and endpoint of --account; NULL with @error when unusable. */
static LfCredentialsProvider *
account_provider (char       **region,
                  char       **endpoint,
                  GError     **error)
{
  g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);
  LfAccount *account;

  if (!lf_account_store_load (store, error))
    return NULL;
  account = lf_account_store_lookup (store, lf_cli_globals.account);
  if (account == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("There is no account named “%s” (see “lambda-forms-cli accounts list”)"),
                   lf_cli_globals.account);
      return NULL;
    }
  lf_account_store_set_mfa_func (store, ask_mfa_code, NULL, NULL);
  *region = g_strdup (lf_account_get_region (account));
  *endpoint = g_strdup (lf_account_get_endpoint_url (account));
  return lf_account_create_provider (account, store, error);
}

/* A setting as the AWS CLI finds it: the environment variable, then the profile's key. */
static char *
aws_setting (const char *variable,
             const char *key)
{
  const char *value = variable ? g_getenv (variable) : NULL;
  g_autoptr(LfAwsConfig) config = NULL;
  g_autofree char *profile = NULL;

  if (value != NULL && *value != '\0')
    return g_strdup (value);
  config = lf_aws_config_load (NULL, NULL);
  if (config == NULL)
    return NULL;
  profile = g_strdup (lf_cli_globals.profile ? lf_cli_globals.profile
                                             : lf_aws_config_default_profile (NULL));
  value = lf_aws_config_get (config, profile, key, NULL);
  return value ? g_strdup (value) : NULL;
}

static gboolean
parse_seconds (const char  *what,
               const char  *text,
               int         *seconds,
               GError     **error)
{
  guint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, 86400, &value, NULL))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("%s must be a number of seconds, not “%s”"), what, text);
      return FALSE;
    }
  *seconds = (int) value;
  return TRUE;
}

/* Timeouts: 0 means as long as it takes, as in the AWS CLI. */
static gboolean
apply_timeouts (LfLambdaClient  *client,
                GError         **error)
{
  g_autofree char *read_setting = NULL;
  g_autofree char *connect_setting = NULL;
  int read = lf_cli_globals.cli_read_timeout;
  int connect = lf_cli_globals.cli_connect_timeout;

  if (read < 0)
    {
      read_setting = aws_setting (NULL, "cli_read_timeout");
      if (!parse_seconds ("cli_read_timeout", read_setting, &read, error))
        return FALSE;
    }
  if (connect < 0)
    {
      connect_setting = aws_setting (NULL, "cli_connect_timeout");
      if (!parse_seconds ("cli_connect_timeout", connect_setting, &connect, error))
        return FALSE;
    }
  lf_lambda_client_set_timeouts (client, connect < 0 ? 0 : connect == 0 ? G_MAXUINT : (guint) connect,
                                 read < 0 ? 0 : read == 0 ? G_MAXUINT : (guint) read);
  return TRUE;
}

/* max_attempts counts the first attempt, as the AWS CLI's does; legacy mode allows 5. */
static gboolean
apply_retries (LfLambdaClient  *client,
               GError         **error)
{
  g_autofree char *mode = aws_setting ("AWS_RETRY_MODE", "retry_mode");
  g_autofree char *attempts = aws_setting ("AWS_MAX_ATTEMPTS", "max_attempts");
  guint64 n = LF_AWS_DEFAULT_MAX_ATTEMPTS;

  if (mode != NULL && !g_str_equal (mode, "standard") && !g_str_equal (mode, "legacy") &&
      !g_str_equal (mode, "adaptive"))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("retry_mode must be standard, legacy or adaptive, not “%s”"), mode);
      return FALSE;
    }
  if (g_strcmp0 (mode, "legacy") == 0)
    n = 5;
  if (attempts != NULL && !g_ascii_string_to_unsigned (attempts, 10, 1, 100, &n, NULL))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("max_attempts must be a number from 1 to 100, not “%s”"), attempts);
      return FALSE;
    }
  lf_lambda_client_set_max_attempts (client, (guint) n);
  return TRUE;
}

static gboolean
apply_ca_bundle (LfLambdaClient  *client,
                 GError         **error)
{
  g_autofree char *bundle = lf_cli_globals.ca_bundle ? g_strdup (lf_cli_globals.ca_bundle)
                                                     : aws_setting ("AWS_CA_BUNDLE", "ca_bundle");

  return bundle == NULL || lf_lambda_client_set_ca_file (client, bundle, error);
}

gboolean
lf_cli_blobs_are_base64 (GError **error)
{
  g_autofree char *format = lf_cli_globals.cli_binary_format
                            ? g_strdup (lf_cli_globals.cli_binary_format)
                            : aws_setting (NULL, "cli_binary_format");

  if (format == NULL || g_str_equal (format, "raw-in-base64-out"))
    return FALSE;
  if (g_str_equal (format, "base64"))
    return TRUE;
  g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
               _("--cli-binary-format must be raw-in-base64-out or base64, not “%s”"), format);
  return FALSE;
}

static LfLambdaClient *make_base_client (GError **error);

const char *
lf_cli_account_in_use (void)
{
  if (lf_cli_globals.account != NULL)
    return lf_cli_globals.account;
  if (lf_cli_globals.profile != NULL)
    return lf_cli_globals.profile;
  return g_getenv ("AWS_PROFILE") ? g_getenv ("AWS_PROFILE") : "default";
}

LfLambdaClient *
lf_cli_make_client (GError **error)
{
  g_autoptr(LfLambdaClient) client = NULL;

  if (lf_cli_globals.output != NULL && !g_str_equal (lf_cli_globals.output, "json"))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("lambda-forms-cli prints JSON only (--output json), not “%s”"),
                   lf_cli_globals.output);
      return NULL;
    }
  client = make_base_client (error);
  if (client == NULL || !apply_timeouts (client, error) || !apply_retries (client, error) ||
      !apply_ca_bundle (client, error))
    return NULL;
  /* A named account's client knows its name already. */
  if (lf_lambda_client_get_account_name (client) == NULL)
    lf_lambda_client_set_account_name (client, lf_cli_account_in_use ());
  return g_steal_pointer (&client);
}

static LfLambdaClient *
make_base_client (GError **error)
{
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autofree char *region = NULL;
  g_autofree char *account_region = NULL;
  g_autofree char *account_endpoint = NULL;
  const char *endpoint = lf_cli_globals.endpoint_url;

  if (lf_cli_globals.debug)
    g_log_set_debug_enabled (TRUE);

  if (lf_cli_globals.account != NULL)
    {
      g_autoptr(LfCredentialsProvider) from_account = NULL;

      from_account = account_provider (&account_region, &account_endpoint, error);
      if (from_account == NULL)
        return NULL;
      if (lf_cli_globals.profile == NULL)
        provider = g_steal_pointer (&from_account);
      if (endpoint == NULL || endpoint[0] == '\0')
        endpoint = account_endpoint;
    }

  if (provider != NULL)
    ;
  else if (lf_cli_globals.profile != NULL)
    {
      provider = lf_profile_credentials_provider_new (lf_cli_globals.profile, NULL);
      lf_profile_credentials_provider_set_mfa_func (LF_PROFILE_CREDENTIALS_PROVIDER (provider),
                                                    ask_mfa_code, NULL, NULL);
    }
  else
    provider = lf_chain_credentials_provider_new_default (NULL);

  if (endpoint == NULL || endpoint[0] == '\0')
    endpoint = g_getenv ("AWS_ENDPOINT_URL_LAMBDA");
  if (endpoint == NULL || endpoint[0] == '\0')
    endpoint = g_getenv ("AWS_ENDPOINT_URL");

  /* An account's region beats the environment's; --region beats both. */
  if (account_region != NULL && (lf_cli_globals.region == NULL || !*lf_cli_globals.region))
    region = g_strdup (account_region);
  else
    region = resolve_region (provider);
  if (region == NULL || region[0] == '\0')
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                           _("No region is set: pass --region, set AWS_REGION, or give the profile "
                             "a region"));
      return NULL;
    }

  return lf_lambda_client_new (provider, region, endpoint, error);
}

gboolean
lf_cli_parse_command_line (GOptionContext  *context,
                           int             *argc,
                           char          ***argv,
                           const char      *command,
                           int             *status)
{
  return lf_cli_parse_command_line_positional (context, argc, argv, command, 0, status);
}

/* Also takes up to @max_positional arguments that are not options, left in (*argv)[1…]. */
gboolean
lf_cli_parse_command_line_positional (GOptionContext  *context,
                                      int             *argc,
                                      char          ***argv,
                                      const char      *command,
                                      int              max_positional,
                                      int             *status)
{
  g_autoptr(GError) error = NULL;

  lf_cli_add_global_entries (context);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = lf_cli_usage_error (context, command, error->message);
      return FALSE;
    }
  if (*argc > 1 + max_positional)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"),
                                                  (*argv)[1 + max_positional]);
      *status = lf_cli_usage_error (context, command, message);
      return FALSE;
    }
  return TRUE;
}


void
lf_cli_on_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LfCliRun *run = user_data;

  g_set_object (&run->result, result);
  lf_cli_run_finish (run);
}

int
lf_cli_run_print (LfCliRun   *run,
                  const char *command)
{
  int status = LF_EXIT_OK;

  lf_cli_run_wait (run);
  lf_cli_run_record_end (run);
  if (run->error != NULL)
    status = lf_cli_report_error (command, run->error);
  else if (run->output != NULL)
    lf_cli_print_json (run->output);
  lf_cli_run_clear (run);
  return status;
}
