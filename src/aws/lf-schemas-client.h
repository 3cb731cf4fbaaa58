/* lf-schemas-client.h: the part of the EventBridge Schemas API that shareable test events use
 *
 * The Lambda console, SAM CLI and the AWS Toolkits keep a function's shareable test events in
 * the Schemas registry "lambda-testevent-schemas" (see src/events/lf-shared-events.h). This
 * client makes those calls: REST-JSON, signed for the service "schemas", retried by the same
 * policy table as Lambda's reads and idempotent writes.
 *
 * Every operation finishes with lf_schemas_client_call_finish (): the answer's JSON object, an
 * empty object for the operations that answer nothing. Lists gather every page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-aws-client.h"
#include "lf-lambda-client.h"

G_BEGIN_DECLS

#define LF_TYPE_SCHEMAS_CLIENT (lf_schemas_client_get_type ())

G_DECLARE_FINAL_TYPE (LfSchemasClient, lf_schemas_client, LF, SCHEMAS_CLIENT, GObject)

LfSchemasClient *lf_schemas_client_new                (LfCredentialsProvider  *provider,
                                                       const char             *region,
                                                       const char             *endpoint_url,
                                                       GError                **error);
/* A client for the same account and region as @lambda: AWS's Schemas endpoint when @lambda
 * speaks to AWS's own endpoint, else @lambda's endpoint (the sandbox serves both APIs). */
LfSchemasClient *lf_schemas_client_new_for_lambda     (LfLambdaClient         *lambda,
                                                       GError                **error);
LfAwsClient     *lf_schemas_client_get_aws_client     (LfSchemasClient        *self);

void             lf_schemas_client_describe_registry_async (LfSchemasClient     *self,
                                                       const char             *registry,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
void             lf_schemas_client_create_registry_async   (LfSchemasClient     *self,
                                                       const char             *registry,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
/* Every page: {"Schemas": [...]}. @prefix may be NULL. */
void             lf_schemas_client_list_schemas_async (LfSchemasClient        *self,
                                                       const char             *registry,
                                                       const char             *prefix,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
/* @version NULL: the latest. */
void             lf_schemas_client_describe_schema_async (LfSchemasClient     *self,
                                                       const char             *registry,
                                                       const char             *schema,
                                                       const char             *version,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
/* @type: "OpenApi3" or "JSONSchemaDraft4". */
void             lf_schemas_client_create_schema_async (LfSchemasClient       *self,
                                                       const char             *registry,
                                                       const char             *schema,
                                                       const char             *content,
                                                       const char             *type,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
void             lf_schemas_client_update_schema_async (LfSchemasClient       *self,
                                                       const char             *registry,
                                                       const char             *schema,
                                                       const char             *content,
                                                       const char             *type,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
void             lf_schemas_client_delete_schema_async (LfSchemasClient       *self,
                                                       const char             *registry,
                                                       const char             *schema,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
/* Every page: {"SchemaVersions": [...]}. */
void             lf_schemas_client_list_schema_versions_async (LfSchemasClient *self,
                                                       const char             *registry,
                                                       const char             *schema,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
void             lf_schemas_client_delete_schema_version_async (LfSchemasClient *self,
                                                       const char             *registry,
                                                       const char             *schema,
                                                       const char             *version,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
JsonNode        *lf_schemas_client_call_finish        (LfSchemasClient        *self,
                                                       GAsyncResult           *result,
                                                       GError                **error);

G_END_DECLS
