/* test-editor.c: the form editor, driven through its own widgets and actions under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-test-ui.h"

#include <adwaita.h>
#include <math.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <libsoup/soup.h>
#include <string.h>

#include "lf-actions-panel.h"
#include "lf-binding-row.h"
#include "lf-canvas.h"
#include "lf-editor.h"
#include "lf-event-picker.h"
#include "lf-event-store.h"
#include "lf-json-util.h"
#include "lf-form-row.h"
#include "lf-inspector.h"
#include "lf-palette.h"
#include "lf-path-picker.h"
#include "lf-result-item.h"
#include "lf-result-row.h"
#include "lf-result-tree.h"
#include "lf-static-credentials-provider.h"
#include "lf-widget-factory.h"



static gboolean
has_action_name (GtkWidget     *widget,
                 gconstpointer  name)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), name) == 0;
}

static gboolean
has_tooltip (GtkWidget     *widget,
             gconstpointer  text)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0;
}

typedef struct
{
  GtkWidget      *window;
  LfEditor       *editor;
  LfForm         *form;
  GtkWidget      *palette;
  GtkWidget      *canvas;
  GtkWidget      *inspector;
  GtkWidget      *actions_panel;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = gtk_window_new ();
  fixture->editor = LF_EDITOR (lf_editor_new ());
  fixture->form = lf_editor_new_form_from_template ("blank");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 820);
  gtk_window_set_title (GTK_WINDOW (fixture->window), "Editor");
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->editor));
  lf_editor_set_form (fixture->editor, fixture->form);
  fixture->palette = lf_test_find_of_type (GTK_WIDGET (fixture->editor), LF_TYPE_PALETTE);
  fixture->canvas = lf_test_find_of_type (GTK_WIDGET (fixture->editor), LF_TYPE_CANVAS);
  fixture->inspector = lf_test_find_of_type (GTK_WIDGET (fixture->editor), LF_TYPE_INSPECTOR);
  fixture->actions_panel = lf_test_find_of_type (GTK_WIDGET (fixture->editor), LF_TYPE_ACTIONS_PANEL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  lf_test_wait_until_drawn (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->form);
  lf_test_settle ();
}

/* What a person does ******************************************************************/

static LfControl *
click_palette (Fixture    *fixture,
               const char *kind_id)
{
  return lf_test_click_palette (fixture->editor, kind_id);
}

static void
click_canvas (Fixture   *fixture,
              LfControl *control)
{
  lf_test_click_canvas (fixture->editor, control);
}

static void
click_button (GtkWidget       *root,
              LfTestPredicate  predicate,
              const char      *data)
{
  GtkWidget *button = lf_test_find_widget (root, predicate, data);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  lf_test_settle ();
}

static const char *
caption_of (GtkWidget  *root,
            const char *binding_title)
{
  /* Binding rows carry the same titles as property rows: look in the "Bindings" group. */
  GtkWidget *row = lf_test_find_row (lf_test_bindings_group (root), binding_title);

  return lf_binding_row_get_caption (LF_BINDING_ROW (row));
}

static void
scroll_to_end (GtkWidget *root)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (lf_test_find_of_type (root, GTK_TYPE_SCROLLED_WINDOW)));

  lf_test_settle ();
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  lf_test_settle ();
}

/* Tests ********************************************************************************/

static void
test_palette (Fixture       *fixture,
              gconstpointer  data)
{
  guint n_kinds;
  const LfControlKind * const *kinds = lf_control_kind_get_all (&n_kinds);
  LfControl *first;
  LfControl *second;
  LfControl *between;

  for (guint i = 0; i < n_kinds; i++)
    g_assert_nonnull (lf_palette_get_button (LF_PALETTE (fixture->palette), kinds[i]->id));

  first = click_palette (fixture, "text-field");
  g_assert_cmpstr (lf_control_get_name (first), ==, "textField1");
  second = click_palette (fixture, "button");
  g_assert_cmpint (lf_form_get_control_position (fixture->form, second), ==, 1);

  /* A click adds after the selection, not at the end. */
  click_canvas (fixture, first);
  between = click_palette (fixture, "text-field");
  g_assert_cmpstr (lf_control_get_name (between), ==, "textField2");
  g_assert_cmpint (lf_form_get_control_position (fixture->form, between), ==, 1);
  g_assert_cmpint (lf_form_get_control_position (fixture->form, second), ==, 2);
  g_assert_true (gtk_widget_has_css_class (lf_canvas_get_row (LF_CANVAS (fixture->canvas), between),
                                           "lf-selected"));
  g_assert_false (gtk_widget_has_css_class (lf_canvas_get_row (LF_CANVAS (fixture->canvas), first),
                                            "lf-selected"));

  /* A drop from the palette lands where it is dropped. */
  g_signal_emit_by_name (fixture->canvas, "kind-dropped", "label", 0);
  lf_test_settle ();
  g_assert_cmpstr (lf_control_get_name (lf_form_get_control (fixture->form, 0)), ==, "label1");
  g_assert_true (lf_editor_get_selected_control (fixture->editor) ==
                 lf_form_get_control (fixture->form, 0));
  /* A control dragged below the next one. */
  g_signal_emit_by_name (fixture->canvas, "control-dropped", lf_form_get_control (fixture->form, 0),
                         2);
  lf_test_settle ();
  g_assert_cmpstr (lf_control_get_name (lf_form_get_control (fixture->form, 1)), ==, "label1");
}

