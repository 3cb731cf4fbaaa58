/* test-form-view.c: the sample forms run in the window against the app's local sandbox
 *
 * Each test opens a form as a person would, sets its controls through their widgets, presses
 * the button through the widget, waits on the main loop and reads what the bound controls
 * show. Each saves a screenshot under $G_TEST_BUILDDIR/artifacts for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-test-ui.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lf-application.h"
#include "lf-aws-error.h"
#include "lf-json-tree.h"
#include "lf-widget-factory.h"
#include "lf-form-generate.h"
#include "lf-json-util.h"
#include "lf-window.h"

/* Generous: the sandbox starts Python runtimes, and ASan builds are slow. */

static LfApplication *app;
static char *tmp_dir;

/* Helpers ******************************************************************************/




static gboolean
is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static LfWindow *
open_window (const char *path,
             gboolean    run_only)
{
  LfWindow *window = lf_window_new (app);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 900);
  gtk_window_present (GTK_WINDOW (window));
  lf_test_wait_for (is_drawn, window, "the window to be drawn");
  lf_window_open_file (window, file, run_only);
  lf_test_wait_for (lf_test_form_is_ready, window, "the form to open");
  return window;
}

static LfWindow *
open_example (const char *name,
              gboolean    run_only)
{
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, "examples", name, NULL);
  LfWindow *window = open_window (path, run_only);

  g_assert_cmpstr (lf_window_get_page (window), ==, "form");
  return window;
}

