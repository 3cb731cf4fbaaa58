/* lf-action-row.c: one action in the actions panel's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include "lf-action-row.h"

struct _LfActionRow
{
  AdwActionRow  parent_instance;

  GtkWidget    *check;

  char         *action;
};

enum {
  PROP_0,
  PROP_ACTION,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfActionRow, lf_action_row, ADW_TYPE_ACTION_ROW)

static void
lf_action_row_constructed (GObject *object)
{
  LfActionRow *self = (LfActionRow *) object;

  G_OBJECT_CLASS (lf_action_row_parent_class)->constructed (object);

  /* The row is titled with the name it stands for. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), self->action);
}

static void
lf_action_row_finalize (GObject *object)
{
  LfActionRow *self = (LfActionRow *) object;

  g_clear_pointer (&self->action, g_free);

  G_OBJECT_CLASS (lf_action_row_parent_class)->finalize (object);
}

static void
lf_action_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LfActionRow *self = LF_ACTION_ROW (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;
    case PROP_CURRENT:
      g_value_set_boolean (value, lf_action_row_get_current (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_action_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LfActionRow *self = LF_ACTION_ROW (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      self->action = g_value_dup_string (value);
      break;
    case PROP_CURRENT:
      lf_action_row_set_current (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_action_row_class_init (LfActionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lf_action_row_constructed;
  object_class->finalize = lf_action_row_finalize;
  object_class->get_property = lf_action_row_get_property;
  object_class->set_property = lf_action_row_set_property;

  properties[PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_boolean ("current", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_action_row_init (LfActionRow *self)
{
  self->check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_visible (self->check, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->check);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
}

GtkWidget *
lf_action_row_new (const char *action,
                   const char *operation)
{
  g_return_val_if_fail (action != NULL, NULL);

  return g_object_new (LF_TYPE_ACTION_ROW, "action", action, "subtitle", operation, NULL);
}

const char *
lf_action_row_get_action (LfActionRow *self)
{
  g_return_val_if_fail (LF_IS_ACTION_ROW (self), NULL);
  return self->action;
}

gboolean
lf_action_row_get_current (LfActionRow *self)
{
  g_return_val_if_fail (LF_IS_ACTION_ROW (self), FALSE);
  return gtk_widget_get_visible (self->check);
}

void
lf_action_row_set_current (LfActionRow *self,
                           gboolean     current)
{
  g_return_if_fail (LF_IS_ACTION_ROW (self));

  current = !!current;
  if (current == gtk_widget_get_visible (self->check))
    return;
  gtk_widget_set_visible (self->check, current);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}
