/* lf-sandbox-environment.c: a child process running a function behind the Lambda Runtime API
 *
 * The child is started once and reused: it long-polls /invocation/next on a server of its own,
 * gets one event at a time and answers on /response or /error, as every Lambda runtime does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lf-http-server.h"

#include "lf-json-util.h"
#include "lf-sandbox-environment.h"
#include "lf-sandbox-error.h"
#include "lf-sandbox-proc.h"

#define RUNTIME_PREFIX "/2018-06-01/runtime/"
#define INIT_ALLOWANCE_SECONDS 10
#define LOG_CHUNK 65536
#define GROUP_POLL_MS 10
#define GROUP_POLL_LIMIT 500
/* The address-space backstop: well above what the memory watch allows, since a runtime maps
 * far more than it touches. */
#define ADDRESS_SPACE_FACTOR 4
#define ADDRESS_SPACE_ALLOWANCE_MB 1024
/* How often a running call's memory is looked at. */
#define MEMORY_WATCH_MS 50

struct _LfSandboxEnvironment
{
  GObject parent_instance;

  LfSandboxFunction *function;
  LfSandboxSettings *settings;

  LfHttpServer *server;
  char *runtime_api;
  GSubprocess *process;
  GPid pid;
  GSource *log_source;
  GInputStream *log_stream;

  gint64 spawn_time;
  gboolean initialized;
  double init_duration_ms;
  gboolean init_reported;
  GBytes *init_error;

  LfHttpExchange *pending_next;      /* a runtime waiting for its next event */
  GTask *task;                       /* the call in progress */
  LfSandboxInvocation *current;
  gboolean delivered;
  gint64 delivered_time;
  guint timeout_id;
  guint memory_watch_id;
  guint idle_id;
  guint max_rss_mb;                  /* the most the tree held during the current call */

  gboolean alive;
  gboolean exited;
  guint group_polls;
};

G_DEFINE_FINAL_TYPE (LfSandboxEnvironment, lf_sandbox_environment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  EXITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void finish_invocation (LfSandboxEnvironment *self,
                               GBytes               *response,
                               const char           *function_error);

static void
clear_pending_next (LfSandboxEnvironment *self)
{
  if (self->pending_next == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->pending_next, self);
  g_clear_object (&self->pending_next);
}

static void
lf_sandbox_environment_dispose (GObject *object)
{
  LfSandboxEnvironment *self = (LfSandboxEnvironment *) object;

  lf_sandbox_environment_kill (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->memory_watch_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->log_source != NULL)
    {
      g_source_destroy (self->log_source);
      g_clear_pointer (&self->log_source, g_source_unref);
    }
  clear_pending_next (self);
  if (self->server != NULL)
    lf_http_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->log_stream);
  g_clear_object (&self->process);
  g_clear_object (&self->current);
  g_clear_object (&self->function);

  G_OBJECT_CLASS (lf_sandbox_environment_parent_class)->dispose (object);
}

static void
lf_sandbox_environment_finalize (GObject *object)
{
  LfSandboxEnvironment *self = (LfSandboxEnvironment *) object;

  g_assert (self->task == NULL);
  g_clear_pointer (&self->settings, lf_sandbox_settings_unref);
  g_clear_pointer (&self->runtime_api, g_free);
  g_clear_pointer (&self->init_error, g_bytes_unref);

  G_OBJECT_CLASS (lf_sandbox_environment_parent_class)->finalize (object);
}

