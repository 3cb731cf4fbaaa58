/* lf-template.c: parsing and evaluating "{{ path | filter }}" templates
 *
 * The parser only finds where expressions are, checks their shape and takes out the names they
 * read; a path is read in lf-template-path.c, then compiled and run by JsonPath.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-template"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-json-util.h"
#include "lf-form-error.h"
#include "lf-form-schema.h"
#include "lf-template-private.h"

typedef enum
{
  FILTER_JSON,
  FILTER_DEFAULT,
  FILTER_LENGTH,
  FILTER_PARSE,
} FilterKind;

typedef struct
{
  FilterKind  kind;
  JsonNode   *argument;   /* FILTER_DEFAULT */
  guint       line;
  guint       column;
} Filter;

typedef struct
{
  LfTemplateReference ref;   /* first, so a reference is the expression */
  LfTemplatePath path;
  gsize     start;           /* offset of "{{" */
  gsize     end;             /* offset just after "}}" */
  gsize     root_offset;     /* offset of the path's first name */
  char     *source;          /* the expression, trimmed */
  GArray   *filters;
} Expression;

struct _LfTemplate
{
  GObject    parent_instance;

  char      *text;
  GPtrArray *expressions;
};

G_DEFINE_TYPE (LfTemplate, lf_template, G_TYPE_OBJECT)

G_DEFINE_QUARK (lf-template-error-quark, lf_template_error)

/* In FilterKind's order. */
static const char * const filter_names[] = { "json", "default", "length", "parse", NULL };

static void
filter_clear (gpointer data)
{
  Filter *filter = data;

  g_clear_pointer (&filter->argument, json_node_unref);
}

static void
expression_free (gpointer data)
{
  Expression *expr = data;

  _lf_template_path_clear (&expr->path);
  g_free (expr->source);
  g_clear_pointer (&expr->filters, g_array_unref);
  g_free (expr);
}

static void
lf_template_finalize (GObject *object)
{
  LfTemplate *self = (LfTemplate *) object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->expressions, g_ptr_array_unref);

  G_OBJECT_CLASS (lf_template_parent_class)->finalize (object);
}

static void
lf_template_class_init (LfTemplateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_template_finalize;
}

static void
lf_template_init (LfTemplate *self)
{
  self->expressions = g_ptr_array_new_with_free_func (expression_free);
}

/* Positions ****************************************************************************/

void
_lf_template_position_of (const char *text,
                          gsize       offset,
                          guint      *line,
                          guint      *column)
{
  const char *p = text;
  const char *end = text + offset;

  *line = 1;
  *column = 1;
  while (p < end && *p)
    {
      if (*p == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) *p & 0xC0) != 0x80)
        (*column)++;
      p++;
    }
}

void
_lf_template_set_error_at (GError    **error,
                           const char *text,
                           gsize       offset,
                           const char *format,
                           ...)
{
  g_autofree char *sentence = NULL;
  va_list args;
  guint line, column;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);

  _lf_template_position_of (text, offset, &line, &column);
  g_set_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_SYNTAX, "%u:%u: %s", line, column,
               sentence);
}

/* Suggestions *************************************************************************/

/* Edits between two words, a swap of neighbours counting as one ("lable" is one from "label"). */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  gsize width = lb + 1;
  g_autofree guint *d = g_new (guint, (la + 1) * width);

  for (gsize i = 0; i <= la; i++)
    d[i * width] = i;
  for (gsize j = 0; j <= lb; j++)
    d[j] = j;
  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        char ca = g_ascii_tolower (a[i - 1]);
        char cb = g_ascii_tolower (b[j - 1]);
        guint best = MIN (d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1);

        best = MIN (best, d[(i - 1) * width + j - 1] + (ca == cb ? 0 : 1));
        if (i > 1 && j > 1 && ca == g_ascii_tolower (b[j - 2]) &&
            g_ascii_tolower (a[i - 2]) == cb)
          best = MIN (best, d[(i - 2) * width + j - 2] + 1);
        d[i * width + j] = best;
      }
  return d[la * width + lb];
}

