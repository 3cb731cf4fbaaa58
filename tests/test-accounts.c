/* test-accounts.c: accounts, their settings file and their secrets in a real keyring
 *
 * Runs under tests/with-keyring.sh (a private D-Bus session with an unlocked gnome-keyring);
 * the no-keyring case points the session bus nowhere on purpose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include <libsecret/secret.h>

#include "lf-account-credentials-provider.h"
#include "lf-account-store.h"
#include "lf-aws-error.h"
#include "lf-test-core.h"
#include "lf-sandbox-credentials-file.h"
#include "lf-sandbox.h"

#define TEST_SECRET "acct-secret-test-Qx7"
static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static gboolean
store_secret (LfAccountStore  *store,
              const char      *name,
              LfSecretKind     kind,
              const char      *secret,
              GError         **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  lf_account_store_store_secret_async (store, name, kind, secret, NULL, lf_test_keep_result, &result);
  ok = lf_account_store_store_secret_finish (store, lf_test_wait_result (&result), error);
  g_object_unref (result);
  return ok;
}

static char *
lookup_secret (LfAccountStore  *store,
               const char      *name,
               LfSecretKind     kind,
               GError         **error)
{
  GAsyncResult *result = NULL;
  char *secret;

  lf_account_store_lookup_secret_async (store, name, kind, NULL, lf_test_keep_result, &result);
  secret = lf_account_store_lookup_secret_finish (store, lf_test_wait_result (&result), error);
  g_object_unref (result);
  return secret;
}

static gboolean
clear_secrets (LfAccountStore  *store,
               const char      *name,
               GError         **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  lf_account_store_clear_secrets_async (store, name, NULL, lf_test_keep_result, &result);
  ok = lf_account_store_clear_secrets_finish (store, lf_test_wait_result (&result), error);
  g_object_unref (result);
  return ok;
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Rules ------------------------------------------------------------------------------------ */

static void
test_name_rule (void)
{
  const char *good[] = { "dev", "Prod_2", "a", "x_y_z9" };
  const char *bad[] = { "", "2dev", "_dev", "my dev", "dev-prod", "dév", "a.b",
                        "a23456789012345678901234567890123456789012345678901234567890123456" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (lf_account_validate_name (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (lf_account_validate_name (bad[i], &error));
      g_assert_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID);
    }
}

static void
test_url_rule (void)
{
  struct { const char *url; gboolean allow; gboolean ok; } cases[] = {
    { "https://lambda.example.com", FALSE, TRUE },
    { "http://127.0.0.1:9000", FALSE, TRUE },
    { "http://localhost:4566", FALSE, TRUE },
    { "http://[::1]:9000", FALSE, TRUE },
    { "http://lambda.example.com", FALSE, FALSE },
    { "http://lambda.example.com", TRUE, TRUE },
    { "ftp://example.com", TRUE, FALSE },
    { "example.com", TRUE, FALSE },
    { "https://", TRUE, FALSE },
    { "https://exa mple.com", TRUE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = lf_account_validate_endpoint (cases[i].url, cases[i].allow, &error);

      if (ok != cases[i].ok)
        g_test_fail_printf ("%s (allow %d): expected %s", cases[i].url, cases[i].allow,
                            cases[i].ok ? "valid" : "invalid");
      if (!ok)
        g_assert_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID);
    }
}

static void
test_type_rules (void)
{
  g_autoptr(LfAccount) role = lf_account_new ("role", LF_AUTH_ASSUME_ROLE);
  g_autoptr(LfAccount) sandbox = lf_account_new ("local", LF_AUTH_SANDBOX);
  g_autoptr(LfAccount) key = lf_account_new ("key", LF_AUTH_ACCESS_KEY);
  g_autoptr(GError) error = NULL;

  lf_account_set_region (role, "eu-west-1");
  lf_account_set_field (role, LF_ACCOUNT_FIELD_ROLE_ARN, "arn:aws:iam::123456789012:role/R");
  g_assert_false (lf_account_validate (role, &error));
  g_assert_nonnull (strstr (error->message, "source_account and source_profile"));
  g_clear_error (&error);
  lf_account_set_field (role, LF_ACCOUNT_FIELD_SOURCE_PROFILE, "base");
  g_assert_true (lf_account_validate (role, &error));
  g_assert_no_error (error);
  lf_account_set_duration_seconds (role, 60);
  g_assert_false (lf_account_validate (role, &error));
  g_clear_error (&error);

  /* Without a URL, the sandbox the app starts itself: valid, but no client outside the app. */
  lf_account_set_region (sandbox, "us-east-1");
  g_assert_true (lf_account_validate (sandbox, &error));
  g_assert_no_error (error);
  {
    g_autoptr(LfLambdaClient) client = lf_account_create_client (sandbox, NULL, &error);

    g_assert_null (client);
    g_assert_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "endpoint URL"));
    g_clear_error (&error);
  }

  lf_account_set_region (key, "eu-wast-1");
  lf_account_set_field (key, LF_ACCOUNT_FIELD_ACCESS_KEY_ID, "AKIDTESTKEY");
  g_assert_false (lf_account_validate (key, &error));
  g_assert_nonnull (strstr (error->message, "eu-wast-1"));
  g_clear_error (&error);
  lf_account_set_region (key, "eu-west-1");
  lf_account_set_endpoint_url (key, "http://lambda.example.com");
  g_assert_false (lf_account_validate (key, &error));
  g_clear_error (&error);
  lf_account_set_allow_plain_http (key, TRUE);
  g_assert_true (lf_account_validate (key, NULL));
}

