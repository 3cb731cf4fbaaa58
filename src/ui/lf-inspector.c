/* lf-inspector.c: rows generated from the catalogue for the selected control
 *
 * The rows are made again when the selection changes, or when the control changes from
 * elsewhere (an undo); never while a row of ours is applying its own change, so that typing
 * is not interrupted.
 *
 * Binding rows complete what is typed inside "{{ … }}" from the paths the editor's picker
 * lists: a popover under the row that never takes the focus, driven by the row's keys.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lf-form-schema.h"
#include "lf-json-util.h"
#include "lf-path-picker.h"
#include "lf-inspector.h"

struct _LfInspector
{
  AdwBin     parent_instance;

  LfEditorContext *context;
  LfForm    *form;
  LfControl *control;
  GPtrArray *bindings;   /* AdwEntryRow of each binding, owned by the page */
  GtkWidget *beside_row; /* owned by the page */
  guint      rebuild_id;
  gboolean   applying;

  /* Completion */
  GtkWidget *completion;       /* our popover child */
  GtkListBox *suggestions;
  GtkWidget *completing;       /* the binding row it serves, owned by the page */
  guint      completion_id;
  int        token_start;      /* in characters: what a suggestion replaces */
  int        token_end;
  gboolean   inserting;
};

#define MAX_SUGGESTIONS 8

G_DEFINE_FINAL_TYPE (LfInspector, lf_inspector, ADW_TYPE_BIN)

static void rebuild (LfInspector *self);

static void
queue_rebuild (LfInspector *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_once ((GSourceOnceFunc) rebuild, self);
}

static const char *
row_property (gpointer row)
{
  return g_object_get_data (G_OBJECT (row), "lf-property");
}

static void
set_row_property (gpointer    row,
                  const char *property)
{
  g_object_set_data_full (G_OBJECT (row), "lf-property", g_strdup (property), g_free);
}

static void
show_row_error (GtkWidget  *row,
                const char *message)
{
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, message);
}

static gboolean
apply_property (LfInspector *self,
                GtkWidget   *row,
                const char  *property,
                JsonNode    *value)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  self->applying = TRUE;
  ok = lf_form_set_control_property (self->form, self->control, property, value, &error);
  self->applying = FALSE;
  show_row_error (row, ok ? NULL : error->message);
  return ok;
}

/* Name *********************************************************************************/

/* Says what is wrong with @name as the control's new name, or NULL. */
static char *
check_name (LfInspector *self,
            const char  *name)
{
  LfControl *other = lf_form_find_control (self->form, name);

  g_autoptr(GError) error = NULL;

  if (!lf_form_schema_check_name (name, &error))
    return g_strdup (error->message);
  if ((other != NULL && other != self->control) || lf_form_find_action (self->form, name) != NULL)
    return g_strdup_printf (_("“%s” is already taken"), name);
  return NULL;
}

static void
show_name_error (GtkWidget  *row,
                 const char *message)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "lf-error-label");

  show_row_error (row, message);
  gtk_label_set_text (GTK_LABEL (label), message ? message : "");
  gtk_widget_set_visible (gtk_widget_get_parent (label), message != NULL);
}

static void
on_name_changed (GtkEditable *row,
                 LfInspector *self)
{
  g_autofree char *message = check_name (self, gtk_editable_get_text (row));

  show_name_error (GTK_WIDGET (row), message);
}

static void
on_name_apply (AdwEntryRow *row,
               LfInspector *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  self->applying = TRUE;
  ok = lf_form_rename_control (self->form, self->control,
                               gtk_editable_get_text (GTK_EDITABLE (row)), &error);
  self->applying = FALSE;
  show_name_error (GTK_WIDGET (row), ok ? NULL : error->message);
}

/* Properties by type *******************************************************************/

static void
on_text_apply (AdwEntryRow *row,
               LfInspector *self)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (),
                                                    gtk_editable_get_text (GTK_EDITABLE (row)));

  apply_property (self, GTK_WIDGET (row), row_property (row), node);
}

static void
on_json_apply (AdwEntryRow *row,
               LfInspector *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = *text ? lf_json_parse (text, -1, &error)
                                   : json_node_init_null (json_node_alloc ());

  if (node == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not JSON: %s"), error->message);

      show_row_error (GTK_WIDGET (row), message);
      return;
    }
  apply_property (self, GTK_WIDGET (row), row_property (row), node);
}

static void
on_switch_active (GtkSwitch   *toggle,
                  GParamSpec  *pspec,
                  LfInspector *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (toggle), ADW_TYPE_ACTION_ROW);
  g_autoptr(JsonNode) node = json_node_init_boolean (json_node_alloc (),
                                                     gtk_switch_get_active (toggle));

  apply_property (self, row, row_property (row), node);
}

static void
on_spin_value_changed (GtkSpinButton *spin,
                       LfInspector   *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (spin), ADW_TYPE_ACTION_ROW);
  double value = gtk_spin_button_get_value (spin);
  g_autoptr(JsonNode) node = json_node_alloc ();

  /* Whole numbers stay integers in the file. */
  if (value == (gint64) value)
    json_node_init_int (node, (gint64) value);
  else
    json_node_init_double (node, value);
  apply_property (self, row, row_property (row), node);
}

