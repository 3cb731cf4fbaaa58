/* lf-function-form-dialog.c: New Form for a Function
 *
 * The account's functions are listed (the local sandbox started first when it is the one),
 * then the chosen function's events: saved on this computer, shared in the account's Schemas
 * registry, and the event-source templates. Each step has its own cancellable: choosing
 * again drops what the last choice was still waiting for, and closing drops everything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lf-event-rows.h"
#include "lf-event-store.h"
#include "lf-event-templates.h"
#include "lf-form-generate.h"
#include "lf-function-form-dialog.h"
#include "lf-json-util.h"
#include "lf-shared-events.h"

struct _LfFunctionFormDialog
{
  AdwWindow parent_instance;

  AdwComboRow *account_row;
  GtkSearchEntry *function_search;
  GtkStack *function_stack;
  GtkSpinner *function_spinner;
  GtkListBox *function_list;
  GtkLabel *function_error;
  GtkLabel *function_error_details;
  AdwPreferencesGroup *event_group;
  GtkListBox *event_list;
  GtkButton *create_button;
  GtkButton *schema_button;
  GtkFileChooserNative *chooser;

  LfSession *session;
  LfEventStore *store;
  GtkStringList *accounts;
  GtkStringList *functions;
  GtkStringFilter *function_filter;
  GtkFilterListModel *shown_functions;   /* the functions the search leaves */
  GListStore *events;
  GCancellable *functions_cancellable;
  GCancellable *events_cancellable;
  guint pending_event_lists;
};

enum
{
  CREATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LfFunctionFormDialog, lf_function_form_dialog, ADW_TYPE_WINDOW)

static const char *
chosen_account (LfFunctionFormDialog *self)
{
  guint position = adw_combo_row_get_selected (self->account_row);

  return position == GTK_INVALID_LIST_POSITION
           ? NULL : gtk_string_list_get_string (self->accounts, position);
}

static const char *
chosen_function (LfFunctionFormDialog *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->function_list);
  g_autoptr(GtkStringObject) item = NULL;

  if (row == NULL)
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->shown_functions),
                                gtk_list_box_row_get_index (row));
  /* The string list keeps the string alive as long as the item is in it. */
  return item ? gtk_string_object_get_string (item) : NULL;
}

static LfTestEvent *
chosen_event (LfFunctionFormDialog *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->event_list);
  g_autoptr(LfTestEvent) event = NULL;

  if (row == NULL)
    return NULL;
  /* The list holds a reference; the row's index names it. */
  event = g_list_model_get_item (G_LIST_MODEL (self->events), gtk_list_box_row_get_index (row));
  return event;
}

/* Disposed: what still arrives (answers, the rows' own signals while they go) is dropped. */
static gboolean
is_closed (LfFunctionFormDialog *self)
{
  return self->session == NULL;
}

static void
update_create (LfFunctionFormDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            chosen_function (self) != NULL && chosen_event (self) != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->schema_button), chosen_function (self) != NULL);
}

/* Events ************************************************************************************/

static GtkWidget *
create_event_row (gpointer item,
                  gpointer user_data)
{
  LfTestEvent *event = item;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lf_test_event_get_title (event));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

static void
add_events (LfFunctionFormDialog *self,
            GPtrArray            *events)
{
  lf_event_rows_insert (self->events, events);
  /* The first saved or shared event is what a person most likely wants. */
  if (gtk_list_box_get_selected_row (self->event_list) == NULL && events != NULL &&
      events->len > 0 && lf_test_event_get_origin (events->pdata[0]) != LF_TEST_EVENT_TEMPLATE)
    gtk_list_box_select_row (self->event_list, gtk_list_box_get_row_at_index (self->event_list, 0));
  gtk_list_box_invalidate_headers (self->event_list);
  update_create (self);
}

static void
event_lists_done (LfFunctionFormDialog *self)
{
  if (--self->pending_event_lists == 0)
    adw_preferences_group_set_description (self->event_group,
                                           _("Each value of the event becomes a field."));
}

