/* lf-shared-events.h: shareable test events, kept where the Lambda console keeps them
 *
 * The console, SAM CLI ("sam remote test-event") and the AWS Toolkits store a function's
 * shareable events in the account's EventBridge Schemas registry "lambda-testevent-schemas",
 * as one schema per function named "_FUNCTION-schema": an OpenAPI 3 document whose
 * components.examples.NAME.value is each event, with an optional
 * components.examples.NAME["x-metadata"].invocationType. Whatever else the document holds is
 * kept as it is when an event is added or removed.
 *
 * The document functions are pure; the _async ones make the registry calls in SAM CLI's order:
 * the registry is created when missing, at most five versions of a schema are kept, and the
 * schema goes when its last event does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-schemas-client.h"
#include "lf-test-event.h"

G_BEGIN_DECLS

#define LF_SHARED_EVENTS_REGISTRY "lambda-testevent-schemas"
/* What CreateSchema and UpdateSchema take, in characters. */
#define LF_SHARED_EVENTS_MAX_CONTENT 100000
#define LF_SHARED_EVENTS_MAX_VERSIONS 5

/* "_greet-schema" */
char      *lf_shared_events_schema_name      (const char   *function);

/* A document from a schema's Content; refused when it has no "components" object. */
JsonNode  *lf_shared_events_document_parse   (const char   *content,
                                              GError      **error);
/* A document for a function that has none yet: OpenAPI 3 with a schema of @first. */
JsonNode  *lf_shared_events_document_new     (JsonNode     *first);
/* LfTestEvents (origin SHARED) in the document's order. */
GPtrArray *lf_shared_events_document_list    (JsonNode     *document);
/* Adds or replaces the example named as @event. */
void       lf_shared_events_document_put     (JsonNode     *document,
                                              LfTestEvent  *event);
gboolean   lf_shared_events_document_remove  (JsonNode     *document,
                                              const char   *name);
guint      lf_shared_events_document_count   (JsonNode     *document);
/* The Content to send; NULL with LF_EVENTS_ERROR_TOO_LARGE over the registry's limit. */
char      *lf_shared_events_document_to_content (JsonNode  *document,
                                              GError      **error);

/* A JSON Schema (draft 7 words) that @value fits: types, properties, required members. */
JsonNode  *lf_json_schema_infer              (JsonNode     *value);

void       lf_shared_events_list_async       (LfSchemasClient     *client,
                                              const char          *function,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* LfTestEvents; empty when the function has no shareable events. */
GPtrArray *lf_shared_events_list_finish      (LfSchemasClient     *client,
                                              GAsyncResult        *result,
                                              GError             **error);
void       lf_shared_events_save_async       (LfSchemasClient     *client,
                                              const char          *function,
                                              LfTestEvent         *event,
                                              gboolean             replace,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void       lf_shared_events_delete_async     (LfSchemasClient     *client,
                                              const char          *function,
                                              const char          *name,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* For save and delete. */
gboolean   lf_shared_events_change_finish    (LfSchemasClient     *client,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
