/* test-form.c: the form model: controls, actions, signals, undo and redo, the catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lf-form.h"

/* Every signal the form emits, as one line each. */
typedef struct
{
  GPtrArray *events;
} Recorder;

static void
on_control_added (LfForm *form, LfControl *control, guint position, Recorder *r)
{
  g_ptr_array_add (r->events, g_strdup_printf ("added %s %u", lf_control_get_name (control),
                                               position));
}

static void
on_control_removed (LfForm *form, LfControl *control, guint position, Recorder *r)
{
  g_ptr_array_add (r->events, g_strdup_printf ("removed %s %u", lf_control_get_name (control),
                                               position));
}

static void
on_control_moved (LfForm *form, LfControl *control, guint from, guint to, Recorder *r)
{
  g_ptr_array_add (r->events, g_strdup_printf ("moved %s %u %u", lf_control_get_name (control),
                                               from, to));
}

static void
on_property_changed (LfForm *form, LfControl *control, const char *member, Recorder *r)
{
  g_ptr_array_add (r->events, g_strdup_printf ("changed %s %s", lf_control_get_name (control),
                                               member));
}

static void
on_action_event (LfForm *form, LfAction *action, guint position, Recorder *r)
{
  g_ptr_array_add (r->events, g_strdup_printf ("action %s %u", lf_action_get_name (action),
                                               position));
}

static void
on_setting_changed (LfForm *form, const char *name, Recorder *r)
{
  g_ptr_array_add (r->events, g_strdup_printf ("setting %s", name));
}

static void
recorder_attach (Recorder *r,
                 LfForm   *form)
{
  r->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (form, "control-added", G_CALLBACK (on_control_added), r);
  g_signal_connect (form, "control-removed", G_CALLBACK (on_control_removed), r);
  g_signal_connect (form, "control-moved", G_CALLBACK (on_control_moved), r);
  g_signal_connect (form, "control-property-changed", G_CALLBACK (on_property_changed), r);
  g_signal_connect (form, "action-added", G_CALLBACK (on_action_event), r);
  g_signal_connect (form, "action-removed", G_CALLBACK (on_action_event), r);
  g_signal_connect (form, "setting-changed", G_CALLBACK (on_setting_changed), r);
}

static char *
recorder_take (Recorder *r)
{
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < r->events->len; i++)
    g_string_append_printf (all, "%s%s", i ? "; " : "", (char *) r->events->pdata[i]);
  g_ptr_array_set_size (r->events, 0);
  return g_string_free (g_steal_pointer (&all), FALSE);
}

static char *
names (LfForm *form)
{
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < lf_form_get_n_controls (form); i++)
    g_string_append_printf (all, "%s%s", i ? " " : "",
                            lf_control_get_name (lf_form_get_control (form, i)));
  return g_string_free (g_steal_pointer (&all), FALSE);
}

#define assert_events(r, expected) G_STMT_START { \
    g_autofree char *_events = recorder_take (r); \
    g_assert_cmpstr (_events, ==, expected); \
  } G_STMT_END

#define assert_names(form, expected) G_STMT_START { \
    g_autofree char *_names = names (form); \
    g_assert_cmpstr (_names, ==, expected); \
  } G_STMT_END

static void
test_controls_and_signals (void)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) label = json_node_init_string (json_node_alloc (), "Name");
  Recorder r;
  LfControl *field, *button, *area;

  recorder_attach (&r, form);

  field = lf_form_add_control (form, "text-field", -1, &error);
  g_assert_no_error (error);
  button = lf_form_add_control (form, "button", -1, &error);
  area = lf_form_add_control (form, "text-area", 0, &error);
  g_assert_nonnull (area);
  assert_names (form, "textArea1 textField1 button1");
  assert_events (&r, "added textField1 0; added button1 1; added textArea1 0");

  lf_form_move_control (form, area, 2);
  assert_names (form, "textField1 button1 textArea1");
  assert_events (&r, "moved textArea1 0 2");

  g_assert_true (lf_form_set_control_property (form, field, "label", label, &error));
  g_assert_cmpstr (lf_control_get_label (field), ==, "Name");
  /* Setting the same value again is not a change. */
  g_assert_true (lf_form_set_control_property (form, field, "label", label, &error));
  assert_events (&r, "changed textField1 properties.label");

  g_assert_true (lf_form_rename_control (form, field, "name", &error));
  g_assert_true (lf_form_find_control (form, "name") == field);
  assert_events (&r, "changed name name");

  lf_form_remove_control (form, button);
  assert_names (form, "name textArea1");
  assert_events (&r, "removed button1 1");

  g_assert_true (lf_form_set_setting (form, "title", "Mine", &error));
  g_assert_cmpstr (lf_form_get_title (form), ==, "Mine");
  assert_events (&r, "setting title");

  g_ptr_array_unref (r.events);
}

