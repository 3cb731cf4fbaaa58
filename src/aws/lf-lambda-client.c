/* lf-lambda-client.c: the AWS Lambda API over libsoup, on the GLib main loop
 *
 * Every operation is one "call": credentials are fetched, the request is signed and sent,
 * and the answer is either handed back or retried in the AWS SDKs' standard mode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-lambda"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <libsoup/soup.h>

#include "lf-json-util.h"
#include "lf-aws-error.h"
#include "lf-endpoint.h"
#include "lf-lambda-client.h"
#include "lf-signer.h"

#define API_VERSION "2015-03-31"
#define MAX_BACKOFF_SECONDS 20.0
#define RETRY_QUOTA_INITIAL 500
#define RETRY_COST 5
#define RETRY_COST_TIMEOUT 10
#define MAX_RESPONSE_BYTES (16 * 1024 * 1024)
#define LIST_PAGE_SIZE 50

struct _LfLambdaClient
{
  GObject parent_instance;

  LfCredentialsProvider *provider;
  LfSigner *signer;
  SoupSession *session;
  char *region;
  char *endpoint;

  guint max_attempts;
  double backoff_scale;
  guint connect_timeout;
  guint request_timeout;
  guint invoke_timeout;

  /* Server time minus ours, learnt from a "signature expired" answer. */
  GTimeSpan clock_offset;
  guint retry_tokens;
};

enum {
  PROP_0,
  PROP_REGION,
  PROP_ENDPOINT,
  PROP_PROVIDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfLambdaClient, lf_lambda_client, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (LfInvokeResult, lf_invoke_result, lf_invoke_result_copy, lf_invoke_result_free)

typedef enum
{
  /* Safe to send again whatever happened: reads, and deletes (deleting twice is harmless). */
  RESEND_ALWAYS,
  /* Send again only when the request surely never reached the service: a function might
   * otherwise run twice. */
  RESEND_IF_NOT_SENT,
} ResendPolicy;

typedef struct
{
  char *method;
  char *path_and_query;      /* encoded, as on the wire */
  GPtrArray *header_names;
  GPtrArray *header_values;
  GBytes *body;
  ResendPolicy resend;
  guint timeout_seconds;

  guint attempt;
  guint retry_cost;
  gboolean skew_corrected;
  gint64 started;

  SoupMessage *message;
  GCancellable *attempt_cancellable;
  gulong cancel_handler;
  GSource *timeout_source;
  GSource *connect_source;
  GSource *backoff_source;
  gboolean timed_out;
  gboolean connect_timed_out;
  gboolean request_sent;

  /* The answer */
  guint status;
  SoupMessageHeaders *response_headers;
  GBytes *response_body;
} Call;

static void call_start_attempt (GTask *task);

static void
call_clear_attempt (Call *call)
{
  if (call->timeout_source != NULL)
    {
      g_source_destroy (call->timeout_source);
      g_clear_pointer (&call->timeout_source, g_source_unref);
    }
  if (call->connect_source != NULL)
    {
      g_source_destroy (call->connect_source);
      g_clear_pointer (&call->connect_source, g_source_unref);
    }
  if (call->message != NULL)
    g_signal_handlers_disconnect_by_data (call->message, call);
  g_clear_object (&call->message);
  g_clear_object (&call->attempt_cancellable);
}

static void
call_free (Call *call)
{
  call_clear_attempt (call);
  if (call->backoff_source != NULL)
    {
      g_source_destroy (call->backoff_source);
      g_clear_pointer (&call->backoff_source, g_source_unref);
    }
  g_free (call->method);
  g_free (call->path_and_query);
  g_clear_pointer (&call->header_names, g_ptr_array_unref);
  g_clear_pointer (&call->header_values, g_ptr_array_unref);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->response_headers, soup_message_headers_unref);
  g_clear_pointer (&call->response_body, g_bytes_unref);
  g_free (call);
}

static Call *
call_new (const char   *method,
          char         *path_and_query,
          ResendPolicy  resend,
          guint         timeout_seconds)
{
  Call *call = g_new0 (Call, 1);

  call->method = g_strdup (method);
  call->path_and_query = path_and_query;
  call->header_names = g_ptr_array_new_with_free_func (g_free);
  call->header_values = g_ptr_array_new_with_free_func (g_free);
  call->resend = resend;
  call->timeout_seconds = timeout_seconds;

  return call;
}

static void
call_add_header (Call       *call,
                 const char *name,
                 const char *value)
{
  g_ptr_array_add (call->header_names, g_strdup (name));
  g_ptr_array_add (call->header_values, g_strdup (value));
}

static void
lf_invoke_result_clear_strings (LfInvokeResult *result)
{
  g_clear_pointer (&result->function_error, g_free);
  g_clear_pointer (&result->executed_version, g_free);
  g_clear_pointer (&result->payload, g_bytes_unref);
  g_clear_pointer (&result->log_result, g_free);
  g_clear_pointer (&result->request_id, g_free);
}

void
lf_invoke_result_free (LfInvokeResult *result)
{
  if (result == NULL)
    return;
  lf_invoke_result_clear_strings (result);
  g_free (result);
}

LfInvokeResult *
lf_invoke_result_copy (const LfInvokeResult *result)
{
  LfInvokeResult *copy = g_memdup2 (result, sizeof *result);

  copy->function_error = g_strdup (result->function_error);
  copy->executed_version = g_strdup (result->executed_version);
  copy->payload = result->payload ? g_bytes_ref (result->payload) : NULL;
  copy->log_result = g_strdup (result->log_result);
  copy->request_id = g_strdup (result->request_id);

  return copy;
}

/* "REPORT RequestId: …\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\t
 * Max Memory Used: 40 MB\tInit Duration: 50.00 ms" */
