/* lf-sandbox-api.c: the Lambda REST API of the sandbox, and its admin endpoint
 *
 * A request arrives here judged, signed and verified (lf-sandbox.c), and is routed:
 *
 *   GET    /2015-03-31/functions/                        ListFunctions
 *   GET    /2015-03-31/functions/NAME                    GetFunction
 *   GET    /2015-03-31/functions/NAME/configuration      GetFunctionConfiguration
 *   POST   /2015-03-31/functions/NAME/invocations        Invoke
 *   DELETE /2015-03-31/functions/NAME                    DeleteFunction
 *   POST   /2021-11-15/functions/NAME/response-streaming-invocations
 *                                                        InvokeWithResponseStream
 *
 * The admin endpoint (signed like the rest, loopback only like the rest):
 *
 *   GET    /_sandbox/status                              environments and queues per function
 *   GET    /_sandbox/faults                              the faults in force
 *   PUT    /_sandbox/faults/NAME   {"throttle": 2, …}    set the faults of a function
 *   DELETE /_sandbox/faults[/NAME]                       clear them
 *
 * A request that names a function meets the faults set for it first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lf-event-stream.h"
#include "lf-json-util.h"
#include "lf-sandbox-invocation.h"
#include "lf-sandbox-pool.h"
#include "lf-sandbox-private.h"

#define API_PREFIX "/2015-03-31/functions"
#define STREAM_PREFIX "/2021-11-15/functions"
#define STREAM_SUFFIX "/response-streaming-invocations"
#define ADMIN_PREFIX "/_sandbox/"
#define LIST_PAGE_SIZE 50
#define LOG_TAIL_BYTES 4096
#define MAX_CLIENT_CONTEXT 3583

typedef enum
{
  ROUTE_UNKNOWN,
  /* Routes that name a function by its FunctionName. */
  ROUTE_LIST_FUNCTIONS,
  ROUTE_GET_FUNCTION,
  ROUTE_GET_CONFIGURATION,
  ROUTE_INVOKE,
  ROUTE_INVOKE_STREAM,
  ROUTE_DELETE_FUNCTION,
  /* The admin endpoint: NAME is a plain name there. */
  ROUTE_ADMIN_STATUS,
  ROUTE_ADMIN_FAULTS,
  ROUTE_ADMIN_SET_FAULT,
  ROUTE_ADMIN_CLEAR_FAULTS,
} Route;

/* One API request, from arrival to answer. */
typedef struct
{
  LfSandbox *self;
  LfHttpExchange *exchange;
  GHashTable *query;
  char *request_id;
  Route route;
  char *raw_name;        /* the FunctionName path segment, decoded */
  char *name;            /* the function's name once resolved */
  char *qualifier;
  LfSandboxFaultKind fault;    /* what the faults in force do to it, and with which status */
  guint fault_status;
  LfSandboxInvocation *invocation;   /* a synchronous Invoke, while the function runs */
  gboolean log_tail;                 /* and whether the log's tail goes back with it */
  gboolean stream_begun;             /* InvokeWithResponseStream: the 200 and frames are out */
  gulong chunk_handler;
} Request;

static Request *
request_new (LfSandbox      *self,
             LfHttpExchange *exchange)
{
  Request *req = g_new0 (Request, 1);
  GHashTable *query = lf_http_exchange_get_query (exchange);

  req->self = g_object_ref (self);
  req->exchange = g_object_ref (exchange);
  req->query = query ? g_hash_table_ref (query) : NULL;
  /* The judge gave every exchange its id before anything else. */
  req->request_id = g_strdup (soup_message_headers_get_one (
    lf_http_exchange_get_response_headers (exchange), "x-amzn-RequestId"));
  return req;
}

/* The request is answered (or never will be): it goes. */
static void
request_done (Request *req)
{
  g_clear_object (&req->exchange);
  g_clear_object (&req->self);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_free (req->request_id);
  g_free (req->raw_name);
  g_free (req->name);
  g_free (req->qualifier);
  if (req->chunk_handler != 0)
    g_clear_signal_handler (&req->chunk_handler, req->invocation);
  g_clear_object (&req->invocation);
  g_free (req);
}

/* The caller is gone (or was answered already): nothing more to say to it. */
static gboolean
exchange_gone (LfHttpExchange *exchange)
{
  return lf_http_exchange_is_disconnected (exchange) || lf_http_exchange_is_answered (exchange);
}

static const char *
query_field (Request    *req,
             const char *name)
{
  return req->query ? g_hash_table_lookup (req->query, name) : NULL;
}

/* ---- answers ----------------------------------------------------------------------------- */

