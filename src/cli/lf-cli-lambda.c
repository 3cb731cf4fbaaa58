/* lf-cli-lambda.c: list-functions, get-function, invoke and delete-function
 *
 * Flags are named as in the AWS CLI so that a command line moves between the two.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "lf-json-util.h"
#include "lf-aws-error.h"
#include "lf-cli.h"
#include "lf-cli-common.h"
#include "lf-cli-events.h"
#include "lf-lambda-client.h"

/* The record of a call for the run history: the wire's side, then what was asked. */
static JsonNode *
described (JsonNode   *wire,
           const char *operation,
           const char *function_name,
           const char *qualifier)
{
  JsonObject *object = json_node_get_object (wire);

  json_object_set_string_member (object, "operation", operation);
  if (function_name != NULL)
    json_object_set_string_member (object, "function_name", function_name);
  if (qualifier != NULL)
    json_object_set_string_member (object, "qualifier", qualifier);
  return wire;
}

/* list-functions ********************************************************************/

int
lf_cli_list_functions (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("— list the functions of an account"));
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *function_version = NULL;
  g_autofree char *master_region = NULL;
  LfListFunctionsOptions options = { 0 };
  int max_items = 0;
  int status = LF_EXIT_OK;
  LfCliRun run;
  const GOptionEntry entries[] = {
    { "max-items", 0, 0, G_OPTION_ARG_INT, &max_items,
      N_("Stop after this many functions (default: all of them)"), N_("N") },
    { "function-version", 0, 0, G_OPTION_ARG_STRING, &function_version,
      N_("ALL to list every published version too"), "ALL" },
    { "master-region", 0, 0, G_OPTION_ARG_STRING, &master_region,
      N_("List the Lambda@Edge replicas of this region's functions"), N_("REGION") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!lf_cli_parse_command_line (context, &argc, &argv, "list-functions", &status))
    return status;

  if (function_version != NULL && g_strcmp0 (function_version, "ALL") != 0)
    return lf_cli_usage_error (context, "list-functions", _("--function-version takes only ALL"));
  if (max_items < 0)
    return lf_cli_usage_error (context, "list-functions",
                               _("--max-items must be a positive number"));

  client = lf_cli_make_client (&error);
  if (client == NULL)
    return lf_cli_report_error ("list-functions", error);

  options.max_items = max_items;
  options.one_page = lf_cli_globals.no_paginate;
  options.all_versions = function_version != NULL;
  options.master_region = master_region;

  lf_cli_run_init (&run);
  lf_cli_run_record (&run, described (lf_lambda_client_describe_list_functions (client, &options),
                                      "ListFunctions", NULL, NULL));
  lf_lambda_client_list_functions_async (client, &options, NULL, NULL, NULL, run.cancellable,
                                         lf_cli_on_done, &run);
  run.output = lf_lambda_client_list_functions_finish (client, lf_cli_run_wait_result (&run),
                                                       &run.error);
  return lf_cli_run_print (&run, "list-functions");
}

/* get-function and delete-function **************************************************/

/* A command about one function: its words, its call, and what that call answers (NULL when
 * there is nothing to print). */
typedef struct
{
  const char *name;
  const char *parameters;
  const char *qualifier_help;
  const char *qualifier_argument;
  void      (*call)   (LfLambdaClient       *client,
                       const char           *function_name,
                       const char           *qualifier,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data);
  JsonNode *(*finish) (LfLambdaClient       *client,
                       GAsyncResult         *result,
                       GError              **error);
  JsonNode *(*describe) (LfLambdaClient     *client,
                         const char         *function_name,
                         const char         *qualifier);
  const char *operation;  /* as forms and the run history name it (AWS's action) */
} FunctionCommand;

static JsonNode *
delete_function_finish (LfLambdaClient  *client,
                        GAsyncResult    *result,
                        GError         **error)
{
  lf_lambda_client_delete_function_finish (client, result, error);
  return NULL;
}

static const FunctionCommand get_function = {
  "get-function", N_("— show a function's details"), N_("A version or alias"), N_("QUALIFIER"),
  lf_lambda_client_get_function_async, lf_lambda_client_get_function_finish,
  lf_lambda_client_describe_get_function, "GetFunction",
};

