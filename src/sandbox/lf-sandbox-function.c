/* lf-sandbox-function.c: a function folder and its function.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lf-json-util.h"
#include "lf-sandbox-error.h"
#include "lf-sandbox-function.h"

#define MAX_TIMEOUT 900
#define MIN_MEMORY 128
#define MAX_MEMORY 10240

struct _LfSandboxFunction
{
  GObject parent_instance;

  char *directory;
  char *name;
  char *description;
  LfSandboxRuntime runtime;
  char *handler;
  guint timeout;
  guint memory_size;
  gboolean streams;          /* "invoke_mode": "RESPONSE_STREAM" */
  GHashTable *environment;
  gint64 code_size;
  char *code_sha256;
  char *last_modified;
  char *revision_id;
};

G_DEFINE_FINAL_TYPE (LfSandboxFunction, lf_sandbox_function, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_HANDLER,
  PROP_TIMEOUT,
  PROP_MEMORY_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Lambda refuses these keys in a function's environment: it sets them itself. */
static const char * const reserved_keys[] = {
  "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
};

static void
lf_sandbox_function_finalize (GObject *object)
{
  LfSandboxFunction *self = (LfSandboxFunction *) object;

  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->handler, g_free);
  g_clear_pointer (&self->environment, g_hash_table_unref);
  g_clear_pointer (&self->code_sha256, g_free);
  g_clear_pointer (&self->last_modified, g_free);
  g_clear_pointer (&self->revision_id, g_free);

  G_OBJECT_CLASS (lf_sandbox_function_parent_class)->finalize (object);
}

static void
lf_sandbox_function_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LfSandboxFunction *self = LF_SANDBOX_FUNCTION (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_HANDLER:
      g_value_set_string (value, self->handler);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_MEMORY_SIZE:
      g_value_set_uint (value, self->memory_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_sandbox_function_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LfSandboxFunction *self = LF_SANDBOX_FUNCTION (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_sandbox_function_class_init (LfSandboxFunctionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lf_sandbox_function_finalize;
  object_class->get_property = lf_sandbox_function_get_property;
  object_class->set_property = lf_sandbox_function_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HANDLER] =
    g_param_spec_string ("handler", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, MAX_TIMEOUT, LF_SANDBOX_FUNCTION_DEFAULT_TIMEOUT,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMORY_SIZE] =
    g_param_spec_uint ("memory-size", NULL, NULL, MIN_MEMORY, MAX_MEMORY,
                       LF_SANDBOX_FUNCTION_DEFAULT_MEMORY,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_sandbox_function_init (LfSandboxFunction *self)
{
  self->timeout = LF_SANDBOX_FUNCTION_DEFAULT_TIMEOUT;
  self->memory_size = LF_SANDBOX_FUNCTION_DEFAULT_MEMORY;
  self->environment = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

gboolean
lf_sandbox_function_is_valid_name (const char *name)
{
  gsize len = name ? strlen (name) : 0;

  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '-' || *p == '_'))
      return FALSE;

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Sums the sizes of the deployment files and hashes their relative paths and contents in a
 * stable order, so CodeSha256 changes exactly when the code does. */
static gboolean
hash_tree (GChecksum   *checksum,
           const char  *root,
           const char  *relative,
           gint64      *size,
           GError     **error)
{
  g_autofree char *path = relative ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = g_dir_open (path, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (dir == NULL)
    return FALSE;

  while ((entry = g_dir_read_name (dir)) != NULL)
    if (strcmp (entry, "__pycache__") != 0)
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *child_rel = relative ? g_build_filename (relative, name, NULL)
                                            : g_strdup (name);
      g_autofree char *child = g_build_filename (root, child_rel, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (!hash_tree (checksum, root, child_rel, size, error))
            return FALSE;
        }
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *contents = NULL;
          gsize length = 0;

          if (!g_file_get_contents (child, &contents, &length, error))
            return FALSE;
          g_checksum_update (checksum, (const guchar *) child_rel, strlen (child_rel) + 1);
          g_checksum_update (checksum, (const guchar *) contents, length);
          *size += length;
        }
    }

  return TRUE;
}

static gboolean
invalid (GError     **error,
         const char  *path,
         const char  *what)
{
  g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_FUNCTION, "%s: %s", path, what);
  return FALSE;
}

/* "name" (the folder's name by default), "description", "runtime" and "handler". */
static gboolean
read_identity (LfSandboxFunction  *self,
               JsonObject         *object,
               const char         *path,
               GError            **error)
{
  const char *runtime;

  if (json_object_has_member (object, "name"))
    self->name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
  else
    self->name = g_path_get_basename (self->directory);
  if (!lf_sandbox_function_is_valid_name (self->name))
    return invalid (error, path, "“name” must be 1 to 64 letters, digits, “-” or “_”");

  self->description = g_strdup (json_object_get_string_member_with_default (object, "description",
                                                                            ""));

  runtime = json_object_get_string_member_with_default (object, "runtime", "");
  if (g_str_equal (runtime, "provided"))
    self->runtime = LF_SANDBOX_RUNTIME_PROVIDED;
  else if (g_str_equal (runtime, "python3"))
    self->runtime = LF_SANDBOX_RUNTIME_PYTHON3;
  else
    return invalid (error, path, "“runtime” must be “provided” or “python3”");

  self->handler = g_strdup (json_object_get_string_member_with_default (object, "handler", ""));
  if (self->runtime == LF_SANDBOX_RUNTIME_PYTHON3)
    {
      const char *dot = strrchr (self->handler, '.');

      if (dot == NULL || dot == self->handler || dot[1] == '\0')
        return invalid (error, path, "“handler” must be of the form “file.function”");
    }

  return TRUE;
}

/* "timeout" and "memory_size", within Lambda's limits; the defaults when absent. */
static gboolean
read_limits (LfSandboxFunction  *self,
             JsonObject         *object,
             const char         *path,
             GError            **error)
{
  if (json_object_has_member (object, "timeout"))
    {
      gint64 timeout = json_object_get_int_member_with_default (object, "timeout", 0);

      if (timeout < 1 || timeout > MAX_TIMEOUT)
        return invalid (error, path, "“timeout” must be between 1 and 900 seconds");
      self->timeout = (guint) timeout;
    }

  if (json_object_has_member (object, "memory_size"))
    {
      gint64 memory = json_object_get_int_member_with_default (object, "memory_size", 0);

      if (memory < MIN_MEMORY || memory > MAX_MEMORY)
        return invalid (error, path, "“memory_size” must be between 128 and 10240 MB");
      self->memory_size = (guint) memory;
    }

  if (json_object_has_member (object, "invoke_mode"))
    {
      const char *mode = lf_json_object_get_string_member_or_null (object, "invoke_mode");

      if (g_strcmp0 (mode, "BUFFERED") != 0 && g_strcmp0 (mode, "RESPONSE_STREAM") != 0)
        return invalid (error, path, "“invoke_mode” must be BUFFERED or RESPONSE_STREAM");
      self->streams = g_str_equal (mode, "RESPONSE_STREAM");
    }

  return TRUE;
}

static gboolean
is_reserved_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (reserved_keys); i++)
    if (g_str_equal (key, reserved_keys[i]))
      return TRUE;
  return FALSE;
}

