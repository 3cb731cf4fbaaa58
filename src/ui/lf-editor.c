/* lf-editor.c: the editor's panes, its selection and its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lf-actions-panel.h"
#include "lf-canvas.h"
#include "lf-form-schema.h"
#include "lf-json-util.h"
#include "lf-editor.h"
#include "lf-inspector.h"
#include "lf-palette.h"

#define MAX_PATHS 400

struct _LfEditor
{
  AdwBin               parent_instance;

  /* Template children */
  LfPalette           *palette;
  LfCanvas            *canvas;
  LfInspector         *inspector;
  LfActionsPanel      *actions_panel;
  AdwViewStack        *side_stack;

  LfForm              *form;
  LfControl           *selected;
  LfFormRuntime       *runtime;
  LfClientFactoryFunc  factory;
  gpointer             factory_data;
  GDestroyNotify       factory_destroy;
};

G_DEFINE_FINAL_TYPE (LfEditor, lf_editor, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_FORM,
  PROP_SELECTED_CONTROL,
  PROP_SELECTED_BESIDE_PREVIOUS,
  PROP_RUNTIME,
  N_PROPS
};

enum
{
  CONTEXT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const LfEditorTemplate templates[] = {
  { "blank", N_("Blank Form") },
  { "invoke-function", N_("Invoke a Function") },
  { "function-details", N_("Function Details") },
  { "function-browser", N_("Function Browser") },
};

/* Actions ******************************************************************************/

static int
selected_position (LfEditor *self)
{
  if (self->form == NULL || self->selected == NULL)
    return -1;
  return lf_form_get_control_position (self->form, self->selected);
}

static void
update_actions (LfEditor *self)
{
  int position = selected_position (self);
  guint n = self->form ? lf_form_get_n_controls (self->form) : 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-control", self->form != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.select-previous", position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.select-next",
                                 n > 0 && position + 1 < (int) n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.delete-control", position >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.duplicate-control", position >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.move-up", position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.move-down",
                                 position >= 0 && position + 1 < (int) n);
  /* The first control has nothing to sit beside. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.beside-previous", position > 0);
}

static void
add_control_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  lf_editor_add_control (LF_EDITOR (widget), g_variant_get_string (parameter, NULL), -1);
}

static void
select_relative (LfEditor *self,
                 int       delta)
{
  int position = selected_position (self);
  int n = self->form ? (int) lf_form_get_n_controls (self->form) : 0;

  if (n == 0)
    return;
  position = position < 0 ? 0 : CLAMP (position + delta, 0, n - 1);
  lf_editor_set_selected_control (self, lf_form_get_control (self->form, position));
}

static void
select_previous_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  select_relative (LF_EDITOR (widget), -1);
}

static void
select_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  select_relative (LF_EDITOR (widget), 1);
}

static void
delete_control_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfEditor *self = LF_EDITOR (widget);

  if (selected_position (self) >= 0)
    lf_form_remove_control (self->form, self->selected);
}

static void
duplicate_control_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LfEditor *self = LF_EDITOR (widget);
  int position = selected_position (self);
  LfControl *copy;
  JsonObject *json;
  JsonObject *members;
  g_auto(GStrv) bindings = NULL;

  if (position < 0)
    return;

  /* The copy is one step to undo: a new control, then each property and binding. */
  lf_form_begin_group (self->form, _("Duplicate control"));
  copy = lf_form_add_control (self->form, lf_control_get_kind (self->selected)->id, position + 1,
                              NULL);
  json = lf_control_get_json (self->selected);
  members = json_object_get_object_member (json, "properties");
  if (copy != NULL && json_object_has_member (json, "properties") && members != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (members);

      for (GList *l = names; l; l = l->next)
        lf_form_set_control_property (self->form, copy, l->data,
                                      json_object_get_member (members, l->data), NULL);
    }
  if (copy != NULL && lf_control_get_beside_previous (self->selected))
    lf_form_set_control_beside_previous (self->form, copy, TRUE);
  bindings = lf_control_list_bindings (self->selected);
  for (guint i = 0; copy != NULL && bindings && bindings[i]; i++)
    lf_form_set_control_binding (self->form, copy, bindings[i],
                                 lf_control_get_binding (self->selected, bindings[i]), NULL);
  lf_form_end_group (self->form);

  if (copy != NULL)
    lf_editor_set_selected_control (self, copy);
}

