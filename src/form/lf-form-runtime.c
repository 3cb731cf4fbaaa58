/* lf-form-runtime.c: the runtime object: making it, user input, starting and cancelling runs
 *
 * The context and its bindings live in lf-form-runtime-context.c; a run's call and its answer
 * in lf-form-runtime-call.c. Here a run is started, superseded, debounced or cancelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lf-json-util.h"
#include "lf-form-runtime-private.h"
#include "lf-form-schema.h"

G_DEFINE_TYPE (LfFormRuntime, lf_form_runtime, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  VALUE_CHANGED,
  ACTION_STATE_CHANGED,
  ACTION_REQUEST_CHANGED,
  CONTROL_PROBLEM_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const state_names[] = { "idle", "running", "succeeded", "failed",
                                            "cancelled" };

const char *
lf_action_state_to_string (LfActionState state)
{
  g_return_val_if_fail (state <= LF_ACTION_STATE_CANCELLED, NULL);
  return state_names[state];
}

static void
action_run_free (gpointer data)
{
  ActionRun *run = data;

  if (run->cancellable != NULL)
    g_cancellable_cancel (run->cancellable);
  g_clear_object (&run->cancellable);
  g_clear_handle_id (&run->debounce_id, g_source_remove);
  g_clear_error (&run->error);
  g_clear_pointer (&run->request, json_node_unref);
  g_clear_pointer (&run->stream, json_node_unref);
  g_clear_object (&run->client);
  g_free (run->function_name);
  g_free (run->qualifier);
  g_clear_pointer (&run->history_run, lf_history_run_unref);
  g_free (run->name);
  g_free (run);
}

static void
lf_form_runtime_dispose (GObject *object)
{
  LfFormRuntime *self = (LfFormRuntime *) object;

  if (self->runs != NULL)
    g_hash_table_remove_all (self->runs);
  g_clear_pointer (&self->clients, g_hash_table_unref);
  if (self->factory_destroy != NULL)
    self->factory_destroy (self->factory_data);
  self->factory_destroy = NULL;
  self->factory = NULL;

  G_OBJECT_CLASS (lf_form_runtime_parent_class)->dispose (object);
}

static void
lf_form_runtime_finalize (GObject *object)
{
  LfFormRuntime *self = (LfFormRuntime *) object;

  _lf_form_runtime_clear_answers (self);
  g_clear_pointer (&self->runs, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_hash_table_unref);
  g_clear_pointer (&self->context, json_node_unref);
  g_clear_object (&self->form);
  g_clear_object (&self->history);
  g_free (self->history_source);
  g_free (self->form_path);

  G_OBJECT_CLASS (lf_form_runtime_parent_class)->finalize (object);
}

void
lf_form_runtime_set_history (LfFormRuntime *self,
                             LfHistory     *history,
                             const char    *source,
                             const char    *form_path)
{
  g_return_if_fail (LF_IS_FORM_RUNTIME (self));
  g_return_if_fail (history == NULL || LF_IS_HISTORY (history));

  g_set_object (&self->history, history);
  g_free (self->history_source);
  self->history_source = g_strdup (source ? source : "app");
  g_free (self->form_path);
  self->form_path = g_strdup (form_path);
}

static void
lf_form_runtime_get_gproperty (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LfFormRuntime *self = LF_FORM_RUNTIME (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, lf_form_runtime_is_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_form_runtime_class_init (LfFormRuntimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_form_runtime_dispose;
  object_class->finalize = lf_form_runtime_finalize;
  object_class->get_property = lf_form_runtime_get_gproperty;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[VALUE_CHANGED] =
    g_signal_new ("value-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING, G_TYPE_STRING);
  signals[ACTION_STATE_CHANGED] =
    g_signal_new ("action-state-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING, G_TYPE_INT);
  signals[ACTION_REQUEST_CHANGED] =
    g_signal_new ("action-request-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING);
  signals[CONTROL_PROBLEM_CHANGED] =
    g_signal_new ("control-problem-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING);
}

static void
lf_form_runtime_init (LfFormRuntime *self)
{
  self->context = lf_json_node_take_object (json_object_new ());
  g_queue_init (&self->answers);
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, action_run_free);
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->debounce_ms = LF_FORM_RUNTIME_DEFAULT_DEBOUNCE_MS;
}

void
_lf_form_runtime_update_busy (LfFormRuntime *self)
{
  gboolean busy = lf_form_runtime_is_busy (self);

  if (busy != self->busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

void
_lf_form_runtime_emit_value_changed (LfFormRuntime *self,
                                     const char    *control,
                                     const char    *member)
{
  g_signal_emit (self, signals[VALUE_CHANGED], g_quark_from_string (control), control, member);
}

void
_lf_form_runtime_emit_state_changed (LfFormRuntime *self,
                                     const char    *action,
                                     LfActionState  state)
{
  g_signal_emit (self, signals[ACTION_STATE_CHANGED], g_quark_from_string (action), action,
                 (int) state);
}

void
_lf_form_runtime_emit_request_changed (LfFormRuntime *self,
                                       const char    *action)
{
  g_signal_emit (self, signals[ACTION_REQUEST_CHANGED], g_quark_from_string (action), action);
}

/* Construction *************************************************************************/

