/* lf-event-rows.c: lists of test events as the app shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lf-event-rows.h"

const char *
lf_event_origin_title (LfTestEventOrigin origin)
{
  switch (origin)
    {
    case LF_TEST_EVENT_SAVED:
      return _("Saved on This Computer");
    case LF_TEST_EVENT_SHARED:
      return _("Shared in the Account");
    case LF_TEST_EVENT_RECENT:
      return _("Sent Lately");
    case LF_TEST_EVENT_TEMPLATE:
    default:
      return _("Templates");
    }
}

/* What a person most likely starts from comes first. */
static int
rank (LfTestEvent *event)
{
  static const int ranks[] = {
    [LF_TEST_EVENT_SAVED] = 0,
    [LF_TEST_EVENT_SHARED] = 1,
    [LF_TEST_EVENT_RECENT] = 2,
    [LF_TEST_EVENT_TEMPLATE] = 3,
  };

  return ranks[lf_test_event_get_origin (event)];
}

void
lf_event_rows_insert (GListStore *store,
                      GPtrArray  *events)
{
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      LfTestEvent *event = events->pdata[i];
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
      guint position = n;

      for (guint j = 0; j < n && position == n; j++)
        {
          g_autoptr(LfTestEvent) other = g_list_model_get_item (G_LIST_MODEL (store), j);

          if (rank (other) > rank (event))
            position = j;
        }
      g_list_store_insert (store, position, event);
    }
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  GListModel *events = user_data;
  g_autoptr(LfTestEvent) event = g_list_model_get_item (events, gtk_list_box_row_get_index (row));
  g_autoptr(LfTestEvent) previous = NULL;
  GtkWidget *header;

  /* Asked while the list is being filled, a row may not be in it yet. */
  if (event == NULL)
    return;
  if (before != NULL)
    previous = g_list_model_get_item (events, gtk_list_box_row_get_index (before));
  if (previous != NULL && lf_test_event_get_origin (previous) == lf_test_event_get_origin (event))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (lf_event_origin_title (lf_test_event_get_origin (event)));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_start (header, 6);
  gtk_widget_set_margin_top (header, before ? 12 : 6);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_list_box_row_set_header (row, header);
}

void
lf_event_rows_set_headers (GtkListBox *list,
                           GListModel *events)
{
  gtk_list_box_set_header_func (list, update_header, g_object_ref (events), g_object_unref);
}
