/* lf-form-runtime-call.c: a run's call to Lambda and what it brings back
 *
 * A run renders all of its action's parameters first and sends nothing unless every one is
 * right; the request it sends is recorded as a person reads it. Answers are applied in the
 * order they arrive. A large Invoke payload is read into JSON in a worker thread; whatever
 * arrives meanwhile waits behind it in the queue of answers, so a slow read never lets a
 * later answer overtake an earlier one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-run-error.h"
#include "lf-json-util.h"
#include "lf-aws-error.h"
#include "lf-form-runtime-private.h"

typedef struct
{
  LfFormRuntime  *self;         /* a reference, so the answer always has somewhere to go */
  LfLambdaClient *client;
  LfOperation     operation;
  char           *name;
  guint           generation;
  JsonArray      *functions;    /* ListFunctions: what the pages brought so far */
  int             max_items;
  /* A streamed Invoke: the text so far (valid UTF-8), the bytes of a character cut between
   * two chunks, and the pending update of "stream" in the context. */
  GString        *stream_text;
  GByteArray     *stream_partial;
  guint64         stream_bytes;
  guint           stream_chunks;
  guint           stream_flush_id;
} Call;

/* Something a call brought back, waiting its turn to be applied. */
typedef struct
{
  Call      *call;              /* the run's end: owned, and done with when applied */
  char      *name;              /* a page: which run it belongs to */
  guint      generation;
  gboolean   ready;             /* FALSE while a worker reads it */
  gboolean   read_in_thread;
  JsonNode  *data;
  JsonNode  *stream;            /* a streamed Invoke's final "stream", made by the worker */
  guint      status;
  GError    *error;
} Answer;

/* What a run sends: its action's parameters as rendered (NULL when absent or empty), then
 * what they say once read. */
typedef struct
{
  LfOperation             operation;
  char                   *function_name;
  char                   *qualifier;
  char                   *invocation_type;
  char                   *log_type;
  char                   *payload;
  char                   *client_context;
  char                   *max_items;
  char                   *stream;
  gboolean                streaming;
  LfListFunctionsOptions  options;
  LfInvokeRequest         invoke;
} Plan;

static void
call_free (Call *call)
{
  g_object_unref (call->self);
  g_object_unref (call->client);
  g_clear_pointer (&call->functions, json_array_unref);
  g_clear_handle_id (&call->stream_flush_id, g_source_remove);
  if (call->stream_text != NULL)
    g_string_free (call->stream_text, TRUE);
  g_clear_pointer (&call->stream_partial, g_byte_array_unref);
  g_free (call->name);
  g_free (call);
}

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->call, call_free);
  g_clear_pointer (&answer->data, json_node_unref);
  g_clear_pointer (&answer->stream, json_node_unref);
  g_clear_error (&answer->error);
  g_free (answer->name);
  g_free (answer);
}