static void
move_relative (LfEditor *self,
               int       delta)
{
  int position = selected_position (self);
  int n = self->form ? (int) lf_form_get_n_controls (self->form) : 0;

  if (position < 0 || position + delta < 0 || position + delta >= n)
    return;
  lf_form_move_control (self->form, self->selected, position + delta);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move_relative (LF_EDITOR (widget), -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_relative (LF_EDITOR (widget), 1);
}

/* The form and the canvas **************************************************************/

static void
on_control_removed (LfEditor  *self,
                    LfControl *control,
                    guint      position)
{
  guint n = lf_form_get_n_controls (self->form);

  /* The selection goes to the neighbour, as in a list when the current item is removed. */
  if (control == self->selected)
    lf_editor_set_selected_control (self, n == 0 ? NULL
                                    : lf_form_get_control (self->form, MIN (position, n - 1)));
  else
    update_actions (self);
}

static void
on_beside_changed (LfEditor  *self,
                   LfControl *control)
{
  if (control == self->selected)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_BESIDE_PREVIOUS]);
}

static void
on_controls_changed (LfEditor *self)
{
  /* A redraw of the canvas, or an undo, may leave the highlight on a new row. */
  lf_canvas_set_selected (self->canvas, self->selected);
  update_actions (self);
}

static void
on_canvas_control_selected (LfEditor  *self,
                            LfControl *control)
{
  lf_editor_set_selected_control (self, control);
}

static void
on_canvas_kind_dropped (LfEditor   *self,
                        const char *kind_id,
                        guint       position)
{
  lf_editor_add_control (self, kind_id, position);
}

static void
on_canvas_control_dropped (LfEditor  *self,
                           LfControl *control,
                           guint      position)
{
  int from = lf_form_get_control_position (self->form, control);

  if (from < 0)
    return;
  /* @position counts the control itself when it lies before the drop point. */
  if ((guint) from < position)
    position--;
  lf_form_move_control (self->form, control, position);
  lf_editor_set_selected_control (self, control);
}

/* GObject ******************************************************************************/

static void
ensure_style (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded || gdk_display_get_default () == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/example/LambdaForms/ui/lf-editor.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
lf_editor_dispose (GObject *object)
{
  LfEditor *self = LF_EDITOR (object);

  if (self->runtime != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->runtime, self);
      lf_form_runtime_cancel_all (self->runtime);
    }
  g_clear_object (&self->runtime);
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_EDITOR);
  g_clear_object (&self->selected);
  g_clear_object (&self->form);
  if (self->factory_destroy != NULL)
    g_clear_pointer (&self->factory_data, self->factory_destroy);
  self->factory = NULL;
  self->factory_destroy = NULL;
  G_OBJECT_CLASS (lf_editor_parent_class)->dispose (object);
}

