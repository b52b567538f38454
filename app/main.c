/* main.c: pipeline-lab's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pl-headless.h"
#include "pl-replay.h"
#include "pl-headless-compare.h"
#include "pl-options.h"

#ifdef PL_HAVE_GUI
# include "pl-application.h"
#endif

/* Bad input on the command line, as documented. */
#define EXIT_USAGE 2

#ifdef PL_HAVE_GUI
static gboolean
display_available (void)
{
  const gchar *x11 = g_getenv ("DISPLAY");
  const gchar *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (x11 != NULL && x11[0] != '\0') || (wayland != NULL && wayland[0] != '\0');
}
#endif

/* Where the message catalogues are. Installed, that is LOCALEDIR. A build
 * tree holds them in BUILDDIR/po/LL/LC_MESSAGES, so build-aux/run.sh and the
 * tests set PL_LOCALEDIR to BUILDDIR/po to run translated without
 * installing; an empty value counts as unset. */
static const gchar *
locale_directory (void)
{
  const gchar *dir = g_getenv ("PL_LOCALEDIR");

  return dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR;
}

/* Set once the program has already failed, and said why. */
static gboolean exit_status_decided;

/* What the program printed must have reached standard output: --help and
 * --version to a full disk or a closed pipe fail like a report does. The
 * option parser prints --help and exits by itself, so this runs at exit. */
static void
check_stdout_at_exit (void)
{
  if (exit_status_decided)
    return;
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      g_printerr ("pipeline-lab: %s\n", _("could not write to standard output"));
      _exit (1);
    }
}

/* --print-scenario: the pipeline the window opens with these options and
 * fresh settings (a lesson at a class's pace, pl_config_apply_lesson()),
 * chosen by the same function the window uses, as a scenario file. */
static gint
print_scenario (PlOptions *options)
{
#ifdef PL_HAVE_GUI
  g_autofree gchar *data = NULL;
  PlConfig config;

  pl_application_choose_config (NULL, options, &config);
  data = pl_config_to_data (&config, NULL);
  g_print ("%s", data);
  return 0;
#else
  g_printerr ("pipeline-lab: %s\n",
              _("--print-scenario: this build has no window"));
  return 2;
#endif
}

/* --compare: both lines at once. The canvas the window would capture is
 * the scene renderer's, so a screenshot draws both lines as --export does.
 * Without either, the window opens in compare mode. */
static gint
run_compare (PlOptions *options)
{
  if (options->headless)
    return pl_headless_compare_run (options);

  if (options->screenshot != NULL)
    {
      g_free (options->export_path);
      options->export_path = g_steal_pointer (&options->screenshot);
    }

  return pl_headless_compare_export (options);
}

static gint
run (PlOptions *options)
{
#ifdef PL_HAVE_GUI
  gboolean unusable = FALSE;
#endif

  if (options->version)
    {
      g_print ("pipeline-lab %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (options->print_scenario)
    return print_scenario (options);

  /* A report or a picture of a recording needs no window. */
  if (options->replay_path != NULL &&
      (options->headless || options->export_path != NULL || options->screenshot != NULL))
    return pl_replay_run (options);
  if (options->compare != NULL &&
      (options->headless || options->export_path != NULL || options->screenshot != NULL))
    return run_compare (options);

  if (options->headless)
    return pl_headless_run (options);

  if (options->export_path != NULL)
    return pl_headless_export (options);

#ifdef PL_HAVE_GUI
  /* A display that is named but cannot be opened (a stale DISPLAY, a
   * WAYLAND_DISPLAY left over from another session) is treated like no
   * display at all, rather than failing with the toolkit's own warning. */
  if (display_available ())
    {
      if (gtk_init_check ())
        {
          pl_headless_release_signals ();
          return pl_application_run_with_options (options);
        }
      unusable = TRUE;
    }

  /* With no window to capture, the scene renderer draws the same line
   * offscreen, as --export does. */
  if (options->screenshot != NULL)
    {
      g_printerr ("pipeline-lab: %s\n",
                  unusable
                  ? _("--screenshot: the display cannot be opened, so the canvas alone is drawn, as --export does")
                  : _("--screenshot: no display, so the canvas alone is drawn, as --export does"));
      g_free (options->export_path);
      options->export_path = g_steal_pointer (&options->screenshot);
      return pl_headless_export (options);
    }

  if (options->replay_path != NULL)
    {
      g_printerr ("pipeline-lab: %s\n", _("--replay: no display, so the recorded run's report is printed"));
      return pl_replay_run (options);
    }

  /* The quick start runs the program on machines with no display too. */
  if (unusable)
    g_printerr ("pipeline-lab: %s\n",
                _("the display cannot be opened: running headless (set DISPLAY or WAYLAND_DISPLAY to a display that works, or give --headless)"));
  else
    g_printerr ("pipeline-lab: %s\n", _("no display: running headless"));
#else
  /* A build without the window still draws the line: --export says so
   * plainly, where --screenshot would promise a window. */
  if (options->screenshot != NULL)
    {
      g_printerr ("pipeline-lab: %s\n",
                  _("--screenshot: this build has no window; use --export=FILE.png|FILE.svg to draw the line without one"));
      return EXIT_USAGE;
    }

  if (options->replay_path != NULL)
    {
      g_printerr ("pipeline-lab: %s\n", _("--replay: this build has no window, so the recorded run's report is printed"));
      return pl_replay_run (options);
    }
  g_printerr ("pipeline-lab: %s\n", _("built without the window: running headless"));
#endif

  if (options->compare != NULL)
    return pl_headless_compare_run (options);
  return pl_headless_run (options);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  PlOptions options;
  gint status;

  pl_headless_catch_signals ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_directory ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  atexit (check_stdout_at_exit);

  if (!pl_options_parse (&options, &argc, &argv, &error))
    {
      g_printerr ("pipeline-lab: %s\n", error->message);
      exit_status_decided = TRUE;
      return EXIT_USAGE;
    }

  status = run (&options);
  pl_options_clear (&options);
  exit_status_decided = status != 0;

  return status;
}
