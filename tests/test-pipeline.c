/* test-pipeline.c: the engine's behaviour, end to end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every run here is small, and every wait has a bound: a broken engine
 * fails loudly instead of hanging. Nothing asserts how long anything took;
 * where time matters at all (the CPU comparison, the pause), the assertion
 * is a ratio or an equality between two observations.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "pl-delay.h"
#include "pl-item.h"
#include "pl-pipeline.h"
#include "pl-pipeline-private.h"
#include "pl-queue.h"
#include "pl-sample.h"

/* These tests take the delivered items out of the done queue to check that
 * each arrived exactly once, so the done queue keeps them here; the
 * recycling of delivered items has tests of its own. */
/* The one payload field an event's kind sets, to compare with a table. */
static gint
event_value (const PlEvent *event)
{
  switch (event->kind)
    {
    case PL_EVENT_QUEUE_CLOSED:
    case PL_EVENT_QUEUE_JOINED:
      return (gint) event->queue;

    case PL_EVENT_STAGE_FINISHED:
      return (gint) event->stage;

    case PL_EVENT_MODE_CHANGED:
      return (gint) event->mode;

    case PL_EVENT_WORKERS_CANCELLED:
    case PL_EVENT_LINGERING:
    case PL_EVENT_SHUT_DOWN:
      return (gint) event->count;

    default:
      return 0;
    }
}

static PlPipeline *
new_pipeline_keeping_done (const PlConfig *config)
{
  PlPipeline *pipeline = pl_pipeline_new (config);

  _pl_pipeline_set_keep_done (pipeline, TRUE);

  return pipeline;
}

#define WAIT_S        60
#define WAIT_US       ((gint64) WAIT_S * G_USEC_PER_SEC)
#define POLL_US       2000

typedef struct
{
  PlConfig    config;
  PlPipeline *pipeline;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  memset (fixture, 0, sizeof *fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->pipeline != NULL)
    {
      pl_pipeline_cancel (fixture->pipeline);
      g_assert_finalize_object (fixture->pipeline);
    }
}

/* A configuration built by hand: presets may change, these runs may not. */
static void
config_init (PlConfig *config,
             PlMode    mode,
             guint64   items,
             guint     n_stages)
{
  memset (config, 0, sizeof *config);
  config->mode = mode;
  config->items = items;
  config->n_stages = n_stages;
  for (guint s = 0; s < n_stages; s++)
    {
      g_snprintf (config->stages[s].name, PL_STAGE_NAME_LEN, "stage%u", s);
      config->stages[s].mean_ms = 0.0;
      config->stages[s].distribution = PL_DIST_FIXED;
      config->stages[s].workers = 1;
    }
  config->backoff_ms = 1.0;
  config->work = PL_WORK_SLEEP;
  config->seed = 7;
  config->auto_close = TRUE;
}

static void
start (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->pipeline = new_pipeline_keeping_done (&fixture->config);
  g_assert_nonnull (fixture->pipeline);
  g_assert_cmpint (pl_pipeline_get_state (fixture->pipeline), ==, PL_PIPELINE_READY);
  g_assert_true (pl_pipeline_start (fixture->pipeline, &error));
  g_assert_no_error (error);
}

static void dump_sample (const PlSample *sample);

static void
wait_end (Fixture *fixture)
{
  if (!pl_pipeline_wait (fixture->pipeline, WAIT_US))
    {
      g_autoptr(PlSample) sample = pl_pipeline_sample (fixture->pipeline);

      dump_sample (sample);
      g_error ("the pipeline did not end within %d s", WAIT_S);
    }
}

/* What a stuck run looked like, for the log of a failed test. */
static void
dump_sample (const PlSample *sample)
{
  g_printerr ("# state %d mode %d paused %d produced %" G_GUINT64_FORMAT
              " processed %" G_GUINT64_FORMAT "\n",
              sample->state, sample->mode, sample->paused,
              sample->produced, sample->processed);
  for (guint q = 0; q < sample->n_queues; q++)
    g_printerr ("#  queue %u: depth %u/%u unfinished %u puts %" G_GUINT64_FORMAT
                " gets %" G_GUINT64_FORMAT " closed %d joined %d\n",
                q, sample->queues[q].stats.depth, sample->queues[q].stats.capacity,
                sample->queues[q].stats.unfinished, sample->queues[q].stats.puts,
                sample->queues[q].stats.gets, sample->queues[q].closed,
                sample->queues[q].joined);
  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      g_printerr ("#  stage %u worker %u: %s done %" G_GUINT64_FORMAT " item %" G_GINT64_FORMAT "\n",
                  s, w, pl_worker_state_to_string (sample->stages[s].workers[w].state),
                  sample->stages[s].workers[w].work_done,
                  (gint64) sample->stages[s].workers[w].item);
}

typedef gboolean (*SampleCheck) (const PlSample *sample,
                                 gconstpointer   data);

/* Polls snapshots until @check holds; fails the test after the bound. */
static PlSample *
wait_for (PlPipeline    *pipeline,
          SampleCheck    check,
          gconstpointer  data,
          const gchar   *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  for (;;)
    {
      PlSample *sample = pl_pipeline_sample (pipeline);

      if (check (sample, data))
        return sample;

      if (g_get_monotonic_time () > deadline)
        {
          dump_sample (sample);
          g_error ("timed out after %d s waiting for %s", WAIT_S, what);
        }
      pl_sample_unref (sample);
      g_usleep (POLL_US);
    }
}

static gboolean
processed_at_least (const PlSample *sample,
                    gconstpointer   data)
{
  return sample->processed >= *(const guint64 *) data;
}

static void
wait_processed (PlPipeline *pipeline,
                guint64     count)
{
  g_autoptr(PlSample) sample = wait_for (pipeline, processed_at_least, &count,
                                         "items to arrive");
}

static void
drop_messages (PlPipeline *pipeline)
{
  GAsyncQueue *messages = _pl_pipeline_get_messages (pipeline);
  PlMessage *message;

  while ((message = g_async_queue_try_pop (messages)) != NULL)
    pl_message_free (message);
}

/*
 * Takes every item out of the done queue and checks that each sequence
 * number below @produced comes exactly once. With @fifo, they must also
 * arrive in the order they were fed. Returns how many there were.
 */
static guint64
drain_done (PlPipeline *pipeline,
            guint       n_stages,
            guint64     produced,
            gboolean    fifo)
{
  PlQueue *done = pl_pipeline_get_queue (pipeline, n_stages);
  g_autofree guint8 *seen = g_new0 (guint8, produced + 1);
  guint64 count = 0;
  guint64 next = 0;
  gpointer data;

  while (pl_queue_get (done, &data, 0) == PL_QUEUE_OK)
    {
      PlItem *item = data;

      g_assert_nonnull (item);
      g_assert_cmpuint (item->seq, <, produced);
      g_assert_cmpuint (seen[item->seq], ==, 0);
      g_assert_cmpuint (item->stage, ==, n_stages);
      /* A timed item is stamped all the way; others may carry no stamp. */
      if (item->timed)
        {
          g_assert_cmpint (item->born_us, >, 0);
          g_assert_cmpint (item->enqueued_us, >=, item->born_us);
        }
      if (item->seq % PL_TIMED_EVERY == 0)
        g_assert_true (item->timed);
      seen[item->seq] = 1;
      if (fifo)
        g_assert_cmpuint (item->seq, ==, next);
      next++;
      count++;
    }

  return count;
}

/* After a cancel: every item fed is in the done queue, in some queue, or in
 * a worker's hands, and in exactly one of those places. */
static void
account_for_items (PlPipeline *pipeline)
{
  g_autoptr(PlSample) sample = pl_pipeline_sample (pipeline);
  g_autofree guint8 *seen = g_new0 (guint8, sample->produced + 1);
  guint64 count = 0;

  for (guint q = 0; q < sample->n_queues; q++)
    {
      PlQueue *queue = pl_pipeline_get_queue (pipeline, q);
      gpointer data;
      PlQueueStatus status;

      while ((status = pl_queue_get (queue, &data, 0)) != PL_QUEUE_EMPTY)
        {
          PlItem *item = data;

          if (status == PL_QUEUE_CLOSED)
            continue;
          g_assert_cmpint (status, ==, PL_QUEUE_OK);
          g_assert_cmpuint (item->seq, <, sample->produced);
          g_assert_cmpuint (seen[item->seq], ==, 0);
          g_assert_cmpuint (item->stage, ==, q);
          seen[item->seq] = 1;
          count++;
        }
    }

  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      {
        const PlWorkerSample *worker = &sample->stages[s].workers[w];

        if (worker->item == G_MAXUINT64)
          continue;
        g_assert_cmpuint (worker->item, <, sample->produced);
        g_assert_cmpuint (seen[worker->item], ==, 0);
        seen[worker->item] = 1;
        count++;
      }

  g_assert_cmpuint (count, ==, sample->produced);
}

/* A watchdog: cancel has no assertion on its duration, but it must return. */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  gint     done;
} Watchdog;

static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *dog = data;
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  g_mutex_lock (&dog->lock);
  while (!g_atomic_int_get (&dog->done))
    {
      if (!g_cond_wait_until (&dog->cond, &dog->lock, deadline))
        g_error ("pl_pipeline_cancel did not return within %d s", WAIT_S);
    }
  g_mutex_unlock (&dog->lock);

  return NULL;
}

