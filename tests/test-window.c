/* test-window.c: the window runs a lesson live and goes away cleanly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "pl-log-scale.h"
#include "pl-scene-compare.h"
#include "pl-stage-row.h"
#include "pl-test-window.h"
#include "pl-window.h"
#include "pl-window-private.h"

typedef gboolean (*Condition) (PlWindow *window);

static void
wait_for (PlWindow    *window,
          Condition    condition,
          const gchar *what)
{
  gint64 deadline = g_get_monotonic_time () + PL_TEST_WAIT_TIMEOUT_US;

  while (!condition (window))
    pl_test_iterate (deadline, what);
}

static PlSample *
shown_sample (PlWindow *window)
{
  return pl_scene_get_sample (pl_line_view_get_scene (pl_window_get_line_view (window)));
}

static gboolean
is_mapped (PlWindow *window)
{
  return gtk_widget_get_mapped (GTK_WIDGET (window));
}

static guint64 work_mark;

static gboolean
work_rose (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->state == PL_PIPELINE_RUNNING &&
         sample->stages[0].work_done > work_mark;
}

static gboolean
shows_busy_wait (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->mode == PL_MODE_BUSY_WAIT;
}

static gboolean
rests_paused (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->paused &&
         !pl_line_view_get_ticking (pl_window_get_line_view (window));
}

static gboolean
rests_finished (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->state == PL_PIPELINE_FINISHED &&
         !pl_line_view_get_ticking (pl_window_get_line_view (window));
}

static PlWindow *
open_lesson (GtkApplication *application,
             const gchar    *lesson,
             guint64         items)
{
  g_autoptr(GError) error = NULL;
  PlConfig config;
  PlWindow *window;

  g_assert_true (pl_config_apply_preset (&config, lesson, &error));
  g_assert_no_error (error);
  config.items = items;

  window = pl_window_new (application, &config);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  pl_test_present (window);

  return window;
}

static gboolean
rests_lingering (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->at_rest
         && sample->state == PL_PIPELINE_CLOSING
         && !pl_line_view_get_ticking (pl_window_get_line_view (window));
}

static gboolean
shows_shut_down (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->shut_down && sample->state == PL_PIPELINE_FINISHED;
}

/* The join lesson leaves its workers asleep in get once every queue is
 * joined: nothing moves, so the view stops following the frame clock even
 * though the line has not ended, and still shows what happens next. */
