/* lf-options-editor.c: a drop-down's static options in the inspector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-option-row.h"
#include "lf-options-editor.h"

struct _LfOptionsEditor
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *rows;   /* LfOptionRow, in order; the group owns them */
};

G_DEFINE_FINAL_TYPE (LfOptionsEditor, lf_options_editor, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The options as the rows hold them; @skip (a row) is left out, @extra added at the end. */
static void
emit_changed (LfOptionsEditor *self,
              gpointer         skip,
              JsonObject      *extra)
{
  g_autoptr(JsonArray) options = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    if (self->rows->pdata[i] != skip)
      json_array_add_object_element (options,
                                     lf_option_row_dup_option (self->rows->pdata[i]));
  if (extra != NULL)
    json_array_add_object_element (options, extra);
  node = json_node_init_array (json_node_alloc (), options);
  g_signal_emit (self, signals[CHANGED], 0, node);
}

static void
on_row_activate (LfOptionsEditor *self)
{
  emit_changed (self, NULL, NULL);
}

static void
on_row_remove (LfOptionsEditor *self,
               LfOptionRow     *row)
{
  emit_changed (self, row, NULL);
}

static void
on_add_clicked (LfOptionsEditor *self)
{
  JsonObject *option = json_object_new ();

  json_object_set_string_member (option, "label", _("New option"));
  json_object_set_string_member (option, "value", "");
  emit_changed (self, NULL, option);
}

static void
lf_options_editor_finalize (GObject *object)
{
  g_ptr_array_unref (LF_OPTIONS_EDITOR (object)->rows);

  G_OBJECT_CLASS (lf_options_editor_parent_class)->finalize (object);
}

static void
lf_options_editor_class_init (LfOptionsEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_options_editor_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, JSON_TYPE_NODE);
}

static void
lf_options_editor_init (LfOptionsEditor *self)
{
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");

  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Options"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("What the list offers when no items are bound. "
                                           "Press Enter to keep a change."));
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, _("Add Option"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add Option"), -1);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_clicked), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), add);
}

GtkWidget *
lf_options_editor_new (JsonNode *options)
{
  LfOptionsEditor *self = g_object_new (LF_TYPE_OPTIONS_EDITOR, NULL);
  JsonArray *array = options && JSON_NODE_HOLDS_ARRAY (options) ? json_node_get_array (options)
                                                                 : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *option = json_array_get_object_element (array, i);
      GtkWidget *row;

      if (option == NULL)
        continue;
      row = lf_option_row_new (option, self->rows->len);
      g_signal_connect_swapped (row, "activate", G_CALLBACK (on_row_activate), self);
      g_signal_connect_swapped (row, "remove", G_CALLBACK (on_row_remove), self);
      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
    }
  return GTK_WIDGET (self);
}
