/* lf-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-application.h"
#include "lf-form-view.h"

G_BEGIN_DECLS

#define LF_TYPE_WINDOW (lf_window_get_type ())

G_DECLARE_FINAL_TYPE (LfWindow, lf_window, LF, WINDOW, AdwApplicationWindow)

LfWindow *lf_window_new        (LfApplication *application);
void      lf_window_open_file  (LfWindow      *self,
                                GFile         *file,
                                gboolean       run_only);
GFile      *lf_window_get_file      (LfWindow      *self);
/* The open form, or NULL when none is or it could not be read. */
LfForm     *lf_window_get_form      (LfWindow      *self);
LfFormView *lf_window_get_form_view (LfWindow      *self);
/* What the run page shows: "empty", "starting" (the sandbox), "error" or "form". */
const char *lf_window_get_page      (LfWindow      *self);
void      lf_window_add_toast  (LfWindow      *self,
                                const char    *message);

G_END_DECLS
