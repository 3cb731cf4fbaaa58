/* test-credentials-provider.c: static, environment, profile and chained credentials
 *
 * Every key here is an obvious fake: AKIDTEST… identifiers and “-secret-test” secrets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "lf-aws-config.h"
#include "lf-aws-error.h"
#include "lf-test-core.h"
#include "lf-credentials-provider.h"

static void
assert_no_secret_in (const GError *error)
{
  /* No error ever quotes a secret. */
  g_assert_null (strstr (error->message, "-secret-test"));
}

/* Asks @provider for credentials and checks all of them (a NULL @token: none). */
static void
assert_credentials (LfCredentialsProvider *provider,
                    const char            *key_id,
                    const char            *secret,
                    const char            *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentials) got = lf_test_get_credentials (provider, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (got), ==, key_id);
  g_assert_cmpstr (lf_credentials_get_secret_access_key (got), ==, secret);
  g_assert_cmpstr (lf_credentials_get_session_token (got), ==, token);
}

/* A folder holding a credentials file and a config file, removed at the end. */
typedef struct
{
  char *dir;
  char *credentials_path;
  char *config_path;
  GStrv envp;
} Files;

static void
files_write (Files      *files,
             const char *credentials,
             const char *config)
{
  g_autoptr(GError) error = NULL;

  files->dir = g_dir_make_tmp ("lf-test-credentials-XXXXXX", &error);
  g_assert_no_error (error);
  files->credentials_path = g_build_filename (files->dir, "credentials", NULL);
  files->config_path = g_build_filename (files->dir, "config", NULL);
  if (credentials != NULL)
    {
      g_file_set_contents (files->credentials_path, credentials, -1, &error);
      g_assert_no_error (error);
    }
  if (config != NULL)
    {
      g_file_set_contents (files->config_path, config, -1, &error);
      g_assert_no_error (error);
    }
}

/* An environment naming the files, plus @extra (NULL-terminated "NAME=value"). */
static char **
files_envp (Files       *files,
            const char  *first_extra,
            ...)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  g_autofree char *cred = g_strconcat ("AWS_SHARED_CREDENTIALS_FILE=", files->credentials_path, NULL);
  g_autofree char *conf = g_strconcat ("AWS_CONFIG_FILE=", files->config_path, NULL);
  gboolean imds_named = FALSE;
  char **envp;
  va_list args;

  g_strv_builder_add (builder, cred);
  g_strv_builder_add (builder, conf);
  /* HOME points into the folder too, so ~/.aws of whoever runs the tests is never read. */
  {
    g_autofree char *home = g_strconcat ("HOME=", files->dir, NULL);
    g_strv_builder_add (builder, home);
  }
  va_start (args, first_extra);
  for (const char *extra = first_extra; extra != NULL; extra = va_arg (args, const char *))
    {
      g_strv_builder_add (builder, extra);
      imds_named |= g_str_has_prefix (extra, "AWS_EC2_METADATA_");
    }
  va_end (args);
  /* The default chain reaches for instance metadata last: never beyond loopback. */
  if (!imds_named)
    g_strv_builder_add (builder, "AWS_EC2_METADATA_DISABLED=true");

  envp = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return envp;
}

