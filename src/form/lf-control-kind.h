/* lf-control-kind.h: the static catalogue of control kinds
 *
 * One table describes every kind: its properties, their titles, types and defaults, and which
 * may be bound to a template. The file loader and the inspector read only this; the app's
 * widgets for a kind are one row of the widget table (lf-widget-kinds.c: how it is built,
 * updated and previewed on the canvas). Adding a kind is a row here and a row there, and
 * tests/test-editor.c proves that every kind has both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  LF_PROPERTY_STRING,
  LF_PROPERTY_BOOLEAN,
  LF_PROPERTY_NUMBER,
  LF_PROPERTY_JSON,      /* any JSON value */
  LF_PROPERTY_OPTIONS,   /* an array of {"label": string, "value": any} */
  LF_PROPERTY_PATH,      /* a path into one item: "FunctionName", "Configuration.Runtime", "$" */
  LF_PROPERTY_ENUM,      /* a string out of a fixed list */
} LfPropertyType;

typedef struct
{
  const char         *name;
  const char         *title;          /* what the inspector calls it: "Label path" */
  LfPropertyType      type;
  const char         *default_json;   /* the default as JSON text */
  gboolean            bindable;
  const char         *summary;
  const char * const *choices;        /* LF_PROPERTY_ENUM only */
} LfPropertySpec;

typedef struct
{
  const char           *id;            /* as written in files: "text-field" */
  const char           *display_name;  /* "Text field" */
  const char           *summary;
  /* The type of the control's live value; LF_PROPERTY_JSON for "none" kinds too. */
  LfPropertyType        value_type;
  gboolean              has_value;     /* buttons have none */
  gboolean              is_input;      /* the user changes its value */
  const LfPropertySpec *properties;    /* kind-specific, NULL-name terminated */
} LfControlKind;

/* The kinds, in palette order. */
const LfControlKind * const *lf_control_kind_get_all        (guint                *n_kinds);
const LfControlKind         *lf_control_kind_lookup         (const char           *id);
/* What a control whose kind is not in the catalogue (a newer version's, or a typo) gets, so
 * that the form still opens; its JSON is kept untouched. Its id is "unknown". */
const LfControlKind         *lf_control_kind_get_unknown    (void);
/* Looks in the properties every kind has (label, help, visible, enabled) and then the kind's. */
const LfPropertySpec        *lf_control_kind_find_property  (const LfControlKind  *kind,
                                                             const char           *name);
/* Every property name of @kind, common ones first; free with g_free (not the strings). */
const char                 **lf_control_kind_list_properties (const LfControlKind *kind);
/* A new node with the property's default. */
JsonNode                    *lf_property_spec_dup_default    (const LfPropertySpec *spec);
/* Whether @node fits @spec; the sentence says what was expected. */
gboolean                     lf_property_spec_check          (const LfPropertySpec *spec,
                                                             JsonNode             *node,
                                                             char                **message);
const char                  *lf_property_type_to_string      (LfPropertyType        type);

G_END_DECLS
