/* lf-result-item.c: one field of an action's answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-editor-context.h"
#include "lf-json-util.h"
#include "lf-result-item.h"

struct _LfResultItem
{
  GObject   parent_instance;

  char     *path;
  char     *key;
  char     *title;   /* the keys from the answer down, for people: "Functions → item 1" */
  JsonNode *node;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_KEY,
  PROP_NODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfResultItem, lf_result_item, G_TYPE_OBJECT)

static void
lf_result_item_finalize (GObject *object)
{
  LfResultItem *self = (LfResultItem *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->node, json_node_unref);

  G_OBJECT_CLASS (lf_result_item_parent_class)->finalize (object);
}

static void
lf_result_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LfResultItem *self = LF_RESULT_ITEM (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_NODE:
      g_value_set_boxed (value, self->node);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_result_item_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LfResultItem *self = LF_RESULT_ITEM (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_KEY:
      self->key = g_value_dup_string (value);
      break;
    case PROP_NODE:
      self->node = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_result_item_class_init (LfResultItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lf_result_item_finalize;
  object_class->get_property = lf_result_item_get_property;
  object_class->set_property = lf_result_item_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NODE] =
    g_param_spec_boxed ("node", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_result_item_init (LfResultItem *self)
{
}

LfResultItem *
lf_result_item_new (const char *path,
                    const char *key,
                    JsonNode   *node)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  return g_object_new (LF_TYPE_RESULT_ITEM, "path", path, "key", key, "node", node, NULL);
}

const char *
lf_result_item_get_path (LfResultItem *self)
{
  g_return_val_if_fail (LF_IS_RESULT_ITEM (self), NULL);
  return self->path;
}

const char *
lf_result_item_get_key (LfResultItem *self)
{
  g_return_val_if_fail (LF_IS_RESULT_ITEM (self), NULL);
  return self->key;
}

JsonNode *
lf_result_item_get_node (LfResultItem *self)
{
  g_return_val_if_fail (LF_IS_RESULT_ITEM (self), NULL);
  return self->node;
}

const char *
lf_result_item_get_title (LfResultItem *self)
{
  g_return_val_if_fail (LF_IS_RESULT_ITEM (self), NULL);
  return self->title ? self->title : self->key;
}

char *
lf_result_item_dup_summary (LfResultItem *self)
{
  guint n;

  g_return_val_if_fail (LF_IS_RESULT_ITEM (self), NULL);

  /* A container says how much it holds; its expander shows the rest. */
  if (JSON_NODE_HOLDS_OBJECT (self->node))
    {
      n = json_object_get_size (json_node_get_object (self->node));
      return g_strdup_printf (g_dngettext (NULL, "%u field", "%u fields", n), n);
    }
  if (JSON_NODE_HOLDS_ARRAY (self->node))
    {
      n = json_array_get_length (json_node_get_array (self->node));
      return g_strdup_printf (g_dngettext (NULL, "%u item", "%u items", n), n);
    }
  return lf_json_to_plain_text (self->node);
}

static void
append_item (GListStore   *store,
             LfResultItem *item,
             const char   *parent_title,
             const char   *step)
{
  item->title = parent_title ? g_strdup_printf ("%s → %s", parent_title, step) : g_strdup (step);
  g_list_store_append (store, item);
}

static void
append_members (GListStore *store,
                JsonObject *object,
                const char *path,
                const char *title)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l; l = l->next)
    {
      g_autofree char *child_path = lf_editor_context_path_append_member (path, l->data);
      g_autoptr(LfResultItem) item =
        lf_result_item_new (child_path, l->data, json_object_get_member (object, l->data));

      append_item (store, item, title, l->data);
    }
}

static void
append_elements (GListStore *store,
                 JsonArray  *array,
                 const char *path,
                 const char *title)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *child_path = g_strdup_printf ("%s[%u]", path, i);
      g_autofree char *key = g_strdup_printf ("[%u]", i);
      g_autoptr(LfResultItem) item =
        lf_result_item_new (child_path, key, json_array_get_element (array, i));
      /* Translators: an element of a list in an answer, counted from 1 */
      g_autofree char *step = g_strdup_printf (_("item %u"), i + 1);

      append_item (store, item, title, step);
    }
}

static GListModel *
list_members (JsonNode   *node,
              const char *path,
              const char *title)
{
  g_autoptr(GListStore) store = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (node == NULL)
    return NULL;
  store = g_list_store_new (LF_TYPE_RESULT_ITEM);
  if (JSON_NODE_HOLDS_OBJECT (node))
    append_members (store, json_node_get_object (node), path, title);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    append_elements (store, json_node_get_array (node), path, title);
  /* Nothing to unfold: the tree shows no expander. */
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&store));
}

GListModel *
lf_result_item_list_members (JsonNode   *node,
                             const char *path)
{
  return list_members (node, path, NULL);
}

GListModel *
lf_result_item_dup_children (LfResultItem *self)
{
  g_return_val_if_fail (LF_IS_RESULT_ITEM (self), NULL);
  return list_members (self->node, self->path, self->title);
}
