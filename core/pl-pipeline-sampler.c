/* pl-pipeline-sampler.c: snapshots of a running pipeline, and the thread
 * that publishes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pl-pipeline-private.h"
#include "pl-sysinfo.h"

/* About 60 snapshots a second, the rate the window draws at. */
#define SAMPLE_PERIOD_US 16667
/* After this many ticks in which nothing moved, the line is at rest: the
 * sampler then only looks a few times a second, wakes at once on any
 * control change, and publishes a heartbeat sample once a second. */
#define REST_AFTER_TICKS 6
#define REST_PERIOD_US (250 * 1000)
#define HEARTBEAT_US G_USEC_PER_SEC
/* Samples waiting beyond this are not published: a slow consumer then sees
 * fewer, later snapshots. Each carries cumulative counters, so none of the
 * story is lost. */
#define MAX_PENDING_MESSAGES 8

void
_pl_pipeline_push_sample (PlPipeline *self,
                          PlSample   *sample)
{
  PlMessage *message = g_new0 (PlMessage, 1);

  message->kind = PL_MESSAGE_SAMPLE;
  message->sample = pl_sample_ref (sample);
  g_async_queue_push (self->messages, message);
}

/* With workers_lock held. Adds depth × time since the last reading to each
 * queue's area, then takes @depths as the depths from @now on. The sampler
 * reads the depths at every tick, moving or not, so the area is a fine step
 * function whether samples are published or not. */
static void
integrate_depths_locked (PlPipeline  *self,
                         gint64       now,
                         const guint *depths)
{
  gint64 start_us = _pl_load_i64 (&self->start_us);
  gint64 end_us = _pl_load_i64 (&self->end_us);
  gint64 area_now = end_us != 0 ? MIN (now, end_us) : now;

  if (start_us == 0)
    return;

  for (guint q = 0; q <= self->n_stages; q++)
    {
      if (self->area_time_us != 0 && area_now > self->area_time_us)
        self->depth_area[q] += (gdouble) self->area_depth[q]
                               * (gdouble) (area_now - self->area_time_us) / G_USEC_PER_SEC;
      self->area_depth[q] = depths[q];
    }
  if (area_now > self->area_time_us)
    self->area_time_us = area_now;
}

gpointer
_pl_thread_clock_run (PlThreadClock *clock,
                      GThreadFunc    func,
                      PlPipeline    *pipeline)
{
  gpointer result;

  _pl_store_int (&clock->tid, pl_sysinfo_thread_id ());
  result = func (pipeline);
  _pl_store_i64 (&clock->final_cpu_ns, pl_sysinfo_current_thread_cpu_ns ());
  g_atomic_int_set (&clock->exited, TRUE);

  return result;
}

/* With workers_lock held, the only writer of last_cpu_ns. Read by id while
 * the thread runs; once it has gone, its own last reading is the answer. */
static gint64
thread_clock_read_locked (PlThreadClock *clock)
{
  gint64 cpu = -1;
  gint tid = _pl_load_int (&clock->tid);

  if (!g_atomic_int_get (&clock->exited) && tid > 0)
    cpu = pl_sysinfo_thread_cpu_ns (tid);
  if (cpu < 0 && g_atomic_int_get (&clock->exited))
    cpu = _pl_load_i64 (&clock->final_cpu_ns);
  if (cpu > clock->last_cpu_ns)
    clock->last_cpu_ns = cpu;

  return clock->last_cpu_ns;
}

/* Items a worker has in hand, including one it kept when it was stopped. */
static guint64
count_in_hand (GPtrArray *workers)
{
  guint64 count = 0;

  for (guint i = 0; i < workers->len; i++)
    {
      PlWorker *worker = g_ptr_array_index (workers, i);

      if (_pl_load_u64 (&worker->item) != G_MAXUINT64)
        count++;
    }

  return count;
}

/* A stage's total service time: what its measured items took, and for
 * each item it served unmeasured, the mean of the measured ones (see
 * "What is timed" in pl-pipeline-private.h). When every item was measured,
 * as at a stage with a delay, this is exactly the measured total. */
static gint64
estimate_service_us (const PlWorkerTotals *totals)
{
  guint64 unmeasured;

  if (totals->serviced == 0 || totals->work_done <= totals->serviced)
    return totals->service_us;

  unmeasured = totals->work_done - totals->serviced;

  return totals->service_us
         + (gint64) ((gdouble) totals->service_us / (gdouble) totals->serviced * (gdouble) unmeasured + 0.5);
}

/* With workers_lock held: it serialises fills, so the depth integration
 * and each worker's last CPU reading have one writer at a time. */