static const FunctionCommand delete_function = {
  "delete-function", N_("— delete a function or a version"), N_("Delete only this version"),
  N_("VERSION"), lf_lambda_client_delete_function_async, delete_function_finish,
  lf_lambda_client_describe_delete_function, "DeleteFunction",
};

/* --function-name (required) and --qualifier, the client, the call and its answer. */
static int
run_function_command (const FunctionCommand  *command,
                      int                     argc,
                      char                  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (command->parameters);
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *function_name = NULL;
  g_autofree char *qualifier = NULL;
  int status = LF_EXIT_OK;
  LfCliRun run;
  const GOptionEntry entries[] = {
    { "function-name", 0, 0, G_OPTION_ARG_STRING, &function_name,
      N_("The function's name or ARN"), N_("NAME") },
    { "qualifier", 0, 0, G_OPTION_ARG_STRING, &qualifier, command->qualifier_help,
      command->qualifier_argument },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!lf_cli_parse_command_line (context, &argc, &argv, command->name, &status))
    return status;
  if (function_name == NULL)
    return lf_cli_usage_error (context, command->name, _("--function-name is required"));
  client = lf_cli_make_client (&error);
  if (client == NULL)
    return lf_cli_report_error (command->name, error);

  lf_cli_run_init (&run);
  lf_cli_run_record (&run, described (command->describe (client, function_name, qualifier),
                                      command->operation, function_name, qualifier));
  command->call (client, function_name, qualifier, run.cancellable, lf_cli_on_done, &run);
  run.output = command->finish (client, lf_cli_run_wait_result (&run), &run.error);
  return lf_cli_run_print (&run, command->name);
}

int
lf_cli_get_function (int    argc,
                     char **argv)
{
  return run_function_command (&get_function, argc, argv);
}

int
lf_cli_delete_function (int    argc,
                        char **argv)
{
  return run_function_command (&delete_function, argc, argv);
}

/* invoke ****************************************************************************/

/* --payload takes JSON, or file://PATH and fileb://PATH (read as bytes) as the AWS CLI does;
 * with --cli-binary-format base64, text given inline is base64 of the payload. */
static GBytes *
load_payload (const char  *argument,
              gboolean     base64,
              GError     **error)
{
  if (base64 && !g_str_has_prefix (argument, "file://") && !g_str_has_prefix (argument, "fileb://"))
    {
      gsize length = 0;
      guchar *decoded;

      for (const char *p = argument; *p; p++)
        if (!(g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '=' || *p == '\n'))
          {
            g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                                 _("--payload is not base64: with --cli-binary-format base64 it "
                                   "must be; raw-in-base64-out takes JSON as it is"));
            return NULL;
          }
      decoded = g_base64_decode (argument, &length);
      return g_bytes_new_take (decoded, length);
    }
  if (g_str_has_prefix (argument, "file://") || g_str_has_prefix (argument, "fileb://"))
    {
      const char *path = strstr (argument, "://") + 3;
      g_autoptr(GError) local_error = NULL;
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, &local_error))
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("Could not read the payload file: %s"), local_error->message);
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
  g_autoptr(JsonNode) parsed = lf_json_parse (argument, -1, NULL);
  g_autofree guchar *decoded = NULL;
  gsize length = 0;

  if (parsed != NULL)
    return g_strdup (argument);

  for (const char *p = argument; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '='))
      goto invalid;

  decoded = g_base64_decode (argument, &length);
  if (decoded != NULL && g_utf8_validate ((const char *) decoded, length, NULL))
    return g_strndup ((const char *) decoded, length);

invalid:
  g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("--client-context must be a JSON object, or one encoded in base64"));
  return NULL;
}

/* The AWS CLI's form: the payload to OUTFILE, the rest printed as the AWS CLI prints it. */
/* A file is replaced whole (atomically); anything else that is there, such as /dev/null, a
 * pipe or /dev/stdout, is written to as the AWS CLI does, never replaced by a file. */
