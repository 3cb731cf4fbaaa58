/* lf-history.c: every action run, kept in SQLite on this computer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-history"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "lf-history.h"
#include "lf-json-util.h"

G_DEFINE_QUARK (lf-history-error-quark, lf_history_error)

/* Each step takes the file from the version before it to its own: never edit one that has
 * shipped, add the next. */
static const char * const migrations[LF_HISTORY_SCHEMA_VERSION] = {
  /* 1: the runs. */
  "CREATE TABLE runs ("
  "  id INTEGER PRIMARY KEY,"
  "  started_at INTEGER NOT NULL,"         /* Unix µs */
  "  finished_at INTEGER,"
  "  state TEXT NOT NULL,"                 /* running, succeeded, failed, cancelled */
  "  source TEXT NOT NULL,"                /* app, cli */
  "  form_path TEXT, form_title TEXT, action TEXT,"
  "  operation TEXT NOT NULL,"
  "  account TEXT, region TEXT, endpoint TEXT,"
  "  function TEXT, qualifier TEXT, invocation_type TEXT,"
  "  request TEXT NOT NULL,"               /* JSON, no credential */
  "  payload TEXT,"                        /* the body sent */
  "  control_values TEXT,"                 /* JSON object */
  "  status INTEGER, function_error TEXT, error_code TEXT, error_message TEXT,"
  "  request_id TEXT, round_trip_ms REAL, duration_ms REAL, billed_ms REAL,"
  "  memory_used_mb REAL, init_duration_ms REAL,"
  "  response TEXT, response_bytes INTEGER, response_truncated INTEGER NOT NULL DEFAULT 0,"
  "  log_tail TEXT);"
  "CREATE INDEX runs_started ON runs (started_at);"
  "CREATE INDEX runs_function ON runs (function, id);",
  /* 2: words found anywhere in the function, the payload, the answer or the error. */
  "CREATE VIRTUAL TABLE runs_fts USING fts5 (function, payload, response, error_message,"
  "  content='runs', content_rowid='id');"
  "CREATE TRIGGER runs_fts_insert AFTER INSERT ON runs BEGIN"
  "  INSERT INTO runs_fts (rowid, function, payload, response, error_message)"
  "  VALUES (new.id, new.function, new.payload, new.response, new.error_message); END;"
  "CREATE TRIGGER runs_fts_delete AFTER DELETE ON runs BEGIN"
  "  INSERT INTO runs_fts (runs_fts, rowid, function, payload, response, error_message)"
  "  VALUES ('delete', old.id, old.function, old.payload, old.response, old.error_message); END;"
  "CREATE TRIGGER runs_fts_update AFTER UPDATE ON runs BEGIN"
  "  INSERT INTO runs_fts (runs_fts, rowid, function, payload, response, error_message)"
  "  VALUES ('delete', old.id, old.function, old.payload, old.response, old.error_message);"
  "  INSERT INTO runs_fts (rowid, function, payload, response, error_message)"
  "  VALUES (new.id, new.function, new.payload, new.response, new.error_message); END;"
  "INSERT INTO runs_fts (runs_fts) VALUES ('rebuild');",
};

/* Headers a request record must never carry into the file, whoever made it. */
static const char * const secret_headers[] = {
  "authorization", "x-amz-security-token", "x-amz-credential", "cookie", NULL
};

struct _LfHistory
{
  GObject      parent_instance;

  sqlite3     *db;           /* serialized mode: the worker and callers share it */
  char        *path;
  char        *moved_aside;
  gboolean     keep_bodies;
  gsize        response_cap;

  GThreadPool *writer;       /* one thread: writes happen in the order asked */
  GMutex       pending_lock;
  GCond        pending_cond;
  guint        pending;
};

G_DEFINE_FINAL_TYPE (LfHistory, lf_history, G_TYPE_OBJECT)

struct _LfHistoryRun
{
  gatomicrefcount ref;
  gint64          id;        /* set by the worker */
};

typedef struct
{
  LfHistoryRun *run;
  JsonObject   *start;       /* a begin, or */
  JsonObject   *end;         /* an end */
} WriteJob;

