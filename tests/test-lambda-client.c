/* test-lambda-client.c: the Lambda client against an in-process server that checks SigV4
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

#define TEST_KEY_ID "AKIDTESTCLIENT"
#define TEST_SECRET "test-secret-client"
#define TEST_TOKEN "TOKEN-test-123"
#define TEST_REGION "us-east-1"
#define N_FUNCTIONS 120
#define LARGE_BLOB_LENGTH (7 * 1024 * 1024)

#define TAIL_LOG "START RequestId: r1 Version: $LATEST\nhello\nEND RequestId: r1\n" \
                 "REPORT RequestId: r1\tDuration: 12.50 ms\tBilled Duration: 13 ms\t" \
                 "Memory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 101.25 ms\t\n"

typedef enum
{
  MODE_OK,              /* 200 {} to anything */
  MODE_LIST,
  MODE_GET_ARN,
  MODE_INVOKE_TAIL,
  MODE_INVOKE_STATUS,
  MODE_FUNCTION_ERROR,
  MODE_FAIL_THEN_OK,    /* fail_count answers of err_*, then 200 */
  MODE_PAUSE,
  MODE_DROP,
  MODE_LARGE,
  MODE_SKEW,
  MODE_DELETE,
} Mode;

typedef struct
{
  SoupServer *server;
  LfSigner *signer;
  LfCredentials *verify_credentials;
  guint port;
  char *base_url;

  Mode mode;
  guint requests;
  guint signature_failures;

  /* What each request carried, in order. */
  GPtrArray *paths;          /* raw path, with "?query" if any */
  GPtrArray *amz_dates;
  GPtrArray *signed_headers;
  GPtrArray *tokens;         /* "" when absent */
  GPtrArray *invocation_types;
  GPtrArray *log_types;

  /* MODE_FAIL_THEN_OK */
  guint fail_count;
  guint err_status;
  const char *err_type_header;
  const char *err_body;

  /* MODE_DELETE */
  guint ok_status;

  SoupServerMessage *paused;
  char *large_body;
} Fixture;

static Fixture fx;

static const char *
header_or_empty (SoupMessageHeaders *headers,
                 const char         *name)
{
  const char *value = soup_message_headers_get_one (headers, name);

  return value ? value : "";
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                      body, strlen (body));
}

/* libsoup's server hands over the path with escapes such as %3A already decoded (the client
 * does send "%3A": see test_get_function_arn), so encode each segment again as it came. */
static char *
reencode_path (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);

  for (guint i = 0; segments[i]; i++)
    {
      g_autofree char *raw = g_uri_unescape_string (segments[i], NULL);

      g_free (segments[i]);
      segments[i] = g_uri_escape_string (raw ? raw : "", NULL, FALSE);
    }
  return g_strjoinv ("/", segments);
}

