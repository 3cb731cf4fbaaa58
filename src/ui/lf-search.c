/* lf-search.c: how the app's search fields match what a person types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "lf-search.h"

gboolean
lf_search_matches (const char *typed,
                   ...)
{
  g_autofree char *needle = NULL;
  gboolean found = FALSE;
  const char *text;
  va_list args;

  if (typed == NULL || *typed == '\0')
    return TRUE;
  needle = g_utf8_casefold (typed, -1);
  va_start (args, typed);
  while (!found && (text = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (text, -1);

      found = strstr (folded, needle) != NULL;
    }
  va_end (args);
  return found;
}
