/* lf-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-account.h"
#include "lf-aws-error.h"
#include "lf-endpoint.h"
#include "lf-sts-credentials-provider.h"

#define MAX_NAME_LENGTH 64

struct _LfAccount
{
  GObject parent_instance;

  char *name;
  LfAuthType auth_type;
  char *region;
  char *endpoint_url;
  gboolean allow_plain_http;
  char *ca_file;
  gboolean is_default;
  guint duration_seconds;
  char *fields[LF_ACCOUNT_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (LfAccount, lf_account, G_TYPE_OBJECT)

G_DEFINE_QUARK (lf-account-error-quark, lf_account_error)

enum {
  PROP_0,
  PROP_NAME,
  PROP_AUTH_TYPE,
  PROP_REGION,
  PROP_ENDPOINT_URL,
  PROP_ALLOW_PLAIN_HTTP,
  PROP_CA_FILE,
  PROP_IS_DEFAULT,
  PROP_DURATION_SECONDS,
  PROP_FIRST_FIELD,
  N_PROPS = PROP_FIRST_FIELD + LF_ACCOUNT_N_FIELDS
};

static GParamSpec *properties[N_PROPS];

static const char * const field_keys[LF_ACCOUNT_N_FIELDS] = {
  [LF_ACCOUNT_FIELD_ACCESS_KEY_ID] = "access_key_id",
  [LF_ACCOUNT_FIELD_PROFILE_NAME] = "profile_name",
  [LF_ACCOUNT_FIELD_ROLE_ARN] = "role_arn",
  [LF_ACCOUNT_FIELD_SOURCE_ACCOUNT] = "source_account",
  [LF_ACCOUNT_FIELD_SOURCE_PROFILE] = "source_profile",
  [LF_ACCOUNT_FIELD_SESSION_NAME] = "session_name",
  [LF_ACCOUNT_FIELD_EXTERNAL_ID] = "external_id",
  [LF_ACCOUNT_FIELD_MFA_SERIAL] = "mfa_serial",
  [LF_ACCOUNT_FIELD_TRUST_ANCHOR_ARN] = "trust_anchor_arn",
  [LF_ACCOUNT_FIELD_PROFILE_ARN] = "profile_arn",
  [LF_ACCOUNT_FIELD_CERTIFICATE_PATH] = "certificate_path",
  [LF_ACCOUNT_FIELD_CHAIN_PATH] = "chain_path",
  [LF_ACCOUNT_FIELD_PRIVATE_KEY_PATH] = "private_key_path",
};

static const GEnumValue auth_type_values[] = {
  { LF_AUTH_ACCESS_KEY, "LF_AUTH_ACCESS_KEY", "access-key" },
  { LF_AUTH_PROFILE, "LF_AUTH_PROFILE", "profile" },
  { LF_AUTH_INSTANCE_ROLE, "LF_AUTH_INSTANCE_ROLE", "instance-role" },
  { LF_AUTH_ASSUME_ROLE, "LF_AUTH_ASSUME_ROLE", "assume-role" },
  { LF_AUTH_ROLES_ANYWHERE, "LF_AUTH_ROLES_ANYWHERE", "roles-anywhere" },
  { LF_AUTH_SANDBOX, "LF_AUTH_SANDBOX", "sandbox" },
  { 0, NULL, NULL }
};

GType
lf_auth_type_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("LfAuthType", auth_type_values));
  return type_id;
}

const char *
lf_auth_type_to_string (LfAuthType type)
{
  for (guint i = 0; auth_type_values[i].value_nick; i++)
    if ((LfAuthType) auth_type_values[i].value == type)
      return auth_type_values[i].value_nick;
  return NULL;
}

gboolean
lf_auth_type_from_string (const char *text,
                          LfAuthType *type)
{
  for (guint i = 0; text && auth_type_values[i].value_nick; i++)
    {
      if (g_str_equal (text, auth_type_values[i].value_nick))
        {
          *type = auth_type_values[i].value;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
lf_account_field_get_key (LfAccountField field)
{
  g_return_val_if_fail (field < LF_ACCOUNT_N_FIELDS, NULL);

  return field_keys[field];
}

gboolean
lf_account_field_from_key (const char     *key,
                           LfAccountField *field)
{
  for (guint i = 0; key && i < LF_ACCOUNT_N_FIELDS; i++)
    {
      if (g_str_equal (key, field_keys[i]))
        {
          *field = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Setters store NULL for "", and notify only on change. */
static gboolean
set_string (char       **slot,
            const char  *value)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static void
