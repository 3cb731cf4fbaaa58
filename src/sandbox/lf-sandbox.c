/* lf-sandbox.c: the local Lambda sandbox: its settings, its key, its server
 *
 * Every request is given an x-amzn-RequestId and judged on its headers before its body is read
 * (a Host of ours, no browser, a key of ours, a body within the route's limit); then its SigV4
 * signature is verified against the sandbox's credentials, and lf-sandbox-api.c answers it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <libsoup/soup.h>

#include "lf-json-util.h"
#include "lf-sandbox-pool.h"
#include "lf-sandbox-private.h"

G_DEFINE_FINAL_TYPE (LfSandbox, lf_sandbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REGION,
  PROP_ACCOUNT_ID,
  PROP_ACCESS_KEY_ID,
  PROP_MAX_CONCURRENCY,
  PROP_RUNTIME_DIR,
  PROP_URL,
  PROP_PORT,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Random characters from @alphabet, from the kernel's generator: a key nobody else knows. */
static char *
random_text (const char *alphabet,
             gsize       length)
{
  gsize n = strlen (alphabet);
  char *text = g_malloc (length + 1);
  guint8 bytes[64];

  g_assert (length <= sizeof bytes && n <= 64);
  if (getrandom (bytes, length, 0) != (ssize_t) length)
    g_error ("The kernel gave no random bytes: %s", g_strerror (errno));
  /* 256 is a multiple of 32 and 64, the sizes used here, so no character is favoured. */
  for (gsize i = 0; i < length; i++)
    text[i] = alphabet[bytes[i] % n];
  text[length] = '\0';
  explicit_bzero (bytes, sizeof bytes);
  return text;
}

/* A pair made for this start only, shaped like AWS's (20 and 40 characters). */
static LfCredentials *
fresh_credentials (void)
{
  g_autofree char *key_id_tail = random_text ("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  g_autofree char *key_id = g_strconcat ("LFSB", key_id_tail, NULL);
  char *secret = random_text ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                              40);
  LfCredentials *credentials = lf_credentials_new (key_id, secret, NULL, NULL);

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
  return credentials;
}

static void
lf_sandbox_dispose (GObject *object)
{
  LfSandbox *self = (LfSandbox *) object;

  if (self->server != NULL)
    lf_http_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->pools, g_hash_table_unref);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_object (&self->registry);
  g_clear_object (&self->faults);
  g_clear_object (&self->verifier);
  g_clear_object (&self->schemas_verifier);
  g_clear_object (&self->schemas);

  G_OBJECT_CLASS (lf_sandbox_parent_class)->dispose (object);
}

static void
lf_sandbox_finalize (GObject *object)
{
  LfSandbox *self = (LfSandbox *) object;

  g_free (self->schemas_file);
  g_clear_pointer (&self->settings, lf_sandbox_settings_unref);
  g_clear_pointer (&self->credentials, lf_credentials_unref);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (lf_sandbox_parent_class)->finalize (object);
}

