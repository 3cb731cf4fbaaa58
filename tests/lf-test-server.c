/* lf-test-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lf-sandbox-verifier.h"
#include "lf-test-server.h"

#define STREAM_PIECE (64 * 1024)

typedef struct
{
  LfTestReplyKind kind;
  guint status;
  char **headers;
  char *body;
  guint delay_ms;
  gsize stream_bytes;
} Reply;

/* What a request brought */
typedef struct
{
  char *path;
  char *query;
  SoupMessageHeaders *headers;
} Seen;

struct _LfTestServer
{
  SoupServer *server;
  LfSandboxVerifier *verifier;
  char *url;
  GPtrArray *replies;        /* Reply, in order; the last serves every later request */
  guint next;
  LfTestHandler handler;
  gpointer handler_data;
  GPtrArray *seen;
  GList *delayed;            /* Pending replies still waiting for their delay */
  guint bad_signatures;
  gsize streamed;
  char *piece;
};

typedef struct
{
  LfTestServer *self;
  SoupServerMessage *msg;
  Reply *reply;
  gsize left;
  guint delay_id;
} Pending;

static void
reply_free (Reply *reply)
{
  g_strfreev (reply->headers);
  g_free (reply->body);
  g_free (reply);
}

static void
seen_free (Seen *seen)
{
  g_free (seen->path);
  g_free (seen->query);
  soup_message_headers_unref (seen->headers);
  g_free (seen);
}

