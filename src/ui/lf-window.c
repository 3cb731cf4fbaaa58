/* lf-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-form-view.h"
#include "lf-static-credentials-provider.h"
#include "lf-account-store.h"
#include "lf-editor.h"
#include "lf-window.h"

struct _LfWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwHeaderBar *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar *switcher_bar;
  AdwViewStack *view_stack;
  GtkStack *run_stack;
  GtkSpinner *starting_spinner;
  AdwStatusPage *error_page;
  LfFormView *form_view;
  GtkStack *edit_stack;
  LfEditor *editor;
  /* The runtime does not follow edits: one made after them is needed to run the edited form. */
  gboolean runtime_stale;
  GSettings *settings;   /* NULL when the schema is not installed (an uninstalled run) */
  GtkWidget *open_button;
  GtkWidget *save_button;
  GtkWidget *primary_menu_button;

  GFile *file;
  LfForm *form;
  LfFormRuntime *runtime;
  GCancellable *cancellable;   /* lives as long as the window: closing cancels its work */
  GtkNativeDialog *chooser;
  guint open_generation;       /* a newer open supersedes a sandbox start still under way */
  gboolean dirty;              /* changed since opened or saved */
};

enum {
  PROP_0,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfWindow, lf_window, ADW_TYPE_APPLICATION_WINDOW)

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

static void
update_title (LfWindow *self)
{
  g_autofree char *name = self->file ? g_file_get_basename (self->file) : NULL;
  g_autofree char *parent = NULL;
  g_autofree char *marked = NULL;
  const char *title = _("LambdaForms");
  gboolean unsaved = self->form != NULL && self->dirty && lf_form_can_undo (self->form);

  if (self->file != NULL)
    {
      g_autoptr(GFile) dir = g_file_get_parent (self->file);

      if (dir != NULL)
        parent = g_file_get_parse_name (dir);
    }
  if (self->form != NULL)
    title = lf_form_get_title (self->form);
  else if (name != NULL)
    title = name;

  /* The dot is the usual GNOME mark of unsaved changes. */
  marked = unsaved ? g_strdup_printf ("• %s", title) : g_strdup (title);
  adw_view_switcher_title_set_title (self->switcher_title, marked);
  adw_view_switcher_title_set_subtitle (self->switcher_title, parent ? parent : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", unsaved);
}

/* Accounts *****************************************************************************/

/* Accounts come from the store on disk, read when a form opens so that accounts added in
 * the meantime are seen. The sandbox account, or a form naming none, runs on the app's own
 * local sandbox. */
static LfAccount *
find_account (LfAccountStore **store_out,
              const char      *account)
{
  g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);
  LfAccount *found;

  if (account == NULL || !lf_account_store_load (store, NULL))
    return NULL;
  found = lf_account_store_lookup (store, account);
  if (found != NULL && store_out != NULL)
    *store_out = g_steal_pointer (&store);
  return found;
}

static LfLambdaClient *
lookup_account_client (const char  *account,
                       const char  *region,
                       GError     **error)
{
  g_autoptr(LfAccountStore) store = NULL;
  LfAccount *found = find_account (&store, account);

  if (found == NULL)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_ACCOUNT,
                   _("This form uses the account “%s”, which is not set up on this computer"),
                   account);
      return NULL;
    }

  return lf_account_create_client (found, store, error);
}

static gboolean
is_sandbox_account (const char *account)
{
  g_autoptr(LfAccountStore) store = NULL;
  LfAccount *found;

  if (account == NULL || g_strcmp0 (account, "sandbox") == 0)
    return TRUE;
  found = find_account (&store, account);
  return found != NULL && lf_account_get_auth_type (found) == LF_AUTH_SANDBOX;
}

/* Whether running @form may need the local sandbox, so it must be started first. */
static gboolean
form_needs_sandbox (LfForm *form)
{
  if (is_sandbox_account (lf_form_get_setting (form, "account")))
    return TRUE;
  for (guint i = 0; i < lf_form_get_n_actions (form); i++)
    {
      const char *account = lf_action_get_account (lf_form_get_action (form, i));

      if (account != NULL && is_sandbox_account (account))
        return TRUE;
    }
  return FALSE;
}

/* The runtime's client factory. Its data is the app's sandbox (a reference), never the
 * window: a request still under way when the window closes keeps the runtime alive. */
