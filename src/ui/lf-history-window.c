/* lf-history-window.c: the run history, searched, compared, copied and run again
 *
 * The list is a paged model read on the history's worker; the details of the run selected are
 * read the same way. Run Again sends the recorded call with the recorded account's client
 * and records it anew; Compare with Previous diffs the answer with the run of the same
 * function before it; Copy as Command puts the call on the clipboard, never a credential.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-history"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lf-history-command.h"
#include "lf-history-model.h"
#include "lf-application.h"
#include "lf-history-window.h"
#include "lf-json-diff.h"
#include "lf-json-util.h"
#include "lf-json-view.h"
#include "lf-run-error.h"
#include "lf-window.h"

struct _LfHistoryWindow
{
  AdwWindow           parent_instance;

  GtkSearchEntry     *search;
  GtkDropDown        *state_filter;
  GtkDropDown        *function_filter;
  GtkDropDown        *account_filter;
  GtkDropDown        *form_filter;
  GtkListView        *list;
  GtkStack           *details_stack;
  AdwStatusPage      *empty_page;
  GtkLabel           *title;
  GtkLabel           *subtitle;
  GtkLabel           *figures;
  GtkLabel           *status;
  GtkWidget          *comparison;
  GtkLabel           *comparison_title;
  GtkListBox         *changes;
  GtkBox             *request_box;
  GtkBox             *response_box;
  LfJsonView         *request_view;
  LfJsonView         *response_view;
  GtkExpander        *log_expander;
  GtkLabel           *log;

  LfSession          *session;
  LfHistory          *history;
  LfHistoryModel     *model;
  GtkSingleSelection *selection;
  JsonObject         *shown;        /* the run whose details are shown, whole */
  GStrv               filter_values[3];  /* what each filter's rows after "All" stand for */
  gboolean            filling;      /* the filters are being refilled: no query yet */
  GCancellable       *cancellable;  /* of reads and runs; cancelled when the window goes */
};

G_DEFINE_FINAL_TYPE (LfHistoryWindow, lf_history_window, ADW_TYPE_WINDOW)

static const char * const state_filters[] = { NULL, "succeeded", "failed", "cancelled",
                                              "running" };

/* The list **********************************************************************************/

static char *
format_when (JsonObject *run)
{
  gint64 us = json_object_get_int_member_with_default (run, "started_at", 0);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  /* Translators: a run's date and time, as g_date_time_format () writes it. */
  return local ? g_date_time_format (local, _("%x %X")) : g_strdup ("");
}

static const char *
state_title (const char *state)
{
  if (g_strcmp0 (state, "succeeded") == 0)
    return _("Succeeded");
  if (g_strcmp0 (state, "failed") == 0)
    return _("Failed");
  if (g_strcmp0 (state, "cancelled") == 0)
    return _("Cancelled");
  return _("Running or interrupted");
}

/* What a run is called: its function, else its operation. */
static const char *
run_title (JsonObject *run)
{
  const char *function = lf_json_object_get_string_member_or_null (run, "function");

  return function ? function : lf_json_object_get_string_member_or_null (run, "operation");
}

static char *
run_line (JsonObject *run)
{
  g_autofree char *when = format_when (run);
  const char *state = state_title (lf_json_object_get_string_member_or_null (run, "state"));

  if (json_object_has_member (run, "round_trip_ms"))
    /* Translators: state, round trip in milliseconds, date: "Succeeded · 25 ms · 3/12/26…" */
    return g_strdup_printf (_("%s · %.0f ms · %s"), state,
                            json_object_get_double_member (run, "round_trip_ms"), when);
  return g_strdup_printf ("%s · %s", state, when);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *line = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_label_set_ellipsize (GTK_LABEL (line), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (line, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), line);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  JsonObject *run = lf_history_entry_get_summary (gtk_list_item_get_item (item));
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *line = gtk_widget_get_next_sibling (title);
  g_autofree char *text = run_line (run);
  const char *state = lf_json_object_get_string_member_or_null (run, "state");

  gtk_label_set_text (GTK_LABEL (title), run_title (run));
  gtk_label_set_text (GTK_LABEL (line), text);
  /* The state's colour, as the run view shows it. */
  gtk_widget_remove_css_class (line, "success");
  gtk_widget_remove_css_class (line, "error");
  gtk_widget_remove_css_class (line, "dim-label");
  gtk_widget_add_css_class (line, g_strcmp0 (state, "succeeded") == 0 ? "success"
                                  : g_strcmp0 (state, "failed") == 0 ? "error" : "dim-label");
}

