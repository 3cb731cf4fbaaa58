/* lf-test-ui.h: what the UI tests share: waiting on the main loop and screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LF_TEST_DEADLINE_SECONDS 120

typedef gboolean (*LfTestCondition) (gpointer data);

/* Spins the main loop until @condition holds; fails the test, naming @what, past the
 * deadline. A deadline guards against hangs; it is no timing assertion. */
void lf_test_wait_for          (LfTestCondition  condition,
                                gpointer         data,
                                const char      *what);
/* Until @widget is mapped, has a size and its first layout has settled. */
void lf_test_wait_until_drawn  (GtkWidget       *widget);
/* Renders @widget as a person sees it into $G_TEST_BUILDDIR/artifacts/@name (a PNG). */
void lf_test_save_screenshot   (GtkWidget       *widget,
                                const char      *name);

G_END_DECLS