static void
lf_sandbox_environment_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  LfSandboxEnvironment *self = LF_SANDBOX_ENVIRONMENT (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->task != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_sandbox_environment_class_init (LfSandboxEnvironmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_sandbox_environment_dispose;
  object_class->finalize = lf_sandbox_environment_finalize;
  object_class->get_property = lf_sandbox_environment_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted once, when the child process has ended and been reaped. */
  signals[EXITED] = g_signal_new ("exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lf_sandbox_environment_init (LfSandboxEnvironment *self)
{
}

LfSandboxEnvironment *
lf_sandbox_environment_new (LfSandboxFunction *function,
                            LfSandboxSettings *settings)
{
  LfSandboxEnvironment *self;

  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (function), NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  self = g_object_new (LF_TYPE_SANDBOX_ENVIRONMENT, NULL);
  self->function = g_object_ref (function);
  self->settings = lf_sandbox_settings_ref (settings);
  return self;
}

/* ---- the child's output is the function's log ---------------------------------------- */

static void
read_log (LfSandboxEnvironment *self)
{
  char buffer[LOG_CHUNK];

  if (self->log_stream == NULL)
    return;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      GPollableInputStream *stream = G_POLLABLE_INPUT_STREAM (self->log_stream);
      gssize n = g_pollable_input_stream_read_nonblocking (stream, buffer, sizeof buffer, NULL,
                                                           &error);

      if (n > 0)
        {
          if (self->current != NULL)
            lf_sandbox_invocation_append_log (self->current, buffer, n);
          g_debug ("[%s] %.*s", lf_sandbox_function_get_name (self->function), (int) n, buffer);
          continue;
        }

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return;

      /* End of file or a broken pipe: every writer is gone. */
      if (self->log_source != NULL)
        {
          g_source_destroy (self->log_source);
          g_clear_pointer (&self->log_source, g_source_unref);
        }
      g_clear_object (&self->log_stream);
      return;
    }
}

static gboolean
on_log_readable (GObject  *stream,
                 gpointer  user_data)
{
  LfSandboxEnvironment *self = user_data;

  read_log (self);
  return self->log_stream != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* ---- invocation results -------------------------------------------------------------- */

static guint
read_max_memory_mb (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *contents = NULL;
  const char *line;

  if (pid <= 0 || !g_file_get_contents (path, &contents, NULL, NULL))
    return 0;

  line = strstr (contents, "VmHWM:");
  if (line == NULL)
    return 0;

  return (guint) ((g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) + 1023) / 1024);
}

static gboolean
on_timeout (gpointer user_data);

static void
arm_timer (LfSandboxEnvironment *self,
           guint                 seconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, on_timeout, self,
                                                 NULL);
}

static gboolean
on_idle_too_long (gpointer user_data)
{
  LfSandboxEnvironment *self = user_data;

  self->idle_id = 0;
  if (self->task == NULL && self->alive)
    {
      g_debug ("Environment %d of %s idle for %u s: stopping it", (int) self->pid,
               lf_sandbox_function_get_name (self->function), self->settings->idle_timeout_s);
      lf_sandbox_environment_kill (self);
    }
  return G_SOURCE_REMOVE;
}

/* An environment nobody has used for a while is stopped, as Lambda does. */
static void
arm_idle_timer (LfSandboxEnvironment *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->settings->idle_timeout_s > 0 && self->alive)
    self->idle_id = g_timeout_add_seconds (self->settings->idle_timeout_s, on_idle_too_long,
                                           self);
}

static void
finish_invocation (LfSandboxEnvironment *self,
                   GBytes               *response,
                   const char           *function_error)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(LfSandboxInvocation) invocation = NULL;
  double duration_ms = 0;
  double init_ms = -1;

  if (self->task == NULL)
    return;

  /* What the child wrote before answering is already in the pipe: take it now, so the log
   * holds it before END. */
  read_log (self);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->memory_watch_id, g_source_remove);
  task = g_steal_pointer (&self->task);
  invocation = g_steal_pointer (&self->current);

  if (self->delivered)
    duration_ms = (g_get_monotonic_time () - self->delivered_time) / 1000.0;
  if (self->initialized && !self->init_reported)
    {
      init_ms = self->init_duration_ms;
      self->init_reported = TRUE;
    }
  self->delivered = FALSE;

  lf_sandbox_invocation_complete (invocation, response, function_error);
  lf_sandbox_invocation_set_report (invocation, duration_ms, init_ms,
                                    lf_sandbox_function_get_memory_size (self->function),
                                    MAX (read_max_memory_mb (self->pid), self->max_rss_mb));

  arm_idle_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_task_return_boolean (task, TRUE);
}

