/* test-lambda-client.c: the Lambda client against the AWS stand-in (lf-test-server), which
 * checks every request's SigV4 signature
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include <libsoup/soup.h>

#include "lf-aws-error.h"
#include "lf-lambda-client.h"
#include "lf-signer.h"
#include "lf-static-credentials-provider.h"
#include "lf-test-core.h"
#include "lf-test-server.h"

#define TEST_TOKEN "TOKEN-test-123"
#define N_FUNCTIONS 120
#define LARGE_BLOB_LENGTH (7 * 1024 * 1024)
#define ARN "arn:aws:lambda:us-east-1:123456789012:function:my-fn"

#define TAIL_LOG "START RequestId: r1 Version: $LATEST\nhello\nEND RequestId: r1\n" \
                 "REPORT RequestId: r1\tDuration: 12.50 ms\tBilled Duration: 13 ms\t" \
                 "Memory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 101.25 ms\t\n"

static const char * const request_id[] = { "x-amzn-RequestId: req-0001", NULL };

/* The stand-in ******************************************************************************/

static LfTestServer *
stand_in_new (void)
{
  return lf_test_server_new ("lambda");
}

/* Queues one answer of @status with the usual request id and @body (nullable). */
static void
reply (LfTestServer *server,
       guint         status,
       const char   *body)
{
  lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, status, request_id, body, 0);
}

/* Every request the stand-in saw was signed as it checks. */
static void
assert_all_signed (LfTestServer *server)
{
  g_assert_cmpuint (lf_test_server_get_bad_signatures (server), ==, 0);
}

/* Request @index's path with its query, as the client asked for it. */
static char *
path_and_query (LfTestServer *server,
                guint         index)
{
  const char *query = lf_test_server_get_query (server, index);

  g_assert_nonnull (lf_test_server_get_path (server, index));
  return g_strconcat (lf_test_server_get_path (server, index), query ? "?" : "", query, NULL);
}

static char *
list_page (guint  start,
           guint  count)
{
  GString *out = g_string_new ("{\"Functions\":[");
  guint end = MIN (N_FUNCTIONS, start + count);

  for (guint i = start; i < end; i++)
    g_string_append_printf (out, "%s{\"FunctionName\":\"fn-%03u\",\"Runtime\":\"python3.12\"}",
                            i > start ? "," : "", i);
  g_string_append_c (out, ']');
  if (end < N_FUNCTIONS)
    g_string_append_printf (out, ",\"NextMarker\":\"m%u\"", end);
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

/* ListFunctions over N_FUNCTIONS functions, a page at a time as Marker and MaxItems ask. */
static void
answer_list (SoupServerMessage *msg,
             GHashTable        *query,
             GBytes            *body,
             gpointer           user_data)
{
  const char *marker = query ? g_hash_table_lookup (query, "Marker") : NULL;
  const char *max_items = query ? g_hash_table_lookup (query, "MaxItems") : NULL;
  guint start = marker ? (guint) g_ascii_strtoull (marker + 1, NULL, 10) : 0;
  guint count = max_items ? MIN (50, (guint) g_ascii_strtoull (max_items, NULL, 10)) : 50;
  g_autofree char *page = list_page (start, count);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, page,
                                    strlen (page));
}

/* An invocation answering its own event, with a log tail. */
static void
answer_echo_with_tail (SoupServerMessage *msg,
                       GHashTable        *query,
                       GBytes            *body,
                       gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *log = g_base64_encode ((const guchar *) TAIL_LOG, strlen (TAIL_LOG));
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, size);
  soup_message_headers_replace (headers, "X-Amz-Executed-Version", "$LATEST");
  soup_message_headers_replace (headers, "x-amzn-RequestId", "req-tail-1");
  soup_message_headers_replace (headers, "X-Amz-Log-Result", log);
}

/* The client and its calls ****************************************************************/

static LfLambdaClient *
make_client_for (const char *endpoint,
                 const char *token)
{
  g_autoptr(LfCredentials) credentials = lf_credentials_new (LF_TEST_KEY_ID, LF_TEST_SECRET,
                                                             token, NULL);
  g_autoptr(LfCredentialsProvider) provider = lf_static_credentials_provider_new (credentials);
  g_autoptr(GError) error = NULL;
  LfLambdaClient *client;

  client = lf_lambda_client_new (provider, LF_TEST_REGION, endpoint, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
  lf_lambda_client_set_backoff_scale (client, 0.001);
  /* An explicit read timeout: invocations go out at once, without asking first for the
   * function's own timeout (tests/test-client-policy.c covers that). */
  lf_lambda_client_set_timeouts (client, 0, 60);

  return client;
}

static LfLambdaClient *
make_client (LfTestServer *server,
             const char   *token)
{
  return make_client_for (lf_test_server_get_url (server), token);
}

/* A bare socket that keeps the request line as it came over the wire, then answers {}. The
 * line is kept before the answer is written, so it is there once the client has its answer. */
static gboolean
on_raw_connection (GThreadedSocketService *service,
                   GSocketConnection      *connection,
                   GObject                *source,
                   gpointer                user_data)
{
  char **request_line = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);
  const char *answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                       "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
  char *first = g_data_input_stream_read_line (data, NULL, NULL, NULL);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (data, NULL, NULL, NULL);

      if (line == NULL || line[0] == '\0' || g_str_equal (line, "\r"))
        break;
    }
  if (first != NULL)
    g_strchomp (first);
  g_atomic_pointer_set (request_line, first);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static JsonNode *
