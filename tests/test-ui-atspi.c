/* test-ui-atspi.c: the app as a person uses it, from outside
 *
 * Each test starts the real app (its own home, its own local sandbox), finds what it needs
 * through the accessibility tree the way a screen reader does, and acts with real pointer and
 * keyboard events. Nothing here calls the app's functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

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

/* Asked of the dialog itself, not by walking the app's windows: GTK 4.8 answers a walk that
 * meets a window half destroyed with a critical (a NULL object path). */
static gboolean
is_hidden (gpointer data)
{
  return !lf_atspi_has_state (data, ATSPI_STATE_SHOWING);
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
  lf_atspi_wait (is_hidden, dialog, "the dialog to hide on Escape");
  lf_atspi_wait (is_gone, &gone, "the dialog to close on Escape");
  lf_atspi_click (app, delete);
  g_clear_object (&dialog);
  dialog = lf_atspi_find (app, ATSPI_ROLE_DIALOG, "Delete the Function?", NULL);
  /* GTK 4.8 names response buttons "_Cancel Cancel": they are found by their label. */
  cancel = lf_atspi_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, NULL, "Cancel");
  lf_atspi_click (app, cancel);
  lf_atspi_wait (is_hidden, dialog, "the dialog to hide on Cancel");
  lf_atspi_wait (is_gone, &gone, "the dialog to close on Cancel");

  g_assert_cmpint (lf_atspi_app_close (app), ==, 0);
  lf_atspi_app_free (app);
}

/* Building a form ************************************************************************/

typedef struct
{
  LfAtspiApp *app;
  char       *dir;
} Builder;

/* Clicks the entry row @title of @scope, types @text over what is there and keeps it with
 * Enter, as a person fills an inspector row. (AdwEntryRow 1.2 is the "text" itself; the
 * entry inside it that takes the focus is not in the tree, so the text is what is waited
 * for.) */
static void
fill_row (Builder         *b,
          AtspiAccessible *scope,
          const char      *title,
          const char      *text)
{
  g_autoptr(AtspiAccessible) row = lf_atspi_find_in (scope, ATSPI_ROLE_TEXT, title, NULL);

  lf_atspi_click (b->app, row);
  lf_atspi_key ("<Control>a");
  lf_atspi_type (text);
  lf_atspi_wait_text (row, text);
  lf_atspi_key ("Return");
}

static void
click_named (Builder         *b,
             AtspiAccessible *scope,
             AtspiRole        role,
             const char      *name)
{
  g_autoptr(AtspiAccessible) found = lf_atspi_find_in (scope, role, name, NULL);

  lf_atspi_click (b->app, found);
}

typedef struct
{
  AtspiAccessible *scope;
  const char      *popover;
} PopoverGone;

static gboolean
popover_is_gone (gpointer data)
{
  PopoverGone *gone = data;

  return lf_atspi_is_gone_in (gone->scope, ATSPI_ROLE_FILLER, gone->popover);
}

/* Opens the list under @opener (a combo row, drop-down or menu button), whose popover GTK
 * 4.8 names after its class, clicks its item @item and waits for it to close. */
static void
pick (Builder         *b,
      AtspiAccessible *opener,
      const char      *popover_class,
      const char      *item)
{
  g_autoptr(AtspiAccessible) popover = NULL;
  g_autoptr(AtspiAccessible) found = NULL;
  PopoverGone gone = { opener, popover_class };

  lf_atspi_click (b->app, opener);
  popover = lf_atspi_find_in (opener, ATSPI_ROLE_FILLER, popover_class, NULL);
  found = lf_atspi_find_in (popover, ATSPI_ROLE_LABEL, item, NULL);
  lf_atspi_click (b->app, found);
  lf_atspi_wait (popover_is_gone, &gone, "the list to close");
}

static void
choose (Builder         *b,
        AtspiAccessible *scope,
        const char      *name,
        const char      *item)
{
  g_autoptr(AtspiAccessible) combo = lf_atspi_find_in (scope, ATSPI_ROLE_COMBO_BOX, name, NULL);

  /* Already shown as the choice: a person leaves it. */
  if (!lf_atspi_is_gone_in (combo, ATSPI_ROLE_LABEL, item))
    return;
  pick (b, combo, "GtkPopover", item);
}

