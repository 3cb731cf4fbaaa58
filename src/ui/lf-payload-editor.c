/* lf-payload-editor.c: an Invoke action's payload, as JSON with its "{{ … }}" marked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <gtksourceview/gtksource.h>

#include "lf-payload-editor.h"

struct _LfPayloadEditor
{
  AdwPreferencesGroup  parent_instance;

  GtkWidget           *card;
  GtkSourceView       *view;

  GtkSourceBuffer     *buffer;
};

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LfPayloadEditor, lf_payload_editor, ADW_TYPE_PREFERENCES_GROUP)

/* Marks every "{{ … }}" so the author sees what the form fills in. */
static void
mark_templates (GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;
  GtkTextIter open_start;
  GtkTextIter open_end;
  GtkTextIter close_start;
  GtkTextIter close_end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "lf-template", &start, &end);
  while (gtk_text_iter_forward_search (&start, "{{", 0, &open_start, &open_end, NULL))
    {
      if (!gtk_text_iter_forward_search (&open_end, "}}", 0, &close_start, &close_end, NULL))
        break;
      gtk_text_buffer_apply_tag_by_name (buffer, "lf-template", &open_start, &close_end);
      start = close_end;
    }
}

static GtkSourceBuffer *
make_buffer (void)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme =
    gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita");
  GtkSourceBuffer *buffer =
    gtk_source_buffer_new_with_language (gtk_source_language_manager_get_language (languages,
                                                                                   "json"));

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (buffer, scheme);
  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (buffer), "lf-template",
                              "background-rgba", &(GdkRGBA) { 0.21, 0.52, 0.89, 0.18 },
                              "weight", PANGO_WEIGHT_BOLD, NULL);
  g_signal_connect (buffer, "changed", G_CALLBACK (mark_templates), NULL);
  return buffer;
}

static void
emit_apply (LfPayloadEditor *self)
{
  g_signal_emit (self, signals[APPLY], 0);
}

static void
lf_payload_editor_dispose (GObject *object)
{
  LfPayloadEditor *self = (LfPayloadEditor *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_PAYLOAD_EDITOR);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (lf_payload_editor_parent_class)->dispose (object);
}

static void
lf_payload_editor_class_init (LfPayloadEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_payload_editor_dispose;

  /**
   * LfPayloadEditor::apply:
   *
   * The author asked for the text to be taken: the apply button, or focus left the view.
   */
  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-payload-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, card);
  gtk_widget_class_bind_template_child (widget_class, LfPayloadEditor, view);
  gtk_widget_class_bind_template_callback (widget_class, emit_apply);
}

static void
lf_payload_editor_init (LfPayloadEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->buffer = make_buffer ();
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->view), GTK_TEXT_BUFFER (self->buffer));
}

GtkWidget *
lf_payload_editor_new (const char *text)
{
  LfPayloadEditor *self = g_object_new (LF_TYPE_PAYLOAD_EDITOR, NULL);

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), text ? text : "", -1);
  return GTK_WIDGET (self);
}

char *
lf_payload_editor_dup_text (LfPayloadEditor *self)
{
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (LF_IS_PAYLOAD_EDITOR (self), NULL);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
}

void
lf_payload_editor_show_error (LfPayloadEditor *self,
                              const GError    *error)
{
  g_return_if_fail (LF_IS_PAYLOAD_EDITOR (self));

  if (error != NULL)
    gtk_widget_add_css_class (self->card, "error");
  else
    gtk_widget_remove_css_class (self->card, "error");
  gtk_widget_set_tooltip_text (self->card, error ? error->message : NULL);
}
