/* lf-options-editor.h: a drop-down's static options, one row each, in the inspector
 *
 *   changed (JsonNode *options)   an edit was kept (Enter), an option added or removed: the
 *                                 whole new list, to be applied to the control
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LF_TYPE_OPTIONS_EDITOR (lf_options_editor_get_type ())

G_DECLARE_FINAL_TYPE (LfOptionsEditor, lf_options_editor, LF, OPTIONS_EDITOR,
                      AdwPreferencesGroup)

/* @options: the control's "options" (a list of {"label", "value"}), or NULL. */
GtkWidget *lf_options_editor_new (JsonNode *options);

G_END_DECLS