/* Checks the request's Authorization with our own signer, as Lambda would. */
static gboolean
verify_signature (SoupServerMessage  *msg,
                  char              **why)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *prefix = "AWS4-HMAC-SHA256 ";
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) scope = NULL;
  g_auto(GStrv) only = NULL;
  const char *credential = NULL;
  const char *signed_list = NULL;
  const char *signature_hex = NULL;
  g_autoptr(GArray) lf_headers = g_array_new (FALSE, FALSE, sizeof (LfHeader));
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  GUri *uri = soup_server_message_get_uri (msg);
  LfSignRequest request = { 0 };
  gsize body_length = 0;

  if (auth == NULL || !g_str_has_prefix (auth, prefix))
    {
      *why = g_strdup_printf ("bad Authorization: %s", auth ? auth : "(none)");
      return FALSE;
    }

  parts = g_strsplit (auth + strlen (prefix), ", ", -1);
  for (guint i = 0; parts[i]; i++)
    {
      if (g_str_has_prefix (parts[i], "Credential="))
        credential = parts[i] + strlen ("Credential=");
      else if (g_str_has_prefix (parts[i], "SignedHeaders="))
        signed_list = parts[i] + strlen ("SignedHeaders=");
      else if (g_str_has_prefix (parts[i], "Signature="))
        signature_hex = parts[i] + strlen ("Signature=");
    }
  if (credential == NULL || signed_list == NULL || signature_hex == NULL)
    {
      *why = g_strdup_printf ("incomplete Authorization: %s", auth);
      return FALSE;
    }

  scope = g_strsplit (credential, "/", -1);
  if (g_strv_length (scope) != 5 || !g_str_equal (scope[0], TEST_KEY_ID) ||
      !g_str_equal (scope[2], TEST_REGION) || !g_str_equal (scope[3], "lambda") ||
      !g_str_equal (scope[4], "aws4_request"))
    {
      *why = g_strdup_printf ("bad credential scope: %s", credential);
      return FALSE;
    }

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      LfHeader header = { (char *) name, (char *) value };
      g_array_append_val (lf_headers, header);
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  path = reencode_path (g_uri_get_path (uri));
  url = g_strdup_printf ("http://127.0.0.1:%u%s%s%s", fx.port, path,
                         g_uri_get_query (uri) ? "?" : "",
                         g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  only = g_strsplit (signed_list, ";", -1);

  request.method = soup_server_message_get_method (msg);
  request.url = url;
  request.headers = (const LfHeader *) lf_headers->data;
  request.n_headers = lf_headers->len;
  request.body = g_bytes_get_data (body, &body_length);
  request.body_length = body_length;
  request.region = TEST_REGION;
  request.service = "lambda";
  request.amz_date = soup_message_headers_get_one (headers, "X-Amz-Date");
  request.only_headers = (const char **) only;

  signature = lf_signer_sign (fx.signer, &request, fx.verify_credentials, &error);
  if (signature == NULL)
    {
      *why = g_strdup_printf ("could not sign: %s", error->message);
      return FALSE;
    }
  if (!g_str_equal (signature->signature, signature_hex))
    {
      *why = g_strdup_printf ("signature mismatch: got %s, expected %s\n%s", signature_hex,
                              signature->signature, signature->canonical_request);
      return FALSE;
    }

  g_ptr_array_add (fx.signed_headers, g_strdup (signed_list));
  return TRUE;
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

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *why = NULL;

  fx.requests++;
  g_ptr_array_add (fx.paths, g_strdup_printf ("%s%s%s", g_uri_get_path (uri),
                                              g_uri_get_query (uri) ? "?" : "",
                                              g_uri_get_query (uri) ? g_uri_get_query (uri) : ""));
  g_ptr_array_add (fx.amz_dates, g_strdup (header_or_empty (req, "X-Amz-Date")));
  g_ptr_array_add (fx.tokens, g_strdup (header_or_empty (req, "X-Amz-Security-Token")));
  g_ptr_array_add (fx.invocation_types, g_strdup (header_or_empty (req, "X-Amz-Invocation-Type")));
  g_ptr_array_add (fx.log_types, g_strdup (header_or_empty (req, "X-Amz-Log-Type")));

  if (!verify_signature (msg, &why))
    {
      g_test_message ("Request %u to %s refused: %s", fx.requests, (char *) fx.paths->pdata[fx.paths->len - 1], why);
      fx.signature_failures++;
      respond (msg, 403, "{\"__type\":\"InvalidSignatureException\","
                         "\"message\":\"The request signature we calculated does not match\"}");
      return;
    }

  soup_message_headers_replace (resp, "x-amzn-RequestId", "req-0001");

  switch (fx.mode)
    {
    case MODE_OK:
      respond (msg, 200, "{}");
      break;

    case MODE_LIST:
      {
        const char *marker = query ? g_hash_table_lookup (query, "Marker") : NULL;
        const char *max_items = query ? g_hash_table_lookup (query, "MaxItems") : NULL;
        guint start = marker ? (guint) g_ascii_strtoull (marker + 1, NULL, 10) : 0;
        guint count = max_items ? MIN (50, (guint) g_ascii_strtoull (max_items, NULL, 10)) : 50;
        g_autofree char *body = list_page (start, count);

        respond (msg, 200, body);
      }
      break;

    case MODE_GET_ARN:
      respond (msg, 200, "{\"Configuration\":{\"FunctionName\":\"my-fn\"}}");
      break;

    case MODE_INVOKE_TAIL:
      {
        g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
        g_autofree char *log = g_base64_encode ((const guchar *) TAIL_LOG, strlen (TAIL_LOG));
        gsize size = 0;
        const char *data = g_bytes_get_data (body, &size);

        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, size);
        soup_message_headers_replace (resp, "X-Amz-Executed-Version", "$LATEST");
        soup_message_headers_replace (resp, "x-amzn-RequestId", "req-tail-1");
        soup_message_headers_replace (resp, "X-Amz-Log-Result", log);
      }
      break;

    case MODE_INVOKE_STATUS:
      {
        const char *type = header_or_empty (req, "X-Amz-Invocation-Type");

        if (g_str_equal (type, "Event"))
          respond (msg, 202, NULL);
        else if (g_str_equal (type, "DryRun"))
          respond (msg, 204, NULL);
        else
          respond (msg, 400, "{\"__type\":\"InvalidParameterValueException\",\"message\":\"type\"}");
      }
      break;

    case MODE_FUNCTION_ERROR:
      soup_message_headers_replace (resp, "X-Amz-Function-Error", "Unhandled");
      soup_message_headers_replace (resp, "X-Amz-Executed-Version", "$LATEST");
      respond (msg, 200, "{\"errorType\":\"ValueError\",\"errorMessage\":\"boom\"}");
      break;

    case MODE_FAIL_THEN_OK:
      if (fx.requests <= fx.fail_count)
        {
          if (fx.err_type_header != NULL)
            soup_message_headers_replace (resp, "x-amzn-ErrorType", fx.err_type_header);
          respond (msg, fx.err_status, fx.err_body);
        }
      else
        {
          respond (msg, 200, "{\"ok\":true}");
        }
      break;

    case MODE_PAUSE:
      soup_server_message_pause (msg);
      g_set_object (&fx.paused, msg);
      break;

    case MODE_DROP:
      {
        GIOStream *stream = soup_server_message_steal_connection (msg);

        g_io_stream_close (stream, NULL, NULL);
        g_object_unref (stream);
      }
      break;

    case MODE_LARGE:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        fx.large_body, strlen (fx.large_body));
      break;

    case MODE_SKEW:
      if (fx.requests == 1)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autoptr(GDateTime) ahead = g_date_time_add_hours (now, 1);
          g_autofree char *date = soup_date_time_to_string (ahead, SOUP_DATE_HTTP);

          soup_message_headers_replace (resp, "Date", date);
          respond (msg, 403, "{\"__type\":\"InvalidSignatureException\",\"message\":"
                             "\"Signature expired: 20200101T000000Z is now earlier than "
                             "20200101T000500Z (20200101T001000Z - 5 min.)\"}");
        }
      else
        {
          respond (msg, 200, "{\"Configuration\":{\"FunctionName\":\"x\"}}");
        }
      break;

    case MODE_DELETE:
      respond (msg, fx.ok_status, fx.ok_status == 204 ? NULL : "{}");
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
fixture_setup (Mode mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, 0);
  GSList *uris;

  memset (&fx, 0, sizeof fx);
  fx.mode = mode;
  fx.signer = lf_signer_new ();
  fx.verify_credentials = lf_credentials_new (TEST_KEY_ID, TEST_SECRET, NULL, NULL);
  fx.paths = g_ptr_array_new_with_free_func (g_free);
  fx.amz_dates = g_ptr_array_new_with_free_func (g_free);
  fx.signed_headers = g_ptr_array_new_with_free_func (g_free);
  fx.tokens = g_ptr_array_new_with_free_func (g_free);
  fx.invocation_types = g_ptr_array_new_with_free_func (g_free);
  fx.log_types = g_ptr_array_new_with_free_func (g_free);

  fx.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fx.server, NULL, server_callback, NULL, NULL);
  soup_server_listen (fx.server, socket_address, 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fx.server);
  g_assert_nonnull (uris);
  fx.port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_cmpuint (fx.port, >, 0);
  fx.base_url = g_strdup_printf ("http://127.0.0.1:%u", fx.port);
}

