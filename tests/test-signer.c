/* test-signer.c: SigV4 against AWS's published cases and worked examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lf-signer.h"

#define SUITE_KEY_ID "AKIDEXAMPLE"
#define SUITE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SUITE_DATE "20150830T123600Z"
#define SUITE_TOKEN "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"

typedef enum
{
  CHECK_ALL,
  /* aws-c-auth edited these requests but left their .sts/.authz as AWS had them. */
  CHECK_CANONICAL_REQUEST_ONLY,
} CheckLevel;

typedef struct
{
  char *name;
  char *dir;
  CheckLevel level;
} SuiteCase;

static void
suite_case_free (gpointer data)
{
  SuiteCase *c = data;

  g_free (c->name);
  g_free (c->dir);
  g_free (c);
}

static char *
read_case_file (const SuiteCase *c,
                const char      *ext)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.%s", c->dir, c->name, ext);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* Parses the suite's raw request: request line, headers (with obsolete folding joined by a
 * space, the variant aws-c-auth chose), blank line, body. */
static void
parse_raw_request (const char  *raw,
                   char       **method,
                   char       **target,
                   GArray      *headers,
                   GBytes     **body)
{
  const char *blank = strstr (raw, "\n\n");
  g_autofree char *head = blank ? g_strndup (raw, blank - raw) : g_strdup (raw);
  g_auto(GStrv) lines = g_strsplit (head, "\n", -1);
  const char *first_space;
  const char *last_space;

  first_space = strchr (lines[0], ' ');
  last_space = strrchr (lines[0], ' ');
  g_assert_nonnull (first_space);
  g_assert_true (last_space > first_space);
  *method = g_strndup (lines[0], first_space - lines[0]);
  *target = g_strndup (first_space + 1, last_space - first_space - 1);

  for (guint i = 1; lines[i]; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if ((lines[i][0] == ' ' || lines[i][0] == '\t') && headers->len > 0)
        {
          LfHeader *last = &g_array_index (headers, LfHeader, headers->len - 1);
          char *joined = g_strconcat (last->value, " ", lines[i], NULL);

          g_free (last->value);
          last->value = joined;
        }
      else
        {
          const char *colon = strchr (lines[i], ':');
          LfHeader header;

          g_assert_nonnull (colon);
          header.name = g_strndup (lines[i], colon - lines[i]);
          header.value = g_strdup (colon + 1);
          g_array_append_val (headers, header);
        }
    }

  *body = blank ? g_bytes_new (blank + 2, strlen (blank + 2)) : g_bytes_new (NULL, 0);
}

static void
clear_header (gpointer data)
{
  LfHeader *header = data;

  g_free (header->name);
  g_free (header->value);
}

static void
test_suite_case (gconstpointer data)
{
  const SuiteCase *c = data;
  g_autoptr(LfSigner) signer = lf_signer_new ();
  g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (LfHeader));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = read_case_file (c, "req");
  g_autofree char *creq = read_case_file (c, "creq");
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autofree char *url = NULL;
  const char *host = NULL;
  LfSignRequest request = { 0 };

  g_array_set_clear_func (headers, clear_header);
  parse_raw_request (raw, &method, &target, headers, &body);

  for (guint i = 0; i < headers->len; i++)
    if (g_ascii_strcasecmp (g_array_index (headers, LfHeader, i).name, "host") == 0)
      host = g_array_index (headers, LfHeader, i).value;
  g_assert_nonnull (host);

  url = g_strconcat ("https://", host, target, NULL);
  credentials = lf_credentials_new (SUITE_KEY_ID, SUITE_SECRET,
                                    g_str_equal (c->name, "get-vanilla-with-session-token")
                                      ? SUITE_TOKEN : NULL,
                                    NULL);

  request.method = method;
  request.url = url;
  request.headers = (const LfHeader *) (gpointer) headers->data;
  request.n_headers = headers->len;
  request.body = g_bytes_get_data (body, &request.body_length);
  request.region = "us-east-1";
  request.service = "service";
  request.amz_date = SUITE_DATE;

  signature = lf_signer_sign (signer, &request, credentials, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signature);

  g_assert_cmpstr (signature->canonical_request, ==, creq);

  if (c->level == CHECK_ALL)
    {
      g_autofree char *sts = read_case_file (c, "sts");
      g_autofree char *authz = read_case_file (c, "authz");

      g_assert_cmpstr (signature->string_to_sign, ==, sts);
      g_assert_cmpstr (signature->authorization, ==, authz);
      g_assert_cmpstr (lf_signature_get_header (signature, "Authorization"), ==, authz);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
collect_cases (const char *dir,
               const char *prefix,
               GPtrArray  *cases)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      g_autofree char *req = NULL;
      g_autofree char *sub_prefix = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;

      req = g_strdup_printf ("%s/%s.req", path, entry);
      sub_prefix = g_strconcat (prefix, "/", entry, NULL);

      if (g_file_test (req, G_FILE_TEST_EXISTS))
        {
          SuiteCase *c = g_new0 (SuiteCase, 1);
          gboolean original = g_str_has_prefix (prefix, "/original-variants");

          c->name = g_strdup (entry);
          c->dir = g_strdup (path);
          c->level = CHECK_ALL;
          if (!original && g_str_has_prefix (entry, "post-x-www-form-urlencoded"))
            c->level = CHECK_CANONICAL_REQUEST_ONLY;

          /* libsoup never sends folded headers; we follow aws-c-auth's reading of this case
           * (folded lines joined by a space), not the first published one. */
          if (original && g_str_equal (entry, "get-header-value-multiline"))
            {
              suite_case_free (c);
              continue;
            }

          g_ptr_array_add (cases, c);
          g_ptr_array_add (cases, g_strdup (sub_prefix));
        }

      collect_cases (path, sub_prefix, cases);
    }
}

