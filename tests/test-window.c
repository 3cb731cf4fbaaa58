/* test-window.c: the main window, driven through its actions under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-test-ui.h"

#include <adwaita.h>

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "lf-account-store.h"
#include "lf-actions-panel.h"
#include "lf-application.h"
#include "lf-autosave.h"
#include "lf-canvas.h"
#include "lf-inspector.h"
#include "lf-palette.h"
#include "lf-widget-factory.h"
#include "lf-endpoint.h"
#include "lf-function-form-dialog.h"
#include "lf-history-entry.h"
#include "lf-history-window.h"
#include "lf-window.h"

static LfApplication *app;



static gboolean
has_label (GtkWidget     *widget,
           gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_editor (GtkWidget     *widget,
           gconstpointer  data)
{
  return LF_IS_EDITOR (widget);
}

static gboolean
is_form_view (GtkWidget     *widget,
              gconstpointer  data)
{
  return LF_IS_FORM_VIEW (widget);
}

static void
test_empty_window (void)
{
  LfWindow *window = lf_window_new (app);
  GtkWidget *open_button;

  gtk_window_present (GTK_WINDOW (window));
  lf_test_wait_until_drawn (GTK_WIDGET (window));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "LambdaForms");
  g_assert_null (lf_window_get_file (window));

  /* The empty state leads to opening a form. */
  open_button = lf_test_find_widget (GTK_WIDGET (window), has_label, "_Open a Form…");
  g_assert_nonnull (open_button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open_button)), ==, "win.open");

  /* Nothing of the editor or of a running form is made until it is wanted. */
  g_assert_null (lf_test_find_widget (GTK_WIDGET (window), is_editor, NULL));
  g_assert_null (lf_test_find_widget (GTK_WIDGET (window), is_form_view, NULL));
  lf_test_save_screenshot (GTK_WIDGET (window), "window-empty.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_file_sets_title (void)
{
  LfWindow *window = lf_window_new (app);
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/some folder/greeter.lambdaform");

  gtk_window_present (GTK_WINDOW (window));
  lf_test_wait_until_drawn (GTK_WIDGET (window));

  lf_window_open_file (window, file, FALSE);
  g_assert_true (g_file_equal (lf_window_get_file (window), file));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "greeter.lambdaform");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Documents ******************************************************************************/

static gboolean
is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static LfWindow *
new_window (void)
{
  LfWindow *window = lf_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gtk_window_present (GTK_WINDOW (window));
  lf_test_wait_for (is_drawn, window, "the window to be drawn");
  return window;
}

static gboolean
is_open (LfWindow *window)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  return g_list_find (windows, window) != NULL;
}

static void
close_window (LfWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  lf_test_settle ();
}

/* A copy of a sample form in a folder of its own, so that it can be changed. */
static char *
copy_example (const char *name)
{
  g_autofree char *source = g_build_filename (SOURCE_DATADIR, "examples", name, NULL);
  g_autofree char *dir = g_dir_make_tmp ("test-window-XXXXXX", NULL);
  g_autofree char *text = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static char *
autosave_file (const char *suffix)
{
  g_autofree char *dir = lf_autosave_get_default_dir ();
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, suffix))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

static guint
count_autosaves (void)
{
  g_autofree char *dir = lf_autosave_get_default_dir ();
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    n += g_str_has_suffix (name, ".info");
  return n;
}

typedef struct
{
  const char *needle;   /* NULL: any copy at all */
} AutosaveWait;

static gboolean
autosave_holds (gpointer data)
{
  AutosaveWait *wait = data;
  g_autofree char *info = autosave_file (".info");
  g_autofree char *form = autosave_file (".lambdaform");
  g_autofree char *text = NULL;

  if (info == NULL || form == NULL || !g_file_get_contents (form, &text, NULL, NULL))
    return FALSE;
  return wait->needle == NULL || strstr (text, wait->needle) != NULL;
}

static void
wait_for_autosave (const char *needle)
{
  AutosaveWait wait = { needle };

  lf_test_wait_for (autosave_holds, &wait, "a copy of the unsaved work");
}

/* The editor's parts, as a person sees them in Edit mode. */
typedef struct
{
  LfEditor  *editor;
  GtkWidget *inspector;
  GtkWidget *actions;
} Editing;

static void
editing_init (Editing  *editing,
              LfWindow *window)
{
  editing->editor = lf_window_get_editor (window);
  editing->inspector = lf_test_find_of_type (GTK_WIDGET (editing->editor), LF_TYPE_INSPECTOR);
  editing->actions = lf_test_find_of_type (GTK_WIDGET (editing->editor), LF_TYPE_ACTIONS_PANEL);
}

static LfControl *
add_control (Editing    *editing,
             const char *kind)
{
  return lf_test_click_palette (editing->editor, kind);
}

static void
select_control (Editing   *editing,
                LfControl *control)
{
  lf_test_click_canvas (editing->editor, control);
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  lf_test_settle ();
}

static gboolean
has_tooltip (GtkWidget     *widget,
             gconstpointer  text)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0;
}