static void
files_clear (Files *files)
{
  if (files->credentials_path)
    g_unlink (files->credentials_path);
  if (files->config_path)
    g_unlink (files->config_path);
  if (files->dir)
    g_rmdir (files->dir);
  g_clear_pointer (&files->dir, g_free);
  g_clear_pointer (&files->credentials_path, g_free);
  g_clear_pointer (&files->config_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Files, files_clear)

/* Line numbers matter below: tests look for "FILE:LINE". */
static const char credentials_text[] =
  "# The AWS CLI's credentials file\n"                       /* 1 */
  "; a comment of the other kind\n"                          /* 2 */
  "[default]\n"                                              /* 3 */
  "aws_access_key_id = AKIDDEFAULTTEST\n"                    /* 4 */
  "aws_secret_access_key=default-secret-test\n"              /* 5 */
  "\n"                                                       /* 6 */
  "[dev]\n"                                                  /* 7 */
  "  aws_access_key_id   =   AKIDDEVTEST  \n"                /* 8 */
  "aws_secret_access_key = dev-secret-test\n"                /* 9 */
  "aws_session_token = dev-token-test\n"                     /* 10 */
  "\n"                                                       /* 11 */
  "[no-secret]\n"                                            /* 12 */
  "aws_access_key_id = AKIDNOSECRETTEST\n";                  /* 13 */

static const char config_text[] =
  "[default]\n"                                              /* 1 */
  "region = us-west-2\n"                                     /* 2 */
  "# comment\n"                                              /* 3 */
  "[profile dev]\n"                                          /* 4 */
  "region = eu-west-3\n"                                     /* 5 */
  "output = json\n"                                          /* 6 */
  "aws_access_key_id = AKIDSHADOWEDTEST\n"                   /* 7 */
  "; comment\n"                                              /* 8 */
  "[profile config-only]\n"                                  /* 9 */
  "aws_access_key_id = AKIDCONFIGONLYTEST\n"                 /* 10 */
  "aws_secret_access_key = config-only-secret-test\n"        /* 11 */
  "region=ap-south-1\n"                                      /* 12 */
  "[orphan]\n"                                               /* 13 */
  "region = sa-east-1\n";                                    /* 14 */

/* Static ------------------------------------------------------------------------------------ */

static void
test_static (void)
{
  g_autoptr(LfCredentials) given = lf_credentials_new ("AKIDSTATICTEST", "static-secret-test",
                                                        "static-token", NULL);
  g_autoptr(LfCredentialsProvider) provider = lf_static_credentials_provider_new (given);

  g_assert_true (LF_IS_CREDENTIALS_PROVIDER (provider));
  assert_credentials (provider, "AKIDSTATICTEST", "static-secret-test", "static-token");
  g_assert_nonnull (lf_credentials_provider_describe (provider));
}

/* Environment ------------------------------------------------------------------------------- */

static void
test_env_keys (void)
{
  const char *envp[] = { "AWS_ACCESS_KEY_ID=AKIDENVTEST", "AWS_SECRET_ACCESS_KEY=env-secret-test",
                         "PATH=/usr/bin", NULL };
  g_autoptr(LfCredentialsProvider) provider = lf_env_credentials_provider_new (envp);
  g_autofree char *region = NULL;

  assert_credentials (provider, "AKIDENVTEST", "env-secret-test", NULL);
  region = lf_credentials_provider_get_region (provider);
  g_assert_null (region);
  g_assert_nonnull (lf_credentials_provider_describe (provider));
}

static void
test_env_token (void)
{
  const char *envp[] = { "AWS_ACCESS_KEY_ID=AKIDENVTEST", "AWS_SECRET_ACCESS_KEY=env-secret-test",
                         "AWS_SESSION_TOKEN=env-token/with+chars=", NULL };
  g_autoptr(LfCredentialsProvider) provider = lf_env_credentials_provider_new (envp);

  assert_credentials (provider, "AKIDENVTEST", "env-secret-test", "env-token/with+chars=");
}

/* Incomplete environments: the error names what is missing, never a secret. */
typedef struct
{
  const char *name;
  const char *envp[2];
  const char *part;            /* in the message, or NULL */
} EnvError;

static const EnvError env_errors[] = {
  { "missing-secret", { "AWS_ACCESS_KEY_ID=AKIDENVTEST", NULL }, "AWS_SECRET_ACCESS_KEY" },
  { "missing-key", { "AWS_SECRET_ACCESS_KEY=env-secret-test", NULL }, "AWS_ACCESS_KEY_ID" },
  { "empty", { NULL }, NULL },
};

static void
test_env_error (gconstpointer data)
{
  const EnvError *c = data;
  g_autoptr(LfCredentialsProvider) provider = lf_env_credentials_provider_new (c->envp);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfCredentials) got = lf_test_get_credentials (provider, &error);

  g_assert_null (got);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS);
  if (c->part != NULL)
    lf_test_assert_message_contains (error, c->part);
  assert_no_secret_in (error);
}

