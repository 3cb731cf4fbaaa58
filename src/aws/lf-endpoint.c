/* lf-endpoint.c: Lambda regions, partitions and endpoint URLs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-endpoint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <gio/gio.h>

#include "lf-aws-error.h"
#include "lf-endpoint.h"

/* Every region where Lambda runs, by partition. Opt-in regions are listed too: an account
 * that has not enabled one gets the service's own error, which says so. */
static const LfRegion regions[] = {
  { "us-east-1", "US East (N. Virginia)", "aws" },
  { "us-east-2", "US East (Ohio)", "aws" },
  { "us-west-1", "US West (N. California)", "aws" },
  { "us-west-2", "US West (Oregon)", "aws" },
  { "af-south-1", "Africa (Cape Town)", "aws" },
  { "ap-east-1", "Asia Pacific (Hong Kong)", "aws" },
  { "ap-east-2", "Asia Pacific (Taipei)", "aws" },
  { "ap-south-1", "Asia Pacific (Mumbai)", "aws" },
  { "ap-south-2", "Asia Pacific (Hyderabad)", "aws" },
  { "ap-southeast-1", "Asia Pacific (Singapore)", "aws" },
  { "ap-southeast-2", "Asia Pacific (Sydney)", "aws" },
  { "ap-southeast-3", "Asia Pacific (Jakarta)", "aws" },
  { "ap-southeast-4", "Asia Pacific (Melbourne)", "aws" },
  { "ap-southeast-5", "Asia Pacific (Malaysia)", "aws" },
  { "ap-southeast-6", "Asia Pacific (New Zealand)", "aws" },
  { "ap-southeast-7", "Asia Pacific (Thailand)", "aws" },
  { "ap-northeast-1", "Asia Pacific (Tokyo)", "aws" },
  { "ap-northeast-2", "Asia Pacific (Seoul)", "aws" },
  { "ap-northeast-3", "Asia Pacific (Osaka)", "aws" },
  { "ca-central-1", "Canada (Central)", "aws" },
  { "ca-west-1", "Canada West (Calgary)", "aws" },
  { "eu-central-1", "Europe (Frankfurt)", "aws" },
  { "eu-central-2", "Europe (Zurich)", "aws" },
  { "eu-west-1", "Europe (Ireland)", "aws" },
  { "eu-west-2", "Europe (London)", "aws" },
  { "eu-west-3", "Europe (Paris)", "aws" },
  { "eu-south-1", "Europe (Milan)", "aws" },
  { "eu-south-2", "Europe (Spain)", "aws" },
  { "eu-north-1", "Europe (Stockholm)", "aws" },
  { "il-central-1", "Israel (Tel Aviv)", "aws" },
  { "me-south-1", "Middle East (Bahrain)", "aws" },
  { "me-central-1", "Middle East (UAE)", "aws" },
  { "mx-central-1", "Mexico (Central)", "aws" },
  { "sa-east-1", "South America (São Paulo)", "aws" },
  { "cn-north-1", "China (Beijing)", "aws-cn" },
  { "cn-northwest-1", "China (Ningxia)", "aws-cn" },
  { "us-gov-west-1", "AWS GovCloud (US-West)", "aws-us-gov" },
  { "us-gov-east-1", "AWS GovCloud (US-East)", "aws-us-gov" },
  { "eusc-de-east-1", "AWS European Sovereign Cloud (Germany)", "aws-eusc" },
};

static const struct { const char *partition; const char *dns_suffix; } partitions[] = {
  { "aws", "amazonaws.com" },
  { "aws-cn", "amazonaws.com.cn" },
  { "aws-us-gov", "amazonaws.com" },
  { "aws-eusc", "amazonaws.eu" },
};

const LfRegion *
lf_regions_get_all (guint *n_regions)
{
  if (n_regions != NULL)
    *n_regions = G_N_ELEMENTS (regions);
  return regions;
}

const LfRegion *
lf_region_lookup (const char *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (strcmp (regions[i].id, id) == 0)
      return &regions[i];
  return NULL;
}

const char *
lf_region_get_dns_suffix (const LfRegion *region)
{
  for (guint i = 0; i < G_N_ELEMENTS (partitions); i++)
    if (strcmp (partitions[i].partition, region->partition) == 0)
      return partitions[i].dns_suffix;
  return "amazonaws.com";
}

/* Region names are lowercase words and digits joined by dashes ("us-gov-west-1"); a custom
 * endpoint may use any such name (LocalStack accepts made-up ones). */