static void
finish_with_error (LfSandboxEnvironment *self,
                   const char           *error_type,
                   const char           *error_message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize length = 0;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errorType");
  json_builder_add_string_value (builder, error_type);
  json_builder_set_member_name (builder, "errorMessage");
  json_builder_add_string_value (builder, error_message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  body = g_bytes_new_take (text, length);

  finish_invocation (self, body, "Unhandled");
}

static gboolean
on_timeout (gpointer user_data)
{
  LfSandboxEnvironment *self = user_data;
  guint timeout = lf_sandbox_function_get_timeout (self->function);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autofree char *line = NULL;
  g_autofree char *message = NULL;

  self->timeout_id = 0;
  if (self->current == NULL)
    return G_SOURCE_REMOVE;

  read_log (self);
  /* Lambda prints milliseconds; %f gives microseconds. */
  if (strlen (stamp) > 24)
    {
      stamp[23] = 'Z';
      stamp[24] = '\0';
    }
  line = g_strdup_printf ("%s %s Task timed out after %u.00 seconds\n", stamp,
                          lf_sandbox_invocation_get_request_id (self->current), timeout);
  lf_sandbox_invocation_append_log (self->current, line, strlen (line));
  message = g_strdup_printf ("RequestId: %s Error: Task timed out after %u.00 seconds",
                             lf_sandbox_invocation_get_request_id (self->current), timeout);

  /* The environment is frozen mid-call: it cannot be reused. */
  lf_sandbox_environment_kill (self);
  finish_with_error (self, "Sandbox.Timedout", message);

  return G_SOURCE_REMOVE;
}

/* Lambda ends a function that uses more memory than it was given, and says so. */
static gboolean
on_memory_watch (gpointer user_data)
{
  LfSandboxEnvironment *self = user_data;
  guint limit_mb = lf_sandbox_function_get_memory_size (self->function);
  guint rss_mb;
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;

  if (self->current == NULL)
    {
      self->memory_watch_id = 0;
      return G_SOURCE_REMOVE;
    }
  rss_mb = (guint) ((lf_proc_tree_rss_kib (self->pid) + 1023) / 1024);
  self->max_rss_mb = MAX (self->max_rss_mb, rss_mb);
  if (rss_mb <= limit_mb)
    return G_SOURCE_CONTINUE;

  self->memory_watch_id = 0;
  read_log (self);
  message = g_strdup_printf ("RequestId: %s Error: Runtime exited with error: signal: killed",
                             lf_sandbox_invocation_get_request_id (self->current));
  line = g_strconcat (message, "\nRuntime.OutOfMemory\n", NULL);
  lf_sandbox_invocation_append_log (self->current, line, strlen (line));
  self->max_rss_mb = limit_mb;
  lf_sandbox_environment_kill (self);
  finish_with_error (self, "Runtime.OutOfMemory", message);
  return G_SOURCE_REMOVE;
}

/* ---- the Runtime API ------------------------------------------------------------------ */

static void
set_json_response (LfHttpExchange *msg,
                   guint           status,
                   const char     *json)
{
  lf_http_exchange_respond_text (msg, status, "application/json", json);
}

static void
set_runtime_error (LfHttpExchange    *msg,
                   guint              status,
                   const char        *error_type,
                   const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errorMessage");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "errorType");
  json_builder_add_string_value (builder, error_type);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  set_json_response (msg, status, text);
}

static char *
make_trace_id (void)
{
  guint32 r[6];

  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    r[i] = g_random_int ();

  return g_strdup_printf ("Root=1-%08x-%08x%08x%08x;Parent=%08x%08x;Sampled=0",
                          (guint32) (g_get_real_time () / G_USEC_PER_SEC), r[0], r[1], r[2], r[3],
                          r[4]);
}

/* Answers a waiting /next with the current event, as Lambda's Runtime API does. */
static void
fill_next_response (LfSandboxEnvironment *self,
                    LfHttpExchange       *msg)
{
  SoupMessageHeaders *headers = lf_http_exchange_get_response_headers (msg);
  guint timeout = lf_sandbox_function_get_timeout (self->function);
  gint64 deadline = g_get_real_time () / 1000 + (gint64) timeout * 1000;
  g_autofree char *deadline_text = g_strdup_printf ("%" G_GINT64_FORMAT, deadline);
  g_autofree char *trace = make_trace_id ();
  const char *client_context = lf_sandbox_invocation_get_client_context (self->current);
  GBytes *payload = lf_sandbox_invocation_get_payload (self->current);

  soup_message_headers_replace (headers, "Lambda-Runtime-Aws-Request-Id",
                                lf_sandbox_invocation_get_request_id (self->current));
  soup_message_headers_replace (headers, "Lambda-Runtime-Deadline-Ms", deadline_text);
  soup_message_headers_replace (headers, "Lambda-Runtime-Invoked-Function-Arn",
                                lf_sandbox_invocation_get_invoked_function_arn (self->current));
  soup_message_headers_replace (headers, "Lambda-Runtime-Trace-Id", trace);
  if (client_context != NULL)
    soup_message_headers_replace (headers, "Lambda-Runtime-Client-Context", client_context);

  lf_http_exchange_respond (msg, SOUP_STATUS_OK, "application/json", payload);

  lf_sandbox_invocation_mark_started (self->current);
  self->delivered = TRUE;
  self->delivered_time = g_get_monotonic_time ();
  arm_timer (self, timeout);
}

static void
on_pending_next_gone (LfHttpExchange *msg,
                      gpointer        user_data)
{
  LfSandboxEnvironment *self = user_data;

  if (self->pending_next == msg)
    clear_pending_next (self);
}

static void
handle_next (LfSandboxEnvironment *self,
             LfHttpExchange       *msg)
{
  if (!self->initialized)
    {
      self->initialized = TRUE;
      self->init_duration_ms = (g_get_monotonic_time () - self->spawn_time) / 1000.0;
    }

  if (self->pending_next != NULL)
    {
      set_runtime_error (msg, SOUP_STATUS_BAD_REQUEST, "InvalidStateTransition",
                         "The runtime is already waiting for the next invocation");
      return;
    }

  if (self->current != NULL && !self->delivered)
    {
      fill_next_response (self, msg);
      return;
    }

  /* Long poll: the answer goes out when an invocation arrives. */
  self->pending_next = g_object_ref (msg);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_pending_next_gone), self);
}

