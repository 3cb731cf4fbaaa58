/* test-form-file.c: the .lambdaform format: golden round trips, every validation error,
 * unknown members, atomic saving, loading that leaves the file alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "lf-form-schema.h"
#include "lf-json-util.h"
#include "lf-form.h"

static const char * const samples[] = {
  "invoke-function.lambdaform",
  "function-details.lambdaform",
  "greeter.lambdaform",
  "function-browser.lambdaform",
};

static char *
sample_path (const char *name)
{
  return g_build_filename (SOURCE_DATADIR, "examples", name, NULL);
}

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lf-form-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d && g_dir_read_name (d))
    n++;
  return n;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_golden (gconstpointer data)
{
  g_autofree char *path = sample_path (data);
  g_autofree char *contents = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = NULL;
  g_autoptr(LfForm) again = NULL;
  g_autofree char *resaved = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  form = lf_form_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (form);
  g_assert_cmpstr (lf_form_get_title (form), !=, "");
  g_assert_cmpuint (lf_form_get_n_controls (form), >, 0);
  g_assert_cmpuint (lf_form_get_n_actions (form), >, 0);
  /* A sample is a form as it should be: it lists no problem. */
  problems = lf_form_list_problems (form);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Byte for byte: the samples are written as the saver writes. */
  saved = lf_form_to_data (form, NULL);
  g_assert_cmpstr (saved, ==, contents);

  again = lf_form_new_from_data (saved, -1, &error);
  g_assert_no_error (error);
  resaved = lf_form_to_data (again, NULL);
  g_assert_cmpstr (resaved, ==, saved);
}

static void
test_samples_content (void)
{
  g_autofree char *path = sample_path ("invoke-function.lambdaform");
  g_autoptr(LfForm) form = lf_form_new_from_file (path, NULL);
  LfAction *invoke, *list;

  g_assert_nonnull (form);
  g_assert_cmpstr (lf_form_get_title (form), ==, "Invoke a function");
  list = lf_form_find_action (form, "listFunctions");
  invoke = lf_form_find_action (form, "invoke");
  g_assert_cmpint (lf_action_get_trigger (list), ==, LF_TRIGGER_LOAD);
  g_assert_cmpint (lf_action_get_operation (invoke), ==, LF_OPERATION_INVOKE);
  g_assert_cmpint (lf_action_get_trigger (invoke), ==, LF_TRIGGER_CLICK);
  g_assert_cmpstr (lf_action_get_trigger_control (invoke), ==, "invokeButton");
  g_assert_cmpstr (lf_control_get_binding (lf_form_find_control (form, "functionPicker"),
                                           "items"), ==, "{{ listFunctions.data.Functions }}");
  g_assert_cmpstr (lf_control_get_kind (lf_form_find_control (form, "payloadArea"))->id, ==,
                   "text-area");
}

typedef struct
{
  const char *json;
  int         code;
  const char *message;   /* a part of it: the path and the sentence */
} BadCase;

