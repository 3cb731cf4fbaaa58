/* lf-form-private.h: what LfForm, its file code and its checks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-action.h"
#include "lf-control.h"
#include "lf-form.h"

G_BEGIN_DECLS

/* Wraps an object that has been validated; takes a reference to it. */
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

/* Replaces @path with @data atomically and durably (a temporary file beside it, flushed,
 * renamed over it, the folder flushed), keeping the mode of the file it replaces. Touches
 * no form, so it may run on any thread. */
gboolean    _lf_form_write_data        (const char  *path,
                                        const char  *data,
                                        gsize        length,
                                        GError     **error);

/* Rewrites every naming of @old_name to @new_name, through the form's own edits. */
gboolean    _lf_form_rewrite_references (LfForm     *self,
                                         const char *old_name,
                                         const char *new_name,
                                         GError    **error);

JsonObject *_lf_form_get_json          (LfForm      *self);
void        _lf_form_take_loaded       (LfForm      *self,
                                        JsonObject  *root,
                                        GPtrArray   *controls,
                                        GPtrArray   *actions);

/* @base as a name's stem: camelCase, a letter first, short enough to take a number
 * ("text-field" gives "textField"). */
char       *_lf_form_name_stem               (const char   *base);

G_END_DECLS
