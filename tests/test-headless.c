/* test-headless.c: a headless run is followed through its monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-headless.h"

/* A run that ends by itself, but is cut short if it does not. */
#define STOP_AFTER_S 60.0

typedef struct
{
  guint     ready;
  guint     samples;
  guint     events;
  gboolean  all_done;
  PlSample *last;
} Follower;

static void
follower_sample_cb (PlMonitor *monitor,
                    PlSample  *sample,
                    gpointer   user_data)
{
  Follower *follower = user_data;

  follower->samples++;
  g_clear_pointer (&follower->last, pl_sample_unref);
  follower->last = pl_sample_ref (sample);
}

static void
follower_event_cb (PlMonitor     *monitor,
                   const PlEvent *event,
                   gpointer       user_data)
{
  Follower *follower = user_data;

  follower->events++;
  if (event->kind == PL_EVENT_ALL_DONE)
    follower->all_done = TRUE;
}

static void
follower_ready_cb (PlMonitor *monitor,
                   gpointer   user_data)
{
  Follower *follower = user_data;

  g_assert_nonnull (pl_monitor_get_pipeline (monitor));
  follower->ready++;
  g_signal_connect (monitor, "sample", G_CALLBACK (follower_sample_cb), follower);
  g_signal_connect (monitor, "event", G_CALLBACK (follower_event_cb), follower);
}

static PlSample *
run_followed (Follower *follower,
              gboolean  sampling)
{
  g_autoptr(GError) error = NULL;
  PlHeadlessHooks hooks = { follower_ready_cb, follower, sampling };
  PlSample *sample;
  PlConfig config;
  gint caught = 0;

  pl_config_init_default (&config);
  g_assert_true (pl_config_apply_preset (&config, "blocking", &error));
  g_assert_no_error (error);
  config.items = 40;

  sample = pl_headless_run_pipeline_with_hooks (&config, &hooks, STOP_AFTER_S, -1.0,
                                                &caught, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sample);
  g_assert_cmpint (caught, ==, 0);

  return sample;
}

/* A follower asking for samples hears the sampler, every event, and, last,
 * the very sample the run returns. */
static void
test_headless_hooks_follow_the_run (void)
{
  g_autoptr(PlSample) sample = NULL;
  Follower follower = { 0 };

  sample = run_followed (&follower, TRUE);

  g_assert_cmpuint (follower.ready, ==, 1);
  g_assert_cmpuint (sample->processed, ==, 40);
  g_assert_true (follower.all_done);
  g_assert_cmpuint (follower.events, >, 1);
  /* The sampler's, then the runner's last. */
  g_assert_cmpuint (follower.samples, >, 1);
  g_assert_true (follower.last == sample);

  g_clear_pointer (&follower.last, pl_sample_unref);
}

/* The report asks for no samples: the sampler publishes none. Only the
 * line's own final snapshot and the run's last sample are emitted. Events
 * come all the same. */
static void
test_headless_hooks_no_samples_unless_asked (void)
{
  g_autoptr(PlSample) sample = NULL;
  Follower follower = { 0 };

  sample = run_followed (&follower, FALSE);

  g_assert_cmpuint (follower.ready, ==, 1);
  g_assert_true (follower.all_done);
  g_assert_cmpuint (follower.samples, ==, 2);
  g_assert_true (follower.last == sample);

  g_clear_pointer (&follower.last, pl_sample_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pl/headless/hooks-follow-the-run", test_headless_hooks_follow_the_run);
  g_test_add_func ("/pl/headless/no-samples-unless-asked", test_headless_hooks_no_samples_unless_asked);

  return g_test_run ();
}
