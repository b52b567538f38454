/* test-stress.c: random pipelines, random live changes, every item accounted for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each run builds a pipeline of random shape (1–8 stages of 1–8 workers,
 * a few hundred items, sub-millisecond delays), starts it, and fires random
 * live changes at it while it runs: capacities, delays, modes, pause and
 * resume, worker counts, backoff, work kind, item count. It ends
 * gracefully (close input, wait), by a cancel, or by shutting every queue
 * down at once. Then:
 *   - finished: the done queue holds every produced item exactly once;
 *   - cancelled: delivered + still queued + held by a worker == produced,
 *     with no item in two places (retired workers included: see
 *     take_retired_items);
 *   - shut down at once: delivered + dropped + in workers' hands ==
 *     produced.
 *
 * A watchdog aborts a run that does not end in time, after printing its
 * seed and every thread's stack, so a hang fails instead of stalling CI.
 *
 * PL_STRESS_SEED=N   first seed (run i uses N + i); random when unset
 * PL_STRESS_RUNS=N   number of runs (default 800, or as many as fit in 40 s)
 * PL_STRESS_WATCHDOG_S=N  seconds a run may take before the dump (default 60)
 */

#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pl-item.h"
#include "pl-queue-private.h"
#include "pl-pipeline-private.h"
#include "pl-scenario.h"

/* These tests take the delivered items out of the done queue to check that
 * each arrived exactly once, so the done queue keeps them here; the
 * recycling of delivered items has tests of its own. */
static PlPipeline *
new_pipeline_keeping_done (const PlConfig *config)
{
  PlPipeline *pipeline = pl_pipeline_new (config);

  _pl_pipeline_set_keep_done (pipeline, TRUE);

  return pipeline;
}

#define DEFAULT_RUNS        800
#define DEFAULT_BUDGET_S    40.0   /* no new run starts after this */
#define DEFAULT_WATCHDOG_S  60

/* The watchdog */

/* A plain pthread mutex rather than a GMutex: the thread sanitizer sees
 * through it, and the watchdog only polls ten times a second anyway. */
typedef struct
{
  pthread_mutex_t lock;
  GThread  *thread;
  gboolean  stop;
  gint64    deadline_us;   /* 0: nothing is being watched */
  guint64   seed;
  gchar    *what;
  PlSample *last_sample;   /* the run's newest snapshot; the watchdog never calls the engine */
} Watchdog;

static Watchdog watchdog = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* How to reproduce the run in progress, written by the abort handler: a
 * failed assertion anywhere then still names its seed. Formatted before
 * the run starts, because a signal handler may only write(). */
static char reproduce_line[192];
static volatile sig_atomic_t reproduce_length;

static void
print_reproduce_cb (int signal_number)
{
  if (reproduce_length > 0)
    {
      ssize_t ignored = write (STDERR_FILENO, reproduce_line, reproduce_length);

      (void) ignored;
    }
  signal (signal_number, SIG_DFL);
  raise (signal_number);
}

static void
set_reproduce_line (const gchar *what,
                    guint64      seed)
{
  reproduce_length = 0;
  if (what == NULL)
    return;
  g_snprintf (reproduce_line, sizeof reproduce_line,
              "\n# FAILED in %s; reproduce with PL_STRESS_SEED=%" G_GUINT64_FORMAT
              " PL_STRESS_RUNS=1\n", what, seed);
  reproduce_length = strlen (reproduce_line);
}

