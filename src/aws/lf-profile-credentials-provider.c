/* lf-profile-credentials-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include "lf-aws-config.h"
#include "lf-aws-error.h"
#include "lf-profile-credentials-provider.h"

struct _LfProfileCredentialsProvider
{
  GObject parent_instance;

  char *profile;       /* NULL: from the environment when asked */
  char **envp;
  char *description;
};

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfProfileCredentialsProvider, lf_profile_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static const char *
profile_name (LfProfileCredentialsProvider *self)
{
  return self->profile ? self->profile
                       : lf_aws_config_default_profile ((const char * const *) self->envp);
}

static const char *
lf_profile_credentials_provider_describe (LfCredentialsProvider *provider)
{
  LfProfileCredentialsProvider *self = LF_PROFILE_CREDENTIALS_PROVIDER (provider);

  g_free (self->description);
  self->description = g_strdup_printf ("profile “%s”", profile_name (self));
  return self->description;
}

/* Reading two small files is quick; it is done on each request for fresh credentials, so an
 * edit of ~/.aws/credentials takes effect without a restart. */
static LfCredentials *
load_credentials (LfProfileCredentialsProvider  *self,
                  GError                       **error)
{
  g_autoptr(LfAwsConfig) config = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name = profile_name (self);
  const char *key_id;
  const char *secret;
  const char *token;
  const char *key_where = NULL;
  const char *where = NULL;
  static const char * const later_keys[] = {
    "role_arn", "credential_process", "sso_session", "sso_start_url", "web_identity_token_file",
  };

  config = lf_aws_config_load ((const char * const *) self->envp, error);
  if (config == NULL)
    return NULL;

  if (!lf_aws_config_has_profile (config, name))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   "The AWS profile “%s” is not in the shared credentials or config file", name);
      return NULL;
    }

  key_id = lf_aws_config_get (config, name, "aws_access_key_id", &key_where);
  secret = lf_aws_config_get (config, name, "aws_secret_access_key", &where);
  token = lf_aws_config_get (config, name, "aws_session_token", NULL);

  if (key_id == NULL || secret == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (later_keys); i++)
        {
          if (lf_aws_config_get (config, name, later_keys[i], &where) != NULL)
            {
              g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           "The AWS profile “%s” gets its credentials through %s (%s), which this "
                           "version cannot use yet; give it aws_access_key_id and "
                           "aws_secret_access_key", name, later_keys[i], where);
              return NULL;
            }
        }

      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   "The AWS profile “%s” has no %s", name,
                   key_id == NULL ? "aws_access_key_id" : "aws_secret_access_key");
      return NULL;
    }

  if (!lf_credentials_validate (key_id, secret, &local_error))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   "The AWS profile “%s” (%s): %s", name, key_where, local_error->message);
      return NULL;
    }

  return lf_credentials_new (key_id, secret, token, NULL);
}

static void
lf_profile_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data)
{
  LfProfileCredentialsProvider *self = LF_PROFILE_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  LfCredentials *credentials;

  g_task_set_source_tag (task, lf_profile_credentials_provider_get_credentials_async);

  credentials = load_credentials (self, &error);
  if (credentials == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, (GDestroyNotify) lf_credentials_unref);
}

static LfCredentials *
lf_profile_credentials_provider_get_credentials_finish (LfCredentialsProvider  *provider,
                                                        GAsyncResult           *result,
                                                        GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
lf_profile_credentials_provider_get_region (LfCredentialsProvider *provider)
{
  LfProfileCredentialsProvider *self = LF_PROFILE_CREDENTIALS_PROVIDER (provider);
  g_autoptr(LfAwsConfig) config = lf_aws_config_load ((const char * const *) self->envp, NULL);

  if (config == NULL)
    return NULL;
  return g_strdup (lf_aws_config_get (config, profile_name (self), "region", NULL));
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->describe = lf_profile_credentials_provider_describe;
  iface->get_credentials_async = lf_profile_credentials_provider_get_credentials_async;
  iface->get_credentials_finish = lf_profile_credentials_provider_get_credentials_finish;
  iface->get_region = lf_profile_credentials_provider_get_region;
}

static void
lf_profile_credentials_provider_finalize (GObject *object)
{
  LfProfileCredentialsProvider *self = (LfProfileCredentialsProvider *) object;

  g_clear_pointer (&self->profile, g_free);
  g_clear_pointer (&self->envp, g_strfreev);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (lf_profile_credentials_provider_parent_class)->finalize (object);
}

static void
lf_profile_credentials_provider_class_init (LfProfileCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_profile_credentials_provider_finalize;
}

static void
lf_profile_credentials_provider_init (LfProfileCredentialsProvider *self)
{
}

LfCredentialsProvider *
lf_profile_credentials_provider_new (const char         *profile,
                                     const char * const *envp)
{
  LfProfileCredentialsProvider *self = g_object_new (LF_TYPE_PROFILE_CREDENTIALS_PROVIDER, NULL);

  self->profile = (profile && *profile) ? g_strdup (profile) : NULL;
  self->envp = envp ? g_strdupv ((char **) envp) : NULL;

  return LF_CREDENTIALS_PROVIDER (self);
}
