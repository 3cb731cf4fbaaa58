/* lf-form-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-form"

#include "config.h"

#include "lf-form-error.h"

G_DEFINE_QUARK (lf-form-error-quark, lf_form_error)
