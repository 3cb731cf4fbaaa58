/* lf-template-private.h: what the template parser (lf-template.c) and the path reader
 * (lf-template-path.c) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-template.h"

G_BEGIN_DECLS

/* The path of one expression: what it reads, and the path compiled for JsonPath. */
typedef struct
{
  char     *root;       /* the control or action name it starts with */
  char     *member;     /* nullable: the first step, when it is `.name` or `['name']` */
  gboolean  definite;   /* names at most one value */
  JsonPath *compiled;   /* "$." followed by the path as written */
} LfTemplatePath;

void         _lf_template_path_clear   (LfTemplatePath  *path);
/* Reads the path that starts at *@cursor and ends at @end or the first character that cannot
 * continue it, moving *@cursor past it. Errors are positioned in @text, the whole template. */
gboolean     _lf_template_parse_path   (const char      *text,
                                        const char     **cursor,
                                        const char      *end,
                                        LfTemplatePath  *path,
                                        GError         **error);

/* The line and column, counting from 1 in characters, of @offset in @text. */
void         _lf_template_position_of  (const char      *text,
                                        gsize            offset,
                                        guint           *line,
                                        guint           *column);
/* A syntax error that starts with the line and column of @offset in @text. */
void         _lf_template_set_error_at (GError         **error,
                                        const char      *text,
                                        gsize            offset,
                                        const char      *format,
                                        ...) G_GNUC_PRINTF (4, 5);
/* The character after the quoted string that starts at @p, or NULL when it is never closed. */
const char  *_lf_template_scan_quoted  (const char      *p,
                                        const char      *end);

G_END_DECLS
