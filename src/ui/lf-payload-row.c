/* lf-payload-row.c: one field of an Invoke payload written field by field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lf-accessible.h"
#include "lf-json-util.h"
#include "lf-payload-row.h"

struct _LfPayloadRow
{
  AdwPreferencesRow   parent_instance;

  GtkEditable        *key;
  GtkDropDown        *kind;
  GtkStack           *value;
  GtkEditable        *text;
  GtkEditable        *number;
  GtkSwitch          *toggle;
  GtkLabel           *toggle_state;
  GtkDropDown        *control;
  GtkWidget          *remove;

  guint               position;
  LfPayloadFieldKind  current_kind;
  /* The controls the editor offers (NULL until it knows the form), and the names the
   * drop-down lists: those, plus the one the row names when the form lacks it. */
  GStrv               offered_names;
  GStrv               offered_titles;
  GPtrArray          *control_names;
  gboolean            duplicate;
  /* Set while the row itself changes its widgets, which is no edit of the author's. */
  gboolean            updating;
};

enum {
  PROP_0,
  PROP_POSITION,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  APPLY,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (LfPayloadFieldKind, lf_payload_field_kind,
                    G_DEFINE_ENUM_VALUE (LF_PAYLOAD_FIELD_TEXT, "text"),
                    G_DEFINE_ENUM_VALUE (LF_PAYLOAD_FIELD_NUMBER, "number"),
                    G_DEFINE_ENUM_VALUE (LF_PAYLOAD_FIELD_BOOLEAN, "boolean"),
                    G_DEFINE_ENUM_VALUE (LF_PAYLOAD_FIELD_CONTROL, "control"))

G_DEFINE_FINAL_TYPE (LfPayloadRow, lf_payload_row, ADW_TYPE_PREFERENCES_ROW)

static const char * const kind_pages[] = { "text", "number", "boolean", "control" };

gboolean
lf_payload_number_is_valid (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  const char *p = copy;

  /* JSON's grammar, which is stricter than strtod: no "+", no leading zeros, no "1.", no hex. */
  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (g_ascii_isdigit (*p))
      p++;
  else
    return FALSE;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* JSON's quoting of @text, where "{{" would open an expression of the template: its first
 * brace goes in as \u007b, which JSON reads back as "{". */
static void
append_literal (GString    *out,
                const char *text)
{
  gsize start = out->len;

  lf_json_append_string (out, text, 0);
  for (gsize i = start; i + 1 < out->len; i++)
    if (out->str[i] == '{' && out->str[i + 1] == '{')
      {
        g_string_erase (out, i, 1);
        g_string_insert (out, i, "\\u007b");
        i += strlen ("\\u007b") - 1;
      }
}

/* The control chosen, or NULL. */
static const char *
chosen_control (LfPayloadRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->control);

  if (self->control_names == NULL || selected >= self->control_names->len)
    return NULL;
  return g_ptr_array_index (self->control_names, selected);
}

static void
mark (GtkWidget  *widget,
      const char *problem)
{
  if (problem != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID);
    }
  gtk_widget_set_tooltip_text (widget, problem);
}

/* What keeps the key from being sent, or NULL. */
static const char *
key_problem (LfPayloadRow *self)
{
  if (*gtk_editable_get_text (self->key) == '\0')
    return _("A field needs a key");
  if (self->duplicate)
    return _("A field above has the same key: this one is not sent");
  return NULL;
}

/* What keeps the value from being sent, or NULL. */
static const char *
value_problem (LfPayloadRow *self)
{
  switch (self->current_kind)
    {
    case LF_PAYLOAD_FIELD_NUMBER:
      if (!lf_payload_number_is_valid (gtk_editable_get_text (self->number)))
        return _("Write a number, such as 42, -7 or 2.5");
      return NULL;
    case LF_PAYLOAD_FIELD_CONTROL:
      if (chosen_control (self) == NULL)
        return _("The form has no control with a value yet");
      return NULL;
    case LF_PAYLOAD_FIELD_TEXT:
    case LF_PAYLOAD_FIELD_BOOLEAN:
    default:
      return NULL;
    }
}

