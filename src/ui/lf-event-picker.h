/* lf-event-picker.h: "Events" beside a payload: a function's saved, shared, recent and template
 * events to start the payload from, and the payload saved as an event
 *
 * The lists are read when the menu opens (saved events from disk and recent ones from the run
 * history on a worker, shared ones from the account's registry), never before.
 *
 *   chosen (LfTestEvent *event)   the person picked one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lf-history.h"
#include "lf-lambda-client.h"
#include "lf-test-event.h"

G_BEGIN_DECLS

#define LF_TYPE_EVENT_PICKER (lf_event_picker_get_type ())

G_DECLARE_FINAL_TYPE (LfEventPicker, lf_event_picker, LF, EVENT_PICKER, GtkWidget)

GtkWidget *lf_event_picker_new          (void);
/* The function whose events are offered; @client (nullable) reaches its shared events and
 * @history (nullable) its recent ones. NULL @function offers the templates alone. */
void       lf_event_picker_set_function (LfEventPicker  *self,
                                         const char     *account,
                                         const char     *function,
                                         LfLambdaClient *client,
                                         LfHistory      *history);
/* What "Save as Event…" keeps: NULL when the payload reads values from controls, which an
 * event cannot hold. */
void       lf_event_picker_set_payload  (LfEventPicker  *self,
                                         JsonNode       *payload);

G_END_DECLS