static void
plan_clear (Plan *plan)
{
  g_free (plan->function_name);
  g_free (plan->qualifier);
  g_free (plan->invocation_type);
  g_free (plan->log_type);
  g_free (plan->payload);
  g_free (plan->client_context);
  g_free (plan->max_items);
  g_free (plan->stream);
  g_clear_pointer (&plan->invoke.payload, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

void
_lf_form_runtime_clear_answers (LfFormRuntime *self)
{
  g_queue_clear_full (&self->answers, (GDestroyNotify) answer_free);
}

/* A run's end ***************************************************************************/

/* The record of a run that ended, taking @data. */
static JsonObject *
end_record (ActionRun    *run,
            JsonNode     *data,
            guint         status,
            const GError *error)
{
  JsonObject *record = _lf_form_runtime_new_action_record ();

  json_object_set_string_member (record, "state", lf_action_state_to_string (run->state));
  if (status == 0 && error != NULL && error->domain == LF_AWS_ERROR)
    status = lf_aws_error_get_http_status (error);
  if (status != 0)
    json_object_set_int_member (record, "status", status);
  if (data != NULL)
    json_object_set_member (record, "data", data);
  if (error != NULL)
    json_object_set_member (record, "error", lf_run_error_to_json (error));
  if (run->request != NULL)
    json_object_set_member (record, "request", json_node_copy (run->request));
  /* What streamed stays readable once the run is over. */
  if (run->stream != NULL)
    json_object_set_member (record, "stream", json_node_copy (run->stream));
  return record;
}

/* After a success: the controls it sets, then the action it runs next. */
static void
follow_success (LfFormRuntime *self,
                LfAction      *action)
{
  g_auto(GStrv) sets = lf_action_list_success_sets (action);

  for (guint i = 0; sets[i]; i++)
    {
      LfControl *control = lf_form_find_control (self->form, sets[i]);
      LfTemplate *template = lf_action_get_success_set_template (action, sets[i]);

      if (control != NULL && template != NULL)
        _lf_form_runtime_set_evaluated (self, control, "value",
                                        lf_control_get_kind (control)->value_type, template);
    }
  if (lf_action_get_success_action (action) != NULL)
    lf_form_runtime_run_action (self, lf_action_get_success_action (action), NULL);
}

/* After a failure: the control that shows it. */
static void
follow_failure (LfFormRuntime *self,
                LfAction      *action,
                const GError  *error)
{
  LfControl *control = lf_form_find_control (self->form, lf_action_get_error_control (action));

  if (control != NULL)
    _lf_form_runtime_set_control_member (self, control, "value",
                                         json_node_init_string (json_node_alloc (),
                                                                error->message));
}

/* Stores a run's end (taking @data and @error) and does what follows it. */
/* The run history ********************************************************************************/

/* The account an action runs with, as the form names it. */
static const char *
account_of (LfFormRuntime *self,
            LfAction      *action)
{
  const char *account = action ? lf_action_get_account (action) : NULL;

  if (account == NULL || *account == '\0')
    account = lf_form_get_setting (self->form, "account");
  return account;
}

static void
record_start (LfFormRuntime  *self,
              ActionRun      *run,
              LfAction       *action,
              LfLambdaClient *client)
{
  g_autoptr(JsonObject) start = NULL;
  JsonObject *request;
  const char *host;
  const char *title = lf_form_get_setting (self->form, "title");
  /* The client knows whom it signs for; the form only what it asked. */
  const char *account = lf_lambda_client_get_account_name (client)
                        ? lf_lambda_client_get_account_name (client)
                        : account_of (self, action);

  g_clear_pointer (&run->history_run, lf_history_run_unref);
  if (self->history == NULL || run->request == NULL)
    return;
  request = json_node_get_object (run->request);
  host = lf_json_object_get_string_member_or_null (request, "host");
  start = json_object_new ();
  json_object_set_string_member (start, "source", self->history_source);
  if (self->form_path != NULL)
    json_object_set_string_member (start, "form_path", self->form_path);
  if (title != NULL)
    json_object_set_string_member (start, "form_title", title);
  json_object_set_string_member (start, "action", run->name);
  if (account != NULL)
    json_object_set_string_member (start, "account", account);
  if (host != NULL)
    json_object_set_string_member (start, "endpoint", host);
  json_object_set_member (start, "values", lf_form_runtime_dup_values (self));
  json_object_set_member (start, "request", json_node_copy (run->request));
  run->history_run = lf_history_start_run (self->history, start);
}

static void
record_end (LfFormRuntime *self,
            ActionRun     *run)
{
  JsonObject *record = json_object_get_object_member (json_node_get_object (self->context),
                                                      run->name);
  g_autoptr(JsonObject) end = json_object_new ();
  g_autoptr(GList) members = NULL;

  if (run->history_run == NULL || self->history == NULL)
    return;
  /* The record {{ action }} shows: state, status, data, error. */
  members = json_object_get_members (record);
  for (GList *l = members; l; l = l->next)
    if (g_strv_contains ((const char *[]) { "state", "status", "data", "error", NULL }, l->data))
      json_object_set_member (end, l->data, json_object_dup_member (record, l->data));
  lf_history_end_run (self->history, run->history_run, end);
  g_clear_pointer (&run->history_run, lf_history_run_unref);
}

static void
finish_run (LfFormRuntime *self,
            ActionRun     *run,
            JsonNode      *data,
            guint          status,
            GError        *error)
{
  LfAction *action = lf_form_find_action (self->form, run->name);
  g_autofree char *name = g_strdup (run->name);

  g_clear_object (&run->cancellable);
  g_clear_error (&run->error);
  run->error = error;
  if (error == NULL)
    run->state = LF_ACTION_STATE_SUCCEEDED;
  else if (g_error_matches (error, LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    run->state = LF_ACTION_STATE_CANCELLED;
  else
    run->state = LF_ACTION_STATE_FAILED;
  json_object_set_object_member (json_node_get_object (self->context), name,
                                 end_record (run, data, status, error));
  record_end (self, run);

  _lf_form_runtime_emit_state_changed (self, name, run->state);
  _lf_form_runtime_evaluate_bindings (self, name, NULL);

  /* A cancelled run is nobody's error: nothing shows one. */
  if (error == NULL)
    follow_success (self, action);
  else if (run->state == LF_ACTION_STATE_FAILED)
    follow_failure (self, action, error);
}

/* Answers ******************************************************************************/

/* The run @name's answer is for, if it is still the latest one. */
static ActionRun *
current_run (LfFormRuntime *self,
             const char    *name,
             guint          generation)
{
  ActionRun *run = g_hash_table_lookup (self->runs, name);

  return run != NULL && run->generation == generation ? run : NULL;
}

/* Whether @call is still the latest run of its action; it is done with either way. */
static ActionRun *
take_call (Call *call)
{
  LfFormRuntime *self = call->self;
  ActionRun *run = current_run (self, call->name, call->generation);

  self->n_running--;
  if (run == NULL)
    _lf_form_runtime_update_busy (self);
  return run;
}

/* Functions gathered so far, as the final answer will have them. */
static void
apply_page (LfFormRuntime *self,
            Answer        *answer)
{
  ActionRun *run = current_run (self, answer->name, answer->generation);

  if (run == NULL)
    return;
  /* Still running: only the data changes, and what reads it. */
  _lf_form_runtime_replace_member (self, run->name, "data", g_steal_pointer (&answer->data));
  _lf_form_runtime_evaluate_bindings (self, run->name, "data");
}

static void
apply_end (LfFormRuntime *self,
           Answer        *answer)
{
  ActionRun *run = take_call (answer->call);

  if (run == NULL)
    return;
  if (answer->read_in_thread && run->cancellable != NULL &&
      g_cancellable_is_cancelled (run->cancellable))
    {
      /* Cancelled while its answer was read: as if the answer never came. */
      g_clear_pointer (&answer->data, json_node_unref);
      g_clear_error (&answer->error);
      answer->status = 0;
      answer->error = g_error_new_literal (LF_AWS_ERROR, LF_AWS_ERROR_CANCELLED,
                                           _("The request was cancelled"));
    }
  if (answer->stream != NULL)
    {
      g_clear_pointer (&run->stream, json_node_unref);
      run->stream = g_steal_pointer (&answer->stream);
      _lf_form_runtime_replace_member (self, run->name, "stream", json_node_ref (run->stream));
    }
  finish_run (self, run, g_steal_pointer (&answer->data), answer->status,
              g_steal_pointer (&answer->error));
  _lf_form_runtime_update_busy (self);
}

/* Applies the answers at the head of the queue that are ready. */
static void
apply_answers (LfFormRuntime *self)
{
  /* What an answer sets off may drop the last outside reference to us. */
  g_autoptr(LfFormRuntime) hold = g_object_ref (self);
  Answer *answer;

  while ((answer = g_queue_peek_head (&self->answers)) != NULL && answer->ready)
    {
      g_queue_pop_head (&self->answers);
      if (answer->call != NULL)
        apply_end (self, answer);
      else
        apply_page (self, answer);
      answer_free (answer);
    }
}

/* Queues an answer holding @data (taken), ready to apply. */
static Answer *
queue_answer (LfFormRuntime *self,
              JsonNode      *data)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->data = data;
  answer->ready = TRUE;
  g_queue_push_tail (&self->answers, answer);
  return answer;
}

/* Queues the end of @call's run (taking @call, @data and @error). */
static Answer *
queue_end (Call     *call,
           JsonNode *data,
           guint     status,
           GError   *error)
{
  LfFormRuntime *self = call->self;
  Answer *answer;

  if (!g_queue_is_empty (&self->answers))
    g_debug ("%s: its answer waits for one before it", call->name);
  answer = queue_answer (self, data);
  answer->call = call;
  answer->status = status;
  answer->error = error;
  return answer;
}

/* Ends @call's run in its turn (taking @call, @data and @error). */
static void
end_call (Call     *call,
          JsonNode *data,
          guint     status,
          GError   *error)
{
  LfFormRuntime *self = call->self;

  queue_end (call, data, status, error);
  apply_answers (self);
}

static void
on_functions_page (JsonArray *page,
                   gpointer   user_data)
{
  Call *call = user_data;
  JsonArray *functions;
  JsonObject *object;
  Answer *answer;
  guint n;

  if (current_run (call->self, call->name, call->generation) == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (page); i++)
    {
      if (call->max_items > 0 && json_array_get_length (call->functions) >= (guint) call->max_items)
        break;
      json_array_add_element (call->functions, json_array_dup_element (page, i));
    }

  /* A new array each page: a binding may still hold the last one. */
  n = json_array_get_length (call->functions);
  functions = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    json_array_add_element (functions, json_array_dup_element (call->functions, i));
  object = json_object_new ();
  json_object_set_array_member (object, "Functions", functions);

  answer = queue_answer (call->self, lf_json_node_take_object (object));
  answer->name = g_strdup (call->name);
  answer->generation = call->generation;
  apply_answers (call->self);
}

/* The end of every call but Invoke's. */
static void
on_call_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LfLambdaClient *client = LF_LAMBDA_CLIENT (object);
  Call *call = user_data;
  GError *error = NULL;
  JsonNode *data = NULL;
  guint status = 200;

  switch (call->operation)
    {
    case LF_OPERATION_LIST_FUNCTIONS:
      data = lf_lambda_client_list_functions_finish (client, result, &error);
      break;
    case LF_OPERATION_GET_FUNCTION:
      data = lf_lambda_client_get_function_finish (client, result, &error);
      break;
    case LF_OPERATION_DELETE_FUNCTION:
      if (lf_lambda_client_delete_function_finish (client, result, &error))
        data = lf_json_node_take_object (json_object_new ());
      status = 204;
      break;
    case LF_OPERATION_INVOKE:
    default:
      g_assert_not_reached ();
    }
  end_call (call, data, data ? status : 0, error);
}

/* In a worker: the payload, however large, read into the answer's JSON. Only the task's own
 * copy of the result is touched here. */
/* What a worker makes of a large answer: its JSON, and for a streamed one the whole text as
 * templates read it ({{ action.stream.text }}). */
typedef struct
{
  JsonNode *data;
  JsonNode *stream;
} ReadAnswer;

static void
read_answer_free (ReadAnswer *read)
{
  g_clear_pointer (&read->data, json_node_unref);
  g_clear_pointer (&read->stream, json_node_unref);
  g_free (read);
}

static JsonNode *
stream_node (const char *text,
             guint64     bytes,
             guint       chunks)
{
  JsonObject *stream = json_object_new ();
  JsonNode *node;

  json_object_set_string_member (stream, "text", text);
  json_object_set_int_member (stream, "bytes", (gint64) bytes);
  json_object_set_int_member (stream, "chunks", chunks);
  node = lf_json_node_take_object (stream);
  json_node_seal (node);
  return node;
}

/* A streamed answer's text once, shared: {{ action.stream.text }}, and data.Payload too unless
 * the text is a JSON document, which is read as for any Invoke. */
static void
read_streamed (LfInvokeResult *kept,
               ReadAnswer     *read)
{
  g_autoptr(GBytes) text = g_steal_pointer (&kept->payload);
  gsize size;
  /* The text ends with a NUL: its buffer was a GString's. */
  const char *data = g_bytes_get_data (text, &size);
  const char *first = data + strspn (data, " \t\r\n");
  g_autoptr(JsonNode) document = NULL;
  JsonObject *object;

  read->stream = stream_node (data, kept->stream_bytes, kept->stream_chunks);
  if (*first == '{' || *first == '[')
    document = lf_json_parse_bytes (text, NULL);
  read->data = lf_invoke_result_to_json (kept);
  object = json_node_get_object (read->data);
  if (size == 0)
    return;
  json_object_set_member (object, "Payload",
                          document ? g_steal_pointer (&document)
                                   : json_object_dup_member (json_node_get_object (read->stream),
                                                             "text"));
  json_object_set_string_member (object, "PayloadEncoding",
                                 JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "Payload"))
                                   ? "text" : "json");
}

