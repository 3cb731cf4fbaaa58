/* test-credential-sources.c: instance metadata, container, STS, Roles Anywhere, profile chains,
 * credential_process and the caching wrapper, each against an in-process loopback server that
 * checks what it receives.
 *
 * Every key here is an obvious fake (AKIDTEST…, “-secret-test”).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libsoup/soup.h>

#include "lf-aws-error.h"
#include "lf-test-core.h"
#include "lf-credentials-provider.h"
#include "lf-lambda-client.h"
#include "lf-sandbox.h"
#include "lf-sandbox-verifier.h"
#include "lf-signer.h"
#include "lf-test-server.h"

#define SOURCE_KEY_ID "AKIDTESTSOURCE"
#define SOURCE_SECRET "source-secret-test"
#define ISSUED_SECRET "issued-secret-test"
#define ROLE_ARN "arn:aws:iam::123456789012:role/LfTestRole"
#define SERIAL_HEX "1a2b3c4d5e6f708192a3"
#define SERIAL_DECIMAL "123579083782828490592931"

/* The server ------------------------------------------------------------------------------- */

typedef struct
{
  SoupServer *server;
  char *url;
  GHashTable *hits;          /* path -> count, as GUINT */
  GPtrArray *failures;       /* what the server found wrong */

  /* IMDS */
  guint imds_role_status;
  char *expiration;          /* Expiration the endpoints hand out */

  /* container */
  char *container_token;

  /* STS */
  guint sts_status;
  char *expected_external_id;
  char *expected_token_code;
  char *last_sts_body;

  /* Roles Anywhere */
  char *last_algorithm;
  char *last_serial;
  gboolean expect_chain;
} Server;

static Server srv;

static void
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
fail (const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (srv.failures, g_strdup_vprintf (format, args));
  va_end (args);
}

static guint
hits (const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (srv.hits, path));
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static const char *
req_header (SoupServerMessage *msg,
            const char        *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (msg), name);
}

static GBytes *
req_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

static char *
credentials_json (const char *key_id)
{
  return g_strdup_printf ("{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"%s\","
                          "\"SecretAccessKey\":\"" ISSUED_SECRET "\",\"Token\":\"issued-token\","
                          "\"Expiration\":\"%s\"}", key_id, srv.expiration);
}

static void
handle_imds (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  const char *method = soup_server_message_get_method (msg);

  g_hash_table_insert (srv.hits, g_strdup (path), GUINT_TO_POINTER (hits (path) + 1));

  if (g_str_equal (path, "/latest/api/token"))
    {
      if (!g_str_equal (method, "PUT"))
        fail ("token asked with %s, not PUT", method);
      if (g_strcmp0 (req_header (msg, "X-aws-ec2-metadata-token-ttl-seconds"), "21600") != 0)
        fail ("token PUT without the TTL header");
      respond (msg, 200, "text/plain", "imds-session-token");
      return;
    }

  if (g_strcmp0 (req_header (msg, "X-aws-ec2-metadata-token"), "imds-session-token") != 0)
    {
      fail ("%s asked without the session token", path);
      respond (msg, 401, "text/plain", "");
      return;
    }
  if (g_str_equal (path, "/latest/meta-data/iam/security-credentials/"))
    {
      if (srv.imds_role_status != 200)
        respond (msg, srv.imds_role_status, "text/plain", "not here");
      else
        respond (msg, 200, "text/plain", "LfTestRole\n");
    }
  else if (g_str_equal (path, "/latest/meta-data/iam/security-credentials/LfTestRole"))
    {
      g_autofree char *body = credentials_json ("AKIDTESTIMDS");
      respond (msg, 200, "application/json", body);
    }
  else
    respond (msg, 404, "text/plain", "");
}

static void
handle_container (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           data)
{
  g_autofree char *body = credentials_json ("AKIDTESTECS");

  g_hash_table_insert (srv.hits, g_strdup (path), GUINT_TO_POINTER (hits (path) + 1));
  if (g_strcmp0 (req_header (msg, "Authorization"), srv.container_token) != 0)
    {
      respond (msg, 401, "application/json", "{\"message\":\"bad token\"}");
      return;
    }
  respond (msg, 200, "application/json", body);
}

/* Checks the SigV4 signature of a request signed with the source credentials, as STS would. */
static gboolean
verify_sigv4 (SoupServerMessage *msg,
              GBytes            *body,
              const char        *service)
{
  g_autoptr(LfCredentials) credentials = lf_credentials_new (SOURCE_KEY_ID, SOURCE_SECRET, NULL,
                                                             NULL);
  g_autoptr(LfSandboxVerifier) verifier = lf_sandbox_verifier_new (credentials, "us-west-2",
                                                                   service);
  g_autoptr(GError) error = NULL;

  if (!lf_sandbox_verifier_verify_message (verifier, msg, body, &error))
    {
      fail ("STS request not signed for us-west-2/%s with the source key: %s", service,
            error->message);
      return FALSE;
    }
  return TRUE;
}

static char *
form_value (const char *body,
            const char *name)
{
  g_auto(GStrv) pairs = g_strsplit (body, "&", -1);
  g_autofree char *prefix = g_strconcat (name, "=", NULL);

  for (guint i = 0; pairs[i]; i++)
    if (g_str_has_prefix (pairs[i], prefix))
      return g_uri_unescape_string (pairs[i] + strlen (prefix), NULL);
  return NULL;
}