/* The filters of what a run is about, each filled with the values the history holds. */
enum { FILTER_FUNCTION, FILTER_ACCOUNT, FILTER_FORM, N_FILTERS };

static const char * const filter_columns[N_FILTERS] = { "function", "account", "form_path" };

static GtkDropDown *
filter_drop_down (LfHistoryWindow *self,
                  guint            filter)
{
  GtkDropDown *drop_downs[N_FILTERS] = { self->function_filter, self->account_filter,
                                         self->form_filter };

  return drop_downs[filter];
}

static const char *
filter_value (LfHistoryWindow *self,
              guint            filter)
{
  guint selected = gtk_drop_down_get_selected (filter_drop_down (self, filter));
  GStrv values = self->filter_values[filter];

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || values == NULL ||
      selected > g_strv_length (values))
    return NULL;
  return values[selected - 1];
}

static void
fill_filter (LfHistoryWindow *self,
             guint            filter,
             GStrv            values)
{
  static const char *all[N_FILTERS] = { N_("All Functions"), N_("All Accounts"),
                                        N_("All Forms") };
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  gtk_string_list_append (titles, _(all[filter]));
  for (guint i = 0; values && values[i]; i++)
    {
      /* A form by its file's name; its folder is in the tooltip of the run. */
      g_autofree char *title = filter == FILTER_FORM ? g_path_get_basename (values[i])
                                                     : g_strdup (values[i]);

      gtk_string_list_append (titles, title);
    }
  g_strfreev (self->filter_values[filter]);
  self->filter_values[filter] = values;
  self->filling = TRUE;
  gtk_drop_down_set_model (filter_drop_down (self, filter), G_LIST_MODEL (titles));
  gtk_drop_down_set_selected (filter_drop_down (self, filter), 0);
  self->filling = FALSE;
}

static void reload (LfHistoryWindow *self);

typedef struct
{
  LfHistoryWindow *self;
  guint            filter;
} FilterFill;

static void
on_filter_values (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autofree FilterFill *fill = user_data;
  g_autoptr(GError) error = NULL;
  GStrv values = lf_history_list_values_finish (LF_HISTORY (object), result, &error);

  if (values == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      return;
    }
  fill_filter (fill->self, fill->filter, values);
}

static void
refill_filters (LfHistoryWindow *self)
{
  for (guint i = 0; i < N_FILTERS; i++)
    {
      FilterFill *fill = g_new0 (FilterFill, 1);

      fill->self = self;
      fill->filter = i;
      fill_filter (self, i, NULL);
      lf_history_list_values_async (self->history, filter_columns[i], self->cancellable,
                                    on_filter_values, fill);
    }
}

static void
reload (LfHistoryWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  guint filter = gtk_drop_down_get_selected (self->state_filter);
  LfHistoryQuery query = { 0 };

  if (self->filling)
    return;
  query.search = *text ? text : NULL;
  query.state = filter < G_N_ELEMENTS (state_filters) ? state_filters[filter] : NULL;
  query.function = filter_value (self, FILTER_FUNCTION);
  query.account = filter_value (self, FILTER_ACCOUNT);
  query.form_path = filter_value (self, FILTER_FORM);
  lf_history_model_set_query (self->model, &query);
}

static void
on_query_changed (LfHistoryWindow *self)
{
  reload (self);
}

/* The next page as the list reaches its end. */
static void
on_edge_reached (LfHistoryWindow *self,
                 GtkPositionType  position)
{
  if (position == GTK_POS_BOTTOM)
    lf_history_model_load_more (self->model);
}

/* The details **********************************************************************************/

static void
show_status (LfHistoryWindow *self,
             const char      *sentence)
{
  gtk_label_set_text (self->status, sentence ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), sentence != NULL);
}

