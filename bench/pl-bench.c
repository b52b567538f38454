/* pl-bench.c: how fast the engine is, measured against what it replaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each comparison runs both sides in this one process, repeats them,
 * prints medians and a ratio, and says whether the target was met. Speed is
 * measured here and never asserted in the tests: the test machines are
 * shared and noisy.
 *
 *   pipeline-lab-bench [--quick] [--strict] [--repeats=N] COMPARISON...
 *   pipeline-lab-bench list
 */

#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pl-delay.h"
#include "pl-pipeline.h"
#include "pl-pipeline-private.h"
#include "pl-queue.h"
#include "pl-scenario.h"
#include "pl-sysinfo.h"

#ifdef PL_BENCH_HAVE_GUI
# include <cairo.h>
# include <signal.h>
# include <sys/wait.h>
# include <gtk/gtk.h>
# include "pl-lesson-soak.h"
# include "pl-scene.h"
# include "pl-scene-renderer.h"
# include "pl-window.h"
#endif

typedef struct
{
  gboolean quick;      /* small sizes: checks that every comparison still runs */
  gboolean strict;     /* exit 1 when a target is missed */
  guint    repeats;
  guint    missed;
  guint    failed;
} Bench;

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble x = *(const gdouble *) a;
  gdouble y = *(const gdouble *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static gdouble
median (const gdouble *values,
        guint          n)
{
  g_autofree gdouble *sorted = g_memdup2 (values, n * sizeof *values);

  g_assert (n > 0);
  qsort (sorted, n, sizeof *sorted, compare_doubles);

  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

static gdouble
quantile (const gdouble *values,
          guint          n,
          gdouble        q)
{
  g_autofree gdouble *sorted = g_memdup2 (values, n * sizeof *values);
  guint index;

  g_assert (n > 0);
  qsort (sorted, n, sizeof *sorted, compare_doubles);
  index = MIN ((guint) (q * (n - 1) + 0.5), n - 1);

  return sorted[index];
}

static void
target (Bench       *bench,
        gboolean     met,
        const gchar *format,
        ...) G_GNUC_PRINTF (3, 4);

static void
target (Bench       *bench,
        gboolean     met,
        const gchar *format,
        ...)
{
  g_autofree gchar *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  /* Quick runs are too small to mean anything; they only prove the
   * comparison still works. */
  if (bench->quick)
    {
      printf ("TARGET %s: not judged (quick run)\n", text);
      return;
    }

  printf ("TARGET %s: %s\n", text, met ? "met" : "NOT MET");
  if (!met)
    bench->missed++;
}

/* Other work on the machine skews every number here: say how much there was. */
static void
print_load (void)
{
  g_autofree gchar *loadavg = NULL;

  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    {
      g_strchomp (loadavg);
      printf ("   load average: %s\n", loadavg);
    }
}

static void
fail (Bench       *bench,
      const gchar *what)
{
  printf ("FAILED %s\n", what);
  bench->failed++;
}

/* The engine's pipeline */

typedef struct
{
  gdouble  seconds;
  guint64  processed;
  guint    samples;
} EngineRun;

static void
config_zero_delay (PlConfig *config,
                   guint64   items,
                   guint     capacity)
{
  pl_config_init_default (config);   /* three stages, one worker each */
  config->mode = PL_MODE_BLOCKING;
  config->work = PL_WORK_SLEEP;
  config->items = items;
  config->auto_close = TRUE;
  for (guint s = 0; s < config->n_stages; s++)
    {
      config->stages[s].mean_ms = 0.0;
      config->stages[s].workers = 1;
      config->capacities[s] = capacity;
    }
}

/* Runs a configured pipeline to its end, draining the reporting queue in
 * this thread as the window would. */
static gboolean
run_to_end (PlPipeline *pipeline,
            EngineRun  *run,
            gint64      timeout_us)
{
  g_autoptr(GError) error = NULL;
  GAsyncQueue *messages = _pl_pipeline_get_messages (pipeline);
  gint64 start_us;
  gint64 deadline_us;
  gboolean done = FALSE;
  PlQueueStats stats;
  PlConfig config;

  memset (run, 0, sizeof *run);

  start_us = g_get_monotonic_time ();
  deadline_us = start_us + timeout_us;
  if (!pl_pipeline_start (pipeline, &error))
    {
      printf ("cannot start the pipeline: %s\n", error->message);
      return FALSE;
    }

  while (!done)
    {
      PlMessage *message = g_async_queue_timeout_pop (messages, 50000);

      if (message == NULL)
        {
          if (g_get_monotonic_time () > deadline_us)
            {
              printf ("the pipeline did not finish within %.0f s\n", timeout_us / 1e6);
              pl_pipeline_cancel (pipeline);
              return FALSE;
            }
          continue;
        }

      if (message->kind == PL_MESSAGE_SAMPLE)
        run->samples++;
      else if (message->event.kind == PL_EVENT_ALL_DONE)
        done = TRUE;
      pl_message_free (message);
    }

  run->seconds = (g_get_monotonic_time () - start_us) / 1e6;
  pl_pipeline_wait (pipeline, -1);
  pl_pipeline_get_config (pipeline, &config);
  pl_queue_get_stats (pl_pipeline_get_queue (pipeline, config.n_stages), &stats);
  run->processed = stats.puts;

  return TRUE;
}

static gboolean
run_engine (guint64    items,
            guint      capacity,
            gboolean   sampling,
            EngineRun *run)
{
  g_autoptr(PlPipeline) pipeline = NULL;
  PlConfig config;

  config_zero_delay (&config, items, capacity);
  pipeline = pl_pipeline_new (&config);
  pl_pipeline_set_sampling (pipeline, sampling);

  if (!run_to_end (pipeline, run, 300 * G_USEC_PER_SEC))
    return FALSE;
  if (run->processed != items)
    {
      printf ("the pipeline delivered %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " items\n",
              run->processed, items);
      return FALSE;
    }

  return TRUE;
}

/* The same pipeline from GLib's GAsyncQueue */

typedef struct
{
  guint64 seq;
  gint64  born_us;
  guint   stage;
} BaseItem;

static const gint base_end;
#define BASE_END ((gpointer) &base_end)

/* GAsyncQueue has no capacity. This counting gate gives it one, with the
 * same care as PlQueue: it only signals when somebody waits. */
typedef struct
{
  GMutex lock;
  GCond  cond;
  guint  used;
  guint  capacity;
  guint  waiting;
} Gate;

static void
gate_enter (Gate *gate)
{
  if (gate == NULL)
    return;

  g_mutex_lock (&gate->lock);
  while (gate->used >= gate->capacity)
    {
      gate->waiting++;
      g_cond_wait (&gate->cond, &gate->lock);
      gate->waiting--;
    }
  gate->used++;
  g_mutex_unlock (&gate->lock);
}

static void
gate_leave (Gate *gate)
{
  gboolean wake;

  if (gate == NULL)
    return;

  g_mutex_lock (&gate->lock);
  gate->used--;
  wake = gate->waiting > 0;
  g_mutex_unlock (&gate->lock);

  if (wake)
    g_cond_signal (&gate->cond);
}

#define BASE_STAGES 3

typedef struct
{
  GAsyncQueue *queues[BASE_STAGES + 1];
  Gate        *gates[BASE_STAGES + 1];   /* NULL: unbounded */
  BaseItem    *items;
  guint64      n_items;
} BaseLine;

typedef struct
{
  BaseLine *line;
  guint     stage;
} BaseStage;

static gpointer
base_producer (gpointer data)
{
  BaseLine *line = data;

  for (guint64 i = 0; i < line->n_items; i++)
    {
      BaseItem *item = &line->items[i];

      item->seq = i;
      item->born_us = 0;
      item->stage = 0;
      gate_enter (line->gates[0]);
      g_async_queue_push (line->queues[0], item);
    }
  gate_enter (line->gates[0]);
  g_async_queue_push (line->queues[0], BASE_END);

  return NULL;
}

static gpointer
base_stage (gpointer data)
{
  BaseStage *stage = data;
  BaseLine *line = stage->line;
  guint s = stage->stage;

  for (;;)
    {
      gpointer entry = g_async_queue_pop (line->queues[s]);

      gate_leave (line->gates[s]);
      if (entry != BASE_END)
        ((BaseItem *) entry)->stage++;
      gate_enter (line->gates[s + 1]);
      g_async_queue_push (line->queues[s + 1], entry);
      if (entry == BASE_END)
        break;
    }

  return NULL;
}

static gboolean
run_gasyncqueue (guint64  items,
                 guint    capacity,
                 gdouble *seconds)
{
  BaseLine line = { { NULL } };
  BaseStage stages[BASE_STAGES];
  Gate gates[BASE_STAGES];
  GThread *threads[BASE_STAGES + 1];
  gint64 start_us;
  gint done_length;

  line.items = g_new0 (BaseItem, items);
  line.n_items = items;
  for (guint q = 0; q <= BASE_STAGES; q++)
    line.queues[q] = g_async_queue_new ();
  for (guint s = 0; s < BASE_STAGES; s++)
    {
      g_mutex_init (&gates[s].lock);
      g_cond_init (&gates[s].cond);
      gates[s].used = 0;
      gates[s].capacity = capacity;
      gates[s].waiting = 0;
      line.gates[s] = capacity > 0 ? &gates[s] : NULL;
    }

  start_us = g_get_monotonic_time ();
  for (guint s = 0; s < BASE_STAGES; s++)
    {
      stages[s].line = &line;
      stages[s].stage = s;
      threads[s] = g_thread_new ("base-stage", base_stage, &stages[s]);
    }
  threads[BASE_STAGES] = g_thread_new ("base-producer", base_producer, &line);
  for (guint t = 0; t <= BASE_STAGES; t++)
    g_thread_join (threads[t]);
  *seconds = (g_get_monotonic_time () - start_us) / 1e6;

  done_length = g_async_queue_length (line.queues[BASE_STAGES]);
  for (guint q = 0; q <= BASE_STAGES; q++)
    g_async_queue_unref (line.queues[q]);
  for (guint s = 0; s < BASE_STAGES; s++)
    {
      g_mutex_clear (&gates[s].lock);
      g_cond_clear (&gates[s].cond);
    }
  g_free (line.items);

  /* Every item and the end marker. */
  return done_length == (gint) items + 1;
}

/* Comparisons */

/* The sides of the throughput comparison, in the order of odd runs; even
 * runs take them backwards, so that no side always runs first or last on
 * a machine whose load drifts. */
enum {
  SIDE_ENGINE_UNBOUNDED,
  SIDE_ENGINE_BOUNDED,
  SIDE_ASYNC,
  SIDE_ASYNC_GATED,
  N_SIDES
};

static gboolean
bench_throughput (Bench *bench)
{
  static const gchar *names[N_SIDES] = {
    "engine unbounded", "engine capacity 64", "GAsyncQueue", "GAsyncQueue gated to 64",
  };
  guint64 items = bench->quick ? 20000 : 1000000;
  guint capacity = 64;
  gdouble *rates[N_SIDES];
  gdouble *cpu[N_SIDES];
  gdouble median_rate[N_SIDES];
  g_autofree gdouble *paired = g_new0 (gdouble, bench->repeats);
  g_autofree gdouble *paired_bounded = g_new0 (gdouble, bench->repeats);
  g_autofree gdouble *paired_gated = g_new0 (gdouble, bench->repeats);
  guint samples = 0;
  gboolean ok = TRUE;

  printf ("== throughput: 3 stages, zero delay, blocking, %" G_GUINT64_FORMAT " items\n", items);
  printf ("   engine: sampling on, messages drained in the main thread, unbounded and capacity %u\n",
          capacity);
  printf ("   GAsyncQueue: plain and unbounded as GLib ships it, no counters; and gated to %u\n",
          capacity);
  printf ("   the sides run one after the other, in reverse order every other run\n");

  for (guint s = 0; s < N_SIDES; s++)
    {
      rates[s] = g_new0 (gdouble, bench->repeats);
      cpu[s] = g_new0 (gdouble, bench->repeats);
    }

  for (guint r = 0; r < bench->repeats && ok; r++)
    {
      for (guint i = 0; i < N_SIDES && ok; i++)
        {
          guint side = r % 2 == 0 ? i : N_SIDES - 1 - i;
          EngineRun run;
          gdouble seconds = 0;
          gint64 cpu_ns = pl_sysinfo_process_cpu_ns ();

          switch (side)
            {
            case SIDE_ENGINE_UNBOUNDED:
            case SIDE_ENGINE_BOUNDED:
              ok = run_engine (items, side == SIDE_ENGINE_BOUNDED ? capacity : 0, TRUE, &run);
              seconds = run.seconds;
              samples += run.samples;
              break;
            case SIDE_ASYNC:
            case SIDE_ASYNC_GATED:
              ok = run_gasyncqueue (items, side == SIDE_ASYNC_GATED ? capacity : 0, &seconds);
              break;
            default:
              g_assert_not_reached ();
            }
          if (!ok)
            {
              g_autofree gchar *what = g_strdup_printf ("throughput: %s run", names[side]);

              fail (bench, what);
              break;
            }
          rates[side][r] = items / seconds;
          cpu[side][r] = (pl_sysinfo_process_cpu_ns () - cpu_ns) / (gdouble) items;
        }
      if (!ok)
        break;

      paired[r] = rates[SIDE_ENGINE_UNBOUNDED][r] / rates[SIDE_ASYNC][r];
      paired_bounded[r] = rates[SIDE_ENGINE_BOUNDED][r] / rates[SIDE_ASYNC][r];
      paired_gated[r] = rates[SIDE_ENGINE_BOUNDED][r] / rates[SIDE_ASYNC_GATED][r];
      printf ("   run %u: engine unbounded %.0f items/s, engine capacity %u %.0f, "
              "GAsyncQueue %.0f, gated GAsyncQueue %.0f\n",
              r + 1, rates[SIDE_ENGINE_UNBOUNDED][r], capacity, rates[SIDE_ENGINE_BOUNDED][r],
              rates[SIDE_ASYNC][r], rates[SIDE_ASYNC_GATED][r]);
      printf ("          processor ns per item: %.0f, %.0f, %.0f, %.0f\n",
              cpu[SIDE_ENGINE_UNBOUNDED][r], cpu[SIDE_ENGINE_BOUNDED][r],
              cpu[SIDE_ASYNC][r], cpu[SIDE_ASYNC_GATED][r]);
    }

  if (ok)
    {
      gdouble unbounded_ratio, bounded_ratio, gated_ratio;

      for (guint s = 0; s < N_SIDES; s++)
        median_rate[s] = median (rates[s], bench->repeats);
      unbounded_ratio = median_rate[SIDE_ENGINE_UNBOUNDED] / median_rate[SIDE_ASYNC];
      bounded_ratio = median_rate[SIDE_ENGINE_BOUNDED] / median_rate[SIDE_ASYNC];
      gated_ratio = median_rate[SIDE_ENGINE_BOUNDED] / median_rate[SIDE_ASYNC_GATED];

      for (guint s = 0; s < N_SIDES; s++)
        printf ("MEDIAN %-24s %10.0f items/s, %5.0f processor ns per item\n", names[s],
                median_rate[s], median (cpu[s], bench->repeats));
      printf ("   the engine published %.1f samples a run\n",
              (gdouble) samples / (2 * bench->repeats));
      /* The ratio of the medians, and in brackets the median of the ratios
       * of each run's sides, measured a few seconds apart. */
      printf ("RATIO engine unbounded / GAsyncQueue              = %.2f (paired %.2f)\n",
              unbounded_ratio, median (paired, bench->repeats));
      printf ("RATIO engine capacity %u / GAsyncQueue            = %.2f (paired %.2f)\n",
              capacity, bounded_ratio, median (paired_bounded, bench->repeats));
      printf ("RATIO engine capacity %u / GAsyncQueue gated to %u = %.2f (paired %.2f)\n",
              capacity, capacity, gated_ratio, median (paired_gated, bench->repeats));
      target (bench, unbounded_ratio >= 1.5,
              "engine unbounded >= 1.5x plain GAsyncQueue (%.2fx)", unbounded_ratio);
      target (bench, bounded_ratio >= 1.2,
              "engine at capacity %u >= 1.2x plain GAsyncQueue (%.2fx)", capacity, bounded_ratio);
      target (bench, gated_ratio >= 1.5,
              "engine at capacity %u >= 1.5x GAsyncQueue gated to the same capacity (%.2fx)",
              capacity, gated_ratio);
    }

  for (guint s = 0; s < N_SIDES; s++)
    {
      g_free (rates[s]);
      g_free (cpu[s]);
    }

  return ok;
}

typedef struct
{
  PlQueue     *queue;
  GAsyncQueue *async;
  Gate        *gate;
  guint64      n;
} PairJob;

static gpointer
pair_pl_producer (gpointer data)
{
  PairJob *job = data;

  for (guint64 i = 1; i <= job->n; i++)
    pl_queue_put (job->queue, GSIZE_TO_POINTER (i), -1);
  pl_queue_close (job->queue, -1);

  return NULL;
}

static gpointer
pair_async_producer (gpointer data)
{
  PairJob *job = data;

  for (guint64 i = 1; i <= job->n; i++)
    g_async_queue_push (job->async, GSIZE_TO_POINTER (i));
  g_async_queue_push (job->async, BASE_END);

  return NULL;
}

static gpointer
pair_gated_producer (gpointer data)
{
  PairJob *job = data;

  for (guint64 i = 1; i <= job->n + 1; i++)
    {
      gate_enter (job->gate);
      g_async_queue_push (job->async, i <= job->n ? GSIZE_TO_POINTER (i) : BASE_END);
    }

  return NULL;
}

/* Returns the seconds taken, or a negative value if an item went astray. */
static gdouble
pair_pl_queue (guint64 n,
               guint   capacity)
{
  g_autoptr(PlQueue) queue = pl_queue_new (capacity, NULL);
  PairJob job = { queue, NULL, NULL, n };
  GThread *producer;
  guint64 expected = 1;
  gint64 start_us = g_get_monotonic_time ();
  gpointer item;

  producer = g_thread_new ("pair-producer", pair_pl_producer, &job);
  while (pl_queue_get (queue, &item, -1) == PL_QUEUE_OK)
    {
      if (GPOINTER_TO_SIZE (item) != expected)
        expected = G_MAXUINT64;
      else
        expected++;
      pl_queue_task_done (queue);
    }
  g_thread_join (producer);

  return expected == n + 1 ? (g_get_monotonic_time () - start_us) / 1e6 : -1.0;
}

/* Capacity 0: unbounded, as GLib ships it; otherwise bounded by a gate. */
static gdouble
pair_gasyncqueue (guint64 n,
                  guint   capacity)
{
  GAsyncQueue *async = g_async_queue_new ();
  Gate gate = { .capacity = capacity };
  PairJob job = { NULL, async, capacity > 0 ? &gate : NULL, n };
  GThread *producer;
  guint64 expected = 1;
  gint64 start_us = g_get_monotonic_time ();
  gpointer item;

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  producer = g_thread_new ("pair-producer", capacity > 0 ? pair_gated_producer : pair_async_producer,
                           &job);
  while ((item = g_async_queue_pop (async)) != BASE_END)
    {
      gate_leave (job.gate);
      if (GPOINTER_TO_SIZE (item) != expected)
        expected = G_MAXUINT64;
      else
        expected++;
    }
  g_thread_join (producer);
  g_async_queue_unref (async);
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);

  return expected == n + 1 ? (g_get_monotonic_time () - start_us) / 1e6 : -1.0;
}

static gboolean
bench_queue (Bench *bench)
{
  guint64 n = bench->quick ? 50000 : 2000000;
  static const guint capacities[] = { 64, 0 };

  printf ("== queue: one producer thread, one consumer thread, %" G_GUINT64_FORMAT " items\n", n);
  printf ("   PlQueue: put, get, task_done; GAsyncQueue: push, pop (bounded by a gate)\n");

  for (guint c = 0; c < G_N_ELEMENTS (capacities); c++)
    {
      guint capacity = capacities[c];
      g_autofree gdouble *pl = g_new0 (gdouble, bench->repeats);
      g_autofree gdouble *async = g_new0 (gdouble, bench->repeats);
      gdouble pl_rate, async_rate;

      for (guint r = 0; r < bench->repeats; r++)
        {
          gdouble seconds = pair_pl_queue (n, capacity);

          if (seconds < 0)
            {
              fail (bench, "queue: PlQueue lost or reordered an item");
              return FALSE;
            }
          pl[r] = n / seconds;

          seconds = pair_gasyncqueue (n, capacity);
          if (seconds < 0)
            {
              fail (bench, "queue: GAsyncQueue lost or reordered an item");
              return FALSE;
            }
          async[r] = n / seconds;
          printf ("   capacity %u, run %u: PlQueue %.0f items/s, GAsyncQueue %.0f\n",
                  capacity, r + 1, pl[r], async[r]);
        }

      pl_rate = median (pl, bench->repeats);
      async_rate = median (async, bench->repeats);
      printf ("MEDIAN capacity %-3u PlQueue      %12.0f items/s\n", capacity, pl_rate);
      printf ("MEDIAN capacity %-3u GAsyncQueue  %12.0f items/s\n", capacity, async_rate);
      printf ("RATIO capacity %u (%s): PlQueue / GAsyncQueue = %.2f\n", capacity,
              capacity == 0 ? "unbounded" : "bounded", pl_rate / async_rate);
    }
  printf ("TARGET none (for the table)\n");

  return TRUE;
}

/* The textbook bounded queue: one mutex and two condition variables, each
 * put and get signalling the other side, as the book's Queue and every
 * operating systems course write it. POSIX threads, because glibc's
 * condition variable makes no system call when nobody waits, while GLib's
 * (2.74) always does: this is the fair textbook opponent. */
typedef struct
{
  pthread_mutex_t lock;
  pthread_cond_t  not_empty;
  pthread_cond_t  not_full;
  gpointer       *ring;
  guint           capacity;
  guint           head;
  guint           depth;
} BookQueue;

static void
book_queue_init (BookQueue *queue,
                 guint      capacity)
{
  pthread_mutex_init (&queue->lock, NULL);
  pthread_cond_init (&queue->not_empty, NULL);
  pthread_cond_init (&queue->not_full, NULL);
  queue->ring = g_new0 (gpointer, capacity);
  queue->capacity = capacity;
  queue->head = 0;
  queue->depth = 0;
}

static void
book_queue_clear (BookQueue *queue)
{
  pthread_mutex_destroy (&queue->lock);
  pthread_cond_destroy (&queue->not_empty);
  pthread_cond_destroy (&queue->not_full);
  g_free (queue->ring);
}

static void
book_queue_put (BookQueue *queue,
                gpointer   item)
{
  pthread_mutex_lock (&queue->lock);
  while (queue->depth == queue->capacity)
    pthread_cond_wait (&queue->not_full, &queue->lock);
  queue->ring[(queue->head + queue->depth) % queue->capacity] = item;
  queue->depth++;
  pthread_cond_signal (&queue->not_empty);
  pthread_mutex_unlock (&queue->lock);
}

static gpointer
book_queue_get (BookQueue *queue)
{
  gpointer item;

  pthread_mutex_lock (&queue->lock);
  while (queue->depth == 0)
    pthread_cond_wait (&queue->not_empty, &queue->lock);
  item = queue->ring[queue->head];
  queue->head = (queue->head + 1) % queue->capacity;
  queue->depth--;
  pthread_cond_signal (&queue->not_full);
  pthread_mutex_unlock (&queue->lock);

  return item;
}

typedef struct
{
  BookQueue  queues[BASE_STAGES];
  BaseItem  *items;
  guint64    n_items;
  guint64    delivered;
} BookLine;

typedef struct
{
  BookLine *line;
  guint     stage;
} BookStage;

static gpointer
book_producer (gpointer data)
{
  BookLine *line = data;

  for (guint64 i = 0; i < line->n_items; i++)
    {
      line->items[i].seq = i;
      book_queue_put (&line->queues[0], &line->items[i]);
    }
  book_queue_put (&line->queues[0], BASE_END);

  return NULL;
}

static gpointer
book_stage (gpointer data)
{
  BookStage *stage = data;
  BookLine *line = stage->line;
  guint s = stage->stage;

  for (;;)
    {
      gpointer entry = book_queue_get (&line->queues[s]);

      if (entry != BASE_END)
        ((BaseItem *) entry)->stage++;
      if (s + 1 < BASE_STAGES)
        book_queue_put (&line->queues[s + 1], entry);
      else if (entry != BASE_END)
        line->delivered++;
      if (entry == BASE_END)
        break;
    }

  return NULL;
}

/* The three-stage line on textbook queues of @capacity. */
static gboolean
run_book_line (guint64  items,
               guint    capacity,
               gdouble *seconds)
{
  BookLine line = { 0 };
  BookStage stages[BASE_STAGES];
  GThread *threads[BASE_STAGES + 1];
  gint64 start_us;
  guint64 delivered;

  line.items = g_new0 (BaseItem, items);
  line.n_items = items;
  for (guint q = 0; q < BASE_STAGES; q++)
    book_queue_init (&line.queues[q], capacity);

  start_us = g_get_monotonic_time ();
  for (guint s = 0; s < BASE_STAGES; s++)
    {
      stages[s].line = &line;
      stages[s].stage = s;
      threads[s] = g_thread_new ("book-stage", book_stage, &stages[s]);
    }
  threads[BASE_STAGES] = g_thread_new ("book-producer", book_producer, &line);
  for (guint t = 0; t <= BASE_STAGES; t++)
    g_thread_join (threads[t]);
  *seconds = (g_get_monotonic_time () - start_us) / 1e6;

  delivered = line.delivered;
  for (guint q = 0; q < BASE_STAGES; q++)
    book_queue_clear (&line.queues[q]);
  g_free (line.items);

  return delivered == items;
}

/* The book's Queue(1): every hand-over waits. What matters there is what
 * each item costs the processor, and that nobody burns a core waiting. */
static gboolean
bench_capacity_one (Bench *bench)
{
  guint64 items = bench->quick ? 5000 : 200000;
  g_autofree gdouble *engine_rate = g_new0 (gdouble, bench->repeats);
  g_autofree gdouble *engine_cpu = g_new0 (gdouble, bench->repeats);
  g_autofree gdouble *engine_cores = g_new0 (gdouble, bench->repeats);
  g_autofree gdouble *book_rate = g_new0 (gdouble, bench->repeats);
  g_autofree gdouble *book_cpu = g_new0 (gdouble, bench->repeats);
  g_autofree gdouble *book_cores = g_new0 (gdouble, bench->repeats);
  gdouble engine_us, book_us;

  printf ("== capacity-1: 3 stages, zero delay, blocking, %" G_GUINT64_FORMAT
          " items, every queue of capacity 1\n", items);
  printf ("   engine: sampling on, messages drained in the main thread\n");
  printf ("   textbook: one mutex and two condition variables per queue (POSIX threads)\n");
  printf ("   processor time is the whole process's, user and system; the sides alternate\n");

  for (guint r = 0; r < bench->repeats; r++)
    {
      for (guint i = 0; i < 2; i++)
        {
          gboolean engine_side = (r + i) % 2 == 0;
          gint64 cpu_ns = pl_sysinfo_process_cpu_ns ();
          gdouble seconds;

          if (engine_side)
            {
              EngineRun run;

              if (!run_engine (items, 1, TRUE, &run))
                {
                  fail (bench, "capacity-1: engine run");
                  return FALSE;
                }
              seconds = run.seconds;
              engine_rate[r] = items / seconds;
              engine_cpu[r] = (pl_sysinfo_process_cpu_ns () - cpu_ns) / 1e3 / items;
              engine_cores[r] = engine_cpu[r] * items / 1e6 / seconds;
            }
          else
            {
              if (!run_book_line (items, 1, &seconds))
                {
                  fail (bench, "capacity-1: textbook line lost items");
                  return FALSE;
                }
              book_rate[r] = items / seconds;
              book_cpu[r] = (pl_sysinfo_process_cpu_ns () - cpu_ns) / 1e3 / items;
              book_cores[r] = book_cpu[r] * items / 1e6 / seconds;
            }
        }
      printf ("   run %u: engine %.0f items/s, %.2f us of processor per item, %.2f cores;"
              " textbook %.0f items/s, %.2f us, %.2f cores\n",
              r + 1, engine_rate[r], engine_cpu[r], engine_cores[r],
              book_rate[r], book_cpu[r], book_cores[r]);
    }

  engine_us = median (engine_cpu, bench->repeats);
  book_us = median (book_cpu, bench->repeats);
  printf ("MEDIAN engine    %10.0f items/s, %.2f us of processor per item, %.2f cores busy\n",
          median (engine_rate, bench->repeats), engine_us, median (engine_cores, bench->repeats));
  printf ("MEDIAN textbook  %10.0f items/s, %.2f us of processor per item, %.2f cores busy\n",
          median (book_rate, bench->repeats), book_us, median (book_cores, bench->repeats));
  printf ("RATIO processor per item, engine / textbook = %.2f\n", engine_us / book_us);
  printf ("RATIO throughput, engine / textbook = %.2f\n",
          median (engine_rate, bench->repeats) / median (book_rate, bench->repeats));
  target (bench, engine_us <= book_us,
          "engine's processor time per item at capacity 1 <= the textbook queue's (%.2fx)",
          engine_us / book_us);

  return TRUE;
}

static gboolean
run_python (const gchar *python,
            guint64      items,
            gdouble     *rate,
            gchar      **version)
{
  g_autofree gchar *script = g_build_filename (PL_BENCH_SOURCE_DIR, "queue_pipeline.py", NULL);
  g_autofree gchar *items_arg = g_strdup_printf ("%" G_GUINT64_FORMAT, items);
  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;
  g_autoptr(GError) error = NULL;
  const gchar *argv[] = { python, script, "--items", items_arg, "--capacity", "64", NULL };
  const gchar *found;
  gint status = 0;

  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error))
    {
      printf ("cannot run %s: %s\n", python, error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, &error))
    {
      printf ("%s failed: %s\n%s", script, error->message, err);
      return FALSE;
    }

  found = strstr (out, "items_per_s=");
  if (found == NULL)
    {
      printf ("%s printed no rate: %s\n", script, out);
      return FALSE;
    }
  *rate = g_ascii_strtod (found + strlen ("items_per_s="), NULL);

  found = strstr (out, "python=");
  if (found != NULL && version != NULL && *version == NULL)
    *version = g_strstrip (g_strdup (found + strlen ("python=")));

  return *rate > 0;
}

