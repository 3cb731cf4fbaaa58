/* lf-invoke-result.h: what an invocation gave back, and its figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LF_TYPE_INVOKE_RESULT (lf_invoke_result_get_type ())

typedef struct
{
  guint     status_code;
  char     *function_error;     /* "Unhandled", "Handled", or NULL */
  char     *executed_version;
  GBytes   *payload;
  char     *log_result;         /* decoded log tail, or NULL */
  char     *request_id;
  gboolean  has_report;         /* the REPORT line was found in the log */
  double    duration_ms;
  double    billed_duration_ms;
  double    memory_size_mb;
  double    max_memory_used_mb;
  double    init_duration_ms;   /* 0 when warm */
  double    round_trip_ms;      /* measured here, retries included */
  double    first_byte_ms;      /* from sending to the answer's headers */
  guint     attempts;
  /* InvokeWithResponseStream: the payload went to a chunk function as it came. */
  gboolean  streamed;
  guint64   stream_bytes;
  guint     stream_chunks;
  double    first_chunk_ms;     /* from sending to the first PayloadChunk */
  char     *error_details;      /* InvokeComplete's ErrorDetails, or NULL */
} LfInvokeResult;

GType           lf_invoke_result_get_type  (void) G_GNUC_CONST;
LfInvokeResult *lf_invoke_result_copy      (const LfInvokeResult *result);
void            lf_invoke_result_free      (LfInvokeResult       *result);
/* Parses a log tail's REPORT line into @result's figures. */
void            lf_invoke_result_parse_report (LfInvokeResult    *result,
                                               const char        *log);
/* As the CLI prints it and forms read it: StatusCode, FunctionError, ExecutedVersion,
 * RequestId, LogResult, Report {…}, RoundTripMs, Payload (JSON when it is JSON, else text or
 * base64, said by PayloadEncoding). Figures in milliseconds, at most 3 decimals. */
JsonNode       *lf_invoke_result_to_json   (const LfInvokeResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfInvokeResult, lf_invoke_result_free)

G_END_DECLS