static void
fixture_teardown (void)
{
  g_assert_cmpuint (fx.signature_failures, ==, 0);

  if (fx.paused != NULL)
    {
      soup_server_message_set_status (fx.paused, 500, NULL);
      soup_server_message_unpause (fx.paused);
      g_clear_object (&fx.paused);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;

  soup_server_disconnect (fx.server);
  g_clear_object (&fx.server);
  g_clear_object (&fx.signer);
  g_clear_pointer (&fx.verify_credentials, lf_credentials_unref);
  g_clear_pointer (&fx.paths, g_ptr_array_unref);
  g_clear_pointer (&fx.amz_dates, g_ptr_array_unref);
  g_clear_pointer (&fx.signed_headers, g_ptr_array_unref);
  g_clear_pointer (&fx.tokens, g_ptr_array_unref);
  g_clear_pointer (&fx.invocation_types, g_ptr_array_unref);
  g_clear_pointer (&fx.log_types, g_ptr_array_unref);
  g_clear_pointer (&fx.large_body, g_free);
  g_clear_pointer (&fx.base_url, g_free);
}

static LfLambdaClient *
make_client_for (const char *endpoint,
                 const char *token)
{
  g_autoptr(LfCredentials) credentials = lf_credentials_new (TEST_KEY_ID, TEST_SECRET, token, NULL);
  g_autoptr(LfCredentialsProvider) provider = lf_static_credentials_provider_new (credentials);
  g_autoptr(GError) error = NULL;
  LfLambdaClient *client;

  client = lf_lambda_client_new (provider, TEST_REGION, endpoint, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
  lf_lambda_client_set_backoff_scale (client, 0.001);
  /* An explicit read timeout: invocations go out at once, without asking first for the
   * function's own timeout (tests/test-client-policy.c covers that). */
  lf_lambda_client_set_timeouts (client, 0, 60);

  return client;
}

static LfLambdaClient *
make_client (const char *token)
{
  return make_client_for (fx.base_url, token);
}

/* A bare socket that keeps the request line as it came over the wire, then answers {}. */
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
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  if (first != NULL)
    g_strchomp (first);
  g_atomic_pointer_set (request_line, first);

  return TRUE;
}

/* Driving the asynchronous calls ****************************************************/

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static JsonNode *
run_get_function (LfLambdaClient  *client,
                  const char      *name,
                  const char      *qualifier,
                  GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_lambda_client_get_function_async (client, name, qualifier, NULL, on_done, &result);
  return lf_lambda_client_get_function_finish (client, wait_for (&result), error);
}

static LfInvokeResult *
run_invoke (LfLambdaClient         *client,
            const LfInvokeRequest  *request,
            GCancellable           *cancellable,
            LfInvokeResult        **out_result,
            GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_lambda_client_invoke_async (client, request, cancellable, on_done, &result);
  return lf_lambda_client_invoke_finish (client, wait_for (&result), out_result, error);
}

static gboolean
run_delete (LfLambdaClient  *client,
            const char      *name,
            GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_lambda_client_delete_function_async (client, name, NULL, NULL, on_done, &result);
  return lf_lambda_client_delete_function_finish (client, wait_for (&result), error);
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
                                         on_done, &result);
  return lf_lambda_client_list_functions_finish (client, wait_for (&result), error);
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
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  LfListFunctionsOptions options = { 0 };
  JsonObject *object;
  JsonArray *functions;

  fixture_setup (MODE_LIST);
  client = make_client (NULL);

  root = run_list (client, NULL, pages, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);

  g_assert_cmpuint (fx.requests, ==, 3);
  g_assert_false (strstr (fx.paths->pdata[0], "Marker="));
  g_assert_nonnull (strstr (fx.paths->pdata[1], "Marker=m50"));
  g_assert_nonnull (strstr (fx.paths->pdata[2], "Marker=m100"));

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
  fx.requests = 0;
  g_ptr_array_set_size (fx.paths, 0);
  options.max_items = 70;

  root = run_list (client, &options, pages, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  object = json_node_get_object (root);
  functions = json_object_get_array_member (object, "Functions");
  g_assert_cmpuint (json_array_get_length (functions), ==, 70);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "NextMarker", NULL), ==,
                   "m70");
  g_assert_cmpuint (fx.requests, ==, 2);
  g_assert_nonnull (strstr (fx.paths->pdata[0], "MaxItems=50"));
  g_assert_nonnull (strstr (fx.paths->pdata[1], "Marker=m50"));
  g_assert_nonnull (strstr (fx.paths->pdata[1], "MaxItems=20"));

  fixture_teardown ();
}

