/* lf-sandbox-schemas.c: the sandbox's Schemas registry
 *
 * The state is one JSON object, which is also what the file holds:
 *   {"registries": {R: {"Description", "schemas": {S: {"Type", "Description", "LastModified",
 *                   "NextVersion", "Versions": [{"SchemaVersion", "Content",
 *                   "VersionCreatedDate"}]}}}}}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <string.h>

#include "lf-json-util.h"
#include "lf-sandbox-schemas.h"
#include "lf-shared-events.h"

#define MAX_CONTENT 100000
#define MAX_NAME 385
#define DEFAULT_LIMIT 100
#define MAX_DISCOVER_EVENTS 10

struct _LfSandboxSchemas
{
  GObject parent_instance;

  char *region;
  char *account_id;
  char *file;
  JsonNode *state;
};

G_DEFINE_FINAL_TYPE (LfSandboxSchemas, lf_sandbox_schemas, G_TYPE_OBJECT)

static void
lf_sandbox_schemas_finalize (GObject *object)
{
  LfSandboxSchemas *self = (LfSandboxSchemas *) object;

  g_free (self->region);
  g_free (self->account_id);
  g_free (self->file);
  g_clear_pointer (&self->state, json_node_unref);
  G_OBJECT_CLASS (lf_sandbox_schemas_parent_class)->finalize (object);
}

static void
lf_sandbox_schemas_class_init (LfSandboxSchemasClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_sandbox_schemas_finalize;
}

static JsonNode *
empty_state (void)
{
  JsonObject *root = json_object_new ();

  json_object_set_object_member (root, "registries", json_object_new ());
  return lf_json_node_take_object (root);
}

static void
lf_sandbox_schemas_init (LfSandboxSchemas *self)
{
  self->state = empty_state ();
}

LfSandboxSchemas *
lf_sandbox_schemas_new (const char *region,
                        const char *account_id)
{
  LfSandboxSchemas *self = g_object_new (LF_TYPE_SANDBOX_SCHEMAS, NULL);

  self->region = g_strdup (region);
  self->account_id = g_strdup (account_id);
  return self;
}

static JsonObject *
registries (LfSandboxSchemas *self)
{
  return lf_json_object_get_object_member_or_null (json_node_get_object (self->state),
                                                   "registries");
}

gboolean
lf_sandbox_schemas_set_file (LfSandboxSchemas  *self,
                             const char        *path,
                             GError           **error)
{
  g_autoptr(JsonNode) state = NULL;

  g_return_val_if_fail (LF_IS_SANDBOX_SCHEMAS (self), FALSE);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      state = lf_json_parse_file (path, error);
      if (state == NULL)
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (state) ||
          lf_json_object_get_object_member_or_null (json_node_get_object (state), "registries") ==
            NULL)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "%s does not hold the sandbox's registries", path);
          return FALSE;
        }
      g_clear_pointer (&self->state, json_node_unref);
      self->state = g_steal_pointer (&state);
    }
  g_free (self->file);
  self->file = g_strdup (path);
  return TRUE;
}

static void
save (LfSandboxSchemas *self)
{
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;

  if (self->file == NULL)
    return;
  text = lf_json_to_text (self->state, 2);
  dir = g_path_get_dirname (self->file);
  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents_full (self->file, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &error))
    g_warning ("The registries could not be kept in %s: %s", self->file, error->message);
}

/* Answers ***********************************************************************************/

static void
answer_error (LfSchemasAnswer *answer,
              guint            status,
              const char      *code,
              const char      *format,
              ...) G_GNUC_PRINTF (4, 5);

static void
answer_error (LfSchemasAnswer *answer,
              guint            status,
              const char      *code,
              const char      *format,
              ...)
{
  JsonObject *body = json_object_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  json_object_set_string_member (body, "Code", code);
  json_object_set_string_member (body, "Message", message);
  answer->status = status;
  answer->code = code;
  answer->body = lf_json_node_take_object (body);
}

