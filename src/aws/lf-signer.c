/* lf-signer.c: AWS Signature Version 4 over nettle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-signer"

#include "config.h"

#include <string.h>

#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include "lf-signer.h"

#define ALGORITHM "AWS4-HMAC-SHA256"
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

typedef struct
{
  const char *lname;   /* lowercase name, in the scratch buffer */
  const char *value;   /* trimmed and folded, in the scratch buffer */
  guint order;
} CanonHeader;

typedef struct
{
  char *key;
  char *value;
} QueryPair;

static const char hex_lower[] = "0123456789abcdef";
static const char hex_upper[] = "0123456789ABCDEF";

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

static inline void
hex_encode (const guint8 *data,
            gsize         length,
            char         *out)
{
  for (gsize i = 0; i < length; i++)
    {
      out[2 * i] = hex_lower[data[i] >> 4];
      out[2 * i + 1] = hex_lower[data[i] & 0xf];
    }
  out[2 * length] = '\0';
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

static inline gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

/* RFC 7230 token characters: what a header name or method may hold. */
static inline gboolean
is_tchar (guchar c)
{
  switch (c)
    {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
      return TRUE;
    default:
      return g_ascii_isalnum (c);
    }
}

static void
append_uri_encoded (GString    *out,
                    const char *data,
                    gsize       length,
                    gboolean    keep_slash)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      if (is_unreserved (c) || (keep_slash && c == '/'))
        {
          g_string_append_c (out, (char) c);
        }
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex_upper[c >> 4]);
          g_string_append_c (out, hex_upper[c & 0xf]);
        }
    }
}

/* Removes "." and ".." segments and empty segments, as AWS does for every service but S3,
 * then encodes the result once more: the wire path is already encoded, so "%" becomes "%25". */
static void
append_canonical_uri (GString    *out,
                      const char *path,
                      gsize       length)
{
  struct { const char *start; gsize len; } segments[64];
  g_autofree void *heap_segments = NULL;
  typeof (segments[0]) *seg = segments;
  guint n_seg = 0;
  gsize max_seg = 1;
  const char *end = path + length;
  const char *p = path;
  gboolean trailing_slash;

  for (gsize i = 0; i < length; i++)
    if (path[i] == '/')
      max_seg++;
  if (max_seg > G_N_ELEMENTS (segments))
    seg = heap_segments = g_new (typeof (segments[0]), max_seg);

  while (p < end)
    {
      const char *slash = memchr (p, '/', end - p);
      const char *stop = slash ? slash : end;
      gsize len = stop - p;

      if (len == 0 || (len == 1 && p[0] == '.'))
        ;
      else if (len == 2 && p[0] == '.' && p[1] == '.')
        {
          if (n_seg > 0)
            n_seg--;
        }
      else
        {
          seg[n_seg].start = p;
          seg[n_seg].len = len;
          n_seg++;
        }

      p = slash ? slash + 1 : end;
    }

  trailing_slash = length > 0 && path[length - 1] == '/';

  if (n_seg == 0)
    {
      g_string_append_c (out, '/');
      return;
    }

  for (guint i = 0; i < n_seg; i++)
    {
      g_string_append_c (out, '/');
      append_uri_encoded (out, seg[i].start, seg[i].len, FALSE);
    }
  if (trailing_slash)
    g_string_append_c (out, '/');
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes %XX escapes (a malformed escape stays as it is) then encodes strictly, so that
 * an already-encoded query and a raw one give the same canonical form. */
static char *
query_component_canonical (const char *data,
                           gsize       length)
{
  GString *decoded = g_string_sized_new (length);
  GString *out = g_string_sized_new (length + 8);

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '%' && i + 2 < length &&
          hex_value (data[i + 1]) >= 0 && hex_value (data[i + 2]) >= 0)
        {
          g_string_append_c (decoded, (char) (hex_value (data[i + 1]) << 4 | hex_value (data[i + 2])));
          i += 2;
        }
      else
        g_string_append_c (decoded, data[i]);
    }

  append_uri_encoded (out, decoded->str, decoded->len, FALSE);
  g_string_free (decoded, TRUE);

  return g_string_free (out, FALSE);
}

static int
compare_query_pairs (gconstpointer a,
                     gconstpointer b)
{
  const QueryPair *pa = a;
  const QueryPair *pb = b;
  int r = strcmp (pa->key, pb->key);

  return r != 0 ? r : strcmp (pa->value, pb->value);
}