static LfLambdaClient *
client_factory (const char  *account,
                const char  *region,
                gpointer     user_data,
                GError     **error)
{
  LfSandboxProcess *sandbox = user_data;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!is_sandbox_account (account))
    {
      LfLambdaClient *client = lookup_account_client (account, region, &local_error);

      if (client != NULL || local_error != NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return client;
        }
    }

  if (sandbox == NULL || !lf_sandbox_process_is_running (sandbox))
    {
      g_set_error_literal (error, LF_FORM_ERROR, LF_FORM_ERROR_ACCOUNT,
                           _("The local sandbox is not running"));
      return NULL;
    }
  credentials = lf_sandbox_process_get_credentials (sandbox);
  provider = lf_static_credentials_provider_new (credentials);
  /* The sandbox serves one region whatever the form asks for. */
  return lf_lambda_client_new (provider, lf_sandbox_process_get_region (sandbox),
                               lf_sandbox_process_get_url (sandbox), error);
}

/* Opening a form ***********************************************************************/

static void
on_busy_changed (LfWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel",
                                 lf_form_view_get_busy (self->form_view));
}

static void
on_form_changed (LfWindow *self)
{
  self->dirty = TRUE;
  update_title (self);
}

static void
close_form (LfWindow *self)
{
  self->open_generation++;
  if (self->runtime != NULL)
    lf_form_runtime_cancel_all (self->runtime);
  if (self->form_view != NULL)
    lf_form_view_set_runtime (self->form_view, NULL);
  g_clear_object (&self->runtime);
  lf_editor_set_form (self->editor, NULL);
  gtk_stack_set_visible_child_name (self->edit_stack, "empty");
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);
  self->dirty = FALSE;
}

static void
show_error (LfWindow   *self,
            const char *title,
            const char *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_spinner_stop (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->run_stack, "error");
}

static const char * const form_change_signals[] = {
  "control-added", "control-removed", "control-moved", "control-property-changed",
  "action-added", "action-removed", "action-changed", "setting-changed",
};

static void
mark_runtime_stale (LfWindow *self)
{
  self->runtime_stale = TRUE;
}

static void start_runtime (LfWindow *self);

/* Back in Run mode after edits, the form runs as it now is. */
static void
on_view_changed (LfWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "run") == 0 && self->runtime_stale && self->runtime != NULL)
    {
      lf_form_runtime_cancel_all (self->runtime);
      lf_form_view_set_runtime (self->form_view, NULL);
      g_clear_object (&self->runtime);
      start_runtime (self);
    }
}

static void
start_runtime (LfWindow *self)
{
  LfApplication *app = LF_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  LfSandboxProcess *sandbox = app ? lf_application_get_sandbox (app) : NULL;

  g_return_if_fail (self->form != NULL);

  self->runtime = lf_form_runtime_new (self->form, client_factory,
                                       sandbox ? g_object_ref (sandbox) : NULL,
                                       sandbox ? g_object_unref : NULL);
  lf_form_view_set_runtime (self->form_view, self->runtime);
  lf_editor_set_client_factory (self->editor, client_factory,
                                sandbox ? g_object_ref (sandbox) : NULL,
                                sandbox ? g_object_unref : NULL);
  self->runtime_stale = FALSE;
  gtk_spinner_stop (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->run_stack, "form");
  lf_form_runtime_start (self->runtime, TRUE);
}

typedef struct
{
  LfWindow *self;      /* a reference, dropped when the start is done */
  guint     generation;
} StartData;

static void
on_sandbox_started (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  StartData *data = user_data;
  g_autoptr(LfWindow) self = data->self;
  g_autoptr(GError) error = NULL;
  gboolean started = lf_sandbox_process_start_finish (LF_SANDBOX_PROCESS (object), result, &error);
  gboolean current = data->generation == self->open_generation;

  g_free (data);
  /* The window closed or another form was opened meanwhile. */
  if (g_cancellable_is_cancelled (self->cancellable) || !current)
    return;
  if (!started)
    {
      show_error (self, _("Could Not Start the Local Sandbox"), error->message);
      return;
    }
  start_runtime (self);
}

