/* lf-form-runtime.c: live values, action runs and binding re-evaluation
 *
 * The context is one JSON object with a record per control and per action. Records are never
 * changed in place: a change makes a new record, so a value some binding copied out of the
 * context can never change under it.
 *
 * Answers are applied in the order they arrive. A large Invoke payload is read into JSON in a
 * worker thread; whatever arrives meanwhile waits behind it in the queue of answers, so a
 * slow read never lets a later answer overtake an earlier one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-json-util.h"
#include "lf-aws-error.h"
#include "lf-form-runtime.h"
#include "lf-template.h"

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
} ActionRun;

typedef struct
{
  LfFormRuntime  *self;         /* a reference, so the answer always has somewhere to go */
  LfLambdaClient *client;
  char           *name;
  guint           generation;
  JsonArray      *functions;    /* ListFunctions: what the pages brought so far */
  int             max_items;
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
  guint      status;
  GError    *error;
} Answer;

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
  GQueue               answers;    /* of Answer, in arrival order */
  guint                debounce_ms;
  guint                n_running;
  guint                n_pending;
  guint                n_reading;
  guint                n_evaluations;
  gboolean             started;
  gboolean             busy;
};

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
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A node that takes @object (json_node_init_object would add a reference). */
static JsonNode *
take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonNode *
take_array (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

static const char * const state_names[] = { "idle", "running", "succeeded", "failed" };

const char *
lf_action_state_to_string (LfActionState state)
{
  g_return_val_if_fail (state <= LF_ACTION_STATE_FAILED, NULL);
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
  g_free (run->name);
  g_free (run);
}

static void
call_free (Call *call)
{
  g_object_unref (call->self);
  g_object_unref (call->client);
  g_clear_pointer (&call->functions, json_array_unref);
  g_free (call->name);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->call, call_free);
  g_clear_pointer (&answer->data, json_node_unref);
  g_clear_error (&answer->error);
  g_free (answer->name);
  g_free (answer);
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

  /* Empty by now: a waiting answer holds a reference on us. */
  g_queue_clear_full (&self->answers, (GDestroyNotify) answer_free);
  g_clear_pointer (&self->runs, g_hash_table_unref);
  g_clear_pointer (&self->context, json_node_unref);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (lf_form_runtime_parent_class)->finalize (object);
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
}

static void
lf_form_runtime_init (LfFormRuntime *self)
{
  self->context = take_object (json_object_new ());
  g_queue_init (&self->answers);
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, action_run_free);
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->debounce_ms = LF_FORM_RUNTIME_DEFAULT_DEBOUNCE_MS;
}

