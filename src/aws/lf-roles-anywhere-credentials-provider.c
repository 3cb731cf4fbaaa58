/* lf-roles-anywhere-credentials-provider.c
 *
 * CreateSession, signed with the certificate's private key as the Roles Anywhere signing
 * process documents: the SigV4 canonical request, a string to sign under
 * AWS4-X509-{RSA,ECDSA}-SHA256, the certificate in X-Amz-X509 and its serial number in
 * place of an access key id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "lf-aws-error.h"
#include "lf-credentials-util.h"
#include "lf-json-util.h"
#include "lf-roles-anywhere-credentials-provider.h"
#include "lf-signer.h"
#include "lf-sts-credentials-provider.h"

#define TIMEOUT_SECONDS 30

struct _LfRolesAnywhereCredentialsProvider
{
  GObject parent_instance;

  char *trust_anchor_arn;
  char *profile_arn;
  char *role_arn;
  char *certificate_path;
  char *chain_path;
  char *private_key_path;
  char *passphrase;
  char *region;
  char *session_name;
  guint duration_seconds;
  char *endpoint;
  char *description;

  LfSigner *signer;
  SoupSession *session;
};

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfRolesAnywhereCredentialsProvider,
                               lf_roles_anywhere_credentials_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_privkey_t, gnutls_privkey_deinit, NULL)

static const char *
lf_roles_anywhere_credentials_provider_describe (LfCredentialsProvider *provider)
{
  return LF_ROLES_ANYWHERE_CREDENTIALS_PROVIDER (provider)->description;
}

char *
lf_x509_serial_to_decimal (const guint8 *serial,
                           gsize         length)
{
  g_autofree guint8 *number = g_memdup2 (serial, length);
  GString *digits = g_string_new (NULL);
  gboolean zero;

  /* Long division by ten, most significant byte first, until nothing is left. */
  do
    {
      guint remainder = 0;

      zero = TRUE;
      for (gsize i = 0; i < length; i++)
        {
          guint value = remainder * 256 + number[i];

          number[i] = value / 10;
          remainder = value % 10;
          if (number[i] != 0)
            zero = FALSE;
        }
      g_string_prepend_c (digits, '0' + remainder);
    }
  while (!zero);

  return g_string_free (digits, FALSE);
}

/* The certificate, its chain and key, read for one request. */
typedef struct
{
  char *certificate_b64;
  char *chain_b64;
  char *serial;
  const char *algorithm;
  gnutls_privkey_t key;
} Identity;

static void
identity_clear (Identity *identity)
{
  g_clear_pointer (&identity->certificate_b64, g_free);
  g_clear_pointer (&identity->chain_b64, g_free);
  g_clear_pointer (&identity->serial, g_free);
  g_clear_pointer (&identity->key, gnutls_privkey_deinit);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Identity, identity_clear)

static gboolean
read_file (const char      *what,
           const char      *path,
           gnutls_datum_t  *datum,
           char           **contents,
           GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, contents, &length, &local_error))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere: cannot read the %s: %s"), what, local_error->message);
      return FALSE;
    }
  datum->data = (unsigned char *) *contents;
  datum->size = length;
  return TRUE;
}

static gboolean
import_certificate (gnutls_x509_crt_t      crt,
                    const gnutls_datum_t  *datum)
{
  return gnutls_x509_crt_import (crt, datum, GNUTLS_X509_FMT_PEM) == 0 ||
         gnutls_x509_crt_import (crt, datum, GNUTLS_X509_FMT_DER) == 0;
}

static char *
der_base64 (gnutls_x509_crt_t crt)
{
  gnutls_datum_t der = { NULL, 0 };
  char *encoded;

  if (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der) < 0)
    return NULL;
  encoded = g_base64_encode (der.data, der.size);
  gnutls_free (der.data);
  return encoded;
}

/* The certificate: readable, valid now, with a serial number; kept in @identity as base64 DER
 * and the serial's decimal, and in @crt to match the key against. */
