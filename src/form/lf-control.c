/* lf-control.c: a control as a view of its JSON object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "lf-form-private.h"
#include "lf-form-schema.h"
#include "lf-json-util.h"

struct _LfControl
{
  GObject              parent_instance;

  JsonObject          *object;
  const LfControlKind *kind;
  GHashTable          *defaults;    /* property -> JsonNode, made on demand */
  GHashTable          *templates;   /* property -> LfTemplate, dropped on every change */
  GHashTable          *fits;        /* property -> whether its value fits its type, likewise */
};

G_DEFINE_TYPE (LfControl, lf_control, G_TYPE_OBJECT)

static void
lf_control_finalize (GObject *object)
{
  LfControl *self = (LfControl *) object;

  g_clear_pointer (&self->object, json_object_unref);
  g_clear_pointer (&self->defaults, g_hash_table_unref);
  g_clear_pointer (&self->templates, g_hash_table_unref);
  g_clear_pointer (&self->fits, g_hash_table_unref);

  G_OBJECT_CLASS (lf_control_parent_class)->finalize (object);
}

static void
lf_control_class_init (LfControlClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_control_finalize;
}

static void
lf_control_init (LfControl *self)
{
  self->defaults = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) json_node_unref);
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->fits = g_hash_table_new (g_str_hash, g_str_equal);
}

LfControl *
_lf_control_new_from_json (JsonObject *object)
{
  LfControl *self = g_object_new (LF_TYPE_CONTROL, NULL);

  self->object = json_object_ref (object);
  self->kind = lf_control_kind_lookup (json_object_get_string_member_with_default (object,
                                                                                    "kind", ""));
  if (self->kind == NULL)
    self->kind = lf_control_kind_get_unknown ();
  return self;
}

LfControl *
lf_control_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(JsonNode) wrapper = NULL;
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!lf_form_schema_validate_control (object, "$", error))
    return NULL;
  /* A copy, so the caller's object can never change the document behind its back. */
  wrapper = json_node_init_object (json_node_alloc (), object);
  copy = lf_json_deep_copy (wrapper);
  return _lf_control_new_from_json (json_node_get_object (copy));
}

LfControl *
lf_control_new (const char *kind_id,
                const char *name)
{
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (lf_control_kind_lookup (kind_id) == NULL)
    return NULL;
  object = json_object_new ();
  json_object_set_string_member (object, "kind", kind_id);
  json_object_set_string_member (object, "name", name);
  json_object_set_object_member (object, "properties", json_object_new ());
  json_object_set_object_member (object, "bindings", json_object_new ());
  return _lf_control_new_from_json (object);
}

static JsonObject *
section_of (JsonObject *object,
            const char *section,
            gboolean    create)
{
  JsonNode *node;

  if (section == NULL)
    return object;
  node = json_object_get_member (object, section);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (!create)
        return NULL;
      json_object_set_object_member (object, section, json_object_new ());
      node = json_object_get_member (object, section);
    }
  return json_node_get_object (node);
}

void
_lf_control_set_member (LfControl  *self,
                        const char *section,
                        const char *name,
                        JsonNode   *value)
{
  JsonObject *target = section_of (self->object, section, TRUE);

  if (value != NULL)
    json_object_set_member (target, name, value);
  else if (json_object_has_member (target, name))
    json_object_remove_member (target, name);
  g_hash_table_remove_all (self->templates);
  g_hash_table_remove_all (self->fits);
}

JsonNode *
_lf_control_dup_member (LfControl  *self,
                        const char *section,
                        const char *name)
{
  JsonObject *target = section_of (self->object, section, FALSE);

  return target ? lf_json_deep_copy (json_object_get_member (target, name)) : NULL;
}

const char *
lf_control_get_name (LfControl *self)
{
  g_return_val_if_fail (LF_IS_CONTROL (self), NULL);
  return json_object_get_string_member_with_default (self->object, "name", "");
}

const LfControlKind *
lf_control_get_kind (LfControl *self)
{
  g_return_val_if_fail (LF_IS_CONTROL (self), NULL);
  return self->kind;
}

