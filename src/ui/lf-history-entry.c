/* lf-history-entry.c: one run of the run history, as a list shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lf-history-entry.h"
#include "lf-json-util.h"

struct _LfHistoryEntry
{
  GObject     parent_instance;

  JsonObject *summary;
};

G_DEFINE_FINAL_TYPE (LfHistoryEntry, lf_history_entry, G_TYPE_OBJECT)

static void
lf_history_entry_finalize (GObject *object)
{
  g_clear_pointer (&LF_HISTORY_ENTRY (object)->summary, json_object_unref);

  G_OBJECT_CLASS (lf_history_entry_parent_class)->finalize (object);
}

static void
lf_history_entry_class_init (LfHistoryEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_history_entry_finalize;
}

static void
lf_history_entry_init (LfHistoryEntry *self)
{
}

LfHistoryEntry *
lf_history_entry_new (JsonObject *summary)
{
  LfHistoryEntry *self = g_object_new (LF_TYPE_HISTORY_ENTRY, NULL);

  self->summary = json_object_ref (summary);
  return self;
}

JsonObject *
lf_history_entry_get_summary (LfHistoryEntry *self)
{
  g_return_val_if_fail (LF_IS_HISTORY_ENTRY (self), NULL);

  return self->summary;
}

gint64
lf_history_entry_get_id (LfHistoryEntry *self)
{
  g_return_val_if_fail (LF_IS_HISTORY_ENTRY (self), 0);

  return json_object_get_int_member_with_default (self->summary, "id", 0);
}

const char *
lf_history_entry_get_string (LfHistoryEntry *self,
                             const char     *member)
{
  g_return_val_if_fail (LF_IS_HISTORY_ENTRY (self), NULL);

  return lf_json_object_get_string_member_or_null (self->summary, member);
}