static void
answer_object (LfSchemasAnswer *answer,
               guint            status,
               JsonObject      *body)
{
  answer->status = status;
  answer->body = lf_json_node_take_object (body);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Registries ********************************************************************************/

static JsonObject *
registry_answer (LfSandboxSchemas *self,
                 const char       *name,
                 JsonObject       *registry)
{
  JsonObject *body = json_object_new ();
  g_autofree char *arn = g_strdup_printf ("arn:aws:schemas:%s:%s:registry/%s", self->region,
                                          self->account_id, name);

  json_object_set_string_member (body, "RegistryName", name);
  json_object_set_string_member (body, "RegistryArn", arn);
  json_object_set_string_member (body, "Description",
                                 json_object_get_string_member_with_default (registry,
                                                                             "Description", ""));
  json_object_set_object_member (body, "tags", json_object_new ());
  return body;
}

static JsonObject *
find_registry (LfSandboxSchemas *self,
               const char       *name,
               LfSchemasAnswer  *answer)
{
  JsonObject *registry = lf_json_object_get_object_member_or_null (registries (self), name);

  if (registry == NULL)
    answer_error (answer, 404, "NotFoundException", "Registry %s does not exist.", name);
  return registry;
}

static void
create_registry (LfSandboxSchemas *self,
                 const char       *name,
                 JsonObject       *request,
                 LfSchemasAnswer  *answer)
{
  JsonObject *registry;

  if (lf_json_object_get_object_member_or_null (registries (self), name) != NULL)
    {
      answer_error (answer, 409, "ConflictException", "Registry with name %s already exists.",
                    name);
      return;
    }
  registry = json_object_new ();
  json_object_set_string_member (
    registry, "Description",
    request ? json_object_get_string_member_with_default (request, "Description", "") : "");
  json_object_set_object_member (registry, "schemas", json_object_new ());
  json_object_set_object_member (registries (self), name, registry);
  save (self);
  answer_object (answer, 201, registry_answer (self, name, registry));
}

/* Schemas ***********************************************************************************/

static JsonArray *
versions_of (JsonObject *schema)
{
  return json_object_get_array_member (schema, "Versions");
}

static JsonObject *
latest_version (JsonObject *schema)
{
  JsonArray *versions = versions_of (schema);
  guint n = json_array_get_length (versions);

  return n > 0 ? json_array_get_object_element (versions, n - 1) : NULL;
}

static JsonObject *
find_version (JsonObject *schema,
              const char *number)
{
  JsonArray *versions = versions_of (schema);

  if (number == NULL)
    return latest_version (schema);
  for (guint i = 0; i < json_array_get_length (versions); i++)
    {
      JsonObject *version = json_array_get_object_element (versions, i);

      if (g_strcmp0 (json_object_get_string_member (version, "SchemaVersion"), number) == 0)
        return version;
    }
  return NULL;
}

static JsonObject *
schema_answer (LfSandboxSchemas *self,
               const char       *registry,
               const char       *name,
               JsonObject       *schema,
               JsonObject       *version,
               gboolean          with_content)
{
  JsonObject *body = json_object_new ();
  g_autofree char *arn = g_strdup_printf ("arn:aws:schemas:%s:%s:schema/%s/%s", self->region,
                                          self->account_id, registry, name);

  if (with_content)
    json_object_set_string_member (body, "Content",
                                   json_object_get_string_member (version, "Content"));
  json_object_set_string_member (body, "Description",
                                 json_object_get_string_member_with_default (schema,
                                                                             "Description", ""));
  json_object_set_string_member (body, "LastModified",
                                 json_object_get_string_member (schema, "LastModified"));
  json_object_set_string_member (body, "SchemaArn", arn);
  json_object_set_string_member (body, "SchemaName", name);
  json_object_set_string_member (body, "SchemaVersion",
                                 json_object_get_string_member (version, "SchemaVersion"));
  json_object_set_string_member (body, "Type", json_object_get_string_member (schema, "Type"));
  json_object_set_string_member (body, "VersionCreatedDate",
                                 json_object_get_string_member (version, "VersionCreatedDate"));
  json_object_set_object_member (body, "tags", json_object_new ());
  return body;
}

/* Content and Type as the service checks them: Type one of two, Content JSON of 1 to 100,000
 * characters. @required: CreateSchema needs both. */
static gboolean
check_content (JsonObject      *request,
               gboolean         required,
               LfSchemasAnswer *answer)
{
  const char *content = request ? lf_json_object_get_string_member_or_null (request, "Content")
                                : NULL;
  const char *type = request ? lf_json_object_get_string_member_or_null (request, "Type") : NULL;
  g_autoptr(JsonNode) parsed = NULL;

  if (required && (content == NULL || type == NULL))
    {
      answer_error (answer, 400, "BadRequestException", "Content and Type are required.");
      return FALSE;
    }
  if (type != NULL && !g_str_equal (type, "OpenApi3") && !g_str_equal (type, "JSONSchemaDraft4"))
    {
      answer_error (answer, 400, "BadRequestException",
                    "Type must be one of OpenApi3, JSONSchemaDraft4.");
      return FALSE;
    }
  if (content == NULL)
    return TRUE;
  if (*content == '\0' || g_utf8_strlen (content, -1) > MAX_CONTENT)
    {
      answer_error (answer, 400, "BadRequestException",
                    "Content must be between 1 and %d characters long.", MAX_CONTENT);
      return FALSE;
    }
  parsed = lf_json_parse (content, -1, NULL);
  if (parsed == NULL || !JSON_NODE_HOLDS_OBJECT (parsed))
    {
      answer_error (answer, 400, "BadRequestException", "Invalid Schema: the content is not a "
                    "JSON object.");
      return FALSE;
    }
  return TRUE;
}

static void
add_version (JsonObject *schema,
             const char *content)
{
  JsonObject *version = json_object_new ();
  gint64 number = json_object_get_int_member_with_default (schema, "NextVersion", 1);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  g_autofree char *now = now_iso8601 ();

  json_object_set_string_member (version, "SchemaVersion", text);
  json_object_set_string_member (version, "Content", content);
  json_object_set_string_member (version, "VersionCreatedDate", now);
  json_array_add_object_element (versions_of (schema), version);
  json_object_set_int_member (schema, "NextVersion", number + 1);
  json_object_set_string_member (schema, "LastModified", now);
}

static void
create_schema (LfSandboxSchemas *self,
               const char       *registry_name,
               JsonObject       *registry,
               const char       *name,
               JsonObject       *request,
               LfSchemasAnswer  *answer)
{
  JsonObject *schemas = lf_json_object_get_object_member_or_null (registry, "schemas");
  JsonObject *schema;

  if (lf_json_object_get_object_member_or_null (schemas, name) != NULL)
    {
      answer_error (answer, 409, "ConflictException", "Schema with name %s already exists.",
                    name);
      return;
    }
  if (!check_content (request, TRUE, answer))
    return;
  schema = json_object_new ();
  json_object_set_string_member (schema, "Type", json_object_get_string_member (request, "Type"));
  json_object_set_string_member (
    schema, "Description", json_object_get_string_member_with_default (request, "Description", ""));
  json_object_set_array_member (schema, "Versions", json_array_new ());
  add_version (schema, json_object_get_string_member (request, "Content"));
  json_object_set_object_member (schemas, name, schema);
  save (self);
  answer_object (answer, 201, schema_answer (self, registry_name, name, schema,
                                             latest_version (schema), FALSE));
}

static void
update_schema (LfSandboxSchemas *self,
               const char       *registry_name,
               JsonObject       *schema,
               const char       *name,
               JsonObject       *request,
               LfSchemasAnswer  *answer)
{
  const char *content = request ? lf_json_object_get_string_member_or_null (request, "Content")
                                : NULL;
  const char *type = request ? lf_json_object_get_string_member_or_null (request, "Type") : NULL;
  JsonObject *latest = latest_version (schema);

  if (!check_content (request, FALSE, answer))
    return;
  if (content == NULL ||
      (latest && g_str_equal (content, json_object_get_string_member (latest, "Content"))))
    {
      answer_error (answer, 409, "ConflictException",
                    "No change since the previous version of the schema.");
      return;
    }
  if (type != NULL)
    json_object_set_string_member (schema, "Type", type);
  add_version (schema, content);
  save (self);
  answer_object (answer, 200, schema_answer (self, registry_name, name, schema,
                                             latest_version (schema), FALSE));
}

/* Lists *************************************************************************************/

/* One page of @items (taken) as @member, from the offset the token names. */
static void
answer_page (GHashTable      *query,
             const char      *member,
             JsonArray       *items,
             LfSchemasAnswer *answer)
{
  const char *limit_text = query ? g_hash_table_lookup (query, "limit") : NULL;
  const char *token = query ? g_hash_table_lookup (query, "nextToken") : NULL;
  guint64 limit = DEFAULT_LIMIT, offset = 0;
  JsonObject *body = json_object_new ();
  JsonArray *page = json_array_new ();
  guint n = json_array_get_length (items);

  if ((limit_text && (!g_ascii_string_to_unsigned (limit_text, 10, 1, 100, &limit, NULL))) ||
      (token && !g_ascii_string_to_unsigned (token, 10, 0, n, &offset, NULL)))
    {
      json_array_unref (page);
      json_array_unref (items);
      json_object_unref (body);
      answer_error (answer, 400, "BadRequestException", "Invalid limit or nextToken.");
      return;
    }
  for (guint64 i = offset; i < n && i < offset + limit; i++)
    json_array_add_element (page, json_array_dup_element (items, i));
  json_object_set_array_member (body, member, page);
  if (offset + limit < n)
    {
      g_autofree char *next = g_strdup_printf ("%" G_GUINT64_FORMAT, offset + limit);

      json_object_set_string_member (body, "NextToken", next);
    }
  json_array_unref (items);
  answer_object (answer, 200, body);
}

static void
list_schemas (LfSandboxSchemas *self,
              const char       *registry_name,
              JsonObject       *registry,
              GHashTable       *query,
              LfSchemasAnswer  *answer)
{
  JsonObject *schemas = lf_json_object_get_object_member_or_null (registry, "schemas");
  const char *prefix = query ? g_hash_table_lookup (query, "schemaNamePrefix") : NULL;
  g_autoptr(GList) names = json_object_get_members (schemas);
  JsonArray *items = json_array_new ();

  names = g_list_sort (names, (GCompareFunc) strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *schema = lf_json_object_get_object_member_or_null (schemas, l->data);
      JsonObject *full;
      JsonObject *item;

      if (prefix != NULL && !g_str_has_prefix (l->data, prefix))
        continue;
      full = schema_answer (self, registry_name, l->data, schema, latest_version (schema), FALSE);
      item = json_object_new ();
      json_object_set_string_member (item, "SchemaName", l->data);
      json_object_set_string_member (item, "SchemaArn",
                                     json_object_get_string_member (full, "SchemaArn"));
      json_object_set_string_member (item, "LastModified",
                                     json_object_get_string_member (schema, "LastModified"));
      json_object_set_int_member (item, "VersionCount",
                                  json_array_get_length (versions_of (schema)));
      json_object_set_object_member (item, "tags", json_object_new ());
      json_array_add_object_element (items, item);
      json_object_unref (full);
    }
  answer_page (query, "Schemas", items, answer);
}

static void
list_versions (LfSandboxSchemas *self,
               const char       *registry_name,
               const char       *name,
               JsonObject       *schema,
               GHashTable       *query,
               LfSchemasAnswer  *answer)
{
  JsonArray *versions = versions_of (schema);
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < json_array_get_length (versions); i++)
    {
      JsonObject *version = json_array_get_object_element (versions, i);
      JsonObject *full = schema_answer (self, registry_name, name, schema, version, FALSE);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "SchemaArn",
                                     json_object_get_string_member (full, "SchemaArn"));
      json_object_set_string_member (item, "SchemaName", name);
      json_object_set_string_member (item, "SchemaVersion",
                                     json_object_get_string_member (version, "SchemaVersion"));
      json_object_set_string_member (item, "Type", json_object_get_string_member (schema, "Type"));
      json_array_add_object_element (items, item);
      json_object_unref (full);
    }
  answer_page (query, "SchemaVersions", items, answer);
}

