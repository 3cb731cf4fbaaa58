/* lf-event-store.c: test events saved on this computer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-events"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lf-event-store.h"
#include "lf-json-util.h"
#include "lf-shared-events.h"

#define FORMAT_MEMBER "lambda_forms_events"
#define FORMAT_VERSION 1

struct _LfEventStore
{
  GObject parent_instance;

  char *directory;
  GMutex lock;   /* one read-modify-write of a file at a time */
};

G_DEFINE_FINAL_TYPE (LfEventStore, lf_event_store, G_TYPE_OBJECT)

static void
lf_event_store_finalize (GObject *object)
{
  LfEventStore *self = (LfEventStore *) object;

  g_free (self->directory);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (lf_event_store_parent_class)->finalize (object);
}

static void
lf_event_store_class_init (LfEventStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_event_store_finalize;
}

static void
lf_event_store_init (LfEventStore *self)
{
  g_mutex_init (&self->lock);
}

char *
lf_event_store_dup_default_directory (void)
{
  return g_build_filename (g_get_user_data_dir (), "lambda-forms", "events", NULL);
}

LfEventStore *
lf_event_store_new (const char *directory)
{
  LfEventStore *self;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (LF_TYPE_EVENT_STORE, NULL);
  self->directory = g_strdup (directory);
  return self;
}

/* Account names are the user's words: anything but letters, digits, "-" and "_" is escaped,
 * so no name reaches outside the directory (".." becomes "%2E%2E"). */
static char *
escape_file_name (const char *name)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        g_string_append_c (escaped, *p);
      else
        g_string_append_printf (escaped, "%%%02X", (guchar) *p);
    }
  return g_string_free (escaped, FALSE);
}

char *
lf_event_store_dup_path (LfEventStore *self,
                         const char   *account,
                         const char   *function)
{
  g_autofree char *account_part = NULL;
  g_autofree char *file = NULL;

  g_return_val_if_fail (LF_IS_EVENT_STORE (self), NULL);
  g_return_val_if_fail (function != NULL, NULL);

  account_part = escape_file_name (account && *account ? account : "default");
  file = escape_file_name (function);
  return g_strdup_printf ("%s/%s/%s.json", self->directory, account_part, file);
}

/* Reading ***********************************************************************************/

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (lf_test_event_get_name (*(LfTestEvent **) a),
                 lf_test_event_get_name (*(LfTestEvent **) b));
}

static GPtrArray *
events_from_collection (JsonObject  *root,
                        GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *node = json_object_get_member (root, "events");
  g_autoptr(GList) names = NULL;

  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_INVALID_FILE,
                   _("“events” must be an object of events by name"));
      return NULL;
    }
  names = node ? json_object_get_members (json_node_get_object (node)) : NULL;
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *entry = json_object_get_member (json_node_get_object (node), l->data);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (entry) ? json_node_get_object (entry) : NULL;
      JsonNode *payload = object ? json_object_get_member (object, "payload") : NULL;
      LfTestEvent *event;

      if (payload == NULL || !lf_test_event_check_name (l->data, NULL))
        {
          g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_INVALID_FILE,
                       _("The event “%s” has no payload or an unusable name"),
                       (const char *) l->data);
          return NULL;
        }
      event = lf_test_event_new (l->data, payload, LF_TEST_EVENT_SAVED);
      lf_test_event_set_invocation_type (
        event, lf_json_object_get_string_member_or_null (object, "invocation_type"));
      g_ptr_array_add (events, event);
    }
  g_ptr_array_sort (events, compare_names);
  return g_steal_pointer (&events);
}

/* "order created.json" gives "order-created". */
static char *
name_from_file (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');
  GString *name = g_string_new (NULL);

  if (dot != NULL && dot != base)
    *dot = '\0';
  for (const char *p = base; *p != '\0' && name->len < LF_TEST_EVENT_MAX_NAME; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) || *p == '.' || *p == '_' ? *p : '-');
  if (name->len == 0)
    g_string_append (name, "event");
  return g_string_free (name, FALSE);
}

