/* test-numbers.c: the numbers the window shows are the line's own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lessons run in the window's own code path, with the real pipeline and
 * its sampler; what the window then shows is held against the report of
 * the same run, against the threads' own CPU clocks, and against the
 * engine's counts.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "pl-item.h"
#include "pl-pipeline-private.h"
#include "pl-report.h"
#include "pl-sysinfo.h"
#include "pl-test-window.h"
#include "pl-window-private.h"

/* Every wait is bounded: a stuck run fails the test instead of hanging. */
#define WAIT_TIMEOUT_US (60 * G_USEC_PER_SEC)
#define WINDOW_US ((gint64) (PL_SCENE_RATE_WINDOW_S * G_USEC_PER_SEC))

typedef gboolean (*Condition) (PlWindow *window);
typedef void (*Check) (PlWindow *window);

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

/* Runs the main loop until @condition holds, calling @check at every
 * turn, so that what the window shows is looked at all along the way. */
static void
wait_for (PlWindow    *window,
          Condition    condition,
          Check        check,
          const gchar *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  while (!condition (window))
    {
      pl_test_iterate (deadline, what);
      if (check != NULL)
        check (window);
    }
}

static gboolean
has_ended (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL
         && (sample->state == PL_PIPELINE_FINISHED || sample->state == PL_PIPELINE_CANCELLED);
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
  /* Whatever the lesson's ending, the input closes once all is fed. */
  config.auto_close = TRUE;

  window = pl_window_new (application, &config);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  pl_test_present (window);

  /* The charts are drawn too, as in class. */
  if (!gtk_widget_get_visible (window->charts_pane))
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-charts", NULL));
  g_assert_true (gtk_widget_get_visible (window->charts_pane));

  return window;
}

static gboolean
within_one_percent (gdouble shown,
                    gdouble expected)
{
  return isfinite (shown) && fabs (shown - expected) <= 0.01 * fabs (expected) + 1e-9;
}

static gdouble
read_rate (const gchar *text)
{
  gdouble value = g_ascii_strtod (text, NULL);

  return g_str_has_suffix (text, "k") ? value * 1000 : value;
}

/* While the line runs, a rate is shown only once a window of the run
 * has data, and then it is a number. */
static void
check_live_rates (PlWindow *window)
{
  PlSample *sample = shown_sample (window);
  PlScene *scene = scene_of (window);

  if (sample == NULL || sample->state == PL_PIPELINE_FINISHED
      || sample->state == PL_PIPELINE_CANCELLED)
    return;

  if (sample->elapsed_us < WINDOW_US)
    {
      g_autofree gchar *shown = pl_scene_format_rate (pl_scene_get_throughput (scene));

      g_assert_cmpstr (shown, ==, "—");
      for (guint s = 0; s < sample->n_stages; s++)
        g_assert_true (isnan (pl_scene_get_stage_rate (scene, s)));
      g_assert_true (isnan (pl_chart_view_get_shown_throughput (window->chart_view)));
    }
  else
    {
      g_assert_true (isfinite (pl_scene_get_throughput (scene)));
      for (guint s = 0; s < sample->n_stages; s++)
        g_assert_true (isfinite (pl_scene_get_stage_rate (scene, s)));
    }
}

static JsonObject *
report_of (PlPipeline *pipeline,
           JsonParser *parser)
{
  g_autoptr(PlSample) sample = pl_pipeline_sample (pipeline);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *json = NULL;
  PlConfig config;

  pl_pipeline_get_config (pipeline, &config);
  json = pl_report_to_json (&config, sample);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);

  return json_node_get_object (json_parser_get_root (parser));
}

/* Runs @lesson to its end in the window and holds every rate the window
 * shows against the report of that same run. */
