/* lf-form-view.c: a running form: its controls, failures as toasts, the last run's details
 *
 * The view only observes the runtime: value-changed and action-state-changed say what to
 * show again, and a button's press becomes lf_form_runtime_click (), after a confirmation
 * when it deletes something.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-aws-error.h"
#include "lf-form-row.h"
#include "lf-form-view.h"
#include "lf-widget-factory.h"

struct _LfFormView
{
  GtkWidget parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  GtkRevealer *problems_revealer;
  GtkLabel *problems_label;
  GtkBox *controls_box;
  LfResultView *result_view;

  LfFormRuntime *runtime;
  LfWidgetFactory *factory;
  GHashTable *widgets;         /* control name -> its box, owned by controls_box */
  GtkWindow *confirmation;     /* weak: the open delete confirmation */
  guint progress_id;           /* ticks while an action runs */
};

enum {
  PROP_0,
  PROP_RUNTIME,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The elapsed time of a running action is shown to the second: a few ticks a second. */
#define PROGRESS_TICK_MS 250

G_DEFINE_FINAL_TYPE (LfFormView, lf_form_view, GTK_TYPE_WIDGET)

static LfForm *
get_form (LfFormView *self)
{
  return lf_form_runtime_get_form (self->runtime);
}

/* Whether @action runs when @button is pressed. */
static gboolean
is_clicked_by (LfAction   *action,
               const char *button)
{
  return lf_action_get_trigger (action) == LF_TRIGGER_CLICK &&
         g_strcmp0 (lf_action_get_trigger_control (action), button) == 0;
}

/* Why the action @name cannot run, in a sentence, or NULL when it can. */
static char *
describe_problem (LfForm     *form,
                  const char *name)
{
  g_autoptr(GPtrArray) problems = lf_form_list_problems_of (form, name);
  g_autofree char *sentence = NULL;

  if (problems->len == 0)
    return NULL;
  sentence = lf_form_problem_dup_sentence (problems->pdata[0]);
  return g_strdup_printf (_("This button cannot be used until its action is fixed: %s"),
                          sentence);
}

/* A form with problems still runs what it can; a bar says so and leads to the editor. */
static void
show_problems (LfFormView *self)
{
  g_autoptr(GPtrArray) problems = lf_form_list_problems (get_form (self));
  g_autofree char *first = NULL;
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->problems_revealer, problems->len > 0);
  if (problems->len == 0)
    return;
  first = lf_form_problem_dup_sentence (problems->pdata[0]);
  if (problems->len == 1)
    text = g_strdup_printf (_("This form has a problem: %s"), first);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "This form has %u problem. The first: %s",
                                         "This form has %u problems. The first: %s",
                                         problems->len), problems->len, first);
  gtk_label_set_text (self->problems_label, text);
}

static void
update_buttons (LfFormView *self)
{
  LfForm *form = get_form (self);

  for (guint i = 0; i < lf_form_get_n_controls (form); i++)
    {
      LfControl *control = lf_form_get_control (form, i);
      const char *name = lf_control_get_name (control);
      GtkWidget *widget = g_hash_table_lookup (self->widgets, name);
      gboolean running = FALSE;
      g_autofree char *unavailable = NULL;

      if (widget == NULL || !g_str_equal (lf_control_get_kind (control)->id, "button"))
        continue;
      for (guint j = 0; j < lf_form_get_n_actions (form); j++)
        {
          LfAction *action = lf_form_get_action (form, j);

          if (!is_clicked_by (action, name))
            continue;
          running |= lf_form_runtime_get_action_state (self->runtime,
                                                       lf_action_get_name (action))
                     == LF_ACTION_STATE_RUNNING;
          if (unavailable == NULL)
            unavailable = describe_problem (form, lf_action_get_name (action));
        }
      lf_widget_factory_set_running (widget, running);
      lf_widget_factory_set_unavailable (widget, unavailable);
    }
}

