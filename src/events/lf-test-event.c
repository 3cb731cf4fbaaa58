/* lf-test-event.c: one test event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lf-json-util.h"
#include "lf-test-event.h"

/* Lambda's own limit on a function name. */
#define MAX_FUNCTION_NAME 64

struct _LfTestEvent
{
  GObject parent_instance;

  char *name;
  char *title;
  JsonNode *payload;
  LfTestEventOrigin origin;
  char *invocation_type;
};

enum
{
  PROP_0,
  PROP_NAME,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfTestEvent, lf_test_event, G_TYPE_OBJECT)

G_DEFINE_QUARK (lf-events-error-quark, lf_events_error)

static void
lf_test_event_finalize (GObject *object)
{
  LfTestEvent *self = (LfTestEvent *) object;

  g_free (self->name);
  g_free (self->title);
  g_clear_pointer (&self->payload, json_node_unref);
  g_free (self->invocation_type);
  G_OBJECT_CLASS (lf_test_event_parent_class)->finalize (object);
}

static void
lf_test_event_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LfTestEvent *self = LF_TEST_EVENT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TITLE:
      g_value_set_string (value, lf_test_event_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_test_event_class_init (LfTestEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lf_test_event_finalize;
  object_class->get_property = lf_test_event_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_test_event_init (LfTestEvent *self)
{
}

LfTestEvent *
lf_test_event_new (const char        *name,
                   JsonNode          *payload,
                   LfTestEventOrigin  origin)
{
  LfTestEvent *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  self = g_object_new (LF_TYPE_TEST_EVENT, NULL);
  self->name = g_strdup (name);
  self->payload = json_node_copy (payload);
  self->origin = origin;
  return self;
}

const char *
lf_test_event_get_name (LfTestEvent *self)
{
  g_return_val_if_fail (LF_IS_TEST_EVENT (self), NULL);
  return self->name;
}

const char *
lf_test_event_get_title (LfTestEvent *self)
{
  g_return_val_if_fail (LF_IS_TEST_EVENT (self), NULL);
  return self->title ? self->title : self->name;
}

void
lf_test_event_set_title (LfTestEvent *self,
                         const char  *title)
{
  g_return_if_fail (LF_IS_TEST_EVENT (self));
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

JsonNode *
lf_test_event_get_payload (LfTestEvent *self)
{
  g_return_val_if_fail (LF_IS_TEST_EVENT (self), NULL);
  return self->payload;
}

char *
lf_test_event_dup_payload_text (LfTestEvent *self)
{
  g_return_val_if_fail (LF_IS_TEST_EVENT (self), NULL);
  return lf_json_to_text (self->payload, 2);
}

LfTestEventOrigin
lf_test_event_get_origin (LfTestEvent *self)
{
  g_return_val_if_fail (LF_IS_TEST_EVENT (self), LF_TEST_EVENT_SAVED);
  return self->origin;
}

const char *
lf_test_event_get_invocation_type (LfTestEvent *self)
{
  g_return_val_if_fail (LF_IS_TEST_EVENT (self), NULL);
  return self->invocation_type;
}

void
lf_test_event_set_invocation_type (LfTestEvent *self,
                                   const char  *invocation_type)
{
  g_return_if_fail (LF_IS_TEST_EVENT (self));
  g_free (self->invocation_type);
  self->invocation_type = g_strdup (invocation_type);
}

gboolean
lf_test_event_check_name (const char  *name,
                          GError     **error)
{
  gsize length = name ? strlen (name) : 0;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '.' && name[i] != '-' && name[i] != '_')
      length = 0;
  if (length == 0 || length > LF_TEST_EVENT_MAX_NAME)
    {
      g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_INVALID_NAME,
                   _("“%s” cannot name an event: use 1 to %d letters, digits, dots, hyphens or "
                     "underscores"),
                   name ? name : "", LF_TEST_EVENT_MAX_NAME);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_function_name (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > MAX_FUNCTION_NAME)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '-' && name[i] != '_')
      return FALSE;
  return TRUE;
}

char *
lf_test_event_dup_function_name (const char  *name_or_arn,
                                 GError     **error)
{
  g_auto(GStrv) parts = NULL;
  const char *name = NULL;

  g_return_val_if_fail (name_or_arn != NULL, NULL);

  parts = g_strsplit (name_or_arn, ":", -1);
  /* arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER], ACCOUNT:function:NAME, or
   * NAME[:QUALIFIER]. */
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], "function") && parts[i + 1] != NULL)
      name = parts[i + 1];
  if (name == NULL)
    name = parts[0] ? parts[0] : "";
  if (!is_function_name (name))
    {
      g_set_error (error, LF_EVENTS_ERROR, LF_EVENTS_ERROR_INVALID_NAME,
                   _("“%s” is not a function name or ARN"), name_or_arn);
      return NULL;
    }
  return g_strdup (name);
}
