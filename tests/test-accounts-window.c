/* test-accounts-window.c: adding and removing an account through the accounts window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-test-ui.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "lf-account-store.h"
#include "lf-account-row.h"
#include "lf-accounts-window.h"
#include "lf-sandbox.h"

static char *config_dir;
static LfSandbox *sandbox;

/* The sandbox's own secret for this run: a real secret, kept in the keyring. */
#define TEST_KEY_ID "AKIDACCOUNTSWINDOW"
#define TEST_SECRET "accounts-window-secret-Xq7vP2"

static gboolean
has_label (GtkWidget     *widget,
           gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  return lf_test_find_widget (root, has_label, label);
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* NULL when there is no such row (lf_test_find_row fails instead). */
static GtkWidget *
find_row_or_null (GtkWidget  *root,
                  const char *title)
{
  return lf_test_find_widget (root, is_row_titled, title);
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

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
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
keep_result (GObject      *source,
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

static gboolean
is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* The secret as the keyring has it, read by a store of its own. */
static char *
keyring_secret (const char *account)
{
  g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  g_assert_true (lf_account_store_load (store, &error));
  lf_account_store_lookup_secret_async (store, account, LF_SECRET_ACCESS_KEY, NULL,
                                        keep_result, &result);
  lf_test_wait_for (has_result, &result, "the keyring to answer");
  secret = lf_account_store_lookup_secret_finish (store, result, &error);
  g_assert_no_error (error);
  return secret;
}

/* Fills the Add Account page as a person would and saves. */
static void
add_account (LfAccountsWindow *window,
             const char       *name,
             const char       *secret)
{
  GtkWidget *save_button;

  click (find_button (GTK_WIDGET (window), "_Add Account"));
  lf_test_wait_until_drawn (GTK_WIDGET (window));
  save_button = find_button (GTK_WIDGET (window), "_Save");
  g_assert_nonnull (save_button);
  g_assert_true (gtk_widget_get_visible (lf_test_find_row (GTK_WIDGET (window), "Access key ID")));

  /* A bad name is flagged while typing and blocks saving. */
  gtk_editable_set_text (GTK_EDITABLE (lf_test_find_row (GTK_WIDGET (window), "Name")), "1 bad");
  g_assert_true (gtk_widget_has_css_class (lf_test_find_row (GTK_WIDGET (window), "Name"), "error"));
  g_assert_false (gtk_widget_get_sensitive (save_button));
  /* So is an endpoint that is not a URL. */
  gtk_editable_set_text (GTK_EDITABLE (lf_test_find_row (GTK_WIDGET (window),
                                                         "Endpoint URL (optional)")), "ftp://x");
  g_assert_true (gtk_widget_has_css_class (lf_test_find_row (GTK_WIDGET (window),
                                                             "Endpoint URL (optional)"), "error"));

  gtk_editable_set_text (GTK_EDITABLE (lf_test_find_row (GTK_WIDGET (window), "Name")), name);
  gtk_editable_set_text (GTK_EDITABLE (lf_test_find_row (GTK_WIDGET (window),
                                                         "Endpoint URL (optional)")),
                         lf_sandbox_get_url (sandbox));
  g_assert_false (gtk_widget_has_css_class (lf_test_find_row (GTK_WIDGET (window), "Name"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (lf_test_find_row (GTK_WIDGET (window), "Access key ID")),
                         TEST_KEY_ID);
  gtk_editable_set_text (GTK_EDITABLE (lf_test_find_row (GTK_WIDGET (window),
                                                         "Secret access key")), secret);
  g_assert_true (gtk_widget_get_sensitive (save_button));
  lf_test_settle ();
  lf_test_save_screenshot (GTK_WIDGET (window), "accounts-window-add.png");

  click (save_button);
  /* The secret goes to the keyring; then the page closes. */
  lf_test_wait_for (is_unmapped, save_button, "the Add Account page to close");
  lf_test_wait_until_drawn (GTK_WIDGET (window));
}

typedef struct
{
  LfAccountsWindow *window;
  const char       *name;
} RowWait;

static GtkWidget *
test_result_label (RowWait *wait)
{
  GtkWidget *row = find_row_or_null (GTK_WIDGET (wait->window), wait->name);

  g_assert_nonnull (row);
  return lf_account_row_get_result (LF_ACCOUNT_ROW (row));
}

static gboolean
test_is_done (gpointer data)
{
  return gtk_widget_get_visible (test_result_label (data));
}

/* Tests the connection from the account's row and returns what it says. */
static const char *
test_connection (LfAccountsWindow *window,
                 const char       *name,
                 gboolean         *success)
{
  RowWait wait = { window, name };
  GtkWidget *label;

  gtk_widget_activate_action (GTK_WIDGET (window), "accounts.test", "s", name);
  lf_test_wait_for (test_is_done, &wait, "the connection test");
  label = test_result_label (&wait);
  *success = gtk_widget_has_css_class (label, "success");
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
test_add_test_remove (void)
{
  LfAccountsWindow *window = lf_accounts_window_new (NULL);
  LfAccountStore *store = lf_accounts_window_get_store (window);
  AdwMessageDialog *dialog;
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *gone = NULL;
  const char *said;
  gboolean success = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  lf_test_wait_until_drawn (GTK_WIDGET (window));
  g_assert_nonnull (find_row_or_null (GTK_WIDGET (window), "No accounts yet"));
  /* A keyring answers: nothing suggests keeping secrets for this session only. */
  g_assert_false (lf_account_store_get_session_only (store));

  add_account (window, "work", TEST_SECRET);
  contents = read_store_file ();
  g_assert_nonnull (strstr (contents, "\"work\""));
  g_assert_null (strstr (contents, TEST_SECRET));
  kept = keyring_secret ("work");
  g_assert_cmpstr (kept, ==, TEST_SECRET);
  g_assert_nonnull (find_row_or_null (GTK_WIDGET (window), "work"));

  /* The secret read back from the keyring signs a request the sandbox accepts. */
  said = test_connection (window, "work", &success);
  g_assert_true (success);
  g_assert_cmpstr (said, ==, "Connected");
  lf_test_save_screenshot (GTK_WIDGET (window), "accounts-window-list.png");

  /* A wrong secret fails with the service's own words. */
  add_account (window, "wrong", "not-the-secret");
  said = test_connection (window, "wrong", &success);
  g_assert_false (success);
  g_assert_nonnull (strstr (said, "signature"));
  lf_test_save_screenshot (GTK_WIDGET (window), "accounts-window-test-failed.png");

  /* Removing asks first; the safe answer is the default. */
  gtk_widget_activate_action (GTK_WIDGET (window), "accounts.remove", "s", "work");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "remove"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  click (find_button (GTK_WIDGET (dialog), adw_message_dialog_get_response_label (dialog,
                                                                                  "remove")));
  lf_test_settle ();

  g_assert_null (lf_account_store_lookup (store, "work"));
  after = read_store_file ();
  g_assert_null (strstr (after, "\"work\""));
  g_assert_null (find_row_or_null (GTK_WIDGET (window), "work"));
  /* Its secret left the keyring with it. */
  gone = keyring_secret ("work");
  g_assert_null (gone);

  gtk_window_destroy (GTK_WINDOW (window));
  lf_test_settle ();
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

  /* The service the accounts are tested against, on this machine, with its own keys. */
  {
    g_autoptr(GError) error = NULL;

    sandbox = lf_sandbox_new ();
    lf_sandbox_set_credentials (sandbox, TEST_KEY_ID, TEST_SECRET, NULL);
    lf_sandbox_start (sandbox, 0, &error);
    g_assert_no_error (error);
  }

  g_test_add_func ("/accounts-window/add-test-remove", test_add_test_remove);

  status = g_test_run ();
  g_clear_object (&sandbox);

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
