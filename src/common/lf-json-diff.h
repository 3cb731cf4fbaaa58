/* lf-json-diff.h: what changed between two JSON values, member by member
 *
 * Objects are compared by member name, whatever their order; arrays by position. Each
 * difference is one object of the result, in the order of the first value then the second:
 *
 *   { "path": "$.Functions[2].Timeout", "change": "changed", "before": 3, "after": 10 }
 *   { "path": "$.Tags.team", "change": "added", "after": "blue" }
 *   { "path": "$.Layers", "change": "removed", "before": [] }
 *
 * A member name that is not a plain identifier is quoted: $["two words"]. Numbers are equal
 * when their values are (1 and 1.0). Two equal values give an empty array.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonArray *lf_json_diff (JsonNode *before,
                         JsonNode *after);

G_END_DECLS