static void
test_refusals (void)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) number = json_node_init_int (json_node_alloc (), 3);
  LfControl *field = lf_form_add_control (form, "text-field", -1, NULL);
  LfControl *other = lf_form_add_control (form, "text-field", -1, NULL);

  g_assert_null (lf_form_add_control (form, "slider", -1, &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (lf_form_set_control_property (form, field, "label", number, &error));
  g_assert_cmpstr (error->message, ==, "“label” must be a string");
  g_clear_error (&error);

  g_assert_false (lf_form_set_control_property (form, field, "lable", number, &error));
  g_assert_cmpstr (error->message, ==, "A Text field has no property “lable” (did you mean "
                   "“label”?)");
  g_clear_error (&error);

  g_assert_false (lf_form_rename_control (form, field, lf_control_get_name (other), &error));
  g_assert_nonnull (strstr (error->message, "already named"));
  g_clear_error (&error);
  g_assert_false (lf_form_rename_control (form, field, "has space", &error));
  g_clear_error (&error);

  /* Bindings are checked when made: syntax, names, bindability, cycles. */
  g_assert_false (lf_form_set_control_binding (form, field, "value", "{{ oops", &error));
  g_assert_nonnull (strstr (error->message, "never closed"));
  g_clear_error (&error);
  g_assert_false (lf_form_set_control_binding (form, field, "value", "{{ textFeild2.value }}",
                                               &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_REFERENCE);
  g_assert_nonnull (strstr (error->message, "did you mean “textField2”?"));
  g_clear_error (&error);
  g_assert_false (lf_form_set_control_binding (form, field, "placeholder", "{{ a.value }}",
                                               &error));
  g_assert_nonnull (strstr (error->message, "cannot be bound"));
  g_clear_error (&error);

  g_assert_true (lf_form_set_control_binding (form, field, "value", "{{ textField2.value }}",
                                              &error));
  g_assert_no_error (error);
  g_assert_false (lf_form_set_control_binding (form, other, "value", "{{ textField1.text }}",
                                               &error));
  g_assert_nonnull (strstr (error->message, "depends on itself"));
  g_clear_error (&error);
  g_assert_null (lf_control_get_binding (other, "value"));
  g_assert_false (lf_form_can_redo (form));
}

static void
test_undo_redo (void)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(JsonNode) label = json_node_init_string (json_node_alloc (), "Hello");
  Recorder r;
  LfControl *a, *b;

  a = lf_form_add_control (form, "label", -1, NULL);
  b = lf_form_add_control (form, "switch", -1, NULL);
  lf_form_set_control_property (form, a, "label", label, NULL);
  lf_form_move_control (form, b, 0);
  lf_form_remove_control (form, a);
  assert_names (form, "switch1");

  recorder_attach (&r, form);
  g_assert_cmpstr (lf_form_get_undo_label (form), ==, "Remove control");
  g_assert_true (lf_form_undo (form));
  assert_names (form, "switch1 label1");
  assert_events (&r, "added label1 1");
  g_assert_true (lf_form_undo (form));
  assert_names (form, "label1 switch1");
  assert_events (&r, "moved switch1 0 1");
  g_assert_true (lf_form_undo (form));
  g_assert_cmpstr (lf_control_get_label (a), ==, "");
  assert_events (&r, "changed label1 properties.label");
  g_assert_true (lf_form_undo (form));
  g_assert_true (lf_form_undo (form));
  g_assert_cmpuint (lf_form_get_n_controls (form), ==, 0);
  g_assert_false (lf_form_undo (form));
  g_assert_false (lf_form_can_undo (form));

  while (lf_form_redo (form))
    ;
  assert_names (form, "switch1");
  g_assert_true (lf_form_undo (form));
  g_assert_cmpstr (lf_control_get_label (lf_form_find_control (form, "label1")), ==, "Hello");

  /* A new change forgets what could be redone. */
  g_assert_true (lf_form_can_redo (form));
  lf_form_set_setting (form, "region", "eu-west-1", NULL);
  g_assert_false (lf_form_can_redo (form));
  g_assert_true (lf_form_undo (form));
  g_assert_null (lf_form_get_setting (form, "region"));

  g_ptr_array_unref (r.events);
}

static void
test_beside_previous (void)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autofree char *plain = NULL;
  g_autofree char *data = NULL;
  Recorder r;
  LfControl *a, *b;

  a = lf_form_add_control (form, "text-field", -1, NULL);
  b = lf_form_add_control (form, "number", -1, NULL);
  plain = lf_form_to_data (form, NULL);
  g_assert_false (lf_control_get_beside_previous (b));

  recorder_attach (&r, form);
  lf_form_set_control_beside_previous (form, b, TRUE);
  g_assert_true (lf_control_get_beside_previous (b));
  assert_events (&r, "changed number1 beside_previous");
  g_assert_cmpstr (lf_form_get_undo_label (form), ==, "Place control beside the previous one");
  data = lf_form_to_data (form, NULL);
  g_assert_nonnull (strstr (data, "\"beside_previous\" : true"));

  /* Setting what is already there is no step. */
  lf_form_set_control_beside_previous (form, b, TRUE);
  assert_events (&r, "");

  /* It travels with the control: moved first, it stays set and views ignore it there. */
  lf_form_move_control (form, b, 0);
  g_assert_true (lf_control_get_beside_previous (b));
  g_assert_true (lf_form_undo (form));
  g_assert_true (lf_form_get_control (form, 1) == b);
  g_free (recorder_take (&r));

  g_assert_true (lf_form_undo (form));
  g_assert_false (lf_control_get_beside_previous (b));
  assert_events (&r, "changed number1 beside_previous");
  {
    g_autofree char *undone = lf_form_to_data (form, NULL);

    /* false is the default and leaves no trace in the file. */
    g_assert_cmpstr (undone, ==, plain);
  }
  g_assert_true (lf_form_redo (form));
  g_assert_true (lf_control_get_beside_previous (b));

  lf_form_set_control_beside_previous (form, b, FALSE);
  g_assert_cmpstr (lf_form_get_undo_label (form), ==, "Place control on its own line");
  g_assert_false (lf_control_get_beside_previous (b));
  g_assert_false (lf_control_get_beside_previous (a));

  g_ptr_array_unref (r.events);
}