static void
update_busy (LfFormRuntime *self)
{
  gboolean busy = lf_form_runtime_is_busy (self);

  if (busy != self->busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

/* Records ******************************************************************************/

static JsonObject *
context_object (LfFormRuntime *self)
{
  return json_node_get_object (self->context);
}

static JsonObject *
record_of (LfFormRuntime *self,
           const char    *name)
{
  JsonNode *node = json_object_get_member (context_object (self), name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A new record with @member set to @value (taken), in the old one's member order. */
static void
replace_member (LfFormRuntime *self,
                const char    *name,
                const char    *member,
                JsonNode      *value)
{
  JsonObject *old = record_of (self, name);
  JsonObject *record = json_object_new ();
  g_autoptr(GList) members = old ? json_object_get_members (old) : NULL;
  gboolean placed = FALSE;

  for (GList *l = members; l; l = l->next)
    {
      if (g_str_equal (l->data, member))
        {
          json_object_set_member (record, member, value);
          placed = TRUE;
        }
      else
        json_object_set_member (record, l->data, json_node_copy (json_object_get_member (old,
                                                                                         l->data)));
    }
  if (!placed)
    json_object_set_member (record, member, value);
  json_object_set_object_member (context_object (self), name, record);
}

static gboolean
is_text_kind (const LfControlKind *kind)
{
  return kind->has_value && kind->value_type == LF_PROPERTY_STRING;
}

/* A path of an item property ("FunctionName", "$", "[0]") as JsonPath. */
static JsonNode *
item_at (JsonNode   *item,
         const char *path_text)
{
  g_autoptr(JsonPath) path = json_path_new ();
  g_autofree char *full = NULL;
  g_autoptr(JsonNode) matches = NULL;
  JsonArray *array;

  if (path_text == NULL || path_text[0] == '$')
    full = g_strdup (path_text ? path_text : "$");
  else if (path_text[0] == '[')
    full = g_strconcat ("$", path_text, NULL);
  else
    full = g_strconcat ("$.", path_text, NULL);
  if (!lf_json_path_compile (path, full, NULL))
    return NULL;
  matches = json_path_match (path, item);
  array = json_node_get_array (matches);
  return json_array_get_length (array) > 0 ? json_array_dup_element (array, 0) : NULL;
}

static const char *
member_string (JsonObject *record,
               const char *member)
{
  JsonNode *node = record ? json_object_get_member (record, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static void set_control_member (LfFormRuntime *self,
                                LfControl     *control,
                                const char    *member,
                                JsonNode      *value);

/* A dropdown's live options: made from its bound items when it has any, else its static ones;
 * its value follows when it is no longer one of them. */
static void
update_options (LfFormRuntime *self,
                LfControl     *control)
{
  const char *name = lf_control_get_name (control);
  JsonObject *record = record_of (self, name);
  JsonNode *items = json_object_get_member (record, "items");
  JsonNode *value = json_object_get_member (record, "value");
  JsonArray *options = json_array_new ();
  JsonNode *first = NULL;
  gboolean found = FALSE;

  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      JsonArray *array = json_node_get_array (items);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autoptr(JsonNode) label = item_at (item, member_string (record, "label_path"));
          JsonNode *option_value = item_at (item, member_string (record, "value_path"));
          JsonObject *option = json_object_new ();
          g_autofree char *text = lf_json_to_plain_text (label);

          json_object_set_string_member (option, "label", text);
          json_object_set_member (option, "value", option_value ? option_value
                                                   : json_node_init_null (json_node_alloc ()));
          json_array_add_object_element (options, option);
        }
    }
  else
    {
      JsonNode *fixed = lf_control_get_property (control, "options");

      for (guint i = 0; fixed && i < json_array_get_length (json_node_get_array (fixed)); i++)
        json_array_add_element (options,
                                json_array_dup_element (json_node_get_array (fixed), i));
    }

  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonNode *option_value = json_object_get_member (json_array_get_object_element (options, i),
                                                       "value");

      if (first == NULL)
        first = option_value;
      if (value != NULL && json_node_equal (option_value, value))
        found = TRUE;
    }
  if (first != NULL)
    first = json_node_copy (first);

  replace_member (self, name, "options", take_array (options));
  g_signal_emit (self, signals[VALUE_CHANGED], g_quark_from_string (name), name, "options");

  /* No longer a choice: the first option is, as a dropdown shows it. */
  if (first != NULL && !found)
    set_control_member (self, control, "value", first);
  else if (first != NULL)
    json_node_unref (first);
}

/* A key-value table's rows, from an object's members or a list of objects. */
static void
update_rows (LfFormRuntime *self,
             LfControl     *control)
{
  const char *name = lf_control_get_name (control);
  JsonObject *record = record_of (self, name);
  JsonNode *value = json_object_get_member (record, "value");
  JsonArray *rows = json_array_new ();

  if (value != NULL && JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l; l = l->next)
        {
          JsonObject *row = json_object_new ();

          json_object_set_string_member (row, "key", l->data);
          json_object_set_member (row, "value", json_object_dup_member (object, l->data));
          json_array_add_object_element (rows, row);
        }
    }
  else if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autoptr(JsonNode) key = item_at (item, member_string (record, "key_path"));
          JsonNode *row_value = item_at (item, member_string (record, "value_path"));
          g_autofree char *key_text = lf_json_to_plain_text (key);
          JsonObject *row = json_object_new ();

          json_object_set_string_member (row, "key", key_text);
          json_object_set_member (row, "value", row_value ? row_value
                                                : json_node_init_null (json_node_alloc ()));
          json_array_add_object_element (rows, row);
        }
    }

  replace_member (self, name, "rows", take_array (rows));
  g_signal_emit (self, signals[VALUE_CHANGED], g_quark_from_string (name), name, "rows");
}

/* Bindings *****************************************************************************/