static void
on_saved_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LfFunctionFormDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = lf_event_store_list_finish (LF_EVENT_STORE (source), result,
                                                            &error);

  if (is_closed (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A damaged file of saved events leaves the shared events and templates to choose from. */
  if (error != NULL)
    g_debug ("Saved events: %s", error->message);
  add_events (self, events);
  event_lists_done (self);
}

static void
on_shared_listed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LfFunctionFormDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = lf_shared_events_list_finish (LF_SCHEMAS_CLIENT (source), result,
                                                              &error);

  if (is_closed (self) || (g_cancellable_is_cancelled (self->events_cancellable) && events == NULL))
    return;
  /* An account without the Schemas permission still has saved events and templates. */
  if (error != NULL)
    g_debug ("Shared events: %s", error->message);
  add_events (self, events);
  event_lists_done (self);
}

static void
list_events (LfFunctionFormDialog *self)
{
  const char *account = chosen_account (self);
  const char *function = chosen_function (self);
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(LfSchemasClient) schemas = NULL;
  g_autoptr(GPtrArray) templates = NULL;

  g_cancellable_cancel (self->events_cancellable);
  g_clear_object (&self->events_cancellable);
  g_list_store_remove_all (self->events);
  self->pending_event_lists = 0;
  update_create (self);
  if (function == NULL)
    return;

  self->events_cancellable = g_cancellable_new ();
  adw_preferences_group_set_description (self->event_group, _("Looking for events…"));
  self->pending_event_lists = 1;
  lf_event_store_list_async (self->store, account, function, self->events_cancellable,
                             on_saved_listed, g_object_ref (self));
  client = lf_session_create_client (self->session, account, NULL, NULL);
  schemas = client ? lf_schemas_client_new_for_lambda (client, NULL) : NULL;
  if (schemas != NULL)
    {
      self->pending_event_lists++;
      lf_shared_events_list_async (schemas, function, self->events_cancellable, on_shared_listed,
                                   g_object_ref (self));
    }
  templates = lf_event_templates_load_all ();
  add_events (self, templates);
}

/* Functions *********************************************************************************/

static void
show_function_error (LfFunctionFormDialog *self,
                     const char           *sentence,
                     const GError         *error)
{
  gtk_label_set_text (self->function_error, sentence);
  gtk_label_set_text (self->function_error_details, error->message);
  gtk_stack_set_visible_child_name (self->function_stack, "error");
  gtk_spinner_stop (self->function_spinner);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static void
on_functions_listed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LfFunctionFormDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = lf_lambda_client_list_functions_finish (LF_LAMBDA_CLIENT (source),
                                                                       result, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  JsonArray *functions;

  if (is_closed (self) || g_cancellable_is_cancelled (self->functions_cancellable))
    return;
  if (answer == NULL)
    {
      show_function_error (self, _("The functions of this account could not be listed."), error);
      return;
    }
  functions = json_object_get_array_member (json_node_get_object (answer), "Functions");
  for (guint i = 0; functions != NULL && i < json_array_get_length (functions); i++)
    {
      JsonObject *function = json_array_get_object_element (functions, i);
      const char *name = function ? json_object_get_string_member_with_default (function,
                                                                               "FunctionName",
                                                                               NULL)
                                  : NULL;

      if (name != NULL)
        g_ptr_array_add (names, (gpointer) name);
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->functions, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->functions)),
                          (const char * const *) names->pdata);
  gtk_spinner_stop (self->function_spinner);
  gtk_stack_set_visible_child_name (self->function_stack, "list");
}

static void
list_functions_now (LfFunctionFormDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LfLambdaClient) client = lf_session_create_client (self->session,
                                                               chosen_account (self), NULL,
                                                               &error);
  LfListFunctionsOptions options = { 0 };

  if (client == NULL)
    {
      show_function_error (self, _("This account cannot be used."), error);
      return;
    }
  lf_lambda_client_list_functions_async (client, &options, NULL, NULL, NULL,
                                         self->functions_cancellable, on_functions_listed,
                                         g_object_ref (self));
}

