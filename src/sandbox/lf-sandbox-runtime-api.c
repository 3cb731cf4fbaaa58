/* lf-sandbox-runtime-api.c: the Lambda Runtime API of one execution environment
 *
 * The environment's child process long-polls GET /2018-06-01/runtime/invocation/next for its
 * next event and answers it on POST …/invocation/ID/response or …/invocation/ID/error; a
 * runtime that cannot start says so on POST …/init/error. Each environment has a server of
 * its own on a loopback port, which only the environment's own processes may use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lf-json-util.h"
#include "lf-sandbox-environment-private.h"
#include "lf-sandbox-error.h"
#include "lf-sandbox-proc.h"

#define RUNTIME_PREFIX "/2018-06-01/runtime/"
/* A runtime may answer with up to 6 MB (more is reported as Lambda reports it); far more is
 * refused before it is read. */
#define RUNTIME_MAX_BODY (32 * 1024 * 1024)

static void
respond_runtime_error (LfHttpExchange *msg,
                       guint           status,
                       const char     *error_type,
                       const char     *message)
{
  g_autoptr(GBytes) body = lf_sandbox_error_document_new (error_type, message);

  lf_http_exchange_respond (msg, status, "application/json", body);
}

/* What Lambda's Runtime API says to an answer it took. */
static void
respond_accepted (LfHttpExchange *msg)
{
  lf_http_exchange_respond_text (msg, SOUP_STATUS_ACCEPTED, "application/json",
                                 "{\"status\":\"OK\"}");
}

static char *
make_trace_id (void)
{
  guint32 r[6];

  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    r[i] = g_random_int ();

  return g_strdup_printf ("Root=1-%08x-%08x%08x%08x;Parent=%08x%08x;Sampled=0",
                          (guint32) (g_get_real_time () / G_USEC_PER_SEC), r[0], r[1], r[2], r[3],
                          r[4]);
}

/* Answers a waiting /next with the current event, as Lambda's Runtime API does. */
static void
deliver (LfSandboxEnvironment *self,
         LfHttpExchange       *msg)
{
  SoupMessageHeaders *headers = lf_http_exchange_get_response_headers (msg);
  guint timeout = lf_sandbox_function_get_timeout (self->function);
  gint64 deadline = g_get_real_time () / 1000 + (gint64) timeout * 1000;
  g_autofree char *deadline_text = g_strdup_printf ("%" G_GINT64_FORMAT, deadline);
  g_autofree char *trace = make_trace_id ();
  const char *client_context = lf_sandbox_invocation_get_client_context (self->current);
  GBytes *payload = lf_sandbox_invocation_get_payload (self->current);

  soup_message_headers_replace (headers, "Lambda-Runtime-Aws-Request-Id",
                                lf_sandbox_invocation_get_request_id (self->current));
  soup_message_headers_replace (headers, "Lambda-Runtime-Deadline-Ms", deadline_text);
  soup_message_headers_replace (headers, "Lambda-Runtime-Invoked-Function-Arn",
                                lf_sandbox_invocation_get_invoked_function_arn (self->current));
  soup_message_headers_replace (headers, "Lambda-Runtime-Trace-Id", trace);
  if (client_context != NULL)
    soup_message_headers_replace (headers, "Lambda-Runtime-Client-Context", client_context);

  lf_http_exchange_respond (msg, SOUP_STATUS_OK, "application/json", payload);

  lf_sandbox_invocation_mark_started (self->current);
  self->delivered = TRUE;
  self->delivered_time = g_get_monotonic_time ();
  _lf_sandbox_environment_arm_timer (self, timeout);
}

void
_lf_sandbox_runtime_api_drop_next (LfSandboxEnvironment *self)
{
  if (self->pending_next == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->pending_next, self);
  g_clear_object (&self->pending_next);
}

gboolean
_lf_sandbox_runtime_api_deliver_if_asked (LfSandboxEnvironment *self)
{
  g_autoptr(LfHttpExchange) msg = NULL;

  if (self->pending_next == NULL)
    return FALSE;

  msg = g_object_ref (self->pending_next);
  _lf_sandbox_runtime_api_drop_next (self);
  deliver (self, msg);
  return TRUE;
}

static void
on_pending_next_gone (LfHttpExchange *msg,
                      gpointer        user_data)
{
  LfSandboxEnvironment *self = user_data;

  if (self->pending_next == msg)
    _lf_sandbox_runtime_api_drop_next (self);
}

static void
handle_next (LfSandboxEnvironment *self,
             LfHttpExchange       *msg)
{
  if (!self->initialized)
    {
      self->initialized = TRUE;
      self->init_duration_ms = (g_get_monotonic_time () - self->spawn_time) / 1000.0;
    }

  if (self->pending_next != NULL)
    {
      respond_runtime_error (msg, SOUP_STATUS_BAD_REQUEST, "InvalidStateTransition",
                             "The runtime is already waiting for the next invocation");
      return;
    }

  if (self->current != NULL && !self->delivered)
    {
      deliver (self, msg);
      return;
    }

  /* Long poll: the answer goes out when an invocation arrives. */
  self->pending_next = g_object_ref (msg);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_pending_next_gone), self);
}

