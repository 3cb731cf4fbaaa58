/* lf-signer-private.h: what the signer and its canonical-form writers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lf-signer.h"

G_BEGIN_DECLS

#define ALGORITHM "AWS4-HMAC-SHA256"

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

enum
{
  CC_UNRESERVED = 1 << 0,   /* RFC 3986 unreserved: never percent-encoded */
  CC_TCHAR      = 1 << 1,   /* RFC 7230 token: what a header name or method may hold */
  CC_SCOPE      = 1 << 2,   /* what a region or service may hold */
  CC_CTL        = 1 << 3,   /* control characters a header value may not hold (tab is fine) */
  CC_WS         = 1 << 4,   /* what header values are trimmed of */
};

#define CC_ALNUM (CC_UNRESERVED | CC_TCHAR | CC_SCOPE)

extern const guint8 _lf_sig_char_class[256];

static inline gboolean
has_class (guchar c,
           guint  cls)
{
  return (_lf_sig_char_class[c] & cls) != 0;
}

static inline guchar
ascii_lower (guchar c)
{
  return (c >= 'A' && c <= 'Z') ? c | 0x20 : c;
}

static const char G_GNUC_UNUSED hex_lower[] = "0123456789abcdef";
static const char G_GNUC_UNUSED hex_upper[] = "0123456789ABCDEF";

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

static inline gsize
canonical_query_bound (gsize length,
                       gsize max_pairs)
{
  return length == 0 ? 0 : 3 * length + 2 * max_pairs;
}

static inline gboolean
name_is (const CanonHeader *header,
         const char        *lname,
         gsize              lname_len)
{
  return header->name_len == lname_len && memcmp (header->lname, lname, lname_len) == 0;
}

#define NAME_IS(h, literal) name_is (h, literal, sizeof literal - 1)

static inline char *
write_bytes (char       *o,
             const char *s,
             gsize       length)
{
  memcpy (o, s, length);
  return o + length;
}

#define WRITE_LITERAL(o, literal) write_bytes (o, literal, sizeof literal - 1)

char      *_lf_sig_write_canonical_uri   (char               *o,
                                          const char         *path,
                                          gsize               length);
char      *_lf_sig_write_canonical_query (char               *o,
                                          const char         *query,
                                          gsize               length,
                                          gsize               max_pairs);
int        _lf_sig_compare_names         (const CanonHeader  *a,
                                          const CanonHeader  *b);
void       _lf_sig_sort_canon_headers    (CanonHeader        *canon,
                                          guint               n);
gboolean   _lf_sig_validate_header       (const LfHeader     *header,
                                          CanonHeader        *canon,
                                          GError            **error);
gsize      _lf_sig_validate_scope_part   (const char         *what,
                                          const char         *value,
                                          GError            **error);
gboolean   _lf_sig_split_url             (const char         *url,
                                          UrlParts           *parts,
                                          GError            **error);
void       _lf_sig_write_host_header     (char               *o,
                                          const UrlParts     *url);
gboolean   _lf_sig_header_is_selected    (const CanonHeader  *header,
                                          const char        **only);
char      *_lf_sig_write_folded_value    (char               *o,
                                          const char         *value,
                                          gsize               length);
gboolean   _lf_sig_validate_amz_date_fast (const char        *amz_date,
                                           GError           **error);

G_END_DECLS
