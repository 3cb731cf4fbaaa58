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

#include "lf-editor-rows.h"
#include "lf-endpoint.h"
#include "lf-form-schema.h"
#include "lf-json-util.h"
#include "lf-binding-row.h"
#include "lf-options-editor.h"
#include "lf-template-completion.h"
#include "lf-inspector.h"

struct _LfInspector
{
  AdwBin     parent_instance;

  LfEditorContext *context;
  LfForm    *form;
  LfControl *control;
  GPtrArray *bindings;   /* LfBindingRow of each binding, owned by the page */
  GtkWidget *beside_row; /* owned by the page */
  GtkWidget *name_error; /* the label under the name row, owned by the page */
  GtkWidget *completion; /* our popover child */
  guint      rebuild_id;
  gboolean   applying;
};

G_DEFINE_FINAL_TYPE (LfInspector, lf_inspector, ADW_TYPE_BIN)

static void rebuild (LfInspector *self);

static void
queue_rebuild (LfInspector *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_once ((GSourceOnceFunc) rebuild, self);
}

/* What a property row's handlers need: the row lives in the page, the page in us. */
typedef struct
{
  LfInspector *self;
  GtkWidget   *row;
  char        *property;
} PropertyEdit;

static void
property_edit_free (gpointer  data,
                    GClosure *closure)
{
  PropertyEdit *edit = data;

  g_free (edit->property);
  g_free (edit);
}

static void
connect_edit (gpointer     emitter,
              const char  *signal,
              GCallback    handler,
              LfInspector *self,
              GtkWidget   *row,
              const char  *property)
{
  PropertyEdit *edit = g_new0 (PropertyEdit, 1);

  edit->self = self;
  edit->row = row;
  edit->property = g_strdup (property);
  g_signal_connect_data (emitter, signal, handler, edit, property_edit_free, 0);
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
  lf_editor_row_show_error (row, ok ? NULL : error->message);
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
show_name_error (LfInspector *self,
                 GtkWidget   *row,
                 const char  *message)
{
  lf_editor_row_show_error (row, message);
  gtk_label_set_text (GTK_LABEL (self->name_error), message ? message : "");
  gtk_widget_set_visible (gtk_widget_get_parent (self->name_error), message != NULL);
}

static void
on_name_changed (GtkEditable *row,
                 LfInspector *self)
{
  g_autofree char *message = check_name (self, gtk_editable_get_text (row));

  show_name_error (self, GTK_WIDGET (row), message);
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
  show_name_error (self, GTK_WIDGET (row), ok ? NULL : error->message);
}

/* Properties by type *******************************************************************/

static void
on_text_apply (AdwEntryRow  *row,
               PropertyEdit *edit)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (),
                                                    gtk_editable_get_text (GTK_EDITABLE (row)));

  apply_property (edit->self, edit->row, edit->property, node);
}

static void
on_json_apply (AdwEntryRow  *row,
               PropertyEdit *edit)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonNode) node = *text ? lf_json_parse (text, -1, NULL)
                                   : json_node_init_null (json_node_alloc ());

  /* What is not JSON is taken as the text it is: greet means "greet", as a person means it;
   * 3, true and {"a": 1} keep their JSON meaning. */
  if (node == NULL)
    node = json_node_init_string (json_node_alloc (), text);
  apply_property (edit->self, edit->row, edit->property, node);
}

static void
on_switch_active (GtkSwitch    *toggle,
                  GParamSpec   *pspec,
                  PropertyEdit *edit)
{
  g_autoptr(JsonNode) node = json_node_init_boolean (json_node_alloc (),
                                                     gtk_switch_get_active (toggle));

  apply_property (edit->self, edit->row, edit->property, node);
}

static void
on_spin_value_changed (GtkSpinButton *spin,
                       PropertyEdit  *edit)
{
  double value = gtk_spin_button_get_value (spin);
  g_autoptr(JsonNode) node = json_node_alloc ();

  /* Whole numbers stay integers in the file. */
  if (value == (gint64) value)
    json_node_init_int (node, (gint64) value);
  else
    json_node_init_double (node, value);
  apply_property (edit->self, edit->row, edit->property, node);
}

static void
on_enum_selected (AdwComboRow  *row,
                  GParamSpec   *pspec,
                  PropertyEdit *edit)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);
  g_autoptr(JsonNode) node = NULL;

  if (item == NULL)
    return;
  node = json_node_init_string (json_node_alloc (), gtk_string_object_get_string (item));
  apply_property (edit->self, edit->row, edit->property, node);
}

