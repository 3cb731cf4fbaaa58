/* test-window.c: the main window, driven through its actions under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-test-ui.h"

#include <adwaita.h>

#include "lf-application.h"
#include "lf-window.h"

static LfApplication *app;



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
  lf_test_wait_until_drawn (GTK_WIDGET (window));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "LambdaForms");
  g_assert_null (lf_window_get_file (window));

  /* The empty state leads to opening a form. */
  open_button = find_by_accessible_label (GTK_WIDGET (window), "_Open a Form…");
  g_assert_nonnull (open_button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open_button)), ==, "win.open");

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
