/* lf-cli-events.h: the events the CLI's commands find by name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-event-store.h"
#include "lf-lambda-client.h"

G_BEGIN_DECLS

/* The store of $XDG_DATA_HOME. */
LfEventStore *lf_cli_open_event_store (void);
/* The account in use's saved event @name of @function_name, else its shared one. */
LfTestEvent  *lf_cli_lookup_event     (LfLambdaClient  *client,
                                       const char      *function_name,
                                       const char      *name,
                                       GError         **error);

G_END_DECLS
