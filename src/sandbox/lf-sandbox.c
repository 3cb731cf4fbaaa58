/* lf-sandbox.c: the Lambda REST API of the sandbox, and its admin endpoint
 *
 * Every request is answered with an x-amzn-RequestId, verified with SigV4 against the
 * sandbox's credentials, then routed:
 *
 *   GET    /2015-03-31/functions/                        ListFunctions
 *   GET    /2015-03-31/functions/NAME                    GetFunction
 *   GET    /2015-03-31/functions/NAME/configuration      GetFunctionConfiguration
 *   POST   /2015-03-31/functions/NAME/invocations        Invoke
 *   DELETE /2015-03-31/functions/NAME                    DeleteFunction
 *
 * The admin endpoint (signed like the rest, loopback only like the rest):
 *
 *   GET    /_sandbox/status                              environments and queues per function
 *   GET    /_sandbox/faults                              the faults in force
 *   PUT    /_sandbox/faults/NAME   {"throttle": 2, …}    set the faults of a function
 *   DELETE /_sandbox/faults[/NAME]                       clear them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lf-http-server.h"

#include "lf-json-util.h"
#include "lf-sandbox.h"
#include "lf-sandbox-invocation.h"
#include "lf-sandbox-pool.h"
#include "lf-sandbox-verifier.h"

#define API_PREFIX "/2015-03-31/functions"
#define ADMIN_PREFIX "/_sandbox/"
#define LIST_PAGE_SIZE 50
#define LOG_TAIL_BYTES 4096
#define MAX_CLIENT_CONTEXT 3583

struct _LfSandbox
{
  GObject parent_instance;

  LfSandboxSettings *settings;
  LfCredentials *credentials;

  LfSandboxRegistry *registry;
  LfSandboxFaults *faults;
  LfSandboxVerifier *verifier;
  LfHttpServer *server;
  char *url;
  guint port;
  gboolean stopping;

  GHashTable *pools;     /* function name → LfSandboxPool */
  GPtrArray *retired;    /* pools of deleted functions, until their processes are gone */
};

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

typedef enum
{
  ROUTE_UNKNOWN,
  ROUTE_LIST_FUNCTIONS,
  ROUTE_GET_FUNCTION,
  ROUTE_GET_CONFIGURATION,
  ROUTE_INVOKE,
  ROUTE_DELETE_FUNCTION,
  ROUTE_ADMIN_STATUS,
  ROUTE_ADMIN_FAULTS,
  ROUTE_ADMIN_SET_FAULT,
  ROUTE_ADMIN_CLEAR_FAULTS,
} Route;

/* One API request, from arrival to answer. */
typedef struct
{
  LfSandbox *self;
  LfHttpExchange *exchange;
  GHashTable *query;
  char *request_id;
  Route route;
  char *raw_name;        /* the FunctionName path segment, decoded */
  char *name;            /* the function's name once resolved */
  char *qualifier;
} Request;

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
request_free (Request *req)
{
  g_clear_object (&req->exchange);
  g_clear_object (&req->self);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_free (req->request_id);
  g_free (req->raw_name);
  g_free (req->name);
  g_free (req->qualifier);
  g_free (req);
}

/* The caller is gone (or was answered already): nothing more to say to it. */
static gboolean
request_gone (Request *req)
{
  return lf_http_exchange_is_disconnected (req->exchange) ||
         lf_http_exchange_is_answered (req->exchange);
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

  G_OBJECT_CLASS (lf_sandbox_parent_class)->dispose (object);
}

