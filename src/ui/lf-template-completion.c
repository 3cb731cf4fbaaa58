/* lf-template-completion.c: suggestions for what is typed inside "{{ … }}"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lf-template-completion.h"

#define MAX_SUGGESTIONS 8

struct _LfTemplateCompletion
{
  GtkPopover       parent_instance;

  LfEditorContext *context;
  GtkListBox      *suggestions;
  GPtrArray       *paths;        /* what each row of suggestions stands for, by index */
  GtkWidget       *entry;        /* the entry it serves: a weak pointer */
  guint            update_id;
  int              token_start;  /* in characters: what a suggestion replaces */
  int              token_end;
  gboolean         inserting;
};

G_DEFINE_FINAL_TYPE (LfTemplateCompletion, lf_template_completion, GTK_TYPE_POPOVER)

void
lf_template_completion_hide (LfTemplateCompletion *self)
{
  g_return_if_fail (LF_IS_TEMPLATE_COMPLETION (self));

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_popover_popdown (GTK_POPOVER (self));
}

void
lf_template_completion_present (LfTemplateCompletion *self)
{
  g_return_if_fail (LF_IS_TEMPLATE_COMPLETION (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_popover_present (GTK_POPOVER (self));
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
is_path_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '[' || c == ']' || c == '*';
}

/* The partial path before the cursor when it is inside "{{ … ", as byte offsets into
 * @text; FALSE elsewhere, and after a "|" where filters go. */
static gboolean
find_token (const char *text,
            int         cursor,
            gsize      *start,
            gsize      *end)
{
  const char *at = g_utf8_offset_to_pointer (text, cursor);
  const char *open = g_strrstr_len (text, at - text, "{{");
  const char *p;

  if (open == NULL || g_strstr_len (open, at - open, "}}") != NULL ||
      memchr (open, '|', at - open) != NULL)
    return FALSE;
  for (p = at; p > open + 2 && is_path_char (p[-1]); p--)
    ;
  /* Nothing typed yet counts only right after "{{", not after a finished path. */
  for (const char *q = open + 2; q < p; q++)
    if (!g_ascii_isspace (*q))
      return FALSE;
  *start = p - text;
  *end = at - text;
  return TRUE;
}

/* The paths that @token starts, then those that contain it. */
static GPtrArray *
match_paths (LfTemplateCompletion *self,
             const char           *token)
{
  g_auto(GStrv) paths = lf_editor_context_list_paths (self->context);
  g_autofree char *folded = g_utf8_casefold (token, -1);
  GPtrArray *matches = g_ptr_array_new_with_free_func (g_free);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; paths[i] && matches->len < MAX_SUGGESTIONS; i++)
      {
        g_autofree char *path = g_utf8_casefold (paths[i], -1);
        const char *found = strstr (path, folded);

        if (found != NULL && (found == path) == (pass == 0))
          g_ptr_array_add (matches, g_strdup (paths[i]));
      }
  return matches;
}

static void
fill (LfTemplateCompletion *self,
      GPtrArray            *matches)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions))) != NULL)
    gtk_list_box_remove (self->suggestions, child);
  g_ptr_array_set_size (self->paths, 0);
  for (guint i = 0; i < matches->len; i++)
    {
      GtkWidget *item = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (matches->pdata[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (label, "monospace");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item), label);
      gtk_widget_set_focusable (item, FALSE);
      g_ptr_array_add (self->paths, g_strdup (matches->pdata[i]));
      gtk_list_box_append (self->suggestions, item);
    }
  gtk_list_box_select_row (self->suggestions,
                           gtk_list_box_get_row_at_index (self->suggestions, 0));
}

static void
point_at_entry (LfTemplateCompletion *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (self->entry, parent, &bounds))
    return;
  gtk_widget_set_size_request (GTK_WIDGET (self->suggestions),
                               MAX (240, (int) bounds.size.width - 24), -1);
  gtk_popover_set_pointing_to (GTK_POPOVER (self),
                               &(GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                                                 (int) bounds.size.width,
                                                 (int) bounds.size.height });
}

static void
update (LfTemplateCompletion *self)
{
  const char *text;
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  gsize start, end;

  self->update_id = 0;
  if (self->entry == NULL || !has_focus_within (self->entry))
    {
      lf_template_completion_hide (self);
      return;
    }
  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  if (!find_token (text, gtk_editable_get_position (GTK_EDITABLE (self->entry)), &start, &end))
    {
      lf_template_completion_hide (self);
      return;
    }
  token = g_strndup (text + start, end - start);
  matches = match_paths (self, token);
  /* Nothing to offer, or only what is already there. */
  if (matches->len == 0 || (matches->len == 1 && g_str_equal (matches->pdata[0], token)))
    {
      lf_template_completion_hide (self);
      return;
    }
  self->token_start = g_utf8_pointer_to_offset (text, text + start);
  self->token_end = g_utf8_pointer_to_offset (text, text + end);
  fill (self, matches);
  point_at_entry (self);
  gtk_popover_popup (GTK_POPOVER (self));
}

static void
set_entry (LfTemplateCompletion *self,
           GtkWidget            *entry)
{
  if (self->entry == entry)
    return;
  if (self->entry != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->entry), (gpointer *) &self->entry);
  self->entry = entry;
  if (entry != NULL)
    g_object_add_weak_pointer (G_OBJECT (entry), (gpointer *) &self->entry);
}

