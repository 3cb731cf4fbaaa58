/* test-template.c: {{ }} templates: paths, lists, filters, JSON-aware payloads, errors, cycles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lf-form.h"
#include "lf-json-util.h"
#include "lf-template.h"

static const char *context_json =
  "{"
  "  \"name\": {\"value\": \"Ada\", \"text\": \"Ada\"},"
  "  \"quote\": {\"value\": \"He said \\\"hi\\\"\\n\\tand left \\\\ é\"},"
  "  \"count\": {\"value\": 3},"
  "  \"empty\": {\"value\": \"\"},"
  "  \"flag\": {\"value\": true},"
  "  \"obj\": {\"value\": {\"a\": 1, \"b\": [true, null]}},"
  "  \"payloadArea\": {\"value\": \"{\\\"x\\\": 1}\"},"
  "  \"broken\": {\"value\": \"{oops\"},"
  "  \"list1\": {\"state\": \"succeeded\", \"status\": 200, \"data\": {\"Functions\": ["
  "      {\"FunctionName\": \"echo\", \"Runtime\": \"python3\"},"
  "      {\"FunctionName\": \"greet\", \"Runtime\": \"python3\"}]}},"
  "  \"invoke1\": {\"state\": \"failed\", \"status\": 200,"
  "      \"data\": {\"Payload\": {\"body\": {\"items\": [{\"name\": \"x\"}, {\"name\": \"y\"}],"
  "                                       \"odd key\": \"z\"}}},"
  "      \"error\": {\"message\": \"The function failed\"}}"
  "}";

static JsonNode *
make_context (void)
{
  JsonNode *node = json_from_string (context_json, NULL);

  g_assert_nonnull (node);
  return node;
}

static char *
render (const char *text)
{
  g_autoptr(JsonNode) context = make_context ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LfTemplate) template = lf_template_new (text, &error);
  char *out;

  g_assert_no_error (error);
  out = lf_template_render_text (template, context, &error);
  g_assert_no_error (error);
  return out;
}

static JsonNode *
evaluate (const char *text)
{
  g_autoptr(JsonNode) context = make_context ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LfTemplate) template = lf_template_new (text, &error);
  JsonNode *out;

  g_assert_no_error (error);
  out = lf_template_evaluate (template, context, &error);
  g_assert_no_error (error);
  return out;
}

static void
assert_json (JsonNode   *node,
             const char *expected)
{
  g_autofree char *text = json_to_string (node, FALSE);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_text (void)
{
  struct { const char *template; const char *expected; } cases[] = {
    { "Hello {{ name.value }}!", "Hello Ada!" },
    { "{{name.value}}{{ name.text }}", "AdaAda" },
    { "no expressions at all", "no expressions at all" },
    { "{{ count.value }} items", "3 items" },
    { "{{ flag.value }}", "true" },
    { "{{ nobody.value }}|", "|" },
    { "{{ obj.value }}", "{\"a\":1,\"b\":[true,null]}" },
    { "{{ invoke1.data.Payload.body.items[1].name }}", "y" },
    { "{{ invoke1.data.Payload.body['odd key'] }}", "z" },
    { "{{ list1.data.Functions[*].FunctionName }}", "[\"echo\",\"greet\"]" },
    { "{{ list1.data.Functions[0:1].FunctionName }}", "[\"echo\"]" },
    { "{{ invoke1..name }}", "[\"x\",\"y\"]" },
    { "{{ invoke1.error.message }}", "The function failed" },
    { "{{ invoke1.status }}", "200" },
    /* A "}}" inside a quoted default does not end the expression. */
    { "{{ nobody.value | default: \"a }} b\" }}", "a }} b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = render (cases[i].template);

      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
test_filters (void)
{
  struct { const char *template; const char *expected; } cases[] = {
    { "{{ name.value | json }}", "\"Ada\"" },
    { "{{ count.value | json }}", "3" },
    { "{{ nobody.value | json }}", "null" },
    { "{{ empty.value | default: \"none\" }}", "none" },
    { "{{ nobody.value | default: \"none\" }}", "none" },
    { "{{ name.value | default: \"none\" }}", "Ada" },
    { "{{ nobody.value | default: 42 }}", "42" },
    { "{{ list1.data.Functions | length }}", "2" },
    { "{{ name.value | length }}", "3" },
    { "{{ obj.value | length }}", "2" },
    { "{{ nobody.value | length }}", "0" },
    { "{{ quote.value | length }}", "26" },
    { "{{ list1.data.Functions[*].FunctionName | length }}", "2" },
    { "{{ list1.data.Functions | json | length }}", "90" },
    { "{{ nobody.value | default: \"x\" | json }}", "\"x\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = render (cases[i].template);

      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
test_evaluate_typed (void)
{
  g_autoptr(JsonNode) count = evaluate ("{{ count.value }}");
  g_autoptr(JsonNode) object = evaluate ("  {{ obj.value }}\n");
  g_autoptr(JsonNode) list = evaluate ("{{ list1.data.Functions[*].Runtime }}");
  g_autoptr(JsonNode) missing = evaluate ("{{ nobody.value }}");
  g_autoptr(JsonNode) mixed = evaluate ("n={{ count.value }}");
  g_autoptr(JsonNode) nothing_matched = evaluate ("{{ list1.data.Nope[*] }}");

  /* One expression keeps its JSON type; text around it makes a string. */
  assert_json (count, "3");
  assert_json (object, "{\"a\":1,\"b\":[true,null]}");
  assert_json (list, "[\"python3\",\"python3\"]");
  g_assert_true (JSON_NODE_HOLDS_NULL (missing));
  assert_json (mixed, "\"n=3\"");
  assert_json (nothing_matched, "[]");
}

static char *
render_json (const char  *text,
             GError     **error)
{
  g_autoptr(JsonNode) context = make_context ();
  g_autoptr(LfTemplate) template = lf_template_new (text, NULL);

  g_assert_nonnull (template);
  return lf_template_render_json (template, context, error);
}

static void
test_json_escaping (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  JsonObject *object;

  out = render_json ("{\"said\": \"{{ quote.value }}\", \"who\": \"{{ name.value }} & co\", "
                     "\"n\": {{ count.value }}, \"o\": {{ obj.value }}, \"none\": "
                     "{{ nobody.value }}, \"names\": {{ list1.data.Functions[*].FunctionName }}, "
                     "\"asText\": \"{{ obj.value | json }}\", \"q\": \"a\\\"{{ name.value }}\"}",
                     &error);
  g_assert_no_error (error);
  parsed = json_from_string (out, &error);
  g_assert_no_error (error);
  object = json_node_get_object (parsed);

  /* Inside a string literal the value is escaped, so quotes, newlines, tabs and backslashes
   * arrive as they were. */
  g_assert_cmpstr (json_object_get_string_member (object, "said"), ==,
                   "He said \"hi\"\n\tand left \\ é");
  g_assert_cmpstr (json_object_get_string_member (object, "who"), ==, "Ada & co");
  /* An escaped quote in the literal text does not end the string. */
  g_assert_cmpstr (json_object_get_string_member (object, "q"), ==, "a\"Ada");
  /* Outside one, the value's JSON goes in. */
  g_assert_cmpint (json_object_get_int_member (object, "n"), ==, 3);
  assert_json (json_object_get_member (object, "o"), "{\"a\":1,\"b\":[true,null]}");
  g_assert_true (json_object_get_null_member (object, "none"));
  assert_json (json_object_get_member (object, "names"), "[\"echo\",\"greet\"]");
  g_assert_cmpstr (json_object_get_string_member (object, "asText"), ==,
                   "{\"a\":1,\"b\":[true,null]}");
}

static void
test_json_sole_expression (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = render_json ("{{ payloadArea.value }}", &error);
  g_autofree char *typed = NULL;

  /* A payload area's text is the payload itself, not a JSON string of it. */
  g_assert_no_error (error);
  g_assert_cmpstr (raw, ==, "{\"x\": 1}");
  typed = render_json ("{{ obj.value }}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (typed, ==, "{\"a\":1,\"b\":[true,null]}");
}

static void
test_json_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = render_json ("  {{ broken.value }}", &error);
  g_autoptr(LfTemplate) skeleton = NULL;

  /* The message names the expression that broke the payload, and where it is. */
  g_assert_null (out);
  g_assert_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "1:6"));
  g_assert_nonnull (strstr (error->message, "{{ broken.value }}"));
  g_clear_error (&error);

  out = render_json ("{\"a\": {{ name.value }} {{ count.value }}}", &error);
  g_assert_null (out);
  g_assert_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_INVALID_JSON);
  g_clear_error (&error);

  /* Caught before any value is known. */
  skeleton = lf_template_new ("{\"a\": {{ name.value }}", NULL);
  g_assert_false (lf_template_check_json (skeleton, &error));
  g_assert_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_INVALID_JSON);
  g_clear_error (&error);
  g_clear_object (&skeleton);
  skeleton = lf_template_new ("{\"a\": \"{{ name.value }}\", \"b\": {{ count.value }}}", NULL);
  g_assert_true (lf_template_check_json (skeleton, &error));
  g_assert_no_error (error);
}