static void
handle_sts (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  g_autoptr(GBytes) body = req_body (msg);
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autofree char *action = form_value (text, "Action");
  g_autofree char *role = form_value (text, "RoleArn");
  g_autofree char *external = form_value (text, "ExternalId");
  g_autofree char *code = form_value (text, "TokenCode");
  g_autofree char *answer = NULL;

  g_hash_table_insert (srv.hits, g_strdup ("sts"), GUINT_TO_POINTER (hits ("sts") + 1));
  g_free (srv.last_sts_body);
  srv.last_sts_body = g_strdup (text);

  verify_sigv4 (msg, body, "sts");
  if (g_strcmp0 (action, "AssumeRole") != 0 || g_strcmp0 (role, ROLE_ARN) != 0)
    fail ("STS body: %s", text);
  if (g_strcmp0 (external, srv.expected_external_id) != 0)
    fail ("ExternalId %s, expected %s", external, srv.expected_external_id);
  if (g_strcmp0 (code, srv.expected_token_code) != 0)
    fail ("TokenCode %s, expected %s", code, srv.expected_token_code);

  if (srv.sts_status != 200)
    {
      respond (msg, srv.sts_status, "text/xml",
               "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
               "<Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized "
               "to perform sts:AssumeRole on LfTestRole</Message></Error>"
               "<RequestId>req-123</RequestId></ErrorResponse>");
      return;
    }
  answer = g_strdup_printf (
    "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
    "  <AssumeRoleResult>\n"
    "    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/LfTestRole/s</Arn>"
    "<AssumedRoleId>AROATEST:s</AssumedRoleId></AssumedRoleUser>\n"
    "    <Credentials>\n"
    "      <AccessKeyId>AKIDTESTSTS</AccessKeyId>\n"
    "      <SecretAccessKey>" ISSUED_SECRET "</SecretAccessKey>\n"
    "      <SessionToken>sts-token&amp;more</SessionToken>\n"
    "      <Expiration>%s</Expiration>\n"
    "    </Credentials>\n"
    "  </AssumeRoleResult>\n"
    "  <ResponseMetadata><RequestId>req-ok</RequestId></ResponseMetadata>\n"
    "</AssumeRoleResponse>\n", srv.expiration);
  respond (msg, 200, "text/xml", answer);
}

/* Whether @signature_hex signs @string_to_sign with the key of the certificate @x509_b64
 * (base64 DER) under @algorithm; a GnuTLS error code when it does not. */
static int
verify_x509_signature (const char *x509_b64,
                       const char *algorithm,
                       const char *string_to_sign,
                       const char *signature_hex)
{
  g_autofree guchar *der = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t datum;
  gnutls_datum_t signature;
  gsize der_length = 0;
  guint8 raw_signature[1024];
  gsize raw_length = 0;
  int ret;

  for (const char *p = signature_hex; p[0] && p[1] && raw_length < sizeof raw_signature; p += 2)
    raw_signature[raw_length++] = (g_ascii_xdigit_value (p[0]) << 4) | g_ascii_xdigit_value (p[1]);

  der = g_base64_decode (x509_b64, &der_length);
  datum.data = der;
  datum.size = der_length;
  gnutls_x509_crt_init (&crt);
  gnutls_pubkey_init (&pubkey);
  ret = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER);
  if (ret == 0)
    ret = gnutls_pubkey_import_x509 (pubkey, crt, 0);
  if (ret == 0)
    {
      gnutls_sign_algorithm_t algo = g_str_equal (algorithm, "AWS4-X509-RSA-SHA256")
                                       ? GNUTLS_SIGN_RSA_SHA256 : GNUTLS_SIGN_ECDSA_SHA256;

      datum.data = (unsigned char *) string_to_sign;
      datum.size = strlen (string_to_sign);
      signature.data = raw_signature;
      signature.size = raw_length;
      ret = gnutls_pubkey_verify_data2 (pubkey, algo, 0, &datum, &signature);
    }
  gnutls_pubkey_deinit (pubkey);
  gnutls_x509_crt_deinit (crt);
  return ret;
}

/* Checks the Roles Anywhere X.509 signature against the certificate sent. */
static void
handle_roles_anywhere (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           data)
{
  g_autoptr(GBytes) body = req_body (msg);
  const char *auth = req_header (msg, "Authorization");
  const char *x509 = req_header (msg, "X-Amz-X509");
  const char *chain = req_header (msg, "X-Amz-X509-Chain");
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (LfHeader));
  g_autoptr(LfSigner) signer = lf_signer_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (srv.url, "/sessions", NULL);
  g_autofree char *string_to_sign = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *algorithm = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *signed_list = NULL;
  g_autofree char *given = NULL;
  LfSignRequest request = { 0 };
  gsize length = 0;
  int ret = GNUTLS_E_INVALID_REQUEST;

  g_hash_table_insert (srv.hits, g_strdup ("ra"), GUINT_TO_POINTER (hits ("ra") + 1));

  if (auth == NULL || x509 == NULL)
    {
      fail ("Roles Anywhere request without Authorization or X-Amz-X509");
      respond (msg, 403, "application/json", "{\"message\":\"unsigned\"}");
      return;
    }
  if (srv.expect_chain != (chain != NULL))
    fail ("X-Amz-X509-Chain %s", chain ? "sent unexpectedly" : "missing");
  if (!lf_test_parse_authorization (auth, &algorithm, &credential, &signed_list, &given))
    {
      fail ("malformed Roles Anywhere Authorization: %s", auth);
      respond (msg, 403, "application/json", "{\"message\":\"bad auth\"}");
      return;
    }
  g_free (srv.last_algorithm);
  srv.last_algorithm = g_steal_pointer (&algorithm);
  g_free (srv.last_serial);
  srv.last_serial = g_strndup (credential, strchr (credential, '/') - credential);
  if (strstr (credential, "/rolesanywhere/aws4_request") == NULL)
    fail ("Roles Anywhere scope: %s", credential);
  if (strstr (signed_list, "x-amz-x509") == NULL || strstr (signed_list, "content-type") == NULL)
    fail ("Roles Anywhere signed headers: %s", signed_list);

  names = g_strsplit (signed_list, ";", -1);
  for (guint i = 0; names[i]; i++)
    {
      LfHeader header = { names[i], (char *) req_header (msg, names[i]) };
      if (header.value != NULL)
        g_array_append_val (headers, header);
    }
  request.method = "POST";
  request.url = url;
  request.headers = (LfHeader *) headers->data;
  request.n_headers = headers->len;
  request.body = g_bytes_get_data (body, &length);
  request.body_length = length;
  request.region = "us-west-2";
  request.service = "rolesanywhere";
  request.amz_date = req_header (msg, "X-Amz-Date");
  request.only_headers = (const char **) names;
  if (!lf_signer_build_string_to_sign (signer, &request, srv.last_algorithm, NULL,
                                       &string_to_sign, NULL, NULL, NULL, &error))
    fail ("cannot rebuild the string to sign: %s", error->message);
  else
    ret = verify_x509_signature (x509, srv.last_algorithm, string_to_sign, given);
  if (ret < 0)
    {
      fail ("the X.509 signature does not verify: %s", gnutls_strerror (ret));
      respond (msg, 403, "application/json", "{\"message\":\"Invalid signature\"}");
      return;
    }

  answer = g_strdup_printf ("{\"credentialSet\":[{\"credentials\":{\"accessKeyId\":\"AKIDTESTRA\","
                            "\"secretAccessKey\":\"" ISSUED_SECRET "\",\"sessionToken\":\"ra-token\","
                            "\"expiration\":\"%s\"},\"roleArn\":\"" ROLE_ARN "\"}],"
                            "\"subjectArn\":\"arn:aws:rolesanywhere:us-west-2:123456789012:subject/x\"}",
                            srv.expiration);
  soup_server_message_set_status (msg, 201, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer,
                                    strlen (answer));
}