/* "environment": an object of strings, none of them a key Lambda sets itself. */
static gboolean
read_environment (LfSandboxFunction  *self,
                  JsonObject         *object,
                  const char         *path,
                  GError            **error)
{
  JsonNode *node = json_object_get_member (object, "environment");
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, "“environment” must be an object of strings");

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        return invalid (error, path, "“environment” must be an object of strings");
      if (key[0] == '\0' || strchr (key, '=') != NULL)
        return invalid (error, path, "an environment variable has an invalid name");
      if (is_reserved_key (key))
        return invalid (error, path, "“environment” sets a key Lambda reserves");
      g_hash_table_replace (self->environment, g_strdup (key),
                            g_strdup (json_node_get_string (value)));
    }

  return TRUE;
}

/* CodeSize, CodeSha256 and RevisionId, all from the folder's files. */
static gboolean
measure_code (LfSandboxFunction  *self,
              GError            **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  if (!hash_tree (checksum, self->directory, NULL, &self->code_size, error))
    return FALSE;
  g_checksum_get_digest (checksum, digest, &digest_len);
  self->code_sha256 = g_base64_encode (digest, digest_len);
  /* A stable revision id derived from the code: it changes when the folder does. */
  self->revision_id = g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                                       "%02x%02x%02x%02x%02x%02x",
                                       digest[0], digest[1], digest[2], digest[3], digest[4],
                                       digest[5], digest[6], digest[7], digest[8], digest[9],
                                       digest[10], digest[11], digest[12], digest[13],
                                       digest[14], digest[15]);
  return TRUE;
}

/* LastModified: when function.json last changed, in Lambda's format. */
static char *
format_last_modified (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_autoptr(GDateTime) mtime = info ? g_file_info_get_modification_date_time (info) : NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (mtime == NULL)
    mtime = g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (mtime);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000+0000");
}

static gboolean
load_configuration (LfSandboxFunction  *self,
                    GError            **error)
{
  g_autofree char *path = g_build_filename (self->directory, "function.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  root = lf_json_parse_file (path, error);
  if (root == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, path, "the file must hold a JSON object");
  object = json_node_get_object (root);

  if (!read_identity (self, object, path, error) || !read_limits (self, object, path, error) ||
      !read_environment (self, object, path, error) || !measure_code (self, error))
    return FALSE;

  self->last_modified = format_last_modified (path);
  return TRUE;
}

/**
 * lf_sandbox_function_new_from_dir:
 * @directory: a folder holding function.json and the deployment files
 *
 * Returns: (transfer full): the function, or %NULL with @error set
 */
LfSandboxFunction *
lf_sandbox_function_new_from_dir (const char  *directory,
                                  GError     **error)
{
  g_autoptr(LfSandboxFunction) self = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  /* Children run with this as their working directory: make it absolute. */
  file = g_file_new_for_path (directory);
  self = g_object_new (LF_TYPE_SANDBOX_FUNCTION, "directory", g_file_peek_path (file), NULL);
  if (!load_configuration (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
lf_sandbox_function_get_name (LfSandboxFunction *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), NULL);
  return self->name;
}

const char *
lf_sandbox_function_get_description (LfSandboxFunction *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), NULL);
  return self->description;
}