/* json-glib 1.6 never ends a slice with a step: every path the forms compile is checked. */
static void
test_json_path_compile (void)
{
  g_autoptr(JsonNode) root = json_from_string ("{\"F\": [1, 2, 3], \"a:b:c\": 4}", NULL);
  const char *refused[] = { "$.F[0:1:1]", "$.F[::2]", "$.F[0:3:2].x" };
  const char *accepted[] = { "$.F[0:2]", "$['a:b:c']", "$.F[*]" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonPath) path = json_path_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (lf_json_path_compile (path, refused[i], &error));
      g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "[a:b]"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(JsonPath) path = json_path_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) match = NULL;

      g_assert_true (lf_json_path_compile (path, accepted[i], &error));
      g_assert_no_error (error);
      match = json_path_match (path, root);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (match)), >, 0);
    }
}

static void
test_syntax_errors (void)
{
  struct { const char *template; const char *expected; } cases[] = {
    { "{{ }}", "1:1: “{{ }}” is empty" },
    { "abc {{ name.value", "1:5: “{{” is never closed" },
    { "{{ name. }}", "1:9: expected a name after “.”" },
    { "{{ 1name }}", "1:4: expected a control or action name, not “1”" },
    { "{\n  \"a\": {{ 1x }}\n}", "2:11: expected a control or action name" },
    { "{{ name.value | lenght }}", "unknown filter “lenght” (did you mean “length”?)" },
    { "{{ name.value | upper }}", "1:17: unknown filter “upper”: the filters are" },
    { "{{ name.value | default }}", "“default” takes a value" },
    { "{{ name.value | default: [1] }}", "“default” takes a string" },
    { "{{ name.value | default: \"x }}", "the string is never closed" },
    { "{{ name.value extra }}", "1:15: unexpected “e” after the path" },
    { "{{ name[x] }}", "“[…]” takes a number" },
    { "{{ name[ }}", "“[” is never closed" },
    { "{{ name[] }}", "“[]” is empty" },
    { "{{ list1.data.Functions[0:2:1] }}", "1:28: a slice takes no step" },
    { "{{ a {{ b }} }}", "“{{” inside an expression" },
    { "{{ name['x }}", "the string is never closed" },
    { "{{ name.. }}", "expected a name after “..”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LfTemplate) template = lf_template_new (cases[i].template, &error);

      g_assert_null (template);
      g_assert_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_SYNTAX);
      if (strstr (error->message, cases[i].expected) == NULL)
        g_error ("“%s”: “%s” lacks “%s”", cases[i].template, error->message, cases[i].expected);
    }
}

