/* lf-event-store.h: test events saved on this computer
 *
 * One readable JSON file per account and function, DIRECTORY/ACCOUNT/FUNCTION.json:
 *
 *   { "lambda_forms_events": 1, "function": "greet",
 *     "events": { "ada": { "payload": {…}, "invocation_type": "RequestResponse" } } }
 *
 * Events are written sorted by name and payloads keep their members' order, so that a file
 * diffs well in git. Every write replaces the file atomically.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lf-test-event.h"

G_BEGIN_DECLS

#define LF_TYPE_EVENT_STORE (lf_event_store_get_type ())

G_DECLARE_FINAL_TYPE (LfEventStore, lf_event_store, LF, EVENT_STORE, GObject)

/* $XDG_DATA_HOME/lambda-forms/events */
char         *lf_event_store_dup_default_directory (void);
LfEventStore *lf_event_store_new           (const char    *directory);
/* The file that holds @function's events of @account (NULL: "default"). */
char         *lf_event_store_dup_path      (LfEventStore  *self,
                                            const char    *account,
                                            const char    *function);
/* LfTestEvents sorted by name; empty when none were saved. */
GPtrArray    *lf_event_store_list          (LfEventStore  *self,
                                            const char    *account,
                                            const char    *function,
                                            GError       **error);
void          lf_event_store_list_async    (LfEventStore  *self,
                                            const char    *account,
                                            const char    *function,
                                            GCancellable  *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer       user_data);
GPtrArray    *lf_event_store_list_finish   (LfEventStore  *self,
                                            GAsyncResult  *result,
                                            GError       **error);
LfTestEvent  *lf_event_store_lookup        (LfEventStore  *self,
                                            const char    *account,
                                            const char    *function,
                                            const char    *name,
                                            GError       **error);
gboolean      lf_event_store_save          (LfEventStore  *self,
                                            const char    *account,
                                            const char    *function,
                                            LfTestEvent   *event,
                                            gboolean       replace,
                                            GError       **error);
gboolean      lf_event_store_delete        (LfEventStore  *self,
                                            const char    *account,
                                            const char    *function,
                                            const char    *name,
                                            GError       **error);
/* Adds the events of the file at @path: a collection as this store writes it, a Schemas
 * document (what the console and SAM CLI share, or a DescribeSchema answer holding one), or
 * one event (named after the file). Nothing is added unless all of it can be. */
gboolean      lf_event_store_import        (LfEventStore  *self,
                                            const char    *account,
                                            const char    *function,
                                            const char    *path,
                                            gboolean       replace,
                                            guint         *n_imported,
                                            GError       **error);
/* @name NULL: the whole collection, in the store's format; else that event's payload alone. */
gboolean      lf_event_store_export        (LfEventStore  *self,
                                            const char    *account,
                                            const char    *function,
                                            const char    *name,
                                            const char    *path,
                                            GError       **error);
/* The events of a file in any of the forms import reads. */
GPtrArray    *lf_event_store_read_file     (const char    *path,
                                            GError       **error);

G_END_DECLS
