/* lf-form-check.c: what a valid document can still get wrong: references and cycles
 *
 * Templates, triggers and follow-ups name other controls and actions. Each naming is an edge
 * of a graph (data flows from the named part to the one that names it); a missing name is a
 * problem, and so is a cycle, which would make a run never end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-form-schema.h"
#include "lf-form.h"

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
  GPtrArray  *parts;   /* the name of the part each problem is in, beside problems */
  const char *current; /* the part being looked at */
  GPtrArray  *names;   /* every control and action name, NULL-terminated */
  GHashTable *edges;   /* name -> GPtrArray of Edge: who depends on it */
} Checker;

static void
add_problem (Checker *checker,
             GError  *error)
{
  g_ptr_array_add (checker->problems, error);
  g_ptr_array_add (checker->parts, g_strdup (checker->current));
}

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
  add_problem (checker, g_error_new (LF_FORM_ERROR, LF_FORM_ERROR_REFERENCE, "%s: %s", where,
                                     sentence));
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
          g_autofree char *hint = lf_form_schema_suggest (ref->root,
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
              g_autofree char *hint = lf_form_schema_suggest (ref->member,
                                                      (const char * const *) members);

              problem (checker, at, _("“%s” (a %s) has no “%s”%s"), ref->root,
                       _(kind->display_name),
                       ref->member, hint);
              continue;
            }
        }
      else if (ref->member != NULL && !g_strv_contains (lf_form_schema_get_action_members (), ref->member))
        {
          g_autofree char *hint = lf_form_schema_suggest (ref->member,
                                                          lf_form_schema_get_action_members ());

          problem (checker, at, _("the action “%s” has no “%s”: it has state, status, data, "
                   "error and request%s"), ref->root, ref->member, hint);
          continue;
        }

      if (dependent != NULL)
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
      g_autofree char *hint = lf_form_schema_suggest (name, (const char * const *) checker->names->pdata);

      problem (checker, where, _("no control is named “%s”%s"), name, hint);
    }
  else if (needs_value && !lf_control_get_kind (control)->has_value)
    problem (checker, where, _("“%s” is a %s, which has no value to set"), name,
             _(lf_control_get_kind (control)->display_name));
}

static void
collect_control (Checker   *checker,
                 guint      index,
                 LfControl *control)
{
  g_auto(GStrv) bound = lf_control_list_bindings (control);
  g_autofree char *at = g_strdup_printf ("$.controls[%u]", index);
  GError *invalid = NULL;

  checker->current = lf_control_get_name (control);
  if (!lf_form_schema_validate_control (lf_control_get_json (control), at, &invalid))
    add_problem (checker, invalid);

  for (guint j = 0; bound[j]; j++)
    {
      g_autofree char *where = g_strdup_printf ("$.controls[%u].bindings.%s", index, bound[j]);

      check_template_references (checker, lf_control_get_binding_template (control, bound[j]),
                                 where, lf_control_get_name (control));
    }
}

static void
collect_trigger (Checker  *checker,
                 guint     index,
                 LfAction *action)
{
  const char *control_name = lf_action_get_trigger_control (action);
  LfTrigger trigger = lf_action_get_trigger (action);
  g_autofree char *where = NULL;
  LfControl *control;

  if (control_name == NULL || trigger == LF_TRIGGER_LOAD || trigger == LF_TRIGGER_NONE)
    return;
  where = g_strdup_printf ("$.actions[%u].trigger.control", index);
  control = lf_form_find_control (checker->form, control_name);
  check_control_name (checker, control_name, where, FALSE);
  if (control == NULL)
    return;
  if (trigger == LF_TRIGGER_CLICK && !g_str_equal (lf_control_get_kind (control)->id, "button"))
    problem (checker, where, _("“%s” is a %s: only buttons are clicked"), control_name,
             _(lf_control_get_kind (control)->display_name));
  if (trigger == LF_TRIGGER_CHANGE)
    {
      if (!lf_control_get_kind (control)->has_value)
        problem (checker, where, _("“%s” is a %s, whose value never changes"), control_name,
                 _(lf_control_get_kind (control)->display_name));
      /* Running on a change is data flowing from the control into the action. */
      add_edge (checker, control_name, lf_action_get_name (action), where);
    }
}

