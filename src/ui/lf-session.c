/* lf-session.c: what the app's windows share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "lf-form-error.h"
#include "lf-form.h"
#include "lf-session.h"
#include "lf-static-credentials-provider.h"

/* Unsaved work is copied aside this long after the edit that made it. */
#define AUTOSAVE_DELAY_MS 2000

/* One watched document's copy of unsaved work. Shared with the write under way, which may
 * end after the document is no longer watched. */
typedef struct
{
  LfSession    *session;   /* not a reference: the session outlives its watches */
  LfDocument   *document;
  LfAutosave   *slot;
  GCancellable *cancellable;
  guint         source;
  gboolean      running;
  gboolean      again;
  gboolean      failed_said;
} Watch;

struct _LfSession
{
  GObject           parent_instance;

  LfSandboxProcess *sandbox;
  LfAccountStore   *accounts;
  GFileMonitor     *accounts_monitor;
  struct stat       accounts_seen;      /* the file as last read; st_ino 0 when absent */
  GHashTable       *watches;            /* LfDocument -> Watch */
  LfHistory        *history;            /* opened on first use */
  gboolean          history_failed;     /* said once; runs go unrecorded */
};

G_DEFINE_FINAL_TYPE (LfSession, lf_session, G_TYPE_OBJECT)

enum {
  RECENT_CHANGED,
  ACCOUNTS_CHANGED,
  AUTOSAVE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
watch_clear (gpointer data)
{
  Watch *watch = data;

  g_clear_object (&watch->document);
  g_clear_object (&watch->slot);
  g_clear_object (&watch->cancellable);
}

static void
watch_unref (gpointer data)
{
  g_rc_box_release_full (data, watch_clear);
}

static void
lf_session_dispose (GObject *object)
{
  LfSession *self = (LfSession *) object;

  g_clear_pointer (&self->watches, g_hash_table_unref);
  if (self->accounts_monitor != NULL)
    g_file_monitor_cancel (self->accounts_monitor);
  g_clear_object (&self->accounts_monitor);
  g_clear_object (&self->accounts);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->history);
  g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);

  G_OBJECT_CLASS (lf_session_parent_class)->dispose (object);
}

