/* test-accounts-window.c: adding and removing an account through the accounts window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-test-ui.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "lf-accounts-window.h"

static char *config_dir;



static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_PREFERENCES_ROW (child)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      found = find_row (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What a click does, at once (activating a button waits for its pressed look to show). */
static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static char *
read_store_file (void)
{
  g_autofree char *path = g_build_filename (config_dir, "lambda-forms", "accounts.json", NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
test_add_and_remove (void)
{
  LfAccountsWindow *window = lf_accounts_window_new (NULL);
  LfAccountStore *store = lf_accounts_window_get_store (window);
  GtkWidget *name_row;
  GtkWidget *key_id_row;
  GtkWidget *secret_row;
  GtkWidget *save_button;
  AdwMessageDialog *dialog;
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  gint64 deadline;

  lf_account_store_set_session_only (store, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  lf_test_wait_until_drawn (GTK_WIDGET (window));
  g_assert_nonnull (find_row (GTK_WIDGET (window), "No accounts yet"));

  /* The subpage, filled in as a person would. */
  click (find_button (GTK_WIDGET (window), "_Add Account"));
  lf_test_wait_until_drawn (GTK_WIDGET (window));
  name_row = find_row (GTK_WIDGET (window), "Name");
  key_id_row = find_row (GTK_WIDGET (window), "Access key ID");
  secret_row = find_row (GTK_WIDGET (window), "Secret access key");
  save_button = find_button (GTK_WIDGET (window), "_Save");
  g_assert_nonnull (name_row);
  g_assert_nonnull (key_id_row);
  g_assert_nonnull (secret_row);
  g_assert_nonnull (save_button);
  g_assert_true (gtk_widget_get_visible (key_id_row));

  /* A bad name is flagged while typing and blocks saving. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "1 bad name");
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_false (gtk_widget_get_sensitive (save_button));

  gtk_editable_set_text (GTK_EDITABLE (name_row), "work");
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (key_id_row), "AKIDEXAMPLE");
  gtk_editable_set_text (GTK_EDITABLE (secret_row), "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  g_assert_true (gtk_widget_get_sensitive (save_button));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  lf_test_save_screenshot (GTK_WIDGET (window), "accounts-window-add.png");

  click (save_button);
  contents = read_store_file ();
  g_assert_nonnull (strstr (contents, "\"work\""));
  g_assert_null (strstr (contents, "wJalrXUtnFEMI"));
  g_assert_nonnull (lf_account_store_lookup (store, "work"));

  /* The secret goes to the session store; then the subpage closes. */
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (gtk_widget_get_mapped (save_button))
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  lf_test_wait_until_drawn (GTK_WIDGET (window));
  g_assert_nonnull (find_row (GTK_WIDGET (window), "work"));
  lf_test_save_screenshot (GTK_WIDGET (window), "accounts-window-list.png");

  /* Removing asks first; the safe answer is the default. */
  gtk_widget_activate_action (GTK_WIDGET (window), "accounts.remove", "s", "work");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "remove"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  /* The dialog closes itself once answered. */
  adw_message_dialog_response (dialog, "remove");

  g_assert_null (lf_account_store_lookup (store, "work"));
  after = read_store_file ();
  g_assert_null (strstr (after, "\"work\""));
  g_assert_null (find_row (GTK_WIDGET (window), "work"));

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before anything reads it: the store's file goes to a temporary folder. */
  config_dir = g_dir_make_tmp ("lf-accounts-window-XXXXXX", NULL);
  g_assert_nonnull (config_dir);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/accounts-window/add-and-remove", test_add_and_remove);

  status = g_test_run ();

  {
    g_autofree char *file = g_build_filename (config_dir, "lambda-forms", "accounts.json", NULL);
    g_autofree char *folder = g_build_filename (config_dir, "lambda-forms", NULL);

    g_remove (file);
    g_rmdir (folder);
    g_rmdir (config_dir);
  }
  g_free (config_dir);
  return status;
}