static void
on_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_groups (void)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(JsonNode) on = json_node_init_boolean (json_node_alloc (), TRUE);
  guint notifies = 0;
  LfControl *a;

  g_signal_connect (form, "notify::can-undo", G_CALLBACK (on_notify), &notifies);
  lf_form_begin_group (form, "Add a switch that is on");
  a = lf_form_add_control (form, "switch", -1, NULL);
  lf_form_begin_group (form, "inner");
  lf_form_set_control_property (form, a, "value", on, NULL);
  lf_form_rename_control (form, a, "power", NULL);
  lf_form_end_group (form);
  /* Nothing to undo while the group is open. */
  g_assert_false (lf_form_can_undo (form));
  lf_form_end_group (form);
  g_assert_true (lf_form_can_undo (form));
  g_assert_cmpuint (notifies, >, 0);
  g_assert_cmpstr (lf_form_get_undo_label (form), ==, "Add a switch that is on");

  /* One step takes all of it back, in reverse, and one step does it again. */
  g_assert_true (lf_form_undo (form));
  g_assert_cmpuint (lf_form_get_n_controls (form), ==, 0);
  g_assert_false (lf_form_can_undo (form));
  g_assert_true (lf_form_redo (form));
  g_assert_true (lf_form_find_control (form, "power") == a);
  g_assert_true (lf_control_get_boolean (a, "value"));

  /* An empty group leaves no step. */
  lf_form_begin_group (form, "nothing");
  lf_form_end_group (form);
  g_assert_cmpstr (lf_form_get_undo_label (form), ==, "Add a switch that is on");
}

