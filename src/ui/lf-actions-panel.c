/* lf-actions-panel.c: the list of actions and the selected action's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "lf-actions-panel.h"
#include "lf-path-picker.h"
#include "lf-json-util.h"

struct _LfActionsPanel
{
  AdwBin         parent_instance;

  LfEditorContext *context;
  LfForm        *form;
  char          *selected;   /* the action's name */
  GtkWidget     *run_status;
  GtkWidget     *result_frame;
  GtkListView   *result_view;
  GtkSourceBuffer *payload;
  guint          rebuild_id;
  gboolean       applying;
};

G_DEFINE_FINAL_TYPE (LfActionsPanel, lf_actions_panel, ADW_TYPE_BIN)

static void rebuild (LfActionsPanel *self);

static const char * const operation_titles[] = {
  N_("List functions"), N_("Get a function"), N_("Invoke a function"), N_("Delete a function"),
  NULL
};

static const char * const trigger_titles[] = {
  N_("Only when started"), N_("When a button is clicked"), N_("When the form opens"),
  N_("When a control changes"), NULL
};

static const struct
{
  const char *name;
  const char *title;
} parameter_titles[] = {
  { "function_name", N_("Function name") },
  { "qualifier", N_("Qualifier") },
  { "invocation_type", N_("Invocation type") },
  { "log_type", N_("Log type") },
  { "client_context", N_("Client context") },
  { "max_items", N_("Maximum items") },
};

static const char *
parameter_title (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (parameter_titles); i++)
    if (g_str_equal (parameter_titles[i].name, name))
      return _(parameter_titles[i].title);
  return name;
}

static void
queue_rebuild (LfActionsPanel *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_once ((GSourceOnceFunc) rebuild, self);
}

static LfAction *
selected_action (LfActionsPanel *self)
{
  return self->form && self->selected ? lf_form_find_action (self->form, self->selected) : NULL;
}

static void
show_row_error (GtkWidget    *row,
                const GError *error)
{
  if (error != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, error ? error->message : NULL);
}

static gboolean
set_member (LfActionsPanel *self,
            GtkWidget      *row,
            const char     *section,
            const char     *name,
            JsonNode       *value)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  self->applying = TRUE;
  ok = lf_form_set_action_member (self->form, selected_action (self), section, name, value,
                                  &error);
  self->applying = FALSE;
  show_row_error (row, error);
  return ok;
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

/* The list *****************************************************************************/

static void
on_add_action (LfActionsPanel *self)
{
  g_autofree char *name = lf_form_make_unique_name (self->form, "invoke");
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) parameters = json_object_new ();
  g_autoptr(LfAction) action = NULL;
  g_autoptr(GError) error = NULL;

  /* Invoking is what most forms do; the function name is to be filled in. */
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "operation",
                                 lf_operation_to_string (LF_OPERATION_INVOKE));
  json_object_set_string_member (parameters, "function_name", "");
  json_object_set_object_member (object, "parameters", g_steal_pointer (&parameters));
  action = lf_action_new_from_json (object, &error);
  if (action == NULL || !lf_form_insert_action (self->form, action, -1, &error))
    {
      g_warning ("Could not add an action: %s", error->message);
      return;
    }
  lf_actions_panel_select_action (self, name);
}

static void
on_action_row_activated (LfActionsPanel *self,
                         GtkListBoxRow  *row)
{
  lf_actions_panel_select_action (self, g_object_get_data (G_OBJECT (row), "lf-action"));
}

static GtkWidget *
make_list_group (LfActionsPanel *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *list = gtk_list_box_new ();
  guint n = lf_form_get_n_actions (self->form);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Actions"));
  if (n == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("An action calls Lambda: add one, then let a button "
                                             "or the form’s opening run it"));
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, _("Add Action"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add Action"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "actions-panel.add-action");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Actions"), -1);
  g_signal_connect_swapped (list, "row-activated", G_CALLBACK (on_action_row_activated), self);
  for (guint i = 0; i < n; i++)
    {
      LfAction *action = lf_form_get_action (self->form, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lf_action_get_name (action));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _(operation_titles[lf_action_get_operation (action)]));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_visible (check, g_strcmp0 (self->selected, lf_action_get_name (action)) == 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      g_object_set_data_full (G_OBJECT (row), "lf-action", g_strdup (lf_action_get_name (action)),
                              g_free);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  if (n > 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  return group;
}

/* The action's settings ****************************************************************/

static void
on_name_apply (AdwEntryRow    *row,
               LfActionsPanel *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), name);

  if (set_member (self, GTK_WIDGET (row), NULL, "name", node))
    {
      g_free (self->selected);
      self->selected = g_strdup (name);
      queue_rebuild (self);
    }
}

