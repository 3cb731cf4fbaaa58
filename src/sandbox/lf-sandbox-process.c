/* lf-sandbox-process.c: the sandbox as a child process of the app
 *
 * The app runs the sandbox as its own process rather than in-process: a function's large
 * answer is then handled off the window's main loop, and a misbehaving function cannot take
 * the window down with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "lf-sandbox-error.h"
#include "lf-sandbox-process.h"

struct _LfSandboxProcess
{
  GObject parent_instance;

  GPtrArray *function_dirs;
  GSubprocess *process;
  GDataInputStream *stdout_lines;
  GPtrArray *waiting;         /* GTasks of start calls made while starting */
  GCancellable *cancellable;  /* reading the child's first lines */

  char *url;
  char *access_key_id;
  char *secret_access_key;
  char *region;
  gboolean ready;
};

G_DEFINE_FINAL_TYPE (LfSandboxProcess, lf_sandbox_process, G_TYPE_OBJECT)

static void
finish_waiting (LfSandboxProcess *self,
                const GError     *error)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
forget_process (LfSandboxProcess *self)
{
  g_clear_object (&self->stdout_lines);
  g_clear_object (&self->process);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->access_key_id, g_free);
  g_clear_pointer (&self->secret_access_key, lf_secret_wipe);
  g_clear_pointer (&self->region, g_free);
  self->ready = FALSE;
}

static void
lf_sandbox_process_dispose (GObject *object)
{
  LfSandboxProcess *self = (LfSandboxProcess *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->process != NULL)
    g_subprocess_send_signal (self->process, SIGTERM);
  forget_process (self);

  G_OBJECT_CLASS (lf_sandbox_process_parent_class)->dispose (object);
}

static void
lf_sandbox_process_finalize (GObject *object)
{
  LfSandboxProcess *self = (LfSandboxProcess *) object;

  g_clear_pointer (&self->function_dirs, g_ptr_array_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lf_sandbox_process_parent_class)->finalize (object);
}

static void
lf_sandbox_process_class_init (LfSandboxProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_sandbox_process_dispose;
  object_class->finalize = lf_sandbox_process_finalize;
}

static void
lf_sandbox_process_init (LfSandboxProcess *self)
{
  self->function_dirs = g_ptr_array_new_with_free_func (g_free);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

LfSandboxProcess *
lf_sandbox_process_new (void)
{
  return g_object_new (LF_TYPE_SANDBOX_PROCESS, NULL);
}

void
lf_sandbox_process_add_functions (LfSandboxProcess *self,
                                  const char       *dir)
{
  g_return_if_fail (LF_IS_SANDBOX_PROCESS (self));
  g_return_if_fail (dir != NULL);

  g_ptr_array_add (self->function_dirs, g_strdup (dir));
}

/* LF_SANDBOX_PROGRAM, then the build tree when this program runs from it, then bindir. */
char *
lf_sandbox_process_find_program (void)
{
  const char *env = g_getenv ("LF_SANDBOX_PROGRAM");
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *built = g_build_filename (BUILD_ROOT, "src", "sandbox", "bin",
                                             "lambda-forms-sandbox", NULL);

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  if (self_exe != NULL && g_str_has_prefix (self_exe, BUILD_ROOT "/") &&
      g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&built);
  return g_build_filename (BINDIR, "lambda-forms-sandbox", NULL);
}

static void read_next_line (GTask *task);

/* Runs in the child before exec: if the app dies without stopping it (a crash, a kill), the
 * sandbox is told to stop too, and it ends its functions' processes. */
static void
end_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
on_line (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LfSandboxProcess *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                    &error);
  if (line == NULL)
    {
      g_autoptr(GError) failure = NULL;

      if (error != NULL)
        failure = g_error_new (LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_FAILED,
                               "Could not read from the local sandbox: %s", error->message);
      else
        failure = g_error_new_literal (LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_FAILED,
                                       "The local sandbox stopped before it was ready");
      forget_process (self);
      finish_waiting (self, failure);
      return;
    }

  if (self->url == NULL)
    self->url = g_strdup (line);
  else if (g_str_has_prefix (line, "AWS_ACCESS_KEY_ID="))
    self->access_key_id = g_strdup (line + strlen ("AWS_ACCESS_KEY_ID="));
  else if (g_str_has_prefix (line, "AWS_SECRET_ACCESS_KEY="))
    self->secret_access_key = g_strdup (line + strlen ("AWS_SECRET_ACCESS_KEY="));
  else if (g_str_has_prefix (line, "AWS_REGION="))
    self->region = g_strdup (line + strlen ("AWS_REGION="));

  explicit_bzero (line, strlen (line));

  if (self->url && self->access_key_id && self->secret_access_key && self->region)
    {
      self->ready = TRUE;
      g_debug ("Local sandbox ready at %s", self->url);
      finish_waiting (self, NULL);
      return;
    }

  read_next_line (g_steal_pointer (&task));
}

