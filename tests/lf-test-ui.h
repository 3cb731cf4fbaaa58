/* lf-test-ui.h: what the UI tests share: waiting on the main loop and screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lf-window.h"

G_BEGIN_DECLS

#define LF_TEST_DEADLINE_SECONDS 120

typedef gboolean (*LfTestCondition) (gpointer data);

/* Spins the main loop until @condition holds; fails the test, naming @what, past the
 * deadline. A deadline guards against hangs; it is no timing assertion. */
void lf_test_wait_for          (LfTestCondition  condition,
                                gpointer         data,
                                const char      *what);
/* An LfWindow (@window) whose form has opened, to a form or an error page. */
gboolean lf_test_form_is_ready (gpointer window);
/* Until @widget is mapped, has a size and its first layout has settled. */
void lf_test_wait_until_drawn  (GtkWidget       *widget);
/* Renders @widget as a person sees it into $G_TEST_BUILDDIR/artifacts/@name (a PNG). */
void lf_test_save_screenshot   (GtkWidget       *widget,
                                const char      *name);

/* Runs the main loop until idle rebuilds and layout have happened. */
void        lf_test_settle             (void);

typedef gboolean (*LfTestPredicate) (GtkWidget *widget, gconstpointer data);

/* Depth first, @root itself excluded; NULL when nothing matches. */
GtkWidget  *lf_test_find_widget        (GtkWidget       *root,
                                        LfTestPredicate  predicate,
                                        gconstpointer    data);
/* The first of @type under @root; fails the test when there is none. */
GtkWidget  *lf_test_find_of_type       (GtkWidget       *root,
                                        GType            type);
/* The AdwPreferencesRow titled @title; fails the test when there is none. */
GtkWidget  *lf_test_find_row           (GtkWidget       *root,
                                        const char      *title);
/* The button whose action is @action_name; fails the test when there is none. */
GtkWidget  *lf_test_find_action_button (GtkWidget       *root,
                                        const char      *action_name);
/* Types @text into the entry row @title and applies it; it must be accepted. */
void        lf_test_type_into          (GtkWidget       *root,
                                        const char      *title,
                                        const char      *text);
/* Picks @item in the combo row @title. */
void        lf_test_choose             (GtkWidget       *root,
                                        const char      *title,
                                        const char      *item);
/* The inspector's group of binding rows. */
GtkWidget  *lf_test_bindings_group     (GtkWidget       *inspector);

/* Waits until the drop-down offers @label, then chooses it as a person would. */
void        lf_test_choose_option      (GtkDropDown     *dropdown,
                                        const char      *label);
char       *lf_test_text_view_text     (GtkWidget       *view);
/* Waits until the text view shows @needle. */
void        lf_test_wait_for_text      (GtkWidget       *view,
                                        const char      *needle);

/* Saves the window's form to @file (NULL: its own) and waits for the write to end. */
gboolean    lf_test_save_window        (LfWindow        *window,
                                        GFile           *file,
                                        GError         **error);

/* The widget a person uses of the control @name of the window's running form. */
GtkWidget  *lf_test_control_input      (LfWindow        *window,
                                        const char      *name);

/* What a person does in the editor: click a kind in the palette (returns the control added
 * and selected), or a control on the canvas (which must then be selected). */
LfControl  *lf_test_click_palette      (LfEditor        *editor,
                                        const char      *kind_id);
void        lf_test_click_canvas       (LfEditor        *editor,
                                        LfControl       *control);

/* Before gtk_test_init (): a home of the test's own (XDG config, data and state), so that
 * accounts, recent files, the sandbox's user functions and copies of unsaved work never
 * reach the real one. Returns its folder. */
char          *lf_test_make_home       (const char      *name);
/* GTK and libadwaita, then the app, registered without uniqueness. */
LfApplication *lf_test_init_app        (int             *argc,
                                        char          ***argv);
/* Stops the app's sandbox, drops the app and removes @home with all it holds. */
void           lf_test_finish_app      (LfApplication   *app,
                                        char            *home);

G_END_DECLS