/* Buttons, and statuses, show how long their action has run. */
static gboolean
shows_progress (LfControl *control)
{
  const char *kind = lf_control_get_kind (control)->id;

  return g_str_equal (kind, "button") || g_str_equal (kind, "status");
}

/* Whether @control is the button that runs @action, or a status that shows its state. */
static gboolean
runs_for (LfControl *control,
          LfAction  *action)
{
  LfTemplate *value;

  if (g_str_equal (lf_control_get_kind (control)->id, "button"))
    return is_clicked_by (action, lf_control_get_name (control));
  value = lf_control_get_binding_template (control, "value");
  return value != NULL && lf_template_reads (value, lf_action_get_name (action), "state");
}

/* How long each running button's (or status's) action has taken, against its function's
 * timeout. */
static gboolean
on_progress_tick (gpointer user_data)
{
  LfFormView *self = user_data;
  LfForm *form;
  gboolean any = FALSE;

  if (self->runtime == NULL)
    {
      self->progress_id = 0;
      return G_SOURCE_REMOVE;
    }
  form = get_form (self);

  for (guint i = 0; i < lf_form_get_n_controls (form); i++)
    {
      LfControl *control = lf_form_get_control (form, i);
      const char *name = lf_control_get_name (control);
      GtkWidget *widget = g_hash_table_lookup (self->widgets, name);
      double elapsed = -1, longest = -1;
      guint timeout = 0, shown_timeout = 0;

      if (widget == NULL || !shows_progress (control))
        continue;
      for (guint j = 0; j < lf_form_get_n_actions (form); j++)
        {
          LfAction *action = lf_form_get_action (form, j);

          if (runs_for (control, action) &&
              lf_form_runtime_get_action_progress (self->runtime, lf_action_get_name (action),
                                                   &elapsed, &timeout) &&
              elapsed > longest)
            {
              longest = elapsed;
              shown_timeout = timeout;
            }
        }
      any |= longest >= 0;
      lf_widget_factory_set_progress (widget, longest, shown_timeout);
    }
  if (!any)
    self->progress_id = 0;
  return any ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
start_progress (LfFormView *self)
{
  if (self->runtime == NULL)
    return;
  /* The timer keeps the view until it stops: a view never ticks after it is gone. */
  if (self->progress_id == 0)
    self->progress_id = g_timeout_add_full (G_PRIORITY_DEFAULT, PROGRESS_TICK_MS,
                                            on_progress_tick, g_object_ref (self),
                                            g_object_unref);
  on_progress_tick (self);
}

/* Failures *****************************************************************************/

/* What a toast or a dialog answers about: the action (or button) and its error. It holds
 * the view weakly: a toast can outlive it. */
typedef struct
{
  GWeakRef  view;
  char     *name;
  JsonNode *error;
} Subject;

static Subject *
subject_new (LfFormView *self,
             const char *name,
             JsonNode   *error)
{
  Subject *subject = g_new0 (Subject, 1);

  g_weak_ref_init (&subject->view, self);
  subject->name = g_strdup (name);
  subject->error = error ? json_node_copy (error) : NULL;
  return subject;
}

static void
subject_free (gpointer  data,
              GClosure *closure)
{
  Subject *subject = data;

  g_weak_ref_clear (&subject->view);
  g_free (subject->name);
  g_clear_pointer (&subject->error, json_node_unref);
  g_free (subject);
}

static void
on_run_again (AdwMessageDialog *dialog,
              const char       *response,
              Subject          *subject)
{
  g_autoptr(LfFormView) self = g_weak_ref_get (&subject->view);
  g_autoptr(GError) error = NULL;

  if (self != NULL && self->runtime != NULL &&
      !lf_form_runtime_run_action (self->runtime, subject->name, &error))
    g_debug ("Running %s again: %s", subject->name, error->message);
}

static const char *
record_string (JsonNode   *record,
               const char *name)
{
  JsonObject *object = record && JSON_NODE_HOLDS_OBJECT (record) ? json_node_get_object (record)
                                                                 : NULL;

  return object ? json_object_get_string_member_with_default (object, name, NULL) : NULL;
}

/* What is behind "Details": the codes, the request ID and the text for whoever built the
 * form, one per line; NULL when there is nothing more than the sentence. */
static char *
describe_details (JsonNode *error)
{
  g_autoptr(GString) details = g_string_new (NULL);
  const char *code = record_string (error, "aws_code");
  const char *request_id = record_string (error, "request_id");
  const char *detail = record_string (error, "detail");
  gint64 status = error && JSON_NODE_HOLDS_OBJECT (error)
                  ? json_object_get_int_member_with_default (json_node_get_object (error),
                                                             "http_status", 0) : 0;

  if (code != NULL)
    g_string_append_printf (details, _("Error code: %s\n"), code);
  if (status != 0)
    g_string_append_printf (details, _("HTTP status: %d\n"), (int) status);
  if (request_id != NULL)
    g_string_append_printf (details, _("Request ID: %s\n"), request_id);
  if (detail != NULL)
    g_string_append_printf (details, "%s\n", detail);
  if (details->len == 0)
    return NULL;
  g_string_truncate (details, details->len - 1);
  return g_string_free (g_steal_pointer (&details), FALSE);
}

/* The technical detail, selectable so the request ID can go into a support ticket. */
static GtkWidget *
make_details_label (const char *details)
{
  GtkWidget *label = gtk_label_new (details);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "caption");
  return label;
}

