/* fuzz-sandbox-request.c: libFuzzer target for the sandbox's request handling
 *
 * The bytes arrive as one connection's stream into the real sandbox server (its HTTP reader,
 * the judge on each head, limits, chunked bodies and trailers, the signature check and the
 * routes behind it). Whatever they are, nothing may crash, and the connection must end: the
 * sandbox never keeps a connection whose input has ended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lf-sandbox.h"

#define MAX_ITERATIONS 100000

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static LfSandbox *sandbox;

static void
start_sandbox (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *functions = g_build_filename (SOURCE_DATADIR, "sandbox", "functions", NULL);

  sandbox = lf_sandbox_new ();
  /* Known keys, so a seed can carry a signature that gets past the judge. */
  lf_sandbox_set_credentials (sandbox, "AKIDFUZZTESTKEY00000", "fuzz-secret-for-seeds", NULL);
  if (!lf_sandbox_add_functions_dir (sandbox, functions, &error) ||
      !lf_sandbox_start (sandbox, 0, &error))
    {
      g_printerr ("fuzz-sandbox-request: %s\n", error->message);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) remote = g_inet_socket_address_new (loopback, 40000);
  guint iterations = 0;

  if (sandbox == NULL)
    start_sandbox ();

  in = g_memory_input_stream_new_from_data (g_memdup2 (data, size), size, g_free);
  out = g_memory_output_stream_new_resizable ();
  stream = g_simple_io_stream_new (in, out);
  lf_sandbox_serve_stream (sandbox, stream, remote);

  /* The input ends, so the connection must end: no request is kept waiting forever (an
   * Invoke of a sample function answers within its timeout). */
  while (lf_sandbox_get_n_connections (sandbox) > 0)
    {
      g_main_context_iteration (NULL, TRUE);
      if (++iterations > MAX_ITERATIONS)
        abort ();
    }
  return 0;
}
