/* lf-result-view.c: the last run of an action: status, figures, request id, the request
 * sent and the log tail
 *
 * Everything shown comes from the runtime's record of the run; nothing here talks to AWS or
 * reads its answers. Each figure has a copy button, for pasting into a bug report. The
 * request is the runtime's description of it, which never holds credentials.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-result-view.h"

/* Beyond this a label only slows the window down; the copy button still takes it all. */
#define MAX_SHOWN_REQUEST_CHARS 20000

struct _LfResultView
{
  GtkWidget parent_instance;

  /* Template children */
  AdwPreferencesGroup *group;
  AdwExpanderRow *details_row;
  AdwActionRow *status_row;
  AdwActionRow *error_row;
  AdwActionRow *function_error_row;
  AdwActionRow *version_row;
  AdwActionRow *duration_row;
  AdwActionRow *billed_row;
  AdwActionRow *memory_row;
  AdwActionRow *init_row;
  AdwActionRow *request_row;
  AdwExpanderRow *sent_row;
  GtkLabel *sent_label;
  AdwExpanderRow *log_row;
  GtkLabel *log_label;

  char *action;
  char *sent_text;     /* the whole request, pretty-printed; NULL when none was sent */
};

enum {
  PROP_0,
  PROP_ACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfResultView, lf_result_view, GTK_TYPE_WIDGET)

/* Field names and the rows that show them, for lf_result_view_get_field (). */
static const struct
{
  const char *field;
  gsize       offset;
} fields[] = {
  { "status", G_STRUCT_OFFSET (LfResultView, status_row) },
  { "error", G_STRUCT_OFFSET (LfResultView, error_row) },
  { "function-error", G_STRUCT_OFFSET (LfResultView, function_error_row) },
  { "version", G_STRUCT_OFFSET (LfResultView, version_row) },
  { "duration", G_STRUCT_OFFSET (LfResultView, duration_row) },
  { "billed-duration", G_STRUCT_OFFSET (LfResultView, billed_row) },
  { "max-memory", G_STRUCT_OFFSET (LfResultView, memory_row) },
  { "init-duration", G_STRUCT_OFFSET (LfResultView, init_row) },
  { "request-id", G_STRUCT_OFFSET (LfResultView, request_row) },
};

static AdwActionRow *
row_at (LfResultView *self,
        guint         i)
{
  return G_STRUCT_MEMBER (AdwActionRow *, self, fields[i].offset);
}

static JsonNode *
member (JsonNode   *node,
        const char *name)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  node = json_object_get_member (json_node_get_object (node), name);
  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static const char *
member_string (JsonNode   *node,
               const char *name)
{
  node = member (node, name);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gboolean
member_number (JsonNode   *node,
               const char *name,
               double     *out)
{
  GType type;

  node = member (node, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

/* Shows @text in @row, or hides the row when there is none. */
static void
set_row (AdwActionRow *row,
         const char   *text)
{
  adw_action_row_set_subtitle (row, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (row), text != NULL && text[0] != '\0');
}

static void
set_row_ms (AdwActionRow *row,
            JsonNode     *node,
            const char   *name)
{
  double ms;
  g_autofree char *text = NULL;

  if (member_number (node, name, &ms))
    /* Translators: a duration in milliseconds */
    text = g_strdup_printf (_("%.2f ms"), ms);
  set_row (row, text);
}

static const char *
state_label (const char *state)
{
  if (g_strcmp0 (state, "succeeded") == 0)
    return _("Succeeded");
  if (g_strcmp0 (state, "failed") == 0)
    return _("Failed");
  if (g_strcmp0 (state, "running") == 0)
    return _("Running");
  if (g_strcmp0 (state, "cancelled") == 0)
    return _("Cancelled");
  return _("Not Run Yet");
}

static void
show_request (LfResultView *self,
              JsonNode     *request)
{
  g_clear_pointer (&self->sent_text, g_free);
  if (request != NULL && JSON_NODE_HOLDS_OBJECT (request))
    self->sent_text = json_to_string (request, TRUE);

  if (self->sent_text != NULL && g_utf8_strlen (self->sent_text, -1) > MAX_SHOWN_REQUEST_CHARS)
    {
      g_autofree char *start = g_utf8_substring (self->sent_text, 0, MAX_SHOWN_REQUEST_CHARS);
      /* Translators: after the start of a long request; the rest is only copied */
      g_autofree char *shown = g_strconcat (start, "\n", _("… (too long to show in full: "
                                                             "Copy takes all of it)"), NULL);

      gtk_label_set_text (self->sent_label, shown);
    }
  else
    gtk_label_set_text (self->sent_label, self->sent_text ? self->sent_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sent_row), self->sent_text != NULL);
}

void
lf_result_view_show (LfResultView *self,
                     const char   *action,
                     JsonNode     *result)
{
  JsonNode *data = member (result, "data");
  JsonNode *error = member (result, "error");
  JsonNode *report = member (data, "Report");
  const char *log = member_string (data, "LogResult");
  const char *request_id = member_string (data, "RequestId");
  g_autofree char *status = NULL;
  g_autofree char *memory = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;
  double number, size;

  g_return_if_fail (LF_IS_RESULT_VIEW (self));

  if (g_strcmp0 (self->action, action) != 0)
    {
      g_free (self->action);
      self->action = g_strdup (action);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION]);
    }

  if (member_number (result, "status", &number))
    status = g_strdup_printf ("%.0f", number);
  set_row (self->status_row, status);
  set_row (self->error_row, member_string (error, "message"));
  set_row (self->function_error_row, member_string (data, "FunctionError"));
  set_row (self->version_row, member_string (data, "ExecutedVersion"));
  set_row_ms (self->duration_row, report, "DurationMs");
  set_row_ms (self->billed_row, report, "BilledDurationMs");
  set_row_ms (self->init_row, report, "InitDurationMs");
  if (member_number (report, "MaxMemoryUsedMB", &number))
    {
      if (member_number (report, "MemorySizeMB", &size))
        /* Translators: memory used by a function run, out of the memory it has */
        memory = g_strdup_printf (_("%.0f MB of %.0f MB"), number, size);
      else
        memory = g_strdup_printf (_("%.0f MB"), number);
    }
  set_row (self->memory_row, memory);
  /* A failed request still has an id when the service answered. */
  set_row (self->request_row, request_id ? request_id : member_string (error, "request_id"));

  gtk_label_set_text (self->log_label, log ? log : "");
  gtk_widget_set_visible (GTK_WIDGET (self->log_row), log != NULL && log[0] != '\0');

  show_request (self, member (result, "request"));

  /* The header says what ran and how it went; the rows say the rest. */
  /* Translators: the first %s is an action's name, the second how its run ended */
  description = g_strdup_printf (_("%s · %s"), action ? action : "",
                                 state_label (member_string (result, "state")));
  adw_preferences_group_set_description (self->group, description);
  if (status != NULL && member_number (report, "DurationMs", &number))
    /* Translators: an HTTP status code and a duration in milliseconds */
    summary = g_strdup_printf (_("Status %s in %.0f ms"), status, number);
  else if (status != NULL)
    summary = g_strdup_printf (_("Status %s"), status);
  adw_expander_row_set_subtitle (self->details_row, summary ? summary
                                                            : member_string (error, "message"));
}

