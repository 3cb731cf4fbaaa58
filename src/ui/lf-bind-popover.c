/* lf-bind-popover.c: "Bind to…" for one field of an answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-bind-popover.h"

struct _LfBindPopover
{
  GtkPopover       parent_instance;

  GtkListBox      *list;

  LfEditorContext *context;
  LfResultItem    *item;
  GPtrArray       *controls;   /* the name of each row's control, by index */
};

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfBindPopover, lf_bind_popover, GTK_TYPE_POPOVER)

/* Which property of @control a field fills: a dropdown's list, else its value. */
static const char *
property_to_bind (LfControl *control,
                  JsonNode  *node)
{
  const LfControlKind *kind = lf_control_get_kind (control);
  const LfPropertySpec *items = lf_control_kind_find_property (kind, "items");
  const LfPropertySpec *value = lf_control_kind_find_property (kind, "value");

  if (items != NULL && items->bindable && node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return "items";
  if (value != NULL && value->bindable)
    return "value";
  return "label";
}

static void
on_row_activated (LfBindPopover *self,
                  GtkListBoxRow *row)
{
  LfForm *form = lf_editor_context_get_form (self->context);
  int index = gtk_list_box_row_get_index (row);
  LfControl *control = NULL;

  gtk_popover_popdown (GTK_POPOVER (self));
  /* Looked up by name: the form may have changed while the popover was open. */
  if (form != NULL && index >= 0 && (guint) index < self->controls->len)
    control = lf_form_find_control (form, g_ptr_array_index (self->controls, index));
  if (control == NULL || self->item == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "actions-panel.bind-result", "(ssss)",
                              lf_control_get_name (control),
                              property_to_bind (control, lf_result_item_get_node (self->item)),
                              lf_result_item_get_path (self->item),
                              lf_result_item_get_title (self->item));
}

static GtkWidget *
make_row (LfControl *control)
{
  g_autofree char *text = lf_control_dup_title (control, FALSE);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  return row;
}

/* Controls come and go with every edit, so the list is made as the popover opens. */
static void
on_show (LfBindPopover *self)
{
  LfForm *form = lf_editor_context_get_form (self->context);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->controls, 0);
  for (guint i = 0; form != NULL && i < lf_form_get_n_controls (form); i++)
    {
      LfControl *control = lf_form_get_control (form, i);

      /* A button has nothing to show. */
      if (!lf_control_get_kind (control)->has_value)
        continue;
      gtk_list_box_append (self->list, make_row (control));
      g_ptr_array_add (self->controls, g_strdup (lf_control_get_name (control)));
    }
}

static void
lf_bind_popover_dispose (GObject *object)
{
  LfBindPopover *self = (LfBindPopover *) object;

  g_clear_object (&self->context);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (lf_bind_popover_parent_class)->dispose (object);
}

static void
lf_bind_popover_finalize (GObject *object)
{
  LfBindPopover *self = (LfBindPopover *) object;

  g_clear_pointer (&self->controls, g_ptr_array_unref);

  G_OBJECT_CLASS (lf_bind_popover_parent_class)->finalize (object);
}

static void
lf_bind_popover_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LfBindPopover *self = LF_BIND_POPOVER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_bind_popover_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LfBindPopover *self = LF_BIND_POPOVER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_ITEM:
      lf_bind_popover_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_bind_popover_class_init (LfBindPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_bind_popover_dispose;
  object_class->finalize = lf_bind_popover_finalize;
  object_class->get_property = lf_bind_popover_get_property;
  object_class->set_property = lf_bind_popover_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, LF_TYPE_EDITOR_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, LF_TYPE_RESULT_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-bind-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, LfBindPopover, list);
  gtk_widget_class_bind_template_callback (widget_class, on_show);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
lf_bind_popover_init (LfBindPopover *self)
{
  self->controls = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lf_bind_popover_new (LfEditorContext *context)
{
  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (context), NULL);

  return g_object_new (LF_TYPE_BIND_POPOVER, "context", context, NULL);
}

LfResultItem *
lf_bind_popover_get_item (LfBindPopover *self)
{
  g_return_val_if_fail (LF_IS_BIND_POPOVER (self), NULL);
  return self->item;
}

void
lf_bind_popover_set_item (LfBindPopover *self,
                          LfResultItem  *item)
{
  g_return_if_fail (LF_IS_BIND_POPOVER (self));
  g_return_if_fail (item == NULL || LF_IS_RESULT_ITEM (item));

  if (g_set_object (&self->item, item))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
