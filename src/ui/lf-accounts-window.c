/* lf-accounts-window.c: the accounts, listed, added, edited, tested and removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-account-row.h"
#include "lf-accounts-window.h"
#include "lf-endpoint.h"

struct _LfAccountsWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template children */
  AdwPreferencesGroup *accounts_group;
  GtkLabel *load_error_label;
  GtkListBox *accounts_list;
  GtkWidget *editor_page;
  AdwWindowTitle *editor_title;
  AdwPreferencesGroup *keyring_group;
  AdwEntryRow *name_row;
  GtkLabel *name_caption;
  AdwComboRow *type_row;
  AdwComboRow *region_row;
  AdwEntryRow *endpoint_row;
  GtkLabel *endpoint_caption;
  AdwPreferencesGroup *fields_group;
  GtkWidget *save_button;

  /* Built in code: one row a type-dependent field, and the secrets. */
  GtkWidget *field_rows[LF_ACCOUNT_N_FIELDS];
  GtkWidget *secret_key_row;
  GtkWidget *passphrase_row;

  LfAccountStore *store;
  GCancellable *cancellable;   /* lives as long as the window: closing cancels its work */
  char *editing;               /* the account the editor changes, or NULL when adding */
  char *pending_secret_account; /* saved, but its secret still waits for a keyring */
};