static void
close_window (LfWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static LfFormRuntime *
runtime_of (LfWindow *window)
{
  return lf_form_view_get_runtime (lf_window_get_form_view (window));
}

static GtkWidget *
control (LfWindow   *window,
         const char *name)
{
  GtkWidget *widget = lf_form_view_get_control_widget (lf_window_get_form_view (window), name);

  g_assert_nonnull (widget);
  return widget;
}

static GtkWidget *
input (LfWindow   *window,
       const char *name)
{
  return lf_test_control_input (window, name);
}

/* Chooses @label in a drop-down as a person would, once it is there. */
static void
choose (LfWindow   *window,
        const char *name,
        const char *label)
{
  lf_test_choose_option (GTK_DROP_DOWN (input (window, name)), label);
}

static void
set_text_area (LfWindow   *window,
               const char *name,
               const char *text)
{
  GtkWidget *view = input (window, name);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  /* The runtime heard it through the widget. */
  g_assert_cmpstr (json_node_get_string (lf_form_runtime_get_value (runtime_of (window), name)),
                   ==, text);
}

typedef struct
{
  LfFormRuntime *runtime;
  const char    *action;
} ActionWait;

static gboolean
action_is_done (gpointer data)
{
  ActionWait *wait = data;
  LfActionState state = lf_form_runtime_get_action_state (wait->runtime, wait->action);

  return state == LF_ACTION_STATE_SUCCEEDED || state == LF_ACTION_STATE_FAILED ||
         state == LF_ACTION_STATE_CANCELLED;
}

static void
press (LfWindow   *window,
       const char *button)
{
  GtkWidget *widget = input (window, button);

  g_assert_true (GTK_IS_BUTTON (widget));
  g_assert_true (gtk_widget_is_sensitive (widget));
  g_signal_emit_by_name (widget, "clicked");
}

static LfActionState
press_and_wait (LfWindow   *window,
                const char *button,
                const char *action)
{
  ActionWait wait = { runtime_of (window), action };

  press (window, button);
  g_assert_cmpint (lf_form_runtime_get_action_state (wait.runtime, action), ==,
                   LF_ACTION_STATE_RUNNING);
  /* Pressed once, it cannot be pressed again while it runs. */
  g_assert_false (gtk_widget_is_sensitive (input (window, button)));
  lf_test_wait_for (action_is_done, &wait, action);
  g_assert_true (gtk_widget_is_sensitive (input (window, button)));
  return lf_form_runtime_get_action_state (wait.runtime, action);
}

static const char *
status_text (LfWindow   *window,
             const char *name)
{
  return gtk_label_get_text (GTK_LABEL (input (window, name)));
}

static LfResultView *
result_view (LfWindow *window)
{
  return lf_form_view_get_result_view (lf_window_get_form_view (window));
}

/* Prepares the "Invoke a function" form for @function with @payload. */
static LfWindow *
open_invoke (const char *function,
             const char *payload)
{
  LfWindow *window = open_example ("invoke-function.lambdaform", FALSE);

  choose (window, "functionPicker", function);
  set_text_area (window, "payloadArea", payload);
  return window;
}

/* Tests ********************************************************************************/

static void
test_echo (void)
{
  LfWindow *window = open_invoke ("echo", "{\"hello\": \"LambdaForms\"}");
  const char *request;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Invoke a function");
  g_assert_cmpint (press_and_wait (window, "invokeButton", "invoke"), ==,
                   LF_ACTION_STATE_SUCCEEDED);

  /* The response is the payload, pretty-printed off the main thread. */
  lf_test_wait_for_text (input (window, "response"), "\"hello\": \"LambdaForms\"");
  g_assert_cmpstr (status_text (window, "status"), ==, "Succeeded");
  g_assert_true (gtk_widget_has_css_class (input (window, "status"), "lf-tone-success"));
  lf_test_wait_for_text (input (window, "log"), "echo: request");
  g_assert_false (gtk_widget_get_visible (control (window, "errorMessage")));
  /* Small values show as text, with nothing to fold. */
  g_assert_false (gtk_widget_get_visible (lf_widget_factory_get_part (control (window, "response"),
                                                                      "view-toggle")));

  g_assert_cmpstr (lf_result_view_get_action (result_view (window)), ==, "invoke");
  g_assert_cmpstr (lf_result_view_get_field (result_view (window), "status"), ==, "200");
  g_assert_nonnull (lf_result_view_get_field (result_view (window), "request-id"));
  g_assert_nonnull (lf_result_view_get_field (result_view (window), "duration"));
  g_assert_nonnull (strstr (lf_result_view_get_field (result_view (window), "log"), "REPORT"));

  /* The request as sent: what was asked of which function, with the payload typed. */
  request = lf_result_view_get_field (result_view (window), "request");
  g_assert_nonnull (request);
  g_assert_nonnull (strstr (request, "\"operation\" : \"Invoke\""));
  g_assert_nonnull (strstr (request, "/2015-03-31/functions/echo/invocations"));
  g_assert_nonnull (strstr (request, "\"hello\" : \"LambdaForms\""));
  g_assert_null (strstr (request, "Authorization"));
  g_assert_null (strstr (request, "Credential="));

  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-echo.png");
  close_window (window);
}

/* A form made from a schema checks its required field before sending: the problem shows
 * under the field, the function is not called, and typing a name takes the problem away. */
static void
test_required_field (void)
{
  g_autoptr(JsonNode) schema = lf_json_parse (
    "{\"type\": \"object\", \"required\": [\"name\"],"
    " \"properties\": {\"name\": {\"type\": \"string\"}}}", -1, NULL);
  LfFormGenerateOptions options = { .function_name = "greet", .account = "sandbox" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_generate_from_schema (&options, schema, NULL, &error);
  g_autofree char *path = g_build_filename (tmp_dir, "required.lambdaform", NULL);
  LfWindow *window;
  GtkWidget *problem;
  GtkWidget *entry;

  g_assert_no_error (error);
  g_assert_true (lf_form_save_to_file (form, path, &error));
  window = open_window (path, FALSE);
  entry = input (window, "name");

  press (window, "invokeButton");
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime_of (window), "invoke"), ==,
                   LF_ACTION_STATE_FAILED);
  g_assert_null (lf_form_runtime_get_action_request (runtime_of (window), "invoke"));
  problem = lf_widget_factory_get_part (control (window, "name"), "problem");
  g_assert_nonnull (problem);
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (problem)), ==, "Fill in “Name”.");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  lf_test_wait_until_drawn (GTK_WIDGET (window));
  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-required.png");

  gtk_editable_set_text (GTK_EDITABLE (entry), "Ada");
  g_assert_false (gtk_widget_get_visible (problem));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpint (press_and_wait (window, "invokeButton", "invoke"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  close_window (window);
  g_unlink (path);
}

static void
test_greet (void)
{
  LfWindow *window = open_example ("greeter.lambdaform", FALSE);
  GtkWidget *entry = input (window, "name");

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "World");
  gtk_editable_set_text (GTK_EDITABLE (entry), "Ada");
  g_assert_cmpstr (json_node_get_string (lf_form_runtime_get_value (runtime_of (window), "name")),
                   ==, "Ada");

  g_assert_cmpint (press_and_wait (window, "greetButton", "greet"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (input (window, "greeting"))), ==, "Hello, Ada!");
  g_assert_cmpstr (status_text (window, "status"), ==, "Succeeded");
  /* The entry kept what was typed: showing the value did not write it back. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Ada");

  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-greet.png");
  close_window (window);
}

static gboolean
has_label_text (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static void
test_fail (void)
{
  LfWindow *window = open_invoke ("fail", "{\"message\": \"No stock left\"}");
  GtkWidget *error_label;

  g_assert_cmpint (press_and_wait (window, "invokeButton", "invoke"), ==, LF_ACTION_STATE_FAILED);

  /* The error shows in the control bound to it, in red in the status, and in the panel. */
  error_label = input (window, "errorMessage");
  g_assert_true (gtk_widget_get_visible (control (window, "errorMessage")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "No stock left"));
  g_assert_cmpstr (status_text (window, "status"), ==, "Failed");
  g_assert_true (gtk_widget_has_css_class (input (window, "status"), "lf-tone-error"));
  g_assert_cmpstr (lf_result_view_get_field (result_view (window), "function-error"), ==,
                   "Unhandled");
  g_assert_nonnull (lf_result_view_get_field (result_view (window), "error"));
  /* Said as the console's Test tab says it, in one sentence, in the toast. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                   "Execution failed: No stock left");
  g_assert_nonnull (lf_test_find_widget (GTK_WIDGET (window), has_label_text,
                                         "Execution failed: No stock left"));

  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-fail.png");
  close_window (window);
}

static gboolean
is_running_shown (gpointer data)
{
  GtkWidget *button = control (data, "invokeButton");

  return gtk_widget_get_visible (lf_widget_factory_get_part (button, "spinner")) &&
         gtk_widget_get_visible (lf_widget_factory_get_part (button, "cancel"));
}

static void
test_slow_cancelled (void)
{
  LfWindow *window = open_invoke ("slow", "{\"seconds\": 8}");
  ActionWait wait = { runtime_of (window), "invoke" };
  const GError *error;

  press (window, "invokeButton");
  lf_test_wait_for (is_running_shown, window, "the spinner and the Cancel button");
  g_assert_false (gtk_widget_is_sensitive (input (window, "invokeButton")));
  g_assert_cmpstr (status_text (window, "status"), ==, "Running");
  g_assert_true (gtk_widget_has_css_class (input (window, "status"), "lf-tone-warning"));
  /* The last answer stays in view, dimmed and busy, until this run's replaces it; the
   * status, which is current, is not dimmed. */
  g_assert_true (gtk_widget_has_css_class (control (window, "response"), "lf-waiting"));
  g_assert_false (gtk_widget_has_css_class (control (window, "status"), "lf-waiting"));
  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-slow-running.png");

  /* What Escape does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  lf_test_wait_for (action_is_done, &wait, "the cancelled run");

  g_assert_cmpint (lf_form_runtime_get_action_state (wait.runtime, "invoke"), ==,
                   LF_ACTION_STATE_CANCELLED);
  error = lf_form_runtime_get_action_error (wait.runtime, "invoke");
  g_assert_true (g_error_matches (error, LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED) ||
                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  /* Cancelled is neither a success nor a failure: it says so, in no colour of alarm. */
  g_assert_cmpstr (status_text (window, "status"), ==, "Cancelled");
  g_assert_false (gtk_widget_has_css_class (control (window, "response"), "lf-waiting"));
  g_assert_true (gtk_widget_has_css_class (input (window, "status"), "lf-tone-neutral"));
  g_assert_true (gtk_widget_is_sensitive (input (window, "invokeButton")));
  g_assert_false (gtk_widget_get_visible (lf_widget_factory_get_part (control (window,
                                                                               "invokeButton"),
                                                                      "cancel")));

  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-slow-cancelled.png");
  close_window (window);
}

