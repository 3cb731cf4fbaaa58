/* lf-action.h: what a form does: one Lambda operation, its parameters and what follows
 *
 * An action is a view of its JSON object: "name", "operation", "account" (a name, never a
 * secret), "parameters" (templates), "trigger" {"on": "click"|"load"|"change", "control"},
 * "on_success" {"run": action, "set": {control: template}}, "on_failure" {"show_error_in":
 * control}, and whatever a newer version wrote. Changed only through LfForm.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lf-template.h"

G_BEGIN_DECLS

typedef enum
{
  LF_OPERATION_LIST_FUNCTIONS,
  LF_OPERATION_GET_FUNCTION,
  LF_OPERATION_INVOKE,
  LF_OPERATION_DELETE_FUNCTION,
} LfOperation;

typedef enum
{
  LF_TRIGGER_NONE,      /* run by another action, or by name */
  LF_TRIGGER_CLICK,     /* a button's click */
  LF_TRIGGER_LOAD,      /* the form's load */
  LF_TRIGGER_CHANGE,    /* a control's change */
} LfTrigger;

const char         *lf_operation_to_string       (LfOperation   operation);
gboolean            lf_operation_from_string     (const char   *text,
                                                  LfOperation  *operation);
/* The parameters @operation takes, NULL-terminated; "payload" is rendered as JSON. */
const char * const *lf_operation_get_parameters  (LfOperation   operation);
gboolean            lf_operation_requires        (LfOperation   operation,
                                                  const char   *parameter);
const char         *lf_trigger_to_string         (LfTrigger     trigger);
gboolean            lf_trigger_from_string       (const char   *text,
                                                  LfTrigger    *trigger);

#define LF_TYPE_ACTION (lf_action_get_type ())

G_DECLARE_FINAL_TYPE (LfAction, lf_action, LF, ACTION, GObject)

LfAction    *lf_action_new                       (const char   *name,
                                                  LfOperation   operation);
/* A copy of @object, checked as a form file's action would be; the error's path is "$". */
LfAction    *lf_action_new_from_json             (JsonObject   *object,
                                                  GError      **error);
const char  *lf_action_get_name                  (LfAction     *self);
/* The account's name, or NULL for the form's. */
const char  *lf_action_get_account               (LfAction     *self);
LfOperation  lf_action_get_operation             (LfAction     *self);
/* Deleting asks for confirmation in the UI. */
gboolean     lf_action_is_destructive            (LfAction     *self);
const char  *lf_action_get_parameter             (LfAction     *self,
                                                  const char   *name);
LfTemplate  *lf_action_get_parameter_template    (LfAction     *self,
                                                  const char   *name);
LfTrigger    lf_action_get_trigger               (LfAction     *self);
const char  *lf_action_get_trigger_control       (LfAction     *self);
const char  *lf_action_get_success_action        (LfAction     *self);
/* The controls set on success, in file order. */
char       **lf_action_list_success_sets         (LfAction     *self);
LfTemplate  *lf_action_get_success_set_template  (LfAction     *self,
                                                  const char   *control);
const char  *lf_action_get_error_control         (LfAction     *self);
JsonObject  *lf_action_get_json                  (LfAction     *self);

G_END_DECLS
