/* pl-pipeline.c: stages of real worker threads joined by queues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads of a running pipeline: one producer, 1–32 workers per stage (see
 * pl-worker.c), a coordinator that runs the close sequence
 * (pl-pipeline-coordinator.c), and a sampler that publishes snapshots
 * (pl-pipeline-sampler.c). None of them holds a reference on the pipeline:
 * pl_pipeline_cancel (and so dispose) joins every one of them first.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pl-pipeline-private.h"
#include "pl-sysinfo.h"

G_DEFINE_FINAL_TYPE (PlPipeline, pl_pipeline, G_TYPE_OBJECT)
G_DEFINE_QUARK (pl-pipeline-error-quark, pl_pipeline_error)

static inline gboolean
state_is_final (PlPipelineState state)
{
  return state == PL_PIPELINE_FINISHED || state == PL_PIPELINE_CANCELLED;
}

void
_pl_pipeline_push_event (PlPipeline  *self,
                         PlEventKind  kind,
                         guint64      value)
{
  PlMessage *message = g_new0 (PlMessage, 1);

  message->kind = PL_MESSAGE_EVENT;
  message->event.kind = kind;
  message->event.time_us = g_get_monotonic_time ();
  switch (kind)
    {
    case PL_EVENT_QUEUE_CLOSED:
    case PL_EVENT_QUEUE_JOINED:
      message->event.queue = (guint) value;
      break;

    case PL_EVENT_STAGE_FINISHED:
      message->event.stage = (guint) value;
      break;

    case PL_EVENT_MODE_CHANGED:
      message->event.mode = (PlMode) value;
      break;

    case PL_EVENT_WORKERS_CANCELLED:
    case PL_EVENT_LINGERING:
    case PL_EVENT_SHUT_DOWN:
      message->event.count = value;
      break;

    case PL_EVENT_STARTED:
    case PL_EVENT_INPUT_FED:
    case PL_EVENT_HELD_CAP:
    case PL_EVENT_PAUSED:
    case PL_EVENT_RESUMED:
    case PL_EVENT_ALL_DONE:
    default:
      break;
    }
  if G_UNLIKELY (self->tracer != NULL)
    pl_tracer_event (self->tracer, &message->event);
  g_async_queue_push (self->messages, message);
}

void
_pl_pipeline_broadcast (PlPipeline *self)
{
  g_mutex_lock (&self->control_lock);
  g_cond_broadcast (&self->control_cond);
  g_mutex_unlock (&self->control_lock);
}

/* With control_lock held, after changing what waiters look at. */
void
_pl_pipeline_kick_locked (PlPipeline *self)
{
  g_atomic_int_inc (&self->kick);
  g_cond_broadcast (&self->control_cond);
}

/* With control_lock held: raises the stop level, never lowers it. */
void
_pl_pipeline_stop_locked (PlPipeline  *self,
                          PlStopLevel  level)
{
  if (g_atomic_int_get (&self->stop_level) < (gint) level)
    g_atomic_int_set (&self->stop_level, level);
}

/* With control_lock held, after a change that no waiter needs to see but
 * a view does (a delay, a capacity, the work kind): wakes a resting
 * sampler without interrupting any worker. */
static void
settings_changed_locked (PlPipeline *self)
{
  g_atomic_int_inc (&self->settings_serial);
  g_cond_broadcast (&self->control_cond);
}

/* Pulls every thread blocked in a queue back to its checks. */
void
_pl_pipeline_wake_queues (PlPipeline *self)
{
  for (guint i = 0; i <= self->n_stages; i++)
    _pl_queue_wake_all (self->queues[i]);
}

void
_pl_pipeline_park (PlPipeline *self,
                   const gint *also)
{
  g_mutex_lock (&self->control_lock);
  while (g_atomic_int_get (&self->paused)
         && !_pl_pipeline_stopping (self)
         && (also == NULL || !g_atomic_int_get (also)))
    g_cond_wait (&self->control_cond, &self->control_lock);
  g_mutex_unlock (&self->control_lock);
}

