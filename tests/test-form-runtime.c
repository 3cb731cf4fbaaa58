/* test-form-runtime.c: forms run against the local sandbox, in process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <libsoup/soup.h>
#include <string.h>

#include "lf-aws-error.h"
#include "lf-form-runtime.h"
#include "lf-sandbox.h"
#include "lf-static-credentials-provider.h"
#include "lf-test-core.h"

typedef struct
{
  LfSandbox *sandbox;
  guint      factory_calls;
  GPtrArray *events;      /* "control.property" and "action:state", in order */
} Fixture;

static LfLambdaClient *
factory (const char  *account,
         const char  *region,
         gpointer     user_data,
         GError     **error)
{
  Fixture *f = user_data;
  g_autoptr(LfCredentialsProvider) provider = NULL;

  f->factory_calls++;
  if (g_strcmp0 (account, "nobody") == 0)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_ACCOUNT, "There is no account “nobody”");
      return NULL;
    }
  provider = lf_static_credentials_provider_new (lf_sandbox_get_credentials (f->sandbox));
  return lf_lambda_client_new (provider, lf_sandbox_get_region (f->sandbox),
                               lf_sandbox_get_url (f->sandbox), error);
}

static void
on_value_changed (LfFormRuntime *runtime,
                  const char    *control,
                  const char    *property,
                  Fixture       *f)
{
  g_ptr_array_add (f->events, g_strdup_printf ("%s.%s", control, property));
}

static void
on_state_changed (LfFormRuntime *runtime,
                  const char    *action,
                  int            state,
                  Fixture       *f)
{
  g_ptr_array_add (f->events, g_strdup_printf ("%s:%s", action, lf_action_state_to_string (state)));
}

static guint
count_events (Fixture    *f,
              const char *event)
{
  guint n = 0;

  for (guint i = 0; i < f->events->len; i++)
    n += g_str_equal (f->events->pdata[i], event);
  return n;
}

/* A custom runtime whose every answer is 100,000 opening brackets, raw: JSON no parser without
 * a nesting limit survives. Written once, in a folder of the test's own. */
static char *deep_functions;

static const char deep_bootstrap[] =
  "#!/usr/bin/python3\n"
  "import os, urllib.request\n"
  "api = 'http://' + os.environ['AWS_LAMBDA_RUNTIME_API'] + '/2018-06-01/runtime'\n"
  "while True:\n"
  "    with urllib.request.urlopen(api + '/invocation/next') as answer:\n"
  "        request_id = answer.headers['Lambda-Runtime-Aws-Request-Id']\n"
  "        answer.read()\n"
  "    post = urllib.request.Request(api + '/invocation/' + request_id + '/response',\n"
  "                                  data=b'[' * 100000, method='POST')\n"
  "    urllib.request.urlopen(post).read()\n";