static gboolean
write_payload (const char  *path,
               const char  *data,
               gsize        size,
               GError     **error)
{
  GStatBuf st;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  if (g_stat (path, &st) != 0 || S_ISREG (st.st_mode))
    return g_file_set_contents (path, data, size, error);
  file = g_file_new_for_path (path);
  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error);
  return stream != NULL &&
         g_output_stream_write_all (G_OUTPUT_STREAM (stream), data, size, NULL, NULL, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

static gboolean
write_outfile (const char            *path,
               const LfInvokeResult  *result,
               GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) printed = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *data = result->payload ? g_bytes_get_data (result->payload, &size) : "";

  if (!write_payload (path, data ? data : "", size, &local_error))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("Could not write the answer to %s: %s"), path, local_error->message);
      return FALSE;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "StatusCode");
  json_builder_add_int_value (builder, result->status_code);
  if (result->function_error != NULL)
    {
      json_builder_set_member_name (builder, "FunctionError");
      json_builder_add_string_value (builder, result->function_error);
    }
  if (result->log_result != NULL)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) result->log_result,
                                                  strlen (result->log_result));

      json_builder_set_member_name (builder, "LogResult");
      json_builder_add_string_value (builder, encoded);
    }
  if (result->executed_version != NULL)
    {
      json_builder_set_member_name (builder, "ExecutedVersion");
      json_builder_add_string_value (builder, result->executed_version);
    }
  json_builder_end_object (builder);
  printed = json_builder_get_root (builder);
  lf_cli_print_json (printed);
  return TRUE;
}

/* invoke's flags, and what is read from them */
typedef struct
{
  char *function_name;
  char *qualifier;
  char *invocation_type;
  char *log_type;
  char *client_context_arg;
  char *payload_arg;
  char *event;
  char *client_context;
  GBytes *payload;
} InvokeFlags;

