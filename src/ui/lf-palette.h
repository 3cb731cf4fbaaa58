/* lf-palette.h: every control kind of the catalogue, to click or drag onto the canvas
 *
 * A click activates "editor.add-control" with the kind's id; a drag carries "kind:ID" as a
 * string for the canvas to drop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LF_PALETTE_DRAG_KIND_PREFIX "kind:"

#define LF_TYPE_PALETTE (lf_palette_get_type ())

G_DECLARE_FINAL_TYPE (LfPalette, lf_palette, LF, PALETTE, AdwBin)

GtkWidget  *lf_palette_new             (void);
/* The button that adds @kind_id, or NULL. */
GtkWidget  *lf_palette_get_button      (LfPalette  *self,
                                        const char *kind_id);
/* A symbolic icon for @kind_id. */
const char *lf_palette_get_kind_icon   (const char *kind_id);

G_END_DECLS