static void
append_canonical_query (GString    *out,
                        const char *query,
                        gsize       length)
{
  QueryPair stack_pairs[16];
  g_autofree QueryPair *heap_pairs = NULL;
  QueryPair *pairs = stack_pairs;
  guint n_pairs = 0;
  gsize max_pairs = 1;
  const char *end = query + length;
  const char *p = query;

  if (length == 0)
    return;

  for (gsize i = 0; i < length; i++)
    if (query[i] == '&')
      max_pairs++;
  if (max_pairs > G_N_ELEMENTS (stack_pairs))
    pairs = heap_pairs = g_new (QueryPair, max_pairs);

  while (p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      const char *stop = amp ? amp : end;

      if (stop > p)
        {
          const char *eq = memchr (p, '=', stop - p);
          const char *key_end = eq ? eq : stop;

          pairs[n_pairs].key = query_component_canonical (p, key_end - p);
          pairs[n_pairs].value = eq ? query_component_canonical (eq + 1, stop - eq - 1)
                                    : g_strdup ("");
          n_pairs++;
        }

      p = amp ? amp + 1 : end;
    }

  qsort (pairs, n_pairs, sizeof (QueryPair), compare_query_pairs);

  for (guint i = 0; i < n_pairs; i++)
    {
      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append (out, pairs[i].key);
      g_string_append_c (out, '=');
      g_string_append (out, pairs[i].value);
      g_free (pairs[i].key);
      g_free (pairs[i].value);
    }
}

static int
compare_canon_headers (gconstpointer a,
                       gconstpointer b)
{
  const CanonHeader *ha = a;
  const CanonHeader *hb = b;
  int r = strcmp (ha->lname, hb->lname);

  if (r != 0)
    return r;
  return ha->order < hb->order ? -1 : ha->order > hb->order;
}

static gboolean
validate_header (const LfHeader  *header,
                 GError         **error)
{
  if (header->name == NULL || header->name[0] == '\0')
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_HEADER,
                           "A header has an empty name");
      return FALSE;
    }

  for (const char *p = header->name; *p; p++)
    {
      if (!is_tchar ((guchar) *p))
        {
          g_autofree char *shown = g_strescape (header->name, NULL);
          g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_HEADER,
                       "The header name “%s” holds a space, a control character or a separator",
                       shown);
          return FALSE;
        }
    }

  if (header->value == NULL)
    {
      g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_HEADER,
                   "The header “%s” has no value", header->name);
      return FALSE;
    }

  for (const char *p = header->value; *p; p++)
    {
      guchar c = (guchar) *p;

      if ((c < 0x20 && c != '\t') || c == 0x7f)
        {
          g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_HEADER,
                       "The value of header “%s” holds a control character (line breaks are not "
                       "allowed in header values)", header->name);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_scope_part (const char  *what,
                     const char  *value,
                     GError     **error)
{
  if (value == NULL || value[0] == '\0')
    {
      g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_SCOPE,
                   "The %s to sign for is empty", what);
      return FALSE;
    }

  for (const char *p = value; *p; p++)
    {
      if (!(g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.'))
        {
          g_autofree char *shown = g_strescape (value, NULL);
          g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_SCOPE,
                       "The %s “%s” may only hold letters, digits, “-”, “_” and “.”", what, shown);
          return FALSE;
        }
    }

  return TRUE;
}

GDateTime *
lf_signer_parse_amz_date (const char  *amz_date,
                          GError     **error)
{
  int f[6];
  static const struct { guint offset, width; } layout[6] = {
    { 0, 4 }, { 4, 2 }, { 6, 2 }, { 9, 2 }, { 11, 2 }, { 13, 2 },
  };
  GDateTime *dt;

  if (amz_date == NULL || strlen (amz_date) != 16 || amz_date[8] != 'T' || amz_date[15] != 'Z')
    goto invalid;

  for (guint i = 0; i < G_N_ELEMENTS (layout); i++)
    {
      f[i] = 0;
      for (guint j = 0; j < layout[i].width; j++)
        {
          char c = amz_date[layout[i].offset + j];
          if (!g_ascii_isdigit (c))
            goto invalid;
          f[i] = f[i] * 10 + (c - '0');
        }
    }

  if (f[0] < 1970 || f[5] > 59)
    goto invalid;

  dt = g_date_time_new_utc (f[0], f[1], f[2], f[3], f[4], f[5]);
  if (dt == NULL)
    goto invalid;

  return dt;

invalid:
  {
    g_autofree char *shown = amz_date ? g_strescape (amz_date, NULL) : g_strdup ("(none)");
    g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_DATE,
                 "The date “%s” is not a valid UTC time of the form YYYYMMDDTHHMMSSZ", shown);
    return NULL;
  }
}

