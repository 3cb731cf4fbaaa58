/* test-autosave.c: copies of unsaved work, and which of them a crash left behind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lf-autosave.h"
#include "lf-test-core.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_dir_make_tmp ("test-autosave-XXXXXX", &error);

  g_assert_no_error (error);
  /* Not created yet: the first save makes it. */
  fixture->dir = g_build_filename (parent, "autosave", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *parent = g_path_get_dirname (fixture->dir);

  remove_tree (parent);
  g_free (fixture->dir);
}

/* Saves and returns what the finish said. */
static gboolean
save (LfAutosave  *slot,
      const char  *data,
      const char  *title,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_autosave_save_async (slot, data, title, NULL, lf_test_keep_result, &result);
  return lf_autosave_save_finish (slot, lf_test_wait_result (&result), error);
}

static char *
info_path (Fixture    *fixture,
           LfAutosave *slot)
{
  g_autofree char *name = g_strconcat (lf_autosave_get_id (slot), ".info", NULL);

  return g_build_filename (fixture->dir, name, NULL);
}

/* Rewrites one key of a slot's description, as another process would have written it. */
static void
set_info_key (Fixture    *fixture,
              LfAutosave *slot,
              const char *key,
              const char *value)
{
  g_autofree char *path = info_path (fixture, slot);
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (info, path, G_KEY_FILE_KEEP_COMMENTS, &error);
  g_assert_no_error (error);
  g_key_file_set_string (info, "Autosave", key, value);
  g_key_file_save_to_file (info, path, &error);
  g_assert_no_error (error);
}

