/* lf-form-generate.c: forms made from an event or a JSON Schema
 *
 * Both build the same tree of fields first (a group per object, a field per leaf); the tree
 * then gives the controls, in order, and the payload template, which names each field's control
 * where the field's value goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "lf-form-generate.h"
#include "lf-form-private.h"
#include "lf-form-schema.h"
#include "lf-json-util.h"

/* What a number control can hold exactly (its range), and the decimals it shows. */
#define MAX_EXACT_NUMBER 1e15
#define MAX_DIGITS 10
/* Strings longer than this get a text area. */
#define LONG_TEXT 80
/* "$ref" chains and nesting followed in a schema before giving up. */
#define MAX_SCHEMA_DEPTH 32

typedef enum
{
  FIELD_GROUP,
  FIELD_TEXT,
  FIELD_AREA,
  FIELD_NUMBER,
  FIELD_SWITCH,
  FIELD_CHOICE,
  FIELD_JSON,
} FieldKind;

typedef struct _Field Field;

struct _Field
{
  FieldKind kind;
  char *key;           /* the member's name; NULL for the event itself */
  char *label;
  char *name;          /* the control's, once placed */
  JsonNode *value;     /* the first value: a string for text and JSON fields */
  guint digits;
  JsonNode *minimum;
  JsonNode *maximum;
  char *placeholder;
  char *help;
  gboolean required;   /* text fields: an action waits until it is filled in */
  char *format;        /* text fields: what it must look like ("date", "email"…), or NULL */
  JsonArray *choices;  /* FIELD_CHOICE: the values */
  GPtrArray *children; /* FIELD_GROUP */
};

static void
field_free (Field *field)
{
  g_free (field->key);
  g_free (field->label);
  g_free (field->name);
  g_clear_pointer (&field->value, json_node_unref);
  g_clear_pointer (&field->minimum, json_node_unref);
  g_clear_pointer (&field->maximum, json_node_unref);
  g_free (field->placeholder);
  g_free (field->help);
  g_free (field->format);
  g_clear_pointer (&field->choices, json_array_unref);
  g_clear_pointer (&field->children, g_ptr_array_unref);
  g_free (field);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Field, field_free)

static Field *
field_new (FieldKind   kind,
           const char *key)
{
  Field *field = g_new0 (Field, 1);

  field->kind = kind;
  field->key = g_strdup (key);
  field->label = key ? lf_form_label_from_key (key) : g_strdup (_("Event"));
  if (kind == FIELD_GROUP)
    field->children = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  return field;
}

/* Labels ************************************************************************************/

static gboolean
is_separator (char c)
{
  return c == '-' || c == '_' || c == ' ' || c == '.' || c == '/' || c == ':' || c == '$' ||
         c == '@';
}

/* Splits "sourceIPAddress" into "source", "IP", "Address". */
static GPtrArray *
split_words (const char *key)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);

  for (const char *p = key; *p != '\0'; p++)
    {
      gboolean lower_to_upper = word->len > 0 && g_ascii_isupper (*p) &&
                                !g_ascii_isupper (word->str[word->len - 1]);
      gboolean acronym_end = word->len > 1 && g_ascii_isupper (*p) &&
                             g_ascii_isupper (word->str[word->len - 1]) && g_ascii_islower (p[1]);

      if (is_separator (*p) || lower_to_upper || acronym_end)
        {
          if (word->len > 0)
            g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
          if (is_separator (*p))
            continue;
        }
      g_string_append_c (word, *p);
    }
  if (word->len > 0)
    g_ptr_array_add (words, g_strdup (word->str));
  g_string_free (word, TRUE);
  return words;
}

static gboolean
is_acronym (const char *word)
{
  gsize n_upper = 0;

  for (const char *p = word; *p != '\0'; p++)
    {
      if (g_ascii_islower (*p))
        return FALSE;
      n_upper += g_ascii_isupper (*p) != 0;
    }
  return n_upper >= 2;
}