static void
on_sandbox_started (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LfFunctionFormDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lf_sandbox_process_start_finish (LF_SANDBOX_PROCESS (source), result, &error))
    {
      if (!is_closed (self) && !g_cancellable_is_cancelled (self->functions_cancellable))
        show_function_error (self, _("The local sandbox could not be started."), error);
      return;
    }
  if (!is_closed (self) && !g_cancellable_is_cancelled (self->functions_cancellable))
    list_functions_now (self);
}

static void
list_functions (LfFunctionFormDialog *self)
{
  LfSandboxProcess *sandbox = lf_session_get_sandbox (self->session);

  g_cancellable_cancel (self->functions_cancellable);
  g_clear_object (&self->functions_cancellable);
  self->functions_cancellable = g_cancellable_new ();
  gtk_string_list_splice (self->functions, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->functions)), NULL);
  list_events (self);
  gtk_spinner_start (self->function_spinner);
  gtk_stack_set_visible_child_name (self->function_stack, "loading");

  if (lf_session_is_sandbox_account (self->session, chosen_account (self)) &&
      !lf_sandbox_process_is_running (sandbox))
    lf_sandbox_process_start_async (sandbox, self->functions_cancellable, on_sandbox_started,
                                    g_object_ref (self));
  else
    list_functions_now (self);
}

