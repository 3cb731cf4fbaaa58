/* lf-event-picker.c: a function's events, beside a payload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lf-event-picker.h"
#include "lf-event-rows.h"
#include "lf-event-store.h"
#include "lf-event-templates.h"
#include "lf-recent-events.h"
#include "lf-shared-events.h"

#define MAX_RECENT 5

struct _LfEventPicker
{
  GtkWidget parent_instance;

  GtkWidget *button;
  GtkWidget *popover;
  GtkListBox *list;
  GtkWidget *status;
  GtkWidget *save_button;
  GtkWidget *import_button;
  GtkWidget *export_button;
  GtkFileChooserNative *chooser;
  gboolean exporting;

  GListStore *events;
  LfEventStore *store;
  char *account;
  char *function;
  LfLambdaClient *client;
  LfHistory *history;
  JsonNode *payload;
  GCancellable *cancellable;
  GtkWidget *name_entry;
  GtkWidget *share_check;
};

enum
{
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LfEventPicker, lf_event_picker, GTK_TYPE_WIDGET)

/* The list ***********************************************************************************/

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  GtkWidget *label = gtk_label_new (lf_test_event_get_title (item));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  return label;
}

static void
add_events (LfEventPicker *self,
            GPtrArray     *events)
{
  lf_event_rows_insert (self->events, events);
  gtk_list_box_invalidate_headers (self->list);
}

static void
on_row_activated (LfEventPicker *self,
                  GtkListBoxRow *row)
{
  g_autoptr(LfTestEvent) event = g_list_model_get_item (G_LIST_MODEL (self->events),
                                                        gtk_list_box_row_get_index (row));

  gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_signal_emit (self, signals[CHOSEN], 0, event);
}

/* Loading ************************************************************************************/

static void
say (LfEventPicker *self,
     const char    *sentence)
{
  gtk_label_set_text (GTK_LABEL (self->status), sentence ? sentence : "");
  gtk_widget_set_visible (self->status, sentence != NULL);
}

static void
on_saved_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LfEventPicker) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = lf_event_store_list_finish (LF_EVENT_STORE (source), result,
                                                            &error);

  if (self->events == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (error != NULL)
    say (self, _("The events saved on this computer could not be read."));
  add_events (self, events);
}

static void
on_shared_listed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LfEventPicker) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = lf_shared_events_list_finish (LF_SCHEMAS_CLIENT (source), result,
                                                              &error);

  if (self->events == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  /* Without the Schemas permission an account still has everything else. */
  if (error != NULL)
    g_debug ("Shared events of %s: %s", self->function, error->message);
  add_events (self, events);
}

static void
on_recent_listed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LfEventPicker) self = user_data;
  g_autoptr(GPtrArray) events = lf_recent_events_list_finish (LF_HISTORY (source), result, NULL);

  if (self->events == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  add_events (self, events);
}

static void
reload (LfEventPicker *self)
{
  g_autoptr(LfSchemasClient) schemas = NULL;
  g_autoptr(GPtrArray) templates = lf_event_templates_load_all ();

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_list_store_remove_all (self->events);
  say (self, NULL);
  add_events (self, templates);
  if (self->function == NULL)
    return;

  lf_event_store_list_async (self->store, self->account, self->function, self->cancellable,
                             on_saved_listed, g_object_ref (self));
  schemas = self->client ? lf_schemas_client_new_for_lambda (self->client, NULL) : NULL;
  if (schemas != NULL)
    lf_shared_events_list_async (schemas, self->function, self->cancellable, on_shared_listed,
                                 g_object_ref (self));
  if (self->history != NULL)
    lf_recent_events_list_async (self->history, self->account, self->function, MAX_RECENT,
                                 self->cancellable, on_recent_listed, g_object_ref (self));
}

/* Saving *************************************************************************************/

static void
show_failure (LfEventPicker *self,
              const GError  *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("The Event Was Not Saved"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_shared_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LfEventPicker) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lf_shared_events_change_finish (LF_SCHEMAS_CLIENT (source), result, &error) &&
      self->events != NULL)
    show_failure (self, error);
}

