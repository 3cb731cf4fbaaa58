/* lf-form-schema.c: the names, limits and rules of a form's parts
 *
 * Members this version does not know are left alone, so a newer version's additions survive
 * a load and save here; only what is known is checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-action.h"
#include "lf-control-kind.h"
#include "lf-form-error.h"
#include "lf-form-schema.h"
#include "lf-form.h"
#include "lf-template.h"

static const char * const action_members[] = { "state", "status", "data", "error", "request",
                                                NULL };
static const char * const operation_names[] = { "ListFunctions", "GetFunction", "Invoke",
                                                 "DeleteFunction", NULL };
static const char * const trigger_names[] = { "click", "load", "change", "none", NULL };
static const char * const invocation_types[] = { "RequestResponse", "Event", "DryRun", NULL };
static const char * const log_types[] = { "None", "Tail", NULL };
static const char * const stream_values[] = { "false", "true", NULL };

/* Names ***********************************************************************************/

gboolean
lf_form_schema_is_identifier_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

gboolean
lf_form_schema_is_identifier_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

gboolean
lf_form_schema_is_identifier (const char *text)
{
  if (text == NULL || !lf_form_schema_is_identifier_start (text[0]))
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!lf_form_schema_is_identifier_char (*p))
      return FALSE;
  return TRUE;
}

gboolean
lf_form_schema_check_name (const char  *name,
                           GError     **error)
{
  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                           _("A name is needed: templates use it"));
      return FALSE;
    }
  if (!lf_form_schema_is_identifier (name))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("“%s” is not a name: use letters, digits and “_”, starting with a letter, "
                     "so that templates can name it"), name);
      return FALSE;
    }
  if (strlen (name) > LF_FORM_NAME_MAX_LENGTH)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("A name can be at most %d characters long"), LF_FORM_NAME_MAX_LENGTH);
      return FALSE;
    }
  return TRUE;
}

const char * const *
lf_form_schema_get_action_members (void)
{
  return action_members;
}

/* Shared pieces ****************************************************************************/

G_GNUC_PRINTF (4, 5)
static gboolean
fail (GError     **error,
      int          code,
      const char  *where,
      const char  *format,
      ...)
{
  g_autofree char *sentence = NULL;
  va_list args;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, LF_FORM_ERROR, code, "%s: %s", where, sentence);
  return FALSE;
}

const char *
lf_form_schema_describe_type (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("a list");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return _("a string");
    case G_TYPE_BOOLEAN: return _("true or false");
    default: return _("a number");
    }
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

char *
lf_form_schema_suggest (const char         *word,
                        const char * const *candidates)
{
  const char *best = lf_template_suggest (word, candidates);

  return best ? g_strdup_printf (_(" (did you mean “%s”?)"), best) : g_strdup ("");
}

static gboolean
require_string (JsonObject  *object,
                const char  *member,
                const char  *where,
                gboolean     required,
                const char **out,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        return fail (error, LF_FORM_ERROR_INVALID, where, _("“%s” is missing"), member);
      return TRUE;
    }
  if (!is_string (node))
    return fail (error, LF_FORM_ERROR_INVALID, where, _("“%s” must be a string, not %s"), member,
                 lf_form_schema_describe_type (node));
  *out = json_node_get_string (node);
  return TRUE;
}

/* An optional member that must be an object when present. */
static gboolean
optional_object (JsonObject  *object,
                 const char  *member,
                 const char  *where,
                 JsonObject **out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, LF_FORM_ERROR_INVALID, where, _("“%s” must be an object, not %s"), member,
                 lf_form_schema_describe_type (node));
  *out = json_node_get_object (node);
  return TRUE;
}

/* A member that must hold a template string; @as_json when it must make JSON. */
static gboolean
check_template_member (JsonNode    *node,
                       const char  *path,
                       const char  *what,
                       gboolean     as_json,
                       GError     **error)
{
  g_autoptr(LfTemplate) template = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text_copy = NULL;

  if (!is_string (node))
    return fail (error, LF_FORM_ERROR_INVALID, path, _("%s must be a template string, not %s"),
                 what, lf_form_schema_describe_type (node));
  template = lf_template_new (json_node_get_string (node), &local_error);
  if (template == NULL)
    return fail (error, LF_FORM_ERROR_INVALID, path, "%s", local_error->message);
  /* A blank payload is the empty event ({}), which is JSON enough. */
  if (as_json && g_strstrip (text_copy = g_strdup (json_node_get_string (node)))[0] == '\0')
    return TRUE;
  if (as_json && !lf_template_check_json (template, &local_error))
    return fail (error, LF_FORM_ERROR_INVALID, path, "%s", local_error->message);
  return TRUE;
}