/* Options: an edit is applied whole; adding or removing one redraws the rows. */

static void
on_options_changed (LfOptionsEditor *editor,
                    JsonNode        *options,
                    LfInspector     *self)
{
  JsonNode *current = lf_control_get_property (self->control, "options");
  guint before = current && JSON_NODE_HOLDS_ARRAY (current)
                 ? json_array_get_length (json_node_get_array (current)) : 0;

  if (apply_property (self, GTK_WIDGET (editor), "options", options) &&
      json_array_get_length (json_node_get_array (options)) != before)
    queue_rebuild (self);
}

static GtkWidget *
make_options_group (LfInspector *self)
{
  GtkWidget *group = lf_options_editor_new (lf_control_get_property (self->control, "options"));

  g_signal_connect (group, "changed", G_CALLBACK (on_options_changed), self);
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
      row = lf_editor_entry_row_new (title, text);
      connect_edit (row, "apply", G_CALLBACK (on_text_apply), self, row, spec->name);
      break;

    case LF_PROPERTY_JSON:
      row = lf_editor_entry_row_new (title, text);
      connect_edit (row, "apply", G_CALLBACK (on_json_apply), self, row, spec->name);
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
        connect_edit (toggle, "notify::active", G_CALLBACK (on_switch_active), self, row,
                      spec->name);
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
        connect_edit (spin, "value-changed", G_CALLBACK (on_spin_value_changed), self, row,
                      spec->name);
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
        connect_edit (row, "notify::selected", G_CALLBACK (on_enum_selected), self, row,
                      spec->name);
      }
      break;

    case LF_PROPERTY_OPTIONS:
    default:
      return NULL;
    }

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
on_binding_apply (LfBindingRow *row,
                  LfInspector  *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  self->applying = TRUE;
  ok = lf_form_set_control_binding (self->form, self->control, lf_binding_row_get_property (row),
                                    *text ? text : NULL, &error);
  self->applying = FALSE;
  /* Refused: the form's own sentence, which says where and suggests a name. */
  if (!ok)
    {
      lf_binding_row_show_error (row, error->message);
      return;
    }
  lf_editor_row_show_error (GTK_WIDGET (row), NULL);
  lf_binding_row_update_preview (row);
}

static void
add_binding_rows (LfInspector          *self,
                  GtkWidget            *group,
                  const LfPropertySpec *spec)
{
  GtkWidget *row = lf_binding_row_new (self->context, spec->name, _(spec->title),
                                       lf_control_get_binding (self->control, spec->name));

  g_signal_connect (row, "apply", G_CALLBACK (on_binding_apply), self);
  lf_template_completion_attach (LF_TEMPLATE_COMPLETION (self->completion), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             lf_binding_row_get_caption_row (LF_BINDING_ROW (row)));
  g_ptr_array_add (self->bindings, row);
}

static void
on_context_changed (LfInspector *self)
{
  for (guint i = 0; i < self->bindings->len; i++)
    lf_binding_row_update_preview (g_ptr_array_index (self->bindings, i));
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
  lf_editor_row_show_error (row, error ? error->message : NULL);
}

/* "New action…": an Invoke this button runs, to be set up in the Actions tab. */
static LfAction *
add_clicked_action (LfInspector  *self,
                    GError      **error)
{
  g_autofree char *name = lf_form_make_unique_name (self->form, "invoke");
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) parameters = json_object_new ();
  g_autoptr(LfAction) action = NULL;

  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "operation",
                                 lf_operation_to_string (LF_OPERATION_INVOKE));
  json_object_set_string_member (parameters, "function_name", "");
  json_object_set_object_member (object, "parameters", g_steal_pointer (&parameters));
  action = lf_action_new_from_json (object, error);
  if (action == NULL || !lf_form_insert_action (self->form, action, -1, error))
    return NULL;
  return action;
}

static gboolean
is_new_action_choice (AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  return selected != GTK_INVALID_LIST_POSITION &&
         selected + 1 == g_list_model_get_n_items (adw_combo_row_get_model (row));
}

