/* lf-http-exchange.h: one request to an LfHttpServer and the answer given to it
 *
 * The request as it came (method, target as sent, headers, body, trailers, the peer's
 * address), and the ways to answer: at once or later (a long poll), whole or as a chunked
 * stream with trailers. "disconnected" says the peer went away before the answer was out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define LF_TYPE_HTTP_EXCHANGE (lf_http_exchange_get_type ())

G_DECLARE_FINAL_TYPE (LfHttpExchange, lf_http_exchange, LF, HTTP_EXCHANGE, GObject)

/* Receives a request body piece by piece instead of whole; FALSE refuses the rest (the
 * exchange must then have been answered). */
typedef gboolean (*LfHttpBodyFunc) (LfHttpExchange *exchange,
                                    GBytes         *piece,
                                    gpointer        user_data);

const char         *lf_http_exchange_get_method           (LfHttpExchange *self);
/* The path, percent-decoded, without the query. */
const char         *lf_http_exchange_get_path             (LfHttpExchange *self);
/* The target exactly as the client sent it: "/encoded/path?query". */
const char         *lf_http_exchange_get_target           (LfHttpExchange *self);
/* The query's fields, decoded; NULL without a query. */
GHashTable         *lf_http_exchange_get_query            (LfHttpExchange *self);
SoupMessageHeaders *lf_http_exchange_get_request_headers  (LfHttpExchange *self);
/* What a chunked body sent after its last chunk; empty otherwise. */
SoupMessageHeaders *lf_http_exchange_get_trailers         (LfHttpExchange *self);
/* The whole body, once the handler is called (empty when a body function took it). */
GBytes             *lf_http_exchange_get_body             (LfHttpExchange *self);
GSocketAddress     *lf_http_exchange_get_remote_address   (LfHttpExchange *self);
GSocketAddress     *lf_http_exchange_get_local_address    (LfHttpExchange *self);

/* Called from the server's judge, before any of the body is read. Beyond @max_bytes (counted as
 * they arrive, whatever Content-Length said) the request is answered with @status and
 * @body and the connection closed. */
void                lf_http_exchange_set_body_limit       (LfHttpExchange *self,
                                                           gsize           max_bytes,
                                                           guint           status,
                                                           const char     *content_type,
                                                           GBytes         *body);
void                lf_http_exchange_set_body_func        (LfHttpExchange *self,
                                                           LfHttpBodyFunc  func,
                                                           gpointer        user_data,
                                                           GDestroyNotify  destroy);

SoupMessageHeaders *lf_http_exchange_get_response_headers (LfHttpExchange *self);
/* The connection is closed once this answer is written. */
void                lf_http_exchange_set_close            (LfHttpExchange *self);
void                lf_http_exchange_respond              (LfHttpExchange *self,
                                                           guint           status,
                                                           const char     *content_type,
                                                           GBytes         *body);
void                lf_http_exchange_respond_text         (LfHttpExchange *self,
                                                           guint           status,
                                                           const char     *content_type,
                                                           const char     *text);
void                lf_http_exchange_begin_stream         (LfHttpExchange *self,
                                                           guint           status,
                                                           const char     *content_type);
void                lf_http_exchange_write_chunk          (LfHttpExchange *self,
                                                           GBytes         *chunk);
/* @trailers: (nullable): sent after the last chunk. */
void                lf_http_exchange_end_stream           (LfHttpExchange *self,
                                                           SoupMessageHeaders *trailers);
/* Closes the connection without a word, as a reset looks to a client. */
void                lf_http_exchange_abort                (LfHttpExchange *self);
gboolean            lf_http_exchange_is_answered          (LfHttpExchange *self);
gboolean            lf_http_exchange_is_disconnected      (LfHttpExchange *self);

G_END_DECLS