void
lf_invoke_result_parse_report (LfInvokeResult *result,
                               const char     *log)
{
  const char *line = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *copy = NULL;
  char *end;

  result->has_report = FALSE;
  if (log == NULL)
    return;

  for (const char *p = log; (p = strstr (p, "REPORT ")) != NULL; p++)
    if (p == log || p[-1] == '\n')
      line = p;
  if (line == NULL)
    return;

  copy = g_strdup (line);
  if ((end = strchr (copy, '\n')) != NULL)
    *end = '\0';

  fields = g_strsplit (copy, "\t", -1);
  for (guint i = 0; fields[i]; i++)
    {
      static const struct { const char *key; gsize offset; } keys[] = {
        { "Duration:", G_STRUCT_OFFSET (LfInvokeResult, duration_ms) },
        { "Billed Duration:", G_STRUCT_OFFSET (LfInvokeResult, billed_duration_ms) },
        { "Memory Size:", G_STRUCT_OFFSET (LfInvokeResult, memory_size_mb) },
        { "Max Memory Used:", G_STRUCT_OFFSET (LfInvokeResult, max_memory_used_mb) },
        { "Init Duration:", G_STRUCT_OFFSET (LfInvokeResult, init_duration_ms) },
      };
      const char *field = g_strstrip (fields[i]);

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          if (g_str_has_prefix (field, keys[k].key))
            {
              double *slot = G_STRUCT_MEMBER_P (result, keys[k].offset);

              *slot = g_ascii_strtod (field + strlen (keys[k].key), NULL);
              result->has_report = TRUE;
            }
        }
    }
}

JsonNode *
lf_invoke_result_to_json (const LfInvokeResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gsize size = 0;
  const char *data = result->payload ? g_bytes_get_data (result->payload, &size) : NULL;
  g_autoptr(JsonNode) payload = lf_json_parse_bytes (result->payload, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "StatusCode");
  json_builder_add_int_value (builder, result->status_code);
  if (result->function_error)
    {
      json_builder_set_member_name (builder, "FunctionError");
      json_builder_add_string_value (builder, result->function_error);
    }
  if (result->executed_version)
    {
      json_builder_set_member_name (builder, "ExecutedVersion");
      json_builder_add_string_value (builder, result->executed_version);
    }
  if (result->request_id)
    {
      json_builder_set_member_name (builder, "RequestId");
      json_builder_add_string_value (builder, result->request_id);
    }
  if (result->log_result)
    {
      json_builder_set_member_name (builder, "LogResult");
      json_builder_add_string_value (builder, result->log_result);
    }
  if (result->has_report)
    {
      json_builder_set_member_name (builder, "Report");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "DurationMs");
      json_builder_add_double_value (builder, result->duration_ms);
      json_builder_set_member_name (builder, "BilledDurationMs");
      json_builder_add_double_value (builder, result->billed_duration_ms);
      json_builder_set_member_name (builder, "MemorySizeMB");
      json_builder_add_double_value (builder, result->memory_size_mb);
      json_builder_set_member_name (builder, "MaxMemoryUsedMB");
      json_builder_add_double_value (builder, result->max_memory_used_mb);
      if (result->init_duration_ms > 0)
        {
          json_builder_set_member_name (builder, "InitDurationMs");
          json_builder_add_double_value (builder, result->init_duration_ms);
        }
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "RoundTripMs");
  json_builder_add_double_value (builder, result->round_trip_ms);

  if (data != NULL && size > 0)
    {
      json_builder_set_member_name (builder, "Payload");
      if (payload != NULL)
        {
          json_builder_add_value (builder, g_steal_pointer (&payload));
          json_builder_set_member_name (builder, "PayloadEncoding");
          json_builder_add_string_value (builder, "json");
        }
      else if (g_utf8_validate (data, size, NULL))
        {
          g_autofree char *text = g_strndup (data, size);
          json_builder_add_string_value (builder, text);
          json_builder_set_member_name (builder, "PayloadEncoding");
          json_builder_add_string_value (builder, "text");
        }
      else
        {
          g_autofree char *b64 = g_base64_encode ((const guchar *) data, size);
          json_builder_add_string_value (builder, b64);
          json_builder_set_member_name (builder, "PayloadEncoding");
          json_builder_add_string_value (builder, "base64");
        }
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Validation *************************************************************************/

const char *
lf_invocation_type_to_string (LfInvocationType type)
{
  switch (type)
    {
    case LF_INVOCATION_EVENT:
      return "Event";
    case LF_INVOCATION_DRY_RUN:
      return "DryRun";
    case LF_INVOCATION_REQUEST_RESPONSE:
    default:
      return "RequestResponse";
    }
}

gboolean
lf_invocation_type_from_string (const char       *text,
                                LfInvocationType *type)
{
  for (LfInvocationType t = LF_INVOCATION_REQUEST_RESPONSE; t <= LF_INVOCATION_DRY_RUN; t++)
    {
      if (text != NULL && g_ascii_strcasecmp (text, lf_invocation_type_to_string (t)) == 0)
        {
          *type = t;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
lf_lambda_validate_function_name (const char  *name,
                                  GError     **error)
{
  static GRegex *pattern;
  gsize length;

  /* The API's pattern for FunctionName: a name, a partial ARN or a full ARN, with an
   * optional ":qualifier". */
  if (g_once_init_enter (&pattern))
    {
      GRegex *compiled =
        g_regex_new ("^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?"
                     "(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?$",
                     G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&pattern, compiled);
    }

  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                           _("The function name is empty"));
      return FALSE;
    }

  length = strlen (name);
  if (length > 170)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("The function name is %zu characters long; Lambda accepts at most 64 for a "
                     "name and 170 for an ARN"), length);
      return FALSE;
    }

  if (!g_regex_match (pattern, name, 0, NULL))
    {
      g_autofree char *shown = g_strescape (name, NULL);
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("“%s” is not a function name: use letters, digits, “-” and “_” (or a function "
                     "ARN), without spaces"), shown);
      return FALSE;
    }

  {
    /* The name part itself is at most 64 characters. */
    g_autofree char *copy = g_strdup (name);
    char *last = copy;
    char **parts = g_strsplit (copy, ":", -1);
    guint n = g_strv_length (parts);

    if (n == 1 || (n == 2 && !g_str_has_prefix (name, "arn:")))
      last = parts[0];
    else if (n >= 3)
      {
        /* …:function:NAME[:QUALIFIER] */
        for (guint i = 0; i + 1 < n; i++)
          if (g_str_equal (parts[i], "function"))
            last = parts[i + 1];
      }
    if (strlen (last) > 64)
      {
        g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                     _("The function name “%s” is longer than 64 characters"), last);
        g_strfreev (parts);
        return FALSE;
      }
    g_strfreev (parts);
  }

  return TRUE;
}