static void
on_account_apply (AdwEntryRow    *row,
                  LfActionsPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonNode) node = *text ? json_node_init_string (json_node_alloc (), text) : NULL;

  set_member (self, GTK_WIDGET (row), NULL, "account", node);
}

static void
on_operation_selected (AdwComboRow    *row,
                       GParamSpec     *pspec,
                       LfActionsPanel *self)
{
  LfOperation operation = adw_combo_row_get_selected (row);
  LfAction *action = selected_action (self);
  JsonObject *json = lf_action_get_json (action);
  const char * const *allowed = lf_operation_get_parameters (operation);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) parameters = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (json);
  g_autoptr(LfAction) replacement = NULL;
  g_autoptr(GError) error = NULL;
  int position = -1;

  if (operation == lf_action_get_operation (action))
    return;

  /* The operation and the parameters it takes change together, or the action would not be
   * valid in between: the action is replaced by its changed copy, in one step. */
  for (GList *l = members; l; l = l->next)
    if (!g_str_equal (l->data, "parameters") && !g_str_equal (l->data, "operation"))
      json_object_set_member (object, l->data, json_node_copy (json_object_get_member (json,
                                                                                       l->data)));
  json_object_set_string_member (object, "operation", lf_operation_to_string (operation));
  for (guint i = 0; allowed[i]; i++)
    if (lf_action_get_parameter (action, allowed[i]) != NULL)
      json_object_set_string_member (parameters, allowed[i],
                                     lf_action_get_parameter (action, allowed[i]));
    else if (lf_operation_requires (operation, allowed[i]))
      json_object_set_string_member (parameters, allowed[i], "");
  if (json_object_get_size (parameters) > 0)
    json_object_set_object_member (object, "parameters", g_steal_pointer (&parameters));

  replacement = lf_action_new_from_json (object, &error);
  for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
    if (lf_form_get_action (self->form, i) == action)
      position = i;
  if (replacement != NULL)
    {
      self->applying = TRUE;
      lf_form_begin_group (self->form, _("Change operation"));
      lf_form_remove_action (self->form, action);
      if (!lf_form_insert_action (self->form, replacement, position, &error))
        g_warning ("Could not change the operation: %s", error->message);
      lf_form_end_group (self->form);
      self->applying = FALSE;
    }
  show_row_error (GTK_WIDGET (row), error);
  queue_rebuild (self);
}

static void
set_trigger (LfActionsPanel *self,
             GtkWidget      *row,
             LfTrigger       trigger,
             const char     *control)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  if (trigger != LF_TRIGGER_NONE)
    {
      json_object_set_string_member (object, "on", lf_trigger_to_string (trigger));
      if (control != NULL)
        json_object_set_string_member (object, "control", control);
      node = json_node_init_object (json_node_alloc (), object);
    }
  set_member (self, row, NULL, "trigger", node);
}

/* The controls a trigger may name: buttons for a click, the others for a change. */
static GtkStringList *
trigger_controls (LfActionsPanel *self,
                  LfTrigger       trigger)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
    {
      LfControl *control = lf_form_get_control (self->form, i);
      gboolean is_button = !lf_control_get_kind (control)->has_value;

      if ((trigger == LF_TRIGGER_CLICK) == is_button)
        gtk_string_list_append (names, lf_control_get_name (control));
    }
  return names;
}

static void
on_trigger_selected (AdwComboRow    *row,
                     GParamSpec     *pspec,
                     LfActionsPanel *self)
{
  LfTrigger trigger = adw_combo_row_get_selected (row);
  g_autoptr(GtkStringList) controls = NULL;
  const char *first = NULL;

  if (trigger == LF_TRIGGER_CLICK || trigger == LF_TRIGGER_CHANGE)
    {
      controls = trigger_controls (self, trigger);
      first = gtk_string_list_get_string (controls, 0);
      if (first == NULL)
        {
          g_autoptr(GError) error =
            g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 trigger == LF_TRIGGER_CLICK
                                 ? _("Add a button to the form first")
                                 : _("Add a control to the form first"));

          show_row_error (GTK_WIDGET (row), error);
          return;
        }
    }
  set_trigger (self, GTK_WIDGET (row), trigger, first);
  queue_rebuild (self);
}