static gboolean
load_certificate (LfRolesAnywhereCredentialsProvider  *self,
                  Identity                            *identity,
                  gnutls_x509_crt_t                    crt,
                  GError                             **error)
{
  g_autofree char *text = NULL;
  gnutls_datum_t datum;
  guint8 serial[64];
  size_t serial_size = sizeof serial;
  time_t now = time (NULL);

  if (!read_file ("certificate", self->certificate_path, &datum, &text, error))
    return FALSE;
  if (!import_certificate (crt, &datum))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere: %s is not an X.509 certificate (PEM or DER)"),
                   self->certificate_path);
      return FALSE;
    }

  if (gnutls_x509_crt_get_activation_time (crt) > now)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere: the certificate %s is not valid yet"),
                   self->certificate_path);
      return FALSE;
    }
  if (gnutls_x509_crt_get_expiration_time (crt) < now)
    {
      g_autoptr(GDateTime) when =
        g_date_time_new_from_unix_utc (gnutls_x509_crt_get_expiration_time (crt));
      g_autofree char *shown = when ? g_date_time_format_iso8601 (when) : g_strdup ("?");

      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere: the certificate %s expired on %s"),
                   self->certificate_path, shown);
      return FALSE;
    }

  if (gnutls_x509_crt_get_serial (crt, serial, &serial_size) < 0 || serial_size == 0)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere: the certificate %s has no readable serial number"),
                   self->certificate_path);
      return FALSE;
    }
  identity->serial = lf_x509_serial_to_decimal (serial, serial_size);
  identity->certificate_b64 = der_base64 (crt);
  return TRUE;
}

/* The intermediate certificates, when a chain file is set: base64 DER, comma-separated. */
static gboolean
load_chain (LfRolesAnywhereCredentialsProvider  *self,
            Identity                            *identity,
            GError                             **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gnutls_x509_crt_t *list = NULL;
  gnutls_datum_t datum;
  unsigned int n = 0;
  int ret;

  if (self->chain_path == NULL)
    return TRUE;
  if (!read_file (_("certificate chain"), self->chain_path, &datum, &text, error))
    return FALSE;
  ret = gnutls_x509_crt_list_import2 (&list, &n, &datum, GNUTLS_X509_FMT_PEM, 0);
  if (ret < 0 || n == 0)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere: the chain %s holds no PEM certificate (%s)"),
                   self->chain_path, ret < 0 ? gnutls_strerror (ret) : "empty");
      return FALSE;
    }
  for (unsigned int i = 0; i < n; i++)
    {
      g_ptr_array_add (parts, der_base64 (list[i]));
      gnutls_x509_crt_deinit (list[i]);
    }
  gnutls_free (list);
  g_ptr_array_add (parts, NULL);
  identity->chain_b64 = g_strjoinv (",", (char **) parts->pdata);
  return TRUE;
}

/* The private key, PEM or DER, with the passphrase if one is set; its text is wiped at once. */
static gboolean
load_private_key (LfRolesAnywhereCredentialsProvider  *self,
                  gnutls_x509_privkey_t                key,
                  GError                             **error)
{
  g_autofree char *text = NULL;
  gnutls_datum_t datum;
  const char *why;
  int ret;

  if (!read_file (_("private key"), self->private_key_path, &datum, &text, error))
    return FALSE;
  ret = gnutls_x509_privkey_import2 (key, &datum, GNUTLS_X509_FMT_PEM, self->passphrase, 0);
  if (ret < 0 &&
      gnutls_x509_privkey_import2 (key, &datum, GNUTLS_X509_FMT_DER, self->passphrase, 0) == 0)
    ret = 0;
  explicit_bzero (text, datum.size);
  if (ret == 0)
    return TRUE;

  why = gnutls_strerror (ret);
  if (ret == GNUTLS_E_DECRYPTION_FAILED)
    why = self->passphrase ? _("the passphrase is wrong")
                           : _("the key is encrypted and no passphrase is set");
  g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
               _("IAM Roles Anywhere: cannot read the private key %s: %s"),
               self->private_key_path, why);
  return FALSE;
}

