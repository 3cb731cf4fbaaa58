/* lf-sts-credentials-provider.c
 *
 * The Query API: a form-encoded POST signed for service "sts", answered in XML that GLib's
 * markup parser reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-aws-error.h"
#include "lf-aws-xml.h"
#include "lf-credentials-util.h"
#include "lf-signer.h"
#include "lf-sts-credentials-provider.h"

#define TIMEOUT_SECONDS 30

struct _LfStsCredentialsProvider
{
  GObject parent_instance;

  LfCredentialsProvider *source;
  char *role_arn;
  char *session_name;
  guint duration_seconds;
  char *external_id;
  char *mfa_serial;
  char *region;
  char *endpoint;

  LfMfaFunc mfa_func;
  gpointer mfa_data;
  GDestroyNotify mfa_destroy;

  char *description;
  LfSigner *signer;
  SoupSession *session;
};

typedef struct
{
  LfCredentials *source_credentials;
  char *mfa_code;
} Run;

struct _LfMfaReply
{
  GTask *task;
};

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfStsCredentialsProvider, lf_sts_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
run_free (Run *run)
{
  g_clear_pointer (&run->source_credentials, lf_credentials_unref);
  g_clear_pointer (&run->mfa_code, lf_secret_wipe);
  g_free (run);
}

gboolean
lf_sts_validate_role_arn (const char  *arn,
                          GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (arn == NULL || arn[0] == '\0')
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           _("No role ARN is given"));
      return FALSE;
    }
  parts = g_strsplit (arn, ":", 6);
  if (g_strv_length (parts) != 6 || !g_str_equal (parts[0], "arn") || parts[1][0] == '\0' ||
      !g_str_equal (parts[2], "iam") || parts[4][0] == '\0' ||
      !g_str_has_prefix (parts[5], "role/") || parts[5][5] == '\0')
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("“%s” is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)"), arn);
      return FALSE;
    }
  return TRUE;
}

gboolean
lf_sts_validate_session_name (const char  *name,
                              GError     **error)
{
  gsize length = name ? strlen (name) : 0;

  if (length < 2 || length > 64)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("A role session name has 2 to 64 characters, not %zu"), length);
      return FALSE;
    }
  for (const char *p = name; *p; p++)
    {
      if (!(g_ascii_isalnum (*p) || strchr ("_=,.@-", *p) != NULL))
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                       _("The role session name “%s” may only hold letters, digits and _=,.@-"),
                       name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
lf_sts_validate_duration (guint    seconds,
                          GError **error)
{
  if (seconds != 0 && (seconds < 900 || seconds > 43200))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("A role session lasts 900 to 43200 seconds, not %u"), seconds);
      return FALSE;
    }
  return TRUE;
}

static const char *
lf_sts_credentials_provider_describe (LfCredentialsProvider *provider)
{
  return LF_STS_CREDENTIALS_PROVIDER (provider)->description;
}

/* The answer's XML ------------------------------------------------------------------------- */

static const char * const wanted_elements[] = {
  "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", "Code", "Message", "Type",
  "RequestId", NULL,
};

/* NULL with @error when the text is not XML. The table's values may be secrets: wiped. */
static GHashTable *
read_xml (GBytes  *body,
          GError **error)
{
  if (body == NULL || g_bytes_get_size (body) == 0)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_EMPTY, _("The answer is empty"));
      return NULL;
    }
  return lf_aws_xml_read_elements (body, wanted_elements, error);
}

/* The request ------------------------------------------------------------------------------ */

static void
append_param (GString    *body,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_printf (body, "&%s=%s", name, escaped);
}

static char *
on_no_answer (GTask        *task,
              const GError *cause)
{
  LfStsCredentialsProvider *self = g_task_get_source_object (task);

  return g_strdup_printf (_("STS AssumeRole of %s: no answer from %s: %s"), self->role_arn,
                          self->endpoint, cause->message);
}