static void
on_enum_selected (AdwComboRow *row,
                  GParamSpec  *pspec,
                  LfInspector *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);
  g_autoptr(JsonNode) node = NULL;

  if (item == NULL)
    return;
  node = json_node_init_string (json_node_alloc (), gtk_string_object_get_string (item));
  apply_property (self, GTK_WIDGET (row), row_property (row), node);
}

static GtkWidget *
make_entry_row (const char *title,
                const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  return row;
}

/* Options: one row per option, label and value side by side. */

static void
write_options (LfInspector *self,
               GtkWidget   *group,
               int          skip)
{
  g_autoptr(JsonArray) options = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  GPtrArray *rows = g_object_get_data (G_OBJECT (group), "lf-option-rows");

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      JsonObject *option;
      const char *value_text;
      JsonNode *value;

      if ((int) i == skip)
        continue;
      option = json_object_new ();
      value_text = gtk_editable_get_text (g_object_get_data (G_OBJECT (row), "lf-value"));
      /* Numbers and true/false are taken as such, anything else as text. */
      value = lf_json_parse (value_text, -1, NULL);
      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
        {
          g_clear_pointer (&value, json_node_unref);
          value = json_node_init_string (json_node_alloc (), value_text);
        }
      json_object_set_string_member (option, "label", gtk_editable_get_text (
                                       g_object_get_data (G_OBJECT (row), "lf-label")));
      json_object_set_member (option, "value", value);
      json_array_add_object_element (options, option);
    }
  node = json_node_init_array (json_node_alloc (), options);
  apply_property (self, group, "options", node);
}

static void
on_option_activate (GtkWidget   *entry,
                    LfInspector *self)
{
  write_options (self, g_object_get_data (G_OBJECT (entry), "lf-group"), -1);
}

static void
on_option_remove (GtkWidget   *button,
                  LfInspector *self)
{
  GtkWidget *group = g_object_get_data (G_OBJECT (button), "lf-group");

  write_options (self, group, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "lf-index")));
  queue_rebuild (self);
}

static void
on_option_add (GtkWidget   *button,
               LfInspector *self)
{
  JsonNode *current = lf_control_get_property (self->control, "options");
  g_autoptr(JsonArray) options = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *option = json_object_new ();
  guint n = 0;

  if (current != NULL && JSON_NODE_HOLDS_ARRAY (current))
    {
      n = json_array_get_length (json_node_get_array (current));
      for (guint i = 0; i < n; i++)
        json_array_add_element (options,
                                json_node_copy (json_array_get_element (
                                                  json_node_get_array (current), i)));
    }
  json_object_set_string_member (option, "label", _("New option"));
  json_object_set_string_member (option, "value", "");
  json_array_add_object_element (options, option);
  node = json_node_init_array (json_node_alloc (), options);
  apply_property (self, button, "options", node);
  queue_rebuild (self);
}