/* Discovery *********************************************************************************/

/* What the service infers from sample events: an OpenAPI document with a schema of the first. */
static void
discover (JsonObject      *request,
          LfSchemasAnswer *answer)
{
  JsonNode *events = request ? json_object_get_member (request, "Events") : NULL;
  JsonArray *array = events && JSON_NODE_HOLDS_ARRAY (events) ? json_node_get_array (events)
                                                              : NULL;
  JsonNode *first_node = array && json_array_get_length (array) > 0
                          ? json_array_get_element (array, 0) : NULL;
  const char *first = first_node && JSON_NODE_HOLDS_VALUE (first_node) &&
                      json_node_get_value_type (first_node) == G_TYPE_STRING
                        ? json_node_get_string (first_node) : NULL;
  g_autoptr(JsonNode) event = first ? lf_json_parse (first, -1, NULL) : NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *content = NULL;
  JsonObject *body;

  if (event == NULL || json_array_get_length (array) > MAX_DISCOVER_EVENTS)
    {
      answer_error (answer, 400, "BadRequestException",
                    "Events must hold 1 to %d events, each a JSON text.", MAX_DISCOVER_EVENTS);
      return;
    }
  document = lf_shared_events_document_new (event);
  json_object_remove_member (lf_json_object_get_object_member_or_null (json_node_get_object (document),
                                                                       "components"),
                             "examples");
  body = json_object_new ();
  json_object_set_string_member (body, "Content", content = lf_json_to_text (document, 0));
  answer_object (answer, 200, body);
}

