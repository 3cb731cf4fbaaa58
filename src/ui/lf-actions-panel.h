/* lf-actions-panel.h: the form's actions: add, configure, run alone, bind results
 *
 * Each action's operation, account, trigger and parameters (literal text or "{{ … }}"), the
 * payload in a JSON source view with its templates marked, and "Run", which runs the action
 * through the editor context's runtime and shows the response as a tree whose fields can be bound to
 * a control with "Bind to…".
 *
 * Widget actions: actions-panel.add-action, actions-panel.run, actions-panel.remove, and
 * actions-panel.bind-result (control, property, path, title), which "Bind to…" activates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-editor-context.h"

G_BEGIN_DECLS

#define LF_TYPE_ACTIONS_PANEL (lf_actions_panel_get_type ())

G_DECLARE_FINAL_TYPE (LfActionsPanel, lf_actions_panel, LF, ACTIONS_PANEL, AdwBin)

GtkWidget  *lf_actions_panel_new                 (void);
/* Once, before use: what the editor shares with its panes. */
void        lf_actions_panel_set_context         (LfActionsPanel  *self,
                                                  LfEditorContext *context);
/* The action shown, or NULL. */
const char *lf_actions_panel_get_selected_action (LfActionsPanel *self);
void        lf_actions_panel_select_action       (LfActionsPanel *self,
                                                  const char     *name);

G_END_DECLS
