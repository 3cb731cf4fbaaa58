/* lf-test-core.h: what the core tests share: waiting for an asynchronous answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-credentials-provider.h"

G_BEGIN_DECLS

#define LF_TEST_WATCHDOG_SECONDS 30

/* A GAsyncReadyCallback that keeps a reference to the result in *(GAsyncResult **) @slot. */
void           lf_test_keep_result      (GObject                *source,
                                         GAsyncResult           *result,
                                         gpointer                slot);
/* A timer that fails the test when no answer comes in time; remove it once answered. */
guint          lf_test_add_watchdog     (void);
/* Spins the main loop until @condition holds, asking again after each event it dispatches
 * (so it must change on the main loop); a watchdog fails the test, naming @what, when it
 * never does. The watchdog guards against hangs; it is no timing assertion. */
void           lf_test_wait_until       (gboolean              (*condition) (gpointer data),
                                         gpointer                data,
                                         const char             *what);
/* Spins the main loop until *@slot is set; a watchdog fails the test when no answer comes. */
GAsyncResult  *lf_test_wait_result      (GAsyncResult          **slot);
/* Asks @provider for credentials and waits on the main loop for the answer. */
LfCredentials *lf_test_get_credentials  (LfCredentialsProvider  *provider,
                                         GError                **error);
/* Marks the test failed, quoting both, unless @error's message holds @part. */
void           lf_test_assert_message_contains (const GError    *error,
                                                const char      *part);

G_END_DECLS
