/* lf-application.c: the single-instance application and its app-wide actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-app"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-account-store.h"
#include "lf-accounts-window.h"
#include "lf-history-window.h"
#include "lf-application.h"
#include "lf-window.h"

struct _LfApplication
{
  AdwApplication parent_instance;

  /* --run FILE: open only the form, ready to use. */
  gboolean run_only;
  /* Work a crash left behind is offered once, in the first window. */
  gboolean recovery_offered;
  gboolean first_start;

  LfSession *session;
};

G_DEFINE_FINAL_TYPE (LfApplication, lf_application, ADW_TYPE_APPLICATION)

static LfWindow *
lf_application_new_window (LfApplication *self)
{
  LfWindow *window = lf_window_new (self);

  if (!self->recovery_offered && !self->run_only)
    {
      self->recovery_offered = TRUE;
      lf_window_offer_recovery (window);
    }
  return window;
}

static void
lf_application_activate (GApplication *app)
{
  LfApplication *self = LF_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (lf_application_new_window (self));
      /* A newcomer sees a form that works at once, on this computer's sample functions. */
      if (self->first_start)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.open-example", NULL);
    }

  gtk_window_present (window);
}

/* The first start sets up the local sandbox as the default account, so that forms run
 * with no AWS account at all. */
static void
set_up_first_start (LfApplication *self)
{
  LfAccountStore *store = lf_session_get_accounts (self->session);
  g_autoptr(LfAccount) sandbox = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_test (lf_account_store_get_path (store), G_FILE_TEST_EXISTS))
    return;
  self->first_start = TRUE;
  sandbox = lf_account_new ("sandbox", LF_AUTH_SANDBOX);
  lf_account_set_region (sandbox, "us-east-1");
  lf_account_set_is_default (sandbox, TRUE);
  if (!lf_account_store_add (store, sandbox, &error) || !lf_account_store_save (store, &error))
    g_warning ("Could not set up the local sandbox account: %s", error->message);
}

static void
lf_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  LfApplication *self = LF_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      LfWindow *window = lf_application_new_window (self);

      lf_window_open_file (window, files[i], self->run_only);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static int
lf_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  LfApplication *self = LF_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("lambda-forms %s\n", PACKAGE_VERSION);
      return 0;
    }

  self->run_only = g_variant_dict_contains (options, "run");

  return G_APPLICATION_CLASS (lf_application_parent_class)->handle_local_options (app, options);
}

static void
on_quit (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Each window asks before dropping unsaved work; close them one by one. */
  for (GList *l = g_list_copy (windows); l; l = g_list_delete_link (l, l))
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
on_about (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  const char *developers[] = { "The LambdaForms developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("LambdaForms"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The LambdaForms developers"),
                         "developers", developers,
                         "comments", _("Build small forms that run AWS Lambda functions"),
                         "website", "https://example.org/lambda-forms",
                         "issue-url", "https://example.org/lambda-forms/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The LambdaForms developers",
                         NULL);
}

static void
on_new_window (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (lf_application_new_window (LF_APPLICATION (user_data))));
}

static void
on_accounts (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (lf_accounts_window_new (parent)));
}

static void
on_history (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  LfApplication *self = LF_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  LfHistoryWindow *window = lf_history_window_new (parent, self->session);

  if (window != NULL)
    gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", on_quit },
  { "about", on_about },
  { "new-window", on_new_window },
  { "accounts", on_accounts },
  { "history", on_history },
};

static void
lf_application_startup (GApplication *app)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.new-window", { "<Control><Shift>n", NULL } },
    { "app.history", { "<Control>h", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.new-form('blank')", { "<Control>n", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.show-help-overlay", { "<Control>question", "F1", NULL } },
  };

  G_APPLICATION_CLASS (lf_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  set_up_first_start (LF_APPLICATION (app));
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

LfSession *
lf_application_get_session (LfApplication *self)
{
  g_return_val_if_fail (LF_IS_APPLICATION (self), NULL);
  return self->session;
}

LfSandboxProcess *
lf_application_get_sandbox (LfApplication *self)
{
  g_return_val_if_fail (LF_IS_APPLICATION (self), NULL);
  return lf_session_get_sandbox (self->session);
}

static void
lf_application_shutdown (GApplication *app)
{
  LfApplication *self = LF_APPLICATION (app);

  /* Windows still open (a quit from outside) go first: their requests are cancelled and
   * their connections to the sandbox closed before it is told to stop. */
  for (GList *l = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app))); l;
       l = g_list_delete_link (l, l))
    gtk_window_destroy (GTK_WINDOW (l->data));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The sandbox and the functions it runs end with the app; the app does not wait. */
  lf_session_stop_sandbox (self->session);

  G_APPLICATION_CLASS (lf_application_parent_class)->shutdown (app);
}

static void
lf_application_finalize (GObject *object)
{
  LfApplication *self = (LfApplication *) object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (lf_application_parent_class)->finalize (object);
}

static void
lf_application_class_init (LfApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lf_application_finalize;

  app_class->shutdown = lf_application_shutdown;
  app_class->activate = lf_application_activate;
  app_class->open = lf_application_open;
  app_class->startup = lf_application_startup;
  app_class->handle_local_options = lf_application_handle_local_options;
}

static void
lf_application_init (LfApplication *self)
{
  static const GOptionEntry options[] = {
    { "run", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the given forms ready to use, without the editor"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    G_OPTION_ENTRY_NULL
  };

  self->session = lf_session_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
}

LfApplication *
lf_application_new (void)
{
  return g_object_new (LF_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/example/LambdaForms",
                       NULL);
}
