/* lf-schemas-client.c: EventBridge Schemas operations as calls of an LfAwsClient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-schemas"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-aws-error.h"
#include "lf-endpoint.h"
#include "lf-json-util.h"
#include "lf-schemas-client.h"

#define PAGE_LIMIT "100"

struct _LfSchemasClient
{
  GObject parent_instance;

  LfAwsClient *aws;
};

G_DEFINE_FINAL_TYPE (LfSchemasClient, lf_schemas_client, G_TYPE_OBJECT)

static void
lf_schemas_client_dispose (GObject *object)
{
  LfSchemasClient *self = (LfSchemasClient *) object;

  g_clear_object (&self->aws);
  G_OBJECT_CLASS (lf_schemas_client_parent_class)->dispose (object);
}

static void
lf_schemas_client_class_init (LfSchemasClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_schemas_client_dispose;
}

static void
lf_schemas_client_init (LfSchemasClient *self)
{
}

LfSchemasClient *
lf_schemas_client_new (LfCredentialsProvider  *provider,
                       const char             *region,
                       const char             *endpoint_url,
                       GError                **error)
{
  g_autoptr(LfAwsClient) aws = NULL;
  LfSchemasClient *self;

  g_return_val_if_fail (LF_IS_CREDENTIALS_PROVIDER (provider), NULL);

  aws = lf_aws_client_new (provider, "schemas", region, endpoint_url, error);
  if (aws == NULL)
    return NULL;
  self = g_object_new (LF_TYPE_SCHEMAS_CLIENT, NULL);
  self->aws = g_steal_pointer (&aws);
  return self;
}

LfSchemasClient *
lf_schemas_client_new_for_lambda (LfLambdaClient  *lambda,
                                  GError         **error)
{
  LfAwsClient *aws;
  const char *region;
  g_autofree char *aws_lambda = NULL;
  const char *endpoint;

  g_return_val_if_fail (LF_IS_LAMBDA_CLIENT (lambda), NULL);

  aws = lf_lambda_client_get_aws_client (lambda);
  region = lf_aws_client_get_region (aws);
  endpoint = lf_aws_client_get_endpoint (aws);
  aws_lambda = lf_endpoint_resolve (region, NULL, NULL);
  /* A custom endpoint (the sandbox, a stand-in) serves every API at one address. */
  return lf_schemas_client_new (lf_aws_client_get_provider (aws), region,
                                g_strcmp0 (endpoint, aws_lambda) == 0 ? NULL : endpoint, error);
}

LfAwsClient *
lf_schemas_client_get_aws_client (LfSchemasClient *self)
{
  g_return_val_if_fail (LF_IS_SCHEMAS_CLIENT (self), NULL);
  return self->aws;
}

/* Sending **********************************************************************************/

/* One call; for a list, the member its pages fill and the pages gathered so far. */
typedef struct
{
  char *method;
  char *path;            /* without the page's query */
  LfCallKind kind;
  GBytes *body;
  const char *list_member;
  JsonArray *items;
} Call;

static void
call_free (Call *call)
{
  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->items, json_array_unref);
  g_free (call);
}

static char *
registry_path (const char *registry,
               const char *schema)
{
  g_autofree char *escaped_registry = lf_aws_escape_segment (registry);
  g_autofree char *escaped_schema = schema ? lf_aws_escape_segment (schema) : NULL;

  if (schema == NULL)
    return g_strconcat ("/v1/registries/name/", escaped_registry, NULL);
  return g_strconcat ("/v1/registries/name/", escaped_registry, "/schemas/name/",
                      escaped_schema, NULL);
}

static JsonNode *
parse_answer (LfAwsResponse  *response,
              GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (g_bytes_get_size (response->body) == 0)
    return lf_json_node_take_object (json_object_new ());
  root = lf_json_parse_bytes (response->body, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_SERVICE,
                   _("The Schemas service's answer is not the JSON object expected%s%s"),
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return NULL;
    }
  return g_steal_pointer (&root);
}

static void send_call (GTask *task, const char *next_token);

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfAwsResponse) response = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object;
  JsonArray *page;
  const char *next_token;

  response = lf_aws_client_send_finish (LF_AWS_CLIENT (source), result, &error);
  if (response != NULL)
    answer = parse_answer (response, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (call->list_member == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_node_unref);
      return;
    }

  object = json_node_get_object (answer);
  page = json_object_has_member (object, call->list_member) &&
             JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, call->list_member))
           ? json_object_get_array_member (object, call->list_member)
           : NULL;
  for (guint i = 0; page != NULL && i < json_array_get_length (page); i++)
    json_array_add_element (call->items, json_array_dup_element (page, i));
  next_token = lf_json_object_get_string_member_or_null (object, "NextToken");
  if (next_token != NULL && *next_token != '\0')
    {
      send_call (g_steal_pointer (&task), next_token);
      return;
    }
  object = json_object_new ();
  json_object_set_array_member (object, call->list_member, json_array_ref (call->items));
  g_task_return_pointer (task, json_node_init_object (json_node_alloc (), object),
                         (GDestroyNotify) json_node_unref);
  json_object_unref (object);
}

static void
send_call (GTask      *task,
           const char *next_token)
{
  LfSchemasClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GString) path = g_string_new (call->path);
  LfAwsRequest *request;

  if (call->list_member != NULL)
    {
      lf_aws_append_query (path, "limit", PAGE_LIMIT);
      if (next_token != NULL)
        lf_aws_append_query (path, "nextToken", next_token);
    }
  request = lf_aws_request_new (call->method, path->str, call->kind);
  if (call->body != NULL)
    lf_aws_request_set_body (request, call->body, "application/json");
  lf_aws_client_send_async (self->aws, request, NULL, NULL, NULL, g_task_get_cancellable (task),
                            on_call_done, task);
}