static AdwMessageDialog *
find_question (LfWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
question_is_shown (gpointer data)
{
  return find_question (data) != NULL;
}

static void
answer (LfWindow   *window,
        const char *response)
{
  AdwMessageDialog *dialog;

  lf_test_wait_for (question_is_shown, window, "the question about unsaved changes");
  dialog = find_question (window);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  /* Keeping the work is what Enter does; Escape keeps the window. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "save");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  /* Clicked as a person would: the button answers and closes the dialog. */
  click (lf_test_find_widget (GTK_WIDGET (dialog), has_label,
                              adw_message_dialog_get_response_label (dialog, response)));
  g_assert_null (find_question (window));
}

/* The "Invoke a function" form, built from nothing through the editor in the window, saved,
 * read back, then run against the local sandbox through its own button. */
static void
test_build_save_reload_run (void)
{
  LfWindow *window = new_window ();
  LfWindow *reopened;
  Editing editing;
  LfControl *picker;
  LfControl *button;
  LfControl *response;
  GtkWidget *bindings;
  GtkWidget *view_stack;
  GtkTextView *payload_view;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "built.lambdaform", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *built = NULL;
  g_autofree char *read_back = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-form", "s", "blank");
  lf_test_settle ();
  view_stack = lf_test_find_of_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (view_stack)), ==, "edit");
  g_assert_nonnull (lf_window_get_form (window));
  g_assert_cmpuint (lf_form_get_n_controls (lf_window_get_form (window)), ==, 0);
  g_assert_null (lf_window_get_file (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Untitled Form");
  g_assert_false (lf_window_get_unsaved (window));

  editing_init (&editing, window);
  lf_test_type_into (editing.inspector, "Title", "Built by hand");
  lf_test_choose (editing.inspector, "Account", "Local Sandbox");

  picker = add_control (&editing, "dropdown");
  lf_test_type_into (editing.inspector, "Name", "functionPicker");
  lf_test_type_into (editing.inspector, "Label", "Function");
  lf_test_type_into (editing.inspector, "Label path", "FunctionName");
  lf_test_type_into (editing.inspector, "Value path", "FunctionName");
  add_control (&editing, "text-area");
  lf_test_type_into (editing.inspector, "Name", "payloadArea");
  lf_test_type_into (editing.inspector, "Label", "Payload");
  button = add_control (&editing, "button");
  lf_test_type_into (editing.inspector, "Name", "invokeButton");
  lf_test_type_into (editing.inspector, "Label", "Invoke");
  response = add_control (&editing, "json-view");
  lf_test_type_into (editing.inspector, "Name", "response");
  lf_test_type_into (editing.inspector, "Label", "Response");

  click (lf_test_find_action_button (editing.actions, "actions-panel.add-action"));
  lf_test_type_into (editing.actions, "Name", "listFunctions");
  lf_test_choose (editing.actions, "Operation", "List functions");
  lf_test_choose (editing.actions, "Runs", "When the form opens");
  click (lf_test_find_action_button (editing.actions, "actions-panel.add-action"));
  lf_test_type_into (editing.actions, "Name", "invoke");
  lf_test_type_into (editing.actions, "Function name", "{{ functionPicker.value }}");
  lf_test_choose (editing.actions, "Invocation type", "Wait for the answer");
  payload_view = GTK_TEXT_VIEW (lf_test_find_of_type (editing.actions, GTK_SOURCE_TYPE_VIEW));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (payload_view), "{{ payloadArea.value }}", -1);
  click (lf_test_find_widget (editing.actions, has_tooltip, "Apply Payload"));

  select_control (&editing, picker);
  bindings = lf_test_bindings_group (editing.inspector);
  lf_test_type_into (bindings, "Items", "{{ listFunctions.data.Functions }}");
  select_control (&editing, button);
  lf_test_choose (editing.inspector, "Run", "invoke");
  select_control (&editing, response);
  lf_test_type_into (lf_test_bindings_group (editing.inspector), "Value",
                     "{{ invoke.data.Payload }}");

  /* Unsaved, and marked so in the title. */
  g_assert_true (lf_window_get_unsaved (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Built by hand");
  lf_test_save_screenshot (GTK_WIDGET (window), "window-built-edit.png");

  g_assert_true (lf_test_save_window (window, file, &error));
  g_assert_no_error (error);
  g_assert_false (lf_window_get_unsaved (window));
  g_assert_true (g_file_equal (lf_window_get_file (window), file));
  g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));

  /* Read back in another window, it is the same document. */
  reopened = new_window ();
  lf_window_open_file (reopened, file, FALSE);
  lf_test_wait_for (lf_test_form_is_ready, reopened, "the saved form to open");
  built = lf_form_to_data (lf_window_get_form (window), NULL);
  read_back = lf_form_to_data (lf_window_get_form (reopened), NULL);
  g_assert_cmpstr (read_back, ==, built);
  g_assert_true (lf_form_check (lf_window_get_form (reopened), &error));
  g_assert_no_error (error);
  close_window (reopened);

  /* In Run mode it invokes the sandbox's echo function through its button. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (view_stack), "run");
  lf_test_wait_for (lf_test_form_is_ready, window, "the form to run");
  g_assert_cmpstr (lf_window_get_page (window), ==, "form");
  lf_test_choose_option (GTK_DROP_DOWN (lf_test_control_input (window, "functionPicker")), "echo");
  payload_view = GTK_TEXT_VIEW (lf_test_control_input (window, "payloadArea"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (payload_view), "{\"built\": \"in the editor\"}",
                            -1);
  click (lf_test_control_input (window, "invokeButton"));
  lf_test_wait_for_text (lf_test_control_input (window, "response"),
                         "\"built\": \"in the editor\"");
  lf_test_save_screenshot (GTK_WIDGET (window), "window-built-run.png");

  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* Closing with unsaved changes asks; Cancel keeps the window, Discard drops the work. */
static void
test_close_asks (void)
{
  LfWindow *window = new_window ();
  Editing editing;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-form", "s", "blank");
  lf_test_settle ();
  editing_init (&editing, window);
  add_control (&editing, "label");
  g_assert_true (lf_window_get_unsaved (window));
  g_assert_true (g_str_has_prefix (adw_view_switcher_title_get_title (
                   ADW_VIEW_SWITCHER_TITLE (lf_test_find_of_type (GTK_WIDGET (window),
                                                                  ADW_TYPE_VIEW_SWITCHER_TITLE))),
                 "• "));
  wait_for_autosave ("label1");

  gtk_window_close (GTK_WINDOW (window));
  lf_test_wait_for (question_is_shown, window, "the question about unsaved changes");
  lf_test_wait_until_drawn (GTK_WIDGET (find_question (window)));
  lf_test_save_screenshot (GTK_WIDGET (find_question (window)), "window-save-changes.png");
  answer (window, "cancel");
  g_assert_true (is_open (window));
  g_assert_true (lf_window_get_unsaved (window));
  g_assert_cmpuint (count_autosaves (), ==, 1);

  gtk_window_close (GTK_WINDOW (window));
  answer (window, "discard");
  g_assert_false (is_open (window));
  /* Dropped on purpose, the work is not offered back later. */
  g_assert_cmpuint (count_autosaves (), ==, 0);
}

/* Replacing the form with unsaved changes asks; Save writes them first. */
static void
test_replace_saves (void)
{
  g_autofree char *path = copy_example ("greeter.lambdaform");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  LfWindow *window = new_window ();
  Editing editing;

  lf_window_open_file (window, file, FALSE);
  lf_test_wait_for (lf_test_form_is_ready, window, "the form to open");
  editing_init (&editing, window);
  add_control (&editing, "label");
  lf_test_type_into (editing.inspector, "Label", "Added before replacing");
  g_assert_true (lf_window_get_unsaved (window));

  lf_window_new_form (window, "function-details");
  /* Nothing is replaced until the answer. */
  g_assert_true (g_file_equal (lf_window_get_file (window), file));
  answer (window, "save");

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "Added before replacing"));
  g_assert_null (lf_window_get_file (window));
  g_assert_false (lf_window_get_unsaved (window));
  g_assert_cmpuint (lf_form_get_n_controls (lf_window_get_form (window)), >, 0);
  g_assert_cmpuint (count_autosaves (), ==, 0);

  /* Without changes, nothing is asked. */
  g_assert_false (lf_window_get_unsaved (window));
  lf_window_open_file (window, file, FALSE);
  lf_test_wait_for (lf_test_form_is_ready, window, "the form to open again");
  g_assert_null (find_question (window));
  g_assert_true (g_file_equal (lf_window_get_file (window), file));
  close_window (window);
}

