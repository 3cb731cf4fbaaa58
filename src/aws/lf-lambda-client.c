/* lf-lambda-client.c: the Lambda API's operations as calls of an LfAwsClient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-lambda"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-aws-error.h"
#include "lf-endpoint.h"
#include "lf-event-stream.h"
#include "lf-json-util.h"
#include "lf-lambda-client.h"

#define API_VERSION "2015-03-31"
/* InvokeWithResponseStream has its own. */
#define STREAM_API_VERSION "2021-11-15"
#define LIST_PAGE_SIZE 50
/* Room for the answer after a function's own timeout ends it. */
#define INVOKE_MARGIN_SECONDS 15
/* Lambda's longest timeout: what a synchronous call waits when the function's is unknown. */
#define MAX_FUNCTION_TIMEOUT 900
/* How long a function's timeout is trusted once learnt. */
#define TIMEOUT_MEMORY_SECONDS 600

struct _LfLambdaClient
{
  GObject parent_instance;

  LfAwsClient *aws;
  gboolean explicit_read_timeout;
  char *account_name;
};

G_DEFINE_FINAL_TYPE (LfLambdaClient, lf_lambda_client, G_TYPE_OBJECT)

static void
lf_lambda_client_dispose (GObject *object)
{
  LfLambdaClient *self = (LfLambdaClient *) object;

  g_clear_object (&self->aws);
  g_clear_pointer (&self->account_name, g_free);

  G_OBJECT_CLASS (lf_lambda_client_parent_class)->dispose (object);
}

static void
lf_lambda_client_class_init (LfLambdaClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_lambda_client_dispose;
}

static void
lf_lambda_client_init (LfLambdaClient *self)
{
}

LfLambdaClient *
lf_lambda_client_new (LfCredentialsProvider  *provider,
                      const char             *region,
                      const char             *endpoint_url,
                      GError                **error)
{
  g_autoptr(LfAwsClient) aws = NULL;
  LfLambdaClient *self;

  g_return_val_if_fail (LF_IS_CREDENTIALS_PROVIDER (provider), NULL);

  aws = lf_aws_client_new (provider, "lambda", region, endpoint_url, error);
  if (aws == NULL)
    return NULL;
  self = g_object_new (LF_TYPE_LAMBDA_CLIENT, NULL);
  self->aws = g_steal_pointer (&aws);
  return self;
}

const char *
lf_lambda_client_get_region (LfLambdaClient *self)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  return lf_aws_client_get_region (self->aws);
}

const char *
lf_lambda_client_get_endpoint (LfLambdaClient *self)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  return lf_aws_client_get_endpoint (self->aws);
}

LfAwsClient *
lf_lambda_client_get_aws_client (LfLambdaClient *self)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  return self->aws;
}

void
lf_lambda_client_set_max_attempts (LfLambdaClient *self,
                                   guint           max_attempts)
{
  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));
  lf_aws_client_set_max_attempts (self->aws, max_attempts);
}

void
lf_lambda_client_set_backoff_scale (LfLambdaClient *self,
                                    double          scale)
{
  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));
  lf_aws_client_set_backoff_scale (self->aws, scale);
}

void
lf_lambda_client_set_timeouts (LfLambdaClient *self,
                               guint           connect_seconds,
                               guint           read_seconds)
{
  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));
  lf_aws_client_set_timeouts (self->aws, connect_seconds, read_seconds);
  if (read_seconds != 0)
    self->explicit_read_timeout = TRUE;
}

void
lf_lambda_client_set_max_response_bytes (LfLambdaClient *self,
                                         gsize           max_bytes)
{
  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));
  lf_aws_client_set_max_response_bytes (self->aws, max_bytes);
}

gboolean
lf_lambda_client_set_ca_file (LfLambdaClient  *self,
                              const char      *path,
                              GError         **error)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), FALSE);
  return lf_aws_client_set_ca_file (self->aws, path, error);
}

/* Functions' timeouts, remembered per endpoint and key *************************************/

typedef struct
{
  guint seconds;
  gint64 learnt;
} Remembered;

static GMutex timeouts_lock;
static GHashTable *timeouts;   /* "endpoint region key-id function qualifier" → Remembered */