static void
test_env_region (void)
{
  const char *both[] = { "AWS_ACCESS_KEY_ID=AKIDENVTEST", "AWS_SECRET_ACCESS_KEY=env-secret-test",
                         "AWS_DEFAULT_REGION=eu-north-1", "AWS_REGION=eu-central-1", NULL };
  const char *fallback[] = { "AWS_ACCESS_KEY_ID=AKIDENVTEST", "AWS_SECRET_ACCESS_KEY=env-secret-test",
                             "AWS_DEFAULT_REGION=eu-north-1", NULL };
  g_autoptr(LfCredentialsProvider) a = lf_env_credentials_provider_new (both);
  g_autoptr(LfCredentialsProvider) b = lf_env_credentials_provider_new (fallback);
  g_autofree char *region_a = lf_credentials_provider_get_region (a);
  g_autofree char *region_b = lf_credentials_provider_get_region (b);

  g_assert_cmpstr (region_a, ==, "eu-central-1");
  g_assert_cmpstr (region_b, ==, "eu-north-1");
}

/* The provider reads the strings it was given, not pointers into the caller's array. */
static void
test_env_copies_envp (void)
{
  char key[] = "AWS_ACCESS_KEY_ID=AKIDENVTEST";
  char secret[] = "AWS_SECRET_ACCESS_KEY=env-secret-test";
  const char *envp[] = { key, secret, NULL };
  g_autoptr(LfCredentialsProvider) provider = lf_env_credentials_provider_new (envp);
  g_autoptr(LfCredentials) got = NULL;
  g_autoptr(GError) error = NULL;

  memset (key + strlen ("AWS_ACCESS_KEY_ID="), 'X', strlen ("AKIDENVTEST"));
  envp[0] = NULL;
  got = lf_test_get_credentials (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_credentials_get_access_key_id (got), ==, "AKIDENVTEST");
}

/* Shared files, lf_aws_config_* ---------------------------------------------------------------- */

static void
test_config_parse (void)
{
  g_auto(Files) files = { 0 };
  g_autoptr(LfAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) profiles = NULL;
  g_autofree char *where_expected = NULL;
  const char *where = NULL;

  files_write (&files, credentials_text, config_text);
  config = lf_aws_config_load_files (files.credentials_path, files.config_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);

  g_assert_true (lf_aws_config_has_profile (config, "default"));
  g_assert_true (lf_aws_config_has_profile (config, "dev"));
  g_assert_true (lf_aws_config_has_profile (config, "config-only"));
  g_assert_true (lf_aws_config_has_profile (config, "no-secret"));
  g_assert_false (lf_aws_config_has_profile (config, "nonexistent"));
  /* In the config file a profile is "[profile NAME]"; "[profile dev]" is not named "profile dev". */
  g_assert_false (lf_aws_config_has_profile (config, "profile dev"));

  /* Spaces around '=' and around the line are not part of keys or values. */
  g_assert_cmpstr (lf_aws_config_get (config, "default", "aws_access_key_id", NULL), ==, "AKIDDEFAULTTEST");
  g_assert_cmpstr (lf_aws_config_get (config, "default", "aws_secret_access_key", NULL), ==,
                   "default-secret-test");
  g_assert_cmpstr (lf_aws_config_get (config, "dev", "aws_access_key_id", NULL), ==, "AKIDDEVTEST");
  g_assert_cmpstr (lf_aws_config_get (config, "dev", "aws_session_token", NULL), ==, "dev-token-test");

  /* Region from config, and where it was found. */
  g_assert_cmpstr (lf_aws_config_get (config, "default", "region", NULL), ==, "us-west-2");
  g_assert_cmpstr (lf_aws_config_get (config, "dev", "region", &where), ==, "eu-west-3");
  where_expected = g_strdup_printf ("%s:5", files.config_path);
  g_assert_cmpstr (where, ==, where_expected);
  g_assert_cmpstr (lf_aws_config_get (config, "config-only", "region", NULL), ==, "ap-south-1");
  g_assert_cmpstr (lf_aws_config_get (config, "dev", "output", NULL), ==, "json");

  /* The credentials file wins over the config file for the same key. */
  where = NULL;
  g_assert_cmpstr (lf_aws_config_get (config, "dev", "aws_access_key_id", &where), ==, "AKIDDEVTEST");
  g_clear_pointer (&where_expected, g_free);
  where_expected = g_strdup_printf ("%s:8", files.credentials_path);
  g_assert_cmpstr (where, ==, where_expected);

  /* Comment lines are neither keys nor values. */
  g_assert_null (lf_aws_config_get (config, "default", "# The AWS CLI's credentials file", NULL));
  g_assert_null (lf_aws_config_get (config, "default", "nope", NULL));
  g_assert_null (lf_aws_config_get (config, "nonexistent", "region", NULL));

  profiles = lf_aws_config_list_profiles (config);
  g_assert_nonnull (profiles);
  g_assert_true (g_strv_contains ((const char * const *) profiles, "default"));
  g_assert_true (g_strv_contains ((const char * const *) profiles, "dev"));
  g_assert_true (g_strv_contains ((const char * const *) profiles, "config-only"));
  g_assert_false (g_strv_contains ((const char * const *) profiles, "profile dev"));
  /* Listed once each, though "dev" is in both files. */
  {
    guint n_dev = 0;
    for (guint i = 0; profiles[i]; i++)
      n_dev += g_str_equal (profiles[i], "dev");
    g_assert_cmpuint (n_dev, ==, 1);
  }
}

