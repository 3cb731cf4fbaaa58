/* lf-widget-factory.c: real widgets for a form's controls
 *
 * A built control is a box (LfControlBox): a caption, the input, a dim help line. The box
 * owns an LfFactoryItem with the state (which control, which widgets, the handler to block).
 * Values only flow one way: the widget tells the runtime, the runtime tells the widget what
 * to show. What differs between kinds is in lf-widget-kinds.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "lf-accessible.h"
#include "lf-json-util.h"
#include "lf-json-view.h"
#include "lf-widget-factory-private.h"

struct _LfWidgetFactory
{
  GObject parent_instance;

  LfFormRuntime *runtime;
};

enum {
  PROP_0,
  PROP_RUNTIME,
  N_PROPS
};

enum {
  BUTTON_CLICKED,
  CANCEL_CLICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LfWidgetFactory, lf_widget_factory, G_TYPE_OBJECT)

/* The box a control is built in, owning its item ********************************************/

#define LF_TYPE_CONTROL_BOX (lf_control_box_get_type ())

G_DECLARE_FINAL_TYPE (LfControlBox, lf_control_box, LF, CONTROL_BOX, GtkBox)

struct _LfControlBox
{
  GtkBox         parent_instance;

  LfFactoryItem *item;
};

G_DEFINE_FINAL_TYPE (LfControlBox, lf_control_box, GTK_TYPE_BOX)

static void
lf_control_box_finalize (GObject *object)
{
  LfFactoryItem *item = LF_CONTROL_BOX (object)->item;

  g_clear_object (&item->store);
  g_clear_pointer (&item->options, json_node_unref);
  g_clear_object (&item->control);
  g_clear_object (&item->factory);
  g_free (item->name);
  g_free (item->unavailable);
  g_free (item);

  G_OBJECT_CLASS (lf_control_box_parent_class)->finalize (object);
}

static void
lf_control_box_class_init (LfControlBoxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_control_box_finalize;
}

static void
lf_control_box_init (LfControlBox *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "lf-control");
}

static GtkWidget *
lf_control_box_new (LfFactoryItem *item)
{
  LfControlBox *self = g_object_new (LF_TYPE_CONTROL_BOX, NULL);

  self->item = item;
  return GTK_WIDGET (self);
}

static LfFactoryItem *
item_of (GtkWidget *widget)
{
  return LF_IS_CONTROL_BOX (widget) ? LF_CONTROL_BOX (widget)->item : NULL;
}

/* Reading the runtime ********************************************************************/

JsonNode *
lf_factory_item_get_property (LfFactoryItem       *item,
              const char *property)
{
  return lf_form_runtime_get_property (item->factory->runtime, item->name, property);
}

char *
lf_factory_item_get_text (LfFactoryItem       *item,
          const char *property)
{
  return lf_json_to_plain_text (lf_factory_item_get_property (item, property));
}

gboolean
lf_factory_item_get_boolean (LfFactoryItem       *item,
             const char *property)
{
  JsonNode *node = lf_factory_item_get_property (item, property);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  return json_node_get_value_type (node) == G_TYPE_BOOLEAN ? json_node_get_boolean (node)
                                                            : json_node_get_double (node) != 0;
}

double
lf_factory_item_get_number (LfFactoryItem       *item,
            const char *property,
            double      fallback)
{
  JsonNode *node = lf_factory_item_get_property (item, property);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return fallback;
    }
}

void
lf_factory_item_push_value (LfFactoryItem     *item,
            JsonNode *value)
{
  g_autoptr(GError) error = NULL;

  if (!lf_form_runtime_set_value (item->factory->runtime, item->name, value, &error))
    g_warning ("%s", error->message);
}

void
lf_factory_item_push_text (LfFactoryItem       *item,
           const char *text)
{
  g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), text);

  lf_factory_item_push_value (item, value);
}

void
lf_factory_item_emit_clicked (LfFactoryItem *item,
                              gboolean       cancel)
{
  g_signal_emit (item->factory, signals[cancel ? CANCEL_CLICKED : BUTTON_CLICKED], 0, item->name);
}

/* Shared by the kinds ******************************************************************/

GtkWidget *
lf_widget_framed_scroller (GtkWidget *child,
                 int        min_height,
                 int        max_height)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *frame = gtk_frame_new (NULL);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), min_height);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), max_height);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), child);
  gtk_frame_set_child (GTK_FRAME (frame), scroller);
  gtk_widget_add_css_class (frame, "lf-text-frame");
  return frame;
}

/* GtkSourceView draws with its own scheme: follow the light or dark style. */
static void
follow_style (AdwStyleManager *manager,
              GParamSpec      *pspec,
              GtkSourceBuffer *buffer)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (schemes, id);

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (buffer, scheme);
}