static void
test_get_function_arn (void)
{
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;
  JsonObject *configuration;

  fixture_setup (MODE_GET_ARN);
  client = make_client (NULL);

  root = run_get_function (client, "arn:aws:lambda:us-east-1:123456789012:function:my-fn", "prod",
                           &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpuint (fx.requests, ==, 1);

  /* libsoup's server decodes the path before we see it: one segment, the whole ARN. */
  path = fx.paths->pdata[0];
  g_test_message ("GetFunction path as libsoup's server gives it: %s", path);
  g_assert_cmpstr (path, ==, "/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:"
                             "function:my-fn?Qualifier=prod");

  configuration = json_object_get_object_member (json_node_get_object (root), "Configuration");
  g_assert_nonnull (configuration);
  g_assert_cmpstr (json_object_get_string_member (configuration, "FunctionName"), ==, "my-fn");

  /* On the wire the colons must be %3A, as signed. */
  {
    GSocketService *raw = g_threaded_socket_service_new (1);
    g_autoptr(GInetAddress) address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (address, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_autoptr(LfLambdaClient) raw_client = NULL;
    g_autoptr(JsonNode) raw_root = NULL;
    g_autofree char *endpoint = NULL;
    char *request_line = NULL;

    g_socket_listener_add_address (G_SOCKET_LISTENER (raw), any_port, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
    g_assert_no_error (error);
    g_signal_connect (raw, "run", G_CALLBACK (on_raw_connection), &request_line);
    g_socket_service_start (raw);
    endpoint = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    raw_client = make_client_for (endpoint, NULL);

    raw_root = run_get_function (raw_client, "arn:aws:lambda:us-east-1:123456789012:function:my-fn",
                                 "prod", &error);
    g_assert_no_error (error);
    while (g_atomic_pointer_get (&request_line) == NULL)
      g_main_context_iteration (NULL, FALSE);

    g_test_message ("On the wire: %s", request_line);
    g_assert_nonnull (strstr (request_line, "arn%3Aaws%3Alambda"));
    g_assert_cmpstr (request_line, ==, "GET /2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A"
                                       "123456789012%3Afunction%3Amy-fn?Qualifier=prod HTTP/1.1");
    g_free (request_line);
    g_socket_service_stop (raw);
    g_socket_listener_close (G_SOCKET_LISTENER (raw));
    g_object_unref (raw);
  }

  fixture_teardown ();
}

static void
test_invoke_tail (void)
{
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(LfInvokeResult) result = NULL;
  g_autoptr(GBytes) payload = bytes_from_string ("{\"name\":\"world\"}");
  g_autoptr(GError) error = NULL;
  LfInvokeRequest request = {
    .function_name = "my-fn",
    .invocation_type = LF_INVOCATION_REQUEST_RESPONSE,
    .log_type = LF_LOG_TYPE_TAIL,
    .payload = payload,
  };

  fixture_setup (MODE_INVOKE_TAIL);
  client = make_client (NULL);

  result = run_invoke (client, &request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  g_assert_cmpuint (fx.requests, ==, 1);
  g_assert_cmpstr (fx.invocation_types->pdata[0], ==, "RequestResponse");
  g_assert_cmpstr (fx.log_types->pdata[0], ==, "Tail");
  g_assert_cmpstr (fx.paths->pdata[0], ==, "/2015-03-31/functions/my-fn/invocations");

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

  fixture_teardown ();
}

static void
test_invoke_event_dry_run (void)
{
  g_autoptr(LfLambdaClient) client = NULL;
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

  fixture_setup (MODE_INVOKE_STATUS);
  client = make_client (NULL);

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
      g_assert_cmpuint (fx.requests, ==, i + 1);
      g_assert_cmpstr (fx.invocation_types->pdata[i], ==, cases[i].header);
      g_assert_cmpuint (result->status_code, ==, cases[i].status);
      g_assert_cmpuint (result->attempts, ==, 1);
    }

  fixture_teardown ();
}

static void
test_function_error (void)
{
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(LfInvokeResult) result = NULL;
  g_autoptr(LfInvokeResult) out_result = NULL;
  g_autoptr(GError) error = NULL;
  LfInvokeRequest request = {
    .function_name = "my-fn",
    .invocation_type = LF_INVOCATION_REQUEST_RESPONSE,
  };

  fixture_setup (MODE_FUNCTION_ERROR);
  client = make_client (NULL);

  result = run_invoke (client, &request, NULL, &out_result, &error);
  g_assert_null (result);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_FUNCTION);
  g_assert_nonnull (strstr (error->message, "boom"));
  g_assert_nonnull (out_result);
  g_assert_cmpstr (out_result->function_error, ==, "Unhandled");
  g_assert_cmpuint (out_result->status_code, ==, 200);
  g_assert_nonnull (out_result->payload);
  g_assert_cmpuint (fx.requests, ==, 1);

  fixture_teardown ();
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
      g_autoptr(LfLambdaClient) client = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;

      fixture_setup (MODE_FAIL_THEN_OK);
      fx.fail_count = G_MAXUINT;
      fx.err_status = cases[i].status;
      fx.err_type_header = cases[i].type_header;
      fx.err_body = cases[i].body;
      client = make_client (NULL);

      g_test_message ("Error case %" G_GSIZE_FORMAT ": %u", i, cases[i].status);
      root = run_get_function (client, "my-fn", NULL, &error);
      g_assert_null (root);
      g_assert_error (error, LF_AWS_ERROR, (gint) cases[i].code);
      g_assert_cmpstr (lf_aws_error_get_aws_code (error), ==, cases[i].aws_code);
      g_assert_cmpuint (lf_aws_error_get_http_status (error), ==, cases[i].status);
      g_assert_cmpstr (lf_aws_error_get_request_id (error), ==, "req-0001");
      if (cases[i].message_part != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].message_part));
      g_assert_cmpuint (fx.requests, ==, cases[i].requests);

      fixture_teardown ();
    }
}

