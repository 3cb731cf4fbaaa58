/* lf-atspi.c: the app driven from outside, as a person drives it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* nftw */
#include "config.h"

#include "lf-atspi.h"

#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/keysym.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <glib/gstdio.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static Display *dpy;

/* libatspi warns ("dbind-WARNING: AT-SPI: Error in GetItems ... /org/a11y/atspi/cache") when
 * it meets an app without a Cache object, which GTK 4.8 does not export; it happens or not
 * depending on timing. Under G_DEBUG=fatal-warnings that would abort the harness, and in TAP
 * mode GLib's default test handler bails out before any fatal handler is asked. So: a handler
 * of our own for the domain (it must accept G_LOG_FLAG_FATAL to be chosen for a fatal
 * message), plus a fatal handler, which GLib resets before each test case. */
static gboolean
is_cache_warning (const char *domain, const char *message)
{
  return g_strcmp0 (domain, "dbind") == 0 && strstr (message, "/org/a11y/atspi/cache") != NULL;
}

static gboolean
fatal_log_handler (const char     *domain,
                   GLogLevelFlags  level G_GNUC_UNUSED,
                   const char     *message,
                   gpointer        data G_GNUC_UNUSED)
{
  return !is_cache_warning (domain, message);
}

static void
dbind_log_handler (const char     *domain,
                   GLogLevelFlags  level,
                   const char     *message,
                   gpointer        data)
{
  if (is_cache_warning (domain, message))
    g_printerr ("# libatspi: %s\n", message);
  else
    g_log_default_handler (domain, level, message, data);
}

static void
tolerate_cache_warning (void)
{
  g_test_log_set_fatal_handler (fatal_log_handler, NULL);
}

void
lf_atspi_init (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  int ev, err, major, minor;

  g_log_set_handler ("dbind", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, dbind_log_handler, NULL);
  tolerate_cache_warning ();
  /* Never answer from libatspi's cache: every read goes to the app. */
  g_setenv ("ATSPI_NO_CACHE", "1", TRUE);
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    g_error ("no D-Bus session: run under dbus-run-session (with-atspi.sh)");
  /* Open the display first, and retry: an Xvfb shared by the whole suite resets itself when
   * its last client goes (unless started with -noreset) and refuses connections meanwhile.
   * Holding this connection keeps it from resetting under libatspi's own XOpenDisplay. */
  while ((dpy = XOpenDisplay (NULL)) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("cannot open the X display %s", g_getenv ("DISPLAY"));
      g_usleep (100 * 1000);
    }
  /* libatspi looks for the accessibility bus on the root window before the session bus: a
   * launcher from an earlier session on this display (another suite's D-Bus session) leaves
   * its address there, long dead. Ours is the one in this D-Bus session. */
  XDeleteProperty (dpy, DefaultRootWindow (dpy), XInternAtom (dpy, "AT_SPI_BUS", False));
  XSync (dpy, False);
  if (atspi_init () > 1)
    g_error ("atspi_init failed");
  if (!XTestQueryExtension (dpy, &ev, &err, &major, &minor))
    g_error ("the X server has no XTest");
}

/* The app **********************************************************************************/

