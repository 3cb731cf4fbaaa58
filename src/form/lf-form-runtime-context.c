/* lf-form-runtime-context.c: the context templates read, and what a change sets off
 *
 * The context is one JSON object with a record per control and per action. Records are never
 * changed in place: a change makes a new record, so a value some binding copied out of the
 * context can never change under it. A changed member reaches exactly the bindings that read
 * it, a dropdown's options follow its items, a table's rows follow its value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include "lf-json-util.h"
#include "lf-form-runtime-private.h"

/* Records ******************************************************************************/

static JsonNode *
take_array (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

static JsonObject *
context_object (LfFormRuntime *self)
{
  return json_node_get_object (self->context);
}

JsonObject *
_lf_form_runtime_record_of (LfFormRuntime *self,
                            const char    *name)
{
  JsonNode *node = json_object_get_member (context_object (self), name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

void
_lf_form_runtime_replace_member (LfFormRuntime *self,
                                 const char    *name,
                                 const char    *member,
                                 JsonNode      *value)
{
  JsonObject *old = _lf_form_runtime_record_of (self, name);
  JsonObject *record = json_object_new ();
  g_autoptr(GList) members = old ? json_object_get_members (old) : NULL;
  gboolean placed = FALSE;

  for (GList *l = members; l; l = l->next)
    {
      if (g_str_equal (l->data, member))
        {
          json_object_set_member (record, member, value);
          placed = TRUE;
        }
      else
        json_object_set_member (record, l->data, json_node_copy (json_object_get_member (old,
                                                                                         l->data)));
    }
  if (!placed)
    json_object_set_member (record, member, value);
  json_object_set_object_member (context_object (self), name, record);
}

JsonObject *
_lf_form_runtime_new_action_record (void)
{
  JsonObject *record = json_object_new ();

  json_object_set_string_member (record, "state", "idle");
  json_object_set_null_member (record, "status");
  json_object_set_null_member (record, "data");
  json_object_set_null_member (record, "error");
  json_object_set_null_member (record, "request");
  return record;
}

static gboolean
is_text_kind (const LfControlKind *kind)
{
  return kind->has_value && kind->value_type == LF_PROPERTY_STRING;
}

/* Options and rows *********************************************************************/

/* What @item_path (a dropdown's "label_path", "$", "[0]"…) names in @item, or NULL. */
static JsonNode *
item_at (JsonNode   *item,
         const char *item_path)
{
  g_autoptr(JsonPath) path = json_path_new ();
  g_autoptr(JsonNode) matches = NULL;
  JsonArray *array;

  if (!lf_json_path_compile_item (path, item_path, NULL))
    return NULL;
  matches = json_path_match (path, item);
  array = json_node_get_array (matches);
  return json_array_get_length (array) > 0 ? json_array_dup_element (array, 0) : NULL;
}

/* A dropdown's option or a table's row made from one bound item: {@text_member: the text
 * at the path @record names in @path_member, "value": what is at its "value_path"}. */
static JsonObject *
entry_of_item (JsonObject *record,
               JsonNode   *item,
               const char *path_member,
               const char *text_member)
{
  g_autoptr(JsonNode) text_node =
    item_at (item, lf_json_object_get_string_member_or_null (record, path_member));
  JsonNode *value = item_at (item, lf_json_object_get_string_member_or_null (record,
                                                                             "value_path"));
  g_autofree char *text = lf_json_to_plain_text (text_node);
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, text_member, text);
  json_object_set_member (entry, "value", value ? value
                                          : json_node_init_null (json_node_alloc ()));
  return entry;
}

/* A dropdown's options: made from its bound items when it has any, else its static ones. */
static JsonArray *
list_options (LfControl  *control,
              JsonObject *record)
{
  JsonNode *items = json_object_get_member (record, "items");
  JsonNode *fixed = lf_control_get_property (control, "options");
  JsonArray *options = json_array_new ();

  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      JsonArray *array = json_node_get_array (items);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_object_element (options,
                                       entry_of_item (record, json_array_get_element (array, i),
                                                      "label_path", "label"));
    }
  else
    for (guint i = 0; fixed && i < json_array_get_length (json_node_get_array (fixed)); i++)
      json_array_add_element (options, json_array_dup_element (json_node_get_array (fixed), i));
  return options;
}

/* A dropdown's live options; its value follows when it is no longer one of them. */
static void
update_options (LfFormRuntime *self,
                LfControl     *control)
{
  const char *name = lf_control_get_name (control);
  JsonObject *record = _lf_form_runtime_record_of (self, name);
  JsonNode *value = json_object_get_member (record, "value");
  JsonArray *options = list_options (control, record);
  JsonNode *first = NULL;
  gboolean found = FALSE;

  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonNode *option_value = json_object_get_member (json_array_get_object_element (options, i),
                                                       "value");

      if (first == NULL)
        first = option_value;
      if (value != NULL && json_node_equal (option_value, value))
        found = TRUE;
    }
  if (first != NULL)
    first = json_node_copy (first);

  _lf_form_runtime_replace_member (self, name, "options", take_array (options));
  _lf_form_runtime_emit_value_changed (self, name, "options");

  /* No longer a choice: the first option is, as a dropdown shows it. */
  if (first != NULL && !found)
    _lf_form_runtime_set_control_member (self, control, "value", first);
  else if (first != NULL)
    json_node_unref (first);
}

