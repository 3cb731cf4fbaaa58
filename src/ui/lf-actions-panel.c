/* lf-actions-panel.c: the list of actions and the selected action's settings
 *
 * The page is made afresh from the form whenever an action changes; its parts are small
 * classes: LfActionRow in the list, LfPayloadEditor for an Invoke's payload, LfResultTree
 * (rows LfResultRow, "Bind to…" LfBindPopover) for the last run's answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lf-editor-rows.h"
#include "lf-action-row.h"
#include "lf-actions-panel.h"
#include "lf-path-picker.h"
#include "lf-event-picker.h"
#include "lf-json-util.h"
#include "lf-payload-editor.h"
#include "lf-result-tree.h"

struct _LfActionsPanel
{
  AdwBin           parent_instance;

  LfEditorContext *context;
  LfForm          *form;
  char            *selected;      /* the action's name */
  guint            rebuild_id;
  gboolean         applying;      /* our own edit: the page is already right */

  /* Parts of the page, which owns them; NULL when it has none. */
  GtkLabel        *run_status;
  LfResultTree    *result_tree;
  GtkExpander     *details;
  LfResultTree    *details_tree;
  LfPayloadEditor *payload;
};

G_DEFINE_FINAL_TYPE (LfActionsPanel, lf_actions_panel, ADW_TYPE_BIN)

static void rebuild (LfActionsPanel *self);

static const char * const operation_titles[] = {
  N_("List functions"), N_("Get a function"), N_("Invoke a function"), N_("Delete a function"),
  NULL
};

/* What a new action of each operation is called, numbered: listFunctions1, invoke1, … */
static const char * const operation_stems[] = {
  "listFunctions", "getFunction", "invoke", "deleteFunction", NULL
};

/* "Runs", in the order a person thinks of them; each with the trigger it means. */
static const struct
{
  LfTrigger   trigger;
  const char *title;
} trigger_choices[] = {
  { LF_TRIGGER_LOAD, N_("When the form opens") },
  { LF_TRIGGER_CLICK, N_("When a button is clicked") },
  { LF_TRIGGER_CHANGE, N_("When a value changes") },
  { LF_TRIGGER_NONE, N_("Only from another action") },
};

static guint
trigger_position (LfTrigger trigger)
{
  for (guint i = 0; i < G_N_ELEMENTS (trigger_choices); i++)
    if (trigger_choices[i].trigger == trigger)
      return i;
  return G_N_ELEMENTS (trigger_choices) - 1;
}

/* Whether @name is still what the panel named it (invoke1) rather than the author's own. */
static gboolean
is_automatic_name (const char  *name,
                   LfOperation  operation)
{
  const char *stem = operation_stems[operation];
  const char *rest;

  if (!g_str_has_prefix (name, stem))
    return FALSE;
  rest = name + strlen (stem);
  if (*rest == '\0')
    return FALSE;
  for (; *rest; rest++)
    if (!g_ascii_isdigit (*rest))
      return FALSE;
  return TRUE;
}

static const struct
{
  const char *name;
  const char *title;
} parameter_titles[] = {
  { "function_name", N_("Function name") },
  { "qualifier", N_("Qualifier") },
  { "invocation_type", N_("Invocation type") },
  { "log_type", N_("Log type") },
  { "stream", N_("Answer") },
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

/* Sets a member of the selected action (in @section, or at its top when NULL). */
static gboolean
try_set_member (LfActionsPanel  *self,
                const char      *section,
                const char      *name,
                JsonNode        *value,
                GError         **error)
{
  gboolean ok;

  self->applying = TRUE;
  ok = lf_form_set_action_member (self->form, selected_action (self), section, name, value,
                                  error);
  self->applying = FALSE;
  return ok;
}

/* Same, showing on @row whether it was taken. */
static gboolean
set_member (LfActionsPanel *self,
            GtkWidget      *row,
            const char     *section,
            const char     *name,
            JsonNode       *value)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = try_set_member (self, section, name, value, &error);

  lf_editor_row_show_error (row, error ? error->message : NULL);
  return ok;
}

