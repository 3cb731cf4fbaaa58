/* lf-aws-client.c
 *
 * One call is a GTask whose data is a Call. Each attempt: credentials (cached, or asked for),
 * a signature made for that attempt's time, a SoupMessage, then the answer read from its
 * stream piece by piece. A failure is classified (lf-retry-policy.h) and either retried after
 * a backoff or returned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-aws"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-aws-client.h"
#include "lf-aws-error.h"
#include "lf-endpoint.h"
#include "lf-signer.h"

#define READ_CHUNK (64 * 1024)
/* An error answer is read for its sentence; more than this is not a sentence. */
#define MAX_ERROR_BODY (256 * 1024)

struct _LfAwsClient
{
  GObject parent_instance;

  LfCredentialsProvider *provider;
  LfSigner *signer;
  SoupSession *session;
  char *service;
  char *region;
  char *endpoint;

  guint max_attempts;
  double backoff_scale;
  guint connect_timeout;
  guint read_timeout;
  gsize max_response_bytes;

  /* Server time minus ours, learnt from a "signature expired" answer. */
  GTimeSpan clock_offset;
  LfRetryQuota quota;
};

G_DEFINE_FINAL_TYPE (LfAwsClient, lf_aws_client, G_TYPE_OBJECT)

/* What the answer to @request may weigh: its own limit, else the client's. */
static gsize
max_response_bytes (LfAwsClient        *self,
                    const LfAwsRequest *request)
{
  gsize own = lf_aws_request_get_max_response_bytes (request);

  return own != 0 ? own : self->max_response_bytes;
}

typedef struct
{
  GTask *task;             /* not owned: the task owns this call */
  LfAwsRequest *request;
  LfAwsChunkFunc chunk_func;
  gpointer chunk_data;
  GDestroyNotify chunk_destroy;

  guint attempt;
  guint retry_cost;        /* what the last retry took from the quota */
  gboolean skew_corrected;
  gint64 started;
  gint64 attempt_started;
  gulong cancel_handler;
  GSource *backoff_source;

  /* The attempt under way */
  SoupMessage *message;
  GInputStream *stream;
  GCancellable *attempt_cancellable;
  GSource *connect_source;
  GSource *read_source;
  gboolean connect_timed_out;
  gboolean read_timed_out;
  gboolean request_sent;
  gboolean chunks_given;
  gboolean error_answer;
  GByteArray *body;
  gsize received;
  LfAwsResponse *response;
} Call;

static void call_start_attempt (GTask *task);
static void read_next (GTask *task);

void
lf_aws_response_free (LfAwsResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->reason);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

const char *
lf_aws_response_get_header (LfAwsResponse *response,
                            const char    *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
call_clear_attempt (Call *call)
{
  destroy_source (&call->connect_source);
  destroy_source (&call->read_source);
  if (call->message != NULL)
    g_signal_handlers_disconnect_by_data (call->message, call);
  if (call->stream != NULL)
    g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&call->stream);
  g_clear_object (&call->message);
  g_clear_object (&call->attempt_cancellable);
  g_clear_pointer (&call->body, g_byte_array_unref);
  g_clear_pointer (&call->response, lf_aws_response_free);
  call->received = 0;
}

static void
call_free (Call *call)
{
  call_clear_attempt (call);
  destroy_source (&call->backoff_source);
  if (call->chunk_destroy != NULL)
    call->chunk_destroy (call->chunk_data);
  lf_aws_request_free (call->request);
  g_free (call);
}

/* The client ********************************************************************************/

static void
lf_aws_client_dispose (GObject *object)
{
  LfAwsClient *self = (LfAwsClient *) object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->provider);
  g_clear_object (&self->signer);

  G_OBJECT_CLASS (lf_aws_client_parent_class)->dispose (object);
}

static void
lf_aws_client_finalize (GObject *object)
{
  LfAwsClient *self = (LfAwsClient *) object;

  g_free (self->service);
  g_free (self->region);
  g_free (self->endpoint);

  G_OBJECT_CLASS (lf_aws_client_parent_class)->finalize (object);
}

static void
lf_aws_client_class_init (LfAwsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_aws_client_dispose;
  object_class->finalize = lf_aws_client_finalize;
}