static void
on_click_action_selected (AdwComboRow *row,
                          GParamSpec  *pspec,
                          LfInspector *self)
{
  LfAction *old = click_action (self);
  LfAction *new = is_new_action_choice (row) ? NULL : chosen_action (self, row);
  gboolean make_new = is_new_action_choice (row);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (old == new && !make_new)
    return;
  self->applying = TRUE;
  lf_form_begin_group (self->form, _("Change what a button runs"));
  if (old != NULL)
    ok = lf_form_set_action_member (self->form, old, NULL, "trigger", NULL, &error);
  if (ok && make_new)
    ok = (new = add_clicked_action (self, &error)) != NULL;
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
  /* A new action is set up where actions are. */
  if (ok && make_new)
    lf_editor_context_show_part (self->context, lf_action_get_name (new));
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

/* The @n-th control that has a value, as "Show errors in" lists them after "A notification". */
static LfControl *
nth_control_with_value (LfForm *form,
                        guint   n)
{
  for (guint i = 0; i < lf_form_get_n_controls (form); i++)
    {
      LfControl *control = lf_form_get_control (form, i);

      if (lf_control_get_kind (control)->has_value && n-- == 0)
        return control;
    }
  return NULL;
}

static void
on_failure_selected (AdwComboRow *row,
                     GParamSpec  *pspec,
                     LfInspector *self)
{
  LfAction *action = click_action (self);
  LfControl *control;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (action == NULL)
    return;
  /* The rows show titles; the form names the control. */
  if (adw_combo_row_get_selected (row) > 0 &&
      (control = nth_control_with_value (self->form, adw_combo_row_get_selected (row) - 1)))
    {
      g_autoptr(JsonObject) on_failure = json_object_new ();

      json_object_set_string_member (on_failure, "show_error_in", lf_control_get_name (control));
      node = json_node_init_object (json_node_alloc (), on_failure);
    }
  self->applying = TRUE;
  lf_form_set_action_member (self->form, action, NULL, "on_failure", node, &error);
  self->applying = FALSE;
  report_failure (GTK_WIDGET (row), error);
}

/* @offer_new: the last choice makes a new action ("New action…"). */
static GtkWidget *
make_action_combo (LfInspector *self,
                   const char  *title,
                   const char  *none,
                   LfAction    *skip,
                   const char  *current,
                   gboolean     offer_new)
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
  if (offer_new)
    gtk_string_list_append (names, _("New action…"));
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
  char *title = NULL;
  guint selected = 0;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("When Clicked"));
  if (lf_form_get_n_actions (self->form) == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("Add an action in the Actions tab first"));

  run = make_action_combo (self, _("Run"), _("Nothing"), NULL,
                           action ? lf_action_get_name (action) : NULL, TRUE);
  g_signal_connect (run, "notify::selected", G_CALLBACK (on_click_action_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), run);

  success = make_action_combo (self, _("Then run"), _("Nothing"), action,
                               action ? lf_action_get_success_action (action) : NULL, FALSE);
  gtk_widget_set_sensitive (success, action != NULL);
  g_signal_connect (success, "notify::selected", G_CALLBACK (on_success_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), success);

  gtk_string_list_append (controls, _("A notification"));
  for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
    {
      LfControl *control = lf_form_get_control (self->form, i);

      if (!lf_control_get_kind (control)->has_value)
        continue;
      title = lf_control_dup_title (control, FALSE);
      gtk_string_list_append (controls, title);
      g_clear_pointer (&title, g_free);
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
on_setting_apply (AdwEntryRow  *row,
                  PropertyEdit *edit)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  edit->self->applying = TRUE;
  ok = lf_form_set_setting (edit->self->form, edit->property, *text ? text : NULL, &error);
  edit->self->applying = FALSE;
  lf_editor_row_show_error (edit->row, ok ? NULL : error->message);
}

/* The form's account, chosen among those set up here; one the form names that is not set up
 * here stays, said so. The values stand beside the titles, by position. */
/* A setting chosen in a combo row: the values beside its titles, by position ("" for none). */
typedef struct
{
  LfInspector *self;
  char        *setting;
  GStrv        values;
} Choice;

static void
choice_free (gpointer  data,
             GClosure *closure)
{
  Choice *choice = data;

  g_free (choice->setting);
  g_strfreev (choice->values);
  g_free (choice);
}

static void
on_choice_selected (AdwComboRow *row,
                    GParamSpec  *pspec,
                    Choice      *choice)
{
  guint selected = adw_combo_row_get_selected (row);
  const char *value;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length (choice->values))
    return;
  value = choice->values[selected];
  if (g_strcmp0 (value, lf_form_get_setting (choice->self->form, choice->setting)) == 0 ||
      (*value == '\0' && lf_form_get_setting (choice->self->form, choice->setting) == NULL))
    return;
  choice->self->applying = TRUE;
  ok = lf_form_set_setting (choice->self->form, choice->setting, *value ? value : NULL, &error);
  choice->self->applying = FALSE;
  lf_editor_row_show_error (GTK_WIDGET (row), ok ? NULL : error->message);
}

