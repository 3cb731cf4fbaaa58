/* lf-widget-factory-private.h: what the factory and its kinds share
 *
 * lf-widget-factory.c builds a control's frame (caption, help, visibility, sensitivity) and
 * routes the runtime's changes; lf-widget-kinds.c holds, for each kind, how its input is
 * built, how it shows a property and how the canvas previews it, in one table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lf-widget-factory.h"

G_BEGIN_DECLS

typedef struct _LfFactoryItem LfFactoryItem;

typedef struct
{
  const char *kind;
  gboolean    inline_caption;   /* the caption sits in the input's row, or on the button */
  void      (*build)   (LfFactoryItem *item);
  void      (*update)  (LfFactoryItem *item,
                        const char    *property);
  /* An inert picture of the control for the editor's canvas. */
  GtkWidget *(*preview) (LfControl    *control);
} LfWidgetKind;

/* A built control: the box it lives in owns it. */
struct _LfFactoryItem
{
  LfWidgetFactory    *factory;
  LfControl          *control;
  const LfWidgetKind *kind;
  char               *name;

  GtkWidget          *root;          /* the box */
  GtkWidget          *caption;
  GtkWidget          *input;
  GtkWidget          *help;
  GtkWidget          *problem;       /* why an action would not send the value; made when needed */
  gulong              handler;       /* the input's change handler, blocked while showing */

  /* Kind-specific parts */
  GtkWidget          *spinner;       /* button */
  GtkWidget          *cancel;
  GtkWidget          *progress;      /* button: how long its action has run, of how long */
  gboolean            running;
  char               *unavailable;   /* why it cannot be used now, or NULL */
  GListStore         *store;         /* drop-down options, table rows */
  JsonNode           *options;       /* the runtime's options, for the selected value */
  GtkWidget          *json_view;     /* JSON view */
};

/* The table of kinds, in lf-widget-kinds.c. */
const LfWidgetKind *lf_widget_kind_lookup             (const char    *kind_id);

/* The runtime's view of the item's control. */
JsonNode           *lf_factory_item_get_property      (LfFactoryItem *item,
                                                       const char    *property);
char               *lf_factory_item_get_text          (LfFactoryItem *item,
                                                       const char    *property);
gboolean            lf_factory_item_get_boolean       (LfFactoryItem *item,
                                                       const char    *property);
double              lf_factory_item_get_number        (LfFactoryItem *item,
                                                       const char    *property,
                                                       double         fallback);
/* What the person entered, told to the runtime. */
void                lf_factory_item_push_value        (LfFactoryItem *item,
                                                       JsonNode      *value);
void                lf_factory_item_push_text         (LfFactoryItem *item,
                                                       const char    *text);
/* The text view's text, with the item's own handler blocked. */
void                lf_factory_item_set_buffer_text   (LfFactoryItem *item,
                                                       const char    *text,
                                                       gssize         length);
/* Adds @text at the end of the text view's text (a stream growing), the handler blocked. */
void                lf_factory_item_append_buffer_text (LfFactoryItem *item,
                                                        const char    *text);
/* A button was pressed (@cancel: its Cancel). */
void                lf_factory_item_emit_clicked      (LfFactoryItem *item,
                                                       gboolean       cancel);

/* @child in a frame that scrolls between @min_height and @max_height. */
GtkWidget          *lf_widget_framed_scroller         (GtkWidget     *child,
                                                       int            min_height,
                                                       int            max_height);
/* A GtkSourceView for plain text boxes, following the light or dark style. */
GtkWidget          *lf_widget_source_view_new         (void);

G_END_DECLS