static void
test_type_error (void)
{
  g_autoptr(JsonNode) context = make_context ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LfTemplate) template = lf_template_new ("x {{ count.value | length }}", NULL);
  g_autofree char *out = lf_template_render_text (template, context, &error);

  g_assert_null (out);
  g_assert_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_TYPE);
  g_assert_nonnull (strstr (error->message, "1:20"));
  g_assert_nonnull (strstr (error->message, "a number"));
}

static void
test_references (void)
{
  g_autoptr(LfTemplate) template =
    lf_template_new ("{{ a.value }}\n {{ b['text'] | json }} {{ list1.data.F[*].N }} {{ c }}",
                     NULL);
  const LfTemplateReference *ref;

  g_assert_nonnull (template);
  g_assert_false (lf_template_is_constant (template));
  g_assert_cmpuint (lf_template_get_n_references (template), ==, 4);
  ref = lf_template_get_reference (template, 1);
  g_assert_cmpstr (ref->root, ==, "b");
  g_assert_cmpstr (ref->member, ==, "text");
  g_assert_cmpuint (ref->line, ==, 2);
  g_assert_cmpuint (ref->column, ==, 5);
  ref = lf_template_get_reference (template, 3);
  g_assert_cmpstr (ref->root, ==, "c");
  g_assert_null (ref->member);

  /* What a change reaches: exactly the expressions that read it. */
  g_assert_true (lf_template_reads (template, "a", "value"));
  g_assert_false (lf_template_reads (template, "a", "label"));
  g_assert_true (lf_template_reads (template, "a", NULL));
  g_assert_true (lf_template_reads (template, "list1", NULL));
  g_assert_true (lf_template_reads (template, "c", "anything"));
  g_assert_false (lf_template_reads (template, "d", NULL));
}

