/* test-events.c: test events (saved, shared, templates) and forms made from events and schemas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "lf-aws-error.h"
#include "lf-event-store.h"
#include "lf-event-templates.h"
#include "lf-form-generate.h"
#include "lf-form-runtime.h"
#include "lf-json-util.h"
#include "lf-sandbox.h"
#include "lf-shared-events.h"
#include "lf-static-credentials-provider.h"
#include "lf-test-core.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = lf_json_parse (text, -1, &error);

  g_assert_no_error (error);
  return node;
}

/* Compact JSON text: integers and decimals differ ("2" and "2.0"), as they do to a function. */
static void
assert_same_json (JsonNode *a,
                  JsonNode *b)
{
  g_autofree char *x = lf_json_to_text (a, 0);
  g_autofree char *y = lf_json_to_text (b, 0);

  g_assert_cmpstr (x, ==, y);
}

static char *
fixture_path (const char *name)
{
  return g_build_filename (g_getenv ("LF_SOURCE_ROOT"), "tests", "fixtures", name, NULL);
}

/* ---- labels ---------------------------------------------------------------------------- */

static void
test_labels (void)
{
  static const char * const cases[][2] = {
    { "orderId", "Order id" },
    { "sourceIPAddress", "Source IP address" },
    { "detail-type", "Detail type" },
    { "eventSourceARN", "Event source ARN" },
    { "Records", "Records" },
    { "x-amz-request-id", "X amz request id" },
    { "s3SchemaVersion", "S3 schema version" },
    { "already spaced", "Already spaced" },
    { "URL", "URL" },
    { "snake_case_key", "Snake case key" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = lf_form_label_from_key (cases[i][0]);

      g_assert_cmpstr (label, ==, cases[i][1]);
    }
}

/* ---- event → form → payload ------------------------------------------------------------ */

static JsonNode *
rendered_payload (LfForm *form)
{
  g_autoptr(LfFormRuntime) runtime = lf_form_runtime_new (form, NULL, NULL, NULL);
  LfAction *action = lf_form_find_action (form, LF_FORM_GENERATE_ACTION);
  g_autoptr(LfTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode *payload;

  g_assert_nonnull (action);
  template = lf_template_new (lf_action_get_parameter (action, "payload"), &error);
  g_assert_no_error (error);
  text = lf_template_render_json (template, lf_form_runtime_get_context (runtime), &error);
  g_assert_no_error (error);
  payload = lf_json_parse (text, -1, &error);
  g_assert_no_error (error);
  return payload;
}

static LfForm *
form_for_event (JsonNode *event)
{
  LfFormGenerateOptions options = { .function_name = "greet", .account = "sandbox" };
  g_autoptr(GError) error = NULL;
  LfForm *form = lf_form_generate_from_event (&options, event, &error);

  g_assert_no_error (error);
  g_assert_nonnull (form);
  /* A generated form is a form like any other: it checks, saves and opens again. */
  lf_form_check (form, &error);
  g_assert_no_error (error);
  return form;
}

static void
test_generate_kinds (void)
{
  g_autoptr(JsonNode) event = parse (
    "{\"orderId\": \"A-17\", \"amount\": 19.99, \"count\": 3, \"paid\": true,"
    " \"note\": \"two\\nlines\", \"customer\": {\"name\": \"Ada\", \"address\": {\"city\": \"Oslo\"}},"
    " \"tags\": [\"a\", \"b\"], \"extra\": null, \"empty\": {}}");
  g_autoptr(LfForm) form = form_for_event (event);
  g_autoptr(JsonNode) payload = rendered_payload (form);
  static const char * const expected[][3] = {
    { "orderId", "text-field", "Order id" },
    { "amount", "number", "Amount" },
    { "count", "number", "Count" },
    { "paid", "switch", "Paid" },
    { "note", "text-area", "Note" },
    { "customer", "label", "Customer" },
    { "name", "text-field", "Name" },
    { "address", "label", "Address" },
    { "city", "text-field", "City" },
    { "tags", "text-area", "Tags" },
    { "extra", "text-area", "Extra" },
    { "empty", "text-area", "Empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      LfControl *control = lf_form_get_control (form, i);

      g_assert_cmpstr (lf_control_get_name (control), ==, expected[i][0]);
      g_assert_cmpstr (lf_control_get_kind (control)->id, ==, expected[i][1]);
      g_assert_cmpstr (lf_control_get_label (control), ==, expected[i][2]);
    }
  g_assert_cmpint (json_node_get_int (lf_control_get_property (lf_form_find_control (form, "amount"),
                                                               "digits")), ==, 2);
  g_assert_nonnull (lf_form_find_control (form, "invokeButton"));
  g_assert_nonnull (lf_form_find_control (form, "answer"));
  g_assert_cmpstr (lf_form_get_setting (form, "account"), ==, "sandbox");
  assert_same_json (payload, event);
}

/* Random events: keys with quotes, braces and "{{", strings with every kind of character,
 * numbers of every size, nesting past the depth limit. */
static JsonNode *
random_value (GRand *rand,
              guint  depth)
{
  static const char * const strings[] = {
    "", "plain", "with \"quotes\"", "{{ not.a.template }}", "back\\slash", "line\nbreak",
    "tab\tand unicode é ☃ 𝄞", "}} closing", "a {{", "\\u0041 looks escaped",
  };
  switch (g_rand_int_range (rand, 0, depth > 4 ? 6 : 8))
    {
    case 0:
      return json_node_init_string (json_node_alloc (),
                                    strings[g_rand_int_range (rand, 0, G_N_ELEMENTS (strings))]);
    case 1:
      return json_node_init_int (json_node_alloc (),
                                 g_rand_int_range (rand, 0, 2) ? g_rand_int_range (rand, -1000, 1000)
                                                               : G_GINT64_CONSTANT (9007199254740993));
    case 2:
      {
        static const double doubles[] = { 0.5, 19.99, -3.25, 2.0, 1e-9, 6.02e23, 0.1 };

        return json_node_init_double (json_node_alloc (),
                                      doubles[g_rand_int_range (rand, 0, G_N_ELEMENTS (doubles))]);
      }
    case 3:
      return json_node_init_boolean (json_node_alloc (), g_rand_boolean (rand));
    case 4:
      return json_node_init_null (json_node_alloc ());
    case 5:
      {
        JsonArray *array = json_array_new ();

        for (int i = g_rand_int_range (rand, 0, 3); i > 0; i--)
          json_array_add_element (array, random_value (rand, depth + 1));
        return lf_json_node_take_array (array);
      }
    default:
      {
        static const char * const keys[] = {
          "id", "name", "Name", "order-id", "a \"quoted\" key", "{{x}}", "value", "event",
          "invoke", "status", "9lives", "", "ünïcode", "x.y", "$default",
        };
        JsonObject *object = json_object_new ();

        for (int i = g_rand_int_range (rand, 0, 5); i > 0; i--)
          json_object_set_member (object, keys[g_rand_int_range (rand, 0, G_N_ELEMENTS (keys))],
                                  random_value (rand, depth + 1));
        return lf_json_node_take_object (object);
      }
    }
}

static void
test_generate_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(JsonNode) event = random_value (rand, 0);
      g_autoptr(LfForm) form = form_for_event (event);
      g_autoptr(JsonNode) payload = rendered_payload (form);
      g_autofree char *data = lf_form_to_data (form, NULL);
      g_autoptr(LfForm) reopened = NULL;
      g_autoptr(JsonNode) again = NULL;
      g_autoptr(GError) error = NULL;

      assert_same_json (payload, event);
      reopened = lf_form_new_from_data (data, -1, &error);
      g_assert_no_error (error);
      again = rendered_payload (reopened);
      assert_same_json (again, event);
    }
}

/* A control changed by the user changes its member, and only it. */
static void
test_generate_edits (void)
{
  g_autoptr(JsonNode) event = parse ("{\"name\": \"Ada\", \"age\": 36, \"tags\": [1]}");
  g_autoptr(LfForm) form = form_for_event (event);
  g_autoptr(LfFormRuntime) runtime = lf_form_runtime_new (form, NULL, NULL, NULL);
  g_autoptr(LfTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  lf_form_runtime_set_value_from_string (runtime, "name", "Grace \"Amazing\"", &error);
  g_assert_no_error (error);
  lf_form_runtime_set_value_from_string (runtime, "age", "85", &error);
  g_assert_no_error (error);
  lf_form_runtime_set_value_from_string (runtime, "tags", "[1, 2, {\"x\": null}]", &error);
  g_assert_no_error (error);
  template = lf_template_new (lf_action_get_parameter (lf_form_find_action (form, "invoke"),
                                                       "payload"), &error);
  g_assert_no_error (error);
  text = lf_template_render_json (template, lf_form_runtime_get_context (runtime), &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) got = parse (text);
    g_autoptr(JsonNode) want = parse ("{\"name\": \"Grace \\\"Amazing\\\"\", \"age\": 85, "
                                      "\"tags\": [1, 2, {\"x\": null}]}");

    assert_same_json (got, want);
  }

  /* JSON that does not parse is named, not sent. */
  g_clear_pointer (&text, g_free);
  lf_form_runtime_set_value_from_string (runtime, "tags", "[1, 2", &error);
  g_assert_no_error (error);
  text = lf_template_render_json (template, lf_form_runtime_get_context (runtime), &error);
  g_assert_null (text);
  g_assert_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_TYPE);
  lf_test_assert_message_contains (error, "tags.value");
}