/* The signing algorithm the key calls for; NULL for a kind that cannot sign here. */
static const char *
key_algorithm (LfRolesAnywhereCredentialsProvider  *self,
               gnutls_x509_privkey_t                key,
               GError                             **error)
{
  int pk = gnutls_x509_privkey_get_pk_algorithm (key);

  if (pk == GNUTLS_PK_RSA)
    return "AWS4-X509-RSA-SHA256";
  if (pk == GNUTLS_PK_EC)
    return "AWS4-X509-ECDSA-SHA256";
  g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
               _("IAM Roles Anywhere: the private key %s is %s; only RSA and EC keys can sign"),
               self->private_key_path, gnutls_pk_get_name (pk));
  return NULL;
}

static gboolean
key_matches_certificate (LfRolesAnywhereCredentialsProvider  *self,
                         gnutls_x509_crt_t                    crt,
                         gnutls_x509_privkey_t                key,
                         GError                             **error)
{
  guint8 crt_id[64];
  guint8 key_id[64];
  size_t crt_id_size = sizeof crt_id;
  size_t key_id_size = sizeof key_id;

  if (gnutls_x509_crt_get_key_id (crt, 0, crt_id, &crt_id_size) == 0 &&
      gnutls_x509_privkey_get_key_id (key, 0, key_id, &key_id_size) == 0 &&
      crt_id_size == key_id_size && memcmp (crt_id, key_id, crt_id_size) == 0)
    return TRUE;
  g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
               _("IAM Roles Anywhere: the private key %s does not belong to the "
                 "certificate %s"),
               self->private_key_path, self->certificate_path);
  return FALSE;
}

/* The certificate, its chain and its key, read again for each request. */
static gboolean
load_identity (LfRolesAnywhereCredentialsProvider  *self,
               Identity                            *identity,
               GError                             **error)
{
  g_auto(gnutls_x509_crt_t) crt = NULL;
  g_auto(gnutls_x509_privkey_t) x509_key = NULL;
  int ret;

  gnutls_x509_crt_init (&crt);
  gnutls_x509_privkey_init (&x509_key);
  if (!load_certificate (self, identity, crt, error) || !load_chain (self, identity, error) ||
      !load_private_key (self, x509_key, error))
    return FALSE;
  identity->algorithm = key_algorithm (self, x509_key, error);
  if (identity->algorithm == NULL || !key_matches_certificate (self, crt, x509_key, error))
    return FALSE;

  gnutls_privkey_init (&identity->key);
  ret = gnutls_privkey_import_x509 (identity->key, x509_key, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE);
  if (ret < 0)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere: cannot use the private key %s: %s"),
                   self->private_key_path, gnutls_strerror (ret));
      return FALSE;
    }
  x509_key = NULL;   /* owned by identity->key now */
  return TRUE;
}

