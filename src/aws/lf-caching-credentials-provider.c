/* lf-caching-credentials-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include "lf-aws-error.h"
#include "lf-caching-credentials-provider.h"
#include "lf-credentials-util.h"

struct _LfCachingCredentialsProvider
{
  GObject parent_instance;

  LfCredentialsProvider *inner;
  GTimeSpan refresh_before;
  LfCredentials *cached;

  /* Callers waiting on the one refresh in flight; NULL when none runs. */
  GPtrArray *waiters;
  /* Cancelled only when the provider goes away: one caller giving up must not stop the
   * refresh the others wait for. */
  GCancellable *refresh_cancellable;
};

typedef struct
{
  GTask *task;
  GCancellable *cancellable;
  gulong handler;
} Waiter;

enum {
  PROP_0,
  PROP_INNER,
  PROP_REFRESH_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfCachingCredentialsProvider, lf_caching_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
waiter_free (Waiter *waiter)
{
  if (waiter->handler != 0)
    g_cancellable_disconnect (waiter->cancellable, waiter->handler);
  g_clear_object (&waiter->cancellable);
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static const char *
lf_caching_credentials_provider_describe (LfCredentialsProvider *provider)
{
  return lf_credentials_provider_describe (LF_CACHING_CREDENTIALS_PROVIDER (provider)->inner);
}

static gboolean
is_fresh (LfCachingCredentialsProvider *self)
{
  return self->cached != NULL && !lf_credentials_expires_within (self->cached,
                                                                 self->refresh_before);
}

static void
on_refreshed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LfCachingCredentialsProvider) self = user_data;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentials) credentials = NULL;

  credentials = lf_credentials_provider_get_credentials_finish (self->inner, result, &error);
  if (credentials != NULL)
    {
      g_clear_pointer (&self->cached, lf_credentials_unref);
      self->cached = lf_credentials_ref (credentials);
    }
  else if (self->cached != NULL && !lf_credentials_expires_within (self->cached, 0) &&
           !lf_credentials_error_is_cancel (error))
    {
      /* Still valid for a while: better than failing the caller now. */
      g_debug ("Refreshing credentials from %s failed; keeping the cached ones: %s",
               lf_credentials_provider_describe (self->inner), error->message);
      credentials = lf_credentials_ref (self->cached);
      g_clear_error (&error);
    }

  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      if (credentials != NULL)
        g_task_return_pointer (waiter->task, lf_credentials_ref (credentials),
                               (GDestroyNotify) lf_credentials_unref);
      else
        g_task_return_error (waiter->task, g_error_copy (error));
    }
}

static gboolean
return_cancelled (gpointer user_data)
{
  GTask *task = user_data;
  LfCachingCredentialsProvider *self = g_task_get_source_object (task);

  if (self->waiters == NULL)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < self->waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (self->waiters, i);

      if (waiter->task == task)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   _("Getting credentials was cancelled"));
          g_ptr_array_remove_index (self->waiters, i);
          break;
        }
    }
  return G_SOURCE_REMOVE;
}

static void
on_waiter_cancelled (GCancellable *cancellable,
                     GTask        *task)
{
  /* Not here: disconnecting from inside the handler would deadlock. */
  g_idle_add_full (G_PRIORITY_DEFAULT, return_cancelled, g_object_ref (task), g_object_unref);
}

static void
lf_caching_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data)
{
  LfCachingCredentialsProvider *self = LF_CACHING_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Waiter *waiter;
  gboolean start;

  g_task_set_source_tag (task, lf_caching_credentials_provider_get_credentials_async);
  g_task_set_check_cancellable (task, FALSE);

  if (is_fresh (self))
    {
      g_task_return_pointer (task, lf_credentials_ref (self->cached),
                             (GDestroyNotify) lf_credentials_unref);
      return;
    }

  start = self->waiters == NULL;
  if (start)
    self->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_object_ref (task);
  g_ptr_array_add (self->waiters, waiter);
  if (cancellable != NULL)
    {
      waiter->cancellable = g_object_ref (cancellable);
      waiter->handler = g_cancellable_connect (cancellable, G_CALLBACK (on_waiter_cancelled),
                                               task, NULL);
    }

  if (start)
    lf_credentials_provider_get_credentials_async (self->inner, self->refresh_cancellable,
                                                   on_refreshed, g_object_ref (self));
}

