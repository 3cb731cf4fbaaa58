/* lf-form-row.c: equal columns while they fit, a stack when they do not
 *
 * Height-for-width: asked its height for a width, the row answers for the layout that width
 * gives, so a window can be made narrow and the row stacks instead of overflowing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-ui"

#include "config.h"

#include "lf-form-row.h"

struct _LfFormRow
{
  GtkWidget parent_instance;

  int       spacing;
  gboolean  wide;
};

G_DEFINE_FINAL_TYPE (LfFormRow, lf_form_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
count_shown (LfFormRow *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child;
       child = gtk_widget_get_next_sibling (child))
    n += gtk_widget_should_layout (child);
  return n;
}

/* The width of each column at @width, or -1 when some child would get less than its
 * minimum there. */
static int
column_width (LfFormRow *self,
              int        width)
{
  guint n = count_shown (self);
  int column;

  if (n == 0)
    return width;
  column = (width - self->spacing * ((int) n - 1)) / (int) n;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      int minimum;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      if (column < minimum)
        return -1;
    }
  return column;
}

static GtkSizeRequestMode
lf_form_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lf_form_row_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  LfFormRow *self = LF_FORM_ROW (widget);
  guint n = count_shown (self);
  int gaps = n > 0 ? self->spacing * ((int) n - 1) : 0;
  int column = -1;

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0)
    column = column_width (self, for_size);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          /* As narrow as the widest child, stacked; as wide as equal columns, naturally. */
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else if (column >= 0)
        {
          gtk_widget_measure (child, orientation, column, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else
        {
          gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
          *minimum += child_min;
          *natural += child_nat;
        }
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = *natural * (int) n + gaps;
  else if (column < 0)
    {
      *minimum += gaps;
      *natural += gaps;
    }
  *natural = MAX (*natural, *minimum);
}

static void
lf_form_row_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  LfFormRow *self = LF_FORM_ROW (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int column = column_width (self, width);
  int natural_total = 0;
  int offset = 0;

  self->wide = column >= 0;
  if (!self->wide)
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
         child = gtk_widget_get_next_sibling (child))
      if (gtk_widget_should_layout (child))
        {
          int child_nat;

          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &child_nat, NULL,
                              NULL);
          natural_total += child_nat + self->spacing;
        }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkAllocation allocation;

      if (!gtk_widget_should_layout (child))
        continue;
      if (self->wide)
        {
          gboolean last = TRUE;

          for (GtkWidget *next = gtk_widget_get_next_sibling (child); next && last;
               next = gtk_widget_get_next_sibling (next))
            last = !gtk_widget_should_layout (next);
          /* The last column takes what the division left over. */
          allocation.width = last ? width - offset : column;
          allocation.x = rtl ? width - offset - allocation.width : offset;
          allocation.y = 0;
          allocation.height = height;
          offset += allocation.width + self->spacing;
        }
      else
        {
          int child_min, child_nat;

          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &child_min, &child_nat,
                              NULL, NULL);
          allocation.x = 0;
          allocation.width = width;
          allocation.y = offset;
          /* Natural heights when the stack gets them all, else the minimums. */
          allocation.height = natural_total - self->spacing <= height ? child_nat : child_min;
          offset += allocation.height + self->spacing;
        }
      gtk_widget_size_allocate (child, &allocation, -1);
    }
}

static void
lf_form_row_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lf_form_row_parent_class)->dispose (object);
}

static void
lf_form_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LfFormRow *self = LF_FORM_ROW (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_form_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LfFormRow *self = LF_FORM_ROW (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      if (self->spacing != g_value_get_int (value))
        {
          self->spacing = g_value_get_int (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_form_row_class_init (LfFormRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_form_row_dispose;
  object_class->get_property = lf_form_row_get_property;
  object_class->set_property = lf_form_row_set_property;
  widget_class->get_request_mode = lf_form_row_get_request_mode;
  widget_class->measure = lf_form_row_measure;
  widget_class->size_allocate = lf_form_row_size_allocate;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "lfformrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lf_form_row_init (LfFormRow *self)
{
}

GtkWidget *
lf_form_row_new (int spacing)
{
  return g_object_new (LF_TYPE_FORM_ROW, "spacing", spacing, NULL);
}

void
lf_form_row_append (LfFormRow *self,
                    GtkWidget *child)
{
  g_return_if_fail (LF_IS_FORM_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_set_parent (child, GTK_WIDGET (self));
}

gboolean
lf_form_row_is_wide (LfFormRow *self)
{
  g_return_val_if_fail (LF_IS_FORM_ROW (self), FALSE);
  return self->wide;
}
