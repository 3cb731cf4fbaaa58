/* test-payload-editor.c: an Invoke payload written field by field or as JSON, driven through
 * the editor's own widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-test-ui.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "lf-editor-context.h"
#include "lf-json-util.h"
#include "lf-payload-editor.h"
#include "lf-payload-row.h"
#include "lf-template.h"

typedef struct
{
  GtkWidget       *window;
  GtkWidget       *page;
  LfForm          *form;
  LfControl       *name;
  LfEditorContext *context;
  LfPayloadEditor *editor;
  guint            applies;
} Fixture;

static void
count_apply (LfPayloadEditor *editor,
             Fixture         *fixture)
{
  fixture->applies++;
}

static void
set_label (LfForm     *form,
           LfControl  *control,
           const char *label)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), label);
  g_autoptr(GError) error = NULL;

  g_assert_true (lf_form_set_control_property (form, control, "label", node, &error));
  g_assert_no_error (error);
}

/* A form with a text field labelled "Name" (named "name") and a button, which has no value
 * to offer. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->form = lf_form_new ();
  fixture->name = lf_form_add_control (fixture->form, "text-field", -1, &error);
  g_assert_no_error (error);
  g_assert_true (lf_form_rename_control (fixture->form, fixture->name, "name", &error));
  g_assert_no_error (error);
  set_label (fixture->form, fixture->name, "Name");
  g_assert_nonnull (lf_form_add_control (fixture->form, "button", -1, &error));
  g_assert_no_error (error);

  fixture->context = lf_editor_context_new ();
  lf_editor_context_set_form (fixture->context, fixture->form);

  fixture->window = gtk_window_new ();
  fixture->page = adw_preferences_page_new ();
  gtk_window_set_title (GTK_WINDOW (fixture->window), "Payload");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 520, 640);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->page);
  gtk_window_present (GTK_WINDOW (fixture->window));
  lf_test_wait_until_drawn (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->form);
  lf_test_settle ();
}

/* The editor as the actions panel makes it, in place of the one shown before. */
static LfPayloadEditor *
show_editor (Fixture    *fixture,
             const char *text)
{
  if (fixture->editor != NULL)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (fixture->page),
                                 ADW_PREFERENCES_GROUP (fixture->editor));
  fixture->editor = LF_PAYLOAD_EDITOR (lf_payload_editor_new (text));
  lf_payload_editor_set_context (fixture->editor, fixture->context);
  g_signal_connect (fixture->editor, "apply", G_CALLBACK (count_apply), fixture);
  fixture->applies = 0;
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (fixture->page),
                            ADW_PREFERENCES_GROUP (fixture->editor));
  lf_test_settle ();
  return fixture->editor;
}

/* Finding the editor's parts *********************************************************/

static gboolean
has_name (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static GtkWidget *
part (gpointer    root,
      const char *name)
{
  GtkWidget *widget = lf_test_find_widget (GTK_WIDGET (root), has_name, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (LF_IS_PAYLOAD_ROW (child))
        g_ptr_array_add (rows, child);
      else
        collect_rows (child, rows);
    }
}

static guint
count_rows (LfPayloadEditor *editor)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (editor), rows);
  return rows->len;
}

static LfPayloadRow *
row_at (LfPayloadEditor *editor,
        guint            position)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (editor), rows);
  g_assert_cmpuint (position, <, rows->len);
  g_assert_cmpuint (lf_payload_row_get_position (rows->pdata[position]), ==, position);
  return rows->pdata[position];
}

static GtkTextBuffer *
json_buffer (LfPayloadEditor *editor)
{
  return gtk_text_view_get_buffer (
    GTK_TEXT_VIEW (lf_test_find_of_type (GTK_WIDGET (editor), GTK_SOURCE_TYPE_VIEW)));
}

static char *
json_text (LfPayloadEditor *editor)
{
  return lf_test_text_view_text (lf_test_find_of_type (GTK_WIDGET (editor),
                                                       GTK_SOURCE_TYPE_VIEW));
}