static void
connect_choice (GtkWidget   *row,
                LfInspector *self,
                const char  *setting,
                GStrv        values)
{
  Choice *choice = g_new0 (Choice, 1);

  choice->self = self;
  choice->setting = g_strdup (setting);
  choice->values = values;
  g_signal_connect_data (row, "notify::selected", G_CALLBACK (on_choice_selected), choice,
                         choice_free, 0);
}

static GtkWidget *
make_account_row (LfInspector *self)
{
  const char * const *accounts = lf_editor_context_get_accounts (self->context);
  const char *current = lf_form_get_setting (self->form, "account");
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *row = adw_combo_row_new ();
  guint selected = 0;

  gtk_string_list_append (titles, _("Local Sandbox"));
  g_ptr_array_add (values, g_strdup ("sandbox"));
  for (guint i = 0; accounts[i]; i++)
    {
      gtk_string_list_append (titles, accounts[i]);
      g_ptr_array_add (values, g_strdup (accounts[i]));
    }
  if (current != NULL && !g_ptr_array_find_with_equal_func (values, current, g_str_equal,
                                                            &selected))
    {
      g_autofree char *missing = g_strdup_printf (_("%s (not set up here)"), current);

      gtk_string_list_append (titles, missing);
      g_ptr_array_add (values, g_strdup (current));
      selected = values->len - 1;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Account"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (titles));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_ptr_array_add (values, NULL);
  connect_choice (row, self, "account", (GStrv) g_ptr_array_free (g_steal_pointer (&values),
                                                                  FALSE));
  return row;
}

/* The region: the account's own, or one chosen for this form. */
static GtkWidget *
make_region_row (LfInspector *self)
{
  const char *current = lf_form_get_setting (self->form, "region");
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *row = adw_combo_row_new ();
  guint n_regions = 0;
  const LfRegion *regions = lf_regions_get_all (&n_regions);
  guint selected = 0;

  gtk_string_list_append (titles, _("The account’s own region"));
  g_ptr_array_add (values, g_strdup (""));
  for (guint i = 0; i < n_regions; i++)
    {
      g_autofree char *title = g_strdup_printf ("%s — %s", regions[i].id, regions[i].name);

      gtk_string_list_append (titles, title);
      g_ptr_array_add (values, g_strdup (regions[i].id));
      if (g_strcmp0 (current, regions[i].id) == 0)
        selected = i + 1;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Region"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (titles));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_ptr_array_add (values, NULL);
  connect_choice (row, self, "region", (GStrv) g_ptr_array_free (g_steal_pointer (&values),
                                                                 FALSE));
  return row;
}

static GtkWidget *
make_settings_group (LfInspector *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Form"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Select a control on the canvas to change it"));
  row = lf_editor_entry_row_new (_("Title"), lf_form_get_setting (self->form, "title"));
  connect_edit (row, "apply", G_CALLBACK (on_setting_apply), self, row, "title");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), make_account_row (self));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), make_region_row (self));
  return group;
}

/* The page *****************************************************************************/

/* The name, and under it why a name is refused. */
static void
add_name_rows (LfInspector *self,
               GtkWidget   *group)
{
  GtkWidget *row = lf_editor_entry_row_new (_("Name"), lf_control_get_name (self->control));
  GtkWidget *error_row = adw_preferences_row_new ();

  self->name_error = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->name_error), 0);
  gtk_label_set_wrap (GTK_LABEL (self->name_error), TRUE);
  gtk_widget_add_css_class (self->name_error, "error");
  gtk_widget_add_css_class (self->name_error, "caption");
  gtk_widget_add_css_class (self->name_error, "lf-binding-caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (error_row), self->name_error);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (error_row), FALSE);
  gtk_widget_set_focusable (error_row, FALSE);
  gtk_widget_set_visible (error_row, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->name_error, NULL, -1);
  g_signal_connect (row, "changed", G_CALLBACK (on_name_changed), self);
  g_signal_connect (row, "apply", G_CALLBACK (on_name_apply), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), error_row);
}