char *
lf_form_label_from_key (const char *key)
{
  g_autoptr(GPtrArray) words = NULL;
  GString *label;

  g_return_val_if_fail (key != NULL, NULL);

  words = split_words (key);
  if (words->len == 0)
    return g_strdup (key);
  label = g_string_new (NULL);
  for (guint i = 0; i < words->len; i++)
    {
      const char *word = words->pdata[i];

      if (i > 0)
        g_string_append_c (label, ' ');
      if (is_acronym (word))
        g_string_append (label, word);
      else
        {
          g_autofree char *lower = g_utf8_strdown (word, -1);

          g_string_append (label, lower);
        }
    }
  label->str[0] = g_ascii_toupper (label->str[0]);
  return g_string_free (label, FALSE);
}

/* Fields from an event **********************************************************************/

static Field *
json_field (const char *key,
            JsonNode   *value)
{
  Field *field = field_new (FIELD_JSON, key);
  g_autofree char *text = lf_json_to_text (value, 2);

  field->value = json_node_init_string (json_node_alloc (), text);
  return field;
}

/* The decimals a number control needs to show @value exactly; -1 when it cannot. */
static int
digits_for (double value)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *dot;

  if (!isfinite (value) || fabs (value) > MAX_EXACT_NUMBER)
    return -1;
  lf_json_append_double (text, value);
  if (strpbrk (text->str, "eE") != NULL)
    return -1;
  /* The text always has a dot: "2.0" stays a decimal number with one digit. */
  dot = strchr (text->str, '.');
  if (dot == NULL || strlen (dot + 1) > MAX_DIGITS)
    return -1;
  return (int) strlen (dot + 1);
}

static Field *
leaf_from_value (const char *key,
                 JsonNode   *value)
{
  Field *field;
  int digits;

  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (value);

        field = field_new (strchr (text, '\n') || g_utf8_strlen (text, -1) > LONG_TEXT
                             ? FIELD_AREA : FIELD_TEXT, key);
        field->value = json_node_copy (value);
        return field;
      }
    case G_TYPE_BOOLEAN:
      field = field_new (FIELD_SWITCH, key);
      field->value = json_node_copy (value);
      return field;
    case G_TYPE_INT64:
      if (ABS (json_node_get_int (value)) > (gint64) MAX_EXACT_NUMBER)
        return json_field (key, value);
      field = field_new (FIELD_NUMBER, key);
      field->value = json_node_copy (value);
      return field;
    case G_TYPE_DOUBLE:
      digits = digits_for (json_node_get_double (value));
      if (digits < 0)
        return json_field (key, value);
      field = field_new (FIELD_NUMBER, key);
      field->value = json_node_copy (value);
      field->digits = digits;
      return field;
    default:
      return json_field (key, value);
    }
}

static Field *
field_from_event (const char *key,
                  JsonNode   *value,
                  guint       depth)
{
  Field *group;
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (JSON_NODE_HOLDS_VALUE (value))
    return leaf_from_value (key, value);
  if (!JSON_NODE_HOLDS_OBJECT (value) || depth >= LF_FORM_GENERATE_MAX_DEPTH ||
      json_object_get_size (json_node_get_object (value)) == 0)
    return json_field (key, value);

  group = field_new (FIELD_GROUP, key);
  object = json_node_get_object (value);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    g_ptr_array_add (group->children,
                     field_from_event (l->data, json_object_get_member (object, l->data),
                                       depth + 1));
  return group;
}

/* Fields from a schema **********************************************************************/

typedef struct
{
  JsonNode *root;       /* the document "$ref"s point into */
  guint depth;
} SchemaWalk;

