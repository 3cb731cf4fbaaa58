/* lf-profile-credentials-provider.c
 *
 * The files are read on each request, so an edit of ~/.aws/ takes effect without a restart;
 * what a profile resolves to (a tree of providers, caching the assumed roles) is kept as long
 * as the settings it was built from stay the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "lf-aws-config.h"
#include "lf-aws-error.h"
#include "lf-credentials-util.h"
#include "lf-process-credentials-provider.h"
#include "lf-profile-credentials-provider.h"

#define MAX_CHAIN 16

struct _LfProfileCredentialsProvider
{
  GObject parent_instance;

  char *profile;       /* NULL: from the environment when asked */
  char **envp;
  char *description;
  guint process_timeout;

  LfMfaFunc mfa_func;
  gpointer mfa_data;
  GDestroyNotify mfa_destroy;

  /* The resolved tree and a digest of the settings it was built from. */
  LfCredentialsProvider *resolved;
  char *resolved_digest;
};

static void provider_iface_init (LfCredentialsProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LfProfileCredentialsProvider, lf_profile_credentials_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LF_TYPE_CREDENTIALS_PROVIDER,
                                                      provider_iface_init))

static const char *
profile_name (LfProfileCredentialsProvider *self)
{
  return self->profile ? self->profile
                       : lf_aws_config_default_profile ((const char * const *) self->envp);
}

static const char *
lf_profile_credentials_provider_describe (LfCredentialsProvider *provider)
{
  LfProfileCredentialsProvider *self = LF_PROFILE_CREDENTIALS_PROVIDER (provider);

  g_free (self->description);
  self->description = g_strdup_printf (_("profile “%s”"), profile_name (self));
  return self->description;
}

/* Resolution ------------------------------------------------------------------------------- */

typedef struct
{
  LfProfileCredentialsProvider *self;
  LfAwsConfig *config;
  GPtrArray *visited;     /* profile names, in order */
  GChecksum *digest;      /* of every setting read */
} Resolve;

static const char *
get (Resolve    *resolve,
     const char *profile,
     const char *key,
     const char **where)
{
  const char *value = lf_aws_config_get (resolve->config, profile, key, where);

  g_checksum_update (resolve->digest, (const guchar *) profile, -1);
  g_checksum_update (resolve->digest, (const guchar *) "\1", 1);
  g_checksum_update (resolve->digest, (const guchar *) key, -1);
  g_checksum_update (resolve->digest, (const guchar *) "\1", 1);
  if (value != NULL)
    g_checksum_update (resolve->digest, (const guchar *) value, -1);
  g_checksum_update (resolve->digest, (const guchar *) "\2", 1);
  return value;
}

static LfCredentialsProvider *resolve_profile (Resolve     *resolve,
                                               const char  *name,
                                               GError     **error);

static LfCredentialsProvider *
static_keys (Resolve     *resolve,
             const char  *name,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LfCredentials) credentials = NULL;
  const char *key_where = NULL;
  const char *key_id = get (resolve, name, "aws_access_key_id", &key_where);
  const char *secret = get (resolve, name, "aws_secret_access_key", NULL);
  const char *token = get (resolve, name, "aws_session_token", NULL);

  if (!lf_credentials_validate (key_id, secret, &local_error))
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("The AWS profile “%s” (%s): %s"), name, key_where, local_error->message);
      return NULL;
    }
  credentials = lf_credentials_new (key_id, secret, token, NULL);
  return lf_static_credentials_provider_new (credentials);
}

static gboolean
parse_duration (const char  *text,
                const char  *where,
                guint       *seconds,
                GError     **error)
{
  char *end = NULL;
  guint64 value;

  if (text == NULL)
    {
      *seconds = 0;
      return TRUE;
    }
  value = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '\0' || value < 900 || value > 43200)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s: duration_seconds “%s” is not a number of seconds from 900 to 43200"),
                   where, text);
      return FALSE;
    }
  *seconds = (guint) value;
  return TRUE;
}