G_DEFINE_FINAL_TYPE (LfAccountsWindow, lf_accounts_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *const auth_type_labels[] = {
  [LF_AUTH_ACCESS_KEY] = N_("Access key"),
  [LF_AUTH_PROFILE] = N_("AWS profile"),
  [LF_AUTH_INSTANCE_ROLE] = N_("Instance role"),
  [LF_AUTH_ASSUME_ROLE] = N_("Assume role"),
  [LF_AUTH_ROLES_ANYWHERE] = N_("Roles Anywhere"),
  [LF_AUTH_SANDBOX] = N_("Local sandbox"),
};

static const char *const field_titles[LF_ACCOUNT_N_FIELDS] = {
  [LF_ACCOUNT_FIELD_ACCESS_KEY_ID] = N_("Access key ID"),
  [LF_ACCOUNT_FIELD_PROFILE_NAME] = N_("Profile name"),
  [LF_ACCOUNT_FIELD_ROLE_ARN] = N_("Role ARN"),
  [LF_ACCOUNT_FIELD_SOURCE_ACCOUNT] = N_("Source account"),
  [LF_ACCOUNT_FIELD_SOURCE_PROFILE] = N_("Source profile"),
  [LF_ACCOUNT_FIELD_SESSION_NAME] = N_("Session name"),
  [LF_ACCOUNT_FIELD_EXTERNAL_ID] = N_("External ID"),
  [LF_ACCOUNT_FIELD_MFA_SERIAL] = N_("MFA device serial"),
  [LF_ACCOUNT_FIELD_TRUST_ANCHOR_ARN] = N_("Trust anchor ARN"),
  [LF_ACCOUNT_FIELD_PROFILE_ARN] = N_("Profile ARN"),
  [LF_ACCOUNT_FIELD_CERTIFICATE_PATH] = N_("Certificate file"),
  [LF_ACCOUNT_FIELD_CHAIN_PATH] = N_("Certificate chain file"),
  [LF_ACCOUNT_FIELD_PRIVATE_KEY_PATH] = N_("Private key file"),
};

static gboolean
field_applies (LfAuthType     type,
               LfAccountField field)
{
  switch (type)
    {
    case LF_AUTH_ACCESS_KEY:
      return field == LF_ACCOUNT_FIELD_ACCESS_KEY_ID;
    case LF_AUTH_PROFILE:
      return field == LF_ACCOUNT_FIELD_PROFILE_NAME;
    case LF_AUTH_ASSUME_ROLE:
      return field == LF_ACCOUNT_FIELD_ROLE_ARN
             || field == LF_ACCOUNT_FIELD_SOURCE_ACCOUNT
             || field == LF_ACCOUNT_FIELD_SOURCE_PROFILE
             || field == LF_ACCOUNT_FIELD_SESSION_NAME
             || field == LF_ACCOUNT_FIELD_EXTERNAL_ID
             || field == LF_ACCOUNT_FIELD_MFA_SERIAL;
    case LF_AUTH_ROLES_ANYWHERE:
      return field == LF_ACCOUNT_FIELD_ROLE_ARN
             || field == LF_ACCOUNT_FIELD_SESSION_NAME
             || field == LF_ACCOUNT_FIELD_TRUST_ANCHOR_ARN
             || field == LF_ACCOUNT_FIELD_PROFILE_ARN
             || field == LF_ACCOUNT_FIELD_CERTIFICATE_PATH
             || field == LF_ACCOUNT_FIELD_CHAIN_PATH
             || field == LF_ACCOUNT_FIELD_PRIVATE_KEY_PATH;
    case LF_AUTH_INSTANCE_ROLE:
    case LF_AUTH_SANDBOX:
    default:
      return FALSE;
    }
}

static const char *
auth_type_label (LfAuthType type)
{
  if ((guint) type < G_N_ELEMENTS (auth_type_labels))
    return _(auth_type_labels[type]);
  return "";
}

static void
show_toast (LfAccountsWindow *self,
            const char       *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

/* The list ---------------------------------------------------------------------------------- */

static void
rebuild_list (LfAccountsWindow *self)
{
  GListModel *accounts = lf_account_store_get_accounts (self->store);
  guint n = g_list_model_get_n_items (accounts);
  GtkListBoxRow *old;

  while ((old = gtk_list_box_get_row_at_index (self->accounts_list, 0)) != NULL)
    gtk_list_box_remove (self->accounts_list, GTK_WIDGET (old));

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No accounts yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add one to run forms against AWS or the local sandbox."));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->accounts_list, row);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LfAccount) account = g_list_model_get_item (accounts, i);

      gtk_list_box_append (self->accounts_list,
                           lf_account_row_new (account,
                                               auth_type_label (lf_account_get_auth_type (account))));
    }
}

static GtkWidget *
find_row (LfAccountsWindow *self,
          const char       *name)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->accounts_list, i)) != NULL; i++)
    if (LF_IS_ACCOUNT_ROW (row) &&
        g_strcmp0 (lf_account_row_get_name (LF_ACCOUNT_ROW (row)), name) == 0)
      return GTK_WIDGET (row);
  return NULL;
}

static gboolean
save_store (LfAccountsWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!lf_account_store_save (self->store, &error))
    {
      show_toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
on_set_default (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LfAccountsWindow *self = LF_ACCOUNTS_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GListModel *accounts = lf_account_store_get_accounts (self->store);
  guint n = g_list_model_get_n_items (accounts);

  if (lf_account_store_lookup (self->store, name) == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LfAccount) account = g_list_model_get_item (accounts, i);

      lf_account_set_is_default (account, g_strcmp0 (lf_account_get_name (account), name) == 0);
    }
  save_store (self);
  rebuild_list (self);
}

/* Testing a connection ---------------------------------------------------------------------- */

typedef struct
{
  LfAccountsWindow *self;   /* not a reference: the window's cancellable stops us first */
  GtkWidget *row;
  LfLambdaClient *client;
} TestData;

static void
test_data_free (TestData *data)
{
  g_clear_object (&data->row);
  g_clear_object (&data->client);
  g_free (data);
}

static void
on_list_functions_done (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  TestData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = lf_lambda_client_list_functions_finish (LF_LAMBDA_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      test_data_free (data);
      return;
    }
  lf_account_row_set_result (LF_ACCOUNT_ROW (data->row), node != NULL,
                             node != NULL ? _("Connected") : error->message);
  test_data_free (data);
}

