/* lf-palette.c: the control kinds as buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-control-kind.h"
#include "lf-palette.h"

struct _LfPalette
{
  AdwBin      parent_instance;

  GHashTable *buttons;   /* kind id -> GtkButton, borrowed */
};

G_DEFINE_FINAL_TYPE (LfPalette, lf_palette, ADW_TYPE_BIN)

static const struct
{
  const char *kind;
  const char *icon;
} kind_icons[] = {
  { "label", "format-text-plaintext-symbolic" },
  { "text-field", "insert-text-symbolic" },
  { "text-area", "format-justify-left-symbolic" },
  { "dropdown", "pan-down-symbolic" },
  { "button", "system-run-symbolic" },
  { "switch", "checkbox-checked-symbolic" },
  { "number", "input-dialpad-symbolic" },
  { "json-view", "view-list-bullet-symbolic" },
  { "status", "dialog-information-symbolic" },
  { "key-value-table", "view-list-symbolic" },
};

const char *
lf_palette_get_kind_icon (const char *kind_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_icons); i++)
    if (g_strcmp0 (kind_icons[i].kind, kind_id) == 0)
      return kind_icons[i].icon;
  /* A kind added to the catalogue before it got an icon here. */
  return "insert-object-symbolic";
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 const char    *kind_id)
{
  g_autofree char *text = g_strconcat (LF_PALETTE_DRAG_KIND_PREFIX, kind_id, NULL);
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (button);

  gtk_drag_source_set_icon (source, icon, (int) x, (int) y);
  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

static GtkWidget *
make_button (const LfControlKind *kind)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(kind->display_name));
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_box_append (GTK_BOX (box),
                  gtk_image_new_from_icon_name (lf_palette_get_kind_icon (kind->id)));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _(kind->summary));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(kind->display_name),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(kind->summary),
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "editor.add-control");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_string (kind->id));

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  /* The kind table is static, so its id outlives the controller. */
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), (gpointer) kind->id);
  gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (source));
  return button;
}

static void
lf_palette_dispose (GObject *object)
{
  LfPalette *self = LF_PALETTE (object);

  g_clear_pointer (&self->buttons, g_hash_table_unref);
  G_OBJECT_CLASS (lf_palette_parent_class)->dispose (object);
}

static void
lf_palette_class_init (LfPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_palette_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "lfpalette");
}

static void
lf_palette_init (LfPalette *self)
{
  guint n_kinds;
  const LfControlKind * const *kinds = lf_control_kind_get_all (&n_kinds);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_label_new (_("Controls"));

  self->buttons = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_bottom (heading, 6);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  for (guint i = 0; i < n_kinds; i++)
    {
      GtkWidget *button = make_button (kinds[i]);

      g_hash_table_insert (self->buttons, (gpointer) kinds[i]->id, button);
      gtk_box_append (GTK_BOX (box), button);
    }

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  adw_bin_set_child (ADW_BIN (self), scrolled);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Controls"), -1);
}

GtkWidget *
lf_palette_new (void)
{
  return g_object_new (LF_TYPE_PALETTE, NULL);
}

GtkWidget *
lf_palette_get_button (LfPalette  *self,
                       const char *kind_id)
{
  g_return_val_if_fail (LF_IS_PALETTE (self), NULL);

  return self->buttons ? g_hash_table_lookup (self->buttons, kind_id) : NULL;
}