/* "#/components/schemas/Order" in the document; NULL when it leads nowhere. */
static JsonObject *
resolve_pointer (JsonNode   *root,
                 const char *ref)
{
  g_auto(GStrv) parts = NULL;
  JsonObject *object;

  if (!g_str_has_prefix (ref, "#/") || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  parts = g_strsplit (ref + 2, "/", -1);
  object = json_node_get_object (root);
  for (guint i = 0; parts[i] != NULL && object != NULL; i++)
    {
      g_autofree char *unescaped = g_uri_unescape_string (parts[i], NULL);
      g_autoptr(GString) name = g_string_new (unescaped ? unescaped : parts[i]);

      /* JSON Pointer: "~1" is "/", "~0" is "~". */
      g_string_replace (name, "~1", "/", 0);
      g_string_replace (name, "~0", "~", 0);
      object = lf_json_object_get_object_member_or_null (object, name->str);
    }
  return object;
}

static JsonObject *
resolve (SchemaWalk  *walk,
         JsonObject  *schema,
         GError     **error)
{
  for (guint hops = 0; schema != NULL && json_object_has_member (schema, "$ref"); hops++)
    {
      const char *ref = lf_json_object_get_string_member_or_null (schema, "$ref");

      if (hops > MAX_SCHEMA_DEPTH || ref == NULL ||
          (schema = resolve_pointer (walk->root, ref)) == NULL)
        {
          g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                       _("The schema’s reference “%s” leads nowhere in the document"),
                       ref ? ref : "$ref");
          return NULL;
        }
    }
  return schema;
}

/* The schema's type; the first that is not "null" when it lists several. */
static const char *
schema_type (JsonObject *schema)
{
  JsonNode *type = json_object_get_member (schema, "type");

  if (type != NULL && JSON_NODE_HOLDS_ARRAY (type))
    {
      JsonArray *types = json_node_get_array (type);

      for (guint i = 0; i < json_array_get_length (types); i++)
        {
          const char *name = json_array_get_string_element (types, i);

          if (name != NULL && !g_str_equal (name, "null"))
            return name;
        }
      return "null";
    }
  if (type != NULL && JSON_NODE_HOLDS_VALUE (type) &&
      json_node_get_value_type (type) == G_TYPE_STRING)
    return json_node_get_string (type);
  if (json_object_has_member (schema, "properties"))
    return "object";
  if (json_object_has_member (schema, "enum"))
    return "enum";
  return NULL;
}

static const char *
format_hint (const char *format)
{
  static const struct { const char *format; const char *hint; } hints[] = {
    { "date", "2026-12-31" },
    { "date-time", "2026-12-31T09:30:00Z" },
    { "time", "09:30:00" },
    { "email", "name@example.com" },
    { "uri", "https://example.com/" },
    { "uuid", "123e4567-e89b-12d3-a456-426614174000" },
    { "ipv4", "192.0.2.1" },
  };

  for (guint i = 0; format != NULL && i < G_N_ELEMENTS (hints); i++)
    if (g_str_equal (format, hints[i].format))
      return hints[i].hint;
  return NULL;
}

/* "Required. The order's id. Looks like name@example.com." */
static char *
schema_help (JsonObject *schema,
             gboolean    required)
{
  const char *description = lf_json_object_get_string_member_or_null (schema, "description");
  const char *format = lf_json_object_get_string_member_or_null (schema, "format");
  GString *help = g_string_new (NULL);

  if (required)
    g_string_append (help, _("Required."));
  if (description != NULL)
    g_string_append_printf (help, "%s%s", help->len ? " " : "", description);
  if (format_hint (format) != NULL)
    g_string_append_printf (help, "%s", help->len ? " " : "");
  if (format_hint (format) != NULL)
    g_string_append_printf (help, _("For example %s."), format_hint (format));
  return g_string_free (help, help->len == 0);
}

