/* bench-history-ui.c: the main loop while the Run History window opens over 100,000 runs and
 * is scrolled to its end page after page
 *
 * A high-priority timeout ticks every 2 ms; the longest gap between its runs is the longest
 * stall. It is measured for the History window (opening, the first page, then PAGES scrolls
 * to the end, each reading the next 200 runs on the history's worker) and, in the same run,
 * for its floor: a plain GtkListView over a list of the same number of rows already in memory,
 * scrolled the same way. Goal: no stall over 50 ms.
 *
 * Run by bench/history-ui.sh, which fills the history first (bench-history --fill).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "lf-history-window.h"
#include "lf-session.h"

#define TICK_MS 2
#define PAGES 10

typedef struct
{
  gint64 last_tick;
  gint64 max_gap;
} Stall;

static gboolean
on_tick (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  stall->max_gap = MAX (stall->max_gap, now - stall->last_tick);
  stall->last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop for @ms milliseconds. */
static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* The list of runs, not the lists inside the filters' drop-downs. */
static gboolean
is_runs_list (GtkWidget *widget)
{
  GtkWidget *child = GTK_IS_SCROLLED_WINDOW (widget)
                     ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (widget)) : NULL;
  GtkSelectionModel *selection = GTK_IS_LIST_VIEW (child)
                                 ? gtk_list_view_get_model (GTK_LIST_VIEW (child)) : NULL;
  GListModel *model = GTK_IS_SINGLE_SELECTION (selection)
                      ? gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)) : NULL;

  return model != NULL && g_list_model_get_n_items (model) > 0 &&
         !gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER);
}

static GtkScrolledWindow *
find_scroller (GtkWidget *widget)
{
  if (is_runs_list (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scroller (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Scrolls to the end PAGES times, letting the list grow in between. */
static void
scroll_pages (GtkWidget *window)
{
  GtkScrolledWindow *scroller = find_scroller (window);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  for (guint i = 0; i < PAGES; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      g_signal_emit_by_name (scroller, "edge-reached", GTK_POS_BOTTOM);
      spin (150);
    }
}

/* The longest stalls while the window opens (and shows its first rows), then while it is
 * scrolled page after page. */
static void
measure (GtkWidget *(*open_window) (gpointer),
         gpointer    data,
         double     *opening,
         double     *scrolling,
         guint      *rows)
{
  Stall stall = { g_get_monotonic_time (), 0 };
  guint tick = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, on_tick, &stall, NULL);
  GtkWidget *window = open_window (data);
  GtkScrolledWindow *scroller;
  GListModel *model;

  spin (300);
  *opening = stall.max_gap / 1000.0;
  stall.max_gap = 0;
  scroll_pages (window);
  *scrolling = stall.max_gap / 1000.0;
  scroller = find_scroller (window);
  model = G_LIST_MODEL (gtk_list_view_get_model (
    GTK_LIST_VIEW (gtk_scrolled_window_get_child (scroller))));
  *rows = g_list_model_get_n_items (model);
  g_source_remove (tick);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (100);
}

static GtkWidget *
open_history (gpointer data)
{
  LfHistoryWindow *window = lf_history_window_new (NULL, data);

  g_assert_nonnull (window);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WIDGET (window);
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

/* The floor: a list of as many rows as the history window ends with, all in memory. */
static GtkWidget *
open_plain_list (gpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  GtkStringList *strings = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("greet · Succeeded · 12 ms · run %u", i);

      gtk_string_list_append (strings, text);
    }
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (
                              G_LIST_MODEL (strings))), factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 1040, 640);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(LfSession) session = NULL;
  guint history_rows = 0, plain_rows = 0;
  double history_open, history_scroll, again_open, again_scroll, plain_open, plain_scroll;

  adw_init ();
  session = lf_session_new ();
  /* As in the app, where the first run opens the history long before its window. */
  g_assert_nonnull (lf_session_get_history (session));
  spin (500);
  /* The first window in a process also loads GtkSourceView's language and style definitions
   * for its JSON views; the second shows what opening costs after that. */
  measure (open_history, session, &history_open, &history_scroll, &history_rows);
  measure (open_history, session, &again_open, &again_scroll, &history_rows);
  measure (open_plain_list, GUINT_TO_POINTER (history_rows), &plain_open, &plain_scroll,
           &plain_rows);
  printf ("Longest main-loop stall (ms)          opening   scrolling %d pages\n", PAGES);
  printf ("  Run History, first in the process  %7.1f   %7.1f\n", history_open, history_scroll);
  printf ("  Run History again (%6u runs)     %7.1f   %7.1f\n", history_rows, again_open,
          again_scroll);
  printf ("  floor: a plain list of %6u rows   %7.1f   %7.1f\n", plain_rows, plain_open,
          plain_scroll);
  printf ("  goal: under 50 ms\n");
  return 0;
}
