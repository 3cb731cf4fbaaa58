/* lf-http-server.c
 *
 * Each connection reads into a buffer and works through it as a small state machine: the head
 * (until the blank line), then the body as its framing says (Content-Length or chunked, with
 * trailers), then the handler, then the answer. Only then is the next request on the
 * connection looked at. Connections hold a reference while an operation of theirs is in
 * flight, so a close in the middle never leaves a callback with freed memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-http"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "lf-http-private.h"
#include "lf-http-server.h"

#define READ_PIECE (16 * 1024)
/* While a request is being handled, bytes of the next one wait; beyond this, reading waits. */
#define MAX_WAITING_BYTES (1024 * 1024)
#define MAX_CHUNK_LINE 1024
/* A refused body this small is read and dropped, so that a client that writes all of it before
 * reading sees the answer; a larger one is never read: the connection closes after the answer. */
#define DISCARD_LIMIT (8 * 1024 * 1024)
/* After refusing a body of unknown or larger size, this much more is read and dropped while the
 * answer reaches the client: closing with unread bytes would make the kernel reset the
 * connection, and the client would lose the answer. */
#define LINGER_BYTES (1024 * 1024)

typedef enum
{
  READING_HEAD,
  READING_BODY,
  HANDLING,
  DISCARDING,   /* dropping a refused body, then closing */
  CLOSED,
} ConnState;

typedef enum
{
  BODY_NONE,
  BODY_LENGTH,
  BODY_CHUNKED,
} Framing;

typedef enum
{
  CHUNK_SIZE,
  CHUNK_DATA,
  CHUNK_DATA_END,
  CHUNK_TRAILERS,
} ChunkState;

struct _LfHttpConnection
{
  gint refs;
  LfHttpServer *server;          /* not owned: the server closes its connections first */
  GIOStream *stream;
  GSocket *socket;               /* NULL for a stream that is not a socket (the fuzzer's) */
  GSocketAddress *remote;
  GSocketAddress *local;
  GCancellable *cancellable;
  GByteArray *in;
  ConnState state;
  LfHttpExchange *exchange;
  GSource *timer;
  gboolean timer_is_head;
  gboolean reading;

  Framing framing;
  ChunkState chunk_state;
  gsize left;
  gsize received;

  GQueue out;                    /* GBytes to write, in order */
  GBytes *writing;               /* the bytes being written now */
  gboolean finishing;            /* the exchange's last bytes are queued */
  gboolean close_after;
  gboolean answer_out;           /* a refusal is written; close once the discard is done */
};

struct _LfHttpServer
{
  GObject parent_instance;

  char *name;
  GSocketService *service;
  guint port;
  GHashTable *connections;       /* LfHttpConnection * */
  LfHttpJudgeFunc judge;
  gpointer judge_data;
  LfHttpHandlerFunc handler;
  gpointer handler_data;
  guint header_timeout;
  guint idle_timeout;
};

G_DEFINE_FINAL_TYPE (LfHttpServer, lf_http_server, G_TYPE_OBJECT)

static void process (LfHttpConnection *conn);
static void start_read (LfHttpConnection *conn);
static void start_write (LfHttpConnection *conn);

/* Connections ***************************************************************************/

static LfHttpConnection *
conn_ref (LfHttpConnection *conn)
{
  g_atomic_int_inc (&conn->refs);
  return conn;
}

static void
conn_unref (LfHttpConnection *conn)
{
  if (!g_atomic_int_dec_and_test (&conn->refs))
    return;
  g_queue_clear_full (&conn->out, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&conn->writing, g_bytes_unref);
  g_clear_object (&conn->cancellable);
  g_clear_object (&conn->stream);
  g_clear_object (&conn->remote);
  g_clear_object (&conn->local);
  g_byte_array_unref (conn->in);
  g_free (conn);
}

static void
clear_timer (LfHttpConnection *conn)
{
  if (conn->timer != NULL)
    {
      g_source_destroy (conn->timer);
      g_clear_pointer (&conn->timer, g_source_unref);
    }
}