const char *
lf_template_suggest (const char         *word,
                     const char * const *candidates)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;
  guint limit;

  if (word == NULL || candidates == NULL || strlen (word) > 256)
    return NULL;
  /* A third of the word, at least one edit, at most three: beyond that it is a guess. */
  limit = CLAMP (strlen (word) / 3, 1, 3);
  for (guint i = 0; candidates[i] != NULL; i++)
    {
      guint distance = edit_distance (word, candidates[i]);

      if (distance < best_distance)
        {
          best = candidates[i];
          best_distance = distance;
        }
    }
  /* Replacing every letter is not a typo. */
  return best_distance <= limit && best_distance < strlen (word) ? best : NULL;
}

/* Parsing *****************************************************************************/

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p;
}

const char *
_lf_template_scan_quoted (const char *p,
                          const char *end)
{
  char quote = *p++;

  while (p < end && *p != quote)
    {
      if (*p == '\\' && quote == '"' && p + 1 < end)
        p++;
      p++;
    }
  return p < end ? p + 1 : NULL;
}

/* The filter called @word, written at @name; else an error that names the closest one. */
static gboolean
lookup_filter (LfTemplate  *self,
               const char  *word,
               const char  *name,
               FilterKind  *kind,
               GError     **error)
{
  const char *suggestion;

  if (word[0] == '\0')
    {
      _lf_template_set_error_at (error, self->text, name - self->text,
                                 _("expected a filter name after “|”"));
      return FALSE;
    }
  for (guint i = 0; filter_names[i] != NULL; i++)
    if (strcmp (word, filter_names[i]) == 0)
      {
        *kind = (FilterKind) i;
        return TRUE;
      }

  suggestion = lf_template_suggest (word, filter_names);
  if (suggestion != NULL)
    _lf_template_set_error_at (error, self->text, name - self->text,
                               _("unknown filter “%s” (did you mean “%s”?)"), word, suggestion);
  else
    _lf_template_set_error_at (error, self->text, name - self->text,
                               _("unknown filter “%s”: the filters are json, default, length "
                                 "and parse"),
                               word);
  return FALSE;
}

/* ": value" after "default": a string in double quotes, a number, true, false or null. */
static gboolean
parse_default_argument (LfTemplate  *self,
                        Filter      *filter,
                        const char **cursor,
                        const char  *end,
                        GError     **error)
{
  const char *p = skip_space (*cursor, end);
  const char *value;
  g_autofree char *literal = NULL;

  if (p >= end || *p != ':')
    {
      _lf_template_set_error_at (error, self->text, p - self->text,
                                 _("“default” takes a value: | default: \"none\""));
      return FALSE;
    }
  p = skip_space (p + 1, end);
  value = p;
  if (p < end && *p == '"')
    p = _lf_template_scan_quoted (p, end);
  else
    while (p < end && !g_ascii_isspace (*p) && *p != '|')
      p++;
  if (p == NULL)
    {
      _lf_template_set_error_at (error, self->text, value - self->text,
                                 _("the string is never closed"));
      return FALSE;
    }

  literal = g_strndup (value, p - value);
  filter->argument = literal[0] ? lf_json_parse (literal, -1, NULL) : NULL;
  if (filter->argument == NULL || JSON_NODE_HOLDS_OBJECT (filter->argument) ||
      JSON_NODE_HOLDS_ARRAY (filter->argument))
    {
      g_clear_pointer (&filter->argument, json_node_unref);
      _lf_template_set_error_at (error, self->text, value - self->text,
                                 _("“default” takes a string in double quotes, a number, true, "
                                   "false or null"));
      return FALSE;
    }
  *cursor = p;
  return TRUE;
}

static gboolean
parse_filter (LfTemplate  *self,
              Expression  *expr,
              const char **cursor,
              const char  *end,
              GError     **error)
{
  const char *p = skip_space (*cursor, end);
  const char *name = p;
  g_autofree char *word = NULL;
  Filter filter = { 0 };

  _lf_template_position_of (self->text, name - self->text, &filter.line, &filter.column);
  while (p < end && lf_form_schema_is_identifier_char (*p))
    p++;
  word = g_strndup (name, p - name);
  if (!lookup_filter (self, word, name, &filter.kind, error))
    return FALSE;
  if (filter.kind == FILTER_DEFAULT && !parse_default_argument (self, &filter, &p, end, error))
    return FALSE;

  g_array_append_val (expr->filters, filter);
  *cursor = p;
  return TRUE;
}

