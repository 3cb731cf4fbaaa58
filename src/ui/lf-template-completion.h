/* lf-template-completion.h: suggestions for what is typed inside "{{ … }}"
 *
 * A popover under the entry being typed in that never takes the focus: the entry's keys drive
 * it (Up and Down move, Enter or Tab take the suggestion, Escape closes). The suggestions are
 * the paths the editor context lists, those starting with what is typed first. Taking one
 * replaces the partial path and closes the expression when nothing does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lf-editor-context.h"

G_BEGIN_DECLS

#define LF_TYPE_TEMPLATE_COMPLETION (lf_template_completion_get_type ())

G_DECLARE_FINAL_TYPE (LfTemplateCompletion, lf_template_completion, LF, TEMPLATE_COMPLETION,
                      GtkPopover)

/* The popover is @parent's child; @parent must give it a place in its size_allocate
 * (lf_template_completion_present). */
GtkWidget *lf_template_completion_new     (LfEditorContext      *context,
                                           GtkWidget            *parent);
/* Offers suggestions while @entry is typed in. */
void       lf_template_completion_attach  (LfTemplateCompletion *self,
                                           GtkWidget            *entry);
void       lf_template_completion_present (LfTemplateCompletion *self);
void       lf_template_completion_hide    (LfTemplateCompletion *self);

G_END_DECLS
