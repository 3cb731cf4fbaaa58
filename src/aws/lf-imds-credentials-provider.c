/* lf-imds-credentials-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-aws-error.h"
#include "lf-credentials-util.h"
#include "lf-imds-credentials-provider.h"

#define CREDENTIALS_PATH "/latest/meta-data/iam/security-credentials/"
/* Off EC2 nothing answers at the link-local address: give up quickly. */
#define TIMEOUT_SECONDS 2

struct _LfImdsCredentialsProvider
{
  GObject parent_instance;

  char **envp;
  char *endpoint;    /* no trailing slash */
  gboolean disabled;
  SoupSession *session;
};

typedef enum
{
  STEP_TOKEN,
  STEP_ROLE,
  STEP_CREDENTIALS,
} Step;

typedef struct
{
  Step step;
  char *token;
  char *role;
  SoupMessage *message;
} Run;

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfImdsCredentialsProvider, lf_imds_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
run_free (Run *run)
{
  g_clear_pointer (&run->token, lf_secret_wipe);
  g_clear_pointer (&run->role, g_free);
  g_clear_object (&run->message);
  g_free (run);
}

static const char *
lf_imds_credentials_provider_describe (LfCredentialsProvider *provider)
{
  return _("instance metadata (IMDSv2)");
}

static void send_step (GTask *task);

static void
on_step_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *status_text = NULL;
  static const char * const what[] = {
    [STEP_TOKEN] = N_("the session token (PUT /latest/api/token)"),
    [STEP_ROLE] = N_("the role name"),
    [STEP_CREDENTIALS] = N_("the role's credentials"),
  };
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (lf_credentials_error_is_cancel (error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                 _("Instance metadata: no answer for %s: %s"), what[run->step],
                                 error->message);
      return;
    }

  status = soup_message_get_status (run->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      status_text = lf_credentials_http_status (run->message);
      error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           _("Instance metadata refused %s (%s)%s"), _(what[run->step]),
                           status_text,
                           run->step == STEP_ROLE && status == 404
                             ? _(": the instance has no IAM role") : "");
      lf_aws_error_set_details (error, NULL, status, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (run->step)
    {
    case STEP_TOKEN:
      run->token = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      g_strstrip (run->token);
      if (run->token[0] == '\0')
        {
          g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                   _("Instance metadata answered an empty session token"));
          return;
        }
      run->step = STEP_ROLE;
      break;

    case STEP_ROLE:
      {
        g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
        char *newline = strchr (text, '\n');

        if (newline != NULL)
          *newline = '\0';
        g_strstrip (text);
        if (text[0] == '\0' || strchr (text, '/') != NULL)
          {
            g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                     _("Instance metadata named no usable IAM role"));
            return;
          }
        run->role = g_steal_pointer (&text);
        run->step = STEP_CREDENTIALS;
      }
      break;

    case STEP_CREDENTIALS:
      {
        g_autoptr(JsonObject) object_ = NULL;
        LfCredentials *credentials;
        g_autofree char *source = g_strdup_printf (_("Instance metadata (role %s)"), run->role);
        const char *code;

        object_ = lf_credentials_parse_json (body, source, &error);
        if (object_ == NULL)
          {
            g_task_return_error (task, g_steal_pointer (&error));
            return;
          }
        code = json_object_get_string_member_with_default (object_, "Code", "Success");
        if (g_strcmp0 (code, "Success") != 0)
          {
            g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                     _("%s: the answer's Code is “%s”"), source, code);
            return;
          }
        credentials = lf_credentials_from_json (object_, source, &error);
        if (credentials == NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_pointer (task, credentials, (GDestroyNotify) lf_credentials_unref);
        return;
      }

    default:
      g_assert_not_reached ();
    }

  send_step (g_steal_pointer (&task));
}

