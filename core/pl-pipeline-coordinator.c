/* pl-pipeline-coordinator.c: the thread that runs the line's end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The coordinator is the seed's main thread: once the input is fed it runs
 * the close → join sequence (blocking mode), polls the done queue (busy-wait
 * mode), or joins each queue in turn, then cancels whoever is left.
 */

#include "config.h"

#include "pl-pipeline-private.h"

/* The coordinator */

/* Waits on the control cond until *flag is set; FALSE when cancelled. */
static gboolean
wait_for_flag (PlPipeline *self,
               const gint *flag)
{
  gboolean cancelled;

  g_mutex_lock (&self->control_lock);
  while (!g_atomic_int_get (flag) && !_pl_pipeline_cancelled (self))
    g_cond_wait (&self->control_cond, &self->control_lock);
  cancelled = _pl_pipeline_cancelled (self);
  g_mutex_unlock (&self->control_lock);

  return !cancelled;
}

static gboolean
workers_exited_locked (GPtrArray *workers)
{
  for (guint i = 0; i < workers->len; i++)
    {
      if (!_pl_worker_has_exited (g_ptr_array_index (workers, i)))
        return FALSE;
    }

  return TRUE;
}

/* Waits until every worker of the stage (or of every stage, when stage is
 * -1) has left; with include_live FALSE, only the retired ones. */
static gboolean
wait_for_workers (PlPipeline *self,
                  gint        stage,
                  gboolean    include_live)
{
  for (;;)
    {
      gboolean all_exited = TRUE;
      gint serial;

      g_mutex_lock (&self->control_lock);
      serial = g_atomic_int_get (&self->exit_serial);
      g_mutex_unlock (&self->control_lock);

      if (_pl_pipeline_cancelled (self))
        return FALSE;

      g_rec_mutex_lock (&self->workers_lock);
      for (guint s = 0; s < self->n_stages; s++)
        {
          if (stage >= 0 && (guint) stage != s)
            continue;
          all_exited = all_exited
                       && workers_exited_locked (self->stages[s].retired)
                       && (!include_live || workers_exited_locked (self->stages[s].workers));
        }
      g_rec_mutex_unlock (&self->workers_lock);

      if (all_exited)
        return TRUE;

      g_mutex_lock (&self->control_lock);
      while (g_atomic_int_get (&self->exit_serial) == serial
             && !_pl_pipeline_cancelled (self))
        g_cond_wait (&self->control_cond, &self->control_lock);
      g_mutex_unlock (&self->control_lock);
    }
}

/* The coordinator leaves whatever sequence it runs when the line is
 * cancelled or shut down at once; which of the two tells what comes next. */
static inline gboolean
coordinator_interrupted (PlPipeline *self)
{
  return _pl_pipeline_cancelled (self)
         || g_atomic_int_get (&self->shutdown_requested);
}

/* Joins @queue, looking up at every kick; FALSE when interrupted. */
static gboolean
join_queue (PlPipeline *self,
            guint       queue)
{
  _pl_pipeline_trace_coordinator (self, PL_TRACE_COORDINATOR_JOINING);
  for (;;)
    {
      gint seen = g_atomic_int_get (&self->kick);

      if (coordinator_interrupted (self))
        return FALSE;
      if (_pl_queue_join_interruptible (self->queues[queue], -1, &self->kick, seen))
        break;
    }

  g_atomic_int_set (&self->queue_joined[queue], TRUE);
  _pl_pipeline_push_event (self, PL_EVENT_QUEUE_JOINED, queue);
  _pl_pipeline_trace_coordinator (self, PL_TRACE_COORDINATOR_CLOSING);

  return TRUE;
}

/* The seed's graceful end: close a queue once per consumer, join it, and
 * move on to the next once its workers have left. */