static void
lf_sandbox_finalize (GObject *object)
{
  LfSandbox *self = (LfSandbox *) object;

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

  if (g_str_equal (self->settings->region, region))
    return;
  g_free (self->settings->region);
  self->settings->region = g_strdup (region);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
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

  if (g_str_equal (self->settings->account_id, account_id))
    return;
  g_free (self->settings->account_id);
  self->settings->account_id = g_strdup (account_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
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

  if (g_strcmp0 (self->settings->runtime_dir, runtime_dir) == 0)
    return;
  g_free (self->settings->runtime_dir);
  self->settings->runtime_dir = g_strdup (runtime_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNTIME_DIR]);
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

/* ---- answers ----------------------------------------------------------------------------- */

static void
request_done (Request *req)
{
  request_free (req);
}

static void
set_json_body (LfHttpExchange *exchange,
               guint           status,
               JsonNode       *root)
{
  g_autofree char *text = lf_json_to_text (root, 0);

  lf_http_exchange_respond_text (exchange, status, "application/json", text);
}

/* The error shape of Lambda's REST API: the exception in x-amzn-ErrorType, the message (and
 * Type, and for throttling the Reason) in a JSON body. */
static void
respond_aws_error (Request    *req,
                   guint       status,
                   const char *exception,
                   const char *type,
                   const char *message,
                   const char *reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (!request_gone (req))
    {
      json_builder_begin_object (builder);
      if (type != NULL)
        {
          json_builder_set_member_name (builder, "Type");
          json_builder_add_string_value (builder, type);
        }
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      if (reason != NULL)
        {
          json_builder_set_member_name (builder, "Reason");
          json_builder_add_string_value (builder, reason);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);

      soup_message_headers_replace (lf_http_exchange_get_response_headers (req->exchange),
                                    "x-amzn-ErrorType", exception);
      set_json_body (req->exchange, status, root);
    }

  request_done (req);
}

static void
respond_error (Request      *req,
               const GError *error)
{
  const char *type = NULL;
  guint status = 500;
  const char *exception = lf_sandbox_error_to_aws (error, &status, &type);
  const char *reason = NULL;

  if (g_error_matches (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_THROTTLED))
    reason = "ReservedFunctionConcurrentInvocationLimitExceeded";

  respond_aws_error (req, status, exception, type, error->message, reason);
}

static void
refuse (LfHttpExchange *exchange,
        guint           status,
        const char     *exception,
        const char     *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  soup_message_headers_replace (lf_http_exchange_get_response_headers (exchange),
                                "x-amzn-ErrorType", exception);
  set_json_body (exchange, status, root);
}

/* An error answered straight to an exchange, before there is a Request for it. */
static void
respond_error_to (LfHttpExchange *exchange,
                  const GError   *error)
{
  guint status = 500;
  const char *type = NULL;
  const char *exception = lf_sandbox_error_to_aws (error, &status, &type);

  refuse (exchange, status, exception, error->message);
}

static void
respond_json (Request  *req,
              guint     status,
              JsonNode *root)
{
  if (!request_gone (req))
    set_json_body (req->exchange, status, root);
  request_done (req);
}

static void
respond_empty (Request *req,
               guint    status)
{
  if (!request_gone (req))
    lf_http_exchange_respond (req->exchange, status, NULL, NULL);
  request_done (req);
}

static void
respond_not_found (Request    *req,
                   const char *name,
                   const char *qualifier)
{
  g_autofree char *message =
    g_strdup_printf ("Function not found: arn:aws:lambda:%s:%s:function:%s%s%s",
                     req->self->settings->region, req->self->settings->account_id, name,
                     qualifier ? ":" : "", qualifier ? qualifier : "");

  respond_aws_error (req, 404, "ResourceNotFoundException", "User", message, NULL);
}

/* ---- routing ----------------------------------------------------------------------------- */

static Route
parse_route (const char  *path,
             const char  *method,
             char       **raw_name)
{
  *raw_name = NULL;

  if (g_str_has_prefix (path, API_PREFIX))
    {
      const char *rest = path + strlen (API_PREFIX);
      g_auto(GStrv) parts = NULL;
      guint n;

      if (*rest == '\0' || g_str_equal (rest, "/"))
        return g_str_equal (method, "GET") ? ROUTE_LIST_FUNCTIONS : ROUTE_UNKNOWN;
      if (*rest != '/')
        return ROUTE_UNKNOWN;

      parts = g_strsplit (rest + 1, "/", -1);
      n = g_strv_length (parts);
      /* A trailing slash, as some clients send, adds an empty last segment. */
      if (n > 1 && parts[n - 1][0] == '\0')
        n--;
      if (n == 0 || parts[0][0] == '\0')
        return ROUTE_UNKNOWN;

      *raw_name = g_uri_unescape_string (parts[0], NULL);
      if (*raw_name == NULL)
        return ROUTE_UNKNOWN;

      if (n == 1 && g_str_equal (method, "GET"))
        return ROUTE_GET_FUNCTION;
      if (n == 1 && g_str_equal (method, "DELETE"))
        return ROUTE_DELETE_FUNCTION;
      if (n == 2 && g_str_equal (parts[1], "configuration") && g_str_equal (method, "GET"))
        return ROUTE_GET_CONFIGURATION;
      if (n == 2 && g_str_equal (parts[1], "invocations") && g_str_equal (method, "POST"))
        return ROUTE_INVOKE;

      g_clear_pointer (raw_name, g_free);
      return ROUTE_UNKNOWN;
    }

  if (g_str_equal (path, ADMIN_PREFIX "status") && g_str_equal (method, "GET"))
    return ROUTE_ADMIN_STATUS;
  if (g_str_equal (path, ADMIN_PREFIX "faults") || g_str_equal (path, ADMIN_PREFIX "faults/"))
    {
      if (g_str_equal (method, "GET"))
        return ROUTE_ADMIN_FAULTS;
      if (g_str_equal (method, "DELETE"))
        return ROUTE_ADMIN_CLEAR_FAULTS;
      return ROUTE_UNKNOWN;
    }
  if (g_str_has_prefix (path, ADMIN_PREFIX "faults/"))
    {
      const char *segment = path + strlen (ADMIN_PREFIX "faults/");

      if (strchr (segment, '/') != NULL)
        return ROUTE_UNKNOWN;
      *raw_name = g_uri_unescape_string (segment, NULL);
      if (*raw_name == NULL)
        return ROUTE_UNKNOWN;
      if (g_str_equal (method, "PUT") || g_str_equal (method, "POST"))
        return ROUTE_ADMIN_SET_FAULT;
      if (g_str_equal (method, "DELETE"))
        return ROUTE_ADMIN_CLEAR_FAULTS;
      g_clear_pointer (raw_name, g_free);
    }

  return ROUTE_UNKNOWN;
}

/* FunctionName may be a name, NAME:QUALIFIER, ACCOUNT:function:NAME[:QUALIFIER] or a full
 * ARN. Names of another region or account are simply not found. */
static gboolean
resolve_function_name (LfSandbox   *self,
                       const char  *raw,
                       char       **name,
                       char       **qualifier)
{
  g_auto(GStrv) parts = g_strsplit (raw, ":", -1);
  guint n = g_strv_length (parts);
  guint first = 0;

  *name = NULL;
  *qualifier = NULL;

  if (n >= 7 && g_str_equal (parts[0], "arn"))
    {
      if (!g_str_equal (parts[2], "lambda") || !g_str_equal (parts[3], self->settings->region) ||
          !g_str_equal (parts[4], self->settings->account_id) || !g_str_equal (parts[5], "function") ||
          n > 8)
        return FALSE;
      first = 6;
    }
  else if (n >= 3 && g_str_equal (parts[1], "function"))
    {
      if (!g_str_equal (parts[0], self->settings->account_id) || n > 4)
        return FALSE;
      first = 2;
    }
  else if (n > 2)
    return FALSE;

  if (!lf_sandbox_function_is_valid_name (parts[first]))
    return FALSE;

  *name = g_strdup (parts[first]);
  if (parts[first + 1] != NULL)
    *qualifier = g_strdup (parts[first + 1]);

  return TRUE;
}

/* The function a per-function request names, or NULL after answering 404. */
static LfSandboxFunction *
lookup_function (Request *req)
{
  LfSandboxFunction *function = NULL;

  if (req->name != NULL)
    function = lf_sandbox_registry_lookup (req->self->registry, req->name);

  if (function == NULL || (req->qualifier != NULL && !g_str_equal (req->qualifier, "$LATEST")))
    {
      respond_not_found (req, req->name ? req->name : req->raw_name, req->qualifier);
      return NULL;
    }

  return function;
}

/* ---- operations -------------------------------------------------------------------------- */

static void
handle_list_functions (Request *req)
{
  LfSandbox *self = req->self;
  const char *marker = req->query ? g_hash_table_lookup (req->query, "Marker") : NULL;
  const char *max_text = req->query ? g_hash_table_lookup (req->query, "MaxItems") : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autofree char *next_marker = NULL;
  guint max_items = LIST_PAGE_SIZE;

  if (max_text != NULL)
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (max_text, 10, 1, 10000, &value, NULL))
        {
          respond_aws_error (req, 400, "InvalidParameterValueException", "User",
                             "MaxItems must be a number from 1 to 10000", NULL);
          return;
        }
      max_items = MIN ((guint) value, LIST_PAGE_SIZE);
    }

  page = lf_sandbox_registry_list_page (self->registry, marker, max_items, &next_marker);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Functions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < page->len; i++)
    json_builder_add_value (builder,
                            lf_sandbox_function_to_configuration (g_ptr_array_index (page, i),
                                                                  self->settings->region,
                                                                  self->settings->account_id));
  json_builder_end_array (builder);
  if (next_marker != NULL)
    {
      json_builder_set_member_name (builder, "NextMarker");
      json_builder_add_string_value (builder, next_marker);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  respond_json (req, 200, root);
}