GtkWidget *
lf_widget_source_view_new (void)
{
  GtkWidget *view = gtk_source_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  AdwStyleManager *style = adw_style_manager_get_default ();

  /* Plain text boxes, not an editor: no bracket highlights under the user's cursor. */
  gtk_source_buffer_set_highlight_matching_brackets (GTK_SOURCE_BUFFER (buffer), FALSE);
  follow_style (style, NULL, GTK_SOURCE_BUFFER (buffer));
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (follow_style), buffer, 0);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  return view;
}

void
lf_factory_item_set_buffer_text (LfFactoryItem       *item,
                 const char *text,
                 gssize      length)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (item->input));

  if (item->handler != 0)
    g_signal_handler_block (buffer, item->handler);
  gtk_text_buffer_set_text (buffer, text, length);
  if (item->handler != 0)
    g_signal_handler_unblock (buffer, item->handler);
}

void
lf_factory_item_append_buffer_text (LfFactoryItem *item,
                                    const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (item->input));
  GtkTextIter end;

  if (item->handler != 0)
    g_signal_handler_block (buffer, item->handler);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
  if (item->handler != 0)
    g_signal_handler_unblock (buffer, item->handler);
}

/* The table ****************************************************************************/

gboolean
lf_widget_factory_supports (const char *kind_id)
{
  const LfWidgetKind *kind = lf_widget_kind_lookup (kind_id);

  return kind != NULL && kind->build != NULL && kind->update != NULL && kind->preview != NULL;
}

GtkWidget *
lf_widget_factory_make_preview (LfControl *control)
{
  const LfWidgetKind *kind;

  g_return_val_if_fail (LF_IS_CONTROL (control), NULL);

  kind = lf_widget_kind_lookup (lf_control_get_kind (control)->id);
  g_return_val_if_fail (kind != NULL, NULL);
  return kind->preview (control);
}

static void
update_caption (LfFactoryItem *item)
{
  g_autofree char *label = lf_factory_item_get_text (item, "label");

  gtk_label_set_text (GTK_LABEL (item->caption), label);
  gtk_widget_set_visible (item->caption, label[0] != '\0' || item->kind->inline_caption);
  /* Screen readers name the input after the caption, whatever its kind. */
  lf_accessible_set_name (item->input, label);
  if (item->json_view != NULL)
    lf_json_view_set_label (LF_JSON_VIEW (item->json_view), label);
}

static void
update_sensitive (LfFactoryItem *item)
{
  gtk_widget_set_sensitive (item->input, lf_factory_item_get_boolean (item, "enabled") &&
                                         !item->running && item->unavailable == NULL);
}

void
lf_widget_factory_update (GtkWidget  *widget,
                          const char *property)
{
  LfFactoryItem *item;
  GObject *emitter;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (property != NULL);

  if ((item = item_of (widget)) == NULL)
    return;

  if (g_str_equal (property, "label"))
    update_caption (item);
  else if (g_str_equal (property, "visible"))
    gtk_widget_set_visible (item->root, lf_factory_item_get_boolean (item, "visible"));
  else if (g_str_equal (property, "enabled"))
    update_sensitive (item);
  else
    {
      /* The widget's own handler is blocked: showing a value must not send it back. */
      emitter = GTK_IS_TEXT_VIEW (item->input) && item->handler != 0
                ? G_OBJECT (gtk_text_view_get_buffer (GTK_TEXT_VIEW (item->input)))
                : G_OBJECT (item->input);
      if (item->handler != 0)
        g_signal_handler_block (emitter, item->handler);
      item->kind->update (item, property);
      if (item->handler != 0)
        g_signal_handler_unblock (emitter, item->handler);
    }
}

void
lf_widget_factory_set_running (GtkWidget *widget,
                               gboolean   running)
{
  LfFactoryItem *item;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if ((item = item_of (widget)) == NULL || item->spinner == NULL || item->running == running)
    return;
  item->running = running;
  gtk_spinner_set_spinning (GTK_SPINNER (item->spinner), running);
  gtk_widget_set_visible (item->spinner, running);
  gtk_widget_set_visible (item->cancel, running);
  update_sensitive (item);
}

/* "42 s", "3 min 05 s". */
static char *
format_seconds (guint seconds)
{
  if (seconds < 60)
    return g_strdup_printf (_("%u s"), seconds);
  return g_strdup_printf (_("%u min %02u s"), seconds / 60, seconds % 60);
}

