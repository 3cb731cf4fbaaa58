/* lf-binding-row.h: a property's binding in the inspector: the template, a value picker and
 * a caption saying what it gives now
 *
 * The caption is a row of its own, added to the group right after this one (see
 * lf_binding_row_get_caption_row), so that it reads as part of the list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-editor-context.h"

G_BEGIN_DECLS

#define LF_TYPE_BINDING_ROW (lf_binding_row_get_type ())

G_DECLARE_FINAL_TYPE (LfBindingRow, lf_binding_row, LF, BINDING_ROW, AdwEntryRow)

GtkWidget  *lf_binding_row_new            (LfEditorContext *context,
                                           const char      *property,
                                           const char      *title,
                                           const char      *text);
const char *lf_binding_row_get_property   (LfBindingRow    *self);
GtkWidget  *lf_binding_row_get_caption_row (LfBindingRow   *self);
/* The caption's text: what the template gives now, or why it gives nothing. */
const char *lf_binding_row_get_caption    (LfBindingRow    *self);
/* Works out the caption again (the form or a run changed). */
void        lf_binding_row_update_preview (LfBindingRow    *self);
/* Shows why the template was refused, in the caption and on the row. */
void        lf_binding_row_show_error     (LfBindingRow    *self,
                                           const char      *message);

G_END_DECLS
