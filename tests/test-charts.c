/* test-charts.c: the charts and the memory meter show what the samples say
 * (the history they read is tested in test-history.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pl-chart-view.h"
#include "pl-history.h"
#include "pl-memory-meter.h"
#include "pl-test-history.h"
#include "pl-test-window.h"

#define SAMPLE_US       16667

/* The chart view files every sample where its charts read it from. */
static void
test_chart_view_records_samples (void)
{
  g_autoptr(PlChartView) view = NULL;
  PlHistoryPoint first, last;
  PlHistory *history;
  guint length;

  if (pl_test_skip_without_display ())
    return;

  view = g_object_ref_sink (PL_CHART_VIEW (pl_chart_view_new ()));
  g_assert_null (pl_chart_view_get_history (view));

  for (guint i = 0; i <= 300; i++)
    {
      g_autoptr(PlSample) sample = pl_test_make_sample (3, (gint64) i * 10000);

      sample->queues[0].stats.depth = 4;
      sample->queues[1].stats.depth = i % 2;
      sample->queues[2].stats.depth = 0;
      sample->processed = i / 3;                          /* 33⅓ items/s */
      sample->process_cpu_ns = (gint64) i * 5000000;      /* half a core */
      for (guint s = 0; s < 3; s++)
        sample->stages[s].cpu_ns = (gint64) i * 1000000 * (s + 1);
      pl_chart_view_push_sample (view, sample);
    }

  history = pl_chart_view_get_history (view);
  g_assert_nonnull (history);
  g_assert_cmpuint (pl_history_get_n_gauges (history), ==, 3);
  g_assert_cmpuint (pl_history_get_n_counters (history), ==, PL_CHART_COUNTER_STAGE_CPU + 3);

  length = pl_history_get_length (history, PL_HISTORY_RECENT);
  g_assert_cmpuint (length, ==, 31);
  g_assert_true (pl_history_get_point (history, PL_HISTORY_RECENT, 0, &first));
  /* The last full slot holds samples 290 to 299; the newest, 300, opens
   * a slot of its own. */
  g_assert_true (pl_history_get_point (history, PL_HISTORY_RECENT, length - 2, &last));
  g_assert_cmpuint (last.n_samples, ==, 10);
  g_assert_cmpfloat (last.min[0], ==, 4);
  g_assert_cmpfloat (last.max[0], ==, 4);
  g_assert_cmpfloat (last.max[1], ==, 1);
  g_assert_cmpfloat (last.min[1], ==, 0);
  g_assert_cmpfloat (last.counters[PL_CHART_COUNTER_PROCESSED], ==, 299 / 3);
  g_assert_true (pl_history_get_point (history, PL_HISTORY_RECENT, length - 1, &last));
  g_assert_cmpuint (last.n_samples, ==, 1);
  g_assert_cmpfloat (last.counters[PL_CHART_COUNTER_PROCESSED], ==, 100);

  pl_test_assert_close (pl_chart_rate (&first, &last, PL_CHART_COUNTER_PROCESSED),
                (100.0 - first.counters[PL_CHART_COUNTER_PROCESSED]) / ((last.end_us - first.end_us) / 1e6),
                1e-12, "throughput");
  pl_test_assert_close (pl_chart_rate (&first, &last, PL_CHART_COUNTER_OTHER_CPU) / 1e9, 0.5, 1e-9, "the rest of the process");
  pl_test_assert_close (pl_chart_rate (&first, &last, PL_CHART_COUNTER_STAGE_CPU + 2) / 1e9, 0.3, 1e-9, "stage CPU");
  g_assert_cmpfloat (pl_chart_rate (&last, &last, PL_CHART_COUNTER_PROCESSED), ==, 0);

  pl_chart_view_reset (view);
  g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_RECENT), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&view));
}

static void
draw (GtkWidget *widget)
{
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  /* The widget's own drawing, not a frame it may not have had yet. */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
}

/* Both spans draw, empty and full, with no warning (they are fatal here). */

/* The shutdown lesson: the queues hold hundreds of items until Shut Down
 * Now empties them; the line ends moments later, its clock stopped. The
 * depth line must end at zero, not at the mean of its last slot. */