static void
read_invoke_result (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  LfInvokeResult *kept = task_data;
  ReadAnswer *read;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  read = g_new0 (ReadAnswer, 1);
  if (!kept->streamed || kept->payload == NULL)
    read->data = lf_invoke_result_to_json (kept);
  else
    read_streamed (kept, read);
  g_task_return_pointer (task, read, (GDestroyNotify) read_answer_free);
}

static void
on_invoke_result_read (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Answer *answer = user_data;
  LfFormRuntime *self = answer->call->self;

  ReadAnswer *read = g_task_propagate_pointer (G_TASK (result), NULL);

  /* The queue keeps @answer until it is ready, and it keeps us. */
  if (read != NULL)
    {
      answer->data = g_steal_pointer (&read->data);
      answer->stream = g_steal_pointer (&read->stream);
      read_answer_free (read);
    }
  answer->ready = TRUE;
  self->n_reading--;
  apply_answers (self);
}

/* A large payload would stall the window while it is read: a worker reads it, and the
 * answer waits in the queue meanwhile, holding its place. Takes @call, @kept and @error. */
static void
read_in_worker (Call           *call,
                ActionRun      *run,
                LfInvokeResult *kept,
                GError         *error)
{
  LfFormRuntime *self = call->self;
  Answer *answer = queue_end (call, NULL, kept->status_code, error);
  g_autoptr(GTask) task = NULL;

  answer->ready = FALSE;
  answer->read_in_thread = TRUE;
  self->n_reading++;
  /* No source object: the worker may drop the task last, and we must not be finalized off
   * the main thread. The run's cancellable lets a cancelled read stop before it starts. */
  task = g_task_new (NULL, run->cancellable, on_invoke_result_read, answer);
  g_task_set_source_tag (task, read_in_worker);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, kept, (GDestroyNotify) lf_invoke_result_free);
  g_task_run_in_thread (task, read_invoke_result);
}

