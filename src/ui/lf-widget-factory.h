/* lf-widget-factory.h: real widgets for a form's controls, one kind at a time
 *
 * One table (lf-widget-kinds.c), keyed by the control catalogue's kind ids, says how each
 * kind is built, how it shows a property of the runtime and how the canvas previews it. Widgets only observe the runtime: an edit calls
 * lf_form_runtime_set_value (), and lf_widget_factory_update () shows what the runtime holds
 * with the widget's own handlers blocked, so nothing loops back.
 *
 * Signals:
 *   button-clicked (const char *control)   a button was pressed; the form view runs it
 *   cancel-clicked (const char *control)   the Cancel beside a running button was pressed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-form-runtime.h"
#include "lf-json-view.h"

G_BEGIN_DECLS

/* How much of a JSON value is shown before "Show All". */
#define LF_WIDGET_FACTORY_JSON_PREVIEW_BYTES LF_JSON_VIEW_PREVIEW_BYTES

#define LF_TYPE_WIDGET_FACTORY (lf_widget_factory_get_type ())

G_DECLARE_FINAL_TYPE (LfWidgetFactory, lf_widget_factory, LF, WIDGET_FACTORY, GObject)

LfWidgetFactory *lf_widget_factory_new         (LfFormRuntime   *runtime);
LfFormRuntime   *lf_widget_factory_get_runtime (LfWidgetFactory *self);
/* Whether the factory can build, update and preview @kind_id. */
gboolean         lf_widget_factory_supports    (const char      *kind_id);
/* An inert picture of @control's input, for the editor's canvas. */
GtkWidget       *lf_widget_factory_make_preview (LfControl      *control);
/* The control's caption, input and help, showing the runtime's current values. */
GtkWidget       *lf_widget_factory_build       (LfWidgetFactory *self,
                                                LfControl       *control);
/* Shows the runtime's @property of the control @widget was built for. */
void             lf_widget_factory_update      (GtkWidget       *widget,
                                                const char      *property);
/* A button's spinner, sensitivity and Cancel button while its actions run. */
void             lf_widget_factory_set_running (GtkWidget       *widget,
                                                gboolean         running);
/* A button's bar of the time its action has run (@elapsed_s) against the function's timeout
 * (@timeout_s, 0 when not known: the bar pulses); hidden when @elapsed_s is negative. */
void             lf_widget_factory_set_progress (GtkWidget   *widget,
                                                 double       elapsed_s,
                                                 guint        timeout_s);
/* Makes the control unusable, saying why in its tooltip (a button whose action has a
 * problem); NULL makes it usable again. */
void             lf_widget_factory_set_unavailable (GtkWidget   *widget,
                                                    const char  *reason);
/* Dims the control and says it is busy while an action it shows the answer of runs: what
 * it shows now is the last answer, about to be replaced. */
void             lf_widget_factory_set_waiting (GtkWidget   *widget,
                                                gboolean     waiting);
/* Says under the input why an action did not send its value (NULL: nothing is wrong), marks
 * the input and tells screen readers it is invalid. */
void             lf_widget_factory_show_problem (GtkWidget   *widget,
                                                 const char  *problem);
/* The widget a person uses: the entry, drop-down, button, text view… */
GtkWidget       *lf_widget_factory_get_input   (GtkWidget       *widget);
/* A named part: "caption", "help", "problem", "cancel", "spinner", and a JSON view's parts (see
 * lf_json_view_get_part). */
GtkWidget       *lf_widget_factory_get_part    (GtkWidget       *widget,
                                                const char      *part);

G_END_DECLS
