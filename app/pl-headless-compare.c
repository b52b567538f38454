/* pl-headless-compare.c: two lines run side by side, with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-headless-compare.h"
#include "pl-monitor.h"

#include <signal.h>
#include <stdio.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "pl-headless.h"
#include "pl-headless-private.h"
#include "pl-pipeline.h"

#include "pl-scene-compare.h"
#include "pl-scene.h"

typedef struct
{
  PlPipeline *pipelines[2];
  PlMonitor  *monitors[2];
  PlSample   *samples[2];
  PlSample   *earlier[2];    /* a rate window before samples[], or NULL */
  gint        caught;
} CompareRun;

static void
compare_run_clear (CompareRun *run)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&run->monitors[i]);
      g_clear_object (&run->pipelines[i]);
      g_clear_pointer (&run->samples[i], pl_sample_unref);
      g_clear_pointer (&run->earlier[i], pl_sample_unref);
    }
}

/* Nobody follows either line here: their monitors take the messages as
 * they come and keep memory flat. */
static void
drain_messages (PlMonitor *monitor)
{
  pl_monitor_dispatch (monitor, G_MAXUINT);
}

/*
 * Both lines, built first and started one right after the other, so that
 * they share the moment as closely as two sets of threads can. Snapshots of
 * the two are taken back to back too. Every wait is bounded by
 * PL_HEADLESS_TICK_US.
 */
static gboolean
run_both (PlCompare   *compare,
          gdouble      stop_after_s,
          gdouble      snapshot_at_s,
          gdouble      window_s,
          CompareRun  *run,
          GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) interrupt = NULL;
  g_autoptr(GSource) terminate = NULL;
  gboolean ended[2] = { FALSE, FALSE };
  gboolean snapshot_taken = FALSE;
  gint64 start_us, stop_us, snapshot_us, earlier_us, shutdown_us;
  PlConfig configs[2];
  gboolean ok = TRUE;

  for (guint i = 0; i < 2; i++)
    {
      /* Nobody is there to press "close input": the run must end by itself. */
      configs[i] = *pl_compare_get_config (compare, i);
      configs[i].auto_close = TRUE;
      if (!pl_config_validate (&configs[i], error))
        return FALSE;
      run->pipelines[i] = pl_pipeline_new (&configs[i]);
      pl_pipeline_set_sampling (run->pipelines[i], FALSE);
      run->monitors[i] = pl_monitor_new (run->pipelines[i]);
    }

  /* Ctrl+C stops both lines cleanly: cancel, join, and still report. */
  interrupt = _pl_headless_watch_signal (context, SIGINT, &run->caught);
  terminate = _pl_headless_watch_signal (context, SIGTERM, &run->caught);

  if (!pl_pipeline_start (run->pipelines[0], error))
    ok = FALSE;
  else if (!pl_pipeline_start (run->pipelines[1], error))
    {
      pl_pipeline_cancel (run->pipelines[0]);
      ok = FALSE;
    }
  if (!ok)
    {
      g_source_destroy (interrupt);
      g_source_destroy (terminate);
      return FALSE;
    }

  start_us = g_get_monotonic_time ();
  stop_us = _pl_headless_deadline_after (start_us, stop_after_s > 0.0 ? stop_after_s : -1.0);
  snapshot_us = _pl_headless_deadline_after (start_us, snapshot_at_s);
  earlier_us = snapshot_at_s >= window_s && window_s > 0.0
               ? _pl_headless_deadline_after (start_us, snapshot_at_s - window_s)
               : G_MAXINT64;
  shutdown_us = _pl_headless_deadline_after (start_us, configs[0].shutdown_after_s > 0.0
                                                       ? configs[0].shutdown_after_s : -1.0);

  while (!(ended[0] && ended[1]))
    {
      gint64 now = g_get_monotonic_time ();
      gint64 next = MIN (MIN (MIN (stop_us, snapshot_us), shutdown_us), earlier_us);
      gint64 timeout = next == G_MAXINT64 ? PL_HEADLESS_TICK_US
                                          : CLAMP (next - now, 0, PL_HEADLESS_TICK_US);

      /* Sleep on a line still running; look at the other without waiting. */
      for (guint i = 0; i < 2; i++)
        {
          if (ended[i])
            continue;
          ended[i] = pl_pipeline_wait (run->pipelines[i], timeout);
          timeout = 0;
        }
      for (guint i = 0; i < 2; i++)
        drain_messages (run->monitors[i]);
      while (g_main_context_iteration (context, FALSE))
        ;
      if (run->caught == 0)
        run->caught = pl_headless_early_signal ();

      now = g_get_monotonic_time ();
      if (now >= earlier_us)
        {
          for (guint i = 0; i < 2; i++)
            run->earlier[i] = pl_pipeline_sample (run->pipelines[i]);
          earlier_us = G_MAXINT64;
        }
      if (now >= shutdown_us)
        {
          for (guint i = 0; i < 2; i++)
            pl_pipeline_shutdown_now (run->pipelines[i]);
          shutdown_us = G_MAXINT64;
          if (now <= G_MAXINT64 - PL_HEADLESS_SHUTDOWN_GRACE_US)
            stop_us = MIN (stop_us, now + PL_HEADLESS_SHUTDOWN_GRACE_US);
        }
      if (now >= snapshot_us)
        {
          for (guint i = 0; i < 2; i++)
            run->samples[i] = pl_pipeline_sample (run->pipelines[i]);
          snapshot_taken = TRUE;
          break;
        }
      if (run->caught != 0 || now >= stop_us)
        break;
    }

  for (guint i = 0; i < 2; i++)
    {
      if (!ended[i])
        pl_pipeline_stop (run->pipelines[i],
                          run->caught != 0 ? PL_RUN_INTERRUPTED : PL_RUN_DURATION);
      drain_messages (run->monitors[i]);
      if (!snapshot_taken)
        run->samples[i] = pl_pipeline_sample (run->pipelines[i]);
    }

  g_source_destroy (interrupt);
  g_source_destroy (terminate);

  return TRUE;
}

