/* lf-sandbox-main.c: lambda-forms-sandbox, the local Lambda sandbox as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>

#include <glib-unix.h>

#include "lf-sandbox.h"
#include "lf-sandbox-credentials-file.h"
#include "lf-sandbox-proc.h"

static int opt_port = 0;
static char **opt_functions = NULL;
static char *opt_region = NULL;
static char *opt_account_id = NULL;
static char *opt_access_key_id = NULL;
static char *opt_secret_access_key = NULL;
static char *opt_session_token = NULL;
static int opt_idle_timeout = LF_SANDBOX_DEFAULT_IDLE_TIMEOUT_S;
static char *opt_retry_delays = NULL;
static int opt_header_timeout = LF_SANDBOX_DEFAULT_HEADER_TIMEOUT_S;
static int opt_max_concurrency = LF_SANDBOX_DEFAULT_MAX_CONCURRENCY;
static char **opt_faults = NULL;
static char *opt_schemas_file = NULL;
static gboolean opt_version = FALSE;

static const GOptionEntry entries[] = {
  { "port", 'p', 0, G_OPTION_ARG_INT, &opt_port,
    N_("Port to listen on at 127.0.0.1 (0, the default, picks a free one)"), N_("N") },
  { "functions", 'f', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_functions,
    N_("Serve the function folders in DIR (repeatable; default: the sample functions)"),
    N_("DIR") },
  { "region", 0, 0, G_OPTION_ARG_STRING, &opt_region,
    N_("Region to answer as (default: us-east-1)"), N_("REGION") },
  { "account-id", 0, 0, G_OPTION_ARG_STRING, &opt_account_id,
    N_("Account id in ARNs (default: 123456789012)"), N_("ID") },
  { "access-key-id", 0, 0, G_OPTION_ARG_STRING, &opt_access_key_id,
    N_("Access key id to accept (or $LF_SANDBOX_ACCESS_KEY_ID)"), N_("ID") },
  { "secret-access-key", 0, 0, G_OPTION_ARG_STRING, &opt_secret_access_key,
    N_("Secret access key to accept (or $LF_SANDBOX_SECRET_ACCESS_KEY)"), N_("SECRET") },
  { "session-token", 0, 0, G_OPTION_ARG_STRING, &opt_session_token,
    N_("Accept the key pair only with this session token, as AWS does for temporary "
       "credentials (or $LF_SANDBOX_SESSION_TOKEN)"), N_("TOKEN") },
  { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &opt_idle_timeout,
    N_("Stop an execution environment idle for this many seconds (default: 300; 0 keeps them)"),
    N_("SECONDS") },
  { "event-retry-delays", 0, 0, G_OPTION_ARG_STRING, &opt_retry_delays,
    N_("Wait this long before retrying a failed Event invocation, twice "
       "(default: 60000,120000)"), N_("MS,MS") },
  { "header-timeout", 0, 0, G_OPTION_ARG_INT, &opt_header_timeout,
    N_("Close a connection whose request head is not complete this many seconds after its "
       "first byte (default: 10)"), N_("SECONDS") },
  { "max-concurrency", 0, 0, G_OPTION_ARG_INT, &opt_max_concurrency,
    N_("Execution environments per function before calls are throttled (default: 10)"), N_("N") },
  { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_faults,
    N_("Inject a fault: NAME:throttle=N,error=STATUS,errors=N,delay_ms=MS,drop=N (repeatable)"),
    N_("SPEC") },
  { "schemas-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_schemas_file,
    N_("Keep the Schemas registry (shared test events) in this file (default: in memory)"),
    N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, N_("Print the version and exit"), NULL },
  { NULL }
};

typedef struct
{
  GMainLoop *loop;
  LfSandbox *sandbox;
  gboolean stopping;
} App;

static void
on_stopped (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  App *app = user_data;

  lf_sandbox_stop_finish (LF_SANDBOX (source), result, NULL);
  g_main_loop_quit (app->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  App *app = user_data;

  /* Stop once; every function process is killed and reaped before the loop ends. */
  if (!app->stopping)
    {
      app->stopping = TRUE;
      lf_sandbox_stop_async (app->sandbox, NULL, on_stopped, app);
    }

  return G_SOURCE_CONTINUE;
}

/* Every connection is a descriptor: a day of clients should never meet the soft limit. */
static void
raise_descriptor_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

static gboolean
parse_retry_delays (const char  *text,
                    guint        delays[LF_SANDBOX_EVENT_RETRIES],
                    GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != LF_SANDBOX_EVENT_RETRIES)
    goto invalid;
  for (guint i = 0; i < LF_SANDBOX_EVENT_RETRIES; i++)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, 3600000, &value, NULL))
        goto invalid;
      delays[i] = (guint) value;
    }
  return TRUE;