static gboolean
bench_python (Bench *bench)
{
  g_autofree gchar *python = NULL;
  g_autofree gchar *version = NULL;
  guint64 items = bench->quick ? 5000 : 200000;
  g_autofree gdouble *engine = g_new0 (gdouble, bench->repeats);
  g_autofree gdouble *py = g_new0 (gdouble, bench->repeats);
  gdouble engine_rate, py_rate;

  printf ("== python: the throughput pipeline against Python's queue.Queue, %"
          G_GUINT64_FORMAT " items\n", items);
  /* The system's Python, as Debian ships it, rather than whichever one a
   * user's PATH finds first. */
  if (g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    python = g_strdup ("/usr/bin/python3");
  else
    python = g_find_program_in_path ("python3");
  if (python == NULL)
    {
      printf ("SKIPPED python3 is not installed\n");
      return TRUE;
    }

  for (guint r = 0; r < bench->repeats; r++)
    {
      EngineRun run;

      if (!run_engine (items, 64, TRUE, &run))
        {
          fail (bench, "python: engine run");
          return FALSE;
        }
      engine[r] = items / run.seconds;
      if (!run_python (python, items, &py[r], &version))
        {
          fail (bench, "python: queue.Queue run");
          return FALSE;
        }
      printf ("   run %u: engine %.0f items/s, queue.Queue %.0f\n", r + 1, engine[r], py[r]);
    }

  engine_rate = median (engine, bench->repeats);
  py_rate = median (py, bench->repeats);
  printf ("MEDIAN engine       %12.0f items/s\n", engine_rate);
  printf ("MEDIAN queue.Queue  %12.0f items/s (%s, Python %s)\n", py_rate, python,
          version != NULL ? version : "?");
  printf ("RATIO engine / queue.Queue = %.1f\n", engine_rate / py_rate);
  printf ("TARGET none (for the table)\n");

  return TRUE;
}

/* Runs @repeats pairs of the throughput pipeline, sampling on and off,
 * alternating which goes first so that a noisy neighbour hurts both sides
 * alike. Returns the slowdown of the medians, off / on - 1, or a negative
 * value below -1 when a run failed. */
static gdouble
sampling_pairs (guint64      items,
                guint        repeats,
                const gchar *label)
{
  g_autofree gdouble *on = g_new0 (gdouble, repeats);
  g_autofree gdouble *off = g_new0 (gdouble, repeats);
  gdouble on_rate, off_rate, slowdown;

  for (guint r = 0; r < repeats; r++)
    {
      EngineRun run;

      if (!run_engine (items, 64, r % 2 == 0, &run))
        return -2.0;
      (r % 2 == 0 ? on : off)[r] = items / run.seconds;
      if (!run_engine (items, 64, r % 2 != 0, &run))
        return -2.0;
      (r % 2 != 0 ? on : off)[r] = items / run.seconds;
      printf ("   %srun %u: on %.0f items/s, off %.0f\n", label, r + 1, on[r], off[r]);
    }

  on_rate = median (on, repeats);
  off_rate = median (off, repeats);
  slowdown = off_rate / on_rate - 1.0;
  printf ("MEDIAN %ssampling on   %12.0f items/s\n", label, on_rate);
  printf ("MEDIAN %ssampling off  %12.0f items/s\n", label, off_rate);
  printf ("RATIO %son / off = %.3f (%.1f%% slower watched)\n", label, on_rate / off_rate,
          slowdown * 100.0);

  return slowdown;
}

static gboolean
bench_sampling (Bench *bench)
{
  guint64 items = bench->quick ? 20000 : 1000000;
  /* The cost looked for is a few per cent, and identical runs on two
   * shared cores differ by far more than that: three times the pairs. */
  guint repeats = bench->quick ? bench->repeats : 3 * bench->repeats;
  gdouble slowdown;

  printf ("== sampling: the throughput pipeline with sampling on and off, %"
          G_GUINT64_FORMAT " items, %u pairs\n", items, repeats);

  slowdown = sampling_pairs (items, repeats, "");
  if (slowdown < -1.0)
    {
      fail (bench, "sampling: engine run");
      return FALSE;
    }
  target (bench, slowdown <= 0.03, "sampling costs <= 3%% (%.1f%%)", slowdown * 100.0);

  return TRUE;
}

/* Idle cost */

static gboolean
all_workers_in (const PlSample *sample,
                PlWorkerState   state)
{
  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      if (sample->stages[s].workers[w].state != state)
        return FALSE;

  return TRUE;
}

static gboolean
wait_for_idle (PlPipeline    *pipeline,
               PlWorkerState  state,
               guint64        processed,
               gint64         timeout_us)
{
  gint64 deadline_us = g_get_monotonic_time () + timeout_us;

  for (;;)
    {
      g_autoptr(PlSample) sample = pl_pipeline_sample (pipeline);

      if (all_workers_in (sample, state) && sample->processed >= processed)
        return TRUE;
      if (g_get_monotonic_time () > deadline_us)
        return FALSE;
      pl_scenario_drain_messages (pipeline);
      g_usleep (5000);
    }
}

/* Process CPU over @seconds of wall time, while this thread drains the
 * messages as the window would, as a share of one core. */
static gdouble
measure_idle_cpu (PlPipeline *pipeline,
                  gdouble     seconds,
                  guint      *messages_seen)
{
  GAsyncQueue *messages = _pl_pipeline_get_messages (pipeline);
  gint64 start_us = g_get_monotonic_time ();
  gint64 end_us = start_us + (gint64) (seconds * G_USEC_PER_SEC);
  gint64 cpu_start = pl_sysinfo_process_cpu_ns ();
  gint64 now;

  *messages_seen = 0;
  while ((now = g_get_monotonic_time ()) < end_us)
    {
      PlMessage *message = g_async_queue_timeout_pop (messages, end_us - now);

      if (message != NULL)
        {
          (*messages_seen)++;
          pl_message_free (message);
        }
    }

  return (pl_sysinfo_process_cpu_ns () - cpu_start) / 1e9
         / ((g_get_monotonic_time () - start_us) / 1e6);
}

/* Starts @config, pauses it if asked, waits until every worker is in
 * @state, then measures. Returns a negative share when it never settled. */
static gdouble
idle_share (const PlConfig *config,
            gboolean        pause,
            gboolean        sampling,
            PlWorkerState   state,
            guint64         processed,
            gdouble         seconds)
{
  g_autoptr(PlPipeline) pipeline = pl_pipeline_new (config);
  g_autoptr(GError) error = NULL;
  guint messages;
  gdouble share;

  pl_pipeline_set_sampling (pipeline, sampling);
  if (!pl_pipeline_start (pipeline, &error))
    return -1.0;
  if (pause)
    pl_pipeline_set_paused (pipeline, TRUE);
  if (!wait_for_idle (pipeline, state, processed, 10 * G_USEC_PER_SEC))
    return -1.0;

  /* Let the wake-ups of settling die down first. */
  g_usleep (100000);
  pl_scenario_drain_messages (pipeline);
  share = measure_idle_cpu (pipeline, seconds, &messages);
  pl_pipeline_cancel (pipeline);

  return share;
}

static gboolean
bench_idle (Bench *bench)
{
  gdouble seconds = bench->quick ? 0.3 : 2.0;
  gdouble paused, starved, paused_quiet, starved_quiet, busy;
  PlConfig running;
  PlConfig starving;
  PlConfig polling;

  printf ("== idle: process CPU over %.1f s, 3 stages x 1 worker, messages drained\n", seconds);

  config_zero_delay (&running, 1000000, 64);
  config_zero_delay (&starving, 32, 64);
  starving.auto_close = FALSE;
  polling = starving;
  polling.mode = PL_MODE_BUSY_WAIT;
  polling.backoff_ms = 10.0;

  paused = idle_share (&running, TRUE, TRUE, PL_WORKER_PAUSED, 0, seconds);
  starved = idle_share (&starving, FALSE, TRUE, PL_WORKER_WAITING_GET, 32, seconds);
  /* What is left without the 60 Hz snapshots, and the lesson's contrast:
   * busy-waiting on the same starved line with the seed's 10 ms backoff. */
  paused_quiet = idle_share (&running, TRUE, FALSE, PL_WORKER_PAUSED, 0, seconds);
  starved_quiet = idle_share (&starving, FALSE, FALSE, PL_WORKER_WAITING_GET, 32, seconds);
  busy = idle_share (&polling, FALSE, TRUE, PL_WORKER_BACKOFF, 32, seconds);

  if (paused < 0 || starved < 0 || paused_quiet < 0 || starved_quiet < 0 || busy < 0)
    {
      fail (bench, "idle: a pipeline did not settle within 10 s");
      return FALSE;
    }

  printf ("   paused:              %.3f%% of one core (sampling off: %.3f%%)\n",
          paused * 100.0, paused_quiet * 100.0);
  printf ("   starved, blocking:   %.3f%% of one core (sampling off: %.3f%%)\n",
          starved * 100.0, starved_quiet * 100.0);
  printf ("   starved, busy-wait:  %.3f%% of one core (10 ms backoff)\n", busy * 100.0);
  printf ("RATIO busy-wait / blocking when starved = %.1f\n", starved > 0 ? busy / starved : 0.0);
  target (bench, paused < 0.01, "paused pipeline < 1%% of a core (%.3f%%)", paused * 100.0);
  target (bench, starved < 0.01, "starved blocking pipeline < 1%% of a core (%.3f%%)",
          starved * 100.0);

  return TRUE;
}

/* Delay fidelity */

typedef struct
{
  gdouble measured_ms;   /* the stage's own mean service time */
  gdouble drawn_ms;      /* the mean of the delays it actually drew */
  guint64 work_done;
} DelayRun;

static gboolean
run_delay (gdouble         mean_ms,
           PlDistribution  distribution,
           guint           workers,
           guint64         items,
           DelayRun       *out)
{
  g_autoptr(PlPipeline) pipeline = NULL;
  g_autoptr(PlSample) sample = NULL;
  gdouble drawn_us = 0.0;
  EngineRun run;
  PlConfig config;

  pl_config_init_default (&config);
  config.mode = PL_MODE_BLOCKING;
  config.work = PL_WORK_SLEEP;
  config.items = items;
  config.auto_close = TRUE;
  config.seed = 12345;
  config.n_stages = 1;
  g_strlcpy (config.stages[0].name, "sleep", PL_STAGE_NAME_LEN);
  config.stages[0].mean_ms = mean_ms;
  config.stages[0].distribution = distribution;
  config.stages[0].workers = workers;
  config.capacities[0] = 64;

  pipeline = pl_pipeline_new (&config);
  if (!run_to_end (pipeline, &run, 120 * G_USEC_PER_SEC) || run.processed != items)
    return FALSE;

  sample = pl_pipeline_sample (pipeline);

  /* Each worker draws from its own seeded generator, one draw per item, so
   * the delays it was asked for can be drawn again here. That takes the
   * luck of the draw out of the comparison: what is left is the engine. */
  for (guint w = 0; w < sample->stages[0].n_workers; w++)
    {
      g_autoptr(PlDelay) delay = pl_delay_new (config.seed, 0, w);

      for (guint64 i = 0; i < sample->stages[0].workers[w].work_done; i++)
        drawn_us += pl_delay_draw_us (delay, mean_ms, distribution);
    }

  out->work_done = sample->stages[0].work_done;
  out->measured_ms = pl_stage_sample_mean_service_ms (&sample->stages[0]);
  out->drawn_ms = drawn_us / 1000.0 / MAX (out->work_done, 1);

  return out->work_done == items;
}

static gboolean
bench_delay (Bench *bench)
{
  static const gdouble means[] = { 1.0, 5.0, 20.0 };
  static const PlDistribution distributions[] = { PL_DIST_FIXED, PL_DIST_EXPONENTIAL };
  guint workers = 4;
  guint repeats = MIN (bench->repeats, 3);
  gdouble worst = 0.0;

  printf ("== delay: measured mean service time against the setting, 1 stage x %u workers,"
          " median of %u runs\n", workers, repeats);
  printf ("   %-12s %8s %7s %11s %10s %9s %10s\n", "distribution", "mean ms", "items",
          "measured ms", "drawn ms", "vs drawn", "vs mean");

  for (guint d = 0; d < G_N_ELEMENTS (distributions); d++)
    for (guint m = 0; m < G_N_ELEMENTS (means); m++)
      {
        /* About 1.5 s of sleeping per run (0.2 s when quick). */
        guint64 items = (guint64) (workers * (bench->quick ? 200.0 : 1500.0) / means[m]);
        g_autofree gdouble *errors = g_new0 (gdouble, repeats);
        g_autofree gdouble *measured = g_new0 (gdouble, repeats);
        g_autofree gdouble *drawn = g_new0 (gdouble, repeats);
        gdouble error_drawn;
        guint middle = 0;

        for (guint r = 0; r < repeats; r++)
          {
            DelayRun run;

            if (!run_delay (means[m], distributions[d], workers, items, &run))
              {
                fail (bench, "delay: run did not finish every item");
                return FALSE;
              }
            errors[r] = run.measured_ms / run.drawn_ms - 1.0;
            measured[r] = run.measured_ms;
            drawn[r] = run.drawn_ms;
          }

        /* Report the run whose error is the median one. */
        error_drawn = median (errors, repeats);
        for (guint r = 0; r < repeats; r++)
          if (errors[r] == error_drawn
              || ABS (errors[r] - error_drawn) < ABS (errors[middle] - error_drawn))
            middle = r;
        worst = MAX (worst, ABS (error_drawn));
        printf ("   %-12s %8.1f %7" G_GUINT64_FORMAT " %11.3f %10.3f %+8.2f%% %+9.2f%%\n",
                pl_distribution_to_string (distributions[d]), means[m], items,
                measured[middle], drawn[middle], error_drawn * 100.0,
                (measured[middle] / means[m] - 1.0) * 100.0);
      }

  printf ("RATIO worst |measured / drawn - 1| = %.2f%%\n", worst * 100.0);
  printf ("   (\"vs drawn\" compares with the delays the workers drew, replayed from their"
          " seeds;\n    \"vs mean\" also holds the luck of the draw, about 100/sqrt(items) %%"
          " for exponential)\n");
  target (bench, worst <= 0.02, "every mean service time within 2%% of its delays (worst %.2f%%)",
          worst * 100.0);

  return TRUE;
}

/* Shutdown latency */

#ifdef PL_BENCH_PROGRAM
/* The program itself, headless, told to stop after @duration_s while every
 * worker of its first stage sleeps on a 10 s delay behind a full input
 * queue. Returns its wall time past the deadline in ms (process start and
 * the final report included), or a negative value when it failed. */
static gdouble
program_quit_ms (gdouble duration_s)
{
  g_autofree gchar *duration = g_strdup_printf ("--duration=%.1f", duration_s);
  g_autofree gchar *out = NULL;
  g_autoptr(GError) error = NULL;
  const gchar *argv[] = {
    PL_BENCH_PROGRAM, "--headless", "--items=1000", "--capacity=4",
    "--stage=first:10000:fixed:4", "--stage=second:10000:fixed:4",
    "--stage=third:10000:fixed:4", duration, NULL
  };
  gint64 start_us = g_get_monotonic_time ();
  gint status = 0;
  gdouble ms;

  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, &error))
    {
      printf ("cannot run %s: %s\n", PL_BENCH_PROGRAM, error->message);
      return -1.0;
    }
  ms = (g_get_monotonic_time () - start_us) / 1000.0 - duration_s * 1000.0;
  if (!g_spawn_check_wait_status (status, &error))
    {
      printf ("%s failed: %s\n", PL_BENCH_PROGRAM, error->message);
      return -1.0;
    }

  return ms;
}
#endif