static void
dump_threads (void)
{
  g_autofree gchar *gdb = g_find_program_in_path ("gdb");
  g_autofree gchar *timeout = g_find_program_in_path ("timeout");
  g_autofree gchar *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree gchar *out = NULL;

  if (gdb == NULL)
    {
      fprintf (stderr, "# (gdb is not installed: no thread dump)\n");
      return;
    }

  /* gdb attaches to this very process; a stuck gdb must not replace the
   * hang it reports. */
  if (timeout != NULL)
    {
      g_ptr_array_add (argv, timeout);
      g_ptr_array_add (argv, (gpointer) "60");
    }
  g_ptr_array_add (argv, gdb);
  g_ptr_array_add (argv, (gpointer) "-p");
  g_ptr_array_add (argv, pid);
  g_ptr_array_add (argv, (gpointer) "-batch");
  g_ptr_array_add (argv, (gpointer) "-nx");
  g_ptr_array_add (argv, (gpointer) "-ex");
  g_ptr_array_add (argv, (gpointer) "thread apply all bt");
  g_ptr_array_add (argv, NULL);

  if (g_spawn_sync (NULL, (gchar **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, NULL, NULL))
    fprintf (stderr, "%s\n", out);
}

static void
dump_sample (const PlSample *sample)
{
  if (sample == NULL)
    {
      fprintf (stderr, "# no snapshot was taken yet\n");
      return;
    }

  fprintf (stderr, "# last sample %" G_GUINT64_FORMAT ": state %d, paused %d, mode %d, produced %"
           G_GUINT64_FORMAT ", processed %" G_GUINT64_FORMAT "\n",
           sample->serial, sample->state, sample->paused, sample->mode,
           sample->produced, sample->processed);
  for (guint q = 0; q < sample->n_queues; q++)
    {
      const PlQueueStats *s = &sample->queues[q].stats;

      fprintf (stderr, "#   queue %u: depth %u/%u, unfinished %u, markers %u, waiting g%u p%u j%u,"
               " closed %d, joined %d, shut down %d\n",
               q, s->depth, s->capacity, s->unfinished, s->markers, s->getters_waiting,
               s->putters_waiting, s->joiners_waiting, sample->queues[q].closed,
               sample->queues[q].joined, s->is_shutdown);
    }
  for (guint st = 0; st < sample->n_stages; st++)
    {
      const PlStageSample *stage = &sample->stages[st];
      GString *states = g_string_new (NULL);

      for (guint w = 0; w < stage->n_workers; w++)
        g_string_append_printf (states, " %s", pl_worker_state_to_string (stage->workers[w].state));
      fprintf (stderr, "#   stage %u (%u workers, finished %d):%s\n",
               st, stage->n_workers, stage->finished, states->str);
      g_string_free (states, TRUE);
    }
}

static gpointer
watchdog_thread (gpointer data)
{
  for (;;)
    {
      gboolean expired;

      pthread_mutex_lock (&watchdog.lock);
      if (watchdog.stop)
        {
          pthread_mutex_unlock (&watchdog.lock);
          return NULL;
        }
      expired = watchdog.deadline_us != 0 && g_get_monotonic_time () >= watchdog.deadline_us;
      if (expired)
        {
          /* The lock stays held: nothing may change what is printed. */
          fprintf (stderr, "\n# WATCHDOG: %s did not end in time; reproduce with PL_STRESS_SEED=%"
                   G_GUINT64_FORMAT " PL_STRESS_RUNS=1\n", watchdog.what, watchdog.seed);
          dump_sample (watchdog.last_sample);
          dump_threads ();
          fflush (stderr);
          abort ();
        }
      pthread_mutex_unlock (&watchdog.lock);

      g_usleep (100000);
    }
}

static void
watchdog_arm (const gchar *what,
              guint64      seed,
              gint64       seconds)
{
  pthread_mutex_lock (&watchdog.lock);
  g_free (watchdog.what);
  watchdog.what = g_strdup (what);
  watchdog.seed = seed;
  watchdog.deadline_us = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  g_clear_pointer (&watchdog.last_sample, pl_sample_unref);
  pthread_mutex_unlock (&watchdog.lock);
}

static void
watchdog_disarm (void)
{
  pthread_mutex_lock (&watchdog.lock);
  watchdog.deadline_us = 0;
  g_clear_pointer (&watchdog.last_sample, pl_sample_unref);
  pthread_mutex_unlock (&watchdog.lock);
}

static void
watchdog_note_sample (PlSample *sample)
{
  pthread_mutex_lock (&watchdog.lock);
  g_clear_pointer (&watchdog.last_sample, pl_sample_unref);
  watchdog.last_sample = pl_sample_ref (sample);
  pthread_mutex_unlock (&watchdog.lock);
}

static gint64
watchdog_seconds (void)
{
  const gchar *env = g_getenv ("PL_STRESS_WATCHDOG_S");

  return env != NULL && atoi (env) > 0 ? atoi (env) : DEFAULT_WATCHDOG_S;
}

/* Helpers */

/*
 * Takes a snapshot for the watchdog to print if the run hangs. Snapshots
 * are taken here rather than drained from the pipeline's messages: those
 * travel through a GAsyncQueue, whose lock the thread sanitizer cannot
 * see, so reading them mid-run would be reported as a race. The messages
 * are freed with the pipeline, after every thread has been joined.
 */
static void
note_progress (PlPipeline *pipeline)
{
  g_autoptr(PlSample) sample = pl_pipeline_sample (pipeline);

  watchdog_note_sample (sample);
}

/* Waits for the end, taking snapshots meanwhile as a window would; the
 * watchdog bounds it. Then joins every thread, which leaves a finished
 * pipeline finished, so that what follows reads still data. */
static void
wait_for_end (PlPipeline *pipeline)
{
  while (!pl_pipeline_wait (pipeline, 20000))
    note_progress (pipeline);
  pl_pipeline_cancel (pipeline);
}

/* Takes every entry left in a queue, once all threads are joined. Markers
 * are skipped; items are recorded in @seen. Returns the items taken. */
static guint64
take_items (PlQueue     *queue,
            GHashTable  *seen,
            const gchar *where,
            guint64      seed)
{
  guint64 taken = 0;

  for (;;)
    {
      gpointer entry = NULL;
      PlQueueStatus status = pl_queue_get (queue, &entry, 0);
      PlItem *item = entry;

      if (status == PL_QUEUE_CLOSED)
        continue;
      if (status != PL_QUEUE_OK)
        break;

      g_assert_nonnull (item);
      if (g_hash_table_contains (seen, &item->seq))
        g_error ("seed %" G_GUINT64_FORMAT ": item %" G_GUINT64_FORMAT " found twice (%s)",
                 seed, item->seq, where);
      g_hash_table_add (seen, g_memdup2 (&item->seq, sizeof item->seq));
      taken++;
    }

  return taken;
}

/*
 * A worker retired by a shrink finishes the item it holds, but a cancel can
 * stop it first, and samples list only the live workers: its item would look
 * lost. Until samples show them, read the retired workers directly. Every
 * thread is joined by now, so nothing moves under this read.
 */
static guint64
take_retired_items (PlPipeline *pipeline,
                    GHashTable *seen,
                    guint64     seed)
{
  guint64 held = 0;

  g_rec_mutex_lock (&pipeline->workers_lock);
  for (guint s = 0; s < pipeline->n_stages; s++)
    {
      GPtrArray *retired = pipeline->stages[s].retired;

      for (guint i = 0; i < retired->len; i++)
        {
          PlWorkerSample worker;

          _pl_worker_sample (g_ptr_array_index (retired, i), &worker);
          if (worker.item == G_MAXUINT64)
            continue;
          if (g_hash_table_contains (seen, &worker.item))
            g_error ("seed %" G_GUINT64_FORMAT ": item %" G_GUINT64_FORMAT
                     " is held by a retired worker of stage %u and found elsewhere too",
                     seed, worker.item, s);
          g_hash_table_add (seen, g_memdup2 (&worker.item, sizeof worker.item));
          held++;
        }
    }
  g_rec_mutex_unlock (&pipeline->workers_lock);

  return held;
}

/* One run */

typedef enum {
  END_CLOSE,
  END_CANCEL,
  END_SHUTDOWN_NOW,
} Ending;

typedef struct
{
  guint runs;
  guint finished;
  guint cancelled;
  guint shut_down;
  guint changes;
  guint64 items;
  guint64 held_at_cancel;
  guint64 retired_held_at_cancel;
  guint64 queued_at_cancel;
} Totals;

static gdouble
random_delay_ms (GRand *rand)
{
  /* Mostly zero or tiny, so runs stay short while still sleeping. */
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      return 0.0;
    case 1:
      return g_rand_double_range (rand, 0.0, 0.05);
    default:
      return g_rand_double_range (rand, 0.0, 0.4);
    }
}

