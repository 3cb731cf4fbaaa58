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

/* A header to sign. Values point at the caller's strings and are trimmed as they are written
 * out; only the names are copied, lowercased once for sorting, matching and writing. */
typedef struct
{
  const char *lname;
  const char *value;
  gsize name_len;
  gsize value_len;
  guint order;
  gboolean fold;       /* the value holds spaces or tabs to trim or fold */
} CanonHeader;

typedef struct
{
  const char *key;     /* encoded and NUL-terminated, in the query scratch buffer */
  const char *value;
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

/* Character classes, looked up rather than tested one comparison at a time. */
enum
{
  CC_UNRESERVED = 1 << 0,   /* RFC 3986 unreserved: never percent-encoded */
  CC_TCHAR      = 1 << 1,   /* RFC 7230 token: what a header name or method may hold */
  CC_SCOPE      = 1 << 2,   /* what a region or service may hold */
  CC_CTL        = 1 << 3,   /* control characters a header value may not hold (tab is fine) */
  CC_WS         = 1 << 4,   /* what header values are trimmed of */
};

#define CC_ALNUM (CC_UNRESERVED | CC_TCHAR | CC_SCOPE)

static const guint8 char_class[256] = {
  [0x00 ... 0x08] = CC_CTL, [0x0a ... 0x1f] = CC_CTL, [0x7f] = CC_CTL,
  ['\t'] = CC_WS, [' '] = CC_WS,
  ['0' ... '9'] = CC_ALNUM, ['A' ... 'Z'] = CC_ALNUM, ['a' ... 'z'] = CC_ALNUM,
  ['-'] = CC_ALNUM, ['.'] = CC_ALNUM, ['_'] = CC_ALNUM,
  ['~'] = CC_UNRESERVED | CC_TCHAR,
  ['!'] = CC_TCHAR, ['#'] = CC_TCHAR, ['$'] = CC_TCHAR, ['%'] = CC_TCHAR, ['&'] = CC_TCHAR,
  ['\''] = CC_TCHAR, ['*'] = CC_TCHAR, ['+'] = CC_TCHAR, ['^'] = CC_TCHAR, ['`'] = CC_TCHAR,
  ['|'] = CC_TCHAR,
};

static inline gboolean
has_class (guchar c,
           guint  cls)
{
  return (char_class[c] & cls) != 0;
}

static inline guchar
ascii_lower (guchar c)
{
  return (c >= 'A' && c <= 'Z') ? c | 0x20 : c;
}

/* Writes @length bytes percent-encoded at @o and returns the end: at most 3 bytes each. */
static char *
write_uri_encoded (char       *o,
                   const char *data,
                   gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      if (has_class (c, CC_UNRESERVED))
        *o++ = (char) c;
      else
        {
          o[0] = '%';
          o[1] = hex_upper[c >> 4];
          o[2] = hex_upper[c & 0xf];
          o += 3;
        }
    }

  return o;
}

/* Removes "." and ".." segments and empty segments, as AWS does for every service but S3,
 * then encodes the result once more: the wire path is already encoded, so "%" becomes "%25".
 * Writes at most 3 * length + 2 bytes. */
static char *
write_canonical_uri (char       *o,
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

  if (n_seg == 0)
    {
      *o++ = '/';
      return o;
    }

  for (guint i = 0; i < n_seg; i++)
    {
      *o++ = '/';
      o = write_uri_encoded (o, seg[i].start, seg[i].len);
    }
  if (length > 0 && path[length - 1] == '/')
    *o++ = '/';

  return o;
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

/* Decodes %XX escapes (a malformed escape stays as it is) and encodes strictly in one pass,
 * so that an already-encoded query and a raw one give the same canonical form. Writes a NUL
 * after the at most 3 * length bytes and returns where the string starts. */
static const char *
write_query_component (char       **cursor,
                       const char  *data,
                       gsize        length)
{
  char *start = *cursor;
  char *o = start;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '%' && i + 2 < length && hex_value (data[i + 1]) >= 0 &&
          hex_value (data[i + 2]) >= 0)
        {
          c = (char) (hex_value (data[i + 1]) << 4 | hex_value (data[i + 2]));
          i += 2;
        }
      o = write_uri_encoded (o, &c, 1);
    }
  *o++ = '\0';
  *cursor = o;

  return start;
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

