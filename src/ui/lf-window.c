/* lf-window.c: the main window, and the document it holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-account-store.h"
#include "lf-autosave.h"
#include "lf-editor.h"
#include "lf-endpoint.h"
#include "lf-form-view.h"
#include "lf-static-credentials-provider.h"
#include "lf-window.h"

#define FORM_MIME_TYPE "application/x-lambdaform+json"
#define N_RECENT_SHOWN 6
/* Unsaved work is copied aside this long after the edit that made it. */
#define AUTOSAVE_DELAY_MS 2000

/* What to do once the person has answered about unsaved changes. */
typedef enum
{
  PENDING_NONE,
  PENDING_CLOSE,
  PENDING_OPEN,
  PENDING_NEW,
} PendingKind;

typedef enum
{
  CHOOSER_OPEN,
  CHOOSER_SAVE,
} ChooserPurpose;

struct _LfWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwHeaderBar *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwWindowTitle *document_title;
  guint title_idle;
  AdwViewSwitcherBar *switcher_bar;
  AdwViewStack *view_stack;
  GtkStack *run_stack;
  GtkSpinner *starting_spinner;
  AdwStatusPage *error_page;
  LfFormView *form_view;       /* made when a form first runs */
  GtkStack *edit_stack;
  LfEditor *editor;             /* made on first use: a window that only runs starts sooner */
  GtkWidget *open_button;
  GtkWidget *new_button;
  GtkWidget *save_button;
  GtkWidget *primary_menu_button;
  GtkWidget *undo_box;
  GtkWidget *undo_button;
  GtkWidget *redo_button;
  GtkMenuButton *account_button;
  GtkPopover *account_popover;
  GtkListBox *account_list;
  GtkDropDown *region_dropdown;
  GtkRevealer *recovery_revealer;
  GtkLabel *recovery_label;
  GtkWidget *recent_group;
  GtkListBox *recent_list;

  GSettings *settings;   /* NULL when the schema is not installed (an uninstalled run) */

  GFile *file;
  LfForm *form;
  LfFormRuntime *runtime;
  GCancellable *cancellable;   /* lives as long as the window: closing cancels its work */
  GtkNativeDialog *chooser;
  ChooserPurpose chooser_purpose;
  guint open_generation;       /* a newer open supersedes a sandbox start still under way */
  gboolean run_only;
  /* The runtime does not follow edits: one made after them is needed to run the edited form. */
  gboolean runtime_stale;

  /* The document */
  gboolean dirty;              /* changed since opened or saved */
  gboolean recovered;          /* came back from a crash: unsaved, with nothing to undo */
  gboolean close_confirmed;
  PendingKind pending;
  GFile *pending_file;
  gboolean pending_run_only;
  char *pending_template;
  GtkWidget *question;         /* the dialog asking about unsaved changes */

  /* Copies of unsaved work */
  LfAutosave *autosave;
  guint autosave_source;
  gboolean autosave_running;
  gboolean autosave_again;
  gboolean autosave_failed_shown;
  GPtrArray *orphans;          /* work offered back, until recovered or discarded */

  /* Another account or region than the form's own, for this window only */
  char *override_account;
  char *override_region;
  gboolean updating_account_ui;
  JsonNode *carried_values;    /* what the person entered, kept across a restart of the runtime */
};

enum {
  PROP_0,
  PROP_FILE,
  PROP_UNSAVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfWindow, lf_window, ADW_TYPE_APPLICATION_WINDOW)

static void begin_running (LfWindow *self);

void
lf_window_add_toast (LfWindow   *self,
                     const char *message)
{
  g_return_if_fail (LF_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

GFile *
lf_window_get_file (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return self->file;
}

/* Changes that were not saved: after edits that can still be undone, or recovered work. */
gboolean
lf_window_get_unsaved (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), FALSE);

  return self->form != NULL &&
         (self->recovered || (self->dirty && lf_form_can_undo (self->form)));
}

static const char *
form_title (LfWindow *self)
{
  const char *title = self->form ? lf_form_get_title (self->form) : NULL;

  return title != NULL && *title != '\0' ? title : _("Untitled Form");
}

static void
update_title (LfWindow *self)
{
  g_autofree char *name = self->file ? g_file_get_basename (self->file) : NULL;
  g_autofree char *parent = NULL;
  g_autofree char *marked = NULL;
  const char *title = _("LambdaForms");
  gboolean unsaved = lf_window_get_unsaved (self);

  if (self->file != NULL)
    {
      g_autoptr(GFile) dir = g_file_get_parent (self->file);

      if (dir != NULL)
        parent = g_file_get_parse_name (dir);
    }
  if (self->form != NULL)
    title = form_title (self);
  else if (name != NULL)
    title = name;

  /* The dot is the usual GNOME mark of unsaved changes. */
  marked = unsaved ? g_strdup_printf ("• %s", title) : g_strdup (title);
  adw_view_switcher_title_set_title (self->switcher_title, marked);
  adw_view_switcher_title_set_subtitle (self->switcher_title,
                                        parent ? parent
                                               : self->form ? _("Not saved yet") : "");
  adw_window_title_set_title (self->document_title, self->form || self->file ? marked : "");
  adw_window_title_set_subtitle (self->document_title,
                                 adw_view_switcher_title_get_subtitle (self->switcher_title));
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save",
                                 unsaved || (self->form != NULL && self->file == NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", self->form != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSAVED]);
}

/* Accounts *****************************************************************************/

/* Accounts come from the store on disk, read when a form opens so that accounts added in
 * the meantime are seen. The sandbox account, or a form naming none, runs on the app's own
 * local sandbox. */
static LfAccount *
find_account (LfAccountStore **store_out,
              const char      *account)
{
  g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);
  LfAccount *found;

  if (account == NULL || !lf_account_store_load (store, NULL))
    return NULL;
  found = lf_account_store_lookup (store, account);
  if (found != NULL && store_out != NULL)
    *store_out = g_steal_pointer (&store);
  return found;
}

