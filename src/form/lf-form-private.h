/* lf-form-private.h: what LfForm, its file code and its checks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-action.h"
#include "lf-control.h"
#include "lf-form.h"

G_BEGIN_DECLS

/* Wraps an object the loader has validated; takes a reference to it. */
LfControl  *_lf_control_new_from_json  (JsonObject  *object);
/* @section is NULL for the object itself, or "properties" / "bindings". @value NULL removes
 * the member. Takes @value. */
void        _lf_control_set_member     (LfControl   *self,
                                        const char  *section,
                                        const char  *name,
                                        JsonNode    *value);
JsonNode   *_lf_control_dup_member     (LfControl   *self,
                                        const char  *section,
                                        const char  *name);

LfAction   *_lf_action_new_from_json   (JsonObject  *object);
void        _lf_action_set_member      (LfAction    *self,
                                        const char  *section,
                                        const char  *name,
                                        JsonNode    *value);
JsonNode   *_lf_action_dup_member      (LfAction    *self,
                                        const char  *section,
                                        const char  *name);

/* Checks one control or action object against the catalogue, without names of others;
 * @where is its JSON path ("$.controls[2]"). */
gboolean    _lf_form_validate_control  (JsonObject  *object,
                                        const char  *where,
                                        GError     **error);
gboolean    _lf_form_validate_action   (JsonObject  *object,
                                        const char  *where,
                                        GError     **error);
gboolean    _lf_form_validate_settings (JsonObject  *object,
                                        GError     **error);
/* A name a control or action may take: letters, digits and “_”, not starting with a digit. */
gboolean    _lf_form_is_valid_name     (const char  *name);

JsonObject *_lf_form_get_json          (LfForm      *self);
void        _lf_form_take_loaded       (LfForm      *self,
                                        JsonObject  *root,
                                        GPtrArray   *controls,
                                        GPtrArray   *actions);
/* A copy that shares nothing with @node (json_node_copy shares objects and arrays); NULL
 * gives NULL. */

G_END_DECLS