/* What a binding gave, made to fit the property's type. Takes @node. */
static JsonNode *
coerce (LfPropertyType  type,
        JsonNode       *node)
{
  g_autoptr(JsonNode) taken = node;
  gboolean is_value = JSON_NODE_HOLDS_VALUE (node);
  GType value_type = is_value ? json_node_get_value_type (node) : G_TYPE_INVALID;

  switch (type)
    {
    case LF_PROPERTY_STRING:
    case LF_PROPERTY_ENUM:
    case LF_PROPERTY_PATH:
      if (value_type == G_TYPE_STRING)
        return g_steal_pointer (&taken);
      {
        g_autofree char *text = lf_json_to_plain_text (node);

        return json_node_init_string (json_node_alloc (), text);
      }
    case LF_PROPERTY_BOOLEAN:
      if (value_type == G_TYPE_BOOLEAN)
        return g_steal_pointer (&taken);
      if (value_type == G_TYPE_STRING)
        {
          const char * const falsy[] = { "", "false", "null", "0", NULL };

          return json_node_init_boolean (json_node_alloc (),
                                         !g_strv_contains (falsy, json_node_get_string (node)));
        }
      if (value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE)
        return json_node_init_boolean (json_node_alloc (), json_node_get_double (node) != 0);
      return json_node_init_boolean (json_node_alloc (), !JSON_NODE_HOLDS_NULL (node));
    case LF_PROPERTY_NUMBER:
      if (value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE)
        return g_steal_pointer (&taken);
      if (value_type == G_TYPE_STRING)
        {
          char *end = NULL;
          double number = g_ascii_strtod (json_node_get_string (node), &end);

          if (end != NULL && end != json_node_get_string (node) && *end == '\0')
            return json_node_init_double (json_node_alloc (), number);
        }
      return json_node_init_int (json_node_alloc (), 0);
    case LF_PROPERTY_JSON:
    case LF_PROPERTY_OPTIONS:
    default:
      return g_steal_pointer (&taken);
    }
}

static void
evaluate_binding (LfFormRuntime *self,
                  LfControl     *control,
                  const char    *property)
{
  LfTemplate *template = lf_control_get_binding_template (control, property);
  const LfPropertySpec *spec = lf_control_kind_find_property (lf_control_get_kind (control),
                                                              property);
  g_autoptr(GError) error = NULL;
  JsonNode *value;

  if (template == NULL || spec == NULL)
    return;
  self->n_evaluations++;
  value = lf_template_evaluate (template, self->context, &error);
  if (value == NULL)
    {
      /* A filter refused what it got: the property shows nothing rather than a stale value. */
      g_debug ("%s.%s: %s", lf_control_get_name (control), property, error->message);
      value = json_node_init_null (json_node_alloc ());
    }
  set_control_member (self, control, property, coerce (spec->type, value));
}

/* Evaluates again every binding that reads @name's @member (any member when NULL). */
static void
propagate (LfFormRuntime *self,
           const char    *name,
           const char    *member)
{
  for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
    {
      LfControl *control = lf_form_get_control (self->form, i);
      g_auto(GStrv) bound = lf_control_list_bindings (control);

      for (guint j = 0; bound[j]; j++)
        {
          LfTemplate *template = lf_control_get_binding_template (control, bound[j]);

          if (template != NULL && lf_template_reads (template, name, member))
            evaluate_binding (self, control, bound[j]);
        }
    }
}

static void schedule (LfFormRuntime *self,
                      const char    *action);

/* Sets one member of a control's record (taking @value), and lets what depends on it know. */
static void
set_control_member (LfFormRuntime *self,
                    LfControl     *control,
                    const char    *member,
                    JsonNode      *value)
{
  const LfControlKind *kind = lf_control_get_kind (control);
  const char *name = lf_control_get_name (control);
  JsonNode *old = json_object_get_member (record_of (self, name), member);

  if (old != NULL && json_node_equal (old, value))
    {
      json_node_unref (value);
      return;
    }

  if (g_str_equal (member, "value") && is_text_kind (kind))
    replace_member (self, name, "text", json_node_copy (value));
  replace_member (self, name, member, value);
  g_signal_emit (self, signals[VALUE_CHANGED], g_quark_from_string (name), name, member);

  if (g_str_equal (kind->id, "dropdown") &&
      (g_str_equal (member, "items") || g_str_equal (member, "label_path") ||
       g_str_equal (member, "value_path")))
    update_options (self, control);
  if (g_str_equal (kind->id, "key-value-table") && g_str_equal (member, "value"))
    update_rows (self, control);

  propagate (self, name, member);
  if (g_str_equal (member, "value") && is_text_kind (kind))
    propagate (self, name, "text");

  if (g_str_equal (member, "value") && self->started)
    for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
      {
        LfAction *action = lf_form_get_action (self->form, i);

        if (lf_action_get_trigger (action) == LF_TRIGGER_CHANGE &&
            g_strcmp0 (lf_action_get_trigger_control (action), name) == 0)
          schedule (self, lf_action_get_name (action));
      }
}

/* Construction *************************************************************************/

