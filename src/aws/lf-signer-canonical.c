/* lf-signer-canonical.c: the canonical forms SigV4 signs (URI, query, headers), and the checks
 * made on what goes into them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-signer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-signer-private.h"

const guint8 _lf_sig_char_class[256] = {
  [0x00 ... 0x08] = CC_CTL, [0x0a ... 0x1f] = CC_CTL, [0x7f] = CC_CTL,
  ['\t'] = CC_WS, [' '] = CC_WS,
  ['0' ... '9'] = CC_ALNUM, ['A' ... 'Z'] = CC_ALNUM, ['a' ... 'z'] = CC_ALNUM,
  ['-'] = CC_ALNUM, ['.'] = CC_ALNUM, ['_'] = CC_ALNUM,
  ['~'] = CC_UNRESERVED | CC_TCHAR,
  ['!'] = CC_TCHAR, ['#'] = CC_TCHAR, ['$'] = CC_TCHAR, ['%'] = CC_TCHAR, ['&'] = CC_TCHAR,
  ['\''] = CC_TCHAR, ['*'] = CC_TCHAR, ['+'] = CC_TCHAR, ['^'] = CC_TCHAR, ['`'] = CC_TCHAR,
  ['|'] = CC_TCHAR,
};


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
char *
_lf_sig_write_canonical_uri (char       *o,
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

char *
_lf_sig_write_canonical_query (char       *o,
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
int
_lf_sig_compare_names (const CanonHeader *a,
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
  int r = _lf_sig_compare_names (a, b);

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
void
_lf_sig_sort_canon_headers (CanonHeader *canon,
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


/* Validates a caller's header and fills in all but its lowercase name. */
gboolean
_lf_sig_validate_header (const LfHeader  *header,
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
    all &= _lf_sig_char_class[(guchar) *p];
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
    any |= _lf_sig_char_class[(guchar) *p];
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
gsize
_lf_sig_validate_scope_part (const char  *what,
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


gboolean
_lf_sig_split_url (const char  *url,
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
void
_lf_sig_write_host_header (char           *o,
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

gboolean
_lf_sig_header_is_selected (const CanonHeader  *header,
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
char *
_lf_sig_write_folded_value (char       *o,
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


gboolean
_lf_sig_validate_amz_date_fast (const char  *amz_date,
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
