/* lf-form-file.c: the .lambdaform format: validation, loading, atomic saving, reference checks
 *
 * A form file is one JSON object. Every error names the JSON path of what is wrong and says
 * why in a sentence. Members this version does not know are kept, so a newer version's
 * additions survive a load and save here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lf-json-util.h"
#include "lf-form-private.h"

static const char * const action_members[] = { "state", "status", "data", "error", "request",
                                                NULL };
static const char * const invocation_types[] = { "RequestResponse", "Event", "DryRun", NULL };
static const char * const log_types[] = { "None", "Tail", NULL };

gboolean
_lf_form_is_valid_name (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (name[0]) || name[0] == '_') || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

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

static const char *
type_name (JsonNode *node)
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

/* "did you mean …?" as a suffix, or "". */
static char *
suggestion_for (const char         *word,
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
                 type_name (node));
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
                 type_name (node));
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
check_template (const char  *text,
                const char  *where,
                gboolean     as_json,
                GError     **error)
{
  g_autoptr(LfTemplate) template = NULL;
  g_autoptr(GError) local_error = NULL;

  template = lf_template_new (text, &local_error);
  if (template == NULL)
    return fail (error, LF_FORM_ERROR_INVALID, where, "%s", local_error->message);
  if (as_json && !lf_template_check_json (template, &local_error))
    return fail (error, LF_FORM_ERROR_INVALID, where, "%s", local_error->message);
  return TRUE;
}

static gboolean
check_name (JsonObject  *object,
            const char  *where,
            GError     **error)
{
  const char *name;

  if (!require_string (object, "name", where, TRUE, &name, error))
    return FALSE;
  if (!_lf_form_is_valid_name (name))
    return fail (error, LF_FORM_ERROR_INVALID, where,
                 _("“%s” is not a name: use up to 64 letters, digits and “_”, starting with a "
                   "letter, so that templates can name it"), name);
  return TRUE;
}