/* The button that binds a member of an answer shown under Try It. */
static void
bind_answer (Builder         *b,
             AtspiAccessible *scope,
             const char      *member,
             const char      *control)
{
  g_autofree char *name = g_strdup_printf ("Bind %s to a control", member);
  g_autoptr(AtspiAccessible) button = lf_atspi_find_in (scope, ATSPI_ROLE_PUSH_BUTTON, name, NULL);

  pick (b, button, "LfBindPopover", control);
}

static gboolean
has_text (gpointer data)
{
  g_autofree char *text = lf_atspi_text (data);

  return text != NULL && *text != '\0';
}

/* Takes the value the search @search finds first in the value picker of the entry row
 * @row, typed as a person narrows a list. */
static void
take_value (Builder         *b,
            AtspiAccessible *scope,
            const char      *row,
            const char      *search,
            const char      *expected)
{
  g_autoptr(AtspiAccessible) entry = lf_atspi_find_in (scope, ATSPI_ROLE_TEXT, row, NULL);
  g_autoptr(AtspiAccessible) button = lf_atspi_find_in (entry, ATSPI_ROLE_PUSH_BUTTON,
                                                        "Choose a Value", NULL);
  g_autoptr(AtspiAccessible) field = NULL;
  g_autofree char *text = NULL;
  PopoverGone gone = { button, "GtkPopover" };

  lf_atspi_click (b->app, button);
  field = lf_atspi_find_in (button, ATSPI_ROLE_ENTRY, "Search values", NULL);
  lf_atspi_wait_state (field, ATSPI_STATE_FOCUSED, TRUE);
  lf_atspi_type (search);
  lf_atspi_key ("Return");
  lf_atspi_wait (popover_is_gone, &gone, "the values to close");
  lf_atspi_wait (has_text, entry, "the value taken");
  text = lf_atspi_text (entry);
  g_assert_true (g_str_has_suffix (text, expected));
}

static void
add_control (Builder         *b,
             AtspiAccessible *window,
             const char      *kind,
             const char      *label)
{
  g_autoptr(AtspiAccessible) palette = lf_atspi_find_in (window, ATSPI_ROLE_FILLER, "Controls",
                                                         NULL);
  g_autoptr(AtspiAccessible) inspector = NULL;

  click_named (b, palette, ATSPI_ROLE_PUSH_BUTTON, kind);
  inspector = lf_atspi_find_in (window, ATSPI_ROLE_FILLER, "Settings of the selected control",
                                NULL);
  fill_row (b, inspector, "Label", label);
}

/* The row of Frankfurt is the one checked, and only it. */
static gboolean
frankfurt_checked (gpointer data)
{
  int n = atspi_accessible_get_child_count (data, NULL);
  int checked = 0;
  gboolean frankfurt = FALSE;

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) row = atspi_accessible_get_child_at_index (data, i, NULL);

      if (row == NULL || !lf_atspi_has_state (row, ATSPI_STATE_CHECKED))
        continue;
      checked++;
      frankfurt = !lf_atspi_is_gone_in (row, ATSPI_ROLE_LABEL, "eu-central-1 — Europe (Frankfurt)");
    }
  return checked == 1 && frankfurt;
}

/* The region picker: it sits in the account popover, and what a person types reaches its
 * search at once, so "frank" finds Frankfurt. */
