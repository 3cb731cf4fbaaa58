/* lf-aws-request.h: one call to an AWS service, as the caller builds it
 *
 * Method, path with its query (encoded as on the wire), headers and body, and what kind of
 * call it is, which decides its retries (lf-retry-policy.h). Signing happens only as it is
 * sent, so a request never holds a signature, a date or a session token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lf-retry-policy.h"
#include "lf-signer.h"

G_BEGIN_DECLS

typedef struct _LfAwsRequest LfAwsRequest;

LfAwsRequest *lf_aws_request_new              (const char          *method,
                                               const char          *path_and_query,
                                               LfCallKind           kind);
void          lf_aws_request_free             (LfAwsRequest        *self);
void          lf_aws_request_add_header       (LfAwsRequest        *self,
                                               const char          *name,
                                               const char          *value);
void          lf_aws_request_set_body         (LfAwsRequest        *self,
                                               GBytes              *body,
                                               const char          *content_type);
/* How long the answer may keep us waiting (between two pieces of it); 0: the client's. */
void          lf_aws_request_set_read_timeout (LfAwsRequest        *self,
                                               guint                seconds);

/* How much of the answer may arrive (a streamed answer is larger than any other); 0: the
 * client's. */
void          lf_aws_request_set_max_response_bytes (LfAwsRequest  *self,
                                                     gsize          max_bytes);
gsize         lf_aws_request_get_max_response_bytes (const LfAwsRequest *self);
const char   *lf_aws_request_get_method       (const LfAwsRequest  *self);
const char   *lf_aws_request_get_path         (const LfAwsRequest  *self);
LfCallKind    lf_aws_request_get_kind         (const LfAwsRequest  *self);
guint         lf_aws_request_get_read_timeout (const LfAwsRequest  *self);

/* Signs @self as sent to @url (the endpoint and the path) at @amz_date; the signer's error
 * as it is. */
LfSignature  *lf_aws_request_sign             (const LfAwsRequest  *self,
                                               LfSigner            *signer,
                                               const char          *url,
                                               const char          *region,
                                               const char          *service,
                                               const char          *amz_date,
                                               LfCredentials       *credentials,
                                               GError             **error);
/* The message that sends @self to @url with @signature's headers; NULL when @url cannot be
 * requested. */
SoupMessage  *lf_aws_request_new_message      (const LfAwsRequest  *self,
                                               const char          *url,
                                               const LfSignature   *signature);

/* For a person to read: {"method", "path", "host", "region", "headers"}; never a credential
 * (Authorization and X-Amz-Security-Token are left out should they ever be set). */
JsonNode     *lf_aws_request_describe         (const LfAwsRequest  *self,
                                               const char          *host,
                                               const char          *region);

/* Path building: a segment with everything but unreserved characters escaped (an ARN's ':'
 * goes on the wire as %3A), and "?key=value" or "&key=value" appended, escaped alike. */
char         *lf_aws_escape_segment           (const char          *segment);
void          lf_aws_append_query             (GString             *path,
                                               const char          *key,
                                               const char          *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfAwsRequest, lf_aws_request_free)

G_END_DECLS
