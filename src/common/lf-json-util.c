/* lf-json-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "lf-json-util.h"

G_DEFINE_QUARK (lf-json-error-quark, lf_json_error)

/* Where a problem is, as a person counts: lines and characters from 1. */
typedef struct
{
  const char *data;
  gsize length;
  gsize pos;
} Scan;

static void
set_scan_error (const Scan  *scan,
                gsize        at,
                GError     **error,
                LfJsonError  code,
                const char  *what)
{
  guint line = 1;
  guint column = 1;

  for (gsize i = 0; i < at && i < scan->length; i++)
    {
      if (scan->data[i] == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) scan->data[i] & 0xc0) != 0x80)
        column++;
    }
  g_set_error (error, LF_JSON_ERROR, code, "%u:%u: %s", line, column, what);
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

/* Reads the four hex digits after "\u" at @at; -1 when they are not there. */
static int
read_u_escape (const Scan *scan,
               gsize       at)
{
  int value = 0;

  if (at + 4 > scan->length)
    return -1;
  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_value (scan->data[at + i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* @pos is at the character after a backslash. Returns the position after the escape, or 0
 * with @error set. Only JSON's own escapes are taken, and surrogates only in pairs. */
static gsize
check_escape (const Scan  *scan,
              gsize        pos,
              GError     **error)
{
  int unit;

  if (pos >= scan->length)
    {
      set_scan_error (scan, pos, error, LF_JSON_ERROR_SYNTAX, _("the text ends inside a string"));
      return 0;
    }
  if (strchr ("\"\\/bfnrt", scan->data[pos]) != NULL && scan->data[pos] != '\0')
    return pos + 1;
  if (scan->data[pos] != 'u')
    {
      set_scan_error (scan, pos - 1, error, LF_JSON_ERROR_ENCODING,
                      _("a string has an escape that JSON does not have"));
      return 0;
    }

  unit = read_u_escape (scan, pos + 1);
  if (unit < 0)
    {
      set_scan_error (scan, pos - 1, error, LF_JSON_ERROR_ENCODING,
                      _("a \\u escape needs four hexadecimal digits"));
      return 0;
    }
  if (unit >= 0xdc00 && unit <= 0xdfff)
    {
      set_scan_error (scan, pos - 1, error, LF_JSON_ERROR_ENCODING,
                      _("a string has half of a surrogate pair, which is not a character"));
      return 0;
    }
  if (unit >= 0xd800 && unit <= 0xdbff)
    {
      int low = -1;

      if (pos + 6 < scan->length && scan->data[pos + 5] == '\\' && scan->data[pos + 6] == 'u')
        low = read_u_escape (scan, pos + 7);
      if (low < 0xdc00 || low > 0xdfff)
        {
          set_scan_error (scan, pos - 1, error, LF_JSON_ERROR_ENCODING,
                          _("a string has half of a surrogate pair, which is not a character"));
          return 0;
        }
      return pos + 11;
    }
  return pos + 5;
}

/**
 * lf_json_check:
 *
 * Checks what json-glib does not: the text is UTF-8 without NUL bytes, its nesting is at most
 * %LF_JSON_MAX_DEPTH levels, and each string is Unicode once unescaped. One pass, no
 * recursion; the grammar itself is left to json-glib.
 */
gboolean
lf_json_check (const char  *data,
               gsize        length,
               GError     **error)
{
  Scan scan = { data, length, 0 };
  const char *invalid = NULL;
  gboolean in_string = FALSE;
  guint depth = 0;

  if (!g_utf8_validate_len (data, length, &invalid))
    {
      set_scan_error (&scan, invalid - data, error, LF_JSON_ERROR_ENCODING,
                      _("the text is not UTF-8"));
      return FALSE;
    }

  for (gsize pos = 0; pos < length;)
    {
      char c = data[pos];

      if (in_string)
        {
          if (c == '\\')
            {
              pos = check_escape (&scan, pos + 1, error);
              if (pos == 0)
                return FALSE;
              continue;
            }
          if (c == '"')
            in_string = FALSE;
          pos++;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > LF_JSON_MAX_DEPTH)
            {
              g_autofree char *what =
                g_strdup_printf (_("the JSON is nested more than %u levels deep"), LF_JSON_MAX_DEPTH);

              set_scan_error (&scan, pos, error, LF_JSON_ERROR_TOO_DEEP, what);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
      pos++;
    }

  return TRUE;
}

gboolean
lf_json_error_get_position (const GError *error,
                            guint        *line,
                            guint        *column)
{
  guint64 l, c;
  char *end = NULL;

  if (error == NULL || error->domain != LF_JSON_ERROR)
    return FALSE;
  l = g_ascii_strtoull (error->message, &end, 10);
  if (end == error->message || *end != ':')
    return FALSE;
  c = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != ':')
    return FALSE;
  if (line != NULL)
    *line = (guint) l;
  if (column != NULL)
    *column = (guint) c;
  return TRUE;
}

static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

/**
 * lf_json_parse:
 * @length: the length of @data in bytes, or -1 when it ends with a NUL
 *
 * Returns: (transfer full): the root of the document, or %NULL with @error set
 * (%LF_JSON_ERROR_EMPTY when there is nothing but white space).
 */
JsonNode *
lf_json_parse (const char  *data,
               gssize       length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (size == 0 || is_blank (data, size))
    {
      g_set_error_literal (error, LF_JSON_ERROR, LF_JSON_ERROR_EMPTY, _("the text is empty"));
      return NULL;
    }
  if (!lf_json_check (data, size, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      /* json-glib names its input "<data>", which means nothing to a person (and is markup). */
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      g_set_error_literal (error, LF_JSON_ERROR, LF_JSON_ERROR_SYNTAX, message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, LF_JSON_ERROR, LF_JSON_ERROR_EMPTY, _("the text is empty"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

JsonNode *
lf_json_parse_bytes (GBytes  *bytes,
                     GError **error)
{
  gsize size = 0;
  const char *data;

  if (bytes == NULL)
    return lf_json_parse ("", 0, error);
  data = g_bytes_get_data (bytes, &size);
  return lf_json_parse (data != NULL ? data : "", size, error);
}

JsonNode *
lf_json_parse_file (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return lf_json_parse (contents, length, error);
}

static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, lf_json_deep_copy (member));
  return copy;
}

static JsonArray *
copy_array (JsonArray *array)
{
  guint length = json_array_get_length (array);
  JsonArray *copy = json_array_sized_new (length);

  for (guint i = 0; i < length; i++)
    json_array_add_element (copy, lf_json_deep_copy (json_array_get_element (array, i)));
  return copy;
}

/**
 * lf_json_deep_copy:
 *
 * json_node_copy() shares the objects and arrays inside; this copies them too, so that the
 * copy can be changed without touching the original. Member order is kept.
 *
 * Returns: (transfer full) (nullable): the copy
 */
JsonNode *
lf_json_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, copy_object (json_node_get_object (node)));
      return copy;
    case JSON_NODE_ARRAY:
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, copy_array (json_node_get_array (node)));
      return copy;
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* json_object_get_string_member_with_default() warns when the member holds anything but a
 * string; input from outside may hold anything. */
const char *
lf_json_object_get_string_member_or_null (JsonObject *object,
                                          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonNode *
lf_json_node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
lf_json_node_take_array (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

JsonObject *
lf_json_object_get_object_member_or_null (JsonObject *object,
                                          const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Printing *******************************************************************************/

const char *
lf_json_append_string (GString    *out,
                       const char *text,
                       guint       max_chars)
{
  const char *p = text;
  guint n = 0;

  g_string_append_c (out, '"');
  for (; *p != '\0' && (max_chars == 0 || n < max_chars); p = g_utf8_next_char (p), n++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
  g_string_append_c (out, '"');
  return p;
}

void
lf_json_append_double (GString *out,
                       double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  for (int digits = 1; digits <= 17; digits++)
    {
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      /* "2e+01" reads back as 20 too, but a person writes 20.0. */
      if (g_ascii_strtod (buffer, NULL) == value &&
          (strpbrk (buffer, "eE") == NULL || fabs (value) >= 1e15 || fabs (value) < 1e-5))
        break;
    }
  g_string_append (out, buffer);
  /* A double stays a double when read back: 2 would read as an integer. */
  if (strpbrk (buffer, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
append_break (GString *out,
              guint    indent,
              guint    depth)
{
  if (indent == 0)
    return;
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth * indent; i++)
    g_string_append_c (out, ' ');
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      lf_json_append_string (out, json_node_get_string (node), 0);
      break;
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      lf_json_append_double (out, json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    default:
      g_string_append (out, "null");
    }
}

static gboolean write_node (GString *out, JsonNode *node, guint indent, guint depth,
                            GCancellable *cancellable);

static gboolean
write_object (GString      *out,
              JsonObject   *object,
              guint         indent,
              guint         depth,
              GCancellable *cancellable)
{
  g_autoptr(GList) members = json_object_get_members (object);

  if (members == NULL)
    {
      g_string_append (out, "{}");
      return TRUE;
    }
  g_string_append_c (out, '{');
  for (GList *l = members; l; l = l->next)
    {
      append_break (out, indent, depth + 1);
      lf_json_append_string (out, l->data, 0);
      g_string_append (out, indent ? ": " : ":");
      if (!write_node (out, json_object_get_member (object, l->data), indent, depth + 1,
                       cancellable))
        return FALSE;
      if (l->next != NULL)
        g_string_append_c (out, ',');
    }
  append_break (out, indent, depth);
  g_string_append_c (out, '}');
  return TRUE;
}

static gboolean
write_array (GString      *out,
             JsonArray    *array,
             guint         indent,
             guint         depth,
             GCancellable *cancellable)
{
  guint n = json_array_get_length (array);

  if (n == 0)
    {
      g_string_append (out, "[]");
      return TRUE;
    }
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      append_break (out, indent, depth + 1);
      if (!write_node (out, json_array_get_element (array, i), indent, depth + 1, cancellable))
        return FALSE;
      if (i + 1 < n)
        g_string_append_c (out, ',');
    }
  append_break (out, indent, depth);
  g_string_append_c (out, ']');
  return TRUE;
}

static gboolean
write_node (GString      *out,
            JsonNode     *node,
            guint         indent,
            guint         depth,
            GCancellable *cancellable)
{
  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return write_object (out, json_node_get_object (node), indent, depth, cancellable);
    case JSON_NODE_ARRAY:
      return write_array (out, json_node_get_array (node), indent, depth, cancellable);
    case JSON_NODE_VALUE:
      append_value (out, node);
      return TRUE;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      return TRUE;
    }
}

gboolean
lf_json_write (GString      *out,
               JsonNode     *node,
               guint         indent,
               GCancellable *cancellable)
{
  if (node == NULL)
    {
      g_string_append (out, "null");
      return TRUE;
    }
  return write_node (out, node, indent, 0, cancellable);
}

char *
lf_json_to_text (JsonNode *node,
                 guint     indent)
{
  GString *out = g_string_new (NULL);

  lf_json_write (out, node, indent, NULL);
  return g_string_free (out, FALSE);
}

char *
lf_json_to_plain_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return lf_json_to_text (node, 0);
}