static const BadCase bad_cases[] = {
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"a\", "
    "\"beside_previous\": \"yes\"}]}", LF_FORM_ERROR_INVALID,
    "$.controls[0]: “beside_previous” must be true or false, not a string" },
  { "", LF_FORM_ERROR_PARSE, "$: not JSON" },
  { "{\"format_version\": 1,", LF_FORM_ERROR_PARSE, "$: not JSON" },
  { "[1, 2]", LF_FORM_ERROR_INVALID, "$: a form is one JSON object, not a list" },
  { "{}", LF_FORM_ERROR_INVALID, "$: “format_version” is missing" },
  { "{\"format_version\": \"1\"}", LF_FORM_ERROR_INVALID,
    "$.format_version: must be a whole number, not a string" },
  { "{\"format_version\": 2}", LF_FORM_ERROR_VERSION,
    "$.format_version: the form was written by a newer LambdaForms (format 2)" },
  { "{\"format_version\": 0}", LF_FORM_ERROR_INVALID, "$.format_version: 0 is not a format" },
  { "{\"format_version\": 1, \"title\": 5}", LF_FORM_ERROR_INVALID,
    "$: “title” must be a string, not a number" },
  { "{\"format_version\": 1, \"account\": []}", LF_FORM_ERROR_INVALID,
    "$: “account” must be a string, not a list" },
  { "{\"format_version\": 1, \"controls\": {}}", LF_FORM_ERROR_INVALID,
    "$: “controls” must be a list, not an object" },
  { "{\"format_version\": 1, \"actions\": 1}", LF_FORM_ERROR_INVALID,
    "$: “actions” must be a list" },
  { "{\"format_version\": 1, \"controls\": [3]}", LF_FORM_ERROR_INVALID,
    "$.controls[0]: must be an object, not a number" },
  { "{\"format_version\": 1, \"controls\": [{\"name\": \"a\"}]}", LF_FORM_ERROR_INVALID,
    "$.controls[0]: “kind” is missing" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"text-feild\", \"name\": \"a\"}]}",
    LF_FORM_ERROR_INVALID,
    "$.controls[0]: “text-feild” is not a control kind (did you mean “text-field”?)" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\"}]}", LF_FORM_ERROR_INVALID,
    "$.controls[0]: “name” is missing" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"a-b\"}]}",
    LF_FORM_ERROR_INVALID, "$.controls[0]: “a-b” is not a name" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"a\", "
    "\"properties\": []}]}", LF_FORM_ERROR_INVALID,
    "$.controls[0]: “properties” must be an object, not a list" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"a\", "
    "\"properties\": {\"lable\": \"x\"}}]}", LF_FORM_ERROR_INVALID,
    "$.controls[0].properties.lable: a Label has no property “lable” (did you mean “label”?)" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"switch\", \"name\": \"a\", "
    "\"properties\": {\"value\": \"yes\"}}]}", LF_FORM_ERROR_INVALID,
    "$.controls[0].properties.value: must be true or false, not a string" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"dropdown\", \"name\": \"a\", "
    "\"properties\": {\"options\": [{\"value\": 1}]}}]}", LF_FORM_ERROR_INVALID,
    "$.controls[0].properties.options: option 0 needs a \"label\" string" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"status\", \"name\": \"a\", "
    "\"properties\": {\"tone\": \"pink\"}}]}", LF_FORM_ERROR_INVALID,
    "$.controls[0].properties.tone: must be one of \"auto\"" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"a\", "
    "\"bindings\": {\"help\": \"{{ a.value }}\"}}]}", LF_FORM_ERROR_INVALID,
    "$.controls[0].bindings.help: “help” of a Label cannot be bound" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"a\", "
    "\"bindings\": {\"value\": 1}}]}", LF_FORM_ERROR_INVALID,
    "$.controls[0].bindings.value: a binding must be a template string, not a number" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"a\", "
    "\"bindings\": {\"value\": \"x {{ b.value\"}}]}", LF_FORM_ERROR_INVALID,
    "$.controls[0].bindings.value: 1:3: “{{” is never closed by “}}”" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"a\"}, "
    "{\"kind\": \"label\", \"name\": \"a\"}]}", LF_FORM_ERROR_INVALID,
    "$.controls[1].name: “a” is taken" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"a\"}], "
    "\"actions\": [{\"name\": \"a\", \"operation\": \"ListFunctions\"}]}", LF_FORM_ERROR_INVALID,
    "$.actions[0].name: “a” is taken" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\"}]}", LF_FORM_ERROR_INVALID,
    "$.actions[0]: “operation” is missing" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"Invoek\"}]}",
    LF_FORM_ERROR_INVALID, "$.actions[0]: “Invoek” is not an operation: ListFunctions, "
    "GetFunction, Invoke or DeleteFunction (did you mean “Invoke”?)" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"Invoke\"}]}",
    LF_FORM_ERROR_INVALID, "$.actions[0]: Invoke needs the parameter “function_name”" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"Invoke\", "
    "\"account\": 3, \"parameters\": {\"function_name\": \"f\"}}]}", LF_FORM_ERROR_INVALID,
    "$.actions[0]: “account” must be a string, not a number" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"Invoke\", "
    "\"parameters\": {\"function_name\": \"f\", \"paylod\": \"{}\"}}]}", LF_FORM_ERROR_INVALID,
    "$.actions[0].parameters.paylod: Invoke takes no parameter “paylod”; it takes "
    "function_name, qualifier, invocation_type, log_type, stream, payload, client_context "
    "(did you mean “payload”?)" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"Invoke\", "
    "\"parameters\": {\"function_name\": true}}]}", LF_FORM_ERROR_INVALID,
    "$.actions[0].parameters.function_name: a parameter must be a template string, not true "
    "or false" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"Invoke\", "
    "\"parameters\": {\"function_name\": \"f\", \"payload\": \"{\\\"a\\\": \"}}]}",
    LF_FORM_ERROR_INVALID, "$.actions[0].parameters.payload: not JSON, whatever the "
    "expressions give" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"Invoke\", "
    "\"parameters\": {\"function_name\": \"f\", \"invocation_type\": \"Evnt\"}}]}",
    LF_FORM_ERROR_INVALID, "$.actions[0].parameters.invocation_type: “Evnt” is not one of "
    "RequestResponse, Event, DryRun (did you mean “Event”?)" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"Invoke\", "
    "\"parameters\": {\"function_name\": \"f\", \"log_type\": \"All\"}}]}",
    LF_FORM_ERROR_INVALID, "$.actions[0].parameters.log_type: “All” is not one of None, Tail" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"trigger\": \"load\"}]}", LF_FORM_ERROR_INVALID,
    "$.actions[0]: “trigger” must be an object, not a string" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"trigger\": {\"on\": \"lod\"}}]}", LF_FORM_ERROR_INVALID,
    "$.actions[0].trigger: “lod” is not a trigger: click, load, change or none (did you mean "
    "“load”?)" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"trigger\": {\"on\": \"click\"}}]}", LF_FORM_ERROR_INVALID,
    "$.actions[0].trigger: a “click” trigger needs the “control” it listens to" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"on_success\": {\"set\": {\"a\": 1}}}]}", LF_FORM_ERROR_INVALID,
    "$.actions[0].on_success.set.a: what a control is set to must be a template string" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"on_success\": {\"run\": 1}}]}", LF_FORM_ERROR_INVALID,
    "$.actions[0].on_success: “run” must be a string, not a number" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"on_failure\": {\"show_error_in\": false}}]}", LF_FORM_ERROR_INVALID,
    "$.actions[0].on_failure: “show_error_in” must be a string" },
  /* Valid alone, wrong together: references. */
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"trigger\": {\"on\": \"click\", \"control\": \"go\"}}]}", LF_FORM_ERROR_REFERENCE,
    "$.actions[0].trigger.control: no control is named “go”" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"go\"}], "
    "\"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"trigger\": {\"on\": \"click\", \"control\": \"go\"}}]}", LF_FORM_ERROR_REFERENCE,
    "$.actions[0].trigger.control: “go” is a Label: only buttons are clicked" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"button\", \"name\": \"go\"}], "
    "\"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"trigger\": {\"on\": \"change\", \"control\": \"go\"}}]}", LF_FORM_ERROR_REFERENCE,
    "$.actions[0].trigger.control: “go” is a Button, whose value never changes" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"on_success\": {\"run\": \"y\"}}]}", LF_FORM_ERROR_REFERENCE,
    "$.actions[0].on_success.run: no action is named “y”" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"button\", \"name\": \"go\"}], "
    "\"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"on_success\": {\"set\": {\"go\": \"1\"}}}]}", LF_FORM_ERROR_REFERENCE,
    "$.actions[0].on_success.set.go: “go” is a Button, which has no value to set" },
  { "{\"format_version\": 1, \"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\", "
    "\"on_failure\": {\"show_error_in\": \"nowhere\"}}]}", LF_FORM_ERROR_REFERENCE,
    "$.actions[0].on_failure.show_error_in: no control is named “nowhere”" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"dropdown\", \"name\": \"d\", "
    "\"properties\": {\"label_path\": \"F[0:2:1]\"}}]}", LF_FORM_ERROR_INVALID,
    "“F[0:2:1]”: a slice takes no step" },
  { "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"sent\", "
    "\"bindings\": {\"value\": \"{{ x.requests.path }}\"}}], "
    "\"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\"}]}", LF_FORM_ERROR_REFERENCE,
    "the action “x” has no “requests”: it has state, status, data, error and request (did you "
    "mean “request”?)" },
};