invalid:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--event-retry-delays takes two numbers of milliseconds, such as 60000,120000"));
  return FALSE;
}

static const char *
pick (const char *flag,
      const char *variable)
{
  const char *value;

  if (flag != NULL)
    return flag;
  value = g_getenv (variable);
  return (value != NULL && *value != '\0') ? value : NULL;
}

/* Says why the program stops; always FALSE, for the steps below to return. */
static gboolean
complain (const GError *error)
{
  g_printerr ("lambda-forms-sandbox: %s\n", error->message);
  return FALSE;
}

static void
set_up_locale (void)
{
  const char *localedir = g_getenv ("LF_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* Tests point LF_LOCALEDIR at the translations in the build tree. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Standard output is for the endpoint and credentials only: debug messages go elsewhere. */
  g_log_writer_default_set_use_stderr (TRUE);
}

static gboolean
parse_command_line (int    *argc,
                    char ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = g_option_context_new (N_("- run Lambda functions on this machine behind the "
                                     "Lambda API"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    N_("The first line printed is the endpoint URL, once the sandbox accepts requests; the\n"
       "credentials it accepts follow. Requests must be signed (SigV4, service “lambda”).\n"
       "\n"
       "Admin endpoint (same port, signed like the API):\n"
       "  GET /_sandbox/status, GET /_sandbox/faults,\n"
       "  PUT /_sandbox/faults/NAME {\"throttle\":N,\"error\":STATUS,\"errors\":N,\"delay_ms\":MS,"
       "\"drop\":N},\n"
       "  DELETE /_sandbox/faults[/NAME]\n"));

  if (!g_option_context_parse (context, argc, argv, &error))
    return complain (error);
  return TRUE;
}

/* FALSE (said on stderr) for a value out of range; @delays from --event-retry-delays. */
static gboolean
check_options (guint delays[LF_SANDBOX_EVENT_RETRIES])
{
  g_autoptr(GError) error = NULL;

  if (opt_port < 0 || opt_port > 65535 || opt_max_concurrency < 1 || opt_max_concurrency > 1000 ||
      opt_idle_timeout < 0 || opt_header_timeout < 1)
    {
      g_printerr (_("lambda-forms-sandbox: --port must be 0–65535, "
                    "--max-concurrency 1–1000, --idle-timeout 0 or more, "
                    "--header-timeout 1 or more\n"));
      return FALSE;
    }
  if (opt_retry_delays != NULL && !parse_retry_delays (opt_retry_delays, delays, &error))
    return complain (error);

  return TRUE;
}

static void
apply_settings (LfSandbox   *sandbox,
                const guint  delays[LF_SANDBOX_EVENT_RETRIES])
{
  if (opt_region != NULL)
    lf_sandbox_set_region (sandbox, opt_region);
  if (opt_account_id != NULL)
    lf_sandbox_set_account_id (sandbox, opt_account_id);
  lf_sandbox_set_max_concurrency (sandbox, opt_max_concurrency);
  if (opt_schemas_file != NULL)
    lf_sandbox_set_schemas_file (sandbox, opt_schemas_file);
  lf_sandbox_set_idle_timeout (sandbox, opt_idle_timeout);
  lf_sandbox_set_header_timeout (sandbox, opt_header_timeout);
  lf_sandbox_set_event_retry_delays (sandbox, delays);
}

/* A key pair given by flag or environment replaces the fresh one; @session_token is set when
 * the pair is accepted only with a token. FALSE (said on stderr) for an incomplete set. */
static gboolean
apply_credentials (LfSandbox   *sandbox,
                   const char **session_token)
{
  const char *access_key_id = pick (opt_access_key_id, "LF_SANDBOX_ACCESS_KEY_ID");
  const char *secret_access_key = pick (opt_secret_access_key, "LF_SANDBOX_SECRET_ACCESS_KEY");
  g_autoptr(GError) error = NULL;

  *session_token = pick (opt_session_token, "LF_SANDBOX_SESSION_TOKEN");
  if ((access_key_id == NULL) != (secret_access_key == NULL))
    {
      g_printerr (_("lambda-forms-sandbox: give both an access key id and a secret access key\n"));
      return FALSE;
    }
  if (*session_token != NULL && access_key_id == NULL)
    {
      g_printerr (_("lambda-forms-sandbox: a session token goes with an access key id and a "
                    "secret access key\n"));
      return FALSE;
    }
  if (access_key_id == NULL)
    return TRUE;

  if (!lf_credentials_validate (access_key_id, secret_access_key, &error))
    return complain (error);
  lf_sandbox_set_credentials (sandbox, access_key_id, secret_access_key, *session_token);
  return TRUE;
}

/* The folders of --functions, or the sample functions without any. */
static gboolean
add_functions (LfSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;

  if (opt_functions == NULL || opt_functions[0] == NULL)
    {
      g_autofree char *samples = lf_sandbox_find_data_dir ("functions");

      if (samples == NULL)
        {
          g_printerr (_("lambda-forms-sandbox: the sample functions were not found; "
                        "give --functions DIR\n"));
          return FALSE;
        }
      if (!lf_sandbox_add_functions_dir (sandbox, samples, &error))
        return complain (error);
    }
  for (guint i = 0; opt_functions != NULL && opt_functions[i] != NULL; i++)
    {
      if (!lf_sandbox_add_functions_dir (sandbox, opt_functions[i], &error))
        return complain (error);
    }

  return TRUE;
}

static gboolean
add_faults (LfSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; opt_faults != NULL && opt_faults[i] != NULL; i++)
    {
      if (!lf_sandbox_add_fault (sandbox, opt_faults[i], &error))
        return complain (error);
    }

  return TRUE;
}

/* The first line is the contract with whoever started us: the endpoint, once it listens. */
static void
print_endpoint (LfSandbox  *sandbox,
                const char *session_token)
{
  LfCredentials *credentials = lf_sandbox_get_credentials (sandbox);

  g_print ("%s\n", lf_sandbox_get_url (sandbox));
  g_print ("AWS_ACCESS_KEY_ID=%s\n", lf_credentials_get_access_key_id (credentials));
  g_print ("AWS_SECRET_ACCESS_KEY=%s\n", lf_credentials_get_secret_access_key (credentials));
  if (session_token != NULL)
    g_print ("AWS_SESSION_TOKEN=%s\n", session_token);
  g_print ("AWS_REGION=%s\n", lf_sandbox_get_region (sandbox));
  g_print ("LF_SANDBOX_ACCOUNT_ID=%s\n", lf_sandbox_get_account_id (sandbox));
  fflush (stdout);
}

/* For sandbox accounts that name this port; only this user can read it. */
static void
write_credentials_file (LfSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;

  if (!lf_sandbox_credentials_file_write (lf_sandbox_get_port (sandbox),
                                          lf_sandbox_get_credentials (sandbox), &error))
    g_printerr ("lambda-forms-sandbox: warning: %s\n", error->message);
}

/* Listens and serves until SIGTERM or SIGINT has stopped every function process. */
static gboolean
serve (LfSandbox  *sandbox,
       const char *session_token)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  App app = { loop, sandbox, FALSE };
  guint sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &app);
  guint sigint_id = g_unix_signal_add (SIGINT, on_signal, &app);

  if (lf_sandbox_start (sandbox, (guint) opt_port, &error))
    {
      write_credentials_file (sandbox);
      print_endpoint (sandbox, session_token);
      g_main_loop_run (loop);
      lf_sandbox_credentials_file_remove (lf_sandbox_get_port (sandbox));
    }
  else
    complain (error);

  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  return error == NULL;
}