static void
update_marks (LfPayloadRow *self)
{
  mark (GTK_WIDGET (self->key), key_problem (self));
  mark (GTK_WIDGET (self->number),
        self->current_kind == LF_PAYLOAD_FIELD_NUMBER ? value_problem (self) : NULL);
  if (self->current_kind == LF_PAYLOAD_FIELD_CONTROL)
    mark (GTK_WIDGET (self->control), value_problem (self));
  else
    mark (GTK_WIDGET (self->control), NULL);
}

static void
emit_changed (LfPayloadRow *self)
{
  if (self->updating)
    return;
  update_marks (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
emit_apply (LfPayloadRow *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[APPLY], 0);
}

static void
emit_remove (LfPayloadRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
show_toggle_state (LfPayloadRow *self)
{
  gtk_label_set_text (self->toggle_state,
                      gtk_switch_get_active (self->toggle) ? _("True") : _("False"));
}

static void
on_toggled (LfPayloadRow *self)
{
  show_toggle_state (self);
  emit_changed (self);
  emit_apply (self);
}

static void
on_control_chosen (LfPayloadRow *self)
{
  emit_changed (self);
  emit_apply (self);
}

static void
show_kind (LfPayloadRow       *self,
           LfPayloadFieldKind  kind)
{
  LfPayloadFieldKind before = self->current_kind;

  self->current_kind = kind;
  gtk_stack_set_visible_child_name (self->value, kind_pages[kind]);
  if (gtk_drop_down_get_selected (self->kind) != (guint) kind)
    gtk_drop_down_set_selected (self->kind, kind);
  if (before != kind)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

static void
on_kind_chosen (LfPayloadRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->kind);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION ||
      selected == (guint) self->current_kind)
    return;
  self->updating = TRUE;
  /* Text and numbers are both typed: what was typed follows the change of kind. */
  if (self->current_kind == LF_PAYLOAD_FIELD_TEXT && selected == LF_PAYLOAD_FIELD_NUMBER)
    gtk_editable_set_text (self->number, gtk_editable_get_text (self->text));
  else if (self->current_kind == LF_PAYLOAD_FIELD_NUMBER && selected == LF_PAYLOAD_FIELD_TEXT)
    gtk_editable_set_text (self->text, gtk_editable_get_text (self->number));
  if (selected == LF_PAYLOAD_FIELD_NUMBER && *gtk_editable_get_text (self->number) == '\0')
    gtk_editable_set_text (self->number, "0");
  show_kind (self, selected);
  self->updating = FALSE;
  emit_changed (self);
  emit_apply (self);
}

static void
name_widgets (LfPayloadRow *self)
{
  guint n = self->position + 1;
  /* Translators: %u counts the payload's fields from 1. */
  g_autofree char *key_name = g_strdup_printf (_("Key of field %u"), n);
  g_autofree char *kind_name = g_strdup_printf (_("Kind of value of field %u"), n);
  g_autofree char *value_name = g_strdup_printf (_("Value of field %u"), n);
  g_autofree char *remove_name = g_strdup_printf (_("Remove field %u"), n);

  lf_accessible_set_name (GTK_WIDGET (self->key), key_name);
  lf_accessible_set_name (GTK_WIDGET (self->kind), kind_name);
  lf_accessible_set_name (GTK_WIDGET (self->text), value_name);
  lf_accessible_set_name (GTK_WIDGET (self->number), value_name);
  lf_accessible_set_name (GTK_WIDGET (self->toggle), value_name);
  lf_accessible_set_name (GTK_WIDGET (self->control), value_name);
  lf_accessible_set_name (self->remove, remove_name);
}

static void
lf_payload_row_finalize (GObject *object)
{
  LfPayloadRow *self = (LfPayloadRow *) object;

  g_clear_pointer (&self->control_names, g_ptr_array_unref);
  g_clear_pointer (&self->offered_names, g_strfreev);
  g_clear_pointer (&self->offered_titles, g_strfreev);

  G_OBJECT_CLASS (lf_payload_row_parent_class)->finalize (object);
}

static void
lf_payload_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LfPayloadRow *self = LF_PAYLOAD_ROW (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->current_kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_payload_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LfPayloadRow *self = LF_PAYLOAD_ROW (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      lf_payload_row_set_position (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_payload_row_class_init (LfPayloadRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lf_payload_row_finalize;
  object_class->get_property = lf_payload_row_get_property;
  object_class->set_property = lf_payload_row_set_property;

  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, LF_TYPE_PAYLOAD_FIELD_KIND, LF_PAYLOAD_FIELD_TEXT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[APPLY] =
    g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-payload-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LfPayloadRow, key);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadRow, kind);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadRow, value);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadRow, text);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadRow, number);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadRow, toggle);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadRow, toggle_state);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadRow, control);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadRow, remove);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_control_chosen);
  gtk_widget_class_bind_template_callback (widget_class, emit_changed);
  gtk_widget_class_bind_template_callback (widget_class, emit_apply);
  gtk_widget_class_bind_template_callback (widget_class, emit_remove);
}

