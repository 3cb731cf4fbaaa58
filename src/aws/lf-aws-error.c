/* lf-aws-error.c: reading AWS's error answers into GErrors a person understands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-aws-error"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "lf-json-util.h"
#include "lf-aws-error.h"
#include "lf-aws-xml.h"

typedef struct
{
  char *aws_code;
  char *aws_message;
  char *request_id;
  guint http_status;
  gboolean may_have_run;
  guint attempts;
} LfAwsErrorPrivate;

static void
lf_aws_error_private_init (LfAwsErrorPrivate *priv)
{
}

static void
lf_aws_error_private_copy (const LfAwsErrorPrivate *src,
                           LfAwsErrorPrivate       *dest)
{
  dest->aws_code = g_strdup (src->aws_code);
  dest->aws_message = g_strdup (src->aws_message);
  dest->request_id = g_strdup (src->request_id);
  dest->http_status = src->http_status;
  dest->may_have_run = src->may_have_run;
  dest->attempts = src->attempts;
}

static void
lf_aws_error_private_clear (LfAwsErrorPrivate *priv)
{
  g_clear_pointer (&priv->aws_code, g_free);
  g_clear_pointer (&priv->aws_message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

/* Extended, so that the AWS code, status and request id travel with the error itself. */
G_DEFINE_EXTENDED_ERROR (LfAwsError, lf_aws_error)

static LfAwsErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != LF_AWS_ERROR)
    return NULL;
  return lf_aws_error_get_private (error);
}

void
lf_aws_error_set_details (GError     *error,
                          const char *aws_code,
                          guint       http_status,
                          const char *request_id)
{
  LfAwsErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  g_free (priv->aws_code);
  priv->aws_code = g_strdup (aws_code);
  priv->http_status = http_status;
  g_free (priv->request_id);
  priv->request_id = g_strdup (request_id);
}

void
lf_aws_error_set_aws_message (GError     *error,
                              const char *message)
{
  LfAwsErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  g_free (priv->aws_message);
  priv->aws_message = g_strdup (message);
}

const char *
lf_aws_error_get_aws_code (const GError *error)
{
  LfAwsErrorPrivate *priv = get_private (error);
  return priv ? priv->aws_code : NULL;
}

const char *
lf_aws_error_get_aws_message (const GError *error)
{
  LfAwsErrorPrivate *priv = get_private (error);
  return priv ? priv->aws_message : NULL;
}

guint
lf_aws_error_get_http_status (const GError *error)
{
  LfAwsErrorPrivate *priv = get_private (error);
  return priv ? priv->http_status : 0;
}

const char *
lf_aws_error_get_request_id (const GError *error)
{
  LfAwsErrorPrivate *priv = get_private (error);
  return priv ? priv->request_id : NULL;
}

/* Set when the call failed after the request may have reached a function: the person, not a
 * retry, decides whether it runs again. */
void
lf_aws_error_set_may_have_run (GError   *error,
                               gboolean  may_have_run)
{
  LfAwsErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);
  priv->may_have_run = may_have_run;
}

gboolean
lf_aws_error_get_may_have_run (const GError *error)
{
  LfAwsErrorPrivate *priv = get_private (error);
  return priv ? priv->may_have_run : FALSE;
}

/* How many times the request was sent (or tried) before this error was given up on. */
void
lf_aws_error_set_attempts (GError *error,
                           guint   attempts)
{
  LfAwsErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);
  priv->attempts = attempts;
}

guint
lf_aws_error_get_attempts (const GError *error)
{
  LfAwsErrorPrivate *priv = get_private (error);
  return priv ? priv->attempts : 0;
}

static const char * const throttling_codes[] = {
  "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
  "TooManyRequestsException", "ProvisionedThroughputExceededException",
  "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
  "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
  "EC2ThrottledException",
};

gboolean
lf_aws_error_is_throttling (const char *aws_code,
                            guint       http_status)
{
  if (http_status == 429)
    return TRUE;
  if (aws_code == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (throttling_codes); i++)
    if (strcmp (aws_code, throttling_codes[i]) == 0)
      return TRUE;
  return FALSE;
}

