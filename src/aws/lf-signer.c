/* lf-signer.c: AWS Signature Version 4 over nettle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-signer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include "lf-signer-private.h"

#define N_CACHED_KEYS 4

typedef struct
{
  char date[9];
  char *region;
  char *service;
  char *secret;
  /* The HMAC state keyed with the derived signing key: copying it saves re-keying (two
   * SHA-256 compressions) for every signature made with the same scope. */
  struct hmac_sha256_ctx keyed;
  guint64 last_use;
} CachedKey;

struct _LfSigner
{
  GObject parent_instance;

  GMutex lock;
  CachedKey cache[N_CACHED_KEYS];
  guint64 use_counter;
};

G_DEFINE_FINAL_TYPE (LfSigner, lf_signer, G_TYPE_OBJECT)

G_DEFINE_QUARK (lf-signer-error-quark, lf_signer_error)




static void
cached_key_clear (CachedKey *entry)
{
  g_clear_pointer (&entry->region, g_free);
  g_clear_pointer (&entry->service, g_free);
  g_clear_pointer (&entry->secret, lf_secret_wipe);
  explicit_bzero (&entry->keyed, sizeof entry->keyed);
  entry->date[0] = '\0';
  entry->last_use = 0;
}

static void
lf_signer_finalize (GObject *object)
{
  LfSigner *self = (LfSigner *) object;

  for (guint i = 0; i < N_CACHED_KEYS; i++)
    cached_key_clear (&self->cache[i]);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lf_signer_parent_class)->finalize (object);
}

static void
lf_signer_class_init (LfSignerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lf_signer_finalize;
}

static void
lf_signer_init (LfSigner *self)
{
  g_mutex_init (&self->lock);
}

LfSigner *
lf_signer_new (void)
{
  return g_object_new (LF_TYPE_SIGNER, NULL);
}

char *
lf_sha256_hex (const guint8 *data,
               gsize         length)
{
  struct sha256_ctx ctx;
  guint8 digest[SHA256_DIGEST_SIZE];
  char *hex = g_malloc (2 * SHA256_DIGEST_SIZE + 1);

  sha256_init (&ctx);
  sha256_update (&ctx, length, data);
  sha256_digest (&ctx, sizeof digest, digest);
  hex_encode (digest, sizeof digest, hex);

  return hex;
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_length,
             const char   *data,
             gsize         data_length,
             guint8        out[SHA256_DIGEST_SIZE])
{
  struct hmac_sha256_ctx ctx;

  hmac_sha256_set_key (&ctx, key_length, key);
  hmac_sha256_update (&ctx, data_length, (const guint8 *) data);
  hmac_sha256_digest (&ctx, SHA256_DIGEST_SIZE, out);
  explicit_bzero (&ctx, sizeof ctx);
}

void
lf_signer_derive_key (const char *secret_access_key,
                      const char *date,
                      const char *region,
                      const char *service,
                      guint8      key[32])
{
  g_autofree char *seed = g_strconcat ("AWS4", secret_access_key, NULL);
  guint8 k_date[SHA256_DIGEST_SIZE];
  guint8 k_region[SHA256_DIGEST_SIZE];
  guint8 k_service[SHA256_DIGEST_SIZE];

  hmac_sha256 ((const guint8 *) seed, strlen (seed), date, strlen (date), k_date);
  hmac_sha256 (k_date, sizeof k_date, region, strlen (region), k_region);
  hmac_sha256 (k_region, sizeof k_region, service, strlen (service), k_service);
  hmac_sha256 (k_service, sizeof k_service, "aws4_request", strlen ("aws4_request"), key);

  explicit_bzero (seed, strlen (seed));
  explicit_bzero (k_date, sizeof k_date);
  explicit_bzero (k_region, sizeof k_region);
  explicit_bzero (k_service, sizeof k_service);
}

/* Looks the scope up in the small cache, deriving and storing its key when it is new, and
 * leaves a copy of the keyed HMAC state in @out. Called with the lock held. */
