/* lf-account-credentials-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include "lf-account-credentials-provider.h"
#include "lf-account-store-private.h"
#include "lf-aws-error.h"
#include "lf-credentials-util.h"
#include "lf-sandbox-credentials-file.h"
#include "lf-sandbox.h"

/* An assume-role account may take its source from another: this deep at most. */
#define MAX_SOURCE_DEPTH 8

struct _LfAccountCredentialsProvider
{
  GObject parent_instance;

  LfAccount *account;
  LfAccountStore *store;
  guint depth;
  LfCredentialsProvider *inner;
  char *description;
};

typedef struct
{
  char *secret;
  char *token;
  char *passphrase;
} Secrets;

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfAccountCredentialsProvider, lf_account_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
secrets_free (Secrets *secrets)
{
  lf_secret_wipe (secrets->secret);
  lf_secret_wipe (secrets->token);
  lf_secret_wipe (secrets->passphrase);
  g_free (secrets);
}

static LfCredentialsProvider *create_provider (LfAccount       *account,
                                               LfAccountStore  *store,
                                               guint            depth,
                                               GError         **error);

static const char *
lf_account_credentials_provider_describe (LfCredentialsProvider *provider)
{
  return LF_ACCOUNT_CREDENTIALS_PROVIDER (provider)->description;
}

static const char *
field (LfAccountCredentialsProvider *self,
       LfAccountField                which)
{
  return lf_account_get_field (self->account, which);
}

/* A sandbox started with its own random key leaves it where only this user can read it. */
static LfCredentialsProvider *
sandbox_provider_new (LfAccount  *account,
                      GError    **error)
{
  const char *url = lf_account_get_endpoint_url (account);
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) local_error = NULL;
  int port = uri ? g_uri_get_port (uri) : -1;

  if (port <= 0)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("The sandbox account “%s” needs the sandbox’s address with its port"),
                   lf_account_get_name (account));
      return NULL;
    }
  credentials = lf_sandbox_credentials_file_read ((guint) port, &local_error);
  if (credentials == NULL)
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS, local_error->message);
      return NULL;
    }
  return lf_static_credentials_provider_new (credentials);
}

static LfCredentialsProvider *
access_key_provider (LfAccountCredentialsProvider  *self,
                     Secrets                       *secrets,
                     GError                       **error)
{
  const char *name = lf_account_get_name (self->account);
  const char *key_id = field (self, LF_ACCOUNT_FIELD_ACCESS_KEY_ID);
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) local_error = NULL;

  if (secrets->secret == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("The account “%s” has no secret access key in the keyring"), name);
      return NULL;
    }
  if (!lf_credentials_validate (key_id, secrets->secret, &local_error))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS, _("The account “%s”: %s"),
                   name, local_error->message);
      return NULL;
    }
  credentials = lf_credentials_new (key_id, secrets->secret, secrets->token, NULL);
  return lf_static_credentials_provider_new (credentials);
}

/* A profile of ~/.aws, asking for MFA codes the way the store was told to. */
static LfCredentialsProvider *
profile_provider (LfAccountCredentialsProvider *self,
                  const char                   *profile)
{
  gpointer mfa_data = NULL;
  LfMfaFunc mfa_func = lf_account_store_get_mfa_func (self->store, &mfa_data);
  LfCredentialsProvider *provider = lf_profile_credentials_provider_new (profile, NULL);

  if (mfa_func != NULL)
    lf_profile_credentials_provider_set_mfa_func (LF_PROFILE_CREDENTIALS_PROVIDER (provider),
                                                  mfa_func, mfa_data, NULL);
  return provider;
}

/* What an assumed role starts from: another account (at most MAX_SOURCE_DEPTH deep), or a
 * profile of ~/.aws. */
