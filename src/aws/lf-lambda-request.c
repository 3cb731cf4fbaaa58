/* lf-lambda-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-lambda"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-aws-error.h"
#include "lf-endpoint.h"
#include "lf-json-util.h"
#include "lf-lambda-request.h"

/* Validation *************************************************************************/

const char *
lf_invocation_type_to_string (LfInvocationType type)
{
  switch (type)
    {
    case LF_INVOCATION_EVENT:
      return "Event";
    case LF_INVOCATION_DRY_RUN:
      return "DryRun";
    case LF_INVOCATION_REQUEST_RESPONSE:
    default:
      return "RequestResponse";
    }
}

gboolean
lf_invocation_type_from_string (const char       *text,
                                LfInvocationType *type)
{
  for (LfInvocationType t = LF_INVOCATION_REQUEST_RESPONSE; t <= LF_INVOCATION_DRY_RUN; t++)
    {
      if (text != NULL && g_ascii_strcasecmp (text, lf_invocation_type_to_string (t)) == 0)
        {
          *type = t;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
lf_lambda_validate_function_name (const char  *name,
                                  GError     **error)
{
  static GRegex *pattern;
  gsize length;

  /* The API's pattern for FunctionName: a name, a partial ARN or a full ARN, with an
   * optional ":qualifier". */
  if (g_once_init_enter (&pattern))
    {
      GRegex *compiled =
        g_regex_new ("^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?"
                     "(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?$",
                     G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&pattern, compiled);
    }

  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                           _("The function name is empty"));
      return FALSE;
    }

  length = strlen (name);
  if (length > 170)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("The function name is %zu characters long; Lambda accepts at most 64 for a "
                     "name and 170 for an ARN"), length);
      return FALSE;
    }

  if (!g_regex_match (pattern, name, 0, NULL))
    {
      g_autofree char *shown = g_strescape (name, NULL);
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("“%s” is not a function name: use letters, digits, “-” and “_” (or a function "
                     "ARN), without spaces"), shown);
      return FALSE;
    }

  {
    /* The name part itself is at most 64 characters. */
    g_autofree char *copy = g_strdup (name);
    char *last = copy;
    char **parts = g_strsplit (copy, ":", -1);
    guint n = g_strv_length (parts);

    if (n == 1 || (n == 2 && !g_str_has_prefix (name, "arn:")))
      last = parts[0];
    else if (n >= 3)
      {
        /* …:function:NAME[:QUALIFIER] */
        for (guint i = 0; i + 1 < n; i++)
          if (g_str_equal (parts[i], "function"))
            last = parts[i + 1];
      }
    if (strlen (last) > 64)
      {
        g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                     _("The function name “%s” is longer than 64 characters"), last);
        g_strfreev (parts);
        return FALSE;
      }
    g_strfreev (parts);
  }

  return TRUE;
}

gboolean
lf_lambda_validate_qualifier (const char  *qualifier,
                              GError     **error)
{
  if (qualifier == NULL)
    return TRUE;

  if (qualifier[0] == '\0' || strlen (qualifier) > 128)
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                           _("The qualifier (version or alias) must be 1 to 128 characters long"));
      return FALSE;
    }

  for (const char *p = qualifier; *p; p++)
    {
      if (!(g_ascii_isalnum (*p) || *p == '$' || *p == '_' || *p == '-'))
        {
          g_autofree char *shown = g_strescape (qualifier, NULL);
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("“%s” is not a version or alias: use letters, digits, “$”, “-” and “_”"),
                       shown);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
lf_lambda_validate_invoke_request (const LfInvokeRequest  *request,
                                   GError                **error)
{
  gsize limit;
  gsize size = 0;
  const char *data = NULL;

  if (!lf_lambda_validate_function_name (request->function_name, error) ||
      !lf_lambda_validate_qualifier (request->qualifier, error))
    return FALSE;

  if (request->payload != NULL)
    data = g_bytes_get_data (request->payload, &size);

  limit = request->invocation_type == LF_INVOCATION_EVENT ? LF_LAMBDA_MAX_ASYNC_PAYLOAD
                                                          : LF_LAMBDA_MAX_SYNC_PAYLOAD;
  if (size > limit)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_PAYLOAD_TOO_LARGE,
                   request->invocation_type == LF_INVOCATION_EVENT
                     ? _("The payload is %zu bytes; Lambda accepts at most %u MB (%zu bytes) "
                         "for asynchronous (Event) invocations")
                     : _("The payload is %zu bytes; Lambda accepts at most %u MB (%zu bytes) "
                         "for synchronous invocations"),
                   size, (guint) (limit / (1024 * 1024)), limit);
      return FALSE;
    }

  if (size > 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) payload = lf_json_parse (data, size, &local_error);

      if (payload == NULL)
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("The payload is not valid JSON: %s"), local_error->message);
          return FALSE;
        }
    }

  if (request->client_context != NULL)
    {
      g_autoptr(JsonNode) context = lf_json_parse (request->client_context, -1, NULL);
      gsize length = strlen (request->client_context);
      gsize encoded = 4 * ((length + 2) / 3);

      if (context == NULL || !JSON_NODE_HOLDS_OBJECT (context))
        {
          g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                               _("The client context must be a JSON object"));
          return FALSE;
        }
      if (encoded > LF_LAMBDA_MAX_CLIENT_CONTEXT)
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("The client context is %zu bytes once base64-encoded; Lambda accepts at "
                         "most %d"), encoded, LF_LAMBDA_MAX_CLIENT_CONTEXT);
          return FALSE;
        }
    }

  return TRUE;
}