/* Routing ***********************************************************************************/

/* "registries/name/R/schemas/name/S/version/V" gives ["registries", "name", "R", …], each
 * segment percent-decoded. */
static char **
split_path (const char *path)
{
  g_auto(GStrv) raw = g_strsplit (path, "/", -1);
  GPtrArray *parts = g_ptr_array_new ();

  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *decoded = g_uri_unescape_string (raw[i], NULL);

      if (decoded == NULL || *decoded == '\0' || strlen (decoded) > MAX_NAME)
        {
          g_free (decoded);
          g_ptr_array_add (parts, NULL);
          g_strfreev ((char **) g_ptr_array_free (parts, FALSE));
          return NULL;
        }
      g_ptr_array_add (parts, decoded);
    }
  g_ptr_array_add (parts, NULL);
  return (char **) g_ptr_array_free (parts, FALSE);
}

static void
route_schema (LfSandboxSchemas *self,
              const char       *method,
              char            **parts,
              guint             n,
              JsonObject       *request,
              GHashTable       *query,
              LfSchemasAnswer  *answer)
{
  const char *registry_name = parts[2];
  const char *name = parts[5];
  JsonObject *registry = find_registry (self, registry_name, answer);
  JsonObject *schemas = lf_json_object_get_object_member_or_null (registry, "schemas");
  JsonObject *schema = lf_json_object_get_object_member_or_null (schemas, name);
  JsonObject *version;

  if (registry == NULL)
    return;
  if (n == 6 && g_str_equal (method, "POST"))
    {
      create_schema (self, registry_name, registry, name, request, answer);
      return;
    }
  if (schema == NULL)
    {
      answer_error (answer, 404, "NotFoundException", "Schema %s does not exist.", name);
      return;
    }
  if (n == 6 && g_str_equal (method, "GET"))
    {
      const char *number = query ? g_hash_table_lookup (query, "schemaVersion") : NULL;

      version = find_version (schema, number);
      if (version == NULL)
        answer_error (answer, 404, "NotFoundException", "Schema version %s does not exist.",
                      number);
      else
        answer_object (answer, 200,
                       schema_answer (self, registry_name, name, schema, version, TRUE));
    }
  else if (n == 6 && g_str_equal (method, "PUT"))
    update_schema (self, registry_name, schema, name, request, answer);
  else if (n == 6 && g_str_equal (method, "DELETE"))
    {
      json_object_remove_member (schemas, name);
      save (self);
      answer->status = 204;
    }
  else if (n == 7 && g_str_equal (parts[6], "versions") && g_str_equal (method, "GET"))
    list_versions (self, registry_name, name, schema, query, answer);
  else if (n == 8 && g_str_equal (parts[6], "version") && g_str_equal (method, "DELETE"))
    {
      JsonArray *versions = versions_of (schema);

      version = find_version (schema, parts[7]);
      if (version == NULL)
        answer_error (answer, 404, "NotFoundException", "Schema version %s does not exist.",
                      parts[7]);
      else if (version == latest_version (schema))
        answer_error (answer, 400, "BadRequestException",
                      "The latest version of a schema cannot be deleted.");
      else
        {
          for (guint i = 0; i < json_array_get_length (versions); i++)
            if (json_array_get_object_element (versions, i) == version)
              json_array_remove_element (versions, i);
          save (self);
          answer->status = 204;
        }
    }
  else
    answer_error (answer, 404, "NotFoundException", "No such operation.");
}

