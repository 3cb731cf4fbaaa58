/* fuzz-form-loader.c: libFuzzer target for the .lambdaform loader
 *
 * Whatever the bytes, loading must not crash; a form it accepts (perhaps with problems it lists,
 * since a form always opens) must save to text that loads again, lists the same problems and
 * saves to the very same text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lf-form.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LfForm) form = NULL;
  g_autoptr(LfForm) again = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) problems_again = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *resaved = NULL;

  form = lf_form_new_from_data ((const char *) data, size, &error);
  if (form == NULL)
    {
      /* Every refusal is a sentence in the form's own domain. */
      if (error == NULL || error->domain != LF_FORM_ERROR || error->message[0] == '\0')
        abort ();
      return 0;
    }

  problems = lf_form_list_problems (form);
  saved = lf_form_to_data (form, NULL);
  again = lf_form_new_from_data (saved, -1, &error);
  if (again == NULL)
    abort ();
  problems_again = lf_form_list_problems (again);
  if (problems_again->len != problems->len)
    abort ();
  resaved = lf_form_to_data (again, NULL);
  if (strcmp (saved, resaved) != 0)
    abort ();
  return 0;
}