static void
on_details_clicked (AdwToast *toast,
                    Subject  *subject)
{
  g_autoptr(LfFormView) self = g_weak_ref_get (&subject->view);
  JsonNode *error = subject->error;
  g_autofree char *heading = NULL;
  const char *sentence = record_string (error, "message");
  g_autofree char *details = describe_details (error);
  AdwMessageDialog *dialog;
  GtkRoot *root;

  if (self == NULL)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  /* Translators: %s is the name of a form's action */
  heading = g_strdup_printf (_("“%s” Failed"), subject->name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       heading, sentence));
  if (details != NULL)
    adw_message_dialog_set_extra_child (dialog, make_details_label (details));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  /* Never sent again behind the person's back: after a failure that may have reached the
   * function, running it again is offered, not done. */
  if (error != NULL && JSON_NODE_HOLDS_OBJECT (error) &&
      json_object_get_boolean_member_with_default (json_node_get_object (error), "may_have_run",
                                                   FALSE))
    {
      adw_message_dialog_add_response (dialog, "run-again", _("_Run Again"));
      adw_message_dialog_set_response_appearance (dialog, "run-again", ADW_RESPONSE_SUGGESTED);
      g_signal_connect_data (dialog, "response::run-again", G_CALLBACK (on_run_again),
                             subject_new (self, subject->name, NULL), subject_free, 0);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_failure (LfFormView *self,
              const char *action)
{
  JsonNode *result = lf_form_runtime_get_action_result (self->runtime, action);
  JsonNode *error_node = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (result != NULL && JSON_NODE_HOLDS_OBJECT (result))
    error_node = json_object_get_member (json_node_get_object (result), "error");
  sentence = g_strdup (record_string (error_node, "message"));
  /* libadwaita 1.2 reads toast titles as markup. */
  escaped = g_markup_escape_text (sentence ? sentence : _("The action failed"), -1);

  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Details"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_details_clicked),
                         subject_new (self, action, error_node), subject_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A deletion cannot be seen happen: say what went. */
static void
say_deleted (LfFormView *self,
             const char *action)
{
  LfAction *found = lf_form_find_action (get_form (self), action);
  JsonNode *request = lf_form_runtime_get_action_request (self->runtime, action);
  const char *function = request ? record_string (request, "function_name") : NULL;
  const char *qualifier = request ? record_string (request, "qualifier") : NULL;
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;

  if (found == NULL || !lf_action_is_destructive (found) || function == NULL)
    return;
  if (qualifier != NULL)
    text = g_strdup_printf (_("Deleted “%s” of the function “%s”"), qualifier, function);
  else
    text = g_strdup_printf (_("Deleted the function “%s”"), function);
  /* libadwaita 1.2 reads toast titles as markup. */
  escaped = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* Runtime signals **********************************************************************/

static void
on_value_changed (LfFormRuntime *runtime,
                  const char    *control,
                  const char    *property,
                  LfFormView    *self)
{
  GtkWidget *widget = g_hash_table_lookup (self->widgets, control);

  if (widget != NULL)
    lf_widget_factory_update (widget, property);
}

static void
on_control_problem_changed (LfFormRuntime *runtime,
                            const char    *control,
                            LfFormView    *self)
{
  GtkWidget *widget = g_hash_table_lookup (self->widgets, control);

  if (widget != NULL)
    lf_widget_factory_show_problem (widget, lf_form_runtime_get_control_problem (runtime, control));
}

/* Whether a binding of @control reads what @action brings back (its data or its error, not
 * its state, which is current while it runs). */
static gboolean
shows_answer_of (LfControl  *control,
                 const char *action)
{
  g_auto(GStrv) bound = lf_control_list_bindings (control);

  for (guint i = 0; bound[i]; i++)
    {
      LfTemplate *template = lf_control_get_binding_template (control, bound[i]);

      if (template != NULL && (lf_template_reads (template, action, "data") ||
                               lf_template_reads (template, action, "error")))
        return TRUE;
    }
  return FALSE;
}

static void
show_waiting (LfFormView *self,
              const char *action,
              gboolean    waiting)
{
  LfForm *form = get_form (self);

  for (guint i = 0; i < lf_form_get_n_controls (form); i++)
    {
      LfControl *control = lf_form_get_control (form, i);
      GtkWidget *widget = g_hash_table_lookup (self->widgets, lf_control_get_name (control));

      if (widget != NULL && shows_answer_of (control, action))
        lf_widget_factory_set_waiting (widget, waiting);
    }
}

static void
on_action_state_changed (LfFormRuntime *runtime,
                         const char    *action,
                         int            state,
                         LfFormView    *self)
{
  update_buttons (self);
  show_waiting (self, action, state == LF_ACTION_STATE_RUNNING);
  start_progress (self);

  if (state == LF_ACTION_STATE_SUCCEEDED || state == LF_ACTION_STATE_FAILED ||
      state == LF_ACTION_STATE_CANCELLED)
    {
      lf_result_view_show (self->result_view, action,
                           lf_form_runtime_get_action_result (runtime, action));
      gtk_widget_set_visible (GTK_WIDGET (self->result_view), TRUE);
    }
  if (state == LF_ACTION_STATE_FAILED)
    show_failure (self, action);
  if (state == LF_ACTION_STATE_SUCCEEDED)
    say_deleted (self, action);
}

static void
on_busy_changed (LfFormRuntime *runtime,
                 GParamSpec    *pspec,
                 LfFormView    *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Buttons ******************************************************************************/

static void
click (LfFormView *self,
       const char *button)
{
  g_autoptr(GError) error = NULL;

  /* A failure to start is an action failure: the state change shows it. */
  if (!lf_form_runtime_click (self->runtime, button, &error))
    g_debug ("%s: %s", button, error->message);
}

static char *
render_parameter (LfFormView *self,
                  LfAction   *action,
                  const char *parameter)
{
  LfTemplate *template = lf_action_get_parameter_template (action, parameter);

  if (template == NULL)
    return NULL;
  return lf_template_render_text (template, lf_form_runtime_get_context (self->runtime), NULL);
}

static void
on_confirmation_response (AdwMessageDialog *dialog,
                          const char       *response,
                          Subject          *subject)
{
  g_autoptr(LfFormView) self = g_weak_ref_get (&subject->view);

  if (g_strcmp0 (response, "delete") == 0 && self != NULL && self->runtime != NULL)
    click (self, subject->name);
}

static void
confirm_and_click (LfFormView *self,
                   const char *button,
                   LfAction   *action)
{
  g_autofree char *function = render_parameter (self, action, "function_name");
  g_autofree char *qualifier = render_parameter (self, action, "qualifier");
  g_autofree char *body = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->confirmation != NULL)
    return;

  /* Name exactly what goes: without a qualifier, every version goes. */
  if (qualifier != NULL && qualifier[0] != '\0')
    body = g_strdup_printf (_("The version or alias “%s” of the function “%s” will be deleted. "
                              "This cannot be undone."), qualifier, function ? function : "");
  else
    body = g_strdup_printf (_("The function “%s” and all of its versions will be deleted. "
                              "This cannot be undone."), function ? function : "");
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Delete the Function?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* Enter and Escape both keep the function. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_confirmation_response),
                         subject_new (self, button, NULL), subject_free, 0);
  g_set_weak_pointer (&self->confirmation, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_button_clicked (LfWidgetFactory *factory,
                   const char      *button,
                   LfFormView      *self)
{
  LfForm *form = get_form (self);

  for (guint i = 0; i < lf_form_get_n_actions (form); i++)
    {
      LfAction *action = lf_form_get_action (form, i);

      if (is_clicked_by (action, button) && lf_action_is_destructive (action))
        {
          confirm_and_click (self, button, action);
          return;
        }
    }
  click (self, button);
}

static void
on_cancel_clicked (LfWidgetFactory *factory,
                   const char      *button,
                   LfFormView      *self)
{
  lf_form_view_cancel (self);
}

/* The view *****************************************************************************/

static void
clear_runtime (LfFormView *self)
{
  GtkWidget *child;

  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->runtime != NULL)
    g_signal_handlers_disconnect_by_data (self->runtime, self);
  if (self->factory != NULL)
    g_signal_handlers_disconnect_by_data (self->factory, self);
  if (self->confirmation != NULL)
    gtk_window_destroy (self->confirmation);
  g_hash_table_remove_all (self->widgets);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->controls_box))) != NULL)
    gtk_box_remove (self->controls_box, child);
  g_clear_object (&self->factory);
  g_clear_object (&self->runtime);
  gtk_revealer_set_reveal_child (self->problems_revealer, FALSE);
}

