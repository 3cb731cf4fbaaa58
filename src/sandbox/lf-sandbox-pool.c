/* lf-sandbox-pool.c: warm environments, the concurrency limit and the queue of events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <string.h>

#include "lf-sandbox-environment.h"
#include "lf-sandbox-error.h"
#include "lf-sandbox-pool.h"

struct _LfSandboxPool
{
  GObject parent_instance;

  LfSandboxFunction *function;
  LfSandboxSettings *settings;

  GPtrArray *environments;   /* every environment whose process has not been reaped yet */
  GQueue events;             /* LfSandboxInvocation waiting for a free environment */
  guint events_done;
  GPtrArray *retries;       /* Retry: failed events waiting for their next attempt */
  guint retries_made;
  gboolean closing;
  GPtrArray *shutdown_tasks;
};

G_DEFINE_FINAL_TYPE (LfSandboxPool, lf_sandbox_pool, G_TYPE_OBJECT)

static void dispatch_events (LfSandboxPool *self);
static void retry_free      (gpointer       user_data);

static void
lf_sandbox_pool_dispose (GObject *object)
{
  LfSandboxPool *self = (LfSandboxPool *) object;

  if (self->environments != NULL)
    {
      for (guint i = 0; i < self->environments->len; i++)
        {
          LfSandboxEnvironment *env = g_ptr_array_index (self->environments, i);

          g_signal_handlers_disconnect_by_data (env, self);
          lf_sandbox_environment_kill (env);
        }
      g_ptr_array_set_size (self->environments, 0);
    }
  g_queue_clear_full (&self->events, g_object_unref);
  if (self->retries != NULL)
    g_ptr_array_set_size (self->retries, 0);
  g_clear_object (&self->function);

  G_OBJECT_CLASS (lf_sandbox_pool_parent_class)->dispose (object);
}

static void
lf_sandbox_pool_finalize (GObject *object)
{
  LfSandboxPool *self = (LfSandboxPool *) object;

  g_clear_pointer (&self->environments, g_ptr_array_unref);
  g_clear_pointer (&self->shutdown_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->retries, g_ptr_array_unref);
  g_clear_pointer (&self->settings, lf_sandbox_settings_unref);

  G_OBJECT_CLASS (lf_sandbox_pool_parent_class)->finalize (object);
}

static void
lf_sandbox_pool_class_init (LfSandboxPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_sandbox_pool_dispose;
  object_class->finalize = lf_sandbox_pool_finalize;
}

static void
lf_sandbox_pool_init (LfSandboxPool *self)
{
  self->environments = g_ptr_array_new_with_free_func (g_object_unref);
  self->shutdown_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->retries = g_ptr_array_new_with_free_func (retry_free);
  g_queue_init (&self->events);
}

LfSandboxPool *
lf_sandbox_pool_new (LfSandboxFunction *function,
                     LfSandboxSettings *settings)
{
  LfSandboxPool *self;

  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (function), NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  self = g_object_new (LF_TYPE_SANDBOX_POOL, NULL);
  self->function = g_object_ref (function);
  self->settings = lf_sandbox_settings_ref (settings);
  return self;
}

/* The environments for which @test holds. */
static guint
count_environments (LfSandboxPool *self,
                    gboolean     (*test) (LfSandboxEnvironment *env))
{
  guint n = 0;

  for (guint i = 0; i < self->environments->len; i++)
    if (test (g_ptr_array_index (self->environments, i)))
      n++;

  return n;
}

static void
complete_shutdown_if_done (LfSandboxPool *self)
{
  g_autoptr(GPtrArray) tasks = NULL;

  if (!self->closing || self->environments->len > 0 || self->shutdown_tasks->len == 0)
    return;

  tasks = g_steal_pointer (&self->shutdown_tasks);
  self->shutdown_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
}

static void
on_environment_exited (LfSandboxEnvironment *env,
                       gpointer              user_data)
{
  LfSandboxPool *self = user_data;
  g_autoptr(LfSandboxPool) hold = g_object_ref (self);

  g_signal_handlers_disconnect_by_data (env, self);
  g_ptr_array_remove (self->environments, env);

  complete_shutdown_if_done (self);
  /* A slot is free again for the events that wait. */
  dispatch_events (self);
}

/* An idle warm environment, else a new one while under the limit; NULL at the limit.
 * @spawn_error is set (and NULL returned) when a new environment cannot start. */
static LfSandboxEnvironment *
acquire_environment (LfSandboxPool  *self,
                     GError        **spawn_error)
{
  g_autoptr(LfSandboxEnvironment) env = NULL;

  for (guint i = 0; i < self->environments->len; i++)
    {
      LfSandboxEnvironment *candidate = g_ptr_array_index (self->environments, i);

      if (lf_sandbox_environment_is_alive (candidate) &&
          !lf_sandbox_environment_is_busy (candidate))
        return candidate;
    }

  if (count_environments (self, lf_sandbox_environment_is_alive) >= self->settings->max_concurrency)
    return NULL;

  env = lf_sandbox_environment_new (self->function, self->settings);
  if (!lf_sandbox_environment_start (env, spawn_error))
    return NULL;

  g_signal_connect (env, "exited", G_CALLBACK (on_environment_exited), self);
  g_ptr_array_add (self->environments, g_object_ref (env));

  return env;
}

