/* lf-json-tree.c: a JSON value as a folded tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lf-json-tree.h"
#include "lf-json-util.h"

/* Past either, reading the value as text is harder than opening what matters. */
#define FOLD_LINES 1000
#define FOLD_BYTES (64 * 1024)
/* How much of a string or number a row shows before "…". */
#define PREVIEW_CHARS 120

struct _LfJsonTreeNode
{
  GObject parent_instance;

  /* The whole value, held so that the borrowed pointers below stay valid. JsonNode's own
   * reference count is atomic, unlike JsonObject's: the printing thread may be reading the
   * same tree, so the tree holds nothing else. */
  JsonNode        *root;
  JsonNode        *value;
  char            *key;
  guint            n_children;
  /* Made on first use, so a folded member costs one object however large it is. */
  const char     **names;
  LfJsonTreeNode **children;
};

static void lf_json_tree_node_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfJsonTreeNode, lf_json_tree_node, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      lf_json_tree_node_list_model_init))

static LfJsonTreeNode *
node_new (JsonNode *root,
          JsonNode *value,
          char     *key)
{
  LfJsonTreeNode *self = g_object_new (LF_TYPE_JSON_TREE_NODE, NULL);

  self->root = json_node_ref (root);
  self->value = value;
  self->key = key;
  if (JSON_NODE_HOLDS_OBJECT (value))
    self->n_children = json_object_get_size (json_node_get_object (value));
  else if (JSON_NODE_HOLDS_ARRAY (value))
    self->n_children = json_array_get_length (json_node_get_array (value));
  return self;
}

LfJsonTreeNode *
lf_json_tree_node_new (JsonNode *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  return node_new (value, value, NULL);
}

static GType
lf_json_tree_node_get_item_type (GListModel *model)
{
  return LF_TYPE_JSON_TREE_NODE;
}

static guint
lf_json_tree_node_get_n_items (GListModel *model)
{
  return LF_JSON_TREE_NODE (model)->n_children;
}

static gpointer
lf_json_tree_node_get_item (GListModel *model,
                            guint       position)
{
  LfJsonTreeNode *self = LF_JSON_TREE_NODE (model);

  if (position >= self->n_children)
    return NULL;

  if (self->children == NULL)
    self->children = g_new0 (LfJsonTreeNode *, self->n_children);
  if (self->children[position] == NULL)
    {
      if (JSON_NODE_HOLDS_OBJECT (self->value))
        {
          JsonObject *object = json_node_get_object (self->value);

          /* The members in the order the document has them. */
          if (self->names == NULL)
            {
              g_autoptr(GList) members = json_object_get_members (object);
              guint i = 0;

              self->names = g_new0 (const char *, self->n_children);
              for (GList *l = members; l != NULL && i < self->n_children; l = l->next)
                self->names[i++] = l->data;
            }
          self->children[position] =
            node_new (self->root, json_object_get_member (object, self->names[position]),
                      g_strdup (self->names[position]));
        }
      else
        self->children[position] =
          node_new (self->root, json_array_get_element (json_node_get_array (self->value),
                                                        position),
                    g_strdup_printf ("%u", position));
    }
  return g_object_ref (self->children[position]);
}

static void
lf_json_tree_node_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = lf_json_tree_node_get_item_type;
  iface->get_n_items = lf_json_tree_node_get_n_items;
  iface->get_item = lf_json_tree_node_get_item;
}

static void
lf_json_tree_node_finalize (GObject *object)
{
  LfJsonTreeNode *self = LF_JSON_TREE_NODE (object);

  if (self->children != NULL)
    for (guint i = 0; i < self->n_children; i++)
      g_clear_object (&self->children[i]);
  g_free (self->children);
  g_free (self->names);
  g_free (self->key);
  g_clear_pointer (&self->root, json_node_unref);

  G_OBJECT_CLASS (lf_json_tree_node_parent_class)->finalize (object);
}

static void
lf_json_tree_node_class_init (LfJsonTreeNodeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_json_tree_node_finalize;
}

static void
lf_json_tree_node_init (LfJsonTreeNode *self)
{
}

const char *
lf_json_tree_node_get_key (LfJsonTreeNode *self)
{
  g_return_val_if_fail (LF_IS_JSON_TREE_NODE (self), NULL);
  return self->key;
}

