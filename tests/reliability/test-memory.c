/* test-memory.c: memory follows the items held, not the items processed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bounded line that processes millions of items holds at most a few
 * dozen at a time, so its resident memory must not grow with the count.
 * Delivered items used to stay in the done queue and their slabs were never
 * reused: 100 million items took 3.9 GB. Here the resident set is read
 * once the first million items are through and again at the end; between
 * the two it may grow by at most RSS_GROWTH_MAX_MIB, while keeping every
 * item would have cost 40 bytes each (32 MB per 800 000 items).
 */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "pl-pipeline.h"
#include "pl-sysinfo.h"

#define RSS_GROWTH_MAX_MIB 8
#define WAIT_S             600
#define POLL_US            (5 * 1000)

/* The sanitizer builds run several times slower: fewer items there, still
 * far more than the bound would allow if each were kept. */
static gboolean
sanitized (void)
{
  return g_getenv ("ASAN_OPTIONS") != NULL || g_getenv ("TSAN_OPTIONS") != NULL;
}

static void
test_bounded_run (void)
{
  g_autoptr(PlPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  guint64 first = sanitized () ? 200000 : 1000000;
  guint64 items = sanitized () ? 1000000 : 5000000;
  gint64 deadline = g_get_monotonic_time () + (gint64) WAIT_S * G_USEC_PER_SEC;
  gsize rss_first = 0;
  gsize rss_end;
  PlConfig config;

  memset (&config, 0, sizeof config);
  config.mode = PL_MODE_BLOCKING;
  config.items = items;
  config.n_stages = 2;
  for (guint s = 0; s < config.n_stages; s++)
    {
      g_snprintf (config.stages[s].name, PL_STAGE_NAME_LEN, "stage%u", s);
      config.stages[s].distribution = PL_DIST_FIXED;
      config.stages[s].workers = 1;
      config.capacities[s] = 64;
    }
  config.backoff_ms = 1.0;
  config.work = PL_WORK_SLEEP;
  config.seed = 3;
  config.auto_close = TRUE;

  pipeline = pl_pipeline_new (&config);
  pl_pipeline_set_sampling (pipeline, FALSE);
  g_assert_true (pl_pipeline_start (pipeline, &error));
  g_assert_no_error (error);

  while (!pl_pipeline_wait (pipeline, POLL_US))
    {
      if (rss_first == 0)
        {
          g_autoptr(PlSample) sample = pl_pipeline_sample (pipeline);

          if (sample->processed >= first)
            {
              rss_first = pl_sysinfo_rss_bytes ();
              g_test_message ("%" G_GUINT64_FORMAT " items through: %.1f MiB resident",
                              sample->processed, rss_first / 1048576.0);
            }
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("the run did not end within %d s", WAIT_S);
    }

  {
    g_autoptr(PlSample) sample = pl_pipeline_sample (pipeline);

    g_assert_cmpint (sample->ending, ==, PL_RUN_CLOSED);
    g_assert_cmpuint (sample->processed, ==, items);
    g_assert_cmpuint (sample->held, ==, 0);
    /* The done queue's count stays true: every item is in it. */
    g_assert_cmpuint (sample->queues[2].stats.depth, ==, items);
  }

  if (rss_first == 0)
    g_error ("the run ended before %" G_GUINT64_FORMAT " items were seen through", first);

  rss_end = pl_sysinfo_rss_bytes ();
  g_test_message ("%" G_GUINT64_FORMAT " items through: %.1f MiB resident",
                  items, rss_end / 1048576.0);
  if (rss_end > rss_first)
    g_assert_cmpuint (rss_end - rss_first, <=, (gsize) RSS_GROWTH_MAX_MIB * 1024 * 1024);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pl/memory/bounded-run-stays-flat", test_bounded_run);

  return g_test_run ();
}