static gboolean
save_event (LfEventPicker  *self,
            const char     *name,
            gboolean        share,
            GError        **error)
{
  g_autoptr(LfTestEvent) event = NULL;
  g_autoptr(LfSchemasClient) schemas = NULL;

  if (!lf_test_event_check_name (name, error))
    return FALSE;
  event = lf_test_event_new (name, self->payload, LF_TEST_EVENT_SAVED);
  if (!share)
    return lf_event_store_save (self->store, self->account, self->function, event, TRUE, error);
  schemas = self->client ? lf_schemas_client_new_for_lambda (self->client, error) : NULL;
  if (schemas == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_NOT_FOUND,
                             _("The account cannot be reached to share the event"));
      return FALSE;
    }
  lf_shared_events_save_async (schemas, self->function, event, TRUE, NULL, on_shared_saved,
                               g_object_ref (self));
  return TRUE;
}

static void
on_save_response (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  LfEventPicker *self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") == 0 &&
      !save_event (self, gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                   gtk_check_button_get_active (GTK_CHECK_BUTTON (self->share_check)), &error))
    show_failure (self, error);
  self->name_entry = NULL;
  self->share_check = NULL;
}

static void
on_name_changed (AdwMessageDialog *dialog,
                 GtkEditable      *entry)
{
  adw_message_dialog_set_response_enabled (
    dialog, "save", lf_test_event_check_name (gtk_editable_get_text (entry), NULL));
}

static void
on_save_clicked (LfEventPicker *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_popover_popdown (GTK_POPOVER (self->popover));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Save the Payload as an Event?"),
                                   _("Events are offered wherever this function’s payload is "
                                     "chosen. A name has letters, digits, dots, hyphens or "
                                     "underscores."));
  self->name_entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (self->name_entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Event name"), -1);
  self->share_check = gtk_check_button_new_with_mnemonic (
    _("_Share it in the account, as the Lambda console does"));
  gtk_widget_set_sensitive (self->share_check, self->client != NULL);
  gtk_box_append (GTK_BOX (box), self->name_entry);
  gtk_box_append (GTK_BOX (box), self->share_check);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", FALSE);
  g_signal_connect_swapped (self->name_entry, "changed", G_CALLBACK (on_name_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Import and export ***************************************************************************/

typedef struct
{
  char *account;
  char *function;
  char *path;
  gboolean exporting;
} FileJob;

static void
file_job_free (FileJob *job)
{
  g_free (job->account);
  g_free (job->function);
  g_free (job->path);
  g_free (job);
}

/* In a worker: the file is the user's, however large. */
static void
run_file_job (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LfEventPicker *self = source;
  FileJob *job = task_data;
  GError *error = NULL;
  gboolean done = job->exporting
    ? lf_event_store_export (self->store, job->account, job->function, NULL, job->path, &error)
    : lf_event_store_import (self->store, job->account, job->function, job->path, TRUE, NULL,
                             &error);

  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_file_job_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LfEventPicker *self = LF_EVENT_PICKER (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) && self->events != NULL)
    show_failure (self, error);
}

static void
on_chooser_response (LfEventPicker *self,
                     int            response)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  FileJob *job;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  path = file ? g_file_get_path (file) : NULL;
  if (path == NULL || self->function == NULL)
    return;
  job = g_new0 (FileJob, 1);
  job->account = g_strdup (self->account);
  job->function = g_strdup (self->function);
  job->path = g_steal_pointer (&path);
  job->exporting = self->exporting;
  task = g_task_new (self, NULL, on_file_job_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) file_job_free);
  g_task_run_in_thread (task, run_file_job);
}

/* A collection, a single event, or what the console and SAM CLI share; or, exporting, this
 * function's saved events as one readable file. */