static GtkWidget *
create_function_row (gpointer item,
                     gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

/* Signals from the template *****************************************************************/

static void
on_account_selected (LfFunctionFormDialog *self)
{
  if (!is_closed (self))
    list_functions (self);
}

static void
on_search_changed (LfFunctionFormDialog *self)
{
  gtk_string_filter_set_search (self->function_filter,
                                gtk_editable_get_text (GTK_EDITABLE (self->function_search)));
}

static void
on_function_selected (LfFunctionFormDialog *self)
{
  if (!is_closed (self))
    list_events (self);
}

static void
on_event_selected (LfFunctionFormDialog *self)
{
  if (!is_closed (self))
    update_create (self);
}

/* The form for the chosen function, from @event or @schema. */
static void
create_from (LfFunctionFormDialog *self,
             JsonNode             *event,
             JsonNode             *schema)
{
  const char *account = chosen_account (self);
  LfFormGenerateOptions options = { .function_name = chosen_function (self), .account = account };
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = NULL;

  if (options.function_name == NULL)
    return;
  form = event ? lf_form_generate_from_event (&options, event, &error)
               : lf_form_generate_from_schema (&options, schema, NULL, &error);
  if (form == NULL)
    {
      show_function_error (self, event ? _("No form could be made from this event.")
                                       : _("This file is not a JSON Schema of an event."),
                           error);
      return;
    }
  g_signal_emit (self, signals[CREATE], 0, form);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_create_clicked (LfFunctionFormDialog *self)
{
  LfTestEvent *event = chosen_event (self);

  if (event != NULL)
    create_from (self, lf_test_event_get_payload (event), NULL);
}

static void
on_schema_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LfFunctionFormDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(JsonNode) schema = NULL;

  if (is_closed (self))
    return;
  if (g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    schema = lf_json_parse (contents, (gssize) length, &error);
  if (schema == NULL)
    show_function_error (self, _("This file is not a JSON Schema of an event."), error);
  else
    create_from (self, NULL, schema);
}

static void
on_chooser_response (LfFunctionFormDialog *self,
                     int                   response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && !is_closed (self))
    g_file_load_contents_async (file, self->functions_cancellable, on_schema_loaded,
                                g_object_ref (self));
}

static void
on_schema_clicked (LfFunctionFormDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("JSON Files"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  self->chooser = gtk_file_chooser_native_new (_("Choose a Schema"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The object ********************************************************************************/

static void
lf_function_form_dialog_dispose (GObject *object)
{
  LfFunctionFormDialog *self = (LfFunctionFormDialog *) object;

  g_cancellable_cancel (self->functions_cancellable);
  g_cancellable_cancel (self->events_cancellable);
  g_clear_object (&self->functions_cancellable);
  g_clear_object (&self->events_cancellable);
  g_clear_object (&self->session);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* The lists go with the template, before the models their rows read. */
  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_FUNCTION_FORM_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->accounts);
  g_clear_object (&self->shown_functions);
  g_clear_object (&self->function_filter);
  g_clear_object (&self->functions);
  g_clear_object (&self->events);
  G_OBJECT_CLASS (lf_function_form_dialog_parent_class)->dispose (object);
}

static void
lf_function_form_dialog_class_init (LfFunctionFormDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_function_form_dialog_dispose;

  signals[CREATE] = g_signal_new ("create", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, LF_TYPE_FORM);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/example/LambdaForms/ui/lf-function-form-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LfFunctionFormDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, LfFunctionFormDialog, function_search);
  gtk_widget_class_bind_template_child (widget_class, LfFunctionFormDialog, function_stack);
  gtk_widget_class_bind_template_child (widget_class, LfFunctionFormDialog, function_spinner);
  gtk_widget_class_bind_template_child (widget_class, LfFunctionFormDialog, function_list);
  gtk_widget_class_bind_template_child (widget_class, LfFunctionFormDialog, function_error);
  gtk_widget_class_bind_template_child (widget_class, LfFunctionFormDialog,
                                        function_error_details);
  gtk_widget_class_bind_template_child (widget_class, LfFunctionFormDialog, event_group);
  gtk_widget_class_bind_template_child (widget_class, LfFunctionFormDialog, event_list);
  gtk_widget_class_bind_template_child (widget_class, LfFunctionFormDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, LfFunctionFormDialog, schema_button);
  gtk_widget_class_bind_template_callback (widget_class, on_account_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_function_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_event_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_schema_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lf_function_form_dialog_init (LfFunctionFormDialog *self)
{
  g_autofree char *directory = lf_event_store_dup_default_directory ();

  self->store = lf_event_store_new (directory);
  self->accounts = gtk_string_list_new (NULL);
  self->functions = gtk_string_list_new (NULL);
  self->events = g_list_store_new (LF_TYPE_TEST_EVENT);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->function_filter = gtk_string_filter_new (
    gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_string_filter_set_match_mode (self->function_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->function_filter, TRUE);
  self->shown_functions =
    gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->functions)),
                               g_object_ref (GTK_FILTER (self->function_filter)));
  gtk_list_box_bind_model (self->function_list, G_LIST_MODEL (self->shown_functions),
                           create_function_row, NULL, NULL);
  gtk_list_box_bind_model (self->event_list, G_LIST_MODEL (self->events), create_event_row,
                           NULL, NULL);
  lf_event_rows_set_headers (self->event_list, G_LIST_MODEL (self->events));
}

LfFunctionFormDialog *
lf_function_form_dialog_new (GtkWindow *parent,
                             LfSession *session)
{
  LfFunctionFormDialog *self;
  GListModel *accounts;

  g_return_val_if_fail (LF_IS_SESSION (session), NULL);

  self = g_object_new (LF_TYPE_FUNCTION_FORM_DIALOG, "transient-for", parent, NULL);
  /* The sandbox first: it is there with no account at all. */
  gtk_string_list_append (self->accounts, "sandbox");
  accounts = lf_account_store_get_accounts (lf_session_get_accounts (session));
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(LfAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (lf_account_get_name (account), "sandbox") != 0)
        gtk_string_list_append (self->accounts, lf_account_get_name (account));
    }
  adw_combo_row_set_model (self->account_row, G_LIST_MODEL (self->accounts));
  self->session = g_object_ref (session);
  list_functions (self);
  return self;
}