static gboolean
check_name_member (JsonObject  *object,
                   const char  *where,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *name;

  if (!require_string (object, "name", where, TRUE, &name, error))
    return FALSE;
  if (!lf_form_schema_check_name (name, &local_error))
    return fail (error, LF_FORM_ERROR_INVALID, where, "%s", local_error->message);
  return TRUE;
}

/* Controls *********************************************************************************/

static gboolean
check_kind (const char           *kind_id,
            const char           *where,
            const LfControlKind **out,
            GError              **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  const LfControlKind * const *all;
  g_autofree char *hint = NULL;
  guint n;

  *out = lf_control_kind_lookup (kind_id);
  if (*out != NULL)
    return TRUE;
  all = lf_control_kind_get_all (&n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ids, (gpointer) all[i]->id);
  g_ptr_array_add (ids, NULL);
  hint = lf_form_schema_suggest (kind_id, (const char * const *) ids->pdata);
  return fail (error, LF_FORM_ERROR_INVALID, where, _("“%s” is not a control kind%s"), kind_id,
               hint);
}

/* One member of "properties" (@binding FALSE) or "bindings" (TRUE). */
static gboolean
check_control_member (const LfControlKind  *kind,
                      gboolean              binding,
                      const char           *name,
                      JsonNode             *node,
                      const char           *path,
                      GError              **error)
{
  const LfPropertySpec *spec = lf_control_kind_find_property (kind, name);
  g_autofree char *message = NULL;

  if (spec == NULL)
    {
      g_autofree const char **names = lf_control_kind_list_properties (kind);
      g_autofree char *hint = lf_form_schema_suggest (name, names);

      return fail (error, LF_FORM_ERROR_INVALID, path, _("a %s has no property “%s”%s"),
                   _(kind->display_name), name, hint);
    }
  if (!binding)
    {
      if (!lf_property_spec_check (spec, node, &message))
        return fail (error, LF_FORM_ERROR_INVALID, path, _("%s, not %s"), message,
                     lf_form_schema_describe_type (node));
      return TRUE;
    }
  if (!spec->bindable)
    return fail (error, LF_FORM_ERROR_INVALID, path,
                 _("“%s” of a %s cannot be bound to a template"), name, _(kind->display_name));
  return check_template_member (node, path, _("a binding"), FALSE, error);
}

