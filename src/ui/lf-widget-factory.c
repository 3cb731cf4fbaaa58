/* lf-widget-factory.c: one table of control kinds, each with how it is built and shown
 *
 * A built control is a vertical box: a caption, the input, a dim help line. Its state (which
 * control, which widgets, the handler to block) rides on the box as an Item. Values only
 * flow one way: the widget tells the runtime, the runtime tells the widget what to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "lf-json-tree.h"
#include "lf-key-value-row.h"
#include "lf-json-util.h"
#include "lf-widget-factory.h"

/* Beyond this many options a drop-down gets a search entry. */
#define SEARCH_THRESHOLD 10

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

typedef struct _Item Item;

typedef struct
{
  const char *kind;
  gboolean    inline_caption;   /* the caption sits in the input's row, or on the button */
  void      (*build)  (Item       *item);
  void      (*update) (Item       *item,
                       const char *property);
} KindOps;

struct _Item
{
  LfWidgetFactory *factory;
  LfControl       *control;
  const KindOps   *ops;
  char            *name;
  gboolean         destroyed;

  GtkWidget       *root;          /* the box; owns the item */
  GtkWidget       *caption;
  GtkWidget       *input;
  GtkWidget       *help;
  gulong           handler;       /* the input's change handler, blocked while showing */

  /* Kind-specific parts */
  GtkWidget       *spinner;       /* button */
  GtkWidget       *cancel;
  gboolean         running;
  GListStore      *store;         /* drop-down options, table rows */
  JsonNode        *options;       /* the runtime's options, for the selected value */
  GtkWidget       *truncation;    /* JSON view */
  GtkWidget       *truncation_label;
  GtkWidget       *show_all;
  GtkWidget       *save;
  GtkWidget       *json_stack;    /* "text" or "tree" */
  GtkWidget       *tree;          /* the value folded, when it is large */
  GtkWidget       *view_toggle;
  gboolean         folded;        /* the value is large enough for the tree */
  gboolean         tree_shown;
  GBytes          *json_text;     /* the whole pretty-printed value */
  guint            json_generation;
  GCancellable    *json_cancellable;
  GtkNativeDialog *chooser;
};

static void
item_free (gpointer data)
{
  Item *item = data;

  if (item->json_cancellable != NULL)
    g_cancellable_cancel (item->json_cancellable);
  g_clear_object (&item->json_cancellable);
  if (item->chooser != NULL)
    gtk_native_dialog_destroy (item->chooser);
  g_clear_object (&item->chooser);
  g_clear_object (&item->store);
  g_clear_pointer (&item->options, json_node_unref);
  g_clear_pointer (&item->json_text, g_bytes_unref);
  g_clear_object (&item->control);
  g_clear_object (&item->factory);
  g_free (item->name);
  g_free (item);
}

static Item *
item_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "lf-item");
}

/* Reading the runtime ********************************************************************/

static JsonNode *
get_property (Item       *item,
              const char *property)
{
  return lf_form_runtime_get_property (item->factory->runtime, item->name, property);
}

static char *
get_text (Item       *item,
          const char *property)
{
  return lf_json_to_plain_text (get_property (item, property));
}

static gboolean
get_boolean (Item       *item,
             const char *property)
{
  JsonNode *node = get_property (item, property);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  return json_node_get_value_type (node) == G_TYPE_BOOLEAN ? json_node_get_boolean (node)
                                                            : json_node_get_double (node) != 0;
}

static double
get_number (Item       *item,
            const char *property,
            double      fallback)
{
  JsonNode *node = get_property (item, property);

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

static void
push_value (Item     *item,
            JsonNode *value)
{
  g_autoptr(GError) error = NULL;

  if (!lf_form_runtime_set_value (item->factory->runtime, item->name, value, &error))
    g_warning ("%s", error->message);
}

static void
push_text (Item       *item,
           const char *text)
{
  g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), text);

  push_value (item, value);
}

/* Label ********************************************************************************/

static void
build_label (Item *item)
{
  item->input = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (item->input), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (item->input), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (item->input), TRUE);
  gtk_label_set_xalign (GTK_LABEL (item->input), 0);
  gtk_widget_add_css_class (item->input, "lf-label-value");
}

static void
update_label (Item       *item,
              const char *property)
{
  if (g_str_equal (property, "value"))
    {
      g_autofree char *text = get_text (item, "value");

      gtk_label_set_text (GTK_LABEL (item->input), text);
    }
}

