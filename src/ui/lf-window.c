/* lf-window.c: the main window, showing one document
 *
 * The window shows; the session (accounts, clients, recent forms, copies of unsaved work) and
 * the document (the form, its file, loading and saving) do the rest. What the person asks
 * of the window is in lf-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-editor.h"
#include "lf-form-view.h"
#include "lf-window-private.h"

#define N_RECENT_SHOWN 6

enum {
  PROP_0,
  PROP_FILE,
  PROP_UNSAVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfWindow, lf_window, ADW_TYPE_APPLICATION_WINDOW)

static void begin_running (LfWindow *self);

void
lf_window_add_toast (LfWindow   *self,
                     const char *message)
{
  g_return_if_fail (LF_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

GFile *
lf_window_get_file (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return self->file;
}

gboolean
lf_window_get_unsaved (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), FALSE);
  return self->document != NULL && lf_document_get_modified (self->document);
}

LfForm *
lf_window_get_form (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return self->document ? lf_document_get_form (self->document) : NULL;
}

/* The title ******************************************************************************/

/* The title is the form's; the subtitle names its file, whose full path is the tooltip. */
void
_lf_window_update_title (LfWindow *self)
{
  g_autofree char *name = self->file ? g_file_get_basename (self->file) : NULL;
  g_autofree char *path = self->file ? g_file_get_parse_name (self->file) : NULL;
  g_autofree char *marked = NULL;
  const char *title = _("LambdaForms");
  const char *subtitle = "";
  gboolean unsaved = lf_window_get_unsaved (self);
  gboolean has_form = self->document != NULL;

  if (has_form)
    title = lf_document_get_title (self->document);
  else if (name != NULL)
    title = name;
  if (has_form && name != NULL)
    subtitle = name;
  else if (has_form)
    subtitle = _("Not saved yet");

  /* The dot is the usual GNOME mark of unsaved changes. */
  marked = unsaved ? g_strdup_printf ("• %s", title) : g_strdup (title);
  adw_view_switcher_title_set_title (self->switcher_title, marked);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  adw_window_title_set_title (self->document_title, has_form || self->file ? marked : "");
  adw_window_title_set_subtitle (self->document_title, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->switcher_title), path);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->document_title), path);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save",
                                 unsaved || (has_form && lf_document_get_file (self->document)
                                                           == NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", has_form);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSAVED]);
}

/* Undo and redo go through the form's own history, shown while editing. */
void
_lf_window_update_undo (LfWindow *self)
{
  LfForm *form = lf_window_get_form (self);
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);
  gboolean editing = form != NULL && !self->run_only && g_strcmp0 (page, "edit") == 0;
  const char *undo = form ? lf_form_get_undo_label (form) : NULL;
  const char *redo = form ? lf_form_get_redo_label (form) : NULL;
  g_autofree char *undo_tip = undo ? g_strdup_printf (_("Undo “%s” (Ctrl+Z)"), undo)
                                   : g_strdup (_("Undo (Ctrl+Z)"));
  g_autofree char *redo_tip = redo ? g_strdup_printf (_("Redo “%s” (Ctrl+Shift+Z)"), redo)
                                   : g_strdup (_("Redo (Ctrl+Shift+Z)"));

  gtk_widget_set_visible (self->undo_box, editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 editing && lf_form_can_undo (form));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 editing && lf_form_can_redo (form));
  gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
  gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
}

/* Wide, the switcher takes the title's place: the name moves beside the buttons. */
static gboolean
sync_document_title (gpointer user_data)
{
  LfWindow *self = user_data;

  self->title_idle = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->document_title),
                          !adw_view_switcher_title_get_title_visible (self->switcher_title));
  return G_SOURCE_REMOVE;
}

/* Told while the header is being allocated: showing or hiding a widget then would leave it
 * to be drawn without a size, so it waits for the allocation to end. */
static void
on_title_visible_changed (LfWindow *self)
{
  if (self->title_idle == 0)
    self->title_idle = g_idle_add (sync_document_title, self);
}

/* Recent forms ***************************************************************************/

void
_lf_window_update_recent (LfWindow *self)
{
  g_autoptr(GPtrArray) forms = lf_session_list_recent (self->session, N_RECENT_SHOWN);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; i < forms->len; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (forms, i);
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autoptr(GFile) dir = g_file_get_parent (file);
      g_autofree char *where = dir ? g_file_get_parse_name (dir) : NULL;
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     gtk_recent_info_get_display_name (info));
      if (where != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", gtk_recent_info_get_uri (info));
      gtk_list_box_append (self->recent_list, row);
    }
  gtk_widget_set_visible (self->recent_group, forms->len > 0);
}

