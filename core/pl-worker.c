/* pl-worker.c: one worker thread of a stage, and the producer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A worker runs one of the two designs the lessons compare, and may be
 * switched between them at any moment between items:
 *
 *  - blocking: a get that sleeps until an item or a marker comes, the work,
 *    a put that sleeps while the output is full, then task_done;
 *  - busy-wait: a get that never waits, counted as a poll, and a backoff
 *    sleep after each empty one; a full output is polled the same way.
 *
 * task_done is called in both modes, so that a join stays valid across mode
 * switches. Every wait is interruptible through the pipeline's kick counter.
 */

#include "pl-pipeline-private.h"

#include "pl-sysinfo.h"

#include <time.h>

/* Where no coarse clock exists, the full one cut into ticks this long. */
#define PL_COARSE_TICK_US 4000

static inline void
set_state (PlWorker      *self,
           PlWorkerState  state)
{
  _pl_store_int (&self->state, state);
  if G_UNLIKELY (self->trace != NULL)
    pl_trace_track_state (self->trace, state);
}

static inline void
trace_mark (PlWorker    *self,
            PlTraceMark  mark,
            guint64      value)
{
  if G_UNLIKELY (self->trace != NULL)
    pl_trace_track_mark (self->trace, mark, value);
}

PlWorker *
_pl_worker_new (PlPipeline *pipeline,
                guint       stage,
                guint       index)
{
  PlWorker *self;

  g_assert (stage < pipeline->n_stages);

  self = g_aligned_alloc0 (1, PL_CACHE_LINE_ROUND (sizeof (PlWorker)), PL_CACHE_LINE);
  self->pipeline = pipeline;
  self->stage = stage;
  self->index = index;
  self->input = pipeline->queues[stage];
  self->output = pipeline->queues[stage + 1];
  self->delay = pl_delay_new (pipeline->config.seed, stage, index);
  self->state = PL_WORKER_IDLE;
  self->item = G_MAXUINT64;
  self->trace = _pl_pipeline_trace_worker (pipeline, stage, index);

  return self;
}

void
_pl_worker_free (PlWorker *self)
{
  if (self == NULL)
    return;

  g_assert (self->thread == NULL);

  pl_delay_free (self->delay);
  g_aligned_free (self);
}

void
_pl_worker_join (PlWorker *self)
{
  if (self->thread != NULL)
    g_thread_join (g_steal_pointer (&self->thread));
}

gboolean
_pl_worker_has_exited (PlWorker *self)
{
  return g_atomic_int_get (&self->exited) != 0;
}

gint64
_pl_worker_cpu_ns (PlWorker *self)
{
  gint64 cpu = -1;

  if (!_pl_worker_has_exited (self))
    cpu = pl_sysinfo_thread_cpu_ns (_pl_load_int (&self->tid));

  /* The thread may have gone between the two reads: then its own last
   * reading, stored before it set `exited`, is the answer. */
  if (cpu < 0 && _pl_worker_has_exited (self))
    cpu = _pl_load_i64 (&self->final_cpu_ns);

  if (cpu > self->last_cpu_ns)
    self->last_cpu_ns = cpu;

  return self->last_cpu_ns;
}

void
_pl_worker_sample (PlWorker       *self,
                   PlWorkerSample *sample)
{
  sample->state = _pl_load_int (&self->state);
  sample->work_done = _pl_load_u64 (&self->work_done);
  sample->polls = _pl_load_u64 (&self->polls);
  sample->empty_polls = _pl_load_u64 (&self->empty_polls);
  sample->cpu_ns = _pl_worker_cpu_ns (self);
  sample->item = _pl_load_u64 (&self->item);
  sample->holds_marker = _pl_load_int (&self->holds_marker) != 0;
}

