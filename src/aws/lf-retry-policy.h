/* lf-retry-policy.h: which failures a call may be sent again after, decided by one table
 *
 * A retry is only safe when the operation cannot have done its work twice. Reads and deletes
 * can be repeated. An invocation is repeated only when the function cannot have run: when
 * the request never left this machine, or when Lambda refused it before running anything
 * (throttling and the limits it documents as checked first). After anything else, the
 * caller gets an error that says the function may have run, and the person decides.
 *
 *   failure                                 │ read (List, Get) │ delete │ invoke (sync, Event)
 *   ────────────────────────────────────────┼──────────────────┼────────┼─────────────────────
 *   not sent: refused, DNS, connect timeout │ retry            │ retry  │ retry
 *   throttled before running (429, …)       │ retry            │ retry  │ retry
 *   5xx from the service                    │ retry            │ retry  │ no: may have run
 *   no answer in time after sending         │ retry            │ retry  │ no: may have run
 *   connection lost after sending           │ retry            │ retry  │ no: may have run
 *   clock skew (the request was refused)    │ sign again, once │ same   │ same
 *   any other 4xx                           │ no               │ no     │ no
 *
 * Retries follow the SDKs' standard mode: at most max_attempts in all, full-jitter backoff
 * (a random delay up to 2^attempt seconds, capped at 20 s, longer when Retry-After asks),
 * and a retry quota shared by the client's calls that empties while everything fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  LF_CALL_READ,              /* nothing changes on the service */
  LF_CALL_IDEMPOTENT_WRITE,  /* the same change twice is the change once (delete) */
  LF_CALL_INVOKE,            /* runs code: twice is twice */
} LfCallKind;

typedef enum
{
  LF_FAILURE_NOT_SENT,
  LF_FAILURE_THROTTLED,
  LF_FAILURE_SERVER_ERROR,
  LF_FAILURE_TIMED_OUT,
  LF_FAILURE_CONNECTION_LOST,
  LF_FAILURE_CLOCK_SKEW,
  LF_FAILURE_CLIENT_ERROR,
} LfFailure;

typedef enum
{
  LF_RETRY_NO,
  LF_RETRY_YES,
  LF_RETRY_SIGN_AGAIN,   /* at once and only once: not counted as an attempt */
} LfRetryDecision;

LfRetryDecision lf_retry_policy_decide          (LfCallKind   kind,
                                                 LfFailure    failure);
/* After this failure the operation may have done its work (an invocation may have run). */
gboolean        lf_retry_policy_may_have_acted  (LfCallKind   kind,
                                                 LfFailure    failure);
/* The failure an HTTP answer is: 429 and throttling codes, 5xx, other 4xx. */
LfFailure       lf_failure_for_answer           (guint        http_status,
                                                 const char  *aws_code);
/* The failure a transport error is once @request_sent is known: lost on the way, or never
 * sent (refused, unreachable, not resolved). Timeouts are the caller's to tell apart. */
LfFailure       lf_failure_for_transport_error  (const GError *error,
                                                 gboolean      request_sent);
const char     *lf_call_kind_to_string          (LfCallKind   kind);
const char     *lf_failure_to_string            (LfFailure    failure);

/* Backoff: full jitter, a random delay up to 2^(attempt - 1) seconds, capped at 20 s; a
 * Retry-After that asks for longer wins, up to the same cap. In seconds, before any scaling. */
double          lf_retry_backoff_seconds        (guint        attempt,
                                                 double       retry_after_seconds);

/* The retry quota of the standard mode, shared by one client's calls: a retry takes tokens
 * (more after a timeout) and a success gives back what its last retry took, or one token, so
 * the quota empties while everything fails and refills as calls succeed. */
typedef struct
{
  guint tokens;
} LfRetryQuota;

void            lf_retry_quota_init             (LfRetryQuota *quota);
/* FALSE when too few tokens are left for a retry after @failure; else takes them and gives
 * their number in @cost, for lf_retry_quota_release(). */
gboolean        lf_retry_quota_take             (LfRetryQuota *quota,
                                                 LfFailure     failure,
                                                 guint        *cost);
/* A call succeeded; @cost is what its last retry took (0 when it was not retried). */
void            lf_retry_quota_release          (LfRetryQuota *quota,
                                                 guint         cost);

G_END_DECLS