/* Pages **********************************************************************************/

static void
on_busy_changed (LfWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel",
                                 self->form_view && lf_form_view_get_busy (self->form_view));
}

static LfFormView *
ensure_form_view (LfWindow *self)
{
  if (self->form_view == NULL)
    {
      self->form_view = g_object_new (LF_TYPE_FORM_VIEW, NULL);
      gtk_stack_add_named (self->run_stack, GTK_WIDGET (self->form_view), "form");
      g_signal_connect_swapped (self->form_view, "notify::busy", G_CALLBACK (on_busy_changed),
                                self);
    }
  return self->form_view;
}

static void
set_editor_factory (LfWindow *self)
{
  LfClientFactoryFunc func;
  gpointer data;
  GDestroyNotify destroy;

  lf_session_get_client_factory (self->session,
                                 lf_account_button_get_account (self->account_button),
                                 lf_account_button_get_region (self->account_button),
                                 &func, &data, &destroy);
  lf_editor_set_client_factory (self->editor, func, data, destroy);
  lf_editor_set_history (self->editor, lf_session_get_history (self->session));
}

/* The editor offers the accounts set up here where a form names one. */
static void
give_editor_accounts (LfWindow *self)
{
  GListModel *accounts;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  if (self->editor == NULL)
    return;
  accounts = lf_account_store_get_accounts (lf_session_get_accounts (self->session));
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(LfAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (lf_account_get_name (account), "sandbox") != 0)
        g_strv_builder_add (names, lf_account_get_name (account));
    }
  list = g_strv_builder_end (names);
  lf_editor_set_accounts (self->editor, (const char * const *) list);
}

LfEditor *
_lf_window_ensure_editor (LfWindow *self)
{
  if (self->editor != NULL)
    return self->editor;

  self->editor = LF_EDITOR (lf_editor_new ());
  give_editor_accounts (self);
  gtk_stack_add_named (self->edit_stack, GTK_WIDGET (self->editor), "editor");
  if (self->document != NULL)
    {
      lf_editor_set_form (self->editor, lf_document_get_form (self->document));
      set_editor_factory (self);
      gtk_stack_set_visible_child_name (self->edit_stack, "editor");
    }
  return self->editor;
}

void
_lf_window_show_error (LfWindow   *self,
                       const char *title,
                       const char *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_spinner_stop (self->starting_spinner);
  gtk_spinner_stop (self->opening_spinner);
  gtk_stack_set_visible_child_name (self->run_stack, "error");
}

/* Running ********************************************************************************/

/* Runs the form again with what the person entered, after a change of account or region. */
static void
restart_runtime (LfWindow *self)
{
  if (self->runtime == NULL)
    return;
  g_clear_pointer (&self->carried_values, json_node_unref);
  self->carried_values = lf_form_runtime_dup_values (self->runtime);
  lf_form_runtime_cancel_all (self->runtime);
  if (self->form_view != NULL)
    lf_form_view_set_runtime (self->form_view, NULL);
  g_clear_object (&self->runtime);
  begin_running (self);
}

/* Values entered before a change of account stay; those that no longer fit are dropped. */
static void
carry_values (LfWindow *self)
{
  g_autoptr(JsonNode) carried = g_steal_pointer (&self->carried_values);
  JsonObject *values;
  g_autoptr(GList) names = NULL;

  if (carried == NULL)
    return;
  values = json_node_get_object (carried);
  names = json_object_get_members (values);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (values, l->data);

      if (!JSON_NODE_HOLDS_NULL (value))
        lf_form_runtime_set_value (self->runtime, l->data, value, NULL);
    }
}

/* Every run of the form lands in the run history, with the file it came from. */
static void
record_runs (LfWindow *self)
{
  GFile *file = lf_document_get_file (self->document);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  lf_form_runtime_set_history (self->runtime, lf_session_get_history (self->session), "app",
                               path);
}

static void
start_runtime (LfWindow *self)
{
  LfClientFactoryFunc func;
  gpointer data;
  GDestroyNotify destroy;

  g_return_if_fail (self->document != NULL);

  lf_session_get_client_factory (self->session,
                                 lf_account_button_get_account (self->account_button),
                                 lf_account_button_get_region (self->account_button),
                                 &func, &data, &destroy);
  self->runtime = lf_form_runtime_new (lf_document_get_form (self->document), func, data,
                                       destroy);
  record_runs (self);
  carry_values (self);
  lf_form_view_set_runtime (ensure_form_view (self), self->runtime);
  if (self->editor != NULL)
    set_editor_factory (self);
  self->runtime_stale = FALSE;
  gtk_spinner_stop (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->run_stack, "form");
  lf_form_runtime_start (self->runtime, TRUE);
}

