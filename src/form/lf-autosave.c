/* lf-autosave.c: copies of unsaved forms, kept so that a crash loses nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-autosave"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#include "lf-autosave.h"
#include "lf-form-error.h"

#define INFO_GROUP "Autosave"

struct _LfAutosave
{
  GObject parent_instance;

  char *dir;
  char *id;
  char *file_uri;      /* the document's own file, NULL for one never saved */
  char *title;
  GDateTime *saved;    /* when the copy was written, NULL before */
  gboolean has_copy;

  /* Writes run on a worker; a discard must not be undone by a write still under way. */
  GMutex lock;
  guint generation;
};

G_DEFINE_FINAL_TYPE (LfAutosave, lf_autosave, G_TYPE_OBJECT)

/* A process is known by its pid, its start time and the boot it runs in, so that a pid
 * used again by another program after a crash is not taken for the writer. */
typedef struct
{
  gint64  pid;
  char   *started;
  char   *boot;
} ProcessId;

static char *
read_trimmed (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return g_strstrip (text);
}

/* Field 22 of /proc/PID/stat, after the command name that may hold spaces. */
static char *
process_start_time (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *stat = read_trimmed (path);
  g_auto(GStrv) fields = NULL;
  const char *rest;

  if (stat == NULL || (rest = strrchr (stat, ')')) == NULL)
    return NULL;
  /* After ")": state is field 3, so the start time is the 20th of what follows. */
  fields = g_strsplit (rest + 2, " ", 0);
  if (g_strv_length (fields) < 20)
    return NULL;
  return g_strdup (fields[19]);
}

static void
process_id_this (ProcessId *out)
{
  out->pid = getpid ();
  out->started = process_start_time (out->pid);
  out->boot = read_trimmed ("/proc/sys/kernel/random/boot_id");
}

static void
process_id_clear (ProcessId *id)
{
  g_clear_pointer (&id->started, g_free);
  g_clear_pointer (&id->boot, g_free);
}

static gboolean
process_is_alive (const ProcessId *id)
{
  g_autofree char *boot = read_trimmed ("/proc/sys/kernel/random/boot_id");
  g_autofree char *started = NULL;

  if (id->pid <= 0 || g_strcmp0 (boot, id->boot) != 0)
    return FALSE;
  if (kill ((pid_t) id->pid, 0) != 0 && errno == ESRCH)
    return FALSE;
  started = process_start_time (id->pid);
  return started != NULL && g_strcmp0 (started, id->started) == 0;
}

char *
lf_autosave_get_default_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "lambda-forms", "autosave", NULL);
}

static char *
slot_path (LfAutosave *self,
           const char *suffix)
{
  g_autofree char *name = g_strconcat (self->id, suffix, NULL);

  return g_build_filename (self->dir, name, NULL);
}

static LfAutosave *
autosave_new_with_id (const char *dir,
                      const char *id)
{
  LfAutosave *self = g_object_new (LF_TYPE_AUTOSAVE, NULL);

  self->dir = dir ? g_strdup (dir) : lf_autosave_get_default_dir ();
  self->id = g_strdup (id);
  return self;
}

/**
 * lf_autosave_new:
 * @dir: (nullable): the autosave folder, NULL for the default
 *
 * Returns: (transfer full): a new, empty slot; nothing is written until a save.
 */
LfAutosave *
lf_autosave_new (const char *dir)
{
  g_autofree char *id = g_uuid_string_random ();

  return autosave_new_with_id (dir, id);
}

static char *
info_to_data (LfAutosave      *self,
              const ProcessId *process,
              gsize           *length)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autofree char *saved = self->saved ? g_date_time_format_iso8601 (self->saved) : NULL;

  g_key_file_set_int64 (info, INFO_GROUP, "Pid", process->pid);
  g_key_file_set_string (info, INFO_GROUP, "Started", process->started ? process->started : "");
  g_key_file_set_string (info, INFO_GROUP, "Boot", process->boot ? process->boot : "");
  if (self->file_uri != NULL)
    g_key_file_set_string (info, INFO_GROUP, "File", self->file_uri);
  g_key_file_set_string (info, INFO_GROUP, "Title", self->title ? self->title : "");
  if (saved != NULL)
    g_key_file_set_string (info, INFO_GROUP, "Saved", saved);
  return g_key_file_to_data (info, length, NULL);
}