/* The settings file ------------------------------------------------------------------------ */

static LfAccount *
full_account (void)
{
  LfAccount *account = lf_account_new ("anywhere", LF_AUTH_ROLES_ANYWHERE);

  lf_account_set_region (account, "us-west-2");
  lf_account_set_endpoint_url (account, "https://lambda.example.com");
  lf_account_set_is_default (account, TRUE);
  lf_account_set_duration_seconds (account, 1800);
  lf_account_set_field (account, LF_ACCOUNT_FIELD_ROLE_ARN, "arn:aws:iam::123456789012:role/R");
  lf_account_set_field (account, LF_ACCOUNT_FIELD_TRUST_ANCHOR_ARN,
                        "arn:aws:rolesanywhere:us-west-2:123456789012:trust-anchor/t");
  lf_account_set_field (account, LF_ACCOUNT_FIELD_PROFILE_ARN,
                        "arn:aws:rolesanywhere:us-west-2:123456789012:profile/p");
  lf_account_set_field (account, LF_ACCOUNT_FIELD_CERTIFICATE_PATH, "/etc/lf/cert.pem");
  lf_account_set_field (account, LF_ACCOUNT_FIELD_PRIVATE_KEY_PATH, "/etc/lf/key.pem");
  lf_account_set_field (account, LF_ACCOUNT_FIELD_SESSION_NAME, "lf-desktop");
  return account;
}