/* An entry's text as a member's value: empty text removes the member. */
static JsonNode *
text_to_node (const char *text)
{
  return *text ? json_node_init_string (json_node_alloc (), text) : NULL;
}

/* The list *****************************************************************************/

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LfActionsPanel *self = LF_ACTIONS_PANEL (widget);
  g_autofree char *name = lf_form_make_unique_name (self->form,
                                                    operation_stems[LF_OPERATION_INVOKE]);
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
  lf_actions_panel_select_action (self, lf_action_row_get_action (LF_ACTION_ROW (row)));
}

static GtkWidget *
make_action_list (LfActionsPanel *self)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Actions"), -1);
  g_signal_connect_swapped (list, "row-activated", G_CALLBACK (on_action_row_activated), self);
  for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
    {
      LfAction *action = lf_form_get_action (self->form, i);
      const char *name = lf_action_get_name (action);
      GtkWidget *row =
        lf_action_row_new (name, _(operation_titles[lf_action_get_operation (action)]));

      lf_action_row_set_current (LF_ACTION_ROW (row), g_strcmp0 (self->selected, name) == 0);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  return list;
}

static GtkWidget *
make_list_group (LfActionsPanel *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Actions"));
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, _("Add Action"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add Action"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "actions-panel.add-action");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
  if (lf_form_get_n_actions (self->form) == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("An action calls Lambda: add one, then let a button "
                                             "or the form’s opening run it"));
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), make_action_list (self));
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
  g_autoptr(JsonNode) node = text_to_node (gtk_editable_get_text (GTK_EDITABLE (row)));

  set_member (self, GTK_WIDGET (row), NULL, "account", node);
}

/* @action as JSON with @operation, keeping the parameters @operation takes and giving the
 * ones it requires. */
static JsonObject *
copy_with_operation (LfAction    *action,
                     LfOperation  operation)
{
  JsonObject *json = lf_action_get_json (action);
  const char * const *allowed = lf_operation_get_parameters (operation);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) parameters = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (json);

  for (GList *l = members; l; l = l->next)
    if (!g_str_equal (l->data, "parameters") && !g_str_equal (l->data, "operation"))
      json_object_set_member (object, l->data,
                              json_node_copy (json_object_get_member (json, l->data)));
  json_object_set_string_member (object, "operation", lf_operation_to_string (operation));
  for (guint i = 0; allowed[i]; i++)
    if (lf_action_get_parameter (action, allowed[i]) != NULL)
      json_object_set_string_member (parameters, allowed[i],
                                     lf_action_get_parameter (action, allowed[i]));
    else if (lf_operation_requires (operation, allowed[i]))
      json_object_set_string_member (parameters, allowed[i], "");
  if (json_object_get_size (parameters) > 0)
    json_object_set_object_member (object, "parameters", g_steal_pointer (&parameters));
  return g_steal_pointer (&object);
}

/* An action the panel named (invoke1) follows its operation (listFunctions1) until the
 * author names it. */
static void
rename_after_operation (LfActionsPanel *self,
                        LfAction       *action,
                        LfOperation     operation)
{
  g_autofree char *name = lf_form_make_unique_name (self->form, operation_stems[operation]);
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), name);

  if (lf_form_set_action_member (self->form, action, NULL, "name", node, NULL))
    {
      g_free (self->selected);
      self->selected = g_strdup (name);
    }
}

