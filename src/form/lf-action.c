/* lf-action.c: an action as a view of its JSON object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <string.h>

#include "lf-form-private.h"
#include "lf-form-schema.h"
#include "lf-json-util.h"

struct _LfAction
{
  GObject     parent_instance;

  JsonObject *object;
  GHashTable *templates;   /* "parameters/NAME" or "set/CONTROL" -> LfTemplate */
};

G_DEFINE_TYPE (LfAction, lf_action, G_TYPE_OBJECT)

static const char * const operation_names[] = {
  "ListFunctions", "GetFunction", "Invoke", "DeleteFunction", NULL
};

static const char * const list_parameters[] = { "max_items", NULL };
static const char * const function_parameters[] = { "function_name", "qualifier", NULL };
static const char * const invoke_parameters[] = {
  "function_name", "qualifier", "invocation_type", "log_type", "stream", "payload",
  "client_context", NULL
};

static const char * const trigger_names[] = { "none", "click", "load", "change", NULL };

const char *
lf_operation_to_string (LfOperation operation)
{
  g_return_val_if_fail (operation <= LF_OPERATION_DELETE_FUNCTION, NULL);
  return operation_names[operation];
}

gboolean
lf_operation_from_string (const char  *text,
                          LfOperation *operation)
{
  for (guint i = 0; text != NULL && operation_names[i]; i++)
    if (strcmp (operation_names[i], text) == 0)
      {
        *operation = i;
        return TRUE;
      }
  return FALSE;
}

const char * const *
lf_operation_get_parameters (LfOperation operation)
{
  switch (operation)
    {
    case LF_OPERATION_LIST_FUNCTIONS:
      return list_parameters;
    case LF_OPERATION_INVOKE:
      return invoke_parameters;
    case LF_OPERATION_GET_FUNCTION:
    case LF_OPERATION_DELETE_FUNCTION:
    default:
      return function_parameters;
    }
}

gboolean
lf_operation_requires (LfOperation  operation,
                       const char  *parameter)
{
  return operation != LF_OPERATION_LIST_FUNCTIONS && g_strcmp0 (parameter, "function_name") == 0;
}

const char *
lf_trigger_to_string (LfTrigger trigger)
{
  g_return_val_if_fail (trigger <= LF_TRIGGER_CHANGE, NULL);
  return trigger_names[trigger];
}

gboolean
lf_trigger_from_string (const char *text,
                        LfTrigger  *trigger)
{
  for (guint i = 0; text != NULL && trigger_names[i]; i++)
    if (strcmp (trigger_names[i], text) == 0)
      {
        *trigger = i;
        return TRUE;
      }
  return FALSE;
}

static void
lf_action_finalize (GObject *object)
{
  LfAction *self = (LfAction *) object;

  g_clear_pointer (&self->object, json_object_unref);
  g_clear_pointer (&self->templates, g_hash_table_unref);

  G_OBJECT_CLASS (lf_action_parent_class)->finalize (object);
}

static void
lf_action_class_init (LfActionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_action_finalize;
}

static void
lf_action_init (LfAction *self)
{
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

LfAction *
_lf_action_new_from_json (JsonObject *object)
{
  LfAction *self = g_object_new (LF_TYPE_ACTION, NULL);

  self->object = json_object_ref (object);
  return self;
}

LfAction *
lf_action_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(JsonNode) wrapper = NULL;
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!lf_form_schema_validate_action (object, "$", error))
    return NULL;
  /* A copy, so the caller's object can never change the document behind its back. */
  wrapper = json_node_init_object (json_node_alloc (), object);
  copy = lf_json_deep_copy (wrapper);
  return _lf_action_new_from_json (json_node_get_object (copy));
}

LfAction *
lf_action_new (const char  *name,
               LfOperation  operation)
{
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_val_if_fail (name != NULL, NULL);

  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "operation", lf_operation_to_string (operation));
  json_object_set_object_member (object, "parameters", json_object_new ());
  return _lf_action_new_from_json (object);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

void
_lf_action_set_member (LfAction   *self,
                       const char *section,
                       const char *name,
                       JsonNode   *value)
{
  JsonObject *target = self->object;

  if (section != NULL)
    {
      target = lf_json_object_get_object_member_or_null (self->object, section);
      if (target == NULL)
        {
          json_object_set_object_member (self->object, section, json_object_new ());
          target = lf_json_object_get_object_member_or_null (self->object, section);
        }
    }
  if (value != NULL)
    json_object_set_member (target, name, value);
  else if (json_object_has_member (target, name))
    json_object_remove_member (target, name);
  g_hash_table_remove_all (self->templates);
}

