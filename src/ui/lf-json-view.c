/* lf-json-view.c: a JSON value for reading: highlighted text, or a folded tree when large
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "lf-json-tree.h"
#include "lf-json-util.h"
#include "lf-json-view.h"
#include "lf-widget-factory-private.h"

/* A line longer than this ends the preview: GtkTextView lays out a paragraph whole, and one
 * of a few hundred kilobytes (a long string value) holds the main loop for many seconds
 * (bench/ui-response measured 30 s for the "big" sample's 200 kB line). */
#define PREVIEW_LINE_BYTES 4096

struct _LfJsonView
{
  GtkBox           parent_instance;

  GtkWidget       *text;
  GtkWidget       *tree;
  GtkWidget       *stack;          /* "text" or "tree" */
  GtkWidget       *truncation;     /* the bar saying how much shows */
  GtkWidget       *truncation_label;
  GtkWidget       *show_all;
  GtkWidget       *save;
  GtkWidget       *view_toggle;

  char            *save_name;
  gboolean         folded;         /* the value is large enough for the tree */
  gboolean         tree_shown;
  GBytes          *json_text;      /* the whole pretty-printed value */
  GCancellable    *printing;
  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (LfJsonView, lf_json_view, GTK_TYPE_BOX)

/* Where to cut @text so that at most @limit bytes show, and no line longer than
 * PREVIEW_LINE_BYTES: at a line end when one is near, and never inside a character. */
static gsize
preview_length (const char *text,
                gsize       length,
                gsize       limit)
{
  gsize cut = MIN (length, limit);
  gsize line_start = 0;
  gboolean long_line = FALSE;

  for (gsize i = 0; i < cut; i++)
    {
      if (text[i] == '\n')
        line_start = i + 1;
      else if (i - line_start >= PREVIEW_LINE_BYTES)
        {
          cut = i;
          long_line = TRUE;
          break;
        }
    }
  if (cut == length)
    return length;
  /* The start of the long line shows; otherwise end on a whole line. */
  for (gsize i = cut; !long_line && i > cut - MIN (cut, 4096); i--)
    if (text[i - 1] == '\n')
      return i;
  while (cut > 0 && ((guchar) text[cut] & 0xC0) == 0x80)
    cut--;
  return cut;
}

static void
set_text (LfJsonView *self,
          const char *text,
          gssize      length)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text)), text, length);
}

static void
show_text (LfJsonView *self,
           gboolean    all)
{
  gsize length = 0;
  const char *text = self->json_text ? g_bytes_get_data (self->json_text, &length) : "";
  gsize shown = all ? length : preview_length (text, length, LF_JSON_VIEW_PREVIEW_BYTES);
  gboolean truncated = shown < length;

  set_text (self, text ? text : "", shown);
  if (truncated && !self->tree_shown)
    {
      g_autofree char *shown_size = g_format_size (shown);
      g_autofree char *total_size = g_format_size (length);
      /* Translators: "Showing the first 200.0 kB of 6.0 MB" */
      g_autofree char *message = g_strdup_printf (_("Showing the first %s of %s"), shown_size,
                                                  total_size);

      gtk_label_set_text (GTK_LABEL (self->truncation_label), message);
    }
  gtk_widget_set_visible (self->truncation, truncated && !self->tree_shown);
  gtk_widget_set_visible (self->show_all, truncated);
}

/* The folded tree or the text, and the button that goes to the other. */
static void
show_tree (LfJsonView *self,
           gboolean    tree)
{
  self->tree_shown = tree && self->folded;
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), self->tree_shown ? "tree" : "text");
  gtk_widget_set_visible (self->view_toggle, self->folded);
  gtk_button_set_label (GTK_BUTTON (self->view_toggle),
                        self->tree_shown ? _("Show as _Text") : _("Show as T_ree"));
  if (self->tree_shown)
    gtk_widget_set_visible (self->truncation, FALSE);
  else if (self->json_text != NULL)
    show_text (self, FALSE);
}

static void
print_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GString *out = g_string_new (NULL);

  if (!lf_json_write (out, task_data, 2, cancellable))
    {
      g_string_free (out, TRUE);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return;
    }
  g_string_append_c (out, '\n');
  g_task_return_pointer (task, g_string_free_to_bytes (out), (GDestroyNotify) g_bytes_unref);
}

