/* lf-payload-editor.c: an Invoke action's payload, field by field or as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "lf-json-util.h"
#include "lf-payload-editor.h"
#include "lf-payload-row.h"
#include "lf-template.h"

struct _LfPayloadEditor
{
  AdwPreferencesGroup  parent_instance;

  GtkBox              *suffix_box;
  GtkWidget           *apply_button;
  GtkToggleButton     *fields_button;
  GtkToggleButton     *json_button;
  GtkStack            *stack;
  GtkListBox          *rows;
  GtkWidget           *add_button;
  GtkLabel            *notice;
  GtkSourceView       *view;
  GtkLabel            *json_problem;
  GtkLabel            *refusal;

  GtkSourceBuffer     *buffer;
  GtkTextTag          *mistake_tag;
  GtkTextTag          *quiet_tag;
  LfEditorContext     *context;
  /* The form's controls that have a value, by name and as the author reads them; NULL
   * without a form. */
  GStrv                control_names;
  GStrv                control_titles;

  /* The view's text is the payload in both modes: rows write it as they change (until then
   * the text stays as it came, so that showing a payload never rewrites it), and a text set
   * from outside while fields are shown is read again. */
  LfPayloadMode        mode;
  guint                n_rows;
  gboolean             writing;
  gboolean             json_invalid;
  char                *refused;
  guint                check_id;
  /* Set while the editor sets its own toggle buttons. */
  gboolean             syncing;
  gboolean             disposing;
};

