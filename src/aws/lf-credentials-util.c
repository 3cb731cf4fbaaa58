/* lf-credentials-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-json-util.h"
#include "lf-aws-error.h"
#include "lf-credentials-provider.h"
#include "lf-credentials-util.h"
#include "lf-endpoint.h"

GDateTime *
lf_credentials_parse_time (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}

LfCredentials *
lf_credentials_from_json (JsonObject  *object,
                          const char  *source,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) expiration = NULL;
  const char *key_id = lf_json_object_get_string_member_or_null (object, "AccessKeyId");
  const char *secret = lf_json_object_get_string_member_or_null (object, "SecretAccessKey");
  const char *token = lf_json_object_get_string_member_or_null (object, "Token");
  const char *expires = lf_json_object_get_string_member_or_null (object, "Expiration");

  if (token == NULL)
    token = lf_json_object_get_string_member_or_null (object, "SessionToken");

  if (key_id == NULL || secret == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s: the answer has no %s string"), source,
                   key_id == NULL ? "AccessKeyId" : "SecretAccessKey");
      return NULL;
    }
  if (!lf_credentials_validate (key_id, secret, &local_error))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS, "%s: %s", source,
                   local_error->message);
      return NULL;
    }
  if (expires != NULL)
    {
      expiration = lf_credentials_parse_time (expires);
      if (expiration == NULL)
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                       _("%s: the Expiration “%s” is not an ISO 8601 time with a zone"), source,
                       expires);
          return NULL;
        }
    }

  return lf_credentials_new (key_id, secret, token, expiration);
}

JsonObject *
lf_credentials_parse_json (GBytes      *body,
                           const char  *source,
                           GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  root = lf_json_parse_bytes (body, &local_error);
  if (g_error_matches (local_error, LF_JSON_ERROR, LF_JSON_ERROR_EMPTY))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS, _("%s: the answer is empty"),
                   source);
      return NULL;
    }
  /* The parser's message may quote the text, which holds secrets: keep only the position. */
  if (root == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s: the answer is not valid JSON"), source);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s: the answer is not a JSON object"), source);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

SoupSession *
lf_credentials_session_new (guint timeout_seconds)
{
  return soup_session_new_with_options ("timeout", timeout_seconds,
                                        "idle-timeout", timeout_seconds,
                                        "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                        NULL);
}

char *
lf_credentials_http_status (SoupMessage *message)
{
  const char *reason = soup_message_get_reason_phrase (message);

  return g_strdup_printf ("HTTP %u%s%s", soup_message_get_status (message),
                          reason && *reason ? " " : "", reason ? reason : "");
}

const char *
lf_credentials_env_get (char * const *envp,
                        const char   *name)
{
  const char *value = envp ? g_environ_getenv ((char **) envp, name) : g_getenv (name);

  return (value && *value) ? value : NULL;
}

gboolean
lf_credentials_error_is_cancel (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED);
}

void
lf_credentials_forward_to_task (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  LfCredentials *credentials;

  credentials = lf_credentials_provider_get_credentials_finish (LF_CREDENTIALS_PROVIDER (source),
                                                                result, &error);
  if (credentials == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, (GDestroyNotify) lf_credentials_unref);
}

typedef struct
{
  GTask *task;
  SoupMessage *message;
  LfFetchFailedFunc failed;
  LfFetchAnsweredFunc answered;
} Fetch;

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&fetch->task);
  g_autoptr(SoupMessage) message = g_steal_pointer (&fetch->message);
  LfFetchFailedFunc failed = fetch->failed;
  LfFetchAnsweredFunc answered = fetch->answered;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  g_free (fetch);
  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL && lf_credentials_error_is_cancel (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (body == NULL)
    {
      g_autofree char *sentence = failed (task, error);

      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS, "%s", sentence);
      return;
    }
  answered (g_steal_pointer (&task), message, body);
}

void
lf_credentials_fetch (SoupSession         *session,
                      SoupMessage         *message,
                      GTask               *task,
                      LfFetchFailedFunc    failed,
                      LfFetchAnsweredFunc  answered)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->task = task;
  fetch->message = message;
  fetch->failed = failed;
  fetch->answered = answered;
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_fetched, fetch);
}

char *
lf_credentials_service_url (const char  *service,
                            const char  *region,
                            const char  *override,
                            GError     **error)
{
  const LfRegion *known;

  if (override != NULL && override[0] != '\0')
    {
      g_autoptr(GError) local_error = NULL;
      char *url;

      if (!lf_endpoint_validate_url (override, FALSE, &local_error))
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS, _("The %s endpoint: %s"),
                       service, local_error->message);
          return NULL;
        }
      url = g_strdup (override);
      while (g_str_has_suffix (url, "/"))
        url[strlen (url) - 1] = '\0';
      return url;
    }

  if (!lf_region_validate (region, error))
    return NULL;
  known = lf_region_lookup (region);
  return g_strdup_printf ("https://%s.%s.%s", service, region,
                          known ? lf_region_get_dns_suffix (known) : "amazonaws.com");
}