void
_pl_worker_add_totals (PlWorker       *self,
                       PlWorkerTotals *totals)
{
  totals->work_done += _pl_load_u64 (&self->work_done);
  totals->polls += _pl_load_u64 (&self->polls);
  totals->empty_polls += _pl_load_u64 (&self->empty_polls);
  totals->waited += _pl_load_u64 (&self->waited);
  totals->wait_us += _pl_load_i64 (&self->wait_us);
  totals->serviced += _pl_load_u64 (&self->serviced);
  totals->service_us += _pl_load_i64 (&self->service_us);
  totals->cpu_ns += _pl_worker_cpu_ns (self);
}

static inline gboolean
halted (PlPipeline *pipeline)
{
  return _pl_pipeline_halted (pipeline);
}

/*
 * The stage function. Deadlines are absolute, and a worker that goes
 * straight from one item to the next chains them: the next deadline starts
 * from the previous one rather than from now, so the wake-up latency of each
 * sleep does not add up and a fixed 5 ms stage really serves 200 items/s.
 * A worker that waited for input, for room or for a resume starts afresh.
 *
 * @got_us is when the worker got the item, or 0 when it did not read the
 * clock (an untimed item at a stage with no delay). *end_us is set when the
 * clock was read at the end, and left at 0 otherwise.
 */
static gboolean
run_delay (PlWorker *self,
           PlItem   *item,
           gint64    got_us,
           gint64   *end_us)
{
  PlPipeline *pipeline = self->pipeline;
  PlStage *stage = &pipeline->stages[self->stage];
  gdouble mean_ms = _pl_load_double (&stage->mean_bits);
  PlDistribution distribution = _pl_load_int (&stage->distribution);
  gint64 delay_us;
  gint64 start_us;
  gint64 busy_from_us;
  gint64 deadline_us;
  PlDelayResult result;

  /* No draw at all at zero delay: it would return 0 without using the
   * generator, after two calls and a rounding. */
  delay_us = mean_ms > 0.0 ? pl_delay_draw_us (self->delay, mean_ms, distribution) : 0;
  if (delay_us <= 0)
    {
      if (got_us != 0)
        {
          *end_us = g_get_monotonic_time ();
          _pl_bump_i64 (&self->service_us, *end_us - got_us);
          _pl_bump_u64 (&self->serviced, 1);
        }
      self->prev_deadline = 0;
      self->idle = FALSE;
      return TRUE;
    }

  /* The delay was raised from 0 after this item was taken unclocked. */
  if (got_us == 0)
    {
      got_us = g_get_monotonic_time ();
      self->idle = TRUE;
    }

  if (!self->idle
      && self->prev_deadline != 0
      && item->enqueued_us != 0
      && item->enqueued_us <= self->prev_deadline
      && got_us - self->prev_deadline < (gint64) (mean_ms * 1000.0))
    {
      start_us = self->prev_deadline;
      /* The service time counts from the end of the previous item: summed
       * over a chain it is the wall time the worker spent, so its mean is
       * the stage's real pace, wake-up latencies included but not twice. */
      busy_from_us = MAX (self->prev_end, start_us);
    }
  else
    {
      start_us = got_us;
      busy_from_us = got_us;
    }

  deadline_us = start_us + delay_us;

  if (_pl_load_int (&pipeline->work) == PL_WORK_SPIN)
    result = pl_delay_spin_until (&pipeline->stop_level, deadline_us);
  else
    result = pl_delay_sleep_until (&pipeline->control_lock, &pipeline->control_cond,
                                   &pipeline->stop_level, NULL, 0, deadline_us);

  if (result == PL_DELAY_STOPPED)
    return FALSE;

  *end_us = g_get_monotonic_time ();
  _pl_bump_i64 (&self->service_us, *end_us - busy_from_us);
  _pl_bump_u64 (&self->serviced, 1);
  self->prev_deadline = deadline_us;
  self->prev_end = *end_us;
  self->idle = FALSE;

  return TRUE;
}

/* The line was shut down at once while this worker had an item: the put
 * was refused, so the item is dropped, as Python's would be. Returns FALSE:
 * the worker leaves. */