static void
on_test (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  LfAccountsWindow *self = LF_ACCOUNTS_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  LfAccount *account = lf_account_store_lookup (self->store, name);
  GtkWidget *row = find_row (self, name);
  g_autoptr(GError) error = NULL;
  LfListFunctionsOptions options = { .max_items = 1 };
  TestData *data;

  if (account == NULL || row == NULL || lf_account_row_get_testing (LF_ACCOUNT_ROW (row)))
    return;

  data = g_new0 (TestData, 1);
  data->self = self;
  data->row = g_object_ref (row);
  data->client = lf_account_create_client (account, self->store, &error);
  if (data->client == NULL)
    {
      lf_account_row_set_result (LF_ACCOUNT_ROW (row), FALSE, error->message);
      test_data_free (data);
      return;
    }

  lf_account_row_set_testing (LF_ACCOUNT_ROW (row));
  lf_lambda_client_list_functions_async (data->client, &options, NULL, NULL, NULL,
                                         self->cancellable, on_list_functions_done, data);
}

/* Removing ---------------------------------------------------------------------------------- */

static void
on_clear_secrets_done (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Nothing stored, or no keyring: the account is gone either way. */
  if (!lf_account_store_clear_secrets_finish (LF_ACCOUNT_STORE (source), result, &error))
    g_debug ("Could not clear the secrets: %s", error->message);
}

typedef struct
{
  LfAccountsWindow *self;   /* the dialog goes with the window */
  char             *name;
} RemoveData;

static void
remove_data_free (gpointer  data,
                  GClosure *closure)
{
  RemoveData *remove = data;

  g_free (remove->name);
  g_free (remove);
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    RemoveData       *data)
{
  LfAccountsWindow *self = data->self;
  const char *name = data->name;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  if (!lf_account_store_remove (self->store, name, &error))
    {
      show_toast (self, error->message);
      return;
    }
  if (save_store (self))
    lf_account_store_clear_secrets_async (self->store, name, NULL, on_clear_secrets_done, NULL);
  rebuild_list (self);
}

static void
on_remove (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  LfAccountsWindow *self = LF_ACCOUNTS_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *dialog;
  RemoveData *remove;

  if (lf_account_store_lookup (self->store, name) == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove Account?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” and its stored secrets will be removed. Forms that use it will need another account."),
                                  name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  remove = g_new0 (RemoveData, 1);
  remove->self = self;
  remove->name = g_strdup (name);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_remove_response), remove,
                         remove_data_free, 0);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The editor -------------------------------------------------------------------------------- */

static LfAuthType
selected_type (LfAccountsWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);

  return selected < G_N_ELEMENTS (auth_type_labels) ? (LfAuthType) selected : LF_AUTH_ACCESS_KEY;
}

static void
update_type_fields (LfAccountsWindow *self)
{
  LfAuthType type = selected_type (self);

  for (guint i = 0; i < LF_ACCOUNT_N_FIELDS; i++)
    gtk_widget_set_visible (self->field_rows[i], field_applies (type, i));
  gtk_widget_set_visible (self->secret_key_row, type == LF_AUTH_ACCESS_KEY);
  gtk_widget_set_visible (self->passphrase_row, type == LF_AUTH_ROLES_ANYWHERE);
  gtk_widget_set_visible (GTK_WIDGET (self->fields_group),
                          type != LF_AUTH_INSTANCE_ROLE && type != LF_AUTH_SANDBOX);
}

static void
set_row_error (GtkWidget  *row,
               GtkLabel   *caption,
               const char *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_label_set_text (caption, message);
    }
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_visible (GTK_WIDGET (caption), message != NULL);
}

