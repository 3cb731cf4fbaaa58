/* lf-account-button.c: the header's choice of account and region for running a form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-account-button"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-account-button.h"
#include "lf-endpoint.h"
#include "lf-search.h"

struct _LfAccountButton
{
  AdwBin          parent_instance;

  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkListBox     *account_list;
  GtkSearchEntry *region_search;
  GtkListBox     *region_list;

  LfSession      *session;
  char           *form_account;
  char           *form_region;
  char           *account;         /* chosen here, or NULL for the form's own */
  char           *region;
  GPtrArray      *row_accounts;    /* what each row of account_list stands for, by index */
  GPtrArray      *region_checks;   /* the check mark of each row of region_list, by index */
};

G_DEFINE_FINAL_TYPE (LfAccountButton, lf_account_button, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_sandbox (LfAccountButton *self,
            const char      *account)
{
  if (self->session == NULL)
    return account == NULL || g_str_equal (account, "sandbox");
  return lf_session_is_sandbox_account (self->session, account);
}

/* The region the form runs in: the one chosen here, else the form's, else the account's. */
static const char *
effective_region (LfAccountButton *self,
                  const char      *account)
{
  LfAccount *found;

  if (self->region != NULL)
    return self->region;
  if (self->form_region != NULL)
    return self->form_region;
  if (self->session == NULL || account == NULL)
    return NULL;
  found = lf_account_store_lookup (lf_session_get_accounts (self->session), account);
  return found ? lf_account_get_region (found) : NULL;
}

static void
update_label (LfAccountButton *self)
{
  const char *account = self->account ? self->account : self->form_account;
  const char *region = effective_region (self, account);
  g_autofree char *label = NULL;
  const char *shown;

  shown = account == NULL || g_str_equal (account, "sandbox") ? _("Local Sandbox") : account;
  /* The sandbox has one region: naming another would mislead. */
  if (region != NULL && !is_sandbox (self, account))
    label = g_strdup_printf ("%s · %s", shown, region);
  else
    label = g_strdup (shown);
  gtk_menu_button_set_label (self->button, label);
}

void
lf_account_button_set_choice (LfAccountButton *self,
                              const char      *account,
                              const char      *region)
{
  g_autofree char *new_account = NULL;
  g_autofree char *new_region = NULL;

  g_return_if_fail (LF_IS_ACCOUNT_BUTTON (self));

  if (g_strcmp0 (account, self->account) == 0 && g_strcmp0 (region, self->region) == 0)
    return;
  /* Callers pass our own strings back (the region kept while the account changes): copy
   * both before either is freed. */
  new_account = g_strdup (account);
  new_region = g_strdup (region);
  g_free (self->account);
  self->account = g_steal_pointer (&new_account);
  g_free (self->region);
  self->region = g_steal_pointer (&new_region);
  update_label (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
add_row (LfAccountButton *self,
         const char      *title,
         const char      *subtitle,
         const char      *account)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gboolean chosen = g_strcmp0 (account, self->account) == 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_opacity (check, chosen ? 1.0 : 0.0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_CHECKED,
                               chosen ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                      : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
  gtk_list_box_append (self->account_list, row);
  g_ptr_array_add (self->row_accounts, g_strdup (account));
}

static void
fill_accounts (LfAccountButton *self)
{
  g_autofree char *own_text = NULL;
  GListModel *accounts;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->account_list))) != NULL)
    gtk_list_box_remove (self->account_list, child);
  g_ptr_array_set_size (self->row_accounts, 0);

  own_text = g_strdup_printf (_("Uses “%s”"), is_sandbox (self, self->form_account)
                                                ? _("Local Sandbox") : self->form_account);
  add_row (self, _("The Form’s Own Account"), own_text, NULL);
  add_row (self, _("Local Sandbox"), _("Functions on this computer"), "sandbox");
  if (self->session == NULL)
    return;
  accounts = lf_account_store_get_accounts (lf_session_get_accounts (self->session));
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(LfAccount) account = g_list_model_get_item (accounts, i);
      const char *name = lf_account_get_name (account);

      if (g_strcmp0 (name, "sandbox") != 0)
        add_row (self, name, lf_account_get_region (account), name);
    }
}