static gboolean
drop_refused (PlWorker *self)
{
  _pl_queue_count_refused (self->output);
  trace_mark (self, PL_TRACE_MARK_REFUSED, _pl_load_u64 (&self->item));
  _pl_store_u64 (&self->item, G_MAXUINT64);

  return FALSE;
}

/* Returns FALSE when the worker must leave; it still holds the item unless
 * the put was refused by a shutdown. */
static gboolean
put_item (PlWorker *self,
          PlItem   *item)
{
  PlPipeline *pipeline = self->pipeline;
  PlQueueStatus status;

  for (;;)
    {
      gint seen = g_atomic_int_get (&pipeline->kick);

      if (halted (pipeline))
        return FALSE;
      if (_pl_pipeline_should_park (pipeline))
        {
          set_state (self, PL_WORKER_PAUSED);
          self->idle = TRUE;
          _pl_pipeline_park (pipeline, NULL);
          continue;
        }

      /* A first try that never waits tells whether the put had to wait,
       * which decides whether the next delay may be chained. A retry
       * stamps the item afresh: its wait in the next queue starts when it
       * gets in, not when the worker began to knock. */
      if (self->idle && item->enqueued_us != 0)
        item->enqueued_us = g_get_monotonic_time ();
      status = pl_queue_put (self->output, item, 0);
      if (status == PL_QUEUE_OK)
        return TRUE;
      if (status == PL_QUEUE_SHUT_DOWN)
        return drop_refused (self);

      self->idle = TRUE;
      set_state (self, PL_WORKER_WAITING_PUT);

      if (_pl_load_int (&pipeline->mode) == PL_MODE_BLOCKING)
        {
          status = _pl_queue_put_stamped (self->output, item, -1,
                                          &pipeline->kick, seen,
                                          item->enqueued_us != 0 ? &item->enqueued_us : NULL);
          if (status == PL_QUEUE_OK)
            return TRUE;
          if (status == PL_QUEUE_SHUT_DOWN)
            return drop_refused (self);
          /* Kicked: look at the settings again. */
        }
      else
        {
          _pl_bump_u64 (&self->polls, 1);
          if (!_pl_pipeline_backoff (pipeline, seen))
            return FALSE;
        }
    }
}

/* Returns FALSE when the worker must leave while still holding the item. */
static gboolean
handle_item (PlWorker *self,
             PlItem   *item)
{
  PlPipeline *pipeline = self->pipeline;
  gboolean clocked = item->timed || _pl_pipeline_stage_has_delay (pipeline, self->stage);
  gint64 got_us = clocked ? g_get_monotonic_time () : 0;
  gint64 end_us = 0;

  _pl_store_u64 (&self->item, item->seq);
  if (clocked && item->enqueued_us != 0)
    {
      _pl_bump_i64 (&self->wait_us, got_us - item->enqueued_us);
      _pl_bump_u64 (&self->waited, 1);
    }

  if (_pl_pipeline_should_park (pipeline))
    {
      set_state (self, PL_WORKER_PAUSED);
      _pl_pipeline_park (pipeline, NULL);
      if (halted (pipeline))
        return FALSE;
      self->idle = TRUE;
      if (clocked)
        got_us = g_get_monotonic_time ();
    }

  set_state (self, PL_WORKER_WORKING);
  /* Shut down at once, perhaps while this worker was parked with the item:
   * no work is done, and the put below is refused (or lands in a queue
   * that drops it), so the item is counted as dropped, never left in hand. */
  if (!g_atomic_int_get (&pipeline->shutdown_requested)
      && !run_delay (self, item, got_us, &end_us))
    return FALSE;

  item->stage++;
  if (_pl_pipeline_stamps (pipeline, item, self->stage + 1))
    item->enqueued_us = end_us != 0 ? end_us : g_get_monotonic_time ();
  else
    item->enqueued_us = 0;

  if (!put_item (self, item))
    return FALSE;

  /* Delivered: the done queue counted it, and the producer reuses it. */
  if (self->stage + 1 == pipeline->n_stages && _pl_pipeline_recycles (pipeline))
    _pl_pipeline_recycle (pipeline, item);

  /* The task_done goes with the next get, under the same lock; a worker
   * that parks or leaves first does it on its own (settle_task_done). */
  _pl_store_u64 (&self->item, G_MAXUINT64);
  set_state (self, PL_WORKER_TASK_DONE);
  self->owes_task_done = TRUE;
  _pl_bump_u64 (&self->work_done, 1);

  return TRUE;
}

