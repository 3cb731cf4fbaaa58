/* lf-history-window.h: the run history, searched, compared, copied and run again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-session.h"

G_BEGIN_DECLS

#define LF_TYPE_HISTORY_WINDOW (lf_history_window_get_type ())

G_DECLARE_FINAL_TYPE (LfHistoryWindow, lf_history_window, LF, HISTORY_WINDOW, AdwWindow)

/* NULL when the session has no history (it could not be opened; the log says why). */
LfHistoryWindow *lf_history_window_new       (GtkWindow       *parent,
                                              LfSession       *session);
/* The runs the list shows (LfHistoryEntry) and the one selected. */
GListModel      *lf_history_window_get_model (LfHistoryWindow *self);
void             lf_history_window_select    (LfHistoryWindow *self,
                                              guint            position);
/* The run whose details are shown, whole, or NULL. */
JsonObject      *lf_history_window_get_shown (LfHistoryWindow *self);

G_END_DECLS