gboolean
_pl_pipeline_backoff (PlPipeline *self,
                      gint        seen)
{
  gdouble backoff_ms = _pl_load_double (&self->backoff_bits);
  gint64 deadline_us;

  /* No backoff is the tightest loop: straight back to the next poll. */
  if (backoff_ms <= 0.0)
    return !_pl_pipeline_halted (self);

  deadline_us = g_get_monotonic_time () + (gint64) (backoff_ms * 1000.0);

  return pl_delay_sleep_until (&self->control_lock, &self->control_cond,
                               &self->stop_level, &self->kick, seen,
                               deadline_us) != PL_DELAY_STOPPED;
}

guint64
_pl_pipeline_processed (PlPipeline *self)
{
  PlQueueStats stats;

  pl_queue_get_stats (self->queues[self->n_stages], &stats);

  return stats.puts;
}

/* Freezes elapsed time and process CPU at the end of the run. */
void
_pl_pipeline_mark_end (PlPipeline *self)
{
  g_mutex_lock (&self->control_lock);
  if (_pl_load_i64 (&self->start_us) != 0 && _pl_load_i64 (&self->end_us) == 0)
    {
      _pl_store_i64 (&self->process_cpu_end_ns, pl_sysinfo_process_cpu_ns ());
      _pl_store_i64 (&self->end_us, g_get_monotonic_time ());
    }
  g_mutex_unlock (&self->control_lock);
}

/* How a run in @state ended: a shutdown, stop or cancel names it; a run
 * that finished by itself ended at the cap, by joins, or by closing. */
PlRunEnding
_pl_pipeline_ending_of (PlPipeline      *self,
           PlPipelineState  state)
{
  PlRunEnding cause = g_atomic_int_get (&self->stop_cause);

  if (!state_is_final (state))
    return PL_RUN_RUNNING;
  if (cause != PL_RUN_RUNNING)
    return cause;
  if (state == PL_PIPELINE_CANCELLED)
    return PL_RUN_CANCELLED;
  if (g_atomic_int_get (&self->held_cap_reached))
    return PL_RUN_CAPPED;
  if (self->config.ending == PL_ENDING_JOIN)
    return PL_RUN_JOINED;

  return PL_RUN_CLOSED;
}

PlRunEnding
_pl_pipeline_ending (PlPipeline *self)
{
  return _pl_pipeline_ending_of (self, g_atomic_int_get (&self->state));
}

PlRunEnding
pl_pipeline_get_ending (PlPipeline *self)
{
  g_return_val_if_fail (PL_IS_PIPELINE (self), PL_RUN_RUNNING);

  return _pl_pipeline_ending (self);
}

void
_pl_pipeline_set_keep_done (PlPipeline *self,
                            gboolean    keep)
{
  g_return_if_fail (PL_IS_PIPELINE (self));
  g_return_if_fail (!self->threads_started);

  self->keep_done = !!keep;
}

guint64
_pl_pipeline_items_allocated (PlPipeline *self)
{
  g_return_val_if_fail (PL_IS_PIPELINE (self), 0);

  return _pl_load_u64 (&self->items_allocated);
}

/* GObject */

static void
pl_pipeline_dispose (GObject *object)
{
  PlPipeline *self = PL_PIPELINE (object);

  pl_pipeline_cancel (self);
  _pl_pipeline_abandon_trace (self);

  G_OBJECT_CLASS (pl_pipeline_parent_class)->dispose (object);
}

static void
free_workers (GPtrArray *workers)
{
  for (guint i = 0; i < workers->len; i++)
    _pl_worker_free (g_ptr_array_index (workers, i));
  g_ptr_array_unref (workers);
}

static void
pl_pipeline_finalize (GObject *object)
{
  PlPipeline *self = PL_PIPELINE (object);

  for (guint s = 0; s < self->n_stages; s++)
    {
      g_clear_pointer (&self->stages[s].workers, free_workers);
      g_clear_pointer (&self->stages[s].retired, free_workers);
    }
  for (guint q = 0; q <= self->n_stages; q++)
    g_clear_pointer (&self->queues[q], pl_queue_unref);

  g_clear_pointer (&self->slabs, g_ptr_array_unref);
  self->spare_items = NULL;
  self->free_items = NULL;
  g_clear_pointer (&self->messages, g_async_queue_unref);

  g_mutex_clear (&self->control_lock);
  g_cond_clear (&self->control_cond);
  g_rec_mutex_clear (&self->workers_lock);
  g_mutex_clear (&self->cancel_lock);

  G_OBJECT_CLASS (pl_pipeline_parent_class)->finalize (object);
}

