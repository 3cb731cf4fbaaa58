/* lf-account-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "lf-json-util.h"
#include "lf-account-store-private.h"
#include "lf-credentials.h"

#define FORMAT_VERSION 1

struct _LfAccountStore
{
  GObject parent_instance;

  char *path;
  GListStore *accounts;
  gboolean session_only;
  /* "ACCOUNT\nKIND" -> secret, for session-only secrets; wiped on finalize */
  GHashTable *memory;

  LfMfaFunc mfa_func;
  gpointer mfa_data;
  GDestroyNotify mfa_destroy;
  GHashTable *endpoints;   /* service -> URL */
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_SESSION_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfAccountStore, lf_account_store, G_TYPE_OBJECT)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    LF_SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };
  return &schema;
}

const char *
lf_secret_kind_to_string (LfSecretKind kind)
{
  switch (kind)
    {
    case LF_SECRET_ACCESS_KEY:
      return "secret-access-key";
    case LF_SECRET_SESSION_TOKEN:
      return "session-token";
    case LF_SECRET_KEY_PASSPHRASE:
      return "key-passphrase";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
lf_account_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LfAccountStore *self = LF_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_SESSION_ONLY:
      g_value_set_boolean (value, self->session_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_account_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LfAccountStore *self = LF_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      if (self->path == NULL)
        self->path = g_build_filename (g_get_user_config_dir (), "lambda-forms", "accounts.json",
                                       NULL);
      break;
    case PROP_SESSION_ONLY:
      lf_account_store_set_session_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_account_store_dispose (GObject *object)
{
  LfAccountStore *self = (LfAccountStore *) object;

  if (self->mfa_destroy != NULL)
    self->mfa_destroy (self->mfa_data);
  self->mfa_destroy = NULL;
  self->mfa_func = NULL;
  if (self->accounts != NULL)
    g_list_store_remove_all (self->accounts);

  G_OBJECT_CLASS (lf_account_store_parent_class)->dispose (object);
}

static void
lf_account_store_finalize (GObject *object)
{
  LfAccountStore *self = (LfAccountStore *) object;

  g_clear_object (&self->accounts);
  g_clear_pointer (&self->memory, g_hash_table_unref);   /* wipes each secret */
  g_clear_pointer (&self->endpoints, g_hash_table_unref);
  g_free (self->path);

  G_OBJECT_CLASS (lf_account_store_parent_class)->finalize (object);
}

static void
lf_account_store_class_init (LfAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lf_account_store_get_property;
  object_class->set_property = lf_account_store_set_property;
  object_class->dispose = lf_account_store_dispose;
  object_class->finalize = lf_account_store_finalize;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION_ONLY] =
    g_param_spec_boolean ("session-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_account_store_init (LfAccountStore *self)
{
  self->accounts = g_list_store_new (LF_TYPE_ACCOUNT);
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) lf_secret_wipe);
  self->endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

LfAccountStore *
lf_account_store_new (const char *path)
{
  return g_object_new (LF_TYPE_ACCOUNT_STORE, "path", path, NULL);
}

const char *
lf_account_store_get_path (LfAccountStore *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT_STORE (self), NULL);
  return self->path;
}

GListModel *
lf_account_store_get_accounts (LfAccountStore *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT_STORE (self), NULL);
  return G_LIST_MODEL (self->accounts);
}

static gboolean
find (LfAccountStore *self,
      const char     *name,
      guint          *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LfAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (g_strcmp0 (lf_account_get_name (account), name) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

LfAccount *
lf_account_store_lookup (LfAccountStore *self,
                         const char     *name)
{
  guint position;

  g_return_val_if_fail (LF_IS_ACCOUNT_STORE (self), NULL);

  if (name == NULL || !find (self, name, &position))
    return NULL;
  /* The store keeps a reference: hand out a borrowed pointer. */
  {
    LfAccount *account = g_list_model_get_item (G_LIST_MODEL (self->accounts), position);
    g_object_unref (account);
    return account;
  }
}

LfAccount *
lf_account_store_get_default (LfAccountStore *self)
{
  guint n;

  g_return_val_if_fail (LF_IS_ACCOUNT_STORE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; i < n; i++)
    {
      LfAccount *account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      g_object_unref (account);
      if (lf_account_get_is_default (account))
        return account;
    }
  return NULL;
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return g_strcmp0 (lf_account_get_name ((LfAccount *) a), lf_account_get_name ((LfAccount *) b));
}

static void
insert_account (LfAccountStore *self,
                LfAccount      *account)
{
  if (lf_account_get_is_default (account))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LfAccount) other = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
          lf_account_set_is_default (other, FALSE);
        }
    }
  g_list_store_insert_sorted (self->accounts, account, compare_accounts, NULL);
}

