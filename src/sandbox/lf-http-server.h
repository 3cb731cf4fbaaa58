/* lf-http-server.h: a small HTTP/1.1 server on loopback, for the sandbox's two APIs
 *
 * Written for what the sandbox must withstand, which libsoup 3.2's server does not: every
 * connection is owned here and closed when its peer goes (no descriptor left behind), a
 * request is judged when its headers arrive and refused without its body being read, bodies
 * are counted as they arrive (chunked or not), a client that has not finished its headers in
 * time is cut off, chunked requests keep their trailers, and answers can be streamed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-http-exchange.h"

G_BEGIN_DECLS

#define LF_HTTP_DEFAULT_HEADER_TIMEOUT 10   /* seconds from a request's first byte */
#define LF_HTTP_DEFAULT_IDLE_TIMEOUT   300  /* seconds a kept-alive connection may wait */
#define LF_HTTP_MAX_HEADER_BYTES       (64 * 1024)

#define LF_TYPE_HTTP_SERVER (lf_http_server_get_type ())

G_DECLARE_FINAL_TYPE (LfHttpServer, lf_http_server, LF, HTTP_SERVER, GObject)

/* Headers have arrived, nothing of the body is read yet. Answering the exchange here refuses
 * the request: the answer is written and the connection closed. Otherwise set its body limit
 * (lf_http_exchange_set_body_limit()) and return. */
typedef void (*LfHttpJudgeFunc)   (LfHttpServer   *server,
                                   LfHttpExchange *exchange,
                                   gpointer        user_data);
/* The whole request is in: answer now, or keep the exchange and answer later. */
typedef void (*LfHttpHandlerFunc) (LfHttpServer   *server,
                                   LfHttpExchange *exchange,
                                   gpointer        user_data);

LfHttpServer *lf_http_server_new                (const char        *server_name);
void          lf_http_server_set_judge          (LfHttpServer      *self,
                                                 LfHttpJudgeFunc    judge,
                                                 gpointer           user_data);
void          lf_http_server_set_handler        (LfHttpServer      *self,
                                                 LfHttpHandlerFunc  handler,
                                                 gpointer           user_data);
void          lf_http_server_set_timeouts       (LfHttpServer      *self,
                                                 guint              header_seconds,
                                                 guint              idle_seconds);
/* Listens on 127.0.0.1:@port (0: any free one). */
gboolean      lf_http_server_listen             (LfHttpServer      *self,
                                                 guint              port,
                                                 GError           **error);
guint         lf_http_server_get_port           (LfHttpServer      *self);
void          lf_http_server_accept_stream      (LfHttpServer      *self,
                                                 GIOStream         *stream,
                                                 GSocketAddress    *remote,
                                                 GSocketAddress    *local);
guint         lf_http_server_get_n_connections  (LfHttpServer      *self);
/* Stops listening and closes every connection. */
void          lf_http_server_disconnect         (LfHttpServer      *self);

G_END_DECLS
