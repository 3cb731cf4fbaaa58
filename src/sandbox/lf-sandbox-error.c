/* lf-sandbox-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "lf-json-util.h"
#include "lf-sandbox-error.h"

G_DEFINE_QUARK (lf-sandbox-error-quark, lf_sandbox_error)

static const struct
{
  LfSandboxError code;
  guint status;
  const char *exception;
  const char *type;
} aws_errors[] = {
  { LF_SANDBOX_ERROR_NOT_FOUND, 404, "ResourceNotFoundException", "User" },
  { LF_SANDBOX_ERROR_THROTTLED, 429, "TooManyRequestsException", "User" },
  { LF_SANDBOX_ERROR_MISSING_AUTHENTICATION, 403, "MissingAuthenticationTokenException", NULL },
  { LF_SANDBOX_ERROR_INCOMPLETE_SIGNATURE, 400, "IncompleteSignatureException", NULL },
  { LF_SANDBOX_ERROR_UNRECOGNIZED_CLIENT, 403, "UnrecognizedClientException", NULL },
  { LF_SANDBOX_ERROR_INVALID_SIGNATURE, 403, "InvalidSignatureException", NULL },
  { LF_SANDBOX_ERROR_INVALID_PARAMETER, 400, "InvalidParameterValueException", "User" },
  { LF_SANDBOX_ERROR_REQUEST_TOO_LARGE, 413, "RequestTooLargeException", "User" },
  { LF_SANDBOX_ERROR_INVALID_CONTENT, 400, "InvalidRequestContentException", "User" },
  { LF_SANDBOX_ERROR_UNKNOWN_OPERATION, 404, "UnknownOperationException", NULL },
  { LF_SANDBOX_ERROR_STOPPED, 503, "ServiceUnavailableException", "Service" },
};

/* The HTTP status, AWS exception name and error "Type" a client is told for @error. Errors of
 * other domains, and internal codes, are the service's fault: 500 ServiceException. */
const char *
lf_sandbox_error_to_aws (const GError *error,
                         guint        *status,
                         const char  **type)
{
  if (error != NULL && error->domain == LF_SANDBOX_ERROR)
    {
      for (guint i = 0; i < G_N_ELEMENTS (aws_errors); i++)
        {
          if (aws_errors[i].code == (LfSandboxError) error->code)
            {
              *status = aws_errors[i].status;
              *type = aws_errors[i].type;
              return aws_errors[i].exception;
            }
        }
    }

  *status = 500;
  *type = "Service";
  return "ServiceException";
}

GBytes *
lf_sandbox_error_document_new (const char *error_type,
                               const char *error_message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  g_return_val_if_fail (error_message != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errorMessage");
  json_builder_add_string_value (builder, error_message);
  if (error_type != NULL)
    {
      json_builder_set_member_name (builder, "errorType");
      json_builder_add_string_value (builder, error_type);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = lf_json_to_text (root, 0);

  return g_bytes_new_take (text, strlen (text));
}