char *
lf_signer_format_amz_date (GDateTime *date_time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (date_time);

  return g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
}

typedef struct
{
  const char *scheme;
  gsize scheme_len;
  const char *host;     /* host[:port] as written */
  gsize host_len;
  const char *path;
  gsize path_len;
  const char *query;
  gsize query_len;
} UrlParts;

static gboolean
split_url (const char  *url,
           UrlParts    *parts,
           GError     **error)
{
  const char *sep;
  const char *authority;
  const char *at;
  const char *p;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_URL,
                           "The URL is empty");
      return FALSE;
    }

  sep = strstr (url, "://");
  if (sep == NULL || sep == url)
    {
      g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_URL,
                   "The URL “%s” has no scheme (it must start with http:// or https://)", url);
      return FALSE;
    }

  parts->scheme = url;
  parts->scheme_len = sep - url;
  if (!((parts->scheme_len == 4 && g_ascii_strncasecmp (url, "http", 4) == 0) ||
        (parts->scheme_len == 5 && g_ascii_strncasecmp (url, "https", 5) == 0)))
    {
      g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_URL,
                   "The URL “%s” must use http or https", url);
      return FALSE;
    }

  authority = sep + 3;
  p = authority + strcspn (authority, "/?#");
  at = memchr (authority, '@', p - authority);
  if (at != NULL)
    authority = at + 1;

  parts->host = authority;
  parts->host_len = p - authority;
  if (parts->host_len == 0 || parts->host[0] == ':')
    {
      g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_URL,
                   "The URL “%s” has no host", url);
      return FALSE;
    }

  for (gsize i = 0; i < parts->host_len; i++)
    {
      guchar c = (guchar) parts->host[i];
      if (c <= 0x20 || c >= 0x7f)
        {
          g_autofree char *shown = g_strescape (url, NULL);
          g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_URL,
                       "The host of the URL “%s” holds a space or a character that is not ASCII",
                       shown);
          return FALSE;
        }
    }

  parts->path = p;
  parts->path_len = strcspn (p, "?#");
  p += parts->path_len;

  if (*p == '?')
    {
      parts->query = p + 1;
      parts->query_len = strcspn (parts->query, "#");
    }
  else
    {
      parts->query = p;
      parts->query_len = 0;
    }

  for (const char *c = parts->path; c < parts->query + parts->query_len; c++)
    {
      if ((guchar) *c < 0x20 || (guchar) *c == 0x7f)
        {
          g_autofree char *shown = g_strescape (url, NULL);
          g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_URL,
                       "The URL “%s” holds a control character", shown);
          return FALSE;
        }
    }

  return TRUE;
}

/* The Host header a client sends: the authority's host, lowercased, with the port only when
 * it is not the scheme's default. */
static char *
host_header_for (const UrlParts *parts)
{
  gboolean https = parts->scheme_len == 5;
  char *host = g_ascii_strdown (parts->host, parts->host_len);
  char *colon = strrchr (host, ':');

  /* An IPv6 literal's colons sit inside brackets. */
  if (colon != NULL && strchr (colon, ']') == NULL)
    {
      if ((https && strcmp (colon, ":443") == 0) || (!https && strcmp (colon, ":80") == 0))
        *colon = '\0';
    }

  return host;
}

void
lf_signature_free (LfSignature *signature)
{
  if (signature == NULL)
    return;

  g_free (signature->canonical_request);
  g_free (signature->string_to_sign);
  g_free (signature->signed_headers);
  g_free (signature->authorization);
  g_free (signature->host);
  lf_secret_wipe (signature->session_token);
  g_free (signature);
}

const char *
lf_signature_get_header (const LfSignature *signature,
                         const char        *name)
{
  for (guint i = 0; i < signature->n_headers; i++)
    if (g_ascii_strcasecmp (signature->headers[i].name, name) == 0)
      return signature->headers[i].value;

  return NULL;
}