static gboolean
parse_expression (LfTemplate  *self,
                  gsize        open,
                  const char  *begin,
                  const char  *end,
                  GError     **error)
{
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func (expression_free);
  Expression *expr = g_new0 (Expression, 1);
  const char *p = skip_space (begin, end);
  const char *last = end;

  g_ptr_array_add (holder, expr);
  expr->filters = g_array_new (FALSE, TRUE, sizeof (Filter));
  g_array_set_clear_func (expr->filters, filter_clear);
  expr->start = open;
  expr->end = (end - self->text) + 2;

  while (last > p && g_ascii_isspace (last[-1]))
    last--;
  expr->source = g_strndup (p, last - p);

  if (p >= end)
    {
      _lf_template_set_error_at (error, self->text, open,
                                 _("“{{ }}” is empty: write a name such as "
                                   "{{ myControl.value }}"));
      return FALSE;
    }
  _lf_template_position_of (self->text, p - self->text, &expr->ref.line, &expr->ref.column);
  expr->root_offset = p - self->text;
  if (!_lf_template_parse_path (self->text, &p, end, &expr->path, error))
    return FALSE;

  for (;;)
    {
      p = skip_space (p, end);
      if (p >= end)
        break;
      if (*p != '|')
        {
          _lf_template_set_error_at (error, self->text, p - self->text,
                                     _("unexpected “%c” after the path: filters follow a “|”"),
                                     *p);
          return FALSE;
        }
      p++;
      if (!parse_filter (self, expr, &p, end, error))
        return FALSE;
    }

  expr->ref.root = expr->path.root;
  expr->ref.member = expr->path.member;
  g_ptr_array_add (self->expressions, g_ptr_array_steal_index (holder, 0));
  return TRUE;
}

/* The "}}" that closes the expression opened at @open, not counting braces inside a quoted
 * default; NULL, with @error set, when there is none. */
static const char *
find_close (LfTemplate  *self,
            const char  *open,
            GError     **error)
{
  const char *end = self->text + strlen (self->text);
  const char *q = open + 2;

  while (q < end && !(q[0] == '}' && q[1] == '}'))
    {
      if (*q == '"' || *q == '\'')
        {
          const char *after = _lf_template_scan_quoted (q, end);

          if (after == NULL)
            {
              _lf_template_set_error_at (error, self->text, q - self->text,
                                         _("the string is never closed"));
              return NULL;
            }
          q = after;
        }
      else if (q[0] == '{' && q[1] == '{')
        {
          _lf_template_set_error_at (error, self->text, q - self->text,
                                     _("“{{” inside an expression: close the first one with "
                                       "“}}”"));
          return NULL;
        }
      else
        q++;
    }
  if (q >= end)
    {
      _lf_template_set_error_at (error, self->text, open - self->text,
                                 _("“{{” is never closed by “}}”"));
      return NULL;
    }
  return q;
}

LfTemplate *
lf_template_new (const char  *text,
                 GError     **error)
{
  g_autoptr(LfTemplate) self = NULL;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (LF_TYPE_TEMPLATE, NULL);
  self->text = g_strdup (text);

  p = self->text;
  while ((p = strstr (p, "{{")) != NULL)
    {
      const char *close = find_close (self, p, error);

      if (close == NULL || !parse_expression (self, p - self->text, p + 2, close, error))
        return NULL;
      p = close + 2;
    }

  return g_steal_pointer (&self);
}

gboolean
lf_template_is_constant (LfTemplate *self)
{
  g_return_val_if_fail (LF_IS_TEMPLATE (self), TRUE);
  return self->expressions->len == 0;
}

guint
lf_template_get_n_references (LfTemplate *self)
{
  g_return_val_if_fail (LF_IS_TEMPLATE (self), 0);
  return self->expressions->len;
}

