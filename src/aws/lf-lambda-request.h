/* lf-lambda-request.h: what a Lambda call asks for, and the checks made before sending it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LF_LAMBDA_MAX_SYNC_PAYLOAD   (6 * 1024 * 1024)
#define LF_LAMBDA_MAX_ASYNC_PAYLOAD  (1024 * 1024)
#define LF_LAMBDA_MAX_CLIENT_CONTEXT 3583   /* bytes, once base64-encoded */

typedef enum
{
  LF_INVOCATION_REQUEST_RESPONSE,
  LF_INVOCATION_EVENT,
  LF_INVOCATION_DRY_RUN,
} LfInvocationType;

typedef enum
{
  LF_LOG_TYPE_NONE,
  LF_LOG_TYPE_TAIL,
} LfLogType;

typedef struct
{
  int          max_items;          /* 0: every function */
  gboolean     one_page;           /* one call only, its NextMarker kept (--no-paginate) */
  gboolean     all_versions;       /* FunctionVersion=ALL */
  const char  *master_region;      /* MasterRegion, or NULL */
} LfListFunctionsOptions;

typedef struct
{
  const char       *function_name;
  const char       *qualifier;       /* NULL: $LATEST */
  LfInvocationType  invocation_type;
  LfLogType         log_type;
  const char       *client_context;  /* a JSON object as text, or NULL */
  GBytes           *payload;         /* NULL: no payload */
} LfInvokeRequest;

/* Checks, before any request, what the API would refuse. */
gboolean        lf_lambda_validate_function_name        (const char             *name,
                                                         GError                **error);
gboolean        lf_lambda_validate_qualifier            (const char             *qualifier,
                                                         GError                **error);
gboolean        lf_lambda_validate_invoke_request       (const LfInvokeRequest  *request,
                                                         GError                **error);
const char     *lf_invocation_type_to_string            (LfInvocationType        type);
gboolean        lf_invocation_type_from_string          (const char             *text,
                                                         LfInvocationType       *type);

G_END_DECLS