static void
on_operation_selected (AdwComboRow    *row,
                       GParamSpec     *pspec,
                       LfActionsPanel *self)
{
  LfOperation operation = adw_combo_row_get_selected (row);
  LfAction *action = selected_action (self);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(LfAction) replacement = NULL;
  g_autoptr(GError) error = NULL;

  if (operation == lf_action_get_operation (action))
    return;

  /* The operation and the parameters it takes change together, or the action would not be
   * valid in between: the action is replaced by its changed copy, in one step. */
  object = copy_with_operation (action, operation);
  replacement = lf_action_new_from_json (object, &error);
  if (replacement != NULL)
    {
      gboolean rename = is_automatic_name (lf_action_get_name (action),
                                           lf_action_get_operation (action));
      int position = -1;

      for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
        if (lf_form_get_action (self->form, i) == action)
          position = i;

      self->applying = TRUE;
      lf_form_begin_group (self->form, _("Change operation"));
      lf_form_remove_action (self->form, action);
      if (!lf_form_insert_action (self->form, replacement, position, &error))
        g_warning ("Could not change the operation: %s", error->message);
      else if (rename)
        rename_after_operation (self, replacement, operation);
      lf_form_end_group (self->form);
      self->applying = FALSE;
    }
  lf_editor_row_show_error (GTK_WIDGET (row), error ? error->message : NULL);
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

/* The controls a trigger may name (buttons for a click, the others for a change): their
 * names, and beside them, by position, what a person calls them ("Greet (Button)"). */
static GPtrArray *
trigger_controls (LfActionsPanel  *self,
                  LfTrigger        trigger,
                  GtkStringList  **titles)
{
  GPtrArray *names = g_ptr_array_new ();

  if (titles != NULL)
    *titles = gtk_string_list_new (NULL);
  for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
    {
      LfControl *control = lf_form_get_control (self->form, i);
      gboolean is_button = !lf_control_get_kind (control)->has_value;
      g_autofree char *title = NULL;

      if ((trigger == LF_TRIGGER_CLICK) != is_button)
        continue;
      g_ptr_array_add (names, (gpointer) lf_control_get_name (control));
      if (titles == NULL)
        continue;
      title = lf_control_dup_title (control, FALSE);
      gtk_string_list_append (*titles, title);
    }
  return names;
}

static void
on_trigger_selected (AdwComboRow    *row,
                     GParamSpec     *pspec,
                     LfActionsPanel *self)
{
  guint position = adw_combo_row_get_selected (row);
  LfTrigger trigger = position < G_N_ELEMENTS (trigger_choices)
                      ? trigger_choices[position].trigger : LF_TRIGGER_NONE;
  g_autoptr(GPtrArray) controls = NULL;
  const char *first = NULL;

  if (trigger == LF_TRIGGER_CLICK || trigger == LF_TRIGGER_CHANGE)
    {
      controls = trigger_controls (self, trigger, NULL);
      first = controls->len > 0 ? controls->pdata[0] : NULL;
      if (first == NULL)
        {
          lf_editor_row_show_error (GTK_WIDGET (row), trigger == LF_TRIGGER_CLICK
                                                      ? _("Add a button to the form first")
                                                      : _("Add a control to the form first"));
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
  LfTrigger trigger = lf_action_get_trigger (selected_action (self));
  g_autoptr(GPtrArray) controls = trigger_controls (self, trigger, NULL);
  guint selected = adw_combo_row_get_selected (row);

  if (selected < controls->len)
    set_trigger (self, GTK_WIDGET (row), trigger, controls->pdata[selected]);
}

/* @selected may be GTK_INVALID_LIST_POSITION: the row then shows the model's first item. */
static GtkWidget *
make_combo_row (const char *title,
                GListModel *model,
                guint       selected)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), model);
  if (selected != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  return row;
}

/* "Runs", and for a click or a change the control it waits for. */
static void
add_trigger_rows (LfActionsPanel      *self,
                  AdwPreferencesGroup *group,
                  LfAction            *action)
{
  LfTrigger trigger = lf_action_get_trigger (action);
  g_autoptr(GtkStringList) triggers = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) titles = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *current = lf_action_get_trigger_control (action);
  guint position = GTK_INVALID_LIST_POSITION;
  GtkWidget *row;

  for (guint i = 0; i < G_N_ELEMENTS (trigger_choices); i++)
    gtk_string_list_append (triggers, _(trigger_choices[i].title));
  row = make_combo_row (_("Runs"), G_LIST_MODEL (triggers), trigger_position (trigger));
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_trigger_selected), self);
  adw_preferences_group_add (group, row);

  if (trigger != LF_TRIGGER_CLICK && trigger != LF_TRIGGER_CHANGE)
    return;
  names = trigger_controls (self, trigger, &titles);
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (names->pdata[i], current) == 0)
      position = i;
  row = make_combo_row (trigger == LF_TRIGGER_CLICK ? _("Button") : _("Control"),
                        G_LIST_MODEL (titles), position);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_trigger_control_selected), self);
  adw_preferences_group_add (group, row);
}

