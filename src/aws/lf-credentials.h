/* lf-credentials.h: an immutable set of AWS credentials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LF_TYPE_CREDENTIALS (lf_credentials_get_type ())

typedef struct _LfCredentials LfCredentials;

GType          lf_credentials_get_type              (void) G_GNUC_CONST;
LfCredentials *lf_credentials_new                   (const char    *access_key_id,
                                                     const char    *secret_access_key,
                                                     const char    *session_token,
                                                     GDateTime     *expiration);
LfCredentials *lf_credentials_ref                   (LfCredentials *self);
void           lf_credentials_unref                 (LfCredentials *self);
const char    *lf_credentials_get_access_key_id     (LfCredentials *self);
const char    *lf_credentials_get_secret_access_key (LfCredentials *self);
const char    *lf_credentials_get_session_token     (LfCredentials *self);
GDateTime     *lf_credentials_get_expiration        (LfCredentials *self);
gboolean       lf_credentials_expires_within        (LfCredentials *self,
                                                     GTimeSpan      span);
char          *lf_credentials_redact_key_id         (const char    *access_key_id);
gboolean       lf_credentials_validate              (const char    *access_key_id,
                                                     const char    *secret_access_key,
                                                     GError       **error);
void           lf_secret_wipe                       (char          *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfCredentials, lf_credentials_unref)

G_END_DECLS