static void
lookup_keyed_hmac (LfSigner               *self,
                   const char             *secret,
                   const char             *date,
                   const char             *region,
                   const char             *service,
                   struct hmac_sha256_ctx *out)
{
  CachedKey *victim = &self->cache[0];
  guint8 key[SHA256_DIGEST_SIZE];

  self->use_counter++;

  for (guint i = 0; i < N_CACHED_KEYS; i++)
    {
      CachedKey *entry = &self->cache[i];

      if (entry->secret != NULL &&
          memcmp (entry->date, date, 8) == 0 &&
          strcmp (entry->region, region) == 0 &&
          strcmp (entry->service, service) == 0 &&
          strcmp (entry->secret, secret) == 0)
        {
          entry->last_use = self->use_counter;
          *out = entry->keyed;
          return;
        }

      if (entry->last_use < victim->last_use)
        victim = entry;
    }

  cached_key_clear (victim);
  memcpy (victim->date, date, 8);
  victim->date[8] = '\0';
  lf_signer_derive_key (secret, victim->date, region, service, key);
  victim->region = g_strdup (region);
  victim->service = g_strdup (service);
  victim->secret = g_strdup (secret);
  hmac_sha256_set_key (&victim->keyed, sizeof key, key);
  victim->last_use = self->use_counter;
  explicit_bzero (key, sizeof key);

  *out = victim->keyed;
}

/* Character classes, looked up rather than tested one comparison at a time. */

/* Lengths of the fixed parts of what is written, for sizing the result's block. */
#define DATE_LEN            16                     /* 20150830T123600Z */
#define DAY_LEN             8                      /* 20150830 */
#define HEX_DIGEST_LEN      (2 * SHA256_DIGEST_SIZE)
#define LITERAL_LEN(s)      (sizeof s - 1)
#define HEADER_LINE(name_len, value_len) ((name_len) + 1 + (value_len) + 1)   /* "n:v\n" */
#define TERMINATOR          LITERAL_LEN ("/aws4_request")

/* One signature in the making: what was checked and measured, then written into one block. */
typedef struct
{
  const LfSignRequest *request;
  const char *access_key_id;
  const char *secret;
  const char *token;
  gsize method_len, region_len, service_len, access_key_id_len, token_len, payload_hash_len;
  char amz_date[DATE_LEN + 1];
  UrlParts url;
  gsize max_query_pairs;

  CanonHeader stack_canon[16];
  char stack_lnames[512];
  CanonHeader *heap_canon;
  char *heap_lnames;
  CanonHeader *canon;
  guint n_canon;
  gboolean has_host;
  gboolean has_token_header;
  gsize headers_size;
  gsize signed_headers_size;

  gsize creq_size, sts_size, authorization_size, host_size, token_size;
  LfSignature *result;
  char *signed_headers_end;
  gsize creq_len;
  char *scope;
  char *sts_end;
} Signing;

static void
signing_clear (Signing *sig)
{
  g_free (sig->heap_canon);
  g_free (sig->heap_lnames);
}

/* The method is a token; credentials are there; scope parts, URL and date are well formed. */
static gboolean
check_request (Signing        *sig,
               LfCredentials  *credentials,
               GError        **error)
{
  const LfSignRequest *request = sig->request;
  const char *p;

  if (request->method == NULL || request->method[0] == '\0')
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_METHOD,
                           _("The HTTP method is empty"));
      return FALSE;
    }
  for (p = request->method; *p; p++)
    if (!has_class ((guchar) *p, CC_TCHAR))
      {
        g_autofree char *shown = g_strescape (request->method, NULL);

        g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_METHOD,
                     _("The HTTP method “%s” holds characters a method cannot have"), shown);
        return FALSE;
      }
  sig->method_len = p - request->method;

  if (credentials == NULL)
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_CREDENTIALS,
                           _("There are no credentials to sign with"));
      return FALSE;
    }
  sig->access_key_id = lf_credentials_get_access_key_id (credentials);
  sig->secret = lf_credentials_get_secret_access_key (credentials);
  /* Full validation belongs where credentials come from; here only what would sign garbage. */
  if (sig->access_key_id[0] == '\0' || sig->secret[0] == '\0' || strchr (sig->secret, ' '))
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_CREDENTIALS,
                           _("The access key ID or secret access key is empty or malformed"));
      return FALSE;
    }
  sig->access_key_id_len = strlen (sig->access_key_id);
  sig->token = lf_credentials_get_session_token (credentials);
  sig->token_len = sig->token ? strlen (sig->token) : 0;

  sig->region_len = _lf_sig_validate_scope_part (_("region"), request->region, error);
  if (sig->region_len == 0)
    return FALSE;
  sig->service_len = _lf_sig_validate_scope_part (_("service"), request->service, error);
  if (sig->service_len == 0)
    return FALSE;
  if (!_lf_sig_split_url (request->url, &sig->url, error))
    return FALSE;

  if (request->amz_date != NULL)
    {
      if (!_lf_sig_validate_amz_date_fast (request->amz_date, error))
        return FALSE;
      memcpy (sig->amz_date, request->amz_date, DATE_LEN + 1);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *formatted = lf_signer_format_amz_date (now);

      memcpy (sig->amz_date, formatted, DATE_LEN + 1);
    }
  return TRUE;
}