static char *
timeout_key (LfLambdaClient *self,
             const char     *function_name,
             const char     *qualifier)
{
  LfCredentialsProvider *provider = lf_aws_client_get_provider (self->aws);
  g_autoptr(LfCredentials) credentials = lf_credentials_provider_peek_credentials (provider);

  return g_strjoin (" ", lf_aws_client_get_endpoint (self->aws),
                    lf_aws_client_get_region (self->aws),
                    credentials ? lf_credentials_get_access_key_id (credentials) : "",
                    function_name, qualifier ? qualifier : "$LATEST", NULL);
}

static void
remember_timeout (LfLambdaClient *self,
                  const char     *function_name,
                  const char     *qualifier,
                  guint           seconds)
{
  Remembered *entry = g_new (Remembered, 1);

  entry->seconds = seconds;
  entry->learnt = g_get_monotonic_time ();
  g_mutex_lock (&timeouts_lock);
  if (timeouts == NULL)
    timeouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (timeouts, timeout_key (self, function_name, qualifier), entry);
  g_mutex_unlock (&timeouts_lock);
}

/* 0 when not known (or known too long ago). */
static guint
recall_timeout (LfLambdaClient *self,
                const char     *function_name,
                const char     *qualifier)
{
  g_autofree char *key = timeout_key (self, function_name, qualifier);
  Remembered *entry;
  guint seconds = 0;

  g_mutex_lock (&timeouts_lock);
  entry = timeouts ? g_hash_table_lookup (timeouts, key) : NULL;
  if (entry != NULL &&
      g_get_monotonic_time () - entry->learnt < TIMEOUT_MEMORY_SECONDS * G_USEC_PER_SEC)
    seconds = entry->seconds;
  g_mutex_unlock (&timeouts_lock);
  return seconds;
}

/**
 * lf_lambda_client_lookup_function_timeout:
 *
 * Returns: the function's timeout in seconds as last learnt for this endpoint and key (by
 *   GetFunction, GetFunctionConfiguration or an Invoke), or 0 when not known
 */
guint
lf_lambda_client_lookup_function_timeout (LfLambdaClient *self,
                                          const char     *function_name,
                                          const char     *qualifier)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), 0);
  g_return_val_if_fail (function_name != NULL, 0);
  return recall_timeout (self, function_name, qualifier);
}

/* A configuration's Timeout, wherever it sits: GetFunction nests it under "Configuration". */
static void
learn_timeout (LfLambdaClient *self,
               const char     *function_name,
               const char     *qualifier,
               JsonNode       *answer)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  JsonNode *configuration = object ? json_object_get_member (object, "Configuration") : NULL;
  gint64 seconds;

  if (configuration != NULL && JSON_NODE_HOLDS_OBJECT (configuration))
    object = json_node_get_object (configuration);
  if (object == NULL)
    return;
  seconds = json_object_get_int_member_with_default (object, "Timeout", 0);
  if (seconds > 0 && seconds <= MAX_FUNCTION_TIMEOUT)
    remember_timeout (self, function_name, qualifier, (guint) seconds);
}

/* Sending **********************************************************************************/

/* Runs @request (taken); @callback gets a task whose source is @self. */
static void
send_request (LfLambdaClient      *self,
              LfAwsRequest        *request,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  lf_aws_client_send_async (self->aws, request, NULL, NULL, NULL, cancellable, callback,
                            user_data);
}

static JsonNode *
parse_json_answer (LfAwsResponse  *response,
                   GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = lf_json_parse_bytes (response->body, &local_error);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_SERVICE,
                   _("Lambda's answer is not the JSON object expected%s%s"),
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return NULL;
    }
  return g_steal_pointer (&root);
}