/* A child process edits a form and is killed; the work comes back in the next window. */
static int
child_edit (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LfWindow *window;
  Editing editing;

  /* Not a test run: plain GTK, and the app as the tests make it. */
  gtk_init ();
  adw_init ();
  app = lf_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  window = new_window ();
  lf_window_open_file (window, file, FALSE);
  lf_test_wait_for (lf_test_form_is_ready, window, "the form to open");
  editing_init (&editing, window);
  add_control (&editing, "label");
  lf_test_type_into (editing.inspector, "Label", "Typed before the crash");
  wait_for_autosave ("Typed before the crash");

  g_print ("ready\n");
  /* Until killed. */
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

static void
test_crash_recovery (void)
{
  g_autofree char *path = copy_example ("greeter.lambdaform");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *saved = NULL;
  LfWindow *window;
  LfWindow *second;
  LfForm *form;
  gboolean found = FALSE;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/proc/self/exe",
                            "--child-edit", path, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
  /* In the middle of the edit, with no chance to tidy up. */
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_autosaves (), ==, 1);

  window = new_window ();
  g_assert_cmpuint (lf_window_offer_recovery (window), ==, 1);
  lf_test_settle ();
  g_assert_true (gtk_revealer_get_reveal_child (
    GTK_REVEALER (lf_test_find_of_type (GTK_WIDGET (window), GTK_TYPE_REVEALER))));
  lf_test_save_screenshot (GTK_WIDGET (window), "window-recovery-offer.png");
  click (lf_test_find_action_button (GTK_WIDGET (window), "win.recover"));

  form = lf_window_get_form (window);
  g_assert_nonnull (form);
  for (guint i = 0; i < lf_form_get_n_controls (form); i++)
    found |= g_strcmp0 (lf_control_get_label (lf_form_get_control (form, i)),
                        "Typed before the crash") == 0;
  g_assert_true (found);
  /* It belongs to its file again, and is unsaved until saved. */
  g_assert_true (g_file_equal (lf_window_get_file (window), file));
  g_assert_true (lf_window_get_unsaved (window));
  lf_test_save_screenshot (GTK_WIDGET (window), "window-recovered.png");

  /* Taken over by this window, it is offered to no other. */
  second = new_window ();
  g_assert_cmpuint (lf_window_offer_recovery (second), ==, 0);
  close_window (second);

  g_assert_true (lf_test_save_window (window, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_autosaves (), ==, 0);
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "Typed before the crash"));
  close_window (window);
}

