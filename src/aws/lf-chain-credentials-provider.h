/* lf-chain-credentials-provider.h: the first provider of a list that answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"

G_BEGIN_DECLS

#define LF_TYPE_CHAIN_CREDENTIALS_PROVIDER (lf_chain_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfChainCredentialsProvider, lf_chain_credentials_provider,
                      LF, CHAIN_CREDENTIALS_PROVIDER, GObject)

/* Tries each provider in turn; the first that answers wins and is remembered. */
LfCredentialsProvider *lf_chain_credentials_provider_new         (GPtrArray          *providers);
/* The SDKs' order: environment, the shared profile, container credentials, then the
 * instance metadata service. */
LfCredentialsProvider *lf_chain_credentials_provider_new_default (const char * const *envp);

G_END_DECLS
