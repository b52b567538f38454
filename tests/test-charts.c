/* test-charts.c: the history stays bounded and honest; Little's law adds up;
 * the charts and the memory meter show what the samples say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pl-chart-view.h"
#include "pl-history.h"
#include "pl-memory-meter.h"

#define WAIT_TIMEOUT_US (10 * G_USEC_PER_SEC)
#define SLOT_US         (100 * 1000)
#define SAMPLE_US       16667

static gboolean have_display;

static void
assert_close (gdouble      value,
              gdouble      expected,
              gdouble      tolerance,
              const gchar *what)
{
  if (fabs (value - expected) > tolerance * MAX (1.0, fabs (expected)))
    g_error ("%s: %.12g, expected %.12g", what, value, expected);
}

/* A day of samples at 60 Hz fits in the same few hundred points. */
static void
test_history_bounded (void)
{
  g_autoptr(PlHistory) history = pl_history_new (1, 1, SLOT_US, 60 * G_USEC_PER_SEC, 64);
  gsize recent_capacity = pl_history_get_capacity (history, PL_HISTORY_RECENT);
  gsize whole_capacity = pl_history_get_capacity (history, PL_HISTORY_WHOLE);
  gint64 bucket_before;
  gint64 t = 0;

  g_assert_cmpuint (recent_capacity, <=, 60 * G_USEC_PER_SEC / SLOT_US + 2);
  g_assert_cmpuint (whole_capacity, <=, 64 + 1);
  bucket_before = pl_history_get_bucket_us (history);

  for (guint64 i = 0; i < 24 * 3600 * 60; i++, t += SAMPLE_US)
    {
      gdouble gauge = (gdouble) (i % 97);
      gdouble counter = (gdouble) i;

      pl_history_add (history, t, &gauge, &counter);
      if (i % 100000 == 0)
        {
          g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_RECENT), <=, recent_capacity);
          g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_WHOLE), <=, whole_capacity);
        }
    }

  g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_RECENT), <=, recent_capacity);
  g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_WHOLE), <=, whole_capacity);
  g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_WHOLE), >=, 64 / 2);
  g_assert_cmpint (pl_history_get_bucket_us (history), >, bucket_before);
  g_assert_cmpuint (pl_history_get_capacity (history, PL_HISTORY_RECENT), ==, recent_capacity);
  g_assert_cmpuint (pl_history_get_capacity (history, PL_HISTORY_WHOLE), ==, whole_capacity);
}

/* Downsampling keeps a one-sample spike and dip, the time-weighted mean,
 * and the counters' exact values. */
static void
test_history_downsampling_is_honest (void)
{
  g_autoptr(PlHistory) history = pl_history_new (1, 1, SLOT_US, 60 * G_USEC_PER_SEC, 16);
  gdouble weighted_sum = 0, total_weight = 0, last_counter = 0;
  gdouble seen_min = G_MAXDOUBLE, seen_max = -G_MAXDOUBLE, mean_sum = 0, mean_weight = 0;
  gint64 t = 0, previous = 0;
  PlHistoryPoint point;
  guint length;
  GRand *rand = g_rand_new_with_seed (39);

  for (guint i = 0; i < 50000; i++)
    {
      gdouble gauge = g_rand_double_range (rand, 2.0, 8.0);
      gdouble counter = last_counter + g_rand_int_range (rand, 0, 3);

      /* Uneven sampling, as when the sampler coalesces. */
      t += g_rand_int_range (rand, 5000, 40000);
      if (i == 31337)
        gauge = 1000.0;
      if (i == 4242)
        gauge = -5.0;

      pl_history_add (history, t, &gauge, &counter);
      weighted_sum += gauge * (i == 0 ? 1.0 : (gdouble) (t - previous));
      total_weight += i == 0 ? 1.0 : (gdouble) (t - previous);
      previous = t;
      last_counter = counter;
    }
  g_rand_free (rand);

  length = pl_history_get_length (history, PL_HISTORY_WHOLE);
  g_assert_cmpuint (length, <=, 17);
  for (guint i = 0; i < length; i++)
    {
      gdouble weight;

      g_assert_true (pl_history_get_point (history, PL_HISTORY_WHOLE, i, &point));
      g_assert_cmpint (point.start_us, <=, point.end_us);
      seen_min = MIN (seen_min, point.min[0]);
      seen_max = MAX (seen_max, point.max[0]);
      g_assert_cmpfloat (point.min[0], <=, point.mean[0]);
      g_assert_cmpfloat (point.mean[0], <=, point.max[0]);
      weight = point.weight_us;
      mean_sum += point.mean[0] * weight;
      mean_weight += weight;
    }
  g_assert_false (pl_history_get_point (history, PL_HISTORY_WHOLE, length, &point));

  g_assert_cmpfloat (seen_max, ==, 1000.0);
  g_assert_cmpfloat (seen_min, ==, -5.0);
  assert_close (mean_sum / mean_weight, weighted_sum / total_weight, 1e-9, "whole-run mean");

  g_assert_true (pl_history_get_point (history, PL_HISTORY_WHOLE, length - 1, &point));
  g_assert_cmpfloat (point.counters[0], ==, last_counter);
  g_assert_cmpint (point.end_us, ==, t);
}

