/* lf-sandbox-error.h: the error domain of the local Lambda sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LF_SANDBOX_ERROR (lf_sandbox_error_quark ())

/* Each code that reaches a client maps to one AWS exception (see lf_sandbox_error_to_aws ()). */
typedef enum
{
  LF_SANDBOX_ERROR_FAILED,                 /* 500 ServiceException */
  LF_SANDBOX_ERROR_INVALID_FUNCTION,       /* a function folder that cannot be served */
  LF_SANDBOX_ERROR_NOT_FOUND,              /* 404 ResourceNotFoundException */
  LF_SANDBOX_ERROR_THROTTLED,              /* 429 TooManyRequestsException */
  LF_SANDBOX_ERROR_MISSING_AUTHENTICATION, /* 403 MissingAuthenticationTokenException */
  LF_SANDBOX_ERROR_INCOMPLETE_SIGNATURE,   /* 400 IncompleteSignatureException */
  LF_SANDBOX_ERROR_UNRECOGNIZED_CLIENT,    /* 403 UnrecognizedClientException */
  LF_SANDBOX_ERROR_INVALID_SIGNATURE,      /* 403 InvalidSignatureException */
  LF_SANDBOX_ERROR_INVALID_PARAMETER,      /* 400 InvalidParameterValueException */
  LF_SANDBOX_ERROR_REQUEST_TOO_LARGE,      /* 413 RequestTooLargeException */
  LF_SANDBOX_ERROR_INVALID_CONTENT,        /* 400 InvalidRequestContentException */
  LF_SANDBOX_ERROR_UNKNOWN_OPERATION,      /* 404 UnknownOperationException */
  LF_SANDBOX_ERROR_SPAWN,                  /* an execution environment could not start */
  LF_SANDBOX_ERROR_LISTEN,                 /* the server could not listen */
  LF_SANDBOX_ERROR_STOPPED,                /* 503: the sandbox is shutting down */
} LfSandboxError;

GQuark      lf_sandbox_error_quark  (void);
const char *lf_sandbox_error_to_aws (const GError *error,
                                     guint        *status,
                                     const char  **type);

/* An error document as Lambda and its runtimes write them: {"errorMessage": …, "errorType": …},
 * without errorType when @error_type is NULL. */
GBytes     *lf_sandbox_error_document_new (const char *error_type,
                                           const char *error_message);

G_END_DECLS