static void
pl_pipeline_class_init (PlPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pl_pipeline_dispose;
  object_class->finalize = pl_pipeline_finalize;
}

static void
pl_pipeline_init (PlPipeline *self)
{
  g_mutex_init (&self->control_lock);
  g_cond_init (&self->control_cond);
  g_rec_mutex_init (&self->workers_lock);
  g_mutex_init (&self->cancel_lock);

  self->state = PL_PIPELINE_READY;
  self->sampling = TRUE;
  self->slabs = g_ptr_array_new_with_free_func (g_free);
  self->messages = g_async_queue_new_full ((GDestroyNotify) pl_message_free);
}

/**
 * pl_pipeline_new:
 * @config: the pipeline to build; it is copied
 *
 * Builds the queues and the workers, but starts no thread: see
 * pl_pipeline_start(), which also validates @config.
 *
 * Returns: (transfer full): a new pipeline
 */
PlPipeline *
pl_pipeline_new (const PlConfig *config)
{
  PlPipeline *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->n_stages >= 1 && config->n_stages <= PL_MAX_STAGES, NULL);
  for (guint s = 0; s < config->n_stages; s++)
    g_return_val_if_fail (config->stages[s].workers >= 1
                          && config->stages[s].workers <= PL_MAX_WORKERS, NULL);

  self = g_object_new (PL_TYPE_PIPELINE, NULL);
  self->config = *config;
  self->n_stages = config->n_stages;
  self->mode = config->mode;
  self->work = config->work;
  self->items = config->items;
  _pl_store_double (&self->backoff_bits, config->backoff_ms);

  for (guint q = 0; q < self->n_stages; q++)
    self->queues[q] = pl_queue_new (config->capacities[q], NULL);
  /* The done queue collects every finished item: it is never bounded. */
  self->queues[self->n_stages] = pl_queue_new (0, NULL);

  for (guint s = 0; s < self->n_stages; s++)
    {
      PlStage *stage = &self->stages[s];

      _pl_store_double (&stage->mean_bits, config->stages[s].mean_ms);
      stage->distribution = config->stages[s].distribution;
      stage->workers = g_ptr_array_new ();
      stage->retired = g_ptr_array_new ();
      for (guint w = 0; w < config->stages[s].workers; w++)
        g_ptr_array_add (stage->workers, _pl_worker_new (self, s, w));
    }

  return self;
}

void
pl_pipeline_get_config (PlPipeline *self,
                        PlConfig   *config)
{
  g_return_if_fail (PL_IS_PIPELINE (self));
  g_return_if_fail (config != NULL);

  g_mutex_lock (&self->control_lock);
  *config = self->config;
  /* The producer may raise it (see pl_pipeline_set_items). */
  config->items = _pl_load_u64 (&self->items);
  g_mutex_unlock (&self->control_lock);
}

typedef struct
{
  PlPipeline    *pipeline;
  GThreadFunc    func;
  PlThreadClock *clock;
} Spawned;

static gpointer
spawned_thread (gpointer data)
{
  Spawned spawned = *(Spawned *) data;

  g_free (data);
  return _pl_thread_clock_run (spawned.clock, spawned.func, spawned.pipeline);
}

/* Each of the line's threads keeps its CPU on a clock of its own. */
static gboolean
spawn (GThread       **thread,
       const gchar    *name,
       GThreadFunc     func,
       PlPipeline     *self,
       PlThreadClock  *clock,
       GError        **error)
{
  Spawned *spawned = g_new (Spawned, 1);

  spawned->pipeline = self;
  spawned->func = func;
  spawned->clock = clock;
  *thread = g_thread_try_new (name, spawned_thread, spawned, error);
  if (*thread == NULL)
    g_free (spawned);

  return *thread != NULL;
}

