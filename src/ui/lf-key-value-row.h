/* lf-key-value-row.h: one row of a key-value table, as its column view shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LF_TYPE_KEY_VALUE_ROW (lf_key_value_row_get_type ())

G_DECLARE_FINAL_TYPE (LfKeyValueRow, lf_key_value_row, LF, KEY_VALUE_ROW, GObject)

LfKeyValueRow *lf_key_value_row_new       (const char    *key,
                                           const char    *value);
const char    *lf_key_value_row_get_key   (LfKeyValueRow *self);
const char    *lf_key_value_row_get_value (LfKeyValueRow *self);

G_END_DECLS
