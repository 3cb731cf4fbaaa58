/* bench-startup.c: time from exec to first frame, and idle memory, of the app and a peer
 *
 * Usage: bench-startup HOOK RUNS PROGRAM-NAME PROGRAM [PROGRAM-NAME PROGRAM…]
 * Starts each program RUNS times, in turns, with HOOK (libfirst-frame-hook.so) preloaded;
 * the hook prints when the first frame was painted and the memory after two idle seconds,
 * then quits the program. One warm-up start of each is not counted (cold page cache). Prints
 * the median of each figure and the first program's ratio to the second's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_RUNS 50

typedef struct
{
  const char *name;
  const char *path;
  double      frame_ms[MAX_RUNS];
  double      rss_mb[MAX_RUNS];
  double      pss_mb[MAX_RUNS];
  guint       n;
} Subject;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static gboolean
run_once (const char *hook,
          Subject    *subject,
          gboolean    count)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *now = NULL;
  gint64 frame_us;
  guint64 rss_kb, pss_kb;

  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", hook, TRUE);
  /* The last thing before the fork and exec. */
  now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  g_subprocess_launcher_setenv (launcher, "LF_BENCH_EXEC_TIME", now, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, subject->path, NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    {
      g_printerr ("bench-startup: %s: %s\n", subject->name, error->message);
      return FALSE;
    }
  if (out == NULL || sscanf (out, "first-frame-us %" G_GINT64_FORMAT " rss-kb %" G_GUINT64_FORMAT
                             " pss-kb %" G_GUINT64_FORMAT, &frame_us, &rss_kb, &pss_kb) != 3)
    {
      g_printerr ("bench-startup: %s printed no figures (exit status %d)\n", subject->name,
                  g_subprocess_get_exit_status (process));
      return FALSE;
    }
  if (count)
    {
      subject->frame_ms[subject->n] = frame_us / 1000.0;
      subject->rss_mb[subject->n] = rss_kb / 1024.0;
      subject->pss_mb[subject->n] = pss_kb / 1024.0;
      subject->n++;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  Subject subjects[8];
  guint n_subjects = 0;
  guint runs;
  double frame[8], rss[8], pss[8];

  if (argc < 7 || (argc - 3) % 2 != 0 || (guint) (argc - 3) / 2 > G_N_ELEMENTS (subjects))
    {
      g_printerr ("Usage: %s HOOK RUNS NAME PROGRAM NAME PROGRAM…\n", argv[0]);
      return 2;
    }
  runs = CLAMP ((guint) atoi (argv[2]), 1, MAX_RUNS);
  for (int i = 3; i + 1 < argc; i += 2)
    subjects[n_subjects++] = (Subject) { argv[i], argv[i + 1] };

  for (guint s = 0; s < n_subjects; s++)
    if (!run_once (argv[1], &subjects[s], FALSE))
      return 1;
  /* In turns, so that whatever else the machine does falls on both alike. */
  for (guint r = 0; r < runs; r++)
    for (guint s = 0; s < n_subjects; s++)
      if (!run_once (argv[1], &subjects[s], TRUE))
        return 1;

  printf ("Startup: exec to the end of the first painted frame, then memory after 2 s idle\n"
          "(/proc/self/smaps_rollup), median of %u starts each, taken in turns.\n\n", runs);
  printf ("  %-34s %14s %10s %10s\n", "program", "first frame ms", "RSS MB", "PSS MB");
  for (guint s = 0; s < n_subjects; s++)
    {
      frame[s] = median (subjects[s].frame_ms, subjects[s].n);
      rss[s] = median (subjects[s].rss_mb, subjects[s].n);
      pss[s] = median (subjects[s].pss_mb, subjects[s].n);
      printf ("  %-34s %14.0f %10.1f %10.1f   (first frame %.0f–%.0f ms)\n", subjects[s].name,
              frame[s], rss[s], pss[s], subjects[s].frame_ms[0],
              subjects[s].frame_ms[subjects[s].n - 1]);
    }
  printf ("\n%s starts in %.2fx the time of %s (goal: within 1.5x): %s\n"
          "and takes %.2fx its PSS (%+.1f MB).\n",
          subjects[0].name, frame[0] / frame[1], subjects[1].name,
          frame[0] <= 1.5 * frame[1] ? "met" : "NOT met", pss[0] / pss[1], pss[0] - pss[1]);
  return 0;
}