static void
choose_file (LfEventPicker *self,
             gboolean       exporting)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_popover_popdown (GTK_POPOVER (self->popover));
  gtk_file_filter_set_name (filter, _("JSON Files"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  self->exporting = exporting;
  self->chooser = gtk_file_chooser_native_new (
    exporting ? _("Export the Saved Events") : _("Import Events"),
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
    exporting ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
    exporting ? _("_Export") : _("_Import"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (exporting)
    {
      g_autofree char *name = g_strconcat (self->function, "-events.json", NULL);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_import_clicked (LfEventPicker *self)
{
  choose_file (self, FALSE);
}

static void
on_export_clicked (LfEventPicker *self)
{
  choose_file (self, TRUE);
}

static void
update_save (LfEventPicker *self)
{
  gboolean can = self->payload != NULL && self->function != NULL;

  gtk_widget_set_sensitive (self->save_button, can);
  gtk_widget_set_sensitive (self->import_button, self->function != NULL);
  gtk_widget_set_sensitive (self->export_button, self->function != NULL);
  gtk_widget_set_tooltip_text (self->save_button,
                               can ? NULL
                                   : self->function == NULL
                                       ? _("The action names no function to keep events for")
                                       : _("A payload that reads values from controls cannot "
                                           "be kept as an event"));
}

/* The object *********************************************************************************/

static void
lf_event_picker_dispose (GObject *object)
{
  LfEventPicker *self = (LfEventPicker *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->button, gtk_widget_unparent);
  g_clear_object (&self->events);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->history);
  g_clear_pointer (&self->payload, json_node_unref);
  g_clear_pointer (&self->account, g_free);
  g_clear_pointer (&self->function, g_free);
  G_OBJECT_CLASS (lf_event_picker_parent_class)->dispose (object);
}

static void
lf_event_picker_class_init (LfEventPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_event_picker_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, LF_TYPE_TEST_EVENT);
}

static GtkWidget *
build_popover (LfEventPicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Events"), -1);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->events), create_row, NULL, NULL);
  lf_event_rows_set_headers (self->list, G_LIST_MODEL (self->events));
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_widget_set_size_request (scroller, 280, -1);

  self->status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->status), TRUE);
  gtk_widget_add_css_class (self->status, "dim-label");
  gtk_widget_set_visible (self->status, FALSE);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save Payload as Event…"));
  gtk_widget_add_css_class (self->save_button, "flat");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save_clicked), self);

  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), self->status);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), self->save_button);
  self->import_button = gtk_button_new_with_mnemonic (_("_Import Events…"));
  self->export_button = gtk_button_new_with_mnemonic (_("E_xport Saved Events…"));
  gtk_widget_add_css_class (self->import_button, "flat");
  gtk_widget_add_css_class (self->export_button, "flat");
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (on_import_clicked), self);
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (on_export_clicked), self);
  gtk_box_append (GTK_BOX (box), self->import_button);
  gtk_box_append (GTK_BOX (box), self->export_button);
  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  g_signal_connect_swapped (self->popover, "show", G_CALLBACK (reload), self);
  return self->popover;
}

static void
lf_event_picker_init (LfEventPicker *self)
{
  g_autofree char *directory = lf_event_store_dup_default_directory ();

  self->store = lf_event_store_new (directory);
  self->events = g_list_store_new (LF_TYPE_TEST_EVENT);
  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->button), _("Events"));
  gtk_widget_set_tooltip_text (self->button, _("Start from a saved, shared or template event"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), build_popover (self));
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
  update_save (self);
}

GtkWidget *
lf_event_picker_new (void)
{
  return g_object_new (LF_TYPE_EVENT_PICKER, NULL);
}

void
lf_event_picker_set_function (LfEventPicker  *self,
                              const char     *account,
                              const char     *function,
                              LfLambdaClient *client,
                              LfHistory      *history)
{
  g_return_if_fail (LF_IS_EVENT_PICKER (self));

  g_free (self->account);
  self->account = g_strdup (account);
  g_free (self->function);
  self->function = g_strdup (function);
  g_set_object (&self->client, client);
  g_set_object (&self->history, history);
  update_save (self);
}

void
lf_event_picker_set_payload (LfEventPicker *self,
                             JsonNode      *payload)
{
  g_return_if_fail (LF_IS_EVENT_PICKER (self));

  g_clear_pointer (&self->payload, json_node_unref);
  self->payload = payload ? json_node_copy (payload) : NULL;
  update_save (self);
}