/* Text field ***************************************************************************/

static void
on_entry_changed (GtkEditable *editable,
                  Item        *item)
{
  push_text (item, gtk_editable_get_text (editable));
}

static void
build_text_field (Item *item)
{
  g_autofree char *placeholder = get_text (item, "placeholder");

  item->input = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (item->input), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (item->input), TRUE);
  item->handler = g_signal_connect (item->input, "changed", G_CALLBACK (on_entry_changed), item);
}

static void
update_text_field (Item       *item,
                   const char *property)
{
  if (g_str_equal (property, "value"))
    {
      g_autofree char *text = get_text (item, "value");

      /* What the user is typing comes back unchanged: leave the cursor alone. */
      if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (item->input))) != 0)
        gtk_editable_set_text (GTK_EDITABLE (item->input), text);
    }
}

/* Text area ****************************************************************************/

static GtkWidget *
framed_scroller (GtkWidget *child,
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

static void
on_buffer_changed (GtkTextBuffer *buffer,
                   Item          *item)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  push_text (item, text);
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

static GtkWidget *
source_view_new (void)
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

static void
build_text_area (Item *item)
{
  GtkTextBuffer *buffer;

  item->input = source_view_new ();
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (item->input),
                               lf_control_get_boolean (item->control, "monospace"));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (item->input));
  item->handler = g_signal_connect (buffer, "changed", G_CALLBACK (on_buffer_changed), item);
}

static void
set_buffer_text (Item       *item,
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

static void
update_text_area (Item       *item,
                  const char *property)
{
  if (g_str_equal (property, "value"))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (item->input));
      g_autofree char *text = get_text (item, "value");
      g_autofree char *shown = NULL;
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (g_strcmp0 (text, shown) != 0)
        set_buffer_text (item, text, -1);
    }
  else if (g_str_equal (property, "editable"))
    {
      gboolean editable = get_boolean (item, "editable");

      gtk_text_view_set_editable (GTK_TEXT_VIEW (item->input), editable);
      gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (item->input), editable);
    }
}

/* Drop-down ****************************************************************************/

static void
on_selected_changed (GtkDropDown *dropdown,
                     GParamSpec  *pspec,
                     Item        *item)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  JsonArray *options;

  if (item->options == NULL || !JSON_NODE_HOLDS_ARRAY (item->options))
    return;
  options = json_node_get_array (item->options);
  if (selected >= json_array_get_length (options))
    return;
  push_value (item, json_object_get_member (json_array_get_object_element (options, selected),
                                            "value"));
}

static void
build_dropdown (Item *item)
{
  g_autoptr(GtkExpression) expression =
    gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  item->store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  item->input = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (item->store)), NULL);
  /* The expression names the option for the search entry and for screen readers. */
  gtk_drop_down_set_expression (GTK_DROP_DOWN (item->input), expression);
  item->handler = g_signal_connect (item->input, "notify::selected",
                                    G_CALLBACK (on_selected_changed), item);
}

static void
select_value (Item *item)
{
  JsonNode *value = get_property (item, "value");
  guint position = GTK_INVALID_LIST_POSITION;

  if (item->options != NULL && JSON_NODE_HOLDS_ARRAY (item->options) && value != NULL)
    {
      JsonArray *options = json_node_get_array (item->options);

      for (guint i = 0; i < json_array_get_length (options); i++)
        if (json_node_equal (json_object_get_member (json_array_get_object_element (options, i),
                                                     "value"), value))
          {
            position = i;
            break;
          }
    }
  if (gtk_drop_down_get_selected (GTK_DROP_DOWN (item->input)) != position)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (item->input), position);
}

static void
update_dropdown (Item       *item,
                 const char *property)
{
  if (g_str_equal (property, "options"))
    {
      JsonNode *options = get_property (item, "options");
      guint n = options && JSON_NODE_HOLDS_ARRAY (options)
                ? json_array_get_length (json_node_get_array (options)) : 0;
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_object_unref);

      /* The runtime never changes a node it gave out, so keeping it is safe. */
      g_clear_pointer (&item->options, json_node_unref);
      item->options = options ? json_node_ref (options) : NULL;
      for (guint i = 0; i < n; i++)
        {
          JsonObject *option = json_array_get_object_element (json_node_get_array (options), i);

          g_ptr_array_add (labels,
                           gtk_string_object_new (json_object_get_string_member_with_default (
                                                    option, "label", "")));
        }
      g_list_store_splice (item->store, 0, g_list_model_get_n_items (G_LIST_MODEL (item->store)),
                           labels->pdata, labels->len);
      gtk_drop_down_set_enable_search (GTK_DROP_DOWN (item->input), n > SEARCH_THRESHOLD);
      select_value (item);
    }
  else if (g_str_equal (property, "value"))
    select_value (item);
}

