/* lf-result-tree.h: an action's answer as a tree of fields, each with "Bind to…"
 *
 * The fields of the answer's data unfold one level at a time. The tree hides itself while
 * it has nothing to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-editor-context.h"

G_BEGIN_DECLS

#define LF_TYPE_RESULT_TREE (lf_result_tree_get_type ())

G_DECLARE_FINAL_TYPE (LfResultTree, lf_result_tree, LF, RESULT_TREE, AdwBin)

GtkWidget *lf_result_tree_new       (LfEditorContext *context);
/* Shows the members of @data, whose path is @path ("invoke.data"); NULL, or a value with
 * no members, empties and hides the tree. */
void       lf_result_tree_set_value (LfResultTree    *self,
                                     JsonNode        *data,
                                     const char      *path);

G_END_DECLS