/* Reads a slot's description; NULL when it is not one. @process_out gets its writer. */
static LfAutosave *
autosave_load (const char *dir,
               const char *info_name,
               ProcessId  *process_out)
{
  g_autofree char *path = g_build_filename (dir, info_name, NULL);
  g_autofree char *id = g_strndup (info_name, strlen (info_name) - strlen (".info"));
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autoptr(LfAutosave) self = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *form_path = NULL;

  if (!g_uuid_string_is_valid (id) || !g_key_file_load_from_file (info, path, 0, NULL))
    return NULL;

  self = autosave_new_with_id (dir, id);
  form_path = slot_path (self, ".lambdaform");
  if (!g_file_test (form_path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  process_out->pid = g_key_file_get_int64 (info, INFO_GROUP, "Pid", NULL);
  process_out->started = g_key_file_get_string (info, INFO_GROUP, "Started", NULL);
  process_out->boot = g_key_file_get_string (info, INFO_GROUP, "Boot", NULL);
  self->file_uri = g_key_file_get_string (info, INFO_GROUP, "File", NULL);
  self->title = g_key_file_get_string (info, INFO_GROUP, "Title", NULL);
  saved = g_key_file_get_string (info, INFO_GROUP, "Saved", NULL);
  if (saved != NULL)
    self->saved = g_date_time_new_from_iso8601 (saved, NULL);
  self->has_copy = TRUE;
  return g_steal_pointer (&self);
}

static int
compare_saved (gconstpointer a,
               gconstpointer b)
{
  LfAutosave *first = *(LfAutosave **) a;
  LfAutosave *second = *(LfAutosave **) b;

  if (first->saved == NULL || second->saved == NULL)
    return (first->saved == NULL) - (second->saved == NULL);
  /* The newest first. */
  return g_date_time_compare (second->saved, first->saved);
}

/**
 * lf_autosave_list_orphans:
 * @dir: (nullable): the autosave folder, NULL for the default
 *
 * The slots whose writer is no longer running, newest first. A missing folder has none.
 *
 * Returns: (transfer container) (element-type LfAutosave): the orphans, or NULL with @error
 */
GPtrArray *
lf_autosave_list_orphans (const char  *dir,
                          GError     **error)
{
  g_autofree char *default_dir = dir ? NULL : lf_autosave_get_default_dir ();
  g_autoptr(GPtrArray) orphans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  if (dir == NULL)
    dir = default_dir;
  listing = g_dir_open (dir, 0, &local_error);
  if (listing == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&orphans);
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO,
                   _("Could not look for unsaved work in “%s”: %s"), dir, local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      ProcessId process = { 0 };
      LfAutosave *slot;

      if (!g_str_has_suffix (name, ".info"))
        continue;
      slot = autosave_load (dir, name, &process);
      if (slot != NULL && !process_is_alive (&process))
        g_ptr_array_add (orphans, slot);
      else if (slot != NULL)
        g_object_unref (slot);
      process_id_clear (&process);
    }

  g_ptr_array_sort (orphans, compare_saved);
  return g_steal_pointer (&orphans);
}

const char *
lf_autosave_get_id (LfAutosave *self)
{
  g_return_val_if_fail (LF_IS_AUTOSAVE (self), NULL);
  return self->id;
}

/**
 * lf_autosave_get_form_path:
 *
 * Returns: (transfer full): where the copy of the form is (or will be) written
 */
char *
lf_autosave_get_form_path (LfAutosave *self)
{
  g_return_val_if_fail (LF_IS_AUTOSAVE (self), NULL);
  return slot_path (self, ".lambdaform");
}

const char *
lf_autosave_get_file_uri (LfAutosave *self)
{
  g_return_val_if_fail (LF_IS_AUTOSAVE (self), NULL);
  return self->file_uri;
}

/* Takes effect with the next save or claim. */
void
lf_autosave_set_file_uri (LfAutosave *self,
                          const char *uri)
{
  char *copy = g_strdup (uri);

  g_return_if_fail (LF_IS_AUTOSAVE (self));
  g_free (self->file_uri);
  self->file_uri = copy;
}

const char *
lf_autosave_get_title (LfAutosave *self)
{
  g_return_val_if_fail (LF_IS_AUTOSAVE (self), NULL);
  return self->title;
}

/**
 * lf_autosave_get_saved_time:
 *
 * Returns: (transfer none) (nullable): when the copy was last written
 */
GDateTime *
lf_autosave_get_saved_time (LfAutosave *self)
{
  g_return_val_if_fail (LF_IS_AUTOSAVE (self), NULL);
  return self->saved;
}

/* Whether a copy is on disk: after a save finished, or for a slot found by a listing. */
gboolean
lf_autosave_has_copy (LfAutosave *self)
{
  g_return_val_if_fail (LF_IS_AUTOSAVE (self), FALSE);
  return self->has_copy;
}

typedef struct
{
  char  *form_path;
  char  *form_data;
  char  *info_path;
  char  *info_data;
  guint  generation;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->form_path);
  g_free (data->form_data);
  g_free (data->info_path);
  g_free (data->info_data);
  g_free (data);
}