static void
lf_sandbox_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LfSandbox *self = LF_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_REGION:
      g_value_set_string (value, self->settings->region);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->settings->account_id);
      break;
    case PROP_ACCESS_KEY_ID:
      g_value_set_string (value, lf_credentials_get_access_key_id (self->credentials));
      break;
    case PROP_MAX_CONCURRENCY:
      g_value_set_uint (value, self->settings->max_concurrency);
      break;
    case PROP_RUNTIME_DIR:
      g_value_set_string (value, self->settings->runtime_dir);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, lf_sandbox_is_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_sandbox_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LfSandbox *self = LF_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_REGION:
      lf_sandbox_set_region (self, g_value_get_string (value));
      break;
    case PROP_ACCOUNT_ID:
      lf_sandbox_set_account_id (self, g_value_get_string (value));
      break;
    case PROP_MAX_CONCURRENCY:
      lf_sandbox_set_max_concurrency (self, g_value_get_uint (value));
      break;
    case PROP_RUNTIME_DIR:
      lf_sandbox_set_runtime_dir (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_sandbox_class_init (LfSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lf_sandbox_dispose;
  object_class->finalize = lf_sandbox_finalize;
  object_class->get_property = lf_sandbox_get_property;
  object_class->set_property = lf_sandbox_set_property;

  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, LF_SANDBOX_DEFAULT_REGION, rw);
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL, LF_SANDBOX_DEFAULT_ACCOUNT_ID, rw);
  properties[PROP_ACCESS_KEY_ID] =
    g_param_spec_string ("access-key-id", NULL, NULL, NULL, ro);
  properties[PROP_MAX_CONCURRENCY] =
    g_param_spec_uint ("max-concurrency", NULL, NULL, 1, 1000, LF_SANDBOX_DEFAULT_MAX_CONCURRENCY,
                       rw);
  properties[PROP_RUNTIME_DIR] = g_param_spec_string ("runtime-dir", NULL, NULL, NULL, rw);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, ro);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_sandbox_init (LfSandbox *self)
{
  self->settings = lf_sandbox_settings_new ();
  self->credentials = fresh_credentials ();
  self->settings->runtime_dir = lf_sandbox_find_data_dir ("runtime");
  self->registry = lf_sandbox_registry_new ();
  self->faults = lf_sandbox_faults_new ();
  self->pools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->retired = g_ptr_array_new_with_free_func (g_object_unref);
}

LfSandbox *
lf_sandbox_new (void)
{
  return g_object_new (LF_TYPE_SANDBOX, NULL);
}

/**
 * lf_sandbox_find_data_dir:
 * @what: "runtime" or "functions"
 *
 * Where the sandbox's shipped files are: $LF_SANDBOX_RUNTIME_DIR (or _FUNCTIONS_DIR) first,
 * then the source tree (running uninstalled), then the installed data folder.
 *
 * Returns: (transfer full) (nullable): the folder, or %NULL when none exists
 */
char *
lf_sandbox_find_data_dir (const char *what)
{
  g_autofree char *upper = g_ascii_strup (what, -1);
  g_autofree char *variable = g_strdup_printf ("LF_SANDBOX_%s_DIR", upper);
  const char *override = g_getenv (variable);
  const char * const roots[] = { SOURCE_DATADIR, PKGDATADIR };

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autofree char *path = g_build_filename (roots[i], "sandbox", what, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&path);
    }

  return NULL;
}

/**
 * lf_sandbox_set_credentials:
 * @session_token: (nullable): when set, the pair is accepted only with exactly this token, as
 *   AWS accepts temporary credentials
 *
 * Replaces the fresh random pair every sandbox starts with.
 */
void
lf_sandbox_set_credentials (LfSandbox  *self,
                            const char *access_key_id,
                            const char *secret_access_key,
                            const char *session_token)
{
  g_return_if_fail (LF_IS_SANDBOX (self));
  g_return_if_fail (access_key_id != NULL && secret_access_key != NULL);
  g_return_if_fail (self->server == NULL);

  g_clear_pointer (&self->credentials, lf_credentials_unref);
  self->credentials = lf_credentials_new (access_key_id, secret_access_key, session_token, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS_KEY_ID]);
}

/**
 * lf_sandbox_get_credentials:
 *
 * Returns: (transfer none): the only credentials the sandbox accepts
 */
LfCredentials *
lf_sandbox_get_credentials (LfSandbox *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), NULL);
  return self->credentials;
}

/* Replaces one of the settings' strings; listeners hear of a real change only. */
static void
replace_setting (LfSandbox  *self,
                 char      **field,
                 const char *value,
                 guint       prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

const char *
lf_sandbox_get_region (LfSandbox *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), NULL);
  return self->settings->region;
}

