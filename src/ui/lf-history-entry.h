/* lf-history-entry.h: one run of the run history, as a list shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LF_TYPE_HISTORY_ENTRY (lf_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (LfHistoryEntry, lf_history_entry, LF, HISTORY_ENTRY, GObject)

/* The run's summary, as lf_history_list () gives it. */
JsonObject *lf_history_entry_get_summary (LfHistoryEntry *self);
gint64      lf_history_entry_get_id      (LfHistoryEntry *self);
const char *lf_history_entry_get_string  (LfHistoryEntry *self,
                                          const char     *member);
LfHistoryEntry *lf_history_entry_new      (JsonObject     *summary);

G_END_DECLS