static void
cancel_under_watchdog (PlPipeline *pipeline)
{
  Watchdog dog = { 0 };
  GThread *thread;

  g_mutex_init (&dog.lock);
  g_cond_init (&dog.cond);
  thread = g_thread_new ("watchdog", watchdog_thread, &dog);

  pl_pipeline_cancel (pipeline);

  g_mutex_lock (&dog.lock);
  g_atomic_int_set (&dog.done, TRUE);
  g_cond_signal (&dog.cond);
  g_mutex_unlock (&dog.lock);
  g_thread_join (thread);
  g_mutex_clear (&dog.lock);
  g_cond_clear (&dog.cond);
}

static void
assert_all_workers (const PlSample *sample,
                    PlWorkerState   state)
{
  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      g_assert_cmpstr (pl_worker_state_to_string (sample->stages[s].workers[w].state), ==,
                       pl_worker_state_to_string (state));
}

/* Blocking mode: the seed's StoppableWorker pipeline. */
static void
test_blocking_end_to_end (Fixture       *fixture,
                          gconstpointer  data)
{
  const guint64 items = 2000;
  g_autoptr(PlSample) sample = NULL;

  config_init (&fixture->config, PL_MODE_BLOCKING, items, 3);
  start (fixture);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_FINISHED);
  g_assert_cmpuint (sample->produced, ==, items);
  g_assert_cmpuint (sample->processed, ==, items);
  g_assert_cmpuint (sample->workers_cancelled, ==, 0);
  g_assert_cmpuint (sample->coordinator_polls, ==, 0);
  assert_all_workers (sample, PL_WORKER_DONE);

  for (guint s = 0; s < sample->n_stages; s++)
    {
      const PlStageSample *stage = &sample->stages[s];
      const PlQueueSample *queue = &sample->queues[s];

      g_assert_true (stage->finished);
      g_assert_cmpuint (stage->work_done, ==, items);
      g_assert_cmpuint (stage->polls, ==, 0);
      g_assert_cmpuint (queue->stats.gets, ==, items);
      g_assert_cmpuint (queue->stats.puts, ==, items);
      g_assert_cmpuint (queue->stats.markers_taken, ==, stage->n_workers);
      g_assert_cmpuint (queue->stats.unfinished, ==, 0);
      g_assert_true (queue->closed);
      g_assert_true (queue->joined);
      /* No stage has a delay: the timed items' waits are measured, one
       * item in PL_TIMED_EVERY at least. */
      g_assert_cmpuint (queue->waited, >=, items / PL_TIMED_EVERY);
      g_assert_cmpuint (queue->waited, <=, items);
      g_assert_true (stage->workers[0].holds_marker);
    }

  /* One worker per stage keeps the order the producer fed. */
  g_assert_cmpuint (drain_done (fixture->pipeline, 3, items, TRUE), ==, items);
}

/* Several workers per stage, with real (small) delays of every kind. */
static void
test_blocking_pools (Fixture       *fixture,
                     gconstpointer  data)
{
  const guint64 items = 400;
  const guint workers[] = { 2, 3, 1 };
  const PlDistribution dists[] = { PL_DIST_UNIFORM, PL_DIST_EXPONENTIAL, PL_DIST_FIXED };
  g_autoptr(PlSample) sample = NULL;

  config_init (&fixture->config, PL_MODE_BLOCKING, items, 3);
  for (guint s = 0; s < 3; s++)
    {
      fixture->config.stages[s].workers = workers[s];
      fixture->config.stages[s].mean_ms = 0.2;
      fixture->config.stages[s].distribution = dists[s];
      fixture->config.capacities[s] = 4;
    }
  start (fixture);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_FINISHED);
  g_assert_cmpuint (sample->workers_cancelled, ==, 0);
  assert_all_workers (sample, PL_WORKER_DONE);
  for (guint s = 0; s < 3; s++)
    {
      g_assert_cmpuint (sample->stages[s].n_workers, ==, workers[s]);
      g_assert_cmpuint (sample->stages[s].work_done, ==, items);
      g_assert_cmpint (sample->stages[s].service_us, >, 0);
      g_assert_cmpuint (sample->queues[s].stats.markers_taken, ==, workers[s]);
      g_assert_cmpuint (sample->queues[s].stats.max_depth, <=, 4);
    }
  g_assert_cmpuint (drain_done (fixture->pipeline, 3, items, FALSE), ==, items);
}

/* Busy-wait mode: the seed's Worker, which only the program can stop. */
static void
test_busy_wait_end_to_end (Fixture       *fixture,
                           gconstpointer  data)
{
  const guint64 items = 500;
  g_autoptr(PlSample) sample = NULL;

  config_init (&fixture->config, PL_MODE_BUSY_WAIT, items, 2);
  fixture->config.stages[0].workers = 2;
  fixture->config.stages[1].workers = 3;
  fixture->config.stages[1].mean_ms = 0.1;
  start (fixture);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_FINISHED);
  g_assert_cmpuint (sample->processed, ==, items);
  g_assert_cmpuint (sample->workers_cancelled, ==, 5);
  g_assert_cmpuint (sample->coordinator_polls, >, 0);
  assert_all_workers (sample, PL_WORKER_CANCELLED);
  for (guint s = 0; s < 2; s++)
    {
      g_assert_cmpuint (sample->stages[s].work_done, ==, items);
      g_assert_cmpuint (sample->stages[s].polls, >=, items);
      g_assert_false (sample->queues[s].closed);
      g_assert_cmpuint (sample->queues[s].stats.markers_taken, ==, 0);
    }
  g_assert_cmpuint (drain_done (fixture->pipeline, 2, items, FALSE), ==, items);
}

/* The seed's first experiment: 1000 items through three empty stages, a
 * 10 ms nap after each empty poll. About one poll per item and stage. */
static void
test_busy_wait_seed_experiment (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(PlSample) sample = NULL;
  guint64 polls = 0;

  config_init (&fixture->config, PL_MODE_BUSY_WAIT, 1000, 3);
  fixture->config.backoff_ms = 10.0;
  start (fixture);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  for (guint s = 0; s < 3; s++)
    polls += sample->stages[s].polls;

  g_test_message ("1000 items after %" G_GUINT64_FORMAT " polls", polls);
  g_assert_cmpuint (sample->processed, ==, 1000);
  g_assert_cmpuint (polls, >=, 3000);
  g_assert_cmpuint (polls, <=, 3600);
}

/* A fast stage in front of a slow one: a bounded queue pushes back, an
 * unbounded one piles up. */
static void
test_backlog_versus_bounded (Fixture       *fixture,
                             gconstpointer  data)
{
  const guint64 items = 200;
  const guint capacity = GPOINTER_TO_UINT (data);
  g_autoptr(PlSample) sample = NULL;

  config_init (&fixture->config, PL_MODE_BLOCKING, items, 2);
  fixture->config.stages[1].mean_ms = 5.0;
  fixture->config.capacities[0] = capacity;
  fixture->config.capacities[1] = capacity;
  start (fixture);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpuint (sample->processed, ==, items);
  if (capacity > 0)
    {
      g_assert_cmpuint (sample->queues[1].stats.max_depth, <=, capacity);
      g_assert_cmpuint (sample->queues[1].stats.put_waits, >, 0);
      /* The integral of a depth that never passes the capacity. */
      g_assert_cmpfloat (sample->queues[1].depth_area, <=,
                         capacity * (gdouble) sample->elapsed_us / G_USEC_PER_SEC);
    }
  else
    {
      g_assert_cmpuint (sample->queues[1].stats.max_depth, >, items / 2);
      g_assert_cmpfloat (sample->queues[1].depth_area, >, 0.0);
    }
  g_assert_cmpuint (drain_done (fixture->pipeline, 2, items, TRUE), ==, items);
}

/* A worker starved behind a 15 ms stage, in each mode. What it costs in
 * CPU depends on the machine, so that is only logged (the idle benchmark
 * measures it); what it does is asserted: the blocked worker never asks,
 * the busy one with no back-off asks again and again for nothing. */
static PlSample *
run_starved (PlMode mode)
{
  PlConfig config;
  g_autoptr(GError) error = NULL;
  PlSample *sample;
  PlPipeline *pipeline;

  config_init (&config, mode, 20, 2);
  config.stages[0].mean_ms = 15.0;
  config.backoff_ms = 0.0;

  pipeline = new_pipeline_keeping_done (&config);
  g_assert_true (pl_pipeline_start (pipeline, &error));
  g_assert_no_error (error);
  if (!pl_pipeline_wait (pipeline, WAIT_US))
    g_error ("the pipeline did not end within %d s", WAIT_S);

  sample = pl_pipeline_sample (pipeline);
  g_assert_cmpuint (sample->processed, ==, 20);
  g_assert_cmpint (sample->stages[1].workers[0].cpu_ns, >=, 0);
  g_assert_cmpint (sample->process_cpu_ns, >, 0);
  g_assert_finalize_object (pipeline);

  return sample;
}

static void
test_starved_cpu (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PlSample) blocking = run_starved (PL_MODE_BLOCKING);
  g_autoptr(PlSample) busy = run_starved (PL_MODE_BUSY_WAIT);

  g_test_message ("starved worker CPU: blocking %" G_GINT64_FORMAT " ns, "
                  "busy-wait %" G_GINT64_FORMAT " ns; process CPU %" G_GINT64_FORMAT
                  " ns against %" G_GINT64_FORMAT " ns",
                  blocking->stages[1].workers[0].cpu_ns, busy->stages[1].workers[0].cpu_ns,
                  blocking->process_cpu_ns, busy->process_cpu_ns);

  /* Blocked in get: not one poll, one wait per item at most. */
  g_assert_cmpuint (blocking->stages[1].polls, ==, 0);
  g_assert_cmpuint (blocking->stages[1].empty_polls, ==, 0);
  g_assert_cmpuint (blocking->queues[1].stats.get_waits, <=, 20);

  /* Polling with no back-off: every empty poll is another turn of the
   * loop right away, so there are more of them than items by far. */
  g_assert_cmpuint (busy->stages[1].empty_polls, >, 20 * 20);
  g_assert_cmpuint (busy->stages[1].polls, ==, busy->stages[1].empty_polls + 20);
}