/* Errors *******************************************************************************/

/* @sentence, then what SQLite said. */
static gboolean
fail (LfHistory  *self,
      GError    **error,
      const char *sentence)
{
  g_set_error (error, LF_HISTORY_ERROR, LF_HISTORY_ERROR_FAILED, "%s: %s", sentence,
               sqlite3_errmsg (self->db));
  return FALSE;
}

static void
no_such_run (GError **error,
             gint64   id)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_set_error (error, LF_HISTORY_ERROR, LF_HISTORY_ERROR_NOT_FOUND,
               _("The run history has no run %s"), id_text);
}

static gboolean
exec (LfHistory   *self,
      const char  *sql,
      const char  *sentence,
      GError     **error)
{
  return sqlite3_exec (self->db, sql, NULL, NULL, NULL) == SQLITE_OK ||
         fail (self, error, sentence);
}

/* Opening **********************************************************************************/

static int
user_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* Brings the file to this build's schema, each step in a transaction of its own. */
static gboolean
migrate (LfHistory  *self,
         GError    **error)
{
  int version = user_version (self->db);

  if (version < 0)
    return fail (self, error, _("The run history could not be read"));
  if (version > LF_HISTORY_SCHEMA_VERSION)
    {
      g_set_error (error, LF_HISTORY_ERROR, LF_HISTORY_ERROR_NEWER,
                   _("The run history at %s was written by a newer LambdaForms"), self->path);
      return FALSE;
    }
  for (int step = version; step < LF_HISTORY_SCHEMA_VERSION; step++)
    {
      g_autofree char *sql = g_strdup_printf ("%s PRAGMA user_version = %d;", migrations[step],
                                              step + 1);

      if (!exec (self, "BEGIN IMMEDIATE", _("The run history could not be brought up to date"), error))
        return FALSE;
      /* Another process may have taken this step meanwhile: asked inside the transaction. */
      if (user_version (self->db) > step)
        {
          if (!exec (self, "COMMIT", _("The run history could not be brought up to date"), error))
            return FALSE;
          continue;
        }
      if (!exec (self, sql, _("The run history could not be brought up to date"), error) ||
          !exec (self, "COMMIT", _("The run history could not be brought up to date"), error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
connect_to (LfHistory  *self,
            GError    **error)
{
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;

  if (sqlite3_open_v2 (self->path, &self->db, flags, NULL) != SQLITE_OK)
    return fail (self, error, _("The run history could not be opened"));
  /* Other processes write too: wait for them rather than fail. */
  sqlite3_busy_timeout (self->db, 10000);
  return exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                     "PRAGMA foreign_keys = ON;", _("The run history could not be opened"), error) &&
         migrate (self, error);
}

/* A damaged file is kept for whoever wants what is left in it, beside a new one. */
static gboolean
move_aside (LfHistory  *self,
            GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", self->path, stamp);
  static const char * const companions[] = { "-wal", "-shm", NULL };

  g_clear_pointer (&self->db, sqlite3_close);
  if (g_rename (self->path, aside) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The damaged run history at %s could not be moved aside: %s"), self->path,
                   g_strerror (saved));
      return FALSE;
    }
  for (guint i = 0; companions[i]; i++)
    {
      g_autofree char *from = g_strconcat (self->path, companions[i], NULL);
      g_autofree char *to = g_strconcat (aside, companions[i], NULL);

      g_rename (from, to);
    }
  self->moved_aside = g_steal_pointer (&aside);
  return TRUE;
}

static gboolean
is_damaged (LfHistory *self)
{
  int code = self->db ? sqlite3_errcode (self->db) : SQLITE_OK;

  return code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
}

/* Writing ****************************************************************************************/

static void
bind_text (sqlite3_stmt *stmt,
           const char   *name,
           const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0 && value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_member (sqlite3_stmt *stmt,
             const char   *name,
             JsonObject   *object,
             const char   *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index <= 0 || node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      break;
    case G_TYPE_INT64:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      sqlite3_bind_double (stmt, index, json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node));
      break;
    default:
      break;
    }
}

/* A deep copy, for what the worker keeps or changes. */
static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonNode) copy = lf_json_deep_copy (node);

  return json_node_dup_object (copy);
}

