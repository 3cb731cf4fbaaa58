/* lf-control-kind.c: the control kinds, their properties, types and defaults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-json-util.h"
#include "lf-control-kind.h"
#include "lf-form-error.h"
#include "lf-template.h"

static const char * const tones[] = { "auto", "neutral", "accent", "success", "warning", "error",
                                      NULL };

static const LfPropertySpec common_properties[] = {
  { "label", N_("Label"), LF_PROPERTY_STRING, "\"\"", TRUE, N_("The caption shown with the control"), NULL },
  { "help", N_("Help"), LF_PROPERTY_STRING, "\"\"", FALSE, N_("A sentence shown below the control"), NULL },
  { "visible", N_("Visible"), LF_PROPERTY_BOOLEAN, "true", TRUE, N_("Whether the control is shown"), NULL },
  { "enabled", N_("Enabled"), LF_PROPERTY_BOOLEAN, "true", TRUE, N_("Whether the user can change it"), NULL },
  { NULL }
};

static const char * const formats[] = { "none", "date", "date-time", "time", "email", "uri", "uuid",
                                        NULL };

static const LfPropertySpec label_properties[] = {
  { "value", N_("Value"), LF_PROPERTY_STRING, "\"\"", TRUE, N_("The text"), NULL },
  { NULL }
};

/* What an action checks of a text before it sends it (lf_control_check_value ()). */
#define TEXT_CHECKS \
  { "required", N_("Required"), LF_PROPERTY_BOOLEAN, "false", FALSE, \
    N_("Actions that send it wait until it is filled in"), NULL }, \
  { "format", N_("Format"), LF_PROPERTY_ENUM, "\"none\"", FALSE, \
    N_("What the text must look like: a date, an email address…"), formats }

static const LfPropertySpec text_field_properties[] = {
  { "value", N_("Value"), LF_PROPERTY_STRING, "\"\"", TRUE, N_("The initial text"), NULL },
  { "placeholder", N_("Placeholder"), LF_PROPERTY_STRING, "\"\"", FALSE, N_("Shown while empty"), NULL },
  TEXT_CHECKS,
  { NULL }
};

static const LfPropertySpec text_area_properties[] = {
  { "value", N_("Value"), LF_PROPERTY_STRING, "\"\"", TRUE, N_("The initial text"), NULL },
  { "placeholder", N_("Placeholder"), LF_PROPERTY_STRING, "\"\"", FALSE, N_("Shown while empty"), NULL },
  { "monospace", N_("Monospace"), LF_PROPERTY_BOOLEAN, "false", FALSE, N_("Show the text in a fixed-width font"),
    NULL },
  { "editable", N_("Editable"), LF_PROPERTY_BOOLEAN, "true", TRUE, N_("Whether the user may type in it"), NULL },
  TEXT_CHECKS,
  { NULL }
};

static const LfPropertySpec dropdown_properties[] = {
  { "value", N_("Value"), LF_PROPERTY_JSON, "null", TRUE, N_("The selected option's value"), NULL },
  { "options", N_("Options"), LF_PROPERTY_OPTIONS, "[]", FALSE, N_("Static options: label and value"), NULL },
  { "items", N_("Items"), LF_PROPERTY_JSON, "null", TRUE, N_("A list the options are made from"), NULL },
  { "label_path", N_("Label path"), LF_PROPERTY_PATH, "\"$\"", FALSE, N_("Where an item's label is"), NULL },
  { "value_path", N_("Value path"), LF_PROPERTY_PATH, "\"$\"", FALSE, N_("Where an item's value is"), NULL },
  { NULL }
};

static const LfPropertySpec button_properties[] = {
  { "style", N_("Style"), LF_PROPERTY_ENUM, "\"auto\"", FALSE, N_("How the button stands out"), tones },
  { NULL }
};

static const LfPropertySpec switch_properties[] = {
  { "value", N_("Value"), LF_PROPERTY_BOOLEAN, "false", TRUE, N_("Whether it is on"), NULL },
  { NULL }
};

static const LfPropertySpec number_properties[] = {
  { "value", N_("Value"), LF_PROPERTY_NUMBER, "0", TRUE, N_("The initial number"), NULL },
  { "minimum", N_("Minimum"), LF_PROPERTY_NUMBER, "-1e15", FALSE, N_("The smallest number allowed"), NULL },
  { "maximum", N_("Maximum"), LF_PROPERTY_NUMBER, "1e15", FALSE, N_("The largest number allowed"), NULL },
  { "step", N_("Step"), LF_PROPERTY_NUMBER, "1", FALSE, N_("How much the arrows add"), NULL },
  { "digits", N_("Digits"), LF_PROPERTY_NUMBER, "0", FALSE, N_("Decimal places shown"), NULL },
  { NULL }
};