static void
run_and_compare (GtkApplication *application,
                 const gchar    *lesson,
                 guint64         items)
{
  PlWindow *window = open_lesson (application, lesson, items);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  PlScene *scene = scene_of (window);
  PlPipeline *pipeline;
  JsonObject *report;
  JsonArray *stages;
  gdouble throughput, elapsed_s;
  PlConfig config;

  g_object_ref (window);

  pipeline = pl_window_get_pipeline (window);
  pl_pipeline_get_config (pipeline, &config);
  g_assert_cmpuint (config.items, ==, items);

  g_assert_true (pl_window_start (window, &error));
  g_assert_no_error (error);
  wait_for (window, has_ended, check_live_rates, "the lesson runs to its end");
  /* A few more turns: the window may take heartbeats after the end. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  report = report_of (pipeline, parser);
  throughput = json_object_get_double_member (report, "throughput");
  elapsed_s = json_object_get_double_member (report, "elapsed_s");
  stages = json_object_get_array_member (report, "stages");
  g_assert_cmpfloat (elapsed_s, >, 0);
  g_assert_cmpuint (json_object_get_int_member (report, "processed"), ==, items);
  g_test_message ("%s: %" G_GUINT64_FORMAT " items in %.3f s, report %.1f items/s, "
                  "window %.1f items/s", lesson, items, elapsed_s, throughput,
                  pl_scene_get_throughput (scene));

  /* The done card and the charts. */
  if (!within_one_percent (pl_scene_get_throughput (scene), throughput))
    g_error ("%s: the done card shows %g items/s, the report %g",
             lesson, pl_scene_get_throughput (scene), throughput);
  {
    g_autofree gchar *text = pl_scene_format_rate (pl_scene_get_throughput (scene));

    if (!within_one_percent (read_rate (text), throughput))
      g_error ("%s: the done card reads %s items/s, the report %g", lesson, text, throughput);
  }
  if (!within_one_percent (pl_chart_view_get_shown_throughput (window->chart_view), throughput))
    g_error ("%s: the throughput chart ends on %g items/s, the report %g",
             lesson, pl_chart_view_get_shown_throughput (window->chart_view), throughput);

  /* Each stage card: its count over the run's elapsed time, as reported. */
  g_assert_cmpuint (json_array_get_length (stages), ==, shown_sample (window)->n_stages);
  for (guint s = 0; s < json_array_get_length (stages); s++)
    {
      JsonObject *stage = json_array_get_object_element (stages, s);
      gdouble expected = json_object_get_int_member (stage, "work_done") / elapsed_s;
      gdouble shown = pl_scene_get_stage_rate (scene, s);
      g_autofree gchar *text = pl_scene_format_rate (shown);

      if (!within_one_percent (shown, expected) || !within_one_percent (read_rate (text), expected))
        g_error ("%s: stage %u shows %s/s (%g), the report %g",
                 lesson, s, text, shown, expected);
      /* Every item went through every stage: the run's own rate. */
      g_assert_true (within_one_percent (shown, throughput));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_numbers_rates_match_report (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);

  /* Slow enough that the live window has data before the end. */
  run_and_compare (application, "bounded", 150);
  run_and_compare (application, "closable", 4000);
}

/* The shutdown lesson: after Shut Down Now every queue is empty, and the
 * depth chart follows the real depth to zero. */
static gboolean
backlog_in_front_of_resize (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->queues[1].stats.depth >= 50;
}

static gboolean
shows_shut_down (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->shut_down && sample->state == PL_PIPELINE_FINISHED;
}

static void
test_numbers_shutdown_depth_falls (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  PlWindow *window = open_lesson (application, "shutdown", 100000);
  g_autoptr(GError) error = NULL;
  PlSample *sample;
  gdouble before;

  g_object_ref (window);
  /* The lesson shuts itself down headless only; here the teacher does. */
  g_assert_true (pl_window_start (window, &error));
  g_assert_no_error (error);
  wait_for (window, backlog_in_front_of_resize, NULL, "work piles up in front of resize");
  before = pl_chart_view_get_shown_depth (window->chart_view, 1);
  g_assert_cmpfloat (before, >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.shutdown-now", NULL));
  wait_for (window, shows_shut_down, NULL, "the view shows the line shut down");

  sample = shown_sample (window);
  g_assert_cmpuint (sample->dropped, >, 0);
  for (guint q = 0; q < sample->n_stages; q++)
    {
      g_assert_cmpuint (sample->queues[q].stats.depth, ==, 0);
      if (pl_chart_view_get_shown_depth (window->chart_view, q) != 0)
        g_error ("the depth chart of queue %u ends at %g after the shutdown, not at 0",
                 q, pl_chart_view_get_shown_depth (window->chart_view, q));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Engine-level: the line's threads are read on their own clocks. */

static PlSample *
wait_for_sample (PlPipeline *pipeline,
                 gint64      elapsed_us)
{
  GAsyncQueue *messages = _pl_pipeline_get_messages (pipeline);
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  for (;;)
    {
      g_autoptr(PlMessage) message = NULL;

      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for a sample %" G_GINT64_FORMAT " µs into the run", elapsed_us);
      message = g_async_queue_timeout_pop (messages, G_USEC_PER_SEC / 10);
      if (message != NULL && message->kind == PL_MESSAGE_SAMPLE
          && message->sample->elapsed_us >= elapsed_us)
        return pl_sample_ref (message->sample);
    }
}

/* The same line of three do-nothing stages behind a slow first one: the
 * two after it starve. Spinning or sleeping, they get the same work done. */
static void
starving_config (PlConfig *config,
                 PlMode    mode)
{
  g_autoptr(GError) error = NULL;

  pl_config_init_default (config);
  config->mode = mode;
  config->backoff_ms = 0;
  config->items = 1000000;
  config->n_stages = 3;
  for (guint s = 0; s < 3; s++)
    {
      g_snprintf (config->stages[s].name, sizeof config->stages[s].name, "stage%u", s);
      config->stages[s].mean_ms = s == 0 ? 20 : 0;
      config->stages[s].distribution = PL_DIST_FIXED;
      config->stages[s].workers = s == 0 ? 1 : 2;
      config->capacities[s] = 0;
    }
  /* A small input queue, so that the producer waits as well. */
  config->capacities[0] = 4;
  g_assert_true (pl_config_validate (config, &error));
  g_assert_no_error (error);
}

/* Runs the line for a second of its own time while this thread, standing
 * in for a window that draws, burns CPU of its own. */
static PlSample *
run_while_drawing (PlMode  mode,
                   gint64 *drawn_ns)
{
  g_autoptr(PlPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  PlSample *sample;
  PlConfig config;
  gint64 start_ns;
  volatile guint64 sink = 0;

  starving_config (&config, mode);
  pipeline = pl_pipeline_new (&config);
  pl_pipeline_set_sampling (pipeline, TRUE);
  g_assert_true (pl_pipeline_start (pipeline, &error));
  g_assert_no_error (error);

  /* About 200 ms of this thread's own CPU, bounded by the wait. */
  start_ns = pl_sysinfo_current_thread_cpu_ns ();
  {
    gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

    while (pl_sysinfo_current_thread_cpu_ns () - start_ns < 200 * 1000 * 1000)
      {
        if (g_get_monotonic_time () > deadline)
          g_error ("this thread got no CPU to stand in for the window");
        for (guint i = 0; i < 100000; i++)
          sink += i * i;
      }
  }
  *drawn_ns = pl_sysinfo_current_thread_cpu_ns () - start_ns;

  /* A second of the run, then a fresh sample: one taken after the burn. */
  sample = wait_for_sample (pipeline, G_USEC_PER_SEC);
  pl_sample_unref (sample);
  sample = pl_pipeline_sample (pipeline);
  pl_pipeline_cancel (pipeline);

  return sample;
}

static void
test_numbers_pipeline_cpu_apart (void)
{
  g_autoptr(PlSample) busy = NULL;
  g_autoptr(PlSample) blocking = NULL;
  gint64 busy_drawn, blocking_drawn;
  gdouble busy_share, blocking_share;

  busy = run_while_drawing (PL_MODE_BUSY_WAIT, &busy_drawn);
  blocking = run_while_drawing (PL_MODE_BLOCKING, &blocking_drawn);

  for (guint i = 0; i < 2; i++)
    {
      PlSample *sample = i == 0 ? busy : blocking;
      gint64 drawn = i == 0 ? busy_drawn : blocking_drawn;
      gint64 threads = sample->producer_cpu_ns + sample->coordinator_cpu_ns + sample->sampler_cpu_ns;

      for (guint s = 0; s < sample->n_stages; s++)
        threads += sample->stages[s].cpu_ns;
      g_assert_cmpint (sample->pipeline_cpu_ns, ==, threads);
      g_assert_cmpint (sample->sampler_cpu_ns, >, 0);
      g_test_message ("%s: process %.3f s, line %.3f s (producer %.3f, coordinator %.3f, "
                      "sampler %.3f), this thread burnt %.3f s",
                      i == 0 ? "busy-wait" : "blocking", sample->process_cpu_ns / 1e9,
                      sample->pipeline_cpu_ns / 1e9, sample->producer_cpu_ns / 1e9,
                      sample->coordinator_cpu_ns / 1e9, sample->sampler_cpu_ns / 1e9, drawn / 1e9);
      /* What this thread burnt is the program's, not the line's. */
      g_assert_cmpint (sample->process_cpu_ns - sample->pipeline_cpu_ns, >=, drawn);
    }

  /* Per second of the run: the spinning line costs many times more. */
  busy_share = busy->pipeline_cpu_ns / (gdouble) busy->elapsed_us;
  blocking_share = blocking->pipeline_cpu_ns / (gdouble) blocking->elapsed_us;
  g_test_message ("line CPU per run time: busy-wait %.3f, blocking %.4f (process %.3f, %.3f)",
                  busy_share / 1000, blocking_share / 1000,
                  busy->process_cpu_ns / (gdouble) busy->elapsed_us / 1000,
                  blocking->process_cpu_ns / (gdouble) blocking->elapsed_us / 1000);
  if (!(busy_share > 10 * blocking_share))
    g_error ("the busy-wait line's CPU (%.4f of a core) is not ten times the blocking one's (%.4f)",
             busy_share / 1000, blocking_share / 1000);
}

/* The line's memory follows the items it holds, up and down. */
static gboolean
memory_follows (PlMemoryMeter *meter,
                PlSample      *sample)
{
  gsize expected = sample->held * sizeof (PlItem);

  for (guint q = 0; q < sample->n_stages; q++)
    expected += sample->queues[q].stats.depth * sizeof (gpointer);
  pl_memory_meter_push_sample (meter, sample);

  return sample->held_bytes == expected && pl_memory_meter_get_held_bytes (meter) == expected;
}

static void
test_numbers_held_bytes (void)
{
  g_autoptr(PlPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlMemoryMeter) meter = g_object_ref_sink (PL_MEMORY_METER (pl_memory_meter_new ()));
  GAsyncQueue *messages;
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;
  gsize peak_bytes = 0;
  guint64 peak_held = 0;
  gboolean ended = FALSE;
  PlConfig config;

  /* A fast first stage in front of a slow second one, unbounded: a
   * backlog builds, then drains once every item is fed. */
  pl_config_init_default (&config);
  config.mode = PL_MODE_BLOCKING;
  config.items = 3000;
  config.auto_close = TRUE;
  config.n_stages = 2;
  for (guint s = 0; s < 2; s++)
    {
      g_snprintf (config.stages[s].name, sizeof config.stages[s].name, "stage%u", s);
      config.stages[s].mean_ms = s == 0 ? 0 : 0.3;
      config.stages[s].distribution = PL_DIST_FIXED;
      config.stages[s].workers = 1;
      config.capacities[s] = 0;
    }
  g_assert_true (pl_config_validate (&config, &error));
  g_assert_no_error (error);

  pipeline = pl_pipeline_new (&config);
  pl_pipeline_set_sampling (pipeline, TRUE);
  g_assert_true (pl_pipeline_start (pipeline, &error));
  g_assert_no_error (error);

  messages = _pl_pipeline_get_messages (pipeline);
  while (!ended)
    {
      g_autoptr(PlMessage) message = NULL;

      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for the backlog to build and drain");
      message = g_async_queue_timeout_pop (messages, G_USEC_PER_SEC / 10);
      if (message == NULL || message->kind != PL_MESSAGE_SAMPLE)
        continue;

      /* Threads stopped: the counts agree exactly. */
      if (message->sample->state == PL_PIPELINE_FINISHED)
        {
          g_assert_true (memory_follows (meter, message->sample));
          ended = TRUE;
        }
      else
        {
          pl_memory_meter_push_sample (meter, message->sample);
        }
      if (message->sample->held > peak_held)
        {
          peak_held = message->sample->held;
          peak_bytes = message->sample->held_bytes;
        }
    }

  g_test_message ("held at most %" G_GUINT64_FORMAT " items, %" G_GSIZE_FORMAT " bytes",
                  peak_held, peak_bytes);
  g_assert_cmpuint (peak_held, >=, 100);
  g_assert_cmpuint (peak_bytes, >=, peak_held * sizeof (PlItem));
  /* Drained: nothing held, nothing waiting in front of a stage. */
  g_assert_cmpuint (pl_memory_meter_get_held (meter), ==, 0);
  g_assert_cmpuint (pl_memory_meter_get_held_bytes (meter), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  GtkApplication *application = pl_test_init_windows (&argc, &argv, "/pl/numbers/needs-display");

  if (application == NULL)
    {
      g_test_add_func ("/pl/numbers/pipeline-cpu-apart", test_numbers_pipeline_cpu_apart);
      return g_test_run ();
    }

  g_test_add_data_func ("/pl/numbers/rates-match-report", application,
                        test_numbers_rates_match_report);
  g_test_add_data_func ("/pl/numbers/shutdown-depth-falls", application,
                        test_numbers_shutdown_depth_falls);
  g_test_add_func ("/pl/numbers/pipeline-cpu-apart", test_numbers_pipeline_cpu_apart);
  g_test_add_func ("/pl/numbers/held-bytes", test_numbers_held_bytes);

  return pl_test_run_windows (application);
}
