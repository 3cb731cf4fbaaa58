/* lf-endpoint.h: Lambda regions, partitions and endpoint URLs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *id;            /* eu-west-1 */
  const char *name;          /* Europe (Ireland) */
  const char *partition;     /* aws, aws-cn, aws-us-gov, aws-eusc */
} LfRegion;

const LfRegion *lf_regions_get_all          (guint       *n_regions);
const LfRegion *lf_region_lookup            (const char  *id);
const char     *lf_region_get_dns_suffix    (const LfRegion *region);

/* The base URL for @region, or @custom_url (validated) when given. */
char           *lf_endpoint_resolve         (const char  *region,
                                             const char  *custom_url,
                                             GError     **error);
char           *lf_endpoint_resolve_service (const char  *service,
                                             const char  *region,
                                             const char  *custom_url,
                                             GError     **error);
gboolean        lf_endpoint_validate_url    (const char  *url,
                                             gboolean     allow_plain_http,
                                             GError     **error);
gboolean        lf_endpoint_url_is_loopback (const char  *url);
/* The URL's host and port as a request view shows them ("[::1]:8080"); "" when it has none. */
char           *lf_endpoint_dup_host        (const char  *url);
gboolean        lf_region_validate          (const char  *region,
                                             GError     **error);

G_END_DECLS
