/* lf-payload-editor.h: an Invoke action's payload, as JSON with its "{{ … }}" marked
 *
 * A preferences group ("Payload") holding a JSON source view and an apply button. It emits
 * "apply" when the author asks for the text to be taken: the button, or leaving the view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LF_TYPE_PAYLOAD_EDITOR (lf_payload_editor_get_type ())

G_DECLARE_FINAL_TYPE (LfPayloadEditor, lf_payload_editor, LF, PAYLOAD_EDITOR, AdwPreferencesGroup)

GtkWidget *lf_payload_editor_new        (const char      *text);
char      *lf_payload_editor_dup_text   (LfPayloadEditor *self);
/* Marks the view as refused, with @error as its tooltip; NULL clears it. */
void       lf_payload_editor_show_error (LfPayloadEditor *self,
                                         const GError    *error);

G_END_DECLS
