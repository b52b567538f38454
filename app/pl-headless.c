/* pl-headless.c: running the pipeline with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-headless.h"
#include "pl-headless-private.h"

#include <signal.h>
#include <stdio.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "pl-monitor.h"
#include "pl-pipeline.h"
#include "pl-recording.h"
#include "pl-report.h"

#include "pl-scene-export.h"

static gboolean
on_interrupt_cb (gpointer data)
{
  *(gint *) data = SIGINT;

  return G_SOURCE_CONTINUE;
}

static gboolean
on_terminate_cb (gpointer data)
{
  *(gint *) data = SIGTERM;

  return G_SOURCE_CONTINUE;
}

/* Ctrl+C stops the run cleanly: cancel, join, and still report. Sets
 * *@caught to @signal_number when it comes. */
GSource *
_pl_headless_watch_signal (GMainContext *context,
                           gint          signal_number,
                           gint         *caught)
{
  GSource *source = g_unix_signal_source_new (signal_number);

  g_source_set_callback (source,
                         signal_number == SIGTERM ? on_terminate_cb : on_interrupt_cb,
                         caught, NULL);
  g_source_attach (source, context);

  return source;
}

/* Signals caught from the start of main(), before any run: a Ctrl+C in
 * the first milliseconds still ends in a report rather than killing the
 * process outright. */
static GMainContext *early_context;
static GSource *early_sources[2];
static gint early_caught;

void
pl_headless_catch_signals (void)
{
  sigset_t signals;

  if (early_context != NULL)
    return;

  early_context = g_main_context_new ();
  early_sources[0] = _pl_headless_watch_signal (early_context, SIGINT, &early_caught);
  early_sources[1] = _pl_headless_watch_signal (early_context, SIGTERM, &early_caught);

  /* A mask inherited from the parent would hold them back for good. */
  sigemptyset (&signals);
  sigaddset (&signals, SIGINT);
  sigaddset (&signals, SIGTERM);
  sigprocmask (SIG_UNBLOCK, &signals, NULL);
}

void
pl_headless_release_signals (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (early_sources); i++)
    {
      if (early_sources[i] == NULL)
        continue;
      g_source_destroy (early_sources[i]);
      g_clear_pointer (&early_sources[i], g_source_unref);
    }
  g_clear_pointer (&early_context, g_main_context_unref);
}

/* The signal caught since pl_headless_catch_signals(), or 0. */
static gint
early_signal (void)
{
  if (early_context == NULL)
    return 0;

  while (g_main_context_iteration (early_context, FALSE))
    ;

  return early_caught;
}

gint
pl_headless_early_signal (void)
{
  return early_signal ();
}

/* Where a recorded run's messages go, and the first write that failed:
 * one more subscriber of the run's monitor. */
typedef struct
{
  PlRecordingWriter *writer;
  GError            *error;
} Recorder;

static void
recorder_sample_cb (PlMonitor *monitor,
                    PlSample  *sample,
                    gpointer   user_data)
{
  Recorder *recorder = user_data;

  if (recorder->error == NULL)
    pl_recording_writer_add_sample (recorder->writer, sample, &recorder->error);
}

static void
recorder_event_cb (PlMonitor *monitor,
                   PlEvent   *event,
                   gpointer   user_data)
{
  Recorder *recorder = user_data;

  if (recorder->error == NULL)
    pl_recording_writer_add_event (recorder->writer, event, &recorder->error);
}

/* The monotonic time @seconds after @start_us, or never when negative. */
gint64
_pl_headless_deadline_after (gint64  start_us,
                             gdouble seconds)
{
  if (seconds < 0.0)
    return G_MAXINT64;

  return start_us + (gint64) (seconds * G_USEC_PER_SEC);
}

/* As pl_headless_run_pipeline(); with @window_start, also a snapshot
 * @window_s before the one returned, when the run lasts that long, so that
 * a picture can show rates measured over that window. With @tracer (taken),
 * the run is traced, and *trace_error says when the trace failed. */