/* The first value: the example's, when it has the type; else the default; else @fallback. */
static JsonNode *
first_value (JsonObject *schema,
             JsonNode   *example,
             GType       type,
             JsonNode   *fallback)
{
  JsonNode *chosen = NULL;
  JsonNode *candidates[] = { example, json_object_get_member (schema, "default"),
                             json_object_get_member (schema, "example") };

  for (guint i = 0; i < G_N_ELEMENTS (candidates) && chosen == NULL; i++)
    {
      JsonNode *node = candidates[i];

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;
      if (json_node_get_value_type (node) == type ||
          (type == G_TYPE_DOUBLE && json_node_get_value_type (node) == G_TYPE_INT64))
        chosen = node;
    }
  if (chosen == NULL)
    return fallback;
  json_node_unref (fallback);
  return json_node_copy (chosen);
}

static Field *field_from_schema (SchemaWalk *walk, const char *key, JsonObject *schema,
                                 JsonNode *example, gboolean required, GError **error);

static Field *
group_from_schema (SchemaWalk  *walk,
                   const char  *key,
                   JsonObject  *schema,
                   JsonNode    *example,
                   GError     **error)
{
  g_autoptr(Field) group = field_new (FIELD_GROUP, key);
  JsonObject *properties = lf_json_object_get_object_member_or_null (schema, "properties");
  JsonNode *required_node = json_object_get_member (schema, "required");
  JsonArray *required = required_node && JSON_NODE_HOLDS_ARRAY (required_node)
                          ? json_node_get_array (required_node) : NULL;
  JsonObject *example_object = example && JSON_NODE_HOLDS_OBJECT (example)
                                 ? json_node_get_object (example) : NULL;
  g_autoptr(GList) members = json_object_get_members (properties);

  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean is_required = FALSE;
      JsonObject *member = lf_json_object_get_object_member_or_null (properties, l->data);
      Field *child;

      for (guint i = 0; required != NULL && i < json_array_get_length (required); i++)
        is_required |= g_strcmp0 (json_array_get_string_element (required, i), l->data) == 0;
      child = field_from_schema (walk, l->data, member,
                                 example_object ? json_object_get_member (example_object,
                                                                          l->data) : NULL,
                                 is_required, error);
      if (child == NULL)
        return NULL;
      g_ptr_array_add (group->children, child);
    }
  return g_steal_pointer (&group);
}

static Field *
choice_from_schema (const char *key,
                    JsonObject *schema,
                    JsonNode   *example)
{
  JsonArray *values = json_object_get_array_member (schema, "enum");
  Field *field = field_new (FIELD_CHOICE, key);
  JsonNode *fallback = json_array_get_length (values) > 0
                         ? json_array_dup_element (values, 0)
                         : json_node_init_null (json_node_alloc ());
  JsonNode *candidates[] = { example, json_object_get_member (schema, "default") };

  field->choices = json_array_ref (values);
  for (guint i = 0; i < G_N_ELEMENTS (candidates) && field->value == NULL; i++)
    for (guint j = 0; candidates[i] != NULL && j < json_array_get_length (values); j++)
      if (json_node_equal (candidates[i], json_array_get_element (values, j)))
        field->value = json_node_copy (candidates[i]);
  if (field->value == NULL)
    field->value = g_steal_pointer (&fallback);
  g_clear_pointer (&fallback, json_node_unref);
  return field;
}