static void
check_invoke_form (LfForm *form)
{
  static const struct
  {
    const char *kind;
    const char *name;
    const char *label;
    const char *bound;
    const char *binding;
  } expected[] = {
    { "dropdown", "functionPicker", "Function", "items", "{{ listFunctions.data.Functions }}" },
    { "text-area", "payloadArea", "Payload", NULL, NULL },
    { "button", "invokeButton", "Invoke", NULL, NULL },
    { "status", "status", "Status", "value", "{{ invoke.state }}" },
    { "json-view", "response", "Response", "value", "{{ invoke.data.Payload }}" },
  };
  LfAction *list;
  LfAction *invoke;

  g_assert_cmpuint (lf_form_get_n_controls (form), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      LfControl *control = lf_form_get_control (form, i);
      g_auto(GStrv) bindings = lf_control_list_bindings (control);

      g_assert_cmpstr (lf_control_get_kind (control)->id, ==, expected[i].kind);
      g_assert_cmpstr (lf_control_get_name (control), ==, expected[i].name);
      g_assert_cmpstr (lf_control_get_label (control), ==, expected[i].label);
      g_assert_cmpuint (g_strv_length (bindings), ==, expected[i].bound ? 1 : 0);
      if (expected[i].bound)
        g_assert_cmpstr (lf_control_get_binding (control, expected[i].bound), ==,
                         expected[i].binding);
    }
  g_assert_cmpstr (lf_control_get_string (lf_form_get_control (form, 0), "label_path"), ==,
                   "FunctionName");
  g_assert_cmpstr (lf_control_get_string (lf_form_get_control (form, 0), "value_path"), ==,
                   "FunctionName");
  g_assert_true (lf_control_get_boolean (lf_form_get_control (form, 1), "monospace"));
  g_assert_cmpstr (lf_control_get_string (lf_form_get_control (form, 2), "style"), ==, "accent");

  g_assert_cmpuint (lf_form_get_n_actions (form), ==, 2);
  list = lf_form_get_action (form, 0);
  g_assert_cmpstr (lf_action_get_name (list), ==, "listFunctions");
  g_assert_cmpint (lf_action_get_operation (list), ==, LF_OPERATION_LIST_FUNCTIONS);
  g_assert_cmpint (lf_action_get_trigger (list), ==, LF_TRIGGER_LOAD);

  invoke = lf_form_get_action (form, 1);
  g_assert_cmpstr (lf_action_get_name (invoke), ==, "invoke");
  g_assert_cmpint (lf_action_get_operation (invoke), ==, LF_OPERATION_INVOKE);
  g_assert_cmpstr (lf_action_get_parameter (invoke, "function_name"), ==,
                   "{{ functionPicker.value }}");
  g_assert_cmpstr (lf_action_get_parameter (invoke, "invocation_type"), ==, "RequestResponse");
  g_assert_cmpstr (lf_action_get_parameter (invoke, "log_type"), ==, "Tail");
  g_assert_cmpstr (lf_action_get_parameter (invoke, "payload"), ==, "{{ payloadArea.value }}");
  g_assert_null (lf_action_get_parameter (invoke, "qualifier"));
  g_assert_cmpint (lf_action_get_trigger (invoke), ==, LF_TRIGGER_CLICK);
  g_assert_cmpstr (lf_action_get_trigger_control (invoke), ==, "invokeButton");
  g_assert_cmpstr (lf_action_get_error_control (invoke), ==, "response");
  g_assert_cmpstr (lf_form_get_setting (form, "account"), ==, "sandbox");
}

static void
test_build_invoke_form (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *inspector = fixture->inspector;
  GtkWidget *panel = fixture->actions_panel;
  LfControl *picker;
  LfControl *payload;
  LfControl *button;
  LfControl *status;
  LfControl *response;
  GtkWidget *row;
  GtkTextView *view;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-editor-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "invoke.lambdaform", NULL);
  g_autoptr(LfForm) reloaded = NULL;

  g_assert_no_error (error);

  /* The form's account, with nothing selected. */
  lf_test_choose (inspector, "Account", "Local Sandbox");

  picker = click_palette (fixture, "dropdown");
  lf_test_type_into (inspector, "Name", "functionPicker");
  lf_test_type_into (inspector, "Label", "Function");
  lf_test_type_into (inspector, "Label path", "FunctionName");
  lf_test_type_into (inspector, "Value path", "FunctionName");
  g_assert_cmpstr (lf_control_get_name (picker), ==, "functionPicker");

  payload = click_palette (fixture, "text-area");
  lf_test_type_into (inspector, "Name", "payloadArea");
  g_assert_cmpstr (lf_control_get_name (payload), ==, "payloadArea");
  lf_test_type_into (inspector, "Label", "Payload");
  row = lf_test_find_row (inspector, "Monospace");
  gtk_switch_set_active (GTK_SWITCH (lf_test_find_of_type (row, GTK_TYPE_SWITCH)), TRUE);
  lf_test_settle ();

  button = click_palette (fixture, "button");
  lf_test_type_into (inspector, "Name", "invokeButton");
  lf_test_type_into (inspector, "Label", "Invoke");
  lf_test_choose (inspector, "Style", "accent");

  status = click_palette (fixture, "status");
  lf_test_type_into (inspector, "Name", "status");
  lf_test_type_into (inspector, "Label", "Status");

  response = click_palette (fixture, "json-view");
  lf_test_type_into (inspector, "Name", "response");
  lf_test_type_into (inspector, "Label", "Response");

  /* The actions: list the functions when the form opens, invoke the chosen one. */
  click_button (panel, has_action_name, "actions-panel.add-action");
  lf_test_type_into (panel, "Name", "listFunctions");
  lf_test_choose (panel, "Operation", "List functions");
  lf_test_choose (panel, "Runs", "When the form opens");

  click_button (panel, has_action_name, "actions-panel.add-action");
  g_assert_cmpstr (lf_actions_panel_get_selected_action (LF_ACTIONS_PANEL (panel)), ==,
                   "invoke1");
  lf_test_type_into (panel, "Name", "invoke");
  lf_test_type_into (panel, "Function name", "{{ functionPicker.value }}");
  /* Choices in words write AWS's values; going back to waiting writes it too. */
  lf_test_choose (panel, "Invocation type", "Start it and go on (event)");
  g_assert_cmpstr (lf_action_get_parameter (lf_form_find_action (fixture->form, "invoke"),
                                            "invocation_type"), ==, "Event");
  lf_test_choose (panel, "Invocation type", "Wait for the answer");
  lf_test_choose (panel, "Log type", "The end of the log (4 KB)");
  view = GTK_TEXT_VIEW (lf_test_find_of_type (panel, GTK_SOURCE_TYPE_VIEW));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "{{ payloadArea.value }}", -1);
  click_button (panel, has_tooltip, "Apply Payload");

  /* Bindings and the button's click, in the inspector. */
  click_canvas (fixture, picker);
  lf_test_type_into (lf_test_bindings_group (inspector), "Items", "{{ listFunctions.data.Functions }}");
  g_assert_cmpstr (caption_of (inspector, "Items"), ==, "Now: Nothing yet");

  click_canvas (fixture, button);
  lf_test_choose (inspector, "Run", "invoke");
  lf_test_choose (inspector, "Show errors in", "Response (JSON view)");

  click_canvas (fixture, status);
  lf_test_type_into (lf_test_bindings_group (inspector), "Value", "{{ invoke.state }}");
  g_assert_cmpstr (caption_of (inspector, "Value"), ==, "Now: idle");

  click_canvas (fixture, response);
  /* A typo is refused with the form's own suggestion, and the caption says so live. */
  row = lf_test_find_row (lf_test_bindings_group (inspector), "Value");
  gtk_editable_set_text (GTK_EDITABLE (row), "{{ invok.data.Payload }}");
  g_assert_nonnull (strstr (caption_of (inspector, "Value"), "did you mean “invoke”?"));
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_null (lf_control_get_binding (response, "value"));
  lf_test_type_into (lf_test_bindings_group (inspector), "Value", "{{ invoke.data.Payload }}");

  check_invoke_form (fixture->form);

  /* Screenshots of the result, with the button and the invoke action shown. */
  click_canvas (fixture, button);
  lf_test_save_screenshot (fixture->window, "editor-inspector.png");
  click_canvas (fixture, picker);
  lf_test_save_screenshot (fixture->window, "editor-bindings.png");
  scroll_to_end (inspector);
  lf_test_save_screenshot (fixture->window, "editor-bindings-end.png");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (lf_test_find_of_type (GTK_WIDGET (fixture->editor),
                                                                       ADW_TYPE_VIEW_STACK)),
                                         "actions");
  lf_actions_panel_select_action (LF_ACTIONS_PANEL (panel), "invoke");
  lf_test_settle ();
  lf_test_save_screenshot (fixture->window, "editor-actions.png");
  scroll_to_end (panel);
  lf_test_save_screenshot (fixture->window, "editor-actions-end.png");

  /* Saved and read back, it is the same form. */
  g_assert_true (lf_form_save_to_file (fixture->form, path, &error));
  g_assert_no_error (error);
  reloaded = lf_form_new_from_file (path, &error);
  g_assert_no_error (error);
  check_invoke_form (reloaded);
  g_assert_true (lf_form_check (reloaded, &error));
  g_assert_no_error (error);

  /* Every step of it undoes, back to the empty form, and redoes to the same document. */
  {
    g_autofree char *before = lf_form_to_data (fixture->form, NULL);
    g_autofree char *after = NULL;
    guint steps = 0;

    while (lf_form_undo (fixture->form))
      steps++;
    lf_test_settle ();
    g_assert_cmpuint (steps, >, 20);
    g_assert_cmpuint (lf_form_get_n_controls (fixture->form), ==, 0);
    g_assert_cmpuint (lf_form_get_n_actions (fixture->form), ==, 0);
    g_assert_null (lf_editor_get_selected_control (fixture->editor));
    while (lf_form_redo (fixture->form))
      ;
    lf_test_settle ();
    after = lf_form_to_data (fixture->form, NULL);
    g_assert_cmpstr (after, ==, before);
  }

  g_unlink (path);
  g_rmdir (dir);
}

