/* lf-template-path.c: reading the path of a "{{ }}" expression, and compiling paths
 *
 * The reader checks the path's shape step by step so that an error can say where it is and
 * what was expected there, and takes out the names a form's checks and the runtime follow
 * (the root and its first member). JsonPath then compiles the path as written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-template"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lf-form-error.h"
#include "lf-form-schema.h"
#include "lf-template-private.h"

typedef struct
{
  const char     *text;         /* the whole template, for positions */
  const char     *p;
  const char     *end;
  LfTemplatePath *path;
  gboolean        first_step;
} PathReader;

void
_lf_template_path_clear (LfTemplatePath *path)
{
  g_clear_pointer (&path->root, g_free);
  g_clear_pointer (&path->member, g_free);
  g_clear_object (&path->compiled);
}

static gboolean
fail_at (PathReader  *reader,
         const char  *at,
         const char  *sentence,
         GError     **error)
{
  _lf_template_set_error_at (error, reader->text, at - reader->text, "%s", sentence);
  return FALSE;
}

static gboolean
at_name_start (PathReader *reader)
{
  return reader->p < reader->end && lf_form_schema_is_identifier_start (*reader->p);
}

static void
skip_name (PathReader *reader)
{
  while (reader->p < reader->end && lf_form_schema_is_identifier_char (*reader->p))
    reader->p++;
}

/* The control or action name every path starts with. */
static gboolean
read_root (PathReader  *reader,
           GError     **error)
{
  const char *start = reader->p;

  if (!at_name_start (reader))
    {
      if (reader->p < reader->end)
        _lf_template_set_error_at (error, reader->text, reader->p - reader->text,
                                   _("expected a control or action name, not “%c”"),
                                   *reader->p);
      else
        _lf_template_set_error_at (error, reader->text, reader->p - reader->text,
                                   _("expected a control or action name"));
      return FALSE;
    }
  skip_name (reader);
  reader->path->root = g_strndup (start, reader->p - start);
  reader->path->definite = TRUE;
  return TRUE;
}

/* "..name" or "..*": a recursive descent, a list of every match. */
static gboolean
read_descent (PathReader  *reader,
              GError     **error)
{
  reader->p += 2;
  reader->path->definite = FALSE;
  if (reader->p < reader->end && *reader->p == '*')
    reader->p++;
  else if (at_name_start (reader))
    skip_name (reader);
  else
    return fail_at (reader, reader->p, _("expected a name after “..”"), error);
  return TRUE;
}

/* ".name" or ".*". */
static gboolean
read_member (PathReader  *reader,
             GError     **error)
{
  const char *name = ++reader->p;

  if (reader->p < reader->end && *reader->p == '*')
    {
      reader->p++;
      reader->path->definite = FALSE;
    }
  else if (at_name_start (reader))
    {
      skip_name (reader);
      if (reader->first_step)
        reader->path->member = g_strndup (name, reader->p - name);
    }
  else
    return fail_at (reader, reader->p, _("expected a name after “.”"), error);
  return TRUE;
}

/* "['name']", from the quote on; leaves the reader on the "]". */
static gboolean
read_quoted_member (PathReader  *reader,
                    const char  *open,
                    GError     **error)
{
  const char *inner = reader->p;
  const char *close = _lf_template_scan_quoted (inner, reader->end);

  if (close == NULL || close >= reader->end || *close != ']')
    return fail_at (reader, open, _("“['name']” must end with “']”"), error);
  reader->p = close;
  if (reader->first_step)
    reader->path->member = g_strndup (inner + 1, close - inner - 2);
  return TRUE;
}