/* Button *******************************************************************************/

static void
on_button_clicked (GtkButton *button,
                   Item      *item)
{
  g_signal_emit (item->factory, signals[BUTTON_CLICKED], 0, item->name);
}

static void
on_cancel_clicked (GtkButton *button,
                   Item      *item)
{
  g_signal_emit (item->factory, signals[CANCEL_CLICKED], 0, item->name);
}

static void
build_button (Item *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  const char *style = lf_control_get_string (item->control, "style");

  item->input = gtk_button_new ();
  item->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (item->spinner, FALSE);
  item->caption = gtk_label_new (NULL);
  gtk_box_append (GTK_BOX (box), item->spinner);
  gtk_box_append (GTK_BOX (box), item->caption);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (item->input), box);
  gtk_widget_add_css_class (item->input, "lf-button");
  if (g_strcmp0 (style, "accent") == 0)
    gtk_widget_add_css_class (item->input, "suggested-action");
  else if (g_strcmp0 (style, "error") == 0)
    gtk_widget_add_css_class (item->input, "destructive-action");
  else if (g_strcmp0 (style, "success") == 0 || g_strcmp0 (style, "warning") == 0)
    {
      g_autofree char *css = g_strconcat ("lf-tone-", style, NULL);

      gtk_widget_add_css_class (item->input, css);
    }
  item->handler = g_signal_connect (item->input, "clicked", G_CALLBACK (on_button_clicked), item);

  item->cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_tooltip_text (item->cancel, _("Cancel the running actions (Esc)"));
  gtk_widget_set_visible (item->cancel, FALSE);
  g_signal_connect (item->cancel, "clicked", G_CALLBACK (on_cancel_clicked), item);

  gtk_box_append (GTK_BOX (row), item->input);
  gtk_box_append (GTK_BOX (row), item->cancel);
  gtk_widget_set_halign (row, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (item->root), row);
}

static void
update_button (Item       *item,
               const char *property)
{
}

/* Switch *******************************************************************************/

static void
on_switch_active (GtkSwitch  *widget,
                  GParamSpec *pspec,
                  Item       *item)
{
  g_autoptr(JsonNode) value = json_node_init_boolean (json_node_alloc (),
                                                      gtk_switch_get_active (widget));

  push_value (item, value);
}

static void
build_switch (Item *item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  item->caption = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (item->caption), 0);
  gtk_label_set_wrap (GTK_LABEL (item->caption), TRUE);
  gtk_widget_set_hexpand (item->caption, TRUE);
  gtk_widget_add_css_class (item->caption, "heading");
  item->input = gtk_switch_new ();
  gtk_widget_set_valign (item->input, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), item->caption);
  gtk_box_append (GTK_BOX (row), item->input);
  gtk_box_append (GTK_BOX (item->root), row);
  item->handler = g_signal_connect (item->input, "notify::active", G_CALLBACK (on_switch_active),
                                    item);
}

static void
update_switch (Item       *item,
               const char *property)
{
  if (g_str_equal (property, "value"))
    {
      gboolean active = get_boolean (item, "value");

      if (active != gtk_switch_get_active (GTK_SWITCH (item->input)))
        gtk_switch_set_active (GTK_SWITCH (item->input), active);
    }
}

/* Number *******************************************************************************/

static void
on_spin_value_changed (GtkSpinButton *spin,
                       Item          *item)
{
  double number = gtk_spin_button_get_value (spin);
  g_autoptr(JsonNode) value = NULL;

  /* Whole numbers stay integers in payloads ("3", not "3.0"). */
  if (gtk_spin_button_get_digits (spin) == 0)
    value = json_node_init_int (json_node_alloc (), (gint64) number);
  else
    value = json_node_init_double (json_node_alloc (), number);
  push_value (item, value);
}

