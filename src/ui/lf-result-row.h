/* lf-result-row.h: one line of the actions panel's answer tree
 *
 * An expander, the field's key, a one-line summary of its value and "Bind to…", whose popover
 * offers the form's controls to show the field in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-editor-context.h"

G_BEGIN_DECLS

#define LF_TYPE_RESULT_ROW (lf_result_row_get_type ())

G_DECLARE_FINAL_TYPE (LfResultRow, lf_result_row, LF, RESULT_ROW, AdwBin)

GtkWidget      *lf_result_row_new          (LfEditorContext *context);
/* The tree row shown, whose item is an LfResultItem; NULL while the row is unused. */
GtkTreeListRow *lf_result_row_get_list_row (LfResultRow     *self);
void            lf_result_row_set_list_row (LfResultRow     *self,
                                            GtkTreeListRow  *list_row);

G_END_DECLS