/* A value of the wrong type (a file written by hand) is a problem the form lists; what shows
 * meanwhile is the default. Checked once a change: paths are compiled to be checked. */
static gboolean
value_fits (LfControl            *self,
            const LfPropertySpec *spec,
            JsonNode             *node)
{
  gpointer known = g_hash_table_lookup (self->fits, spec->name);
  g_autofree char *message = NULL;
  gboolean fits;

  if (known != NULL)
    return GPOINTER_TO_INT (known) == 1;
  fits = lf_property_spec_check (spec, node, &message);
  g_hash_table_insert (self->fits, (gpointer) spec->name, GINT_TO_POINTER (fits ? 1 : 2));
  return fits;
}

JsonNode *
lf_control_get_property (LfControl  *self,
                         const char *name)
{
  const LfPropertySpec *spec;
  JsonObject *properties;
  JsonNode *node;

  g_return_val_if_fail (LF_IS_CONTROL (self), NULL);

  properties = section_of (self->object, "properties", FALSE);
  node = properties != NULL ? json_object_get_member (properties, name) : NULL;
  spec = lf_control_kind_find_property (self->kind, name);
  if (spec == NULL)
    return NULL;
  if (node != NULL && value_fits (self, spec, node))
    return node;
  node = g_hash_table_lookup (self->defaults, spec->name);
  if (node == NULL)
    {
      node = lf_property_spec_dup_default (spec);
      g_hash_table_insert (self->defaults, (gpointer) spec->name, node);
    }
  return node;
}