static guint
random_capacity (GRand *rand)
{
  /* 0 is unbounded; small values make queues fill and putters wait. */
  return g_rand_int_range (rand, 0, 6) == 0 ? 0 : (guint) g_rand_int_range (rand, 1, 9);
}

static void
random_config (GRand    *rand,
               PlConfig *config)
{
  pl_config_init_default (config);
  config->n_stages = g_rand_int_range (rand, 1, 9);
  config->mode = g_rand_boolean (rand) ? PL_MODE_BLOCKING : PL_MODE_BUSY_WAIT;
  config->items = g_rand_int_range (rand, 1, 301);
  config->backoff_ms = g_rand_double_range (rand, 0.2, 2.0);
  config->work = g_rand_int_range (rand, 0, 5) == 0 ? PL_WORK_SPIN : PL_WORK_SLEEP;
  config->seed = g_rand_int (rand);
  config->auto_close = g_rand_boolean (rand);

  for (guint s = 0; s < config->n_stages; s++)
    {
      g_snprintf (config->stages[s].name, PL_STAGE_NAME_LEN, "s%u", s);
      config->stages[s].mean_ms = random_delay_ms (rand);
      config->stages[s].distribution = g_rand_int_range (rand, 0, 3);
      config->stages[s].workers = g_rand_int_range (rand, 1, 9);
      config->capacities[s] = random_capacity (rand);
    }
}

static void
describe_config (const PlConfig *config,
                 Ending          ending,
                 guint64         seed)
{
  GString *shape = g_string_new (NULL);

  for (guint s = 0; s < config->n_stages; s++)
    g_string_append_printf (shape, "%s%ux%.2fms/cap%u", s > 0 ? " " : "",
                            config->stages[s].workers, config->stages[s].mean_ms,
                            config->capacities[s]);
  g_test_message ("seed %" G_GUINT64_FORMAT ": %s, %" G_GUINT64_FORMAT " items, %s%s, ends by %s; %s",
                  seed, pl_mode_to_string (config->mode), config->items,
                  pl_work_to_string (config->work), config->auto_close ? ", auto-close" : "",
                  ending == END_CLOSE ? "close" : ending == END_CANCEL ? "cancel" : "shutdown now",
                  shape->str);
  g_string_free (shape, TRUE);
}

