/* lf-form.h: the form document: settings, ordered controls and actions, undo and redo
 *
 * The form is the only way to change a document. Each change is a command on the undo stack
 * (several can be grouped into one step) and emits a signal, so the canvas, the inspector and
 * the runner only listen:
 *
 *   control-added (LfControl *control, guint position)
 *   control-removed (LfControl *control, guint position)
 *   control-moved (LfControl *control, guint from, guint to)
 *   control-property-changed::MEMBER (LfControl *control, const char *member)
 *       MEMBER is "name", "beside_previous", "properties.NAME" or "bindings.NAME"
 *   action-added (LfAction *action, guint position)
 *   action-removed (LfAction *action, guint position)
 *   action-changed::MEMBER (LfAction *action, const char *member)
 *       MEMBER is a top-level member ("name", "trigger", …) or "parameters.NAME"
 *   setting-changed::NAME (const char *name)    NAME is "title", "account" or "region"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lf-action.h"
#include "lf-control.h"
#include "lf-form-error.h"

G_BEGIN_DECLS

#define LF_FORM_FORMAT_VERSION 1
#define LF_FORM_MEDIA_TYPE     "application/x-lambdaform+json"
#define LF_FORM_EXTENSION      ".lambdaform"

#define LF_TYPE_FORM (lf_form_get_type ())

G_DECLARE_FINAL_TYPE (LfForm, lf_form, LF, FORM, GObject)

LfForm     *lf_form_new                  (void);
/* Refuses only what is not a form at all: not JSON, no usable "format_version", lists that
 * are not lists, parts without a name of their own (or a control without a kind). Whatever
 * else is wrong opens and is listed by lf_form_list_problems (). Errors start with the JSON
 * path ("$.controls[2]: …"). */
LfForm     *lf_form_new_from_data        (const char   *data,
                                          gssize        length,
                                          GError      **error);
/* Reads the file and never writes to it. */
LfForm     *lf_form_new_from_file        (const char   *path,
                                          GError      **error);
/* The document as saved: two-space indented JSON ending with a newline. */
char       *lf_form_to_data              (LfForm       *self,
                                          gsize        *length);
/* Atomic: a temporary file beside @path, written, flushed to disk, then renamed over it. */
gboolean    lf_form_save_to_file         (LfForm       *self,
                                          const char   *path,
                                          GError      **error);

/* Problems a document can have and still open: a part that does not fit the format (an
 * unknown kind, a template that does not parse, a value of the wrong type: LF_FORM_ERROR_INVALID),
 * templates naming what does not exist, triggers and follow-ups naming missing controls, cycles
 * (LF_FORM_ERROR_REFERENCE). Each message starts with the JSON path and, for templates, the
 * position. */
GPtrArray  *lf_form_list_problems        (LfForm       *self);
/* The problems of the control or action named @name, the same GErrors. A form with problems
 * still opens, is edited and saved: a part with problems is shown with them, and an action
 * with problems does not run. */
GPtrArray  *lf_form_list_problems_of     (LfForm       *self,
                                          const char   *name);
/* The names of the parts that name @name (in a template, a trigger, a follow-up): what
 * would break if it went. */
GPtrArray  *lf_form_list_readers         (LfForm       *self,
                                          const char   *name);
/* A problem's sentence alone, without the JSON path and position that lead it. */
char       *lf_form_problem_dup_sentence (const GError *problem);
gboolean    lf_form_check                (LfForm       *self,
                                          GError      **error);

/* Settings: "title", "account" (a name, never a secret), "region" (an override). */
const char *lf_form_get_setting          (LfForm       *self,
                                          const char   *name);
gboolean    lf_form_set_setting          (LfForm       *self,
                                          const char   *name,
                                          const char   *value,
                                          GError      **error);
const char *lf_form_get_title            (LfForm       *self);

guint       lf_form_get_n_controls       (LfForm       *self);
LfControl  *lf_form_get_control          (LfForm       *self,
                                          guint         position);
LfControl  *lf_form_find_control         (LfForm       *self,
                                          const char   *name);
int         lf_form_get_control_position (LfForm       *self,
                                          LfControl    *control);
/* A new control of @kind_id with a fresh name ("textField1"); @position -1 appends. */
LfControl  *lf_form_add_control          (LfForm       *self,
                                          const char   *kind_id,
                                          int           position,
                                          GError      **error);
gboolean    lf_form_insert_control       (LfForm       *self,
                                          LfControl    *control,
                                          int           position,
                                          GError      **error);
void        lf_form_remove_control       (LfForm       *self,
                                          LfControl    *control);
void        lf_form_move_control         (LfForm       *self,
                                          LfControl    *control,
                                          guint         position);
/* Renames @control and every place that names it (templates, triggers, follow-ups), as one
 * step to undo. Actions are renamed the same way through lf_form_set_action_member (). */
gboolean    lf_form_rename_control       (LfForm       *self,
                                          LfControl    *control,
                                          const char   *name,
                                          GError      **error);
/* @value NULL returns the property to its default. Takes no reference to @value. */
gboolean    lf_form_set_control_property (LfForm       *self,
                                          LfControl    *control,
                                          const char   *name,
                                          JsonNode     *value,
                                          GError      **error);
/* Puts @control beside the control before it (on one line, sharing the width) or back on a
 * line of its own. Allowed on the first control too, where views ignore it: a move can make
 * any control the first. */
void        lf_form_set_control_beside_previous
                                         (LfForm       *self,
                                          LfControl    *control,
                                          gboolean      beside);
/* Refuses templates that do not parse, name what does not exist or make a cycle.
 * @template NULL unbinds. */
gboolean    lf_form_set_control_binding  (LfForm       *self,
                                          LfControl    *control,
                                          const char   *property,
                                          const char   *template,
                                          GError      **error);

guint       lf_form_get_n_actions        (LfForm       *self);
LfAction   *lf_form_get_action           (LfForm       *self,
                                          guint         position);
LfAction   *lf_form_find_action          (LfForm       *self,
                                          const char   *name);
gboolean    lf_form_insert_action        (LfForm       *self,
                                          LfAction     *action,
                                          int           position,
                                          GError      **error);
void        lf_form_remove_action        (LfForm       *self,
                                          LfAction     *action);
/* @section NULL for a top-level member ("operation", "trigger", "on_success", …) or
 * "parameters". The changed action must stay valid and its templates must resolve. */
gboolean    lf_form_set_action_member    (LfForm       *self,
                                          LfAction     *action,
                                          const char   *section,
                                          const char   *name,
                                          JsonNode     *value,
                                          GError      **error);

/* A name no control or action has, from @base ("text-field" gives "textField1"). */
char       *lf_form_make_unique_name     (LfForm       *self,
                                          const char   *base);

gboolean    lf_form_can_undo             (LfForm       *self);
gboolean    lf_form_can_redo             (LfForm       *self);
/* What the next undo or redo would do ("Add text field"), or NULL. */
const char *lf_form_get_undo_label       (LfForm       *self);
const char *lf_form_get_redo_label       (LfForm       *self);
gboolean    lf_form_undo                 (LfForm       *self);
gboolean    lf_form_redo                 (LfForm       *self);
/* Changes between these are one step; groups nest. */
void        lf_form_begin_group          (LfForm       *self,
                                          const char   *label);
void        lf_form_end_group            (LfForm       *self);
/* Names the document's state in its history: after edits, undo and redo, an equal revision
 * means equal content. 0 is the state it was made or loaded in. Notified as "revision" once
 * per step (a group is one step). */
guint64     lf_form_get_revision         (LfForm       *self);

G_END_DECLS