static void
child_setup (gpointer data G_GNUC_UNUSED)
{
  /* The app dies with the harness, even when the harness is killed by a timeout. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
spawn (LfAtspiApp *app)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&app->process);
  app->process = g_subprocess_launcher_spawnv (app->launcher, (const char * const *) app->argv,
                                               &error);
  g_assert_no_error (error);
  app->pid = atoi (g_subprocess_get_identifier (app->process));
}

LfAtspiApp *
lf_atspi_app_start (const char * const *argv)
{
  return lf_atspi_app_start_with_file (argv, NULL, NULL);
}

LfAtspiApp *
lf_atspi_app_start_with_file (const char * const *argv,
                              const char         *path,
                              const char         *contents)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  LfAtspiApp *app = g_new0 (LfAtspiApp, 1);
  const char *build = g_getenv ("LF_BUILD_ROOT");

  tolerate_cache_warning ();   /* again: GLib drops the fatal handler before each test */

  app->home = g_dir_make_tmp ("lf-atspi-XXXXXX", &error);
  g_assert_no_error (error);
  if (path != NULL)
    {
      g_autofree char *file = g_build_filename (app->home, path, NULL);
      g_autofree char *dir = g_path_get_dirname (file);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_file_set_contents (file, contents, -1, &error);
      g_assert_no_error (error);
    }
  g_subprocess_launcher_unsetenv (launcher, "NO_AT_BRIDGE");   /* GTK 4 ignores it anyway */
  g_subprocess_launcher_unsetenv (launcher, "GTK_A11Y");       /* "none" would hide the tree */
  g_subprocess_launcher_unsetenv (launcher, "ATSPI_NO_CACHE");
  for (const char *const *v = (const char *const[]) { "config", "data", "state", "cache", NULL }; *v; v++)
    {
      g_autofree char *var = g_strdup_printf ("XDG_%s_HOME", g_ascii_strup (*v, -1));
      g_autofree char *dir = g_build_filename (app->home, *v, NULL);
      g_subprocess_launcher_setenv (launcher, var, dir, TRUE);
    }
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  if (build != NULL)
    {
      g_autofree char *schemas = g_build_filename (build, "data", NULL);
      g_autofree char *sandbox = g_build_filename (build, "src", "sandbox", "bin", "lambda-forms-sandbox", NULL);
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", schemas, FALSE);
      g_subprocess_launcher_setenv (launcher, "LF_SANDBOX_PROGRAM", sandbox, FALSE);
    }
  /* What the app prints goes to stderr: stdout is the TAP stream. */
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  app->launcher = g_steal_pointer (&launcher);
  app->argv = g_strdupv ((char **) argv);
  spawn (app);
  return app;
}

static gboolean
process_exited (gpointer data)
{
  GSubprocess *process = data;

  /* GSubprocess reaps its child on GLib's worker thread: no main loop needed here. */
  return g_subprocess_get_identifier (process) == NULL;
}



int
lf_atspi_app_close (LfAtspiApp *app)
{
  g_autoptr(AtspiAccessible) frame = lf_atspi_find (app, ATSPI_ROLE_FRAME, NULL, NULL);
  g_autoptr(AtspiAccessible) close = lf_atspi_find_in (frame, ATSPI_ROLE_PUSH_BUTTON, "Close",
                                                       NULL);

  /* The title bar's Close button: a key would go wherever the last popover left the
   * keyboard, with no window manager to give it back. */
  lf_atspi_click (app, close);
  lf_atspi_wait (process_exited, app->process, "the app to exit");
  if (g_subprocess_get_if_signaled (app->process))
    return 128 + g_subprocess_get_term_sig (app->process);
  return g_subprocess_get_exit_status (app->process);
}

static int
remove_one (const char        *path,
            const struct stat *st G_GNUC_UNUSED,
            int                flag G_GNUC_UNUSED,
            struct FTW        *ftw G_GNUC_UNUSED)
{
  return remove (path);
}

void
lf_atspi_app_free (LfAtspiApp *app)
{
  if (app->process && g_subprocess_get_identifier (app->process) != NULL)
    {
      g_subprocess_send_signal (app->process, SIGTERM);
      g_subprocess_wait (app->process, NULL, NULL);
    }
  g_clear_object (&app->process);
  g_clear_object (&app->launcher);
  g_strfreev (app->argv);
  if (app->home)
    nftw (app->home, remove_one, 16, FTW_DEPTH | FTW_PHYS);
  g_free (app->home);
  g_free (app);
}

/* Waiting **********************************************************************************/

void
lf_atspi_wait (LfAtspiCondition condition, gpointer data, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + LF_ATSPI_DEADLINE_SECONDS * G_TIME_SPAN_SECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_usleep (50 * 1000);
    }
}

/* The tree *********************************************************************************/

static AtspiAccessible *
app_root (LfAtspiApp *app)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  int n = atspi_accessible_get_child_count (desktop, NULL);

  for (int i = 0; i < n; i++)
    {
      AtspiAccessible *child = atspi_accessible_get_child_at_index (desktop, i, NULL);

      if (child != NULL && (int) atspi_accessible_get_process_id (child, NULL) == app->pid)
        return child;
      g_clear_object (&child);
    }
  return NULL;
}

/* GTK 4.8 answers SCREEN coordinates with a warning (fatal under G_DEBUG=fatal-warnings in
 * the app) and zeros: only ever ask for WINDOW ones. */