static const char *
shown_text (gpointer    root,
            const char *label_name)
{
  GtkWidget *label = part (root, label_name);

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* What a person does ******************************************************************/

static void
click (gpointer    root,
       const char *name)
{
  g_signal_emit_by_name (part (root, name), "clicked");
  lf_test_settle ();
}

static LfPayloadRow *
add_field (LfPayloadEditor *editor)
{
  guint before = count_rows (editor);

  click (editor, "add-field");
  g_assert_cmpuint (count_rows (editor), ==, before + 1);
  return row_at (editor, before);
}

/* Types @text into the entry @name of @row and presses Enter. */
static void
type_into (LfPayloadRow *row,
           const char   *name,
           const char   *text)
{
  GtkWidget *entry = part (row, name);

  g_assert_true (gtk_widget_get_visible (entry) && gtk_widget_get_child_visible (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  lf_test_settle ();
}

static void
choose_kind (LfPayloadRow       *row,
             LfPayloadFieldKind  kind)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (part (row, "kind")), kind);
  lf_test_settle ();
  g_assert_cmpint (lf_payload_row_get_kind (row), ==, kind);
}

static GListModel *
control_choices (LfPayloadRow *row)
{
  return gtk_drop_down_get_model (GTK_DROP_DOWN (part (row, "control")));
}

static const char *
chosen_title (LfPayloadRow *row)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (part (row, "control"));
  guint selected = gtk_drop_down_get_selected (dropdown);

  g_assert_cmpuint (selected, !=, GTK_INVALID_LIST_POSITION);
  return gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (dropdown)),
                                     selected);
}

static void
choose_control (LfPayloadRow *row,
                const char   *title)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (part (row, "control"));
  GtkStringList *titles = GTK_STRING_LIST (gtk_drop_down_get_model (dropdown));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (titles)); i++)
    if (g_str_equal (gtk_string_list_get_string (titles, i), title))
      {
        gtk_drop_down_set_selected (dropdown, i);
        lf_test_settle ();
        return;
      }
  g_error ("“%s” is not offered", title);
}

static void
set_json (LfPayloadEditor *editor,
          const char      *text)
{
  gtk_text_buffer_set_text (json_buffer (editor), text, -1);
  lf_test_settle ();
}

/* Checks **********************************************************************************/

/* The editor gives @expected, which is JSON whatever the form's values. */
static void
assert_payload (LfPayloadEditor *editor,
                const char      *expected)
{
  g_autofree char *text = lf_payload_editor_dup_text (editor);
  g_autoptr(LfTemplate) template = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (text, ==, expected);
  /* Blank is no payload at all, which the panel keeps as such. */
  if (*text == '\0')
    return;
  template = lf_template_new (text, &error);
  g_assert_no_error (error);
  g_assert_true (lf_template_check_json (template, &error));
  g_assert_no_error (error);
}