static PlSample *
run_pipeline (const PlConfig         *config,
              const PlHeadlessHooks  *hooks,
              gdouble                 stop_after_s,
              gdouble                 snapshot_at_s,
              gdouble                 window_s,
              PlSample              **window_start,
              gint                   *signal_number,
              PlTracer               *tracer,
              GError                **trace_error,
              GError                **error)
{
  g_autoptr(PlPipeline) pipeline = NULL;
  g_autoptr(PlMonitor) monitor = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(PlSample) snapshot = NULL;
  g_autoptr(PlSample) earlier = NULL;
  g_autoptr(GSource) interrupt = NULL;
  g_autoptr(GSource) terminate = NULL;
  PlConfig run;
  gboolean ended = FALSE;
  gint caught = 0;
  gint64 start_us, stop_us, snapshot_us, shutdown_us, earlier_us;
  PlSample *sample;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (signal_number != NULL)
    *signal_number = 0;

  /* Nobody is there to press "close input": the run must end by itself. */
  run = *config;
  run.auto_close = TRUE;
  if (!pl_config_validate (&run, error))
    {
      g_clear_pointer (&tracer, pl_tracer_abandon);
      return NULL;
    }

  pipeline = pl_pipeline_new (&run);
  if (tracer != NULL)
    pl_pipeline_set_tracer (pipeline, g_steal_pointer (&tracer));
  /* The report needs no samples but the last: the sampler publishes only
   * for a subscriber that asks. Messages nobody follows are dropped as
   * they come, so memory stays flat. */
  pl_pipeline_set_sampling (pipeline, hooks != NULL && hooks->sampling);
  monitor = pl_monitor_new (pipeline);
  if (hooks != NULL && hooks->monitor_ready != NULL)
    hooks->monitor_ready (monitor, hooks->user_data);

  context = g_main_context_new ();
  interrupt = _pl_headless_watch_signal (context, SIGINT, &caught);
  terminate = _pl_headless_watch_signal (context, SIGTERM, &caught);

  if (!pl_pipeline_start (pipeline, error))
    {
      g_source_destroy (interrupt);
      g_source_destroy (terminate);
      return NULL;
    }

  start_us = g_get_monotonic_time ();
  stop_us = _pl_headless_deadline_after (start_us, stop_after_s > 0.0 ? stop_after_s : -1.0);
  snapshot_us = _pl_headless_deadline_after (start_us, snapshot_at_s);
  earlier_us = window_start != NULL && snapshot_at_s >= window_s
               ? _pl_headless_deadline_after (start_us, snapshot_at_s - window_s)
               : G_MAXINT64;
  /* The shutdown lesson: stop the whole line at once, mid-run. */
  shutdown_us = _pl_headless_deadline_after (start_us, run.shutdown_after_s > 0.0 ? run.shutdown_after_s : -1.0);

  while (!ended)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 next = MIN (MIN (MIN (stop_us, snapshot_us), shutdown_us), earlier_us);
      gint64 timeout = next == G_MAXINT64 ? PL_HEADLESS_TICK_US
                                          : CLAMP (next - now, 0, PL_HEADLESS_TICK_US);

      ended = pl_pipeline_wait (pipeline, timeout);
      pl_monitor_dispatch (monitor, G_MAXUINT);
      while (g_main_context_iteration (context, FALSE))
        ;
      if (caught == 0)
        caught = early_signal ();

      if (ended)
        break;

      now = g_get_monotonic_time ();
      if (now >= earlier_us)
        {
          earlier = pl_pipeline_sample (pipeline);
          earlier_us = G_MAXINT64;
        }
      if (now >= shutdown_us)
        {
          pl_pipeline_shutdown_now (pipeline);
          shutdown_us = G_MAXINT64;
          if (now <= G_MAXINT64 - PL_HEADLESS_SHUTDOWN_GRACE_US)
            stop_us = MIN (stop_us, now + PL_HEADLESS_SHUTDOWN_GRACE_US);
        }
      if (now >= snapshot_us)
        {
          snapshot = pl_pipeline_sample (pipeline);
          break;
        }
      if (caught != 0 || now >= stop_us)
        break;
    }

  /* A run has one ending: the first of a shutdown, the deadline and a
   * signal names it, and stopping one that already ended changes nothing. */
  if (!ended)
    pl_pipeline_stop (pipeline, caught != 0 ? PL_RUN_INTERRUPTED : PL_RUN_DURATION);
  pl_monitor_dispatch (monitor, G_MAXUINT);

  g_source_destroy (interrupt);
  g_source_destroy (terminate);

  if (signal_number != NULL)
    *signal_number = caught;

  sample = snapshot != NULL ? g_steal_pointer (&snapshot)
                            : pl_pipeline_sample (pipeline);
  /* The subscribers' last word is the runner's: the report's sample. */
  pl_monitor_emit_sample (monitor, sample);
  pl_pipeline_finish_trace (pipeline, trace_error);
  if (window_start != NULL)
    *window_start = g_steal_pointer (&earlier);

  return sample;
}