static gboolean
bench_shutdown_latency (Bench *bench)
{
  guint repeats = bench->quick ? 1 : bench->repeats;
  g_autofree gdouble *ms = g_new0 (gdouble, repeats);
  g_autofree gdouble *quit_ms = g_new0 (gdouble, repeats);
  gdouble typical, typical_quit;
  gboolean met;

  printf ("== shutdown-latency: cancel with 3 stages x 4 workers asleep on a 10 s delay,"
          " every queue full\n");
  printf ("   cancel: pl_pipeline_cancel; quit: cancel, then drop the messages and the"
          " pipeline, as quitting the window does\n");

  for (guint r = 0; r < repeats; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlPipeline) pipeline = NULL;
      gint64 start_us;

      pipeline = pl_scenario_start_all_asleep (3, 4, 8, 10000.0, 30 * G_USEC_PER_SEC, &error);
      if (pipeline == NULL)
        {
          printf ("%s\n", error->message);
          fail (bench, "shutdown-latency: set-up");
          return FALSE;
        }

      start_us = g_get_monotonic_time ();
      pl_pipeline_cancel (pipeline);
      ms[r] = (g_get_monotonic_time () - start_us) / 1000.0;

      if (pl_pipeline_get_state (pipeline) != PL_PIPELINE_CANCELLED)
        {
          fail (bench, "shutdown-latency: the pipeline is not cancelled");
          return FALSE;
        }
      pl_scenario_drain_messages (pipeline);
      g_clear_object (&pipeline);
      quit_ms[r] = (g_get_monotonic_time () - start_us) / 1000.0;
      printf ("   run %u: cancel returned after %.2f ms, quit done after %.2f ms\n",
              r + 1, ms[r], quit_ms[r]);
    }

  typical = median (ms, repeats);
  typical_quit = median (quit_ms, repeats);
  printf ("MEDIAN cancel %.2f ms, worst %.2f ms\n", typical, quantile (ms, repeats, 1.0));
  printf ("MEDIAN quit %.2f ms, worst %.2f ms\n", typical_quit, quantile (quit_ms, repeats, 1.0));
  printf ("RATIO cancel / 10 s delay = %.5f\n", typical / 10000.0);
  printf ("RATIO quit / 10 s delay = %.5f\n", typical_quit / 10000.0);
  met = typical < 100.0 && typical_quit < 100.0;