/* One figure, as the Last Run panel words it. */
static void
add_figure (GString    *out,
            JsonObject *run,
            const char *member,
            char       *text)
{
  g_autofree char *owned = text;

  if (!json_object_has_member (run, member))
    return;
  if (out->len)
    g_string_append (out, " · ");
  g_string_append (out, owned);
}

static char *
figures_of (JsonObject *run)
{
  GString *out = g_string_new (NULL);
  double duration = json_object_get_double_member_with_default (run, "duration_ms", 0);
  double billed = json_object_get_double_member_with_default (run, "billed_ms", 0);
  double memory = json_object_get_double_member_with_default (run, "memory_used_mb", 0);
  double cold = json_object_get_double_member_with_default (run, "init_duration_ms", 0);
  double trip = json_object_get_double_member_with_default (run, "round_trip_ms", 0);

  add_figure (out, run, "duration_ms", g_strdup_printf (_("Duration %.2f ms"), duration));
  add_figure (out, run, "billed_ms", g_strdup_printf (_("billed %.0f ms"), billed));
  add_figure (out, run, "memory_used_mb", g_strdup_printf (_("memory %.0f MB"), memory));
  add_figure (out, run, "init_duration_ms", g_strdup_printf (_("cold start %.2f ms"), cold));
  add_figure (out, run, "round_trip_ms", g_strdup_printf (_("round trip %.0f ms"), trip));
  return g_string_free (out, FALSE);
}

/* What was sent, as a person reads it: the payload when there is one, else the request. */
static JsonNode *
sent_value (JsonObject *run)
{
  JsonNode *request = json_object_get_member (run, "request");
  JsonNode *payload = request && JSON_NODE_HOLDS_OBJECT (request)
                      ? json_object_get_member (json_node_get_object (request), "payload")
                      : NULL;

  if (payload != NULL)
    return json_node_copy (payload);
  return request ? json_node_copy (request) : NULL;
}

/* What came back: the answer as JSON when it is, as text when it is not (or was cut), else
 * the error's sentence. */
static JsonNode *
answer_value (JsonObject *run)
{
  const char *response = lf_json_object_get_string_member_or_null (run, "response");
  const char *error = lf_json_object_get_string_member_or_null (run, "error_message");
  JsonNode *node = response ? lf_json_parse (response, -1, NULL) : NULL;

  if (node != NULL)
    return node;
  if (response != NULL || error != NULL)
    return json_node_init_string (json_node_alloc (), response ? response : error);
  return NULL;
}

/* Large values fold into a tree and print on a worker, as in the form's own views. They are
 * made when a run is first shown, not with the window: opening it stays quick. */
static void
ensure_views (LfHistoryWindow *self)
{
  if (self->request_view != NULL)
    return;
  self->request_view = LF_JSON_VIEW (lf_json_view_new ("request"));
  self->response_view = LF_JSON_VIEW (lf_json_view_new ("answer"));
  lf_json_view_set_label (self->request_view, _("What was sent"));
  lf_json_view_set_label (self->response_view, _("What came back"));
  gtk_widget_set_vexpand (GTK_WIDGET (self->request_view), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->response_view), TRUE);
  gtk_box_append (self->request_box, GTK_WIDGET (self->request_view));
  gtk_box_append (self->response_box, GTK_WIDGET (self->response_view));
}

static void
show_run (LfHistoryWindow *self,
          JsonObject      *run)
{
  g_autofree char *when = format_when (run);
  g_autofree char *figures = figures_of (run);
  g_autoptr(JsonNode) sent = sent_value (run);
  g_autoptr(JsonNode) answer = answer_value (run);
  const char *account = lf_json_object_get_string_member_or_null (run, "account");
  const char *form = lf_json_object_get_string_member_or_null (run, "form_title");
  const char *log = lf_json_object_get_string_member_or_null (run, "log_tail");
  g_autofree char *subtitle = NULL;

  g_clear_pointer (&self->shown, json_object_unref);
  self->shown = json_object_ref (run);
  /* Translators: state · date · account, then the form it came from when there is one. */
  subtitle = g_strdup_printf (form ? _("%s · %s · %s · from “%s”") : _("%s · %s · %s"),
                              state_title (lf_json_object_get_string_member_or_null (run, "state")),
                              when, account ? account : _("unknown account"), form);
  gtk_label_set_text (self->title, run_title (run));
  gtk_label_set_text (self->subtitle, subtitle);
  gtk_label_set_text (self->figures, figures);
  ensure_views (self);
  lf_json_view_set_value (self->request_view, sent);
  lf_json_view_set_value (self->response_view, answer);
  gtk_label_set_text (self->log, log ? log : "");
  gtk_widget_set_visible (GTK_WIDGET (self->log_expander), log != NULL);
  gtk_widget_set_visible (self->comparison, FALSE);
  show_status (self, json_object_get_int_member_with_default (run, "response_truncated", 0)
                     ? _("The answer was larger than the history keeps: it is cut")
                     : NULL);
  gtk_stack_set_visible_child_name (self->details_stack, "details");
}

