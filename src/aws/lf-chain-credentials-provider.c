/* lf-chain-credentials-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include "lf-aws-error.h"
#include "lf-chain-credentials-provider.h"

struct _LfChainCredentialsProvider
{
  GObject parent_instance;

  GPtrArray *providers;
  LfCredentialsProvider *winner;   /* remembered until invalidated */
};

typedef struct
{
  guint index;
  GString *failures;
} ChainRun;

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfChainCredentialsProvider, lf_chain_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
chain_run_free (ChainRun *run)
{
  g_string_free (run->failures, TRUE);
  g_free (run);
}

static const char *
lf_chain_credentials_provider_describe (LfCredentialsProvider *provider)
{
  LfChainCredentialsProvider *self = LF_CHAIN_CREDENTIALS_PROVIDER (provider);

  return self->winner ? lf_credentials_provider_describe (self->winner) : _("default chain");
}

static void try_next (GTask *task);

static void
on_member_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LfChainCredentialsProvider *self = g_task_get_source_object (task);
  LfCredentialsProvider *member = LF_CREDENTIALS_PROVIDER (object);
  ChainRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  LfCredentials *credentials;

  credentials = lf_credentials_provider_get_credentials_finish (member, result, &error);
  if (credentials != NULL)
    {
      g_set_object (&self->winner, member);
      g_task_return_pointer (task, credentials, (GDestroyNotify) lf_credentials_unref);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_string_append_printf (run->failures, "\n- %s: %s", lf_credentials_provider_describe (member),
                          error->message);
  run->index++;
  try_next (g_steal_pointer (&task));
}

static void
try_next (GTask *task)
{
  LfChainCredentialsProvider *self = g_task_get_source_object (task);
  ChainRun *run = g_task_get_task_data (task);

  if (run->index >= self->providers->len)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("No credentials were found. Tried:%s"), run->failures->str);
      g_object_unref (task);
      return;
    }

  lf_credentials_provider_get_credentials_async (g_ptr_array_index (self->providers, run->index),
                                                 g_task_get_cancellable (task), on_member_done,
                                                 task);
}

static void
lf_chain_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data)
{
  LfChainCredentialsProvider *self = LF_CHAIN_CREDENTIALS_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ChainRun *run = g_new0 (ChainRun, 1);

  g_task_set_source_tag (task, lf_chain_credentials_provider_get_credentials_async);
  run->failures = g_string_new (NULL);
  g_task_set_task_data (task, run, (GDestroyNotify) chain_run_free);

  if (self->winner != NULL)
    {
      /* Start from the one that answered last time. */
      guint index;
      if (g_ptr_array_find (self->providers, self->winner, &index))
        run->index = index;
    }

  try_next (task);
}

static char *
lf_chain_credentials_provider_get_region (LfCredentialsProvider *provider)
{
  LfChainCredentialsProvider *self = LF_CHAIN_CREDENTIALS_PROVIDER (provider);

  for (guint i = 0; i < self->providers->len; i++)
    {
      char *region = lf_credentials_provider_get_region (g_ptr_array_index (self->providers, i));
      if (region != NULL && region[0] != '\0')
        return region;
      g_free (region);
    }
  return NULL;
}

static void
lf_chain_credentials_provider_invalidate (LfCredentialsProvider *provider)
{
  LfChainCredentialsProvider *self = LF_CHAIN_CREDENTIALS_PROVIDER (provider);

  if (self->winner != NULL)
    lf_credentials_provider_invalidate (self->winner);
  g_clear_object (&self->winner);
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->describe = lf_chain_credentials_provider_describe;
  iface->get_credentials_async = lf_chain_credentials_provider_get_credentials_async;
  iface->get_region = lf_chain_credentials_provider_get_region;
  iface->invalidate = lf_chain_credentials_provider_invalidate;
}

static void
lf_chain_credentials_provider_dispose (GObject *object)
{
  LfChainCredentialsProvider *self = (LfChainCredentialsProvider *) object;

  g_clear_object (&self->winner);
  g_clear_pointer (&self->providers, g_ptr_array_unref);

  G_OBJECT_CLASS (lf_chain_credentials_provider_parent_class)->dispose (object);
}

static void
lf_chain_credentials_provider_class_init (LfChainCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_chain_credentials_provider_dispose;
}

static void
lf_chain_credentials_provider_init (LfChainCredentialsProvider *self)
{
}

LfCredentialsProvider *
lf_chain_credentials_provider_new (GPtrArray *providers)
{
  LfChainCredentialsProvider *self = g_object_new (LF_TYPE_CHAIN_CREDENTIALS_PROVIDER, NULL);

  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < providers->len; i++)
    g_ptr_array_add (self->providers, g_object_ref (g_ptr_array_index (providers, i)));

  return LF_CREDENTIALS_PROVIDER (self);
}

LfCredentialsProvider *
lf_chain_credentials_provider_new_default (const char * const *envp)
{
  g_autoptr(GPtrArray) providers = g_ptr_array_new_with_free_func (g_object_unref);

  g_autoptr(LfCredentialsProvider) container = lf_container_credentials_provider_new (envp);
  g_autoptr(LfCredentialsProvider) imds = lf_imds_credentials_provider_new (envp);

  g_ptr_array_add (providers, lf_env_credentials_provider_new (envp));
  g_ptr_array_add (providers, lf_profile_credentials_provider_new (NULL, envp));
  /* Network sources expire: cached, and refreshed by one request at a time. */
  g_ptr_array_add (providers, lf_caching_credentials_provider_new (
                                container, LF_CACHING_DEFAULT_REFRESH_SECONDS));
  g_ptr_array_add (providers, lf_caching_credentials_provider_new (
                                imds, LF_CACHING_DEFAULT_REFRESH_SECONDS));

  return lf_chain_credentials_provider_new (providers);
}
