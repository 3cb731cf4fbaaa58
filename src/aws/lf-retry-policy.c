/* lf-retry-policy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-retry"

#include "config.h"

#include "lf-aws-error.h"
#include "lf-retry-policy.h"

#define N_KINDS (LF_CALL_INVOKE + 1)
#define N_FAILURES (LF_FAILURE_CLIENT_ERROR + 1)

#define MAX_BACKOFF_SECONDS 20.0
#define RETRY_QUOTA_INITIAL 500
#define RETRY_COST 5
#define RETRY_COST_TIMEOUT 10

/* The table of the header, as data: rows are failures, columns call kinds. */
static const LfRetryDecision table[N_FAILURES][N_KINDS] = {
  [LF_FAILURE_NOT_SENT]        = { LF_RETRY_YES, LF_RETRY_YES, LF_RETRY_YES },
  [LF_FAILURE_THROTTLED]       = { LF_RETRY_YES, LF_RETRY_YES, LF_RETRY_YES },
  [LF_FAILURE_SERVER_ERROR]    = { LF_RETRY_YES, LF_RETRY_YES, LF_RETRY_NO },
  [LF_FAILURE_TIMED_OUT]       = { LF_RETRY_YES, LF_RETRY_YES, LF_RETRY_NO },
  [LF_FAILURE_CONNECTION_LOST] = { LF_RETRY_YES, LF_RETRY_YES, LF_RETRY_NO },
  [LF_FAILURE_CLOCK_SKEW]      = { LF_RETRY_SIGN_AGAIN, LF_RETRY_SIGN_AGAIN, LF_RETRY_SIGN_AGAIN },
  [LF_FAILURE_CLIENT_ERROR]    = { LF_RETRY_NO, LF_RETRY_NO, LF_RETRY_NO },
};

LfRetryDecision
lf_retry_policy_decide (LfCallKind kind,
                        LfFailure  failure)
{
  g_return_val_if_fail ((guint) kind < N_KINDS, LF_RETRY_NO);
  g_return_val_if_fail ((guint) failure < N_FAILURES, LF_RETRY_NO);
  return table[failure][kind];
}

gboolean
lf_retry_policy_may_have_acted (LfCallKind kind,
                                LfFailure  failure)
{
  return kind == LF_CALL_INVOKE &&
         (failure == LF_FAILURE_SERVER_ERROR || failure == LF_FAILURE_TIMED_OUT ||
          failure == LF_FAILURE_CONNECTION_LOST);
}

/* Lambda's errors from setting up an environment, before any code runs (its Invoke reference
 * lists them as 502s): as safe to retry as throttling. */
static const char * const refused_before_running[] = {
  "EC2ThrottledException", "ENILimitReachedException", "SubnetIPAddressLimitReachedException",
  NULL,
};

LfFailure
lf_failure_for_answer (guint       http_status,
                       const char *aws_code)
{
  if (lf_aws_error_is_throttling (aws_code, http_status) ||
      (aws_code != NULL && g_strv_contains (refused_before_running, aws_code)))
    return LF_FAILURE_THROTTLED;
  if (http_status >= 500)
    return LF_FAILURE_SERVER_ERROR;
  return LF_FAILURE_CLIENT_ERROR;
}

static gboolean
never_left (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED) ||
         error->domain == G_RESOLVER_ERROR;
}

LfFailure
lf_failure_for_transport_error (const GError *error,
                                gboolean      request_sent)
{
  return request_sent && !never_left (error) ? LF_FAILURE_CONNECTION_LOST : LF_FAILURE_NOT_SENT;
}

const char *
lf_call_kind_to_string (LfCallKind kind)
{
  static const char * const names[N_KINDS] = { "read", "idempotent-write", "invoke" };

  return (guint) kind < N_KINDS ? names[kind] : "?";
}

const char *
lf_failure_to_string (LfFailure failure)
{
  static const char * const names[N_FAILURES] = {
    "not-sent", "throttled", "server-error", "timed-out", "connection-lost", "clock-skew",
    "client-error",
  };

  return (guint) failure < N_FAILURES ? names[failure] : "?";
}

/* Backoff and quota ************************************************************************/

double
lf_retry_backoff_seconds (guint  attempt,
                          double retry_after_seconds)
{
  double ceiling = MIN (MAX_BACKOFF_SECONDS, (double) (1u << MIN (attempt - 1, 10)));
  double delay = g_random_double () * ceiling;

  if (retry_after_seconds > delay)
    delay = MIN (retry_after_seconds, MAX_BACKOFF_SECONDS);
  return delay;
}

void
lf_retry_quota_init (LfRetryQuota *quota)
{
  quota->tokens = RETRY_QUOTA_INITIAL;
}

gboolean
lf_retry_quota_take (LfRetryQuota *quota,
                     LfFailure     failure,
                     guint        *cost)
{
  guint wanted = failure == LF_FAILURE_TIMED_OUT ? RETRY_COST_TIMEOUT : RETRY_COST;

  if (quota->tokens < wanted)
    return FALSE;
  quota->tokens -= wanted;
  *cost = wanted;
  return TRUE;
}

void
lf_retry_quota_release (LfRetryQuota *quota,
                        guint         cost)
{
  quota->tokens = MIN (RETRY_QUOTA_INITIAL, quota->tokens + (cost ? cost : 1));
}