static gboolean
close_blocking (PlPipeline *self)
{
  for (guint s = 0; s < self->n_stages; s++)
    {
      PlQueue *queue = self->queues[s];
      guint consumers;

      /* A retired worker may still be finishing an item; once it is gone,
       * no one but the live workers can take a marker meant for them. */
      if (!wait_for_workers (self, s, FALSE))
        return FALSE;

      g_rec_mutex_lock (&self->workers_lock);
      consumers = self->stages[s].workers->len;
      g_rec_mutex_unlock (&self->workers_lock);

      for (guint i = 0; i < consumers; i++)
        {
          for (;;)
            {
              gint seen = g_atomic_int_get (&self->kick);
              PlQueueStatus status;

              if (coordinator_interrupted (self))
                return FALSE;
              status = _pl_queue_close_interruptible (queue, -1, &self->kick, seen);
              if (status == PL_QUEUE_OK || status == PL_QUEUE_SHUT_DOWN)
                break;
            }
        }
      g_atomic_int_set (&self->queue_closed[s], TRUE);
      _pl_pipeline_push_event (self, PL_EVENT_QUEUE_CLOSED, s);

      if (!join_queue (self, s))
        return FALSE;

      if (!wait_for_workers (self, s, TRUE))
        return FALSE;
      _pl_pipeline_push_event (self, PL_EVENT_STAGE_FINISHED, s);
    }

  return TRUE;
}

/* Workers that will never see a marker (busy-waiting ones, or blocking ones
 * after a join with no close) are cancelled, and counted. */
static gboolean
cancel_workers (PlPipeline *self)
{
  gint cancelled = 0;

  _pl_pipeline_trace_coordinator (self, PL_TRACE_COORDINATOR_CANCELLING);
  g_mutex_lock (&self->control_lock);
  _pl_pipeline_stop_locked (self, PL_STOP_WORKERS);
  _pl_pipeline_kick_locked (self);
  g_mutex_unlock (&self->control_lock);
  _pl_pipeline_wake_queues (self);

  if (!wait_for_workers (self, -1, TRUE))
    return FALSE;

  g_rec_mutex_lock (&self->workers_lock);
  for (guint s = 0; s < self->n_stages; s++)
    {
      GPtrArray *lists[] = { self->stages[s].workers, self->stages[s].retired };

      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint i = 0; i < lists[l]->len; i++)
          {
            PlWorker *worker = g_ptr_array_index (lists[l], i);

            if (_pl_load_int (&worker->stopped))
              cancelled++;
          }
    }
  g_rec_mutex_unlock (&self->workers_lock);

  g_atomic_int_set (&self->workers_cancelled, cancelled);
  _pl_pipeline_push_event (self, PL_EVENT_WORKERS_CANCELLED, cancelled);

  return TRUE;
}

/* Once every item is through, a line that sent no markers has workers that
 * nothing can stop. Headless runs cancel and count them; with `linger` they
 * are left running, as the book's program leaves them, until the line is
 * cancelled or shut down at once. */
static gboolean
end_without_markers (PlPipeline *self)
{
  guint running = 0;

  if (!self->config.linger)
    return cancel_workers (self);

  g_rec_mutex_lock (&self->workers_lock);
  for (guint s = 0; s < self->n_stages; s++)
    running += self->stages[s].workers->len;
  g_rec_mutex_unlock (&self->workers_lock);
  _pl_pipeline_push_event (self, PL_EVENT_LINGERING, running);

  g_mutex_lock (&self->control_lock);
  while (!coordinator_interrupted (self))
    g_cond_wait (&self->control_cond, &self->control_lock);
  g_mutex_unlock (&self->control_lock);

  return FALSE;
}

/* The book's task_done/join lesson: the program waits on each queue in turn
 * until every item put in it was marked done. No marker is sent, so the
 * workers are left blocked in get, and the program has to cancel them. */
static gboolean
join_each_queue (PlPipeline *self)
{
  for (guint s = 0; s < self->n_stages; s++)
    {
      if (!join_queue (self, s))
        return FALSE;
    }

  return end_without_markers (self);
}

/* The seed had no way to stop a busy-waiting worker: its main thread polled
 * the done queue until everything had arrived, and the workers were simply
 * abandoned. */
static gboolean
close_busy_wait (PlPipeline *self)
{
  guint64 produced = _pl_load_u64 (&self->produced);

  _pl_pipeline_trace_coordinator (self, PL_TRACE_COORDINATOR_POLLING);
  for (;;)
    {
      gdouble backoff_ms;
      gint seen = g_atomic_int_get (&self->kick);

      if (coordinator_interrupted (self))
        return FALSE;

      /* Flipped to blocking meanwhile: the main thread waits on the
       * joins, as a blocking program's does, and stops spending the
       * processor on polls. */
      if (_pl_load_int (&self->mode) == PL_MODE_BLOCKING)
        return join_each_queue (self);

      _pl_bump_u64 (&self->coordinator_polls, 1);
      if (_pl_pipeline_processed (self) >= produced)
        break;

      backoff_ms = _pl_load_double (&self->backoff_bits);
      /* The stop level is only ever nonzero here once the line is
       * cancelled: the coordinator raises it itself only later. */
      if (backoff_ms > 0.0)
        pl_delay_sleep_until (&self->control_lock, &self->control_cond,
                              &self->stop_level, &self->kick, seen,
                              g_get_monotonic_time () + (gint64) (backoff_ms * 1000.0));
    }

  return end_without_markers (self);
}

