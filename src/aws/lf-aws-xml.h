/* lf-aws-xml.h: the text of named elements of an AWS XML answer (awsQuery, restXml)
 *
 * GMarkup reads what these answers need: for each name asked for, the text of the first
 * element of that name, wherever it stands, its pieces (around entities, CDATA) joined. The
 * text may be a secret (a SecretAccessKey), so the table wipes its values when freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @names: NULL-terminated, and alive as long as the table (its keys are these strings).
 * Returns: element name → text, for the names found; NULL with @error when @body is not XML */
GHashTable *lf_aws_xml_read_elements (GBytes             *body,
                                      const char * const *names,
                                      GError            **error);

G_END_DECLS
