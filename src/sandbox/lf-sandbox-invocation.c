/* lf-sandbox-invocation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "lf-json-util.h"
#include "lf-sandbox-error.h"
#include "lf-sandbox-invocation.h"

#define MAX_KEPT_LOG (512 * 1024)

struct _LfSandboxInvocation
{
  GObject parent_instance;

  char *request_id;
  LfSandboxInvocationType invocation_type;
  GBytes *payload;
  char *client_context;
  char *invoked_function_arn;
  guint attempt;           /* 1 for the first run of an Event, 2 and 3 for its retries */

  GString *init_log;       /* what the environment printed before this call started */
  GString *log;            /* what it printed while running this call */
  gboolean started;
  gboolean complete;
  gboolean streaming;      /* the caller takes the answer as it is made (chunk ()) */
  guint64 streamed_bytes;
  GBytes *response;
  char *function_error;
  char *error_type;

  gboolean has_report;
  double duration_ms;
  double init_duration_ms;
  guint memory_size_mb;
  guint max_memory_used_mb;
};

G_DEFINE_FINAL_TYPE (LfSandboxInvocation, lf_sandbox_invocation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REQUEST_ID,
  PROP_INVOCATION_TYPE,
  PROP_PAYLOAD,
  PROP_CLIENT_CONTEXT,
  PROP_INVOKED_FUNCTION_ARN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHUNK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lf_sandbox_invocation_finalize (GObject *object)
{
  LfSandboxInvocation *self = (LfSandboxInvocation *) object;

  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->payload, g_bytes_unref);
  g_clear_pointer (&self->client_context, g_free);
  g_clear_pointer (&self->invoked_function_arn, g_free);
  g_string_free (self->init_log, TRUE);
  g_string_free (self->log, TRUE);
  g_clear_pointer (&self->response, g_bytes_unref);
  g_clear_pointer (&self->function_error, g_free);
  g_clear_pointer (&self->error_type, g_free);

  G_OBJECT_CLASS (lf_sandbox_invocation_parent_class)->finalize (object);
}

static void
lf_sandbox_invocation_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LfSandboxInvocation *self = LF_SANDBOX_INVOCATION (object);

  switch (prop_id)
    {
    case PROP_REQUEST_ID:
      g_value_set_string (value, self->request_id);
      break;
    case PROP_INVOCATION_TYPE:
      g_value_set_int (value, self->invocation_type);
      break;
    case PROP_PAYLOAD:
      g_value_set_boxed (value, self->payload);
      break;
    case PROP_CLIENT_CONTEXT:
      g_value_set_string (value, self->client_context);
      break;
    case PROP_INVOKED_FUNCTION_ARN:
      g_value_set_string (value, self->invoked_function_arn);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_sandbox_invocation_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  LfSandboxInvocation *self = LF_SANDBOX_INVOCATION (object);

  switch (prop_id)
    {
    case PROP_REQUEST_ID:
      self->request_id = g_value_dup_string (value);
      break;
    case PROP_INVOCATION_TYPE:
      self->invocation_type = g_value_get_int (value);
      break;
    case PROP_PAYLOAD:
      self->payload = g_value_dup_boxed (value);
      break;
    case PROP_CLIENT_CONTEXT:
      self->client_context = g_value_dup_string (value);
      break;
    case PROP_INVOKED_FUNCTION_ARN:
      self->invoked_function_arn = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_sandbox_invocation_class_init (LfSandboxInvocationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lf_sandbox_invocation_finalize;
  object_class->get_property = lf_sandbox_invocation_get_property;
  object_class->set_property = lf_sandbox_invocation_set_property;

  properties[PROP_REQUEST_ID] = g_param_spec_string ("request-id", NULL, NULL, NULL, flags);
  properties[PROP_INVOCATION_TYPE] =
    g_param_spec_int ("invocation-type", NULL, NULL, LF_SANDBOX_INVOCATION_REQUEST_RESPONSE,
                      LF_SANDBOX_INVOCATION_DRY_RUN, LF_SANDBOX_INVOCATION_REQUEST_RESPONSE, flags);
  properties[PROP_PAYLOAD] = g_param_spec_boxed ("payload", NULL, NULL, G_TYPE_BYTES, flags);
  properties[PROP_CLIENT_CONTEXT] = g_param_spec_string ("client-context", NULL, NULL, NULL,
                                                         flags);
  properties[PROP_INVOKED_FUNCTION_ARN] =
    g_param_spec_string ("invoked-function-arn", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* A piece of a streamed answer, as the runtime wrote it. */
  signals[CHUNK] = g_signal_new ("chunk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
lf_sandbox_invocation_init (LfSandboxInvocation *self)
{
  self->init_log = g_string_new (NULL);
  self->log = g_string_new (NULL);
  self->init_duration_ms = -1;
}

LfSandboxInvocation *
lf_sandbox_invocation_new (const char              *request_id,
                           LfSandboxInvocationType  type,
                           GBytes                  *payload,
                           const char              *client_context,
                           const char              *invoked_function_arn)
{
  g_autoptr(GBytes) empty = NULL;

  g_return_val_if_fail (request_id != NULL, NULL);

  if (payload == NULL)
    payload = empty = g_bytes_new_static ("{}", 2);

  return g_object_new (LF_TYPE_SANDBOX_INVOCATION,
                       "request-id", request_id,
                       "invocation-type", type,
                       "payload", payload,
                       "client-context", client_context,
                       "invoked-function-arn", invoked_function_arn,
                       NULL);
}

/* The next attempt of a failed Event: the same request, run again from the start. */
LfSandboxInvocation *
lf_sandbox_invocation_new_retry (LfSandboxInvocation *failed)
{
  LfSandboxInvocation *retry;

  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (failed), NULL);

  retry = lf_sandbox_invocation_new (failed->request_id, failed->invocation_type,
                                     failed->payload, failed->client_context,
                                     failed->invoked_function_arn);
  retry->attempt = lf_sandbox_invocation_get_attempt (failed) + 1;
  return retry;
}

guint
lf_sandbox_invocation_get_attempt (LfSandboxInvocation *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), 0);
  return MAX (self->attempt, 1);
}

const char *
lf_sandbox_invocation_get_request_id (LfSandboxInvocation *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), NULL);
  return self->request_id;
}