/* The given headers, checked, their names lowercased once, less those the signer writes. */
static gboolean
collect_headers (Signing  *sig,
                 GError  **error)
{
  const LfSignRequest *request = sig->request;
  gsize lnames_size = 0;
  char *lnames;

  sig->canon = sig->stack_canon;
  /* Room for the signer's own three: host, date, token. */
  if (request->n_headers + 3 > G_N_ELEMENTS (sig->stack_canon))
    sig->canon = sig->heap_canon = g_new (CanonHeader, request->n_headers + 3);
  for (gsize i = 0; i < request->n_headers; i++)
    {
      if (!_lf_sig_validate_header (&request->headers[i], &sig->canon[i], error))
        return FALSE;
      lnames_size += sig->canon[i].name_len;
    }
  lnames = sig->stack_lnames;
  if (lnames_size > sizeof sig->stack_lnames)
    lnames = sig->heap_lnames = g_malloc (lnames_size);

  for (gsize i = 0; i < request->n_headers; i++)
    {
      const char *name = request->headers[i].name;
      CanonHeader *h = &sig->canon[sig->n_canon];

      /* Dropping the signer's own headers packs the array in place: n_canon <= i. */
      *h = sig->canon[i];
      for (gsize j = 0; j < h->name_len; j++)
        lnames[j] = (char) ascii_lower ((guchar) name[j]);
      h->lname = lnames;
      lnames += h->name_len;

      if (NAME_IS (h, "x-amz-date") || NAME_IS (h, "authorization") ||
          (sig->token != NULL && NAME_IS (h, "x-amz-security-token")))
        continue;
      if (NAME_IS (h, "host"))
        sig->has_host = TRUE;
      else if (NAME_IS (h, "x-amz-security-token"))
        sig->has_token_header = TRUE;
      h->order = sig->n_canon++;
    }
  return TRUE;
}

/* Each part of the result gets a slot sized for its worst case (every byte of path and query
 * percent-encoded), so that one allocation holds a whole signature. */