PlSample *
pl_headless_run_pipeline (const PlConfig  *config,
                          gdouble          stop_after_s,
                          gdouble          snapshot_at_s,
                          gint            *signal_number,
                          GError         **error)
{
  return run_pipeline (config, NULL, stop_after_s, snapshot_at_s, 0.0, NULL, signal_number, NULL, NULL, error);
}

PlSample *
pl_headless_run_pipeline_with_hooks (const PlConfig        *config,
                                     const PlHeadlessHooks *hooks,
                                     gdouble                stop_after_s,
                                     gdouble                snapshot_at_s,
                                     gint                  *signal_number,
                                     GError               **error)
{
  return run_pipeline (config, hooks, stop_after_s, snapshot_at_s, 0.0, NULL, signal_number, NULL, NULL, error);
}

/* Who follows a headless run's monitor: the report, which keeps the last
 * sample emitted (the runner emits the one it returns last), and the
 * recording, when there is one. */
typedef struct
{
  PlSample *last;
  Recorder *recorder;
} Followers;

static void
report_sample_cb (PlMonitor *monitor,
                  PlSample  *sample,
                  gpointer   user_data)
{
  Followers *followers = user_data;

  g_clear_pointer (&followers->last, pl_sample_unref);
  followers->last = pl_sample_ref (sample);
}

static void
followers_monitor_ready (PlMonitor *monitor,
                         gpointer   user_data)
{
  Followers *followers = user_data;

  g_signal_connect (monitor, "sample", G_CALLBACK (report_sample_cb), followers);
  if (followers->recorder != NULL)
    {
      g_signal_connect (monitor, "sample", G_CALLBACK (recorder_sample_cb), followers->recorder);
      g_signal_connect (monitor, "event", G_CALLBACK (recorder_event_cb), followers->recorder);
    }
}

static gboolean
flush_stdout (void)
{
  return fflush (stdout) == 0 && !ferror (stdout);
}

/* --trace: the file is made before the run, so that a name that cannot
 * be used stops the program before anything runs. */
static gboolean
open_trace (const PlOptions  *options,
            PlTracer        **tracer)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *display = NULL;

  *tracer = NULL;
  if (options->trace == NULL)
    return TRUE;

  *tracer = pl_tracer_new (options->trace, &error);
  if (*tracer == NULL)
    {
      display = g_filename_display_name (options->trace);
      g_printerr ("pipeline-lab: ");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_printerr (_("--trace: “%s” exists already, and a trace never writes over a file"), display);
      else
        g_printerr (_("--trace: cannot create “%s”: %s"), display, error->message);
      g_printerr ("\n");
      return FALSE;
    }

  if (options->config.items > PL_TRACE_ITEMS_IN_FULL && !options->trace_all)
    {
      pl_tracer_set_limit (*tracer, PL_TRACE_LIMIT_S * G_USEC_PER_SEC);
      g_printerr ("pipeline-lab: ");
      g_printerr (_("--trace: a run of more than %u items is traced for its first %u seconds only; give --trace-all for all of it"),
                  (guint) PL_TRACE_ITEMS_IN_FULL, (guint) PL_TRACE_LIMIT_S);
      g_printerr ("\n");
    }

  return TRUE;
}

/* A trace that could not be written fails the run: one line, status 1. */
static gint
print_trace_error (const PlOptions *options,
                   const GError    *error)
{
  g_autofree gchar *display = g_filename_display_name (options->trace);

  g_printerr ("pipeline-lab: ");
  g_printerr (_("--trace: could not write “%s”: %s"), display, error->message);
  g_printerr ("\n");

  return 1;
}

