/* lf-profile-credentials-provider.h: credentials from a profile of the AWS CLI's shared files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"
#include "lf-mfa.h"

G_BEGIN_DECLS

#define LF_TYPE_PROFILE_CREDENTIALS_PROVIDER (lf_profile_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfProfileCredentialsProvider, lf_profile_credentials_provider,
                      LF, PROFILE_CREDENTIALS_PROVIDER, GObject)

/* @profile NULL means AWS_PROFILE, else "default". A profile gives static keys,
 * credential_process, or role_arn with source_profile (chains of them) or credential_source
 * (Environment, Ec2InstanceMetadata, EcsContainer), and external_id, role_session_name,
 * duration_seconds, mfa_serial. The STS endpoint honours AWS_ENDPOINT_URL_STS in @envp. */
LfCredentialsProvider *lf_profile_credentials_provider_new     (const char         *profile,
                                                                const char * const *envp);
/* Asked for the code of a profile's mfa_serial. */
void    lf_profile_credentials_provider_set_mfa_func          (LfProfileCredentialsProvider *self,
                                                                LfMfaFunc           func,
                                                                gpointer            user_data,
                                                                GDestroyNotify      destroy);
void    lf_profile_credentials_provider_set_process_timeout   (LfProfileCredentialsProvider *self,
                                                                guint               seconds);

G_END_DECLS