gboolean
lf_account_store_add (LfAccountStore  *self,
                      LfAccount       *account,
                      GError         **error)
{
  guint position;

  g_return_val_if_fail (LF_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (LF_IS_ACCOUNT (account), FALSE);

  if (!lf_account_validate (account, error))
    return FALSE;
  if (find (self, lf_account_get_name (account), &position))
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_EXISTS,
                   _("An account named “%s” exists already"), lf_account_get_name (account));
      return FALSE;
    }
  insert_account (self, account);
  return TRUE;
}

gboolean
lf_account_store_remove (LfAccountStore  *self,
                         const char      *name,
                         GError         **error)
{
  guint position;

  g_return_val_if_fail (LF_IS_ACCOUNT_STORE (self), FALSE);

  if (name == NULL || !find (self, name, &position))
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_NOT_FOUND,
                   _("There is no account named “%s”"), name ? name : "");
      return FALSE;
    }
  g_list_store_remove (self->accounts, position);
  return TRUE;
}

/* The settings file ------------------------------------------------------------------------ */

static LfAccount *
account_from_json (JsonNode  *node,
                   guint      index,
                   GError   **error)
{
  g_autoptr(LfAccount) account = NULL;
  JsonObject *object;
  const char *name;
  const char *type_text;
  LfAuthType type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_CORRUPT,
                   _("account %u is not a JSON object"), index + 1);
      return NULL;
    }
  object = json_node_get_object (node);
  name = lf_json_object_get_string_member_or_null (object, "name");
  type_text = lf_json_object_get_string_member_or_null (object, "type");
  if (!lf_account_validate_name (name, NULL))
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_CORRUPT,
                   _("account %u has no valid name"), index + 1);
      return NULL;
    }
  if (!lf_auth_type_from_string (type_text, &type))
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_CORRUPT,
                   _("the account “%s” has an unknown type “%s”"), name,
                   type_text ? type_text : "");
      return NULL;
    }

  account = lf_account_new (name, type);
  lf_account_set_region (account, lf_json_object_get_string_member_or_null (object, "region"));
  lf_account_set_endpoint_url (account,
                               lf_json_object_get_string_member_or_null (object, "endpoint_url"));
  lf_account_set_ca_file (account, lf_json_object_get_string_member_or_null (object, "ca_file"));
  lf_account_set_allow_plain_http (account,
                                   json_object_get_boolean_member_with_default (
                                     object, "allow_plain_http", FALSE));
  lf_account_set_is_default (account,
                             json_object_get_boolean_member_with_default (object, "default",
                                                                          FALSE));
  lf_account_set_duration_seconds (account,
                                   (guint) CLAMP (json_object_get_int_member_with_default (
                                                    object, "duration_seconds", 0), 0, 43200));
  for (guint i = 0; i < LF_ACCOUNT_N_FIELDS; i++)
    lf_account_set_field (account, i,
                          lf_json_object_get_string_member_or_null (object,
                                                                    lf_account_field_get_key (i)));

  return g_steal_pointer (&account);
}

/* Moves a file that cannot be read aside, never over an earlier backup. */
static char *
keep_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *backup = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  for (guint n = 2; g_file_test (backup, G_FILE_TEST_EXISTS); n++)
    {
      g_free (backup);
      backup = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }
  if (g_rename (path, backup) != 0)
    {
      int saved = errno;
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_IO,
                   _("The accounts file %s is unreadable and could not be moved aside: %s"), path,
                   g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&backup);
}

static gboolean
parse_settings (LfAccountStore  *self,
                const char      *data,
                gsize            length,
                GPtrArray       *loaded,
                GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) document = NULL;
  JsonObject *root;
  JsonNode *accounts;
  JsonArray *array;

  document = lf_json_parse (data, length, &local_error);
  if (document == NULL)
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_CORRUPT, "%s",
                   local_error->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error_literal (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_CORRUPT,
                           _("the file is not a JSON object"));
      return FALSE;
    }
  root = json_node_get_object (document);
  if (json_object_get_int_member_with_default (root, "version", FORMAT_VERSION) > FORMAT_VERSION)
    {
      /* Written by a newer version: not corrupt, but not ours to rewrite either. */
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_IO,
                   _("%s was written by a newer LambdaForms"), self->path);
      return FALSE;
    }
  accounts = json_object_get_member (root, "accounts");
  if (accounts == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (accounts))
    {
      g_set_error_literal (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_CORRUPT,
                           _("“accounts” is not a list"));
      return FALSE;
    }
  array = json_node_get_array (accounts);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      LfAccount *account = account_from_json (json_array_get_element (array, i), i, error);

      if (account == NULL)
        return FALSE;
      g_ptr_array_add (loaded, account);
    }
  return TRUE;
}

