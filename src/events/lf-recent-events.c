/* lf-recent-events.c: the payloads a function was sent lately
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lf-json-util.h"
#include "lf-recent-events.h"

/* Runs looked at to find @max distinct payloads: the same payload is often sent many times. */
#define RUNS_SCANNED 50

typedef struct
{
  LfHistoryQuery *query;
  guint max;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  lf_history_query_free (lookup->query);
  g_free (lookup);
}

static char *
title_for (JsonObject *run)
{
  gint64 started = json_object_get_int_member_with_default (run, "started_at", 0);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (started / G_USEC_PER_SEC);
  g_autofree char *date = when ? g_date_time_format (when, "%e %b %H:%M") : NULL;

  if (date == NULL)
    return g_strdup (_("Sent lately"));
  /* Translators: a payload sent before; %s is a date and time ("3 Dec 18:52") */
  return g_strdup_printf (_("Sent %s"), g_strstrip (date));
}

static LfTestEvent *
event_from_run (JsonObject *whole,
                guint       index)
{
  JsonNode *request_node = json_object_get_member (whole, "request");
  JsonObject *request = request_node && JSON_NODE_HOLDS_OBJECT (request_node)
                          ? json_node_get_object (request_node) : NULL;
  JsonNode *payload = request ? json_object_get_member (request, "payload") : NULL;
  g_autofree char *name = g_strdup_printf ("recent-%u", index + 1);
  g_autofree char *title = NULL;
  LfTestEvent *event;

  if (payload == NULL)
    return NULL;
  event = lf_test_event_new (name, payload, LF_TEST_EVENT_RECENT);
  title = title_for (whole);
  lf_test_event_set_title (event, title);
  return event;
}

static gboolean
already_there (GPtrArray   *events,
               LfTestEvent *event)
{
  for (guint i = 0; i < events->len; i++)
    if (json_node_equal (lf_test_event_get_payload (events->pdata[i]),
                         lf_test_event_get_payload (event)))
      return TRUE;
  return FALSE;
}

static void
list_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Lookup *lookup = task_data;
  GError *error = NULL;
  g_autoptr(JsonArray) runs = lf_history_list (source, lookup->query, &error);
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; runs != NULL && i < json_array_get_length (runs) && events->len < lookup->max &&
                    !g_cancellable_is_cancelled (cancellable); i++)
    {
      JsonObject *summary = json_array_get_object_element (runs, i);
      g_autoptr(JsonObject) whole = NULL;
      LfTestEvent *event;

      if (g_strcmp0 (json_object_get_string_member_with_default (summary, "operation", NULL),
                     "Invoke") != 0)
        continue;
      whole = lf_history_get (source, json_object_get_int_member (summary, "id"), NULL);
      event = whole ? event_from_run (whole, events->len) : NULL;
      if (event != NULL && !already_there (events, event))
        g_ptr_array_add (events, event);
      else
        g_clear_object (&event);
    }
  if (runs == NULL)
    {
      g_ptr_array_unref (events);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, events, (GDestroyNotify) g_ptr_array_unref);
}

void
lf_recent_events_list_async (LfHistory           *history,
                             const char          *account,
                             const char          *function,
                             guint                max,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (history, cancellable, callback, user_data);
  LfHistoryQuery query = { .function = function, .account = account, .limit = RUNS_SCANNED };
  Lookup *lookup = g_new0 (Lookup, 1);

  g_task_set_source_tag (task, lf_recent_events_list_async);
  lookup->query = lf_history_query_copy (&query);
  lookup->max = max;
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  g_task_run_in_thread (task, list_in_thread);
}

GPtrArray *
lf_recent_events_list_finish (LfHistory     *history,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, history), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