/* Fires one random live change. Returns a short name for the log. */
static const gchar *
random_change (GRand          *rand,
               PlPipeline     *pipeline,
               const PlConfig *config,
               gboolean       *paused,
               gboolean       *closed)
{
  guint stage = g_rand_int_range (rand, 0, config->n_stages);

  switch (g_rand_int_range (rand, 0, 10))
    {
    case 0:
      pl_pipeline_set_capacity (pipeline, stage, random_capacity (rand));
      return "capacity";
    case 1:
      pl_pipeline_set_stage_delay (pipeline, stage, random_delay_ms (rand),
                                   g_rand_int_range (rand, 0, 3));
      return "delay";
    case 2:
      pl_pipeline_set_mode (pipeline, g_rand_boolean (rand) ? PL_MODE_BLOCKING : PL_MODE_BUSY_WAIT);
      return "mode";
    case 3:
      *paused = !*paused;
      pl_pipeline_set_paused (pipeline, *paused);
      return *paused ? "pause" : "resume";
    case 4:
    case 5:
      pl_pipeline_set_stage_workers (pipeline, stage, g_rand_int_range (rand, 1, 9));
      return "workers";
    case 6:
      pl_pipeline_set_backoff (pipeline, g_rand_double_range (rand, 0.2, 2.0));
      return "backoff";
    case 7:
      pl_pipeline_set_work_kind (pipeline, g_rand_int_range (rand, 0, 5) == 0
                                           ? PL_WORK_SPIN : PL_WORK_SLEEP);
      return "work";
    case 8:
      pl_pipeline_set_items (pipeline, config->items + g_rand_int_range (rand, 0, 100));
      return "items";
    default:
      if (g_rand_int_range (rand, 0, 3) == 0 && !*closed)
        {
          *closed = TRUE;
          pl_pipeline_close_input (pipeline);
          return "close";
        }
      pl_pipeline_set_capacity (pipeline, stage, g_rand_int_range (rand, 1, 3));
      return "capacity";
    }
}

static void
stress_run (guint64  seed,
            Totals  *totals)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) (seed ^ (seed >> 32)));
  g_autoptr(PlPipeline) pipeline = NULL;
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autofree gchar *what = g_strdup_printf ("stress run, seed %" G_GUINT64_FORMAT, seed);
  PlConfig config;
  Ending ending;
  gboolean paused = FALSE;
  gboolean closed = FALSE;
  guint n_changes;
  guint64 delivered;
  guint64 queued = 0;
  guint64 held = 0;
  guint64 retired_held = 0;
  /* Odd seeds recycle delivered items as a real run does: the done queue
   * only counts them, so there each one is checked by count, not by
   * sequence number. Even seeds keep them to check each exactly once. */
  gboolean recycle = (seed & 1) != 0;

  random_config (rand, &config);
  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
    case 1:
      ending = END_CANCEL;
      break;
    case 2:
      ending = END_SHUTDOWN_NOW;
      break;
    default:
      ending = END_CLOSE;
      break;
    }
  n_changes = g_rand_int_range (rand, 0, 25);
  describe_config (&config, ending, seed);

  set_reproduce_line (what, seed);
  watchdog_arm (what, seed, watchdog_seconds ());

  pipeline = recycle ? pl_pipeline_new (&config) : new_pipeline_keeping_done (&config);
  g_assert_nonnull (pipeline);
  if (!pl_pipeline_start (pipeline, &error))
    g_error ("seed %" G_GUINT64_FORMAT ": %s", seed, error->message);

  for (guint c = 0; c < n_changes; c++)
    {
      g_usleep (g_rand_int_range (rand, 0, 4000));
      g_string_append_printf (log, " %s", random_change (rand, pipeline, &config, &paused, &closed));
      note_progress (pipeline);
    }
  totals->changes += n_changes;
  if (log->len > 0)
    g_test_message ("seed %" G_GUINT64_FORMAT ": changes:%s", seed, log->str);

  if (ending == END_CANCEL)
    {
      g_usleep (g_rand_int_range (rand, 0, 5000));
      pl_pipeline_cancel (pipeline);
    }
  else if (ending == END_SHUTDOWN_NOW)
    {
      g_usleep (g_rand_int_range (rand, 0, 5000));
      pl_pipeline_shutdown_now (pipeline);
    }
  else
    {
      if (paused)
        pl_pipeline_set_paused (pipeline, FALSE);
      if (!closed)
        pl_pipeline_close_input (pipeline);
    }
  wait_for_end (pipeline);

  /* Every thread is joined now: the queues and samples hold still. */
  sample = pl_pipeline_sample (pipeline);
  if (recycle)
    {
      PlQueueStats done;

      /* The done queue counts every delivered item and keeps none. */
      pl_queue_get_stats (pl_pipeline_get_queue (pipeline, config.n_stages), &done);
      g_assert_cmpuint (done.depth, ==, done.puts);
      delivered = sample->processed;
      g_assert_cmpuint (delivered, ==, done.puts);
    }
  else
    {
      delivered = take_items (pl_pipeline_get_queue (pipeline, config.n_stages), seen, "done", seed);
    }

  if (ending == END_SHUTDOWN_NOW)
    {
      /* Every queue but the done queue was emptied at once: each item was
       * delivered, dropped from a queue, or still in a worker's hands. */
      g_assert_cmpint (pl_pipeline_get_state (pipeline), ==, PL_PIPELINE_FINISHED);
      for (guint q = 0; q < config.n_stages; q++)
        {
          g_autofree gchar *where = g_strdup_printf ("queue %u after shutting down", q);

          queued += take_items (pl_pipeline_get_queue (pipeline, q), seen, where, seed);
        }
      if (delivered + queued + sample->dropped + sample->in_hand != sample->produced)
        g_error ("seed %" G_GUINT64_FORMAT ": %" G_GUINT64_FORMAT " produced, but %"
                 G_GUINT64_FORMAT " delivered + %" G_GUINT64_FORMAT " queued + %"
                 G_GUINT64_FORMAT " dropped + %" G_GUINT64_FORMAT " in hand",
                 seed, sample->produced, delivered, queued, sample->dropped, sample->in_hand);
      totals->shut_down++;
    }
  else if (ending == END_CLOSE || pl_pipeline_get_state (pipeline) == PL_PIPELINE_FINISHED)
    {
      g_assert_cmpint (pl_pipeline_get_state (pipeline), ==, PL_PIPELINE_FINISHED);
      /* Exactly once: as many distinct seqs as were produced, all below. */
      g_assert_cmpuint (delivered, ==, sample->produced);
      for (guint64 seq = 0; !recycle && seq < sample->produced; seq++)
        if (!g_hash_table_contains (seen, &seq))
          g_error ("seed %" G_GUINT64_FORMAT ": item %" G_GUINT64_FORMAT " never arrived",
                   seed, seq);
      for (guint q = 0; q < config.n_stages; q++)
        {
          g_autofree gchar *where = g_strdup_printf ("queue %u after finishing", q);

          g_assert_cmpuint (take_items (pl_pipeline_get_queue (pipeline, q), seen, where, seed), ==, 0);
        }
      totals->finished++;
    }
  else
    {
      g_assert_cmpint (pl_pipeline_get_state (pipeline), ==, PL_PIPELINE_CANCELLED);

      for (guint q = 0; q < config.n_stages; q++)
        {
          g_autofree gchar *where = g_strdup_printf ("queue %u", q);

          queued += take_items (pl_pipeline_get_queue (pipeline, q), seen, where, seed);
        }
      for (guint s = 0; s < sample->n_stages; s++)
        for (guint w = 0; w < sample->stages[s].n_workers; w++)
          {
            guint64 seq = sample->stages[s].workers[w].item;

            if (seq == G_MAXUINT64)
              continue;
            if (g_hash_table_contains (seen, &seq))
              g_error ("seed %" G_GUINT64_FORMAT ": item %" G_GUINT64_FORMAT
                       " is held by stage %u worker %u and also queued or delivered",
                       seed, seq, s, w);
            g_hash_table_add (seen, g_memdup2 (&seq, sizeof seq));
            held++;
          }

      retired_held = take_retired_items (pipeline, seen, seed);

      if (delivered + queued + held + retired_held != sample->produced)
        g_error ("seed %" G_GUINT64_FORMAT ": %" G_GUINT64_FORMAT " produced, but %"
                 G_GUINT64_FORMAT " delivered + %" G_GUINT64_FORMAT " queued + %"
                 G_GUINT64_FORMAT " held + %" G_GUINT64_FORMAT " held by retired workers",
                 seed, sample->produced, delivered, queued, held, retired_held);
      for (guint64 seq = 0; !recycle && seq < sample->produced; seq++)
        if (!g_hash_table_contains (seen, &seq))
          g_error ("seed %" G_GUINT64_FORMAT ": item %" G_GUINT64_FORMAT " is nowhere", seed, seq);

      totals->cancelled++;
      totals->held_at_cancel += held;
      totals->retired_held_at_cancel += retired_held;
      totals->queued_at_cancel += queued;
    }

  totals->items += sample->produced;
  totals->runs++;

  g_clear_object (&pipeline);
  watchdog_disarm ();
  set_reproduce_line (NULL, 0);
}