static const LfPropertySpec json_view_properties[] = {
  { "value", N_("Value"), LF_PROPERTY_JSON, "null", TRUE, N_("The JSON shown"), NULL },
  { "expanded", N_("Expanded"), LF_PROPERTY_BOOLEAN, "true", FALSE, N_("Whether objects start unfolded"), NULL },
  { NULL }
};

static const LfPropertySpec status_properties[] = {
  { "value", N_("Value"), LF_PROPERTY_JSON, "\"\"", TRUE, N_("A state or status code to show"), NULL },
  { "tone", N_("Tone"), LF_PROPERTY_ENUM, "\"auto\"", TRUE, N_("The colour; auto derives it from the value"),
    tones },
  { NULL }
};

static const LfPropertySpec key_value_table_properties[] = {
  { "value", N_("Value"), LF_PROPERTY_JSON, "null", TRUE, N_("An object, or a list of objects, to show as rows"),
    NULL },
  { "key_path", N_("Key path"), LF_PROPERTY_PATH, "\"key\"", FALSE, N_("Where a row object's key is"), NULL },
  { "value_path", N_("Value path"), LF_PROPERTY_PATH, "\"value\"", FALSE, N_("Where a row object's value is"), NULL },
  { NULL }
};

static const LfControlKind kinds[] = {
  { "label", N_("Label"), N_("Text the form shows"), LF_PROPERTY_STRING, TRUE, FALSE,
    label_properties },
  { "text-field", N_("Text field"), N_("One line of text"), LF_PROPERTY_STRING, TRUE, TRUE,
    text_field_properties },
  { "text-area", N_("Text area"), N_("Several lines of text"), LF_PROPERTY_STRING, TRUE, TRUE,
    text_area_properties },
  { "dropdown", N_("Dropdown"), N_("One choice out of a list"), LF_PROPERTY_JSON, TRUE, TRUE,
    dropdown_properties },
  { "button", N_("Button"), N_("Runs actions when clicked"), LF_PROPERTY_JSON, FALSE, FALSE,
    button_properties },
  { "switch", N_("Switch"), N_("On or off"), LF_PROPERTY_BOOLEAN, TRUE, TRUE, switch_properties },
  { "number", N_("Number"), N_("A number with arrows"), LF_PROPERTY_NUMBER, TRUE, TRUE,
    number_properties },
  { "json-view", N_("JSON view"), N_("A JSON value as a tree"), LF_PROPERTY_JSON, TRUE, FALSE,
    json_view_properties },
  { "status", N_("Status"), N_("A state or status code with a colour"), LF_PROPERTY_JSON, TRUE,
    FALSE,
    status_properties },
  { "key-value-table", N_("Key-value table"), N_("Rows of keys and values"), LF_PROPERTY_JSON,
    TRUE, FALSE,
    key_value_table_properties },
};

/* What a control of a kind this version does not know is shown as; not in the palette. */
static const LfPropertySpec no_properties[] = {
  { NULL }
};

static const LfControlKind unknown_kind = {
  "unknown", N_("Unknown control"),
  N_("A kind this version of LambdaForms does not know; it is kept as it is"),
  LF_PROPERTY_JSON, FALSE, FALSE, no_properties
};

const LfControlKind *
lf_control_kind_get_unknown (void)
{
  return &unknown_kind;
}

const LfControlKind * const *
lf_control_kind_get_all (guint *n_kinds)
{
  static const LfControlKind *all[G_N_ELEMENTS (kinds) + 1];

  if (all[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      all[i] = &kinds[i];
  if (n_kinds != NULL)
    *n_kinds = G_N_ELEMENTS (kinds);
  return all;
}

const LfControlKind *
lf_control_kind_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].id, id) == 0)
      return &kinds[i];
  return NULL;
}

const LfPropertySpec *
lf_control_kind_find_property (const LfControlKind *kind,
                               const char          *name)
{
  g_return_val_if_fail (kind != NULL, NULL);

  if (name == NULL)
    return NULL;
  for (const LfPropertySpec *p = common_properties; p->name; p++)
    if (strcmp (p->name, name) == 0)
      return p;
  for (const LfPropertySpec *p = kind->properties; p->name; p++)
    if (strcmp (p->name, name) == 0)
      return p;
  return NULL;
}