static GtkWidget *
make_options_group (LfInspector *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
  JsonNode *options = lf_control_get_property (self->control, "options");
  GPtrArray *rows = g_ptr_array_new ();
  guint n = options && JSON_NODE_HOLDS_ARRAY (options)
            ? json_array_get_length (json_node_get_array (options)) : 0;

  g_object_set_data_full (G_OBJECT (group), "lf-option-rows", rows,
                          (GDestroyNotify) g_ptr_array_unref);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Options"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("What the list offers when no items are bound. "
                                           "Press Enter to keep a change."));
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, _("Add Option"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add Option"), -1);
  g_signal_connect (add, "clicked", G_CALLBACK (on_option_add), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *option = json_array_get_object_element (json_node_get_array (options), i);
      GtkWidget *row = adw_preferences_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_entry_new ();
      GtkWidget *value = gtk_entry_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *value_text = NULL;
      g_autofree char *label_name = g_strdup_printf (_("Label of option %u"), i + 1);
      g_autofree char *value_name = g_strdup_printf (_("Value of option %u"), i + 1);
      g_autofree char *remove_name = g_strdup_printf (_("Remove option %u"), i + 1);

      if (option == NULL)
        continue;
      value_text = lf_json_to_plain_text (json_object_get_member (option, "value"));
      gtk_editable_set_text (GTK_EDITABLE (label),
                             json_object_get_string_member_with_default (option, "label", ""));
      gtk_editable_set_text (GTK_EDITABLE (value), value_text);
      gtk_entry_set_placeholder_text (GTK_ENTRY (label), _("Label"));
      gtk_entry_set_placeholder_text (GTK_ENTRY (value), _("Value"));
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label_name, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      value_name, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_name, -1);
      gtk_widget_set_tooltip_text (remove, _("Remove Option"));
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data (G_OBJECT (label), "lf-group", group);
      g_object_set_data (G_OBJECT (value), "lf-group", group);
      g_object_set_data (G_OBJECT (remove), "lf-group", group);
      g_object_set_data (G_OBJECT (remove), "lf-index", GINT_TO_POINTER (rows->len));
      g_object_set_data (G_OBJECT (row), "lf-label", label);
      g_object_set_data (G_OBJECT (row), "lf-value", value);
      g_signal_connect (label, "activate", G_CALLBACK (on_option_activate), self);
      g_signal_connect (value, "activate", G_CALLBACK (on_option_activate), self);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_option_remove), self);

      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 6);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), value);
      gtk_box_append (GTK_BOX (box), remove);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      g_ptr_array_add (rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static GtkWidget *
make_property_row (LfInspector          *self,
                   const LfPropertySpec *spec)
{
  JsonNode *value = lf_control_get_property (self->control, spec->name);
  const char *title = _(spec->title);
  g_autofree char *text = lf_json_to_plain_text (value);
  GtkWidget *row = NULL;

  switch (spec->type)
    {
    case LF_PROPERTY_STRING:
    case LF_PROPERTY_PATH:
      row = make_entry_row (title, text);
      g_signal_connect (row, "apply", G_CALLBACK (on_text_apply), self);
      break;

    case LF_PROPERTY_JSON:
      row = make_entry_row (title, text);
      g_signal_connect (row, "apply", G_CALLBACK (on_json_apply), self);
      break;

    case LF_PROPERTY_BOOLEAN:
      {
        GtkWidget *toggle = gtk_switch_new ();

        row = adw_action_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(spec->summary));
        gtk_switch_set_active (GTK_SWITCH (toggle), lf_control_get_boolean (self->control,
                                                                            spec->name));
        gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
        gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        title, -1);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
        g_signal_connect (toggle, "notify::active", G_CALLBACK (on_switch_active), self);
      }
      break;

    case LF_PROPERTY_NUMBER:
      {
        GtkWidget *spin = gtk_spin_button_new_with_range (-1e15, 1e15, 1);

        row = adw_action_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(spec->summary));
        gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 0);
        if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
          {
            double number = json_node_get_double (value);

            gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), number == (gint64) number ? 0 : 3);
            gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), number);
          }
        gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
        gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        title, -1);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
        g_signal_connect (spin, "value-changed", G_CALLBACK (on_spin_value_changed), self);
      }
      break;

    case LF_PROPERTY_ENUM:
      {
        g_autoptr(GtkStringList) choices =
          gtk_string_list_new ((const char * const *) spec->choices);
        guint selected = 0;

        for (guint i = 0; spec->choices && spec->choices[i]; i++)
          if (g_strcmp0 (spec->choices[i], text) == 0)
            selected = i;
        row = adw_combo_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
        g_signal_connect (row, "notify::selected", G_CALLBACK (on_enum_selected), self);
      }
      break;

    case LF_PROPERTY_OPTIONS:
    default:
      return NULL;
    }

  set_row_property (row, spec->name);
  gtk_widget_set_tooltip_text (row, _(spec->summary));
  /* A bound property takes its value from the binding: this row would change nothing. */
  if (lf_control_get_binding (self->control, spec->name) != NULL)
    {
      gtk_widget_set_sensitive (row, FALSE);
      gtk_widget_set_tooltip_text (row, _("Bound: change it under Bindings"));
    }
  return row;
}

/* Layout *******************************************************************************/

static void
on_beside_active (GtkSwitch   *toggle,
                  GParamSpec  *pspec,
                  LfInspector *self)
{
  self->applying = TRUE;
  lf_form_set_control_beside_previous (self->form, self->control,
                                       gtk_switch_get_active (toggle));
  self->applying = FALSE;
}

/* The first control has nothing to sit beside: the row says so, but still lets a control
 * moved there be taken off its line. */
static void
update_beside_row (LfInspector *self)
{
  gboolean first;
  gboolean beside;

  if (self->beside_row == NULL || self->control == NULL)
    return;
  first = lf_form_get_control_position (self->form, self->control) == 0;
  beside = lf_control_get_beside_previous (self->control);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->beside_row),
                               first ? _("The first control has nothing before it")
                                     : _("Shares its line, and goes below it when the form is "
                                         "narrow"));
  gtk_widget_set_sensitive (self->beside_row, !first || beside);
}

static GtkWidget *
make_beside_row (LfInspector *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  const char *title = _("Beside the previous control");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_switch_set_active (GTK_SWITCH (toggle), lf_control_get_beside_previous (self->control));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (on_beside_active), self);
  self->beside_row = row;
  update_beside_row (self);
  return row;
}

/* Bindings *****************************************************************************/

static void
show_binding_preview (LfInspector *self,
                      GtkWidget   *row)
{
  GtkWidget *caption = g_object_get_data (G_OBJECT (row), "lf-caption");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *message = NULL;
  g_autofree char *shown = NULL;
  gboolean ok;

  /* An unbound property needs no caption; the row stays out of the way. */
  gtk_widget_set_visible (gtk_widget_get_parent (caption), *text != '\0');
  if (*text == '\0')
    {
      gtk_label_set_text (GTK_LABEL (caption), "");
      gtk_widget_remove_css_class (caption, "error");
      return;
    }
  ok = lf_editor_context_preview_template (self->context, text, &message);
  shown = ok ? g_strdup_printf (_("Now: %s"), message) : g_strdup (message);
  gtk_label_set_text (GTK_LABEL (caption), shown);
  if (ok)
    gtk_widget_remove_css_class (caption, "error");
  else
    gtk_widget_add_css_class (caption, "error");
}