/* Closes at once; what was not written is dropped, and an unanswered exchange hears of it. */
static void
conn_close (LfHttpConnection *conn)
{
  g_autoptr(LfHttpExchange) exchange = NULL;

  if (conn->state == CLOSED)
    return;
  conn->state = CLOSED;
  clear_timer (conn);
  g_cancellable_cancel (conn->cancellable);
  exchange = g_steal_pointer (&conn->exchange);
  if (exchange != NULL)
    _lf_http_exchange_detach (exchange);
  /* The socket itself, now: closing the stream would wait for the read still pending. */
  if (conn->socket != NULL)
    g_socket_close (conn->socket, NULL);
  else
    g_io_stream_close_async (conn->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (conn->server != NULL)
    g_hash_table_remove (conn->server->connections, conn);
  conn->server = NULL;
  conn_unref (conn);   /* the server's reference */
}

static gboolean
on_timer (gpointer user_data)
{
  LfHttpConnection *conn = user_data;

  g_clear_pointer (&conn->timer, g_source_unref);
  g_debug ("Closing a connection: %s", conn->timer_is_head ? "its request's head is late"
                                                           : "it stayed idle");
  conn_close (conn);
  return G_SOURCE_REMOVE;
}

static void
arm_timer (LfHttpConnection *conn,
           guint             seconds,
           gboolean          head)
{
  clear_timer (conn);
  if (seconds == 0)
    return;
  conn->timer_is_head = head;
  conn->timer = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (conn->timer, on_timer, conn, NULL);
  g_source_attach (conn->timer, NULL);
}

/* Writes and answers *********************************************************************/

/* The exchange's answer is all out: the connection closes, or waits for the next request. */
static void
exchange_done (LfHttpConnection *conn)
{
  g_clear_object (&conn->exchange);
  if (conn->state == DISCARDING)
    {
      /* The answer is out: say so with a FIN, and drop what still comes until it stops. */
      conn->answer_out = TRUE;
      if (conn->socket != NULL)
        g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);
      return;
    }
  if (conn->close_after)
    {
      conn_close (conn);
      return;
    }
  conn->state = READING_HEAD;
  conn->framing = BODY_NONE;
  arm_timer (conn, conn->server->idle_timeout, FALSE);
  process (conn);
  start_read (conn);
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  LfHttpConnection *conn = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&conn->writing, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      conn_close (conn);
      conn_unref (conn);
      return;
    }
  if (conn->state != CLOSED)
    {
      if (!g_queue_is_empty (&conn->out))
        start_write (conn);
      else if (conn->finishing)
        {
          conn->finishing = FALSE;
          exchange_done (conn);
        }
    }
  conn_unref (conn);
}

static void
start_write (LfHttpConnection *conn)
{
  GOutputStream *out = g_io_stream_get_output_stream (conn->stream);

  if (conn->writing != NULL || conn->state == CLOSED || g_queue_is_empty (&conn->out))
    return;
  /* Kept until the write ends: the stream reads straight from it. */
  conn->writing = g_queue_pop_head (&conn->out);
  g_output_stream_write_all_async (out, g_bytes_get_data (conn->writing, NULL),
                                   g_bytes_get_size (conn->writing), G_PRIORITY_DEFAULT,
                                   conn->cancellable, on_written, conn_ref (conn));
}

void
_lf_http_connection_send (LfHttpConnection *conn,
                          GBytes           *bytes,
                          gboolean          last,
                          gboolean          close)
{
  if (conn->state == CLOSED)
    return;
  g_queue_push_tail (&conn->out, g_bytes_ref (bytes));
  if (last)
    {
      conn->finishing = TRUE;
      conn->close_after |= close;
    }
  start_write (conn);
}

void
_lf_http_connection_abort (LfHttpConnection *conn)
{
  conn_close (conn);
}

/* Answers with a bare status (and closes): for requests that never get to a handler. */
static void
refuse_raw (LfHttpConnection *conn,
            guint             status)
{
  g_autofree char *text = g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Length: 0\r\n"
                                           "Connection: close\r\n\r\n",
                                           status, soup_status_get_phrase (status));
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  conn->state = HANDLING;
  _lf_http_connection_send (conn, bytes, TRUE, TRUE);
}