/* The request as it may be kept: no credential header, and no payload when bodies are
 * kept out. */
static char *
request_to_store (LfHistory  *self,
                  JsonObject *request)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *headers;
  g_autoptr(GList) names = NULL;

  if (request == NULL)
    return g_strdup ("{}");
  object = copy_object (request);
  headers = lf_json_object_get_object_member_or_null (object, "headers");
  names = headers ? json_object_get_members (headers) : NULL;
  for (GList *l = names; l; l = l->next)
    {
      g_autofree char *lower = g_ascii_strdown (l->data, -1);

      if (g_strv_contains (secret_headers, lower))
        json_object_remove_member (headers, l->data);
    }
  if (!self->keep_bodies)
    json_object_remove_member (object, "payload");
  node = json_node_init_object (json_node_alloc (), object);
  return lf_json_to_text (node, 0);
}

static char *
member_to_text (JsonObject *object,
                const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return lf_json_to_text (node, 0);
}

gint64
lf_history_begin (LfHistory   *self,
                  JsonObject  *start,
                  GError     **error)
{
  static const char sql[] =
    "INSERT INTO runs (started_at, state, source, form_path, form_title, action, operation,"
    " account, region, endpoint, function, qualifier, invocation_type, request, payload,"
    " control_values) VALUES (:started, 'running', :source, :form_path, :form_title, :action,"
    " :operation, :account, :region, :endpoint, :function, :qualifier, :invocation_type,"
    " :request, :payload, :values)";
  JsonObject *request = lf_json_object_get_object_member_or_null (start, "request");
  g_autofree char *request_text = request_to_store (self, request);
  g_autofree char *payload = self->keep_bodies ? member_to_text (request, "payload") : NULL;
  g_autofree char *values = self->keep_bodies ? member_to_text (start, "values") : NULL;
  const char *operation = request ? lf_json_object_get_string_member_or_null (request,
                                                                            "operation")
                                  : NULL;
  const char *source = lf_json_object_get_string_member_or_null (start, "source");
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (LF_IS_HISTORY (self), 0);
  g_return_val_if_fail (start != NULL, 0);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fail (self, error, _("A run could not be added to the run history")), 0;
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":started"),
                      g_get_real_time ());
  bind_text (stmt, ":source", source ? source : "app");
  bind_member (stmt, ":form_path", start, "form_path");
  bind_member (stmt, ":form_title", start, "form_title");
  bind_member (stmt, ":action", start, "action");
  bind_text (stmt, ":operation", operation ? operation : "unknown");
  bind_member (stmt, ":account", start, "account");
  bind_member (stmt, ":region", request, "region");
  bind_member (stmt, ":endpoint", start, "endpoint");
  bind_member (stmt, ":function", request, "function_name");
  bind_member (stmt, ":qualifier", request, "qualifier");
  bind_member (stmt, ":invocation_type", request, "invocation_type");
  bind_text (stmt, ":request", request_text);
  bind_text (stmt, ":payload", payload);
  bind_text (stmt, ":values", values);
  if (sqlite3_step (stmt) == SQLITE_DONE)
    id = sqlite3_last_insert_rowid (self->db);
  else
    fail (self, error, _("A run could not be added to the run history"));
  sqlite3_finalize (stmt);
  return id;
}

static double
report_figure (JsonObject *data,
               const char *name)
{
  JsonObject *report = lf_json_object_get_object_member_or_null (data, "Report");
  JsonNode *node = report ? json_object_get_member (report, name) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : -1;
}

static void
bind_figure (sqlite3_stmt *stmt,
             const char   *name,
             double        value)
{
  if (value >= 0)
    sqlite3_bind_double (stmt, sqlite3_bind_parameter_index (stmt, name), value);
}

/* The answer as kept: an Invoke's payload is what the function returned; what is over the
 * cap is cut at a character boundary. */