static void
on_trigger_control_selected (AdwComboRow    *row,
                             GParamSpec     *pspec,
                             LfActionsPanel *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  if (item != NULL)
    set_trigger (self, GTK_WIDGET (row), lf_action_get_trigger (selected_action (self)),
                 gtk_string_object_get_string (item));
}

static void
on_parameter_apply (AdwEntryRow    *row,
                    LfActionsPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonNode) node = *text ? json_node_init_string (json_node_alloc (), text) : NULL;

  set_member (self, GTK_WIDGET (row), "parameters",
              g_object_get_data (G_OBJECT (row), "lf-parameter"), node);
}

static GtkWidget *
make_settings_group (LfActionsPanel *self,
                     LfAction       *action)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row;
  g_autoptr(GtkStringList) operations = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) triggers = gtk_string_list_new (NULL);
  LfTrigger trigger = lf_action_get_trigger (action);

  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Action"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Action"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Action"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "actions-panel.remove");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), remove);

  row = make_entry_row (_("Name"), lf_action_get_name (action));
  g_signal_connect (row, "apply", G_CALLBACK (on_name_apply), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  for (guint i = 0; operation_titles[i]; i++)
    gtk_string_list_append (operations, _(operation_titles[i]));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Operation"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (operations));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), lf_action_get_operation (action));
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_operation_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  /* A name for now; the accounts window will offer the configured ones. */
  row = make_entry_row (_("Account"), lf_action_get_account (action));
  gtk_widget_set_tooltip_text (row, _("Empty: the form’s account"));
  g_signal_connect (row, "apply", G_CALLBACK (on_account_apply), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  for (guint i = 0; trigger_titles[i]; i++)
    gtk_string_list_append (triggers, _(trigger_titles[i]));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Runs"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (triggers));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), trigger);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_trigger_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  if (trigger == LF_TRIGGER_CLICK || trigger == LF_TRIGGER_CHANGE)
    {
      g_autoptr(GtkStringList) controls = trigger_controls (self, trigger);
      const char *current = lf_action_get_trigger_control (action);

      row = adw_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     trigger == LF_TRIGGER_CLICK ? _("Button") : _("Control"));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (controls));
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controls)); i++)
        if (g_strcmp0 (gtk_string_list_get_string (controls, i), current) == 0)
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_trigger_control_selected), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static GtkWidget *
make_parameters_group (LfActionsPanel *self,
                       LfAction       *action)
{
  GtkWidget *group = adw_preferences_group_new ();
  const char * const *names = lf_operation_get_parameters (lf_action_get_operation (action));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Parameters"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Text as it is, or {{ control.value }} to take it "
                                           "from the form"));
  for (guint i = 0; names[i]; i++)
    {
      GtkWidget *row;

      if (g_str_equal (names[i], "payload"))
        continue;
      row = make_entry_row (parameter_title (names[i]), lf_action_get_parameter (action, names[i]));
      g_object_set_data_full (G_OBJECT (row), "lf-parameter", g_strdup (names[i]), g_free);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                                lf_path_picker_new (self->context, GTK_EDITABLE (row)));
      g_signal_connect (row, "apply", G_CALLBACK (on_parameter_apply), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

/* The payload **************************************************************************/

/* Marks every "{{ … }}" so the author sees what the form fills in. */
static void
mark_templates (GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;
  GtkTextIter open_start;
  GtkTextIter open_end;
  GtkTextIter close_start;
  GtkTextIter close_end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "lf-template", &start, &end);
  while (gtk_text_iter_forward_search (&start, "{{", 0, &open_start, &open_end, NULL))
    {
      if (!gtk_text_iter_forward_search (&open_end, "}}", 0, &close_start, &close_end, NULL))
        break;
      gtk_text_buffer_apply_tag_by_name (buffer, "lf-template", &open_start, &close_end);
      start = close_end;
    }
}