static gboolean
get_extents (AtspiAccessible *acc, AtspiRect *rect)
{
  g_autoptr(GError) error = NULL;
  AtspiRect *r = atspi_component_get_extents (ATSPI_COMPONENT (acc), ATSPI_COORD_TYPE_WINDOW, &error);

  if (r == NULL)
    return FALSE;
  *rect = *r;
  g_free (r);
  return TRUE;
}

/* GTK 4.8 keeps the pages a GtkStack does not show "visible", without "showing": their zero
 * size is what tells them apart. */
static gboolean
is_on_screen (AtspiAccessible *acc)
{
  AtspiRect r;

  return get_extents (acc, &r) && r.width > 0 && r.height > 0;
}

static gboolean
is_labelled_by (AtspiAccessible *acc, const char *label)
{
  g_autoptr(GArray) relations = atspi_accessible_get_relation_set (acc, NULL);
  gboolean found = FALSE;

  for (guint i = 0; relations && i < relations->len && !found; i++)
    {
      AtspiRelation *relation = g_array_index (relations, AtspiRelation *, i);

      if (atspi_relation_get_relation_type (relation) == ATSPI_RELATION_LABELLED_BY)
        for (int j = 0; j < atspi_relation_get_n_targets (relation) && !found; j++)
          {
            g_autoptr(AtspiAccessible) target = atspi_relation_get_target (relation, j);
            g_autofree char *name = atspi_accessible_get_name (target, NULL);

            found = g_strcmp0 (name, label) == 0;
          }
    }
  for (guint i = 0; relations && i < relations->len; i++)
    g_object_unref (g_array_index (relations, AtspiRelation *, i));
  return found;
}

static gboolean
matches (AtspiAccessible *acc, AtspiRole role, const char *name, const char *label)
{
  if (atspi_accessible_get_role (acc, NULL) != role)
    return FALSE;
  if (name != NULL)
    {
      g_autofree char *own = atspi_accessible_get_name (acc, NULL);

      if (g_strcmp0 (own, name) != 0)
        return FALSE;
    }
  /* On screen first: GTK 4.8 answers GetRelationSet with a critical (a NULL object path) when
   * a relation points at a widget that is not realized, such as one in a closed popover. */
  if (!is_on_screen (acc))
    return FALSE;
  return label == NULL || is_labelled_by (acc, label);
}

static AtspiAccessible *
search (AtspiAccessible *acc, AtspiRole role, const char *name, const char *label)
{
  int n;

  if (matches (acc, role, name, label))
    return g_object_ref (acc);
  n = atspi_accessible_get_child_count (acc, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (acc, i, NULL);
      AtspiAccessible *found;

      if (child != NULL && (found = search (child, role, name, label)) != NULL)
        return found;
    }
  return NULL;
}

AtspiAccessible *
lf_atspi_find_in (AtspiAccessible *scope, AtspiRole role, const char *name, const char *label)
{
  gint64 deadline = g_get_monotonic_time () + LF_ATSPI_DEADLINE_SECONDS * G_TIME_SPAN_SECOND;

  for (;;)
    {
      AtspiAccessible *found = search (scope, role, name, label);

      if (found != NULL)
        return found;
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *role_name = atspi_role_get_name (role);

          lf_atspi_dump (scope, 0);
          g_error ("Timed out waiting for a %s named “%s” labelled “%s”",
                   role_name, name ? name : "*", label ? label : "*");
        }
      g_usleep (50 * 1000);
    }
}

/* GTK 4.8's accessibility bridge can meet a widget with no object path yet while the window
 * is first shown, and its critical (fatal here) ends the app before anything was asked of
 * it. Such a start is tried once more, said in the log; any other death fails the test at
 * once rather than after the whole wait. */
static void
died (LfAtspiApp *app)
{
  if (app->seen)
    g_error ("The app (pid %d) ended while the test was using it", app->pid);
  if (app->respawned || !g_subprocess_get_if_signaled (app->process))
    g_error ("The app (pid %d) ended before it was seen on the accessibility bus", app->pid);
  g_test_message ("The app (pid %d) died at start-up on signal %d; starting it once more",
                  app->pid, g_subprocess_get_term_sig (app->process));
  app->respawned = TRUE;
  spawn (app);
}

