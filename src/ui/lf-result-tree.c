/* lf-result-tree.c: an action's answer as a tree of fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include "lf-result-item.h"
#include "lf-result-row.h"
#include "lf-result-tree.h"

struct _LfResultTree
{
  AdwBin           parent_instance;

  GtkListView     *view;

  LfEditorContext *context;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfResultTree, lf_result_tree, ADW_TYPE_BIN)

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  return lf_result_item_dup_children (item);
}

static void
setup_row (LfResultTree *self,
           GtkListItem  *list_item)
{
  gtk_list_item_set_child (list_item, lf_result_row_new (self->context));
}

static void
bind_row (LfResultTree *self,
          GtkListItem  *list_item)
{
  lf_result_row_set_list_row (LF_RESULT_ROW (gtk_list_item_get_child (list_item)),
                              gtk_list_item_get_item (list_item));
}

static void
unbind_row (LfResultTree *self,
            GtkListItem  *list_item)
{
  lf_result_row_set_list_row (LF_RESULT_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
lf_result_tree_dispose (GObject *object)
{
  LfResultTree *self = (LfResultTree *) object;

  /* AdwBin drops the template's child itself: disposing the template would unparent it
   * behind AdwBin's back. */
  g_clear_object (&self->context);

  G_OBJECT_CLASS (lf_result_tree_parent_class)->dispose (object);
}

static void
lf_result_tree_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LfResultTree *self = LF_RESULT_TREE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_result_tree_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LfResultTree *self = LF_RESULT_TREE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_result_tree_class_init (LfResultTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_result_tree_dispose;
  object_class->get_property = lf_result_tree_get_property;
  object_class->set_property = lf_result_tree_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, LF_TYPE_EDITOR_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-result-tree.ui");
  gtk_widget_class_bind_template_child (widget_class, LfResultTree, view);
  gtk_widget_class_bind_template_callback (widget_class, setup_row);
  gtk_widget_class_bind_template_callback (widget_class, bind_row);
  gtk_widget_class_bind_template_callback (widget_class, unbind_row);
}

static void
lf_result_tree_init (LfResultTree *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lf_result_tree_new (LfEditorContext *context)
{
  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (context), NULL);

  return g_object_new (LF_TYPE_RESULT_TREE, "context", context, NULL);
}

void
lf_result_tree_set_value (LfResultTree *self,
                          JsonNode     *data,
                          const char   *path)
{
  g_autoptr(GListModel) members = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkTreeListModel *tree;

  g_return_if_fail (LF_IS_RESULT_TREE (self));
  g_return_if_fail (path != NULL);

  members = lf_result_item_list_members (data, path);
  gtk_widget_set_visible (GTK_WIDGET (self), members != NULL);
  if (members == NULL)
    {
      gtk_list_view_set_model (self->view, NULL);
      return;
    }
  /* Collapsed, and each field's members made only when it is expanded. */
  tree = gtk_tree_list_model_new (g_steal_pointer (&members), FALSE, FALSE, create_children,
                                  NULL, NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (tree));
  gtk_list_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
}
