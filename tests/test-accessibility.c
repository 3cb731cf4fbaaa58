/* test-accessibility.c: the accessibility tree of a running form, under Xvfb
 *
 * Each test opens a sample form in the window, as test-form-view does, then walks every
 * widget under the window. Each visible, mapped control a person works with (buttons,
 * entries, text views, drop-downs, switches, tables…) must have a name a screen reader can
 * say and must be reachable by keyboard; the Tab chain from the form's first field must reach
 * every input of the form, its button included, and come back round.
 *
 * GTK 4.8 has no public getter for accessible properties: the names are read through GTK's
 * own test API (gtk_test_accessible_has_property () and friends), which is public.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-test-ui.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "lf-application.h"
#include "lf-widget-factory.h"
#include "lf-window.h"

/* Generous: the sandbox starts Python runtimes, and ASan builds are slow. */
/* More Tab presses than any window here has stops. */
#define MAX_TAB_STOPS 500

static LfApplication *app;
static char *tmp_dir;

/* Waiting ******************************************************************************/



static gboolean
is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
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
settle (void)
{
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static LfWindow *
open_example (const char *name)
{
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, "examples", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LfWindow *window = lf_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 900);
  gtk_window_present (GTK_WINDOW (window));
  lf_test_wait_for (is_drawn, window, "the window to be drawn");
  lf_window_open_file (window, file, FALSE);
  lf_test_wait_for (lf_test_form_is_ready, window, "the form to open");
  g_assert_cmpstr (lf_window_get_page (window), ==, "form");
  settle ();
  return window;
}

static void
close_window (LfWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Names ********************************************************************************/

/* Whether a person operates @widget: it gets a name and a place in the Tab chain. The walk
 * does not go into one: a drop-down's button or an entry's text are its own parts. */
static gboolean
is_interactive (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) ||         /* toggle, link and the view switcher's too */
         GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_SWITCH (widget) ||
         GTK_IS_ENTRY (widget) ||
         GTK_IS_PASSWORD_ENTRY (widget) ||
         GTK_IS_SEARCH_ENTRY (widget) ||
         GTK_IS_SPIN_BUTTON (widget) ||
         GTK_IS_TEXT (widget) ||
         GTK_IS_TEXT_VIEW (widget) ||
         GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_COLUMN_VIEW (widget) ||
         GTK_IS_SCALE (widget) ||
         (GTK_IS_LIST_BOX_ROW (widget) &&
          gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)));
}

/* The accessible label of @widget when it has a non-empty one, else NULL; free it. */
static char *
accessible_label (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  /* The check answers with the value when it differs from the one given. */
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL, "");
}

/* The first visible, non-empty text label inside @widget, or NULL. */
static const char *
inner_text (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text;

      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && gtk_label_get_text (GTK_LABEL (child))[0] != '\0')
        return gtk_label_get_text (GTK_LABEL (child));
      if ((text = inner_text (child)) != NULL)
        return text;
    }
  return NULL;
}

/* What a screen reader can call @widget, and where that comes from; NULL when nothing. */
static char *
describe_name (GtkWidget *widget)
{
  g_autofree char *label = accessible_label (widget);
  const char *text;

  if (label != NULL)
    return g_strdup_printf ("label “%s”", label);
  /* A GtkText is the part of an editable that holds the text: the editable names it. */
  if (GTK_IS_TEXT (widget))
    {
      GtkWidget *editable = gtk_widget_get_ancestor (gtk_widget_get_parent (widget),
                                                     GTK_TYPE_EDITABLE);

      return editable != NULL ? describe_name (editable) : NULL;
    }
  /* Buttons and rows show their name; an icon's tooltip says what it does. */
  if (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) ||
      GTK_IS_LIST_BOX_ROW (widget))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (widget);

      if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
          gtk_button_get_label (GTK_BUTTON (widget))[0] != '\0')
        return g_strdup_printf ("text “%s”", gtk_button_get_label (GTK_BUTTON (widget)));
      if ((text = inner_text (widget)) != NULL)
        return g_strdup_printf ("text “%s”", text);
      if (tooltip != NULL && tooltip[0] != '\0')
        return g_strdup_printf ("tooltip “%s”", tooltip);
      /* GTK points a button's labelled-by at whatever its child is, an icon too: that is
       * no name. */
      return NULL;
    }
  if (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return g_strdup ("labelled-by");
  return NULL;
}

