/* lf-event-templates.h: sample events for the common event sources
 *
 * Written from AWS's documented shapes (data/events/, compiled into the core library): what a
 * function behind API Gateway, S3, SQS and the rest receives, to start a test from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-test-event.h"

G_BEGIN_DECLS

typedef struct
{
  const char *id;        /* "s3-put": the file's name and the event's name */
  const char *title;     /* "S3: an object was put" (translatable) */
} LfEventTemplate;

const LfEventTemplate *lf_event_templates_get_all (guint       *n_templates);
const LfEventTemplate *lf_event_template_lookup   (const char  *id);
/* The template as an event of origin TEMPLATE, titled in the user's language. */
LfTestEvent           *lf_event_template_load     (const LfEventTemplate *self,
                                                   GError     **error);
/* Every template, in the catalogue's order. */
GPtrArray             *lf_event_templates_load_all (void);

G_END_DECLS
