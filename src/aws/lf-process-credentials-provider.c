/* lf-process-credentials-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-aws-error.h"
#include "lf-credentials-util.h"
#include "lf-process-credentials-provider.h"

#define MAX_STDERR_SHOWN 200

struct _LfProcessCredentialsProvider
{
  GObject parent_instance;

  char **argv;
  char *description;
  guint timeout_seconds;
};

typedef struct
{
  GSubprocess *process;
  GCancellable *stop;       /* cancelled by the timeout or the caller */
  GCancellable *caller;
  gulong caller_handler;
  guint timeout_source;
  gboolean timed_out;
} Run;

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfProcessCredentialsProvider, lf_process_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static void
run_free (Run *run)
{
  if (run->caller_handler != 0)
    g_cancellable_disconnect (run->caller, run->caller_handler);
  g_clear_handle_id (&run->timeout_source, g_source_remove);
  g_clear_object (&run->caller);
  g_clear_object (&run->stop);
  g_clear_object (&run->process);
  g_free (run);
}

static const char *
lf_process_credentials_provider_describe (LfCredentialsProvider *provider)
{
  return LF_PROCESS_CREDENTIALS_PROVIDER (provider)->description;
}

static gboolean
on_timeout (gpointer user_data)
{
  Run *run = user_data;

  run->timeout_source = 0;
  run->timed_out = TRUE;
  g_subprocess_force_exit (run->process);
  g_cancellable_cancel (run->stop);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *caller,
                     Run          *run)
{
  g_cancellable_cancel (run->stop);
}

static void
on_communicated (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LfProcessCredentialsProvider *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonNode *version;
  LfCredentials *credentials;

  if (!g_subprocess_communicate_utf8_finish (run->process, result, &out, &err, &error))
    {
      if (run->timed_out)
        g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                 _("%s did not answer within %u s and was stopped"),
                                 self->description, self->timeout_seconds);
      else if (g_cancellable_is_cancelled (run->caller))
        {
          g_subprocess_force_exit (run->process);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   _("Getting credentials was cancelled"));
        }
      else
        g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                 "%s: %s", self->description, error->message);
      return;
    }

  if (!g_subprocess_get_successful (run->process))
    {
      g_autofree char *first_line = NULL;
      int status = g_subprocess_get_if_exited (run->process)
                     ? g_subprocess_get_exit_status (run->process) : -1;

      if (err != NULL)
        {
          char *newline;

          g_strstrip (err);
          newline = strchr (err, '\n');
          first_line = g_strndup (err, MIN (newline ? (gsize) (newline - err) : strlen (err),
                                            MAX_STDERR_SHOWN));
        }
      if (status >= 0)
        g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                 _("%s exited with status %d%s%s"), self->description, status,
                                 first_line && *first_line ? ": " : "",
                                 first_line ? first_line : "");
      else
        g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                                 _("%s was killed by a signal"), self->description);
      if (out != NULL)
        explicit_bzero (out, strlen (out));
      return;
    }

  bytes = g_bytes_new (out ? out : "", out ? strlen (out) : 0);
  answer = lf_credentials_parse_json (bytes, self->description, &error);
  if (out != NULL)
    explicit_bzero (out, strlen (out));
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  version = json_object_get_member (answer, "Version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) != 1)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("%s printed JSON without \"Version\": 1"), self->description);
      return;
    }

  credentials = lf_credentials_from_json (answer, self->description, &error);
  if (credentials == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, credentials, (GDestroyNotify) lf_credentials_unref);
}

static void
lf_process_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data)
{
  LfProcessCredentialsProvider *self = LF_PROCESS_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  Run *run;

  g_task_set_source_tag (task, lf_process_credentials_provider_get_credentials_async);
  g_task_set_check_cancellable (task, FALSE);

  run = g_new0 (Run, 1);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  /* Straight to the program: nothing of the line is given to a shell. */
  run->process = g_subprocess_newv ((const char * const *) self->argv,
                                    G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                    G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                    G_SUBPROCESS_FLAGS_STDIN_INHERIT,
                                    &error);
  if (run->process == NULL)
    {
      g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("%s could not start: %s"), self->description, error->message);
      return;
    }

  run->stop = g_cancellable_new ();
  if (cancellable != NULL)
    {
      run->caller = g_object_ref (cancellable);
      run->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                   run, NULL);
    }
  run->timeout_source = g_timeout_add_seconds (self->timeout_seconds, on_timeout, run);

  g_subprocess_communicate_utf8_async (run->process, NULL, run->stop, on_communicated,
                                       g_steal_pointer (&task));
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->describe = lf_process_credentials_provider_describe;
  iface->get_credentials_async = lf_process_credentials_provider_get_credentials_async;
}

static void
lf_process_credentials_provider_finalize (GObject *object)
{
  LfProcessCredentialsProvider *self = (LfProcessCredentialsProvider *) object;

  g_clear_pointer (&self->argv, g_strfreev);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (lf_process_credentials_provider_parent_class)->finalize (object);
}

static void
lf_process_credentials_provider_class_init (LfProcessCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_process_credentials_provider_finalize;
}

static void
lf_process_credentials_provider_init (LfProcessCredentialsProvider *self)
{
}

LfCredentialsProvider *
lf_process_credentials_provider_new (const char  *command_line,
                                     const char  *where,
                                     guint        timeout_seconds,
                                     GError     **error)
{
  g_autoptr(LfProcessCredentialsProvider) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) argv = NULL;

  if (command_line == NULL || !g_shell_parse_argv (command_line, NULL, &argv, &local_error))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("credential_process%s%s%s cannot be split into a program and arguments: %s"),
                   where ? " (" : "", where ? where : "", where ? ")" : "",
                   local_error ? local_error->message : _("it is empty"));
      return NULL;
    }

  self = g_object_new (LF_TYPE_PROCESS_CREDENTIALS_PROVIDER, NULL);
  self->argv = g_steal_pointer (&argv);
  self->timeout_seconds = timeout_seconds ? timeout_seconds : LF_PROCESS_DEFAULT_TIMEOUT_SECONDS;
  self->description = where ? g_strdup_printf (_("credential_process “%s” (%s)"), self->argv[0],
                                               where)
                            : g_strdup_printf (_("credential_process “%s”"), self->argv[0]);

  return LF_CREDENTIALS_PROVIDER (g_steal_pointer (&self));
}