void
lf_sandbox_set_region (LfSandbox  *self,
                       const char *region)
{
  g_return_if_fail (LF_IS_SANDBOX (self));
  g_return_if_fail (region != NULL && *region != '\0');

  replace_setting (self, &self->settings->region, region, PROP_REGION);
}

const char *
lf_sandbox_get_account_id (LfSandbox *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), NULL);
  return self->settings->account_id;
}

void
lf_sandbox_set_account_id (LfSandbox  *self,
                           const char *account_id)
{
  g_return_if_fail (LF_IS_SANDBOX (self));
  g_return_if_fail (account_id != NULL && *account_id != '\0');

  replace_setting (self, &self->settings->account_id, account_id, PROP_ACCOUNT_ID);
}

guint
lf_sandbox_get_max_concurrency (LfSandbox *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), 0);
  return self->settings->max_concurrency;
}

/* Takes effect for functions not invoked yet. */
void
lf_sandbox_set_max_concurrency (LfSandbox *self,
                                guint      max_concurrency)
{
  g_return_if_fail (LF_IS_SANDBOX (self));
  g_return_if_fail (max_concurrency >= 1);

  if (self->settings->max_concurrency == max_concurrency)
    return;
  self->settings->max_concurrency = max_concurrency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONCURRENCY]);
}

/* 0 keeps idle environments until the function is deleted or the sandbox stops. */
void
lf_sandbox_set_idle_timeout (LfSandbox *self,
                             guint      seconds)
{
  g_return_if_fail (LF_IS_SANDBOX (self));
  g_return_if_fail (self->server == NULL);
  self->settings->idle_timeout_s = seconds;
}

/* How soon after its first byte a request's head must be complete (slow clients are cut off). */
void
lf_sandbox_set_header_timeout (LfSandbox *self,
                               guint      seconds)
{
  g_return_if_fail (LF_IS_SANDBOX (self));
  g_return_if_fail (self->server == NULL);
  self->settings->header_timeout_s = seconds;
}

/* @delays_ms: %LF_SANDBOX_EVENT_RETRIES waits before the retries of a failed Event call. */
void
lf_sandbox_set_event_retry_delays (LfSandbox   *self,
                                   const guint *delays_ms)
{
  g_return_if_fail (LF_IS_SANDBOX (self));
  g_return_if_fail (self->server == NULL);
  for (guint i = 0; i < LF_SANDBOX_EVENT_RETRIES; i++)
    self->settings->retry_delay_ms[i] = delays_ms[i];
}

const char *
lf_sandbox_get_runtime_dir (LfSandbox *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), NULL);
  return self->settings->runtime_dir;
}

void
lf_sandbox_set_runtime_dir (LfSandbox  *self,
                            const char *runtime_dir)
{
  g_return_if_fail (LF_IS_SANDBOX (self));

  replace_setting (self, &self->settings->runtime_dir, runtime_dir, PROP_RUNTIME_DIR);
}

/* Serves every function folder found in @path, beside those already served. */
gboolean
lf_sandbox_add_functions_dir (LfSandbox   *self,
                              const char  *path,
                              GError     **error)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), FALSE);

  return lf_sandbox_registry_add_directory (self->registry, path, error);
}

/* Sets faults from a flag's NAME:key=value,… (see lf-sandbox-faults.c). */
gboolean
lf_sandbox_add_fault (LfSandbox   *self,
                      const char  *spec,
                      GError     **error)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), FALSE);

  return lf_sandbox_faults_parse_spec (self->faults, spec, error);
}

/**
 * lf_sandbox_get_registry:
 *
 * Returns: (transfer none): the functions served
 */
LfSandboxRegistry *
lf_sandbox_get_registry (LfSandbox *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), NULL);
  return self->registry;
}

/**
 * lf_sandbox_get_faults:
 *
 * Returns: (transfer none): the faults in force
 */
LfSandboxFaults *
lf_sandbox_get_faults (LfSandbox *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), NULL);
  return self->faults;
}