#ifdef PL_BENCH_PROGRAM
  {
    g_autofree gdouble *program_ms = g_new0 (gdouble, repeats);
    gdouble typical_program;

    printf ("   program: pipeline-lab --headless, 3 stages x 4 workers on a 10 s delay,"
            " capacity 4, --duration=1.0\n");
    for (guint r = 0; r < repeats; r++)
      {
        program_ms[r] = program_quit_ms (1.0);
        if (program_ms[r] < 0)
          {
            fail (bench, "shutdown-latency: the program run");
            return FALSE;
          }
        printf ("   run %u: the program exited %.1f ms after its deadline\n", r + 1, program_ms[r]);
      }
    typical_program = median (program_ms, repeats);
    printf ("MEDIAN program exit past its deadline %.1f ms (process start and report included)\n",
            typical_program);
    printf ("RATIO program exit / 10 s delay = %.5f\n", typical_program / 10000.0);
    met = met && typical_program < 100.0;
    target (bench, met, "cancel, quit and the program's exit < 100 ms (%.2f, %.2f, %.1f ms)",
            typical, typical_quit, typical_program);
  }
#else
  target (bench, met, "cancel and quit < 100 ms (%.2f, %.2f ms)", typical, typical_quit);
#endif

  return TRUE;
}

/* Drawing */

