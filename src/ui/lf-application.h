/* lf-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lf-sandbox-process.h"
#include "lf-session.h"

G_BEGIN_DECLS

#define LF_TYPE_APPLICATION (lf_application_get_type ())

G_DECLARE_FINAL_TYPE (LfApplication, lf_application, LF, APPLICATION, AdwApplication)

LfApplication    *lf_application_new         (void);
/* What the app's windows share. */
LfSession        *lf_application_get_session (LfApplication *self);
/* The local sandbox, the account used when no other exists; started on first use. */
LfSandboxProcess *lf_application_get_sandbox (LfApplication *self);

G_END_DECLS
