/* lf-document.c: a form together with its file, its title and whether it is saved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-document"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lf-document.h"
#include "lf-form-private.h"

struct _LfDocument
{
  GObject  parent_instance;

  LfForm  *form;
  GFile   *file;
  guint64  saved_revision;   /* the form's revision the file holds */
  gboolean recovered;
  gboolean modified;         /* as last notified */
  GQueue   saves;            /* of GTask: one write at a time, in the order asked */
};

G_DEFINE_FINAL_TYPE (LfDocument, lf_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FORM,
  PROP_FILE,
  PROP_TITLE,
  PROP_MODIFIED,
  PROP_SAVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a write needs, copied on the main loop: the worker never touches the form. */
typedef struct
{
  GFile   *file;
  char    *path;
  char    *data;
  gsize    length;
  guint64  revision;
} SaveJob;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  g_clear_object (&job->file);
  g_free (job->path);
  g_free (job->data);
  g_free (job);
}

static void
update_modified (LfDocument *self)
{
  gboolean modified = lf_document_get_modified (self);

  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}

static void
on_title_changed (LfDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
lf_document_dispose (GObject *object)
{
  LfDocument *self = (LfDocument *) object;

  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (lf_document_parent_class)->dispose (object);
}

static void
lf_document_finalize (GObject *object)
{
  LfDocument *self = (LfDocument *) object;

  /* Each queued save holds a reference to the document, so none is left here. */
  g_assert (g_queue_is_empty (&self->saves));
  g_clear_object (&self->file);

  G_OBJECT_CLASS (lf_document_parent_class)->finalize (object);
}

static void
lf_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LfDocument *self = LF_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FORM:
      g_value_set_object (value, self->form);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TITLE:
      g_value_set_string (value, lf_document_get_title (self));
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, lf_document_get_modified (self));
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, lf_document_get_saving (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_document_class_init (LfDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_document_dispose;
  object_class->finalize = lf_document_finalize;
  object_class->get_property = lf_document_get_property;

  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, LF_TYPE_FORM,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_document_init (LfDocument *self)
{
  g_queue_init (&self->saves);
}

LfDocument *
lf_document_new (LfForm *form,
                 GFile  *file)
{
  LfDocument *self;

  g_return_val_if_fail (LF_IS_FORM (form), NULL);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  self = g_object_new (LF_TYPE_DOCUMENT, NULL);
  self->form = g_object_ref (form);
  self->file = file ? g_object_ref (file) : NULL;
  self->saved_revision = lf_form_get_revision (form);
  g_signal_connect_swapped (form, "notify::revision", G_CALLBACK (update_modified), self);
  g_signal_connect_swapped (form, "notify::title", G_CALLBACK (on_title_changed), self);
  return self;
}

LfForm *
lf_document_get_form (LfDocument *self)
{
  g_return_val_if_fail (LF_IS_DOCUMENT (self), NULL);
  return self->form;
}

GFile *
lf_document_get_file (LfDocument *self)
{
  g_return_val_if_fail (LF_IS_DOCUMENT (self), NULL);
  return self->file;
}

const char *
lf_document_get_title (LfDocument *self)
{
  const char *title;

  g_return_val_if_fail (LF_IS_DOCUMENT (self), NULL);

  title = lf_form_get_title (self->form);
  return title != NULL && *title != '\0' ? title : _("Untitled Form");
}

char *
lf_document_suggest_file_name (LfDocument *self)
{
  char *name;

  g_return_val_if_fail (LF_IS_DOCUMENT (self), NULL);

  name = g_strconcat (lf_document_get_title (self), LF_FORM_EXTENSION, NULL);
  /* A title may hold a slash; a file name may not. */
  g_strdelimit (name, "/", '-');
  return name;
}

gboolean
lf_document_get_modified (LfDocument *self)
{
  g_return_val_if_fail (LF_IS_DOCUMENT (self), FALSE);
  return self->recovered || lf_form_get_revision (self->form) != self->saved_revision;
}

gboolean
lf_document_get_saving (LfDocument *self)
{
  g_return_val_if_fail (LF_IS_DOCUMENT (self), FALSE);
  return !g_queue_is_empty (&self->saves);
}

void
lf_document_mark_recovered (LfDocument *self)
{
  g_return_if_fail (LF_IS_DOCUMENT (self));

  self->recovered = TRUE;
  update_modified (self);
}

void
lf_document_forget_changes (LfDocument *self)
{
  g_return_if_fail (LF_IS_DOCUMENT (self));

  self->recovered = FALSE;
  self->saved_revision = lf_form_get_revision (self->form);
  update_modified (self);
}

/* Loading *****************************************************************************/

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  LfForm *form;

  /* Read-only: loading can never change the file. */
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, LF_FORM_ERROR, LF_FORM_ERROR_IO, "%s", error->message);
      return;
    }
  form = lf_form_new_from_data (contents, length, &error);
  if (form == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, form, g_object_unref);
}

void
lf_document_load_async (GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_document_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_in_thread);
}

LfDocument *
lf_document_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_autoptr(LfForm) form = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  form = g_task_propagate_pointer (G_TASK (result), error);
  if (form == NULL)
    return NULL;
  return lf_document_new (form, g_task_get_task_data (G_TASK (result)));
}

/* Saving ******************************************************************************/

static void start_next_save (LfDocument *self);

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (_lf_form_write_data (job->path, job->data, job->length, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Back on the main loop: the document takes the file and the revision it now holds. */
static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  LfDocument *self = LF_DOCUMENT (object);
  g_autoptr(GTask) task = user_data;
  SaveJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  /* The queue's reference; the callback's keeps the task until the end. */
  if (g_queue_remove (&self->saves, task))
    g_object_unref (task);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else
    {
      if (g_set_object (&self->file, job->file))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
      self->saved_revision = job->revision;
      self->recovered = FALSE;
      update_modified (self);
      g_task_return_boolean (task, TRUE);
    }
  if (g_queue_is_empty (&self->saves))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
  else
    start_next_save (self);
}

static void
start_next_save (LfDocument *self)
{
  GTask *task = g_queue_peek_head (&self->saves);
  g_autoptr(GTask) write = g_task_new (self, g_task_get_cancellable (task), on_written,
                                       g_object_ref (task));

  g_task_set_source_tag (write, start_next_save);
  g_task_set_task_data (write, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (write, save_in_thread);
}

void
lf_document_save_async (LfDocument          *self,
                        GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveJob *job;

  g_return_if_fail (LF_IS_DOCUMENT (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lf_document_save_async);
  if (file == NULL)
    file = self->file;
  if (file == NULL || !g_file_is_native (file))
    {
      g_task_return_new_error (task, LF_FORM_ERROR, LF_FORM_ERROR_IO, "%s",
                               file == NULL ? _("The form has no file to be saved to yet")
                                            : _("Forms can only be saved on this computer"));
      return;
    }
  job = g_new0 (SaveJob, 1);
  job->file = g_object_ref (file);
  job->path = g_file_get_path (file);
  job->data = lf_form_to_data (self->form, &job->length);
  job->revision = lf_form_get_revision (self->form);
  g_task_set_task_data (task, job, save_job_free);

  /* Writes never overlap: an older text must never land after a newer one. */
  g_queue_push_tail (&self->saves, g_object_ref (task));
  if (self->saves.length == 1)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
      start_next_save (self);
    }
}

gboolean
lf_document_save_finish (LfDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