/* What every operation answering JSON finishes with. */
static JsonNode *
json_finish (LfLambdaClient  *self,
             GAsyncResult    *result,
             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GTask *
operation_task (LfLambdaClient      *self,
                GCancellable        *cancellable,
                gpointer             source_tag,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* Cancellation is reported in our own domain (LF_AWS_ERROR_CANCELLED). */
  g_task_set_check_cancellable (task, FALSE);
  return task;
}

/* ListFunctions ****************************************************************************/

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

/* The request for the page after @marker, @n_gathered functions in. */
static LfAwsRequest *
list_request_new (const LfListFunctionsOptions *options,
                  const char                   *master_region,
                  const char                   *marker,
                  guint                         n_gathered)
{
  g_autoptr(GString) path = g_string_new ("/" API_VERSION "/functions/");
  guint page_size = LIST_PAGE_SIZE;

  if (options->max_items > 0)
    page_size = MIN (page_size, (guint) options->max_items - n_gathered);
  if (options->all_versions)
    lf_aws_append_query (path, "FunctionVersion", "ALL");
  if (marker != NULL)
    lf_aws_append_query (path, "Marker", marker);
  if (master_region != NULL)
    lf_aws_append_query (path, "MasterRegion", master_region);
  if (options->max_items > 0)
    {
      g_autofree char *n = g_strdup_printf ("%u", page_size);

      lf_aws_append_query (path, "MaxItems", n);
    }
  return lf_aws_request_new ("GET", path->str, LF_CALL_READ);
}

/* Adds a page's functions (up to MaxItems) and hands the page to the caller. */
static void
list_take_page (ListRun    *run,
                JsonObject *answer)
{
  JsonNode *functions = json_object_get_member (answer, "Functions");
  JsonArray *page;

  if (functions == NULL || !JSON_NODE_HOLDS_ARRAY (functions))
    return;
  page = json_node_get_array (functions);
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

/* Every page in one object, as the AWS CLI prints it; NextMarker when MaxItems stopped it. */
static JsonNode *
list_result (ListRun *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Functions");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), run->functions));
  if (run->marker != NULL)
    {
      json_builder_set_member_name (builder, "NextMarker");
      json_builder_add_string_value (builder, run->marker);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
on_list_page (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListRun *run = g_task_get_task_data (task);
  g_autoptr(LfAwsResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  const char *next_marker;

  response = lf_aws_client_send_finish (LF_AWS_CLIENT (object), result, &error);
  root = response ? parse_json_answer (response, &error) : NULL;
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  list_take_page (run, json_node_get_object (root));
  next_marker = json_object_get_string_member_with_default (json_node_get_object (root),
                                                            "NextMarker", NULL);
  g_free (run->marker);
  run->marker = (next_marker && *next_marker) ? g_strdup (next_marker) : NULL;

  if (run->marker != NULL && !run->options.one_page &&
      (run->options.max_items <= 0 ||
       json_array_get_length (run->functions) < (guint) run->options.max_items))
    {
      list_next_page (g_steal_pointer (&task));
      return;
    }
  g_task_return_pointer (task, list_result (run), (GDestroyNotify) json_node_unref);
}

static void
list_next_page (GTask *task)
{
  LfLambdaClient *self = g_task_get_source_object (task);
  ListRun *run = g_task_get_task_data (task);

  send_request (self, list_request_new (&run->options, run->master_region, run->marker,
                                        json_array_get_length (run->functions)),
                g_task_get_cancellable (task), on_list_page, task);
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

  task = operation_task (self, cancellable, lf_lambda_client_list_functions_async, callback,
                         user_data);
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
  return json_finish (self, result, error);
}

/* GetFunction, GetFunctionConfiguration, DeleteFunction ***********************************/

static char *
function_path (const char *function_name,
               const char *suffix,
               const char *qualifier)
{
  g_autofree char *name = lf_aws_escape_segment (function_name);
  GString *path = g_string_new ("/" API_VERSION "/functions/");

  g_string_append (path, name);
  if (suffix != NULL)
    g_string_append (path, suffix);
  if (qualifier != NULL)
    lf_aws_append_query (path, "Qualifier", qualifier);
  return g_string_free (path, FALSE);
}

static LfAwsRequest *
function_request_new (const char *method,
                      const char *function_name,
                      const char *suffix,
                      const char *qualifier,
                      LfCallKind  kind)
{
  g_autofree char *path = function_path (function_name, suffix, qualifier);

  return lf_aws_request_new (method, path, kind);
}

/* What a function call remembers: its name and qualifier, to learn the timeout. */
typedef struct
{
  char *function_name;
  char *qualifier;
} FunctionCall;

static void
function_call_free (FunctionCall *call)
{
  g_free (call->function_name);
  g_free (call->qualifier);
  g_free (call);
}

static void
on_function_json (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LfLambdaClient *self = g_task_get_source_object (task);
  FunctionCall *call = g_task_get_task_data (task);
  g_autoptr(LfAwsResponse) response = NULL;
  GError *error = NULL;
  JsonNode *root;

  response = lf_aws_client_send_finish (LF_AWS_CLIENT (object), result, &error);
  root = response ? parse_json_answer (response, &error) : NULL;
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  learn_timeout (self, call->function_name, call->qualifier, root);
  g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
on_function_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LfAwsResponse) response = NULL;
  GError *error = NULL;

  response = lf_aws_client_send_finish (LF_AWS_CLIENT (object), result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* One function, an optional qualifier, no body: checked before anything is sent. */
static void
start_function_call (LfLambdaClient      *self,
                     const char          *method,
                     const char          *suffix,
                     LfCallKind           kind,
                     const char          *function_name,
                     const char          *qualifier,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  done,
                     gpointer             source_tag,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = operation_task (self, cancellable, source_tag, callback, user_data);
  FunctionCall *call;
  GError *error = NULL;

  if (!lf_lambda_validate_function_name (function_name, &error) ||
      !lf_lambda_validate_qualifier (qualifier, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  call = g_new0 (FunctionCall, 1);
  call->function_name = g_strdup (function_name);
  call->qualifier = g_strdup (qualifier);
  g_task_set_task_data (task, call, (GDestroyNotify) function_call_free);
  send_request (self, function_request_new (method, function_name, suffix, qualifier, kind),
                cancellable, done, g_steal_pointer (&task));
}

/* GetFunction and GetFunctionConfiguration: one read of a function, "/configuration" or not. */
static void
start_function_read (LfLambdaClient      *self,
                     const char          *suffix,
                     const char          *function_name,
                     const char          *qualifier,
                     GCancellable        *cancellable,
                     gpointer             source_tag,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  start_function_call (self, "GET", suffix, LF_CALL_READ, function_name, qualifier, cancellable,
                       on_function_json, source_tag, callback, user_data);
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
  start_function_read (self, NULL, function_name, qualifier, cancellable,
                       lf_lambda_client_get_function_async, callback, user_data);
}

JsonNode *
lf_lambda_client_get_function_finish (LfLambdaClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return json_finish (self, result, error);
}

void
lf_lambda_client_get_function_configuration_async (LfLambdaClient      *self,
                                                   const char          *function_name,
                                                   const char          *qualifier,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));
  start_function_read (self, "/configuration", function_name, qualifier, cancellable,
                       lf_lambda_client_get_function_configuration_async, callback, user_data);
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
  start_function_call (self, "DELETE", NULL, LF_CALL_IDEMPOTENT_WRITE, function_name, qualifier,
                       cancellable, on_function_done, lf_lambda_client_delete_function_async,
                       callback, user_data);
}

gboolean
lf_lambda_client_delete_function_finish (LfLambdaClient  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Invoke ***********************************************************************************/

/* What the function said of its failure: the console's Test tab shows errorMessage, and
 * errorType names it. */
static GError *
function_error_from_payload (const LfInvokeResult *result)
{
  g_autoptr(JsonNode) root = lf_json_parse_bytes (result->payload, NULL);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  const char *type = object ? lf_json_object_get_string_member_or_null (object, "errorType")
                            : NULL;
  const char *message = object ? lf_json_object_get_string_member_or_null (object,
                                                                            "errorMessage")
                               : NULL;
  GError *error;

  if (type != NULL && message != NULL)
    error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_FUNCTION, _("The function failed: %s: %s"),
                         type, message);
  else if (message != NULL)
    error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_FUNCTION, _("The function failed: %s"),
                         message);
  else
    error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_FUNCTION, _("The function failed (%s error)"),
                         result->function_error);
  lf_aws_error_set_details (error, type ? type : result->function_error, result->status_code,
                            result->request_id);
  lf_aws_error_set_aws_message (error, message);
  return error;
}

static LfInvokeResult *
invoke_result_new (LfAwsResponse *response)
{
  LfInvokeResult *result = g_new0 (LfInvokeResult, 1);
  const char *value = lf_aws_response_get_header (response, "X-Amz-Function-Error");
  const char *log_b64 = lf_aws_response_get_header (response, "X-Amz-Log-Result");

  result->status_code = response->status;
  result->attempts = response->attempts;
  result->round_trip_ms = response->round_trip_ms;
  result->first_byte_ms = response->first_byte_ms;
  result->payload = response->body ? g_bytes_ref (response->body) : NULL;
  result->function_error = (value && *value) ? g_strdup (value) : NULL;
  result->executed_version = g_strdup (lf_aws_response_get_header (response,
                                                                   "X-Amz-Executed-Version"));
  result->request_id = g_strdup (lf_aws_response_get_header (response, "x-amzn-RequestId"));
  if (log_b64 != NULL && *log_b64)
    {
      gsize length = 0;
      g_autofree guchar *decoded = g_base64_decode (log_b64, &length);

      result->log_result = g_utf8_make_valid ((const char *) decoded, length);
      lf_invoke_result_parse_report (result, result->log_result);
    }
  return result;
}

/* An invocation's own copy of its request (it may wait for the function's configuration),
 * and what came back, kept for lf_lambda_client_invoke_finish()'s @out_result. */
typedef struct
{
  LfInvokeRequest request;
  char *function_name;
  char *qualifier;
  char *client_context;
  LfInvokeResult *result;
  /* InvokeWithResponseStream: where the chunks go, and the stream as it is read. */
  gboolean streaming;
  LfAwsChunkFunc chunk_func;
  gpointer chunk_data;
  GDestroyNotify chunk_destroy;
  LfEventStreamDecoder *decoder;
  LfInvokeResult *stream;       /* the figures and InvokeComplete, as they come */
  gboolean complete;
  gint64 sent_at;
} InvokeCall;

static void
invoke_call_free (InvokeCall *call)
{
  g_free (call->function_name);
  g_free (call->qualifier);
  g_free (call->client_context);
  g_clear_pointer (&call->request.payload, g_bytes_unref);
  g_clear_pointer (&call->result, lf_invoke_result_free);
  if (call->chunk_destroy != NULL)
    call->chunk_destroy (call->chunk_data);
  g_clear_pointer (&call->decoder, lf_event_stream_decoder_free);
  g_clear_pointer (&call->stream, lf_invoke_result_free);
  g_free (call);
}

static InvokeCall *
invoke_call_new (const LfInvokeRequest *request)
{
  InvokeCall *call = g_new0 (InvokeCall, 1);

  call->request = *request;
  call->request.function_name = call->function_name = g_strdup (request->function_name);
  call->request.qualifier = call->qualifier = g_strdup (request->qualifier);
  call->request.client_context = call->client_context = g_strdup (request->client_context);
  call->request.payload = request->payload ? g_bytes_ref (request->payload) : NULL;
  return call;
}

static void
on_invoke (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LfAwsResponse) response = NULL;
  g_autoptr(LfInvokeResult) invoke_result = NULL;
  GError *error = NULL;
  InvokeCall *call;

  response = lf_aws_client_send_finish (LF_AWS_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  invoke_result = invoke_result_new (response);
  call = g_task_get_task_data (task);
  call->result = lf_invoke_result_copy (invoke_result);
  if (invoke_result->function_error != NULL)
    {
      g_task_return_error (task, function_error_from_payload (invoke_result));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&invoke_result),
                         (GDestroyNotify) lf_invoke_result_free);
}

static LfAwsRequest *
invoke_request_new (const LfInvokeRequest *request,
                    gboolean               streaming)
{
  g_autofree char *name = lf_aws_escape_segment (request->function_name);
  GString *path = g_string_new (streaming ? "/" STREAM_API_VERSION "/functions/"
                                          : "/" API_VERSION "/functions/");
  LfAwsRequest *sent;

  g_string_append (path, name);
  g_string_append (path, streaming ? "/response-streaming-invocations" : "/invocations");
  if (request->qualifier != NULL)
    lf_aws_append_query (path, "Qualifier", request->qualifier);
  sent = lf_aws_request_new ("POST", path->str, LF_CALL_INVOKE);
  g_string_free (path, TRUE);

  lf_aws_request_add_header (sent, "X-Amz-Invocation-Type",
                             lf_invocation_type_to_string (request->invocation_type));
  if (request->log_type == LF_LOG_TYPE_TAIL)
    lf_aws_request_add_header (sent, "X-Amz-Log-Type", "Tail");
  if (request->client_context != NULL)
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *) request->client_context,
                                                  strlen (request->client_context));

      lf_aws_request_add_header (sent, "X-Amz-Client-Context", encoded);
    }
  if (request->payload != NULL && g_bytes_get_size (request->payload) > 0)
    lf_aws_request_set_body (sent, request->payload, "application/json");
  return sent;
}