/* A control beside the one before shares its line: the first time, the one before moves into
 * a row with it. Lone controls stay children of the box, as they always were. */
static void
place_control (LfFormView *self,
               GtkWidget  *widget,
               gboolean    beside)
{
  GtkWidget *last = gtk_widget_get_last_child (GTK_WIDGET (self->controls_box));
  GtkWidget *row;

  if (!beside || last == NULL)
    {
      gtk_box_append (self->controls_box, widget);
      return;
    }
  if (LF_IS_FORM_ROW (last))
    row = last;
  else
    {
      g_object_ref (last);
      gtk_box_remove (self->controls_box, last);
      row = lf_form_row_new (12);
      lf_form_row_append (LF_FORM_ROW (row), last);
      g_object_unref (last);
      gtk_box_append (self->controls_box, row);
    }
  lf_form_row_append (LF_FORM_ROW (row), widget);
}

void
lf_form_view_set_runtime (LfFormView    *self,
                          LfFormRuntime *runtime)
{
  LfForm *form;

  g_return_if_fail (LF_IS_FORM_VIEW (self));
  g_return_if_fail (runtime == NULL || LF_IS_FORM_RUNTIME (runtime));

  if (self->runtime == runtime)
    return;

  clear_runtime (self);
  lf_result_view_show (self->result_view, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->result_view), FALSE);

  if (runtime != NULL)
    {
      self->runtime = g_object_ref (runtime);
      self->factory = lf_widget_factory_new (runtime);
      g_signal_connect (self->factory, "button-clicked", G_CALLBACK (on_button_clicked), self);
      g_signal_connect (self->factory, "cancel-clicked", G_CALLBACK (on_cancel_clicked), self);

      form = get_form (self);
      for (guint i = 0; i < lf_form_get_n_controls (form); i++)
        {
          LfControl *control = lf_form_get_control (form, i);
          GtkWidget *widget = lf_widget_factory_build (self->factory, control);

          if (widget == NULL)
            continue;
          place_control (self, widget, lf_control_get_beside_previous (control));
          g_hash_table_insert (self->widgets, g_strdup (lf_control_get_name (control)), widget);
        }
      update_buttons (self);
      show_problems (self);

      g_signal_connect (runtime, "value-changed", G_CALLBACK (on_value_changed), self);
      g_signal_connect (runtime, "action-state-changed", G_CALLBACK (on_action_state_changed),
                        self);
      g_signal_connect (runtime, "notify::busy", G_CALLBACK (on_busy_changed), self);
      g_signal_connect (runtime, "control-problem-changed",
                        G_CALLBACK (on_control_problem_changed), self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNTIME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

LfFormRuntime *
lf_form_view_get_runtime (LfFormView *self)
{
  g_return_val_if_fail (LF_IS_FORM_VIEW (self), NULL);
  return self->runtime;
}

gboolean
lf_form_view_get_busy (LfFormView *self)
{
  g_return_val_if_fail (LF_IS_FORM_VIEW (self), FALSE);
  return self->runtime != NULL && lf_form_runtime_is_busy (self->runtime);
}

void
lf_form_view_cancel (LfFormView *self)
{
  g_return_if_fail (LF_IS_FORM_VIEW (self));

  if (self->runtime != NULL)
    lf_form_runtime_cancel_all (self->runtime);
}

GtkWidget *
lf_form_view_get_control_widget (LfFormView *self,
                                 const char *name)
{
  g_return_val_if_fail (LF_IS_FORM_VIEW (self), NULL);
  return g_hash_table_lookup (self->widgets, name);
}

LfResultView *
lf_form_view_get_result_view (LfFormView *self)
{
  g_return_val_if_fail (LF_IS_FORM_VIEW (self), NULL);
  return self->result_view;
}

void
lf_form_view_add_toast (LfFormView *self,
                        AdwToast   *toast)
{
  g_return_if_fail (LF_IS_FORM_VIEW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
lf_form_view_dispose (GObject *object)
{
  LfFormView *self = (LfFormView *) object;

  /* What still runs finishes into a runtime nobody shows. */
  if (self->runtime != NULL)
    lf_form_runtime_cancel_all (self->runtime);
  clear_runtime (self);
  /* Cancelling may have asked for the bar again. */
  g_clear_handle_id (&self->progress_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_FORM_VIEW);

  G_OBJECT_CLASS (lf_form_view_parent_class)->dispose (object);
}

static void
lf_form_view_finalize (GObject *object)
{
  LfFormView *self = (LfFormView *) object;

  g_clear_pointer (&self->widgets, g_hash_table_unref);

  G_OBJECT_CLASS (lf_form_view_parent_class)->finalize (object);
}

static void
lf_form_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LfFormView *self = LF_FORM_VIEW (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      g_value_set_object (value, self->runtime);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, lf_form_view_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_form_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LfFormView *self = LF_FORM_VIEW (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      lf_form_view_set_runtime (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_form_view_class_init (LfFormViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_form_view_dispose;
  object_class->finalize = lf_form_view_finalize;
  object_class->get_property = lf_form_view_get_property;
  object_class->set_property = lf_form_view_set_property;

  properties[PROP_RUNTIME] =
    g_param_spec_object ("runtime", NULL, NULL, LF_TYPE_FORM_RUNTIME,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LF_TYPE_RESULT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-form-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LfFormView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LfFormView, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, LfFormView, problems_label);
  gtk_widget_class_bind_template_child (widget_class, LfFormView, controls_box);
  gtk_widget_class_bind_template_child (widget_class, LfFormView, result_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lf_form_view_init (LfFormView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GtkWidget *
lf_form_view_new (void)
{
  return g_object_new (LF_TYPE_FORM_VIEW, NULL);
}
