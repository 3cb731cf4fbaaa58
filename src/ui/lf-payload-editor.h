/* lf-payload-editor.h: an Invoke action's payload, field by field or as JSON
 *
 * A preferences group ("Payload") with two ways to write the same payload, switched by a
 * linked pair of buttons:
 *
 *   Fields   rows of key → value (LfPayloadRow), the value text, a number, true/false or a
 *            control's value; it writes the JSON template, escaped as JSON wants
 *   JSON     the text in a source view, its "{{ … }}" marked and checked as it is typed, the
 *            line of a mistake underlined and named in one sentence below
 *
 * It shows fields whenever the payload is an object of plain values and `{{ name.value }}`
 * expressions, which outside quotes put in the value's JSON (an empty payload is no fields,
 * meaning {}); anything more stays JSON and the Fields button says why.
 *
 *   apply ()   the author asked for the text to be taken: in Fields any edit kept (Enter, leaving
 *              an entry, the switch, a choice, Add Field, Remove); in JSON the apply button or
 *              leaving the view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-editor-context.h"

G_BEGIN_DECLS

typedef enum
{
  LF_PAYLOAD_MODE_FIELDS,
  LF_PAYLOAD_MODE_JSON,
} LfPayloadMode;

#define LF_TYPE_PAYLOAD_MODE (lf_payload_mode_get_type ())
GType lf_payload_mode_get_type (void);

#define LF_TYPE_PAYLOAD_EDITOR (lf_payload_editor_get_type ())

G_DECLARE_FINAL_TYPE (LfPayloadEditor, lf_payload_editor, LF, PAYLOAD_EDITOR, AdwPreferencesGroup)

GtkWidget       *lf_payload_editor_new         (const char      *text);
/* Where the form's controls come from, for "A control's value"; without it a field shows
 * the control's name alone. */
void             lf_payload_editor_set_context (LfPayloadEditor *self,
                                                LfEditorContext *context);
LfEditorContext *lf_payload_editor_get_context (LfPayloadEditor *self);
/* The payload as a JSON template, whichever way it is shown. Fields that cannot be sent as
 * they are (no key, a repeated key, not a number) are left out and marked in their row. */
char            *lf_payload_editor_dup_text    (LfPayloadEditor *self);
LfPayloadMode    lf_payload_editor_get_mode    (LfPayloadEditor *self);
/* FALSE when the payload cannot be shown as fields: it stays JSON, saying why. */
gboolean         lf_payload_editor_set_mode    (LfPayloadEditor *self,
                                                LfPayloadMode    mode);
/* Puts @widget first in the header, beside the mode buttons (the events of the function). */
void             lf_payload_editor_add_suffix  (LfPayloadEditor *self,
                                                GtkWidget       *widget);
/* Says under the editor why the payload was refused; NULL clears it. */
void             lf_payload_editor_show_error  (LfPayloadEditor *self,
                                                const GError    *error);

G_END_DECLS