static JsonObject *
find_credentials (JsonObject *answer)
{
  JsonNode *set = json_object_get_member (answer, "credentialSet");
  JsonArray *array;
  JsonNode *first;
  JsonNode *credentials;

  if (set == NULL || !JSON_NODE_HOLDS_ARRAY (set))
    return NULL;
  array = json_node_get_array (set);
  if (json_array_get_length (array) == 0)
    return NULL;
  first = json_array_get_element (array, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  credentials = json_object_get_member (json_node_get_object (first), "credentials");
  if (credentials == NULL || !JSON_NODE_HOLDS_OBJECT (credentials))
    return NULL;
  return json_node_get_object (credentials);
}

static char *
on_no_answer (GTask        *task,
              const GError *cause)
{
  LfRolesAnywhereCredentialsProvider *self = g_task_get_source_object (task);

  return g_strdup_printf (_("IAM Roles Anywhere: no answer from %s: %s"), self->endpoint,
                          cause->message);
}

/* The service's code and sentence, read as any AWS error answer is. */
static GError *
refused_error (SoupMessage *message,
               GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  guint status = soup_message_get_status (message);
  g_autoptr(GError) parsed = NULL;
  const char *code;
  const char *text;
  GError *error;

  parsed = lf_aws_error_new_from_response (status, NULL,
                                           soup_message_headers_get_one (headers,
                                                                         "x-amzn-ErrorType"),
                                           soup_message_headers_get_one (headers,
                                                                         "x-amzn-RequestId"),
                                           body);
  code = lf_aws_error_get_aws_code (parsed);
  text = lf_aws_error_get_aws_message (parsed);
  error = g_error_new (LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                       _("IAM Roles Anywhere refused CreateSession: %s (%s, HTTP %u)"),
                       text ? text : _("no message"), code ? code : _("no error code"), status);
  lf_aws_error_set_details (error, code, status, lf_aws_error_get_request_id (parsed));
  return error;
}

/* The first credentialSet's credentials, all four of them. */
static LfCredentials *
credentials_from_answer (GBytes  *body,
                         GError **error)
{
  g_autoptr(JsonObject) answer = lf_credentials_parse_json (body, "IAM Roles Anywhere", error);
  g_autoptr(GDateTime) expiration = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *credentials;
  const char *key_id = NULL;
  const char *secret = NULL;
  const char *token = NULL;

  if (answer == NULL)
    return NULL;
  credentials = find_credentials (answer);
  if (credentials != NULL)
    {
      key_id = lf_json_object_get_string_member_or_null (credentials, "accessKeyId");
      secret = lf_json_object_get_string_member_or_null (credentials, "secretAccessKey");
      token = lf_json_object_get_string_member_or_null (credentials, "sessionToken");
      expiration = lf_credentials_parse_time (
        lf_json_object_get_string_member_or_null (credentials, "expiration"));
    }
  if (key_id == NULL || secret == NULL || token == NULL || expiration == NULL ||
      !lf_credentials_validate (key_id, secret, &local_error))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere: the answer holds no usable credentialSet%s%s"),
                   local_error ? ": " : "", local_error ? local_error->message : "");
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
  GError *error = NULL;
  LfCredentials *credentials;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_task_return_error (task, refused_error (message, body));
      return;
    }
  credentials = credentials_from_answer (body, &error);
  if (credentials == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, (GDestroyNotify) lf_credentials_unref);
}

static char *
build_body (LfRolesAnywhereCredentialsProvider *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "durationSeconds");
  json_builder_add_int_value (builder, self->duration_seconds);
  json_builder_set_member_name (builder, "profileArn");
  json_builder_add_string_value (builder, self->profile_arn);
  json_builder_set_member_name (builder, "roleArn");
  json_builder_add_string_value (builder, self->role_arn);
  json_builder_set_member_name (builder, "trustAnchorArn");
  json_builder_add_string_value (builder, self->trust_anchor_arn);
  if (self->session_name != NULL)
    {
      json_builder_set_member_name (builder, "roleSessionName");
      json_builder_add_string_value (builder, self->session_name);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The Authorization value for @request: its string to sign under the key's algorithm, signed
 * with the private key, the certificate's serial number in place of a key id. */
static char *
authorization_for (LfRolesAnywhereCredentialsProvider  *self,
                   const Identity                      *identity,
                   const LfSignRequest                 *request,
                   char                               **amz_date,
                   GError                             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *scope = NULL;
  g_autoptr(GString) signature_hex = g_string_new (NULL);
  gnutls_datum_t data;
  gnutls_datum_t signature = { NULL, 0 };
  int ret;

  if (!lf_signer_build_string_to_sign (self->signer, request, identity->algorithm, NULL,
                                       &string_to_sign, &signed_headers, &scope, amz_date,
                                       &local_error))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere: cannot build the request: %s"), local_error->message);
      return NULL;
    }

  data.data = (unsigned char *) string_to_sign;
  data.size = strlen (string_to_sign);
  ret = gnutls_privkey_sign_data (identity->key, GNUTLS_DIG_SHA256, 0, &data, &signature);
  if (ret < 0)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere: signing with the private key %s failed: %s"),
                   self->private_key_path, gnutls_strerror (ret));
      return NULL;
    }
  for (guint i = 0; i < signature.size; i++)
    g_string_append_printf (signature_hex, "%02x", signature.data[i]);
  gnutls_free (signature.data);

  return g_strdup_printf ("%s Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                          identity->algorithm, identity->serial, scope, signed_headers,
                          signature_hex->str);
}