/* "[0]", "[*]", "[-1]", "[0,2]" or "[1:3]", after the "["; leaves the reader on the "]". */
static gboolean
read_index (PathReader  *reader,
            const char  *open,
            GError     **error)
{
  const char *inner = reader->p;
  guint colons = 0;

  for (; reader->p < reader->end && *reader->p != ']'; reader->p++)
    {
      char c = *reader->p;

      /* json-glib 1.6 never ends a slice that has a step: refused before it runs. */
      if (c == ':' && ++colons == 2)
        return fail_at (reader, reader->p,
                        _("a slice takes no step: write “[a:b]”, not “[a:b:step]”"), error);
      if (c == '*' || c == ',' || c == ':')
        reader->path->definite = FALSE;
      else if (!g_ascii_isdigit (c) && c != '-' && c != ' ')
        {
          _lf_template_set_error_at (error, reader->text, reader->p - reader->text,
                                     _("“[…]” takes a number, “*”, a slice “a:b” or a quoted "
                                       "'name', not “%c”"), c);
          return FALSE;
        }
    }
  if (reader->p >= reader->end)
    return fail_at (reader, open, _("“[” is never closed"), error);
  if (reader->p == inner)
    return fail_at (reader, open, _("“[]” is empty"), error);
  return TRUE;
}

static gboolean
read_bracket (PathReader  *reader,
              GError     **error)
{
  const char *open = reader->p++;

  if (reader->p < reader->end && *reader->p == '\'')
    {
      if (!read_quoted_member (reader, open, error))
        return FALSE;
    }
  else if (!read_index (reader, open, error))
    return FALSE;
  reader->p++;   /* ']' */
  return TRUE;
}

/* One step after the root; FALSE in *@more when what follows is no step. */
static gboolean
read_step (PathReader  *reader,
           gboolean    *more,
           GError     **error)
{
  const char *p = reader->p;

  *more = TRUE;
  if (*p == '.' && p + 1 < reader->end && p[1] == '.')
    return read_descent (reader, error);
  if (*p == '.')
    return read_member (reader, error);
  if (*p == '[')
    return read_bracket (reader, error);
  *more = FALSE;
  return TRUE;
}

static gboolean
compile_path (PathReader  *reader,
              const char  *start,
              GError     **error)
{
  g_autofree char *relative = g_strndup (start, reader->p - start);
  g_autofree char *path_text = g_strconcat ("$.", relative, NULL);
  g_autoptr(GError) local_error = NULL;

  reader->path->compiled = json_path_new ();
  if (!json_path_compile (reader->path->compiled, path_text, &local_error))
    {
      _lf_template_set_error_at (error, reader->text, start - reader->text,
                                 _("“%s” is not a path: %s"), relative, local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
_lf_template_parse_path (const char      *text,
                         const char     **cursor,
                         const char      *end,
                         LfTemplatePath  *path,
                         GError         **error)
{
  PathReader reader = { text, *cursor, end, path, TRUE };
  gboolean more = TRUE;

  if (!read_root (&reader, error))
    return FALSE;
  while (reader.p < end && more)
    {
      if (!read_step (&reader, &more, error))
        return FALSE;
      if (more)
        reader.first_step = FALSE;
    }
  if (!compile_path (&reader, *cursor, error))
    return FALSE;
  *cursor = reader.p;
  return TRUE;
}

/* Compiling ****************************************************************************/

gboolean
lf_json_path_compile (JsonPath    *path,
                      const char  *expression,
                      GError     **error)
{
  gboolean in_brackets = FALSE;
  char quote = '\0';
  guint colons = 0;

  g_return_val_if_fail (JSON_IS_PATH (path), FALSE);
  g_return_val_if_fail (expression != NULL, FALSE);

  for (const char *p = expression; *p != '\0'; p++)
    {
      if (quote != '\0')
        quote = *p == quote ? '\0' : quote;
      else if (*p == '\'' || *p == '"')
        quote = *p;
      else if (*p == '[')
        in_brackets = TRUE, colons = 0;
      else if (*p == ']')
        in_brackets = FALSE;
      else if (*p == ':' && in_brackets && ++colons == 2)
        {
          g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_PARSE,
                       _("a slice takes no step: write “[a:b]”, not “[a:b:step]”"));
          return FALSE;
        }
    }
  return json_path_compile (path, expression, error);
}

gboolean
lf_json_path_compile_item (JsonPath    *path,
                           const char  *item_path,
                           GError     **error)
{
  g_autofree char *full = NULL;

  if (item_path == NULL || item_path[0] == '$')
    full = g_strdup (item_path ? item_path : "$");
  else if (item_path[0] == '[')
    full = g_strconcat ("$", item_path, NULL);
  else
    full = g_strconcat ("$.", item_path, NULL);
  return lf_json_path_compile (path, full, error);
}
