/* lf-sandbox-private.h: what the sandbox object (lf-sandbox.c) and its API (lf-sandbox-api.c)
 * share
 *
 * lf-sandbox.c owns the settings, the credentials and the server: it judges each request on its
 * headers and verifies its signature. lf-sandbox-api.c answers what gets through.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-http-server.h"
#include "lf-sandbox.h"
#include "lf-sandbox-schemas.h"
#include "lf-sandbox-verifier.h"

G_BEGIN_DECLS

struct _LfSandbox
{
  GObject parent_instance;

  LfSandboxSettings *settings;
  LfCredentials *credentials;

  LfSandboxRegistry *registry;
  LfSandboxFaults *faults;
  LfSandboxVerifier *verifier;
  LfSandboxVerifier *schemas_verifier;   /* requests to the Schemas API are signed for it */
  LfSandboxSchemas *schemas;
  char *schemas_file;
  LfHttpServer *server;
  char *url;
  guint port;
  gboolean stopping;

  GHashTable *pools;     /* function name → LfSandboxPool */
  GPtrArray *retired;    /* pools of deleted functions, until their processes are gone */
};

/* Answers a request that is signed and verified: routes it, applies the faults set for the
 * function it names, then runs the operation. */
void    _lf_sandbox_api_handle        (LfSandbox      *self,
                                       LfHttpExchange *exchange);

/* The body of every error of Lambda's REST API: the message, with the error's Type and (for
 * throttling) its Reason when they are not NULL. */
GBytes *_lf_sandbox_aws_error_body    (const char     *type,
                                       const char     *message,
                                       const char     *reason);
/* Answers with an error of Lambda's REST API: @exception in x-amzn-ErrorType, the rest in the
 * body. Nothing is sent to a caller that is gone or was answered already. */
void    _lf_sandbox_respond_aws_error (LfHttpExchange *exchange,
                                       guint           status,
                                       const char     *exception,
                                       const char     *type,
                                       const char     *message,
                                       const char     *reason);
/* The same for an LF_SANDBOX_ERROR (see lf_sandbox_error_to_aws ()). */
void    _lf_sandbox_respond_error     (LfHttpExchange *exchange,
                                       const GError   *error);
void    _lf_sandbox_respond_stopping  (LfHttpExchange *exchange);
/* What a client is told when its request is over @limit, Lambda's words for Invoke. */
char   *_lf_sandbox_too_large_message (gsize           limit);

G_END_DECLS
