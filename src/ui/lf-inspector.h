/* lf-inspector.h: the selected control's name, properties, bindings and click behaviour
 *
 * Rows are generated from the control catalogue: each property by its type, and for each
 * bindable property a "{{ … }}" row with a picker and a caption showing the value it has now.
 * Every change goes through the context's LfForm, so it can be undone. With no control
 * selected the inspector edits the form's own settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-editor-context.h"

G_BEGIN_DECLS

#define LF_TYPE_INSPECTOR (lf_inspector_get_type ())

G_DECLARE_FINAL_TYPE (LfInspector, lf_inspector, LF, INSPECTOR, AdwBin)

GtkWidget *lf_inspector_new        (void);
/* Once, before use: what the editor shares with its panes. */
void       lf_inspector_set_context (LfInspector     *self,
                                     LfEditorContext *context);

G_END_DECLS
