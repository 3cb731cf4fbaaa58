/* test-stream.c: InvokeWithResponseStream, from the client through the sandbox's runtime
 *
 * Against the real sandbox and its sample function "stream": chunks come in order and live
 * (the function waits, after its first line, until the test has read it: a stream that was
 * not live would never end), errors in the middle, cancellation, a function that does not
 * stream. Against a stand-in that answers with broken frames: damage and unfinished streams.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lf-aws-error.h"
#include "lf-event-stream.h"
#include "lf-form-runtime.h"
#include "lf-lambda-client.h"
#include "lf-sandbox.h"
#include "lf-static-credentials-provider.h"
#include "lf-test-core.h"
#include "lf-test-server.h"

typedef struct
{
  LfSandbox *sandbox;
  LfLambdaClient *client;
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autofree char *samples = lf_sandbox_find_data_dir ("functions");

  f->dir = g_dir_make_tmp ("lf-stream-XXXXXX", &error);
  g_assert_no_error (error);
  f->sandbox = lf_sandbox_new ();
  g_assert_nonnull (samples);
  lf_sandbox_add_functions_dir (f->sandbox, samples, &error);
  g_assert_no_error (error);
  lf_sandbox_start (f->sandbox, 0, &error);
  g_assert_no_error (error);
  provider = lf_static_credentials_provider_new (lf_sandbox_get_credentials (f->sandbox));
  f->client = lf_lambda_client_new (provider, lf_sandbox_get_region (f->sandbox),
                                    lf_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *marker = g_build_filename (f->dir, "read", NULL);

  lf_sandbox_stop_async (f->sandbox, NULL, lf_test_keep_result, &result);
  lf_sandbox_stop_finish (f->sandbox, lf_test_wait_result (&result), NULL);
  g_clear_object (&f->client);
  g_clear_object (&f->sandbox);
  g_unlink (marker);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* What the chunk function saw. */
typedef struct
{
  GString *text;
  guint chunks;
  char *marker;            /* created at the first chunk, which the function waits for */
  GCancellable *cancel_at_first;
  gboolean done;
  guint chunks_when_done;
} Seen;

static gboolean
take_chunk (GBytes   *chunk,
            gpointer  user_data,
            GError  **error)
{
  Seen *seen = user_data;
  gsize size;
  const char *data = g_bytes_get_data (chunk, &size);

  /* Nothing comes after the call's end. */
  g_assert_false (seen->done);
  g_string_append_len (seen->text, data, size);
  if (seen->chunks++ == 0 && seen->marker != NULL)
    g_assert_true (g_file_set_contents (seen->marker, "read", -1, NULL));
  if (seen->cancel_at_first != NULL)
    g_cancellable_cancel (seen->cancel_at_first);
  return TRUE;
}

static LfInvokeResult *
invoke_stream (LfLambdaClient   *client,
               const char       *function,
               const char       *payload,
               Seen             *seen,
               GCancellable     *cancellable,
               LfInvokeResult  **out_result,
               GError          **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (payload, strlen (payload));
  LfInvokeRequest request = { .function_name = function, .payload = bytes,
                              .log_type = LF_LOG_TYPE_TAIL };
  g_autoptr(GAsyncResult) result = NULL;
  LfInvokeResult *invoke_result;

  lf_lambda_client_invoke_stream_async (client, &request, take_chunk, seen, NULL, cancellable,
                                        lf_test_keep_result, &result);
  invoke_result = lf_lambda_client_invoke_stream_finish (client, lf_test_wait_result (&result),
                                                         out_result, error);
  seen->done = TRUE;
  return invoke_result;
}

/* The lines come in order, each as it is made: the function waits after the first until the
 * test has read it, so an answer held back until the end would never come. */
