/* lf-profile-credentials-provider.h: credentials from a profile of the AWS CLI's shared files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"

G_BEGIN_DECLS

#define LF_TYPE_PROFILE_CREDENTIALS_PROVIDER (lf_profile_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfProfileCredentialsProvider, lf_profile_credentials_provider,
                      LF, PROFILE_CREDENTIALS_PROVIDER, GObject)

/* @profile NULL means AWS_PROFILE, else "default". */
LfCredentialsProvider *lf_profile_credentials_provider_new (const char         *profile,
                                                            const char * const *envp);

G_END_DECLS