/* Completion ***************************************************************************/

static void
hide_completion (LfInspector *self)
{
  g_clear_handle_id (&self->completion_id, g_source_remove);
  if (self->completion != NULL && gtk_widget_get_visible (self->completion))
    gtk_popover_popdown (GTK_POPOVER (self->completion));
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
is_path_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '[' || c == ']' || c == '*';
}

/* The partial path before the cursor when it is inside "{{ … ", as byte offsets into
 * @text; FALSE elsewhere, and after a "|" where filters go. */
static gboolean
find_token (const char *text,
            int         cursor,
            gsize      *start,
            gsize      *end)
{
  const char *at = g_utf8_offset_to_pointer (text, cursor);
  const char *open = g_strrstr_len (text, at - text, "{{");
  const char *p;

  if (open == NULL || g_strstr_len (open, at - open, "}}") != NULL ||
      memchr (open, '|', at - open) != NULL)
    return FALSE;
  for (p = at; p > open + 2 && is_path_char (p[-1]); p--)
    ;
  /* Nothing typed yet counts only right after "{{", not after a finished path. */
  for (const char *q = open + 2; q < p; q++)
    if (!g_ascii_isspace (*q))
      return FALSE;
  *start = p - text;
  *end = at - text;
  return TRUE;
}

/* The paths the picker offers that @token starts, then those that contain it. */
static GPtrArray *
match_paths (LfInspector *self,
             const char  *token)
{
  g_auto(GStrv) paths = lf_editor_context_list_paths (self->context);
  g_autofree char *folded = g_utf8_casefold (token, -1);
  GPtrArray *matches = g_ptr_array_new_with_free_func (g_free);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; paths[i] && matches->len < MAX_SUGGESTIONS; i++)
      {
        g_autofree char *path = g_utf8_casefold (paths[i], -1);
        const char *found = strstr (path, folded);

        if (found != NULL && (found == path) == (pass == 0))
          g_ptr_array_add (matches, g_strdup (paths[i]));
      }
  return matches;
}

static void
update_completion (LfInspector *self)
{
  GtkWidget *row = self->completing;
  const char *text;
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  GtkWidget *child;
  graphene_rect_t bounds;
  gsize start, end;

  self->completion_id = 0;
  if (row == NULL || !has_focus_within (row))
    {
      hide_completion (self);
      return;
    }
  text = gtk_editable_get_text (GTK_EDITABLE (row));
  if (!find_token (text, gtk_editable_get_position (GTK_EDITABLE (row)), &start, &end))
    {
      hide_completion (self);
      return;
    }
  token = g_strndup (text + start, end - start);
  matches = match_paths (self, token);
  /* Nothing to offer, or only what is already there. */
  if (matches->len == 0 || (matches->len == 1 && g_str_equal (matches->pdata[0], token)))
    {
      hide_completion (self);
      return;
    }
  self->token_start = g_utf8_pointer_to_offset (text, text + start);
  self->token_end = g_utf8_pointer_to_offset (text, text + end);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions))) != NULL)
    gtk_list_box_remove (self->suggestions, child);
  for (guint i = 0; i < matches->len; i++)
    {
      GtkWidget *item = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (matches->pdata[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (label, "monospace");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item), label);
      gtk_widget_set_focusable (item, FALSE);
      g_object_set_data_full (G_OBJECT (item), "lf-path", g_strdup (matches->pdata[i]), g_free);
      gtk_list_box_append (self->suggestions, item);
    }
  gtk_list_box_select_row (self->suggestions, gtk_list_box_get_row_at_index (self->suggestions,
                                                                             0));

  if (gtk_widget_compute_bounds (row, GTK_WIDGET (self), &bounds))
    {
      gtk_widget_set_size_request (GTK_WIDGET (self->suggestions),
                                   MAX (240, (int) bounds.size.width - 24), -1);
      gtk_popover_set_pointing_to (GTK_POPOVER (self->completion),
                                   &(GdkRectangle) { (int) bounds.origin.x,
                                                     (int) bounds.origin.y,
                                                     (int) bounds.size.width,
                                                     (int) bounds.size.height });
    }
  gtk_popover_popup (GTK_POPOVER (self->completion));
}

/* The cursor moves after "changed": read it once the change is over. */
static void
queue_completion (LfInspector *self,
                  GtkWidget   *row)
{
  if (self->inserting)
    return;
  self->completing = row;
  if (self->completion_id == 0)
    self->completion_id = g_idle_add_once ((GSourceOnceFunc) update_completion, self);
}

