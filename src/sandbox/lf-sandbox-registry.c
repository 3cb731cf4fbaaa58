/* lf-sandbox-registry.c: function folders loaded into one name space
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lf-sandbox-error.h"
#include "lf-sandbox-registry.h"

struct _LfSandboxRegistry
{
  GObject parent_instance;

  GHashTable *functions;   /* name → LfSandboxFunction */
};

G_DEFINE_FINAL_TYPE (LfSandboxRegistry, lf_sandbox_registry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_FUNCTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lf_sandbox_registry_finalize (GObject *object)
{
  LfSandboxRegistry *self = (LfSandboxRegistry *) object;

  g_clear_pointer (&self->functions, g_hash_table_unref);

  G_OBJECT_CLASS (lf_sandbox_registry_parent_class)->finalize (object);
}

static void
lf_sandbox_registry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LfSandboxRegistry *self = LF_SANDBOX_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_N_FUNCTIONS:
      g_value_set_uint (value, g_hash_table_size (self->functions));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_sandbox_registry_class_init (LfSandboxRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lf_sandbox_registry_finalize;
  object_class->get_property = lf_sandbox_registry_get_property;

  properties[PROP_N_FUNCTIONS] =
    g_param_spec_uint ("n-functions", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_sandbox_registry_init (LfSandboxRegistry *self)
{
  self->functions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

LfSandboxRegistry *
lf_sandbox_registry_new (void)
{
  return g_object_new (LF_TYPE_SANDBOX_REGISTRY, NULL);
}

gboolean
lf_sandbox_registry_add (LfSandboxRegistry  *self,
                         LfSandboxFunction  *function,
                         GError            **error)
{
  const char *name;

  g_return_val_if_fail (LF_IS_SANDBOX_REGISTRY (self), FALSE);
  g_return_val_if_fail (LF_IS_SANDBOX_FUNCTION (function), FALSE);

  name = lf_sandbox_function_get_name (function);
  if (g_hash_table_contains (self->functions, name))
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_FUNCTION,
                   "%s: a function named “%s” is already served from %s",
                   lf_sandbox_function_get_directory (function), name,
                   lf_sandbox_function_get_directory (lf_sandbox_registry_lookup (self, name)));
      return FALSE;
    }

  g_hash_table_insert (self->functions, g_strdup (name), g_object_ref (function));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FUNCTIONS]);

  return TRUE;
}

/* Loads every sub-folder of @path that holds a function.json. A folder that is not a valid
 * function is reported with a warning and skipped, so one broken function does not take the
 * others down; a @path that cannot be read is an error. */
gboolean
lf_sandbox_registry_add_directory (LfSandboxRegistry  *self,
                                   const char         *path,
                                   GError            **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_return_val_if_fail (LF_IS_SANDBOX_REGISTRY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;

  while ((entry = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (entry));

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *folder = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autofree char *manifest = g_build_filename (folder, "function.json", NULL);
      g_autoptr(LfSandboxFunction) function = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!g_file_test (manifest, G_FILE_TEST_IS_REGULAR))
        continue;

      function = lf_sandbox_function_new_from_dir (folder, &local_error);
      if (function == NULL || !lf_sandbox_registry_add (self, function, &local_error))
        g_warning ("Skipping a function: %s", local_error->message);
    }

  return TRUE;
}

/**
 * lf_sandbox_registry_lookup:
 *
 * Returns: (transfer none) (nullable): the function named @name
 */
LfSandboxFunction *
lf_sandbox_registry_lookup (LfSandboxRegistry *self,
                            const char        *name)
{
  g_return_val_if_fail (LF_IS_SANDBOX_REGISTRY (self), NULL);

  return name ? g_hash_table_lookup (self->functions, name) : NULL;
}

gboolean
lf_sandbox_registry_remove (LfSandboxRegistry *self,
                            const char        *name)
{
  g_return_val_if_fail (LF_IS_SANDBOX_REGISTRY (self), FALSE);

  if (!g_hash_table_remove (self->functions, name))
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FUNCTIONS]);
  return TRUE;
}

guint
lf_sandbox_registry_get_n_functions (LfSandboxRegistry *self)
{
  g_return_val_if_fail (LF_IS_SANDBOX_REGISTRY (self), 0);
  return g_hash_table_size (self->functions);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * lf_sandbox_registry_list_page:
 * @marker: (nullable): the NextMarker of the previous page
 * @max_items: at most this many functions
 * @next_marker: (out) (transfer full): where the next page starts, or %NULL after the last
 *
 * Functions in name order, the page after @marker. The marker is the last name of the previous
 * page, so a function deleted between two pages does not shift the listing.
 *
 * Returns: (transfer container): the functions of the page
 */
GPtrArray *
lf_sandbox_registry_list_page (LfSandboxRegistry  *self,
                               const char         *marker,
                               guint               max_items,
                               char              **next_marker)
{
  g_autofree gpointer *names = NULL;
  guint n_names = 0;
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);
  guint i = 0;

  g_return_val_if_fail (LF_IS_SANDBOX_REGISTRY (self), page);
  g_return_val_if_fail (next_marker != NULL, page);

  *next_marker = NULL;
  names = g_hash_table_get_keys_as_array (self->functions, &n_names);
  qsort (names, n_names, sizeof (gpointer), compare_names);

  if (marker != NULL && *marker != '\0')
    while (i < n_names && strcmp (names[i], marker) <= 0)
      i++;

  for (; i < n_names && page->len < max_items; i++)
    g_ptr_array_add (page, g_object_ref (g_hash_table_lookup (self->functions, names[i])));

  if (i < n_names && page->len > 0)
    *next_marker = g_strdup (lf_sandbox_function_get_name (g_ptr_array_index (page,
                                                                              page->len - 1)));

  return page;
}