const char *
lf_result_view_get_action (LfResultView *self)
{
  g_return_val_if_fail (LF_IS_RESULT_VIEW (self), NULL);
  return self->action;
}

const char *
lf_result_view_get_field (LfResultView *self,
                          const char   *field)
{
  g_return_val_if_fail (LF_IS_RESULT_VIEW (self), NULL);

  if (g_strcmp0 (field, "log") == 0)
    return gtk_widget_get_visible (GTK_WIDGET (self->log_row))
           ? gtk_label_get_text (self->log_label) : NULL;
  if (g_strcmp0 (field, "request") == 0)
    return gtk_widget_get_visible (GTK_WIDGET (self->sent_row))
           ? gtk_label_get_text (self->sent_label) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].field, field) == 0)
      {
        AdwActionRow *row = row_at (self, i);

        return gtk_widget_get_visible (GTK_WIDGET (row)) ? adw_action_row_get_subtitle (row)
                                                         : NULL;
      }
  return NULL;
}

static void
on_copy_clicked (GtkButton *button,
                 GtkWidget *source)
{
  const char *text = ADW_IS_ACTION_ROW (source) ? adw_action_row_get_subtitle (ADW_ACTION_ROW (source))
                                                : gtk_label_get_text (GTK_LABEL (source));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
}

/* A button that calls @copy with @source (a widget or the view) when pressed. */
static GtkWidget *
copy_button_new (const char *what,
                 GCallback   copy,
                 gpointer    source)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  /* Translators: %s is what the button copies, e.g. "Request ID" */
  g_autofree char *label = g_strdup_printf (_("Copy %s"), what);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Copy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_signal_connect_object (button, "clicked", copy, source, 0);
  return button;
}

static void
on_copy_request_clicked (GtkButton    *button,
                         LfResultView *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)),
                          self->sent_text ? self->sent_text : "");
}

static void
lf_result_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LF_TYPE_RESULT_VIEW);

  G_OBJECT_CLASS (lf_result_view_parent_class)->dispose (object);
}

static void
lf_result_view_finalize (GObject *object)
{
  LfResultView *self = (LfResultView *) object;

  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->sent_text, g_free);

  G_OBJECT_CLASS (lf_result_view_parent_class)->finalize (object);
}

static void
lf_result_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LfResultView *self = LF_RESULT_VIEW (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_result_view_class_init (LfResultViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_result_view_dispose;
  object_class->finalize = lf_result_view_finalize;
  object_class->get_property = lf_result_view_get_property;

  properties[PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-result-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LfResultView, group);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, details_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, status_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, error_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, function_error_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, version_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, duration_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, billed_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, memory_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, init_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, request_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, sent_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, sent_label);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, log_row);
  gtk_widget_class_bind_template_child (widget_class, LfResultView, log_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lf_result_view_init (LfResultView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      AdwActionRow *row = row_at (self, i);

      adw_action_row_add_suffix (row, copy_button_new (adw_preferences_row_get_title (
                                                         ADW_PREFERENCES_ROW (row)),
                                                       G_CALLBACK (on_copy_clicked), row));
    }
  /* The request copies whole, however much of it shows. */
  adw_expander_row_add_action (self->sent_row,
                               copy_button_new (_("Request"), G_CALLBACK (on_copy_request_clicked),
                                                self));
  adw_expander_row_add_action (self->log_row,
                               copy_button_new (_("Log Tail"), G_CALLBACK (on_copy_clicked),
                                                self->log_label));
  lf_result_view_show (self, NULL, NULL);
}

GtkWidget *
lf_result_view_new (void)
{
  return g_object_new (LF_TYPE_RESULT_VIEW, NULL);
}