static const char *
names (LfForm *form)
{
  static char text[256];
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < lf_form_get_n_controls (form); i++)
    g_string_append_printf (joined, "%s%s", i ? " " : "",
                            lf_control_get_name (lf_form_get_control (form, i)));
  g_strlcpy (text, joined->str, sizeof text);
  return text;
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *editor = GTK_WIDGET (fixture->editor);
  g_autofree char *empty = lf_form_to_data (fixture->form, NULL);
  g_autofree char *restored = NULL;
  LfControl *second;
  GtkWidget *row;

  click_palette (fixture, "label");
  second = click_palette (fixture, "text-field");
  click_palette (fixture, "switch");
  g_assert_cmpstr (names (fixture->form), ==, "label1 textField1 switch1");

  /* Up and Down move the selection, and stop at the ends. */
  g_assert_true (gtk_widget_activate_action (editor, "editor.select-previous", NULL));
  g_assert_true (lf_editor_get_selected_control (fixture->editor) == second);
  gtk_widget_activate_action (editor, "editor.select-previous", NULL);
  gtk_widget_activate_action (editor, "editor.select-previous", NULL);
  g_assert_cmpstr (lf_control_get_name (lf_editor_get_selected_control (fixture->editor)), ==,
                   "label1");
  gtk_widget_activate_action (editor, "editor.select-next", NULL);
  g_assert_true (lf_editor_get_selected_control (fixture->editor) == second);

  /* Alt+Down and Alt+Up move the control, which stays selected. */
  gtk_widget_activate_action (editor, "editor.move-down", NULL);
  lf_test_settle ();
  g_assert_cmpstr (names (fixture->form), ==, "label1 switch1 textField1");
  g_assert_true (lf_editor_get_selected_control (fixture->editor) == second);
  row = lf_canvas_get_row (LF_CANVAS (fixture->canvas), second);
  g_assert_true (gtk_widget_has_css_class (row, "lf-selected"));
  gtk_widget_activate_action (editor, "editor.move-up", NULL);
  gtk_widget_activate_action (editor, "editor.move-up", NULL);
  lf_test_settle ();
  g_assert_cmpstr (names (fixture->form), ==, "textField1 label1 switch1");

  /* Ctrl+D duplicates with properties and bindings, in one undo step. */
  lf_test_type_into (fixture->inspector, "Label", "Your name");
  lf_test_type_into (lf_test_bindings_group (fixture->inspector), "Value", "{{ label1.value }}");
  gtk_widget_activate_action (editor, "editor.duplicate-control", NULL);
  lf_test_settle ();
  g_assert_cmpstr (names (fixture->form), ==, "textField1 textField2 label1 switch1");
  g_assert_cmpstr (lf_control_get_label (lf_editor_get_selected_control (fixture->editor)), ==,
                   "Your name");
  g_assert_cmpstr (lf_control_get_binding (lf_editor_get_selected_control (fixture->editor),
                                           "value"), ==, "{{ label1.value }}");
  g_assert_cmpstr (lf_form_get_undo_label (fixture->form), ==, "Duplicate control");

  /* Delete removes, and the selection goes to the neighbour. */
  gtk_widget_activate_action (editor, "editor.delete-control", NULL);
  lf_test_settle ();
  g_assert_cmpstr (names (fixture->form), ==, "textField1 label1 switch1");
  g_assert_cmpstr (lf_control_get_name (lf_editor_get_selected_control (fixture->editor)), ==,
                   "label1");

  /* The canvas item is named for screen readers after its label and kind. */
  g_assert_nonnull (lf_canvas_get_row (LF_CANVAS (fixture->canvas), second));
  lf_test_save_screenshot (fixture->window, "editor-canvas.png");

  while (lf_form_undo (fixture->form))
    ;
  lf_test_settle ();
  restored = lf_form_to_data (fixture->form, NULL);
  g_assert_cmpstr (restored, ==, empty);
  g_assert_false (gtk_widget_get_sensitive (editor) == FALSE);
  g_assert_false (gtk_widget_activate_action (editor, "editor.delete-control", NULL) &&
                  lf_form_get_n_controls (fixture->form) > 0);
}