static void
on_run_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) run = lf_history_get_finish (LF_HISTORY (object), result, &error);
  LfHistoryWindow *self = user_data;
  LfHistoryEntry *selected;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (run == NULL)
    {
      show_status (self, error->message);
      return;
    }
  /* Reads may come back out of order when the selection moves quickly: only the run still
   * selected is shown. */
  selected = gtk_single_selection_get_selected_item (self->selection);
  if (selected == NULL || lf_history_entry_get_id (selected) !=
                          json_object_get_int_member (run, "id"))
    return;
  show_run (self, run);
}

static void
on_selected (LfHistoryWindow *self)
{
  LfHistoryEntry *entry = gtk_single_selection_get_selected_item (self->selection);

  if (entry == NULL)
    {
      gtk_stack_set_visible_child_name (self->details_stack, "empty");
      return;
    }
  lf_history_get_async (self->history, lf_history_entry_get_id (entry), self->cancellable,
                        on_run_read, self);
}

/* Copy as command ********************************************************************************/

static void
copy_as (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  LfHistoryWindow *self = LF_HISTORY_WINDOW (widget);
  LfHistoryCommand kind;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (self->shown == NULL ||
      !lf_history_command_from_string (g_variant_get_string (parameter, NULL), &kind))
    return;
  line = lf_history_command_for (self->shown, kind, &error);
  if (line == NULL)
    {
      show_status (self, error->message);
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), line);
  show_status (self, _("The command is on the clipboard; it takes the credentials from your "
                       "profile or environment"));
}

/* Compare ********************************************************************************/

static GtkWidget *
change_row (JsonObject *change)
{
  const char *kind = json_object_get_string_member (change, "change");
  JsonNode *before = json_object_get_member (change, "before");
  JsonNode *after = json_object_get_member (change, "after");
  g_autofree char *was = before ? lf_json_to_plain_text (before) : NULL;
  g_autofree char *now = after ? lf_json_to_plain_text (after) : NULL;
  g_autofree char *text = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (g_str_equal (kind, "added"))
    text = g_strdup_printf (_("Added: %s"), now);
  else if (g_str_equal (kind, "removed"))
    text = g_strdup_printf (_("Removed: %s"), was);
  else
    text = g_strdup_printf (_("%s → %s"), was, now);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 json_object_get_string_member (change, "path"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

static JsonNode *
answer_of (JsonObject *run)
{
  const char *text = lf_json_object_get_string_member_or_null (run, "response");
  JsonNode *node = text ? lf_json_parse (text, -1, NULL) : NULL;

  if (node != NULL)
    return node;
  return text ? json_node_init_string (json_node_alloc (), text)
              : json_node_init_null (json_node_alloc ());
}

static void
show_comparison (LfHistoryWindow *self,
                 JsonObject      *earlier)
{
  g_autoptr(JsonNode) before = answer_of (earlier);
  g_autoptr(JsonNode) after = answer_of (self->shown);
  g_autoptr(JsonArray) changes = lf_json_diff (before, after);
  g_autofree char *when = format_when (earlier);
  g_autofree char *title = NULL;
  guint n = json_array_get_length (changes);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->changes))) != NULL)
    gtk_list_box_remove (self->changes, child);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->changes, change_row (json_array_get_object_element (changes, i)));
  title = n == 0 ? g_strdup_printf (_("The same answer as on %s"), when)
                 : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change since the run of %s",
                                                 "%u changes since the run of %s", n), n, when);
  gtk_label_set_text (self->comparison_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->changes), n > 0);
  gtk_widget_set_visible (self->comparison, TRUE);
}

