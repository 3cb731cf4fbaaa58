/* lf-sandbox-faults.c: throttle, fail, delay or drop the next calls naming a function
 *
 * A fault is a few counters per function name. Each request that names the function takes
 * one step: first the delay (kept until cleared), then one of drop, throttle or error, in that
 * order, while their counts last.
 *
 * Spec (flag) form:  NAME:throttle=N,error=STATUS,errors=N,delay_ms=MS,drop=N
 * JSON (admin) form: {"throttle": N, "error": STATUS, "errors": N, "delay_ms": MS, "drop": N}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-sandbox"

#include "config.h"

#include <string.h>

#include "lf-sandbox-error.h"
#include "lf-sandbox-faults.h"
#include "lf-sandbox-function.h"

typedef struct
{
  guint throttle;
  guint error_status;
  guint errors;
  guint delay_ms;
  guint drop;
} Fault;

struct _LfSandboxFaults
{
  GObject parent_instance;

  GHashTable *faults;   /* function name → Fault */
};

G_DEFINE_FINAL_TYPE (LfSandboxFaults, lf_sandbox_faults, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_FAULTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const fault_keys[] = { "throttle", "error", "errors", "delay_ms", "drop" };

static void
lf_sandbox_faults_finalize (GObject *object)
{
  LfSandboxFaults *self = (LfSandboxFaults *) object;

  g_clear_pointer (&self->faults, g_hash_table_unref);

  G_OBJECT_CLASS (lf_sandbox_faults_parent_class)->finalize (object);
}

static void
lf_sandbox_faults_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LfSandboxFaults *self = LF_SANDBOX_FAULTS (object);

  switch (prop_id)
    {
    case PROP_N_FAULTS:
      g_value_set_uint (value, g_hash_table_size (self->faults));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_sandbox_faults_class_init (LfSandboxFaultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lf_sandbox_faults_finalize;
  object_class->get_property = lf_sandbox_faults_get_property;

  properties[PROP_N_FAULTS] =
    g_param_spec_uint ("n-faults", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_sandbox_faults_init (LfSandboxFaults *self)
{
  self->faults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

LfSandboxFaults *
lf_sandbox_faults_new (void)
{
  return g_object_new (LF_TYPE_SANDBOX_FAULTS, NULL);
}

static gboolean
set_field (Fault       *fault,
           const char  *key,
           gint64       value,
           GError     **error)
{
  if (value < 0 || value > G_MAXINT32)
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_PARAMETER,
                   "The fault “%s” needs a whole number of at least 0", key);
      return FALSE;
    }

  if (g_str_equal (key, "throttle"))
    fault->throttle = value;
  else if (g_str_equal (key, "error"))
    {
      if (value != 0 && (value < 500 || value > 599))
        {
          g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_PARAMETER,
                               "The fault “error” takes an HTTP status from 500 to 599");
          return FALSE;
        }
      fault->error_status = value;
    }
  else if (g_str_equal (key, "errors"))
    fault->errors = value;
  else if (g_str_equal (key, "delay_ms"))
    fault->delay_ms = value;
  else if (g_str_equal (key, "drop"))
    fault->drop = value;
  else
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_PARAMETER,
                   "Unknown fault “%s” (known: throttle, error, errors, delay_ms, drop)", key);
      return FALSE;
    }

  return TRUE;
}

static void
store (LfSandboxFaults *self,
       const char      *name,
       Fault           *fault)
{
  /* An error status alone means one error. */
  if (fault->error_status != 0 && fault->errors == 0)
    fault->errors = 1;

  if (fault->throttle == 0 && fault->errors == 0 && fault->delay_ms == 0 && fault->drop == 0)
    g_hash_table_remove (self->faults, name);
  else
    g_hash_table_replace (self->faults, g_strdup (name), g_memdup2 (fault, sizeof *fault));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAULTS]);
}