static void
handle_get_function (Request *req,
                     gboolean configuration_only)
{
  LfSandbox *self = req->self;
  LfSandboxFunction *function = lookup_function (req);
  g_autoptr(JsonNode) configuration = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *location = NULL;

  if (function == NULL)
    return;

  configuration = lf_sandbox_function_to_configuration (function, self->settings->region, self->settings->account_id);
  if (configuration_only)
    {
      respond_json (req, 200, configuration);
      return;
    }

  location = g_filename_to_uri (lf_sandbox_function_get_directory (function), NULL, NULL);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Configuration");
  json_builder_add_value (builder, g_steal_pointer (&configuration));
  json_builder_set_member_name (builder, "Code");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "RepositoryType");
  json_builder_add_string_value (builder, "S3");
  json_builder_set_member_name (builder, "Location");
  json_builder_add_string_value (builder, location ? location : "");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "Tags");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  respond_json (req, 200, root);
}

static void
on_retired_pool_shut_down (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(LfSandbox) self = user_data;

  lf_sandbox_pool_shutdown_finish (LF_SANDBOX_POOL (source), result, NULL);
  if (self->retired != NULL)
    g_ptr_array_remove (self->retired, source);
}

static void
handle_delete_function (Request *req)
{
  LfSandbox *self = req->self;
  LfSandboxFunction *function = lookup_function (req);
  g_autofree char *name = NULL;
  gpointer key = NULL;
  gpointer pool = NULL;

  if (function == NULL)
    return;

  name = g_strdup (lf_sandbox_function_get_name (function));
  /* The function leaves the API and its environments end; its folder on disk is left alone. */
  if (g_hash_table_steal_extended (self->pools, name, &key, &pool))
    {
      g_free (key);
      g_ptr_array_add (self->retired, pool);
      lf_sandbox_pool_shutdown_async (pool, NULL, on_retired_pool_shut_down, g_object_ref (self));
    }
  lf_sandbox_registry_remove (self->registry, name);

  respond_empty (req, 204);
}

