/* lf-accessible.h: names for screen readers where GTK 4.8 leaves them out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Names @widget @name for screen readers. A drop-down's keyboard focus goes to the button
 * inside it, which GTK 4.8 leaves unnamed (read out as "GtkToggleButton"): that button is
 * named too, and said to open a list. */
void lf_accessible_set_name          (GtkWidget  *widget,
                                     const char *name);
/* Only the button inside @drop_down, for one a label already names (its mnemonic widget). */
void lf_accessible_name_drop_down_button (GtkWidget  *drop_down,
                                          const char *name);

G_END_DECLS