static guint64
env_u64 (const gchar *name,
         guint64      fallback,
         gboolean    *given)
{
  const gchar *value = g_getenv (name);
  guint64 parsed;

  if (given != NULL)
    *given = FALSE;
  if (value == NULL || *value == '\0')
    return fallback;
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &parsed, NULL))
    g_error ("%s must be a whole number, not \"%s\"", name, value);
  if (given != NULL)
    *given = TRUE;

  return parsed;
}

static void
test_live_changes (void)
{
  gboolean runs_given;
  guint64 first_seed = env_u64 ("PL_STRESS_SEED", g_random_int (), NULL);
  guint64 runs = env_u64 ("PL_STRESS_RUNS", DEFAULT_RUNS, &runs_given);
  gint64 start_us = g_get_monotonic_time ();
  Totals totals = { 0 };

  g_test_message ("first seed %" G_GUINT64_FORMAT "; reproduce one run with "
                  "PL_STRESS_SEED=<its seed> PL_STRESS_RUNS=1", first_seed);

  for (guint64 i = 0; i < runs; i++)
    {
      /* The default stays within CI's budget on a loaded machine; an
       * explicit count is honoured in full. */
      if (!runs_given && g_get_monotonic_time () - start_us > DEFAULT_BUDGET_S * G_USEC_PER_SEC)
        {
          g_test_message ("time budget reached after %u runs", totals.runs);
          break;
        }
      stress_run (first_seed + i, &totals);
    }

  g_test_message ("%u runs (%u finished, %u cancelled, %u shut down at once), %u live changes, %"
                  G_GUINT64_FORMAT
                  " items; at cancel %" G_GUINT64_FORMAT " were held by workers (%"
                  G_GUINT64_FORMAT " more by retired ones) and %" G_GUINT64_FORMAT
                  " queued, all accounted for, in %.1f s",
                  totals.runs, totals.finished, totals.cancelled, totals.shut_down, totals.changes,
                  totals.items,
                  totals.held_at_cancel, totals.retired_held_at_cancel, totals.queued_at_cancel,
                  (g_get_monotonic_time () - start_us) / 1e6);
  g_assert_cmpuint (totals.runs, >, 0);
  g_assert_cmpuint (totals.finished + totals.cancelled + totals.shut_down, ==, totals.runs);
}

