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

#include <glib.h>

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
const char     *lf_call_kind_to_string          (LfCallKind   kind);
const char     *lf_failure_to_string            (LfFailure    failure);

G_END_DECLS