static void
free_options (void)
{
  g_strfreev (opt_functions);
  g_strfreev (opt_faults);
  g_free (opt_schemas_file);
  g_free (opt_region);
  g_free (opt_account_id);
  g_free (opt_access_key_id);
  g_free (opt_secret_access_key);
  g_free (opt_session_token);
  g_free (opt_retry_delays);
}

/* Exit status: 0 after a clean stop, 2 for bad usage, 1 when the sandbox cannot run. */
int
main (int    argc,
      char **argv)
{
  g_autoptr(LfSandbox) sandbox = NULL;
  guint delays[LF_SANDBOX_EVENT_RETRIES] = { LF_SANDBOX_DEFAULT_FIRST_RETRY_MS,
                                              LF_SANDBOX_DEFAULT_SECOND_RETRY_MS };
  const char *session_token = NULL;
  int status = 0;

  set_up_locale ();
  if (!parse_command_line (&argc, &argv))
    return 2;
  if (opt_version)
    {
      g_print ("lambda-forms-sandbox %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (!check_options (delays))
    return 2;

  raise_descriptor_limit ();
  /* What a function detaches comes back here when its environment ends, to be ended too. */
  lf_proc_adopt_orphans ();

  sandbox = lf_sandbox_new ();
  apply_settings (sandbox, delays);
  if (!apply_credentials (sandbox, &session_token))
    return 2;
  if (!add_functions (sandbox))
    return 1;
  if (!add_faults (sandbox))
    return 2;
  if (lf_sandbox_get_runtime_dir (sandbox) == NULL)
    g_printerr (_("lambda-forms-sandbox: warning: the Python runtime was not found; "
                  "python3 functions will fail (set LF_SANDBOX_RUNTIME_DIR)\n"));

  if (!serve (sandbox, session_token))
    status = 1;
  free_options ();
  return status;
}