/* However often buckets are merged, their means weighted by their own
 * weights give back the exact time-weighted mean of every sample. */
static void
test_history_exact_mean (void)
{
  g_autoptr(PlHistory) history = pl_history_new (1, 0, SLOT_US, SLOT_US, 4);
  gdouble weighted_sum = 0, total_weight = 0;
  gdouble merged_sum = 0, merged_weight = 0;
  gint64 t = 0, previous = 0;
  guint n_samples = 0;

  for (guint i = 0; i < 200000; i++)
    {
      gdouble gauge = (i % 7) * 1.5 + (i % 13);
      gdouble weight;

      t += 1000 + (i % 5) * 3000;
      pl_history_add (history, t, &gauge, NULL);
      weight = i == 0 ? 1.0 : (gdouble) (t - previous);
      weighted_sum += gauge * weight;
      total_weight += weight;
      previous = t;
    }

  g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_WHOLE), <=, 5);
  for (guint i = 0; i < pl_history_get_length (history, PL_HISTORY_WHOLE); i++)
    {
      PlHistoryPoint point;

      g_assert_true (pl_history_get_point (history, PL_HISTORY_WHOLE, i, &point));
      merged_sum += point.mean[0] * point.weight_us;
      merged_weight += point.weight_us;
      n_samples += point.n_samples;
    }

  g_assert_cmpuint (n_samples, ==, 200000);
  assert_close (merged_weight, total_weight, 1e-12, "total weight");
  assert_close (merged_sum / merged_weight, weighted_sum / total_weight, 1e-9, "whole-run mean");
}

/* The recent span covers the last minute in equal, ordered slots. */
static void
test_history_recent_span (void)
{
  g_autoptr(PlHistory) history = pl_history_new (2, 1, SLOT_US, 60 * G_USEC_PER_SEC, 32);
  PlHistoryPoint point;
  gint64 t = 0, previous_end = -1;
  guint length;

  for (guint i = 0; i < 200 * 60; i++)
    {
      gdouble gauges[2] = { i % 5, 100 };
      gdouble counter = i;

      t = (gint64) i * SAMPLE_US;
      pl_history_add (history, t, gauges, &counter);
    }

  length = pl_history_get_length (history, PL_HISTORY_RECENT);
  g_assert_cmpuint (length, >=, 600);
  g_assert_true (pl_history_get_point (history, PL_HISTORY_RECENT, 0, &point));
  g_assert_cmpint (point.end_us, <=, t - 60 * G_USEC_PER_SEC);
  for (guint i = 0; i < length; i++)
    {
      g_assert_true (pl_history_get_point (history, PL_HISTORY_RECENT, i, &point));
      g_assert_cmpint (point.end_us, >, previous_end);
      g_assert_cmpint (point.end_us - point.start_us, <, SLOT_US);
      g_assert_cmpint (point.start_us / SLOT_US, ==, point.end_us / SLOT_US);
      g_assert_cmpfloat (point.mean[1], ==, 100);
      g_assert_cmpfloat (point.max[0], <=, 4);
      previous_end = point.end_us;
    }
  g_assert_cmpint (previous_end, ==, t);

  pl_history_clear (history);
  g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_RECENT), ==, 0);
  g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_WHOLE), ==, 0);
}

/* L = ∫depth/T and λW = (puts/T)·(Σwait/waited). */
static void
test_littles_law_arithmetic (void)
{
  PlQueueSample queue = { { 0, }, };
  PlLittlesLaw law;

  queue.depth_area = 20.0;              /* item·seconds */
  queue.stats.puts = 400;
  queue.waited = 400;
  queue.wait_us = 400 * 50000;          /* 50 ms each */

  g_assert_true (pl_littles_law_compute (&queue, 10 * G_USEC_PER_SEC, &law));
  assert_close (law.mean_depth, 2.0, 1e-12, "L");
  assert_close (law.arrival_rate, 40.0, 1e-12, "λ");
  assert_close (law.mean_wait_s, 0.05, 1e-12, "W");
  assert_close (law.rate_by_wait, 2.0, 1e-12, "λW");

  /* A backlog: items still waiting count in L but not yet in W. */
  queue.depth_area = 500.0;
  queue.waited = 100;
  queue.wait_us = 100 * 20000;
  g_assert_true (pl_littles_law_compute (&queue, 10 * G_USEC_PER_SEC, &law));
  assert_close (law.mean_depth, 50.0, 1e-12, "backlog L");
  assert_close (law.rate_by_wait, 40.0 * 0.02, 1e-12, "backlog λW");

  /* Nothing to say before time passes or an item leaves. */
  g_assert_false (pl_littles_law_compute (&queue, 0, &law));
  g_assert_cmpfloat (law.rate_by_wait, ==, 0);
  queue.waited = 0;
  g_assert_false (pl_littles_law_compute (&queue, G_USEC_PER_SEC, &law));
  g_assert_cmpfloat (law.mean_depth, ==, 0);
}