GBytes *
_lf_sandbox_aws_error_body (const char *type,
                            const char *message,
                            const char *reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  if (type != NULL)
    {
      json_builder_set_member_name (builder, "Type");
      json_builder_add_string_value (builder, type);
    }
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (reason != NULL)
    {
      json_builder_set_member_name (builder, "Reason");
      json_builder_add_string_value (builder, reason);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = lf_json_to_text (root, 0);

  return g_bytes_new_take (text, strlen (text));
}

void
_lf_sandbox_respond_aws_error (LfHttpExchange *exchange,
                               guint           status,
                               const char     *exception,
                               const char     *type,
                               const char     *message,
                               const char     *reason)
{
  g_autoptr(GBytes) body = NULL;

  if (exchange_gone (exchange))
    return;

  body = _lf_sandbox_aws_error_body (type, message, reason);
  soup_message_headers_replace (lf_http_exchange_get_response_headers (exchange),
                                "x-amzn-ErrorType", exception);
  lf_http_exchange_respond (exchange, status, "application/json", body);
}

void
_lf_sandbox_respond_error (LfHttpExchange *exchange,
                           const GError   *error)
{
  guint status = 500;
  const char *type = NULL;
  const char *exception = lf_sandbox_error_to_aws (error, &status, &type);
  const char *reason = NULL;

  if (g_error_matches (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_THROTTLED))
    reason = "ReservedFunctionConcurrentInvocationLimitExceeded";

  _lf_sandbox_respond_aws_error (exchange, status, exception, type, error->message, reason);
}

void
_lf_sandbox_respond_stopping (LfHttpExchange *exchange)
{
  g_autoptr(GError) error = g_error_new_literal (LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_STOPPED,
                                                 "The sandbox is shutting down");

  _lf_sandbox_respond_error (exchange, error);
}

char *
_lf_sandbox_too_large_message (gsize limit)
{
  return g_strdup_printf ("Request must be smaller than %" G_GSIZE_FORMAT " bytes for the %s "
                          "operation", limit,
                          limit == LF_SANDBOX_MAX_EVENT_PAYLOAD ? "InvokeAsync"
                                                                : "InvokeFunction");
}

static void
respond_error (Request      *req,
               const GError *error)
{
  _lf_sandbox_respond_error (req->exchange, error);
  request_done (req);
}

/* The caller's mistake (Type "User"), as Lambda words it. */
static void
respond_user_error (Request    *req,
                    guint       status,
                    const char *exception,
                    const char *message)
{
  _lf_sandbox_respond_aws_error (req->exchange, status, exception, "User", message, NULL);
  request_done (req);
}

static void
respond_json (Request  *req,
              guint     status,
              JsonNode *root)
{
  if (!exchange_gone (req->exchange))
    {
      g_autofree char *text = lf_json_to_text (root, 0);

      lf_http_exchange_respond_text (req->exchange, status, "application/json", text);
    }
  request_done (req);
}

static void
respond_empty (Request *req,
               guint    status)
{
  if (!exchange_gone (req->exchange))
    lf_http_exchange_respond (req->exchange, status, NULL, NULL);
  request_done (req);
}

static void
respond_not_found (Request    *req,
                   const char *name,
                   const char *qualifier)
{
  LfSandboxSettings *settings = req->self->settings;
  g_autofree char *message =
    g_strdup_printf ("Function not found: arn:aws:lambda:%s:%s:function:%s%s%s",
                     settings->region, settings->account_id, name, qualifier ? ":" : "",
                     qualifier ? qualifier : "");

  respond_user_error (req, 404, "ResourceNotFoundException", message);
}

/* ---- routing ----------------------------------------------------------------------------- */

/* /2015-03-31/functions[/NAME[/configuration|/invocations]] (@rest follows the prefix). */
static Route
parse_api_route (const char  *rest,
                 const char  *method,
                 char       **raw_name)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  if (*rest == '\0' || g_str_equal (rest, "/"))
    return g_str_equal (method, "GET") ? ROUTE_LIST_FUNCTIONS : ROUTE_UNKNOWN;
  if (*rest != '/')
    return ROUTE_UNKNOWN;

  parts = g_strsplit (rest + 1, "/", -1);
  n = g_strv_length (parts);
  /* A trailing slash, as some clients send, adds an empty last segment. */
  if (n > 1 && parts[n - 1][0] == '\0')
    n--;
  if (n == 0 || parts[0][0] == '\0')
    return ROUTE_UNKNOWN;

  *raw_name = g_uri_unescape_string (parts[0], NULL);
  if (*raw_name == NULL)
    return ROUTE_UNKNOWN;

  if (n == 1 && g_str_equal (method, "GET"))
    return ROUTE_GET_FUNCTION;
  if (n == 1 && g_str_equal (method, "DELETE"))
    return ROUTE_DELETE_FUNCTION;
  if (n == 2 && g_str_equal (parts[1], "configuration") && g_str_equal (method, "GET"))
    return ROUTE_GET_CONFIGURATION;
  if (n == 2 && g_str_equal (parts[1], "invocations") && g_str_equal (method, "POST"))
    return ROUTE_INVOKE;

  g_clear_pointer (raw_name, g_free);
  return ROUTE_UNKNOWN;
}

