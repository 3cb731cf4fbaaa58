/* lf-canvas.c: inert control previews, in lines as the form lays them out
 *
 * Each line is an LfFormRow, as in run mode, so controls placed beside the previous one sit
 * side by side here too. The canvas redraws everything on any change of the form's controls:
 * forms are small, and a full redraw cannot drift from the model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lf-canvas.h"
#include "lf-widget-factory.h"
#include "lf-form-row.h"
#include "lf-palette.h"

struct _LfCanvas
{
  AdwBin      parent_instance;

  GtkWidget  *list;       /* a vertical box of LfFormRow lines of items */
  GtkWidget  *stack;
  GtkWidget  *context_menu;
  LfForm     *form;
  LfControl  *selected;
};

G_DEFINE_FINAL_TYPE (LfCanvas, lf_canvas, ADW_TYPE_BIN)

enum
{
  CONTROL_SELECTED,
  KIND_DROPPED,
  CONTROL_DROPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Previews *****************************************************************************/

GtkWidget *
lf_canvas_make_preview (LfControl *control)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *caption = gtk_label_new (lf_control_get_label (control));
  GtkWidget *name = gtk_label_new (lf_control_get_name (control));
  GtkWidget *clip = gtk_scrolled_window_new ();
  const char *help = lf_control_get_string (control, "help");
  gboolean is_button = g_str_equal (lf_control_get_kind (control)->id, "button");

  g_return_val_if_fail (LF_IS_CONTROL (control), NULL);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (caption, TRUE);
  gtk_widget_add_css_class (caption, "heading");
  gtk_widget_set_visible (caption, !is_button);
  /* The name is what templates use, so the author sees it beside each control. */
  gtk_widget_add_css_class (name, "dim-label");
  gtk_widget_add_css_class (name, "caption");
  gtk_widget_add_css_class (name, "monospace");
  gtk_widget_set_halign (name, GTK_ALIGN_END);
  gtk_widget_set_hexpand (name, is_button);
  gtk_box_append (GTK_BOX (header), caption);
  gtk_box_append (GTK_BOX (header), name);
  gtk_box_append (GTK_BOX (box), header);
  /* A picture may be cut at the right edge, so that controls placed side by side stay so on
   * a canvas narrower than the form will be. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (clip), GTK_POLICY_EXTERNAL,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (clip), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (clip),
                                 lf_widget_factory_make_preview (control));
  gtk_box_append (GTK_BOX (box), clip);
  if (help != NULL && *help)
    {
      GtkWidget *label = gtk_label_new (help);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), label);
    }
  if (!lf_control_get_boolean (control, "visible"))
    gtk_widget_set_opacity (box, 0.5);

  /* Inert: the row takes every click and the focus, the preview only shows. */
  gtk_widget_set_can_target (box, FALSE);
  gtk_widget_set_can_focus (box, FALSE);
  return box;
}

/* Rows *********************************************************************************/

static GdkContentProvider *
on_row_drag_prepare (GtkDragSource *source,
                     double         x,
                     double         y,
                     LfControl     *control)
{
  g_autofree char *text = g_strconcat (LF_CANVAS_DRAG_CONTROL_PREFIX,
                                       lf_control_get_name (control), NULL);
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, icon, (int) x, (int) y);
  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

static void on_item_clicked (GtkButton *item,
                             LfCanvas  *self);

/* One control on the canvas: a button that knows its control. */
#define LF_TYPE_CANVAS_ITEM (lf_canvas_item_get_type ())

G_DECLARE_FINAL_TYPE (LfCanvasItem, lf_canvas_item, LF, CANVAS_ITEM, GtkButton)

struct _LfCanvasItem
{
  GtkButton  parent_instance;

  LfControl *control;
};

G_DEFINE_FINAL_TYPE (LfCanvasItem, lf_canvas_item, GTK_TYPE_BUTTON)

static void
lf_canvas_item_dispose (GObject *object)
{
  g_clear_object (&LF_CANVAS_ITEM (object)->control);

  G_OBJECT_CLASS (lf_canvas_item_parent_class)->dispose (object);
}

static void
lf_canvas_item_class_init (LfCanvasItemClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_canvas_item_dispose;
}

static void
lf_canvas_item_init (LfCanvasItem *self)
{
}

/* A button, so that it takes the focus, a click, Enter and Space; named as an item of the
 * list the canvas is, not as a button, since pressing it selects. */