static void
test_throttling (void)
{
  const struct
  {
    guint status;
    const char *type_header;
    const char *body;
    guint fail_count;
  } cases[] = {
    { 429, "TooManyRequestsException",
      "{\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\",\"Type\":\"User\","
      "\"message\":\"Rate Exceeded.\"}", 1 },
  };
  g_autoptr(GBytes) payload = bytes_from_string ("{}");
  LfInvokeRequest request = {
    .function_name = "my-fn",
    .invocation_type = LF_INVOCATION_REQUEST_RESPONSE,
    .payload = payload,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LfLambdaClient) client = NULL;
      g_autoptr(LfInvokeResult) result = NULL;
      g_autoptr(GError) error = NULL;

      fixture_setup (MODE_FAIL_THEN_OK);
      fx.fail_count = cases[i].fail_count;
      fx.err_status = cases[i].status;
      fx.err_type_header = cases[i].type_header;
      fx.err_body = cases[i].body;
      client = make_client (NULL);

      result = run_invoke (client, &request, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (result);
      g_assert_cmpuint (result->status_code, ==, 200);
      g_assert_cmpuint (result->attempts, ==, 2);
      g_assert_cmpuint (fx.requests, ==, 2);

      fixture_teardown ();
    }

  /* A 5xx after an Invoke: the function may have run, so it is not sent again. */
  {
    g_autoptr(LfLambdaClient) client = NULL;
    g_autoptr(LfInvokeResult) result = NULL;
    g_autoptr(GError) error = NULL;

    fixture_setup (MODE_FAIL_THEN_OK);
    fx.fail_count = 1;
    fx.err_status = 503;
    fx.err_body = "{\"__type\":\"ServiceUnavailableException\",\"message\":\"later\"}";
    client = make_client (NULL);

    result = run_invoke (client, &request, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_SERVICE);
    g_assert_true (lf_aws_error_get_may_have_run (error));
    g_assert_cmpstr (lf_aws_error_get_request_id (error), ==, "req-0001");
    g_assert_cmpuint (fx.requests, ==, 1);
    fixture_teardown ();
  }

  /* Always throttled: give up after the third attempt. */
  {
    g_autoptr(LfLambdaClient) client = NULL;
    g_autoptr(LfInvokeResult) result = NULL;
    g_autoptr(GError) error = NULL;

    fixture_setup (MODE_FAIL_THEN_OK);
    fx.fail_count = G_MAXUINT;
    fx.err_status = 429;
    fx.err_type_header = "TooManyRequestsException";
    fx.err_body = cases[0].body;
    client = make_client (NULL);

    result = run_invoke (client, &request, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_THROTTLED);
    g_assert_cmpuint (lf_aws_error_get_http_status (error), ==, 429);
    g_assert_cmpuint (fx.requests, ==, 3);

    fixture_teardown ();
  }
}