lf_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LfAccount *self = LF_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_AUTH_TYPE:
      g_value_set_enum (value, self->auth_type);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_ENDPOINT_URL:
      g_value_set_string (value, self->endpoint_url);
      break;
    case PROP_ALLOW_PLAIN_HTTP:
      g_value_set_boolean (value, self->allow_plain_http);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_IS_DEFAULT:
      g_value_set_boolean (value, self->is_default);
      break;
    case PROP_DURATION_SECONDS:
      g_value_set_uint (value, self->duration_seconds);
      break;
    default:
      if (prop_id >= PROP_FIRST_FIELD && prop_id < N_PROPS)
        g_value_set_string (value, self->fields[prop_id - PROP_FIRST_FIELD]);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LfAccount *self = LF_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_AUTH_TYPE:
      lf_account_set_auth_type (self, g_value_get_enum (value));
      break;
    case PROP_REGION:
      lf_account_set_region (self, g_value_get_string (value));
      break;
    case PROP_ENDPOINT_URL:
      lf_account_set_endpoint_url (self, g_value_get_string (value));
      break;
    case PROP_ALLOW_PLAIN_HTTP:
      lf_account_set_allow_plain_http (self, g_value_get_boolean (value));
      break;
    case PROP_CA_FILE:
      lf_account_set_ca_file (self, g_value_get_string (value));
      break;
    case PROP_IS_DEFAULT:
      lf_account_set_is_default (self, g_value_get_boolean (value));
      break;
    case PROP_DURATION_SECONDS:
      lf_account_set_duration_seconds (self, g_value_get_uint (value));
      break;
    default:
      if (prop_id >= PROP_FIRST_FIELD && prop_id < N_PROPS)
        lf_account_set_field (self, prop_id - PROP_FIRST_FIELD, g_value_get_string (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_account_finalize (GObject *object)
{
  LfAccount *self = (LfAccount *) object;

  g_free (self->name);
  g_free (self->region);
  g_free (self->endpoint_url);
  g_free (self->ca_file);
  for (guint i = 0; i < LF_ACCOUNT_N_FIELDS; i++)
    g_free (self->fields[i]);

  G_OBJECT_CLASS (lf_account_parent_class)->finalize (object);
}

static void
lf_account_class_init (LfAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = lf_account_get_property;
  object_class->set_property = lf_account_set_property;
  object_class->finalize = lf_account_finalize;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTH_TYPE] =
    g_param_spec_enum ("auth-type", NULL, NULL, LF_TYPE_AUTH_TYPE, LF_AUTH_ACCESS_KEY, rw);
  properties[PROP_REGION] = g_param_spec_string ("region", NULL, NULL, NULL, rw);
  properties[PROP_ENDPOINT_URL] = g_param_spec_string ("endpoint-url", NULL, NULL, NULL, rw);
  properties[PROP_ALLOW_PLAIN_HTTP] =
    g_param_spec_boolean ("allow-plain-http", NULL, NULL, FALSE, rw);
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);
  properties[PROP_IS_DEFAULT] = g_param_spec_boolean ("is-default", NULL, NULL, FALSE, rw);
  properties[PROP_DURATION_SECONDS] =
    g_param_spec_uint ("duration-seconds", NULL, NULL, 0, 43200, 0, rw);

  /* One string property a field, named after its key ("role-arn"); the names are static. */
  for (guint i = 0; i < LF_ACCOUNT_N_FIELDS; i++)
    {
      static char names[LF_ACCOUNT_N_FIELDS][32];

      g_strlcpy (names[i], field_keys[i], sizeof names[i]);
      g_strdelimit (names[i], "_", '-');
      properties[PROP_FIRST_FIELD + i] = g_param_spec_string (names[i], NULL, NULL, NULL, rw);
    }

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_account_init (LfAccount *self)
{
}

LfAccount *
lf_account_new (const char *name,
                LfAuthType  auth_type)
{
  return g_object_new (LF_TYPE_ACCOUNT, "name", name, "auth-type", auth_type, NULL);
}

LfAccount *
lf_account_copy (LfAccount *self)
{
  LfAccount *copy;

  g_return_val_if_fail (LF_IS_ACCOUNT (self), NULL);

  copy = lf_account_new (self->name, self->auth_type);
  copy->region = g_strdup (self->region);
  copy->endpoint_url = g_strdup (self->endpoint_url);
  copy->allow_plain_http = self->allow_plain_http;
  copy->ca_file = g_strdup (self->ca_file);
  copy->is_default = self->is_default;
  copy->duration_seconds = self->duration_seconds;
  for (guint i = 0; i < LF_ACCOUNT_N_FIELDS; i++)
    copy->fields[i] = g_strdup (self->fields[i]);
  return copy;
}

const char *
lf_account_get_name (LfAccount *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT (self), NULL);
  return self->name;
}