static void
keep_result (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Discarding what a crash left asks first, then removes it. */
static void
test_discard_recovered (void)
{
  g_autoptr(LfAutosave) slot = lf_autosave_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *info_path = NULL;
  g_autoptr(GKeyFile) info = g_key_file_new ();
  LfWindow *window;
  AdwMessageDialog *dialog;
  g_autoptr(GAsyncResult) result = NULL;

  /* A copy left by a process that is gone (pid 0 is never a writer). */
  lf_autosave_save_async (slot, "{\"version\": 1, \"title\": \"Left behind\"}", "Left behind",
                          NULL, keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (lf_autosave_save_finish (slot, result, &error));
  g_assert_no_error (error);
  info_path = autosave_file (".info");
  g_assert_true (g_key_file_load_from_file (info, info_path, 0, &error));
  g_key_file_set_int64 (info, "Autosave", "Pid", 0);
  g_assert_true (g_key_file_save_to_file (info, info_path, &error));

  window = new_window ();
  g_assert_cmpuint (lf_window_offer_recovery (window), ==, 1);
  click (lf_test_find_action_button (GTK_WIDGET (window), "win.discard-recovered"));
  dialog = find_question (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  click (lf_test_find_widget (GTK_WIDGET (dialog), has_label, "_Discard"));
  g_assert_cmpuint (count_autosaves (), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (
    GTK_REVEALER (lf_test_find_of_type (GTK_WIDGET (window), GTK_TYPE_REVEALER))));
  close_window (window);
}

static gboolean
has_icon (GtkWidget     *widget,
          gconstpointer  icon)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0;
}

/* Undo and redo from the header and their shortcuts walk the form's history. */
static void
test_undo_redo (void)
{
  LfWindow *window = new_window ();
  g_auto(GStrv) undo_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                     "win.undo");
  g_auto(GStrv) redo_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                     "win.redo");
  GtkWidget *undo;
  GtkWidget *redo;
  Editing editing;
  LfForm *form;
  g_autofree char *built = NULL;
  g_autofree char *redone = NULL;

  g_assert_true (g_strv_contains ((const char * const *) undo_accels, "<Control>z"));
  g_assert_true (g_strv_contains ((const char * const *) redo_accels, "<Shift><Control>z"));

  lf_window_new_form (window, "blank");
  lf_test_settle ();
  form = lf_window_get_form (window);
  undo = lf_test_find_widget (GTK_WIDGET (window), has_icon, "edit-undo-symbolic");
  redo = lf_test_find_widget (GTK_WIDGET (window), has_icon, "edit-redo-symbolic");
  g_assert_true (gtk_widget_is_visible (undo));
  g_assert_false (gtk_widget_is_sensitive (undo));

  editing_init (&editing, window);
  add_control (&editing, "text-field");
  lf_test_type_into (editing.inspector, "Label", "First");
  add_control (&editing, "button");
  add_control (&editing, "status");
  built = lf_form_to_data (form, NULL);
  g_assert_true (gtk_widget_is_sensitive (undo));
  g_assert_false (gtk_widget_is_sensitive (redo));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (undo), "Undo “"));

  while (gtk_widget_is_sensitive (undo))
    click (undo);
  g_assert_cmpuint (lf_form_get_n_controls (form), ==, 0);
  /* Back where it started: nothing unsaved, nothing to ask about. */
  g_assert_false (lf_window_get_unsaved (window));
  g_assert_true (gtk_widget_is_sensitive (redo));

  while (gtk_widget_is_sensitive (redo))
    click (redo);
  redone = lf_form_to_data (form, NULL);
  g_assert_cmpstr (redone, ==, built);
  g_assert_true (lf_window_get_unsaved (window));

  /* Not while running the form. */
  adw_view_stack_set_visible_child_name (
    ADW_VIEW_STACK (lf_test_find_of_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK)), "run");
  lf_test_settle ();
  g_assert_false (gtk_widget_is_visible (undo));

  gtk_window_close (GTK_WINDOW (window));
  answer (window, "discard");
  g_assert_false (is_open (window));
}

/* A newcomer: the local sandbox is the default account, and the example is open and runs. */
static void
test_first_start (void)
{
  g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);
  g_autoptr(GError) error = NULL;
  LfAccount *account;
  GtkWindow *window;
  g_autofree char *name = NULL;

  g_assert_true (lf_account_store_load (store, &error));
  g_assert_no_error (error);
  account = lf_account_store_get_default (store);
  g_assert_nonnull (account);
  g_assert_cmpstr (lf_account_get_name (account), ==, "sandbox");
  g_assert_cmpint (lf_account_get_auth_type (account), ==, LF_AUTH_SANDBOX);

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (LF_IS_WINDOW (window));
  lf_test_wait_for (lf_test_form_is_ready, window, "the example to open");
  g_assert_cmpstr (lf_window_get_page (LF_WINDOW (window)), ==, "form");
  name = g_file_get_basename (lf_window_get_file (LF_WINDOW (window)));
  g_assert_cmpstr (name, ==, "invoke-function.lambdaform");
  lf_test_choose_option (
    GTK_DROP_DOWN (lf_test_control_input (LF_WINDOW (window), "functionPicker")), "echo");
  click (lf_test_control_input (LF_WINDOW (window), "invokeButton"));
  lf_test_wait_for_text (lf_test_control_input (LF_WINDOW (window), "response"), "{");
  lf_test_save_screenshot (GTK_WIDGET (window), "window-first-start.png");
  close_window (LF_WINDOW (window));
}

/* The account in use */

