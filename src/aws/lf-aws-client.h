/* lf-aws-client.h: signed calls to one AWS service, sent and retried by one policy
 *
 * The engine under every service client (Lambda, Schemas, …): it signs each attempt with
 * SigV4, sends it with libsoup on the caller's main context, counts the answer's bytes as they
 * arrive (a lying or absent Content-Length changes nothing), and retries only what
 * lf-retry-policy.h allows. Timeouts: connecting, and waiting for the next piece of the answer
 * (0 waits as long as it takes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "lf-aws-request.h"
#include "lf-credentials-provider.h"

G_BEGIN_DECLS

#define LF_AWS_DEFAULT_MAX_ATTEMPTS    3
#define LF_AWS_DEFAULT_CONNECT_TIMEOUT 10
#define LF_AWS_DEFAULT_READ_TIMEOUT    60
/* Lambda answers at most 6 MB synchronously; refuse to buffer more than this. */
#define LF_AWS_DEFAULT_MAX_RESPONSE_BYTES (16 * 1024 * 1024)

typedef struct
{
  guint               status;
  char               *reason;
  SoupMessageHeaders *headers;
  GBytes             *body;          /* empty when a chunk function took the body */
  guint               attempts;
  double              round_trip_ms; /* from the first attempt to the end, retries included */
  double              first_byte_ms; /* from the last attempt's start to its answer's headers */
} LfAwsResponse;

void        lf_aws_response_free       (LfAwsResponse *response);
const char *lf_aws_response_get_header (LfAwsResponse *response,
                                        const char    *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfAwsResponse, lf_aws_response_free)

/* Receives a successful answer's body piece by piece as it arrives; returning FALSE (with
 * @error set) ends the call with that error. Once a piece was given, nothing is retried. */
typedef gboolean (*LfAwsChunkFunc) (GBytes    *chunk,
                                    gpointer   user_data,
                                    GError   **error);

#define LF_TYPE_AWS_CLIENT (lf_aws_client_get_type ())

G_DECLARE_FINAL_TYPE (LfAwsClient, lf_aws_client, LF, AWS_CLIENT, GObject)

LfAwsClient           *lf_aws_client_new                    (LfCredentialsProvider  *provider,
                                                             const char             *service,
                                                             const char             *region,
                                                             const char             *endpoint_url,
                                                             GError                **error);
const char            *lf_aws_client_get_region             (LfAwsClient            *self);
const char            *lf_aws_client_get_endpoint           (LfAwsClient            *self);
/* The endpoint's host and port, as a request view shows it. (transfer full) */
char                  *lf_aws_client_dup_host               (LfAwsClient            *self);
LfCredentialsProvider *lf_aws_client_get_provider           (LfAwsClient            *self);

void                   lf_aws_client_set_max_attempts       (LfAwsClient            *self,
                                                             guint                   max_attempts);
/* Scales every retry delay: tests set it near 0. */
void                   lf_aws_client_set_backoff_scale      (LfAwsClient            *self,
                                                             double                  scale);
/* 0 leaves a timeout as it is; G_MAXUINT disables it. */
void                   lf_aws_client_set_timeouts           (LfAwsClient            *self,
                                                             guint                   connect_seconds,
                                                             guint                   read_seconds);
void                   lf_aws_client_set_max_response_bytes (LfAwsClient            *self,
                                                             gsize                   max_bytes);
/* Trusts the certificate authorities of a PEM file (instead of the system's). */
gboolean               lf_aws_client_set_ca_file            (LfAwsClient            *self,
                                                             const char             *path,
                                                             GError                **error);

/* Takes @request. Non-2xx answers are errors (LF_AWS_ERROR, with the service's code, sentence,
 * status and request id); a call that may have done its work and failed says so
 * (lf_aws_error_get_may_have_run()). */
void                   lf_aws_client_send_async             (LfAwsClient            *self,
                                                             LfAwsRequest           *request,
                                                             LfAwsChunkFunc          chunk_func,
                                                             gpointer                chunk_data,
                                                             GDestroyNotify          chunk_destroy,
                                                             GCancellable           *cancellable,
                                                             GAsyncReadyCallback     callback,
                                                             gpointer                user_data);
LfAwsResponse         *lf_aws_client_send_finish            (LfAwsClient            *self,
                                                             GAsyncResult           *result,
                                                             GError                **error);

G_END_DECLS
