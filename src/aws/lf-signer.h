/* lf-signer.h: AWS Signature Version 4
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lf-credentials.h"

G_BEGIN_DECLS

#define LF_SIGNER_ERROR (lf_signer_error_quark ())

typedef enum
{
  LF_SIGNER_ERROR_INVALID_URL,
  LF_SIGNER_ERROR_INVALID_DATE,
  LF_SIGNER_ERROR_INVALID_HEADER,
  LF_SIGNER_ERROR_INVALID_METHOD,
  LF_SIGNER_ERROR_INVALID_SCOPE,
  LF_SIGNER_ERROR_INVALID_CREDENTIALS,
} LfSignerError;

typedef struct
{
  char *name;
  char *value;
} LfHeader;

/* What to sign. Strings are borrowed for the duration of the call. */
typedef struct
{
  const char      *method;
  const char      *url;            /* as sent: scheme://host[:port]/encoded-path[?raw-query] */
  const LfHeader  *headers;        /* extra headers, in the order they are sent */
  gsize            n_headers;
  const guint8    *body;
  gsize            body_length;
  const char      *payload_hash;   /* hex SHA-256 of the body when the caller has it, or NULL */
  const char      *region;
  const char      *service;
  const char      *amz_date;       /* YYYYMMDDTHHMMSSZ, or NULL for now */
  const char     **only_headers;   /* lowercase names to sign (a verifier's list), or NULL for all */
} LfSignRequest;

typedef struct
{
  char      *canonical_request;
  char      *string_to_sign;
  char      *signed_headers;
  char      *authorization;
  char       signature[65];   /* lowercase hex */
  char       amz_date[17];
  /* The headers the signer adds to the caller's (Host unless given, X-Amz-Date,
   * X-Amz-Security-Token with a token, Authorization); strings point into this struct. */
  LfHeader   headers[4];
  guint      n_headers;
  /*< private >*/
  char      *host;
  char      *session_token;
} LfSignature;

#define LF_TYPE_SIGNER (lf_signer_get_type ())

G_DECLARE_FINAL_TYPE (LfSigner, lf_signer, LF, SIGNER, GObject)

GQuark       lf_signer_error_quark        (void);
LfSigner    *lf_signer_new                (void);
LfSignature *lf_signer_sign               (LfSigner             *self,
                                           const LfSignRequest  *request,
                                           LfCredentials        *credentials,
                                           GError              **error);
void         lf_signer_derive_key         (const char           *secret_access_key,
                                           const char           *date,
                                           const char           *region,
                                           const char           *service,
                                           guint8                key[32]);
char        *lf_signer_format_amz_date    (GDateTime            *date_time);
GDateTime   *lf_signer_parse_amz_date     (const char           *amz_date,
                                           GError              **error);
char        *lf_sha256_hex                (const guint8         *data,
                                           gsize                 length);
void         lf_signature_free            (LfSignature          *signature);
const char  *lf_signature_get_header      (const LfSignature    *signature,
                                           const char           *name);
gboolean     lf_signer_owns_header        (const char           *name,
                                           gboolean              has_token);

/* What a signing process other than HMAC signs, e.g. IAM Roles Anywhere's
 * AWS4-X509-RSA-SHA256: @request canonicalized exactly as lf_signer_sign() does it (plus Host
 * and X-Amz-Date; credentials play no part), then
 *   ALGORITHM \n AMZ-DATE \n DATE/REGION/SERVICE/aws4_request \n hex(SHA-256(canonical request))
 * The caller signs @string_to_sign with its own key. Out strings are newly allocated. */
gboolean     lf_signer_build_string_to_sign (LfSigner            *self,
                                             const LfSignRequest *request,
                                             const char          *algorithm,
                                             char               **canonical_request,
                                             char               **string_to_sign,
                                             char               **signed_headers,
                                             char               **credential_scope,
                                             char               **amz_date,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfSignature, lf_signature_free)

G_END_DECLS