/* Whether running the form may need the local sandbox, so it must be started first. */
static gboolean
form_needs_sandbox (LfWindow *self)
{
  LfForm *form = lf_window_get_form (self);
  const char *chosen = lf_account_button_get_account (self->account_button);

  if (chosen != NULL)
    return lf_session_is_sandbox_account (self->session, chosen);
  if (lf_session_is_sandbox_account (self->session, lf_form_get_setting (form, "account")))
    return TRUE;
  for (guint i = 0; i < lf_form_get_n_actions (form); i++)
    {
      const char *account = lf_action_get_account (lf_form_get_action (form, i));

      if (account != NULL && lf_session_is_sandbox_account (self->session, account))
        return TRUE;
    }
  return FALSE;
}

/* Async callbacks hold the window and the open they belong to: a newer open wins. */
typedef struct
{
  LfWindow *self;
  guint     generation;
} OpenData;

static OpenData *
open_data_new (LfWindow *self)
{
  OpenData *data = g_new0 (OpenData, 1);

  data->self = g_object_ref (self);
  data->generation = self->open_generation;
  return data;
}

/* Takes @data; returns the window when the open is still wanted. */
static LfWindow *
open_data_finish (OpenData *data)
{
  LfWindow *self = data->self;
  gboolean current = data->generation == self->open_generation;

  g_free (data);
  if (g_cancellable_is_cancelled (self->cancellable) || !current)
    {
      g_object_unref (self);
      return NULL;
    }
  return self;
}

static void
on_sandbox_started (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean started = lf_sandbox_process_start_finish (LF_SANDBOX_PROCESS (object), result,
                                                      &error);
  g_autoptr(LfWindow) self = open_data_finish (user_data);

  if (self == NULL)
    return;
  if (!started)
    _lf_window_show_error (self, _("Could Not Start the Local Sandbox"), error->message);
  else
    start_runtime (self);
}

/* Starts the local sandbox first when the form may need it: the runtime's client factory
 * cannot wait. */
static void
begin_running (LfWindow *self)
{
  LfSandboxProcess *sandbox = lf_session_get_sandbox (self->session);

  if (self->document == NULL)
    return;
  if (!lf_sandbox_process_is_running (sandbox) && form_needs_sandbox (self))
    {
      self->open_generation++;
      gtk_spinner_start (self->starting_spinner);
      gtk_stack_set_visible_child_name (self->run_stack, "starting");
      lf_sandbox_process_start_async (sandbox, self->cancellable, on_sandbox_started,
                                      open_data_new (self));
      return;
    }
  start_runtime (self);
}

static void
on_account_chosen (LfWindow *self)
{
  restart_runtime (self);
}

void
lf_window_set_account_override (LfWindow   *self,
                                const char *account,
                                const char *region)
{
  g_return_if_fail (LF_IS_WINDOW (self));

  lf_account_button_set_choice (self->account_button, account, region);
}

/* The document ***************************************************************************/

static void
update_account_button (LfWindow *self)
{
  LfForm *form = lf_window_get_form (self);

  gtk_widget_set_visible (GTK_WIDGET (self->account_button), form != NULL && !self->run_only);
  if (form != NULL)
    lf_account_button_set_form_account (self->account_button,
                                        lf_form_get_setting (form, "account"),
                                        lf_form_get_setting (form, "region"));
}

/* Every edit: the runtime is behind. */
static void
on_form_edited (LfWindow *self)
{
  self->runtime_stale = TRUE;
  _lf_window_update_undo (self);
}

static void
on_document_changed (LfWindow *self)
{
  _lf_window_update_title (self);
  _lf_window_update_undo (self);
}