AtspiAccessible *
lf_atspi_find (LfAtspiApp *app, AtspiRole role, const char *name, const char *label)
{
  gint64 deadline = g_get_monotonic_time () + LF_ATSPI_DEADLINE_SECONDS * G_TIME_SPAN_SECOND;
  g_autoptr(AtspiAccessible) root = NULL;

  while ((root = app_root (app)) == NULL)
    {
      if (g_subprocess_get_identifier (app->process) == NULL)
        died (app);
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for the app (pid %d) on the accessibility bus", app->pid);
      g_usleep (50 * 1000);
    }
  app->seen = TRUE;
  return lf_atspi_find_in (root, role, name, label);
}

gboolean
lf_atspi_is_gone (LfAtspiApp *app, AtspiRole role, const char *name)
{
  g_autoptr(AtspiAccessible) root = app_root (app);
  g_autoptr(AtspiAccessible) found = root ? search (root, role, name, NULL) : NULL;

  return found == NULL;
}

gboolean
lf_atspi_is_gone_in (AtspiAccessible *scope, AtspiRole role, const char *name)
{
  g_autoptr(AtspiAccessible) found = search (scope, role, name, NULL);

  return found == NULL;
}

char *
lf_atspi_text (AtspiAccessible *acc)
{
  /* GTK 4.8 answers GetText (0, -1) with "": ask for the real end offset. */
  int n = atspi_text_get_character_count (ATSPI_TEXT (acc), NULL);

  return atspi_text_get_text (ATSPI_TEXT (acc), 0, n, NULL);
}

gboolean
lf_atspi_has_state (AtspiAccessible *acc, AtspiStateType state)
{
  g_autoptr(AtspiStateSet) states = atspi_accessible_get_state_set (acc);

  return atspi_state_set_contains (states, state);
}

static AtspiAccessible *
search_focused (AtspiAccessible *acc)
{
  int n;

  if (lf_atspi_has_state (acc, ATSPI_STATE_FOCUSED))
    return g_object_ref (acc);
  n = atspi_accessible_get_child_count (acc, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (acc, i, NULL);
      AtspiAccessible *found;

      if (child != NULL && (found = search_focused (child)) != NULL)
        return found;
    }
  return NULL;
}

AtspiAccessible *
lf_atspi_focused (LfAtspiApp *app)
{
  g_autoptr(AtspiAccessible) root = app_root (app);

  return root ? search_focused (root) : NULL;
}

typedef struct { AtspiAccessible *acc; const char *expected; AtspiStateType state; gboolean set; } Wait;

static gboolean
text_is (gpointer data)
{
  Wait *w = data;
  g_autofree char *text = lf_atspi_text (w->acc);

  return g_strcmp0 (text, w->expected) == 0;
}

void
lf_atspi_wait_text (AtspiAccessible *acc, const char *expected)
{
  Wait w = { acc, expected, 0, FALSE };
  g_autofree char *what = g_strdup_printf ("the text “%s”", expected);

  lf_atspi_wait (text_is, &w, what);
}

static gboolean
state_is (gpointer data)
{
  Wait *w = data;

  return lf_atspi_has_state (w->acc, w->state) == w->set;
}

void
lf_atspi_wait_state (AtspiAccessible *acc, AtspiStateType state, gboolean set)
{
  Wait w = { acc, NULL, state, set };
  g_autofree char *name = atspi_accessible_get_name (acc, NULL);
  g_autofree char *what = g_strdup_printf ("“%s” to %s state %d", name, set ? "gain" : "lose", state);

  lf_atspi_wait (state_is, &w, what);
}

void
lf_atspi_dump (AtspiAccessible *acc, int depth)
{
  g_autofree char *role = atspi_accessible_get_role_name (acc, NULL);
  g_autofree char *name = atspi_accessible_get_name (acc, NULL);
  AtspiRect r = { 0 };
  int n;

  if (ATSPI_IS_COMPONENT (acc) && atspi_accessible_get_role (acc, NULL) != ATSPI_ROLE_APPLICATION &&
      (!get_extents (acc, &r) || r.width == 0 || r.height == 0))
    return;
  g_printerr ("# %*s[%s] “%s” (%d,%d %dx%d)\n", depth * 2, "", role, name, r.x, r.y, r.width, r.height);
  n = atspi_accessible_get_child_count (acc, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (acc, i, NULL);

      if (child != NULL)
        lf_atspi_dump (child, depth + 1);
    }
}

/* Input ************************************************************************************/