static void
add_action_runs (LfFormRuntime *self)
{
  for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
    {
      LfAction *action = lf_form_get_action (self->form, i);
      ActionRun *run = g_new0 (ActionRun, 1);

      run->self = self;
      run->name = g_strdup (lf_action_get_name (action));
      g_hash_table_insert (self->runs, run->name, run);
      json_object_set_object_member (json_node_get_object (self->context), run->name,
                                     _lf_form_runtime_new_action_record ());
    }
}

LfFormRuntime *
lf_form_runtime_new (LfForm              *form,
                     LfClientFactoryFunc  factory,
                     gpointer             factory_data,
                     GDestroyNotify       factory_destroy)
{
  LfFormRuntime *self;

  g_return_val_if_fail (LF_IS_FORM (form), NULL);

  self = g_object_new (LF_TYPE_FORM_RUNTIME, NULL);
  self->form = g_object_ref (form);
  self->factory = factory;
  self->factory_data = factory_data;
  self->factory_destroy = factory_destroy;

  add_action_runs (self);
  for (guint i = 0; i < lf_form_get_n_controls (form); i++)
    _lf_form_runtime_add_control_record (self, lf_form_get_control (form, i));
  /* Every binding once; each change reaches its dependents as it is made. */
  _lf_form_runtime_evaluate_bindings (self, NULL, NULL);

  return self;
}

LfForm *
lf_form_runtime_get_form (LfFormRuntime *self)
{
  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), NULL);
  return self->form;
}

void
lf_form_runtime_set_debounce (LfFormRuntime *self,
                              guint          milliseconds)
{
  g_return_if_fail (LF_IS_FORM_RUNTIME (self));
  self->debounce_ms = milliseconds;
}

gboolean
lf_form_runtime_is_busy (LfFormRuntime *self)
{
  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), FALSE);
  return self->n_running > 0 || self->n_pending > 0;
}

guint
lf_form_runtime_get_n_evaluations (LfFormRuntime *self)
{
  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), 0);
  return self->n_evaluations;
}

guint
lf_form_runtime_get_n_reading (LfFormRuntime *self)
{
  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), 0);
  return self->n_reading;
}

JsonNode *
lf_form_runtime_get_context (LfFormRuntime *self)
{
  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), NULL);
  return self->context;
}

JsonNode *
lf_form_runtime_get_property (LfFormRuntime *self,
                              const char    *control,
                              const char    *property)
{
  JsonObject *record;

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), NULL);

  if (lf_form_find_control (self->form, control) == NULL)
    return NULL;
  record = _lf_form_runtime_record_of (self, control);
  return record ? json_object_get_member (record, property) : NULL;
}

JsonNode *
lf_form_runtime_get_value (LfFormRuntime *self,
                           const char    *control)
{
  return lf_form_runtime_get_property (self, control, "value");
}

JsonNode *
lf_form_runtime_dup_values (LfFormRuntime *self)
{
  JsonObject *values = json_object_new ();

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), NULL);

  for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
    {
      const char *name = lf_control_get_name (lf_form_get_control (self->form, i));
      JsonNode *value = lf_form_runtime_get_value (self, name);

      json_object_set_member (values, name, value ? json_node_copy (value)
                                              : json_node_init_null (json_node_alloc ()));
    }
  return lf_json_node_take_object (values);
}

/* User input ***************************************************************************/

