/* lf-widget-kinds.c: each kind of control as the app shows it: built, updated, previewed
 *
 * One section a kind, and one table at the end. A kind in the catalogue (lf-control-kind.c)
 * needs a row here; tests/test-editor.c checks that every one has all three functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "lf-json-util.h"
#include "lf-json-view.h"
#include "lf-key-value-row.h"
#include "lf-widget-factory-private.h"

/* Beyond this many options a drop-down gets a search entry. */
#define SEARCH_THRESHOLD 10

/* The style classes a button's "style" asks for. */
static void
style_button (GtkWidget  *button,
              const char *style)
{
  if (g_strcmp0 (style, "accent") == 0)
    gtk_widget_add_css_class (button, "suggested-action");
  else if (g_strcmp0 (style, "error") == 0)
    gtk_widget_add_css_class (button, "destructive-action");
  else if (g_strcmp0 (style, "success") == 0 || g_strcmp0 (style, "warning") == 0)
    {
      g_autofree char *css = g_strconcat ("lf-tone-", style, NULL);

      gtk_widget_add_css_class (button, css);
    }
}

/* Label ********************************************************************************/

static void
build_label (LfFactoryItem *item)
{
  item->input = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (item->input), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (item->input), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (item->input), TRUE);
  gtk_label_set_xalign (GTK_LABEL (item->input), 0);
  gtk_widget_add_css_class (item->input, "lf-label-value");
}

static void
update_label (LfFactoryItem       *item,
              const char *property)
{
  if (g_str_equal (property, "value"))
    {
      g_autofree char *text = lf_factory_item_get_text (item, "value");

      gtk_label_set_text (GTK_LABEL (item->input), text);
    }
}

/* Text field ***************************************************************************/

static void
on_entry_changed (GtkEditable *editable,
                  LfFactoryItem        *item)
{
  lf_factory_item_push_text (item, gtk_editable_get_text (editable));
}

static void
build_text_field (LfFactoryItem *item)
{
  g_autofree char *placeholder = lf_factory_item_get_text (item, "placeholder");

  item->input = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (item->input), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (item->input), TRUE);
  item->handler = g_signal_connect (item->input, "changed", G_CALLBACK (on_entry_changed), item);
}

static void
update_text_field (LfFactoryItem       *item,
                   const char *property)
{
  if (g_str_equal (property, "value"))
    {
      g_autofree char *text = lf_factory_item_get_text (item, "value");

      /* What the user is typing comes back unchanged: leave the cursor alone. */
      if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (item->input))) != 0)
        gtk_editable_set_text (GTK_EDITABLE (item->input), text);
    }
}

/* Text area ****************************************************************************/

static void
on_buffer_changed (GtkTextBuffer *buffer,
                   LfFactoryItem          *item)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lf_factory_item_push_text (item, text);
}

/* In code (a monospace area), Ctrl+Tab still types a tab for those who want one. */
static gboolean
on_text_area_key (GtkEventControllerKey *keys,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  GtkTextView           *view)
{
  if ((keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab) ||
      (state & GDK_CONTROL_MASK) == 0 || !gtk_text_view_get_monospace (view) ||
      !gtk_text_view_get_editable (view))
    return FALSE;
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (view), "\t", 1);
  return TRUE;
}

static void
build_text_area (LfFactoryItem *item)
{
  GtkTextBuffer *buffer;
  GtkEventController *keys = gtk_event_controller_key_new ();

  item->input = lf_widget_source_view_new ();
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (item->input),
                               lf_control_get_boolean (item->control, "monospace"));
  /* Tab and Shift+Tab go on to the next control, as in any other field of a form. */
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (item->input), FALSE);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_text_area_key), item->input);
  gtk_widget_add_controller (item->input, keys);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (item->input));
  item->handler = g_signal_connect (buffer, "changed", G_CALLBACK (on_buffer_changed), item);
}

static void
update_text_area (LfFactoryItem       *item,
                  const char *property)
{
  if (g_str_equal (property, "value"))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (item->input));
      g_autofree char *text = lf_factory_item_get_text (item, "value");
      g_autofree char *shown = NULL;
      GtkTextIter start, end;

      gsize shown_length;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      shown_length = strlen (shown);
      /* A streamed answer grows at its end: only what is new is laid out, and the view keeps
       * its place. */
      if (shown_length > 0 && strncmp (text, shown, shown_length) == 0)
        {
          if (text[shown_length] != '\0')
            lf_factory_item_append_buffer_text (item, text + shown_length);
        }
      else if (g_strcmp0 (text, shown) != 0)
        lf_factory_item_set_buffer_text (item, text, -1);
    }
  else if (g_str_equal (property, "editable"))
    {
      gboolean editable = lf_factory_item_get_boolean (item, "editable");

      gtk_text_view_set_editable (GTK_TEXT_VIEW (item->input), editable);
      gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (item->input), editable);
    }
}