/* InvokeWithResponseStream ******************************************************************/

static GError *
stream_error (const GError *cause)
{
  GError *error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_SERVICE, "%s", cause->message);

  /* It ran, or is running: the stream came from it. */
  lf_aws_error_set_may_have_run (error, TRUE);
  return error;
}

/* InvokeComplete: how the invocation ended, and its log. */
static void
take_complete (InvokeCall     *call,
               LfEventMessage *message)
{
  g_autoptr(JsonNode) root = lf_json_parse_bytes (message->payload, NULL);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  const char *code = object ? lf_json_object_get_string_member_or_null (object, "ErrorCode") : NULL;
  const char *details = object ? lf_json_object_get_string_member_or_null (object, "ErrorDetails")
                               : NULL;
  const char *log_b64 = object ? lf_json_object_get_string_member_or_null (object, "LogResult")
                               : NULL;

  call->complete = TRUE;
  call->stream->function_error = code && *code ? g_strdup (code) : NULL;
  call->stream->error_details = g_strdup (details);
  if (log_b64 != NULL && *log_b64)
    {
      gsize length = 0;
      g_autofree guchar *decoded = g_base64_decode (log_b64, &length);

      call->stream->log_result = g_utf8_make_valid ((const char *) decoded, length);
    }
}

/* An exception or error message instead of an event: the service's word, the stream's end. */
static GError *
exception_error (LfEventMessage *message,
                 const char     *kind)
{
  g_autofree char *name = lf_event_message_dup_string (message, g_str_equal (kind, "error")
                                                                  ? ":error-code"
                                                                  : ":exception-type");
  g_autofree char *text = lf_event_message_dup_string (message, ":error-message");
  g_autoptr(JsonNode) root = lf_json_parse_bytes (message->payload, NULL);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  const char *body = object ? lf_json_object_get_string_member_or_null (object, "message") : NULL;
  GError *error;

  if (body == NULL && object != NULL)
    body = lf_json_object_get_string_member_or_null (object, "Message");
  error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_SERVICE, _("The stream stopped: %s: %s"),
                       name ? name : kind, text ? text : body ? body : "");
  lf_aws_error_set_details (error, name, 200, NULL);
  lf_aws_error_set_may_have_run (error, TRUE);
  return error;
}