enum {
  PROP_0,
  PROP_MODE,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (LfPayloadMode, lf_payload_mode,
                    G_DEFINE_ENUM_VALUE (LF_PAYLOAD_MODE_FIELDS, "fields"),
                    G_DEFINE_ENUM_VALUE (LF_PAYLOAD_MODE_JSON, "json"))

G_DEFINE_FINAL_TYPE (LfPayloadEditor, lf_payload_editor, ADW_TYPE_PREFERENCES_GROUP)

static void
emit_apply (LfPayloadEditor *self)
{
  /* Widgets going away lose the focus, which is no request of the author's. */
  if (!self->disposing)
    g_signal_emit (self, signals[APPLY], 0);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* Reading fields from JSON ************************************************************/

typedef struct
{
  char               *key;
  LfPayloadFieldKind  kind;
  char               *value;
} Field;

static void
field_free (Field *field)
{
  g_free (field->key);
  g_free (field->value);
  g_free (field);
}

static const char *
skip_blank (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

/* A string literal at *@p with no expression in it: its text, read by the one JSON reader. */
static char *
read_string (const char **p)
{
  const char *start = *p;
  const char *q = start + 1;
  g_autofree char *literal = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (*start != '"')
    return NULL;
  while (*q != '\0' && *q != '"')
    q += (*q == '\\' && q[1] != '\0') ? 2 : 1;
  if (*q != '"')
    return NULL;
  q++;
  literal = g_strndup (start, q - start);
  /* "Hello {{ name.value }}" is text and a value together: more than a field. */
  if (strstr (literal, "{{") != NULL)
    return NULL;
  node = lf_json_parse (literal, -1, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  *p = q;
  return g_strdup (json_node_get_string (node));
}

static char *
read_number (const char **p)
{
  const char *q = *p;
  g_autofree char *number = NULL;

  while (*q != '\0' && strchr ("+-.0123456789eE", *q) != NULL)
    q++;
  number = g_strndup (*p, q - *p);
  if (!lf_payload_number_is_valid (number))
    return NULL;
  *p = q;
  return g_steal_pointer (&number);
}

static char *
read_boolean (const char **p)
{
  const char *words[] = { "true", "false" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize length = strlen (words[i]);

      if (strncmp (*p, words[i], length) == 0 && !g_ascii_isalnum ((*p)[length]) &&
          (*p)[length] != '_')
        {
          *p += length;
          return g_strdup (words[i]);
        }
    }
  return NULL;
}

/* `{{ name.value }}`, spaces as they come: the control's name. Filters make it more than a
 * control's value (`| json` turns the value into a text holding its JSON). */
static char *
read_control_value (const char **p)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *inside = NULL;
  const char *close;
  char *name;

  if (strncmp (*p, "{{", 2) != 0 || (close = strstr (*p + 2, "}}")) == NULL)
    return NULL;
  inside = g_strndup (*p + 2, close - (*p + 2));
  regex = g_regex_new ("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\.value\\s*$", 0, 0, NULL);
  if (!g_regex_match (regex, inside, 0, &match))
    return NULL;
  name = g_match_info_fetch (match, 1);
  *p = close + 2;
  return name;
}

static Field *
read_field (const char **p)
{
  Field *field = g_new0 (Field, 1);

  field->key = read_string (p);
  if (field->key == NULL)
    goto fail;
  *p = skip_blank (*p);
  if (**p != ':')
    goto fail;
  *p = skip_blank (*p + 1);

  if (**p == '"')
    {
      field->kind = LF_PAYLOAD_FIELD_TEXT;
      field->value = read_string (p);
    }
  else if (**p == '{')
    {
      field->kind = LF_PAYLOAD_FIELD_CONTROL;
      field->value = read_control_value (p);
    }
  else if (**p == 't' || **p == 'f')
    {
      field->kind = LF_PAYLOAD_FIELD_BOOLEAN;
      field->value = read_boolean (p);
    }
  else
    {
      field->kind = LF_PAYLOAD_FIELD_NUMBER;
      field->value = read_number (p);
    }
  if (field->value == NULL)
    goto fail;
  return field;

fail:
  field_free (field);
  return NULL;
}

/* The fields of @text, or NULL when it is more than an object of fields (nesting, null,
 * lists, text around an expression, a key twice). Blank text is no fields. The text must
 * already be known to be JSON. */
static GPtrArray *
read_fields (const char *text)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  const char *p = skip_blank (text);

  if (*p == '\0')
    return g_steal_pointer (&fields);
  if (*p != '{')
    return NULL;
  p = skip_blank (p + 1);
  while (*p != '}')
    {
      Field *field = read_field (&p);

      if (field == NULL)
        return NULL;
      g_ptr_array_add (fields, field);
      /* Two fields with one key would come back as one. */
      if (!g_hash_table_add (keys, field->key))
        return NULL;
      p = skip_blank (p);
      if (*p == ',')
        p = skip_blank (p + 1);
      else if (*p != '}')
        return NULL;
    }
  p = skip_blank (p + 1);
  return *p == '\0' ? g_steal_pointer (&fields) : NULL;
}

/* The fields @text is made of; NULL with @why when it cannot be shown as fields. */
static GPtrArray *
fields_of (const char  *text,
           const char **why)
{
  g_autoptr(LfTemplate) template = NULL;
  GPtrArray *fields;

  if (!is_blank (text))
    {
      template = lf_template_new (text, NULL);
      if (template == NULL || !lf_template_check_json (template, NULL))
        {
          *why = _("The JSON has a mistake: correct it, then its fields can be shown");
          return NULL;
        }
    }
  fields = read_fields (text);
  if (fields == NULL)
    *why = _("This payload has more than fields: edit it as JSON");
  return fields;
}

/* The rows *****************************************************************************/

static LfPayloadRow *
row_at (LfPayloadEditor *self,
        guint            position)
{
  return LF_PAYLOAD_ROW (gtk_list_box_get_row_at_index (self->rows, position));
}

/* A key used above makes a row that is not sent. */
static void
mark_duplicates (LfPayloadEditor *self)
{
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->n_rows; i++)
    {
      LfPayloadRow *row = row_at (self, i);
      const char *key = lf_payload_row_get_key (row);

      lf_payload_row_set_duplicate (row, *key != '\0' && !g_hash_table_add (keys, (char *) key));
    }
}

static char *
write_fields (LfPayloadEditor *self)
{
  GString *out = g_string_new ("{");
  guint written = 0;

  for (guint i = 0; i < self->n_rows; i++)
    {
      gsize before = out->len;

      if (written > 0)
        g_string_append (out, ", ");
      if (lf_payload_row_append_member (row_at (self, i), out))
        written++;
      else
        g_string_truncate (out, before);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static char *
dup_buffer_text (LfPayloadEditor *self)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
}

/* Puts @text in the view as the editor's own change: nothing the author undoes there, and
 * no reason to read the fields again. */
static void
write_buffer (LfPayloadEditor *self,
              const char      *text)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  g_autofree char *current = dup_buffer_text (self);

  if (g_str_equal (current, text))
    return;
  self->writing = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  self->writing = FALSE;
}

static void
on_row_changed (LfPayloadEditor *self)
{
  g_autofree char *text = NULL;

  mark_duplicates (self);
  text = write_fields (self);
  write_buffer (self, text);
}

static void
forget_row (LfPayloadEditor *self,
            LfPayloadRow    *row)
{
  g_signal_handlers_disconnect_by_data (row, self);
  gtk_list_box_remove (self->rows, GTK_WIDGET (row));
  self->n_rows--;
}

static void
on_row_remove (LfPayloadRow    *row,
               LfPayloadEditor *self)
{
  forget_row (self, row);
  for (guint i = 0; i < self->n_rows; i++)
    lf_payload_row_set_position (row_at (self, i), i);
  on_row_changed (self);
  /* The button that had the keyboard is gone: give it somewhere to stay. */
  gtk_widget_grab_focus (self->add_button);
  emit_apply (self);
}

static void
offer_controls (LfPayloadEditor *self,
                LfPayloadRow    *row)
{
  if (self->control_names != NULL)
    lf_payload_row_set_controls (row, (const char * const *) self->control_names,
                                 (const char * const *) self->control_titles);
}

static LfPayloadRow *
add_row (LfPayloadEditor *self,
         const Field     *field)
{
  LfPayloadRow *row = LF_PAYLOAD_ROW (lf_payload_row_new (self->n_rows));

  offer_controls (self, row);
  lf_payload_row_set_field (row, field->key, field->kind, field->value);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_row_changed), self);
  g_signal_connect_swapped (row, "apply", G_CALLBACK (emit_apply), self);
  g_signal_connect (row, "remove", G_CALLBACK (on_row_remove), self);
  gtk_list_box_append (self->rows, GTK_WIDGET (row));
  self->n_rows++;
  return row;
}

