/* lf-form-runtime.h: a form brought to life: live values, running actions, bindings
 *
 * The runtime owns the value of every control and the last result of every action, and keeps
 * them in one JSON context that templates read:
 *
 *   { "nameField": { "value": "Ada", "text": "Ada", "label": "Name", "visible": true, … },
 *     "greet":     { "state": "succeeded", "status": 200, "data": {…}, "error": null,
 *                    "request": {…} } }
 *
 * When a value or a result changes, exactly the bindings that read it are evaluated again,
 * and "value-changed" says which control property changed. Actions run through LfLambdaClient
 * on the main loop, each run with a GCancellable of its own; a newer run of an action
 * supersedes an older one, whose result is dropped. Actions triggered by the form's load or a
 * control's change wait for a short debounce first. Nothing blocks: a large Invoke payload is
 * read in a worker thread, and answers are still applied in the order they arrive.
 *
 * Before an action sends anything, the controls it reads are checked (a required text that is
 * empty, a date that is not one): the action fails with the first problem, and each problem is
 * kept for its control until the value changes, which "control-problem-changed" (detailed by
 * the control's name) says.
 *
 * While ListFunctions runs, "data" holds the functions its pages brought so far, in the shape
 * of the final answer ({"Functions": […]}); bindings follow it page by page, and the final
 * answer replaces it when the action ends.
 *
 * "request" is what the latest run sent, as a person reads it, never with credentials:
 *   { "operation", "method", "path" (with its query), "host", "region", "headers",
 *     then the rendered parameters: "function_name", "qualifier", "invocation_type",
 *     "log_type", "client_context", "max_items", "payload" (JSON; the text when larger than
 *     LF_FORM_RUNTIME_READ_IN_THREAD_BYTES) — each only when the operation has it }
 * It is null when the run sent nothing (its parameters did not render, no account…). It is
 * there for views that show the record; forms cannot bind to it (the loader knows only
 * state, status, data and error).
 *
 * The runtime reads the form as it was when made; the editor makes a new one to run again.
 *
 *   value-changed::CONTROL (const char *control, const char *property)
 *   action-state-changed::ACTION (const char *action, LfActionState state)
 *   action-request-changed::ACTION (const char *action)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-client-factory.h"
#include "lf-form.h"
#include "lf-history.h"

G_BEGIN_DECLS

typedef enum
{
  LF_ACTION_STATE_IDLE,
  LF_ACTION_STATE_RUNNING,
  LF_ACTION_STATE_SUCCEEDED,
  LF_ACTION_STATE_FAILED,
  LF_ACTION_STATE_CANCELLED,   /* the person stopped it: neither a success nor a failure */
} LfActionState;

const char *lf_action_state_to_string (LfActionState state);

#define LF_FORM_RUNTIME_DEFAULT_DEBOUNCE_MS 300
/* Invoke payloads larger than this are read into JSON in a worker thread. */
#define LF_FORM_RUNTIME_READ_IN_THREAD_BYTES (64 * 1024)

#define LF_TYPE_FORM_RUNTIME (lf_form_runtime_get_type ())

G_DECLARE_FINAL_TYPE (LfFormRuntime, lf_form_runtime, LF, FORM_RUNTIME, GObject)

LfFormRuntime *lf_form_runtime_new                   (LfForm               *form,
                                                      LfClientFactoryFunc   factory,
                                                      gpointer              factory_data,
                                                      GDestroyNotify        factory_destroy);
LfForm        *lf_form_runtime_get_form              (LfFormRuntime        *self);
/* Records every run from here on in @history (NULL: none), as coming from @source ("app",
 * "cli") and the form at @form_path (or NULL when it has no file). */
void           lf_form_runtime_set_history           (LfFormRuntime        *self,
                                                      LfHistory            *history,
                                                      const char           *source,
                                                      const char           *form_path);
