/* test-ui-atspi.c: the app as a person uses it, from outside
 *
 * Each test starts the real app (its own home, its own local sandbox), finds what it needs
 * through the accessibility tree the way a screen reader does, and acts with real pointer and
 * keyboard events. Nothing here calls the app's functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-atspi.h"

static const char *app_path;

static char *
example (const char *name)
{
  return g_build_filename (SOURCE_DATADIR, "examples", name, NULL);
}

typedef struct
{
  LfAtspiApp *app;
  AtspiRole   role;
  const char *name;
} Gone;

static gboolean
is_gone (gpointer data)
{
  Gone *gone = data;

  return lf_atspi_is_gone (gone->app, gone->role, gone->name);
}

/* The greeter: typing over a field, Tab and Shift+Tab between the field and the button, a
 * click, the answer read back. */
static void
test_greeter (void)
{
  g_autofree char *form = example ("greeter.lambdaform");
  const char *argv[] = { app_path, "--run", form, NULL };
  LfAtspiApp *app = lf_atspi_app_start (argv);
  g_autoptr(AtspiAccessible) entry = NULL;
  g_autoptr(AtspiAccessible) greet = NULL;
  g_autoptr(AtspiAccessible) greeting = NULL;
  g_autofree char *value = NULL;

  /* A field is found by the label it is labelled by, as a screen reader names it. */
  entry = lf_atspi_find (app, ATSPI_ROLE_TEXT, NULL, "Your name");
  greet = lf_atspi_find (app, ATSPI_ROLE_PUSH_BUTTON, "Greet", NULL);
  greeting = lf_atspi_find (app, ATSPI_ROLE_LABEL, NULL, "Greeting");
  value = lf_atspi_text (entry);
  g_assert_cmpstr (value, ==, "World");

  lf_atspi_click (app, entry);
  lf_atspi_wait_state (entry, ATSPI_STATE_FOCUSED, TRUE);
  lf_atspi_key ("<Control>a");
  lf_atspi_type ("Ada Lovelace");
  lf_atspi_wait_text (entry, "Ada Lovelace");
  lf_atspi_key ("Tab");
  lf_atspi_wait_state (greet, ATSPI_STATE_FOCUSED, TRUE);
  lf_atspi_key ("<Shift>Tab");
  lf_atspi_wait_state (entry, ATSPI_STATE_FOCUSED, TRUE);
  lf_atspi_click (app, greet);
  lf_atspi_wait_text (greeting, "Hello, Ada Lovelace!");

  /* With --run, closing the window ends the app, cleanly. */
  g_assert_cmpint (lf_atspi_app_close (app), ==, 0);
  lf_atspi_app_free (app);
}

/* A text area is a field of the form like any other: Tab goes on to the next control and
 * Shift+Tab comes back, instead of typing a tab into the payload. */
static void
test_tab_leaves_text_area (void)
{
  g_autofree char *form = example ("invoke-function.lambdaform");
  const char *argv[] = { app_path, "--run", form, NULL };
  LfAtspiApp *app = lf_atspi_app_start (argv);
  g_autoptr(AtspiAccessible) payload = NULL;
  g_autoptr(AtspiAccessible) invoke = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  payload = lf_atspi_find (app, ATSPI_ROLE_TEXT, NULL, "Payload");
  invoke = lf_atspi_find (app, ATSPI_ROLE_PUSH_BUTTON, "Invoke", NULL);
  before = lf_atspi_text (payload);
  lf_atspi_click (app, payload);
  lf_atspi_wait_state (payload, ATSPI_STATE_FOCUSED, TRUE);
  lf_atspi_key ("Tab");
  lf_atspi_wait_state (invoke, ATSPI_STATE_FOCUSED, TRUE);
  lf_atspi_key ("<Shift>Tab");
  lf_atspi_wait_state (payload, ATSPI_STATE_FOCUSED, TRUE);
  after = lf_atspi_text (payload);
  g_assert_cmpstr (after, ==, before);

  g_assert_cmpint (lf_atspi_app_close (app), ==, 0);
  lf_atspi_app_free (app);
}

/* A drop-down is a combo box named by its label; its list opens and takes a click; a message
 * dialog is modal, closes on Escape and on Cancel. */
static void
test_dropdown_and_dialog (void)
{
  g_autofree char *form = g_test_build_filename (G_TEST_DIST, "atspi-widgets.lambdaform", NULL);
  const char *argv[] = { app_path, "--run", form, NULL };
  LfAtspiApp *app = lf_atspi_app_start (argv);
  g_autoptr(AtspiAccessible) combo = NULL;
  g_autoptr(AtspiAccessible) toggle = NULL;
  g_autoptr(AtspiAccessible) first = NULL;
  g_autoptr(AtspiAccessible) list = NULL;
  g_autoptr(AtspiAccessible) echo = NULL;
  g_autoptr(AtspiAccessible) shown = NULL;
  g_autoptr(AtspiAccessible) delete = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) cancel = NULL;
  Gone gone = { app, ATSPI_ROLE_DIALOG, "Delete the Function?" };

  combo = lf_atspi_find (app, ATSPI_ROLE_COMBO_BOX, NULL, "Pick one");
  /* What takes the focus says what it is for, not "GtkToggleButton". */
  toggle = lf_atspi_find_in (combo, ATSPI_ROLE_PUSH_BUTTON, "Pick one", NULL);
  /* The items come from an action run on load: the list opens once they are there. */
  first = lf_atspi_find_in (toggle, ATSPI_ROLE_LABEL, "big", NULL);
  lf_atspi_click (app, toggle);
  lf_atspi_wait_state (toggle, ATSPI_STATE_PRESSED, TRUE);
  list = lf_atspi_find_in (combo, ATSPI_ROLE_LIST, NULL, NULL);
  echo = lf_atspi_find_in (list, ATSPI_ROLE_LABEL, "echo", NULL);
  lf_atspi_click (app, echo);
  lf_atspi_wait_state (toggle, ATSPI_STATE_PRESSED, FALSE);
  shown = lf_atspi_find_in (toggle, ATSPI_ROLE_LABEL, "echo", NULL);

  delete = lf_atspi_find (app, ATSPI_ROLE_PUSH_BUTTON, "Delete It", NULL);
  lf_atspi_click (app, delete);
  dialog = lf_atspi_find (app, ATSPI_ROLE_DIALOG, "Delete the Function?", NULL);
  g_assert_true (lf_atspi_has_state (dialog, ATSPI_STATE_MODAL));
  lf_atspi_key ("Escape");
  lf_atspi_wait (is_gone, &gone, "the dialog to close on Escape");
  lf_atspi_click (app, delete);
  g_clear_object (&dialog);
  dialog = lf_atspi_find (app, ATSPI_ROLE_DIALOG, "Delete the Function?", NULL);
  /* GTK 4.8 names response buttons "_Cancel Cancel": they are found by their label. */
  cancel = lf_atspi_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, NULL, "Cancel");
  lf_atspi_click (app, cancel);
  lf_atspi_wait (is_gone, &gone, "the dialog to close on Cancel");

  g_assert_cmpint (lf_atspi_app_close (app), ==, 0);
  lf_atspi_app_free (app);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  lf_atspi_init ();
  app_path = g_getenv ("LF_APP");
  g_assert_nonnull (app_path);

  g_test_add_func ("/atspi/greeter", test_greeter);
  g_test_add_func ("/atspi/tab-leaves-text-area", test_tab_leaves_text_area);
  g_test_add_func ("/atspi/dropdown-and-dialog", test_dropdown_and_dialog);
  return g_test_run ();
}