static void
lf_session_class_init (LfSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_session_dispose;

  signals[RECENT_CHANGED] =
    g_signal_new ("recent-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[ACCOUNTS_CHANGED] =
    g_signal_new ("accounts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  signals[AUTOSAVE_FAILED] =
    g_signal_new ("autosave-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, LF_TYPE_DOCUMENT, G_TYPE_STRING);
}

static void
on_recent_changed (LfSession *self)
{
  g_signal_emit (self, signals[RECENT_CHANGED], 0);
}

static void
lf_session_init (LfSession *self)
{
  self->watches = g_hash_table_new_full (NULL, NULL, NULL, watch_unref);
  g_signal_connect_swapped (gtk_recent_manager_get_default (), "changed",
                            G_CALLBACK (on_recent_changed), self);
}

LfSession *
lf_session_new (void)
{
  return g_object_new (LF_TYPE_SESSION, NULL);
}

/* The sandbox *************************************************************************/

LfSandboxProcess *
lf_session_get_sandbox (LfSession *self)
{
  g_autofree char *samples = NULL;
  g_autofree char *source_samples = NULL;
  g_autofree char *mine = NULL;

  g_return_val_if_fail (LF_IS_SESSION (self), NULL);

  if (self->sandbox != NULL)
    return self->sandbox;

  samples = g_build_filename (PKGDATADIR, "sandbox", "functions", NULL);
  source_samples = g_build_filename (SOURCE_DATADIR, "sandbox", "functions", NULL);
  mine = g_build_filename (g_get_user_data_dir (), "lambda-forms", "functions", NULL);
  self->sandbox = lf_sandbox_process_new ();
  lf_sandbox_process_add_functions (self->sandbox, g_file_test (samples, G_FILE_TEST_IS_DIR)
                                                     ? samples : source_samples);
  /* The user's own functions sit beside the samples. */
  g_mkdir_with_parents (mine, 0700);
  lf_sandbox_process_add_functions (self->sandbox, mine);
  return self->sandbox;
}

void
lf_session_stop_sandbox (LfSession *self)
{
  g_return_if_fail (LF_IS_SESSION (self));

  if (self->sandbox != NULL)
    lf_sandbox_process_stop (self->sandbox);
}

/* Accounts ****************************************************************************/

static gboolean
same_file_state (const struct stat *a,
                 const struct stat *b)
{
  return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Reads the store again when its file is not the one last read; TRUE when it was. */
static gboolean
refresh_accounts (LfSession *self)
{
  g_autoptr(GError) error = NULL;
  struct stat now = { 0 };

  if (g_stat (lf_account_store_get_path (self->accounts), &now) != 0)
    memset (&now, 0, sizeof now);
  if (same_file_state (&now, &self->accounts_seen))
    return FALSE;
  self->accounts_seen = now;
  if (!lf_account_store_load (self->accounts, &error))
    g_warning ("Could not read the accounts: %s", error->message);
  return TRUE;
}

static void
on_accounts_file_changed (LfSession         *self,
                          GFile             *file,
                          GFile             *other,
                          GFileMonitorEvent  event)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_CHANGED)
    return;   /* the write is still under way; CHANGES_DONE_HINT or a rename follows */
  if (refresh_accounts (self))
    g_signal_emit (self, signals[ACCOUNTS_CHANGED], 0);
}

LfAccountStore *
lf_session_get_accounts (LfSession *self)
{
  g_return_val_if_fail (LF_IS_SESSION (self), NULL);

  if (self->accounts == NULL)
    {
      g_autoptr(GFile) file = NULL;

      self->accounts = lf_account_store_new (NULL);
      file = g_file_new_for_path (lf_account_store_get_path (self->accounts));
      /* Renames over the file (atomic saves) come as moves into its folder. */
      self->accounts_monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL,
                                                    NULL);
      if (self->accounts_monitor != NULL)
        g_signal_connect_swapped (self->accounts_monitor, "changed",
                                  G_CALLBACK (on_accounts_file_changed), self);
      self->accounts_seen.st_ino = (ino_t) -1;   /* nothing read yet */
    }
  /* A monitor reports late: a check of the file makes a change made just now count. */
  refresh_accounts (self);
  return self->accounts;
}

gboolean
lf_session_is_sandbox_account (LfSession  *self,
                               const char *account)
{
  LfAccount *found;

  g_return_val_if_fail (LF_IS_SESSION (self), FALSE);

  if (account == NULL || g_strcmp0 (account, "sandbox") == 0)
    return TRUE;
  found = lf_account_store_lookup (lf_session_get_accounts (self), account);
  return found != NULL && lf_account_get_auth_type (found) == LF_AUTH_SANDBOX;
}

static LfLambdaClient *
create_sandbox_client (LfSession  *self,
                       GError    **error)
{
  LfLambdaClient *client;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;

  if (self->sandbox == NULL || !lf_sandbox_process_is_running (self->sandbox))
    {
      g_set_error_literal (error, LF_FORM_ERROR, LF_FORM_ERROR_ACCOUNT,
                           _("The local sandbox is not running"));
      return NULL;
    }
  credentials = lf_sandbox_process_get_credentials (self->sandbox);
  provider = lf_static_credentials_provider_new (credentials);
  /* The sandbox serves one region whatever the form asks for. */
  client = lf_lambda_client_new (provider, lf_sandbox_process_get_region (self->sandbox),
                                 lf_sandbox_process_get_url (self->sandbox), error);
  if (client != NULL)
    lf_lambda_client_set_account_name (client, "sandbox");
  return client;
}

LfLambdaClient *
lf_session_create_client (LfSession   *self,
                          const char  *account,
                          const char  *region,
                          GError     **error)
{
  LfAccountStore *store;
  g_autoptr(LfAccount) chosen = NULL;
  LfAccount *found;

  g_return_val_if_fail (LF_IS_SESSION (self), NULL);

  if (lf_session_is_sandbox_account (self, account))
    return create_sandbox_client (self, error);
  store = lf_session_get_accounts (self);
  found = lf_account_store_lookup (store, account);
  if (found == NULL)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_ACCOUNT,
                   _("This form uses the account “%s”, which is not set up on this computer"),
                   account);
      return NULL;
    }
  /* A copy for this client alone: the region chosen here is never saved. */
  chosen = lf_account_copy (found);
  if (region != NULL)
    lf_account_set_region (chosen, region);
  return lf_account_create_client (chosen, store, error);
}

typedef struct
{
  LfSession *session;
  char      *account;   /* instead of the form's, or NULL */
  char      *region;
} FactoryData;