static void
fill_sample_locked (PlPipeline *self,
                    PlSample   *sample)
{
  gint64 now = g_get_monotonic_time ();
  gint64 start_us = _pl_load_i64 (&self->start_us);
  gint64 end_us = _pl_load_i64 (&self->end_us);
  PlWorkerTotals stage_totals[PL_MAX_STAGES] = { { 0 } };
  guint depths[PL_MAX_QUEUES];

  sample->serial = ++self->serial;
  sample->time_us = now;
  sample->elapsed_us = start_us == 0 ? 0 : (end_us != 0 ? end_us : now) - start_us;
  sample->state = g_atomic_int_get (&self->state);
  sample->mode = _pl_load_int (&self->mode);
  sample->paused = g_atomic_int_get (&self->paused) != 0;
  sample->backoff_ms = _pl_load_double (&self->backoff_bits);
  sample->work = _pl_load_int (&self->work);
  sample->items = _pl_load_u64 (&self->items);
  sample->produced = _pl_load_u64 (&self->produced);
  sample->coordinator_polls = _pl_load_u64 (&self->coordinator_polls);
  sample->producer_polls = _pl_load_u64 (&self->producer_polls);
  sample->workers_cancelled = g_atomic_int_get (&self->workers_cancelled);
  sample->held_cap_reached = g_atomic_int_get (&self->held_cap_reached) != 0;
  sample->shut_down = g_atomic_int_get (&self->shutdown_requested) != 0;
  sample->ending = _pl_pipeline_ending (self);
  sample->at_rest = g_atomic_int_get (&self->at_rest) != 0;
  sample->max_held = self->config.max_held;
  sample->rss_bytes = pl_sysinfo_rss_bytes ();

  sample->n_stages = self->n_stages;
  for (guint s = 0; s < self->n_stages; s++)
    {
      PlStage *stage = &self->stages[s];
      PlStageSample *out = &sample->stages[s];
      PlWorkerTotals *totals = &stage_totals[s];
      gboolean finished = self->threads_started;

      g_strlcpy (out->name, self->config.stages[s].name, sizeof out->name);
      out->mean_ms = _pl_load_double (&stage->mean_bits);
      out->distribution = _pl_load_int (&stage->distribution);
      out->n_workers = stage->workers->len;

      *totals = stage->retired_totals;
      for (guint w = 0; w < stage->workers->len; w++)
        {
          PlWorker *worker = g_ptr_array_index (stage->workers, w);

          _pl_worker_sample (worker, &out->workers[w]);
          _pl_worker_add_totals (worker, totals);
          finished = finished && _pl_worker_has_exited (worker);
        }
      for (guint w = stage->workers->len; w < PL_MAX_WORKERS; w++)
        {
          memset (&out->workers[w], 0, sizeof out->workers[w]);
          out->workers[w].item = G_MAXUINT64;
        }
      for (guint w = 0; w < stage->retired->len; w++)
        {
          PlWorker *worker = g_ptr_array_index (stage->retired, w);

          _pl_worker_add_totals (worker, totals);
          finished = finished && _pl_worker_has_exited (worker);
        }

      out->work_done = totals->work_done;
      out->polls = totals->polls;
      out->empty_polls = totals->empty_polls;
      out->cpu_ns = totals->cpu_ns;
      out->service_us = estimate_service_us (totals);
      out->in_hand = count_in_hand (stage->workers) + count_in_hand (stage->retired);
      out->finished = finished;
      sample->in_hand += out->in_hand;
    }

  sample->n_queues = self->n_stages + 1;
  for (guint q = 0; q <= self->n_stages; q++)
    {
      PlQueueSample *out = &sample->queues[q];

      pl_queue_get_stats (self->queues[q], &out->stats);
      out->closed = g_atomic_int_get (&self->queue_closed[q]) != 0;
      out->joined = g_atomic_int_get (&self->queue_joined[q]) != 0;
      if (q < self->n_stages)
        {
          out->wait_us = stage_totals[q].wait_us;
          out->waited = stage_totals[q].waited;
        }

      depths[q] = out->stats.depth;
      sample->dropped += out->stats.dropped;
    }

  integrate_depths_locked (self, now, depths);
  for (guint q = 0; q <= self->n_stages; q++)
    sample->queues[q].depth_area = self->depth_area[q];

  sample->producer_cpu_ns = thread_clock_read_locked (&self->clocks[PL_CLOCK_PRODUCER]);
  sample->coordinator_cpu_ns = thread_clock_read_locked (&self->clocks[PL_CLOCK_COORDINATOR]);
  sample->sampler_cpu_ns = thread_clock_read_locked (&self->clocks[PL_CLOCK_SAMPLER]);
  sample->pipeline_cpu_ns = sample->producer_cpu_ns + sample->coordinator_cpu_ns
                            + sample->sampler_cpu_ns;
  for (guint s = 0; s < self->n_stages; s++)
    sample->pipeline_cpu_ns += sample->stages[s].cpu_ns;

  /* The process's clock is read after every thread's, so that what it
   * counts beyond the line's threads is never less than the rest of the
   * program spent, however long this thread was held up in between. */
  if (start_us != 0)
    {
      gint64 cpu_end = _pl_load_i64 (&self->process_cpu_end_ns);

      if (end_us == 0 || cpu_end == 0)
        cpu_end = pl_sysinfo_process_cpu_ns ();
      sample->process_cpu_ns = cpu_end - self->process_cpu_start_ns;
    }

  /* Items that reached the done queue, even if someone drained it since. */
  sample->processed = sample->queues[self->n_stages].stats.puts;

  /* Read apart, the counters can disagree for a moment while items move;
   * once the threads have stopped, held = queued + in_hand exactly. */
  sample->held = sample->produced
                 - MIN (sample->produced, sample->processed + sample->dropped);

  /* The done queue is no part of it: what waits there is done. */
  sample->held_bytes = sample->held * sizeof (PlItem);
  for (guint q = 0; q < self->n_stages; q++)
    sample->held_bytes += sample->queues[q].stats.depth * sizeof (gpointer);
}

