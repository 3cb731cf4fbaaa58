/* lf-container-credentials-provider.h: ECS task roles and EKS Pod Identity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"

G_BEGIN_DECLS

#define LF_CONTAINER_DEFAULT_HOST "http://169.254.170.2"

#define LF_TYPE_CONTAINER_CREDENTIALS_PROVIDER (lf_container_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfContainerCredentialsProvider, lf_container_credentials_provider,
                      LF, CONTAINER_CREDENTIALS_PROVIDER, GObject)

/* Reads AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on the ECS agent's address) or _FULL_URI
 * (loopback, https, or the ECS/EKS link-local agents only) and the Authorization value from
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read on each request) or _TOKEN, in @envp. */
LfCredentialsProvider *lf_container_credentials_provider_new     (const char * const *envp);
/* The URL asked, or NULL when the environment names none or a refused one. */
const char            *lf_container_credentials_provider_get_url (LfContainerCredentialsProvider *self);
gboolean               lf_container_credentials_provider_is_configured (const char * const *envp);

G_END_DECLS