static void
test_region_search (void)
{
  g_autofree char *form = example ("greeter.lambdaform");
  const char *argv[] = { app_path, form, NULL };
  LfAtspiApp *app = lf_atspi_app_start (argv);
  g_autoptr(AtspiAccessible) account = NULL;
  g_autoptr(AtspiAccessible) regions = NULL;
  g_autoptr(AtspiAccessible) search = NULL;
  PopoverGone gone;

  account = lf_atspi_find (app, ATSPI_ROLE_PUSH_BUTTON, "Account in use", NULL);
  gone = (PopoverGone) { account, "GtkPopover" };
  lf_atspi_click (app, account);
  regions = lf_atspi_find_in (account, ATSPI_ROLE_LIST, "Regions", NULL);
  /* Typed with the focus where the popover put it, not in the search. */
  lf_atspi_type ("frank");
  search = lf_atspi_find_in (account, ATSPI_ROLE_ENTRY, "Region", NULL);
  lf_atspi_wait_text (search, "frank");
  /* Enter takes the first region left: Frankfurt only if the search left it first. (GTK 4.8
   * keeps the places of rows a filter hides in the tree, so they are not counted.) */
  lf_atspi_key ("Return");
  lf_atspi_wait (popover_is_gone, &gone, "the popover to close");

  /* Opened again, Frankfurt is the one checked. */
  lf_atspi_click (app, account);
  lf_atspi_wait (frankfurt_checked, regions, "Frankfurt to be checked");
  lf_atspi_key ("Escape");
  lf_atspi_wait (popover_is_gone, &gone, "the popover to close");

  g_assert_cmpint (lf_atspi_app_close (app), ==, 0);
  lf_atspi_app_free (app);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

/* The form built below, opened to be used: its list is there, the typed name is sent to the
 * function chosen, the answer is shown. */
static void
use_built_form (const char *file)
{
  const char *argv[] = { app_path, "--run", file, NULL };
  LfAtspiApp *app = lf_atspi_app_start (argv);
  g_autoptr(AtspiAccessible) combo = NULL;
  g_autoptr(AtspiAccessible) toggle = NULL;
  g_autoptr(AtspiAccessible) chosen = NULL;
  g_autoptr(AtspiAccessible) entry = NULL;
  g_autoptr(AtspiAccessible) greet = NULL;
  g_autoptr(AtspiAccessible) greeting = NULL;

  combo = lf_atspi_find (app, ATSPI_ROLE_COMBO_BOX, NULL, "Function");
  toggle = lf_atspi_find_in (combo, ATSPI_ROLE_PUSH_BUTTON, "Function", NULL);
  chosen = lf_atspi_find_in (toggle, ATSPI_ROLE_LABEL, "greet", NULL);
  entry = lf_atspi_find (app, ATSPI_ROLE_TEXT, NULL, "Name");
  greet = lf_atspi_find (app, ATSPI_ROLE_PUSH_BUTTON, "Greet", NULL);
  greeting = lf_atspi_find (app, ATSPI_ROLE_LABEL, NULL, "Greeting");

  lf_atspi_click (app, entry);
  lf_atspi_wait_state (entry, ATSPI_STATE_FOCUSED, TRUE);
  lf_atspi_type ("Ada");
  lf_atspi_wait_text (entry, "Ada");
  lf_atspi_click (app, greet);
  lf_atspi_wait_text (greeting, "Hello, Ada!");
  g_assert_cmpint (lf_atspi_app_close (app), ==, 0);
  lf_atspi_app_free (app);
}

/* The proof of issue 15: from a blank document, without typing "{{", a person builds a form
 * that lists the functions in a drop-down, sends the text typed in a field as the payload of
 * the function chosen, on a button, and shows the answer's greeting; saves it; opens it again
 * ready to use; and reads the greeting. */
static void
test_build_without_syntax (void)
{
  const char *argv[] = { app_path, NULL };
  Builder b = { lf_atspi_app_start (argv), g_dir_make_tmp ("lf-built-XXXXXX", NULL) };
  g_autoptr(AtspiAccessible) window = NULL;
  g_autoptr(AtspiAccessible) actions = NULL;
  g_autoptr(AtspiAccessible) run = NULL;
  g_autoptr(AtspiAccessible) inspector = NULL;
  g_autoptr(AtspiAccessible) properties = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) saved_name = NULL;
  g_autofree char *file = NULL;
  Gone unsaved = { b.app, ATSPI_ROLE_LABEL, "• Untitled Form" };

  window = lf_atspi_find (b.app, ATSPI_ROLE_FRAME, NULL, NULL);
  lf_atspi_key ("<Control>n");
  add_control (&b, window, "Dropdown", "Function");
  add_control (&b, window, "Text field", "Name");
  add_control (&b, window, "Button", "Greet");
  add_control (&b, window, "Label", "Greeting");

  /* The list of functions, run when the form opens, tried, and bound to the drop-down. */
  click_named (&b, window, ATSPI_ROLE_PAGE_TAB, "Actions");
  actions = lf_atspi_find_in (window, ATSPI_ROLE_FILLER, "The form’s actions", NULL);
  click_named (&b, actions, ATSPI_ROLE_PUSH_BUTTON, "Add Action");
  choose (&b, actions, "Operation", "List functions");
  choose (&b, actions, "Runs", "When the form opens");
  run = lf_atspi_find_in (actions, ATSPI_ROLE_PUSH_BUTTON, NULL, "Run");
  lf_atspi_click (b.app, run);
  bind_answer (&b, actions, "Functions", "Function (Dropdown)");

  /* The greeting: the function the drop-down names, with the field's text as "name". */
  click_named (&b, actions, ATSPI_ROLE_PUSH_BUTTON, "Add Action");
  choose (&b, actions, "Operation", "Invoke a function");
  take_value (&b, actions, "Function name", "Dropdown", ".value }}");
  click_named (&b, actions, ATSPI_ROLE_PUSH_BUTTON, "Add Field");
  fill_row (&b, actions, "Key of field 1", "name");
  choose (&b, actions, "Kind of value of field 1", "A control’s value");
  choose (&b, actions, "Value of field 1", "Name (Text field)");
  choose (&b, actions, "Runs", "When a button is clicked");
  choose (&b, actions, "Button", "Greet (Button)");

  /* The drop-down starts on greet; tried, the answer's greeting goes to the label. */
  click_named (&b, window, ATSPI_ROLE_PAGE_TAB, "Control");
  click_named (&b, window, ATSPI_ROLE_LIST_ITEM, "Function (Dropdown)");
  inspector = lf_atspi_find_in (window, ATSPI_ROLE_FILLER, "Settings of the selected control",
                                NULL);
  properties = lf_atspi_find_in (inspector, ATSPI_ROLE_LIST, "Properties", NULL);
  fill_row (&b, properties, "Value", "greet");
  click_named (&b, window, ATSPI_ROLE_PAGE_TAB, "Actions");
  g_clear_object (&run);
  run = lf_atspi_find_in (actions, ATSPI_ROLE_PUSH_BUTTON, NULL, "Run");
  lf_atspi_click (b.app, run);
  bind_answer (&b, actions, "greeting", "Greeting (Label)");

  /* Saved where the person types, over the name the dialog suggests. */
  lf_atspi_key ("<Control>s");
  /* GTK 4.8 gives the file chooser's window the role of a filler. */
  dialog = lf_atspi_find (b.app, ATSPI_ROLE_FILLER, "Save the Form", NULL);
  file = g_build_filename (b.dir, "greeter.lambdaform", NULL);
  lf_atspi_key ("<Control>a");
  lf_atspi_type (file);
  lf_atspi_key ("Return");
  lf_atspi_wait (file_exists, file, "the form to be saved");
  /* Saved when the title says so: no dot of unsaved changes, the file's name under it. */
  saved_name = lf_atspi_find (b.app, ATSPI_ROLE_LABEL, "greeter.lambdaform", NULL);
  lf_atspi_wait (is_gone, &unsaved, "the mark of unsaved changes to go");
  /* Back to the window the dialog left, by a click on its title. */
  lf_atspi_click (b.app, saved_name);
  g_assert_cmpint (lf_atspi_app_close (b.app), ==, 0);
  lf_atspi_app_free (b.app);

  use_built_form (file);
  g_unlink (file);
  g_rmdir (b.dir);
  g_free (b.dir);
}

