/* lf-sandbox-settings.h: what every part of one sandbox shares, handed down as one object
 *
 * The sandbox makes it, its pools and their environments keep a reference: region, account,
 * runtime folder and the policies Lambda applies (concurrency, idle time, Event retries).
 * Set before the sandbox starts; read-only after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LF_SANDBOX_DEFAULT_REGION            "us-east-1"
#define LF_SANDBOX_DEFAULT_ACCOUNT_ID        "123456789012"
#define LF_SANDBOX_DEFAULT_MAX_CONCURRENCY   10
/* Lambda keeps an idle environment for minutes, not hours. */
#define LF_SANDBOX_DEFAULT_IDLE_TIMEOUT_S    300
/* Lambda retries a failed Event invocation twice: after about one minute, then two. */
#define LF_SANDBOX_DEFAULT_FIRST_RETRY_MS    60000
#define LF_SANDBOX_DEFAULT_SECOND_RETRY_MS   120000
#define LF_SANDBOX_EVENT_RETRIES             2
#define LF_SANDBOX_DEFAULT_HEADER_TIMEOUT_S  10

typedef struct
{
  char *region;
  char *account_id;
  char *runtime_dir;          /* the Python runtime's folder; NULL when not found */
  guint max_concurrency;      /* environments per function */
  guint idle_timeout_s;       /* an environment idle this long is stopped; 0 keeps it */
  guint retry_delay_ms[LF_SANDBOX_EVENT_RETRIES];
  guint header_timeout_s;     /* a request's head must be in this soon after its first byte */
} LfSandboxSettings;

#define LF_TYPE_SANDBOX_SETTINGS (lf_sandbox_settings_get_type ())

GType              lf_sandbox_settings_get_type (void) G_GNUC_CONST;
LfSandboxSettings *lf_sandbox_settings_new      (void);
LfSandboxSettings *lf_sandbox_settings_ref      (LfSandboxSettings *self);
void               lf_sandbox_settings_unref    (LfSandboxSettings *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfSandboxSettings, lf_sandbox_settings_unref)

G_END_DECLS
