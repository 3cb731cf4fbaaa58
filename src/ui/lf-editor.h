/* lf-editor.h: the form editor: palette, canvas, inspector and actions panel over one LfForm
 *
 * The editor is only a view of its LfForm: every edit goes through the form's API, so undo and
 * redo (which the window drives) cover everything done here. The window embeds it with
 *
 *   editor = lf_editor_new ();
 *   lf_editor_set_client_factory (editor, factory, data, destroy);
 *   lf_editor_set_form (editor, form);
 *
 * Actions ("editor." prefix), also bound to keys on the canvas:
 *   add-control(s)      add a control of that kind after the selection
 *   select-previous / select-next      Up / Down
 *   delete-control      Delete
 *   duplicate-control   Ctrl+D
 *   move-up / move-down Alt+Up / Alt+Down
 *   beside-previous     Alt+Right / Alt+Left: the selected control shares the line of the one
 *                       before, or has its own (the "selected-beside-previous" property)
 *   Left / Right select too, as Up / Down do
 *
 * The panes share an LfEditorContext (the form, the selection, the last run), which the
 * editor hands to each; none of them reaches up to the editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-editor-context.h"
#include "lf-form-runtime.h"

G_BEGIN_DECLS

typedef struct
{
  const char *id;      /* "blank", "invoke-function", "function-details", "function-browser" */
  const char *title;   /* translatable, for a menu */
} LfEditorTemplate;

#define LF_TYPE_EDITOR (lf_editor_get_type ())

G_DECLARE_FINAL_TYPE (LfEditor, lf_editor, LF, EDITOR, AdwBin)

GtkWidget              *lf_editor_new                      (void);
LfForm                 *lf_editor_get_form                 (LfEditor            *self);
void                    lf_editor_set_form                 (LfEditor            *self,
                                                            LfForm              *form);
LfControl              *lf_editor_get_selected_control     (LfEditor            *self);
void                    lf_editor_set_selected_control     (LfEditor            *self,
                                                            LfControl           *control);
/* How "Run" in the actions panel gets a Lambda client for an account. */
/* Where runs are recorded: the payloads a function was sent lately are offered as events. */
void                    lf_editor_set_history              (LfEditor            *self,
                                                            LfHistory           *history);
void                    lf_editor_set_client_factory       (LfEditor            *self,
                                                            LfClientFactoryFunc  factory,
                                                            gpointer             factory_data,
                                                            GDestroyNotify       factory_destroy);
/* The accounts set up here, offered where a form names one. */
void                    lf_editor_set_accounts             (LfEditor            *self,
                                                            const char * const  *accounts);
/* What the panes share: the last run, paths and previews live there. */
LfEditorContext        *lf_editor_get_context              (LfEditor            *self);
/* Shows the control or action named @name: selected, in its pane. */
void                    lf_editor_show_part                (LfEditor            *self,
                                                            const char          *name);
/* Adds a control of @kind_id at @position (-1: after the selection) and selects it. */
LfControl              *lf_editor_add_control              (LfEditor            *self,
                                                            const char          *kind_id,
                                                            int                  position);
const LfEditorTemplate *lf_editor_get_templates            (guint               *n_templates);
/* A new form from one of lf_editor_get_templates (); NULL for an unknown id. */
LfForm                 *lf_editor_new_form_from_template   (const char          *template_id);

G_END_DECLS