/* Everything that can change live, while items flow, and nothing lost. */
static void
test_live_changes (Fixture       *fixture,
                   gconstpointer  data)
{
  const guint64 items = 3000;
  g_autoptr(PlSample) sample = NULL;
  guint64 target = 0;
  guint64 produced;

  /* The same changes, starting from either design. */
  config_init (&fixture->config, GPOINTER_TO_INT (data), items, 3);
  fixture->config.auto_close = FALSE;
  for (guint s = 0; s < 3; s++)
    {
      fixture->config.stages[s].workers = 2;
      fixture->config.stages[s].mean_ms = 0.1;
      fixture->config.capacities[s] = 8;
    }
  start (fixture);

#define STEP(call) \
  G_STMT_START { \
    call; \
    target += 60; \
    wait_processed (fixture->pipeline, target); \
  } G_STMT_END

  for (guint q = 0; q < 3; q++)
    STEP (pl_pipeline_set_capacity (fixture->pipeline, q, 1));
  STEP (pl_pipeline_set_stage_delay (fixture->pipeline, 1, 0.3, PL_DIST_EXPONENTIAL));
  STEP (pl_pipeline_set_mode (fixture->pipeline, PL_MODE_BUSY_WAIT));
  STEP (pl_pipeline_set_stage_workers (fixture->pipeline, 1, 5));
  STEP (pl_pipeline_set_mode (fixture->pipeline, PL_MODE_BLOCKING));
  for (guint q = 0; q < 3; q++)
    STEP (pl_pipeline_set_capacity (fixture->pipeline, q, 64));
  STEP (pl_pipeline_set_stage_workers (fixture->pipeline, 1, 1));
  STEP (pl_pipeline_set_work_kind (fixture->pipeline, PL_WORK_SPIN));
  STEP (pl_pipeline_set_mode (fixture->pipeline, PL_MODE_BUSY_WAIT));
  STEP (pl_pipeline_set_backoff (fixture->pipeline, 0.0));
  STEP (pl_pipeline_set_stage_workers (fixture->pipeline, 0, 4));
  STEP (pl_pipeline_set_work_kind (fixture->pipeline, PL_WORK_SLEEP));
  STEP (pl_pipeline_set_stage_delay (fixture->pipeline, 1, 0.0, PL_DIST_FIXED));
  STEP (pl_pipeline_set_mode (fixture->pipeline, PL_MODE_BLOCKING));
  STEP (pl_pipeline_set_stage_workers (fixture->pipeline, 0, 1));
  STEP (pl_pipeline_set_stage_workers (fixture->pipeline, 2, 3));
  STEP (pl_pipeline_set_paused (fixture->pipeline, TRUE); pl_pipeline_set_paused (fixture->pipeline, FALSE));
  STEP (pl_pipeline_set_mode (fixture->pipeline, PL_MODE_BUSY_WAIT));
  STEP (pl_pipeline_set_mode (fixture->pipeline, PL_MODE_BLOCKING));
  STEP (pl_pipeline_set_capacity (fixture->pipeline, 1, 0));

#undef STEP

  {
    PlConfig live;

    pl_pipeline_get_config (fixture->pipeline, &live);
    g_assert_cmpint (live.mode, ==, PL_MODE_BLOCKING);
    g_assert_cmpuint (live.stages[0].workers, ==, 1);
    g_assert_cmpuint (live.stages[1].workers, ==, 1);
    g_assert_cmpuint (live.stages[2].workers, ==, 3);
    g_assert_cmpuint (live.capacities[0], ==, 64);
    g_assert_cmpuint (live.capacities[1], ==, 0);
    g_assert_cmpint (live.work, ==, PL_WORK_SLEEP);
  }

  pl_pipeline_close_input (fixture->pipeline);
  wait_end (fixture);
  drop_messages (fixture->pipeline);

  sample = pl_pipeline_sample (fixture->pipeline);
  produced = sample->produced;
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_FINISHED);
  g_assert_cmpuint (produced, >=, target);
  g_assert_cmpuint (sample->processed, ==, produced);
  assert_all_workers (sample, PL_WORKER_DONE);
  for (guint s = 0; s < 3; s++)
    {
      /* Retired workers' work stays in the sums. */
      g_assert_cmpuint (sample->stages[s].work_done, ==, produced);
      g_assert_cmpuint (sample->queues[s].stats.gets, ==, produced);
      g_assert_cmpuint (sample->queues[s].stats.markers_taken, ==, sample->stages[s].n_workers);
      g_assert_true (sample->stages[s].finished);
    }
  g_assert_cmpuint (drain_done (fixture->pipeline, 3, produced, FALSE), ==, produced);
}

typedef struct
{
  guint          stage;
  PlWorkerState  state;
  guint          count;   /* at least this many workers of the stage */
} StateWanted;

static gboolean
stage_in_state (const PlSample *sample,
                gconstpointer   data)
{
  const StateWanted *wanted = data;
  const PlStageSample *stage = &sample->stages[wanted->stage];
  guint n = 0;

  for (guint w = 0; w < stage->n_workers; w++)
    n += stage->workers[w].state == wanted->state;

  return n >= wanted->count;
}

static gboolean
queues_full (const PlSample *sample,
             gconstpointer   data)
{
  for (guint q = 0; q + 1 < sample->n_queues; q++)
    {
      if (sample->queues[q].stats.depth < sample->queues[q].stats.capacity)
        return FALSE;
    }

  /* Then nothing moves for as long as the last stage sleeps: the producer
   * and the first two workers are stuck putting, each holding an item. */
  return sample->queues[0].stats.putters_waiting > 0
         && sample->stages[0].workers[0].state == PL_WORKER_WAITING_PUT
         && sample->stages[1].workers[0].state == PL_WORKER_WAITING_PUT
         && sample->stages[2].workers[0].state == PL_WORKER_WORKING;
}

static void
test_cancel_blocked_puts (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PlSample) sample = NULL;

  config_init (&fixture->config, PL_MODE_BLOCKING, 100, 3);
  fixture->config.stages[2].mean_ms = 10000.0;
  for (guint q = 0; q < 3; q++)
    fixture->config.capacities[q] = 2;
  start (fixture);

  sample = wait_for (fixture->pipeline, queues_full, NULL, "the queues to fill");
  g_clear_pointer (&sample, pl_sample_unref);

  cancel_under_watchdog (fixture->pipeline);

  g_assert_cmpint (pl_pipeline_get_state (fixture->pipeline), ==, PL_PIPELINE_CANCELLED);
  g_assert_true (pl_pipeline_wait (fixture->pipeline, 0));
  sample = pl_pipeline_sample (fixture->pipeline);
  assert_all_workers (sample, PL_WORKER_CANCELLED);
  /* The workers of stages 0 and 1 were stopped holding an item each. */
  for (guint s = 0; s < 3; s++)
    g_assert_cmpuint (sample->stages[s].workers[0].item, !=, G_MAXUINT64);
  account_for_items (fixture->pipeline);

  /* Idempotent. */
  pl_pipeline_cancel (fixture->pipeline);
  g_assert_cmpint (pl_pipeline_get_state (fixture->pipeline), ==, PL_PIPELINE_CANCELLED);
}

static void
test_cancel_blocked_gets (Fixture       *fixture,
                          gconstpointer  data)
{
  PlMode mode = GPOINTER_TO_INT (data);
  g_autoptr(PlSample) sample = NULL;
  StateWanted working = { 0, PL_WORKER_WORKING, 1 };
  StateWanted starved = {
    1, mode == PL_MODE_BLOCKING ? PL_WORKER_WAITING_GET : PL_WORKER_BACKOFF, 4
  };

  config_init (&fixture->config, mode, 5, 2);
  fixture->config.stages[0].mean_ms = 10000.0;
  fixture->config.stages[1].workers = 4;
  /* Busy-waiting workers then nap for a whole second after each poll. */
  fixture->config.backoff_ms = 1000.0;
  start (fixture);

  sample = wait_for (fixture->pipeline, stage_in_state, &working, "the slow worker");
  g_clear_pointer (&sample, pl_sample_unref);
  sample = wait_for (fixture->pipeline, stage_in_state, &starved, "the starved workers");
  g_clear_pointer (&sample, pl_sample_unref);

  cancel_under_watchdog (fixture->pipeline);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_CANCELLED);
  assert_all_workers (sample, PL_WORKER_CANCELLED);
  g_assert_cmpuint (sample->stages[1].work_done, ==, 0);
  g_assert_cmpuint (sample->stages[0].workers[0].item, ==, 0);
  account_for_items (fixture->pipeline);
}

static void
test_cancel_long_sleeps (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PlSample) sample = NULL;
  StateWanted working = { 0, PL_WORKER_WORKING, 4 };

  config_init (&fixture->config, PL_MODE_BLOCKING, 20, 1);
  fixture->config.stages[0].mean_ms = 10000.0;
  fixture->config.stages[0].workers = 4;
  fixture->config.work = GPOINTER_TO_INT (data);
  start (fixture);

  sample = wait_for (fixture->pipeline, stage_in_state, &working, "four sleeping workers");
  g_clear_pointer (&sample, pl_sample_unref);

  cancel_under_watchdog (fixture->pipeline);

  sample = pl_pipeline_sample (fixture->pipeline);
  assert_all_workers (sample, PL_WORKER_CANCELLED);
  for (guint w = 0; w < 4; w++)
    g_assert_cmpuint (sample->stages[0].workers[w].item, <, 20);
  g_assert_cmpuint (sample->processed, ==, 0);
  account_for_items (fixture->pipeline);
}

