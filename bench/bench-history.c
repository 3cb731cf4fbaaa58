/* bench-history.c: the run history with 100,000 runs in it
 *
 * Fills a history in a temporary folder with N runs (100,000 by default, or argv[1]) through
 * the store's own begin and end, then times, p50 and p99 over 200 tries each:
 *   - a list page (200 runs, newest first, from a random place), as the History view reads;
 *   - a search for a word in payloads and answers (full text), as its search field does;
 *   - one run read whole, as its details are;
 * each beside its floor measured in the same run: the same rows read with bare SQLite, with no
 * JSON made of them. Goal: every query under 20 ms at p99 on a small machine.
 *
 * With --fill PATH N it only fills the history at PATH (for bench/history-ui.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "lf-history.h"
#include "lf-json-util.h"

#define TRIES 200

static int measure_queries (guint n);

static const char * const words[] = { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot",
                                      "golf", "hotel", "india", "juliett" };

static JsonObject *
object_from (const char *text)
{
  g_autoptr(JsonNode) node = lf_json_parse (text, -1, NULL);

  return json_node_dup_object (node);
}

static void
fill (LfHistory *history,
      guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      const char *word = words[g_random_int_range (0, G_N_ELEMENTS (words))];
      g_autofree char *start_text = g_strdup_printf (
        "{\"source\": \"cli\", \"account\": \"bench\", \"request\": {\"operation\": \"Invoke\","
        " \"function_name\": \"fn-%u\", \"region\": \"eu-west-1\", \"method\": \"POST\","
        " \"path\": \"/2015-03-31/functions/fn/invocations\", \"host\": \"127.0.0.1:9\","
        " \"payload\": {\"order\": %u, \"note\": \"%s %u\"}}}", i % 50, i, word, i);
      g_autofree char *end_text = g_strdup_printf (
        "{\"state\": \"succeeded\", \"data\": {\"StatusCode\": 200, \"RoundTripMs\": 12.5,"
        " \"Payload\": {\"ok\": true, \"echo\": \"%s\", \"n\": %u}}}", word, i);
      g_autoptr(JsonObject) start = object_from (start_text);
      g_autoptr(JsonObject) end = object_from (end_text);
      gint64 id = lf_history_begin (history, start, NULL);

      if (id == 0 || !lf_history_end (history, id, end, NULL))
        g_error ("could not fill the history");
    }
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        double     *ours,
        double     *floor)
{
  qsort (ours, TRIES, sizeof (double), compare_doubles);
  qsort (floor, TRIES, sizeof (double), compare_doubles);
  printf ("%-28s p50 %7.3f ms  p99 %7.3f ms   (bare SQLite: p50 %7.3f ms  p99 %7.3f ms)\n",
          what, ours[TRIES / 2], ours[TRIES * 99 / 100], floor[TRIES / 2],
          floor[TRIES * 99 / 100]);
}

/* The floor: @sql stepped through with its rows' columns read, nothing made of them. */
static double
bare (sqlite3    *db,
      const char *sql,
      gint64      number,
      const char *text)
{
  gint64 started = g_get_monotonic_time ();
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, number);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < sqlite3_column_count (stmt); c++)
      (void) sqlite3_column_text (stmt, c);
  sqlite3_finalize (stmt);
  return (g_get_monotonic_time () - started) / 1000.0;
}

static int
fill_only (const char *path,
           guint       n)
{
  g_autoptr(LfHistory) history = lf_history_open (path, NULL);

  g_assert_nonnull (history);
  fill (history, n);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 100000;

  if (argc == 4 && g_str_equal (argv[1], "--fill"))
    return fill_only (argv[2], (guint) atoi (argv[3]));
  return measure_queries (n);
}

static int
measure_queries (guint n)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.sqlite3", NULL);
  g_autoptr(LfHistory) history = lf_history_open (path, NULL);
  double list[TRIES], list_floor[TRIES], search[TRIES], search_floor[TRIES];
  double get[TRIES], get_floor[TRIES];
  sqlite3 *db = NULL;
  gint64 started = g_get_monotonic_time ();

  g_assert_nonnull (history);
  fill (history, n);
  printf ("filled with %u runs in %.1f s\n", n, (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < TRIES; i++)
    {
      gint64 before = g_random_int_range (200, (gint32) n);
      LfHistoryQuery page = { .before_id = before, .limit = 200 };
      LfHistoryQuery found = { .search = words[i % G_N_ELEMENTS (words)], .limit = 200 };
      g_autoptr(JsonArray) rows = NULL;
      g_autoptr(JsonArray) hits = NULL;
      g_autoptr(JsonObject) run = NULL;
      gint64 t = g_get_monotonic_time ();

      rows = lf_history_list (history, &page, NULL);
      list[i] = (g_get_monotonic_time () - t) / 1000.0;
      list_floor[i] = bare (db, "SELECT * FROM runs WHERE id < ? ORDER BY id DESC LIMIT 200",
                            before, NULL);
      t = g_get_monotonic_time ();
      hits = lf_history_list (history, &found, NULL);
      search[i] = (g_get_monotonic_time () - t) / 1000.0;
      search_floor[i] = bare (db, "SELECT runs.* FROM runs_fts JOIN runs ON runs.id = "
                                  "runs_fts.rowid WHERE runs_fts MATCH ? ORDER BY "
                                  "runs_fts.rowid DESC LIMIT 200", 0, found.search);
      t = g_get_monotonic_time ();
      run = lf_history_get (history, before, NULL);
      get[i] = (g_get_monotonic_time () - t) / 1000.0;
      get_floor[i] = bare (db, "SELECT * FROM runs WHERE id = ?", before, NULL);
      g_assert_cmpuint (json_array_get_length (rows), ==, 200);
      g_assert_cmpuint (json_array_get_length (hits), >, 0);
      g_assert_nonnull (run);
    }
  report ("list page (200 runs)", list, list_floor);
  report ("search (full text)", search, search_floor);
  report ("one run, whole", get, get_floor);

  sqlite3_close (db);
  g_clear_object (&history);
  for (const char *suffix = ""; suffix; suffix = *suffix ? NULL : "-wal")
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);

      g_unlink (file);
    }
  {
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