static LfCredentialsProvider *
source_provider (LfAccountCredentialsProvider  *self,
                 GError                       **error)
{
  const char *name = lf_account_get_name (self->account);
  const char *source_account = field (self, LF_ACCOUNT_FIELD_SOURCE_ACCOUNT);
  g_autoptr(GError) local_error = NULL;
  LfCredentialsProvider *source;
  LfAccount *other;

  if (source_account == NULL)
    return profile_provider (self, field (self, LF_ACCOUNT_FIELD_SOURCE_PROFILE));

  other = lf_account_store_lookup (self->store, source_account);
  if (other == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("The account “%s” takes its source credentials from the account "
                     "“%s”, which does not exist"), name, source_account);
      return NULL;
    }
  if (self->depth >= MAX_SOURCE_DEPTH)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("The accounts' source_account settings go round in a loop "
                     "(through “%s”)"), name);
      return NULL;
    }
  source = create_provider (other, self->store, self->depth + 1, &local_error);
  if (source == NULL)
    g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                 _("The source account of “%s”: %s"), name, local_error->message);
  return source;
}

static LfCredentialsProvider *
assume_role_provider (LfAccountCredentialsProvider  *self,
                      GError                       **error)
{
  g_autoptr(LfCredentialsProvider) source = source_provider (self, error);
  gpointer mfa_data = NULL;
  LfMfaFunc mfa_func = lf_account_store_get_mfa_func (self->store, &mfa_data);
  LfAssumeRoleOptions options = { 0 };
  LfCredentialsProvider *sts;

  if (source == NULL)
    return NULL;
  options.role_arn = field (self, LF_ACCOUNT_FIELD_ROLE_ARN);
  options.session_name = field (self, LF_ACCOUNT_FIELD_SESSION_NAME);
  options.duration_seconds = lf_account_get_duration_seconds (self->account);
  options.external_id = field (self, LF_ACCOUNT_FIELD_EXTERNAL_ID);
  options.mfa_serial = field (self, LF_ACCOUNT_FIELD_MFA_SERIAL);
  options.region = lf_account_get_region (self->account);
  options.endpoint_url = lf_account_store_get_service_endpoint (self->store, "sts");
  sts = lf_sts_credentials_provider_new (source, &options, error);
  if (sts != NULL && mfa_func != NULL)
    lf_sts_credentials_provider_set_mfa_func (LF_STS_CREDENTIALS_PROVIDER (sts), mfa_func,
                                              mfa_data, NULL);
  return sts;
}

static LfCredentialsProvider *
roles_anywhere_provider (LfAccountCredentialsProvider  *self,
                         Secrets                       *secrets,
                         GError                       **error)
{
  LfRolesAnywhereOptions options = { 0 };

  options.trust_anchor_arn = field (self, LF_ACCOUNT_FIELD_TRUST_ANCHOR_ARN);
  options.profile_arn = field (self, LF_ACCOUNT_FIELD_PROFILE_ARN);
  options.role_arn = field (self, LF_ACCOUNT_FIELD_ROLE_ARN);
  options.certificate_path = field (self, LF_ACCOUNT_FIELD_CERTIFICATE_PATH);
  options.chain_path = field (self, LF_ACCOUNT_FIELD_CHAIN_PATH);
  options.private_key_path = field (self, LF_ACCOUNT_FIELD_PRIVATE_KEY_PATH);
  options.passphrase = secrets->passphrase;
  options.region = lf_account_get_region (self->account);
  options.session_name = field (self, LF_ACCOUNT_FIELD_SESSION_NAME);
  options.duration_seconds = lf_account_get_duration_seconds (self->account);
  options.endpoint_url = lf_account_store_get_service_endpoint (self->store, "rolesanywhere");
  return lf_roles_anywhere_credentials_provider_new (&options, error);
}

/* The provider the account's type calls for, given the secrets read for it. */
static LfCredentialsProvider *
build_inner (LfAccountCredentialsProvider  *self,
             Secrets                       *secrets,
             GError                       **error)
{
  switch (lf_account_get_auth_type (self->account))
    {
    case LF_AUTH_ACCESS_KEY:
      return access_key_provider (self, secrets, error);
    case LF_AUTH_PROFILE:
      return profile_provider (self, field (self, LF_ACCOUNT_FIELD_PROFILE_NAME));
    case LF_AUTH_INSTANCE_ROLE:
      if (lf_container_credentials_provider_is_configured (NULL))
        return lf_container_credentials_provider_new (NULL);
      return lf_imds_credentials_provider_new (NULL);
    case LF_AUTH_ASSUME_ROLE:
      return assume_role_provider (self, error);
    case LF_AUTH_ROLES_ANYWHERE:
      return roles_anywhere_provider (self, secrets, error);
    case LF_AUTH_SANDBOX:
      return sandbox_provider_new (self->account, error);
    default:
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("The account “%s” has an unknown authentication type"),
                   lf_account_get_name (self->account));
      return NULL;
    }
}