static inline void
settle_task_done (PlWorker *self)
{
  if (self->owes_task_done)
    {
      self->owes_task_done = FALSE;
      pl_queue_task_done (self->input);
    }
}

static gpointer
worker_thread (gpointer data)
{
  PlWorker *self = data;
  PlPipeline *pipeline = self->pipeline;
  PlWorkerState final_state = PL_WORKER_IDLE;

  _pl_store_int (&self->tid, pl_sysinfo_thread_id ());

  for (;;)
    {
      /* The kick is read before the settings that decide to wait, so a
       * change made after this read always interrupts the wait. */
      gint seen = g_atomic_int_get (&pipeline->kick);
      gpointer entry = NULL;
      PlQueueStatus status;

      if (halted (pipeline))
        {
          final_state = PL_WORKER_CANCELLED;
          break;
        }
      if (g_atomic_int_get (&self->retired))
        {
          final_state = PL_WORKER_IDLE;
          break;
        }
      if (_pl_pipeline_should_park (pipeline))
        {
          settle_task_done (self);
          set_state (self, PL_WORKER_PAUSED);
          self->idle = TRUE;
          _pl_pipeline_park (pipeline, &self->retired);
          continue;
        }

      if (_pl_load_int (&pipeline->mode) == PL_MODE_BLOCKING)
        {
          set_state (self, PL_WORKER_WAITING_GET);
          status = _pl_queue_done_and_get (self->input, self->owes_task_done, &entry, -1,
                                           &pipeline->kick, seen);
          self->owes_task_done = FALSE;
          if (status == PL_QUEUE_EMPTY)
            {
              /* Interrupted, not a poll: loop back to the checks. */
              self->idle = TRUE;
              continue;
            }
        }
      else
        {
          set_state (self, PL_WORKER_POLLING);
          _pl_bump_u64 (&self->polls, 1);
          status = _pl_queue_done_and_get (self->input, self->owes_task_done, &entry, 0,
                                           NULL, 0);
          self->owes_task_done = FALSE;
          if (status == PL_QUEUE_EMPTY)
            {
              _pl_bump_u64 (&self->empty_polls, 1);
              self->idle = TRUE;
              /* With no backoff the loop spins straight back to the get. */
              if (_pl_load_double (&pipeline->backoff_bits) > 0.0)
                set_state (self, PL_WORKER_BACKOFF);
              if (!_pl_pipeline_backoff (pipeline, seen))
                {
                  final_state = PL_WORKER_CANCELLED;
                  break;
                }
              continue;
            }
        }

      if (status == PL_QUEUE_CLOSED)
        {
          /* The end-of-stream marker: the get already marked it done. */
          _pl_store_int (&self->holds_marker, TRUE);
          trace_mark (self, PL_TRACE_MARK_MARKER_MET, self->stage);
          final_state = PL_WORKER_DONE;
          break;
        }
      if (status == PL_QUEUE_SHUT_DOWN)
        {
          trace_mark (self, PL_TRACE_MARK_REFUSED, G_MAXUINT64);
          final_state = PL_WORKER_DONE;
          break;
        }

      g_assert (status == PL_QUEUE_OK);

      if (!handle_item (self, entry))
        {
          if (_pl_load_u64 (&self->item) != G_MAXUINT64)
            trace_mark (self, PL_TRACE_MARK_ITEM_LEFT, _pl_load_u64 (&self->item));
          final_state = halted (pipeline) ? PL_WORKER_CANCELLED : PL_WORKER_DONE;
          break;
        }
    }

  settle_task_done (self);
  if (final_state == PL_WORKER_CANCELLED)
    _pl_store_int (&self->stopped, TRUE);
  _pl_store_i64 (&self->final_cpu_ns, pl_sysinfo_current_thread_cpu_ns ());
  set_state (self, final_state);
  g_atomic_int_set (&self->exited, TRUE);

  g_mutex_lock (&pipeline->control_lock);
  g_atomic_int_inc (&pipeline->exit_serial);
  g_cond_broadcast (&pipeline->control_cond);
  g_mutex_unlock (&pipeline->control_lock);

  return NULL;
}