static LfSandboxPool *
ensure_pool (LfSandbox         *self,
             LfSandboxFunction *function)
{
  const char *name = lf_sandbox_function_get_name (function);
  LfSandboxPool *pool = g_hash_table_lookup (self->pools, name);

  if (pool == NULL)
    {
      pool = lf_sandbox_pool_new (function, self->settings);
      g_hash_table_insert (self->pools, g_strdup (name), pool);
    }

  return pool;
}

/* X-Amz-Client-Context: base64 of a JSON object, at most 3583 bytes once decoded. */
static gboolean
decode_client_context (const char  *header,
                       char       **decoded,
                       GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree guchar *data = NULL;
  gsize length = 0;

  *decoded = NULL;
  if (header == NULL || *header == '\0')
    return TRUE;

  for (const char *p = header; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '='))
      goto invalid;

  data = g_base64_decode (header, &length);
  if (length == 0 || length > MAX_CLIENT_CONTEXT)
    goto invalid;
  root = lf_json_parse ((const char *) data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto invalid;

  *decoded = g_strndup ((const char *) data, length);
  return TRUE;

invalid:
  g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_CONTENT,
                       "Client context must be a valid Base64-encoded JSON object.");
  return FALSE;
}

typedef struct
{
  Request *req;
  LfSandboxInvocation *invocation;
  gboolean tail;
} InvokeData;

