/* lf-form-runtime-private.h: what the runtime's files share
 *
 * lf-form-runtime.c is the object and its public face: making it, user input, starting,
 * debouncing and cancelling runs. lf-form-runtime-context.c keeps the context: a record per
 * control and per action, and the bindings each change reaches. lf-form-runtime-call.c sends
 * a run's call and applies what comes back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-form-runtime.h"
#include "lf-history.h"
#include "lf-template.h"

G_BEGIN_DECLS

typedef struct
{
  LfFormRuntime *self;          /* not a reference: the runtime owns the run */
  char          *name;
  LfActionState  state;
  GCancellable  *cancellable;   /* of the run in progress */
  guint          generation;    /* bumped by every run; older answers are dropped */
  guint          debounce_id;
  GError        *error;
  JsonNode      *request;       /* what the latest run sent, sealed; NULL when it sent nothing */
  JsonNode      *stream;        /* a streamed Invoke's {"text", "bytes", "chunks"}, or NULL */
  LfHistoryRun  *history_run;   /* its row in the run history, while it runs */
  /* An Invoke in progress: since when, and what its client knows of the function's timeout. */
  gint64          started_us;
  LfLambdaClient *client;
  char           *function_name;
  char           *qualifier;
} ActionRun;

struct _LfFormRuntime
{
  GObject              parent_instance;

  LfForm              *form;
  LfClientFactoryFunc  factory;
  gpointer             factory_data;
  GDestroyNotify       factory_destroy;

  JsonNode            *context;
  GHashTable          *runs;       /* action name -> ActionRun */
  GHashTable          *clients;    /* account name ("" for none) -> LfLambdaClient */
  GQueue               answers;    /* of answers in arrival order (lf-form-runtime-call.c) */
  guint                debounce_ms;
  guint                n_running;
  guint                n_pending;
  guint                n_reading;
  guint                n_evaluations;
  gboolean             started;
  gboolean             busy;

  GHashTable          *problems;   /* control name -> why its value cannot be sent */
  LfHistory           *history;    /* where runs are recorded, or NULL */
  char                *history_source;
  char                *form_path;
};

/* lf-form-runtime.c */
void        _lf_form_runtime_update_busy          (LfFormRuntime  *self);
void        _lf_form_runtime_emit_value_changed   (LfFormRuntime  *self,
                                                   const char     *control,
                                                   const char     *member);
void        _lf_form_runtime_emit_state_changed   (LfFormRuntime  *self,
                                                   const char     *action,
                                                   LfActionState   state);
void        _lf_form_runtime_emit_request_changed (LfFormRuntime  *self,
                                                   const char     *action);
/* Checks the controls @action sends (lf_control_check_value ()): each problem is kept for the
 * control to show; the first is the error. */
gboolean    _lf_form_runtime_check_controls       (LfFormRuntime  *self,
                                                   LfAction       *action,
                                                   GError        **error);
/* Queues, after the debounce, every action that @trigger on @control sets off. */
void        _lf_form_runtime_schedule_triggered   (LfFormRuntime  *self,
                                                   LfTrigger       trigger,
                                                   const char     *control);

/* lf-form-runtime-context.c */

JsonObject *_lf_form_runtime_record_of            (LfFormRuntime  *self,
                                                   const char     *name);
/* The record of an action that has not run: state "idle", the rest null. */
JsonObject *_lf_form_runtime_new_action_record    (void);
void        _lf_form_runtime_add_control_record   (LfFormRuntime  *self,
                                                   LfControl      *control);
/* A new record with @member set to @value (taken), in the old one's member order. */
void        _lf_form_runtime_replace_member       (LfFormRuntime  *self,
                                                   const char     *name,
                                                   const char     *member,
                                                   JsonNode       *value);
/* Sets one member of a control's record (taking @value), and lets what depends on it know. */
void        _lf_form_runtime_set_control_member   (LfFormRuntime  *self,
                                                   LfControl      *control,
                                                   const char     *member,
                                                   JsonNode       *value);
/* Sets @control's @member to what @template gives, made to fit @type; null when it fails. */
void        _lf_form_runtime_set_evaluated        (LfFormRuntime  *self,
                                                   LfControl      *control,
                                                   const char     *member,
                                                   LfPropertyType  type,
                                                   LfTemplate     *template);
/* Evaluates again every binding that reads @name's @member (any member when NULL); every
 * binding of the form when @name is NULL. */
void        _lf_form_runtime_evaluate_bindings    (LfFormRuntime  *self,
                                                   const char     *name,
                                                   const char     *member);

/* lf-form-runtime-call.c */
/* Sends @run's call. When it cannot (its parameters do not render, no client), nothing is
 * sent and the run ends failed with that error. */
gboolean    _lf_form_runtime_start_call           (LfFormRuntime  *self,
                                                   ActionRun      *run,
                                                   GError        **error);
/* Drops answers still waiting; by finalize there are none, as each holds a reference. */
void        _lf_form_runtime_clear_answers        (LfFormRuntime  *self);

G_END_DECLS