run_get_function (LfLambdaClient  *client,
                  const char      *name,
                  const char      *qualifier,
                  GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_lambda_client_get_function_async (client, name, qualifier, NULL, lf_test_keep_result,
                                       &result);
  return lf_lambda_client_get_function_finish (client, lf_test_wait_result (&result), error);
}

static LfInvokeResult *
run_invoke (LfLambdaClient         *client,
            const LfInvokeRequest  *request,
            GCancellable           *cancellable,
            LfInvokeResult        **out_result,
            GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_lambda_client_invoke_async (client, request, cancellable, lf_test_keep_result, &result);
  return lf_lambda_client_invoke_finish (client, lf_test_wait_result (&result), out_result,
                                         error);
}

static gboolean
run_delete (LfLambdaClient  *client,
            const char      *name,
            const char      *qualifier,
            GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_lambda_client_delete_function_async (client, name, qualifier, NULL, lf_test_keep_result,
                                          &result);
  return lf_lambda_client_delete_function_finish (client, lf_test_wait_result (&result), error);
}

static void
on_page (JsonArray *functions,
         gpointer   user_data)
{
  GPtrArray *pages = user_data;
  JsonObject *first = json_array_get_object_element (functions, 0);

  g_ptr_array_add (pages, g_strdup_printf ("%u:%s", json_array_get_length (functions),
                                           json_object_get_string_member (first, "FunctionName")));
}

static JsonNode *
run_list (LfLambdaClient               *client,
          const LfListFunctionsOptions *options,
          GPtrArray                    *pages,
          GError                      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_lambda_client_list_functions_async (client, options, on_page, pages, NULL, NULL,
                                         lf_test_keep_result, &result);
  return lf_lambda_client_list_functions_finish (client, lf_test_wait_result (&result), error);
}

