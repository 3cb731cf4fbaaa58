/* bench-invoke.c: signed Invoke calls per second through LfLambdaClient
 *
 * Usage: bench-invoke ENDPOINT CONCURRENCY CALLS
 * Keeps CONCURRENCY invocations in flight on one client until CALLS have completed, then
 * prints "calls/s" on one line for bench/invoke.sh to collect.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lf-lambda-client.h"

typedef struct
{
  LfLambdaClient *client;
  GBytes *payload;
  GMainLoop *loop;
  guint remaining_to_start;
  guint in_flight;
  guint failed;
} Bench;

static void start_one (Bench *bench);

static void
on_invoked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfInvokeResult) invoke_result = NULL;

  invoke_result = lf_lambda_client_invoke_finish (LF_LAMBDA_CLIENT (object), result, NULL, &error);
  if (invoke_result == NULL)
    {
      if (bench->failed++ == 0)
        g_printerr ("bench-invoke: %s\n", error->message);
    }

  bench->in_flight--;
  if (bench->remaining_to_start > 0)
    start_one (bench);
  else if (bench->in_flight == 0)
    g_main_loop_quit (bench->loop);
}

static void
start_one (Bench *bench)
{
  LfInvokeRequest request = {
    .function_name = "bench-function",
    .invocation_type = LF_INVOCATION_REQUEST_RESPONSE,
    .payload = bench->payload,
  };

  bench->remaining_to_start--;
  bench->in_flight++;
  lf_lambda_client_invoke_async (bench->client, &request, NULL, on_invoked, bench);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Bench bench = { 0 };
  guint concurrency;
  guint calls;
  gint64 start;
  double seconds;

  if (argc != 4)
    {
      g_printerr ("Usage: %s ENDPOINT CONCURRENCY CALLS\n", argv[0]);
      return 2;
    }
  concurrency = (guint) atoi (argv[2]);
  calls = (guint) atoi (argv[3]);

  credentials = lf_credentials_new ("AKIDBENCHEXAMPLE", "bench-secret-not-real", NULL, NULL);
  provider = lf_static_credentials_provider_new (credentials);
  bench.client = lf_lambda_client_new (provider, "us-east-1", argv[1], &error);
  if (bench.client == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  bench.payload = g_bytes_new_static ("{\"name\":\"bench\"}", 16);
  bench.loop = loop = g_main_loop_new (NULL, FALSE);
  bench.remaining_to_start = calls;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < concurrency && bench.remaining_to_start > 0; i++)
    start_one (&bench);
  g_main_loop_run (loop);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  printf ("%.0f\n", (calls - bench.failed) / seconds);

  g_object_unref (bench.client);
  g_bytes_unref (bench.payload);
  return bench.failed > 0 ? 1 : 0;
}
