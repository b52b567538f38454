/* test-window-scrub.c: a paused run scrubbed back through, and resumed;
 * a recording replayed beside compare mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "pl-test-window.h"
#include "pl-timeline.h"
#include "pl-window.h"
#include "pl-window-record.h"
#include "pl-window-replay.h"

/* Every wait is bounded: a stuck window fails the test instead of hanging. */
#define WAIT_TIMEOUT_US (60 * G_USEC_PER_SEC)

/* Enough recorded samples that the middle of the run lies well before
 * its end. */
#define MIN_SAMPLES 40

typedef gboolean (*Condition) (PlWindow *window);

static void
wait_for (PlWindow    *window,
          Condition    condition,
          const gchar *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  while (!condition (window))
    pl_test_iterate (deadline, what);
}

static PlScene *
scene_of (PlWindow *window)
{
  return pl_line_view_get_scene (pl_window_get_line_view (window));
}

static PlSample *
shown_sample (PlWindow *window)
{
  return pl_scene_get_sample (scene_of (window));
}

static PlTimeline *
find_timeline (GtkWidget *widget)
{
  if (PL_IS_TIMELINE (widget))
    return PL_TIMELINE (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      PlTimeline *timeline = find_timeline (child);

      if (timeline != NULL)
        return timeline;
    }

  return NULL;
}

static PlTimeline *
shown_timeline (PlWindow *window)
{
  PlTimeline *timeline = find_timeline (GTK_WIDGET (window));

  return timeline != NULL && gtk_widget_get_mapped (GTK_WIDGET (timeline)) ? timeline : NULL;
}

static gboolean
is_mapped (PlWindow *window)
{
  return gtk_widget_get_mapped (GTK_WIDGET (window));
}

/* Long enough that the middle of the recording has fewer items done than
 * now. */
static gboolean
recorded_enough (PlWindow *window)
{
  PlSample *sample = shown_sample (window);
  PlRecording *recording = pl_window_get_recording (window);
  guint n = pl_recording_get_n_samples (recording);
  g_autoptr(PlSample) middle = NULL;

  if (sample == NULL || n < MIN_SAMPLES)
    return FALSE;

  middle = pl_recording_get_sample (recording, n / 2);

  return middle->processed < sample->processed;
}

static gboolean
rests_paused_with_timeline (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->paused && sample->at_rest &&
         !pl_line_view_get_ticking (pl_window_get_line_view (window)) &&
         shown_timeline (window) != NULL;
}

static gboolean
shows_the_past (PlWindow *window)
{
  const gchar *status = pl_scene_get_status (scene_of (window));

  return status != NULL && g_str_has_prefix (status, "Paused — showing ");
}

static guint64 live_processed;

/* The live line again: its own monitor, its moment, and no timeline. */
static gboolean
shows_live_moment (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return pl_line_view_get_monitor (pl_window_get_line_view (window)) != NULL &&
         sample != NULL && sample->processed >= live_processed && !shows_the_past (window);
}

static gboolean
shows_busy_wait_live (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return shows_live_moment (window) && sample->mode == PL_MODE_BUSY_WAIT;
}

static gboolean
runs_on_without_timeline (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return shown_timeline (window) == NULL && sample != NULL && !sample->paused &&
         sample->processed > live_processed && !shows_the_past (window);
}