static char *
response_to_store (LfHistory  *self,
                   JsonObject *data,
                   gsize      *bytes,
                   gboolean   *truncated)
{
  JsonNode *payload = data ? json_object_get_member (data, "Payload") : NULL;
  g_autofree char *text = NULL;
  const char *cut;

  *bytes = 0;
  *truncated = FALSE;
  if (payload != NULL)
    text = member_to_text (data, "Payload");
  else if (data != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);

      text = lf_json_to_text (node, 0);
    }
  if (text == NULL)
    return NULL;
  *bytes = strlen (text);
  if (*bytes <= self->response_cap)
    return g_steal_pointer (&text);
  *truncated = TRUE;
  cut = g_utf8_find_prev_char (text, text + self->response_cap + 1);
  return g_strndup (text, cut ? (gsize) (cut - text) : 0);
}

gboolean
lf_history_end (LfHistory   *self,
                gint64       id,
                JsonObject  *end,
                GError     **error)
{
  static const char sql[] =
    "UPDATE runs SET finished_at = :finished, state = :state, status = :status,"
    " function_error = :function_error, error_code = :error_code,"
    " error_message = :error_message, request_id = :request_id, round_trip_ms = :round_trip,"
    " duration_ms = :duration, billed_ms = :billed, memory_used_mb = :memory,"
    " init_duration_ms = :init, response = :response, response_bytes = :bytes,"
    " response_truncated = :truncated, log_tail = :log WHERE id = :id";
  JsonNode *data_node = json_object_get_member (end, "data");
  JsonObject *data = data_node && JSON_NODE_HOLDS_OBJECT (data_node)
                     ? json_node_get_object (data_node) : NULL;
  JsonObject *failure = lf_json_object_get_object_member_or_null (end, "error");
  g_autofree char *response = NULL;
  g_autofree char *log = NULL;
  gsize bytes = 0;
  gboolean truncated = FALSE;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (LF_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (end != NULL, FALSE);

  if (self->keep_bodies)
    {
      response = response_to_store (self, data, &bytes, &truncated);
      log = member_to_text (data, "LogResult");
    }
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fail (self, error, _("The end of a run could not be added to the run history"));
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), id);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":finished"),
                      g_get_real_time ());
  bind_member (stmt, ":state", end, "state");
  bind_member (stmt, ":status", data, "StatusCode");
  bind_member (stmt, ":status", end, "status");
  bind_member (stmt, ":function_error", data, "FunctionError");
  bind_member (stmt, ":error_code", failure, "aws_code");
  bind_member (stmt, ":error_message", failure, "message");
  bind_member (stmt, ":request_id", data, "RequestId");
  bind_member (stmt, ":request_id", failure, "request_id");
  bind_member (stmt, ":round_trip", data, "RoundTripMs");
  bind_figure (stmt, ":duration", report_figure (data, "DurationMs"));
  bind_figure (stmt, ":billed", report_figure (data, "BilledDurationMs"));
  bind_figure (stmt, ":memory", report_figure (data, "MaxMemoryUsedMB"));
  bind_figure (stmt, ":init", report_figure (data, "InitDurationMs"));
  bind_text (stmt, ":response", response);
  if (response != NULL)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":bytes"), bytes);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":truncated"), truncated);
  bind_text (stmt, ":log", log);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    fail (self, error, _("The end of a run could not be added to the run history"));
  else if (sqlite3_changes (self->db) == 0)
    {
      no_such_run (error, id);
      ok = FALSE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* Reading ****************************************************************************************/

static void
set_column (JsonObject   *object,
            sqlite3_stmt *stmt,
            int           column)
{
  const char *name = sqlite3_column_name (stmt, column);

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      json_object_set_int_member (object, name, sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      json_object_set_double_member (object, name, sqlite3_column_double (stmt, column));
      break;
    case SQLITE_TEXT:
      json_object_set_string_member (object, name,
                                     (const char *) sqlite3_column_text (stmt, column));
      break;
    case SQLITE_NULL:
    default:
      break;
    }
}

/* Columns that hold JSON come back as JSON; the times also as ISO 8601 for people. */
static JsonObject *
row_to_object (sqlite3_stmt *stmt)
{
  static const char * const json_columns[] = { "request", "control_values", NULL };
  JsonObject *object = json_object_new ();

  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      if (g_strv_contains (json_columns, name) && sqlite3_column_type (stmt, i) == SQLITE_TEXT)
        {
          JsonNode *node = lf_json_parse ((const char *) sqlite3_column_text (stmt, i), -1, NULL);

          if (node != NULL)
            {
              json_object_set_member (object, name, node);
              continue;
            }
        }
      set_column (object, stmt, i);
    }
  if (json_object_has_member (object, "started_at"))
    {
      gint64 us = json_object_get_int_member (object, "started_at");
      g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) when = seconds ? g_date_time_add (seconds, us % G_USEC_PER_SEC)
                                          : NULL;
      g_autofree char *text = when ? g_date_time_format_iso8601 (when) : NULL;

      if (text != NULL)
        json_object_set_string_member (object, "started", text);
    }
  return object;
}