static void
send_step (GTask *task)
{
  LfImdsCredentialsProvider *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;

  g_clear_object (&run->message);
  switch (run->step)
    {
    case STEP_TOKEN:
      url = g_strconcat (self->endpoint, "/latest/api/token", NULL);
      run->message = soup_message_new ("PUT", url);
      break;
    case STEP_ROLE:
      url = g_strconcat (self->endpoint, CREDENTIALS_PATH, NULL);
      run->message = soup_message_new ("GET", url);
      break;
    case STEP_CREDENTIALS:
    default:
      {
        g_autofree char *role = g_uri_escape_string (run->role, NULL, FALSE);
        url = g_strconcat (self->endpoint, CREDENTIALS_PATH, role, NULL);
        run->message = soup_message_new ("GET", url);
      }
      break;
    }

  if (run->message == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("Instance metadata: “%s” is not a usable URL"), url);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (run->message);
  if (run->step == STEP_TOKEN)
    {
      g_autofree char *ttl = g_strdup_printf ("%u", LF_IMDS_TOKEN_TTL_SECONDS);
      soup_message_headers_replace (headers, "X-aws-ec2-metadata-token-ttl-seconds", ttl);
    }
  else
    soup_message_headers_replace (headers, "X-aws-ec2-metadata-token", run->token);

  soup_session_send_and_read_async (self->session, run->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_step_done, task);
}

static void
lf_imds_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data)
{
  LfImdsCredentialsProvider *self = LF_IMDS_CREDENTIALS_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, lf_imds_credentials_provider_get_credentials_async);
  g_task_set_task_data (task, g_new0 (Run, 1), (GDestroyNotify) run_free);

  if (self->disabled)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("Instance metadata is disabled (AWS_EC2_METADATA_DISABLED)"));
      g_object_unref (task);
      return;
    }

  send_step (task);
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->describe = lf_imds_credentials_provider_describe;
  iface->get_credentials_async = lf_imds_credentials_provider_get_credentials_async;
}

static void
lf_imds_credentials_provider_dispose (GObject *object)
{
  LfImdsCredentialsProvider *self = (LfImdsCredentialsProvider *) object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (lf_imds_credentials_provider_parent_class)->dispose (object);
}

static void
lf_imds_credentials_provider_finalize (GObject *object)
{
  LfImdsCredentialsProvider *self = (LfImdsCredentialsProvider *) object;

  g_clear_pointer (&self->envp, g_strfreev);
  g_clear_pointer (&self->endpoint, g_free);

  G_OBJECT_CLASS (lf_imds_credentials_provider_parent_class)->finalize (object);
}

static void
lf_imds_credentials_provider_class_init (LfImdsCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_imds_credentials_provider_dispose;
  G_OBJECT_CLASS (klass)->finalize = lf_imds_credentials_provider_finalize;
}

static void
lf_imds_credentials_provider_init (LfImdsCredentialsProvider *self)
{
  self->session = lf_credentials_session_new (TIMEOUT_SECONDS);
}

LfCredentialsProvider *
lf_imds_credentials_provider_new (const char * const *envp)
{
  LfImdsCredentialsProvider *self = g_object_new (LF_TYPE_IMDS_CREDENTIALS_PROVIDER, NULL);
  const char *endpoint;
  const char *disabled;

  self->envp = envp ? g_strdupv ((char **) envp) : NULL;
  endpoint = lf_credentials_env_get (self->envp, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
  disabled = lf_credentials_env_get (self->envp, "AWS_EC2_METADATA_DISABLED");

  self->endpoint = g_strdup (endpoint ? endpoint : LF_IMDS_DEFAULT_ENDPOINT);
  while (g_str_has_suffix (self->endpoint, "/"))
    self->endpoint[strlen (self->endpoint) - 1] = '\0';
  self->disabled = disabled != NULL && g_ascii_strcasecmp (disabled, "true") == 0;

  return LF_CREDENTIALS_PROVIDER (self);
}

const char *
lf_imds_credentials_provider_get_endpoint (LfImdsCredentialsProvider *self)
{
  g_return_val_if_fail (LF_IS_IMDS_CREDENTIALS_PROVIDER (self), NULL);

  return self->endpoint;
}