static GtkWidget *
make_group (const char *title,
            const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

/* A row for each property that has one; TRUE when any went to @properties. Label and help
 * describe the control itself, so they sit with its name in @general. */
static gboolean
add_property_rows (LfInspector          *self,
                   const char          **names,
                   GtkWidget            *general,
                   GtkWidget            *properties)
{
  const LfControlKind *kind = lf_control_get_kind (self->control);
  gboolean any = FALSE;

  for (guint i = 0; names[i]; i++)
    {
      const LfPropertySpec *spec = lf_control_kind_find_property (kind, names[i]);
      GtkWidget *row = make_property_row (self, spec);

      if (row == NULL)
        continue;
      if (g_str_equal (spec->name, "label") || g_str_equal (spec->name, "help"))
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (general), row);
      else
        {
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (properties), row);
          any = TRUE;
        }
    }
  return any;
}

static gboolean
add_bindings (LfInspector  *self,
              const char  **names,
              GtkWidget    *group)
{
  const LfControlKind *kind = lf_control_get_kind (self->control);
  gboolean any = FALSE;

  for (guint i = 0; names[i]; i++)
    {
      const LfPropertySpec *spec = lf_control_kind_find_property (kind, names[i]);

      if (spec->bindable)
        {
          add_binding_rows (self, group, spec);
          any = TRUE;
        }
    }
  return any;
}

/* Adds @group to @page when it has rows, else drops it. */
static void
add_group_if (GtkWidget *page,
              GtkWidget *group,
              gboolean   has_rows)
{
  if (has_rows)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  else
    g_object_unref (g_object_ref_sink (group));
}

/* What is wrong with the control, first on the page, in red: the form opened all the same,
 * and this is where to fix it. */
static void
add_problems_group (LfInspector *self,
                    GtkWidget   *page)
{
  g_autoptr(GPtrArray) problems = lf_form_list_problems_of (self->form,
                                                            lf_control_get_name (self->control));
  GtkWidget *group;

  if (problems->len == 0)
    return;
  group = make_group (_("Problems"), _("The form keeps working, but this control needs a fix"));
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *sentence = lf_form_problem_dup_sentence (problems->pdata[i]);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sentence);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_widget_add_css_class (row, "error");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
}

static GtkWidget *
make_control_page (LfInspector *self)
{
  const LfControlKind *kind = lf_control_get_kind (self->control);
  g_autofree const char **names = lf_control_kind_list_properties (kind);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *general = make_group (_(kind->display_name), _(kind->summary));
  GtkWidget *properties = make_group (_("Properties"), NULL);
  GtkWidget *bindings = make_group (_("Bindings"),
                                    _("Take a property from another control or from an "
                                      "action’s answer with the button beside it"));
  gboolean any_property, any_binding;

  add_name_rows (self, general);
  any_property = add_property_rows (self, names, general, properties);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general), make_beside_row (self));
  any_binding = add_bindings (self, names, bindings);

  /* What is wrong first; then what makes the form work: a button's click, the bindings. */
  add_problems_group (self, page);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (general));
  if (g_str_equal (kind->id, "button"))
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                              ADW_PREFERENCES_GROUP (make_click_group (self)));
  add_group_if (page, bindings, any_binding);
  add_group_if (page, properties, any_property);
  for (guint i = 0; names[i]; i++)
    if (lf_control_kind_find_property (kind, names[i])->type == LF_PROPERTY_OPTIONS)
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                                ADW_PREFERENCES_GROUP (make_options_group (self)));
  return page;
}

static void
rebuild (LfInspector *self)
{
  GtkWidget *page = NULL;

  self->rebuild_id = 0;
  g_ptr_array_set_size (self->bindings, 0);
  self->beside_row = NULL;
  self->name_error = NULL;
  /* Its row is about to go. */
  if (self->completion != NULL)
    lf_template_completion_hide (LF_TEMPLATE_COMPLETION (self->completion));

  if (self->form != NULL && self->control == NULL)
    {
      page = adw_preferences_page_new ();
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                                ADW_PREFERENCES_GROUP (make_settings_group (self)));
    }
  else if (self->form != NULL)
    page = make_control_page (self);
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
  self->beside_row = NULL;
  self->name_error = NULL;
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
  if (self->completion != NULL)
    lf_template_completion_present (LF_TEMPLATE_COMPLETION (self->completion));
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
  /* A region of its own for screen readers, named for what it holds. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Settings of the selected control"), -1);
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
    { "notify::accounts", G_CALLBACK (on_form_changed) },
  };

  g_return_if_fail (LF_IS_INSPECTOR (self));
  g_return_if_fail (LF_IS_EDITOR_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->completion = lf_template_completion_new (context, GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (listeners); i++)
    g_signal_connect_swapped (context, listeners[i].signal, listeners[i].handler, self);
  on_form (self);
}