static LfCredentialsProvider *
assume_role (Resolve     *resolve,
             const char  *name,
             const char  *role_arn,
             const char  *role_where,
             GError     **error)
{
  LfProfileCredentialsProvider *self = resolve->self;
  g_autoptr(LfCredentialsProvider) source = NULL;
  g_autoptr(LfCredentialsProvider) sts = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *source_where = NULL;
  const char *source_profile = get (resolve, name, "source_profile", &source_where);
  const char *credential_source = get (resolve, name, "credential_source", &source_where);
  const char *duration_where = NULL;
  const char *duration_text = get (resolve, name, "duration_seconds", &duration_where);
  const char *region = get (resolve, name, "region", NULL);
  LfAssumeRoleOptions options = { 0 };

  if (source_profile != NULL && credential_source != NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s: the AWS profile “%s” has both source_profile and credential_source; "
                     "keep one"), source_where, name);
      return NULL;
    }

  if (source_profile != NULL)
    {
      /* A profile naming itself uses its own keys as the source, as the AWS CLI does. */
      if (g_str_equal (source_profile, name))
        source = static_keys (resolve, name, error);
      else
        source = resolve_profile (resolve, source_profile, error);
      if (source == NULL)
        return NULL;
    }
  else if (credential_source != NULL)
    {
      if (g_str_equal (credential_source, "Environment"))
        source = lf_env_credentials_provider_new ((const char * const *) self->envp);
      else if (g_str_equal (credential_source, "Ec2InstanceMetadata"))
        source = lf_imds_credentials_provider_new ((const char * const *) self->envp);
      else if (g_str_equal (credential_source, "EcsContainer"))
        source = lf_container_credentials_provider_new ((const char * const *) self->envp);
      else
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                       _("%s: credential_source “%s” is none of Environment, "
                         "Ec2InstanceMetadata, EcsContainer"), source_where, credential_source);
          return NULL;
        }
    }
  else
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s: the AWS profile “%s” has role_arn but neither source_profile nor "
                     "credential_source"), role_where, name);
      return NULL;
    }

  options.role_arn = role_arn;
  options.session_name = get (resolve, name, "role_session_name", NULL);
  options.external_id = get (resolve, name, "external_id", NULL);
  options.mfa_serial = get (resolve, name, "mfa_serial", NULL);
  options.region = region;
  options.endpoint_url = lf_credentials_env_get (self->envp, "AWS_ENDPOINT_URL_STS");
  if (!parse_duration (duration_text, duration_where, &options.duration_seconds, error))
    return NULL;

  sts = lf_sts_credentials_provider_new (source, &options, &local_error);
  if (sts == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS, "%s: %s", role_where,
                   local_error->message);
      return NULL;
    }
  if (self->mfa_func != NULL)
    lf_sts_credentials_provider_set_mfa_func (LF_STS_CREDENTIALS_PROVIDER (sts),
                                              self->mfa_func, self->mfa_data, NULL);

  return lf_caching_credentials_provider_new (sts, LF_CACHING_DEFAULT_REFRESH_SECONDS);
}

/* Where the profile that led here names the next one (its source_profile), if one did. */
static const char *
where_named (Resolve *resolve)
{
  const char *where = NULL;

  if (resolve->visited->len > 0)
    get (resolve, g_ptr_array_index (resolve->visited, resolve->visited->len - 1),
         "source_profile", &where);
  return where;
}

/* FALSE, with @error, when @name was visited already (a loop) or the chain is too long. */
static gboolean
check_chain (Resolve     *resolve,
             const char  *name,
             GError     **error)
{
  g_autoptr(GString) loop = NULL;
  const char *where;

  if (g_ptr_array_find_with_equal_func (resolve->visited, name, g_str_equal, NULL))
    {
      loop = g_string_new (NULL);
      for (guint j = 0; j < resolve->visited->len; j++)
        g_string_append_printf (loop, "%s → ", (char *) g_ptr_array_index (resolve->visited, j));
      g_string_append (loop, name);
      where = where_named (resolve);
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s: the profiles' source_profile settings go round in a loop: %s"),
                   where ? where : "source_profile", loop->str);
      return FALSE;
    }
  if (resolve->visited->len >= MAX_CHAIN)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("The chain of source_profile settings is longer than %u profiles"), MAX_CHAIN);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_exists (Resolve     *resolve,
              const char  *name,
              GError     **error)
{
  const char *from;

  if (lf_aws_config_has_profile (resolve->config, name))
    return TRUE;
  from = where_named (resolve);
  if (from != NULL)
    g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                 _("%s: source_profile names “%s”, which is in neither the shared "
                   "credentials nor the config file"), from, name);
  else
    g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                 _("The AWS profile “%s” is not in the shared credentials or config file"),
                 name);
  return FALSE;
}

