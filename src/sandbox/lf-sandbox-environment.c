/* lf-sandbox-environment.c: a child process running a function behind the Lambda Runtime API
 *
 * The child is started once and reused: it long-polls /invocation/next on a server of its own
 * (lf-sandbox-runtime-api.c), gets one event at a time and answers on /response or /error, as
 * every Lambda runtime does. This file runs the child, its calls' clocks and its log.
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

#include "lf-sandbox-environment-private.h"
#include "lf-sandbox-error.h"
#include "lf-sandbox-proc.h"

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
  _lf_sandbox_runtime_api_drop_next (self);
  if (self->server != NULL)
    lf_http_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->log_stream);
  g_clear_object (&self->process);
  g_clear_object (&self->current);
  g_clear_pointer (&self->streamed, g_byte_array_unref);
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

void
_lf_sandbox_environment_read_log (LfSandboxEnvironment *self)
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

  _lf_sandbox_environment_read_log (self);
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

void
_lf_sandbox_environment_arm_timer (LfSandboxEnvironment *self,
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

void
_lf_sandbox_environment_finish (LfSandboxEnvironment *self,
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
  _lf_sandbox_environment_read_log (self);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->memory_watch_id, g_source_remove);
  task = g_steal_pointer (&self->task);
  invocation = g_steal_pointer (&self->current);
  g_clear_pointer (&self->streamed, g_byte_array_unref);

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

void
_lf_sandbox_environment_fail (LfSandboxEnvironment *self,
                              const char           *error_type,
                              const char           *error_message)
{
  g_autoptr(GBytes) body = lf_sandbox_error_document_new (error_type, error_message);

  _lf_sandbox_environment_finish (self, body, "Unhandled");
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

  _lf_sandbox_environment_read_log (self);
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
  _lf_sandbox_environment_fail (self, "Sandbox.Timedout", message);

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
  _lf_sandbox_environment_read_log (self);
  message = g_strdup_printf ("RequestId: %s Error: Runtime exited with error: signal: killed",
                             lf_sandbox_invocation_get_request_id (self->current));
  line = g_strconcat (message, "\nRuntime.OutOfMemory\n", NULL);
  lf_sandbox_invocation_append_log (self->current, line, strlen (line));
  self->max_rss_mb = limit_mb;
  lf_sandbox_environment_kill (self);
  _lf_sandbox_environment_fail (self, "Runtime.OutOfMemory", message);
  return G_SOURCE_REMOVE;
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
  _lf_sandbox_environment_read_log (self);
  _lf_sandbox_runtime_api_drop_next (self);

  if (self->current != NULL)
    {
      if (self->init_error != NULL)
        {
          g_autoptr(GBytes) document = g_bytes_ref (self->init_error);
          _lf_sandbox_environment_finish (self, document, "Unhandled");
        }
      else
        {
          g_autofree char *how = describe_exit (process);
          g_autofree char *message =
            g_strdup_printf ("RequestId: %s Error: Runtime exited with error: %s",
                             lf_sandbox_invocation_get_request_id (self->current), how);
          g_autofree char *line = g_strconcat (message, "\nRuntime.ExitError\n", NULL);

          lf_sandbox_invocation_append_log (self->current, line, strlen (line));
          _lf_sandbox_environment_fail (self, "Runtime.ExitError", message);
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

/* A log stream named as Lambda names them: the day, the version, 32 hex digits. */
static char *
make_log_stream_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *day = g_date_time_format (now, "%Y/%m/%d");
  g_autofree char *stream_id = g_uuid_string_random ();

  for (char *p = stream_id, *q = stream_id; ; p++)
    {
      if (*p != '-')
        *q++ = *p;
      if (*p == '\0')
        break;
    }
  return g_strdup_printf ("%s/[$LATEST]%s", day, stream_id);
}

