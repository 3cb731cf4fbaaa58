/* lf-control.h: one control of a form, as the document describes it
 *
 * A control is a view of its JSON object in the file: "kind", "name", "properties",
 * "bindings" (property name -> template) and "beside_previous" (true: the control shares a
 * line with the one before it), plus whatever a newer version wrote, which is kept.
 * Controls are changed only through LfForm, so that every change can be undone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lf-control-kind.h"
#include "lf-template.h"

G_BEGIN_DECLS

#define LF_TYPE_CONTROL (lf_control_get_type ())

G_DECLARE_FINAL_TYPE (LfControl, lf_control, LF, CONTROL, GObject)

/* NULL when @kind_id is not in the catalogue. */
LfControl           *lf_control_new                  (const char  *kind_id,
                                                      const char  *name);
/* A copy of @object, checked as a form file's control would be; the error's path is "$". */
LfControl           *lf_control_new_from_json        (JsonObject  *object,
                                                      GError     **error);
const char          *lf_control_get_name             (LfControl   *self);
const LfControlKind *lf_control_get_kind             (LfControl   *self);
/* The property as written when it fits its type, else the catalogue's default; NULL for an
 * unknown name. */
JsonNode            *lf_control_get_property         (LfControl   *self,
                                                      const char  *name);
const char          *lf_control_get_string           (LfControl   *self,
                                                      const char  *name);
gboolean             lf_control_get_boolean          (LfControl   *self,
                                                      const char  *name);
const char          *lf_control_get_label            (LfControl   *self);
/* For people: "Function (Dropdown)"; @with_name adds the name, to tell twins apart. */
char                *lf_control_dup_title            (LfControl   *self,
                                                      gboolean     with_name);
/* The template bound to @property, or NULL. */
const char          *lf_control_get_binding          (LfControl   *self,
                                                      const char  *property);
/* The parsed binding; NULL when unbound or unreadable. */
LfTemplate          *lf_control_get_binding_template (LfControl   *self,
                                                      const char  *property);
/* Whether the control sits beside the one before it rather than below it. Layout, not a
 * property of the control's widget: it is never bound. Meaningless on the first control. */
gboolean             lf_control_get_beside_previous  (LfControl   *self);
/* The bound property names, in file order. */
char               **lf_control_list_bindings        (LfControl   *self);
/* Why @value cannot be sent as this control's (its "required" and "format" properties), as one
 * sentence that names the control; NULL when it can. */
char                *lf_control_check_value          (LfControl   *self,
                                                      JsonNode    *value);
/* The document node; read it, never change it. */
JsonObject          *lf_control_get_json             (LfControl   *self);

G_END_DECLS