static void
test_name_validation (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *row;
  LfControl *field;

  click_palette (fixture, "label");
  field = click_palette (fixture, "text-field");
  row = lf_test_find_row (fixture->inspector, "Name");

  gtk_editable_set_text (GTK_EDITABLE (row), "label1");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (row), "2fast");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (lf_control_get_name (field), ==, "textField1");
  gtk_editable_set_text (GTK_EDITABLE (row), "fast");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (lf_control_get_name (field), ==, "fast");
}

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  name)
{
  return gtk_widget_has_css_class (widget, name);
}

static void
test_beside (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *editor = GTK_WIDGET (fixture->editor);
  LfCanvas *canvas = LF_CANVAS (fixture->canvas);
  LfControl *first;
  LfControl *second;
  LfControl *third;
  GtkWidget *toggle;
  gboolean beside = TRUE;

  first = click_palette (fixture, "text-field");
  second = click_palette (fixture, "number");
  third = click_palette (fixture, "button");
  /* One line each. */
  g_assert_true (gtk_widget_get_parent (lf_canvas_get_row (canvas, first)) !=
                 gtk_widget_get_parent (lf_canvas_get_row (canvas, second)));

  /* The inspector's switch puts the number beside the text field, in one undo step. */
  click_canvas (fixture, second);
  toggle = lf_test_find_of_type (lf_test_find_row (fixture->inspector, "Beside the previous control"),
                         GTK_TYPE_SWITCH);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  lf_test_settle ();
  g_assert_true (lf_control_get_beside_previous (second));
  g_assert_cmpstr (lf_form_get_undo_label (fixture->form), ==,
                   "Place control beside the previous one");
  g_object_get (editor, "selected-beside-previous", &beside, NULL);
  g_assert_true (beside);
  /* The canvas draws them on one line, side by side at this width, and keeps the selection. */
  g_assert_true (gtk_widget_get_parent (lf_canvas_get_row (canvas, first)) ==
                 gtk_widget_get_parent (lf_canvas_get_row (canvas, second)));
  g_assert_true (LF_IS_FORM_ROW (gtk_widget_get_parent (lf_canvas_get_row (canvas, second))));
  g_assert_true (lf_form_row_is_wide (LF_FORM_ROW (gtk_widget_get_parent (
                                                     lf_canvas_get_row (canvas, second)))));
  g_assert_true (gtk_widget_has_css_class (lf_canvas_get_row (canvas, second), "lf-selected"));
  g_assert_true (gtk_widget_get_parent (lf_canvas_get_row (canvas, third)) !=
                 gtk_widget_get_parent (lf_canvas_get_row (canvas, second)));
  lf_test_save_screenshot (fixture->window, "editor-beside.png");

  /* The canvas menu's action (Alt+Right) does the same for the button; then undo both. */
  click_canvas (fixture, third);
  g_assert_true (gtk_widget_activate_action (editor, "editor.beside-previous", NULL));
  lf_test_settle ();
  g_assert_true (lf_control_get_beside_previous (third));
  g_assert_true (gtk_widget_get_parent (lf_canvas_get_row (canvas, first)) ==
                 gtk_widget_get_parent (lf_canvas_get_row (canvas, third)));
  g_assert_true (lf_form_undo (fixture->form));
  g_assert_true (lf_form_undo (fixture->form));
  lf_test_settle ();
  g_assert_false (lf_control_get_beside_previous (second));
  g_assert_false (lf_control_get_beside_previous (third));
  g_assert_true (gtk_widget_get_parent (lf_canvas_get_row (canvas, first)) !=
                 gtk_widget_get_parent (lf_canvas_get_row (canvas, second)));

  /* The first control has nothing to sit beside. */
  click_canvas (fixture, first);
  g_assert_false (gtk_widget_get_sensitive (lf_test_find_row (fixture->inspector,
                                                      "Beside the previous control")));
}

static void
test_form_row (void)
{
  GtkWidget *row = g_object_ref_sink (lf_form_row_new (12));
  GtkWidget *a = gtk_entry_new ();
  GtkWidget *b = gtk_entry_new ();
  int min_a, nat_a, min_row, nat_row, wide_height, narrow_height, entry_height;

  lf_form_row_append (LF_FORM_ROW (row), a);
  lf_form_row_append (LF_FORM_ROW (row), b);
  gtk_widget_measure (a, GTK_ORIENTATION_HORIZONTAL, -1, &min_a, &nat_a, NULL, NULL);
  gtk_widget_measure (a, GTK_ORIENTATION_VERTICAL, -1, &entry_height, NULL, NULL, NULL);

  /* Never wider than its widest child needs: it stacks instead. */
  gtk_widget_measure (row, GTK_ORIENTATION_HORIZONTAL, -1, &min_row, &nat_row, NULL, NULL);
  g_assert_cmpint (min_row, ==, min_a);
  g_assert_cmpint (nat_row, ==, 2 * nat_a + 12);
  gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, 2 * min_a + 12, &wide_height, NULL, NULL,
                      NULL);
  gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, min_a, &narrow_height, NULL, NULL, NULL);
  g_assert_cmpint (wide_height, ==, entry_height);
  g_assert_cmpint (narrow_height, ==, 2 * entry_height + 12);

  /* A hidden child takes no column. */
  gtk_widget_set_visible (b, FALSE);
  gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, min_a, &narrow_height, NULL, NULL, NULL);
  g_assert_cmpint (narrow_height, ==, entry_height);
  g_object_unref (row);
}

