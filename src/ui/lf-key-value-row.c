/* lf-key-value-row.c: one row of a key-value table
 *
 * Rows are made whole and never change: the table makes new ones when its value changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-ui"

#include "config.h"

#include "lf-key-value-row.h"

struct _LfKeyValueRow
{
  GObject parent_instance;

  char *key;
  char *value;
};

enum {
  PROP_0,
  PROP_KEY,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfKeyValueRow, lf_key_value_row, G_TYPE_OBJECT)

static void
lf_key_value_row_finalize (GObject *object)
{
  LfKeyValueRow *self = (LfKeyValueRow *) object;

  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->value, g_free);

  G_OBJECT_CLASS (lf_key_value_row_parent_class)->finalize (object);
}

static void
lf_key_value_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LfKeyValueRow *self = LF_KEY_VALUE_ROW (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_key_value_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LfKeyValueRow *self = LF_KEY_VALUE_ROW (object);

  switch (prop_id)
    {
    case PROP_KEY:
      self->key = g_value_dup_string (value);
      break;
    case PROP_VALUE:
      self->value = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_key_value_row_class_init (LfKeyValueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lf_key_value_row_finalize;
  object_class->get_property = lf_key_value_row_get_property;
  object_class->set_property = lf_key_value_row_set_property;

  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_key_value_row_init (LfKeyValueRow *self)
{
}

LfKeyValueRow *
lf_key_value_row_new (const char *key,
                      const char *value)
{
  return g_object_new (LF_TYPE_KEY_VALUE_ROW, "key", key, "value", value, NULL);
}

const char *
lf_key_value_row_get_key (LfKeyValueRow *self)
{
  g_return_val_if_fail (LF_IS_KEY_VALUE_ROW (self), NULL);
  return self->key;
}

const char *
lf_key_value_row_get_value (LfKeyValueRow *self)
{
  g_return_val_if_fail (LF_IS_KEY_VALUE_ROW (self), NULL);
  return self->value;
}
