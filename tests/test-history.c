/* test-history.c: the charts' history stays bounded and honest, and
 * Little's law adds up; the scene library alone, no GTK and no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pl-history.h"
#include "pl-test-history.h"

#define SLOT_US   (100 * 1000)
#define SAMPLE_US 16667

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
  pl_test_assert_close (mean_sum / mean_weight, weighted_sum / total_weight, 1e-9, "whole-run mean");

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
  pl_test_assert_close (merged_weight, total_weight, 1e-12, "total weight");
  pl_test_assert_close (merged_sum / merged_weight, weighted_sum / total_weight, 1e-9, "whole-run mean");
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
  pl_test_assert_close (law.mean_depth, 2.0, 1e-12, "L");
  pl_test_assert_close (law.arrival_rate, 40.0, 1e-12, "λ");
  pl_test_assert_close (law.mean_wait_s, 0.05, 1e-12, "W");
  pl_test_assert_close (law.rate_by_wait, 2.0, 1e-12, "λW");

  /* A backlog: items still waiting count in L but not yet in W. */
  queue.depth_area = 500.0;
  queue.waited = 100;
  queue.wait_us = 100 * 20000;
  g_assert_true (pl_littles_law_compute (&queue, 10 * G_USEC_PER_SEC, &law));
  pl_test_assert_close (law.mean_depth, 50.0, 1e-12, "backlog L");
  pl_test_assert_close (law.rate_by_wait, 40.0 * 0.02, 1e-12, "backlog λW");

  /* Nothing to say before time passes or an item leaves. */
  g_assert_false (pl_littles_law_compute (&queue, 0, &law));
  g_assert_cmpfloat (law.rate_by_wait, ==, 0);
  queue.waited = 0;
  g_assert_false (pl_littles_law_compute (&queue, G_USEC_PER_SEC, &law));
  g_assert_cmpfloat (law.mean_depth, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pl/history/bounded", test_history_bounded);
  g_test_add_func ("/pl/history/downsampling-is-honest", test_history_downsampling_is_honest);
  g_test_add_func ("/pl/history/exact-mean", test_history_exact_mean);
  g_test_add_func ("/pl/history/recent-span", test_history_recent_span);
  g_test_add_func ("/pl/littles-law/arithmetic", test_littles_law_arithmetic);

  return g_test_run ();
}