static void
measure (Signing *sig)
{
  const LfSignRequest *request = sig->request;

  for (guint i = 0; i < sig->n_canon; i++)
    {
      sig->headers_size += HEADER_LINE (sig->canon[i].name_len, sig->canon[i].value_len);
      sig->signed_headers_size += sig->canon[i].name_len + 1;
    }
  if (!sig->has_host)
    {
      sig->headers_size += HEADER_LINE (LITERAL_LEN ("host"), sig->url.host_len);
      sig->signed_headers_size += LITERAL_LEN ("host") + 1;
    }
  sig->headers_size += HEADER_LINE (LITERAL_LEN ("x-amz-date"), DATE_LEN);
  sig->signed_headers_size += LITERAL_LEN ("x-amz-date") + 1;
  if (sig->token != NULL)
    {
      sig->headers_size += HEADER_LINE (LITERAL_LEN ("x-amz-security-token"), sig->token_len);
      sig->signed_headers_size += LITERAL_LEN ("x-amz-security-token") + 1;
    }

  sig->max_query_pairs = 1;
  for (gsize i = 0; i < sig->url.query_len; i++)
    if (sig->url.query[i] == '&')
      sig->max_query_pairs++;
  sig->payload_hash_len = request->payload_hash ? strlen (request->payload_hash)
                                                : HEX_DIGEST_LEN;

  /* method \n uri \n query \n headers \n signed-headers \n hash \0 */
  sig->creq_size = sig->method_len + 1 + 3 * sig->url.path_len + 1 + 1 +
                   canonical_query_bound (sig->url.query_len, sig->max_query_pairs) + 1 +
                   sig->headers_size + 1 + sig->signed_headers_size + 1 +
                   sig->payload_hash_len + 1;
  /* algorithm \n date \n scope \n hash \0 */
  sig->sts_size = sizeof ALGORITHM + DATE_LEN + 1 + DAY_LEN + 1 + sig->region_len + 1 +
                  sig->service_len + TERMINATOR + 1 + HEX_DIGEST_LEN + 1;
  sig->authorization_size = sizeof ALGORITHM + LITERAL_LEN (" Credential=") +
                            sig->access_key_id_len + 1 + DAY_LEN + 1 + sig->region_len + 1 +
                            sig->service_len + TERMINATOR + LITERAL_LEN (", SignedHeaders=") +
                            sig->signed_headers_size + LITERAL_LEN (", Signature=") +
                            HEX_DIGEST_LEN + 1;
  sig->host_size = sig->has_host ? 0 : sig->url.host_len + 1;
  sig->token_size = (sig->token != NULL && !sig->has_token_header) ? sig->token_len + 1 : 0;
}

/* The block, its slots, and the signer's own headers added to the canonical list, sorted. */
static void
allocate_result (Signing *sig)
{
  char *block = g_malloc (sizeof (LfSignature) + sig->creq_size + sig->sts_size +
                          sig->signed_headers_size + sig->authorization_size + sig->host_size +
                          sig->token_size);
  LfSignature *result = (LfSignature *) block;

  memset (result, 0, sizeof *result);
  memcpy (result->amz_date, sig->amz_date, DATE_LEN + 1);
  block += sizeof (LfSignature);
  result->canonical_request = block;
  block += sig->creq_size;
  result->string_to_sign = block;
  block += sig->sts_size;
  result->signed_headers = block;
  block += sig->signed_headers_size;
  result->authorization = block;
  block += sig->authorization_size;
  if (sig->host_size > 0)
    {
      result->host = block;
      block += sig->host_size;
      _lf_sig_write_host_header (result->host, &sig->url);
      sig->canon[sig->n_canon] = (CanonHeader) { "host", result->host, 4, strlen (result->host),
                                                 sig->n_canon, FALSE };
      sig->n_canon++;
    }
  if (sig->token_size > 0)
    {
      result->session_token = block;
      memcpy (result->session_token, sig->token, sig->token_len + 1);
    }
  sig->canon[sig->n_canon] = (CanonHeader) { "x-amz-date", result->amz_date, 10, DATE_LEN,
                                             sig->n_canon, FALSE };
  sig->n_canon++;
  if (sig->token != NULL)
    {
      gboolean fold = memchr (sig->token, ' ', sig->token_len) ||
                      memchr (sig->token, '\t', sig->token_len);

      sig->canon[sig->n_canon] = (CanonHeader) { "x-amz-security-token", sig->token, 20,
                                                 sig->token_len, sig->n_canon, fold };
      sig->n_canon++;
    }
  _lf_sig_sort_canon_headers (sig->canon, sig->n_canon);
  sig->result = result;
}

