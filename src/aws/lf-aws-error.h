/* lf-aws-error.h: the one error domain of everything that talks to AWS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LF_AWS_ERROR (lf_aws_error_quark ())

typedef enum
{
  LF_AWS_ERROR_INVALID_INPUT,      /* caught before any request: bad name, URL, payload… */
  LF_AWS_ERROR_CREDENTIALS,        /* no usable credentials, or a provider failed */
  LF_AWS_ERROR_NOT_FOUND,          /* ResourceNotFoundException and friends */
  LF_AWS_ERROR_ACCESS_DENIED,      /* signature, identity or permission problems */
  LF_AWS_ERROR_THROTTLED,          /* 429 and throttling codes, after retries */
  LF_AWS_ERROR_PAYLOAD_TOO_LARGE,  /* 413 RequestTooLargeException */
  LF_AWS_ERROR_INVALID_REQUEST,    /* the service refused the request's content (4xx) */
  LF_AWS_ERROR_SERVICE,            /* 5xx or an answer we cannot read */
  LF_AWS_ERROR_FUNCTION,           /* the function ran and reported an error */
  LF_AWS_ERROR_TRANSPORT,          /* no answer: DNS, TCP, TLS, timeouts */
  LF_AWS_ERROR_CANCELLED,          /* the caller cancelled */
} LfAwsErrorCode;

GQuark       lf_aws_error_quark            (void);

/* What the service said, kept beside the sentence for the result view and for retries. */
GError      *lf_aws_error_new_from_response (guint        http_status,
                                             const char  *reason,
                                             const char  *error_type_header,
                                             const char  *request_id,
                                             GBytes      *body);
void         lf_aws_error_set_details       (GError      *error,
                                             const char  *aws_code,
                                             guint        http_status,
                                             const char  *request_id);
/* The service's (or the function's) own sentence, without our wording around it. */
void         lf_aws_error_set_aws_message   (GError      *error,
                                             const char  *message);
const char  *lf_aws_error_get_aws_code      (const GError *error);
const char  *lf_aws_error_get_aws_message   (const GError *error);
guint        lf_aws_error_get_http_status   (const GError *error);
const char  *lf_aws_error_get_request_id    (const GError *error);
void         lf_aws_error_set_may_have_run  (GError      *error,
                                             gboolean     may_have_run);
gboolean     lf_aws_error_get_may_have_run  (const GError *error);
void         lf_aws_error_set_attempts      (GError      *error,
                                             guint        attempts);
guint        lf_aws_error_get_attempts      (const GError *error);
LfAwsErrorCode lf_aws_error_code_for        (guint        http_status,
                                             const char  *aws_code);
gboolean     lf_aws_error_is_throttling     (const char  *aws_code,
                                             guint        http_status);
gboolean     lf_aws_error_is_clock_skew     (const GError *error);

G_END_DECLS
