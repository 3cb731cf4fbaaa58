/* lf-test-event.h: one test event: a name, a JSON payload and where it comes from
 *
 * Events are what a function is tried with: saved on this computer (LfEventStore), shared
 * through the account's Schemas registry (lf-shared-events.h), a template for an event source
 * (lf-event-templates.h) or a payload recently sent (the run history).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LF_EVENTS_ERROR (lf_events_error_quark ())

typedef enum
{
  LF_EVENTS_ERROR_INVALID_NAME,   /* an event or function name that cannot be used */
  LF_EVENTS_ERROR_EXISTS,         /* an event of that name is there and may not be replaced */
  LF_EVENTS_ERROR_NOT_FOUND,      /* no event of that name */
  LF_EVENTS_ERROR_INVALID_FILE,   /* a file or document that is not events */
  LF_EVENTS_ERROR_TOO_LARGE,      /* more than the registry keeps for a function */
} LfEventsErrorCode;

typedef enum
{
  LF_TEST_EVENT_SAVED,
  LF_TEST_EVENT_SHARED,
  LF_TEST_EVENT_TEMPLATE,
  LF_TEST_EVENT_RECENT,
} LfTestEventOrigin;

/* The longest name the Lambda console takes for a shareable event. */
#define LF_TEST_EVENT_MAX_NAME 25

#define LF_TYPE_TEST_EVENT (lf_test_event_get_type ())

G_DECLARE_FINAL_TYPE (LfTestEvent, lf_test_event, LF, TEST_EVENT, GObject)

GQuark             lf_events_error_quark            (void);

/* Copies @payload. */
LfTestEvent       *lf_test_event_new                (const char         *name,
                                                     JsonNode           *payload,
                                                     LfTestEventOrigin   origin);
const char        *lf_test_event_get_name           (LfTestEvent        *self);
/* For people: the template's title, or the name. */
const char        *lf_test_event_get_title          (LfTestEvent        *self);
void               lf_test_event_set_title          (LfTestEvent        *self,
                                                     const char         *title);
JsonNode          *lf_test_event_get_payload        (LfTestEvent        *self);
/* Two-space indented JSON, as a payload editor shows it. */
char              *lf_test_event_dup_payload_text   (LfTestEvent        *self);
LfTestEventOrigin  lf_test_event_get_origin         (LfTestEvent        *self);
/* "RequestResponse", "Event", or NULL when the event does not say. */
const char        *lf_test_event_get_invocation_type (LfTestEvent       *self);
void               lf_test_event_set_invocation_type (LfTestEvent       *self,
                                                     const char         *invocation_type);

/* What the console accepts: 1 to 25 letters, digits, ".", "-" or "_". */
gboolean           lf_test_event_check_name         (const char         *name,
                                                     GError            **error);
/* "greet" from "greet", "arn:aws:lambda:…:function:greet" or "greet:prod"; NULL with @error
 * for what is not a function name. */
char              *lf_test_event_dup_function_name  (const char         *name_or_arn,
                                                     GError            **error);

G_END_DECLS
