/* lf-cli-sign.c: `lambda-forms-cli sign`, the signer as a filter of JSON lines
 *
 * It is how other signers are compared with ours: one request a line in, one signature a line
 * out, in the same order. A bad line gets an error object on its output line (so the lines
 * stay aligned) and a sentence on stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "lf-json-util.h"
#include "lf-cli.h"
#include "lf-signer.h"

static const char sign_help[] = N_(
  "Usage: lambda-forms-cli sign < requests.jsonl\n"
  "\n"
  "Reads one request a line as JSON:\n"
  "  {\"method\", \"url\", \"headers\": [[name, value], …], \"body_base64\", \"region\",\n"
  "   \"service\", \"access_key_id\", \"secret_access_key\", \"session_token\" (optional),\n"
  "   \"amz_date\": \"YYYYMMDDTHHMMSSZ\"}\n"
  "and prints one JSON object a line with canonical_request, string_to_sign, signed_headers,\n"
  "authorization and headers (every header to send). The secret key is never printed.\n");

static gboolean
get_string_member (JsonObject  *object,
                   const char  *name,
                   gboolean     required,
                   const char **out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("the member “%s” is missing"), name);
          return FALSE;
        }
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the member “%s” must be a string"), name);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
decode_base64 (const char  *text,
               GBytes     **out,
               GError     **error)
{
  gsize len = strlen (text);
  guchar *data;
  gsize data_len = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];
      if (!(g_ascii_isalnum (c) || c == '+' || c == '/' || c == '='))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“body_base64” is not valid base64 (character %zu)"), i + 1);
          return FALSE;
        }
    }
  if (len % 4 != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("“body_base64” is not valid base64 (its length is not a multiple of "
                             "4)"));
      return FALSE;
    }

  data = len > 0 ? g_base64_decode (text, &data_len) : NULL;
  *out = g_bytes_new_take (data, data_len);
  return TRUE;
}

static gboolean
parse_headers (JsonObject  *object,
               GArray      *headers,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, "headers");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("“headers” must be an array of [name, value] pairs"));
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *pair = json_array_get_element (array, i);
      JsonArray *pair_array;
      JsonNode *name;
      JsonNode *value;
      LfHeader header;

      if (!JSON_NODE_HOLDS_ARRAY (pair) ||
          json_array_get_length (pair_array = json_node_get_array (pair)) != 2 ||
          json_node_get_value_type (name = json_array_get_element (pair_array, 0)) != G_TYPE_STRING ||
          json_node_get_value_type (value = json_array_get_element (pair_array, 1)) != G_TYPE_STRING)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“headers[%u]” must be a pair of strings [name, value]"), i);
          return FALSE;
        }

      header.name = (char *) json_node_get_string (name);
      header.value = (char *) json_node_get_string (value);
      g_array_append_val (headers, header);
    }

  return TRUE;
}

static JsonNode *
sign_line (LfSigner    *signer,
           const char  *line,
           GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (LfHeader));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) local_error = NULL;
  LfSignRequest request = { 0 };
  const char *body_base64 = NULL;
  const char *access_key_id = NULL;
  const char *secret_access_key = NULL;
  const char *session_token = NULL;
  JsonObject *object;

  root = lf_json_parse (line, -1, &local_error);
  if (root == NULL && !g_error_matches (local_error, LF_JSON_ERROR, LF_JSON_ERROR_EMPTY))
    {
      guint column = 0;

      /* The parser's sentence may quote the text, which holds a secret: its place only. */
      lf_json_error_get_position (local_error, NULL, &column);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("not valid JSON (at character %u)"), column);
      return NULL;
    }

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("each line must be one JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!get_string_member (object, "method", TRUE, &request.method, error) ||
      !get_string_member (object, "url", TRUE, &request.url, error) ||
      !get_string_member (object, "region", TRUE, &request.region, error) ||
      !get_string_member (object, "service", TRUE, &request.service, error) ||
      !get_string_member (object, "amz_date", TRUE, &request.amz_date, error) ||
      !get_string_member (object, "access_key_id", TRUE, &access_key_id, error) ||
      !get_string_member (object, "secret_access_key", TRUE, &secret_access_key, error) ||
      !get_string_member (object, "session_token", FALSE, &session_token, error) ||
      !get_string_member (object, "body_base64", FALSE, &body_base64, error) ||
      !parse_headers (object, headers, error))
    return NULL;

  if (!decode_base64 (body_base64 ? body_base64 : "", &body, error))
    return NULL;

  if (!lf_credentials_validate (access_key_id, secret_access_key, error))
    return NULL;

  credentials = lf_credentials_new (access_key_id, secret_access_key, session_token, NULL);
  request.headers = (const LfHeader *) (gpointer) headers->data;
  request.n_headers = headers->len;
  request.body = g_bytes_get_data (body, &request.body_length);

  signature = lf_signer_sign (signer, &request, credentials, error);
  if (signature == NULL)
    return NULL;

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "canonical_request");
  json_builder_add_string_value (builder, signature->canonical_request);
  json_builder_set_member_name (builder, "string_to_sign");
  json_builder_add_string_value (builder, signature->string_to_sign);
  json_builder_set_member_name (builder, "signed_headers");
  json_builder_add_string_value (builder, signature->signed_headers);
  json_builder_set_member_name (builder, "authorization");
  json_builder_add_string_value (builder, signature->authorization);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  /* Everything that goes on the wire: the given headers less those the signer writes
   * itself, then the signer's. */
  for (guint i = 0; i < headers->len + signature->n_headers; i++)
    {
      const LfHeader *header = i < headers->len ? &g_array_index (headers, LfHeader, i)
                                                : &signature->headers[i - headers->len];

      if (i < headers->len && lf_signer_owns_header (header->name, lf_credentials_get_session_token (credentials) != NULL))
        continue;

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, header->name);
      json_builder_add_string_value (builder, header->value);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

int
lf_cli_sign (int    argc,
             char **argv)
{
  g_autoptr(LfSigner) signer = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *line = NULL;
  size_t capacity = 0;
  ssize_t length;
  guint line_number = 0;
  guint n_failed = 0;

  if (argc > 1)
    {
      if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
        {
          fputs (_(sign_help), stdout);
          return LF_EXIT_OK;
        }
      fprintf (stderr, _("lambda-forms-cli sign: unexpected argument “%s”\n\n%s"), argv[1],
               _(sign_help));
      return LF_EXIT_USAGE;
    }

  signer = lf_signer_new ();

  while ((length = getline (&line, &capacity, stdin)) >= 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) result = NULL;
      g_autofree char *text = NULL;

      line_number++;
      g_strchomp (line);
      if (line[0] == '\0')
        continue;

      result = sign_line (signer, line, &error);
      if (result == NULL)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

          n_failed++;
          fprintf (stderr, _("lambda-forms-cli sign: line %u: %s\n"), line_number, error->message);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "line");
          json_builder_add_int_value (builder, line_number);
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, error->message);
          json_builder_end_object (builder);
          result = json_builder_get_root (builder);
        }

      json_generator_set_root (generator, result);
      text = json_generator_to_data (generator, NULL);
      puts (text);
    }

  /* getline's buffer held secrets. */
  if (line != NULL)
    explicit_bzero (line, capacity);
  free (line);
  fflush (stdout);

  return n_failed > 0 ? LF_EXIT_FAILURE : LF_EXIT_OK;
}