gint
pl_headless_run (const PlOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) trace_error = NULL;
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(PlSample) last = NULL;
  g_autoptr(PlRecordingWriter) writer = NULL;
  g_autofree gchar *report = NULL;
  Recorder recorder = { NULL, NULL };
  Followers followers = { NULL, NULL };
  PlHeadlessHooks hooks = { followers_monitor_ready, &followers, FALSE };
  PlTracer *tracer = NULL;
  gint caught = 0;

  g_return_val_if_fail (options != NULL, 1);

  if (!open_trace (options, &tracer))
    return 2;

  if (options->record_path != NULL)
    {
      PlConfig recorded = options->config;

      /* The recording carries the configuration as it runs here. */
      recorded.auto_close = TRUE;
      writer = pl_recording_writer_new (options->record_path, &recorded,
                                        options->overwrite, &error);
      if (writer == NULL)
        {
          g_printerr ("pipeline-lab: --record: %s\n", error->message);
          g_clear_pointer (&tracer, pl_tracer_abandon);
          return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) ? 2 : 1;
        }
      recorder.writer = writer;
      followers.recorder = &recorder;
      hooks.sampling = TRUE;
    }

  last = run_pipeline (&options->config, &hooks, options->config.duration_s, -1.0, 0.0, NULL,
                       &caught, tracer, &trace_error, &error);
  sample = g_steal_pointer (&followers.last);
  if (last == NULL)
    {
      g_clear_pointer (&sample, pl_sample_unref);
      g_printerr ("pipeline-lab: %s\n", error->message);
      g_clear_error (&recorder.error);
      return 1;
    }
  if (sample == NULL)
    sample = pl_sample_ref (last);

  /* The runner emitted the report's own sample last, so the recording ends
   * with it, and a replay of it reports the very same counters. */
  if (writer != NULL)
    {
      if (recorder.error == NULL)
        pl_recording_writer_finish (writer, &recorder.error);
      if (recorder.error != NULL)
        {
          g_printerr ("pipeline-lab: --record: %s\n", recorder.error->message);
          g_clear_error (&recorder.error);
          return 1;
        }
    }

  if (options->report == PL_REPORT_JSON)
    {
      report = pl_report_to_json (&options->config, sample);
      fputs (report, stdout);
      fputc ('\n', stdout);
    }
  else
    {
      report = pl_report_to_text (&options->config, sample);
      g_print ("%s", report);
    }

  if (!flush_stdout ())
    {
      g_printerr ("pipeline-lab: %s\n", _("could not write the report to standard output"));
      return 1;
    }

  if (trace_error != NULL)
    return print_trace_error (options, trace_error);

  if (caught != 0)
    {
      g_printerr ("pipeline-lab: %s\n",
                  _("interrupted: the run was cancelled and the report shows what was done"));
      return 128 + caught;
    }

  return 0;
}

gint
pl_headless_export (const PlOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(PlSample) earlier = NULL;
  g_autoptr(GError) trace_error = NULL;
  g_autofree gchar *folder = NULL;
  PlTracer *tracer = NULL;
  gint caught = 0;

  g_return_val_if_fail (options != NULL, 1);
  g_return_val_if_fail (options->export_path != NULL, 1);

  /* Find out before running the pipeline, not after. */
  folder = g_path_get_dirname (options->export_path);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autofree gchar *display = g_filename_display_name (folder);

      g_printerr ("pipeline-lab: ");
      g_printerr (_("--export: the folder “%s” does not exist"), display);
      g_printerr ("\n");
      return 2;
    }

  if (!open_trace (options, &tracer))
    return 2;

  sample = run_pipeline (&options->config, NULL, options->config.duration_s, options->after_s,
                         PL_SCENE_RATE_WINDOW_S, &earlier, &caught, tracer, &trace_error, &error);
  if (sample == NULL)
    {
      g_printerr ("pipeline-lab: %s\n", error->message);
      return 1;
    }

  /* The trace runs up to the picture's moment. */
  if (trace_error != NULL)
    return print_trace_error (options, trace_error);

  if (caught != 0)
    {
      g_printerr ("pipeline-lab: %s\n", _("interrupted: nothing was exported"));
      return 128 + caught;
    }

  if (!pl_scene_export_measured (&options->config, earlier, sample, options->export_path,
                                 options->width, options->height, &error))
    {
      g_printerr ("pipeline-lab: --export: %s\n", error->message);
      return 1;
    }

  return 0;
}