static JsonObject *
idle_record (void)
{
  JsonObject *record = json_object_new ();

  json_object_set_string_member (record, "state", "idle");
  json_object_set_null_member (record, "status");
  json_object_set_null_member (record, "data");
  json_object_set_null_member (record, "error");
  json_object_set_null_member (record, "request");
  return record;
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

  for (guint i = 0; i < lf_form_get_n_actions (form); i++)
    {
      LfAction *action = lf_form_get_action (form, i);
      ActionRun *run = g_new0 (ActionRun, 1);

      run->self = self;
      run->name = g_strdup (lf_action_get_name (action));
      g_hash_table_insert (self->runs, run->name, run);
      json_object_set_object_member (context_object (self), run->name, idle_record ());
    }

  for (guint i = 0; i < lf_form_get_n_controls (form); i++)
    {
      LfControl *control = lf_form_get_control (form, i);
      const LfControlKind *kind = lf_control_get_kind (control);
      g_autofree const char **names = lf_control_kind_list_properties (kind);
      JsonObject *record = json_object_new ();

      for (guint j = 0; names[j]; j++)
        json_object_set_member (record, names[j],
                                json_node_copy (lf_control_get_property (control, names[j])));
      if (!kind->has_value)
        json_object_set_null_member (record, "value");
      if (is_text_kind (kind))
        json_object_set_member (record, "text",
                                json_object_dup_member (record, "value"));
      json_object_set_object_member (context_object (self), lf_control_get_name (control),
                                     record);
      if (g_str_equal (kind->id, "dropdown"))
        update_options (self, control);
      if (g_str_equal (kind->id, "key-value-table"))
        update_rows (self, control);
    }

  /* Every binding once; each change reaches its dependents as it is made. */
  for (guint i = 0; i < lf_form_get_n_controls (form); i++)
    {
      LfControl *control = lf_form_get_control (form, i);
      g_auto(GStrv) bound = lf_control_list_bindings (control);

      for (guint j = 0; bound[j]; j++)
        evaluate_binding (self, control, bound[j]);
    }

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
  record = record_of (self, control);
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
  return take_object (values);
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
      const char *suggestion;

      for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
        g_ptr_array_add (names, (gpointer) lf_control_get_name (lf_form_get_control (self->form,
                                                                                     i)));
      g_ptr_array_add (names, NULL);
      suggestion = lf_template_suggest (name, (const char * const *) names->pdata);
      hint = suggestion ? g_strdup_printf (_(" (did you mean “%s”?)"), suggestion) : NULL;
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_NOT_FOUND,
                   _("The form has no control named “%s”%s"), name ? name : "", hint ? hint : "");
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
  set_control_member (self, control, "value", json_node_copy (value));
  return TRUE;
}

gboolean
lf_form_runtime_set_value_from_string (LfFormRuntime  *self,
                                       const char     *control_name,
                                       const char     *text,
                                       GError        **error)
{
  g_autoptr(JsonNode) value = NULL;
  LfControl *control;

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if ((control = find_valued_control (self, control_name, error)) == NULL)
    return FALSE;

  switch (lf_control_get_kind (control)->value_type)
    {
    case LF_PROPERTY_BOOLEAN:
      if (g_strv_contains ((const char * const[]) { "true", "yes", "on", "1", NULL }, text))
        value = json_node_init_boolean (json_node_alloc (), TRUE);
      else if (g_strv_contains ((const char * const[]) { "false", "no", "off", "0", NULL }, text))
        value = json_node_init_boolean (json_node_alloc (), FALSE);
      break;
    case LF_PROPERTY_NUMBER:
      {
        char *end = NULL;
        double number = g_ascii_strtod (text, &end);

        if (text[0] != '\0' && end != NULL && *end == '\0')
          value = number == (gint64) number
                  ? json_node_init_int (json_node_alloc (), (gint64) number)
                  : json_node_init_double (json_node_alloc (), number);
      }
      break;
    case LF_PROPERTY_JSON:
      value = lf_json_parse (text, -1, NULL);
      if (value == NULL)
        value = json_node_init_string (json_node_alloc (), text);
      break;
    case LF_PROPERTY_STRING:
    case LF_PROPERTY_OPTIONS:
    case LF_PROPERTY_PATH:
    case LF_PROPERTY_ENUM:
    default:
      value = json_node_init_string (json_node_alloc (), text);
      break;
    }

  if (value == NULL)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID, _("“%s” is not %s, as “%s” takes"),
                   text, lf_property_type_to_string (lf_control_get_kind (control)->value_type),
                   control_name);
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

