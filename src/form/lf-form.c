/* lf-form.c: the form document, its parts and its undo stack
 *
 * Every public change builds a command (lf-form-edit.c) and runs it here; undo runs it
 * backwards. Commands hold the old and the new JSON of what they change, so one command type
 * serves every property.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include "lf-form-command.h"
#include "lf-form-private.h"
#include "lf-json-util.h"

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

Command *
_lf_form_command_new (CommandType  type,
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

void
_lf_form_execute (LfForm  *self,
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

  group = _lf_form_command_new (CMD_GROUP, label, NULL);
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

const char *
lf_form_get_setting (LfForm     *self,
                     const char *name)
{
  g_return_val_if_fail (LF_IS_FORM (self), NULL);
  return lf_json_object_get_string_member_or_null (self->root, name);
}

const char *
lf_form_get_title (LfForm *self)
{
  const char *title = lf_form_get_setting (self, "title");

  return title ? title : "";
}

/* Parts ********************************************************************************/

/* The control or action of @parts called @name. */
static gpointer
find_named (GPtrArray  *parts,
            const char *name)
{
  for (guint i = 0; name != NULL && i < parts->len; i++)
    {
      gpointer part = g_ptr_array_index (parts, i);
      const char *part_name = LF_IS_CONTROL (part) ? lf_control_get_name (part)
                                                   : lf_action_get_name (part);

      if (g_strcmp0 (part_name, name) == 0)
        return part;
    }
  return NULL;
}

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
  return find_named (self->controls, name);
}

int
lf_form_get_control_position (LfForm    *self,
                              LfControl *control)
{
  guint position;

  g_return_val_if_fail (LF_IS_FORM (self), -1);
  return g_ptr_array_find (self->controls, control, &position) ? (int) position : -1;
}

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
  return find_named (self->actions, name);
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
