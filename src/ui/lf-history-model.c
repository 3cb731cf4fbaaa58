/* lf-history-model.c: the run history as a list, newest first, read a page at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-history"

#include "config.h"


#include "lf-history-entry.h"
#include "lf-history-model.h"

#define PAGE_SIZE 200

/* LfHistoryModel ****************************************************************************************/

struct _LfHistoryModel
{
  GObject         parent_instance;

  LfHistory      *history;
  LfHistoryQuery *query;        /* never NULL */
  GPtrArray      *entries;
  GCancellable   *cancellable;  /* of the page being read */
  gboolean        complete;     /* the last page was short: nothing more to read */
};

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return LF_TYPE_HISTORY_ENTRY;
}

static guint
get_n_items (GListModel *model)
{
  return LF_HISTORY_MODEL (model)->entries->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  LfHistoryModel *self = LF_HISTORY_MODEL (model);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (self->entries->pdata[position]);
}

static void
list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (LfHistoryModel, lf_history_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_init))

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LfHistoryModel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) page = lf_history_list_finish (LF_HISTORY (object), result, &error);
  guint before;
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (page == NULL)
    {
      /* The list shows what it has; the history says why it could not read more. */
      g_warning ("%s", error->message);
      self->complete = TRUE;
      return;
    }
  before = self->entries->len;
  n = json_array_get_length (page);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->entries,
                     lf_history_entry_new (json_array_get_object_element (page, i)));
  self->complete = n < PAGE_SIZE;
  g_list_model_items_changed (G_LIST_MODEL (self), before, 0, n);
}

void
lf_history_model_load_more (LfHistoryModel *self)
{
  LfHistoryQuery page;

  g_return_if_fail (LF_IS_HISTORY_MODEL (self));

  if (self->cancellable != NULL || self->complete)
    return;
  page = *self->query;
  page.limit = PAGE_SIZE;
  page.before_id = self->entries->len > 0
                   ? lf_history_entry_get_id (g_ptr_array_index (self->entries,
                                                                 self->entries->len - 1))
                   : 0;
  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  lf_history_list_async (self->history, &page, self->cancellable, on_page,
                         g_object_ref (self));
}

void
lf_history_model_set_query (LfHistoryModel       *self,
                            const LfHistoryQuery *query)
{
  guint removed;

  g_return_if_fail (LF_IS_HISTORY_MODEL (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  lf_history_query_free (self->query);
  self->query = lf_history_query_copy (query);
  removed = self->entries->len;
  g_ptr_array_set_size (self->entries, 0);
  self->complete = FALSE;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  lf_history_model_load_more (self);
}

gboolean
lf_history_model_get_loading (LfHistoryModel *self)
{
  g_return_val_if_fail (LF_IS_HISTORY_MODEL (self), FALSE);

  return self->cancellable != NULL;
}

static void
lf_history_model_dispose (GObject *object)
{
  LfHistoryModel *self = (LfHistoryModel *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lf_history_model_parent_class)->dispose (object);
}

static void
lf_history_model_finalize (GObject *object)
{
  LfHistoryModel *self = (LfHistoryModel *) object;

  g_clear_pointer (&self->query, lf_history_query_free);
  g_ptr_array_unref (self->entries);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (lf_history_model_parent_class)->finalize (object);
}

static void
lf_history_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, lf_history_model_get_loading (LF_HISTORY_MODEL (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_history_model_class_init (LfHistoryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_history_model_dispose;
  object_class->finalize = lf_history_model_finalize;
  object_class->get_property = lf_history_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_history_model_init (LfHistoryModel *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->query = lf_history_query_copy (NULL);
}

LfHistoryModel *
lf_history_model_new (LfHistory *history)
{
  LfHistoryModel *self;

  g_return_val_if_fail (LF_IS_HISTORY (history), NULL);

  self = g_object_new (LF_TYPE_HISTORY_MODEL, NULL);
  self->history = g_object_ref (history);
  return self;
}
