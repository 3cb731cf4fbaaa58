/* lf-shared-events.c: shareable test events in the Schemas registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-events"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "lf-aws-error.h"
#include "lf-json-util.h"
#include "lf-shared-events.h"

#define NO_CHANGE_MESSAGE "No change since the previous"

char *
lf_shared_events_schema_name (const char *function)
{
  return g_strconcat ("_", function, "-schema", NULL);
}

/* The document ******************************************************************************/

/* components.examples, made when @create and missing. */
static JsonObject *
document_examples (JsonNode *document,
                   gboolean  create)
{
  JsonObject *components = lf_json_object_get_object_member_or_null (json_node_get_object (document),
                                                                    "components");
  JsonObject *examples = lf_json_object_get_object_member_or_null (components, "examples");

  if (examples == NULL && create && components != NULL)
    {
      examples = json_object_new ();
      json_object_set_object_member (components, "examples", examples);
    }
  return examples;
}

JsonNode *
lf_shared_events_document_parse (const char  *content,
                                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) document = lf_json_parse (content, -1, &local_error);

  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document) ||
      lf_json_object_get_object_member_or_null (json_node_get_object (document), "components") ==
        NULL)
    {
      g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_INVALID_FILE,
                   _("The shared events are not the OpenAPI document expected%s%s"),
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return NULL;
    }
  return g_steal_pointer (&document);
}

JsonNode *
lf_json_schema_infer (JsonNode *value)
{
  JsonObject *schema = json_object_new ();
  const char *type = "null";

  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);
      JsonObject *properties = json_object_new ();
      JsonArray *required = json_array_new ();
      g_autoptr(GList) members = json_object_get_members (object);

      type = "object";
      for (GList *l = members; l != NULL; l = l->next)
        {
          json_object_set_member (properties, l->data,
                                  lf_json_schema_infer (json_object_get_member (object, l->data)));
          json_array_add_string_element (required, l->data);
        }
      json_object_set_array_member (schema, "required", required);
      json_object_set_object_member (schema, "properties", properties);
    }
  else if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);

      type = "array";
      if (json_array_get_length (array) > 0)
        json_object_set_member (schema, "items",
                                lf_json_schema_infer (json_array_get_element (array, 0)));
    }
  else if (JSON_NODE_HOLDS_VALUE (value))
    {
      switch (json_node_get_value_type (value))
        {
        case G_TYPE_INT64: type = "integer"; break;
        case G_TYPE_DOUBLE: type = "number"; break;
        case G_TYPE_BOOLEAN: type = "boolean"; break;
        default: type = "string"; break;
        }
    }
  /* "type" first, as people write it. */
  {
    JsonObject *ordered = json_object_new ();
    g_autoptr(GList) members = json_object_get_members (schema);

    json_object_set_string_member (ordered, "type", type);
    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (ordered, l->data,
                              json_node_copy (json_object_get_member (schema, l->data)));
    json_object_unref (schema);
    return lf_json_node_take_object (ordered);
  }
}

JsonNode *
lf_shared_events_document_new (JsonNode *first)
{
  JsonObject *document = json_object_new ();
  JsonObject *info = json_object_new ();
  JsonObject *components = json_object_new ();
  JsonObject *schemas = json_object_new ();

  json_object_set_string_member (document, "openapi", "3.0.0");
  json_object_set_string_member (info, "version", "1.0.0");
  json_object_set_string_member (info, "title", "Event");
  json_object_set_object_member (document, "info", info);
  json_object_set_object_member (document, "paths", json_object_new ());
  json_object_set_member (schemas, "Event", lf_json_schema_infer (first));
  json_object_set_object_member (components, "schemas", schemas);
  json_object_set_object_member (components, "examples", json_object_new ());
  json_object_set_object_member (document, "components", components);
  return lf_json_node_take_object (document);
}

