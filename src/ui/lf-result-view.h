/* lf-result-view.h: the last run of an action, as the runtime recorded it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LF_TYPE_RESULT_VIEW (lf_result_view_get_type ())

G_DECLARE_FINAL_TYPE (LfResultView, lf_result_view, LF, RESULT_VIEW, GtkWidget)

GtkWidget  *lf_result_view_new       (void);
/* Shows @result, the runtime's record of @action ({"state", "status", "data", "error",
 * "request"}); NULL clears the view. */
void        lf_result_view_show      (LfResultView *self,
                                      const char   *action,
                                      JsonNode     *result);
const char *lf_result_view_get_action (LfResultView *self);
/* What a row shows, or NULL when the last run had none: "status", "function-error",
 * "version", "duration", "billed-duration", "max-memory", "init-duration", "request-id",
 * "error", "log", "request" (the request sent, pretty-printed JSON, shortened when very long). */
const char *lf_result_view_get_field (LfResultView *self,
                                      const char   *field);

G_END_DECLS
