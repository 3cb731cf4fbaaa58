/* lf-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-test-ui.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lf-canvas.h"
#include "lf-palette.h"
#include "lf-widget-factory.h"

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
lf_test_wait_for (LfTestCondition  condition,
                  gpointer         data,
                  const char      *what)
{
  gint64 deadline = g_get_monotonic_time () + LF_TEST_DEADLINE_SECONDS * G_TIME_SPAN_SECOND;
  /* A tick, so that a condition met without any event is still seen. */
  guint tick = g_timeout_add (50, wake_up, NULL);

  while (!condition (data))
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
    }
  g_source_remove (tick);
}

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

void
lf_test_wait_until_drawn (GtkWidget *widget)
{
  lf_test_wait_for (is_drawn, widget, "the widget to be drawn");
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

void
lf_test_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "artifacts", NULL);
  g_autofree char *path = NULL;
  gint64 deadline = g_get_monotonic_time () + LF_TEST_DEADLINE_SECONDS * G_TIME_SPAN_SECOND;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* Let pending layout and animations settle into the frame. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  /* The paintable is empty while a relayout is pending (a text view still measuring its
   * lines, a loaded machine): wait for a frame that has something in it. */
  for (;;)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

void
lf_test_settle (void)
{
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

GtkWidget *
lf_test_find_widget (GtkWidget       *root,
                     LfTestPredicate  predicate,
                     gconstpointer    data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (predicate (child, data))
        return child;
      found = lf_test_find_widget (child, predicate, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

GtkWidget *
lf_test_find_of_type (GtkWidget *root,
                      GType      type)
{
  GtkWidget *found = lf_test_find_widget (root, is_type, GSIZE_TO_POINTER (type));

  if (found == NULL)
    g_error ("no %s under %s", g_type_name (type), G_OBJECT_TYPE_NAME (root));
  return found;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

GtkWidget *
lf_test_find_row (GtkWidget  *root,
                  const char *title)
{
  GtkWidget *row = lf_test_find_widget (root, is_row_titled, title);

  if (row == NULL)
    g_error ("no row titled “%s”", title);
  return row;
}

static gboolean
has_action_name (GtkWidget     *widget,
                 gconstpointer  name)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), name) == 0;
}

GtkWidget *
lf_test_find_action_button (GtkWidget  *root,
                            const char *action_name)
{
  GtkWidget *button = lf_test_find_widget (root, has_action_name, action_name);

  if (button == NULL)
    g_error ("no button for %s", action_name);
  return button;
}

void
lf_test_type_into (GtkWidget  *root,
                   const char *title,
                   const char *text)
{
  GtkWidget *row = lf_test_find_row (root, title);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  lf_test_settle ();
}

void
lf_test_choose (GtkWidget  *root,
                const char *title,
                const char *item)
{
  GtkWidget *row = lf_test_find_row (root, title);
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) string = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (string), item))
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
          if (gtk_widget_has_css_class (row, "error"))
            g_error ("Choosing “%s” under “%s” marked the row as wrong: %s", item, title,
                     gtk_widget_get_tooltip_text (row));
          lf_test_settle ();
          return;
        }
    }
  g_error ("“%s” offers no “%s”", title, item);
}

GtkWidget *
lf_test_bindings_group (GtkWidget *inspector)
{
  for (GtkWidget *group = lf_test_find_of_type (inspector, ADW_TYPE_PREFERENCES_GROUP); group;
       group = gtk_widget_get_next_sibling (group))
    if (ADW_IS_PREFERENCES_GROUP (group) &&
        g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)),
                   "Bindings") == 0)
      return group;
  g_error ("the inspector shows no bindings");
}

typedef struct
{
  GtkDropDown *dropdown;
  const char  *label;
  guint        position;
} Option;

static gboolean
has_option (gpointer data)
{
  Option *option = data;
  GListModel *model = gtk_drop_down_get_model (option->dropdown);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), option->label) == 0)
        {
          option->position = i;
          return TRUE;
        }
    }
  return FALSE;
}

