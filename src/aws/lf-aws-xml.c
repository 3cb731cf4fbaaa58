/* lf-aws-xml.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-aws"

#include "config.h"

#include <string.h>

#include "lf-aws-xml.h"
#include "lf-credentials.h"

typedef struct
{
  const char * const *names;
  GHashTable *values;
  GString *text;          /* of the element being read */
  const char *element;    /* one of names, or NULL between wanted elements */
} Read;

static const char *
wanted (Read       *read,
        const char *element)
{
  for (guint i = 0; read->names[i] != NULL; i++)
    if (g_str_equal (read->names[i], element))
      return read->names[i];
  return NULL;
}

static void
wipe_text (GString *text)
{
  explicit_bzero (text->str, text->len);
  g_string_truncate (text, 0);
}

static void
on_start (GMarkupParseContext  *context,
          const char           *element,
          const char          **attribute_names,
          const char          **attribute_values,
          gpointer              user_data,
          GError              **error)
{
  Read *read = user_data;
  const char *name = wanted (read, element);

  /* Only an element's own text counts: a child ends the reading of its parent. */
  wipe_text (read->text);
  read->element = name != NULL && !g_hash_table_contains (read->values, name) ? name : NULL;
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  Read *read = user_data;

  if (read->element != NULL)
    g_string_append_len (read->text, text, length);
}

static void
on_end (GMarkupParseContext  *context,
        const char           *element,
        gpointer              user_data,
        GError              **error)
{
  Read *read = user_data;

  if (read->element == NULL || !g_str_equal (element, read->element))
    return;
  g_hash_table_insert (read->values, (gpointer) read->element,
                       g_strndup (read->text->str, read->text->len));
  wipe_text (read->text);
  read->element = NULL;
}

GHashTable *
lf_aws_xml_read_elements (GBytes             *body,
                          const char * const *names,
                          GError            **error)
{
  static const GMarkupParser parser = { on_start, on_end, on_text, NULL, NULL };
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) lf_secret_wipe);
  g_autoptr(GString) text = g_string_new (NULL);
  Read read = { names, values, text, NULL };
  GMarkupParseContext *context;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  gboolean parsed;

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT |
                                                 G_MARKUP_PREFIX_ERROR_POSITION, &read, NULL);
  parsed = g_markup_parse_context_parse (context, data ? data : "", size, error) &&
           g_markup_parse_context_end_parse (context, error);
  g_markup_parse_context_free (context);
  wipe_text (text);
  return parsed ? g_steal_pointer (&values) : NULL;
}