static void
on_printed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  LfJsonView *self = LF_JSON_VIEW (object);
  g_autoptr(GBytes) text = g_task_propagate_pointer (G_TASK (result), NULL);

  /* A newer value, or the view went: this text is not wanted. */
  if (text == NULL || g_task_get_cancellable (G_TASK (result)) != self->printing)
    return;
  g_clear_object (&self->printing);
  self->json_text = g_steal_pointer (&text);
  gtk_widget_set_sensitive (self->save, TRUE);
  /* A folded value's text waits until someone asks for it: a few hundred kilobytes of
   * highlighted text take the main loop a while to lay out. */
  if (!self->tree_shown)
    show_text (self, FALSE);
}

static void
stop_printing (LfJsonView *self)
{
  if (self->printing != NULL)
    g_cancellable_cancel (self->printing);
  g_clear_object (&self->printing);
}

void
lf_json_view_set_value (LfJsonView *self,
                        JsonNode   *value)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LF_IS_JSON_VIEW (self));

  stop_printing (self);
  g_clear_pointer (&self->json_text, g_bytes_unref);
  gtk_widget_set_sensitive (self->save, FALSE);
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      self->folded = FALSE;
      lf_json_tree_view_set_value (GTK_LIST_VIEW (self->tree), NULL);
      show_tree (self, FALSE);
      show_text (self, TRUE);
      return;
    }

  /* A large object or array opens folded, at once: the tree reads only what is shown, so
   * it need not wait for the text. The text is printed all the same, for Save and for
   * "Show as Text". */
  self->folded = lf_json_tree_should_fold (value);
  lf_json_tree_view_set_value (GTK_LIST_VIEW (self->tree), self->folded ? value : NULL);
  if (self->folded)
    set_text (self, "", 0);
  show_tree (self, self->folded);

  /* Even a few megabytes print in a thread, so no frame waits for them. The task holds the
   * view and the value until the thread is done; the value is let go on the main thread. */
  self->printing = g_cancellable_new ();
  task = g_task_new (self, self->printing, on_printed, NULL);
  g_task_set_source_tag (task, lf_json_view_set_value);
  g_task_set_task_data (task, json_node_ref (value), (GDestroyNotify) json_node_unref);
  g_task_run_in_thread (task, print_in_thread);
}

void
lf_json_view_set_label (LfJsonView *self,
                        const char *label)
{
  g_return_if_fail (LF_IS_JSON_VIEW (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tree), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
}

/* Saving *********************************************************************************/

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_warning ("Could not save the value: %s", error->message);
}

static void
on_save_response (LfJsonView *self,
                  int         response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->json_text != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  if (file != NULL)
    g_file_replace_contents_bytes_async (file, self->json_text, NULL, FALSE,
                                         G_FILE_CREATE_REPLACE_DESTINATION, NULL, on_saved, NULL);
  g_clear_object (&self->chooser);
}

static void
on_save_clicked (LfJsonView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strconcat (self->save_name, ".json", NULL);

  if (self->chooser != NULL)
    return;
  /* GtkFileDialog is GTK 4.10; the native chooser is what 4.8 has. */
  chooser = gtk_file_chooser_native_new (_("Save the Value"), GTK_IS_WINDOW (root)
                                                               ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (on_save_response), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* The widget *****************************************************************************/

static void
on_show_all_clicked (LfJsonView *self)
{
  show_text (self, TRUE);
}

static void
on_view_toggle_clicked (LfJsonView *self)
{
  show_tree (self, !self->tree_shown);
}

static void
lf_json_view_dispose (GObject *object)
{
  LfJsonView *self = (LfJsonView *) object;

  stop_printing (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (lf_json_view_parent_class)->dispose (object);
}

static void
lf_json_view_finalize (GObject *object)
{
  LfJsonView *self = (LfJsonView *) object;

  g_clear_pointer (&self->json_text, g_bytes_unref);
  g_free (self->save_name);

  G_OBJECT_CLASS (lf_json_view_parent_class)->finalize (object);
}

static void
lf_json_view_class_init (LfJsonViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_json_view_dispose;
  object_class->finalize = lf_json_view_finalize;
}

static GtkWidget *
make_text_view (void)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *json = gtk_source_language_manager_get_language (languages, "json");
  GtkWidget *view = lf_widget_source_view_new ();

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  if (json != NULL)
    gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (
                                                         GTK_TEXT_VIEW (view))), json);
  return view;
}