/* A problem of @form with @code whose message holds @part, or NULL. */
static const GError *
find_problem (GPtrArray  *problems,
              int         code,
              const char *part)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = problems->pdata[i];

      if (problem->domain == LF_FORM_ERROR && problem->code == code &&
          strstr (problem->message, part) != NULL)
        return problem;
    }
  return NULL;
}

/* What is not a form at all is refused with the path and the sentence; anything else opens
 * with the problem listed, and saving it loses nothing: it reads back with the same problems. */
static void
test_invalid (gconstpointer data)
{
  const BadCase *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_new_from_data (bad->json, -1, &error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) reread_problems = NULL;
  g_autoptr(LfForm) reread = NULL;
  g_autofree char *saved = NULL;

  if (form == NULL)
    {
      g_assert_nonnull (error);
      if (error->domain != LF_FORM_ERROR || error->code != bad->code ||
          strstr (error->message, bad->message) == NULL)
        g_error ("%s\n  gave: %s (%d)\n  wanted: %s (%d)", bad->json, error->message,
                 error->code, bad->message, bad->code);
      return;
    }
  problems = lf_form_list_problems (form);
  if (find_problem (problems, bad->code, bad->message) == NULL)
    g_error ("%s\n  opened with %u problems, none of them: %s (%d)", bad->json, problems->len,
             bad->message, bad->code);
  saved = lf_form_to_data (form, NULL);
  reread = lf_form_new_from_data (saved, -1, &error);
  g_assert_no_error (error);
  reread_problems = lf_form_list_problems (reread);
  g_assert_cmpuint (reread_problems->len, ==, problems->len);
  g_assert_nonnull (find_problem (reread_problems, bad->code, bad->message));
}

