/* lf-form-command.h: the commands a form's edits are made of
 *
 * lf-form-edit.c checks each edit and makes it a command; lf-form.c runs it, keeps it for
 * undo and runs it backwards. A command holds the old and the new JSON of what it changes, so
 * one command type serves every property.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-form.h"

G_BEGIN_DECLS

typedef enum
{
  CMD_GROUP,
  CMD_INSERT_CONTROL,
  CMD_REMOVE_CONTROL,
  CMD_MOVE_CONTROL,
  CMD_SET_CONTROL,
  CMD_INSERT_ACTION,
  CMD_REMOVE_ACTION,
  CMD_SET_ACTION,
  CMD_SET_SETTING,
} CommandType;

typedef struct
{
  CommandType  type;
  char        *label;
  GObject     *target;
  guint        from;
  guint        to;
  char        *section;
  char        *name;
  JsonNode    *old_value;
  JsonNode    *new_value;
  GPtrArray   *children;
  guint64      serial;     /* names the state this command leads to */
} Command;

Command *_lf_form_command_new (CommandType  type,
                               const char  *label,
                               gpointer     target);
/* Runs @cmd (taking it) and records it for undo, in the open group if there is one. */
void     _lf_form_execute     (LfForm      *self,
                               Command     *cmd);

G_END_DECLS
