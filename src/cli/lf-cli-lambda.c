/* lf-cli-lambda.c: list-functions, get-function, invoke and delete-function
 *
 * Flags are named as in the AWS CLI so that a command line moves between the two.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "lf-aws-error.h"
#include "lf-cli.h"
#include "lf-lambda-client.h"

typedef struct
{
  char *region;
  char *profile;
  char *endpoint_url;
  gboolean debug;
} GlobalOptions;

typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  GError *error;
  JsonNode *output;
  LfInvokeResult *invoke_result;
  gboolean done;
} Run;

static GlobalOptions globals;

static void
add_global_entries (GOptionContext *context)
{
  static const GOptionEntry entries[] = {
    { "region", 0, 0, G_OPTION_ARG_STRING, &globals.region,
      "The AWS region (default: AWS_REGION, then the profile's region)", "REGION" },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &globals.profile,
      "A profile of ~/.aws/credentials and ~/.aws/config", "NAME" },
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &globals.endpoint_url,
      "Send requests to this URL instead of AWS (the local sandbox, LocalStack…)", "URL" },
    { "debug", 0, 0, G_OPTION_ARG_NONE, &globals.debug,
      "Print what is sent and received on stderr (never a secret)", NULL },
    G_OPTION_ENTRY_NULL
  };
  GOptionGroup *group = g_option_group_new ("global", "Options of every command:",
                                            "Show the options every command takes", NULL, NULL);

  g_option_group_add_entries (group, entries);
  g_option_context_add_group (context, group);
}

static int
exit_status_for (const GError *error)
{
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

static int
report_error (const char   *command,
              const GError *error)
{
  const char *code = lf_aws_error_get_aws_code (error);
  const char *request_id = lf_aws_error_get_request_id (error);

  fprintf (stderr, "lambda-forms-cli %s: %s\n", command, error->message);
  if (code != NULL && error->code != LF_AWS_ERROR_FUNCTION)
    fprintf (stderr, "  error code: %s\n", code);
  if (lf_aws_error_get_http_status (error) != 0)
    fprintf (stderr, "  HTTP status: %u\n", lf_aws_error_get_http_status (error));
  if (request_id != NULL)
    fprintf (stderr, "  request id: %s\n", request_id);

  return exit_status_for (error);
}

static int
usage_error (GOptionContext *context,
             const char     *command,
             const char     *message)
{
  fprintf (stderr, "lambda-forms-cli %s: %s\n", command, message);
  fprintf (stderr, "Run “lambda-forms-cli %s --help” for its options.\n", command);
  return LF_EXIT_USAGE;
}

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 4);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  puts (text);
}

static gboolean
on_interrupt (gpointer user_data)
{
  Run *run = user_data;

  fputs ("Cancelling…\n", stderr);
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
run_init (Run *run)
{
  memset (run, 0, sizeof *run);
  run->loop = g_main_loop_new (NULL, FALSE);
  run->cancellable = g_cancellable_new ();
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_object (&run->cancellable);
  g_clear_error (&run->error);
  g_clear_pointer (&run->output, json_node_unref);
  g_clear_pointer (&run->invoke_result, lf_invoke_result_free);
}

static void
run_wait (Run *run)
{
  guint sigint = g_unix_signal_add (SIGINT, on_interrupt, run);

  while (!run->done)
    g_main_loop_run (run->loop);
  g_source_remove (sigint);
}

static void
run_finish (Run *run)
{
  run->done = TRUE;
  g_main_loop_quit (run->loop);
}

/* The region: --region, then the environment, then the profile's. */
static char *
resolve_region (LfCredentialsProvider *provider)
{
  const char *env;

  if (globals.region != NULL && globals.region[0] != '\0')
    return g_strdup (globals.region);
  env = g_getenv ("AWS_REGION");
  if (env == NULL || env[0] == '\0')
    env = g_getenv ("AWS_DEFAULT_REGION");
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return lf_credentials_provider_get_region (provider);
}

static LfLambdaClient *
make_client (GError **error)
{
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autofree char *region = NULL;
  const char *endpoint = globals.endpoint_url;

  if (globals.debug)
    g_log_set_debug_enabled (TRUE);

  if (globals.profile != NULL)
    provider = lf_profile_credentials_provider_new (globals.profile, NULL);
  else
    provider = lf_chain_credentials_provider_new_default (NULL);

  if (endpoint == NULL || endpoint[0] == '\0')
    endpoint = g_getenv ("AWS_ENDPOINT_URL_LAMBDA");
  if (endpoint == NULL || endpoint[0] == '\0')
    endpoint = g_getenv ("AWS_ENDPOINT_URL");

  region = resolve_region (provider);
  if (region == NULL || region[0] == '\0')
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                           "No region is set: pass --region, set AWS_REGION, or give the profile "
                           "a region");
      return NULL;
    }

  return lf_lambda_client_new (provider, region, endpoint, error);
}

