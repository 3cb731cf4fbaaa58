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