static JsonNode *
error_to_json (const GError *error)
{
  JsonObject *object = json_object_new ();
  const char *domain = "form";

  if (error->domain == LF_AWS_ERROR)
    domain = "aws";
  else if (error->domain == LF_TEMPLATE_ERROR)
    domain = "template";
  json_object_set_string_member (object, "message", error->message);
  json_object_set_string_member (object, "domain", domain);
  json_object_set_int_member (object, "code", error->code);
  if (error->domain == LF_AWS_ERROR)
    {
      const char *aws_code = lf_aws_error_get_aws_code (error);
      const char *aws_message = lf_aws_error_get_aws_message (error);
      const char *request_id = lf_aws_error_get_request_id (error);

      if (aws_code != NULL)
        json_object_set_string_member (object, "aws_code", aws_code);
      /* The service's own sentence, whatever format it came in. */
      if (aws_message != NULL)
        json_object_set_string_member (object, "aws_message", aws_message);
      if (lf_aws_error_get_http_status (error) != 0)
        json_object_set_int_member (object, "http_status", lf_aws_error_get_http_status (error));
      if (request_id != NULL)
        json_object_set_string_member (object, "request_id", request_id);
      /* Not sent again behind the person's back: the view offers to run it again. */
      json_object_set_boolean_member (object, "may_have_run",
                                      lf_aws_error_get_may_have_run (error));
    }
  return take_object (object);
}

static void
set_state (LfFormRuntime *self,
           ActionRun     *run,
           LfActionState  state)
{
  run->state = state;
  replace_member (self, run->name, "state", json_node_init_string (json_node_alloc (),
                                                                   state_names[state]));
  g_signal_emit (self, signals[ACTION_STATE_CHANGED], g_quark_from_string (run->name), run->name,
                 (int) state);
  propagate (self, run->name, "state");
}

/* Stores a run's end (taking @data and @error) and does what follows it. */
static void
finish_run (LfFormRuntime *self,
            ActionRun     *run,
            JsonNode      *data,
            guint          status,
            GError        *error)
{
  LfAction *action = lf_form_find_action (self->form, run->name);
  g_autofree char *name = g_strdup (run->name);
  JsonObject *record = idle_record ();

  g_clear_object (&run->cancellable);
  g_clear_error (&run->error);
  run->error = error;
  run->state = error ? LF_ACTION_STATE_FAILED : LF_ACTION_STATE_SUCCEEDED;

  json_object_set_string_member (record, "state", state_names[run->state]);
  if (status == 0 && error != NULL && error->domain == LF_AWS_ERROR)
    status = lf_aws_error_get_http_status (error);
  if (status != 0)
    json_object_set_int_member (record, "status", status);
  if (data != NULL)
    json_object_set_member (record, "data", data);
  if (error != NULL)
    json_object_set_member (record, "error", error_to_json (error));
  if (run->request != NULL)
    json_object_set_member (record, "request", json_node_copy (run->request));
  json_object_set_object_member (context_object (self), name, record);

  g_signal_emit (self, signals[ACTION_STATE_CHANGED], g_quark_from_string (name), name,
                 (int) run->state);
  propagate (self, name, NULL);

  if (error == NULL)
    {
      g_auto(GStrv) sets = lf_action_list_success_sets (action);

      for (guint i = 0; sets[i]; i++)
        {
          LfControl *control = lf_form_find_control (self->form, sets[i]);
          LfTemplate *template = lf_action_get_success_set_template (action, sets[i]);
          g_autoptr(GError) local_error = NULL;
          JsonNode *value;

          if (control == NULL || template == NULL)
            continue;
          value = lf_template_evaluate (template, self->context, &local_error);
          if (value == NULL)
            value = json_node_init_null (json_node_alloc ());
          set_control_member (self, control, "value",
                              coerce (lf_control_get_kind (control)->value_type, value));
        }
      if (lf_action_get_success_action (action) != NULL)
        lf_form_runtime_run_action (self, lf_action_get_success_action (action), NULL);
    }
  else if (lf_action_get_error_control (action) != NULL)
    {
      LfControl *control = lf_form_find_control (self->form, lf_action_get_error_control (action));

      if (control != NULL)
        set_control_member (self, control, "value",
                            json_node_init_string (json_node_alloc (), error->message));
    }
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
    update_busy (self);
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
  replace_member (self, run->name, "data", g_steal_pointer (&answer->data));
  propagate (self, run->name, "data");
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
  finish_run (self, run, g_steal_pointer (&answer->data), answer->status,
              g_steal_pointer (&answer->error));
  update_busy (self);
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

/* Queues the end of @call's run (taking @call, @data and @error). */
static Answer *
queue_end (Call     *call,
           JsonNode *data,
           guint     status,
           GError   *error)
{
  LfFormRuntime *self = call->self;
  Answer *answer = g_new0 (Answer, 1);

  answer->call = call;
  answer->data = data;
  answer->status = status;
  answer->error = error;
  answer->ready = TRUE;
  if (!g_queue_is_empty (&self->answers))
    g_debug ("%s: its answer waits for one before it", call->name);
  g_queue_push_tail (&self->answers, answer);
  return answer;
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

  answer = g_new0 (Answer, 1);
  answer->name = g_strdup (call->name);
  answer->generation = call->generation;
  answer->data = take_object (object);
  answer->ready = TRUE;
  g_queue_push_tail (&call->self->answers, answer);
  apply_answers (call->self);
}

static void
on_list_functions (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Call *call = user_data;
  LfFormRuntime *self = call->self;
  GError *error = NULL;
  JsonNode *data = lf_lambda_client_list_functions_finish (LF_LAMBDA_CLIENT (object), result,
                                                          &error);

  queue_end (call, data, data ? 200 : 0, error);
  apply_answers (self);
}

static void
on_get_function (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Call *call = user_data;
  LfFormRuntime *self = call->self;
  GError *error = NULL;
  JsonNode *data = lf_lambda_client_get_function_finish (LF_LAMBDA_CLIENT (object), result,
                                                        &error);

  queue_end (call, data, data ? 200 : 0, error);
  apply_answers (self);
}

/* In a worker: the payload, however large, read into the answer's JSON. Only the task's own
 * copy of the result is touched here. */
static void
read_invoke_result (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  if (g_cancellable_is_cancelled (cancellable))
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, lf_invoke_result_to_json (task_data),
                           (GDestroyNotify) json_node_unref);
}