/* The end of an Invoke, streamed or not: takes @kept (what came back) and @error. */
static void
end_invoke (Call           *call,
            LfInvokeResult *kept,
            GError         *error)
{
  ActionRun *run = current_run (call->self, call->name, call->generation);

  if (run == NULL)
    {
      /* Superseded: it is dropped, but in its turn. */
      end_call (call, NULL, 0, error);
      lf_invoke_result_free (kept);
    }
  else if (kept != NULL && kept->payload != NULL &&
           g_bytes_get_size (kept->payload) > LF_FORM_RUNTIME_READ_IN_THREAD_BYTES)
    read_in_worker (call, run, kept, error);
  else
    {
      /* A function error still has an answer: keep it beside the error. */
      end_call (call, kept ? lf_invoke_result_to_json (kept) : NULL,
                kept ? kept->status_code : 0, error);
      if (kept != NULL)
        lf_invoke_result_free (kept);
    }
}

static void
on_invoke (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(LfInvokeResult) invoke_result = NULL;
  g_autoptr(LfInvokeResult) kept = NULL;
  GError *error = NULL;

  invoke_result = lf_lambda_client_invoke_finish (LF_LAMBDA_CLIENT (object), result, &kept, &error);
  end_invoke (call, g_steal_pointer (&kept), error);
}