void
lf_sandbox_schemas_handle (LfSandboxSchemas *self,
                           const char       *method,
                           const char       *path,
                           GHashTable       *query,
                           GBytes           *body,
                           LfSchemasAnswer  *answer)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(JsonNode) request_node = NULL;
  JsonObject *request = NULL;
  JsonObject *registry;
  guint n;

  g_return_if_fail (LF_IS_SANDBOX_SCHEMAS (self));
  g_return_if_fail (g_str_has_prefix (path, LF_SANDBOX_SCHEMAS_PREFIX));

  memset (answer, 0, sizeof *answer);
  if (body != NULL && g_bytes_get_size (body) > 0)
    {
      request_node = lf_json_parse_bytes (body, NULL);
      if (request_node == NULL || !JSON_NODE_HOLDS_OBJECT (request_node))
        {
          answer_error (answer, 400, "BadRequestException", "The body is not a JSON object.");
          return;
        }
      request = json_node_get_object (request_node);
    }

  parts = split_path (path + strlen (LF_SANDBOX_SCHEMAS_PREFIX));
  n = parts ? g_strv_length (parts) : 0;
  if (n == 1 && g_str_equal (parts[0], "discover") && g_str_equal (method, "POST"))
    discover (request, answer);
  else if (n < 3 || !g_str_equal (parts[0], "registries") || !g_str_equal (parts[1], "name"))
    answer_error (answer, 404, "NotFoundException", "No such operation.");
  else if (n == 3 && g_str_equal (method, "POST"))
    create_registry (self, parts[2], request, answer);
  else if (n == 3 && g_str_equal (method, "GET"))
    {
      registry = find_registry (self, parts[2], answer);
      if (registry != NULL)
        answer_object (answer, 200, registry_answer (self, parts[2], registry));
    }
  else if (n == 4 && g_str_equal (parts[3], "schemas") && g_str_equal (method, "GET"))
    {
      registry = find_registry (self, parts[2], answer);
      if (registry != NULL)
        list_schemas (self, parts[2], registry, query, answer);
    }
  else if (n >= 6 && n <= 8 && g_str_equal (parts[3], "schemas") && g_str_equal (parts[4], "name"))
    route_schema (self, method, parts, n, request, query, answer);
  else
    answer_error (answer, 404, "NotFoundException", "No such operation.");
}