static void
write_deep_function (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *config = NULL;
  g_autofree char *bootstrap = NULL;

  deep_functions = g_dir_make_tmp ("lf-deep-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_build_filename (deep_functions, "deep", NULL);
  g_mkdir (folder, 0755);
  config = g_build_filename (folder, "function.json", NULL);
  bootstrap = g_build_filename (folder, "bootstrap", NULL);
  g_assert_true (g_file_set_contents (config, "{\"name\": \"deep\", \"runtime\": \"provided\", "
                                              "\"handler\": \"none\", \"timeout\": 10}",
                                      -1, &error));
  g_assert_true (g_file_set_contents (bootstrap, deep_bootstrap, -1, &error));
  g_chmod (bootstrap, 0755);
}

static void
remove_deep_function (void)
{
  g_autofree char *folder = g_build_filename (deep_functions, "deep", NULL);
  g_autofree char *config = g_build_filename (folder, "function.json", NULL);
  g_autofree char *bootstrap = g_build_filename (folder, "bootstrap", NULL);

  g_unlink (config);
  g_unlink (bootstrap);
  g_rmdir (folder);
  g_rmdir (deep_functions);
  g_free (deep_functions);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *samples = lf_sandbox_find_data_dir ("functions");

  f->sandbox = lf_sandbox_new ();
  g_assert_nonnull (samples);
  lf_sandbox_add_functions_dir (f->sandbox, samples, &error);
  g_assert_no_error (error);
  lf_sandbox_add_functions_dir (f->sandbox, deep_functions, &error);
  g_assert_no_error (error);
  lf_sandbox_start (f->sandbox, 0, &error);
  g_assert_no_error (error);
  f->events = g_ptr_array_new_with_free_func (g_free);
}

static void
on_stopped (GObject *source, GAsyncResult *result, gpointer user_data)
{
  lf_sandbox_stop_finish (LF_SANDBOX (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer flag)
{
  return *(gboolean *) flag;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gboolean stopped = FALSE;

  lf_sandbox_stop_async (f->sandbox, NULL, on_stopped, &stopped);
  lf_test_wait_until (is_true, &stopped, "the sandbox to stop");
  g_clear_object (&f->sandbox);
  g_clear_pointer (&f->events, g_ptr_array_unref);
}

static gboolean
is_idle (gpointer runtime)
{
  return !lf_form_runtime_is_busy (runtime);
}

/* Runs the main loop until nothing runs or waits; fails rather than hangs. */
static void
wait_idle (LfFormRuntime *runtime)
{
  lf_test_wait_until (is_idle, runtime, "the runtime to be idle");
}

static LfFormRuntime *
runtime_for (Fixture *f,
             LfForm  *form)
{
  LfFormRuntime *runtime = lf_form_runtime_new (form, factory, f, NULL);

  g_signal_connect (runtime, "value-changed", G_CALLBACK (on_value_changed), f);
  g_signal_connect (runtime, "action-state-changed", G_CALLBACK (on_state_changed), f);
  lf_form_runtime_set_debounce (runtime, 5);
  return runtime;
}

static LfForm *
load_sample (const char *name)
{
  g_autofree char *path = g_build_filename (SOURCE_DATADIR, "examples", name, NULL);
  g_autoptr(GError) error = NULL;
  LfForm *form = lf_form_new_from_file (path, &error);

  g_assert_no_error (error);
  return form;
}

static LfForm *
inline_form (const char *json)
{
  g_autoptr(GError) error = NULL;
  LfForm *form = lf_form_new_from_data (json, -1, &error);

  g_assert_no_error (error);
  return form;
}

static const char *
value_string (LfFormRuntime *runtime,
              const char    *control)
{
  JsonNode *node = lf_form_runtime_get_value (runtime, control);

  g_assert_nonnull (node);
  return json_node_get_string (node);
}

static void
set_string (LfFormRuntime *runtime,
            const char    *control,
            const char    *text)
{
  g_autoptr(GError) error = NULL;

  lf_form_runtime_set_value_from_string (runtime, control, text, &error);
  g_assert_no_error (error);
}

static void
test_greeter (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(LfForm) form = load_sample ("greeter.lambdaform");
  g_autoptr(LfFormRuntime) runtime = runtime_for (f, form);
  g_autoptr(GError) error = NULL;

  lf_form_runtime_start (runtime, TRUE);
  g_assert_cmpstr (value_string (runtime, "status"), ==, "idle");
  /* Quotes and a backslash go into the payload's string escaped, and come back intact. */
  set_string (runtime, "name", "Ada \"the\" Count\\ess");
  g_assert_true (lf_form_runtime_click (runtime, "greetButton", &error));
  g_assert_no_error (error);
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "greet"), ==,
                   LF_ACTION_STATE_RUNNING);
  g_assert_cmpstr (value_string (runtime, "status"), ==, "running");
  wait_idle (runtime);

  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "greet"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (value_string (runtime, "greeting"), ==, "Hello, Ada \"the\" Count\\ess!");
  g_assert_cmpstr (value_string (runtime, "status"), ==, "succeeded");
  g_assert_cmpuint (count_events (f, "greeting.value"), ==, 1);
  g_assert_cmpuint (count_events (f, "greet:succeeded"), ==, 1);
  g_assert_cmpuint (f->factory_calls, ==, 1);

  /* The request as sent, and nothing of the sandbox's credentials in it. */
  {
    LfCredentials *credentials = lf_sandbox_get_credentials (f->sandbox);
    JsonNode *request = lf_form_runtime_get_action_request (runtime, "greet");
    g_autofree char *text = json_to_string (request, FALSE);

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                       json_node_get_object (request), "payload"), "name"), ==,
                     "Ada \"the\" Count\\ess");
    g_assert_null (strstr (text, lf_credentials_get_access_key_id (credentials)));
    g_assert_null (strstr (text, lf_credentials_get_secret_access_key (credentials)));
  }

  /* A second run uses the same client. */
  g_assert_true (lf_form_runtime_run_action (runtime, "greet", &error));
  wait_idle (runtime);
  g_assert_cmpuint (f->factory_calls, ==, 1);
}

static void
test_invoke_form (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(LfForm) form = load_sample ("invoke-function.lambdaform");
  g_autoptr(LfFormRuntime) runtime = runtime_for (f, form);
  g_autoptr(GError) error = NULL;
  g_autofree char *response = NULL;
  const char *chosen;
  JsonNode *options;
  JsonNode *result;

  lf_form_runtime_start (runtime, TRUE);
  g_assert_true (lf_form_runtime_is_busy (runtime));
  wait_idle (runtime);

  /* The dropdown is filled by ListFunctions on load; it keeps the form's own choice, a listed
   * function, or else chooses the first. */
  options = lf_form_runtime_get_property (runtime, "functionPicker", "options");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (options)), >=, 6);
  chosen = lf_control_get_string (lf_form_find_control (form, "functionPicker"), "value");
  if (chosen == NULL)
    chosen = json_object_get_string_member (json_array_get_object_element (
                                              json_node_get_array (options), 0), "label");
  g_assert_cmpstr (value_string (runtime, "functionPicker"), ==, chosen);
  g_assert_false (lf_control_get_boolean (lf_form_find_control (form, "errorMessage"), "value"));
  g_assert_false (json_node_get_boolean (lf_form_runtime_get_property (runtime, "errorMessage",
                                                                       "visible")));

  set_string (runtime, "functionPicker", "echo");
  set_string (runtime, "payloadArea", "{\"a\": [1, \"two\"]}");
  g_assert_true (lf_form_runtime_click (runtime, "invokeButton", &error));
  wait_idle (runtime);
  g_assert_no_error (error);

  response = json_to_string (lf_form_runtime_get_value (runtime, "response"), FALSE);
  g_assert_cmpstr (response, ==, "{\"a\":[1,\"two\"]}");
  g_assert_nonnull (strstr (value_string (runtime, "log"), "START RequestId"));
  g_assert_cmpstr (value_string (runtime, "status"), ==, "succeeded");
  result = lf_form_runtime_get_action_result (runtime, "invoke");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (result), "status"), ==, 200);

  /* A failing function: the error and its answer are both kept. */
  set_string (runtime, "functionPicker", "fail");
  g_assert_true (lf_form_runtime_click (runtime, "invokeButton", NULL));
  wait_idle (runtime);
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "invoke"), ==,
                   LF_ACTION_STATE_FAILED);
  g_assert_error ((GError *) lf_form_runtime_get_action_error (runtime, "invoke"), LF_AWS_ERROR,
                  LF_AWS_ERROR_FUNCTION);
  g_assert_nonnull (strstr (value_string (runtime, "errorMessage"), "The order was rejected"));
  g_assert_true (json_node_get_boolean (lf_form_runtime_get_property (runtime, "errorMessage",
                                                                      "visible")));
  g_assert_cmpstr (value_string (runtime, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (
                     lf_form_runtime_get_value (runtime, "response")), "errorType"), ==,
                   "OrderRejected");

  /* A payload that is not JSON is refused before anything is sent. */
  set_string (runtime, "functionPicker", "echo");
  set_string (runtime, "payloadArea", "{oops");
  g_assert_false (lf_form_runtime_run_action (runtime, "invoke", &error));
  g_assert_error (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "$.actions[1].parameters.payload: 1:4:"));
  g_assert_nonnull (strstr (error->message, "{{ payloadArea.value }}"));
  g_assert_false (lf_form_runtime_is_busy (runtime));
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "invoke"), ==,
                   LF_ACTION_STATE_FAILED);
}