/* Drops the @left bytes of a refused body still to come, when they are few, before closing. */
static void
discard_then_close (LfHttpConnection *conn,
                    gsize             left)
{
  conn->close_after = TRUE;
  conn->state = DISCARDING;
  conn->left = left > 0 && left <= DISCARD_LIMIT ? left : LINGER_BYTES;
  arm_timer (conn, conn->server->header_timeout, TRUE);
}

/* The exchange's own refusal for a body over its limit; the body is not kept. */
static void
refuse_body (LfHttpConnection *conn,
             gsize             left)
{
  LfHttpExchange *exchange = conn->exchange;

  discard_then_close (conn, left);
  lf_http_exchange_set_close (exchange);
  if (lf_http_exchange_is_answered (exchange))
    return;
  lf_http_exchange_respond (exchange, exchange->refusal_status ? exchange->refusal_status
                                                               : SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                            exchange->refusal_type, exchange->refusal_body);
}

/* Reading requests ***********************************************************************/

static gssize
find (const GByteArray *in,
      gsize             from,
      const char       *needle)
{
  gsize n = strlen (needle);

  for (gsize i = from; i + n <= in->len; i++)
    if (memcmp (in->data + i, needle, n) == 0)
      return (gssize) i;
  return -1;
}

/* Starts the body as the headers frame it; FALSE when the request was refused. */
static gboolean
begin_body (LfHttpConnection *conn)
{
  LfHttpExchange *exchange = conn->exchange;
  SoupMessageHeaders *headers = exchange->request_headers;
  goffset length;

  conn->received = 0;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    {
      conn->framing = BODY_CHUNKED;
      conn->chunk_state = CHUNK_SIZE;
    }
  else if ((length = soup_message_headers_get_content_length (headers)) > 0)
    {
      if ((guint64) length > exchange->body_limit)
        {
          refuse_body (conn, (gsize) MIN ((guint64) length, (guint64) G_MAXSIZE));
          return FALSE;
        }
      conn->framing = BODY_LENGTH;
      conn->left = (gsize) length;
    }
  else
    conn->framing = BODY_NONE;

  if (conn->framing != BODY_NONE &&
      soup_message_headers_header_equals (headers, "Expect", "100-continue"))
    {
      static const char go_on[] = "HTTP/1.1 100 Continue\r\n\r\n";
      g_autoptr(GBytes) bytes = g_bytes_new_static (go_on, sizeof go_on - 1);

      _lf_http_connection_send (conn, bytes, FALSE, FALSE);
    }
  conn->state = READING_BODY;
  return TRUE;
}

/* Parses the head at the start of the buffer (ending at @end, its blank line included) and
 * hands the request to the judge. */
static void
take_head (LfHttpConnection *conn,
           gsize             end)
{
  LfHttpServer *server = conn->server;
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  char *method = NULL, *target = NULL;
  SoupHTTPVersion version = SOUP_HTTP_1_1;
  guint status;

  status = soup_headers_parse_request ((const char *) conn->in->data, (int) end, headers,
                                       &method, &target, &version);
  g_byte_array_remove_range (conn->in, 0, end);
  clear_timer (conn);
  if (status != SOUP_STATUS_OK)
    {
      soup_message_headers_unref (headers);
      g_free (method);
      g_free (target);
      refuse_raw (conn, status);
      return;
    }

  conn->exchange = _lf_http_exchange_new (conn, method, target, version, headers, conn->remote,
                                          conn->local);
  conn->close_after = FALSE;
  soup_message_headers_replace (conn->exchange->response_headers, "Server", server->name);

  /* An answer given by the judge refuses the request: it closes the connection. */
  lf_http_exchange_set_close (conn->exchange);
  if (server->judge != NULL)
    server->judge (server, conn->exchange, server->judge_data);
  if (conn->state == CLOSED)
    return;
  conn->exchange->close = soup_message_headers_header_contains (headers, "Connection", "close");
  if (lf_http_exchange_is_answered (conn->exchange) ||
      conn->exchange->state == EXCHANGE_STREAMING)
    {
      /* Refused when its headers came: the body is never kept. */
      goffset length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                       ? soup_message_headers_get_content_length (headers) : 0;

      discard_then_close (conn, length > 0 ? (gsize) MIN (length, (goffset) G_MAXSSIZE) : 0);
      return;
    }
  begin_body (conn);
}

