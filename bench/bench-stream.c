/* bench-stream.c: a 50 MB streamed answer through the client and through a form
 *
 * Usage: bench-stream [MEGABYTES] [ROUNDS]   (bench/stream.sh sets up the sandbox's folders)
 *
 * The sandbox's sample function "stream" sends MEGABYTES (50) of text in 64 KiB pieces over
 * the Runtime API's streaming response, and the sandbox passes them on as event-stream
 * frames. Measured in the same run, each ROUNDS (3) times, best kept:
 *  - curl --aws-sigv4 reading the same stream into /dev/null: the peer, no decoding at all;
 *  - LfLambdaClient's InvokeWithResponseStream, chunks counted: frames decoded, CRCs checked;
 *  - a form whose text area is bound to {{ s.stream.text }}: the runtime's updates of the
 *    context and the binding, as the app's window gets them.
 * A G_PRIORITY_HIGH timeout every 5 ms records the longest gap in the main loop (a stall).
 * Goals, printed as met or not: the form's stream within 2x of curl's time, and no stall over
 * 50 ms in it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lf-form-runtime.h"
#include "lf-json-util.h"
#include "lf-lambda-client.h"
#include "lf-sandbox.h"
#include "lf-static-credentials-provider.h"

#define TICK_MS 5
#define STALL_GOAL_MS 50.0
#define RATIO_GOAL 2.0

static gint64 last_tick;
static double longest_gap_ms;

static gboolean
on_tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0)
    longest_gap_ms = MAX (longest_gap_ms, (now - last_tick) / 1000.0);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
watch_start (void)
{
  last_tick = 0;
  longest_gap_ms = 0;
}

typedef struct
{
  guint64 bytes;
  guint chunks;
  gboolean done;
  GError *error;
} Count;

static gboolean
count_chunk (GBytes   *chunk,
             gpointer  user_data,
             GError  **error)
{
  Count *count = user_data;

  count->bytes += g_bytes_get_size (chunk);
  count->chunks++;
  return TRUE;
}

static void
on_client_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Count *count = user_data;
  g_autoptr(LfInvokeResult) invoke_result =
    lf_lambda_client_invoke_stream_finish (LF_LAMBDA_CLIENT (object), result, NULL,
                                           &count->error);

  count->done = TRUE;
}

static double
run_client (LfLambdaClient *client,
            const char     *payload,
            Count          *count)
{
  g_autoptr(GBytes) bytes = g_bytes_new (payload, strlen (payload));
  LfInvokeRequest request = { .function_name = "stream", .payload = bytes };
  gint64 start = g_get_monotonic_time ();

  lf_lambda_client_invoke_stream_async (client, &request, count_chunk, count, NULL, NULL,
                                        on_client_done, count);
  while (!count->done)
    g_main_context_iteration (NULL, TRUE);
  if (count->error != NULL)
    g_error ("client: %s", count->error->message);
  return (g_get_monotonic_time () - start) / 1e6;
}

static LfLambdaClient *
give_client (const char  *account,
             const char  *region,
             gpointer     user_data,
             GError     **error)
{
  return g_object_ref (user_data);
}

static double
run_form (LfLambdaClient *client,
          guint           megabytes,
          guint64        *shown)
{
  g_autofree char *text = g_strdup_printf (
    "{\"format_version\": 1, \"controls\": [{\"kind\": \"text-area\", \"name\": \"area\","
    " \"bindings\": {\"value\": \"{{ s.stream.text }}\"}}],"
    " \"actions\": [{\"name\": \"s\", \"operation\": \"Invoke\", \"parameters\": {"
    " \"function_name\": \"stream\", \"stream\": \"true\","
    " \"payload\": \"{\\\"bytes\\\": %u}\"}}]}", megabytes * 1024 * 1024);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_new_from_data (text, -1, &error);
  g_autoptr(LfFormRuntime) runtime = NULL;
  gint64 start;
  JsonNode *value;

  if (form == NULL)
    g_error ("form: %s", error->message);
  runtime = lf_form_runtime_new (form, give_client, g_object_ref (client), g_object_unref);
  start = g_get_monotonic_time ();
  if (!lf_form_runtime_run_action (runtime, "s", &error))
    g_error ("form: %s", error->message);
  while (lf_form_runtime_get_action_state (runtime, "s") == LF_ACTION_STATE_RUNNING)
    g_main_context_iteration (NULL, TRUE);
  if (lf_form_runtime_get_action_state (runtime, "s") != LF_ACTION_STATE_SUCCEEDED)
    g_error ("form: %s", lf_form_runtime_get_action_error (runtime, "s")->message);
  value = lf_form_runtime_get_value (runtime, "area");
  *shown = value ? strlen (json_node_get_string (value)) : 0;
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
run_curl (LfSandbox  *sandbox,
          const char *payload)
{
  LfCredentials *credentials = lf_sandbox_get_credentials (sandbox);
  g_autofree char *user = g_strdup_printf ("%s:%s", lf_credentials_get_access_key_id (credentials),
                                           lf_credentials_get_secret_access_key (credentials));
  g_autofree char *sigv4 = g_strdup_printf ("aws:amz:%s:lambda", lf_sandbox_get_region (sandbox));
  g_autofree char *url = g_strdup_printf ("%s/2021-11-15/functions/stream/"
                                          "response-streaming-invocations",
                                          lf_sandbox_get_url (sandbox));
  g_autofree char *token = lf_credentials_get_session_token (credentials)
    ? g_strdup_printf ("X-Amz-Security-Token: %s", lf_credentials_get_session_token (credentials))
    : g_strdup ("X-Bench: none");
  const char *argv[] = { "curl", "-s", "--fail", "-X", "POST", "--data-binary", payload,
                         "-H", "Content-Type: application/json", "-H", token, "--aws-sigv4",
                         sigv4, "--user", user, "-o", "/dev/null", url, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  if (process == NULL)
    g_error ("curl: %s", error->message);
  /* The sandbox answers on this main loop: curl is waited for while it turns. */
  while (g_subprocess_get_identifier (process) != NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!g_subprocess_wait_check (process, NULL, &error))
    g_error ("curl: %s", error->message);
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int    argc,
      char **argv)
{
  guint megabytes = argc > 1 ? (guint) atoi (argv[1]) : 50;
  guint rounds = argc > 2 ? (guint) atoi (argv[2]) : 3;
  g_autofree char *payload = g_strdup_printf ("{\"bytes\": %u}", megabytes * 1024 * 1024);
  g_autofree char *samples = lf_sandbox_find_data_dir ("functions");
  g_autoptr(LfSandbox) sandbox = lf_sandbox_new ();
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GError) error = NULL;
  double best_curl = G_MAXDOUBLE, best_client = G_MAXDOUBLE, best_form = G_MAXDOUBLE;
  double client_stall = G_MAXDOUBLE, form_stall = G_MAXDOUBLE;
  guint chunks = 0;
  guint64 shown = 0;

  if (samples == NULL || !lf_sandbox_add_functions_dir (sandbox, samples, &error) ||
      !lf_sandbox_start (sandbox, 0, &error))
    g_error ("sandbox: %s", error ? error->message : "no sample functions");
  provider = lf_static_credentials_provider_new (lf_sandbox_get_credentials (sandbox));
  client = lf_lambda_client_new (provider, lf_sandbox_get_region (sandbox),
                                 lf_sandbox_get_url (sandbox), &error);
  g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, on_tick, NULL, NULL);

  for (guint round = 0; round < rounds; round++)
    {
      Count count = { 0 };
      double seconds;

      best_curl = MIN (best_curl, run_curl (sandbox, payload));
      watch_start ();
      seconds = run_client (client, payload, &count);
      if (seconds < best_client)
        best_client = seconds, client_stall = longest_gap_ms, chunks = count.chunks;
      watch_start ();
      seconds = run_form (client, megabytes, &shown);
      if (seconds < best_form)
        best_form = seconds, form_stall = longest_gap_ms;
    }

  printf ("%u MB streamed, best of %u rounds (this machine: 2 cores, noisy)\n", megabytes, rounds);
  printf ("%-34s %8s %10s %10s %12s\n", "", "seconds", "MB/s", "chunks/s", "longest stall");
  printf ("%-34s %8.2f %10.1f %10s %12s\n", "curl into /dev/null (peer)", best_curl,
          megabytes / best_curl, "-", "-");
  printf ("%-34s %8.2f %10.1f %10.0f %10.1f ms\n", "LfLambdaClient, chunks counted",
          best_client, megabytes / best_client, chunks / best_client, client_stall);
  printf ("%-34s %8.2f %10.1f %10.0f %10.1f ms\n", "form, bound text area", best_form,
          megabytes / best_form, chunks / best_form, form_stall);
  printf ("the form showed %" G_GUINT64_FORMAT " bytes\n", shown);
  printf ("goal: form within %.0fx of curl: %.2fx, %s\n", RATIO_GOAL, best_form / best_curl,
          best_form / best_curl <= RATIO_GOAL ? "met" : "not met");
  printf ("goal: no stall over %.0f ms in the form: %.1f ms, %s\n", STALL_GOAL_MS, form_stall,
          form_stall <= STALL_GOAL_MS ? "met" : "not met");
  return 0;
}