static GtkEventController *
find_controller (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        return controller;   /* the widget holds it */
    }
  g_error ("no controller “%s”", name);
}

static gboolean
press (GtkWidget *row,
       guint      keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (find_controller (row, "lf-completion-keys"), "key-pressed", keyval, 0,
                         0, &handled);
  lf_test_settle ();
  return handled;
}

/* The suggestions shown, one per line; "" when the popover is hidden. */
static char *
suggestions (GtkWidget *inspector)
{
  GtkWidget *popover = lf_test_find_widget (inspector, has_css_class, "lf-completion");
  GtkWidget *list;
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (popover);
  if (!gtk_widget_get_visible (popover))
    return g_strdup ("");
  list = lf_test_find_of_type (popover, GTK_TYPE_LIST_BOX);
  for (GtkWidget *item = gtk_widget_get_first_child (list); item;
       item = gtk_widget_get_next_sibling (item))
    g_string_append_printf (text, "%s%s%s", text->len ? "\n" : "",
                            gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (item)) ? "> " : "",
                            gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (
                                                             GTK_LIST_BOX_ROW (item)))));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
type_partial (GtkWidget  *row,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_editable_set_position (GTK_EDITABLE (row), -1);
  lf_test_settle ();
}

static void
test_completion (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *inspector = fixture->inspector;
  GtkWidget *row;
  g_autofree char *shown = NULL;
  LfAction *action;

  click_palette (fixture, "dropdown");
  lf_test_type_into (inspector, "Name", "functionPicker");
  click_palette (fixture, "text-field");
  lf_test_type_into (inspector, "Name", "functionFilter");
  action = lf_action_new ("listFunctions", LF_OPERATION_LIST_FUNCTIONS);
  g_assert_true (lf_form_insert_action (fixture->form, action, -1, NULL));
  g_object_unref (action);
  click_palette (fixture, "status");
  lf_test_settle ();

  row = lf_test_find_row (lf_test_bindings_group (inspector), "Value");
  gtk_widget_grab_focus (row);
  g_assert_true (gtk_widget_has_focus (gtk_root_get_focus (gtk_widget_get_root (row))));

  /* Outside "{{ }}" nothing is offered. */
  type_partial (row, "func");
  shown = suggestions (inspector);
  g_assert_cmpstr (shown, ==, "");
  g_clear_pointer (&shown, g_free);

  /* A partial name offers the paths that start with it, the first one chosen, then those that
   * contain it. */
  type_partial (row, "{{ func");
  shown = suggestions (inspector);
  g_assert_cmpstr (shown, ==, "> functionPicker.value\nfunctionFilter.value\n"
                   "listFunctions.data.Functions\nlistFunctions.state\n"
                   "listFunctions.error.message");
  g_clear_pointer (&shown, g_free);

  /* Down and Up move the choice, round at the ends; Enter takes it and closes "}}". */
  g_assert_true (press (row, GDK_KEY_Down));
  shown = suggestions (inspector);
  g_assert_true (g_str_has_prefix (shown, "functionPicker.value\n> functionFilter.value\n"));
  g_clear_pointer (&shown, g_free);
  g_assert_true (press (row, GDK_KEY_Down));
  g_assert_true (press (row, GDK_KEY_Up));
  g_assert_true (press (row, GDK_KEY_Return));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==,
                   "{{ functionFilter.value }}");
  shown = suggestions (inspector);
  g_assert_cmpstr (shown, ==, "");
  g_clear_pointer (&shown, g_free);
  /* With nothing offered the keys are the row's again (Enter applies). */
  g_assert_false (press (row, GDK_KEY_Return));

  /* An action's result paths, by any part of them, and Tab takes it before an existing "}}". */
  gtk_editable_set_text (GTK_EDITABLE (row), "Found {{ listF }} functions");
  gtk_editable_set_position (GTK_EDITABLE (row), (int) strlen ("Found {{ listF"));
  lf_test_settle ();
  shown = suggestions (inspector);
  /* The answer comes first. */
  g_assert_nonnull (strstr (shown, "> listFunctions.data.Functions"));
  g_assert_nonnull (strstr (shown, "listFunctions.state"));
  g_clear_pointer (&shown, g_free);
  g_assert_true (press (row, GDK_KEY_Tab));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==,
                   "Found {{ listFunctions.data.Functions }} functions");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (row)), ==,
                   (int) strlen ("Found {{ listFunctions.data.Functions"));

  /* Escape closes it and leaves the text alone; nothing matching shows nothing. */
  type_partial (row, "{{ Pick");
  shown = suggestions (inspector);
  g_assert_cmpstr (shown, ==, "> functionPicker.value");
  g_clear_pointer (&shown, g_free);
  {
    /* Shown under the row, in a surface of its own. */
    GtkWidget *popover = lf_test_find_widget (inspector, has_css_class, "lf-completion");
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
    graphene_rect_t bounds;
    double dx, dy;

    g_assert_true (gtk_widget_get_mapped (popover));
    g_assert_true (gtk_widget_compute_bounds (row, fixture->window, &bounds));
    gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &dx, &dy);
    g_assert_cmpfloat (fabs (gdk_popup_get_position_y (GDK_POPUP (surface)) -
                             (bounds.origin.y + bounds.size.height + dy)), <, 32);
    lf_test_save_screenshot (popover, "editor-completion.png");
  }
  g_assert_true (press (row, GDK_KEY_Escape));
  shown = suggestions (inspector);
  g_assert_cmpstr (shown, ==, "");
  g_clear_pointer (&shown, g_free);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "{{ Pick");
  type_partial (row, "{{ zzz");
  shown = suggestions (inspector);
  g_assert_cmpstr (shown, ==, "");
}