GPtrArray *
lf_shared_events_document_list (JsonNode *document)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *examples = document_examples (document, FALSE);
  g_autoptr(GList) names = examples ? json_object_get_members (examples) : NULL;

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *example = lf_json_object_get_object_member_or_null (examples, l->data);
      JsonNode *value = example ? json_object_get_member (example, "value") : NULL;
      JsonObject *metadata = lf_json_object_get_object_member_or_null (example, "x-metadata");
      LfTestEvent *event;

      /* An example without a value is not an event the console made; skip it. */
      if (value == NULL)
        continue;
      event = lf_test_event_new (l->data, value, LF_TEST_EVENT_SHARED);
      if (metadata != NULL)
        lf_test_event_set_invocation_type (
          event, lf_json_object_get_string_member_or_null (metadata, "invocationType"));
      g_ptr_array_add (events, event);
    }
  return events;
}

void
lf_shared_events_document_put (JsonNode    *document,
                               LfTestEvent *event)
{
  JsonObject *examples = document_examples (document, TRUE);
  JsonObject *example = json_object_new ();
  JsonObject *metadata = json_object_new ();
  const char *type = lf_test_event_get_invocation_type (event);

  g_return_if_fail (examples != NULL);

  json_object_set_member (example, "value", json_node_copy (lf_test_event_get_payload (event)));
  json_object_set_string_member (metadata, "invocationType", type ? type : "RequestResponse");
  json_object_set_object_member (example, "x-metadata", metadata);
  json_object_set_object_member (examples, lf_test_event_get_name (event), example);
}

gboolean
lf_shared_events_document_remove (JsonNode   *document,
                                  const char *name)
{
  JsonObject *examples = document_examples (document, FALSE);

  if (examples == NULL || !json_object_has_member (examples, name))
    return FALSE;
  json_object_remove_member (examples, name);
  return TRUE;
}

guint
lf_shared_events_document_count (JsonNode *document)
{
  JsonObject *examples = document_examples (document, FALSE);

  return examples ? json_object_get_size (examples) : 0;
}

char *
lf_shared_events_document_to_content (JsonNode  *document,
                                      GError   **error)
{
  g_autofree char *content = lf_json_to_text (document, 0);
  glong length = g_utf8_strlen (content, -1);

  if (length > LF_SHARED_EVENTS_MAX_CONTENT)
    {
      g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_TOO_LARGE,
                   _("The function’s shared events would take %ld characters; AWS keeps at most "
                     "%d for one function"),
                   length, LF_SHARED_EVENTS_MAX_CONTENT);
      return NULL;
    }
  return g_steal_pointer (&content);
}

/* Listing ***********************************************************************************/

static gboolean
is_not_found (const GError *error)
{
  return g_error_matches (error, LF_AWS_ERROR, LF_AWS_ERROR_NOT_FOUND);
}

static void
on_list_described (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) document = NULL;
  const char *content;

  answer = lf_schemas_client_call_finish (LF_SCHEMAS_CLIENT (source), result, &error);
  if (answer == NULL && is_not_found (error))
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  content = lf_json_object_get_string_member_or_null (json_node_get_object (answer), "Content");
  document = lf_shared_events_document_parse (content ? content : "", &error);
  if (document == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, lf_shared_events_document_list (document),
                           (GDestroyNotify) g_ptr_array_unref);
}

void
lf_shared_events_list_async (LfSchemasClient     *client,
                             const char          *function,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  g_autofree char *schema = lf_shared_events_schema_name (function);

  g_task_set_source_tag (task, lf_shared_events_list_async);
  lf_schemas_client_describe_schema_async (client, LF_SHARED_EVENTS_REGISTRY, schema, NULL,
                                           cancellable, on_list_described, task);
}