static void
show_rows (LfPayloadEditor *self,
           GPtrArray       *fields)
{
  while (self->n_rows > 0)
    forget_row (self, row_at (self, 0));
  for (guint i = 0; i < fields->len; i++)
    add_row (self, g_ptr_array_index (fields, i));
  mark_duplicates (self);
}

static gboolean
has_key (LfPayloadEditor *self,
         const char      *key)
{
  for (guint i = 0; i < self->n_rows; i++)
    if (g_str_equal (lf_payload_row_get_key (row_at (self, i)), key))
      return TRUE;
  return FALSE;
}

static void
on_add_clicked (LfPayloadEditor *self)
{
  g_autofree char *key = NULL;
  LfPayloadRow *row;

  /* A key of its own, so that the new field is sent as soon as it is there. */
  for (guint n = self->n_rows + 1; key == NULL || has_key (self, key); n++)
    {
      g_free (key);
      key = g_strdup_printf ("field%u", n);
    }
  row = add_row (self, &(Field) { key, LF_PAYLOAD_FIELD_TEXT, (char *) "" });
  on_row_changed (self);
  lf_payload_row_focus_key (row);
  emit_apply (self);
}

/* The form's controls *****************************************************************/

static void
update_controls (LfPayloadEditor *self)
{
  LfForm *form = self->context ? lf_editor_context_get_form (self->context) : NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = form ? lf_form_get_n_controls (form) : 0;

  g_clear_pointer (&self->control_names, g_strfreev);
  g_clear_pointer (&self->control_titles, g_strfreev);
  if (form == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      LfControl *control = lf_form_get_control (form, i);
      g_autofree char *title = lf_control_dup_title (control, FALSE);

      guint count;

      if (!lf_control_get_kind (control)->has_value)
        continue;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (labels, title));
      g_hash_table_replace (labels, g_steal_pointer (&title), GUINT_TO_POINTER (count + 1));
    }
  for (guint i = 0; i < n; i++)
    {
      LfControl *control = lf_form_get_control (form, i);
      g_autofree char *title = NULL;

      if (!lf_control_get_kind (control)->has_value)
        continue;
      title = lf_control_dup_title (control, FALSE);
      if (GPOINTER_TO_UINT (g_hash_table_lookup (labels, title)) > 1)
        {
          g_free (title);
          title = lf_control_dup_title (control, TRUE);
        }
      g_strv_builder_add (names, lf_control_get_name (control));
      g_strv_builder_add (titles, title);
    }
  self->control_names = g_strv_builder_end (names);
  self->control_titles = g_strv_builder_end (titles);

  for (guint i = 0; i < self->n_rows; i++)
    offer_controls (self, row_at (self, i));
}

