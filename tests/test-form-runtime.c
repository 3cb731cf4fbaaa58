/* test-form-runtime.c: forms run against the local sandbox, in process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lf-aws-error.h"
#include "lf-form-runtime.h"
#include "lf-sandbox.h"
#include "lf-static-credentials-provider.h"

#define WAIT_LIMIT_SECONDS 60

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
  lf_sandbox_start (f->sandbox, 0, &error);
  g_assert_no_error (error);
  f->events = g_ptr_array_new_with_free_func (g_free);
}

static gboolean
on_limit (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_stopped (GObject *source, GAsyncResult *result, gpointer user_data)
{
  lf_sandbox_stop_finish (LF_SANDBOX (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gboolean stopped = FALSE;

  lf_sandbox_stop_async (f->sandbox, NULL, on_stopped, &stopped);
  while (!stopped)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&f->sandbox);
  g_clear_pointer (&f->events, g_ptr_array_unref);
}

/* Runs the main loop until nothing runs or waits; fails rather than hangs. */
static void
wait_idle (LfFormRuntime *runtime)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, on_limit, &expired);

  while (lf_form_runtime_is_busy (runtime) && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (id);
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
  JsonNode *options;
  JsonNode *result;

  lf_form_runtime_start (runtime, TRUE);
  g_assert_true (lf_form_runtime_is_busy (runtime));
  wait_idle (runtime);

  /* The dropdown is filled by ListFunctions on load, and chooses the first. */
  options = lf_form_runtime_get_property (runtime, "functionPicker", "options");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (options)), >=, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_node_get_array (options), 0), "label"), ==,
                   value_string (runtime, "functionPicker"));
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

  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "sleep"), ==,
                   LF_ACTION_STATE_FAILED);
  g_assert_error ((GError *) lf_form_runtime_get_action_error (runtime, "sleep"), LF_AWS_ERROR,
                  LF_AWS_ERROR_CANCELLED);
  g_assert_cmpstr (value_string (runtime, "problem"), !=, "");
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/form-runtime/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("greeter", test_greeter);
  ADD ("invoke-form", test_invoke_form);
  ADD ("function-details", test_function_details);
  ADD ("exact-bindings", test_exact_bindings);
  ADD ("supersede", test_supersede);
  ADD ("cancel", test_cancel);
  ADD ("account-error", test_account_error);
#undef ADD

  return g_test_run ();
}
