/* test-json-util.c: the one JSON entry point: nesting limit, Unicode checks, deep copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "lf-json-diff.h"
#include "lf-json-util.h"

static char *
nested (guint       depth,
        const char *open,
        const char *inner,
        const char *close)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  g_string_append (text, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append (text, close);
  return g_string_free (text, FALSE);
}

static void
test_depth_at_limit (void)
{
  g_autofree char *arrays = nested (LF_JSON_MAX_DEPTH, "[", "1", "]");
  g_autofree char *objects = nested (LF_JSON_MAX_DEPTH, "{\"a\":", "1", "}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) a = lf_json_parse (arrays, -1, &error);
  g_autoptr(JsonNode) o = NULL;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (a));
  /* Objects open one level each, like arrays. */
  g_free (objects);
  objects = nested (LF_JSON_MAX_DEPTH - 1, "{\"a\":", "{}", "}");
  o = lf_json_parse (objects, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (o));
}

static void
test_depth_over_limit (void)
{
  g_autofree char *arrays = nested (LF_JSON_MAX_DEPTH + 1, "[", "1", "]");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lf_json_parse (arrays, -1, &error);

  g_assert_null (node);
  g_assert_error (error, LF_JSON_ERROR, LF_JSON_ERROR_TOO_DEEP);
  /* The sentence names the limit and where it was passed. */
  g_assert_nonnull (strstr (error->message, "512"));
  g_assert_true (g_str_has_prefix (error->message, "1:513:"));
}

/* What overflowed json-glib's stack before: 200,000 opening brackets and never a close. */
static void
test_depth_bomb (void)
{
  gsize size = 200000;
  g_autofree char *bomb = g_malloc (size);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  memset (bomb, '[', size);
  node = lf_json_parse (bomb, size, &error);
  g_assert_null (node);
  g_assert_error (error, LF_JSON_ERROR, LF_JSON_ERROR_TOO_DEEP);
}

/* Brackets inside strings are text, not nesting. */
static void
test_brackets_in_strings (void)
{
  g_autofree char *inner = nested (2000, "[", "", "");
  g_autofree char *text = g_strdup_printf ("{\"a\": \"%s\\\"[[[\"}", inner);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lf_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (node), "a")), ==,
                    2000 + 4);
}

typedef struct
{
  const char *text;
  int code;   /* -1: accepted */
} Case;

static const Case strings[] = {
  { "\"plain\"", -1 },
  { "\"tab\\tquote\\\"slash\\/back\\\\\"", -1 },
  { "\"\\u00e9\"", -1 },
  { "\"\\ud83d\\ude00\"", -1 },                 /* a pair: one emoji */
  { "\"\\266\"", LF_JSON_ERROR_ENCODING },        /* an octal escape, which JSON lacks */
  { "\"\\x41\"", LF_JSON_ERROR_ENCODING },
  { "\"\\ud800\"", LF_JSON_ERROR_ENCODING },      /* a high surrogate alone */
  { "\"\\ud800x\"", LF_JSON_ERROR_ENCODING },
  { "\"\\ud800\\u0041\"", LF_JSON_ERROR_ENCODING },
  { "\"\\udc00\"", LF_JSON_ERROR_ENCODING },      /* a low surrogate alone */
  { "\"\\u12\"", LF_JSON_ERROR_ENCODING },
  { "\"\xff\"", LF_JSON_ERROR_ENCODING },         /* not UTF-8 */
  { "\"\xc3\"", LF_JSON_ERROR_ENCODING },
  { "", LF_JSON_ERROR_EMPTY },
  { "  \n ", LF_JSON_ERROR_EMPTY },
  { "{\"a\": }", LF_JSON_ERROR_SYNTAX },
  { "[1, 2", LF_JSON_ERROR_SYNTAX },
};

static void
test_strings (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lf_json_parse (c->text, -1, &error);

  if (c->code < 0)
    {
      g_assert_no_error (error);
      g_assert_nonnull (node);
      g_assert_true (g_utf8_validate (json_node_get_string (node), -1, NULL));
    }
  else
    {
      g_assert_null (node);
      g_assert_error (error, LF_JSON_ERROR, (int) c->code);
      /* json-glib's name for its input is markup and means nothing to a person. */
      g_assert_null (strstr (error->message, "<data>"));
    }
}

static void
test_nul_byte (void)
{
  static const char text[] = "{\"a\": \"x\0y\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lf_json_parse (text, sizeof text - 1, &error);

  g_assert_null (node);
  g_assert_error (error, LF_JSON_ERROR, LF_JSON_ERROR_ENCODING);
}

static void
test_position (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lf_json_parse ("{\n  \"é\": \"\\q\"\n}", -1, &error);

  g_assert_null (node);
  g_assert_error (error, LF_JSON_ERROR, LF_JSON_ERROR_ENCODING);
  /* Line 2, and columns count characters, not bytes. */
  g_assert_true (g_str_has_prefix (error->message, "2:9:"));
}

