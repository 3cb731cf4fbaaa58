/* lf-caching-credentials-provider.h: credentials kept until shortly before they expire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"

G_BEGIN_DECLS

/* Refresh this long before the expiration, as the SDKs do. */
#define LF_CACHING_DEFAULT_REFRESH_SECONDS (5 * 60)

#define LF_TYPE_CACHING_CREDENTIALS_PROVIDER (lf_caching_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfCachingCredentialsProvider, lf_caching_credentials_provider,
                      LF, CACHING_CREDENTIALS_PROVIDER, GObject)

/* Asks @inner again only when nothing is cached or the cached credentials expire within
 * @refresh_seconds; callers arriving during a refresh share it. When a refresh fails while
 * the cached credentials still work, those are returned. */
LfCredentialsProvider *lf_caching_credentials_provider_new       (LfCredentialsProvider *inner,
                                                                  guint refresh_seconds);
LfCredentialsProvider *lf_caching_credentials_provider_get_inner (LfCachingCredentialsProvider *self);

G_END_DECLS