/* Puts @path in place of the partial one, and closes the expression when nothing does. */
static void
accept_suggestion (LfInspector *self,
                   const char  *path)
{
  GtkEditable *row = GTK_EDITABLE (self->completing);
  const char *text = gtk_editable_get_text (row);
  const char *after = g_utf8_offset_to_pointer (text, MIN (self->token_end,
                                                           (int) g_utf8_strlen (text, -1)));
  const char *close = strstr (after, "}}");
  const char *open = strstr (after, "{{");
  gboolean closed = close != NULL && (open == NULL || close < open);
  int position = self->token_start;

  self->inserting = TRUE;
  gtk_editable_delete_text (row, self->token_start, self->token_end);
  gtk_editable_insert_text (row, path, -1, &position);
  if (!closed)
    {
      int end = position;

      gtk_editable_insert_text (row, " }}", -1, &end);
    }
  gtk_editable_set_position (row, position);
  self->inserting = FALSE;
  hide_completion (self);
}

static void
on_suggestion_activated (GtkListBox    *list,
                         GtkListBoxRow *item,
                         LfInspector   *self)
{
  if (self->completing != NULL)
    accept_suggestion (self, g_object_get_data (G_OBJECT (item), "lf-path"));
}

static void
move_suggestion (LfInspector *self,
                 int          delta)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->suggestions);
  int n = 0;
  int index;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions)); child;
       child = gtk_widget_get_next_sibling (child))
    n++;
  if (n == 0)
    return;
  index = selected ? gtk_list_box_row_get_index (selected) + delta : 0;
  /* Round at the ends, as menus do. */
  index = (index + n) % n;
  gtk_list_box_select_row (self->suggestions, gtk_list_box_get_row_at_index (self->suggestions,
                                                                             index));
}

static gboolean
on_binding_key_pressed (GtkEventControllerKey *keys,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        LfInspector           *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (keys));
  GtkListBoxRow *selected;

  if (!gtk_widget_get_visible (self->completion) || row != self->completing)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_suggestion (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_suggestion (self, -1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_Tab:
      selected = gtk_list_box_get_selected_row (self->suggestions);
      if (selected == NULL)
        return FALSE;
      accept_suggestion (self, g_object_get_data (G_OBJECT (selected), "lf-path"));
      return TRUE;
    case GDK_KEY_Escape:
      hide_completion (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
on_binding_focus_leave (GtkEventControllerFocus *focus,
                        LfInspector             *self)
{
  if (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus)) == self->completing)
    hide_completion (self);
}

static void
make_completion (LfInspector *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->suggestions = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->suggestions, GTK_SELECTION_BROWSE);
  gtk_widget_set_focusable (GTK_WIDGET (self->suggestions), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->suggestions), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->suggestions),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Suggestions"), -1);
  g_signal_connect (self->suggestions, "row-activated", G_CALLBACK (on_suggestion_activated),
                    self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled),
                                 GTK_WIDGET (self->suggestions));

  /* Not autohide: it would take the focus from the row the person types in. */
  self->completion = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (self->completion), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->completion), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->completion), GTK_POS_BOTTOM);
  gtk_widget_set_focusable (self->completion, FALSE);
  gtk_widget_add_css_class (self->completion, "lf-completion");
  gtk_popover_set_child (GTK_POPOVER (self->completion), scrolled);
  gtk_widget_set_parent (self->completion, GTK_WIDGET (self));
}