static gboolean
region_is_well_formed (const char *region)
{
  gboolean has_dash = FALSE;

  if (region == NULL || region[0] == '\0' || region[0] == '-' || strlen (region) > 64)
    return FALSE;
  for (const char *p = region; *p; p++)
    {
      if (*p == '-')
        {
          if (p[1] == '-' || p[1] == '\0')
            return FALSE;
          has_dash = TRUE;
        }
      else if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p)))
        return FALSE;
    }
  return has_dash;
}

static const char *
closest_region (const char *region)
{
  const char *best = NULL;
  guint best_score = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      /* Cheap likeness: length of the common prefix, penalised by length difference. */
      const char *id = regions[i].id;
      guint common = 0;
      guint score;

      while (id[common] && region[common] && id[common] == g_ascii_tolower (region[common]))
        common++;
      score = (guint) ABS ((int) strlen (id) - (int) strlen (region)) + 2 * (strlen (id) - common);
      if (score < best_score)
        {
          best_score = score;
          best = id;
        }
    }

  return best_score <= 6 ? best : NULL;
}

gboolean
lf_region_validate (const char  *region,
                    GError     **error)
{
  const char *suggestion;

  if (lf_region_lookup (region) != NULL)
    return TRUE;

  if (region == NULL || region[0] == '\0')
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                           _("No region is set: choose one such as us-east-1"));
      return FALSE;
    }

  suggestion = closest_region (region);
  if (suggestion != NULL)
    g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                 _("“%s” is not a region where Lambda runs; did you mean %s?"), region, suggestion);
  else
    g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                 _("“%s” is not a region where Lambda runs"), region);
  return FALSE;
}

gboolean
lf_endpoint_url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host;
  g_autoptr(GInetAddress) address = NULL;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

char *
lf_endpoint_dup_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  int port = uri ? g_uri_get_port (uri) : -1;

  if (host == NULL)
    return g_strdup ("");
  if (strchr (host, ':') != NULL)
    return port > 0 ? g_strdup_printf ("[%s]:%d", host, port) : g_strdup_printf ("[%s]", host);
  return port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);
}

gboolean
lf_endpoint_validate_url (const char  *url,
                          gboolean     allow_plain_http,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || url[0] == '\0')
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                           _("The endpoint URL is empty"));
      return FALSE;
    }

  if (strstr (url, "://") == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("The endpoint URL “%s” has no scheme: write it as https://%s"), url, url);
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("The endpoint URL “%s” is not a valid URL: %s"), url, local_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("The endpoint URL “%s” must start with https:// or http://"), url);
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0')
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("The endpoint URL “%s” has no host"), url);
      return FALSE;
    }

  for (const char *p = host; *p; p++)
    {
      if (!(g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == ':' || *p == '[' ||
            *p == ']' || *p == '_'))
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("The host “%s” of the endpoint URL holds a space or a character a host "
                         "name cannot have"), host);
          return FALSE;
        }
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("The endpoint URL “%s” may not have a query or a fragment"), url);
      return FALSE;
    }

  if (!allow_plain_http && g_ascii_strcasecmp (scheme, "http") == 0 &&
      !lf_endpoint_url_is_loopback (url))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                   _("The endpoint URL “%s” uses plain http to another machine: use https, or "
                     "allow plain http explicitly"), url);
      return FALSE;
    }

  return TRUE;
}

char *
lf_endpoint_resolve (const char  *region,
                     const char  *custom_url,
                     GError     **error)
{
  return lf_endpoint_resolve_service ("lambda", region, custom_url, error);
}

/* The base URL of @service (its endpoint prefix: lambda, schemas, sts…) in @region. */
char *
lf_endpoint_resolve_service (const char  *service,
                             const char  *region,
                             const char  *custom_url,
                             GError     **error)
{
  const LfRegion *known;

  if (custom_url != NULL && custom_url[0] != '\0')
    {
      gsize len;

      if (!lf_endpoint_validate_url (custom_url, TRUE, error))
        return NULL;
      if (!region_is_well_formed (region))
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT,
                       _("“%s” is not a region name (such as us-east-1)"), region ? region : "");
          return NULL;
        }
      /* Paths are appended to the base: keep it without a trailing slash. */
      len = strlen (custom_url);
      while (len > 0 && custom_url[len - 1] == '/')
        len--;
      return g_strndup (custom_url, len);
    }

  if (!lf_region_validate (region, error))
    return NULL;

  known = lf_region_lookup (region);
  return g_strdup_printf ("https://%s.%s.%s", service, known->id, lf_region_get_dns_suffix (known));
}