static void
test_templates (void)
{
  guint n;
  const LfEditorTemplate *templates = lf_editor_get_templates (&n);

  g_assert_cmpuint (n, ==, 4);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LfForm) form = lf_editor_new_form_from_template (templates[i].id);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (form);
      g_assert_true (lf_form_check (form, &error));
      g_assert_no_error (error);
      g_assert_false (lf_form_can_undo (form));
      if (g_str_equal (templates[i].id, "blank"))
        g_assert_cmpuint (lf_form_get_n_controls (form), ==, 0);
      else
        g_assert_cmpuint (lf_form_get_n_controls (form), >, 0);
    }

  {
    g_autoptr(LfForm) browser = lf_editor_new_form_from_template ("function-browser");

    g_assert_cmpint (lf_action_get_operation (lf_form_find_action (browser, "listFunctions")), ==,
                     LF_OPERATION_LIST_FUNCTIONS);
    g_assert_cmpint (lf_action_get_operation (lf_form_find_action (browser, "details")), ==,
                     LF_OPERATION_GET_FUNCTION);
    g_assert_cmpstr (lf_control_get_kind (lf_form_find_control (browser, "functions"))->id, ==,
                     "key-value-table");
  }
  g_assert_null (lf_editor_new_form_from_template ("no-such-template"));
}

static void
test_template_screenshot (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(LfForm) form = lf_editor_new_form_from_template ("invoke-function");

  lf_editor_set_form (fixture->editor, form);
  lf_test_settle ();
  g_assert_cmpuint (lf_form_get_n_controls (form), ==, 9);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.select-next", NULL);
  lf_test_settle ();
  lf_test_save_screenshot (fixture->window, "editor-template.png");
  lf_editor_set_form (fixture->editor, NULL);
}

/* The value picker beside a binding lists what the form offers, narrows as the person types
 * and puts the chosen path in the binding, applied. */
static gboolean
has_text (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static void
test_path_picker (Fixture       *fixture,
                  gconstpointer  data)
{
  LfControl *field = click_palette (fixture, "text-field");
  LfControl *label;
  g_autofree char *expected = g_strdup_printf ("{{ %s.value }}", lf_control_get_name (field));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) caption = json_node_init_string (json_node_alloc (), "Name");
  GtkWidget *row;
  GtkWidget *picker;
  GtkMenuButton *button;
  GtkWidget *popover;
  GtkWidget *list;
  GtkWidget *search;
  guint shown = 0;

  g_assert_true (lf_form_set_control_property (fixture->form, field, "label", caption, &error));
  label = click_palette (fixture, "label");
  click_canvas (fixture, label);
  row = lf_test_find_row (lf_test_bindings_group (fixture->inspector), "Value");
  picker = lf_test_find_of_type (row, LF_TYPE_PATH_PICKER);
  button = GTK_MENU_BUTTON (lf_test_find_of_type (picker, GTK_TYPE_MENU_BUTTON));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (button)), ==, "Choose a Value");
  gtk_menu_button_popup (button);
  lf_test_settle ();
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  list = lf_test_find_of_type (popover, GTK_TYPE_LIST_BOX);
  search = lf_test_find_of_type (popover, GTK_TYPE_SEARCH_ENTRY);
  /* Values are offered by what they are: the field by its label and kind. */
  g_assert_nonnull (lf_test_find_widget (list, has_text, "Name (Text field)"));
  lf_test_save_screenshot (popover, "editor-path-picker.png");

  /* Searching by what a person calls it narrows the list; Enter takes the first. */
  gtk_editable_set_text (GTK_EDITABLE (search), "name");
  g_signal_emit_by_name (search, "search-changed");
  lf_test_settle ();
  for (GtkWidget *child = gtk_widget_get_first_child (list); child;
       child = gtk_widget_get_next_sibling (child))
    shown += gtk_widget_get_child_visible (child) ? 1 : 0;
  g_assert_cmpuint (shown, ==, 1);
  g_signal_emit_by_name (search, "activate");
  lf_test_settle ();
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_cmpstr (lf_control_get_binding (label, "value"), ==, expected);
}

/* One row per kind: every kind of the catalogue has a title for each property, and the app
 * can build it, show its properties and preview it on the canvas. */
static void
test_every_kind_complete (Fixture       *fixture,
                          gconstpointer  data)
{
  guint n_kinds = 0;
  const LfControlKind * const *kinds = lf_control_kind_get_all (&n_kinds);

  g_assert_cmpuint (n_kinds, >, 0);
  for (guint i = 0; i < n_kinds; i++)
    {
      g_autofree const char **names = lf_control_kind_list_properties (kinds[i]);
      LfControl *control;
      GtkWidget *row;

      g_test_message ("kind %s", kinds[i]->id);
      g_assert_true (lf_widget_factory_supports (kinds[i]->id));
      for (guint j = 0; names[j]; j++)
        {
          const LfPropertySpec *spec = lf_control_kind_find_property (kinds[i], names[j]);

          g_assert_nonnull (spec->title);
          g_assert_cmpstr (spec->title, !=, "");
          g_assert_nonnull (spec->summary);
        }
      /* Added as a person would; the canvas draws it with the kind's own preview. */
      control = click_palette (fixture, kinds[i]->id);
      row = lf_canvas_get_row (LF_CANVAS (fixture->canvas), control);
      g_assert_nonnull (row);
      g_assert_true (gtk_widget_get_visible (row));
    }
  g_assert_cmpuint (lf_form_get_n_controls (fixture->form), ==, n_kinds);
  lf_test_save_screenshot (fixture->window, "editor-every-kind.png");
}

/* "Try It": Run an action alone, read its answer as a tree and bind a field of it ********/

#define TRY_FUNCTIONS "{\"Functions\": [{\"FunctionName\": \"echo\"}, {\"FunctionName\": \"greet\"}]}"