static gboolean
coordinator_should_start_closing (PlPipeline *self,
                                  gboolean    auto_close)
{
  /* input_closed also stands for a shutdown, which closes the input. */
  return _pl_pipeline_cancelled (self)
         || g_atomic_int_get (&self->input_closed)
         || (auto_close
             && (g_atomic_int_get (&self->producer_exited)
                 || _pl_load_u64 (&self->produced) >= _pl_load_u64 (&self->items)));
}

gpointer
_pl_pipeline_coordinator_thread (gpointer data)
{
  PlPipeline *self = data;
  gboolean auto_close;
  gboolean ended;
  PlEnding ending;
  PlMode mode;

  _pl_pipeline_trace_coordinator (self, PL_TRACE_COORDINATOR_WAITING);
  g_mutex_lock (&self->control_lock);
  auto_close = self->config.auto_close;
  while (!coordinator_should_start_closing (self, auto_close))
    g_cond_wait (&self->control_cond, &self->control_lock);
  g_mutex_unlock (&self->control_lock);

  if (_pl_pipeline_cancelled (self))
    return NULL;

  /* From here on the worker lists are frozen: a marker is put per live
   * worker, and a worker added or retired later would upset that count. */
  g_rec_mutex_lock (&self->workers_lock);
  self->closing = TRUE;
  g_rec_mutex_unlock (&self->workers_lock);
  _pl_pipeline_trace_coordinator (self, PL_TRACE_COORDINATOR_CLOSING);

  g_mutex_lock (&self->control_lock);
  mode = _pl_load_int (&self->mode);
  ending = self->config.ending;
  g_atomic_int_set (&self->state, PL_PIPELINE_CLOSING);
  g_atomic_int_set (&self->input_closed, TRUE);
  _pl_pipeline_kick_locked (self);
  g_mutex_unlock (&self->control_lock);
  _pl_pipeline_wake_queues (self);

  /* The producer finishes the item in hand, then stops. */
  if (!wait_for_flag (self, &self->producer_exited))
    return NULL;

  if (ending == PL_ENDING_JOIN)
    ended = join_each_queue (self);
  else if (mode == PL_MODE_BLOCKING)
    ended = close_blocking (self);
  else
    ended = close_busy_wait (self);

  if (_pl_pipeline_cancelled (self))
    return NULL;

  /* Shut down at once: every worker leaves by itself as its next get or
   * put is refused, and the run still ends as finished. */
  if (!ended && !wait_for_workers (self, -1, TRUE))
    return NULL;

  /* The last snapshot and ALL_DONE close the message stream, so stop the
   * sampler first: nothing may follow them. Every worker and the producer
   * have left, so the level's halt stops no one else. */
  g_mutex_lock (&self->control_lock);
  _pl_pipeline_stop_locked (self, PL_STOP_SAMPLER);
  g_cond_broadcast (&self->control_cond);
  g_mutex_unlock (&self->control_lock);
  if (!wait_for_flag (self, &self->sampler_exited))
    return NULL;

  _pl_pipeline_mark_end (self);
  {
    g_autoptr(PlSample) sample = _pl_pipeline_build_sample (self);

    sample->state = PL_PIPELINE_FINISHED;
    sample->ending = _pl_pipeline_ending_of (self, PL_PIPELINE_FINISHED);
    _pl_pipeline_push_sample (self, sample);
  }
  _pl_pipeline_push_event (self, PL_EVENT_ALL_DONE, 0);
  _pl_pipeline_trace_coordinator (self, PL_TRACE_COORDINATOR_ENDED);

  g_mutex_lock (&self->control_lock);
  if (!_pl_pipeline_cancelled (self))
    g_atomic_int_set (&self->state, PL_PIPELINE_FINISHED);
  g_cond_broadcast (&self->control_cond);
  g_mutex_unlock (&self->control_lock);

  return NULL;
}