#ifdef PL_BENCH_HAVE_GUI
static PlSample *
make_sample (guint64  serial,
             gint64   time_us,
             gboolean busy)
{
  PlSample *sample = pl_sample_new ();
  guint n_stages = 16;
  guint workers = 4;
  guint depth = busy ? 64 : 0;

  sample->serial = serial;
  sample->time_us = time_us;
  sample->elapsed_us = (gint64) serial * 16667;
  sample->state = PL_PIPELINE_RUNNING;
  sample->mode = PL_MODE_BLOCKING;
  sample->backoff_ms = 10.0;
  sample->items = 1000000;
  sample->produced = 10000 + serial * 40;
  sample->processed = serial * 40;
  sample->process_cpu_ns = (gint64) serial * 1000000;
  sample->n_stages = n_stages;
  sample->n_queues = n_stages + 1;

  for (guint s = 0; s < n_stages; s++)
    {
      PlStageSample *stage = &sample->stages[s];

      g_snprintf (stage->name, sizeof stage->name, "stage %u", s + 1);
      stage->mean_ms = 5.0;
      stage->distribution = PL_DIST_EXPONENTIAL;
      stage->n_workers = workers;
      for (guint w = 0; w < workers; w++)
        {
          PlWorkerSample *worker = &stage->workers[w];

          /* A mix, so that every glyph is drawn. */
          worker->state = busy ? (PlWorkerState) (PL_WORKER_WAITING_GET + (s + w + serial) % 5)
                               : PL_WORKER_WAITING_GET;
          worker->work_done = serial * 10 + w;
          worker->item = worker->state == PL_WORKER_WORKING ? serial * 4 + w : G_MAXUINT64;
          worker->cpu_ns = (gint64) serial * 100000;
          stage->work_done += worker->work_done;
        }
      stage->service_us = (gint64) stage->work_done * 5000;
      stage->cpu_ns = (gint64) serial * 400000;
    }

  for (guint q = 0; q <= n_stages; q++)
    {
      PlQueueSample *queue = &sample->queues[q];

      queue->stats.capacity = q < n_stages ? depth : 0;
      queue->stats.depth = depth;
      queue->stats.max_depth = depth;
      queue->stats.unfinished = depth;
      queue->stats.first_marker = -1;
      queue->stats.puts = serial * 40 + depth;
      queue->stats.gets = serial * 40;
    }

  return sample;
}

