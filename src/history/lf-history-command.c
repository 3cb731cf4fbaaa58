/* lf-history-command.c: a recorded run as a command a colleague can paste into bash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-history-command.h"
#include "lf-history.h"
#include "lf-json-util.h"

static const char * const command_names[] = { "aws", "curl", "cli", NULL };

gboolean
lf_history_command_from_string (const char       *text,
                                LfHistoryCommand *command)
{
  for (guint i = 0; text != NULL && command_names[i]; i++)
    if (g_str_equal (text, command_names[i]))
      {
        *command = (LfHistoryCommand) i;
        return TRUE;
      }
  return FALSE;
}

/* What a command needs of the run, read once. */
typedef struct
{
  const char *operation;
  const char *method;
  const char *path;
  const char *host;
  const char *region;
  const char *function;
  const char *qualifier;
  const char *invocation_type;
  const char *log_type;
  JsonObject *headers;
  char       *payload;      /* the body sent, as text, or NULL */
} Call;

static void
call_clear (Call *call)
{
  g_free (call->payload);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Call, call_clear)

static const char *
string_of (JsonObject *object,
           const char *member)
{
  return object ? lf_json_object_get_string_member_or_null (object, member) : NULL;
}

static gboolean
read_call (JsonObject  *run,
           Call        *call,
           GError     **error)
{
  JsonNode *node = json_object_get_member (run, "request");
  JsonObject *request = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                              : NULL;
  JsonNode *headers = request ? json_object_get_member (request, "headers") : NULL;
  JsonNode *payload = request ? json_object_get_member (request, "payload") : NULL;

  call->operation = string_of (request, "operation");
  call->method = string_of (request, "method");
  call->path = string_of (request, "path");
  call->host = string_of (request, "host");
  call->region = string_of (request, "region");
  call->function = string_of (request, "function_name");
  call->qualifier = string_of (request, "qualifier");
  call->invocation_type = string_of (request, "invocation_type");
  call->log_type = string_of (request, "log_type");
  call->headers = headers && JSON_NODE_HOLDS_OBJECT (headers) ? json_node_get_object (headers)
                                                              : NULL;
  if (payload != NULL)
    call->payload = JSON_NODE_HOLDS_VALUE (payload) &&
                    json_node_get_value_type (payload) == G_TYPE_STRING
                    ? g_strdup (json_node_get_string (payload))
                    : lf_json_to_text (payload, 0);
  if (call->operation == NULL || call->method == NULL || call->path == NULL ||
      call->host == NULL)
    {
      g_set_error (error, LF_HISTORY_ERROR, LF_HISTORY_ERROR_FAILED,
                   _("This run was recorded without its request, so it cannot be written as a "
                     "command"));
      return FALSE;
    }
  return TRUE;
}

/* AWS's own endpoints need no --endpoint-url; anything else is named, on loopback as plain
 * HTTP (the sandbox), elsewhere as HTTPS. */
static gboolean
is_aws_host (const char *host)
{
  return g_str_has_suffix (host, ".amazonaws.com") || g_str_has_suffix (host, ".amazonaws.com.cn");
}

static char *
endpoint_url (const Call *call)
{
  gboolean loopback = g_str_has_prefix (call->host, "127.") ||
                      g_str_has_prefix (call->host, "localhost") ||
                      g_str_has_prefix (call->host, "[::1]");

  return g_strconcat (loopback ? "http://" : "https://", call->host, NULL);
}

static void
add_option (GPtrArray  *words,
            const char *option,
            const char *value)
{
  if (value == NULL)
    return;
  g_ptr_array_add (words, g_strdup (option));
  g_ptr_array_add (words, g_strdup (value));
}

/* The words after the program that the AWS CLI and lambda-forms-cli share: the command, its
 * options, the region and, for an endpoint that is not AWS's, its URL. */
static gboolean
is_invoke (const Call *call)
{
  return g_str_equal (call->operation, "Invoke") ||
         g_str_equal (call->operation, "InvokeWithResponseStream");
}

static GPtrArray *
operation_words (const Call *call)
{
  static const struct { const char *operation; const char *command; } commands[] = {
    { "Invoke", "invoke" }, { "InvokeWithResponseStream", "invoke-with-response-stream" },
    { "ListFunctions", "list-functions" },
    { "GetFunction", "get-function" }, { "DeleteFunction", "delete-function" },
  };
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *url = is_aws_host (call->host) ? NULL : endpoint_url (call);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (call->operation, commands[i].operation))
      g_ptr_array_add (words, g_strdup (commands[i].command));
  add_option (words, "--function-name", call->function);
  add_option (words, "--qualifier", call->qualifier);
  if (is_invoke (call))
    {
      add_option (words, "--invocation-type", call->invocation_type);
      if (g_strcmp0 (call->log_type, "Tail") == 0)
        add_option (words, "--log-type", "Tail");
      add_option (words, "--payload", call->payload);
    }
  add_option (words, "--region", call->region);
  add_option (words, "--endpoint-url", url);
  return words;
}

