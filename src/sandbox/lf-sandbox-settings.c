/* lf-sandbox-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include "lf-sandbox-settings.h"

G_DEFINE_BOXED_TYPE (LfSandboxSettings, lf_sandbox_settings, lf_sandbox_settings_ref,
                     lf_sandbox_settings_unref)

LfSandboxSettings *
lf_sandbox_settings_new (void)
{
  LfSandboxSettings *self = g_atomic_rc_box_new0 (LfSandboxSettings);

  self->region = g_strdup (LF_SANDBOX_DEFAULT_REGION);
  self->account_id = g_strdup (LF_SANDBOX_DEFAULT_ACCOUNT_ID);
  self->max_concurrency = LF_SANDBOX_DEFAULT_MAX_CONCURRENCY;
  self->idle_timeout_s = LF_SANDBOX_DEFAULT_IDLE_TIMEOUT_S;
  self->retry_delay_ms[0] = LF_SANDBOX_DEFAULT_FIRST_RETRY_MS;
  self->retry_delay_ms[1] = LF_SANDBOX_DEFAULT_SECOND_RETRY_MS;
  self->header_timeout_s = LF_SANDBOX_DEFAULT_HEADER_TIMEOUT_S;
  return self;
}

LfSandboxSettings *
lf_sandbox_settings_ref (LfSandboxSettings *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
settings_clear (LfSandboxSettings *self)
{
  g_free (self->region);
  g_free (self->account_id);
  g_free (self->runtime_dir);
}

void
lf_sandbox_settings_unref (LfSandboxSettings *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) settings_clear);
}