/* A Lambda stand-in that lists two functions; the editor's run never checks signatures. */
static void
answer_list_functions (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  if (!g_str_equal (path, "/2015-03-31/functions/"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, TRY_FUNCTIONS,
                                    strlen (TRY_FUNCTIONS));
}

static LfLambdaClient *
stand_in_client (const char  *account,
                 const char  *region,
                 gpointer     user_data,
                 GError     **error)
{
  g_autoptr(LfCredentials) credentials = lf_credentials_new ("AKIDEDITORTEST", "editor-secret",
                                                             NULL, NULL);
  g_autoptr(LfCredentialsProvider) provider = lf_static_credentials_provider_new (credentials);

  return lf_lambda_client_new (provider, "us-east-1", user_data, error);
}

static gboolean
run_succeeded (gpointer panel)
{
  return lf_test_find_widget (panel, has_text,
                              "Succeeded: bind a field of the answer to a control") != NULL;
}

static gboolean
is_result_row (GtkWidget     *widget,
               gconstpointer  key)
{
  GtkTreeListRow *list_row;
  g_autoptr(LfResultItem) item = NULL;

  if (!LF_IS_RESULT_ROW (widget) ||
      (list_row = lf_result_row_get_list_row (LF_RESULT_ROW (widget))) == NULL)
    return FALSE;
  item = gtk_tree_list_row_get_item (list_row);
  return g_strcmp0 (lf_result_item_get_key (item), key) == 0;
}

static GtkWidget *
find_result_row (GtkWidget  *panel,
                 const char *key)
{
  GtkWidget *row = lf_test_find_widget (panel, is_result_row, key);

  g_assert_nonnull (row);
  return row;
}

static void
test_try_action (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *panel = fixture->actions_panel;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  LfControl *picker;
  GtkWidget *stack;
  GtkWidget *row;
  GtkMenuButton *bind;
  GtkWidget *popover;
  GtkWidget *list;
  GtkWidget *first;

  soup_server_add_handler (server, NULL, answer_list_functions, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  lf_editor_set_client_factory (fixture->editor, stand_in_client, g_strdup (url), g_free);

  picker = click_palette (fixture, "dropdown");
  click_palette (fixture, "button");
  stack = lf_test_find_of_type (GTK_WIDGET (fixture->editor), ADW_TYPE_VIEW_STACK);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "actions");
  click_button (panel, has_action_name, "actions-panel.add-action");
  lf_test_type_into (panel, "Name", "listFunctions");
  lf_test_choose (panel, "Operation", "List functions");
  g_assert_nonnull (lf_test_find_widget (panel, has_text, "Not run yet"));
  g_assert_false (gtk_widget_get_visible (lf_test_find_of_type (panel, LF_TYPE_RESULT_TREE)));

  /* The answer's data is a tree: one row a field, its members when unfolded. */
  click_button (panel, has_action_name, "actions-panel.run");
  lf_test_wait_for (run_succeeded, panel, "the action to run");
  lf_test_settle ();
  g_assert_true (gtk_widget_get_visible (lf_test_find_of_type (panel, LF_TYPE_RESULT_TREE)));
  row = find_result_row (panel, "Functions");
  g_assert_nonnull (lf_test_find_widget (row, has_text, "2 items"));
  gtk_tree_list_row_set_expanded (lf_result_row_get_list_row (LF_RESULT_ROW (row)), TRUE);
  lf_test_settle ();
  g_assert_nonnull (lf_test_find_widget (find_result_row (panel, "[1]"), has_text, "1 field"));
  lf_test_save_screenshot (fixture->window, "editor-actions-result.png");

  /* "Bind to…" offers the controls that show a value, not the button. */
  row = find_result_row (panel, "Functions");
  bind = GTK_MENU_BUTTON (lf_test_find_of_type (row, GTK_TYPE_MENU_BUTTON));
  g_assert_cmpstr (gtk_menu_button_get_label (bind), ==, "Bind to…");
  gtk_menu_button_popup (bind);
  lf_test_settle ();
  popover = GTK_WIDGET (gtk_menu_button_get_popover (bind));
  list = lf_test_find_of_type (popover, GTK_TYPE_LIST_BOX);
  first = gtk_widget_get_first_child (list);
  g_assert_nonnull (first);
  g_assert_null (gtk_widget_get_next_sibling (first));
  g_assert_nonnull (lf_test_find_widget (first, has_text, "dropdown1 (Dropdown)"));

  /* A list fills a dropdown's items; the panel says what it did. */
  g_signal_emit_by_name (list, "row-activated", first);
  lf_test_settle ();
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_cmpstr (lf_control_get_binding (picker, "items"), ==,
                   "{{ listFunctions.data.Functions }}");
  /* Each function shows by its name, not as a whole JSON object; the panel says so, and the
   * whole binding is one step to undo. */
  g_assert_cmpstr (lf_control_get_string (picker, "label_path"), ==, "FunctionName");
  g_assert_cmpstr (lf_control_get_string (picker, "value_path"), ==, "FunctionName");
  g_assert_nonnull (lf_test_find_widget (panel, has_text,
                                         "“dropdown1” now lists the items of the answer, "
                                         "showing each one’s FunctionName"));
  g_assert_cmpstr (lf_form_get_undo_label (fixture->form), ==, "Bind to the answer");

  soup_server_disconnect (server);
}

/* New actions are named after what they do and follow their operation until the author
 * names them; they run on nothing until told; "Runs" reads as a person says it. */
static void
test_action_vocabulary (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *panel = fixture->actions_panel;
  LfAction *action;
  AdwComboRow *runs;
  GListModel *choices;

  click_button (panel, has_action_name, "actions-panel.add-action");
  g_assert_cmpstr (lf_actions_panel_get_selected_action (LF_ACTIONS_PANEL (panel)), ==,
                   "invoke1");
  action = lf_form_find_action (fixture->form, "invoke1");
  g_assert_cmpint (lf_action_get_trigger (action), ==, LF_TRIGGER_NONE);

  lf_test_choose (panel, "Operation", "List functions");
  g_assert_null (lf_form_find_action (fixture->form, "invoke1"));
  g_assert_nonnull (lf_form_find_action (fixture->form, "listFunctions1"));
  g_assert_cmpstr (lf_actions_panel_get_selected_action (LF_ACTIONS_PANEL (panel)), ==,
                   "listFunctions1");

  /* Named by the author, it keeps the name whatever it does. */
  lf_test_type_into (panel, "Name", "allFunctions");
  lf_test_choose (panel, "Operation", "Get a function");
  g_assert_nonnull (lf_form_find_action (fixture->form, "allFunctions"));

  runs = ADW_COMBO_ROW (lf_test_find_row (panel, "Runs"));
  choices = adw_combo_row_get_model (runs);
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 4);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 0), ==,
                   "When the form opens");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 3), ==,
                   "Only from another action");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (runs)), ==,
                   "Only from another action");
  lf_test_choose (panel, "Runs", "When the form opens");
  g_assert_cmpint (lf_action_get_trigger (lf_form_find_action (fixture->form, "allFunctions")),
                   ==, LF_TRIGGER_LOAD);
}

/* A button offers "New action…": the new action runs on its click, and the Actions tab shows
 * it to be set up. */
