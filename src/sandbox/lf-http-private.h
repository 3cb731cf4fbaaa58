/* lf-http-private.h: what LfHttpServer's connections and their exchanges share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-http-exchange.h"

G_BEGIN_DECLS

typedef struct _LfHttpConnection LfHttpConnection;

typedef enum
{
  EXCHANGE_OPEN,        /* not answered yet */
  EXCHANGE_STREAMING,   /* status and headers sent, chunks going out */
  EXCHANGE_ANSWERED,    /* all of the answer handed to the connection */
} LfHttpExchangeState;

struct _LfHttpExchange
{
  GObject parent_instance;

  LfHttpConnection *connection;   /* NULL once the connection is gone */
  char *method;
  char *target;
  char *path;
  GHashTable *query;
  SoupHTTPVersion version;
  SoupMessageHeaders *request_headers;
  SoupMessageHeaders *trailers;
  SoupMessageHeaders *response_headers;
  GByteArray *body;
  GSocketAddress *remote;
  GSocketAddress *local;

  gsize body_limit;
  guint refusal_status;
  char *refusal_type;
  GBytes *refusal_body;
  LfHttpBodyFunc body_func;
  gpointer body_data;
  GDestroyNotify body_destroy;

  LfHttpExchangeState state;
  gboolean close;
  gboolean disconnected;
};

LfHttpExchange *_lf_http_exchange_new          (LfHttpConnection   *connection,
                                                char               *method,
                                                char               *target,
                                                SoupHTTPVersion     version,
                                                SoupMessageHeaders *headers,
                                                GSocketAddress     *remote,
                                                GSocketAddress     *local);
/* The connection is gone: "disconnected" is emitted when the answer was not out yet. */
void            _lf_http_exchange_detach       (LfHttpExchange     *self);
/* Hands bytes of the answer to the connection; @last ends the exchange. */
void            _lf_http_connection_send       (LfHttpConnection   *connection,
                                                GBytes             *bytes,
                                                gboolean            last,
                                                gboolean            close);

void            _lf_http_connection_abort      (LfHttpConnection   *connection);

G_END_DECLS