static void
lf_aws_client_init (LfAwsClient *self)
{
  self->max_attempts = LF_AWS_DEFAULT_MAX_ATTEMPTS;
  self->backoff_scale = 1.0;
  self->connect_timeout = LF_AWS_DEFAULT_CONNECT_TIMEOUT;
  self->read_timeout = LF_AWS_DEFAULT_READ_TIMEOUT;
  self->max_response_bytes = LF_AWS_DEFAULT_MAX_RESPONSE_BYTES;
  lf_retry_quota_init (&self->quota);
  self->signer = lf_signer_new ();

  /* The session's own timeout would also cut a long call short: timeouts are per call here.
   * Idle connections are dropped well before servers usually close them (60 s and more), so a
   * reused connection is rarely one the server is closing; see call_send(). */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "max-conns", 64,
                                "max-conns-per-host", 16,
                                "timeout", 0,
                                "idle-timeout", 20,
                                "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                NULL);
}

LfAwsClient *
lf_aws_client_new (LfCredentialsProvider  *provider,
                   const char             *service,
                   const char             *region,
                   const char             *endpoint_url,
                   GError                **error)
{
  g_autoptr(LfAwsClient) self = NULL;
  g_autofree char *endpoint = NULL;

  g_return_val_if_fail (LF_IS_CREDENTIALS_PROVIDER (provider), NULL);
  g_return_val_if_fail (service != NULL, NULL);

  endpoint = lf_endpoint_resolve_service (service, region, endpoint_url, error);
  if (endpoint == NULL)
    return NULL;

  self = g_object_new (LF_TYPE_AWS_CLIENT, NULL);
  self->provider = g_object_ref (provider);
  self->service = g_strdup (service);
  self->region = g_strdup (region);
  self->endpoint = g_steal_pointer (&endpoint);
  return g_steal_pointer (&self);
}

const char *
lf_aws_client_get_region (LfAwsClient *self)
{
  g_return_val_if_fail (LF_IS_AWS_CLIENT (self), NULL);
  return self->region;
}

const char *
lf_aws_client_get_endpoint (LfAwsClient *self)
{
  g_return_val_if_fail (LF_IS_AWS_CLIENT (self), NULL);
  return self->endpoint;
}

char *
lf_aws_client_dup_host (LfAwsClient *self)
{
  g_return_val_if_fail (LF_IS_AWS_CLIENT (self), NULL);
  return lf_endpoint_dup_host (self->endpoint);
}

LfCredentialsProvider *
lf_aws_client_get_provider (LfAwsClient *self)
{
  g_return_val_if_fail (LF_IS_AWS_CLIENT (self), NULL);
  return self->provider;
}

void
lf_aws_client_set_max_attempts (LfAwsClient *self,
                                guint        max_attempts)
{
  g_return_if_fail (LF_IS_AWS_CLIENT (self));
  self->max_attempts = MAX (1, max_attempts);
}

void
lf_aws_client_set_backoff_scale (LfAwsClient *self,
                                 double       scale)
{
  g_return_if_fail (LF_IS_AWS_CLIENT (self));
  self->backoff_scale = MAX (0.0, scale);
}

void
lf_aws_client_set_timeouts (LfAwsClient *self,
                            guint        connect_seconds,
                            guint        read_seconds)
{
  g_return_if_fail (LF_IS_AWS_CLIENT (self));
  if (connect_seconds != 0)
    self->connect_timeout = connect_seconds;
  if (read_seconds != 0)
    self->read_timeout = read_seconds;
}

void
lf_aws_client_set_max_response_bytes (LfAwsClient *self,
                                      gsize        max_bytes)
{
  g_return_if_fail (LF_IS_AWS_CLIENT (self));
  self->max_response_bytes = max_bytes;
}

gboolean
lf_aws_client_set_ca_file (LfAwsClient  *self,
                           const char   *path,
                           GError      **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LF_IS_AWS_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  database = g_tls_file_database_new (path, &local_error);
  if (database == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("The certificate authority file %s cannot be used: %s"), path,
                   local_error->message);
      return FALSE;
    }
  soup_session_set_tls_database (self->session, database);
  return TRUE;
}

/* Retries ***********************************************************************************/

static gboolean
call_is_cancelled (GTask *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  return cancellable != NULL && g_cancellable_is_cancelled (cancellable);
}

/* Ends the call with @error (taken), leaving nothing of an attempt under way. Takes @task. */
static void
call_end (GTask  *task,
          GError *error)
{
  call_clear_attempt (g_task_get_task_data (task));
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
call_end_cancelled (GTask *task)
{
  call_end (task, g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED,
                               _("The request was cancelled")));
}