/* Under the value: how much shows and "Show All", the text/tree switch, and Save. */
static GtkWidget *
make_action_bar (LfJsonView *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->truncation = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->truncation_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->truncation_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->truncation_label), TRUE);
  gtk_widget_set_hexpand (self->truncation_label, TRUE);
  gtk_widget_add_css_class (self->truncation_label, "dim-label");
  self->show_all = gtk_button_new_with_mnemonic (_("Show _All"));
  g_signal_connect_swapped (self->show_all, "clicked", G_CALLBACK (on_show_all_clicked), self);
  gtk_box_append (GTK_BOX (self->truncation), self->truncation_label);
  gtk_box_append (GTK_BOX (self->truncation), self->show_all);
  gtk_widget_set_visible (self->truncation, FALSE);
  gtk_widget_set_hexpand (self->truncation, TRUE);

  self->view_toggle = gtk_button_new_with_mnemonic (_("Show as _Text"));
  gtk_widget_set_visible (self->view_toggle, FALSE);
  /* Pushed to the end even while the truncation bar is hidden. */
  gtk_widget_set_hexpand (self->view_toggle, TRUE);
  gtk_widget_set_halign (self->view_toggle, GTK_ALIGN_END);
  g_signal_connect_swapped (self->view_toggle, "clicked", G_CALLBACK (on_view_toggle_clicked),
                            self);

  self->save = gtk_button_new_with_mnemonic (_("_Save to File…"));
  gtk_widget_set_sensitive (self->save, FALSE);
  gtk_widget_set_halign (self->save, GTK_ALIGN_END);
  g_signal_connect_swapped (self->save, "clicked", G_CALLBACK (on_save_clicked), self);

  gtk_box_append (GTK_BOX (bar), self->truncation);
  gtk_box_append (GTK_BOX (bar), self->view_toggle);
  gtk_box_append (GTK_BOX (bar), self->save);
  return bar;
}

static void
lf_json_view_init (LfJsonView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);

  /* GtkSourceView cannot fold text: a large value shows as a tree of its members instead,
   * in the same frame, and one button goes between the two. */
  self->text = make_text_view ();
  self->tree = lf_json_tree_view_new ();
  self->stack = gtk_stack_new ();
  gtk_stack_set_vhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_stack_add_named (GTK_STACK (self->stack), lf_widget_framed_scroller (self->text, 200, 480),
                       "text");
  gtk_stack_add_named (GTK_STACK (self->stack), lf_widget_framed_scroller (self->tree, 320, 480),
                       "tree");
  gtk_box_append (GTK_BOX (self), self->stack);
  gtk_box_append (GTK_BOX (self), make_action_bar (self));
}

GtkWidget *
lf_json_view_new (const char *save_name)
{
  LfJsonView *self = g_object_new (LF_TYPE_JSON_VIEW, NULL);

  self->save_name = g_strdup (save_name ? save_name : "value");
  return GTK_WIDGET (self);
}

GtkWidget *
lf_json_view_get_part (LfJsonView *self,
                       const char *part)
{
  static const struct
  {
    const char *name;
    gsize       offset;
  } parts[] = {
    { "text", G_STRUCT_OFFSET (LfJsonView, text) },
    { "tree", G_STRUCT_OFFSET (LfJsonView, tree) },
    { "show-all", G_STRUCT_OFFSET (LfJsonView, show_all) },
    { "save", G_STRUCT_OFFSET (LfJsonView, save) },
    { "truncation", G_STRUCT_OFFSET (LfJsonView, truncation_label) },
    { "view-toggle", G_STRUCT_OFFSET (LfJsonView, view_toggle) },
  };

  g_return_val_if_fail (LF_IS_JSON_VIEW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (g_strcmp0 (part, parts[i].name) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, parts[i].offset);
  return NULL;
}