/* The queue alone, under its own random storm */

#define QUEUE_BUDGET_S 8.0   /* no new queue run starts after this */
#define QUEUE_MAX_THREADS 4

typedef struct
{
  PlQueue      *queue;
  GRand        *rand;        /* owned by the thread that uses it */
  guint         index;
  guint         items;       /* producers: how many to put */
  gint         *kick_shared; /* the pipeline-style kick counter, atomic */
  gint         *stop_shared; /* the disturber stops when it is set, atomic */
  gboolean      patient;     /* always waits forever, as a blocking worker does */
  gboolean      kicks;       /* the disturber also kicks every waiter */
  GArray       *got;         /* consumers: what each took */
  guint         refused;     /* producers: puts refused by a shutdown */
} QueueActor;

static gint queue_items_freed;

static void
queue_item_free_cb (gpointer item)
{
  g_atomic_int_inc (&queue_items_freed);
}

static gint64
random_timeout_us (QueueActor *actor)
{
  GRand *rand = actor->rand;

  /* A wait that ends by itself rescues a lost wakeup and hides it: the
   * patient threads are the ones that would hang. */
  if (actor->patient)
    return -1;

  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0:
      return 0;
    case 1:
      return g_rand_int_range (rand, 1, 50);
    case 2:
      return g_rand_int_range (rand, 50, 2000);
    default:
      return -1;
    }
}

static guint
random_queue_capacity (GRand *rand)
{
  return g_rand_int_range (rand, 0, 8) == 0 ? 0 : (guint) g_rand_int_range (rand, 1, 5);
}

static gpointer
queue_producer_thread (gpointer data)
{
  QueueActor *actor = data;

  for (guint i = 0; i < actor->items; i++)
    {
      /* Item ids start at 1; the producer is in the high bits. */
      gpointer item = GSIZE_TO_POINTER (((gsize) actor->index << 20) + i + 1);

      for (;;)
        {
          gint seen = g_atomic_int_get (actor->kick_shared);
          PlQueueStatus status = _pl_queue_put_interruptible (actor->queue, item,
                                                              random_timeout_us (actor),
                                                              actor->kick_shared, seen);

          if (status == PL_QUEUE_OK)
            break;
          if (status == PL_QUEUE_SHUT_DOWN)
            {
              actor->refused += actor->items - i;
              return NULL;
            }
          g_assert_cmpint (status, ==, PL_QUEUE_FULL);
        }
    }

  return NULL;
}

static gpointer
queue_consumer_thread (gpointer data)
{
  QueueActor *actor = data;

  for (;;)
    {
      gint seen = g_atomic_int_get (actor->kick_shared);
      gpointer item = NULL;
      PlQueueStatus status = _pl_queue_get_interruptible (actor->queue, &item,
                                                          random_timeout_us (actor),
                                                          actor->kick_shared, seen);

      if (status == PL_QUEUE_OK)
        {
          gsize id = GPOINTER_TO_SIZE (item);

          g_array_append_val (actor->got, id);
          g_assert_true (pl_queue_task_done (actor->queue));
        }
      else if (status == PL_QUEUE_CLOSED || status == PL_QUEUE_SHUT_DOWN)
        {
          return NULL;
        }
      else
        {
          g_assert_cmpint (status, ==, PL_QUEUE_EMPTY);
        }
    }
}

/* Shrinks and grows the capacity and kicks every waiter, until told to stop. */
static gpointer
queue_disturber_thread (gpointer data)
{
  QueueActor *actor = data;

  while (!g_atomic_int_get (actor->stop_shared))
    {
      if (!actor->kicks || g_rand_boolean (actor->rand))
        pl_queue_set_capacity (actor->queue, random_queue_capacity (actor->rand));
      else
        {
          g_atomic_int_inc (actor->kick_shared);
          _pl_queue_wake_all (actor->queue);
        }
      g_usleep (g_rand_int_range (actor->rand, 0, 300));
    }

  return NULL;
}