/* Streamed answers ********************************************************************/

/* "stream" in the context is brought up to date this often at most: often enough to read as
 * live, seldom enough that copying a long text does not keep the window busy. */
#define STREAM_FLUSH_MS 40
#define STREAM_SLOW_FLUSH_MS 150
#define STREAM_LONG_TEXT (1024 * 1024)
#define STREAM_LIVE_TEXT (8 * 1024 * 1024)

/* Adds @data to the text, keeping it valid UTF-8: a character cut between two chunks waits
 * for its end, and bytes that are no UTF-8 at all become U+FFFD. */
static void
append_utf8 (Call         *call,
             const guint8 *data,
             gsize         length)
{
  GByteArray *partial = call->stream_partial;
  const char *start;
  const char *end;
  gsize size;

  g_byte_array_append (partial, data, (guint) length);
  start = (const char *) partial->data;
  size = partial->len;
  if (g_utf8_validate (start, (gssize) size, &end))
    {
      g_string_append_len (call->stream_text, start, (gssize) size);
      g_byte_array_set_size (partial, 0);
      return;
    }
  /* Up to three bytes at the very end may be a character still coming. */
  if (size - (gsize) (end - start) < 4 &&
      g_utf8_get_char_validated (end, (gssize) (size - (gsize) (end - start))) == (gunichar) -2)
    {
      g_string_append_len (call->stream_text, start, end - start);
      g_byte_array_remove_range (partial, 0, (guint) (end - start));
      return;
    }
  {
    g_autofree char *valid = g_utf8_make_valid (start, (gssize) size);

    g_string_append (call->stream_text, valid);
    g_byte_array_set_size (partial, 0);
  }
}

/* {"text", "bytes", "chunks"} as templates read it: {{ invoke.stream.text }}. */
static void
flush_stream (Call *call)
{
  JsonObject *stream;
  LfFormRuntime *self = call->self;
  ActionRun *run = current_run (self, call->name, call->generation);

  g_clear_handle_id (&call->stream_flush_id, g_source_remove);
  if (run == NULL)
    return;
  stream = json_object_new ();
  /* Past a size, copying the whole text into the context would hold the window up: it stays
   * as it was until the end, when a worker makes the whole of it. */
  if (call->stream_text->len > STREAM_LIVE_TEXT && run->stream != NULL)
    json_object_set_member (stream, "text",
                            json_object_dup_member (json_node_get_object (run->stream), "text"));
  else
    json_object_set_string_member (stream, "text", call->stream_text->str);
  json_object_set_int_member (stream, "bytes", (gint64) call->stream_bytes);
  json_object_set_int_member (stream, "chunks", call->stream_chunks);
  g_clear_pointer (&run->stream, json_node_unref);
  run->stream = lf_json_node_take_object (stream);
  /* Shared, never changed: the context and the run's record hold the same node. */
  json_node_seal (run->stream);
  _lf_form_runtime_replace_member (self, call->name, "stream", json_node_ref (run->stream));
  _lf_form_runtime_evaluate_bindings (self, call->name, "stream");
}

static gboolean
on_stream_flush (gpointer user_data)
{
  Call *call = user_data;

  call->stream_flush_id = 0;
  flush_stream (call);
  return G_SOURCE_REMOVE;
}

static void
start_stream (Call *call)
{
  call->stream_text = g_string_new (NULL);
  call->stream_partial = g_byte_array_new ();
  /* A new run starts from nothing, not from the last run's text. */
  flush_stream (call);
}

static gboolean
take_stream_chunk (GBytes   *chunk,
                   gpointer  user_data,
                   GError  **error)
{
  Call *call = user_data;
  gsize size;
  const guint8 *data = g_bytes_get_data (chunk, &size);

  call->stream_bytes += size;
  call->stream_chunks++;
  append_utf8 (call, data, size);
  if (call->stream_flush_id == 0)
    call->stream_flush_id = g_timeout_add (call->stream_text->len < STREAM_LONG_TEXT
                                             ? STREAM_FLUSH_MS : STREAM_SLOW_FLUSH_MS,
                                           on_stream_flush, call);
  return TRUE;
}