static void
on_file_changed (LfWindow *self)
{
  if (g_set_object (&self->file, lf_document_get_file (self->document)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  _lf_window_update_title (self);
}

void
_lf_window_close_document (LfWindow *self,
                           gboolean  keep_copy)
{
  self->open_generation++;
  if (self->runtime != NULL)
    lf_form_runtime_cancel_all (self->runtime);
  if (self->form_view != NULL)
    lf_form_view_set_runtime (self->form_view, NULL);
  g_clear_object (&self->runtime);
  if (self->editor != NULL)
    lf_editor_set_form (self->editor, NULL);
  if (self->edit_stack != NULL)
    gtk_stack_set_visible_child_name (self->edit_stack, "empty");
  g_clear_pointer (&self->carried_values, json_node_unref);
  if (self->document == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->document, self);
  g_signal_handlers_disconnect_by_data (lf_document_get_form (self->document), self);
  lf_session_unwatch_document (self->session, self->document, keep_copy);
  g_clear_object (&self->document);
}

/* A form opened to be used shows nothing but the form: a title and the window buttons. */
static void
show_run_only (LfWindow *self,
               gboolean  run_only)
{
  self->run_only = run_only;
  gtk_widget_set_visible (self->open_button, !run_only);
  gtk_widget_set_visible (self->new_button, !run_only);
  gtk_widget_set_visible (self->save_button, !run_only);
  gtk_widget_set_visible (self->primary_menu_button, !run_only);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, !run_only);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), !run_only);
}

static void
connect_document (LfWindow *self)
{
  LfForm *form = lf_document_get_form (self->document);
  static const char * const edits[] = {
    "control-added", "control-removed", "control-moved", "control-property-changed",
    "action-added", "action-removed", "action-changed", "setting-changed",
  };

  g_signal_connect_swapped (self->document, "notify::modified",
                            G_CALLBACK (on_document_changed), self);
  g_signal_connect_swapped (self->document, "notify::title", G_CALLBACK (on_document_changed),
                            self);
  g_signal_connect_swapped (self->document, "notify::file", G_CALLBACK (on_file_changed), self);
  g_signal_connect_swapped (form, "notify::revision", G_CALLBACK (_lf_window_update_undo), self);
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    g_signal_connect_swapped (form, edits[i], G_CALLBACK (on_form_edited), self);
  g_signal_connect_swapped (form, "setting-changed", G_CALLBACK (update_account_button), self);
}

void
_lf_window_set_document (LfWindow   *self,
                         LfDocument *document,
                         GFile      *file,
                         gboolean    run_only,
                         LfAutosave *slot)
{
  _lf_window_close_document (self, FALSE);
  show_run_only (self, run_only);
  self->document = document ? g_object_ref (document) : NULL;
  /* Values from the run history fill in the form as it starts, as kept values do (once it
   * is loaded: opening sets no document first). */
  if (document != NULL)
    self->carried_values = g_steal_pointer (&self->opening_values);
  if (document != NULL)
    file = lf_document_get_file (document);
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);

  if (self->document != NULL)
    {
      connect_document (self);
      lf_session_watch_document (self->session, self->document, slot);
      if (self->editor != NULL)
        {
          lf_editor_set_form (self->editor, lf_document_get_form (self->document));
          gtk_stack_set_visible_child_name (self->edit_stack, "editor");
        }
    }
  self->runtime_stale = FALSE;
  _lf_window_update_title (self);
  update_account_button (self);
  _lf_window_update_undo (self);
  begin_running (self);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LfDocument) document = lf_document_load_finish (result, &error);
  g_autoptr(LfWindow) self = open_data_finish (user_data);

  if (self == NULL)
    return;
  gtk_spinner_stop (self->opening_spinner);
  if (document == NULL)
    {
      /* The loader's message starts with the JSON path of what is wrong. */
      _lf_window_show_error (self, _("Could Not Open the Form"), error->message);
      return;
    }
  _lf_window_set_document (self, document, NULL, self->run_only, NULL);
  if (!self->run_only)
    lf_session_add_recent (self->session, lf_document_get_file (document));
}

/* Shows @file at once (its name, a spinner) and reads it away from the main loop. */
void
_lf_window_open_now (LfWindow *self,
                     GFile    *file,
                     gboolean  run_only)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "run");
  _lf_window_set_document (self, NULL, file, run_only, NULL);
  gtk_spinner_start (self->opening_spinner);
  gtk_stack_set_visible_child_name (self->run_stack, "opening");
  lf_document_load_async (file, self->cancellable, on_loaded, open_data_new (self));
}

/* Back in Run mode after edits, the form runs as it now is. */
static void
on_view_changed (LfWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "edit") == 0)
    _lf_window_ensure_editor (self);
  _lf_window_update_undo (self);
  if (g_strcmp0 (page, "run") == 0 && self->runtime_stale)
    restart_runtime (self);
}

static void
on_autosave_failed (LfWindow   *self,
                    LfDocument *document,
                    const char *message)
{
  if (document == self->document)
    lf_window_add_toast (self, message);
}