static void
queue_run (guint64  seed,
           guint64 *items_seen)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) (seed ^ (seed >> 32)));
  g_autofree gchar *what = g_strdup_printf ("queue storm, seed %" G_GUINT64_FORMAT, seed);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n_producers = g_rand_int_range (rand, 1, QUEUE_MAX_THREADS + 1);
  guint n_consumers = g_rand_int_range (rand, 1, QUEUE_MAX_THREADS + 1);
  gboolean shut_down = g_rand_int_range (rand, 0, 3) == 0;
  gboolean immediate = g_rand_boolean (rand);
  QueueActor producers[QUEUE_MAX_THREADS];
  QueueActor consumers[QUEUE_MAX_THREADS];
  QueueActor disturber;
  GThread *producer_threads[QUEUE_MAX_THREADS];
  GThread *consumer_threads[QUEUE_MAX_THREADS];
  GThread *disturber_thread;
  PlQueue *queue;
  PlQueueStats stats;
  gint kick = 0;
  gint stop = 0;
  guint64 fed = 0;
  guint64 refused = 0;
  guint64 received = 0;

  set_reproduce_line (what, seed);
  watchdog_arm (what, seed, watchdog_seconds ());
  g_atomic_int_set (&queue_items_freed, 0);
  queue = pl_queue_new (random_queue_capacity (rand), queue_item_free_cb);

  memset (&disturber, 0, sizeof disturber);
  disturber.queue = queue;
  disturber.rand = g_rand_new_with_seed (g_rand_int (rand));
  disturber.kick_shared = &kick;
  disturber.stop_shared = &stop;
  disturber.kicks = g_rand_boolean (rand);
  disturber_thread = g_thread_new ("storm-disturber", queue_disturber_thread, &disturber);

  for (guint c = 0; c < n_consumers; c++)
    {
      memset (&consumers[c], 0, sizeof consumers[c]);
      consumers[c].queue = queue;
      consumers[c].rand = g_rand_new_with_seed (g_rand_int (rand));
      consumers[c].kick_shared = &kick;
      consumers[c].got = g_array_new (FALSE, FALSE, sizeof (gsize));
      consumers[c].patient = g_rand_int_range (rand, 0, 3) == 0;
      consumer_threads[c] = g_thread_new ("storm-consumer", queue_consumer_thread, &consumers[c]);
    }
  for (guint p = 0; p < n_producers; p++)
    {
      memset (&producers[p], 0, sizeof producers[p]);
      producers[p].queue = queue;
      producers[p].rand = g_rand_new_with_seed (g_rand_int (rand));
      producers[p].index = p;
      producers[p].items = g_rand_int_range (rand, 1, 400);
      producers[p].kick_shared = &kick;
      producers[p].patient = g_rand_int_range (rand, 0, 3) == 0;
      fed += producers[p].items;
      producer_threads[p] = g_thread_new ("storm-producer", queue_producer_thread, &producers[p]);
    }

  if (shut_down)
    {
      /* Somewhere in the middle of it all. */
      g_usleep (g_rand_int_range (rand, 0, 3000));
      pl_queue_shutdown (queue, immediate);
    }
  for (guint p = 0; p < n_producers; p++)
    {
      g_thread_join (producer_threads[p]);
      refused += producers[p].refused;
    }
  /* From here on nothing rescues a sleeper but the queue's own wakeups. */
  g_atomic_int_set (&stop, 1);
  g_thread_join (disturber_thread);

  /* One marker per consumer; after a shutdown they are refused, and the
   * consumers leave on SHUT_DOWN instead. */
  for (guint c = 0; c < n_consumers; c++)
    {
      PlQueueStatus status = pl_queue_close (queue, -1);

      g_assert_true (status == PL_QUEUE_OK || (shut_down && status == PL_QUEUE_SHUT_DOWN));
    }
  for (guint c = 0; c < n_consumers; c++)
    g_thread_join (consumer_threads[c]);

  /* Everything fed ends in exactly one place: taken by one consumer once,
   * refused at the door, or dropped by an immediate shutdown. */
  for (guint c = 0; c < n_consumers; c++)
    {
      for (guint i = 0; i < consumers[c].got->len; i++)
        {
          gsize id = g_array_index (consumers[c].got, gsize, i);

          if (g_hash_table_contains (seen, GSIZE_TO_POINTER (id)))
            g_error ("seed %" G_GUINT64_FORMAT ": item %#" G_GSIZE_MODIFIER "x taken twice",
                     seed, id);
          g_hash_table_add (seen, GSIZE_TO_POINTER (id));
        }
      received += consumers[c].got->len;
      g_array_unref (consumers[c].got);
      g_rand_free (consumers[c].rand);
    }
  for (guint p = 0; p < n_producers; p++)
    g_rand_free (producers[p].rand);
  g_rand_free (disturber.rand);

  pl_queue_get_stats (queue, &stats);
  if (received + refused + (guint64) g_atomic_int_get (&queue_items_freed) + stats.depth
      - stats.markers != fed)
    g_error ("seed %" G_GUINT64_FORMAT ": %" G_GUINT64_FORMAT " fed, but %" G_GUINT64_FORMAT
             " taken + %" G_GUINT64_FORMAT " refused + %d dropped + %u left",
             seed, fed, received, refused, g_atomic_int_get (&queue_items_freed),
             stats.depth - stats.markers);
  if (!shut_down)
    {
      g_assert_cmpuint (received, ==, fed);
      g_assert_cmpuint (stats.depth, ==, 0);
      g_assert_cmpuint (stats.unfinished, ==, 0);
      g_assert_true (pl_queue_join_timeout (queue, 0));
    }
  g_assert_cmpuint (stats.getters_waiting + stats.putters_waiting + stats.joiners_waiting, ==, 0);

  pl_queue_unref (queue);
  *items_seen += fed;
  watchdog_disarm ();
  set_reproduce_line (NULL, 0);
}