static void
on_invoke_stream (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(LfInvokeResult) invoke_result = NULL;
  g_autoptr(LfInvokeResult) kept = NULL;
  GError *error = NULL;

  invoke_result = lf_lambda_client_invoke_stream_finish (LF_LAMBDA_CLIENT (object), result, &kept,
                                                         &error);
  /* A character the stream never finished is shown as not readable. */
  if (call->stream_partial->len > 0)
    {
      g_autofree char *rest = g_utf8_make_valid ((const char *) call->stream_partial->data,
                                                 call->stream_partial->len);

      g_string_append (call->stream_text, rest);
      g_byte_array_set_size (call->stream_partial, 0);
    }
  /* A large text is made whole by the worker that reads the answer. */
  if (kept == NULL || call->stream_text->len <= LF_FORM_RUNTIME_READ_IN_THREAD_BYTES)
    flush_stream (call);
  else
    g_clear_handle_id (&call->stream_flush_id, g_source_remove);
  /* What streamed is the answer too: {{ invoke.data.Payload }} reads it as for any Invoke. */
  if (kept != NULL)
    {
      /* The text is done with here: its buffer becomes the payload, not a copy of it. */
      g_clear_pointer (&kept->payload, g_bytes_unref);
      kept->payload = g_string_free_to_bytes (g_steal_pointer (&call->stream_text));
      call->stream_text = g_string_new (NULL);
    }
  end_invoke (call, g_steal_pointer (&kept), error);
}

/* Sending ******************************************************************************/

static LfLambdaClient *
client_for (LfFormRuntime  *self,
            LfAction       *action,
            GError        **error)
{
  const char *account = lf_action_get_account (action);
  LfLambdaClient *client;

  if (account == NULL)
    account = lf_form_get_setting (self->form, "account");
  client = g_hash_table_lookup (self->clients, account ? account : "");
  if (client != NULL)
    return g_object_ref (client);

  if (self->factory == NULL)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_ACCOUNT,
                   _("Nothing provides accounts to run this form with"));
      return NULL;
    }
  client = self->factory (account, lf_form_get_setting (self->form, "region"),
                          self->factory_data, error);
  if (client == NULL)
    return NULL;
  g_hash_table_insert (self->clients, g_strdup (account ? account : ""), g_object_ref (client));
  return client;
}

static int
action_position (LfFormRuntime *self,
                 LfAction      *action)
{
  for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
    if (lf_form_get_action (self->form, i) == action)
      return i;
  return -1;
}

/* Renders one parameter as text; NULL (and no error) when absent or empty. */
static gboolean
is_blank (const char *text)
{
  for (const char *p = text ? text : ""; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static gboolean
render_parameter (LfFormRuntime  *self,
                  LfAction       *action,
                  const char     *parameter,
                  gboolean        as_json,
                  char          **out,
                  GError        **error)
{
  LfTemplate *template = lf_action_get_parameter_template (action, parameter);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;

  *out = NULL;
  if (template == NULL)
    return TRUE;
  /* An empty payload is the empty event, as the console's Test tab sends it. */
  if (as_json && is_blank (lf_action_get_parameter (action, parameter)))
    {
      *out = g_strdup ("{}");
      return TRUE;
    }
  text = as_json ? lf_template_render_json (template, self->context, &local_error)
                 : lf_template_render_text (template, self->context, &local_error);
  if (text == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("$.actions[%d].parameters.%s: %s"), action_position (self, action), parameter,
                   local_error->message);
      return FALSE;
    }
  if (text[0] != '\0')
    *out = g_steal_pointer (&text);
  return TRUE;
}

/* Every parameter, in order; the first that does not render is the error. */
static gboolean
render_plan (LfFormRuntime  *self,
             LfAction       *action,
             Plan           *plan,
             GError        **error)
{
  return render_parameter (self, action, "function_name", FALSE, &plan->function_name, error) &&
         render_parameter (self, action, "qualifier", FALSE, &plan->qualifier, error) &&
         render_parameter (self, action, "invocation_type", FALSE, &plan->invocation_type,
                           error) &&
         render_parameter (self, action, "log_type", FALSE, &plan->log_type, error) &&
         render_parameter (self, action, "stream", FALSE, &plan->stream, error) &&
         render_parameter (self, action, "payload", TRUE, &plan->payload, error) &&
         render_parameter (self, action, "client_context", FALSE, &plan->client_context, error) &&
         render_parameter (self, action, "max_items", FALSE, &plan->max_items, error);
}

/* What the rendered parameters say: the function, the Invoke request, the page limit. */
static gboolean
read_plan (LfFormRuntime  *self,
           LfAction       *action,
           Plan           *plan,
           GError        **error)
{
  LfInvokeRequest *invoke = &plan->invoke;

  if (plan->operation != LF_OPERATION_LIST_FUNCTIONS && plan->function_name == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("$.actions[%d].parameters.function_name: no function is chosen"),
                   action_position (self, action));
      return FALSE;
    }
  if (plan->operation == LF_OPERATION_INVOKE)
    {
      invoke->function_name = plan->function_name;
      invoke->qualifier = plan->qualifier;
      invoke->invocation_type = LF_INVOCATION_REQUEST_RESPONSE;
      if (plan->invocation_type != NULL &&
          !lf_invocation_type_from_string (plan->invocation_type, &invoke->invocation_type))
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("$.actions[%d].parameters.invocation_type: “%s” is not RequestResponse, "
                         "Event or DryRun"), action_position (self, action),
                       plan->invocation_type);
          return FALSE;
        }
      invoke->log_type = g_strcmp0 (plan->log_type, "Tail") == 0 ? LF_LOG_TYPE_TAIL
                                                                 : LF_LOG_TYPE_NONE;
      if (plan->stream != NULL && !g_str_equal (plan->stream, "true") &&
          !g_str_equal (plan->stream, "false"))
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("$.actions[%d].parameters.stream: “%s” is not true or false"),
                       action_position (self, action), plan->stream);
          return FALSE;
        }
      plan->streaming = g_strcmp0 (plan->stream, "true") == 0;
      invoke->client_context = plan->client_context;
      if (plan->payload != NULL)
        invoke->payload = g_bytes_new (plan->payload, strlen (plan->payload));
    }
  plan->options.max_items = plan->max_items ? (int) g_ascii_strtoll (plan->max_items, NULL, 10)
                                            : 0;
  return TRUE;
}

