/* lf-option-row.c: one option of a drop-down in the inspector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-json-util.h"
#include "lf-option-row.h"

struct _LfOptionRow
{
  AdwPreferencesRow  parent_instance;

  GtkWidget         *label;
  GtkWidget         *value;
  GtkWidget         *remove;
};

G_DEFINE_FINAL_TYPE (LfOptionRow, lf_option_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  ACTIVATE,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_entry_activate (LfOptionRow *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
on_remove_clicked (LfOptionRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
lf_option_row_class_init (LfOptionRowClass *klass)
{
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static GtkWidget *
make_entry (LfOptionRow *self,
            const char  *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_widget_set_hexpand (entry, TRUE);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (on_entry_activate), self);
  return entry;
}

static void
lf_option_row_init (LfOptionRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->label = make_entry (self, _("Label"));
  self->value = make_entry (self, _("Value"));
  self->remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_tooltip_text (self->remove, _("Remove Option"));
  gtk_widget_add_css_class (self->remove, "flat");
  g_signal_connect_swapped (self->remove, "clicked", G_CALLBACK (on_remove_clicked), self);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), self->label);
  gtk_box_append (GTK_BOX (box), self->value);
  gtk_box_append (GTK_BOX (box), self->remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
}

static void
name_for_readers (GtkWidget  *widget,
                  const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

GtkWidget *
lf_option_row_new (JsonObject *option,
                   guint       position)
{
  LfOptionRow *self = g_object_new (LF_TYPE_OPTION_ROW, NULL);
  g_autofree char *value = lf_json_to_plain_text (json_object_get_member (option, "value"));
  g_autofree char *label_name = g_strdup_printf (_("Label of option %u"), position + 1);
  g_autofree char *value_name = g_strdup_printf (_("Value of option %u"), position + 1);
  g_autofree char *remove_name = g_strdup_printf (_("Remove option %u"), position + 1);

  gtk_editable_set_text (GTK_EDITABLE (self->label),
                         json_object_get_string_member_with_default (option, "label", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->value), value);
  name_for_readers (self->label, label_name);
  name_for_readers (self->value, value_name);
  name_for_readers (self->remove, remove_name);
  return GTK_WIDGET (self);
}

JsonObject *
lf_option_row_dup_option (LfOptionRow *self)
{
  JsonObject *option;
  const char *text;
  JsonNode *value;

  g_return_val_if_fail (LF_IS_OPTION_ROW (self), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self->value));
  value = lf_json_parse (text, -1, NULL);
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    {
      g_clear_pointer (&value, json_node_unref);
      value = json_node_init_string (json_node_alloc (), text);
    }
  option = json_object_new ();
  json_object_set_string_member (option, "label",
                                 gtk_editable_get_text (GTK_EDITABLE (self->label)));
  json_object_set_member (option, "value", value);
  return option;
}