void
lf_widget_factory_set_progress (GtkWidget *widget,
                                double     elapsed_s,
                                guint      timeout_s)
{
  LfFactoryItem *item;
  g_autofree char *elapsed = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if ((item = item_of (widget)) == NULL || (item->progress == NULL && elapsed_s < 0))
    return;
  if (item->progress == NULL)
    {
      GtkWidget *row = item->input;

      /* A status shows it under its pill: the input's own row in the box. */
      while (gtk_widget_get_parent (row) != NULL && gtk_widget_get_parent (row) != item->root)
        row = gtk_widget_get_parent (row);
      item->progress = gtk_progress_bar_new ();
      gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (item->progress), TRUE);
      gtk_box_insert_child_after (GTK_BOX (item->root), item->progress, row);
    }
  gtk_widget_set_visible (item->progress, elapsed_s >= 0);
  if (elapsed_s < 0)
    return;
  elapsed = format_seconds ((guint) elapsed_s);
  if (timeout_s == 0)
    {
      gtk_progress_bar_pulse (GTK_PROGRESS_BAR (item->progress));
      gtk_progress_bar_set_text (GTK_PROGRESS_BAR (item->progress), elapsed);
      return;
    }
  limit = format_seconds (timeout_s);
  /* Translators: how long a function has run, of the most it may ("12 s of 3 min 00 s") */
  text = g_strdup_printf (_("%s of %s"), elapsed, limit);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (item->progress),
                                 MIN (elapsed_s / timeout_s, 1.0));
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (item->progress), text);
}

void
lf_widget_factory_set_unavailable (GtkWidget  *widget,
                                   const char *reason)
{
  LfFactoryItem *item;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if ((item = item_of (widget)) == NULL || g_strcmp0 (item->unavailable, reason) == 0)
    return;
  g_free (item->unavailable);
  item->unavailable = g_strdup (reason);
  gtk_widget_set_tooltip_text (item->input, reason);
  update_sensitive (item);
}

void
lf_widget_factory_set_waiting (GtkWidget *widget,
                               gboolean   waiting)
{
  LfFactoryItem *item;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if ((item = item_of (widget)) == NULL)
    return;
  if (waiting)
    gtk_widget_add_css_class (item->root, "lf-waiting");
  else
    gtk_widget_remove_css_class (item->root, "lf-waiting");
  gtk_accessible_update_state (GTK_ACCESSIBLE (item->input), GTK_ACCESSIBLE_STATE_BUSY, waiting,
                               -1);
}

