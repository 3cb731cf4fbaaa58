/* lf-session.h: what the app's windows share: accounts, clients, recent forms, copies of
 * unsaved work and the local sandbox
 *
 * Owned by LfApplication and handed to each window, so that no window reads files of its own:
 * the account store is read once and kept current (a file monitor, and a cheap check of the
 * file before each use), recent forms come from one place, and each open document's unsaved
 * work is copied aside a little after each edit.
 *
 *   recent-changed ()
 *   accounts-changed ()
 *   autosave-failed (LfDocument *document, const char *message)   said once per document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lf-account-store.h"
#include "lf-autosave.h"
#include "lf-client-factory.h"
#include "lf-document.h"
#include "lf-history.h"
#include "lf-sandbox-process.h"

G_BEGIN_DECLS

#define LF_TYPE_SESSION (lf_session_get_type ())

G_DECLARE_FINAL_TYPE (LfSession, lf_session, LF, SESSION, GObject)

LfSession        *lf_session_new                 (void);

/* The app's local sandbox, made (not started) on first use. */
LfSandboxProcess *lf_session_get_sandbox         (LfSession          *self);
/* Tells the sandbox to stop, without waiting. */
void              lf_session_stop_sandbox        (LfSession          *self);

/* The accounts on disk as they are now. */
LfAccountStore   *lf_session_get_accounts        (LfSession          *self);
/* The run history every window records in, opened on first use; NULL when it cannot be. */
LfHistory        *lf_session_get_history         (LfSession          *self);
/* NULL, "sandbox" and accounts of the sandbox kind run on the app's own sandbox. */
gboolean          lf_session_is_sandbox_account  (LfSession          *self,
                                                  const char         *account);
/* A client for @account in @region (NULL: the account's own). */
LfLambdaClient   *lf_session_create_client       (LfSession          *self,
                                                  const char         *account,
                                                  const char         *region,
                                                  GError            **error);
/* A factory for a form runtime; @account and @region, when set, replace what the form says.
 * Its data holds the session, never a window: a request still under way when a window
 * closes finds it alive. */
void              lf_session_get_client_factory  (LfSession          *self,
                                                  const char         *account,
                                                  const char         *region,
                                                  LfClientFactoryFunc *func,
                                                  gpointer           *data,
                                                  GDestroyNotify     *destroy);

void              lf_session_add_recent          (LfSession          *self,
                                                  GFile              *file);
/* Up to @max forms used lately that still exist here, newest first: GtkRecentInfo. */
GPtrArray        *lf_session_list_recent         (LfSession          *self,
                                                  guint               max);

/* Copies @document's unsaved work aside after each edit until it is saved. @slot: a copy
 * recovered into it, which it now keeps, or NULL. */
void              lf_session_watch_document      (LfSession          *self,
                                                  LfDocument         *document,
                                                  LfAutosave         *slot);
/* @keep_copy: the document goes without the person choosing to drop its work (the window
 * was destroyed), so its copy stays to be offered back. */
void              lf_session_unwatch_document    (LfSession          *self,
                                                  LfDocument         *document,
                                                  gboolean            keep_copy);
/* Work a crash left behind: copies whose writer is gone. */
GPtrArray        *lf_session_list_orphans        (LfSession          *self,
                                                  GError            **error);

G_END_DECLS