static void
test_round_trip (void)
{
  g_autofree char *path = tmp_path ("round-trip/sub/accounts.json");
  g_autoptr(LfAccountStore) store = lf_account_store_new (path);
  g_autoptr(LfAccountStore) again = lf_account_store_new (path);
  g_autoptr(LfAccount) account = full_account ();
  g_autoptr(LfAccount) local = lf_account_new ("local", LF_AUTH_SANDBOX);
  g_autoptr(LfAccount) dup = lf_account_new ("local", LF_AUTH_SANDBOX);
  g_autoptr(GError) error = NULL;
  LfAccount *loaded;
  struct stat st;

  g_assert_true (lf_account_store_load (store, &error));   /* missing: empty */
  g_assert_cmpuint (g_list_model_get_n_items (lf_account_store_get_accounts (store)), ==, 0);

  g_assert_true (lf_account_store_add (store, account, &error));
  lf_account_set_region (local, "us-east-1");
  lf_account_set_endpoint_url (local, "http://127.0.0.1:9000");
  lf_account_set_is_default (local, TRUE);
  g_assert_true (lf_account_store_add (store, local, &error));
  g_assert_no_error (error);
  /* One default only: the newer one took the flag. */
  g_assert_false (lf_account_get_is_default (account));

  lf_account_set_region (dup, "us-east-1");
  lf_account_set_endpoint_url (dup, "http://127.0.0.1:9000");
  g_assert_false (lf_account_store_add (store, dup, &error));
  g_assert_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (lf_account_store_save (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (lf_account_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (lf_account_store_get_accounts (again)), ==, 2);
  loaded = lf_account_store_lookup (again, "anywhere");
  g_assert_nonnull (loaded);
  g_assert_cmpint (lf_account_get_auth_type (loaded), ==, LF_AUTH_ROLES_ANYWHERE);
  g_assert_cmpstr (lf_account_get_region (loaded), ==, "us-west-2");
  g_assert_cmpstr (lf_account_get_endpoint_url (loaded), ==, "https://lambda.example.com");
  g_assert_cmpuint (lf_account_get_duration_seconds (loaded), ==, 1800);
  for (guint f = 0; f < LF_ACCOUNT_N_FIELDS; f++)
    g_assert_cmpstr (lf_account_get_field (loaded, f), ==, lf_account_get_field (account, f));
  g_assert_false (lf_account_get_is_default (loaded));
  g_assert_true (lf_account_store_get_default (again) ==
                 lf_account_store_lookup (again, "local"));

  g_assert_true (lf_account_store_remove (again, "anywhere", &error));
  g_assert_false (lf_account_store_remove (again, "anywhere", &error));
  g_assert_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_NOT_FOUND);
}

static void
test_corrupt_kept_aside (void)
{
  g_autofree char *dir = tmp_path ("corrupt");
  g_autofree char *path = g_build_filename (dir, "accounts.json", NULL);
  g_autoptr(LfAccountStore) store = lf_account_store_new (path);
  g_autoptr(LfAccount) local = lf_account_new ("local", LF_AUTH_SANDBOX);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *garbage = "{\"accounts\": [{\"name\": \"dev\", \"type\": ";
  const char *name;
  guint backups = 0;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, garbage, -1, &error);
  g_assert_no_error (error);

  g_assert_false (lf_account_store_load (store, &error));
  g_assert_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, ".corrupt-"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The store is usable, and saving does not touch the backup. */
  lf_account_set_region (local, "us-east-1");
  lf_account_set_endpoint_url (local, "http://127.0.0.1:9000");
  g_assert_true (lf_account_store_add (store, local, NULL));
  g_assert_true (lf_account_store_save (store, NULL));

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_prefix (name, "accounts.json.corrupt-"))
        {
          g_autofree char *backup = g_build_filename (dir, name, NULL);
          g_autofree char *kept = read_file (backup);

          g_assert_cmpstr (kept, ==, garbage);
          backups++;
        }
    }
  g_assert_cmpuint (backups, ==, 1);

  /* A structurally wrong file (valid JSON) is corrupt too. */
  g_file_set_contents (path, "{\"accounts\": [{\"name\": \"x\", \"type\": \"magic\"}]}", -1, NULL);
  g_clear_error (&error);
  g_assert_false (lf_account_store_load (store, &error));
  g_assert_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "magic"));
}

static void
test_atomic_save (void)
{
  g_autofree char *dir = tmp_path ("atomic");
  g_autofree char *path = g_build_filename (dir, "accounts.json", NULL);
  g_autoptr(LfAccountStore) store = lf_account_store_new (path);
  g_autoptr(LfAccount) account = full_account ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  struct stat st_before;
  struct stat st_after;
  const char *name;

  g_assert_true (lf_account_store_add (store, account, NULL));
  g_assert_true (lf_account_store_save (store, &error));
  before = read_file (path);
  g_assert_cmpint (g_stat (path, &st_before), ==, 0);

  lf_account_set_region (account, "eu-north-1");
  g_assert_true (lf_account_store_save (store, &error));
  after = read_file (path);
  g_assert_cmpint (g_stat (path, &st_after), ==, 0);

  /* A new file renamed over the old one, not the old one rewritten in place. */
  g_assert_cmpuint (st_before.st_ino, !=, st_after.st_ino);
  g_assert_nonnull (strstr (after, "eu-north-1"));
  g_assert_null (strstr (before, "eu-north-1"));

  /* No temporary file is left beside it. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_cmpstr (name, ==, "accounts.json");

  /* A directory where the file should go: the save fails, with an error. */
  {
    g_autofree char *blocked = g_build_filename (dir, "blocked", NULL);
    g_autofree char *inside = g_build_filename (blocked, "accounts.json", NULL);
    g_autoptr(LfAccountStore) other = lf_account_store_new (inside);

    g_mkdir_with_parents (inside, 0700);
    g_assert_false (lf_account_store_save (other, &error));
    g_assert_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_IO);
    g_rmdir (inside);
    g_rmdir (blocked);
  }
}