static gboolean
all_parked (const PlSample *sample,
            gconstpointer   data)
{
  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      {
        if (sample->stages[s].workers[w].state != PL_WORKER_PAUSED)
          return FALSE;
      }

  return TRUE;
}

static void
test_pause (Fixture       *fixture,
            gconstpointer  data)
{
  const guint64 items = 1500;
  g_autoptr(PlSample) before = NULL;
  g_autoptr(PlSample) after = NULL;
  g_autoptr(PlSample) sample = NULL;
  guint64 more;

  config_init (&fixture->config, GPOINTER_TO_INT (data), items, 2);
  for (guint s = 0; s < 2; s++)
    {
      fixture->config.stages[s].workers = 2;
      fixture->config.stages[s].mean_ms = 1.0;
      fixture->config.capacities[s] = 4;
    }
  start (fixture);
  wait_processed (fixture->pipeline, 50);

  pl_pipeline_set_paused (fixture->pipeline, TRUE);
  g_assert_true (pl_pipeline_get_paused (fixture->pipeline));
  before = wait_for (fixture->pipeline, all_parked, NULL, "every worker to park");
  g_assert_true (before->paused);

  g_usleep (150 * 1000);
  after = pl_pipeline_sample (fixture->pipeline);
  g_assert_true (all_parked (after, NULL));
  g_assert_cmpuint (after->produced, ==, before->produced);
  g_assert_cmpuint (after->processed, ==, before->processed);
  for (guint s = 0; s < 2; s++)
    for (guint w = 0; w < 2; w++)
      g_assert_cmpuint (after->stages[s].workers[w].work_done, ==,
                        before->stages[s].workers[w].work_done);
  g_assert_cmpint (after->elapsed_us, >, before->elapsed_us);

  pl_pipeline_set_paused (fixture->pipeline, FALSE);
  g_assert_false (pl_pipeline_get_paused (fixture->pipeline));
  more = before->processed + 50;
  wait_processed (fixture->pipeline, more);

  wait_end (fixture);
  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpuint (sample->processed, ==, items);
  g_assert_cmpuint (drain_done (fixture->pipeline, 2, items, FALSE), ==, items);

  /* Both changes were reported, in order. */
  {
    GAsyncQueue *messages = _pl_pipeline_get_messages (fixture->pipeline);
    PlMessage *message;
    guint step = 0;

    while ((message = g_async_queue_try_pop (messages)) != NULL)
      {
        if (message->kind == PL_MESSAGE_EVENT
            && message->event.kind == (step == 0 ? PL_EVENT_PAUSED : PL_EVENT_RESUMED))
          step++;
        pl_message_free (message);
      }
    g_assert_cmpuint (step, ==, 2);
  }
}

/* With sampling off, only events and the closing snapshot are published. */
static void
test_sampling_off (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GAsyncQueue *messages;
  PlMessage *message;
  guint samples = 0;
  gboolean all_done = FALSE;

  config_init (&fixture->config, PL_MODE_BLOCKING, 100, 1);
  fixture->config.stages[0].mean_ms = 1.0;
  fixture->pipeline = new_pipeline_keeping_done (&fixture->config);
  pl_pipeline_set_sampling (fixture->pipeline, FALSE);
  g_assert_true (pl_pipeline_start (fixture->pipeline, &error));
  g_assert_no_error (error);
  wait_end (fixture);

  messages = _pl_pipeline_get_messages (fixture->pipeline);
  while ((message = g_async_queue_try_pop (messages)) != NULL)
    {
      if (message->kind == PL_MESSAGE_SAMPLE)
        {
          samples++;
          g_assert_cmpint (message->sample->state, ==, PL_PIPELINE_FINISHED);
        }
      else if (message->event.kind == PL_EVENT_ALL_DONE)
        {
          all_done = TRUE;
        }
      pl_message_free (message);
    }
  g_assert_cmpuint (samples, ==, 1);
  g_assert_true (all_done);
}

static gboolean
produced_all (const PlSample *sample,
              gconstpointer   data)
{
  return sample->produced == sample->items;
}

/* The message queue never grows while nobody reads it, and carries every
 * event in order. */
static void
test_messages (Fixture       *fixture,
               gconstpointer  data)
{
  GAsyncQueue *messages;
  PlMessage *message;
  const PlEventKind expected[] = {
    PL_EVENT_STARTED, PL_EVENT_INPUT_FED,
    PL_EVENT_QUEUE_CLOSED, PL_EVENT_QUEUE_JOINED, PL_EVENT_STAGE_FINISHED,
    PL_EVENT_QUEUE_CLOSED, PL_EVENT_QUEUE_JOINED, PL_EVENT_STAGE_FINISHED,
    PL_EVENT_ALL_DONE,
  };
  const gint expected_index[] = { 0, 0, 0, 0, 0, 1, 1, 1, 0 };
  guint n_events = 0;
  guint64 last_serial = 0;
  gboolean last_was_finished_sample = FALSE;
  gint64 deadline;

  config_init (&fixture->config, PL_MODE_BLOCKING, 200, 2);
  fixture->config.auto_close = FALSE;
  fixture->config.stages[0].mean_ms = 1.0;
  start (fixture);
  messages = _pl_pipeline_get_messages (fixture->pipeline);

  /* Enough time for several times the bound in samples to be offered. */
  deadline = g_get_monotonic_time () + WAIT_US;
  while (g_async_queue_length (messages) < 8)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("no samples were published within %d s", WAIT_S);
      g_usleep (POLL_US);
    }
  for (guint i = 0; i < 20; i++)
    {
      g_assert_cmpint (g_async_queue_length (messages), <=, 8 + 2);
      g_usleep (16667);
    }

  /* The whole input is fed before the close, so INPUT_FED comes first. */
  {
    g_autoptr(PlSample) fed = wait_for (fixture->pipeline, produced_all, NULL,
                                        "the producer to feed everything");
  }
  pl_pipeline_close_input (fixture->pipeline);
  wait_end (fixture);

  while ((message = g_async_queue_try_pop (messages)) != NULL)
    {
      if (message->kind == PL_MESSAGE_EVENT)
        {
          g_assert_cmpuint (n_events, <, G_N_ELEMENTS (expected));
          g_assert_cmpstr (pl_event_kind_to_string (message->event.kind), ==,
                           pl_event_kind_to_string (expected[n_events]));
          g_assert_cmpint (event_value (&message->event), ==, expected_index[n_events]);
          n_events++;
          if (message->event.kind == PL_EVENT_ALL_DONE)
            g_assert_true (last_was_finished_sample);
          last_was_finished_sample = FALSE;
        }
      else
        {
          g_assert_cmpint (message->kind, ==, PL_MESSAGE_SAMPLE);
          g_assert_nonnull (message->sample);
          g_assert_cmpuint (message->sample->serial, >, last_serial);
          last_serial = message->sample->serial;
          last_was_finished_sample = message->sample->state == PL_PIPELINE_FINISHED;
          if (last_was_finished_sample)
            g_assert_cmpuint (message->sample->processed, ==, 200);
        }
      pl_message_free (message);
    }

  g_assert_cmpuint (n_events, ==, G_N_ELEMENTS (expected));
}

static gboolean
polls_rose (const PlSample *sample,
            gconstpointer   data)
{
  return sample->stages[1].workers[0].polls >= 5;
}

static void
test_mode_switch (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(PlSample) later = NULL;
  StateWanted waiting = { 1, PL_WORKER_WAITING_GET, 1 };
  guint64 polls;

  config_init (&fixture->config, PL_MODE_BLOCKING, 40, 2);
  fixture->config.stages[0].mean_ms = 20.0;
  fixture->config.backoff_ms = 1.0;
  /* Closed by hand below, so that the close runs in blocking mode. */
  fixture->config.auto_close = FALSE;
  start (fixture);

  sample = wait_for (fixture->pipeline, stage_in_state, &waiting, "a starved worker");
  g_assert_cmpuint (sample->stages[1].workers[0].polls, ==, 0);
  g_clear_pointer (&sample, pl_sample_unref);

  pl_pipeline_set_mode (fixture->pipeline, PL_MODE_BUSY_WAIT);
  sample = wait_for (fixture->pipeline, polls_rose, NULL, "the starved worker to poll");
  g_assert_cmpint (sample->mode, ==, PL_MODE_BUSY_WAIT);
  g_assert_cmpuint (sample->stages[1].workers[0].empty_polls, >, 0);
  g_clear_pointer (&sample, pl_sample_unref);

  pl_pipeline_set_mode (fixture->pipeline, PL_MODE_BLOCKING);
  sample = wait_for (fixture->pipeline, stage_in_state, &waiting, "the worker to block again");
  polls = sample->stages[1].workers[0].polls;
  /* Blocked in get, it asks nothing more however long the wait. */
  g_usleep (100 * 1000);
  later = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpuint (later->stages[1].workers[0].polls, ==, polls);

  pl_pipeline_close_input (fixture->pipeline);
  wait_end (fixture);
  g_clear_pointer (&sample, pl_sample_unref);
  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_FINISHED);
  assert_all_workers (sample, PL_WORKER_DONE);
  g_assert_cmpuint (drain_done (fixture->pipeline, 2, 40, TRUE), ==, 40);
}

static gboolean
coordinator_polled (const PlSample *sample,
                    gconstpointer   data)
{
  return sample->coordinator_polls > 0;
}