static char *
lf_caching_credentials_provider_get_region (LfCredentialsProvider *provider)
{
  return lf_credentials_provider_get_region (LF_CACHING_CREDENTIALS_PROVIDER (provider)->inner);
}

static void
lf_caching_credentials_provider_invalidate (LfCredentialsProvider *provider)
{
  LfCachingCredentialsProvider *self = LF_CACHING_CREDENTIALS_PROVIDER (provider);

  g_clear_pointer (&self->cached, lf_credentials_unref);
  lf_credentials_provider_invalidate (self->inner);
}

static LfCredentials *
lf_caching_credentials_provider_peek_credentials (LfCredentialsProvider *provider)
{
  LfCachingCredentialsProvider *self = LF_CACHING_CREDENTIALS_PROVIDER (provider);

  return is_fresh (self) ? lf_credentials_ref (self->cached) : NULL;
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->peek_credentials = lf_caching_credentials_provider_peek_credentials;
  iface->describe = lf_caching_credentials_provider_describe;
  iface->get_credentials_async = lf_caching_credentials_provider_get_credentials_async;
  iface->get_region = lf_caching_credentials_provider_get_region;
  iface->invalidate = lf_caching_credentials_provider_invalidate;
}

static void
lf_caching_credentials_provider_get_property (GObject    *object,
                                              guint       prop_id,
                                              GValue     *value,
                                              GParamSpec *pspec)
{
  LfCachingCredentialsProvider *self = LF_CACHING_CREDENTIALS_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_INNER:
      g_value_set_object (value, self->inner);
      break;
    case PROP_REFRESH_SECONDS:
      g_value_set_uint (value, (guint) (self->refresh_before / G_TIME_SPAN_SECOND));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_caching_credentials_provider_set_property (GObject      *object,
                                              guint         prop_id,
                                              const GValue *value,
                                              GParamSpec   *pspec)
{
  LfCachingCredentialsProvider *self = LF_CACHING_CREDENTIALS_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_INNER:
      self->inner = g_value_dup_object (value);
      break;
    case PROP_REFRESH_SECONDS:
      self->refresh_before = (GTimeSpan) g_value_get_uint (value) * G_TIME_SPAN_SECOND;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_caching_credentials_provider_dispose (GObject *object)
{
  LfCachingCredentialsProvider *self = (LfCachingCredentialsProvider *) object;

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->inner);

  G_OBJECT_CLASS (lf_caching_credentials_provider_parent_class)->dispose (object);
}

static void
lf_caching_credentials_provider_finalize (GObject *object)
{
  LfCachingCredentialsProvider *self = (LfCachingCredentialsProvider *) object;

  g_clear_pointer (&self->cached, lf_credentials_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_object (&self->refresh_cancellable);

  G_OBJECT_CLASS (lf_caching_credentials_provider_parent_class)->finalize (object);
}

static void
lf_caching_credentials_provider_class_init (LfCachingCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lf_caching_credentials_provider_get_property;
  object_class->set_property = lf_caching_credentials_provider_set_property;
  object_class->dispose = lf_caching_credentials_provider_dispose;
  object_class->finalize = lf_caching_credentials_provider_finalize;

  properties[PROP_INNER] =
    g_param_spec_object ("inner", NULL, NULL, LF_TYPE_CREDENTIALS_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESH_SECONDS] =
    g_param_spec_uint ("refresh-seconds", NULL, NULL, 0, G_MAXUINT,
                       LF_CACHING_DEFAULT_REFRESH_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_caching_credentials_provider_init (LfCachingCredentialsProvider *self)
{
  self->refresh_cancellable = g_cancellable_new ();
  self->refresh_before = LF_CACHING_DEFAULT_REFRESH_SECONDS * G_TIME_SPAN_SECOND;
}

LfCredentialsProvider *
lf_caching_credentials_provider_new (LfCredentialsProvider *inner,
                                     guint                  refresh_seconds)
{
  g_return_val_if_fail (LF_IS_CREDENTIALS_PROVIDER (inner), NULL);

  return g_object_new (LF_TYPE_CACHING_CREDENTIALS_PROVIDER,
                       "inner", inner,
                       "refresh-seconds", refresh_seconds,
                       NULL);
}

LfCredentialsProvider *
lf_caching_credentials_provider_get_inner (LfCachingCredentialsProvider *self)
{
  g_return_val_if_fail (LF_IS_CACHING_CREDENTIALS_PROVIDER (self), NULL);

  return self->inner;
}
