/* lf-test-server.h: an AWS service stand-in on 127.0.0.1, for the suites that test clients
 *
 * It checks each request's SigV4 signature with the sandbox's verifier (the project's one
 * Authorization parser), records what came, and answers from a script: each reply is used
 * for one request (the last one for all that follow). Replies can be any status and body,
 * a delay, a dropped connection, or a chunked stream of any length.
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

LfTestServer *lf_test_server_new          (const char    *service);
void          lf_test_server_free         (LfTestServer  *self);
const char   *lf_test_server_get_url      (LfTestServer  *self);

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
guint         lf_test_server_get_bad_signatures (LfTestServer *self);
/* Bytes of a streamed reply written so far. */
gsize         lf_test_server_get_streamed (LfTestServer  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfTestServer, lf_test_server_free)

G_END_DECLS