/* At most this many bytes for the canonical form of a query with @max_pairs pairs: each byte
 * encodes to at most three, and each pair adds at most an "=" and an "&". */
static inline gsize
canonical_query_bound (gsize length,
                       gsize max_pairs)
{
  return length == 0 ? 0 : 3 * length + 2 * max_pairs;
}

static char *
write_canonical_query (char       *o,
                       const char *query,
                       gsize       length,
                       gsize       max_pairs)
{
  QueryPair stack_pairs[16];
  char stack_scratch[512];
  g_autofree QueryPair *heap_pairs = NULL;
  g_autofree char *heap_scratch = NULL;
  QueryPair *pairs = stack_pairs;
  char *scratch = stack_scratch;
  char *cursor;
  guint n_pairs = 0;
  const char *end = query + length;
  const char *p = query;

  if (length == 0)
    return o;

  if (max_pairs > G_N_ELEMENTS (stack_pairs))
    pairs = heap_pairs = g_new (QueryPair, max_pairs);
  /* Encoded keys and values, each NUL-terminated. */
  if (canonical_query_bound (length, max_pairs) > sizeof stack_scratch)
    scratch = heap_scratch = g_malloc (canonical_query_bound (length, max_pairs));
  cursor = scratch;

  while (p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      const char *stop = amp ? amp : end;

      if (stop > p)
        {
          const char *eq = memchr (p, '=', stop - p);
          const char *key_end = eq ? eq : stop;

          pairs[n_pairs].key = write_query_component (&cursor, p, key_end - p);
          pairs[n_pairs].value = eq ? write_query_component (&cursor, eq + 1, stop - eq - 1)
                                    : write_query_component (&cursor, "", 0);
          n_pairs++;
        }

      p = amp ? amp + 1 : end;
    }

  qsort (pairs, n_pairs, sizeof (QueryPair), compare_query_pairs);

  for (guint i = 0; i < n_pairs; i++)
    {
      gsize key_len = strlen (pairs[i].key);
      gsize value_len = strlen (pairs[i].value);

      if (i > 0)
        *o++ = '&';
      memcpy (o, pairs[i].key, key_len);
      o += key_len;
      *o++ = '=';
      memcpy (o, pairs[i].value, value_len);
      o += value_len;
    }

  return o;
}

/* Compares the lowercase names as strcmp () would. */
static int
compare_names (const CanonHeader *a,
               const CanonHeader *b)
{
  int r = memcmp (a->lname, b->lname, MIN (a->name_len, b->name_len));

  if (r != 0)
    return r;
  return a->name_len < b->name_len ? -1 : a->name_len > b->name_len;
}

/* By name, then in the order sent among equal names. */
static int
compare_canon_headers (const CanonHeader *a,
                       const CanonHeader *b)
{
  int r = compare_names (a, b);

  if (r != 0)
    return r;
  return a->order < b->order ? -1 : a->order > b->order;
}

static int
compare_canon_headers_qsort (gconstpointer a,
                             gconstpointer b)
{
  return compare_canon_headers (a, b);
}

/* A request has a handful of headers: insertion sort beats qsort's setup there. */
static void
sort_canon_headers (CanonHeader *canon,
                    guint        n)
{
  if (n > 16)
    {
      qsort (canon, n, sizeof (CanonHeader), compare_canon_headers_qsort);
      return;
    }

  for (guint i = 1; i < n; i++)
    {
      CanonHeader h = canon[i];
      guint j = i;

      for (; j > 0 && compare_canon_headers (&canon[j - 1], &h) > 0; j--)
        canon[j] = canon[j - 1];
      canon[j] = h;
    }
}

static inline gboolean
name_is (const CanonHeader *header,
         const char        *lname,
         gsize              lname_len)
{
  return header->name_len == lname_len && memcmp (header->lname, lname, lname_len) == 0;
}

#define NAME_IS(h, literal) name_is (h, literal, sizeof literal - 1)