static gboolean
on_while_over (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_set (gpointer flag)
{
  return *(gboolean *) flag;
}

/* Lets the main loop run for @ms, so that anything wrongly scheduled has the time to show. */
static void
let_time_pass (guint ms)
{
  gboolean over = FALSE;

  g_timeout_add (ms, on_while_over, &over);
  lf_test_wait_until (is_set, &over, "a pause");
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* Scenarios *************************************************************************/

static void
test_list_pagination (void)
{
  g_autoptr(LfTestServer) server = stand_in_new ();
  g_autoptr(LfLambdaClient) client = make_client (server, NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  LfListFunctionsOptions options = { 0 };
  JsonObject *object;
  JsonArray *functions;

  lf_test_server_set_handler (server, answer_list, NULL);
  root = run_list (client, NULL, pages, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);

  g_assert_cmpuint (lf_test_server_get_count (server), ==, 3);
  g_assert_null (lf_test_server_get_query (server, 0));
  g_assert_nonnull (strstr (lf_test_server_get_query (server, 1), "Marker=m50"));
  g_assert_nonnull (strstr (lf_test_server_get_query (server, 2), "Marker=m100"));

  g_assert_cmpuint (pages->len, ==, 3);
  g_assert_cmpstr (pages->pdata[0], ==, "50:fn-000");
  g_assert_cmpstr (pages->pdata[1], ==, "50:fn-050");
  g_assert_cmpstr (pages->pdata[2], ==, "20:fn-100");

  object = json_node_get_object (root);
  functions = json_object_get_array_member (object, "Functions");
  g_assert_cmpuint (json_array_get_length (functions), ==, N_FUNCTIONS);
  for (guint i = 0; i < N_FUNCTIONS; i++)
    {
      g_autofree char *expected = g_strdup_printf ("fn-%03u", i);
      JsonObject *fn = json_array_get_object_element (functions, i);

      g_assert_cmpstr (json_object_get_string_member (fn, "FunctionName"), ==, expected);
    }
  g_assert_false (json_object_has_member (object, "NextMarker"));

  /* MaxItems stops early and says where to go on. */
  g_clear_pointer (&root, json_node_unref);
  g_ptr_array_set_size (pages, 0);
  options.max_items = 70;

  root = run_list (client, &options, pages, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  object = json_node_get_object (root);
  functions = json_object_get_array_member (object, "Functions");
  g_assert_cmpuint (json_array_get_length (functions), ==, 70);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "NextMarker", NULL), ==,
                   "m70");
  g_assert_cmpuint (lf_test_server_get_count (server), ==, 3 + 2);
  g_assert_nonnull (strstr (lf_test_server_get_query (server, 3), "MaxItems=50"));
  g_assert_nonnull (strstr (lf_test_server_get_query (server, 4), "Marker=m50"));
  g_assert_nonnull (strstr (lf_test_server_get_query (server, 4), "MaxItems=20"));
  assert_all_signed (server);
}

static void
test_get_function_arn (void)
{
  g_autoptr(LfTestServer) server = stand_in_new ();
  g_autoptr(LfLambdaClient) client = make_client (server, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  JsonObject *configuration;

  reply (server, 200, "{\"Configuration\":{\"FunctionName\":\"my-fn\"}}");
  root = run_get_function (client, ARN, "prod", &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);

  /* libsoup's server decodes the path before we see it: one segment, the whole ARN. */
  path = path_and_query (server, 0);
  g_test_message ("GetFunction path as libsoup's server gives it: %s", path);
  g_assert_cmpstr (path, ==, "/2015-03-31/functions/" ARN "?Qualifier=prod");

  configuration = json_object_get_object_member (json_node_get_object (root), "Configuration");
  g_assert_nonnull (configuration);
  g_assert_cmpstr (json_object_get_string_member (configuration, "FunctionName"), ==, "my-fn");
  assert_all_signed (server);

  /* On the wire the colons must be %3A, as signed. */
  {
    GSocketService *raw = g_threaded_socket_service_new (1);
    g_autoptr(GInetAddress) address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (address, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_autoptr(LfLambdaClient) raw_client = NULL;
    g_autoptr(JsonNode) raw_root = NULL;
    g_autofree char *endpoint = NULL;
    g_autofree char *request_line = NULL;

    g_socket_listener_add_address (G_SOCKET_LISTENER (raw), any_port, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
    g_assert_no_error (error);
    g_signal_connect (raw, "run", G_CALLBACK (on_raw_connection), &request_line);
    g_socket_service_start (raw);
    endpoint = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    raw_client = make_client_for (endpoint, NULL);

    raw_root = run_get_function (raw_client, ARN, "prod", &error);
    g_assert_no_error (error);
    g_assert_nonnull (g_atomic_pointer_get (&request_line));

    g_test_message ("On the wire: %s", request_line);
    g_assert_cmpstr (request_line, ==, "GET /2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A"
                                       "123456789012%3Afunction%3Amy-fn?Qualifier=prod HTTP/1.1");
    g_socket_service_stop (raw);
    g_socket_listener_close (G_SOCKET_LISTENER (raw));
    g_object_unref (raw);
  }
}

static void
test_invoke_tail (void)
{
  g_autoptr(LfTestServer) server = stand_in_new ();
  g_autoptr(LfLambdaClient) client = make_client (server, NULL);
  g_autoptr(LfInvokeResult) result = NULL;
  g_autoptr(GBytes) payload = bytes_from_string ("{\"name\":\"world\"}");
  g_autoptr(GError) error = NULL;
  LfInvokeRequest request = {
    .function_name = "my-fn",
    .invocation_type = LF_INVOCATION_REQUEST_RESPONSE,
    .log_type = LF_LOG_TYPE_TAIL,
    .payload = payload,
  };

  lf_test_server_set_handler (server, answer_echo_with_tail, NULL);
  result = run_invoke (client, &request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
  g_assert_cmpstr (lf_test_server_get_header (server, 0, "X-Amz-Invocation-Type"), ==,
                   "RequestResponse");
  g_assert_cmpstr (lf_test_server_get_header (server, 0, "X-Amz-Log-Type"), ==, "Tail");
  g_assert_cmpstr (lf_test_server_get_path (server, 0), ==,
                   "/2015-03-31/functions/my-fn/invocations");
  g_assert_null (lf_test_server_get_query (server, 0));

  g_assert_cmpuint (result->status_code, ==, 200);
  g_assert_nonnull (result->payload);
  g_assert_true (g_bytes_equal (result->payload, payload));
  g_assert_cmpstr (result->executed_version, ==, "$LATEST");
  g_assert_cmpstr (result->request_id, ==, "req-tail-1");
  g_assert_null (result->function_error);
  g_assert_nonnull (result->log_result);
  g_assert_nonnull (strstr (result->log_result, "hello"));
  g_assert_true (result->has_report);
  g_assert_cmpfloat_with_epsilon (result->duration_ms, 12.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->billed_duration_ms, 13, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->memory_size_mb, 128, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->max_memory_used_mb, 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->init_duration_ms, 101.25, 1e-9);
  g_assert_cmpuint (result->attempts, ==, 1);
  g_assert_cmpfloat (result->round_trip_ms, >=, 0);
  assert_all_signed (server);
}

static void
test_invoke_event_dry_run (void)
{
  g_autoptr(LfTestServer) server = stand_in_new ();
  g_autoptr(LfLambdaClient) client = make_client (server, NULL);
  g_autoptr(GBytes) payload = bytes_from_string ("{}");
  const struct
  {
    LfInvocationType type;
    const char *header;
    guint status;
  } cases[] = {
    { LF_INVOCATION_EVENT, "Event", 202 },
    { LF_INVOCATION_DRY_RUN, "DryRun", 204 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    reply (server, cases[i].status, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LfInvokeResult) result = NULL;
      g_autoptr(GError) error = NULL;
      LfInvokeRequest request = {
        .function_name = "my-fn",
        .invocation_type = cases[i].type,
        .payload = payload,
      };

      result = run_invoke (client, &request, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (result);
      g_assert_cmpuint (lf_test_server_get_count (server), ==, i + 1);
      g_assert_cmpstr (lf_test_server_get_header (server, i, "X-Amz-Invocation-Type"), ==,
                       cases[i].header);
      g_assert_cmpuint (result->status_code, ==, cases[i].status);
      g_assert_cmpuint (result->attempts, ==, 1);
    }
  assert_all_signed (server);
}

static void
test_function_error (void)
{
  g_autoptr(LfTestServer) server = stand_in_new ();
  g_autoptr(LfLambdaClient) client = make_client (server, NULL);
  g_autoptr(LfInvokeResult) result = NULL;
  g_autoptr(LfInvokeResult) out_result = NULL;
  g_autoptr(GError) error = NULL;
  const char *headers[] = {
    "x-amzn-RequestId: req-0001", "X-Amz-Function-Error: Unhandled",
    "X-Amz-Executed-Version: $LATEST", NULL,
  };
  LfInvokeRequest request = {
    .function_name = "my-fn",
    .invocation_type = LF_INVOCATION_REQUEST_RESPONSE,
  };

  lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, 200, headers,
                        "{\"errorType\":\"ValueError\",\"errorMessage\":\"boom\"}", 0);
  result = run_invoke (client, &request, NULL, &out_result, &error);
  g_assert_null (result);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_FUNCTION);
  g_assert_nonnull (strstr (error->message, "boom"));
  g_assert_nonnull (out_result);
  g_assert_cmpstr (out_result->function_error, ==, "Unhandled");
  g_assert_cmpuint (out_result->status_code, ==, 200);
  g_assert_nonnull (out_result->payload);
  g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
  assert_all_signed (server);
}

/* Queues an error answer: @status, @type (nullable) as x-amzn-ErrorType, @body. The last
 * answer queued serves every request that follows. */
static void
reply_error (LfTestServer *server,
              guint         status,
              const char   *type,
              const char   *body)
{
  g_autofree char *type_header = type ? g_strconcat ("x-amzn-ErrorType: ", type, NULL) : NULL;
  const char *headers[] = { request_id[0], type_header, NULL };

  lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, status, headers, body, 0);
}

static void
test_error_shapes (void)
{
  const struct
  {
    guint status;
    const char *type_header;
    const char *body;
    LfAwsErrorCode code;
    const char *aws_code;
    const char *message_part;
    guint requests;
  } cases[] = {
    { 404, "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awslambda/",
      "{\"Type\":\"User\",\"Message\":\"Function not found: x\"}",
      LF_AWS_ERROR_NOT_FOUND, "ResourceNotFoundException", "Function not found", 1 },
    { 403, NULL, "{\"__type\":\"AccessDeniedException\",\"message\":\"no\"}",
      LF_AWS_ERROR_ACCESS_DENIED, "AccessDeniedException", "no", 1 },
    { 413, NULL, "{\"code\":\"RequestTooLargeException\",\"message\":\"big\"}",
      LF_AWS_ERROR_PAYLOAD_TOO_LARGE, "RequestTooLargeException", "big", 1 },
    { 400, "InvalidRequestContentException", "{\"message\":\"Could not parse request body\"}",
      LF_AWS_ERROR_INVALID_REQUEST, "InvalidRequestContentException", "Could not parse", 1 },
    { 500, "ServiceException", "{\"Type\":\"Service\",\"message\":\"internal\"}",
      LF_AWS_ERROR_SERVICE, "ServiceException", NULL, 3 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LfTestServer) server = stand_in_new ();
      g_autoptr(LfLambdaClient) client = make_client (server, NULL);
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;

      reply_error (server, cases[i].status, cases[i].type_header, cases[i].body);
      g_test_message ("Error case %" G_GSIZE_FORMAT ": %u", i, cases[i].status);
      root = run_get_function (client, "my-fn", NULL, &error);
      g_assert_null (root);
      g_assert_error (error, LF_AWS_ERROR, (gint) cases[i].code);
      g_assert_cmpstr (lf_aws_error_get_aws_code (error), ==, cases[i].aws_code);
      g_assert_cmpuint (lf_aws_error_get_http_status (error), ==, cases[i].status);
      g_assert_cmpstr (lf_aws_error_get_request_id (error), ==, "req-0001");
      if (cases[i].message_part != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].message_part));
      g_assert_cmpuint (lf_test_server_get_count (server), ==, cases[i].requests);
      assert_all_signed (server);
    }
}

#define RATE_EXCEEDED "{\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\"," \
                      "\"Type\":\"User\",\"message\":\"Rate Exceeded.\"}"

static void
test_throttling (void)
{
  g_autoptr(GBytes) payload = bytes_from_string ("{}");
  LfInvokeRequest request = {
    .function_name = "my-fn",
    .invocation_type = LF_INVOCATION_REQUEST_RESPONSE,
    .payload = payload,
  };

  /* Throttled once: sent again, and the second answer is the result. */
  {
    g_autoptr(LfTestServer) server = stand_in_new ();
    g_autoptr(LfLambdaClient) client = make_client (server, NULL);
    g_autoptr(LfInvokeResult) result = NULL;
    g_autoptr(GError) error = NULL;

    reply_error (server, 429, "TooManyRequestsException", RATE_EXCEEDED);
    reply (server, 200, "{\"ok\":true}");
    result = run_invoke (client, &request, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (result);
    g_assert_cmpuint (result->status_code, ==, 200);
    g_assert_cmpuint (result->attempts, ==, 2);
    g_assert_cmpuint (lf_test_server_get_count (server), ==, 2);
    assert_all_signed (server);
  }

  /* A 5xx after an Invoke: the function may have run, so it is not sent again. */
  {
    g_autoptr(LfTestServer) server = stand_in_new ();
    g_autoptr(LfLambdaClient) client = make_client (server, NULL);
    g_autoptr(LfInvokeResult) result = NULL;
    g_autoptr(GError) error = NULL;

    reply_error (server, 503, NULL,
                  "{\"__type\":\"ServiceUnavailableException\",\"message\":\"later\"}");
    reply (server, 200, "{\"ok\":true}");
    result = run_invoke (client, &request, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_SERVICE);
    g_assert_true (lf_aws_error_get_may_have_run (error));
    g_assert_cmpstr (lf_aws_error_get_request_id (error), ==, "req-0001");
    g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
    assert_all_signed (server);
  }

  /* Always throttled: give up after the third attempt. */
  {
    g_autoptr(LfTestServer) server = stand_in_new ();
    g_autoptr(LfLambdaClient) client = make_client (server, NULL);
    g_autoptr(LfInvokeResult) result = NULL;
    g_autoptr(GError) error = NULL;

    reply_error (server, 429, "TooManyRequestsException", RATE_EXCEEDED);
    result = run_invoke (client, &request, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_THROTTLED);
    g_assert_cmpuint (lf_aws_error_get_http_status (error), ==, 429);
    g_assert_cmpuint (lf_test_server_get_count (server), ==, 3);
    assert_all_signed (server);
  }
}

static gboolean
stand_in_holds_request (gpointer server)
{
  return lf_test_server_get_count (server) > 0;
}

static void
test_cancel (void)
{
  g_autoptr(LfTestServer) server = stand_in_new ();
  g_autoptr(LfLambdaClient) client = make_client (server, NULL);
  g_autoptr(LfInvokeResult) invoked = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) payload = bytes_from_string ("{}");
  g_autoptr(GError) error = NULL;
  LfInvokeRequest request = {
    .function_name = "my-fn",
    .invocation_type = LF_INVOCATION_REQUEST_RESPONSE,
    .payload = payload,
  };

  /* An answer that would come long after the watchdog: only the cancellation ends the call. */
  lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, 200, request_id, "{}",
                        10 * LF_TEST_WATCHDOG_SECONDS * 1000);
  lf_lambda_client_invoke_async (client, &request, cancellable, lf_test_keep_result, &result);
  lf_test_wait_until (stand_in_holds_request, server, "the stand-in holding the request");
  g_cancellable_cancel (cancellable);
  invoked = lf_lambda_client_invoke_finish (client, lf_test_wait_result (&result), NULL, &error);
  g_assert_null (invoked);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED);

  /* Give a wrongly scheduled retry the time to show up. */
  let_time_pass (100);
  g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
  assert_all_signed (server);
}

static void
test_dropped_connection (void)
{
  g_autoptr(LfTestServer) server = stand_in_new ();
  g_autoptr(LfLambdaClient) client = make_client (server, NULL);
  g_autoptr(GBytes) payload = bytes_from_string ("{}");
  LfInvokeRequest request = {
    .function_name = "my-fn",
    .invocation_type = LF_INVOCATION_REQUEST_RESPONSE,
    .payload = payload,
  };

  lf_test_server_reply (server, LF_TEST_REPLY_DROP, 0, NULL, NULL, 0);

  /* The invocation may have run: not sent again. */
  {
    g_autoptr(LfInvokeResult) result = NULL;
    g_autoptr(GError) error = NULL;

    result = run_invoke (client, &request, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT);
    g_test_message ("Invoke: %s", error->message);
    g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
  }

  /* A read is tried three times in all. */
  {
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(GError) error = NULL;

    root = run_get_function (client, "my-fn", NULL, &error);
    g_assert_null (root);
    g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT);
    g_assert_cmpuint (lf_test_server_get_count (server), ==, 1 + 3);
  }
  assert_all_signed (server);
}

