/* lf-editor-context.c: what the editor's panes share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-editor-context.h"
#include "lf-form-schema.h"
#include "lf-json-util.h"

/* The picker lists at most this many paths: a huge answer must not make a huge menu. */
#define MAX_PATHS 400

struct _LfEditorContext
{
  GObject              parent_instance;

  LfForm              *form;
  LfControl           *selected;
  LfFormRuntime       *runtime;
  LfClientFactoryFunc  factory;
  gpointer             factory_data;
  GDestroyNotify       factory_destroy;
  GStrv                accounts;
  LfHistory           *history;
};

G_DEFINE_FINAL_TYPE (LfEditorContext, lf_editor_context, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FORM,
  PROP_SELECTED_CONTROL,
  PROP_RUNTIME,
  PROP_ACCOUNTS,
  N_PROPS
};

enum
{
  CONTROLS_CHANGED,
  CONTROL_CHANGED,
  ACTIONS_CHANGED,
  SETTINGS_CHANGED,
  RESULTS_CHANGED,
  SHOW_PART,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
drop_runtime (LfEditorContext *self)
{
  if (self->runtime == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->runtime, self);
  lf_form_runtime_cancel_all (self->runtime);
  g_clear_object (&self->runtime);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNTIME]);
}

static void
drop_factory (LfEditorContext *self)
{
  if (self->factory_destroy != NULL)
    g_clear_pointer (&self->factory_data, self->factory_destroy);
  self->factory = NULL;
  self->factory_data = NULL;
  self->factory_destroy = NULL;
}

static void
lf_editor_context_dispose (GObject *object)
{
  LfEditorContext *self = (LfEditorContext *) object;

  drop_runtime (self);
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->selected);
  g_clear_object (&self->form);
  drop_factory (self);
  g_clear_pointer (&self->accounts, g_strfreev);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (lf_editor_context_parent_class)->dispose (object);
}