/* Checking the JSON as it is typed *****************************************************/

/* Reads "LINE:COLUMN: rest" out of @message, wherever it starts (a check's error puts a
 * sentence of its own before it). */
static gboolean
find_position (const char  *message,
               guint       *line,
               const char **rest)
{
  for (const char *p = message; *p; p++)
    {
      guint64 l;
      char *end = NULL;

      if (!g_ascii_isdigit (*p) || (p > message && p[-1] != ' '))
        continue;
      l = g_ascii_strtoull (p, &end, 10);
      if (*end != ':' || !g_ascii_isdigit (end[1]))
        continue;
      g_ascii_strtoull (end + 1, &end, 10);
      if (end[0] != ':' || end[1] != ' ')
        continue;
      *line = (guint) MIN (l, G_MAXUINT);
      *rest = end + 2;
      return TRUE;
    }
  return FALSE;
}

/* json-glib's words ("unexpected character `,', expected string constant") in the author's;
 * the project's own sentences are already theirs. */
static const char *
plain_sentence (const char *what)
{
  static const struct
  {
    const char *found;
    const char *sentence;
  } sentences[] = {
    { "unterminated string", N_("a text has no closing quote") },
    { ", expected string constant", N_("a key in double quotes should come next") },
    { "unexpected character `,'", N_("a comma has nothing after it") },
    { ", expected character `,'", N_("a comma is missing") },
    { ", expected character `:'", N_("a colon is missing after the key") },
    { ", expected end of file", N_("something follows the end of the payload") },
    { "unexpected identifier", N_("a word that is not a value: put text in double quotes") },
    { ", expected value", N_("a word that is not a value: put text in double quotes") },
    { ", expected number", N_("a number is not complete") },
    { "unexpected character `}'", N_("a value is missing") },
    { "unexpected character `]'", N_("a value is missing") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    if (strstr (what, sentences[i].found) != NULL)
      return _(sentences[i].sentence);
  /* json-glib's own words in another language, which it quotes `so'. */
  if (g_str_has_prefix (what, "Parse error") || strchr (what, '`') != NULL)
    return _("this is not JSON");
  return what;
}

static gboolean
line_is_blank (GtkTextBuffer *buffer,
               int            line)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  for (; !gtk_text_iter_ends_line (&iter); gtk_text_iter_forward_char (&iter))
    if (!g_unichar_isspace (gtk_text_iter_get_char (&iter)))
      return FALSE;
  return TRUE;
}

/* Underlines line @line (from 1), or the last line above it with something on it: an error
 * at the end of the text belongs there. Returns the line underlined. */
static guint
underline_line (LfPayloadEditor *self,
                guint            line)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  int index = CLAMP ((int) MIN (line, G_MAXINT), 1, gtk_text_buffer_get_line_count (buffer)) - 1;
  GtkTextIter start;
  GtkTextIter end;

  while (index > 0 && line_is_blank (buffer, index))
    index--;
  gtk_text_buffer_get_iter_at_line (buffer, &start, index);
  while (!gtk_text_iter_ends_line (&start) && g_unichar_isspace (gtk_text_iter_get_char (&start)))
    gtk_text_iter_forward_char (&start);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_apply_tag (buffer, self->mistake_tag, &start, &end);
  return index + 1;
}

/* The panel's refusal says the same as a mistake found while typing, in its own words. */
static void
update_refusal (LfPayloadEditor *self)
{
  gboolean said = self->mode == LF_PAYLOAD_MODE_JSON && self->json_invalid;

  gtk_label_set_text (self->refusal, self->refused ? self->refused : "");
  gtk_widget_set_visible (GTK_WIDGET (self->refusal), self->refused != NULL && !said);
}