static GBytes *
request_body (LfHttpExchange *msg)
{
  return lf_http_exchange_get_body (msg);
}

/* An error document as the runtime posted it, or one built around what it sent. */
static GBytes *
error_document (GBytes     *posted,
                const char *error_type)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) parsed = lf_json_parse_bytes (posted, NULL);
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  gsize size;
  const char *data = g_bytes_get_data (posted, &size);

  if (parsed != NULL && JSON_NODE_HOLDS_OBJECT (parsed))
    return g_bytes_ref (posted);

  message = g_utf8_make_valid (data ? data : "", size);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errorMessage");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "errorType");
  json_builder_add_string_value (builder, error_type ? error_type : "Runtime.Unknown");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  return g_bytes_new (text, strlen (text));
}

static void
handle_invocation_answer (LfSandboxEnvironment *self,
                          LfHttpExchange       *msg,
                          const char           *request_id,
                          gboolean              is_error)
{
  g_autoptr(GBytes) body = request_body (msg);

  if (self->current == NULL || !self->delivered ||
      g_strcmp0 (request_id, lf_sandbox_invocation_get_request_id (self->current)) != 0)
    {
      set_runtime_error (msg, SOUP_STATUS_BAD_REQUEST, "InvalidRequestID",
                         "No invocation with this request id is waiting for an answer");
      return;
    }

  if (is_error)
    {
      SoupMessageHeaders *headers = lf_http_exchange_get_request_headers (msg);
      const char *type = soup_message_headers_get_one (headers,
                                                       "Lambda-Runtime-Function-Error-Type");
      g_autoptr(GBytes) document = error_document (body, type);

      set_json_response (msg, SOUP_STATUS_ACCEPTED, "{\"status\":\"OK\"}");
      finish_invocation (self, document, "Unhandled");
      return;
    }

  if (g_bytes_get_size (body) > LF_SANDBOX_MAX_RESPONSE_SIZE)
    {
      g_autofree char *message =
        g_strdup_printf ("Response payload size exceeded maximum allowed payload size (%d bytes).",
                         LF_SANDBOX_MAX_RESPONSE_SIZE);

      set_runtime_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "RequestEntityTooLarge",
                         message);
      finish_with_error (self, "Function.ResponseSizeTooLarge", message);
      return;
    }

  set_json_response (msg, SOUP_STATUS_ACCEPTED, "{\"status\":\"OK\"}");
  finish_invocation (self, body, NULL);
}

static void
handle_init_error (LfSandboxEnvironment *self,
                   LfHttpExchange       *msg)
{
  g_autoptr(GBytes) body = request_body (msg);
  const char *type = soup_message_headers_get_one (lf_http_exchange_get_request_headers (msg),
                                                   "Lambda-Runtime-Function-Error-Type");

  g_clear_pointer (&self->init_error, g_bytes_unref);
  self->init_error = error_document (body, type);
  set_json_response (msg, SOUP_STATUS_ACCEPTED, "{\"status\":\"OK\"}");

  /* A runtime that failed to start cannot serve: answer the waiting call and retire it. */
  if (self->current != NULL)
    {
      g_autoptr(GBytes) document = g_bytes_ref (self->init_error);

      read_log (self);
      lf_sandbox_environment_kill (self);
      finish_invocation (self, document, "Unhandled");
    }
}