/* Flipped to blocking while the main thread polls the done queue at the
 * end of a busy-wait run, the main thread waits on joins instead, as a
 * blocking program's would: its poll count stops, and so does its cost. */
static void
test_mode_switch_while_closing (Fixture       *fixture,
                                gconstpointer  data)
{
  const guint64 items = 60;
  g_autoptr(PlSample) sample = NULL;
  guint64 polls;

  config_init (&fixture->config, PL_MODE_BUSY_WAIT, items, 2);
  fixture->config.stages[0].mean_ms = 10.0;
  /* No nap between polls: a main thread that kept polling would show at
   * once. */
  fixture->config.backoff_ms = 0.0;
  start (fixture);

  sample = wait_for (fixture->pipeline, coordinator_polled, NULL, "the main thread to poll");
  g_clear_pointer (&sample, pl_sample_unref);
  pl_pipeline_set_mode (fixture->pipeline, PL_MODE_BLOCKING);

  wait_processed (fixture->pipeline, items / 3);
  sample = pl_pipeline_sample (fixture->pipeline);
  polls = sample->coordinator_polls;
  g_clear_pointer (&sample, pl_sample_unref);

  wait_processed (fixture->pipeline, 2 * items / 3);
  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpuint (sample->coordinator_polls, ==, polls);
  g_clear_pointer (&sample, pl_sample_unref);

  wait_end (fixture);
  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_FINISHED);
  g_assert_cmpuint (sample->processed, ==, items);
}

static guint count_events (PlPipeline  *pipeline,
                           PlEventKind  kind,
                           gint        *index);

/* The safety cap stops the producer for good; what was fed still finishes. */
static void
test_held_cap (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PlSample) sample = NULL;

  config_init (&fixture->config, PL_MODE_BLOCKING, 1000, 2);
  fixture->config.stages[1].mean_ms = 1.0;
  fixture->config.max_held = 20;
  start (fixture);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_FINISHED);
  g_assert_true (sample->held_cap_reached);
  g_assert_cmpuint (sample->produced, <, 1000);
  g_assert_cmpuint (sample->produced, >=, 20);
  g_assert_cmpuint (sample->processed, ==, sample->produced);
  g_assert_cmpuint (sample->max_held, ==, 20);
  g_assert_cmpuint (sample->held, ==, 0);
  g_assert_cmpint (sample->ending, ==, PL_RUN_CAPPED);
  g_assert_cmpuint (count_events (fixture->pipeline, PL_EVENT_HELD_CAP, NULL), ==, 1);
  g_assert_cmpuint (drain_done (fixture->pipeline, 2, sample->produced, TRUE), ==,
                    sample->produced);
}

/* More items fed after the producer caught up, then closed by hand. */
static void
test_set_items (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PlSample) sample = NULL;

  config_init (&fixture->config, PL_MODE_BLOCKING, 50, 1);
  fixture->config.auto_close = FALSE;
  start (fixture);
  wait_processed (fixture->pipeline, 50);

  pl_pipeline_set_items (fixture->pipeline, 10);   /* never below what was fed */
  pl_pipeline_set_items (fixture->pipeline, 120);
  wait_processed (fixture->pipeline, 120);
  pl_pipeline_close_input (fixture->pipeline);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpuint (sample->items, ==, 120);
  g_assert_cmpuint (sample->produced, ==, 120);
  g_assert_cmpuint (drain_done (fixture->pipeline, 1, 120, TRUE), ==, 120);
}

/* Cancelling a pipeline that never started, and starting it twice. */
static void
test_lifecycle (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSample) sample = NULL;

  config_init (&fixture->config, PL_MODE_BLOCKING, 10, 2);
  start (fixture);
  g_assert_false (pl_pipeline_start (fixture->pipeline, &error));
  g_assert_error (error, PL_PIPELINE_ERROR, PL_PIPELINE_ERROR_STARTED);
  wait_end (fixture);
  g_assert_cmpint (pl_pipeline_get_state (fixture->pipeline), ==, PL_PIPELINE_FINISHED);

  /* Cancel after the end changes nothing. */
  pl_pipeline_cancel (fixture->pipeline);
  g_assert_cmpint (pl_pipeline_get_state (fixture->pipeline), ==, PL_PIPELINE_FINISHED);
  g_assert_finalize_object (g_steal_pointer (&fixture->pipeline));

  fixture->pipeline = new_pipeline_keeping_done (&fixture->config);
  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_READY);
  g_assert_cmpuint (sample->stages[0].n_workers, ==, 1);
  g_assert_cmpint (sample->stages[0].workers[0].state, ==, PL_WORKER_IDLE);
  g_assert_cmpint (sample->elapsed_us, ==, 0);
  pl_pipeline_cancel (fixture->pipeline);
  g_assert_cmpint (pl_pipeline_get_state (fixture->pipeline), ==, PL_PIPELINE_CANCELLED);
  g_assert_true (pl_pipeline_wait (fixture->pipeline, 0));

  /* An invalid configuration is refused at start, with the reason. */
  g_clear_object (&fixture->pipeline);
  g_clear_error (&error);
  fixture->config.stages[0].mean_ms = -1.0;
  fixture->pipeline = new_pipeline_keeping_done (&fixture->config);
  g_assert_false (pl_pipeline_start (fixture->pipeline, &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID);
}

/* Immediate shutdown of the whole line */

enum {
  SHUTDOWN_BLOCKING,
  SHUTDOWN_BUSY_WAIT,
  SHUTDOWN_PAUSED,
};

static gpointer
shutdown_thread (gpointer data)
{
  pl_pipeline_shutdown_now (data);

  return NULL;
}

/* Pops every message; returns how many events of @kind there were, with
 * the index of the last one in *index. */
static guint
count_events (PlPipeline  *pipeline,
              PlEventKind  kind,
              gint        *index)
{
  GAsyncQueue *messages = _pl_pipeline_get_messages (pipeline);
  PlMessage *message;
  guint count = 0;

  while ((message = g_async_queue_try_pop (messages)) != NULL)
    {
      if (message->kind == PL_MESSAGE_EVENT && message->event.kind == kind)
        {
          count++;
          if (index != NULL)
            *index = event_value (&message->event);
        }
      pl_message_free (message);
    }

  return count;
}

static void
test_shutdown_now (Fixture       *fixture,
                   gconstpointer  data)
{
  gint variant = GPOINTER_TO_INT (data);
  g_autoptr(PlSample) sample = NULL;
  GThread *other;
  guint64 in_hands = 0;
  gint dropped_event = -1;

  config_init (&fixture->config,
               variant == SHUTDOWN_BUSY_WAIT ? PL_MODE_BUSY_WAIT : PL_MODE_BLOCKING,
               2000, 3);
  fixture->config.stages[0].mean_ms = 0.2;
  fixture->config.stages[1].mean_ms = 5.0;
  fixture->config.stages[1].workers = 2;
  start (fixture);
  wait_processed (fixture->pipeline, 20);

  if (variant == SHUTDOWN_PAUSED)
    {
      pl_pipeline_set_paused (fixture->pipeline, TRUE);
      sample = wait_for (fixture->pipeline, all_parked, NULL, "every worker to park");
      g_clear_pointer (&sample, pl_sample_unref);
    }

  /* Safe from any thread, and more than once. */
  other = g_thread_new ("shutdown", shutdown_thread, fixture->pipeline);
  pl_pipeline_shutdown_now (fixture->pipeline);
  g_thread_join (other);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_FINISHED);
  g_assert_true (sample->shut_down);
  g_assert_cmpuint (sample->workers_cancelled, ==, 0);
  assert_all_workers (sample, PL_WORKER_DONE);
  g_assert_cmpuint (sample->processed, <, sample->produced);
  g_assert_cmpuint (sample->dropped, >, 0);

  /* Every item fed is delivered or dropped: a worker that had one in hand
   * finished it, and its put was refused. */
  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      in_hands += sample->stages[s].workers[w].item != G_MAXUINT64;
  g_assert_cmpuint (in_hands, ==, 0);
  g_assert_cmpuint (sample->in_hand, ==, 0);
  g_assert_cmpuint (sample->held, ==, 0);
  g_assert_cmpuint (sample->processed + sample->dropped, ==, sample->produced);
  g_assert_cmpint (sample->ending, ==, PL_RUN_SHUT_DOWN);
  for (guint q = 0; q < sample->n_stages; q++)
    {
      g_assert_true (sample->queues[q].stats.is_immediate);
      g_assert_cmpuint (sample->queues[q].stats.depth, ==, 0);
    }
  /* The done queue is shut down too, keeping what was delivered. */
  g_assert_true (sample->queues[sample->n_stages].stats.is_shutdown);
  g_assert_false (sample->queues[sample->n_stages].stats.is_immediate);
  g_assert_cmpuint (drain_done (fixture->pipeline, 3, sample->produced, FALSE), ==,
                    sample->processed);

  /* One event, counting what was dropped; later calls change nothing. */
  pl_pipeline_shutdown_now (fixture->pipeline);
  g_assert_cmpuint (count_events (fixture->pipeline, PL_EVENT_SHUT_DOWN, &dropped_event), ==, 1);
  /* The event counts what the queues held; puts refused afterwards, as
   * workers finish their items, add to the total. */
  g_assert_cmpint (dropped_event, >, 0);
  g_assert_cmpint (dropped_event, <=, (gint) sample->dropped);
  g_assert_cmpint (pl_pipeline_get_state (fixture->pipeline), ==, PL_PIPELINE_FINISHED);
}