static void
answer (SoupServerMessage *msg,
        const Reply       *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  for (guint i = 0; reply->headers != NULL && reply->headers[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (reply->headers[i], ":", 2);

      soup_message_headers_replace (headers, g_strstrip (pair[0]), g_strstrip (pair[1]));
    }
  soup_server_message_set_status (msg, reply->status, NULL);
  if (reply->body != NULL)
    {
      /* A copy: setting the body sets Content-Type, and the header's own value would go. */
      g_autofree char *type = g_strdup (soup_message_headers_get_content_type (headers, NULL));

      soup_server_message_set_response (msg, type ? type : "application/json",
                                        SOUP_MEMORY_COPY, reply->body, strlen (reply->body));
    }
}

static void
drop (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
}

/* Chunked streaming: one piece a time, the next when it has been written. */
static void
on_wrote_chunk (SoupServerMessage *msg,
                gpointer           user_data)
{
  Pending *pending = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize n = MIN (pending->left, STREAM_PIECE);

  if (n == 0)
    {
      soup_message_body_complete (body);
      return;
    }
  soup_message_body_append (body, SOUP_MEMORY_STATIC, pending->self->piece, n);
  pending->left -= n;
  pending->self->streamed += n;
}

static void
start_stream (Pending *pending)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (pending->msg);

  pending->left = pending->reply->stream_bytes;
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_server_message_set_status (pending->msg, 200, NULL);
  g_signal_connect_data (pending->msg, "wrote-chunk", G_CALLBACK (on_wrote_chunk), pending,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  on_wrote_chunk (pending->msg, pending);
}

static void
carry_out (Pending *pending)
{
  switch (pending->reply->kind)
    {
    case LF_TEST_REPLY_DROP:
      drop (pending->msg);
      g_free (pending);
      return;
    case LF_TEST_REPLY_STREAM:
      start_stream (pending);
      return;
    case LF_TEST_REPLY_ANSWER:
    default:
      answer (pending->msg, pending->reply);
      g_free (pending);
    }
}

static gboolean
on_delay_over (gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr(SoupServerMessage) msg = pending->msg;

  g_signal_handlers_disconnect_by_data (msg, pending);
  pending->delay_id = 0;
  pending->self->delayed = g_list_remove (pending->self->delayed, pending);
  carry_out (pending);
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

/* The client gave up while we waited (its read timeout): nothing to answer. */
static void
on_delayed_disconnected (SoupServerMessage *msg,
                         gpointer           user_data)
{
  Pending *pending = user_data;

  g_signal_handlers_disconnect_by_data (msg, pending);
  g_clear_handle_id (&pending->delay_id, g_source_remove);
  pending->self->delayed = g_list_remove (pending->self->delayed, pending);
  g_object_unref (pending->msg);
  g_free (pending);
}

static Reply *
next_reply (LfTestServer *self)
{
  guint index = MIN (self->next, self->replies->len - 1);

  g_assert_cmpuint (self->replies->len, >, 0);
  self->next++;
  return g_ptr_array_index (self->replies, index);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  LfTestServer *self = user_data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;
  Pending *pending;
  Seen *seen;

  if (!lf_sandbox_verifier_verify_message (self->verifier, msg, body, &error))
    {
      g_test_message ("stand-in: %s %s refused: %s", soup_server_message_get_method (msg), path,
                      error->message);
      self->bad_signatures++;
      soup_server_message_set_status (msg, 403, NULL);
      return;
    }
  seen = g_new0 (Seen, 1);
  seen->path = g_strdup (path);
  seen->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  seen->headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  g_ptr_array_add (self->seen, seen);

  if (self->handler != NULL)
    {
      self->handler (msg, query, body, self->handler_data);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->msg = msg;
  pending->reply = next_reply (self);

  if (pending->reply->delay_ms > 0)
    {
      g_object_ref (msg);
      soup_server_message_pause (msg);
      g_signal_connect (msg, "disconnected", G_CALLBACK (on_delayed_disconnected), pending);
      pending->delay_id = g_timeout_add (pending->reply->delay_ms, on_delay_over, pending);
      self->delayed = g_list_prepend (self->delayed, pending);
      return;
    }
  carry_out (pending);
}

LfTestServer *
lf_test_server_new_full (const LfTestServerSetup *setup)
{
  LfTestServer *self = g_new0 (LfTestServer, 1);
  g_autoptr(LfCredentials) credentials = lf_credentials_new (LF_TEST_KEY_ID, LF_TEST_SECRET,
                                                             setup->session_token, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  SoupServerListenOptions options = setup->certificate ? SOUP_SERVER_LISTEN_HTTPS : 0;
  GSList *uris;

  self->verifier = lf_sandbox_verifier_new (credentials, LF_TEST_REGION, setup->service);
  self->replies = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_free);
  self->seen = g_ptr_array_new_with_free_func ((GDestroyNotify) seen_free);
  self->piece = g_malloc (STREAM_PIECE);
  memset (self->piece, 'x', STREAM_PIECE);
  self->server = soup_server_new ("server-header", "lf-test-server ",
                                  "tls-certificate", setup->certificate, NULL);
  soup_server_add_handler (self->server, NULL, handler, self, NULL);
  g_assert_true (soup_server_listen (self->server, address, options, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("%s://127.0.0.1:%d", setup->certificate ? "https" : "http",
                               g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return self;
}

LfTestServer *
lf_test_server_new (const char *service)
{
  LfTestServerSetup setup = { .service = service };

  return lf_test_server_new_full (&setup);
}

/* A reply still waiting for its delay when the test ends: dropped with its message. */
static void
pending_drop (Pending *pending)
{
  g_signal_handlers_disconnect_by_data (pending->msg, pending);
  g_clear_handle_id (&pending->delay_id, g_source_remove);
  g_object_unref (pending->msg);
  g_free (pending);
}

void
lf_test_server_free (LfTestServer *self)
{
  g_list_free_full (g_steal_pointer (&self->delayed), (GDestroyNotify) pending_drop);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->verifier);
  g_ptr_array_unref (self->replies);
  g_ptr_array_unref (self->seen);
  g_free (self->piece);
  g_free (self->url);
  g_free (self);
}

void
lf_test_server_set_handler (LfTestServer  *self,
                            LfTestHandler  respond,
                            gpointer       user_data)
{
  self->handler = respond;
  self->handler_data = user_data;
}

const char *
lf_test_server_get_url (LfTestServer *self)
{
  return self->url;
}

void
lf_test_server_reply (LfTestServer       *self,
                      LfTestReplyKind     kind,
                      guint               status,
                      const char * const *headers,
                      const char         *body,
                      guint               delay_ms)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->kind = kind;
  reply->status = status;
  reply->headers = g_strdupv ((char **) headers);
  reply->body = g_strdup (body);
  reply->delay_ms = delay_ms;
  g_ptr_array_add (self->replies, reply);
}

void
lf_test_server_reply_stream (LfTestServer *self,
                             gsize         stream_bytes)
{
  lf_test_server_reply (self, LF_TEST_REPLY_STREAM, 200, NULL, NULL, 0);
  ((Reply *) g_ptr_array_index (self->replies, self->replies->len - 1))->stream_bytes =
    stream_bytes;
}

guint
lf_test_server_get_count (LfTestServer *self)
{
  return self->seen->len;
}

guint
lf_test_server_count_path (LfTestServer *self,
                           const char   *prefix)
{
  guint n = 0;

  for (guint i = 0; i < self->seen->len; i++)
    if (g_str_has_prefix (((Seen *) g_ptr_array_index (self->seen, i))->path, prefix))
      n++;
  return n;
}

static Seen *
seen_at (LfTestServer *self,
         guint         index)
{
  return index < self->seen->len ? g_ptr_array_index (self->seen, index) : NULL;
}

const char *
lf_test_server_get_path (LfTestServer *self,
                         guint         index)
{
  Seen *seen = seen_at (self, index);

  return seen ? seen->path : NULL;
}

const char *
lf_test_server_get_query (LfTestServer *self,
                          guint         index)
{
  Seen *seen = seen_at (self, index);

  return seen ? seen->query : NULL;
}

const char *
lf_test_server_get_header (LfTestServer *self,
                           guint         index,
                           const char   *name)
{
  Seen *seen = seen_at (self, index);

  return seen ? soup_message_headers_get_one (seen->headers, name) : NULL;
}

guint
lf_test_server_get_bad_signatures (LfTestServer *self)
{
  return self->bad_signatures;
}

gsize
lf_test_server_get_streamed (LfTestServer *self)
{
  return self->streamed;
}

gboolean
lf_test_parse_authorization (const char  *value,
                             char       **algorithm,
                             char       **credential,
                             char       **signed_headers,
                             char       **signature)
{
  static const char * const names[] = { "Credential=", "SignedHeaders=", "Signature=" };
  char **parts[] = { credential, signed_headers, signature };
  const char *space = value ? strchr (value, ' ') : NULL;
  g_auto(GStrv) fields = NULL;
  gboolean complete = TRUE;

  *algorithm = space ? g_strndup (value, space - value) : NULL;
  fields = g_strsplit (space ? space + 1 : "", ", ", -1);
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      *parts[k] = NULL;
      for (guint i = 0; fields[i] != NULL && *parts[k] == NULL; i++)
        if (g_str_has_prefix (fields[i], names[k]))
          *parts[k] = g_strdup (fields[i] + strlen (names[k]));
      complete &= *parts[k] != NULL;
    }
  return *algorithm != NULL && complete;
}