static AtspiAccessible *
toplevel_of (AtspiAccessible *acc)
{
  AtspiAccessible *top = g_object_ref (acc);

  for (;;)
    {
      g_autoptr(AtspiAccessible) parent = atspi_accessible_get_parent (top, NULL);

      if (parent == NULL || atspi_accessible_get_role (parent, NULL) == ATSPI_ROLE_APPLICATION)
        return top;
      g_object_unref (top);
      top = g_steal_pointer (&parent);
    }
}

/* The X window showing the toplevel @top of @pid: a viewable child of the root with that
 * _NET_WM_PID whose size is the toplevel's plus an equal margin all round (GTK keeps one
 * round a client-side decorated window; 5 px without a compositor). The topmost wins: with
 * no window manager the last window mapped (a dialog) is on top. */
static gboolean
find_x_window (int pid, AtspiAccessible *top, int *origin_x, int *origin_y, Window *window)
{
  Atom net_wm_pid = XInternAtom (dpy, "_NET_WM_PID", False);
  Window root = DefaultRootWindow (dpy), parent, *children = NULL;
  unsigned int n = 0;
  gboolean found = FALSE;
  AtspiRect frame;

  if (!get_extents (top, &frame) || !XQueryTree (dpy, root, &root, &parent, &children, &n))
    return FALSE;
  for (unsigned int i = 0; i < n; i++)   /* bottom to top */
    {
      Atom type;
      int format;
      unsigned long items, after;
      unsigned char *prop = NULL;
      XWindowAttributes attrs;
      Window child;
      int wx, wy, mx, my;

      if (XGetWindowProperty (dpy, children[i], net_wm_pid, 0, 1, False, XA_CARDINAL, &type,
                              &format, &items, &after, &prop) != Success || prop == NULL)
        continue;
      if (items == 1 && (int) *(unsigned long *) prop == pid &&
          XGetWindowAttributes (dpy, children[i], &attrs) && attrs.map_state == IsViewable)
        {
          mx = attrs.width - frame.width;
          my = attrs.height - frame.height;
          if (mx >= 0 && mx == my && mx % 2 == 0 &&
              XTranslateCoordinates (dpy, children[i], root, 0, 0, &wx, &wy, &child))
            {
              *origin_x = wx + mx / 2;
              *origin_y = wy + my / 2;
              *window = children[i];
              found = TRUE;
            }
        }
      XFree (prop);
    }
  XFree (children);
  return found;
}

/* GTK 4.8 gives a popover no role of its own: it is a filler named after its class. */
gboolean
lf_atspi_is_popover (AtspiAccessible *acc)
{
  g_autofree char *name = NULL;

  if (atspi_accessible_get_role (acc, NULL) != ATSPI_ROLE_FILLER)
    return FALSE;
  name = atspi_accessible_get_name (acc, NULL);
  return name != NULL && g_str_has_suffix (name, "Popover");
}

/* The nearest popover holding @acc, or NULL. */
static AtspiAccessible *
popover_of (AtspiAccessible *acc)
{
  AtspiAccessible *up = g_object_ref (acc);

  while (up != NULL && atspi_accessible_get_role (up, NULL) != ATSPI_ROLE_APPLICATION)
    {
      g_autofree char *name = atspi_accessible_get_name (up, NULL);
      AtspiAccessible *parent;

      if (lf_atspi_is_popover (up))
        return up;
      parent = atspi_accessible_get_parent (up, NULL);
      g_object_unref (up);
      up = parent;
    }
  g_clear_object (&up);
  return NULL;
}

/* A popover is an X window of its own (override-redirect, no _NET_WM_PID), placed where it
 * fits: above its button when there is no room below. GTK 4.8 reports its extents as if it
 * hung below, so its X window is found by size, topmost first, and its contents placed in
 * it. */
static gboolean
find_popover_window (AtspiAccessible *popover, int *origin_x, int *origin_y)
{
  Window root = DefaultRootWindow (dpy), parent, *children = NULL, child;
  unsigned int n = 0;
  gboolean found = FALSE;
  AtspiRect frame;

  if (!get_extents (popover, &frame) || !XQueryTree (dpy, root, &root, &parent, &children, &n))
    return FALSE;
  for (unsigned int i = n; i-- > 0 && !found;)   /* top to bottom */
    {
      XWindowAttributes attrs;
      int wx, wy;

      /* The window may be a little taller than the popover: its arrow. */
      if (XGetWindowAttributes (dpy, children[i], &attrs) && attrs.map_state == IsViewable &&
          attrs.override_redirect && attrs.width == frame.width &&
          attrs.height >= frame.height && attrs.height <= frame.height + 12 &&
          XTranslateCoordinates (dpy, children[i], root, 0, 0, &wx, &wy, &child))
        {
          *origin_x = wx - frame.x;
          *origin_y = wy - frame.y;
          found = TRUE;
        }
    }
  XFree (children);
  return found;
}