/* @text with the form's name filled in as "Ada", read back as JSON. */
static JsonObject *
render (const char *text)
{
  g_autoptr(LfTemplate) template = lf_template_new (text, NULL);
  g_autoptr(JsonNode) values = lf_json_parse ("{\"name\": {\"value\": \"Ada\"}}", -1, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = lf_template_render_json (template, values, &error);
  g_autoptr(JsonNode) root = NULL;

  g_assert_no_error (error);
  root = lf_json_parse (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static gboolean
line_has_mistake (LfPayloadEditor *editor,
                  int              line)
{
  GtkTextBuffer *buffer = json_buffer (editor);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                               "lf-mistake");
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  for (; !gtk_text_iter_ends_line (&iter); gtk_text_iter_forward_char (&iter))
    if (gtk_text_iter_has_tag (&iter, tag))
      return TRUE;
  return FALSE;
}

static gboolean
has_any_mistake (LfPayloadEditor *editor)
{
  GtkTextBuffer *buffer = json_buffer (editor);

  for (int line = 0; line < gtk_text_buffer_get_line_count (buffer); line++)
    if (line_has_mistake (editor, line))
      return TRUE;
  return FALSE;
}

static gboolean
has_focus_in (GtkWidget *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

/* Lets buttons finish their transitions, so that a screenshot shows where they end. */
static void
screenshot (Fixture    *fixture,
            const char *name)
{
  gint64 until = g_get_monotonic_time () + 400 * G_TIME_SPAN_MILLISECOND;

  lf_test_wait_for (time_passed, &until, "transitions to end");
  lf_test_save_screenshot (fixture->window, name);
}

/* Tests ********************************************************************************/

/* A payload built from nothing, one field of each kind, without typing any JSON. */
static void
test_build_fields (Fixture       *fixture,
                   gconstpointer  data)
{
  LfPayloadEditor *editor = show_editor (fixture, "");
  LfPayloadRow *row;
  GListModel *choices;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) sent = NULL;

  g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_FIELDS);
  g_assert_cmpuint (count_rows (editor), ==, 0);

  row = add_field (editor);
  type_into (row, "key", "greeting");
  type_into (row, "text", "say \"hi\"");

  row = add_field (editor);
  type_into (row, "key", "count");
  choose_kind (row, LF_PAYLOAD_FIELD_NUMBER);
  type_into (row, "number", "3");

  row = add_field (editor);
  type_into (row, "key", "loud");
  choose_kind (row, LF_PAYLOAD_FIELD_BOOLEAN);
  gtk_switch_set_active (GTK_SWITCH (part (row, "toggle")), TRUE);
  lf_test_settle ();

  row = add_field (editor);
  type_into (row, "key", "name");
  choose_kind (row, LF_PAYLOAD_FIELD_CONTROL);
  /* Only controls with a value are offered, by label and kind; the button is not. */
  choices = control_choices (row);
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 0), ==,
                   "Name (Text field)");
  choose_control (row, "Name (Text field)");

  assert_payload (editor, "{\"greeting\": \"say \\\"hi\\\"\", \"count\": 3, \"loud\": true, "
                          "\"name\": {{ name.value }}}");
  /* Each edit was taken as it was made. */
  g_assert_cmpuint (fixture->applies, >=, 12);

  text = lf_payload_editor_dup_text (editor);
  sent = render (text);
  g_assert_cmpstr (json_object_get_string_member (sent, "greeting"), ==, "say \"hi\"");
  g_assert_cmpint (json_object_get_int_member (sent, "count"), ==, 3);
  g_assert_true (json_object_get_boolean_member (sent, "loud"));
  g_assert_cmpstr (json_object_get_string_member (sent, "name"), ==, "Ada");

  screenshot (fixture, "payload-editor-fields.png");

  /* Switching shows the JSON the fields make. */
  click (editor, "json-mode");
  g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_JSON);
  g_free (text);
  text = json_text (editor);
  g_assert_cmpstr (text, ==, "{\"greeting\": \"say \\\"hi\\\"\", \"count\": 3, \"loud\": true, "
                             "\"name\": {{ name.value }}}");
  g_assert_null (shown_text (editor, "json-problem"));
  screenshot (fixture, "payload-editor-fields-as-json.png");
}

/* Keys and text go in as JSON strings whatever they hold, and "{{" typed as text stays text. */
static void
test_escaping (Fixture       *fixture,
               gconstpointer  data)
{
  static const struct
  {
    const char *key;
    const char *text;
  } fields[] = {
    { "größe\tx", "C:\\dir\t\"quoted\"\nnext line" },
    { "a\"b\\", "ünïcödé ✓ \x01" },
    { "template", "{{ name.value }} is not filled in" },
    { "braces", "{{{" },
  };
  LfPayloadEditor *editor = show_editor (fixture, "");
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) sent = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      LfPayloadRow *row = add_field (editor);

      type_into (row, "key", fields[i].key);
      type_into (row, "text", fields[i].text);
    }
  assert_payload (editor,
                  "{\"größe\\tx\": \"C:\\\\dir\\t\\\"quoted\\\"\\nnext line\", "
                  "\"a\\\"b\\\\\": \"ünïcödé ✓ \\u0001\", "
                  "\"template\": \"\\u007b{ name.value }} is not filled in\", "
                  "\"braces\": \"\\u007b\\u007b{\"}");

  /* Read back, each key and text is what was typed. */
  text = lf_payload_editor_dup_text (editor);
  sent = render (text);
  g_assert_cmpuint (json_object_get_size (sent), ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpstr (json_object_get_string_member (sent, fields[i].key), ==, fields[i].text);

  /* And the fields read back from that JSON are the same. */
  click (editor, "json-mode");
  click (editor, "fields-mode");
  g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_FIELDS);
  g_assert_cmpuint (count_rows (editor), ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      LfPayloadRow *row = row_at (editor, i);

      g_assert_cmpstr (lf_payload_row_get_key (row), ==, fields[i].key);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (row, "text"))), ==,
                       fields[i].text);
    }
}