static JsonNode *
json (const char *text)
{
  JsonNode *node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return node;
}

static void
test_actions (void)
{
  g_autoptr(LfForm) form = lf_form_new ();
  g_autoptr(LfAction) list = lf_action_new ("list1", LF_OPERATION_LIST_FUNCTIONS);
  g_autoptr(LfAction) remove = lf_action_new ("remove1", LF_OPERATION_DELETE_FUNCTION);
  g_autoptr(LfAction) details = lf_action_new ("details", LF_OPERATION_GET_FUNCTION);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) name = json ("\"{{ picker.value }}\"");
  g_autoptr(JsonNode) misspelt = json ("\"{{ pickr.value }}\"");
  g_autoptr(JsonNode) wrong = json ("\"DeleteFuntion\"");
  g_autoptr(JsonNode) taken = json ("\"picker\"");
  g_autoptr(JsonNode) trigger = json ("{\"on\": \"change\", \"control\": \"picker\"}");
  g_autoptr(JsonNode) bad_trigger = json ("{\"on\": \"clik\", \"control\": \"picker\"}");
  Recorder r;
  LfControl *picker;

  g_assert_true (lf_form_insert_action (form, list, -1, &error));
  g_assert_no_error (error);
  /* A delete needs a function name. */
  g_assert_false (lf_form_insert_action (form, remove, -1, &error));
  g_assert_nonnull (strstr (error->message, "needs the parameter “function_name”"));
  g_clear_error (&error);
  g_assert_false (lf_action_is_destructive (list));
  g_assert_true (lf_action_is_destructive (remove));

  picker = lf_form_add_control (form, "dropdown", -1, NULL);
  lf_form_rename_control (form, picker, "picker", NULL);
  g_assert_true (lf_form_set_control_binding (form, picker, "items",
                                              "{{ list1.data.Functions }}", &error));
  g_assert_no_error (error);

  g_assert_false (lf_form_set_action_member (form, list, "parameters", "function_name", name,
                                             &error));
  g_assert_nonnull (strstr (error->message, "takes no parameter “function_name”"));
  g_clear_error (&error);
  g_assert_false (lf_form_set_action_member (form, list, NULL, "operation", wrong, &error));
  g_assert_nonnull (strstr (error->message, "(did you mean “DeleteFunction”?)"));
  g_clear_error (&error);
  g_assert_false (lf_form_set_action_member (form, list, NULL, "name", taken, &error));
  g_assert_nonnull (strstr (error->message, "already named"));
  g_clear_error (&error);

  /* Not yet in a form: its JSON is the caller's to fill. */
  json_object_set_string_member (json_object_get_object_member (lf_action_get_json (details),
                                                                "parameters"),
                                 "function_name", "echo");
  g_assert_true (lf_form_insert_action (form, details, -1, &error));
  g_assert_no_error (error);

  recorder_attach (&r, form);
  g_assert_false (lf_form_set_action_member (form, details, "parameters", "function_name",
                                             misspelt, &error));
  g_assert_error (error, LF_FORM_ERROR, LF_FORM_ERROR_REFERENCE);
  g_assert_nonnull (strstr (error->message, "(did you mean “picker”?)"));
  g_clear_error (&error);
  g_assert_false (lf_form_set_action_member (form, details, NULL, "trigger", bad_trigger, &error));
  g_assert_nonnull (strstr (error->message, "(did you mean “click”?)"));
  g_clear_error (&error);
  assert_events (&r, "");

  g_assert_true (lf_form_set_action_member (form, details, "parameters", "function_name", name,
                                            &error));
  g_assert_true (lf_form_set_action_member (form, details, NULL, "trigger", trigger, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lf_action_get_trigger (details), ==, LF_TRIGGER_CHANGE);
  g_assert_cmpstr (lf_action_get_trigger_control (details), ==, "picker");
  g_assert_cmpstr (lf_action_get_parameter (details, "function_name"), ==, "{{ picker.value }}");

  g_assert_true (lf_form_undo (form));
  g_assert_cmpint (lf_action_get_trigger (details), ==, LF_TRIGGER_NONE);
  g_assert_true (lf_form_undo (form));
  g_assert_cmpstr (lf_action_get_parameter (details, "function_name"), ==, "echo");
  g_assert_true (lf_form_undo (form));
  g_assert_null (lf_form_find_action (form, "details"));
  assert_events (&r, "action details 1");

  g_ptr_array_unref (r.events);
}

