/* lf-json-tree.h: a JSON value as a folded tree, for values too large to read as text
 *
 * GtkSourceView 5 cannot fold, so a large value shows as a list of its members, each one line
 * ("key: preview") with an expander. Nodes wrap the parsed JsonNode and make their children
 * only when expanded, so a document of several megabytes costs a handful of rows up front.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LF_TYPE_JSON_TREE_NODE (lf_json_tree_node_get_type ())

/* A node is also the list of its children (a GListModel of LfJsonTreeNode). */
G_DECLARE_FINAL_TYPE (LfJsonTreeNode, lf_json_tree_node, LF, JSON_TREE_NODE, GObject)

/* The node for a whole value; it keeps @value alive. */
LfJsonTreeNode *lf_json_tree_node_new         (JsonNode       *value);
/* The member name, the element index as text, or NULL for the whole value. */
const char     *lf_json_tree_node_get_key     (LfJsonTreeNode *self);
JsonNode       *lf_json_tree_node_get_value   (LfJsonTreeNode *self);
/* One line: "{ 3 keys }", "[ 12 items ]", or the value as JSON, cut when long. */
char           *lf_json_tree_node_dup_preview (LfJsonTreeNode *self);

/* Whether @value is an object or array too large to read as text: past about a thousand
 * lines or 64 kB. Looks at no more than that much of it, so it is cheap on any value. */
gboolean        lf_json_tree_should_fold      (JsonNode       *value);

/* A list view showing a value's members folded; empty until one is set. */
GtkWidget      *lf_json_tree_view_new         (void);
/* Shows @value (NULL empties the view), its top-level members collapsed. */
void            lf_json_tree_view_set_value   (GtkListView    *view,
                                               JsonNode       *value);
/* The rows as the view has them: a GtkTreeListModel of LfJsonTreeNode, or NULL. */
GtkTreeListModel *lf_json_tree_view_get_rows  (GtkListView    *view);


G_END_DECLS