static void
test_suggest (void)
{
  const char * const names[] = { "functionPicker", "payloadArea", "invoke1", NULL };

  g_assert_cmpstr (lf_template_suggest ("functionPiker", names), ==, "functionPicker");
  g_assert_cmpstr (lf_template_suggest ("FUNCTIONPICKER", names), ==, "functionPicker");
  g_assert_cmpstr (lf_template_suggest ("invoke2", names), ==, "invoke1");
  g_assert_null (lf_template_suggest ("somethingElse", names));
  g_assert_null (lf_template_suggest ("x", names));
}

/* Names and cycles are checked against the whole form: it opens, and lists them. */
static GError *
load_error (const char *controls,
            const char *actions)
{
  g_autofree char *json = g_strdup_printf ("{\"format_version\": 1, \"controls\": [%s], "
                                           "\"actions\": [%s]}", controls, actions);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_new_from_data (json, -1, &error);
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (form);
  problems = lf_form_list_problems (form);
  g_assert_cmpuint (problems->len, >, 0);
  return g_error_copy (problems->pdata[0]);
}

static void
test_unknown_names (void)
{
  g_autoptr(GError) error = NULL;

  error = load_error ("{\"kind\": \"text-field\", \"name\": \"functionPicker\"},"
                      "{\"kind\": \"label\", \"name\": \"out\", \"bindings\": {\"value\": "
                      "\"Chose {{ functionPiker.value }}\"}}", "");
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_REFERENCE);
  g_assert_cmpstr (error->message, ==,
                   "$.controls[1].bindings.value: 1:10: no control or action is named "
                   "“functionPiker” (did you mean “functionPicker”?)");
  g_clear_error (&error);

  error = load_error ("{\"kind\": \"text-field\", \"name\": \"name\"},"
                      "{\"kind\": \"label\", \"name\": \"out\", \"bindings\": {\"value\": "
                      "\"{{ name.vaule }}\"}}", "");
  g_assert_cmpstr (error->message, ==,
                   "$.controls[1].bindings.value: 1:4: “name” (a Text field) has no “vaule” "
                   "(did you mean “value”?)");
  g_clear_error (&error);

  error = load_error ("{\"kind\": \"label\", \"name\": \"out\", \"bindings\": {\"value\": "
                      "\"{{ list1.dta }}\"}}",
                      "{\"name\": \"list1\", \"operation\": \"ListFunctions\"}");
  g_assert_nonnull (strstr (error->message, "has no “dta”"));
  g_assert_nonnull (strstr (error->message, "(did you mean “data”?)"));
  g_clear_error (&error);

  error = load_error ("{\"kind\": \"text-field\", \"name\": \"t\"}",
                      "{\"name\": \"go\", \"operation\": \"Invoke\", \"parameters\": "
                      "{\"function_name\": \"echo\", "
                      "\"payload\": \"{\\\"a\\\": {{ z.value }}}\"}}");
  g_assert_cmpstr (error->message, ==,
                   "$.actions[0].parameters.payload: 1:10: no control or action is named “z”");
}