/* ---- templates ------------------------------------------------------------------------- */

static void
test_templates (void)
{
  g_autoptr(GPtrArray) events = lf_event_templates_load_all ();
  guint n;

  lf_event_templates_get_all (&n);
  g_assert_cmpuint (events->len, ==, n);
  g_assert_cmpuint (n, >=, 12);
  for (guint i = 0; i < events->len; i++)
    {
      LfTestEvent *event = events->pdata[i];
      g_autoptr(LfForm) form = NULL;
      g_autoptr(JsonNode) payload = NULL;

      g_test_message ("template %s", lf_test_event_get_name (event));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (lf_test_event_get_payload (event)));
      g_assert_cmpstr (lf_test_event_get_title (event), !=, lf_test_event_get_name (event));
      g_assert_true (lf_test_event_check_name (lf_test_event_get_name (event), NULL));
      form = form_for_event (lf_test_event_get_payload (event));
      payload = rendered_payload (form);
      assert_same_json (payload, lf_test_event_get_payload (event));
    }
}

/* The CloudWatch Logs template holds what Lambda delivers: base64 of gzip of the log JSON. */
static void
test_template_cloudwatch_logs (void)
{
  g_autoptr(LfTestEvent) event = lf_event_template_load (lf_event_template_lookup ("cloudwatch-logs"),
                                                         NULL);
  JsonObject *awslogs = json_object_get_object_member (
    json_node_get_object (lf_test_event_get_payload (event)), "awslogs");
  gsize length;
  g_autofree guchar *gzipped = g_base64_decode (json_object_get_string_member (awslogs, "data"),
                                                &length);
  g_autoptr(GConverter) decompressor = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  guchar out[8192];
  gsize read, written;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) logs = NULL;

  g_converter_convert (decompressor, gzipped, length, out, sizeof out - 1,
                       G_CONVERTER_INPUT_AT_END, &read, &written, &error);
  g_assert_no_error (error);
  out[written] = '\0';
  logs = parse ((const char *) out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (logs), "messageType"), ==,
                   "DATA_MESSAGE");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (logs), "logEvents")), >, 0);
}

