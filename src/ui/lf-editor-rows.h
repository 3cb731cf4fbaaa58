/* lf-editor-rows.h: what the editor's panes do alike with their rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* An entry row whose change is kept with Enter or its apply button. */
GtkWidget *lf_editor_entry_row_new      (const char *title,
                                         const char *text);
/* Marks @row red with @message as its tooltip; NULL clears both. */
void       lf_editor_row_show_error     (GtkWidget  *row,
                                         const char *message);

G_END_DECLS
