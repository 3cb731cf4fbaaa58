/* lf-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-sandbox-process.h"

G_BEGIN_DECLS

#define LF_TYPE_APPLICATION (lf_application_get_type ())

G_DECLARE_FINAL_TYPE (LfApplication, lf_application, LF, APPLICATION, AdwApplication)

LfApplication    *lf_application_new         (void);
/* The local sandbox, the account used when no other exists; started on first use. */
LfSandboxProcess *lf_application_get_sandbox (LfApplication *self);

G_END_DECLS
