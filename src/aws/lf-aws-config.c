/* lf-aws-config.c: a reader for the AWS CLI's INI-style shared files
 *
 * GKeyFile is stricter than these files are in the wild (";" comments, indented sub-keys of
 * "s3 =" blocks), so this reads them the way the AWS CLI does and keeps each value's line
 * for error messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-aws-config"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-aws-config.h"
#include "lf-aws-error.h"

typedef struct
{
  char *value;
  char *where;   /* FILE:LINE */
} Entry;

struct _LfAwsConfig
{
  GObject parent_instance;

  /* profile name -> (key -> Entry), one table per file */
  GHashTable *credentials;
  GHashTable *config;
};

G_DEFINE_FINAL_TYPE (LfAwsConfig, lf_aws_config, G_TYPE_OBJECT)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  /* Values may be secrets. */
  if (entry->value != NULL)
    explicit_bzero (entry->value, strlen (entry->value));
  g_free (entry->value);
  g_free (entry->where);
  g_free (entry);
}

static GHashTable *
new_profile_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) g_hash_table_unref);
}

static void
lf_aws_config_finalize (GObject *object)
{
  LfAwsConfig *self = (LfAwsConfig *) object;

  g_clear_pointer (&self->credentials, g_hash_table_unref);
  g_clear_pointer (&self->config, g_hash_table_unref);

  G_OBJECT_CLASS (lf_aws_config_parent_class)->finalize (object);
}

static void
lf_aws_config_class_init (LfAwsConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_aws_config_finalize;
}

static void
lf_aws_config_init (LfAwsConfig *self)
{
  self->credentials = new_profile_table ();
  self->config = new_profile_table ();
}

static gboolean
parse_file (const char  *path,
            gboolean     is_config,
            GHashTable  *profiles,
            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *current = NULL;
  gboolean in_section = FALSE;
  gboolean in_nested = FALSE;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("Could not read %s: %s"), path, local_error->message);
      return FALSE;
    }

  if (!g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s is not UTF-8 text"), path);
      explicit_bzero (contents, length);
      return FALSE;
    }

  lines = g_strsplit (contents, "\n", -1);
  explicit_bzero (contents, length);

  for (guint n = 0; lines[n]; n++)
    {
      char *line = lines[n];
      gboolean indented = line[0] == ' ' || line[0] == '\t';
      char *stripped = g_strstrip (line);
      char *eq;

      if (stripped[0] == '\0' || stripped[0] == '#' || stripped[0] == ';')
        continue;

      if (stripped[0] == '[')
        {
          char *close = strrchr (stripped, ']');
          g_autofree char *name = NULL;
          char *section;

          if (close == NULL || close[1] != '\0')
            {
              g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           _("%s:%u: the section header “%s” has no closing “]”"), path, n + 1,
                           stripped);
              return FALSE;
            }
          *close = '\0';
          section = g_strstrip (stripped + 1);

          /* In config, named profiles are "[profile NAME]"; "[default]" stays bare. Other
           * sections (sso-session, services) are not profiles. */
          if (is_config)
            {
              if (g_str_has_prefix (section, "profile ") || g_str_has_prefix (section, "profile\t"))
                name = g_strdup (g_strstrip (section + strlen ("profile")));
              else if (g_str_equal (section, "default"))
                name = g_strdup ("default");
            }
          else
            name = g_strdup (section);

          if (name != NULL && name[0] == '\0')
            {
              g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           _("%s:%u: a profile section has no name"), path, n + 1);
              return FALSE;
            }

          in_section = TRUE;
          if (name == NULL)
            current = NULL;
          else if (!(current = g_hash_table_lookup (profiles, name)))
            {
              current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
              g_hash_table_insert (profiles, g_steal_pointer (&name), current);
            }
          in_nested = FALSE;
          continue;
        }

      eq = strchr (stripped, '=');
      if (eq == NULL)
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                       _("%s:%u: expected “key = value” or a [section]"), path, n + 1);
          return FALSE;
        }

      if (!in_section && !indented)
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                       _("%s:%u: a setting stands before any [section]"), path, n + 1);
          return FALSE;
        }

      /* Indented lines under "s3 =" and the like belong to a nested block we do not use. */
      if (indented && in_nested)
        continue;

      *eq = '\0';
      {
        char *key = g_strstrip (stripped);
        char *value = g_strstrip (eq + 1);
        Entry *entry;

        if (key[0] == '\0')
          {
            g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                         _("%s:%u: a setting has no name before “=”"), path, n + 1);
            return FALSE;
          }

        in_nested = value[0] == '\0';
        if (current == NULL || in_nested)
          continue;

        entry = g_new0 (Entry, 1);
        entry->value = g_strdup (value);
        entry->where = g_strdup_printf ("%s:%u", path, n + 1);
        g_hash_table_replace (current, g_ascii_strdown (key, -1), entry);
      }
    }

  for (guint n = 0; lines[n]; n++)
    explicit_bzero (lines[n], strlen (lines[n]));

  return TRUE;
}

