/* lf-form-error.h: the error domain of form documents and their runtime
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LF_FORM_ERROR (lf_form_error_quark ())

typedef enum
{
  LF_FORM_ERROR_IO,             /* the file could not be read or written */
  LF_FORM_ERROR_PARSE,          /* the file is not JSON */
  LF_FORM_ERROR_VERSION,        /* written by a newer LambdaForms */
  LF_FORM_ERROR_INVALID,        /* JSON, but not a valid form: a path and a sentence */
  LF_FORM_ERROR_REFERENCE,      /* a template names what does not exist, or a cycle */
  LF_FORM_ERROR_NOT_FOUND,      /* no control or action of that name */
  LF_FORM_ERROR_ACCOUNT,        /* no client for the action's account */
} LfFormErrorCode;

GQuark lf_form_error_quark (void);

G_END_DECLS
