/* lf-search.h: how the app's search fields match what a person types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @typed, ignoring case, is anywhere in one of the texts that follow (NULL ends them);
 * nothing typed matches everything. */
gboolean lf_search_matches (const char *typed,
                            ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