static void
lf_editor_context_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LfEditorContext *self = LF_EDITOR_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_FORM:
      g_value_set_object (value, self->form);
      break;
    case PROP_SELECTED_CONTROL:
      g_value_set_object (value, self->selected);
      break;
    case PROP_RUNTIME:
      g_value_set_object (value, self->runtime);
      break;
    case PROP_ACCOUNTS:
      g_value_set_boxed (value, self->accounts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_editor_context_class_init (LfEditorContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_editor_context_dispose;
  object_class->get_property = lf_editor_context_get_property;

  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, LF_TYPE_FORM,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_CONTROL] =
    g_param_spec_object ("selected-control", NULL, NULL, LF_TYPE_CONTROL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNTIME] =
    g_param_spec_object ("runtime", NULL, NULL, LF_TYPE_FORM_RUNTIME,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACCOUNTS] =
    g_param_spec_boxed ("accounts", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONTROLS_CHANGED] =
    g_signal_new ("controls-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  signals[CONTROL_CHANGED] =
    g_signal_new ("control-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, LF_TYPE_CONTROL, G_TYPE_STRING);
  signals[ACTIONS_CHANGED] =
    g_signal_new ("actions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  signals[SETTINGS_CHANGED] =
    g_signal_new ("settings-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[RESULTS_CHANGED] =
    g_signal_new ("results-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  signals[SHOW_PART] =
    g_signal_new ("show-part", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lf_editor_context_init (LfEditorContext *self)
{
}

LfEditorContext *
lf_editor_context_new (void)
{
  return g_object_new (LF_TYPE_EDITOR_CONTEXT, NULL);
}

/* The form's signals, passed on *********************************************************/

static void
on_controls_changed (LfEditorContext *self)
{
  g_signal_emit (self, signals[CONTROLS_CHANGED], 0);
}

static void
on_control_removed (LfEditorContext *self,
                    LfControl       *control,
                    guint            position)
{
  guint n = lf_form_get_n_controls (self->form);

  /* The selection goes to the neighbour, as in a list when the current item is removed. */
  if (control == self->selected)
    lf_editor_context_set_selected_control (self, n == 0 ? NULL
                                            : lf_form_get_control (self->form,
                                                                   MIN (position, n - 1)));
  g_signal_emit (self, signals[CONTROLS_CHANGED], 0);
}

static void
on_control_changed (LfEditorContext *self,
                    LfControl       *control,
                    const char      *member)
{
  g_signal_emit (self, signals[CONTROL_CHANGED], 0, control, member);
}

static void
on_actions_changed (LfEditorContext *self)
{
  g_signal_emit (self, signals[ACTIONS_CHANGED], 0);
}

static void
on_setting_changed (LfEditorContext *self,
                    const char      *name)
{
  g_signal_emit (self, signals[SETTINGS_CHANGED], 0, name);
}

/* After the form's other listeners (the canvas redraws its rows first), so the panes see the
 * form and the canvas as they now are. */
static void
listen (LfEditorContext *self,
        const char      *signal,
        GCallback        handler)
{
  g_signal_connect_data (self->form, signal, handler, self, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
connect_form (LfEditorContext *self)
{
  listen (self, "control-added", G_CALLBACK (on_controls_changed));
  listen (self, "control-moved", G_CALLBACK (on_controls_changed));
  listen (self, "control-removed", G_CALLBACK (on_control_removed));
  listen (self, "control-property-changed", G_CALLBACK (on_control_changed));
  listen (self, "action-added", G_CALLBACK (on_actions_changed));
  listen (self, "action-removed", G_CALLBACK (on_actions_changed));
  listen (self, "action-changed", G_CALLBACK (on_actions_changed));
  listen (self, "setting-changed", G_CALLBACK (on_setting_changed));
}

void
lf_editor_context_set_accounts (LfEditorContext    *self,
                                const char * const *accounts)
{
  g_return_if_fail (LF_IS_EDITOR_CONTEXT (self));

  g_strfreev (self->accounts);
  self->accounts = g_strdupv ((char **) accounts);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNTS]);
}

const char * const *
lf_editor_context_get_accounts (LfEditorContext *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (self), NULL);
  return self->accounts ? (const char * const *) self->accounts : none;
}

void
lf_editor_context_show_part (LfEditorContext *self,
                             const char      *name)
{
  g_return_if_fail (LF_IS_EDITOR_CONTEXT (self));
  g_signal_emit (self, signals[SHOW_PART], 0, name);
}

LfForm *
lf_editor_context_get_form (LfEditorContext *self)
{
  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (self), NULL);
  return self->form;
}

void
lf_editor_context_set_form (LfEditorContext *self,
                            LfForm          *form)
{
  g_return_if_fail (LF_IS_EDITOR_CONTEXT (self));
  g_return_if_fail (form == NULL || LF_IS_FORM (form));

  if (self->form == form)
    return;
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  drop_runtime (self);
  g_set_object (&self->form, form);
  if (form != NULL)
    connect_form (self);
  g_clear_object (&self->selected);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTROL]);
}

LfControl *
lf_editor_context_get_selected_control (LfEditorContext *self)
{
  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (self), NULL);
  return self->selected;
}

void
lf_editor_context_set_selected_control (LfEditorContext *self,
                                        LfControl       *control)
{
  g_return_if_fail (LF_IS_EDITOR_CONTEXT (self));
  g_return_if_fail (control == NULL || LF_IS_CONTROL (control));

  if (control != NULL && (self->form == NULL ||
                          lf_form_get_control_position (self->form, control) < 0))
    control = NULL;
  if (g_set_object (&self->selected, control))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTROL]);
}

void
lf_editor_context_set_client_factory (LfEditorContext     *self,
                                      LfClientFactoryFunc  factory,
                                      gpointer             factory_data,
                                      GDestroyNotify       factory_destroy)
{
  g_return_if_fail (LF_IS_EDITOR_CONTEXT (self));

  drop_factory (self);
  self->factory = factory;
  self->factory_data = factory_data;
  self->factory_destroy = factory_destroy;
}

