/* lf-form-edit.c: the edits a form takes: each checked, then made a command
 *
 * An edit is refused, and the form left as it was, when the part would break the rules every
 * load follows (lf-form-schema.c), take a name already in use, or add a problem the form did
 * not have (a template naming what does not exist, a cycle). What passes becomes a command
 * that lf-form.c runs and can undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lf-form-command.h"
#include "lf-form-private.h"
#include "lf-form-schema.h"
#include "lf-json-util.h"
#include "lf-template.h"

static const char * const setting_names[] = { "title", "account", "region", NULL };

/* Whether two members, either missing (NULL), are the same. */
static gboolean
same_member (JsonNode *a,
             JsonNode *b)
{
  return (a == NULL && b == NULL) || (a != NULL && b != NULL && json_node_equal (a, b));
}

/* Parts ********************************************************************************/

static int
action_position (LfForm   *self,
                 LfAction *action)
{
  for (guint i = 0; i < lf_form_get_n_actions (self); i++)
    if (lf_form_get_action (self, i) == action)
      return i;
  return -1;
}

static JsonNode *
dup_part_member (gpointer    part,
                 const char *section,
                 const char *name)
{
  if (LF_IS_CONTROL (part))
    return _lf_control_dup_member (part, section, name);
  return _lf_action_dup_member (part, section, name);
}

/* Sets a copy of @value (NULL removes the member) without a command or a signal. */
static void
set_part_member (gpointer    part,
                 const char *section,
                 const char *name,
                 JsonNode   *value)
{
  JsonNode *copy = value ? lf_json_deep_copy (value) : NULL;

  if (LF_IS_CONTROL (part))
    _lf_control_set_member (part, section, name, copy);
  else
    _lf_action_set_member (part, section, name, copy);
}

/* Makes setting a control's or an action's member (to a copy of @value, or removing it) a
 * command, and runs it. */
static void
execute_set_member (LfForm     *self,
                    gpointer    part,
                    const char *label,
                    const char *section,
                    const char *name,
                    JsonNode   *value)
{
  Command *cmd = _lf_form_command_new (LF_IS_CONTROL (part) ? CMD_SET_CONTROL : CMD_SET_ACTION,
                                       label, part);

  cmd->section = g_strdup (section);
  cmd->name = g_strdup (name);
  cmd->old_value = dup_part_member (part, section, name);
  cmd->new_value = value ? lf_json_deep_copy (value) : NULL;
  _lf_form_execute (self, cmd);
}

/* The problems that are in @after and not in @before, as one error; FALSE when there are. */
static gboolean
no_new_problems (GPtrArray  *before,
                 GPtrArray  *after,
                 GError    **error)
{
  for (guint i = 0; i < after->len; i++)
    {
      GError *problem = g_ptr_array_index (after, i);
      gboolean known = FALSE;

      for (guint j = 0; j < before->len && !known; j++)
        known = g_str_equal (problem->message, ((GError *) g_ptr_array_index (before, j))->message);
      if (!known)
        {
          g_propagate_error (error, g_error_copy (problem));
          return FALSE;
        }
    }
  return TRUE;
}

/* Tries @new_value in @part's member and takes it back: FALSE, with the first new problem,
 * when the change would name what does not exist or close a cycle. */
static gboolean
check_change (LfForm      *self,
              gpointer     part,
              const char  *section,
              const char  *name,
              JsonNode    *old_value,
              JsonNode    *new_value,
              GError     **error)
{
  g_autoptr(GPtrArray) before = lf_form_list_problems (self);
  g_autoptr(GPtrArray) after = NULL;

  set_part_member (part, section, name, new_value);
  after = lf_form_list_problems (self);
  set_part_member (part, section, name, old_value);
  return no_new_problems (before, after, error);
}

/* Names ********************************************************************************/

static gboolean
name_is_taken (LfForm     *self,
               const char *name,
               gpointer    except)
{
  LfControl *control = lf_form_find_control (self, name);
  LfAction *action = lf_form_find_action (self, name);

  return (control != NULL && control != except) || (action != NULL && action != except);
}