static char *
expiration_in (GTimeSpan span)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add (now, span);

  return g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
}

static void
server_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  memset (&srv, 0, sizeof srv);
  srv.server = soup_server_new (NULL, NULL);
  srv.hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  srv.failures = g_ptr_array_new_with_free_func (g_free);
  srv.imds_role_status = 200;
  srv.sts_status = 200;
  srv.expiration = expiration_in (G_TIME_SPAN_HOUR);
  srv.container_token = g_strdup ("container-auth-test");
  soup_server_add_handler (srv.server, "/latest", handle_imds, NULL, NULL);
  soup_server_add_handler (srv.server, "/ecs", handle_container, NULL, NULL);
  soup_server_add_handler (srv.server, "/sessions", handle_roles_anywhere, NULL, NULL);
  soup_server_add_handler (srv.server, "/", handle_sts, NULL, NULL);
  soup_server_listen_local (srv.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (srv.server);
  srv.url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

static void
server_teardown (void)
{
  for (guint i = 0; i < srv.failures->len; i++)
    g_test_fail_printf ("server: %s", (char *) g_ptr_array_index (srv.failures, i));
  soup_server_disconnect (srv.server);
  g_clear_object (&srv.server);
  g_clear_pointer (&srv.hits, g_hash_table_unref);
  g_clear_pointer (&srv.failures, g_ptr_array_unref);
  g_clear_pointer (&srv.url, g_free);
  g_clear_pointer (&srv.expiration, g_free);
  g_clear_pointer (&srv.container_token, g_free);
  g_clear_pointer (&srv.expected_external_id, g_free);
  g_clear_pointer (&srv.expected_token_code, g_free);
  g_clear_pointer (&srv.last_sts_body, g_free);
  g_clear_pointer (&srv.last_algorithm, g_free);
  g_clear_pointer (&srv.last_serial, g_free);
}

/* Helpers ---------------------------------------------------------------------------------- */

static void
assert_no_secret (const GError *error)
{
  g_assert_null (strstr (error->message, "-secret-test"));
  g_assert_null (strstr (error->message, "testpass"));
}

static char *
env_entry (const char *name,
           const char *value)
{
  return g_strconcat (name, "=", value, NULL);
}

static char *tmp_dir;

static char *
write_tmp (const char *name,
           const char *contents,
           int         mode)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_chmod (path, mode);
  return path;
}

/* IMDS ------------------------------------------------------------------------------------- */

static void
test_imds (void)
{
  g_autofree char *endpoint = env_entry ("AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.url);
  const char *envp[] = { endpoint, NULL };
  g_autoptr(LfCredentialsProvider) provider = lf_imds_credentials_provider_new (envp);
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (lf_imds_credentials_provider_get_endpoint (
                     LF_IMDS_CREDENTIALS_PROVIDER (provider)), ==, srv.url);
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (credentials), ==, "AKIDTESTIMDS");
  g_assert_cmpstr (lf_credentials_get_session_token (credentials), ==, "issued-token");
  g_assert_nonnull (lf_credentials_get_expiration (credentials));
  g_assert_cmpuint (hits ("/latest/api/token"), ==, 1);
  g_assert_cmpuint (hits ("/latest/meta-data/iam/security-credentials/LfTestRole"), ==, 1);
}

static void
test_imds_no_role (void)
{
  g_autofree char *endpoint = env_entry ("AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.url);
  const char *envp[] = { endpoint, NULL };
  g_autoptr(LfCredentialsProvider) provider = lf_imds_credentials_provider_new (envp);
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  srv.imds_role_status = 404;
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_null (credentials);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS);
  lf_test_assert_message_contains (error, "HTTP 404");
  lf_test_assert_message_contains (error, "no IAM role");
  g_assert_cmpuint (lf_aws_error_get_http_status (error), ==, 404);
}

static void
test_imds_disabled (void)
{
  g_autofree char *endpoint = env_entry ("AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.url);
  const char *envp[] = { endpoint, "AWS_EC2_METADATA_DISABLED=true", NULL };
  g_autoptr(LfCredentialsProvider) provider = lf_imds_credentials_provider_new (envp);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentials) credentials = lf_test_get_credentials (provider, &error);

  g_assert_null (credentials);
  lf_test_assert_message_contains (error, "AWS_EC2_METADATA_DISABLED");
  g_assert_cmpuint (hits ("/latest/api/token"), ==, 0);
}

/* Container -------------------------------------------------------------------------------- */

static void
test_container_full_uri (void)
{
  g_autofree char *uri = g_strconcat ("AWS_CONTAINER_CREDENTIALS_FULL_URI=", srv.url, "/ecs/creds",
                                      NULL);
  g_autofree char *token_path = write_tmp ("ecs-token", "container-auth-test\n", 0600);
  g_autofree char *token_file = env_entry ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_path);
  const char *envp[] = { uri, token_file, "AWS_CONTAINER_AUTHORIZATION_TOKEN=wrong", NULL };
  g_autoptr(LfCredentialsProvider) provider = lf_container_credentials_provider_new (envp);
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  /* The file wins over the variable. */
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (credentials), ==, "AKIDTESTECS");
  g_assert_cmpuint (hits ("/ecs/creds"), ==, 1);
}

