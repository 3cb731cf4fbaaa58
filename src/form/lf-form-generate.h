/* lf-form-generate.h: forms made from data: an event, or a JSON Schema
 *
 * From an event, every leaf becomes a control of its kind (a text field, a number, a switch),
 * labelled from its key in plain words and grouped under its object's name; arrays, empty
 * objects, nulls and objects nested deeper than LF_FORM_GENERATE_MAX_DEPTH become JSON text
 * areas. The Invoke action's payload template rebuilds the event from the controls exactly:
 * the same members in the same order with the same types. A button, a status and a view of
 * the answer are added and bound.
 *
 * From a JSON Schema (draft 7, or an OpenAPI 3 document whose components hold one, or a
 * DescribeSchema answer holding either; "$ref"s inside the document are followed), the same, with enums as drop-downs, defaults as values,
 * required members marked and formats as hints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-form.h"

G_BEGIN_DECLS

#define LF_FORM_GENERATE_MAX_DEPTH 3

typedef struct
{
  const char *function_name;   /* what the Invoke action calls */
  const char *account;         /* nullable: the form's account */
  const char *title;           /* nullable: "Test FUNCTION" */
} LfFormGenerateOptions;

LfForm *lf_form_generate_from_event  (const LfFormGenerateOptions  *options,
                                      JsonNode                     *event,
                                      GError                      **error);
/* @example (nullable) gives the controls' first values where it fits the schema. */
LfForm *lf_form_generate_from_schema (const LfFormGenerateOptions  *options,
                                      JsonNode                     *schema,
                                      JsonNode                     *example,
                                      GError                      **error);
/* The name of the payload's action in a generated form. */
#define LF_FORM_GENERATE_ACTION "invoke"

/* "orderId" gives "Order id", "sourceIPAddress" "Source IP address", "detail-type" "Detail
 * type". */
char   *lf_form_label_from_key       (const char                   *key);

G_END_DECLS