const LfTemplateReference *
lf_template_get_reference (LfTemplate *self,
                           guint       index)
{
  g_return_val_if_fail (LF_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (index < self->expressions->len, NULL);
  return &((Expression *) g_ptr_array_index (self->expressions, index))->ref;
}

gboolean
lf_template_reads (LfTemplate *self,
                   const char *root,
                   const char *member)
{
  g_return_val_if_fail (LF_IS_TEMPLATE (self), FALSE);

  for (guint i = 0; i < self->expressions->len; i++)
    {
      Expression *expr = g_ptr_array_index (self->expressions, i);

      if (g_strcmp0 (expr->path.root, root) != 0)
        continue;
      /* An expression that reads the whole control reads every member of it. */
      if (member == NULL || expr->path.member == NULL || strcmp (expr->path.member, member) == 0)
        return TRUE;
    }
  return FALSE;
}

char *
lf_template_rename_root (const char *text,
                         const char *old_root,
                         const char *new_root)
{
  g_autoptr(LfTemplate) template = NULL;
  g_autoptr(GString) out = NULL;
  gsize copied = 0;
  gsize old_length;

  g_return_val_if_fail (text != NULL && old_root != NULL && new_root != NULL, NULL);

  template = lf_template_new (text, NULL);
  if (template == NULL)
    return g_strdup (text);
  out = g_string_new (NULL);
  old_length = strlen (old_root);
  for (guint i = 0; i < template->expressions->len; i++)
    {
      Expression *expr = g_ptr_array_index (template->expressions, i);

      /* The root is written as it is read: a name at the start of the expression. */
      if (g_strcmp0 (expr->path.root, old_root) != 0 ||
          strncmp (text + expr->root_offset, old_root, old_length) != 0)
        continue;
      g_string_append_len (out, text + copied, expr->root_offset - copied);
      g_string_append (out, new_root);
      copied = expr->root_offset + old_length;
    }
  g_string_append (out, text + copied);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Evaluating **************************************************************************/

static gboolean
is_empty (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
         json_node_get_string (node)[0] == '\0';
}

static const char *
describe (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _("nothing");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN: return _("true or false");
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE: return _("a number");
    case G_TYPE_STRING: return _("a string");
    default: return _("a value");
    }
}

/* "| parse": JSON text becomes the value it writes (a JSON text area inside a payload);
 * anything but a string passes as it is, and nothing stays nothing. */
static gboolean
parse_value (Expression  *expr,
             Filter      *filter,
             JsonNode   **value,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *parsed;

  if (*value == NULL || !JSON_NODE_HOLDS_VALUE (*value) ||
      json_node_get_value_type (*value) != G_TYPE_STRING)
    return TRUE;
  parsed = lf_json_parse (json_node_get_string (*value), -1, &local_error);
  if (parsed == NULL)
    {
      g_set_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_TYPE,
                   _("%u:%u: “| parse” takes JSON text; “%s” is not JSON: %s"), filter->line,
                   filter->column, expr->source, local_error->message);
      return FALSE;
    }
  json_node_unref (*value);
  *value = parsed;
  return TRUE;
}