static void
test_container_refused (void)
{
  g_autofree char *uri = g_strconcat ("AWS_CONTAINER_CREDENTIALS_FULL_URI=", srv.url, "/ecs/creds",
                                      NULL);
  const char *envp[] = { uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN=wrong-token", NULL };
  g_autoptr(LfCredentialsProvider) provider = lf_container_credentials_provider_new (envp);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentials) credentials = lf_test_get_credentials (provider, &error);

  g_assert_null (credentials);
  lf_test_assert_message_contains (error, "HTTP 401");
  g_assert_null (strstr (error->message, "wrong-token"));
}

static void
test_container_uris (void)
{
  const char *relative[] = { "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/creds/abc", NULL };
  const char *remote[] = { "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://192.0.2.1/creds", NULL };
  g_autoptr(LfCredentialsProvider) rel = lf_container_credentials_provider_new (relative);
  g_autoptr(LfCredentialsProvider) far = lf_container_credentials_provider_new (remote);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentials) credentials = NULL;

  g_assert_cmpstr (lf_container_credentials_provider_get_url (
                     LF_CONTAINER_CREDENTIALS_PROVIDER (rel)), ==,
                   "http://169.254.170.2/v2/creds/abc");
  g_assert_null (lf_container_credentials_provider_get_url (
                   LF_CONTAINER_CREDENTIALS_PROVIDER (far)));
  credentials = lf_test_get_credentials (far, &error);
  g_assert_null (credentials);
  lf_test_assert_message_contains (error, "neither https nor a loopback");
}

/* STS -------------------------------------------------------------------------------------- */

static LfCredentialsProvider *
source_provider (void)
{
  g_autoptr(LfCredentials) source = lf_credentials_new (SOURCE_KEY_ID, SOURCE_SECRET, NULL, NULL);
  return lf_static_credentials_provider_new (source);
}

static void
test_sts (void)
{
  g_autoptr(LfCredentialsProvider) source = source_provider ();
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  LfAssumeRoleOptions options = {
    .role_arn = ROLE_ARN, .session_name = "lf-test", .duration_seconds = 1800,
    .external_id = "ext-42", .region = "us-west-2", .endpoint_url = srv.url,
  };

  srv.expected_external_id = g_strdup ("ext-42");
  provider = lf_sts_credentials_provider_new (source, &options, &error);
  g_assert_no_error (error);
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (credentials), ==, "AKIDTESTSTS");
  g_assert_cmpstr (lf_credentials_get_secret_access_key (credentials), ==, ISSUED_SECRET);
  g_assert_cmpstr (lf_credentials_get_session_token (credentials), ==, "sts-token&more");
  g_assert_nonnull (lf_credentials_get_expiration (credentials));
  g_assert_nonnull (strstr (srv.last_sts_body, "DurationSeconds=1800"));
  g_assert_nonnull (strstr (srv.last_sts_body, "RoleSessionName=lf-test"));
  g_assert_cmpuint (hits ("sts"), ==, 1);
}

static void
test_sts_regional_endpoint (void)
{
  g_autoptr(LfCredentialsProvider) source = source_provider ();
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  LfAssumeRoleOptions options = { .role_arn = ROLE_ARN, .region = "eu-central-1" };
  LfAssumeRoleOptions bad = { .role_arn = "arn:aws:iam::123:user/nope" };

  provider = lf_sts_credentials_provider_new (source, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_sts_credentials_provider_get_endpoint (LF_STS_CREDENTIALS_PROVIDER (provider)),
                   ==, "https://sts.eu-central-1.amazonaws.com");
  g_assert_null (lf_sts_credentials_provider_new (source, &bad, &error));
  lf_test_assert_message_contains (error, "is not a role ARN");
}

static void
test_sts_error (void)
{
  g_autoptr(LfCredentialsProvider) source = source_provider ();
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  LfAssumeRoleOptions options = { .role_arn = ROLE_ARN, .region = "us-west-2",
                                  .endpoint_url = srv.url };

  srv.sts_status = 403;
  provider = lf_sts_credentials_provider_new (source, &options, &error);
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_null (credentials);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS);
  lf_test_assert_message_contains (error, "AccessDenied");
  lf_test_assert_message_contains (error, "not authorized to perform sts:AssumeRole");
  lf_test_assert_message_contains (error, "HTTP 403");
  g_assert_cmpstr (lf_aws_error_get_aws_code (error), ==, "AccessDenied");
  g_assert_cmpstr (lf_aws_error_get_request_id (error), ==, "req-123");
  assert_no_secret (error);
}

/* MFA, through a profile ------------------------------------------------------------------- */

typedef struct
{
  guint calls;
  char *serial;
  const char *code;
} Mfa;

static void
answer_mfa (const char *serial,
            LfMfaReply *reply,
            gpointer    user_data)
{
  Mfa *mfa = user_data;

  mfa->calls++;
  g_free (mfa->serial);
  mfa->serial = g_strdup (serial);
  if (mfa->code == NULL)
    lf_mfa_reply_return_error (reply, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                   "The person closed the dialog"));
  else
    lf_mfa_reply_return_code (reply, mfa->code);
}

static char **
profile_env (const char *config)
{
  g_autofree char *config_path = write_tmp ("config", config, 0600);
  g_autofree char *credentials_path = write_tmp ("credentials",
                                                 "[base]\n"
                                                 "aws_access_key_id = " SOURCE_KEY_ID "\n"
                                                 "aws_secret_access_key = " SOURCE_SECRET "\n",
                                                 0600);
  char **envp = NULL;

  envp = g_environ_setenv (envp, "AWS_CONFIG_FILE", config_path, TRUE);
  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", credentials_path, TRUE);
  envp = g_environ_setenv (envp, "HOME", tmp_dir, TRUE);
  envp = g_environ_setenv (envp, "AWS_ENDPOINT_URL_STS", srv.url, TRUE);
  return envp;
}