static gboolean
take_message (InvokeCall      *call,
              LfEventMessage  *message,
              GError         **error)
{
  g_autofree char *kind = lf_event_message_dup_string (message, ":message-type");
  g_autofree char *event = lf_event_message_dup_string (message, ":event-type");

  if (kind != NULL && !g_str_equal (kind, "event"))
    {
      *error = exception_error (message, kind);
      return FALSE;
    }
  if (g_strcmp0 (event, "InvokeComplete") == 0)
    take_complete (call, message);
  else if (g_strcmp0 (event, "PayloadChunk") == 0)
    {
      if (call->stream->stream_chunks++ == 0)
        call->stream->first_chunk_ms = (g_get_monotonic_time () - call->sent_at) / 1000.0;
      call->stream->stream_bytes += g_bytes_get_size (message->payload);
      if (call->chunk_func != NULL && !call->chunk_func (message->payload, call->chunk_data, error))
        return FALSE;
    }
  /* Event types added later are not ours to know: they pass. */
  return TRUE;
}

/* The aws client's chunk function: bytes of the answer as they arrive. */
static gboolean
read_stream_piece (GBytes   *piece,
                   gpointer  user_data,
                   GError  **error)
{
  InvokeCall *call = g_task_get_task_data (G_TASK (user_data));
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (
    (GDestroyNotify) lf_event_message_free);
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (piece, &size);
  gboolean ok;

  ok = lf_event_stream_decoder_feed (call->decoder, data, size, messages, &local_error);
  /* What was whole before a broken message still counts, in order. */
  for (guint i = 0; i < messages->len; i++)
    if (!take_message (call, messages->pdata[i], error))
      return FALSE;
  if (!ok)
    *error = stream_error (local_error);
  return ok;
}