static void
lf_payload_row_init (LfPayloadRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The row's own model: the editor hands every row the same list of controls. */
  gtk_drop_down_set_model (self->control, G_LIST_MODEL (gtk_string_list_new (NULL)));
  g_object_unref (gtk_drop_down_get_model (self->control));
  self->current_kind = LF_PAYLOAD_FIELD_TEXT;
  name_widgets (self);
  update_marks (self);
}

GtkWidget *
lf_payload_row_new (guint position)
{
  return g_object_new (LF_TYPE_PAYLOAD_ROW, "position", position, NULL);
}

guint
lf_payload_row_get_position (LfPayloadRow *self)
{
  g_return_val_if_fail (LF_IS_PAYLOAD_ROW (self), 0);
  return self->position;
}

void
lf_payload_row_set_position (LfPayloadRow *self,
                             guint         position)
{
  g_return_if_fail (LF_IS_PAYLOAD_ROW (self));

  if (self->position == position)
    return;
  self->position = position;
  name_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

const char *
lf_payload_row_get_key (LfPayloadRow *self)
{
  g_return_val_if_fail (LF_IS_PAYLOAD_ROW (self), NULL);
  return gtk_editable_get_text (self->key);
}

LfPayloadFieldKind
lf_payload_row_get_kind (LfPayloadRow *self)
{
  g_return_val_if_fail (LF_IS_PAYLOAD_ROW (self), LF_PAYLOAD_FIELD_TEXT);
  return self->current_kind;
}

/* Lists the controls offered, plus @keep when it is not among them; selects @keep, else the
 * first. */
static void
fill_controls (LfPayloadRow *self,
               const char   *keep)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GtkStringList *list = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; self->offered_names != NULL && self->offered_names[i] != NULL; i++)
    {
      g_ptr_array_add (names, g_strdup (self->offered_names[i]));
      gtk_string_list_append (list, self->offered_titles[i]);
      if (g_strcmp0 (keep, self->offered_names[i]) == 0)
        selected = i;
    }
  if (keep != NULL && selected == GTK_INVALID_LIST_POSITION)
    {
      /* Before the editor knows the form, a name is all there is to show. */
      /* Translators: the name of a control the payload reads that the form lacks. */
      g_autofree char *title = self->offered_names != NULL
                               ? g_strdup_printf (_("%s (not on the form)"), keep)
                               : g_strdup (keep);

      selected = names->len;
      g_ptr_array_add (names, g_strdup (keep));
      gtk_string_list_append (list, title);
    }
  if (selected == GTK_INVALID_LIST_POSITION && names->len > 0)
    selected = 0;

  g_clear_pointer (&self->control_names, g_ptr_array_unref);
  self->control_names = g_steal_pointer (&names);
  gtk_drop_down_set_model (self->control, G_LIST_MODEL (list));
  g_object_unref (list);
  gtk_drop_down_set_selected (self->control, selected);
}