gboolean
pl_pipeline_start (PlPipeline  *self,
                   GError     **error)
{
  PlConfig config;
  gboolean ok = TRUE;

  g_return_val_if_fail (PL_IS_PIPELINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pl_pipeline_get_config (self, &config);
  if (!pl_config_validate (&config, error))
    return FALSE;

  g_rec_mutex_lock (&self->workers_lock);

  if (self->threads_started || g_atomic_int_get (&self->state) != PL_PIPELINE_READY)
    {
      g_rec_mutex_unlock (&self->workers_lock);
      g_set_error_literal (error, PL_PIPELINE_ERROR, PL_PIPELINE_ERROR_STARTED,
                           _("The pipeline has already been started"));
      return FALSE;
    }

  self->threads_started = TRUE;
  /* Delivered items are counted, not kept: the last stage recycles them. */
  if (_pl_pipeline_recycles (self))
    _pl_queue_set_sink (self->queues[self->n_stages], TRUE);
  self->process_cpu_start_ns = pl_sysinfo_process_cpu_ns ();
  self->area_time_us = g_get_monotonic_time ();
  _pl_store_i64 (&self->start_us, self->area_time_us);
  if (self->tracer != NULL)
    pl_tracer_start (self->tracer, self->area_time_us);
  g_atomic_int_set (&self->state, PL_PIPELINE_RUNNING);
  _pl_pipeline_push_event (self, PL_EVENT_STARTED, 0);

  for (guint s = 0; s < self->n_stages && ok; s++)
    {
      GPtrArray *workers = self->stages[s].workers;

      for (guint w = 0; w < workers->len && ok; w++)
        ok = _pl_worker_start (g_ptr_array_index (workers, w), error);
    }

  g_rec_mutex_unlock (&self->workers_lock);

  ok = ok && spawn (&self->producer, "pl-producer", _pl_producer_thread, self,
                   &self->clocks[PL_CLOCK_PRODUCER], error);
  ok = ok && spawn (&self->coordinator, "pl-coordinator", _pl_pipeline_coordinator_thread, self,
                   &self->clocks[PL_CLOCK_COORDINATOR], error);
  ok = ok && spawn (&self->sampler, "pl-sampler", _pl_pipeline_sampler_thread, self,
                   &self->clocks[PL_CLOCK_SAMPLER], error);

  if (!ok)
    {
      pl_pipeline_cancel (self);
      return FALSE;
    }

  return TRUE;
}

void
pl_pipeline_set_paused (PlPipeline *self,
                        gboolean    paused)
{
  gboolean changed;

  g_return_if_fail (PL_IS_PIPELINE (self));

  paused = !!paused;

  g_mutex_lock (&self->control_lock);
  changed = g_atomic_int_get (&self->paused) != paused;
  if (changed)
    {
      g_atomic_int_set (&self->paused, paused);
      _pl_pipeline_kick_locked (self);
    }
  g_mutex_unlock (&self->control_lock);

  if (!changed)
    return;

  _pl_pipeline_wake_queues (self);
  _pl_pipeline_push_event (self, paused ? PL_EVENT_PAUSED : PL_EVENT_RESUMED, 0);
}

gboolean
pl_pipeline_get_paused (PlPipeline *self)
{
  g_return_val_if_fail (PL_IS_PIPELINE (self), FALSE);

  return g_atomic_int_get (&self->paused) != 0;
}

void
pl_pipeline_close_input (PlPipeline *self)
{
  g_return_if_fail (PL_IS_PIPELINE (self));

  g_mutex_lock (&self->control_lock);
  g_atomic_int_set (&self->input_closed, TRUE);
  _pl_pipeline_kick_locked (self);
  g_mutex_unlock (&self->control_lock);

  _pl_pipeline_wake_queues (self);
}

/**
 * pl_pipeline_shutdown_now:
 *
 * Python 3.13's shutdown (immediate=True) on every queue of the line, and
 * shutdown() on the done queue, which keeps what was delivered: what waits
 * in the other queues is dropped and counted, the producer stops, and no
 * item reaches the done queue any more. A worker in the middle of an item
 * finishes it (Python cannot interrupt it either); its put is then refused
 * and the item counts as dropped. Each worker leaves at its next get or
 * put. Delivered + dropped + held = produced, where held is what workers
 * still have in hand. The run then ends as finished (or as cancelled, if
 * the program does not wait for those items), with the ending
 * PL_RUN_SHUT_DOWN and a PL_EVENT_SHUT_DOWN event whose index is the
 * number of items dropped from the queues. Does nothing before start, once
 * the run has ended, or once it was stopped. Returns at once.
 */
void
pl_pipeline_shutdown_now (PlPipeline *self)
{
  guint64 dropped = 0;

  g_return_if_fail (PL_IS_PIPELINE (self));

  g_mutex_lock (&self->control_lock);
  if (g_atomic_int_get (&self->shutdown_requested)
      || _pl_pipeline_cancelled (self)
      || _pl_load_i64 (&self->start_us) == 0
      || state_is_final (g_atomic_int_get (&self->state)))
    {
      g_mutex_unlock (&self->control_lock);
      return;
    }
  g_atomic_int_set (&self->shutdown_requested, TRUE);
  g_atomic_int_set (&self->input_closed, TRUE);
  g_atomic_int_compare_and_exchange (&self->stop_cause, PL_RUN_RUNNING, PL_RUN_SHUT_DOWN);
  _pl_pipeline_kick_locked (self);
  g_mutex_unlock (&self->control_lock);

  /* The done queue first, so that no item gets in once the line stops;
   * it keeps what was delivered. */
  pl_queue_shutdown (self->queues[self->n_stages], FALSE);
  for (guint q = 0; q < self->n_stages; q++)
    {
      PlQueueStats stats;

      pl_queue_shutdown (self->queues[q], TRUE);
      pl_queue_get_stats (self->queues[q], &stats);
      dropped += stats.dropped;
    }
  _pl_pipeline_wake_queues (self);

  _pl_pipeline_push_event (self, PL_EVENT_SHUT_DOWN, dropped);
}

static void
join_thread (GThread **thread)
{
  if (*thread != NULL)
    g_thread_join (g_steal_pointer (thread));
}

void
pl_pipeline_cancel (PlPipeline *self)
{
  g_return_if_fail (PL_IS_PIPELINE (self));

  pl_pipeline_stop (self, PL_RUN_CANCELLED);
}

void
pl_pipeline_stop (PlPipeline  *self,
                  PlRunEnding  why)
{
  gboolean now_cancelled = FALSE;

  g_return_if_fail (PL_IS_PIPELINE (self));
  g_return_if_fail (why == PL_RUN_CANCELLED || why == PL_RUN_DURATION
                    || why == PL_RUN_INTERRUPTED);

  /* Serialises cancels, so that each caller returns only once every
   * thread has been joined, by it or by the one before it. */
  g_mutex_lock (&self->cancel_lock);

  g_mutex_lock (&self->control_lock);
  /* A run that ended, or was shut down, keeps its ending. */
  if (!state_is_final (g_atomic_int_get (&self->state)))
    g_atomic_int_compare_and_exchange (&self->stop_cause, PL_RUN_RUNNING, why);
  _pl_pipeline_stop_locked (self, PL_STOP_ALL);
  _pl_pipeline_kick_locked (self);
  g_mutex_unlock (&self->control_lock);
  _pl_pipeline_wake_queues (self);

  join_thread (&self->producer);
  join_thread (&self->coordinator);
  join_thread (&self->sampler);

  g_rec_mutex_lock (&self->workers_lock);
  for (guint s = 0; s < self->n_stages; s++)
    {
      GPtrArray *lists[] = { self->stages[s].workers, self->stages[s].retired };

      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint i = 0; i < lists[l]->len; i++)
          _pl_worker_join (g_ptr_array_index (lists[l], i));
    }
  g_rec_mutex_unlock (&self->workers_lock);

  _pl_pipeline_mark_end (self);

  g_mutex_lock (&self->control_lock);
  if (!state_is_final (g_atomic_int_get (&self->state)))
    {
      now_cancelled = TRUE;
      g_atomic_int_set (&self->state, PL_PIPELINE_CANCELLED);
    }
  g_cond_broadcast (&self->control_cond);
  g_mutex_unlock (&self->control_lock);

  /* A last snapshot, so a window shows where everything stopped. */
  if (now_cancelled && _pl_load_i64 (&self->start_us) != 0)
    {
      g_autoptr(PlSample) sample = _pl_pipeline_build_sample (self);

      _pl_pipeline_push_sample (self, sample);
    }

  g_mutex_unlock (&self->cancel_lock);
}

