/* lf-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-application.h"
#include "lf-editor.h"
#include "lf-form-view.h"

G_BEGIN_DECLS

#define LF_TYPE_WINDOW (lf_window_get_type ())

G_DECLARE_FINAL_TYPE (LfWindow, lf_window, LF, WINDOW, AdwApplicationWindow)

LfWindow   *lf_window_new                (LfApplication *application);
/* Both ask first when the open form has unsaved changes. */
void        lf_window_open_file          (LfWindow      *self,
                                          GFile         *file,
                                          gboolean       run_only);
/* Opens @file with its controls set to @values ({control: value}), as a run of the history
 * had them; controls the form no longer has are left out. */
void        lf_window_open_file_with_values (LfWindow   *self,
                                             GFile      *file,
                                             JsonObject *values);
/* Opens @form, made for a function, as a new form in Run (once unsaved changes are settled). */
void        lf_window_open_generated_form (LfWindow     *self,
                                          LfForm        *form);
void        lf_window_new_form           (LfWindow      *self,
                                          const char    *template_id);
/* Saves to @file (NULL: the form's own), which becomes the form's file; what Save and the
 * Save As dialog do. */
void        lf_window_save_async         (LfWindow            *self,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    lf_window_save_finish        (LfWindow            *self,
                                          GAsyncResult        *result,
                                          GError             **error);
gboolean    lf_window_get_unsaved        (LfWindow      *self);
GFile      *lf_window_get_file           (LfWindow      *self);
/* The open form, or NULL when none is or it could not be read. */
LfForm     *lf_window_get_form           (LfWindow      *self);
LfFormView *lf_window_get_form_view      (LfWindow      *self);
LfEditor   *lf_window_get_editor         (LfWindow      *self);
/* What the run page shows: "empty", "opening" (reading the file), "starting" (the sandbox),
 * "error" or "form". */
const char *lf_window_get_page           (LfWindow      *self);
void        lf_window_add_toast          (LfWindow      *self,
                                          const char    *message);

/* Runs the form with another account or region than its own; NULL keeps the form's. */
void        lf_window_set_account_override (LfWindow    *self,
                                            const char  *account,
                                            const char  *region);
/* Looks for work a crash left behind and offers it back; returns how much was found. */
guint       lf_window_offer_recovery     (LfWindow      *self);

G_END_DECLS
