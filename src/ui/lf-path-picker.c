/* lf-path-picker.c: a button that puts "{{ path }}" in an entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lf-path-picker.h"

struct _LfPathPicker
{
  AdwBin           parent_instance;

  GtkPopover      *popover;
  GtkEditable     *search;
  GtkListBox      *list;

  LfEditorContext *context;
  GtkEditable     *target;   /* a weak pointer */
  GStrv            paths;    /* what each row of the list stands for, by index */
};

G_DEFINE_FINAL_TYPE (LfPathPicker, lf_path_picker, ADW_TYPE_BIN)

static const char *
path_of (LfPathPicker  *self,
         GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->paths == NULL || index < 0 || (guint) index >= g_strv_length (self->paths))
    return NULL;
  return self->paths[index];
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  LfPathPicker *self = user_data;
  const char *text = gtk_editable_get_text (self->search);
  const char *path = path_of (self, row);
  g_autofree char *folded_text = NULL;
  g_autofree char *folded_path = NULL;

  if (*text == '\0' || path == NULL)
    return TRUE;
  folded_text = g_utf8_casefold (text, -1);
  folded_path = g_utf8_casefold (path, -1);
  return strstr (folded_path, folded_text) != NULL;
}

static void
on_row_activated (LfPathPicker  *self,
                  GtkListBoxRow *row)
{
  const char *path = path_of (self, row);
  g_autofree char *text = NULL;

  if (path == NULL || self->target == NULL)
    return;
  text = g_strdup_printf ("{{ %s }}", path);
  gtk_editable_set_text (self->target, text);
  if (ADW_IS_ENTRY_ROW (self->target))
    g_signal_emit_by_name (self->target, "apply");
  gtk_popover_popdown (self->popover);
}

static void
on_search_changed (LfPathPicker *self)
{
  gtk_list_box_invalidate_filter (self->list);
}

/* Enter takes the first path still shown. */
static void
on_search_activate (LfPathPicker *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row))
      {
        g_signal_emit_by_name (self->list, "row-activated", row);
        return;
      }
}

/* The paths change with every edit and run, so the list is made as the popover opens. */
static void
on_popover_show (LfPathPicker *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->paths, g_strfreev);
  self->paths = lf_editor_context_list_paths (self->context);
  for (guint i = 0; self->paths[i]; i++)
    {
      GtkWidget *label = gtk_label_new (self->paths[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (label, "monospace");
      gtk_list_box_append (self->list, label);
    }
  gtk_editable_set_text (self->search, "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

static void
lf_path_picker_dispose (GObject *object)
{
  LfPathPicker *self = (LfPathPicker *) object;

  if (self->target != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->target), (gpointer *) &self->target);
  self->target = NULL;
  g_clear_object (&self->context);

  G_OBJECT_CLASS (lf_path_picker_parent_class)->dispose (object);
}

static void
lf_path_picker_finalize (GObject *object)
{
  LfPathPicker *self = (LfPathPicker *) object;

  g_strfreev (self->paths);

  G_OBJECT_CLASS (lf_path_picker_parent_class)->finalize (object);
}

static void
lf_path_picker_class_init (LfPathPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_path_picker_dispose;
  object_class->finalize = lf_path_picker_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-path-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, LfPathPicker, popover);
  gtk_widget_class_bind_template_child (widget_class, LfPathPicker, search);
  gtk_widget_class_bind_template_child (widget_class, LfPathPicker, list);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
}

static void
lf_path_picker_init (LfPathPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
}

GtkWidget *
lf_path_picker_new (LfEditorContext *context,
                    GtkEditable     *target)
{
  LfPathPicker *self;

  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (context), NULL);
  g_return_val_if_fail (GTK_IS_EDITABLE (target), NULL);

  self = g_object_new (LF_TYPE_PATH_PICKER, NULL);
  self->context = g_object_ref (context);
  self->target = target;
  g_object_add_weak_pointer (G_OBJECT (target), (gpointer *) &self->target);
  return GTK_WIDGET (self);
}