JsonNode *
lf_json_tree_node_get_value (LfJsonTreeNode *self)
{
  g_return_val_if_fail (LF_IS_JSON_TREE_NODE (self), NULL);
  return self->value;
}

static void
append_string_preview (GString    *out,
                       const char *text)
{
  const char *p = lf_json_append_string (out, text, PREVIEW_CHARS);

  if (*p != '\0')
    {
      g_autofree char *size = g_format_size (strlen (text));

      /* Translators: a cut string value, then its whole size: "…" (6.0 MB) */
      g_string_append_printf (out, _("… (%s)"), size);
    }
}

char *
lf_json_tree_node_dup_preview (LfJsonTreeNode *self)
{
  GString *out;

  g_return_val_if_fail (LF_IS_JSON_TREE_NODE (self), NULL);

  switch (json_node_get_node_type (self->value))
    {
    case JSON_NODE_OBJECT:
      if (self->n_children == 0)
        return g_strdup ("{}");
      /* Translators: a folded JSON object and how many members it has */
      return g_strdup_printf (ngettext ("{ %u key }", "{ %u keys }", self->n_children),
                              self->n_children);
    case JSON_NODE_ARRAY:
      if (self->n_children == 0)
        return g_strdup ("[]");
      /* Translators: a folded JSON array and how many elements it has */
      return g_strdup_printf (ngettext ("[ %u item ]", "[ %u items ]", self->n_children),
                              self->n_children);
    case JSON_NODE_VALUE:
      out = g_string_new (NULL);
      switch (json_node_get_value_type (self->value))
        {
        case G_TYPE_STRING:
          append_string_preview (out, json_node_get_string (self->value));
          break;
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (self->value));
          break;
        case G_TYPE_DOUBLE:
          lf_json_append_double (out, json_node_get_double (self->value));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (self->value) ? "true" : "false");
          break;
        default:
          g_string_append (out, "null");
        }
      return g_string_free (out, FALSE);
    case JSON_NODE_NULL:
    default:
      return g_strdup ("null");
    }
}

/* Deciding to fold ***********************************************************************/

typedef struct
{
  guint lines;
  gsize bytes;
} Budget;

static gboolean
over_budget (const Budget *budget)
{
  return budget->lines > FOLD_LINES || budget->bytes > FOLD_BYTES;
}

/* Adds what @node takes as pretty-printed text, stopping once past the budget: each container
 * adds a line per member before its members are looked at, so few nodes are visited. */
static gboolean
spend (JsonNode *node,
       Budget   *budget)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        budget->lines += json_object_get_size (object) + 1;
        json_object_iter_init (&iter, object);
        while (!over_budget (budget) && json_object_iter_next (&iter, &name, &member))
          {
            budget->bytes += strlen (name) + 4;
            spend (member, budget);
          }
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        budget->lines += n + 1;
        for (guint i = 0; i < n && !over_budget (budget); i++)
          spend (json_array_get_element (array, i), budget);
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        budget->bytes += strnlen (json_node_get_string (node), FOLD_BYTES + 1) + 2;
      else
        budget->bytes += 8;
      break;
    case JSON_NODE_NULL:
    default:
      budget->bytes += 4;
    }
  return over_budget (budget);
}

gboolean
lf_json_tree_should_fold (JsonNode *value)
{
  Budget budget = { 0, 0 };

  /* A single string or number has nothing to fold. */
  if (value == NULL || (!JSON_NODE_HOLDS_OBJECT (value) && !JSON_NODE_HOLDS_ARRAY (value)))
    return FALSE;
  return spend (value, &budget);
}

/* The view *******************************************************************************/

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  LfJsonTreeNode *node = item;

  return node->n_children > 0 ? g_object_ref (G_LIST_MODEL (node)) : NULL;
}

