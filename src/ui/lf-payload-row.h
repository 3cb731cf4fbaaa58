/* lf-payload-row.h: one field of an Invoke payload written field by field
 *
 * A key, what kind of value it holds (text, a number, true/false or a control's value), the
 * value itself and a Remove button, in that order for the keyboard.
 *
 *   changed ()   anything in the row was edited
 *   apply ()     the author is done with an edit: Enter, leaving an entry, the switch, a choice
 *   remove ()    the Remove button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  LF_PAYLOAD_FIELD_TEXT,
  LF_PAYLOAD_FIELD_NUMBER,
  LF_PAYLOAD_FIELD_BOOLEAN,
  LF_PAYLOAD_FIELD_CONTROL,
} LfPayloadFieldKind;

#define LF_TYPE_PAYLOAD_FIELD_KIND (lf_payload_field_kind_get_type ())
GType lf_payload_field_kind_get_type (void);

#define LF_TYPE_PAYLOAD_ROW (lf_payload_row_get_type ())

G_DECLARE_FINAL_TYPE (LfPayloadRow, lf_payload_row, LF, PAYLOAD_ROW, AdwPreferencesRow)

/* Whether @text (surrounding spaces aside) is a number as JSON writes one: 3, -2.5, 1e6. */
gboolean            lf_payload_number_is_valid     (const char         *text);

/* @position counts from 0; screen readers hear it from 1 ("Key of field 1"). */
GtkWidget          *lf_payload_row_new             (guint               position);
guint               lf_payload_row_get_position    (LfPayloadRow       *self);
void                lf_payload_row_set_position    (LfPayloadRow       *self,
                                                    guint               position);
const char         *lf_payload_row_get_key         (LfPayloadRow       *self);
LfPayloadFieldKind  lf_payload_row_get_kind        (LfPayloadRow       *self);
/* @value: the text, the number as written, "true" or "false", or the control's name. */
void                lf_payload_row_set_field       (LfPayloadRow       *self,
                                                    const char         *key,
                                                    LfPayloadFieldKind  kind,
                                                    const char         *value);
/* The controls a value can come from: their names and what the author reads for each
 * ("Function (Dropdown)"). A control the row names that is not among them stays listed as
 * missing. */
void                lf_payload_row_set_controls    (LfPayloadRow       *self,
                                                    const char * const *names,
                                                    const char * const *titles);
/* Marks the key as one an earlier field already has: such a row is not sent. */
void                lf_payload_row_set_duplicate   (LfPayloadRow       *self,
                                                    gboolean            duplicate);
/* Appends `"key": value` as JSON template text; FALSE, writing nothing, when the row cannot
 * be sent as it is (no key, a key used above, not a number, no control chosen). */
gboolean            lf_payload_row_append_member   (LfPayloadRow       *self,
                                                    GString            *out);
/* Puts the keyboard in the key, its text selected, for a field just added. */
void                lf_payload_row_focus_key       (LfPayloadRow       *self);

G_END_DECLS
