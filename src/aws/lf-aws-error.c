/* lf-aws-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-aws-error"

#include "config.h"

#include "lf-aws-error.h"

G_DEFINE_QUARK (lf-aws-error-quark, lf_aws_error)