static void
test_cycles (void)
{
  g_autoptr(GError) error = NULL;

  /* The response feeds the action that fills it, through a change trigger. */
  error = load_error ("{\"kind\": \"text-area\", \"name\": \"response\", \"bindings\": "
                      "{\"value\": \"{{ invoke1.data.Payload | json }}\"}}",
                      "{\"name\": \"invoke1\", \"operation\": \"Invoke\", \"parameters\": "
                      "{\"function_name\": \"echo\"}, \"trigger\": {\"on\": \"change\", "
                      "\"control\": \"response\"}}");
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_REFERENCE);
  g_assert_nonnull (strstr (error->message, "depends on itself"));
  g_assert_true (strstr (error->message, "response → invoke1 → response") != NULL ||
                 strstr (error->message, "invoke1 → response → invoke1") != NULL);
  g_clear_error (&error);

  /* A binding reading itself. */
  error = load_error ("{\"kind\": \"label\", \"name\": \"a\", \"bindings\": "
                      "{\"value\": \"{{ a.label }}\"}}", "");
  g_assert_nonnull (strstr (error->message, "$.controls[0].bindings.value: 1:4: “a” depends on "
                            "itself: a → a"));
  g_clear_error (&error);

  /* Two actions that run each other forever. */
  error = load_error ("", "{\"name\": \"one\", \"operation\": \"ListFunctions\", \"on_success\": "
                      "{\"run\": \"two\"}}, {\"name\": \"two\", \"operation\": "
                      "\"ListFunctions\", \"on_success\": {\"run\": \"one\"}}");
  g_assert_nonnull (strstr (error->message, "one → two → one"));
}

/* A lone backslash right before {{ inside a string would let a value leave its string. */
static void
test_json_backslash_before_expression (void)
{
  const char *texts[] = {
    "[\"x\\{{ name.value }}\", \"]\"]",
    "{\"a\": \"\\{{ name.value }}\"}",
    "{\"a\": \"\\\\\\{{ name.value }}\"}",   /* three backslashes: the last is lone */
  };
  g_autoptr(JsonNode) context = make_context ();

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LfTemplate) template = lf_template_new (texts[i], &error);
      g_autofree char *rendered = NULL;

      g_assert_no_error (error);
      g_assert_false (lf_template_check_json (template, &error));
      g_assert_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_INVALID_JSON);
      g_assert_nonnull (strstr (error->message, "backslash"));
      g_clear_error (&error);
      rendered = lf_template_render_json (template, context, &error);
      g_assert_null (rendered);
      g_assert_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_INVALID_JSON);
    }

  /* An escaped backslash before it is a backslash, and fine. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LfTemplate) template = lf_template_new ("{\"a\": \"\\\\{{ name.value }}\"}",
                                                      &error);
    g_autofree char *rendered = NULL;

    g_assert_true (lf_template_check_json (template, &error));
    rendered = lf_template_render_json (template, context, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rendered, ==, "{\"a\": \"\\\\Ada\"}");
  }
}

/* Random characters that are hard in JSON strings: quotes, backslashes, braces, control
 * characters, U+2028, letters from other scripts. */
