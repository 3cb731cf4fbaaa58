/* lf-http-exchange.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-http"

#include "config.h"

#include <string.h>

#include "lf-http-private.h"

G_DEFINE_FINAL_TYPE (LfHttpExchange, lf_http_exchange, G_TYPE_OBJECT)

enum {
  DISCONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lf_http_exchange_dispose (GObject *object)
{
  LfHttpExchange *self = (LfHttpExchange *) object;

  if (self->body_destroy != NULL)
    g_clear_pointer (&self->body_data, self->body_destroy);
  self->body_func = NULL;
  g_clear_object (&self->remote);
  g_clear_object (&self->local);

  G_OBJECT_CLASS (lf_http_exchange_parent_class)->dispose (object);
}

static void
lf_http_exchange_finalize (GObject *object)
{
  LfHttpExchange *self = (LfHttpExchange *) object;

  g_free (self->method);
  g_free (self->target);
  g_free (self->path);
  g_clear_pointer (&self->query, g_hash_table_unref);
  g_clear_pointer (&self->request_headers, soup_message_headers_unref);
  g_clear_pointer (&self->trailers, soup_message_headers_unref);
  g_clear_pointer (&self->response_headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_byte_array_unref);
  g_free (self->refusal_type);
  g_clear_pointer (&self->refusal_body, g_bytes_unref);

  G_OBJECT_CLASS (lf_http_exchange_parent_class)->finalize (object);
}

static void
lf_http_exchange_class_init (LfHttpExchangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_http_exchange_dispose;
  object_class->finalize = lf_http_exchange_finalize;

  /* The peer went away (or the server stopped) before the whole answer was out. */
  signals[DISCONNECTED] = g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lf_http_exchange_init (LfHttpExchange *self)
{
  self->trailers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  self->response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  self->body = g_byte_array_new ();
  self->body_limit = G_MAXSIZE;
}

LfHttpExchange *
_lf_http_exchange_new (LfHttpConnection   *connection,
                       char               *method,
                       char               *target,
                       SoupHTTPVersion     version,
                       SoupMessageHeaders *headers,
                       GSocketAddress     *remote,
                       GSocketAddress     *local)
{
  LfHttpExchange *self = g_object_new (LF_TYPE_HTTP_EXCHANGE, NULL);
  const char *question = strchr (target, '?');
  g_autofree char *raw_path = question ? g_strndup (target, question - target)
                                       : g_strdup (target);

  self->connection = connection;
  self->method = method;
  self->target = target;
  self->version = version;
  self->request_headers = headers;
  self->path = g_uri_unescape_string (raw_path, NULL);
  if (self->path == NULL)
    self->path = g_steal_pointer (&raw_path);
  if (question != NULL && question[1] != '\0')
    self->query = soup_form_decode (question + 1);
  self->remote = remote ? g_object_ref (remote) : NULL;
  self->local = local ? g_object_ref (local) : NULL;
  return self;
}

void
_lf_http_exchange_detach (LfHttpExchange *self)
{
  g_autoptr(LfHttpExchange) hold = g_object_ref (self);

  if (self->connection == NULL)
    return;
  self->connection = NULL;
  if (self->state != EXCHANGE_ANSWERED)
    {
      self->disconnected = TRUE;
      g_signal_emit (self, signals[DISCONNECTED], 0);
    }
}

const char *
lf_http_exchange_get_method (LfHttpExchange *self)
{
  return self->method;
}

const char *
lf_http_exchange_get_path (LfHttpExchange *self)
{
  return self->path;
}

const char *
lf_http_exchange_get_target (LfHttpExchange *self)
{
  return self->target;
}

GHashTable *
lf_http_exchange_get_query (LfHttpExchange *self)
{
  return self->query;
}

SoupMessageHeaders *
lf_http_exchange_get_request_headers (LfHttpExchange *self)
{
  return self->request_headers;
}

SoupMessageHeaders *
lf_http_exchange_get_trailers (LfHttpExchange *self)
{
  return self->trailers;
}

GBytes *
lf_http_exchange_get_body (LfHttpExchange *self)
{
  return g_bytes_new (self->body->data, self->body->len);
}

GSocketAddress *
lf_http_exchange_get_remote_address (LfHttpExchange *self)
{
  return self->remote;
}

GSocketAddress *
lf_http_exchange_get_local_address (LfHttpExchange *self)
{
  return self->local;
}

void
lf_http_exchange_set_body_limit (LfHttpExchange *self,
                                 gsize           max_bytes,
                                 guint           status,
                                 const char     *content_type,
                                 GBytes         *body)
{
  g_return_if_fail (LF_IS_HTTP_EXCHANGE (self));

  self->body_limit = max_bytes;
  self->refusal_status = status;
  g_free (self->refusal_type);
  self->refusal_type = g_strdup (content_type);
  g_clear_pointer (&self->refusal_body, g_bytes_unref);
  self->refusal_body = body ? g_bytes_ref (body) : NULL;
}