static void
apply_payload (LfActionsPanel *self)
{
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  LfAction *action = selected_action (self);
  GtkWidget *view;

  if (self->payload == NULL || action == NULL)
    return;
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->payload), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->payload), &start, &end, FALSE);
  if (g_strcmp0 (text, lf_action_get_parameter (action, "payload") ?: "") == 0)
    return;
  node = *text ? json_node_init_string (json_node_alloc (), text) : NULL;
  view = g_object_get_data (G_OBJECT (self->payload), "lf-view");
  set_member (self, gtk_widget_get_parent (view), "parameters", "payload", node);
}

static void
on_payload_focus_leave (LfActionsPanel *self)
{
  apply_payload (self);
}

static GtkWidget *
make_payload_group (LfActionsPanel *self,
                    LfAction       *action)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *apply = gtk_button_new_from_icon_name ("object-select-symbolic");
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme =
    gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita");
  GtkWidget *view;
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->payload = gtk_source_buffer_new_with_language (
    gtk_source_language_manager_get_language (languages, "json"));
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (self->payload, scheme);
  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->payload), "lf-template",
                              "background-rgba", &(GdkRGBA) { 0.21, 0.52, 0.89, 0.18 },
                              "weight", PANGO_WEIGHT_BOLD, NULL);
  g_signal_connect (self->payload, "changed", G_CALLBACK (mark_templates), NULL);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->payload),
                            lf_action_get_parameter (action, "payload") ?: "", -1);

  view = gtk_source_view_new_with_buffer (self->payload);
  g_object_set_data (G_OBJECT (self->payload), "lf-view", view);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_source_view_set_auto_indent (GTK_SOURCE_VIEW (view), TRUE);
  gtk_source_view_set_tab_width (GTK_SOURCE_VIEW (view), 2);
  gtk_source_view_set_insert_spaces_instead_of_tabs (GTK_SOURCE_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "lf-payload-view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Payload"), -1);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_payload_focus_leave), self);
  gtk_widget_add_controller (view, focus);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_size_request (scrolled, -1, 140);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_widget_set_overflow (scrolled, GTK_OVERFLOW_HIDDEN);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Payload"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The event as JSON; {{ name.value }} fills in a value"));
  gtk_widget_add_css_class (apply, "flat");
  gtk_widget_set_tooltip_text (apply, _("Apply Payload"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (apply), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Apply Payload"), -1);
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (apply_payload), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), apply);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), scrolled);
  return group;
}

/* Running and the response tree ********************************************************/

static GListModel *
children_of (JsonNode   *node,
             const char *path)
{
  GListStore *store;

  if (node == NULL || !(JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node)))
    return NULL;
  store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      for (GList *l = names; l; l = l->next)
        {
          g_autofree char *child_path = lf_editor_context_path_append_member (path, l->data);
          g_autoptr(GtkStringObject) item = gtk_string_object_new (child_path);

          /* The tree items are paths; the node and key ride along as data. */
          g_object_set_data_full (G_OBJECT (item), "lf-node",
                                  json_node_ref (json_object_get_member (object, l->data)),
                                  (GDestroyNotify) json_node_unref);
          g_object_set_data_full (G_OBJECT (item), "lf-key", g_strdup (l->data), g_free);
          g_list_store_append (store, item);
        }
    }
  else
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child_path = g_strdup_printf ("%s[%u]", path, i);
          g_autoptr(GtkStringObject) item = gtk_string_object_new (child_path);

          g_object_set_data_full (G_OBJECT (item), "lf-node",
                                  json_node_ref (json_array_get_element (array, i)),
                                  (GDestroyNotify) json_node_unref);
          g_object_set_data_full (G_OBJECT (item), "lf-key", g_strdup_printf ("[%u]", i), g_free);
          g_list_store_append (store, item);
        }
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
    g_clear_object (&store);
  return G_LIST_MODEL (store);
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  return children_of (g_object_get_data (item, "lf-node"),
                      gtk_string_object_get_string (item));
}