static void
append_random_char (GString *out)
{
  static const char * const pieces[] = {
    "\"", "\\", "{", "}", "{{", "}}", "\n", "\t", "\x01", "\x1f", "\u2028", "\u2029", "é",
    "漢", "😀", "a", " ", "/", "\\u0041", "[", "]", ",", ":",
  };

  g_string_append (out, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
}

static char *
random_text (guint max_pieces)
{
  GString *out = g_string_new (NULL);
  guint n = g_test_rand_int_range (0, max_pieces + 1);

  for (guint i = 0; i < n; i++)
    append_random_char (out);
  return g_string_free (out, FALSE);
}

/* A property: whatever the value and wherever in a string the expression stands, the payload
 * parses and the string holds exactly the literal text around the value and the value. */
static void
test_json_values_stay_in_strings (void)
{
  for (guint round = 0; round < 400; round++)
    {
      g_autofree char *value = random_text (8);
      g_autofree char *before = random_text (3);
      g_autofree char *after = random_text (3);
      g_autoptr(GString) before_json = g_string_new (NULL);
      g_autoptr(GString) after_json = g_string_new (NULL);
      g_autofree char *text = NULL;
      g_autofree char *context_text = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *rendered = NULL;
      g_autoptr(JsonNode) context = NULL;
      g_autoptr(JsonNode) parsed = NULL;
      g_autoptr(LfTemplate) template = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) value_json = g_string_new (NULL);
      JsonArray *array;

      /* The literal parts as a person writes them in JSON; "{{" among them would be an
       * expression, so braces are escaped as \u007b there. */
      lf_json_append_string (before_json, before, 0);
      lf_json_append_string (after_json, after, 0);
      g_string_replace (before_json, "{", "\\u007b", 0);
      g_string_replace (after_json, "{", "\\u007b", 0);
      g_string_truncate (before_json, before_json->len - 1);
      g_string_erase (after_json, 0, 1);
      text = g_strdup_printf ("[1, %s{{ v.value }}%s, {{ v.value }}]", before_json->str,
                              after_json->str);

      lf_json_append_string (value_json, value, 0);
      context_text = g_strdup_printf ("{\"v\": {\"value\": %s}}", value_json->str);
      context = lf_json_parse (context_text, -1, &error);
      g_assert_no_error (error);

      template = lf_template_new (text, &error);
      g_assert_no_error (error);
      g_assert_true (lf_template_check_json (template, &error));
      rendered = lf_template_render_json (template, context, &error);
      g_assert_no_error (error);
      parsed = lf_json_parse (rendered, -1, &error);
      g_assert_no_error (error);

      array = json_node_get_array (parsed);
      g_assert_cmpuint (json_array_get_length (array), ==, 3);
      expected = g_strconcat (before, value, after, NULL);
      g_assert_cmpstr (json_array_get_string_element (array, 1), ==, expected);
      g_assert_cmpstr (json_array_get_string_element (array, 2), ==, value);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/text", test_text);
  g_test_add_func ("/template/filters", test_filters);
  g_test_add_func ("/template/evaluate-typed", test_evaluate_typed);
  g_test_add_func ("/template/json/escaping", test_json_escaping);
  g_test_add_func ("/template/json/sole-expression", test_json_sole_expression);
  g_test_add_func ("/template/json/errors", test_json_errors);
  g_test_add_func ("/template/json/backslash-before-expression",
                   test_json_backslash_before_expression);
  g_test_add_func ("/template/json/values-stay-in-strings", test_json_values_stay_in_strings);
  g_test_add_func ("/template/syntax-errors", test_syntax_errors);
  g_test_add_func ("/template/json-path-compile", test_json_path_compile);
  g_test_add_func ("/template/type-error", test_type_error);
  g_test_add_func ("/template/references", test_references);
  g_test_add_func ("/template/suggest", test_suggest);
  g_test_add_func ("/template/unknown-names", test_unknown_names);
  g_test_add_func ("/template/cycles", test_cycles);

  return g_test_run ();
}
