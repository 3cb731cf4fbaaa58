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

/* One file being read, its lines cut apart in place. The text may hold secrets: clearing the
 * reader wipes all of it, whichever way the reading ends. */
typedef struct
{
  const char *path;
  gboolean is_config;
  GHashTable *profiles;
  char *text;
  gsize length;
  GHashTable *current;     /* the section's settings; NULL in a section that is not a profile */
  gboolean in_section;
  gboolean in_nested;      /* under "s3 =" and the like */
} Reader;

static void
reader_clear (Reader *reader)
{
  if (reader->text != NULL)
    explicit_bzero (reader->text, reader->length);
  g_clear_pointer (&reader->text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

/* A missing file is no error: it reads as empty. */
static gboolean
read_text (Reader  *reader,
           GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (reader->path, &reader->text, &reader->length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("Could not read %s: %s"), reader->path, local_error->message);
      return FALSE;
    }
  /* With a length, this also refuses NUL bytes, so the lines below end where the text does. */
  if (!g_utf8_validate (reader->text, reader->length, NULL))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s is not UTF-8 text"), reader->path);
      return FALSE;
    }
  return TRUE;
}

/* The profile a section header names: in config, "[profile NAME]" and a bare "[default]";
 * other config sections (sso-session, services) are not profiles and give NULL. */
static char *
profile_of_section (Reader *reader,
                    char   *section)
{
  if (!reader->is_config)
    return g_strdup (section);
  if (g_str_has_prefix (section, "profile ") || g_str_has_prefix (section, "profile\t"))
    return g_strdup (g_strstrip (section + strlen ("profile")));
  if (g_str_equal (section, "default"))
    return g_strdup ("default");
  return NULL;
}

static gboolean
read_section (Reader  *reader,
              char    *line,
              guint    number,
              GError **error)
{
  char *close = strrchr (line, ']');
  g_autofree char *name = NULL;

  if (close == NULL || close[1] != '\0')
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s:%u: the section header “%s” has no closing “]”"), reader->path, number,
                   line);
      return FALSE;
    }
  *close = '\0';
  name = profile_of_section (reader, g_strstrip (line + 1));
  if (name != NULL && name[0] == '\0')
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s:%u: a profile section has no name"), reader->path, number);
      return FALSE;
    }

  reader->in_section = TRUE;
  reader->in_nested = FALSE;
  if (name == NULL)
    reader->current = NULL;
  else if (!(reader->current = g_hash_table_lookup (reader->profiles, name)))
    {
      reader->current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
      g_hash_table_insert (reader->profiles, g_steal_pointer (&name), reader->current);
    }
  return TRUE;
}

static gboolean
read_setting (Reader    *reader,
              char      *line,
              gboolean   indented,
              guint      number,
              GError   **error)
{
  char *eq = strchr (line, '=');
  char *key;
  char *value;
  Entry *entry;

  if (eq == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s:%u: expected “key = value” or a [section]"), reader->path, number);
      return FALSE;
    }
  if (!reader->in_section && !indented)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s:%u: a setting stands before any [section]"), reader->path, number);
      return FALSE;
    }
  /* Indented lines under "s3 =" and the like belong to a nested block we do not use. */
  if (indented && reader->in_nested)
    return TRUE;

  *eq = '\0';
  key = g_strstrip (line);
  value = g_strstrip (eq + 1);
  if (key[0] == '\0')
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s:%u: a setting has no name before “=”"), reader->path, number);
      return FALSE;
    }
  reader->in_nested = value[0] == '\0';
  if (reader->current == NULL || reader->in_nested)
    return TRUE;

  entry = g_new0 (Entry, 1);
  entry->value = g_strdup (value);
  entry->where = g_strdup_printf ("%s:%u", reader->path, number);
  g_hash_table_replace (reader->current, g_ascii_strdown (key, -1), entry);
  return TRUE;
}

static gboolean
parse_file (const char  *path,
            gboolean     is_config,
            GHashTable  *profiles,
            GError     **error)
{
  g_auto(Reader) reader = { path, is_config, profiles, NULL, 0, NULL, FALSE, FALSE };
  char *next;

  if (!read_text (&reader, error))
    return FALSE;
  next = reader.text;
  for (guint number = 1; next != NULL; number++)
    {
      char *line = next;
      char *newline = strchr (line, '\n');
      gboolean indented = line[0] == ' ' || line[0] == '\t';
      char *stripped;
      gboolean ok;

      if (newline != NULL)
        *newline = '\0';
      next = newline ? newline + 1 : NULL;
      stripped = g_strstrip (line);
      if (stripped[0] == '\0' || stripped[0] == '#' || stripped[0] == ';')
        continue;
      if (stripped[0] == '[')
        ok = read_section (&reader, stripped, number, error);
      else
        ok = read_setting (&reader, stripped, indented, number, error);
      if (!ok)
        return FALSE;
    }
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