static gboolean
flush_stdout (void)
{
  return fflush (stdout) == 0 && !ferror (stdout);
}

gint
pl_headless_compare_run (const PlOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *report = NULL;
  CompareRun run = { { NULL } };
  gint status = 0;

  g_return_val_if_fail (options != NULL, 1);
  g_return_val_if_fail (options->compare != NULL, 1);

  /* Items may differ: each line stops at the first line's --duration. */
  if (!run_both (options->compare, options->config.duration_s, -1.0, 0.0, &run, &error))
    {
      g_printerr ("pipeline-lab: %s\n", error->message);
      compare_run_clear (&run);
      return 1;
    }

  if (options->report == PL_REPORT_JSON)
    {
      report = pl_compare_report_to_json (options->compare, run.samples[0], run.samples[1]);
      fputs (report, stdout);
      fputc ('\n', stdout);
    }
  else
    {
      report = pl_compare_report_to_text (options->compare, run.samples[0], run.samples[1]);
      g_print ("%s", report);
    }

  if (!flush_stdout ())
    {
      g_printerr ("pipeline-lab: %s\n", _("could not write the report to standard output"));
      status = 1;
    }
  else if (run.caught != 0)
    {
      g_printerr ("pipeline-lab: %s\n",
                  _("interrupted: the run was cancelled and the report shows what was done"));
      status = 128 + run.caught;
    }

  compare_run_clear (&run);

  return status;
}

gint
pl_headless_compare_export (const PlOptions *options)
{
  g_autoptr(GError) error = NULL;
  CompareRun run = { { NULL } };
  gint status = 0;

  g_return_val_if_fail (options != NULL, 1);
  g_return_val_if_fail (options->export_path != NULL, 1);
  g_return_val_if_fail (options->compare != NULL, 1);

  if (!run_both (options->compare, options->config.duration_s, options->after_s,
                 PL_SCENE_RATE_WINDOW_S, &run, &error))
    {
      g_printerr ("pipeline-lab: %s\n", error->message);
      compare_run_clear (&run);
      return 1;
    }

  if (run.caught != 0)
    {
      g_printerr ("pipeline-lab: %s\n", _("interrupted: nothing was exported"));
      status = 128 + run.caught;
    }
  else if (!pl_scene_compare_export (options->compare, run.earlier, run.samples,
                                     options->export_path, options->width,
                                     options->height, &error))
    {
      g_printerr ("pipeline-lab: --export: %s\n", error->message);
      status = 1;
    }

  compare_run_clear (&run);

  return status;

}