/* A key-value table's rows, from an object's members or a list of objects. */
static void
update_rows (LfFormRuntime *self,
             LfControl     *control)
{
  const char *name = lf_control_get_name (control);
  JsonObject *record = _lf_form_runtime_record_of (self, name);
  JsonNode *value = json_object_get_member (record, "value");
  JsonArray *rows = json_array_new ();

  if (value != NULL && JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l; l = l->next)
        {
          JsonObject *row = json_object_new ();

          json_object_set_string_member (row, "key", l->data);
          json_object_set_member (row, "value", json_object_dup_member (object, l->data));
          json_array_add_object_element (rows, row);
        }
    }
  else if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_object_element (rows,
                                       entry_of_item (record, json_array_get_element (array, i),
                                                      "key_path", "key"));
    }

  _lf_form_runtime_replace_member (self, name, "rows", take_array (rows));
  _lf_form_runtime_emit_value_changed (self, name, "rows");
}

void
_lf_form_runtime_add_control_record (LfFormRuntime *self,
                                     LfControl     *control)
{
  const LfControlKind *kind = lf_control_get_kind (control);
  g_autofree const char **names = lf_control_kind_list_properties (kind);
  JsonObject *record = json_object_new ();

  for (guint j = 0; names[j]; j++)
    json_object_set_member (record, names[j],
                            json_node_copy (lf_control_get_property (control, names[j])));
  if (!kind->has_value)
    json_object_set_null_member (record, "value");
  if (is_text_kind (kind))
    json_object_set_member (record, "text", json_object_dup_member (record, "value"));
  json_object_set_object_member (context_object (self), lf_control_get_name (control), record);
  if (g_str_equal (kind->id, "dropdown"))
    update_options (self, control);
  if (g_str_equal (kind->id, "key-value-table"))
    update_rows (self, control);
}

/* Bindings *****************************************************************************/

static JsonNode *
coerce_to_string (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_ref (node);
  text = lf_json_to_plain_text (node);
  return json_node_init_string (json_node_alloc (), text);
}

static JsonNode *
coerce_to_boolean (JsonNode *node)
{
  GType value_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                  : G_TYPE_INVALID;
  const char * const falsy[] = { "", "false", "null", "0", NULL };
  gboolean truth;

  if (value_type == G_TYPE_BOOLEAN)
    return json_node_ref (node);
  if (value_type == G_TYPE_STRING)
    truth = !g_strv_contains (falsy, json_node_get_string (node));
  else if (value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE)
    truth = json_node_get_double (node) != 0;
  else
    truth = !JSON_NODE_HOLDS_NULL (node);
  return json_node_init_boolean (json_node_alloc (), truth);
}

static JsonNode *
coerce_to_number (JsonNode *node)
{
  GType value_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                  : G_TYPE_INVALID;

  if (value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE)
    return json_node_ref (node);
  if (value_type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;
      double number = g_ascii_strtod (text, &end);

      if (end != NULL && end != text && *end == '\0')
        return json_node_init_double (json_node_alloc (), number);
    }
  return json_node_init_int (json_node_alloc (), 0);
}

