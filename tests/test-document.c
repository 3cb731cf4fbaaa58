/* test-document.c: a form with its file: loading and saving away from the main loop, what
 * counts as modified, saves that overlap and edits made while one is under way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "lf-document.h"
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

  fixture->dir = g_dir_make_tmp ("lf-document-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static GFile *
file_in (Fixture    *fixture,
         const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  return g_file_new_for_path (path);
}

static char *
read_file (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static LfDocument *
load (GFile   *file,
      GError **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) kept = NULL;

  lf_document_load_async (file, NULL, lf_test_keep_result, &result);
  kept = lf_test_wait_result (&result);
  return lf_document_load_finish (kept, error);
}

static gboolean
save (LfDocument  *document,
      GFile       *file,
      GError     **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) kept = NULL;

  lf_document_save_async (document, file, NULL, lf_test_keep_result, &result);
  kept = lf_test_wait_result (&result);
  return lf_document_save_finish (document, kept, error);
}

static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *sample = g_build_filename (SOURCE_DATADIR, "examples",
                                              "greeter.lambdaform", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  g_autoptr(GFile) missing = file_in (fixture, "missing.lambdaform");
  g_autoptr(GFile) broken = file_in (fixture, "broken.lambdaform");
  g_autofree char *broken_path = g_file_get_path (broken);
  g_autoptr(LfDocument) document = NULL;
  g_autoptr(LfDocument) none = NULL;
  g_autoptr(GError) error = NULL;

  document = load (file, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (lf_document_get_file (document), file));
  g_assert_false (lf_document_get_modified (document));
  g_assert_cmpuint (lf_form_get_n_controls (lf_document_get_form (document)), >, 0);

  none = load (missing, &error);
  g_assert_null (none);
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO);
  g_clear_error (&error);

  /* A format error names the JSON path of what is wrong. */
  g_assert_true (g_file_set_contents (broken_path, "{\"format_version\": 1, \"controls\": 3}",
                                      -1, NULL));
  none = load (broken, &error);
  g_assert_null (none);
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "$"));
}

/* Modified means "differs from the file": undoing back to what was saved is not modified,
 * and a dropped redo never makes an old state look saved. */
static void
test_modified_follows_history (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(LfDocument) document = lf_document_new (form, NULL);
  g_autoptr(GFile) file = file_in (fixture, "history.lambdaform");
  g_autoptr(GError) error = NULL;

  g_assert_false (lf_document_get_modified (document));
  g_assert_nonnull (lf_form_add_control (form, "text-field", -1, &error));
  g_assert_true (lf_document_get_modified (document));
  g_assert_true (save (document, file, &error));
  g_assert_no_error (error);
  g_assert_false (lf_document_get_modified (document));
  g_assert_true (g_file_equal (lf_document_get_file (document), file));

  g_assert_nonnull (lf_form_add_control (form, "button", -1, &error));
  g_assert_true (lf_document_get_modified (document));
  g_assert_true (lf_form_undo (form));
  g_assert_false (lf_document_get_modified (document));
  g_assert_true (lf_form_undo (form));
  g_assert_true (lf_document_get_modified (document));
  g_assert_true (lf_form_redo (form));
  g_assert_false (lf_document_get_modified (document));

  /* Undo the saved step, then make a different one: the saved state's redo is gone. */
  g_assert_true (lf_form_undo (form));
  g_assert_nonnull (lf_form_add_control (form, "text-area", -1, &error));
  g_assert_true (lf_document_get_modified (document));
  g_assert_true (lf_form_undo (form));
  g_assert_true (lf_document_get_modified (document));
}

/* The file holds what the form was when Save was asked for; an edit made while the write is
 * under way keeps the document modified. */