void
lf_test_choose_option (GtkDropDown *dropdown,
                       const char  *label)
{
  Option option = { dropdown, label, 0 };

  lf_test_wait_for (has_option, &option, label);
  gtk_drop_down_set_selected (option.dropdown, option.position);
}

char *
lf_test_text_view_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef struct
{
  GtkWidget  *view;
  const char *needle;
} TextWait;

static gboolean
text_view_contains (gpointer data)
{
  TextWait *wait = data;
  g_autofree char *text = lf_test_text_view_text (wait->view);

  return strstr (text, wait->needle) != NULL;
}

void
lf_test_wait_for_text (GtkWidget  *view,
                       const char *needle)
{
  TextWait wait = { view, needle };

  lf_test_wait_for (text_view_contains, &wait, needle);
}

GtkWidget *
lf_test_control_input (LfWindow   *window,
                       const char *name)
{
  GtkWidget *widget = lf_form_view_get_control_widget (lf_window_get_form_view (window), name);

  if (widget == NULL)
    g_error ("the form shows no control named “%s”", name);
  return lf_widget_factory_get_input (widget);
}

LfControl *
lf_test_click_palette (LfEditor   *editor,
                       const char *kind_id)
{
  GtkWidget *palette = lf_test_find_of_type (GTK_WIDGET (editor), LF_TYPE_PALETTE);
  GtkWidget *button = lf_palette_get_button (LF_PALETTE (palette), kind_id);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  lf_test_settle ();
  return lf_editor_get_selected_control (editor);
}

void
lf_test_click_canvas (LfEditor  *editor,
                      LfControl *control)
{
  GtkWidget *canvas = lf_test_find_of_type (GTK_WIDGET (editor), LF_TYPE_CANVAS);
  GtkWidget *row = lf_canvas_get_row (LF_CANVAS (canvas), control);

  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "clicked");
  lf_test_settle ();
  g_assert_true (lf_editor_get_selected_control (editor) == control);
}

char *
lf_test_make_home (const char *name)
{
  g_autofree char *template = g_strdup_printf ("%s-home-XXXXXX", name);
  char *home = g_dir_make_tmp (template, NULL);
  const char *variables[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME" };

  g_assert_nonnull (home);
  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      g_autofree char *dir = g_build_filename (home, variables[i], NULL);

      g_setenv (variables[i], dir, TRUE);
    }
  return home;
}

LfApplication *
lf_test_init_app (int    *argc,
                  char ***argv)
{
  LfApplication *app;

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  app = lf_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  return app;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_file_test (path, G_FILE_TEST_IS_SYMLINK) ? NULL
                                                                    : g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_remove (path);
}

static void
on_sandbox_stopped (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *stopped = user_data;

  g_assert_true (lf_sandbox_process_stop_finish (LF_SANDBOX_PROCESS (object), result, NULL));
  *stopped = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* The app itself never waits for its sandbox; a test does, so nothing outlives it. */
void
lf_test_finish_app (LfApplication *app,
                    char          *home)
{
  gboolean stopped = FALSE;

  lf_sandbox_process_stop_async (lf_application_get_sandbox (app), NULL, on_sandbox_stopped,
                                 &stopped);
  lf_test_wait_for (is_true, &stopped, "the sandbox to stop");
  g_object_unref (app);
  remove_tree (home);
  g_free (home);
}

static void
keep_save_result (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

gboolean
lf_test_save_window (LfWindow  *window,
                     GFile     *file,
                     GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_window_save_async (window, file, NULL, keep_save_result, &result);
  lf_test_wait_for (has_result, &result, "the form to be saved");
  return lf_window_save_finish (window, result, error);
}

gboolean
lf_test_form_is_ready (gpointer window)
{
  const char *page = lf_window_get_page (window);

  return g_strcmp0 (page, "form") == 0 || g_strcmp0 (page, "error") == 0;
}
