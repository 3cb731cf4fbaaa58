/* lf-client-factory.h: how the form runtime gets a Lambda client for an account
 *
 * Forms name accounts; they never hold secrets. Whoever runs a form supplies this hook: the CLI
 * builds clients from its flags and the standard environment; the app will ask the account
 * store (src/accounts) for the account of that name. The runtime calls it once per account
 * name and keeps the client for the rest of its life.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-lambda-client.h"

G_BEGIN_DECLS

/**
 * LfClientFactoryFunc:
 * @account_name: (nullable): the action's account, else the form's; NULL when neither names one
 * @region: (nullable): the form's region override, or NULL for the account's own
 * @user_data: what was given with the hook
 * @error: set when there is no such account or it has no usable settings
 *
 * Returns: (transfer full) (nullable): a client, or NULL with @error set (LF_FORM_ERROR_ACCOUNT
 *   is the code to use for "no account of that name").
 */
typedef LfLambdaClient *(*LfClientFactoryFunc) (const char  *account_name,
                                                const char  *region,
                                                gpointer     user_data,
                                                GError     **error);

G_END_DECLS