/* The Accounts window opens over us: the popover must not stay and take its first click. */
static void
on_manage_clicked (LfAccountButton *self)
{
  gtk_popover_popdown (self->popover);
}

/* Filled each time it opens, so that accounts added meanwhile are there. */
static void
on_popover_show (LfAccountButton *self)
{
  guint n_regions = 0;
  const LfRegion *regions = lf_regions_get_all (&n_regions);

  fill_accounts (self);
  gtk_editable_set_text (GTK_EDITABLE (self->region_search), "");
  for (guint i = 0; i < self->region_checks->len; i++)
    {
      const char *id = i == 0 || i > n_regions ? NULL : regions[i - 1].id;
      gboolean chosen = g_strcmp0 (id, self->region) == 0;
      GtkWidget *check = g_ptr_array_index (self->region_checks, i);

      gtk_widget_set_opacity (check, chosen ? 1.0 : 0.0);
      gtk_accessible_update_state (GTK_ACCESSIBLE (gtk_widget_get_ancestor (check,
                                                                            GTK_TYPE_LIST_BOX_ROW)),
                                   GTK_ACCESSIBLE_STATE_CHECKED,
                                   chosen ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                          : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
    }
}

static void
on_row_activated (LfAccountButton *self,
                  GtkListBoxRow   *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index < 0 || (guint) index >= self->row_accounts->len)
    return;
  gtk_popover_popdown (self->popover);
  lf_account_button_set_choice (self, g_ptr_array_index (self->row_accounts, index),
                                self->region);
}

static void
on_region_activated (LfAccountButton *self,
                     GtkListBoxRow   *row)
{
  int index = gtk_list_box_row_get_index (row);
  guint n_regions = 0;
  const LfRegion *regions = lf_regions_get_all (&n_regions);

  if (index < 0 || (guint) index > n_regions)
    return;
  gtk_popover_popdown (self->popover);
  lf_account_button_set_choice (self, self->account, index == 0 ? NULL : regions[index - 1].id);
}

static void
on_region_search_changed (LfAccountButton *self)
{
  GtkWidget *entry = GTK_WIDGET (self->region_search);
  GtkRoot *root = gtk_widget_get_root (entry);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (entry));

  gtk_list_box_invalidate_filter (self->region_list);
  /* Typing elsewhere in the popover reaches the search: the focus follows, so that Enter
   * takes the region found, not the account row that had the focus. On "changed", not the
   * delayed "search-changed": an Enter typed at once must already land in the search. */
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0' &&
      (focus == NULL || !gtk_widget_is_ancestor (focus, entry)) && GTK_IS_TEXT (text) &&
      gtk_widget_get_mapped (entry))
    gtk_text_grab_focus_without_selecting (GTK_TEXT (text));
}


/* A region is found by its code or its place, anywhere in them: "frank" finds Frankfurt. */
static gboolean
filter_region (GtkListBoxRow *row,
               gpointer       user_data)
{
  LfAccountButton *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->region_search));
  int index = gtk_list_box_row_get_index (row);
  guint n_regions = 0;
  const LfRegion *regions = lf_regions_get_all (&n_regions);

  if (*text == '\0')
    return TRUE;
  if (index <= 0 || (guint) index > n_regions)
    return FALSE;
  return lf_search_matches (text, regions[index - 1].id, regions[index - 1].name, NULL);
}

/* Escape in the search closes the popover, as it does anywhere else in it. */
static void
on_region_search_stop (LfAccountButton *self)
{
  gtk_popover_popdown (self->popover);
}

/* Enter takes the first region the text finds, asked afresh: the list filters again only
 * once the typing pauses, and a quick Enter must not take what it showed before. */
