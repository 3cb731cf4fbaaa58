/* lf-cli-main.c: lambda-forms-cli, the core from a terminal and from scripts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lf-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "lf-cli.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "list-functions", lf_cli_list_functions, N_("List the functions of an account") },
  { "get-function", lf_cli_get_function, N_("Show a function's configuration, code and tags") },
  { "invoke", lf_cli_invoke, N_("Run a function and show its answer and log") },
  { "invoke-with-response-stream", lf_cli_invoke_with_response_stream,
    N_("Run a function and print its answer as it streams") },
  { "delete-function", lf_cli_delete_function, N_("Delete a function or one of its versions") },
  { "accounts", lf_cli_accounts, N_("List, show, add, remove and test named accounts") },
  { "run", lf_cli_run, N_("Run a form headless and print its controls' values as JSON") },
  { "sign", lf_cli_sign, N_("Sign requests read as JSON lines on standard input (SigV4)") },
  { "history", lf_cli_history, N_("List, show, export and clear the runs recorded here") },
  { "events", lf_cli_events, N_("List, show, save, delete, import and export test events") },
  { "new-form", lf_cli_new_form, N_("Make a form for a function from an event or a schema") },
};

/* The AWS CLI's global options, which may come before the command or after it. */
typedef struct
{
  const char *name;
  gboolean takes_value;
} GlobalOption;

static const GlobalOption global_options[] = {
  { "--region", TRUE }, { "--profile", TRUE }, { "--endpoint-url", TRUE },
  { "--account", TRUE }, { "--output", TRUE }, { "--cli-read-timeout", TRUE },
  { "--cli-connect-timeout", TRUE }, { "--cli-binary-format", TRUE }, { "--ca-bundle", TRUE },
  { "--debug", FALSE }, { "--no-cli-pager", FALSE }, { "--no-paginate", FALSE },
  { "--no-history", FALSE },
};

/* The global option @arg is (with "--name=value" or not), or NULL. */
static const GlobalOption *
find_global_option (const char *arg,
                    gboolean   *has_inline_value)
{
  for (guint i = 0; i < G_N_ELEMENTS (global_options); i++)
    {
      gsize n = strlen (global_options[i].name);

      if (strncmp (arg, global_options[i].name, n) == 0 && (arg[n] == '\0' || arg[n] == '='))
        {
          *has_inline_value = arg[n] == '=';
          return &global_options[i];
        }
    }
  return NULL;
}

/* Moves the global options written before the command after it, where each command parses
 * them: "--region R get-function …" becomes "get-function … --region R". Returns 1 (where the
 * command now is), @argc when only global options were given, or -1 with @status set when
 * something before the command is not a global option or lacks its value. */
static int
move_leading_globals (int    argc,
                      char **argv,
                      int   *status)
{
  g_autoptr(GPtrArray) leading = g_ptr_array_new ();
  int i = 1;

  while (i < argc && g_str_has_prefix (argv[i], "--") && strcmp (argv[i], "--help") != 0 &&
         strcmp (argv[i], "--version") != 0)
    {
      gboolean inline_value = FALSE;
      const GlobalOption *option = find_global_option (argv[i], &inline_value);

      if (option == NULL)
        {
          fprintf (stderr, _("lambda-forms-cli: unknown option “%s”\n"), argv[i]);
          *status = LF_EXIT_USAGE;
          return -1;
        }
      g_ptr_array_add (leading, argv[i++]);
      if (option->takes_value && !inline_value)
        {
          if (i >= argc)
            {
              fprintf (stderr, _("lambda-forms-cli: %s needs a value\n"), option->name);
              *status = LF_EXIT_USAGE;
              return -1;
            }
          g_ptr_array_add (leading, argv[i++]);
        }
    }
  if (leading->len == 0)
    return 1;
  if (i >= argc)
    return argc;

  /* argv[i] is the command: rotate it and what follows in front of the options. */
  {
    int n_leading = (int) leading->len;
    int n_rest = argc - i;
    g_autofree char **rest = g_memdup2 (argv + i, sizeof (char *) * n_rest);

    memcpy (argv + 1, rest, sizeof (char *) * n_rest);
    memcpy (argv + 1 + n_rest, leading->pdata, sizeof (char *) * n_leading);
  }
  return 1;
}

/* Arguments are taken as the UTF-8 they are, whatever the locale says (cron, CI and "env -i"
 * run with LANG unset): GOption would otherwise convert them from ASCII and fail on "é". */
static void
use_utf8_arguments (int    argc,
                    char **argv)
{
  if (g_get_charset (NULL))
    return;
  for (int i = 1; i < argc; i++)
    if (!g_utf8_validate (argv[i], -1, NULL))
      return;
  if (setlocale (LC_CTYPE, "C.UTF-8") == NULL)
    setlocale (LC_CTYPE, "C.utf8");
}

static void
print_help (FILE *out)
{
  fprintf (out,
           _("Usage: lambda-forms-cli COMMAND [OPTION…]\n"
             "\n"
             "Run LambdaForms' core from a terminal.\n"
             "\n"
             "Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-18s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out,
           _("\n"
             "Run “lambda-forms-cli COMMAND --help” for the options of a command.\n"
             "\n"
             "Exit status: 0 success, 2 bad usage or input, 3 no usable credentials,\n"
             "4 AWS answered with an error, 5 the function failed, 6 no answer from the "
             "endpoint.\n"));
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("LF_LOCALEDIR");
  int command;
  int status = LF_EXIT_OK;

  setlocale (LC_ALL, "");
  use_utf8_arguments (argc, argv);
  /* Standard output is the command's JSON only: messages and --debug go to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);
  /* Tests point LF_LOCALEDIR at the translations in the build tree. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_help (stderr);
      return LF_EXIT_USAGE;
    }

  command = move_leading_globals (argc, argv, &status);
  if (command < 0)
    return status;
  if (command >= argc)
    {
      fprintf (stderr, _("lambda-forms-cli: no command given\n\n"));
      print_help (stderr);
      return LF_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_help (stdout);
      return LF_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("lambda-forms-cli %s\n", PACKAGE_VERSION);
      return LF_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  fprintf (stderr, _("lambda-forms-cli: unknown command “%s”\n\n"), argv[1]);
  print_help (stderr);
  return LF_EXIT_USAGE;
}