/* JSON → Fields → JSON keeps the text; an edit in Fields writes it anew. */
static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *text = "{\"greeting\": \"Hello\", \"count\": -2.5e3, \"loud\": false, "
                     "\"name\": {{ name.value }}}";
  const char *layout = "{\n  \"a\": 1,\n  \"b\":{{name.value}}\n}";
  LfPayloadEditor *editor = show_editor (fixture, text);
  g_autofree char *shown = NULL;
  LfPayloadRow *row;

  g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_FIELDS);
  g_assert_cmpuint (count_rows (editor), ==, 4);
  g_assert_cmpint (lf_payload_row_get_kind (row_at (editor, 0)), ==, LF_PAYLOAD_FIELD_TEXT);
  g_assert_cmpint (lf_payload_row_get_kind (row_at (editor, 1)), ==, LF_PAYLOAD_FIELD_NUMBER);
  g_assert_cmpint (lf_payload_row_get_kind (row_at (editor, 2)), ==, LF_PAYLOAD_FIELD_BOOLEAN);
  g_assert_cmpint (lf_payload_row_get_kind (row_at (editor, 3)), ==, LF_PAYLOAD_FIELD_CONTROL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (part (row_at (editor, 1), "number"))),
                   ==, "-2.5e3");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (part (row_at (editor, 2), "toggle"))));
  g_assert_cmpstr (chosen_title (row_at (editor, 3)), ==, "Name (Text field)");
  /* Showing a payload is no edit of it. */
  assert_payload (editor, text);
  g_assert_cmpuint (fixture->applies, ==, 0);

  click (editor, "json-mode");
  shown = json_text (editor);
  g_assert_cmpstr (shown, ==, text);

  /* The author's own layout survives a look at its fields… */
  set_json (editor, layout);
  click (editor, "fields-mode");
  g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_FIELDS);
  g_assert_cmpuint (count_rows (editor), ==, 2);
  assert_payload (editor, layout);

  /* …until a field changes. */
  row = row_at (editor, 0);
  type_into (row, "number", "2");
  assert_payload (editor, "{\"a\": 2, \"b\": {{ name.value }}}");
  click (editor, "json-mode");
  g_free (shown);
  shown = json_text (editor);
  g_assert_cmpstr (shown, ==, "{\"a\": 2, \"b\": {{ name.value }}}");
}

/* The text is the payload in both modes: set from outside while fields are shown, the fields
 * follow it, or JSON shows it when fields cannot. */
static void
test_text_from_outside (Fixture       *fixture,
                        gconstpointer  data)
{
  LfPayloadEditor *editor = show_editor (fixture, "");

  set_json (editor, "{\"a\": 1, \"b\": \"x\"}");
  g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_FIELDS);
  g_assert_cmpuint (count_rows (editor), ==, 2);
  g_assert_cmpstr (lf_payload_row_get_key (row_at (editor, 1)), ==, "b");

  set_json (editor, "{{ name.value }}");
  g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_JSON);
  assert_payload (editor, "{{ name.value }}");
}