/* Where @acc's window is on the screen; a toplevel (not a popover) is put in @window. */
static gboolean
find_origin (LfAtspiApp *app, AtspiAccessible *acc, int *origin_x, int *origin_y,
             Window *window)
{
  g_autoptr(AtspiAccessible) popover = popover_of (acc);
  g_autoptr(AtspiAccessible) top = NULL;

  *window = None;
  if (popover != NULL)
    return find_popover_window (popover, origin_x, origin_y);
  top = toplevel_of (acc);
  return find_x_window (app->pid, top, origin_x, origin_y, window);
}

static AtspiAccessible *
scroll_pane_above (AtspiAccessible *acc)
{
  AtspiAccessible *up = atspi_accessible_get_parent (acc, NULL);

  /* A popover is a surface of its own: the views around the widget it points at do not
   * move it. */
  while (up != NULL && atspi_accessible_get_role (up, NULL) != ATSPI_ROLE_SCROLL_PANE &&
         atspi_accessible_get_role (up, NULL) != ATSPI_ROLE_APPLICATION && !lf_atspi_is_popover (up))
    {
      AtspiAccessible *parent = atspi_accessible_get_parent (up, NULL);

      g_object_unref (up);
      up = parent;
    }
  if (up != NULL && atspi_accessible_get_role (up, NULL) != ATSPI_ROLE_SCROLL_PANE)
    g_clear_object (&up);
  return up;
}

/* Where the wheel turns @pane and no view inside it: over its vertical scroll bar. */
static void
wheel_spot (AtspiAccessible *pane, const AtspiRect *view, int *x, int *y)
{
  int n = atspi_accessible_get_child_count (pane, NULL);

  *x = view->x + view->width / 2;
  *y = view->y + view->height / 2;
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (pane, i, NULL);
      AtspiRect bar;

      if (child != NULL && atspi_accessible_get_role (child, NULL) == ATSPI_ROLE_SCROLL_BAR &&
          get_extents (child, &bar) && bar.height > bar.width)
        {
          *x = bar.x + bar.width / 2;
          *y = bar.y + bar.height / 2;
        }
    }
}

/* As a person does, turns the mouse wheel over each scrolled view holding @acc, the
 * innermost first, until its middle shows (GTK 4.8 implements no ScrollTo). */
static void
scroll_into_view (AtspiAccessible *acc, int origin_x, int origin_y)
{
  g_autoptr(AtspiAccessible) pane = scroll_pane_above (acc);
  gint64 deadline = g_get_monotonic_time () + LF_ATSPI_DEADLINE_SECONDS * G_TIME_SPAN_SECOND;

  while (pane != NULL)
    {
      AtspiRect view, r;
      AtspiAccessible *outer;
      int x, y;

      while (get_extents (pane, &view) && get_extents (acc, &r) &&
             (r.y + r.height / 2 < view.y || r.y + r.height / 2 >= view.y + view.height))
        {
          unsigned int button = r.y + r.height / 2 < view.y ? 4 : 5;

          if (g_get_monotonic_time () > deadline)
            g_error ("Timed out scrolling to the accessible to click: it is at y %d (height %d), "
                     "the view from y %d (height %d)", r.y, r.height, view.y, view.height);
          wheel_spot (pane, &view, &x, &y);
          XTestFakeMotionEvent (dpy, -1, origin_x + x, origin_y + y, CurrentTime);
          XTestFakeButtonEvent (dpy, button, True, CurrentTime);
          XTestFakeButtonEvent (dpy, button, False, CurrentTime);
          XSync (dpy, False);
          g_usleep (50 * 1000);
        }
      outer = scroll_pane_above (pane);
      g_object_unref (pane);
      pane = outer;
    }
}

static gboolean
holds_still (AtspiAccessible *acc, AtspiRect *r)
{
  AtspiRect later;

  if (!get_extents (acc, r))
    return FALSE;
  g_usleep (100 * 1000);
  return get_extents (acc, &later) && later.x == r->x && later.y == r->y &&
         later.width == r->width && later.height == r->height;
}