LfAuthType
lf_account_get_auth_type (LfAccount *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT (self), LF_AUTH_ACCESS_KEY);
  return self->auth_type;
}

void
lf_account_set_auth_type (LfAccount  *self,
                          LfAuthType  auth_type)
{
  g_return_if_fail (LF_IS_ACCOUNT (self));

  if (self->auth_type == auth_type)
    return;
  self->auth_type = auth_type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH_TYPE]);
}

const char *
lf_account_get_region (LfAccount *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT (self), NULL);
  return self->region;
}

void
lf_account_set_region (LfAccount  *self,
                       const char *region)
{
  g_return_if_fail (LF_IS_ACCOUNT (self));

  if (set_string (&self->region, region))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

const char *
lf_account_get_endpoint_url (LfAccount *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT (self), NULL);
  return self->endpoint_url;
}

void
lf_account_set_endpoint_url (LfAccount  *self,
                             const char *endpoint_url)
{
  g_return_if_fail (LF_IS_ACCOUNT (self));

  if (set_string (&self->endpoint_url, endpoint_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT_URL]);
}

gboolean
lf_account_get_allow_plain_http (LfAccount *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT (self), FALSE);
  return self->allow_plain_http;
}

void
lf_account_set_allow_plain_http (LfAccount *self,
                                 gboolean   allow)
{
  g_return_if_fail (LF_IS_ACCOUNT (self));

  allow = !!allow;
  if (self->allow_plain_http == allow)
    return;
  self->allow_plain_http = allow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_PLAIN_HTTP]);
}

const char *
lf_account_get_ca_file (LfAccount *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT (self), NULL);
  return self->ca_file;
}

void
lf_account_set_ca_file (LfAccount  *self,
                        const char *ca_file)
{
  g_return_if_fail (LF_IS_ACCOUNT (self));

  if (set_string (&self->ca_file, ca_file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

gboolean
lf_account_get_is_default (LfAccount *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT (self), FALSE);
  return self->is_default;
}

void
lf_account_set_is_default (LfAccount *self,
                           gboolean   is_default)
{
  g_return_if_fail (LF_IS_ACCOUNT (self));

  is_default = !!is_default;
  if (self->is_default == is_default)
    return;
  self->is_default = is_default;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DEFAULT]);
}

guint
lf_account_get_duration_seconds (LfAccount *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT (self), 0);
  return self->duration_seconds;
}

void
lf_account_set_duration_seconds (LfAccount *self,
                                 guint      seconds)
{
  g_return_if_fail (LF_IS_ACCOUNT (self));

  if (self->duration_seconds == seconds)
    return;
  self->duration_seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_SECONDS]);
}

const char *
lf_account_get_field (LfAccount      *self,
                      LfAccountField  field)
{
  g_return_val_if_fail (LF_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (field < LF_ACCOUNT_N_FIELDS, NULL);

  return self->fields[field];
}

void
lf_account_set_field (LfAccount      *self,
                      LfAccountField  field,
                      const char     *value)
{
  g_return_if_fail (LF_IS_ACCOUNT (self));
  g_return_if_fail (field < LF_ACCOUNT_N_FIELDS);

  if (set_string (&self->fields[field], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FIELD + field]);
}

/* Validation ------------------------------------------------------------------------------- */

gboolean
lf_account_validate_name (const char  *name,
                          GError     **error)
{
  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                           _("An account needs a name"));
      return FALSE;
    }
  if (!g_ascii_isalpha (name[0]))
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                   _("The account name “%s” must start with a letter"), name);
      return FALSE;
    }
  for (const char *p = name; *p; p++)
    {
      if (!(g_ascii_isalnum (*p) || *p == '_'))
        {
          g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                       _("The account name “%s” may only hold letters, digits and “_”"), name);
          return FALSE;
        }
    }
  if (strlen (name) > MAX_NAME_LENGTH)
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                   _("The account name “%s” is longer than %u characters"), name, MAX_NAME_LENGTH);
      return FALSE;
    }
  return TRUE;
}

/* The other modules' errors, carried over into this domain with their words. */
static gboolean
carry (gboolean   ok,
       GError   **local_error,
       GError   **error)
{
  /* @local_error by address: it is read after the call that set it. */
  if (!ok)
    {
      g_set_error_literal (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                           (*local_error)->message);
      g_clear_error (local_error);
    }
  return ok;
}