/* Which property of @control a result field fills: a dropdown's list, else its value. */
static const char *
property_to_bind (LfControl *control,
                  JsonNode  *node)
{
  const LfControlKind *kind = lf_control_get_kind (control);
  const LfPropertySpec *items = lf_control_kind_find_property (kind, "items");
  const LfPropertySpec *value = lf_control_kind_find_property (kind, "value");

  if (items != NULL && items->bindable && node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return "items";
  if (value != NULL && value->bindable)
    return "value";
  return "label";
}

static void
on_bind_row_activated (GtkListBox     *list,
                       GtkListBoxRow  *row,
                       LfActionsPanel *self)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (list), "lf-button");
  GtkStringObject *item = g_object_get_data (G_OBJECT (button), "lf-item");
  LfControl *control = lf_form_find_control (self->form,
                                             g_object_get_data (G_OBJECT (row), "lf-control"));
  g_autofree char *template = NULL;
  g_autoptr(GError) error = NULL;

  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  if (control == NULL || item == NULL)
    return;
  template = g_strdup_printf ("{{ %s }}", gtk_string_object_get_string (item));
  if (!lf_form_set_control_binding (self->form, control,
                                    property_to_bind (control,
                                                      g_object_get_data (G_OBJECT (item),
                                                                         "lf-node")),
                                    template, &error))
    gtk_label_set_text (GTK_LABEL (self->run_status), error->message);
  else
    {
      g_autofree char *done = g_strdup_printf (_("%s now shows %s"),
                                               lf_control_get_name (control),
                                               gtk_string_object_get_string (item));

      gtk_label_set_text (GTK_LABEL (self->run_status), done);
    }
}

static void
on_bind_popover_show (GtkPopover     *popover,
                      LfActionsPanel *self)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Controls"), -1);
  /* A menu button is its popover's parent. */
  g_object_set_data (G_OBJECT (list), "lf-button", gtk_widget_get_parent (GTK_WIDGET (popover)));
  for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
    {
      LfControl *control = lf_form_get_control (self->form, i);
      GtkWidget *row = gtk_list_box_row_new ();
      g_autofree char *text = g_strdup_printf ("%s (%s)", lf_control_get_name (control),
                                               _(lf_control_get_kind (control)->display_name));
      GtkWidget *label = gtk_label_new (text);

      if (!lf_control_get_kind (control)->has_value)
        continue;
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "lf-control",
                              g_strdup (lf_control_get_name (control)), g_free);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  g_signal_connect (list, "row-activated", G_CALLBACK (on_bind_row_activated), self);
  gtk_popover_set_child (popover, list);
}

static void
setup_result_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  LfActionsPanel           *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *key = gtk_label_new (NULL);
  GtkWidget *value = gtk_label_new (NULL);
  GtkWidget *bind = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();

  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "heading");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_add_css_class (value, "dim-label");
  gtk_menu_button_set_label (GTK_MENU_BUTTON (bind), _("Bind to…"));
  gtk_widget_add_css_class (bind, "flat");
  gtk_widget_set_tooltip_text (bind, _("Show this field in a control"));
  g_signal_connect (popover, "show", G_CALLBACK (on_bind_popover_show), self);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (bind), popover);
  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), bind);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  g_object_set_data (G_OBJECT (expander), "lf-key", key);
  g_object_set_data (G_OBJECT (expander), "lf-value", value);
  g_object_set_data (G_OBJECT (expander), "lf-bind", bind);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_result_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 LfActionsPanel           *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkStringObject *item = gtk_tree_list_row_get_item (row);
  JsonNode *node = g_object_get_data (G_OBJECT (item), "lf-node");
  GtkWidget *bind = g_object_get_data (G_OBJECT (expander), "lf-bind");
  g_autofree char *value = NULL;
  g_autofree char *bind_name = NULL;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (g_object_get_data (G_OBJECT (expander), "lf-key"),
                      g_object_get_data (G_OBJECT (item), "lf-key"));
  if (JSON_NODE_HOLDS_OBJECT (node))
    value = g_strdup_printf (g_dngettext (NULL, "%u field", "%u fields",
                                          json_object_get_size (json_node_get_object (node))),
                             json_object_get_size (json_node_get_object (node)));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    value = g_strdup_printf (g_dngettext (NULL, "%u item", "%u items",
                                          json_array_get_length (json_node_get_array (node))),
                             json_array_get_length (json_node_get_array (node)));
  else
    value = lf_json_to_plain_text (node);
  gtk_label_set_text (g_object_get_data (G_OBJECT (expander), "lf-value"), value);
  /* The row's item is what "Bind to…" binds. */
  g_object_set_data_full (G_OBJECT (bind), "lf-item", g_object_ref (item), g_object_unref);
  bind_name = g_strdup_printf (_("Bind %s to a control"), gtk_string_object_get_string (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (bind), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  bind_name, -1);
}