/* Takes @path and @body (a JSON object, or NULL). */
static void
start_call (LfSchemasClient     *self,
            const char          *method,
            char                *path,
            LfCallKind           kind,
            JsonObject          *body,
            const char          *list_member,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  call->method = g_strdup (method);
  call->path = path;
  call->kind = kind;
  call->list_member = list_member;
  if (list_member != NULL)
    call->items = json_array_new ();
  if (body != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
      char *text = lf_json_to_text (node, 0);

      call->body = g_bytes_new_take (text, strlen (text));
      json_object_unref (body);
    }
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  send_call (task, NULL);
}

JsonNode *
lf_schemas_client_call_finish (LfSchemasClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Operations *******************************************************************************/

void
lf_schemas_client_describe_registry_async (LfSchemasClient     *self,
                                           const char          *registry,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (LF_IS_SCHEMAS_CLIENT (self));
  start_call (self, "GET", registry_path (registry, NULL), LF_CALL_READ, NULL, NULL,
              lf_schemas_client_describe_registry_async, cancellable, callback, user_data);
}

void
lf_schemas_client_create_registry_async (LfSchemasClient     *self,
                                         const char          *registry,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (LF_IS_SCHEMAS_CLIENT (self));
  /* A second creation fails with a conflict, which callers take as "it exists". */
  start_call (self, "POST", registry_path (registry, NULL), LF_CALL_IDEMPOTENT_WRITE,
              json_object_new (), NULL, lf_schemas_client_create_registry_async, cancellable,
              callback, user_data);
}

void
lf_schemas_client_list_schemas_async (LfSchemasClient     *self,
                                      const char          *registry,
                                      const char          *prefix,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *base = NULL;
  GString *path;

  g_return_if_fail (LF_IS_SCHEMAS_CLIENT (self));
  base = registry_path (registry, NULL);
  path = g_string_new (base);
  g_string_append (path, "/schemas");
  if (prefix != NULL && *prefix != '\0')
    lf_aws_append_query (path, "schemaNamePrefix", prefix);
  start_call (self, "GET", g_string_free (path, FALSE), LF_CALL_READ, NULL, "Schemas",
              lf_schemas_client_list_schemas_async, cancellable, callback, user_data);
}

void
lf_schemas_client_describe_schema_async (LfSchemasClient     *self,
                                         const char          *registry,
                                         const char          *schema,
                                         const char          *version,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *base = NULL;
  GString *path;

  g_return_if_fail (LF_IS_SCHEMAS_CLIENT (self));
  base = registry_path (registry, schema);
  path = g_string_new (base);
  if (version != NULL)
    lf_aws_append_query (path, "schemaVersion", version);
  start_call (self, "GET", g_string_free (path, FALSE), LF_CALL_READ, NULL, NULL,
              lf_schemas_client_describe_schema_async, cancellable, callback, user_data);
}

static JsonObject *
content_body (const char *content,
              const char *type)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "Content", content);
  json_object_set_string_member (body, "Type", type);
  return body;
}

void
lf_schemas_client_create_schema_async (LfSchemasClient     *self,
                                       const char          *registry,
                                       const char          *schema,
                                       const char          *content,
                                       const char          *type,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (LF_IS_SCHEMAS_CLIENT (self));
  start_call (self, "POST", registry_path (registry, schema), LF_CALL_IDEMPOTENT_WRITE,
              content_body (content, type), NULL, lf_schemas_client_create_schema_async,
              cancellable, callback, user_data);
}

void
lf_schemas_client_update_schema_async (LfSchemasClient     *self,
                                       const char          *registry,
                                       const char          *schema,
                                       const char          *content,
                                       const char          *type,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  JsonObject *body;
  g_autofree char *token = g_uuid_string_random ();

  g_return_if_fail (LF_IS_SCHEMAS_CLIENT (self));
  body = content_body (content, type);
  /* The same token on a retry makes the update happen once, as the SDKs do. */
  json_object_set_string_member (body, "ClientTokenId", token);
  start_call (self, "PUT", registry_path (registry, schema), LF_CALL_IDEMPOTENT_WRITE, body,
              NULL, lf_schemas_client_update_schema_async, cancellable, callback, user_data);
}

void
lf_schemas_client_delete_schema_async (LfSchemasClient     *self,
                                       const char          *registry,
                                       const char          *schema,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (LF_IS_SCHEMAS_CLIENT (self));
  start_call (self, "DELETE", registry_path (registry, schema), LF_CALL_IDEMPOTENT_WRITE, NULL,
              NULL, lf_schemas_client_delete_schema_async, cancellable, callback, user_data);
}

void
lf_schemas_client_list_schema_versions_async (LfSchemasClient     *self,
                                              const char          *registry,
                                              const char          *schema,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autofree char *base = NULL;

  g_return_if_fail (LF_IS_SCHEMAS_CLIENT (self));
  base = registry_path (registry, schema);
  start_call (self, "GET", g_strconcat (base, "/versions", NULL), LF_CALL_READ, NULL,
              "SchemaVersions", lf_schemas_client_list_schema_versions_async, cancellable,
              callback, user_data);
}

void
lf_schemas_client_delete_schema_version_async (LfSchemasClient     *self,
                                               const char          *registry,
                                               const char          *schema,
                                               const char          *version,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autofree char *base = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (LF_IS_SCHEMAS_CLIENT (self));
  base = registry_path (registry, schema);
  escaped = lf_aws_escape_segment (version);
  start_call (self, "DELETE", g_strconcat (base, "/version/", escaped, NULL),
              LF_CALL_IDEMPOTENT_WRITE, NULL, NULL, lf_schemas_client_delete_schema_version_async,
              cancellable, callback, user_data);
}
