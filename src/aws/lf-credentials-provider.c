/* lf-credentials-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include "lf-credentials-provider.h"

G_DEFINE_INTERFACE (LfCredentialsProvider, lf_credentials_provider, G_TYPE_OBJECT)

static char *
lf_credentials_provider_real_get_region (LfCredentialsProvider *self)
{
  return NULL;
}

static void
lf_credentials_provider_real_invalidate (LfCredentialsProvider *self)
{
}

/* Every source answers through a GTask whose source object is the provider. */
static LfCredentials *
lf_credentials_provider_real_get_credentials_finish (LfCredentialsProvider  *self,
                                                     GAsyncResult           *result,
                                                     GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lf_credentials_provider_default_init (LfCredentialsProviderInterface *iface)
{
  iface->get_credentials_finish = lf_credentials_provider_real_get_credentials_finish;
  iface->get_region = lf_credentials_provider_real_get_region;
  iface->invalidate = lf_credentials_provider_real_invalidate;
}

const char *
lf_credentials_provider_describe (LfCredentialsProvider *self)
{
  LfCredentialsProviderInterface *iface;

  g_return_val_if_fail (LF_IS_CREDENTIALS_PROVIDER (self), NULL);

  iface = LF_CREDENTIALS_PROVIDER_GET_IFACE (self);
  return iface->describe ? iface->describe (self) : G_OBJECT_TYPE_NAME (self);
}

void
lf_credentials_provider_get_credentials_async (LfCredentialsProvider *self,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data)
{
  g_return_if_fail (LF_IS_CREDENTIALS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  LF_CREDENTIALS_PROVIDER_GET_IFACE (self)->get_credentials_async (self, cancellable, callback,
                                                                   user_data);
}

LfCredentials *
lf_credentials_provider_get_credentials_finish (LfCredentialsProvider  *self,
                                                GAsyncResult           *result,
                                                GError                **error)
{
  g_return_val_if_fail (LF_IS_CREDENTIALS_PROVIDER (self), NULL);

  return LF_CREDENTIALS_PROVIDER_GET_IFACE (self)->get_credentials_finish (self, result, error);
}

char *
lf_credentials_provider_get_region (LfCredentialsProvider *self)
{
  g_return_val_if_fail (LF_IS_CREDENTIALS_PROVIDER (self), NULL);

  return LF_CREDENTIALS_PROVIDER_GET_IFACE (self)->get_region (self);
}

void
lf_credentials_provider_invalidate (LfCredentialsProvider *self)
{
  g_return_if_fail (LF_IS_CREDENTIALS_PROVIDER (self));

  LF_CREDENTIALS_PROVIDER_GET_IFACE (self)->invalidate (self);
}

/* Returns (transfer full) credentials that need no waiting, or NULL. */
LfCredentials *
lf_credentials_provider_peek_credentials (LfCredentialsProvider *self)
{
  LfCredentialsProviderInterface *iface;

  g_return_val_if_fail (LF_IS_CREDENTIALS_PROVIDER (self), NULL);

  iface = LF_CREDENTIALS_PROVIDER_GET_IFACE (self);
  return iface->peek_credentials ? iface->peek_credentials (self) : NULL;
}