/* The window *****************************************************************************/

LfFormView *
lf_window_get_form_view (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return ensure_form_view (self);
}

LfEditor *
lf_window_get_editor (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return _lf_window_ensure_editor (self);
}

const char *
lf_window_get_page (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->run_stack);
}

/* Size and maximized state follow the last window closed. */
static void
restore_window_state (LfWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema =
    source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  if (schema == NULL)
    return;

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static GMenuModel *
new_form_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) from_function = g_menu_new ();
  guint n_templates = 0;
  const LfEditorTemplate *templates = lf_editor_get_templates (&n_templates);

  for (guint i = 0; i < n_templates; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(templates[i].title), NULL);

      g_menu_item_set_action_and_target (item, "win.new-form", "s", templates[i].id);
      g_menu_append_item (menu, item);
    }
  /* Made from the function's events rather than built by hand. */
  g_menu_append_section (menu, NULL, G_MENU_MODEL (from_function));
  g_menu_append (from_function, _("New Form for a _Function…"), "win.new-function-form");
  return G_MENU_MODEL (menu);
}

static void
lf_window_constructed (GObject *object)
{
  LfWindow *self = (LfWindow *) object;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  G_OBJECT_CLASS (lf_window_parent_class)->constructed (object);

  /* A window made without the app (some tests) gets a session of its own. */
  self->session = app ? g_object_ref (lf_application_get_session (LF_APPLICATION (app)))
                      : lf_session_new ();
  lf_account_button_set_session (self->account_button, self->session);
  g_signal_connect_object (self->session, "recent-changed",
                           G_CALLBACK (_lf_window_update_recent), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "autosave-failed", G_CALLBACK (on_autosave_failed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "accounts-changed", G_CALLBACK (give_editor_accounts),
                           self, G_CONNECT_SWAPPED);
  _lf_window_update_recent (self);
}

static void
lf_window_dispose (GObject *object)
{
  LfWindow *self = (LfWindow *) object;

  /* Closing mid-request is safe: the runs are cancelled and their answers go nowhere. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->title_idle, g_source_remove);
  /* Destroyed without a choice (the session ended): the copy of unsaved work stays. */
  if (self->session != NULL)
    _lf_window_close_document (self, TRUE);
  _lf_window_clear_pending (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_WINDOW);
  /* They went with the stacks they sit in. */
  self->editor = NULL;
  self->form_view = NULL;

  G_OBJECT_CLASS (lf_window_parent_class)->dispose (object);
}

static void
lf_window_finalize (GObject *object)
{
  LfWindow *self = (LfWindow *) object;

  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->orphans, g_ptr_array_unref);
  g_clear_pointer (&self->opening_values, json_node_unref);
  g_clear_pointer (&self->carried_values, json_node_unref);

  G_OBJECT_CLASS (lf_window_parent_class)->finalize (object);
}

static void
lf_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LfWindow *self = LF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_UNSAVED:
      g_value_set_boolean (value, lf_window_get_unsaved (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LfWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, document_title);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, edit_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, run_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, opening_spinner);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, undo_box);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, recovery_revealer);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, recent_list);
}

static void
lf_window_class_init (LfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  g_type_ensure (LF_TYPE_FORM_VIEW);
  g_type_ensure (LF_TYPE_EDITOR);
  g_type_ensure (LF_TYPE_ACCOUNT_BUTTON);
  object_class->constructed = lf_window_constructed;
  object_class->dispose = lf_window_dispose;
  object_class->finalize = lf_window_finalize;
  object_class->get_property = lf_window_get_property;
  window_class->close_request = _lf_window_close_request;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNSAVED] =
    g_param_spec_boolean ("unsaved", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  bind_template (widget_class);
  _lf_window_class_add_actions (widget_class);
}

static void
lf_window_init (LfWindow *self)
{
  g_autoptr(GMenuModel) menu = new_form_menu ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (on_view_changed), self);
  g_signal_connect_swapped (self->switcher_title, "notify::title-visible",
                            G_CALLBACK (on_title_visible_changed), self);
  g_signal_connect_swapped (self->account_button, "changed", G_CALLBACK (on_account_chosen),
                            self);
  sync_document_title (self);
  self->cancellable = g_cancellable_new ();
  restore_window_state (self);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->new_button), menu);
  _lf_window_update_title (self);
  _lf_window_update_undo (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", FALSE);
}

LfWindow *
lf_window_new (LfApplication *application)
{
  return g_object_new (LF_TYPE_WINDOW, "application", application, NULL);
}
