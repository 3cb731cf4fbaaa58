/* test-long-call.c: a synchronous call that takes three minutes, in the real window
 *
 * The sandbox's slow function sleeps 180 s (its timeout is 900 s, learnt from its
 * configuration). The call is not retried and not cut short by a fixed read timeout; while it
 * runs, the button's bar (and the status's, under its pill) shows the time it has taken
 * against the function's timeout and moves on every second, which it could not do if the
 * window were stalled; then the answer comes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-test-ui.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "lf-application.h"
#include "lf-form-generate.h"
#include "lf-json-util.h"
#include "lf-widget-factory.h"
#include "lf-window.h"

#define CALL_SECONDS 180
/* The function's own timeout, and the most a run of the test may take: the call, a start
 * of the sandbox, and room for a sanitizer build. */
#define SLOW_TIMEOUT 900
#define TEST_DEADLINE_SECONDS (CALL_SECONDS * 3)

static LfApplication *app;
static char *tmp_dir;

static gboolean
is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
test_three_minutes (void)
{
  g_autoptr(JsonNode) event = lf_json_parse ("{\"seconds\": 180}", -1, NULL);
  LfFormGenerateOptions options = { .function_name = "slow", .account = "sandbox" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_generate_from_event (&options, event, &error);
  g_autofree char *path = g_build_filename (tmp_dir, "slow.lambdaform", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) status_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);
  GtkWidget *status;
  GtkWidget *status_progress;
  LfWindow *window = lf_window_new (app);
  LfFormView *view;
  LfFormRuntime *runtime;
  GtkWidget *button;
  GtkWidget *progress;
  gint64 deadline;
  double last_fraction = 0;
  JsonNode *answer;

  g_assert_no_error (error);
  g_assert_true (lf_form_save_to_file (form, path, &error));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  gtk_window_present (GTK_WINDOW (window));
  lf_test_wait_for (is_drawn, window, "the window to be drawn");
  lf_window_open_file (window, file, FALSE);
  lf_test_wait_for (lf_test_form_is_ready, window, "the form to open");
  view = lf_window_get_form_view (window);
  runtime = lf_form_view_get_runtime (view);
  button = lf_form_view_get_control_widget (view, "invokeButton");
  progress = lf_widget_factory_get_part (button, "progress");
  g_assert_false (gtk_widget_get_visible (progress));
  status = lf_form_view_get_control_widget (view, "status");

  g_signal_emit_by_name (lf_widget_factory_get_input (button), "clicked");
  deadline = g_get_monotonic_time () + TEST_DEADLINE_SECONDS * G_TIME_SPAN_SECOND;
  while (lf_form_runtime_get_action_state (runtime, "invoke") == LF_ACTION_STATE_RUNNING)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      /* The status bound to the action's state shows the same time under its pill. */
      status_progress = lf_widget_factory_get_part (status, "progress");
      if (status_progress != NULL && gtk_widget_get_visible (status_progress))
        g_hash_table_add (status_texts, g_strdup (gtk_progress_bar_get_text (
                                          GTK_PROGRESS_BAR (status_progress))));
      if (!gtk_widget_get_visible (progress))
        continue;
      g_hash_table_add (texts, g_strdup (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (progress))));
      /* The bar only moves forward. */
      g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress)), >=,
                         last_fraction);
      last_fraction = gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress));
    }

  g_assert_cmpint (lf_form_runtime_get_action_state (runtime, "invoke"), ==,
                   LF_ACTION_STATE_SUCCEEDED);
  answer = lf_form_runtime_get_value (runtime, "answer");
  g_assert_nonnull (answer);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (answer), "slept"), ==,
                     CALL_SECONDS);
  /* A text for nearly every second of the three minutes: the window kept drawing it. */
  g_assert_cmpuint (g_hash_table_size (texts), >=, CALL_SECONDS * 3 / 4);
  g_assert_true (g_hash_table_contains (texts, "1 min 00 s of 15 min 00 s"));
  g_assert_cmpuint (g_hash_table_size (status_texts), >=, CALL_SECONDS * 3 / 4);
  g_assert_true (g_hash_table_contains (status_texts, "2 min 00 s of 15 min 00 s"));
  g_assert_cmpfloat (last_fraction, >, (double) (CALL_SECONDS - 10) / SLOW_TIMEOUT);
  g_assert_false (gtk_widget_get_visible (progress));
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = lf_test_make_home ("lf-long-call");
  app = lf_test_init_app (&argc, &argv);

  g_test_add_func ("/long-call/three-minutes", test_three_minutes);

  status = g_test_run ();

  lf_test_finish_app (app, tmp_dir);
  return status;
}
