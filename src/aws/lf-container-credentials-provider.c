/* lf-container-credentials-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-aws-error.h"
#include "lf-container-credentials-provider.h"
#include "lf-credentials-util.h"
#include "lf-endpoint.h"

#define TIMEOUT_SECONDS 5

struct _LfContainerCredentialsProvider
{
  GObject parent_instance;

  char **envp;
  char *url;
  char *problem;     /* why there is no URL */
  SoupSession *session;
};

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfContainerCredentialsProvider, lf_container_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static const char *
lf_container_credentials_provider_describe (LfCredentialsProvider *provider)
{
  return _("container credentials (ECS/EKS)");
}

/* A full URI may carry the token, so it must not leave the machine in clear text. */
static gboolean
full_uri_allowed (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;
  host = g_uri_get_host (uri);
  return lf_endpoint_url_is_loopback (url) || g_str_equal (host, "169.254.170.2") ||
         g_str_equal (host, "169.254.170.23") || g_str_equal (host, "fd00:ec2::23");
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  LfCredentials *credentials;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (lf_credentials_error_is_cancel (error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                 _("Container credentials: no answer: %s"), error->message);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_autofree char *status = lf_credentials_http_status (message);

      error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           _("The container credentials endpoint refused the request (%s)"),
                           status);
      lf_aws_error_set_details (error, NULL, soup_message_get_status (message), NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = lf_credentials_parse_json (body, _("Container credentials"), &error);
  credentials = answer ? lf_credentials_from_json (answer, _("Container credentials"),
                                                   &error) : NULL;
  if (credentials == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, credentials, (GDestroyNotify) lf_credentials_unref);
}

static void
lf_container_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data)
{
  LfContainerCredentialsProvider *self = LF_CONTAINER_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *token = NULL;
  const char *token_file;
  SoupMessage *message;

  g_task_set_source_tag (task, lf_container_credentials_provider_get_credentials_async);

  if (self->url == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS, "%s",
                               self->problem);
      return;
    }

  token_file = lf_credentials_env_get (self->envp, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  if (token_file != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* EKS rotates the file: read it on every request. */
      if (!g_file_get_contents (token_file, &token, NULL, &error))
        {
          g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                   _("Container credentials: cannot read the token file "
                                     "(AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE): %s"),
                                   error->message);
          return;
        }
      g_strstrip (token);
    }
  else
    token = g_strdup (lf_credentials_env_get (self->envp, "AWS_CONTAINER_AUTHORIZATION_TOKEN"));

  if (token != NULL && (strchr (token, '\r') || strchr (token, '\n')))
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("Container credentials: the authorization token holds a line "
                                 "break"));
      return;
    }

  message = soup_message_new ("GET", self->url);
  g_task_set_task_data (task, message, g_object_unref);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");
  if (token != NULL && token[0] != '\0')
    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                  token);
  g_clear_pointer (&token, lf_secret_wipe);

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, cancellable,
                                    on_sent, g_steal_pointer (&task));
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->describe = lf_container_credentials_provider_describe;
  iface->get_credentials_async = lf_container_credentials_provider_get_credentials_async;
}

static void
lf_container_credentials_provider_dispose (GObject *object)
{
  LfContainerCredentialsProvider *self = (LfContainerCredentialsProvider *) object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (lf_container_credentials_provider_parent_class)->dispose (object);
}

static void
lf_container_credentials_provider_finalize (GObject *object)
{
  LfContainerCredentialsProvider *self = (LfContainerCredentialsProvider *) object;

  g_clear_pointer (&self->envp, g_strfreev);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (lf_container_credentials_provider_parent_class)->finalize (object);
}

static void
lf_container_credentials_provider_class_init (LfContainerCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_container_credentials_provider_dispose;
  G_OBJECT_CLASS (klass)->finalize = lf_container_credentials_provider_finalize;
}

static void
lf_container_credentials_provider_init (LfContainerCredentialsProvider *self)
{
  self->session = lf_credentials_session_new (TIMEOUT_SECONDS);
}

gboolean
lf_container_credentials_provider_is_configured (const char * const *envp)
{
  return lf_credentials_env_get ((char * const *) envp,
                                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != NULL ||
         lf_credentials_env_get ((char * const *) envp,
                                 "AWS_CONTAINER_CREDENTIALS_FULL_URI") != NULL;
}

LfCredentialsProvider *
lf_container_credentials_provider_new (const char * const *envp)
{
  LfContainerCredentialsProvider *self =
    g_object_new (LF_TYPE_CONTAINER_CREDENTIALS_PROVIDER, NULL);
  const char *relative;
  const char *full;

  self->envp = envp ? g_strdupv ((char **) envp) : NULL;
  relative = lf_credentials_env_get (self->envp, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  full = lf_credentials_env_get (self->envp, "AWS_CONTAINER_CREDENTIALS_FULL_URI");

  if (relative != NULL)
    {
      if (relative[0] != '/')
        self->problem = g_strdup (_("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI does not start with "
                                    "“/”"));
      else
        self->url = g_strconcat (LF_CONTAINER_DEFAULT_HOST, relative, NULL);
    }
  else if (full != NULL)
    {
      if (full_uri_allowed (full))
        self->url = g_strdup (full);
      else
        self->problem = g_strdup_printf (_("AWS_CONTAINER_CREDENTIALS_FULL_URI “%s” is neither "
                                           "https nor a loopback or ECS/EKS agent address"),
                                         full);
    }
  else
    self->problem = g_strdup (_("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
                                "AWS_CONTAINER_CREDENTIALS_FULL_URI are not set"));

  return LF_CREDENTIALS_PROVIDER (self);
}

const char *
lf_container_credentials_provider_get_url (LfContainerCredentialsProvider *self)
{
  g_return_val_if_fail (LF_IS_CONTAINER_CREDENTIALS_PROVIDER (self), NULL);

  return self->url;
}