static void
factory_data_free (gpointer data)
{
  FactoryData *factory = data;

  g_clear_object (&factory->session);
  g_free (factory->account);
  g_free (factory->region);
  g_free (factory);
}

static LfLambdaClient *
create_for_runtime (const char  *account,
                    const char  *region,
                    gpointer     user_data,
                    GError     **error)
{
  FactoryData *factory = user_data;

  return lf_session_create_client (factory->session,
                                   factory->account ? factory->account : account,
                                   factory->region ? factory->region : region, error);
}

void
lf_session_get_client_factory (LfSession           *self,
                               const char          *account,
                               const char          *region,
                               LfClientFactoryFunc *func,
                               gpointer            *data,
                               GDestroyNotify      *destroy)
{
  FactoryData *factory;

  g_return_if_fail (LF_IS_SESSION (self));

  factory = g_new0 (FactoryData, 1);
  factory->session = g_object_ref (self);
  factory->account = g_strdup (account);
  factory->region = g_strdup (region);
  *func = create_for_runtime;
  *data = factory;
  *destroy = factory_data_free;
}

/* Recent forms ************************************************************************/

void
lf_session_add_recent (LfSession *self,
                       GFile     *file)
{
  g_autofree char *uri = NULL;
  const char *app_name = g_get_application_name ();
  GtkRecentData data = {
    .mime_type = (char *) LF_FORM_MEDIA_TYPE,
    .app_name = (char *) (app_name ? app_name : "lambda-forms"),
    .app_exec = (char *) "lambda-forms %u",
  };

  g_return_if_fail (LF_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));

  uri = g_file_get_uri (file);
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static gboolean
is_recent_form (GtkRecentInfo *info)
{
  return gtk_recent_info_is_local (info) && gtk_recent_info_exists (info) &&
         (g_strcmp0 (gtk_recent_info_get_mime_type (info), LF_FORM_MEDIA_TYPE) == 0 ||
          g_str_has_suffix (gtk_recent_info_get_uri (info), LF_FORM_EXTENSION));
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *first = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *second = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (second, first);
}

GPtrArray *
lf_session_list_recent (LfSession *self,
                        guint      max)
{
  GList *items = NULL;
  GPtrArray *forms;

  g_return_val_if_fail (LF_IS_SESSION (self), NULL);

  items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  forms = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  for (GList *l = items; l != NULL; l = l->next)
    if (is_recent_form (l->data))
      g_ptr_array_add (forms, gtk_recent_info_ref (l->data));
  g_ptr_array_sort (forms, compare_recent);
  if (forms->len > max)
    g_ptr_array_set_size (forms, max);
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  return forms;
}

/* Copies of unsaved work **************************************************************/

static void schedule_autosave (Watch *watch);

static void
on_autosaved (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Watch *watch = user_data;
  g_autoptr(GError) error = NULL;

  lf_autosave_save_finish (LF_AUTOSAVE (object), result, &error);
  watch->running = FALSE;
  /* No longer watched: nothing to tell, nothing more to copy. */
  if (!g_cancellable_is_cancelled (watch->cancellable))
    {
      /* Said once: the person can still save by hand. */
      if (error != NULL && !watch->failed_said)
        {
          watch->failed_said = TRUE;
          g_signal_emit (watch->session, signals[AUTOSAVE_FAILED], 0, watch->document,
                         error->message);
        }
      if (watch->again)
        {
          watch->again = FALSE;
          schedule_autosave (watch);
        }
    }
  watch_unref (watch);
}

static gboolean
autosave_now (gpointer user_data)
{
  Watch *watch = user_data;
  g_autofree char *data = NULL;
  g_autofree char *uri = NULL;
  GFile *file = lf_document_get_file (watch->document);

  watch->source = 0;
  if (!lf_document_get_modified (watch->document))
    return G_SOURCE_REMOVE;
  /* One write at a time; the newest text follows when it is done. */
  if (watch->running)
    {
      watch->again = TRUE;
      return G_SOURCE_REMOVE;
    }
  if (watch->slot == NULL)
    watch->slot = lf_autosave_new (NULL);
  uri = file ? g_file_get_uri (file) : NULL;
  lf_autosave_set_file_uri (watch->slot, uri);
  data = lf_form_to_data (lf_document_get_form (watch->document), NULL);
  watch->running = TRUE;
  lf_autosave_save_async (watch->slot, data, lf_document_get_title (watch->document),
                          watch->cancellable, on_autosaved, g_rc_box_acquire (watch));
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (Watch *watch)
{
  if (watch->source == 0 && lf_document_get_modified (watch->document))
    watch->source = g_timeout_add_full (G_PRIORITY_DEFAULT, AUTOSAVE_DELAY_MS, autosave_now,
                                        g_rc_box_acquire (watch), watch_unref);
}

/* The copy goes once the work is saved or dropped on purpose. */
static void
discard_copy (Watch *watch)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&watch->source, g_source_remove);
  watch->again = FALSE;
  if (watch->slot != NULL && !lf_autosave_discard (watch->slot, &error))
    g_warning ("%s", error->message);
  g_clear_object (&watch->slot);
}