static GPtrArray *
events_from_node (JsonNode    *root,
                  const char  *path,
                  GError     **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  const char *content = object ? lf_json_object_get_string_member_or_null (object, "Content")
                               : NULL;
  GPtrArray *events;

  if (object != NULL && json_object_has_member (object, FORMAT_MEMBER))
    return events_from_collection (object, error);
  /* A DescribeSchema answer, as `aws schemas describe-schema` prints it. */
  if (content != NULL && json_object_has_member (object, "SchemaName"))
    {
      g_autoptr(JsonNode) document = lf_shared_events_document_parse (content, error);

      return document ? lf_shared_events_document_list (document) : NULL;
    }
  if (object != NULL && json_object_has_member (object, "openapi") &&
      json_object_has_member (object, "components"))
    return lf_shared_events_document_list (root);

  events = g_ptr_array_new_with_free_func (g_object_unref);
  {
    g_autofree char *name = name_from_file (path);

    g_ptr_array_add (events, lf_test_event_new (name, root, LF_TEST_EVENT_SAVED));
  }
  return events;
}

GPtrArray *
lf_event_store_read_file (const char  *path,
                          GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  root = lf_json_parse_file (path, error);
  if (root == NULL)
    return NULL;
  return events_from_node (root, path, error);
}

/* NULL with @error for a file that exists and cannot be read; empty for no file. */
static GPtrArray *
read_collection (const char  *path,
                 GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_ptr_array_new_with_free_func (g_object_unref);
  root = lf_json_parse_file (path, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_INVALID_FILE,
                   _("The saved events in “%s” cannot be read: %s"), path,
                   local_error ? local_error->message : _("not a JSON object"));
      return NULL;
    }
  return events_from_collection (json_node_get_object (root), error);
}

GPtrArray *
lf_event_store_list (LfEventStore  *self,
                     const char    *account,
                     const char    *function,
                     GError       **error)
{
  g_autofree char *path = NULL;
  GPtrArray *events;

  g_return_val_if_fail (LF_IS_EVENT_STORE (self), NULL);

  path = lf_event_store_dup_path (self, account, function);
  g_mutex_lock (&self->lock);
  events = read_collection (path, error);
  g_mutex_unlock (&self->lock);
  return events;
}

LfTestEvent *
lf_event_store_lookup (LfEventStore  *self,
                       const char    *account,
                       const char    *function,
                       const char    *name,
                       GError       **error)
{
  g_autoptr(GPtrArray) events = lf_event_store_list (self, account, function, error);

  for (guint i = 0; events != NULL && i < events->len; i++)
    if (g_str_equal (lf_test_event_get_name (events->pdata[i]), name))
      return g_object_ref (events->pdata[i]);
  if (events != NULL)
    g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_NOT_FOUND,
                 _("There is no saved event named “%s” for %s"), name, function);
  return NULL;
}

typedef struct
{
  char *account;
  char *function;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->account);
  g_free (data->function);
  g_free (data);
}

static void
list_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ListData *data = task_data;
  GError *error = NULL;
  GPtrArray *events = lf_event_store_list (source, data->account, data->function, &error);

  if (events == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, events, (GDestroyNotify) g_ptr_array_unref);
}

void
lf_event_store_list_async (LfEventStore        *self,
                           const char          *account,
                           const char          *function,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);

  g_task_set_source_tag (task, lf_event_store_list_async);
  data->account = g_strdup (account);
  data->function = g_strdup (function);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  g_task_run_in_thread (task, list_in_thread);
}