/* Drop-down ****************************************************************************/

static void
on_selected_changed (GtkDropDown *dropdown,
                     GParamSpec  *pspec,
                     LfFactoryItem        *item)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  JsonArray *options;

  if (item->options == NULL || !JSON_NODE_HOLDS_ARRAY (item->options))
    return;
  options = json_node_get_array (item->options);
  if (selected >= json_array_get_length (options))
    return;
  lf_factory_item_push_value (item, json_object_get_member (json_array_get_object_element (options, selected),
                                            "value"));
}

static void
setup_option (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  max_chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* However long an option, it never widens the window: it is cut, and whole in a tooltip. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (max_chars));
  gtk_label_set_width_chars (GTK_LABEL (label), 1);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_option (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  max_chars)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (list_item));

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

static GtkListItemFactory *
option_factory (int max_chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_option), GINT_TO_POINTER (max_chars));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_option), GINT_TO_POINTER (max_chars));
  return factory;
}

static void
build_dropdown (LfFactoryItem *item)
{
  g_autoptr(GtkExpression) expression =
    gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  g_autoptr(GtkListItemFactory) shown = option_factory (40);
  g_autoptr(GtkListItemFactory) listed = option_factory (60);

  item->store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  item->input = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (item->store)), NULL);
  gtk_drop_down_set_factory (GTK_DROP_DOWN (item->input), shown);
  gtk_drop_down_set_list_factory (GTK_DROP_DOWN (item->input), listed);
  /* The expression names the option for the search entry and for screen readers. */
  gtk_drop_down_set_expression (GTK_DROP_DOWN (item->input), expression);
  item->handler = g_signal_connect (item->input, "notify::selected",
                                    G_CALLBACK (on_selected_changed), item);
}

static void
select_value (LfFactoryItem *item)
{
  JsonNode *value = lf_factory_item_get_property (item, "value");
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
update_dropdown (LfFactoryItem       *item,
                 const char *property)
{
  if (g_str_equal (property, "options"))
    {
      JsonNode *options = lf_factory_item_get_property (item, "options");
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
                   LfFactoryItem      *item)
{
  lf_factory_item_emit_clicked (item, FALSE);
}

static void
on_cancel_clicked (GtkButton *button,
                   LfFactoryItem      *item)
{
  lf_factory_item_emit_clicked (item, TRUE);
}

static void
build_button (LfFactoryItem *item)
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
  style_button (item->input, style);
  item->handler = g_signal_connect (item->input, "clicked", G_CALLBACK (on_button_clicked), item);

  item->cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_tooltip_text (item->cancel, _("Cancel the running actions (Esc)"));
  gtk_widget_set_visible (item->cancel, FALSE);
  g_signal_connect (item->cancel, "clicked", G_CALLBACK (on_cancel_clicked), item);

  gtk_box_append (GTK_BOX (row), item->input);
  gtk_box_append (GTK_BOX (row), item->cancel);
  gtk_widget_set_halign (row, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (item->root), row);

  /* While a long call runs: the time it has taken against the function's timeout. */
  item->progress = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (item->progress), TRUE);
  gtk_widget_set_visible (item->progress, FALSE);
  gtk_box_append (GTK_BOX (item->root), item->progress);
}

static void
update_button (LfFactoryItem       *item,
               const char *property)
{
}

/* Switch *******************************************************************************/

static void
on_switch_active (GtkSwitch  *widget,
                  GParamSpec *pspec,
                  LfFactoryItem       *item)
{
  g_autoptr(JsonNode) value = json_node_init_boolean (json_node_alloc (),
                                                      gtk_switch_get_active (widget));

  lf_factory_item_push_value (item, value);
}

static void
build_switch (LfFactoryItem *item)
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
update_switch (LfFactoryItem       *item,
               const char *property)
{
  if (g_str_equal (property, "value"))
    {
      gboolean active = lf_factory_item_get_boolean (item, "value");

      if (active != gtk_switch_get_active (GTK_SWITCH (item->input)))
        gtk_switch_set_active (GTK_SWITCH (item->input), active);
    }
}