PlSample *
_pl_pipeline_build_sample (PlPipeline *self)
{
  PlSample *sample = pl_sample_new ();

  g_rec_mutex_lock (&self->workers_lock);
  fill_sample_locked (self, sample);
  g_rec_mutex_unlock (&self->workers_lock);

  return sample;
}

/* A fingerprint of everything a view shows that can change without a
 * control call: counters, states, depths and the workers' CPU. Reading it
 * also integrates the depths. Cheap next to a sample: no file is read. */
static inline guint64
mix (guint64 hash,
     guint64 value)
{
  return (hash ^ value) * G_GUINT64_CONSTANT (0x100000001b3);
}

static guint64
activity_fingerprint (PlPipeline *self)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  guint depths[PL_MAX_QUEUES];

  hash = mix (hash, g_atomic_int_get (&self->state));
  hash = mix (hash, g_atomic_int_get (&self->kick));
  hash = mix (hash, g_atomic_int_get (&self->exit_serial));
  hash = mix (hash, g_atomic_int_get (&self->settings_serial));
  hash = mix (hash, _pl_load_u64 (&self->produced));
  hash = mix (hash, _pl_load_u64 (&self->coordinator_polls));
  hash = mix (hash, _pl_load_u64 (&self->producer_polls));
  for (guint q = 0; q <= self->n_stages; q++)
    {
      hash = mix (hash, g_atomic_int_get (&self->queue_closed[q]));
      hash = mix (hash, g_atomic_int_get (&self->queue_joined[q]));
    }

  g_rec_mutex_lock (&self->workers_lock);

  for (guint q = 0; q <= self->n_stages; q++)
    {
      PlQueueStats stats;

      pl_queue_get_stats (self->queues[q], &stats);
      depths[q] = stats.depth;
      hash = mix (hash, stats.depth);
      hash = mix (hash, stats.capacity);
      hash = mix (hash, stats.puts);
      hash = mix (hash, stats.gets);
      hash = mix (hash, stats.markers_taken);
      hash = mix (hash, stats.unfinished);
      hash = mix (hash, stats.getters_waiting);
      hash = mix (hash, stats.putters_waiting);
      hash = mix (hash, stats.joiners_waiting);
      hash = mix (hash, stats.closes);
      hash = mix (hash, stats.dropped);
    }
  integrate_depths_locked (self, g_get_monotonic_time (), depths);

  for (guint s = 0; s < self->n_stages; s++)
    {
      GPtrArray *workers = self->stages[s].workers;

      hash = mix (hash, workers->len);
      hash = mix (hash, self->stages[s].retired->len);
      for (guint w = 0; w < workers->len; w++)
        {
          PlWorker *worker = g_ptr_array_index (workers, w);

          hash = mix (hash, _pl_load_int (&worker->state));
          hash = mix (hash, _pl_load_u64 (&worker->item));
          hash = mix (hash, _pl_load_u64 (&worker->work_done));
          hash = mix (hash, _pl_load_u64 (&worker->polls));
        }
    }

  g_rec_mutex_unlock (&self->workers_lock);

  return hash;
}

