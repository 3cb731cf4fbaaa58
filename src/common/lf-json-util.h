/* lf-json-util.h: the one way the project reads JSON, and small helpers over json-glib
 *
 * json-glib 1.6 recurses once per level of nesting with no limit (a few hundred thousand "["
 * overflow the stack) and accepts strings that are not Unicode once unescaped (octal escapes
 * such as \266, lone surrogates such as \ud800). Every parse in the project goes through
 * lf_json_parse(), which refuses both before json-glib sees the text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deep enough for any real document; far below what overflows a thread's stack. */
#define LF_JSON_MAX_DEPTH 512

#define LF_JSON_ERROR (lf_json_error_quark ())

typedef enum
{
  LF_JSON_ERROR_EMPTY,     /* nothing but white space */
  LF_JSON_ERROR_TOO_DEEP,  /* nested deeper than LF_JSON_MAX_DEPTH */
  LF_JSON_ERROR_ENCODING,  /* not UTF-8, or a string that is not Unicode once unescaped */
  LF_JSON_ERROR_SYNTAX,    /* what json-glib refused */
} LfJsonError;

GQuark    lf_json_error_quark (void);

gboolean  lf_json_check       (const char  *data,
                               gsize        length,
                               GError     **error);
JsonNode *lf_json_parse       (const char  *data,
                               gssize       length,
                               GError     **error);
JsonNode *lf_json_parse_bytes (GBytes      *bytes,
                               GError     **error);
JsonNode *lf_json_parse_file  (const char  *path,
                               GError     **error);

JsonNode *lf_json_deep_copy   (JsonNode    *node);

G_END_DECLS