static gboolean
check_new_name (LfForm      *self,
                const char  *name,
                gpointer     except,
                GError     **error)
{
  if (!lf_form_schema_check_name (name, error))
    return FALSE;
  if (name_is_taken (self, name, except))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("A control or action is already named “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

char *
_lf_form_name_stem (const char *base)
{
  GString *stem = g_string_new (NULL);
  gboolean upper = FALSE;

  /* "text-field" -> "textField": names are read in templates, where dashes cannot go. */
  for (const char *p = base ? base : ""; *p; p++)
    {
      if (!lf_form_schema_is_identifier_char (*p))
        upper = stem->len > 0;
      else
        {
          g_string_append_c (stem, upper ? g_ascii_toupper (*p) : *p);
          upper = FALSE;
        }
    }
  if (stem->len == 0 || !g_ascii_isalpha (stem->str[0]))
    g_string_prepend (stem, "item");
  /* Room for a number, so that a numbered name stays within the limit. */
  if (stem->len > LF_FORM_NAME_MAX_LENGTH - 10)
    g_string_truncate (stem, LF_FORM_NAME_MAX_LENGTH - 10);
  return g_string_free (stem, FALSE);
}

char *
lf_form_make_unique_name (LfForm     *self,
                          const char *base)
{
  g_autofree char *stem = NULL;

  g_return_val_if_fail (LF_IS_FORM (self), NULL);

  stem = _lf_form_name_stem (base);
  for (guint n = 1;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", stem, n);

      if (!name_is_taken (self, name, NULL))
        return g_steal_pointer (&name);
    }
}

/* Settings *****************************************************************************/

gboolean
lf_form_set_setting (LfForm      *self,
                     const char  *name,
                     const char  *value,
                     GError     **error)
{
  Command *cmd;

  g_return_val_if_fail (LF_IS_FORM (self), FALSE);

  if (name == NULL || !g_strv_contains (setting_names, name))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("“%s” is not a form setting: the settings are title, account and region"),
                   name ? name : "");
      return FALSE;
    }
  if (g_strcmp0 (lf_form_get_setting (self, name), value) == 0)
    return TRUE;

  cmd = _lf_form_command_new (CMD_SET_SETTING, _("Change form settings"), NULL);
  cmd->name = g_strdup (name);
  cmd->old_value = lf_json_deep_copy (json_object_get_member (_lf_form_get_json (self), name));
  cmd->new_value = value ? json_node_init_string (json_node_alloc (), value) : NULL;
  _lf_form_execute (self, cmd);
  return TRUE;
}

/* Controls *****************************************************************************/

gboolean
lf_form_insert_control (LfForm     *self,
                        LfControl  *control,
                        int         position,
                        GError    **error)
{
  g_autofree char *label = NULL;
  Command *cmd;

  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  g_return_val_if_fail (LF_IS_CONTROL (control), FALSE);
  g_return_val_if_fail (lf_form_get_control_position (self, control) < 0, FALSE);

  if (!check_new_name (self, lf_control_get_name (control), NULL, error))
    return FALSE;
  if (!lf_form_schema_validate_control (lf_control_get_json (control), "$", error))
    return FALSE;

  if (position < 0 || (guint) position > lf_form_get_n_controls (self))
    position = lf_form_get_n_controls (self);
  label = g_strdup_printf (_("Add %s"), _(lf_control_get_kind (control)->display_name));
  cmd = _lf_form_command_new (CMD_INSERT_CONTROL, label, control);
  cmd->from = position;
  _lf_form_execute (self, cmd);
  return TRUE;
}

LfControl *
lf_form_add_control (LfForm      *self,
                     const char  *kind_id,
                     int          position,
                     GError     **error)
{
  g_autoptr(LfControl) control = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (LF_IS_FORM (self), NULL);

  if (lf_control_kind_lookup (kind_id) == NULL)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID, _("“%s” is not a control kind"),
                   kind_id ? kind_id : "");
      return NULL;
    }
  name = lf_form_make_unique_name (self, kind_id);
  control = lf_control_new (kind_id, name);
  if (!lf_form_insert_control (self, control, position, error))
    return NULL;
  return control;   /* the form holds it */
}

void
lf_form_remove_control (LfForm    *self,
                        LfControl *control)
{
  int position;
  Command *cmd;

  g_return_if_fail (LF_IS_FORM (self));

  position = lf_form_get_control_position (self, control);
  g_return_if_fail (position >= 0);

  cmd = _lf_form_command_new (CMD_REMOVE_CONTROL, _("Remove control"), control);
  cmd->from = position;
  _lf_form_execute (self, cmd);
}