static Field *
field_from_schema (SchemaWalk  *walk,
                   const char  *key,
                   JsonObject  *schema,
                   JsonNode    *example,
                   gboolean     required,
                   GError     **error)
{
  g_autoptr(Field) field = NULL;
  const char *type;
  JsonNode *enum_node;

  schema = resolve (walk, schema, error);
  if (schema == NULL)
    return NULL;
  if (++walk->depth > MAX_SCHEMA_DEPTH)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("The schema nests deeper than %d levels"), MAX_SCHEMA_DEPTH);
      return NULL;
    }
  type = schema_type (schema);
  enum_node = json_object_get_member (schema, "enum");

  if (enum_node != NULL && JSON_NODE_HOLDS_ARRAY (enum_node))
    field = choice_from_schema (key, schema, example);
  else if (g_strcmp0 (type, "object") == 0 &&
           lf_json_object_get_object_member_or_null (schema, "properties") != NULL &&
           walk->depth <= LF_FORM_GENERATE_MAX_DEPTH)
    field = group_from_schema (walk, key, schema, example, error);
  else if (g_strcmp0 (type, "string") == 0)
    {
      gint64 max_length = json_object_get_int_member_with_default (schema, "maxLength", 0);

      field = field_new (max_length > LONG_TEXT ? FIELD_AREA : FIELD_TEXT, key);
      field->value = first_value (schema, example, G_TYPE_STRING,
                                  json_node_init_string (json_node_alloc (), ""));
      field->placeholder = g_strdup (format_hint (
        lf_json_object_get_string_member_or_null (schema, "format")));
      /* Checked before sending, when the format is one the text controls know. */
      if (format_hint (lf_json_object_get_string_member_or_null (schema, "format")) != NULL &&
          !g_str_equal (lf_json_object_get_string_member_or_null (schema, "format"), "ipv4"))
        field->format = g_strdup (lf_json_object_get_string_member_or_null (schema, "format"));
      field->required = required;
    }
  else if (g_strcmp0 (type, "integer") == 0 || g_strcmp0 (type, "number") == 0)
    {
      gboolean integer = g_str_equal (type, "integer");

      field = field_new (FIELD_NUMBER, key);
      field->value = first_value (schema, example, integer ? G_TYPE_INT64 : G_TYPE_DOUBLE,
                                  json_node_init_int (json_node_alloc (), 0));
      field->digits = integer ? 0 : 2;
      if (json_object_has_member (schema, "minimum"))
        field->minimum = json_node_copy (json_object_get_member (schema, "minimum"));
      if (json_object_has_member (schema, "maximum"))
        field->maximum = json_node_copy (json_object_get_member (schema, "maximum"));
    }
  else if (g_strcmp0 (type, "boolean") == 0)
    {
      field = field_new (FIELD_SWITCH, key);
      field->value = first_value (schema, example, G_TYPE_BOOLEAN,
                                  json_node_init_boolean (json_node_alloc (), FALSE));
    }
  else
    {
      /* Arrays, free-form objects and whatever else: JSON text, from what is known of it. */
      JsonNode *known = example ? example : json_object_get_member (schema, "default");
      g_autoptr(JsonNode) empty = NULL;

      if (known == NULL)
        {
          empty = g_strcmp0 (type, "array") == 0 ? lf_json_node_take_array (json_array_new ())
                  : g_strcmp0 (type, "object") == 0
                    ? lf_json_node_take_object (json_object_new ())
                    : json_node_init_null (json_node_alloc ());
          known = empty;
        }
      field = json_field (key, known);
    }
  walk->depth--;
  if (field == NULL)
    return NULL;
  field->help = schema_help (schema, required);
  return g_steal_pointer (&field);
}

/* The schema to build from: the document itself, or the event schema of an OpenAPI 3
 * document (the registry's "Event", else its first). */
static JsonObject *
top_schema (JsonNode  *schema,
            GError   **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (schema) ? json_node_get_object (schema) : NULL;
  JsonObject *components = lf_json_object_get_object_member_or_null (object, "components");
  JsonObject *schemas = lf_json_object_get_object_member_or_null (components, "schemas");

  if (object != NULL && json_object_has_member (object, "openapi") && schemas != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (schemas);
      JsonObject *event = lf_json_object_get_object_member_or_null (schemas, "Event");

      if (event == NULL && names != NULL)
        event = lf_json_object_get_object_member_or_null (schemas, names->data);
      if (event != NULL)
        return event;
    }
  else if (object != NULL && (schema_type (object) != NULL ||
                              json_object_has_member (object, "$ref")))
    return object;
  g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
               _("This is not a JSON Schema or an OpenAPI document with a schema"));
  return NULL;
}

/* Controls and the template *****************************************************************/

typedef struct
{
  LfForm *form;
  GString *payload;
  GError **error;
} Builder;

/* The field's key as camelCase ("detail-type" gives "detailType"), prefixed by its group's
 * when the plain one is taken. */