/* What was sent can be shown in the form, as the results panel shows it. */
static void
test_request_member (void)
{
  const char *input =
    "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"sent\", "
    "\"bindings\": {\"value\": \"{{ x.request.path }}\"}}], "
    "\"actions\": [{\"name\": \"x\", \"operation\": \"ListFunctions\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_new_from_data (input, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (lf_control_get_binding (lf_form_find_control (form, "sent"), "value"), ==,
                   "{{ x.request.path }}");
}

static void
test_beside_previous (void)
{
  const char *input =
    "{\"format_version\": 1, \"controls\": ["
    "{\"kind\": \"text-field\", \"name\": \"first\"}, "
    "{\"kind\": \"text-field\", \"name\": \"last\", \"beside_previous\": true}, "
    "{\"kind\": \"button\", \"name\": \"go\", \"beside_previous\": false}], "
    "\"actions\": []}";
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_new_from_data (input, -1, &error);
  g_autoptr(LfForm) again = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *resaved = NULL;

  g_assert_no_error (error);
  g_assert_false (lf_control_get_beside_previous (lf_form_find_control (form, "first")));
  g_assert_true (lf_control_get_beside_previous (lf_form_find_control (form, "last")));
  g_assert_false (lf_control_get_beside_previous (lf_form_find_control (form, "go")));

  /* Round trip: read back, the same layout, and the same bytes when saved again. */
  lf_form_set_control_beside_previous (form, lf_form_find_control (form, "go"), TRUE);
  saved = lf_form_to_data (form, NULL);
  again = lf_form_new_from_data (saved, -1, &error);
  g_assert_no_error (error);
  g_assert_true (lf_control_get_beside_previous (lf_form_find_control (again, "last")));
  g_assert_true (lf_control_get_beside_previous (lf_form_find_control (again, "go")));
  g_assert_false (lf_control_get_beside_previous (lf_form_find_control (again, "first")));
  resaved = lf_form_to_data (again, NULL);
  g_assert_cmpstr (resaved, ==, saved);
}

static void
test_unknown_members (void)
{
  const char *input =
    "{\"format_version\": 1, \"future_setting\": {\"deep\": [1, 2]}, \"title\": \"T\", "
    "\"controls\": [{\"kind\": \"text-field\", \"name\": \"a\", \"layout\": {\"column\": 2}}], "
    "\"actions\": [{\"name\": \"l\", \"operation\": \"ListFunctions\", \"retry\": 3, "
    "\"trigger\": {\"on\": \"load\", \"delay_ms\": 10}}], \"zzz\": null}";
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_new_from_data (input, -1, &error);
  g_autoptr(JsonNode) label = json_node_init_string (json_node_alloc (), "Edited");
  g_autofree char *saved = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *control, *action;

  g_assert_no_error (error);
  /* Edited, then saved: what this version does not know is still there, where it was. */
  lf_form_set_control_property (form, lf_form_find_control (form, "a"), "label", label, &error);
  lf_form_add_control (form, "button", -1, &error);
  g_assert_no_error (error);
  saved = lf_form_to_data (form, NULL);
  root = json_from_string (saved, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);

  {
    g_autoptr(GList) members = json_object_get_members (object);

    g_assert_cmpstr (g_list_nth_data (members, 1), ==, "future_setting");
    g_assert_cmpstr (g_list_last (members)->data, ==, "zzz");
  }
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (
                     json_object_get_object_member (object, "future_setting"), "deep"), 1), ==, 2);
  control = json_array_get_object_element (json_object_get_array_member (object, "controls"), 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (control, "layout"),
                                               "column"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (control,
                                                                                 "properties"),
                                                  "label"), ==, "Edited");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "controls")), ==,
                    2);
  action = json_array_get_object_element (json_object_get_array_member (object, "actions"), 0);
  g_assert_cmpint (json_object_get_int_member (action, "retry"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (action, "trigger"),
                                               "delay_ms"), ==, 10);
}