/* The wire's side of the request, from the client (nothing secret in it). */
static JsonNode *
describe_wire (LfLambdaClient *client,
               Plan           *plan)
{
  switch (plan->operation)
    {
    case LF_OPERATION_LIST_FUNCTIONS:
      return lf_lambda_client_describe_list_functions (client, &plan->options);
    case LF_OPERATION_GET_FUNCTION:
      return lf_lambda_client_describe_get_function (client, plan->function_name,
                                                     plan->qualifier);
    case LF_OPERATION_DELETE_FUNCTION:
      return lf_lambda_client_describe_delete_function (client, plan->function_name,
                                                        plan->qualifier);
    case LF_OPERATION_INVOKE:
      return plan->streaming ? lf_lambda_client_describe_invoke_stream (client, &plan->invoke)
                             : lf_lambda_client_describe_invoke (client, &plan->invoke);
    default:
      g_assert_not_reached ();
    }
}

/* @text as JSON when it is, else as the string it is. */
static JsonNode *
json_or_string (const char *text,
                gboolean    try_json)
{
  JsonNode *node = try_json ? lf_json_parse (text, -1, NULL) : NULL;

  return node ? node : json_node_init_string (json_node_alloc (), text);
}

/* The request as a person reads it: the wire's side (taken), then the parameters as they
 * were rendered. Returns it sealed. */
static JsonNode *
describe_request (Plan     *plan,
                  JsonNode *wire)
{
  g_autoptr(JsonNode) taken = wire;
  JsonObject *wire_object = json_node_get_object (wire);
  g_autoptr(GList) members = json_object_get_members (wire_object);
  JsonObject *object = json_object_new ();
  gboolean invoke = plan->operation == LF_OPERATION_INVOKE;
  JsonNode *node;

  /* The run history and its commands tell a streamed Invoke by its API operation. */
  json_object_set_string_member (object, "operation",
                                 plan->streaming ? "InvokeWithResponseStream"
                                                 : lf_operation_to_string (plan->operation));
  for (GList *l = members; l; l = l->next)
    json_object_set_member (object, l->data, json_object_dup_member (wire_object, l->data));
  if (plan->function_name != NULL)
    json_object_set_string_member (object, "function_name", plan->function_name);
  if (plan->qualifier != NULL)
    json_object_set_string_member (object, "qualifier", plan->qualifier);
  if (invoke)
    {
      json_object_set_string_member (object, "invocation_type",
                                     lf_invocation_type_to_string (plan->invoke.invocation_type));
      json_object_set_string_member (object, "log_type",
                                     plan->invoke.log_type == LF_LOG_TYPE_TAIL ? "Tail" : "None");
    }
  if (plan->client_context != NULL)
    json_object_set_member (object, "client_context", json_or_string (plan->client_context, TRUE));
  if (plan->options.max_items > 0)
    json_object_set_int_member (object, "max_items", plan->options.max_items);
  /* As JSON to read easily; a large one as the text it is, not read again here. */
  if (plan->payload != NULL)
    json_object_set_member (object, "payload",
                            json_or_string (plan->payload, strlen (plan->payload) <=
                                                           LF_FORM_RUNTIME_READ_IN_THREAD_BYTES));

  node = lf_json_node_take_object (object);
  json_node_seal (node);
  return node;
}