static void
test_catalogue (void)
{
  guint n = 0;
  const LfControlKind * const *kinds = lf_control_kind_get_all (&n);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const expected[] = {
    "label", "text-field", "text-area", "dropdown", "button", "switch", "number", "json-view",
    "status", "key-value-table", NULL
  };

  g_assert_cmpuint (n, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < n; i++)
    {
      const LfControlKind *kind = kinds[i];
      g_autofree const char **props = lf_control_kind_list_properties (kind);
      const LfPropertySpec *value = lf_control_kind_find_property (kind, "value");

      g_assert_true (g_strv_contains (expected, kind->id));
      g_assert_true (g_hash_table_add (ids, (gpointer) kind->id));
      g_assert_true (lf_control_kind_lookup (kind->id) == kind);
      /* Every kind has the common properties first, and its value when it has one. */
      g_assert_cmpstr (props[0], ==, "label");
      g_assert_nonnull (lf_control_kind_find_property (kind, "visible"));
      g_assert_true ((value != NULL) == kind->has_value);
      if (value != NULL)
        {
          g_assert_true (value->bindable);
          g_assert_cmpint (value->type, ==, kind->value_type);
        }

      /* Every default fits its own type. */
      for (guint j = 0; props[j]; j++)
        {
          const LfPropertySpec *spec = lf_control_kind_find_property (kind, props[j]);
          g_autoptr(JsonNode) node = lf_property_spec_dup_default (spec);
          g_autofree char *message = NULL;

          if (!lf_property_spec_check (spec, node, &message))
            g_error ("%s.%s: default %s", kind->id, props[j], message);
        }
    }
  g_assert_null (lf_control_kind_lookup ("slider"));
  g_assert_false (lf_control_kind_find_property (lf_control_kind_lookup ("button"),
                                                 "placeholder") != NULL);
  g_assert_true (lf_control_kind_find_property (lf_control_kind_lookup ("dropdown"),
                                                "items")->bindable);
  g_assert_false (lf_control_kind_find_property (lf_control_kind_lookup ("dropdown"),
                                                 "options")->bindable);
}