/* Times @frames frames of a scene fed a new sample each frame, as the
 * window's tick does. Returns the median frame and render times in ms. */
static void
time_frames (guint     frames,
             gboolean  busy,
             gdouble  *frame_median,
             gdouble  *render_median,
             gdouble  *frame_p95)
{
  g_autofree gdouble *frame_ms = g_new0 (gdouble, frames);
  g_autofree gdouble *render_ms = g_new0 (gdouble, frames);
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSceneCache) cache = pl_scene_cache_new ();
  cairo_surface_t *surface;
  PlSceneStyle style;
  gint width = 1280;
  gint height = 800;
  gint64 clock_us = g_get_monotonic_time ();

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  pl_scene_style_init (&style, FALSE);
  style.paint_background = TRUE;

  /* A few frames first, so fonts and glyph caches are warm. */
  for (guint i = 0; i < frames + 10; i++)
    {
      g_autoptr(PlSample) sample = make_sample (i + 1, clock_us, busy);
      gint64 start_us;
      gint64 render_us;
      cairo_t *cr;

      clock_us += 16667;
      start_us = g_get_monotonic_time ();

      /* One tick of the window: take the newest sample, step the
       * animation, paint. */
      pl_scene_push_sample (scene, sample);
      pl_scene_advance (scene, clock_us);
      render_us = g_get_monotonic_time ();
      cr = cairo_create (surface);
      pl_scene_render (scene, cache, cr, width, height, &style);
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      if (i >= 10)
        {
          gint64 end_us = g_get_monotonic_time ();

          frame_ms[i - 10] = (end_us - start_us) / 1000.0;
          render_ms[i - 10] = (end_us - render_us) / 1000.0;
        }
    }

  cairo_surface_destroy (surface);

  *frame_median = median (frame_ms, frames);
  *render_median = median (render_ms, frames);
  *frame_p95 = quantile (frame_ms, frames, 0.95);
}

static gboolean
bench_drawing (Bench *bench)
{
  guint frames = bench->quick ? 20 : 300;
  gdouble busy_frame, busy_render, busy_p95;
  gdouble idle_frame, idle_render, idle_p95;

  printf ("== drawing: one frame of 16 stages x 4 workers x 64 items a queue,"
          " 1280x800 ARGB32 image surface, %u frames\n", frames);

  time_frames (frames, TRUE, &busy_frame, &busy_render, &busy_p95);
  /* The same line with empty queues and idle workers tells the fixed cost
   * of a frame from the cost of what moves. */
  time_frames (frames, FALSE, &idle_frame, &idle_render, &idle_p95);

  printf ("MEDIAN frame %.3f ms (render alone %.3f ms), 95th percentile %.3f ms\n",
          busy_frame, busy_render, busy_p95);
  printf ("MEDIAN same line, empty and idle: frame %.3f ms (render alone %.3f ms)\n",
          idle_frame, idle_render);
  printf ("RATIO frame / 16.7 ms budget = %.3f\n", busy_frame / 16.667);
  target (bench, busy_frame < 2.0, "a frame < 2 ms (%.3f ms)", busy_frame);

  return TRUE;
}

/* The window itself, under a display server of its own */

static GPid   bench_xvfb_pid;
static gchar *bench_xvfb_display;

static void
stop_xvfb (void)
{
  if (bench_xvfb_pid > 0)
    {
      kill (bench_xvfb_pid, SIGTERM);
      waitpid (bench_xvfb_pid, NULL, 0);
      g_spawn_close_pid (bench_xvfb_pid);
      bench_xvfb_pid = 0;
    }
}

/* Starts Xvfb (1920x1200, 24 bits) on a free display number once, so that
 * the window is measured the same way wherever the benchmark runs.
 * Returns the display, or NULL when Xvfb cannot be started. */