/* /2021-11-15/functions/NAME/response-streaming-invocations (@rest follows the prefix). */
static Route
parse_stream_route (const char  *rest,
                    const char  *method,
                    char       **raw_name)
{
  g_autofree char *segment = NULL;

  if (!g_str_equal (method, "POST") || *rest != '/' || !g_str_has_suffix (rest, STREAM_SUFFIX))
    return ROUTE_UNKNOWN;
  segment = g_strndup (rest + 1, strlen (rest + 1) - strlen (STREAM_SUFFIX));
  if (*segment == '\0' || strchr (segment, '/') != NULL)
    return ROUTE_UNKNOWN;
  *raw_name = g_uri_unescape_string (segment, NULL);
  return *raw_name ? ROUTE_INVOKE_STREAM : ROUTE_UNKNOWN;
}

/* /_sandbox/status and /_sandbox/faults[/NAME]. */
static Route
parse_admin_route (const char  *path,
                   const char  *method,
                   char       **raw_name)
{
  const char *segment;

  if (g_str_equal (path, ADMIN_PREFIX "status") && g_str_equal (method, "GET"))
    return ROUTE_ADMIN_STATUS;
  if (g_str_equal (path, ADMIN_PREFIX "faults") || g_str_equal (path, ADMIN_PREFIX "faults/"))
    {
      if (g_str_equal (method, "GET"))
        return ROUTE_ADMIN_FAULTS;
      if (g_str_equal (method, "DELETE"))
        return ROUTE_ADMIN_CLEAR_FAULTS;
      return ROUTE_UNKNOWN;
    }
  if (!g_str_has_prefix (path, ADMIN_PREFIX "faults/"))
    return ROUTE_UNKNOWN;

  segment = path + strlen (ADMIN_PREFIX "faults/");
  if (strchr (segment, '/') != NULL)
    return ROUTE_UNKNOWN;
  *raw_name = g_uri_unescape_string (segment, NULL);
  if (*raw_name == NULL)
    return ROUTE_UNKNOWN;
  if (g_str_equal (method, "PUT") || g_str_equal (method, "POST"))
    return ROUTE_ADMIN_SET_FAULT;
  if (g_str_equal (method, "DELETE"))
    return ROUTE_ADMIN_CLEAR_FAULTS;

  g_clear_pointer (raw_name, g_free);
  return ROUTE_UNKNOWN;
}

/* FunctionName may be a name, NAME:QUALIFIER, ACCOUNT:function:NAME[:QUALIFIER] or a full
 * ARN. Names of another region or account are simply not found. */
static gboolean
resolve_function_name (LfSandboxSettings  *settings,
                       const char         *raw,
                       char              **name,
                       char              **qualifier)
{
  g_auto(GStrv) parts = g_strsplit (raw, ":", -1);
  guint n = g_strv_length (parts);
  guint first = 0;

  *name = NULL;
  *qualifier = NULL;

  if (n >= 7 && g_str_equal (parts[0], "arn"))
    {
      if (!g_str_equal (parts[2], "lambda") || !g_str_equal (parts[3], settings->region) ||
          !g_str_equal (parts[4], settings->account_id) || !g_str_equal (parts[5], "function") ||
          n > 8)
        return FALSE;
      first = 6;
    }
  else if (n >= 3 && g_str_equal (parts[1], "function"))
    {
      if (!g_str_equal (parts[0], settings->account_id) || n > 4)
        return FALSE;
      first = 2;
    }
  else if (n > 2)
    return FALSE;

  if (!lf_sandbox_function_is_valid_name (parts[first]))
    return FALSE;

  *name = g_strdup (parts[first]);
  if (parts[first + 1] != NULL)
    *qualifier = g_strdup (parts[first + 1]);

  return TRUE;
}

/* Resolves the FunctionName of an API route (a Qualifier in the query counts when the name
 * has none); FALSE after answering 404. */