gboolean
_pl_worker_start (PlWorker  *self,
                  GError   **error)
{
  char name[16];

  g_assert (self->thread == NULL);

  /* Thread names are cut at 15 bytes by the kernel. */
  g_snprintf (name, sizeof name, "pl-s%uw%u", self->stage, self->index);
  self->thread = g_thread_try_new (name, worker_thread, self, error);

  return self->thread != NULL;
}

/* The producer */

static PlItem *
next_item (PlPipeline *self)
{
  PlItem *slab;
  PlItem *item;

  /* A delivered item first: memory then follows what the line holds. */
  if (self->spare_items == NULL)
    self->spare_items = __atomic_exchange_n (&self->free_items, NULL, __ATOMIC_ACQUIRE);
  if (self->spare_items != NULL)
    {
      item = self->spare_items;
      self->spare_items = item->next_free;
      item->next_free = NULL;
      return item;
    }

  _pl_bump_u64 (&self->items_allocated, 1);
  if (self->slabs->len == 0 || self->slab_used == PL_ITEM_SLAB)
    {
      g_ptr_array_add (self->slabs, g_new0 (PlItem, PL_ITEM_SLAB));
      self->slab_used = 0;
    }

  slab = g_ptr_array_index (self->slabs, self->slabs->len - 1);

  return &slab[self->slab_used++];
}

/* The coarse clock's tick: a few milliseconds, read for a few nanoseconds
 * where the system has one (the full clock costs five times as much). */
static inline gint64
coarse_tick (void)
{
#ifdef CLOCK_MONOTONIC_COARSE
  struct timespec now;

  if (clock_gettime (CLOCK_MONOTONIC_COARSE, &now) == 0)
    return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
#endif

  return g_get_monotonic_time () / PL_COARSE_TICK_US;
}

/* Whether the item numbered @seq is timed through the line: one in
 * PL_TIMED_EVERY, and the first of each coarse tick, so that a line
 * moving fewer items than the coarse clock ticks times every one. */
static inline gboolean
choose_timed (PlPipeline *self,
              guint64     seq)
{
  gint64 tick;

  if (seq % PL_TIMED_EVERY == 0)
    return TRUE;

  tick = coarse_tick ();
  if (tick == self->timed_tick)
    return FALSE;

  self->timed_tick = tick;
  return TRUE;
}

/* Returns FALSE when halted before the item got in. */
static gboolean
feed_item (PlPipeline *self,
           PlItem     *item)
{
  PlQueue *input = self->queues[0];
  PlQueueStatus status;

  for (;;)
    {
      gint seen = g_atomic_int_get (&self->kick);

      if (halted (self))
        return FALSE;
      if (_pl_pipeline_should_park (self))
        {
          _pl_pipeline_trace_producer (self, PL_WORKER_PAUSED);
          _pl_pipeline_park (self, NULL);
          continue;
        }

      if (_pl_load_int (&self->mode) == PL_MODE_BLOCKING)
        {
          /* Traced, a first try that never waits tells when the put
           * starts to wait. */
          if G_UNLIKELY (self->trace_producer != NULL)
            {
              status = pl_queue_put (input, item, 0);
              if (status == PL_QUEUE_OK)
                return TRUE;
              if (status == PL_QUEUE_SHUT_DOWN)
                return FALSE;
              _pl_pipeline_trace_producer (self, PL_WORKER_WAITING_PUT);
            }
          status = _pl_queue_put_stamped (input, item, -1, &self->kick, seen,
                                          item->enqueued_us != 0 ? &item->enqueued_us : NULL);
        }
      else
        {
          if (item->enqueued_us != 0)
            item->enqueued_us = g_get_monotonic_time ();
          status = pl_queue_put (input, item, 0);
          if (status == PL_QUEUE_FULL)
            {
              _pl_pipeline_trace_producer (self, _pl_load_double (&self->backoff_bits) > 0.0
                                                 ? PL_WORKER_BACKOFF : PL_WORKER_WAITING_PUT);
              _pl_bump_u64 (&self->producer_polls, 1);
              if (!_pl_pipeline_backoff (self, seen))
                return FALSE;
            }
        }

      if (status == PL_QUEUE_OK)
        return TRUE;
      if (status == PL_QUEUE_SHUT_DOWN)
        return FALSE;
    }
}