/* A profile with one key but not the other says which is missing. */
static LfCredentialsProvider *
both_keys (Resolve     *resolve,
           const char  *name,
           GError     **error)
{
  const char *key_where = NULL;

  if (get (resolve, name, "aws_access_key_id", &key_where) == NULL ||
      get (resolve, name, "aws_secret_access_key", &key_where) == NULL)
    {
      g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                   _("%s: the AWS profile “%s” has no %s"), key_where, name,
                   get (resolve, name, "aws_access_key_id", NULL) == NULL
                     ? "aws_access_key_id" : "aws_secret_access_key");
      return NULL;
    }
  return static_keys (resolve, name, error);
}

/* A profile with none of the ways this version reads: says which other way it uses. */
static void
set_no_way_error (Resolve     *resolve,
                  const char  *name,
                  GError     **error)
{
  static const char * const unsupported[] = {
    "sso_session", "sso_start_url", "web_identity_token_file",
  };
  const char *where = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (unsupported); i++)
    {
      if (get (resolve, name, unsupported[i], &where) != NULL)
        {
          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                       _("%s: the AWS profile “%s” gets its credentials through %s, which this "
                         "version cannot use; give it keys, credential_process or role_arn"),
                       where, name, unsupported[i]);
          return;
        }
    }
  g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
               _("The AWS profile “%s” has no aws_access_key_id, credential_process or role_arn"),
               name);
}

/* A role, a process, or keys, in the AWS CLI's order. */
static LfCredentialsProvider *
resolve_profile (Resolve     *resolve,
                 const char  *name,
                 GError     **error)
{
  const char *where = NULL;
  const char *role_arn;
  const char *process;

  if (!check_chain (resolve, name, error) || !check_exists (resolve, name, error))
    return NULL;
  g_ptr_array_add (resolve->visited, g_strdup (name));

  role_arn = get (resolve, name, "role_arn", &where);
  if (role_arn != NULL)
    return assume_role (resolve, name, role_arn, where, error);

  process = get (resolve, name, "credential_process", &where);
  if (process != NULL)
    {
      g_autoptr(LfCredentialsProvider) provider =
        lf_process_credentials_provider_new (process, where, resolve->self->process_timeout,
                                             error);
      return provider ? lf_caching_credentials_provider_new (provider,
                                                             LF_CACHING_DEFAULT_REFRESH_SECONDS)
                      : NULL;
    }

  if (get (resolve, name, "aws_access_key_id", NULL) != NULL ||
      get (resolve, name, "aws_secret_access_key", NULL) != NULL)
    return both_keys (resolve, name, error);

  set_no_way_error (resolve, name, error);
  return NULL;
}

/* NULL with @error when the files or the profile are unusable. */
static LfCredentialsProvider *
resolve_tree (LfProfileCredentialsProvider  *self,
              GError                       **error)
{
  g_autoptr(LfAwsConfig) config = NULL;
  g_autoptr(GPtrArray) visited = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GChecksum) digest = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(LfCredentialsProvider) tree = NULL;
  Resolve resolve = { self, NULL, visited, digest };

  config = lf_aws_config_load ((const char * const *) self->envp, error);
  if (config == NULL)
    return NULL;
  resolve.config = config;

  tree = resolve_profile (&resolve, profile_name (self), error);
  if (tree == NULL)
    return NULL;

  /* The same settings as last time: keep what was built, and with it what it cached. */
  if (self->resolved != NULL &&
      g_strcmp0 (self->resolved_digest, g_checksum_get_string (digest)) == 0)
    return g_object_ref (self->resolved);

  g_set_object (&self->resolved, tree);
  g_free (self->resolved_digest);
  self->resolved_digest = g_strdup (g_checksum_get_string (digest));
  return g_steal_pointer (&tree);
}

static void
lf_profile_credentials_provider_get_credentials_async (LfCredentialsProvider *provider,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data)
{
  LfProfileCredentialsProvider *self = LF_PROFILE_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(LfCredentialsProvider) tree = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, lf_profile_credentials_provider_get_credentials_async);

  tree = resolve_tree (self, &error);
  if (tree == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  lf_credentials_provider_get_credentials_async (tree, cancellable, lf_credentials_forward_to_task,
                                                 g_steal_pointer (&task));
}