static gboolean
parse_command_line (GOptionContext  *context,
                    int             *argc,
                    char          ***argv,
                    const char      *command,
                    int             *status)
{
  g_autoptr(GError) error = NULL;

  add_global_entries (context);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (context, command, error->message);
      return FALSE;
    }
  if (*argc > 1)
    {
      g_autofree char *message = g_strdup_printf ("unexpected argument “%s”", (*argv)[1]);
      *status = usage_error (context, command, message);
      return FALSE;
    }
  return TRUE;
}

/* list-functions ********************************************************************/

static void
on_list_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;

  run->output = lf_lambda_client_list_functions_finish (LF_LAMBDA_CLIENT (object), result,
                                                        &run->error);
  run_finish (run);
}

int
lf_cli_list_functions (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— list the functions of an account");
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *function_version = NULL;
  g_autofree char *master_region = NULL;
  LfListFunctionsOptions options = { 0 };
  int max_items = 0;
  int status = LF_EXIT_OK;
  Run run;
  const GOptionEntry entries[] = {
    { "max-items", 0, 0, G_OPTION_ARG_INT, &max_items,
      "Stop after this many functions (default: all of them)", "N" },
    { "function-version", 0, 0, G_OPTION_ARG_STRING, &function_version,
      "ALL to list every published version too", "ALL" },
    { "master-region", 0, 0, G_OPTION_ARG_STRING, &master_region,
      "List the Lambda@Edge replicas of this region's functions", "REGION" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_command_line (context, &argc, &argv, "list-functions", &status))
    return status;

  if (function_version != NULL && g_strcmp0 (function_version, "ALL") != 0)
    return usage_error (context, "list-functions", "--function-version takes only ALL");
  if (max_items < 0)
    return usage_error (context, "list-functions", "--max-items must be a positive number");

  client = make_client (&error);
  if (client == NULL)
    return report_error ("list-functions", error);

  options.max_items = max_items;
  options.all_versions = function_version != NULL;
  options.master_region = master_region;

  run_init (&run);
  lf_lambda_client_list_functions_async (client, &options, NULL, NULL, NULL, run.cancellable,
                                         on_list_done, &run);
  run_wait (&run);

  if (run.error != NULL)
    status = report_error ("list-functions", run.error);
  else
    print_json (run.output);

  run_clear (&run);
  return status;
}

/* get-function **********************************************************************/

static void
on_get_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->output = lf_lambda_client_get_function_finish (LF_LAMBDA_CLIENT (object), result,
                                                      &run->error);
  run_finish (run);
}

int
lf_cli_get_function (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— show a function's details");
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *function_name = NULL;
  g_autofree char *qualifier = NULL;
  int status = LF_EXIT_OK;
  Run run;
  const GOptionEntry entries[] = {
    { "function-name", 0, 0, G_OPTION_ARG_STRING, &function_name,
      "The function's name or ARN", "NAME" },
    { "qualifier", 0, 0, G_OPTION_ARG_STRING, &qualifier, "A version or alias", "QUALIFIER" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_command_line (context, &argc, &argv, "get-function", &status))
    return status;
  if (function_name == NULL)
    return usage_error (context, "get-function", "--function-name is required");

  client = make_client (&error);
  if (client == NULL)
    return report_error ("get-function", error);

  run_init (&run);
  lf_lambda_client_get_function_async (client, function_name, qualifier, run.cancellable,
                                       on_get_done, &run);
  run_wait (&run);

  if (run.error != NULL)
    status = report_error ("get-function", run.error);
  else
    print_json (run.output);

  run_clear (&run);
  return status;
}

/* invoke ****************************************************************************/

static void
on_invoke_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(LfInvokeResult) invoke_result = NULL;

  invoke_result = lf_lambda_client_invoke_finish (LF_LAMBDA_CLIENT (object), result,
                                                  &run->invoke_result, &run->error);
  run_finish (run);
}

/* --payload takes JSON, or file://PATH as the AWS CLI does. */
static GBytes *
load_payload (const char  *argument,
              GError     **error)
{
  if (g_str_has_prefix (argument, "file://") || g_str_has_prefix (argument, "fileb://"))
    {
      const char *path = strstr (argument, "://") + 3;
      g_autoptr(GError) local_error = NULL;
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, &local_error))
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       "Could not read the payload file: %s", local_error->message);
          return NULL;
        }
      return g_bytes_new_take (contents, length);
    }

  return g_bytes_new (argument, strlen (argument));
}

/* --client-context takes the JSON object itself, or its base64 as the AWS CLI does. */
static char *
load_client_context (const char  *argument,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree guchar *decoded = NULL;
  gsize length = 0;

  if (json_parser_load_from_data (parser, argument, -1, NULL))
    return g_strdup (argument);

  for (const char *p = argument; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '='))
      goto invalid;

  decoded = g_base64_decode (argument, &length);
  if (decoded != NULL && g_utf8_validate ((const char *) decoded, length, NULL))
    return g_strndup ((const char *) decoded, length);