static void
lf_editor_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LfEditor *self = LF_EDITOR (object);

  switch (prop_id)
    {
    case PROP_FORM:
      g_value_set_object (value, self->form);
      break;
    case PROP_SELECTED_CONTROL:
      g_value_set_object (value, self->selected);
      break;
    case PROP_SELECTED_BESIDE_PREVIOUS:
      g_value_set_boolean (value, self->selected != NULL &&
                                  lf_control_get_beside_previous (self->selected));
      break;
    case PROP_RUNTIME:
      g_value_set_object (value, self->runtime);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_editor_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LfEditor *self = LF_EDITOR (object);

  switch (prop_id)
    {
    case PROP_FORM:
      lf_editor_set_form (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_CONTROL:
      lf_editor_set_selected_control (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_BESIDE_PREVIOUS:
      /* The form's signal notifies, once the change is made. */
      if (self->form != NULL && selected_position (self) >= 0)
        lf_form_set_control_beside_previous (self->form, self->selected,
                                             g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_editor_class_init (LfEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_editor_dispose;
  object_class->get_property = lf_editor_get_property;
  object_class->set_property = lf_editor_set_property;

  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, LF_TYPE_FORM,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_CONTROL] =
    g_param_spec_object ("selected-control", NULL, NULL, LF_TYPE_CONTROL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_BESIDE_PREVIOUS] =
    g_param_spec_boolean ("selected-beside-previous", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNTIME] =
    g_param_spec_object ("runtime", NULL, NULL, LF_TYPE_FORM_RUNTIME,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONTEXT_CHANGED] =
    g_signal_new ("context-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "editor.add-control", "s", add_control_action);
  gtk_widget_class_install_action (widget_class, "editor.select-previous", NULL,
                                   select_previous_action);
  gtk_widget_class_install_action (widget_class, "editor.select-next", NULL, select_next_action);
  gtk_widget_class_install_action (widget_class, "editor.delete-control", NULL,
                                   delete_control_action);
  gtk_widget_class_install_action (widget_class, "editor.duplicate-control", NULL,
                                   duplicate_control_action);
  gtk_widget_class_install_action (widget_class, "editor.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "editor.move-down", NULL, move_down_action);
  /* A boolean state, so that the canvas menu shows a check mark. */
  gtk_widget_class_install_property_action (widget_class, "editor.beside-previous",
                                            "selected-beside-previous");

  g_type_ensure (LF_TYPE_PALETTE);
  g_type_ensure (LF_TYPE_CANVAS);
  g_type_ensure (LF_TYPE_INSPECTOR);
  g_type_ensure (LF_TYPE_ACTIONS_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LfEditor, palette);
  gtk_widget_class_bind_template_child (widget_class, LfEditor, canvas);
  gtk_widget_class_bind_template_child (widget_class, LfEditor, inspector);
  gtk_widget_class_bind_template_child (widget_class, LfEditor, actions_panel);
  gtk_widget_class_bind_template_child (widget_class, LfEditor, side_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_control_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_kind_dropped);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_control_dropped);
  gtk_widget_class_set_css_name (widget_class, "lfeditor");
}

static void
lf_editor_init (LfEditor *self)
{
  ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
  lf_inspector_set_editor (self->inspector, self);
  lf_actions_panel_set_editor (self->actions_panel, self);
  update_actions (self);
}

GtkWidget *
lf_editor_new (void)
{
  return g_object_new (LF_TYPE_EDITOR, NULL);
}

LfForm *
lf_editor_get_form (LfEditor *self)
{
  g_return_val_if_fail (LF_IS_EDITOR (self), NULL);

  return self->form;
}

void
lf_editor_set_form (LfEditor *self,
                    LfForm   *form)
{
  g_return_if_fail (LF_IS_EDITOR (self));
  g_return_if_fail (form == NULL || LF_IS_FORM (form));

  if (self->form == form)
    return;
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  if (self->runtime != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->runtime, self);
      lf_form_runtime_cancel_all (self->runtime);
      g_clear_object (&self->runtime);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNTIME]);
    }
  g_set_object (&self->form, form);
  g_clear_object (&self->selected);
  lf_canvas_set_form (self->canvas, form);
  if (form != NULL)
    {
      /* After the canvas's own handlers, which redraw the rows. */
      g_signal_connect_object (form, "control-removed", G_CALLBACK (on_control_removed), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (form, "control-added", G_CALLBACK (on_controls_changed), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (form, "control-moved", G_CALLBACK (on_controls_changed), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (form, "control-property-changed",
                               G_CALLBACK (on_controls_changed), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (form, "control-property-changed::beside_previous",
                               G_CALLBACK (on_beside_changed), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTROL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_BESIDE_PREVIOUS]);
  update_actions (self);
}

LfControl *
lf_editor_get_selected_control (LfEditor *self)
{
  g_return_val_if_fail (LF_IS_EDITOR (self), NULL);

  return self->selected;
}

void
lf_editor_set_selected_control (LfEditor  *self,
                                LfControl *control)
{
  g_return_if_fail (LF_IS_EDITOR (self));
  g_return_if_fail (control == NULL || LF_IS_CONTROL (control));

  if (control != NULL && (self->form == NULL ||
                          lf_form_get_control_position (self->form, control) < 0))
    control = NULL;
  if (!g_set_object (&self->selected, control))
    return;
  lf_canvas_set_selected (self->canvas, control);
  if (control != NULL)
    adw_view_stack_set_visible_child_name (self->side_stack, "inspector");
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTROL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_BESIDE_PREVIOUS]);
}

void
lf_editor_set_client_factory (LfEditor            *self,
                              LfClientFactoryFunc  factory,
                              gpointer             factory_data,
                              GDestroyNotify       factory_destroy)
{
  g_return_if_fail (LF_IS_EDITOR (self));

  if (self->factory_destroy != NULL)
    g_clear_pointer (&self->factory_data, self->factory_destroy);
  self->factory = factory;
  self->factory_data = factory_data;
  self->factory_destroy = factory_destroy;
}

LfFormRuntime *
lf_editor_get_runtime (LfEditor *self)
{
  g_return_val_if_fail (LF_IS_EDITOR (self), NULL);

  return self->runtime;
}

static void
on_action_state_changed (LfEditor   *self,
                         const char *action,
                         int         state)
{
  g_signal_emit (self, signals[CONTEXT_CHANGED], 0);
}

gboolean
lf_editor_run_action (LfEditor    *self,
                      const char  *action,
                      GError     **error)
{
  g_return_val_if_fail (LF_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (self->form == NULL || lf_form_find_action (self->form, action) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no action “%s”"),
                   action ? action : "");
      return FALSE;
    }
  if (self->factory == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The editor has no way to reach an account"));
      return FALSE;
    }

  /* A runtime reads the form as it was when made, so each run starts from a new one. */
  if (self->runtime != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->runtime, self);
      lf_form_runtime_cancel_all (self->runtime);
      g_clear_object (&self->runtime);
    }
  self->runtime = lf_form_runtime_new (self->form, self->factory, self->factory_data, NULL);
  g_signal_connect_object (self->runtime, "action-state-changed",
                           G_CALLBACK (on_action_state_changed), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNTIME]);
  return lf_form_runtime_run_action (self->runtime, action, error);
}

LfControl *
lf_editor_add_control (LfEditor   *self,
                       const char *kind_id,
                       int         position)
{
  g_autoptr(GError) error = NULL;
  LfControl *control;

  g_return_val_if_fail (LF_IS_EDITOR (self), NULL);
  g_return_val_if_fail (self->form != NULL, NULL);

  if (position < 0)
    {
      int selected = selected_position (self);

      position = selected >= 0 ? selected + 1 : -1;
    }
  control = lf_form_add_control (self->form, kind_id, position, &error);
  if (control == NULL)
    {
      g_warning ("Could not add a %s: %s", kind_id, error->message);
      return NULL;
    }
  lf_editor_set_selected_control (self, control);
  return control;
}

JsonNode *
lf_editor_dup_context (LfEditor *self)
{
  g_autoptr(LfFormRuntime) fresh = NULL;
  g_autoptr(JsonObject) context = json_object_new ();
  JsonNode *defaults;

  g_return_val_if_fail (LF_IS_EDITOR (self), NULL);

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
lf_editor_path_append_member (const char *path,
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

static void
collect_paths (GPtrArray  *paths,
               const char *path,
               JsonNode   *node,
               guint       depth)
{
  if (paths->len >= MAX_PATHS)
    return;
  g_ptr_array_add (paths, g_strdup (path));
  if (depth == 0 || node == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      for (GList *l = names; l; l = l->next)
        {
          g_autofree char *child = lf_editor_path_append_member (path, l->data);

          collect_paths (paths, child, json_object_get_member (object, l->data), depth - 1);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    {
      /* The first item stands for all of them. */
      g_autofree char *child = g_strdup_printf ("%s[0]", path);

      collect_paths (paths, child, json_array_get_element (json_node_get_array (node), 0),
                     depth - 1);
    }
}

GStrv
lf_editor_list_paths (LfEditor *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (LF_IS_EDITOR (self), NULL);

  for (guint i = 0; self->form && i < lf_form_get_n_controls (self->form); i++)
    {
      LfControl *control = lf_form_get_control (self->form, i);

      if (lf_control_get_kind (control)->has_value)
        g_ptr_array_add (paths, g_strconcat (lf_control_get_name (control), ".value", NULL));
    }
  for (guint i = 0; self->form && i < lf_form_get_n_actions (self->form); i++)
    {
      const char *name = lf_action_get_name (lf_form_get_action (self->form, i));
      JsonNode *result = self->runtime ? lf_form_runtime_get_action_result (self->runtime, name)
                                       : NULL;
      g_autofree char *data = g_strconcat (name, ".data", NULL);

      g_ptr_array_add (paths, g_strconcat (name, ".state", NULL));
      g_ptr_array_add (paths, g_strconcat (name, ".error.message", NULL));
      if (result != NULL && JSON_NODE_HOLDS_OBJECT (result) &&
          json_object_has_member (json_node_get_object (result), "data"))
        collect_paths (paths, data, json_object_get_member (json_node_get_object (result), "data"),
                       4);
      else
        g_ptr_array_add (paths, g_steal_pointer (&data));
    }
  g_ptr_array_add (paths, NULL);
  return (GStrv) g_ptr_array_steal (paths, NULL);
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
lf_editor_preview_template (LfEditor    *self,
                            const char  *text,
                            char       **message)
{
  g_autoptr(LfTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) context = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (LF_IS_EDITOR (self), FALSE);
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

  context = lf_editor_dup_context (self);
  value = lf_template_evaluate (template, context, &error);
  if (value == NULL && error != NULL)
    {
      *message = g_strdup (error->message);
      return FALSE;
    }
  *message = describe_value (value);
  return TRUE;
}

const LfEditorTemplate *
lf_editor_get_templates (guint *n_templates)
{
  if (n_templates != NULL)
    *n_templates = G_N_ELEMENTS (templates);
  return templates;
}

LfForm *
lf_editor_new_form_from_template (const char *template_id)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  LfForm *form;
  gboolean known = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    known |= g_strcmp0 (templates[i].id, template_id) == 0;
  if (!known)
    return NULL;
  if (g_str_equal (template_id, "blank"))
    return lf_form_new ();

  /* The samples in data/examples are compiled in as the templates. */
  path = g_strdup_printf ("/org/example/LambdaForms/templates/%s.lambdaform", template_id);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_critical ("Template %s is missing: %s", template_id, error->message);
      return NULL;
    }
  form = lf_form_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  if (form == NULL)
    g_critical ("Template %s does not load: %s", template_id, error->message);
  return form;
}

/* The path picker ***********************************************************************/

static gboolean
filter_path_row (GtkListBoxRow *row,
                 gpointer       user_data)
{
  GtkEditable *search = user_data;
  const char *text = gtk_editable_get_text (search);
  const char *path = g_object_get_data (G_OBJECT (row), "lf-path");
  g_autofree char *folded_text = g_utf8_casefold (text, -1);
  g_autofree char *folded_path = g_utf8_casefold (path, -1);

  return *text == '\0' || strstr (folded_path, folded_text) != NULL;
}

static void
on_path_row_activated (GtkListBox    *list,
                       GtkListBoxRow *row,
                       GtkEditable   *target)
{
  const char *path = g_object_get_data (G_OBJECT (row), "lf-path");
  g_autofree char *text = g_strdup_printf ("{{ %s }}", path);
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_POPOVER);

  gtk_editable_set_text (target, text);
  if (ADW_IS_ENTRY_ROW (target))
    g_signal_emit_by_name (target, "apply");
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
on_picker_search_changed (GtkListBox *list)
{
  gtk_list_box_invalidate_filter (list);
}

static void
on_picker_search_activate (GtkListBox *list)
{
  /* Enter takes the first path still shown. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row))
      {
        g_signal_emit_by_name (list, "row-activated", row);
        return;
      }
}

/* The paths change with every edit and run, so the list is made as the popover opens. */
static void
on_picker_show (GtkPopover *popover,
                LfEditor   *self)
{
  GtkEditable *target = g_object_get_data (G_OBJECT (popover), "lf-target");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *search = gtk_search_entry_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  g_auto(GStrv) paths = lf_editor_list_paths (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search values"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Values"), -1);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  for (guint i = 0; paths[i]; i++)
    {
      GtkWidget *label = gtk_label_new (paths[i]);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (label, "monospace");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "lf-path", g_strdup (paths[i]), g_free);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), filter_path_row, search, NULL);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (on_path_row_activated), target, 0);
  g_signal_connect_swapped (search, "search-changed", G_CALLBACK (on_picker_search_changed), list);
  g_signal_connect_swapped (search, "activate", G_CALLBACK (on_picker_search_activate), list);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_widget_set_size_request (scrolled, 280, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_popover_set_child (popover, box);
  gtk_widget_grab_focus (search);
}

GtkWidget *
lf_editor_make_path_picker (LfEditor    *self,
                            GtkEditable *target)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();

  g_return_val_if_fail (LF_IS_EDITOR (self), NULL);
  g_return_val_if_fail (GTK_IS_EDITABLE (target), NULL);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "insert-link-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose a Value"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose a Value"), -1);
  g_object_set_data (G_OBJECT (popover), "lf-target", target);
  g_signal_connect_object (popover, "show", G_CALLBACK (on_picker_show), self, 0);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  return button;
}