static gboolean
resolve_request_function (Request *req)
{
  if (!resolve_function_name (req->self->settings, req->raw_name, &req->name, &req->qualifier))
    {
      respond_not_found (req, req->raw_name, NULL);
      return FALSE;
    }
  if (req->qualifier == NULL && query_field (req, "Qualifier") != NULL)
    req->qualifier = g_strdup (query_field (req, "Qualifier"));

  return TRUE;
}

/* The function a per-function request names, or NULL after answering 404. */
static LfSandboxFunction *
lookup_function (Request *req)
{
  LfSandboxFunction *function = NULL;

  if (req->name != NULL)
    function = lf_sandbox_registry_lookup (req->self->registry, req->name);

  if (function == NULL || (req->qualifier != NULL && !g_str_equal (req->qualifier, "$LATEST")))
    {
      respond_not_found (req, req->name ? req->name : req->raw_name, req->qualifier);
      return NULL;
    }

  return function;
}

/* ---- operations -------------------------------------------------------------------------- */

static void
handle_list_functions (Request *req)
{
  LfSandbox *self = req->self;
  const char *max_text = query_field (req, "MaxItems");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autofree char *next_marker = NULL;
  guint max_items = LIST_PAGE_SIZE;

  if (max_text != NULL)
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (max_text, 10, 1, 10000, &value, NULL))
        {
          respond_user_error (req, 400, "InvalidParameterValueException",
                              "MaxItems must be a number from 1 to 10000");
          return;
        }
      max_items = MIN ((guint) value, LIST_PAGE_SIZE);
    }

  page = lf_sandbox_registry_list_page (self->registry, query_field (req, "Marker"), max_items,
                                        &next_marker);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Functions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < page->len; i++)
    json_builder_add_value (builder,
                            lf_sandbox_function_to_configuration (g_ptr_array_index (page, i),
                                                                  self->settings));
  json_builder_end_array (builder);
  if (next_marker != NULL)
    {
      json_builder_set_member_name (builder, "NextMarker");
      json_builder_add_string_value (builder, next_marker);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  respond_json (req, 200, root);
}

static void
handle_get_function (Request *req,
                     gboolean configuration_only)
{
  LfSandboxFunction *function = lookup_function (req);
  g_autoptr(JsonNode) configuration = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *location = NULL;

  if (function == NULL)
    return;

  configuration = lf_sandbox_function_to_configuration (function, req->self->settings);
  if (configuration_only)
    {
      respond_json (req, 200, configuration);
      return;
    }

  location = g_filename_to_uri (lf_sandbox_function_get_directory (function), NULL, NULL);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Configuration");
  json_builder_add_value (builder, g_steal_pointer (&configuration));
  json_builder_set_member_name (builder, "Code");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "RepositoryType");
  json_builder_add_string_value (builder, "S3");
  json_builder_set_member_name (builder, "Location");
  json_builder_add_string_value (builder, location ? location : "");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "Tags");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  respond_json (req, 200, root);
}

static void
on_retired_pool_shut_down (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(LfSandbox) self = user_data;

  lf_sandbox_pool_shutdown_finish (LF_SANDBOX_POOL (source), result, NULL);
  if (self->retired != NULL)
    g_ptr_array_remove (self->retired, source);
}

static void
handle_delete_function (Request *req)
{
  LfSandbox *self = req->self;
  LfSandboxFunction *function = lookup_function (req);
  g_autofree char *name = NULL;
  gpointer key = NULL;
  gpointer pool = NULL;

  if (function == NULL)
    return;

  name = g_strdup (lf_sandbox_function_get_name (function));
  /* The function leaves the API and its environments end; its folder on disk is left alone. */
  if (g_hash_table_steal_extended (self->pools, name, &key, &pool))
    {
      g_free (key);
      g_ptr_array_add (self->retired, pool);
      lf_sandbox_pool_shutdown_async (pool, NULL, on_retired_pool_shut_down, g_object_ref (self));
    }
  lf_sandbox_registry_remove (self->registry, name);

  respond_empty (req, 204);
}

static LfSandboxPool *
ensure_pool (LfSandbox         *self,
             LfSandboxFunction *function)
{
  const char *name = lf_sandbox_function_get_name (function);
  LfSandboxPool *pool = g_hash_table_lookup (self->pools, name);

  if (pool == NULL)
    {
      pool = lf_sandbox_pool_new (function, self->settings);
      g_hash_table_insert (self->pools, g_strdup (name), pool);
    }

  return pool;
}

/* ---- Invoke ------------------------------------------------------------------------------ */

