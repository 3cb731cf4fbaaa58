/* lf-form-references.c: where a form's parts name each other, and renaming them everywhere
 *
 * A part is named by templates (bindings, parameters, what a success sets) and by plain
 * members (the control a trigger listens to, the action a success runs, the controls it sets
 * and the one that shows a failure). Deleting a part asks first when something names it;
 * renaming one rewrites every place that does, in the same undo step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lf-form-private.h"
#include "lf-json-util.h"

static gboolean
template_reads (LfTemplate *template,
                const char *name)
{
  return template != NULL && lf_template_reads (template, name, NULL);
}

static gboolean
control_names (LfControl  *control,
               const char *name)
{
  g_auto(GStrv) bound = lf_control_list_bindings (control);

  for (guint i = 0; bound[i]; i++)
    if (template_reads (lf_control_get_binding_template (control, bound[i]), name))
      return TRUE;
  return FALSE;
}

static gboolean
action_names (LfAction   *action,
              const char *name)
{
  const char * const *parameters = lf_operation_get_parameters (lf_action_get_operation (action));
  g_auto(GStrv) sets = lf_action_list_success_sets (action);

  for (guint i = 0; parameters[i]; i++)
    if (template_reads (lf_action_get_parameter_template (action, parameters[i]), name))
      return TRUE;
  for (guint i = 0; sets[i]; i++)
    if (g_str_equal (sets[i], name) ||
        template_reads (lf_action_get_success_set_template (action, sets[i]), name))
      return TRUE;
  return g_strcmp0 (lf_action_get_trigger_control (action), name) == 0 ||
         g_strcmp0 (lf_action_get_success_action (action), name) == 0 ||
         g_strcmp0 (lf_action_get_error_control (action), name) == 0;
}

GPtrArray *
lf_form_list_readers (LfForm     *self,
                      const char *name)
{
  GPtrArray *readers = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (LF_IS_FORM (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < lf_form_get_n_controls (self); i++)
    {
      LfControl *control = lf_form_get_control (self, i);

      if (!g_str_equal (lf_control_get_name (control), name) && control_names (control, name))
        g_ptr_array_add (readers, g_strdup (lf_control_get_name (control)));
    }
  for (guint i = 0; i < lf_form_get_n_actions (self); i++)
    {
      LfAction *action = lf_form_get_action (self, i);

      if (!g_str_equal (lf_action_get_name (action), name) && action_names (action, name))
        g_ptr_array_add (readers, g_strdup (lf_action_get_name (action)));
    }
  return readers;
}

/* Rewriting *****************************************************************************/

static JsonNode *
string_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

/* @node's string with @old renamed: a template, or (@whole) the name itself. */
static char *
renamed_string (JsonNode   *node,
                const char *old_name,
                const char *new_name,
                gboolean    whole)
{
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = json_node_get_string (node);
  if (whole)
    return g_strdup (g_str_equal (text, old_name) ? new_name : text);
  return lf_template_rename_root (text, old_name, new_name);
}

static gboolean
rewrite_control (LfForm      *self,
                 LfControl   *control,
                 const char  *old_name,
                 const char  *new_name,
                 GError     **error)
{
  g_auto(GStrv) bound = lf_control_list_bindings (control);

  for (guint i = 0; bound[i]; i++)
    {
      const char *text = lf_control_get_binding (control, bound[i]);
      g_autofree char *renamed = lf_template_rename_root (text, old_name, new_name);

      if (!g_str_equal (text, renamed) &&
          !lf_form_set_control_binding (self, control, bound[i], renamed, error))
        return FALSE;
    }
  return TRUE;
}

/* A copy of the object member @member of @action with every naming of @old_name renamed:
 * @names are members holding a name, @templates members holding templates, and @keyed a
 * member whose keys are names and whose values are templates. NULL when unchanged. */
static JsonNode *
renamed_object (LfAction           *action,
                const char         *member,
                const char * const *names,
                const char         *keyed,
                const char         *old_name,
                const char         *new_name)
{
  JsonNode *original = json_object_get_member (lf_action_get_json (action), member);
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonObject *object;
  JsonObject *map;

  if (original == NULL || !JSON_NODE_HOLDS_OBJECT (original))
    return NULL;
  copy = lf_json_deep_copy (original);
  object = json_node_get_object (copy);
  for (guint i = 0; names && names[i]; i++)
    {
      g_autofree char *text = renamed_string (json_object_get_member (object, names[i]),
                                              old_name, new_name, TRUE);

      if (text != NULL)
        json_object_set_member (object, names[i], string_node (text));
    }
  map = keyed && json_object_has_member (object, keyed) &&
        JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, keyed))
        ? json_object_get_object_member (object, keyed) : NULL;
  if (map != NULL)
    {
      g_autoptr(JsonObject) renamed = json_object_new ();
      g_autoptr(GList) keys = json_object_get_members (map);

      for (GList *l = keys; l; l = l->next)
        {
          JsonNode *value = json_object_get_member (map, l->data);
          g_autofree char *text = renamed_string (value, old_name, new_name, FALSE);

          json_object_set_member (renamed, g_str_equal (l->data, old_name) ? new_name : l->data,
                                  text ? string_node (text) : json_node_copy (value));
        }
      json_object_set_object_member (object, keyed, json_object_ref (renamed));
    }
  before = lf_json_to_text (original, 0);
  after = lf_json_to_text (copy, 0);
  return g_str_equal (before, after) ? NULL : g_steal_pointer (&copy);
}

static gboolean
rewrite_action (LfForm      *self,
                LfAction    *action,
                const char  *old_name,
                const char  *new_name,
                GError     **error)
{
  static const char * const trigger_names[] = { "control", NULL };
  static const char * const success_names[] = { "run", NULL };
  static const char * const failure_names[] = { "show_error_in", NULL };
  const char * const *parameters = lf_operation_get_parameters (lf_action_get_operation (action));
  const struct
  {
    const char         *member;
    const char * const *names;
    const char         *keyed;
  } objects[] = {
    { "trigger", trigger_names, NULL },
    { "on_success", success_names, "set" },
    { "on_failure", failure_names, NULL },
  };

  for (guint i = 0; parameters[i]; i++)
    {
      const char *text = lf_action_get_parameter (action, parameters[i]);
      g_autofree char *renamed = text ? lf_template_rename_root (text, old_name, new_name) : NULL;
      g_autoptr(JsonNode) value = NULL;

      if (renamed == NULL || g_str_equal (text, renamed))
        continue;
      value = string_node (renamed);
      if (!lf_form_set_action_member (self, action, "parameters", parameters[i], value, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autoptr(JsonNode) value = renamed_object (action, objects[i].member, objects[i].names,
                                                  objects[i].keyed, old_name, new_name);

      if (value != NULL &&
          !lf_form_set_action_member (self, action, NULL, objects[i].member, value, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_lf_form_rewrite_references (LfForm      *self,
                             const char  *old_name,
                             const char  *new_name,
                             GError     **error)
{
  for (guint i = 0; i < lf_form_get_n_controls (self); i++)
    if (!rewrite_control (self, lf_form_get_control (self, i), old_name, new_name, error))
      return FALSE;
  for (guint i = 0; i < lf_form_get_n_actions (self); i++)
    if (!rewrite_action (self, lf_form_get_action (self, i), old_name, new_name, error))
      return FALSE;
  return TRUE;
}