/* A runtime that cannot even start is reported the way Lambda reports a missing bootstrap. */
static void
complete_unstartable (LfSandboxInvocation *invocation,
                      const GError        *error)
{
  g_autofree char *line = g_strconcat (error->message, "\n", NULL);

  lf_sandbox_invocation_append_log (invocation, line, strlen (line));
  lf_sandbox_invocation_complete_with_error (invocation, "Runtime.InvalidEntrypoint",
                                             error->message);
}

static void
after_invocation (LfSandboxPool        *self,
                  LfSandboxEnvironment *env)
{
  /* A pool that closes keeps nothing warm. */
  if (self->closing)
    lf_sandbox_environment_kill (env);
  dispatch_events (self);
}

static void
on_sync_invoke_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LfSandboxEnvironment *env = LF_SANDBOX_ENVIRONMENT (source);
  g_autoptr(GTask) task = user_data;
  LfSandboxPool *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!lf_sandbox_environment_invoke_finish (env, result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);

  after_invocation (self, env);
}

/**
 * lf_sandbox_pool_invoke_async:
 *
 * Runs @invocation now, in a warm environment or a new one. At the concurrency limit the call
 * fails at once with %LF_SANDBOX_ERROR_THROTTLED. What the function did is in @invocation.
 */
void
lf_sandbox_pool_invoke_async (LfSandboxPool       *self,
                              LfSandboxInvocation *invocation,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) spawn_error = NULL;
  LfSandboxEnvironment *env;

  g_return_if_fail (LF_IS_SANDBOX_POOL (self));
  g_return_if_fail (LF_IS_SANDBOX_INVOCATION (invocation));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_sandbox_pool_invoke_async);

  if (self->closing)
    {
      g_task_return_new_error (task, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_STOPPED,
                               "The function is being removed");
      return;
    }

  env = acquire_environment (self, &spawn_error);
  if (env == NULL && spawn_error != NULL)
    {
      complete_unstartable (invocation, spawn_error);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (env == NULL)
    {
      g_task_return_new_error (task, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_THROTTLED,
                               "Rate Exceeded.");
      return;
    }

  lf_sandbox_environment_invoke_async (env, invocation, cancellable, on_sync_invoke_done,
                                       g_steal_pointer (&task));
}