LfFormRuntime *
lf_editor_context_get_runtime (LfEditorContext *self)
{
  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (self), NULL);
  return self->runtime;
}

static void
on_action_state_changed (LfEditorContext *self)
{
  g_signal_emit (self, signals[RESULTS_CHANGED], 0);
}

LfLambdaClient *
lf_editor_context_create_client (LfEditorContext  *self,
                                 const char       *account,
                                 GError          **error)
{
  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (self), NULL);

  if (self->factory == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The editor has no way to reach an account"));
      return NULL;
    }
  return self->factory (account, NULL, self->factory_data, error);
}

void
lf_editor_context_set_history (LfEditorContext *self,
                               LfHistory       *history)
{
  g_return_if_fail (LF_IS_EDITOR_CONTEXT (self));
  g_set_object (&self->history, history);
}

LfHistory *
lf_editor_context_get_history (LfEditorContext *self)
{
  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (self), NULL);
  return self->history;
}

gboolean
lf_editor_context_run_action (LfEditorContext  *self,
                              const char       *action,
                              GError          **error)
{
  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (self->form == NULL || lf_form_find_action (self->form, action) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no action “%s”"),
                   action);
      return FALSE;
    }
  if (self->factory == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The editor has no way to reach an account"));
      return FALSE;
    }
  /* A runtime reads the form as it was when made, so each run starts from a new one. */
  drop_runtime (self);
  self->runtime = lf_form_runtime_new (self->form, self->factory, self->factory_data, NULL);
  g_signal_connect_swapped (self->runtime, "action-state-changed",
                            G_CALLBACK (on_action_state_changed), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNTIME]);
  return lf_form_runtime_run_action (self->runtime, action, error);
}

/* Values and paths ***********************************************************************/

JsonNode *
lf_editor_context_dup_values (LfEditorContext *self)
{
  g_autoptr(LfFormRuntime) fresh = NULL;
  g_autoptr(JsonObject) context = json_object_new ();
  JsonNode *defaults;

  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (self), NULL);

  if (self->form == NULL)
    return json_node_init_object (json_node_alloc (), context);

  /* The controls as the form has them now, which the last run may predate... */
  fresh = lf_form_runtime_new (self->form, NULL, NULL, NULL);
  defaults = lf_form_runtime_get_context (fresh);
  if (defaults != NULL && JSON_NODE_HOLDS_OBJECT (defaults))
    {
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (defaults));

      for (GList *l = names; l; l = l->next)
        json_object_set_member (context, l->data,
                                json_node_copy (json_object_get_member (
                                                  json_node_get_object (defaults), l->data)));
    }
  /* ...and what the last run brought back. */
  for (guint i = 0; self->runtime && i < lf_form_get_n_actions (self->form); i++)
    {
      const char *name = lf_action_get_name (lf_form_get_action (self->form, i));
      JsonNode *result;

      if (lf_form_runtime_get_action_state (self->runtime, name) == LF_ACTION_STATE_IDLE)
        continue;
      result = lf_form_runtime_get_action_result (self->runtime, name);
      if (result != NULL)
        json_object_set_member (context, name, json_node_copy (result));
    }
  return json_node_init_object (json_node_alloc (), context);
}

char *
lf_editor_context_path_append_member (const char *path,
                              const char *member)
{
  g_autoptr(GString) escaped = NULL;

  if (lf_form_schema_is_identifier (member))
    return g_strconcat (path, ".", member, NULL);
  escaped = g_string_new (member);
  g_string_replace (escaped, "\\", "\\\\", 0);
  g_string_replace (escaped, "'", "\\'", 0);
  return g_strdup_printf ("%s['%s']", path, escaped->str);
}

void
lf_value_choice_free (LfValueChoice *choice)
{
  g_free (choice->path);
  g_free (choice->title);
  g_free (choice);
}