static GtkWidget *
make_item (LfCanvas  *self,
           LfControl *control)
{
  GtkWidget *item = g_object_new (LF_TYPE_CANVAS_ITEM,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_LIST_ITEM,
                                  NULL);
  GtkDragSource *source = gtk_drag_source_new ();
  g_autofree char *name = lf_control_dup_title (control, FALSE);

  gtk_widget_add_css_class (item, "flat");
  gtk_widget_add_css_class (item, "lf-canvas-item");
  gtk_button_set_child (GTK_BUTTON (item), lf_canvas_make_preview (control));
  LF_CANVAS_ITEM (item)->control = g_object_ref (control);
  gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect (item, "clicked", G_CALLBACK (on_item_clicked), self);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (on_row_drag_prepare), control, 0);
  gtk_widget_add_controller (item, GTK_EVENT_CONTROLLER (source));
  return item;
}

static LfControl *
item_control (GtkWidget *item)
{
  return item != NULL && LF_IS_CANVAS_ITEM (item) ? LF_CANVAS_ITEM (item)->control : NULL;
}

/* The items in form order, lines flattened. */
static GPtrArray *
list_items (LfCanvas *self)
{
  GPtrArray *items = g_ptr_array_new ();

  for (GtkWidget *line = gtk_widget_get_first_child (self->list); line;
       line = gtk_widget_get_next_sibling (line))
    for (GtkWidget *item = gtk_widget_get_first_child (line); item;
         item = gtk_widget_get_next_sibling (item))
      if (item_control (item) != NULL)
        g_ptr_array_add (items, item);
  return items;
}

/* The item at @x, @y of the list, or NULL. */
static GtkWidget *
item_at (LfCanvas *self,
         double    x,
         double    y)
{
  GtkWidget *picked = gtk_widget_pick (self->list, x, y, GTK_PICK_DEFAULT);

  for (; picked != NULL && picked != self->list; picked = gtk_widget_get_parent (picked))
    if (item_control (picked) != NULL)
      return picked;
  return NULL;
}

static void
show_selection (LfCanvas *self)
{
  g_autoptr(GPtrArray) items = list_items (self);
  gboolean any = FALSE;

  for (guint i = 0; i < items->len; i++)
    any |= self->selected != NULL && item_control (items->pdata[i]) == self->selected;
  for (guint i = 0; i < items->len; i++)
    {
      GtkWidget *item = items->pdata[i];
      gboolean is_selected = self->selected != NULL && item_control (item) == self->selected;

      if (is_selected)
        gtk_widget_add_css_class (item, "lf-selected");
      else
        gtk_widget_remove_css_class (item, "lf-selected");
      gtk_accessible_update_state (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_STATE_SELECTED,
                                   is_selected, -1);
      /* One Tab stop for the whole canvas, on the selection: the arrows go from item to
       * item, as in a list. */
      gtk_widget_set_focusable (item, is_selected || (!any && i == 0));
    }
}

static gboolean
has_focus_inside (LfCanvas *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, self->list);
}

/* Lines of the form: each control starts one, unless it sits beside the one before. */
static void
rebuild (LfCanvas *self)
{
  gboolean had_focus = has_focus_inside (self);
  GtkWidget *child;
  GtkWidget *line = NULL;
  GtkWidget *item;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_box_remove (GTK_BOX (self->list), child);
  for (guint i = 0; self->form && i < lf_form_get_n_controls (self->form); i++)
    {
      LfControl *control = lf_form_get_control (self->form, i);

      if (line == NULL || !lf_control_get_beside_previous (control))
        {
          line = lf_form_row_new (6);
          gtk_box_append (GTK_BOX (self->list), line);
        }
      lf_form_row_append (LF_FORM_ROW (line), make_item (self, control));
    }

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    self->form && lf_form_get_n_controls (self->form) > 0
                                    ? "form" : "empty");
  show_selection (self);
  /* A redraw must not throw the keyboard user out of the canvas. */
  item = lf_canvas_get_row (self, self->selected);
  if (had_focus && item != NULL)
    gtk_widget_grab_focus (item);
}

static void
on_form_changed (LfCanvas *self)
{
  rebuild (self);
}

static void
on_item_clicked (GtkButton *item,
                 LfCanvas  *self)
{
  LfControl *control = item_control (GTK_WIDGET (item));

  if (control != NULL && control != self->selected)
    g_signal_emit (self, signals[CONTROL_SELECTED], 0, control);
  gtk_widget_grab_focus (GTK_WIDGET (item));
}

/* Where a drop at @x, @y lands: before the item under it, or after it when in its second
 * half (the right half for items side by side, the lower half for the others). */