const char *
lf_control_get_string (LfControl  *self,
                       const char *name)
{
  JsonNode *node = lf_control_get_property (self, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

gboolean
lf_control_get_boolean (LfControl  *self,
                        const char *name)
{
  JsonNode *node = lf_control_get_property (self, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

const char *
lf_control_get_label (LfControl *self)
{
  return lf_control_get_string (self, "label");
}

char *
lf_control_dup_title (LfControl *self,
                      gboolean   with_name)
{
  const char *label;
  const char *kind;

  g_return_val_if_fail (LF_IS_CONTROL (self), NULL);

  label = lf_control_get_label (self);
  kind = _(lf_control_get_kind (self)->display_name);
  if (label == NULL || *label == '\0')
    label = lf_control_get_name (self);
  if (with_name)
    {
      /* Translators: a control's label, kind and name: "Function (Dropdown, picker1)". */
      return g_strdup_printf (_("%s (%s, %s)"), label, kind, lf_control_get_name (self));
    }
  /* Translators: a control's label and kind: "Function (Dropdown)". */
  return g_strdup_printf (_("%s (%s)"), label, kind);
}

const char *
lf_control_get_binding (LfControl  *self,
                        const char *property)
{
  JsonObject *bindings;

  g_return_val_if_fail (LF_IS_CONTROL (self), NULL);

  bindings = section_of (self->object, "bindings", FALSE);
  if (bindings == NULL || !json_object_has_member (bindings, property))
    return NULL;
  return json_object_get_string_member_with_default (bindings, property, NULL);
}

LfTemplate *
lf_control_get_binding_template (LfControl  *self,
                                 const char *property)
{
  LfTemplate *template;
  const char *text;

  g_return_val_if_fail (LF_IS_CONTROL (self), NULL);

  template = g_hash_table_lookup (self->templates, property);
  if (template != NULL)
    return template;
  text = lf_control_get_binding (self, property);
  if (text == NULL || (template = lf_template_new (text, NULL)) == NULL)
    return NULL;
  g_hash_table_insert (self->templates, g_strdup (property), template);
  return template;
}

gboolean
lf_control_get_beside_previous (LfControl *self)
{
  JsonNode *node;

  g_return_val_if_fail (LF_IS_CONTROL (self), FALSE);

  node = json_object_get_member (self->object, "beside_previous");
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

char **
lf_control_list_bindings (LfControl *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *bindings;

  g_return_val_if_fail (LF_IS_CONTROL (self), NULL);

  bindings = section_of (self->object, "bindings", FALSE);
  if (bindings != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (bindings);

      for (GList *l = members; l; l = l->next)
        g_strv_builder_add (builder, l->data);
    }
  return g_strv_builder_end (builder);
}

JsonObject *
lf_control_get_json (LfControl *self)
{
  g_return_val_if_fail (LF_IS_CONTROL (self), NULL);
  return self->object;
}

/* Checks *************************************************************************************/

static gboolean
is_date (const char *text)
{
  guint year, month, day;
  char end;

  return sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) == 3 && strlen (text) == 10 &&
         g_date_valid_dmy (day, month, year);
}

static gboolean
is_time (const char *text)
{
  guint hours, minutes, seconds = 0;
  int length = 0;

  return (sscanf (text, "%2u:%2u:%2u%n", &hours, &minutes, &seconds, &length) == 3 ||
          sscanf (text, "%2u:%2u%n", &hours, &minutes, &length) == 2) &&
         (gsize) length == strlen (text) && hours < 24 && minutes < 60 && seconds < 61;
}

static gboolean
is_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[strlen (at) - 1] != '.' && at[1] != '.' &&
         strpbrk (text, " \t\n<>,;") == NULL;
}

static gboolean
fits_format (const char *format,
             const char *text)
{
  if (g_str_equal (format, "date"))
    return is_date (text);
  if (g_str_equal (format, "date-time"))
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (text, NULL);

      return when != NULL;
    }
  if (g_str_equal (format, "time"))
    return is_time (text);
  if (g_str_equal (format, "email"))
    return is_email (text);
  if (g_str_equal (format, "uri"))
    {
      g_autofree char *scheme = g_uri_parse_scheme (text);

      return scheme != NULL && g_uri_is_valid (text, G_URI_FLAGS_NONE, NULL);
    }
  if (g_str_equal (format, "uuid"))
    return g_uuid_string_is_valid (text);
  return TRUE;
}

static const char *
format_example (const char *format)
{
  static const char * const examples[][2] = {
    { "date", "2026-12-31" }, { "date-time", "2026-12-31T09:30:00Z" }, { "time", "09:30" },
    { "email", "name@example.com" }, { "uri", "https://example.com/" },
    { "uuid", "123e4567-e89b-12d3-a456-426614174000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    if (g_str_equal (format, examples[i][0]))
      return examples[i][1];
  return "";
}

char *
lf_control_check_value (LfControl *self,
                        JsonNode  *value)
{
  const char *format;
  const char *text;
  g_autofree char *title = NULL;

  g_return_val_if_fail (LF_IS_CONTROL (self), NULL);

  if (lf_control_kind_find_property (self->kind, "format") == NULL)
    return NULL;
  text = value && JSON_NODE_HOLDS_VALUE (value) &&
         json_node_get_value_type (value) == G_TYPE_STRING ? json_node_get_string (value) : "";
  title = g_strdup (*lf_control_get_label (self) ? lf_control_get_label (self)
                                                 : lf_control_get_name (self));
  if (*text == '\0')
    return lf_control_get_boolean (self, "required")
             ? g_strdup_printf (_("Fill in “%s”."), title) : NULL;
  format = lf_control_get_string (self, "format");
  if (format == NULL || fits_format (format, text))
    return NULL;
  if (g_str_equal (format, "email"))
    return g_strdup_printf (_("“%s” must be an email address, like %s."), title,
                            format_example (format));
  if (g_str_equal (format, "uri"))
    return g_strdup_printf (_("“%s” must be a web address, like %s."), title,
                            format_example (format));
  if (g_str_equal (format, "uuid"))
    return g_strdup_printf (_("“%s” must be a UUID, like %s."), title, format_example (format));
  if (g_str_equal (format, "time"))
    return g_strdup_printf (_("“%s” must be a time, like %s."), title, format_example (format));
  if (g_str_equal (format, "date-time"))
    return g_strdup_printf (_("“%s” must be a date and time, like %s."), title,
                            format_example (format));
  return g_strdup_printf (_("“%s” must be a date, like %s."), title, format_example (format));
}