static LfFormRuntime *
runtime_of (LfWindow *window)
{
  return lf_form_view_get_runtime (lf_window_get_form_view (window));
}

static gboolean
runtime_is_new (gpointer data)
{
  gpointer *pair = data;

  return runtime_of (pair[0]) != NULL && runtime_of (pair[0]) != pair[1];
}

/* An account whose address is on this machine and closed: nothing leaves it. */
static void
ensure_staging_account (void)
{
  g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);
  g_autoptr(LfAccount) staging = lf_account_new ("staging", LF_AUTH_ACCESS_KEY);
  g_autoptr(GError) error = NULL;

  lf_account_store_load (store, NULL);
  if (lf_account_store_lookup (store, "staging") != NULL)
    return;
  lf_account_set_region (staging, "eu-west-1");
  lf_account_set_field (staging, LF_ACCOUNT_FIELD_ACCESS_KEY_ID, "AKIDSTAGING");
  lf_account_set_endpoint_url (staging, "http://127.0.0.1:9");
  lf_account_set_allow_plain_http (staging, TRUE);
  g_assert_true (lf_account_store_add (store, staging, &error));
  g_assert_true (lf_account_store_save (store, &error));
  g_assert_no_error (error);
}

static void
test_account_override (void)
{
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, "examples", "greeter.lambdaform", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  LfWindow *window = new_window ();
  GtkMenuButton *button;
  GtkWidget *list;
  GtkWidget *row = NULL;
  gpointer pair[2];

  ensure_staging_account ();
  lf_window_open_file (window, file, FALSE);
  lf_test_wait_for (lf_test_form_is_ready, window, "the form to open");
  button = GTK_MENU_BUTTON (lf_test_find_widget (GTK_WIDGET (window), has_tooltip,
                                                 "Account in Use"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "Local Sandbox");
  g_assert_true (lf_form_runtime_set_value_from_string (runtime_of (window), "name", "Ada",
                                                        &error));
  g_assert_no_error (error);

  /* Chosen in the popover, as a person would: the form runs with it, the name typed stays. */
  gtk_menu_button_popup (button);
  lf_test_settle ();
  list = lf_test_find_of_type (GTK_WIDGET (gtk_menu_button_get_popover (button)),
                               GTK_TYPE_LIST_BOX);
  for (GtkWidget *child = gtk_widget_get_first_child (list); child;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), "staging") == 0)
      row = child;
  g_assert_nonnull (row);
  lf_test_save_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (button)),
                           "window-account-popover.png");
  pair[0] = window;
  /* Held, so that a new runtime cannot take the old one's address. */
  pair[1] = g_object_ref (runtime_of (window));
  g_signal_emit_by_name (list, "row-activated", row);
  lf_test_wait_for (runtime_is_new, pair, "the form to run with the other account");
  g_object_unref (pair[1]);
  /* The header says where the form runs: the account and its own region. */
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "staging · eu-west-1");
  g_assert_cmpstr (json_node_get_string (lf_form_runtime_get_value (runtime_of (window),
                                                                    "name")), ==, "Ada");
  /* The form itself is unchanged. */
  g_assert_cmpstr (lf_form_get_setting (lf_window_get_form (window), "account"), ==, "sandbox");
  g_assert_false (lf_window_get_unsaved (window));

  lf_window_set_account_override (window, "staging", "eu-central-1");
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "staging · eu-central-1");
  lf_window_set_account_override (window, NULL, NULL);
  lf_test_wait_for (lf_test_form_is_ready, window, "the form to run with its own account");
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "Local Sandbox");
  close_window (window);
}

/* The switcher driven through its own rows and drop-down, every step after every other: each
 * step hands the window strings it holds itself, which once freed them before copying. */
typedef enum
{
  STEP_ACCOUNT_STAGING,
  STEP_ACCOUNT_SANDBOX,
  STEP_ACCOUNT_OWN,
  STEP_REGION_FRANKFURT,
  STEP_REGION_OWN,
  N_STEPS
} SwitchStep;

static void
popover_activate_row (GtkMenuButton *button,
                      const char    *title)
{
  GtkWidget *list;
  GtkWidget *row = NULL;

  gtk_menu_button_popup (button);
  lf_test_settle ();
  list = lf_test_find_of_type (GTK_WIDGET (gtk_menu_button_get_popover (button)),
                               GTK_TYPE_LIST_BOX);
  for (GtkWidget *child = gtk_widget_get_first_child (list); child;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
      row = child;
  g_assert_nonnull (row);
  g_signal_emit_by_name (list, "row-activated", row);
  lf_test_settle ();
}

/* Types the region's code in the popover's search and takes what it finds with Enter; no code
 * (and Enter) takes the first row, the account's own region. */
static void
popover_choose_region (GtkMenuButton *button,
                       const char    *region)
{
  GtkWidget *search;

  gtk_menu_button_popup (button);
  lf_test_settle ();
  search = lf_test_find_of_type (GTK_WIDGET (gtk_menu_button_get_popover (button)),
                                 GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), region ? region : "");
  g_signal_emit_by_name (search, "activate");
  lf_test_settle ();
}