static gboolean
on_backoff_done (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  g_clear_pointer (&call->backoff_source, g_source_unref);
  call_start_attempt (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_backoff_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  /* The parent source dispatches too, and finds the call cancelled. */
  return G_SOURCE_REMOVE;
}

/* Waits as lf_retry_backoff_seconds() says, then starts the next attempt. Takes @task. */
static void
call_retry_later (GTask  *task,
                  double  retry_after_seconds)
{
  LfAwsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  double delay = lf_retry_backoff_seconds (call->attempt, retry_after_seconds) *
                 self->backoff_scale;
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_debug ("Retrying %s %s in %.0f ms (attempt %u of %u)", lf_aws_request_get_method (call->request),
           lf_aws_request_get_path (call->request), delay * 1000, call->attempt + 1,
           self->max_attempts);

  call->backoff_source = g_timeout_source_new ((guint) (delay * 1000));
  /* A cancellable child source ends the wait early when the caller cancels. */
  if (cancellable != NULL)
    {
      GSource *cancel_source = g_cancellable_source_new (cancellable);

      g_source_set_callback (cancel_source, (GSourceFunc) (void (*) (void)) on_backoff_cancelled,
                             NULL, NULL);
      g_source_add_child_source (call->backoff_source, cancel_source);
      g_source_unref (cancel_source);
    }
  g_source_set_callback (call->backoff_source, on_backoff_done, task, NULL);
  g_source_attach (call->backoff_source, g_task_get_context (task));
}

/* Retries when the table allows it and attempts and quota remain; otherwise returns @error
 * (taken), saying so when the operation may have done its work. Takes @task. */
static guint call_read_timeout (LfAwsClient *self, Call *call);

static void
call_fail (GTask     *task,
           LfFailure  failure,
           GError    *error,
           double     retry_after_seconds)
{
  LfAwsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  LfCallKind kind = lf_aws_request_get_kind (call->request);

  call_clear_attempt (call);
  if (lf_retry_policy_decide (kind, failure) == LF_RETRY_YES && !call->chunks_given &&
      call->attempt < self->max_attempts &&
      lf_retry_quota_take (&self->quota, failure, &call->retry_cost))
    {
      g_debug ("%s %s failed (%s): %s", lf_aws_request_get_method (call->request),
               lf_aws_request_get_path (call->request), lf_failure_to_string (failure),
               error->message);
      g_error_free (error);
      call_retry_later (task, retry_after_seconds);
      return;
    }

  if (kind == LF_CALL_INVOKE && failure == LF_FAILURE_TIMED_OUT)
    {
      /* Not a failure of the function: an answer that has not come. */
      GError *waiting = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT,
                                     _("No answer yet after %u seconds: the function may have "
                                       "run, or still be running, so it was not run again"),
                                     call_read_timeout (self, call));

      lf_aws_error_set_may_have_run (waiting, TRUE);
      g_error_free (error);
      error = waiting;
    }
  else if (lf_retry_policy_may_have_acted (kind, failure))
    {
      const char *request_id = lf_aws_error_get_request_id (error);

      if (request_id != NULL)
        g_prefix_error (&error, _("The function may have run, so it was not run again "
                                  "(request id %s). "), request_id);
      else
        g_prefix_error (&error, _("The function may have run, so it was not run again. "));
      lf_aws_error_set_may_have_run (error, TRUE);
    }
  lf_aws_error_set_attempts (error, call->attempt);
  call_end (task, error);
}

/* Answers ***********************************************************************************/

/* A timer of the attempt ran out: which one is noted, and the attempt stopped. */
static gboolean
time_out (Call      *call,
          GSource  **timer,
          gboolean  *timed_out)
{
  *timed_out = TRUE;
  g_clear_pointer (timer, g_source_unref);
  g_cancellable_cancel (call->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
on_read_timeout (gpointer user_data)
{
  Call *call = user_data;

  return time_out (call, &call->read_source, &call->read_timed_out);
}

static guint
call_read_timeout (LfAwsClient *self,
                   Call        *call)
{
  guint seconds = lf_aws_request_get_read_timeout (call->request);

  return seconds != 0 ? seconds : self->read_timeout;
}

/* The wait for the next piece of the answer starts again. */
static void
arm_read_timer (GTask *task)
{
  LfAwsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  guint seconds = call_read_timeout (self, call);

  destroy_source (&call->read_source);
  if (seconds == G_MAXUINT)
    return;
  call->read_source = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (call->read_source, on_read_timeout, call, NULL);
  g_source_attach (call->read_source, g_task_get_context (task));
}

/* What a transport error is: never sent, or lost on the way, or unanswered. */
static GError *
transport_error (LfAwsClient  *self,
                 Call         *call,
                 const GError *cause,
                 LfFailure    *failure)
{
  g_autofree char *host = lf_aws_client_dup_host (self);

  if (call->connect_timed_out)
    {
      *failure = LF_FAILURE_NOT_SENT;
      return g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT,
                          _("Could not connect to %s within %u seconds"), host,
                          self->connect_timeout);
    }
  if (call->read_timed_out)
    {
      *failure = call->request_sent ? LF_FAILURE_TIMED_OUT : LF_FAILURE_NOT_SENT;
      return g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT,
                          _("%s did not answer within %u seconds"), host,
                          call_read_timeout (self, call));
    }
  *failure = lf_failure_for_transport_error (cause, call->request_sent);
  return g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT, _("Could not reach %s: %s"), host,
                      cause->message);
}

