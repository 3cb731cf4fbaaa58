/* test-endpoint.c: Lambda regions, partitions and endpoint URLs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lf-aws-error.h"
#include "lf-endpoint.h"

/* Passes when @message mentions one of @words, compared without case. */
static void
assert_mentions_any (const char  *message,
                     const char **words)
{
  g_autofree char *lower = g_ascii_strdown (message, -1);

  for (guint i = 0; words[i]; i++)
    {
      g_autofree char *word = g_ascii_strdown (words[i], -1);

      if (strstr (lower, word) != NULL)
        return;
    }
  g_test_fail_printf ("“%s” names none of the expected words (first: “%s”)", message, words[0]);
}

typedef struct
{
  const char *region;
  const char *url;
  const char *partition;
} AwsEndpoint;

static const AwsEndpoint aws_endpoints[] = {
  { "eu-west-1", "https://lambda.eu-west-1.amazonaws.com", "aws" },
  { "us-east-1", "https://lambda.us-east-1.amazonaws.com", "aws" },
  { "ap-southeast-5", "https://lambda.ap-southeast-5.amazonaws.com", "aws" },
  { "il-central-1", "https://lambda.il-central-1.amazonaws.com", "aws" },
  { "cn-north-1", "https://lambda.cn-north-1.amazonaws.com.cn", "aws-cn" },
  { "cn-northwest-1", "https://lambda.cn-northwest-1.amazonaws.com.cn", "aws-cn" },
  { "us-gov-west-1", "https://lambda.us-gov-west-1.amazonaws.com", "aws-us-gov" },
  { "us-gov-east-1", "https://lambda.us-gov-east-1.amazonaws.com", "aws-us-gov" },
};

static void
test_resolve_region (gconstpointer data)
{
  const AwsEndpoint *e = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lf_endpoint_resolve (e->region, NULL, &error);
  const LfRegion *region;

  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, e->url);

  region = lf_region_lookup (e->region);
  g_assert_nonnull (region);
  g_assert_cmpstr (region->id, ==, e->region);
  g_assert_cmpstr (region->partition, ==, e->partition);
  g_assert_true (lf_region_validate (e->region, &error));
  g_assert_no_error (error);
}

static void
test_dns_suffix (void)
{
  g_assert_cmpstr (lf_region_get_dns_suffix (lf_region_lookup ("eu-west-1")), ==, "amazonaws.com");
  g_assert_cmpstr (lf_region_get_dns_suffix (lf_region_lookup ("cn-north-1")), ==, "amazonaws.com.cn");
  g_assert_cmpstr (lf_region_get_dns_suffix (lf_region_lookup ("us-gov-west-1")), ==, "amazonaws.com");
}

static void
test_unknown_region (void)
{
  const char *bad[] = { "xx-nowhere-9", "us-east-99", "eu_west_1", "EU-WEST-1x", "us east 1" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = lf_endpoint_resolve (bad[i], NULL, &error);

      g_assert_null (url);
      g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
      if (strstr (error->message, bad[i]) == NULL)
        g_test_fail_printf ("the error “%s” does not name the region “%s”", error->message, bad[i]);
      g_clear_error (&error);

      g_assert_null (lf_region_lookup (bad[i]));
      g_assert_false (lf_region_validate (bad[i], &error));
      g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
    }
}

static void
test_empty_region (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lf_endpoint_resolve ("", NULL, &error);

  g_assert_null (url);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  g_assert_null (lf_endpoint_resolve (NULL, NULL, &error));
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
}

static void
test_custom_url_valid (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "http://127.0.0.1:9001", "http://127.0.0.1:9001" },
    { "https://gw.example.com/base", "https://gw.example.com/base" },
    { "http://localhost:4566", "http://localhost:4566" },
    { "https://lambda.example.com", "https://lambda.example.com" },
    { "http://[::1]:3001", "http://[::1]:3001" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = lf_endpoint_resolve ("eu-west-1", cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].out);
      g_assert_true (lf_endpoint_validate_url (cases[i].in, TRUE, &error));
      g_assert_no_error (error);
    }
}

/* A custom endpoint wins over the region's own, whatever the partition. */
static void
test_custom_url_overrides_region (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lf_endpoint_resolve ("cn-north-1", "http://127.0.0.1:9001", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:9001");
}

typedef struct
{
  const char *url;
  const char *words[4];   /* the message names at least one */
} BadUrl;

static const BadUrl bad_urls[] = {
  { "lambda.example.com", { "scheme", "http", NULL } },
  { "127.0.0.1:9001", { "scheme", "http", NULL } },
  { "localhost:4566", { "scheme", "http", NULL } },
  { "ftp://example.com/", { "ftp", "scheme", NULL } },
  { "file:///tmp/x", { "file", "scheme", NULL } },
  { "http:///path", { "host", NULL } },
  { "http://", { "host", NULL } },
  { "https://", { "host", NULL } },
  { "http://exa mple.com/", { "host", "space", "exa mple", NULL } },
};

static void
test_custom_url_invalid (gconstpointer data)
{
  const BadUrl *bad = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = lf_endpoint_resolve ("us-east-1", bad->url, &error);

  g_assert_null (url);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
  assert_mentions_any (error->message, (const char **) bad->words);
  g_clear_error (&error);

  g_assert_false (lf_endpoint_validate_url (bad->url, TRUE, &error));
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_INVALID_INPUT);
}

