/* test-client-policy.c: each row of the retry table, errors in every format, limits counted
 * as bytes arrive, deep JSON; the Lambda client against the AWS stand-in (lf-test-server)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lf-aws-error.h"
#include "lf-json-util.h"
#include "lf-lambda-client.h"
#include "lf-static-credentials-provider.h"
#include "lf-test-core.h"
#include "lf-test-server.h"

#define FUNCTIONS "/2015-03-31/functions/"
#define INVOKE_PATH FUNCTIONS "fn/invocations"

static const char * const request_id[] = { "x-amzn-RequestId: req-standin-1", NULL };

static LfLambdaClient *
client_for (LfTestServer *server)
{
  g_autoptr(LfCredentials) credentials = lf_credentials_new (LF_TEST_KEY_ID, LF_TEST_SECRET,
                                                             NULL, NULL);
  g_autoptr(LfCredentialsProvider) provider = lf_static_credentials_provider_new (credentials);
  g_autoptr(GError) error = NULL;
  LfLambdaClient *client = lf_lambda_client_new (provider, LF_TEST_REGION,
                                                 lf_test_server_get_url (server), &error);

  g_assert_no_error (error);
  lf_lambda_client_set_backoff_scale (client, 0.001);
  return client;
}

/* The kinds of call of the table, each run once and waited for. */
typedef enum
{
  KIND_READ,
  KIND_DELETE,
  KIND_INVOKE,
} Kind;

static const char *kind_names[] = { "read", "delete", "invoke" };

static gboolean
run_kind (LfLambdaClient  *client,
          Kind             kind,
          GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) payload = g_bytes_new_static ("{}", 2);
  LfInvokeRequest request = { .function_name = "fn", .payload = payload };
  gboolean ok;

  switch (kind)
    {
    case KIND_READ:
      lf_lambda_client_get_function_async (client, "fn", NULL, NULL, lf_test_keep_result, &result);
      break;
    case KIND_DELETE:
      lf_lambda_client_delete_function_async (client, "fn", NULL, NULL, lf_test_keep_result,
                                              &result);
      break;
    case KIND_INVOKE:
    default:
      lf_lambda_client_invoke_async (client, &request, NULL, lf_test_keep_result, &result);
      break;
    }
  lf_test_wait_result (&result);

  switch (kind)
    {
    case KIND_READ:
      {
        g_autoptr(JsonNode) node = lf_lambda_client_get_function_finish (client, result, error);
        ok = node != NULL;
      }
      break;
    case KIND_DELETE:
      ok = lf_lambda_client_delete_function_finish (client, result, error);
      break;
    case KIND_INVOKE:
    default:
      {
        g_autoptr(LfInvokeResult) invoked = lf_lambda_client_invoke_finish (client, result, NULL,
                                                                            error);
        ok = invoked != NULL;
      }
    }
  return ok;
}

/* One row: the first answer fails as @failure says, the second succeeds. */
typedef struct
{
  const char *name;
  LfTestReplyKind reply;
  guint status;
  const char *error_type;   /* x-amzn-ErrorType */
  guint delay_ms;
  gboolean invoke_retried;  /* the table's invoke column */
} Row;

static const Row rows[] = {
  { "throttled", LF_TEST_REPLY_ANSWER, 429, "TooManyRequestsException", 0, TRUE },
  { "setup-refused", LF_TEST_REPLY_ANSWER, 502, "EC2ThrottledException", 0, TRUE },
  { "server-error", LF_TEST_REPLY_ANSWER, 503, "ServiceException", 0, FALSE },
  { "gateway-timeout", LF_TEST_REPLY_ANSWER, 504, NULL, 0, FALSE },
  { "no-answer-in-time", LF_TEST_REPLY_ANSWER, 200, NULL, 3000, FALSE },
  { "connection-lost", LF_TEST_REPLY_DROP, 0, NULL, 0, FALSE },
};