const char **
lf_control_kind_list_properties (const LfControlKind *kind)
{
  GPtrArray *names = g_ptr_array_new ();

  for (const LfPropertySpec *p = common_properties; p->name; p++)
    g_ptr_array_add (names, (gpointer) p->name);
  for (const LfPropertySpec *p = kind->properties; p->name; p++)
    g_ptr_array_add (names, (gpointer) p->name);
  g_ptr_array_add (names, NULL);
  return (const char **) g_ptr_array_free (names, FALSE);
}

JsonNode *
lf_property_spec_dup_default (const LfPropertySpec *spec)
{
  JsonNode *node = lf_json_parse (spec->default_json, -1, NULL);

  /* The table is ours: a default that does not parse is a programming error. */
  g_assert (node != NULL);
  return node;
}

const char *
lf_property_type_to_string (LfPropertyType type)
{
  switch (type)
    {
    case LF_PROPERTY_STRING: return _("a string");
    case LF_PROPERTY_BOOLEAN: return _("true or false");
    case LF_PROPERTY_NUMBER: return _("a number");
    case LF_PROPERTY_JSON: return _("any JSON value");
    case LF_PROPERTY_OPTIONS: return _("a list of {\"label\": …, \"value\": …} objects");
    case LF_PROPERTY_PATH: return _("a path such as \"FunctionName\" or \"$\"");
    case LF_PROPERTY_ENUM: return _("one of a fixed set of strings");
    default: return _("a value");
    }
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
check_options (JsonNode  *node,
               char     **message)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *message = g_strdup (_("must be a list of {\"label\": …, \"value\": …} objects"));
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          *message = g_strdup_printf (_("option %u must be an object with a label and a value"), i);
          return FALSE;
        }
      object = json_node_get_object (item);
      if (!json_object_has_member (object, "label") ||
          !is_string (json_object_get_member (object, "label")))
        {
          *message = g_strdup_printf (_("option %u needs a \"label\" string"), i);
          return FALSE;
        }
      if (!json_object_has_member (object, "value"))
        {
          *message = g_strdup_printf (_("option %u needs a \"value\""), i);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_path (JsonNode  *node,
            char     **message)
{
  g_autoptr(JsonPath) path = json_path_new ();
  g_autoptr(GError) error = NULL;
  const char *text;

  if (!is_string (node))
    {
      *message = g_strdup (_("must be a path string such as \"FunctionName\" or \"$\""));
      return FALSE;
    }
  text = json_node_get_string (node);
  if (!lf_json_path_compile_item (path, text, &error))
    {
      *message = g_error_matches (error, LF_FORM_ERROR, LF_FORM_ERROR_PARSE)
                   ? g_strdup_printf ("“%s”: %s", text, error->message)
                   : g_strdup_printf (_("“%s” is not a path such as \"FunctionName\" or "
                                        "\"Configuration.Runtime\""), text);
      return FALSE;
    }
  return TRUE;
}

gboolean
lf_property_spec_check (const LfPropertySpec  *spec,
                        JsonNode              *node,
                        char                 **message)
{
  g_return_val_if_fail (spec != NULL && node != NULL && message != NULL, FALSE);

  *message = NULL;
  switch (spec->type)
    {
    case LF_PROPERTY_STRING:
      if (is_string (node))
        return TRUE;
      break;
    case LF_PROPERTY_BOOLEAN:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return TRUE;
      break;
    case LF_PROPERTY_NUMBER:
      if (is_number (node))
        return TRUE;
      break;
    case LF_PROPERTY_JSON:
      return TRUE;
    case LF_PROPERTY_OPTIONS:
      return check_options (node, message);
    case LF_PROPERTY_PATH:
      return check_path (node, message);
    case LF_PROPERTY_ENUM:
      if (is_string (node) && g_strv_contains (spec->choices, json_node_get_string (node)))
        return TRUE;
      {
        g_autofree char *list = g_strjoinv ("\", \"", (char **) spec->choices);

        *message = g_strdup_printf (_("must be one of \"%s\""), list);
        return FALSE;
      }
    default:
      break;
    }

  *message = g_strdup_printf (_("must be %s"), lf_property_type_to_string (spec->type));
  return FALSE;
}