static void
test_suite_missing (gconstpointer data)
{
  const char *where = data;
  g_autofree char *message =
    g_strdup_printf ("The SigV4 test suite was not found (looked in “%s”). Set LF_SIGV4_SUITE or "
                     "the meson option sigv4_suite to its folder.", where);

  if (g_getenv ("LF_REQUIRE_SIGV4_SUITE"))
    g_test_fail_printf ("%s", message);
  else
    g_test_skip (message);
}

/* AWS's worked example of deriving a signing key (IAM, 2012-02-15). */
static void
test_derive_key_example (void)
{
  guint8 key[32];
  char hex[65];

  lf_signer_derive_key (SUITE_SECRET, "20120215", "us-east-1", "iam", key);
  for (guint i = 0; i < 32; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", key[i]);
  g_assert_cmpstr (hex, ==, "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");

  lf_signer_derive_key (SUITE_SECRET, "20150830", "us-east-1", "iam", key);
  for (guint i = 0; i < 32; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", key[i]);
  g_assert_cmpstr (hex, ==, "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

/* AWS's worked example of a whole signature: IAM ListUsers. */
static void
test_iam_list_users_example (void)
{
  g_autoptr(LfSigner) signer = lf_signer_new ();
  g_autoptr(LfCredentials) credentials = lf_credentials_new (SUITE_KEY_ID, SUITE_SECRET, NULL, NULL);
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *creq_hash = NULL;
  LfHeader headers[] = {
    { (char *) "Content-Type", (char *) "application/x-www-form-urlencoded; charset=utf-8" },
  };
  LfSignRequest request = {
    .method = "GET",
    .url = "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
    .headers = headers,
    .n_headers = G_N_ELEMENTS (headers),
    .region = "us-east-1",
    .service = "iam",
    .amz_date = "20150830T123600Z",
  };

  signature = lf_signer_sign (signer, &request, credentials, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (signature->canonical_request, ==,
                   "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
                   "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
                   "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                   "content-type;host;x-amz-date\n"
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  creq_hash = lf_sha256_hex ((const guint8 *) signature->canonical_request,
                             strlen (signature->canonical_request));
  g_assert_cmpstr (creq_hash, ==,
                   "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  g_assert_cmpstr (signature->signature, ==,
                   "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  g_assert_cmpstr (signature->authorization, ==,
                   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                   "SignedHeaders=content-type;host;x-amz-date, "
                   "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

static LfSignature *
sign_simple (LfSigner      *signer,
             const char    *method,
             const char    *url,
             const char    *token,
             const LfHeader *headers,
             gsize          n_headers,
             GError       **error)
{
  g_autoptr(LfCredentials) credentials = lf_credentials_new (SUITE_KEY_ID, SUITE_SECRET, token, NULL);
  LfSignRequest request = {
    .method = method,
    .url = url,
    .headers = headers,
    .n_headers = n_headers,
    .region = "eu-west-1",
    .service = "lambda",
    .amz_date = SUITE_DATE,
  };

  return lf_signer_sign (signer, &request, credentials, error);
}

/* Non-S3 services sign the path encoded twice: the ':' of an ARN is %3A on the wire. */
static void
test_lambda_arn_path (void)
{
  g_autoptr(LfSigner) signer = lf_signer_new ();
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  signature = sign_simple (signer, "POST",
                           "https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/"
                           "arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Amy-fn/"
                           "invocations?Qualifier=prod",
                           NULL, NULL, 0, &error);
  g_assert_no_error (error);
  lines = g_strsplit (signature->canonical_request, "\n", -1);
  g_assert_cmpstr (lines[1], ==,
                   "/2015-03-31/functions/arn%253Aaws%253Alambda%253Aeu-west-1%253A123456789012"
                   "%253Afunction%253Amy-fn/invocations");
  g_assert_cmpstr (lines[2], ==, "Qualifier=prod");
  g_assert_cmpstr (lines[3], ==, "host:lambda.eu-west-1.amazonaws.com");
}

static void
test_query_repeated_and_empty (void)
{
  g_autoptr(LfSigner) signer = lf_signer_new ();
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  signature = sign_simple (signer, "GET",
                           "http://127.0.0.1:9000/x?b=2&a=z&a=&a=y&empty&c=%7e%20",
                           NULL, NULL, 0, &error);
  g_assert_no_error (error);
  lines = g_strsplit (signature->canonical_request, "\n", -1);
  g_assert_cmpstr (lines[2], ==, "a=&a=y&a=z&b=2&c=~%20&empty=");
  /* A port that is not the scheme's default stays in the host header. */
  g_assert_cmpstr (lines[3], ==, "host:127.0.0.1:9000");
  g_assert_cmpstr (lf_signature_get_header (signature, "Host"), ==, "127.0.0.1:9000");
}

static void
test_session_token_and_headers (void)
{
  g_autoptr(LfSigner) signer = lf_signer_new ();
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  LfHeader headers[] = {
    { (char *) "X-Amz-Invocation-Type", (char *) "  Event  " },
    { (char *) "X-Custom", (char *) "a    b\tc" },
    { (char *) "x-custom", (char *) "second" },
    { (char *) "X-Amz-Date", (char *) "19990101T000000Z" },
  };

  signature = sign_simple (signer, "POST", "https://lambda.eu-west-1.amazonaws.com:443/", "TOKEN1",
                           headers, G_N_ELEMENTS (headers), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signature->signed_headers, ==,
                   "host;x-amz-date;x-amz-invocation-type;x-amz-security-token;x-custom");
  g_assert_nonnull (strstr (signature->canonical_request, "\nx-custom:a b c,second\n"));
  g_assert_nonnull (strstr (signature->canonical_request, "\nx-amz-invocation-type:Event\n"));
  g_assert_nonnull (strstr (signature->canonical_request, "\nhost:lambda.eu-west-1.amazonaws.com\n"));
  g_assert_cmpstr (lf_signature_get_header (signature, "X-Amz-Security-Token"), ==, "TOKEN1");
  /* The caller's stale date is replaced, never sent twice. */
  g_assert_cmpstr (lf_signature_get_header (signature, "X-Amz-Date"), ==, SUITE_DATE);
  /* Host from the URL, the date, the token and the signature itself. */
  g_assert_cmpuint (signature->n_headers, ==, 4);
}

static void
test_key_cache_follows_scope (void)
{
  g_autoptr(LfSigner) signer = lf_signer_new ();
  g_autoptr(LfSigner) fresh = NULL;
  const char *regions[] = { "us-east-1", "eu-west-1", "ap-south-1", "sa-east-1", "us-west-2",
                            "us-east-1" };
  g_autoptr(GError) error = NULL;

  /* More scopes than the cache holds, and one again after eviction: every signature must
   * match one made by a signer with an empty cache. */
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      g_autoptr(LfCredentials) credentials = lf_credentials_new (SUITE_KEY_ID, SUITE_SECRET, NULL, NULL);
      g_autoptr(LfSignature) a = NULL;
      g_autoptr(LfSignature) b = NULL;
      LfSignRequest request = {
        .method = "GET", .url = "https://example.com/", .region = regions[i],
        .service = "lambda", .amz_date = SUITE_DATE,
      };

      g_clear_object (&fresh);
      fresh = lf_signer_new ();
      a = lf_signer_sign (signer, &request, credentials, &error);
      g_assert_no_error (error);
      b = lf_signer_sign (fresh, &request, credentials, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (a->signature, ==, b->signature);
    }

  /* Another secret with the same scope must not reuse the cached key. */
  {
    g_autoptr(LfCredentials) one = lf_credentials_new ("AKIDONE", "secret-one", NULL, NULL);
    g_autoptr(LfCredentials) two = lf_credentials_new ("AKIDONE", "secret-two", NULL, NULL);
    g_autoptr(LfSignature) a = NULL;
    g_autoptr(LfSignature) b = NULL;
    LfSignRequest request = {
      .method = "GET", .url = "https://example.com/", .region = "us-east-1",
      .service = "lambda", .amz_date = SUITE_DATE,
    };

    a = lf_signer_sign (signer, &request, one, &error);
    g_assert_no_error (error);
    b = lf_signer_sign (signer, &request, two, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (a->signature, !=, b->signature);
  }
}

typedef struct
{
  const char *method;
  const char *url;
  const char *header_name;
  const char *header_value;
  const char *region;
  const char *amz_date;
  int code;
  const char *in_message;
} BadInput;

static const BadInput bad_inputs[] = {
  { "GET", "example.com/path", NULL, NULL, "us-east-1", SUITE_DATE, LF_SIGNER_ERROR_INVALID_URL, "no scheme" },
  { "GET", "ftp://example.com/", NULL, NULL, "us-east-1", SUITE_DATE, LF_SIGNER_ERROR_INVALID_URL, "http or https" },
  { "GET", "https:///path", NULL, NULL, "us-east-1", SUITE_DATE, LF_SIGNER_ERROR_INVALID_URL, "no host" },
  { "GET", "https://exa mple.com/", NULL, NULL, "us-east-1", SUITE_DATE, LF_SIGNER_ERROR_INVALID_URL, "host" },
  { "GET", "", NULL, NULL, "us-east-1", SUITE_DATE, LF_SIGNER_ERROR_INVALID_URL, "empty" },
  { "GET", "https://example.com/", NULL, NULL, "us-east-1", "20150230T123600Z", LF_SIGNER_ERROR_INVALID_DATE, "20150230T123600Z" },
  { "GET", "https://example.com/", NULL, NULL, "us-east-1", "2015-08-30T12:36:00Z", LF_SIGNER_ERROR_INVALID_DATE, "YYYYMMDDTHHMMSSZ" },
  { "GET", "https://example.com/", NULL, NULL, "us-east-1", "20150830T253600Z", LF_SIGNER_ERROR_INVALID_DATE, "not a valid" },
  { "GET", "https://example.com/", "My Header", "x", "us-east-1", SUITE_DATE, LF_SIGNER_ERROR_INVALID_HEADER, "My Header" },
  { "GET", "https://example.com/", "X-Bad\x01", "x", "us-east-1", SUITE_DATE, LF_SIGNER_ERROR_INVALID_HEADER, "control character" },
  { "GET", "https://example.com/", "X-Value", "a\r\nInjected: 1", "us-east-1", SUITE_DATE, LF_SIGNER_ERROR_INVALID_HEADER, "X-Value" },
  { "GET", "https://example.com/", "", "x", "us-east-1", SUITE_DATE, LF_SIGNER_ERROR_INVALID_HEADER, "empty name" },
  { "G ET", "https://example.com/", NULL, NULL, "us-east-1", SUITE_DATE, LF_SIGNER_ERROR_INVALID_METHOD, "G ET" },
  { "GET", "https://example.com/", NULL, NULL, "us east 1", SUITE_DATE, LF_SIGNER_ERROR_INVALID_SCOPE, "region" },
  { "GET", "https://example.com/", NULL, NULL, "", SUITE_DATE, LF_SIGNER_ERROR_INVALID_SCOPE, "region" },
};

static void
test_bad_input (gconstpointer data)
{
  const BadInput *bad = data;
  g_autoptr(LfSigner) signer = lf_signer_new ();
  g_autoptr(LfCredentials) credentials = lf_credentials_new (SUITE_KEY_ID, SUITE_SECRET, NULL, NULL);
  g_autoptr(LfSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  LfHeader header = { (char *) bad->header_name, (char *) bad->header_value };
  LfSignRequest request = {
    .method = bad->method,
    .url = bad->url,
    .headers = bad->header_name ? &header : NULL,
    .n_headers = bad->header_name ? 1 : 0,
    .region = bad->region,
    .service = "lambda",
    .amz_date = bad->amz_date,
  };

  signature = lf_signer_sign (signer, &request, credentials, &error);
  g_assert_null (signature);
  g_assert_error (error, LF_SIGNER_ERROR, bad->code);
  if (strstr (error->message, bad->in_message) == NULL)
    g_test_fail_printf ("“%s” does not mention “%s”", error->message, bad->in_message);
  /* No error ever quotes the secret. */
  g_assert_null (strstr (error->message, SUITE_SECRET));
}

static void
test_bad_credentials (void)
{
  g_autoptr(LfSigner) signer = lf_signer_new ();
  g_autoptr(LfCredentials) credentials = lf_credentials_new ("AKID", "sec ret", NULL, NULL);
  g_autoptr(GError) error = NULL;
  LfSignRequest request = {
    .method = "GET", .url = "https://example.com/", .region = "us-east-1",
    .service = "lambda", .amz_date = SUITE_DATE,
  };

  g_assert_null (lf_signer_sign (signer, &request, credentials, &error));
  g_assert_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_CREDENTIALS);
  g_clear_error (&error);
  g_assert_null (lf_signer_sign (signer, &request, NULL, &error));
  g_assert_error (error, LF_SIGNER_ERROR, LF_SIGNER_ERROR_INVALID_CREDENTIALS);
}

/* A verifier re-signs with the header list the client declared and ignores the rest. */
static void
test_only_headers (void)
{
  g_autoptr(LfSigner) signer = lf_signer_new ();
  g_autoptr(LfSignature) full = NULL;
  g_autoptr(LfSignature) verified = NULL;
  g_autoptr(GError) error = NULL;
  LfHeader headers[] = {
    { (char *) "Content-Type", (char *) "application/json" },
    { (char *) "User-Agent", (char *) "test" },
  };
  g_autoptr(LfCredentials) credentials = lf_credentials_new (SUITE_KEY_ID, SUITE_SECRET, NULL, NULL);
  const char *only[] = { "content-type", "host", "x-amz-date", NULL };
  LfSignRequest request = {
    .method = "POST", .url = "https://example.com/", .headers = headers, .n_headers = 1,
    .region = "us-east-1", .service = "lambda", .amz_date = SUITE_DATE,
  };

  full = lf_signer_sign (signer, &request, credentials, &error);
  g_assert_no_error (error);

  request.n_headers = 2;
  request.only_headers = only;
  verified = lf_signer_sign (signer, &request, credentials, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (verified->signed_headers, ==, "content-type;host;x-amz-date");
  g_assert_cmpstr (verified->signature, ==, full->signature);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new ();
  const char *suite = g_getenv ("LF_SIGV4_SUITE");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signer/example/derive-key", test_derive_key_example);
  g_test_add_func ("/signer/example/iam-list-users", test_iam_list_users_example);
  g_test_add_func ("/signer/lambda-arn-path", test_lambda_arn_path);
  g_test_add_func ("/signer/query-repeated-and-empty", test_query_repeated_and_empty);
  g_test_add_func ("/signer/session-token-and-headers", test_session_token_and_headers);
  g_test_add_func ("/signer/key-cache-follows-scope", test_key_cache_follows_scope);
  g_test_add_func ("/signer/only-headers", test_only_headers);
  g_test_add_func ("/signer/bad-credentials", test_bad_credentials);
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/signer/bad-input/%u", i);
      g_test_add_data_func (path, &bad_inputs[i], test_bad_input);
    }

  if (suite != NULL && g_file_test (suite, G_FILE_TEST_IS_DIR))
    collect_cases (suite, "", cases);

  if (cases->len == 0)
    g_test_add_data_func ("/signer/suite/missing", suite ? suite : "(LF_SIGV4_SUITE unset)",
                          test_suite_missing);

  for (guint i = 0; i < cases->len; i += 2)
    {
      g_autofree char *path = g_strconcat ("/signer/suite", (char *) g_ptr_array_index (cases, i + 1), NULL);
      g_test_add_data_func_full (path, g_ptr_array_index (cases, i), test_suite_case,
                                 suite_case_free);
      g_free (g_ptr_array_index (cases, i + 1));
    }

  return g_test_run ();
}
