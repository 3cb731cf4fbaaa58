/* lf-static-credentials-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include "lf-static-credentials-provider.h"

struct _LfStaticCredentialsProvider
{
  GObject parent_instance;

  LfCredentials *credentials;
};

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfStaticCredentialsProvider, lf_static_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static const char *
lf_static_credentials_provider_describe (LfCredentialsProvider *provider)
{
  return _("access key");
}

static void
lf_static_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data)
{
  LfStaticCredentialsProvider *self = LF_STATIC_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, lf_static_credentials_provider_get_credentials_async);
  g_task_return_pointer (task, lf_credentials_ref (self->credentials),
                         (GDestroyNotify) lf_credentials_unref);
}

static LfCredentials *
lf_static_credentials_provider_peek_credentials (LfCredentialsProvider *provider)
{
  return lf_credentials_ref (LF_STATIC_CREDENTIALS_PROVIDER (provider)->credentials);
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->peek_credentials = lf_static_credentials_provider_peek_credentials;
  iface->describe = lf_static_credentials_provider_describe;
  iface->get_credentials_async = lf_static_credentials_provider_get_credentials_async;
}

static void
lf_static_credentials_provider_finalize (GObject *object)
{
  LfStaticCredentialsProvider *self = (LfStaticCredentialsProvider *) object;

  g_clear_pointer (&self->credentials, lf_credentials_unref);

  G_OBJECT_CLASS (lf_static_credentials_provider_parent_class)->finalize (object);
}

static void
lf_static_credentials_provider_class_init (LfStaticCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_static_credentials_provider_finalize;
}

static void
lf_static_credentials_provider_init (LfStaticCredentialsProvider *self)
{
}

LfCredentialsProvider *
lf_static_credentials_provider_new (LfCredentials *credentials)
{
  LfStaticCredentialsProvider *self;

  g_return_val_if_fail (credentials != NULL, NULL);

  self = g_object_new (LF_TYPE_STATIC_CREDENTIALS_PROVIDER, NULL);
  self->credentials = lf_credentials_ref (credentials);

  return LF_CREDENTIALS_PROVIDER (self);
}
