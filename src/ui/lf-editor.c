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
#include "lf-editor-context.h"
#include "lf-editor.h"
#include "lf-inspector.h"
#include "lf-palette.h"

struct _LfEditor
{
  AdwBin               parent_instance;

  /* Template children */
  LfPalette           *palette;
  LfCanvas            *canvas;
  LfInspector         *inspector;
  LfActionsPanel      *actions_panel;
  AdwViewStack        *side_stack;

  LfEditorContext     *context;
};

G_DEFINE_FINAL_TYPE (LfEditor, lf_editor, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_FORM,
  PROP_SELECTED_CONTROL,
  PROP_SELECTED_BESIDE_PREVIOUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const LfEditorTemplate templates[] = {
  { "blank", N_("Blank Form") },
  { "invoke-function", N_("Invoke a Function") },
  { "function-details", N_("Function Details") },
  { "function-browser", N_("Function Browser") },
};

/* Actions ******************************************************************************/

static LfForm *
form_of (LfEditor *self)
{
  return lf_editor_context_get_form (self->context);
}

static LfControl *
selected_of (LfEditor *self)
{
  return lf_editor_context_get_selected_control (self->context);
}

static int
selected_position (LfEditor *self)
{
  if (form_of (self) == NULL || selected_of (self) == NULL)
    return -1;
  return lf_form_get_control_position (form_of (self), selected_of (self));
}

static void
update_actions (LfEditor *self)
{
  int position = selected_position (self);
  guint n = form_of (self) ? lf_form_get_n_controls (form_of (self)) : 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-control", form_of (self) != NULL);
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
  int n = form_of (self) ? (int) lf_form_get_n_controls (form_of (self)) : 0;

  if (n == 0)
    return;
  position = position < 0 ? 0 : CLAMP (position + delta, 0, n - 1);
  lf_editor_set_selected_control (self, lf_form_get_control (form_of (self), position));
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

/* How a person knows a part: a control by its label, else its name; an action by name. */
static char *
describe_part (LfForm     *form,
               const char *name)
{
  LfControl *control = lf_form_find_control (form, name);
  const char *label = control ? lf_control_get_label (control) : NULL;

  if (control == NULL)
    return g_strdup_printf (_("the action “%s”"), name);
  return g_strdup_printf (_("the %s “%s”"), _(lf_control_get_kind (control)->display_name),
                          label && *label ? label : name);
}

typedef struct
{
  LfForm    *form;
  LfControl *control;
} Deletion;

static void
deletion_free (gpointer  data,
               GClosure *closure)
{
  Deletion *deletion = data;

  g_object_unref (deletion->form);
  g_object_unref (deletion->control);
  g_free (deletion);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Deletion         *deletion)
{
  if (g_str_equal (response, "delete") &&
      lf_form_get_control_position (deletion->form, deletion->control) >= 0)
    lf_form_remove_control (deletion->form, deletion->control);
}

/* Deleting what other parts read breaks them: say which, and let the person choose. */
static void
ask_before_deleting (LfEditor  *self,
                     LfControl *control,
                     GPtrArray *readers)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *what = describe_part (form_of (self), lf_control_get_name (control));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  Deletion *deletion = g_new0 (Deletion, 1);

  for (guint i = 0; i < readers->len; i++)
    {
      g_autofree char *reader = describe_part (form_of (self), readers->pdata[i]);

      g_string_append_printf (list, "\n• %s", reader);
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       _("Delete This Control?"), NULL));
  adw_message_dialog_format_body (dialog, g_dngettext (GETTEXT_PACKAGE,
                                                       "Deleting %s leaves this without it:%s",
                                                       "Deleting %s leaves these without it:%s",
                                                       readers->len), what, list->str);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  deletion->form = g_object_ref (form_of (self));
  deletion->control = g_object_ref (control);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_delete_response), deletion,
                         deletion_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_control_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfEditor *self = LF_EDITOR (widget);
  LfControl *control = selected_of (self);
  g_autoptr(GPtrArray) readers = NULL;

  if (selected_position (self) < 0)
    return;
  readers = lf_form_list_readers (form_of (self), lf_control_get_name (control));
  if (readers->len > 0)
    ask_before_deleting (self, control, readers);
  else
    lf_form_remove_control (form_of (self), control);
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
  lf_form_begin_group (form_of (self), _("Duplicate control"));
  copy = lf_form_add_control (form_of (self), lf_control_get_kind (selected_of (self))->id, position + 1,
                              NULL);
  json = lf_control_get_json (selected_of (self));
  members = json_object_get_object_member (json, "properties");
  if (copy != NULL && json_object_has_member (json, "properties") && members != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (members);

      for (GList *l = names; l; l = l->next)
        lf_form_set_control_property (form_of (self), copy, l->data,
                                      json_object_get_member (members, l->data), NULL);
    }
  if (copy != NULL && lf_control_get_beside_previous (selected_of (self)))
    lf_form_set_control_beside_previous (form_of (self), copy, TRUE);
  bindings = lf_control_list_bindings (selected_of (self));
  for (guint i = 0; copy != NULL && bindings && bindings[i]; i++)
    lf_form_set_control_binding (form_of (self), copy, bindings[i],
                                 lf_control_get_binding (selected_of (self), bindings[i]), NULL);
  lf_form_end_group (form_of (self));

  if (copy != NULL)
    lf_editor_set_selected_control (self, copy);
}