static GError *
too_large_error (LfAwsClient *self,
                 Call        *call)
{
  return g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_SERVICE,
                      _("The answer is larger than the %zu MB this client accepts"),
                      max_response_bytes (self, call->request) / (1024 * 1024));
}

/* Our clock is off: learn the server's from its Date header. */
static gboolean
learn_clock (LfAwsClient   *self,
             LfAwsResponse *response)
{
  const char *date = lf_aws_response_get_header (response, "Date");
  g_autoptr(GDateTime) server_time = date ? soup_date_time_new_from_http_string (date) : NULL;
  g_autoptr(GDateTime) now = NULL;

  if (server_time == NULL)
    return FALSE;
  now = g_date_time_new_now_utc ();
  self->clock_offset = g_date_time_difference (server_time, now);
  g_debug ("Clock skew of %" G_GINT64_FORMAT " s corrected",
           self->clock_offset / G_TIME_SPAN_SECOND);
  return TRUE;
}

/* A complete error answer: its sentence, and a retry when the table allows. Takes @task. */
static void
finish_error_answer (GTask *task)
{
  LfAwsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  LfAwsResponse *response = call->response;
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&call->body));
  const char *retry_after = lf_aws_response_get_header (response, "Retry-After");
  GError *error;

  error = lf_aws_error_new_from_response (response->status, response->reason,
                                          lf_aws_response_get_header (response, "x-amzn-ErrorType"),
                                          lf_aws_response_get_header (response, "x-amzn-RequestId"),
                                          body);

  if (lf_aws_error_is_clock_skew (error) && !call->skew_corrected && learn_clock (self, response))
    {
      /* A correction is not a retry: sign again at once, and only once. */
      call->skew_corrected = TRUE;
      g_error_free (error);
      call_clear_attempt (call);
      call->attempt--;
      call_start_attempt (task);
      return;
    }

  if (g_error_matches (error, LF_AWS_ERROR, LF_AWS_ERROR_ACCESS_DENIED))
    lf_credentials_provider_invalidate (self->provider);
  call_fail (task, lf_failure_for_answer (response->status, lf_aws_error_get_aws_code (error)),
             error, retry_after ? g_ascii_strtod (retry_after, NULL) : 0);
}

/* Takes @task. */
static void
finish_answer (GTask *task)
{
  LfAwsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  LfAwsResponse *response;

  if (call->error_answer)
    {
      finish_error_answer (task);
      return;
    }
  response = g_steal_pointer (&call->response);
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&call->body));
  response->attempts = call->attempt;
  response->round_trip_ms = (g_get_monotonic_time () - call->started) / 1000.0;
  lf_retry_quota_release (&self->quota, call->retry_cost);
  call->retry_cost = 0;
  call_clear_attempt (call);
  g_task_return_pointer (task, response, (GDestroyNotify) lf_aws_response_free);
  g_object_unref (task);
}

/* Counts each piece before keeping it: the limit holds whatever the headers claimed.
 * Returns FALSE when the call ended (the task is then taken). */