/* STS's own words when it has any (@values may be NULL), its status either way. */
static GError *
refused_error (LfStsCredentialsProvider *self,
               SoupMessage              *message,
               GHashTable               *values)
{
  guint status = soup_message_get_status (message);
  const char *code = values ? g_hash_table_lookup (values, "Code") : NULL;
  const char *text = values ? g_hash_table_lookup (values, "Message") : NULL;
  const char *request_id = values ? g_hash_table_lookup (values, "RequestId") : NULL;
  GError *error;

  if (request_id == NULL)
    request_id = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                               "x-amzn-RequestId");
  if (code != NULL)
    error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                         _("STS refused to assume %s: %s (%s, HTTP %u)"), self->role_arn,
                         text ? text : _("no message"), code, status);
  else
    error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                         _("STS refused to assume %s (HTTP %u)"), self->role_arn, status);
  lf_aws_error_set_details (error, code, status, request_id);
  return error;
}

static LfCredentials *
credentials_from_values (LfStsCredentialsProvider  *self,
                         GHashTable                *values,
                         GError                   **error)
{
  g_autoptr(GDateTime) expiration = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *key_id = g_hash_table_lookup (values, "AccessKeyId");
  const char *secret = g_hash_table_lookup (values, "SecretAccessKey");
  const char *token = g_hash_table_lookup (values, "SessionToken");
  const char *expires = g_hash_table_lookup (values, "Expiration");

  if (key_id == NULL || secret == NULL || token == NULL || expires == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("STS AssumeRole of %s: the answer lacks the credentials' %s"), self->role_arn,
                   key_id == NULL ? "AccessKeyId" :
                   secret == NULL ? "SecretAccessKey" :
                   token == NULL ? "SessionToken" : "Expiration");
      return NULL;
    }
  expiration = lf_credentials_parse_time (expires);
  if (expiration == NULL || !lf_credentials_validate (key_id, secret, &local_error))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("STS AssumeRole of %s: the answer's credentials are unusable: %s"),
                   self->role_arn, local_error ? local_error->message : _("bad Expiration"));
      return NULL;
    }
  return lf_credentials_new (key_id, secret, token, expiration);
}

static void
on_answer (GTask       *task_,
           SoupMessage *message,
           GBytes      *body)
{
  g_autoptr(GTask) task = task_;
  LfStsCredentialsProvider *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = read_xml (body, &error);
  LfCredentials *credentials;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_task_return_error (task, refused_error (self, message, values));
      return;
    }
  if (values == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("STS AssumeRole of %s: the answer is not XML: %s"), self->role_arn,
                               error->message);
      return;
    }
  g_clear_error (&error);
  credentials = credentials_from_values (self, values, &error);
  if (credentials == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, credentials, (GDestroyNotify) lf_credentials_unref);
}

/* The form-encoded AssumeRole parameters. */
static GString *
assume_role_body (LfStsCredentialsProvider *self,
                  Run                      *run)
{
  GString *body = g_string_new ("Action=AssumeRole&Version=2011-06-15");
  g_autofree char *session_name = NULL;

  session_name = self->session_name
                   ? g_strdup (self->session_name)
                   : g_strdup_printf ("lambda-forms-%" G_GINT64_FORMAT,
                                      g_get_real_time () / G_USEC_PER_SEC);
  append_param (body, "RoleArn", self->role_arn);
  append_param (body, "RoleSessionName", session_name);
  if (self->duration_seconds != 0)
    {
      g_autofree char *duration = g_strdup_printf ("%u", self->duration_seconds);
      append_param (body, "DurationSeconds", duration);
    }
  if (self->external_id != NULL)
    append_param (body, "ExternalId", self->external_id);
  if (self->mfa_serial != NULL)
    {
      append_param (body, "SerialNumber", self->mfa_serial);
      append_param (body, "TokenCode", run->mfa_code);
    }
  return body;
}

