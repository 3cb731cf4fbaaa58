/* lf-test-server.h: an AWS service stand-in on 127.0.0.1, for the suites that test clients
 *
 * It checks each request's SigV4 signature with the sandbox's verifier, records what came
 * (path, query, headers, body), and answers from a script: each reply is used for one request
 * (the last one for all that follow). Replies can be any status and body, a delay, a dropped
 * connection, or a chunked stream of any length; a handler can answer instead, for answers
 * that depend on the request. Over TLS when given a certificate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define LF_TEST_KEY_ID "AKIDSTANDINTEST"
#define LF_TEST_SECRET "stand-in-secret-for-tests"
#define LF_TEST_REGION "us-east-1"

typedef enum
{
  LF_TEST_REPLY_ANSWER,    /* status, headers, body */
  LF_TEST_REPLY_DROP,      /* close the connection without answering */
  LF_TEST_REPLY_STREAM,    /* 200, chunked: stream_bytes of 'x' in 64 KiB pieces */
} LfTestReplyKind;

typedef struct _LfTestServer LfTestServer;

typedef struct
{
  const char *service;            /* what requests are signed for: "lambda" */
  const char *session_token;      /* the token requests must carry, or NULL for none */
  GTlsCertificate *certificate;   /* listen with TLS (an https:// URL) when set */
} LfTestServerSetup;

/* Answers a request whose signature checked out, instead of the script. */
typedef void (*LfTestHandler) (SoupServerMessage *msg,
                               GHashTable        *query,
                               GBytes            *body,
                               gpointer           user_data);

LfTestServer *lf_test_server_new          (const char    *service);
LfTestServer *lf_test_server_new_full     (const LfTestServerSetup *setup);
void          lf_test_server_free         (LfTestServer  *self);
const char   *lf_test_server_get_url      (LfTestServer  *self);
void          lf_test_server_set_handler  (LfTestServer  *self,
                                           LfTestHandler  respond,
                                           gpointer       user_data);

/* Queues a reply. @headers: "Name: value" strings, NULL-terminated (nullable). @delay_ms waits
 * before answering. */
void          lf_test_server_reply        (LfTestServer       *self,
                                           LfTestReplyKind     kind,
                                           guint               status,
                                           const char * const *headers,
                                           const char         *body,
                                           guint               delay_ms);
void          lf_test_server_reply_stream (LfTestServer  *self,
                                           gsize          stream_bytes);

/* Requests seen (whose signatures checked out); their paths and methods, in order. */
guint         lf_test_server_get_count    (LfTestServer  *self);
/* Requests whose path starts with @prefix. */
guint         lf_test_server_count_path   (LfTestServer  *self,
                                           const char    *prefix);
const char   *lf_test_server_get_path     (LfTestServer  *self,
                                           guint          index);
/* The query as it came ("Marker=m50&MaxItems=20"), or NULL. */
const char   *lf_test_server_get_query    (LfTestServer  *self,
                                           guint          index);
/* A header of request @index, or NULL when it had none. */
const char   *lf_test_server_get_header   (LfTestServer  *self,
                                           guint          index,
                                           const char    *name);
guint         lf_test_server_get_bad_signatures (LfTestServer *self);
/* Bytes of a streamed reply written so far. */
gsize         lf_test_server_get_streamed (LfTestServer  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfTestServer, lf_test_server_free)

/* The one Authorization parser of the suites: "ALGORITHM Credential=…, SignedHeaders=…,
 * Signature=…" into its four parts (each nullable, free with g_free()); FALSE when a part is
 * missing. */
gboolean      lf_test_parse_authorization (const char    *value,
                                           char         **algorithm,
                                           char         **credential,
                                           char         **signed_headers,
                                           char         **signature);

G_END_DECLS
