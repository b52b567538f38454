/* pl-pipeline-private.h: the pipeline's state, shared with its threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-item.h"
#include "pl-pipeline.h"
#include "pl-queue-private.h"
#include "pl-worker.h"

G_BEGIN_DECLS

/* Direct access to a queue, for the engine's tests and the benchmarks. */
PlQueue *pl_pipeline_get_queue (PlPipeline *self,
                                guint       queue);

/* Items are allocated by the producer in slabs of this many. */
#define PL_ITEM_SLAB 4096

/* One item in this many is timed through the whole line (a power of two). */
#define PL_TIMED_EVERY 16

typedef struct
{
  GPtrArray      *workers;        /* PlWorker *, the live ones by index */
  GPtrArray      *retired;        /* retired workers not joined yet */
  PlWorkerTotals  retired_totals; /* what the joined retired workers did */
  guint64         mean_bits;      /* gdouble mean_ms, read by the workers */
  gint            distribution;   /* PlDistribution */
} PlStage;

/* The CPU clock of one of the line's own threads other than a worker. */
typedef struct
{
  gint    tid;            /* set by the thread as it starts */
  gint    exited;         /* set last, after final_cpu_ns */
  gint64  final_cpu_ns;   /* its own last reading */
  gint64  last_cpu_ns;    /* the highest reading so far, under workers_lock */
} PlThreadClock;

typedef enum {
  PL_CLOCK_PRODUCER,
  PL_CLOCK_COORDINATOR,
  PL_CLOCK_SAMPLER,
  PL_N_CLOCKS
} PlClockKind;

/*
 * How far the line has been told to stop: who must leave at once. It only
 * grows, and only under control_lock (_pl_pipeline_stop_locked); every
 * thread reads it with g_atomic_int_get. Each level includes the ones
 * before it, so a nonzero value halts the workers and the producer: it is
 * the stop flag their sleeps watch (pl_delay_sleep_until,
 * pl_delay_spin_until).
 */
typedef enum {
  PL_STOP_NONE = 0,   /* nobody: the run goes on, or ends by its markers */
  PL_STOP_WORKERS,    /* the workers and the producer (cancel_workers) */
  PL_STOP_SAMPLER,    /* ...and the sampler: the coordinator ends the run,
                       * once every worker and the producer have left */
  PL_STOP_ALL,        /* ...and the coordinator: pl_pipeline_stop */
} PlStopLevel;