static void
on_earlier_read (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) earlier = lf_history_get_finish (LF_HISTORY (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (earlier == NULL)
    show_status (user_data, error->message);
  else
    show_comparison (user_data, earlier);
}

static void
on_earlier_found (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) found = lf_history_list_finish (LF_HISTORY (object), result, &error);
  LfHistoryWindow *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (found == NULL || json_array_get_length (found) == 0)
    {
      show_status (self, found ? _("This function has no earlier run to compare with")
                               : error->message);
      return;
    }
  lf_history_get_async (self->history,
                        json_object_get_int_member (json_array_get_object_element (found, 0),
                                                    "id"),
                        self->cancellable, on_earlier_read, self);
}

static void
compare (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  LfHistoryWindow *self = LF_HISTORY_WINDOW (widget);
  LfHistoryQuery query = { .limit = 1 };

  if (self->shown == NULL)
    return;
  query.function = lf_json_object_get_string_member_or_null (self->shown, "function");
  query.before_id = json_object_get_int_member (self->shown, "id");
  lf_history_list_async (self->history, &query, self->cancellable, on_earlier_found, self);
}

/* Run again ********************************************************************************/

typedef struct
{
  LfHistoryWindow *self;      /* a reference: the window waits for the answer */
  LfHistoryRun    *run;
} Again;

static void
again_free (Again *again)
{
  g_clear_object (&again->self);
  g_clear_pointer (&again->run, lf_history_run_unref);
  g_free (again);
}

/* What was asked of the history is on disk (a new run, or the clearing): the list and its
 * filters are read again, never waited for on the main loop. */
static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  LfHistoryWindow *self = user_data;

  if (!lf_history_flush_finish (LF_HISTORY (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_status (self, error->message);
    }
  refill_filters (self);
  reload (self);
}

static void
end_again (Again    *again,
           JsonNode *data,
           GError   *error)
{
  LfHistoryWindow *self = again->self;
  g_autoptr(JsonObject) end = json_object_new ();
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_debug ("Run again ended: %s", error ? error->message : "succeeded");
  json_object_set_string_member (end, "state", error == NULL ? "succeeded"
                                               : cancelled ? "cancelled" : "failed");
  if (data != NULL)
    json_object_set_member (end, "data", json_node_ref (data));
  if (error != NULL)
    json_object_set_member (end, "error", lf_run_error_to_json (error));
  lf_history_end_run (self->history, again->run, end);
  if (cancelled)
    return;
  /* The new run is the newest: once written, the list starts again and shows it. */
  show_status (self, error ? error->message : _("Run again: the new run is at the top"));
  lf_history_flush_async (self->history, self->cancellable, on_written, self);
}

static void
on_again_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Again *again = user_data;
  LfLambdaClient *client = LF_LAMBDA_CLIENT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  const char *operation = lf_json_object_get_string_member_or_null (
    json_object_get_object_member (again->self->shown, "request"), "operation");

  if (g_strcmp0 (operation, "Invoke") == 0)
    {
      g_autoptr(LfInvokeResult) answer = NULL;
      g_autoptr(LfInvokeResult) anyway = lf_lambda_client_invoke_finish (client, result, &answer,
                                                                         &error);

      if (answer != NULL)
        data = lf_invoke_result_to_json (answer);
    }
  else if (g_strcmp0 (operation, "ListFunctions") == 0)
    data = lf_lambda_client_list_functions_finish (client, result, &error);
  else
    data = lf_lambda_client_get_function_finish (client, result, &error);
  end_again (again, data, error);
  again_free (again);
}