void
lf_atspi_click (LfAtspiApp *app, AtspiAccessible *acc)
{
  gint64 deadline = g_get_monotonic_time () + LF_ATSPI_DEADLINE_SECONDS * G_TIME_SPAN_SECOND;
  int ox = 0, oy = 0, x, y;
  Window window = None;
  AtspiRect r;

  while (!find_origin (app, acc, &ox, &oy, &window))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for the X window of the accessible to click");
      g_usleep (50 * 1000);
    }
  scroll_into_view (acc, ox, oy);
  /* A person aims at what stands still: a panel still being laid out moves under the
   * pointer. */
  while (!holds_still (acc, &r))
    if (g_get_monotonic_time () > deadline)
      g_error ("Timed out waiting for the accessible to click to stand still");
  x = ox + r.x + r.width / 2;
  y = oy + r.y + r.height / 2;
  g_printerr ("# click at %d,%d\n", x, y);
  /* There is no window manager: as a click-to-focus one would, the click gives the window
   * the keyboard (a dialog that closed left it nowhere). */
  if (window != None)
    XSetInputFocus (dpy, window, RevertToPointerRoot, CurrentTime);
  XTestFakeMotionEvent (dpy, -1, x, y, CurrentTime);
  XTestFakeButtonEvent (dpy, 1, True, CurrentTime);
  XTestFakeButtonEvent (dpy, 1, False, CurrentTime);
  XSync (dpy, False);
}

static void
press_keysym (KeySym sym, gboolean shift)
{
  KeyCode code = XKeysymToKeycode (dpy, sym);
  KeyCode shift_code = XKeysymToKeycode (dpy, XK_Shift_L);

  g_assert_cmpint (code, !=, 0);
  if (shift)
    XTestFakeKeyEvent (dpy, shift_code, True, CurrentTime);
  XTestFakeKeyEvent (dpy, code, True, CurrentTime);
  XTestFakeKeyEvent (dpy, code, False, CurrentTime);
  if (shift)
    XTestFakeKeyEvent (dpy, shift_code, False, CurrentTime);
  XSync (dpy, False);
}

/* "<Control><Shift>Tab" style, as gtk_accelerator_parse. */
void
lf_atspi_key (const char *keys)
{
  static const struct { const char *name; KeySym sym; } mods[] = {
    { "<Control>", XK_Control_L }, { "<Shift>", XK_Shift_L }, { "<Alt>", XK_Alt_L },
  };
  KeySym held[G_N_ELEMENTS (mods)];
  guint n_held = 0;
  KeySym sym;

  for (gboolean more = TRUE; more;)
    {
      more = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (mods); i++)
        if (g_str_has_prefix (keys, mods[i].name))
          {
            held[n_held++] = mods[i].sym;
            keys += strlen (mods[i].name);
            more = TRUE;
          }
    }
  sym = XStringToKeysym (keys);
  g_assert_cmpuint (sym, !=, NoSymbol);
  for (guint i = 0; i < n_held; i++)
    XTestFakeKeyEvent (dpy, XKeysymToKeycode (dpy, held[i]), True, CurrentTime);
  XTestFakeKeyEvent (dpy, XKeysymToKeycode (dpy, sym), True, CurrentTime);
  XTestFakeKeyEvent (dpy, XKeysymToKeycode (dpy, sym), False, CurrentTime);
  for (guint i = n_held; i > 0; i--)
    XTestFakeKeyEvent (dpy, XKeysymToKeycode (dpy, held[i - 1]), False, CurrentTime);
  XSync (dpy, False);
}

/* Printable ASCII only: its keysyms are its codes, and Xvfb's "us" map has them all. */
void
lf_atspi_type (const char *ascii)
{
  for (const char *p = ascii; *p; p++)
    {
      KeySym sym = (KeySym) (unsigned char) *p;
      KeyCode code;

      g_assert_true (*p >= 0x20 && *p < 0x7f);
      code = XKeysymToKeycode (dpy, sym);
      g_assert_cmpint (code, !=, 0);
      /* Level 1 of the key is its shifted symbol. */
      press_keysym (sym, XkbKeycodeToKeysym (dpy, code, 0, 0) != sym);
    }
}