/*
 * Who touches what. "control" is control_lock, "workers" is workers_lock,
 * "atomic" is g_atomic_int_*, "relaxed" is _pl_load_* / _pl_store_*
 * (pl-atomic-private.h). A field "under control" is written with the lock
 * held and, when marked atomic or relaxed too, read without it. "Any" is
 * any thread that calls the public API (pl-pipeline.h).
 *
 * field                     guarded by              written by              read by
 * ------------------------  ----------------------  ----------------------  ------------------------
 * config                    control                 any (the setters)       any, coordinator, sampler
 * kick                      control, atomic inc     any, coordinator        every waiter, the queues
 * stop_level                control, atomic;        stop, coordinator       every thread
 *                             only grows
 * paused                    control, atomic         any (set_paused)        workers, producer, sampler
 * input_closed              control, atomic         close_input,            producer, coordinator,
 *                                                   shutdown_now,           set_items
 *                                                   coordinator
 * shutdown_requested        control, atomic         shutdown_now            workers, producer,
 *                                                                           coordinator, sampler
 * mode, work, backoff_bits, control, relaxed        any (the setters)       workers, producer,
 *   stages[].mean_bits,                                                     coordinator, sampler
 *   stages[].distribution
 * items                     control, relaxed        set_items; the          producer, coordinator,
 *                                                   producer raises it      sampler, get_config
 *                                                   past what it made
 * exit_serial               control, atomic inc     each exiting worker     coordinator, sampler
 * settings_serial           control, atomic inc     any (the setters)       sampler
 * state                     atomic; control but     start, coordinator,     any, sampler
 *                             in start (workers)    stop
 * stop_cause                atomic compare-and-     shutdown_now, stop      any, sampler (ending)
 *                             swap: the first wins
 * start_us, end_us,         relaxed; end under      start, mark_end         sampler, any
 *   process_cpu_*_ns          control
 * producer_exited           control, atomic         the producer, last      coordinator
 * sampler_exited            control, atomic         the sampler, last       coordinator
 * at_rest                   atomic                  sampler                 sampler (its samples)
 * sampling                  atomic                  any (set_sampling)      sampler
 * queue_closed[],           atomic                  coordinator             sampler
 *   queue_joined[]
 * workers_cancelled         atomic                  coordinator             sampler
 * coordinator_polls         relaxed, one writer     coordinator             sampler
 * produced, producer_polls, relaxed, one writer     producer                sampler, coordinator,
 *   items_allocated                                                         set_items
 * held_cap_reached          atomic                  producer                sampler, any (ending)
 * slabs, slab_used,         none: producer only     producer                producer (finalize, after
 *   spare_items, timed_tick                                                 the join)
 * free_items                compare-and-swap        last stage's workers    producer, which takes the
 *                                                   push                    whole stack at once
 * stages[].workers,         workers                 start,                  coordinator, sampler,
 *   .retired,                                       set_stage_workers,      stop
 *   .retired_totals                                 stop (joins)
 * threads_started           workers                 start                   set_stage_workers, sampler;
 *                                                                           set_keep_done, set_tracer
 *                                                                           (before start, unlocked)
 * closing                   workers                 coordinator             set_stage_workers
 * serial, area_time_us,     workers                 whoever builds a        the same
 *   area_depth, depth_area                          sample
 * clocks[].tid, .exited,    atomic and relaxed      each thread, its own    sampler
 *   .final_cpu_ns
 * clocks[].last_cpu_ns      workers                 whoever builds a        the same
 *                                                   sample
 * producer, coordinator,    cancel_lock once        start                   stop (joins)
 *   sampler (GThread *)       started
 * messages                  its own lock            any thread pushes       only a PlMonitor pops
 * keep_done, tracer,        none: set before start  the controlling thread  every thread, after start
 *   trace_*
 *
 * A PlWorker's own fields are listed in pl-worker.h.
 */
struct _PlPipeline
{
  GObject       parent_instance;

  guint         n_stages;
  PlQueue      *queues[PL_MAX_QUEUES];
  PlStage       stages[PL_MAX_STAGES];

  /*
   * The control lock and cond serve pause parking, every sleep, and the
   * waits of the coordinator. Whoever changes a setting that a waiter
   * checks takes the lock, changes it, bumps `kick` and broadcasts; then
   * it wakes the queues, whose waiters compare `kick` with the value they
   * read before deciding to wait.
   */
  GMutex        control_lock;
  GCond         control_cond;
  PlConfig      config;           /* the live settings */
  gint          kick;
  gint          stop_level;       /* PlStopLevel */
  gint          paused;
  gint          mode;             /* PlMode */
  gint          work;             /* PlWorkKind */
  guint64       backoff_bits;     /* gdouble backoff_ms */
  guint64       items;
  /* The producer stops after its current item, and the coordinator starts
   * closing: set by pl_pipeline_close_input, pl_pipeline_shutdown_now or
   * the coordinator's own close. */
  gint          input_closed;
  gint          producer_exited;
  gint          sampler_exited;
  gint          at_rest;          /* the sampler saw nothing move for a while */
  gint          shutdown_requested; /* pl_pipeline_shutdown_now was called */
  gint          exit_serial;      /* bumped by each exiting worker */
  gint          settings_serial;  /* bumped by a change only views see */
  gint          state;            /* PlPipelineState */
  gint          sampling;
  gint          queue_closed[PL_MAX_QUEUES];
  gint          queue_joined[PL_MAX_QUEUES];
  gint64        start_us;
  gint64        end_us;
  gint64        process_cpu_end_ns;
  gint64        process_cpu_start_ns;