static void
on_invoke_stream (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  InvokeCall *call = g_task_get_task_data (task);
  g_autoptr(LfAwsResponse) response = NULL;
  g_autoptr(LfInvokeResult) invoke_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) ending = NULL;

  response = lf_aws_client_send_finish (LF_AWS_CLIENT (object), result, &error);
  if (response != NULL && !lf_event_stream_decoder_end (call->decoder, &ending))
    error = stream_error (ending);
  else if (response != NULL && !call->complete)
    {
      error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_SERVICE,
                           _("The stream ended before Lambda said the invocation was complete"));
      lf_aws_error_set_may_have_run (error, TRUE);
    }
  if (error != NULL && call->stream->stream_bytes > 0 &&
      !g_error_matches (error, LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED))
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, call->stream->stream_bytes);

      g_prefix_error (&error, ngettext ("After %s byte: ", "After %s bytes: ",
                                        (gulong) call->stream->stream_bytes),
                      count);
    }
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  invoke_result = invoke_result_new (response);
  invoke_result->streamed = TRUE;
  invoke_result->stream_bytes = call->stream->stream_bytes;
  invoke_result->stream_chunks = call->stream->stream_chunks;
  invoke_result->first_chunk_ms = call->stream->first_chunk_ms;
  invoke_result->function_error = g_strdup (call->stream->function_error);
  invoke_result->error_details = g_strdup (call->stream->error_details);
  invoke_result->log_result = g_strdup (call->stream->log_result);
  lf_invoke_result_parse_report (invoke_result, invoke_result->log_result);
  call->result = lf_invoke_result_copy (invoke_result);
  if (invoke_result->function_error != NULL)
    {
      error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_FUNCTION, _("The function failed: %s%s%s"),
                           invoke_result->function_error,
                           invoke_result->error_details ? ": " : "",
                           invoke_result->error_details ? invoke_result->error_details : "");
      lf_aws_error_set_details (error, invoke_result->function_error, invoke_result->status_code,
                                invoke_result->request_id);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&invoke_result),
                         (GDestroyNotify) lf_invoke_result_free);
}