void
lf_widget_factory_show_problem (GtkWidget  *widget,
                                const char *problem)
{
  LfFactoryItem *item;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if ((item = item_of (widget)) == NULL)
    return;
  if (item->problem == NULL && problem != NULL)
    {
      item->problem = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (item->problem), 0);
      gtk_label_set_wrap (GTK_LABEL (item->problem), TRUE);
      gtk_widget_add_css_class (item->problem, "error");
      gtk_widget_add_css_class (item->problem, "caption");
      gtk_box_insert_child_after (GTK_BOX (item->root), item->problem, item->help);
    }
  if (item->problem != NULL)
    {
      gtk_label_set_text (GTK_LABEL (item->problem), problem ? problem : "");
      gtk_widget_set_visible (item->problem, problem != NULL);
    }
  if (problem != NULL)
    gtk_widget_add_css_class (item->input, "error");
  else
    gtk_widget_remove_css_class (item->input, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (item->input), GTK_ACCESSIBLE_STATE_INVALID,
                               problem ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  if (problem != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (item->input),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
}

GtkWidget *
lf_widget_factory_get_input (GtkWidget *widget)
{
  LfFactoryItem *item;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  item = item_of (widget);
  return item ? item->input : NULL;
}

GtkWidget *
lf_widget_factory_get_part (GtkWidget  *widget,
                            const char *part)
{
  LfFactoryItem *item;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  if ((item = item_of (widget)) == NULL)
    return NULL;
  if (g_strcmp0 (part, "caption") == 0)
    return item->caption;
  if (g_strcmp0 (part, "help") == 0)
    return item->help;
  if (g_strcmp0 (part, "cancel") == 0)
    return item->cancel;
  if (g_strcmp0 (part, "spinner") == 0)
    return item->spinner;
  if (g_strcmp0 (part, "progress") == 0)
    return item->progress;
  if (g_strcmp0 (part, "problem") == 0)
    return item->problem;
  if (item->json_view != NULL)
    return lf_json_view_get_part (LF_JSON_VIEW (item->json_view), part);
  return NULL;
}

GtkWidget *
lf_widget_factory_build (LfWidgetFactory *self,
                         LfControl       *control)
{
  const LfControlKind *kind;
  const char *help;
  LfFactoryItem *item;
  g_auto(GStrv) bound = NULL;
  g_autofree const char **names = NULL;

  g_return_val_if_fail (LF_IS_WIDGET_FACTORY (self), NULL);
  g_return_val_if_fail (LF_IS_CONTROL (control), NULL);

  kind = lf_control_get_kind (control);
  g_return_val_if_fail (lf_widget_kind_lookup (kind->id) != NULL, NULL);
  item = g_new0 (LfFactoryItem, 1);
  item->factory = g_object_ref (self);
  item->control = g_object_ref (control);
  item->name = g_strdup (lf_control_get_name (control));
  item->kind = lf_widget_kind_lookup (kind->id);

  item->root = lf_control_box_new (item);

  if (!item->kind->inline_caption)
    {
      item->caption = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (item->caption), 0);
      gtk_label_set_wrap (GTK_LABEL (item->caption), TRUE);
      gtk_widget_add_css_class (item->caption, "heading");
      gtk_box_append (GTK_BOX (item->root), item->caption);
    }

  item->kind->build (item);
  if (item->caption != NULL && !item->kind->inline_caption)
    gtk_label_set_mnemonic_widget (GTK_LABEL (item->caption), item->input);

  /* Kinds that add their own rows have done so; the rest get the input as it is. */
  if (gtk_widget_get_parent (item->input) == NULL)
    {
      /* Text views report a small natural height until laid out: give them room. */
      if (GTK_IS_TEXT_VIEW (item->input))
        gtk_box_append (GTK_BOX (item->root), lf_widget_framed_scroller (item->input, 96, 240));
      else if (GTK_IS_COLUMN_VIEW (item->input))
        gtk_box_append (GTK_BOX (item->root), lf_widget_framed_scroller (item->input, 160, 360));
      else
        gtk_box_append (GTK_BOX (item->root), item->input);
    }
  help = lf_control_get_string (control, "help");
  item->help = gtk_label_new (help);
  gtk_label_set_xalign (GTK_LABEL (item->help), 0);
  gtk_label_set_wrap (GTK_LABEL (item->help), TRUE);
  gtk_widget_add_css_class (item->help, "dim-label");
  gtk_widget_add_css_class (item->help, "caption");
  gtk_widget_set_visible (item->help, help != NULL && help[0] != '\0');
  gtk_box_append (GTK_BOX (item->root), item->help);
  if (help != NULL && help[0] != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (item->input),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, help, -1);

  /* Show everything the runtime holds now; later changes arrive through update (). */
  names = lf_control_kind_list_properties (kind);
  for (guint i = 0; names[i]; i++)
    lf_widget_factory_update (item->root, names[i]);
  if (g_str_equal (kind->id, "dropdown"))
    lf_widget_factory_update (item->root, "options");
  if (g_str_equal (kind->id, "key-value-table"))
    lf_widget_factory_update (item->root, "rows");

  return item->root;
}

/* The factory **************************************************************************/

static void
lf_widget_factory_dispose (GObject *object)
{
  LfWidgetFactory *self = (LfWidgetFactory *) object;

  g_clear_object (&self->runtime);

  G_OBJECT_CLASS (lf_widget_factory_parent_class)->dispose (object);
}

static void
lf_widget_factory_get_gproperty (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LfWidgetFactory *self = LF_WIDGET_FACTORY (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      g_value_set_object (value, self->runtime);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_widget_factory_set_gproperty (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LfWidgetFactory *self = LF_WIDGET_FACTORY (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      self->runtime = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_widget_factory_class_init (LfWidgetFactoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  guint n_kinds;
  const LfControlKind * const *kinds = lf_control_kind_get_all (&n_kinds);

  object_class->dispose = lf_widget_factory_dispose;
  object_class->get_property = lf_widget_factory_get_gproperty;
  object_class->set_property = lf_widget_factory_set_gproperty;

  properties[PROP_RUNTIME] =
    g_param_spec_object ("runtime", NULL, NULL, LF_TYPE_FORM_RUNTIME,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BUTTON_CLICKED] =
    g_signal_new ("button-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CANCEL_CLICKED] =
    g_signal_new ("cancel-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* A kind in the catalogue without a row here is a bug to catch early. */
  for (guint i = 0; i < n_kinds; i++)
    if (!lf_widget_factory_supports (kinds[i]->id))
      g_critical ("The widget factory cannot build “%s” controls", kinds[i]->id);
}

static void
lf_widget_factory_init (LfWidgetFactory *self)
{
}

LfWidgetFactory *
lf_widget_factory_new (LfFormRuntime *runtime)
{
  g_return_val_if_fail (LF_IS_FORM_RUNTIME (runtime), NULL);

  return g_object_new (LF_TYPE_WIDGET_FACTORY, "runtime", runtime, NULL);
}

LfFormRuntime *
lf_widget_factory_get_runtime (LfWidgetFactory *self)
{
  g_return_val_if_fail (LF_IS_WIDGET_FACTORY (self), NULL);
  return self->runtime;
}