static void
build_number (Item *item)
{
  double minimum = get_number (item, "minimum", -1e15);
  double maximum = get_number (item, "maximum", 1e15);
  double step = get_number (item, "step", 1);
  double digits = get_number (item, "digits", 0);

  item->input = gtk_spin_button_new_with_range (minimum, MAX (minimum, maximum),
                                                step > 0 ? step : 1);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (item->input), (guint) CLAMP (digits, 0, 20));
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (item->input), TRUE);
  gtk_widget_set_halign (item->input, GTK_ALIGN_START);
  item->handler = g_signal_connect (item->input, "value-changed",
                                    G_CALLBACK (on_spin_value_changed), item);
}

static void
update_number (Item       *item,
               const char *property)
{
  if (g_str_equal (property, "value"))
    {
      double number = get_number (item, "value", 0);

      if (number != gtk_spin_button_get_value (GTK_SPIN_BUTTON (item->input)))
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (item->input), number);
    }
}

/* JSON view ****************************************************************************/

static void
pretty_print_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GString *out = g_string_new (NULL);

  if (!lf_json_write (out, task_data, 2, cancellable))
    {
      g_string_free (out, TRUE);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return;
    }
  g_string_append_c (out, '\n');
  g_task_return_pointer (task, g_string_free_to_bytes (out), (GDestroyNotify) g_bytes_unref);
}

/* A line longer than this ends the preview: GtkTextView lays out a paragraph whole, and one
 * of a few hundred kilobytes (a long string value) holds the main loop for many seconds
 * (bench/ui-response measured 30 s for the "big" sample's 200 kB line). */
#define JSON_PREVIEW_LINE_BYTES 4096

/* Where to cut @text so that at most @limit bytes show, and no line longer than
 * JSON_PREVIEW_LINE_BYTES: at a line end when one is near, and never inside a character. */
static gsize
preview_length (const char *text,
                gsize       length,
                gsize       limit)
{
  gsize cut = MIN (length, limit);
  gsize line_start = 0;
  gboolean long_line = FALSE;

  for (gsize i = 0; i < cut; i++)
    {
      if (text[i] == '\n')
        line_start = i + 1;
      else if (i - line_start >= JSON_PREVIEW_LINE_BYTES)
        {
          cut = i;
          long_line = TRUE;
          break;
        }
    }
  if (cut == length)
    return length;
  /* The start of the long line shows; otherwise end on a whole line. */
  for (gsize i = cut; !long_line && i > cut - MIN (cut, 4096); i--)
    if (text[i - 1] == '\n')
      return i;
  while (cut > 0 && ((guchar) text[cut] & 0xC0) == 0x80)
    cut--;
  return cut;
}

static void
show_json_text (Item     *item,
                gboolean  all)
{
  gsize length = 0;
  const char *text = item->json_text ? g_bytes_get_data (item->json_text, &length) : "";
  gsize shown = all ? length : preview_length (text, length, LF_WIDGET_FACTORY_JSON_PREVIEW_BYTES);
  gboolean truncated = shown < length;

  set_buffer_text (item, text ? text : "", shown);
  if (truncated && !item->tree_shown)
    {
      g_autofree char *shown_size = g_format_size (shown);
      g_autofree char *total_size = g_format_size (length);
      /* Translators: "Showing the first 200.0 kB of 6.0 MB" */
      g_autofree char *message = g_strdup_printf (_("Showing the first %s of %s"), shown_size,
                                                  total_size);

      gtk_label_set_text (GTK_LABEL (item->truncation_label), message);
    }
  gtk_widget_set_visible (item->truncation, truncated && !item->tree_shown);
  gtk_widget_set_visible (item->show_all, truncated);
}

/* The folded tree or the text, and the button that goes to the other. */
static void
show_json_tree (Item     *item,
                gboolean  tree)
{
  item->tree_shown = tree && item->folded;
  gtk_stack_set_visible_child_name (GTK_STACK (item->json_stack),
                                    item->tree_shown ? "tree" : "text");
  gtk_widget_set_visible (item->view_toggle, item->folded);
  gtk_button_set_label (GTK_BUTTON (item->view_toggle),
                        item->tree_shown ? _("Show as _Text") : _("Show as T_ree"));
  if (item->tree_shown)
    gtk_widget_set_visible (item->truncation, FALSE);
  else if (item->json_text != NULL)
    show_json_text (item, FALSE);
}

typedef struct
{
  Item     *item;
  JsonNode *node;
  guint     generation;
} PrettyJob;

