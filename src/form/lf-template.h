/* lf-template.h: "{{ path | filter }}" templates over a JSON context
 *
 * A template is text with expressions. An expression is a path that starts with a control or
 * action name (`functionPicker.value`, `list1.data.Functions[*].FunctionName`) and is evaluated
 * with json-glib's JsonPath as `$.functionPicker.value` over the context the runtime builds; then
 * filters: `| json`, `| default: "x"`, `| length`. Paths with `*`, `..`, slices or lists of
 * indices give a list; others give the one value they name, or nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LF_TEMPLATE_ERROR (lf_template_error_quark ())

typedef enum
{
  LF_TEMPLATE_ERROR_SYNTAX,        /* the template cannot be read */
  LF_TEMPLATE_ERROR_TYPE,          /* a filter got a value it cannot take */
  LF_TEMPLATE_ERROR_INVALID_JSON,  /* a JSON payload does not parse once filled in */
} LfTemplateErrorCode;

/* Where an expression reads from: its first name and, when written as `.name` or `['name']`
 * right after it, the member (`value` of `functionPicker.value`). Lines and columns count
 * from 1, in characters. */
typedef struct
{
  const char *root;
  const char *member;   /* nullable */
  guint       line;
  guint       column;
} LfTemplateReference;

#define LF_TYPE_TEMPLATE (lf_template_get_type ())

G_DECLARE_FINAL_TYPE (LfTemplate, lf_template, LF, TEMPLATE, GObject)

GQuark                     lf_template_error_quark       (void);

LfTemplate                *lf_template_new               (const char   *text,
                                                          GError      **error);
/* No expression at all: the text is the value. */
gboolean                   lf_template_is_constant       (LfTemplate   *self);
guint                      lf_template_get_n_references  (LfTemplate   *self);
const LfTemplateReference *lf_template_get_reference     (LfTemplate   *self,
                                                          guint         index);
/* Whether any expression reads @root (and @member, or any member when NULL). */
gboolean                   lf_template_reads             (LfTemplate   *self,
                                                          const char   *root,
                                                          const char   *member);

/* @text with every expression that starts at @old_root starting at @new_root instead (a
 * rename); text that does not parse comes back unchanged. */
char                      *lf_template_rename_root       (const char   *text,
                                                          const char   *old_root,
                                                          const char   *new_root);

/* A binding's value: a template that is one expression gives that expression's JSON value
 * (null when it names nothing); anything else gives the rendered text as a string. */
JsonNode                  *lf_template_evaluate          (LfTemplate   *self,
                                                          JsonNode     *context,
                                                          GError      **error);
/* Plain text: strings as they are, nothing as "", other values as compact JSON. */
char                      *lf_template_render_text       (LfTemplate   *self,
                                                          JsonNode     *context,
                                                          GError      **error);
/* A JSON document: inside a string literal a value goes in JSON-escaped, elsewhere as its
 * JSON. A template that is only one expression whose value is a string takes that string as
 * the JSON text itself (a payload area). The result must parse; the error names the
 * expression that broke it. */
char                      *lf_template_render_json       (LfTemplate   *self,
                                                          JsonNode     *context,
                                                          GError      **error);
/* Whether the template is JSON whatever its expressions give (checked at load). */
gboolean                   lf_template_check_json        (LfTemplate   *self,
                                                          GError      **error);

/* The closest of @candidates to @word, or NULL when none is close enough to suggest. */
const char                *lf_template_suggest           (const char          *word,
                                                          const char * const  *candidates);

/* json_path_compile (), refusing first what json-glib 1.6 would never finish matching: a
 * slice with a step, "[a:b:step]". */
gboolean                   lf_json_path_compile          (JsonPath            *path,
                                                          const char          *expression,
                                                          GError             **error);
/* lf_json_path_compile () for a path into one item as a control names it: "FunctionName",
 * "Configuration.Runtime", "[0]" or "$" (NULL is "$" too). */
gboolean                   lf_json_path_compile_item     (JsonPath            *path,
                                                          const char          *item_path,
                                                          GError             **error);

G_END_DECLS