/* The recorded request as the client takes it again. */
static gboolean
send_again (LfHistoryWindow *self,
            LfLambdaClient  *client,
            JsonObject      *request,
            Again           *again,
            GError         **error)
{
  const char *operation = lf_json_object_get_string_member_or_null (request, "operation");
  const char *function = lf_json_object_get_string_member_or_null (request, "function_name");
  const char *qualifier = lf_json_object_get_string_member_or_null (request, "qualifier");

  if (g_strcmp0 (operation, "Invoke") == 0)
    {
      JsonNode *payload = json_object_get_member (request, "payload");
      g_autofree char *text = NULL;
      g_autoptr(GBytes) bytes = NULL;
      LfInvokeRequest invoke = { function, qualifier, LF_INVOCATION_REQUEST_RESPONSE,
                                 LF_LOG_TYPE_TAIL, NULL, NULL };

      lf_invocation_type_from_string (
        lf_json_object_get_string_member_or_null (request, "invocation_type"),
        &invoke.invocation_type);
      text = payload == NULL ? NULL
             : JSON_NODE_HOLDS_VALUE (payload) &&
               json_node_get_value_type (payload) == G_TYPE_STRING
             ? g_strdup (json_node_get_string (payload)) : lf_json_to_text (payload, 0);
      if (text != NULL)
        {
          gsize size = strlen (text);

          bytes = g_bytes_new_take (g_steal_pointer (&text), size);
          invoke.payload = bytes;
        }
      lf_lambda_client_invoke_async (client, &invoke, self->cancellable, on_again_done, again);
      return TRUE;
    }
  if (g_strcmp0 (operation, "ListFunctions") == 0)
    {
      LfListFunctionsOptions options = { 0 };

      lf_lambda_client_list_functions_async (client, &options, NULL, NULL, NULL,
                                             self->cancellable, on_again_done, again);
      return TRUE;
    }
  if (g_strcmp0 (operation, "GetFunction") == 0 && function != NULL)
    {
      lf_lambda_client_get_function_async (client, function, qualifier, self->cancellable,
                                           on_again_done, again);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("A deletion is not sent again from the history: run it from its form"));
  return FALSE;
}

static void run_again (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter);

static void
on_sandbox_started (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LfHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lf_sandbox_process_start_finish (LF_SANDBOX_PROCESS (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, error->message);
      return;
    }
  run_again (GTK_WIDGET (self), NULL, NULL);
}

/* A run on the local sandbox may come back when no form has started it yet. */
static gboolean
start_sandbox_first (LfHistoryWindow *self,
                     const char      *account)
{
  LfSandboxProcess *sandbox = lf_session_get_sandbox (self->session);

  if (!lf_session_is_sandbox_account (self->session, account) ||
      lf_sandbox_process_is_running (sandbox))
    return FALSE;
  show_status (self, _("Starting the local sandbox…"));
  lf_sandbox_process_start_async (sandbox, self->cancellable, on_sandbox_started,
                                  g_object_ref (self));
  return TRUE;
}

static void
run_again (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  LfHistoryWindow *self = LF_HISTORY_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(JsonObject) start = NULL;
  JsonObject *request;
  const char *account;
  Again *again;

  if (self->shown == NULL)
    return;
  request = json_object_get_object_member (self->shown, "request");
  account = lf_json_object_get_string_member_or_null (self->shown, "account");
  if (start_sandbox_first (self, account))
    return;
  /* The account it ran with; one not set up here says so rather than run elsewhere. */
  client = lf_session_create_client (self->session, account,
                                     lf_json_object_get_string_member_or_null (request, "region"),
                                     &error);
  if (client == NULL)
    {
      g_debug ("Run again: no client: %s", error->message);
      show_status (self, error->message);
      return;
    }
  start = json_object_new ();
  json_object_set_string_member (start, "source", "app");
  if (account != NULL)
    json_object_set_string_member (start, "account", account);
  json_object_set_member (start, "request", json_object_dup_member (self->shown, "request"));
  again = g_new0 (Again, 1);
  again->self = g_object_ref (self);
  if (!send_again (self, client, request, again, &error))
    {
      show_status (self, error->message);
      again_free (again);
      return;
    }
  again->run = lf_history_start_run (self->history, start);
  show_status (self, _("Running again…"));
}

static void
focus_search (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (LF_HISTORY_WINDOW (widget)->search));
}

/* Open in form ****************************************************************************/

