/* lf-process-credentials-provider.h: credentials printed by a program (credential_process)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"

G_BEGIN_DECLS

#define LF_PROCESS_DEFAULT_TIMEOUT_SECONDS 60

#define LF_TYPE_PROCESS_CREDENTIALS_PROVIDER (lf_process_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (LfProcessCredentialsProvider, lf_process_credentials_provider,
                      LF, PROCESS_CREDENTIALS_PROVIDER, GObject)

/* @command_line is split as a shell would split words, but no shell runs it. @where
 * ("FILE:LINE", nullable) names the setting in errors. The program must print a JSON object
 * with Version 1, AccessKeyId, SecretAccessKey and optionally SessionToken and Expiration,
 * exit 0, and do so within @timeout_seconds. */
LfCredentialsProvider *lf_process_credentials_provider_new (const char  *command_line,
                                                            const char  *where,
                                                            guint        timeout_seconds,
                                                            GError     **error);

G_END_DECLS