/* A runtime may answer with up to 6 MB (more is reported as Lambda reports it); far more is
 * refused before it is read. */
#define RUNTIME_MAX_BODY (32 * 1024 * 1024)

/* The Runtime API belongs to its environment: only the environment's own processes (found
 * through /proc from the socket the request came on) may take or answer its invocations. Any
 * other process, and any foreign Host, is refused at once and learns nothing. */
static void
runtime_api_judge (LfHttpServer   *server,
                   LfHttpExchange *msg,
                   gpointer        user_data)
{
  LfSandboxEnvironment *self = user_data;
  const char *host = soup_message_headers_get_one (lf_http_exchange_get_request_headers (msg),
                                                   "Host");

  if (host == NULL || !g_str_equal (host, self->runtime_api) ||
      !lf_proc_tree_owns_client (self->pid, lf_http_exchange_get_remote_address (msg),
                                 lf_http_exchange_get_local_address (msg)))
    {
      g_debug ("Runtime API of %s: refused a request from outside its environment",
               lf_sandbox_function_get_name (self->function));
      set_runtime_error (msg, SOUP_STATUS_FORBIDDEN, "Forbidden",
                         "Only the execution environment may use its Runtime API");
      return;
    }
  lf_http_exchange_set_body_limit (msg, RUNTIME_MAX_BODY, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                   NULL, NULL);
}

static void
runtime_api_handler (LfHttpServer   *server,
                     LfHttpExchange *msg,
                     gpointer        user_data)
{
  LfSandboxEnvironment *self = user_data;
  const char *method = lf_http_exchange_get_method (msg);
  const char *path = lf_http_exchange_get_path (msg);
  const char *rest;

  if (!g_str_has_prefix (path, RUNTIME_PREFIX))
    {
      set_runtime_error (msg, SOUP_STATUS_NOT_FOUND, "NotFound", "Unknown Runtime API path");
      return;
    }
  rest = path + strlen (RUNTIME_PREFIX);

  if (g_str_equal (rest, "invocation/next") && g_str_equal (method, "GET"))
    {
      handle_next (self, msg);
      return;
    }

  if (g_str_equal (rest, "init/error") && g_str_equal (method, "POST"))
    {
      handle_init_error (self, msg);
      return;
    }

  if (g_str_has_prefix (rest, "invocation/") && g_str_equal (method, "POST"))
    {
      g_auto(GStrv) parts = g_strsplit (rest, "/", -1);

      if (g_strv_length (parts) == 3 &&
          (g_str_equal (parts[2], "response") || g_str_equal (parts[2], "error")))
        {
          g_autofree char *request_id = g_uri_unescape_string (parts[1], NULL);

          handle_invocation_answer (self, msg, request_id, g_str_equal (parts[2], "error"));
          return;
        }
    }

  set_runtime_error (msg, SOUP_STATUS_NOT_FOUND, "NotFound", "Unknown Runtime API operation");
}

/* ---- the child process ---------------------------------------------------------------- */

/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
child_setup (gpointer user_data)
{
  const struct rlimit *address_space = user_data;

  /* Its own process group, so that killing the group ends everything the function started. */
  setpgid (0, 0);
#ifdef __linux__
  /* Never outlive the sandbox, even if it is killed without a chance to clean up. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* Adopt what the function detaches (setsid, double fork): it stays in this tree, where a
   * timeout or the sandbox's stop finds and ends it. Kept across exec. */
  prctl (PR_SET_CHILD_SUBREAPER, 1);
#endif
  /* A backstop against a runaway allocation; the memory watch reports the limit itself. */
  setrlimit (RLIMIT_AS, address_space);
}

static char *
describe_exit (GSubprocess *process)
{
  if (g_subprocess_get_if_signaled (process))
    {
      g_autofree char *name = g_ascii_strdown (g_strsignal (g_subprocess_get_term_sig (process)),
                                               -1);
      return g_strdup_printf ("signal: %s", name);
    }

  return g_strdup_printf ("exit status %d", g_subprocess_get_exit_status (process));
}

static void
emit_exited (LfSandboxEnvironment *self)
{
  g_debug ("Environment %d of %s has exited", (int) self->pid,
           lf_sandbox_function_get_name (self->function));
  g_signal_emit (self, signals[EXITED], 0);
}