static gboolean
take_piece (GTask  *task,
            GBytes *piece)
{
  LfAwsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  gsize size = g_bytes_get_size (piece);
  gsize limit = call->error_answer ? MAX_ERROR_BODY : max_response_bytes (self, call->request);
  g_autoptr(GError) error = NULL;

  call->received += size;
  if (call->received > limit && call->error_answer)
    return TRUE;
  if (call->received > limit)
    {
      call_end (task, too_large_error (self, call));
      return FALSE;
    }
  if (call->chunk_func != NULL && !call->error_answer)
    {
      call->chunks_given = TRUE;
      if (!call->chunk_func (piece, call->chunk_data, &error))
        {
          call_end (task, g_steal_pointer (&error));
          return FALSE;
        }
      return TRUE;
    }
  g_byte_array_append (call->body, g_bytes_get_data (piece, NULL), size);
  return TRUE;
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  LfAwsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) piece = NULL;

  piece = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (call_is_cancelled (task))
    {
      call_end_cancelled (task);
      return;
    }
  if (piece == NULL)
    {
      LfFailure failure;
      GError *lost = transport_error (self, call, error, &failure);

      /* Mid-answer, whatever was sent was received and acted on. */
      if (failure == LF_FAILURE_NOT_SENT)
        failure = LF_FAILURE_CONNECTION_LOST;
      call_fail (task, failure, lost, 0);
      return;
    }
  if (g_bytes_get_size (piece) == 0)
    {
      finish_answer (task);
      return;
    }
  if (!take_piece (task, piece))
    return;
  /* The start of an error page says enough: the rest is not read. */
  if (call->error_answer && call->received >= MAX_ERROR_BODY)
    {
      finish_answer (task);
      return;
    }
  arm_read_timer (task);
  read_next (task);
}

static void
read_next (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (call->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   call->attempt_cancellable, on_read, task);
}

static LfAwsResponse *
response_new (SoupMessage *message)
{
  LfAwsResponse *response = g_new0 (LfAwsResponse, 1);

  response->status = soup_message_get_status (message);
  response->reason = g_strdup (soup_message_get_reason_phrase (message));
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  return response;
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  LfAwsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset declared;

  call->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (call_is_cancelled (task))
    {
      call_end_cancelled (task);
      return;
    }
  if (call->stream == NULL)
    {
      LfFailure failure;
      GError *failed = transport_error (self, call, error, &failure);

      call_fail (task, failure, failed, 0);
      return;
    }

  call->response = response_new (call->message);
  call->response->first_byte_ms = (g_get_monotonic_time () - call->attempt_started) / 1000.0;
  call->error_answer = !SOUP_STATUS_IS_SUCCESSFUL (call->response->status);
  declared = soup_message_headers_get_content_length (call->response->headers);
  if (!call->error_answer && declared > 0 &&
      (gsize) declared > max_response_bytes (self, call->request))
    {
      call_end (task, too_large_error (self, call));
      return;
    }
  /* A declared length only sizes the buffer; the bytes themselves are what is counted. */
  call->body = g_byte_array_sized_new (declared > 0 ? (guint) MIN (declared, MAX_ERROR_BODY) : 0);
  arm_read_timer (task);
  read_next (task);
}

/* Sending ***********************************************************************************/

static gboolean
on_connect_timeout (gpointer user_data)
{
  Call *call = user_data;

  return time_out (call, &call->connect_source, &call->connect_timed_out);
}

static void
on_network_event (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  Call *call = user_data;

  if (event == G_SOCKET_CLIENT_COMPLETE)
    destroy_source (&call->connect_source);
}

static void
on_wrote_headers (SoupMessage *message,
                  gpointer     user_data)
{
  Call *call = user_data;

  /* From here on the service may act on the request. */
  call->request_sent = TRUE;
  destroy_source (&call->connect_source);
  arm_read_timer (call->task);
}

static void
on_task_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* The attempt follows the caller's cancellable through its own, which changes each time. */
static void
follow_cancellable (GTask *task,
                    Call  *call)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable == NULL)
    return;
  if (call->cancel_handler != 0)
    g_cancellable_disconnect (cancellable, call->cancel_handler);
  call->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_task_cancelled),
                                                g_object_ref (call->attempt_cancellable),
                                                g_object_unref);
}