/* @text as bash reads it back: bare when it is plain (a command, an option, a name), else
 * in g_shell_quote's quotes. */
static char *
shell_word (const char *text)
{
  gboolean plain = *text != '\0';

  for (const char *p = text; *p && plain; p++)
    plain = g_ascii_isalnum (*p) || strchr ("_./:=@%+,-", *p) != NULL;
  return plain ? g_strdup (text) : g_shell_quote (text);
}

/* @program, then @words quoted for bash. */
static char *
join_quoted (const char *program,
             GPtrArray  *words)
{
  GString *out = g_string_new (program);

  for (guint i = 0; i < words->len; i++)
    {
      g_autofree char *quoted = shell_word (words->pdata[i]);

      g_string_append_c (out, ' ');
      g_string_append (out, quoted);
    }
  return g_string_free (out, FALSE);
}

static char *
aws_command (const Call *call)
{
  g_autoptr(GPtrArray) words = operation_words (call);
  gboolean invoke = is_invoke (call);

  /* The AWS CLI has no streaming command: its invoke takes the same answer whole. */
  if (g_str_equal (call->operation, "InvokeWithResponseStream"))
    {
      g_free (words->pdata[0]);
      words->pdata[0] = g_strdup ("invoke");
    }
  /* As version 2 of the AWS CLI wants: the payload read as the JSON it is, the answer to a
   * file. */
  if (invoke)
    {
      g_ptr_array_insert (words, 1, g_strdup ("--cli-binary-format"));
      g_ptr_array_insert (words, 2, g_strdup ("raw-in-base64-out"));
      g_ptr_array_add (words, g_strdup ("response.json"));
    }
  return join_quoted ("aws lambda", words);
}

static char *
cli_command (const Call *call)
{
  g_autoptr(GPtrArray) words = operation_words (call);

  return join_quoted ("lambda-forms-cli", words);
}

/* The recorded request as it went: method, URL, the headers that say what it is, the body.
 * Signing is curl's, with the credentials of the environment. */
static void
append_quoted (GString    *out,
               const char *option,
               const char *value)
{
  g_autofree char *quoted = shell_word (value);

  if (option != NULL)
    g_string_append_printf (out, " %s", option);
  g_string_append_printf (out, " %s", quoted);
}

static char *
curl_command (const Call *call)
{
  static const char * const kept[] = { "content-type", "x-amz-invocation-type",
                                       "x-amz-log-type", "x-amz-client-context", NULL };
  GString *out = g_string_new ("curl --silent --show-error");
  g_autofree char *sigv4 = g_strdup_printf ("aws:amz:%s:lambda",
                                            call->region ? call->region : "us-east-1");
  g_autofree char *base = endpoint_url (call);
  g_autofree char *url = g_strconcat (base, call->path, NULL);
  g_autoptr(GList) names = call->headers ? json_object_get_members (call->headers) : NULL;

  append_quoted (out, "--request", call->method);
  append_quoted (out, "--aws-sigv4", sigv4);
  g_string_append (out, " --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"");
  g_string_append (out, " ${AWS_SESSION_TOKEN:+--header \"X-Amz-Security-Token: "
                        "$AWS_SESSION_TOKEN\"}");
  for (GList *l = names; l; l = l->next)
    {
      g_autofree char *lower = g_ascii_strdown (l->data, -1);
      g_autofree char *header = NULL;

      if (!g_strv_contains (kept, lower))
        continue;
      header = g_strdup_printf ("%s: %s", (const char *) l->data,
                                string_of (call->headers, l->data));
      append_quoted (out, "--header", header);
    }
  if (call->payload != NULL && g_str_equal (call->method, "POST"))
    append_quoted (out, "--data-binary", call->payload);
  append_quoted (out, NULL, url);
  return g_string_free (out, FALSE);
}

GStrv
lf_history_command_argv (JsonObject  *run,
                         GError     **error)
{
  g_auto(Call) call = { 0 };
  g_autoptr(GPtrArray) words = NULL;

  g_return_val_if_fail (run != NULL, NULL);

  if (!read_call (run, &call, error))
    return NULL;
  words = operation_words (&call);
  g_ptr_array_set_free_func (words, NULL);
  g_ptr_array_add (words, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

char *
lf_history_command_for (JsonObject        *run,
                        LfHistoryCommand   command,
                        GError           **error)
{
  g_auto(Call) call = { 0 };

  g_return_val_if_fail (run != NULL, NULL);

  if (!read_call (run, &call, error))
    return NULL;
  switch (command)
    {
    case LF_HISTORY_COMMAND_AWS:
      return aws_command (&call);
    case LF_HISTORY_COMMAND_CURL:
      return curl_command (&call);
    case LF_HISTORY_COMMAND_CLI:
      return cli_command (&call);
    default:
      g_return_val_if_reached (NULL);
    }
}