/* What an Invoke waits for: the function's own timeout and a margin when it runs now; the
 * client's read timeout when that was set, and for Event and DryRun, which answer at once. */
static void
send_invoke (GTask *task,
             guint  function_timeout)
{
  LfLambdaClient *self = g_task_get_source_object (task);
  InvokeCall *call = g_task_get_task_data (task);
  const LfInvokeRequest *request = &call->request;
  LfAwsRequest *sent = invoke_request_new (request, call->streaming);

  if (request->invocation_type == LF_INVOCATION_REQUEST_RESPONSE && !self->explicit_read_timeout)
    lf_aws_request_set_read_timeout (sent, (function_timeout ? function_timeout
                                                             : MAX_FUNCTION_TIMEOUT) +
                                             INVOKE_MARGIN_SECONDS);
  if (!call->streaming)
    {
      send_request (self, sent, g_task_get_cancellable (task), on_invoke, task);
      return;
    }
  lf_aws_request_set_max_response_bytes (sent, LF_LAMBDA_MAX_STREAM_BYTES);
  call->sent_at = g_get_monotonic_time ();
  lf_aws_client_send_async (self->aws, sent, read_stream_piece, task, NULL,
                            g_task_get_cancellable (task), on_invoke_stream, task);
}


static void
on_configuration_for_invoke (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  GTask *task = user_data;
  LfLambdaClient *self = g_task_get_source_object (task);
  InvokeCall *call = g_task_get_task_data (task);
  g_autoptr(JsonNode) configuration = NULL;
  g_autoptr(GError) error = NULL;

  configuration = lf_lambda_client_get_function_finish (self, result, &error);
  if (g_error_matches (error, LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  /* Not allowed to read it, or any other trouble: the Invoke says what is wrong, if anything. */
  if (error != NULL)
    g_debug ("No timeout known for %s: %s", call->function_name, error->message);
  send_invoke (task, recall_timeout (self, call->function_name, call->qualifier));
}

/* Sends @task's Invoke (streamed or not) once the function's timeout is known: learnt before,
 * not needed (Event, DryRun, a read timeout set by hand), or asked for first. */
static void
start_invoke (GTask *task)
{
  LfLambdaClient *self = g_task_get_source_object (task);
  InvokeCall *call = g_task_get_task_data (task);
  const LfInvokeRequest *request = &call->request;
  guint known = recall_timeout (self, request->function_name, request->qualifier);

  if (known != 0 || request->invocation_type != LF_INVOCATION_REQUEST_RESPONSE ||
      self->explicit_read_timeout)
    {
      send_invoke (task, known);
      return;
    }
  lf_lambda_client_get_function_configuration_async (self, request->function_name,
                                                     request->qualifier,
                                                     g_task_get_cancellable (task),
                                                     on_configuration_for_invoke, task);
}

void
lf_lambda_client_invoke_async (LfLambdaClient        *self,
                               const LfInvokeRequest *request,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));
  g_return_if_fail (request != NULL);

  task = operation_task (self, cancellable, lf_lambda_client_invoke_async, callback, user_data);
  if (!lf_lambda_validate_invoke_request (request, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_task_set_task_data (task, invoke_call_new (request), (GDestroyNotify) invoke_call_free);
  start_invoke (task);
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
      InvokeCall *call = g_task_get_task_data (G_TASK (result));

      *out_result = call != NULL && call->result != NULL ? lf_invoke_result_copy (call->result)
                                                         : NULL;
    }
  return invoke_result;
}

void
lf_lambda_client_invoke_stream_async (LfLambdaClient        *self,
                                      const LfInvokeRequest *request,
                                      LfAwsChunkFunc         chunk_func,
                                      gpointer               chunk_data,
                                      GDestroyNotify         chunk_destroy,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  GTask *task;
  GError *error = NULL;
  InvokeCall *call;

  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));
  g_return_if_fail (request != NULL);

  task = operation_task (self, cancellable, lf_lambda_client_invoke_stream_async, callback,
                         user_data);
  call = invoke_call_new (request);
  call->streaming = TRUE;
  call->chunk_func = chunk_func;
  call->chunk_data = chunk_data;
  call->chunk_destroy = chunk_destroy;
  call->decoder = lf_event_stream_decoder_new ();
  call->stream = g_new0 (LfInvokeResult, 1);
  g_task_set_task_data (task, call, (GDestroyNotify) invoke_call_free);
  if (request->invocation_type == LF_INVOCATION_EVENT)
    error = g_error_new_literal (LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                                 _("A streamed invocation waits for its answer: it cannot be an "
                                   "Event"));
  if (error != NULL || !lf_lambda_validate_invoke_request (request, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  start_invoke (task);
}

LfInvokeResult *
lf_lambda_client_invoke_stream_finish (LfLambdaClient  *self,
                                       GAsyncResult    *result,
                                       LfInvokeResult **out_result,
                                       GError         **error)
{
  return lf_lambda_client_invoke_finish (self, result, out_result, error);
}

/* Describing requests **********************************************************************/

static JsonNode *
describe (LfLambdaClient *self,
          LfAwsRequest   *request)
{
  g_autoptr(LfAwsRequest) owned = request;
  g_autofree char *host = lf_aws_client_dup_host (self->aws);

  return lf_aws_request_describe (owned, host, lf_aws_client_get_region (self->aws));
}

JsonNode *
lf_lambda_client_describe_list_functions (LfLambdaClient               *self,
                                          const LfListFunctionsOptions *options)
{
  LfListFunctionsOptions none = { 0 };

  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  if (options == NULL)
    options = &none;
  return describe (self, list_request_new (options, options->master_region, NULL, 0));
}

static JsonNode *
describe_function_call (LfLambdaClient *self,
                        const char     *method,
                        LfCallKind      kind,
                        const char     *function_name,
                        const char     *qualifier)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  g_return_val_if_fail (function_name != NULL, NULL);
  return describe (self, function_request_new (method, function_name, NULL, qualifier, kind));
}