static void
test_row (gconstpointer data)
{
  const Row *row = data;

  for (Kind kind = KIND_READ; kind <= KIND_INVOKE; kind++)
    {
      g_autoptr(LfTestServer) server = lf_test_server_new ("lambda");
      g_autoptr(LfLambdaClient) client = client_for (server);
      g_autoptr(GError) error = NULL;
      g_autofree char *type = row->error_type ? g_strdup_printf ("x-amzn-ErrorType: %s",
                                                                 row->error_type) : NULL;
      const char *headers[] = { "x-amzn-RequestId: req-standin-1", type, NULL };
      gboolean retried = kind != KIND_INVOKE || row->invoke_retried;
      gboolean ok;

      g_test_message ("%s, %s", row->name, kind_names[kind]);
      /* A read timeout of one second meets the three-second delay; it also means the Invoke
       * does not first ask for the function's timeout, so the counts are of the call alone. */
      lf_lambda_client_set_timeouts (client, 0, 1);
      lf_test_server_reply (server, row->reply, row->status, headers, "{\"message\":\"no\"}",
                            row->delay_ms);
      lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, 200, request_id, "{}", 0);

      ok = run_kind (client, kind, &error);
      if (retried)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpuint (lf_test_server_get_count (server), ==, 2);
          continue;
        }
      /* Sent once: the function may have run, and the error says so. */
      g_assert_false (ok);
      g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
      g_assert_true (lf_aws_error_get_may_have_run (error));
      g_assert_cmpuint (lf_aws_error_get_attempts (error), ==, 1);
      lf_test_assert_message_contains (error, "may have run");
      /* An Invoke that outlived its read timeout may still be running: said so. */
      if (row->delay_ms > 0)
        lf_test_assert_message_contains (error, "No answer yet after 1 seconds");
      if (row->reply == LF_TEST_REPLY_ANSWER && row->delay_ms == 0)
        lf_test_assert_message_contains (error, "req-standin-1");
      g_assert_cmpuint (lf_test_server_get_bad_signatures (server), ==, 0);
    }
}

/* Refused by the service for what was asked: never sent again, whatever the kind. */
static void
test_client_error_not_retried (void)
{
  for (Kind kind = KIND_READ; kind <= KIND_INVOKE; kind++)
    {
      g_autoptr(LfTestServer) server = lf_test_server_new ("lambda");
      g_autoptr(LfLambdaClient) client = client_for (server);
      g_autoptr(GError) error = NULL;
      const char *headers[] = { "x-amzn-ErrorType: InvalidParameterValueException", NULL };

      lf_lambda_client_set_timeouts (client, 0, 30);
      lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, 400, headers,
                            "{\"message\":\"The payload is wrong\"}", 0);
      g_assert_false (run_kind (client, kind, &error));
      g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_REQUEST);
      g_assert_false (lf_aws_error_get_may_have_run (error));
      g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
    }
}

/* Nothing reached the service (a closed port): even an Invoke is tried again, up to the
 * maximum of attempts. */
static void
test_not_sent_retried (void)
{
  g_autoptr(LfTestServer) server = lf_test_server_new ("lambda");
  g_autofree char *closed = g_strdup (lf_test_server_get_url (server));
  g_autoptr(LfCredentials) credentials = lf_credentials_new (LF_TEST_KEY_ID, LF_TEST_SECRET,
                                                             NULL, NULL);
  g_autoptr(LfCredentialsProvider) provider = lf_static_credentials_provider_new (credentials);
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&server, lf_test_server_free);
  client = lf_lambda_client_new (provider, LF_TEST_REGION, closed, &error);
  g_assert_no_error (error);
  lf_lambda_client_set_backoff_scale (client, 0.001);
  lf_lambda_client_set_timeouts (client, 0, 30);
  g_assert_false (run_kind (client, KIND_INVOKE, &error));
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT);
  g_assert_false (lf_aws_error_get_may_have_run (error));
  g_assert_cmpuint (lf_aws_error_get_attempts (error), ==, 3);
}