GPtrArray *
lf_event_store_list_finish (LfEventStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Writing ***********************************************************************************/

static JsonNode *
collection_new (const char *function,
                GPtrArray  *events)
{
  JsonObject *root = json_object_new ();
  JsonObject *by_name = json_object_new ();

  json_object_set_int_member (root, FORMAT_MEMBER, FORMAT_VERSION);
  json_object_set_string_member (root, "function", function);
  g_ptr_array_sort (events, compare_names);
  for (guint i = 0; i < events->len; i++)
    {
      LfTestEvent *event = events->pdata[i];
      JsonObject *entry = json_object_new ();
      const char *type = lf_test_event_get_invocation_type (event);

      json_object_set_member (entry, "payload", json_node_copy (lf_test_event_get_payload (event)));
      if (type != NULL)
        json_object_set_string_member (entry, "invocation_type", type);
      json_object_set_object_member (by_name, lf_test_event_get_name (event), entry);
    }
  json_object_set_object_member (root, "events", by_name);
  return lf_json_node_take_object (root);
}

static gboolean
write_json (JsonNode    *node,
            const char  *path,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = lf_json_to_text (node, 2);
  g_autofree char *data = g_strconcat (text, "\n", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot make the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, data, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT |
                                   G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0600, error);
}

/* Replaces the events of @function by @events (sorted on the way). */
static gboolean
write_collection (LfEventStore  *self,
                  const char    *account,
                  const char    *function,
                  GPtrArray     *events,
                  GError       **error)
{
  g_autofree char *path = lf_event_store_dup_path (self, account, function);
  g_autoptr(JsonNode) root = collection_new (function, events);

  return write_json (root, path, error);
}

/* Adds @added to the saved events of @function, all or none. */
static gboolean
merge_events (LfEventStore  *self,
              const char    *account,
              const char    *function,
              GPtrArray     *added,
              gboolean       replace,
              GError       **error)
{
  g_autofree char *path = lf_event_store_dup_path (self, account, function);
  g_autoptr(GPtrArray) events = NULL;
  gboolean ok = FALSE;

  for (guint i = 0; i < added->len; i++)
    if (!lf_test_event_check_name (lf_test_event_get_name (added->pdata[i]), error))
      return FALSE;

  g_mutex_lock (&self->lock);
  events = read_collection (path, error);
  for (guint i = 0; events != NULL && i < added->len; i++)
    {
      LfTestEvent *event = added->pdata[i];
      LfTestEvent *saved = lf_test_event_new (lf_test_event_get_name (event),
                                              lf_test_event_get_payload (event),
                                              LF_TEST_EVENT_SAVED);
      guint j;

      lf_test_event_set_invocation_type (saved, lf_test_event_get_invocation_type (event));
      for (j = 0; j < events->len; j++)
        if (g_str_equal (lf_test_event_get_name (events->pdata[j]), lf_test_event_get_name (event)))
          break;
      if (j < events->len && !replace)
        {
          g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_EXISTS,
                       _("A saved event named “%s” exists already"),
                       lf_test_event_get_name (event));
          g_object_unref (saved);
          goto out;
        }
      if (j < events->len)
        g_ptr_array_remove_index (events, j);
      g_ptr_array_add (events, saved);
    }
  ok = events != NULL && write_collection (self, account, function, events, error);
out:
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
lf_event_store_save (LfEventStore  *self,
                     const char    *account,
                     const char    *function,
                     LfTestEvent   *event,
                     gboolean       replace,
                     GError       **error)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();

  g_return_val_if_fail (LF_IS_EVENT_STORE (self), FALSE);
  g_return_val_if_fail (LF_IS_TEST_EVENT (event), FALSE);

  g_ptr_array_add (added, event);
  return merge_events (self, account, function, added, replace, error);
}

gboolean
lf_event_store_delete (LfEventStore  *self,
                       const char    *account,
                       const char    *function,
                       const char    *name,
                       GError       **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (LF_IS_EVENT_STORE (self), FALSE);

  path = lf_event_store_dup_path (self, account, function);
  g_mutex_lock (&self->lock);
  events = read_collection (path, error);
  for (guint i = 0; events != NULL && i < events->len; i++)
    if (g_str_equal (lf_test_event_get_name (events->pdata[i]), name))
      {
        g_ptr_array_remove_index (events, i);
        ok = events->len > 0 ? write_collection (self, account, function, events, error)
                             : g_unlink (path) == 0 || errno == ENOENT;
        goto out;
      }
  if (events != NULL)
    g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_NOT_FOUND,
                 _("There is no saved event named “%s” for %s"), name, function);
out:
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
lf_event_store_import (LfEventStore  *self,
                       const char    *account,
                       const char    *function,
                       const char    *path,
                       gboolean       replace,
                       guint         *n_imported,
                       GError       **error)
{
  g_autoptr(GPtrArray) events = NULL;

  g_return_val_if_fail (LF_IS_EVENT_STORE (self), FALSE);

  events = lf_event_store_read_file (path, error);
  if (events == NULL || !merge_events (self, account, function, events, replace, error))
    return FALSE;
  if (n_imported != NULL)
    *n_imported = events->len;
  return TRUE;
}

gboolean
lf_event_store_export (LfEventStore  *self,
                       const char    *account,
                       const char    *function,
                       const char    *name,
                       const char    *path,
                       GError       **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(LfTestEvent) event = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (LF_IS_EVENT_STORE (self), FALSE);

  if (name != NULL)
    {
      event = lf_event_store_lookup (self, account, function, name, error);
      return event != NULL && write_json (lf_test_event_get_payload (event), path, error);
    }
  events = lf_event_store_list (self, account, function, error);
  if (events == NULL)
    return FALSE;
  root = collection_new (function, events);
  return write_json (root, path, error);
}
