/* lf-form.c: the form document and its undo stack
 *
 * Every public change builds a command and runs it; undo runs it backwards. Commands hold the
 * old and the new JSON of what they change, so one command type serves every property.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-form-private.h"
#include "lf-form-schema.h"
#include "lf-json-util.h"

typedef enum
{
  CMD_GROUP,
  CMD_INSERT_CONTROL,
  CMD_REMOVE_CONTROL,
  CMD_MOVE_CONTROL,
  CMD_SET_CONTROL,
  CMD_INSERT_ACTION,
  CMD_REMOVE_ACTION,
  CMD_SET_ACTION,
  CMD_SET_SETTING,
} CommandType;

typedef struct
{
  CommandType  type;
  char        *label;
  GObject     *target;
  guint        from;
  guint        to;
  char        *section;
  char        *name;
  JsonNode    *old_value;
  JsonNode    *new_value;
  GPtrArray   *children;
  guint64      serial;     /* names the state this command leads to */
} Command;

struct _LfForm
{
  GObject     parent_instance;

  JsonObject *root;       /* settings and unknown members; controls and actions live below */
  GPtrArray  *controls;
  GPtrArray  *actions;

  GPtrArray  *undo_stack;
  GPtrArray  *redo_stack;
  GPtrArray  *open_groups;  /* of Command, innermost last */
  guint64     next_serial;
};

G_DEFINE_TYPE (LfForm, lf_form, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_REVISION,
  N_PROPS
};

enum {
  CONTROL_ADDED,
  CONTROL_REMOVED,
  CONTROL_MOVED,
  CONTROL_PROPERTY_CHANGED,
  ACTION_ADDED,
  ACTION_REMOVED,
  ACTION_CHANGED,
  SETTING_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
command_free (gpointer data)
{
  Command *cmd = data;

  g_free (cmd->label);
  g_clear_object (&cmd->target);
  g_free (cmd->section);
  g_free (cmd->name);
  g_clear_pointer (&cmd->old_value, json_node_unref);
  g_clear_pointer (&cmd->new_value, json_node_unref);
  g_clear_pointer (&cmd->children, g_ptr_array_unref);
  g_free (cmd);
}

static Command *
command_new (CommandType  type,
             const char  *label,
             gpointer     target)
{
  Command *cmd = g_new0 (Command, 1);

  cmd->type = type;
  cmd->label = g_strdup (label);
  cmd->target = target ? g_object_ref (target) : NULL;
  return cmd;
}

static void
lf_form_dispose (GObject *object)
{
  LfForm *self = (LfForm *) object;

  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->open_groups, g_ptr_array_unref);
  g_clear_pointer (&self->controls, g_ptr_array_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);

  G_OBJECT_CLASS (lf_form_parent_class)->dispose (object);
}

static void
lf_form_finalize (GObject *object)
{
  LfForm *self = (LfForm *) object;

  g_clear_pointer (&self->root, json_object_unref);

  G_OBJECT_CLASS (lf_form_parent_class)->finalize (object);
}