void
lf_form_move_control (LfForm    *self,
                      LfControl *control,
                      guint      position)
{
  int from;
  Command *cmd;

  g_return_if_fail (LF_IS_FORM (self));

  from = lf_form_get_control_position (self, control);
  g_return_if_fail (from >= 0);
  position = MIN (position, lf_form_get_n_controls (self) - 1);
  if ((guint) from == position)
    return;

  cmd = _lf_form_command_new (CMD_MOVE_CONTROL, _("Move control"), control);
  cmd->from = from;
  cmd->to = position;
  _lf_form_execute (self, cmd);
}

/* Renames @part and every place that names it, as one step to undo. */
static gboolean
rename_part (LfForm      *self,
             gpointer     part,
             const char  *name,
             const char  *label,
             GError     **error)
{
  g_autofree char *old_name = g_strdup (LF_IS_CONTROL (part) ? lf_control_get_name (part)
                                                             : lf_action_get_name (part));
  g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), name);
  gboolean ok;

  lf_form_begin_group (self, label);
  execute_set_member (self, part, label, NULL, "name", value);
  ok = _lf_form_rewrite_references (self, old_name, name, error);
  lf_form_end_group (self);
  /* Every rewrite only mends what the rename broke, so none is refused; were one refused,
   * the whole step goes back. */
  if (!ok)
    lf_form_undo (self);
  return ok;
}

gboolean
lf_form_rename_control (LfForm      *self,
                        LfControl   *control,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(JsonNode) value = NULL;

  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  g_return_val_if_fail (lf_form_get_control_position (self, control) >= 0, FALSE);

  if (g_strcmp0 (lf_control_get_name (control), name) == 0)
    return TRUE;
  if (!check_new_name (self, name, control, error))
    return FALSE;

  return rename_part (self, control, name, _("Rename control"), error);
}

void
lf_form_set_control_beside_previous (LfForm    *self,
                                     LfControl *control,
                                     gboolean   beside)
{
  g_autoptr(JsonNode) value = NULL;

  g_return_if_fail (LF_IS_FORM (self));
  g_return_if_fail (lf_form_get_control_position (self, control) >= 0);

  if (lf_control_get_beside_previous (control) == !!beside)
    return;
  /* false is the default, so it is left out of the file rather than written. */
  if (beside)
    value = json_node_init_boolean (json_node_alloc (), TRUE);
  execute_set_member (self, control,
                      beside ? _("Place control beside the previous one")
                             : _("Place control on its own line"),
                      NULL, "beside_previous", value);
}

static gboolean
find_property_spec (LfControl             *control,
                    const char            *name,
                    const LfPropertySpec **out,
                    GError               **error)
{
  const LfControlKind *kind = lf_control_get_kind (control);
  const LfPropertySpec *spec = lf_control_kind_find_property (kind, name);

  if (spec == NULL)
    {
      g_autofree const char **names = lf_control_kind_list_properties (kind);
      g_autofree char *hint = lf_form_schema_suggest (name, names);

      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("A %s has no property “%s”%s"), _(kind->display_name), name ? name : "",
                   hint);
      return FALSE;
    }
  *out = spec;
  return TRUE;
}

gboolean
lf_form_set_control_property (LfForm      *self,
                              LfControl   *control,
                              const char  *name,
                              JsonNode    *value,
                              GError     **error)
{
  const LfPropertySpec *spec;
  g_autofree char *message = NULL;
  g_autoptr(JsonNode) current = NULL;

  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  g_return_val_if_fail (lf_form_get_control_position (self, control) >= 0, FALSE);

  if (!find_property_spec (control, name, &spec, error))
    return FALSE;
  if (value != NULL && !lf_property_spec_check (spec, value, &message))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID, "“%s” %s", name, message);
      return FALSE;
    }
  current = _lf_control_dup_member (control, "properties", name);
  if (same_member (current, value))
    return TRUE;

  execute_set_member (self, control, _("Change property"), "properties", name, value);
  return TRUE;
}

