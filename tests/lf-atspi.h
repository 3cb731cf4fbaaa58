/* lf-atspi.h: what the out-of-process UI tests share: the app started as a person starts
 * it, found and read through the accessibility tree (AT-SPI), driven by real input (XTest)
 *
 * GTK 4.8, libatspi 2.46, Xvfb and no window manager: the notes in lf-atspi.c say what each
 * of them does that a test has to know.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <atspi/atspi.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* libatspi 2.46 declares no g_autoptr cleanups (check again when bookworm is left behind). */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiStateSet, g_object_unref)

#define LF_ATSPI_DEADLINE_SECONDS 30

typedef struct
{
  GSubprocess         *process;
  GSubprocessLauncher *launcher;
  char               **argv;
  int                  pid;
  gboolean             seen;      /* it has been on the accessibility bus */
  gboolean             respawned;
  char                *home;
} LfAtspiApp;

void           lf_atspi_init          (void);
LfAtspiApp    *lf_atspi_app_start     (const char * const *argv);
/* The same, with @contents written first at @path under the app's home (its XDG folders are
 * "config", "data", "state" and "cache" there). */
LfAtspiApp    *lf_atspi_app_start_with_file (const char * const *argv, const char *path,
                                             const char *contents);
/* Clicks the title bar's Close, then waits for the app to exit; returns its exit status
 * (128 + signal). */
int            lf_atspi_app_close     (LfAtspiApp *app);
void           lf_atspi_app_free      (LfAtspiApp *app);

/* Waits (polling the tree) for an on-screen accessible of @role in the app, matched by its
 * exact accessible name (@name) and/or by the name of a label it is labelled by (@label).
 * Aborts the test with a dump of the tree when none appears before the deadline. */
AtspiAccessible *lf_atspi_find        (LfAtspiApp *app, AtspiRole role,
                                       const char *name, const char *label);
AtspiAccessible *lf_atspi_find_in     (AtspiAccessible *scope, AtspiRole role,
                                       const char *name, const char *label);
gboolean       lf_atspi_is_gone       (LfAtspiApp *app, AtspiRole role, const char *name);
gboolean       lf_atspi_is_gone_in    (AtspiAccessible *scope, AtspiRole role, const char *name);
gboolean       lf_atspi_is_popover    (AtspiAccessible *acc);   /* GTK 4.8: a filler "…Popover" */

char          *lf_atspi_text          (AtspiAccessible *acc);     /* whole Text contents */
gboolean       lf_atspi_has_state     (AtspiAccessible *acc, AtspiStateType state);
AtspiAccessible *lf_atspi_focused     (LfAtspiApp *app);          /* or NULL */

typedef gboolean (*LfAtspiCondition) (gpointer data);
void           lf_atspi_wait          (LfAtspiCondition condition, gpointer data, const char *what);
void           lf_atspi_wait_text     (AtspiAccessible *acc, const char *expected);
void           lf_atspi_wait_state    (AtspiAccessible *acc, AtspiStateType state, gboolean set);

/* Real input through XTest. */
void           lf_atspi_click         (LfAtspiApp *app, AtspiAccessible *acc);
void           lf_atspi_key           (const char *keys);          /* "Tab", "<Control>a", "<Shift>Tab" */
void           lf_atspi_type          (const char *ascii);

void           lf_atspi_dump          (AtspiAccessible *acc, int depth);

G_END_DECLS