static gboolean
first_worker_working (const PlSample *sample,
                      gconstpointer   data)
{
  guint stage = GPOINTER_TO_UINT (data);

  return sample->stages[stage].workers[0].state == PL_WORKER_WORKING;
}

/* Python cannot interrupt a worker in the middle of its work: it finishes
 * the item, its put is refused, and the item counts as dropped. Nothing
 * reaches the done queue once the line is shut down. */
static void
test_shutdown_now_mid_item (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PlSample) working = NULL;
  g_autoptr(PlSample) at_shutdown = NULL;
  g_autoptr(PlSample) sample = NULL;

  config_init (&fixture->config, PL_MODE_BLOCKING, 5, 1);
  fixture->config.stages[0].mean_ms = 400.0;
  fixture->config.capacities[0] = 1;
  start (fixture);
  working = wait_for (fixture->pipeline, first_worker_working, NULL,
                      "the worker to start on an item");

  pl_pipeline_shutdown_now (fixture->pipeline);
  at_shutdown = pl_pipeline_sample (fixture->pipeline);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_FINISHED);
  g_assert_cmpint (sample->ending, ==, PL_RUN_SHUT_DOWN);
  g_assert_cmpuint (sample->processed, ==, at_shutdown->processed);
  g_assert_cmpuint (sample->queues[1].stats.puts, ==, at_shutdown->queues[1].stats.puts);
  /* The refused put is counted where it was refused. */
  g_assert_cmpuint (sample->queues[1].stats.dropped, ==, 1);
  g_assert_cmpuint (sample->stages[0].workers[0].item, ==, G_MAXUINT64);
  g_assert_cmpint (sample->stages[0].workers[0].state, ==, PL_WORKER_DONE);
  g_assert_cmpuint (sample->in_hand, ==, 0);
  g_assert_cmpuint (sample->held, ==, 0);
  g_assert_cmpuint (sample->processed + sample->dropped + sample->held, ==, sample->produced);
}

/* A run has one ending: the first of a shutdown and a stop names it. */
static void
test_one_ending (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PlSample) sample = NULL;
  gboolean shutdown_first = GPOINTER_TO_INT (data);

  config_init (&fixture->config, PL_MODE_BLOCKING, 100000, 2);
  fixture->config.stages[1].mean_ms = 1000.0;
  fixture->config.capacities[0] = 4;
  fixture->config.capacities[1] = 4;
  start (fixture);
  sample = wait_for (fixture->pipeline, first_worker_working, GUINT_TO_POINTER (1),
                    "the slow worker to work");
  g_clear_pointer (&sample, pl_sample_unref);
  if (shutdown_first)
    {
      pl_pipeline_shutdown_now (fixture->pipeline);
      pl_pipeline_stop (fixture->pipeline, PL_RUN_DURATION);
    }
  else
    {
      pl_pipeline_stop (fixture->pipeline, PL_RUN_DURATION);
      pl_pipeline_shutdown_now (fixture->pipeline);
    }
  /* A later cancel, as a window's dispose does, changes nothing. */
  pl_pipeline_cancel (fixture->pipeline);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_CANCELLED);
  g_assert_cmpint (pl_pipeline_get_ending (fixture->pipeline), ==,
                   shutdown_first ? PL_RUN_SHUT_DOWN : PL_RUN_DURATION);
  g_assert_cmpint (sample->ending, ==, shutdown_first ? PL_RUN_SHUT_DOWN : PL_RUN_DURATION);
  g_assert_cmpint (sample->shut_down, ==, shutdown_first);
  g_assert_cmpuint (sample->processed + sample->dropped + sample->held, ==, sample->produced);
}

/* Delivered items are recycled: the producer allocates as many items as
 * the line ever held, not as many as it processed, and the done queue
 * still counts every one. */
static void
test_recycles_delivered (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSample) sample = NULL;
  const guint64 items = 200000;

  config_init (&fixture->config, PL_MODE_BLOCKING, items, 2);
  fixture->config.capacities[0] = 16;
  fixture->config.capacities[1] = 16;
  fixture->pipeline = pl_pipeline_new (&fixture->config);
  g_assert_true (pl_pipeline_start (fixture->pipeline, &error));
  g_assert_no_error (error);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->ending, ==, PL_RUN_CLOSED);
  g_assert_cmpuint (sample->processed, ==, items);
  g_assert_cmpuint (sample->queues[2].stats.puts, ==, items);
  g_assert_cmpuint (sample->queues[2].stats.depth, ==, items);
  g_assert_cmpuint (sample->held, ==, 0);
  /* At most 16 + 16 queued, 2 in workers' hands and one with the producer,
   * plus those on their way back; a few hundred leaves room for that. */
  g_assert_cmpuint (_pl_pipeline_items_allocated (fixture->pipeline), <=, 500);
}

static void
test_shutdown_now_idle (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PlSample) sample = NULL;

  config_init (&fixture->config, PL_MODE_BLOCKING, 30, 2);
  fixture->pipeline = new_pipeline_keeping_done (&fixture->config);

  /* Before the start there is nothing to shut down. */
  pl_pipeline_shutdown_now (fixture->pipeline);
  g_assert_cmpint (pl_pipeline_get_state (fixture->pipeline), ==, PL_PIPELINE_READY);
  g_assert_cmpuint (count_events (fixture->pipeline, PL_EVENT_SHUT_DOWN, NULL), ==, 0);

  g_clear_object (&fixture->pipeline);
  start (fixture);
  wait_end (fixture);
  pl_pipeline_shutdown_now (fixture->pipeline);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_false (sample->shut_down);
  g_assert_cmpuint (sample->processed, ==, 30);
  g_assert_cmpuint (sample->dropped, ==, 0);
  g_assert_cmpuint (sample->held, ==, 0);
  g_assert_cmpuint (count_events (fixture->pipeline, PL_EVENT_SHUT_DOWN, NULL), ==, 0);
}

/* The book's task_done/join lesson: joins with no marker, then a cancel. */
static void
test_join_ending (Fixture       *fixture,
                  gconstpointer  data)
{
  const PlEventKind expected[] = {
    PL_EVENT_QUEUE_JOINED, PL_EVENT_QUEUE_JOINED, PL_EVENT_WORKERS_CANCELLED, PL_EVENT_ALL_DONE,
  };
  const gint expected_index[] = { 0, 1, 3, 0 };
  g_autoptr(PlSample) sample = NULL;
  GAsyncQueue *messages;
  PlMessage *message;
  guint n_events = 0;

  config_init (&fixture->config, PL_MODE_BLOCKING, 300, 2);
  fixture->config.ending = PL_ENDING_JOIN;
  fixture->config.stages[0].mean_ms = 0.2;
  fixture->config.stages[1].workers = 2;
  start (fixture);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_FINISHED);
  g_assert_cmpuint (sample->processed, ==, 300);
  g_assert_cmpuint (sample->workers_cancelled, ==, 3);
  assert_all_workers (sample, PL_WORKER_CANCELLED);
  for (guint q = 0; q < 2; q++)
    {
      g_assert_true (sample->queues[q].joined);
      g_assert_false (sample->queues[q].closed);
      g_assert_cmpuint (sample->queues[q].stats.unfinished, ==, 0);
      g_assert_cmpuint (sample->queues[q].stats.markers_taken, ==, 0);
      g_assert_cmpuint (sample->queues[q].stats.gets, ==, 300);
    }
  g_assert_cmpuint (sample->in_hand, ==, 0);
  g_assert_cmpuint (drain_done (fixture->pipeline, 2, 300, FALSE), ==, 300);

  messages = _pl_pipeline_get_messages (fixture->pipeline);
  while ((message = g_async_queue_try_pop (messages)) != NULL)
    {
      if (message->kind == PL_MESSAGE_EVENT
          && message->event.kind != PL_EVENT_STARTED
          && message->event.kind != PL_EVENT_INPUT_FED)
        {
          g_assert_cmpuint (n_events, <, G_N_ELEMENTS (expected));
          g_assert_cmpstr (pl_event_kind_to_string (message->event.kind), ==,
                           pl_event_kind_to_string (expected[n_events]));
          g_assert_cmpint (event_value (&message->event), ==, expected_index[n_events]);
          n_events++;
        }
      pl_message_free (message);
    }
  g_assert_cmpuint (n_events, ==, G_N_ELEMENTS (expected));
}

/* The sampler */

typedef gboolean (*MessageCheck) (const PlSample *sample,
                                  gconstpointer   data);

/* Pops published samples until one passes @check; fails after the bound. */
static PlSample *
wait_published (PlPipeline    *pipeline,
                MessageCheck   check,
                gconstpointer  data,
                const gchar   *what)
{
  GAsyncQueue *messages = _pl_pipeline_get_messages (pipeline);
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      g_autoptr(PlMessage) message = NULL;

      if (left <= 0)
        g_error ("no published sample showed %s within %d s", what, WAIT_S);

      message = g_async_queue_timeout_pop (messages, left);
      if (message != NULL && message->kind == PL_MESSAGE_SAMPLE
          && check (message->sample, data))
        return pl_sample_ref (message->sample);
    }
}

static gboolean
resting_with (const PlSample *sample,
              gconstpointer   data)
{
  return sample->at_rest && sample->processed == *(const guint64 *) data;
}

static gboolean
moving_and_paused (const PlSample *sample,
                   gconstpointer   data)
{
  return sample->paused && !sample->at_rest;
}

static gboolean
resting_and_paused (const PlSample *sample,
                    gconstpointer   data)
{
  return sample->paused && sample->at_rest && all_parked (sample, NULL);
}