static void
test_profile_role_chain_mfa (void)
{
  g_auto(GStrv) envp = profile_env ("[profile chained]\n"
                                    "role_arn = " ROLE_ARN "\n"
                                    "source_profile = base\n"
                                    "external_id = ext-7\n"
                                    "mfa_serial = arn:aws:iam::123456789012:mfa/tester\n"
                                    "duration_seconds = 900\n"
                                    "region = us-west-2\n");
  g_autoptr(LfCredentialsProvider) provider = lf_profile_credentials_provider_new (
    "chained", (const char * const *) envp);
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(LfCredentials) again = NULL;
  g_autoptr(GError) error = NULL;
  Mfa mfa = { 0, NULL, "123456" };

  srv.expected_external_id = g_strdup ("ext-7");
  srv.expected_token_code = g_strdup ("123456");
  lf_profile_credentials_provider_set_mfa_func (LF_PROFILE_CREDENTIALS_PROVIDER (provider),
                                                answer_mfa, &mfa, NULL);
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (credentials), ==, "AKIDTESTSTS");
  g_assert_cmpuint (mfa.calls, ==, 1);
  g_assert_cmpstr (mfa.serial, ==, "arn:aws:iam::123456789012:mfa/tester");
  g_assert_nonnull (strstr (srv.last_sts_body, "DurationSeconds=900"));

  /* The assumed role is cached: no second STS call, no second MFA prompt. */
  again = lf_test_get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits ("sts"), ==, 1);
  g_assert_cmpuint (mfa.calls, ==, 1);
  g_free (mfa.serial);
}

static void
test_profile_mfa_refused (void)
{
  g_auto(GStrv) envp = profile_env ("[profile chained]\n"
                                    "role_arn = " ROLE_ARN "\n"
                                    "source_profile = base\n"
                                    "mfa_serial = arn:aws:iam::123456789012:mfa/tester\n"
                                    "region = us-west-2\n");
  g_autoptr(LfCredentialsProvider) provider = lf_profile_credentials_provider_new (
    "chained", (const char * const *) envp);
  g_autoptr(LfCredentialsProvider) no_prompt = lf_profile_credentials_provider_new (
    "chained", (const char * const *) envp);
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  Mfa mfa = { 0, NULL, "12ab" };

  lf_profile_credentials_provider_set_mfa_func (LF_PROFILE_CREDENTIALS_PROVIDER (provider),
                                                answer_mfa, &mfa, NULL);
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_null (credentials);
  lf_test_assert_message_contains (error, "six digits");
  g_clear_error (&error);

  credentials = lf_test_get_credentials (no_prompt, &error);
  g_assert_null (credentials);
  lf_test_assert_message_contains (error, "nothing here can ask for one");
  g_assert_cmpuint (hits ("sts"), ==, 0);
  g_free (mfa.serial);
}

static void
test_profile_loop_and_bad_file (void)
{
  g_auto(GStrv) envp = profile_env ("[profile a]\n"                  /* 1 */
                                    "role_arn = " ROLE_ARN "\n"      /* 2 */
                                    "source_profile = b\n"           /* 3 */
                                    "[profile b]\n"                  /* 4 */
                                    "role_arn = " ROLE_ARN "\n"      /* 5 */
                                    "source_profile = a\n"           /* 6 */
                                    "[profile dangling]\n"           /* 7 */
                                    "role_arn = " ROLE_ARN "\n"      /* 8 */
                                    "source_profile = missing\n"     /* 9 */
                                    "[profile badtime]\n"            /* 10 */
                                    "role_arn = " ROLE_ARN "\n"      /* 11 */
                                    "source_profile = base\n"        /* 12 */
                                    "duration_seconds = 10\n");      /* 13 */
  g_autofree char *config_path = g_build_filename (tmp_dir, "config", NULL);
  g_autofree char *where2 = g_strconcat (config_path, ":2", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  /* Each names the setting at fault by its line of the config file. */
  const struct
  {
    const char *profile;
    const char *part;
    guint line;
  } cases[] = {
    { "a", "a → b → a", 6 },
    { "dangling", "“missing”", 9 },
    { "badtime", "duration_seconds", 13 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LfCredentialsProvider) provider = lf_profile_credentials_provider_new (
        cases[i].profile, (const char * const *) envp);
      g_autofree char *where = g_strdup_printf ("%s:%u", config_path, cases[i].line);

      credentials = lf_test_get_credentials (provider, &error);
      g_assert_null (credentials);
      lf_test_assert_message_contains (error, cases[i].part);
      lf_test_assert_message_contains (error, where);
      g_clear_error (&error);
    }

  /* A malformed line: the reader names its file and line. */
  {
    g_auto(GStrv) broken = profile_env ("[profile x]\n[broken\n");
    g_autoptr(LfCredentialsProvider) provider = lf_profile_credentials_provider_new (
      "x", (const char * const *) broken);

    credentials = lf_test_get_credentials (provider, &error);
    g_assert_null (credentials);
    lf_test_assert_message_contains (error, where2);
  }
  g_assert_cmpuint (hits ("sts"), ==, 0);
}

/* credential_process ----------------------------------------------------------------------- */

static LfCredentialsProvider *
process_profile (const char *script_name,
                 const char *script,
                 guint       timeout)
{
  g_autofree char *path = write_tmp (script_name, script, 0700);
  g_autofree char *config = g_strdup_printf ("[profile proc]\n"
                                             "credential_process = \"%s\" --flag 'two words'\n",
                                             path);
  g_auto(GStrv) envp = profile_env (config);
  LfCredentialsProvider *provider = lf_profile_credentials_provider_new (
    "proc", (const char * const *) envp);

  lf_profile_credentials_provider_set_process_timeout (LF_PROFILE_CREDENTIALS_PROVIDER (provider),
                                                       timeout);
  return provider;
}

static void
test_process (void)
{
  /* Echoes its arguments into the token: proves they arrive split, with no shell. */
  g_autoptr(LfCredentialsProvider) provider = process_profile (
    "ok.sh",
    "#!/bin/sh\n"
    "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIDTESTPROC\", \"SecretAccessKey\": "
    "\"proc-secret-test\", \"SessionToken\": \"%s|%s\", \"Expiration\": "
    "\"2099-01-01T00:00:00Z\"}' \"$1\" \"$2\"\n", 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentials) credentials = lf_test_get_credentials (provider, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (credentials), ==, "AKIDTESTPROC");
  g_assert_cmpstr (lf_credentials_get_session_token (credentials), ==, "--flag|two words");
}

static void
test_process_failures (void)
{
  struct { const char *name; const char *script; const char *expected; } cases[] = {
    { "exit.sh", "#!/bin/sh\necho 'sso login needed' >&2\nexit 3\n",
      "exited with status 3: sso login needed" },
    { "version.sh", "#!/bin/sh\necho '{\"Version\": 2, \"AccessKeyId\": \"AKIDTEST\", "
      "\"SecretAccessKey\": \"v2-secret-test\"}'\n", "without \"Version\": 1" },
    { "garbage.sh", "#!/bin/sh\necho 'not json, has v2-secret-test'\n", "not valid JSON" },
    { "nokey.sh", "#!/bin/sh\necho '{\"Version\": 1, \"SecretAccessKey\": \"x-secret-test\"}'\n",
      "no AccessKeyId" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LfCredentialsProvider) provider = process_profile (cases[i].name,
                                                                   cases[i].script, 10);
      g_autoptr(GError) error = NULL;
      g_autoptr(LfCredentials) credentials = lf_test_get_credentials (provider, &error);

      g_assert_null (credentials);
      g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS);
      lf_test_assert_message_contains (error, cases[i].expected);
      lf_test_assert_message_contains (error, "credential_process");
      assert_no_secret (error);
    }
}