static void
test_validate_https (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lf_endpoint_validate_url ("https://lambda.eu-west-1.amazonaws.com", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (lf_endpoint_validate_url ("http://gw.example.com", TRUE, &error));
  g_assert_no_error (error);
}

static gboolean
matches_region_id (const char *id)
{
  /* eu-west-1, us-gov-west-1, ap-southeast-5, eusc-de-east-1 */
  return g_regex_match_simple ("^[a-z]{2,5}(-[a-z]+)+-[0-9]+$", id, 0, 0);
}

static void
test_regions_list (void)
{
  const char *expected[] = { "af-south-1", "il-central-1", "mx-central-1", "ca-west-1",
                             "ap-southeast-5", "us-east-1", "eu-central-2", "me-central-1",
                             "ap-south-2", "cn-north-1", "us-gov-west-1", "sa-east-1", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const LfRegion *regions;
  guint n = 0;

  regions = lf_regions_get_all (&n);
  g_assert_nonnull (regions);
  g_assert_cmpuint (n, >, 30);

  for (guint i = 0; i < n; i++)
    {
      const LfRegion *r = &regions[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;
      g_autofree char *expected_url = NULL;

      g_assert_nonnull (r->id);
      if (!matches_region_id (r->id))
        g_test_fail_printf ("“%s” does not look like a region id", r->id);
      g_assert_nonnull (r->name);
      g_assert_cmpstr (r->name, !=, "");
      g_assert_nonnull (r->partition);
      if (!g_str_equal (r->partition, "aws") && !g_str_equal (r->partition, "aws-cn") &&
          !g_str_equal (r->partition, "aws-us-gov") && !g_str_equal (r->partition, "aws-eusc"))
        g_test_fail_printf ("%s: unknown partition “%s”", r->id, r->partition);

      if (g_hash_table_contains (seen, r->id))
        g_test_fail_printf ("%s is listed twice", r->id);
      g_hash_table_add (seen, (gpointer) r->id);

      g_assert_true (lf_region_lookup (r->id) != NULL);
      g_assert_cmpstr (lf_region_lookup (r->id)->id, ==, r->id);

      /* Every listed region resolves, to lambda.REGION.SUFFIX. */
      url = lf_endpoint_resolve (r->id, NULL, &error);
      g_assert_no_error (error);
      expected_url = g_strdup_printf ("https://lambda.%s.%s", r->id, lf_region_get_dns_suffix (r));
      g_assert_cmpstr (url, ==, expected_url);
    }

  for (guint i = 0; expected[i]; i++)
    if (!g_hash_table_contains (seen, expected[i]))
      g_test_fail_printf ("the region list lacks %s", expected[i]);
}

static void
test_loopback (void)
{
  const char *yes[] = { "http://127.0.0.1:9001", "http://127.0.0.1", "http://localhost:4566",
                        "http://LOCALHOST:4566/", "https://[::1]:3001/base", "http://127.0.0.2:80" };
  const char *no[] = { "https://lambda.us-east-1.amazonaws.com", "http://10.0.0.1:9001",
                       "http://192.168.1.10", "http://localhost.example.com",
                       "http://127.0.0.1.nip.io", "https://gw.example.com/127.0.0.1",
                       "not a url" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (!lf_endpoint_url_is_loopback (yes[i]))
      g_test_fail_printf ("%s should be loopback", yes[i]);
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    if (lf_endpoint_url_is_loopback (no[i]))
      g_test_fail_printf ("%s should not be loopback", no[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (aws_endpoints); i++)
    {
      g_autofree char *path = g_strdup_printf ("/endpoint/resolve/%s", aws_endpoints[i].region);
      g_test_add_data_func (path, &aws_endpoints[i], test_resolve_region);
    }
  g_test_add_func ("/endpoint/dns-suffix", test_dns_suffix);
  g_test_add_func ("/endpoint/unknown-region", test_unknown_region);
  g_test_add_func ("/endpoint/empty-region", test_empty_region);
  g_test_add_func ("/endpoint/custom/valid", test_custom_url_valid);
  g_test_add_func ("/endpoint/custom/overrides-region", test_custom_url_overrides_region);
  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_autofree char *path = g_strdup_printf ("/endpoint/custom/invalid/%u", i);
      g_test_add_data_func (path, &bad_urls[i], test_custom_url_invalid);
    }
  g_test_add_func ("/endpoint/validate-https", test_validate_https);
  g_test_add_func ("/endpoint/regions", test_regions_list);
  g_test_add_func ("/endpoint/loopback", test_loopback);

  return g_test_run ();
}