static LfLambdaClient *
lookup_account_client (const char  *account,
                       const char  *region,
                       GError     **error)
{
  g_autoptr(LfAccountStore) store = NULL;
  LfAccount *found = find_account (&store, account);

  if (found == NULL)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_ACCOUNT,
                   _("This form uses the account “%s”, which is not set up on this computer"),
                   account);
      return NULL;
    }
  /* A copy read for this client alone: the region chosen here is never saved. */
  if (region != NULL)
    lf_account_set_region (found, region);
  return lf_account_create_client (found, store, error);
}

static gboolean
is_sandbox_account (const char *account)
{
  g_autoptr(LfAccountStore) store = NULL;
  LfAccount *found;

  if (account == NULL || g_strcmp0 (account, "sandbox") == 0)
    return TRUE;
  found = find_account (&store, account);
  return found != NULL && lf_account_get_auth_type (found) == LF_AUTH_SANDBOX;
}

/* Whether running the form may need the local sandbox, so it must be started first. */
static gboolean
form_needs_sandbox (LfWindow *self)
{
  if (self->override_account != NULL)
    return is_sandbox_account (self->override_account);
  if (is_sandbox_account (lf_form_get_setting (self->form, "account")))
    return TRUE;
  for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
    {
      const char *account = lf_action_get_account (lf_form_get_action (self->form, i));

      if (account != NULL && is_sandbox_account (account))
        return TRUE;
    }
  return FALSE;
}

/* What a runtime's clients are made from. It is the factory's data, owned by the runtime,
 * never the window: a request still under way when the window closes keeps it alive. */
typedef struct
{
  LfSandboxProcess *sandbox;
  char             *account;   /* instead of the form's, or NULL */
  char             *region;
} ClientContext;

static void
client_context_free (gpointer data)
{
  ClientContext *context = data;

  g_clear_object (&context->sandbox);
  g_free (context->account);
  g_free (context->region);
  g_free (context);
}

static ClientContext *
client_context_new (LfWindow *self)
{
  LfApplication *app = LF_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  ClientContext *context = g_new0 (ClientContext, 1);
  LfSandboxProcess *sandbox = app ? lf_application_get_sandbox (app) : NULL;

  context->sandbox = sandbox ? g_object_ref (sandbox) : NULL;
  context->account = g_strdup (self->override_account);
  context->region = g_strdup (self->override_region);
  return context;
}

static LfLambdaClient *
client_factory (const char  *account,
                const char  *region,
                gpointer     user_data,
                GError     **error)
{
  ClientContext *context = user_data;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(GError) local_error = NULL;

  if (context->account != NULL)
    account = context->account;
  if (context->region != NULL)
    region = context->region;

  if (!is_sandbox_account (account))
    {
      LfLambdaClient *client = lookup_account_client (account, region, &local_error);

      if (client != NULL || local_error != NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return client;
        }
    }

  if (context->sandbox == NULL || !lf_sandbox_process_is_running (context->sandbox))
    {
      g_set_error_literal (error, LF_FORM_ERROR, LF_FORM_ERROR_ACCOUNT,
                           _("The local sandbox is not running"));
      return NULL;
    }
  credentials = lf_sandbox_process_get_credentials (context->sandbox);
  provider = lf_static_credentials_provider_new (credentials);
  /* The sandbox serves one region whatever the form asks for. */
  return lf_lambda_client_new (provider, lf_sandbox_process_get_region (context->sandbox),
                               lf_sandbox_process_get_url (context->sandbox), error);
}

static void on_busy_changed (LfWindow *self);

static LfFormView *
ensure_form_view (LfWindow *self)
{
  if (self->form_view == NULL)
    {
      self->form_view = g_object_new (LF_TYPE_FORM_VIEW, NULL);
      gtk_stack_add_named (self->run_stack, GTK_WIDGET (self->form_view), "form");
      g_signal_connect_swapped (self->form_view, "notify::busy", G_CALLBACK (on_busy_changed),
                                self);
    }
  return self->form_view;
}

/* The header's account button: which account and region the form runs with. */
static void
update_account_button (LfWindow *self)
{
  const char *account = self->override_account;
  const char *region = self->override_region;
  g_autofree char *label = NULL;
  const char *shown;

  gtk_widget_set_visible (GTK_WIDGET (self->account_button),
                          self->form != NULL && !self->run_only);
  if (self->form == NULL)
    return;
  if (account == NULL)
    account = lf_form_get_setting (self->form, "account");
  if (region == NULL)
    region = lf_form_get_setting (self->form, "region");

  shown = account == NULL || g_str_equal (account, "sandbox") ? _("Local Sandbox") : account;
  /* The sandbox has one region: naming another would mislead. */
  if (region != NULL && !is_sandbox_account (account))
    label = g_strdup_printf ("%s · %s", shown, region);
  else
    label = g_strdup (shown);
  gtk_menu_button_set_label (self->account_button, label);
}

