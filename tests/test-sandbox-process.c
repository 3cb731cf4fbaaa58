/* test-sandbox-process.c: the sandbox as the app runs it, a child process started on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "lf-lambda-client.h"
#include "lf-sandbox-process.h"
#include "lf-test-core.h"

/* Starts @sandbox and waits for it on the main loop. */
static gboolean
start_and_wait (LfSandboxProcess  *sandbox,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_sandbox_process_start_async (sandbox, NULL, lf_test_keep_result, &result);
  return lf_sandbox_process_start_finish (sandbox, lf_test_wait_result (&result), error);
}

static void
test_start_invoke_stop (void)
{
  g_autoptr(LfSandboxProcess) sandbox = lf_sandbox_process_new ();
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GBytes) payload = g_bytes_new_static ("{\"name\": \"Ada\"}", 15);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) invoked = NULL;
  g_autoptr(GAsyncResult) stopped = NULL;
  LfInvokeResult *result;
  GPid pid;
  LfInvokeRequest request = {
    .function_name = "greet",
    .payload = payload,
  };
  g_autofree char *functions = g_build_filename (SOURCE_DATADIR, "sandbox", "functions", NULL);
  gsize size;
  const char *data;

  lf_sandbox_process_add_functions (sandbox, functions);
  g_assert_false (lf_sandbox_process_is_running (sandbox));
  g_assert_null (lf_sandbox_process_get_url (sandbox));

  /* Two callers while it starts share one process. */
  lf_sandbox_process_start_async (sandbox, NULL, lf_test_keep_result, &first);
  lf_sandbox_process_start_async (sandbox, NULL, lf_test_keep_result, &second);
  lf_sandbox_process_start_finish (sandbox, lf_test_wait_result (&first), &error);
  g_assert_no_error (error);
  lf_sandbox_process_start_finish (sandbox, lf_test_wait_result (&second), &error);
  g_assert_no_error (error);

  g_assert_true (lf_sandbox_process_is_running (sandbox));
  g_assert_true (g_str_has_prefix (lf_sandbox_process_get_url (sandbox), "http://127.0.0.1:"));
  credentials = lf_sandbox_process_get_credentials (sandbox);
  g_assert_nonnull (credentials);

  provider = lf_static_credentials_provider_new (credentials);
  client = lf_lambda_client_new (provider, lf_sandbox_process_get_region (sandbox),
                                 lf_sandbox_process_get_url (sandbox), &error);
  g_assert_no_error (error);
  lf_lambda_client_invoke_async (client, &request, NULL, lf_test_keep_result, &invoked);
  result = lf_lambda_client_invoke_finish (client, lf_test_wait_result (&invoked), NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (result->payload, &size);
  g_assert_nonnull (g_strstr_len (data, size, "Ada"));
  lf_invoke_result_free (result);

  pid = lf_sandbox_process_get_pid (sandbox);
  g_assert_cmpint (pid, >, 0);
  lf_sandbox_process_stop_async (sandbox, NULL, lf_test_keep_result, &stopped);
  g_assert_false (lf_sandbox_process_is_running (sandbox));
  lf_sandbox_process_stop_finish (sandbox, lf_test_wait_result (&stopped), &error);
  g_assert_no_error (error);
  /* Reaped: nothing of it is left. */
  g_assert_cmpint (kill (pid, 0), ==, -1);
}

static void
test_missing_program (void)
{
  g_autoptr(LfSandboxProcess) sandbox = lf_sandbox_process_new ();
  g_autoptr(GError) error = NULL;

  g_setenv ("LF_SANDBOX_PROGRAM", "/nonexistent/lambda-forms-sandbox", TRUE);
  g_assert_false (start_and_wait (sandbox, &error));
  g_unsetenv ("LF_SANDBOX_PROGRAM");

  lf_test_assert_message_contains (error, "Could not start the local sandbox");
  g_assert_false (lf_sandbox_process_is_running (sandbox));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox-process/start-invoke-stop", test_start_invoke_stop);
  g_test_add_func ("/sandbox-process/missing-program", test_missing_program);

  return g_test_run ();
}