static void
test_invocation_type (gconstpointer data)
{
  const char * const *row = data;   /* option label, status code, screenshot */
  LfWindow *window = open_invoke ("echo", "{\"queued\": true}");

  choose (window, "invocationType", row[0]);
  g_assert_cmpint (press_and_wait (window, "invokeButton", "invoke"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (lf_result_view_get_field (result_view (window), "status"), ==, row[1]);
  g_assert_cmpstr (status_text (window, "status"), ==, "Succeeded");

  lf_test_save_screenshot (GTK_WIDGET (window), row[2]);
  close_window (window);
}

static gboolean
is_truncated (gpointer data)
{
  return gtk_widget_get_visible (lf_widget_factory_get_part (control (data, "response"),
                                                             "show-all"));
}

static void
test_big_response (void)
{
  LfWindow *window = open_invoke ("big", "{\"size\": 6000000}");
  GtkWidget *response = control (window, "response");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (input (window, "response")));

  g_assert_cmpint (press_and_wait (window, "invokeButton", "invoke"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  lf_test_wait_for (is_truncated, window, "the truncated response");

  /* A preview of the 6 MB, and the way to the rest. The response is one string, one line:
   * the preview stops a few kilobytes into it, as a longer line stalls the text view. */
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), <=,
                   LF_WIDGET_FACTORY_JSON_PREVIEW_BYTES);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >, 1024);
  g_assert_nonnull (strstr (gtk_label_get_text (
                              GTK_LABEL (lf_widget_factory_get_part (response, "truncation"))),
                            "MB"));
  g_assert_true (gtk_widget_is_sensitive (lf_widget_factory_get_part (response, "save")));
  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-big.png");

  g_signal_emit_by_name (lf_widget_factory_get_part (response, "show-all"), "clicked");
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >, 6000000);
  g_assert_false (gtk_widget_get_visible (lf_widget_factory_get_part (response, "show-all")));

  close_window (window);
}

