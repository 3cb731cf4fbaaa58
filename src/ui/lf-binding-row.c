/* lf-binding-row.c: a property's binding in the inspector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-binding-row.h"
#include "lf-path-picker.h"

struct _LfBindingRow
{
  AdwEntryRow      parent_instance;

  LfEditorContext *context;
  char            *property;
  GtkWidget       *caption_row;   /* a reference: the group owns it once added */
  GtkWidget       *caption;
};

G_DEFINE_FINAL_TYPE (LfBindingRow, lf_binding_row, ADW_TYPE_ENTRY_ROW)

static void
set_caption (LfBindingRow *self,
             const char   *text,
             gboolean      is_error)
{
  gtk_label_set_text (GTK_LABEL (self->caption), text);
  if (is_error)
    gtk_widget_add_css_class (self->caption, "error");
  else
    gtk_widget_remove_css_class (self->caption, "error");
  /* An unbound property needs no caption; the row stays out of the way. */
  gtk_widget_set_visible (self->caption_row, *text != '\0');
}

void
lf_binding_row_update_preview (LfBindingRow *self)
{
  const char *text;
  g_autofree char *message = NULL;
  g_autofree char *shown = NULL;
  gboolean ok;

  g_return_if_fail (LF_IS_BINDING_ROW (self));

  text = gtk_editable_get_text (GTK_EDITABLE (self));
  if (*text == '\0')
    {
      set_caption (self, "", FALSE);
      return;
    }
  ok = lf_editor_context_preview_template (self->context, text, &message);
  shown = ok ? g_strdup_printf (_("Now: %s"), message) : g_strdup (message);
  set_caption (self, shown, !ok);
}

void
lf_binding_row_show_error (LfBindingRow *self,
                           const char   *message)
{
  g_return_if_fail (LF_IS_BINDING_ROW (self));

  gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), message);
  set_caption (self, message, TRUE);
}

static void
on_changed (LfBindingRow *self)
{
  lf_binding_row_update_preview (self);
}

static void
lf_binding_row_dispose (GObject *object)
{
  LfBindingRow *self = (LfBindingRow *) object;

  g_clear_object (&self->caption_row);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (lf_binding_row_parent_class)->dispose (object);
}

static void
lf_binding_row_finalize (GObject *object)
{
  g_free (LF_BINDING_ROW (object)->property);

  G_OBJECT_CLASS (lf_binding_row_parent_class)->finalize (object);
}

static void
lf_binding_row_class_init (LfBindingRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_binding_row_dispose;
  G_OBJECT_CLASS (klass)->finalize = lf_binding_row_finalize;
}

static void
lf_binding_row_init (LfBindingRow *self)
{
  self->caption = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->caption), 0);
  gtk_label_set_wrap (GTK_LABEL (self->caption), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->caption), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (self->caption, "caption");
  gtk_widget_add_css_class (self->caption, "dim-label");
  gtk_widget_add_css_class (self->caption, "lf-binding-caption");
  /* A preferences row, so that the group keeps it in its list under the entry. */
  self->caption_row = g_object_ref_sink (adw_preferences_row_new ());
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->caption_row), self->caption);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->caption_row), FALSE);
  gtk_widget_set_focusable (self->caption_row, FALSE);
  /* Screen readers read the caption as the row's description. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->caption, NULL, -1);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self), TRUE);
}

GtkWidget *
lf_binding_row_new (LfEditorContext *context,
                    const char      *property,
                    const char      *title,
                    const char      *text)
{
  LfBindingRow *self;

  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (context), NULL);

  self = g_object_new (LF_TYPE_BINDING_ROW, NULL);
  self->context = g_object_ref (context);
  self->property = g_strdup (property);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  gtk_editable_set_text (GTK_EDITABLE (self), text ? text : "");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self),
                            lf_path_picker_new (context, GTK_EDITABLE (self)));
  g_signal_connect (self, "changed", G_CALLBACK (on_changed), NULL);
  lf_binding_row_update_preview (self);
  return GTK_WIDGET (self);
}

const char *
lf_binding_row_get_property (LfBindingRow *self)
{
  g_return_val_if_fail (LF_IS_BINDING_ROW (self), NULL);
  return self->property;
}

GtkWidget *
lf_binding_row_get_caption_row (LfBindingRow *self)
{
  g_return_val_if_fail (LF_IS_BINDING_ROW (self), NULL);
  return self->caption_row;
}

const char *
lf_binding_row_get_caption (LfBindingRow *self)
{
  g_return_val_if_fail (LF_IS_BINDING_ROW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->caption));
}