LfSandboxInvocationType
lf_sandbox_invocation_get_invocation_type (LfSandboxInvocation *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), 0);
  return self->invocation_type;
}

GBytes *
lf_sandbox_invocation_get_payload (LfSandboxInvocation *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), NULL);
  return self->payload;
}

const char *
lf_sandbox_invocation_get_client_context (LfSandboxInvocation *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), NULL);
  return self->client_context;
}

const char *
lf_sandbox_invocation_get_invoked_function_arn (LfSandboxInvocation *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), NULL);
  return self->invoked_function_arn;
}

/* From now on, what the environment prints belongs between START and END. */
void
lf_sandbox_invocation_mark_started (LfSandboxInvocation *self)
{
  g_return_if_fail (LF_IS_SANDBOX_INVOCATION (self));
  self->started = TRUE;
}

void
lf_sandbox_invocation_append_log (LfSandboxInvocation *self,
                                  const char          *data,
                                  gsize                length)
{
  GString *log;

  g_return_if_fail (LF_IS_SANDBOX_INVOCATION (self));

  if (self->complete)
    return;

  log = self->started ? self->log : self->init_log;
  g_string_append_len (log, data, length);
  /* A chatty function must not fill memory: the tail is what clients can ask for. */
  if (log->len > MAX_KEPT_LOG)
    g_string_erase (log, 0, log->len - MAX_KEPT_LOG / 2);
}

/**
 * lf_sandbox_invocation_complete:
 * @response: the payload the function returned (or its error document)
 * @function_error: (nullable): "Unhandled" when the function failed
 *
 * Records the result. Only the first completion counts: a runtime that answers after its
 * timeout killed it changes nothing.
 */
void
lf_sandbox_invocation_complete (LfSandboxInvocation *self,
                                GBytes              *response,
                                const char          *function_error)
{
  g_return_if_fail (LF_IS_SANDBOX_INVOCATION (self));

  if (self->complete)
    return;

  self->complete = TRUE;
  self->response = response ? g_bytes_ref (response) : g_bytes_new (NULL, 0);
  self->function_error = g_strdup (function_error);

  /* Remember the error type for logs and callers that branch on it. */
  if (function_error != NULL && response != NULL)
    {
      g_autoptr(JsonNode) root = lf_json_parse_bytes (response, NULL);

      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonObject *object = json_node_get_object (root);
          self->error_type = g_strdup (json_object_get_string_member_with_default (object,
                                                                                   "errorType",
                                                                                   NULL));
        }
    }
}