static PlWindow *
open_recorded_lesson (GtkApplication *application)
{
  g_autoptr(GError) error = NULL;
  PlConfig config;
  PlWindow *window;

  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  g_assert_no_error (error);
  config.items = 1000000;

  window = pl_window_new (application, &config);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  /* As the program does: every run in the window is recorded. */
  g_assert_true (pl_window_record (window, NULL, FALSE, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (window, is_mapped, "the window is shown");

  return window;
}

static void
test_scrub_back_and_resume (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  PlWindow *window = open_recorded_lesson (application);
  PlPipeline *pipeline;
  PlTimeline *timeline;
  PlRecording *recording;
  g_autoptr(PlSample) truth = NULL;
  guint end;

  g_object_ref (window);
  pipeline = g_object_ref (pl_window_get_pipeline (window));

  /* Running: no timeline. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, recorded_enough, "the run is recorded for a while");
  g_assert_null (shown_timeline (window));

  /* Paused: the timeline shows, its handle at the live moment. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, rests_paused_with_timeline, "the paused line rests, its timeline shown");
  timeline = shown_timeline (window);
  recording = pl_timeline_get_recording (timeline);
  g_assert_true (recording == pl_window_get_recording (window));
  live_processed = shown_sample (window)->processed;
  g_assert_cmpuint (live_processed, >, 0);
  end = pl_recording_get_n_samples (recording) - 1;
  g_assert_cmpuint (pl_timeline_get_position (timeline), ==, end);
  g_assert_false (shows_the_past (window));

  /* One step back, by the timeline's action: the recorded moment shows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.step-back", NULL));
  g_assert_cmpuint (pl_timeline_get_position (timeline), ==, end - 1);
  g_assert_true (shows_the_past (window));
  g_assert_cmpuint (shown_sample (window)->processed, <=, live_processed);
  g_assert_null (pl_line_view_get_monitor (pl_window_get_line_view (window)));

  /* Halfway back: fewer items done than live, exactly as recorded. */
  pl_timeline_seek (timeline, end / 2);
  {
    g_autoptr(PlSample) recorded = pl_recording_get_sample (recording, end / 2);

    g_assert_cmpuint (shown_sample (window)->processed, ==, recorded->processed);
    g_assert_cmpuint (shown_sample (window)->processed, <, live_processed);
    g_assert_cmpint (shown_sample (window)->elapsed_us, ==, recorded->elapsed_us);
  }

  /* Only the picture went back: the line itself is where it was. */
  g_assert_true (pl_pipeline_get_paused (pipeline));
  truth = pl_pipeline_sample (pipeline);
  g_assert_cmpuint (truth->processed, ==, live_processed);

  /* A live control, used while the past shows, brings the live line back
   * first, still paused, with the timeline at its end. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.mode", "s", "busy-wait"));
  wait_for (window, shows_busy_wait_live, "the live line shows again, in busy-wait mode");
  g_assert_true (pl_pipeline_get_paused (pipeline));
  g_assert_true (shown_timeline (window) == timeline);
  g_assert_cmpuint (pl_timeline_get_position (timeline), ==,
                    pl_recording_get_n_samples (recording) - 1);

  /* Back again, then Resume: the live line, and no timeline. */
  pl_timeline_seek (timeline, end / 2);
  g_assert_true (shows_the_past (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, runs_on_without_timeline, "the resumed line runs on, live, with no timeline");
  g_assert_true (pl_window_get_pipeline (window) == pipeline);
  g_assert_true (pl_line_view_get_monitor (pl_window_get_line_view (window)) != NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_finalize_object (pipeline);
}

/* Closed while the past shows: the live line's monitor, read for the
 * recording meanwhile, goes with the window, and so does everything else. */
static void
test_scrub_closed_while_back (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  PlWindow *window = open_recorded_lesson (application);
  PlPipeline *pipeline;
  PlTimeline *timeline;

  g_object_ref (window);
  pipeline = g_object_ref (pl_window_get_pipeline (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, recorded_enough, "the run is recorded for a while");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, rests_paused_with_timeline, "the paused line rests, its timeline shown");
  timeline = shown_timeline (window);
  pl_timeline_seek (timeline, 0);
  g_assert_true (shows_the_past (window));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_finalize_object (pipeline);
}

static gboolean
has_recorded_enough (PlWindow *window)
{
  return pl_recording_get_n_samples (pl_window_get_recording (window)) >= MIN_SAMPLES;
}

/* A recording holds one line: replaying it turns compare mode off, and
 * compare mode cannot come back until the live line does. */
static void
test_replay_turns_compare_off (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  PlWindow *recorder = open_recorded_lesson (application);
  g_autoptr(PlRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  PlConfig config;
  PlWindow *window;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (recorder), "win.start-pause", NULL));
  wait_for (recorder, has_recorded_enough, "the run is recorded for a while");
  recording = g_object_ref (pl_window_get_recording (recorder));
  g_object_ref (recorder);
  gtk_window_destroy (GTK_WINDOW (recorder));
  g_assert_finalize_object (recorder);

  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  g_assert_no_error (error);
  window = pl_window_new (application, &config);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (window, is_mapped, "the window is shown");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  g_assert_nonnull (pl_window_get_compare_pipeline (window));

  pl_window_replay (window, recording);
  g_assert_true (pl_window_is_replaying (window));
  g_assert_null (pl_window_get_compare_pipeline (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL);
  g_assert_null (pl_window_get_compare_pipeline (window));

  pl_window_end_replay (window);
  g_assert_false (pl_window_is_replaying (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  g_assert_nonnull (pl_window_get_compare_pipeline (window));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  GtkApplication *application;

  application = pl_test_init_windows (&argc, &argv, "/pl/window/scrub/needs-display");
  if (application == NULL)
    return g_test_run ();

  g_test_add_data_func ("/pl/window/scrub/back-and-resume", application, test_scrub_back_and_resume);
  g_test_add_data_func ("/pl/window/scrub/closed-while-back", application, test_scrub_closed_while_back);
  g_test_add_data_func ("/pl/window/replay/turns-compare-off", application, test_replay_turns_compare_off);

  return pl_test_run_windows (application);
}