static void
add_completion (LfInspector *self,
                GtkWidget   *row)
{
  /* Capture: the row's text would take Enter, Tab and the arrows for itself. */
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_event_controller_set_name (keys, "lf-completion-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_binding_key_pressed), self);
  gtk_widget_add_controller (row, keys);
  g_signal_connect (focus, "leave", G_CALLBACK (on_binding_focus_leave), self);
  gtk_widget_add_controller (row, focus);
}

static void
on_binding_changed (GtkEditable *row,
                    LfInspector *self)
{
  show_binding_preview (self, GTK_WIDGET (row));
  queue_completion (self, GTK_WIDGET (row));
}

static void
on_binding_apply (AdwEntryRow *row,
                  LfInspector *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  self->applying = TRUE;
  ok = lf_form_set_control_binding (self->form, self->control, row_property (row),
                                    *text ? text : NULL, &error);
  self->applying = FALSE;
  show_row_error (GTK_WIDGET (row), ok ? NULL : error->message);
  if (ok)
    show_binding_preview (self, GTK_WIDGET (row));
  else
    {
      GtkWidget *caption = g_object_get_data (G_OBJECT (row), "lf-caption");

      /* The form's own sentence, which says where and suggests a name. */
      gtk_widget_set_visible (gtk_widget_get_parent (caption), TRUE);
      gtk_label_set_text (GTK_LABEL (caption), error->message);
      gtk_widget_add_css_class (caption, "error");
    }
}

static void
add_binding_rows (LfInspector          *self,
                  GtkWidget            *group,
                  const LfPropertySpec *spec)
{
  const char *title = _(spec->title);
  GtkWidget *row = make_entry_row (title, lf_control_get_binding (self->control, spec->name));
  /* A preferences row, so that the group keeps it in its list under the entry. */
  GtkWidget *caption_row = adw_preferences_row_new ();
  GtkWidget *caption = gtk_label_new (NULL);

  set_row_property (row, spec->name);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                            lf_path_picker_new (self->context, GTK_EDITABLE (row)));
  g_signal_connect (row, "apply", G_CALLBACK (on_binding_apply), self);
  g_signal_connect (row, "changed", G_CALLBACK (on_binding_changed), self);
  add_completion (self, row);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (caption), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (caption), FALSE);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (caption, "lf-binding-caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (caption_row), caption);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (caption_row), FALSE);
  gtk_widget_set_focusable (caption_row, FALSE);
  g_object_set_data (G_OBJECT (row), "lf-caption", caption);
  /* Screen readers read the caption as the row's description. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  caption, NULL, -1);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), caption_row);
  g_ptr_array_add (self->bindings, row);
  show_binding_preview (self, row);
}

static void
on_context_changed (LfInspector *self)
{
  for (guint i = 0; i < self->bindings->len; i++)
    show_binding_preview (self, g_ptr_array_index (self->bindings, i));
}

/* When clicked *************************************************************************/

static LfAction *
click_action (LfInspector *self)
{
  const char *button = lf_control_get_name (self->control);

  for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
    {
      LfAction *action = lf_form_get_action (self->form, i);

      if (lf_action_get_trigger (action) == LF_TRIGGER_CLICK &&
          g_strcmp0 (lf_action_get_trigger_control (action), button) == 0)
        return action;
    }
  return NULL;
}

/* The action at @position of a "None, actions…" list. */
static LfAction *
chosen_action (LfInspector *self,
               AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  if (selected == 0 || item == NULL)
    return NULL;
  return lf_form_find_action (self->form, gtk_string_object_get_string (item));
}

static void
report_failure (GtkWidget    *row,
                const GError *error)
{
  show_row_error (row, error ? error->message : NULL);
}

static void
on_click_action_selected (AdwComboRow *row,
                          GParamSpec  *pspec,
                          LfInspector *self)
{
  LfAction *old = click_action (self);
  LfAction *new = chosen_action (self, row);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (old == new)
    return;
  self->applying = TRUE;
  lf_form_begin_group (self->form, _("Change what a button runs"));
  if (old != NULL)
    ok = lf_form_set_action_member (self->form, old, NULL, "trigger", NULL, &error);
  if (ok && new != NULL)
    {
      g_autoptr(JsonObject) trigger = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_string_member (trigger, "on", "click");
      json_object_set_string_member (trigger, "control", lf_control_get_name (self->control));
      node = json_node_init_object (json_node_alloc (), trigger);
      ok = lf_form_set_action_member (self->form, new, NULL, "trigger", node, &error);
    }
  lf_form_end_group (self->form);
  self->applying = FALSE;
  report_failure (GTK_WIDGET (row), error);
  /* The follow-up rows now speak of another action. */
  queue_rebuild (self);
}

static void
on_success_selected (AdwComboRow *row,
                     GParamSpec  *pspec,
                     LfInspector *self)
{
  LfAction *action = click_action (self);
  LfAction *next = chosen_action (self, row);
  JsonObject *json;
  g_autoptr(JsonObject) on_success = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (action == NULL)
    return;
  /* Keep the "set" part of the follow-up; only "run" is chosen here. */
  json = lf_action_get_json (action);
  if (json_object_has_member (json, "on_success") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (json, "on_success")))
    {
      JsonObject *old = json_object_get_object_member (json, "on_success");
      g_autoptr(GList) names = json_object_get_members (old);

      for (GList *l = names; l; l = l->next)
        if (!g_str_equal (l->data, "run"))
          json_object_set_member (on_success, l->data,
                                  json_node_copy (json_object_get_member (old, l->data)));
    }
  if (next != NULL)
    json_object_set_string_member (on_success, "run", lf_action_get_name (next));
  if (json_object_get_size (on_success) > 0)
    node = json_node_init_object (json_node_alloc (), on_success);

  self->applying = TRUE;
  lf_form_set_action_member (self->form, action, NULL, "on_success", node, &error);
  self->applying = FALSE;
  report_failure (GTK_WIDGET (row), error);
}

static void
on_failure_selected (AdwComboRow *row,
                     GParamSpec  *pspec,
                     LfInspector *self)
{
  LfAction *action = click_action (self);
  GtkStringObject *item = adw_combo_row_get_selected_item (row);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (action == NULL)
    return;
  if (adw_combo_row_get_selected (row) > 0 && item != NULL)
    {
      g_autoptr(JsonObject) on_failure = json_object_new ();

      json_object_set_string_member (on_failure, "show_error_in",
                                     gtk_string_object_get_string (item));
      node = json_node_init_object (json_node_alloc (), on_failure);
    }
  self->applying = TRUE;
  lf_form_set_action_member (self->form, action, NULL, "on_failure", node, &error);
  self->applying = FALSE;
  report_failure (GTK_WIDGET (row), error);
}

static GtkWidget *
make_action_combo (LfInspector *self,
                   const char  *title,
                   const char  *none,
                   LfAction    *skip,
                   const char  *current)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();
  guint selected = 0;

  gtk_string_list_append (names, none);
  for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
    {
      LfAction *action = lf_form_get_action (self->form, i);

      if (action == skip)
        continue;
      gtk_string_list_append (names, lf_action_get_name (action));
      if (g_strcmp0 (current, lf_action_get_name (action)) == 0)
        selected = g_list_model_get_n_items (G_LIST_MODEL (names)) - 1;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  return row;
}