static void
open_in_form (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LfHistoryWindow *self = LF_HISTORY_WINDOW (widget);
  const char *path = self->shown ? lf_json_object_get_string_member_or_null (self->shown,
                                                                             "form_path")
                                 : NULL;
  JsonNode *values = self->shown ? json_object_get_member (self->shown, "control_values") : NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GFile) file = NULL;
  LfWindow *window;

  if (path == NULL)
    {
      show_status (self, _("This run did not come from a saved form"));
      return;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *sentence = g_strdup_printf (_("The form %s is no longer there"), path);

      show_status (self, sentence);
      return;
    }
  file = g_file_new_for_path (path);
  window = LF_IS_WINDOW (parent) ? LF_WINDOW (parent)
                                 : lf_window_new (LF_APPLICATION (g_application_get_default ()));
  lf_window_open_file_with_values (window, file, values && JSON_NODE_HOLDS_OBJECT (values)
                                                 ? json_node_get_object (values) : NULL);
  gtk_window_present (GTK_WINDOW (window));
}

/* Clear ********************************************************************************/

static void
on_clear_response (AdwMessageDialog *dialog,
                   const char       *response,
                   LfHistoryWindow  *self)
{
  if (!g_str_equal (response, "clear"))
    return;
  lf_history_clear_async (self->history, self->cancellable, on_written, self);
}

static void
clear_history (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (widget), _("Clear the Run History?"),
                                              _("Every run kept on this computer is forgotten. "
                                                "Forms and functions are not touched."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "clear", _("C_lear"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_clear_response), widget);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The object ********************************************************************************/

static void
lf_history_window_dispose (GObject *object)
{
  LfHistoryWindow *self = (LfHistoryWindow *) object;

  /* Nothing answers into a window that is gone. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->list != NULL)
    gtk_list_view_set_model (self->list, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->history);
  g_clear_object (&self->session);
  g_clear_pointer (&self->shown, json_object_unref);
  for (guint i = 0; i < N_FILTERS; i++)
    g_clear_pointer (&self->filter_values[i], g_strfreev);

  G_OBJECT_CLASS (lf_history_window_parent_class)->dispose (object);
}

static void
lf_history_window_class_init (LfHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_history_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, search);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, state_filter);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, function_filter);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, account_filter);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, form_filter);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, list);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, details_stack);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, title);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, figures);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, status);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, comparison);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, comparison_title);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, changes);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, request_box);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, response_box);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, log_expander);
  gtk_widget_class_bind_template_child (widget_class, LfHistoryWindow, log);
  gtk_widget_class_bind_template_callback (widget_class, on_query_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_edge_reached);

  gtk_widget_class_install_action (widget_class, "history.copy-as", "s", copy_as);
  gtk_widget_class_install_action (widget_class, "history.compare", NULL, compare);
  gtk_widget_class_install_action (widget_class, "history.run-again", NULL, run_again);
  gtk_widget_class_install_action (widget_class, "history.clear", NULL, clear_history);
  gtk_widget_class_install_action (widget_class, "history.search", NULL, focus_search);
  gtk_widget_class_install_action (widget_class, "history.open-in-form", NULL, open_in_form);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "history.search",
                                       NULL);
}

static void
lf_history_window_init (LfHistoryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

}

LfHistoryWindow *
lf_history_window_new (GtkWindow *parent,
                       LfSession *session)
{
  LfHistory *history = lf_session_get_history (session);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  LfHistoryWindow *self;

  if (history == NULL)
    return NULL;
  self = g_object_new (LF_TYPE_HISTORY_WINDOW, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->history = g_object_ref (history);
  self->model = lf_history_model_new (history);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list, factory);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (on_selected),
                            self);
  refill_filters (self);
  reload (self);
  return self;
}

GListModel *
lf_history_window_get_model (LfHistoryWindow *self)
{
  g_return_val_if_fail (LF_IS_HISTORY_WINDOW (self), NULL);

  return G_LIST_MODEL (self->model);
}

void
lf_history_window_select (LfHistoryWindow *self,
                          guint            position)
{
  g_return_if_fail (LF_IS_HISTORY_WINDOW (self));

  gtk_single_selection_set_selected (self->selection, position);
}

JsonObject *
lf_history_window_get_shown (LfHistoryWindow *self)
{
  g_return_val_if_fail (LF_IS_HISTORY_WINDOW (self), NULL);

  return self->shown;
}