/* Header lines, repeated names joined by commas in the order sent; the signed header list. */
static char *
write_canonical_headers (Signing *sig,
                         char    *o)
{
  LfSignature *result = sig->result;
  CanonHeader *canon = sig->canon;

  sig->signed_headers_end = result->signed_headers;
  for (guint i = 0; i < sig->n_canon; i++)
    {
      if (!_lf_sig_header_is_selected (&canon[i], sig->request->only_headers))
        continue;
      if (i > 0 && _lf_sig_compare_names (&canon[i], &canon[i - 1]) == 0)
        o[-1] = ',';
      else
        {
          if (sig->signed_headers_end > result->signed_headers)
            *sig->signed_headers_end++ = ';';
          sig->signed_headers_end = write_bytes (sig->signed_headers_end, canon[i].lname,
                                                 canon[i].name_len);
          o = write_bytes (o, canon[i].lname, canon[i].name_len);
          *o++ = ':';
        }
      if (canon[i].fold)
        o = _lf_sig_write_folded_value (o, canon[i].value, canon[i].value_len);
      else
        o = write_bytes (o, canon[i].value, canon[i].value_len);
      *o++ = '\n';
    }
  *sig->signed_headers_end = '\0';
  return o;
}

static void
write_canonical_request (Signing *sig)
{
  const LfSignRequest *request = sig->request;
  char *start = sig->result->canonical_request;
  char *o = start;

  o = write_bytes (o, request->method, sig->method_len);
  *o++ = '\n';
  o = _lf_sig_write_canonical_uri (o, sig->url.path, sig->url.path_len);
  *o++ = '\n';
  o = _lf_sig_write_canonical_query (o, sig->url.query, sig->url.query_len, sig->max_query_pairs);
  *o++ = '\n';
  o = write_canonical_headers (sig, o);
  *o++ = '\n';
  o = write_bytes (o, sig->result->signed_headers,
                   sig->signed_headers_end - sig->result->signed_headers);
  *o++ = '\n';
  if (request->payload_hash != NULL)
    o = write_bytes (o, request->payload_hash, sig->payload_hash_len);
  else
    {
      guint8 digest[SHA256_DIGEST_SIZE];
      struct sha256_ctx ctx;

      sha256_init (&ctx);
      sha256_update (&ctx, request->body ? request->body_length : 0, request->body);
      sha256_digest (&ctx, sizeof digest, digest);
      hex_encode (digest, sizeof digest, o);
      o += HEX_DIGEST_LEN;
    }
  *o = '\0';
  sig->creq_len = o - start;
  g_assert (sig->creq_len < sig->creq_size);
}

/* algorithm, date, scope (kept for the Authorization header), and the request's hash. */
static void
write_string_to_sign (Signing *sig)
{
  char *o = sig->result->string_to_sign;
  guint8 digest[SHA256_DIGEST_SIZE];
  struct sha256_ctx ctx;

  o = WRITE_LITERAL (o, ALGORITHM "\n");
  o = write_bytes (o, sig->amz_date, DATE_LEN);
  *o++ = '\n';
  sig->scope = o;
  o = write_bytes (o, sig->amz_date, DAY_LEN);
  *o++ = '/';
  o = write_bytes (o, sig->request->region, sig->region_len);
  *o++ = '/';
  o = write_bytes (o, sig->request->service, sig->service_len);
  o = WRITE_LITERAL (o, "/aws4_request");
  *o++ = '\n';
  sha256_init (&ctx);
  sha256_update (&ctx, sig->creq_len, (const guint8 *) sig->result->canonical_request);
  sha256_digest (&ctx, sizeof digest, digest);
  hex_encode (digest, sizeof digest, o);
  o += HEX_DIGEST_LEN;
  sig->sts_end = o;
  g_assert ((gsize) (o - sig->result->string_to_sign) < sig->sts_size);
}

static void
write_signature (LfSigner *self,
                 Signing  *sig)
{
  struct hmac_sha256_ctx keyed;
  guint8 digest[SHA256_DIGEST_SIZE];

  g_mutex_lock (&self->lock);
  lookup_keyed_hmac (self, sig->secret, sig->amz_date, sig->request->region,
                     sig->request->service, &keyed);
  g_mutex_unlock (&self->lock);
  hmac_sha256_update (&keyed, sig->sts_end - sig->result->string_to_sign,
                      (const guint8 *) sig->result->string_to_sign);
  hmac_sha256_digest (&keyed, sizeof digest, digest);
  explicit_bzero (&keyed, sizeof keyed);
  hex_encode (digest, sizeof digest, sig->result->signature);
}