LfAwsErrorCode
lf_aws_error_code_for (guint       http_status,
                       const char *aws_code)
{
  static const struct { const char *code; LfAwsErrorCode error; } by_code[] = {
    { "ResourceNotFoundException", LF_AWS_ERROR_NOT_FOUND },
    { "AccessDeniedException", LF_AWS_ERROR_ACCESS_DENIED },
    { "AccessDenied", LF_AWS_ERROR_ACCESS_DENIED },
    { "InvalidSignatureException", LF_AWS_ERROR_ACCESS_DENIED },
    { "SignatureDoesNotMatch", LF_AWS_ERROR_ACCESS_DENIED },
    { "UnrecognizedClientException", LF_AWS_ERROR_ACCESS_DENIED },
    { "MissingAuthenticationTokenException", LF_AWS_ERROR_ACCESS_DENIED },
    { "IncompleteSignature", LF_AWS_ERROR_ACCESS_DENIED },
    { "ExpiredTokenException", LF_AWS_ERROR_ACCESS_DENIED },
    { "InvalidClientTokenId", LF_AWS_ERROR_ACCESS_DENIED },
    { "RequestTooLargeException", LF_AWS_ERROR_PAYLOAD_TOO_LARGE },
    { "ServiceException", LF_AWS_ERROR_SERVICE },
    { "InternalFailure", LF_AWS_ERROR_SERVICE },
    { "ServiceUnavailableException", LF_AWS_ERROR_SERVICE },
  };

  if (lf_aws_error_is_throttling (aws_code, http_status))
    return LF_AWS_ERROR_THROTTLED;

  if (aws_code != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (by_code); i++)
      if (strcmp (aws_code, by_code[i].code) == 0)
        return by_code[i].error;

  if (http_status == 404)
    return LF_AWS_ERROR_NOT_FOUND;
  if (http_status == 401 || http_status == 403)
    return LF_AWS_ERROR_ACCESS_DENIED;
  if (http_status == 413)
    return LF_AWS_ERROR_PAYLOAD_TOO_LARGE;
  if (http_status >= 400 && http_status < 500)
    return LF_AWS_ERROR_INVALID_REQUEST;

  return LF_AWS_ERROR_SERVICE;
}

/* "ResourceNotFoundException:http://internal.amazon.com/coral/…" and
 * "aws.protocoltests#FooError" both name the code before their separator. */
static char *
clean_error_type (const char *raw)
{
  const char *hash;
  const char *colon;

  if (raw == NULL || *raw == '\0')
    return NULL;

  hash = strrchr (raw, '#');
  if (hash != NULL)
    raw = hash + 1;
  colon = strchr (raw, ':');

  return g_strstrip (colon ? g_strndup (raw, colon - raw) : g_strdup (raw));
}