static gboolean
name_is_free (Builder    *builder,
              const char *name)
{
  return lf_form_schema_check_name (name, NULL) && !g_str_equal (name, LF_FORM_GENERATE_ACTION) &&
         lf_form_find_control (builder->form, name) == NULL &&
         lf_form_find_action (builder->form, name) == NULL;
}

/* The key's own name when free ("orderId"), else with its group's ("customerName"), else
 * numbered. */
static char *
place_name (Builder    *builder,
            const char *key,
            const char *group_name)
{
  g_autofree char *plain = _lf_form_name_stem (key ? key : "event");
  g_autofree char *joined = NULL;

  if (name_is_free (builder, plain))
    return g_steal_pointer (&plain);
  if (group_name != NULL)
    {
      g_autofree char *both = g_strconcat (group_name, "-", plain, NULL);

      joined = _lf_form_name_stem (both);
      if (name_is_free (builder, joined))
        return g_steal_pointer (&joined);
    }
  return lf_form_make_unique_name (builder->form, joined ? joined : plain);
}

static gboolean
add_control (Builder    *builder,
             const char *kind,
             const char *name,
             JsonObject *properties,
             JsonObject *bindings)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(LfControl) control = NULL;

  json_object_set_string_member (object, "kind", kind);
  json_object_set_string_member (object, "name", name);
  json_object_set_object_member (object, "properties", properties);
  if (bindings != NULL)
    json_object_set_object_member (object, "bindings", bindings);
  control = lf_control_new_from_json (object, builder->error);
  return control != NULL && lf_form_insert_control (builder->form, control, -1, builder->error);
}

static const char *
control_kind (FieldKind kind)
{
  switch (kind)
    {
    case FIELD_TEXT: return "text-field";
    case FIELD_AREA: return "text-area";
    case FIELD_NUMBER: return "number";
    case FIELD_SWITCH: return "switch";
    case FIELD_CHOICE: return "dropdown";
    case FIELD_JSON: return "text-area";
    case FIELD_GROUP:
    default: return "label";
    }
}

static JsonObject *
field_properties (Field *field)
{
  JsonObject *properties = json_object_new ();

  json_object_set_string_member (properties, "label", field->label);
  if (field->help != NULL)
    json_object_set_string_member (properties, "help", field->help);
  if (field->value != NULL)
    json_object_set_member (properties, "value", json_node_copy (field->value));
  if (field->placeholder != NULL)
    json_object_set_string_member (properties, "placeholder", field->placeholder);
  if (field->kind == FIELD_JSON)
    json_object_set_boolean_member (properties, "monospace", TRUE);
  if (field->required)
    json_object_set_boolean_member (properties, "required", TRUE);
  if (field->format != NULL)
    json_object_set_string_member (properties, "format", field->format);
  if (field->kind == FIELD_NUMBER)
    {
      json_object_set_int_member (properties, "digits", field->digits);
      json_object_set_double_member (properties, "step",
                                     field->digits ? pow (10, -(double) field->digits) : 1);
      if (field->minimum != NULL)
        json_object_set_member (properties, "minimum", json_node_copy (field->minimum));
      if (field->maximum != NULL)
        json_object_set_member (properties, "maximum", json_node_copy (field->maximum));
    }
  if (field->kind == FIELD_CHOICE)
    {
      JsonArray *options = json_array_new ();

      for (guint i = 0; i < json_array_get_length (field->choices); i++)
        {
          JsonNode *value = json_array_get_element (field->choices, i);
          JsonObject *option = json_object_new ();
          g_autofree char *label = lf_json_to_plain_text (value);

          json_object_set_string_member (option, "label", label);
          json_object_set_member (option, "value", json_node_copy (value));
          json_array_add_object_element (options, option);
        }
      json_object_set_array_member (properties, "options", options);
    }
  return properties;
}

/* A member name as the template writes it: JSON-escaped, and with "{{" broken by an escaped
 * brace so that no key reads as an expression. */