static void
on_pretty_printed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PrettyJob *job = user_data;
  Item *item = job->item;
  g_autoptr(GBytes) text = g_task_propagate_pointer (G_TASK (result), NULL);

  /* The node is let go here, on the main thread, once the thread is done with it. */
  json_node_unref (job->node);
  if (!item->destroyed && job->generation == item->json_generation && text != NULL)
    {
      g_clear_pointer (&item->json_text, g_bytes_unref);
      item->json_text = g_steal_pointer (&text);
      gtk_widget_set_sensitive (item->save, TRUE);
      /* A folded value's text waits until someone asks for it: a few hundred kilobytes of
       * highlighted text take the main loop a while to lay out. */
      if (!item->tree_shown)
        show_json_text (item, FALSE);
    }
  /* The widget was kept alive for this answer. */
  g_object_unref (item->root);
  g_free (job);
}

static void
update_json_view (Item       *item,
                  const char *property)
{
  JsonNode *value;
  g_autoptr(GTask) task = NULL;
  PrettyJob *job;

  if (!g_str_equal (property, "value"))
    return;

  item->json_generation++;
  if (item->json_cancellable != NULL)
    g_cancellable_cancel (item->json_cancellable);
  g_clear_object (&item->json_cancellable);
  g_clear_pointer (&item->json_text, g_bytes_unref);

  value = get_property (item, "value");
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      item->folded = FALSE;
      lf_json_tree_view_set_value (GTK_LIST_VIEW (item->tree), NULL);
      show_json_tree (item, FALSE);
      show_json_text (item, TRUE);
      gtk_widget_set_sensitive (item->save, FALSE);
      return;
    }

  /* A large object or array opens folded, at once: the tree reads only what is shown, so
   * it need not wait for the text. The text is printed all the same, for Save and for
   * "Show as Text". */
  item->folded = lf_json_tree_should_fold (value);
  lf_json_tree_view_set_value (GTK_LIST_VIEW (item->tree), item->folded ? value : NULL);
  if (item->folded)
    set_buffer_text (item, "", 0);
  show_json_tree (item, item->folded);

  /* Even a few megabytes print in a thread, so no frame waits for them. */
  item->json_cancellable = g_cancellable_new ();
  job = g_new0 (PrettyJob, 1);
  job->item = item;
  job->node = json_node_ref (value);
  job->generation = item->json_generation;
  g_object_ref (item->root);
  task = g_task_new (NULL, item->json_cancellable, on_pretty_printed, job);
  g_task_set_source_tag (task, update_json_view);
  g_task_set_task_data (task, job->node, NULL);
  g_task_run_in_thread (task, pretty_print_thread);
}

static void
on_show_all_clicked (GtkButton *button,
                     Item      *item)
{
  show_json_text (item, TRUE);
}

static void
on_view_toggle_clicked (GtkButton *button,
                        Item      *item)
{
  show_json_tree (item, !item->tree_shown);
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_warning ("Could not save the value: %s", error->message);
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  Item            *item)
{
  if (response == GTK_RESPONSE_ACCEPT && item->json_text != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        g_file_replace_contents_bytes_async (file, item->json_text, NULL, FALSE,
                                             G_FILE_CREATE_REPLACE_DESTINATION, NULL, on_saved,
                                             NULL);
    }
  g_clear_object (&item->chooser);
}

static void
on_save_clicked (GtkButton *button,
                 Item      *item)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strconcat (item->name, ".json", NULL);

  if (item->chooser != NULL)
    return;
  /* GtkFileDialog is GTK 4.10; the native chooser is what 4.8 has. */
  chooser = gtk_file_chooser_native_new (_("Save the Value"), GTK_IS_WINDOW (root)
                                                               ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), item);
  item->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (item->chooser);
}