static gboolean
poll_group_gone (gpointer user_data)
{
  LfSandboxEnvironment *self = user_data;

  if (kill (-self->pid, 0) == 0 && ++self->group_polls < GROUP_POLL_LIMIT)
    {
      kill (-self->pid, SIGKILL);
      return G_SOURCE_CONTINUE;
    }

  if (self->group_polls >= GROUP_POLL_LIMIT)
    g_warning ("Processes of group %d (%s) outlived a kill", (int) self->pid,
               lf_sandbox_function_get_name (self->function));
  emit_exited (self);
  return G_SOURCE_REMOVE;
}

static void
on_process_exited (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LfSandboxEnvironment) self = user_data;
  GSubprocess *process = G_SUBPROCESS (source);

  g_subprocess_wait_finish (process, result, NULL);

  self->exited = TRUE;
  self->alive = FALSE;
  lf_proc_unregister_leader (self->pid);
  /* Whatever the function left running goes with it: what stayed in its group, and what
   * detached and came back to the sandbox when the leader died. */
  if (self->pid > 0)
    kill (-self->pid, SIGKILL);
  lf_proc_reap_orphans ();
  read_log (self);
  clear_pending_next (self);

  if (self->current != NULL)
    {
      if (self->init_error != NULL)
        {
          g_autoptr(GBytes) document = g_bytes_ref (self->init_error);
          finish_invocation (self, document, "Unhandled");
        }
      else
        {
          g_autofree char *how = describe_exit (process);
          g_autofree char *message =
            g_strdup_printf ("RequestId: %s Error: Runtime exited with error: %s",
                             lf_sandbox_invocation_get_request_id (self->current), how);
          g_autofree char *line = g_strconcat (message, "\nRuntime.ExitError\n", NULL);

          lf_sandbox_invocation_append_log (self->current, line, strlen (line));
          finish_with_error (self, "Runtime.ExitError", message);
        }
    }

  if (self->server != NULL)
    lf_http_server_disconnect (self->server);

  /* The leader is reaped; what it started may still be dying (killed, not yet reaped by
   * init). Report the exit once the whole group is gone, so "exited" means no process left. */
  self->group_polls = 0;
  if (self->pid > 0 && kill (-self->pid, 0) == 0)
    g_timeout_add_full (G_PRIORITY_DEFAULT, GROUP_POLL_MS, poll_group_gone, g_object_ref (self),
                        g_object_unref);
  else
    emit_exited (self);
}

static const char *
python_interpreter (void)
{
  const char *override = g_getenv ("LF_SANDBOX_PYTHON");

  if (override != NULL && *override != '\0')
    return override;
  return "/usr/bin/python3";
}

static char **
build_environment (LfSandboxEnvironment *self)
{
  LfSandboxFunction *function = self->function;
  const char *name = lf_sandbox_function_get_name (function);
  gboolean python = lf_sandbox_function_get_runtime (function) == LF_SANDBOX_RUNTIME_PYTHON3;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *day = g_date_time_format (now, "%Y/%m/%d");
  g_autofree char *stream_id = g_uuid_string_random ();
  g_autofree char *memory = g_strdup_printf ("%u", lf_sandbox_function_get_memory_size (function));
  g_autofree char *log_group = g_strconcat ("/aws/lambda/", name, NULL);
  g_autofree char *log_stream = NULL;
  GHashTableIter iter;
  gpointer key, value;
  char **env = NULL;

  /* Lambda's stream names end with 32 hex digits. */
  for (char *p = stream_id, *q = stream_id; ; p++)
    {
      if (*p != '-')
        *q++ = *p;
      if (*p == '\0')
        break;
    }
  log_stream = g_strdup_printf ("%s/[$LATEST]%s", day, stream_id);

  /* A clean environment, like Lambda's: the function's own variables, then the ones Lambda
   * sets (which a function may not override). */
  g_hash_table_iter_init (&iter, lf_sandbox_function_get_environment (function));
  while (g_hash_table_iter_next (&iter, &key, &value))
    env = g_environ_setenv (env, key, value, TRUE);

  env = g_environ_setenv (env, "PATH", "/usr/local/bin:/usr/bin:/bin", FALSE);
  env = g_environ_setenv (env, "LANG", "C.UTF-8", FALSE);
  env = g_environ_setenv (env, "TZ", ":UTC", FALSE);
  env = g_environ_setenv (env, "AWS_LAMBDA_RUNTIME_API", self->runtime_api, TRUE);
  env = g_environ_setenv (env, "_HANDLER", lf_sandbox_function_get_handler (function), TRUE);
  env = g_environ_setenv (env, "LAMBDA_TASK_ROOT", lf_sandbox_function_get_directory (function),
                          TRUE);
  env = g_environ_setenv (env, "LAMBDA_RUNTIME_DIR",
                          python ? self->settings->runtime_dir : lf_sandbox_function_get_directory (function),
                          TRUE);
  env = g_environ_setenv (env, "AWS_REGION", self->settings->region, TRUE);
  env = g_environ_setenv (env, "AWS_DEFAULT_REGION", self->settings->region, TRUE);
  env = g_environ_setenv (env, "AWS_LAMBDA_FUNCTION_NAME", name, TRUE);
  env = g_environ_setenv (env, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memory, TRUE);
  env = g_environ_setenv (env, "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST", TRUE);
  env = g_environ_setenv (env, "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand", TRUE);
  env = g_environ_setenv (env, "AWS_LAMBDA_LOG_GROUP_NAME", log_group, TRUE);
  env = g_environ_setenv (env, "AWS_LAMBDA_LOG_STREAM_NAME", log_stream, TRUE);
  if (python)
    {
      env = g_environ_setenv (env, "AWS_EXECUTION_ENV", "AWS_Lambda_python3.11", TRUE);
      /* Keep the log in step with the answers, and the function folder free of caches. */
      env = g_environ_setenv (env, "PYTHONUNBUFFERED", "1", TRUE);
      env = g_environ_setenv (env, "PYTHONDONTWRITEBYTECODE", "1", TRUE);
    }

  return env;
}