static void
test_large_response (void)
{
  g_autoptr(LfTestServer) server = stand_in_new ();
  g_autoptr(LfLambdaClient) client = make_client (server, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *blob = NULL;
  g_autofree char *body = NULL;
  JsonObject *configuration;
  const char *got;

  blob = g_malloc (LARGE_BLOB_LENGTH + 1);
  memset (blob, 'a', LARGE_BLOB_LENGTH);
  blob[LARGE_BLOB_LENGTH] = '\0';
  body = g_strconcat ("{\"Configuration\":{\"FunctionName\":\"x\",\"Blob\":\"", blob, "\"}}", NULL);
  reply (server, 200, body);

  root = run_get_function (client, "x", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  configuration = json_object_get_object_member (json_node_get_object (root), "Configuration");
  g_assert_cmpstr (json_object_get_string_member (configuration, "FunctionName"), ==, "x");
  got = json_object_get_string_member (configuration, "Blob");
  g_assert_cmpuint (strlen (got), ==, LARGE_BLOB_LENGTH);
  g_assert_cmpstr (got, ==, blob);
  g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
  assert_all_signed (server);
}

/* The stand-in's clock is ten minutes ahead: it says the first signature expired, gives its
 * Date, and takes the second, signed by its clock (within the verifier's fifteen minutes). */
static void
test_clock_skew (void)
{
  g_autoptr(LfTestServer) server = stand_in_new ();
  g_autoptr(LfLambdaClient) client = make_client (server, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ahead = g_date_time_add_minutes (now, 10);
  g_autofree char *date = soup_date_time_to_string (ahead, SOUP_DATE_HTTP);
  g_autofree char *date_header = g_strconcat ("Date: ", date, NULL);
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) second = NULL;
  const char *headers[] = { request_id[0], date_header, NULL };

  lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, 403, headers,
                        "{\"__type\":\"InvalidSignatureException\",\"message\":"
                        "\"Signature expired: 20200101T000000Z is now earlier than "
                        "20200101T000500Z (20200101T001000Z - 5 min.)\"}", 0);
  reply (server, 200, "{\"Configuration\":{\"FunctionName\":\"x\"}}");

  root = run_get_function (client, "my-fn", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpuint (lf_test_server_get_count (server), ==, 2);

  first = lf_signer_parse_amz_date (lf_test_server_get_header (server, 0, "X-Amz-Date"), &error);
  g_assert_no_error (error);
  second = lf_signer_parse_amz_date (lf_test_server_get_header (server, 1, "X-Amz-Date"), &error);
  g_assert_no_error (error);
  g_test_message ("X-Amz-Date %s then %s", lf_test_server_get_header (server, 0, "X-Amz-Date"),
                  lf_test_server_get_header (server, 1, "X-Amz-Date"));
  g_assert_cmpint (g_date_time_difference (second, first), >=, 9 * G_TIME_SPAN_MINUTE);
  assert_all_signed (server);
}

static void
test_bad_input (void)
{
  g_autoptr(LfTestServer) server = stand_in_new ();
  g_autoptr(LfLambdaClient) client = make_client (server, NULL);
  g_autofree char *long_name = g_strnfill (65, 'f');
  g_autoptr(GBytes) good = bytes_from_string ("{}");
  g_autoptr(GBytes) bad_json = bytes_from_string ("{bad");
  g_autoptr(GBytes) sync_big = NULL;
  g_autoptr(GBytes) async_big = NULL;
  char *data;
  const struct
  {
    const char *name;
    const char *qualifier;
    LfInvocationType type;
    GBytes **payload;
    const char *client_context;
    LfAwsErrorCode code;
  } cases[] = {
    { "", NULL, LF_INVOCATION_REQUEST_RESPONSE, &good, NULL, LF_AWS_ERROR_INVALID_INPUT },
    { "bad name", NULL, LF_INVOCATION_REQUEST_RESPONSE, &good, NULL, LF_AWS_ERROR_INVALID_INPUT },
    { long_name, NULL, LF_INVOCATION_REQUEST_RESPONSE, &good, NULL, LF_AWS_ERROR_INVALID_INPUT },
    { "my-fn", "a b", LF_INVOCATION_REQUEST_RESPONSE, &good, NULL, LF_AWS_ERROR_INVALID_INPUT },
    { "my-fn", NULL, LF_INVOCATION_REQUEST_RESPONSE, &bad_json, NULL, LF_AWS_ERROR_INVALID_INPUT },
    { "my-fn", NULL, LF_INVOCATION_REQUEST_RESPONSE, &sync_big, NULL, LF_AWS_ERROR_PAYLOAD_TOO_LARGE },
    { "my-fn", NULL, LF_INVOCATION_EVENT, &async_big, NULL, LF_AWS_ERROR_PAYLOAD_TOO_LARGE },
    { "my-fn", NULL, LF_INVOCATION_REQUEST_RESPONSE, &good, "[1]", LF_AWS_ERROR_INVALID_INPUT },
  };

  /* Valid JSON of the sizes that must be refused: a long string. */
  data = g_malloc (7 * 1024 * 1024);
  memset (data, 'a', 7 * 1024 * 1024);
  data[0] = '"';
  data[7 * 1024 * 1024 - 1] = '"';
  sync_big = g_bytes_new_take (data, 7 * 1024 * 1024);
  async_big = g_bytes_new_from_bytes (sync_big, 0, 1536 * 1024);
  reply (server, 200, "{}");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LfInvokeResult) result = NULL;
      g_autoptr(GError) error = NULL;
      LfInvokeRequest request = {
        .function_name = cases[i].name,
        .qualifier = cases[i].qualifier,
        .invocation_type = cases[i].type,
        .payload = *cases[i].payload,
        .client_context = cases[i].client_context,
      };

      g_test_message ("Bad input case %" G_GSIZE_FORMAT, i);
      result = run_invoke (client, &request, NULL, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, LF_AWS_ERROR, (gint) cases[i].code);
    }

  /* The same names through GetFunction and DeleteFunction. */
  for (gsize i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;

      root = run_get_function (client, cases[i].name, cases[i].qualifier, &error);
      g_assert_null (root);
      g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
      g_clear_error (&error);

      g_assert_false (run_delete (client, cases[i].name, cases[i].qualifier, &error));
      g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
    }

  g_assert_cmpuint (lf_test_server_get_count (server), ==, 0);
  assert_all_signed (server);
}