/* Whether a caller's header is one the signer writes itself, and so neither signs nor sends. */
gboolean
lf_signer_owns_header (const char *name,
                       gboolean    has_token)
{
  return g_ascii_strcasecmp (name, "x-amz-date") == 0 ||
         g_ascii_strcasecmp (name, "authorization") == 0 ||
         (has_token && g_ascii_strcasecmp (name, "x-amz-security-token") == 0);
}

static gboolean
header_is_selected (const char  *lname,
                    const char **only)
{
  if (only == NULL)
    return TRUE;

  for (guint i = 0; only[i]; i++)
    if (strcmp (only[i], lname) == 0)
      return TRUE;

  return FALSE;
}

/* Appends a lowercase copy of @name, then the trimmed, folded @value, each NUL-terminated, to
 * the scratch buffer, and returns where each starts. One buffer for every header keeps the
 * signer at a handful of allocations a signature. */
static void
scratch_add_header (char       **cursor,
                    const char  *name,
                    const char  *value,
                    CanonHeader *out)
{
  char *o = *cursor;
  gboolean pending_space = FALSE;

  out->lname = o;
  for (const char *p = name; *p; p++)
    *o++ = (*p >= 'A' && *p <= 'Z') ? (char) (*p | 0x20) : *p;
  *o++ = '\0';

  out->value = o;
  for (const char *p = value; *p; p++)
    {
      if (*p == ' ' || *p == '\t')
        {
          pending_space = (o != out->value);
          continue;
        }
      if (pending_space)
        *o++ = ' ';
      pending_space = FALSE;
      *o++ = *p;
    }
  *o++ = '\0';

  *cursor = o;
}

static gboolean
validate_amz_date_fast (const char  *amz_date,
                        GError     **error)
{
  static const guint8 days_in_month[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  guint year, month, day, hour, minute, second;

  if (strlen (amz_date) != 16 || amz_date[8] != 'T' || amz_date[15] != 'Z')
    goto slow;
  for (guint i = 0; i < 15; i++)
    if (i != 8 && !g_ascii_isdigit (amz_date[i]))
      goto slow;

#define DIGITS2(o) ((guint) (amz_date[o] - '0') * 10 + (guint) (amz_date[(o) + 1] - '0'))
  year = DIGITS2 (0) * 100 + DIGITS2 (2);
  month = DIGITS2 (4);
  day = DIGITS2 (6);
  hour = DIGITS2 (9);
  minute = DIGITS2 (11);
  second = DIGITS2 (13);
#undef DIGITS2

  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > days_in_month[month - 1] ||
      hour > 23 || minute > 59 || second > 59 ||
      (month == 2 && day == 29 && !g_date_is_leap_year (year)))
    goto slow;

  return TRUE;

slow:
  /* The full parser words the error. */
  {
    g_autoptr(GDateTime) dt = lf_signer_parse_amz_date (amz_date, error);
    if (dt != NULL)
      {
        g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_DATE,
                     "The date “%s” is not a valid UTC time of the form YYYYMMDDTHHMMSSZ",
                     amz_date);
      }
    return FALSE;
  }
}

