/* lf-path-picker.h: a button that puts "{{ path }}" in an entry, chosen from a searchable list
 *
 * The list is what the editor context offers as values a binding may read, made afresh as the
 * popover opens (the paths change with every edit and every run). Choosing one puts
 * "{{ path }}" in the target and applies it when the target is an AdwEntryRow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-editor-context.h"

G_BEGIN_DECLS

#define LF_TYPE_PATH_PICKER (lf_path_picker_get_type ())

G_DECLARE_FINAL_TYPE (LfPathPicker, lf_path_picker, LF, PATH_PICKER, AdwBin)

/* @target is not referenced: the picker sits beside it and goes with it. */
GtkWidget *lf_path_picker_new (LfEditorContext *context,
                               GtkEditable     *target);

G_END_DECLS