static void
test_live (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *marker = g_build_filename (f->dir, "read", NULL);
  g_autofree char *payload = g_strdup_printf ("{\"lines\": 3, \"interval\": 0.05, "
                                              "\"wait_for\": \"%s\"}", marker);
  Seen seen = { g_string_new (NULL), 0, marker };
  g_autoptr(GError) error = NULL;
  g_autoptr(LfInvokeResult) result = invoke_stream (f->client, "stream", payload, &seen, NULL,
                                                    NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (seen.text->str, ==, "line 1 of 3\nline 2 of 3\nline 3 of 3\n");
  g_assert_cmpuint (seen.chunks, ==, 3);
  g_assert_true (result->streamed);
  g_assert_cmpuint (result->stream_chunks, ==, 3);
  g_assert_cmpuint (result->stream_bytes, ==, seen.text->len);
  g_assert_cmpfloat (result->first_chunk_ms, >, 0);
  g_assert_cmpfloat (result->first_chunk_ms, <=, result->round_trip_ms);
  g_assert_cmpstr (result->executed_version, ==, "$LATEST");
  /* InvokeComplete brought the log, with what the function printed. */
  g_assert_nonnull (strstr (result->log_result, "line 3"));
  g_assert_true (result->has_report);
  g_string_free (seen.text, TRUE);
}

static void
test_error_mid_stream (Fixture       *f,
                       gconstpointer  data)
{
  Seen seen = { g_string_new (NULL) };
  g_autoptr(GError) error = NULL;
  g_autoptr(LfInvokeResult) out = NULL;
  g_autoptr(LfInvokeResult) result = invoke_stream (
    f->client, "stream", "{\"lines\": 5, \"interval\": 0.01, \"fail_after\": 2}", &seen, NULL,
    &out, &error);

  g_assert_null (result);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_FUNCTION);
  lf_test_assert_message_contains (error, "stopped after 2 lines");
  g_assert_cmpstr (lf_aws_error_get_aws_code (error), ==, "RuntimeError");
  /* What had come is kept, and said. */
  g_assert_cmpstr (seen.text->str, ==, "line 1 of 5\nline 2 of 5\n");
  g_assert_nonnull (out);
  g_assert_cmpstr (out->function_error, ==, "RuntimeError");
  g_assert_cmpuint (out->stream_bytes, ==, seen.text->len);
  g_string_free (seen.text, TRUE);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Seen seen = { g_string_new (NULL), 0, NULL, cancellable };
  g_autoptr(GError) error = NULL;
  g_autoptr(LfInvokeResult) result = invoke_stream (
    f->client, "stream", "{\"lines\": 100, \"interval\": 0.05}", &seen, cancellable, NULL,
    &error);

  g_assert_null (result);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED);
  g_assert_cmpuint (seen.chunks, ==, 1);
  g_string_free (seen.text, TRUE);
}

/* A function that does not stream answers whole, in one chunk. */
static void
test_buffered_function (Fixture       *f,
                        gconstpointer  data)
{
  Seen seen = { g_string_new (NULL) };
  g_autoptr(GError) error = NULL;
  g_autoptr(LfInvokeResult) result = invoke_stream (f->client, "greet", "{\"name\": \"Ada\"}",
                                                    &seen, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (seen.chunks, ==, 1);
  g_assert_cmpstr (seen.text->str, ==, "{\"greeting\": \"Hello, Ada!\"}");
  g_string_free (seen.text, TRUE);
}

static void
test_not_event (Fixture       *f,
                gconstpointer  data)
{
  LfInvokeRequest request = { .function_name = "stream",
                              .invocation_type = LF_INVOCATION_EVENT };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfInvokeResult) invoke_result = NULL;

  lf_lambda_client_invoke_stream_async (f->client, &request, NULL, NULL, NULL, NULL,
                                        lf_test_keep_result, &result);
  invoke_result = lf_lambda_client_invoke_stream_finish (f->client, lf_test_wait_result (&result),
                                                         NULL, &error);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
}

/* ---- in a form ------------------------------------------------------------------------------ */

static LfLambdaClient *
give_client (const char  *account,
             const char  *region,
             gpointer     user_data,
             GError     **error)
{
  return g_object_ref (user_data);
}

typedef struct
{
  LfFormRuntime *runtime;
  char *marker;
  guint growths;           /* how many times the area's text grew */
  gboolean saw_first_alone;
} Watch;

static void
on_value_changed (LfFormRuntime *runtime,
                  const char    *control,
                  const char    *property,
                  Watch         *watch)
{
  JsonNode *value = lf_form_runtime_get_value (runtime, "area");
  const char *text = value && JSON_NODE_HOLDS_VALUE (value) ? json_node_get_string (value) : NULL;

  if (g_strcmp0 (control, "area") != 0 || text == NULL || *text == '\0')
    return;
  watch->growths++;
  /* The first line is shown before the function goes on: then it may. */
  if (g_str_equal (text, "line 1 of 3\n"))
    {
      watch->saw_first_alone = TRUE;
      g_assert_true (g_file_set_contents (watch->marker, "read", -1, NULL));
    }
}