/* Number *******************************************************************************/

static void
on_spin_value_changed (GtkSpinButton *spin,
                       LfFactoryItem          *item)
{
  double number = gtk_spin_button_get_value (spin);
  g_autoptr(JsonNode) value = NULL;

  /* Whole numbers stay integers in payloads ("3", not "3.0"). */
  if (gtk_spin_button_get_digits (spin) == 0)
    value = json_node_init_int (json_node_alloc (), (gint64) number);
  else
    value = json_node_init_double (json_node_alloc (), number);
  lf_factory_item_push_value (item, value);
}

static void
build_number (LfFactoryItem *item)
{
  double minimum = lf_factory_item_get_number (item, "minimum", -1e15);
  double maximum = lf_factory_item_get_number (item, "maximum", 1e15);
  double step = lf_factory_item_get_number (item, "step", 1);
  double digits = lf_factory_item_get_number (item, "digits", 0);

  item->input = gtk_spin_button_new_with_range (minimum, MAX (minimum, maximum),
                                                step > 0 ? step : 1);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (item->input), (guint) CLAMP (digits, 0, 20));
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (item->input), TRUE);
  gtk_widget_set_halign (item->input, GTK_ALIGN_START);
  item->handler = g_signal_connect (item->input, "value-changed",
                                    G_CALLBACK (on_spin_value_changed), item);
}

static void
update_number (LfFactoryItem       *item,
               const char *property)
{
  if (g_str_equal (property, "value"))
    {
      double number = lf_factory_item_get_number (item, "value", 0);

      if (number != gtk_spin_button_get_value (GTK_SPIN_BUTTON (item->input)))
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (item->input), number);
    }
}

/* JSON view ****************************************************************************/

static void
build_json_view (LfFactoryItem *item)
{
  item->json_view = lf_json_view_new (item->name);
  item->input = lf_json_view_get_part (LF_JSON_VIEW (item->json_view), "text");
  gtk_box_append (GTK_BOX (item->root), item->json_view);
}

static void
update_json_view (LfFactoryItem *item,
                  const char    *property)
{
  if (g_str_equal (property, "value"))
    lf_json_view_set_value (LF_JSON_VIEW (item->json_view),
                            lf_factory_item_get_property (item, "value"));
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
  static const char * const errors[] = { "failed", "failure", "error", "inactive",
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
    { "cancelled", N_("Cancelled") },
  };
  g_autofree char *text = lf_json_to_plain_text (value);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (text, states[i].state))
      return g_strdup (_(states[i].label));
  return g_steal_pointer (&text);
}

static void
build_status (LfFactoryItem *item)
{
  item->input = gtk_label_new (NULL);
  gtk_widget_set_halign (item->input, GTK_ALIGN_START);
  gtk_label_set_selectable (GTK_LABEL (item->input), FALSE);
  gtk_widget_add_css_class (item->input, "lf-status");
}

static void
update_status (LfFactoryItem       *item,
               const char *property)
{
  static const char * const tones[] = { "neutral", "accent", "success", "warning", "error" };
  JsonNode *value;
  g_autofree char *text = NULL;
  g_autofree char *tone = NULL;

  if (!g_str_equal (property, "value") && !g_str_equal (property, "tone"))
    return;

  value = lf_factory_item_get_property (item, "value");
  text = status_text (value);
  tone = lf_factory_item_get_text (item, "tone");
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
build_key_value_table (LfFactoryItem *item)
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
update_key_value_table (LfFactoryItem       *item,
                        const char *property)
{
  JsonNode *rows;
  g_autoptr(GPtrArray) items = NULL;

  if (!g_str_equal (property, "rows"))
    return;

  rows = lf_factory_item_get_property (item, "rows");
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

/* Unknown kinds ****************************************************************************/

/* A kind this version does not know: said plainly, in the run view and on the canvas alike. */
static GtkWidget *
unknown_notice (LfControl *control)
{
  g_autofree char *text = NULL;
  const char *kind = json_object_get_string_member_with_default (lf_control_get_json (control),
                                                                 "kind", "");
  GtkWidget *label;

  text = g_strdup_printf (_("This version of LambdaForms cannot show a “%s” control; it is "
                            "kept in the form as it is."), kind);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
build_unknown (LfFactoryItem *item)
{
  item->input = unknown_notice (item->control);
}

static void
update_unknown (LfFactoryItem *item,
                const char    *property)
{
}

/* Previews on the canvas *******************************************************************/

/* What a preview shows of @property: its binding as written, else its value. */
static char *
preview_text (LfControl  *control,
              const char *property)
{
  const char *binding = lf_control_get_binding (control, property);

  if (binding != NULL)
    return g_strdup (binding);
  return lf_json_to_plain_text (lf_control_get_property (control, property));
}

static GtkWidget *
preview_label (LfControl *control)
{
  g_autofree char *value = preview_text (control, "value");
  GtkWidget *label = gtk_label_new (*value ? value : _("Text"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  return label;
}

static GtkWidget *
preview_text_field (LfControl *control)
{
  g_autofree char *value = preview_text (control, "value");
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), value);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry),
                                  lf_control_get_string (control, "placeholder"));
  return entry;
}

static GtkWidget *
preview_text_box (LfControl *control,
                  gboolean   monospace)
{
  g_autofree char *value = preview_text (control, "value");
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), value, -1);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), monospace);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_set_size_request (view, -1, 72);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  return frame;
}