static void
build_json_view (Item *item)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *json = gtk_source_language_manager_get_language (languages, "json");
  GtkTextBuffer *buffer;
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  item->input = source_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (item->input), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (item->input), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (item->input), TRUE);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (item->input));
  if (json != NULL)
    gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), json);

  /* Shown only when the value is larger than the preview. */
  item->truncation = bar;
  item->truncation_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (item->truncation_label), 0);
  gtk_label_set_wrap (GTK_LABEL (item->truncation_label), TRUE);
  gtk_widget_set_hexpand (item->truncation_label, TRUE);
  gtk_widget_add_css_class (item->truncation_label, "dim-label");
  item->show_all = gtk_button_new_with_mnemonic (_("Show _All"));
  g_signal_connect (item->show_all, "clicked", G_CALLBACK (on_show_all_clicked), item);
  gtk_box_append (GTK_BOX (bar), item->truncation_label);
  gtk_box_append (GTK_BOX (bar), item->show_all);
  gtk_widget_set_visible (bar, FALSE);

  item->save = gtk_button_new_with_mnemonic (_("_Save to File…"));
  gtk_widget_set_sensitive (item->save, FALSE);
  g_signal_connect (item->save, "clicked", G_CALLBACK (on_save_clicked), item);

  /* GtkSourceView cannot fold text: a large value shows as a tree of its members instead,
   * in the same frame, and one button goes between the two. */
  item->tree = lf_json_tree_view_new ();
  item->json_stack = gtk_stack_new ();
  gtk_stack_set_vhomogeneous (GTK_STACK (item->json_stack), FALSE);
  gtk_stack_add_named (GTK_STACK (item->json_stack), framed_scroller (item->input, 200, 480),
                       "text");
  gtk_stack_add_named (GTK_STACK (item->json_stack), framed_scroller (item->tree, 320, 480),
                       "tree");
  gtk_box_append (GTK_BOX (item->root), item->json_stack);
  item->view_toggle = gtk_button_new_with_mnemonic (_("Show as _Text"));
  gtk_widget_set_visible (item->view_toggle, FALSE);
  g_signal_connect (item->view_toggle, "clicked", G_CALLBACK (on_view_toggle_clicked), item);
}

/* Status *******************************************************************************/

/* The tone a value shows in: success for 2xx and success states, warning for running, 3xx and
 * throttling, error for failures and other 4xx/5xx, neutral otherwise. */
static const char *
tone_for (JsonNode *value)
{
  static const char * const successes[] = { "succeeded", "success", "successful", "ok", "active",
                                            "done", "completed", NULL };
  static const char * const warnings[] = { "running", "pending", "inprogress", "in_progress",
                                           "throttled", "waiting", NULL };
  static const char * const errors[] = { "failed", "failure", "error", "cancelled", "inactive",
                                         NULL };
  double code = -1;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return "neutral";
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);
      g_autofree char *folded = g_ascii_strdown (text, -1);
      char *end = NULL;

      if (g_strv_contains (successes, folded))
        return "success";
      if (g_strv_contains (warnings, folded))
        return "warning";
      if (g_strv_contains (errors, folded))
        return "error";
      code = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        return "neutral";
    }
  else if (json_node_get_value_type (value) == G_TYPE_INT64 ||
           json_node_get_value_type (value) == G_TYPE_DOUBLE)
    code = json_node_get_double (value);

  if (code >= 200 && code < 300)
    return "success";
  if ((code >= 300 && code < 400) || code == 429)
    return "warning";
  if (code >= 400 && code < 600)
    return "error";
  return "neutral";
}

static char *
status_text (JsonNode *value)
{
  static const struct { const char *state; const char *label; } states[] = {
    { "idle", N_("Idle") },
    { "running", N_("Running") },
    { "succeeded", N_("Succeeded") },
    { "failed", N_("Failed") },
  };
  g_autofree char *text = lf_json_to_plain_text (value);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (text, states[i].state))
      return g_strdup (_(states[i].label));
  return g_steal_pointer (&text);
}

static void
build_status (Item *item)
{
  item->input = gtk_label_new (NULL);
  gtk_widget_set_halign (item->input, GTK_ALIGN_START);
  gtk_label_set_selectable (GTK_LABEL (item->input), FALSE);
  gtk_widget_add_css_class (item->input, "lf-status");
}

static void
update_status (Item       *item,
               const char *property)
{
  static const char * const tones[] = { "neutral", "accent", "success", "warning", "error" };
  JsonNode *value;
  g_autofree char *text = NULL;
  g_autofree char *tone = NULL;

  if (!g_str_equal (property, "value") && !g_str_equal (property, "tone"))
    return;

  value = get_property (item, "value");
  text = status_text (value);
  tone = get_text (item, "tone");
  if (tone[0] == '\0' || g_str_equal (tone, "auto"))
    {
      g_free (tone);
      tone = g_strdup (tone_for (value));
    }
  for (guint i = 0; i < G_N_ELEMENTS (tones); i++)
    {
      g_autofree char *css = g_strconcat ("lf-tone-", tones[i], NULL);

      if (g_str_equal (tones[i], tone))
        gtk_widget_add_css_class (item->input, css);
      else
        gtk_widget_remove_css_class (item->input, css);
    }
  /* Nothing to say yet: an empty pill would look like a glitch. */
  gtk_label_set_text (GTK_LABEL (item->input), text[0] ? text : "—");
}