static GtkWidget *
make_settings_group (LfActionsPanel *self,
                     LfAction       *action)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autoptr(GtkStringList) operations = gtk_string_list_new (NULL);
  GtkWidget *row;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Action"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Action"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Action"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "actions-panel.remove");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), remove);

  row = lf_editor_entry_row_new (_("Name"), lf_action_get_name (action));
  g_signal_connect (row, "apply", G_CALLBACK (on_name_apply), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  for (guint i = 0; operation_titles[i]; i++)
    gtk_string_list_append (operations, _(operation_titles[i]));
  row = make_combo_row (_("Operation"), G_LIST_MODEL (operations),
                        lf_action_get_operation (action));
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_operation_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  /* A name for now; the accounts window will offer the configured ones. */
  row = lf_editor_entry_row_new (_("Account"), lf_action_get_account (action));
  gtk_widget_set_tooltip_text (row, _("Empty: the form’s account"));
  g_signal_connect (row, "apply", G_CALLBACK (on_account_apply), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  add_trigger_rows (self, ADW_PREFERENCES_GROUP (group), action);
  return group;
}

/* The parameters ***********************************************************************/

/* What a parameter row's "apply" needs: the row is made and dropped with the page. */
typedef struct
{
  LfActionsPanel *panel;
  char           *name;
} ParameterEdit;

static void
parameter_edit_free (gpointer  data,
                     GClosure *closure)
{
  ParameterEdit *edit = data;

  g_free (edit->name);
  g_free (edit);
}

static void
on_parameter_apply (AdwEntryRow   *row,
                    ParameterEdit *edit)
{
  g_autoptr(JsonNode) node = text_to_node (gtk_editable_get_text (GTK_EDITABLE (row)));

  set_member (edit->panel, GTK_WIDGET (row), "parameters", edit->name, node);
}

/* Parameters with a few values AWS knows are choices in words; the first is what an empty
 * parameter means. A template someone wrote by hand keeps its text row. */
typedef struct
{
  const char *value;
  const char *title;
} ParameterChoice;

static const ParameterChoice invocation_choices[] = {
  { "RequestResponse", N_("Wait for the answer") },
  { "Event", N_("Start it and go on (event)") },
  { "DryRun", N_("Only check that it may run (dry run)") },
  { NULL }
};

static const ParameterChoice log_choices[] = {
  { "None", N_("No log") },
  { "Tail", N_("The end of the log (4 KB)") },
  { NULL }
};

/* InvokeWithResponseStream when "true": the answer shows as it is made. */
static const ParameterChoice stream_choices[] = {
  { "false", N_("Whole, once it is complete") },
  { "true", N_("As it arrives (streamed)") },
  { NULL }
};

static const ParameterChoice *
choices_for (const char *name)
{
  if (g_str_equal (name, "stream"))
    return stream_choices;
  if (g_str_equal (name, "invocation_type"))
    return invocation_choices;
  if (g_str_equal (name, "log_type"))
    return log_choices;
  return NULL;
}

/* The position of @text among @choices; empty is the first; -1 for anything else. */
static int
choice_position (const ParameterChoice *choices,
                 const char            *text)
{
  if (text == NULL || *text == '\0')
    return 0;
  for (int i = 0; choices[i].value; i++)
    if (g_str_equal (choices[i].value, text))
      return i;
  return -1;
}

static void
on_parameter_chosen (AdwComboRow   *row,
                     GParamSpec    *pspec,
                     ParameterEdit *edit)
{
  const ParameterChoice *choices = choices_for (edit->name);
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(JsonNode) node = NULL;

  if (choices == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  node = json_node_init_string (json_node_alloc (), choices[selected].value);
  set_member (edit->panel, GTK_WIDGET (row), "parameters", edit->name, node);
}

static GtkWidget *
make_choice_row (const char            *title,
                 const ParameterChoice *choices,
                 int                    position)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  for (guint i = 0; choices[i].value; i++)
    gtk_string_list_append (titles, _(choices[i].title));
  return make_combo_row (title, G_LIST_MODEL (titles), (guint) position);
}

static GtkWidget *
make_parameters_group (LfActionsPanel *self,
                       LfAction       *action)
{
  GtkWidget *group = adw_preferences_group_new ();
  const char * const *names = lf_operation_get_parameters (lf_action_get_operation (action));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Parameters"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Type a value, or take one from the form with the "
                                           "button beside it"));
  for (guint i = 0; names[i]; i++)
    {
      const ParameterChoice *choices;
      ParameterEdit *edit;
      const char *text;
      GtkWidget *row;
      int position;

      /* The payload has an editor of its own. */
      if (g_str_equal (names[i], "payload"))
        continue;
      text = lf_action_get_parameter (action, names[i]);
      choices = choices_for (names[i]);
      position = choices ? choice_position (choices, text) : -1;
      edit = g_new0 (ParameterEdit, 1);
      edit->panel = self;
      edit->name = g_strdup (names[i]);
      if (position >= 0)
        {
          row = make_choice_row (parameter_title (names[i]), choices, position);
          g_signal_connect_data (row, "notify::selected", G_CALLBACK (on_parameter_chosen), edit,
                                 parameter_edit_free, 0);
        }
      else
        {
          row = lf_editor_entry_row_new (parameter_title (names[i]), text);
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                                    lf_path_picker_new (self->context, GTK_EDITABLE (row)));
          g_signal_connect_data (row, "apply", G_CALLBACK (on_parameter_apply), edit,
                                 parameter_edit_free, 0);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

/* The payload **************************************************************************/

static void
apply_payload (LfActionsPanel *self)
{
  LfAction *action = selected_action (self);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (self->payload == NULL || action == NULL)
    return;
  text = lf_payload_editor_dup_text (self->payload);
  /* Leaving the view unchanged is no edit. */
  if (g_strcmp0 (text, lf_action_get_parameter (action, "payload") ?: "") == 0)
    return;
  node = text_to_node (text);
  try_set_member (self, "parameters", "payload", node, &error);
  lf_payload_editor_show_error (self->payload, error);
}

/* An event chosen beside the payload becomes the payload, as one edit. */
static void
on_event_chosen (LfActionsPanel *self,
                 LfTestEvent    *event)
{
  g_autofree char *text = lf_test_event_dup_payload_text (event);
  g_autoptr(JsonNode) node = text_to_node (text);
  g_autoptr(GError) error = NULL;

  if (self->payload == NULL || selected_action (self) == NULL)
    return;
  /* The editor shows the new payload, and the picker may now keep it as an event. */
  if (try_set_member (self, "parameters", "payload", node, &error))
    queue_rebuild (self);
  else
    lf_payload_editor_show_error (self->payload, error);
}

/* The function the action calls, as the editor's values fill its name in now. */
static char *
dup_function_name (LfActionsPanel *self,
                   LfAction       *action)
{
  LfTemplate *template = lf_action_get_parameter_template (action, "function_name");
  g_autoptr(JsonNode) values = NULL;
  g_autofree char *text = NULL;

  if (template == NULL)
    return NULL;
  if (!lf_template_is_constant (template))
    values = lf_editor_context_dup_values (self->context);
  text = lf_template_render_text (template, values, NULL);
  return text && *text ? lf_test_event_dup_function_name (text, NULL) : NULL;
}

static void
give_picker_function (LfActionsPanel *self,
                      LfEventPicker  *picker,
                      LfAction       *action)
{
  const char *account = lf_action_get_account (action);
  g_autofree char *function = dup_function_name (self, action);
  g_autoptr(LfLambdaClient) client = NULL;
  LfTemplate *payload = lf_action_get_parameter_template (action, "payload");
  g_autoptr(JsonNode) constant = NULL;

  if (account == NULL && self->form != NULL)
    account = lf_form_get_setting (self->form, "account");
  client = lf_editor_context_create_client (self->context, account, NULL);
  lf_event_picker_set_function (picker, account ? account : "sandbox", function, client,
                                lf_editor_context_get_history (self->context));
  /* Only a payload without values from controls is an event. */
  if (payload != NULL && lf_template_is_constant (payload))
    constant = lf_json_parse (lf_action_get_parameter (action, "payload"), -1, NULL);
  lf_event_picker_set_payload (picker, constant);
}

static GtkWidget *
make_payload_group (LfActionsPanel *self,
                    LfAction       *action)
{
  GtkWidget *editor = lf_payload_editor_new (lf_action_get_parameter (action, "payload"));
  GtkWidget *picker = lf_event_picker_new ();

  self->payload = LF_PAYLOAD_EDITOR (editor);
  lf_payload_editor_set_context (self->payload, self->context);
  g_signal_connect_swapped (editor, "apply", G_CALLBACK (apply_payload), self);
  give_picker_function (self, LF_EVENT_PICKER (picker), action);
  g_signal_connect_swapped (picker, "chosen", G_CALLBACK (on_event_chosen), self);
  lf_payload_editor_add_suffix (self->payload, picker);
  return editor;
}

/* Running and binding the answer *******************************************************/

static const char *
describe_state (LfFormRuntime *runtime,
                const char    *action)
{
  switch (lf_form_runtime_get_action_state (runtime, action))
    {
    case LF_ACTION_STATE_RUNNING:
      return _("Running…");
    case LF_ACTION_STATE_SUCCEEDED:
      return _("Succeeded: bind a field of the answer to a control");
    case LF_ACTION_STATE_FAILED:
      {
        const GError *error = lf_form_runtime_get_action_error (runtime, action);

        return error ? error->message : _("Failed");
      }
    case LF_ACTION_STATE_CANCELLED:
      return _("Cancelled");
    case LF_ACTION_STATE_IDLE:
    default:
      return _("Not run yet");
    }
}

static gboolean
has_members (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) > 0;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) > 0;
  return FALSE;
}

