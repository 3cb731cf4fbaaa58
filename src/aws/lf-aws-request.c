/* lf-aws-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-aws"

#include "config.h"

#include <string.h>

#include "lf-aws-request.h"

struct _LfAwsRequest
{
  char *method;
  char *path_and_query;
  LfCallKind kind;
  GPtrArray *names;
  GPtrArray *values;
  GBytes *body;
  guint read_timeout;
  gsize max_response_bytes;
};

LfAwsRequest *
lf_aws_request_new (const char *method,
                    const char *path_and_query,
                    LfCallKind  kind)
{
  LfAwsRequest *self = g_new0 (LfAwsRequest, 1);

  g_return_val_if_fail (method != NULL && path_and_query != NULL, NULL);

  self->method = g_strdup (method);
  self->path_and_query = g_strdup (path_and_query);
  self->kind = kind;
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->values = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
lf_aws_request_free (LfAwsRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->method);
  g_free (self->path_and_query);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->values);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

void
lf_aws_request_add_header (LfAwsRequest *self,
                           const char   *name,
                           const char   *value)
{
  g_ptr_array_add (self->names, g_strdup (name));
  g_ptr_array_add (self->values, g_strdup (value));
}

void
lf_aws_request_set_body (LfAwsRequest *self,
                         GBytes       *body,
                         const char   *content_type)
{
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body ? g_bytes_ref (body) : NULL;
  if (content_type != NULL)
    lf_aws_request_add_header (self, "Content-Type", content_type);
}

void
lf_aws_request_set_read_timeout (LfAwsRequest *self,
                                 guint         seconds)
{
  self->read_timeout = seconds;
}

const char *
lf_aws_request_get_method (const LfAwsRequest *self)
{
  return self->method;
}

const char *
lf_aws_request_get_path (const LfAwsRequest *self)
{
  return self->path_and_query;
}

LfCallKind
lf_aws_request_get_kind (const LfAwsRequest *self)
{
  return self->kind;
}

guint
lf_aws_request_get_read_timeout (const LfAwsRequest *self)
{
  return self->read_timeout;
}

void
lf_aws_request_set_max_response_bytes (LfAwsRequest *self,
                                       gsize         max_bytes)
{
  self->max_response_bytes = max_bytes;
}

gsize
lf_aws_request_get_max_response_bytes (const LfAwsRequest *self)
{
  return self->max_response_bytes;
}

LfSignature *
lf_aws_request_sign (const LfAwsRequest  *self,
                     LfSigner            *signer,
                     const char          *url,
                     const char          *region,
                     const char          *service,
                     const char          *amz_date,
                     LfCredentials       *credentials,
                     GError             **error)
{
  g_autofree LfHeader *headers = g_new0 (LfHeader, MAX (self->names->len, 1));
  LfSignRequest sign = { 0 };
  gsize body_length = 0;

  for (guint i = 0; i < self->names->len; i++)
    {
      headers[i].name = g_ptr_array_index (self->names, i);
      headers[i].value = g_ptr_array_index (self->values, i);
    }
  sign.method = self->method;
  sign.url = url;
  sign.headers = headers;
  sign.n_headers = self->names->len;
  sign.body = self->body ? g_bytes_get_data (self->body, &body_length) : NULL;
  sign.body_length = body_length;
  sign.region = region;
  sign.service = service;
  sign.amz_date = amz_date;
  return lf_signer_sign (signer, &sign, credentials, error);
}

SoupMessage *
lf_aws_request_new_message (const LfAwsRequest *self,
                            const char         *url,
                            const LfSignature  *signature)
{
  g_autoptr(SoupMessage) message = soup_message_new (self->method, url);
  SoupMessageHeaders *sent;

  if (message == NULL)
    return NULL;
  sent = soup_message_get_request_headers (message);
  for (guint i = 0; i < self->names->len; i++)
    soup_message_headers_replace (sent, g_ptr_array_index (self->names, i),
                                  g_ptr_array_index (self->values, i));
  for (guint i = 0; i < signature->n_headers; i++)
    {
      /* libsoup writes Host from the URL itself, the same value the signer derived. */
      if (g_ascii_strcasecmp (signature->headers[i].name, "Host") != 0)
        soup_message_headers_replace (sent, signature->headers[i].name,
                                      signature->headers[i].value);
    }
  if (self->body != NULL)
    {
      /* A copy: setting the body replaces the Content-Type header the pointer would read. */
      g_autofree char *content_type = g_strdup (soup_message_headers_get_one (sent,
                                                                             "Content-Type"));

      soup_message_set_request_body_from_bytes (message, content_type, self->body);
    }
  return g_steal_pointer (&message);
}

JsonNode *
lf_aws_request_describe (const LfAwsRequest *self,
                         const char         *host,
                         const char         *region)
{
  static const char * const secret_headers[] = { "authorization", "x-amz-security-token", NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, self->method);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, self->path_and_query);
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, host);
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, region);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->names->len; i++)
    {
      g_autofree char *lower = g_ascii_strdown (g_ptr_array_index (self->names, i), -1);

      if (g_strv_contains (secret_headers, lower))
        continue;
      json_builder_set_member_name (builder, g_ptr_array_index (self->names, i));
      json_builder_add_string_value (builder, g_ptr_array_index (self->values, i));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
lf_aws_escape_segment (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

void
lf_aws_append_query (GString    *path,
                     const char *key,
                     const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_c (path, strchr (path->str, '?') ? '&' : '?');
  g_string_append (path, key);
  g_string_append_c (path, '=');
  g_string_append (path, escaped);
}