static gboolean
validate_editor (LfAccountsWindow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *endpoint = gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));
  g_autoptr(GError) name_error = NULL;
  g_autoptr(GError) endpoint_error = NULL;
  gboolean name_ok = TRUE;
  gboolean endpoint_ok = TRUE;

  /* An empty name is not an error yet, only not ready to save. */
  if (*name != '\0')
    name_ok = lf_account_validate_name (name, &name_error);
  set_row_error (GTK_WIDGET (self->name_row), self->name_caption,
                 name_ok ? NULL : name_error->message);
  if (self->editing == NULL && name_ok && *name != '\0'
      && lf_account_store_lookup (self->store, name) != NULL)
    {
      set_row_error (GTK_WIDGET (self->name_row), self->name_caption,
                     _("Another account has that name"));
      name_ok = FALSE;
    }

  if (*endpoint != '\0')
    endpoint_ok = lf_account_validate_endpoint (endpoint, FALSE, &endpoint_error);
  set_row_error (GTK_WIDGET (self->endpoint_row), self->endpoint_caption,
                 endpoint_ok ? NULL : endpoint_error->message);

  gtk_widget_set_sensitive (self->save_button, name_ok && endpoint_ok && *name != '\0');
  return name_ok && endpoint_ok && *name != '\0';
}

static void
on_editor_changed (LfAccountsWindow *self)
{
  validate_editor (self);
}

static void
select_region (LfAccountsWindow *self,
               const char       *id)
{
  guint n_regions;
  const LfRegion *regions = lf_regions_get_all (&n_regions);

  for (guint i = 0; i < n_regions; i++)
    if (g_strcmp0 (regions[i].id, id) == 0)
      {
        adw_combo_row_set_selected (self->region_row, i);
        return;
      }
}

static void
open_editor (LfAccountsWindow *self,
             LfAccount        *account)
{
  g_free (self->editing);
  self->editing = account ? g_strdup (lf_account_get_name (account)) : NULL;
  g_clear_pointer (&self->pending_secret_account, g_free);

  adw_window_title_set_title (self->editor_title,
                              account ? _("Edit Account") : _("Add Account"));
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_group), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), account ? lf_account_get_name (account) : "");
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), account == NULL);
  adw_combo_row_set_selected (self->type_row, account ? lf_account_get_auth_type (account) : 0);
  select_region (self, account && lf_account_get_region (account) ? lf_account_get_region (account)
                                                                  : "us-east-1");
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row),
                         account && lf_account_get_endpoint_url (account)
                         ? lf_account_get_endpoint_url (account) : "");
  for (guint i = 0; i < LF_ACCOUNT_N_FIELDS; i++)
    {
      const char *value = account ? lf_account_get_field (account, i) : NULL;

      gtk_editable_set_text (GTK_EDITABLE (self->field_rows[i]), value ? value : "");
    }
  gtk_editable_set_text (GTK_EDITABLE (self->secret_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  /* Editing keeps the stored secret unless a new one is typed. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_key_row),
                                 account ? _("Secret access key (unchanged if empty)")
                                         : _("Secret access key"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->passphrase_row),
                                 account ? _("Private key passphrase (unchanged if empty)")
                                         : _("Private key passphrase (optional)"));
  update_type_fields (self);
  validate_editor (self);

  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), self->editor_page);
  gtk_widget_grab_focus (account ? GTK_WIDGET (self->endpoint_row) : GTK_WIDGET (self->name_row));
}

static void
on_add (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  open_editor (LF_ACCOUNTS_WINDOW (widget), NULL);
}

static void
on_edit (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  LfAccountsWindow *self = LF_ACCOUNTS_WINDOW (widget);
  LfAccount *account = lf_account_store_lookup (self->store, g_variant_get_string (parameter, NULL));

  if (account != NULL)
    open_editor (self, account);
}

static void
on_back (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (widget));
}

static LfSecretKind
pending_secret (LfAccountsWindow  *self,
                const char       **secret)
{
  LfAuthType type = selected_type (self);

  *secret = NULL;
  if (type == LF_AUTH_ACCESS_KEY)
    {
      *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row));
      return LF_SECRET_ACCESS_KEY;
    }
  if (type == LF_AUTH_ROLES_ANYWHERE)
    *secret = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  return LF_SECRET_KEY_PASSPHRASE;
}

static void store_secret (LfAccountsWindow *self);

static void
on_store_secret_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LfAccountsWindow) self = user_data;   /* the reference store_secret() took */
  g_autoptr(GError) error = NULL;

  if (lf_account_store_store_secret_finish (LF_ACCOUNT_STORE (source), result, &error))
    {
      g_clear_pointer (&self->pending_secret_account, g_free);
      adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
      show_toast (self, _("Account saved"));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_NO_KEYRING))
    gtk_widget_set_visible (GTK_WIDGET (self->keyring_group), TRUE);
  else
    show_toast (self, error->message);
}