invalid:
  g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       "--client-context must be a JSON object, or one encoded in base64");
  return NULL;
}

int
lf_cli_invoke (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— run a function");
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *function_name = NULL;
  g_autofree char *qualifier = NULL;
  g_autofree char *invocation_type = NULL;
  g_autofree char *log_type = NULL;
  g_autofree char *client_context_arg = NULL;
  g_autofree char *client_context = NULL;
  g_autofree char *payload_arg = NULL;
  LfInvokeRequest request = { 0 };
  int status = LF_EXIT_OK;
  Run run;
  const GOptionEntry entries[] = {
    { "function-name", 0, 0, G_OPTION_ARG_STRING, &function_name,
      "The function's name or ARN", "NAME" },
    { "invocation-type", 0, 0, G_OPTION_ARG_STRING, &invocation_type,
      "RequestResponse (default), Event or DryRun", "TYPE" },
    { "log-type", 0, 0, G_OPTION_ARG_STRING, &log_type,
      "Tail to get the last 4 KB of the function's log", "None|Tail" },
    { "qualifier", 0, 0, G_OPTION_ARG_STRING, &qualifier, "A version or alias", "QUALIFIER" },
    { "client-context", 0, 0, G_OPTION_ARG_STRING, &client_context_arg,
      "A JSON object passed to the function's context", "JSON" },
    { "payload", 0, 0, G_OPTION_ARG_STRING, &payload_arg,
      "The event, as JSON or file://PATH", "JSON" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_command_line (context, &argc, &argv, "invoke", &status))
    return status;
  if (function_name == NULL)
    return usage_error (context, "invoke", "--function-name is required");

  request.function_name = function_name;
  request.qualifier = qualifier;

  if (invocation_type != NULL &&
      !lf_invocation_type_from_string (invocation_type, &request.invocation_type))
    return usage_error (context, "invoke",
                        "--invocation-type must be RequestResponse, Event or DryRun");

  if (log_type == NULL || g_ascii_strcasecmp (log_type, "None") == 0)
    request.log_type = LF_LOG_TYPE_NONE;
  else if (g_ascii_strcasecmp (log_type, "Tail") == 0)
    request.log_type = LF_LOG_TYPE_TAIL;
  else
    return usage_error (context, "invoke", "--log-type must be None or Tail");

  if (client_context_arg != NULL)
    {
      client_context = load_client_context (client_context_arg, &error);
      if (client_context == NULL)
        return report_error ("invoke", error);
      request.client_context = client_context;
    }

  if (payload_arg != NULL)
    {
      payload = load_payload (payload_arg, &error);
      if (payload == NULL)
        return report_error ("invoke", error);
      request.payload = payload;
    }

  /* Bad input is reported before credentials are even looked for. */
  if (!lf_lambda_validate_invoke_request (&request, &error))
    return report_error ("invoke", error);

  client = make_client (&error);
  if (client == NULL)
    return report_error ("invoke", error);

  run_init (&run);
  lf_lambda_client_invoke_async (client, &request, run.cancellable, on_invoke_done, &run);
  run_wait (&run);

  /* A function error still prints what came back, as the AWS CLI does. */
  if (run.invoke_result != NULL)
    {
      g_autoptr(JsonNode) node = lf_invoke_result_to_json (run.invoke_result);
      print_json (node);
    }
  if (run.error != NULL)
    status = report_error ("invoke", run.error);

  run_clear (&run);
  return status;
}

/* delete-function *******************************************************************/

static void
on_delete_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;

  lf_lambda_client_delete_function_finish (LF_LAMBDA_CLIENT (object), result, &run->error);
  run_finish (run);
}

int
lf_cli_delete_function (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— delete a function or a version");
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *function_name = NULL;
  g_autofree char *qualifier = NULL;
  int status = LF_EXIT_OK;
  Run run;
  const GOptionEntry entries[] = {
    { "function-name", 0, 0, G_OPTION_ARG_STRING, &function_name,
      "The function's name or ARN", "NAME" },
    { "qualifier", 0, 0, G_OPTION_ARG_STRING, &qualifier,
      "Delete only this version", "VERSION" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_command_line (context, &argc, &argv, "delete-function", &status))
    return status;
  if (function_name == NULL)
    return usage_error (context, "delete-function", "--function-name is required");

  client = make_client (&error);
  if (client == NULL)
    return report_error ("delete-function", error);

  run_init (&run);
  lf_lambda_client_delete_function_async (client, function_name, qualifier, run.cancellable,
                                          on_delete_done, &run);
  run_wait (&run);

  if (run.error != NULL)
    status = report_error ("delete-function", run.error);

  run_clear (&run);
  return status;
}