static guint
drop_position (LfCanvas *self,
               double    x,
               double    y)
{
  g_autoptr(GPtrArray) items = list_items (self);
  GtkWidget *item = item_at (self, x, y);
  graphene_rect_t bounds;
  guint index;

  if (item == NULL)
    {
      /* Between lines: before the first item whose middle is below the pointer. */
      for (guint i = 0; i < items->len; i++)
        if (gtk_widget_compute_bounds (items->pdata[i], self->list, &bounds) &&
            y < bounds.origin.y + bounds.size.height / 2)
          return i;
      return items->len;
    }
  g_ptr_array_find (items, item, &index);
  if (!gtk_widget_compute_bounds (item, self->list, &bounds))
    return index;
  if (LF_IS_FORM_ROW (gtk_widget_get_parent (item)) &&
      lf_form_row_is_wide (LF_FORM_ROW (gtk_widget_get_parent (item))) &&
      gtk_widget_get_first_child (gtk_widget_get_parent (item)) !=
      gtk_widget_get_last_child (gtk_widget_get_parent (item)))
    {
      gboolean second = x > bounds.origin.x + bounds.size.width / 2;

      if (gtk_widget_get_direction (self->list) == GTK_TEXT_DIR_RTL)
        second = !second;
      return index + second;
    }
  return index + (y > bounds.origin.y + bounds.size.height / 2);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LfCanvas      *self)
{
  const char *text = g_value_get_string (value);
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  guint position = 0;

  if (self->form == NULL || text == NULL)
    return FALSE;
  if (widget == self->list)
    position = drop_position (self, x, y);
  if (g_str_has_prefix (text, LF_PALETTE_DRAG_KIND_PREFIX))
    {
      g_signal_emit (self, signals[KIND_DROPPED], 0,
                     text + strlen (LF_PALETTE_DRAG_KIND_PREFIX), position);
      return TRUE;
    }
  if (g_str_has_prefix (text, LF_CANVAS_DRAG_CONTROL_PREFIX))
    {
      LfControl *control = lf_form_find_control (self->form,
                                                 text + strlen (LF_CANVAS_DRAG_CONTROL_PREFIX));

      if (control == NULL)
        return FALSE;
      g_signal_emit (self, signals[CONTROL_DROPPED], 0, control, position);
      return TRUE;
    }
  return FALSE;
}

static void
popup_menu_at (LfCanvas *self,
               double    x,
               double    y)
{
  graphene_point_t point;

  if (!gtk_widget_compute_point (self->list, GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
on_secondary_click (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    LfCanvas        *self)
{
  LfControl *control = item_control (item_at (self, x, y));

  if (control == NULL)
    return;
  if (control != self->selected)
    g_signal_emit (self, signals[CONTROL_SELECTED], 0, control);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at (self, x, y);
}

/* Shift+F10 and the Menu key: the context menu of the selected item. */
static gboolean
show_context_menu (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  LfCanvas *self = LF_CANVAS (widget);
  GtkWidget *item = lf_canvas_get_row (self, self->selected);
  graphene_rect_t bounds;

  if (item == NULL || !gtk_widget_compute_bounds (item, self->list, &bounds))
    return FALSE;
  popup_menu_at (self, bounds.origin.x + 24, bounds.origin.y + bounds.size.height / 2);
  return TRUE;
}

/* Left and Right go to the item before and after, mirrored right to left. */
static gboolean
select_sideways (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  gboolean forward = g_variant_get_boolean (args);

  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    forward = !forward;
  return gtk_widget_activate_action (widget, forward ? "editor.select-next"
                                                     : "editor.select-previous", NULL);
}

/* Alt+Right joins the line before, Alt+Left starts a line of its own (mirrored too). */
static gboolean
place_sideways (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  LfCanvas *self = LF_CANVAS (widget);
  gboolean beside = g_variant_get_boolean (args);

  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    beside = !beside;
  if (self->selected == NULL || lf_control_get_beside_previous (self->selected) == beside)
    return TRUE;
  return gtk_widget_activate_action (widget, "editor.beside-previous", NULL);
}

static GMenuModel *
make_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autoptr(GMenu) move = g_menu_new ();
  g_autoptr(GMenu) remove = g_menu_new ();

  g_menu_append (edit, _("_Duplicate"), "editor.duplicate-control");
  g_menu_append (move, _("Move _Up"), "editor.move-up");
  g_menu_append (move, _("Move Do_wn"), "editor.move-down");
  g_menu_append (move, _("_Beside the Previous Control"), "editor.beside-previous");
  g_menu_append (remove, _("_Remove"), "editor.delete-control");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (move));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (remove));
  return G_MENU_MODEL (menu);
}