static char **
build_environment (LfSandboxEnvironment *self)
{
  LfSandboxFunction *function = self->function;
  const char *name = lf_sandbox_function_get_name (function);
  const char *task_root = lf_sandbox_function_get_directory (function);
  gboolean python = lf_sandbox_function_get_runtime (function) == LF_SANDBOX_RUNTIME_PYTHON3;
  g_autofree char *memory = g_strdup_printf ("%u", lf_sandbox_function_get_memory_size (function));
  g_autofree char *log_group = g_strconcat ("/aws/lambda/", name, NULL);
  g_autofree char *log_stream = make_log_stream_name ();
  GHashTableIter iter;
  gpointer key, value;
  char **env = NULL;

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
  /* The sandbox's Python runtime streams every answer of such a function (see its README). */
  env = g_environ_setenv (env, "LF_SANDBOX_INVOKE_MODE",
                          lf_sandbox_function_get_streams (function) ? "RESPONSE_STREAM"
                                                                     : "BUFFERED", TRUE);
  env = g_environ_setenv (env, "LAMBDA_TASK_ROOT", task_root, TRUE);
  env = g_environ_setenv (env, "LAMBDA_RUNTIME_DIR",
                          python ? self->settings->runtime_dir : task_root, TRUE);
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

/* What the child runs: the function's bootstrap, or the sandbox's Python runtime. */
static GPtrArray *
build_argv (LfSandboxEnvironment  *self,
            GError               **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *directory = lf_sandbox_function_get_directory (self->function);

  if (lf_sandbox_function_get_runtime (self->function) == LF_SANDBOX_RUNTIME_PROVIDED)
    {
      g_autofree char *bootstrap = g_build_filename (directory, "bootstrap", NULL);

      if (!g_file_test (bootstrap, G_FILE_TEST_IS_EXECUTABLE) ||
          g_file_test (bootstrap, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_SPAWN,
                       "Couldn't find valid bootstrap(s): [%s]", bootstrap);
          return NULL;
        }
      g_ptr_array_add (argv, g_steal_pointer (&bootstrap));
    }
  else
    {
      if (self->settings->runtime_dir == NULL)
        {
          g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_SPAWN,
                               "The Python runtime of the sandbox was not found");
          return NULL;
        }
      g_ptr_array_add (argv, g_strdup (python_interpreter ()));
      g_ptr_array_add (argv, g_build_filename (self->settings->runtime_dir, "python3",
                                               "bootstrap.py", NULL));
    }
  g_ptr_array_add (argv, NULL);

  return g_steal_pointer (&argv);
}

/* Spawns the child in the function's folder, with Lambda's environment and a memory
 * backstop; it becomes a leader the sandbox ends with its whole tree. */
static gboolean
spawn_child (LfSandboxEnvironment  *self,
             GPtrArray             *argv,
             GError               **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(GStrv) env = build_environment (self);
  struct rlimit address_space;
  const char *identifier;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_environ (launcher, env);
  g_subprocess_launcher_set_cwd (launcher, lf_sandbox_function_get_directory (self->function));
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
  return TRUE;
}

/* The child's output becomes the log; its end is noticed and reported as "exited". */
static void
watch_child (LfSandboxEnvironment *self)
{
  self->log_stream = g_object_ref (g_subprocess_get_stdout_pipe (self->process));
  self->log_source =
    g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->log_stream), NULL);
  g_source_set_callback (self->log_source, G_SOURCE_FUNC (on_log_readable), self, NULL);
  g_source_attach (self->log_source, NULL);

  g_subprocess_wait_async (self->process, NULL, on_process_exited, g_object_ref (self));
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
  g_autoptr(GPtrArray) argv = NULL;

  g_return_val_if_fail (LF_IS_SANDBOX_ENVIRONMENT (self), FALSE);
  g_return_val_if_fail (self->process == NULL, FALSE);

  argv = build_argv (self, error);
  if (argv == NULL || !_lf_sandbox_runtime_api_listen (self, error) ||
      !spawn_child (self, argv, error))
    return FALSE;
  watch_child (self);

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
  guint timeout;

  g_return_if_fail (LF_IS_SANDBOX_ENVIRONMENT (self));
  g_return_if_fail (LF_IS_SANDBOX_INVOCATION (invocation));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_sandbox_environment_invoke_async);
  timeout = lf_sandbox_function_get_timeout (self->function);

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

  /* No runtime waits on /next yet (initialising, or between two calls): the clock starts now,
   * with the init allowance for one that has never asked. */
  if (!_lf_sandbox_runtime_api_deliver_if_asked (self))
    _lf_sandbox_environment_arm_timer (self, timeout + (self->initialized
                                                        ? 0 : INIT_ALLOWANCE_SECONDS));
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