static gboolean
check_control_section (const LfControlKind  *kind,
                       JsonObject           *section,
                       const char           *section_name,
                       const char           *where,
                       GError              **error)
{
  g_autoptr(GList) members = section ? json_object_get_members (section) : NULL;

  for (GList *l = members; l; l = l->next)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s.%s", where, section_name,
                                               (char *) l->data);

      if (!check_control_member (kind, g_str_equal (section_name, "bindings"), l->data,
                                 json_object_get_member (section, l->data), path, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
lf_form_schema_validate_control (JsonObject  *object,
                                 const char  *where,
                                 GError     **error)
{
  const LfControlKind *kind;
  const char *kind_id;
  JsonObject *properties;
  JsonObject *bindings;
  JsonNode *beside;

  g_return_val_if_fail (object != NULL, FALSE);

  if (!require_string (object, "kind", where, TRUE, &kind_id, error) ||
      !check_kind (kind_id, where, &kind, error) ||
      !check_name_member (object, where, error))
    return FALSE;
  if (!optional_object (object, "properties", where, &properties, error) ||
      !optional_object (object, "bindings", where, &bindings, error))
    return FALSE;
  beside = json_object_get_member (object, "beside_previous");
  if (beside != NULL &&
      (!JSON_NODE_HOLDS_VALUE (beside) || json_node_get_value_type (beside) != G_TYPE_BOOLEAN))
    return fail (error, LF_FORM_ERROR_INVALID, where, _("“%s” must be true or false, not %s"),
                 "beside_previous", lf_form_schema_describe_type (beside));
  return check_control_section (kind, properties, "properties", where, error) &&
         check_control_section (kind, bindings, "bindings", where, error);
}

/* Actions **********************************************************************************/

/* A parameter that is a fixed choice; templates and "" are judged when the action runs. */
static gboolean
check_constant_choice (const char         *text,
                       const char * const *choices,
                       const char         *path,
                       GError            **error)
{
  g_autofree char *hint = NULL;
  g_autofree char *list = NULL;

  if (strstr (text, "{{") != NULL || text[0] == '\0' || g_strv_contains (choices, text))
    return TRUE;
  hint = lf_form_schema_suggest (text, choices);
  list = g_strjoinv (", ", (char **) choices);
  return fail (error, LF_FORM_ERROR_INVALID, path, _("“%s” is not one of %s%s"), text, list, hint);
}

static gboolean
check_operation (JsonObject   *object,
                 const char   *where,
                 LfOperation  *operation,
                 const char  **operation_name,
                 GError      **error)
{
  g_autofree char *hint = NULL;

  if (!require_string (object, "operation", where, TRUE, operation_name, error))
    return FALSE;
  if (lf_operation_from_string (*operation_name, operation))
    return TRUE;
  hint = lf_form_schema_suggest (*operation_name, operation_names);
  return fail (error, LF_FORM_ERROR_INVALID, where,
               _("“%s” is not an operation: ListFunctions, GetFunction, Invoke or "
                 "DeleteFunction%s"), *operation_name, hint);
}

static gboolean
check_parameter (const char          *operation_name,
                 const char * const  *allowed,
                 const char          *name,
                 JsonNode            *node,
                 const char          *path,
                 GError             **error)
{
  if (!g_strv_contains (allowed, name))
    {
      g_autofree char *hint = lf_form_schema_suggest (name, allowed);
      g_autofree char *list = g_strjoinv (", ", (char **) allowed);

      return fail (error, LF_FORM_ERROR_INVALID, path,
                   _("%s takes no parameter “%s”; it takes %s%s"), operation_name, name, list,
                   hint);
    }
  if (!check_template_member (node, path, _("a parameter"), g_str_equal (name, "payload"),
                              error))
    return FALSE;
  if (g_str_equal (name, "invocation_type"))
    return check_constant_choice (json_node_get_string (node), invocation_types, path, error);
  if (g_str_equal (name, "log_type"))
    return check_constant_choice (json_node_get_string (node), log_types, path, error);
  if (g_str_equal (name, "stream"))
    return check_constant_choice (json_node_get_string (node), stream_values, path, error);
  return TRUE;
}

static gboolean
check_parameters (JsonObject   *parameters,
                  LfOperation   operation,
                  const char   *operation_name,
                  const char   *where,
                  GError      **error)
{
  const char * const *allowed = lf_operation_get_parameters (operation);
  g_autoptr(GList) members = parameters ? json_object_get_members (parameters) : NULL;

  for (GList *l = members; l; l = l->next)
    {
      g_autofree char *path = g_strdup_printf ("%s.parameters.%s", where, (char *) l->data);

      if (!check_parameter (operation_name, allowed, l->data,
                            json_object_get_member (parameters, l->data), path, error))
        return FALSE;
    }
  for (guint i = 0; allowed[i]; i++)
    if (lf_operation_requires (operation, allowed[i]) &&
        (parameters == NULL || !json_object_has_member (parameters, allowed[i])))
      return fail (error, LF_FORM_ERROR_INVALID, where, _("%s needs the parameter “%s”"),
                   operation_name, allowed[i]);
  return TRUE;
}

static gboolean
check_trigger (JsonObject  *trigger,
               const char  *where,
               GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s.trigger", where);
  const char *on, *control;
  LfTrigger kind;

  if (!require_string (trigger, "on", path, TRUE, &on, error) ||
      !require_string (trigger, "control", path, FALSE, &control, error))
    return FALSE;
  if (!lf_trigger_from_string (on, &kind))
    {
      g_autofree char *hint = lf_form_schema_suggest (on, trigger_names);

      return fail (error, LF_FORM_ERROR_INVALID, path,
                   _("“%s” is not a trigger: click, load, change or none%s"), on, hint);
    }
  if ((kind == LF_TRIGGER_CLICK || kind == LF_TRIGGER_CHANGE) && control == NULL)
    return fail (error, LF_FORM_ERROR_INVALID, path,
                 _("a “%s” trigger needs the “control” it listens to"), on);
  return TRUE;
}

static gboolean
check_on_success (JsonObject  *on_success,
                  const char  *where,
                  GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s.on_success", where);
  g_autoptr(GList) members = NULL;
  const char *run;
  JsonObject *set;

  if (!require_string (on_success, "run", path, FALSE, &run, error) ||
      !optional_object (on_success, "set", path, &set, error))
    return FALSE;
  members = set ? json_object_get_members (set) : NULL;
  for (GList *l = members; l; l = l->next)
    {
      g_autofree char *member_path = g_strdup_printf ("%s.set.%s", path, (char *) l->data);

      if (!check_template_member (json_object_get_member (set, l->data), member_path,
                                  _("what a control is set to"), FALSE, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
lf_form_schema_validate_action (JsonObject  *object,
                                const char  *where,
                                GError     **error)
{
  LfOperation operation;
  const char *operation_name, *account, *control;
  JsonObject *parameters, *trigger, *on_success, *on_failure;
  JsonNode *account_node;

  g_return_val_if_fail (object != NULL, FALSE);

  if (!check_name_member (object, where, error) ||
      !check_operation (object, where, &operation, &operation_name, error))
    return FALSE;
  account_node = json_object_get_member (object, "account");
  if (account_node != NULL && !JSON_NODE_HOLDS_NULL (account_node) &&
      !require_string (object, "account", where, FALSE, &account, error))
    return FALSE;
  if (!optional_object (object, "parameters", where, &parameters, error) ||
      !optional_object (object, "trigger", where, &trigger, error) ||
      !optional_object (object, "on_success", where, &on_success, error) ||
      !optional_object (object, "on_failure", where, &on_failure, error))
    return FALSE;

  if (!check_parameters (parameters, operation, operation_name, where, error))
    return FALSE;
  if (trigger != NULL && !check_trigger (trigger, where, error))
    return FALSE;
  if (on_success != NULL && !check_on_success (on_success, where, error))
    return FALSE;
  if (on_failure != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s.on_failure", where);

      return require_string (on_failure, "show_error_in", path, FALSE, &control, error);
    }
  return TRUE;
}

/* The document ****************************************************************************/

static gboolean
check_format_version (JsonObject  *root,
                      GError     **error)
{
  JsonNode *version = json_object_get_member (root, "format_version");
  gint64 number;

  if (version == NULL)
    return fail (error, LF_FORM_ERROR_INVALID, "$",
                 _("“format_version” is missing: this does not look like a LambdaForms form"));
  if (!JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    return fail (error, LF_FORM_ERROR_INVALID, "$.format_version",
                 _("must be a whole number, not %s"), lf_form_schema_describe_type (version));
  number = json_node_get_int (version);
  if (number > LF_FORM_FORMAT_VERSION)
    return fail (error, LF_FORM_ERROR_VERSION, "$.format_version",
                 _("the form was written by a newer LambdaForms (format %lld); this version "
                   "reads format %d"), (long long) number, LF_FORM_FORMAT_VERSION);
  if (number < 1)
    return fail (error, LF_FORM_ERROR_INVALID, "$.format_version",
                 _("%lld is not a format version"), (long long) number);
  return TRUE;
}

gboolean
lf_form_schema_validate_settings (JsonObject  *root,
                                  GError     **error)
{
  static const char * const settings[] = { "title", "account", "region", NULL };
  static const char * const lists[] = { "controls", "actions", NULL };
  const char *ignored;

  g_return_val_if_fail (root != NULL, FALSE);

  if (!check_format_version (root, error))
    return FALSE;
  for (guint i = 0; settings[i]; i++)
    {
      JsonNode *node = json_object_get_member (root, settings[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
          !require_string (root, settings[i], "$", FALSE, &ignored, error))
        return FALSE;
    }
  for (guint i = 0; lists[i]; i++)
    {
      JsonNode *node = json_object_get_member (root, lists[i]);

      if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
        return fail (error, LF_FORM_ERROR_INVALID, "$", _("“%s” must be a list, not %s"),
                     lists[i], lf_form_schema_describe_type (node));
    }
  return TRUE;
}
