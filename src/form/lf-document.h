/* lf-document.h: a form together with its file, its title and whether it is saved
 *
 * What a window shows and what the person thinks of as "the form": loading and saving go
 * through here, on a worker thread, so that a slow disk never stalls the window. Saving is
 * atomic and durable (see lf_form_save_to_file). A document is modified when its form's
 * revision differs from the one last saved or loaded, or when it holds recovered work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lf-form.h"

G_BEGIN_DECLS

#define LF_TYPE_DOCUMENT (lf_document_get_type ())

G_DECLARE_FINAL_TYPE (LfDocument, lf_document, LF, DOCUMENT, GObject)

/* Holds @form (a reference is taken); @file NULL for a form never saved. */
LfDocument *lf_document_new                (LfForm               *form,
                                            GFile                *file);
/* Reads and checks @file away from the main loop. Errors are LF_FORM_ERROR ones; those of
 * the format start with the JSON path of what is wrong. */
void        lf_document_load_async         (GFile                *file,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
LfDocument *lf_document_load_finish        (GAsyncResult         *result,
                                            GError              **error);
/* Saves the form as it is now to @file (NULL: the document's own file, which it must have).
 * Edits made while the write is under way stay modified. On success @file becomes the
 * document's file. */
void        lf_document_save_async         (LfDocument           *self,
                                            GFile                *file,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean    lf_document_save_finish        (LfDocument           *self,
                                            GAsyncResult         *result,
                                            GError              **error);

LfForm     *lf_document_get_form           (LfDocument           *self);
GFile      *lf_document_get_file           (LfDocument           *self);
/* The form's title, else "Untitled Form". */
const char *lf_document_get_title          (LfDocument           *self);
/* A file name to offer when saving: the title, made safe, with the form extension. */
char       *lf_document_suggest_file_name  (LfDocument           *self);
gboolean    lf_document_get_modified       (LfDocument           *self);
/* Whether a save is under way. */
gboolean    lf_document_get_saving         (LfDocument           *self);
/* Work recovered after a crash: modified until saved, though there is nothing to undo. */
void        lf_document_mark_recovered     (LfDocument           *self);
/* The changes are dropped on purpose: the document no longer counts as modified. */
void        lf_document_forget_changes     (LfDocument           *self);

G_END_DECLS