gboolean
lf_account_validate_endpoint (const char  *url,
                              gboolean     allow_plain_http,
                              GError     **error)
{
  GError *local_error = NULL;

  return carry (lf_endpoint_validate_url (url, allow_plain_http, &local_error), &local_error,
                error);
}

static gboolean
require (LfAccount       *self,
         LfAccountField   field,
         GError         **error)
{
  if (self->fields[field] != NULL)
    return TRUE;
  g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
               _("The %s account “%s” needs %s"), lf_auth_type_to_string (self->auth_type),
               self->name, field_keys[field]);
  return FALSE;
}

gboolean
lf_account_validate (LfAccount  *self,
                     GError    **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (LF_IS_ACCOUNT (self), FALSE);

  if (!lf_account_validate_name (self->name, error))
    return FALSE;

  if (self->endpoint_url != NULL &&
      !lf_account_validate_endpoint (self->endpoint_url, self->allow_plain_http, error))
    return FALSE;

  /* A custom endpoint may use any well-formed region name (LocalStack accepts made-up ones). */
  if (self->region == NULL)
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                   _("The account “%s” needs a region"), self->name);
      return FALSE;
    }
  {
    g_autofree char *url = lf_endpoint_resolve (self->region, self->endpoint_url, &local_error);

    if (!carry (url != NULL, &local_error, error))
      return FALSE;
  }

  if (self->ca_file != NULL && !g_file_test (self->ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                   _("The CA file %s of the account “%s” does not exist"), self->ca_file,
                   self->name);
      return FALSE;
    }

  switch (self->auth_type)
    {
    case LF_AUTH_ACCESS_KEY:
      if (!require (self, LF_ACCOUNT_FIELD_ACCESS_KEY_ID, error))
        return FALSE;
      for (const char *p = self->fields[LF_ACCOUNT_FIELD_ACCESS_KEY_ID]; *p; p++)
        {
          if (!g_ascii_isalnum (*p))
            {
              g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                           _("The access key ID of the account “%s” may only hold letters and "
                             "digits"), self->name);
              return FALSE;
            }
        }
      return TRUE;

    case LF_AUTH_PROFILE:
      return require (self, LF_ACCOUNT_FIELD_PROFILE_NAME, error);

    case LF_AUTH_INSTANCE_ROLE:
      return TRUE;

    case LF_AUTH_ASSUME_ROLE:
      if (!require (self, LF_ACCOUNT_FIELD_ROLE_ARN, error))
        return FALSE;
      if ((self->fields[LF_ACCOUNT_FIELD_SOURCE_ACCOUNT] == NULL) ==
          (self->fields[LF_ACCOUNT_FIELD_SOURCE_PROFILE] == NULL))
        {
          g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                       _("The assume-role account “%s” needs exactly one of source_account and "
                         "source_profile"), self->name);
          return FALSE;
        }
      if (g_strcmp0 (self->fields[LF_ACCOUNT_FIELD_SOURCE_ACCOUNT], self->name) == 0)
        {
          g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                       _("The account “%s” cannot be its own source account"), self->name);
          return FALSE;
        }
      return carry (lf_sts_validate_role_arn (self->fields[LF_ACCOUNT_FIELD_ROLE_ARN],
                                              &local_error), &local_error, error) &&
             (self->fields[LF_ACCOUNT_FIELD_SESSION_NAME] == NULL ||
              carry (lf_sts_validate_session_name (self->fields[LF_ACCOUNT_FIELD_SESSION_NAME],
                                                   &local_error), &local_error, error)) &&
             carry (lf_sts_validate_duration (self->duration_seconds, &local_error),
                    &local_error, error);

    case LF_AUTH_ROLES_ANYWHERE:
      return require (self, LF_ACCOUNT_FIELD_TRUST_ANCHOR_ARN, error) &&
             require (self, LF_ACCOUNT_FIELD_PROFILE_ARN, error) &&
             require (self, LF_ACCOUNT_FIELD_ROLE_ARN, error) &&
             require (self, LF_ACCOUNT_FIELD_CERTIFICATE_PATH, error) &&
             require (self, LF_ACCOUNT_FIELD_PRIVATE_KEY_PATH, error);

    case LF_AUTH_SANDBOX:
      /* Without a URL it names the sandbox the app starts for itself. */
      return TRUE;

    default:
      g_set_error (error, LF_ACCOUNT_ERROR, LF_ACCOUNT_ERROR_INVALID,
                   _("The account “%s” has an unknown authentication type"), self->name);
      return FALSE;
    }
}