static void
add_choice (GPtrArray  *choices,
            const char *path,
            char       *title)
{
  LfValueChoice *choice = g_new0 (LfValueChoice, 1);

  choice->path = g_strdup (path);
  choice->title = title;
  g_ptr_array_add (choices, choice);
}

/* @node and what is under it, @depth levels down: @title names @path; each member adds
 * " → member" to it. */
static void
collect_choices (GPtrArray  *choices,
                 const char *path,
                 const char *title,
                 JsonNode   *node,
                 guint       depth)
{
  if (choices->len >= MAX_PATHS)
    return;
  add_choice (choices, path, g_strdup (title));
  if (depth == 0 || node == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      for (GList *l = names; l; l = l->next)
        {
          g_autofree char *child = lf_editor_context_path_append_member (path, l->data);
          g_autofree char *child_title = g_strdup_printf ("%s → %s", title, (char *) l->data);

          collect_choices (choices, child, child_title, json_object_get_member (object, l->data),
                           depth - 1);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    {
      /* The first item stands for all of them. */
      g_autofree char *child = g_strdup_printf ("%s[0]", path);
      g_autofree char *child_title = g_strdup_printf (_("%s → each item"), title);

      collect_choices (choices, child, child_title,
                       json_array_get_element (json_node_get_array (node), 0), depth - 1);
    }
}

static void
add_control_choices (LfEditorContext *self,
                     GPtrArray       *choices)
{
  for (guint i = 0; i < lf_form_get_n_controls (self->form); i++)
    {
      LfControl *control = lf_form_get_control (self->form, i);
      g_autofree char *path = NULL;

      if (!lf_control_get_kind (control)->has_value)
        continue;
      path = g_strconcat (lf_control_get_name (control), ".value", NULL);
      add_choice (choices, path, lf_control_dup_title (control, FALSE));
    }
}

/* An action's answer, by meaning: an Invoke's is what the function returned (its Payload),
 * offered first; the rest of the record is the run's details. */
static void
add_answer_choices (LfEditorContext *self,
                    GPtrArray       *choices,
                    LfAction        *action)
{
  const char *name = lf_action_get_name (action);
  JsonNode *result = self->runtime ? lf_form_runtime_get_action_result (self->runtime, name)
                                   : NULL;
  JsonObject *record = result && JSON_NODE_HOLDS_OBJECT (result) ? json_node_get_object (result)
                                                                 : NULL;
  JsonNode *data = record ? json_object_get_member (record, "data") : NULL;
  g_autofree char *answer = g_strdup_printf (_("Answer of %s"), name);
  g_autofree char *details = g_strdup_printf (_("Run details of %s"), name);
  g_autofree char *data_path = g_strconcat (name, ".data", NULL);

  if (lf_action_get_operation (action) == LF_OPERATION_INVOKE)
    {
      g_autofree char *payload_path = g_strconcat (data_path, ".Payload", NULL);
      JsonNode *payload = data && JSON_NODE_HOLDS_OBJECT (data)
                          ? json_object_get_member (json_node_get_object (data), "Payload")
                          : NULL;

      collect_choices (choices, payload_path, answer, payload, 4);
      if (data != NULL)
        collect_choices (choices, data_path, details, data, 1);
      return;
    }
  /* Not run yet: what the operation is known to answer. */
  if (data == NULL && lf_action_get_operation (action) == LF_OPERATION_LIST_FUNCTIONS)
    {
      g_autofree char *functions = g_strconcat (data_path, ".Functions", NULL);
      g_autofree char *title = g_strdup_printf (_("%s → functions"), answer);

      add_choice (choices, functions, g_steal_pointer (&title));
      return;
    }
  collect_choices (choices, data_path, answer, data, 4);
}

GPtrArray *
lf_editor_context_list_values (LfEditorContext *self)
{
  GPtrArray *choices = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_value_choice_free);

  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (self), NULL);

  if (self->form == NULL)
    return choices;
  add_control_choices (self, choices);
  for (guint i = 0; i < lf_form_get_n_actions (self->form); i++)
    {
      LfAction *action = lf_form_get_action (self->form, i);
      const char *name = lf_action_get_name (action);
      g_autofree char *state = g_strconcat (name, ".state", NULL);
      g_autofree char *error = g_strconcat (name, ".error.message", NULL);

      add_answer_choices (self, choices, action);
      /* A streamed answer, as it arrives. */
      if (g_strcmp0 (lf_action_get_parameter (action, "stream"), "true") == 0)
        {
          g_autofree char *stream = g_strconcat (name, ".stream.text", NULL);

          add_choice (choices, stream, g_strdup_printf (_("Answer of %s as it arrives"), name));
        }
      add_choice (choices, state, g_strdup_printf (_("State of %s"), name));
      add_choice (choices, error, g_strdup_printf (_("Error of %s"), name));
    }
  return choices;
}

