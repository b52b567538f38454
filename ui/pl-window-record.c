/* pl-window-record.c: every run in the window, recorded
 *
 * The line view emits each sample it takes and each event, on the main
 * thread; the recorder keeps them, so that nothing is measured twice and
 * the threads are never touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-window-record.h"

#include "pl-window-private.h"

#define RECORDER_KEY "pl-window-recorder"

typedef struct
{
  PlWindow          *window;     /* not owned: the window owns this */
  PlMonitor         *followed;   /* the window's monitor it hears */
  PlRecording       *recording;
  PlRecordingWriter *writer;     /* the file of the first run, while it runs */
  gboolean           failed;     /* a write failed: the file stops there */
} Recorder;

static void
recorder_finish_file (Recorder *recorder)
{
  g_autoptr(GError) error = NULL;

  if (recorder->writer == NULL)
    return;

  if (!recorder->failed && !pl_recording_writer_finish (recorder->writer, &error))
    g_printerr ("pipeline-lab: --record: %s\n", error->message);
  g_clear_pointer (&recorder->writer, pl_recording_writer_free);
}

static void
recorder_free (gpointer data)
{
  Recorder *recorder = data;

  recorder_finish_file (recorder);
  _pl_window_unfollow_monitor (&recorder->followed, recorder);
  g_clear_object (&recorder->recording);
  g_free (recorder);
}

static Recorder *
get_recorder (PlWindow *self)
{
  return g_object_get_data (G_OBJECT (self), RECORDER_KEY);
}

static void
write_failed (Recorder *recorder,
              GError   *error)
{
  g_printerr ("pipeline-lab: --record: %s\n", error->message);
  recorder->failed = TRUE;
}

static void
monitor_sample_cb (PlMonitor *monitor,
                   PlSample  *sample,
                   gpointer   data)
{
  Recorder *recorder = data;
  g_autoptr(GError) error = NULL;

  pl_recording_add_sample (recorder->recording, sample);
  if (recorder->writer != NULL && !recorder->failed &&
      !pl_recording_writer_add_sample (recorder->writer, sample, &error))
    write_failed (recorder, error);
}

static void
monitor_event_cb (PlMonitor     *monitor,
                  const PlEvent *event,
                  gpointer       data)
{
  Recorder *recorder = data;
  g_autoptr(GError) error = NULL;

  pl_recording_add_event (recorder->recording, event);
  if (recorder->writer != NULL && !recorder->failed &&
      !pl_recording_writer_add_event (recorder->writer, event, &error))
    write_failed (recorder, error);
}

/* The recording hears the window's monitor, as the panels do. A replaced
 * line's monitor is no longer read, so nothing more comes from it. */
static void
follow_monitor (Recorder *recorder)
{
  _pl_window_follow_monitor (recorder->window, &recorder->followed,
                             G_CALLBACK (monitor_sample_cb), G_CALLBACK (monitor_event_cb),
                             recorder);
}

/* A new line is a new run: the file keeps the first one. */
static void
pipeline_changed_cb (PlWindow *self)
{
  Recorder *recorder = get_recorder (self);
  PlConfig config;

  recorder_finish_file (recorder);
  pl_pipeline_get_config (self->pipeline, &config);
  g_clear_object (&recorder->recording);
  recorder->recording = pl_recording_new (&config, PL_RECORDING_DEFAULT_MAX_BYTES);
  follow_monitor (recorder);
}

static void
window_destroy_cb (PlWindow *self)
{
  Recorder *recorder = get_recorder (self);

  if (recorder != NULL)
    recorder_finish_file (recorder);
}

gboolean
pl_window_record (PlWindow     *self,
                  const gchar  *path,
                  gboolean      overwrite,
                  GError      **error)
{
  Recorder *recorder;
  PlConfig config;

  g_return_val_if_fail (PL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (get_recorder (self) == NULL, FALSE);

  pl_pipeline_get_config (self->pipeline, &config);
  recorder = g_new0 (Recorder, 1);
  recorder->window = self;
  if (path != NULL)
    {
      recorder->writer = pl_recording_writer_new (path, &config, overwrite, error);
      if (recorder->writer == NULL)
        {
          g_free (recorder);
          return FALSE;
        }
    }
  recorder->recording = pl_recording_new (&config, PL_RECORDING_DEFAULT_MAX_BYTES);
  g_object_set_data_full (G_OBJECT (self), RECORDER_KEY, recorder, recorder_free);

  follow_monitor (recorder);
  g_signal_connect (self, "notify::pipeline", G_CALLBACK (pipeline_changed_cb), NULL);
  g_signal_connect (self, "destroy", G_CALLBACK (window_destroy_cb), NULL);
  /* A paused run can then be scrubbed back through. */
  _pl_window_init_scrub (self);

  return TRUE;
}

PlRecording *
pl_window_get_recording (PlWindow *self)
{
  Recorder *recorder;

  g_return_val_if_fail (PL_IS_WINDOW (self), NULL);

  recorder = get_recorder (self);

  return recorder != NULL ? recorder->recording : NULL;
}
