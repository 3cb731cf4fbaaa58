/* lf-run-error.c: an action's failure in the words of the person who runs the form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lf-aws-error.h"
#include "lf-form.h"
#include "lf-run-error.h"
#include "lf-template.h"

/* The message without the JSON path and position that lead it, starting with a capital. */
static char *
without_location (const GError *error)
{
  g_autofree char *sentence = lf_form_problem_dup_sentence (error);
  g_autofree char *first = NULL;

  if (sentence[0] == '\0' || !g_unichar_islower (g_utf8_get_char (sentence)))
    return g_steal_pointer (&sentence);
  first = g_utf8_strup (sentence, g_utf8_next_char (sentence) - sentence);
  return g_strconcat (first, g_utf8_next_char (sentence), NULL);
}

char *
lf_run_error_sentence (const GError *error)
{
  const char *said;

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, LF_AWS_ERROR, LF_AWS_ERROR_FUNCTION))
    {
      said = lf_aws_error_get_aws_message (error);
      return said ? g_strdup_printf (_("Execution failed: %s"), said)
                  : g_strdup (_("Execution failed: the function reported an error"));
    }
  if (g_error_matches (error, LF_TEMPLATE_ERROR, LF_TEMPLATE_ERROR_INVALID_JSON))
    return g_strdup (_("The payload is not valid JSON with what the form holds now"));
  /* What the service said is the service's own sentence. */
  if (error->domain == LF_AWS_ERROR && (said = lf_aws_error_get_aws_message (error)) != NULL)
    return g_strdup (said);
  return without_location (error);
}

JsonNode *
lf_run_error_to_json (const GError *error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *sentence = lf_run_error_sentence (error);
  const char *domain = "form";

  if (error->domain == LF_AWS_ERROR)
    domain = "aws";
  else if (error->domain == LF_TEMPLATE_ERROR)
    domain = "template";
  /* The sentence for the person running the form; the text for whoever built it. */
  json_object_set_string_member (object, "message", sentence);
  if (!g_str_equal (sentence, error->message))
    json_object_set_string_member (object, "detail", error->message);
  json_object_set_string_member (object, "domain", domain);
  json_object_set_int_member (object, "code", error->code);
  if (error->domain == LF_AWS_ERROR)
    {
      const char *aws_code = lf_aws_error_get_aws_code (error);
      const char *aws_message = lf_aws_error_get_aws_message (error);
      const char *request_id = lf_aws_error_get_request_id (error);

      if (aws_code != NULL)
        json_object_set_string_member (object, "aws_code", aws_code);
      /* The service's own sentence, whatever format it came in. */
      if (aws_message != NULL)
        json_object_set_string_member (object, "aws_message", aws_message);
      if (lf_aws_error_get_http_status (error) != 0)
        json_object_set_int_member (object, "http_status", lf_aws_error_get_http_status (error));
      if (request_id != NULL)
        json_object_set_string_member (object, "request_id", request_id);
      /* Not sent again behind the person's back: the view offers to run it again. */
      json_object_set_boolean_member (object, "may_have_run",
                                      lf_aws_error_get_may_have_run (error));
    }
  return json_node_init_object (json_node_alloc (), object);
}