static void
test_load_leaves_file (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "form.lambdaform", NULL);
  g_autofree char *source = sample_path ("invoke-function.lambdaform");
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  struct stat before_st, after_st;
  struct utimbuf times = { 1000000000, 1000000000 };

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  /* A file with odd spacing, read-only, with an old time stamp. */
  {
    g_autofree char *odd = g_strconcat ("\n\n", contents, "   ", NULL);

    g_assert_true (g_file_set_contents (path, odd, -1, &error));
    g_free (contents);
    contents = g_steal_pointer (&odd);
  }
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_utime (path, &times), ==, 0);
  g_assert_cmpint (g_stat (path, &before_st), ==, 0);

  {
    g_autoptr(LfForm) form = lf_form_new_from_file (path, &error);

    g_assert_no_error (error);
    lf_form_add_control (form, "label", -1, NULL);
  }

  g_assert_cmpint (g_stat (path, &after_st), ==, 0);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);
  g_assert_cmpint (after_st.st_mtime, ==, before_st.st_mtime);
  g_assert_cmpint (after_st.st_ino, ==, before_st.st_ino);
  g_assert_cmpint (after_st.st_mode, ==, before_st.st_mode);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  g_chmod (path, 0644);
  remove_dir (dir);
}

static void
test_save_atomic (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "form.lambdaform", NULL);
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *old_contents = NULL;
  g_autofree char *new_contents = NULL;
  g_autoptr(LfForm) loaded = NULL;
  char buffer[4096];
  gssize n;
  int old_fd;
  struct stat st;

  lf_form_set_setting (form, "title", "First", NULL);
  g_assert_true (lf_form_save_to_file (form, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (g_file_get_contents (path, &old_contents, NULL, NULL));

  /* A reader holding the old file keeps reading all of the old file: the new one replaced it
   * by a rename, never by writing over it. */
  old_fd = g_open (path, O_RDONLY, 0);
  g_assert_cmpint (old_fd, >=, 0);
  lf_form_set_setting (form, "title", "Second", NULL);
  lf_form_add_control (form, "text-area", -1, NULL);
  g_assert_true (lf_form_save_to_file (form, path, &error));
  n = read (old_fd, buffer, sizeof buffer - 1);
  g_assert_cmpint (n, >, 0);
  buffer[n] = '\0';
  g_assert_cmpstr (buffer, ==, old_contents);
  close (old_fd);

  loaded = lf_form_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_form_get_title (loaded), ==, "Second");
  g_assert_true (g_file_get_contents (path, &new_contents, NULL, NULL));
  first = lf_form_to_data (form, NULL);
  g_assert_cmpstr (new_contents, ==, first);
  /* The mode of the file it replaced is kept, and no temporary file is left. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  remove_dir (dir);
}

static void
test_save_fails_cleanly (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *target = g_build_filename (dir, "busy", NULL);
  g_autofree char *inside = g_build_filename (target, "keep", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "form.lambdaform", NULL);
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(GError) error = NULL;

  /* The rename fails (a folder is in the way): the folder is untouched, no temporary left. */
  g_assert_cmpint (g_mkdir (target, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", -1, NULL));
  g_assert_false (lf_form_save_to_file (form, target, &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (g_file_test (inside, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_entries (dir), ==, 1);

  g_assert_false (lf_form_save_to_file (form, missing, &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO);

  remove_dir (dir);
}

/* The write itself fails half way (the file size limit is reached): the old file stays whole
 * and no temporary file is left. Run in a child, since the limit is the process's. */
static void
test_save_write_fails (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "form.lambdaform", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(LfForm) small = lf_form_new ();

  g_assert_true (lf_form_save_to_file (small, path, NULL));
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  if (g_test_subprocess ())
    {
      g_autofree char *child_path = g_strdup (g_getenv ("LF_TEST_FORM_PATH"));
      g_autoptr(LfForm) big = lf_form_new ();
      g_autoptr(GError) error = NULL;
      struct rlimit limit = { 64, 64 };

      for (guint i = 0; i < 20; i++)
        lf_form_add_control (big, "text-area", -1, NULL);
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (lf_form_save_to_file (big, child_path, &error));
      g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "Could not write the form"));
      return;
    }

  g_setenv ("LF_TEST_FORM_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

/* The validating constructors check what the loader checks, name the object "$", and keep
 * a copy: changing the object afterwards changes nothing in the part. */
static void
test_parts_from_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) good = lf_json_parse ("{\"name\": \"go\", \"operation\": \"Invoke\", "
                                            "\"parameters\": {\"function_name\": \"f\"}}",
                                            -1, NULL);
  g_autoptr(JsonNode) bad = lf_json_parse ("{\"name\": \"go\", \"operation\": \"Invoke\", "
                                           "\"parameters\": {\"functon_name\": \"f\"}}",
                                           -1, NULL);
  g_autoptr(JsonNode) field = lf_json_parse ("{\"kind\": \"text-field\", \"name\": \"who\", "
                                             "\"properties\": {\"label\": \"Who\"}}", -1, NULL);
  g_autoptr(JsonNode) unknown = lf_json_parse ("{\"kind\": \"slider\", \"name\": \"x\"}", -1,
                                               NULL);
  g_autoptr(LfAction) action = NULL;
  g_autoptr(LfAction) refused = NULL;
  g_autoptr(LfControl) control = NULL;
  g_autoptr(LfControl) no_control = NULL;

  action = lf_action_new_from_json (json_node_get_object (good), &error);
  g_assert_no_error (error);
  json_object_set_string_member (json_object_get_object_member (json_node_get_object (good),
                                                                "parameters"),
                                 "function_name", "changed");
  g_assert_cmpstr (lf_action_get_parameter (action, "function_name"), ==, "f");

  refused = lf_action_new_from_json (json_node_get_object (bad), &error);
  g_assert_null (refused);
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "$.parameters.functon_name: "));
  g_assert_nonnull (strstr (error->message, "function_name"));
  g_clear_error (&error);

  control = lf_control_new_from_json (json_node_get_object (field), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_control_get_label (control), ==, "Who");
  no_control = lf_control_new_from_json (json_node_get_object (unknown), &error);
  g_assert_null (no_control);
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "$: "));
}