static gboolean
cancel_soon (gpointer user_data)
{
  /* Slow runs (valgrind): wait until the server holds the request. */
  if (fx.paused == NULL)
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(LfInvokeResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) payload = bytes_from_string ("{}");
  g_autoptr(GError) error = NULL;
  LfInvokeRequest request = {
    .function_name = "my-fn",
    .invocation_type = LF_INVOCATION_REQUEST_RESPONSE,
    .payload = payload,
  };

  fixture_setup (MODE_PAUSE);
  client = make_client (NULL);

  g_timeout_add_full (G_PRIORITY_DEFAULT, 50, cancel_soon, g_object_ref (cancellable),
                      g_object_unref);
  result = run_invoke (client, &request, cancellable, NULL, &error);
  g_assert_null (result);
  g_assert_nonnull (fx.paused);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED);

  /* Give a wrongly scheduled retry the time to show up. */
  {
    gint64 until = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (fx.requests, ==, 1);

  fixture_teardown ();
}

static void
test_dropped_connection (void)
{
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GBytes) payload = bytes_from_string ("{}");
  LfInvokeRequest request = {
    .function_name = "my-fn",
    .invocation_type = LF_INVOCATION_REQUEST_RESPONSE,
    .payload = payload,
  };

  fixture_setup (MODE_DROP);
  client = make_client (NULL);

  {
    g_autoptr(LfInvokeResult) result = NULL;
    g_autoptr(GError) error = NULL;

    result = run_invoke (client, &request, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT);
    g_test_message ("Invoke: %s", error->message);
    g_assert_cmpuint (fx.requests, ==, 1);
  }

  fx.requests = 0;
  {
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(GError) error = NULL;

    root = run_get_function (client, "my-fn", NULL, &error);
    g_assert_null (root);
    g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT);
    g_assert_cmpuint (fx.requests, ==, 3);
  }

  fixture_teardown ();
}