static void
show_result (LfActionsPanel *self)
{
  LfFormRuntime *runtime = lf_editor_context_get_runtime (self->context);
  LfActionState state;
  JsonNode *result;
  JsonNode *data = NULL;
  g_autofree char *root = NULL;
  GListModel *children;
  GtkTreeListModel *tree;

  if (self->run_status == NULL || self->selected == NULL)
    return;
  if (runtime == NULL || lf_form_runtime_get_form (runtime) != self->form)
    {
      gtk_label_set_text (GTK_LABEL (self->run_status), _("Not run yet"));
      gtk_widget_set_visible (self->result_frame, FALSE);
      return;
    }
  state = lf_form_runtime_get_action_state (runtime, self->selected);
  switch (state)
    {
    case LF_ACTION_STATE_RUNNING:
      gtk_label_set_text (GTK_LABEL (self->run_status), _("Running…"));
      break;
    case LF_ACTION_STATE_SUCCEEDED:
      gtk_label_set_text (GTK_LABEL (self->run_status),
                          _("Succeeded: bind a field of the response to a control"));
      break;
    case LF_ACTION_STATE_FAILED:
      {
        const GError *error = lf_form_runtime_get_action_error (runtime, self->selected);

        gtk_label_set_text (GTK_LABEL (self->run_status),
                            error ? error->message : _("Failed"));
      }
      break;
    case LF_ACTION_STATE_IDLE:
    default:
      gtk_label_set_text (GTK_LABEL (self->run_status), _("Not run yet"));
      break;
    }

  result = lf_form_runtime_get_action_result (runtime, self->selected);
  if (result != NULL && JSON_NODE_HOLDS_OBJECT (result))
    data = json_object_get_member (json_node_get_object (result), "data");
  root = g_strconcat (self->selected, ".data", NULL);
  children = state == LF_ACTION_STATE_SUCCEEDED ? children_of (data, root) : NULL;
  gtk_widget_set_visible (self->result_frame, children != NULL);
  if (children == NULL)
    {
      gtk_list_view_set_model (self->result_view, NULL);
      return;
    }
  tree = gtk_tree_list_model_new (children, FALSE, FALSE, create_children, NULL, NULL);
  gtk_list_view_set_model (self->result_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (tree))));
  g_object_unref (gtk_list_view_get_model (self->result_view));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LfActionsPanel *self = LF_ACTIONS_PANEL (widget);
  g_autoptr(GError) error = NULL;

  apply_payload (self);
  if (self->selected == NULL)
    return;
  if (!lf_editor_context_run_action (self->context, self->selected, &error))
    {
      gtk_label_set_text (GTK_LABEL (self->run_status), error->message);
      return;
    }
  show_result (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LfActionsPanel *self = LF_ACTIONS_PANEL (widget);
  LfAction *action = selected_action (self);

  if (action == NULL)
    return;
  lf_form_remove_action (self->form, action);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  on_add_action (LF_ACTIONS_PANEL (widget));
}

static GtkWidget *
make_run_group (LfActionsPanel *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *run = gtk_button_new_with_mnemonic (_("_Run"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Try It"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (run), "actions-panel.run");
  gtk_widget_add_css_class (run, "suggested-action");
  gtk_widget_add_css_class (run, "pill");
  gtk_widget_set_hexpand (run, TRUE);
  gtk_widget_set_halign (run, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (run, 200, -1);
  gtk_box_append (GTK_BOX (buttons), run);

  self->run_status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->run_status), 0);
  gtk_label_set_wrap (GTK_LABEL (self->run_status), TRUE);
  gtk_widget_add_css_class (self->run_status, "dim-label");
  gtk_widget_set_margin_top (self->run_status, 12);
  gtk_widget_set_margin_bottom (self->run_status, 6);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_result_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_result_row), self);
  self->result_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, factory));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->result_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Response"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->result_view));
  gtk_widget_set_size_request (scrolled, -1, 240);
  self->result_frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (self->result_frame), scrolled);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->run_status);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->result_frame);
  return group;
}