/* Runs the form again with what the person entered, after a change of account or region. */
static void
restart_runtime (LfWindow *self)
{
  if (self->runtime == NULL)
    return;
  g_clear_pointer (&self->carried_values, json_node_unref);
  self->carried_values = lf_form_runtime_dup_values (self->runtime);
  lf_form_runtime_cancel_all (self->runtime);
  if (self->form_view != NULL)
    lf_form_view_set_runtime (self->form_view, NULL);
  g_clear_object (&self->runtime);
  begin_running (self);
}

void
lf_window_set_account_override (LfWindow   *self,
                                const char *account,
                                const char *region)
{
  g_autofree char *new_account = NULL;
  g_autofree char *new_region = NULL;

  g_return_if_fail (LF_IS_WINDOW (self));

  if (g_strcmp0 (account, self->override_account) == 0 &&
      g_strcmp0 (region, self->override_region) == 0)
    return;
  /* Callers pass the window's own strings back (the region kept while the account changes):
   * copy both before either is freed. */
  new_account = g_strdup (account);
  new_region = g_strdup (region);
  g_free (self->override_account);
  self->override_account = g_steal_pointer (&new_account);
  g_free (self->override_region);
  self->override_region = g_steal_pointer (&new_region);
  update_account_button (self);
  restart_runtime (self);
}

static void
on_account_row_activated (LfWindow      *self,
                          GtkListBoxRow *row)
{
  const char *account = g_object_get_data (G_OBJECT (row), "lf-account");

  gtk_popover_popdown (self->account_popover);
  lf_window_set_account_override (self, account, self->override_region);
}

static GtkWidget *
account_row_new (LfWindow   *self,
                 const char *title,
                 const char *subtitle,
                 const char *account)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gboolean chosen = g_strcmp0 (account, self->override_account) == 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_opacity (check, chosen ? 1.0 : 0.0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_CHECKED,
                               chosen ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                      : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
  g_object_set_data_full (G_OBJECT (row), "lf-account", g_strdup (account), g_free);
  return row;
}

/* Filled each time it opens, so that accounts added meanwhile are there. */
static void
fill_account_popover (LfWindow *self)
{
  g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);
  const char *own = self->form ? lf_form_get_setting (self->form, "account") : NULL;
  g_autofree char *own_text = NULL;
  GListModel *accounts;
  GtkWidget *child;
  guint selected = 0;
  guint n_regions = 0;
  const LfRegion *regions = lf_regions_get_all (&n_regions);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->account_list))) != NULL)
    gtk_list_box_remove (self->account_list, child);

  own_text = g_strdup_printf (_("Uses “%s”"),
                              is_sandbox_account (own) ? _("Local Sandbox") : own);
  gtk_list_box_append (self->account_list,
                       account_row_new (self, _("The Form’s Own Account"), own_text, NULL));
  gtk_list_box_append (self->account_list,
                       account_row_new (self, _("Local Sandbox"),
                                        _("Functions on this computer"), "sandbox"));
  lf_account_store_load (store, NULL);
  accounts = lf_account_store_get_accounts (store);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(LfAccount) account = g_list_model_get_item (accounts, i);
      const char *name = lf_account_get_name (account);

      if (g_strcmp0 (name, "sandbox") == 0)
        continue;
      gtk_list_box_append (self->account_list,
                           account_row_new (self, name, lf_account_get_region (account), name));
    }

  self->updating_account_ui = TRUE;
  for (guint i = 0; i < n_regions; i++)
    if (g_strcmp0 (regions[i].id, self->override_region) == 0)
      selected = i + 1;
  gtk_drop_down_set_selected (self->region_dropdown, selected);
  self->updating_account_ui = FALSE;
}

static void
on_region_selected (LfWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->region_dropdown);
  guint n_regions = 0;
  const LfRegion *regions = lf_regions_get_all (&n_regions);

  if (self->updating_account_ui || selected == GTK_INVALID_LIST_POSITION)
    return;
  lf_window_set_account_override (self, self->override_account,
                                  selected == 0 || selected > n_regions ? NULL
                                                                        : regions[selected - 1].id);
}

static void
setup_region_dropdown (LfWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = NULL;
  guint n_regions = 0;
  const LfRegion *regions = lf_regions_get_all (&n_regions);

  gtk_string_list_append (names, _("The account’s own region"));
  for (guint i = 0; i < n_regions; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s — %s", regions[i].id, regions[i].name);
      gtk_string_list_append (names, text);
    }
  /* Searching matches the text shown: an id or a place. */
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->region_dropdown, expression);
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (names));
  g_signal_connect_swapped (self->region_dropdown, "notify::selected",
                            G_CALLBACK (on_region_selected), self);
}

/* Recent forms *************************************************************************/

static void
add_to_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .mime_type = (char *) FORM_MIME_TYPE,
    .app_name = (char *) (g_get_application_name () ? g_get_application_name () : "lambda-forms"),
    .app_exec = (char *) "lambda-forms %u",
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static gboolean
is_recent_form (GtkRecentInfo *info)
{
  return gtk_recent_info_is_local (info) && gtk_recent_info_exists (info) &&
         (g_strcmp0 (gtk_recent_info_get_mime_type (info), FORM_MIME_TYPE) == 0 ||
          g_str_has_suffix (gtk_recent_info_get_uri (info), ".lambdaform"));
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *first = gtk_recent_info_get_modified ((GtkRecentInfo *) a);
  GDateTime *second = gtk_recent_info_get_modified ((GtkRecentInfo *) b);

  return g_date_time_compare (second, first);
}