static void
show_mistake (LfPayloadEditor *self,
              const GError    *error)
{
  g_autofree char *sentence = NULL;
  const char *rest;
  guint line;

  self->json_invalid = error != NULL;
  if (error == NULL)
    {
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_widget_set_visible (GTK_WIDGET (self->json_problem), FALSE);
      update_refusal (self);
      return;
    }

  if (find_position (error->message, &line, &rest))
    {
      line = underline_line (self, line);
      /* Translators: "Line 3: a comma is missing". */
      sentence = g_strdup_printf (_("Line %u: %s"), line, plain_sentence (rest));
    }
  else
    sentence = g_strdup (plain_sentence (error->message));
  gtk_label_set_text (self->json_problem, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->json_problem), TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_STATE_INVALID,
                               GTK_ACCESSIBLE_INVALID_TRUE, -1);
  update_refusal (self);
}

/* JSON whatever its expressions give, as the runtime will check it; blank is {}. */
static void
check_text (LfPayloadEditor *self)
{
  g_autofree char *text = dup_buffer_text (self);
  g_autoptr(LfTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter start;
  GtkTextIter end;

  self->check_id = 0;
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  gtk_text_buffer_remove_tag (GTK_TEXT_BUFFER (self->buffer), self->mistake_tag, &start, &end);
  if (!is_blank (text))
    {
      template = lf_template_new (text, &error);
      if (template != NULL)
        lf_template_check_json (template, &error);
    }
  show_mistake (self, error);
}

/* Marks every "{{ … }}" so the author sees what the form fills in. */
static void
mark_templates (GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;
  GtkTextIter open_start;
  GtkTextIter open_end;
  GtkTextIter close_start;
  GtkTextIter close_end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "lf-template", &start, &end);
  while (gtk_text_iter_forward_search (&start, "{{", 0, &open_start, &open_end, NULL))
    {
      if (!gtk_text_iter_forward_search (&open_end, "}}", 0, &close_start, &close_end, NULL))
        break;
      gtk_text_buffer_apply_tag_by_name (buffer, "lf-template", &open_start, &close_end);
      start = close_end;
    }
}

static void follow_text (LfPayloadEditor *self);

static void
on_buffer_changed (LfPayloadEditor *self)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  gtk_text_buffer_apply_tag (GTK_TEXT_BUFFER (self->buffer), self->quiet_tag, &start, &end);
  /* Why fields could not be shown was about the text before this edit. */
  gtk_widget_set_visible (GTK_WIDGET (self->notice), FALSE);
  if (!self->writing && self->mode == LF_PAYLOAD_MODE_FIELDS)
    follow_text (self);
  /* Checked once typing pauses for the main loop, not on every key of a paste. */
  if (self->check_id == 0)
    self->check_id = g_idle_add_once ((GSourceOnceFunc) check_text, self);
}

/* The JSON language takes every "{{ … }}" for a mistake and underlines it, with what
 * follows. Our check knows templates: its tags stay above the highlighter's, the quiet one
 * taking away the highlighter's underline and the mistake one putting ours. */
static void
on_tag_added (LfPayloadEditor *self,
              GtkTextTag      *tag,
              GtkTextTagTable *table)
{
  int top = gtk_text_tag_table_get_size (table) - 1;

  if (tag == self->quiet_tag || tag == self->mistake_tag)
    return;
  gtk_text_tag_set_priority (self->quiet_tag, top);
  gtk_text_tag_set_priority (self->mistake_tag, top);
}