gboolean
lf_lambda_validate_qualifier (const char  *qualifier,
                              GError     **error)
{
  if (qualifier == NULL)
    return TRUE;

  if (qualifier[0] == '\0' || strlen (qualifier) > 128)
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                           _("The qualifier (version or alias) must be 1 to 128 characters long"));
      return FALSE;
    }

  for (const char *p = qualifier; *p; p++)
    {
      if (!(g_ascii_isalnum (*p) || *p == '$' || *p == '_' || *p == '-'))
        {
          g_autofree char *shown = g_strescape (qualifier, NULL);
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("“%s” is not a version or alias: use letters, digits, “$”, “-” and “_”"),
                       shown);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
lf_lambda_validate_invoke_request (const LfInvokeRequest  *request,
                                   GError                **error)
{
  gsize limit;
  gsize size = 0;
  const char *data = NULL;

  if (!lf_lambda_validate_function_name (request->function_name, error) ||
      !lf_lambda_validate_qualifier (request->qualifier, error))
    return FALSE;

  if (request->payload != NULL)
    data = g_bytes_get_data (request->payload, &size);

  limit = request->invocation_type == LF_INVOCATION_EVENT ? LF_LAMBDA_MAX_ASYNC_PAYLOAD
                                                          : LF_LAMBDA_MAX_SYNC_PAYLOAD;
  if (size > limit)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_PAYLOAD_TOO_LARGE,
                   request->invocation_type == LF_INVOCATION_EVENT
                     ? _("The payload is %zu bytes; Lambda accepts at most %u MB (%zu bytes) "
                         "for asynchronous (Event) invocations")
                     : _("The payload is %zu bytes; Lambda accepts at most %u MB (%zu bytes) "
                         "for synchronous invocations"),
                   size, (guint) (limit / (1024 * 1024)), limit);
      return FALSE;
    }

  if (size > 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) payload = lf_json_parse (data, size, &local_error);

      if (payload == NULL)
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("The payload is not valid JSON: %s"), local_error->message);
          return FALSE;
        }
    }

  if (request->client_context != NULL)
    {
      g_autoptr(JsonNode) context = lf_json_parse (request->client_context, -1, NULL);
      gsize length = strlen (request->client_context);
      gsize encoded = 4 * ((length + 2) / 3);

      if (context == NULL || !JSON_NODE_HOLDS_OBJECT (context))
        {
          g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                               _("The client context must be a JSON object"));
          return FALSE;
        }
      if (encoded > LF_LAMBDA_MAX_CLIENT_CONTEXT)
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("The client context is %zu bytes once base64-encoded; Lambda accepts at "
                         "most %d"), encoded, LF_LAMBDA_MAX_CLIENT_CONTEXT);
          return FALSE;
        }
    }

  return TRUE;
}

/* The client ************************************************************************/

static void
lf_lambda_client_dispose (GObject *object)
{
  LfLambdaClient *self = (LfLambdaClient *) object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->provider);
  g_clear_object (&self->signer);

  G_OBJECT_CLASS (lf_lambda_client_parent_class)->dispose (object);
}

static void
lf_lambda_client_finalize (GObject *object)
{
  LfLambdaClient *self = (LfLambdaClient *) object;

  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint, g_free);

  G_OBJECT_CLASS (lf_lambda_client_parent_class)->finalize (object);
}

static void
lf_lambda_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LfLambdaClient *self = LF_LAMBDA_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_lambda_client_class_init (LfLambdaClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_lambda_client_dispose;
  object_class->finalize = lf_lambda_client_finalize;
  object_class->get_property = lf_lambda_client_get_property;

  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVIDER] =
    g_param_spec_object ("credentials-provider", NULL, NULL, LF_TYPE_CREDENTIALS_PROVIDER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_lambda_client_init (LfLambdaClient *self)
{
  self->max_attempts = 3;
  self->backoff_scale = 1.0;
  self->connect_timeout = 10;
  self->request_timeout = 60;
  /* Lambda lets a synchronous invocation run for 900 s; leave room for the answer. */
  self->invoke_timeout = 910;
  self->retry_tokens = RETRY_QUOTA_INITIAL;
  self->signer = lf_signer_new ();

  /* The session's own timeout would also cut a long Invoke short: timeouts are per call
   * here. Idle connections are dropped well before servers usually close them (60 s and
   * more), so a reused connection is rarely one the server is closing; see call_send(). */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "max-conns", 64,
                                "max-conns-per-host", 16,
                                "timeout", 0,
                                "idle-timeout", 20,
                                "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                NULL);
}

LfLambdaClient *
lf_lambda_client_new (LfCredentialsProvider  *provider,
                      const char             *region,
                      const char             *endpoint_url,
                      GError                **error)
{
  g_autoptr(LfLambdaClient) self = NULL;
  g_autofree char *endpoint = NULL;

  g_return_val_if_fail (LF_IS_CREDENTIALS_PROVIDER (provider), NULL);

  endpoint = lf_endpoint_resolve (region, endpoint_url, error);
  if (endpoint == NULL)
    return NULL;

  self = g_object_new (LF_TYPE_LAMBDA_CLIENT, NULL);
  self->provider = g_object_ref (provider);
  self->region = g_strdup (region);
  self->endpoint = g_steal_pointer (&endpoint);

  return g_steal_pointer (&self);
}

const char *
lf_lambda_client_get_region (LfLambdaClient *self)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  return self->region;
}

const char *
lf_lambda_client_get_endpoint (LfLambdaClient *self)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  return self->endpoint;
}

void
lf_lambda_client_set_max_attempts (LfLambdaClient *self,
                                   guint           max_attempts)
{
  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));
  self->max_attempts = MAX (1, max_attempts);
}

void
lf_lambda_client_set_backoff_scale (LfLambdaClient *self,
                                    double          scale)
{
  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));
  self->backoff_scale = MAX (0.0, scale);
}

void
lf_lambda_client_set_timeouts (LfLambdaClient *self,
                               guint           connect_seconds,
                               guint           request_seconds,
                               guint           invoke_seconds)
{
  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));
  if (connect_seconds)
    self->connect_timeout = connect_seconds;
  if (request_seconds)
    self->request_timeout = request_seconds;
  if (invoke_seconds)
    self->invoke_timeout = invoke_seconds;
}

