/* lf-sandbox-credentials-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lf-json-util.h"
#include "lf-sandbox-credentials-file.h"
#include "lf-sandbox-error.h"

char *
lf_sandbox_credentials_file_path (guint port)
{
  g_autofree char *name = g_strdup_printf ("sandbox-%u.json", port);

  return g_build_filename (g_get_user_runtime_dir (), "lambda-forms", name, NULL);
}

static char *
credentials_json (LfCredentials *credentials)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *token = lf_credentials_get_session_token (credentials);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_key_id");
  json_builder_add_string_value (builder, lf_credentials_get_access_key_id (credentials));
  json_builder_set_member_name (builder, "secret_access_key");
  json_builder_add_string_value (builder, lf_credentials_get_secret_access_key (credentials));
  if (token != NULL)
    {
      json_builder_set_member_name (builder, "session_token");
      json_builder_add_string_value (builder, token);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
lf_sandbox_credentials_file_write (guint           port,
                                   LfCredentials  *credentials,
                                   GError        **error)
{
  g_autofree char *path = lf_sandbox_credentials_file_path (port);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = credentials_json (credentials);
  gboolean ok;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not make %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  /* The folder may predate us with looser rights: the file itself is ours alone. */
  ok = g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0600, error);
  explicit_bzero (text, strlen (text));
  return ok;
}

LfCredentials *
lf_sandbox_credentials_file_read (guint    port,
                                  GError **error)
{
  g_autofree char *path = lf_sandbox_credentials_file_path (port);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  LfCredentials *credentials = NULL;
  JsonObject *object;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_FAILED,
                   _("No local sandbox of yours is running on port %u"), port);
      return NULL;
    }
  root = lf_json_parse (contents, length, NULL);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object != NULL &&
      json_object_get_string_member_with_default (object, "access_key_id", NULL) != NULL &&
      json_object_get_string_member_with_default (object, "secret_access_key", NULL) != NULL)
    credentials = lf_credentials_new (
      json_object_get_string_member (object, "access_key_id"),
      json_object_get_string_member (object, "secret_access_key"),
      json_object_get_string_member_with_default (object, "session_token", NULL), NULL);
  explicit_bzero (contents, length);
  if (credentials == NULL)
    g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_FAILED,
                 _("The key of the local sandbox on port %u is unreadable (%s)"), port, path);
  return credentials;
}

void
lf_sandbox_credentials_file_remove (guint port)
{
  g_autofree char *path = lf_sandbox_credentials_file_path (port);

  g_unlink (path);
}