void
lf_http_exchange_set_body_func (LfHttpExchange *self,
                                LfHttpBodyFunc  func,
                                gpointer        user_data,
                                GDestroyNotify  destroy)
{
  g_return_if_fail (LF_IS_HTTP_EXCHANGE (self));

  if (self->body_destroy != NULL)
    self->body_destroy (self->body_data);
  self->body_func = func;
  self->body_data = user_data;
  self->body_destroy = destroy;
}

SoupMessageHeaders *
lf_http_exchange_get_response_headers (LfHttpExchange *self)
{
  return self->response_headers;
}

void
lf_http_exchange_set_close (LfHttpExchange *self)
{
  self->close = TRUE;
}

/* The status line and headers, with the date and the framing this answer needs. */
static GString *
head_of (LfHttpExchange *self,
         guint           status,
         const char     *content_type,
         gssize          length)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  GString *head = g_string_sized_new (256);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  if (content_type != NULL)
    soup_message_headers_replace (self->response_headers, "Content-Type", content_type);
  soup_message_headers_replace (self->response_headers, "Date", date);
  soup_message_headers_remove (self->response_headers, "Content-Length");
  soup_message_headers_remove (self->response_headers, "Transfer-Encoding");
  if (length >= 0)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GSSIZE_FORMAT, length);

      soup_message_headers_replace (self->response_headers, "Content-Length", n);
    }
  else
    soup_message_headers_replace (self->response_headers, "Transfer-Encoding", "chunked");
  if (self->close || self->version == SOUP_HTTP_1_0)
    soup_message_headers_replace (self->response_headers, "Connection", "close");

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, self->response_headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (head, "%s: %s\r\n", name, value);
  g_string_append (head, "\r\n");
  return head;
}

static void
send_bytes (LfHttpExchange *self,
            GString        *out,
            gboolean        last)
{
  gboolean close = self->close || self->version == SOUP_HTTP_1_0;
  g_autoptr(GBytes) bytes = g_string_free_to_bytes (out);

  if (last)
    self->state = EXCHANGE_ANSWERED;
  if (self->connection != NULL)
    _lf_http_connection_send (self->connection, bytes, last, close);
}

void
lf_http_exchange_respond (LfHttpExchange *self,
                          guint           status,
                          const char     *content_type,
                          GBytes         *body)
{
  gsize size = body ? g_bytes_get_size (body) : 0;
  GString *out;

  g_return_if_fail (LF_IS_HTTP_EXCHANGE (self));
  g_return_if_fail (self->state == EXCHANGE_OPEN);

  out = head_of (self, status, size > 0 ? content_type : NULL, (gssize) size);
  if (size > 0)
    g_string_append_len (out, g_bytes_get_data (body, NULL), size);
  send_bytes (self, out, TRUE);
}

void
lf_http_exchange_respond_text (LfHttpExchange *self,
                               guint           status,
                               const char     *content_type,
                               const char     *text)
{
  g_autoptr(GBytes) body = text ? g_bytes_new (text, strlen (text)) : NULL;

  lf_http_exchange_respond (self, status, content_type, body);
}

void
lf_http_exchange_begin_stream (LfHttpExchange *self,
                               guint           status,
                               const char     *content_type)
{
  g_return_if_fail (LF_IS_HTTP_EXCHANGE (self));
  g_return_if_fail (self->state == EXCHANGE_OPEN);

  self->state = EXCHANGE_STREAMING;
  send_bytes (self, head_of (self, status, content_type, -1), FALSE);
}

void
lf_http_exchange_write_chunk (LfHttpExchange *self,
                              GBytes         *chunk)
{
  gsize size = g_bytes_get_size (chunk);
  GString *out;

  g_return_if_fail (LF_IS_HTTP_EXCHANGE (self));
  g_return_if_fail (self->state == EXCHANGE_STREAMING);

  /* A zero-length chunk would end the stream: nothing to send. */
  if (size == 0)
    return;
  out = g_string_sized_new (size + 16);
  g_string_append_printf (out, "%zx\r\n", size);
  g_string_append_len (out, g_bytes_get_data (chunk, NULL), size);
  g_string_append (out, "\r\n");
  send_bytes (self, out, FALSE);
}

void
lf_http_exchange_end_stream (LfHttpExchange     *self,
                             SoupMessageHeaders *trailers)
{
  GString *out = g_string_new ("0\r\n");
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_return_if_fail (LF_IS_HTTP_EXCHANGE (self));
  g_return_if_fail (self->state == EXCHANGE_STREAMING);

  if (trailers != NULL)
    {
      soup_message_headers_iter_init (&iter, trailers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        g_string_append_printf (out, "%s: %s\r\n", name, value);
    }
  g_string_append (out, "\r\n");
  send_bytes (self, out, TRUE);
}

gboolean
lf_http_exchange_is_answered (LfHttpExchange *self)
{
  return self->state == EXCHANGE_ANSWERED;
}

gboolean
lf_http_exchange_is_disconnected (LfHttpExchange *self)
{
  return self->disconnected;
}

void
lf_http_exchange_abort (LfHttpExchange *self)
{
  g_return_if_fail (LF_IS_HTTP_EXCHANGE (self));

  self->state = EXCHANGE_ANSWERED;
  if (self->connection != NULL)
    _lf_http_connection_abort (self->connection);
}
