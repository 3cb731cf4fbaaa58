/* lf-invoke-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-lambda"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lf-invoke-result.h"
#include "lf-json-util.h"

G_DEFINE_BOXED_TYPE (LfInvokeResult, lf_invoke_result, lf_invoke_result_copy, lf_invoke_result_free)

static void
lf_invoke_result_clear_strings (LfInvokeResult *result)
{
  g_clear_pointer (&result->function_error, g_free);
  g_clear_pointer (&result->executed_version, g_free);
  g_clear_pointer (&result->payload, g_bytes_unref);
  g_clear_pointer (&result->log_result, g_free);
  g_clear_pointer (&result->request_id, g_free);
  g_clear_pointer (&result->error_details, g_free);
}

void
lf_invoke_result_free (LfInvokeResult *result)
{
  if (result == NULL)
    return;
  lf_invoke_result_clear_strings (result);
  g_free (result);
}

LfInvokeResult *
lf_invoke_result_copy (const LfInvokeResult *result)
{
  LfInvokeResult *copy = g_memdup2 (result, sizeof *result);

  copy->function_error = g_strdup (result->function_error);
  copy->executed_version = g_strdup (result->executed_version);
  copy->payload = result->payload ? g_bytes_ref (result->payload) : NULL;
  copy->log_result = g_strdup (result->log_result);
  copy->request_id = g_strdup (result->request_id);
  copy->error_details = g_strdup (result->error_details);

  return copy;
}

/* "REPORT RequestId: …\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\t
 * Max Memory Used: 40 MB\tInit Duration: 50.00 ms" */
void
lf_invoke_result_parse_report (LfInvokeResult *result,
                               const char     *log)
{
  const char *line = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *copy = NULL;
  char *end;

  result->has_report = FALSE;
  if (log == NULL)
    return;

  for (const char *p = log; (p = strstr (p, "REPORT ")) != NULL; p++)
    if (p == log || p[-1] == '\n')
      line = p;
  if (line == NULL)
    return;

  copy = g_strdup (line);
  if ((end = strchr (copy, '\n')) != NULL)
    *end = '\0';

  fields = g_strsplit (copy, "\t", -1);
  for (guint i = 0; fields[i]; i++)
    {
      static const struct { const char *key; gsize offset; } keys[] = {
        { "Duration:", G_STRUCT_OFFSET (LfInvokeResult, duration_ms) },
        { "Billed Duration:", G_STRUCT_OFFSET (LfInvokeResult, billed_duration_ms) },
        { "Memory Size:", G_STRUCT_OFFSET (LfInvokeResult, memory_size_mb) },
        { "Max Memory Used:", G_STRUCT_OFFSET (LfInvokeResult, max_memory_used_mb) },
        { "Init Duration:", G_STRUCT_OFFSET (LfInvokeResult, init_duration_ms) },
      };
      const char *field = g_strstrip (fields[i]);

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          if (g_str_has_prefix (field, keys[k].key))
            {
              double *slot = G_STRUCT_MEMBER_P (result, keys[k].offset);

              *slot = g_ascii_strtod (field + strlen (keys[k].key), NULL);
              result->has_report = TRUE;
            }
        }
    }
}

/* Milliseconds to the microsecond: what a person reads, not binary noise. */
static void
add_figure (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, round (value * 1000.0) / 1000.0);
}

JsonNode *
lf_invoke_result_to_json (const LfInvokeResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gsize size = 0;
  const char *data = result->payload ? g_bytes_get_data (result->payload, &size) : NULL;
  g_autoptr(JsonNode) payload = lf_json_parse_bytes (result->payload, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "StatusCode");
  json_builder_add_int_value (builder, result->status_code);
  if (result->function_error)
    {
      json_builder_set_member_name (builder, "FunctionError");
      json_builder_add_string_value (builder, result->function_error);
    }
  if (result->executed_version)
    {
      json_builder_set_member_name (builder, "ExecutedVersion");
      json_builder_add_string_value (builder, result->executed_version);
    }
  if (result->request_id)
    {
      json_builder_set_member_name (builder, "RequestId");
      json_builder_add_string_value (builder, result->request_id);
    }
  if (result->log_result)
    {
      json_builder_set_member_name (builder, "LogResult");
      json_builder_add_string_value (builder, result->log_result);
    }
  if (result->has_report)
    {
      json_builder_set_member_name (builder, "Report");
      json_builder_begin_object (builder);
      add_figure (builder, "DurationMs", result->duration_ms);
      add_figure (builder, "BilledDurationMs", result->billed_duration_ms);
      add_figure (builder, "MemorySizeMB", result->memory_size_mb);
      add_figure (builder, "MaxMemoryUsedMB", result->max_memory_used_mb);
      if (result->init_duration_ms > 0)
        {
          add_figure (builder, "InitDurationMs", result->init_duration_ms);
        }
      json_builder_end_object (builder);
    }
  add_figure (builder, "RoundTripMs", result->round_trip_ms);
  if (result->error_details)
    {
      json_builder_set_member_name (builder, "ErrorDetails");
      json_builder_add_string_value (builder, result->error_details);
    }
  if (result->streamed)
    {
      json_builder_set_member_name (builder, "Stream");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Bytes");
      json_builder_add_int_value (builder, (gint64) result->stream_bytes);
      json_builder_set_member_name (builder, "Chunks");
      json_builder_add_int_value (builder, result->stream_chunks);
      add_figure (builder, "FirstChunkMs", result->first_chunk_ms);
      json_builder_end_object (builder);
    }

  if (data != NULL && size > 0)
    {
      json_builder_set_member_name (builder, "Payload");
      if (payload != NULL)
        {
          json_builder_add_value (builder, g_steal_pointer (&payload));
          json_builder_set_member_name (builder, "PayloadEncoding");
          json_builder_add_string_value (builder, "json");
        }
      else if (g_utf8_validate (data, size, NULL))
        {
          g_autofree char *text = g_strndup (data, size);
          json_builder_add_string_value (builder, text);
          json_builder_set_member_name (builder, "PayloadEncoding");
          json_builder_add_string_value (builder, "text");
        }
      else
        {
          g_autofree char *b64 = g_base64_encode ((const guchar *) data, size);
          json_builder_add_string_value (builder, b64);
          json_builder_set_member_name (builder, "PayloadEncoding");
          json_builder_add_string_value (builder, "base64");
        }
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

