/* lf-sandbox-verifier.c: the server side of SigV4
 *
 * The client's Authorization header says which key, scope and headers it signed; the request
 * is signed again with the project's LfSigner over exactly those headers and that date, and
 * the two signatures are compared in constant time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <string.h>

#include "lf-sandbox-error.h"
#include "lf-sandbox-settings.h"
#include "lf-sandbox-verifier.h"
#include "lf-signer.h"

#define ALGORITHM "AWS4-HMAC-SHA256"

struct _LfSandboxVerifier
{
  GObject parent_instance;

  LfCredentials *credentials;
  char *region;
  char *service;
  LfSigner *signer;
};

G_DEFINE_FINAL_TYPE (LfSandboxVerifier, lf_sandbox_verifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CREDENTIALS,
  PROP_REGION,
  PROP_SERVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char *access_key_id;
  char *date;
  char *region;
  char *service;
  char *terminator;
  char **signed_headers;
  char *signature;
} Authorization;

static void
authorization_clear (Authorization *auth)
{
  g_free (auth->access_key_id);
  g_free (auth->date);
  g_free (auth->region);
  g_free (auth->service);
  g_free (auth->terminator);
  g_strfreev (auth->signed_headers);
  g_free (auth->signature);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Authorization, authorization_clear)

static void
lf_sandbox_verifier_finalize (GObject *object)
{
  LfSandboxVerifier *self = (LfSandboxVerifier *) object;

  g_clear_pointer (&self->credentials, lf_credentials_unref);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->service, g_free);
  g_clear_object (&self->signer);

  G_OBJECT_CLASS (lf_sandbox_verifier_parent_class)->finalize (object);
}

static void
lf_sandbox_verifier_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LfSandboxVerifier *self = LF_SANDBOX_VERIFIER (object);

  switch (prop_id)
    {
    case PROP_CREDENTIALS:
      g_value_set_boxed (value, self->credentials);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_SERVICE:
      g_value_set_string (value, self->service);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_sandbox_verifier_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LfSandboxVerifier *self = LF_SANDBOX_VERIFIER (object);

  switch (prop_id)
    {
    case PROP_CREDENTIALS:
      self->credentials = g_value_dup_boxed (value);
      break;
    case PROP_REGION:
      self->region = g_value_dup_string (value);
      break;
    case PROP_SERVICE:
      self->service = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_sandbox_verifier_class_init (LfSandboxVerifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lf_sandbox_verifier_finalize;
  object_class->get_property = lf_sandbox_verifier_get_property;
  object_class->set_property = lf_sandbox_verifier_set_property;

  properties[PROP_CREDENTIALS] =
    g_param_spec_boxed ("credentials", NULL, NULL, LF_TYPE_CREDENTIALS, construct);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, LF_SANDBOX_DEFAULT_REGION, construct);
  properties[PROP_SERVICE] = g_param_spec_string ("service", NULL, NULL, "lambda", construct);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_sandbox_verifier_init (LfSandboxVerifier *self)
{
  self->signer = lf_signer_new ();
}

LfSandboxVerifier *
lf_sandbox_verifier_new (LfCredentials *credentials,
                         const char    *region,
                         const char    *service)
{
  g_return_val_if_fail (credentials != NULL, NULL);

  return g_object_new (LF_TYPE_SANDBOX_VERIFIER,
                       "credentials", credentials,
                       "region", region,
                       "service", service,
                       NULL);
}

static gboolean
parse_authorization (const char     *header,
                     Authorization  *auth,
                     GError        **error)
{
  g_auto(GStrv) parts = NULL;
  const char *rest;

  if (!g_str_has_prefix (header, ALGORITHM " "))
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INCOMPLETE_SIGNATURE,
                   "Unsupported AWS 'algorithm': the Authorization header must start with “%s”",
                   ALGORITHM);
      return FALSE;
    }

  rest = header + strlen (ALGORITHM " ");
  parts = g_strsplit (rest, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, "Credential=") && auth->access_key_id == NULL)
        {
          g_auto(GStrv) scope = g_strsplit (part + strlen ("Credential="), "/", -1);

          if (g_strv_length (scope) != 5)
            {
              g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INCOMPLETE_SIGNATURE,
                                   "Credential must have exactly 5 slash-delimited elements, "
                                   "e.g. keyid/date/region/service/term");
              return FALSE;
            }
          auth->access_key_id = g_strdup (scope[0]);
          auth->date = g_strdup (scope[1]);
          auth->region = g_strdup (scope[2]);
          auth->service = g_strdup (scope[3]);
          auth->terminator = g_strdup (scope[4]);
        }
      else if (g_str_has_prefix (part, "SignedHeaders=") && auth->signed_headers == NULL)
        {
          auth->signed_headers = g_strsplit (part + strlen ("SignedHeaders="), ";", -1);
        }
      else if (g_str_has_prefix (part, "Signature=") && auth->signature == NULL)
        {
          auth->signature = g_strdup (part + strlen ("Signature="));
        }
    }

  if (auth->access_key_id == NULL || auth->signed_headers == NULL || auth->signature == NULL)
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INCOMPLETE_SIGNATURE,
                   "Authorization header requires '%s' parameter.",
                   auth->access_key_id == NULL ? "Credential"
                   : auth->signed_headers == NULL ? "SignedHeaders" : "Signature");
      return FALSE;
    }

  return TRUE;
}

/* Compares every byte whatever the first difference, so the time taken tells nothing about
 * how much of a forged signature was right. */