/*
 * Producers and consumers with random timeouts (none, a few microseconds,
 * a few milliseconds, forever; a third of them always forever) on one
 * queue, while another thread shrinks and grows its capacity and, in half
 * the runs, kicks every waiter; some runs shut the queue down in the
 * middle. The storm stops before the consumers are told to finish, so
 * that only the queue's own wakeups can end the run. This is what the queue's wakeup counts must survive:
 * every item taken exactly once, nobody left asleep, and the watchdog
 * catching any wakeup that was lost.
 */
static void
test_queue_storm (void)
{
  gboolean runs_given;
  guint64 first_seed = env_u64 ("PL_STRESS_SEED", g_random_int (), NULL);
  guint64 runs = env_u64 ("PL_STRESS_RUNS", DEFAULT_RUNS, &runs_given);
  gint64 start_us = g_get_monotonic_time ();
  guint64 items = 0;
  guint done = 0;

  g_test_message ("first seed %" G_GUINT64_FORMAT "; reproduce one run with "
                  "PL_STRESS_SEED=<its seed> PL_STRESS_RUNS=1", first_seed);

  for (guint64 i = 0; i < runs; i++)
    {
      if (!runs_given && g_get_monotonic_time () - start_us > QUEUE_BUDGET_S * G_USEC_PER_SEC)
        break;
      queue_run (first_seed + i, &items);
      done++;
    }

  g_test_message ("%u queue runs, %" G_GUINT64_FORMAT " items, each accounted for once, in %.1f s",
                  done, items, (g_get_monotonic_time () - start_us) / 1e6);
  g_assert_cmpuint (done, >, 0);
}

/*
 * Cancel with every worker asleep on a 10 s delay behind full queues must
 * interrupt the sleeps, not wait them out. A stage's measured service time
 * grows only when a delay runs to its end, so it must not move across the
 * cancel; neither may the work done. The cancel itself is bounded by the
 * watchdog. Its latency is printed, never asserted: the benchmark holds the
 * 100 ms target.
 */
static void
test_cancel_all_asleep (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlPipeline) pipeline = NULL;
  g_autoptr(PlSample) before = NULL;
  g_autoptr(PlSample) after = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint64 accounted = 0;
  gint64 start_us;
  gint64 took_us;

  watchdog_arm ("cancel with every worker asleep", 0, watchdog_seconds ());

  pipeline = pl_scenario_start_all_asleep (3, 4, 8, 10000.0, 30 * G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pipeline);

  before = pl_pipeline_sample (pipeline);
  start_us = g_get_monotonic_time ();
  pl_pipeline_cancel (pipeline);
  took_us = g_get_monotonic_time () - start_us;
  watchdog_disarm ();
  g_test_message ("cancel returned %.2f ms after it was called, with %u workers asleep on a"
                  " 10 s delay and every queue full", took_us / 1000.0, 3 * 4);

  g_assert_cmpint (pl_pipeline_get_state (pipeline), ==, PL_PIPELINE_CANCELLED);
  after = pl_pipeline_sample (pipeline);
  g_assert_cmpuint (after->n_stages, ==, before->n_stages);
  for (guint s = 0; s < after->n_stages; s++)
    {
      /* No sleep was waited out, in any stage. */
      g_assert_cmpint (after->stages[s].service_us, ==, before->stages[s].service_us);
      g_assert_cmpuint (after->stages[s].work_done, ==, before->stages[s].work_done);
      g_assert_cmpuint (after->stages[s].n_workers, ==, before->stages[s].n_workers);
      for (guint w = 0; w < before->stages[s].n_workers; w++)
        g_assert_cmpint (before->stages[s].workers[w].state, ==, PL_WORKER_WORKING);
    }
  for (guint s = 0; s < after->n_stages; s++)
    for (guint w = 0; w < after->stages[s].n_workers; w++)
      {
        guint64 seq = after->stages[s].workers[w].item;

        g_assert_cmpint (after->stages[s].workers[w].state, ==, PL_WORKER_CANCELLED);
        /* Each was interrupted mid-sleep, so it still holds its item. */
        g_assert_cmpuint (seq, !=, G_MAXUINT64);
        g_assert_false (g_hash_table_contains (seen, &seq));
        g_hash_table_add (seen, g_memdup2 (&seq, sizeof seq));
        accounted++;
      }
  for (guint q = 0; q <= after->n_stages; q++)
    accounted += take_items (pl_pipeline_get_queue (pipeline, q), seen, "queue", 0);
  g_assert_cmpuint (accounted, ==, after->produced);
  g_assert_cmpuint (after->produced, ==, before->produced);

  g_clear_object (&pipeline);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  signal (SIGABRT, print_reproduce_cb);
  watchdog.thread = g_thread_new ("watchdog", watchdog_thread, NULL);

  g_test_add_func ("/pl/stress/live-changes", test_live_changes);
  g_test_add_func ("/pl/stress/queue-storm", test_queue_storm);
  g_test_add_func ("/pl/stress/cancel-all-asleep", test_cancel_all_asleep);

  status = g_test_run ();

  pthread_mutex_lock (&watchdog.lock);
  watchdog.stop = TRUE;
  pthread_mutex_unlock (&watchdog.lock);
  g_thread_join (watchdog.thread);
  g_free (watchdog.what);

  return status;
}