/* The expander a row of a folded JSON view is shown with, once the view has made it. */
static GtkWidget *
find_expander (GtkWidget      *widget,
               GtkTreeListRow *row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_TREE_EXPANDER (child) &&
          gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (child)) == row)
        return child;
      if ((found = find_expander (child, row)) != NULL)
        return found;
    }
  return NULL;
}

static const char *
row_key (GListModel *rows,
         guint       position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, position);
  g_autoptr(LfJsonTreeNode) node = gtk_tree_list_row_get_item (row);

  /* The key lives as long as the view's value. */
  return lf_json_tree_node_get_key (node);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* A large response opens folded: its top-level keys, each closed until opened. */
static void
test_large_json_folded (void)
{
  g_autoptr(GString) payload = g_string_new ("{\"summary\": {\"count\": 3000, \"ok\": true}, "
                                             "\"items\": [");
  LfWindow *window;
  GtkWidget *response;
  GtkWidget *tree;
  GListModel *rows;
  g_autoptr(GtkTreeListRow) items = NULL;
  g_autoptr(GtkTreeListRow) first = NULL;
  g_autoptr(LfJsonTreeNode) first_node = NULL;
  g_autofree char *first_preview = NULL;
  GtkWidget *expander;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (payload, "%s{\"id\": %u, \"name\": \"item %u\", \"tags\": [\"a\"]}",
                            i ? ", " : "", i, i);
  g_string_append (payload, "], \"meta\": {\"source\": \"test\"}}");
  window = open_invoke ("echo", payload->str);
  response = control (window, "response");
  tree = lf_widget_factory_get_part (response, "tree");

  g_assert_cmpint (press_and_wait (window, "invokeButton", "invoke"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  lf_test_wait_for (is_mapped, tree, "the folded view");
  g_assert_false (gtk_widget_get_mapped (input (window, "response")));
  g_assert_true (gtk_widget_get_visible (lf_widget_factory_get_part (response, "view-toggle")));

  /* The top-level keys in the document's order, all closed. */
  rows = G_LIST_MODEL (lf_json_tree_view_get_rows (GTK_LIST_VIEW (tree)));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  g_assert_cmpstr (row_key (rows, 0), ==, "summary");
  g_assert_cmpstr (row_key (rows, 1), ==, "items");
  g_assert_cmpstr (row_key (rows, 2), ==, "meta");
  items = g_list_model_get_item (rows, 1);
  g_assert_true (gtk_tree_list_row_is_expandable (items));
  g_assert_false (gtk_tree_list_row_get_expanded (items));
  lf_test_wait_until_drawn (tree);

  /* Each row has a name a screen reader says, and says whether it is open. */
  expander = find_expander (tree, items);
  g_assert_nonnull (expander);
  gtk_test_accessible_assert_property (expander, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "items: [ 3000 items ]");
  gtk_test_accessible_assert_state (expander, GTK_ACCESSIBLE_STATE_EXPANDED, FALSE);
  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-json-folded.png");

  /* Enter on the row opens it: its elements follow it, themselves closed. */
  g_signal_emit_by_name (tree, "activate", 1);
  g_assert_true (gtk_tree_list_row_get_expanded (items));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3 + 3000);
  g_assert_cmpstr (row_key (rows, 2), ==, "0");
  g_assert_cmpstr (row_key (rows, 3001), ==, "2999");
  g_assert_cmpstr (row_key (rows, 3002), ==, "meta");
  first = g_list_model_get_item (rows, 2);
  g_assert_cmpuint (gtk_tree_list_row_get_depth (first), ==, 1);
  g_assert_false (gtk_tree_list_row_get_expanded (first));
  first_node = gtk_tree_list_row_get_item (first);
  first_preview = lf_json_tree_node_dup_preview (first_node);
  g_assert_cmpstr (first_preview, ==, "{ 3 keys }");
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_test_accessible_assert_state (expander, GTK_ACCESSIBLE_STATE_EXPANDED, TRUE);
  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-json-expanded.png");

  /* The expander's own action closes it again. */
  g_assert_true (gtk_widget_activate_action (expander, "listitem.collapse", NULL));
  g_assert_false (gtk_tree_list_row_get_expanded (items));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);

  /* The whole text is one button away. */
  g_signal_emit_by_name (lf_widget_factory_get_part (response, "view-toggle"), "clicked");
  lf_test_wait_for (is_mapped, input (window, "response"), "the text");
  lf_test_wait_for_text (input (window, "response"), "\"items\": [");
  g_signal_emit_by_name (lf_widget_factory_get_part (response, "view-toggle"), "clicked");
  lf_test_wait_for (is_mapped, tree, "the folded view again");

  close_window (window);
}

