/* lf-imds-credentials-provider.h: an EC2 instance role through IMDSv2
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"

G_BEGIN_DECLS

#define LF_IMDS_DEFAULT_ENDPOINT "http://169.254.169.254"
#define LF_IMDS_TOKEN_TTL_SECONDS 21600

#define LF_TYPE_IMDS_CREDENTIALS_PROVIDER (lf_imds_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfImdsCredentialsProvider, lf_imds_credentials_provider,
                      LF, IMDS_CREDENTIALS_PROVIDER, GObject)

/* Honours AWS_EC2_METADATA_SERVICE_ENDPOINT and AWS_EC2_METADATA_DISABLED in @envp (NULL: the
 * process environment). Each request asks for a session token (PUT), the role name, then the
 * role's credentials; wrap it in a caching provider. */
LfCredentialsProvider *lf_imds_credentials_provider_new          (const char * const *envp);
const char            *lf_imds_credentials_provider_get_endpoint (LfImdsCredentialsProvider *self);

G_END_DECLS