GPtrArray *
lf_shared_events_list_finish (LfSchemasClient  *client,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Saving and deleting ***********************************************************************/

/* One change of a function's schema, from the registry's existence to the update. */
typedef struct
{
  char *schema;
  LfTestEvent *event;      /* to save; NULL when deleting */
  char *name;              /* to delete */
  gboolean replace;
  JsonNode *document;
  char *content;
} Change;

static void
change_free (Change *change)
{
  g_free (change->schema);
  g_clear_object (&change->event);
  g_free (change->name);
  g_clear_pointer (&change->document, json_node_unref);
  g_free (change->content);
  g_free (change);
}

static LfSchemasClient *
task_client (GTask *task)
{
  return g_task_get_source_object (task);
}

static void
on_updated (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *message;

  answer = lf_schemas_client_call_finish (LF_SCHEMAS_CLIENT (source), result, &error);
  message = error ? lf_aws_error_get_aws_message (error) : NULL;
  /* Saving an event exactly as it was is no change to report. */
  if (answer == NULL && message != NULL && strstr (message, NO_CHANGE_MESSAGE) != NULL)
    g_clear_error (&error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
update (GTask *task)
{
  Change *change = g_task_get_task_data (task);

  lf_schemas_client_update_schema_async (task_client (task), LF_SHARED_EVENTS_REGISTRY,
                                         change->schema, change->content, "OpenApi3",
                                         g_task_get_cancellable (task), on_updated, task);
}

static void
on_version_pruned (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = lf_schemas_client_call_finish (LF_SCHEMAS_CLIENT (source), result, &error);
  if (answer == NULL && !is_not_found (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  update (task);
}

static int
compare_versions (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = g_ascii_strtoll (*(const char **) a, NULL, 10);
  gint64 y = g_ascii_strtoll (*(const char **) b, NULL, 10);

  return (x > y) - (x < y);
}

/* Like SAM CLI, keeps the registry from growing a version per save: the oldest goes once
 * there are five. */
static void
on_versions_listed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Change *change = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) versions = g_ptr_array_new ();
  JsonObject *object;
  JsonNode *list;

  answer = lf_schemas_client_call_finish (LF_SCHEMAS_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  object = json_node_get_object (answer);
  list = json_object_get_member (object, "SchemaVersions");
  for (guint i = 0; list && JSON_NODE_HOLDS_ARRAY (list) &&
                    i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (list), i);
      const char *version = JSON_NODE_HOLDS_OBJECT (item)
        ? lf_json_object_get_string_member_or_null (json_node_get_object (item), "SchemaVersion")
        : NULL;

      if (version != NULL)
        g_ptr_array_add (versions, (gpointer) version);
    }
  if (versions->len < LF_SHARED_EVENTS_MAX_VERSIONS)
    {
      update (task);
      return;
    }
  g_ptr_array_sort (versions, compare_versions);
  lf_schemas_client_delete_schema_version_async (task_client (task), LF_SHARED_EVENTS_REGISTRY,
                                                 change->schema, versions->pdata[0],
                                                 g_task_get_cancellable (task),
                                                 on_version_pruned, task);
}

static void
prune_then_update (GTask *task)
{
  Change *change = g_task_get_task_data (task);

  lf_schemas_client_list_schema_versions_async (task_client (task), LF_SHARED_EVENTS_REGISTRY,
                                                change->schema, g_task_get_cancellable (task),
                                                on_versions_listed, task);
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = lf_schemas_client_call_finish (LF_SCHEMAS_CLIENT (source), result, &error);
  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_deleted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  on_created (source, result, user_data);
}

/* The schema as it is: what to change in it. */
static gboolean
apply_change (GTask   *task,
              GError **error)
{
  Change *change = g_task_get_task_data (task);
  g_autoptr(GPtrArray) existing = lf_shared_events_document_list (change->document);
  gboolean found = FALSE;
  const char *name = change->event ? lf_test_event_get_name (change->event) : change->name;

  for (guint i = 0; i < existing->len; i++)
    found |= g_str_equal (lf_test_event_get_name (existing->pdata[i]), name);

  if (change->event == NULL)
    {
      if (!found || !lf_shared_events_document_remove (change->document, name))
        {
          g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_NOT_FOUND,
                       _("There is no shared event named “%s”"), name);
          return FALSE;
        }
      return TRUE;
    }
  if (found && !change->replace)
    {
      g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_EXISTS,
                   _("A shared event named “%s” exists already"), name);
      return FALSE;
    }
  lf_shared_events_document_put (change->document, change->event);
  return TRUE;
}

static void
on_change_described (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Change *change = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *content;
  GCancellable *cancellable = g_task_get_cancellable (task);
  LfSchemasClient *client = task_client (task);

  answer = lf_schemas_client_call_finish (LF_SCHEMAS_CLIENT (source), result, &error);
  if (answer == NULL && is_not_found (error) && change->event != NULL)
    {
      /* The function's first shared event. */
      change->document = lf_shared_events_document_new (lf_test_event_get_payload (change->event));
      lf_shared_events_document_put (change->document, change->event);
      change->content = lf_shared_events_document_to_content (change->document, &error);
      if (change->content == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        lf_schemas_client_create_schema_async (client, LF_SHARED_EVENTS_REGISTRY,
                                               change->schema, change->content, "OpenApi3",
                                               cancellable, on_created, g_steal_pointer (&task));
      return;
    }
  if (answer == NULL && is_not_found (error))
    {
      g_task_return_new_error (task, LF_EVENTS_ERROR, LF_EVENTS_ERROR_NOT_FOUND,
                               _("There is no shared event named “%s”"), change->name);
      return;
    }
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  content = lf_json_object_get_string_member_or_null (json_node_get_object (answer), "Content");
  change->document = lf_shared_events_document_parse (content ? content : "", &error);
  if (change->document == NULL || !apply_change (task, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (lf_shared_events_document_count (change->document) == 0)
    {
      /* As SAM CLI does: the last event takes the schema with it. */
      lf_schemas_client_delete_schema_async (client, LF_SHARED_EVENTS_REGISTRY,
                                             change->schema, cancellable, on_deleted,
                                             g_steal_pointer (&task));
      return;
    }
  change->content = lf_shared_events_document_to_content (change->document, &error);
  if (change->content == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    prune_then_update (g_steal_pointer (&task));
}

static void
describe_schema (GTask *task)
{
  Change *change = g_task_get_task_data (task);

  lf_schemas_client_describe_schema_async (task_client (task), LF_SHARED_EVENTS_REGISTRY,
                                           change->schema, NULL, g_task_get_cancellable (task),
                                           on_change_described, task);
}

static void
on_registry_created (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = lf_schemas_client_call_finish (LF_SCHEMAS_CLIENT (source), result, &error);
  /* Someone else made it in the meantime: as good. */
  if (answer == NULL && g_strcmp0 (lf_aws_error_get_aws_code (error), "ConflictException") != 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  describe_schema (task);
}

static void
on_registry_described (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = lf_schemas_client_call_finish (LF_SCHEMAS_CLIENT (source), result, &error);
  if (answer == NULL && is_not_found (error))
    {
      lf_schemas_client_create_registry_async (task_client (task), LF_SHARED_EVENTS_REGISTRY,
                                               g_task_get_cancellable (task),
                                               on_registry_created, task);
      return;
    }
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  describe_schema (task);
}

static GTask *
change_task_new (LfSchemasClient     *client,
                 const char          *function,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  Change *change = g_new0 (Change, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  change->schema = lf_shared_events_schema_name (function);
  g_task_set_task_data (task, change, (GDestroyNotify) change_free);
  return task;
}

void
lf_shared_events_save_async (LfSchemasClient     *client,
                             const char          *function,
                             LfTestEvent         *event,
                             gboolean             replace,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Change *change;
  GError *error = NULL;

  g_return_if_fail (LF_IS_SCHEMAS_CLIENT (client));
  g_return_if_fail (LF_IS_TEST_EVENT (event));

  task = change_task_new (client, function, lf_shared_events_save_async, cancellable, callback,
                          user_data);
  change = g_task_get_task_data (task);
  change->event = g_object_ref (event);
  change->replace = replace;
  if (!lf_test_event_check_name (lf_test_event_get_name (event), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  lf_schemas_client_describe_registry_async (client, LF_SHARED_EVENTS_REGISTRY, cancellable,
                                             on_registry_described, task);
}

void
lf_shared_events_delete_async (LfSchemasClient     *client,
                               const char          *function,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Change *change;

  g_return_if_fail (LF_IS_SCHEMAS_CLIENT (client));
  g_return_if_fail (name != NULL);

  task = change_task_new (client, function, lf_shared_events_delete_async, cancellable, callback,
                          user_data);
  change = g_task_get_task_data (task);
  change->name = g_strdup (name);
  describe_schema (task);
}

gboolean
lf_shared_events_change_finish (LfSchemasClient  *client,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