static gboolean
model_has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static void
test_function_details (void)
{
  LfWindow *window = open_example ("function-details.lambdaform", FALSE);
  ActionWait wait = { runtime_of (window), "details" };
  GListModel *rows;
  g_autofree char *count = NULL;

  /* The load action fills the picker, and choosing one asks for its details. */
  choose (window, "functionPicker", "greet");
  lf_test_wait_for (action_is_done, &wait, "the details");
  g_assert_cmpint (lf_form_runtime_get_action_state (wait.runtime, "details"), ==,
                   LF_ACTION_STATE_SUCCEEDED);

  rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (input (window,
                                                                          "configuration"))));
  lf_test_wait_for (model_has_items, rows, "the configuration rows");
  g_assert_cmpstr (status_text (window, "status"), ==, "Succeeded");
  count = g_strdup_printf ("%u", g_list_model_get_n_items (gtk_drop_down_get_model (
                                   GTK_DROP_DOWN (input (window, "functionPicker")))));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (input (window, "functionCount"))), ==, count);

  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-function-details.png");
  close_window (window);
}

static void
test_function_browser (void)
{
  LfWindow *window = open_example ("function-browser.lambdaform", FALSE);
  GListModel *functions = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (
                                          input (window, "functions"))));
  GListModel *configuration = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (
                                              input (window, "configuration"))));

  /* A list of objects becomes rows by key_path and value_path. */
  lf_test_wait_for (model_has_items, functions, "the functions table");
  choose (window, "functionPicker", "echo");
  lf_test_wait_for (model_has_items, configuration, "the configuration rows");
  g_assert_cmpint (press_and_wait (window, "refreshButton", "refresh"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  g_assert_cmpuint (g_list_model_get_n_items (functions), >, 0);

  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-function-browser.png");
  close_window (window);
}

/* Every sample form opens in run mode, whatever it holds. */
static void
test_every_example_opens (void)
{
  g_autofree char *dir_path = g_build_filename (SOURCE_DATADIR, "examples", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      LfWindow *window;

      if (!g_str_has_suffix (name, ".lambdaform"))
        continue;
      g_test_message ("%s", name);
      window = open_example (name, TRUE);
      g_assert_nonnull (lf_window_get_form (window));
      close_window (window);
      n++;
    }
  g_assert_cmpuint (n, >=, 3);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
has_no_message_dialog (gpointer data)
{
  return find_message_dialog () == NULL;
}

/* What pressing one of the dialog's buttons does. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static const char delete_form[] =
  "{\n"
  "  \"format_version\": 1,\n"
  "  \"title\": \"Delete a function\",\n"
  "  \"account\": \"sandbox\",\n"
  "  \"controls\": [\n"
  "    {\"kind\": \"text-field\", \"name\": \"target\",\n"
  "     \"properties\": {\"label\": \"Function\", \"value\": \"no-such-function\"}},\n"
  "    {\"kind\": \"button\", \"name\": \"deleteButton\",\n"
  "     \"properties\": {\"label\": \"Delete\", \"style\": \"error\"}},\n"
  "    {\"kind\": \"status\", \"name\": \"status\", \"properties\": {\"label\": \"Status\"},\n"
  "     \"bindings\": {\"value\": \"{{ remove.state }}\"}}\n"
  "  ],\n"
  "  \"actions\": [\n"
  "    {\"name\": \"remove\", \"operation\": \"DeleteFunction\",\n"
  "     \"parameters\": {\"function_name\": \"{{ target.value }}\", \"qualifier\": \"3\"},\n"
  "     \"trigger\": {\"on\": \"click\", \"control\": \"deleteButton\"}}\n"
  "  ]\n"
  "}\n";

static void
test_delete_confirmation (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "delete.lambdaform", NULL);
  LfWindow *window;
  AdwMessageDialog *dialog;
  ActionWait wait;

  g_assert_true (g_file_set_contents (path, delete_form, -1, NULL));
  window = open_window (path, FALSE);
  g_assert_cmpstr (lf_window_get_page (window), ==, "form");
  wait.runtime = runtime_of (window);
  wait.action = "remove";

  /* Pressing asks first, naming what goes; Enter and Escape keep it. */
  press (window, "deleteButton");
  lf_test_wait_for (has_message_dialog, NULL, "the confirmation");
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“no-such-function”"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“3”"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  lf_test_wait_for (is_drawn, dialog, "the confirmation to be drawn");
  lf_test_save_screenshot (GTK_WIDGET (dialog), "form-view-delete-confirmation.png");
  respond (dialog, "cancel");
  g_assert_cmpint (lf_form_runtime_get_action_state (wait.runtime, "remove"), ==,
                   LF_ACTION_STATE_IDLE);

  /* Confirmed, it runs: here it fails, as there is no such function, and says so. */
  lf_test_wait_for (has_no_message_dialog, NULL, "the confirmation to close");
  press (window, "deleteButton");
  lf_test_wait_for (has_message_dialog, NULL, "the confirmation");
  respond (find_message_dialog (), "delete");
  lf_test_wait_for (action_is_done, &wait, "the deletion");
  g_assert_cmpint (lf_form_runtime_get_action_state (wait.runtime, "remove"), ==,
                   LF_ACTION_STATE_FAILED);
  g_assert_cmpstr (lf_result_view_get_field (result_view (window), "status"), ==, "404");
  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-delete-failed.png");

  close_window (window);
  g_unlink (path);
}

static void
test_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  LfWindow *window;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = open_invoke ("echo", "{\"hello\": \"dark\"}");
  g_assert_cmpint (press_and_wait (window, "invokeButton", "invoke"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  lf_test_wait_for_text (input (window, "response"), "\"hello\": \"dark\"");
  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-dark.png");
  close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
has_mapped_action (GtkWidget  *root,
                   const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_ACTIONABLE (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return TRUE;
      if (has_mapped_action (child, action))
        return TRUE;
    }
  return FALSE;
}

static void
test_run_only (void)
{
  LfWindow *window = open_example ("greeter.lambdaform", TRUE);

  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  /* Only the form: no open or save, but the form works. */
  g_assert_false (has_mapped_action (GTK_WIDGET (window), "win.open"));
  g_assert_false (has_mapped_action (GTK_WIDGET (window), "win.save"));
  g_assert_cmpint (press_and_wait (window, "greetButton", "greet"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (input (window, "greeting"))), ==,
                   "Hello, World!");
  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-run-only.png");
  close_window (window);
}

/* What is not a form at all is refused, saying where; nothing crashes. */
static void
test_bad_file (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "bad.lambdaform", NULL);
  LfWindow *window;

  g_assert_true (g_file_set_contents (path, "{\"format_version\": 1, \"controls\": [", -1,
                                      NULL));
  window = open_window (path, FALSE);

  g_assert_cmpstr (lf_window_get_page (window), ==, "error");
  g_assert_null (lf_window_get_form (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "bad.lambdaform");
  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-bad-file.png");
  close_window (window);
  g_unlink (path);
}

/* A control of a kind this version does not know: the form opens, the control says it cannot
 * be shown, and the rest of the form works. */
static void
test_unknown_kind_opens (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "newer.lambdaform", NULL);
  LfWindow *window;
  GtkWidget *notice;

  g_assert_true (g_file_set_contents (path,
                                      "{\"format_version\": 1, \"controls\": ["
                                      "{\"kind\": \"slider\", \"name\": \"a\"},"
                                      "{\"kind\": \"text-field\", \"name\": \"b\"}]}",
                                      -1, NULL));
  window = open_window (path, FALSE);

  g_assert_cmpstr (lf_window_get_page (window), ==, "form");
  g_assert_cmpstr (lf_control_get_kind (lf_form_find_control (lf_window_get_form (window),
                                                              "a"))->id, ==, "unknown");
  notice = input (window, "a");
  g_assert_true (GTK_IS_LABEL (notice));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (notice)), "“slider”"));
  g_assert_true (GTK_IS_ENTRY (input (window, "b")));
  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-unknown-kind.png");
  close_window (window);
  g_unlink (path);
}

