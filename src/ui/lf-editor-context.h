/* lf-editor-context.h: what the editor's panes share, handed to each of them
 *
 * The editor makes one and gives it to the canvas's neighbours (inspector, actions panel,
 * path pickers), which never reach up to the editor. It holds the form being edited, the
 * selection and the runtime of the last "Run", and it listens to the form once, passing on
 * what the panes care about:
 *
 *   controls-changed ()                       a control was added, removed or moved
 *   control-changed (LfControl *, char *member)
 *   actions-changed ()                        an action was added, removed or changed
 *   settings-changed (char *name)             "title", "account" or "region"
 *   results-changed ()                        a run's result changed: previews are stale
 *   show-part (char *name)                    a pane asks for a control or action to be shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lf-client-factory.h"
#include "lf-form-runtime.h"

G_BEGIN_DECLS

/* A value a binding may read: its path ("invoke.data.Payload.greeting") and what a person
 * calls it ("Answer of invoke → greeting", "Function (Dropdown)"). */
typedef struct
{
  char *path;
  char *title;
} LfValueChoice;

void             lf_value_choice_free                   (LfValueChoice       *choice);

#define LF_TYPE_EDITOR_CONTEXT (lf_editor_context_get_type ())

G_DECLARE_FINAL_TYPE (LfEditorContext, lf_editor_context, LF, EDITOR_CONTEXT, GObject)

LfEditorContext *lf_editor_context_new                  (void);
LfForm          *lf_editor_context_get_form             (LfEditorContext     *self);
void             lf_editor_context_set_form             (LfEditorContext     *self,
                                                         LfForm              *form);
/* The accounts set up on this computer, which a form may name (the sandbox aside). */
void                lf_editor_context_set_accounts      (LfEditorContext     *self,
                                                         const char * const  *accounts);
const char * const *lf_editor_context_get_accounts      (LfEditorContext     *self);
/* Asks the editor to show the control or action @name in its pane. */
void             lf_editor_context_show_part            (LfEditorContext     *self,
                                                         const char          *name);
LfControl       *lf_editor_context_get_selected_control (LfEditorContext     *self);
/* A control not in the form selects nothing. */
void             lf_editor_context_set_selected_control (LfEditorContext     *self,
                                                         LfControl           *control);
/* How "Run" gets a Lambda client for an account. */
void             lf_editor_context_set_client_factory   (LfEditorContext     *self,
                                                         LfClientFactoryFunc  factory,
                                                         gpointer             factory_data,
                                                         GDestroyNotify       factory_destroy);
/* A client for @account (NULL: the form's way), as "Run" would get it. */
LfLambdaClient  *lf_editor_context_create_client        (LfEditorContext     *self,
                                                         const char          *account,
                                                         GError             **error);
/* Where runs are recorded, for payloads sent lately; NULL when there is none. */
void             lf_editor_context_set_history          (LfEditorContext     *self,
                                                         LfHistory           *history);
LfHistory       *lf_editor_context_get_history          (LfEditorContext     *self);
/* The runtime of the last "Run", or NULL. */
LfFormRuntime   *lf_editor_context_get_runtime          (LfEditorContext     *self);
/* Runs @action alone on a runtime made from the form as it is now. */
gboolean         lf_editor_context_run_action           (LfEditorContext     *self,
                                                         const char          *action,
                                                         GError             **error);
/* What templates would read now: defaults of every control plus the last run's results. */
JsonNode        *lf_editor_context_dup_values           (LfEditorContext     *self);
/* What a binding may read, by meaning: each control's value, then each action's answer (an
 * Invoke's Payload and its members first, from the last run when there was one), its state
 * and its error. */
GPtrArray       *lf_editor_context_list_values          (LfEditorContext     *self);
/* The same, as paths only. */
GStrv            lf_editor_context_list_paths           (LfEditorContext     *self);
/* What @path ("listFunctions.data.Functions") holds now, or NULL. */
JsonNode        *lf_editor_context_dup_value_at         (LfEditorContext     *self,
                                                         const char          *path);
/* The current value of @text as a short sentence, or FALSE with @message the error. */
gboolean         lf_editor_context_preview_template     (LfEditorContext     *self,
                                                         const char          *text,
                                                         char               **message);
/* @path followed by a member: ".Name", or "['odd name']" when it is not an identifier. */
char            *lf_editor_context_path_append_member   (const char          *path,
                                                         const char          *member);

G_END_DECLS