static void
on_invoke_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  InvokeData *data = user_data;
  Request *req = data->req;
  g_autoptr(LfSandboxInvocation) invocation = data->invocation;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  GBytes *response;
  const char *function_error;
  gboolean tail = data->tail;

  g_free (data);

  if (!lf_sandbox_pool_invoke_finish (LF_SANDBOX_POOL (source), result, &error))
    {
      respond_error (req, error);
      return;
    }

  if (request_gone (req))
    {
      request_done (req);
      return;
    }

  headers = lf_http_exchange_get_response_headers (req->exchange);
  soup_message_headers_replace (headers, "X-Amz-Executed-Version", "$LATEST");
  function_error = lf_sandbox_invocation_get_function_error (invocation);
  if (function_error != NULL)
    soup_message_headers_replace (headers, "X-Amz-Function-Error", function_error);
  if (tail)
    {
      g_autofree char *log = lf_sandbox_invocation_dup_log_tail_base64 (invocation,
                                                                        LOG_TAIL_BYTES);
      soup_message_headers_replace (headers, "X-Amz-Log-Result", log);
    }

  response = lf_sandbox_invocation_get_response (invocation);
  lf_http_exchange_respond (req->exchange, 200, "application/json", response);
  request_done (req);
}

static void
handle_invoke (Request *req)
{
  LfSandbox *self = req->self;
  SoupMessageHeaders *headers = lf_http_exchange_get_request_headers (req->exchange);
  const char *type_text = soup_message_headers_get_one (headers, "X-Amz-Invocation-Type");
  const char *log_type = soup_message_headers_get_one (headers, "X-Amz-Log-Type");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *client_context = NULL;
  g_autofree char *arn = NULL;
  g_autoptr(LfSandboxInvocation) invocation = NULL;
  LfSandboxInvocationType type;
  LfSandboxFunction *function;
  LfSandboxPool *pool;
  gsize limit;
  InvokeData *data;

  if (type_text == NULL || g_str_equal (type_text, "RequestResponse"))
    type = LF_SANDBOX_INVOCATION_REQUEST_RESPONSE;
  else if (g_str_equal (type_text, "Event"))
    type = LF_SANDBOX_INVOCATION_EVENT;
  else if (g_str_equal (type_text, "DryRun"))
    type = LF_SANDBOX_INVOCATION_DRY_RUN;
  else
    {
      respond_aws_error (req, 400, "InvalidParameterValueException", "User",
                         "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun", NULL);
      return;
    }

  if (log_type != NULL && !g_str_equal (log_type, "None") && !g_str_equal (log_type, "Tail"))
    {
      respond_aws_error (req, 400, "InvalidParameterValueException", "User",
                         "X-Amz-Log-Type must be None or Tail", NULL);
      return;
    }

  function = lookup_function (req);
  if (function == NULL)
    return;

  body = lf_http_exchange_get_body (req->exchange);
  limit = type == LF_SANDBOX_INVOCATION_EVENT ? LF_SANDBOX_MAX_EVENT_PAYLOAD
                                              : LF_SANDBOX_MAX_SYNC_PAYLOAD;
  if (g_bytes_get_size (body) > limit)
    {
      g_autofree char *message =
        g_strdup_printf ("Request must be smaller than %" G_GSIZE_FORMAT " bytes for the %s "
                         "operation", limit,
                         type == LF_SANDBOX_INVOCATION_EVENT ? "InvokeAsync" : "InvokeFunction");
      respond_aws_error (req, 413, "RequestTooLargeException", "User", message, NULL);
      return;
    }

  if (g_bytes_get_size (body) > 0)
    {
      g_autoptr(JsonNode) payload = lf_json_parse_bytes (body, &error);

      if (payload == NULL)
        {
          g_autofree char *message =
            g_strdup_printf ("Could not parse request body into json: Could not parse payload "
                             "into json: %s", error->message);
          respond_aws_error (req, 400, "InvalidRequestContentException", "User", message, NULL);
          return;
        }
    }
  else
    {
      g_clear_pointer (&body, g_bytes_unref);
    }

  if (!decode_client_context (soup_message_headers_get_one (headers, "X-Amz-Client-Context"),
                              &client_context, &error))
    {
      respond_error (req, error);
      return;
    }

  if (type == LF_SANDBOX_INVOCATION_DRY_RUN)
    {
      respond_empty (req, 204);
      return;
    }

  arn = lf_sandbox_function_dup_arn (function, self->settings->region, self->settings->account_id);
  if (req->qualifier != NULL)
    {
      char *qualified = g_strconcat (arn, ":", req->qualifier, NULL);
      g_free (arn);
      arn = qualified;
    }
  invocation = lf_sandbox_invocation_new (req->request_id, type, body, client_context, arn);
  pool = ensure_pool (self, function);

  if (type == LF_SANDBOX_INVOCATION_EVENT)
    {
      lf_sandbox_pool_enqueue_event (pool, invocation);
      respond_empty (req, 202);
      return;
    }

  data = g_new0 (InvokeData, 1);
  data->req = req;
  data->invocation = g_steal_pointer (&invocation);
  data->tail = g_strcmp0 (log_type, "Tail") == 0;
  lf_sandbox_pool_invoke_async (pool, data->invocation, NULL, on_invoke_done, data);
}