/* The user's words as FTS5 phrases: no operator or quote of theirs can break the query. */
static char *
search_expression (const char *search)
{
  g_auto(GStrv) words = g_strsplit_set (search, " \t\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      g_autofree char *quoted = NULL;
      char **parts;

      if (*words[i] == '\0')
        continue;
      parts = g_strsplit (words[i], "\"", -1);
      quoted = g_strjoinv ("\"\"", parts);
      g_strfreev (parts);
      g_string_append_printf (out, "%s\"%s\"", out->len ? " " : "", quoted);
    }
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

JsonArray *
lf_history_list (LfHistory             *self,
                 const LfHistoryQuery  *query,
                 GError               **error)
{
  LfHistoryQuery none = { 0 };
  g_autofree char *match = NULL;
  g_autoptr(GString) sql = g_string_new (
    "SELECT runs.id, runs.started_at, runs.finished_at, runs.state, runs.source,"
    " runs.form_path, runs.form_title, runs.action, runs.operation, runs.account, runs.region,"
    " runs.function, runs.qualifier, runs.invocation_type, runs.status, runs.function_error,"
    " runs.error_code, runs.error_message, runs.request_id, runs.round_trip_ms,"
    " runs.duration_ms FROM ");
  g_autoptr(JsonArray) runs = json_array_new ();
  sqlite3_stmt *stmt = NULL;
  int step;

  g_return_val_if_fail (LF_IS_HISTORY (self), NULL);

  if (query == NULL)
    query = &none;
  match = query->search ? search_expression (query->search) : NULL;
  /* A search walks the full-text index newest first and stops at the limit, instead of
   * gathering every match before sorting them. */
  g_string_append (sql, match ? "runs_fts JOIN runs ON runs.id = runs_fts.rowid"
                                " WHERE runs_fts MATCH :match"
                              : "runs WHERE 1");
  if (query->function)
    g_string_append (sql, " AND runs.function = :function");
  if (query->state)
    g_string_append (sql, " AND runs.state = :state");
  if (query->account)
    g_string_append (sql, " AND runs.account = :account");
  if (query->form_path)
    g_string_append (sql, " AND runs.form_path = :form_path");
  if (query->since_us > 0)
    g_string_append (sql, " AND runs.started_at >= :since");
  if (query->before_id > 0)
    g_string_append (sql, match ? " AND runs_fts.rowid < :before" : " AND runs.id < :before");
  g_string_append (sql, match ? " ORDER BY runs_fts.rowid DESC LIMIT :limit"
                              : " ORDER BY runs.id DESC LIMIT :limit");

  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return fail (self, error, _("The run history could not be searched")), NULL;
  bind_text (stmt, ":function", query->function);
  bind_text (stmt, ":state", query->state);
  bind_text (stmt, ":account", query->account);
  bind_text (stmt, ":form_path", query->form_path);
  bind_text (stmt, ":match", match);
  if (query->since_us > 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":since"), query->since_us);
  if (query->before_id > 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":before"), query->before_id);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":limit"),
                    query->limit ? (int) MIN (query->limit, G_MAXINT) : 100);
  while ((step = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_object_element (runs, row_to_object (stmt));
  sqlite3_finalize (stmt);
  if (step != SQLITE_DONE)
    return fail (self, error, _("The run history could not be searched")), NULL;
  return g_steal_pointer (&runs);
}

JsonObject *
lf_history_get (LfHistory   *self,
                gint64       id,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  JsonObject *run = NULL;
  int step;

  g_return_val_if_fail (LF_IS_HISTORY (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT * FROM runs WHERE id = ?", -1, &stmt, NULL) !=
      SQLITE_OK)
    return fail (self, error, _("The run history could not be read")), NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  step = sqlite3_step (stmt);
  if (step == SQLITE_ROW)
    run = row_to_object (stmt);
  else if (step == SQLITE_DONE)
    no_such_run (error, id);
  else
    fail (self, error, _("The run history could not be read"));
  sqlite3_finalize (stmt);
  return run;
}

GStrv
lf_history_list_values (LfHistory   *self,
                        const char  *column,
                        GError     **error)
{
  static const char * const columns[] = { "function", "account", "form_path", NULL };
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int step;

  g_return_val_if_fail (LF_IS_HISTORY (self), NULL);
  g_return_val_if_fail (g_strv_contains (columns, column), NULL);

  sql = g_strdup_printf ("SELECT DISTINCT %s FROM runs WHERE %s IS NOT NULL ORDER BY %s"
                         " LIMIT 1000", column, column, column);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fail (self, error, _("The run history could not be read")), NULL;
  while ((step = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (values, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (step != SQLITE_DONE)
    return fail (self, error, _("The run history could not be read")), NULL;
  return g_strv_builder_end (values);
}

static void
values_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GStrv values = lf_history_list_values (source_object, task_data, &error);

  if (values == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, values, (GDestroyNotify) g_strfreev);
}

void
lf_history_list_values_async (LfHistory           *self,
                              const char          *column,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LF_IS_HISTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_history_list_values_async);
  g_task_set_task_data (task, g_strdup (column), g_free);
  g_task_run_in_thread (task, values_in_thread);
}

GStrv
lf_history_list_values_finish (LfHistory     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Retention ****************************************************************************************/

static gint64
delete_where (LfHistory   *self,
              const char  *sql,
              gint64       value,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 deleted = -1;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fail (self, error, _("Old runs could not be removed from the run history")), -1;
  sqlite3_bind_int64 (stmt, 1, value);
  if (sqlite3_step (stmt) == SQLITE_DONE)
    deleted = sqlite3_changes (self->db);
  else
    fail (self, error, _("Old runs could not be removed from the run history"));
  sqlite3_finalize (stmt);
  return deleted;
}

/* What the runs weigh: the text they keep, the part a person can make large. */
static gint64
stored_bytes (LfHistory *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 bytes = 0;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT total (length (request) + ifnull (length (payload), 0) +"
                          " ifnull (length (response), 0) + ifnull (length (log_tail), 0) +"
                          " ifnull (length (control_values), 0) + 200) FROM runs",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    bytes = (gint64) sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return bytes;
}

gint64
lf_history_prune (LfHistory   *self,
                  guint        max_days,
                  guint64      max_bytes,
                  GError     **error)
{
  gint64 total = 0;
  gint64 deleted;

  g_return_val_if_fail (LF_IS_HISTORY (self), -1);

  if (max_days > 0)
    {
      gint64 oldest = g_get_real_time () - (gint64) max_days * 24 * 3600 * G_USEC_PER_SEC;

      if ((deleted = delete_where (self, "DELETE FROM runs WHERE started_at < ?", oldest,
                                   error)) < 0)
        return -1;
      total += deleted;
    }
  /* The oldest tenth at a time, until under the weight. */
  while (max_bytes > 0 && (guint64) stored_bytes (self) > max_bytes)
    {
      deleted = delete_where (self,
                              "DELETE FROM runs WHERE id IN (SELECT id FROM runs ORDER BY id"
                              " LIMIT max (1, (SELECT count (*) FROM runs) / ?))", 10, error);
      if (deleted <= 0)
        return deleted < 0 ? -1 : total;
      total += deleted;
    }
  return total;
}

gboolean
lf_history_clear (LfHistory   *self,
                  GError     **error)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), FALSE);

  return exec (self, "DELETE FROM runs; VACUUM;", _("The run history could not be cleared"), error);
}

/* The worker ****************************************************************************************/

LfHistoryRun *
lf_history_run_ref (LfHistoryRun *run)
{
  g_atomic_ref_count_inc (&run->ref);
  return run;
}

void
lf_history_run_unref (LfHistoryRun *run)
{
  if (g_atomic_ref_count_dec (&run->ref))
    g_free (run);
}

gint64
lf_history_run_get_id (LfHistoryRun *run)
{
  g_return_val_if_fail (run != NULL, 0);

  return __atomic_load_n (&run->id, __ATOMIC_ACQUIRE);
}

static void
write_job (gpointer data,
           gpointer user_data)
{
  WriteJob *job = data;
  LfHistory *self = user_data;
  g_autoptr(GError) error = NULL;

  if (job->start != NULL)
    {
      gint64 id = lf_history_begin (self, job->start, &error);

      __atomic_store_n (&job->run->id, id, __ATOMIC_RELEASE);
    }
  else if (job->run->id != 0)
    lf_history_end (self, job->run->id, job->end, &error);
  if (error != NULL)
    g_debug ("%s", error->message);

  g_clear_pointer (&job->start, json_object_unref);
  g_clear_pointer (&job->end, json_object_unref);
  lf_history_run_unref (job->run);
  g_free (job);

  g_mutex_lock (&self->pending_lock);
  if (--self->pending == 0)
    g_cond_broadcast (&self->pending_cond);
  g_mutex_unlock (&self->pending_lock);
}

static void
queue_job (LfHistory    *self,
           LfHistoryRun *run,
           JsonObject   *start,
           JsonObject   *end)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->run = lf_history_run_ref (run);
  /* Copies: the caller's objects may change after this returns. */
  job->start = start ? copy_object (start) : NULL;
  job->end = end ? copy_object (end) : NULL;
  g_mutex_lock (&self->pending_lock);
  self->pending++;
  g_mutex_unlock (&self->pending_lock);
  g_thread_pool_push (self->writer, job, NULL);
}

LfHistoryRun *
lf_history_start_run (LfHistory  *self,
                      JsonObject *start)
{
  LfHistoryRun *run;

  g_return_val_if_fail (LF_IS_HISTORY (self), NULL);
  g_return_val_if_fail (start != NULL, NULL);

  run = g_new0 (LfHistoryRun, 1);
  g_atomic_ref_count_init (&run->ref);
  queue_job (self, run, start, NULL);
  return run;
}

void
lf_history_end_run (LfHistory    *self,
                    LfHistoryRun *run,
                    JsonObject   *end)
{
  g_return_if_fail (LF_IS_HISTORY (self));
  g_return_if_fail (run != NULL && end != NULL);

  queue_job (self, run, NULL, end);
}

void
lf_history_flush (LfHistory *self)
{
  g_return_if_fail (LF_IS_HISTORY (self));

  g_mutex_lock (&self->pending_lock);
  while (self->pending > 0)
    g_cond_wait (&self->pending_cond, &self->pending_lock);
  g_mutex_unlock (&self->pending_lock);
}

static void
list_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  JsonArray *runs = lf_history_list (source_object, task_data, &error);

  if (runs == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, runs, (GDestroyNotify) json_array_unref);
}

