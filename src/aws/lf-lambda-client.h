/* lf-lambda-client.h: the AWS Lambda API over libsoup, on the GLib main loop
 *
 * The operations of the Lambda API as calls of an LfAwsClient (signing, sending, counting the
 * answer, retrying). What is retried after which failure, by lf-retry-policy.h:
 *
 *   operation                 │ not sent │ throttled │ 5xx       │ no answer │ lost mid-call
 *   ──────────────────────────┼──────────┼───────────┼───────────┼───────────┼──────────────
 *   ListFunctions             │ retry    │ retry     │ retry     │ retry     │ retry
 *   GetFunction, …Configuration│ retry   │ retry     │ retry     │ retry     │ retry
 *   DeleteFunction            │ retry    │ retry     │ retry     │ retry     │ retry
 *   Invoke (sync, Event, Dry) │ retry    │ retry     │ no        │ no        │ no
 *
 * "Throttled" is 429 and the throttling codes, and the environment-setup failures Lambda
 * raises before running anything (EC2ThrottledException, ENILimitReachedException,
 * SubnetIPAddressLimitReachedException). Any other 4xx is never retried. An Invoke that fails
 * after it may have run returns an error that says so (lf_aws_error_get_may_have_run()), with
 * its request id when there is one: running it again is the person's choice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lf-aws-client.h"
#include "lf-credentials-provider.h"
#include "lf-invoke-result.h"
#include "lf-lambda-request.h"

G_BEGIN_DECLS

/* What a streamed answer may weigh in all. */
#define LF_LAMBDA_MAX_STREAM_BYTES (200 * 1024 * 1024)

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
/* 0 leaves a timeout as it is; G_MAXUINT waits as long as it takes. An explicit read timeout
 * also bounds synchronous invocations, which otherwise wait for the function's own timeout
 * plus a margin. */
/* The name of the account the client signs for, as people call it (a named account, a
 * profile, "sandbox"): what the run history records. NULL until set. */
void            lf_lambda_client_set_account_name       (LfLambdaClient         *self,
                                                         const char             *name);
const char     *lf_lambda_client_get_account_name       (LfLambdaClient         *self);
void            lf_lambda_client_set_timeouts           (LfLambdaClient         *self,
                                                         guint                   connect_seconds,
                                                         guint                   read_seconds);
void            lf_lambda_client_set_max_response_bytes (LfLambdaClient         *self,
                                                         gsize                   max_bytes);
LfAwsClient    *lf_lambda_client_get_aws_client         (LfLambdaClient         *self);
guint           lf_lambda_client_lookup_function_timeout (LfLambdaClient        *self,
                                                         const char             *function_name,
                                                         const char             *qualifier);

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

/* The API's own object: Configuration, Code, Tags, Concurrency. Remembers the function's
 * timeout for the invocations that follow (see lf_lambda_client_invoke_async()). */
void            lf_lambda_client_get_function_async     (LfLambdaClient         *self,
                                                         const char             *function_name,
                                                         const char             *qualifier,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
JsonNode       *lf_lambda_client_get_function_finish    (LfLambdaClient         *self,
                                                         GAsyncResult           *result,
                                                         GError                **error);

/* The function's configuration alone (the "Configuration" of GetFunction), finished like
 * GetFunction with lf_lambda_client_get_function_finish(). */
void            lf_lambda_client_get_function_configuration_async  (LfLambdaClient      *self,
                                                                    const char          *function_name,
                                                                    const char          *qualifier,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);

/* A function error (X-Amz-Function-Error) is a failure: the error is LF_AWS_ERROR_FUNCTION
 * and @out_result (nullable) still receives what came back.
 *
 * A synchronous call waits for the function's configured timeout plus a margin: known from an
 * earlier GetFunction or GetFunctionConfiguration of this endpoint and account (remembered for
 * ten minutes), else asked for with GetFunctionConfiguration first (900 s when that is not
 * allowed). It is never cut short by a fixed 60 s, and never sent twice (see above). */
void            lf_lambda_client_invoke_async           (LfLambdaClient         *self,
                                                         const LfInvokeRequest  *request,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
LfInvokeResult *lf_lambda_client_invoke_finish          (LfLambdaClient         *self,
                                                         GAsyncResult           *result,
                                                         LfInvokeResult        **out_result,
                                                         GError                **error);

/* InvokeWithResponseStream: @chunk_func gets each PayloadChunk as it arrives (returning FALSE
 * stops the stream and closes the connection); the result has no payload, the stream's
 * figures, and InvokeComplete's log; its error, when the function failed, names ErrorCode and
 * ErrorDetails. RequestResponse or DryRun only. */
void            lf_lambda_client_invoke_stream_async    (LfLambdaClient         *self,
                                                         const LfInvokeRequest  *request,
                                                         LfAwsChunkFunc          chunk_func,
                                                         gpointer                chunk_data,
                                                         GDestroyNotify          chunk_destroy,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
LfInvokeResult *lf_lambda_client_invoke_stream_finish   (LfLambdaClient         *self,
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
JsonNode       *lf_lambda_client_describe_invoke_stream   (LfLambdaClient         *self,
                                                           const LfInvokeRequest  *request);

G_END_DECLS