static PlSample *
make_sample (guint  n_stages,
             gint64 elapsed_us)
{
  PlSample *sample = pl_sample_new ();

  sample->elapsed_us = elapsed_us;
  sample->time_us = 1000 * G_USEC_PER_SEC + elapsed_us;
  sample->state = PL_PIPELINE_RUNNING;
  sample->mode = PL_MODE_BLOCKING;
  sample->n_stages = n_stages;
  sample->n_queues = n_stages + 1;
  for (guint s = 0; s < n_stages; s++)
    {
      g_snprintf (sample->stages[s].name, sizeof sample->stages[s].name, "stage%u", s);
      sample->stages[s].n_workers = 1;
    }

  return sample;
}

static gboolean
needs_display (void)
{
  if (!have_display)
    g_test_skip ("needs a display");
  return !have_display;
}

/* The chart view files every sample where its charts read it from. */
static void
test_chart_view_records_samples (void)
{
  g_autoptr(PlChartView) view = NULL;
  PlHistoryPoint first, last;
  PlHistory *history;
  guint length;

  if (needs_display ())
    return;

  view = g_object_ref_sink (PL_CHART_VIEW (pl_chart_view_new ()));
  g_assert_null (pl_chart_view_get_history (view));

  for (guint i = 0; i <= 300; i++)
    {
      g_autoptr(PlSample) sample = make_sample (3, (gint64) i * 10000);

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

  assert_close (pl_chart_rate (&first, &last, PL_CHART_COUNTER_PROCESSED),
                (100.0 - first.counters[PL_CHART_COUNTER_PROCESSED]) / ((last.end_us - first.end_us) / 1e6),
                1e-12, "throughput");
  assert_close (pl_chart_rate (&first, &last, PL_CHART_COUNTER_OTHER_CPU) / 1e9, 0.5, 1e-9, "the rest of the process");
  assert_close (pl_chart_rate (&first, &last, PL_CHART_COUNTER_STAGE_CPU + 2) / 1e9, 0.3, 1e-9, "stage CPU");
  g_assert_cmpfloat (pl_chart_rate (&last, &last, PL_CHART_COUNTER_PROCESSED), ==, 0);

  pl_chart_view_reset (view);
  g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_RECENT), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&view));
}

static void
wait_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s to be shown", G_OBJECT_TYPE_NAME (widget));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
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

  if (needs_display ())
    return;

  view = g_object_ref_sink (PL_CHART_VIEW (pl_chart_view_new ()));
  for (elapsed = 0; elapsed <= 1050 * 1000; elapsed += 16667)
    {
      g_autoptr(PlSample) sample = make_sample (3, elapsed);

      sample->queues[1].stats.depth = 800;
      pl_chart_view_push_sample (view, sample);
    }
  g_assert_cmpfloat (pl_chart_view_get_shown_depth (view, 1), ==, 800);

  shut = make_sample (3, elapsed);
  shut->shut_down = TRUE;
  pl_chart_view_push_sample (view, shut);
  finished = make_sample (3, elapsed + 2000);
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

  if (needs_display ())
    return;

  window = gtk_window_new ();
  view = pl_chart_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 280);
  gtk_window_present (GTK_WINDOW (window));
  wait_mapped (view);

  draw (view);
  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(PlSample) sample = make_sample (2, (gint64) i * SAMPLE_US);

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
  g_autoptr(PlSample) sample = make_sample (1, G_USEC_PER_SEC);
  GtkWidget *window;

  if (needs_display ())
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
  wait_mapped (GTK_WIDGET (meter));
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
  const gchar *x11 = g_getenv ("DISPLAY");
  const gchar *wayland = g_getenv ("WAYLAND_DISPLAY");

  have_display = (x11 != NULL && x11[0] != '\0') || (wayland != NULL && wayland[0] != '\0');
  if (have_display)
    gtk_test_init (&argc, &argv, NULL);
  else
    g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pl/history/bounded", test_history_bounded);
  g_test_add_func ("/pl/history/downsampling-is-honest", test_history_downsampling_is_honest);
  g_test_add_func ("/pl/history/exact-mean", test_history_exact_mean);
  g_test_add_func ("/pl/history/recent-span", test_history_recent_span);
  g_test_add_func ("/pl/littles-law/arithmetic", test_littles_law_arithmetic);
  g_test_add_func ("/pl/charts/records-samples", test_chart_view_records_samples);
  g_test_add_func ("/pl/charts/draws", test_chart_view_draws);
  g_test_add_func ("/pl/charts/depth-ends-at-latest", test_chart_view_depth_ends_at_latest);
  g_test_add_func ("/pl/memory-meter/shows-samples", test_memory_meter);

  return g_test_run ();
}
