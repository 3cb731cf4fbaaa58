/* lf-json-view.h: a JSON value for reading: highlighted text, or a folded tree when large
 *
 * The value is pretty-printed on a worker thread, so even megabytes never hold a frame. Only
 * the first LF_JSON_VIEW_PREVIEW_BYTES show until "Show All"; a large object or array opens as
 * a folded tree (lf-json-tree.h) at once, with a button between the two; "Save to File…"
 * writes the whole text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How much of a value is shown before "Show All". */
#define LF_JSON_VIEW_PREVIEW_BYTES (200 * 1024)

#define LF_TYPE_JSON_VIEW (lf_json_view_get_type ())

G_DECLARE_FINAL_TYPE (LfJsonView, lf_json_view, LF, JSON_VIEW, GtkBox)

/* @save_name: the file name offered by "Save to File…", without ".json". */
GtkWidget *lf_json_view_new       (const char *save_name);
/* Shows @value (NULL: nothing); printing goes on after the call returns. */
void       lf_json_view_set_value (LfJsonView *self,
                                   JsonNode   *value);
/* What screen readers call the text and the tree. */
void       lf_json_view_set_label (LfJsonView *self,
                                   const char *label);
/* "text" (the text view), "tree", "show-all", "save", "truncation" (the label saying how much
 * shows) or "view-toggle". */
GtkWidget *lf_json_view_get_part  (LfJsonView *self,
                                   const char *part);

G_END_DECLS