gboolean
lf_lambda_client_set_ca_file (LfLambdaClient  *self,
                              const char      *path,
                              GError         **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), FALSE);
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

/* Sending ***************************************************************************/

static char *
encode_path_segment (const char *segment)
{
  /* Everything but unreserved characters: an ARN's ':' goes on the wire as %3A. */
  return g_uri_escape_string (segment, NULL, FALSE);
}

static void
append_query (GString    *path,
              const char *key,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_c (path, strchr (path->str, '?') ? '&' : '?');
  g_string_append (path, key);
  g_string_append_c (path, '=');
  g_string_append (path, escaped);
}

static gboolean
call_is_cancelled (GTask *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  return cancellable != NULL && g_cancellable_is_cancelled (cancellable);
}

static void
return_cancelled (GTask *task)
{
  g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED,
                           _("The request was cancelled"));
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

/* Full jitter, as the SDKs' standard mode: a random delay up to 2^attempt seconds, capped;
 * the server's Retry-After wins when it asks for longer. */
static void
call_retry_later (GTask      *task,
                  double      retry_after_seconds)
{
  LfLambdaClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  double ceiling = MIN (MAX_BACKOFF_SECONDS, (double) (1u << MIN (call->attempt - 1, 10)));
  double delay = g_random_double () * ceiling;
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (retry_after_seconds > delay)
    delay = MIN (retry_after_seconds, MAX_BACKOFF_SECONDS);
  delay *= self->backoff_scale;

  g_debug ("Retrying %s %s in %.0f ms (attempt %u of %u)", call->method, call->path_and_query,
           delay * 1000, call->attempt + 1, self->max_attempts);

  /* A cancellable source ends the wait early when the user cancels. */
  if (cancellable != NULL)
    {
      GSource *cancel_source = g_cancellable_source_new (cancellable);
      call->backoff_source = g_timeout_source_new ((guint) (delay * 1000));
      g_source_set_callback (cancel_source, (GSourceFunc) (void (*) (void)) on_backoff_cancelled,
                             NULL, NULL);
      g_source_add_child_source (call->backoff_source, cancel_source);
      g_source_unref (cancel_source);
    }
  else
    call->backoff_source = g_timeout_source_new ((guint) (delay * 1000));

  g_source_set_callback (call->backoff_source, on_backoff_done, task, NULL);
  g_source_attach (call->backoff_source, g_task_get_context (task));
}

static gboolean
retry_quota_take (LfLambdaClient *self,
                  Call           *call,
                  guint           cost)
{
  if (self->retry_tokens < cost)
    return FALSE;
  self->retry_tokens -= cost;
  call->retry_cost = cost;
  return TRUE;
}

static void
retry_quota_release (LfLambdaClient *self,
                     Call           *call)
{
  self->retry_tokens = MIN (RETRY_QUOTA_INITIAL,
                            self->retry_tokens + (call->retry_cost ? call->retry_cost : 1));
  call->retry_cost = 0;
}

static gboolean
transport_error_is_before_sending (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED) ||
         error->domain == G_RESOLVER_ERROR;
}

static void
on_response (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LfLambdaClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *aws_error;
  const char *retry_after;
  double retry_after_seconds = 0;
  gboolean retryable;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (call_is_cancelled (task))
    {
      call_clear_attempt (call);
      return_cancelled (task);
      return;
    }

  if (body == NULL)
    {
      const char *host = call->message ? g_uri_get_host (soup_message_get_uri (call->message)) : "";
      gboolean sent = call->request_sent && !call->connect_timed_out &&
                      !transport_error_is_before_sending (error);
      GError *transport;

      if (call->connect_timed_out)
        transport = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT,
                                 _("Could not connect to %s within %u seconds"), host,
                                 self->connect_timeout);
      else if (call->timed_out)
        transport = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT,
                                 _("%s did not answer within %u seconds"), host,
                                 call->timeout_seconds);
      else
        transport = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_TRANSPORT,
                                 _("Could not reach %s: %s"), host, error->message);

      call_clear_attempt (call);

      /* An Invoke that may have reached the function is not sent again: it could run twice. */
      retryable = call->attempt < self->max_attempts &&
                  (call->resend == RESEND_ALWAYS || !sent) &&
                  retry_quota_take (self, call, call->timed_out ? RETRY_COST_TIMEOUT : RETRY_COST);
      if (retryable)
        {
          g_error_free (transport);
          call_retry_later (g_steal_pointer (&task), 0);
          return;
        }

      if (sent && call->resend == RESEND_IF_NOT_SENT)
        g_prefix_error (&transport,
                        _("The request may have reached Lambda and was not repeated. "));
      g_task_return_error (task, transport);
      return;
    }

  call->status = soup_message_get_status (call->message);
  g_clear_pointer (&call->response_headers, soup_message_headers_unref);
  call->response_headers = soup_message_headers_ref (soup_message_get_response_headers (call->message));
  g_clear_pointer (&call->response_body, g_bytes_unref);
  call->response_body = g_steal_pointer (&body);

  if (call->status >= 200 && call->status < 300)
    {
      retry_quota_release (self, call);
      call_clear_attempt (call);
      g_task_return_boolean (task, TRUE);
      return;
    }

  aws_error = lf_aws_error_new_from_response (
    call->status, soup_message_headers_get_one (call->response_headers, "x-amzn-ErrorType"),
    soup_message_headers_get_one (call->response_headers, "x-amzn-RequestId"),
    call->response_body);

  /* Our clock is off: learn the server's from its Date header and sign again, once. */
  if (lf_aws_error_is_clock_skew (aws_error) && !call->skew_corrected)
    {
      const char *date = soup_message_headers_get_one (call->response_headers, "Date");
      g_autoptr(GDateTime) server_time = date ? soup_date_time_new_from_http_string (date) : NULL;

      if (server_time != NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          self->clock_offset = g_date_time_difference (server_time, now);
          call->skew_corrected = TRUE;
          g_debug ("Clock skew of %" G_GINT64_FORMAT " s corrected",
                   self->clock_offset / G_TIME_SPAN_SECOND);
          g_error_free (aws_error);
          call_clear_attempt (call);
          call->attempt--;  /* a correction is not a retry */
          call_start_attempt (g_steal_pointer (&task));
          return;
        }
    }

  retry_after = soup_message_headers_get_one (call->response_headers, "Retry-After");
  if (retry_after != NULL)
    retry_after_seconds = g_ascii_strtod (retry_after, NULL);

  retryable = (lf_aws_error_is_throttling (lf_aws_error_get_aws_code (aws_error), call->status) ||
               call->status == 500 || call->status == 502 || call->status == 503 ||
               call->status == 504) &&
              call->attempt < self->max_attempts &&
              retry_quota_take (self, call, RETRY_COST);

  call_clear_attempt (call);

  if (retryable)
    {
      g_error_free (aws_error);
      call_retry_later (g_steal_pointer (&task), retry_after_seconds);
      return;
    }

  if (g_error_matches (aws_error, LF_AWS_ERROR, LF_AWS_ERROR_ACCESS_DENIED))
    lf_credentials_provider_invalidate (self->provider);

  g_task_return_error (task, aws_error);
}

