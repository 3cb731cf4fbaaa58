/* fuzz-template.c: libFuzzer target for the template parser and evaluator
 *
 * Any text either parses or is refused with a positioned sentence; a parsed template renders
 * as text and as JSON over a fixed context without crashing, and JSON it renders parses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lf-template.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static const char *context_text =
  "{\"name\": {\"value\": \"Ada \\\"q\\\"\", \"text\": \"Ada\"}, \"n\": {\"value\": 2.5},"
  " \"list1\": {\"state\": \"succeeded\", \"data\": {\"Functions\": [{\"FunctionName\": \"a\"},"
  " {\"FunctionName\": \"b\"}]}}, \"obj\": {\"value\": {\"k\": [1, null, true]}}}";

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static JsonNode *context;
  static const char * const names[] = { "name", "n", "list1", "obj", NULL };
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfTemplate) template = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *rendered = NULL;
  g_autofree char *json = NULL;

  if (context == NULL)
    context = json_from_string (context_text, NULL);
  if (!g_utf8_validate (text, -1, NULL))
    return 0;

  template = lf_template_new (text, &error);
  if (template == NULL)
    {
      if (error == NULL || !g_ascii_isdigit (error->message[0]))
        abort ();
      return 0;
    }

  for (guint i = 0; i < lf_template_get_n_references (template); i++)
    {
      const LfTemplateReference *ref = lf_template_get_reference (template, i);

      if (ref->root == NULL || ref->line == 0 || ref->column == 0)
        abort ();
      lf_template_suggest (ref->root, names);
      lf_template_reads (template, ref->root, ref->member);
    }

  value = lf_template_evaluate (template, context, NULL);
  rendered = lf_template_render_text (template, context, NULL);
  lf_template_check_json (template, NULL);
  json = lf_template_render_json (template, context, NULL);
  if (json != NULL)
    {
      g_autoptr(JsonNode) parsed = json_from_string (json, NULL);

      if (parsed == NULL)
        abort ();
    }
  return 0;
}