static const char *
run_step (GtkMenuButton *button,
          SwitchStep     step,
          const char   **region)
{
  switch (step)
    {
    case STEP_ACCOUNT_STAGING:
      popover_activate_row (button, "staging");
      return "staging";
    case STEP_ACCOUNT_SANDBOX:
      popover_activate_row (button, "Local Sandbox");
      return "Local Sandbox";
    case STEP_ACCOUNT_OWN:
      popover_activate_row (button, "The Form’s Own Account");
      return "Local Sandbox";
    case STEP_REGION_FRANKFURT:
      popover_choose_region (button, "eu-central-1");
      *region = "eu-central-1";
      return NULL;
    case STEP_REGION_OWN:
      popover_choose_region (button, NULL);
      *region = NULL;
      return NULL;
    case N_STEPS:
    default:
      g_assert_not_reached ();
    }
}

static void
test_account_switch_every_order (void)
{
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, "examples", "greeter.lambdaform", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  LfWindow *window = new_window ();
  GtkMenuButton *button;

  ensure_staging_account ();
  lf_window_open_file (window, file, FALSE);
  lf_test_wait_for (lf_test_form_is_ready, window, "the form to open");
  button = GTK_MENU_BUTTON (lf_test_find_widget (GTK_WIDGET (window), has_tooltip,
                                                 "Account in Use"));
  g_assert_true (lf_form_runtime_set_value_from_string (runtime_of (window), "name", "Ada",
                                                        &error));
  g_assert_no_error (error);

  for (guint first = 0; first < N_STEPS; first++)
    for (guint second = 0; second < N_STEPS; second++)
      {
        SwitchStep steps[] = { first, second };
        const char *account = NULL;
        const char *region = NULL;
        g_autofree char *expected = NULL;

        popover_activate_row (button, "The Form’s Own Account");
        popover_choose_region (button, NULL);
        for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
          {
            const char *shown = run_step (button, steps[i], &region);

            if (shown != NULL)
              account = shown;
          }
        if (account == NULL)
          account = "Local Sandbox";
        /* The sandbox serves one region, so its label names none; an account shows the
         * region chosen, else its own. */
        if (g_str_equal (account, "staging"))
          expected = g_strdup_printf ("%s · %s", account, region ? region : "eu-west-1");
        else
          expected = g_strdup (account);
        g_assert_cmpstr (gtk_menu_button_get_label (button), ==, expected);
        g_assert_true (g_utf8_validate (gtk_menu_button_get_label (button), -1, NULL));
      }
  /* What was typed survived every restart. */
  g_assert_cmpstr (json_node_get_string (lf_form_runtime_get_value (runtime_of (window),
                                                                    "name")), ==, "Ada");
  close_window (window);
}

static void
count_signal (gpointer data)
{
  (*(guint *) data)++;
}

static gboolean
count_is_positive (gpointer data)
{
  return *(guint *) data > 0;
}

/* Accounts are read once and kept current: one added by another program (here, another
 * store saving the same file) is found at once and announced when the file monitor reports. */
static void
test_session_notices_accounts (void)
{
  LfSession *session = lf_application_get_session (LF_APPLICATION (app));
  g_autoptr(LfAccountStore) other = lf_account_store_new (NULL);
  g_autoptr(LfAccount) added = lf_account_new ("noticed", LF_AUTH_ACCESS_KEY);
  g_autoptr(GError) error = NULL;
  LfAccountStore *shared = lf_session_get_accounts (session);
  guint changes = 0;
  gulong handler;

  g_assert_null (lf_account_store_lookup (shared, "noticed"));
  handler = g_signal_connect_swapped (session, "accounts-changed", G_CALLBACK (count_signal),
                                      &changes);
  lf_account_store_load (other, NULL);
  lf_account_set_region (added, "eu-west-1");
  lf_account_set_field (added, LF_ACCOUNT_FIELD_ACCESS_KEY_ID, "AKIDNOTICED");
  g_assert_true (lf_account_store_add (other, added, &error));
  g_assert_true (lf_account_store_save (other, &error));
  g_assert_no_error (error);

  /* The same store object, read again because its file changed. */
  g_assert_true (lf_session_get_accounts (session) == shared);
  g_assert_nonnull (lf_account_store_lookup (lf_session_get_accounts (session), "noticed"));
  g_assert_false (lf_session_is_sandbox_account (session, "noticed"));
  g_assert_true (lf_session_is_sandbox_account (session, NULL));

  g_assert_true (lf_account_store_remove (other, "noticed", &error));
  g_assert_true (lf_account_store_save (other, &error));
  lf_test_wait_for (count_is_positive, &changes, "the session to notice the accounts file");
  g_assert_null (lf_account_store_lookup (shared, "noticed"));
  g_signal_handler_disconnect (session, handler);
}

static gboolean
has_label_part (GtkWidget     *widget,
                gconstpointer  part)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), part) != NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  GList *toplevels = gtk_window_list_toplevels ();
  gboolean found = FALSE;

  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      {
        *(gpointer *) data = l->data;
        found = TRUE;
      }
  g_list_free (toplevels);
  return found;
}

