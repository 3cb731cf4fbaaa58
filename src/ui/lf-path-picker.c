/* lf-path-picker.c: a button that puts "{{ path }}" in an entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lf-path-picker.h"
#include "lf-search.h"

struct _LfPathPicker
{
  AdwBin           parent_instance;

  GtkPopover      *popover;
  GtkEditable     *search;
  GtkListBox      *list;

  LfEditorContext *context;
  GtkEditable     *target;   /* a weak pointer */
  GPtrArray       *choices;  /* LfValueChoice: what each row of the list stands for, by index */
};

G_DEFINE_FINAL_TYPE (LfPathPicker, lf_path_picker, ADW_TYPE_BIN)

static LfValueChoice *
choice_of (LfPathPicker  *self,
           GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->choices == NULL || index < 0 || (guint) index >= self->choices->len)
    return NULL;
  return self->choices->pdata[index];
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  LfPathPicker *self = user_data;
  const char *text = gtk_editable_get_text (self->search);
  LfValueChoice *choice = choice_of (self, row);

  /* What a person calls it, or the path for those who know it. */
  return choice == NULL || lf_search_matches (text, choice->title, choice->path, NULL);
}

static void
on_row_activated (LfPathPicker  *self,
                  GtkListBoxRow *row)
{
  LfValueChoice *choice = choice_of (self, row);
  g_autofree char *text = NULL;

  if (choice == NULL || self->target == NULL)
    return;
  text = g_strdup_printf ("{{ %s }}", choice->path);
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

/* Enter takes the first value the text finds, asked afresh: the list filters again only once
 * the typing pauses. */
static void
on_search_activate (LfPathPicker *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && filter_row (GTK_LIST_BOX_ROW (row), self))
      {
        g_signal_emit_by_name (self->list, "row-activated", row);
        return;
      }
}

/* A value by what it is, with its path under it, small, for those who write templates. */
static GtkWidget *
make_choice_row (LfValueChoice *choice)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (choice->title);
  GtkWidget *path = gtk_label_new (choice->path);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (path), 0);
  gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (path, "monospace");
  gtk_widget_add_css_class (path, "caption");
  gtk_widget_add_css_class (path, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), path);
  return box;
}

/* The values change with every edit and run, so the list is made as the popover opens. */
static void
on_popover_show (LfPathPicker *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  self->choices = lf_editor_context_list_values (self->context);
  for (guint i = 0; i < self->choices->len; i++)
    gtk_list_box_append (self->list, make_choice_row (self->choices->pdata[i]));
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

  g_clear_pointer (&self->choices, g_ptr_array_unref);

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
