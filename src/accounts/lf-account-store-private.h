/* lf-account-store-private.h: what the account credentials provider reads of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-account-store.h"

G_BEGIN_DECLS

LfMfaFunc   lf_account_store_get_mfa_func         (LfAccountStore *self,
                                                   gpointer       *user_data);
const char *lf_account_store_get_service_endpoint (LfAccountStore *self,
                                                   const char     *service);

G_END_DECLS