/* In the config file only [default] and [profile NAME] are profiles, as in the AWS CLI. */
static void
test_config_plain_section_is_not_profile (void)
{
  g_auto(Files) files = { 0 };
  g_autoptr(LfAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  files_write (&files, credentials_text, config_text);
  config = lf_aws_config_load_files (files.credentials_path, files.config_path, &error);
  g_assert_no_error (error);
  g_assert_false (lf_aws_config_has_profile (config, "orphan"));
  g_assert_null (lf_aws_config_get (config, "orphan", "region", NULL));
}

static void
test_config_missing_files (void)
{
  g_autoptr(LfAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) profiles = NULL;

  config = lf_aws_config_load_files ("/nonexistent/lf-test/credentials", "/nonexistent/lf-test/config",
                                     &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_false (lf_aws_config_has_profile (config, "default"));
  profiles = lf_aws_config_list_profiles (config);
  g_assert_true (profiles == NULL || profiles[0] == NULL);
}

static void
test_config_load_envp (void)
{
  g_auto(Files) files = { 0 };
  g_auto(GStrv) envp = NULL;
  g_autoptr(LfAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  files_write (&files, credentials_text, config_text);
  envp = files_envp (&files, NULL);
  config = lf_aws_config_load ((const char * const *) envp, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lf_aws_config_get (config, "dev", "region", NULL), ==, "eu-west-3");
  g_assert_cmpstr (lf_aws_config_get (config, "default", "aws_access_key_id", NULL), ==,
                   "AKIDDEFAULTTEST");
}

static void
test_config_default_profile (void)
{
  const char *with[] = { "AWS_PROFILE=dev", NULL };
  const char *without[] = { "HOME=/nonexistent", NULL };

  g_assert_cmpstr (lf_aws_config_default_profile (with), ==, "dev");
  g_assert_cmpstr (lf_aws_config_default_profile (without), ==, "default");
}

typedef struct
{
  const char *credentials;
  const char *config;
  gboolean in_config;   /* the bad line is in the config file */
  guint line;
} Malformed;

static const Malformed malformed[] = {
  /* A line that is neither a section, a comment, nor key = value. */
  { "[default]\naws_access_key_id = AKIDTEST\nthis is not a setting\n", "", FALSE, 3 },
  /* A setting before any section. */
  { "aws_access_key_id = AKIDTEST\n[default]\n", "", FALSE, 1 },
  /* A section header that does not close. */
  { "[default]\naws_access_key_id = AKIDTEST\n", "[default]\nregion = us-east-1\n\n[profile dev\n",
    TRUE, 4 },
};

static void
test_config_malformed (gconstpointer data)
{
  const Malformed *m = data;
  g_auto(Files) files = { 0 };
  g_autoptr(LfAwsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;

  files_write (&files, m->credentials, m->config);
  where = g_strdup_printf ("%s:%u", m->in_config ? files.config_path : files.credentials_path, m->line);

  config = lf_aws_config_load_files (files.credentials_path, files.config_path, &error);
  g_assert_null (config);
  g_assert_nonnull (error);
  lf_test_assert_message_contains (error, where);
}

/* Profiles ------------------------------------------------------------------------------------ */

/* Which profile is read, and what from: the keys, the token and the region. */
typedef struct
{
  const char *name;
  const char *profile;            /* the profile asked for; NULL: from the environment */
  const char *environment;        /* one more "NAME=value", or NULL */
  const char *resolved;           /* the profile read */
  const char *key_id;
  const char *secret;
  const char *token;
  const char *region;
} ProfileFound;

static const ProfileFound profiles_found[] = {
  { "default", NULL, NULL, "default", "AKIDDEFAULTTEST", "default-secret-test", NULL,
    "us-west-2" },
  /* [dev] of credentials, not the shadowed key of [profile dev] in config; the region from
   * [profile dev] of config. */
  { "aws-profile", NULL, "AWS_PROFILE=dev", "dev", "AKIDDEVTEST", "dev-secret-test",
    "dev-token-test", "eu-west-3" },
  /* An explicit profile wins over AWS_PROFILE; keys in config count, as for the AWS CLI. */
  { "explicit", "config-only", "AWS_PROFILE=dev", "config-only", "AKIDCONFIGONLYTEST",
    "config-only-secret-test", NULL, "ap-south-1" },
};

static void
test_profile_found (gconstpointer data)
{
  const ProfileFound *c = data;
  g_auto(Files) files = { 0 };
  g_auto(GStrv) envp = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autofree char *region = NULL;

  files_write (&files, credentials_text, config_text);
  envp = files_envp (&files, c->environment, NULL);
  provider = lf_profile_credentials_provider_new (c->profile, (const char * const *) envp);
  assert_credentials (provider, c->key_id, c->secret, c->token);
  region = lf_credentials_provider_get_region (provider);
  g_assert_cmpstr (region, ==, c->region);
  g_assert_nonnull (strstr (lf_credentials_provider_describe (provider), c->resolved));
}

/* A profile that cannot give credentials: the error names what is wrong, and where, and
 * never quotes a secret. */
typedef struct
{
  const char *name;
  const char *credentials;        /* the files' text; NULL: the file does not exist */
  const char *config;
  const char *profile;            /* the profile asked for; NULL: from the environment */
  const char *environment;        /* one more "NAME=value", or NULL */
  const char *parts[3];           /* what the message says, NULL-terminated */
  guint credentials_line;         /* the line of the credentials file it names, or 0 */
} ProfileError;

static const ProfileError profile_errors[] = {
  { "missing", credentials_text, config_text, "nonexistent-profile", NULL,
    { "nonexistent-profile" }, 0 },
  { "missing-from-aws-profile", credentials_text, config_text, NULL, "AWS_PROFILE=typo-profile",
    { "typo-profile" }, 0 },
  { "missing-secret", credentials_text, config_text, "no-secret", NULL,
    { "no-secret", "aws_secret_access_key" }, 0 },
  { "malformed", "[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = x-secret-test\n"
    "garbage line\n", "", NULL, NULL, { NULL }, 4 },
  /* Neither file exists: the error names the profile it looked for. */
  { "no-files", NULL, NULL, NULL, NULL, { "default" }, 0 },
};

static void
test_profile_error (gconstpointer data)
{
  const ProfileError *c = data;
  g_auto(Files) files = { 0 };
  g_auto(GStrv) envp = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfCredentials) got = NULL;
  g_autoptr(GError) error = NULL;

  files_write (&files, c->credentials, c->config);
  envp = files_envp (&files, c->environment, NULL);
  provider = lf_profile_credentials_provider_new (c->profile, (const char * const *) envp);
  got = lf_test_get_credentials (provider, &error);
  g_assert_null (got);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS);
  for (guint i = 0; i < G_N_ELEMENTS (c->parts) && c->parts[i] != NULL; i++)
    lf_test_assert_message_contains (error, c->parts[i]);
  if (c->credentials_line != 0)
    {
      g_autofree char *where = g_strdup_printf ("%s:%u", files.credentials_path,
                                                c->credentials_line);

      lf_test_assert_message_contains (error, where);
    }
  assert_no_secret_in (error);
}

/* Chains ------------------------------------------------------------------------------------- */

static void
test_chain_env_wins (void)
{
  g_auto(Files) files = { 0 };
  g_auto(GStrv) envp = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;

  files_write (&files, credentials_text, config_text);
  envp = files_envp (&files, "AWS_ACCESS_KEY_ID=AKIDENVTEST", "AWS_SECRET_ACCESS_KEY=env-secret-test",
                     NULL);
  provider = lf_chain_credentials_provider_new_default ((const char * const *) envp);
  assert_credentials (provider, "AKIDENVTEST", "env-secret-test", NULL);
}

static void
test_chain_falls_through (void)
{
  g_auto(Files) files = { 0 };
  g_auto(GStrv) envp = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autofree char *region = NULL;

  files_write (&files, credentials_text, config_text);
  envp = files_envp (&files, "AWS_PROFILE=dev", NULL);
  provider = lf_chain_credentials_provider_new_default ((const char * const *) envp);
  assert_credentials (provider, "AKIDDEVTEST", "dev-secret-test", "dev-token-test");
  region = lf_credentials_provider_get_region (provider);
  g_assert_cmpstr (region, ==, "eu-west-3");
}

static void
test_chain_none (void)
{
  g_auto(Files) files = { 0 };
  g_auto(GStrv) envp = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfCredentials) got = NULL;
  g_autoptr(GError) error = NULL;

  files_write (&files, NULL, NULL);
  envp = files_envp (&files, NULL);
  provider = lf_chain_credentials_provider_new_default ((const char * const *) envp);
  got = lf_test_get_credentials (provider, &error);
  g_assert_null (got);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, !=, "");
}