/* Takes @n bytes of body from the buffer; FALSE when the request ended there (refused). */
static gboolean
take_body (LfHttpConnection *conn,
           gsize             n)
{
  LfHttpExchange *exchange = conn->exchange;

  conn->received += n;
  if (conn->received > exchange->body_limit)
    {
      g_byte_array_remove_range (conn->in, 0, n);
      refuse_body (conn, conn->framing == BODY_LENGTH ? conn->left - n : 0);
      return FALSE;
    }
  if (exchange->body_func != NULL)
    {
      g_autoptr(GBytes) piece = g_bytes_new (conn->in->data, n);

      g_byte_array_remove_range (conn->in, 0, n);
      if (!exchange->body_func (exchange, piece, exchange->body_data))
        {
          refuse_body (conn, 0);
          return FALSE;
        }
      return TRUE;
    }
  g_byte_array_append (exchange->body, conn->in->data, n);
  g_byte_array_remove_range (conn->in, 0, n);
  return TRUE;
}

/* The request is whole: over to the handler, which answers now or later. */
static void
body_done (LfHttpConnection *conn)
{
  LfHttpServer *server = conn->server;
  g_autoptr(LfHttpExchange) exchange = g_object_ref (conn->exchange);

  conn->state = HANDLING;
  clear_timer (conn);
  if (server->handler != NULL)
    server->handler (server, exchange, server->handler_data);
}

/* One step of a chunked body; FALSE when more bytes are needed or the request ended. */
static gboolean
chunked_step (LfHttpConnection *conn)
{
  gssize line_end;

  switch (conn->chunk_state)
    {
    case CHUNK_SIZE:
      line_end = find (conn->in, 0, "\r\n");
      if (line_end < 0)
        {
          if (conn->in->len > MAX_CHUNK_LINE)
            refuse_raw (conn, SOUP_STATUS_BAD_REQUEST);
          return FALSE;
        }
      {
        g_autofree char *line = g_strndup ((const char *) conn->in->data, line_end);
        char *end = NULL;
        guint64 size = g_ascii_strtoull (line, &end, 16);

        g_byte_array_remove_range (conn->in, 0, line_end + 2);
        if (end == line || (*end != '\0' && *end != ';' && *end != ' '))
          {
            refuse_raw (conn, SOUP_STATUS_BAD_REQUEST);
            return FALSE;
          }
        conn->left = (gsize) size;
        conn->chunk_state = size == 0 ? CHUNK_TRAILERS : CHUNK_DATA;
        if (size > conn->exchange->body_limit)
          {
            refuse_body (conn, 0);
            return FALSE;
          }
      }
      return TRUE;

    case CHUNK_DATA:
      if (conn->in->len == 0)
        return FALSE;
      {
        gsize n = MIN (conn->left, conn->in->len);

        if (!take_body (conn, n))
          return FALSE;
        conn->left -= n;
        if (conn->left == 0)
          conn->chunk_state = CHUNK_DATA_END;
      }
      return TRUE;

    case CHUNK_DATA_END:
      if (conn->in->len < 2)
        return FALSE;
      if (memcmp (conn->in->data, "\r\n", 2) != 0)
        {
          refuse_raw (conn, SOUP_STATUS_BAD_REQUEST);
          return FALSE;
        }
      g_byte_array_remove_range (conn->in, 0, 2);
      conn->chunk_state = CHUNK_SIZE;
      return TRUE;

    case CHUNK_TRAILERS:
    default:
      if (conn->in->len >= 2 && memcmp (conn->in->data, "\r\n", 2) == 0)
        {
          g_byte_array_remove_range (conn->in, 0, 2);
          body_done (conn);
          return FALSE;
        }
      line_end = find (conn->in, 0, "\r\n\r\n");
      if (line_end < 0)
        {
          if (conn->in->len > LF_HTTP_MAX_HEADER_BYTES)
            refuse_raw (conn, 431);
          return FALSE;
        }
      soup_headers_parse ((const char *) conn->in->data, (int) line_end + 2,
                          conn->exchange->trailers);
      g_byte_array_remove_range (conn->in, 0, line_end + 4);
      body_done (conn);
      return FALSE;
    }
}