/* What a function returned is what a person binds: an Invoke's Payload comes first, and the
 * rest of the run (status code, version, request id) waits under Run Details. */
static void
show_answer (LfActionsPanel *self,
             JsonNode       *data,
             const char     *root)
{
  JsonNode *payload = NULL;
  g_autofree char *payload_root = NULL;

  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data) &&
      lf_action_get_operation (selected_action (self)) == LF_OPERATION_INVOKE)
    payload = json_object_get_member (json_node_get_object (data), "Payload");
  if (payload == NULL || !has_members (payload))
    {
      lf_result_tree_set_value (self->result_tree, data, root);
      gtk_widget_set_visible (GTK_WIDGET (self->details), FALSE);
      return;
    }
  payload_root = g_strconcat (root, ".Payload", NULL);
  lf_result_tree_set_value (self->result_tree, payload, payload_root);
  lf_result_tree_set_value (self->details_tree, data, root);
  gtk_widget_set_visible (GTK_WIDGET (self->details), TRUE);
}

static void
show_result (LfActionsPanel *self)
{
  LfFormRuntime *runtime = lf_editor_context_get_runtime (self->context);
  JsonNode *result;
  JsonNode *data = NULL;
  g_autofree char *root = NULL;

  if (self->run_status == NULL || self->selected == NULL)
    return;
  /* The last run may be of another form, or of this one before it was replaced. */
  if (runtime == NULL || lf_form_runtime_get_form (runtime) != self->form)
    {
      gtk_label_set_text (self->run_status, _("Not run yet"));
      gtk_widget_set_visible (GTK_WIDGET (self->result_tree), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->details), FALSE);
      return;
    }
  gtk_label_set_text (self->run_status, describe_state (runtime, self->selected));

  /* Only a success's answer is offered for binding. */
  result = lf_form_runtime_get_action_result (runtime, self->selected);
  if (lf_form_runtime_get_action_state (runtime, self->selected) == LF_ACTION_STATE_SUCCEEDED &&
      result != NULL && JSON_NODE_HOLDS_OBJECT (result))
    data = json_object_get_member (json_node_get_object (result), "data");
  root = g_strconcat (self->selected, ".data", NULL);
  show_answer (self, data, root);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LfActionsPanel *self = LF_ACTIONS_PANEL (widget);
  g_autoptr(GError) error = NULL;

  /* What is typed in the payload is what runs, applied or not. */
  apply_payload (self);
  if (self->selected == NULL)
    return;
  if (!lf_editor_context_run_action (self->context, self->selected, &error))
    {
      gtk_label_set_text (self->run_status, error->message);
      return;
    }
  show_result (self);
}