/* The whole chain to its last step, instance metadata, which answers from a closed port of
 * this machine: the chain ends with an error and nothing leaves loopback. */
static void
test_chain_none_imds_on_loopback (void)
{
  g_auto(Files) files = { 0 };
  g_auto(GStrv) envp = NULL;
  g_autoptr(LfCredentialsProvider) provider = NULL;
  g_autoptr(LfCredentials) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                           G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *endpoint = NULL;

  /* A port that was free a moment ago: closed, so the connection is refused at once. */
  g_assert_true (g_socket_bind (probe, any_port, FALSE, NULL));
  bound = g_socket_get_local_address (probe, NULL);
  endpoint = g_strdup_printf ("AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (probe, NULL);

  files_write (&files, NULL, NULL);
  envp = files_envp (&files, endpoint, NULL);
  provider = lf_chain_credentials_provider_new_default ((const char * const *) envp);
  got = lf_test_get_credentials (provider, &error);
  g_assert_null (got);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS);
}

/* A provider of the test's own proves the interface is pluggable, and counts its calls. */
#define TEST_TYPE_COUNTING_PROVIDER (test_counting_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestCountingProvider, test_counting_provider, TEST, COUNTING_PROVIDER, GObject)

struct _TestCountingProvider
{
  GObject parent_instance;
  LfCredentials *credentials;   /* NULL: fails */
  guint calls;
};