/* Takes @task. */
static void
send_assume_role (GTask *task)
{
  LfStsCredentialsProvider *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GString) body = assume_role_body (self, run);
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (self->endpoint, "/", NULL);
  g_autoptr(GBytes) bytes = NULL;
  LfHeader headers[] = {
    { (char *) "Content-Type", (char *) "application/x-www-form-urlencoded; charset=utf-8" },
  };
  LfSignRequest request = { 0 };
  SoupMessage *message;
  SoupMessageHeaders *message_headers;

  request.method = "POST";
  request.url = url;
  request.headers = headers;
  request.n_headers = G_N_ELEMENTS (headers);
  request.body = (const guint8 *) body->str;
  request.body_length = body->len;
  request.region = self->region;
  request.service = "sts";

  signature = lf_signer_sign (self->signer, &request, run->source_credentials, &error);
  if (signature == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("STS AssumeRole of %s: cannot sign with the source credentials "
                                 "(%s): %s"), self->role_arn,
                               lf_credentials_provider_describe (self->source), error->message);
      g_object_unref (task);
      return;
    }

  message = soup_message_new ("POST", url);
  message_headers = soup_message_get_request_headers (message);
  for (guint i = 0; i < signature->n_headers; i++)
    if (g_ascii_strcasecmp (signature->headers[i].name, "Host") != 0)
      soup_message_headers_replace (message_headers, signature->headers[i].name,
                                    signature->headers[i].value);
  soup_message_headers_replace (message_headers, "Accept", "text/xml");
  bytes = g_bytes_new (body->str, body->len);
  soup_message_set_request_body_from_bytes (message, headers[0].value, bytes);

  lf_credentials_fetch (self->session, message, task, on_no_answer, on_answer);
}

/* MFA -------------------------------------------------------------------------------------- */

void
lf_mfa_reply_return_code (LfMfaReply *reply,
                          const char *code)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (reply != NULL);

  task = g_steal_pointer (&reply->task);
  g_free (reply);
  run = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (code == NULL || strlen (code) != 6 || strspn (code, "0123456789") != 6)
    {
      LfStsCredentialsProvider *self = g_task_get_source_object (task);

      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("Assuming %s needs the six digits of the MFA device %s"),
                               self->role_arn, self->mfa_serial);
      return;
    }

  run->mfa_code = g_strdup (code);
  send_assume_role (g_steal_pointer (&task));
}

void
lf_mfa_reply_return_error (LfMfaReply *reply,
                           GError     *error)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (reply != NULL);

  task = g_steal_pointer (&reply->task);
  g_free (reply);
  g_task_return_error (task, error);
}

GCancellable *
lf_mfa_reply_get_cancellable (LfMfaReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return g_task_get_cancellable (reply->task);
}

static void
on_source_credentials (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LfStsCredentialsProvider *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  LfMfaReply *reply;

  run->source_credentials = lf_credentials_provider_get_credentials_finish (self->source, result,
                                                                            &error);
  if (run->source_credentials == NULL)
    {
      if (lf_credentials_error_is_cancel (error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                 _("Assuming %s needs source credentials, and %s failed: %s"),
                                 self->role_arn, lf_credentials_provider_describe (self->source),
                                 error->message);
      return;
    }

  if (self->mfa_serial == NULL)
    {
      send_assume_role (g_steal_pointer (&task));
      return;
    }

  if (self->mfa_func == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("Assuming %s needs a code of the MFA device %s, and nothing here "
                                 "can ask for one"), self->role_arn, self->mfa_serial);
      return;
    }

  reply = g_new0 (LfMfaReply, 1);
  reply->task = g_steal_pointer (&task);
  self->mfa_func (self->mfa_serial, reply, self->mfa_data);
}

static void
lf_sts_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data)
{
  LfStsCredentialsProvider *self = LF_STS_CREDENTIALS_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, lf_sts_credentials_provider_get_credentials_async);
  g_task_set_task_data (task, g_new0 (Run, 1), (GDestroyNotify) run_free);

  lf_credentials_provider_get_credentials_async (self->source, cancellable,
                                                 on_source_credentials, task);
}

static char *
lf_sts_credentials_provider_get_region (LfCredentialsProvider *provider)
{
  return g_strdup (LF_STS_CREDENTIALS_PROVIDER (provider)->region);
}