static void
make_buffer (LfPayloadEditor *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme =
    gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita");

  self->buffer =
    gtk_source_buffer_new_with_language (gtk_source_language_manager_get_language (languages,
                                                                                   "json"));
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (self->buffer, scheme);
  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "lf-template",
                              "background-rgba", &(GdkRGBA) { 0.21, 0.52, 0.89, 0.18 },
                              "weight", PANGO_WEIGHT_BOLD, NULL);
  /* Adwaita's red (@error_color). */
  self->mistake_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "lf-mistake",
                                                  "underline", PANGO_UNDERLINE_ERROR,
                                                  "underline-rgba",
                                                  &(GdkRGBA) { 0.88, 0.11, 0.14, 1.0 },
                                                  NULL);
  self->quiet_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "lf-quiet",
                                                "underline", PANGO_UNDERLINE_NONE, NULL);
  gtk_text_tag_set_priority (self->mistake_tag,
                             gtk_text_tag_table_get_size (gtk_text_buffer_get_tag_table (
                               GTK_TEXT_BUFFER (self->buffer))) - 1);
  g_signal_connect_object (gtk_text_buffer_get_tag_table (GTK_TEXT_BUFFER (self->buffer)),
                           "tag-added", G_CALLBACK (on_tag_added), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->buffer, "changed", G_CALLBACK (mark_templates), NULL);
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (on_buffer_changed), self);
}

/* Switching ****************************************************************************/

static void
show_mode (LfPayloadEditor *self)
{
  gboolean fields = self->mode == LF_PAYLOAD_MODE_FIELDS;

  gtk_stack_set_visible_child_name (self->stack, fields ? "fields" : "json");
  gtk_widget_set_visible (self->apply_button, !fields);
  adw_preferences_group_set_description (
    ADW_PREFERENCES_GROUP (self),
    fields ? _("What the function receives: a value for each key")
           : _("The event as JSON; {{ name.value }} fills in a value"));
  self->syncing = TRUE;
  gtk_toggle_button_set_active (fields ? self->fields_button : self->json_button, TRUE);
  self->syncing = FALSE;
  update_refusal (self);
}

/* Shows @text as rows; FALSE with @why when it cannot be. */
static gboolean
show_fields (LfPayloadEditor  *self,
             const char       *text,
             const char      **why)
{
  g_autoptr(GPtrArray) fields = fields_of (text, why);

  if (fields == NULL)
    return FALSE;
  show_rows (self, fields);
  return TRUE;
}

/* A text set from outside while fields are shown: fields when they can say it, else JSON. */
static void
follow_text (LfPayloadEditor *self)
{
  g_autofree char *text = dup_buffer_text (self);
  const char *why = NULL;

  if (show_fields (self, text, &why))
    return;
  self->mode = LF_PAYLOAD_MODE_JSON;
  show_mode (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static void
on_fields_toggled (LfPayloadEditor *self)
{
  if (!self->syncing && gtk_toggle_button_get_active (self->fields_button))
    lf_payload_editor_set_mode (self, LF_PAYLOAD_MODE_FIELDS);
}

static void
on_json_toggled (LfPayloadEditor *self)
{
  if (!self->syncing && gtk_toggle_button_get_active (self->json_button))
    lf_payload_editor_set_mode (self, LF_PAYLOAD_MODE_JSON);
}

/* The object ***************************************************************************/

static void
lf_payload_editor_dispose (GObject *object)
{
  LfPayloadEditor *self = (LfPayloadEditor *) object;

  self->disposing = TRUE;
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_PAYLOAD_EDITOR);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (lf_payload_editor_parent_class)->dispose (object);
}

static void
lf_payload_editor_finalize (GObject *object)
{
  LfPayloadEditor *self = (LfPayloadEditor *) object;

  g_strfreev (self->control_names);
  g_strfreev (self->control_titles);
  g_free (self->refused);

  G_OBJECT_CLASS (lf_payload_editor_parent_class)->finalize (object);
}

static void
lf_payload_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LfPayloadEditor *self = LF_PAYLOAD_EDITOR (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_payload_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LfPayloadEditor *self = LF_PAYLOAD_EDITOR (object);

  switch (prop_id)
    {
    case PROP_MODE:
      lf_payload_editor_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_CONTEXT:
      lf_payload_editor_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_payload_editor_class_init (LfPayloadEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_payload_editor_dispose;
  object_class->finalize = lf_payload_editor_finalize;
  object_class->get_property = lf_payload_editor_get_property;
  object_class->set_property = lf_payload_editor_set_property;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, LF_TYPE_PAYLOAD_MODE, LF_PAYLOAD_MODE_FIELDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, LF_TYPE_EDITOR_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LfPayloadEditor::apply:
   *
   * The author asked for the text to be taken: an edit of a field kept, or in JSON the
   * apply button or leaving the view.
   */
  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (LF_TYPE_PAYLOAD_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-payload-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, suffix_box);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, apply_button);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, fields_button);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, json_button);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, rows);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, notice);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, view);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, json_problem);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, refusal);
  gtk_widget_class_bind_template_callback (widget_class, emit_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_fields_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_json_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
lf_payload_editor_init (LfPayloadEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  make_buffer (self);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->view), GTK_TEXT_BUFFER (self->buffer));
  /* Screen readers hear the mistake with the view. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->json_problem, NULL,
                                  -1);
  self->mode = LF_PAYLOAD_MODE_FIELDS;
  show_mode (self);
}

GtkWidget *
lf_payload_editor_new (const char *text)
{
  LfPayloadEditor *self = g_object_new (LF_TYPE_PAYLOAD_EDITOR, NULL);
  const char *why = NULL;

  text = text ? text : "";
  write_buffer (self, text);
  /* Fields whenever they can say the same. */
  if (!show_fields (self, text, &why))
    {
      self->mode = LF_PAYLOAD_MODE_JSON;
      show_mode (self);
    }
  return GTK_WIDGET (self);
}