static void
store_secret (LfAccountsWindow *self)
{
  const char *secret;
  LfSecretKind kind = pending_secret (self, &secret);

  lf_account_store_store_secret_async (self->store, self->pending_secret_account, kind, secret,
                                       self->cancellable, on_store_secret_done,
                                       g_object_ref (self));
}

static void
on_session_only (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LfAccountsWindow *self = LF_ACCOUNTS_WINDOW (widget);

  lf_account_store_set_session_only (self->store, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_group), FALSE);
  if (self->pending_secret_account != NULL)
    store_secret (self);
}

static void
on_save (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  LfAccountsWindow *self = LF_ACCOUNTS_WINDOW (widget);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *endpoint = gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));
  LfAuthType type = selected_type (self);
  guint n_regions;
  const LfRegion *regions = lf_regions_get_all (&n_regions);
  guint region = adw_combo_row_get_selected (self->region_row);
  g_autoptr(LfAccount) account = NULL;
  g_autoptr(LfAccount) old = NULL;
  g_autoptr(GError) error = NULL;
  const char *secret;

  /* The pending secret is of an account saved already: only the keyring step is retried. */
  if (self->pending_secret_account != NULL)
    {
      store_secret (self);
      return;
    }
  if (!validate_editor (self))
    return;

  account = lf_account_new (name, type);
  if (region < n_regions)
    lf_account_set_region (account, regions[region].id);
  lf_account_set_endpoint_url (account, *endpoint != '\0' ? endpoint : NULL);
  for (guint i = 0; i < LF_ACCOUNT_N_FIELDS; i++)
    {
      const char *value = gtk_editable_get_text (GTK_EDITABLE (self->field_rows[i]));

      if (field_applies (type, i) && *value != '\0')
        lf_account_set_field (account, i, value);
    }

  if (self->editing != NULL)
    {
      LfAccount *existing = lf_account_store_lookup (self->store, self->editing);

      if (existing != NULL)
        {
          old = g_object_ref (existing);
          lf_account_set_is_default (account, lf_account_get_is_default (old));
          lf_account_set_allow_plain_http (account, lf_account_get_allow_plain_http (old));
          lf_account_set_ca_file (account, lf_account_get_ca_file (old));
          lf_account_set_duration_seconds (account, lf_account_get_duration_seconds (old));
          lf_account_store_remove (self->store, self->editing, NULL);
        }
    }
  else if (g_list_model_get_n_items (lf_account_store_get_accounts (self->store)) == 0)
    lf_account_set_is_default (account, TRUE);   /* the first account is the default */

  if (!lf_account_store_add (self->store, account, &error))
    {
      if (old != NULL)
        lf_account_store_add (self->store, old, NULL);
      show_toast (self, error->message);
      return;
    }
  if (!save_store (self))
    return;
  rebuild_list (self);

  pending_secret (self, &secret);
  if (secret != NULL && *secret != '\0')
    {
      self->pending_secret_account = g_strdup (name);
      store_secret (self);
      return;
    }
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  show_toast (self, _("Account saved"));
}

