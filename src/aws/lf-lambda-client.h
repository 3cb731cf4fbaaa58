/* lf-lambda-client.h: the AWS Lambda API over libsoup, on the GLib main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lf-credentials-provider.h"

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

#define LF_TYPE_INVOKE_RESULT (lf_invoke_result_get_type ())

typedef struct
{
  guint     status_code;
  char     *function_error;     /* "Unhandled", "Handled", or NULL */
  char     *executed_version;
  GBytes   *payload;
  char     *log_result;         /* decoded log tail, or NULL */
  char     *request_id;
  gboolean  has_report;         /* the REPORT line was found in the log */
  double    duration_ms;
  double    billed_duration_ms;
  double    memory_size_mb;
  double    max_memory_used_mb;
  double    init_duration_ms;   /* 0 when warm */
  double    round_trip_ms;      /* measured here, retries included */
  guint     attempts;
} LfInvokeResult;

GType           lf_invoke_result_get_type  (void) G_GNUC_CONST;
LfInvokeResult *lf_invoke_result_copy      (const LfInvokeResult *result);
void            lf_invoke_result_free      (LfInvokeResult       *result);
/* Parses a log tail's REPORT line into @result's figures. */
void            lf_invoke_result_parse_report (LfInvokeResult    *result,
                                               const char        *log);
JsonNode       *lf_invoke_result_to_json   (const LfInvokeResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfInvokeResult, lf_invoke_result_free)

/* Called with each page of ListFunctions as it arrives (a JSON array of functions). */
typedef void (*LfFunctionsPageFunc) (JsonArray *functions,
                                     gpointer   user_data);

#define LF_TYPE_LAMBDA_CLIENT (lf_lambda_client_get_type ())

G_DECLARE_FINAL_TYPE (LfLambdaClient, lf_lambda_client, LF, LAMBDA_CLIENT, GObject)

LfLambdaClient *lf_lambda_client_new                    (LfCredentialsProvider  *provider,
                                                         const char             *region,
                                                         const char             *endpoint_url,
                                                         GError                **error);
const char     *lf_lambda_client_get_region             (LfLambdaClient         *self);
const char     *lf_lambda_client_get_endpoint           (LfLambdaClient         *self);
void            lf_lambda_client_set_max_attempts       (LfLambdaClient         *self,
                                                         guint                   max_attempts);
/* Scales every retry delay: tests set it near 0. */
void            lf_lambda_client_set_backoff_scale      (LfLambdaClient         *self,
                                                         double                  scale);
void            lf_lambda_client_set_timeouts           (LfLambdaClient         *self,
                                                         guint                   connect_seconds,
                                                         guint                   request_seconds,
                                                         guint                   invoke_seconds);

/* Trusts the certificate authorities of a PEM file (instead of the system's) for this client. */
gboolean        lf_lambda_client_set_ca_file            (LfLambdaClient         *self,
                                                         const char             *path,
                                                         GError                **error);

/* Every page, merged into one object {"Functions": [...]} as the AWS CLI prints it. */
void            lf_lambda_client_list_functions_async   (LfLambdaClient                *self,
                                                         const LfListFunctionsOptions  *options,
                                                         LfFunctionsPageFunc            page_func,
                                                         gpointer                       page_data,
                                                         GDestroyNotify                 page_destroy,
                                                         GCancellable                  *cancellable,
                                                         GAsyncReadyCallback            callback,
                                                         gpointer                       user_data);
JsonNode       *lf_lambda_client_list_functions_finish  (LfLambdaClient         *self,
                                                         GAsyncResult           *result,
                                                         GError                **error);

/* The API's own object: Configuration, Code, Tags, Concurrency. */
void            lf_lambda_client_get_function_async     (LfLambdaClient         *self,
                                                         const char             *function_name,
                                                         const char             *qualifier,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
JsonNode       *lf_lambda_client_get_function_finish    (LfLambdaClient         *self,
                                                         GAsyncResult           *result,
                                                         GError                **error);

/* A function error (X-Amz-Function-Error) is a failure: the error is LF_AWS_ERROR_FUNCTION
 * and @out_result (nullable) still receives what came back. */
void            lf_lambda_client_invoke_async           (LfLambdaClient         *self,
                                                         const LfInvokeRequest  *request,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
LfInvokeResult *lf_lambda_client_invoke_finish          (LfLambdaClient         *self,
                                                         GAsyncResult           *result,
                                                         LfInvokeResult        **out_result,
                                                         GError                **error);

void            lf_lambda_client_delete_function_async  (LfLambdaClient         *self,
                                                         const char             *function_name,
                                                         const char             *qualifier,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
gboolean        lf_lambda_client_delete_function_finish (LfLambdaClient         *self,
                                                         GAsyncResult           *result,
                                                         GError                **error);

/* What a call sends, with nothing secret in it (the signature, its date and any session token
 * are added only as it is sent), for a person to read:
 *   {"method", "path" (with its query, encoded as on the wire), "host", "region",
 *    "headers": {name: value}}
 * The body is not included. ListFunctions describes its first page. (transfer full) */
JsonNode       *lf_lambda_client_describe_list_functions  (LfLambdaClient         *self,
                                                           const LfListFunctionsOptions *options);
JsonNode       *lf_lambda_client_describe_get_function    (LfLambdaClient         *self,
                                                           const char             *function_name,
                                                           const char             *qualifier);
JsonNode       *lf_lambda_client_describe_delete_function (LfLambdaClient         *self,
                                                           const char             *function_name,
                                                           const char             *qualifier);
JsonNode       *lf_lambda_client_describe_invoke          (LfLambdaClient         *self,
                                                           const LfInvokeRequest  *request);

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