/* X-Amz-Invocation-Type, RequestResponse when absent; FALSE after answering 400. */
static gboolean
read_invocation_type (Request                 *req,
                      LfSandboxInvocationType *type)
{
  SoupMessageHeaders *headers = lf_http_exchange_get_request_headers (req->exchange);
  const char *text = soup_message_headers_get_one (headers, "X-Amz-Invocation-Type");

  if (text == NULL || g_str_equal (text, "RequestResponse"))
    *type = LF_SANDBOX_INVOCATION_REQUEST_RESPONSE;
  else if (g_str_equal (text, "Event"))
    *type = LF_SANDBOX_INVOCATION_EVENT;
  else if (g_str_equal (text, "DryRun"))
    *type = LF_SANDBOX_INVOCATION_DRY_RUN;
  else
    {
      respond_user_error (req, 400, "InvalidParameterValueException",
                          "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun");
      return FALSE;
    }

  return TRUE;
}

/* X-Amz-Log-Type: whether the log's tail goes back with the answer; FALSE after answering 400. */
static gboolean
read_log_type (Request  *req,
               gboolean *tail)
{
  SoupMessageHeaders *headers = lf_http_exchange_get_request_headers (req->exchange);
  const char *log_type = soup_message_headers_get_one (headers, "X-Amz-Log-Type");

  if (log_type != NULL && !g_str_equal (log_type, "None") && !g_str_equal (log_type, "Tail"))
    {
      respond_user_error (req, 400, "InvalidParameterValueException",
                          "X-Amz-Log-Type must be None or Tail");
      return FALSE;
    }

  *tail = g_strcmp0 (log_type, "Tail") == 0;
  return TRUE;
}

/* The payload for the function: JSON within the type's limit, NULL when empty. FALSE after
 * answering 413 or 400. */
static gboolean
read_payload (Request                  *req,
              LfSandboxInvocationType   type,
              GBytes                  **payload)
{
  g_autoptr(GBytes) body = lf_http_exchange_get_body (req->exchange);
  gsize limit = type == LF_SANDBOX_INVOCATION_EVENT ? LF_SANDBOX_MAX_EVENT_PAYLOAD
                                                    : LF_SANDBOX_MAX_SYNC_PAYLOAD;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;

  *payload = NULL;
  if (g_bytes_get_size (body) > limit)
    {
      g_autofree char *message = _lf_sandbox_too_large_message (limit);

      respond_user_error (req, 413, "RequestTooLargeException", message);
      return FALSE;
    }
  if (g_bytes_get_size (body) == 0)
    return TRUE;

  parsed = lf_json_parse_bytes (body, &error);
  if (parsed == NULL)
    {
      g_autofree char *message =
        g_strdup_printf ("Could not parse request body into json: Could not parse payload "
                         "into json: %s", error->message);

      respond_user_error (req, 400, "InvalidRequestContentException", message);
      return FALSE;
    }

  *payload = g_steal_pointer (&body);
  return TRUE;
}

/* X-Amz-Client-Context: base64 of a JSON object, at most 3583 bytes once decoded; what the
 * function sees is that JSON. FALSE after answering 400. */
static gboolean
read_client_context (Request  *req,
                     char    **decoded)
{
  SoupMessageHeaders *headers = lf_http_exchange_get_request_headers (req->exchange);
  const char *header = soup_message_headers_get_one (headers, "X-Amz-Client-Context");
  g_autoptr(JsonNode) root = NULL;
  g_autofree guchar *data = NULL;
  gsize length = 0;

  *decoded = NULL;
  if (header == NULL || *header == '\0')
    return TRUE;

  for (const char *p = header; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '='))
      goto invalid;

  data = g_base64_decode (header, &length);
  if (length == 0 || length > MAX_CLIENT_CONTEXT)
    goto invalid;
  root = lf_json_parse ((const char *) data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto invalid;

  *decoded = g_strndup ((const char *) data, length);
  return TRUE;

invalid:
  respond_user_error (req, 400, "InvalidRequestContentException",
                      "Client context must be a valid Base64-encoded JSON object.");
  return FALSE;
}

/* The ARN the caller invoked, with its qualifier when it gave one. */
static char *
dup_invoked_arn (Request           *req,
                 LfSandboxFunction *function)
{
  g_autofree char *arn = lf_sandbox_function_dup_arn (function, req->self->settings);

  if (req->qualifier == NULL)
    return g_steal_pointer (&arn);
  return g_strconcat (arn, ":", req->qualifier, NULL);
}