static GPtrArray *
orphans (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found = lf_autosave_list_orphans (fixture->dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

/* The pid of a process that has ended. */
static char *
dead_pid (void)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/true", NULL };
  GPid pid;
  int status;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  waitpid (pid, &status, 0);
  return g_strdup_printf ("%d", pid);
}

static void
test_save_and_live_writer (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(LfAutosave) slot = lf_autosave_new (fixture->dir);
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *form_path = lf_autosave_get_form_path (slot);
  g_autofree char *text = NULL;
  struct stat st;

  /* No folder yet: nothing to offer, and no error. */
  none = orphans (fixture);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_false (lf_autosave_has_copy (slot));

  lf_autosave_set_file_uri (slot, "file:///home/someone/My%20Form.lambdaform");
  g_assert_true (save (slot, "{\"title\": \"Draft\"}", "Draft", &error));
  g_assert_no_error (error);
  g_assert_true (lf_autosave_has_copy (slot));
  g_assert_nonnull (lf_autosave_get_saved_time (slot));

  g_assert_true (g_file_get_contents (form_path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "{\"title\": \"Draft\"}");
  /* Private to the person: the folder and the copy. */
  g_assert_cmpint (g_stat (form_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (fixture->dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* This process is alive: its work is not an orphan. */
  listed = orphans (fixture);
  g_assert_cmpuint (listed->len, ==, 0);
}

static void
test_orphan_found_claimed_discarded (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(LfAutosave) slot = lf_autosave_new (fixture->dir);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) after_claim = NULL;
  g_autoptr(GPtrArray) after_discard = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = dead_pid ();
  g_autofree char *form_path = NULL;
  g_autofree char *text = NULL;
  LfAutosave *orphan;

  lf_autosave_set_file_uri (slot, "file:///tmp/greeter.lambdaform");
  g_assert_true (save (slot, "{\"version\": 1}", "Say hello", &error));
  g_assert_no_error (error);
  /* As if written by a process that has since crashed. */
  set_info_key (fixture, slot, "Pid", pid);

  found = orphans (fixture);
  g_assert_cmpuint (found->len, ==, 1);
  orphan = g_ptr_array_index (found, 0);
  g_assert_cmpstr (lf_autosave_get_id (orphan), ==, lf_autosave_get_id (slot));
  g_assert_cmpstr (lf_autosave_get_title (orphan), ==, "Say hello");
  g_assert_cmpstr (lf_autosave_get_file_uri (orphan), ==, "file:///tmp/greeter.lambdaform");
  g_assert_true (lf_autosave_has_copy (orphan));
  g_assert_nonnull (lf_autosave_get_saved_time (orphan));
  form_path = lf_autosave_get_form_path (orphan);
  g_assert_true (g_file_get_contents (form_path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "{\"version\": 1}");

  /* Taken over by this process, it is no longer left behind. */
  g_assert_true (lf_autosave_claim (orphan, &error));
  g_assert_no_error (error);
  after_claim = orphans (fixture);
  g_assert_cmpuint (after_claim->len, ==, 0);

  g_assert_true (lf_autosave_discard (orphan, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (form_path, G_FILE_TEST_EXISTS));
  g_assert_false (lf_autosave_has_copy (orphan));
  /* Discarding twice is no error. */
  g_assert_true (lf_autosave_discard (orphan, &error));
  g_assert_no_error (error);
  /* A description alone is not a slot. */
  {
    g_autofree char *info = info_path (fixture, slot);
    g_autofree char *lonely = g_strdup_printf ("[Autosave]\nPid=%s\nTitle=Lost\n", pid);

    g_assert_true (g_file_set_contents (info, lonely, -1, NULL));
  }
  after_discard = orphans (fixture);
  g_assert_cmpuint (after_discard->len, ==, 0);
}

/* A pid used again by another program, or from an earlier boot, is not the writer. */
static void
test_reused_pid (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(LfAutosave) by_start = lf_autosave_new (fixture->dir);
  g_autoptr(LfAutosave) by_boot = lf_autosave_new (fixture->dir);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (save (by_start, "{}", "Started earlier", &error));
  g_assert_true (save (by_boot, "{}", "Before a reboot", &error));
  g_assert_no_error (error);
  set_info_key (fixture, by_start, "Started", "1");
  set_info_key (fixture, by_boot, "Boot", "00000000-0000-0000-0000-000000000000");

  found = orphans (fixture);
  g_assert_cmpuint (found->len, ==, 2);
}

static void
test_newest_first_and_strays (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(LfAutosave) older = lf_autosave_new (fixture->dir);
  g_autoptr(LfAutosave) newer = lf_autosave_new (fixture->dir);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = dead_pid ();
  g_autofree char *stray = g_build_filename (fixture->dir, "not-a-slot.info", NULL);
  g_autofree char *lonely = g_build_filename (fixture->dir,
                                              "0b7d7a4e-0d7c-4a55-9a52-9d0e7c1f7a11.info", NULL);

  g_assert_true (save (older, "{}", "Older", &error));
  g_assert_true (save (newer, "{}", "Newer", &error));
  g_assert_no_error (error);
  set_info_key (fixture, older, "Pid", pid);
  set_info_key (fixture, older, "Saved", "2026-01-01T10:00:00Z");
  set_info_key (fixture, newer, "Pid", pid);
  set_info_key (fixture, newer, "Saved", "2026-06-01T10:00:00Z");
  /* Files that are not slots are left alone. */
  g_assert_true (g_file_set_contents (stray, "[Autosave]\nPid=1\n", -1, NULL));
  g_assert_true (g_file_set_contents (lonely, "[Autosave]\nPid=1\n", -1, NULL));

  found = orphans (fixture);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (lf_autosave_get_title (g_ptr_array_index (found, 0)), ==, "Newer");
  g_assert_cmpstr (lf_autosave_get_title (g_ptr_array_index (found, 1)), ==, "Older");
}

/* A discard made while a write is under way wins: the work does not come back. */
static void
test_discard_overtakes_save (Fixture       *fixture,
                             gconstpointer  data)
{
  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(LfAutosave) slot = lf_autosave_new (fixture->dir);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *form_path = lf_autosave_get_form_path (slot);
      g_autofree char *info = info_path (fixture, slot);

      lf_autosave_save_async (slot, "{}", "Gone", NULL, lf_test_keep_result, &result);
      g_assert_true (lf_autosave_discard (slot, &error));
      g_assert_no_error (error);
      lf_test_wait_result (&result);
      /* Written before the discard or not at all, the copy is gone and not counted. */
      g_assert_false (lf_autosave_save_finish (slot, result, &error));
      g_assert_no_error (error);
      g_assert_false (lf_autosave_has_copy (slot));
      g_assert_false (g_file_test (form_path, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (info, G_FILE_TEST_EXISTS));
    }
}

static void
test_unwritable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *parent = g_path_get_dirname (fixture->dir);
  g_autoptr(LfAutosave) slot = NULL;
  g_autoptr(GError) error = NULL;

  /* A file where the folder should be. */
  g_assert_true (g_file_set_contents (fixture->dir, "", 0, NULL));
  slot = lf_autosave_new (fixture->dir);
  g_assert_false (save (slot, "{}", "Nowhere", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, fixture->dir));
  g_assert_false (lf_autosave_has_copy (slot));
  g_remove (fixture->dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/autosave/save-and-live-writer", test_save_and_live_writer);
  ADD ("/autosave/orphan-found-claimed-discarded", test_orphan_found_claimed_discarded);
  ADD ("/autosave/reused-pid", test_reused_pid);
  ADD ("/autosave/newest-first-and-strays", test_newest_first_and_strays);
  ADD ("/autosave/discard-overtakes-save", test_discard_overtakes_save);
  ADD ("/autosave/unwritable", test_unwritable);
#undef ADD

  return g_test_run ();
}
