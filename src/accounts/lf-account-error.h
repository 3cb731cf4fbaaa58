/* lf-account-error.h: the error domain of accounts and their store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LF_ACCOUNT_ERROR (lf_account_error_quark ())

typedef enum
{
  LF_ACCOUNT_ERROR_INVALID,        /* a name, URL, region or field breaks its rule */
  LF_ACCOUNT_ERROR_EXISTS,         /* another account has that name */
  LF_ACCOUNT_ERROR_NOT_FOUND,      /* no account has that name */
  LF_ACCOUNT_ERROR_CORRUPT,        /* the settings file is unreadable; it was kept aside */
  LF_ACCOUNT_ERROR_IO,             /* reading or writing the settings file failed */
  LF_ACCOUNT_ERROR_NO_KEYRING,     /* no Secret Service answers on the session bus */
  LF_ACCOUNT_ERROR_KEYRING_LOCKED, /* the keyring stayed locked */
  LF_ACCOUNT_ERROR_KEYRING,        /* the keyring answered with another failure */
  LF_ACCOUNT_ERROR_NO_SECRET,      /* the account's secret is not stored */
} LfAccountErrorCode;

GQuark lf_account_error_quark (void);

G_END_DECLS