GStrv
lf_editor_context_list_paths (LfEditorContext *self)
{
  g_autoptr(GPtrArray) choices = lf_editor_context_list_values (self);
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();

  for (guint i = 0; i < choices->len; i++)
    g_strv_builder_add (paths, ((LfValueChoice *) choices->pdata[i])->path);
  return g_strv_builder_end (paths);
}

JsonNode *
lf_editor_context_dup_value_at (LfEditorContext *self,
                                const char      *path)
{
  g_autofree char *text = NULL;
  g_autoptr(LfTemplate) template = NULL;
  g_autoptr(JsonNode) values = NULL;

  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  text = g_strdup_printf ("{{ %s }}", path);
  template = lf_template_new (text, NULL);
  if (template == NULL)
    return NULL;
  values = lf_editor_context_dup_values (self);
  return lf_template_evaluate (template, values, NULL);
}

static char *
describe_value (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("Nothing yet"));
  text = lf_json_to_plain_text (node);
  if (*text == '\0')
    return g_strdup (_("Empty text"));
  if (g_utf8_strlen (text, -1) > 120)
    {
      char *end = g_utf8_offset_to_pointer (text, 119);

      return g_strdup_printf ("%.*s…", (int) (end - text), text);
    }
  return g_steal_pointer (&text);
}

gboolean
lf_editor_context_preview_template (LfEditorContext *self,
                            const char  *text,
                            char       **message)
{
  g_autoptr(LfTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) context = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  template = lf_template_new (text ? text : "", &error);
  if (template == NULL)
    {
      *message = g_strdup (error->message);
      return FALSE;
    }

  for (guint i = 0; self->form && i < lf_form_get_n_controls (self->form); i++)
    g_ptr_array_add (names, (gpointer) lf_control_get_name (lf_form_get_control (self->form, i)));
  for (guint i = 0; self->form && i < lf_form_get_n_actions (self->form); i++)
    g_ptr_array_add (names, (gpointer) lf_action_get_name (lf_form_get_action (self->form, i)));
  g_ptr_array_add (names, NULL);
  for (guint i = 0; i < lf_template_get_n_references (template); i++)
    {
      const LfTemplateReference *ref = lf_template_get_reference (template, i);
      const char *suggestion;

      if (g_strv_contains ((const char * const *) names->pdata, ref->root))
        continue;
      suggestion = lf_template_suggest (ref->root, (const char * const *) names->pdata);
      *message = suggestion
                 ? g_strdup_printf (_("No control or action is named “%s”: did you mean “%s”?"),
                                    ref->root, suggestion)
                 : g_strdup_printf (_("No control or action is named “%s”"), ref->root);
      return FALSE;
    }

  context = lf_editor_context_dup_values (self);
  value = lf_template_evaluate (template, context, &error);
  if (value == NULL && error != NULL)
    {
      *message = g_strdup (error->message);
      return FALSE;
    }
  *message = describe_value (value);
  return TRUE;
}

