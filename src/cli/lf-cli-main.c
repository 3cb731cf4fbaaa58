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
  { "delete-function", lf_cli_delete_function, N_("Delete a function or one of its versions") },
  { "accounts", lf_cli_accounts, N_("List, show, add, remove and test named accounts") },
  { "run", lf_cli_run, N_("Run a form headless and print its controls' values as JSON") },
  { "sign", lf_cli_sign, N_("Sign requests read as JSON lines on standard input (SigV4)") },
};

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

  setlocale (LC_ALL, "");
  /* Tests point LF_LOCALEDIR at the translations in the build tree. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
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