/* What fields cannot say stays JSON, and the Fields button says why. */
static void
test_more_than_fields (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const texts[] = {
    "{\"a\": {\"nested\": 1}}",
    "{\"a\": [1, 2]}",
    "{\"a\": null}",
    "{\"greeting\": \"Hello {{ name.value }}\"}",
    "{\"a\": {{ name.value | json }}}",
    "{\"a\": {{ name.value | length }}}",
    "{\"a\": {{ name }}}",
    "{\"a\": 1, \"a\": 2}",
    "[1, 2]",
    "{{ name.value }}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      LfPayloadEditor *editor = show_editor (fixture, texts[i]);
      g_autofree char *text = NULL;

      g_test_message ("%s", texts[i]);
      g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_JSON);
      g_assert_null (shown_text (editor, "notice"));

      click (editor, "fields-mode");
      g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_JSON);
      g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (part (editor,
                                                                          "json-mode"))));
      g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (part (editor,
                                                                           "fields-mode"))));
      g_assert_cmpstr (shown_text (editor, "notice"), ==,
                       "This payload has more than fields: edit it as JSON");
      text = lf_payload_editor_dup_text (editor);
      g_assert_cmpstr (text, ==, texts[i]);
      if (i == 3)
        screenshot (fixture, "payload-editor-more-than-fields.png");
    }

  /* A mistake is not "more than fields": it says so, and goes once the text changes. */
  show_editor (fixture, "{\"a\": 1");
  click (fixture->editor, "fields-mode");
  g_assert_cmpint (lf_payload_editor_get_mode (fixture->editor), ==, LF_PAYLOAD_MODE_JSON);
  g_assert_cmpstr (shown_text (fixture->editor, "notice"), ==,
                   "The JSON has a mistake: correct it, then its fields can be shown");
  set_json (fixture->editor, "{\"a\": 1}");
  g_assert_null (shown_text (fixture->editor, "notice"));
  click (fixture->editor, "fields-mode");
  g_assert_cmpint (lf_payload_editor_get_mode (fixture->editor), ==, LF_PAYLOAD_MODE_FIELDS);
}

/* Typing JSON: a mistake underlines its line and is named in a sentence, until it goes. */
static void
test_json_mistakes (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct
  {
    const char *text;
    int         line;       /* from 0, as GtkTextBuffer counts */
    const char *sentence;
  } cases[] = {
    { "{\n  \"a\": 1\n  \"b\": {{ name.value }}\n}", 1, "Line 2: a comma is missing" },
    { "{\n  \"a\": 1,\n  \"b\": 2,\n}", 2, "Line 3: a comma has nothing after it" },
    { "{\n  \"a\" 1\n}", 1, "Line 2: a colon is missing after the key" },
    { "{\n  \"a\": hello\n}", 1,
      "Line 2: a word that is not a value: put text in double quotes" },
    { "{\n  \"a\": {{ name.value }},\n  \"b\": {{ name.value\n}", 2,
      "Line 3: “{{” is never closed by “}}”" },
    { "{\n  \"a\": 1\n}\n\nmore", 4, "Line 5: something follows the end of the payload" },
  };
  LfPayloadEditor *editor = show_editor (fixture, "{\"a\": [1]}");
  g_autoptr(GError) refused = g_error_new_literal (LF_TEMPLATE_ERROR,
                                                   LF_TEMPLATE_ERROR_INVALID_JSON,
                                                   "the panel's own words");

  g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_JSON);
  g_assert_false (has_any_mistake (editor));
  g_assert_null (shown_text (editor, "json-problem"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].text);
      set_json (editor, cases[i].text);
      g_assert_cmpstr (shown_text (editor, "json-problem"), ==, cases[i].sentence);
      for (int line = 0; line < gtk_text_buffer_get_line_count (json_buffer (editor)); line++)
        g_assert_true (line_has_mistake (editor, line) == (line == cases[i].line));
    }

  /* The panel's refusal would say the same in its own words: the sentence is enough. */
  set_json (editor, cases[0].text);
  lf_payload_editor_show_error (editor, refused);
  g_assert_null (shown_text (editor, "refusal"));
  screenshot (fixture, "payload-editor-json-mistake.png");

  /* Corrected, the mark and the sentence go; a refusal still standing shows. */
  set_json (editor, "{\n  \"a\": 1,\n  \"b\": {{ name.value }}\n}");
  g_assert_false (has_any_mistake (editor));
  g_assert_null (shown_text (editor, "json-problem"));
  screenshot (fixture, "payload-editor-json.png");
  g_assert_cmpstr (shown_text (editor, "refusal"), ==, "the panel's own words");
  lf_payload_editor_show_error (editor, NULL);
  g_assert_null (shown_text (editor, "refusal"));

  /* Blank is an empty payload, no mistake. */
  set_json (editor, "  \n");
  g_assert_false (has_any_mistake (editor));
  g_assert_null (shown_text (editor, "json-problem"));

  /* Apply, as a person asks for it. */
  fixture->applies = 0;
  click (editor, "apply");
  g_assert_cmpuint (fixture->applies, ==, 1);
}

