/* lf-canvas.h: the form drawn with real-looking, inert widgets, to select and rearrange
 *
 * The canvas draws what its LfForm holds, controls beside the previous one side by side, and
 * changes nothing itself: a click emits "control-selected", drops emit "kind-dropped" or
 * "control-dropped", and the keys and the context menu activate the editor's actions
 * ("editor.select-next", "editor.delete-control", "editor.beside-previous"…).
 *
 *   control-selected (LfControl *control)
 *   kind-dropped (const char *kind_id, guint position)
 *   control-dropped (LfControl *control, guint position)   position as before the move
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-form.h"

G_BEGIN_DECLS

#define LF_CANVAS_DRAG_CONTROL_PREFIX "control:"

#define LF_TYPE_CANVAS (lf_canvas_get_type ())

G_DECLARE_FINAL_TYPE (LfCanvas, lf_canvas, LF, CANVAS, AdwBin)

GtkWidget *lf_canvas_new             (void);
void       lf_canvas_set_form        (LfCanvas   *self,
                                      LfForm     *form);
void       lf_canvas_set_selected    (LfCanvas   *self,
                                      LfControl  *control);
/* The item that draws @control (a button in a line of the form), or NULL. */
GtkWidget *lf_canvas_get_row         (LfCanvas   *self,
                                      LfControl  *control);
/* An inert picture of @control; the one place to switch to the run-mode widget factory. */
GtkWidget *lf_canvas_make_preview    (LfControl  *control);

G_END_DECLS
