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
add_argument (GString    *out,
              const char *text)
{
  g_autofree char *quoted = g_shell_quote (text);

  g_string_append_c (out, ' ');
  g_string_append (out, quoted);
}

static void
add_option (GString    *out,
            const char *option,
            const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, " %s", option);
  add_argument (out, value);
}

/* The words after the program that the AWS CLI and lambda-forms-cli share. */
static void
add_operation (GString    *out,
               const Call *call)
{
  static const struct { const char *operation; const char *command; } commands[] = {
    { "invoke", "invoke" }, { "list_functions", "list-functions" },
    { "get_function", "get-function" }, { "delete_function", "delete-function" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (call->operation, commands[i].operation))
      g_string_append_printf (out, " %s", commands[i].command);
  add_option (out, "--function-name", call->function);
  add_option (out, "--qualifier", call->qualifier);
  if (g_str_equal (call->operation, "invoke"))
    {
      add_option (out, "--invocation-type", call->invocation_type);
      if (g_strcmp0 (call->log_type, "Tail") == 0)
        add_option (out, "--log-type", "Tail");
      add_option (out, "--payload", call->payload);
    }
}

static void
add_place (GString    *out,
           const Call *call)
{
  g_autofree char *url = is_aws_host (call->host) ? NULL : endpoint_url (call);

  add_option (out, "--region", call->region);
  add_option (out, "--endpoint-url", url);
}

static char *
aws_command (const Call *call)
{
  GString *out = g_string_new ("aws lambda");

  add_operation (out, call);
  if (g_str_equal (call->operation, "invoke"))
    g_string_append (out, " --cli-binary-format raw-in-base64-out");
  add_place (out, call);
  /* As the AWS CLI wants: the answer goes to a file. */
  if (g_str_equal (call->operation, "invoke"))
    g_string_append (out, " response.json");
  return g_string_free (out, FALSE);
}

static char *
cli_command (const Call *call)
{
  GString *out = g_string_new ("lambda-forms-cli");

  add_operation (out, call);
  add_place (out, call);
  return g_string_free (out, FALSE);
}

/* The recorded request as it went: method, URL, the headers that say what it is, the body.
 * Signing is curl's, with the credentials of the environment. */
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

  add_option (out, "--request", call->method);
  add_option (out, "--aws-sigv4", sigv4);
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
      add_option (out, "--header", header);
    }
  if (call->payload != NULL && g_str_equal (call->method, "POST"))
    add_option (out, "--data-binary", call->payload);
  add_argument (out, url);
  return g_string_free (out, FALSE);
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