gboolean
lf_sandbox_is_running (LfSandbox *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), FALSE);
  return self->server != NULL && !self->stopping;
}

/**
 * lf_sandbox_get_url:
 *
 * Returns: (nullable): the endpoint, http://127.0.0.1:PORT, once started
 */
const char *
lf_sandbox_get_url (LfSandbox *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), NULL);
  return self->url;
}

guint
lf_sandbox_get_port (LfSandbox *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), 0);
  return self->port;
}

/* Host names a browser page reaching us by DNS rebinding cannot forge: ours alone. */
static gboolean
host_is_ours (LfSandbox  *self,
              const char *host)
{
  g_autofree char *v4 = g_strdup_printf ("127.0.0.1:%u", self->port);
  g_autofree char *name = g_strdup_printf ("localhost:%u", self->port);
  g_autofree char *v6 = g_strdup_printf ("[::1]:%u", self->port);

  return host != NULL && (g_str_equal (host, v4) || g_ascii_strcasecmp (host, name) == 0 ||
                          g_str_equal (host, v6));
}

/* The most a request of this method and path may carry: Lambda's own payload limits for an
 * Invoke (by its invocation type), a little for the admin endpoint, nothing otherwise. */
static gsize
body_limit_for (LfHttpExchange *exchange)
{
  const char *method = lf_http_exchange_get_method (exchange);
  const char *type = soup_message_headers_get_one (lf_http_exchange_get_request_headers (exchange),
                                                   "X-Amz-Invocation-Type");

  /* GetDiscoveredSchema takes ten events of 100,000 characters, escaped in JSON strings. */
  if (g_str_has_prefix (lf_http_exchange_get_path (exchange), LF_SANDBOX_SCHEMAS_PREFIX))
    return g_str_equal (method, "GET") ? 0 : 8 * 1024 * 1024;
  if (g_str_equal (method, "POST") &&
      (g_str_has_suffix (lf_http_exchange_get_path (exchange), "/invocations") ||
       g_str_has_suffix (lf_http_exchange_get_path (exchange), "/response-streaming-invocations")))
    return g_strcmp0 (type, "Event") == 0 ? LF_SANDBOX_MAX_EVENT_PAYLOAD
                                          : LF_SANDBOX_MAX_SYNC_PAYLOAD;
  if (g_str_equal (method, "PUT"))
    return 64 * 1024;
  return 0;
}

/* The Schemas API is signed for its own service name, as AWS's is. */
static LfSandboxVerifier *
verifier_for (LfSandbox      *self,
              LfHttpExchange *exchange)
{
  return g_str_has_prefix (lf_http_exchange_get_path (exchange), LF_SANDBOX_SCHEMAS_PREFIX)
           ? self->schemas_verifier
           : self->verifier;
}

static void
respond_schemas (LfSandbox      *self,
                 LfHttpExchange *exchange,
                 GBytes         *body)
{
  LfSchemasAnswer answer;
  g_autofree char *text = NULL;

  lf_sandbox_schemas_handle (self->schemas, lf_http_exchange_get_method (exchange),
                             lf_http_exchange_get_path (exchange),
                             lf_http_exchange_get_query (exchange), body, &answer);
  if (answer.code != NULL)
    soup_message_headers_replace (lf_http_exchange_get_response_headers (exchange),
                                  "x-amzn-ErrorType", answer.code);
  if (answer.body == NULL)
    {
      lf_http_exchange_respond (exchange, answer.status, NULL, NULL);
      return;
    }
  text = lf_json_to_text (answer.body, 0);
  json_node_unref (answer.body);
  lf_http_exchange_respond_text (exchange, answer.status, "application/json", text);
}

/* Bodies a browser may send another site without asking first: never ours. */
static gboolean
is_browser_form (SoupMessageHeaders *headers)
{
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  return type != NULL && (g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") == 0 ||
                          g_ascii_strcasecmp (type, "multipart/form-data") == 0 ||
                          g_ascii_strcasecmp (type, "text/plain") == 0);
}