static void
move_relative (LfEditor *self,
               int       delta)
{
  int position = selected_position (self);
  int n = form_of (self) ? (int) lf_form_get_n_controls (form_of (self)) : 0;

  if (position < 0 || position + delta < 0 || position + delta >= n)
    return;
  lf_form_move_control (form_of (self), selected_of (self), position + delta);
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
on_control_changed (LfEditor   *self,
                    LfControl  *control,
                    const char *member)
{
  if (control == selected_of (self) && g_strcmp0 (member, "beside_previous") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_BESIDE_PREVIOUS]);
  /* A redraw of the canvas may leave the highlight on a new row. */
  lf_canvas_set_selected (self->canvas, selected_of (self));
}

static void
on_controls_changed (LfEditor *self)
{
  /* A redraw of the canvas, or an undo, may leave the highlight on a new row. */
  lf_canvas_set_selected (self->canvas, selected_of (self));
  update_actions (self);
}

static void
on_selection_changed (LfEditor *self)
{
  LfControl *control = selected_of (self);

  lf_canvas_set_selected (self->canvas, control);
  if (control != NULL)
    adw_view_stack_set_visible_child_name (self->side_stack, "inspector");
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTROL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_BESIDE_PREVIOUS]);
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
  int from = lf_form_get_control_position (form_of (self), control);

  if (from < 0)
    return;
  /* @position counts the control itself when it lies before the drop point. */
  if ((guint) from < position)
    position--;
  lf_form_move_control (form_of (self), control, position);
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

  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      /* The panes drop it with the template; the runs it made end here. */
      g_object_run_dispose (G_OBJECT (self->context));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_EDITOR);
  g_clear_object (&self->context);
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
      g_value_set_object (value, form_of (self));
      break;
    case PROP_SELECTED_CONTROL:
      g_value_set_object (value, selected_of (self));
      break;
    case PROP_SELECTED_BESIDE_PREVIOUS:
      g_value_set_boolean (value, selected_of (self) != NULL &&
                                  lf_control_get_beside_previous (selected_of (self)));
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
      if (selected_position (self) >= 0)
        lf_form_set_control_beside_previous (form_of (self), selected_of (self),
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  self->context = lf_editor_context_new ();
  g_signal_connect_swapped (self->context, "notify::selected-control",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->context, "controls-changed", G_CALLBACK (on_controls_changed),
                            self);
  g_signal_connect_swapped (self->context, "control-changed", G_CALLBACK (on_control_changed),
                            self);
  g_signal_connect_swapped (self->context, "show-part", G_CALLBACK (lf_editor_show_part), self);
  lf_inspector_set_context (self->inspector, self->context);
  lf_actions_panel_set_context (self->actions_panel, self->context);
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
  return form_of (self);
}