static gboolean
capacity_published (const PlSample *sample,
                    gconstpointer   data)
{
  return sample->queues[1].stats.capacity == 3;
}

static gboolean
processed_published (const PlSample *sample,
                     gconstpointer   data)
{
  return sample->processed == *(const guint64 *) data;
}

static void
test_sampler_rest (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PlSample) rest = NULL;
  g_autoptr(PlSample) heartbeat = NULL;
  g_autoptr(PlSample) sample = NULL;
  guint64 fed = 20;

  config_init (&fixture->config, PL_MODE_BLOCKING, fed, 2);
  fixture->config.auto_close = FALSE;
  start (fixture);

  /* Starved: once nothing moves, a sample says so, then only heartbeats
   * come, each the same picture. */
  rest = wait_published (fixture->pipeline, resting_with, &fed, "the starved line at rest");
  assert_all_workers (rest, PL_WORKER_WAITING_GET);
  heartbeat = wait_published (fixture->pipeline, resting_with, &fed, "a heartbeat");
  g_assert_cmpuint (heartbeat->serial, >, rest->serial);
  g_assert_cmpint (heartbeat->elapsed_us, >, rest->elapsed_us);
  g_assert_cmpint (heartbeat->stages[1].work_done, ==, rest->stages[1].work_done);

  /* A setting that only a view sees is published too. */
  pl_pipeline_set_capacity (fixture->pipeline, 1, 3);
  sample = wait_published (fixture->pipeline, capacity_published, NULL, "the new capacity");
  g_clear_pointer (&sample, pl_sample_unref);

  /* A control change wakes the sampler at once, and it rests again. */
  pl_pipeline_set_paused (fixture->pipeline, TRUE);
  sample = wait_published (fixture->pipeline, moving_and_paused, NULL, "the pause");
  g_clear_pointer (&sample, pl_sample_unref);
  sample = wait_published (fixture->pipeline, resting_and_paused, NULL, "the paused line at rest");
  g_clear_pointer (&sample, pl_sample_unref);

  pl_pipeline_set_paused (fixture->pipeline, FALSE);
  fed = 40;
  pl_pipeline_set_items (fixture->pipeline, fed);
  sample = wait_published (fixture->pipeline, processed_published, &fed, "the new items");
  g_clear_pointer (&sample, pl_sample_unref);

  pl_pipeline_close_input (fixture->pipeline);
  wait_end (fixture);
  g_assert_cmpuint (drain_done (fixture->pipeline, 2, fed, TRUE), ==, fed);
}

/* Little's law on a queue that builds up and drains: the depth the sampler
 * saw, averaged over time, against arrivals × mean wait from the items'
 * own timestamps. Two ways of measuring the same thing must agree. */
/* The same law in front of a stage with no delay, where only the timed
 * items' waits are measured: stage 0 is held back by the 1 ms stage after
 * it, so the unbounded input queue holds hundreds of items for most of the
 * run, and a sample of them must still give the mean wait. The queue in
 * front of the 1 ms stage measures every item. */
static void
test_littles_law_sampled (Fixture       *fixture,
                          gconstpointer  data)
{
  const guint64 items = 800;
  g_autoptr(PlSample) sample = NULL;
  PlLittlesLaw law;

  config_init (&fixture->config, PL_MODE_BLOCKING, items, 2);
  fixture->config.stages[1].mean_ms = 1.0;
  fixture->config.capacities[1] = 2;
  start (fixture);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpuint (sample->queues[0].waited, >=, items / PL_TIMED_EVERY);
  g_assert_cmpuint (sample->queues[0].waited, <, items);
  g_assert_cmpuint (sample->queues[1].waited, ==, items);
  g_assert_true (pl_littles_law_compute (&sample->queues[0], sample->elapsed_us, &law));
  g_test_message ("queue 0: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " waits measured;"
                  " mean depth %.2f, arrival rate × mean wait %.2f",
                  sample->queues[0].waited, items, law.mean_depth, law.rate_by_wait);
  g_assert_cmpfloat (law.mean_depth, >, 100.0);
  g_assert_cmpfloat (law.rate_by_wait, >, 0.75 * law.mean_depth);
  g_assert_cmpfloat (law.rate_by_wait, <, 1.33 * law.mean_depth);

  /* The stage with no delay: its measured service, spread over all its
   * items, stays a small fraction of the time its worker had. Each timed
   * item is read in whole microseconds, and an item that does no work
   * can take less than one, so the total may be 0 on a fast machine. */
  g_assert_cmpint (sample->stages[0].service_us, >=, 0);
  g_assert_cmpint (sample->stages[0].service_us, <, sample->elapsed_us / 4);
}

static void
test_littles_law (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PlSample) sample = NULL;
  PlLittlesLaw law;

  config_init (&fixture->config, PL_MODE_BLOCKING, 400, 2);
  fixture->config.stages[1].mean_ms = 2.0;
  start (fixture);
  wait_end (fixture);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpuint (sample->queues[1].waited, ==, 400);
  g_assert_true (pl_littles_law_compute (&sample->queues[1], sample->elapsed_us, &law));
  g_test_message ("queue 1: mean depth %.2f, arrival rate × mean wait %.2f",
                  law.mean_depth, law.rate_by_wait);
  g_assert_cmpfloat (law.mean_depth, >, 20.0);
  g_assert_cmpfloat (law.rate_by_wait, >, 0.75 * law.mean_depth);
  g_assert_cmpfloat (law.rate_by_wait, <, 1.33 * law.mean_depth);
  g_assert_cmpfloat_with_epsilon (law.arrival_rate, 400 / (sample->elapsed_us / 1e6), 1e-6);
}

/* The delay model */

static void
test_delay_statistics (void)
{
  const PlDistribution dists[] = { PL_DIST_UNIFORM, PL_DIST_EXPONENTIAL };
  const gdouble mean = 5.0;

  for (guint d = 0; d < G_N_ELEMENTS (dists); d++)
    {
      g_autoptr(PlDelay) delay = pl_delay_new (12345, 1, 2);
      gdouble sum = 0.0;

      for (guint i = 0; i < 20000; i++)
        {
          gdouble ms = pl_delay_draw_ms (delay, mean, dists[d]);

          g_assert_cmpfloat (ms, >=, 0.0);
          if (dists[d] == PL_DIST_UNIFORM)
            g_assert_cmpfloat (ms, <, 2.0 * mean);
          sum += ms;
        }
      g_assert_cmpfloat_with_epsilon (sum / 20000, mean, mean * 0.03);
    }

  {
    g_autoptr(PlDelay) delay = pl_delay_new (1, 0, 0);

    g_assert_cmpfloat (pl_delay_draw_ms (delay, 2.5, PL_DIST_FIXED), ==, 2.5);
    g_assert_cmpint (pl_delay_draw_us (delay, 2.5, PL_DIST_FIXED), ==, 2500);
    g_assert_cmpfloat (pl_delay_draw_ms (delay, 0.0, PL_DIST_EXPONENTIAL), ==, 0.0);
  }
}

static void
test_delay_seeded (void)
{
  g_autoptr(PlDelay) a = pl_delay_new (99, 3, 4);
  g_autoptr(PlDelay) b = pl_delay_new (99, 3, 4);
  g_autoptr(PlDelay) other_worker = pl_delay_new (99, 3, 5);
  g_autoptr(PlDelay) other_stage = pl_delay_new (99, 4, 3);
  guint differ_worker = 0;
  guint differ_stage = 0;

  for (guint i = 0; i < 100; i++)
    {
      gdouble x = pl_delay_draw_ms (a, 3.0, PL_DIST_EXPONENTIAL);

      g_assert_cmpfloat (x, ==, pl_delay_draw_ms (b, 3.0, PL_DIST_EXPONENTIAL));
      differ_worker += x != pl_delay_draw_ms (other_worker, 3.0, PL_DIST_EXPONENTIAL);
      differ_stage += x != pl_delay_draw_ms (other_stage, 3.0, PL_DIST_EXPONENTIAL);
    }
  g_assert_cmpuint (differ_worker, >, 90);
  g_assert_cmpuint (differ_stage, >, 90);
}

/* A stop flag set from another thread ends a long sleep. */
typedef struct
{
  GMutex lock;
  GCond  cond;
  gint   stop;
} SleepStop;

static gpointer
stop_sleep_thread (gpointer data)
{
  SleepStop *stop = data;

  g_mutex_lock (&stop->lock);
  g_atomic_int_set (&stop->stop, 1);
  g_cond_broadcast (&stop->cond);
  g_mutex_unlock (&stop->lock);

  return NULL;
}

static void
test_delay_sleep_stops (void)
{
  SleepStop stop = { 0 };
  GThread *thread;
  gint kick = 0;

  g_mutex_init (&stop.lock);
  g_cond_init (&stop.cond);

  /* A deadline in the past returns at once, without sleeping. */
  g_assert_cmpint (pl_delay_sleep_until (&stop.lock, &stop.cond, &stop.stop, NULL, 0,
                                         g_get_monotonic_time () - 1), ==, PL_DELAY_ELAPSED);
  /* A kick already moved is seen before any wait. */
  g_assert_cmpint (pl_delay_sleep_until (&stop.lock, &stop.cond, &stop.stop, &kick, 1,
                                         g_get_monotonic_time () + WAIT_US), ==, PL_DELAY_KICKED);

  thread = g_thread_new ("stopper", stop_sleep_thread, &stop);
  /* The bound makes a lost wake-up fail as ELAPSED, not hang. */
  g_assert_cmpint (pl_delay_sleep_until (&stop.lock, &stop.cond, &stop.stop, NULL, 0,
                                         g_get_monotonic_time () + WAIT_US), ==, PL_DELAY_STOPPED);
  g_thread_join (thread);
  g_assert_cmpint (pl_delay_spin_until (&stop.stop, g_get_monotonic_time () + WAIT_US), ==,
                   PL_DELAY_STOPPED);

  g_mutex_clear (&stop.lock);
  g_cond_clear (&stop.cond);
}