  /* Written by the producer alone. */
  guint64       produced;
  guint64       producer_polls;
  gint          held_cap_reached;
  GPtrArray    *slabs;
  guint         slab_used;
  PlItem       *spare_items;      /* recycled items taken from free_items */
  gint64        timed_tick;       /* the coarse clock's tick of the last timed item */
  guint64       items_allocated;
  /* Delivered items, pushed by the last stage's workers (a lock-free stack
   * the producer empties whole, so it never sees a reused head). On a
   * cache line of its own: the producer's counters next to it change
   * with every item, and so does this. */
  gchar         free_items_pad_before[PL_CACHE_LINE];
  PlItem       *free_items;
  gchar         free_items_pad_after[PL_CACHE_LINE];
  gboolean      keep_done;        /* tests: the done queue keeps its items */
  gint          stop_cause;       /* PlRunEnding: the first shutdown, stop or cancel */

  /* Written by the coordinator alone. */
  guint64       coordinator_polls;
  gint          workers_cancelled;

  /*
   * Guards the stages' worker lists, the joins of worker threads, and the
   * integration of queue depths. Never held together with control_lock.
   * A GRecMutex because it is built on the pthread mutex, which race
   * detectors understand; it is never taken recursively.
   */
  GRecMutex     workers_lock;
  gboolean      threads_started;
  gboolean      closing;          /* the worker lists are frozen */
  guint64       serial;
  gint64        area_time_us;
  guint         area_depth[PL_MAX_QUEUES];
  gdouble       depth_area[PL_MAX_QUEUES];

  PlThreadClock clocks[PL_N_CLOCKS];

  GMutex        cancel_lock;
  GThread      *producer;
  GThread      *coordinator;
  GThread      *sampler;

  GAsyncQueue  *messages;

  /* Set before start when the run is traced, and NULL otherwise: each
   * hook costs one predictable branch when nothing is traced. */
  PlTracer     *tracer;
  PlTraceTrack *trace_producer;
  PlTraceTrack *trace_coordinator;
};

/* Called by the producer and the coordinator on each change of state. */
static inline void
_pl_pipeline_trace_producer (PlPipeline    *self,
                             PlWorkerState  state)
{
  if G_UNLIKELY (self->trace_producer != NULL)
    pl_trace_track_state (self->trace_producer, state);
}

static inline void
_pl_pipeline_trace_coordinator (PlPipeline              *self,
                                PlTraceCoordinatorState  state)
{
  if G_UNLIKELY (self->trace_coordinator != NULL)
    pl_trace_track_state (self->trace_coordinator, state);
}

/* In pl-pipeline-trace.c: the track of a new worker, when traced. */
PlTraceTrack *_pl_pipeline_trace_worker (PlPipeline *self,
                                         guint       stage,
                                         guint       index);
void          _pl_pipeline_abandon_trace (PlPipeline *self);

/* Called by the threads in pl-worker.c. */
/* TRUE once the workers and the producer must leave at once. */
static inline gboolean
_pl_pipeline_halted (PlPipeline *self)
{
  return g_atomic_int_get (&self->stop_level) >= PL_STOP_WORKERS;
}

/* TRUE once pl_pipeline_stop (or cancel) was called. */
static inline gboolean
_pl_pipeline_cancelled (PlPipeline *self)
{
  return g_atomic_int_get (&self->stop_level) >= PL_STOP_ALL;
}

/* TRUE once the line is being stopped: cancelled or shut down at once. */
static inline gboolean
_pl_pipeline_stopping (PlPipeline *self)
{
  return _pl_pipeline_halted (self) || g_atomic_int_get (&self->shutdown_requested);
}

/* A pause holds the threads between items, but not once the line is shut
 * down: they go on to the get or put that the shutdown refuses. */
static inline gboolean
_pl_pipeline_should_park (PlPipeline *self)
{
  return g_atomic_int_get (&self->paused) && !g_atomic_int_get (&self->shutdown_requested);
}

/* @value goes in the field of PlEvent that @kind names. */
void      _pl_pipeline_push_event    (PlPipeline   *self,
                                      PlEventKind   kind,
                                      guint64       value);
void      _pl_pipeline_broadcast     (PlPipeline   *self);
/* Parks the caller while paused; returns early once halted or *also is set. */
void      _pl_pipeline_park          (PlPipeline   *self,
                                      const gint   *also);
/* The busy-wait backoff after an empty poll or a full put. */
gboolean  _pl_pipeline_backoff       (PlPipeline   *self,
                                      gint          seen);
guint64   _pl_pipeline_processed     (PlPipeline   *self);