/* An error document as the runtime posted it, or one built around what it sent. */
static GBytes *
error_document (GBytes     *posted,
                const char *error_type)
{
  g_autoptr(JsonNode) parsed = lf_json_parse_bytes (posted, NULL);
  g_autofree char *message = NULL;
  gsize size;
  const char *data = g_bytes_get_data (posted, &size);

  if (parsed != NULL && JSON_NODE_HOLDS_OBJECT (parsed))
    return g_bytes_ref (posted);

  message = g_utf8_make_valid (data ? data : "", size);
  return lf_sandbox_error_document_new (error_type ? error_type : "Runtime.Unknown", message);
}

static gboolean
is_streamed (LfHttpExchange *msg)
{
  return g_strcmp0 (soup_message_headers_get_one (lf_http_exchange_get_request_headers (msg),
                                                  "Lambda-Runtime-Function-Response-Mode"),
                    "streaming") == 0;
}

/* The runtime's streamed answer, piece by piece: on to a caller that streams too, else kept
 * whole, as Lambda answers a buffered Invoke of a streaming function. */
static gboolean
take_streamed_piece (LfHttpExchange *msg,
                     GBytes         *piece,
                     gpointer        user_data)
{
  LfSandboxEnvironment *self = user_data;

  if (self->current == NULL || !self->delivered)
    return TRUE;
  if (lf_sandbox_invocation_get_streaming (self->current))
    {
      lf_sandbox_invocation_push_chunk (self->current, piece);
      return TRUE;
    }
  if (self->streamed == NULL)
    self->streamed = g_byte_array_new ();
  /* Past Lambda's limit for a buffered answer the rest is not kept; the end says so. */
  if (self->streamed->len <= LF_SANDBOX_MAX_RESPONSE_SIZE)
    g_byte_array_append (self->streamed, g_bytes_get_data (piece, NULL),
                         (guint) g_bytes_get_size (piece));
  return TRUE;
}

/* How a streamed answer ended: its trailers name an error (type, and the error document in
 * base64) when the function failed after it began. NULL when it ended well. */
static GBytes *
streamed_error (LfHttpExchange *msg)
{
  SoupMessageHeaders *trailers = lf_http_exchange_get_trailers (msg);
  const char *type = soup_message_headers_get_one (trailers, "Lambda-Runtime-Function-Error-Type");
  const char *body = soup_message_headers_get_one (trailers, "Lambda-Runtime-Function-Error-Body");
  g_autoptr(GBytes) document = NULL;
  gsize length = 0;
  guchar *decoded;

  if (type == NULL && body == NULL)
    return NULL;
  decoded = body ? g_base64_decode (body, &length) : NULL;
  document = g_bytes_new_take (decoded, length);
  return error_document (document, type);
}

static const char *
posted_error_type (LfHttpExchange *msg)
{
  return soup_message_headers_get_one (lf_http_exchange_get_request_headers (msg),
                                       "Lambda-Runtime-Function-Error-Type");
}

static void
handle_invocation_answer (LfSandboxEnvironment *self,
                          LfHttpExchange       *msg,
                          const char           *request_id,
                          gboolean              is_error)
{
  g_autoptr(GBytes) body = lf_http_exchange_get_body (msg);

  if (self->current == NULL || !self->delivered ||
      g_strcmp0 (request_id, lf_sandbox_invocation_get_request_id (self->current)) != 0)
    {
      respond_runtime_error (msg, SOUP_STATUS_BAD_REQUEST, "InvalidRequestID",
                             "No invocation with this request id is waiting for an answer");
      return;
    }

  if (is_error)
    {
      g_autoptr(GBytes) document = error_document (body, posted_error_type (msg));

      respond_accepted (msg);
      _lf_sandbox_environment_finish (self, document, "Unhandled");
      return;
    }
  if (is_streamed (msg))
    {
      g_autoptr(GBytes) failure = streamed_error (msg);

      if (failure != NULL || lf_sandbox_invocation_get_streaming (self->current))
        {
          respond_accepted (msg);
          _lf_sandbox_environment_finish (self, failure, failure ? "Unhandled" : NULL);
          return;
        }
      /* A buffered Invoke: the pieces kept are the answer, judged as any other. */
      g_clear_pointer (&body, g_bytes_unref);
      body = g_byte_array_free_to_bytes (self->streamed ? g_steal_pointer (&self->streamed)
                                                        : g_byte_array_new ());
    }

  if (g_bytes_get_size (body) > LF_SANDBOX_MAX_RESPONSE_SIZE)
    {
      g_autofree char *message =
        g_strdup_printf ("Response payload size exceeded maximum allowed payload size (%d bytes).",
                         LF_SANDBOX_MAX_RESPONSE_SIZE);

      respond_runtime_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "RequestEntityTooLarge",
                             message);
      _lf_sandbox_environment_fail (self, "Function.ResponseSizeTooLarge", message);
      return;
    }

  respond_accepted (msg);
  _lf_sandbox_environment_finish (self, body, NULL);
}