static void
test_process_timeout (void)
{
  g_autoptr(LfCredentialsProvider) provider = process_profile ("slow.sh",
                                                               "#!/bin/sh\nexec sleep 60\n", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentials) credentials = lf_test_get_credentials (provider, &error);

  g_assert_null (credentials);
  lf_test_assert_message_contains (error, "did not answer within 1 s");
}

/* Caching ---------------------------------------------------------------------------------- */

static LfCredentialsProvider *
cached_imds (guint refresh_seconds)
{
  g_autofree char *endpoint = env_entry ("AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.url);
  const char *envp[] = { endpoint, NULL };
  g_autoptr(LfCredentialsProvider) imds = lf_imds_credentials_provider_new (envp);

  return lf_caching_credentials_provider_new (imds, refresh_seconds);
}

#define CREDS_PATH "/latest/meta-data/iam/security-credentials/LfTestRole"

static void
test_cache_keeps_fresh (void)
{
  g_autoptr(LfCredentialsProvider) provider = cached_imds (5 * 60);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(LfCredentials) credentials = lf_test_get_credentials (provider, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (hits (CREDS_PATH), ==, 1);

  lf_credentials_provider_invalidate (provider);
  {
    g_autoptr(LfCredentials) credentials = lf_test_get_credentials (provider, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (hits (CREDS_PATH), ==, 2);
}

static void
test_cache_refreshes_early (void)
{
  /* Expiring in 4 minutes, refreshed 5 minutes ahead: every request refreshes. */
  g_autoptr(LfCredentialsProvider) provider = cached_imds (5 * 60);
  g_autoptr(GError) error = NULL;

  g_free (srv.expiration);
  srv.expiration = expiration_in (4 * G_TIME_SPAN_MINUTE);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(LfCredentials) credentials = lf_test_get_credentials (provider, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (hits (CREDS_PATH), ==, 2);

  /* Expired credentials from the source are still handed out, but never kept. */
  g_free (srv.expiration);
  srv.expiration = expiration_in (2 * G_TIME_SPAN_HOUR);
  {
    g_autoptr(LfCredentials) credentials = lf_test_get_credentials (provider, &error);
    g_autoptr(LfCredentials) again = lf_test_get_credentials (provider, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (hits (CREDS_PATH), ==, 3);
}

static void
test_cache_failed_refresh_keeps_valid (void)
{
  g_autoptr(LfCredentialsProvider) provider = cached_imds (5 * 60);
  g_autoptr(GError) error = NULL;

  g_free (srv.expiration);
  srv.expiration = expiration_in (4 * G_TIME_SPAN_MINUTE);
  {
    g_autoptr(LfCredentials) credentials = lf_test_get_credentials (provider, &error);
    g_assert_no_error (error);
  }
  /* The refresh fails, but what is cached works for four more minutes. */
  srv.imds_role_status = 500;
  {
    g_autoptr(LfCredentials) credentials = lf_test_get_credentials (provider, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (lf_credentials_get_access_key_id (credentials), ==, "AKIDTESTIMDS");
  }
  g_assert_cmpuint (hits ("/latest/meta-data/iam/security-credentials/"), ==, 2);
}

typedef struct
{
  guint done;
  guint ok;
} Many;

static void
on_one_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Many *many = user_data;
  g_autoptr(LfCredentials) credentials =
    lf_credentials_provider_get_credentials_finish (LF_CREDENTIALS_PROVIDER (object), result, NULL);

  many->done++;
  if (credentials != NULL)
    many->ok++;
}

static void
test_cache_concurrent_share_one_refresh (void)
{
  g_autoptr(LfCredentialsProvider) provider = cached_imds (5 * 60);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Many many = { 0, 0 };
  guint watchdog = lf_test_add_watchdog ();

  for (guint i = 0; i < 8; i++)
    lf_credentials_provider_get_credentials_async (provider, i == 7 ? cancellable : NULL,
                                                   on_one_done, &many);
  /* One caller giving up does not stop the refresh the others wait on. */
  g_cancellable_cancel (cancellable);
  while (many.done < 8)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);

  g_assert_cmpuint (many.ok, ==, 7);
  g_assert_cmpuint (hits ("/latest/api/token"), ==, 1);
  g_assert_cmpuint (hits (CREDS_PATH), ==, 1);
}

/* Roles Anywhere --------------------------------------------------------------------------- */

static void
run_certtool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[1], err);
}

/* A key of @type ("rsa" or "ecdsa") and a self-signed certificate with a serial number larger
 * than 64 bits, made by certtool; returns the paths. */
static void
make_identity (const char  *type,
               char       **cert_path,
               char       **key_path)
{
  g_autofree char *template = write_tmp ("cert.tmpl",
                                         "cn = \"LambdaForms test\"\n"
                                         "serial = 0x" SERIAL_HEX "\n"
                                         "expiration_days = 2\n"
                                         "signing_key\n", 0600);

  *key_path = g_strdup_printf ("%s/%s.key", tmp_dir, type);
  *cert_path = g_strdup_printf ("%s/%s.crt", tmp_dir, type);
  {
    const char *argv[] = { "certtool", "--generate-privkey", "--key-type", type, "--outfile",
                           *key_path, NULL };
    run_certtool (argv);
  }
  {
    const char *argv[] = { "certtool", "--generate-self-signed", "--load-privkey", *key_path,
                           "--template", template, "--outfile", *cert_path, NULL };
    run_certtool (argv);
  }
}

static LfCredentialsProvider *
roles_anywhere (const char *cert,
                const char *chain,
                const char *key,
                const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  LfRolesAnywhereOptions options = {
    .trust_anchor_arn = "arn:aws:rolesanywhere:us-west-2:123456789012:trust-anchor/ta-1",
    .profile_arn = "arn:aws:rolesanywhere:us-west-2:123456789012:profile/p-1",
    .role_arn = ROLE_ARN,
    .certificate_path = cert,
    .chain_path = chain,
    .private_key_path = key,
    .passphrase = passphrase,
    .endpoint_url = srv.url,
  };
  LfCredentialsProvider *provider = lf_roles_anywhere_credentials_provider_new (&options, &error);

  g_assert_no_error (error);
  return provider;
}

static void
check_roles_anywhere (const char *type,
                      const char *algorithm)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  make_identity (type, &cert, &key);
  provider = roles_anywhere (cert, NULL, key, NULL);
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (credentials), ==, "AKIDTESTRA");
  g_assert_cmpstr (lf_credentials_get_session_token (credentials), ==, "ra-token");
  g_assert_cmpstr (srv.last_algorithm, ==, algorithm);
  g_assert_cmpstr (srv.last_serial, ==, SERIAL_DECIMAL);
  g_assert_cmpuint (hits ("ra"), ==, 1);
}

static void
test_roles_anywhere_rsa (void)
{
  check_roles_anywhere ("rsa", "AWS4-X509-RSA-SHA256");
}

static void
test_roles_anywhere_ec (void)
{
  check_roles_anywhere ("ecdsa", "AWS4-X509-ECDSA-SHA256");
}

static void
test_roles_anywhere_pkcs8_passphrase_chain (void)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *p8 = g_build_filename (tmp_dir, "ec-p8.key", NULL);
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfCredentialsProvider) wrong = NULL;
  g_autoptr(LfCredentialsProvider) none = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  make_identity ("ecdsa", &cert, &key);
  {
    const char *argv[] = { "certtool", "--to-p8", "--load-privkey", key, "--password",
                           "testpass", "--outfile", p8, NULL };
    run_certtool (argv);
  }

  /* The certificate stands in for its own chain: what matters is that it is sent. */
  srv.expect_chain = TRUE;
  provider = roles_anywhere (cert, cert, p8, "testpass");
  credentials = lf_test_get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (srv.last_algorithm, ==, "AWS4-X509-ECDSA-SHA256");

  wrong = roles_anywhere (cert, cert, p8, "not-the-passphrase");
  g_clear_pointer (&credentials, lf_credentials_unref);
  credentials = lf_test_get_credentials (wrong, &error);
  g_assert_null (credentials);
  lf_test_assert_message_contains (error, "passphrase is wrong");
  g_assert_null (strstr (error->message, "not-the-passphrase"));
  g_clear_error (&error);

  none = roles_anywhere (cert, cert, p8, NULL);
  credentials = lf_test_get_credentials (none, &error);
  lf_test_assert_message_contains (error, "encrypted and no passphrase");
  g_assert_cmpuint (hits ("ra"), ==, 1);
}