static LfControl *
find_valued_control (LfFormRuntime  *self,
                     const char     *name,
                     GError        **error)
{
  LfControl *control = lf_form_find_control (self->form, name);

  if (control == NULL)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autofree char *hint = NULL;

      for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
        g_ptr_array_add (names, (gpointer) lf_control_get_name (lf_form_get_control (self->form,
                                                                                     i)));
      g_ptr_array_add (names, NULL);
      hint = lf_form_schema_suggest (name, (const char * const *) names->pdata);
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_NOT_FOUND,
                   _("The form has no control named “%s”%s"), name ? name : "", hint);
      return NULL;
    }
  if (!lf_control_get_kind (control)->has_value)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID, _("“%s” is a %s, which has no "
                                                                  "value"),
                   name, _(lf_control_get_kind (control)->display_name));
      return NULL;
    }
  return control;
}

/* Takes @problem (NULL: none). */
static void
set_problem (LfFormRuntime *self,
             const char    *control,
             char          *problem)
{
  const char *was = g_hash_table_lookup (self->problems, control);

  if (g_strcmp0 (was, problem) == 0)
    {
      g_free (problem);
      return;
    }
  if (problem != NULL)
    g_hash_table_replace (self->problems, g_strdup (control), problem);
  else
    g_hash_table_remove (self->problems, control);
  g_signal_emit (self, signals[CONTROL_PROBLEM_CHANGED], g_quark_from_string (control), control);
}

const char *
lf_form_runtime_get_control_problem (LfFormRuntime *self,
                                     const char    *control)
{
  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), NULL);
  g_return_val_if_fail (control != NULL, NULL);
  return g_hash_table_lookup (self->problems, control);
}

/* Whether a parameter of @action reads @control. */
static gboolean
action_reads (LfAction   *action,
              const char *control)
{
  const char * const *parameters = lf_operation_get_parameters (lf_action_get_operation (action));

  for (guint i = 0; parameters[i] != NULL; i++)
    {
      LfTemplate *template = lf_action_get_parameter_template (action, parameters[i]);

      if (template != NULL && lf_template_reads (template, control, NULL))
        return TRUE;
    }
  return FALSE;
}

gboolean
_lf_form_runtime_check_controls (LfFormRuntime  *self,
                                 LfAction       *action,
                                 GError        **error)
{
  g_autofree char *first = NULL;
  guint n_problems = 0;

  for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
    {
      LfControl *control = lf_form_get_control (self->form, i);
      const char *name = lf_control_get_name (control);
      char *problem;

      if (!action_reads (action, name))
        continue;
      problem = lf_control_check_value (control, lf_form_runtime_get_value (self, name));
      if (problem != NULL && n_problems++ == 0)
        first = g_strdup (problem);
      set_problem (self, name, problem);
    }
  if (n_problems == 0)
    return TRUE;
  if (n_problems == 1)
    g_set_error_literal (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID, first);
  else
    g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                 ngettext ("%s And %u more field needs attention.",
                           "%s And %u more fields need attention.", n_problems - 1),
                 first, n_problems - 1);
  return FALSE;
}

gboolean
lf_form_runtime_set_value (LfFormRuntime  *self,
                           const char     *control_name,
                           JsonNode       *value,
                           GError        **error)
{
  LfControl *control;
  const LfPropertySpec *spec;
  g_autofree char *message = NULL;

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if ((control = find_valued_control (self, control_name, error)) == NULL)
    return FALSE;
  spec = lf_control_kind_find_property (lf_control_get_kind (control), "value");
  if (!lf_property_spec_check (spec, value, &message))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID, _("The value of “%s” %s"),
                   control_name, message);
      return FALSE;
    }
  _lf_form_runtime_set_control_member (self, control, "value", json_node_copy (value));
  /* A problem goes as soon as the value fits; a new one waits for the next run. */
  if (g_hash_table_contains (self->problems, control_name))
    set_problem (self, control_name, lf_control_check_value (control, value));
  return TRUE;
}

