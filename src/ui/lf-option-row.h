/* lf-option-row.h: one option of a drop-down in the inspector: its label, its value, Remove
 *
 *   activate ()   Enter in either entry: keep the change
 *   remove ()     the Remove button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LF_TYPE_OPTION_ROW (lf_option_row_get_type ())

G_DECLARE_FINAL_TYPE (LfOptionRow, lf_option_row, LF, OPTION_ROW, AdwPreferencesRow)

/* @position counts from 0; screen readers hear it from 1 ("Label of option 1"). */
GtkWidget  *lf_option_row_new       (JsonObject  *option,
                                     guint        position);
/* {"label": …, "value": …}: numbers and true/false typed as the value are taken as such,
 * anything else as text. */
JsonObject *lf_option_row_dup_option (LfOptionRow *self);

G_END_DECLS