/* Errors in the formats services and the boxes in front of them use. */
typedef struct
{
  const char *name;
  guint status;
  const char *content_type;
  const char *error_type;
  const char *body;
  const char *code;          /* expected, or NULL */
  const char *said;          /* expected in the sentence */
} Shape;

static const Shape shapes[] = {
  { "rest-json", 403, "application/json", "UnrecognizedClientException",
    "{\"message\":\"The security token included in the request is invalid.\"}",
    "UnrecognizedClientException", "The security token included in the request is invalid." },
  { "aws-json-type", 400, "application/x-amz-json-1.1", NULL,
    "{\"__type\":\"com.amazon.coral#InvalidParameterValueException\",\"Message\":\"Bad name\"}",
    "InvalidParameterValueException", "Bad name" },
  { "xml-error-response", 403, "text/xml", NULL,
    "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
    "<Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we "
    "calculated does not match the signature you provided.</Message></Error>"
    "<RequestId>xml-req-1</RequestId></ErrorResponse>",
    "SignatureDoesNotMatch", "The request signature we calculated does not match" },
  { "xml-error", 404, "application/xml", NULL,
    "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>Gone &amp; away</Message>"
    "</Error>", "NoSuchKey", "Gone & away" },
  { "html", 502, "text/html", NULL,
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad "
    "Gateway</h1><p>The upstream is down.</p></body></html>", NULL, "The upstream is down." },
  { "text", 403, "text/plain", NULL, "Forbidden by the corporate proxy", NULL,
    "Forbidden by the corporate proxy" },
};

static void
test_error_shape (gconstpointer data)
{
  const Shape *shape = data;
  g_autoptr(LfTestServer) server = lf_test_server_new ("lambda");
  g_autoptr(LfLambdaClient) client = client_for (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = g_strdup_printf ("Content-Type: %s", shape->content_type);
  g_autofree char *type = shape->error_type ? g_strdup_printf ("x-amzn-ErrorType: %s",
                                                               shape->error_type) : NULL;
  const char *headers[] = { content_type, "x-amzn-RequestId: req-standin-1", type, NULL };

  lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, shape->status, headers, shape->body, 0);
  g_assert_false (run_kind (client, KIND_READ, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (lf_aws_error_get_aws_code (error), ==, shape->code);
  lf_test_assert_message_contains (error, shape->said);
  g_assert_cmpuint (lf_aws_error_get_http_status (error), ==, shape->status);
  g_assert_nonnull (lf_aws_error_get_request_id (error));
  /* No markup nor tags in what a person reads. */
  g_assert_null (strstr (error->message, "<"));
}

/* A chunked answer with no length, far larger than allowed: stopped soon after the limit,
 * counted as it came, never held whole. */
static void
test_chunked_over_limit (void)
{
  g_autoptr(LfTestServer) server = lf_test_server_new ("lambda");
  g_autoptr(LfLambdaClient) client = client_for (server);
  g_autoptr(GError) error = NULL;

  lf_lambda_client_set_max_response_bytes (client, 1024 * 1024);
  lf_lambda_client_set_timeouts (client, 0, 30);
  lf_test_server_reply_stream (server, (gsize) 600 * 1024 * 1024);
  g_assert_false (run_kind (client, KIND_INVOKE, &error));
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_SERVICE);
  lf_test_assert_message_contains (error, "larger than the 1 MB");
  /* The server wrote what the connection took before it was closed, far from 600 MB. */
  g_assert_cmpuint (lf_test_server_get_streamed (server), <, 64 * 1024 * 1024);
  g_assert_cmpuint (lf_test_server_get_count (server), ==, 1);
}

/* A Content-Length over the limit is refused before the body is read. */
static void
test_declared_over_limit (void)
{
  g_autoptr(LfTestServer) server = lf_test_server_new ("lambda");
  g_autoptr(LfLambdaClient) client = client_for (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (2 * 1024 * 1024, 'x');

  lf_lambda_client_set_max_response_bytes (client, 1024 * 1024);
  lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, 200, request_id, big, 0);
  g_assert_false (run_kind (client, KIND_READ, &error));
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_SERVICE);
  lf_test_assert_message_contains (error, "larger than");
}