static void
test_chart_view_depth_ends_at_latest (void)
{
  g_autoptr(PlChartView) view = NULL;
  g_autoptr(PlSample) shut = NULL;
  g_autoptr(PlSample) finished = NULL;
  gint64 elapsed = 0;

  if (pl_test_skip_without_display ())
    return;

  view = g_object_ref_sink (PL_CHART_VIEW (pl_chart_view_new ()));
  for (elapsed = 0; elapsed <= 1050 * 1000; elapsed += 16667)
    {
      g_autoptr(PlSample) sample = pl_test_make_sample (3, elapsed);

      sample->queues[1].stats.depth = 800;
      pl_chart_view_push_sample (view, sample);
    }
  g_assert_cmpfloat (pl_chart_view_get_shown_depth (view, 1), ==, 800);

  shut = pl_test_make_sample (3, elapsed);
  shut->shut_down = TRUE;
  pl_chart_view_push_sample (view, shut);
  finished = pl_test_make_sample (3, elapsed + 2000);
  finished->shut_down = TRUE;
  finished->state = PL_PIPELINE_FINISHED;
  pl_chart_view_push_sample (view, finished);
  pl_chart_view_push_sample (view, finished);

  g_assert_cmpfloat (pl_chart_view_get_shown_depth (view, 1), ==, 0);
  g_assert_cmpfloat (pl_chart_view_get_shown_depth (view, 0), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&view));
}

static void
test_chart_view_draws (void)
{
  GtkWidget *window;
  GtkWidget *view;

  if (pl_test_skip_without_display ())
    return;

  window = gtk_window_new ();
  view = pl_chart_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 280);
  gtk_window_present (GTK_WINDOW (window));
  pl_test_wait_shown (view);

  draw (view);
  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(PlSample) sample = pl_test_make_sample (2, (gint64) i * SAMPLE_US);

      sample->queues[0].stats.depth = i % 9;
      sample->queues[0].stats.puts = i;
      sample->queues[0].waited = i;
      sample->queues[0].wait_us = (gint64) i * 3000;
      sample->queues[0].depth_area = i * 0.05;
      sample->processed = i / 2;
      pl_chart_view_push_sample (PL_CHART_VIEW (view), sample);
    }
  pl_chart_view_set_whole_run (PL_CHART_VIEW (view), FALSE);
  draw (view);
  pl_chart_view_set_whole_run (PL_CHART_VIEW (view), TRUE);
  g_assert_true (pl_chart_view_get_whole_run (PL_CHART_VIEW (view)));
  draw (view);
  gtk_widget_set_size_request (view, 500, 400);
  draw (view);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_memory_meter (void)
{
  g_autoptr(PlMemoryMeter) meter = NULL;
  g_autoptr(PlSample) sample = pl_test_make_sample (1, G_USEC_PER_SEC);
  GtkWidget *window;

  if (pl_test_skip_without_display ())
    return;

  meter = g_object_ref_sink (PL_MEMORY_METER (pl_memory_meter_new ()));
  sample->rss_bytes = 48 * 1024 * 1024;
  sample->held = 1234;
  sample->max_held = 200000;
  pl_memory_meter_push_sample (meter, sample);
  g_assert_cmpuint (pl_memory_meter_get_rss (meter), ==, 48 * 1024 * 1024);
  g_assert_cmpuint (pl_memory_meter_get_held (meter), ==, 1234);
  g_assert_cmpuint (pl_memory_meter_get_cap (meter), ==, 200000);
  g_assert_false (pl_memory_meter_get_capped (meter));

  sample->rss_bytes = 20 * 1024 * 1024;
  sample->held = 200000;
  sample->held_cap_reached = TRUE;
  pl_memory_meter_push_sample (meter, sample);
  g_assert_true (pl_memory_meter_get_capped (meter));
  g_assert_cmpuint (pl_memory_meter_get_rss (meter), ==, 20 * 1024 * 1024);
  g_assert_cmpuint (pl_memory_meter_get_peak_rss (meter), ==, 48 * 1024 * 1024);

  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (meter));
  gtk_window_present (GTK_WINDOW (window));
  pl_test_wait_shown (GTK_WIDGET (meter));
  draw (GTK_WIDGET (meter));
  gtk_window_set_child (GTK_WINDOW (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));

  pl_memory_meter_reset (meter);
  g_assert_false (pl_memory_meter_get_capped (meter));
  g_assert_cmpuint (pl_memory_meter_get_held (meter), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&meter));
}

int
main (int   argc,
      char *argv[])
{
  pl_test_init (&argc, &argv);

  g_test_add_func ("/pl/charts/records-samples", test_chart_view_records_samples);
  g_test_add_func ("/pl/charts/draws", test_chart_view_draws);
  g_test_add_func ("/pl/charts/depth-ends-at-latest", test_chart_view_depth_ends_at_latest);
  g_test_add_func ("/pl/memory-meter/shows-samples", test_memory_meter);

  return g_test_run ();
}