static void
test_roles_anywhere_certificate_problems (void)
{
  g_autofree char *rsa_cert = NULL;
  g_autofree char *rsa_key = NULL;
  g_autofree char *ec_cert = NULL;
  g_autofree char *ec_key = NULL;
  g_autofree char *not_cert = write_tmp ("not.crt", "hello\n", 0600);
  g_autoptr(LfCredentialsProvider) mismatch = NULL;
  g_autoptr(LfCredentialsProvider) garbage = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  LfRolesAnywhereOptions bad_arn = {
    .trust_anchor_arn = "arn:aws:iam::123456789012:role/not-an-anchor",
    .profile_arn = "arn:aws:rolesanywhere:us-west-2:123456789012:profile/p-1",
    .role_arn = ROLE_ARN, .certificate_path = "x", .private_key_path = "y",
  };

  make_identity ("rsa", &rsa_cert, &rsa_key);
  make_identity ("ecdsa", &ec_cert, &ec_key);

  mismatch = roles_anywhere (ec_cert, NULL, rsa_key, NULL);
  credentials = lf_test_get_credentials (mismatch, &error);
  g_assert_null (credentials);
  lf_test_assert_message_contains (error, "does not belong to the certificate");
  g_clear_error (&error);

  garbage = roles_anywhere (not_cert, NULL, ec_key, NULL);
  credentials = lf_test_get_credentials (garbage, &error);
  lf_test_assert_message_contains (error, "is not an X.509 certificate");
  g_clear_error (&error);

  g_assert_null (lf_roles_anywhere_credentials_provider_new (&bad_arn, &error));
  lf_test_assert_message_contains (error, "trust anchor");
  g_assert_cmpuint (hits ("ra"), ==, 0);
}

static void
test_serial_to_decimal (void)
{
  const guint8 zero[] = { 0 };
  const guint8 big[] = { 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70, 0x81, 0x92, 0xa3 };
  const guint8 small[] = { 0x01, 0x00 };
  g_autofree char *a = lf_x509_serial_to_decimal (zero, sizeof zero);
  g_autofree char *b = lf_x509_serial_to_decimal (big, sizeof big);
  g_autofree char *c = lf_x509_serial_to_decimal (small, sizeof small);

  g_assert_cmpstr (a, ==, "0");
  g_assert_cmpstr (b, ==, SERIAL_DECIMAL);
  g_assert_cmpstr (c, ==, "256");
}