static void
test_function_details (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(LfForm) form = load_sample ("function-details.lambdaform");
  g_autoptr(LfFormRuntime) runtime = runtime_for (f, form);
  g_autofree char *count = NULL;
  JsonNode *rows;
  gboolean found = FALSE;

  lf_form_runtime_start (runtime, TRUE);
  wait_idle (runtime);

  /* Load lists, the dropdown picks the first, its change runs GetFunction into the table. */
  g_assert_cmpuint (count_events (f, "details:succeeded"), ==, 1);
  g_assert_cmpstr (value_string (runtime, "status"), ==, "succeeded");
  count = g_strdup_printf ("%u", lf_sandbox_registry_get_n_functions (
                            lf_sandbox_get_registry (f->sandbox)));
  g_assert_cmpstr (value_string (runtime, "functionCount"), ==, count);
  rows = lf_form_runtime_get_property (runtime, "configuration", "rows");
  for (guint i = 0; i < json_array_get_length (json_node_get_array (rows)); i++)
    {
      JsonObject *row = json_array_get_object_element (json_node_get_array (rows), i);

      if (g_str_equal (json_object_get_string_member (row, "key"), "FunctionName"))
        {
          g_assert_cmpstr (json_object_get_string_member (row, "value"), ==,
                           value_string (runtime, "functionPicker"));
          found = TRUE;
        }
    }
  g_assert_true (found);

  /* Two changes before the debounce ends make one run, for the last value. */
  g_ptr_array_set_size (f->events, 0);
  set_string (runtime, "functionPicker", "greet");
  set_string (runtime, "functionPicker", "echo");
  wait_idle (runtime);
  g_assert_cmpuint (count_events (f, "details:running"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (
                     lf_form_runtime_get_value (runtime, "configuration")), "FunctionName"), ==,
                   "echo");
}

static const char *bindings_form =
  "{\"format_version\": 1, \"controls\": ["
  "{\"kind\": \"text-field\", \"name\": \"a\"},"
  "{\"kind\": \"text-field\", \"name\": \"b\"},"
  "{\"kind\": \"label\", \"name\": \"la\", \"bindings\": {\"value\": \"A={{ a.value }}\"}},"
  "{\"kind\": \"label\", \"name\": \"lb\", \"bindings\": {\"value\": \"B={{ b.text }}\"}},"
  "{\"kind\": \"label\", \"name\": \"both\", \"bindings\": {\"value\": \"{{ la.value }}+"
  "{{ lb.value }}\", \"visible\": \"{{ b.value }}\"}}]}";

static void
test_exact_bindings (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(LfForm) form = inline_form (bindings_form);
  g_autoptr(LfFormRuntime) runtime = runtime_for (f, form);
  guint before;

  g_assert_cmpstr (value_string (runtime, "both"), ==, "A=+B=");
  g_assert_false (json_node_get_boolean (lf_form_runtime_get_property (runtime, "both",
                                                                       "visible")));
  before = lf_form_runtime_get_n_evaluations (runtime);

  /* a reaches la and, through it, both.value: two evaluations, nothing of b's. */
  set_string (runtime, "a", "1");
  g_assert_cmpuint (lf_form_runtime_get_n_evaluations (runtime) - before, ==, 2);
  g_assert_cmpstr (value_string (runtime, "both"), ==, "A=1+B=");
  g_assert_cmpuint (count_events (f, "lb.value"), ==, 0);
  g_assert_cmpuint (count_events (f, "both.visible"), ==, 0);

  /* b reaches lb (through its text), both.visible, and both.value through lb. */
  before = lf_form_runtime_get_n_evaluations (runtime);
  set_string (runtime, "b", "x");
  g_assert_cmpuint (lf_form_runtime_get_n_evaluations (runtime) - before, ==, 3);
  g_assert_cmpstr (value_string (runtime, "both"), ==, "A=1+B=x");
  g_assert_true (json_node_get_boolean (lf_form_runtime_get_property (runtime, "both",
                                                                      "visible")));
  g_assert_cmpuint (count_events (f, "la.value"), ==, 1);

  /* The same value again changes nothing. */
  before = lf_form_runtime_get_n_evaluations (runtime);
  set_string (runtime, "b", "x");
  g_assert_cmpuint (lf_form_runtime_get_n_evaluations (runtime), ==, before);
}

static const char *slow_form =
  "{\"format_version\": 1, \"controls\": ["
  "{\"kind\": \"number\", \"name\": \"seconds\", \"properties\": {\"value\": 3}},"
  "{\"kind\": \"json-view\", \"name\": \"out\", \"bindings\": {\"value\": "
  "\"{{ sleep.data.Payload }}\"}},"
  "{\"kind\": \"label\", \"name\": \"problem\"}],"
  "\"actions\": [{\"name\": \"sleep\", \"operation\": \"Invoke\", \"parameters\": "
  "{\"function_name\": \"slow\", \"payload\": \"{\\\"seconds\\\": {{ seconds.value }}}\"}, "
  "\"on_failure\": {\"show_error_in\": \"problem\"}},"
  "{\"name\": \"elsewhere\", \"account\": \"nobody\", \"operation\": \"ListFunctions\"}]}";