JsonNode *
lf_lambda_client_describe_get_function (LfLambdaClient *self,
                                        const char     *function_name,
                                        const char     *qualifier)
{
  return describe_function_call (self, "GET", LF_CALL_READ, function_name, qualifier);
}

JsonNode *
lf_lambda_client_describe_delete_function (LfLambdaClient *self,
                                           const char     *function_name,
                                           const char     *qualifier)
{
  return describe_function_call (self, "DELETE", LF_CALL_IDEMPOTENT_WRITE, function_name,
                                 qualifier);
}

JsonNode *
lf_lambda_client_describe_invoke (LfLambdaClient        *self,
                                  const LfInvokeRequest *request)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  g_return_val_if_fail (request != NULL && request->function_name != NULL, NULL);
  return describe (self, invoke_request_new (request, FALSE));
}

JsonNode *
lf_lambda_client_describe_invoke_stream (LfLambdaClient        *self,
                                         const LfInvokeRequest *request)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);
  g_return_val_if_fail (request != NULL && request->function_name != NULL, NULL);
  return describe (self, invoke_request_new (request, TRUE));
}

void
lf_lambda_client_set_account_name (LfLambdaClient *self,
                                   const char     *name)
{
  g_return_if_fail (LF_IS_LAMBDA_CLIENT (self));

  g_free (self->account_name);
  self->account_name = g_strdup (name);
}

const char *
lf_lambda_client_get_account_name (LfLambdaClient *self)
{
  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (self), NULL);

  return self->account_name;
}