void
lf_sandbox_invocation_set_streaming (LfSandboxInvocation *self,
                                     gboolean             streaming)
{
  g_return_if_fail (LF_IS_SANDBOX_INVOCATION (self));
  self->streaming = streaming;
}

gboolean
lf_sandbox_invocation_get_streaming (LfSandboxInvocation *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), FALSE);
  return self->streaming;
}

void
lf_sandbox_invocation_push_chunk (LfSandboxInvocation *self,
                                  GBytes              *chunk)
{
  g_return_if_fail (LF_IS_SANDBOX_INVOCATION (self));

  if (self->complete || g_bytes_get_size (chunk) == 0)
    return;
  self->streamed_bytes += g_bytes_get_size (chunk);
  g_signal_emit (self, signals[CHUNK], 0, chunk);
}

guint64
lf_sandbox_invocation_get_streamed_bytes (LfSandboxInvocation *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), 0);
  return self->streamed_bytes;
}

/* Completes the call as failed with an error document like the ones Lambda writes itself. */
void
lf_sandbox_invocation_complete_with_error (LfSandboxInvocation *self,
                                           const char          *error_type,
                                           const char          *error_message)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (LF_IS_SANDBOX_INVOCATION (self));

  body = lf_sandbox_error_document_new (error_type, error_message);
  lf_sandbox_invocation_complete (self, body, "Unhandled");
}

/* @init_duration_ms is negative when the call ran in a warm environment. */
void
lf_sandbox_invocation_set_report (LfSandboxInvocation *self,
                                  double               duration_ms,
                                  double               init_duration_ms,
                                  guint                memory_size_mb,
                                  guint                max_memory_used_mb)
{
  g_return_if_fail (LF_IS_SANDBOX_INVOCATION (self));

  self->has_report = TRUE;
  self->duration_ms = duration_ms;
  self->init_duration_ms = init_duration_ms;
  self->memory_size_mb = memory_size_mb;
  self->max_memory_used_mb = max_memory_used_mb;
}

GBytes *
lf_sandbox_invocation_get_response (LfSandboxInvocation *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), NULL);
  return self->response;
}

const char *
lf_sandbox_invocation_get_function_error (LfSandboxInvocation *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), NULL);
  return self->function_error;
}

const char *
lf_sandbox_invocation_get_error_type (LfSandboxInvocation *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), NULL);
  return self->error_type;
}

static void
append_with_newline (GString       *out,
                     const GString *text)
{
  g_string_append_len (out, text->str, text->len);
  if (text->len > 0 && text->str[text->len - 1] != '\n')
    g_string_append_c (out, '\n');
}

/* The log as Lambda's log stream shows it: init output, then START, the call's output, END
 * and REPORT (fields separated by tabs, as Lambda does). */
char *
lf_sandbox_invocation_dup_log (LfSandboxInvocation *self)
{
  GString *out;

  g_return_val_if_fail (LF_IS_SANDBOX_INVOCATION (self), NULL);

  out = g_string_sized_new (self->init_log->len + self->log->len + 256);
  append_with_newline (out, self->init_log);
  g_string_append_printf (out, "START RequestId: %s Version: $LATEST\n", self->request_id);
  append_with_newline (out, self->log);
  g_string_append_printf (out, "END RequestId: %s\n", self->request_id);
  if (self->has_report)
    {
      g_string_append_printf (out,
                              "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %.0f ms\t"
                              "Memory Size: %u MB\tMax Memory Used: %u MB\t",
                              self->request_id, self->duration_ms,
                              MAX (1.0, ceil (self->duration_ms)), self->memory_size_mb,
                              self->max_memory_used_mb);
      if (self->init_duration_ms >= 0)
        g_string_append_printf (out, "Init Duration: %.2f ms\t", self->init_duration_ms);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* What X-Amz-Log-Result carries: the last @max_bytes of the log, base64-encoded. */
char *
lf_sandbox_invocation_dup_log_tail_base64 (LfSandboxInvocation *self,
                                           gsize                max_bytes)
{
  g_autofree char *log = lf_sandbox_invocation_dup_log (self);
  gsize length = strlen (log);
  gsize start = length > max_bytes ? length - max_bytes : 0;

  return g_base64_encode ((const guchar *) log + start, length - start);
}
