/* lf-recent-events.h: the payloads a function was sent lately, from the run history, as
 * events to start from again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-history.h"
#include "lf-test-event.h"

G_BEGIN_DECLS

/* Up to @max distinct payloads of @function's latest Invokes (of @account, NULL: any),
 * newest first, as LfTestEvents of origin RECENT titled with when they were sent. Read on a
 * worker thread. */
void       lf_recent_events_list_async  (LfHistory            *history,
                                         const char           *account,
                                         const char           *function,
                                         guint                 max,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GPtrArray *lf_recent_events_list_finish (LfHistory            *history,
                                         GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
