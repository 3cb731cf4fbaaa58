/* lf-sandbox.h: the local Lambda sandbox, a Lambda REST API server on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lf-credentials.h"
#include "lf-sandbox-error.h"
#include "lf-sandbox-faults.h"
#include "lf-sandbox-registry.h"
#include "lf-sandbox-settings.h"

G_BEGIN_DECLS

/* The published development pair: accepted only when given explicitly (--access-key-id and
 * --secret-access-key); every sandbox starts with a random pair of its own. */
#define LF_SANDBOX_DEFAULT_ACCESS_KEY_ID     "LFSANDBOXKEYEXAMPLE"
#define LF_SANDBOX_DEFAULT_SECRET_ACCESS_KEY "lambda-forms-local-sandbox-secret"

/* Lambda's payload limits for a synchronous and an asynchronous (Event) invocation. */
#define LF_SANDBOX_MAX_SYNC_PAYLOAD  (6 * 1024 * 1024)
#define LF_SANDBOX_MAX_EVENT_PAYLOAD (1024 * 1024)

#define LF_TYPE_SANDBOX (lf_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (LfSandbox, lf_sandbox, LF, SANDBOX, GObject)

LfSandbox         *lf_sandbox_new                (void);
char              *lf_sandbox_find_data_dir      (const char           *what);
void               lf_sandbox_set_credentials    (LfSandbox            *self,
                                                  const char           *access_key_id,
                                                  const char           *secret_access_key,
                                                  const char           *session_token);
LfCredentials     *lf_sandbox_get_credentials    (LfSandbox            *self);
const char        *lf_sandbox_get_region         (LfSandbox            *self);
void               lf_sandbox_set_region         (LfSandbox            *self,
                                                  const char           *region);
const char        *lf_sandbox_get_account_id     (LfSandbox            *self);
void               lf_sandbox_set_account_id     (LfSandbox            *self,
                                                  const char           *account_id);
guint              lf_sandbox_get_max_concurrency (LfSandbox           *self);
void               lf_sandbox_set_max_concurrency (LfSandbox           *self,
                                                  guint                 max_concurrency);
void               lf_sandbox_set_idle_timeout   (LfSandbox            *self,
                                                  guint                 seconds);
void               lf_sandbox_set_header_timeout (LfSandbox            *self,
                                                  guint                 seconds);
void               lf_sandbox_set_event_retry_delays (LfSandbox        *self,
                                                  const guint          *delays_ms);
const char        *lf_sandbox_get_runtime_dir    (LfSandbox            *self);
void               lf_sandbox_set_runtime_dir    (LfSandbox            *self,
                                                  const char           *runtime_dir);
gboolean           lf_sandbox_add_functions_dir  (LfSandbox            *self,
                                                  const char           *path,
                                                  GError              **error);
gboolean           lf_sandbox_add_fault          (LfSandbox            *self,
                                                  const char           *spec,
                                                  GError              **error);
/* Keeps the Schemas registry (shared test events) in @path, read at start. */
void               lf_sandbox_set_schemas_file   (LfSandbox            *self,
                                                  const char           *path);
LfSandboxRegistry *lf_sandbox_get_registry       (LfSandbox            *self);
LfSandboxFaults   *lf_sandbox_get_faults         (LfSandbox            *self);
gboolean           lf_sandbox_start              (LfSandbox            *self,
                                                  guint                 port,
                                                  GError              **error);
gboolean           lf_sandbox_is_running         (LfSandbox            *self);
const char        *lf_sandbox_get_url            (LfSandbox            *self);
void               lf_sandbox_serve_stream       (LfSandbox            *self,
                                                  GIOStream            *stream,
                                                  GSocketAddress       *remote);
guint              lf_sandbox_get_n_connections  (LfSandbox            *self);
guint              lf_sandbox_get_port           (LfSandbox            *self);
void               lf_sandbox_stop_async         (LfSandbox            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean           lf_sandbox_stop_finish        (LfSandbox            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
