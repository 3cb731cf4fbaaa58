/* lf-mfa.h: asking the person for an MFA code, for providers that need one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The MFA code request: whoever receives it answers exactly once, now or later (after a
 * dialog), with lf_mfa_reply_return_code() or lf_mfa_reply_return_error(). */
typedef struct _LfMfaReply LfMfaReply;

typedef void (*LfMfaFunc) (const char  *mfa_serial,
                           LfMfaReply  *reply,
                           gpointer     user_data);

void          lf_mfa_reply_return_code       (LfMfaReply  *reply,
                                              const char  *code);
void          lf_mfa_reply_return_error      (LfMfaReply  *reply,
                                              GError      *error);
/* Cancelled when the caller gives up: close the dialog then. */
GCancellable *lf_mfa_reply_get_cancellable   (LfMfaReply  *reply);

G_END_DECLS