/* Secrets ---------------------------------------------------------------------------------- */

static void
test_keyring_round_trip (void)
{
  g_autofree char *path = tmp_path ("keyring/accounts.json");
  g_autoptr(LfAccountStore) store = lf_account_store_new (path);
  g_autoptr(LfAccountStore) fresh = lf_account_store_new (path);
  g_autoptr(LfAccount) account = lf_account_new ("keyed", LF_AUTH_ACCESS_KEY);
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings = NULL;
  char *secret;

  lf_account_set_region (account, "eu-west-1");
  lf_account_set_field (account, LF_ACCOUNT_FIELD_ACCESS_KEY_ID, "AKIDTESTKEYED");
  g_assert_true (lf_account_store_add (store, account, NULL));
  g_assert_true (store_secret (store, "keyed", LF_SECRET_ACCESS_KEY, TEST_SECRET, &error));
  g_assert_no_error (error);
  g_assert_true (store_secret (store, "keyed", LF_SECRET_SESSION_TOKEN, "acct-token-test", &error));
  g_assert_true (lf_account_store_save (store, &error));

  /* Another store, as after a restart: the secret comes from the keyring. */
  g_assert_true (lf_account_store_load (fresh, &error));
  secret = lookup_secret (fresh, "keyed", LF_SECRET_ACCESS_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, TEST_SECRET);
  lf_secret_wipe (secret);
  secret = lookup_secret (fresh, "keyed", LF_SECRET_KEY_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  provider = lf_account_create_provider (lf_account_store_lookup (fresh, "keyed"), fresh, &error);
  g_assert_no_error (error);
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (credentials), ==, "AKIDTESTKEYED");
  g_assert_cmpstr (lf_credentials_get_secret_access_key (credentials), ==, TEST_SECRET);
  g_assert_cmpstr (lf_credentials_get_session_token (credentials), ==, "acct-token-test");

  /* The settings file never holds a secret. */
  settings = read_file (path);
  g_assert_null (strstr (settings, TEST_SECRET));
  g_assert_null (strstr (settings, "acct-token-test"));

  g_assert_true (clear_secrets (fresh, "keyed", &error));
  secret = lookup_secret (fresh, "keyed", LF_SECRET_ACCESS_KEY, &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  /* Without its secret the account says so, naming no secret. */
  g_clear_object (&provider);
  g_clear_pointer (&credentials, lf_credentials_unref);
  provider = lf_account_create_provider (lf_account_store_lookup (fresh, "keyed"), fresh, &error);
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_null (credentials);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "no secret access key in the keyring"));
}

static void
test_no_keyring (void)
{
  g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);
  g_autoptr(GError) error = NULL;
  char *secret;

  if (!g_test_subprocess ())
    {
      /* In a child whose session bus is a socket nobody listens on: this process's own bus
       * connection, once made, would be reused. */
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-bus-here", tmp_dir);
      g_autofree char *saved = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      if (saved != NULL)
        g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved, TRUE);
      else
        g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_false (store_secret (store, "nokeyring", LF_SECRET_ACCESS_KEY, TEST_SECRET, &error));
  g_assert_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_NO_KEYRING);
  g_assert_nonnull (strstr (error->message, "No keyring is reachable"));
  g_assert_nonnull (strstr (error->message, "this session only"));
  g_assert_null (strstr (error->message, TEST_SECRET));
  g_clear_error (&error);

  /* The offered way out: memory only, for this session. */
  lf_account_store_set_session_only (store, TRUE);
  g_assert_true (store_secret (store, "nokeyring", LF_SECRET_ACCESS_KEY, TEST_SECRET, &error));
  g_assert_no_error (error);
  secret = lookup_secret (store, "nokeyring", LF_SECRET_ACCESS_KEY, &error);
  g_assert_cmpstr (secret, ==, TEST_SECRET);
  lf_secret_wipe (secret);

  /* And nothing was written anywhere for it. */
  g_assert_false (g_file_test (lf_account_store_get_path (store), G_FILE_TEST_EXISTS));
}

