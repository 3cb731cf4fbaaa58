/* lf-accounts-window.h: the accounts, listed, added, edited, tested and removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-account-store.h"

G_BEGIN_DECLS

#define LF_TYPE_ACCOUNTS_WINDOW (lf_accounts_window_get_type ())

G_DECLARE_FINAL_TYPE (LfAccountsWindow, lf_accounts_window, LF, ACCOUNTS_WINDOW,
                      AdwPreferencesWindow)

/* Loads the accounts of the user's settings file. */
LfAccountsWindow *lf_accounts_window_new       (GtkWindow        *parent);
LfAccountStore   *lf_accounts_window_get_store (LfAccountsWindow *self);

G_END_DECLS