static void
test_supersede (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(LfForm) form = inline_form (slow_form);
  g_autoptr(LfFormRuntime) runtime = runtime_for (f, form);
  g_autofree char *out = NULL;

  /* A newer run wins: the older one is cancelled and its answer never shows. */
  g_assert_true (lf_form_runtime_run_action (runtime, "sleep", NULL));
  set_string (runtime, "seconds", "0");
  g_assert_true (lf_form_runtime_run_action (runtime, "sleep", NULL));
  wait_idle (runtime);

  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "sleep"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  g_assert_cmpuint (count_events (f, "sleep:succeeded"), ==, 1);
  g_assert_cmpuint (count_events (f, "sleep:failed"), ==, 0);
  g_assert_cmpuint (count_events (f, "out.value"), ==, 1);
  out = json_to_string (lf_form_runtime_get_value (runtime, "out"), FALSE);
  g_assert_cmpstr (out, ==, "{\"slept\":0.0}");
  g_assert_cmpstr (value_string (runtime, "problem"), ==, "");
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(LfForm) form = inline_form (slow_form);
  g_autoptr(LfFormRuntime) runtime = runtime_for (f, form);

  g_assert_true (lf_form_runtime_run_action (runtime, "sleep", NULL));
  lf_form_runtime_cancel_action (runtime, "sleep");
  wait_idle (runtime);

  /* Cancelled is a state of its own, and no error is shown for it. */
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "sleep"), ==,
                   LF_ACTION_STATE_CANCELLED);
  g_assert_error ((GError *) lf_form_runtime_get_action_error (runtime, "sleep"), LF_AWS_ERROR,
                  LF_AWS_ERROR_CANCELLED);
  g_assert_cmpstr (value_string (runtime, "problem"), ==, "");
  g_assert_true (JSON_NODE_HOLDS_NULL (lf_form_runtime_get_value (runtime, "out")));
}

static void
test_account_error (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(LfForm) form = inline_form (slow_form);
  g_autoptr(LfFormRuntime) runtime = runtime_for (f, form);
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  g_assert_false (lf_form_runtime_run_action (runtime, "elsewhere", &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_ACCOUNT);
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "elsewhere"), ==,
                   LF_ACTION_STATE_FAILED);
  result = json_node_get_object (lf_form_runtime_get_action_result (runtime, "elsewhere"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "error"),
                                                  "message"), ==, "There is no account “nobody”");
  g_clear_error (&error);

  g_assert_false (lf_form_runtime_run_action (runtime, "nothing", &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lf_form_runtime_set_value_from_string (runtime, "seconds", "many", &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lf_form_runtime_set_value_from_string (runtime, "secnds", "1", &error));
  g_assert_nonnull (strstr (error->message, "(did you mean “seconds”?)"));
}

/* A stand-in Lambda ********************************************************************/

/* An in-process SoupServer for what the sandbox cannot show: ListFunctions in pages of
 * FAKE_PAGE_SIZE, an Invoke of "big" whose answer is larger than the runtime reads on the
 * main loop, and what the requests carried. Others echo their payload. */
#define FAKE_PAGE_SIZE   2
#define FAKE_N_FUNCTIONS 7
#define FAKE_BIG_ITEMS   40000
#define FAKE_ACCESS_KEY  "AKIAFAKEACCESSKEY123"
#define FAKE_SECRET      "fake/Secret+Access/Key0123456789abcdefXYZ"
#define FAKE_TOKEN       "FAKEsessionTOKEN//ZXhhbXBsZQ=="

typedef struct
{
  SoupServer *server;
  char       *url;
  guint       n_list_requests;
  char       *authorization;   /* of the last request */
  char       *token;
  GPtrArray  *events;
  GPtrArray  *options_seen;    /* "N running" or "N succeeded", each time the options change */
  LfFormRuntime *runtime;      /* not a reference */
} Fake;

static void
fake_list (Fake              *f,
           SoupServerMessage *msg,
           GHashTable        *query)
{
  const char *marker = query ? g_hash_table_lookup (query, "Marker") : NULL;
  guint start = marker ? (guint) g_ascii_strtoull (marker, NULL, 10) : 0;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *body;

  f->n_list_requests++;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Functions");
  json_builder_begin_array (builder);
  for (guint i = start; i < MIN (start + FAKE_PAGE_SIZE, FAKE_N_FUNCTIONS); i++)
    {
      g_autofree char *name = g_strdup_printf ("fn-%02u", i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "FunctionName");
      json_builder_add_string_value (builder, name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (start + FAKE_PAGE_SIZE < FAKE_N_FUNCTIONS)
    {
      g_autofree char *next = g_strdup_printf ("%u", start + FAKE_PAGE_SIZE);

      json_builder_set_member_name (builder, "NextMarker");
      json_builder_add_string_value (builder, next);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body,
                                    strlen (body));
}

static void
fake_invoke (Fake              *f,
             SoupServerMessage *msg,
             const char        *function)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "X-Amz-Executed-Version", "$LATEST");
  soup_message_headers_replace (headers, "x-amzn-RequestId", "fake-request-id");
  soup_server_message_set_status (msg, 200, NULL);
  if (g_str_equal (function, "big"))
    {
      GString *body = g_string_new ("{\"items\": [");

      for (guint i = 0; i < FAKE_BIG_ITEMS; i++)
        g_string_append_printf (body, "%s{\"n\": %u, \"text\": \"item number %u of many\"}",
                                i ? ", " : "", i, i);
      g_string_append (body, "]}");
      g_assert_cmpuint (body->len, >, LF_FORM_RUNTIME_READ_IN_THREAD_BYTES);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body->str,
                                        body->len);
      g_string_free (body, FALSE);
    }
  else
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                      request_body->data, request_body->length);
}