static void
ask_inner (GTask *task)
{
  LfAccountCredentialsProvider *self = g_task_get_source_object (task);

  lf_credentials_provider_get_credentials_async (self->inner, g_task_get_cancellable (task),
                                                 lf_credentials_forward_to_task, task);
}

/* The secrets this account's type needs, in order; the first is required for access keys. */
static const LfSecretKind access_key_secrets[] = { LF_SECRET_ACCESS_KEY, LF_SECRET_SESSION_TOKEN };
static const LfSecretKind roles_anywhere_secrets[] = { LF_SECRET_KEY_PASSPHRASE };

typedef struct
{
  const LfSecretKind *kinds;
  guint n_kinds;
  guint next;
  Secrets *secrets;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_pointer (&lookup->secrets, secrets_free);
  g_free (lookup);
}

static void lookup_next (GTask *task);

static void
on_secret (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LfAccountCredentialsProvider *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = lf_account_store_lookup_secret_finish (LF_ACCOUNT_STORE (object), result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                 _("The account “%s”: %s"), lf_account_get_name (self->account),
                                 error->message);
      return;
    }

  switch (lookup->kinds[lookup->next])
    {
    case LF_SECRET_ACCESS_KEY:
      lookup->secrets->secret = secret;
      break;
    case LF_SECRET_SESSION_TOKEN:
      lookup->secrets->token = secret;
      break;
    case LF_SECRET_KEY_PASSPHRASE:
    default:
      lookup->secrets->passphrase = secret;
      break;
    }
  lookup->next++;
  lookup_next (g_steal_pointer (&task));
}

static void
lookup_next (GTask *task)
{
  LfAccountCredentialsProvider *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  GError *error = NULL;

  if (lookup->next < lookup->n_kinds)
    {
      lf_account_store_lookup_secret_async (self->store, lf_account_get_name (self->account),
                                            lookup->kinds[lookup->next],
                                            g_task_get_cancellable (task), on_secret, task);
      return;
    }

  self->inner = build_inner (self, lookup->secrets, &error);
  g_clear_pointer (&lookup->secrets, secrets_free);
  if (self->inner == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  ask_inner (task);
}

static void
lf_account_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data)
{
  LfAccountCredentialsProvider *self = LF_ACCOUNT_CREDENTIALS_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Lookup *lookup;

  g_task_set_source_tag (task, lf_account_credentials_provider_get_credentials_async);

  if (self->inner != NULL)
    {
      ask_inner (task);
      return;
    }

  lookup = g_new0 (Lookup, 1);
  lookup->secrets = g_new0 (Secrets, 1);
  switch (lf_account_get_auth_type (self->account))
    {
    case LF_AUTH_ACCESS_KEY:
      lookup->kinds = access_key_secrets;
      lookup->n_kinds = G_N_ELEMENTS (access_key_secrets);
      break;
    case LF_AUTH_ROLES_ANYWHERE:
      lookup->kinds = roles_anywhere_secrets;
      lookup->n_kinds = G_N_ELEMENTS (roles_anywhere_secrets);
      break;
    case LF_AUTH_PROFILE:
    case LF_AUTH_INSTANCE_ROLE:
    case LF_AUTH_ASSUME_ROLE:
    case LF_AUTH_SANDBOX:
    default:
      break;
    }
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  lookup_next (task);
}

static char *
lf_account_credentials_provider_get_region (LfCredentialsProvider *provider)
{
  return g_strdup (lf_account_get_region (LF_ACCOUNT_CREDENTIALS_PROVIDER (provider)->account));
}