static gboolean
is_problem_bar_shown (gpointer data)
{
  GtkWidget *revealer = lf_test_find_of_type (GTK_WIDGET (lf_window_get_form_view (data)),
                                              GTK_TYPE_REVEALER);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

/* Deleting a control an action reads asks first and names the action; saved anyway, the form
 * reopens, says what is wrong, keeps the broken action's button off and leads to the fix. */
static void
test_delete_referenced_reopens (void)
{
  g_autofree char *path = copy_example ("invoke-function.lambdaform");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  LfWindow *window = new_window ();
  LfWindow *reopened;
  Editing editing;
  AdwMessageDialog *dialog = NULL;
  LfControl *payload;
  GtkWidget *button;
  GtkWidget *label;
  const char *body;

  lf_window_open_file (window, file, FALSE);
  lf_test_wait_for (lf_test_form_is_ready, window, "the form to open");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.fix-problems", NULL);
  editing_init (&editing, window);
  payload = lf_form_find_control (lf_window_get_form (window), "payloadArea");
  select_control (&editing, payload);
  gtk_widget_activate_action (GTK_WIDGET (editing.editor), "editor.delete-control", NULL);
  lf_test_wait_for (has_message_dialog, &dialog, "the question before deleting");
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "“Payload”"));
  g_assert_nonnull (strstr (body, "the action “invoke”"));
  lf_test_wait_until_drawn (GTK_WIDGET (dialog));
  lf_test_save_screenshot (GTK_WIDGET (dialog), "window-delete-referenced.png");
  adw_message_dialog_response (dialog, "delete");
  lf_test_settle ();
  g_assert_null (lf_form_find_control (lf_window_get_form (window), "payloadArea"));
  g_assert_true (lf_test_save_window (window, NULL, &error));
  g_assert_no_error (error);
  close_window (window);

  reopened = new_window ();
  lf_window_open_file (reopened, file, FALSE);
  lf_test_wait_for (lf_test_form_is_ready, reopened, "the broken form to open");
  g_assert_cmpstr (lf_window_get_page (reopened), ==, "form");
  lf_test_wait_for (is_problem_bar_shown, reopened, "the problem bar");
  label = lf_test_find_widget (GTK_WIDGET (lf_window_get_form_view (reopened)), has_label_part,
                               "payloadArea");
  g_assert_nonnull (label);
  button = lf_test_control_input (reopened, "invokeButton");
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "payloadArea"));
  lf_test_save_screenshot (GTK_WIDGET (reopened), "window-broken-form-run.png");

  /* Fix in Editor goes to the action with the problem. */
  gtk_widget_activate_action (GTK_WIDGET (reopened), "win.fix-problems", NULL);
  lf_test_settle ();
  editing_init (&editing, reopened);
  g_assert_cmpstr (lf_actions_panel_get_selected_action (LF_ACTIONS_PANEL (editing.actions)), ==,
                   "invoke");
  close_window (reopened);
}

/* The run history: the greeter run twice, the second run compared with the first (the
 * greeting changed, by path), then run again (a third run, at the top). */
typedef struct
{
  LfFormRuntime *runtime;
  const char    *action;
} ActionWait;

static gboolean
action_succeeded (gpointer data)
{
  ActionWait *wait = data;

  return lf_form_runtime_get_action_state (wait->runtime, wait->action) ==
         LF_ACTION_STATE_SUCCEEDED;
}

static void
greet (LfWindow   *window,
       const char *name)
{
  g_autoptr(GError) error = NULL;
  ActionWait wait = { runtime_of (window), "greet" };

  g_assert_true (lf_form_runtime_set_value_from_string (wait.runtime, "name", name, &error));
  g_assert_no_error (error);
  g_assert_true (lf_form_runtime_run_action (wait.runtime, "greet", &error));
  g_assert_no_error (error);
  lf_test_wait_for (action_succeeded, &wait, "the greeting");
}

typedef struct
{
  LfHistoryWindow *window;
  guint            n;
} RunsWait;

static gboolean
has_n_runs (gpointer data)
{
  RunsWait *wait = data;

  return g_list_model_get_n_items (lf_history_window_get_model (wait->window)) == wait->n;
}

static gboolean
details_shown (gpointer data)
{
  JsonObject *shown = lf_history_window_get_shown (data);
  g_autoptr(LfHistoryEntry) first = g_list_model_get_item (lf_history_window_get_model (data), 0);

  return shown != NULL && first != NULL &&
         json_object_get_int_member (shown, "id") == lf_history_entry_get_id (first);
}

static gboolean
greeting_changed (gpointer data)
{
  GtkWidget *changes = lf_test_find_of_type (data, GTK_TYPE_LIST_BOX);
  GtkWidget *row = gtk_widget_get_first_child (changes);

  return row != NULL && gtk_widget_get_mapped (row) && ADW_IS_ACTION_ROW (row) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "$.greeting") == 0 &&
         g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                    "Hello, Ada! → Hello, Grace!") == 0;
}

static gboolean
oldest_shown (gpointer data)
{
  JsonObject *shown = lf_history_window_get_shown (data);
  g_autoptr(LfHistoryEntry) last = g_list_model_get_item (lf_history_window_get_model (data), 2);

  return shown != NULL && last != NULL &&
         json_object_get_int_member (shown, "id") == lf_history_entry_get_id (last);
}

static gboolean
name_is_ada (gpointer data)
{
  LfFormRuntime *runtime = lf_test_form_is_ready (data) ? runtime_of (data) : NULL;
  JsonNode *value = runtime ? lf_form_runtime_get_value (runtime, "name") : NULL;

  return value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
         g_strcmp0 (json_node_get_string (value), "Ada") == 0;
}

static void
wait_for_runs (LfHistoryWindow *history,
               guint            n)
{
  RunsWait wait = { history, n };

  lf_test_wait_for (has_n_runs, &wait, "the runs in the list");
}