static void
invoke_flags_clear (InvokeFlags *flags)
{
  g_clear_pointer (&flags->function_name, g_free);
  g_clear_pointer (&flags->qualifier, g_free);
  g_clear_pointer (&flags->invocation_type, g_free);
  g_clear_pointer (&flags->log_type, g_free);
  g_clear_pointer (&flags->client_context_arg, g_free);
  g_clear_pointer (&flags->payload_arg, g_free);
  g_clear_pointer (&flags->event, g_free);
  g_clear_pointer (&flags->client_context, g_free);
  g_clear_pointer (&flags->payload, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (InvokeFlags, invoke_flags_clear)

static void
add_invoke_entries (GOptionContext *context,
                    InvokeFlags    *flags)
{
  const GOptionEntry entries[] = {
    { "function-name", 0, 0, G_OPTION_ARG_STRING, &flags->function_name,
      N_("The function's name or ARN"), N_("NAME") },
    { "invocation-type", 0, 0, G_OPTION_ARG_STRING, &flags->invocation_type,
      N_("RequestResponse (default), Event or DryRun"), N_("TYPE") },
    { "log-type", 0, 0, G_OPTION_ARG_STRING, &flags->log_type,
      N_("Tail to get the last 4 KB of the function's log"), "None|Tail" },
    { "qualifier", 0, 0, G_OPTION_ARG_STRING, &flags->qualifier, N_("A version or alias"),
      N_("QUALIFIER") },
    { "client-context", 0, 0, G_OPTION_ARG_STRING, &flags->client_context_arg,
      N_("A JSON object passed to the function's context"), "JSON" },
    { "payload", 0, 0, G_OPTION_ARG_STRING, &flags->payload_arg,
      N_("The event, as JSON or file://PATH"), "JSON" },
    { "event", 0, 0, G_OPTION_ARG_STRING, &flags->event,
      N_("Send a saved or shared test event of the function (events list shows them)"),
      N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_set_summary (context, _("With OUTFILE, the payload the function returned is "
                                           "written there and the rest printed, as the AWS CLI "
                                           "does; otherwise everything is printed."));
  g_option_context_add_main_entries (context, entries, NULL);
}

/* The request the flags describe, checked before credentials are even looked for. FALSE with
 * @status set when the command ends here. */
static gboolean
invoke_request_from_flags (GOptionContext  *context,
                           InvokeFlags     *flags,
                           LfInvokeRequest *request,
                           int             *status)
{
  g_autoptr(GError) error = NULL;

  request->function_name = flags->function_name;
  request->qualifier = flags->qualifier;
  if (flags->invocation_type != NULL &&
      !lf_invocation_type_from_string (flags->invocation_type, &request->invocation_type))
    {
      *status = lf_cli_usage_error (context, "invoke", _("--invocation-type must be "
                                                         "RequestResponse, Event or DryRun"));
      return FALSE;
    }
  if (flags->log_type == NULL || g_ascii_strcasecmp (flags->log_type, "None") == 0)
    request->log_type = LF_LOG_TYPE_NONE;
  else if (g_ascii_strcasecmp (flags->log_type, "Tail") == 0)
    request->log_type = LF_LOG_TYPE_TAIL;
  else
    {
      *status = lf_cli_usage_error (context, "invoke", _("--log-type must be None or Tail"));
      return FALSE;
    }

  if (flags->client_context_arg != NULL)
    {
      flags->client_context = load_client_context (flags->client_context_arg, &error);
      request->client_context = flags->client_context;
    }
  if (error == NULL && flags->payload_arg != NULL)
    {
      gboolean base64 = lf_cli_blobs_are_base64 (&error);

      if (error == NULL)
        flags->payload = load_payload (flags->payload_arg, base64, &error);
      request->payload = flags->payload;
    }
  if (error != NULL || !lf_lambda_validate_invoke_request (request, &error))
    {
      *status = lf_cli_report_error ("invoke", error);
      return FALSE;
    }
  return TRUE;
}

/* --event: the saved (or shared) event's payload, and its way of being sent unless
 * --invocation-type says otherwise. */
static gboolean
take_event (LfLambdaClient   *client,
            InvokeFlags      *flags,
            LfInvokeRequest  *request,
            GError          **error)
{
  g_autoptr(LfTestEvent) event = lf_cli_lookup_event (client, flags->function_name, flags->event,
                                                      error);
  const char *type;
  char *text;

  if (event == NULL)
    return FALSE;
  text = lf_json_to_text (lf_test_event_get_payload (event), 0);
  flags->payload = g_bytes_new_take (text, strlen (text));
  request->payload = flags->payload;
  type = lf_test_event_get_invocation_type (event);
  if (flags->invocation_type == NULL && type != NULL)
    lf_invocation_type_from_string (type, &request->invocation_type);
  return lf_lambda_validate_invoke_request (request, error);
}

static JsonNode *
describe_invoke (LfLambdaClient        *client,
                 const LfInvokeRequest *request,
                 gboolean               streaming)
{
  JsonNode *node = described (streaming ? lf_lambda_client_describe_invoke_stream (client, request)
                                        : lf_lambda_client_describe_invoke (client, request),
                              streaming ? "InvokeWithResponseStream" : "Invoke",
                              request->function_name, request->qualifier);
  JsonObject *object = json_node_get_object (node);
  gsize size = 0;
  const char *data = request->payload ? g_bytes_get_data (request->payload, &size) : NULL;

  json_object_set_string_member (object, "invocation_type",
                                 lf_invocation_type_to_string (request->invocation_type));
  /* As JSON when it is, else as text; bytes that are not text are not kept. */
  if (data != NULL && g_utf8_validate (data, size, NULL))
    {
      JsonNode *payload = lf_json_parse (data, size, NULL);

      if (payload == NULL)
        {
          g_autofree char *text = g_strndup (data, size);

          payload = json_node_init_string (json_node_alloc (), text);
        }
      json_object_set_member (object, "payload", payload);
    }
  return node;
}

/* A function error still prints what came back, as the AWS CLI does. */
static int
print_invoke_result (LfCliRun   *run,
                     const char *outfile)
{
  g_autoptr(GError) error = NULL;

  if (run->invoke_result != NULL && outfile != NULL)
    {
      if (!write_outfile (outfile, run->invoke_result, &error))
        return lf_cli_report_error ("invoke", error);
    }
  else if (run->invoke_result != NULL)
    {
      g_autoptr(JsonNode) node = lf_invoke_result_to_json (run->invoke_result);
      lf_cli_print_json (node);
    }
  if (run->error != NULL)
    return lf_cli_report_error ("invoke", run->error);
  return LF_EXIT_OK;
}

int
lf_cli_invoke (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— run a function"));
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(LfInvokeResult) invoke_result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(InvokeFlags) flags = { NULL };
  const char *outfile;
  LfInvokeRequest request = { 0 };
  int status = LF_EXIT_OK;
  LfCliRun run;

  add_invoke_entries (context, &flags);
  if (!lf_cli_parse_command_line_positional (context, &argc, &argv, "invoke", 1, &status))
    return status;
  if (flags.function_name == NULL)
    return lf_cli_usage_error (context, "invoke", _("--function-name is required"));
  outfile = argc > 1 ? argv[1] : NULL;
  if (!invoke_request_from_flags (context, &flags, &request, &status))
    return status;

  if (flags.event != NULL && flags.payload_arg != NULL)
    return lf_cli_usage_error (context, "invoke", _("--event and --payload cannot go together"));

  client = lf_cli_make_client (&error);
  if (client == NULL)
    return lf_cli_report_error ("invoke", error);
  if (flags.event != NULL && !take_event (client, &flags, &request, &error))
    return lf_cli_report_error ("invoke", error);

  lf_cli_run_init (&run);
  lf_cli_run_record (&run, describe_invoke (client, &request, FALSE));
  lf_lambda_client_invoke_async (client, &request, run.cancellable, lf_cli_on_done, &run);
  /* What came back is in run.invoke_result, a function error included. */
  invoke_result = lf_lambda_client_invoke_finish (client, lf_cli_run_wait_result (&run),
                                                  &run.invoke_result, &run.error);
  lf_cli_run_record_end (&run);
  status = print_invoke_result (&run, outfile);
  lf_cli_run_clear (&run);
  return status;
}

/* invoke-with-response-stream ***************************************************************/

/* What a streamed run keeps for the run history: the first megabyte of what came. */
#define STREAM_KEPT_BYTES (1024 * 1024)

static gboolean
write_stream_chunk (GBytes   *chunk,
                    gpointer  user_data,
                    GError  **error)
{
  GByteArray *kept = user_data;
  gsize size;
  const guint8 *data = g_bytes_get_data (chunk, &size);

  /* Each piece reaches the terminal, or the next program, as it arrives. */
  if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE,
                   _("The output could not be written: %s"), g_strerror (errno));
      return FALSE;
    }
  if (kept->len < STREAM_KEPT_BYTES)
    g_byte_array_append (kept, data, (guint) MIN (size, STREAM_KEPT_BYTES - kept->len));
  return TRUE;
}

int
lf_cli_invoke_with_response_stream (int    argc,
                                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (
    N_("— run a function and print its answer as it streams"));
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(LfInvokeResult) invoke_result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(InvokeFlags) flags = { NULL };
  GByteArray *kept = g_byte_array_new ();
  LfInvokeRequest request = { 0 };
  int status = LF_EXIT_OK;
  LfCliRun run;

  add_invoke_entries (context, &flags);
  g_option_context_set_summary (context, _("The answer's pieces go to standard output as they "
                                           "arrive; then the run's figures, as JSON, to "
                                           "standard error."));
  if (!lf_cli_parse_command_line (context, &argc, &argv, "invoke-with-response-stream", &status))
    {
      g_byte_array_unref (kept);
      return status;
    }
  if (flags.function_name == NULL)
    {
      g_byte_array_unref (kept);
      return lf_cli_usage_error (context, "invoke-with-response-stream",
                                 _("--function-name is required"));
    }
  if (!invoke_request_from_flags (context, &flags, &request, &status))
    {
      g_byte_array_unref (kept);
      return status;
    }
  client = lf_cli_make_client (&error);
  if (client == NULL || (flags.event != NULL && !take_event (client, &flags, &request, &error)))
    {
      g_byte_array_unref (kept);
      return lf_cli_report_error ("invoke-with-response-stream", error);
    }

  lf_cli_run_init (&run);
  lf_cli_run_record (&run, describe_invoke (client, &request, TRUE));
  lf_lambda_client_invoke_stream_async (client, &request, write_stream_chunk, kept,
                                        (GDestroyNotify) g_byte_array_unref, run.cancellable,
                                        lf_cli_on_done, &run);
  invoke_result = lf_lambda_client_invoke_stream_finish (client, lf_cli_run_wait_result (&run),
                                                         &run.invoke_result, &run.error);
  if (run.invoke_result != NULL)
    {
      g_autoptr(JsonNode) figures = lf_invoke_result_to_json (run.invoke_result);
      g_autofree char *text = lf_json_to_text (figures, 2);

      g_printerr ("%s\n", text);
      /* The run history keeps what came, as it does an Invoke's answer. */
      g_clear_pointer (&run.invoke_result->payload, g_bytes_unref);
      run.invoke_result->payload = g_bytes_new (kept->data, kept->len);
    }
  lf_cli_run_record_end (&run);
  if (run.error != NULL)
    status = lf_cli_report_error ("invoke-with-response-stream", run.error);
  lf_cli_run_clear (&run);
  return status;
}