static GtkWidget *
make_click_group (LfInspector *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  LfAction *action = click_action (self);
  GtkWidget *run;
  GtkWidget *success;
  GtkWidget *failure;
  g_autoptr(GtkStringList) controls = gtk_string_list_new (NULL);
  const char *error_control = action ? lf_action_get_error_control (action) : NULL;
  guint selected = 0;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("When Clicked"));
  if (lf_form_get_n_actions (self->form) == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("Add an action in the Actions tab first"));

  run = make_action_combo (self, _("Run"), _("Nothing"), NULL,
                           action ? lf_action_get_name (action) : NULL);
  g_signal_connect (run, "notify::selected", G_CALLBACK (on_click_action_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), run);

  success = make_action_combo (self, _("Then run"), _("Nothing"), action,
                               action ? lf_action_get_success_action (action) : NULL);
  gtk_widget_set_sensitive (success, action != NULL);
  g_signal_connect (success, "notify::selected", G_CALLBACK (on_success_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), success);

  gtk_string_list_append (controls, _("A notification"));
  for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
    {
      LfControl *control = lf_form_get_control (self->form, i);

      if (!lf_control_get_kind (control)->has_value)
        continue;
      gtk_string_list_append (controls, lf_control_get_name (control));
      if (g_strcmp0 (error_control, lf_control_get_name (control)) == 0)
        selected = g_list_model_get_n_items (G_LIST_MODEL (controls)) - 1;
    }
  failure = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (failure), _("Show errors in"));
  adw_combo_row_set_model (ADW_COMBO_ROW (failure), G_LIST_MODEL (controls));
  adw_combo_row_set_selected (ADW_COMBO_ROW (failure), selected);
  gtk_widget_set_sensitive (failure, action != NULL);
  g_signal_connect (failure, "notify::selected", G_CALLBACK (on_failure_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), failure);
  return group;
}

/* Form settings, when nothing is selected **********************************************/

static void
on_setting_apply (AdwEntryRow *row,
                  LfInspector *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  self->applying = TRUE;
  ok = lf_form_set_setting (self->form, row_property (row), *text ? text : NULL, &error);
  self->applying = FALSE;
  show_row_error (GTK_WIDGET (row), ok ? NULL : error->message);
}

static GtkWidget *
make_settings_group (LfInspector *self)
{
  static const struct
  {
    const char *name;
    const char *title;
  } settings[] = {
    { "title", N_("Title") },
    { "account", N_("Account") },
    { "region", N_("Region") },
  };
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Form"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Select a control on the canvas to change it"));
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      GtkWidget *row = make_entry_row (_(settings[i].title),
                                       lf_form_get_setting (self->form, settings[i].name));

      set_row_property (row, settings[i].name);
      g_signal_connect (row, "apply", G_CALLBACK (on_setting_apply), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

/* The page *****************************************************************************/

static void
rebuild (LfInspector *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  const LfControlKind *kind;
  g_autofree const char **names = NULL;
  GtkWidget *general;
  GtkWidget *properties;
  GtkWidget *bindings;
  GtkWidget *row;
  GtkWidget *error_row;
  GtkWidget *error_label;
  gboolean any_property = FALSE;
  gboolean any_binding = FALSE;

  self->rebuild_id = 0;
  g_ptr_array_set_size (self->bindings, 0);
  self->beside_row = NULL;
  /* Its row is about to go. */
  hide_completion (self);
  self->completing = NULL;

  if (self->form == NULL)
    {
      adw_bin_set_child (ADW_BIN (self), NULL);
      return;
    }
  if (self->control == NULL)
    {
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                                ADW_PREFERENCES_GROUP (make_settings_group (self)));
      adw_bin_set_child (ADW_BIN (self), page);
      return;
    }

  kind = lf_control_get_kind (self->control);
  general = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (general), _(kind->display_name));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (general), _(kind->summary));

  row = make_entry_row (_("Name"), lf_control_get_name (self->control));
  error_row = adw_preferences_row_new ();
  error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_add_css_class (error_label, "caption");
  gtk_widget_add_css_class (error_label, "lf-binding-caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (error_row), error_label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (error_row), FALSE);
  gtk_widget_set_focusable (error_row, FALSE);
  gtk_widget_set_visible (error_row, FALSE);
  g_object_set_data (G_OBJECT (row), "lf-error-label", error_label);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  error_label, NULL, -1);
  g_signal_connect (row, "changed", G_CALLBACK (on_name_changed), self);
  g_signal_connect (row, "apply", G_CALLBACK (on_name_apply), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general), error_row);

  properties = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (properties), _("Properties"));
  bindings = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (bindings), _("Bindings"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (bindings),
                                         _("Take a property from another control or from an "
                                           "action’s result, written as {{ name.value }}"));

  names = lf_control_kind_list_properties (kind);
  for (guint i = 0; names[i]; i++)
    {
      const LfPropertySpec *spec = lf_control_kind_find_property (kind, names[i]);
      GtkWidget *property_row;

      if (spec->type == LF_PROPERTY_OPTIONS)
        continue;
      property_row = make_property_row (self, spec);
      if (property_row == NULL)
        continue;
      /* Label and help describe the control itself, so they sit with its name. */
      if (g_str_equal (spec->name, "label") || g_str_equal (spec->name, "help"))
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (general), property_row);
      else
        {
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (properties), property_row);
          any_property = TRUE;
        }
    }

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general), make_beside_row (self));

  for (guint i = 0; names[i]; i++)
    {
      const LfPropertySpec *spec = lf_control_kind_find_property (kind, names[i]);

      if (spec->bindable)
        {
          add_binding_rows (self, bindings, spec);
          any_binding = TRUE;
        }
    }

  /* What makes the form work comes first: a button's click, then the bindings. */
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (general));
  if (g_str_equal (kind->id, "button"))
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                              ADW_PREFERENCES_GROUP (make_click_group (self)));
  if (any_binding)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (bindings));
  if (any_property)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (properties));
  for (guint i = 0; names[i]; i++)
    if (lf_control_kind_find_property (kind, names[i])->type == LF_PROPERTY_OPTIONS)
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                                ADW_PREFERENCES_GROUP (make_options_group (self)));
  /* Groups with no rows were never added: drop their floating references. */
  if (!any_binding)
    g_object_unref (g_object_ref_sink (bindings));
  if (!any_property)
    g_object_unref (g_object_ref_sink (properties));

  adw_bin_set_child (ADW_BIN (self), page);
}

