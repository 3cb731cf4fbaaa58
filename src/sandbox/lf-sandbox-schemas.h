/* lf-sandbox-schemas.h: the sandbox's EventBridge Schemas registry, the subset test events use
 *
 *   GET    /v1/registries/name/R                         DescribeRegistry
 *   POST   /v1/registries/name/R                         CreateRegistry
 *   GET    /v1/registries/name/R/schemas                 ListSchemas (limit, nextToken, prefix)
 *   GET    /v1/registries/name/R/schemas/name/S          DescribeSchema (schemaVersion)
 *   POST   /v1/registries/name/R/schemas/name/S          CreateSchema
 *   PUT    /v1/registries/name/R/schemas/name/S          UpdateSchema (a new version)
 *   DELETE /v1/registries/name/R/schemas/name/S          DeleteSchema
 *   GET    /v1/registries/name/R/schemas/name/S/versions ListSchemaVersions
 *   DELETE /v1/registries/name/R/schemas/name/S/version/V  DeleteSchemaVersion
 *   POST   /v1/discover                                  GetDiscoveredSchema
 *
 * Requests are signed for the service "schemas"; errors are {"Code", "Message"} with the
 * exception in x-amzn-ErrorType, as the service answers. With a file set, the registries are
 * kept in it and outlive the sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LF_SANDBOX_SCHEMAS_PREFIX "/v1/"

typedef struct
{
  guint status;
  JsonNode *body;        /* NULL for an answer without one */
  const char *code;      /* an error's exception, else NULL */
} LfSchemasAnswer;

#define LF_TYPE_SANDBOX_SCHEMAS (lf_sandbox_schemas_get_type ())

G_DECLARE_FINAL_TYPE (LfSandboxSchemas, lf_sandbox_schemas, LF, SANDBOX_SCHEMAS, GObject)

LfSandboxSchemas *lf_sandbox_schemas_new       (const char        *region,
                                                const char        *account_id);
/* Loads @path when it exists, and writes every change to it from then on. */
gboolean          lf_sandbox_schemas_set_file  (LfSandboxSchemas  *self,
                                                const char        *path,
                                                GError           **error);
/* @path is under LF_SANDBOX_SCHEMAS_PREFIX; @query may be NULL. Fills @answer. */
void              lf_sandbox_schemas_handle    (LfSandboxSchemas  *self,
                                                const char        *method,
                                                const char        *path,
                                                GHashTable        *query,
                                                GBytes            *body,
                                                LfSchemasAnswer   *answer);

G_END_DECLS