static gboolean
equal_constant_time (const char *a,
                     const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  guchar diff = la != lb;

  for (gsize i = 0; i < MIN (la, lb); i++)
    diff |= (guchar) a[i] ^ (guchar) b[i];

  return diff == 0;
}

static gboolean
check_date (const char  *amz_date,
            GDateTime   *now,
            GError     **error)
{
  g_autoptr(GDateTime) when = lf_signer_parse_amz_date (amz_date, NULL);
  g_autoptr(GDateTime) earliest = NULL;
  g_autoptr(GDateTime) latest = NULL;
  g_autofree char *now_text = NULL;

  if (when == NULL)
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INCOMPLETE_SIGNATURE,
                   "Date must be in ISO-8601 'basic format'. Got '%s'. See "
                   "http://en.wikipedia.org/wiki/ISO_8601", amz_date);
      return FALSE;
    }

  now_text = lf_signer_format_amz_date (now);
  earliest = g_date_time_add_seconds (now, -LF_SANDBOX_VERIFIER_MAX_SKEW_SECONDS);
  latest = g_date_time_add_seconds (now, LF_SANDBOX_VERIFIER_MAX_SKEW_SECONDS);

  if (g_date_time_compare (when, earliest) < 0)
    {
      g_autofree char *limit = lf_signer_format_amz_date (earliest);
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_SIGNATURE,
                   "Signature expired: %s is now earlier than %s (%s - 15 min.)",
                   amz_date, limit, now_text);
      return FALSE;
    }
  if (g_date_time_compare (when, latest) > 0)
    {
      g_autofree char *limit = lf_signer_format_amz_date (latest);
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_SIGNATURE,
                   "Signature not yet current: %s is still later than %s (%s + 15 min.)",
                   amz_date, limit, now_text);
      return FALSE;
    }

  return TRUE;
}

/* The key must be ours, and a session token present exactly when ours has one. */
static gboolean
check_identity (LfSandboxVerifier   *self,
                const Authorization *auth,
                SoupMessageHeaders  *headers,
                GError             **error)
{
  const char *expected = lf_credentials_get_session_token (self->credentials);
  const char *token = soup_message_headers_get_one (headers, "X-Amz-Security-Token");
  gboolean token_ok = expected == NULL ? token == NULL
                                       : token != NULL && equal_constant_time (token, expected);

  if (!g_str_equal (auth->access_key_id, lf_credentials_get_access_key_id (self->credentials)) ||
      !token_ok)
    {
      g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_UNRECOGNIZED_CLIENT,
                           "The security token included in the request is invalid.");
      return FALSE;
    }
  return TRUE;
}

/* X-Amz-Date, else the Date header, as an ISO 8601 basic date; NULL with @error set. */
static char *
request_date (SoupMessageHeaders  *headers,
              GError             **error)
{
  const char *value = soup_message_headers_get_one (headers, "X-Amz-Date");

  if (value != NULL)
    return g_strdup (value);
  if ((value = soup_message_headers_get_one (headers, "Date")) != NULL)
    {
      g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (value);

      if (date != NULL)
        return lf_signer_format_amz_date (date);
    }
  g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INCOMPLETE_SIGNATURE,
                       "Authorization header requires existence of either a 'X-Amz-Date' or "
                       "a 'Date' header.");
  return NULL;
}

