/* pl-lesson-soak.c: a window used as a class uses it, for a while
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One window, driven through its own actions: every step starts the line
 * if it is not running, and in turn switches to the next lesson, shows or
 * hides the code panel or the charts, and saves a picture of the window.
 * The resident set is read once the warm-up has passed (every lesson and
 * panel drawn at least once), then at every step. Shared by the soak test
 * and the benchmark.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "pl-config.h"
#include "pl-sysinfo.h"
#include "pl-window.h"

#include "pl-lesson-soak.h"

#define SHOW_TIMEOUT_US    (30 * G_USEC_PER_SEC)
#define PICTURE_TIMEOUT_US G_USEC_PER_SEC

/* Runs the main loop until `until_us`. */
static void
run_until (gint64 until_us)
{
  while (g_get_monotonic_time () < until_us)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* The picture is of the window as last painted: right after a change the
 * window has nothing painted to give, so try again over the next frames,
 * for a second at most. */
static gboolean
save_picture (PlWindow    *window,
              const gchar *path,
              GError     **error)
{
  gint64 deadline = g_get_monotonic_time () + PICTURE_TIMEOUT_US;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      if (pl_window_save_screenshot (window, path, &local_error))
        return TRUE;
      if (g_get_monotonic_time () > deadline)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      run_until (g_get_monotonic_time () + 20 * 1000);
    }
}

gboolean
pl_lesson_soak_run (GtkApplication *application,
                    gdouble         warm_s,
                    gdouble         total_s,
                    gdouble         step_s,
                    PlLessonSoak   *result,
                    GError        **error)
{
  const gchar *const *lessons = pl_config_list_presets ();
  g_autofree gchar *dir = NULL;
  g_autofree gchar *picture = NULL;
  PlWindow *window;
  PlConfig config;
  gint64 start_us;
  gint64 deadline;
  guint n_lessons = g_strv_length ((gchar **) lessons);
  guint lesson = 0;
  gboolean warm = FALSE;

  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  dir = g_dir_make_tmp ("pl-soak-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  picture = g_build_filename (dir, "window.png", NULL);

  pl_config_init_default (&config);
  for (guint i = 0; i < n_lessons; i++)
    if (g_str_equal (lessons[i], "bounded"))
      lesson = i;
  if (!pl_config_apply_preset (&config, lessons[lesson], error))
    return FALSE;

  window = pl_window_new (application, &config);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + SHOW_TIMEOUT_US;
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "the window was not shown within 30 s");
          gtk_window_destroy (GTK_WINDOW (window));
          g_object_unref (window);
          return FALSE;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  start_us = g_get_monotonic_time ();
  for (guint step = 0; ; step++)
    {
      gint64 step_start = start_us + (gint64) (step * step_s * G_USEC_PER_SEC);
      PlPipelineState state;

      if (step_start >= start_us + (gint64) (total_s * G_USEC_PER_SEC))
        break;
      run_until (step_start);

      if (!warm && step_start - start_us >= (gint64) (warm_s * G_USEC_PER_SEC))
        {
          warm = TRUE;
          result->rss_warm = pl_sysinfo_rss_bytes ();
        }
      if (warm)
        result->rss_peak = MAX (result->rss_peak, pl_sysinfo_rss_bytes ());

      switch (step % 4)
        {
        case 0:
          lesson = (lesson + 1) % n_lessons;
          gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson", "s", lessons[lesson]);
          result->lessons++;
          break;
        case 1:
          gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL);
          result->toggles++;
          break;
        case 2:
          gtk_widget_activate_action (GTK_WIDGET (window), "win.show-charts", NULL);
          result->toggles++;
          break;
        default:
          if (!save_picture (window, picture, error))
            {
              gtk_window_destroy (GTK_WINDOW (window));
              g_object_unref (window);
              return FALSE;
            }
          result->exports++;
          break;
        }

      /* Whatever the lesson, the line runs. */
      state = pl_pipeline_get_state (pl_window_get_pipeline (window));
      if (state == PL_PIPELINE_READY)
        pl_window_start (window, NULL);
      result->steps++;
    }

  if (!warm)
    result->rss_warm = pl_sysinfo_rss_bytes ();
  result->rss_end = pl_sysinfo_rss_bytes ();
  result->rss_peak = MAX (result->rss_peak, result->rss_end);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_unlink (picture);
  g_rmdir (dir);

  return TRUE;
}
