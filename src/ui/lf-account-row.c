/* lf-account-row.c: one account in the Accounts window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "lf-account-row.h"

struct _LfAccountRow
{
  AdwActionRow  parent_instance;

  char         *name;
  GtkWidget    *spinner;
  GtkWidget    *result;
};

G_DEFINE_FINAL_TYPE (LfAccountRow, lf_account_row, ADW_TYPE_ACTION_ROW)

static void
lf_account_row_finalize (GObject *object)
{
  g_free (LF_ACCOUNT_ROW (object)->name);

  G_OBJECT_CLASS (lf_account_row_parent_class)->finalize (object);
}

static void
lf_account_row_class_init (LfAccountRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_account_row_finalize;
}

static void
lf_account_row_init (LfAccountRow *self)
{
  self->spinner = gtk_spinner_new ();
  self->result = gtk_label_new (NULL);
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_widget_set_valign (self->spinner, GTK_ALIGN_CENTER);
  gtk_label_set_wrap (GTK_LABEL (self->result), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->result), 30);
  gtk_widget_add_css_class (self->result, "caption");
  gtk_widget_set_visible (self->result, FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}

static void
add_button (LfAccountRow *self,
            const char   *icon_name,
            const char   *tooltip,
            const char   *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_string (self->name));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), button);
}

static void
add_default_tag (LfAccountRow *self)
{
  GtkWidget *tag = gtk_label_new (_("Default"));

  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tag, "caption-heading");
  gtk_widget_add_css_class (tag, "accent");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), tag);
}

GtkWidget *
lf_account_row_new (LfAccount  *account,
                    const char *kind_label)
{
  LfAccountRow *self;
  const char *region;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (LF_IS_ACCOUNT (account), NULL);

  self = g_object_new (LF_TYPE_ACCOUNT_ROW, NULL);
  self->name = g_strdup (lf_account_get_name (account));
  region = lf_account_get_region (account);
  subtitle = region != NULL && *region != '\0' ? g_strdup_printf ("%s · %s", kind_label, region)
                                               : g_strdup (kind_label);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), self->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  if (lf_account_get_is_default (account))
    add_default_tag (self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->spinner);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->result);
  if (!lf_account_get_is_default (account))
    add_button (self, "emblem-default-symbolic", _("Make Default"), "accounts.set-default");
  add_button (self, "network-transmit-receive-symbolic", _("Test Connection"), "accounts.test");
  add_button (self, "document-edit-symbolic", _("Edit"), "accounts.edit");
  add_button (self, "user-trash-symbolic", _("Remove"), "accounts.remove");
  return GTK_WIDGET (self);
}

const char *
lf_account_row_get_name (LfAccountRow *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT_ROW (self), NULL);
  return self->name;
}

gboolean
lf_account_row_get_testing (LfAccountRow *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT_ROW (self), FALSE);
  return gtk_spinner_get_spinning (GTK_SPINNER (self->spinner));
}

void
lf_account_row_set_testing (LfAccountRow *self)
{
  g_return_if_fail (LF_IS_ACCOUNT_ROW (self));

  gtk_widget_set_visible (self->result, FALSE);
  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->spinner));
}

GtkWidget *
lf_account_row_get_result (LfAccountRow *self)
{
  g_return_val_if_fail (LF_IS_ACCOUNT_ROW (self), NULL);
  return self->result;
}

void
lf_account_row_set_result (LfAccountRow *self,
                           gboolean      success,
                           const char   *message)
{
  g_return_if_fail (LF_IS_ACCOUNT_ROW (self));

  gtk_spinner_stop (GTK_SPINNER (self->spinner));
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_label_set_text (GTK_LABEL (self->result), message);
  gtk_widget_set_tooltip_text (self->result, message);
  gtk_widget_remove_css_class (self->result, success ? "error" : "success");
  gtk_widget_add_css_class (self->result, success ? "success" : "error");
  gtk_widget_set_visible (self->result, TRUE);
}
