/* lf-window-private.h: what lf-window.c and lf-window-actions.c share
 *
 * lf-window.c shows a document: the title, the run and edit pages, the runtime and the
 * account it runs with. lf-window-actions.c is what the person asks of the window: opening,
 * saving, new forms, undo, recovery, and the question about unsaved changes before any of
 * them drops work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-account-button.h"
#include "lf-document.h"
#include "lf-session.h"
#include "lf-window.h"

G_BEGIN_DECLS

/* What to do once the person has answered about unsaved changes. */
typedef enum
{
  PENDING_NONE,
  PENDING_CLOSE,
  PENDING_OPEN,
  PENDING_NEW,
  PENDING_GENERATED,   /* a form made for a function, to open in Run */
} PendingKind;

typedef enum
{
  CHOOSER_OPEN,
  CHOOSER_SAVE,
} ChooserPurpose;

struct _LfWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwWindowTitle       *document_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewStack         *view_stack;
  GtkStack             *run_stack;
  GtkSpinner           *starting_spinner;
  GtkSpinner           *opening_spinner;
  AdwStatusPage        *error_page;
  GtkStack             *edit_stack;
  GtkWidget            *open_button;
  GtkWidget            *new_button;
  GtkWidget            *save_button;
  GtkWidget            *primary_menu_button;
  GtkWidget            *undo_box;
  GtkWidget            *undo_button;
  GtkWidget            *redo_button;
  LfAccountButton      *account_button;
  GtkRevealer          *recovery_revealer;
  GtkLabel             *recovery_label;
  GtkWidget            *recent_group;
  GtkListBox           *recent_list;

  LfFormView           *form_view;      /* made when a form first runs */
  LfEditor             *editor;         /* made on first use: a window that only runs starts sooner */
  guint                 title_idle;
  GSettings            *settings;       /* NULL when the schema is not installed (an uninstalled run) */

  LfSession            *session;
  GFile                *file;           /* the document's, or the one being opened or that failed */
  LfDocument           *document;
  LfFormRuntime        *runtime;
  GCancellable         *cancellable;    /* lives as long as the window: closing cancels its work */
  guint                 open_generation; /* a newer open supersedes a load or start under way */
  gboolean              run_only;
  /* The runtime does not follow edits: one made after them is needed to run the edited form. */
  gboolean              runtime_stale;
  JsonNode             *carried_values; /* what the person entered, kept across a restart */
  JsonNode             *opening_values; /* to fill in the form being opened (Open in Form) */

  /* Asking before work is lost */
  gboolean              close_confirmed;
  PendingKind           pending;
  GFile                *pending_file;
  gboolean              pending_run_only;
  char                 *pending_template;
  LfForm               *pending_form;
  GtkWidget            *question;
  GtkNativeDialog      *chooser;
  ChooserPurpose        chooser_purpose;
  GPtrArray            *orphans;        /* work offered back, until recovered or discarded */
};

/* lf-window.c */
void     _lf_window_update_title          (LfWindow   *self);
void     _lf_window_update_undo           (LfWindow   *self);
/* Shows @document (or nothing) as the window's; @file is shown when @document is NULL. */
void     _lf_window_set_document          (LfWindow   *self,
                                           LfDocument *document,
                                           GFile      *file,
                                           gboolean    run_only,
                                           LfAutosave *slot);
/* @keep_copy: the window goes without the person choosing to drop the work. */
void     _lf_window_close_document        (LfWindow   *self,
                                           gboolean    keep_copy);
void     _lf_window_show_error            (LfWindow   *self,
                                           const char *title,
                                           const char *message);
void     _lf_window_open_now              (LfWindow   *self,
                                           GFile      *file,
                                           gboolean    run_only);
LfEditor *_lf_window_ensure_editor        (LfWindow   *self);
void     _lf_window_update_recent         (LfWindow   *self);

/* lf-window-actions.c */
void     _lf_window_class_add_actions     (GtkWidgetClass *widget_class);
void     _lf_window_clear_pending         (LfWindow   *self);
gboolean _lf_window_close_request         (GtkWindow  *window);

G_END_DECLS
