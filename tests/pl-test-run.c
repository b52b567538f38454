/* pl-test-run.c: running the program from a test, with a bound
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pl-test-run.h"

#ifdef PL_BINARY
const gchar *
pl_test_binary_path (void)
{
  const gchar *path = g_getenv ("PL_BINARY");

  return path != NULL && path[0] != '\0' ? path : PL_BINARY;
}
#endif

void
pl_test_run_clear (PlTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  PlTestRun *run = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result,
                                        &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  PlTestRun *run = data;

  run->timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

/**
 * pl_test_run_program:
 * @run: filled with what the program printed and its exit status
 * @binary: the program
 * @env: (nullable): "NAME=VALUE" to set, or "NAME" to unset, NULL-terminated
 * @args: the arguments, NULL-terminated
 * @timeout_s: how long it may take; past that the test fails
 *
 * Runs @binary with no display, and fails the test with a message when it
 * does not finish within @timeout_s.
 */
void
pl_test_run_program (PlTestRun          *run,
                     const gchar        *binary,
                     const gchar *const *env,
                     const gchar *const *args,
                     guint               timeout_s)
{
  pl_test_run_program_full (run, binary, env, args, timeout_s, NULL);
}

/**
 * pl_test_run_program_full:
 * @child_setup: (nullable): run in the child just before the program starts
 *
 * As pl_test_run_program().
 */
void
pl_test_run_program_full (PlTestRun           *run,
                          const gchar         *binary,
                          const gchar *const  *env,
                          const gchar *const  *args,
                          guint                timeout_s,
                          GSpawnChildSetupFunc child_setup)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *command = NULL;
  g_autofree gchar *printable = NULL;
  g_autofree gchar *environment = NULL;
  guint timeout_id;

  memset (run, 0, sizeof *run);

  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  command = g_strjoinv (" ", (gchar **) argv->pdata);
  environment = env != NULL ? g_strjoinv (" ", (gchar **) env) : g_strdup ("");
  /* Arguments may hold bytes that are not text. */
  printable = g_strescape (command, NULL);
  g_test_message ("running: %s %s", environment, printable);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const gchar *equals = strchr (env[i], '=');

      if (equals == NULL)
        {
          g_subprocess_launcher_unsetenv (launcher, env[i]);
        }
      else
        {
          g_autofree gchar *name = g_strndup (env[i], equals - env[i]);

          g_subprocess_launcher_setenv (launcher, name, equals + 1, TRUE);
        }
    }
  if (child_setup != NULL)
    g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher,
                                          (const gchar *const *) argv->pdata,
                                          &error);
  g_assert_no_error (error);

  timeout_id = g_timeout_add_seconds (timeout_s, timeout_cb, run);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, run);
  while (!run->done && !run->timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!run->done)
    {
      g_subprocess_force_exit (process);
      while (!run->done)
        g_main_context_iteration (NULL, TRUE);
      g_error ("“%s” did not finish within %u s", printable, timeout_s);
    }
  g_source_remove (timeout_id);

  run->status = g_subprocess_get_if_exited (process)
                ? g_subprocess_get_exit_status (process)
                : -1;
  g_test_message ("exit %d; stderr: %s", run->status, run->err);
}
