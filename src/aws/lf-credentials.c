/* lf-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-credentials.h"
#include "lf-aws-error.h"

struct _LfCredentials
{
  gatomicrefcount ref_count;
  char *access_key_id;
  char *secret_access_key;
  char *session_token;
  GDateTime *expiration;
};

G_DEFINE_BOXED_TYPE (LfCredentials, lf_credentials, lf_credentials_ref, lf_credentials_unref)

/* Overwrites a secret before its memory goes back to the allocator, so that it does not
 * linger in freed heap pages (and core dumps). */
void
lf_secret_wipe (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

LfCredentials *
lf_credentials_new (const char *access_key_id,
                    const char *secret_access_key,
                    const char *session_token,
                    GDateTime  *expiration)
{
  LfCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_new0 (LfCredentials, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = (session_token && *session_token) ? g_strdup (session_token) : NULL;
  self->expiration = expiration ? g_date_time_ref (expiration) : NULL;

  return self;
}

LfCredentials *
lf_credentials_ref (LfCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lf_credentials_unref (LfCredentials *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->access_key_id);
  lf_secret_wipe (self->secret_access_key);
  lf_secret_wipe (self->session_token);
  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_free (self);
}

const char *
lf_credentials_get_access_key_id (LfCredentials *self)
{
  return self->access_key_id;
}

const char *
lf_credentials_get_secret_access_key (LfCredentials *self)
{
  return self->secret_access_key;
}

const char *
lf_credentials_get_session_token (LfCredentials *self)
{
  return self->session_token;
}

GDateTime *
lf_credentials_get_expiration (LfCredentials *self)
{
  return self->expiration;
}

/* TRUE when the credentials stop working within @span microseconds from now; credentials
 * without an expiration never expire. */
gboolean
lf_credentials_expires_within (LfCredentials *self,
                               GTimeSpan      span)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->expiration == NULL)
    return FALSE;

  now = g_date_time_new_now_utc ();
  return g_date_time_difference (self->expiration, now) <= span;
}

/* An access key id as messages show it: its first and last four characters only (a secret
 * pasted into the wrong field must not be printed whole). */
char *
lf_credentials_redact_key_id (const char *access_key_id)
{
  gsize length = access_key_id ? strlen (access_key_id) : 0;

  if (length == 0)
    return g_strdup ("");
  if (length <= 8)
    return g_strdup ("…");
  return g_strdup_printf ("%.4s…%s", access_key_id, access_key_id + length - 4);
}

gboolean
lf_credentials_validate (const char  *access_key_id,
                         const char  *secret_access_key,
                         GError     **error)
{
  if (access_key_id == NULL || *access_key_id == '\0')
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           _("The access key ID is empty"));
      return FALSE;
    }

  for (const char *p = access_key_id; *p; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          g_autofree char *shown = lf_credentials_redact_key_id (access_key_id);

          g_set_error (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                       _("The access key ID “%s” may only hold letters and digits"), shown);
          return FALSE;
        }
    }

  if (secret_access_key == NULL || *secret_access_key == '\0')
    {
      g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                           _("The secret access key is empty"));
      return FALSE;
    }

  for (const char *p = secret_access_key; *p; p++)
    {
      if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f)
        {
          /* Never quote the secret itself in an error. */
          g_set_error_literal (error, LF_AWS_ERROR, LF_AWS_ERROR_CREDENTIALS,
                               _("The secret access key holds spaces or characters that are not "
                                 "printable ASCII"));
          return FALSE;
        }
    }

  return TRUE;
}