static void
update_recent_list (LfWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  GList *forms = NULL;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (GList *l = items; l != NULL; l = l->next)
    if (is_recent_form (l->data))
      forms = g_list_prepend (forms, l->data);
  forms = g_list_sort (forms, compare_recent);

  for (GList *l = forms; l != NULL && shown < N_RECENT_SHOWN; l = l->next, shown++)
    {
      GtkRecentInfo *info = l->data;
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autoptr(GFile) dir = g_file_get_parent (file);
      g_autofree char *where = dir ? g_file_get_parse_name (dir) : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     gtk_recent_info_get_display_name (info));
      if (where != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", gtk_recent_info_get_uri (info));
      gtk_list_box_append (self->recent_list, row);
    }

  gtk_widget_set_visible (self->recent_group, shown > 0);
  g_list_free (forms);
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* Autosave *****************************************************************************/

static void schedule_autosave (LfWindow *self);

static void
drop_autosave (LfWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->autosave_source, g_source_remove);
  self->autosave_again = FALSE;
  if (self->autosave != NULL && !lf_autosave_discard (self->autosave, &error))
    g_warning ("%s", error->message);
  g_clear_object (&self->autosave);
}

static void
on_autosaved (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LfWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  lf_autosave_save_finish (LF_AUTOSAVE (object), result, &error);
  self->autosave_running = FALSE;
  /* The window is gone: nothing to tell, nothing more to copy. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  /* Said once: the person can still save by hand. */
  if (error != NULL && !self->autosave_failed_shown)
    {
      self->autosave_failed_shown = TRUE;
      lf_window_add_toast (self, error->message);
    }
  if (self->autosave_again)
    {
      self->autosave_again = FALSE;
      schedule_autosave (self);
    }
}

static gboolean
autosave_now (gpointer user_data)
{
  LfWindow *self = user_data;
  g_autofree char *data = NULL;

  self->autosave_source = 0;
  if (!lf_window_get_unsaved (self))
    return G_SOURCE_REMOVE;
  /* One write at a time; the newest text follows when it is done. */
  if (self->autosave_running)
    {
      self->autosave_again = TRUE;
      return G_SOURCE_REMOVE;
    }

  if (self->autosave == NULL)
    self->autosave = lf_autosave_new (NULL);
  if (self->file != NULL)
    {
      g_autofree char *uri = g_file_get_uri (self->file);
      lf_autosave_set_file_uri (self->autosave, uri);
    }
  else
    lf_autosave_set_file_uri (self->autosave, NULL);

  data = lf_form_to_data (self->form, NULL);
  self->autosave_running = TRUE;
  lf_autosave_save_async (self->autosave, data, form_title (self), self->cancellable,
                          on_autosaved, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (LfWindow *self)
{
  if (self->autosave_source == 0 && lf_window_get_unsaved (self))
    self->autosave_source = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_now, self);
}

static LfEditor *
ensure_editor (LfWindow *self)
{
  if (self->editor != NULL)
    return self->editor;

  self->editor = LF_EDITOR (lf_editor_new ());
  gtk_stack_add_named (self->edit_stack, GTK_WIDGET (self->editor), "editor");
  if (self->form != NULL)
    {
      lf_editor_set_form (self->editor, self->form);
      lf_editor_set_client_factory (self->editor, client_factory, client_context_new (self),
                                    client_context_free);
      gtk_stack_set_visible_child_name (self->edit_stack, "editor");
    }
  return self->editor;
}

/* Undo and redo go through the form's own history, shown while editing. */
static void
update_undo (LfWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);
  gboolean editing = self->form != NULL && !self->run_only && g_strcmp0 (page, "edit") == 0;
  const char *undo = self->form ? lf_form_get_undo_label (self->form) : NULL;
  const char *redo = self->form ? lf_form_get_redo_label (self->form) : NULL;
  g_autofree char *undo_tip = undo ? g_strdup_printf (_("Undo “%s” (Ctrl+Z)"), undo)
                                   : g_strdup (_("Undo (Ctrl+Z)"));
  g_autofree char *redo_tip = redo ? g_strdup_printf (_("Redo “%s” (Ctrl+Shift+Z)"), redo)
                                   : g_strdup (_("Redo (Ctrl+Shift+Z)"));

  gtk_widget_set_visible (self->undo_box, editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 editing && lf_form_can_undo (self->form));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 editing && lf_form_can_redo (self->form));
  gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
  gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
}

static void
lf_window_undo_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  if (self->form != NULL)
    lf_form_undo (self->form);
}

static void
lf_window_redo_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  if (self->form != NULL)
    lf_form_redo (self->form);
}

/* Opening a form ***********************************************************************/

static void
on_busy_changed (LfWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel",
                                 self->form_view && lf_form_view_get_busy (self->form_view));
}

static void
on_undo_changed (LfWindow *self)
{
  self->dirty = TRUE;
  update_title (self);
  update_undo (self);
  schedule_autosave (self);
}

/* Every edit: the runtime is behind, and the work is copied aside soon. */
static void
on_form_edited (LfWindow *self)
{
  self->dirty = TRUE;
  self->runtime_stale = TRUE;
  update_undo (self);
  schedule_autosave (self);
}

/* @keep_autosave: the window goes away without the person choosing to drop the work. */
static void
close_form (LfWindow *self,
            gboolean  keep_autosave)
{
  self->open_generation++;
  if (self->runtime != NULL)
    lf_form_runtime_cancel_all (self->runtime);
  if (self->form_view != NULL)
    lf_form_view_set_runtime (self->form_view, NULL);
  g_clear_object (&self->runtime);
  if (self->editor != NULL)
    lf_editor_set_form (self->editor, NULL);
  if (self->edit_stack != NULL)
    gtk_stack_set_visible_child_name (self->edit_stack, "empty");
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);
  g_clear_pointer (&self->carried_values, json_node_unref);
  if (keep_autosave)
    {
      g_clear_handle_id (&self->autosave_source, g_source_remove);
      g_clear_object (&self->autosave);
    }
  else
    drop_autosave (self);
  self->dirty = FALSE;
  self->recovered = FALSE;
}