static void
fake_handle (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Fake *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);

  g_free (f->authorization);
  f->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_free (f->token);
  f->token = g_strdup (soup_message_headers_get_one (headers, "X-Amz-Security-Token"));

  /* "", "2015-03-31", "functions", NAME, "invocations" */
  if (g_str_equal (path, "/2015-03-31/functions/"))
    fake_list (f, msg, query);
  else if (g_strv_length (parts) == 5 && g_str_equal (parts[4], "invocations"))
    fake_invoke (f, msg, parts[3]);
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static LfLambdaClient *
fake_factory (const char  *account,
              const char  *region,
              gpointer     user_data,
              GError     **error)
{
  Fake *f = user_data;
  g_autoptr(LfCredentials) credentials = lf_credentials_new (FAKE_ACCESS_KEY, FAKE_SECRET,
                                                             FAKE_TOKEN, NULL);
  g_autoptr(LfCredentialsProvider) provider = lf_static_credentials_provider_new (credentials);

  return lf_lambda_client_new (provider, "eu-west-1", f->url, error);
}

static void
fake_set_up (Fake          *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, fake_handle, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->events = g_ptr_array_new_with_free_func (g_free);
  f->options_seen = g_ptr_array_new_with_free_func (g_free);
}

static void
fake_tear_down (Fake          *f,
                gconstpointer  data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->authorization, g_free);
  g_clear_pointer (&f->token, g_free);
  g_clear_pointer (&f->events, g_ptr_array_unref);
  g_clear_pointer (&f->options_seen, g_ptr_array_unref);
}

static void
on_fake_value_changed (LfFormRuntime *runtime,
                       const char    *control,
                       const char    *property,
                       Fake          *f)
{
  g_ptr_array_add (f->events, g_strdup_printf ("%s.%s", control, property));
  if (g_str_equal (control, "picker") && g_str_equal (property, "options"))
    {
      JsonNode *options = lf_form_runtime_get_property (runtime, "picker", "options");

      g_ptr_array_add (f->options_seen,
                       g_strdup_printf ("%u %s",
                                        json_array_get_length (json_node_get_array (options)),
                                        lf_action_state_to_string (
                                          lf_form_runtime_get_action_state (runtime, "list"))));
    }
}

static void
on_fake_state_changed (LfFormRuntime *runtime,
                       const char    *action,
                       int            state,
                       Fake          *f)
{
  g_ptr_array_add (f->events, g_strdup_printf ("%s:%s", action, lf_action_state_to_string (state)));
}

static void
on_fake_request_changed (LfFormRuntime *runtime,
                         const char    *action,
                         Fake          *f)
{
  g_ptr_array_add (f->events, g_strdup_printf ("%s:request", action));
}

static LfFormRuntime *
fake_runtime (Fake       *f,
              const char *json)
{
  g_autoptr(LfForm) form = inline_form (json);
  LfFormRuntime *runtime = lf_form_runtime_new (form, fake_factory, f, NULL);

  g_signal_connect (runtime, "value-changed", G_CALLBACK (on_fake_value_changed), f);
  g_signal_connect (runtime, "action-state-changed", G_CALLBACK (on_fake_state_changed), f);
  g_signal_connect (runtime, "action-request-changed", G_CALLBACK (on_fake_request_changed), f);
  lf_form_runtime_set_debounce (runtime, 5);
  return runtime;
}

static gint
event_index (GPtrArray  *events,
             const char *event)
{
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (events->pdata[i], event))
      return i;
  return -1;
}

static guint
count_in (GPtrArray  *events,
          const char *event)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    n += g_str_equal (events->pdata[i], event);
  return n;
}

static const char *pages_form =
  "{\"format_version\": 1, \"controls\": ["
  "{\"kind\": \"dropdown\", \"name\": \"picker\", \"properties\": {\"label_path\": "
  "\"FunctionName\", \"value_path\": \"FunctionName\"}, \"bindings\": {\"items\": "
  "\"{{ list.data.Functions }}\"}},"
  "{\"kind\": \"label\", \"name\": \"count\", \"bindings\": {\"value\": "
  "\"{{ list.data.Functions | length }}\"}}],"
  "\"actions\": [{\"name\": \"list\", \"operation\": \"ListFunctions\"}]}";

static void
test_pages (Fake          *f,
            gconstpointer  data)
{
  g_autoptr(LfFormRuntime) runtime = fake_runtime (f, pages_form);
  g_autofree char *expected_count = g_strdup_printf ("%u", FAKE_N_FUNCTIONS);
  JsonNode *result;
  guint n_running = 0;

  g_assert_true (lf_form_runtime_run_action (runtime, "list", NULL));
  wait_idle (runtime);

  /* One request per page: 2, 2, 2, 1. */
  g_assert_cmpuint (f->n_list_requests, ==, (FAKE_N_FUNCTIONS + FAKE_PAGE_SIZE - 1) /
                                            FAKE_PAGE_SIZE);

  /* The dropdown grew page by page while the action ran; the final answer, the same
   * functions, changed nothing more. */
  for (guint i = 0; i < f->options_seen->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u running",
                                                   MIN ((i + 1) * FAKE_PAGE_SIZE,
                                                        FAKE_N_FUNCTIONS));

      g_assert_cmpstr (f->options_seen->pdata[i], ==, expected);
      n_running++;
    }
  g_assert_cmpuint (n_running, ==, f->n_list_requests);
  g_assert_cmpuint (n_running, >=, 3);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (
                      lf_form_runtime_get_property (runtime, "picker", "options"))), ==,
                    FAKE_N_FUNCTIONS);
  g_assert_cmpint (event_index (f->events, "count.value"), <, event_index (f->events,
                                                                          "list:succeeded"));
  g_assert_cmpuint (count_in (f->events, "count.value"), ==, 4);
  g_assert_cmpuint (count_in (f->events, "list:succeeded"), ==, 1);
  g_assert_cmpuint (count_in (f->events, "list:running"), ==, 1);
  g_assert_cmpstr (value_string (runtime, "count"), ==, expected_count);
  g_assert_cmpstr (value_string (runtime, "picker"), ==, "fn-00");

  /* The final answer replaced the partial one. */
  result = lf_form_runtime_get_action_result (runtime, "list");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (result), "state"), ==,
                   "succeeded");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (result), "status"), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (json_node_get_object (result), "data"),
                      "Functions")), ==, FAKE_N_FUNCTIONS);

  /* Its request is the first page's. */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (
                     lf_form_runtime_get_action_request (runtime, "list")), "path"), ==,
                   "/2015-03-31/functions/");
}