static gboolean
on_timeout (gpointer user_data)
{
  Call *call = user_data;

  call->timed_out = TRUE;
  g_clear_pointer (&call->timeout_source, g_source_unref);
  g_cancellable_cancel (call->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  Call *call = user_data;

  call->connect_timed_out = TRUE;
  g_clear_pointer (&call->connect_source, g_source_unref);
  g_cancellable_cancel (call->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_network_event (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  Call *call = user_data;

  if (event == G_SOCKET_CLIENT_COMPLETE && call->connect_source != NULL)
    {
      g_source_destroy (call->connect_source);
      g_clear_pointer (&call->connect_source, g_source_unref);
    }
}

static void
on_wrote_headers (SoupMessage *message,
                  gpointer     user_data)
{
  Call *call = user_data;

  /* From here on the service may act on the request. */
  call->request_sent = TRUE;
  if (call->connect_source != NULL)
    {
      g_source_destroy (call->connect_source);
      g_clear_pointer (&call->connect_source, g_source_unref);
    }
}

static void
on_got_headers (SoupMessage *message,
                gpointer     user_data)
{
  Call *call = user_data;
  goffset length = soup_message_headers_get_content_length (soup_message_get_response_headers (message));

  /* Lambda never answers more than 6 MB; refuse to buffer something absurd. */
  if (length > MAX_RESPONSE_BYTES)
    {
      g_warning ("The answer is %" G_GOFFSET_FORMAT " bytes; giving up", length);
      g_cancellable_cancel (call->attempt_cancellable);
    }
}

static void
on_task_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  GCancellable *attempt = user_data;

  g_cancellable_cancel (attempt);
}

static void
call_send (GTask         *task,
           LfCredentials *credentials)
{
  LfLambdaClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autofree char *url = g_strconcat (self->endpoint, call->path_and_query, NULL);
  g_autofree LfHeader *headers = g_new (LfHeader, call->header_names->len);
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) corrected = NULL;
  g_autofree char *amz_date = NULL;
  GCancellable *task_cancellable = g_task_get_cancellable (task);
  SoupMessageHeaders *request_headers;
  LfSignRequest request = { 0 };
  gsize body_length = 0;

  for (guint i = 0; i < call->header_names->len; i++)
    {
      headers[i].name = g_ptr_array_index (call->header_names, i);
      headers[i].value = g_ptr_array_index (call->header_values, i);
    }

  now = g_date_time_new_now_utc ();
  corrected = g_date_time_add (now, self->clock_offset);
  amz_date = lf_signer_format_amz_date (corrected);

  request.method = call->method;
  request.url = url;
  request.headers = headers;
  request.n_headers = call->header_names->len;
  request.body = call->body ? g_bytes_get_data (call->body, &body_length) : NULL;
  request.body_length = body_length;
  request.region = self->region;
  request.service = "lambda";
  request.amz_date = amz_date;

  signature = lf_signer_sign (self->signer, &request, credentials, &error);
  if (signature == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                               _("Could not sign the request: %s"), error->message);
      g_object_unref (task);
      return;
    }

  call->message = soup_message_new (call->method, url);
  if (call->message == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                               _("“%s” is not a URL that can be requested"), url);
      g_object_unref (task);
      return;
    }

  request_headers = soup_message_get_request_headers (call->message);
  for (gsize i = 0; i < request.n_headers; i++)
    soup_message_headers_replace (request_headers, headers[i].name, headers[i].value);
  for (guint i = 0; i < signature->n_headers; i++)
    {
      /* libsoup writes Host from the URL itself, the same value the signer derived. */
      if (g_ascii_strcasecmp (signature->headers[i].name, "Host") == 0)
        continue;
      soup_message_headers_replace (request_headers, signature->headers[i].name,
                                    signature->headers[i].value);
    }
  if (call->body != NULL)
    {
      /* A copy: setting the body replaces the Content-Type header the pointer would read. */
      g_autofree char *content_type =
        g_strdup (soup_message_headers_get_one (request_headers, "Content-Type"));
      soup_message_set_request_body_from_bytes (call->message, content_type, call->body);
    }

  /* Connection reuse. libsoup sends a POST on a kept-alive connection only when the
   * message is flagged idempotent, because if that connection turns out to be closing it
   * would resend the request on a new one. For Invoke that resend could run a function twice;
   * without reuse every call costs a new TCP (and TLS) handshake, several times slower.
   * We flag every request idempotent and bound the risk instead: connections idle for 20 s
   * are closed by us first (idle-timeout), far below the keep-alive of AWS's front ends, so a
   * request is not written on a connection the server is closing; and our own retries never
   * repeat an Invoke that may have been sent (RESEND_IF_NOT_SENT). */
  soup_message_add_flags (call->message, SOUP_MESSAGE_IDEMPOTENT | SOUP_MESSAGE_NO_REDIRECT);

  g_signal_connect (call->message, "network-event", G_CALLBACK (on_network_event), call);
  g_signal_connect (call->message, "wrote-headers", G_CALLBACK (on_wrote_headers), call);
  g_signal_connect (call->message, "got-headers", G_CALLBACK (on_got_headers), call);

  call->attempt_cancellable = g_cancellable_new ();
  call->timed_out = FALSE;
  call->connect_timed_out = FALSE;
  call->request_sent = FALSE;

  call->timeout_source = g_timeout_source_new_seconds (call->timeout_seconds);
  g_source_set_callback (call->timeout_source, on_timeout, call, NULL);
  g_source_attach (call->timeout_source, g_task_get_context (task));
  call->connect_source = g_timeout_source_new_seconds (self->connect_timeout);
  g_source_set_callback (call->connect_source, on_connect_timeout, call, NULL);
  g_source_attach (call->connect_source, g_task_get_context (task));

  if (task_cancellable != NULL && call->cancel_handler == 0)
    {
      /* The attempt's cancellable changes with each attempt; follow the current one. */
      call->cancel_handler = g_cancellable_connect (task_cancellable,
                                                    G_CALLBACK (on_task_cancelled),
                                                    g_object_ref (call->attempt_cancellable),
                                                    g_object_unref);
    }
  else if (task_cancellable != NULL)
    {
      g_cancellable_disconnect (task_cancellable, call->cancel_handler);
      call->cancel_handler = g_cancellable_connect (task_cancellable,
                                                    G_CALLBACK (on_task_cancelled),
                                                    g_object_ref (call->attempt_cancellable),
                                                    g_object_unref);
    }

  g_debug ("%s %s (attempt %u)", call->method, url, call->attempt);

  soup_session_send_and_read_async (self->session, call->message, G_PRIORITY_DEFAULT,
                                    call->attempt_cancellable, on_response, task);
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
      return_cancelled (task);
      g_object_unref (task);
      return;
    }
  if (credentials == NULL)
    {
      if (error->domain == LF_AWS_ERROR)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                 "%s", error->message);
      g_object_unref (task);
      return;
    }

  call_send (task, credentials);
}

