/* lf-test-core.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lf-test-core.h"

void
lf_test_keep_result (GObject      *source,
                     GAsyncResult *result,
                     gpointer      slot)
{
  *(GAsyncResult **) slot = g_object_ref (result);
}

static gboolean
watchdog_fired (gpointer data)
{
  g_error ("no answer within %u s", LF_TEST_WATCHDOG_SECONDS);
  return G_SOURCE_REMOVE;
}

guint
lf_test_add_watchdog (void)
{
  return g_timeout_add_seconds (LF_TEST_WATCHDOG_SECONDS, watchdog_fired, NULL);
}

GAsyncResult *
lf_test_wait_result (GAsyncResult **slot)
{
  guint watchdog = lf_test_add_watchdog ();

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);
  return *slot;
}

LfCredentials *
lf_test_get_credentials (LfCredentialsProvider  *provider,
                         GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lf_credentials_provider_get_credentials_async (provider, NULL, lf_test_keep_result, &result);
  return lf_credentials_provider_get_credentials_finish (provider, lf_test_wait_result (&result),
                                                         error);
}

void
lf_test_assert_message_contains (const GError *error,
                                 const char   *part)
{
  g_assert_nonnull (error);
  if (strstr (error->message, part) == NULL)
    g_test_fail_printf ("the error “%s” does not contain “%s”", error->message, part);
}
