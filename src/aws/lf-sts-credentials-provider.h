/* lf-sts-credentials-provider.h: a role assumed through STS AssumeRole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"
#include "lf-mfa.h"

G_BEGIN_DECLS

typedef struct
{
  const char *role_arn;
  const char *session_name;      /* NULL: lambda-forms-SECONDS */
  guint       duration_seconds;  /* 0: STS's default, one hour */
  const char *external_id;
  const char *mfa_serial;
  const char *region;            /* NULL: us-east-1 */
  const char *endpoint_url;      /* NULL: https://sts.REGION.amazonaws.com */
} LfAssumeRoleOptions;

#define LF_TYPE_STS_CREDENTIALS_PROVIDER (lf_sts_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfStsCredentialsProvider, lf_sts_credentials_provider,
                      LF, STS_CREDENTIALS_PROVIDER, GObject)

/* Validates @options (role ARN, session name, duration) up front. */
LfCredentialsProvider *lf_sts_credentials_provider_new          (LfCredentialsProvider     *source,
                                                                 const LfAssumeRoleOptions *options,
                                                                 GError                   **error);
void                   lf_sts_credentials_provider_set_mfa_func (LfStsCredentialsProvider  *self,
                                                                 LfMfaFunc                  func,
                                                                 gpointer                   user_data,
                                                                 GDestroyNotify             destroy);
const char            *lf_sts_credentials_provider_get_endpoint (LfStsCredentialsProvider  *self);

/* Checks shared with the profile reader and the accounts. */
gboolean               lf_sts_validate_role_arn                 (const char                *arn,
                                                                 GError                   **error);
gboolean               lf_sts_validate_session_name             (const char                *name,
                                                                 GError                   **error);
gboolean               lf_sts_validate_duration                 (guint                      seconds,
                                                                 GError                   **error);

G_END_DECLS