static gboolean
write_slot (const char  *dir,
            const char  *form_path,
            const char  *form_data,
            const char  *info_path,
            const char  *info_data,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not create “%s”: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }
  /* The form before its description: a description always has its form. */
  if (!g_file_set_contents_full (form_path, form_data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error) ||
      !g_file_set_contents_full (info_path, info_data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO,
                   _("Could not keep a copy of unsaved work: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LfAutosave *self = source_object;
  SaveData *data = task_data;
  GError *error = NULL;
  gboolean written = FALSE;

  g_mutex_lock (&self->lock);
  /* Discarded meanwhile: writing now would bring the work back from the dead. */
  if (data->generation == self->generation)
    written = write_slot (self->dir, data->form_path, data->form_data, data->info_path,
                          data->info_data, &error);
  g_mutex_unlock (&self->lock);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, written);
}

/**
 * lf_autosave_save_async:
 * @form_data: the form's text, as lf_form_to_data() gives it
 * @title: (nullable): the form's title, shown when the work is offered back
 *
 * Writes the copy and its description on a worker thread, each atomically.
 */
void
lf_autosave_save_async (LfAutosave          *self,
                        const char          *form_data,
                        const char          *title,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProcessId process = { 0 };
  SaveData *data;
  char *copy;

  g_return_if_fail (LF_IS_AUTOSAVE (self));
  g_return_if_fail (form_data != NULL);

  copy = g_strdup (title);
  g_free (self->title);
  self->title = copy;
  g_clear_pointer (&self->saved, g_date_time_unref);
  self->saved = g_date_time_new_now_local ();
  process_id_this (&process);

  data = g_new0 (SaveData, 1);
  data->form_path = slot_path (self, ".lambdaform");
  data->form_data = g_strdup (form_data);
  data->info_path = slot_path (self, ".info");
  data->info_data = info_to_data (self, &process, NULL);
  g_mutex_lock (&self->lock);
  data->generation = self->generation;
  g_mutex_unlock (&self->lock);
  process_id_clear (&process);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_autosave_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

/* Returns FALSE without an error when a discard overtook the write. */
gboolean
lf_autosave_save_finish (LfAutosave    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  SaveData *data;
  gboolean written;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));

  written = g_task_propagate_boolean (G_TASK (result), error);
  /* Written, then discarded before this: the copy is gone. */
  if (written && data->generation != self->generation)
    written = FALSE;
  if (written)
    self->has_copy = TRUE;
  return written;
}

/* Makes this process the writer of a slot found by a listing, so it is no longer an orphan. */
gboolean
lf_autosave_claim (LfAutosave  *self,
                   GError     **error)
{
  g_autofree char *info_path = NULL;
  g_autofree char *info_data = NULL;
  g_autoptr(GError) local_error = NULL;
  ProcessId process = { 0 };
  gboolean done;

  g_return_val_if_fail (LF_IS_AUTOSAVE (self), FALSE);

  process_id_this (&process);
  info_path = slot_path (self, ".info");
  info_data = info_to_data (self, &process, NULL);
  process_id_clear (&process);

  g_mutex_lock (&self->lock);
  done = g_file_set_contents_full (info_path, info_data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   &local_error);
  g_mutex_unlock (&self->lock);
  if (!done)
    g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO,
                 _("Could not keep a copy of unsaved work: %s"), local_error->message);
  return done;
}

/* Removes the copy: the work was saved, or the person chose to drop it. */
gboolean
lf_autosave_discard (LfAutosave  *self,
                     GError     **error)
{
  g_autofree char *form_path = NULL;
  g_autofree char *info_path = NULL;
  gboolean done = TRUE;

  g_return_val_if_fail (LF_IS_AUTOSAVE (self), FALSE);

  form_path = slot_path (self, ".lambdaform");
  info_path = slot_path (self, ".info");

  g_mutex_lock (&self->lock);
  self->generation++;
  /* The description first: a form without one is never offered. */
  for (guint i = 0; i < 2; i++)
    {
      const char *path = i == 0 ? info_path : form_path;

      if (g_unlink (path) != 0 && errno != ENOENT && done)
        {
          int saved = errno;

          g_set_error (error, LF_FORM_ERROR, LF_FORM_ERROR_IO, _("Could not remove “%s”: %s"),
                       path, g_strerror (saved));
          done = FALSE;
        }
    }
  self->has_copy = FALSE;
  g_mutex_unlock (&self->lock);
  return done;
}

static void
lf_autosave_finalize (GObject *object)
{
  LfAutosave *self = (LfAutosave *) object;

  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->file_uri, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->saved, g_date_time_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lf_autosave_parent_class)->finalize (object);
}

static void
lf_autosave_class_init (LfAutosaveClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_autosave_finalize;
}

static void
lf_autosave_init (LfAutosave *self)
{
  g_mutex_init (&self->lock);
}