gboolean
_lf_form_validate_control (JsonObject  *object,
                           const char  *where,
                           GError     **error)
{
  const LfControlKind *kind;
  const char *kind_id;
  JsonObject *properties;
  JsonObject *bindings;

  if (!require_string (object, "kind", where, TRUE, &kind_id, error))
    return FALSE;
  kind = lf_control_kind_lookup (kind_id);
  if (kind == NULL)
    {
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();
      const LfControlKind * const *all;
      g_autofree char *hint = NULL;
      guint n;

      all = lf_control_kind_get_all (&n);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (ids, (gpointer) all[i]->id);
      g_ptr_array_add (ids, NULL);
      hint = suggestion_for (kind_id, (const char * const *) ids->pdata);
      return fail (error, LF_FORM_ERROR_INVALID, where, _("“%s” is not a control kind%s"),
                   kind_id, hint);
    }
  if (!check_name (object, where, error))
    return FALSE;

  if (!optional_object (object, "properties", where, &properties, error) ||
      !optional_object (object, "bindings", where, &bindings, error))
    return FALSE;
  if (json_object_has_member (object, "beside_previous"))
    {
      JsonNode *node = json_object_get_member (object, "beside_previous");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return fail (error, LF_FORM_ERROR_INVALID, where,
                     _("“%s” must be true or false, not %s"), "beside_previous",
                     type_name (node));
    }

  for (int pass = 0; pass < 2; pass++)
    {
      JsonObject *section = pass == 0 ? properties : bindings;
      const char *section_name = pass == 0 ? "properties" : "bindings";
      g_autoptr(GList) members = section ? json_object_get_members (section) : NULL;

      for (GList *l = members; l; l = l->next)
        {
          const char *name = l->data;
          const LfPropertySpec *spec = lf_control_kind_find_property (kind, name);
          JsonNode *node = json_object_get_member (section, name);
          g_autofree char *path = g_strdup_printf ("%s.%s.%s", where, section_name, name);
          g_autofree char *message = NULL;

          if (spec == NULL)
            {
              g_autofree const char **names = lf_control_kind_list_properties (kind);
              g_autofree char *hint = suggestion_for (name, names);

              return fail (error, LF_FORM_ERROR_INVALID, path, _("a %s has no property “%s”%s"),
                           _(kind->display_name), name, hint);
            }
          if (pass == 0 && !lf_property_spec_check (spec, node, &message))
            return fail (error, LF_FORM_ERROR_INVALID, path, _("%s, not %s"), message,
                         type_name (node));
          if (pass == 1)
            {
              if (!spec->bindable)
                return fail (error, LF_FORM_ERROR_INVALID, path,
                             _("“%s” of a %s cannot be bound to a template"), name,
                             _(kind->display_name));
              if (!is_string (node))
                return fail (error, LF_FORM_ERROR_INVALID, path,
                             _("a binding must be a template string, not %s"), type_name (node));
              if (!check_template (json_node_get_string (node), path, FALSE, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

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
  hint = suggestion_for (text, choices);
  list = g_strjoinv (", ", (char **) choices);
  return fail (error, LF_FORM_ERROR_INVALID, path, _("“%s” is not one of %s%s"), text, list, hint);
}

gboolean
_lf_form_validate_action (JsonObject  *object,
                          const char  *where,
                          GError     **error)
{
  LfOperation operation;
  const char *operation_name;
  const char *account;
  JsonObject *parameters, *trigger, *on_success, *on_failure;
  const char * const *allowed;

  if (!check_name (object, where, error))
    return FALSE;
  if (!require_string (object, "operation", where, TRUE, &operation_name, error))
    return FALSE;
  if (!lf_operation_from_string (operation_name, &operation))
    {
      static const char * const names[] = {
        "ListFunctions", "GetFunction", "Invoke", "DeleteFunction", NULL
      };
      g_autofree char *hint = suggestion_for (operation_name, names);

      return fail (error, LF_FORM_ERROR_INVALID, where,
                   _("“%s” is not an operation: ListFunctions, GetFunction, Invoke or "
                     "DeleteFunction%s"), operation_name, hint);
    }
  if (json_object_has_member (object, "account") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "account")) &&
      !require_string (object, "account", where, FALSE, &account, error))
    return FALSE;

  if (!optional_object (object, "parameters", where, &parameters, error) ||
      !optional_object (object, "trigger", where, &trigger, error) ||
      !optional_object (object, "on_success", where, &on_success, error) ||
      !optional_object (object, "on_failure", where, &on_failure, error))
    return FALSE;

  allowed = lf_operation_get_parameters (operation);
  if (parameters != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (parameters);

      for (GList *l = members; l; l = l->next)
        {
          const char *name = l->data;
          JsonNode *node = json_object_get_member (parameters, name);
          g_autofree char *path = g_strdup_printf ("%s.parameters.%s", where, name);

          if (!g_strv_contains (allowed, name))
            {
              g_autofree char *hint = suggestion_for (name, allowed);
              g_autofree char *list = g_strjoinv (", ", (char **) allowed);

              return fail (error, LF_FORM_ERROR_INVALID, path,
                           _("%s takes no parameter “%s”; it takes %s%s"), operation_name, name,
                           list, hint);
            }
          if (!is_string (node))
            return fail (error, LF_FORM_ERROR_INVALID, path,
                         _("a parameter must be a template string, not %s"), type_name (node));
          if (!check_template (json_node_get_string (node), path,
                               g_str_equal (name, "payload"), error))
            return FALSE;
          if (g_str_equal (name, "invocation_type") &&
              !check_constant_choice (json_node_get_string (node), invocation_types, path, error))
            return FALSE;
          if (g_str_equal (name, "log_type") &&
              !check_constant_choice (json_node_get_string (node), log_types, path, error))
            return FALSE;
        }
    }
  for (guint i = 0; allowed[i]; i++)
    if (lf_operation_requires (operation, allowed[i]) &&
        (parameters == NULL || !json_object_has_member (parameters, allowed[i])))
      return fail (error, LF_FORM_ERROR_INVALID, where, _("%s needs the parameter “%s”"),
                   operation_name, allowed[i]);

  if (trigger != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s.trigger", where);
      const char *on, *control;
      LfTrigger kind;

      if (!require_string (trigger, "on", path, TRUE, &on, error) ||
          !require_string (trigger, "control", path, FALSE, &control, error))
        return FALSE;
      if (!lf_trigger_from_string (on, &kind))
        {
          static const char * const names[] = { "click", "load", "change", "none", NULL };
          g_autofree char *hint = suggestion_for (on, names);

          return fail (error, LF_FORM_ERROR_INVALID, path,
                       _("“%s” is not a trigger: click, load, change or none%s"), on, hint);
        }
      if ((kind == LF_TRIGGER_CLICK || kind == LF_TRIGGER_CHANGE) && control == NULL)
        return fail (error, LF_FORM_ERROR_INVALID, path,
                     _("a “%s” trigger needs the “control” it listens to"), on);
    }

  if (on_success != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s.on_success", where);
      const char *run;
      JsonObject *set;

      if (!require_string (on_success, "run", path, FALSE, &run, error) ||
          !optional_object (on_success, "set", path, &set, error))
        return FALSE;
      if (set != NULL)
        {
          g_autoptr(GList) members = json_object_get_members (set);

          for (GList *l = members; l; l = l->next)
            {
              JsonNode *node = json_object_get_member (set, l->data);
              g_autofree char *member_path = g_strdup_printf ("%s.set.%s", path,
                                                              (char *) l->data);

              if (!is_string (node))
                return fail (error, LF_FORM_ERROR_INVALID, member_path,
                             _("what a control is set to must be a template string, not %s"),
                             type_name (node));
              if (!check_template (json_node_get_string (node), member_path, FALSE, error))
                return FALSE;
            }
        }
    }

  if (on_failure != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s.on_failure", where);
      const char *control;

      if (!require_string (on_failure, "show_error_in", path, FALSE, &control, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_lf_form_validate_settings (JsonObject  *root,
                            GError     **error)
{
  JsonNode *version = json_object_get_member (root, "format_version");
  const char *ignored;
  gint64 number;

  if (version == NULL)
    return fail (error, LF_FORM_ERROR_INVALID, "$",
                 _("“format_version” is missing: this does not look like a LambdaForms form"));
  if (!JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    return fail (error, LF_FORM_ERROR_INVALID, "$.format_version",
                 _("must be a whole number, not %s"), type_name (version));
  number = json_node_get_int (version);
  if (number > LF_FORM_FORMAT_VERSION)
    return fail (error, LF_FORM_ERROR_VERSION, "$.format_version",
                 _("the form was written by a newer LambdaForms (format %lld); this version "
                   "reads format %d"), (long long) number, LF_FORM_FORMAT_VERSION);
  if (number < 1)
    return fail (error, LF_FORM_ERROR_INVALID, "$.format_version",
                 _("%lld is not a format version"), (long long) number);

  for (guint i = 0; i < 3; i++)
    {
      static const char * const settings[] = { "title", "account", "region" };
      JsonNode *node = json_object_get_member (root, settings[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
          !require_string (root, settings[i], "$", FALSE, &ignored, error))
        return FALSE;
    }

  for (guint i = 0; i < 2; i++)
    {
      const char *member = i == 0 ? "controls" : "actions";
      JsonNode *node = json_object_get_member (root, member);

      if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
        return fail (error, LF_FORM_ERROR_INVALID, "$", _("“%s” must be a list, not %s"), member,
                     type_name (node));
    }
  return TRUE;
}

/* References and cycles *****************************************************************/

typedef struct
{
  char *to;
  char *where;
} Edge;

static void
edge_free (gpointer data)
{
  Edge *edge = data;

  g_free (edge->to);
  g_free (edge->where);
  g_free (edge);
}

typedef struct
{
  LfForm     *form;
  GPtrArray  *problems;
  GPtrArray  *names;   /* every control and action name, NULL-terminated */
  GHashTable *edges;   /* name -> GPtrArray of Edge: who depends on it */
} Checker;

G_GNUC_PRINTF (3, 4)
static void
problem (Checker    *checker,
         const char *where,
         const char *format,
         ...)
{
  g_autofree char *sentence = NULL;
  va_list args;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (checker->problems, g_error_new (LF_FORM_ERROR, LF_FORM_ERROR_REFERENCE,
                                                   "%s: %s", where, sentence));
}

static void
add_edge (Checker    *checker,
          const char *from,
          const char *to,
          const char *where)
{
  GPtrArray *list = g_hash_table_lookup (checker->edges, from);
  Edge *edge = g_new0 (Edge, 1);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (edge_free);
      g_hash_table_insert (checker->edges, g_strdup (from), list);
    }
  edge->to = g_strdup (to);
  edge->where = g_strdup (where);
  g_ptr_array_add (list, edge);
}

static void
check_template_references (Checker    *checker,
                           LfTemplate *template,
                           const char *where,
                           const char *dependent)
{
  for (guint i = 0; template && i < lf_template_get_n_references (template); i++)
    {
      const LfTemplateReference *ref = lf_template_get_reference (template, i);
      g_autofree char *at = g_strdup_printf ("%s: %u:%u", where, ref->line, ref->column);
      LfControl *control = lf_form_find_control (checker->form, ref->root);
      LfAction *action = lf_form_find_action (checker->form, ref->root);

      if (control == NULL && action == NULL)
        {
          g_autofree char *hint = suggestion_for (ref->root,
                                                  (const char * const *) checker->names->pdata);

          problem (checker, at, _("no control or action is named “%s”%s"), ref->root, hint);
          continue;
        }

      if (ref->member != NULL && control != NULL)
        {
          const LfControlKind *kind = lf_control_get_kind (control);
          g_autofree const char **names = lf_control_kind_list_properties (kind);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) members = NULL;

          g_strv_builder_addv (builder, names);
          g_strv_builder_add_many (builder, "value", "text", NULL);
          if (g_str_equal (kind->id, "dropdown"))
            g_strv_builder_add (builder, "options");
          members = g_strv_builder_end (builder);
          if (!g_strv_contains ((const char * const *) members, ref->member))
            {
              g_autofree char *hint = suggestion_for (ref->member,
                                                      (const char * const *) members);

              problem (checker, at, _("“%s” (a %s) has no “%s”%s"), ref->root,
                       _(kind->display_name),
                       ref->member, hint);
              continue;
            }
        }
      else if (ref->member != NULL && !g_strv_contains (action_members, ref->member))
        {
          g_autofree char *hint = suggestion_for (ref->member, action_members);

          problem (checker, at, _("the action “%s” has no “%s”: it has state, status, data, "
                   "error and request%s"), ref->root, ref->member, hint);
          continue;
        }

      add_edge (checker, ref->root, dependent, at);
    }
}

static void
check_control_name (Checker    *checker,
                    const char *name,
                    const char *where,
                    gboolean    needs_value)
{
  LfControl *control = lf_form_find_control (checker->form, name);

  if (control == NULL)
    {
      g_autofree char *hint = suggestion_for (name, (const char * const *) checker->names->pdata);

      problem (checker, where, _("no control is named “%s”%s"), name, hint);
    }
  else if (needs_value && !lf_control_get_kind (control)->has_value)
    problem (checker, where, _("“%s” is a %s, which has no value to set"), name,
             _(lf_control_get_kind (control)->display_name));
}

static void
collect (Checker *checker)
{
  LfForm *form = checker->form;

  for (guint i = 0; i < lf_form_get_n_controls (form); i++)
    {
      LfControl *control = lf_form_get_control (form, i);
      g_auto(GStrv) bound = lf_control_list_bindings (control);

      for (guint j = 0; bound[j]; j++)
        {
          g_autofree char *where = g_strdup_printf ("$.controls[%u].bindings.%s", i, bound[j]);

          check_template_references (checker, lf_control_get_binding_template (control, bound[j]),
                                     where, lf_control_get_name (control));
        }
    }

  for (guint i = 0; i < lf_form_get_n_actions (form); i++)
    {
      LfAction *action = lf_form_get_action (form, i);
      const char *name = lf_action_get_name (action);
      LfOperation operation = lf_action_get_operation (action);
      const char * const *parameters = lf_operation_get_parameters (operation);
      g_auto(GStrv) sets = lf_action_list_success_sets (action);
      const char *control_name;

      for (guint j = 0; parameters[j]; j++)
        {
          g_autofree char *where = g_strdup_printf ("$.actions[%u].parameters.%s", i,
                                                    parameters[j]);

          check_template_references (checker,
                                     lf_action_get_parameter_template (action, parameters[j]),
                                     where, name);
        }

      control_name = lf_action_get_trigger_control (action);
      if (control_name != NULL && lf_action_get_trigger (action) != LF_TRIGGER_LOAD &&
          lf_action_get_trigger (action) != LF_TRIGGER_NONE)
        {
          g_autofree char *where = g_strdup_printf ("$.actions[%u].trigger.control", i);
          LfControl *control = lf_form_find_control (form, control_name);

          check_control_name (checker, control_name, where, FALSE);
          if (control != NULL && lf_action_get_trigger (action) == LF_TRIGGER_CLICK &&
              !g_str_equal (lf_control_get_kind (control)->id, "button"))
            problem (checker, where, _("“%s” is a %s: only buttons are clicked"), control_name,
                     _(lf_control_get_kind (control)->display_name));
          if (control != NULL && lf_action_get_trigger (action) == LF_TRIGGER_CHANGE)
            {
              if (!lf_control_get_kind (control)->has_value)
                problem (checker, where, _("“%s” is a %s, whose value never changes"),
                         control_name, _(lf_control_get_kind (control)->display_name));
              /* Running on a change is data flowing from the control into the action. */
              add_edge (checker, control_name, name, where);
            }
        }

      if (lf_action_get_success_action (action) != NULL)
        {
          const char *next = lf_action_get_success_action (action);
          g_autofree char *where = g_strdup_printf ("$.actions[%u].on_success.run", i);

          if (lf_form_find_action (form, next) == NULL)
            {
              g_autofree char *hint = suggestion_for (next,
                                                      (const char * const *) checker->names->pdata);

              problem (checker, where, _("no action is named “%s”%s"), next, hint);
            }
          else
            add_edge (checker, name, next, where);
        }

      for (guint j = 0; sets[j]; j++)
        {
          g_autofree char *where = g_strdup_printf ("$.actions[%u].on_success.set.%s", i, sets[j]);

          check_control_name (checker, sets[j], where, TRUE);
          if (lf_form_find_control (form, sets[j]) == NULL)
            continue;
          check_template_references (checker, lf_action_get_success_set_template (action, sets[j]),
                                     where, sets[j]);
          add_edge (checker, name, sets[j], where);
        }

      control_name = lf_action_get_error_control (action);
      if (control_name != NULL)
        {
          g_autofree char *where = g_strdup_printf ("$.actions[%u].on_failure.show_error_in", i);

          check_control_name (checker, control_name, where, TRUE);
          if (lf_form_find_control (form, control_name) != NULL)
            add_edge (checker, name, control_name, where);
        }
    }
}

/* Depth-first search: grey names are on the current path. */
static gboolean
find_cycle (Checker    *checker,
            const char *name,
            GHashTable *colour,
            GPtrArray  *path)
{
  GPtrArray *edges = g_hash_table_lookup (checker->edges, name);

  g_hash_table_insert (colour, (gpointer) name, GINT_TO_POINTER (1));
  g_ptr_array_add (path, (gpointer) name);

  for (guint i = 0; edges && i < edges->len; i++)
    {
      Edge *edge = g_ptr_array_index (edges, i);
      int state = GPOINTER_TO_INT (g_hash_table_lookup (colour, edge->to));

      if (state == 1)
        {
          g_autoptr(GString) chain = g_string_new (NULL);
          guint start = 0;

          g_ptr_array_find_with_equal_func (path, edge->to, g_str_equal, &start);
          for (guint k = start; k < path->len; k++)
            g_string_append_printf (chain, "%s → ", (char *) g_ptr_array_index (path, k));
          g_string_append (chain, edge->to);
          problem (checker, edge->where, _("“%s” depends on itself: %s"), edge->to, chain->str);
          return TRUE;
        }
      if (state == 0 && find_cycle (checker, edge->to, colour, path))
        return TRUE;
    }

  g_hash_table_insert (colour, (gpointer) name, GINT_TO_POINTER (2));
  g_ptr_array_set_size (path, path->len - 1);
  return FALSE;
}

GPtrArray *
lf_form_list_problems (LfForm *self)
{
  g_autoptr(GHashTable) colour = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  Checker checker = { 0 };

  g_return_val_if_fail (LF_IS_FORM (self), NULL);

  checker.form = self;
  checker.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  checker.names = g_ptr_array_new ();
  checker.edges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < lf_form_get_n_controls (self); i++)
    g_ptr_array_add (checker.names, (gpointer) lf_control_get_name (lf_form_get_control (self, i)));
  for (guint i = 0; i < lf_form_get_n_actions (self); i++)
    g_ptr_array_add (checker.names, (gpointer) lf_action_get_name (lf_form_get_action (self, i)));
  g_ptr_array_add (checker.names, NULL);

  collect (&checker);

  /* One cycle is enough to report: the rest usually share its edges. */
  for (guint i = 0; i + 1 < checker.names->len; i++)
    {
      const char *name = g_ptr_array_index (checker.names, i);

      if (g_hash_table_lookup (colour, name) == NULL &&
          find_cycle (&checker, name, colour, path))
        break;
    }

  g_ptr_array_unref (checker.names);
  g_hash_table_unref (checker.edges);
  return checker.problems;
}

gboolean
lf_form_check (LfForm  *self,
               GError **error)
{
  g_autoptr(GPtrArray) problems = lf_form_list_problems (self);

  if (problems->len > 0)
    {
      g_propagate_error (error, g_error_copy (g_ptr_array_index (problems, 0)));
      return FALSE;
    }
  return TRUE;
}

/* Loading ********************************************************************************/

LfForm *
lf_form_new_from_data (const char  *data,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) controls = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LfForm) form = NULL;
  JsonObject *root;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, LF_FORM_ERROR, LF_FORM_ERROR_PARSE,
                           _("$: the file is not UTF-8 text"));
      return NULL;
    }
  node = lf_json_parse (data, length, &local_error);
  if (node == NULL)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_PARSE, _("$: not JSON: %s"),
                   local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("$: a form is one JSON object, not %s"), type_name (node));
      return NULL;
    }
  root = json_node_get_object (node);
  if (!_lf_form_validate_settings (root, error))
    return NULL;

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *member = pass == 0 ? "controls" : "actions";
      JsonArray *array = json_object_has_member (root, member)
                         ? json_object_get_array_member (root, member) : NULL;

      for (guint i = 0; array && i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *where = g_strdup_printf ("$.%s[%u]", member, i);
          JsonObject *object;
          const char *name;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                           _("%s: must be an object, not %s"), where, type_name (element));
              return NULL;
            }
          object = json_node_get_object (element);
          if (pass == 0 ? !_lf_form_validate_control (object, where, error)
                        : !_lf_form_validate_action (object, where, error))
            return NULL;

          name = json_object_get_string_member (object, "name");
          if (g_hash_table_contains (seen, name))
            {
              g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                           _("%s.name: “%s” is taken: controls and actions need names of their "
                             "own"), where, name);
              return NULL;
            }
          g_hash_table_add (seen, (gpointer) name);
          if (pass == 0)
            g_ptr_array_add (controls, _lf_control_new_from_json (object));
          else
            g_ptr_array_add (actions, _lf_action_new_from_json (object));
        }
    }

  form = lf_form_new ();
  _lf_form_take_loaded (form, json_object_ref (root), controls, actions);
  if (!lf_form_check (form, error))
    return NULL;
  return g_steal_pointer (&form);
}