static void
show_error (LfWindow   *self,
            const char *title,
            const char *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_spinner_stop (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->run_stack, "error");
}

static const char * const form_change_signals[] = {
  "control-added", "control-removed", "control-moved", "control-property-changed",
  "action-added", "action-removed", "action-changed", "setting-changed",
};

static void start_runtime (LfWindow *self);

/* Back in Run mode after edits, the form runs as it now is. */
static void
on_view_changed (LfWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "edit") == 0)
    ensure_editor (self);
  update_undo (self);
  if (g_strcmp0 (page, "run") == 0 && self->runtime_stale)
    restart_runtime (self);
}

static void
start_runtime (LfWindow *self)
{
  g_return_if_fail (self->form != NULL);

  self->runtime = lf_form_runtime_new (self->form, client_factory, client_context_new (self),
                                       client_context_free);
  /* Values entered before a change of account stay; those that no longer fit are dropped. */
  if (self->carried_values != NULL)
    {
      JsonObject *values = json_node_get_object (self->carried_values);
      g_autoptr(GList) names = json_object_get_members (values);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (values, l->data);

          if (!JSON_NODE_HOLDS_NULL (value))
            lf_form_runtime_set_value (self->runtime, l->data, value, NULL);
        }
      g_clear_pointer (&self->carried_values, json_node_unref);
    }
  lf_form_view_set_runtime (ensure_form_view (self), self->runtime);
  if (self->editor != NULL)
    lf_editor_set_client_factory (self->editor, client_factory, client_context_new (self),
                                  client_context_free);
  self->runtime_stale = FALSE;
  gtk_spinner_stop (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->run_stack, "form");
  lf_form_runtime_start (self->runtime, TRUE);
}

typedef struct
{
  LfWindow *self;      /* a reference, dropped when the start is done */
  guint     generation;
} StartData;

static void
on_sandbox_started (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  StartData *data = user_data;
  g_autoptr(LfWindow) self = data->self;
  g_autoptr(GError) error = NULL;
  gboolean started = lf_sandbox_process_start_finish (LF_SANDBOX_PROCESS (object), result, &error);
  gboolean current = data->generation == self->open_generation;

  g_free (data);
  /* The window closed or another form was opened meanwhile. */
  if (g_cancellable_is_cancelled (self->cancellable) || !current)
    return;
  if (!started)
    {
      show_error (self, _("Could Not Start the Local Sandbox"), error->message);
      return;
    }
  start_runtime (self);
}

/* Starts the local sandbox first when the form may need it: the runtime's client factory
 * cannot wait. */
static void
begin_running (LfWindow *self)
{
  LfApplication *app = LF_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  LfSandboxProcess *sandbox = app ? lf_application_get_sandbox (app) : NULL;

  if (self->form == NULL)
    return;
  if (sandbox != NULL && !lf_sandbox_process_is_running (sandbox) && form_needs_sandbox (self))
    {
      StartData *data = g_new0 (StartData, 1);

      self->open_generation++;
      data->self = g_object_ref (self);
      data->generation = self->open_generation;
      gtk_spinner_start (self->starting_spinner);
      gtk_stack_set_visible_child_name (self->run_stack, "starting");
      lf_sandbox_process_start_async (sandbox, self->cancellable, on_sandbox_started, data);
      return;
    }
  start_runtime (self);
}

static void
set_file (LfWindow *self,
          GFile    *file)
{
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

/* Shows @form (taken over) as the window's document. */
static void
set_form (LfWindow *self,
          LfForm   *form,
          GFile    *file,
          gboolean  run_only)
{
  close_form (self, FALSE);
  set_file (self, file);
  self->run_only = run_only;

  /* A form opened to be used shows nothing but the form: a title and the window buttons. */
  gtk_widget_set_visible (self->open_button, !run_only);
  gtk_widget_set_visible (self->new_button, !run_only);
  gtk_widget_set_visible (self->save_button, !run_only);
  gtk_widget_set_visible (self->primary_menu_button, !run_only);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, !run_only);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), !run_only);

  self->form = form;
  if (self->form == NULL)
    {
      update_title (self);
      update_account_button (self);
      update_undo (self);
      return;
    }

  g_signal_connect_swapped (self->form, "notify::can-undo", G_CALLBACK (on_undo_changed), self);
  g_signal_connect_swapped (self->form, "notify::can-redo", G_CALLBACK (update_undo), self);
  for (guint i = 0; i < G_N_ELEMENTS (form_change_signals); i++)
    g_signal_connect_swapped (self->form, form_change_signals[i], G_CALLBACK (on_form_edited),
                              self);
  g_signal_connect_swapped (self->form, "notify::title", G_CALLBACK (update_title), self);
  g_signal_connect_swapped (self->form, "setting-changed", G_CALLBACK (update_account_button),
                            self);
  if (self->editor != NULL)
    {
      lf_editor_set_form (self->editor, self->form);
      gtk_stack_set_visible_child_name (self->edit_stack, "editor");
    }
  self->runtime_stale = FALSE;
  update_title (self);
  update_account_button (self);
  update_undo (self);
  begin_running (self);
}