/* What a binding gave, made to fit the property's type. Takes @node. */
static JsonNode *
coerce (LfPropertyType  type,
        JsonNode       *node)
{
  g_autoptr(JsonNode) taken = node;

  switch (type)
    {
    case LF_PROPERTY_STRING:
    case LF_PROPERTY_ENUM:
    case LF_PROPERTY_PATH:
      return coerce_to_string (node);
    case LF_PROPERTY_BOOLEAN:
      return coerce_to_boolean (node);
    case LF_PROPERTY_NUMBER:
      return coerce_to_number (node);
    case LF_PROPERTY_JSON:
    case LF_PROPERTY_OPTIONS:
    default:
      return g_steal_pointer (&taken);
    }
}

void
_lf_form_runtime_set_evaluated (LfFormRuntime  *self,
                                LfControl      *control,
                                const char     *member,
                                LfPropertyType  type,
                                LfTemplate     *template)
{
  g_autoptr(GError) error = NULL;
  JsonNode *value = lf_template_evaluate (template, self->context, &error);

  if (value == NULL)
    {
      /* A filter refused what it got: nothing shows rather than a stale value. */
      g_debug ("%s.%s: %s", lf_control_get_name (control), member, error->message);
      value = json_node_init_null (json_node_alloc ());
    }
  _lf_form_runtime_set_control_member (self, control, member, coerce (type, value));
}

static void
evaluate_binding (LfFormRuntime *self,
                  LfControl     *control,
                  const char    *property)
{
  LfTemplate *template = lf_control_get_binding_template (control, property);
  const LfPropertySpec *spec = lf_control_kind_find_property (lf_control_get_kind (control),
                                                              property);

  if (template == NULL || spec == NULL)
    return;
  self->n_evaluations++;
  _lf_form_runtime_set_evaluated (self, control, property, spec->type, template);
}

void
_lf_form_runtime_evaluate_bindings (LfFormRuntime *self,
                                    const char    *name,
                                    const char    *member)
{
  for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
    {
      LfControl *control = lf_form_get_control (self->form, i);
      g_auto(GStrv) bound = lf_control_list_bindings (control);

      for (guint j = 0; bound[j]; j++)
        {
          LfTemplate *template = lf_control_get_binding_template (control, bound[j]);

          if (name == NULL || (template != NULL && lf_template_reads (template, name, member)))
            evaluate_binding (self, control, bound[j]);
        }
    }
}

/* A member whose change a dropdown's options or a table's rows follow. */
static void
update_derived (LfFormRuntime *self,
                LfControl     *control,
                const char    *member)
{
  const char *kind_id = lf_control_get_kind (control)->id;

  if (g_str_equal (kind_id, "dropdown") &&
      (g_str_equal (member, "items") || g_str_equal (member, "label_path") ||
       g_str_equal (member, "value_path")))
    update_options (self, control);
  if (g_str_equal (kind_id, "key-value-table") && g_str_equal (member, "value"))
    update_rows (self, control);
}

void
_lf_form_runtime_set_control_member (LfFormRuntime *self,
                                     LfControl     *control,
                                     const char    *member,
                                     JsonNode      *value)
{
  const LfControlKind *kind = lf_control_get_kind (control);
  const char *name = lf_control_get_name (control);
  JsonNode *old = json_object_get_member (_lf_form_runtime_record_of (self, name), member);
  gboolean is_text = g_str_equal (member, "value") && is_text_kind (kind);

  if (old != NULL && json_node_equal (old, value))
    {
      json_node_unref (value);
      return;
    }

  if (is_text)
    _lf_form_runtime_replace_member (self, name, "text", json_node_copy (value));
  _lf_form_runtime_replace_member (self, name, member, value);
  _lf_form_runtime_emit_value_changed (self, name, member);
  update_derived (self, control, member);

  _lf_form_runtime_evaluate_bindings (self, name, member);
  if (is_text)
    _lf_form_runtime_evaluate_bindings (self, name, "text");

  if (g_str_equal (member, "value") && self->started)
    _lf_form_runtime_schedule_triggered (self, LF_TRIGGER_CHANGE, name);
}