/* CreateSession, signed with the certificate's key; NULL with @error when it cannot be. */
static SoupMessage *
create_session_message (LfRolesAnywhereCredentialsProvider  *self,
                        GError                             **error)
{
  g_auto(Identity) identity = { 0 };
  g_autofree char *body = build_body (self);
  g_autofree char *url = g_strconcat (self->endpoint, "/sessions", NULL);
  g_autofree char *amz_date = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(GBytes) bytes = NULL;
  LfHeader headers[3];
  LfSignRequest request = { 0 };
  SoupMessage *message;
  SoupMessageHeaders *message_headers;
  guint n_headers = 0;

  if (!load_identity (self, &identity, error))
    return NULL;

  headers[n_headers++] = (LfHeader) { (char *) "Content-Type", (char *) "application/json" };
  headers[n_headers++] = (LfHeader) { (char *) "X-Amz-X509", identity.certificate_b64 };
  if (identity.chain_b64 != NULL)
    headers[n_headers++] = (LfHeader) { (char *) "X-Amz-X509-Chain", identity.chain_b64 };

  request.method = "POST";
  request.url = url;
  request.headers = headers;
  request.n_headers = n_headers;
  request.body = (const guint8 *) body;
  request.body_length = strlen (body);
  request.region = self->region;
  request.service = "rolesanywhere";
  authorization = authorization_for (self, &identity, &request, &amz_date, error);
  if (authorization == NULL)
    return NULL;

  message = soup_message_new ("POST", url);
  message_headers = soup_message_get_request_headers (message);
  /* Content-Type comes with the body. */
  for (guint i = 1; i < n_headers; i++)
    soup_message_headers_replace (message_headers, headers[i].name, headers[i].value);
  soup_message_headers_replace (message_headers, "X-Amz-Date", amz_date);
  soup_message_headers_replace (message_headers, "Authorization", authorization);
  bytes = g_bytes_new (body, strlen (body));
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  return message;
}

static void
lf_roles_anywhere_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data)
{
  LfRolesAnywhereCredentialsProvider *self = LF_ROLES_ANYWHERE_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  SoupMessage *message;

  g_task_set_source_tag (task, lf_roles_anywhere_credentials_provider_get_credentials_async);

  message = create_session_message (self, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  lf_credentials_fetch (self->session, message, g_steal_pointer (&task), on_no_answer, on_answer);
}

static char *
lf_roles_anywhere_credentials_provider_get_region (LfCredentialsProvider *provider)
{
  return g_strdup (LF_ROLES_ANYWHERE_CREDENTIALS_PROVIDER (provider)->region);
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->describe = lf_roles_anywhere_credentials_provider_describe;
  iface->get_credentials_async = lf_roles_anywhere_credentials_provider_get_credentials_async;
  iface->get_region = lf_roles_anywhere_credentials_provider_get_region;
}

static void
lf_roles_anywhere_credentials_provider_dispose (GObject *object)
{
  LfRolesAnywhereCredentialsProvider *self = (LfRolesAnywhereCredentialsProvider *) object;

  g_clear_object (&self->signer);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (lf_roles_anywhere_credentials_provider_parent_class)->dispose (object);
}

static void
lf_roles_anywhere_credentials_provider_finalize (GObject *object)
{
  LfRolesAnywhereCredentialsProvider *self = (LfRolesAnywhereCredentialsProvider *) object;

  g_free (self->trust_anchor_arn);
  g_free (self->profile_arn);
  g_free (self->role_arn);
  g_free (self->certificate_path);
  g_free (self->chain_path);
  g_free (self->private_key_path);
  g_clear_pointer (&self->passphrase, lf_secret_wipe);
  g_free (self->region);
  g_free (self->session_name);
  g_free (self->endpoint);
  g_free (self->description);

  G_OBJECT_CLASS (lf_roles_anywhere_credentials_provider_parent_class)->finalize (object);
}

static void
lf_roles_anywhere_credentials_provider_class_init (LfRolesAnywhereCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_roles_anywhere_credentials_provider_dispose;
  G_OBJECT_CLASS (klass)->finalize = lf_roles_anywhere_credentials_provider_finalize;
}

static void
lf_roles_anywhere_credentials_provider_init (LfRolesAnywhereCredentialsProvider *self)
{
  self->signer = lf_signer_new ();
  self->session = lf_credentials_session_new (TIMEOUT_SECONDS);
}

/* arn:PARTITION:rolesanywhere:REGION:ACCOUNT:KIND/ID; returns the region. */
static char *
check_arn (const char  *what,
           const char  *arn,
           const char  *kind,
           GError     **error)
{
  g_auto(GStrv) parts = arn ? g_strsplit (arn, ":", 6) : NULL;
  g_autofree char *prefix = g_strconcat (kind, "/", NULL);

  if (parts == NULL || g_strv_length (parts) != 6 || !g_str_equal (parts[0], "arn") ||
      !g_str_equal (parts[2], "rolesanywhere") || parts[3][0] == '\0' ||
      !g_str_has_prefix (parts[5], prefix) || parts[5][strlen (prefix)] == '\0')
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere: the %s “%s” is not an ARN of the form "
                     "arn:aws:rolesanywhere:REGION:ACCOUNT:%s/ID"), what, arn ? arn : "",
                   kind);
      return NULL;
    }
  return g_strdup (parts[3]);
}

