/* lf-run-error.h: an action's failure in the words of the person who runs the form
 *
 * What went wrong is written for whoever built the form (a JSON path, a position, a
 * template); the person running it reads one sentence in their terms. The runtime's record
 * of a failure ({{ action.error }}) gives that sentence as "message" and the technical text as
 * "detail".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One sentence. A function's own failure reads as the console's Test tab does: "Execution
 * failed: <what the function said>". */
char     *lf_run_error_sentence (const GError *error);
/* The record {{ action.error }} shows and the run history keeps: "message" (the sentence),
 * "detail" (the technical text when it differs), "domain", "code", and for AWS's errors
 * "aws_code", "aws_message", "http_status", "request_id" and "may_have_run". */
JsonNode *lf_run_error_to_json  (const GError *error);

G_END_DECLS