static void
on_invoke_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Request *req = user_data;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  const char *function_error;

  if (!lf_sandbox_pool_invoke_finish (LF_SANDBOX_POOL (source), result, &error))
    {
      respond_error (req, error);
      return;
    }

  if (exchange_gone (req->exchange))
    {
      request_done (req);
      return;
    }

  headers = lf_http_exchange_get_response_headers (req->exchange);
  soup_message_headers_replace (headers, "X-Amz-Executed-Version", "$LATEST");
  function_error = lf_sandbox_invocation_get_function_error (req->invocation);
  if (function_error != NULL)
    soup_message_headers_replace (headers, "X-Amz-Function-Error", function_error);
  if (req->log_tail)
    {
      g_autofree char *log = lf_sandbox_invocation_dup_log_tail_base64 (req->invocation,
                                                                        LOG_TAIL_BYTES);
      soup_message_headers_replace (headers, "X-Amz-Log-Result", log);
    }

  lf_http_exchange_respond (req->exchange, 200, "application/json",
                            lf_sandbox_invocation_get_response (req->invocation));
  request_done (req);
}

/* What an Invoke (@streamed: InvokeWithResponseStream) asks, read and checked; FALSE once it
 * is answered: a mistake, or a DryRun's 204. */
static gboolean
read_invoke (Request                  *req,
             gboolean                  streamed,
             LfSandboxInvocationType  *type,
             LfSandboxFunction       **function,
             GBytes                  **payload,
             char                    **client_context)
{
  if (!read_invocation_type (req, type) || !read_log_type (req, &req->log_tail))
    return FALSE;
  if (streamed && *type == LF_SANDBOX_INVOCATION_EVENT)
    {
      respond_user_error (req, 400, "InvalidParameterValueException",
                          "InvokeWithResponseStream takes RequestResponse or DryRun, not Event");
      return FALSE;
    }
  *function = lookup_function (req);
  if (*function == NULL || !read_payload (req, *type, payload) ||
      !read_client_context (req, client_context))
    return FALSE;
  if (*type == LF_SANDBOX_INVOCATION_DRY_RUN)
    {
      respond_empty (req, 204);
      return FALSE;
    }
  return TRUE;
}

static void
handle_invoke (Request *req)
{
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *client_context = NULL;
  g_autofree char *arn = NULL;
  g_autoptr(LfSandboxInvocation) invocation = NULL;
  LfSandboxInvocationType type;
  LfSandboxFunction *function;
  LfSandboxPool *pool;

  if (!read_invoke (req, FALSE, &type, &function, &payload, &client_context))
    return;

  arn = dup_invoked_arn (req, function);
  invocation = lf_sandbox_invocation_new (req->request_id, type, payload, client_context, arn);
  pool = ensure_pool (req->self, function);

  if (type == LF_SANDBOX_INVOCATION_EVENT)
    {
      lf_sandbox_pool_enqueue_event (pool, invocation);
      respond_empty (req, 202);
      return;
    }

  /* Answered once the function has run, or the pool refused it. */
  req->invocation = g_steal_pointer (&invocation);
  lf_sandbox_pool_invoke_async (pool, req->invocation, NULL, on_invoke_done, req);
}

/* ---- InvokeWithResponseStream ----------------------------------------------------------- */

/* The 200 and its headers go out with the first frame: an error before it is a plain one. */
static void
begin_stream (Request *req)
{
  SoupMessageHeaders *headers;

  if (req->stream_begun || exchange_gone (req->exchange))
    return;
  req->stream_begun = TRUE;
  headers = lf_http_exchange_get_response_headers (req->exchange);
  soup_message_headers_replace (headers, "X-Amz-Executed-Version", "$LATEST");
  lf_http_exchange_begin_stream (req->exchange, 200, "application/vnd.amazon.eventstream");
}

static void
write_chunk_frame (Request *req,
                   GBytes  *chunk)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (chunk, &size);
  g_autoptr(GBytes) frame = NULL;

  begin_stream (req);
  if (exchange_gone (req->exchange))
    return;
  /* One frame carries at most what a client takes in one message. */
  for (gsize offset = 0; offset < size; offset += LF_EVENT_STREAM_MAX_PAYLOAD)
    {
      g_clear_pointer (&frame, g_bytes_unref);
      frame = lf_event_stream_encode_chunk (data + offset,
                                            MIN (size - offset, LF_EVENT_STREAM_MAX_PAYLOAD));
      lf_http_exchange_write_chunk (req->exchange, frame);
    }
}

static void
on_stream_chunk (LfSandboxInvocation *invocation,
                 GBytes              *chunk,
                 gpointer             user_data)
{
  write_chunk_frame (user_data, chunk);
}