static void
read_next_line (GTask *task)
{
  LfSandboxProcess *self = g_task_get_source_object (task);

  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_line, task);
}

void
lf_sandbox_process_start_async (LfSandboxProcess    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;
  g_autofree char *schemas_file = NULL;
  gboolean starting;

  g_return_if_fail (LF_IS_SANDBOX_PROCESS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_sandbox_process_start_async);

  if (self->ready)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  starting = self->process != NULL;
  g_ptr_array_add (self->waiting, g_object_ref (task));
  if (starting)
    return;

  program = lf_sandbox_process_find_program ();
  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  for (guint i = 0; i < self->function_dirs->len; i++)
    {
      g_ptr_array_add (argv, (char *) "--functions");
      g_ptr_array_add (argv, g_ptr_array_index (self->function_dirs, i));
    }
  /* Events shared on the sandbox outlive it, as they do in an account's registry. */
  schemas_file = g_build_filename (g_get_user_data_dir (), "lambda-forms", "sandbox-schemas.json",
                                   NULL);
  g_ptr_array_add (argv, (char *) "--schemas-file");
  g_ptr_array_add (argv, schemas_file);
  g_ptr_array_add (argv, NULL);

  {
    g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    g_subprocess_launcher_set_child_setup (launcher, end_with_parent, NULL, NULL);
    self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                  &error);
  }
  if (self->process == NULL)
    {
      g_autoptr(GError) failure = g_error_new (LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_FAILED,
                                               "Could not start the local sandbox (%s): %s",
                                               program, error->message);
      finish_waiting (self, failure);
      return;
    }

  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  read_next_line (g_steal_pointer (&task));
}

gboolean
lf_sandbox_process_start_finish (LfSandboxProcess  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
lf_sandbox_process_get_url (LfSandboxProcess *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_PROCESS (self), NULL);
  return self->ready ? self->url : NULL;
}

const char *
lf_sandbox_process_get_region (LfSandboxProcess *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_PROCESS (self), NULL);
  return self->ready ? self->region : NULL;
}

LfCredentials *
lf_sandbox_process_get_credentials (LfSandboxProcess *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_PROCESS (self), NULL);

  if (!self->ready)
    return NULL;
  return lf_credentials_new (self->access_key_id, self->secret_access_key, NULL, NULL);
}

/* The sandbox program's process id while it runs, else 0. */
GPid
lf_sandbox_process_get_pid (LfSandboxProcess *self)
{
  const char *identifier;

  g_return_val_if_fail (LF_IS_SANDBOX_PROCESS (self), 0);
  identifier = self->process ? g_subprocess_get_identifier (self->process) : NULL;
  return identifier ? (GPid) g_ascii_strtoll (identifier, NULL, 10) : 0;
}

gboolean
lf_sandbox_process_is_running (LfSandboxProcess *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_PROCESS (self), FALSE);
  return self->ready;
}

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  g_task_return_boolean (task, TRUE);
}

/* Tells the running child to stop (SIGTERM: it ends its functions' processes first) and
 * forgets it; returns the child, or NULL when none runs. */
static GSubprocess *
signal_stop (LfSandboxProcess *self)
{
  GSubprocess *process;

  if (self->process == NULL)
    return NULL;
  g_cancellable_cancel (self->cancellable);
  process = g_object_ref (self->process);
  forget_process (self);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_subprocess_send_signal (process, SIGTERM);
  return process;
}

/**
 * lf_sandbox_process_stop:
 *
 * Tells the sandbox to stop and returns at once: quitting the app never waits for it. The
 * sandbox ends its functions' processes, then itself.
 */
void
lf_sandbox_process_stop (LfSandboxProcess *self)
{
  g_autoptr(GSubprocess) process = NULL;

  g_return_if_fail (LF_IS_SANDBOX_PROCESS (self));
  process = signal_stop (self);
}

/* The same, completing once the sandbox has exited. */
void
lf_sandbox_process_stop_async (LfSandboxProcess    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocess) process = NULL;

  g_return_if_fail (LF_IS_SANDBOX_PROCESS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_sandbox_process_stop_async);
  process = signal_stop (self);
  if (process == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_subprocess_wait_async (process, cancellable, on_exited, g_steal_pointer (&task));
}

gboolean
lf_sandbox_process_stop_finish (LfSandboxProcess  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