static void
test_large_response (void)
{
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *blob = NULL;
  JsonObject *configuration;
  const char *got;

  fixture_setup (MODE_LARGE);
  blob = g_malloc (LARGE_BLOB_LENGTH + 1);
  memset (blob, 'a', LARGE_BLOB_LENGTH);
  blob[LARGE_BLOB_LENGTH] = '\0';
  fx.large_body = g_strconcat ("{\"Configuration\":{\"FunctionName\":\"x\",\"Blob\":\"", blob,
                               "\"}}", NULL);
  client = make_client (NULL);

  root = run_get_function (client, "x", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  configuration = json_object_get_object_member (json_node_get_object (root), "Configuration");
  g_assert_cmpstr (json_object_get_string_member (configuration, "FunctionName"), ==, "x");
  got = json_object_get_string_member (configuration, "Blob");
  g_assert_cmpuint (strlen (got), ==, LARGE_BLOB_LENGTH);
  g_assert_cmpstr (got, ==, blob);
  g_assert_cmpuint (fx.requests, ==, 1);

  fixture_teardown ();
}

static void
test_clock_skew (void)
{
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) second = NULL;
  GTimeSpan difference;

  fixture_setup (MODE_SKEW);
  client = make_client (NULL);

  root = run_get_function (client, "my-fn", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpuint (fx.requests, ==, 2);

  first = lf_signer_parse_amz_date (fx.amz_dates->pdata[0], &error);
  g_assert_no_error (error);
  second = lf_signer_parse_amz_date (fx.amz_dates->pdata[1], &error);
  g_assert_no_error (error);
  difference = g_date_time_difference (second, first);
  g_test_message ("X-Amz-Date %s then %s", (char *) fx.amz_dates->pdata[0],
                  (char *) fx.amz_dates->pdata[1]);
  g_assert_cmpint (difference, >=, 55 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (difference, <=, 65 * G_TIME_SPAN_MINUTE);

  fixture_teardown ();
}

static void
test_bad_input (void)
{
  g_autoptr(LfLambdaClient) client = NULL;
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

  fixture_setup (MODE_OK);
  client = make_client (NULL);

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
      g_autoptr(GAsyncResult) result = NULL;

      root = run_get_function (client, cases[i].name, cases[i].qualifier, &error);
      g_assert_null (root);
      g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
      g_clear_error (&error);

      lf_lambda_client_delete_function_async (client, cases[i].name, cases[i].qualifier, NULL,
                                              on_done, &result);
      g_assert_false (lf_lambda_client_delete_function_finish (client, wait_for (&result), &error));
      g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
    }

  g_assert_cmpuint (fx.requests, ==, 0);

  fixture_teardown ();
}

static void
test_session_token (void)
{
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) signed_names = NULL;

  fixture_setup (MODE_OK);
  client = make_client (TEST_TOKEN);

  root = run_get_function (client, "my-fn", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fx.requests, ==, 1);
  g_assert_cmpstr (fx.tokens->pdata[0], ==, TEST_TOKEN);
  g_assert_cmpuint (fx.signed_headers->len, ==, 1);
  signed_names = g_strsplit (fx.signed_headers->pdata[0], ";", -1);
  g_assert_true (g_strv_contains ((const char * const *) signed_names, "x-amz-security-token"));
  g_assert_true (g_strv_contains ((const char * const *) signed_names, "x-amz-date"));
  g_assert_true (g_strv_contains ((const char * const *) signed_names, "host"));

  fixture_teardown ();
}