static void
call_start_attempt (GTask *task)
{
  LfLambdaClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  if (call_is_cancelled (task))
    {
      return_cancelled (task);
      g_object_unref (task);
      return;
    }

  call->attempt++;

  {
    g_autoptr(LfCredentials) at_hand = lf_credentials_provider_peek_credentials (self->provider);

    if (at_hand != NULL)
      {
        call_send (task, at_hand);
        return;
      }
  }

  lf_credentials_provider_get_credentials_async (self->provider, g_task_get_cancellable (task),
                                                 on_credentials, task);
}

static void
on_call_task_completed (GTask      *task,
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

/* Runs @call; @callback receives a task whose data is the call, with the answer in it. */
static void
call_run (LfLambdaClient      *self,
          Call                *call,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, call_run);
  /* Cancellation is reported in our own domain (LF_AWS_ERROR_CANCELLED). */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  g_signal_connect (task, "notify::completed", G_CALLBACK (on_call_task_completed), NULL);
  call->started = g_get_monotonic_time ();
  call_start_attempt (task);
}

static Call *
call_run_finish (GAsyncResult  *result,
                 GError       **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}

static JsonNode *
parse_json_body (Call    *call,
                 GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = lf_json_parse_bytes (call->response_body, &local_error);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_SERVICE,
                   _("Lambda's answer is not the JSON object expected%s%s"),
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return NULL;
    }

  return g_steal_pointer (&root);
}

/* ListFunctions *********************************************************************/

typedef struct
{
  LfListFunctionsOptions options;
  char *master_region;
  LfFunctionsPageFunc page_func;
  gpointer page_data;
  GDestroyNotify page_destroy;
  JsonArray *functions;
  char *marker;
} ListRun;

static void
list_run_free (ListRun *run)
{
  if (run->page_destroy != NULL)
    run->page_destroy (run->page_data);
  g_free (run->master_region);
  g_clear_pointer (&run->functions, json_array_unref);
  g_free (run->marker);
  g_free (run);
}

static void list_next_page (GTask *task);

static void
on_list_page (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListRun *run = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *object_root;
  JsonNode *functions_node;
  const char *next_marker;
  Call *call;

  call = call_run_finish (result, &error);
  if (call == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  root = parse_json_body (call, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  object_root = json_node_get_object (root);
  functions_node = json_object_get_member (object_root, "Functions");
  if (functions_node != NULL && JSON_NODE_HOLDS_ARRAY (functions_node))
    {
      JsonArray *page = json_node_get_array (functions_node);

      for (guint i = 0; i < json_array_get_length (page); i++)
        {
          if (run->options.max_items > 0 &&
              json_array_get_length (run->functions) >= (guint) run->options.max_items)
            break;
          json_array_add_element (run->functions, json_node_copy (json_array_get_element (page, i)));
        }
      if (run->page_func != NULL)
        run->page_func (page, run->page_data);
    }

  next_marker = json_object_get_string_member_with_default (object_root, "NextMarker", NULL);
  g_free (run->marker);
  run->marker = (next_marker && *next_marker) ? g_strdup (next_marker) : NULL;

  if (run->marker != NULL &&
      (run->options.max_items <= 0 ||
       json_array_get_length (run->functions) < (guint) run->options.max_items))
    {
      list_next_page (g_steal_pointer (&task));
      return;
    }

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "Functions");
    json_builder_add_value (builder, json_node_init_array (json_node_alloc (), run->functions));
    if (run->marker != NULL)
      {
        /* Stopped by MaxItems with more to come: say where to go on, as the CLI does. */
        json_builder_set_member_name (builder, "NextMarker");
        json_builder_add_string_value (builder, run->marker);
      }
    json_builder_end_object (builder);
    g_task_return_pointer (task, json_builder_get_root (builder), (GDestroyNotify) json_node_unref);
  }
}

/* The request for the page after @marker, @n_gathered functions in. */
static Call *
list_call_new (LfLambdaClient               *self,
               const LfListFunctionsOptions *options,
               const char                   *master_region,
               const char                   *marker,
               guint                         n_gathered)
{
  GString *path = g_string_new ("/" API_VERSION "/functions/");
  guint page_size = LIST_PAGE_SIZE;

  if (options->max_items > 0)
    page_size = MIN (page_size, (guint) options->max_items - n_gathered);
  if (options->all_versions)
    append_query (path, "FunctionVersion", "ALL");
  if (marker != NULL)
    append_query (path, "Marker", marker);
  if (master_region != NULL)
    append_query (path, "MasterRegion", master_region);
  if (options->max_items > 0)
    {
      g_autofree char *n = g_strdup_printf ("%u", page_size);
      append_query (path, "MaxItems", n);
    }

  return call_new ("GET", g_string_free (path, FALSE), RESEND_ALWAYS, self->request_timeout);
}