static void
lf_account_credentials_provider_invalidate (LfCredentialsProvider *provider)
{
  LfAccountCredentialsProvider *self = LF_ACCOUNT_CREDENTIALS_PROVIDER (provider);

  /* Rebuilt on the next request, with the secrets read again (they may have been fixed). */
  g_clear_object (&self->inner);
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->describe = lf_account_credentials_provider_describe;
  iface->get_credentials_async = lf_account_credentials_provider_get_credentials_async;
  iface->get_region = lf_account_credentials_provider_get_region;
  iface->invalidate = lf_account_credentials_provider_invalidate;
}

static void
lf_account_credentials_provider_dispose (GObject *object)
{
  LfAccountCredentialsProvider *self = (LfAccountCredentialsProvider *) object;

  g_clear_object (&self->inner);
  g_clear_object (&self->account);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (lf_account_credentials_provider_parent_class)->dispose (object);
}

static void
lf_account_credentials_provider_finalize (GObject *object)
{
  LfAccountCredentialsProvider *self = (LfAccountCredentialsProvider *) object;

  g_free (self->description);

  G_OBJECT_CLASS (lf_account_credentials_provider_parent_class)->finalize (object);
}

static void
lf_account_credentials_provider_class_init (LfAccountCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_account_credentials_provider_dispose;
  G_OBJECT_CLASS (klass)->finalize = lf_account_credentials_provider_finalize;
}

static void
lf_account_credentials_provider_init (LfAccountCredentialsProvider *self)
{
}

static LfCredentialsProvider *
new_with_depth (LfAccount      *account,
                LfAccountStore *store,
                guint           depth)
{
  LfAccountCredentialsProvider *self = g_object_new (LF_TYPE_ACCOUNT_CREDENTIALS_PROVIDER, NULL);

  self->account = lf_account_copy (account);
  self->store = g_object_ref (store);
  self->depth = depth;
  self->description = g_strdup_printf ("account “%s” (%s)", lf_account_get_name (account),
                                       lf_auth_type_to_string (lf_account_get_auth_type (account)));
  return LF_CREDENTIALS_PROVIDER (self);
}

static LfCredentialsProvider *
create_provider (LfAccount       *account,
                 LfAccountStore  *store,
                 guint            depth,
                 GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;

  if (!lf_account_validate (account, &local_error))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT, "%s", local_error->message);
      return NULL;
    }

  provider = new_with_depth (account, store, depth);
  /* A profile re-reads ~/.aws and caches what expires itself; the rest is cached here. */
  if (lf_account_get_auth_type (account) == LF_AUTH_PROFILE)
    return g_steal_pointer (&provider);
  return lf_caching_credentials_provider_new (provider, LF_CACHING_DEFAULT_REFRESH_SECONDS);
}

LfCredentialsProvider *
lf_account_create_provider (LfAccount       *account,
                            LfAccountStore  *store,
                            GError         **error)
{
  g_return_val_if_fail (LF_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (LF_IS_ACCOUNT_STORE (store), NULL);

  return create_provider (account, store, 0, error);
}

LfLambdaClient *
lf_account_create_client (LfAccount       *account,
                          LfAccountStore  *store,
                          GError         **error)
{
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfLambdaClient) client = NULL;
  const char *ca_file = lf_account_get_ca_file (account);

  /* Sent to AWS, the sandbox's keys would only fail; say what is missing instead. */
  if (lf_account_get_auth_type (account) == LF_AUTH_SANDBOX &&
      lf_account_get_endpoint_url (account) == NULL)
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                   _("The sandbox account “%s” has no endpoint URL: outside the app, give it "
                     "the address of a running sandbox (http://127.0.0.1:PORT)"),
                   lf_account_get_name (account));
      return NULL;
    }
  provider = lf_account_create_provider (account, store, error);
  if (provider == NULL)
    return NULL;
  client = lf_lambda_client_new (provider, lf_account_get_region (account),
                                 lf_account_get_endpoint_url (account), error);
  if (client == NULL)
    return NULL;
  /* A self-hosted endpoint's own certificate authority, trusted for this account only. */
  if (ca_file != NULL && ca_file[0] != '\0' &&
      !lf_lambda_client_set_ca_file (client, ca_file, error))
    return NULL;
  lf_lambda_client_set_account_name (client, lf_account_get_name (account));
  return g_steal_pointer (&client);
}
