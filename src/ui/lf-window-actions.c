/* lf-window-actions.c: what the person asks of the window
 *
 * Opening, saving, new forms, undo and redo, recovering work a crash left behind, and the
 * question about unsaved changes that comes before anything drops them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-editor.h"
#include "lf-form-view.h"
#include "lf-function-form-dialog.h"
#include "lf-window-private.h"

static void show_save_chooser (LfWindow *self);

/* Saving *********************************************************************************/

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LfWindow *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!lf_document_save_finish (LF_DOCUMENT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  lf_session_add_recent (self->session, lf_document_get_file (LF_DOCUMENT (object)));
  g_task_return_boolean (task, TRUE);
}

void
lf_window_save_async (LfWindow            *self,
                      GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LF_IS_WINDOW (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_window_save_async);
  if (self->document == NULL)
    {
      g_task_return_new_error (task, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("No form is open"));
      return;
    }
  lf_document_save_async (self->document, file, cancellable, on_saved,
                          g_steal_pointer (&task));
}

gboolean
lf_window_save_finish (LfWindow      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Unsaved changes ************************************************************************/

void
_lf_window_clear_pending (LfWindow *self)
{
  self->pending = PENDING_NONE;
  g_clear_object (&self->pending_file);
  g_clear_pointer (&self->pending_template, g_free);
  g_clear_object (&self->pending_form);
}

static void
new_now (LfWindow   *self,
         const char *template_id)
{
  g_autoptr(LfForm) form = lf_editor_new_form_from_template (template_id);
  g_autoptr(LfDocument) document = NULL;

  if (form == NULL)
    {
      lf_window_add_toast (self, _("There is no such kind of new form"));
      return;
    }
  document = lf_document_new (form, NULL);
  _lf_window_set_document (self, document, NULL, FALSE, NULL);
  /* A new form is there to be built. */
  adw_view_stack_set_visible_child_name (self->view_stack, "edit");
}

/* A generated form is ready to use: it opens in Run, and can be edited like any other. */
static void
open_generated_now (LfWindow *self,
                    LfForm   *form)
{
  g_autoptr(LfDocument) document = lf_document_new (form, NULL);

  _lf_window_set_document (self, document, NULL, FALSE, NULL);
  adw_view_stack_set_visible_child_name (self->view_stack, "run");
}

/* What was asked will not happen: nor will the values meant for a form being opened. */
static void
drop_pending (LfWindow *self)
{
  _lf_window_clear_pending (self);
  g_clear_pointer (&self->opening_values, json_node_unref);
}

static void
run_pending (LfWindow *self)
{
  PendingKind kind = self->pending;
  g_autoptr(GFile) file = g_steal_pointer (&self->pending_file);
  g_autofree char *template_id = g_steal_pointer (&self->pending_template);
  g_autoptr(LfForm) form = g_steal_pointer (&self->pending_form);
  gboolean run_only = self->pending_run_only;

  _lf_window_clear_pending (self);
  switch (kind)
    {
    case PENDING_CLOSE:
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      break;
    case PENDING_OPEN:
      _lf_window_open_now (self, file, run_only);
      break;
    case PENDING_NEW:
      new_now (self, template_id);
      break;
    case PENDING_GENERATED:
      open_generated_now (self, form);
      break;
    case PENDING_NONE:
    default:
      break;
    }
}

static gboolean
run_pending_idle (gpointer user_data)
{
  run_pending (user_data);
  return G_SOURCE_REMOVE;
}

/* After the dialog is gone: it must not outlive a window that its answer closes. */
static void
run_pending_later (LfWindow *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, run_pending_idle, g_object_ref (self), g_object_unref);
}

/* A save the person asked for; what waited for it runs once it is on disk. */
static void
on_save_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LfWindow *self = LF_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!lf_window_save_finish (self, result, &error))
    {
      if (!g_cancellable_is_cancelled (self->cancellable))
        lf_window_add_toast (self, error->message);
      drop_pending (self);
      return;
    }
  if (self->pending != PENDING_NONE)
    run_pending_later (self);
}

static void
save_or_ask_where (LfWindow *self)
{
  if (lf_document_get_file (self->document) == NULL)
    show_save_chooser (self);
  else
    lf_window_save_async (self, NULL, self->cancellable, on_save_done, NULL);
}

