/* lf-static-credentials-provider.h: credentials given once, as they are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"

G_BEGIN_DECLS

#define LF_TYPE_STATIC_CREDENTIALS_PROVIDER (lf_static_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfStaticCredentialsProvider, lf_static_credentials_provider,
                      LF, STATIC_CREDENTIALS_PROVIDER, GObject)

LfCredentialsProvider *lf_static_credentials_provider_new (LfCredentials *credentials);

G_END_DECLS