/* Works through what has arrived, as far as it goes. */
static void
process (LfHttpConnection *conn)
{
  if (conn->state == DISCARDING)
    {
      gsize n = MIN (conn->left, conn->in->len);

      g_byte_array_remove_range (conn->in, 0, n);
      conn->left -= n;
      if (conn->left > 0)
        return;
      conn->state = HANDLING;
      clear_timer (conn);
      if (conn->answer_out)
        conn_close (conn);
      return;
    }
  while (conn->state == READING_HEAD || conn->state == READING_BODY)
    {
      if (conn->state == READING_HEAD)
        {
          gssize end;

          /* Blank lines between requests are allowed. */
          while (conn->in->len >= 2 && memcmp (conn->in->data, "\r\n", 2) == 0)
            g_byte_array_remove_range (conn->in, 0, 2);
          if (conn->in->len == 0)
            return;
          end = find (conn->in, 0, "\r\n\r\n");
          if (end < 0)
            {
              if (conn->in->len > LF_HTTP_MAX_HEADER_BYTES)
                refuse_raw (conn, 431);
              else if (conn->timer == NULL || !conn->timer_is_head)
                arm_timer (conn, conn->server->header_timeout, TRUE);
              return;
            }
          take_head (conn, (gsize) end + 4);
          continue;
        }

      switch (conn->framing)
        {
        case BODY_NONE:
          body_done (conn);
          return;
        case BODY_LENGTH:
          if (conn->in->len == 0)
            return;
          {
            gsize n = MIN (conn->left, conn->in->len);

            if (!take_body (conn, n))
              return;
            conn->left -= n;
            if (conn->left == 0)
              {
                body_done (conn);
                return;
              }
          }
          break;
        case BODY_CHUNKED:
        default:
          if (!chunked_step (conn))
            return;
          break;
        }
    }
  /* A refusal met on the way: drop what of the refused body is here already. */
  if (conn->state == DISCARDING && conn->in->len > 0)
    process (conn);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  LfHttpConnection *conn = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) piece = NULL;

  conn->reading = FALSE;
  piece = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (conn->state == CLOSED)
    {
      conn_unref (conn);
      return;
    }
  if (piece == NULL || g_bytes_get_size (piece) == 0)
    {
      /* The peer is gone (or half-closed: it will read no answer of a request it did not
       * finish). Whatever waits for this connection hears it now. */
      conn_close (conn);
      conn_unref (conn);
      return;
    }
  g_byte_array_append (conn->in, g_bytes_get_data (piece, NULL), g_bytes_get_size (piece));
  if (conn->state == READING_BODY)
    arm_timer (conn, conn->server->idle_timeout, FALSE);
  process (conn);
  start_read (conn);
  conn_unref (conn);
}

/* Reading goes on while a request is handled, to notice a peer that leaves; only a peer
 * that sends far ahead is made to wait. */
static void
start_read (LfHttpConnection *conn)
{
  GInputStream *in = g_io_stream_get_input_stream (conn->stream);

  if (conn->reading || conn->state == CLOSED ||
      (conn->state == HANDLING && conn->in->len >= MAX_WAITING_BYTES))
    return;
  conn->reading = TRUE;
  g_input_stream_read_bytes_async (in, READ_PIECE, G_PRIORITY_DEFAULT, conn->cancellable,
                                   on_read, conn_ref (conn));
}

/**
 * lf_http_server_accept_stream:
 * @remote: (nullable): the peer's address
 * @local: (nullable): ours
 *
 * Serves requests arriving on @stream as on a connection accepted by the server; the
 * listener does this for each socket, a fuzzer for streams in memory.
 */