/* From "Bind to…" (LfBindPopover): (control, property, path). */
/* The member a list's items are best shown by: a function's name, else the first text. */
static char *
obvious_member (JsonNode *list)
{
  JsonArray *array = list && JSON_NODE_HOLDS_ARRAY (list) ? json_node_get_array (list) : NULL;
  JsonObject *first;
  g_autoptr(GList) members = NULL;

  if (array == NULL || json_array_get_length (array) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 0)))
    return NULL;
  first = json_array_get_object_element (array, 0);
  if (json_object_has_member (first, "FunctionName"))
    return g_strdup ("FunctionName");
  members = json_object_get_members (first);
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (first, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        return g_strdup (l->data);
    }
  return NULL;
}

/* A list bound to a drop-down shows one member of each item, not the whole item: its label
 * and value are that member. */
static char *
show_items_by (LfActionsPanel *self,
               LfControl      *control,
               const char     *path)
{
  g_autoptr(JsonNode) list = lf_editor_context_dup_value_at (self->context, path);
  g_autofree char *member = obvious_member (list);
  g_autoptr(JsonNode) node = NULL;

  if (member == NULL)
    return NULL;
  node = json_node_init_string (json_node_alloc (), member);
  if (!lf_form_set_control_property (self->form, control, "label_path", node, NULL) ||
      !lf_form_set_control_property (self->form, control, "value_path", node, NULL))
    return NULL;
  return g_steal_pointer (&member);
}

