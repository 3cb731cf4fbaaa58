/* lf-account-credentials-provider.h: an account's credentials, built when first asked for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-account-store.h"
#include "lf-credentials-provider.h"

G_BEGIN_DECLS

#define LF_TYPE_ACCOUNT_CREDENTIALS_PROVIDER (lf_account_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfAccountCredentialsProvider, lf_account_credentials_provider,
                      LF, ACCOUNT_CREDENTIALS_PROVIDER, GObject)

/* The provider of an account reads its secrets from the store on the first request, then
 * builds the provider its type calls for (static keys, a profile, instance metadata, STS,
 * Roles Anywhere, the sandbox's development keys) and asks it. It is made, validated and
 * cached, by lf_account_create_provider() (lf-account-store.h). */

G_END_DECLS