void
lf_http_server_accept_stream (LfHttpServer   *self,
                              GIOStream      *stream,
                              GSocketAddress *remote,
                              GSocketAddress *local)
{
  LfHttpConnection *conn = g_new0 (LfHttpConnection, 1);

  g_return_if_fail (LF_IS_HTTP_SERVER (self));

  conn->refs = 1;
  conn->server = self;
  conn->stream = g_object_ref (stream);
  if (G_IS_SOCKET_CONNECTION (stream))
    conn->socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
  conn->remote = remote ? g_object_ref (remote) : NULL;
  conn->local = local ? g_object_ref (local) : NULL;
  conn->cancellable = g_cancellable_new ();
  conn->in = g_byte_array_new ();
  conn->state = READING_HEAD;
  g_queue_init (&conn->out);
  g_hash_table_add (self->connections, conn);
  arm_timer (conn, self->idle_timeout, FALSE);
  start_read (conn);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *stream,
             GObject           *source,
             gpointer           user_data)
{
  LfHttpServer *self = user_data;
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (stream, NULL);
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (stream, NULL);

  /* Answers go out whole and at once; small ones should not wait for a delayed ACK. */
  g_socket_set_option (g_socket_connection_get_socket (stream), IPPROTO_TCP, TCP_NODELAY, 1,
                       NULL);
  lf_http_server_accept_stream (self, G_IO_STREAM (stream), remote, local);
  return TRUE;
}

/* The server ************************************************************************/

static void
lf_http_server_dispose (GObject *object)
{
  LfHttpServer *self = (LfHttpServer *) object;

  lf_http_server_disconnect (self);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (lf_http_server_parent_class)->dispose (object);
}

static void
lf_http_server_finalize (GObject *object)
{
  LfHttpServer *self = (LfHttpServer *) object;

  g_hash_table_unref (self->connections);
  g_free (self->name);

  G_OBJECT_CLASS (lf_http_server_parent_class)->finalize (object);
}

static void
lf_http_server_class_init (LfHttpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_http_server_dispose;
  object_class->finalize = lf_http_server_finalize;
}

static void
lf_http_server_init (LfHttpServer *self)
{
  self->connections = g_hash_table_new (NULL, NULL);
  self->header_timeout = LF_HTTP_DEFAULT_HEADER_TIMEOUT;
  self->idle_timeout = LF_HTTP_DEFAULT_IDLE_TIMEOUT;
}

LfHttpServer *
lf_http_server_new (const char *server_name)
{
  LfHttpServer *self = g_object_new (LF_TYPE_HTTP_SERVER, NULL);

  self->name = g_strdup (server_name ? server_name : PACKAGE_NAME);
  return self;
}

void
lf_http_server_set_judge (LfHttpServer    *self,
                          LfHttpJudgeFunc  judge,
                          gpointer         user_data)
{
  g_return_if_fail (LF_IS_HTTP_SERVER (self));
  self->judge = judge;
  self->judge_data = user_data;
}

void
lf_http_server_set_handler (LfHttpServer      *self,
                            LfHttpHandlerFunc  handler,
                            gpointer           user_data)
{
  g_return_if_fail (LF_IS_HTTP_SERVER (self));
  self->handler = handler;
  self->handler_data = user_data;
}

void
lf_http_server_set_timeouts (LfHttpServer *self,
                             guint         header_seconds,
                             guint         idle_seconds)
{
  g_return_if_fail (LF_IS_HTTP_SERVER (self));
  self->header_timeout = header_seconds;
  self->idle_timeout = idle_seconds;
}

gboolean
lf_http_server_listen (LfHttpServer  *self,
                       guint          port,
                       GError       **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);
  g_autoptr(GSocketAddress) effective = NULL;

  g_return_val_if_fail (LF_IS_HTTP_SERVER (self), FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);

  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    {
      g_clear_object (&self->service);
      return FALSE;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);
  return TRUE;
}

guint
lf_http_server_get_port (LfHttpServer *self)
{
  g_return_val_if_fail (LF_IS_HTTP_SERVER (self), 0);
  return self->port;
}

guint
lf_http_server_get_n_connections (LfHttpServer *self)
{
  g_return_val_if_fail (LF_IS_HTTP_SERVER (self), 0);
  return g_hash_table_size (self->connections);
}

void
lf_http_server_disconnect (LfHttpServer *self)
{
  g_autoptr(GList) connections = NULL;

  g_return_if_fail (LF_IS_HTTP_SERVER (self));

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    }
  connections = g_hash_table_get_keys (self->connections);
  for (GList *l = connections; l != NULL; l = l->next)
    conn_close (l->data);
}