/* The window -------------------------------------------------------------------------------- */

static void
load_store (LfAccountsWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!lf_account_store_load (self->store, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_CORRUPT))
        message = g_strdup_printf (_("The accounts file could not be read, so it was set aside and the list starts empty. %s"),
                                   error->message);
      else
        message = g_strdup_printf (_("The accounts could not be loaded: %s"), error->message);
      gtk_label_set_text (self->load_error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->load_error_label), TRUE);
    }
  rebuild_list (self);
}

static void
lf_accounts_window_dispose (GObject *object)
{
  LfAccountsWindow *self = LF_ACCOUNTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_ACCOUNTS_WINDOW);

  G_OBJECT_CLASS (lf_accounts_window_parent_class)->dispose (object);
}

static void
lf_accounts_window_finalize (GObject *object)
{
  LfAccountsWindow *self = LF_ACCOUNTS_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_free (self->editing);
  g_free (self->pending_secret_account);

  G_OBJECT_CLASS (lf_accounts_window_parent_class)->finalize (object);
}

static void
lf_accounts_window_class_init (LfAccountsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_accounts_window_dispose;
  object_class->finalize = lf_accounts_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-accounts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, load_error_label);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, editor_page);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, editor_title);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, keyring_group);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, name_caption);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, type_row);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, region_row);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, endpoint_caption);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, fields_group);
  gtk_widget_class_bind_template_child (widget_class, LfAccountsWindow, save_button);

  gtk_widget_class_install_action (widget_class, "accounts.add", NULL, on_add);
  gtk_widget_class_install_action (widget_class, "accounts.edit", "s", on_edit);
  gtk_widget_class_install_action (widget_class, "accounts.remove", "s", on_remove);
  gtk_widget_class_install_action (widget_class, "accounts.set-default", "s", on_set_default);
  gtk_widget_class_install_action (widget_class, "accounts.test", "s", on_test);
  gtk_widget_class_install_action (widget_class, "accounts.save", NULL, on_save);
  gtk_widget_class_install_action (widget_class, "accounts.back", NULL, on_back);
  gtk_widget_class_install_action (widget_class, "accounts.session-only", NULL, on_session_only);
}

static void
lf_accounts_window_init (LfAccountsWindow *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) region_names = gtk_string_list_new (NULL);
  guint n_regions;
  const LfRegion *regions = lf_regions_get_all (&n_regions);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->store = lf_account_store_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (auth_type_labels); i++)
    gtk_string_list_append (types, _(auth_type_labels[i]));
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (types));
  for (guint i = 0; i < n_regions; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s (%s)", regions[i].id, regions[i].name);

      gtk_string_list_append (region_names, label);
    }
  adw_combo_row_set_model (self->region_row, G_LIST_MODEL (region_names));

  for (guint i = 0; i < LF_ACCOUNT_N_FIELDS; i++)
    {
      self->field_rows[i] = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->field_rows[i]),
                                     _(field_titles[i]));
      adw_preferences_group_add (self->fields_group, self->field_rows[i]);
    }
  self->secret_key_row = adw_password_entry_row_new ();
  adw_preferences_group_add (self->fields_group, self->secret_key_row);
  self->passphrase_row = adw_password_entry_row_new ();
  adw_preferences_group_add (self->fields_group, self->passphrase_row);

  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (on_editor_changed), self);
  g_signal_connect_swapped (self->endpoint_row, "changed", G_CALLBACK (on_editor_changed), self);
  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (update_type_fields),
                            self);

  load_store (self);
}

LfAccountsWindow *
lf_accounts_window_new (GtkWindow *parent)
{
  return g_object_new (LF_TYPE_ACCOUNTS_WINDOW,
                       "transient-for", parent,
                       NULL);
}

LfAccountStore *
lf_accounts_window_get_store (LfAccountsWindow *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNTS_WINDOW (self), NULL);
  return self->store;
}