LfCredentialsProvider *
lf_roles_anywhere_credentials_provider_new (const LfRolesAnywhereOptions  *options,
                                            GError                       **error)
{
  g_autoptr(LfRolesAnywhereCredentialsProvider) self = NULL;
  g_autofree char *anchor_region = NULL;
  g_autofree char *profile_region = NULL;
  guint duration;

  g_return_val_if_fail (options != NULL, NULL);

  anchor_region = check_arn (_("trust anchor"), options->trust_anchor_arn, "trust-anchor", error);
  if (anchor_region == NULL)
    return NULL;
  profile_region = check_arn ("profile", options->profile_arn, "profile", error);
  if (profile_region == NULL || !lf_sts_validate_role_arn (options->role_arn, error))
    return NULL;
  if (options->certificate_path == NULL || options->private_key_path == NULL)
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           _("IAM Roles Anywhere needs a certificate file and a private key file"));
      return NULL;
    }
  duration = options->duration_seconds ? options->duration_seconds : 3600;
  if (duration < 900 || duration > 43200)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("IAM Roles Anywhere sessions last 900 to 43200 seconds, not %u"), duration);
      return NULL;
    }
  if (options->session_name && !lf_sts_validate_session_name (options->session_name, error))
    return NULL;

  self = g_object_new (LF_TYPE_ROLES_ANYWHERE_CREDENTIALS_PROVIDER, NULL);
  self->region = g_strdup (options->region && *options->region ? options->region : anchor_region);
  self->endpoint = lf_credentials_service_url ("rolesanywhere", self->region,
                                               options->endpoint_url, error);
  if (self->endpoint == NULL)
    return NULL;

  self->trust_anchor_arn = g_strdup (options->trust_anchor_arn);
  self->profile_arn = g_strdup (options->profile_arn);
  self->role_arn = g_strdup (options->role_arn);
  self->certificate_path = g_strdup (options->certificate_path);
  self->chain_path = options->chain_path && *options->chain_path
                       ? g_strdup (options->chain_path) : NULL;
  self->private_key_path = g_strdup (options->private_key_path);
  self->passphrase = options->passphrase && *options->passphrase
                       ? g_strdup (options->passphrase) : NULL;
  self->session_name = options->session_name && *options->session_name
                         ? g_strdup (options->session_name) : NULL;
  self->duration_seconds = duration;
  self->description = g_strdup_printf (_("IAM Roles Anywhere (%s)"), self->role_arn);

  return LF_CREDENTIALS_PROVIDER (g_steal_pointer (&self));
}