LfSandboxRuntime
lf_sandbox_function_get_runtime (LfSandboxFunction *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), LF_SANDBOX_RUNTIME_PROVIDED);
  return self->runtime;
}

/* The Runtime identifier Lambda would show for this function. */
const char *
lf_sandbox_function_get_runtime_id (LfSandboxFunction *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), NULL);
  return self->runtime == LF_SANDBOX_RUNTIME_PYTHON3 ? "python3.11" : "provided";
}

const char *
lf_sandbox_function_get_handler (LfSandboxFunction *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), NULL);
  return self->handler;
}

guint
lf_sandbox_function_get_timeout (LfSandboxFunction *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), 0);
  return self->timeout;
}

gboolean
lf_sandbox_function_get_streams (LfSandboxFunction *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), FALSE);
  return self->streams;
}

guint
lf_sandbox_function_get_memory_size (LfSandboxFunction *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), 0);
  return self->memory_size;
}

const char *
lf_sandbox_function_get_directory (LfSandboxFunction *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), NULL);
  return self->directory;
}

/**
 * lf_sandbox_function_get_environment:
 *
 * Returns: (transfer none): the variables of function.json, name to value
 */
GHashTable *
lf_sandbox_function_get_environment (LfSandboxFunction *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), NULL);
  return self->environment;
}

char *
lf_sandbox_function_dup_arn (LfSandboxFunction *self,
                             LfSandboxSettings *settings)
{
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  return g_strdup_printf ("arn:aws:lambda:%s:%s:function:%s", settings->region,
                          settings->account_id, self->name);
}

/**
 * lf_sandbox_function_to_configuration:
 *
 * Returns: (transfer full): a FunctionConfiguration object as Lambda's API returns it
 */
JsonNode *
lf_sandbox_function_to_configuration (LfSandboxFunction *self,
                                      LfSandboxSettings *settings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *arn = NULL;
  g_autofree char *role = NULL;
  g_autofree gpointer *keys = NULL;
  guint n_keys = 0;

  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (self), NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  arn = lf_sandbox_function_dup_arn (self, settings);
  role = g_strdup_printf ("arn:aws:iam::%s:role/lambda-forms-sandbox", settings->account_id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "FunctionName");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "FunctionArn");
  json_builder_add_string_value (builder, arn);
  json_builder_set_member_name (builder, "Runtime");
  json_builder_add_string_value (builder, lf_sandbox_function_get_runtime_id (self));
  json_builder_set_member_name (builder, "Role");
  json_builder_add_string_value (builder, role);
  json_builder_set_member_name (builder, "Handler");
  json_builder_add_string_value (builder, self->handler);
  json_builder_set_member_name (builder, "CodeSize");
  json_builder_add_int_value (builder, self->code_size);
  json_builder_set_member_name (builder, "Description");
  json_builder_add_string_value (builder, self->description);
  json_builder_set_member_name (builder, "Timeout");
  json_builder_add_int_value (builder, self->timeout);
  json_builder_set_member_name (builder, "MemorySize");
  json_builder_add_int_value (builder, self->memory_size);
  json_builder_set_member_name (builder, "LastModified");
  json_builder_add_string_value (builder, self->last_modified);
  json_builder_set_member_name (builder, "CodeSha256");
  json_builder_add_string_value (builder, self->code_sha256);
  json_builder_set_member_name (builder, "Version");
  json_builder_add_string_value (builder, "$LATEST");

  json_builder_set_member_name (builder, "Environment");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Variables");
  json_builder_begin_object (builder);
  keys = g_hash_table_get_keys_as_array (self->environment, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n_keys; i++)
    {
      const char *key = keys[i];

      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, g_hash_table_lookup (self->environment, key));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "TracingConfig");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Mode");
  json_builder_add_string_value (builder, "PassThrough");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "RevisionId");
  json_builder_add_string_value (builder, self->revision_id);
  json_builder_set_member_name (builder, "State");
  json_builder_add_string_value (builder, "Active");
  json_builder_set_member_name (builder, "LastUpdateStatus");
  json_builder_add_string_value (builder, "Successful");
  json_builder_set_member_name (builder, "PackageType");
  json_builder_add_string_value (builder, "Zip");
  json_builder_set_member_name (builder, "Architectures");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "x86_64");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "EphemeralStorage");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Size");
  json_builder_add_int_value (builder, 512);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
