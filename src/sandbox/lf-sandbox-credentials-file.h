/* lf-sandbox-credentials-file.h: how a running sandbox tells its owner its key
 *
 * Every sandbox starts with a random key. The program writes it, with its session token if
 * any, to $XDG_RUNTIME_DIR/lambda-forms/sandbox-PORT.json (mode 0600, a folder only its user
 * can enter), so that a sandbox account naming http://127.0.0.1:PORT finds it, and removes it
 * when it stops. Nobody else can read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials.h"

G_BEGIN_DECLS

char          *lf_sandbox_credentials_file_path   (guint           port);
gboolean       lf_sandbox_credentials_file_write  (guint           port,
                                                   LfCredentials  *credentials,
                                                   GError        **error);
LfCredentials *lf_sandbox_credentials_file_read   (guint           port,
                                                   GError        **error);
void           lf_sandbox_credentials_file_remove (guint           port);

G_END_DECLS