static gboolean
is_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
is_not_running (gpointer data)
{
  ActionWait *wait = data;

  return lf_form_runtime_get_action_state (wait->runtime, wait->action) !=
         LF_ACTION_STATE_RUNNING;
}

/* The window goes while a slow call is in flight: the window and its view are gone before the
 * call ends, the call ends cancelled rather than answered, and its end touches nothing that
 * went (ASan reports any use after free). */
static void
test_close_while_running (void)
{
  LfWindow *window = open_invoke ("slow", "{\"seconds\": 30}");
  LfFormView *view = lf_window_get_form_view (window);
  g_autoptr(LfFormRuntime) runtime = g_object_ref (runtime_of (window));
  ActionWait wait = { runtime, "invoke" };
  gpointer window_alive = window;
  gpointer view_alive = view;

  g_object_add_weak_pointer (G_OBJECT (window), &window_alive);
  g_object_add_weak_pointer (G_OBJECT (view), &view_alive);
  press (window, "invokeButton");
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "invoke"), ==,
                   LF_ACTION_STATE_RUNNING);

  gtk_window_destroy (GTK_WINDOW (window));
  lf_test_wait_for (is_cleared, &window_alive, "the window to be finalized");
  lf_test_wait_for (is_cleared, &view_alive, "the form view to be finalized");
  lf_test_wait_for (is_not_running, &wait, "the call to end");
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "invoke"), ==,
                   LF_ACTION_STATE_CANCELLED);
}