/* The default chain's order: environment before the rest. */
static void
test_default_chain_order (void)
{
  g_autofree char *endpoint = env_entry ("AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.url);
  g_autofree char *home = env_entry ("HOME", tmp_dir);
  const char *with_env[] = { endpoint, home, "AWS_ACCESS_KEY_ID=AKIDTESTENV",
                             "AWS_SECRET_ACCESS_KEY=env-secret-test",
                             "AWS_CONFIG_FILE=/nonexistent/config",
                             "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/credentials", NULL };
  const char *imds_only[] = { endpoint, home, "AWS_CONFIG_FILE=/nonexistent/config",
                              "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/credentials", NULL };
  g_autoptr(LfCredentialsProvider) first = lf_chain_credentials_provider_new_default (with_env);
  g_autoptr(LfCredentialsProvider) last = lf_chain_credentials_provider_new_default (imds_only);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentials) a = lf_test_get_credentials (first, &error);
  g_autoptr(LfCredentials) b = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (a), ==, "AKIDTESTENV");
  g_assert_cmpuint (hits ("/latest/api/token"), ==, 0);

  /* Nothing else configured: the instance metadata answers, after the container is skipped. */
  b = lf_test_get_credentials (last, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (b), ==, "AKIDTESTIMDS");
}

/* End to end: temporary credentials from a provider sign calls that a sandbox started with
 * exactly that session token accepts, and one with another token refuses. */

static LfSandbox *
sandbox_with_token (const char *key_id,
                    const char *token)
{
  LfSandbox *sandbox = lf_sandbox_new ();
  g_autoptr(GError) error = NULL;

  lf_sandbox_set_credentials (sandbox, key_id, ISSUED_SECRET, token);
  g_assert_true (lf_sandbox_start (sandbox, 0, &error));
  g_assert_no_error (error);
  return sandbox;
}

static JsonNode *
list_functions_with (LfCredentialsProvider  *provider,
                     LfSandbox              *sandbox,
                     GError                **error)
{
  g_autoptr(LfLambdaClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  client = lf_lambda_client_new (provider, lf_sandbox_get_region (sandbox),
                                 lf_sandbox_get_url (sandbox), error);
  g_assert_nonnull (client);
  lf_lambda_client_list_functions_async (client, NULL, NULL, NULL, NULL, NULL,
                                         lf_test_keep_result, &result);
  lf_test_wait_result (&result);
  return lf_lambda_client_list_functions_finish (client, result, error);
}

static void
assert_token_round_trip (LfCredentialsProvider *provider,
                         const char            *key_id,
                         const char            *token)
{
  g_autoptr(LfSandbox) right = sandbox_with_token (key_id, token);
  g_autoptr(LfSandbox) other = sandbox_with_token (key_id, "another-token");
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(GError) error = NULL;

  listed = list_functions_with (provider, right, &error);
  g_assert_no_error (error);
  g_assert_nonnull (listed);

  refused = list_functions_with (provider, other, &error);
  g_assert_null (refused);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_ACCESS_DENIED);
  g_assert_cmpstr (lf_aws_error_get_aws_code (error), ==, "UnrecognizedClientException");
  lf_test_assert_message_contains (error, "security token included in the request is invalid");
}

static void
test_imds_token_signs_for_sandbox (void)
{
  g_autofree char *endpoint = env_entry ("AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.url);
  const char *envp[] = { endpoint, NULL };
  g_autoptr(LfCredentialsProvider) provider = lf_imds_credentials_provider_new (envp);

  assert_token_round_trip (provider, "AKIDTESTIMDS", "issued-token");
}

static void
test_assume_role_token_signs_for_sandbox (void)
{
  g_autoptr(LfCredentialsProvider) source = source_provider ();
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  LfAssumeRoleOptions options = {
    .role_arn = ROLE_ARN, .session_name = "lf-test", .duration_seconds = 1800,
    .region = "us-west-2", .endpoint_url = srv.url,
  };

  provider = lf_sts_credentials_provider_new (source, &options, &error);
  g_assert_no_error (error);
  assert_token_round_trip (provider, "AKIDTESTSTS", "sts-token&more");
}

static void
with_server (gconstpointer data)
{
  void (*func) (void) = (void (*) (void)) data;

  server_setup ();
  func ();
  server_teardown ();
}

static void
add (const char *name,
     void      (*func) (void))
{
  g_test_add_data_func (name, (gconstpointer) func, with_server);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("lf-test-sources-XXXXXX", &error);
  g_assert_no_error (error);

  add ("/imds/credentials", test_imds);
  add ("/imds/no-role", test_imds_no_role);
  add ("/imds/disabled", test_imds_disabled);
  add ("/container/full-uri-token-file", test_container_full_uri);
  add ("/container/refused", test_container_refused);
  add ("/container/uris", test_container_uris);
  add ("/sts/assume-role-signed", test_sts);
  add ("/sts/regional-endpoint", test_sts_regional_endpoint);
  add ("/sts/error-code-message", test_sts_error);
  add ("/profile/role-chain-mfa", test_profile_role_chain_mfa);
  add ("/profile/mfa-refused", test_profile_mfa_refused);
  add ("/profile/loop-and-bad-file", test_profile_loop_and_bad_file);
  add ("/process/credentials", test_process);
  add ("/process/failures", test_process_failures);
  add ("/process/timeout", test_process_timeout);
  add ("/cache/keeps-fresh", test_cache_keeps_fresh);
  add ("/cache/refreshes-early", test_cache_refreshes_early);
  add ("/cache/failed-refresh-keeps-valid", test_cache_failed_refresh_keeps_valid);
  add ("/cache/concurrent-share-one-refresh", test_cache_concurrent_share_one_refresh);
  add ("/roles-anywhere/rsa", test_roles_anywhere_rsa);
  add ("/roles-anywhere/ec", test_roles_anywhere_ec);
  add ("/roles-anywhere/pkcs8-passphrase-chain", test_roles_anywhere_pkcs8_passphrase_chain);
  add ("/roles-anywhere/certificate-problems", test_roles_anywhere_certificate_problems);
  add ("/roles-anywhere/serial-to-decimal", test_serial_to_decimal);
  add ("/chain/default-order", test_default_chain_order);
  add ("/sandbox/imds-token", test_imds_token_signs_for_sandbox);
  add ("/sandbox/assume-role-token", test_assume_role_token_signs_for_sandbox);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }
  return status;
}