/* @text read as a value of @type; NULL when it is not one. */
static JsonNode *
read_value (LfPropertyType  type,
            const char     *text)
{
  JsonNode *value;
  char *end = NULL;
  double number;

  switch (type)
    {
    case LF_PROPERTY_BOOLEAN:
      if (g_strv_contains ((const char * const[]) { "true", "yes", "on", "1", NULL }, text))
        return json_node_init_boolean (json_node_alloc (), TRUE);
      if (g_strv_contains ((const char * const[]) { "false", "no", "off", "0", NULL }, text))
        return json_node_init_boolean (json_node_alloc (), FALSE);
      return NULL;
    case LF_PROPERTY_NUMBER:
      number = g_ascii_strtod (text, &end);
      if (text[0] == '\0' || end == NULL || *end != '\0')
        return NULL;
      return number == (gint64) number ? json_node_init_int (json_node_alloc (), (gint64) number)
                                       : json_node_init_double (json_node_alloc (), number);
    case LF_PROPERTY_JSON:
      value = lf_json_parse (text, -1, NULL);
      return value ? value : json_node_init_string (json_node_alloc (), text);
    case LF_PROPERTY_STRING:
    case LF_PROPERTY_OPTIONS:
    case LF_PROPERTY_PATH:
    case LF_PROPERTY_ENUM:
    default:
      return json_node_init_string (json_node_alloc (), text);
    }
}

gboolean
lf_form_runtime_set_value_from_string (LfFormRuntime  *self,
                                       const char     *control_name,
                                       const char     *text,
                                       GError        **error)
{
  g_autoptr(JsonNode) value = NULL;
  LfControl *control;
  LfPropertyType type;

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if ((control = find_valued_control (self, control_name, error)) == NULL)
    return FALSE;
  type = lf_control_get_kind (control)->value_type;
  value = read_value (type, text);
  if (value == NULL)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID, _("“%s” is not %s, as “%s” takes"),
                   text, lf_property_type_to_string (type), control_name);
      return FALSE;
    }
  return lf_form_runtime_set_value (self, control_name, value, error);
}

/* Running actions **********************************************************************/

static ActionRun *
find_run (LfFormRuntime  *self,
          const char     *name,
          GError        **error)
{
  ActionRun *run = name ? g_hash_table_lookup (self->runs, name) : NULL;

  if (run == NULL)
    g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_NOT_FOUND, _("The form has no action named "
                                                                  "“%s”"),
                 name ? name : "");
  return run;
}

static void
set_state (LfFormRuntime *self,
           ActionRun     *run,
           LfActionState  state)
{
  run->state = state;
  _lf_form_runtime_replace_member (self, run->name, "state",
                                   json_node_init_string (json_node_alloc (),
                                                          state_names[state]));
  _lf_form_runtime_emit_state_changed (self, run->name, state);
  _lf_form_runtime_evaluate_bindings (self, run->name, "state");
}

/* Drops @run's wait for its debounce; FALSE when it was not waiting. */
static gboolean
unschedule (LfFormRuntime *self,
            ActionRun     *run)
{
  if (run->debounce_id == 0)
    return FALSE;
  g_clear_handle_id (&run->debounce_id, g_source_remove);
  self->n_pending--;
  return TRUE;
}

gboolean
lf_form_runtime_run_action (LfFormRuntime  *self,
                            const char     *name,
                            GError        **error)
{
  ActionRun *run;
  gboolean started;

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), FALSE);

  if ((run = find_run (self, name, error)) == NULL)
    return FALSE;

  /* The newer run wins: the older one is cancelled and its answer, if any, dropped. */
  if (run->cancellable != NULL)
    g_cancellable_cancel (run->cancellable);
  g_clear_object (&run->cancellable);
  run->generation++;
  unschedule (self, run);

  set_state (self, run, LF_ACTION_STATE_RUNNING);
  started = _lf_form_runtime_start_call (self, run, error);
  _lf_form_runtime_update_busy (self);
  return started;
}