static void
lf_sts_credentials_provider_invalidate (LfCredentialsProvider *provider)
{
  lf_credentials_provider_invalidate (LF_STS_CREDENTIALS_PROVIDER (provider)->source);
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->describe = lf_sts_credentials_provider_describe;
  iface->get_credentials_async = lf_sts_credentials_provider_get_credentials_async;
  iface->get_region = lf_sts_credentials_provider_get_region;
  iface->invalidate = lf_sts_credentials_provider_invalidate;
}

static void
lf_sts_credentials_provider_dispose (GObject *object)
{
  LfStsCredentialsProvider *self = (LfStsCredentialsProvider *) object;

  g_clear_object (&self->source);
  g_clear_object (&self->signer);
  g_clear_object (&self->session);
  if (self->mfa_destroy != NULL)
    self->mfa_destroy (self->mfa_data);
  self->mfa_destroy = NULL;
  self->mfa_func = NULL;

  G_OBJECT_CLASS (lf_sts_credentials_provider_parent_class)->dispose (object);
}

static void
lf_sts_credentials_provider_finalize (GObject *object)
{
  LfStsCredentialsProvider *self = (LfStsCredentialsProvider *) object;

  g_free (self->role_arn);
  g_free (self->session_name);
  g_free (self->external_id);
  g_free (self->mfa_serial);
  g_free (self->region);
  g_free (self->endpoint);
  g_free (self->description);

  G_OBJECT_CLASS (lf_sts_credentials_provider_parent_class)->finalize (object);
}

static void
lf_sts_credentials_provider_class_init (LfStsCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_sts_credentials_provider_dispose;
  G_OBJECT_CLASS (klass)->finalize = lf_sts_credentials_provider_finalize;
}

static void
lf_sts_credentials_provider_init (LfStsCredentialsProvider *self)
{
  self->signer = lf_signer_new ();
  self->session = lf_credentials_session_new (TIMEOUT_SECONDS);
}

static char *
nonempty (const char *text)
{
  return (text && *text) ? g_strdup (text) : NULL;
}

LfCredentialsProvider *
lf_sts_credentials_provider_new (LfCredentialsProvider      *source,
                                 const LfAssumeRoleOptions  *options,
                                 GError                    **error)
{
  g_autoptr(LfStsCredentialsProvider) self = NULL;
  const char *region;

  g_return_val_if_fail (LF_IS_CREDENTIALS_PROVIDER (source), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!lf_sts_validate_role_arn (options->role_arn, error) ||
      (options->session_name && !lf_sts_validate_session_name (options->session_name, error)) ||
      !lf_sts_validate_duration (options->duration_seconds, error))
    return NULL;

  self = g_object_new (LF_TYPE_STS_CREDENTIALS_PROVIDER, NULL);
  region = (options->region && *options->region) ? options->region : "us-east-1";
  self->endpoint = lf_credentials_service_url ("sts", region, options->endpoint_url, error);
  if (self->endpoint == NULL)
    return NULL;

  self->source = g_object_ref (source);
  self->role_arn = g_strdup (options->role_arn);
  self->session_name = nonempty (options->session_name);
  self->duration_seconds = options->duration_seconds;
  self->external_id = nonempty (options->external_id);
  self->mfa_serial = nonempty (options->mfa_serial);
  self->region = g_strdup (region);
  self->description = g_strdup_printf (_("assume role %s"), self->role_arn);

  return LF_CREDENTIALS_PROVIDER (g_steal_pointer (&self));
}

void
lf_sts_credentials_provider_set_mfa_func (LfStsCredentialsProvider *self,
                                          LfMfaFunc                 func,
                                          gpointer                  user_data,
                                          GDestroyNotify            destroy)
{
  g_return_if_fail (LF_IS_STS_CREDENTIALS_PROVIDER (self));

  if (self->mfa_destroy != NULL)
    self->mfa_destroy (self->mfa_data);
  self->mfa_func = func;
  self->mfa_data = user_data;
  self->mfa_destroy = destroy;
}

const char *
lf_sts_credentials_provider_get_endpoint (LfStsCredentialsProvider *self)
{
  g_return_val_if_fail (LF_IS_STS_CREDENTIALS_PROVIDER (self), NULL);

  return self->endpoint;
}