static void
on_invoke_result_read (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Answer *answer = user_data;
  LfFormRuntime *self = answer->call->self;

  /* The queue keeps @answer until it is ready, and it keeps us. */
  answer->data = g_task_propagate_pointer (G_TASK (result), NULL);
  answer->ready = TRUE;
  self->n_reading--;
  apply_answers (self);
}

static void
on_invoke (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;
  LfFormRuntime *self = call->self;
  g_autoptr(LfInvokeResult) invoke_result = NULL;
  g_autoptr(LfInvokeResult) kept = NULL;
  GError *error = NULL;
  g_autoptr(GTask) task = NULL;
  ActionRun *run;
  Answer *answer;

  invoke_result = lf_lambda_client_invoke_finish (LF_LAMBDA_CLIENT (object), result, &kept, &error);
  run = current_run (self, call->name, call->generation);
  if (run == NULL)
    {
      /* Superseded: it is dropped, but in its turn. */
      queue_end (call, NULL, 0, error);
      apply_answers (self);
      return;
    }
  /* A function error still has an answer: keep it beside the error. */
  if (kept == NULL || kept->payload == NULL ||
      g_bytes_get_size (kept->payload) <= LF_FORM_RUNTIME_READ_IN_THREAD_BYTES)
    {
      queue_end (call, kept ? lf_invoke_result_to_json (kept) : NULL,
                 kept ? kept->status_code : 0, error);
      apply_answers (self);
      return;
    }

  /* A large payload would stall the window while it is read: a worker reads it, and the
   * answer waits in the queue meanwhile, holding its place. */
  answer = queue_end (call, NULL, kept->status_code, error);
  answer->ready = FALSE;
  answer->read_in_thread = TRUE;
  self->n_reading++;
  /* No source object: the worker may drop the task last, and we must not be finalized off
   * the main thread. The run's cancellable lets a cancelled read stop before it starts. */
  task = g_task_new (NULL, run->cancellable, on_invoke_result_read, answer);
  g_task_set_source_tag (task, on_invoke);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_steal_pointer (&kept), (GDestroyNotify) lf_invoke_result_free);
  g_task_run_in_thread (task, read_invoke_result);
}

static void
on_delete_function (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Call *call = user_data;
  LfFormRuntime *self = call->self;
  GError *error = NULL;
  gboolean deleted = lf_lambda_client_delete_function_finish (LF_LAMBDA_CLIENT (object), result,
                                                              &error);

  queue_end (call, deleted ? take_object (json_object_new ()) : NULL, deleted ? 204 : 0, error);
  apply_answers (self);
}

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

/* The request as a person reads it: the wire's side from the client (nothing secret in it),
 * then the parameters as they were rendered. Takes @wire; returns it sealed. */