LfAwsConfig *
lf_aws_config_load_files (const char  *credentials_path,
                          const char  *config_path,
                          GError     **error)
{
  g_autoptr(LfAwsConfig) self = g_object_new (LF_TYPE_AWS_CONFIG, NULL);

  if (credentials_path != NULL && !parse_file (credentials_path, FALSE, self->credentials, error))
    return NULL;
  if (config_path != NULL && !parse_file (config_path, TRUE, self->config, error))
    return NULL;

  return g_steal_pointer (&self);
}

static char *
expand_home (const char *path)
{
  if (path[0] == '~' && (path[1] == '/' || path[1] == '\0'))
    return g_build_filename (g_get_home_dir (), path + 1, NULL);
  return g_strdup (path);
}

static const char *
env_get (const char * const *envp,
         const char         *name)
{
  if (envp == NULL)
    return g_getenv (name);
  return g_environ_getenv ((char **) envp, name);
}

LfAwsConfig *
lf_aws_config_load (const char * const  *envp,
                    GError             **error)
{
  const char *credentials = env_get (envp, "AWS_SHARED_CREDENTIALS_FILE");
  const char *config = env_get (envp, "AWS_CONFIG_FILE");
  g_autofree char *credentials_path = NULL;
  g_autofree char *config_path = NULL;

  credentials_path = (credentials && *credentials)
                       ? expand_home (credentials)
                       : g_build_filename (g_get_home_dir (), ".aws", "credentials", NULL);
  config_path = (config && *config) ? expand_home (config)
                                    : g_build_filename (g_get_home_dir (), ".aws", "config", NULL);

  return lf_aws_config_load_files (credentials_path, config_path, error);
}

gboolean
lf_aws_config_has_profile (LfAwsConfig *self,
                           const char  *profile)
{
  g_return_val_if_fail (LF_IS_AWS_CONFIG (self), FALSE);

  return g_hash_table_contains (self->credentials, profile) ||
         g_hash_table_contains (self->config, profile);
}

const char *
lf_aws_config_get (LfAwsConfig *self,
                   const char  *profile,
                   const char  *key,
                   const char **where)
{
  GHashTable *tables[] = { self->credentials, self->config };

  g_return_val_if_fail (LF_IS_AWS_CONFIG (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      GHashTable *settings = g_hash_table_lookup (tables[i], profile);
      Entry *entry = settings ? g_hash_table_lookup (settings, key) : NULL;

      if (entry != NULL)
        {
          if (where != NULL)
            *where = entry->where;
          return entry->value;
        }
    }

  if (where != NULL)
    *where = NULL;
  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char **
lf_aws_config_list_profiles (LfAwsConfig *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTable *tables[] = { self->credentials, self->config };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, tables[i]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_hash_table_add (seen, key))
          g_ptr_array_add (names, g_strdup (key));
    }

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

const char *
lf_aws_config_default_profile (const char * const *envp)
{
  const char *profile = env_get (envp, "AWS_PROFILE");

  if (profile == NULL || profile[0] == '\0')
    profile = env_get (envp, "AWS_DEFAULT_PROFILE");
  return (profile && profile[0]) ? profile : "default";
}