/* Whether @widget or a part of it takes the keyboard focus. */
static gboolean
takes_focus (GtkWidget *widget)
{
  if (gtk_widget_get_focusable (widget))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (takes_focus (child))
      return TRUE;
  return FALSE;
}

typedef struct
{
  guint      n_checked;
  GPtrArray *unnamed;       /* descriptions of the controls without a name */
  GPtrArray *unfocusable;
} Walk;

static char *
widget_path (GtkWidget *widget)
{
  GString *path = g_string_new (G_OBJECT_TYPE_NAME (widget));

  for (GtkWidget *parent = gtk_widget_get_parent (widget); parent;
       parent = gtk_widget_get_parent (parent))
    g_string_prepend (g_string_prepend (path, " > "), G_OBJECT_TYPE_NAME (parent));
  return g_string_free (path, FALSE);
}

static void
walk (GtkWidget *widget,
      Walk      *state)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (!gtk_widget_get_visible (child) || !gtk_widget_get_mapped (child))
        continue;
      if (!is_interactive (child))
        {
          walk (child, state);
          continue;
        }

      state->n_checked++;
      name = describe_name (child);
      path = widget_path (child);
      g_test_message ("%s: %s", path, name ? name : "NO NAME");
      if (name == NULL)
        g_ptr_array_add (state->unnamed, g_steal_pointer (&path));
      else if (!takes_focus (child))
        g_ptr_array_add (state->unfocusable, g_steal_pointer (&path));
    }
}

static void
assert_all_named (LfWindow *window)
{
  Walk state = { 0, g_ptr_array_new_with_free_func (g_free),
                 g_ptr_array_new_with_free_func (g_free) };

  walk (GTK_WIDGET (window), &state);

  for (guint i = 0; i < state.unnamed->len; i++)
    g_test_message ("no accessible name: %s", (char *) state.unnamed->pdata[i]);
  for (guint i = 0; i < state.unfocusable->len; i++)
    g_test_message ("not focusable: %s", (char *) state.unfocusable->pdata[i]);
  /* The header bar's buttons and the form's controls at least. */
  g_assert_cmpuint (state.n_checked, >=, 5);
  g_assert_cmpuint (state.unnamed->len, ==, 0);
  g_assert_cmpuint (state.unfocusable->len, ==, 0);

  g_ptr_array_unref (state.unnamed);
  g_ptr_array_unref (state.unfocusable);
}

/* The widget factory names each input after the control's caption (its "label" property). */
static void
assert_named_after_caption (LfWindow   *window,
                            const char *name,
                            const char *caption)
{
  GtkWidget *input = lf_test_control_input (window, name);
  g_autofree char *label = accessible_label (input);
  g_autofree char *differs = NULL;

  g_assert_nonnull (label);
  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (input),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, caption);
  if (differs != NULL)
    g_error ("%s is named “%s”, not “%s”", name, differs, caption);
}

/* Keyboard *****************************************************************************/

/* The focus widgets that Tab visits from @start until it comes back to @start. */
static GPtrArray *
tab_chain (LfWindow  *window,
           GtkWidget *start)
{
  GPtrArray *chain = g_ptr_array_new ();

  g_assert_true (gtk_widget_grab_focus (start));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == start);
  for (guint i = 0; i < MAX_TAB_STOPS; i++)
    {
      GtkWidget *focus;

      /* Off the end of the window, the next Tab starts again at its top. */
      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus == start)
        return chain;
      if (focus != NULL)
        {
          g_autofree char *path = widget_path (focus);

          g_test_message ("Tab: %s", path);
          g_ptr_array_add (chain, focus);
        }
    }
  g_error ("Tab never came back to where it started");
  return NULL;
}