LfForm *
lf_form_new_from_file (const char  *path,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  /* g_file_get_contents opens read-only: loading can never change the file. */
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  return lf_form_new_from_data (contents, length, error);
}

/* Saving *********************************************************************************/

static JsonNode *
array_of (GPtrArray  *objects,
          JsonObject *(*get_json) (gpointer))
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < objects->len; i++)
    json_array_add_object_element (array, json_object_ref (get_json (objects->pdata[i])));
  /* take, not init: init would add a reference to the new array. */
  json_node_take_array (node, array);
  return node;
}

char *
lf_form_to_data (LfForm *self,
                 gsize  *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GList) members = NULL;
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GPtrArray) actions = g_ptr_array_new ();
  JsonObject *root = _lf_form_get_json (self);
  g_autofree char *text = NULL;
  char *data;

  g_return_val_if_fail (LF_IS_FORM (self), NULL);

  for (guint i = 0; i < lf_form_get_n_controls (self); i++)
    g_ptr_array_add (controls, lf_form_get_control (self, i));
  for (guint i = 0; i < lf_form_get_n_actions (self); i++)
    g_ptr_array_add (actions, lf_form_get_action (self, i));

  /* The stored root keeps the member order and unknown members; the lists are today's. */
  members = json_object_get_members (root);
  for (GList *l = members; l; l = l->next)
    {
      if (g_str_equal (l->data, "controls"))
        json_object_set_member (out, "controls",
                                array_of (controls, (gpointer) lf_control_get_json));
      else if (g_str_equal (l->data, "actions"))
        json_object_set_member (out, "actions", array_of (actions, (gpointer) lf_action_get_json));
      else
        json_object_set_member (out, l->data, json_node_copy (json_object_get_member (root,
                                                                                      l->data)));
    }
  if (!json_object_has_member (out, "controls"))
    json_object_set_member (out, "controls", array_of (controls, (gpointer) lf_control_get_json));
  if (!json_object_has_member (out, "actions") && actions->len > 0)
    json_object_set_member (out, "actions", array_of (actions, (gpointer) lf_action_get_json));

  node = json_node_init_object (json_node_alloc (), out);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  data = g_strconcat (text, "\n", NULL);
  if (length != NULL)
    *length = strlen (data);
  return data;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           GError     **error)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          int saved = written < 0 ? errno : ENOSPC;

          g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not write the form: %s"),
                       g_strerror (saved));
          return FALSE;
        }
      data += written;
      length -= written;
    }
  return TRUE;
}

gboolean
lf_form_save_to_file (LfForm      *self,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *dir = NULL;
  struct stat st;
  gsize length = 0;
  int fd;
  int dir_fd;

  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = lf_form_to_data (self, &length);

  /* Beside the target, so that the rename stays on one file system and is atomic. */
  temp = g_strdup_printf ("%s.XXXXXX", path);
  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not save “%s”: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  /* Keep the mode of the file being replaced. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    fchmod (fd, st.st_mode & 07777);

  if (!write_all (fd, data, length, error))
    goto failed;
  if (fsync (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not flush “%s” to disk: %s"),
                   temp, g_strerror (saved));
      goto failed;
    }
  if (close (fd) != 0)
    {
      int saved = errno;

      fd = -1;
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not save “%s”: %s"), path,
                   g_strerror (saved));
      goto failed;
    }
  fd = -1;
  if (g_rename (temp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not replace “%s”: %s"), path,
                   g_strerror (saved));
      goto failed;
    }

  /* Make the rename itself durable. */
  dir = g_path_get_dirname (path);
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;

failed:
  if (fd >= 0)
    close (fd);
  g_unlink (temp);
  return FALSE;
}