/* The seed's main thread putting objects into the first queue. */
gpointer
_pl_producer_thread (gpointer data)
{
  PlPipeline *self = data;
  gboolean reported_fed = FALSE;

  for (;;)
    {
      gint seen = g_atomic_int_get (&self->kick);
      guint64 produced = _pl_load_u64 (&self->produced);
      guint64 max_held;
      PlItem *item;

      if (halted (self) || g_atomic_int_get (&self->input_closed))
        break;
      if (_pl_pipeline_should_park (self))
        {
          _pl_pipeline_trace_producer (self, PL_WORKER_PAUSED);
          _pl_pipeline_park (self, &self->input_closed);
          continue;
        }

      if (produced >= _pl_load_u64 (&self->items))
        {
          if (!reported_fed)
            {
              reported_fed = TRUE;
              _pl_pipeline_push_event (self, PL_EVENT_INPUT_FED, 0);
              _pl_pipeline_broadcast (self);
            }

          /* Wait for more items (pl_pipeline_set_items) or the close. */
          _pl_pipeline_trace_producer (self, PL_WORKER_WAITING_GET);
          g_mutex_lock (&self->control_lock);
          while (g_atomic_int_get (&self->kick) == seen
                 && _pl_load_u64 (&self->items) <= produced)
            g_cond_wait (&self->control_cond, &self->control_lock);
          g_mutex_unlock (&self->control_lock);
          continue;
        }
      reported_fed = FALSE;

      max_held = self->config.max_held;
      if (max_held > 0 && produced - MIN (produced, _pl_pipeline_processed (self)) >= max_held)
        {
          /* The safety cap stands for the out-of-memory crash a real
           * program would meet: the producer stops for good. */
          g_atomic_int_set (&self->held_cap_reached, TRUE);
          _pl_pipeline_push_event (self, PL_EVENT_HELD_CAP, 0);
          break;
        }

      _pl_pipeline_trace_producer (self, PL_WORKER_WORKING);
      item = next_item (self);
      item->seq = produced;
      item->timed = choose_timed (self, produced);
      item->born_us = _pl_pipeline_stamps (self, item, 0) ? g_get_monotonic_time () : 0;
      item->enqueued_us = item->born_us;
      item->stage = 0;

      if (!feed_item (self, item))
        break;

      _pl_store_u64 (&self->produced, produced + 1);

      /* pl_pipeline_set_items may have lowered the count while this item
       * was on its way in: the count never stays below what was fed. */
      if G_UNLIKELY (_pl_load_u64 (&self->items) < produced + 1)
        {
          g_mutex_lock (&self->control_lock);
          if (_pl_load_u64 (&self->items) < produced + 1)
            {
              _pl_store_u64 (&self->items, produced + 1);
            }
          g_mutex_unlock (&self->control_lock);
        }
    }

  _pl_pipeline_trace_producer (self, PL_WORKER_DONE);
  g_atomic_int_set (&self->producer_exited, TRUE);
  _pl_pipeline_broadcast (self);

  return NULL;
}