static void
test_window_rests_with_the_line (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer)data);
  PlWindow *window = open_lesson (application, "join", 200);
  g_autoptr(GError) error = NULL;

  g_object_ref (window);
  g_assert_true (pl_window_start (window, &error));
  g_assert_no_error (error);
  wait_for (window, rests_lingering, "the joined line to come to rest");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.shutdown-now", NULL));
  wait_for (window, shows_shut_down, "the view to show the line shut down");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_runs_a_lesson (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer)data);
  PlWindow *window = open_lesson (application, "bounded", 100000);
  g_autofree gchar *lesson = NULL;
  g_autofree gchar *mode = NULL;
  PlPipeline *pipeline;
  PlSample *sample;

  g_object_ref (window);
  pipeline = g_object_ref (pl_window_get_pipeline (window));

  g_object_get (window, "lesson", &lesson, NULL);
  g_assert_cmpstr (lesson, ==, "bounded");
  g_assert_nonnull (pl_scene_get_title (pl_line_view_get_scene (pl_window_get_line_view (window))));
  g_assert_cmpint (pl_pipeline_get_state (pipeline), ==, PL_PIPELINE_READY);

  /* Start: samples arrive and the first stage gets work done. */
  work_mark = 0;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, work_rose, "samples show work done");
  g_assert_true (pl_line_view_get_ticking (pl_window_get_line_view (window)));

  /* The mode flips live, with no new pipeline. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.mode", "s", "busy-wait"));
  wait_for (window, shows_busy_wait, "samples show busy-wait mode");
  g_object_get (window, "mode", &mode, NULL);
  g_assert_cmpstr (mode, ==, "busy-wait");
  g_assert_true (pl_window_get_pipeline (window) == pipeline);

  /* Pause: the workers park and the view stops ticking. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, rests_paused, "the paused line comes to rest");
  g_assert_true (pl_pipeline_get_paused (pipeline));

  /* Resume: work goes on from where it stopped. */
  work_mark = shown_sample (window)->stages[0].work_done;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, work_rose, "work goes on after resuming");

  /* Hidden, the view stops following the frame clock; shown, it goes on. */
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_assert_false (pl_line_view_get_ticking (pl_window_get_line_view (window)));
  gtk_window_present (GTK_WINDOW (window));
  wait_for (window, is_mapped, "the window is shown again");
  g_assert_true (pl_line_view_get_ticking (pl_window_get_line_view (window)));
  work_mark = shown_sample (window)->stages[0].work_done;
  wait_for (window, work_rose, "work shows again once the window is back");

  /* Close the input: every queue is closed and joined, and the line
   * finishes by itself, every worker done, none cancelled. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.mode", "s", "blocking"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-input", NULL));
  wait_for (window, rests_finished, "the closed line finishes and rests");
  sample = shown_sample (window);
  for (guint q = 0; q + 1 < sample->n_queues; q++)
    {
      g_assert_true (sample->queues[q].closed);
      g_assert_true (sample->queues[q].joined);
    }
  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      g_assert_cmpint (sample->stages[s].workers[w].state, ==, PL_WORKER_DONE);
  g_assert_cmpuint (sample->workers_cancelled, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_finalize_object (pipeline);
}

static void
test_window_lessons_and_reset (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer)data);
  PlWindow *window = open_lesson (application, "bounded", 1000);
  const gchar *const *presets = pl_config_list_presets ();
  PlPipeline *old;

  g_object_ref (window);
  g_assert_nonnull (presets);

  /* Every lesson builds its own pipeline. */
  for (guint i = 0; presets[i] != NULL; i++)
    {
      g_autofree gchar *before = NULL;
      g_autofree gchar *lesson = NULL;
      PlConfig config;

      g_object_get (window, "lesson", &before, NULL);
      old = g_object_ref (pl_window_get_pipeline (window));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson", "s", presets[i]));
      g_object_get (window, "lesson", &lesson, NULL);
      g_assert_cmpstr (lesson, ==, presets[i]);
      pl_pipeline_get_config (pl_window_get_pipeline (window), &config);
      g_assert_cmpstr (config.preset, ==, presets[i]);

      /* Choosing the lesson shown keeps its pipeline. */
      if (g_strcmp0 (presets[i], before) == 0)
        g_assert_true (pl_window_get_pipeline (window) == old);
      else
        g_assert_true (pl_window_get_pipeline (window) != old);
      g_object_unref (old);
    }

  /* Reset: a new pipeline, ready again, with the same settings. */
  work_mark = 0;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  old = g_object_ref (pl_window_get_pipeline (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_true (pl_window_get_pipeline (window) != old);
  g_assert_cmpint (pl_pipeline_get_state (pl_window_get_pipeline (window)), ==, PL_PIPELINE_READY);
  g_assert_cmpint (pl_pipeline_get_state (old), ==, PL_PIPELINE_CANCELLED);
  g_assert_finalize_object (old);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

static GtkWidget *
find_stage_row (PlWindow *window,
                guint     stage)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (window), PL_TYPE_STAGE_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (pl_stage_row_get_stage (rows->pdata[i]) == stage)
      return rows->pdata[i];

  g_error ("no settings for stage %u", stage);
}

/* The row's scale whose range ends at `upper`: 65 for the capacity (64 and
 * one step for ∞), the log scale's end for the delay. */
static GtkRange *
find_scale (GtkWidget *row,
            gdouble    upper)
{
  g_autoptr(GPtrArray) scales = g_ptr_array_new ();

  collect_widgets (row, GTK_TYPE_SCALE, scales);
  for (guint i = 0; i < scales->len; i++)
    if (gtk_adjustment_get_upper (gtk_range_get_adjustment (scales->pdata[i])) == upper)
      return scales->pdata[i];

  g_error ("no scale up to %g", upper);
}

static guint wanted_capacity;

static gboolean
shows_capacity (PlWindow *window)
{
  PlSample *sample = shown_sample (window);
  PlScene *scene = pl_line_view_get_scene (pl_window_get_line_view (window));

  return sample != NULL && sample->queues[1].stats.capacity == wanted_capacity &&
         pl_scene_get_n_slots (scene, 1) == (wanted_capacity == 0 ? PL_SCENE_UNBOUNDED_SLOTS
                                                                   : MIN (wanted_capacity, PL_SCENE_MAX_SLOTS));
}

static gdouble wanted_delay;

static gboolean
shows_delay (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && fabs (sample->stages[1].mean_ms - wanted_delay) < 1e-6;
}

static void
test_window_controls_apply_live (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer)data);
  PlWindow *window = open_lesson (application, "bounded", 100000);
  g_autoptr(GPtrArray) scales = g_ptr_array_new ();
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  PlPipeline *pipeline;
  GtkWidget *row;
  GtkRange *capacity;
  GtkRange *delay;
  PlConfig config;

  g_object_ref (window);
  pipeline = pl_window_get_pipeline (window);

  /* Every control says what it is for and can be reached by keyboard. */
  collect_widgets (GTK_WIDGET (window), GTK_TYPE_SCALE, scales);
  collect_widgets (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON, spins);
  collect_widgets (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, dropdowns);
  g_ptr_array_extend_and_steal (scales, g_steal_pointer (&spins));
  g_ptr_array_extend_and_steal (scales, g_steal_pointer (&dropdowns));
  g_assert_cmpuint (scales->len, >=, 2 + 4 * 3);
  for (guint i = 0; i < scales->len; i++)
    {
      GtkWidget *control = scales->pdata[i];
      GList *labels = gtk_widget_list_mnemonic_labels (control);

      g_assert_nonnull (gtk_widget_get_tooltip_text (control));
      g_assert_true (gtk_widget_get_focusable (control) ||
                     gtk_widget_get_first_child (control) != NULL);
      g_assert_nonnull (labels);
      g_list_free (labels);
    }

  work_mark = 0;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, work_rose, "samples show work done");

  /* The capacity of queue 1, live: the pipeline takes it at once, and the
   * belt follows with the next sample, on the same pipeline. */
  row = find_stage_row (window, 1);
  capacity = find_scale (row, 65);
  wanted_capacity = 10;
  gtk_range_set_value (capacity, 10);
  pl_pipeline_get_config (pipeline, &config);
  g_assert_cmpuint (config.capacities[1], ==, 10);
  wait_for (window, shows_capacity, "the belt of queue 1 has 10 slots");

  /* One step past 64 is unbounded. */
  wanted_capacity = 0;
  gtk_range_set_value (capacity, 65);
  wait_for (window, shows_capacity, "queue 1 is unbounded");

  /* The delay slider is logarithmic, reaches past 2 s, and 0 is exact. */
  delay = find_scale (row, PL_LOG_SCALE_END);
  gtk_range_set_value (delay, PL_LOG_SCALE_END);
  pl_pipeline_get_config (pipeline, &config);
  g_assert_cmpfloat (config.stages[1].mean_ms, >=, 2000);
  gtk_range_set_value (delay, 0);
  pl_pipeline_get_config (pipeline, &config);
  wanted_delay = 0;
  g_assert_cmpfloat (config.stages[1].mean_ms, ==, 0);
  wait_for (window, shows_delay, "samples show the new delay");
  g_assert_true (pl_window_get_pipeline (window) == pipeline);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static gboolean painted_once;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted_once = TRUE;
}