static GtkWidget *
preview_text_area (LfControl *control)
{
  return preview_text_box (control, lf_control_get_boolean (control, "monospace"));
}

static GtkWidget *
preview_json_view (LfControl *control)
{
  return preview_text_box (control, TRUE);
}

static GtkWidget *
preview_dropdown (LfControl *control)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  JsonNode *options = lf_control_get_property (control, "options");
  const char *items = lf_control_get_binding (control, "items");
  JsonArray *array = options && JSON_NODE_HOLDS_ARRAY (options) ? json_node_get_array (options)
                                                                 : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *option = json_array_get_object_element (array, i);

      if (option != NULL)
        gtk_string_list_append (labels,
                                json_object_get_string_member_with_default (option, "label", ""));
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (labels)) == 0)
    gtk_string_list_append (labels, items ? items : _("No options"));
  return gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
}

static GtkWidget *
preview_button (LfControl *control)
{
  const char *label = lf_control_get_label (control);
  GtkWidget *button = gtk_button_new_with_label (*label ? label : _("Button"));

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  style_button (button, lf_control_get_string (control, "style"));
  return button;
}

static GtkWidget *
preview_switch (LfControl *control)
{
  GtkWidget *toggle = gtk_switch_new ();

  gtk_switch_set_active (GTK_SWITCH (toggle), lf_control_get_boolean (control, "value"));
  gtk_widget_set_halign (toggle, GTK_ALIGN_START);
  return toggle;
}

static GtkWidget *
preview_number (LfControl *control)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (-1e15, 1e15, 1);
  JsonNode *node = lf_control_get_property (control, "value");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), json_node_get_double (node));
  gtk_widget_set_halign (spin, GTK_ALIGN_START);
  return spin;
}

static GtkWidget *
preview_status (LfControl *control)
{
  g_autofree char *value = preview_text (control, "value");
  GtkWidget *pill = gtk_label_new (*value ? value : _("Status"));

  gtk_widget_add_css_class (pill, "lf-status");
  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  return pill;
}

static GtkWidget *
preview_key_value_table (LfControl *control)
{
  g_autofree char *value = preview_text (control, "value");
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_add_css_class (list, "boxed-list");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Key"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), *value ? value : _("Value"));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return list;
}

/* The table ******************************************************************************/

static const LfWidgetKind kinds[] = {
  { "label", FALSE, build_label, update_label, preview_label },
  { "text-field", FALSE, build_text_field, update_text_field, preview_text_field },
  { "text-area", FALSE, build_text_area, update_text_area, preview_text_area },
  { "dropdown", FALSE, build_dropdown, update_dropdown, preview_dropdown },
  { "button", TRUE, build_button, update_button, preview_button },
  { "switch", TRUE, build_switch, update_switch, preview_switch },
  { "number", FALSE, build_number, update_number, preview_number },
  { "json-view", FALSE, build_json_view, update_json_view, preview_json_view },
  { "status", FALSE, build_status, update_status, preview_status },
  { "key-value-table", FALSE, build_key_value_table, update_key_value_table,
    preview_key_value_table },
  { "unknown", FALSE, build_unknown, update_unknown, unknown_notice },
};

const LfWidgetKind *
lf_widget_kind_lookup (const char *kind_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind_id) == 0)
      return &kinds[i];
  return NULL;
}
