/* lf-account-store.h: the accounts' settings file and their secrets in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lf-account.h"
#include "lf-lambda-client.h"
#include "lf-mfa.h"

G_BEGIN_DECLS

/* The Secret Service schema: one item an account and kind of secret. */
#define LF_SECRET_SCHEMA_NAME "org.example.LambdaForms.Secret"

typedef enum
{
  LF_SECRET_ACCESS_KEY,       /* "secret-access-key" */
  LF_SECRET_SESSION_TOKEN,    /* "session-token" */
  LF_SECRET_KEY_PASSPHRASE,   /* "key-passphrase": of a Roles Anywhere private key */
} LfSecretKind;

const char *lf_secret_kind_to_string (LfSecretKind kind);

#define LF_TYPE_ACCOUNT_STORE (lf_account_store_get_type ())

G_DECLARE_FINAL_TYPE (LfAccountStore, lf_account_store, LF, ACCOUNT_STORE, GObject)

/* @path NULL: $XDG_CONFIG_HOME/lambda-forms/accounts.json. */
LfAccountStore *lf_account_store_new               (const char       *path);
const char     *lf_account_store_get_path          (LfAccountStore   *self);
/* A missing file is an empty store. A corrupt one is moved aside to
 * accounts.json.corrupt-YYYYMMDD-HHMMSS, the store is left empty, and the error
 * (LF_ACCOUNT_ERROR_CORRUPT) names the backup. */
gboolean        lf_account_store_load              (LfAccountStore   *self,
                                                    GError          **error);
/* Atomic: a new file renamed over the old, readable by its owner only. */
gboolean        lf_account_store_save              (LfAccountStore   *self,
                                                    GError          **error);
/* A GListModel of LfAccount, sorted by name. */
GListModel     *lf_account_store_get_accounts      (LfAccountStore   *self);
LfAccount      *lf_account_store_lookup            (LfAccountStore   *self,
                                                    const char       *name);
LfAccount      *lf_account_store_get_default       (LfAccountStore   *self);
/* Validates @account; a default account takes the flag from the others. */
gboolean        lf_account_store_add               (LfAccountStore   *self,
                                                    LfAccount        *account,
                                                    GError          **error);
gboolean        lf_account_store_remove            (LfAccountStore   *self,
                                                    const char       *name,
                                                    GError          **error);

/* Secrets. With session-only on, they are kept in this process's memory and wiped when the
 * store goes away; it is what to offer when the keyring is unreachable
 * (LF_ACCOUNT_ERROR_NO_KEYRING). Nothing ever falls back to a file. */
void            lf_account_store_set_session_only  (LfAccountStore   *self,
                                                    gboolean          session_only);
gboolean        lf_account_store_get_session_only  (LfAccountStore   *self);
void            lf_account_store_store_secret_async  (LfAccountStore      *self,
                                                      const char          *account_name,
                                                      LfSecretKind         kind,
                                                      const char          *secret,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        lf_account_store_store_secret_finish (LfAccountStore      *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* NULL without an error when no such secret is stored. Free with lf_secret_wipe(). */
void            lf_account_store_lookup_secret_async (LfAccountStore      *self,
                                                      const char          *account_name,
                                                      LfSecretKind         kind,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
char           *lf_account_store_lookup_secret_finish (LfAccountStore     *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
/* Every secret of the account, e.g. when it is removed. */
void            lf_account_store_clear_secrets_async (LfAccountStore      *self,
                                                      const char          *account_name,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        lf_account_store_clear_secrets_finish (LfAccountStore     *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

/* How accounts that need an MFA code ask for it (the UI's dialog, the CLI's prompt). */
void            lf_account_store_set_mfa_func      (LfAccountStore   *self,
                                                    LfMfaFunc         func,
                                                    gpointer          user_data,
                                                    GDestroyNotify    destroy);
/* Overrides for tests and self-hosted setups: the STS and Roles Anywhere endpoints. */
void            lf_account_store_set_service_endpoint (LfAccountStore *self,
                                                       const char     *service,
                                                       const char     *url);

/* The account's credentials, cached and refreshed before they expire. Secrets are read
 * from the keyring when credentials are first asked for, never here. */
LfCredentialsProvider *lf_account_create_provider  (LfAccount        *account,
                                                    LfAccountStore   *store,
                                                    GError          **error);
LfLambdaClient        *lf_account_create_client    (LfAccount        *account,
                                                    LfAccountStore   *store,
                                                    GError          **error);

G_END_DECLS