static void
update_expanded_state (GtkTreeListRow *row,
                       GParamSpec     *pspec,
                       GtkWidget      *expander)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_STATE_EXPANDED,
                               gtk_tree_list_row_get_expanded (row), -1);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *key = gtk_label_new (NULL);
  GtkWidget *value = gtk_label_new (NULL);
  g_autoptr(PangoAttrList) bold = pango_attr_list_new ();

  pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  gtk_label_set_attributes (GTK_LABEL (key), bold);
  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "monospace");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (value), TRUE);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_add_css_class (value, "monospace");
  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), value);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *key = gtk_widget_get_first_child (box);
  GtkWidget *value = gtk_widget_get_next_sibling (key);
  g_autoptr(LfJsonTreeNode) node = gtk_tree_list_row_get_item (row);
  g_autofree char *preview = lf_json_tree_node_dup_preview (node);
  g_autofree char *key_text = g_strdup_printf ("%s:", node->key);
  /* Translators: how a screen reader says a row of a folded JSON value: key, then value */
  g_autofree char *name = g_strdup_printf (_("%s: %s"), node->key, preview);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (key), key_text);
  gtk_label_set_text (GTK_LABEL (value), preview);
  /* Counts are not values: dim them, as code editors dim a folded region. */
  if (node->n_children > 0)
    gtk_widget_add_css_class (value, "dim-label");
  else
    gtk_widget_remove_css_class (value, "dim-label");

  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  if (gtk_tree_list_row_is_expandable (row))
    {
      update_expanded_state (row, NULL, expander);
      g_signal_connect_object (row, "notify::expanded", G_CALLBACK (update_expanded_state),
                               expander, 0);
    }
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_STATE_EXPANDED);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, update_expanded_state, expander);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

/* Enter and double-click fold and unfold, as in a tree view. */
static void
on_activate (GtkListView *view,
             guint        position,
             gpointer     user_data)
{
  GListModel *rows = G_LIST_MODEL (gtk_list_view_get_model (view));
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, position);

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

/* The row holding the keyboard focus: the focus is on the row itself or inside it. */
static GtkTreeExpander *
focused_expander (GtkWidget *view)
{
  GtkRoot *root = gtk_widget_get_root (view);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, view))
    return NULL;
  for (GtkWidget *w = focus; w != NULL && w != view; w = gtk_widget_get_parent (w))
    if (GTK_IS_TREE_EXPANDER (w))
      return GTK_TREE_EXPANDER (w);
  for (GtkWidget *w = gtk_widget_get_first_child (focus); w != NULL;
       w = gtk_widget_get_first_child (w))
    if (GTK_IS_TREE_EXPANDER (w))
      return GTK_TREE_EXPANDER (w);
  return NULL;
}

/* Right or + opens the focused row, Left or - closes it, as in GtkTreeView. GtkTreeExpander
 * has the +/- bindings itself only when it holds the focus, which GTK 4.8 does not give it. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkTreeExpander *expander;
  GtkTreeListRow *row;
  gboolean rtl = gtk_widget_get_direction (view) == GTK_TEXT_DIR_RTL;
  gboolean expand;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_KP_Add:
    case GDK_KEY_asterisk:
    case GDK_KEY_KP_Multiply:
      expand = TRUE;
      break;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      expand = FALSE;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      expand = !rtl;
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      expand = rtl;
      break;
    default:
      return FALSE;
    }

  if ((expander = focused_expander (view)) == NULL ||
      (row = gtk_tree_expander_get_list_row (expander)) == NULL ||
      !gtk_tree_list_row_is_expandable (row))
    return FALSE;
  gtk_tree_list_row_set_expanded (row, expand);
  return TRUE;
}

GtkWidget *
lf_json_tree_view_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *view;
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  view = gtk_list_view_new (NULL, factory);
  gtk_widget_add_css_class (view, "data-table");
  g_signal_connect (view, "activate", G_CALLBACK (on_activate), NULL);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), NULL);
  gtk_widget_add_controller (view, keys);
  return view;
}

void
lf_json_tree_view_set_value (GtkListView *view,
                             JsonNode    *value)
{
  GtkTreeListModel *rows;
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (GTK_IS_LIST_VIEW (view));

  if (value == NULL)
    {
      gtk_list_view_set_model (view, NULL);
      return;
    }
  /* The value's members are the first rows; each opens only when asked. */
  rows = gtk_tree_list_model_new (G_LIST_MODEL (lf_json_tree_node_new (value)), FALSE, FALSE,
                                  create_children, NULL, NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (rows));
  gtk_list_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

GtkTreeListModel *
lf_json_tree_view_get_rows (GtkListView *view)
{
  GtkSelectionModel *selection;

  g_return_val_if_fail (GTK_IS_LIST_VIEW (view), NULL);

  selection = gtk_list_view_get_model (view);
  if (selection == NULL)
    return NULL;
  return GTK_TREE_LIST_MODEL (gtk_no_selection_get_model (GTK_NO_SELECTION (selection)));
}
