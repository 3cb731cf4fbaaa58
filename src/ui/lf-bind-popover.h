/* lf-bind-popover.h: "Bind to…" for one field of an answer: the controls that can show it
 *
 * Lists the form's controls that hold a value, afresh each time it opens. Choosing one closes
 * the popover and activates "actions-panel.bind-result" with (control, property, path, title): the
 * control's property that fits the field (a dropdown's items for a list, else its value) and
 * the field's path. The actions panel, an ancestor, makes the binding and says how it went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lf-editor-context.h"
#include "lf-result-item.h"

G_BEGIN_DECLS

#define LF_TYPE_BIND_POPOVER (lf_bind_popover_get_type ())

G_DECLARE_FINAL_TYPE (LfBindPopover, lf_bind_popover, LF, BIND_POPOVER, GtkPopover)

GtkWidget    *lf_bind_popover_new      (LfEditorContext *context);
/* The field to bind, or NULL. */
LfResultItem *lf_bind_popover_get_item (LfBindPopover   *self);
void          lf_bind_popover_set_item (LfBindPopover   *self,
                                        LfResultItem    *item);

G_END_DECLS