static void
test_property_checks (void)
{
  const LfControlKind *dropdown = lf_control_kind_lookup ("dropdown");
  const LfControlKind *status = lf_control_kind_lookup ("status");
  struct { const LfControlKind *kind; const char *prop; const char *json; gboolean ok; } cases[] = {
    { dropdown, "options", "[{\"label\": \"A\", \"value\": 1}]", TRUE },
    { dropdown, "options", "[{\"label\": \"A\"}]", FALSE },
    { dropdown, "options", "[{\"value\": 1}]", FALSE },
    { dropdown, "options", "{}", FALSE },
    { dropdown, "label_path", "\"Configuration.Runtime\"", TRUE },
    { dropdown, "label_path", "\"[0]\"", TRUE },
    { dropdown, "label_path", "\"a[\"", FALSE },
    { dropdown, "visible", "1", FALSE },
    { status, "tone", "\"error\"", TRUE },
    { status, "tone", "\"purple\"", FALSE },
    { lf_control_kind_lookup ("number"), "value", "2.5", TRUE },
    { lf_control_kind_lookup ("number"), "value", "\"2\"", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const LfPropertySpec *spec = lf_control_kind_find_property (cases[i].kind, cases[i].prop);
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autofree char *message = NULL;

      g_assert_cmpint (lf_property_spec_check (spec, node, &message), ==, cases[i].ok);
      g_assert_true ((message == NULL) == cases[i].ok);
    }
}

static const char *rename_form =
  "{\"format_version\": 1, \"controls\": ["
  "{\"kind\": \"text-field\", \"name\": \"who\"},"
  "{\"kind\": \"button\", \"name\": \"go\"},"
  "{\"kind\": \"label\", \"name\": \"out\", \"bindings\": {\"value\": "
  "\"Hi {{ who.value }}, {{ who.value | length }} / {{ greet.data.Payload.greeting }}\"}}],"
  "\"actions\": [{\"name\": \"greet\", \"operation\": \"Invoke\", \"parameters\": "
  "{\"function_name\": \"greet\", \"payload\": \"{\\\"name\\\": {{ who.value | json }}}\"}, "
  "\"trigger\": {\"on\": \"change\", \"control\": \"who\"}, "
  "\"on_failure\": {\"show_error_in\": \"out\"}},"
  "{\"name\": \"copy\", \"operation\": \"ListFunctions\", "
  "\"on_success\": {\"set\": {\"who\": \"{{ copy.state }}!\"}}},"
  "{\"name\": \"again\", \"operation\": \"ListFunctions\", "
  "\"on_success\": {\"run\": \"greet\"}}]}";

/* Renaming a control or an action rewrites every place that names it, as one step, and
 * what named it is listed before anything goes. */
static void
test_rename_everywhere (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = lf_form_new_from_data (rename_form, -1, &error);
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *before = NULL;
  g_autofree char *undone = NULL;
  g_autoptr(JsonNode) hello = json_node_init_string (json_node_alloc (), "hello");
  LfAction *greet;
  LfControl *out;

  g_assert_no_error (error);
  readers = lf_form_list_readers (form, "who");
  g_assert_cmpuint (readers->len, ==, 3);
  g_assert_cmpstr (readers->pdata[0], ==, "out");
  g_assert_cmpstr (readers->pdata[1], ==, "greet");
  g_assert_cmpstr (readers->pdata[2], ==, "copy");
  g_clear_pointer (&readers, g_ptr_array_unref);
  readers = lf_form_list_readers (form, "go");
  g_assert_cmpuint (readers->len, ==, 0);

  before = lf_form_to_data (form, NULL);
  lf_form_rename_control (form, lf_form_find_control (form, "who"), "person", &error);
  g_assert_no_error (error);
  out = lf_form_find_control (form, "out");
  greet = lf_form_find_action (form, "greet");
  g_assert_cmpstr (lf_control_get_binding (out, "value"), ==,
                   "Hi {{ person.value }}, {{ person.value | length }} / "
                   "{{ greet.data.Payload.greeting }}");
  g_assert_cmpstr (lf_action_get_parameter (greet, "payload"), ==,
                   "{\"name\": {{ person.value | json }}}");
  g_assert_cmpstr (lf_action_get_trigger_control (greet), ==, "person");
  g_assert_nonnull (lf_action_get_success_set_template (lf_form_find_action (form, "copy"),
                                                        "person"));
  problems = lf_form_list_problems (form);
  g_assert_cmpuint (problems->len, ==, 0);

  /* One step back is the whole rename. */
  g_assert_cmpstr (lf_form_get_undo_label (form), ==, "Rename control");
  g_assert_true (lf_form_undo (form));
  undone = lf_form_to_data (form, NULL);
  g_assert_cmpstr (undone, ==, before);

  /* An action too: the binding that reads its answer and the success that runs it. */
  g_assert_true (lf_form_set_action_member (form, lf_form_find_action (form, "greet"), NULL,
                                            "name", hello, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (lf_control_get_binding (lf_form_find_control (form, "out"), "value"),
                            "{{ hello.data.Payload.greeting }}"));
  g_assert_cmpstr (lf_action_get_success_action (lf_form_find_action (form, "again")), ==,
                   "hello");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = lf_form_list_problems (form);
  g_assert_cmpuint (problems->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/form/controls-and-signals", test_controls_and_signals);
  g_test_add_func ("/form/refusals", test_refusals);
  g_test_add_func ("/form/undo-redo", test_undo_redo);
  g_test_add_func ("/form/beside-previous", test_beside_previous);
  g_test_add_func ("/form/groups", test_groups);
  g_test_add_func ("/form/actions", test_actions);
  g_test_add_func ("/form/catalogue", test_catalogue);
  g_test_add_func ("/form/property-checks", test_property_checks);
  g_test_add_func ("/form/rename-everywhere", test_rename_everywhere);

  return g_test_run ();
}