static void test_counting_provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_TYPE_WITH_CODE (TestCountingProvider, test_counting_provider, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                test_counting_provider_iface_init))

static const char *
counting_describe (LfCredentialsProvider *provider)
{
  return "counting";
}

static void
counting_get_async (LfCredentialsProvider *provider,
                    GCancellable          *cancellable,
                    GAsyncReadyCallback    callback,
                    gpointer               user_data)
{
  TestCountingProvider *self = TEST_COUNTING_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->calls++;
  if (self->credentials)
    g_task_return_pointer (task, lf_credentials_ref (self->credentials),
                           (GDestroyNotify) lf_credentials_unref);
  else
    g_task_return_new_error (task, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS, "The counting provider has none");
}

static LfCredentials *
counting_get_finish (LfCredentialsProvider  *provider,
                     GAsyncResult           *result,
                     GError                **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_counting_provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->describe = counting_describe;
  iface->get_credentials_async = counting_get_async;
  iface->get_credentials_finish = counting_get_finish;
}

static void
test_counting_provider_finalize (GObject *object)
{
  TestCountingProvider *self = TEST_COUNTING_PROVIDER (object);

  g_clear_pointer (&self->credentials, lf_credentials_unref);
  G_OBJECT_CLASS (test_counting_provider_parent_class)->finalize (object);
}

static void
test_counting_provider_class_init (TestCountingProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_counting_provider_finalize;
}

static void
test_counting_provider_init (TestCountingProvider *self)
{
}

