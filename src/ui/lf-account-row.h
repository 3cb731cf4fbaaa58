/* lf-account-row.h: one account in the Accounts window, with its buttons and test result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-account.h"

G_BEGIN_DECLS

#define LF_TYPE_ACCOUNT_ROW (lf_account_row_get_type ())

G_DECLARE_FINAL_TYPE (LfAccountRow, lf_account_row, LF, ACCOUNT_ROW, AdwActionRow)

/* @kind_label: how the account signs in, in words ("Access key"). Its buttons activate
 * "accounts.set-default", "accounts.test", "accounts.edit" and "accounts.remove" with the
 * account's name. */
GtkWidget  *lf_account_row_new         (LfAccount    *account,
                                        const char   *kind_label);
const char *lf_account_row_get_name    (LfAccountRow *self);
gboolean    lf_account_row_get_testing (LfAccountRow *self);
/* A spinner while a connection test runs. */
void        lf_account_row_set_testing (LfAccountRow *self);
/* The label saying what the last test found; hidden until one ends. */
GtkWidget  *lf_account_row_get_result  (LfAccountRow *self);
/* What the test found, in a word or a sentence. */
void        lf_account_row_set_result  (LfAccountRow *self,
                                        gboolean      success,
                                        const char   *message);

G_END_DECLS
