/* lf-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-window.h"

struct _LfWindow
{
  AdwApplicationWindow parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwHeaderBar *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack *view_stack;
  GtkStack *run_stack;
  GtkScrolledWindow *form_scroller;

  GFile *file;
  GCancellable *cancellable;   /* lives as long as the window: closing cancels its work */
  GtkNativeDialog *chooser;
};

enum {
  PROP_0,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LfWindow, lf_window, ADW_TYPE_APPLICATION_WINDOW)

void
lf_window_add_toast (LfWindow   *self,
                     const char *message)
{
  g_return_if_fail (LF_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

GFile *
lf_window_get_file (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);
  return self->file;
}

static void
update_title (LfWindow *self)
{
  if (self->file != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);
      g_autofree char *parent = NULL;
      g_autoptr(GFile) dir = g_file_get_parent (self->file);

      if (dir != NULL)
        parent = g_file_get_parse_name (dir);
      adw_view_switcher_title_set_title (self->switcher_title, name);
      adw_view_switcher_title_set_subtitle (self->switcher_title, parent ? parent : "");
      gtk_window_set_title (GTK_WINDOW (self), name);
    }
  else
    {
      adw_view_switcher_title_set_title (self->switcher_title, _("LambdaForms"));
      adw_view_switcher_title_set_subtitle (self->switcher_title, "");
      gtk_window_set_title (GTK_WINDOW (self), _("LambdaForms"));
    }
}

void
lf_window_open_file (LfWindow *self,
                     GFile    *file,
                     gboolean  run_only)
{
  g_return_if_fail (LF_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (g_set_object (&self->file, file))
    {
      update_title (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }

  /* A form opened to be used shows nothing but the form. */
  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), !run_only);
  adw_view_stack_set_visible_child_name (self->view_stack, "run");
}

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  LfWindow *self = LF_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        lf_window_open_file (self, file, FALSE);
    }

  g_clear_object (&self->chooser);
}

static void
lf_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  g_autoptr(GtkFileFilter) forms = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (forms, _("Forms"));
  gtk_file_filter_add_mime_type (forms, "application/x-lambdaform+json");
  gtk_file_filter_add_suffix (forms, "lambdaform");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  /* GtkFileDialog is GTK 4.10; the native chooser is what 4.8 has. */
  chooser = gtk_file_chooser_native_new (_("Open a Form"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), forms);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
lf_window_open_example_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  const char *dirs[] = { SOURCE_DATADIR "/examples", PKGDATADIR "/examples" };

  for (guint i = 0; i < G_N_ELEMENTS (dirs) && path == NULL; i++)
    {
      g_autofree char *candidate = g_build_filename (dirs[i], "invoke-function.lambdaform", NULL);
      if (g_file_test (candidate, G_FILE_TEST_EXISTS))
        path = g_steal_pointer (&candidate);
    }

  if (path == NULL)
    {
      lf_window_add_toast (self, _("The example forms are not installed"));
      return;
    }

  file = g_file_new_for_path (path);
  lf_window_open_file (self, file, FALSE);
}

static void
lf_window_save_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
}

static void
lf_window_close_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
lf_window_dispose (GObject *object)
{
  LfWindow *self = (LfWindow *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_WINDOW);

  G_OBJECT_CLASS (lf_window_parent_class)->dispose (object);
}

static void
lf_window_finalize (GObject *object)
{
  LfWindow *self = (LfWindow *) object;

  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lf_window_parent_class)->finalize (object);
}

static void
lf_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LfWindow *self = LF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_window_class_init (LfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_window_dispose;
  object_class->finalize = lf_window_finalize;
  object_class->get_property = lf_window_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LfWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, run_stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, form_scroller);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, lf_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-example", NULL,
                                   lf_window_open_example_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, lf_window_save_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, lf_window_close_action);
}

static void
lf_window_init (LfWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  /* Nothing to save until a form is open and changed. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", FALSE);
}

LfWindow *
lf_window_new (LfApplication *application)
{
  return g_object_new (LF_TYPE_WINDOW, "application", application, NULL);
}