static void
lf_canvas_dispose (GObject *object)
{
  LfCanvas *self = LF_CANVAS (object);

  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);
  g_clear_object (&self->selected);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  G_OBJECT_CLASS (lf_canvas_parent_class)->dispose (object);
}

static void
lf_canvas_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  LfCanvas *self = LF_CANVAS (widget);

  GTK_WIDGET_CLASS (lf_canvas_parent_class)->size_allocate (widget, width, height, baseline);
  /* The context menu is our own child, so it must be given a place too. */
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
lf_canvas_class_init (LfCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_canvas_dispose;
  widget_class->size_allocate = lf_canvas_size_allocate;

  signals[CONTROL_SELECTED] =
    g_signal_new ("control-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, LF_TYPE_CONTROL);
  signals[KIND_DROPPED] =
    g_signal_new ("kind-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  signals[CONTROL_DROPPED] =
    g_signal_new ("control-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, LF_TYPE_CONTROL, G_TYPE_UINT);

  /* The arrows move the selection, with Alt the selected control; all are the editor's. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "editor.delete-control", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "editor.delete-control", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "editor.duplicate-control", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "editor.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "editor.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0,
                                       "editor.select-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0,
                                       "editor.select-next", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, select_sideways, "b", FALSE);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, select_sideways, "b", TRUE);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, GDK_ALT_MASK, place_sideways, "b",
                                TRUE);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, place_sideways, "b",
                                FALSE);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                show_context_menu, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, show_context_menu, NULL);
  gtk_widget_class_set_css_name (widget_class, "lfcanvas");
}

static void
lf_canvas_init (LfCanvas *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  GtkDropTarget *empty_target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
  GtkGesture *click = gtk_gesture_click_new ();
  g_autoptr(GMenuModel) menu = make_menu ();

  self->list = g_object_new (GTK_TYPE_BOX,
                             "orientation", GTK_ORIENTATION_VERTICAL,
                             "accessible-role", GTK_ACCESSIBLE_ROLE_LIST,
                             NULL);
  gtk_widget_add_css_class (self->list, "lf-canvas");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Form"), -1);

  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (self->list, GTK_EVENT_CONTROLLER (target));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_click), self);
  gtk_widget_add_controller (self->list, GTK_EVENT_CONTROLLER (click));

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  gtk_widget_set_margin_top (clamp, 24);
  gtk_widget_set_margin_bottom (clamp, 24);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->list);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "insert-object-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("An Empty Form"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Click a control on the left, or drag it here"));
  g_signal_connect (empty_target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (empty, GTK_EVENT_CONTROLLER (empty_target));

  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "form");
  adw_bin_set_child (ADW_BIN (self), self->stack);

  self->context_menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
}

GtkWidget *
lf_canvas_new (void)
{
  return g_object_new (LF_TYPE_CANVAS, NULL);
}

void
lf_canvas_set_form (LfCanvas *self,
                    LfForm   *form)
{
  g_return_if_fail (LF_IS_CANVAS (self));
  g_return_if_fail (form == NULL || LF_IS_FORM (form));

  if (self->form == form)
    return;
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_set_object (&self->form, form);
  g_clear_object (&self->selected);
  if (form != NULL)
    {
      g_signal_connect_swapped (form, "control-added", G_CALLBACK (on_form_changed), self);
      g_signal_connect_swapped (form, "control-removed", G_CALLBACK (on_form_changed), self);
      g_signal_connect_swapped (form, "control-moved", G_CALLBACK (on_form_changed), self);
      g_signal_connect_swapped (form, "control-property-changed",
                                G_CALLBACK (on_form_changed), self);
    }
  rebuild (self);
}

void
lf_canvas_set_selected (LfCanvas  *self,
                        LfControl *control)
{
  gboolean had_focus;
  GtkWidget *item;

  g_return_if_fail (LF_IS_CANVAS (self));

  had_focus = has_focus_inside (self);
  g_set_object (&self->selected, control);
  show_selection (self);
  /* The keys change the selection through the editor: the focus follows it. */
  item = lf_canvas_get_row (self, control);
  if (had_focus && item != NULL && !gtk_widget_has_focus (item))
    gtk_widget_grab_focus (item);
}

GtkWidget *
lf_canvas_get_row (LfCanvas  *self,
                   LfControl *control)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  if (control == NULL)
    return NULL;
  for (GtkWidget *line = gtk_widget_get_first_child (self->list); line;
       line = gtk_widget_get_next_sibling (line))
    for (GtkWidget *item = gtk_widget_get_first_child (line); item;
         item = gtk_widget_get_next_sibling (item))
      if (item_control (item) == control)
        return item;
  return NULL;
}