/* Judged on its headers alone, before a byte of the body is read: a foreign Host, a browser,
 * no signature or a key not ours, a body larger than the route takes. */
static void
judge (LfHttpServer   *server,
       LfHttpExchange *exchange,
       gpointer        user_data)
{
  LfSandbox *self = user_data;
  SoupMessageHeaders *headers = lf_http_exchange_get_request_headers (exchange);
  SoupMessageHeaders *response_headers = lf_http_exchange_get_response_headers (exchange);
  g_autofree char *request_id = g_uuid_string_random ();
  g_autofree char *too_large = NULL;
  g_autoptr(GBytes) too_large_body = NULL;
  g_autoptr(GError) error = NULL;
  gsize limit;

  soup_message_headers_replace (response_headers, "x-amzn-RequestId", request_id);
  if (!host_is_ours (self, soup_message_headers_get_one (headers, "Host")))
    {
      _lf_sandbox_respond_aws_error (exchange, 421, "MisdirectedRequestException", NULL,
                                     "The Host header must name this sandbox (127.0.0.1, "
                                     "localhost or [::1], with its port)", NULL);
      return;
    }
  if (soup_message_headers_get_one (headers, "Origin") != NULL || is_browser_form (headers))
    {
      _lf_sandbox_respond_aws_error (exchange, 403, "AccessDeniedException", NULL,
                                     "The local sandbox does not answer web pages", NULL);
      return;
    }
  if (!lf_sandbox_verifier_check_identity (verifier_for (self, exchange), headers, &error))
    {
      _lf_sandbox_respond_error (exchange, error);
      return;
    }
  limit = body_limit_for (exchange);
  too_large = _lf_sandbox_too_large_message (limit);
  too_large_body = _lf_sandbox_aws_error_body (NULL, too_large, NULL);
  soup_message_headers_replace (response_headers, "x-amzn-ErrorType", "RequestTooLargeException");
  lf_http_exchange_set_body_limit (exchange, limit, 413, "application/json", too_large_body);
}

/* The whole request is in: its signature is checked over the body before anything else. */
static void
server_handler (LfHttpServer   *server,
                LfHttpExchange *exchange,
                gpointer        user_data)
{
  LfSandbox *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  /* Set by the judge for a refusal that did not happen. */
  soup_message_headers_remove (lf_http_exchange_get_response_headers (exchange),
                               "x-amzn-ErrorType");

  if (self->stopping)
    {
      _lf_sandbox_respond_stopping (exchange);
      return;
    }

  /* Nothing is told to a caller that has not proven it holds the sandbox's key. */
  body = lf_http_exchange_get_body (exchange);
  if (!lf_sandbox_verifier_verify_exchange (verifier_for (self, exchange), exchange, body,
                                            &error))
    {
      g_debug ("Refused %s %s: %s", lf_http_exchange_get_method (exchange),
               lf_http_exchange_get_path (exchange), error->message);
      _lf_sandbox_respond_error (exchange, error);
      return;
    }

  if (g_str_has_prefix (lf_http_exchange_get_path (exchange), LF_SANDBOX_SCHEMAS_PREFIX))
    respond_schemas (self, exchange, body);
  else
    _lf_sandbox_api_handle (self, exchange);
}

/**
 * lf_sandbox_serve_stream:
 *
 * Serves the requests of @stream as if they came on a connection from @remote: how the
 * fuzzer drives the real request handling without a socket. The sandbox must be started.
 */
void
lf_sandbox_serve_stream (LfSandbox      *self,
                         GIOStream      *stream,
                         GSocketAddress *remote)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) local = NULL;

  g_return_if_fail (LF_IS_SANDBOX (self));
  g_return_if_fail (self->server != NULL);

  local = g_inet_socket_address_new (loopback, (guint16) self->port);
  lf_http_server_accept_stream (self->server, stream, remote, local);
}