static void
append_key (GString    *out,
            const char *key)
{
  g_autoptr(GString) quoted = g_string_new (NULL);

  lf_json_append_string (quoted, key, 0);
  g_string_replace (quoted, "{{", "\\u007b{", 0);
  g_string_append (out, quoted->str);
}

static void
indent (GString *out,
        guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static gboolean emit_field (Builder *builder, Field *field, const char *group_name, guint level);

static gboolean
emit_group (Builder    *builder,
            Field      *group,
            const char *group_name,
            guint       level)
{
  g_autofree char *name = NULL;

  /* A heading for a nested object: its name above its members. */
  if (group->key != NULL)
    {
      name = place_name (builder, group->key, group_name);
      if (!add_control (builder, "label", name, field_properties (group), NULL))
        return FALSE;
    }
  g_string_append (builder->payload, "{");
  for (guint i = 0; i < group->children->len; i++)
    {
      Field *child = group->children->pdata[i];

      g_string_append (builder->payload, i ? ",\n" : "\n");
      indent (builder->payload, level + 1);
      append_key (builder->payload, child->key);
      g_string_append (builder->payload, ": ");
      if (!emit_field (builder, child, name, level + 1))
        return FALSE;
    }
  if (group->children->len > 0)
    {
      g_string_append_c (builder->payload, '\n');
      indent (builder->payload, level);
    }
  g_string_append_c (builder->payload, '}');
  return TRUE;
}

static gboolean
emit_field (Builder    *builder,
            Field      *field,
            const char *group_name,
            guint       level)
{
  g_autofree char *name = NULL;

  if (field->kind == FIELD_GROUP)
    return emit_group (builder, field, group_name, level);

  name = place_name (builder, field->key, group_name);
  if (!add_control (builder, control_kind (field->kind), name, field_properties (field), NULL))
    return FALSE;
  switch (field->kind)
    {
    case FIELD_TEXT:
    case FIELD_AREA:
      g_string_append_printf (builder->payload, "\"{{ %s.value }}\"", name);
      break;
    case FIELD_JSON:
      g_string_append_printf (builder->payload, "{{ %s.value | parse }}", name);
      break;
    case FIELD_NUMBER:
    case FIELD_SWITCH:
    case FIELD_CHOICE:
    case FIELD_GROUP:
    default:
      g_string_append_printf (builder->payload, "{{ %s.value }}", name);
      break;
    }
  return TRUE;
}

static JsonObject *
bindings_of (const char *property,
             const char *template,
             const char *property2,
             const char *template2)
{
  JsonObject *bindings = json_object_new ();

  json_object_set_string_member (bindings, property, template);
  if (property2 != NULL)
    json_object_set_string_member (bindings, property2, template2);
  return bindings;
}

static JsonObject *
labelled (const char *label,
          const char *style)
{
  JsonObject *properties = json_object_new ();

  json_object_set_string_member (properties, "label", label);
  if (style != NULL)
    json_object_set_string_member (properties, "style", style);
  return properties;
}

/* The button, status, answer and error that every generated form ends with, and the action. */
static gboolean
emit_invoke (Builder                     *builder,
             const LfFormGenerateOptions *options)
{
  g_autofree char *button = place_name (builder, "invokeButton", NULL);
  g_autofree char *status = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *failure = NULL;
  g_autoptr(JsonObject) action = json_object_new ();
  JsonObject *parameters = json_object_new ();
  JsonObject *trigger = json_object_new ();
  JsonObject *on_failure = json_object_new ();
  g_autoptr(LfAction) invoke = NULL;

  if (!add_control (builder, "button", button, labelled (_("Invoke"), "accent"), NULL))
    return FALSE;
  status = place_name (builder, "status", NULL);
  if (!add_control (builder, "status", status, labelled (_("Status"), NULL),
                    bindings_of ("value", "{{ " LF_FORM_GENERATE_ACTION ".state }}", NULL, NULL)))
    return FALSE;
  answer = place_name (builder, "answer", NULL);
  if (!add_control (builder, "json-view", answer, labelled (_("Answer"), NULL),
                    bindings_of ("value", "{{ " LF_FORM_GENERATE_ACTION ".data.Payload }}",
                                 NULL, NULL)))
    return FALSE;
  failure = place_name (builder, "errorMessage", NULL);
  if (!add_control (builder, "label", failure, labelled (_("Error"), NULL),
                    bindings_of ("value", "{{ " LF_FORM_GENERATE_ACTION ".error.message }}",
                                 "visible", "{{ " LF_FORM_GENERATE_ACTION ".error | json }}")))
    return FALSE;

  json_object_set_string_member (action, "name", LF_FORM_GENERATE_ACTION);
  json_object_set_string_member (action, "operation", "Invoke");
  json_object_set_string_member (parameters, "function_name", options->function_name);
  json_object_set_string_member (parameters, "payload", builder->payload->str);
  json_object_set_object_member (action, "parameters", parameters);
  json_object_set_string_member (trigger, "on", "click");
  json_object_set_string_member (trigger, "control", button);
  json_object_set_object_member (action, "trigger", trigger);
  json_object_set_string_member (on_failure, "show_error_in", failure);
  json_object_set_object_member (action, "on_failure", on_failure);
  invoke = lf_action_new_from_json (action, builder->error);
  return invoke != NULL && lf_form_insert_action (builder->form, invoke, -1, builder->error);
}

static LfForm *
form_from_fields (const LfFormGenerateOptions  *options,
                  Field                        *root,
                  GError                      **error)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(GString) payload = g_string_new (NULL);
  g_autofree char *title = options->title
    ? g_strdup (options->title)
    : g_strdup_printf (_("Test %s"), options->function_name);
  Builder builder = { form, payload, error };
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (options->function_name != NULL, NULL);

  if (!lf_form_set_setting (form, "title", title, error) ||
      (options->account != NULL && !lf_form_set_setting (form, "account", options->account, error)))
    return NULL;
  if (!emit_field (&builder, root, NULL, 0) || !emit_invoke (&builder, options))
    return NULL;
  /* Read back from its file form, so that its history starts here: undo does not take the
   * new form apart. */
  data = lf_form_to_data (form, &length);
  return lf_form_new_from_data (data, (gssize) length, error);
}