/*
 * What is timed. A clock read costs about as much as an item's whole trip
 * through a queue, and a line with no delay would spend a third of its time
 * reading clocks if every item were stamped in and out of every stage. So:
 *
 *  - the producer times one item in PL_TIMED_EVERY, and also the first item
 *    it makes in each tick of the coarse clock (a few ms), so that a slow
 *    line has every item timed (choose_timed in pl-worker.c);
 *  - a timed item is stamped into every queue, and its wait and service are
 *    measured in every stage;
 *  - a stage with a delay reads the clock for every item anyway, to sleep to
 *    its deadline: it measures every item, and the stage before it stamps
 *    every item it hands over, so that the waits in front of a stage with a
 *    delay are all measured and its deadlines chain as before.
 *
 * A queue's mean wait is then the mean over the items whose wait was
 * measured (PlQueueSample.waited of them), and a stage's service time counts
 * its measured items plus, for each item served unmeasured, the mean of the
 * measured ones. The choice of item never depends on what happens to it, so
 * both means are unbiased.
 */
static inline gboolean
_pl_pipeline_stage_has_delay (PlPipeline *self,
                              guint       stage)
{
  return stage < self->n_stages
         && _pl_load_double (&self->stages[stage].mean_bits) > 0.0;
}

/* TRUE when @item must carry the time it enters queue @queue. */
static inline gboolean
_pl_pipeline_stamps (PlPipeline   *self,
                     const PlItem *item,
                     guint         queue)
{
  return item->timed || _pl_pipeline_stage_has_delay (self, queue);
}

/* A delivered item goes back to the producer. */
static inline void
_pl_pipeline_recycle (PlPipeline *self,
                      PlItem     *item)
{
  PlItem *head = __atomic_load_n (&self->free_items, __ATOMIC_RELAXED);

  do
    item->next_free = head;
  while (!__atomic_compare_exchange_n (&self->free_items, &head, item, TRUE,
                                       __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

/* TRUE when delivered items are recycled, and the done queue only counts. */
static inline gboolean
_pl_pipeline_recycles (PlPipeline *self)
{
  return !self->keep_done;
}

/* For tests, before start: the done queue keeps every delivered item, so
 * that a test can take them out and check each arrived exactly once. */
void      _pl_pipeline_set_keep_done (PlPipeline   *self,
                                      gboolean      keep);
/* Items the producer ever allocated: bounded by what the line held. */
guint64   _pl_pipeline_items_allocated (PlPipeline *self);
/* How the run ended so far (see pl_pipeline_get_ending). */
PlRunEnding _pl_pipeline_ending      (PlPipeline   *self);

/* The samples and events the threads publish (PlMessage *). Only a
 * PlMonitor reads them (pl-monitor.c), and tests of the engine. */
GAsyncQueue *_pl_pipeline_get_messages (PlPipeline *self);
/* With control_lock held, after changing what waiters look at. */
void      _pl_pipeline_kick_locked   (PlPipeline   *self);
/* With control_lock held: raises stop_level to @level, never lowers it.
 * The caller then kicks. */
void      _pl_pipeline_stop_locked   (PlPipeline   *self,
                                      PlStopLevel   level);
/* Pulls every thread blocked in a queue back to its checks. */
void      _pl_pipeline_wake_queues   (PlPipeline   *self);
/* Freezes elapsed time and process CPU at the end of the run. */
void      _pl_pipeline_mark_end      (PlPipeline   *self);
PlRunEnding _pl_pipeline_ending_of   (PlPipeline      *self,
                                      PlPipelineState  state);

/* In pl-pipeline-coordinator.c. */
gpointer  _pl_pipeline_coordinator_thread (gpointer data);

/* In pl-pipeline-sampler.c. */
PlSample *_pl_pipeline_build_sample  (PlPipeline   *self);   /* a fresh snapshot */
void      _pl_pipeline_push_sample   (PlPipeline   *self,
                                      PlSample     *sample);
gpointer  _pl_pipeline_sampler_thread (gpointer     data);
/* Runs @func (@pipeline) on the calling thread, with its CPU on @clock. */
gpointer  _pl_thread_clock_run       (PlThreadClock *clock,
                                      GThreadFunc    func,
                                      PlPipeline    *pipeline);

G_END_DECLS