void
lf_sandbox_set_schemas_file (LfSandbox  *self,
                             const char *path)
{
  g_return_if_fail (LF_IS_SANDBOX (self));
  g_return_if_fail (self->server == NULL);
  g_free (self->schemas_file);
  self->schemas_file = g_strdup (path);
}

guint
lf_sandbox_get_n_connections (LfSandbox *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), 0);
  return self->server ? lf_http_server_get_n_connections (self->server) : 0;
}

/**
 * lf_sandbox_start:
 * @port: the port to listen on, 0 for any free one
 *
 * Listens on 127.0.0.1 only. Requests are served from the thread-default main context of the
 * caller; nothing is served until it runs.
 */
gboolean
lf_sandbox_start (LfSandbox  *self,
                  guint       port,
                  GError    **error)
{
  g_autoptr(LfHttpServer) server = NULL;

  g_return_val_if_fail (LF_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);
  g_return_val_if_fail (port <= 65535, FALSE);

  self->verifier = lf_sandbox_verifier_new (self->credentials, self->settings->region, "lambda");
  self->schemas_verifier = lf_sandbox_verifier_new (self->credentials, self->settings->region,
                                                    "schemas");
  self->schemas = lf_sandbox_schemas_new (self->settings->region, self->settings->account_id);
  if (self->schemas_file != NULL)
    {
      g_autoptr(GError) schemas_error = NULL;

      /* A damaged file is left as it is, never written over: shared events stay in memory. */
      if (!lf_sandbox_schemas_set_file (self->schemas, self->schemas_file, &schemas_error))
        g_warning ("Shared test events are kept in memory only: %s", schemas_error->message);
    }

  server = lf_http_server_new ("lambda-forms-sandbox");
  lf_http_server_set_timeouts (server, self->settings->header_timeout_s,
                               LF_HTTP_DEFAULT_IDLE_TIMEOUT);
  lf_http_server_set_judge (server, judge, self);
  lf_http_server_set_handler (server, server_handler, self);
  if (!lf_http_server_listen (server, port, error))
    {
      g_prefix_error (error, "Could not listen on 127.0.0.1:%u: ", port);
      return FALSE;
    }
  self->port = lf_http_server_get_port (server);
  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  self->server = g_steal_pointer (&server);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  return TRUE;
}

static void
on_pool_shut_down (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  guint *pending = g_task_get_task_data (task);

  lf_sandbox_pool_shutdown_finish (LF_SANDBOX_POOL (source), result, NULL);
  if (--(*pending) == 0)
    g_task_return_boolean (task, TRUE);
}

/**
 * lf_sandbox_stop_async:
 *
 * Stops listening, kills every function process (each environment's whole process group)
 * and completes once all of them are reaped.
 */
void
lf_sandbox_stop_async (LfSandbox           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) pools = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;
  guint *pending;

  g_return_if_fail (LF_IS_SANDBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_sandbox_stop_async);

  if (!self->stopping)
    {
      self->stopping = TRUE;
      if (self->server != NULL)
        lf_http_server_disconnect (self->server);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }

  g_hash_table_iter_init (&iter, self->pools);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (pools, g_object_ref (value));
  for (guint i = 0; i < self->retired->len; i++)
    g_ptr_array_add (pools, g_object_ref (g_ptr_array_index (self->retired, i)));

  if (pools->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  pending = g_new (guint, 1);
  *pending = pools->len;
  g_task_set_task_data (task, pending, g_free);
  for (guint i = 0; i < pools->len; i++)
    lf_sandbox_pool_shutdown_async (g_ptr_array_index (pools, i), NULL, on_pool_shut_down,
                                    g_object_ref (task));
}

gboolean
lf_sandbox_stop_finish (LfSandbox     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (LF_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
