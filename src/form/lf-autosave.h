/* lf-autosave.h: copies of unsaved forms, kept so that a crash loses nothing
 *
 * Each open document with unsaved changes owns one slot in the autosave folder (by default
 * $XDG_STATE_HOME/lambda-forms/autosave): the form's text in ID.lambdaform and, beside it,
 * ID.info naming the document's own file, its title and the process that writes it. A slot
 * whose process is gone is an orphan: work a crash left behind, to be offered back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LF_TYPE_AUTOSAVE (lf_autosave_get_type ())

G_DECLARE_FINAL_TYPE (LfAutosave, lf_autosave, LF, AUTOSAVE, GObject)

char       *lf_autosave_get_default_dir  (void);

LfAutosave *lf_autosave_new              (const char           *dir);
GPtrArray  *lf_autosave_list_orphans     (const char           *dir,
                                          GError              **error);

const char *lf_autosave_get_id           (LfAutosave           *self);
char       *lf_autosave_get_form_path    (LfAutosave           *self);
const char *lf_autosave_get_file_uri     (LfAutosave           *self);
void        lf_autosave_set_file_uri     (LfAutosave           *self,
                                          const char           *uri);
const char *lf_autosave_get_title        (LfAutosave           *self);
GDateTime  *lf_autosave_get_saved_time   (LfAutosave           *self);
gboolean    lf_autosave_has_copy         (LfAutosave           *self);

void        lf_autosave_save_async       (LfAutosave           *self,
                                          const char           *form_data,
                                          const char           *title,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    lf_autosave_save_finish      (LfAutosave           *self,
                                          GAsyncResult         *result,
                                          GError              **error);
gboolean    lf_autosave_claim            (LfAutosave           *self,
                                          GError              **error);
gboolean    lf_autosave_discard          (LfAutosave           *self,
                                          GError              **error);

G_END_DECLS