/* Records what the latest run sent (taking @request, NULL when it sent nothing). */
static void
set_request (LfFormRuntime *self,
             ActionRun     *run,
             JsonNode      *request)
{
  if (run->request == NULL && request == NULL)
    return;
  g_clear_pointer (&run->request, json_node_unref);
  run->request = request;
  _lf_form_runtime_replace_member (self, run->name, "request",
                                   request ? json_node_copy (request)
                                           : json_node_init_null (json_node_alloc ()));
  _lf_form_runtime_emit_request_changed (self, run->name);
  _lf_form_runtime_evaluate_bindings (self, run->name, "request");
}

/* Sends the call with a new cancellable for @run; its answer comes back to on_call_done or
 * on_invoke. */
static void
send_call (LfFormRuntime  *self,
           ActionRun      *run,
           LfLambdaClient *client,
           Plan           *plan)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->client = g_object_ref (client);
  call->operation = plan->operation;
  call->name = g_strdup (run->name);
  call->generation = run->generation;
  run->cancellable = g_cancellable_new ();
  g_clear_pointer (&run->stream, json_node_unref);
  run->started_us = g_get_monotonic_time ();
  g_set_object (&run->client, client);
  g_free (run->function_name);
  run->function_name = g_strdup (plan->function_name);
  g_free (run->qualifier);
  run->qualifier = g_strdup (plan->qualifier);

  switch (plan->operation)
    {
    case LF_OPERATION_LIST_FUNCTIONS:
      /* Each page shows as it comes: a long list fills in while the rest is fetched. */
      call->functions = json_array_new ();
      call->max_items = plan->options.max_items;
      lf_lambda_client_list_functions_async (client, &plan->options, on_functions_page, call,
                                             NULL, run->cancellable, on_call_done, call);
      break;
    case LF_OPERATION_GET_FUNCTION:
      lf_lambda_client_get_function_async (client, plan->function_name, plan->qualifier,
                                           run->cancellable, on_call_done, call);
      break;
    case LF_OPERATION_DELETE_FUNCTION:
      lf_lambda_client_delete_function_async (client, plan->function_name, plan->qualifier,
                                              run->cancellable, on_call_done, call);
      break;
    case LF_OPERATION_INVOKE:
      if (plan->streaming)
        {
          start_stream (call);
          lf_lambda_client_invoke_stream_async (client, &plan->invoke, take_stream_chunk, call,
                                                NULL, run->cancellable, on_invoke_stream, call);
        }
      else
        lf_lambda_client_invoke_async (client, &plan->invoke, run->cancellable, on_invoke, call);
      break;
    default:
      g_assert_not_reached ();
    }
  self->n_running++;
}

/* An action the form lists a problem in (a control it reads was deleted, a template that
 * does not parse) is never sent half-made. */
static gboolean
check_runnable (LfFormRuntime  *self,
                LfAction       *action,
                GError        **error)
{
  g_autoptr(GPtrArray) problems = lf_form_list_problems_of (self->form,
                                                            lf_action_get_name (action));
  g_autofree char *sentence = NULL;

  if (problems->len == 0)
    return TRUE;
  sentence = lf_form_problem_dup_sentence (problems->pdata[0]);
  g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
               _("This action cannot run until its problem is fixed: %s"), sentence);
  return FALSE;
}

static gboolean
start_call (LfFormRuntime  *self,
            ActionRun      *run,
            GError        **error)
{
  LfAction *action = lf_form_find_action (self->form, run->name);
  g_auto(Plan) plan = { 0 };
  g_autoptr(LfLambdaClient) client = NULL;

  if (!check_runnable (self, action, error) ||
      !_lf_form_runtime_check_controls (self, action, error))
    return FALSE;
  plan.operation = lf_action_get_operation (action);
  /* Render and read everything first: nothing is sent unless all of it is right. */
  if (!render_plan (self, action, &plan, error) || !read_plan (self, action, &plan, error))
    return FALSE;
  client = client_for (self, action, error);
  if (client == NULL)
    return FALSE;
  set_request (self, run, describe_request (&plan, describe_wire (client, &plan)));
  record_start (self, run, action, client);
  send_call (self, run, client, &plan);
  return TRUE;
}

gboolean
_lf_form_runtime_start_call (LfFormRuntime  *self,
                             ActionRun      *run,
                             GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (start_call (self, run, &local_error))
    return TRUE;
  /* Nothing was sent: an older run's request would mislead. */
  set_request (self, run, NULL);
  if (error != NULL)
    *error = g_error_copy (local_error);
  finish_run (self, run, NULL, 0, g_steal_pointer (&local_error));
  return FALSE;
}
