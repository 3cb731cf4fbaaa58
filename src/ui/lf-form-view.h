/* lf-form-view.h: a running form, shown with real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-form-runtime.h"
#include "lf-result-view.h"

G_BEGIN_DECLS

#define LF_TYPE_FORM_VIEW (lf_form_view_get_type ())

G_DECLARE_FINAL_TYPE (LfFormView, lf_form_view, LF, FORM_VIEW, GtkWidget)

GtkWidget     *lf_form_view_new                (void);
LfFormRuntime *lf_form_view_get_runtime        (LfFormView    *self);
/* Shows @runtime's form; NULL empties the view. The caller starts the runtime. */
void           lf_form_view_set_runtime        (LfFormView    *self,
                                                LfFormRuntime *runtime);
/* Whether an action of the form runs or waits to. */
gboolean       lf_form_view_get_busy           (LfFormView    *self);
/* Cancels every running action of the form. */
void           lf_form_view_cancel             (LfFormView    *self);
/* The box built for control @name (see lf_widget_factory_get_input ()), or NULL. */
GtkWidget     *lf_form_view_get_control_widget (LfFormView    *self,
                                                const char    *name);
LfResultView  *lf_form_view_get_result_view    (LfFormView    *self);
void           lf_form_view_add_toast          (LfFormView    *self,
                                                AdwToast      *toast);

G_END_DECLS