/* ---- saved events ---------------------------------------------------------------------- */

typedef struct
{
  char *dir;
  LfEventStore *store;
} StoreFixture;

static void
store_set_up (StoreFixture  *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("lf-events-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = lf_event_store_new (f->dir);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
store_tear_down (StoreFixture  *f,
                 gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

static LfTestEvent *
event_new (const char *name,
           const char *json)
{
  g_autoptr(JsonNode) payload = parse (json);

  return lf_test_event_new (name, payload, LF_TEST_EVENT_SAVED);
}

static void
test_store_round_trip (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(LfTestEvent) zed = event_new ("zed", "{\"b\": 1, \"a\": [true]}");
  g_autoptr(LfTestEvent) ada = event_new ("ada", "{\"name\": \"Ada\"}");
  g_autoptr(LfTestEvent) again = event_new ("ada", "{\"name\": \"Ada L.\"}");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(LfTestEvent) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  lf_test_event_set_invocation_type (zed, "Event");
  g_assert_true (lf_event_store_save (f->store, "work", "greet", zed, FALSE, &error));
  g_assert_true (lf_event_store_save (f->store, "work", "greet", ada, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (lf_event_store_save (f->store, "work", "greet", again, FALSE, &error));
  g_assert_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (lf_event_store_save (f->store, "work", "greet", again, TRUE, &error));

  /* Sorted by name, members in their own order, readable: a file that diffs well. */
  path = lf_event_store_dup_path (f->store, "work", "greet");
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"lambda_forms_events\": 1,\n"
                   "  \"function\": \"greet\",\n"
                   "  \"events\": {\n"
                   "    \"ada\": {\n"
                   "      \"payload\": {\n"
                   "        \"name\": \"Ada L.\"\n"
                   "      }\n"
                   "    },\n"
                   "    \"zed\": {\n"
                   "      \"payload\": {\n"
                   "        \"b\": 1,\n"
                   "        \"a\": [\n"
                   "          true\n"
                   "        ]\n"
                   "      },\n"
                   "      \"invocation_type\": \"Event\"\n"
                   "    }\n"
                   "  }\n"
                   "}\n");

  events = lf_event_store_list (f->store, "work", "greet", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  found = lf_event_store_lookup (f->store, "work", "greet", "zed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_test_event_get_invocation_type (found), ==, "Event");

  /* Another account's events are its own. */
  g_clear_pointer (&events, g_ptr_array_unref);
  events = lf_event_store_list (f->store, "home", "greet", &error);
  g_assert_cmpuint (events->len, ==, 0);

  g_assert_true (lf_event_store_delete (f->store, "work", "greet", "zed", &error));
  g_assert_false (lf_event_store_delete (f->store, "work", "greet", "zed", &error));
  g_assert_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (lf_event_store_delete (f->store, "work", "greet", "ada", &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_store_names (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(LfTestEvent) bad = event_new ("no spaces here", "{}");
  g_autoptr(LfTestEvent) good = event_new ("ok", "{}");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = lf_event_store_dup_path (f->store, "../../etc", "greet");
  g_autofree char *function = NULL;

  g_assert_false (lf_event_store_save (f->store, NULL, "greet", bad, FALSE, &error));
  g_assert_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_INVALID_NAME);
  g_clear_error (&error);
  /* Account names never lead out of the folder. */
  g_assert_true (g_str_has_prefix (path, f->dir));
  g_assert_null (strstr (path + strlen (f->dir), ".."));
  g_assert_true (lf_event_store_save (f->store, "../../etc", "greet", good, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  function = lf_test_event_dup_function_name ("arn:aws:lambda:eu-west-1:123456789012:function:greet:prod", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (function, ==, "greet");
  g_clear_pointer (&function, g_free);
  function = lf_test_event_dup_function_name ("../greet", &error);
  g_assert_null (function);
  g_assert_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_INVALID_NAME);
}

static void
test_store_import_export (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autofree char *sam = fixture_path ("sam-shared-events.json");
  g_autofree char *single = g_build_filename (f->dir, "order created.json", NULL);
  g_autofree char *collection = g_build_filename (f->dir, "export", "all.json", NULL);
  g_autofree char *one = g_build_filename (f->dir, "export", "one.json", NULL);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfEventStore) other = NULL;
  g_autofree char *other_dir = g_build_filename (f->dir, "other", NULL);
  guint n = 0;

  /* What SAM CLI and the console share, as DescribeSchema gives it. */
  g_assert_true (lf_event_store_import (f->store, "a", "greet", sam, FALSE, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_file_set_contents (single, "{\"orderId\": 7}", -1, &error);
  g_assert_true (lf_event_store_import (f->store, "a", "greet", single, FALSE, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  /* All or nothing: the second import of the same events adds none. */
  g_assert_false (lf_event_store_import (f->store, "a", "greet", sam, FALSE, &n, &error));
  g_assert_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_EXISTS);
  g_clear_error (&error);

  events = lf_event_store_list (f->store, "a", "greet", &error);
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpstr (lf_test_event_get_name (events->pdata[2]), ==, "linus");
  g_assert_cmpstr (lf_test_event_get_name (events->pdata[3]), ==, "order-created");
  g_assert_cmpstr (lf_test_event_get_invocation_type (events->pdata[1]), ==, "Event");

  g_assert_true (lf_event_store_export (f->store, "a", "greet", NULL, collection, &error));
  g_assert_true (lf_event_store_export (f->store, "a", "greet", "grace", one, &error));
  g_assert_no_error (error);
  other = lf_event_store_new (other_dir);
  g_assert_true (lf_event_store_import (other, "b", "greet", collection, FALSE, &n, &error));
  g_assert_cmpuint (n, ==, 4);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = lf_event_store_read_file (one, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  {
    g_autoptr(JsonNode) want = parse ("{\"name\": \"Grace\", \"polite\": true}");

    assert_same_json (lf_test_event_get_payload (events->pdata[0]), want);
  }
}

/* ---- shared events: the document ------------------------------------------------------- */

static JsonNode *
sam_document (void)
{
  g_autofree char *path = fixture_path ("sam-shared-events.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = lf_json_parse_file (path, &error);
  JsonNode *document;

  g_assert_no_error (error);
  document = lf_shared_events_document_parse (
    json_object_get_string_member (json_node_get_object (answer), "Content"), &error);
  g_assert_no_error (error);
  return document;
}

static void
test_shared_document (void)
{
  g_autoptr(JsonNode) document = sam_document ();
  g_autoptr(GPtrArray) events = lf_shared_events_document_list (document);
  g_autoptr(LfTestEvent) added = event_new ("new-one", "{\"name\": \"Hedy\"}");
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  g_autoptr(JsonNode) reread = NULL;
  g_autofree char *schema_name = lf_shared_events_schema_name ("my-func");

  g_assert_cmpstr (schema_name, ==, "_my-func-schema");
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (lf_test_event_get_name (events->pdata[0]), ==, "ada");
  g_assert_cmpstr (lf_test_event_get_invocation_type (events->pdata[0]), ==, "RequestResponse");
  g_assert_cmpstr (lf_test_event_get_invocation_type (events->pdata[1]), ==, "Event");
  g_assert_null (lf_test_event_get_invocation_type (events->pdata[2]));

  lf_shared_events_document_put (document, added);
  g_assert_true (lf_shared_events_document_remove (document, "grace"));
  g_assert_false (lf_shared_events_document_remove (document, "grace"));
  content = lf_shared_events_document_to_content (document, &error);
  g_assert_no_error (error);
  reread = lf_shared_events_document_parse (content, &error);
  g_assert_no_error (error);
  after = lf_shared_events_document_list (reread);
  g_assert_cmpuint (after->len, ==, 3);
  g_assert_cmpstr (lf_test_event_get_name (after->pdata[2]), ==, "new-one");
  /* What else the console wrote is kept as it was. */
  g_assert_nonnull (json_object_get_object_member (json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (reread), "components"), "schemas"), "Event"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reread), "openapi"), ==,
                   "3.0.0");

  /* The registry keeps 100,000 characters a function. */
  {
    GString *big = g_string_new ("\"");
    g_autoptr(JsonNode) payload = NULL;
    g_autoptr(LfTestEvent) huge = NULL;
    g_autofree char *too_much = NULL;

    for (int i = 0; i < 100001; i++)
      g_string_append_c (big, 'x');
    g_string_append_c (big, '"');
    payload = parse (big->str);
    g_string_free (big, TRUE);
    huge = lf_test_event_new ("huge", payload, LF_TEST_EVENT_SAVED);
    lf_shared_events_document_put (reread, huge);
    too_much = lf_shared_events_document_to_content (reread, &error);
    g_assert_null (too_much);
    g_assert_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_TOO_LARGE);
  }
}

/* ---- shared events through the sandbox's registry -------------------------------------- */

typedef struct
{
  LfSandbox *sandbox;
  LfSchemasClient *client;
  char *dir;
} SharedFixture;

static void
shared_set_up (SharedFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autofree char *file = NULL;

  f->dir = g_dir_make_tmp ("lf-shared-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (f->dir, "schemas.json", NULL);
  f->sandbox = lf_sandbox_new ();
  lf_sandbox_set_schemas_file (f->sandbox, file);
  lf_sandbox_start (f->sandbox, 0, &error);
  g_assert_no_error (error);
  provider = lf_static_credentials_provider_new (lf_sandbox_get_credentials (f->sandbox));
  f->client = lf_schemas_client_new (provider, lf_sandbox_get_region (f->sandbox),
                                     lf_sandbox_get_url (f->sandbox), &error);
  g_assert_no_error (error);
}

static void
shared_tear_down (SharedFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_sandbox_stop_async (f->sandbox, NULL, lf_test_keep_result, &result);
  lf_sandbox_stop_finish (f->sandbox, lf_test_wait_result (&result), NULL);
  g_clear_object (&f->client);
  g_clear_object (&f->sandbox);
  remove_tree (f->dir);
  g_free (f->dir);
}

static GPtrArray *
shared_list (SharedFixture  *f,
             const char     *function,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_shared_events_list_async (f->client, function, NULL, lf_test_keep_result, &result);
  return lf_shared_events_list_finish (f->client, lf_test_wait_result (&result), error);
}

static gboolean
shared_save (SharedFixture  *f,
             LfTestEvent    *event,
             gboolean        replace,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_shared_events_save_async (f->client, "greet", event, replace, NULL, lf_test_keep_result,
                               &result);
  return lf_shared_events_change_finish (f->client, lf_test_wait_result (&result), error);
}

static gboolean
shared_delete (SharedFixture  *f,
               const char     *name,
               GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_shared_events_delete_async (f->client, "greet", name, NULL, lf_test_keep_result, &result);
  return lf_shared_events_change_finish (f->client, lf_test_wait_result (&result), error);
}

static JsonNode *
schemas_call (SharedFixture *f,
              int            operation,
              const char    *version,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (operation == 0)
    lf_schemas_client_list_schema_versions_async (f->client, LF_SHARED_EVENTS_REGISTRY,
                                                  "_greet-schema", NULL, lf_test_keep_result,
                                                  &result);
  else if (operation == 1)
    lf_schemas_client_describe_schema_async (f->client, LF_SHARED_EVENTS_REGISTRY,
                                             "_greet-schema", version, NULL,
                                             lf_test_keep_result, &result);
  else
    lf_schemas_client_list_schemas_async (f->client, LF_SHARED_EVENTS_REGISTRY, "_g", NULL,
                                          lf_test_keep_result, &result);
  return lf_schemas_client_call_finish (f->client, lf_test_wait_result (&result), error);
}

static void
test_shared_round_trip (SharedFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfTestEvent) ada = event_new ("ada", "{\"name\": \"Ada\"}");
  g_autoptr(JsonNode) versions = NULL;
  g_autoptr(JsonNode) schemas = NULL;

  /* No registry yet: no events, and no error. */
  events = shared_list (f, "greet", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);

  g_assert_true (shared_save (f, ada, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (shared_save (f, ada, FALSE, &error));
  g_assert_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_EXISTS);
  g_clear_error (&error);
  /* Saving it unchanged is no change, and no error. */
  g_assert_true (shared_save (f, ada, TRUE, &error));
  g_assert_no_error (error);

  /* Each save is a version; five are kept, as SAM CLI keeps them. */
  for (int i = 0; i < 7; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\": \"Ada\", \"n\": %d}", i);
      g_autoptr(LfTestEvent) changed = event_new ("ada", json);

      lf_test_event_set_invocation_type (changed, "Event");
      g_assert_true (shared_save (f, changed, TRUE, &error));
      g_assert_no_error (error);
    }
  versions = schemas_call (f, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (versions), "SchemaVersions")), ==, 5);
  schemas = schemas_call (f, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (schemas), "Schemas")), ==, 1);

  g_clear_pointer (&events, g_ptr_array_unref);
  events = shared_list (f, "greet", &error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (lf_test_event_get_invocation_type (events->pdata[0]), ==, "Event");

  /* The last event takes the schema with it. */
  g_assert_true (shared_delete (f, "ada", &error));
  g_assert_no_error (error);
  g_assert_false (shared_delete (f, "ada", &error));
  g_assert_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&versions, json_node_unref);
  versions = schemas_call (f, 1, NULL, &error);
  g_assert_null (versions);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_NOT_FOUND);
}

/* Events written by SAM CLI (or the console) are read as they are, and a change keeps the
 * rest of their document. */
static void
test_shared_from_sam (SharedFixture *f,
                      gconstpointer  data)
{
  g_autofree char *path = fixture_path ("sam-shared-events.json");
  g_autoptr(JsonNode) answer = lf_json_parse_file (path, NULL);
  const char *content = json_object_get_string_member (json_node_get_object (answer), "Content");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) latest = NULL;
  g_autoptr(JsonNode) document = NULL;

  lf_schemas_client_create_registry_async (f->client, LF_SHARED_EVENTS_REGISTRY, NULL,
                                           lf_test_keep_result, &result);
  g_clear_pointer (&created, json_node_unref);
  created = lf_schemas_client_call_finish (f->client, lf_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  lf_schemas_client_create_schema_async (f->client, LF_SHARED_EVENTS_REGISTRY, "_greet-schema",
                                         content, "OpenApi3", NULL, lf_test_keep_result, &result);
  g_clear_pointer (&created, json_node_unref);
  created = lf_schemas_client_call_finish (f->client, lf_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (created), "SchemaVersion"),
                   ==, "1");

  events = shared_list (f, "greet", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (lf_test_event_get_name (events->pdata[1]), ==, "grace");
  g_assert_true (shared_delete (f, "linus", &error));
  g_assert_no_error (error);

  latest = schemas_call (f, 1, NULL, &error);
  g_assert_no_error (error);
  document = lf_shared_events_document_parse (
    json_object_get_string_member (json_node_get_object (latest), "Content"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lf_shared_events_document_count (document), ==, 2);
  g_assert_true (json_object_has_member (json_object_get_object_member (json_object_get_object_member (
    json_node_get_object (document), "components"), "schemas"), "Event"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (latest), "SchemaVersion"),
                   ==, "2");
}

/* ---- forms from JSON Schemas ----------------------------------------------------------- */

static void
test_schema_draft7 (void)
{
  g_autoptr(JsonNode) schema = parse (
    "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\","
    " \"required\": [\"orderId\", \"size\"],"
    " \"properties\": {"
    "   \"orderId\": {\"type\": \"string\", \"description\": \"The order to ship.\"},"
    "   \"size\": {\"type\": \"string\", \"enum\": [\"S\", \"M\", \"L\"], \"default\": \"M\"},"
    "   \"quantity\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 99, \"default\": 2},"
    "   \"price\": {\"type\": \"number\"},"
    "   \"gift\": {\"type\": \"boolean\"},"
    "   \"email\": {\"type\": \"string\", \"format\": \"email\"},"
    "   \"shipOn\": {\"type\": [\"string\", \"null\"], \"format\": \"date\"},"
    "   \"address\": {\"$ref\": \"#/definitions/address\"},"
    "   \"lines\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}"
    " },"
    " \"definitions\": {\"address\": {\"type\": \"object\", \"properties\": {"
    "   \"city\": {\"type\": \"string\", \"default\": \"Oslo\"}}}}}");
  LfFormGenerateOptions options = { .function_name = "ship" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_generate_from_schema (&options, schema, NULL, &error);
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) want = parse (
    "{\"orderId\": \"\", \"size\": \"M\", \"quantity\": 2, \"price\": 0, \"gift\": false,"
    " \"email\": \"\", \"shipOn\": \"\", \"address\": {\"city\": \"Oslo\"}, \"lines\": []}");
  LfControl *size, *quantity, *email, *order;

  g_assert_no_error (error);
  order = lf_form_find_control (form, "orderId");
  g_assert_cmpstr (lf_control_get_string (order, "help"), ==, "Required. The order to ship.");
  size = lf_form_find_control (form, "size");
  g_assert_cmpstr (lf_control_get_kind (size)->id, ==, "dropdown");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (
                      lf_control_get_property (size, "options"))), ==, 3);
  quantity = lf_form_find_control (form, "quantity");
  g_assert_cmpfloat (json_node_get_double (lf_control_get_property (quantity, "maximum")), ==, 99);
  email = lf_form_find_control (form, "email");
  g_assert_cmpstr (lf_control_get_string (email, "placeholder"), ==, "name@example.com");
  g_assert_cmpstr (lf_control_get_kind (lf_form_find_control (form, "lines"))->id, ==, "text-area");
  g_assert_cmpstr (lf_form_get_title (form), ==, "Test ship");

  payload = rendered_payload (form);
  assert_same_json (payload, want);
  (void) email;
}

static void
count_problem_change (LfFormRuntime *runtime,
                      const char    *control,
                      guint         *n_changes)
{
  (*n_changes)++;
}

/* A schema's required members and formats are checked before anything is sent, and each
 * problem stays with its control until its value fits. */
static void
test_schema_checks (void)
{
  g_autoptr(JsonNode) schema = parse (
    "{\"type\": \"object\", \"required\": [\"orderId\"], \"properties\": {"
    " \"orderId\": {\"type\": \"string\"},"
    " \"email\": {\"type\": \"string\", \"format\": \"email\"},"
    " \"shipOn\": {\"type\": \"string\", \"format\": \"date\"}}}");
  LfFormGenerateOptions options = { .function_name = "ship" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_generate_from_schema (&options, schema, NULL, &error);
  g_autoptr(LfFormRuntime) runtime = NULL;
  guint n_changes = 0;

  g_assert_no_error (error);
  g_assert_true (lf_control_get_boolean (lf_form_find_control (form, "orderId"), "required"));
  g_assert_cmpstr (lf_control_get_string (lf_form_find_control (form, "email"), "format"), ==,
                   "email");
  runtime = lf_form_runtime_new (form, NULL, NULL, NULL);
  g_signal_connect (runtime, "control-problem-changed", G_CALLBACK (count_problem_change),
                    &n_changes);

  /* Empty and optional is fine; empty and required is not. */
  g_assert_false (lf_form_runtime_run_action (runtime, "invoke", &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Fill in “Order id”.");
  g_clear_error (&error);
  g_assert_cmpstr (lf_form_runtime_get_control_problem (runtime, "orderId"), ==,
                   "Fill in “Order id”.");
  g_assert_null (lf_form_runtime_get_control_problem (runtime, "email"));
  g_assert_cmpuint (n_changes, ==, 1);

  /* Filled in, the problem goes at once; two wrong formats are both said. */
  lf_form_runtime_set_value_from_string (runtime, "orderId", "A-17", &error);
  g_assert_no_error (error);
  g_assert_null (lf_form_runtime_get_control_problem (runtime, "orderId"));
  lf_form_runtime_set_value_from_string (runtime, "email", "ada at example", &error);
  lf_form_runtime_set_value_from_string (runtime, "shipOn", "2026-02-30", &error);
  g_assert_false (lf_form_runtime_run_action (runtime, "invoke", &error));
  lf_test_assert_message_contains (error, "“Email” must be an email address, like "
                                          "name@example.com.");
  lf_test_assert_message_contains (error, "1 more field");
  g_clear_error (&error);
  g_assert_nonnull (lf_form_runtime_get_control_problem (runtime, "shipOn"));

  lf_form_runtime_set_value_from_string (runtime, "email", "ada@example.com", &error);
  lf_form_runtime_set_value_from_string (runtime, "shipOn", "2026-02-28", &error);
  g_assert_null (lf_form_runtime_get_control_problem (runtime, "email"));
  g_assert_null (lf_form_runtime_get_control_problem (runtime, "shipOn"));
  /* Every value fits: the action goes on, to the account (none here). */
  g_assert_false (lf_form_runtime_run_action (runtime, "invoke", &error));
  g_assert_false (g_error_matches (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID));
}

/* The registry's documents are OpenAPI 3: the event schema is in components.schemas, and the
 * first shared event gives the first values. */
static void
test_schema_openapi (void)
{
  g_autoptr(JsonNode) document = sam_document ();
  g_autoptr(GPtrArray) events = lf_shared_events_document_list (document);
  LfFormGenerateOptions options = { .function_name = "greet" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) broken = parse ("{\"type\": \"object\", \"properties\": "
                                      "{\"a\": {\"$ref\": \"#/definitions/missing\"}}}");
  g_autoptr(JsonNode) loop = parse ("{\"$ref\": \"#/definitions/a\", \"definitions\": "
                                    "{\"a\": {\"$ref\": \"#/definitions/a\"}}}");
  g_autoptr(JsonNode) nothing = parse ("[1, 2]");

  form = lf_form_generate_from_schema (&options, document,
                                       lf_test_event_get_payload (events->pdata[0]), &error);
  g_assert_no_error (error);
  payload = rendered_payload (form);
  assert_same_json (payload, lf_test_event_get_payload (events->pdata[0]));

  /* The DescribeSchema answer itself, as `aws schemas describe-schema` prints it, is read too. */
  {
    g_autofree char *path = fixture_path ("sam-shared-events.json");
    g_autoptr(JsonNode) answer = lf_json_parse_file (path, &error);
    g_autoptr(LfForm) from_answer = lf_form_generate_from_schema (&options, answer, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (lf_form_find_control (from_answer, "name"));
    g_assert_true (lf_control_get_boolean (lf_form_find_control (from_answer, "name"),
                                           "required"));
  }

  g_clear_object (&form);
  form = lf_form_generate_from_schema (&options, broken, NULL, &error);
  g_assert_null (form);
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID);
  lf_test_assert_message_contains (error, "#/definitions/missing");
  g_clear_error (&error);
  form = lf_form_generate_from_schema (&options, loop, NULL, &error);
  g_assert_null (form);
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID);
  g_clear_error (&error);
  form = lf_form_generate_from_schema (&options, nothing, NULL, &error);
  g_assert_null (form);
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/events/labels", test_labels);
  g_test_add_func ("/events/generate/kinds", test_generate_kinds);
  g_test_add_func ("/events/generate/round-trip", test_generate_round_trip);
  g_test_add_func ("/events/generate/edits", test_generate_edits);
  g_test_add_func ("/events/templates", test_templates);
  g_test_add_func ("/events/templates/cloudwatch-logs", test_template_cloudwatch_logs);
  g_test_add ("/events/store/round-trip", StoreFixture, NULL, store_set_up, test_store_round_trip,
              store_tear_down);
  g_test_add ("/events/store/names", StoreFixture, NULL, store_set_up, test_store_names,
              store_tear_down);
  g_test_add ("/events/store/import-export", StoreFixture, NULL, store_set_up,
              test_store_import_export, store_tear_down);
  g_test_add_func ("/events/shared/document", test_shared_document);
  g_test_add ("/events/shared/round-trip", SharedFixture, NULL, shared_set_up,
              test_shared_round_trip, shared_tear_down);
  g_test_add ("/events/shared/from-sam", SharedFixture, NULL, shared_set_up,
              test_shared_from_sam, shared_tear_down);
  g_test_add_func ("/events/schema/draft7", test_schema_draft7);
  g_test_add_func ("/events/schema/openapi", test_schema_openapi);
  g_test_add_func ("/events/schema/checks", test_schema_checks);

  return g_test_run ();
}
