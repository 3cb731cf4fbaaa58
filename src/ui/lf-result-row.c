/* lf-result-row.c: one line of the actions panel's answer tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-bind-popover.h"
#include "lf-result-item.h"
#include "lf-result-row.h"

struct _LfResultRow
{
  AdwBin           parent_instance;

  GtkTreeExpander *expander;
  GtkLabel        *key;
  GtkLabel        *value;
  GtkMenuButton   *bind;

  LfEditorContext *context;
  LfBindPopover   *popover;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LIST_ROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfResultRow, lf_result_row, ADW_TYPE_BIN)

static void
show_item (LfResultRow  *self,
           LfResultItem *item)
{
  g_autofree char *summary = NULL;
  g_autofree char *bind_name = NULL;

  lf_bind_popover_set_item (self->popover, item);
  if (item == NULL)
    {
      gtk_label_set_text (self->key, "");
      gtk_label_set_text (self->value, "");
      return;
    }
  summary = lf_result_item_dup_summary (item);
  gtk_label_set_text (self->key, lf_result_item_get_key (item));
  gtk_label_set_text (self->value, summary);
  /* Every row has the same button: its name says which field it binds. */
  bind_name = g_strdup_printf (_("Bind %s to a control"), lf_result_item_get_title (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bind), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  bind_name, -1);
}

static void
lf_result_row_constructed (GObject *object)
{
  LfResultRow *self = (LfResultRow *) object;

  G_OBJECT_CLASS (lf_result_row_parent_class)->constructed (object);

  /* The popover lists the context's controls; the menu button owns it. */
  self->popover = LF_BIND_POPOVER (lf_bind_popover_new (self->context));
  gtk_menu_button_set_popover (self->bind, GTK_WIDGET (self->popover));
}

static void
lf_result_row_dispose (GObject *object)
{
  LfResultRow *self = (LfResultRow *) object;

  /* AdwBin drops the template's child itself: disposing the template would unparent it
   * behind AdwBin's back. */
  self->popover = NULL;
  g_clear_object (&self->context);

  G_OBJECT_CLASS (lf_result_row_parent_class)->dispose (object);
}

static void
lf_result_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LfResultRow *self = LF_RESULT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LIST_ROW:
      g_value_set_object (value, lf_result_row_get_list_row (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_result_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LfResultRow *self = LF_RESULT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_LIST_ROW:
      lf_result_row_set_list_row (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_result_row_class_init (LfResultRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lf_result_row_constructed;
  object_class->dispose = lf_result_row_dispose;
  object_class->get_property = lf_result_row_get_property;
  object_class->set_property = lf_result_row_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, LF_TYPE_EDITOR_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIST_ROW] =
    g_param_spec_object ("list-row", NULL, NULL, GTK_TYPE_TREE_LIST_ROW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-result-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LfResultRow, expander);
  gtk_widget_class_bind_template_child (widget_class, LfResultRow, key);
  gtk_widget_class_bind_template_child (widget_class, LfResultRow, value);
  gtk_widget_class_bind_template_child (widget_class, LfResultRow, bind);
}

static void
lf_result_row_init (LfResultRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lf_result_row_new (LfEditorContext *context)
{
  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (context), NULL);

  return g_object_new (LF_TYPE_RESULT_ROW, "context", context, NULL);
}

GtkTreeListRow *
lf_result_row_get_list_row (LfResultRow *self)
{
  g_return_val_if_fail (LF_IS_RESULT_ROW (self), NULL);
  return gtk_tree_expander_get_list_row (self->expander);
}

void
lf_result_row_set_list_row (LfResultRow    *self,
                            GtkTreeListRow *list_row)
{
  g_autoptr(LfResultItem) item = NULL;

  g_return_if_fail (LF_IS_RESULT_ROW (self));
  g_return_if_fail (list_row == NULL || GTK_IS_TREE_LIST_ROW (list_row));

  if (gtk_tree_expander_get_list_row (self->expander) == list_row)
    return;
  if (list_row != NULL)
    item = gtk_tree_list_row_get_item (list_row);
  gtk_tree_expander_set_list_row (self->expander, list_row);
  show_item (self, item);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_ROW]);
}