/* Key-value table **********************************************************************/

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  LfKeyValueRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *text = GPOINTER_TO_INT (user_data) ? lf_key_value_row_get_value (row)
                                                 : lf_key_value_row_get_key (row);

  gtk_label_set_text (GTK_LABEL (label), text);
  /* Long values are cut in the cell; the tooltip has all of it. */
  gtk_widget_set_tooltip_text (label, text);
}

static GtkColumnViewColumn *
column_new (const char *title,
            gboolean    value)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (value));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, value);
  return column;
}

static void
build_key_value_table (Item *item)
{
  g_autoptr(GtkColumnViewColumn) key = column_new (_("Key"), FALSE);
  g_autoptr(GtkColumnViewColumn) value = column_new (_("Value"), TRUE);
  GtkSelectionModel *selection;

  item->store = g_list_store_new (LF_TYPE_KEY_VALUE_ROW);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (item->store))));
  item->input = gtk_column_view_new (selection);
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (item->input), TRUE);
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (item->input), TRUE);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (item->input), key);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (item->input), value);
  gtk_widget_add_css_class (item->input, "data-table");
}

static void
update_key_value_table (Item       *item,
                        const char *property)
{
  JsonNode *rows;
  g_autoptr(GPtrArray) items = NULL;

  if (!g_str_equal (property, "rows"))
    return;

  rows = get_property (item, "rows");
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; rows && JSON_NODE_HOLDS_ARRAY (rows) &&
                    i < json_array_get_length (json_node_get_array (rows)); i++)
    {
      JsonObject *row = json_array_get_object_element (json_node_get_array (rows), i);
      g_autofree char *value = lf_json_to_plain_text (json_object_get_member (row, "value"));

      g_ptr_array_add (items,
                       lf_key_value_row_new (json_object_get_string_member_with_default (row, "key",
                                                                                         ""),
                                             value));
    }
  g_list_store_splice (item->store, 0, g_list_model_get_n_items (G_LIST_MODEL (item->store)),
                       items->pdata, items->len);
}

/* The table ****************************************************************************/

static const KindOps kind_ops[] = {
  { "label", FALSE, build_label, update_label },
  { "text-field", FALSE, build_text_field, update_text_field },
  { "text-area", FALSE, build_text_area, update_text_area },
  { "dropdown", FALSE, build_dropdown, update_dropdown },
  { "button", TRUE, build_button, update_button },
  { "switch", TRUE, build_switch, update_switch },
  { "number", FALSE, build_number, update_number },
  { "json-view", FALSE, build_json_view, update_json_view },
  { "status", FALSE, build_status, update_status },
  { "key-value-table", FALSE, build_key_value_table, update_key_value_table },
};

static const KindOps *
ops_for (const char *kind_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_ops); i++)
    if (g_strcmp0 (kind_ops[i].kind, kind_id) == 0)
      return &kind_ops[i];
  return NULL;
}

gboolean
lf_widget_factory_supports (const char *kind_id)
{
  return ops_for (kind_id) != NULL;
}