static const char *
first_string_member (JsonObject         *object,
                     const char * const *names)
{
  for (guint i = 0; names[i]; i++)
    {
      JsonNode *node = json_object_get_member (object, names[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        return json_node_get_string (node);
    }
  return NULL;
}

static const char *
sentence_for (LfAwsErrorCode code)
{
  switch (code)
    {
    case LF_AWS_ERROR_NOT_FOUND:
      return _("The function or resource was not found");
    case LF_AWS_ERROR_ACCESS_DENIED:
      return _("AWS refused the credentials or their permissions");
    case LF_AWS_ERROR_THROTTLED:
      return _("AWS is limiting the rate of requests; try again shortly");
    case LF_AWS_ERROR_PAYLOAD_TOO_LARGE:
      return _("The request is larger than Lambda accepts");
    case LF_AWS_ERROR_INVALID_REQUEST:
      return _("Lambda refused the request");
    case LF_AWS_ERROR_SERVICE:
      return _("The Lambda service failed");
    case LF_AWS_ERROR_INVALID_INPUT:
    case LF_AWS_ERROR_CREDENTIALS:
    case LF_AWS_ERROR_FUNCTION:
    case LF_AWS_ERROR_TRANSPORT:
    case LF_AWS_ERROR_CANCELLED:
    default:
      return _("The request failed");
    }
}

/* What the service said, whatever the format: each reader fills what it finds. */
typedef struct
{
  char *code;
  char *message;
  char *request_id;
} Said;

static void
said_clear (Said *said)
{
  g_free (said->code);
  g_free (said->message);
  g_free (said->request_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Said, said_clear)

/* restJson and awsJson: x-amzn-ErrorType wins; then __type/code; message in any case. */
static gboolean
read_json (GBytes *body,
           Said   *said)
{
  static const char * const code_members[] = { "__type", "code", "Code", "Type", NULL };
  static const char * const message_members[] = { "message", "Message", "errorMessage", NULL };
  g_autoptr(JsonNode) root = lf_json_parse_bytes (body, NULL);
  JsonObject *object;
  const char *type;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  type = first_string_member (object, code_members);
  /* "Type" is also Lambda's fault class ("User", "Service"); only take it as the code when
   * nothing better names it. */
  if (said->code == NULL && type != NULL &&
      !(g_str_equal (type, "User") || g_str_equal (type, "Service")))
    said->code = clean_error_type (type);
  said->message = g_strdup (first_string_member (object, message_members));
  return TRUE;
}

/* awsQuery and restXml (STS, S3, many proxies): <ErrorResponse><Error><Code>… or <Error>…:
 * the first Code, Message and RequestId elements, wherever they are. */
static gboolean
read_xml (GBytes *body,
          Said   *said)
{
  static const char * const names[] = { "Code", "Message", "RequestId", NULL };
  g_autoptr(GHashTable) found = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  const char *code;
  const char *message;
  const char *request_id;

  if (data == NULL || !g_utf8_validate_len (data, size, NULL))
    return FALSE;
  found = lf_aws_xml_read_elements (body, names, NULL);
  code = found ? g_hash_table_lookup (found, "Code") : NULL;
  if (code == NULL)
    return FALSE;
  message = g_hash_table_lookup (found, "Message");
  request_id = g_hash_table_lookup (found, "RequestId");
  if (said->code == NULL)
    said->code = g_strstrip (g_strdup (code));
  said->message = message ? g_strstrip (g_strdup (message)) : NULL;
  if (said->request_id == NULL && request_id != NULL)
    said->request_id = g_strstrip (g_strdup (request_id));
  return TRUE;
}

#define TEXT_EXCERPT_BYTES 300

/* Anything else (an HTML page from a load balancer, plain text from a proxy): the text
 * without its tags, white space folded, the first few hundred bytes. */
static char *
text_excerpt (GBytes *body)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = NULL;
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  gboolean in_tag = FALSE;
  gboolean space = FALSE;

  if (data == NULL || size == 0)
    return NULL;
  valid = g_utf8_make_valid (data, MIN (size, 64 * 1024));
  for (const char *p = valid; *p != '\0' && out->len < TEXT_EXCERPT_BYTES; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>' && in_tag)
        {
          in_tag = FALSE;
          space = TRUE;
        }
      else if (!in_tag && g_ascii_isspace (*p))
        space = TRUE;
      else if (!in_tag)
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  /* Never end inside a character. */
  while (out->len > 0 && !g_utf8_validate_len (out->str, out->len, NULL))
    g_string_truncate (out, out->len - 1);
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/**
 * lf_aws_error_new_from_response:
 * @reason: (nullable): the status line's phrase ("Bad Gateway")
 *
 * Reads the code and AWS's own sentence from an error answer in any format: restJson or
 * awsJson, XML (ErrorResponse, Error), or anything else (then the status line and the first
 * few hundred bytes of the text).
 */
GError *
lf_aws_error_new_from_response (guint       http_status,
                                const char *reason,
                                const char *error_type_header,
                                const char *request_id,
                                GBytes     *body)
{
  g_auto(Said) said = { clean_error_type (error_type_header), NULL, g_strdup (request_id) };
  LfAwsErrorPrivate *priv;
  LfAwsErrorCode code;
  GError *error;

  if (body != NULL && !read_json (body, &said) && !read_xml (body, &said))
    {
      g_autofree char *excerpt = text_excerpt (body);

      if (excerpt != NULL && reason != NULL && *reason != '\0')
        said.message = g_strdup_printf ("%u %s: %s", http_status, reason, excerpt);
      else if (excerpt != NULL)
        said.message = g_steal_pointer (&excerpt);
    }
  if (said.message == NULL && said.code == NULL && reason != NULL && *reason != '\0')
    said.message = g_strdup_printf ("%u %s", http_status, reason);

  code = lf_aws_error_code_for (http_status, said.code);
  if (said.code != NULL && said.message != NULL)
    error = g_error_new (LF_AWS_ERROR, code, "%s: %s (%s, HTTP %u)", sentence_for (code),
                         said.message, said.code, http_status);
  else if (said.code != NULL)
    error = g_error_new (LF_AWS_ERROR, code, "%s (%s, HTTP %u)", sentence_for (code), said.code,
                         http_status);
  else if (said.message != NULL)
    error = g_error_new (LF_AWS_ERROR, code, "%s: %s", sentence_for (code), said.message);
  else
    error = g_error_new (LF_AWS_ERROR, code, "%s (HTTP %u)", sentence_for (code), http_status);

  priv = get_private (error);
  priv->aws_code = g_steal_pointer (&said.code);
  priv->aws_message = g_steal_pointer (&said.message);
  priv->request_id = g_steal_pointer (&said.request_id);
  priv->http_status = http_status;

  return error;
}

gboolean
lf_aws_error_is_clock_skew (const GError *error)
{
  const char *code = lf_aws_error_get_aws_code (error);
  const char *message = lf_aws_error_get_aws_message (error);

  if (code == NULL)
    return FALSE;

  if (g_str_equal (code, "RequestTimeTooSkewed") || g_str_equal (code, "RequestExpired") ||
      g_str_equal (code, "RequestInTheFuture"))
    return TRUE;

  return g_str_equal (code, "InvalidSignatureException") && message != NULL &&
         (strstr (message, "Signature expired") != NULL ||
          strstr (message, "Signature not yet current") != NULL);
}
