/* test-window.c: the main window, driven through its actions under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "lf-application.h"
#include "lf-window.h"

static LfApplication *app;

/* Renders @widget as the user sees it and saves it beside the test's build folder, for a
 * person to look at. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "artifacts", NULL);
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* The paintable is empty while a relayout is pending on a loaded machine: wait for a
   * frame that has something in it. */
  for (gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;;)
    {
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      snapshot = gtk_snapshot_new ();
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

static void
wait_until_drawn (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  /* A few more frames so that the first layout settles. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_by_accessible_label (GtkWidget  *root,
                          const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      found = find_by_accessible_label (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_empty_window (void)
{
  LfWindow *window = lf_window_new (app);
  GtkWidget *open_button;

  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (GTK_WIDGET (window));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "LambdaForms");
  g_assert_null (lf_window_get_file (window));

  /* The empty state leads to opening a form. */
  open_button = find_by_accessible_label (GTK_WIDGET (window), "_Open a Form…");
  g_assert_nonnull (open_button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open_button)), ==, "win.open");

  save_screenshot (GTK_WIDGET (window), "window-empty.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_file_sets_title (void)
{
  LfWindow *window = lf_window_new (app);
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/some folder/greeter.lambdaform");

  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (GTK_WIDGET (window));

  lf_window_open_file (window, file, FALSE);
  g_assert_true (g_file_equal (lf_window_get_file (window), file));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "greeter.lambdaform");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = lf_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/window/empty", test_empty_window);
  g_test_add_func ("/window/open-file-sets-title", test_open_file_sets_title);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