static void
test_history_compare_run_again (void)
{
  g_autofree char *path = copy_example ("greeter.lambdaform");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LfSession *session = lf_application_get_session (app);
  LfHistory *store = lf_session_get_history (session);
  g_autoptr(GError) error = NULL;
  LfWindow *window = new_window ();
  g_autoptr(LfHistoryEntry) newest = NULL;
  LfHistoryWindow *history;

  g_assert_nonnull (store);
  g_assert_true (lf_history_clear (store, &error));
  g_assert_no_error (error);
  lf_window_open_file (window, file, FALSE);
  lf_test_wait_for (lf_test_form_is_ready, window, "the greeter to open");
  greet (window, "Ada");
  greet (window, "Grace");

  history = lf_history_window_new (GTK_WINDOW (window), session);
  gtk_window_present (GTK_WINDOW (history));
  wait_for_runs (history, 2);
  lf_history_window_select (history, 0);
  lf_test_wait_for (details_shown, history, "the newest run's details");
  gtk_widget_activate_action (GTK_WIDGET (history), "history.compare", NULL);
  lf_test_wait_for (greeting_changed, history, "the comparison with the run before");
  lf_test_wait_until_drawn (GTK_WIDGET (history));
  lf_test_save_screenshot (GTK_WIDGET (history), "history-compare.png");

  gtk_widget_activate_action (GTK_WIDGET (history), "history.run-again", NULL);
  wait_for_runs (history, 3);
  newest = g_list_model_get_item (lf_history_window_get_model (history), 0);
  g_assert_cmpstr (lf_history_entry_get_string (newest, "state"), ==, "succeeded");
  g_assert_cmpstr (lf_history_entry_get_string (newest, "function"), ==, "greet");

  /* Open in Form: the greeter again, its field holding the name that run sent. */
  lf_history_window_select (history, 2);
  lf_test_wait_for (oldest_shown, history, "the first run's details");
  gtk_widget_activate_action (GTK_WIDGET (history), "history.open-in-form", NULL);
  lf_test_wait_for (name_is_ada, window, "the form to open with the name it ran with");

  gtk_window_destroy (GTK_WINDOW (history));
  close_window (window);
}

static gboolean
is_create_button (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "C_reate") == 0;
}

static gboolean
has_row (GtkWidget     *widget,
         gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

typedef struct
{
  GtkWidget  *root;
  const char *title;
} RowWanted;

static gboolean
row_shown (gpointer data)
{
  RowWanted *wanted = data;

  return lf_test_find_widget (wanted->root, has_row, wanted->title) != NULL;
}

static void
select_row (GtkWidget  *root,
            const char *title)
{
  RowWanted wanted = { root, title };
  GtkWidget *row;

  lf_test_wait_for (row_shown, &wanted, title);
  row = lf_test_find_widget (root, has_row, title);
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
}

/* New Form for a Function, from a template: the form opens in Run, named after the
 * function, with a field per value of the event and the Invoke button. */
static void
test_function_form (void)
{
  LfWindow *window = new_window ();
  LfSession *session = lf_application_get_session (app);
  LfFunctionFormDialog *dialog = lf_function_form_dialog_new (GTK_WINDOW (window), session);
  GtkWidget *create;

  g_signal_connect_swapped (dialog, "create", G_CALLBACK (lf_window_open_generated_form), window);
  gtk_window_present (GTK_WINDOW (dialog));
  select_row (GTK_WIDGET (dialog), "greet");
  select_row (GTK_WIDGET (dialog), "EventBridge event");
  create = lf_test_find_widget (GTK_WIDGET (dialog), is_create_button, NULL);
  g_assert_true (gtk_widget_get_sensitive (create));
  lf_test_wait_until_drawn (GTK_WIDGET (dialog));
  lf_test_save_screenshot (GTK_WIDGET (dialog), "function-form-dialog.png");
  gtk_widget_activate (create);

  lf_test_wait_for (lf_test_form_is_ready, window, "the generated form to open");
  g_assert_cmpstr (lf_window_get_page (window), ==, "form");
  g_assert_nonnull (lf_test_control_input (window, "detailType"));
  lf_test_wait_until_drawn (GTK_WIDGET (window));
  lf_test_save_screenshot (GTK_WIDGET (window), "function-form.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  char *home;
  int status;

  /* The child shares the parent's home: that is where its work is left behind. */
  if (argc == 3 && g_str_equal (argv[1], "--child-edit"))
    return child_edit (argv[2]);
  home = lf_test_make_home ("test-window");
  app = lf_test_init_app (&argc, &argv);

  g_test_add_func ("/window/first-start", test_first_start);
  g_test_add_func ("/window/empty", test_empty_window);
  g_test_add_func ("/window/open-file-sets-title", test_open_file_sets_title);
  g_test_add_func ("/window/build-save-reload-run", test_build_save_reload_run);
  g_test_add_func ("/window/undo-redo", test_undo_redo);
  g_test_add_func ("/window/close-asks", test_close_asks);
  g_test_add_func ("/window/replace-saves", test_replace_saves);
  g_test_add_func ("/window/crash-recovery", test_crash_recovery);
  g_test_add_func ("/window/discard-recovered", test_discard_recovered);
  g_test_add_func ("/window/account-override", test_account_override);
  g_test_add_func ("/window/account-switch-every-order", test_account_switch_every_order);
  g_test_add_func ("/window/session-notices-accounts", test_session_notices_accounts);
  g_test_add_func ("/window/delete-referenced-reopens", test_delete_referenced_reopens);
  g_test_add_func ("/window/history-compare-run-again", test_history_compare_run_again);
  g_test_add_func ("/window/function-form", test_function_form);

  status = g_test_run ();
  lf_test_finish_app (app, home);
  return status;
}