static const char *request_form =
  "{\"format_version\": 1, \"controls\": ["
  "{\"kind\": \"text-field\", \"name\": \"name\", \"properties\": {\"value\": \"Ada\"}},"
  "{\"kind\": \"text-field\", \"name\": \"function\", \"properties\": {\"value\": \"echo\"}}],"
  "\"actions\": [{\"name\": \"hello\", \"operation\": \"Invoke\", \"parameters\": "
  "{\"function_name\": \"{{ function.value }}\", \"qualifier\": \"live\", "
  "\"invocation_type\": \"RequestResponse\", \"log_type\": \"Tail\", "
  "\"payload\": \"{\\\"greeting\\\": \\\"Hello, {{ name.value }}\\\"}\"}}]}";

static void
test_request (Fake          *f,
              gconstpointer  data)
{
  g_autoptr(LfFormRuntime) runtime = fake_runtime (f, request_form);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *context_text = NULL;
  g_autofree char *host = NULL;
  JsonObject *request;
  JsonNode *record_request;

  g_assert_null (lf_form_runtime_get_action_request (runtime, "hello"));
  g_assert_true (lf_form_runtime_run_action (runtime, "hello", &error));
  g_assert_no_error (error);
  /* Known as soon as it is sent. */
  g_assert_nonnull (lf_form_runtime_get_action_request (runtime, "hello"));
  wait_idle (runtime);
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "hello"), ==,
                   LF_ACTION_STATE_SUCCEEDED);

  /* The credentials did go out, in the headers... */
  g_assert_nonnull (strstr (f->authorization, FAKE_ACCESS_KEY));
  g_assert_cmpstr (f->token, ==, FAKE_TOKEN);

  /* ...and the request says what was sent, as rendered. */
  request = json_node_get_object (lf_form_runtime_get_action_request (runtime, "hello"));
  host = g_strdup (f->url + strlen ("http://"));
  g_assert_cmpstr (json_object_get_string_member (request, "operation"), ==, "Invoke");
  g_assert_cmpstr (json_object_get_string_member (request, "method"), ==, "POST");
  g_assert_cmpstr (json_object_get_string_member (request, "path"), ==,
                   "/2015-03-31/functions/echo/invocations?Qualifier=live");
  g_assert_cmpstr (json_object_get_string_member (request, "host"), ==, host);
  g_assert_cmpstr (json_object_get_string_member (request, "region"), ==, "eu-west-1");
  g_assert_cmpstr (json_object_get_string_member (request, "function_name"), ==, "echo");
  g_assert_cmpstr (json_object_get_string_member (request, "qualifier"), ==, "live");
  g_assert_cmpstr (json_object_get_string_member (request, "invocation_type"), ==,
                   "RequestResponse");
  g_assert_cmpstr (json_object_get_string_member (request, "log_type"), ==, "Tail");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (request,
                                                                                 "payload"),
                                                  "greeting"), ==, "Hello, Ada");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (request,
                                                                                 "headers"),
                                                  "X-Amz-Invocation-Type"), ==,
                   "RequestResponse");

  /* Never a credential, a signature or a token, in the request or anywhere in the context. */
  text = json_to_string (lf_form_runtime_get_action_request (runtime, "hello"), TRUE);
  context_text = json_to_string (lf_form_runtime_get_context (runtime), FALSE);
  for (guint i = 0; i < 2; i++)
    {
      const char *serialized = i == 0 ? text : context_text;
      g_autofree char *lower = g_ascii_strdown (serialized, -1);

      g_assert_null (strstr (serialized, FAKE_ACCESS_KEY));
      g_assert_null (strstr (serialized, FAKE_SECRET));
      g_assert_null (strstr (serialized, FAKE_TOKEN));
      g_assert_null (strstr (lower, "authorization"));
      g_assert_null (strstr (lower, "security-token"));
      g_assert_null (strstr (lower, "signature"));
      g_assert_null (strstr (lower, "credential"));
    }

  /* The action's record carries it too, for views that show the record. */
  record_request = json_object_get_member (json_node_get_object (
                     lf_form_runtime_get_action_result (runtime, "hello")), "request");
  g_assert_true (json_node_equal (record_request,
                                  lf_form_runtime_get_action_request (runtime, "hello")));
  g_assert_cmpuint (count_in (f->events, "hello:request"), ==, 1);

  /* A run that sends nothing leaves no request of an older one behind. */
  set_string (runtime, "function", "");
  g_assert_false (lf_form_runtime_run_action (runtime, "hello", NULL));
  g_assert_null (lf_form_runtime_get_action_request (runtime, "hello"));
  g_assert_cmpuint (count_in (f->events, "hello:request"), ==, 2);
  record_request = json_object_get_member (json_node_get_object (
                     lf_form_runtime_get_action_result (runtime, "hello")), "request");
  g_assert_true (JSON_NODE_HOLDS_NULL (record_request));
}

