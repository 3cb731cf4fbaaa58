/* lf-history.h: every action run, kept in SQLite on this computer, never a secret
 *
 * One row per run, from the app and from lambda-forms-cli alike. A row is written when the
 * run starts ("running") and completed when it ends, so after a crash the row says what was
 * in flight. The file is in WAL mode with a busy timeout: the app and any number of CLI
 * processes write at once. A file that is not a database (or is damaged) is moved aside,
 * kept, and a new one started; lf_history_get_moved_aside () says where the old one went.
 *
 * What a row holds comes from two JSON objects:
 *
 *   start: { "source": "app"|"cli", "form_path", "form_title", "action", "account",
 *            "endpoint", "values": {control: value…},
 *            "request": { "operation" (Invoke, ListFunctions, GetFunction,
 *                         DeleteFunction), "method", "path", "host", "region", "headers",
 *                         "function_name", "qualifier", "invocation_type", "payload"… } }
 *   end:   { "state": "succeeded"|"failed"|"cancelled", "status", "data": answer,
 *            "error": { "message", "aws_code", "request_id"… } }
 *
 * The request's headers are stored without Authorization, X-Amz-Security-Token or any
 * other credential, whatever the caller passes. With keep-bodies off, payloads, answers,
 * logs and control values are not stored at all.
 *
 * Every call may block on the disk: the _async forms run on a worker; the CLI may call the
 * blocking ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LF_HISTORY_ERROR (lf_history_error_quark ())

typedef enum
{
  LF_HISTORY_ERROR_FAILED,      /* SQLite refused; the message says why */
  LF_HISTORY_ERROR_NOT_FOUND,   /* no run has that id */
  LF_HISTORY_ERROR_NEWER,       /* the file was written by a newer LambdaForms */
} LfHistoryError;

GQuark lf_history_error_quark (void);

/* The schema this build writes (PRAGMA user_version). */
#define LF_HISTORY_SCHEMA_VERSION 2
/* Answers larger than this many bytes are stored cut, and marked so. */
#define LF_HISTORY_DEFAULT_RESPONSE_CAP (1024 * 1024)

typedef struct
{
  const char *function;    /* exact name, or NULL */
  const char *state;       /* running, succeeded, failed, cancelled, or NULL */
  const char *account;     /* or NULL */
  const char *form_path;   /* or NULL */
  const char *search;      /* words anywhere in function, payload, answer or error */
  gint64      since_us;    /* runs started at or after (Unix µs), or 0 */
  gint64      before_id;   /* for the next page: runs with a smaller id, or 0 */
  guint       limit;       /* 0: 100 */
} LfHistoryQuery;

/* A query whose strings are its own (NULL: an empty one), for keeping past the call. */
LfHistoryQuery *lf_history_query_copy (const LfHistoryQuery *query);
void            lf_history_query_free (LfHistoryQuery       *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfHistoryQuery, lf_history_query_free)

#define LF_TYPE_HISTORY (lf_history_get_type ())

G_DECLARE_FINAL_TYPE (LfHistory, lf_history, LF, HISTORY, GObject)

/* $XDG_DATA_HOME/lambda-forms/history.sqlite3 */
char       *lf_history_default_path    (void);

LfHistory  *lf_history_open            (const char            *path,
                                        GError               **error);
const char *lf_history_get_path        (LfHistory             *self);
/* Where a damaged file found at open was moved, or NULL. */
const char *lf_history_get_moved_aside (LfHistory             *self);

void        lf_history_set_keep_bodies (LfHistory             *self,
                                        gboolean               keep);
void        lf_history_set_response_cap (LfHistory            *self,
                                        gsize                  bytes);

/* Returns the new run's id, or 0 with @error set. */
gint64      lf_history_begin           (LfHistory             *self,
                                        JsonObject            *start,
                                        GError               **error);
gboolean    lf_history_end             (LfHistory             *self,
                                        gint64                 id,
                                        JsonObject            *end,
                                        GError               **error);
/* Newest first: a summary of each run (no request or answer). */
JsonArray  *lf_history_list            (LfHistory             *self,
                                        const LfHistoryQuery  *query,
                                        GError               **error);
/* One run, whole: its request and answer as JSON. */
JsonObject *lf_history_get             (LfHistory             *self,
                                        gint64                 id,
                                        GError               **error);
/* Every value @column ("function", "account" or "form_path") takes, sorted, for filters. */
GStrv       lf_history_list_values     (LfHistory             *self,
                                        const char            *column,
                                        GError               **error);
void        lf_history_list_values_async  (LfHistory          *self,
                                           const char         *column,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
GStrv       lf_history_list_values_finish (LfHistory          *self,
                                           GAsyncResult       *result,
                                           GError            **error);
/* Deletes runs older than @max_days (0: no limit), then the oldest until what is stored
 * weighs less than @max_bytes (0: no limit). Returns how many went, or -1. */
gint64      lf_history_prune           (LfHistory             *self,
                                        guint                  max_days,
                                        guint64                max_bytes,
                                        GError               **error);
gboolean    lf_history_clear           (LfHistory             *self,
                                        GError               **error);

/* For the main loop: the run's row is written on the history's worker, in the order asked, so
 * a run may end before its start is on disk. Failures to write are logged, never in the
 * way of the run. */
typedef struct _LfHistoryRun LfHistoryRun;

LfHistoryRun *lf_history_start_run     (LfHistory             *self,
                                        JsonObject            *start);
void          lf_history_end_run       (LfHistory             *self,
                                        LfHistoryRun          *run,
                                        JsonObject            *end);
/* The run's id once its start is written, else 0. */
gint64        lf_history_run_get_id    (LfHistoryRun          *run);
LfHistoryRun *lf_history_run_ref       (LfHistoryRun          *run);
void          lf_history_run_unref     (LfHistoryRun          *run);
/* Waits until every write asked so far is done (a CLI before it exits, tests). */
void          lf_history_flush         (LfHistory             *self);

void        lf_history_list_async      (LfHistory             *self,
                                        const LfHistoryQuery  *query,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);
JsonArray  *lf_history_list_finish     (LfHistory             *self,
                                        GAsyncResult          *result,
                                        GError               **error);

/* The flush, or every write asked so far then the clearing, on a worker; both finish with
 * lf_history_flush_finish (). */
void        lf_history_flush_async     (LfHistory             *self,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);
void        lf_history_clear_async     (LfHistory             *self,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);
gboolean    lf_history_flush_finish    (LfHistory             *self,
                                        GAsyncResult          *result,
                                        GError               **error);
void        lf_history_get_async       (LfHistory             *self,
                                        gint64                 id,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);
JsonObject *lf_history_get_finish      (LfHistory             *self,
                                        GAsyncResult          *result,
                                        GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfHistoryRun, lf_history_run_unref)

G_END_DECLS