static void
test_session_token (void)
{
  LfTestServerSetup setup = { .service = "lambda", .session_token = TEST_TOKEN };
  g_autoptr(LfTestServer) server = lf_test_server_new_full (&setup);
  g_autoptr(LfLambdaClient) client = make_client (server, TEST_TOKEN);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *algorithm = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *signature = NULL;
  g_auto(GStrv) signed_names = NULL;

  reply (server, 200, "{}");
  root = run_get_function (client, "my-fn", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
  assert_all_signed (server);
  g_assert_cmpstr (lf_test_server_get_header (server, 0, "X-Amz-Security-Token"), ==, TEST_TOKEN);
  g_assert_true (lf_test_parse_authorization (lf_test_server_get_header (server, 0,
                                                                         "Authorization"),
                                              &algorithm, &credential, &signed_headers,
                                              &signature));
  g_assert_cmpstr (algorithm, ==, "AWS4-HMAC-SHA256");
  signed_names = g_strsplit (signed_headers, ";", -1);
  g_assert_true (g_strv_contains ((const char * const *) signed_names, "x-amz-security-token"));
  g_assert_true (g_strv_contains ((const char * const *) signed_names, "x-amz-date"));
  g_assert_true (g_strv_contains ((const char * const *) signed_names, "host"));
}

static void
test_delete_function (void)
{
  const guint statuses[] = { 204, 200 };

  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(LfTestServer) server = stand_in_new ();
      g_autoptr(LfLambdaClient) client = make_client (server, NULL);
      g_autoptr(GError) error = NULL;

      reply (server, statuses[i], statuses[i] == 204 ? NULL : "{}");
      g_assert_true (run_delete (client, "my-fn", NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
      g_assert_cmpstr (lf_test_server_get_path (server, 0), ==, "/2015-03-31/functions/my-fn");
      g_assert_nonnull (lf_test_server_get_header (server, 0, "X-Amz-Date"));
      assert_all_signed (server);
    }
}

#ifdef LF_TEST_TLS_ONLY
/* A self-hosted endpoint over TLS with its own certificate authority: refused by default,
 * trusted once the client is given the CA file. */
static void
run_certtool (const char *dir,
              const char *args)
{
  g_autofree char *command = g_strdup_printf ("certtool %s", args);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  int wait_status = 0;

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_spawn_sync (dir, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
}

static void
test_custom_ca_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lf-test-tls-XXXXXX", NULL);
  g_autofree char *ca_template = g_build_filename (dir, "ca.tmpl", NULL);
  g_autofree char *server_template = g_build_filename (dir, "server.tmpl", NULL);
  g_autofree char *ca_pem = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *server_pem = g_build_filename (dir, "server.pem", NULL);
  g_autofree char *server_key = g_build_filename (dir, "server.key", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(LfTestServer) server = NULL;
  g_autoptr(LfLambdaClient) untrusting = NULL;
  g_autoptr(LfLambdaClient) trusting = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  LfTestServerSetup setup = { .service = "lambda" };

  g_assert_nonnull (dir);
  g_assert_true (g_file_set_contents (ca_template,
                                      "cn = LambdaForms test CA\nca\ncert_signing_key\n"
                                      "expiration_days = 2\n", -1, NULL));
  g_assert_true (g_file_set_contents (server_template,
                                      "cn = 127.0.0.1\nip_address = 127.0.0.1\ntls_www_server\n"
                                      "signing_key\nencryption_key\nexpiration_days = 2\n",
                                      -1, NULL));
  run_certtool (dir, "--generate-privkey --key-type=ecdsa --outfile ca.key");
  run_certtool (dir, "--generate-self-signed --load-privkey ca.key --template ca.tmpl "
                     "--outfile ca.pem");
  run_certtool (dir, "--generate-privkey --key-type=ecdsa --outfile server.key");
  run_certtool (dir, "--generate-certificate --load-privkey server.key --load-ca-certificate "
                     "ca.pem --load-ca-privkey ca.key --template server.tmpl --outfile server.pem");

  certificate = g_tls_certificate_new_from_files (server_pem, server_key, &error);
  g_assert_no_error (error);
  setup.certificate = certificate;
  server = lf_test_server_new_full (&setup);
  g_assert_true (g_str_has_prefix (lf_test_server_get_url (server), "https://"));
  reply (server, 200, "{\"Configuration\":{\"FunctionName\":\"my-fn\"}}");

  untrusting = make_client (server, NULL);
  lf_lambda_client_set_max_attempts (untrusting, 1);
  result = run_get_function (untrusting, ARN, "prod", &error);
  g_assert_null (result);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT);
  g_clear_error (&error);
  g_assert_cmpuint (lf_test_server_get_count (server), ==, 0);

  trusting = make_client (server, NULL);
  g_assert_false (lf_lambda_client_set_ca_file (trusting, "/nonexistent/ca.pem", &error));
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (lf_lambda_client_set_ca_file (trusting, ca_pem, &error));
  g_assert_no_error (error);
  result = run_get_function (trusting, ARN, "prod", &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
  assert_all_signed (server);

  for (const char *const *name = (const char *const[]) { "ca.tmpl", "server.tmpl", "ca.key",
                                                          "ca.pem", "server.key", "server.pem",
                                                          NULL }; *name; name++)
    {
      g_autofree char *path = g_build_filename (dir, *name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}
#endif

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* TLS goes through glib-networking's GnuTLS module, whose thread-local state LeakSanitizer
   * cannot walk: that case is built into its own program, run without leak checking. */
#ifdef LF_TEST_TLS_ONLY
  g_test_add_func ("/lambda-client/custom-ca-file", test_custom_ca_file);
  return g_test_run ();
#endif

  g_test_add_func ("/lambda-client/list-functions/pagination", test_list_pagination);
  g_test_add_func ("/lambda-client/get-function/arn", test_get_function_arn);
  g_test_add_func ("/lambda-client/invoke/tail", test_invoke_tail);
  g_test_add_func ("/lambda-client/invoke/event-dry-run", test_invoke_event_dry_run);
  g_test_add_func ("/lambda-client/invoke/function-error", test_function_error);
  g_test_add_func ("/lambda-client/errors/shapes", test_error_shapes);
  g_test_add_func ("/lambda-client/errors/throttling", test_throttling);
  g_test_add_func ("/lambda-client/cancel", test_cancel);
  g_test_add_func ("/lambda-client/dropped-connection", test_dropped_connection);
  g_test_add_func ("/lambda-client/large-response", test_large_response);
  g_test_add_func ("/lambda-client/clock-skew", test_clock_skew);
  g_test_add_func ("/lambda-client/bad-input", test_bad_input);
  g_test_add_func ("/lambda-client/session-token", test_session_token);
  g_test_add_func ("/lambda-client/delete-function", test_delete_function);

  return g_test_run ();
}