/* ---- admin ------------------------------------------------------------------------------- */

static void
handle_admin_status (Request *req)
{
  LfSandbox *self = req->self;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, self->url);
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, self->settings->region);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_string_value (builder, self->settings->account_id);
  json_builder_set_member_name (builder, "functions");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, self->pools);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_value (builder, lf_sandbox_pool_to_json (value));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  respond_json (req, 200, root);
}

static void
handle_admin_faults (Request *req)
{
  g_autoptr(JsonNode) faults = lf_sandbox_faults_to_json (req->self->faults);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "faults");
  json_builder_add_value (builder, g_steal_pointer (&faults));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  respond_json (req, 200, root);
}

static void
handle_admin_set_fault (Request *req)
{
  g_autoptr(GBytes) body = lf_http_exchange_get_body (req->exchange);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!lf_sandbox_function_is_valid_name (req->raw_name))
    {
      respond_aws_error (req, 400, "InvalidParameterValueException", "User",
                         "Faults are set per function name", NULL);
      return;
    }

  root = lf_json_parse_bytes (body, &error);
  if (root == NULL)
    {
      respond_aws_error (req, 400, "InvalidRequestContentException", "User", error->message,
                         NULL);
      return;
    }

  if (!lf_sandbox_faults_set_json (req->self->faults, req->raw_name, root, &error))
    {
      respond_error (req, error);
      return;
    }

  handle_admin_faults (req);
}