/* InvokeComplete: ErrorCode and ErrorDetails when the function failed, and the log's tail. */
static char *
complete_json (Request      *req,
               const GError *error)
{
  LfSandboxInvocation *invocation = req->invocation;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (error != NULL)
    {
      guint status = 500;
      const char *type = NULL;

      /* The sandbox failed the call after the stream began (it is stopping, say). */
      json_builder_set_member_name (builder, "ErrorCode");
      json_builder_add_string_value (builder, lf_sandbox_error_to_aws (error, &status, &type));
      json_builder_set_member_name (builder, "ErrorDetails");
      json_builder_add_string_value (builder, error->message);
    }
  else if (lf_sandbox_invocation_get_function_error (invocation) != NULL)
    {
      g_autoptr(JsonNode) document = lf_json_parse_bytes (
        lf_sandbox_invocation_get_response (invocation), NULL);
      JsonObject *object = document && JSON_NODE_HOLDS_OBJECT (document)
                             ? json_node_get_object (document) : NULL;
      const char *type = lf_sandbox_invocation_get_error_type (invocation);
      const char *message = object ? lf_json_object_get_string_member_or_null (object,
                                                                              "errorMessage")
                                   : NULL;

      json_builder_set_member_name (builder, "ErrorCode");
      json_builder_add_string_value (builder, type ? type : "Unhandled");
      json_builder_set_member_name (builder, "ErrorDetails");
      json_builder_add_string_value (builder, message ? message : "");
    }
  if (req->log_tail)
    {
      g_autofree char *log = lf_sandbox_invocation_dup_log_tail_base64 (invocation,
                                                                        LOG_TAIL_BYTES);

      json_builder_set_member_name (builder, "LogResult");
      json_builder_add_string_value (builder, log);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return lf_json_to_text (root, 0);
}

static void
on_invoke_stream_done (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Request *req = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) frame = NULL;
  GBytes *response;

  if (!lf_sandbox_pool_invoke_finish (LF_SANDBOX_POOL (source), result, &error) &&
      !req->stream_begun)
    {
      respond_error (req, error);
      return;
    }
  g_clear_signal_handler (&req->chunk_handler, req->invocation);
  response = lf_sandbox_invocation_get_response (req->invocation);
  /* A function that does not stream answers whole: one chunk, as Lambda sends it. */
  if (error == NULL && lf_sandbox_invocation_get_function_error (req->invocation) == NULL &&
      lf_sandbox_invocation_get_streamed_bytes (req->invocation) == 0 && response != NULL &&
      g_bytes_get_size (response) > 0)
    write_chunk_frame (req, response);
  begin_stream (req);
  if (!exchange_gone (req->exchange))
    {
      json = complete_json (req, error);
      frame = lf_event_stream_encode_complete (json);
      lf_http_exchange_write_chunk (req->exchange, frame);
      lf_http_exchange_end_stream (req->exchange, NULL);
    }
  request_done (req);
}

static void
handle_invoke_stream (Request *req)
{
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *client_context = NULL;
  g_autofree char *arn = NULL;
  LfSandboxInvocationType type;
  LfSandboxFunction *function;
  LfSandboxPool *pool;

  if (!read_invoke (req, TRUE, &type, &function, &payload, &client_context))
    return;

  arn = dup_invoked_arn (req, function);
  req->invocation = lf_sandbox_invocation_new (req->request_id, type, payload, client_context,
                                               arn);
  lf_sandbox_invocation_set_streaming (req->invocation, TRUE);
  req->chunk_handler = g_signal_connect (req->invocation, "chunk", G_CALLBACK (on_stream_chunk),
                                         req);
  pool = ensure_pool (req->self, function);
  lf_sandbox_pool_invoke_async (pool, req->invocation, NULL, on_invoke_stream_done, req);
}

/* ---- admin ------------------------------------------------------------------------------- */

static void
handle_admin_status (Request *req)
{
  LfSandbox *self = req->self;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, self->url);
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, self->settings->region);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_string_value (builder, self->settings->account_id);
  json_builder_set_member_name (builder, "functions");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, self->pools);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_value (builder, lf_sandbox_pool_to_json (value));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  respond_json (req, 200, root);
}

static void
handle_admin_faults (Request *req)
{
  g_autoptr(JsonNode) faults = lf_sandbox_faults_to_json (req->self->faults);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "faults");
  json_builder_add_value (builder, g_steal_pointer (&faults));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  respond_json (req, 200, root);
}

static void
handle_admin_set_fault (Request *req)
{
  g_autoptr(GBytes) body = lf_http_exchange_get_body (req->exchange);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!lf_sandbox_function_is_valid_name (req->raw_name))
    {
      respond_user_error (req, 400, "InvalidParameterValueException",
                          "Faults are set per function name");
      return;
    }

  root = lf_json_parse_bytes (body, &error);
  if (root == NULL)
    {
      respond_user_error (req, 400, "InvalidRequestContentException", error->message);
      return;
    }

  if (!lf_sandbox_faults_set_json (req->self->faults, req->raw_name, root, &error))
    {
      respond_error (req, error);
      return;
    }

  handle_admin_faults (req);
}