LfForm *
lf_form_generate_from_event (const LfFormGenerateOptions  *options,
                             JsonNode                     *event,
                             GError                      **error)
{
  g_autoptr(Field) root = NULL;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (event != NULL, NULL);

  root = field_from_event (NULL, event, 0);
  return form_from_fields (options, root, error);
}

LfForm *
lf_form_generate_from_schema (const LfFormGenerateOptions  *options,
                              JsonNode                     *schema,
                              JsonNode                     *example,
                              GError                      **error)
{
  SchemaWalk walk = { schema, 0 };
  JsonObject *top;
  g_autoptr(Field) root = NULL;
  g_autoptr(JsonNode) unwrapped = NULL;
  JsonObject *object;
  const char *content;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (schema != NULL, NULL);

  /* A DescribeSchema answer (what `aws schemas describe-schema` prints) holds the document as
   * text. */
  object = JSON_NODE_HOLDS_OBJECT (schema) ? json_node_get_object (schema) : NULL;
  content = object ? lf_json_object_get_string_member_or_null (object, "Content") : NULL;
  if (content != NULL && json_object_has_member (object, "SchemaName"))
    {
      unwrapped = lf_json_parse (content, -1, error);
      if (unwrapped == NULL)
        return NULL;
      walk.root = schema = unwrapped;
    }
  top = top_schema (schema, error);
  if (top == NULL)
    return NULL;
  root = field_from_schema (&walk, NULL, top, example, FALSE, error);
  if (root == NULL)
    return NULL;
  return form_from_fields (options, root, error);
}