static gboolean
check_scope (LfSandboxVerifier   *self,
             const Authorization *auth,
             const char          *amz_date,
             GError             **error)
{
  if (strlen (auth->date) != 8 || strncmp (auth->date, amz_date, 8) != 0)
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_SIGNATURE,
                   "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                   "date from HTTP: '%s' != '%.8s', from '%s'.", auth->date, amz_date, amz_date);
      return FALSE;
    }
  if (!g_str_equal (auth->region, self->region))
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_SIGNATURE,
                   "Credential should be scoped to a valid region, not '%s'. ", auth->region);
      return FALSE;
    }
  if (!g_str_equal (auth->service, self->service))
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_SIGNATURE,
                   "Credential should be scoped to correct service: '%s'. ", self->service);
      return FALSE;
    }
  if (!g_str_equal (auth->terminator, "aws4_request"))
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_SIGNATURE,
                   "Credential should be scoped with a valid terminator: 'aws4_request', "
                   "not '%s'. ", auth->terminator);
      return FALSE;
    }
  return TRUE;
}

/* Lower-cases the signed header names in place; Host must be among them. */
static gboolean
check_signed_headers (Authorization  *auth,
                      GError        **error)
{
  gboolean host_signed = FALSE;

  for (guint i = 0; auth->signed_headers[i]; i++)
    {
      char *lower = g_ascii_strdown (auth->signed_headers[i], -1);

      g_free (auth->signed_headers[i]);
      auth->signed_headers[i] = lower;
      if (g_str_equal (lower, "host"))
        host_signed = TRUE;
    }
  if (!host_signed)
    {
      g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_SIGNATURE,
                           "'Host' must be a 'SignedHeader' in the AWS Authorization.");
      return FALSE;
    }
  return TRUE;
}

/* Signs the request again over what the client says it signed, and compares. */
static gboolean
check_signature (LfSandboxVerifier   *self,
                 const Authorization *auth,
                 const char          *method,
                 const char          *url,
                 SoupMessageHeaders  *headers,
                 GBytes              *body,
                 const char          *amz_date,
                 GError             **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (LfHeader));
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) sign_error = NULL;
  LfSignRequest request = { 0 };
  SoupMessageHeadersIter iter;
  const char *content_hash;
  const char *name;
  const char *value;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      LfHeader entry = { (char *) name, (char *) value };
      g_array_append_val (list, entry);
    }

  /* Payloads are always hashed here; a client may only opt out with UNSIGNED-PAYLOAD. */
  content_hash = soup_message_headers_get_one (headers, "X-Amz-Content-Sha256");

  request.method = method;
  request.url = url;
  request.headers = (const LfHeader *) (gpointer) list->data;
  request.n_headers = list->len;
  request.body = body ? g_bytes_get_data (body, &request.body_length) : NULL;
  request.payload_hash = g_strcmp0 (content_hash, "UNSIGNED-PAYLOAD") == 0 ? content_hash : NULL;
  request.region = auth->region;
  request.service = auth->service;
  request.amz_date = amz_date;
  request.only_headers = (const char **) auth->signed_headers;

  signature = lf_signer_sign (self->signer, &request, self->credentials, &sign_error);
  if (signature == NULL)
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_SIGNATURE,
                   "The request could not be signed again to check it: %s", sign_error->message);
      return FALSE;
    }
  if (!equal_constant_time (signature->signature, auth->signature))
    {
      g_debug ("Signature mismatch; canonical request was:\n%s", signature->canonical_request);
      g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_SIGNATURE,
                           "The request signature we calculated does not match the signature "
                           "you provided. Check your AWS Secret Access Key and signing method. "
                           "Consult the service documentation for details.");
      return FALSE;
    }
  return TRUE;
}

/**
 * lf_sandbox_verifier_verify:
 * @url: the request as received: http://HOST/raw-path[?raw-query]
 * @now: (nullable): the time to check the request's date against, %NULL for now
 *
 * Returns: %TRUE when the request carries a valid signature made with the sandbox's key;
 *   otherwise %FALSE with an %LF_SANDBOX_ERROR code naming the AWS exception to answer
 */