/* ---- the request path ------------------------------------------------------------------- */

static void
dispatch (Request *req)
{
  switch (req->route)
    {
    case ROUTE_LIST_FUNCTIONS:
      handle_list_functions (req);
      break;
    case ROUTE_GET_FUNCTION:
      handle_get_function (req, FALSE);
      break;
    case ROUTE_GET_CONFIGURATION:
      handle_get_function (req, TRUE);
      break;
    case ROUTE_INVOKE:
      handle_invoke (req);
      break;
    case ROUTE_DELETE_FUNCTION:
      handle_delete_function (req);
      break;
    case ROUTE_ADMIN_STATUS:
      handle_admin_status (req);
      break;
    case ROUTE_ADMIN_FAULTS:
      handle_admin_faults (req);
      break;
    case ROUTE_ADMIN_SET_FAULT:
      handle_admin_set_fault (req);
      break;
    case ROUTE_ADMIN_CLEAR_FAULTS:
      lf_sandbox_faults_clear (req->self->faults, req->raw_name);
      respond_empty (req, 204);
      break;
    case ROUTE_UNKNOWN:
    default:
      respond_aws_error (req, 404, "UnknownOperationException", NULL,
                         "The requested operation is not supported by this endpoint", NULL);
      break;
    }
}

static void
apply_fault (Request            *req,
             LfSandboxFaultKind  kind,
             guint               status)
{
  switch (kind)
    {
    case LF_SANDBOX_FAULT_DROP:
      /* Gone without a word, as a reset connection looks to a client. */
      if (!request_gone (req))
        lf_http_exchange_abort (req->exchange);
      request_done (req);
      break;
    case LF_SANDBOX_FAULT_THROTTLE:
      respond_aws_error (req, 429, "TooManyRequestsException", "User", "Rate Exceeded.",
                         "CallerRateLimitExceeded");
      break;
    case LF_SANDBOX_FAULT_ERROR:
      if (status == 503)
        respond_aws_error (req, status, "ServiceUnavailableException", "Service",
                           "The service is unavailable (fault injected by the sandbox)", NULL);
      else
        respond_aws_error (req, status, "ServiceException", "Service",
                           "The service failed (fault injected by the sandbox)", NULL);
      break;
    case LF_SANDBOX_FAULT_NONE:
    default:
      dispatch (req);
      break;
    }
}

typedef struct
{
  Request *req;
  LfSandboxFaultKind kind;
  guint status;
} DelayedFault;

