/* lf-result-item.h: one field of an action's answer, as the actions panel's tree lists it
 *
 * An item is a member or element of the answer: its path from the action ("invoke.data.Name",
 * "list.data.Functions[2]"), the key it has in its parent ("Name", "[2]") and its value. The
 * items below an object or array are made only when the tree asks for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LF_TYPE_RESULT_ITEM (lf_result_item_get_type ())

G_DECLARE_FINAL_TYPE (LfResultItem, lf_result_item, LF, RESULT_ITEM, GObject)

LfResultItem *lf_result_item_new          (const char   *path,
                                           const char   *key,
                                           JsonNode     *node);
const char   *lf_result_item_get_path     (LfResultItem *self);
const char   *lf_result_item_get_key      (LfResultItem *self);
const char   *lf_result_item_get_title    (LfResultItem *self);
JsonNode     *lf_result_item_get_node     (LfResultItem *self);
/* One line for the value: "3 fields", "12 items", or the value itself as text. */
char         *lf_result_item_dup_summary  (LfResultItem *self);
/* The items under @node, whose path is @path: a GListModel of LfResultItem, or NULL when
 * @node is neither an object nor an array, or is empty. */
GListModel   *lf_result_item_list_members (JsonNode     *node,
                                           const char   *path);
/* Same, for the value of @self. */
GListModel   *lf_result_item_dup_children (LfResultItem *self);

G_END_DECLS