void
lf_payload_row_set_field (LfPayloadRow       *self,
                          const char         *key,
                          LfPayloadFieldKind  kind,
                          const char         *value)
{
  g_return_if_fail (LF_IS_PAYLOAD_ROW (self));
  g_return_if_fail (kind <= LF_PAYLOAD_FIELD_CONTROL);

  self->updating = TRUE;
  gtk_editable_set_text (self->key, key ? key : "");
  switch (kind)
    {
    case LF_PAYLOAD_FIELD_TEXT:
      gtk_editable_set_text (self->text, value ? value : "");
      break;
    case LF_PAYLOAD_FIELD_NUMBER:
      gtk_editable_set_text (self->number, value ? value : "0");
      break;
    case LF_PAYLOAD_FIELD_BOOLEAN:
      gtk_switch_set_active (self->toggle, g_strcmp0 (value, "true") == 0);
      show_toggle_state (self);
      break;
    case LF_PAYLOAD_FIELD_CONTROL:
      fill_controls (self, value);
      break;
    default:
      g_assert_not_reached ();
    }
  show_kind (self, kind);
  self->updating = FALSE;
  update_marks (self);
}

void
lf_payload_row_set_controls (LfPayloadRow       *self,
                             const char * const *names,
                             const char * const *titles)
{
  g_autofree char *keep = NULL;

  g_return_if_fail (LF_IS_PAYLOAD_ROW (self));
  g_return_if_fail (names != NULL && titles != NULL);
  g_return_if_fail (g_strv_length ((char **) names) == g_strv_length ((char **) titles));

  /* A choice matters only while the value is a control's. */
  if (self->current_kind == LF_PAYLOAD_FIELD_CONTROL)
    keep = g_strdup (chosen_control (self));
  g_strfreev (self->offered_names);
  g_strfreev (self->offered_titles);
  self->offered_names = g_strdupv ((char **) names);
  self->offered_titles = g_strdupv ((char **) titles);
  self->updating = TRUE;
  fill_controls (self, keep);
  self->updating = FALSE;
  update_marks (self);
}

void
lf_payload_row_set_duplicate (LfPayloadRow *self,
                              gboolean      duplicate)
{
  g_return_if_fail (LF_IS_PAYLOAD_ROW (self));

  duplicate = !!duplicate;
  if (self->duplicate == duplicate)
    return;
  self->duplicate = duplicate;
  update_marks (self);
}

gboolean
lf_payload_row_append_member (LfPayloadRow *self,
                              GString      *out)
{
  g_return_val_if_fail (LF_IS_PAYLOAD_ROW (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (key_problem (self) != NULL || value_problem (self) != NULL)
    return FALSE;

  append_literal (out, gtk_editable_get_text (self->key));
  g_string_append (out, ": ");
  switch (self->current_kind)
    {
    case LF_PAYLOAD_FIELD_TEXT:
      append_literal (out, gtk_editable_get_text (self->text));
      break;
    case LF_PAYLOAD_FIELD_NUMBER:
      {
        g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (self->number)));

        g_string_append (out, number);
      }
      break;
    case LF_PAYLOAD_FIELD_BOOLEAN:
      g_string_append (out, gtk_switch_get_active (self->toggle) ? "true" : "false");
      break;
    case LF_PAYLOAD_FIELD_CONTROL:
      /* Outside quotes an expression goes in as its value's JSON: text quoted, a number as
       * it is, a list as a list. ("| json" would make that JSON a text of its own.) */
      g_string_append_printf (out, "{{ %s.value }}", chosen_control (self));
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

void
lf_payload_row_focus_key (LfPayloadRow *self)
{
  g_return_if_fail (LF_IS_PAYLOAD_ROW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->key));
  gtk_editable_select_region (self->key, 0, -1);
}