static void
on_document_changed (Watch *watch)
{
  if (lf_document_get_modified (watch->document))
    schedule_autosave (watch);
  else
    discard_copy (watch);
}

static void
on_revision_changed (Watch *watch)
{
  schedule_autosave (watch);
}

void
lf_session_watch_document (LfSession  *self,
                           LfDocument *document,
                           LfAutosave *slot)
{
  Watch *watch;

  g_return_if_fail (LF_IS_SESSION (self));
  g_return_if_fail (LF_IS_DOCUMENT (document));
  g_return_if_fail (!g_hash_table_contains (self->watches, document));

  watch = g_rc_box_new0 (Watch);
  watch->session = self;
  watch->document = g_object_ref (document);
  watch->slot = slot ? g_object_ref (slot) : NULL;
  watch->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->watches, document, watch);
  g_signal_connect_swapped (document, "notify::modified", G_CALLBACK (on_document_changed),
                            watch);
  /* Each edit restarts nothing: the first edit after a copy schedules the next one. */
  g_signal_connect_swapped (lf_document_get_form (document), "notify::revision",
                            G_CALLBACK (on_revision_changed), watch);
  schedule_autosave (watch);
}

void
lf_session_unwatch_document (LfSession  *self,
                             LfDocument *document,
                             gboolean    keep_copy)
{
  Watch *watch;

  g_return_if_fail (LF_IS_SESSION (self));
  g_return_if_fail (LF_IS_DOCUMENT (document));

  watch = g_hash_table_lookup (self->watches, document);
  if (watch == NULL)
    return;
  g_signal_handlers_disconnect_by_data (document, watch);
  g_signal_handlers_disconnect_by_data (lf_document_get_form (document), watch);
  g_cancellable_cancel (watch->cancellable);
  if (keep_copy)
    g_clear_handle_id (&watch->source, g_source_remove);
  else
    discard_copy (watch);
  g_hash_table_remove (self->watches, document);
}

GPtrArray *
lf_session_list_orphans (LfSession  *self,
                         GError    **error)
{
  g_return_val_if_fail (LF_IS_SESSION (self), NULL);
  return lf_autosave_list_orphans (NULL, error);
}

static void
on_pruned (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("%s", error->message);
}

static void
prune_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  guint *limits = task_data;
  GError *error = NULL;

  if (lf_history_prune (source_object, limits[0], (guint64) limits[1] * 1024 * 1024, &error) < 0)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The settings of the history: what it keeps, and (once, on a worker) how much. */
static void
apply_history_settings (LfSession *self)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GTask) task = g_task_new (self->history, NULL, on_pruned, NULL);
  guint *limits = g_new (guint, 2);

  lf_history_set_keep_bodies (self->history,
                              g_settings_get_boolean (settings, "history-keep-bodies"));
  limits[0] = g_settings_get_uint (settings, "history-max-days");
  limits[1] = g_settings_get_uint (settings, "history-max-megabytes");
  g_task_set_task_data (task, limits, g_free);
  g_task_run_in_thread (task, prune_in_thread);
}

LfHistory *
lf_session_get_history (LfSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (LF_IS_SESSION (self), NULL);

  if (self->history != NULL || self->history_failed)
    return self->history;
  path = lf_history_default_path ();
  self->history = lf_history_open (path, &error);
  if (self->history == NULL)
    {
      /* The form runs all the same; only its record is missing. */
      g_warning ("%s", error->message);
      self->history_failed = TRUE;
    }
  else
    apply_history_settings (self);
  if (self->history != NULL && lf_history_get_moved_aside (self->history) != NULL)
    g_message ("The run history was damaged; it was kept as %s and a new one started",
               lf_history_get_moved_aside (self->history));
  return self->history;
}