static void
collect_follow_ups (Checker  *checker,
                    guint     index,
                    LfAction *action)
{
  const char *name = lf_action_get_name (action);
  const char *next = lf_action_get_success_action (action);
  const char *error_control = lf_action_get_error_control (action);
  g_auto(GStrv) sets = lf_action_list_success_sets (action);

  if (next != NULL)
    {
      g_autofree char *where = g_strdup_printf ("$.actions[%u].on_success.run", index);

      if (lf_form_find_action (checker->form, next) == NULL)
        {
          g_autofree char *hint = lf_form_schema_suggest (next,
                                                          (const char * const *) checker->names->pdata);

          problem (checker, where, _("no action is named “%s”%s"), next, hint);
        }
      else
        add_edge (checker, name, next, where);
    }
  for (guint j = 0; sets[j]; j++)
    {
      g_autofree char *where = g_strdup_printf ("$.actions[%u].on_success.set.%s", index,
                                                sets[j]);

      check_control_name (checker, sets[j], where, TRUE);
      if (lf_form_find_control (checker->form, sets[j]) == NULL)
        continue;
      check_template_references (checker, lf_action_get_success_set_template (action, sets[j]),
                                 where, sets[j]);
      add_edge (checker, name, sets[j], where);
    }
  if (error_control != NULL)
    {
      g_autofree char *where = g_strdup_printf ("$.actions[%u].on_failure.show_error_in", index);

      check_control_name (checker, error_control, where, TRUE);
      if (lf_form_find_control (checker->form, error_control) != NULL)
        add_edge (checker, name, error_control, where);
    }
}

static void
collect_action (Checker  *checker,
                guint     index,
                LfAction *action)
{
  const char * const *parameters = lf_operation_get_parameters (lf_action_get_operation (action));
  g_autofree char *at = g_strdup_printf ("$.actions[%u]", index);
  GError *invalid = NULL;

  checker->current = lf_action_get_name (action);
  if (!lf_form_schema_validate_action (lf_action_get_json (action), at, &invalid))
    add_problem (checker, invalid);

  for (guint j = 0; parameters[j]; j++)
    {
      g_autofree char *where = g_strdup_printf ("$.actions[%u].parameters.%s", index,
                                                parameters[j]);

      /* Read when the action runs, a parameter starts nothing: it closes no loop. What
       * starts the action (a change, another action) is what the graph follows. */
      check_template_references (checker,
                                 lf_action_get_parameter_template (action, parameters[j]),
                                 where, NULL);
    }
  collect_trigger (checker, index, action);
  collect_follow_ups (checker, index, action);
}

static void
collect (Checker *checker)
{
  for (guint i = 0; i < lf_form_get_n_controls (checker->form); i++)
    collect_control (checker, i, lf_form_get_control (checker->form, i));
  for (guint i = 0; i < lf_form_get_n_actions (checker->form); i++)
    collect_action (checker, i, lf_form_get_action (checker->form, i));
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
          checker->current = edge->to;
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

/* Every problem of @self, each with the part it is in. */
static void
run_checker (LfForm  *self,
             Checker *checker)
{
  g_autoptr(GHashTable) colour = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();

  checker->form = self;
  checker->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  checker->parts = g_ptr_array_new_with_free_func (g_free);
  checker->names = g_ptr_array_new ();
  checker->edges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < lf_form_get_n_controls (self); i++)
    g_ptr_array_add (checker->names, (gpointer) lf_control_get_name (lf_form_get_control (self,
                                                                                          i)));
  for (guint i = 0; i < lf_form_get_n_actions (self); i++)
    g_ptr_array_add (checker->names, (gpointer) lf_action_get_name (lf_form_get_action (self, i)));
  g_ptr_array_add (checker->names, NULL);

  collect (checker);

  /* One cycle is enough to report: the rest usually share its edges. */
  for (guint i = 0; i + 1 < checker->names->len; i++)
    {
      const char *name = g_ptr_array_index (checker->names, i);

      if (g_hash_table_lookup (colour, name) == NULL &&
          find_cycle (checker, name, colour, path))
        break;
    }
  g_ptr_array_unref (checker->names);
  g_hash_table_unref (checker->edges);
}

GPtrArray *
lf_form_list_problems (LfForm *self)
{
  Checker checker = { 0 };

  g_return_val_if_fail (LF_IS_FORM (self), NULL);

  run_checker (self, &checker);
  g_ptr_array_unref (checker.parts);
  return checker.problems;
}

GPtrArray *
lf_form_list_problems_of (LfForm     *self,
                          const char *name)
{
  Checker checker = { 0 };
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  g_return_val_if_fail (LF_IS_FORM (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  run_checker (self, &checker);
  for (guint i = 0; i < checker.problems->len; i++)
    if (g_strcmp0 (checker.parts->pdata[i], name) == 0)
      g_ptr_array_add (found, g_error_copy (checker.problems->pdata[i]));
  g_ptr_array_unref (checker.parts);
  g_ptr_array_unref (checker.problems);
  return found;
}

char *
lf_form_problem_dup_sentence (const GError *problem)
{
  const char *text;
  const char *colon;

  g_return_val_if_fail (problem != NULL, NULL);

  /* "$.actions[1].parameters.payload: 1:4: sentence": the path, then perhaps a position. */
  text = problem->message;
  if (text[0] == '$' && (colon = strstr (text, ": ")) != NULL)
    text = colon + 2;
  while (g_ascii_isdigit (text[0]))
    {
      const char *p = text;

      while (g_ascii_isdigit (*p) || *p == ':')
        p++;
      if (p == text || p[-1] != ':' || *p != ' ')
        break;
      text = p + 1;
    }
  return g_strdup (text);
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