static void
test_chain_custom_and_remembered (void)
{
  TestCountingProvider *failing = g_object_new (TEST_TYPE_COUNTING_PROVIDER, NULL);
  TestCountingProvider *answering = g_object_new (TEST_TYPE_COUNTING_PROVIDER, NULL);
  g_autoptr(GPtrArray) providers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LfCredentialsProvider) chain = NULL;
  g_autoptr(GError) error = NULL;

  answering->credentials = lf_credentials_new ("AKIDCOUNTINGTEST", "counting-secret-test", NULL, NULL);
  g_ptr_array_add (providers, g_object_ref (failing));
  g_ptr_array_add (providers, g_object_ref (answering));
  chain = lf_chain_credentials_provider_new (providers);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(LfCredentials) got = lf_test_get_credentials (chain, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (lf_credentials_get_access_key_id (got), ==, "AKIDCOUNTINGTEST");
    }
  /* The winner is remembered: the failing provider is not asked again. */
  g_assert_cmpuint (failing->calls, ==, 1);
  g_assert_cmpuint (answering->calls, ==, 2);

  g_clear_object (&chain);
  g_clear_pointer (&providers, g_ptr_array_unref);
  g_object_unref (failing);
  g_object_unref (answering);
}

static void
test_chain_all_fail (void)
{
  TestCountingProvider *one = g_object_new (TEST_TYPE_COUNTING_PROVIDER, NULL);
  TestCountingProvider *two = g_object_new (TEST_TYPE_COUNTING_PROVIDER, NULL);
  g_autoptr(GPtrArray) providers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LfCredentialsProvider) chain = NULL;
  g_autoptr(LfCredentials) got = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (providers, g_object_ref (one));
  g_ptr_array_add (providers, g_object_ref (two));
  chain = lf_chain_credentials_provider_new (providers);
  got = lf_test_get_credentials (chain, &error);
  g_assert_null (got);
  g_assert_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS);
  g_assert_cmpuint (one->calls, ==, 1);
  g_assert_cmpuint (two->calls, ==, 1);

  g_clear_object (&chain);
  g_clear_pointer (&providers, g_ptr_array_unref);
  g_object_unref (one);
  g_object_unref (two);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/static", test_static);
  g_test_add_func ("/credentials/env/keys", test_env_keys);
  g_test_add_func ("/credentials/env/token", test_env_token);
  for (guint i = 0; i < G_N_ELEMENTS (env_errors); i++)
    {
      g_autofree char *path = g_strconcat ("/credentials/env/", env_errors[i].name, NULL);

      g_test_add_data_func (path, &env_errors[i], test_env_error);
    }
  g_test_add_func ("/credentials/env/region", test_env_region);
  g_test_add_func ("/credentials/env/copies-envp", test_env_copies_envp);
  g_test_add_func ("/credentials/config/parse", test_config_parse);
  g_test_add_func ("/credentials/config/plain-section-is-not-profile",
                   test_config_plain_section_is_not_profile);
  g_test_add_func ("/credentials/config/missing-files", test_config_missing_files);
  g_test_add_func ("/credentials/config/load-envp", test_config_load_envp);
  g_test_add_func ("/credentials/config/default-profile", test_config_default_profile);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = g_strdup_printf ("/credentials/config/malformed/%u", i);
      g_test_add_data_func (path, &malformed[i], test_config_malformed);
    }
  for (guint i = 0; i < G_N_ELEMENTS (profiles_found); i++)
    {
      g_autofree char *path = g_strconcat ("/credentials/profile/", profiles_found[i].name, NULL);

      g_test_add_data_func (path, &profiles_found[i], test_profile_found);
    }
  for (guint i = 0; i < G_N_ELEMENTS (profile_errors); i++)
    {
      g_autofree char *path = g_strconcat ("/credentials/profile/", profile_errors[i].name, NULL);

      g_test_add_data_func (path, &profile_errors[i], test_profile_error);
    }
  g_test_add_func ("/credentials/chain/env-wins", test_chain_env_wins);
  g_test_add_func ("/credentials/chain/falls-through", test_chain_falls_through);
  g_test_add_func ("/credentials/chain/none", test_chain_none);
  g_test_add_func ("/credentials/chain/none-imds-on-loopback", test_chain_none_imds_on_loopback);
  g_test_add_func ("/credentials/chain/custom-and-remembered", test_chain_custom_and_remembered);
  g_test_add_func ("/credentials/chain/all-fail", test_chain_all_fail);

  return g_test_run ();
}
