/* lf-form-file.c: the .lambdaform format: loading, writing and atomic saving
 *
 * A form file is one JSON object, checked by lf-form-schema.c and lf-form-check.c. Members
 * this version does not know are kept, so a newer version's additions survive a load and
 * save here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lf-json-util.h"
#include "lf-form-private.h"
#include "lf-form-schema.h"

/* Loading ********************************************************************************/

/* What a part must have for the form to hold it at all: a name of its own, which is how
 * everything else finds it, and for a control a kind (even one this version does not know).
 * @seen collects the names. */
static gboolean
check_identity (JsonObject  *object,
                const char  *where,
                gboolean     is_control,
                GHashTable  *seen,
                GError     **error)
{
  JsonNode *name = json_object_get_member (object, "name");
  JsonNode *kind = json_object_get_member (object, "kind");
  g_autoptr(GError) local_error = NULL;
  const char *text;

  if (name == NULL || !JSON_NODE_HOLDS_VALUE (name) ||
      json_node_get_value_type (name) != G_TYPE_STRING)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("%s: “name” is missing or not a string"), where);
      return FALSE;
    }
  text = json_node_get_string (name);
  if (!lf_form_schema_check_name (text, &local_error))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID, "%s: %s", where,
                   local_error->message);
      return FALSE;
    }
  if (is_control && (kind == NULL || !JSON_NODE_HOLDS_VALUE (kind) ||
                     json_node_get_value_type (kind) != G_TYPE_STRING))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("%s: “kind” is missing or not a string"), where);
      return FALSE;
    }
  if (g_hash_table_contains (seen, text))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("%s.name: “%s” is taken: controls and actions need names of their own"),
                   where, text);
      return FALSE;
    }
  g_hash_table_add (seen, (gpointer) text);
  return TRUE;
}

LfForm *
lf_form_new_from_data (const char  *data,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) controls = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LfForm) form = NULL;
  JsonObject *root;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, LF_FORM_ERROR, LF_FORM_ERROR_PARSE,
                           _("$: the file is not UTF-8 text"));
      return NULL;
    }
  node = lf_json_parse (data, length, &local_error);
  if (node == NULL)
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_PARSE, _("$: not JSON: %s"),
                   local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                   _("$: a form is one JSON object, not %s"), lf_form_schema_describe_type (node));
      return NULL;
    }
  root = json_node_get_object (node);
  if (!lf_form_schema_validate_settings (root, error))
    return NULL;

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *member = pass == 0 ? "controls" : "actions";
      JsonArray *array = json_object_has_member (root, member)
                         ? json_object_get_array_member (root, member) : NULL;

      for (guint i = 0; array && i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *where = g_strdup_printf ("$.%s[%u]", member, i);
          JsonObject *object;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_INVALID,
                           _("%s: must be an object, not %s"), where, lf_form_schema_describe_type (element));
              return NULL;
            }
          object = json_node_get_object (element);
          if (!check_identity (object, where, pass == 0, seen, error))
            return NULL;
          /* Anything else wrong with the part is a problem the form lists once open. */
          if (pass == 0)
            g_ptr_array_add (controls, _lf_control_new_from_json (object));
          else
            g_ptr_array_add (actions, _lf_action_new_from_json (object));
        }
    }

  form = lf_form_new ();
  _lf_form_take_loaded (form, json_object_ref (root), controls, actions);
  return g_steal_pointer (&form);
}

LfForm *
lf_form_new_from_file (const char  *path,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  /* g_file_get_contents opens read-only: loading can never change the file. */
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  return lf_form_new_from_data (contents, length, error);
}

/* Saving *********************************************************************************/

static JsonNode *
array_of (GPtrArray  *objects,
          JsonObject *(*get_json) (gpointer))
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < objects->len; i++)
    json_array_add_object_element (array, json_object_ref (get_json (objects->pdata[i])));
  /* take, not init: init would add a reference to the new array. */
  json_node_take_array (node, array);
  return node;
}

char *
lf_form_to_data (LfForm *self,
                 gsize  *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GList) members = NULL;
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GPtrArray) actions = g_ptr_array_new ();
  JsonObject *root = _lf_form_get_json (self);
  g_autofree char *text = NULL;
  char *data;

  g_return_val_if_fail (LF_IS_FORM (self), NULL);

  for (guint i = 0; i < lf_form_get_n_controls (self); i++)
    g_ptr_array_add (controls, lf_form_get_control (self, i));
  for (guint i = 0; i < lf_form_get_n_actions (self); i++)
    g_ptr_array_add (actions, lf_form_get_action (self, i));

  /* The stored root keeps the member order and unknown members; the lists are today's. */
  members = json_object_get_members (root);
  for (GList *l = members; l; l = l->next)
    {
      if (g_str_equal (l->data, "controls"))
        json_object_set_member (out, "controls",
                                array_of (controls, (gpointer) lf_control_get_json));
      else if (g_str_equal (l->data, "actions"))
        json_object_set_member (out, "actions", array_of (actions, (gpointer) lf_action_get_json));
      else
        json_object_set_member (out, l->data, json_node_copy (json_object_get_member (root,
                                                                                      l->data)));
    }
  if (!json_object_has_member (out, "controls"))
    json_object_set_member (out, "controls", array_of (controls, (gpointer) lf_control_get_json));
  if (!json_object_has_member (out, "actions") && actions->len > 0)
    json_object_set_member (out, "actions", array_of (actions, (gpointer) lf_action_get_json));

  node = json_node_init_object (json_node_alloc (), out);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  data = g_strconcat (text, "\n", NULL);
  if (length != NULL)
    *length = strlen (data);
  return data;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           GError     **error)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          int saved = written < 0 ? errno : ENOSPC;

          g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not write the form: %s"),
                       g_strerror (saved));
          return FALSE;
        }
      data += written;
      length -= written;
    }
  return TRUE;
}

gboolean
_lf_form_write_data (const char  *path,
                     const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autofree char *temp = NULL;
  g_autofree char *dir = NULL;
  struct stat st;
  int fd;
  int dir_fd;

  /* Beside the target, so that the rename stays on one file system and is atomic. */
  temp = g_strdup_printf ("%s.XXXXXX", path);
  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not save “%s”: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  /* Keep the mode of the file being replaced. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    fchmod (fd, st.st_mode & 07777);

  if (!write_all (fd, data, length, error))
    goto failed;
  if (fsync (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not flush “%s” to disk: %s"),
                   temp, g_strerror (saved));
      goto failed;
    }
  if (close (fd) != 0)
    {
      int saved = errno;

      fd = -1;
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not save “%s”: %s"), path,
                   g_strerror (saved));
      goto failed;
    }
  fd = -1;
  if (g_rename (temp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not replace “%s”: %s"), path,
                   g_strerror (saved));
      goto failed;
    }

  /* Make the rename itself durable. */
  dir = g_path_get_dirname (path);
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;

failed:
  if (fd >= 0)
    close (fd);
  g_unlink (temp);
  return FALSE;
}

gboolean
lf_form_save_to_file (LfForm      *self,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (LF_IS_FORM (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = lf_form_to_data (self, &length);
  return _lf_form_write_data (path, data, length, error);
}