void
lf_window_open_file (LfWindow *self,
                     GFile    *file,
                     gboolean  run_only)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  LfApplication *app;

  g_return_if_fail (LF_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  close_form (self);
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);

  /* A form opened to be used shows nothing but the form: a title and the window buttons. */
  gtk_widget_set_visible (self->open_button, !run_only);
  gtk_widget_set_visible (self->save_button, !run_only);
  gtk_widget_set_visible (self->primary_menu_button, !run_only);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, !run_only);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), !run_only);
  adw_view_stack_set_visible_child_name (self->view_stack, "run");

  path = g_file_get_path (file);
  if (path == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only forms on this computer can be opened"));
  else
    self->form = lf_form_new_from_file (path, &error);
  if (self->form == NULL)
    {
      update_title (self);
      /* The loader's message starts with the JSON path of what is wrong. */
      show_error (self, _("Could Not Open the Form"), error->message);
      return;
    }

  g_signal_connect_swapped (self->form, "notify::can-undo", G_CALLBACK (on_form_changed), self);
  for (guint i = 0; i < G_N_ELEMENTS (form_change_signals); i++)
    g_signal_connect_swapped (self->form, form_change_signals[i], G_CALLBACK (mark_runtime_stale),
                              self);
  lf_editor_set_form (self->editor, self->form);
  gtk_stack_set_visible_child_name (self->edit_stack, "editor");
  g_signal_connect_swapped (self->form, "notify::title", G_CALLBACK (update_title), self);
  update_title (self);

  app = LF_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (app != NULL && form_needs_sandbox (self->form))
    {
      StartData *data = g_new0 (StartData, 1);

      /* The runtime's client factory cannot wait, so the sandbox is up before it exists. */
      data->self = g_object_ref (self);
      data->generation = self->open_generation;
      gtk_spinner_start (self->starting_spinner);
      gtk_stack_set_visible_child_name (self->run_stack, "starting");
      lf_sandbox_process_start_async (lf_application_get_sandbox (app), self->cancellable,
                                      on_sandbox_started, data);
      return;
    }
  start_runtime (self);
}

LfForm *
lf_window_get_form (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return self->form;
}

LfFormView *
lf_window_get_form_view (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return self->form_view;
}

const char *
lf_window_get_page (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->run_stack);
}

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  LfWindow *self = LF_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        lf_window_open_file (self, file, FALSE);
    }

  g_clear_object (&self->chooser);
}

static void
lf_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  g_autoptr(GtkFileFilter) forms = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (forms, _("Forms"));
  gtk_file_filter_add_mime_type (forms, "application/x-lambdaform+json");
  gtk_file_filter_add_suffix (forms, "lambdaform");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  /* GtkFileDialog is GTK 4.10; the native chooser is what 4.8 has. */
  chooser = gtk_file_chooser_native_new (_("Open a Form"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), forms);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
lf_window_open_example_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  const char *dirs[] = { SOURCE_DATADIR "/examples", PKGDATADIR "/examples" };

  for (guint i = 0; i < G_N_ELEMENTS (dirs) && path == NULL; i++)
    {
      g_autofree char *candidate = g_build_filename (dirs[i], "invoke-function.lambdaform", NULL);
      if (g_file_test (candidate, G_FILE_TEST_EXISTS))
        path = g_steal_pointer (&candidate);
    }

  if (path == NULL)
    {
      lf_window_add_toast (self, _("The example forms are not installed"));
      return;
    }

  file = g_file_new_for_path (path);
  lf_window_open_file (self, file, FALSE);
}

static void
lf_window_save_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (self->form == NULL || self->file == NULL || (path = g_file_get_path (self->file)) == NULL)
    return;
  if (!lf_form_save_to_file (self->form, path, &error))
    {
      lf_window_add_toast (self, error->message);
      return;
    }
  self->dirty = FALSE;
  update_title (self);
}

static void
lf_window_cancel_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  lf_form_view_cancel (LF_WINDOW (widget)->form_view);
}

static void
lf_window_close_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
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

static void
lf_window_dispose (GObject *object)
{
  LfWindow *self = (LfWindow *) object;

  /* Closing mid-request is safe: the runs are cancelled and their answers go nowhere. */
  g_cancellable_cancel (self->cancellable);
  close_form (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_WINDOW);

  G_OBJECT_CLASS (lf_window_parent_class)->dispose (object);
}

static void
lf_window_finalize (GObject *object)
{
  LfWindow *self = (LfWindow *) object;

  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_window_class_init (LfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (LF_TYPE_FORM_VIEW);
  g_type_ensure (LF_TYPE_EDITOR);
  object_class->dispose = lf_window_dispose;
  object_class->finalize = lf_window_finalize;
  object_class->get_property = lf_window_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LfWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, edit_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, run_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, form_view);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, primary_menu_button);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, lf_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-example", NULL,
                                   lf_window_open_example_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, lf_window_save_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, lf_window_close_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, lf_window_cancel_action);
  /* Escape cancels what runs; popovers and dialogs see it first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
}

static void
lf_window_init (LfWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (on_view_changed), self);

  self->cancellable = g_cancellable_new ();
  restore_window_state (self);
  /* Nothing to save until a form is open and changed. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", FALSE);
  g_signal_connect_swapped (self->form_view, "notify::busy", G_CALLBACK (on_busy_changed), self);
}

LfWindow *
lf_window_new (LfApplication *application)
{
  return g_object_new (LF_TYPE_WINDOW, "application", application, NULL);
}