LfSignature *
lf_signer_sign (LfSigner             *self,
                const LfSignRequest  *request,
                LfCredentials        *credentials,
                GError              **error)
{
  g_autoptr(LfSignature) result = NULL;
  g_autofree CanonHeader *canon = NULL;
  g_autofree char *scratch = NULL;
  g_autofree char *host_header = NULL;
  struct hmac_sha256_ctx keyed;
  guint8 digest[SHA256_DIGEST_SIZE];
  char hash_hex[2 * SHA256_DIGEST_SIZE + 1];
  const char *amz_date;
  const char *token;
  char *cursor;
  GString *creq;
  GString *sts;
  GString *signed_headers;
  GString *authorization;
  UrlParts url;
  gboolean has_host = FALSE;
  gboolean has_token_header = FALSE;
  gsize scratch_size;
  guint n_canon = 0;

  g_return_val_if_fail (LF_IS_SIGNER (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (request->method == NULL || request->method[0] == '\0')
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_METHOD,
                           "The HTTP method is empty");
      return NULL;
    }
  for (const char *p = request->method; *p; p++)
    {
      if (!is_tchar ((guchar) *p))
        {
          g_autofree char *shown = g_strescape (request->method, NULL);
          g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_METHOD,
                       "The HTTP method “%s” holds characters a method cannot have", shown);
          return NULL;
        }
    }

  if (credentials == NULL)
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_CREDENTIALS,
                           "There are no credentials to sign with");
      return NULL;
    }
  /* Full validation belongs where credentials come from; here only what would sign garbage. */
  if (lf_credentials_get_access_key_id (credentials)[0] == '\0' ||
      lf_credentials_get_secret_access_key (credentials)[0] == '\0' ||
      strchr (lf_credentials_get_secret_access_key (credentials), ' ') != NULL)
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_CREDENTIALS,
                           "The access key ID or secret access key is empty or malformed");
      return NULL;
    }

  if (!validate_scope_part ("region", request->region, error) ||
      !validate_scope_part ("service", request->service, error))
    return NULL;

  if (!split_url (request->url, &url, error))
    return NULL;

  result = g_new0 (LfSignature, 1);

  if (request->amz_date != NULL)
    {
      if (!validate_amz_date_fast (request->amz_date, error))
        return NULL;
      memcpy (result->amz_date, request->amz_date, 17);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *formatted = lf_signer_format_amz_date (now);
      memcpy (result->amz_date, formatted, 17);
    }
  amz_date = result->amz_date;

  token = lf_credentials_get_session_token (credentials);

  /* Canonical headers: the given ones (less those the signer owns) plus host, date, token. */
  scratch_size = 64 + (token ? strlen (token) + 32 : 0);
  for (gsize i = 0; i < request->n_headers; i++)
    {
      const LfHeader *header = &request->headers[i];

      if (!validate_header (header, error))
        return NULL;
      scratch_size += strlen (header->name) + strlen (header->value) + 2;
    }
  if (!has_host)
    scratch_size += url.host_len + 8;

  canon = g_new (CanonHeader, request->n_headers + 3);
  cursor = scratch = g_malloc (scratch_size);

  for (gsize i = 0; i < request->n_headers; i++)
    {
      const LfHeader *header = &request->headers[i];

      char *mark = cursor;

      scratch_add_header (&cursor, header->name, header->value, &canon[n_canon]);
      if (strcmp (canon[n_canon].lname, "x-amz-date") == 0 ||
          strcmp (canon[n_canon].lname, "authorization") == 0 ||
          (token != NULL && strcmp (canon[n_canon].lname, "x-amz-security-token") == 0))
        {
          /* The signer writes these itself. */
          cursor = mark;
          continue;
        }
      if (strcmp (canon[n_canon].lname, "host") == 0)
        has_host = TRUE;
      else if (strcmp (canon[n_canon].lname, "x-amz-security-token") == 0)
        has_token_header = TRUE;

      canon[n_canon].order = n_canon;
      n_canon++;
    }

  if (!has_host)
    {
      host_header = host_header_for (&url);
      scratch_add_header (&cursor, "host", host_header, &canon[n_canon]);
      canon[n_canon].order = n_canon;
      n_canon++;
    }
  scratch_add_header (&cursor, "x-amz-date", amz_date, &canon[n_canon]);
  canon[n_canon].order = n_canon;
  n_canon++;
  if (token != NULL)
    {
      scratch_add_header (&cursor, "x-amz-security-token", token, &canon[n_canon]);
      canon[n_canon].order = n_canon;
      n_canon++;
    }
  g_assert ((gsize) (cursor - scratch) <= scratch_size);

  qsort (canon, n_canon, sizeof (CanonHeader), compare_canon_headers);

  creq = g_string_sized_new (256 + url.path_len + url.query_len + (cursor - scratch) + 64);
  signed_headers = g_string_sized_new (96);

  g_string_append (creq, request->method);
  g_string_append_c (creq, '\n');
  append_canonical_uri (creq, url.path, url.path_len);
  g_string_append_c (creq, '\n');
  append_canonical_query (creq, url.query, url.query_len);
  g_string_append_c (creq, '\n');

  for (guint i = 0; i < n_canon; i++)
    {
      gboolean same_as_previous = i > 0 && strcmp (canon[i].lname, canon[i - 1].lname) == 0;

      if (!header_is_selected (canon[i].lname, request->only_headers))
        continue;

      if (same_as_previous)
        {
          /* Repeated names become one line, values joined by commas in the order sent. */
          g_string_truncate (creq, creq->len - 1);
          g_string_append_c (creq, ',');
        }
      else
        {
          if (signed_headers->len > 0)
            g_string_append_c (signed_headers, ';');
          g_string_append (signed_headers, canon[i].lname);
          g_string_append (creq, canon[i].lname);
          g_string_append_c (creq, ':');
        }
      g_string_append (creq, canon[i].value);
      g_string_append_c (creq, '\n');
    }

  g_string_append_c (creq, '\n');
  g_string_append_len (creq, signed_headers->str, signed_headers->len);
  g_string_append_c (creq, '\n');

  if (request->payload_hash != NULL)
    g_string_append (creq, request->payload_hash);
  else
    {
      struct sha256_ctx ctx;

      sha256_init (&ctx);
      sha256_update (&ctx, request->body ? request->body_length : 0, request->body);
      sha256_digest (&ctx, sizeof digest, digest);
      hex_encode (digest, sizeof digest, hash_hex);
      g_string_append_len (creq, hash_hex, 2 * SHA256_DIGEST_SIZE);
    }

  {
    struct sha256_ctx ctx;

    sha256_init (&ctx);
    sha256_update (&ctx, creq->len, (const guint8 *) creq->str);
    sha256_digest (&ctx, sizeof digest, digest);
    hex_encode (digest, sizeof digest, hash_hex);
  }

  sts = g_string_sized_new (160);
  g_string_append_len (sts, ALGORITHM "\n", strlen (ALGORITHM) + 1);
  g_string_append_len (sts, amz_date, 16);
  g_string_append_c (sts, '\n');
  g_string_append_len (sts, amz_date, 8);
  g_string_append_c (sts, '/');
  g_string_append (sts, request->region);
  g_string_append_c (sts, '/');
  g_string_append (sts, request->service);
  g_string_append_len (sts, "/aws4_request\n", 14);
  g_string_append_len (sts, hash_hex, 2 * SHA256_DIGEST_SIZE);

  g_mutex_lock (&self->lock);
  lookup_keyed_hmac (self, lf_credentials_get_secret_access_key (credentials), amz_date,
                     request->region, request->service, &keyed);
  g_mutex_unlock (&self->lock);

  hmac_sha256_update (&keyed, sts->len, (const guint8 *) sts->str);
  hmac_sha256_digest (&keyed, sizeof digest, digest);
  explicit_bzero (&keyed, sizeof keyed);
  hex_encode (digest, sizeof digest, result->signature);

  /* The scope sits in the string to sign already: copy it from there. */
  authorization = g_string_sized_new (160 + signed_headers->len);
  g_string_append_len (authorization, ALGORITHM " Credential=", strlen (ALGORITHM) + 12);
  g_string_append (authorization, lf_credentials_get_access_key_id (credentials));
  g_string_append_c (authorization, '/');
  g_string_append_len (authorization, sts->str + strlen (ALGORITHM) + 18,
                       sts->len - (strlen (ALGORITHM) + 18) - 2 * SHA256_DIGEST_SIZE - 1);
  g_string_append_len (authorization, ", SignedHeaders=", 16);
  g_string_append_len (authorization, signed_headers->str, signed_headers->len);
  g_string_append_len (authorization, ", Signature=", 12);
  g_string_append_len (authorization, result->signature, 2 * SHA256_DIGEST_SIZE);

  result->canonical_request = g_string_free (creq, FALSE);
  result->string_to_sign = g_string_free (sts, FALSE);
  result->signed_headers = g_string_free (signed_headers, FALSE);
  result->authorization = g_string_free (authorization, FALSE);

  /* What the caller adds to its own headers before sending. */
  if (!has_host)
    {
      result->host = g_steal_pointer (&host_header);
      result->headers[result->n_headers++] = (LfHeader) { (char *) "Host", result->host };
    }
  result->headers[result->n_headers++] = (LfHeader) { (char *) "X-Amz-Date", result->amz_date };
  if (token != NULL && !has_token_header)
    {
      result->session_token = g_strdup (token);
      result->headers[result->n_headers++] =
        (LfHeader) { (char *) "X-Amz-Security-Token", result->session_token };
    }
  result->headers[result->n_headers++] =
    (LfHeader) { (char *) "Authorization", result->authorization };

  return g_steal_pointer (&result);
}