static void
test_sandbox_account (void)
{
  g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);
  g_autoptr(LfAccount) local = lf_account_new ("local", LF_AUTH_SANDBOX);
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  lf_account_set_region (local, "us-east-1");
  lf_account_set_endpoint_url (local, "http://127.0.0.1:9999");
  client = lf_account_create_client (local, store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_lambda_client_get_endpoint (client), ==, "http://127.0.0.1:9999");
  g_assert_cmpstr (lf_lambda_client_get_region (client), ==, "us-east-1");

  /* No sandbox of ours on that port: said plainly, before any request. */
  provider = lf_account_create_provider (local, store, &error);
  g_assert_no_error (error);
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_null (credentials);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS);
  lf_test_assert_message_contains (error, "9999");
  g_clear_error (&error);
  g_clear_object (&provider);

  /* The key a sandbox program left for its user is the one used. */
  {
    g_autoptr(LfCredentials) published = lf_credentials_new ("LFSBTESTKEYID0000000", TEST_SECRET,
                                                             "sandbox-token", NULL);
    g_autofree char *path = lf_sandbox_credentials_file_path (9999);
    GStatBuf st;

    g_assert_true (lf_sandbox_credentials_file_write (9999, published, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  provider = lf_account_create_provider (local, store, &error);
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (credentials), ==, "LFSBTESTKEYID0000000");
  g_assert_cmpstr (lf_credentials_get_session_token (credentials), ==, "sandbox-token");
  lf_sandbox_credentials_file_remove (9999);

  /* An invalid account yields no client. */
  lf_account_set_endpoint_url (local, "http://192.0.2.7:9000");
  g_clear_object (&client);
  client = lf_account_create_client (local, store, &error);
  g_assert_null (client);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
}

static void
test_source_account_loop (void)
{
  g_autoptr(LfAccountStore) store = lf_account_store_new (NULL);
  g_autoptr(LfAccount) a = lf_account_new ("a", LF_AUTH_ASSUME_ROLE);
  g_autoptr(LfAccount) b = lf_account_new ("b", LF_AUTH_ASSUME_ROLE);
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  lf_account_set_region (a, "us-east-1");
  lf_account_set_field (a, LF_ACCOUNT_FIELD_ROLE_ARN, "arn:aws:iam::123456789012:role/A");
  lf_account_set_field (a, LF_ACCOUNT_FIELD_SOURCE_ACCOUNT, "b");
  lf_account_set_region (b, "us-east-1");
  lf_account_set_field (b, LF_ACCOUNT_FIELD_ROLE_ARN, "arn:aws:iam::123456789012:role/B");
  lf_account_set_field (b, LF_ACCOUNT_FIELD_SOURCE_ACCOUNT, "a");
  g_assert_true (lf_account_store_add (store, a, NULL));
  g_assert_true (lf_account_store_add (store, b, NULL));

  provider = lf_account_create_provider (a, store, &error);
  g_assert_no_error (error);
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_null (credentials);
  g_assert_nonnull (strstr (error->message, "loop"));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("lf-test-accounts-XXXXXX", &error);
  g_assert_no_error (error);
  /* Nothing of the person running the tests is read or written. */
  {
    g_autofree char *config = g_build_filename (tmp_dir, "config", NULL);
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  }

  g_test_add_func ("/accounts/name-rule", test_name_rule);
  g_test_add_func ("/accounts/url-rule", test_url_rule);
  g_test_add_func ("/accounts/type-rules", test_type_rules);
  g_test_add_func ("/accounts/round-trip", test_round_trip);
  g_test_add_func ("/accounts/corrupt-kept-aside", test_corrupt_kept_aside);
  g_test_add_func ("/accounts/atomic-save", test_atomic_save);
  g_test_add_func ("/accounts/keyring-round-trip", test_keyring_round_trip);
  g_test_add_func ("/accounts/no-keyring", test_no_keyring);
  g_test_add_func ("/accounts/sandbox-account", test_sandbox_account);
  g_test_add_func ("/accounts/source-account-loop", test_source_account_loop);

  status = g_test_run ();

  /* libsecret keeps its service proxy for the process's life: let it go, for LeakSanitizer. */
  secret_service_disconnect ();

  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