static void
on_selected_control (LfInspector *self)
{
  LfControl *control = lf_editor_context_get_selected_control (self->context);

  if (control == self->control)
    return;
  g_set_object (&self->control, control);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  rebuild (self);
}

static void
on_form_changed (LfInspector *self)
{
  if (!self->applying)
    queue_rebuild (self);
}

static void
on_control_changed (LfInspector *self,
                    LfControl   *control)
{
  if (control == self->control && !self->applying)
    queue_rebuild (self);
}

static void
on_actions_changed (LfInspector *self)
{
  /* Only a button's "When Clicked" rows and previews read the actions. */
  if (self->applying || self->control == NULL)
    return;
  if (g_str_equal (lf_control_get_kind (self->control)->id, "button"))
    queue_rebuild (self);
  else
    on_context_changed (self);
}

static void
on_controls_changed (LfInspector *self)
{
  /* Controls appearing or going change the "did you mean" of previews and the lists, and can
   * make the selected control the first, or no longer the first. */
  on_actions_changed (self);
  update_beside_row (self);
}

static void
on_form (LfInspector *self)
{
  g_set_object (&self->form, lf_editor_context_get_form (self->context));
  g_clear_object (&self->control);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  rebuild (self);
}

static void
lf_inspector_dispose (GObject *object)
{
  LfInspector *self = LF_INSPECTOR (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_handle_id (&self->completion_id, g_source_remove);
  self->completing = NULL;
  self->beside_row = NULL;
  g_clear_pointer (&self->completion, gtk_widget_unparent);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  g_clear_object (&self->form);
  g_clear_object (&self->control);
  g_clear_pointer (&self->bindings, g_ptr_array_unref);
  G_OBJECT_CLASS (lf_inspector_parent_class)->dispose (object);
}

static void
lf_inspector_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  LfInspector *self = LF_INSPECTOR (widget);

  GTK_WIDGET_CLASS (lf_inspector_parent_class)->size_allocate (widget, width, height, baseline);
  /* The completion popover is our own child, so it must be given a place too. */
  if (self->completion != NULL && gtk_widget_get_visible (self->completion))
    gtk_popover_present (GTK_POPOVER (self->completion));
}

static void
lf_inspector_class_init (LfInspectorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_inspector_dispose;
  GTK_WIDGET_CLASS (klass)->size_allocate = lf_inspector_size_allocate;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "lfinspector");
}

static void
lf_inspector_init (LfInspector *self)
{
  self->bindings = g_ptr_array_new ();
  make_completion (self);
}

GtkWidget *
lf_inspector_new (void)
{
  return g_object_new (LF_TYPE_INSPECTOR, NULL);
}

void
lf_inspector_set_context (LfInspector     *self,
                          LfEditorContext *context)
{
  static const struct
  {
    const char *signal;
    GCallback   handler;
  } listeners[] = {
    { "notify::form", G_CALLBACK (on_form) },
    { "notify::selected-control", G_CALLBACK (on_selected_control) },
    { "control-changed", G_CALLBACK (on_control_changed) },
    { "settings-changed", G_CALLBACK (on_form_changed) },
    { "actions-changed", G_CALLBACK (on_actions_changed) },
    { "controls-changed", G_CALLBACK (on_controls_changed) },
    { "results-changed", G_CALLBACK (on_context_changed) },
  };

  g_return_if_fail (LF_IS_INSPECTOR (self));
  g_return_if_fail (LF_IS_EDITOR_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  for (guint i = 0; i < G_N_ELEMENTS (listeners); i++)
    g_signal_connect_swapped (context, listeners[i].signal, listeners[i].handler, self);
  on_form (self);
}
