/* bench-sigv4.c: signatures per second beside the bare hashing they cannot avoid
 *
 * Our signer signs a typical Invoke request with its key cached. The floor is the nettle work
 * one signature needs over the same inputs: SHA-256 of the body, SHA-256 of the canonical
 * request and one HMAC-SHA256 of the string to sign. botocore, when present, is the peer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include "lf-signer.h"

static const char body[] = "{\"name\": \"Ada\", \"greeting\": \"hello\", \"count\": 3}";

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
time_signer (LfSigner      *signer,
             LfCredentials *credentials,
             guint          iterations,
             LfSignature  **sample)
{
  LfHeader headers[] = {
    { (char *) "Content-Type", (char *) "application/json" },
    { (char *) "X-Amz-Invocation-Type", (char *) "RequestResponse" },
    { (char *) "X-Amz-Log-Type", (char *) "Tail" },
  };
  LfSignRequest request = {
    .method = "POST",
    .url = "https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/my-function/invocations",
    .headers = headers,
    .n_headers = G_N_ELEMENTS (headers),
    .body = (const guint8 *) body,
    .body_length = strlen (body),
    .region = "eu-west-1",
    .service = "lambda",
    .amz_date = "20261122T101500Z",
  };
  gint64 start;

  *sample = lf_signer_sign (signer, &request, credentials, NULL);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < iterations; i++)
    lf_signature_free (lf_signer_sign (signer, &request, credentials, NULL));

  return seconds_since (start) / iterations;
}

static double
time_floor (const LfSignature *sample,
            guint              iterations)
{
  guint8 key[32];
  guint8 digest[SHA256_DIGEST_SIZE];
  gsize creq_len = strlen (sample->canonical_request);
  gsize sts_len = strlen (sample->string_to_sign);
  volatile guint8 sink = 0;
  gint64 start;

  lf_signer_derive_key ("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20261122", "eu-west-1",
                        "lambda", key);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < iterations; i++)
    {
      struct sha256_ctx sha;
      struct hmac_sha256_ctx hmac;

      sha256_init (&sha);
      sha256_update (&sha, strlen (body), (const guint8 *) body);
      sha256_digest (&sha, sizeof digest, digest);
      sink ^= digest[0];

      sha256_init (&sha);
      sha256_update (&sha, creq_len, (const guint8 *) sample->canonical_request);
      sha256_digest (&sha, sizeof digest, digest);
      sink ^= digest[0];

      hmac_sha256_set_key (&hmac, sizeof key, key);
      hmac_sha256_update (&hmac, sts_len, (const guint8 *) sample->string_to_sign);
      hmac_sha256_digest (&hmac, sizeof digest, digest);
      sink ^= digest[0];
    }

  (void) sink;
  return seconds_since (start) / iterations;
}

/* botocore signing the same request, timed inside its own interpreter. */
static double
time_botocore (guint iterations)
{
  g_autofree char *script = g_strdup_printf (
    "import time\n"
    "from botocore.auth import SigV4Auth\n"
    "from botocore.awsrequest import AWSRequest\n"
    "from botocore.credentials import Credentials\n"
    "auth = SigV4Auth(Credentials('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'),"
    " 'lambda', 'eu-west-1')\n"
    "n = %u\n"
    "start = time.perf_counter()\n"
    "for _ in range(n):\n"
    "    r = AWSRequest('POST', 'https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/"
    "my-function/invocations', headers={'Content-Type': 'application/json',"
    " 'X-Amz-Invocation-Type': 'RequestResponse', 'X-Amz-Log-Type': 'Tail'}, data=%s)\n"
    "    auth.add_auth(r)\n"
    "print((time.perf_counter() - start) / n)\n",
    iterations, "b'{\"name\": \"Ada\", \"greeting\": \"hello\", \"count\": 3}'");
  const char *argv[] = { "/usr/bin/python3", "-c", script, NULL };
  g_autofree char *out = NULL;
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &wait_status, NULL) ||
      !g_spawn_check_wait_status (wait_status, NULL))
    return -1;

  return g_ascii_strtod (out, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LfSigner) signer = lf_signer_new ();
  g_autoptr(LfCredentials) credentials =
    lf_credentials_new ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL, NULL);
  g_autoptr(LfSignature) sample = NULL;
  guint iterations = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 200000;
  double ours = G_MAXDOUBLE;
  double floor_time = G_MAXDOUBLE;
  double boto;

  /* Best of three rounds each, interleaved, so a noisy neighbour hurts both alike. */
  for (guint round = 0; round < 3; round++)
    {
      LfSignature *s = NULL;
      double t = time_signer (signer, credentials, iterations, &s);

      ours = MIN (ours, t);
      if (sample == NULL)
        sample = s;
      else
        lf_signature_free (s);
      floor_time = MIN (floor_time, time_floor (sample, iterations));
    }

  boto = time_botocore (MAX (iterations / 100, 200));

  printf ("SigV4, one Invoke request (%zu-byte body, %zu-byte canonical request), best of 3\n",
          strlen (body), strlen (sample->canonical_request));
  printf ("%-34s %12s %14s %10s\n", "", "us/signature", "signatures/s", "vs floor");
  printf ("%-34s %12.3f %14.0f %9.2fx\n", "floor (2 SHA-256 + 1 HMAC, nettle)",
          floor_time * 1e6, 1 / floor_time, 1.0);
  printf ("%-34s %12.3f %14.0f %9.2fx\n", "lambda-forms signer (key cached)", ours * 1e6,
          1 / ours, ours / floor_time);
  if (boto > 0)
    printf ("%-34s %12.3f %14.0f %9.2fx\n", "botocore SigV4Auth", boto * 1e6, 1 / boto,
            boto / floor_time);
  else
    printf ("%-34s %12s\n", "botocore SigV4Auth", "(not installed)");
  printf ("goal: lambda-forms within 2x of the floor: %s\n",
          ours / floor_time <= 2.0 ? "met" : "NOT met");

  return 0;
}