/* An empty payload is fields with none, and means {}. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  LfPayloadEditor *editor = show_editor (fixture, "");
  g_autofree char *text = NULL;

  g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_FIELDS);
  g_assert_cmpuint (count_rows (editor), ==, 0);
  /* Untouched, the payload stays as it was. */
  assert_payload (editor, "");
  screenshot (fixture, "payload-editor-empty.png");

  add_field (editor);
  assert_payload (editor, "{\"field1\": \"\"}");
  fixture->applies = 0;
  click (row_at (editor, 0), "remove");
  g_assert_cmpuint (count_rows (editor), ==, 0);
  g_assert_cmpuint (fixture->applies, ==, 1);
  assert_payload (editor, "{}");

  /* In JSON, no fields is {}. */
  show_editor (fixture, "");
  click (fixture->editor, "json-mode");
  text = json_text (fixture->editor);
  g_assert_cmpstr (text, ==, "{}");
  g_assert_null (shown_text (fixture->editor, "json-problem"));
  click (fixture->editor, "fields-mode");
  g_assert_cmpuint (count_rows (fixture->editor), ==, 0);
  assert_payload (fixture->editor, "{}");
}

/* A field that cannot be sent says why in its row and is left out until it can. */
static void
test_field_problems (Fixture       *fixture,
                     gconstpointer  data)
{
  LfPayloadEditor *editor = show_editor (fixture, "");
  LfPayloadRow *first;
  LfPayloadRow *second;
  GtkWidget *number;

  first = add_field (editor);
  g_assert_cmpstr (lf_payload_row_get_key (first), ==, "field1");
  choose_kind (first, LF_PAYLOAD_FIELD_NUMBER);
  number = part (first, "number");
  type_into (first, "number", "3,5");
  g_assert_true (gtk_widget_has_css_class (number, "error"));
  assert_payload (editor, "{}");
  type_into (first, "number", " 3.5 ");
  g_assert_false (gtk_widget_has_css_class (number, "error"));
  assert_payload (editor, "{\"field1\": 3.5}");

  /* What was typed follows a change of kind. */
  choose_kind (first, LF_PAYLOAD_FIELD_TEXT);
  assert_payload (editor, "{\"field1\": \" 3.5 \"}");

  second = add_field (editor);
  g_assert_cmpstr (lf_payload_row_get_key (second), ==, "field2");
  type_into (second, "key", "field1");
  g_assert_true (gtk_widget_has_css_class (part (second, "key"), "error"));
  g_assert_false (gtk_widget_has_css_class (part (first, "key"), "error"));
  assert_payload (editor, "{\"field1\": \" 3.5 \"}");

  /* Gone, the first no longer hides the second. */
  click (first, "remove");
  g_assert_cmpuint (count_rows (editor), ==, 1);
  g_assert_false (gtk_widget_has_css_class (part (row_at (editor, 0), "key"), "error"));
  assert_payload (editor, "{\"field1\": \"\"}");

  type_into (row_at (editor, 0), "key", "");
  g_assert_true (gtk_widget_has_css_class (part (row_at (editor, 0), "key"), "error"));
  assert_payload (editor, "{}");
}

/* The controls offered follow the form: labels as they change, names only to tell twins
 * apart, and a control the payload names that is gone. */