static void
test_delete_function (void)
{
  const guint statuses[] = { 204, 200 };

  for (gsize i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(LfLambdaClient) client = NULL;
      g_autoptr(GError) error = NULL;

      fixture_setup (MODE_DELETE);
      fx.ok_status = statuses[i];
      client = make_client (NULL);

      g_assert_true (run_delete (client, "my-fn", &error));
      g_assert_no_error (error);
      g_assert_cmpuint (fx.requests, ==, 1);
      g_assert_cmpstr (fx.paths->pdata[0], ==, "/2015-03-31/functions/my-fn");

      fixture_teardown ();
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
  g_autoptr(GInetAddress) address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, 0);
  g_autoptr(LfLambdaClient) untrusting = NULL;
  g_autoptr(LfLambdaClient) trusting = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *https_url = NULL;
  g_autoptr(JsonNode) result = NULL;
  SoupServer *plain_server;
  GSList *uris;

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

  fixture_setup (MODE_OK);

  /* The same handlers, behind TLS on another port. */
  certificate = g_tls_certificate_new_from_files (server_pem, server_key, &error);
  g_assert_no_error (error);
  plain_server = fx.server;
  fx.server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (fx.server, NULL, server_callback, NULL, NULL);
  soup_server_listen (fx.server, socket_address, SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fx.server);
  https_url = g_strdup_printf ("https://127.0.0.1:%u", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  untrusting = make_client_for (https_url, NULL);
  lf_lambda_client_set_max_attempts (untrusting, 1);
  result = run_get_function (untrusting, "arn:aws:lambda:us-east-1:123456789012:function:my-fn",
                             "prod", &error);
  g_assert_null (result);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT);
  g_clear_error (&error);

  trusting = make_client_for (https_url, NULL);
  g_assert_false (lf_lambda_client_set_ca_file (trusting, "/nonexistent/ca.pem", &error));
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (lf_lambda_client_set_ca_file (trusting, ca_pem, &error));
  g_assert_no_error (error);
  result = run_get_function (trusting, "arn:aws:lambda:us-east-1:123456789012:function:my-fn",
                             "prod", &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  soup_server_disconnect (plain_server);
  g_object_unref (plain_server);
  fixture_teardown ();
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