static gboolean
on_delay_elapsed (gpointer user_data)
{
  DelayedFault *delayed = user_data;
  Request *req = delayed->req;
  LfSandboxFaultKind kind = delayed->kind;
  guint status = delayed->status;

  g_free (delayed);

  if (req->self->stopping)
    {
      g_autoptr(GError) error = g_error_new_literal (LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_STOPPED,
                                                     "The sandbox is shutting down");
      respond_error (req, error);
    }
  else
    apply_fault (req, kind, status);

  return G_SOURCE_REMOVE;
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

  if (g_str_equal (method, "POST") && g_str_has_suffix (lf_http_exchange_get_path (exchange),
                                                         "/invocations"))
    return g_strcmp0 (type, "Event") == 0 ? LF_SANDBOX_MAX_EVENT_PAYLOAD
                                          : LF_SANDBOX_MAX_SYNC_PAYLOAD;
  if (g_str_equal (method, "PUT"))
    return 64 * 1024;
  return 0;
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
  g_autofree char *request_id = g_uuid_string_random ();
  g_autofree char *too_large = NULL;
  g_autoptr(GBytes) too_large_body = NULL;
  g_autoptr(GError) error = NULL;
  gsize limit;

  soup_message_headers_replace (lf_http_exchange_get_response_headers (exchange),
                                "x-amzn-RequestId", request_id);
  if (!host_is_ours (self, soup_message_headers_get_one (headers, "Host")))
    {
      refuse (exchange, 421, "MisdirectedRequestException",
              "The Host header must name this sandbox (127.0.0.1, localhost or [::1], with "
              "its port)");
      return;
    }
  if (soup_message_headers_get_one (headers, "Origin") != NULL || is_browser_form (headers))
    {
      refuse (exchange, 403, "AccessDeniedException",
              "The local sandbox does not answer web pages");
      return;
    }
  if (!lf_sandbox_verifier_check_identity (self->verifier, headers, &error))
    {
      respond_error_to (exchange, error);
      return;
    }
  limit = body_limit_for (exchange);
  too_large = g_strdup_printf ("{\"message\":\"Request must be smaller than %zu bytes for the "
                               "%s operation\"}", limit,
                               limit == LF_SANDBOX_MAX_EVENT_PAYLOAD ? "InvokeAsync"
                                                                     : "InvokeFunction");
  too_large_body = g_bytes_new (too_large, strlen (too_large));
  soup_message_headers_replace (lf_http_exchange_get_response_headers (exchange),
                                "x-amzn-ErrorType", "RequestTooLargeException");
  lf_http_exchange_set_body_limit (exchange, limit, 413, "application/json", too_large_body);
}

static void
server_handler (LfHttpServer   *server,
                LfHttpExchange *exchange,
                gpointer        user_data)
{
  LfSandbox *self = user_data;
  Request *req = g_new0 (Request, 1);
  SoupMessageHeaders *response_headers = lf_http_exchange_get_response_headers (exchange);
  const char *method = lf_http_exchange_get_method (exchange);
  const char *path = lf_http_exchange_get_path (exchange);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint delay_ms = 0;
  guint status = 0;
  LfSandboxFaultKind kind;

  /* Set by the judge for a refusal that did not happen. */
  soup_message_headers_remove (response_headers, "x-amzn-ErrorType");
  req->self = g_object_ref (self);
  req->exchange = g_object_ref (exchange);
  req->query = lf_http_exchange_get_query (exchange)
               ? g_hash_table_ref (lf_http_exchange_get_query (exchange)) : NULL;
  req->request_id = g_strdup (soup_message_headers_get_one (response_headers,
                                                            "x-amzn-RequestId"));

  if (self->stopping)
    {
      error = g_error_new_literal (LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_STOPPED,
                                   "The sandbox is shutting down");
      respond_error (req, error);
      return;
    }

  /* Nothing is told to a caller that has not proven it holds the sandbox's key. */
  body = lf_http_exchange_get_body (exchange);
  if (!lf_sandbox_verifier_verify_exchange (self->verifier, exchange, body, &error))
    {
      g_debug ("Refused %s %s: %s", method, path, error->message);
      respond_error (req, error);
      return;
    }

  req->route = parse_route (path, method, &req->raw_name);
  if (req->raw_name != NULL && req->route < ROUTE_ADMIN_STATUS)
    {
      if (!resolve_function_name (self, req->raw_name, &req->name, &req->qualifier))
        {
          respond_not_found (req, req->raw_name, NULL);
          return;
        }
      if (req->qualifier == NULL && req->query != NULL &&
          g_hash_table_lookup (req->query, "Qualifier") != NULL)
        req->qualifier = g_strdup (g_hash_table_lookup (req->query, "Qualifier"));
    }

  if (req->name == NULL)
    {
      dispatch (req);
      return;
    }

  kind = lf_sandbox_faults_take (self->faults, req->name, &delay_ms, &status);
  if (delay_ms > 0)
    {
      DelayedFault *delayed = g_new0 (DelayedFault, 1);

      delayed->req = req;
      delayed->kind = kind;
      delayed->status = status;
      g_timeout_add (delay_ms, on_delay_elapsed, delayed);
      return;
    }

  apply_fault (req, kind, status);
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