/* An option of thousands of characters (a whole JSON object as a label) is cut: the window
 * keeps its width, and the option reads whole in its tooltip. */
static void
test_long_option_never_widens (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "long.lambdaform", NULL);
  g_autofree char *label = g_strnfill (5000, 'x');
  g_autofree char *json = g_strdup_printf ("{\"format_version\": 1, \"controls\": "
                                           "[{\"kind\": \"dropdown\", \"name\": \"pick\", "
                                           "\"properties\": {\"options\": [{\"label\": "
                                           "\"%s\", \"value\": 1}], \"value\": 1}}]}", label);
  LfWindow *window;
  GtkWidget *dropdown;
  int minimum = 0;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  window = open_window (path, FALSE);
  dropdown = input (window, "pick");
  lf_test_settle ();
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL,
                      NULL);
  /* Far below what 5,000 characters would take (the bug made the window 5,542 px wide). */
  g_assert_cmpint (minimum, <, 1000);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 960);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 0);
  close_window (window);
  g_unlink (path);
}

static gboolean
offers_option (GtkWidget  *dropdown,
               const char *label)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), label))
        return TRUE;
    }
  return FALSE;
}

static gboolean
env_is_gone (gpointer window)
{
  return !offers_option (input (window, "functionPicker"), "env");
}