void
lf_payload_editor_set_context (LfPayloadEditor *self,
                               LfEditorContext *context)
{
  g_return_if_fail (LF_IS_PAYLOAD_EDITOR (self));
  g_return_if_fail (context == NULL || LF_IS_EDITOR_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    {
      /* Controls come and go, and change labels, while the payload is edited. */
      g_signal_connect_swapped (context, "notify::form", G_CALLBACK (update_controls), self);
      g_signal_connect_swapped (context, "controls-changed", G_CALLBACK (update_controls), self);
      g_signal_connect_swapped (context, "control-changed", G_CALLBACK (update_controls), self);
    }
  update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

LfEditorContext *
lf_payload_editor_get_context (LfPayloadEditor *self)
{
  g_return_val_if_fail (LF_IS_PAYLOAD_EDITOR (self), NULL);
  return self->context;
}

char *
lf_payload_editor_dup_text (LfPayloadEditor *self)
{
  g_return_val_if_fail (LF_IS_PAYLOAD_EDITOR (self), NULL);

  return dup_buffer_text (self);
}

LfPayloadMode
lf_payload_editor_get_mode (LfPayloadEditor *self)
{
  g_return_val_if_fail (LF_IS_PAYLOAD_EDITOR (self), LF_PAYLOAD_MODE_JSON);
  return self->mode;
}

gboolean
lf_payload_editor_set_mode (LfPayloadEditor *self,
                            LfPayloadMode    mode)
{
  g_return_val_if_fail (LF_IS_PAYLOAD_EDITOR (self), FALSE);
  g_return_val_if_fail (mode == LF_PAYLOAD_MODE_FIELDS || mode == LF_PAYLOAD_MODE_JSON, FALSE);

  if (self->mode == mode)
    return TRUE;

  if (mode == LF_PAYLOAD_MODE_FIELDS)
    {
      g_autofree char *text = dup_buffer_text (self);
      const char *why = NULL;

      if (!show_fields (self, text, &why))
        {
          /* Stay in JSON, and say why where the author looks. */
          show_mode (self);
          gtk_label_set_text (self->notice, why);
          gtk_widget_set_visible (GTK_WIDGET (self->notice), TRUE);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *text = dup_buffer_text (self);

      /* No fields is an empty object, which is worth seeing in JSON. */
      if (is_blank (text))
        write_buffer (self, "{}");
    }

  self->mode = mode;
  gtk_widget_set_visible (GTK_WIDGET (self->notice), FALSE);
  show_mode (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  return TRUE;
}

void
lf_payload_editor_show_error (LfPayloadEditor *self,
                              const GError    *error)
{
  g_return_if_fail (LF_IS_PAYLOAD_EDITOR (self));

  g_clear_pointer (&self->refused, g_free);
  if (error != NULL)
    self->refused = g_strdup (error->message);
  update_refusal (self);
}

void
lf_payload_editor_add_suffix (LfPayloadEditor *self,
                              GtkWidget       *widget)
{
  g_return_if_fail (LF_IS_PAYLOAD_EDITOR (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  gtk_box_prepend (self->suffix_box, widget);
}