static gboolean
was_painted (PlWindow *window)
{
  return painted_once;
}

static void
test_window_saves_pictures (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer)data);
  PlWindow *window = open_lesson (application, "bounded", 100000);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-window-XXXXXX", &error);
  g_autofree gchar *png = NULL;
  g_autofree gchar *svg = NULL;
  g_autofree gchar *text = NULL;
  GdkFrameClock *clock;
  cairo_surface_t *surface;
  gulong handler;

  g_assert_no_error (error);
  g_object_ref (window);
  png = g_build_filename (dir, "window.png", NULL);
  svg = g_build_filename (dir, "canvas.svg", NULL);

  work_mark = 0;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, work_rose, "samples show work done");

  /* The window as painted: wait for a frame after the newest sample. */
  painted_once = FALSE;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  pl_line_view_sync (pl_window_get_line_view (window));
  wait_for (window, was_painted, "the window paints a frame");
  g_signal_handler_disconnect (clock, handler);

  g_assert_true (pl_window_save_screenshot (window, png, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, gtk_widget_get_height (GTK_WIDGET (window)));
  cairo_surface_destroy (surface);

  /* The canvas alone, as vector graphics with the newest sample. */
  g_assert_true (pl_window_save_screenshot (window, svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "<svg"));
  /* Drawn as paths, with no pictures of pixels in it. */
  g_assert_null (strstr (text, "<image"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_unlink (png);
  g_unlink (svg);
  g_rmdir (dir);
}

/* Line B's canvas: the other line view beside line A's in compare mode. */
static PlLineView *
compared_line_view (PlWindow *window)
{
  GtkWidget *line_a = GTK_WIDGET (pl_window_get_line_view (window));

  for (GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_parent (line_a));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (PL_IS_LINE_VIEW (child) && child != line_a)
      return PL_LINE_VIEW (child);

  return NULL;
}

static gboolean
both_lines_show_work (PlWindow *window)
{
  PlLineView *line_b = compared_line_view (window);
  PlSample *a = shown_sample (window);
  PlSample *b = line_b != NULL ? pl_scene_get_sample (pl_line_view_get_scene (line_b)) : NULL;

  return a != NULL && b != NULL && a->stages[0].work_done > 0 && b->stages[0].work_done > 0;
}

/* Glyphs of text an SVG draws with their baseline in a band. */
static guint
glyphs_in_band (const gchar *svg,
                gdouble      top,
                gdouble      height)
{
  guint glyphs = 0;

  for (const gchar *use = strstr (svg, "<use "); use != NULL; use = strstr (use + 1, "<use "))
    {
      const gchar *end = strchr (use, '>');
      const gchar *y = strstr (use, " y=\"");
      gdouble baseline;

      if (end == NULL || y == NULL || y > end)
        continue;
      baseline = g_ascii_strtod (y + strlen (" y=\""), NULL);
      if (baseline >= top && baseline < top + height)
        glyphs++;
    }

  return glyphs;
}

/* What the window exports in compare mode (Ctrl+E, or an SVG screenshot)
 * is both lines, each under its label, and the strip between them: the
 * picture --export draws of a compare run. */
static void
test_window_exports_both_compared_lines (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer)data);
  PlWindow *window = open_lesson (application, "busy-wait", 100000);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-window-XXXXXX", &error);
  g_autofree gchar *svg = NULL;
  g_autofree gchar *text = NULL;
  PlSceneCompareLayout layout;
  gint canvas_heights;
  gint width = 0;
  gint height = 0;
  const gchar *view_box;

  g_assert_no_error (error);
  g_object_ref (window);
  svg = g_build_filename (dir, "both.svg", NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  g_assert_nonnull (pl_window_get_compare_pipeline (window));
  g_assert_nonnull (compared_line_view (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, both_lines_show_work, "both lines show work done");

  canvas_heights = gtk_widget_get_height (GTK_WIDGET (pl_window_get_line_view (window))) +
                   gtk_widget_get_height (GTK_WIDGET (compared_line_view (window)));
  g_assert_true (pl_window_save_screenshot (window, svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &text, NULL, &error));
  g_assert_no_error (error);

  view_box = strstr (text, "viewBox=\"0 0 ");
  g_assert_nonnull (view_box);
  g_assert_cmpint (sscanf (view_box, "viewBox=\"0 0 %d %d\"", &width, &height), ==, 2);
  /* Room for both canvases, not line A's alone. */
  g_assert_cmpint (height, >=, canvas_heights);

  pl_scene_compare_layout (width, height, &layout);
  for (guint i = 0; i < 2; i++)
    {
      /* "Line A: mode=busy-wait", "Line B: mode=blocking" */
      g_assert_cmpuint (glyphs_in_band (text, layout.label_y[i], layout.label_height), >=, 15);
      /* A line: its title, stage names and numbers. */
      g_assert_cmpuint (glyphs_in_band (text, layout.line_y[i], layout.line_height), >=, 40);
    }
  /* The strip: four readings of both lines. */
  g_assert_cmpuint (glyphs_in_band (text, layout.strip_y, layout.strip_height), >=, 40);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_unlink (svg);
  g_rmdir (dir);
}

static gboolean
line_a_ended_and_measured (PlWindow *window)
{
  const PlCompareMeasure *measures = _pl_window_compare_get_measures (window);
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->state == PL_PIPELINE_FINISHED && measures != NULL &&
         measures[0].window_s == sample->elapsed_us / (gdouble) G_USEC_PER_SEC;
}

/* Once a compared line has finished, the strip shows its whole run's
 * average, as its canvas does, and not the rates of its last seconds
 * frozen in place. */
static void
test_window_compare_strip_averages_an_ended_line (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer)data);
  g_autoptr(GError) error = NULL;
  const PlCompareMeasure *measures;
  PlSample *sample;
  PlWindow *window;
  PlConfig config;
  gdouble seconds;

  /* About 4 s of blocking work that closes its input by itself: longer
   * than the strip's rate window. */
  g_assert_true (pl_config_apply_preset (&config, "blocking", &error));
  g_assert_no_error (error);
  config.items = 200;
  config.stages[0].mean_ms = 20;
  config.auto_close = TRUE;
  window = pl_window_new (application, &config);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  pl_test_present (window);
  g_object_ref (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  g_assert_nonnull (_pl_window_compare_get_measures (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  wait_for (window, line_a_ended_and_measured, "line A to finish and the strip to measure it");

  sample = shown_sample (window);
  measures = _pl_window_compare_get_measures (window);
  seconds = sample->elapsed_us / (gdouble) G_USEC_PER_SEC;
  g_assert_cmpuint (sample->processed, ==, 200);
  g_assert_cmpfloat (seconds, >, PL_SCENE_RATE_WINDOW_S);
  g_assert_cmpfloat_with_epsilon (measures[0].throughput, 200 / seconds, 1e-9);
  g_assert_cmpfloat (measures[0].cpu_cores, >=, 0.0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  GtkApplication *application;
  gint status;

  if (!pl_test_init (&argc, &argv))
    {
      g_test_add_func ("/pl/window/needs-display", pl_test_needs_display);
      return g_test_run ();
    }

  application = pl_test_application_new ();

  g_test_add_data_func ("/pl/window/runs-a-lesson", application, test_window_runs_a_lesson);
  g_test_add_data_func ("/pl/window/lessons-and-reset", application, test_window_lessons_and_reset);
  g_test_add_data_func ("/pl/window/rests-with-the-line", application, test_window_rests_with_the_line);
  g_test_add_data_func ("/pl/window/controls-apply-live", application, test_window_controls_apply_live);
  g_test_add_data_func ("/pl/window/saves-pictures", application, test_window_saves_pictures);
  g_test_add_data_func ("/pl/window/exports-both-compared-lines", application,
                        test_window_exports_both_compared_lines);
  g_test_add_data_func ("/pl/window/compare-strip-averages-an-ended-line", application,
                        test_window_compare_strip_averages_an_ended_line);

  status = g_test_run ();
  g_object_unref (application);

  return status;
}