static const char *big_form =
  "{\"format_version\": 1, \"controls\": ["
  "{\"kind\": \"text-field\", \"name\": \"function\", \"properties\": {\"value\": \"big\"}},"
  "{\"kind\": \"label\", \"name\": \"count\", \"bindings\": {\"value\": "
  "\"{{ big.data.Payload.items | length }}\"}},"
  "{\"kind\": \"label\", \"name\": \"smallOut\", \"bindings\": {\"value\": "
  "\"{{ small.data.Payload.echo | default: \\\"\\\" }}\"}}],"
  "\"actions\": [{\"name\": \"big\", \"operation\": \"Invoke\", \"parameters\": "
  "{\"function_name\": \"{{ function.value }}\"}},"
  "{\"name\": \"small\", \"operation\": \"Invoke\", \"parameters\": "
  "{\"function_name\": \"echo\", \"payload\": \"{\\\"echo\\\": \\\"small\\\"}\"}}]}";

static gboolean
is_reading (gpointer runtime)
{
  return lf_form_runtime_get_n_reading (runtime) > 0;
}

/* Runs the main loop until a worker reads an answer. */
static void
wait_reading (LfFormRuntime *runtime)
{
  lf_test_wait_until (is_reading, runtime, "a worker to read an answer");
}

static void
test_large_payload (Fake          *f,
                    gconstpointer  data)
{
  g_autoptr(LfFormRuntime) runtime = fake_runtime (f, big_form);
  g_autofree char *expected = g_strdup_printf ("%u", FAKE_BIG_ITEMS);
  JsonObject *payload;

  g_assert_true (lf_form_runtime_run_action (runtime, "big", NULL));
  /* The answer is here and read elsewhere: the main loop turns, the action still runs and
   * nothing of the answer shows yet. */
  wait_reading (runtime);
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "big"), ==,
                   LF_ACTION_STATE_RUNNING);
  g_assert_true (lf_form_runtime_is_busy (runtime));
  g_assert_cmpuint (count_in (f->events, "count.value"), ==, 0);

  /* A small answer that comes meanwhile waits its turn. */
  g_assert_true (lf_form_runtime_run_action (runtime, "small", NULL));
  wait_idle (runtime);
  g_assert_cmpuint (lf_form_runtime_get_n_reading (runtime), ==, 0);
  g_assert_cmpint (event_index (f->events, "big:succeeded"), >=, 0);
  g_assert_cmpint (event_index (f->events, "big:succeeded"), <,
                   event_index (f->events, "small:succeeded"));
  g_assert_cmpstr (value_string (runtime, "smallOut"), ==, "small");

  g_assert_cmpstr (value_string (runtime, "count"), ==, expected);
  g_assert_cmpuint (count_in (f->events, "count.value"), ==, 1);
  payload = json_object_get_object_member (json_object_get_object_member (json_node_get_object (
              lf_form_runtime_get_action_result (runtime, "big")), "data"), "Payload");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (payload, "items"), FAKE_BIG_ITEMS - 1), "n"),
                   ==, FAKE_BIG_ITEMS - 1);
}

static void
test_large_payload_superseded (Fake          *f,
                               gconstpointer  data)
{
  g_autoptr(LfFormRuntime) runtime = fake_runtime (f, big_form);

  /* A newer run while the older answer is read: the older one never shows. */
  g_assert_true (lf_form_runtime_run_action (runtime, "big", NULL));
  wait_reading (runtime);
  set_string (runtime, "function", "echo");
  g_assert_true (lf_form_runtime_run_action (runtime, "big", NULL));
  wait_idle (runtime);

  g_assert_cmpuint (count_in (f->events, "big:succeeded"), ==, 1);
  g_assert_cmpuint (count_in (f->events, "big:failed"), ==, 0);
  g_assert_cmpuint (count_in (f->events, "count.value"), ==, 0);
  g_assert_false (json_object_has_member (json_object_get_object_member (
                    json_node_get_object (lf_form_runtime_get_action_result (runtime, "big")),
                    "data"), "Payload"));
}

static void
test_large_payload_cancelled (Fake          *f,
                              gconstpointer  data)
{
  g_autoptr(LfFormRuntime) runtime = fake_runtime (f, big_form);

  g_assert_true (lf_form_runtime_run_action (runtime, "big", NULL));
  wait_reading (runtime);
  lf_form_runtime_cancel_all (runtime);
  wait_idle (runtime);

  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "big"), ==,
                   LF_ACTION_STATE_CANCELLED);
  g_assert_error ((GError *) lf_form_runtime_get_action_error (runtime, "big"), LF_AWS_ERROR,
                  LF_AWS_ERROR_CANCELLED);
  g_assert_cmpuint (count_in (f->events, "count.value"), ==, 0);
}

static gboolean
is_cleared (gpointer pointer)
{
  return *(gpointer *) pointer == NULL;
}

static void
test_large_payload_disposed (Fake          *f,
                             gconstpointer  data)
{
  LfFormRuntime *runtime = fake_runtime (f, big_form);

  /* The runtime goes away while a worker reads: the answer is dropped, nothing is touched
   * after it is gone, and it is finalized once the worker is done. */
  g_assert_true (lf_form_runtime_run_action (runtime, "big", NULL));
  wait_reading (runtime);
  g_object_run_dispose (G_OBJECT (runtime));
  g_object_add_weak_pointer (G_OBJECT (runtime), (gpointer *) &runtime);
  g_object_unref (runtime);
  g_assert_nonnull (runtime);

  lf_test_wait_until (is_cleared, &runtime, "the runtime to be finalized");
  g_assert_cmpuint (count_in (f->events, "big:succeeded"), ==, 0);
  g_assert_cmpuint (count_in (f->events, "count.value"), ==, 0);
}