static JsonNode *
describe_request (LfOperation  operation,
                  JsonNode    *wire,
                  const char  *function_name,
                  const char  *qualifier,
                  const char  *invocation_type,
                  const char  *log_type,
                  const char  *client_context,
                  int          max_items,
                  const char  *payload)
{
  g_autoptr(JsonNode) taken = wire;
  JsonObject *wire_object = json_node_get_object (wire);
  g_autoptr(GList) members = json_object_get_members (wire_object);
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_string_member (object, "operation", lf_operation_to_string (operation));
  for (GList *l = members; l; l = l->next)
    json_object_set_member (object, l->data, json_object_dup_member (wire_object, l->data));
  if (function_name != NULL)
    json_object_set_string_member (object, "function_name", function_name);
  if (qualifier != NULL)
    json_object_set_string_member (object, "qualifier", qualifier);
  if (invocation_type != NULL)
    json_object_set_string_member (object, "invocation_type", invocation_type);
  if (log_type != NULL)
    json_object_set_string_member (object, "log_type", log_type);
  if (client_context != NULL)
    {
      node = lf_json_parse (client_context, -1, NULL);
      json_object_set_member (object, "client_context",
                              node ? node : json_node_init_string (json_node_alloc (),
                                                                   client_context));
    }
  if (max_items > 0)
    json_object_set_int_member (object, "max_items", max_items);
  if (payload != NULL)
    {
      /* As JSON to read easily; a large one as the text it is, not read again here. */
      node = strlen (payload) <= LF_FORM_RUNTIME_READ_IN_THREAD_BYTES
             ? lf_json_parse (payload, -1, NULL) : NULL;
      json_object_set_member (object, "payload",
                              node ? node : json_node_init_string (json_node_alloc (), payload));
    }

  node = take_object (object);
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
  replace_member (self, run->name, "request",
                  request ? json_node_copy (request) : json_node_init_null (json_node_alloc ()));
  g_signal_emit (self, signals[ACTION_REQUEST_CHANGED], g_quark_from_string (run->name),
                 run->name);
  propagate (self, run->name, "request");
}

static gboolean
start_call (LfFormRuntime  *self,
            LfAction       *action,
            ActionRun      *run,
            GError        **error)
{
  g_autoptr(LfLambdaClient) client = NULL;
  g_autofree char *function_name = NULL;
  g_autofree char *qualifier = NULL;
  g_autofree char *invocation_type = NULL;
  g_autofree char *log_type = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *client_context = NULL;
  g_autofree char *max_items = NULL;
  g_autoptr(GBytes) bytes = NULL;
  LfOperation operation = lf_action_get_operation (action);
  LfListFunctionsOptions options = { 0 };
  LfInvokeRequest request = { 0 };
  JsonNode *wire = NULL;
  Call *call;

  /* Render everything first: nothing is sent unless all of it is right. */
  if (!render_parameter (self, action, "function_name", FALSE, &function_name, error) ||
      !render_parameter (self, action, "qualifier", FALSE, &qualifier, error) ||
      !render_parameter (self, action, "invocation_type", FALSE, &invocation_type, error) ||
      !render_parameter (self, action, "log_type", FALSE, &log_type, error) ||
      !render_parameter (self, action, "payload", TRUE, &payload, error) ||
      !render_parameter (self, action, "client_context", FALSE, &client_context, error) ||
      !render_parameter (self, action, "max_items", FALSE, &max_items, error))
    return FALSE;

  if (operation != LF_OPERATION_LIST_FUNCTIONS && function_name == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("$.actions[%d].parameters.function_name: no function is chosen"),
                   action_position (self, action));
      return FALSE;
    }

  if (operation == LF_OPERATION_INVOKE)
    {
      request.function_name = function_name;
      request.qualifier = qualifier;
      request.invocation_type = LF_INVOCATION_REQUEST_RESPONSE;
      if (invocation_type != NULL &&
          !lf_invocation_type_from_string (invocation_type, &request.invocation_type))
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("$.actions[%d].parameters.invocation_type: “%s” is not RequestResponse, "
                         "Event or DryRun"), action_position (self, action), invocation_type);
          return FALSE;
        }
      request.log_type = g_strcmp0 (log_type, "Tail") == 0 ? LF_LOG_TYPE_TAIL : LF_LOG_TYPE_NONE;
      request.client_context = client_context;
      if (payload != NULL)
        bytes = g_bytes_new (payload, strlen (payload));
      request.payload = bytes;
    }
  options.max_items = max_items ? (int) g_ascii_strtoll (max_items, NULL, 10) : 0;

  client = client_for (self, action, error);
  if (client == NULL)
    return FALSE;

  switch (operation)
    {
    case LF_OPERATION_LIST_FUNCTIONS:
      wire = lf_lambda_client_describe_list_functions (client, &options);
      break;
    case LF_OPERATION_GET_FUNCTION:
      wire = lf_lambda_client_describe_get_function (client, function_name, qualifier);
      break;
    case LF_OPERATION_DELETE_FUNCTION:
      wire = lf_lambda_client_describe_delete_function (client, function_name, qualifier);
      break;
    case LF_OPERATION_INVOKE:
      wire = lf_lambda_client_describe_invoke (client, &request);
      break;
    default:
      g_assert_not_reached ();
    }
  set_request (self, run,
               describe_request (operation, wire, function_name, qualifier,
                                 operation == LF_OPERATION_INVOKE
                                   ? lf_invocation_type_to_string (request.invocation_type) : NULL,
                                 operation == LF_OPERATION_INVOKE
                                   ? (request.log_type == LF_LOG_TYPE_TAIL ? "Tail" : "None")
                                   : NULL,
                                 client_context, options.max_items, payload));

  call = g_new0 (Call, 1);
  call->self = g_object_ref (self);
  call->client = g_object_ref (client);
  call->name = g_strdup (run->name);
  call->generation = run->generation;
  run->cancellable = g_cancellable_new ();

  switch (operation)
    {
    case LF_OPERATION_LIST_FUNCTIONS:
      /* Each page shows as it comes: a long list fills in while the rest is fetched. */
      call->functions = json_array_new ();
      call->max_items = options.max_items;
      lf_lambda_client_list_functions_async (client, &options, on_functions_page, call, NULL,
                                             run->cancellable, on_list_functions, call);
      break;
    case LF_OPERATION_GET_FUNCTION:
      lf_lambda_client_get_function_async (client, function_name, qualifier, run->cancellable,
                                           on_get_function, call);
      break;
    case LF_OPERATION_DELETE_FUNCTION:
      lf_lambda_client_delete_function_async (client, function_name, qualifier, run->cancellable,
                                              on_delete_function, call);
      break;
    case LF_OPERATION_INVOKE:
      lf_lambda_client_invoke_async (client, &request, run->cancellable, on_invoke, call);
      break;
    default:
      g_assert_not_reached ();
    }

  self->n_running++;
  return TRUE;
}