/* One identifier rule: a name the form accepts is exactly a name a template can read as the
 * root of a path, and names stop at the limit. */
static void
test_one_name_rule (void)
{
  static const char * const words[] = {
    "who", "_x", "a1", "A_b_9", "1a", "a-b", "a b", "", "é", "a.b", "x$", "__", "Z", NULL
  };
  g_autofree char *longest = g_strnfill (LF_FORM_NAME_MAX_LENGTH, 'n');
  g_autofree char *too_long = g_strnfill (LF_FORM_NAME_MAX_LENGTH + 1, 'n');

  for (guint i = 0; words[i]; i++)
    {
      g_autofree char *text = g_strdup_printf ("{{ %s }}", words[i]);
      g_autoptr(LfTemplate) template = lf_template_new (text, NULL);
      gboolean readable = template != NULL && lf_template_get_n_references (template) == 1 &&
                          g_str_equal (lf_template_get_reference (template, 0)->root, words[i]);

      g_assert_cmpint (lf_form_schema_is_identifier (words[i]), ==, readable);
      g_assert_cmpint (lf_form_schema_check_name (words[i], NULL), ==, readable);
    }
  g_assert_true (lf_form_schema_check_name (longest, NULL));
  g_assert_false (lf_form_schema_check_name (too_long, NULL));
  g_assert_true (lf_form_schema_is_identifier (too_long));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *name = g_strdup_printf ("/form-file/golden/%s", samples[i]);

      g_test_add_data_func (name, samples[i], test_golden);
    }
  g_test_add_func ("/form-file/samples-content", test_samples_content);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/form-file/invalid/%02u", i);

      g_test_add_data_func (name, &bad_cases[i], test_invalid);
    }
  g_test_add_func ("/form-file/beside-previous", test_beside_previous);
  g_test_add_func ("/form-file/parts-from-json", test_parts_from_json);
  g_test_add_func ("/form-file/one-name-rule", test_one_name_rule);
  g_test_add_func ("/form-file/request-member", test_request_member);
  g_test_add_func ("/form-file/unknown-members", test_unknown_members);
  g_test_add_func ("/form-file/load-leaves-file", test_load_leaves_file);
  g_test_add_func ("/form-file/save-atomic", test_save_atomic);
  g_test_add_func ("/form-file/save-fails-cleanly", test_save_fails_cleanly);
  g_test_add_func ("/form-file/save-write-fails", test_save_write_fails);

  return g_test_run ();
}