/* Returns a new reference, or NULL when the path names nothing. */
static gboolean
evaluate_expression (LfTemplate  *self,
                     Expression  *expr,
                     JsonNode    *context,
                     JsonNode   **out,
                     GError     **error)
{
  g_autoptr(JsonNode) matches = NULL;
  g_autoptr(JsonNode) value = NULL;

  if (context != NULL)
    matches = json_path_match (expr->path.compiled, context);
  if (!expr->path.definite)
    {
      if (matches != NULL)
        value = json_node_ref (matches);
      else
        {
          value = json_node_new (JSON_NODE_ARRAY);
          json_node_take_array (value, json_array_new ());
        }
    }
  else if (matches != NULL && json_array_get_length (json_node_get_array (matches)) > 0)
    value = json_array_dup_element (json_node_get_array (matches), 0);

  for (guint i = 0; i < expr->filters->len; i++)
    {
      Filter *filter = &g_array_index (expr->filters, Filter, i);

      switch (filter->kind)
        {
        case FILTER_JSON:
          {
            g_autofree char *text = value ? lf_json_to_text (value, 0) : g_strdup ("null");

            g_clear_pointer (&value, json_node_unref);
            value = json_node_init_string (json_node_alloc (), text);
          }
          break;

        case FILTER_DEFAULT:
          if (is_empty (value))
            {
              g_clear_pointer (&value, json_node_unref);
              value = json_node_copy (filter->argument);
            }
          break;

        case FILTER_LENGTH:
          {
            gint64 length = 0;

            if (value == NULL || JSON_NODE_HOLDS_NULL (value))
              length = 0;
            else if (JSON_NODE_HOLDS_ARRAY (value))
              length = json_array_get_length (json_node_get_array (value));
            else if (JSON_NODE_HOLDS_OBJECT (value))
              length = json_object_get_size (json_node_get_object (value));
            else if (json_node_get_value_type (value) == G_TYPE_STRING)
              length = g_utf8_strlen (json_node_get_string (value), -1);
            else
              {
                g_set_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_TYPE,
                             _("%u:%u: “| length” takes a list, an object or a string; “%s” is %s"),
                             filter->line, filter->column, expr->source, describe (value));
                return FALSE;
              }
            g_clear_pointer (&value, json_node_unref);
            value = json_node_init_int (json_node_alloc (), length);
          }
          break;

        case FILTER_PARSE:
          if (!parse_value (expr, filter, &value, error))
            return FALSE;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  *out = g_steal_pointer (&value);
  return TRUE;
}

static char *
json_escape (const char *text)
{
  g_autoptr(GString) quoted = g_string_new (NULL);

  lf_json_append_string (quoted, text, 0);
  return g_strndup (quoted->str + 1, quoted->len - 2);
}

/* The one expression a template is made of, surrounding spaces aside; or NULL. */
static Expression *
sole_expression (LfTemplate *self)
{
  Expression *expr;

  if (self->expressions->len != 1)
    return NULL;
  expr = g_ptr_array_index (self->expressions, 0);
  for (gsize i = 0; i < expr->start; i++)
    if (!g_ascii_isspace (self->text[i]))
      return NULL;
  for (const char *p = self->text + expr->end; *p; p++)
    if (!g_ascii_isspace (*p))
      return NULL;
  return expr;
}

JsonNode *
lf_template_evaluate (LfTemplate  *self,
                      JsonNode    *context,
                      GError     **error)
{
  Expression *expr;
  g_autofree char *text = NULL;

  g_return_val_if_fail (LF_IS_TEMPLATE (self), NULL);

  expr = sole_expression (self);
  if (expr != NULL)
    {
      JsonNode *value = NULL;

      if (!evaluate_expression (self, expr, context, &value, error))
        return NULL;
      return value ? value : json_node_init_null (json_node_alloc ());
    }

  text = lf_template_render_text (self, context, error);
  if (text == NULL)
    return NULL;
  return json_node_init_string (json_node_alloc (), text);
}

char *
lf_template_render_text (LfTemplate  *self,
                         JsonNode    *context,
                         GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize done = 0;

  g_return_val_if_fail (LF_IS_TEMPLATE (self), NULL);

  for (guint i = 0; i < self->expressions->len; i++)
    {
      Expression *expr = g_ptr_array_index (self->expressions, i);
      g_autoptr(JsonNode) value = NULL;
      g_autofree char *text = NULL;

      g_string_append_len (out, self->text + done, expr->start - done);
      if (!evaluate_expression (self, expr, context, &value, error))
        return NULL;
      text = lf_json_to_plain_text (value);
      g_string_append (out, text);
      done = expr->end;
    }
  g_string_append (out, self->text + done);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* In JSON text a backslash always takes the character after it. One written right before
 * "{{ … }}" inside a string would take the first character of the value put there, so a value
 * could leave the string it stands in: such a template is refused, wherever it is checked. */
static gboolean
check_no_escaped_expression (LfTemplate  *self,
                             GError     **error)
{
  gboolean in_string = FALSE;
  gsize done = 0;

  for (guint i = 0; i < self->expressions->len; i++)
    {
      Expression *expr = g_ptr_array_index (self->expressions, i);

      for (gsize k = done; k < expr->start; k++)
        {
          char c = self->text[k];

          if (in_string && c == '\\' && k + 1 == expr->start)
            {
              guint line, column;

              _lf_template_position_of (self->text, k, &line, &column);
              g_set_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_INVALID_JSON,
                           _("%u:%u: a backslash right before “{{” would change the value put "
                             "there; write \\\\ for a backslash"), line, column);
              return FALSE;
            }
          if (in_string && c == '\\')
            k++;
          else if (c == '"')
            in_string = !in_string;
        }
      done = expr->end;
    }
  return TRUE;
}

/* Fills the template as JSON. With @values NULL every expression gets a placeholder that fits
 * where it stands; with @only >= 0 only that expression gets its value. */
static char *
fill_json (LfTemplate  *self,
           JsonNode   **values,
           int          only)
{
  GString *out = g_string_new (NULL);
  gboolean in_string = FALSE;
  gsize done = 0;

  for (guint i = 0; i < self->expressions->len; i++)
    {
      Expression *expr = g_ptr_array_index (self->expressions, i);
      gboolean use_value = values != NULL && (only < 0 || (guint) only == i);

      /* Follow the literal text, to know whether the expression stands inside a string. */
      for (gsize k = done; k < expr->start; k++)
        {
          char c = self->text[k];

          if (in_string && c == '\\' && k + 1 < expr->start)
            k++;
          else if (c == '"')
            in_string = !in_string;
        }
      g_string_append_len (out, self->text + done, expr->start - done);

      if (in_string)
        {
          g_autofree char *text = use_value ? lf_json_to_plain_text (values[i]) : g_strdup ("");
          g_autofree char *escaped = json_escape (text);

          g_string_append (out, escaped);
        }
      else if (use_value && values[i] != NULL)
        {
          g_autofree char *json = lf_json_to_text (values[i], 0);

          g_string_append (out, json);
        }
      else
        g_string_append (out, "null");
      done = expr->end;
    }
  g_string_append (out, self->text + done);
  return g_string_free (out, FALSE);
}

static void
node_unref_nullable (gpointer node)
{
  if (node != NULL)
    json_node_unref (node);
}

static gboolean
parses (const char  *text,
        GError     **error)
{
  g_autoptr(JsonNode) root = lf_json_parse (text, -1, error);

  return root != NULL;
}

gboolean
lf_template_check_json (LfTemplate  *self,
                        GError     **error)
{
  g_autofree char *skeleton = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LF_IS_TEMPLATE (self), FALSE);

  if (sole_expression (self) != NULL)
    return TRUE;   /* its value decides, at run time */
  if (!check_no_escaped_expression (self, error))
    return FALSE;
  skeleton = fill_json (self, NULL, -1);
  if (!parses (skeleton, &local_error))
    {
      g_set_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_INVALID_JSON,
                   _("not JSON, whatever the expressions give: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

char *
lf_template_render_json (LfTemplate  *self,
                         JsonNode    *context,
                         GError     **error)
{
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *result = NULL;
  Expression *sole;

  g_return_val_if_fail (LF_IS_TEMPLATE (self), NULL);

  if (sole_expression (self) == NULL && !check_no_escaped_expression (self, error))
    return NULL;
  values = g_ptr_array_new_full (self->expressions->len, node_unref_nullable);
  for (guint i = 0; i < self->expressions->len; i++)
    {
      JsonNode *value = NULL;

      if (!evaluate_expression (self, g_ptr_array_index (self->expressions, i), context, &value,
                                error))
        return NULL;
      g_ptr_array_add (values, value);
    }

  sole = sole_expression (self);
  if (sole != NULL && values->pdata[0] != NULL && JSON_NODE_HOLDS_VALUE (values->pdata[0]) &&
      json_node_get_value_type (values->pdata[0]) == G_TYPE_STRING)
    result = g_strdup (json_node_get_string (values->pdata[0]));
  else
    result = fill_json (self, (JsonNode **) values->pdata, -1);

  if (!parses (result, &local_error))
    {
      g_autofree char *skeleton = fill_json (self, NULL, -1);
      g_autoptr(GError) skeleton_error = NULL;
      Expression *culprit = NULL;

      if (sole != NULL)
        culprit = sole;
      else if (parses (skeleton, &skeleton_error))
        {
          /* The text alone is JSON: fill in one expression at a time to find the one that
           * breaks it; when each is fine alone, blame the last. */
          for (guint i = 0; i < self->expressions->len && culprit == NULL; i++)
            {
              g_autofree char *trial = fill_json (self, (JsonNode **) values->pdata, i);

              if (!parses (trial, NULL))
                culprit = g_ptr_array_index (self->expressions, i);
            }
          if (culprit == NULL && self->expressions->len > 0)
            culprit = g_ptr_array_index (self->expressions, self->expressions->len - 1);
        }

      if (culprit != NULL)
        g_set_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_INVALID_JSON,
                     _("%u:%u: with the value of “{{ %s }}” the payload is not JSON: %s"),
                     culprit->ref.line, culprit->ref.column, culprit->source,
                     local_error->message);
      else
        g_set_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_INVALID_JSON,
                     _("the payload is not JSON: %s"), local_error->message);
      return NULL;
    }

  return g_steal_pointer (&result);
}