/* ---- dispatch and faults ----------------------------------------------------------------- */

static void
dispatch (Request *req)
{
  switch (req->route)
    {
    case ROUTE_LIST_FUNCTIONS:
      handle_list_functions (req);
      break;
    case ROUTE_GET_FUNCTION:
      handle_get_function (req, FALSE);
      break;
    case ROUTE_GET_CONFIGURATION:
      handle_get_function (req, TRUE);
      break;
    case ROUTE_INVOKE:
      handle_invoke (req);
      break;
    case ROUTE_INVOKE_STREAM:
      handle_invoke_stream (req);
      break;
    case ROUTE_DELETE_FUNCTION:
      handle_delete_function (req);
      break;
    case ROUTE_ADMIN_STATUS:
      handle_admin_status (req);
      break;
    case ROUTE_ADMIN_FAULTS:
      handle_admin_faults (req);
      break;
    case ROUTE_ADMIN_SET_FAULT:
      handle_admin_set_fault (req);
      break;
    case ROUTE_ADMIN_CLEAR_FAULTS:
      lf_sandbox_faults_clear (req->self->faults, req->raw_name);
      respond_empty (req, 204);
      break;
    case ROUTE_UNKNOWN:
    default:
      _lf_sandbox_respond_aws_error (req->exchange, 404, "UnknownOperationException", NULL,
                                     "The requested operation is not supported by this endpoint",
                                     NULL);
      request_done (req);
      break;
    }
}

static void
apply_fault (Request *req)
{
  guint status = req->fault_status;

  switch (req->fault)
    {
    case LF_SANDBOX_FAULT_DROP:
      /* Gone without a word, as a reset connection looks to a client. */
      if (!exchange_gone (req->exchange))
        lf_http_exchange_abort (req->exchange);
      request_done (req);
      break;
    case LF_SANDBOX_FAULT_THROTTLE:
      _lf_sandbox_respond_aws_error (req->exchange, 429, "TooManyRequestsException", "User",
                                     "Rate Exceeded.", "CallerRateLimitExceeded");
      request_done (req);
      break;
    case LF_SANDBOX_FAULT_ERROR:
      _lf_sandbox_respond_aws_error (
        req->exchange, status,
        status == 503 ? "ServiceUnavailableException" : "ServiceException", "Service",
        status == 503 ? "The service is unavailable (fault injected by the sandbox)"
                      : "The service failed (fault injected by the sandbox)", NULL);
      request_done (req);
      break;
    case LF_SANDBOX_FAULT_NONE:
    default:
      dispatch (req);
      break;
    }
}

static gboolean
on_delay_elapsed (gpointer user_data)
{
  Request *req = user_data;

  if (req->self->stopping)
    {
      _lf_sandbox_respond_stopping (req->exchange);
      request_done (req);
    }
  else
    apply_fault (req);

  return G_SOURCE_REMOVE;
}

/* The faults in force for the function named: at once, or after the delay set for it. */
static void
apply_faults_of_function (Request *req)
{
  guint delay_ms = 0;

  req->fault = lf_sandbox_faults_take (req->self->faults, req->name, &delay_ms,
                                       &req->fault_status);
  if (delay_ms > 0)
    g_timeout_add (delay_ms, on_delay_elapsed, req);
  else
    apply_fault (req);
}

void
_lf_sandbox_api_handle (LfSandbox      *self,
                        LfHttpExchange *exchange)
{
  Request *req = request_new (self, exchange);
  const char *path = lf_http_exchange_get_path (exchange);
  const char *method = lf_http_exchange_get_method (exchange);

  if (g_str_has_prefix (path, API_PREFIX))
    req->route = parse_api_route (path + strlen (API_PREFIX), method, &req->raw_name);
  else if (g_str_has_prefix (path, STREAM_PREFIX))
    req->route = parse_stream_route (path + strlen (STREAM_PREFIX), method, &req->raw_name);
  else
    req->route = parse_admin_route (path, method, &req->raw_name);
  /* Admin routes take a plain name, and no fault stands in their way. */
  if (req->raw_name != NULL && req->route < ROUTE_ADMIN_STATUS &&
      !resolve_request_function (req))
    return;

  if (req->name == NULL)
    dispatch (req);
  else
    apply_faults_of_function (req);
}