void           lf_form_runtime_set_debounce          (LfFormRuntime        *self,
                                                      guint                 milliseconds);
/* From here on changes trigger actions; with @run_load_actions the load actions are queued. */
void           lf_form_runtime_start                 (LfFormRuntime        *self,
                                                      gboolean              run_load_actions);
/* Whether an action runs or waits for its debounce. */
gboolean       lf_form_runtime_is_busy               (LfFormRuntime        *self);
/* How many bindings were evaluated so far: what tests use to see that only dependents are. */
guint          lf_form_runtime_get_n_evaluations     (LfFormRuntime        *self);
/* How many answers a worker thread is reading now: what tests use to catch that moment. */
guint          lf_form_runtime_get_n_reading         (LfFormRuntime        *self);

/* The whole context; read it, never change it. */
JsonNode      *lf_form_runtime_get_context           (LfFormRuntime        *self);
JsonNode      *lf_form_runtime_get_value             (LfFormRuntime        *self,
                                                      const char           *control);
JsonNode      *lf_form_runtime_get_property          (LfFormRuntime        *self,
                                                      const char           *control,
                                                      const char           *property);
/* {control: value} for every control, in form order (null for buttons). */
JsonNode      *lf_form_runtime_dup_values            (LfFormRuntime        *self);
/* What the user typed or chose; the value must fit the kind (a number for a number…). */
gboolean       lf_form_runtime_set_value             (LfFormRuntime        *self,
                                                      const char           *control,
                                                      JsonNode             *value,
                                                      GError              **error);
/* Text read for the control's kind: numbers, true/false, JSON for JSON views and dropdowns
 * (a bare word is taken as a string). */
gboolean       lf_form_runtime_set_value_from_string (LfFormRuntime        *self,
                                                      const char           *control,
                                                      const char           *text,
                                                      GError              **error);
/* Why @control's value kept the last action that sends it from running ("Fill in “Name”."),
 * until the value changes to one that fits; NULL when nothing is wrong with it. */
const char    *lf_form_runtime_get_control_problem   (LfFormRuntime        *self,
                                                      const char           *control);
/* Runs the actions @button triggers. */
gboolean       lf_form_runtime_click                 (LfFormRuntime        *self,
                                                      const char           *button,
                                                      GError              **error);
/* Starts @action now, superseding a run in progress. FALSE when it could not start (its
 * parameters did not render, no client): the action is then failed with that error too. */
gboolean       lf_form_runtime_run_action            (LfFormRuntime        *self,
                                                      const char           *action,
                                                      GError              **error);
void           lf_form_runtime_cancel_action         (LfFormRuntime        *self,
                                                      const char           *action);
void           lf_form_runtime_cancel_all            (LfFormRuntime        *self);
/* While @action runs: how long it has, and the function's timeout when known (0 when not, or
 * when it calls no function). FALSE when it does not run. */
gboolean       lf_form_runtime_get_action_progress   (LfFormRuntime        *self,
                                                      const char           *action,
                                                      double               *elapsed_s,
                                                      guint                *timeout_s);
LfActionState  lf_form_runtime_get_action_state      (LfFormRuntime        *self,
                                                      const char           *action);
/* The last failure of @action, or NULL. */
const GError  *lf_form_runtime_get_action_error      (LfFormRuntime        *self,
                                                      const char           *action);
/* {"state", "status", "data", "error"} as templates see it, and "request". */
JsonNode      *lf_form_runtime_get_action_result     (LfFormRuntime        *self,
                                                      const char           *action);
/* What the latest run of @action sent (see "request" above), or NULL when it sent nothing.
 * Owned by the runtime and sealed: valid until @action runs again or the runtime is
 * finalized; json_node_ref () it to keep it longer. "action-request-changed" says when it
 * changes. */
JsonNode      *lf_form_runtime_get_action_request    (LfFormRuntime        *self,
                                                      const char           *action);

G_END_DECLS