/* The cursor moves after "changed": read it once the change is over. */
static void
on_entry_changed (GtkWidget            *entry,
                  LfTemplateCompletion *self)
{
  if (self->inserting)
    return;
  set_entry (self, entry);
  if (self->update_id == 0)
    self->update_id = g_idle_add_once ((GSourceOnceFunc) update, self);
}

/* Puts @index's path in place of the partial one, and closes the expression when nothing
 * does. */
static void
accept (LfTemplateCompletion *self,
        int                   index)
{
  GtkEditable *entry = GTK_EDITABLE (self->entry);
  const char *text;
  const char *after, *close, *open;
  int position = self->token_start;

  if (entry == NULL || index < 0 || (guint) index >= self->paths->len)
    return;
  text = gtk_editable_get_text (entry);
  after = g_utf8_offset_to_pointer (text, MIN (self->token_end, (int) g_utf8_strlen (text, -1)));
  close = strstr (after, "}}");
  open = strstr (after, "{{");
  self->inserting = TRUE;
  gtk_editable_delete_text (entry, self->token_start, self->token_end);
  gtk_editable_insert_text (entry, self->paths->pdata[index], -1, &position);
  if (close == NULL || (open != NULL && open < close))
    {
      int end = position;

      gtk_editable_insert_text (entry, " }}", -1, &end);
    }
  gtk_editable_set_position (entry, position);
  self->inserting = FALSE;
  lf_template_completion_hide (self);
}

static void
on_suggestion_activated (LfTemplateCompletion *self,
                         GtkListBoxRow        *item)
{
  accept (self, gtk_list_box_row_get_index (item));
}

static void
move (LfTemplateCompletion *self,
      int                   delta)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->suggestions);
  int n = (int) self->paths->len;
  int index;

  if (n == 0)
    return;
  index = selected ? gtk_list_box_row_get_index (selected) + delta : 0;
  /* Round at the ends, as menus do. */
  index = (index + n) % n;
  gtk_list_box_select_row (self->suggestions,
                           gtk_list_box_get_row_at_index (self->suggestions, index));
}

static gboolean
on_key_pressed (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LfTemplateCompletion  *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (keys));
  GtkListBoxRow *selected;

  if (!gtk_widget_get_visible (GTK_WIDGET (self)) || entry != self->entry)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move (self, -1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_Tab:
      selected = gtk_list_box_get_selected_row (self->suggestions);
      if (selected == NULL)
        return FALSE;
      accept (self, gtk_list_box_row_get_index (selected));
      return TRUE;
    case GDK_KEY_Escape:
      lf_template_completion_hide (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
on_focus_leave (GtkEventControllerFocus *focus,
                LfTemplateCompletion    *self)
{
  if (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus)) == self->entry)
    lf_template_completion_hide (self);
}

void
lf_template_completion_attach (LfTemplateCompletion *self,
                               GtkWidget            *entry)
{
  /* Capture: the entry's text would take Enter, Tab and the arrows for itself. */
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_return_if_fail (LF_IS_TEMPLATE_COMPLETION (self));
  g_return_if_fail (GTK_IS_EDITABLE (entry));

  gtk_event_controller_set_name (keys, "lf-completion-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (entry, keys);
  g_signal_connect_object (focus, "leave", G_CALLBACK (on_focus_leave), self, 0);
  gtk_widget_add_controller (entry, focus);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_entry_changed), self, 0);
}

static void
lf_template_completion_dispose (GObject *object)
{
  LfTemplateCompletion *self = (LfTemplateCompletion *) object;

  g_clear_handle_id (&self->update_id, g_source_remove);
  set_entry (self, NULL);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (lf_template_completion_parent_class)->dispose (object);
}

static void
lf_template_completion_finalize (GObject *object)
{
  g_ptr_array_unref (LF_TEMPLATE_COMPLETION (object)->paths);

  G_OBJECT_CLASS (lf_template_completion_parent_class)->finalize (object);
}

static void
lf_template_completion_class_init (LfTemplateCompletionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_template_completion_dispose;
  G_OBJECT_CLASS (klass)->finalize = lf_template_completion_finalize;
}

static void
lf_template_completion_init (LfTemplateCompletion *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->suggestions = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->suggestions, GTK_SELECTION_BROWSE);
  gtk_widget_set_focusable (GTK_WIDGET (self->suggestions), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->suggestions), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->suggestions),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Suggestions"), -1);
  g_signal_connect_swapped (self->suggestions, "row-activated",
                            G_CALLBACK (on_suggestion_activated), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled),
                                 GTK_WIDGET (self->suggestions));

  /* Not autohide: it would take the focus from the entry the person types in. */
  gtk_popover_set_autohide (GTK_POPOVER (self), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self), GTK_POS_BOTTOM);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "lf-completion");
  gtk_popover_set_child (GTK_POPOVER (self), scrolled);
}

GtkWidget *
lf_template_completion_new (LfEditorContext *context,
                            GtkWidget       *parent)
{
  LfTemplateCompletion *self;

  g_return_val_if_fail (LF_IS_EDITOR_CONTEXT (context), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);

  self = g_object_new (LF_TYPE_TEMPLATE_COMPLETION, NULL);
  self->context = g_object_ref (context);
  gtk_widget_set_parent (GTK_WIDGET (self), parent);
  return GTK_WIDGET (self);
}
