/* test-history.c: the run history's store, in process
 *
 * What the CLI test (history.py) cannot reach from outside: the cap on answers, payloads
 * kept out on request, retention by weight, the worker's order, a newer file refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "lf-history.h"
#include "lf-json-util.h"

typedef struct
{
  char      *dir;
  char      *path;
  LfHistory *history;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("lf-history-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "history.sqlite3", NULL);
  fixture->history = lf_history_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fixture->history);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static JsonObject *
object_from (const char *json)
{
  g_autoptr(JsonNode) node = lf_json_parse (json, -1, NULL);

  g_assert_nonnull (node);
  return json_node_dup_object (node);
}

/* One invoke of @function sending @payload, answered with @answer. */
static gint64
record (LfHistory  *history,
        const char *function,
        const char *payload,
        const char *answer)
{
  g_autofree char *start_text = g_strdup_printf (
    "{\"source\": \"app\", \"account\": \"work\", \"request\": {\"operation\": \"Invoke\","
    " \"function_name\": \"%s\", \"region\": \"eu-west-1\", \"payload\": %s,"
    " \"headers\": {\"Authorization\": \"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/x\","
    " \"X-Amz-Security-Token\": \"FwoGZXIvYXdzEXAMPLETOKEN\", \"Content-Type\": \"x\"}}}",
    function, payload);
  g_autofree char *end_text = g_strdup_printf (
    "{\"state\": \"succeeded\", \"data\": {\"StatusCode\": 200, \"RequestId\": \"r-1\","
    " \"RoundTripMs\": 12.5, \"Payload\": %s}}", answer);
  g_autoptr(JsonObject) start = object_from (start_text);
  g_autoptr(JsonObject) end = object_from (end_text);
  g_autoptr(GError) error = NULL;
  gint64 id = lf_history_begin (history, start, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (lf_history_end (history, id, end, &error));
  g_assert_no_error (error);
  return id;
}

static void
test_credentials_never_kept (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = record (fixture->history, "greet", "{\"name\": \"Ada\"}", "{\"ok\": true}");
  g_autoptr(JsonObject) run = lf_history_get (fixture->history, id, &error);
  JsonObject *headers;

  g_assert_no_error (error);
  headers = json_object_get_object_member (json_object_get_object_member (run, "request"),
                                           "headers");
  g_assert_true (json_object_has_member (headers, "Content-Type"));
  g_assert_false (json_object_has_member (headers, "Authorization"));
  g_assert_false (json_object_has_member (headers, "X-Amz-Security-Token"));
  g_assert_cmpstr (json_object_get_string_member (run, "state"), ==, "succeeded");
  g_assert_cmpint (json_object_get_int_member (run, "status"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (run, "response"), ==, "{\"ok\":true}");
}

static void
test_answer_cap (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) run = NULL;
  const char *kept;
  gint64 id;

  /* A cut that would fall inside "é" (two bytes) keeps the character whole or drops it. */
  lf_history_set_response_cap (fixture->history, 8);
  id = record (fixture->history, "big", "{}", "\"ééééééééé\"");
  run = lf_history_get (fixture->history, id, &error);
  g_assert_no_error (error);
  kept = json_object_get_string_member (run, "response");
  g_assert_true (g_utf8_validate (kept, -1, NULL));
  g_assert_cmpuint (strlen (kept), <=, 8);
  g_assert_true (g_str_has_prefix ("ééééééééé", kept));
  g_assert_cmpint (json_object_get_int_member (run, "response_truncated"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (run, "response_bytes"), ==, 18);
}

static void
test_bodies_kept_out (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) run = NULL;
  g_autoptr(JsonArray) found = NULL;
  LfHistoryQuery query = { .search = "secretword" };
  gint64 id;

  lf_history_set_keep_bodies (fixture->history, FALSE);
  id = record (fixture->history, "private", "{\"card\": \"secretword\"}", "\"secretword\"");
  run = lf_history_get (fixture->history, id, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (run, "payload"));
  g_assert_false (json_object_has_member (run, "response"));
  g_assert_false (json_object_has_member (json_object_get_object_member (run, "request"),
                                          "payload"));
  g_assert_cmpstr (json_object_get_string_member (run, "function"), ==, "private");
  found = lf_history_list (fixture->history, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (found), ==, 0);
}

static void
test_prune_by_weight (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) left = NULL;
  g_autofree char *answer = g_strdup_printf ("\"%0*d\"", 1000, 0);
  gint64 newest = 0;
  gint64 deleted;

  for (int i = 0; i < 20; i++)
    newest = record (fixture->history, "weighty", "{}", answer);
  /* About 1.2 kB a run: 5 kB keeps the newest few, never the oldest. */
  deleted = lf_history_prune (fixture->history, 0, 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deleted, >=, 15);
  left = lf_history_list (fixture->history, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (left), ==, 20 - deleted);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (left, 0), "id"),
                   ==, newest);
  /* Nothing is older than a day here. */
  g_assert_cmpint (lf_history_prune (fixture->history, 1, 0, &error), ==, 0);
  g_assert_no_error (error);
}

/* The worker writes in the order asked: an end asked before its start is on disk still
 * completes that start's row. */
static void
test_worker_order (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) start = object_from ("{\"request\": {\"operation\": \"ListFunctions\"}}");
  g_autoptr(JsonObject) end = object_from ("{\"state\": \"cancelled\"}");
  LfHistoryRun *runs[50] = { NULL };
  g_autoptr(JsonArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  LfHistoryQuery query = { .state = "cancelled", .limit = 100 };

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      runs[i] = lf_history_start_run (fixture->history, start);
      lf_history_end_run (fixture->history, runs[i], end);
    }
  lf_history_flush (fixture->history);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    g_assert_cmpint (lf_history_run_get_id (runs[i]), >, 0);
  listed = lf_history_list (fixture->history, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (listed), ==, G_N_ELEMENTS (runs));
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    g_clear_pointer (&runs[i], lf_history_run_unref);
}

/* A file a newer build wrote is left alone, with a sentence that says so. */
static void
test_newer_file_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LfHistory) again = NULL;
  sqlite3 *db = NULL;

  g_clear_object (&fixture->history);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  again = lf_history_open (fixture->path, &error);
  g_assert_null (again);
  g_assert_error (error, LF_HISTORY_ERROR, LF_HISTORY_ERROR_NEWER);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/history/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("credentials-never-kept", test_credentials_never_kept);
  ADD ("answer-cap", test_answer_cap);
  ADD ("bodies-kept-out", test_bodies_kept_out);
  ADD ("prune-by-weight", test_prune_by_weight);
  ADD ("worker-order", test_worker_order);
  ADD ("newer-file-refused", test_newer_file_refused);
#undef ADD
  return g_test_run ();
}