static gboolean
on_debounced (gpointer user_data)
{
  ActionRun *run = user_data;
  LfFormRuntime *self = run->self;

  run->debounce_id = 0;
  self->n_pending--;
  lf_form_runtime_run_action (self, run->name, NULL);
  _lf_form_runtime_update_busy (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (LfFormRuntime *self,
          const char    *name)
{
  ActionRun *run = g_hash_table_lookup (self->runs, name);

  if (run == NULL)
    return;
  if (run->debounce_id != 0)
    g_source_remove (run->debounce_id);
  else
    self->n_pending++;
  run->debounce_id = g_timeout_add (self->debounce_ms, on_debounced, run);
  _lf_form_runtime_update_busy (self);
}

/* Whether @action runs on @trigger of @control (of any control when NULL). */
static gboolean
is_triggered (LfAction   *action,
              LfTrigger   trigger,
              const char *control)
{
  return lf_action_get_trigger (action) == trigger &&
         (control == NULL || g_strcmp0 (lf_action_get_trigger_control (action), control) == 0);
}

void
_lf_form_runtime_schedule_triggered (LfFormRuntime *self,
                                     LfTrigger      trigger,
                                     const char    *control)
{
  for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
    {
      LfAction *action = lf_form_get_action (self->form, i);

      if (is_triggered (action, trigger, control))
        schedule (self, lf_action_get_name (action));
    }
}

void
lf_form_runtime_start (LfFormRuntime *self,
                       gboolean       run_load_actions)
{
  g_return_if_fail (LF_IS_FORM_RUNTIME (self));

  self->started = TRUE;
  if (run_load_actions)
    _lf_form_runtime_schedule_triggered (self, LF_TRIGGER_LOAD, NULL);
}

gboolean
lf_form_runtime_click (LfFormRuntime  *self,
                       const char     *button,
                       GError        **error)
{
  LfControl *control;
  gboolean ok = TRUE;

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), FALSE);

  control = lf_form_find_control (self->form, button);
  if (control == NULL || !g_str_equal (lf_control_get_kind (control)->id, "button"))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_NOT_FOUND,
                   _("The form has no button named “%s”"), button ? button : "");
      return FALSE;
    }
  if (!lf_control_get_boolean (control, "enabled"))
    return TRUE;

  for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
    {
      LfAction *action = lf_form_get_action (self->form, i);

      if (is_triggered (action, LF_TRIGGER_CLICK, button))
        ok &= lf_form_runtime_run_action (self, lf_action_get_name (action),
                                          ok ? error : NULL);
    }
  return ok;
}

void
lf_form_runtime_cancel_action (LfFormRuntime *self,
                               const char    *name)
{
  ActionRun *run;

  g_return_if_fail (LF_IS_FORM_RUNTIME (self));

  if ((run = find_run (self, name, NULL)) == NULL)
    return;
  if (unschedule (self, run))
    _lf_form_runtime_update_busy (self);
  if (run->cancellable != NULL)
    g_cancellable_cancel (run->cancellable);
}

void
lf_form_runtime_cancel_all (LfFormRuntime *self)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (LF_IS_FORM_RUNTIME (self));

  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    lf_form_runtime_cancel_action (self, key);
}

/* Results ******************************************************************************/

gboolean
lf_form_runtime_get_action_progress (LfFormRuntime *self,
                                     const char    *action,
                                     double        *elapsed_s,
                                     guint         *timeout_s)
{
  ActionRun *run;

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), FALSE);

  run = g_hash_table_lookup (self->runs, action);
  if (run == NULL || run->state != LF_ACTION_STATE_RUNNING || run->started_us == 0)
    return FALSE;
  *elapsed_s = (g_get_monotonic_time () - run->started_us) / (double) G_USEC_PER_SEC;
  /* Learnt once per endpoint and key from the function's configuration, before the Invoke. */
  *timeout_s = run->client && run->function_name
                 ? lf_lambda_client_lookup_function_timeout (run->client, run->function_name,
                                                             run->qualifier)
                 : 0;
  return TRUE;
}

LfActionState
lf_form_runtime_get_action_state (LfFormRuntime *self,
                                  const char    *name)
{
  ActionRun *run;

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), LF_ACTION_STATE_IDLE);
  run = find_run (self, name, NULL);
  return run ? run->state : LF_ACTION_STATE_IDLE;
}

const GError *
lf_form_runtime_get_action_error (LfFormRuntime *self,
                                  const char    *name)
{
  ActionRun *run;

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), NULL);
  run = find_run (self, name, NULL);
  return run ? run->error : NULL;
}

JsonNode *
lf_form_runtime_get_action_result (LfFormRuntime *self,
                                   const char    *name)
{
  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), NULL);

  if (find_run (self, name, NULL) == NULL)
    return NULL;
  return json_object_get_member (json_node_get_object (self->context), name);
}

JsonNode *
lf_form_runtime_get_action_request (LfFormRuntime *self,
                                    const char    *name)
{
  ActionRun *run;

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), NULL);
  run = find_run (self, name, NULL);
  return run ? run->request : NULL;
}
