/* lf-account-button.h: the header's choice of account and region for running a form
 *
 * Shows which account and region the form runs with, and offers the others: the form's own
 * account, the local sandbox and every account set up here, and any region. The choice is
 * this window's alone; the form is never changed.
 *
 *   changed ()   the person (or lf_account_button_set_choice) picked something else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-session.h"

G_BEGIN_DECLS

#define LF_TYPE_ACCOUNT_BUTTON (lf_account_button_get_type ())

G_DECLARE_FINAL_TYPE (LfAccountButton, lf_account_button, LF, ACCOUNT_BUTTON, AdwBin)

GtkWidget  *lf_account_button_new              (void);
void        lf_account_button_set_session      (LfAccountButton *self,
                                                LfSession       *session);
/* What the form itself names; NULL for none. */
void        lf_account_button_set_form_account (LfAccountButton *self,
                                                const char      *account,
                                                const char      *region);
/* NULL keeps the form's own. */
void        lf_account_button_set_choice       (LfAccountButton *self,
                                                const char      *account,
                                                const char      *region);
const char *lf_account_button_get_account      (LfAccountButton *self);
const char *lf_account_button_get_region       (LfAccountButton *self);

G_END_DECLS