static void
bind_result (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LfActionsPanel *self = LF_ACTIONS_PANEL (widget);
  const char *name, *property, *path, *title;
  LfControl *control;
  g_autofree char *template = NULL;
  g_autofree char *done = NULL;
  g_autofree char *member = NULL;
  g_autoptr(GError) error = NULL;
  const char *label;

  g_variant_get (parameter, "(&s&s&s&s)", &name, &property, &path, &title);
  control = self->form ? lf_form_find_control (self->form, name) : NULL;
  if (control == NULL || self->run_status == NULL)
    return;
  template = g_strdup_printf ("{{ %s }}", path);
  lf_form_begin_group (self->form, _("Bind to the answer"));
  if (lf_form_set_control_binding (self->form, control, property, template, &error) &&
      g_str_equal (property, "items"))
    member = show_items_by (self, control, path);
  lf_form_end_group (self->form);
  if (error != NULL)
    {
      gtk_label_set_text (self->run_status, error->message);
      return;
    }
  label = lf_control_get_label (control);
  label = label && *label ? label : lf_control_get_name (control);
  if (member != NULL)
    done = g_strdup_printf (_("“%s” now lists the items of the answer, showing each one’s %s"),
                            label, member);
  else
    done = g_strdup_printf (_("“%s” now shows the answer’s %s"), label, title);
  gtk_label_set_text (self->run_status, done);
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

static GtkWidget *
make_run_group (LfActionsPanel *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *run = gtk_button_new_with_mnemonic (_("_Run"));
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *tree = lf_result_tree_new (self->context);
  GtkWidget *details = gtk_expander_new_with_mnemonic (_("Run _Details"));
  GtkWidget *details_tree = lf_result_tree_new (self->context);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Try It"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (run), "actions-panel.run");
  gtk_widget_add_css_class (run, "suggested-action");
  gtk_widget_add_css_class (run, "pill");
  gtk_widget_set_hexpand (run, TRUE);
  gtk_widget_set_halign (run, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (run, 200, -1);
  gtk_box_append (GTK_BOX (buttons), run);

  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_widget_add_css_class (status, "dim-label");
  gtk_widget_set_margin_top (status, 12);
  gtk_widget_set_margin_bottom (status, 6);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), status);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), tree);
  gtk_expander_set_child (GTK_EXPANDER (details), details_tree);
  gtk_widget_set_margin_top (details, 12);
  gtk_widget_set_visible (details, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), details);
  self->run_status = GTK_LABEL (status);
  self->result_tree = LF_RESULT_TREE (tree);
  self->details = GTK_EXPANDER (details);
  self->details_tree = LF_RESULT_TREE (details_tree);
  return group;
}