gboolean
lf_sandbox_verifier_verify (LfSandboxVerifier   *self,
                            const char          *method,
                            const char          *url,
                            SoupMessageHeaders  *headers,
                            GBytes              *body,
                            GDateTime           *now,
                            GError             **error)
{
  g_auto(Authorization) auth = { 0 };
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *amz_date = NULL;
  const char *header;

  g_return_val_if_fail (LF_IS_SANDBOX_VERIFIER (self), FALSE);

  header = soup_message_headers_get_one (headers, "Authorization");
  if (header == NULL)
    {
      g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_MISSING_AUTHENTICATION,
                           "Missing Authentication Token");
      return FALSE;
    }
  if (!parse_authorization (header, &auth, error) ||
      !check_identity (self, &auth, headers, error))
    return FALSE;

  amz_date = request_date (headers, error);
  if (amz_date == NULL)
    return FALSE;
  if (now == NULL)
    now = local_now = g_date_time_new_now_utc ();

  return check_date (amz_date, now, error) &&
         check_scope (self, &auth, amz_date, error) &&
         check_signed_headers (&auth, error) &&
         check_signature (self, &auth, method, url, headers, body, amz_date, error);
}

/* SigV4 signs each path segment as its encoded form encoded once more; the path comes here
 * decoded, so rebuild the encoded form clients send: every byte but the unreserved ones
 * escaped (":" of an ARN included). */
static char *
encoded_path (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  GString *out = g_string_sized_new (strlen (path) + 16);

  for (guint i = 0; segments[i]; i++)
    {
      g_autofree char *decoded = g_uri_unescape_string (segments[i], NULL);
      g_autofree char *encoded = g_uri_escape_string (decoded ? decoded : segments[i], NULL,
                                                      FALSE);
      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, encoded);
    }
  return g_string_free (out, FALSE);
}

/* The request's URL as the client signed it: its Host, the path, the query as it came. */
static char *
request_url (const char *host,
             const char *path,
             const char *query)
{
  g_autofree char *encoded = encoded_path (path);

  return g_strconcat ("http://", host ? host : "", encoded, query ? "?" : "", query ? query : "",
                      NULL);
}

/**
 * lf_sandbox_verifier_verify_message:
 * @body: the request's body as received
 *
 * lf_sandbox_verifier_verify() on a message a SoupServer received: its URL rebuilt as the
 * client sent it (Host header, path with each segment encoded, query as it came).
 */
gboolean
lf_sandbox_verifier_verify_message (LfSandboxVerifier  *self,
                                    SoupServerMessage  *msg,
                                    GBytes             *body,
                                    GError            **error)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Host");
  g_autofree char *url = request_url (host, g_uri_get_path (uri), g_uri_get_query (uri));

  return lf_sandbox_verifier_verify (self, soup_server_message_get_method (msg), url,
                                     soup_server_message_get_request_headers (msg), body, NULL,
                                     error);
}

/**
 * lf_sandbox_verifier_verify_exchange:
 *
 * The same for a request of an LfHttpServer.
 */
gboolean
lf_sandbox_verifier_verify_exchange (LfSandboxVerifier  *self,
                                     LfHttpExchange     *exchange,
                                     GBytes             *body,
                                     GError            **error)
{
  SoupMessageHeaders *headers = lf_http_exchange_get_request_headers (exchange);
  const char *query = strchr (lf_http_exchange_get_target (exchange), '?');
  g_autofree char *url = request_url (soup_message_headers_get_one (headers, "Host"),
                                      lf_http_exchange_get_path (exchange),
                                      query ? query + 1 : NULL);

  return lf_sandbox_verifier_verify (self, lf_http_exchange_get_method (exchange), url, headers,
                                     body, NULL, error);
}

/**
 * lf_sandbox_verifier_check_identity:
 *
 * What can be checked from the headers alone, before a body is read: an Authorization header
 * of the right form, naming the sandbox's key, with the right session token or none.
 */
gboolean
lf_sandbox_verifier_check_identity (LfSandboxVerifier   *self,
                                    SoupMessageHeaders  *headers,
                                    GError             **error)
{
  g_auto(Authorization) auth = { 0 };
  const char *header = soup_message_headers_get_one (headers, "Authorization");

  if (header == NULL)
    {
      g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_MISSING_AUTHENTICATION,
                           "Missing Authentication Token");
      return FALSE;
    }
  return parse_authorization (header, &auth, error) &&
         check_identity (self, &auth, headers, error);
}