JsonNode *
_lf_action_dup_member (LfAction   *self,
                       const char *section,
                       const char *name)
{
  JsonObject *target = section ? lf_json_object_get_object_member_or_null (self->object, section)
                               : self->object;

  return target ? lf_json_deep_copy (json_object_get_member (target, name)) : NULL;
}

const char *
lf_action_get_name (LfAction *self)
{
  g_return_val_if_fail (LF_IS_ACTION (self), NULL);
  return member_string (self->object, "name");
}

const char *
lf_action_get_account (LfAction *self)
{
  g_return_val_if_fail (LF_IS_ACTION (self), NULL);
  return member_string (self->object, "account");
}

LfOperation
lf_action_get_operation (LfAction *self)
{
  LfOperation operation = LF_OPERATION_LIST_FUNCTIONS;

  g_return_val_if_fail (LF_IS_ACTION (self), operation);
  lf_operation_from_string (member_string (self->object, "operation"), &operation);
  return operation;
}

gboolean
lf_action_is_destructive (LfAction *self)
{
  return lf_action_get_operation (self) == LF_OPERATION_DELETE_FUNCTION;
}

const char *
lf_action_get_parameter (LfAction   *self,
                         const char *name)
{
  g_return_val_if_fail (LF_IS_ACTION (self), NULL);
  return member_string (lf_json_object_get_object_member_or_null (self->object, "parameters"),
                        name);
}

static LfTemplate *
cached_template (LfAction   *self,
                 const char *prefix,
                 const char *name,
                 const char *text)
{
  g_autofree char *key = g_strconcat (prefix, "/", name, NULL);
  LfTemplate *template = g_hash_table_lookup (self->templates, key);

  if (template == NULL && text != NULL && (template = lf_template_new (text, NULL)) != NULL)
    g_hash_table_insert (self->templates, g_steal_pointer (&key), template);
  return template;
}

LfTemplate *
lf_action_get_parameter_template (LfAction   *self,
                                  const char *name)
{
  g_return_val_if_fail (LF_IS_ACTION (self), NULL);
  return cached_template (self, "parameters", name, lf_action_get_parameter (self, name));
}

LfTrigger
lf_action_get_trigger (LfAction *self)
{
  LfTrigger trigger = LF_TRIGGER_NONE;

  g_return_val_if_fail (LF_IS_ACTION (self), trigger);
  lf_trigger_from_string (
    member_string (lf_json_object_get_object_member_or_null (self->object, "trigger"), "on"), &trigger);
  return trigger;
}

const char *
lf_action_get_trigger_control (LfAction *self)
{
  g_return_val_if_fail (LF_IS_ACTION (self), NULL);
  return member_string (lf_json_object_get_object_member_or_null (self->object, "trigger"),
                        "control");
}

const char *
lf_action_get_success_action (LfAction *self)
{
  g_return_val_if_fail (LF_IS_ACTION (self), NULL);
  return member_string (lf_json_object_get_object_member_or_null (self->object, "on_success"),
                        "run");
}

static JsonObject *
success_sets (LfAction *self)
{
  JsonObject *on_success = lf_json_object_get_object_member_or_null (self->object, "on_success");

  return on_success ? lf_json_object_get_object_member_or_null (on_success, "set") : NULL;
}

char **
lf_action_list_success_sets (LfAction *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *sets;

  g_return_val_if_fail (LF_IS_ACTION (self), NULL);

  if ((sets = success_sets (self)) != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (sets);

      for (GList *l = members; l; l = l->next)
        g_strv_builder_add (builder, l->data);
    }
  return g_strv_builder_end (builder);
}

LfTemplate *
lf_action_get_success_set_template (LfAction   *self,
                                    const char *control)
{
  g_return_val_if_fail (LF_IS_ACTION (self), NULL);
  return cached_template (self, "set", control, member_string (success_sets (self), control));
}

const char *
lf_action_get_error_control (LfAction *self)
{
  g_return_val_if_fail (LF_IS_ACTION (self), NULL);
  return member_string (lf_json_object_get_object_member_or_null (self->object, "on_failure"),
                        "show_error_in");
}

JsonObject *
lf_action_get_json (LfAction *self)
{
  g_return_val_if_fail (LF_IS_ACTION (self), NULL);
  return self->object;
}
