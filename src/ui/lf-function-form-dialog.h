/* lf-function-form-dialog.h: New Form for a Function: an account, one of its functions and
 * an event (saved, shared or a template) make a form ready to run
 *
 *   create (LfForm *form)   the person chose; the dialog closes after
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-session.h"

G_BEGIN_DECLS

#define LF_TYPE_FUNCTION_FORM_DIALOG (lf_function_form_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LfFunctionFormDialog, lf_function_form_dialog, LF, FUNCTION_FORM_DIALOG,
                      AdwWindow)

LfFunctionFormDialog *lf_function_form_dialog_new (GtkWindow *parent,
                                                   LfSession *session);

G_END_DECLS
