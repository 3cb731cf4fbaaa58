/* lf-roles-anywhere-credentials-provider.h: IAM Roles Anywhere, credentials for an X.509
 * certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"

G_BEGIN_DECLS

typedef struct
{
  const char *trust_anchor_arn;
  const char *profile_arn;
  const char *role_arn;
  const char *certificate_path;   /* PEM or DER */
  const char *chain_path;         /* PEM, one or more intermediates, or NULL */
  const char *private_key_path;   /* PEM (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8) or DER */
  const char *passphrase;         /* of an encrypted key, or NULL; copied */
  const char *region;             /* NULL: the trust anchor's */
  const char *session_name;       /* NULL: none */
  guint       duration_seconds;   /* 0: 3600 */
  const char *endpoint_url;       /* NULL: https://rolesanywhere.REGION.amazonaws.com */
} LfRolesAnywhereOptions;

#define LF_TYPE_ROLES_ANYWHERE_CREDENTIALS_PROVIDER (lf_roles_anywhere_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfRolesAnywhereCredentialsProvider, lf_roles_anywhere_credentials_provider,
                      LF, ROLES_ANYWHERE_CREDENTIALS_PROVIDER, GObject)

/* Checks the ARNs now; the certificate and key are read on each request, so that renewed
 * files are picked up, and their problems reported then. */
LfCredentialsProvider *lf_roles_anywhere_credentials_provider_new (const LfRolesAnywhereOptions *options,
                                                                   GError                      **error);

/* The decimal serial number of @der, as the credential scope names it. */
char                  *lf_x509_serial_to_decimal                  (const guint8 *serial,
                                                                   gsize         length);

G_END_DECLS