gboolean
pl_pipeline_wait (PlPipeline *self,
                  gint64      timeout_us)
{
  gint64 deadline_us = 0;
  gboolean done;

  g_return_val_if_fail (PL_IS_PIPELINE (self), FALSE);

  if (timeout_us > 0)
    deadline_us = g_get_monotonic_time () + timeout_us;

  g_mutex_lock (&self->control_lock);
  while (!state_is_final (g_atomic_int_get (&self->state)))
    {
      if (timeout_us < 0)
        g_cond_wait (&self->control_cond, &self->control_lock);
      else if (timeout_us == 0
               || !g_cond_wait_until (&self->control_cond, &self->control_lock, deadline_us))
        break;
    }
  done = state_is_final (g_atomic_int_get (&self->state));
  g_mutex_unlock (&self->control_lock);

  return done;
}

PlPipelineState
pl_pipeline_get_state (PlPipeline *self)
{
  g_return_val_if_fail (PL_IS_PIPELINE (self), PL_PIPELINE_READY);

  return g_atomic_int_get (&self->state);
}

/* Live changes */

void
pl_pipeline_set_mode (PlPipeline *self,
                      PlMode      mode)
{
  gboolean changed;

  g_return_if_fail (PL_IS_PIPELINE (self));
  g_return_if_fail (mode == PL_MODE_BUSY_WAIT || mode == PL_MODE_BLOCKING);

  g_mutex_lock (&self->control_lock);
  changed = self->config.mode != mode;
  if (changed)
    {
      self->config.mode = mode;
      _pl_store_int (&self->mode, mode);
      _pl_pipeline_kick_locked (self);
    }
  g_mutex_unlock (&self->control_lock);

  if (!changed)
    return;

  _pl_pipeline_wake_queues (self);
  _pl_pipeline_push_event (self, PL_EVENT_MODE_CHANGED, mode);
}