static SoupMessage *
build_message (LfAwsClient    *self,
               Call           *call,
               LfCredentials  *credentials,
               GError        **error)
{
  g_autofree char *url = g_strconcat (self->endpoint, lf_aws_request_get_path (call->request),
                                      NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) corrected = g_date_time_add (now, self->clock_offset);
  g_autofree char *amz_date = lf_signer_format_amz_date (corrected);
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) sign_error = NULL;
  SoupMessage *message;

  signature = lf_aws_request_sign (call->request, self->signer, url, self->region, self->service,
                                   amz_date, credentials, &sign_error);
  if (signature == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("Could not sign the request: %s"), sign_error->message);
      return NULL;
    }
  message = lf_aws_request_new_message (call->request, url, signature);
  if (message == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("“%s” is not a URL that can be requested"), url);
      return NULL;
    }

  /* Connection reuse. libsoup sends a POST on a kept-alive connection only when the message
   * is flagged idempotent, because if that connection turns out to be closing it would send
   * the request again on a new one. For Invoke that could run a function twice; without
   * reuse every call costs a new TCP (and TLS) handshake, several times slower. Every request
   * is flagged and the risk bounded instead: connections idle for 20 s are closed by us first
   * (idle-timeout), far below the keep-alive of AWS's front ends, so a request is not written
   * on a connection the server is closing; and our own retries follow lf-retry-policy.h. */
  soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT | SOUP_MESSAGE_NO_REDIRECT);
  return message;
}

/* Takes @task. */
static void
call_send (GTask         *task,
           LfCredentials *credentials)
{
  LfAwsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;

  call->message = build_message (self, call, credentials, &error);
  if (call->message == NULL)
    {
      call_end (task, error);
      return;
    }

  call->attempt_cancellable = g_cancellable_new ();
  call->connect_timed_out = FALSE;
  call->read_timed_out = FALSE;
  call->request_sent = FALSE;
  call->error_answer = FALSE;
  call->attempt_started = g_get_monotonic_time ();
  follow_cancellable (task, call);

  g_signal_connect (call->message, "network-event", G_CALLBACK (on_network_event), call);
  g_signal_connect (call->message, "wrote-headers", G_CALLBACK (on_wrote_headers), call);
  if (self->connect_timeout != G_MAXUINT)
    {
      call->connect_source = g_timeout_source_new_seconds (self->connect_timeout);
      g_source_set_callback (call->connect_source, on_connect_timeout, call, NULL);
      g_source_attach (call->connect_source, g_task_get_context (task));
    }

  g_debug ("%s %s%s (attempt %u)", lf_aws_request_get_method (call->request), self->endpoint,
           lf_aws_request_get_path (call->request), call->attempt);
  soup_session_send_async (self->session, call->message, G_PRIORITY_DEFAULT,
                           call->attempt_cancellable, on_sent, task);
}

static void
on_credentials (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = lf_credentials_provider_get_credentials_finish (LF_CREDENTIALS_PROVIDER (object),
                                                                result, &error);
  if (call_is_cancelled (task))
    {
      call_end_cancelled (task);
      return;
    }
  if (credentials == NULL)
    {
      if (error->domain == LF_AWS_ERROR)
        call_end (task, g_steal_pointer (&error));
      else
        call_end (task, g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS, "%s",
                                     error->message));
      return;
    }
  call_send (task, credentials);
}

/* Takes @task. */
static void
call_start_attempt (GTask *task)
{
  LfAwsClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(LfCredentials) at_hand = NULL;

  if (call_is_cancelled (task))
    {
      call_end_cancelled (task);
      return;
    }

  call->attempt++;
  at_hand = lf_credentials_provider_peek_credentials (self->provider);
  if (at_hand != NULL)
    {
      call_send (task, at_hand);
      return;
    }
  lf_credentials_provider_get_credentials_async (self->provider, g_task_get_cancellable (task),
                                                 on_credentials, task);
}

static void
on_task_completed (GTask      *task,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable != NULL && call->cancel_handler != 0)
    {
      g_cancellable_disconnect (cancellable, call->cancel_handler);
      call->cancel_handler = 0;
    }
}

void
lf_aws_client_send_async (LfAwsClient         *self,
                          LfAwsRequest        *request,
                          LfAwsChunkFunc       chunk_func,
                          gpointer             chunk_data,
                          GDestroyNotify       chunk_destroy,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (LF_IS_AWS_CLIENT (self));
  g_return_if_fail (request != NULL);

  call = g_new0 (Call, 1);
  call->request = request;
  call->chunk_func = chunk_func;
  call->chunk_data = chunk_data;
  call->chunk_destroy = chunk_destroy;
  call->started = g_get_monotonic_time ();

  task = g_task_new (self, cancellable, callback, user_data);
  call->task = task;
  g_task_set_source_tag (task, lf_aws_client_send_async);
  /* Cancellation is reported in our own domain (LF_AWS_ERROR_CANCELLED). */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  g_signal_connect (task, "notify::completed", G_CALLBACK (on_task_completed), NULL);
  call_start_attempt (task);
}

LfAwsResponse *
lf_aws_client_send_finish (LfAwsClient   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
