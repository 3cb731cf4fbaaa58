/* lf-env-credentials-provider.h: credentials from the standard environment variables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"

G_BEGIN_DECLS

#define LF_TYPE_ENV_CREDENTIALS_PROVIDER (lf_env_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfEnvCredentialsProvider, lf_env_credentials_provider,
                      LF, ENV_CREDENTIALS_PROVIDER, GObject)

/* AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION from @envp
 * (NULL: the process environment, read when credentials are asked for). */
LfCredentialsProvider *lf_env_credentials_provider_new (const char * const *envp);

G_END_DECLS