gboolean
lf_account_store_load (LfAccountStore  *self,
                       GError         **error)
{
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (LF_IS_ACCOUNT_STORE (self), FALSE);

  g_list_store_remove_all (self->accounts);

  if (!g_file_get_contents (self->path, &data, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_IO,
                   _("Could not read the accounts file: %s"), local_error->message);
      return FALSE;
    }

  if (!parse_settings (self, data, length, loaded, &local_error))
    {
      g_autofree char *backup = NULL;

      if (!g_error_matches (local_error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_CORRUPT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      backup = keep_aside (self->path, error);
      if (backup == NULL)
        return FALSE;
      /* Reported through @error; the log keeps a trace for bug reports. */
      g_debug ("The accounts file %s is corrupt (%s); it was kept as %s", self->path,
               local_error->message, backup);
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_CORRUPT,
                   _("The accounts file %s is corrupt (%s). It was kept as %s and the account "
                     "list starts empty"), self->path, local_error->message, backup);
      return FALSE;
    }

  for (guint i = 0; i < loaded->len; i++)
    insert_account (self, g_ptr_array_index (loaded, i));
  return TRUE;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

gboolean
lf_account_store_save (LfAccountStore  *self,
                       GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  gsize length = 0;
  guint n;

  g_return_val_if_fail (LF_IS_ACCOUNT_STORE (self), FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LfAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      /* Only settings: secrets have no member here, by construction. */
      json_builder_begin_object (builder);
      add_string (builder, "name", lf_account_get_name (account));
      add_string (builder, "type", lf_auth_type_to_string (lf_account_get_auth_type (account)));
      add_string (builder, "region", lf_account_get_region (account));
      add_string (builder, "endpoint_url", lf_account_get_endpoint_url (account));
      if (lf_account_get_allow_plain_http (account))
        {
          json_builder_set_member_name (builder, "allow_plain_http");
          json_builder_add_boolean_value (builder, TRUE);
        }
      add_string (builder, "ca_file", lf_account_get_ca_file (account));
      if (lf_account_get_is_default (account))
        {
          json_builder_set_member_name (builder, "default");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (lf_account_get_duration_seconds (account) != 0)
        {
          json_builder_set_member_name (builder, "duration_seconds");
          json_builder_add_int_value (builder, lf_account_get_duration_seconds (account));
        }
      for (guint f = 0; f < LF_ACCOUNT_N_FIELDS; f++)
        add_string (builder, lf_account_field_get_key (f), lf_account_get_field (account, f));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &length);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_IO, _("Could not create %s: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }
  /* A temporary file, synced and renamed over the old one: a crash leaves either. */
  if (!g_file_set_contents_full (self->path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_IO,
                   _("Could not save the accounts: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Secrets ---------------------------------------------------------------------------------- */

void
lf_account_store_set_session_only (LfAccountStore *self,
                                   gboolean        session_only)
{
  g_return_if_fail (LF_IS_ACCOUNT_STORE (self));

  session_only = !!session_only;
  if (self->session_only == session_only)
    return;
  self->session_only = session_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_ONLY]);
}

gboolean
lf_account_store_get_session_only (LfAccountStore *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT_STORE (self), FALSE);
  return self->session_only;
}

static char *
memory_key (const char   *account_name,
            LfSecretKind  kind)
{
  return g_strdup_printf ("%s\n%s", account_name, lf_secret_kind_to_string (kind));
}

/* libsecret's failures in this module's words. */
static GError *
keyring_error (GError *error)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  if (error->domain == SECRET_ERROR && error->code == SECRET_ERROR_IS_LOCKED)
    mapped = g_error_new (LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_KEYRING_LOCKED,
                          _("The keyring is locked and was not unlocked: %s"), error->message);
  else if (error->domain == SECRET_ERROR)
    mapped = g_error_new (LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_KEYRING,
                          _("The keyring refused: %s"), error->message);
  else
    mapped = g_error_new (LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_NO_KEYRING,
                          _("No keyring is reachable (no Secret Service on the session D-Bus: "
                            "%s). Secrets can be kept for this session only, in memory, until "
                            "LambdaForms quits"), error->message);
  g_error_free (error);
  return mapped;
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, keyring_error (error));
}

void
lf_account_store_store_secret_async (LfAccountStore      *self,
                                     const char          *account_name,
                                     LfSecretKind         kind,
                                     const char          *secret,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (LF_IS_ACCOUNT_STORE (self));
  g_return_if_fail (account_name != NULL && secret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_account_store_store_secret_async);

  if (self->session_only)
    {
      g_hash_table_replace (self->memory, memory_key (account_name, kind), g_strdup (secret));
      g_task_return_boolean (task, TRUE);
      return;
    }

  label = g_strdup_printf (_("LambdaForms account “%s” (%s)"), account_name,
                           lf_secret_kind_to_string (kind));
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                         on_stored, g_steal_pointer (&task),
                         "account", account_name,
                         "kind", lf_secret_kind_to_string (kind),
                         NULL);
}

gboolean
lf_account_store_store_secret_finish (LfAccountStore  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_looked_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }
  /* Into our own allocation, so that one wipe-and-free fits every caller. */
  g_task_return_pointer (task, g_strdup (secret), (GDestroyNotify) lf_secret_wipe);
  secret_password_free (secret);
}

void
lf_account_store_lookup_secret_async (LfAccountStore      *self,
                                      const char          *account_name,
                                      LfSecretKind         kind,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  const char *remembered;

  g_return_if_fail (LF_IS_ACCOUNT_STORE (self));
  g_return_if_fail (account_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_account_store_lookup_secret_async);

  key = memory_key (account_name, kind);
  remembered = g_hash_table_lookup (self->memory, key);
  if (remembered != NULL || self->session_only)
    {
      g_task_return_pointer (task, g_strdup (remembered), (GDestroyNotify) lf_secret_wipe);
      return;
    }

  secret_password_lookup (get_schema (), cancellable, on_looked_up, g_steal_pointer (&task),
                          "account", account_name,
                          "kind", lf_secret_kind_to_string (kind),
                          NULL);
}

char *
lf_account_store_lookup_secret_finish (LfAccountStore  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_cleared (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
lf_account_store_clear_secrets_async (LfAccountStore      *self,
                                      const char          *account_name,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  static const LfSecretKind kinds[] = {
    LF_SECRET_ACCESS_KEY, LF_SECRET_SESSION_TOKEN, LF_SECRET_KEY_PASSPHRASE,
  };

  g_return_if_fail (LF_IS_ACCOUNT_STORE (self));
  g_return_if_fail (account_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_account_store_clear_secrets_async);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *key = memory_key (account_name, kinds[i]);
      g_hash_table_remove (self->memory, key);
    }

  if (self->session_only)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Without "kind", every item of the account matches. */
  secret_password_clear (get_schema (), cancellable, on_cleared, g_steal_pointer (&task),
                         "account", account_name,
                         NULL);
}

gboolean
lf_account_store_clear_secrets_finish (LfAccountStore  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* What providers read ---------------------------------------------------------------------- */

void
lf_account_store_set_mfa_func (LfAccountStore *self,
                               LfMfaFunc       func,
                               gpointer        user_data,
                               GDestroyNotify  destroy)
{
  g_return_if_fail (LF_IS_ACCOUNT_STORE (self));

  if (self->mfa_destroy != NULL)
    self->mfa_destroy (self->mfa_data);
  self->mfa_func = func;
  self->mfa_data = user_data;
  self->mfa_destroy = destroy;
}

LfMfaFunc
lf_account_store_get_mfa_func (LfAccountStore *self,
                               gpointer       *user_data)
{
  *user_data = self->mfa_data;
  return self->mfa_func;
}

void
lf_account_store_set_service_endpoint (LfAccountStore *self,
                                       const char     *service,
                                       const char     *url)
{
  g_return_if_fail (LF_IS_ACCOUNT_STORE (self));
  g_return_if_fail (service != NULL);

  if (url == NULL)
    g_hash_table_remove (self->endpoints, service);
  else
    g_hash_table_replace (self->endpoints, g_strdup (service), g_strdup (url));
}

const char *
lf_account_store_get_service_endpoint (LfAccountStore *self,
                                       const char     *service)
{
  return g_hash_table_lookup (self->endpoints, service);
}