LfHistoryQuery *
lf_history_query_copy (const LfHistoryQuery *query)
{
  LfHistoryQuery *copy = g_new0 (LfHistoryQuery, 1);

  if (query == NULL)
    return copy;
  *copy = *query;
  copy->function = g_strdup (query->function);
  copy->state = g_strdup (query->state);
  copy->account = g_strdup (query->account);
  copy->form_path = g_strdup (query->form_path);
  copy->search = g_strdup (query->search);
  return copy;
}

void
lf_history_query_free (LfHistoryQuery *query)
{
  if (query == NULL)
    return;
  g_free ((char *) query->function);
  g_free ((char *) query->state);
  g_free ((char *) query->account);
  g_free ((char *) query->form_path);
  g_free ((char *) query->search);
  g_free (query);
}

void
lf_history_list_async (LfHistory            *self,
                       const LfHistoryQuery *query,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LF_IS_HISTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_history_list_async);
  g_task_set_task_data (task, lf_history_query_copy (query),
                        (GDestroyNotify) lf_history_query_free);
  g_task_run_in_thread (task, list_in_thread);
}

JsonArray *
lf_history_list_finish (LfHistory     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
flush_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  lf_history_flush (source_object);
  /* Clearing waits for what was asked before it, on a worker too. */
  if (GPOINTER_TO_INT (task_data) && !lf_history_clear (source_object, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_flush (LfHistory           *self,
           gboolean             clear,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, GINT_TO_POINTER (clear), NULL);
  g_task_run_in_thread (task, flush_in_thread);
}

void
lf_history_flush_async (LfHistory           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (LF_IS_HISTORY (self));

  run_flush (self, FALSE, lf_history_flush_async, cancellable, callback, user_data);
}

void
lf_history_clear_async (LfHistory           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (LF_IS_HISTORY (self));

  run_flush (self, TRUE, lf_history_clear_async, cancellable, callback, user_data);
}

gboolean
lf_history_flush_finish (LfHistory     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
get_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  JsonObject *run = lf_history_get (source_object, *(gint64 *) task_data, &error);

  if (run == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, run, (GDestroyNotify) json_object_unref);
}

void
lf_history_get_async (LfHistory           *self,
                      gint64               id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LF_IS_HISTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_history_get_async);
  g_task_set_task_data (task, g_memdup2 (&id, sizeof id), g_free);
  g_task_run_in_thread (task, get_in_thread);
}

JsonObject *
lf_history_get_finish (LfHistory     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The object ****************************************************************************************/

static void
lf_history_finalize (GObject *object)
{
  LfHistory *self = (LfHistory *) object;

  /* Whatever was asked is written before the file closes. */
  if (self->writer != NULL)
    g_thread_pool_free (self->writer, FALSE, TRUE);
  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->pending_lock);
  g_cond_clear (&self->pending_cond);
  g_free (self->path);
  g_free (self->moved_aside);

  G_OBJECT_CLASS (lf_history_parent_class)->finalize (object);
}

static void
lf_history_class_init (LfHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_history_finalize;
}

static void
lf_history_init (LfHistory *self)
{
  self->keep_bodies = TRUE;
  self->response_cap = LF_HISTORY_DEFAULT_RESPONSE_CAP;
  g_mutex_init (&self->pending_lock);
  g_cond_init (&self->pending_cond);
}

char *
lf_history_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "lambda-forms", "history.sqlite3", NULL);
}

