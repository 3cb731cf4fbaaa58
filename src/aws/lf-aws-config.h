/* lf-aws-config.h: the AWS CLI's shared files, ~/.aws/credentials and ~/.aws/config
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LF_TYPE_AWS_CONFIG (lf_aws_config_get_type ())

G_DECLARE_FINAL_TYPE (LfAwsConfig, lf_aws_config, LF, AWS_CONFIG, GObject)

/* Paths honour AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE in @envp (NULL: the process
 * environment), else ~/.aws/. A missing file is not an error; a malformed one is, with its
 * file and line. */
LfAwsConfig *lf_aws_config_load          (const char * const  *envp,
                                          GError             **error);
LfAwsConfig *lf_aws_config_load_files    (const char          *credentials_path,
                                          const char          *config_path,
                                          GError             **error);
gboolean     lf_aws_config_has_profile   (LfAwsConfig         *self,
                                          const char          *profile);
/* Credentials file first, then config, as the AWS CLI does. @where (nullable) receives
 * "FILE:LINE" for messages. */
const char  *lf_aws_config_get           (LfAwsConfig         *self,
                                          const char          *profile,
                                          const char          *key,
                                          const char         **where);
char       **lf_aws_config_list_profiles (LfAwsConfig         *self);
const char  *lf_aws_config_default_profile (const char * const *envp);

G_END_DECLS