static void
on_question_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  LfWindow *self = LF_WINDOW (user_data);

  self->question = NULL;
  if (g_strcmp0 (response, "discard") == 0)
    {
      /* Dropped on purpose: the copy of the work goes with it. */
      lf_document_forget_changes (self->document);
      run_pending_later (self);
    }
  else if (g_strcmp0 (response, "save") == 0)
    save_or_ask_where (self);
  else
    drop_pending (self);
}

static void
ask_about_changes (LfWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"),
                                                       NULL));
  adw_message_dialog_format_body (dialog,
                                  _("“%s” has changes that are not saved. Changes that are not "
                                    "saved are lost."),
                                  lf_document_get_title (self->document));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "discard", _("_Discard"),
                                    "save", lf_document_get_file (self->document)
                                              ? _("_Save") : _("_Save As…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_question_response), self, 0);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  self->question = GTK_WIDGET (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Does @kind now, or once the person has said what becomes of the unsaved changes. */
static void
ask_then (LfWindow    *self,
          PendingKind  kind,
          GFile       *file,
          gboolean     run_only,
          const char  *template_id,
          LfForm      *form)
{
  if (self->question != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->question));
      return;
    }
  _lf_window_clear_pending (self);
  self->pending = kind;
  self->pending_file = file ? g_object_ref (file) : NULL;
  self->pending_run_only = run_only;
  self->pending_template = g_strdup (template_id);
  self->pending_form = form ? g_object_ref (form) : NULL;
  if (!lf_window_get_unsaved (self))
    run_pending (self);
  else
    ask_about_changes (self);
}

void
lf_window_open_file (LfWindow *self,
                     GFile    *file,
                     gboolean  run_only)
{
  g_return_if_fail (LF_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  ask_then (self, PENDING_OPEN, file, run_only, NULL, NULL);
}

void
lf_window_open_file_with_values (LfWindow   *self,
                                 GFile      *file,
                                 JsonObject *values)
{
  g_return_if_fail (LF_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_clear_pointer (&self->opening_values, json_node_unref);
  if (values != NULL)
    self->opening_values = json_node_init_object (json_node_alloc (), values);
  ask_then (self, PENDING_OPEN, file, FALSE, NULL, NULL);
}

void
lf_window_open_generated_form (LfWindow *self,
                               LfForm   *form)
{
  g_return_if_fail (LF_IS_WINDOW (self));
  g_return_if_fail (LF_IS_FORM (form));

  ask_then (self, PENDING_GENERATED, NULL, FALSE, NULL, form);
}

void
lf_window_new_form (LfWindow   *self,
                    const char *template_id)
{
  g_return_if_fail (LF_IS_WINDOW (self));
  g_return_if_fail (template_id != NULL);

  ask_then (self, PENDING_NEW, NULL, FALSE, template_id, NULL);
}

gboolean
_lf_window_close_request (GtkWindow *window)
{
  LfWindow *self = LF_WINDOW (window);
  GtkWindowClass *parent_class = g_type_class_peek (ADW_TYPE_APPLICATION_WINDOW);

  if (!self->close_confirmed && lf_window_get_unsaved (self))
    {
      ask_then (self, PENDING_CLOSE, NULL, FALSE, NULL, NULL);
      return TRUE;
    }
  /* Closed with nothing unsaved, or the person chose: no copy is left behind. */
  _lf_window_close_document (self, FALSE);
  return parent_class->close_request (window);
}

/* File choosers **************************************************************************/

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  LfWindow *self = LF_WINDOW (user_data);
  g_autoptr(GFile) file = NULL;
  ChooserPurpose purpose = self->chooser_purpose;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);

  if (purpose == CHOOSER_OPEN)
    {
      if (file != NULL)
        lf_window_open_file (self, file, FALSE);
      return;
    }
  /* Saving, perhaps on the way to closing or replacing the form. */
  if (file == NULL || self->document == NULL)
    {
      _lf_window_clear_pending (self);
      return;
    }
  lf_window_save_async (self, file, self->cancellable, on_save_done, NULL);
}

