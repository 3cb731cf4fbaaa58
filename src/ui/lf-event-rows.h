/* lf-event-rows.h: lists of test events as the app shows them: saved, shared, sent lately,
 * then templates, each kind under its heading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lf-test-event.h"

G_BEGIN_DECLS

const char *lf_event_origin_title     (LfTestEventOrigin  origin);
/* Adds @events to @store (of LfTestEvent) in the kinds' order, whenever each kind arrives. */
void        lf_event_rows_insert      (GListStore        *store,
                                       GPtrArray         *events);
/* A heading above the first event of each kind in @list, which shows @events. */
void        lf_event_rows_set_headers (GtkListBox        *list,
                                       GListModel        *events);

G_END_DECLS