/* The page *****************************************************************************/

static void
forget_page (LfActionsPanel *self)
{
  self->run_status = NULL;
  self->result_tree = NULL;
  self->details = NULL;
  self->details_tree = NULL;
  self->payload = NULL;
}

/* The selected action, or the first one when it is gone; NULL when there are none. */
static LfAction *
keep_selection (LfActionsPanel *self)
{
  LfAction *action = selected_action (self);

  if (action == NULL && lf_form_get_n_actions (self->form) > 0)
    {
      action = lf_form_get_action (self->form, 0);
      g_free (self->selected);
      self->selected = g_strdup (lf_action_get_name (action));
    }
  else if (action == NULL)
    g_clear_pointer (&self->selected, g_free);
  return action;
}

static void
rebuild (LfActionsPanel *self)
{
  AdwPreferencesPage *page;
  LfAction *action;

  self->rebuild_id = 0;
  /* Before the page goes: its payload view may apply as it loses focus. */
  forget_page (self);
  if (self->form == NULL)
    {
      adw_bin_set_child (ADW_BIN (self), NULL);
      return;
    }

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  action = keep_selection (self);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (make_list_group (self)));
  if (action != NULL)
    {
      adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (make_settings_group (self, action)));
      adw_preferences_page_add (page,
                                ADW_PREFERENCES_GROUP (make_parameters_group (self, action)));
      if (lf_action_get_operation (action) == LF_OPERATION_INVOKE)
        adw_preferences_page_add (page,
                                  ADW_PREFERENCES_GROUP (make_payload_group (self, action)));
      adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (make_run_group (self)));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actions-panel.run", action != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actions-panel.remove", action != NULL);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (page));
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
  forget_page (self);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  g_clear_object (&self->form);

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
  gtk_widget_class_install_action (widget_class, "actions-panel.bind-result", "(ssss)",
                                   bind_result);
  gtk_widget_class_set_css_name (widget_class, "lfactionspanel");
}

static void
lf_actions_panel_init (LfActionsPanel *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The form’s actions"), -1);
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