static void
open_now (LfWindow *self,
          GFile    *file,
          gboolean  run_only)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  LfForm *form = NULL;

  adw_view_stack_set_visible_child_name (self->view_stack, "run");
  if (path == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only forms on this computer can be opened"));
  else
    form = lf_form_new_from_file (path, &error);

  set_form (self, form, file, run_only);
  if (form == NULL)
    {
      /* The loader's message starts with the JSON path of what is wrong. */
      show_error (self, _("Could Not Open the Form"), error->message);
      return;
    }
  if (!run_only)
    add_to_recent (file);
}

static void
new_now (LfWindow   *self,
         const char *template_id)
{
  LfForm *form = lf_editor_new_form_from_template (template_id);

  if (form == NULL)
    {
      lf_window_add_toast (self, _("There is no such kind of new form"));
      return;
    }
  set_form (self, form, NULL, FALSE);
  /* A new form is there to be built. */
  adw_view_stack_set_visible_child_name (self->view_stack, "edit");
}

/* Unsaved changes ***********************************************************************/

static void show_save_chooser (LfWindow *self);

static void
clear_pending (LfWindow *self)
{
  self->pending = PENDING_NONE;
  g_clear_object (&self->pending_file);
  g_clear_pointer (&self->pending_template, g_free);
}

static void
run_pending (LfWindow *self)
{
  PendingKind kind = self->pending;
  g_autoptr(GFile) file = g_steal_pointer (&self->pending_file);
  g_autofree char *template_id = g_steal_pointer (&self->pending_template);
  gboolean run_only = self->pending_run_only;

  clear_pending (self);
  switch (kind)
    {
    case PENDING_CLOSE:
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      break;
    case PENDING_OPEN:
      open_now (self, file, run_only);
      break;
    case PENDING_NEW:
      new_now (self, template_id);
      break;
    case PENDING_NONE:
    default:
      break;
    }
}

static gboolean
save_or_ask_where (LfWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->file == NULL)
    {
      show_save_chooser (self);
      return FALSE;
    }
  if (!lf_window_save_to_file (self, self->file, &error))
    {
      lf_window_add_toast (self, error->message);
      clear_pending (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_pending_idle (gpointer user_data)
{
  run_pending (user_data);
  return G_SOURCE_REMOVE;
}

/* After the dialog is gone: it must not outlive a window that its answer closes. */
static void
run_pending_later (LfWindow *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, run_pending_idle, g_object_ref (self), g_object_unref);
}

static void
on_question_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  LfWindow *self = LF_WINDOW (user_data);

  self->question = NULL;
  if (g_strcmp0 (response, "discard") == 0)
    {
      drop_autosave (self);
      self->dirty = FALSE;
      self->recovered = FALSE;
      update_title (self);
      run_pending_later (self);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      if (save_or_ask_where (self))
        run_pending_later (self);
    }
  else
    clear_pending (self);
}

/* Does @kind now, or once the person has said what becomes of the unsaved changes. */
static void
ask_then (LfWindow    *self,
          PendingKind  kind,
          GFile       *file,
          gboolean     run_only,
          const char  *template_id)
{
  GtkWidget *dialog;

  if (self->question != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->question));
      return;
    }
  clear_pending (self);
  self->pending = kind;
  self->pending_file = file ? g_object_ref (file) : NULL;
  self->pending_run_only = run_only;
  self->pending_template = g_strdup (template_id);
  if (!lf_window_get_unsaved (self))
    {
      run_pending (self);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has changes that are not saved. Changes that are not "
                                    "saved are lost."),
                                  form_title (self));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", self->file ? _("_Save") : _("_Save As…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_question_response), self, 0);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  self->question = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

void
lf_window_open_file (LfWindow *self,
                     GFile    *file,
                     gboolean  run_only)
{
  g_return_if_fail (LF_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  ask_then (self, PENDING_OPEN, file, run_only, NULL);
}

void
lf_window_new_form (LfWindow   *self,
                    const char *template_id)
{
  g_return_if_fail (LF_IS_WINDOW (self));
  g_return_if_fail (template_id != NULL);

  ask_then (self, PENDING_NEW, NULL, FALSE, template_id);
}

static gboolean
lf_window_close_request (GtkWindow *window)
{
  LfWindow *self = LF_WINDOW (window);

  if (!self->close_confirmed && lf_window_get_unsaved (self))
    {
      ask_then (self, PENDING_CLOSE, NULL, FALSE, NULL);
      return TRUE;
    }
  /* Closed with nothing unsaved, or the person chose: no copy is left behind. */
  drop_autosave (self);
  return GTK_WINDOW_CLASS (lf_window_parent_class)->close_request (window);
}

/* Saving *******************************************************************************/

gboolean
lf_window_save_to_file (LfWindow  *self,
                        GFile     *file,
                        GError   **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (LF_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->form == NULL)
    {
      g_set_error_literal (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("No form is open"));
      return FALSE;
    }
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, LF_FORM_ERROR, LF_FORM_ERROR_IO,
                           _("Forms can only be saved on this computer"));
      return FALSE;
    }
  if (!lf_form_save_to_file (self->form, path, error))
    return FALSE;

  set_file (self, file);
  self->dirty = FALSE;
  self->recovered = FALSE;
  drop_autosave (self);
  add_to_recent (file);
  update_title (self);
  return TRUE;
}

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  LfWindow *self = LF_WINDOW (user_data);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  ChooserPurpose purpose = self->chooser_purpose;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);

  if (purpose == CHOOSER_OPEN)
    {
      if (file != NULL)
        lf_window_open_file (self, file, FALSE);
      return;
    }

  /* Saving, perhaps on the way to closing or replacing the form. */
  if (file == NULL)
    {
      clear_pending (self);
      return;
    }
  if (!lf_window_save_to_file (self, file, &error))
    {
      lf_window_add_toast (self, error->message);
      clear_pending (self);
      return;
    }
  run_pending (self);
}

