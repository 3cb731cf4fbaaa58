/* test-sandbox-process.c: the sandbox as the app runs it, a child process started on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "lf-lambda-client.h"
#include "lf-sandbox-process.h"

typedef struct
{
  gboolean done;
  GError *error;
  LfInvokeResult *result;
} Wait;

static void
on_started (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  lf_sandbox_process_start_finish (LF_SANDBOX_PROCESS (object), result, &wait->error);
  wait->done = TRUE;
}

static void
on_stopped (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  lf_sandbox_process_stop_finish (LF_SANDBOX_PROCESS (object), result, &wait->error);
  wait->done = TRUE;
}

static void
on_invoked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = lf_lambda_client_invoke_finish (LF_LAMBDA_CLIENT (object), result, NULL,
                                                 &wait->error);
  wait->done = TRUE;
}

static void
spin (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
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
  Wait first = { 0 };
  Wait second = { 0 };
  Wait invoked = { 0 };
  Wait stopped = { 0 };
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
  lf_sandbox_process_start_async (sandbox, NULL, on_started, &first);
  lf_sandbox_process_start_async (sandbox, NULL, on_started, &second);
  spin (&first);
  spin (&second);
  g_assert_no_error (first.error);
  g_assert_no_error (second.error);

  g_assert_true (lf_sandbox_process_is_running (sandbox));
  g_assert_true (g_str_has_prefix (lf_sandbox_process_get_url (sandbox), "http://127.0.0.1:"));
  credentials = lf_sandbox_process_get_credentials (sandbox);
  g_assert_nonnull (credentials);

  provider = lf_static_credentials_provider_new (credentials);
  client = lf_lambda_client_new (provider, lf_sandbox_process_get_region (sandbox),
                                 lf_sandbox_process_get_url (sandbox), &error);
  g_assert_no_error (error);
  lf_lambda_client_invoke_async (client, &request, NULL, on_invoked, &invoked);
  spin (&invoked);
  g_assert_no_error (invoked.error);
  data = g_bytes_get_data (invoked.result->payload, &size);
  g_assert_nonnull (g_strstr_len (data, size, "Ada"));
  lf_invoke_result_free (invoked.result);

  pid = lf_sandbox_process_get_pid (sandbox);
  g_assert_cmpint (pid, >, 0);
  lf_sandbox_process_stop_async (sandbox, NULL, on_stopped, &stopped);
  g_assert_false (lf_sandbox_process_is_running (sandbox));
  spin (&stopped);
  g_assert_no_error (stopped.error);
  /* Reaped: nothing of it is left. */
  g_assert_cmpint (kill (pid, 0), ==, -1);
}

static void
test_missing_program (void)
{
  g_autoptr(LfSandboxProcess) sandbox = lf_sandbox_process_new ();
  Wait wait = { 0 };

  g_setenv ("LF_SANDBOX_PROGRAM", "/nonexistent/lambda-forms-sandbox", TRUE);
  lf_sandbox_process_start_async (sandbox, NULL, on_started, &wait);
  spin (&wait);
  g_unsetenv ("LF_SANDBOX_PROGRAM");

  g_assert_nonnull (wait.error);
  g_assert_nonnull (strstr (wait.error->message, "Could not start the local sandbox"));
  g_assert_false (lf_sandbox_process_is_running (sandbox));
  g_clear_error (&wait.error);
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