void
lf_editor_set_form (LfEditor *self,
                    LfForm   *form)
{
  g_return_if_fail (LF_IS_EDITOR (self));
  g_return_if_fail (form == NULL || LF_IS_FORM (form));

  if (form_of (self) == form)
    return;
  /* The canvas first: the context's listeners run after the canvas has redrawn. */
  lf_canvas_set_form (self->canvas, form);
  lf_editor_context_set_form (self->context, form);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM]);
  update_actions (self);
}

LfControl *
lf_editor_get_selected_control (LfEditor *self)
{
  g_return_val_if_fail (LF_IS_EDITOR (self), NULL);
  return selected_of (self);
}

void
lf_editor_set_selected_control (LfEditor  *self,
                                LfControl *control)
{
  g_return_if_fail (LF_IS_EDITOR (self));
  lf_editor_context_set_selected_control (self->context, control);
}

void
lf_editor_set_client_factory (LfEditor            *self,
                              LfClientFactoryFunc  factory,
                              gpointer             factory_data,
                              GDestroyNotify       factory_destroy)
{
  g_return_if_fail (LF_IS_EDITOR (self));
  lf_editor_context_set_client_factory (self->context, factory, factory_data, factory_destroy);
}

void
lf_editor_set_history (LfEditor  *self,
                       LfHistory *history)
{
  g_return_if_fail (LF_IS_EDITOR (self));
  lf_editor_context_set_history (self->context, history);
}

void
lf_editor_set_accounts (LfEditor           *self,
                        const char * const *accounts)
{
  g_return_if_fail (LF_IS_EDITOR (self));
  lf_editor_context_set_accounts (self->context, accounts);
}

LfEditorContext *
lf_editor_get_context (LfEditor *self)
{
  g_return_val_if_fail (LF_IS_EDITOR (self), NULL);
  return self->context;
}

void
lf_editor_show_part (LfEditor   *self,
                     const char *name)
{
  LfForm *form;
  LfControl *control;

  g_return_if_fail (LF_IS_EDITOR (self));

  form = form_of (self);
  if (form == NULL || name == NULL)
    return;
  control = lf_form_find_control (form, name);
  if (control != NULL)
    {
      lf_editor_set_selected_control (self, control);
      adw_view_stack_set_visible_child_name (self->side_stack, "inspector");
    }
  else if (lf_form_find_action (form, name) != NULL)
    {
      lf_actions_panel_select_action (self->actions_panel, name);
      adw_view_stack_set_visible_child_name (self->side_stack, "actions");
    }
}

LfControl *
lf_editor_add_control (LfEditor   *self,
                       const char *kind_id,
                       int         position)
{
  g_autoptr(GError) error = NULL;
  LfControl *control;

  g_return_val_if_fail (LF_IS_EDITOR (self), NULL);
  g_return_val_if_fail (form_of (self) != NULL, NULL);

  if (position < 0)
    {
      int selected = selected_position (self);

      position = selected >= 0 ? selected + 1 : -1;
    }
  control = lf_form_add_control (form_of (self), kind_id, position, &error);
  if (control == NULL)
    {
      g_warning ("Could not add a %s: %s", kind_id, error->message);
      return NULL;
    }
  lf_editor_set_selected_control (self, control);
  return control;
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
  /* A blank form runs on this computer until another account is chosen, and says so. */
  if (g_str_equal (template_id, "blank"))
    return lf_form_new_from_data ("{\"format_version\": 1, \"title\": \"\", "
                                  "\"account\": \"sandbox\", \"controls\": [], \"actions\": []}",
                                  -1, NULL);

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