static GtkFileChooserNative *
new_chooser (LfWindow             *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             ChooserPurpose        purpose)
{
  g_autoptr(GtkFileFilter) forms = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (forms, _("Forms"));
  gtk_file_filter_add_mime_type (forms, FORM_MIME_TYPE);
  gtk_file_filter_add_suffix (forms, "lambdaform");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  /* GtkFileDialog is GTK 4.10; the native chooser is what 4.8 has. */
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), forms);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  self->chooser_purpose = purpose;
  return chooser;
}

static void
show_save_chooser (LfWindow *self)
{
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;
  chooser = new_chooser (self, _("Save the Form"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                         CHOOSER_SAVE);
  if (self->file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), self->file, NULL);
  else
    {
      g_autofree char *name = g_strdup_printf ("%s.lambdaform", form_title (self));

      /* A title may hold a slash; a file name may not. */
      g_strdelimit (name, "/", '-');
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  gtk_native_dialog_show (self->chooser);
}

/* Actions ******************************************************************************/

static void
lf_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  if (self->chooser != NULL)
    return;
  new_chooser (self, _("Open a Form"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), CHOOSER_OPEN);
  gtk_native_dialog_show (self->chooser);
}

static void
lf_window_open_recent_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  lf_window_open_file (LF_WINDOW (widget), file, FALSE);
}

static void
lf_window_new_form_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  lf_window_new_form (LF_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
lf_window_open_example_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  const char *dirs[] = { SOURCE_DATADIR "/examples", PKGDATADIR "/examples" };

  for (guint i = 0; i < G_N_ELEMENTS (dirs) && path == NULL; i++)
    {
      g_autofree char *candidate = g_build_filename (dirs[i], "invoke-function.lambdaform", NULL);
      if (g_file_test (candidate, G_FILE_TEST_EXISTS))
        path = g_steal_pointer (&candidate);
    }

  if (path == NULL)
    {
      lf_window_add_toast (self, _("The example forms are not installed"));
      return;
    }

  file = g_file_new_for_path (path);
  lf_window_open_file (self, file, FALSE);
}

static void
lf_window_save_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  if (self->form != NULL)
    save_or_ask_where (self);
}

static void
lf_window_save_as_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  if (self->form != NULL)
    show_save_chooser (self);
}

static void
lf_window_cancel_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  if (self->form_view != NULL)
    lf_form_view_cancel (self->form_view);
}

static void
lf_window_close_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* Recovery *****************************************************************************/

guint
lf_window_offer_recovery (LfWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (LF_IS_WINDOW (self), 0);

  orphans = lf_autosave_list_orphans (NULL, &error);
  if (orphans == NULL)
    {
      lf_window_add_toast (self, error->message);
      return 0;
    }
  if (orphans->len == 0)
    return 0;

  g_clear_pointer (&self->orphans, g_ptr_array_unref);
  self->orphans = g_steal_pointer (&orphans);
  if (self->orphans->len == 1)
    text = g_strdup_printf (_("“%s” was not saved when LambdaForms last closed. Recover it?"),
                            lf_autosave_get_title (g_ptr_array_index (self->orphans, 0)));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u form was not saved when LambdaForms last closed. "
                                         "Recover it?",
                                         "%u forms were not saved when LambdaForms last closed. "
                                         "Recover them?",
                                         self->orphans->len),
                            self->orphans->len);
  gtk_label_set_text (self->recovery_label, text);
  gtk_revealer_set_reveal_child (self->recovery_revealer, TRUE);
  return self->orphans->len;
}

static void
recover_into (LfWindow   *self,
              LfAutosave *slot)
{
  g_autofree char *path = lf_autosave_get_form_path (slot);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  LfForm *form = lf_form_new_from_file (path, &error);
  const char *uri = lf_autosave_get_file_uri (slot);

  if (form == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not recover “%s”: %s"),
                                                  lf_autosave_get_title (slot), error->message);
      lf_window_add_toast (self, message);
      return;
    }
  if (uri != NULL)
    file = g_file_new_for_uri (uri);
  set_form (self, form, file, FALSE);
  /* The copy stays until the work is saved or dropped, now kept by this window. */
  self->autosave = g_object_ref (slot);
  if (!lf_autosave_claim (slot, &error))
    lf_window_add_toast (self, error->message);
  self->recovered = TRUE;
  update_title (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "edit");
}

static void
lf_window_recover_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  g_autoptr(GPtrArray) orphans = g_steal_pointer (&self->orphans);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  gtk_revealer_set_reveal_child (self->recovery_revealer, FALSE);
  if (orphans == NULL)
    return;
  for (guint i = 0; i < orphans->len; i++)
    {
      LfWindow *target = self;

      /* This window takes the first unless it holds work of its own; the others get new ones. */
      if (i > 0 || lf_window_get_unsaved (self))
        {
          target = lf_window_new (LF_APPLICATION (app));
          gtk_window_present (GTK_WINDOW (target));
        }
      recover_into (target, g_ptr_array_index (orphans, i));
    }
}