static const gchar *
bench_display (void)
{
  g_autofree gchar *xvfb = g_find_program_in_path ("Xvfb");

  if (bench_xvfb_display != NULL || xvfb == NULL)
    return bench_xvfb_display;

  for (gint n = 140; n < 200 && bench_xvfb_display == NULL; n++)
    {
      g_autofree gchar *lock = g_strdup_printf ("/tmp/.X%d-lock", n);
      g_autofree gchar *socket = g_strdup_printf ("/tmp/.X11-unix/X%d", n);
      g_autofree gchar *display = g_strdup_printf (":%d", n);
      /* -noreset: the server would otherwise reset as the last client of
       * one benchmark leaves, and refuse the next one's connection while
       * it does. */
      const gchar *argv[] = { xvfb, display, "-screen", "0", "1920x1200x24", "-nolisten", "tcp",
                              "-noreset", NULL };
      gint64 deadline;
      GPid pid;

      if (g_file_test (lock, G_FILE_TEST_EXISTS) || g_file_test (socket, G_FILE_TEST_EXISTS))
        continue;
      if (!g_spawn_async (NULL, (gchar **) argv, NULL,
                          G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                          NULL, NULL, &pid, NULL))
        return NULL;

      deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (!g_file_test (socket, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline &&
             waitpid (pid, NULL, WNOHANG) == 0)
        g_usleep (20 * 1000);
      /* Another server may have taken the number meanwhile: ours must
       * still be running. */
      g_usleep (200 * 1000);
      if (g_file_test (socket, G_FILE_TEST_EXISTS) && waitpid (pid, NULL, WNOHANG) == 0)
        {
          bench_xvfb_pid = pid;
          bench_xvfb_display = g_steal_pointer (&display);
          atexit (stop_xvfb);
        }
      else
        {
          kill (pid, SIGTERM);
          waitpid (pid, NULL, 0);
        }
    }

  return bench_xvfb_display;
}

/* Process CPU time (every thread) of @pid, in clock ticks. */
static gint64
process_ticks (GPid pid)
{
  g_autofree gchar *path = g_strdup_printf ("/proc/%d/stat", (gint) pid);
  g_autofree gchar *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const gchar *after;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after = strrchr (stat, ')')) == NULL)
    return -1;
  /* After the name: state (field 3) ... utime (14), stime (15). */
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;

  return g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10);
}

/* Whether the line has started in process @pid: its producer thread is up. */
static gboolean
line_started (GPid pid)
{
  g_autofree gchar *path = g_strdup_printf ("/proc/%d/task", (gint) pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const gchar *task;

  while (dir != NULL && (task = g_dir_read_name (dir)) != NULL)
    {
      g_autofree gchar *comm_path = g_build_filename (path, task, "comm", NULL);
      g_autofree gchar *comm = NULL;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL) && g_str_has_prefix (comm, "pl-producer"))
        return TRUE;
    }

  return FALSE;
}

/* The program under `dbus-run-session`, as in a desktop session (its
 * accessibility bus included): the first child of @session named
 * pipeline-lab, or 0 while there is none. */
static GPid
session_child (GPid session)
{
  g_autofree gchar *path = g_strdup_printf ("/proc/%d/task/%d/children", (gint) session, (gint) session);
  g_autofree gchar *children = NULL;
  g_auto(GStrv) pids = NULL;

  if (!g_file_get_contents (path, &children, NULL, NULL))
    return 0;
  pids = g_strsplit (g_strstrip (children), " ", 0);
  for (guint i = 0; pids[i] != NULL; i++)
    {
      g_autofree gchar *comm_path = g_strdup_printf ("/proc/%s/comm", pids[i]);
      g_autofree gchar *comm = NULL;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL) && g_str_has_prefix (comm, "pipeline-lab"))
        return (GPid) atoi (pids[i]);
    }

  return 0;
}

/* Runs the program's window on the bounded lesson at 1280x800 and returns
 * its CPU per wall second over @seconds, from 2 s after the line started;
 * negative when it could not be measured. */
static gdouble
window_cpu (const gchar *display,
            const gchar *renderer,
            const gchar *panels,
            gdouble      seconds)
{
  g_autofree gchar *dir = g_dir_make_tmp ("pl-bench-XXXXXX", NULL);
  g_autofree gchar *picture = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), "window.png", NULL);
  g_autofree gchar *screenshot = g_strdup_printf ("--screenshot=%s", picture);
  g_autofree gchar *after = g_strdup_printf ("--after=%.0f", seconds + 60);
  g_autofree gchar *session = g_find_program_in_path ("dbus-run-session");
  const gchar *argv[] = { session, "--", PL_BENCH_PROGRAM, "--preset=bounded", screenshot, after,
                          "--size=1280x800", NULL };
  const gchar **program_argv = session != NULL ? argv : argv + 2;
  g_auto(GStrv) envp = g_get_environ ();
  gint64 deadline, ticks0, ticks1, wall0, wall1;
  gdouble share = -1;
  GPid spawned;
  GPid pid = 0;

  envp = g_environ_setenv (envp, "DISPLAY", display, TRUE);
  envp = g_environ_setenv (envp, "GSK_RENDERER", renderer, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", PL_BENCH_SCHEMA_DIR, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = panels != NULL ? g_environ_setenv (envp, "PIPELINE_LAB_PANELS", panels, TRUE)
                        : g_environ_unsetenv (envp, "PIPELINE_LAB_PANELS");

  if (!g_spawn_async (NULL, (gchar **) program_argv, envp,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &spawned, NULL))
    return -1;

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline && waitpid (spawned, NULL, WNOHANG) == 0)
    {
      if (pid == 0)
        pid = session != NULL ? session_child (spawned) : spawned;
      if (pid != 0 && line_started (pid))
        break;
      g_usleep (50 * 1000);
    }

  if (pid != 0 && line_started (pid))
    {
      g_usleep (2 * G_USEC_PER_SEC);
      ticks0 = process_ticks (pid);
      wall0 = g_get_monotonic_time ();
      g_usleep ((gulong) (seconds * G_USEC_PER_SEC));
      ticks1 = process_ticks (pid);
      wall1 = g_get_monotonic_time ();
      if (ticks0 >= 0 && ticks1 >= ticks0)
        share = (gdouble) (ticks1 - ticks0) / sysconf (_SC_CLK_TCK) / ((wall1 - wall0) / 1e6);
    }

  /* The session ends with its program. */
  kill (pid != 0 ? pid : spawned, SIGTERM);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (waitpid (spawned, NULL, WNOHANG) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (spawned, SIGKILL);
          waitpid (spawned, NULL, 0);
          break;
        }
      g_usleep (20 * 1000);
    }
  g_spawn_close_pid (spawned);
  g_remove (picture);
  if (dir != NULL)
    g_rmdir (dir);

  return share;
}

static gboolean
bench_window (Bench *bench)
{
  static const struct
  {
    const gchar *renderer;
    const gchar *panels;
    const gchar *what;
    gdouble      target;
  } cases[] = {
    { "cairo", NULL, "cairo renderer", 0.25 },
    { "cairo", "code,charts", "cairo, code panel and charts open", 0.35 },
    { "gl", NULL, "GL renderer (Mesa llvmpipe under Xvfb)", 0 },
  };
  const gchar *display = bench_display ();
  guint repeats = bench->quick ? 1 : MIN (bench->repeats, 3);
  gdouble seconds = bench->quick ? 1 : 10;

  printf ("== window: the program's whole process (line threads included) on the bounded"
          " lesson at 1280x800, in a session with its accessibility bus, CPU per wall second"
          " over %.0f s, median of %u runs\n",
          seconds, repeats);
  if (display == NULL)
    {
      printf ("SKIPPED: Xvfb cannot be started\n");
      return TRUE;
    }

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree gdouble *share = g_new0 (gdouble, repeats);
      gdouble typical;

      for (guint r = 0; r < repeats; r++)
        {
          share[r] = window_cpu (display, cases[c].renderer, cases[c].panels, seconds);
          if (share[r] < 0)
            {
              fail (bench, "window: the program did not start its line");
              return FALSE;
            }
        }
      typical = median (share, repeats);
      printf ("MEDIAN %s: %.3f of a core (runs:", cases[c].what, typical);
      for (guint r = 0; r < repeats; r++)
        printf (" %.3f", share[r]);
      printf (")\n");
      if (cases[c].target > 0)
        target (bench, typical <= cases[c].target, "%s <= %.2f of a core (%.3f)",
                cases[c].what, cases[c].target, typical);
    }

  return TRUE;
}

/* GTK in this process, on the benchmark's own display. */
static GtkApplication *
bench_gtk (Bench *bench)
{
  static GtkApplication *application;
  static gboolean tried;
  const gchar *display;

  /* GTK is initialised once: after a failure it cannot be tried again. */
  if (tried)
    {
      if (application == NULL)
        printf ("SKIPPED: GTK could not be started on the benchmark's display\n");
      return application;
    }
  tried = TRUE;

  display = bench_display ();
  if (display == NULL)
    {
      printf ("SKIPPED: Xvfb cannot be started\n");
      return NULL;
    }
  g_setenv ("DISPLAY", display, TRUE);
  g_unsetenv ("WAYLAND_DISPLAY");
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", PL_BENCH_SCHEMA_DIR, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  if (!gtk_init_check ())
    {
      fail (bench, "cannot open the benchmark's display");
      return NULL;
    }
  application = gtk_application_new (NULL, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, NULL);

  return application;
}

typedef struct
{
  GArray *frame_ms;
  guint   wanted;
} FrameLog;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  FrameLog *log = user_data;
  GdkFrameTimings *timings = gdk_frame_clock_get_current_timings (clock);
  gdouble ms;

  if (timings == NULL || log->frame_ms->len >= log->wanted)
    return;
  /* From the frame's start to the end of its painting. */
  ms = (g_get_monotonic_time () - gdk_frame_timings_get_frame_time (timings)) / 1000.0;
  g_array_append_val (log->frame_ms, ms);
}

