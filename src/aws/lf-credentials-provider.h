/* lf-credentials-provider.h: where credentials come from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lf-credentials.h"

G_BEGIN_DECLS

#define LF_TYPE_CREDENTIALS_PROVIDER (lf_credentials_provider_get_type ())

G_DECLARE_INTERFACE (LfCredentialsProvider, lf_credentials_provider, LF, CREDENTIALS_PROVIDER, GObject)

struct _LfCredentialsProviderInterface
{
  GTypeInterface parent_iface;

  /* Short words for errors and logs: "environment", "profile dev", "static". */
  const char    *(*describe)              (LfCredentialsProvider  *self);
  void           (*get_credentials_async) (LfCredentialsProvider  *self,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
  LfCredentials *(*get_credentials_finish)(LfCredentialsProvider  *self,
                                           GAsyncResult           *result,
                                           GError                **error);
  /* The region the source names, if any (a profile's region=). */
  char          *(*get_region)            (LfCredentialsProvider  *self);
  /* Drops what is cached, e.g. after the service refused the credentials. */
  void           (*invalidate)            (LfCredentialsProvider  *self);
  /* Optional: credentials at hand right now (cached and fresh), or NULL to go the
   * asynchronous way. Saves a main-loop round trip on every request. */
  LfCredentials *(*peek_credentials)      (LfCredentialsProvider  *self);
};

const char    *lf_credentials_provider_describe               (LfCredentialsProvider  *self);
void           lf_credentials_provider_get_credentials_async  (LfCredentialsProvider  *self,
                                                               GCancellable           *cancellable,
                                                               GAsyncReadyCallback     callback,
                                                               gpointer                user_data);
LfCredentials *lf_credentials_provider_get_credentials_finish (LfCredentialsProvider  *self,
                                                               GAsyncResult           *result,
                                                               GError                **error);
char          *lf_credentials_provider_get_region             (LfCredentialsProvider  *self);
void           lf_credentials_provider_invalidate             (LfCredentialsProvider  *self);
LfCredentials *lf_credentials_provider_peek_credentials       (LfCredentialsProvider  *self);

G_END_DECLS

/* The providers, each in its own file. */
#include "lf-static-credentials-provider.h"
#include "lf-env-credentials-provider.h"
#include "lf-chain-credentials-provider.h"
#include "lf-caching-credentials-provider.h"
#include "lf-container-credentials-provider.h"
#include "lf-imds-credentials-provider.h"
#include "lf-sts-credentials-provider.h"
#include "lf-process-credentials-provider.h"
#include "lf-roles-anywhere-credentials-provider.h"
#include "lf-profile-credentials-provider.h"
