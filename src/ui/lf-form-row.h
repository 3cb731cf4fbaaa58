/* lf-form-row.h: controls that share a line of a form, stacked again when it is narrow
 *
 * The children sit side by side in columns of equal width when the width gives each its
 * minimum, and one below the other otherwise, so a row never makes the form wider than its
 * widest child. Hidden children take no column. Run mode and the editor's canvas both use it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LF_TYPE_FORM_ROW (lf_form_row_get_type ())

G_DECLARE_FINAL_TYPE (LfFormRow, lf_form_row, LF, FORM_ROW, GtkWidget)

GtkWidget *lf_form_row_new          (int        spacing);
void       lf_form_row_append       (LfFormRow *self,
                                     GtkWidget *child);
/* Whether the last allocation put the children side by side. */
gboolean   lf_form_row_is_wide      (LfFormRow *self);

G_END_DECLS