/* A function's answer nested 100,000 deep: the client stands, the payload is kept as text. */
static void
test_deep_answer (void)
{
  g_autoptr(LfTestServer) server = lf_test_server_new ("lambda");
  g_autoptr(LfLambdaClient) client = client_for (server);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) payload = g_bytes_new_static ("{}", 2);
  g_autoptr(LfInvokeResult) invoked = NULL;
  g_autoptr(JsonNode) printed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bomb = g_strnfill (100000, '[');
  LfInvokeRequest request = { .function_name = "fn", .payload = payload };
  JsonObject *object;

  lf_lambda_client_set_timeouts (client, 0, 30);
  lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, 200, request_id, bomb, 0);
  lf_lambda_client_invoke_async (client, &request, NULL, lf_test_keep_result, &result);
  lf_test_wait_result (&result);
  invoked = lf_lambda_client_invoke_finish (client, result, NULL, &error);
  g_assert_no_error (error);
  printed = lf_invoke_result_to_json (invoked);
  object = json_node_get_object (printed);
  g_assert_cmpstr (json_object_get_string_member (object, "PayloadEncoding"), ==, "text");

  /* And as an error body: the sentence is still made. */
  g_clear_pointer (&server, lf_test_server_free);
  server = lf_test_server_new ("lambda");
  g_clear_object (&client);
  client = client_for (server);
  lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, 400, request_id, bomb, 0);
  g_clear_error (&error);
  g_assert_false (run_kind (client, KIND_READ, &error));
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_REQUEST);
}

/* A synchronous Invoke first learns the function's timeout (once), then waits that long. */
static void
test_invoke_learns_timeout (void)
{
  g_autoptr(LfTestServer) server = lf_test_server_new ("lambda");
  g_autoptr(LfLambdaClient) client = client_for (server);
  g_autoptr(GError) error = NULL;

  lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, 200, request_id,
                        "{\"FunctionName\":\"fn\",\"Timeout\":240}", 0);
  lf_test_server_reply (server, LF_TEST_REPLY_ANSWER, 200, request_id, "{}", 0);
  g_assert_cmpuint (lf_lambda_client_lookup_function_timeout (client, "fn", NULL), ==, 0);
  g_assert_true (run_kind (client, KIND_INVOKE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (lf_test_server_get_path (server, 0), ==, FUNCTIONS "fn/configuration");
  g_assert_cmpstr (lf_test_server_get_path (server, 1), ==, INVOKE_PATH);
  g_assert_cmpuint (lf_lambda_client_lookup_function_timeout (client, "fn", NULL), ==, 240);

  /* Known now: the next one goes straight out. */
  g_assert_true (run_kind (client, KIND_INVOKE, &error));
  g_assert_cmpuint (lf_test_server_count_path (server, FUNCTIONS "fn/configuration"), ==, 1);
  g_assert_cmpuint (lf_test_server_count_path (server, INVOKE_PATH), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *name = g_strdup_printf ("/client-policy/retry/%s", rows[i].name);

      g_test_add_data_func (name, &rows[i], test_row);
    }
  g_test_add_func ("/client-policy/retry/client-error", test_client_error_not_retried);
  g_test_add_func ("/client-policy/retry/not-sent", test_not_sent_retried);
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *name = g_strdup_printf ("/client-policy/errors/%s", shapes[i].name);

      g_test_add_data_func (name, &shapes[i], test_error_shape);
    }
  g_test_add_func ("/client-policy/limits/chunked", test_chunked_over_limit);
  g_test_add_func ("/client-policy/limits/declared", test_declared_over_limit);
  g_test_add_func ("/client-policy/deep-answer", test_deep_answer);
  g_test_add_func ("/client-policy/invoke-learns-timeout", test_invoke_learns_timeout);

  return g_test_run ();
}