static void
list_next_page (GTask *task)
{
  LfLambdaClient *self = g_task_get_source_object (task);
  ListRun *run = g_task_get_task_data (task);
  Call *call;

  call = list_call_new (self, &run->options, run->master_region, run->marker,
                        json_array_get_length (run->functions));
  call_run (self, call, g_task_get_cancellable (task), on_list_page, task);
}

void
lf_lambda_client_list_functions_async (LfLambdaClient               *self,
                                       const LfListFunctionsOptions *options,
                                       LfFunctionsPageFunc           page_func,
                                       gpointer                      page_data,
                                       GDestroyNotify                page_destroy,
                                       GCancellable                 *cancellable,
                                       GAsyncReadyCallback           callback,
                                       gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  ListRun *run;

  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_lambda_client_list_functions_async);
  /* Cancellation is reported in our own domain (LF_AWS_ERROR_CANCELLED). */
  g_task_set_check_cancellable (task, FALSE);

  run = g_new0 (ListRun, 1);
  if (options != NULL)
    run->options = *options;
  run->master_region = g_strdup (run->options.master_region);
  run->options.master_region = NULL;
  run->page_func = page_func;
  run->page_data = page_data;
  run->page_destroy = page_destroy;
  run->functions = json_array_new ();
  g_task_set_task_data (task, run, (GDestroyNotify) list_run_free);

  if (run->master_region != NULL && !lf_region_validate (run->master_region, NULL))
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                               _("“%s” is not a region, so it cannot be the master region"),
                               run->master_region);
      return;
    }
  if (run->options.max_items < 0 || run->options.max_items > 10000)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                               _("MaxItems must be between 1 and 10000"));
      return;
    }

  list_next_page (g_steal_pointer (&task));
}

JsonNode *
lf_lambda_client_list_functions_finish (LfLambdaClient  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GetFunction ***********************************************************************/

static char *
function_path (const char *function_name,
               const char *suffix,
               const char *qualifier)
{
  g_autofree char *name = encode_path_segment (function_name);
  GString *path = g_string_new ("/" API_VERSION "/functions/");

  g_string_append (path, name);
  if (suffix != NULL)
    g_string_append (path, suffix);
  if (qualifier != NULL)
    append_query (path, "Qualifier", qualifier);

  return g_string_free (path, FALSE);
}

static void
on_get_function (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *root;
  Call *call;

  call = call_run_finish (result, &error);
  if (call == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  root = parse_json_body (call, &error);
  if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void on_delete_function (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);

static Call *
function_call_new (LfLambdaClient *self,
                   const char     *method,
                   const char     *function_name,
                   const char     *qualifier)
{
  return call_new (method, function_path (function_name, NULL, qualifier), RESEND_ALWAYS,
                   self->request_timeout);
}

/* GetFunction and DeleteFunction: one function, an optional qualifier, no body; both are
 * safe to send again. */
static void
start_function_call (LfLambdaClient      *self,
                     const char          *method,
                     const char          *function_name,
                     const char          *qualifier,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  done,
                     gpointer             source_tag,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  Call *call;

  g_task_set_source_tag (task, source_tag);
  /* Cancellation is reported in our own domain (LF_AWS_ERROR_CANCELLED). */
  g_task_set_check_cancellable (task, FALSE);

  if (!lf_lambda_validate_function_name (function_name, &error) ||
      !lf_lambda_validate_qualifier (qualifier, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  call = function_call_new (self, method, function_name, qualifier);
  call_run (self, call, cancellable, done, g_steal_pointer (&task));
}

void
lf_lambda_client_get_function_async (LfLambdaClient      *self,
                                     const char          *function_name,
                                     const char          *qualifier,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));

  start_function_call (self, "GET", function_name, qualifier, cancellable, on_get_function,
                       lf_lambda_client_get_function_async, callback, user_data);
}

JsonNode *
lf_lambda_client_get_function_finish (LfLambdaClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Invoke ****************************************************************************/

static GError *
function_error_from_payload (const LfInvokeResult *result)
{
  g_autoptr(JsonNode) root = lf_json_parse_bytes (result->payload, NULL);
  const char *type = NULL;
  const char *message = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      type = json_object_get_string_member_with_default (object, "errorType", NULL);
      message = json_object_get_string_member_with_default (object, "errorMessage", NULL);
    }

  if (type != NULL && message != NULL)
    return g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_FUNCTION, _("The function failed: %s: %s"),
                        type, message);
  if (message != NULL)
    return g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_FUNCTION, _("The function failed: %s"), message);
  return g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_FUNCTION, _("The function failed (%s error)"),
                      result->function_error);
}

static void
on_invoke (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LfInvokeResult) invoke_result = NULL;
  GError *error = NULL;
  const char *log_b64;
  const char *value;
  Call *call;

  call = call_run_finish (result, &error);
  if (call == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  invoke_result = g_new0 (LfInvokeResult, 1);
  invoke_result->status_code = call->status;
  invoke_result->attempts = call->attempt;
  invoke_result->round_trip_ms = (g_get_monotonic_time () - call->started) / 1000.0;
  invoke_result->payload = call->response_body ? g_bytes_ref (call->response_body) : NULL;

  value = soup_message_headers_get_one (call->response_headers, "X-Amz-Function-Error");
  invoke_result->function_error = (value && *value) ? g_strdup (value) : NULL;
  invoke_result->executed_version =
    g_strdup (soup_message_headers_get_one (call->response_headers, "X-Amz-Executed-Version"));
  invoke_result->request_id =
    g_strdup (soup_message_headers_get_one (call->response_headers, "x-amzn-RequestId"));

  log_b64 = soup_message_headers_get_one (call->response_headers, "X-Amz-Log-Result");
  if (log_b64 != NULL && *log_b64)
    {
      gsize length = 0;
      guchar *decoded = g_base64_decode (log_b64, &length);

      invoke_result->log_result = g_utf8_make_valid ((const char *) decoded, length);
      g_free (decoded);
      lf_invoke_result_parse_report (invoke_result, invoke_result->log_result);
    }

  g_task_set_task_data (task, lf_invoke_result_copy (invoke_result),
                        (GDestroyNotify) lf_invoke_result_free);

  if (invoke_result->function_error != NULL)
    {
      GError *function_error = function_error_from_payload (invoke_result);

      lf_aws_error_set_details (function_error, invoke_result->function_error,
                                invoke_result->status_code, invoke_result->request_id);
      g_task_return_error (task, function_error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&invoke_result),
                         (GDestroyNotify) lf_invoke_result_free);
}