static void
test_button_new_action (Fixture       *fixture,
                        gconstpointer  data)
{
  LfControl *button = click_palette (fixture, "button");
  LfAction *action;

  click_canvas (fixture, button);
  lf_test_choose (fixture->inspector, "Run", "New action…");
  action = lf_form_find_action (fixture->form, "invoke1");
  g_assert_nonnull (action);
  g_assert_cmpint (lf_action_get_trigger (action), ==, LF_TRIGGER_CLICK);
  g_assert_cmpstr (lf_action_get_trigger_control (action), ==, lf_control_get_name (button));
  g_assert_cmpstr (lf_actions_panel_get_selected_action (LF_ACTIONS_PANEL (
                     fixture->actions_panel)), ==, "invoke1");
  g_assert_true (gtk_widget_get_mapped (fixture->actions_panel));
  /* One step to undo: the action and its trigger. */
  g_assert_true (lf_form_undo (fixture->form));
  g_assert_null (lf_form_find_action (fixture->form, "invoke1"));
}

static gboolean
is_label_text (GtkWidget     *widget,
               gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWanted;

static gboolean
label_shown (gpointer data)
{
  LabelWanted *wanted = data;

  return lf_test_find_widget (wanted->root, is_label_text, wanted->text) != NULL;
}

static gboolean
is_save_event_button (GtkWidget     *widget,
                      gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Save Payload as Event…") == 0;
}

/* Opens the Events menu beside the payload of the selected action; returns its popover. */
static GtkWidget *
open_events (Fixture *fixture)
{
  GtkWidget *picker = lf_test_find_of_type (fixture->actions_panel, LF_TYPE_EVENT_PICKER);
  GtkWidget *button = lf_test_find_of_type (picker, GTK_TYPE_MENU_BUTTON);

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  return GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
}

/* Events beside the payload: one saved for the function is offered with the templates;
 * choosing it makes it the payload, which can then be saved as an event in turn. */
static void
test_event_picker (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, "examples", "greeter.lambdaform",
                                            NULL);
  g_autofree char *directory = lf_event_store_dup_default_directory ();
  g_autoptr(LfEventStore) store = lf_event_store_new (directory);
  g_autoptr(JsonNode) ada_payload = lf_json_parse ("{\"name\": \"Ada\"}", -1, NULL);
  g_autoptr(LfTestEvent) ada = lf_test_event_new ("ada", ada_payload, LF_TEST_EVENT_SAVED);
  g_autoptr(LfForm) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) payload = NULL;
  GtkWidget *popover;
  GtkWidget *row;
  LabelWanted wanted = { NULL, "ada" };

  g_assert_true (lf_event_store_save (store, "sandbox", "greet", ada, TRUE, &error));
  g_assert_no_error (error);
  form = lf_form_new_from_file (path, &error);
  g_assert_no_error (error);
  lf_editor_set_form (fixture->editor, form);
  adw_view_stack_set_visible_child_name (
    ADW_VIEW_STACK (lf_test_find_of_type (GTK_WIDGET (fixture->editor), ADW_TYPE_VIEW_STACK)),
    "actions");
  lf_actions_panel_select_action (LF_ACTIONS_PANEL (fixture->actions_panel), "greet");
  lf_test_settle ();

  popover = open_events (fixture);
  wanted.root = popover;
  lf_test_wait_for (label_shown, &wanted, "the saved event");
  wanted.text = "S3: a file was uploaded";
  lf_test_wait_for (label_shown, &wanted, "the templates");
  /* A payload that reads a control is no event. */
  g_assert_false (gtk_widget_get_sensitive (lf_test_find_widget (popover, is_save_event_button,
                                                                 NULL)));
  lf_test_wait_until_drawn (fixture->window);
  lf_test_save_screenshot (fixture->window, "editor-events.png");

  row = gtk_widget_get_parent (lf_test_find_widget (popover, is_label_text, "ada"));
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  lf_test_settle ();
  payload = lf_json_parse (lf_action_get_parameter (lf_form_find_action (form, "greet"),
                                                    "payload"), -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (payload, ada_payload));
  g_assert_true (lf_form_can_undo (form));

  /* Now plain JSON, the payload can be kept as an event. */
  popover = open_events (fixture);
  g_assert_true (gtk_widget_get_sensitive (lf_test_find_widget (popover, is_save_event_button,
                                                                NULL)));
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_true (lf_event_store_delete (store, "sandbox", "greet", "ada", &error));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add ("/editor/palette", Fixture, NULL, fixture_set_up, test_palette, fixture_tear_down);
  g_test_add ("/editor/build-invoke-form", Fixture, NULL, fixture_set_up, test_build_invoke_form,
              fixture_tear_down);
  g_test_add ("/editor/keyboard", Fixture, NULL, fixture_set_up, test_keyboard,
              fixture_tear_down);
  g_test_add ("/editor/name-validation", Fixture, NULL, fixture_set_up, test_name_validation,
              fixture_tear_down);
  g_test_add ("/editor/beside", Fixture, NULL, fixture_set_up, test_beside, fixture_tear_down);
  g_test_add_func ("/editor/form-row", test_form_row);
  g_test_add ("/editor/completion", Fixture, NULL, fixture_set_up, test_completion,
              fixture_tear_down);
  g_test_add_func ("/editor/templates", test_templates);
  g_test_add ("/editor/path-picker", Fixture, NULL, fixture_set_up, test_path_picker,
              fixture_tear_down);
  g_test_add ("/editor/action-vocabulary", Fixture, NULL, fixture_set_up,
              test_action_vocabulary, fixture_tear_down);
  g_test_add ("/editor/button-new-action", Fixture, NULL, fixture_set_up,
              test_button_new_action, fixture_tear_down);
  g_test_add ("/editor/every-kind-complete", Fixture, NULL, fixture_set_up,
              test_every_kind_complete, fixture_tear_down);
  g_test_add ("/editor/template-screenshot", Fixture, NULL, fixture_set_up,
              test_template_screenshot, fixture_tear_down);
  g_test_add ("/editor/try-action", Fixture, NULL, fixture_set_up, test_try_action,
              fixture_tear_down);
  g_test_add ("/editor/event-picker", Fixture, NULL, fixture_set_up, test_event_picker,
              fixture_tear_down);

  return g_test_run ();
}