gboolean
lf_form_runtime_run_action (LfFormRuntime  *self,
                            const char     *name,
                            GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  LfAction *action;
  ActionRun *run;

  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), FALSE);

  if ((run = find_run (self, name, error)) == NULL)
    return FALSE;
  action = lf_form_find_action (self->form, name);

  /* The newer run wins: the older one is cancelled and its answer, if any, dropped. */
  if (run->cancellable != NULL)
    g_cancellable_cancel (run->cancellable);
  g_clear_object (&run->cancellable);
  run->generation++;
  if (run->debounce_id != 0)
    {
      g_clear_handle_id (&run->debounce_id, g_source_remove);
      self->n_pending--;
    }

  set_state (self, run, LF_ACTION_STATE_RUNNING);
  if (!start_call (self, action, run, &local_error))
    {
      /* Nothing was sent: an older run's request would mislead. */
      set_request (self, run, NULL);
      if (error != NULL)
        *error = g_error_copy (local_error);
      finish_run (self, run, NULL, 0, g_steal_pointer (&local_error));
      update_busy (self);
      return FALSE;
    }
  update_busy (self);
  return TRUE;
}

static gboolean
on_debounced (gpointer user_data)
{
  ActionRun *run = user_data;
  LfFormRuntime *self = run->self;

  run->debounce_id = 0;
  self->n_pending--;
  lf_form_runtime_run_action (self, run->name, NULL);
  update_busy (self);
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
  update_busy (self);
}

void
lf_form_runtime_start (LfFormRuntime *self,
                       gboolean       run_load_actions)
{
  g_return_if_fail (LF_IS_FORM_RUNTIME (self));

  self->started = TRUE;
  if (!run_load_actions)
    return;
  for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
    {
      LfAction *action = lf_form_get_action (self->form, i);

      if (lf_action_get_trigger (action) == LF_TRIGGER_LOAD)
        schedule (self, lf_action_get_name (action));
    }
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

      if (lf_action_get_trigger (action) == LF_TRIGGER_CLICK &&
          g_strcmp0 (lf_action_get_trigger_control (action), button) == 0)
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
  if (run->debounce_id != 0)
    {
      g_clear_handle_id (&run->debounce_id, g_source_remove);
      self->n_pending--;
      update_busy (self);
    }
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
  return json_object_get_member (context_object (self), name);
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

guint
lf_form_runtime_get_n_reading (LfFormRuntime *self)
{
  g_return_val_if_fail (LF_IS_FORM_RUNTIME (self), 0);
  return self->n_reading;
}