gboolean
lf_sandbox_pool_invoke_finish (LfSandboxPool  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (LF_IS_SANDBOX_POOL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A failed Event waiting for its next attempt; the pool holds it until the timer fires. */
typedef struct
{
  LfSandboxPool *pool;
  LfSandboxInvocation *invocation;
  guint timer_id;
} Retry;

static void
retry_free (gpointer user_data)
{
  Retry *retry = user_data;

  g_clear_handle_id (&retry->timer_id, g_source_remove);
  g_object_unref (retry->invocation);
  g_free (retry);
}

static gboolean
on_retry_due (gpointer user_data)
{
  Retry *retry = user_data;
  LfSandboxPool *self = retry->pool;

  retry->timer_id = 0;
  lf_sandbox_pool_enqueue_event (self, retry->invocation);
  g_ptr_array_remove_fast (self->retries, retry);
  return G_SOURCE_REMOVE;
}

/* Lambda runs a failed Event twice more, after a wait each time, then gives up. */
static void
maybe_retry (LfSandboxPool       *self,
             LfSandboxInvocation *failed)
{
  guint attempt = lf_sandbox_invocation_get_attempt (failed);
  const char *name = lf_sandbox_function_get_name (self->function);
  const char *request_id = lf_sandbox_invocation_get_request_id (failed);
  Retry *retry;
  guint delay;

  if (self->closing || attempt > LF_SANDBOX_EVENT_RETRIES)
    {
      if (attempt > LF_SANDBOX_EVENT_RETRIES)
        g_message ("Event %s of %s failed %u times; no more retries", request_id, name, attempt);
      return;
    }
  delay = self->settings->retry_delay_ms[attempt - 1];
  g_message ("Event %s of %s failed (%s); attempt %u of %u in %u ms", request_id, name,
             lf_sandbox_invocation_get_error_type (failed)
               ? lf_sandbox_invocation_get_error_type (failed) : "Unhandled",
             attempt + 1, LF_SANDBOX_EVENT_RETRIES + 1, delay);
  retry = g_new0 (Retry, 1);
  retry->pool = self;
  retry->invocation = lf_sandbox_invocation_new_retry (failed);
  retry->timer_id = g_timeout_add (delay, on_retry_due, retry);
  g_ptr_array_add (self->retries, retry);
  self->retries_made++;
}

typedef struct
{
  LfSandboxPool *pool;
  LfSandboxInvocation *invocation;
} EventCall;

static void
on_event_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LfSandboxEnvironment *env = LF_SANDBOX_ENVIRONMENT (source);
  EventCall *call = user_data;
  g_autoptr(LfSandboxPool) self = call->pool;
  g_autoptr(LfSandboxInvocation) invocation = call->invocation;
  g_autoptr(GError) error = NULL;

  g_free (call);
  lf_sandbox_environment_invoke_finish (env, result, &error);

  self->events_done++;
  g_debug ("Event %s of %s done%s%s", lf_sandbox_invocation_get_request_id (invocation),
           lf_sandbox_function_get_name (self->function),
           lf_sandbox_invocation_get_function_error (invocation) ? " with error " : "",
           lf_sandbox_invocation_get_error_type (invocation)
             ? lf_sandbox_invocation_get_error_type (invocation) : "");
  if (lf_sandbox_invocation_get_function_error (invocation) != NULL)
    maybe_retry (self, invocation);

  after_invocation (self, env);
}

static void
dispatch_events (LfSandboxPool *self)
{
  while (!self->closing && !g_queue_is_empty (&self->events))
    {
      g_autoptr(GError) spawn_error = NULL;
      LfSandboxEnvironment *env = acquire_environment (self, &spawn_error);
      g_autoptr(LfSandboxInvocation) invocation = NULL;
      EventCall *call;

      if (env == NULL && spawn_error == NULL)
        return;

      invocation = g_queue_pop_head (&self->events);
      if (env == NULL)
        {
          complete_unstartable (invocation, spawn_error);
          self->events_done++;
          continue;
        }

      call = g_new0 (EventCall, 1);
      call->pool = g_object_ref (self);
      call->invocation = g_object_ref (invocation);
      lf_sandbox_environment_invoke_async (env, invocation, NULL, on_event_done, call);
    }
}

/* Queues an Event invocation: it runs as soon as an environment is free. */
void
lf_sandbox_pool_enqueue_event (LfSandboxPool       *self,
                               LfSandboxInvocation *invocation)
{
  g_return_if_fail (LF_IS_SANDBOX_POOL (self));
  g_return_if_fail (LF_IS_SANDBOX_INVOCATION (invocation));

  if (self->closing)
    return;

  g_queue_push_tail (&self->events, g_object_ref (invocation));
  dispatch_events (self);
}

/**
 * lf_sandbox_pool_shutdown_async:
 *
 * Drops queued events, kills every environment and completes when every child process has
 * been reaped.
 */
void
lf_sandbox_pool_shutdown_async (LfSandboxPool       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LF_IS_SANDBOX_POOL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_sandbox_pool_shutdown_async);

  self->closing = TRUE;
  if (!g_queue_is_empty (&self->events))
    g_debug ("Dropping %u queued events of %s", g_queue_get_length (&self->events),
             lf_sandbox_function_get_name (self->function));
  g_queue_clear_full (&self->events, g_object_unref);
  g_ptr_array_set_size (self->retries, 0);

  for (guint i = 0; i < self->environments->len; i++)
    lf_sandbox_environment_kill (g_ptr_array_index (self->environments, i));

  g_ptr_array_add (self->shutdown_tasks, g_steal_pointer (&task));
  complete_shutdown_if_done (self);
}

gboolean
lf_sandbox_pool_shutdown_finish (LfSandboxPool  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (LF_IS_SANDBOX_POOL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* What the admin endpoint shows of this function's environments. */
JsonNode *
lf_sandbox_pool_to_json (LfSandboxPool *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (LF_IS_SANDBOX_POOL (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "environments");
  json_builder_add_int_value (builder, count_environments (self, lf_sandbox_environment_is_alive));
  json_builder_set_member_name (builder, "busy");
  json_builder_add_int_value (builder, count_environments (self, lf_sandbox_environment_is_busy));
  json_builder_set_member_name (builder, "queued_events");
  json_builder_add_int_value (builder, g_queue_get_length (&self->events));
  json_builder_set_member_name (builder, "completed_events");
  json_builder_add_int_value (builder, self->events_done);
  json_builder_set_member_name (builder, "retried_events");
  json_builder_add_int_value (builder, self->retries_made);
  json_builder_set_member_name (builder, "retries_waiting");
  json_builder_add_int_value (builder, self->retries->len);
  json_builder_set_member_name (builder, "max_concurrency");
  json_builder_add_int_value (builder, self->settings->max_concurrency);
  json_builder_set_member_name (builder, "pids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->environments->len; i++)
    {
      LfSandboxEnvironment *env = g_ptr_array_index (self->environments, i);

      if (!lf_sandbox_environment_has_exited (env))
        json_builder_add_int_value (builder, lf_sandbox_environment_get_pid (env));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