static gboolean
greets_grace (gpointer data)
{
  g_autofree char *text = lf_atspi_text (data);

  return text != NULL && strstr (text, "\"greeting\": \"Hello, Grace!\"") != NULL;
}

static gboolean
echo_is_gone (gpointer data)
{
  return lf_atspi_is_gone_in (data, ATSPI_ROLE_LABEL, "echo");
}

/* The proof of issue 17: a form for the sandbox's greet function, made from an event saved
 * for it, through New Form for a Function with real input; it opens in Run and greets. */
static void
test_form_for_function (void)
{
  const char *argv[] = { app_path, NULL };
  LfAtspiApp *app = lf_atspi_app_start_with_file (
    argv, "data/lambda-forms/events/sandbox/greet.json",
    "{\"lambda_forms_events\": 1, \"function\": \"greet\", \"events\": "
    "{\"ada\": {\"payload\": {\"name\": \"Ada\"}}}}\n");
  g_autoptr(AtspiAccessible) new_menu = NULL;
  g_autoptr(AtspiAccessible) start = NULL;
  g_autoptr(AtspiAccessible) search = NULL;
  g_autoptr(AtspiAccessible) functions = NULL;
  g_autoptr(AtspiAccessible) greet = NULL;
  g_autoptr(AtspiAccessible) events = NULL;
  g_autoptr(AtspiAccessible) saved = NULL;
  g_autoptr(AtspiAccessible) create = NULL;
  g_autoptr(AtspiAccessible) name = NULL;
  g_autoptr(AtspiAccessible) invoke = NULL;
  g_autoptr(AtspiAccessible) greeting = NULL;
  g_autofree char *value = NULL;
  Gone dialog_gone = { app, ATSPI_ROLE_ENTRY, "Search functions" };

  /* The header bar's New menu; the app opened its example, so it is not the empty window. */
  new_menu = lf_atspi_find (app, ATSPI_ROLE_PUSH_BUTTON, "New form", NULL);
  lf_atspi_click (app, new_menu);
  start = lf_atspi_find_in (new_menu, ATSPI_ROLE_LABEL, "New Form for a Function…", NULL);
  lf_atspi_click (app, start);
  /* The sandbox's functions come; typing narrows them. */
  search = lf_atspi_find (app, ATSPI_ROLE_ENTRY, "Search functions", NULL);
  functions = lf_atspi_find (app, ATSPI_ROLE_LIST, "Functions", NULL);
  g_clear_object (&greet);
  greet = lf_atspi_find_in (functions, ATSPI_ROLE_LABEL, "echo", NULL);
  lf_atspi_click (app, search);
  lf_atspi_wait_state (search, ATSPI_STATE_FOCUSED, TRUE);
  lf_atspi_type ("gre");
  lf_atspi_wait (echo_is_gone, functions, "the search to leave echo out");
  g_clear_object (&greet);
  greet = lf_atspi_find_in (functions, ATSPI_ROLE_LABEL, "greet", NULL);
  lf_atspi_click (app, greet);
  /* The saved event, under its heading, is the one chosen at first. */
  events = lf_atspi_find (app, ATSPI_ROLE_LIST, "Events", NULL);
  saved = lf_atspi_find_in (events, ATSPI_ROLE_LABEL, "ada", NULL);
  lf_atspi_click (app, saved);
  create = lf_atspi_find (app, ATSPI_ROLE_PUSH_BUTTON, NULL, "Create");
  lf_atspi_wait_state (create, ATSPI_STATE_SENSITIVE, TRUE);
  lf_atspi_click (app, create);
  lf_atspi_wait (is_gone, &dialog_gone, "the dialog to close");

  /* The form is ready in Run: the event's value in its field, which a person changes. */
  name = lf_atspi_find (app, ATSPI_ROLE_TEXT, NULL, "Name");
  value = lf_atspi_text (name);
  g_assert_cmpstr (value, ==, "Ada");
  lf_atspi_click (app, name);
  lf_atspi_wait_state (name, ATSPI_STATE_FOCUSED, TRUE);
  lf_atspi_key ("<Control>a");
  lf_atspi_type ("Grace");
  lf_atspi_wait_text (name, "Grace");
  invoke = lf_atspi_find (app, ATSPI_ROLE_PUSH_BUTTON, "Invoke", NULL);
  lf_atspi_click (app, invoke);
  greeting = lf_atspi_find (app, ATSPI_ROLE_TEXT, NULL, "Answer");
  lf_atspi_wait (greets_grace, greeting, "the answer to greet Grace");

  /* Made, not edited: like a new blank form, it closes without a question. */
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
  g_test_add_func ("/atspi/region-search", test_region_search);
  g_test_add_func ("/atspi/build-without-syntax", test_build_without_syntax);
  g_test_add_func ("/atspi/form-for-function", test_form_for_function);
  return g_test_run ();
}