static void
on_region_search_activate (LfAccountButton *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->region_list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && filter_region (GTK_LIST_BOX_ROW (row), self))
      {
        on_region_activated (self, GTK_LIST_BOX_ROW (row));
        return;
      }
}

static void
add_region_row (LfAccountButton *self,
                const char      *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_opacity (check, 0.0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_box_append (self->region_list, box);
  g_ptr_array_add (self->region_checks, check);
}

/* The list is made once: the regions are fixed. What a person types anywhere in the popover
 * goes to the search. */
static void
setup_region_list (LfAccountButton *self)
{
  guint n_regions = 0;
  const LfRegion *regions = lf_regions_get_all (&n_regions);

  add_region_row (self, _("The account’s own region"));
  for (guint i = 0; i < n_regions; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s — %s", regions[i].id, regions[i].name);

      add_region_row (self, text);
    }
  gtk_list_box_set_filter_func (self->region_list, filter_region, self, NULL);
  gtk_search_entry_set_key_capture_widget (self->region_search, GTK_WIDGET (self->popover));
}

static void
lf_account_button_dispose (GObject *object)
{
  LfAccountButton *self = (LfAccountButton *) object;

  /* AdwBin drops its child, and with it every widget of the template. */
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (lf_account_button_parent_class)->dispose (object);
}

static void
lf_account_button_finalize (GObject *object)
{
  LfAccountButton *self = (LfAccountButton *) object;

  g_free (self->form_account);
  g_free (self->form_region);
  g_free (self->account);
  g_free (self->region);
  g_ptr_array_unref (self->row_accounts);
  g_ptr_array_unref (self->region_checks);

  G_OBJECT_CLASS (lf_account_button_parent_class)->finalize (object);
}

static void
lf_account_button_class_init (LfAccountButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_account_button_dispose;
  object_class->finalize = lf_account_button_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/LambdaForms/ui/lf-account-button.ui");
  gtk_widget_class_bind_template_child (widget_class, LfAccountButton, button);
  gtk_widget_class_bind_template_child (widget_class, LfAccountButton, popover);
  gtk_widget_class_bind_template_child (widget_class, LfAccountButton, account_list);
  gtk_widget_class_bind_template_child (widget_class, LfAccountButton, region_search);
  gtk_widget_class_bind_template_child (widget_class, LfAccountButton, region_list);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_manage_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_region_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_region_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_region_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_region_search_stop);
}

static void
lf_account_button_init (LfAccountButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->row_accounts = g_ptr_array_new_with_free_func (g_free);
  self->region_checks = g_ptr_array_new ();
  setup_region_list (self);
  update_label (self);
}

GtkWidget *
lf_account_button_new (void)
{
  return g_object_new (LF_TYPE_ACCOUNT_BUTTON, NULL);
}

void
lf_account_button_set_session (LfAccountButton *self,
                               LfSession       *session)
{
  g_return_if_fail (LF_IS_ACCOUNT_BUTTON (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  /* An account's own region may change in the Accounts window. */
  if (session != NULL)
    g_signal_connect_swapped (session, "accounts-changed", G_CALLBACK (update_label), self);
  update_label (self);
}

void
lf_account_button_set_form_account (LfAccountButton *self,
                                    const char      *account,
                                    const char      *region)
{
  g_autofree char *new_account = g_strdup (account);
  g_autofree char *new_region = g_strdup (region);

  g_return_if_fail (LF_IS_ACCOUNT_BUTTON (self));

  g_free (self->form_account);
  self->form_account = g_steal_pointer (&new_account);
  g_free (self->form_region);
  self->form_region = g_steal_pointer (&new_region);
  update_label (self);
}

const char *
lf_account_button_get_account (LfAccountButton *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT_BUTTON (self), NULL);
  return self->account;
}

const char *
lf_account_button_get_region (LfAccountButton *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT_BUTTON (self), NULL);
  return self->region;
}