/* A bound on a wait in the main loop. */
static gboolean
time_is_up_cb (gpointer user_data)
{
  gboolean *up = user_data;

  *up = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done (@data) holds or @seconds pass. It sleeps
 * between events: a loop that asked again without sleeping would take a
 * core from the window it measures. */
static void
iterate_until (gboolean (*done) (gpointer data),
               gpointer   data,
               guint      seconds)
{
  gboolean up = FALSE;
  guint timeout = g_timeout_add_seconds (seconds, time_is_up_cb, &up);

  while (!up && (done == NULL || !done (data)))
    g_main_context_iteration (NULL, TRUE);
  if (!up)
    g_source_remove (timeout);
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
frames_logged (gpointer data)
{
  FrameLog *log = data;

  return log->frame_ms->len >= log->wanted;
}

static gboolean
bench_frame_time (Bench *bench)
{
  GtkApplication *application;
  g_autoptr(GError) error = NULL;
  FrameLog log = { g_array_new (FALSE, FALSE, sizeof (gdouble)), bench->quick ? 30 : 600 };
  GdkFrameClock *clock;
  PlWindow *window;
  PlConfig config;
  gdouble typical, p95;
  gulong handler;

  printf ("== frame-time: the whole window, 1920x1080, cairo renderer, 16 stages x 4 workers,"
          " every queue full at 64 items; frame start (GdkFrameTimings) to the end of its"
          " paint, %u frames\n", log.wanted);
  application = bench_gtk (bench);
  if (application == NULL)
    {
      g_array_unref (log.frame_ms);
      return TRUE;
    }

  pl_config_init_default (&config);
  config.mode = PL_MODE_BLOCKING;
  config.items = 100000000;
  config.n_stages = PL_MAX_STAGES;
  for (guint s = 0; s < PL_MAX_STAGES; s++)
    {
      g_snprintf (config.stages[s].name, sizeof config.stages[s].name, "stage%u", s + 1);
      config.stages[s].workers = 4;
      config.stages[s].distribution = PL_DIST_FIXED;
      /* The last stage is the slowest, so every queue before it fills. */
      config.stages[s].mean_ms = s + 1 == PL_MAX_STAGES ? 20 : 1;
    }
  for (guint q = 0; q < G_N_ELEMENTS (config.capacities); q++)
    config.capacities[q] = 64;

  window = pl_window_new (application, &config);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_mapped, window, 30);
  if (!pl_window_start (window, &error))
    {
      fail (bench, error->message);
      gtk_window_destroy (GTK_WINDOW (window));
      g_object_unref (window);
      g_array_unref (log.frame_ms);
      return FALSE;
    }

  /* Two seconds for the queues to fill, then the frames. */
  iterate_until (NULL, NULL, 2);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect_after (clock, "after-paint", G_CALLBACK (after_paint_cb), &log);
  iterate_until (frames_logged, &log, 60);
  g_signal_handler_disconnect (clock, handler);
  printf ("   %d x %d window, %u frames in the time\n", gtk_widget_get_width (GTK_WIDGET (window)),
          gtk_widget_get_height (GTK_WIDGET (window)), log.frame_ms->len);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  if (log.frame_ms->len == 0)
    {
      fail (bench, "frame-time: no frame was painted");
      g_array_unref (log.frame_ms);
      return FALSE;
    }

  typical = median ((gdouble *) log.frame_ms->data, log.frame_ms->len);
  p95 = quantile ((gdouble *) log.frame_ms->data, log.frame_ms->len, 0.95);
  printf ("MEDIAN frame %.2f ms, 95th percentile %.2f ms\n", typical, p95);
  target (bench, p95 <= 8.0, "frame time 95th percentile <= 8 ms (%.2f ms)", p95);
  g_array_unref (log.frame_ms);

  return TRUE;
}

static gboolean
bench_window_memory (Bench *bench)
{
  GtkApplication *application;
  g_autoptr(GError) error = NULL;
  const gchar *minutes_env = g_getenv ("PL_BENCH_SOAK_MINUTES");
  gdouble minutes = minutes_env != NULL ? CLAMP (g_ascii_strtod (minutes_env, NULL), 1, 600) : 5;
  gdouble total_s = bench->quick ? 20 : minutes * 60;
  gdouble warm_s = bench->quick ? 10 : MIN (180, total_s / 2);
  PlLessonSoak soak;
  gdouble growth;

  printf ("== window-memory: the window at 1280x800 (cairo) for %.0f s, the line running,"
          " a lesson switch, a panel shown or hidden or a picture saved every 1.5 s;"
          " resident memory after %.0f s against the end (PL_BENCH_SOAK_MINUTES sets the"
          " length)\n", total_s, warm_s);
  application = bench_gtk (bench);
  if (application == NULL)
    return TRUE;

  if (!pl_lesson_soak_run (application, warm_s, total_s, 1.5, &soak, &error))
    {
      fail (bench, error->message);
      return FALSE;
    }
  growth = 100.0 * ((gdouble) soak.rss_end - (gdouble) soak.rss_warm) / (gdouble) soak.rss_warm;
  printf ("   %u steps: %u lessons, %u panel toggles, %u pictures\n",
          soak.steps, soak.lessons, soak.toggles, soak.exports);
  printf ("MEDIAN resident %.1f MiB after %.0f s, %.1f MiB at the end, peak %.1f MiB\n",
          soak.rss_warm / 1048576.0, warm_s, soak.rss_end / 1048576.0, soak.rss_peak / 1048576.0);
  printf ("RATIO end / warm = %.3f (%+.1f %%)\n", (gdouble) soak.rss_end / soak.rss_warm, growth);
  target (bench, growth <= 5.0, "memory after warming up grows <= 5%% (%+.1f %%)", growth);

  return TRUE;
}
#endif

typedef struct
{
  const gchar *name;
  const gchar *summary;
  gboolean   (*run) (Bench *bench);
} Comparison;

static const Comparison comparisons[] = {
  { "throughput", "3-stage pipeline: engine vs plain GAsyncQueue (targets >= 1.5x unbounded, 1.2x at 64)",
    bench_throughput },
  { "capacity-1", "3-stage pipeline at capacity 1: processor per item vs the textbook queue",
    bench_capacity_one },
  { "queue", "PlQueue vs GAsyncQueue, one producer and one consumer", bench_queue },
  { "python", "3-stage pipeline: engine vs Python queue.Queue", bench_python },
  { "sampling", "the cost of watching: sampling on vs off (target <= 3%)", bench_sampling },
#ifdef PL_BENCH_HAVE_GUI
  { "drawing", "one frame of a 16x4 scene (target < 2 ms)", bench_drawing },
  { "window", "the window's CPU on the bounded lesson (target <= 0.25 of a core)", bench_window },
  { "frame-time", "the window's frame time at 1920x1080, 16x4 (target p95 <= 8 ms)", bench_frame_time },
  { "window-memory", "the window's memory through lessons (target <= 5% growth)",
    bench_window_memory },
#endif
  { "idle", "CPU of a paused and of a starved pipeline (target < 1% of a core)", bench_idle },
  { "delay", "measured service time vs setting (target within 2%)", bench_delay },
  { "shutdown-latency", "cancel with everything asleep and full (target < 100 ms)",
    bench_shutdown_latency },
};

static void
print_machine (void)
{
  g_autofree gchar *cpuinfo = NULL;
  const gchar *model = "unknown";
  g_autofree gchar *model_copy = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      gchar *line = strstr (cpuinfo, "model name");

      if (line != NULL && (line = strchr (line, ':')) != NULL)
        {
          gchar *end = strchr (line, '\n');

          model_copy = g_strndup (line + 2, end != NULL ? (gsize) (end - line - 2) : strlen (line + 2));
          model = model_copy;
        }
    }

  printf ("# machine: %u cores online, CPU %s\n", g_get_num_processors (), model);
}

int
main (int    argc,
      char **argv)
{
  Bench bench = { FALSE, FALSE, 5, 0, 0 };
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();

  for (gint i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--quick"))
        bench.quick = TRUE;
      else if (g_str_equal (argv[i], "--strict"))
        bench.strict = TRUE;
      else if (g_str_has_prefix (argv[i], "--repeats="))
        bench.repeats = CLAMP (atoi (argv[i] + strlen ("--repeats=")), 1, 100);
      else if (g_str_equal (argv[i], "list"))
        {
          for (guint c = 0; c < G_N_ELEMENTS (comparisons); c++)
            printf ("%-18s %s\n", comparisons[c].name, comparisons[c].summary);
          return 0;
        }
      else if (g_str_equal (argv[i], "all"))
        {
          for (guint c = 0; c < G_N_ELEMENTS (comparisons); c++)
            g_ptr_array_add (chosen, (gpointer) &comparisons[c]);
        }
      else
        {
          gboolean found = FALSE;

          for (guint c = 0; c < G_N_ELEMENTS (comparisons) && !found; c++)
            {
              if (g_str_equal (argv[i], comparisons[c].name))
                {
                  g_ptr_array_add (chosen, (gpointer) &comparisons[c]);
                  found = TRUE;
                }
            }
          if (!found)
            {
              fprintf (stderr, "%s: unknown comparison '%s' (see '%s list')\n",
                       argv[0], argv[i], argv[0]);
              return 2;
            }
        }
    }

  if (chosen->len == 0)
    {
      fprintf (stderr, "usage: %s [--quick] [--strict] [--repeats=N] all|list|COMPARISON...\n",
               argv[0]);
      return 2;
    }
  if (bench.quick)
    bench.repeats = MIN (bench.repeats, 2);

  setvbuf (stdout, NULL, _IOLBF, 0);
  print_machine ();

  for (guint c = 0; c < chosen->len; c++)
    {
      const Comparison *comparison = g_ptr_array_index (chosen, c);

      comparison->run (&bench);
      print_load ();
      printf ("\n");
    }

  if (bench.failed > 0)
    return 1;
  if (bench.strict && bench.missed > 0)
    return 1;

  return 0;
}