/* Validates a caller's header and fills in all but its lowercase name. */
static gboolean
validate_header (const LfHeader  *header,
                 CanonHeader     *out,
                 GError         **error)
{
  const char *p;
  guint all = CC_TCHAR;
  guint any = 0;

  if (header->name == NULL || header->name[0] == '\0')
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_HEADER,
                           _("A header has an empty name"));
      return FALSE;
    }

  /* Accumulating the classes keeps these loops free of branches. */
  for (p = header->name; *p; p++)
    all &= char_class[(guchar) *p];
  if (all == 0)
    {
      g_autofree char *shown = g_strescape (header->name, NULL);
      g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_HEADER,
                   _("The header name “%s” holds a space, a control character or a separator"),
                   shown);
      return FALSE;
    }
  out->name_len = p - header->name;

  if (header->value == NULL)
    {
      g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_HEADER,
                   _("The header “%s” has no value"), header->name);
      return FALSE;
    }

  for (p = header->value; *p; p++)
    any |= char_class[(guchar) *p];
  if (any & CC_CTL)
    {
      g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_HEADER,
                   _("The value of header “%s” holds a control character (line breaks are not "
                     "allowed in header values)"), header->name);
      return FALSE;
    }
  out->value = header->value;
  out->value_len = p - header->value;
  out->fold = (any & CC_WS) != 0;

  return TRUE;
}

/* Validates a region or service and returns its length, or 0 with @error set. */
static gsize
validate_scope_part (const char  *what,
                     const char  *value,
                     GError     **error)
{
  const char *p;

  if (value == NULL || value[0] == '\0')
    {
      g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_SCOPE,
                   _("The %s to sign for is empty"), what);
      return 0;
    }

  for (p = value; *p; p++)
    {
      if (!has_class ((guchar) *p, CC_SCOPE))
        {
          g_autofree char *shown = g_strescape (value, NULL);
          g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_SCOPE,
                       _("The %s “%s” may only hold letters, digits, “-”, “_” and “.”"), what,
                       shown);
          return 0;
        }
    }

  return p - value;
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
                 _("The date “%s” is not a valid UTC time of the form YYYYMMDDTHHMMSSZ"), shown);
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
                           _("The URL is empty"));
      return FALSE;
    }

  sep = strstr (url, "://");
  if (sep == NULL || sep == url)
    {
      g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_URL,
                   _("The URL “%s” has no scheme (it must start with http:// or https://)"), url);
      return FALSE;
    }

  parts->scheme = url;
  parts->scheme_len = sep - url;
  if (!((parts->scheme_len == 4 && g_ascii_strncasecmp (url, "http", 4) == 0) ||
        (parts->scheme_len == 5 && g_ascii_strncasecmp (url, "https", 5) == 0)))
    {
      g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_URL,
                   _("The URL “%s” must use http or https"), url);
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
                   _("The URL “%s” has no host"), url);
      return FALSE;
    }

  for (gsize i = 0; i < parts->host_len; i++)
    {
      guchar c = (guchar) parts->host[i];
      if (c <= 0x20 || c >= 0x7f)
        {
          g_autofree char *shown = g_strescape (url, NULL);
          g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_URL,
                       _("The host of the URL “%s” holds a space or a character that is not ASCII"),
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
                       _("The URL “%s” holds a control character"), shown);
          return FALSE;
        }
    }

  return TRUE;
}

/* Writes the Host header a client sends, NUL-terminated: the authority's host, lowercased,
 * with the port only when it is not the scheme's default. At most host_len + 1 bytes. */
static void
write_host_header (char           *o,
                   const UrlParts *parts)
{
  gboolean https = parts->scheme_len == 5;
  char *colon = NULL;

  for (gsize i = 0; i < parts->host_len; i++)
    {
      o[i] = (char) ascii_lower ((guchar) parts->host[i]);
      if (o[i] == ':')
        colon = &o[i];
      else if (o[i] == ']')
        colon = NULL;   /* an IPv6 literal's colons sit inside brackets */
    }
  o[parts->host_len] = '\0';

  if (colon != NULL &&
      ((https && strcmp (colon, ":443") == 0) || (!https && strcmp (colon, ":80") == 0)))
    *colon = '\0';
}

void
lf_signature_free (LfSignature *signature)
{
  if (signature == NULL)
    return;

  /* Every string lives in the same block as the struct. */
  if (signature->session_token != NULL)
    explicit_bzero (signature->session_token, strlen (signature->session_token));
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
header_is_selected (const CanonHeader  *header,
                    const char        **only)
{
  if (only == NULL)
    return TRUE;

  for (guint i = 0; only[i]; i++)
    if (name_is (header, only[i], strlen (only[i])))
      return TRUE;

  return FALSE;
}

/* Writes @value trimmed, with each run of spaces and tabs folded to one space, and returns
 * the end: at most @length bytes. */
static char *
write_folded_value (char       *o,
                    const char *value,
                    gsize       length)
{
  char *start = o;
  gboolean pending_space = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = value[i];

      if (c == ' ' || c == '\t')
        {
          pending_space = (o != start);
          continue;
        }
      if (pending_space)
        *o++ = ' ';
      pending_space = FALSE;
      *o++ = c;
    }

  return o;
}