static gboolean
action_done (gpointer data)
{
  Watch *watch = data;
  LfActionState state = lf_form_runtime_get_action_state (watch->runtime, "tell");

  return state != LF_ACTION_STATE_RUNNING && state != LF_ACTION_STATE_IDLE;
}

/* An Invoke with "stream": "true" fills {{ tell.stream.text }} as the lines come, and its
 * data.Payload is the whole text at the end. */
static void
test_form (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *marker = g_build_filename (f->dir, "read", NULL);
  g_autofree char *form_text = g_strdup_printf (
    "{\"format_version\": 1, \"controls\": ["
    "  {\"kind\": \"text-area\", \"name\": \"area\","
    "   \"bindings\": {\"value\": \"{{ tell.stream.text }}\"}},"
    "  {\"kind\": \"json-view\", \"name\": \"whole\","
    "   \"bindings\": {\"value\": \"{{ tell.data.Payload }}\"}}],"
    " \"actions\": [{\"name\": \"tell\", \"operation\": \"Invoke\", \"parameters\": {"
    "   \"function_name\": \"stream\", \"stream\": \"true\","
    "   \"payload\": \"{\\\"lines\\\": 3, \\\"interval\\\": 0.01, "
    "\\\"wait_for\\\": \\\"%s\\\"}\"}}]}", marker);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_new_from_data (form_text, -1, &error);
  g_autoptr(LfFormRuntime) runtime = NULL;
  Watch watch = { NULL, marker };
  JsonNode *whole;
  JsonNode *request;

  g_assert_no_error (error);
  runtime = lf_form_runtime_new (form, give_client, g_object_ref (f->client), g_object_unref);
  watch.runtime = runtime;
  g_signal_connect (runtime, "value-changed", G_CALLBACK (on_value_changed), &watch);
  g_assert_true (lf_form_runtime_run_action (runtime, "tell", &error));
  g_assert_no_error (error);
  lf_test_wait_until (action_done, &watch, "the streamed Invoke to end");

  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "tell"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  g_assert_true (watch.saw_first_alone);
  g_assert_cmpuint (watch.growths, >=, 2);
  g_assert_cmpstr (json_node_get_string (lf_form_runtime_get_value (runtime, "area")), ==,
                   "line 1 of 3\nline 2 of 3\nline 3 of 3\n");
  whole = lf_form_runtime_get_value (runtime, "whole");
  g_assert_cmpstr (json_node_get_string (whole), ==, "line 1 of 3\nline 2 of 3\nline 3 of 3\n");
  request = lf_form_runtime_get_action_request (runtime, "tell");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (request), "operation"),
                   ==, "InvokeWithResponseStream");
}

/* A stream larger than the context takes live: the whole of it is there at the end, in the
 * bound area and in data.Payload, made off the main thread. */
static void
test_form_large (Fixture       *f,
                 gconstpointer  data)
{
  const char *form_text =
    "{\"format_version\": 1, \"controls\": ["
    "  {\"kind\": \"text-area\", \"name\": \"area\","
    "   \"bindings\": {\"value\": \"{{ tell.stream.text }}\"}},"
    "  {\"kind\": \"label\", \"name\": \"count\","
    "   \"bindings\": {\"value\": \"{{ tell.stream.bytes }}\"}},"
    "  {\"kind\": \"json-view\", \"name\": \"whole\","
    "   \"bindings\": {\"value\": \"{{ tell.data.Payload }}\"}}],"
    " \"actions\": [{\"name\": \"tell\", \"operation\": \"Invoke\", \"parameters\": {"
    "   \"function_name\": \"stream\", \"stream\": \"true\","
    "   \"payload\": \"{\\\"bytes\\\": 1048576}\"}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_new_from_data (form_text, -1, &error);
  g_autoptr(LfFormRuntime) runtime = NULL;
  Watch watch = { NULL };
  const char *area;

  g_assert_no_error (error);
  runtime = lf_form_runtime_new (form, give_client, g_object_ref (f->client), g_object_unref);
  watch.runtime = runtime;
  g_assert_true (lf_form_runtime_run_action (runtime, "tell", &error));
  lf_test_wait_until (action_done, &watch, "the large streamed Invoke to end");
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "tell"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  area = json_node_get_string (lf_form_runtime_get_value (runtime, "area"));
  g_assert_cmpuint (strlen (area), ==, 1048576);
  g_assert_true (g_str_has_prefix (area, "0123456789abcdef"));
  g_assert_cmpstr (json_node_get_string (lf_form_runtime_get_value (runtime, "count")), ==,
                   "1048576");
  g_assert_cmpstr (json_node_get_string (lf_form_runtime_get_value (runtime, "whole")), ==, area);
}

