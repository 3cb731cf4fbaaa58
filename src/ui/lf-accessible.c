/* lf-accessible.c: names for screen readers where GTK 4.8 leaves them out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-accessible.h"

void
lf_accessible_name_drop_down_button (GtkWidget  *drop_down,
                                     const char *name)
{
  GtkWidget *button;

  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));
  g_return_if_fail (name != NULL);

  button = gtk_widget_get_first_child (drop_down);
  if (button != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE, -1);
}

void
lf_accessible_set_name (GtkWidget  *widget,
                        const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  if (GTK_IS_DROP_DOWN (widget))
    lf_accessible_name_drop_down_button (widget, name);
}