/* The workers' CPU in steps of about a millisecond: a worker spinning
 * through one long item moves, a blocked one does not. It costs a system
 * call per worker, so it is only read when nothing else moved. */
static guint64
cpu_fingerprint (PlPipeline *self)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  g_rec_mutex_lock (&self->workers_lock);
  for (guint s = 0; s < self->n_stages; s++)
    {
      GPtrArray *workers = self->stages[s].workers;

      for (guint w = 0; w < workers->len; w++)
        hash = mix (hash, (guint64) _pl_worker_cpu_ns (g_ptr_array_index (workers, w)) >> 20);
    }
  g_rec_mutex_unlock (&self->workers_lock);

  return hash;
}

/*
 * Publishes a sample at about 60 Hz while anything moves. Once nothing has
 * moved for REST_AFTER_TICKS ticks it publishes one sample marked at_rest,
 * then looks only every REST_PERIOD_US (at once on a control change or a
 * worker's exit) and publishes a heartbeat once a second, so that a paused
 * or starved line costs next to nothing and a view can stop drawing.
 */
gpointer
_pl_pipeline_sampler_thread (gpointer data)
{
  PlPipeline *self = data;
  gint64 next_us = g_get_monotonic_time () + SAMPLE_PERIOD_US;
  gint64 last_published_us = 0;
  guint64 last_fingerprint = 0;
  guint64 last_cpu = 0;
  guint unchanged_ticks = 0;

  for (;;)
    {
      gboolean stop;
      gboolean at_rest = unchanged_ticks >= REST_AFTER_TICKS;
      gboolean publish;
      gboolean moved;
      guint64 fingerprint;
      gint kick;
      gint exit_serial;
      gint settings_serial;
      gint64 now;

      g_mutex_lock (&self->control_lock);
      kick = g_atomic_int_get (&self->kick);
      exit_serial = g_atomic_int_get (&self->exit_serial);
      settings_serial = g_atomic_int_get (&self->settings_serial);
      while (g_atomic_int_get (&self->stop_level) < PL_STOP_SAMPLER
             && g_get_monotonic_time () < next_us
             && !(at_rest
                  && (g_atomic_int_get (&self->kick) != kick
                      || g_atomic_int_get (&self->exit_serial) != exit_serial
                      || g_atomic_int_get (&self->settings_serial) != settings_serial)))
        g_cond_wait_until (&self->control_cond, &self->control_lock, next_us);
      stop = g_atomic_int_get (&self->stop_level) >= PL_STOP_SAMPLER;
      g_mutex_unlock (&self->control_lock);

      if (stop)
        break;

      fingerprint = activity_fingerprint (self);
      moved = fingerprint != last_fingerprint || last_published_us == 0;
      last_fingerprint = fingerprint;
      if (!moved)
        {
          guint64 cpu = cpu_fingerprint (self);

          moved = cpu != last_cpu;
          last_cpu = cpu;
        }

      if (moved)
        unchanged_ticks = 0;
      else if (unchanged_ticks < REST_AFTER_TICKS)
        unchanged_ticks++;

      now = g_get_monotonic_time ();
      if (unchanged_ticks < REST_AFTER_TICKS)
        {
          g_atomic_int_set (&self->at_rest, FALSE);
          publish = TRUE;
        }
      else
        {
          /* The first tick at rest publishes the sample that says so. */
          publish = !at_rest || now - last_published_us >= HEARTBEAT_US;
          g_atomic_int_set (&self->at_rest, TRUE);
        }

      /* Absolute deadlines keep the rate; after a stall, or an early wake
       * at rest, start afresh rather than burst to catch up. */
      if (unchanged_ticks < REST_AFTER_TICKS)
        {
          next_us += SAMPLE_PERIOD_US;
          if (next_us <= now || next_us > now + SAMPLE_PERIOD_US)
            next_us = now + SAMPLE_PERIOD_US;
        }
      else
        {
          next_us = now + REST_PERIOD_US;
        }

      if (publish
          && g_atomic_int_get (&self->sampling)
          && g_async_queue_length (self->messages) < MAX_PENDING_MESSAGES)
        {
          g_autoptr(PlSample) sample = _pl_pipeline_build_sample (self);

          _pl_pipeline_push_sample (self, sample);
          last_published_us = now;
        }
      else if (publish)
        {
          last_published_us = now;
        }
    }

  g_atomic_int_set (&self->sampler_exited, TRUE);
  _pl_pipeline_broadcast (self);

  return NULL;
}
