/* lf-account.h: a named way to reach AWS (or the local sandbox), without its secrets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lf-account-error.h"

G_BEGIN_DECLS

typedef enum
{
  LF_AUTH_ACCESS_KEY,
  LF_AUTH_PROFILE,
  LF_AUTH_INSTANCE_ROLE,
  LF_AUTH_ASSUME_ROLE,
  LF_AUTH_ROLES_ANYWHERE,
  LF_AUTH_SANDBOX,
} LfAuthType;

/* The settings that depend on the authentication type; all optional strings. */
typedef enum
{
  LF_ACCOUNT_FIELD_ACCESS_KEY_ID,      /* access-key */
  LF_ACCOUNT_FIELD_PROFILE_NAME,       /* profile */
  LF_ACCOUNT_FIELD_ROLE_ARN,           /* assume-role, roles-anywhere */
  LF_ACCOUNT_FIELD_SOURCE_ACCOUNT,     /* assume-role: another account… */
  LF_ACCOUNT_FIELD_SOURCE_PROFILE,     /* …or an AWS CLI profile */
  LF_ACCOUNT_FIELD_SESSION_NAME,       /* assume-role, roles-anywhere */
  LF_ACCOUNT_FIELD_EXTERNAL_ID,        /* assume-role */
  LF_ACCOUNT_FIELD_MFA_SERIAL,         /* assume-role */
  LF_ACCOUNT_FIELD_TRUST_ANCHOR_ARN,   /* roles-anywhere */
  LF_ACCOUNT_FIELD_PROFILE_ARN,        /* roles-anywhere */
  LF_ACCOUNT_FIELD_CERTIFICATE_PATH,   /* roles-anywhere */
  LF_ACCOUNT_FIELD_CHAIN_PATH,         /* roles-anywhere */
  LF_ACCOUNT_FIELD_PRIVATE_KEY_PATH,   /* roles-anywhere */
  LF_ACCOUNT_N_FIELDS,
} LfAccountField;

#define LF_TYPE_AUTH_TYPE (lf_auth_type_get_type ())
GType        lf_auth_type_get_type       (void) G_GNUC_CONST;
const char  *lf_auth_type_to_string      (LfAuthType   type);
gboolean     lf_auth_type_from_string    (const char  *text,
                                          LfAuthType  *type);
/* The JSON key and CLI flag stem of a field: "role_arn". */
const char  *lf_account_field_get_key    (LfAccountField field);
gboolean     lf_account_field_from_key   (const char      *key,
                                          LfAccountField  *field);

#define LF_TYPE_ACCOUNT (lf_account_get_type ())

G_DECLARE_FINAL_TYPE (LfAccount, lf_account, LF, ACCOUNT, GObject)

LfAccount   *lf_account_new                  (const char   *name,
                                              LfAuthType    auth_type);
const char  *lf_account_get_name             (LfAccount    *self);
LfAuthType   lf_account_get_auth_type        (LfAccount    *self);
void         lf_account_set_auth_type        (LfAccount    *self,
                                              LfAuthType    auth_type);
const char  *lf_account_get_region           (LfAccount    *self);
void         lf_account_set_region           (LfAccount    *self,
                                              const char   *region);
const char  *lf_account_get_endpoint_url     (LfAccount    *self);
void         lf_account_set_endpoint_url     (LfAccount    *self,
                                              const char   *endpoint_url);
gboolean     lf_account_get_allow_plain_http (LfAccount    *self);
void         lf_account_set_allow_plain_http (LfAccount    *self,
                                              gboolean      allow);
const char  *lf_account_get_ca_file          (LfAccount    *self);
void         lf_account_set_ca_file          (LfAccount    *self,
                                              const char   *ca_file);
gboolean     lf_account_get_is_default       (LfAccount    *self);
void         lf_account_set_is_default       (LfAccount    *self,
                                              gboolean      is_default);
guint        lf_account_get_duration_seconds (LfAccount    *self);
void         lf_account_set_duration_seconds (LfAccount    *self,
                                              guint         seconds);
const char  *lf_account_get_field            (LfAccount    *self,
                                              LfAccountField field);
void         lf_account_set_field            (LfAccount    *self,
                                              LfAccountField field,
                                              const char   *value);
LfAccount   *lf_account_copy                 (LfAccount    *self);

/* Letters, digits and “_”, starting with a letter, at most 64 characters. */
gboolean     lf_account_validate_name        (const char   *name,
                                              GError      **error);
/* http(s) and a host; plain http only for loopback unless @allow_plain_http. */
gboolean     lf_account_validate_endpoint    (const char   *url,
                                              gboolean      allow_plain_http,
                                              GError      **error);
/* Every rule at once: name, region, endpoint, CA file, the type's required fields. */
gboolean     lf_account_validate             (LfAccount    *self,
                                              GError      **error);

G_END_DECLS