static void
update_caption (Item *item)
{
  g_autofree char *label = get_text (item, "label");

  gtk_label_set_text (GTK_LABEL (item->caption), label);
  gtk_widget_set_visible (item->caption, label[0] != '\0' || item->ops->inline_caption);
  /* Screen readers name the input after the caption, whatever its kind. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (item->input), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  if (item->tree != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (item->tree), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    label, -1);
}

static void
update_sensitive (Item *item)
{
  gtk_widget_set_sensitive (item->input, get_boolean (item, "enabled") && !item->running);
}

void
lf_widget_factory_update (GtkWidget  *widget,
                          const char *property)
{
  Item *item;
  GObject *emitter;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (property != NULL);

  if ((item = item_of (widget)) == NULL || item->destroyed)
    return;

  if (g_str_equal (property, "label"))
    update_caption (item);
  else if (g_str_equal (property, "visible"))
    gtk_widget_set_visible (item->root, get_boolean (item, "visible"));
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
      item->ops->update (item, property);
      if (item->handler != 0)
        g_signal_handler_unblock (emitter, item->handler);
    }
}

void
lf_widget_factory_set_running (GtkWidget *widget,
                               gboolean   running)
{
  Item *item;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if ((item = item_of (widget)) == NULL || item->spinner == NULL || item->running == running)
    return;
  item->running = running;
  gtk_spinner_set_spinning (GTK_SPINNER (item->spinner), running);
  gtk_widget_set_visible (item->spinner, running);
  gtk_widget_set_visible (item->cancel, running);
  update_sensitive (item);
}

GtkWidget *
lf_widget_factory_get_input (GtkWidget *widget)
{
  Item *item;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  item = item_of (widget);
  return item ? item->input : NULL;
}

GtkWidget *
lf_widget_factory_get_part (GtkWidget  *widget,
                            const char *part)
{
  Item *item;

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
  if (g_strcmp0 (part, "show-all") == 0)
    return item->show_all;
  if (g_strcmp0 (part, "save") == 0)
    return item->save;
  if (g_strcmp0 (part, "truncation") == 0)
    return item->truncation_label;
  if (g_strcmp0 (part, "tree") == 0)
    return item->tree;
  if (g_strcmp0 (part, "view-toggle") == 0)
    return item->view_toggle;
  return NULL;
}

static void
on_root_destroy (GtkWidget *root,
                 Item      *item)
{
  /* Work still on its way (a JSON value printing) has nowhere to go now. */
  item->destroyed = TRUE;
  if (item->json_cancellable != NULL)
    g_cancellable_cancel (item->json_cancellable);
}

GtkWidget *
lf_widget_factory_build (LfWidgetFactory *self,
                         LfControl       *control)
{
  const LfControlKind *kind;
  const char *help;
  Item *item;
  g_auto(GStrv) bound = NULL;
  g_autofree const char **names = NULL;

  g_return_val_if_fail (LF_IS_WIDGET_FACTORY (self), NULL);
  g_return_val_if_fail (LF_IS_CONTROL (control), NULL);

  kind = lf_control_get_kind (control);
  g_return_val_if_fail (ops_for (kind->id) != NULL, NULL);
  item = g_new0 (Item, 1);
  item->factory = g_object_ref (self);
  item->control = g_object_ref (control);
  item->name = g_strdup (lf_control_get_name (control));
  item->ops = ops_for (kind->id);

  item->root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (item->root, "lf-control");
  g_object_set_data_full (G_OBJECT (item->root), "lf-item", item, item_free);
  g_signal_connect (item->root, "destroy", G_CALLBACK (on_root_destroy), item);

  if (!item->ops->inline_caption)
    {
      item->caption = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (item->caption), 0);
      gtk_label_set_wrap (GTK_LABEL (item->caption), TRUE);
      gtk_widget_add_css_class (item->caption, "heading");
      gtk_box_append (GTK_BOX (item->root), item->caption);
    }

  item->ops->build (item);
  if (item->caption != NULL && !item->ops->inline_caption)
    gtk_label_set_mnemonic_widget (GTK_LABEL (item->caption), item->input);

  /* Kinds that add their own rows have done so; the rest get the input as it is. */
  if (gtk_widget_get_parent (item->input) == NULL)
    {
      /* Text views report a small natural height until laid out: give them room. The JSON
       * view has framed its text and tree itself. */
      if (GTK_IS_TEXT_VIEW (item->input))
        gtk_box_append (GTK_BOX (item->root), framed_scroller (item->input, 96, 240));
      else if (GTK_IS_COLUMN_VIEW (item->input))
        gtk_box_append (GTK_BOX (item->root), framed_scroller (item->input, 160, 360));
      else
        gtk_box_append (GTK_BOX (item->root), item->input);
    }
  if (item->truncation != NULL)
    {
      GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

      gtk_box_append (GTK_BOX (actions), item->truncation);
      gtk_widget_set_hexpand (item->truncation, TRUE);
      if (item->view_toggle != NULL)
        {
          gtk_box_append (GTK_BOX (actions), item->view_toggle);
          /* Pushed to the end even while the truncation bar is hidden. */
          gtk_widget_set_hexpand (item->view_toggle, TRUE);
          gtk_widget_set_halign (item->view_toggle, GTK_ALIGN_END);
        }
      gtk_box_append (GTK_BOX (actions), item->save);
      gtk_widget_set_halign (item->save, GTK_ALIGN_END);
      gtk_box_append (GTK_BOX (item->root), actions);
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
    if (ops_for (kinds[i]->id) == NULL)
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