static void
handle_init_error (LfSandboxEnvironment *self,
                   LfHttpExchange       *msg)
{
  g_autoptr(GBytes) body = lf_http_exchange_get_body (msg);

  g_clear_pointer (&self->init_error, g_bytes_unref);
  self->init_error = error_document (body, posted_error_type (msg));
  respond_accepted (msg);

  /* A runtime that failed to start cannot serve: answer the waiting call and retire it. */
  if (self->current != NULL)
    {
      g_autoptr(GBytes) document = g_bytes_ref (self->init_error);

      _lf_sandbox_environment_read_log (self);
      lf_sandbox_environment_kill (self);
      _lf_sandbox_environment_finish (self, document, "Unhandled");
    }
}

/* The Runtime API belongs to its environment: only the environment's own processes (found
 * through /proc from the socket the request came on) may take or answer its invocations. Any
 * other process, and any foreign Host, is refused at once and learns nothing. */
static void
runtime_api_judge (LfHttpServer   *server,
                   LfHttpExchange *msg,
                   gpointer        user_data)
{
  LfSandboxEnvironment *self = user_data;
  const char *host = soup_message_headers_get_one (lf_http_exchange_get_request_headers (msg),
                                                   "Host");

  if (host == NULL || !g_str_equal (host, self->runtime_api) ||
      !lf_proc_tree_owns_client (self->pid, lf_http_exchange_get_remote_address (msg),
                                 lf_http_exchange_get_local_address (msg)))
    {
      g_debug ("Runtime API of %s: refused a request from outside its environment",
               lf_sandbox_function_get_name (self->function));
      respond_runtime_error (msg, SOUP_STATUS_FORBIDDEN, "Forbidden",
                             "Only the execution environment may use its Runtime API");
      return;
    }
  if (is_streamed (msg) && g_str_equal (lf_http_exchange_get_method (msg), "POST") &&
      g_str_has_suffix (lf_http_exchange_get_path (msg), "/response"))
    {
      g_clear_pointer (&self->streamed, g_byte_array_unref);
      lf_http_exchange_set_body_limit (msg, LF_SANDBOX_MAX_STREAM_SIZE,
                                       SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL, NULL);
      lf_http_exchange_set_body_func (msg, take_streamed_piece, self, NULL);
      return;
    }
  lf_http_exchange_set_body_limit (msg, RUNTIME_MAX_BODY, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                   NULL, NULL);
}

static void
runtime_api_handler (LfHttpServer   *server,
                     LfHttpExchange *msg,
                     gpointer        user_data)
{
  LfSandboxEnvironment *self = user_data;
  const char *method = lf_http_exchange_get_method (msg);
  const char *path = lf_http_exchange_get_path (msg);
  const char *rest;

  if (!g_str_has_prefix (path, RUNTIME_PREFIX))
    {
      respond_runtime_error (msg, SOUP_STATUS_NOT_FOUND, "NotFound", "Unknown Runtime API path");
      return;
    }
  rest = path + strlen (RUNTIME_PREFIX);

  if (g_str_equal (rest, "invocation/next") && g_str_equal (method, "GET"))
    {
      handle_next (self, msg);
      return;
    }

  if (g_str_equal (rest, "init/error") && g_str_equal (method, "POST"))
    {
      handle_init_error (self, msg);
      return;
    }

  if (g_str_has_prefix (rest, "invocation/") && g_str_equal (method, "POST"))
    {
      g_auto(GStrv) parts = g_strsplit (rest, "/", -1);

      if (g_strv_length (parts) == 3 &&
          (g_str_equal (parts[2], "response") || g_str_equal (parts[2], "error")))
        {
          g_autofree char *request_id = g_uri_unescape_string (parts[1], NULL);

          handle_invocation_answer (self, msg, request_id, g_str_equal (parts[2], "error"));
          return;
        }
    }

  respond_runtime_error (msg, SOUP_STATUS_NOT_FOUND, "NotFound", "Unknown Runtime API operation");
}

gboolean
_lf_sandbox_runtime_api_listen (LfSandboxEnvironment  *self,
                                GError               **error)
{
  self->server = lf_http_server_new ("lambda-forms-sandbox-runtime");
  lf_http_server_set_judge (self->server, runtime_api_judge, self);
  lf_http_server_set_handler (self->server, runtime_api_handler, self);
  /* The runtime waits for its next event as long as it takes. */
  lf_http_server_set_timeouts (self->server, self->settings->header_timeout_s, 0);
  if (!lf_http_server_listen (self->server, 0, error))
    return FALSE;

  self->runtime_api = g_strdup_printf ("127.0.0.1:%u", lf_http_server_get_port (self->server));
  return TRUE;
}