/* The page *****************************************************************************/

static void
rebuild (LfActionsPanel *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  LfAction *action;

  self->rebuild_id = 0;
  self->run_status = NULL;
  self->result_frame = NULL;
  self->result_view = NULL;
  g_clear_object (&self->payload);
  if (self->form == NULL)
    {
      adw_bin_set_child (ADW_BIN (self), NULL);
      return;
    }

  action = selected_action (self);
  if (action == NULL && lf_form_get_n_actions (self->form) > 0)
    {
      g_free (self->selected);
      self->selected = g_strdup (lf_action_get_name (lf_form_get_action (self->form, 0)));
      action = selected_action (self);
    }
  else if (action == NULL)
    g_clear_pointer (&self->selected, g_free);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (make_list_group (self)));
  if (action != NULL)
    {
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                                ADW_PREFERENCES_GROUP (make_settings_group (self, action)));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                                ADW_PREFERENCES_GROUP (make_parameters_group (self, action)));
      if (lf_action_get_operation (action) == LF_OPERATION_INVOKE)
        adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                                  ADW_PREFERENCES_GROUP (make_payload_group (self, action)));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                                ADW_PREFERENCES_GROUP (make_run_group (self)));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actions-panel.run", action != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actions-panel.remove", action != NULL);
  adw_bin_set_child (ADW_BIN (self), page);
  show_result (self);
}

static void
on_actions_changed (LfActionsPanel *self)
{
  if (!self->applying)
    queue_rebuild (self);
}

static void
on_form (LfActionsPanel *self)
{
  g_set_object (&self->form, lf_editor_context_get_form (self->context));
  g_clear_pointer (&self->selected, g_free);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  rebuild (self);
}

static void
lf_actions_panel_dispose (GObject *object)
{
  LfActionsPanel *self = LF_ACTIONS_PANEL (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  g_clear_object (&self->form);
  g_clear_object (&self->payload);
  G_OBJECT_CLASS (lf_actions_panel_parent_class)->dispose (object);
}

static void
lf_actions_panel_finalize (GObject *object)
{
  LfActionsPanel *self = LF_ACTIONS_PANEL (object);

  g_free (self->selected);
  G_OBJECT_CLASS (lf_actions_panel_parent_class)->finalize (object);
}

static void
lf_actions_panel_class_init (LfActionsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_actions_panel_dispose;
  object_class->finalize = lf_actions_panel_finalize;
  gtk_widget_class_install_action (widget_class, "actions-panel.add-action", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "actions-panel.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "actions-panel.remove", NULL, remove_action);
  gtk_widget_class_set_css_name (widget_class, "lfactionspanel");
}

static void
lf_actions_panel_init (LfActionsPanel *self)
{
}

GtkWidget *
lf_actions_panel_new (void)
{
  return g_object_new (LF_TYPE_ACTIONS_PANEL, NULL);
}

void
lf_actions_panel_set_context (LfActionsPanel  *self,
                              LfEditorContext *context)
{
  g_return_if_fail (LF_IS_ACTIONS_PANEL (self));
  g_return_if_fail (LF_IS_EDITOR_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_swapped (context, "notify::form", G_CALLBACK (on_form), self);
  g_signal_connect_swapped (context, "actions-changed", G_CALLBACK (on_actions_changed), self);
  /* Trigger controls are listed by name. */
  g_signal_connect_swapped (context, "controls-changed", G_CALLBACK (on_actions_changed), self);
  g_signal_connect_swapped (context, "results-changed", G_CALLBACK (show_result), self);
  on_form (self);
}

const char *
lf_actions_panel_get_selected_action (LfActionsPanel *self)
{
  g_return_val_if_fail (LF_IS_ACTIONS_PANEL (self), NULL);

  return self->selected;
}

void
lf_actions_panel_select_action (LfActionsPanel *self,
                                const char     *name)
{
  g_return_if_fail (LF_IS_ACTIONS_PANEL (self));

  if (g_strcmp0 (self->selected, name) == 0 && self->rebuild_id == 0)
    return;
  g_free (self->selected);
  self->selected = g_strdup (name);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  rebuild (self);
}