static void
test_bytes_and_file (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("[true]", 6);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) from_bytes = lf_json_parse_bytes (bytes, &error);
  g_autoptr(JsonNode) from_null = NULL;
  g_autoptr(JsonNode) from_file = NULL;
  g_autofree char *path = NULL;
  int fd;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (from_bytes));
  from_null = lf_json_parse_bytes (NULL, &error);
  g_assert_null (from_null);
  g_assert_error (error, LF_JSON_ERROR, LF_JSON_ERROR_EMPTY);
  g_clear_error (&error);

  fd = g_file_open_tmp ("lf-json-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "[[[\"\\ud800\"]]]", -1, &error));
  from_file = lf_json_parse_file (path, &error);
  g_assert_null (from_file);
  g_assert_error (error, LF_JSON_ERROR, LF_JSON_ERROR_ENCODING);
  g_unlink (path);
}

static void
test_deep_copy (void)
{
  g_autoptr(JsonNode) original = lf_json_parse ("{\"a\": [1, {\"b\": \"c\"}], \"d\": null}", -1,
                                                NULL);
  g_autoptr(JsonNode) copy = lf_json_deep_copy (original);
  JsonObject *inner;

  g_assert_true (json_node_equal (original, copy));
  inner = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (copy), "a"), 1);
  json_object_set_string_member (inner, "b", "changed");
  /* The original's nested object is its own. */
  inner = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (original), "a"), 1);
  g_assert_cmpstr (json_object_get_string_member (inner, "b"), ==, "c");
  g_assert_null (lf_json_deep_copy (NULL));
}

/* The changes from @before to @after, printed on one line. */
static char *
diff_text (const char *before,
           const char *after)
{
  g_autoptr(JsonNode) a = lf_json_parse (before, -1, NULL);
  g_autoptr(JsonNode) b = lf_json_parse (after, -1, NULL);
  g_autoptr(JsonArray) diff = NULL;
  g_autoptr(JsonNode) changes = NULL;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  diff = lf_json_diff (a, b);
  changes = json_node_init_array (json_node_alloc (), diff);
  return lf_json_to_text (changes, 0);
}

static void
test_diff (void)
{
  static const struct { const char *before, *after, *changes; } cases[] = {
    /* Member order does not matter; 1 and 1.0 are one number. */
    { "{\"a\": 1, \"b\": [1, 2]}", "{\"b\": [1, 2], \"a\": 1.0}", "[]" },
    { "{\"a\": 1}", "{\"a\": 2}",
      "[{\"path\":\"$.a\",\"change\":\"changed\",\"before\":1,\"after\":2}]" },
    { "{\"a\": 1, \"gone\": true}", "{\"a\": 1, \"new\": null}",
      "[{\"path\":\"$.gone\",\"change\":\"removed\",\"before\":true},"
      "{\"path\":\"$.new\",\"change\":\"added\",\"after\":null}]" },
    /* Arrays by position: a longer one adds at its end. */
    { "[1, {\"x\": \"a\"}]", "[1, {\"x\": \"b\"}, 3]",
      "[{\"path\":\"$[1].x\",\"change\":\"changed\",\"before\":\"a\",\"after\":\"b\"},"
      "{\"path\":\"$[2]\",\"change\":\"added\",\"after\":3}]" },
    /* A name that is not an identifier is quoted; a change of type is a change. */
    { "{\"two words\": \"1\"}", "{\"two words\": 1}",
      "[{\"path\":\"$[\\\"two words\\\"]\",\"change\":\"changed\",\"before\":\"1\","
      "\"after\":1}]" },
    { "{\"a\": {}}", "{\"a\": []}",
      "[{\"path\":\"$.a\",\"change\":\"changed\",\"before\":{},\"after\":[]}]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *changes = diff_text (cases[i].before, cases[i].after);

      g_assert_cmpstr (changes, ==, cases[i].changes);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/depth-at-limit", test_depth_at_limit);
  g_test_add_func ("/json/depth-over-limit", test_depth_over_limit);
  g_test_add_func ("/json/depth-bomb", test_depth_bomb);
  g_test_add_func ("/json/brackets-in-strings", test_brackets_in_strings);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *name = g_strdup_printf ("/json/strings/%u", i);

      g_test_add_data_func (name, &strings[i], test_strings);
    }
  g_test_add_func ("/json/nul-byte", test_nul_byte);
  g_test_add_func ("/json/position", test_position);
  g_test_add_func ("/json/bytes-and-file", test_bytes_and_file);
  g_test_add_func ("/json/deep-copy", test_deep_copy);
  g_test_add_func ("/json/diff", test_diff);

  return g_test_run ();
}