/* ---- a stand-in that breaks its frames ------------------------------------------------------ */

typedef enum
{
  BREAK_CRC,        /* a good chunk, then one whose CRC is wrong */
  BREAK_UNFINISHED, /* a good chunk, and no InvokeComplete */
  BREAK_EXCEPTION,  /* a good chunk, then an exception message */
} Break;

static void
answer_broken (SoupServerMessage *msg,
               GHashTable        *query,
               GBytes            *body,
               gpointer           user_data)
{
  Break how = GPOINTER_TO_INT (user_data);
  g_autoptr(GBytes) good = lf_event_stream_encode_chunk ((const guint8 *) "first", 5);
  g_autoptr(GBytes) second = lf_event_stream_encode_chunk ((const guint8 *) "second", 6);
  const char * const names[] = { ":message-type", ":exception-type", NULL };
  const char * const values[] = { "exception", "ServiceException", NULL };
  g_autoptr(GBytes) exception = lf_event_stream_encode (names, values,
                                                        (const guint8 *) "{\"message\":\"x\"}", 15);
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, g_bytes_get_data (good, NULL), g_bytes_get_size (good));
  if (how == BREAK_CRC)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (second, &size);

      g_byte_array_append (out, data, size);
      out->data[out->len - 1] ^= 0x40;
    }
  else if (how == BREAK_EXCEPTION)
    g_byte_array_append (out, g_bytes_get_data (exception, NULL), g_bytes_get_size (exception));
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/vnd.amazon.eventstream",
                                    SOUP_MEMORY_COPY, (const char *) out->data, out->len);
  g_byte_array_unref (out);
}

static void
test_broken (gconstpointer data)
{
  Break how = GPOINTER_TO_INT (data);
  g_autoptr(LfTestServer) server = lf_test_server_new ("lambda");
  g_autoptr(LfCredentials) credentials = lf_credentials_new (LF_TEST_KEY_ID, LF_TEST_SECRET, NULL,
                                                            NULL);
  g_autoptr(LfCredentialsProvider) provider = lf_static_credentials_provider_new (credentials);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfLambdaClient) client = lf_lambda_client_new (provider, LF_TEST_REGION,
                                                           lf_test_server_get_url (server),
                                                           &error);
  Seen seen = { g_string_new (NULL) };
  g_autoptr(LfInvokeResult) result = NULL;

  g_assert_no_error (error);
  /* The timeout is known, so the stand-in sees only the stream. */
  lf_lambda_client_set_timeouts (client, 0, 30);
  lf_test_server_set_handler (server, answer_broken, GINT_TO_POINTER (how));
  result = invoke_stream (client, "f", "{}", &seen, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_SERVICE);
  /* Whatever broke, the good chunk before it was handed on, once, and the count said. */
  g_assert_cmpstr (seen.text->str, ==, "first");
  lf_test_assert_message_contains (error, "After 5 bytes");
  g_assert_true (lf_aws_error_get_may_have_run (error));
  lf_test_assert_message_contains (error, how == BREAK_CRC ? "CRC"
                                          : how == BREAK_UNFINISHED ? "complete"
                                                                    : "ServiceException");
  g_string_free (seen.text, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/stream/live", Fixture, NULL, fixture_set_up, test_live, fixture_tear_down);
  g_test_add ("/stream/error-mid-stream", Fixture, NULL, fixture_set_up, test_error_mid_stream,
              fixture_tear_down);
  g_test_add ("/stream/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/stream/buffered-function", Fixture, NULL, fixture_set_up,
              test_buffered_function, fixture_tear_down);
  g_test_add ("/stream/not-event", Fixture, NULL, fixture_set_up, test_not_event,
              fixture_tear_down);
  g_test_add ("/stream/form", Fixture, NULL, fixture_set_up, test_form, fixture_tear_down);
  g_test_add ("/stream/form-large", Fixture, NULL, fixture_set_up, test_form_large,
              fixture_tear_down);
  g_test_add_data_func ("/stream/broken/crc", GINT_TO_POINTER (BREAK_CRC), test_broken);
  g_test_add_data_func ("/stream/broken/unfinished", GINT_TO_POINTER (BREAK_UNFINISHED),
                        test_broken);
  g_test_add_data_func ("/stream/broken/exception", GINT_TO_POINTER (BREAK_EXCEPTION),
                        test_broken);

  return g_test_run ();
}
