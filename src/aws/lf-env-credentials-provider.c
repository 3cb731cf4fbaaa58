/* lf-env-credentials-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include "lf-aws-error.h"
#include "lf-env-credentials-provider.h"

struct _LfEnvCredentialsProvider
{
  GObject parent_instance;

  char **envp;   /* NULL: the process environment */
};

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfEnvCredentialsProvider, lf_env_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static const char *
env_get (LfEnvCredentialsProvider *self,
         const char               *name)
{
  const char *value = self->envp ? g_environ_getenv (self->envp, name) : g_getenv (name);

  return (value && *value) ? value : NULL;
}

static const char *
lf_env_credentials_provider_describe (LfCredentialsProvider *provider)
{
  return _("environment variables");
}

static void
lf_env_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data)
{
  LfEnvCredentialsProvider *self = LF_ENV_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  const char *key_id = env_get (self, "AWS_ACCESS_KEY_ID");
  const char *secret = env_get (self, "AWS_SECRET_ACCESS_KEY");
  const char *token = env_get (self, "AWS_SESSION_TOKEN");

  g_task_set_source_tag (task, lf_env_credentials_provider_get_credentials_async);

  if (key_id == NULL && secret == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"));
      return;
    }
  if (key_id == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"));
      return;
    }
  if (secret == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"));
      return;
    }
  if (!lf_credentials_validate (key_id, secret, &error))
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("The environment's credentials are unusable: %s"), error->message);
      return;
    }

  g_task_return_pointer (task, lf_credentials_new (key_id, secret, token, NULL),
                         (GDestroyNotify) lf_credentials_unref);
}

static char *
lf_env_credentials_provider_get_region (LfCredentialsProvider *provider)
{
  LfEnvCredentialsProvider *self = LF_ENV_CREDENTIALS_PROVIDER (provider);
  const char *region = env_get (self, "AWS_REGION");

  return g_strdup (region ? region : env_get (self, "AWS_DEFAULT_REGION"));
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->describe = lf_env_credentials_provider_describe;
  iface->get_credentials_async = lf_env_credentials_provider_get_credentials_async;
  iface->get_region = lf_env_credentials_provider_get_region;
}

static void
lf_env_credentials_provider_finalize (GObject *object)
{
  LfEnvCredentialsProvider *self = (LfEnvCredentialsProvider *) object;

  g_clear_pointer (&self->envp, g_strfreev);

  G_OBJECT_CLASS (lf_env_credentials_provider_parent_class)->finalize (object);
}

static void
lf_env_credentials_provider_class_init (LfEnvCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_env_credentials_provider_finalize;
}

static void
lf_env_credentials_provider_init (LfEnvCredentialsProvider *self)
{
}

LfCredentialsProvider *
lf_env_credentials_provider_new (const char * const *envp)
{
  LfEnvCredentialsProvider *self = g_object_new (LF_TYPE_ENV_CREDENTIALS_PROVIDER, NULL);

  self->envp = envp ? g_strdupv ((char **) envp) : NULL;

  return LF_CREDENTIALS_PROVIDER (self);
}