static GtkFileChooserNative *
new_chooser (LfWindow             *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             ChooserPurpose        purpose)
{
  g_autoptr(GtkFileFilter) forms = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (forms, _("Forms"));
  gtk_file_filter_add_mime_type (forms, LF_FORM_MEDIA_TYPE);
  gtk_file_filter_add_suffix (forms, LF_FORM_EXTENSION + 1);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  /* GtkFileDialog is GTK 4.10; the native chooser is what 4.8 has. */
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), forms);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  self->chooser_purpose = purpose;
  return chooser;
}

static void
show_save_chooser (LfWindow *self)
{
  GtkFileChooserNative *chooser;
  GFile *file = lf_document_get_file (self->document);

  if (self->chooser != NULL)
    return;
  chooser = new_chooser (self, _("Save the Form"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                         CHOOSER_SAVE);
  if (file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL);
  else
    {
      g_autofree char *name = lf_document_suggest_file_name (self->document);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  gtk_native_dialog_show (self->chooser);
}

/* Actions ********************************************************************************/

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  if (self->chooser != NULL)
    return;
  new_chooser (self, _("Open a Form"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), CHOOSER_OPEN);
  gtk_native_dialog_show (self->chooser);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  lf_window_open_file (LF_WINDOW (widget), file, FALSE);
}

static void
new_form_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  lf_window_new_form (LF_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
on_function_form_created (LfWindow *self,
                          LfForm   *form)
{
  lf_window_open_generated_form (self, form);
}

static void
new_function_form_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  LfFunctionFormDialog *dialog = lf_function_form_dialog_new (GTK_WINDOW (self), self->session);

  g_signal_connect_object (dialog, "create", G_CALLBACK (on_function_form_created), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_example_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  const char *dirs[] = { SOURCE_DATADIR "/examples", PKGDATADIR "/examples" };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "invoke-function.lambdaform", NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autoptr(GFile) file = g_file_new_for_path (path);

          lf_window_open_file (self, file, FALSE);
          return;
        }
    }
  lf_window_add_toast (self, _("The example forms are not installed"));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  if (self->document != NULL)
    save_or_ask_where (self);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  if (self->document != NULL)
    show_save_chooser (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LfFormView *view = LF_WINDOW (widget)->form_view;

  if (view != NULL)
    lf_form_view_cancel (view);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LfForm *form = lf_window_get_form (LF_WINDOW (widget));

  if (form != NULL)
    lf_form_undo (form);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LfForm *form = lf_window_get_form (LF_WINDOW (widget));

  if (form != NULL)
    lf_form_redo (form);
}

/* The run page's problem bar leads here: the editor, on the first part with a problem. */
static void
fix_problems_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  LfForm *form = lf_window_get_form (self);
  LfEditor *editor;
  guint n_parts;

  if (form == NULL || self->run_only)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "edit");
  editor = _lf_window_ensure_editor (self);
  n_parts = lf_form_get_n_controls (form) + lf_form_get_n_actions (form);
  for (guint i = 0; i < n_parts; i++)
    {
      guint n_controls = lf_form_get_n_controls (form);
      const char *name = i < n_controls
                         ? lf_control_get_name (lf_form_get_control (form, i))
                         : lf_action_get_name (lf_form_get_action (form, i - n_controls));
      g_autoptr(GPtrArray) problems = lf_form_list_problems_of (form, name);

      if (problems->len > 0)
        {
          lf_editor_show_part (editor, name);
          return;
        }
    }
}

/* Recovery *******************************************************************************/

guint
lf_window_offer_recovery (LfWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (LF_IS_WINDOW (self), 0);

  orphans = lf_session_list_orphans (self->session, &error);
  if (orphans == NULL)
    {
      lf_window_add_toast (self, error->message);
      return 0;
    }
  if (orphans->len == 0)
    return 0;

  g_clear_pointer (&self->orphans, g_ptr_array_unref);
  self->orphans = g_steal_pointer (&orphans);
  if (self->orphans->len == 1)
    text = g_strdup_printf (_("“%s” was not saved when LambdaForms last closed. Recover it?"),
                            lf_autosave_get_title (g_ptr_array_index (self->orphans, 0)));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u form was not saved when LambdaForms last closed. "
                                         "Recover it?",
                                         "%u forms were not saved when LambdaForms last closed. "
                                         "Recover them?",
                                         self->orphans->len),
                            self->orphans->len);
  gtk_label_set_text (self->recovery_label, text);
  gtk_revealer_set_reveal_child (self->recovery_revealer, TRUE);
  return self->orphans->len;
}

