/* lf-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-test-ui.h"

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