static void
lf_form_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LfForm *self = LF_FORM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, lf_form_get_title (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, lf_form_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, lf_form_can_redo (self));
      break;
    case PROP_REVISION:
      g_value_set_uint64 (value, lf_form_get_revision (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_form_class_init (LfFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_form_dispose;
  object_class->finalize = lf_form_finalize;
  object_class->get_property = lf_form_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REVISION] =
    g_param_spec_uint64 ("revision", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONTROL_ADDED] =
    g_signal_new ("control-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, LF_TYPE_CONTROL, G_TYPE_UINT);
  signals[CONTROL_REMOVED] =
    g_signal_new ("control-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, LF_TYPE_CONTROL, G_TYPE_UINT);
  signals[CONTROL_MOVED] =
    g_signal_new ("control-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, LF_TYPE_CONTROL, G_TYPE_UINT, G_TYPE_UINT);
  signals[CONTROL_PROPERTY_CHANGED] =
    g_signal_new ("control-property-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  LF_TYPE_CONTROL, G_TYPE_STRING);
  signals[ACTION_ADDED] =
    g_signal_new ("action-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, LF_TYPE_ACTION, G_TYPE_UINT);
  signals[ACTION_REMOVED] =
    g_signal_new ("action-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, LF_TYPE_ACTION, G_TYPE_UINT);
  signals[ACTION_CHANGED] =
    g_signal_new ("action-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  LF_TYPE_ACTION, G_TYPE_STRING);
  signals[SETTING_CHANGED] =
    g_signal_new ("setting-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING);
}

static void
lf_form_init (LfForm *self)
{
  self->root = json_object_new ();
  json_object_set_int_member (self->root, "format_version", LF_FORM_FORMAT_VERSION);
  json_object_set_string_member (self->root, "title", "");
  json_object_set_array_member (self->root, "controls", json_array_new ());
  json_object_set_array_member (self->root, "actions", json_array_new ());
  self->controls = g_ptr_array_new_with_free_func (g_object_unref);
  self->actions = g_ptr_array_new_with_free_func (g_object_unref);
  self->undo_stack = g_ptr_array_new_with_free_func (command_free);
  self->redo_stack = g_ptr_array_new_with_free_func (command_free);
  self->open_groups = g_ptr_array_new_with_free_func (command_free);
}

LfForm *
lf_form_new (void)
{
  return g_object_new (LF_TYPE_FORM, NULL);
}

JsonObject *
_lf_form_get_json (LfForm *self)
{
  return self->root;
}

/* Low-level changes: no undo, only signals ********************************************/

static void
insert_object (LfForm    *self,
               GPtrArray *array,
               GObject   *object,
               guint      position)
{
  g_ptr_array_insert (array, position, g_object_ref (object));
  g_signal_emit (self, signals[array == self->controls ? CONTROL_ADDED : ACTION_ADDED], 0,
                 object, position);
}

static void
remove_object (LfForm    *self,
               GPtrArray *array,
               guint      position)
{
  g_autoptr(GObject) object = g_ptr_array_steal_index (array, position);

  g_signal_emit (self, signals[array == self->controls ? CONTROL_REMOVED : ACTION_REMOVED], 0,
                 object, position);
}

static void
move_control (LfForm *self,
              guint   from,
              guint   to)
{
  LfControl *control = g_ptr_array_steal_index (self->controls, from);

  g_ptr_array_insert (self->controls, to, control);
  g_signal_emit (self, signals[CONTROL_MOVED], 0, control, from, to);
}

static void
set_member (LfForm     *self,
            Command    *cmd,
            JsonNode   *value)
{
  g_autofree char *member = cmd->section ? g_strconcat (cmd->section, ".", cmd->name, NULL)
                                         : g_strdup (cmd->name);
  JsonNode *copy = value ? lf_json_deep_copy (value) : NULL;

  switch (cmd->type)
    {
    case CMD_SET_CONTROL:
      _lf_control_set_member (LF_CONTROL (cmd->target), cmd->section, cmd->name, copy);
      g_signal_emit (self, signals[CONTROL_PROPERTY_CHANGED], g_quark_from_string (member),
                     cmd->target, member);
      break;
    case CMD_SET_ACTION:
      _lf_action_set_member (LF_ACTION (cmd->target), cmd->section, cmd->name, copy);
      g_signal_emit (self, signals[ACTION_CHANGED], g_quark_from_string (member), cmd->target,
                     member);
      break;
    case CMD_SET_SETTING:
      if (copy != NULL)
        json_object_set_member (self->root, cmd->name, copy);
      else if (json_object_has_member (self->root, cmd->name))
        json_object_remove_member (self->root, cmd->name);
      g_signal_emit (self, signals[SETTING_CHANGED], g_quark_from_string (cmd->name), cmd->name);
      if (g_str_equal (cmd->name, "title"))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
      break;
    case CMD_GROUP:
    case CMD_INSERT_CONTROL:
    case CMD_REMOVE_CONTROL:
    case CMD_MOVE_CONTROL:
    case CMD_INSERT_ACTION:
    case CMD_REMOVE_ACTION:
    default:
      g_assert_not_reached ();
    }
}

static void
apply (LfForm  *self,
       Command *cmd,
       gboolean forward)
{
  switch (cmd->type)
    {
    case CMD_GROUP:
      for (guint i = 0; i < cmd->children->len; i++)
        apply (self, g_ptr_array_index (cmd->children,
                                        forward ? i : cmd->children->len - 1 - i), forward);
      break;
    case CMD_INSERT_CONTROL:
    case CMD_REMOVE_CONTROL:
      if (forward == (cmd->type == CMD_INSERT_CONTROL))
        insert_object (self, self->controls, cmd->target, cmd->from);
      else
        remove_object (self, self->controls, cmd->from);
      break;
    case CMD_INSERT_ACTION:
    case CMD_REMOVE_ACTION:
      if (forward == (cmd->type == CMD_INSERT_ACTION))
        insert_object (self, self->actions, cmd->target, cmd->from);
      else
        remove_object (self, self->actions, cmd->from);
      break;
    case CMD_MOVE_CONTROL:
      if (forward)
        move_control (self, cmd->from, cmd->to);
      else
        move_control (self, cmd->to, cmd->from);
      break;
    case CMD_SET_CONTROL:
    case CMD_SET_ACTION:
    case CMD_SET_SETTING:
      set_member (self, cmd, forward ? cmd->new_value : cmd->old_value);
      break;
    default:
      g_assert_not_reached ();
    }
}

guint64
lf_form_get_revision (LfForm *self)
{
  g_return_val_if_fail (LF_IS_FORM (self), 0);

  if (self->undo_stack->len == 0)
    return 0;
  return ((Command *) g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1))->serial;
}

/* A step joins the undo stack under a serial never used before in this form, so a state
 * that a dropped redo left behind is never named again. */
static void
push_undo (LfForm  *self,
           Command *cmd)
{
  cmd->serial = ++self->next_serial;
  g_ptr_array_add (self->undo_stack, cmd);
  g_ptr_array_set_size (self->redo_stack, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
}

static void
notify_history (LfForm  *self,
                gboolean could_undo,
                gboolean could_redo)
{
  if (could_undo != lf_form_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != lf_form_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Runs @cmd (taking it) and records it for undo. */
static void
execute (LfForm  *self,
         Command *cmd)
{
  gboolean could_undo = lf_form_can_undo (self);
  gboolean could_redo = lf_form_can_redo (self);

  apply (self, cmd, TRUE);
  if (self->open_groups->len > 0)
    {
      Command *group = g_ptr_array_index (self->open_groups, self->open_groups->len - 1);

      g_ptr_array_add (group->children, cmd);
      return;
    }
  push_undo (self, cmd);
  notify_history (self, could_undo, could_redo);
}

gboolean
lf_form_can_undo (LfForm *self)
{
  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  return self->undo_stack->len > 0 && self->open_groups->len == 0;
}

gboolean
lf_form_can_redo (LfForm *self)
{
  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  return self->redo_stack->len > 0 && self->open_groups->len == 0;
}

static const char *
top_label (GPtrArray *stack)
{
  return stack->len ? ((Command *) g_ptr_array_index (stack, stack->len - 1))->label : NULL;
}

const char *
lf_form_get_undo_label (LfForm *self)
{
  g_return_val_if_fail (LF_IS_FORM (self), NULL);
  return top_label (self->undo_stack);
}

const char *
lf_form_get_redo_label (LfForm *self)
{
  g_return_val_if_fail (LF_IS_FORM (self), NULL);
  return top_label (self->redo_stack);
}

static gboolean
step (LfForm    *self,
      GPtrArray *from,
      GPtrArray *to,
      gboolean   forward)
{
  gboolean could_undo = lf_form_can_undo (self);
  gboolean could_redo = lf_form_can_redo (self);
  Command *cmd;

  if (from->len == 0 || self->open_groups->len > 0)
    return FALSE;
  cmd = g_ptr_array_steal_index (from, from->len - 1);
  apply (self, cmd, forward);
  g_ptr_array_add (to, cmd);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
  notify_history (self, could_undo, could_redo);
  return TRUE;
}

gboolean
lf_form_undo (LfForm *self)
{
  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  return step (self, self->undo_stack, self->redo_stack, FALSE);
}

gboolean
lf_form_redo (LfForm *self)
{
  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  return step (self, self->redo_stack, self->undo_stack, TRUE);
}

void
lf_form_begin_group (LfForm     *self,
                     const char *label)
{
  Command *group;

  g_return_if_fail (LF_IS_FORM (self));

  group = command_new (CMD_GROUP, label, NULL);
  group->children = g_ptr_array_new_with_free_func (command_free);
  g_ptr_array_add (self->open_groups, group);
}

void
lf_form_end_group (LfForm *self)
{
  Command *group;

  g_return_if_fail (LF_IS_FORM (self));
  g_return_if_fail (self->open_groups->len > 0);

  group = g_ptr_array_steal_index (self->open_groups, self->open_groups->len - 1);
  if (group->children->len == 0)
    {
      command_free (group);
      notify_history (self, FALSE, FALSE);
      return;
    }
  if (self->open_groups->len > 0)
    {
      Command *outer = g_ptr_array_index (self->open_groups, self->open_groups->len - 1);

      g_ptr_array_add (outer->children, group);
      return;
    }
  push_undo (self, group);
  /* While a group was open can-undo read FALSE; say what it is now. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Settings *****************************************************************************/

static const char * const setting_names[] = { "title", "account", "region", NULL };

const char *
lf_form_get_setting (LfForm     *self,
                     const char *name)
{
  JsonNode *node;

  g_return_val_if_fail (LF_IS_FORM (self), NULL);

  node = json_object_get_member (self->root, name);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

const char *
lf_form_get_title (LfForm *self)
{
  const char *title = lf_form_get_setting (self, "title");

  return title ? title : "";
}

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

  cmd = command_new (CMD_SET_SETTING, _("Change form settings"), NULL);
  cmd->name = g_strdup (name);
  cmd->old_value = lf_json_deep_copy (json_object_get_member (self->root, name));
  cmd->new_value = value ? json_node_init_string (json_node_alloc (), value) : NULL;
  execute (self, cmd);
  return TRUE;
}

/* Controls *****************************************************************************/

guint
lf_form_get_n_controls (LfForm *self)
{
  g_return_val_if_fail (LF_IS_FORM (self), 0);
  return self->controls->len;
}

LfControl *
lf_form_get_control (LfForm *self,
                     guint   position)
{
  g_return_val_if_fail (LF_IS_FORM (self), NULL);
  return position < self->controls->len ? g_ptr_array_index (self->controls, position) : NULL;
}

LfControl *
lf_form_find_control (LfForm     *self,
                      const char *name)
{
  g_return_val_if_fail (LF_IS_FORM (self), NULL);

  for (guint i = 0; name != NULL && i < self->controls->len; i++)
    if (g_strcmp0 (lf_control_get_name (g_ptr_array_index (self->controls, i)), name) == 0)
      return g_ptr_array_index (self->controls, i);
  return NULL;
}

int
lf_form_get_control_position (LfForm    *self,
                              LfControl *control)
{
  guint position;

  g_return_val_if_fail (LF_IS_FORM (self), -1);
  return g_ptr_array_find (self->controls, control, &position) ? (int) position : -1;
}

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
lf_form_make_unique_name (LfForm     *self,
                          const char *base)
{
  g_autoptr(GString) stem = g_string_new (NULL);
  gboolean upper = FALSE;

  g_return_val_if_fail (LF_IS_FORM (self), NULL);

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
  /* Room for the number, so the name stays within the limit. */
  if (stem->len > LF_FORM_NAME_MAX_LENGTH - 10)
    g_string_truncate (stem, LF_FORM_NAME_MAX_LENGTH - 10);

  for (guint n = 1;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", stem->str, n);

      if (!name_is_taken (self, name, NULL))
        return g_steal_pointer (&name);
    }
}

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

  if (position < 0 || (guint) position > self->controls->len)
    position = self->controls->len;
  label = g_strdup_printf (_("Add %s"), _(lf_control_get_kind (control)->display_name));
  cmd = command_new (CMD_INSERT_CONTROL, label, control);
  cmd->from = position;
  execute (self, cmd);
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

  cmd = command_new (CMD_REMOVE_CONTROL, _("Remove control"), control);
  cmd->from = position;
  execute (self, cmd);
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
  position = MIN (position, self->controls->len - 1);
  if ((guint) from == position)
    return;

  cmd = command_new (CMD_MOVE_CONTROL, _("Move control"), control);
  cmd->from = from;
  cmd->to = position;
  execute (self, cmd);
}

static void
set_control_member (LfForm     *self,
                    LfControl  *control,
                    const char *label,
                    const char *section,
                    const char *name,
                    JsonNode   *value)
{
  Command *cmd = command_new (CMD_SET_CONTROL, label, control);

  cmd->section = g_strdup (section);
  cmd->name = g_strdup (name);
  cmd->old_value = _lf_control_dup_member (control, section, name);
  cmd->new_value = value ? lf_json_deep_copy (value) : NULL;
  execute (self, cmd);
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

  value = json_node_init_string (json_node_alloc (), name);
  set_control_member (self, control, _("Rename control"), NULL, "name", value);
  return TRUE;
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
  set_control_member (self, control,
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
      const char *suggestion = lf_template_suggest (name, names);
      g_autofree char *hint = suggestion ? g_strdup_printf (_(" (did you mean “%s”?)"),
                                                            suggestion) : NULL;

      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("A %s has no property “%s”%s"), _(kind->display_name), name ? name : "",
                   hint ? hint : "");
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
  if ((current == NULL && value == NULL) ||
      (current != NULL && value != NULL && json_node_equal (current, value)))
    return TRUE;

  set_control_member (self, control, _("Change property"), "properties", name, value);
  return TRUE;
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
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
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
  if ((old_value == NULL && new_value == NULL) ||
      (old_value != NULL && new_value != NULL && json_node_equal (old_value, new_value)))
    return TRUE;

  /* Try it, and refuse it when it names what does not exist or closes a cycle. */
  before = lf_form_list_problems (self);
  _lf_control_set_member (control, "bindings", property,
                          new_value ? lf_json_deep_copy (new_value) : NULL);
  after = lf_form_list_problems (self);
  _lf_control_set_member (control, "bindings", property,
                          old_value ? lf_json_deep_copy (old_value) : NULL);
  if (!no_new_problems (before, after, error))
    return FALSE;

  set_control_member (self, control, template ? _("Bind property") : _("Unbind property"),
                      "bindings",
                      property, new_value);
  return TRUE;
}

/* Actions ******************************************************************************/

guint
lf_form_get_n_actions (LfForm *self)
{
  g_return_val_if_fail (LF_IS_FORM (self), 0);
  return self->actions->len;
}

LfAction *
lf_form_get_action (LfForm *self,
                    guint   position)
{
  g_return_val_if_fail (LF_IS_FORM (self), NULL);
  return position < self->actions->len ? g_ptr_array_index (self->actions, position) : NULL;
}

LfAction *
lf_form_find_action (LfForm     *self,
                     const char *name)
{
  g_return_val_if_fail (LF_IS_FORM (self), NULL);

  for (guint i = 0; name != NULL && i < self->actions->len; i++)
    if (g_strcmp0 (lf_action_get_name (g_ptr_array_index (self->actions, i)), name) == 0)
      return g_ptr_array_index (self->actions, i);
  return NULL;
}

gboolean
lf_form_insert_action (LfForm     *self,
                       LfAction   *action,
                       int         position,
                       GError    **error)
{
  Command *cmd;

  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  g_return_val_if_fail (LF_IS_ACTION (action), FALSE);
  g_return_val_if_fail (!g_ptr_array_find (self->actions, action, NULL), FALSE);

  if (!check_new_name (self, lf_action_get_name (action), NULL, error))
    return FALSE;
  if (!lf_form_schema_validate_action (lf_action_get_json (action), "$", error))
    return FALSE;

  if (position < 0 || (guint) position > self->actions->len)
    position = self->actions->len;
  cmd = command_new (CMD_INSERT_ACTION, _("Add action"), action);
  cmd->from = position;
  execute (self, cmd);
  return TRUE;
}

void
lf_form_remove_action (LfForm   *self,
                       LfAction *action)
{
  guint position;
  Command *cmd;

  g_return_if_fail (LF_IS_FORM (self));
  g_return_if_fail (g_ptr_array_find (self->actions, action, &position));

  cmd = command_new (CMD_REMOVE_ACTION, _("Remove action"), action);
  cmd->from = position;
  execute (self, cmd);
}

gboolean
lf_form_set_action_member (LfForm      *self,
                           LfAction    *action,
                           const char  *section,
                           const char  *name,
                           JsonNode    *value,
                           GError     **error)
{
  g_autoptr(JsonNode) trial = NULL;
  g_autoptr(JsonNode) old_value = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  JsonObject *target;
  Command *cmd;

  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  g_return_val_if_fail (g_ptr_array_find (self->actions, action, NULL), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (section == NULL && g_str_equal (name, "name"))
    {
      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
          json_node_get_value_type (value) != G_TYPE_STRING)
        {
          g_set_error_literal (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                               _("An action's name must be a string"));
          return FALSE;
        }
      if (!check_new_name (self, json_node_get_string (value), action, error))
        return FALSE;
    }

  /* Validate the action as it would be, on a copy. */
  trial = json_node_init_object (json_node_alloc (), lf_action_get_json (action));
  {
    g_autoptr(JsonNode) shallow = g_steal_pointer (&trial);

    trial = lf_json_deep_copy (shallow);
  }
  target = json_node_get_object (trial);
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
  if (!lf_form_schema_validate_action (json_node_get_object (trial), "$", error))
    return FALSE;

  old_value = _lf_action_dup_member (action, section, name);
  before = lf_form_list_problems (self);
  _lf_action_set_member (action, section, name, value ? lf_json_deep_copy (value) : NULL);
  after = lf_form_list_problems (self);
  _lf_action_set_member (action, section, name, old_value ? lf_json_deep_copy (old_value) : NULL);
  if (!no_new_problems (before, after, error))
    return FALSE;

  cmd = command_new (CMD_SET_ACTION, _("Change action"), action);
  cmd->section = g_strdup (section);
  cmd->name = g_strdup (name);
  cmd->old_value = g_steal_pointer (&old_value);
  cmd->new_value = value ? lf_json_deep_copy (value) : NULL;
  execute (self, cmd);
  return TRUE;
}

/* Used by the loader: adds without undo or signals. */
void
_lf_form_take_loaded (LfForm     *self,
                      JsonObject *root,
                      GPtrArray  *controls,
                      GPtrArray  *actions)
{
  g_clear_pointer (&self->root, json_object_unref);
  self->root = root;
  /* extend_and_steal drops a reference to the array it empties: the caller keeps its own. */
  g_ptr_array_extend_and_steal (self->controls, g_ptr_array_ref (controls));
  g_ptr_array_extend_and_steal (self->actions, g_ptr_array_ref (actions));
}