static Call *
invoke_call_new (LfLambdaClient        *self,
                 const LfInvokeRequest *request)
{
  Call *call;

  call = call_new ("POST", function_path (request->function_name, "/invocations", request->qualifier),
                   /* An Event or DryRun is not worth running twice either: the SDKs treat all
                    * invocations alike. */
                   RESEND_IF_NOT_SENT,
                   request->invocation_type == LF_INVOCATION_REQUEST_RESPONSE
                     ? self->invoke_timeout : self->request_timeout);

  call_add_header (call, "X-Amz-Invocation-Type",
                   lf_invocation_type_to_string (request->invocation_type));
  if (request->log_type == LF_LOG_TYPE_TAIL)
    call_add_header (call, "X-Amz-Log-Type", "Tail");
  if (request->client_context != NULL)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) request->client_context,
                                                  strlen (request->client_context));
      call_add_header (call, "X-Amz-Client-Context", encoded);
    }
  if (request->payload != NULL && g_bytes_get_size (request->payload) > 0)
    {
      call_add_header (call, "Content-Type", "application/json");
      call->body = g_bytes_ref (request->payload);
    }
  return call;
}

void
lf_lambda_client_invoke_async (LfLambdaClient        *self,
                               const LfInvokeRequest *request,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_lambda_client_invoke_async);
  /* Cancellation is reported in our own domain (LF_AWS_ERROR_CANCELLED). */
  g_task_set_check_cancellable (task, FALSE);

  if (!lf_lambda_validate_invoke_request (request, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  call_run (self, invoke_call_new (self, request), cancellable, on_invoke,
            g_steal_pointer (&task));
}

LfInvokeResult *
lf_lambda_client_invoke_finish (LfLambdaClient  *self,
                                GAsyncResult    *result,
                                LfInvokeResult **out_result,
                                GError         **error)
{
  LfInvokeResult *invoke_result;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  invoke_result = g_task_propagate_pointer (G_TASK (result), error);
  if (out_result != NULL)
    {
      LfInvokeResult *kept = g_task_get_task_data (G_TASK (result));

      if (invoke_result != NULL)
        *out_result = lf_invoke_result_copy (invoke_result);
      else
        *out_result = kept ? lf_invoke_result_copy (kept) : NULL;
    }

  return invoke_result;
}

/* DeleteFunction ********************************************************************/

static void
on_delete_function (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (call_run_finish (result, &error) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
lf_lambda_client_delete_function_async (LfLambdaClient      *self,
                                        const char          *function_name,
                                        const char          *qualifier,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));

  start_function_call (self, "DELETE", function_name, qualifier, cancellable,
                       on_delete_function, lf_lambda_client_delete_function_async, callback,
                       user_data);
}

gboolean
lf_lambda_client_delete_function_finish (LfLambdaClient  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Describing requests ***************************************************************/

/* The endpoint's host (and port), never anything else its URL might hold. */
static char *
endpoint_host (LfLambdaClient *self)
{
  g_autoptr(GUri) uri = g_uri_parse (self->endpoint, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  int port = uri ? g_uri_get_port (uri) : -1;

  if (host == NULL)
    return g_strdup ("");
  if (strchr (host, ':') != NULL)
    return port > 0 ? g_strdup_printf ("[%s]:%d", host, port) : g_strdup_printf ("[%s]", host);
  return port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);
}

/* Takes @call; describes it as it stands before signing, so it holds no signature, date or
 * session token, and drops those headers anyway should a future call carry them early. */
static JsonNode *
call_describe (LfLambdaClient *self,
               Call           *call)
{
  static const char * const secret_headers[] = { "authorization", "x-amz-security-token", NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *host = endpoint_host (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, call->method);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, call->path_and_query);
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, host);
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, self->region);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_object (builder);
  for (guint i = 0; i < call->header_names->len; i++)
    {
      g_autofree char *lower = g_ascii_strdown (g_ptr_array_index (call->header_names, i), -1);

      if (g_strv_contains (secret_headers, lower))
        continue;
      json_builder_set_member_name (builder, g_ptr_array_index (call->header_names, i));
      json_builder_add_string_value (builder, g_ptr_array_index (call->header_values, i));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  call_free (call);
  return json_builder_get_root (builder);
}

JsonNode *
lf_lambda_client_describe_list_functions (LfLambdaClient               *self,
                                          const LfListFunctionsOptions *options)
{
  LfListFunctionsOptions none = { 0 };

  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);

  if (options == NULL)
    options = &none;
  return call_describe (self, list_call_new (self, options, options->master_region, NULL, 0));
}

JsonNode *
lf_lambda_client_describe_get_function (LfLambdaClient *self,
                                        const char     *function_name,
                                        const char     *qualifier)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  g_return_val_if_fail (function_name != NULL, NULL);

  return call_describe (self, function_call_new (self, "GET", function_name, qualifier));
}

JsonNode *
lf_lambda_client_describe_delete_function (LfLambdaClient *self,
                                           const char     *function_name,
                                           const char     *qualifier)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  g_return_val_if_fail (function_name != NULL, NULL);

  return call_describe (self, function_call_new (self, "DELETE", function_name, qualifier));
}

JsonNode *
lf_lambda_client_describe_invoke (LfLambdaClient        *self,
                                  const LfInvokeRequest *request)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  g_return_val_if_fail (request != NULL && request->function_name != NULL, NULL);

  return call_describe (self, invoke_call_new (self, request));
}
