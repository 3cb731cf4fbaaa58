/* lf-event-templates.c: sample events for the common event sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lf-event-templates.h"
#include "lf-events-resources.h"
#include "lf-json-util.h"

#define RESOURCE_PATH "/org/example/LambdaForms/events/"

static const LfEventTemplate templates[] = {
  { "apigateway-rest", N_("API Gateway REST API request") },
  { "apigateway-http", N_("API Gateway HTTP API request") },
  { "function-url", N_("Function URL request") },
  { "alb", N_("Load balancer request") },
  { "s3-put", N_("S3: a file was uploaded") },
  { "sqs", N_("SQS: a message arrived") },
  { "sns", N_("SNS: a notification arrived") },
  { "eventbridge", N_("EventBridge event") },
  { "scheduled", N_("Scheduled event") },
  { "dynamodb-streams", N_("DynamoDB: a table row changed") },
  { "kinesis", N_("Kinesis: a record arrived") },
  { "cloudwatch-logs", N_("CloudWatch Logs: log lines arrived") },
};

const LfEventTemplate *
lf_event_templates_get_all (guint *n_templates)
{
  *n_templates = G_N_ELEMENTS (templates);
  return templates;
}

const LfEventTemplate *
lf_event_template_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    if (g_strcmp0 (templates[i].id, id) == 0)
      return &templates[i];
  return NULL;
}

LfTestEvent *
lf_event_template_load (const LfEventTemplate  *self,
                        GError                **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH, self->id, ".json", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) payload = NULL;
  LfTestEvent *event;

  /* The library's resources are registered with it, whoever links it. */
  lf_events_get_resource ();
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  payload = lf_json_parse_bytes (bytes, error);
  if (payload == NULL)
    return NULL;
  event = lf_test_event_new (self->id, payload, LF_TEST_EVENT_TEMPLATE);
  lf_test_event_set_title (event, _(self->title));
  return event;
}

GPtrArray *
lf_event_templates_load_all (void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      g_autoptr(GError) error = NULL;
      LfTestEvent *event = lf_event_template_load (&templates[i], &error);

      /* Compiled in and tested: a failure here is a build mistake. */
      if (event == NULL)
        g_critical ("Event template %s: %s", templates[i].id, error->message);
      else
        g_ptr_array_add (events, event);
    }
  return events;
}