/**
 * lf_sandbox_environment_start:
 *
 * Starts this environment's Runtime API server on a free loopback port, then the child
 * process (the function's bootstrap, or the Python runtime). Returns at once: the runtime
 * initialises in the background and asks for its first event when it is ready.
 */
gboolean
lf_sandbox_environment_start (LfSandboxEnvironment  *self,
                              GError               **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) env = NULL;
  struct rlimit address_space;
  const char *directory;
  const char *identifier;

  g_return_val_if_fail (LF_IS_SANDBOX_ENVIRONMENT (self), FALSE);
  g_return_val_if_fail (self->process == NULL, FALSE);

  directory = lf_sandbox_function_get_directory (self->function);
  if (lf_sandbox_function_get_runtime (self->function) == LF_SANDBOX_RUNTIME_PROVIDED)
    {
      g_autofree char *bootstrap = g_build_filename (directory, "bootstrap", NULL);

      if (!g_file_test (bootstrap, G_FILE_TEST_IS_EXECUTABLE) ||
          g_file_test (bootstrap, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_SPAWN,
                       "Couldn't find valid bootstrap(s): [%s]", bootstrap);
          return FALSE;
        }
      g_ptr_array_add (argv, g_steal_pointer (&bootstrap));
    }
  else
    {
      if (self->settings->runtime_dir == NULL)
        {
          g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_SPAWN,
                               "The Python runtime of the sandbox was not found");
          return FALSE;
        }
      g_ptr_array_add (argv, g_strdup (python_interpreter ()));
      g_ptr_array_add (argv, g_build_filename (self->settings->runtime_dir, "python3", "bootstrap.py", NULL));
    }
  g_ptr_array_add (argv, NULL);

  self->server = lf_http_server_new ("lambda-forms-sandbox-runtime");
  lf_http_server_set_judge (self->server, runtime_api_judge, self);
  lf_http_server_set_handler (self->server, runtime_api_handler, self);
  /* The runtime waits for its next event as long as it takes. */
  lf_http_server_set_timeouts (self->server, self->settings->header_timeout_s, 0);
  if (!lf_http_server_listen (self->server, 0, error))
    return FALSE;
  self->runtime_api = g_strdup_printf ("127.0.0.1:%u", lf_http_server_get_port (self->server));

  env = build_environment (self);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_environ (launcher, env);
  g_subprocess_launcher_set_cwd (launcher, directory);
  address_space.rlim_cur = address_space.rlim_max =
    ((rlim_t) lf_sandbox_function_get_memory_size (self->function) * ADDRESS_SPACE_FACTOR +
     ADDRESS_SPACE_ALLOWANCE_MB) * 1024 * 1024;
  g_subprocess_launcher_set_child_setup (launcher, child_setup, &address_space, NULL);

  self->spawn_time = g_get_monotonic_time ();
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                error);
  if (self->process == NULL)
    {
      g_prefix_error (error, "Could not start the runtime of %s: ",
                      lf_sandbox_function_get_name (self->function));
      if (*error != NULL)
        {
          (*error)->domain = LF_SANDBOX_ERROR;
          (*error)->code = LF_SANDBOX_ERROR_SPAWN;
        }
      return FALSE;
    }

  identifier = g_subprocess_get_identifier (self->process);
  self->pid = identifier ? (GPid) atoi (identifier) : 0;
  self->alive = TRUE;
  lf_proc_register_leader (self->pid);

  self->log_stream = g_object_ref (g_subprocess_get_stdout_pipe (self->process));
  self->log_source =
    g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->log_stream), NULL);
  g_source_set_callback (self->log_source, G_SOURCE_FUNC (on_log_readable), self, NULL);
  g_source_attach (self->log_source, NULL);

  g_subprocess_wait_async (self->process, NULL, on_process_exited, g_object_ref (self));

  g_debug ("Started environment %d for %s, Runtime API at %s", (int) self->pid,
           lf_sandbox_function_get_name (self->function), self->runtime_api);

  return TRUE;
}