static void
test_edit_while_saving (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(LfDocument) document = lf_document_new (form, NULL);
  g_autoptr(GFile) file = file_in (fixture, "busy.lambdaform");
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autoptr(LfDocument) reread = NULL;

  g_assert_true (lf_form_set_setting (form, "title", "First", &error));
  lf_document_save_async (document, file, NULL, lf_test_keep_result, &result);
  g_assert_true (lf_document_get_saving (document));
  g_assert_true (lf_form_set_setting (form, "title", "Second", &error));
  kept = lf_test_wait_result (&result);
  g_assert_true (lf_document_save_finish (document, kept, &error));
  g_assert_false (lf_document_get_saving (document));
  g_assert_true (lf_document_get_modified (document));

  reread = load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_form_get_title (lf_document_get_form (reread)), ==, "First");
  written = read_file (file);
  g_assert_null (strstr (written, "Second"));
}

/* Saves asked for one after another land in that order: the newest text is what stays. */
static void
test_saves_in_order (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(LfDocument) document = lf_document_new (form, NULL);
  g_autoptr(GFile) file = file_in (fixture, "order.lambdaform");
  GAsyncResult *results[8] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LfDocument) reread = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autofree char *title = g_strdup_printf ("Title %u", i);

      g_assert_true (lf_form_set_setting (form, "title", title, &error));
      lf_document_save_async (document, file, NULL, lf_test_keep_result, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GAsyncResult) kept = lf_test_wait_result (&results[i]);

      g_assert_true (lf_document_save_finish (document, kept, &error));
    }
  g_assert_false (lf_document_get_modified (document));
  reread = load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_form_get_title (lf_document_get_form (reread)), ==, "Title 7");
}

static void
test_save_needs_a_file (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(LfDocument) document = lf_document_new (form, NULL);
  g_autoptr(GFile) in_missing_dir = file_in (fixture, "no/such/folder.lambdaform");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (lf_form_add_control (form, "button", -1, &error));
  g_assert_false (save (document, NULL, &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO);
  g_clear_error (&error);

  g_assert_false (save (document, in_missing_dir, &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO);
  g_assert_null (lf_document_get_file (document));
  g_assert_true (lf_document_get_modified (document));
}

/* A save keeps the mode the person gave the file. */
static void
test_save_keeps_mode (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(LfDocument) document = lf_document_new (form, NULL);
  g_autoptr(GFile) file = file_in (fixture, "mode.lambdaform");
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_true (save (document, file, &error));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_true (lf_form_set_setting (form, "title", "Private", &error));
  g_assert_true (save (document, NULL, &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
}

static void
test_recovered (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(LfDocument) document = lf_document_new (form, NULL);
  g_autoptr(GFile) file = file_in (fixture, "recovered.lambdaform");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  lf_document_mark_recovered (document);
  g_assert_true (lf_document_get_modified (document));
  g_assert_false (lf_form_can_undo (form));
  lf_document_forget_changes (document);
  g_assert_false (lf_document_get_modified (document));
  lf_document_mark_recovered (document);
  g_assert_true (save (document, file, &error));
  g_assert_false (lf_document_get_modified (document));

  g_assert_true (lf_form_set_setting (form, "title", "In/Out", &error));
  name = lf_document_suggest_file_name (document);
  g_assert_cmpstr (name, ==, "In-Out.lambdaform");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/document/load", Fixture, NULL, fixture_set_up, test_load, fixture_tear_down);
  g_test_add ("/document/modified-follows-history", Fixture, NULL, fixture_set_up,
              test_modified_follows_history, fixture_tear_down);
  g_test_add ("/document/edit-while-saving", Fixture, NULL, fixture_set_up,
              test_edit_while_saving, fixture_tear_down);
  g_test_add ("/document/saves-in-order", Fixture, NULL, fixture_set_up, test_saves_in_order,
              fixture_tear_down);
  g_test_add ("/document/save-needs-a-file", Fixture, NULL, fixture_set_up,
              test_save_needs_a_file, fixture_tear_down);
  g_test_add ("/document/save-keeps-mode", Fixture, NULL, fixture_set_up, test_save_keeps_mode,
              fixture_tear_down);
  g_test_add ("/document/recovered", Fixture, NULL, fixture_set_up, test_recovered,
              fixture_tear_down);
  return g_test_run ();
}
