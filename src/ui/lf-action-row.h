/* lf-action-row.h: one action in the actions panel's list: its name, what it does, and a
 * check mark on the one shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LF_TYPE_ACTION_ROW (lf_action_row_get_type ())

G_DECLARE_FINAL_TYPE (LfActionRow, lf_action_row, LF, ACTION_ROW, AdwActionRow)

/* @action: the name of the form's action; @operation: what it does, in words. */
GtkWidget  *lf_action_row_new         (const char  *action,
                                       const char  *operation);
const char *lf_action_row_get_action  (LfActionRow *self);
/* Whether the row is the action the panel shows: it then carries a check mark. */
gboolean    lf_action_row_get_current (LfActionRow *self);
void        lf_action_row_set_current (LfActionRow *self,
                                       gboolean     current);

G_END_DECLS