/* The Authorization header, the scope copied from the string to sign; then the list of what
 * the caller adds to its own headers before sending. */
static void
write_authorization (Signing *sig)
{
  LfSignature *result = sig->result;
  char *o = result->authorization;

  o = WRITE_LITERAL (o, ALGORITHM " Credential=");
  o = write_bytes (o, sig->access_key_id, sig->access_key_id_len);
  *o++ = '/';
  o = write_bytes (o, sig->scope, DAY_LEN + 1 + sig->region_len + 1 + sig->service_len +
                                  TERMINATOR);
  o = WRITE_LITERAL (o, ", SignedHeaders=");
  o = write_bytes (o, result->signed_headers, sig->signed_headers_end - result->signed_headers);
  o = WRITE_LITERAL (o, ", Signature=");
  o = write_bytes (o, result->signature, HEX_DIGEST_LEN + 1);
  g_assert ((gsize) (o - result->authorization) <= sig->authorization_size);

  if (result->host != NULL)
    result->headers[result->n_headers++] = (LfHeader) { (char *) "Host", result->host };
  result->headers[result->n_headers++] = (LfHeader) { (char *) "X-Amz-Date", result->amz_date };
  if (result->session_token != NULL)
    result->headers[result->n_headers++] =
      (LfHeader) { (char *) "X-Amz-Security-Token", result->session_token };
  result->headers[result->n_headers++] =
    (LfHeader) { (char *) "Authorization", result->authorization };
}

LfSignature *
lf_signer_sign (LfSigner             *self,
                const LfSignRequest  *request,
                LfCredentials        *credentials,
                GError              **error)
{
  Signing sig = { .request = request };
  gboolean ok;

  g_return_val_if_fail (LF_IS_SIGNER (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  ok = check_request (&sig, credentials, error) && collect_headers (&sig, error);
  if (ok)
    {
      measure (&sig);
      allocate_result (&sig);
      write_canonical_request (&sig);
      write_string_to_sign (&sig);
      write_signature (self, &sig);
      write_authorization (&sig);
    }
  signing_clear (&sig);
  return ok ? sig.result : NULL;
}

gboolean
lf_signer_build_string_to_sign (LfSigner             *self,
                                const LfSignRequest  *request,
                                const char           *algorithm,
                                char                **canonical_request,
                                char                **string_to_sign,
                                char                **signed_headers,
                                char                **credential_scope,
                                char                **amz_date,
                                GError              **error)
{
  g_autoptr(LfCredentials) placeholder = NULL;
  g_autoptr(LfSignature) signature = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (LF_IS_SIGNER (self), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (algorithm != NULL && strchr (algorithm, '\n') == NULL, FALSE);

  /* Reuses lf_signer_sign()'s canonicalization as it is, so both can never disagree; its HMAC
   * over the placeholder is wasted work, cheap beside the caller's public-key signature. A
   * token-less placeholder keeps X-Amz-Security-Token out of the canonical request. */
  placeholder = lf_credentials_new ("PLACEHOLDER", "placeholder-never-sent", NULL, NULL);
  signature = lf_signer_sign (self, request, placeholder, error);
  if (signature == NULL)
    return FALSE;

  scope = g_strdup_printf ("%.8s/%s/%s/aws4_request", signature->amz_date, request->region,
                           request->service);
  hash = lf_sha256_hex ((const guint8 *) signature->canonical_request,
                        strlen (signature->canonical_request));

  if (string_to_sign != NULL)
    *string_to_sign = g_strdup_printf ("%s\n%s\n%s\n%s", algorithm, signature->amz_date, scope,
                                       hash);
  if (canonical_request != NULL)
    *canonical_request = g_strdup (signature->canonical_request);
  if (signed_headers != NULL)
    *signed_headers = g_strdup (signature->signed_headers);
  if (amz_date != NULL)
    *amz_date = g_strdup (signature->amz_date);
  if (credential_scope != NULL)
    *credential_scope = g_steal_pointer (&scope);

  return TRUE;
}