void
pl_pipeline_set_backoff (PlPipeline *self,
                         gdouble     backoff_ms)
{
  g_return_if_fail (PL_IS_PIPELINE (self));
  g_return_if_fail (backoff_ms >= 0.0 && backoff_ms <= PL_MAX_BACKOFF_MS);

  g_mutex_lock (&self->control_lock);
  self->config.backoff_ms = backoff_ms;
  _pl_store_double (&self->backoff_bits, backoff_ms);
  /* A worker halfway through a long nap takes the new value now. */
  _pl_pipeline_kick_locked (self);
  g_mutex_unlock (&self->control_lock);
}

void
pl_pipeline_set_work_kind (PlPipeline *self,
                           PlWorkKind  work)
{
  g_return_if_fail (PL_IS_PIPELINE (self));
  g_return_if_fail (work == PL_WORK_SLEEP || work == PL_WORK_SPIN);

  g_mutex_lock (&self->control_lock);
  self->config.work = work;
  _pl_store_int (&self->work, work);
  settings_changed_locked (self);
  g_mutex_unlock (&self->control_lock);
}

void
pl_pipeline_set_stage_delay (PlPipeline     *self,
                             guint           stage,
                             gdouble         mean_ms,
                             PlDistribution  distribution)
{
  g_return_if_fail (PL_IS_PIPELINE (self));
  g_return_if_fail (stage < self->n_stages);
  g_return_if_fail (mean_ms >= 0.0 && mean_ms <= PL_MAX_DELAY_MS);
  g_return_if_fail (distribution == PL_DIST_FIXED
                    || distribution == PL_DIST_UNIFORM
                    || distribution == PL_DIST_EXPONENTIAL);

  g_mutex_lock (&self->control_lock);
  self->config.stages[stage].mean_ms = mean_ms;
  self->config.stages[stage].distribution = distribution;
  _pl_store_double (&self->stages[stage].mean_bits, mean_ms);
  _pl_store_int (&self->stages[stage].distribution, distribution);
  settings_changed_locked (self);
  g_mutex_unlock (&self->control_lock);
}

/* With workers_lock held: joins retired workers that have left, keeping
 * what they did in the stage's sums. */
static void
reap_retired_locked (PlStage *stage)
{
  for (guint i = stage->retired->len; i > 0; i--)
    {
      PlWorker *worker = g_ptr_array_index (stage->retired, i - 1);

      if (!_pl_worker_has_exited (worker))
        continue;

      _pl_worker_join (worker);
      _pl_worker_add_totals (worker, &stage->retired_totals);
      g_ptr_array_remove_index (stage->retired, i - 1);
      _pl_worker_free (worker);
    }
}

/**
 * pl_pipeline_set_stage_workers:
 *
 * Growing starts new threads at once. Shrinking retires the workers with
 * the highest indexes: each finishes and passes on the item it holds, then
 * leaves. Once the close sequence has begun the count no longer changes,
 * since one marker was put per worker.
 */
