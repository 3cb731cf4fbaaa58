/* first-frame-hook.c: preloaded into a GTK program, reports its first frame and its memory
 *
 * LD_PRELOAD=.../libfirst-frame-hook.so LF_BENCH_EXEC_TIME=<g_get_monotonic_time () before
 * exec> PROGRAM prints one line, "first-frame-us N rss-kb N pss-kb N", then quits the
 * program: microseconds from exec to the end of the first frame painted in any window, then
 * the program's resident and proportional memory once it has sat idle for two seconds.
 * Preloading leaves the program itself untouched, so the app measured is the one that ships.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#define SETTLE_MS 2000

static gint64 exec_time;
static gint64 first_frame_us = -1;

static void
read_memory (guint64 *rss,
             guint64 *pss)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  *rss = *pss = 0;
  if (!g_file_get_contents ("/proc/self/smaps_rollup", &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "Rss:"))
        *rss = g_ascii_strtoull (lines[i] + 4, NULL, 10);
      else if (g_str_has_prefix (lines[i], "Pss:"))
        *pss = g_ascii_strtoull (lines[i] + 4, NULL, 10);
    }
}

static gboolean
report (gpointer user_data)
{
  GApplication *app = g_application_get_default ();
  guint64 rss, pss;

  read_memory (&rss, &pss);
  printf ("first-frame-us %" G_GINT64_FORMAT " rss-kb %" G_GUINT64_FORMAT " pss-kb %"
          G_GUINT64_FORMAT "\n", first_frame_us, rss, pss);
  fflush (stdout);
  if (app != NULL)
    g_application_quit (app);
  else
    exit (0);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (first_frame_us < 0)
    {
      first_frame_us = g_get_monotonic_time () - exec_time;
      g_timeout_add (SETTLE_MS, report, NULL);
    }
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, user_data);
}

static void
watch (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (clock != NULL && first_frame_us < 0)
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

static gboolean
on_map (GSignalInvocationHint *hint,
        guint                  n_values,
        const GValue          *values,
        gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if (GTK_IS_WINDOW (widget))
    watch (widget);
  return first_frame_us < 0;
}

/* The first window is presented from "activate", before the main loop runs, and paints only
 * from the loop: this runs first in the loop, above the frame clock's priority. */
static gboolean
watch_toplevels (gpointer user_data)
{
  GListModel *toplevels;

  if (!gtk_is_initialized ())
    return G_SOURCE_CONTINUE;
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      watch (window);
    }
  /* And any window mapped later (mapped means realized: it has its frame clock). */
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_map, NULL, NULL);
  return G_SOURCE_REMOVE;
}

__attribute__ ((constructor)) static void
install (void)
{
  const char *env = g_getenv ("LF_BENCH_EXEC_TIME");

  if (env == NULL)
    return;
  exec_time = g_ascii_strtoll (env, NULL, 10);
  /* Only the program measured: a child (the app's sandbox) never runs GTK, so this hook's
   * idle would spin there at high priority and starve its signal handling. */
  g_unsetenv ("LD_PRELOAD");
  g_unsetenv ("LF_BENCH_EXEC_TIME");
  /* Above the frame clock's priority, so it is connected before the first paint. */
  g_idle_add_full (G_PRIORITY_HIGH, watch_toplevels, NULL, NULL);
}
