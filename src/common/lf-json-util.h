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

#include <gio/gio.h>
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

/* Where a parse error points, read from its "line:column:" start; FALSE when it names none. */
gboolean  lf_json_error_get_position (const GError *error,
                                      guint        *line,
                                      guint        *column);

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
/* The member's string, or NULL when it is missing or holds anything else. */
const char *lf_json_object_get_string_member_or_null (JsonObject *object,
                                                      const char *member);
/* A node that takes @object (or @array): json_node_init_object () would add a reference. */
JsonNode   *lf_json_node_take_object (JsonObject *object);
JsonNode   *lf_json_node_take_array  (JsonArray  *array);
/* The member when it is an object, else NULL; @object may be NULL (a member of a member). */
JsonObject *lf_json_object_get_object_member_or_null (JsonObject *object,
                                                      const char *member);

/* Printing. json-glib 1.6 prints 6.92 as 6.9199999999999999 and an empty object as "{    }";
 * this printer writes each number in the shortest form that reads back the same, empty
 * containers as {} and [], and only reads the tree (json-glib's generator takes references,
 * which is not safe while another thread shares the tree). @indent: spaces per level, 0 for
 * one line. Returns FALSE, leaving @out partly written, when @cancellable is cancelled. */
gboolean    lf_json_write         (GString      *out,
                                   JsonNode     *node,
                                   guint         indent,
                                   GCancellable *cancellable);
char       *lf_json_to_text       (JsonNode     *node,
                                   guint         indent);
/* What a person reads: a string as it is, nothing or null as "", anything else as one-line
 * JSON. */
char       *lf_json_to_plain_text (JsonNode     *node);
/* JSON's quoting of @text, stopping after @max_chars characters when it is not 0; returns
 * where it stopped. */
const char *lf_json_append_string (GString      *out,
                                   const char   *text,
                                   guint         max_chars);
void        lf_json_append_double (GString      *out,
                                   double        value);

G_END_DECLS