static void
on_discard_recovered_response (AdwMessageDialog *dialog,
                               const char       *response,
                               gpointer          user_data)
{
  LfWindow *self = LF_WINDOW (user_data);
  g_autoptr(GPtrArray) orphans = NULL;

  if (g_strcmp0 (response, "discard") != 0 || self->orphans == NULL)
    return;
  orphans = g_steal_pointer (&self->orphans);
  gtk_revealer_set_reveal_child (self->recovery_revealer, FALSE);
  for (guint i = 0; i < orphans->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!lf_autosave_discard (g_ptr_array_index (orphans, i), &error))
        lf_window_add_toast (self, error->message);
    }
}

static void
lf_window_discard_recovered_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  GtkWidget *dialog;

  if (self->orphans == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Unsaved Work?"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The changes that were not saved are lost for good."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* The safe answer is the default. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_recovered_response), self,
                           0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window ****************************************************************************/

LfForm *
lf_window_get_form (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return self->form;
}

LfFormView *
lf_window_get_form_view (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return ensure_form_view (self);
}

LfEditor *
lf_window_get_editor (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return ensure_editor (self);
}

const char *
lf_window_get_page (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->run_stack);
}

/* Size and maximized state follow the last window closed. */
static void
restore_window_state (LfWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema =
    source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  if (schema == NULL)
    return;

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

/* Wide, the switcher takes the title's place: the name moves beside the buttons. */
static gboolean
sync_document_title (gpointer user_data)
{
  LfWindow *self = user_data;

  self->title_idle = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->document_title),
                          !adw_view_switcher_title_get_title_visible (self->switcher_title));
  return G_SOURCE_REMOVE;
}

/* Told while the header is being allocated: showing or hiding a widget then would leave it
 * to be drawn without a size, so it waits for the allocation to end. */
static void
on_title_visible_changed (LfWindow *self)
{
  if (self->title_idle == 0)
    self->title_idle = g_idle_add (sync_document_title, self);
}

static GMenuModel *
new_form_menu (void)
{
  GMenu *menu = g_menu_new ();
  guint n_templates = 0;
  const LfEditorTemplate *templates = lf_editor_get_templates (&n_templates);

  for (guint i = 0; i < n_templates; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(templates[i].title), NULL);

      g_menu_item_set_action_and_target (item, "win.new-form", "s", templates[i].id);
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static void
lf_window_dispose (GObject *object)
{
  LfWindow *self = (LfWindow *) object;

  /* Closing mid-request is safe: the runs are cancelled and their answers go nowhere. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->title_idle, g_source_remove);
  /* Destroyed without a choice (the session ended): the copy of unsaved work stays. */
  close_form (self, TRUE);
  clear_pending (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);

  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_WINDOW);
  /* They went with the stacks they sit in. */
  self->editor = NULL;
  self->form_view = NULL;

  G_OBJECT_CLASS (lf_window_parent_class)->dispose (object);
}

static void
lf_window_finalize (GObject *object)
{
  LfWindow *self = (LfWindow *) object;

  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->orphans, g_ptr_array_unref);
  g_clear_pointer (&self->override_account, g_free);
  g_clear_pointer (&self->override_region, g_free);

  G_OBJECT_CLASS (lf_window_parent_class)->finalize (object);
}

static void
lf_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LfWindow *self = LF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_UNSAVED:
      g_value_set_boolean (value, lf_window_get_unsaved (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_window_class_init (LfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  g_type_ensure (LF_TYPE_FORM_VIEW);
  g_type_ensure (LF_TYPE_EDITOR);
  object_class->dispose = lf_window_dispose;
  object_class->finalize = lf_window_finalize;
  object_class->get_property = lf_window_get_property;
  window_class->close_request = lf_window_close_request;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNSAVED] =
    g_param_spec_boolean ("unsaved", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LfWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, document_title);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, edit_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, run_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, undo_box);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, account_popover);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, account_list);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, recovery_revealer);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, recent_list);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, lf_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s",
                                   lf_window_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.new-form", "s", lf_window_new_form_action);
  gtk_widget_class_install_action (widget_class, "win.open-example", NULL,
                                   lf_window_open_example_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, lf_window_save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, lf_window_save_as_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, lf_window_close_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, lf_window_cancel_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, lf_window_undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, lf_window_redo_action);
  gtk_widget_class_install_action (widget_class, "win.recover", NULL, lf_window_recover_action);
  gtk_widget_class_install_action (widget_class, "win.discard-recovered", NULL,
                                   lf_window_discard_recovered_action);
  /* Escape cancels what runs; popovers and dialogs see it first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
}

static void
lf_window_init (LfWindow *self)
{
  g_autoptr(GMenuModel) menu = new_form_menu ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (on_view_changed), self);

  g_signal_connect_swapped (self->switcher_title, "notify::title-visible",
                            G_CALLBACK (on_title_visible_changed), self);
  sync_document_title (self);
  self->cancellable = g_cancellable_new ();
  restore_window_state (self);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->new_button), menu);
  setup_region_dropdown (self);
  g_signal_connect_swapped (self->account_popover, "show", G_CALLBACK (fill_account_popover), self);
  g_signal_connect_swapped (self->account_list, "row-activated",
                            G_CALLBACK (on_account_row_activated), self);
  g_signal_connect_swapped (gtk_recent_manager_get_default (), "changed",
                            G_CALLBACK (update_recent_list), self);
  update_recent_list (self);
  update_title (self);
  update_undo (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", FALSE);
}

LfWindow *
lf_window_new (LfApplication *application)
{
  return g_object_new (LF_TYPE_WINDOW, "application", application, NULL);
}
