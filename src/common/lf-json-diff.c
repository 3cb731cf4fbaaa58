/* lf-json-diff.c: what changed between two JSON values, member by member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lf-json-diff.h"
#include "lf-json-util.h"

static gboolean
is_identifier (const char *name)
{
  if (!g_ascii_isalpha (*name) && *name != '_')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
member_path (const char *path,
             const char *name)
{
  g_autoptr(GString) out = NULL;

  if (is_identifier (name))
    return g_strconcat (path, ".", name, NULL);
  out = g_string_new (path);
  g_string_append_c (out, '[');
  lf_json_append_string (out, name, 0);
  g_string_append_c (out, ']');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_change (JsonArray  *changes,
            const char *path,
            const char *change,
            JsonNode   *before,
            JsonNode   *after)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "path", path);
  json_object_set_string_member (object, "change", change);
  if (before != NULL)
    json_object_set_member (object, "before", json_node_copy (before));
  if (after != NULL)
    json_object_set_member (object, "after", json_node_copy (after));
  json_array_add_object_element (changes, object);
}

static gboolean
is_number (JsonNode *node)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* Same scalar: json_node_equal, except that 1 and 1.0 are one number. */
static gboolean
same_value (JsonNode *a,
            JsonNode *b)
{
  if (is_number (a) && is_number (b))
    return json_node_get_double (a) == json_node_get_double (b);
  return json_node_equal (a, b);
}

static void diff_nodes (JsonArray  *changes,
                        const char *path,
                        JsonNode   *before,
                        JsonNode   *after);

static void
diff_objects (JsonArray  *changes,
              const char *path,
              JsonObject *before,
              JsonObject *after)
{
  g_autoptr(GList) names = json_object_get_members (before);
  g_autoptr(GList) added = json_object_get_members (after);

  for (GList *l = names; l; l = l->next)
    {
      g_autofree char *child = member_path (path, l->data);

      if (json_object_has_member (after, l->data))
        diff_nodes (changes, child, json_object_get_member (before, l->data),
                    json_object_get_member (after, l->data));
      else
        add_change (changes, child, "removed", json_object_get_member (before, l->data), NULL);
    }
  for (GList *l = added; l; l = l->next)
    if (!json_object_has_member (before, l->data))
      {
        g_autofree char *child = member_path (path, l->data);

        add_change (changes, child, "added", NULL, json_object_get_member (after, l->data));
      }
}

static void
diff_arrays (JsonArray  *changes,
             const char *path,
             JsonArray  *before,
             JsonArray  *after)
{
  guint n_before = json_array_get_length (before);
  guint n_after = json_array_get_length (after);

  for (guint i = 0; i < MAX (n_before, n_after); i++)
    {
      g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

      if (i >= n_after)
        add_change (changes, child, "removed", json_array_get_element (before, i), NULL);
      else if (i >= n_before)
        add_change (changes, child, "added", NULL, json_array_get_element (after, i));
      else
        diff_nodes (changes, child, json_array_get_element (before, i),
                    json_array_get_element (after, i));
    }
}

static void
diff_nodes (JsonArray  *changes,
            const char *path,
            JsonNode   *before,
            JsonNode   *after)
{
  if (JSON_NODE_HOLDS_OBJECT (before) && JSON_NODE_HOLDS_OBJECT (after))
    diff_objects (changes, path, json_node_get_object (before), json_node_get_object (after));
  else if (JSON_NODE_HOLDS_ARRAY (before) && JSON_NODE_HOLDS_ARRAY (after))
    diff_arrays (changes, path, json_node_get_array (before), json_node_get_array (after));
  else if (!same_value (before, after))
    add_change (changes, path, "changed", before, after);
}

JsonArray *
lf_json_diff (JsonNode *before,
              JsonNode *after)
{
  JsonArray *changes = json_array_new ();

  g_return_val_if_fail (before != NULL && after != NULL, changes);

  diff_nodes (changes, "$", before, after);
  return changes;
}