/* Sets the faults of one function from "NAME:key=value,key=value". */
gboolean
lf_sandbox_faults_parse_spec (LfSandboxFaults  *self,
                              const char       *spec,
                              GError          **error)
{
  g_autofree char *name = NULL;
  g_auto(GStrv) pairs = NULL;
  const char *colon;
  Fault fault = { 0 };

  g_return_val_if_fail (LF_IS_SANDBOX_FAULTS (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  colon = strchr (spec, ':');
  if (colon == NULL)
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_PARAMETER,
                   "The fault “%s” must look like NAME:key=value[,key=value…]", spec);
      return FALSE;
    }

  name = g_strndup (spec, colon - spec);
  if (!lf_sandbox_function_is_valid_name (name))
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_PARAMETER,
                   "“%s” is not a function name", name);
      return FALSE;
    }

  if (colon[1] == '\0')
    {
      g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_PARAMETER,
                   "The fault “%s” names no fault after the colon", spec);
      return FALSE;
    }

  pairs = g_strsplit (colon + 1, ",", -1);
  for (guint i = 0; pairs[i]; i++)
    {
      char *eq = strchr (pairs[i], '=');
      char *end = NULL;
      gint64 value;

      if (eq == NULL)
        {
          g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_PARAMETER,
                       "The fault “%s” must be key=value", pairs[i]);
          return FALSE;
        }
      *eq = '\0';
      value = g_ascii_strtoll (eq + 1, &end, 10);
      if (end == eq + 1 || *end != '\0')
        {
          g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_PARAMETER,
                       "The fault “%s” needs a number, not “%s”", pairs[i], eq + 1);
          return FALSE;
        }
      if (!set_field (&fault, pairs[i], value, error))
        return FALSE;
    }

  store (self, name, &fault);
  return TRUE;
}

/* Sets the faults of @function_name from a JSON object (what PUT /_sandbox/faults/NAME takes). */
gboolean
lf_sandbox_faults_set_json (LfSandboxFaults  *self,
                            const char       *function_name,
                            JsonNode         *node,
                            GError          **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  Fault fault = { 0 };

  g_return_val_if_fail (LF_IS_SANDBOX_FAULTS (self), FALSE);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_CONTENT,
                           "A fault must be a JSON object");
      return FALSE;
    }

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
        {
          g_set_error (error, LF_SANDBOX_ERROR, LF_SANDBOX_ERROR_INVALID_PARAMETER,
                       "The fault “%s” needs a whole number", key);
          return FALSE;
        }
      if (!set_field (&fault, key, json_node_get_int (value), error))
        return FALSE;
    }

  store (self, function_name, &fault);
  return TRUE;
}

/* Clears the faults of one function, or of all with %NULL. */
void
lf_sandbox_faults_clear (LfSandboxFaults *self,
                         const char      *function_name)
{
  g_return_if_fail (LF_IS_SANDBOX_FAULTS (self));

  if (function_name == NULL)
    g_hash_table_remove_all (self->faults);
  else
    g_hash_table_remove (self->faults, function_name);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAULTS]);
}

/**
 * lf_sandbox_faults_take:
 * @delay_ms: (out): how long to hold the request first, 0 for not at all
 * @status: (out): the 5xx status for %LF_SANDBOX_FAULT_ERROR
 *
 * Consumes one step of the faults of @function_name.
 */
LfSandboxFaultKind
lf_sandbox_faults_take (LfSandboxFaults *self,
                        const char      *function_name,
                        guint           *delay_ms,
                        guint           *status)
{
  Fault *fault;
  LfSandboxFaultKind kind = LF_SANDBOX_FAULT_NONE;

  g_return_val_if_fail (LF_IS_SANDBOX_FAULTS (self), LF_SANDBOX_FAULT_NONE);

  *delay_ms = 0;
  *status = 0;

  fault = function_name ? g_hash_table_lookup (self->faults, function_name) : NULL;
  if (fault == NULL)
    return LF_SANDBOX_FAULT_NONE;

  *delay_ms = fault->delay_ms;
  if (fault->drop > 0)
    {
      fault->drop--;
      kind = LF_SANDBOX_FAULT_DROP;
    }
  else if (fault->throttle > 0)
    {
      fault->throttle--;
      kind = LF_SANDBOX_FAULT_THROTTLE;
    }
  else if (fault->errors > 0)
    {
      fault->errors--;
      *status = fault->error_status ? fault->error_status : 500;
      kind = LF_SANDBOX_FAULT_ERROR;
    }

  return kind;
}

JsonNode *
lf_sandbox_faults_to_json (LfSandboxFaults *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (LF_IS_SANDBOX_FAULTS (self), NULL);

  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, self->faults);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Fault *fault = value;
      guint fields[] = { fault->throttle, fault->error_status, fault->errors, fault->delay_ms,
                         fault->drop };

      json_builder_set_member_name (builder, key);
      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (fault_keys); i++)
        {
          json_builder_set_member_name (builder, fault_keys[i]);
          json_builder_add_int_value (builder, fields[i]);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
