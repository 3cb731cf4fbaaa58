/* lf-history-model.h: the run history as a list, newest first, read a page at a time
 *
 * Items are LfHistoryEntry. The first page is read when a query is set; the next ones when
 * lf_history_model_load_more () is called (as the list is scrolled to its end), each on the
 * history's worker, so the main loop never waits for the disk and 100,000 runs cost only
 * what is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lf-history-entry.h"
#include "lf-history.h"

G_BEGIN_DECLS

#define LF_TYPE_HISTORY_MODEL (lf_history_model_get_type ())

G_DECLARE_FINAL_TYPE (LfHistoryModel, lf_history_model, LF, HISTORY_MODEL, GObject)

LfHistoryModel *lf_history_model_new       (LfHistory            *history);
/* Empties the list and reads the first page of what @query finds (copied). */
void            lf_history_model_set_query (LfHistoryModel       *self,
                                            const LfHistoryQuery *query);
/* Reads the next page, unless one is being read or the last was. */
void            lf_history_model_load_more (LfHistoryModel       *self);
/* Whether a page is being read: the "loading" property. */
gboolean        lf_history_model_get_loading (LfHistoryModel     *self);

G_END_DECLS