/* A function that answers a depth bomb: the run succeeds, its payload is text, the form
 * shows it, nothing crashes. */
static void
test_deep_answer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(LfForm) form = inline_form (
    "{\"format_version\": 1, \"title\": \"Deep\", \"account\": \"sandbox\","
    " \"controls\": [{\"kind\": \"text-area\", \"name\": \"shown\","
    "   \"bindings\": {\"value\": \"{{ invoke1.data.Payload }}\"}},"
    "  {\"kind\": \"label\", \"name\": \"encoding\","
    "   \"bindings\": {\"value\": \"{{ invoke1.data.PayloadEncoding }}\"}}],"
    " \"actions\": [{\"name\": \"invoke1\", \"operation\": \"Invoke\","
    "   \"parameters\": {\"function_name\": \"deep\"}, \"trigger\": {\"on\": \"none\"}}]}");
  g_autoptr(LfFormRuntime) runtime = runtime_for (f, form);
  g_autoptr(GError) error = NULL;

  lf_form_runtime_start (runtime, TRUE);
  g_assert_true (lf_form_runtime_run_action (runtime, "invoke1", &error));
  g_assert_no_error (error);
  wait_idle (runtime);
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "invoke1"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  g_assert_cmpstr (value_string (runtime, "encoding"), ==, "text");
  g_assert_cmpuint (strlen (value_string (runtime, "shown")), ==, 100000);
}

/* A form whose action reads a control that is gone still opens; that action refuses to run
 * with the reason, and nothing is sent, while the form's sound action runs as before. */
static void
test_broken_action_never_sent (Fake          *f,
                               gconstpointer  data)
{
  static const char *form =
    "{\"format_version\": 1, \"controls\": [{\"kind\": \"label\", \"name\": \"out\"}], "
    "\"actions\": [{\"name\": \"broken\", \"operation\": \"ListFunctions\", "
    "\"parameters\": {\"max_items\": \"{{ textArea1.value }}\"}}, "
    "{\"name\": \"sound\", \"operation\": \"ListFunctions\"}]}";
  g_autoptr(LfFormRuntime) runtime = fake_runtime (f, form);
  g_autoptr(GError) error = NULL;
  const GError *refusal;

  g_assert_false (lf_form_runtime_run_action (runtime, "broken", &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cannot run until its problem is fixed"));
  g_assert_nonnull (strstr (error->message, "“textArea1”"));
  /* The sentence a person reads, without the JSON path before it. */
  g_assert_null (strstr (error->message, "$.actions"));
  wait_idle (runtime);
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "broken"), ==,
                   LF_ACTION_STATE_FAILED);
  refusal = lf_form_runtime_get_action_error (runtime, "broken");
  g_assert_nonnull (refusal);
  g_assert_cmpstr (refusal->message, ==, error->message);
  g_assert_null (lf_form_runtime_get_action_request (runtime, "broken"));
  g_assert_cmpuint (f->n_list_requests, ==, 0);

  g_assert_true (lf_form_runtime_run_action (runtime, "sound", NULL));
  wait_idle (runtime);
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "sound"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  g_assert_cmpuint (f->n_list_requests, >, 0);
}

/* An Invoke whose payload is empty sends the empty event, {}, as the console's Test tab does;
 * the form lists no problem for it. */
static void
test_empty_payload_is_empty_event (Fake          *f,
                                   gconstpointer  data)
{
  static const char *form =
    "{\"format_version\": 1, \"controls\": [], \"actions\": [{\"name\": \"try\", "
    "\"operation\": \"Invoke\", \"parameters\": {\"function_name\": \"echo\", "
    "\"payload\": \"  \"}}]}";
  g_autoptr(LfFormRuntime) runtime = fake_runtime (f, form);
  g_autoptr(GPtrArray) problems = lf_form_list_problems (lf_form_runtime_get_form (runtime));
  g_autoptr(GError) error = NULL;
  JsonNode *result;
  JsonObject *answer;

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (lf_form_runtime_run_action (runtime, "try", &error));
  g_assert_no_error (error);
  wait_idle (runtime);
  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "try"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  result = lf_form_runtime_get_action_result (runtime, "try");
  answer = json_object_get_object_member (json_node_get_object (result), "data");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "Payload")));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (answer, "Payload")), ==,
                    0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  write_deep_function ();

#define ADD(path, func) \
  g_test_add ("/form-runtime/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("greeter", test_greeter);
  ADD ("invoke-form", test_invoke_form);
  ADD ("function-details", test_function_details);
  ADD ("exact-bindings", test_exact_bindings);
  ADD ("supersede", test_supersede);
  ADD ("cancel", test_cancel);
  ADD ("account-error", test_account_error);
  ADD ("deep-answer", test_deep_answer);
#undef ADD
#define ADD_FAKE(path, func) \
  g_test_add ("/form-runtime/" path, Fake, NULL, fake_set_up, func, fake_tear_down)
  ADD_FAKE ("pages", test_pages);
  ADD_FAKE ("request", test_request);
  ADD_FAKE ("large-payload", test_large_payload);
  ADD_FAKE ("large-payload-superseded", test_large_payload_superseded);
  ADD_FAKE ("large-payload-cancelled", test_large_payload_cancelled);
  ADD_FAKE ("large-payload-disposed", test_large_payload_disposed);
  ADD_FAKE ("broken-action-never-sent", test_broken_action_never_sent);
  ADD_FAKE ("empty-payload-is-empty-event", test_empty_payload_is_empty_event);
#undef ADD_FAKE

  status = g_test_run ();
  remove_deep_function ();
  return status;
}