/* Samples and their derived readings */

static void
test_sample_readings (void)
{
  g_autoptr(PlSample) sample = pl_sample_new ();
  PlSample *second;
  PlStageSample stage = { 0 };
  PlQueueSample queue = { 0 };

  g_assert_cmpuint (sample->stages[3].workers[7].item, ==, G_MAXUINT64);
  g_assert_cmpfloat (pl_sample_throughput (sample), ==, 0.0);
  sample->processed = 300;
  sample->elapsed_us = 1500000;
  g_assert_cmpfloat_with_epsilon (pl_sample_throughput (sample), 200.0, 1e-9);

  g_assert_cmpfloat (pl_stage_sample_mean_service_ms (&stage), ==, 0.0);
  stage.work_done = 4;
  stage.service_us = 20000;
  g_assert_cmpfloat_with_epsilon (pl_stage_sample_mean_service_ms (&stage), 5.0, 1e-9);

  g_assert_cmpfloat (pl_queue_sample_mean_wait_ms (&queue), ==, 0.0);
  queue.waited = 10;
  queue.wait_us = 5000;
  g_assert_cmpfloat_with_epsilon (pl_queue_sample_mean_wait_ms (&queue), 0.5, 1e-9);

  second = pl_sample_ref (sample);
  g_assert_true (second == sample);
  pl_sample_unref (second);

  g_assert_cmpstr (pl_worker_state_to_string (PL_WORKER_WAITING_GET), ==, "waiting-get");
  g_assert_cmpstr (pl_worker_state_to_string (PL_WORKER_CANCELLED), ==, "cancelled");
  g_assert_cmpstr (pl_event_kind_to_string (PL_EVENT_ALL_DONE), ==, "all-done");
  for (guint s = 0; s < PL_WORKER_N_STATES; s++)
    g_assert_cmpstr (pl_worker_state_to_string (s), !=, "unknown");
  g_assert_cmpstr (pl_worker_state_to_string (PL_WORKER_N_STATES), ==, "unknown");
}

/* Waits, within the bound, for an event of @kind among the messages. */
static void
wait_for_event (PlPipeline  *pipeline,
                PlEventKind  kind,
                gint        *index)
{
  GAsyncQueue *messages = _pl_pipeline_get_messages (pipeline);
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  for (;;)
    {
      g_autoptr(PlMessage) message = g_async_queue_timeout_pop (messages, 100 * 1000);

      if (message != NULL && message->kind == PL_MESSAGE_EVENT
          && message->event.kind == kind)
        {
          *index = event_value (&message->event);
          return;
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %d s waiting for the %s event",
                 WAIT_S, pl_event_kind_to_string (kind));
    }
}

static gboolean
polled_more_than (const PlSample *sample,
                  gconstpointer   data)
{
  return sample->stages[0].workers[0].polls > *(const guint64 *) data + 5;
}

/* With `linger`, a line that sends no markers leaves its workers running
 * once every item is through, as the book's program does: busy-wait
 * workers poll on, joined workers sleep in get, until cancel. */
static void
test_linger (Fixture       *fixture,
             gconstpointer  data)
{
  PlEnding ending = GPOINTER_TO_INT (data);
  const guint64 items = 200;
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(PlSample) later = NULL;
  gint running = -1;

  config_init (&fixture->config,
               ending == PL_ENDING_JOIN ? PL_MODE_BLOCKING : PL_MODE_BUSY_WAIT,
               items, 2);
  fixture->config.ending = ending;
  fixture->config.linger = TRUE;
  fixture->config.stages[1].workers = 2;
  start (fixture);

  wait_for_event (fixture->pipeline, PL_EVENT_LINGERING, &running);
  g_assert_cmpint (running, ==, 3);

  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpuint (sample->processed, ==, items);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_CLOSING);
  g_assert_cmpuint (sample->workers_cancelled, ==, 0);

  if (ending == PL_ENDING_JOIN)
    {
      StateWanted asleep[] = { { 0, PL_WORKER_WAITING_GET, 1 }, { 1, PL_WORKER_WAITING_GET, 2 } };

      /* The last join can return while a worker is still leaving task_done. */
      for (guint s = 0; s < G_N_ELEMENTS (asleep); s++)
        {
          later = wait_for (fixture->pipeline, stage_in_state, &asleep[s],
                            "the joined workers to sleep in get");
          g_assert_cmpint (later->state, ==, PL_PIPELINE_CLOSING);
          g_clear_pointer (&later, pl_sample_unref);
        }
    }
  else
    {
      guint64 polls = sample->stages[0].workers[0].polls;

      /* Nothing left to do, and still asking. */
      later = wait_for (fixture->pipeline, polled_more_than, &polls,
                        "a lingering worker to poll on");
      g_assert_cmpint (later->state, ==, PL_PIPELINE_CLOSING);
    }

  pl_pipeline_cancel (fixture->pipeline);
  g_clear_pointer (&sample, pl_sample_unref);
  sample = pl_pipeline_sample (fixture->pipeline);
  g_assert_cmpint (sample->state, ==, PL_PIPELINE_CANCELLED);
  assert_all_workers (sample, PL_WORKER_CANCELLED);
  g_assert_cmpuint (drain_done (fixture->pipeline, 2, items, FALSE), ==, items);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/pl/pipeline/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("blocking/end-to-end", test_blocking_end_to_end, NULL);
  ADD ("blocking/worker-pools", test_blocking_pools, NULL);
  ADD ("busy-wait/end-to-end", test_busy_wait_end_to_end, NULL);
  ADD ("busy-wait/seed-experiment", test_busy_wait_seed_experiment, NULL);
  ADD ("capacity/bounded-pushes-back", test_backlog_versus_bounded, GUINT_TO_POINTER (4));
  ADD ("capacity/unbounded-backlog", test_backlog_versus_bounded, GUINT_TO_POINTER (0));
  ADD ("cpu/starved-blocking-versus-busy", test_starved_cpu, NULL);
  ADD ("live-changes/from-blocking", test_live_changes, GINT_TO_POINTER (PL_MODE_BLOCKING));
  ADD ("live-changes/from-busy-wait", test_live_changes, GINT_TO_POINTER (PL_MODE_BUSY_WAIT));
  ADD ("cancel/blocked-puts", test_cancel_blocked_puts, NULL);
  ADD ("cancel/blocked-gets", test_cancel_blocked_gets, GINT_TO_POINTER (PL_MODE_BLOCKING));
  ADD ("cancel/polling-naps", test_cancel_blocked_gets, GINT_TO_POINTER (PL_MODE_BUSY_WAIT));
  ADD ("cancel/long-sleeps", test_cancel_long_sleeps, GINT_TO_POINTER (PL_WORK_SLEEP));
  ADD ("cancel/long-spins", test_cancel_long_sleeps, GINT_TO_POINTER (PL_WORK_SPIN));
  ADD ("pause/blocking", test_pause, GINT_TO_POINTER (PL_MODE_BLOCKING));
  ADD ("pause/busy-wait", test_pause, GINT_TO_POINTER (PL_MODE_BUSY_WAIT));
  ADD ("messages/bounded-and-ordered", test_messages, NULL);
  ADD ("messages/sampling-off", test_sampling_off, NULL);
  ADD ("mode-switch", test_mode_switch, NULL);
  ADD ("mode-switch-while-closing", test_mode_switch_while_closing, NULL);
  ADD ("held-cap", test_held_cap, NULL);
  ADD ("set-items", test_set_items, NULL);
  ADD ("lifecycle", test_lifecycle, NULL);
  ADD ("shutdown-now/blocking", test_shutdown_now, GINT_TO_POINTER (SHUTDOWN_BLOCKING));
  ADD ("shutdown-now/busy-wait", test_shutdown_now, GINT_TO_POINTER (SHUTDOWN_BUSY_WAIT));
  ADD ("shutdown-now/paused", test_shutdown_now, GINT_TO_POINTER (SHUTDOWN_PAUSED));
  ADD ("shutdown-now/before-start-and-after-end", test_shutdown_now_idle, NULL);
  ADD ("shutdown-now/worker-mid-item", test_shutdown_now_mid_item, NULL);
  ADD ("ending/shutdown-then-stop", test_one_ending, GINT_TO_POINTER (TRUE));
  ADD ("ending/stop-then-shutdown", test_one_ending, GINT_TO_POINTER (FALSE));
  ADD ("recycling/bounded-by-items-held", test_recycles_delivered, NULL);
  ADD ("ending/join", test_join_ending, NULL);
  ADD ("sampler/rests-when-nothing-moves", test_sampler_rest, NULL);
  ADD ("littles-law", test_littles_law, NULL);
  ADD ("littles-law-sampled", test_littles_law_sampled, NULL);
  ADD ("ending/linger-busy-wait", test_linger, GINT_TO_POINTER (PL_ENDING_CLOSE));
  ADD ("ending/linger-join", test_linger, GINT_TO_POINTER (PL_ENDING_JOIN));

#undef ADD

  g_test_add_func ("/pl/delay/statistics", test_delay_statistics);
  g_test_add_func ("/pl/delay/seeded", test_delay_seeded);
  g_test_add_func ("/pl/delay/sleep-stops", test_delay_sleep_stops);
  g_test_add_func ("/pl/sample/readings", test_sample_readings);

  return g_test_run ();
}