static inline char *
write_bytes (char       *o,
             const char *s,
             gsize       length)
{
  memcpy (o, s, length);
  return o + length;
}

#define WRITE_LITERAL(o, literal) write_bytes (o, literal, sizeof literal - 1)

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
                     _("The date “%s” is not a valid UTC time of the form YYYYMMDDTHHMMSSZ"),
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
  CanonHeader stack_canon[16];
  char stack_lnames[512];
  g_autofree CanonHeader *heap_canon = NULL;
  g_autofree char *heap_lnames = NULL;
  CanonHeader *canon = stack_canon;
  char *lnames = stack_lnames;
  gsize lnames_size = 0;
  LfSignature *result;
  struct hmac_sha256_ctx keyed;
  guint8 digest[SHA256_DIGEST_SIZE];
  char amz_date[17];
  const char *access_key_id;
  const char *secret;
  const char *token;
  const char *p;
  char *block;
  char *o;
  char *signed_headers_end;
  char *scope;
  UrlParts url;
  gboolean has_host = FALSE;
  gboolean has_token_header = FALSE;
  gsize method_len, region_len, service_len, access_key_id_len, token_len, payload_hash_len;
  gsize max_query_pairs = 1;
  gsize headers_size = 0;
  gsize signed_headers_size = 0;
  gsize creq_len;
  gsize creq_size, sts_size, authorization_size, host_size, token_size;
  guint n_canon = 0;

  g_return_val_if_fail (LF_IS_SIGNER (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (request->method == NULL || request->method[0] == '\0')
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_METHOD,
                           _("The HTTP method is empty"));
      return NULL;
    }
  for (p = request->method; *p; p++)
    {
      if (!has_class ((guchar) *p, CC_TCHAR))
        {
          g_autofree char *shown = g_strescape (request->method, NULL);
          g_set_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_METHOD,
                       _("The HTTP method “%s” holds characters a method cannot have"), shown);
          return NULL;
        }
    }
  method_len = p - request->method;

  if (credentials == NULL)
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_CREDENTIALS,
                           _("There are no credentials to sign with"));
      return NULL;
    }
  access_key_id = lf_credentials_get_access_key_id (credentials);
  secret = lf_credentials_get_secret_access_key (credentials);
  /* Full validation belongs where credentials come from; here only what would sign garbage. */
  if (access_key_id[0] == '\0' || secret[0] == '\0' || strchr (secret, ' ') != NULL)
    {
      g_set_error_literal (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_CREDENTIALS,
                           _("The access key ID or secret access key is empty or malformed"));
      return NULL;
    }
  access_key_id_len = strlen (access_key_id);

  region_len = validate_scope_part (_("region"), request->region, error);
  if (region_len == 0)
    return NULL;
  service_len = validate_scope_part (_("service"), request->service, error);
  if (service_len == 0)
    return NULL;

  if (!split_url (request->url, &url, error))
    return NULL;

  if (request->amz_date != NULL)
    {
      if (!validate_amz_date_fast (request->amz_date, error))
        return NULL;
      memcpy (amz_date, request->amz_date, 17);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *formatted = lf_signer_format_amz_date (now);
      memcpy (amz_date, formatted, 17);
    }

  token = lf_credentials_get_session_token (credentials);
  token_len = token ? strlen (token) : 0;

  /* Canonical headers: the given ones (less those the signer owns) plus host, date, token. */
  if (request->n_headers + 3 > G_N_ELEMENTS (stack_canon))
    canon = heap_canon = g_new (CanonHeader, request->n_headers + 3);

  for (gsize i = 0; i < request->n_headers; i++)
    {
      if (!validate_header (&request->headers[i], &canon[i], error))
        return NULL;
      lnames_size += canon[i].name_len;
    }

  if (lnames_size > sizeof stack_lnames)
    lnames = heap_lnames = g_malloc (lnames_size);
  for (gsize i = 0; i < request->n_headers; i++)
    {
      const char *name = request->headers[i].name;
      CanonHeader *h = &canon[n_canon];

      /* Dropping the signer's own headers packs the array in place: n_canon <= i. */
      *h = canon[i];
      for (gsize j = 0; j < h->name_len; j++)
        lnames[j] = (char) ascii_lower ((guchar) name[j]);
      h->lname = lnames;
      lnames += h->name_len;

      if (NAME_IS (h, "x-amz-date") || NAME_IS (h, "authorization") ||
          (token != NULL && NAME_IS (h, "x-amz-security-token")))
        continue;   /* the signer writes these itself */
      if (NAME_IS (h, "host"))
        has_host = TRUE;
      else if (NAME_IS (h, "x-amz-security-token"))
        has_token_header = TRUE;

      h->order = n_canon++;
    }



  for (guint i = 0; i < n_canon; i++)
    {
      headers_size += canon[i].name_len + canon[i].value_len + 2;
      signed_headers_size += canon[i].name_len + 1;
    }
  /* And the signer's own: host, date, token. */
  if (!has_host)
    {
      headers_size += 4 + url.host_len + 2;
      signed_headers_size += 4 + 1;
    }
  headers_size += 10 + 16 + 2;
  signed_headers_size += 10 + 1;
  if (token != NULL)
    {
      headers_size += 20 + token_len + 2;
      signed_headers_size += 20 + 1;
    }

  for (gsize i = 0; i < url.query_len; i++)
    if (url.query[i] == '&')
      max_query_pairs++;
  payload_hash_len = request->payload_hash ? strlen (request->payload_hash)
                                           : 2 * SHA256_DIGEST_SIZE;

  /* One block holds the result and all its strings, each in a slot sized for its worst case
   * (every byte of path and query percent-encoded): one allocation a signature. */
  creq_size = method_len + 3 * url.path_len + 2 +
              canonical_query_bound (url.query_len, max_query_pairs) + headers_size +
              signed_headers_size + payload_hash_len + 6;
  sts_size = sizeof ALGORITHM + 17 + 9 + region_len + 1 + service_len + 14 +
             2 * SHA256_DIGEST_SIZE + 1;
  authorization_size = sizeof ALGORITHM + 12 + access_key_id_len + 1 + 9 + region_len + 1 +
                       service_len + 13 + 16 + signed_headers_size + 12 +
                       2 * SHA256_DIGEST_SIZE + 1;
  host_size = has_host ? 0 : url.host_len + 1;
  token_size = (token != NULL && !has_token_header) ? token_len + 1 : 0;

  block = g_malloc (sizeof (LfSignature) + creq_size + sts_size + signed_headers_size +
                    authorization_size + host_size + token_size);
  result = (LfSignature *) block;
  memset (result, 0, sizeof *result);
  memcpy (result->amz_date, amz_date, 17);
  block += sizeof (LfSignature);
  result->canonical_request = block;
  block += creq_size;
  result->string_to_sign = block;
  block += sts_size;
  result->signed_headers = block;
  block += signed_headers_size;
  result->authorization = block;
  block += authorization_size;
  if (host_size > 0)
    {
      result->host = block;
      block += host_size;
      write_host_header (result->host, &url);
      canon[n_canon] = (CanonHeader) { "host", result->host, 4, strlen (result->host), n_canon,
                                       FALSE };
      n_canon++;
    }
  if (token_size > 0)
    {
      result->session_token = block;
      memcpy (result->session_token, token, token_len + 1);
    }
  canon[n_canon] = (CanonHeader) { "x-amz-date", result->amz_date, 10, 16, n_canon, FALSE };
  n_canon++;
  if (token != NULL)
    {
      gboolean fold = memchr (token, ' ', token_len) || memchr (token, '\t', token_len);

      canon[n_canon] = (CanonHeader) { "x-amz-security-token", token, 20, token_len, n_canon,
                                       fold };
      n_canon++;
    }

  sort_canon_headers (canon, n_canon);

  o = result->canonical_request;
  o = write_bytes (o, request->method, method_len);
  *o++ = '\n';
  o = write_canonical_uri (o, url.path, url.path_len);
  *o++ = '\n';
  o = write_canonical_query (o, url.query, url.query_len, max_query_pairs);
  *o++ = '\n';

  signed_headers_end = result->signed_headers;
  for (guint i = 0; i < n_canon; i++)
    {
      if (!header_is_selected (&canon[i], request->only_headers))
        continue;

      if (i > 0 && compare_names (&canon[i], &canon[i - 1]) == 0)
        {
          /* Repeated names become one line, values joined by commas in the order sent. */
          o[-1] = ',';
        }
      else
        {
          if (signed_headers_end > result->signed_headers)
            *signed_headers_end++ = ';';
          signed_headers_end = write_bytes (signed_headers_end, canon[i].lname,
                                            canon[i].name_len);
          o = write_bytes (o, canon[i].lname, canon[i].name_len);
          *o++ = ':';
        }
      if (canon[i].fold)
        o = write_folded_value (o, canon[i].value, canon[i].value_len);
      else
        o = write_bytes (o, canon[i].value, canon[i].value_len);
      *o++ = '\n';
    }
  *signed_headers_end = '\0';

  *o++ = '\n';
  o = write_bytes (o, result->signed_headers, signed_headers_end - result->signed_headers);
  *o++ = '\n';

  if (request->payload_hash != NULL)
    o = write_bytes (o, request->payload_hash, payload_hash_len);
  else
    {
      struct sha256_ctx ctx;

      sha256_init (&ctx);
      sha256_update (&ctx, request->body ? request->body_length : 0, request->body);
      sha256_digest (&ctx, sizeof digest, digest);
      hex_encode (digest, sizeof digest, o);
      o += 2 * SHA256_DIGEST_SIZE;
    }
  *o = '\0';
  creq_len = o - result->canonical_request;
  g_assert (creq_len < creq_size);

  o = result->string_to_sign;
  o = WRITE_LITERAL (o, ALGORITHM "\n");
  o = write_bytes (o, amz_date, 16);
  *o++ = '\n';
  scope = o;
  o = write_bytes (o, amz_date, 8);
  *o++ = '/';
  o = write_bytes (o, request->region, region_len);
  *o++ = '/';
  o = write_bytes (o, request->service, service_len);
  o = WRITE_LITERAL (o, "/aws4_request");
  {
    struct sha256_ctx ctx;

    *o++ = '\n';
    sha256_init (&ctx);
    sha256_update (&ctx, creq_len, (const guint8 *) result->canonical_request);
    sha256_digest (&ctx, sizeof digest, digest);
    hex_encode (digest, sizeof digest, o);
    o += 2 * SHA256_DIGEST_SIZE;
  }
  g_assert ((gsize) (o - result->string_to_sign) < sts_size);

  g_mutex_lock (&self->lock);
  lookup_keyed_hmac (self, secret, amz_date, request->region, request->service, &keyed);
  g_mutex_unlock (&self->lock);

  hmac_sha256_update (&keyed, o - result->string_to_sign,
                      (const guint8 *) result->string_to_sign);
  hmac_sha256_digest (&keyed, sizeof digest, digest);
  explicit_bzero (&keyed, sizeof keyed);
  hex_encode (digest, sizeof digest, result->signature);

  /* The scope sits in the string to sign already: copy it from there. */
  o = result->authorization;
  o = WRITE_LITERAL (o, ALGORITHM " Credential=");
  o = write_bytes (o, access_key_id, access_key_id_len);
  *o++ = '/';
  o = write_bytes (o, scope, 8 + 1 + region_len + 1 + service_len + 13);
  o = WRITE_LITERAL (o, ", SignedHeaders=");
  o = write_bytes (o, result->signed_headers, signed_headers_end - result->signed_headers);
  o = WRITE_LITERAL (o, ", Signature=");
  o = write_bytes (o, result->signature, 2 * SHA256_DIGEST_SIZE + 1);
  g_assert ((gsize) (o - result->authorization) <= authorization_size);

  /* What the caller adds to its own headers before sending. */
  if (result->host != NULL)
    result->headers[result->n_headers++] = (LfHeader) { (char *) "Host", result->host };
  result->headers[result->n_headers++] = (LfHeader) { (char *) "X-Amz-Date", result->amz_date };
  if (result->session_token != NULL)
    result->headers[result->n_headers++] =
      (LfHeader) { (char *) "X-Amz-Security-Token", result->session_token };
  result->headers[result->n_headers++] =
    (LfHeader) { (char *) "Authorization", result->authorization };

  return result;
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
