/* lf-sandbox-verifier.h: checks the SigV4 signature of requests made to the sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "lf-credentials.h"
#include "lf-http-exchange.h"

G_BEGIN_DECLS

/* How far a request's date may be from the sandbox's clock, as AWS allows. */
#define LF_SANDBOX_VERIFIER_MAX_SKEW_SECONDS (15 * 60)

#define LF_TYPE_SANDBOX_VERIFIER (lf_sandbox_verifier_get_type ())

G_DECLARE_FINAL_TYPE (LfSandboxVerifier, lf_sandbox_verifier, LF, SANDBOX_VERIFIER, GObject)

LfSandboxVerifier *lf_sandbox_verifier_new    (LfCredentials       *credentials,
                                               const char          *region,
                                               const char          *service);
gboolean           lf_sandbox_verifier_verify (LfSandboxVerifier   *self,
                                               const char          *method,
                                               const char          *url,
                                               SoupMessageHeaders  *headers,
                                               GBytes              *body,
                                               GDateTime           *now,
                                               GError             **error);

gboolean           lf_sandbox_verifier_verify_message (LfSandboxVerifier  *self,
                                                       SoupServerMessage  *msg,
                                                       GBytes             *body,
                                                       GError            **error);

gboolean           lf_sandbox_verifier_verify_exchange (LfSandboxVerifier  *self,
                                                        LfHttpExchange     *exchange,
                                                        GBytes             *body,
                                                        GError            **error);
gboolean           lf_sandbox_verifier_check_identity (LfSandboxVerifier   *self,
                                                       SoupMessageHeaders  *headers,
                                                       GError             **error);

G_END_DECLS
