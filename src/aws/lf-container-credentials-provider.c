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

static char *
on_no_answer (GTask        *task,
              const GError *cause)
{
  return g_strdup_printf (_("Container credentials: no answer: %s"), cause->message);
}

static void
on_answer (GTask       *task_,
           SoupMessage *message,
           GBytes      *body)
{
  g_autoptr(GTask) task = task_;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  LfCredentials *credentials;

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

/* EKS rotates the token file, so it is read for every request. NULL without error: none set. */
static char *
read_token (LfContainerCredentialsProvider  *self,
            GError                         **error)
{
  const char *token_file = lf_credentials_env_get (self->envp,
                                                   "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  g_autoptr(GError) local_error = NULL;
  char *token = NULL;

  if (token_file == NULL)
    token = g_strdup (lf_credentials_env_get (self->envp, "AWS_CONTAINER_AUTHORIZATION_TOKEN"));
  else if (g_file_get_contents (token_file, &token, NULL, &local_error))
    g_strstrip (token);
  else
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("Container credentials: cannot read the token file "
                     "(AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE): %s"), local_error->message);
      return NULL;
    }

  if (token != NULL && (strchr (token, '\r') || strchr (token, '\n')))
    {
      lf_secret_wipe (token);
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           _("Container credentials: the authorization token holds a line "
                             "break"));
      return NULL;
    }
  return token;
}

static void
lf_container_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                         GCancellable          *cancellable,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data)
{
  LfContainerCredentialsProvider *self = LF_CONTAINER_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  char *token;
  SoupMessage *message;

  g_task_set_source_tag (task, lf_container_credentials_provider_get_credentials_async);

  if (self->url == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS, "%s",
                               self->problem);
      return;
    }
  token = read_token (self, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  message = soup_message_new ("GET", self->url);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");
  if (token != NULL && token[0] != '\0')
    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                  token);
  lf_secret_wipe (token);

  lf_credentials_fetch (self->session, message, g_steal_pointer (&task), on_no_answer, on_answer);
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