static gboolean
has_deleted_toast (gpointer window)
{
  return lf_test_find_widget (GTK_WIDGET (window), has_label_text,
                              "Deleted the function “env”") != NULL;
}

/* Deleting from the browser asks first, says what went, and then runs the listing again, so
 * no list shows the function any longer. */
static void
test_browser_delete (void)
{
  LfWindow *window = open_example ("function-browser.lambdaform", FALSE);
  ActionWait wait = { runtime_of (window), "deleteFunction" };

  lf_test_wait_for (model_has_items,
                    gtk_drop_down_get_model (GTK_DROP_DOWN (input (window, "functionPicker"))),
                    "the functions");
  choose (window, "functionPicker", "env");
  press (window, "deleteButton");
  lf_test_wait_for (has_message_dialog, NULL, "the confirmation");
  respond (find_message_dialog (), "delete");
  lf_test_wait_for (action_is_done, &wait, "the deletion");
  g_assert_cmpint (lf_form_runtime_get_action_state (wait.runtime, "deleteFunction"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  lf_test_wait_for (has_deleted_toast, window, "the toast saying what was deleted");
  lf_test_wait_for (env_is_gone, window, "the list to be read again");
  lf_test_save_screenshot (GTK_WIDGET (window), "form-view-browser-deleted.png");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const dry_run[] = { "Only check (DryRun)", "204",
                                          "form-view-dry-run.png" };
  static const char * const event[] = { "Queue it (Event)", "202", "form-view-event.png" };
  int status;

  tmp_dir = lf_test_make_home ("lf-form-view");
  app = lf_test_init_app (&argc, &argv);

  g_test_add_func ("/form-view/echo", test_echo);
  g_test_add_func ("/form-view/greet", test_greet);
  g_test_add_func ("/form-view/required-field", test_required_field);
  g_test_add_func ("/form-view/fail", test_fail);
  g_test_add_func ("/form-view/slow-cancelled", test_slow_cancelled);
  g_test_add_data_func ("/form-view/dry-run", dry_run, test_invocation_type);
  g_test_add_data_func ("/form-view/event", event, test_invocation_type);
  g_test_add_func ("/form-view/big-response", test_big_response);
  g_test_add_func ("/form-view/large-json-folded", test_large_json_folded);
  g_test_add_func ("/form-view/function-details", test_function_details);
  g_test_add_func ("/form-view/function-browser", test_function_browser);
  g_test_add_func ("/form-view/browser-delete", test_browser_delete);
  g_test_add_func ("/form-view/every-example-opens", test_every_example_opens);
  g_test_add_func ("/form-view/delete-confirmation", test_delete_confirmation);
  g_test_add_func ("/form-view/dark", test_dark);
  g_test_add_func ("/form-view/run-only", test_run_only);
  g_test_add_func ("/form-view/bad-file", test_bad_file);
  g_test_add_func ("/form-view/unknown-kind-opens", test_unknown_kind_opens);
  g_test_add_func ("/form-view/long-option-never-widens", test_long_option_never_widens);
  g_test_add_func ("/form-view/close-while-running", test_close_while_running);

  status = g_test_run ();

  lf_test_finish_app (app, tmp_dir);
  return status;
}
