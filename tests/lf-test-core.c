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

static gboolean
wait_expired (gpointer what)
{
  g_error ("waited %u s for %s", LF_TEST_WATCHDOG_SECONDS, (const char *) what);
  return G_SOURCE_REMOVE;
}

void
lf_test_wait_until (gboolean   (*condition) (gpointer data),
                    gpointer     data,
                    const char  *what)
{
  guint watchdog = g_timeout_add_seconds (LF_TEST_WATCHDOG_SECONDS, wait_expired,
                                          (gpointer) what);

  while (!condition (data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);
}

static gboolean
result_is_set (gpointer slot)
{
  return *(GAsyncResult **) slot != NULL;
}

GAsyncResult *
lf_test_wait_result (GAsyncResult **slot)
{
  lf_test_wait_until (result_is_set, slot, "an answer");
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
