/* lf-credentials-util.h: what the network and process credential providers share (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lf-credentials.h"

G_BEGIN_DECLS

/* Reads {AccessKeyId, SecretAccessKey, Token|SessionToken, Expiration} as IMDS, the container
 * endpoint and credential_process give them. @source names the provider in errors, which
 * never quote a value of the object. */
LfCredentials *lf_credentials_from_json      (JsonObject   *object,
                                              const char   *source,
                                              GError      **error);
/* Parses the whole body as one JSON object. */
JsonObject    *lf_credentials_parse_json     (GBytes       *body,
                                              const char   *source,
                                              GError      **error);
GDateTime     *lf_credentials_parse_time     (const char   *text);
/* A session for one provider: short timeouts, no proxy surprises for loopback. */
SoupSession   *lf_credentials_session_new    (guint         timeout_seconds);
/* "(HTTP 404 Not Found)" style words for a message's status. */
char          *lf_credentials_http_status    (SoupMessage  *message);
const char    *lf_credentials_env_get        (char * const *envp,
                                              const char   *name);
gboolean       lf_credentials_error_is_cancel (const GError *error);

/* A GAsyncReadyCallback for a provider that hands on another's answer: finishes the request
 * of the LfCredentialsProvider @source and returns what came of it on @task (taken). */
void           lf_credentials_forward_to_task (GObject      *source,
                                               GAsyncResult *result,
                                               gpointer      task);

/* One HTTP exchange of a network provider. @failed makes the sentence for an exchange that got
 * no answer, around @cause (never quoting a secret); @answered takes @task on once an answer of
 * any status came. */
typedef char *(*LfFetchFailedFunc)   (GTask        *task,
                                      const GError *cause);
typedef void  (*LfFetchAnsweredFunc) (GTask        *task,
                                      SoupMessage  *message,
                                      GBytes       *body);

/* Sends @message on @session with @task's cancellable; both are taken. Without an answer,
 * @task returns a cancellation as it is, anything else as LF_AWS_ERROR_CREDENTIALS. */
void           lf_credentials_fetch           (SoupSession         *session,
                                               SoupMessage         *message,
                                               GTask               *task,
                                               LfFetchFailedFunc    failed,
                                               LfFetchAnsweredFunc  answered);

G_END_DECLS

G_BEGIN_DECLS
/* https://SERVICE.REGION.DNS-SUFFIX, or @override (validated, plain http only on loopback). */
char          *lf_credentials_service_url    (const char   *service,
                                              const char   *region,
                                              const char   *override,
                                              GError      **error);
G_END_DECLS