/* Whether the focus landed in @widget: on it, or on one of its parts. */
static gboolean
chain_reaches (GPtrArray *chain,
               GtkWidget *widget)
{
  for (guint i = 0; i < chain->len; i++)
    {
      GtkWidget *focus = chain->pdata[i];

      if (focus == widget || gtk_widget_is_ancestor (focus, widget))
        return TRUE;
    }
  return FALSE;
}

static void
assert_tab_reaches (LfWindow           *window,
                    const char         *first,
                    const char * const *inputs)
{
  GtkWidget *start = lf_test_control_input (window, first);
  GtkWidget *start_focus = start;
  GPtrArray *chain;

  /* A drop-down or an entry takes the focus in a part of itself. */
  if (!gtk_widget_get_focusable (start))
    {
      g_assert_true (gtk_widget_child_focus (start, GTK_DIR_TAB_FORWARD));
      start_focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_true (start_focus == start || gtk_widget_is_ancestor (start_focus, start));
    }
  chain = tab_chain (window, start_focus);
  for (guint i = 0; inputs[i]; i++)
    if (!chain_reaches (chain, lf_test_control_input (window, inputs[i])))
      g_error ("Tab from %s never reaches %s", first, inputs[i]);
  g_ptr_array_unref (chain);
}

/* Tests ********************************************************************************/

static void
test_invoke_function (void)
{
  static const char * const inputs[] = { "invocationType", "logType", "payloadArea",
                                         "invokeButton", "response", "log", NULL };
  LfWindow *window = open_example ("invoke-function.lambdaform");
  ActionWait wait = { lf_form_view_get_runtime (lf_window_get_form_view (window)),
                      "listFunctions" };

  /* The function picker fills when the form opens. */
  lf_test_wait_for (action_is_done, &wait, "the functions to be listed");
  settle ();

  assert_all_named (window);
  assert_named_after_caption (window, "functionPicker", "Function");
  assert_named_after_caption (window, "payloadArea", "Payload");
  assert_named_after_caption (window, "invokeButton", "Invoke");
  assert_tab_reaches (window, "functionPicker", inputs);

  close_window (window);
}

/* The walk itself: an icon button and an entry without a name are caught. */
static void
test_unnamed_control_is_caught (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *named = gtk_entry_new ();
  Walk state = { 0, g_ptr_array_new_with_free_func (g_free),
                 g_ptr_array_new_with_free_func (g_free) };

  gtk_accessible_update_property (GTK_ACCESSIBLE (named), GTK_ACCESSIBLE_PROPERTY_LABEL, "Name",
                                  -1);
  gtk_box_append (GTK_BOX (box), gtk_button_new_from_icon_name ("list-add-symbolic"));
  gtk_box_append (GTK_BOX (box), gtk_entry_new ());
  gtk_box_append (GTK_BOX (box), named);
  gtk_box_append (GTK_BOX (box), gtk_button_new_with_label ("Named"));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  lf_test_wait_for (is_drawn, window, "the window to be drawn");

  walk (window, &state);
  g_assert_cmpuint (state.n_checked, ==, 4);
  g_assert_cmpuint (state.unnamed->len, ==, 2);

  g_ptr_array_unref (state.unnamed);
  g_ptr_array_unref (state.unfocusable);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_greeter (void)
{
  static const char * const inputs[] = { "greetButton", NULL };
  LfWindow *window = open_example ("greeter.lambdaform");

  assert_all_named (window);
  assert_named_after_caption (window, "name", "Your name");
  assert_named_after_caption (window, "greetButton", "Greet");
  assert_tab_reaches (window, "name", inputs);

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = lf_test_make_home ("lf-accessibility");
  app = lf_test_init_app (&argc, &argv);

  g_test_add_func ("/accessibility/invoke-function", test_invoke_function);
  g_test_add_func ("/accessibility/greeter", test_greeter);
  g_test_add_func ("/accessibility/unnamed-control-is-caught", test_unnamed_control_is_caught);

  status = g_test_run ();

  lf_test_finish_app (app, tmp_dir);
  return status;
}