void
pl_pipeline_set_stage_workers (PlPipeline *self,
                               guint       stage,
                               guint       workers)
{
  PlStage *st;
  gboolean retired_any = FALSE;
  guint count;

  g_return_if_fail (PL_IS_PIPELINE (self));
  g_return_if_fail (stage < self->n_stages);
  g_return_if_fail (workers >= 1 && workers <= PL_MAX_WORKERS);

  st = &self->stages[stage];

  g_rec_mutex_lock (&self->workers_lock);

  if (self->closing || state_is_final (g_atomic_int_get (&self->state))
      || _pl_pipeline_cancelled (self))
    {
      g_rec_mutex_unlock (&self->workers_lock);
      return;
    }

  reap_retired_locked (st);

  while (st->workers->len < workers)
    {
      PlWorker *worker = _pl_worker_new (self, stage, st->workers->len);

      if (self->threads_started && !_pl_worker_start (worker, NULL))
        {
          _pl_worker_free (worker);
          break;
        }
      g_ptr_array_add (st->workers, worker);
    }

  while (st->workers->len > workers)
    {
      PlWorker *worker = g_ptr_array_steal_index (st->workers, st->workers->len - 1);

      if (self->threads_started)
        {
          g_atomic_int_set (&worker->retired, TRUE);
          g_ptr_array_add (st->retired, worker);
          retired_any = TRUE;
        }
      else
        {
          _pl_worker_free (worker);
        }
    }

  count = st->workers->len;
  g_rec_mutex_unlock (&self->workers_lock);

  g_mutex_lock (&self->control_lock);
  self->config.stages[stage].workers = count;
  settings_changed_locked (self);
  if (retired_any)
    _pl_pipeline_kick_locked (self);
  g_mutex_unlock (&self->control_lock);

  if (retired_any)
    _pl_pipeline_wake_queues (self);
}

void
pl_pipeline_set_capacity (PlPipeline *self,
                          guint       queue,
                          guint       capacity)
{
  g_return_if_fail (PL_IS_PIPELINE (self));
  /* The done queue stays unbounded: nothing drains it while running. */
  g_return_if_fail (queue < self->n_stages);
  g_return_if_fail (capacity <= PL_MAX_CAPACITY);

  g_mutex_lock (&self->control_lock);
  self->config.capacities[queue] = capacity;
  g_mutex_unlock (&self->control_lock);

  pl_queue_set_capacity (self->queues[queue], capacity);

  /* After the queue took it, so a woken sampler reads the new capacity. */
  g_mutex_lock (&self->control_lock);
  settings_changed_locked (self);
  g_mutex_unlock (&self->control_lock);
}

void
pl_pipeline_set_items (PlPipeline *self,
                       guint64     items)
{
  g_return_if_fail (PL_IS_PIPELINE (self));
  g_return_if_fail (items >= 1 && items <= PL_MAX_ITEMS);

  g_mutex_lock (&self->control_lock);
  if (!g_atomic_int_get (&self->input_closed))
    {
      items = MAX (items, _pl_load_u64 (&self->produced));
      self->config.items = items;
      _pl_store_u64 (&self->items, items);
      _pl_pipeline_kick_locked (self);
    }
  g_mutex_unlock (&self->control_lock);

  _pl_pipeline_wake_queues (self);
}

/* Reporting */

GAsyncQueue *
_pl_pipeline_get_messages (PlPipeline *self)
{
  g_return_val_if_fail (PL_IS_PIPELINE (self), NULL);

  return self->messages;
}

void
pl_pipeline_set_sampling (PlPipeline *self,
                          gboolean    enabled)
{
  g_return_if_fail (PL_IS_PIPELINE (self));

  g_atomic_int_set (&self->sampling, !!enabled);
}

PlSample *
pl_pipeline_sample (PlPipeline *self)
{
  g_return_val_if_fail (PL_IS_PIPELINE (self), NULL);

  return _pl_pipeline_build_sample (self);
}

PlQueue *
pl_pipeline_get_queue (PlPipeline *self,
                       guint       queue)
{
  g_return_val_if_fail (PL_IS_PIPELINE (self), NULL);
  g_return_val_if_fail (queue <= self->n_stages, NULL);

  return self->queues[queue];
}