static char *
lf_profile_credentials_provider_get_region (LfCredentialsProvider *provider)
{
  LfProfileCredentialsProvider *self = LF_PROFILE_CREDENTIALS_PROVIDER (provider);
  g_autoptr(LfAwsConfig) config = lf_aws_config_load ((const char * const *) self->envp, NULL);

  if (config == NULL)
    return NULL;
  return g_strdup (lf_aws_config_get (config, profile_name (self), "region", NULL));
}

static void
lf_profile_credentials_provider_invalidate (LfCredentialsProvider *provider)
{
  LfProfileCredentialsProvider *self = LF_PROFILE_CREDENTIALS_PROVIDER (provider);

  g_clear_object (&self->resolved);
  g_clear_pointer (&self->resolved_digest, g_free);
}

static void
provider_iface_init (LfCredentialsProviderInterface *iface)
{
  iface->describe = lf_profile_credentials_provider_describe;
  iface->get_credentials_async = lf_profile_credentials_provider_get_credentials_async;
  iface->get_region = lf_profile_credentials_provider_get_region;
  iface->invalidate = lf_profile_credentials_provider_invalidate;
}

static void
lf_profile_credentials_provider_dispose (GObject *object)
{
  LfProfileCredentialsProvider *self = (LfProfileCredentialsProvider *) object;

  g_clear_object (&self->resolved);
  if (self->mfa_destroy != NULL)
    self->mfa_destroy (self->mfa_data);
  self->mfa_destroy = NULL;
  self->mfa_func = NULL;

  G_OBJECT_CLASS (lf_profile_credentials_provider_parent_class)->dispose (object);
}

static void
lf_profile_credentials_provider_finalize (GObject *object)
{
  LfProfileCredentialsProvider *self = (LfProfileCredentialsProvider *) object;

  g_clear_pointer (&self->profile, g_free);
  g_clear_pointer (&self->envp, g_strfreev);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->resolved_digest, g_free);

  G_OBJECT_CLASS (lf_profile_credentials_provider_parent_class)->finalize (object);
}

static void
lf_profile_credentials_provider_class_init (LfProfileCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lf_profile_credentials_provider_dispose;
  G_OBJECT_CLASS (klass)->finalize = lf_profile_credentials_provider_finalize;
}

static void
lf_profile_credentials_provider_init (LfProfileCredentialsProvider *self)
{
  self->process_timeout = LF_PROCESS_DEFAULT_TIMEOUT_SECONDS;
}

LfCredentialsProvider *
lf_profile_credentials_provider_new (const char         *profile,
                                     const char * const *envp)
{
  LfProfileCredentialsProvider *self = g_object_new (LF_TYPE_PROFILE_CREDENTIALS_PROVIDER, NULL);

  self->profile = (profile && *profile) ? g_strdup (profile) : NULL;
  self->envp = envp ? g_strdupv ((char **) envp) : NULL;

  return LF_CREDENTIALS_PROVIDER (self);
}

void
lf_profile_credentials_provider_set_mfa_func (LfProfileCredentialsProvider *self,
                                              LfMfaFunc                     func,
                                              gpointer                      user_data,
                                              GDestroyNotify                destroy)
{
  g_return_if_fail (LF_IS_PROFILE_CREDENTIALS_PROVIDER (self));

  if (self->mfa_destroy != NULL)
    self->mfa_destroy (self->mfa_data);
  self->mfa_func = func;
  self->mfa_data = user_data;
  self->mfa_destroy = destroy;
  lf_profile_credentials_provider_invalidate (LF_CREDENTIALS_PROVIDER (self));
}

void
lf_profile_credentials_provider_set_process_timeout (LfProfileCredentialsProvider *self,
                                                     guint                         seconds)
{
  g_return_if_fail (LF_IS_PROFILE_CREDENTIALS_PROVIDER (self));

  self->process_timeout = seconds ? seconds : LF_PROCESS_DEFAULT_TIMEOUT_SECONDS;
  lf_profile_credentials_provider_invalidate (LF_CREDENTIALS_PROVIDER (self));
}