LfHistory *
lf_history_open (const char  *path,
                 GError     **error)
{
  g_autoptr(LfHistory) self = g_object_new (LF_TYPE_HISTORY, NULL);
  g_autofree char *folder = NULL;
  GError *local = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The folder of the run history, %s, could not be made: %s"), folder,
                   g_strerror (saved));
      return NULL;
    }
  if (!connect_to (self, &local))
    {
      if (!is_damaged (self))
        {
          g_propagate_error (error, local);
          return NULL;
        }
      g_clear_error (&local);
      if (!move_aside (self, error) || !connect_to (self, error))
        return NULL;
    }
  self->writer = g_thread_pool_new (write_job, self, 1, FALSE, NULL);
  return g_steal_pointer (&self);
}

const char *
lf_history_get_path (LfHistory *self)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), NULL);

  return self->path;
}

const char *
lf_history_get_moved_aside (LfHistory *self)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), NULL);

  return self->moved_aside;
}

void
lf_history_set_keep_bodies (LfHistory *self,
                            gboolean   keep)
{
  g_return_if_fail (LF_IS_HISTORY (self));

  self->keep_bodies = keep;
}

void
lf_history_set_response_cap (LfHistory *self,
                             gsize      bytes)
{
  g_return_if_fail (LF_IS_HISTORY (self));

  self->response_cap = bytes;
}