/**
 * lf_sandbox_environment_invoke_async:
 *
 * Runs @invocation in this environment, which must be alive and idle. Function errors,
 * timeouts and crashes are results stored in @invocation, not errors of this call.
 */
void
lf_sandbox_environment_invoke_async (LfSandboxEnvironment *self,
                                     LfSandboxInvocation  *invocation,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LF_IS_SANDBOX_ENVIRONMENT (self));
  g_return_if_fail (LF_IS_SANDBOX_INVOCATION (invocation));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_sandbox_environment_invoke_async);

  if (!self->alive || self->task != NULL)
    {
      g_task_return_new_error (task, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_FAILED,
                               "The execution environment is not ready for an invocation");
      return;
    }

  self->task = g_steal_pointer (&task);
  self->current = g_object_ref (invocation);
  self->delivered = FALSE;
  self->max_rss_mb = 0;
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->memory_watch_id, g_source_remove);
  self->memory_watch_id = g_timeout_add (MEMORY_WATCH_MS, on_memory_watch, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (self->pending_next != NULL)
    {
      g_autoptr(LfHttpExchange) msg = g_object_ref (self->pending_next);

      clear_pending_next (self);
      fill_next_response (self, msg);
    }
  else
    {
      /* Still initialising (or between two calls): the clock starts with the init allowance. */
      arm_timer (self, lf_sandbox_function_get_timeout (self->function) +
                       (self->initialized ? 0 : INIT_ALLOWANCE_SECONDS));
    }
}

gboolean
lf_sandbox_environment_invoke_finish (LfSandboxEnvironment  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (LF_IS_SANDBOX_ENVIRONMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
lf_sandbox_environment_is_busy (LfSandboxEnvironment *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_ENVIRONMENT (self), FALSE);
  return self->task != NULL;
}

/* Alive: started, not killed, not exited; only such an environment takes invocations. */
gboolean
lf_sandbox_environment_is_alive (LfSandboxEnvironment *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_ENVIRONMENT (self), FALSE);
  return self->alive;
}

gboolean
lf_sandbox_environment_has_exited (LfSandboxEnvironment *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_ENVIRONMENT (self), FALSE);
  return self->process == NULL || self->exited;
}

GPid
lf_sandbox_environment_get_pid (LfSandboxEnvironment *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_ENVIRONMENT (self), 0);
  return self->pid;
}

LfSandboxFunction *
lf_sandbox_environment_get_function (LfSandboxEnvironment *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_ENVIRONMENT (self), NULL);
  return self->function;
}

/* Kills the child and every process below it, detached or not. "exited" follows once the
 * child is reaped. */
void
lf_sandbox_environment_kill (LfSandboxEnvironment *self)
{
  g_return_if_fail (LF_IS_SANDBOX_ENVIRONMENT (self));

  self->alive = FALSE;
  if (self->process == NULL || self->exited || self->pid <= 0)
    return;

  lf_proc_kill_tree (self->pid);
  /* Whatever the tree walk could not see (another user's process in the group, say). */
  if (kill (-self->pid, SIGKILL) != 0 && errno == ESRCH)
    kill (self->pid, SIGKILL);
}
