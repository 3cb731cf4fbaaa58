/* lf-form-schema.h: the names, limits and rules of a form's parts
 *
 * Every load and every edit goes through these checks, so a form the editor changes is
 * always one the loader accepts. Errors start with the JSON path of what is wrong
 * ("$.actions[1].parameters.payload: …") followed by one sentence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Longest name a control or action may take. */
#define LF_FORM_NAME_MAX_LENGTH 64

/* The one identifier rule of the project: a letter or “_”, then letters, digits and “_”.
 * Control and action names follow it, and path members that follow it need no quotes. */
gboolean            lf_form_schema_is_identifier_start (char         c);
gboolean            lf_form_schema_is_identifier_char  (char         c);
gboolean            lf_form_schema_is_identifier       (const char  *text);
/* An identifier of at most LF_FORM_NAME_MAX_LENGTH characters. The error is one sentence
 * without a path. */
gboolean            lf_form_schema_check_name          (const char  *name,
                                                        GError     **error);

/* What templates may read of an action: "state", "status", "data", "error", "request". */
const char * const *lf_form_schema_get_action_members  (void);

/* One control or action object on its own, without the names of the others; @where is its
 * JSON path ("$.controls[2]"). */
gboolean            lf_form_schema_validate_control    (JsonObject  *object,
                                                        const char  *where,
                                                        GError     **error);
gboolean            lf_form_schema_validate_action     (JsonObject  *object,
                                                        const char  *where,
                                                        GError     **error);
/* The document's own members: format_version, title, account, region and the two lists. */
gboolean            lf_form_schema_validate_settings   (JsonObject  *root,
                                                        GError     **error);

/* "a string", "a list", … as errors name what was found. */
const char         *lf_form_schema_describe_type       (JsonNode    *node);
/* " (did you mean “x”?)" for the closest candidate, or "". */
char               *lf_form_schema_suggest             (const char          *word,
                                                        const char * const  *candidates);

G_END_DECLS