typedef struct
{
  LfWindow   *self;
  LfAutosave *slot;
} RecoverData;

static void
on_recovered_loaded (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  RecoverData *data = user_data;
  g_autoptr(LfWindow) self = data->self;
  g_autoptr(LfAutosave) slot = data->slot;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfDocument) copy = lf_document_load_finish (result, &error);
  g_autoptr(LfDocument) document = NULL;
  g_autoptr(GFile) file = NULL;
  const char *uri = lf_autosave_get_file_uri (slot);

  g_free (data);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (copy == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not recover “%s”: %s"),
                                                  lf_autosave_get_title (slot), error->message);

      lf_window_add_toast (self, message);
      return;
    }
  /* The work belongs to the form's own file again, not to the copy. */
  if (uri != NULL)
    file = g_file_new_for_uri (uri);
  document = lf_document_new (lf_document_get_form (copy), file);
  lf_document_mark_recovered (document);
  /* The copy stays until the work is saved or dropped, now kept by this window. */
  if (!lf_autosave_claim (slot, &error))
    lf_window_add_toast (self, error->message);
  _lf_window_set_document (self, document, NULL, FALSE, slot);
  adw_view_stack_set_visible_child_name (self->view_stack, "edit");
}

static void
recover_into (LfWindow   *self,
              LfAutosave *slot)
{
  g_autofree char *path = lf_autosave_get_form_path (slot);
  g_autoptr(GFile) copy = g_file_new_for_path (path);
  RecoverData *data = g_new0 (RecoverData, 1);

  data->self = g_object_ref (self);
  data->slot = g_object_ref (slot);
  lf_document_load_async (copy, self->cancellable, on_recovered_loaded, data);
}

static void
recover_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  g_autoptr(GPtrArray) orphans = g_steal_pointer (&self->orphans);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  gtk_revealer_set_reveal_child (self->recovery_revealer, FALSE);
  if (orphans == NULL)
    return;
  for (guint i = 0; i < orphans->len; i++)
    {
      LfWindow *target = self;

      /* This window takes the first unless it holds work of its own; the others get new ones. */
      if (i > 0 || lf_window_get_unsaved (self))
        {
          target = lf_window_new (LF_APPLICATION (app));
          gtk_window_present (GTK_WINDOW (target));
        }
      recover_into (target, g_ptr_array_index (orphans, i));
    }
}

static void
on_discard_recovered_response (AdwMessageDialog *dialog,
                               const char       *response,
                               gpointer          user_data)
{
  LfWindow *self = LF_WINDOW (user_data);
  g_autoptr(GPtrArray) orphans = NULL;

  if (g_strcmp0 (response, "discard") != 0 || self->orphans == NULL)
    return;
  orphans = g_steal_pointer (&self->orphans);
  gtk_revealer_set_reveal_child (self->recovery_revealer, FALSE);
  for (guint i = 0; i < orphans->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!lf_autosave_discard (g_ptr_array_index (orphans, i), &error))
        lf_window_add_toast (self, error->message);
    }
}

static void
discard_recovered_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  AdwMessageDialog *dialog;

  if (self->orphans == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Discard Unsaved Work?"), NULL));
  adw_message_dialog_set_body (dialog, _("The changes that were not saved are lost for good."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  /* The safe answer is the default. */
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_recovered_response), self,
                           0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_lf_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.new-form", "s", new_form_action);
  gtk_widget_class_install_action (widget_class, "win.new-function-form", NULL,
                                   new_function_form_action);
  gtk_widget_class_install_action (widget_class, "win.open-example", NULL, open_example_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.recover", NULL, recover_action);
  gtk_widget_class_install_action (widget_class, "win.fix-problems", NULL, fix_problems_action);
  gtk_widget_class_install_action (widget_class, "win.discard-recovered", NULL,
                                   discard_recovered_action);
  /* Escape cancels what runs; popovers and dialogs see it first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
}