gboolean
lf_form_set_control_binding (LfForm      *self,
                             LfControl   *control,
                             const char  *property,
                             const char  *template,
                             GError     **error)
{
  const LfPropertySpec *spec;
  g_autoptr(JsonNode) old_value = NULL;
  g_autoptr(JsonNode) new_value = NULL;
  g_autoptr(LfTemplate) parsed = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  g_return_val_if_fail (lf_form_get_control_position (self, control) >= 0, FALSE);

  if (!find_property_spec (control, property, &spec, error))
    return FALSE;
  if (!spec->bindable)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("“%s” of a %s cannot be bound to a template"), property,
                   _(lf_control_get_kind (control)->display_name));
      return FALSE;
    }
  if (template != NULL && (parsed = lf_template_new (template, &local_error)) == NULL)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID, _("bindings.%s: %s"), property,
                   local_error->message);
      return FALSE;
    }

  old_value = _lf_control_dup_member (control, "bindings", property);
  new_value = template ? json_node_init_string (json_node_alloc (), template) : NULL;
  if (same_member (old_value, new_value))
    return TRUE;
  if (!check_change (self, control, "bindings", property, old_value, new_value, error))
    return FALSE;

  execute_set_member (self, control, template ? _("Bind property") : _("Unbind property"),
                      "bindings", property, new_value);
  return TRUE;
}

/* Actions ******************************************************************************/

gboolean
lf_form_insert_action (LfForm     *self,
                       LfAction   *action,
                       int         position,
                       GError    **error)
{
  Command *cmd;

  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  g_return_val_if_fail (LF_IS_ACTION (action), FALSE);
  g_return_val_if_fail (action_position (self, action) < 0, FALSE);

  if (!check_new_name (self, lf_action_get_name (action), NULL, error))
    return FALSE;
  if (!lf_form_schema_validate_action (lf_action_get_json (action), "$", error))
    return FALSE;

  if (position < 0 || (guint) position > lf_form_get_n_actions (self))
    position = lf_form_get_n_actions (self);
  cmd = _lf_form_command_new (CMD_INSERT_ACTION, _("Add action"), action);
  cmd->from = position;
  _lf_form_execute (self, cmd);
  return TRUE;
}

void
lf_form_remove_action (LfForm   *self,
                       LfAction *action)
{
  int position;
  Command *cmd;

  g_return_if_fail (LF_IS_FORM (self));

  position = action_position (self, action);
  g_return_if_fail (position >= 0);

  cmd = _lf_form_command_new (CMD_REMOVE_ACTION, _("Remove action"), action);
  cmd->from = position;
  _lf_form_execute (self, cmd);
}

/* A new name must be a string and free to take. */
static gboolean
check_action_rename (LfForm      *self,
                     LfAction    *action,
                     JsonNode    *value,
                     GError     **error)
{
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_STRING)
    {
      g_set_error_literal (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                           _("An action's name must be a string"));
      return FALSE;
    }
  return check_new_name (self, json_node_get_string (value), action, error);
}

/* Validates the action as it would be after the change, on a copy. */
static gboolean
check_changed_action (LfAction    *action,
                      const char  *section,
                      const char  *name,
                      JsonNode    *value,
                      GError     **error)
{
  g_autoptr(JsonNode) shallow = json_node_init_object (json_node_alloc (),
                                                       lf_action_get_json (action));
  g_autoptr(JsonNode) trial = lf_json_deep_copy (shallow);
  JsonObject *target = json_node_get_object (trial);

  if (section != NULL)
    {
      JsonNode *inner = json_object_get_member (target, section);

      if (inner == NULL || !JSON_NODE_HOLDS_OBJECT (inner))
        {
          json_object_set_object_member (target, section, json_object_new ());
          inner = json_object_get_member (target, section);
        }
      target = json_node_get_object (inner);
    }
  if (value != NULL)
    json_object_set_member (target, name, lf_json_deep_copy (value));
  else if (json_object_has_member (target, name))
    json_object_remove_member (target, name);
  return lf_form_schema_validate_action (json_node_get_object (trial), "$", error);
}

gboolean
lf_form_set_action_member (LfForm      *self,
                           LfAction    *action,
                           const char  *section,
                           const char  *name,
                           JsonNode    *value,
                           GError     **error)
{
  g_autoptr(JsonNode) old_value = NULL;

  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  g_return_val_if_fail (action_position (self, action) >= 0, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (section == NULL && g_str_equal (name, "name"))
    {
      if (!check_action_rename (self, action, value, error))
        return FALSE;
      if (g_str_equal (json_node_get_string (value), lf_action_get_name (action)))
        return TRUE;
      return rename_part (self, action, json_node_get_string (value), _("Rename action"), error);
    }
  if (!check_changed_action (action, section, name, value, error))
    return FALSE;
  old_value = _lf_action_dup_member (action, section, name);
  if (!check_change (self, action, section, name, old_value, value, error))
    return FALSE;

  execute_set_member (self, action, _("Change action"), section, name, value);
  return TRUE;
}
