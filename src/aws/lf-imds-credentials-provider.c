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
} Run;

/* What each step asks for, in messages. */
static const char * const step_names[] = {
  [STEP_TOKEN] = N_("the session token (PUT /latest/api/token)"),
  [STEP_ROLE] = N_("the role name"),
  [STEP_CREDENTIALS] = N_("the role's credentials"),
};

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
  g_free (run);
}

static const char *
lf_imds_credentials_provider_describe (LfCredentialsProvider *provider)
{
  return _("instance metadata (IMDSv2)");
}

static void send_step (GTask *task);

static char *
on_no_answer (GTask        *task,
              const GError *cause)
{
  Run *run = g_task_get_task_data (task);

  return g_strdup_printf (_("Instance metadata: no answer for %s: %s"), _(step_names[run->step]),
                          cause->message);
}

static GError *
refused_error (Run         *run,
               SoupMessage *message)
{
  guint status = soup_message_get_status (message);
  g_autofree char *status_text = lf_credentials_http_status (message);
  GError *error;

  error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                       _("Instance metadata refused %s (%s)%s"), _(step_names[run->step]),
                       status_text,
                       run->step == STEP_ROLE && status == 404
                         ? _(": the instance has no IAM role") : "");
  lf_aws_error_set_details (error, NULL, status, NULL);
  return error;
}

static gboolean
take_token (Run     *run,
            GBytes  *body,
            GError **error)
{
  run->token = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_strstrip (run->token);
  if (run->token[0] == '\0')
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           _("Instance metadata answered an empty session token"));
      return FALSE;
    }
  return TRUE;
}

/* The first line names the role; a name with "/" would reach another path. */
static gboolean
take_role (Run     *run,
           GBytes  *body,
           GError **error)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  char *newline = strchr (text, '\n');

  if (newline != NULL)
    *newline = '\0';
  g_strstrip (text);
  if (text[0] == '\0' || strchr (text, '/') != NULL)
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           _("Instance metadata named no usable IAM role"));
      return FALSE;
    }
  run->role = g_steal_pointer (&text);
  return TRUE;
}

static LfCredentials *
take_credentials (Run     *run,
                  GBytes  *body,
                  GError **error)
{
  g_autofree char *source = g_strdup_printf (_("Instance metadata (role %s)"), run->role);
  g_autoptr(JsonObject) object = lf_credentials_parse_json (body, source, error);
  const char *code;

  if (object == NULL)
    return NULL;
  code = json_object_get_string_member_with_default (object, "Code", "Success");
  if (g_strcmp0 (code, "Success") != 0)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s: the answer's Code is “%s”"), source, code);
      return NULL;
    }
  return lf_credentials_from_json (object, source, error);
}

static void
on_step_answer (GTask       *task_,
                SoupMessage *message,
                GBytes      *body)
{
  g_autoptr(GTask) task = task_;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  LfCredentials *credentials;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_task_return_error (task, refused_error (run, message));
      return;
    }

  switch (run->step)
    {
    case STEP_TOKEN:
      if (!take_token (run, body, &error))
        break;
      run->step = STEP_ROLE;
      send_step (g_steal_pointer (&task));
      return;

    case STEP_ROLE:
      if (!take_role (run, body, &error))
        break;
      run->step = STEP_CREDENTIALS;
      send_step (g_steal_pointer (&task));
      return;

    case STEP_CREDENTIALS:
    default:
      credentials = take_credentials (run, body, &error);
      if (credentials != NULL)
        {
          g_task_return_pointer (task, credentials, (GDestroyNotify) lf_credentials_unref);
          return;
        }
      break;
    }
  g_task_return_error (task, error);
}

static SoupMessage *
step_message (LfImdsCredentialsProvider  *self,
              Run                        *run,
              char                      **url)
{
  g_autofree char *role = NULL;

  switch (run->step)
    {
    case STEP_TOKEN:
      *url = g_strconcat (self->endpoint, "/latest/api/token", NULL);
      return soup_message_new ("PUT", *url);
    case STEP_ROLE:
      *url = g_strconcat (self->endpoint, CREDENTIALS_PATH, NULL);
      return soup_message_new ("GET", *url);
    case STEP_CREDENTIALS:
    default:
      role = g_uri_escape_string (run->role, NULL, FALSE);
      *url = g_strconcat (self->endpoint, CREDENTIALS_PATH, role, NULL);
      return soup_message_new ("GET", *url);
    }
}

/* Takes @task. */
static void
send_step (GTask *task)
{
  LfImdsCredentialsProvider *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  SoupMessage *message = step_message (self, run, &url);
  SoupMessageHeaders *headers;

  if (message == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("Instance metadata: “%s” is not a usable URL"), url);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (message);
  if (run->step == STEP_TOKEN)
    {
      g_autofree char *ttl = g_strdup_printf ("%u", LF_IMDS_TOKEN_TTL_SECONDS);
      soup_message_headers_replace (headers, "X-aws-ec2-metadata-token-ttl-seconds", ttl);
    }
  else
    soup_message_headers_replace (headers, "X-aws-ec2-metadata-token", run->token);

  lf_credentials_fetch (self->session, message, task, on_no_answer, on_step_answer);
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