static void
test_controls_follow_form (Fixture       *fixture,
                           gconstpointer  data)
{
  LfPayloadEditor *editor = show_editor (fixture, "{\"who\": {{ ghost.value }}, "
                                                  "\"what\": {{ name.value }}}");
  g_autoptr(GError) error = NULL;
  LfControl *twin;
  GListModel *choices;

  g_assert_cmpint (lf_payload_editor_get_mode (editor), ==, LF_PAYLOAD_MODE_FIELDS);
  g_assert_cmpstr (chosen_title (row_at (editor, 0)), ==, "ghost (not on the form)");
  g_assert_cmpstr (chosen_title (row_at (editor, 1)), ==, "Name (Text field)");

  set_label (fixture->form, fixture->name, "Your name");
  lf_test_settle ();
  g_assert_cmpstr (chosen_title (row_at (editor, 1)), ==, "Your name (Text field)");

  twin = lf_form_add_control (fixture->form, "text-field", -1, &error);
  g_assert_no_error (error);
  set_label (fixture->form, twin, "Your name");
  lf_test_settle ();
  choices = control_choices (row_at (editor, 1));
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 0), ==,
                   "Your name (Text field, name)");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 1), ==,
                   "Your name (Text field, textField1)");
  g_assert_cmpstr (chosen_title (row_at (editor, 1)), ==, "Your name (Text field, name)");

  /* Nothing changed in the payload by a change in the form. */
  assert_payload (editor, "{\"who\": {{ ghost.value }}, "
                          "\"what\": {{ name.value }}}");
  choose_control (row_at (editor, 0), "Your name (Text field, textField1)");
  assert_payload (editor, "{\"who\": {{ textField1.value }}, "
                          "\"what\": {{ name.value }}}");
}

static gboolean
shows_json (gpointer editor)
{
  return lf_payload_editor_get_mode (editor) == LF_PAYLOAD_MODE_JSON;
}

/* Tab goes through a field left to right, top to bottom: key, kind, value, Remove. */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  LfPayloadEditor *editor = show_editor (fixture, "{\"a\": \"x\", \"b\": true}");
  LfPayloadRow *first = row_at (editor, 0);
  LfPayloadRow *second = row_at (editor, 1);
  GtkWidget *order[] = {
    part (first, "key"), part (first, "kind"), part (first, "text"), part (first, "remove"),
    part (second, "key"), part (second, "kind"), part (second, "toggle"), part (second, "remove"),
    part (editor, "add-field"),
  };

  gtk_widget_grab_focus (order[0]);
  for (guint i = 1; i < G_N_ELEMENTS (order); i++)
    {
      g_assert_true (gtk_widget_child_focus (fixture->window, GTK_DIR_TAB_FORWARD));
      g_assert_true (has_focus_in (fixture->window, order[i]));
    }

  /* The switch between Fields and JSON is reached from the keyboard too. */
  gtk_widget_grab_focus (part (editor, "json-mode"));
  g_assert_true (has_focus_in (fixture->window, part (editor, "json-mode")));
  /* Space or Enter on a button: it clicks once its pressed look has shown. */
  gtk_widget_activate (part (editor, "json-mode"));
  lf_test_wait_for (shows_json, editor, "the JSON page");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add ("/payload-editor/build-fields", Fixture, NULL, fixture_set_up, test_build_fields,
              fixture_tear_down);
  g_test_add ("/payload-editor/escaping", Fixture, NULL, fixture_set_up, test_escaping,
              fixture_tear_down);
  g_test_add ("/payload-editor/round-trip", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/payload-editor/text-from-outside", Fixture, NULL, fixture_set_up,
              test_text_from_outside, fixture_tear_down);
  g_test_add ("/payload-editor/more-than-fields", Fixture, NULL, fixture_set_up,
              test_more_than_fields, fixture_tear_down);
  g_test_add ("/payload-editor/json-mistakes", Fixture, NULL, fixture_set_up,
              test_json_mistakes, fixture_tear_down);
  g_test_add ("/payload-editor/empty", Fixture, NULL, fixture_set_up, test_empty,
              fixture_tear_down);
  g_test_add ("/payload-editor/field-problems", Fixture, NULL, fixture_set_up,
              test_field_problems, fixture_tear_down);
  g_test_add ("/payload-editor/keyboard", Fixture, NULL, fixture_set_up, test_keyboard,
              fixture_tear_down);
  g_test_add ("/payload-editor/controls-follow-form", Fixture, NULL, fixture_set_up,
              test_controls_follow_form, fixture_tear_down);

  return g_test_run ();
}
