/* pl-pipeline-trace.c: tracing a pipeline's threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The threads record their own state changes where they set their state
 * (pl-worker.c, the coordinator in pl-pipeline.c), so every span is exact;
 * the queues' counters are sampled by the tracer's writer.
 */

#include "config.h"

#include "pl-pipeline-private.h"
#include "pl-trace-private.h"

PlTraceTrack *
_pl_pipeline_trace_worker (PlPipeline *self,
                           guint       stage,
                           guint       index)
{
  g_autofree gchar *name = NULL;

  if (self->tracer == NULL)
    return NULL;

  name = g_strdup_printf ("%s/worker %u", self->config.stages[stage].name, index + 1);

  return pl_tracer_add_track (self->tracer, PL_TRACE_TRACK_WORKER, name);
}

void
pl_pipeline_set_tracer (PlPipeline *self,
                        PlTracer   *tracer)
{
  g_return_if_fail (PL_IS_PIPELINE (self));
  g_return_if_fail (tracer != NULL);
  g_return_if_fail (self->tracer == NULL);
  g_return_if_fail (g_atomic_int_get (&self->state) == PL_PIPELINE_READY);
  g_return_if_fail (!self->threads_started);

  g_rec_mutex_lock (&self->workers_lock);

  self->tracer = tracer;
  self->trace_producer = pl_tracer_add_track (tracer, PL_TRACE_TRACK_PRODUCER, "producer");
  for (guint s = 0; s < self->n_stages; s++)
    {
      GPtrArray *workers = self->stages[s].workers;

      for (guint w = 0; w < workers->len; w++)
        {
          PlWorker *worker = g_ptr_array_index (workers, w);

          worker->trace = _pl_pipeline_trace_worker (self, s, worker->index);
        }
    }
  self->trace_coordinator = pl_tracer_add_track (tracer, PL_TRACE_TRACK_COORDINATOR,
                                                 "coordinator");

  for (guint q = 0; q <= self->n_stages; q++)
    {
      g_autofree gchar *name = _pl_trace_queue_name (&self->config, q);

      pl_tracer_add_queue (tracer, self->queues[q], name);
    }

  g_rec_mutex_unlock (&self->workers_lock);
}

static void
forget_tracks (PlPipeline *self)
{
  self->trace_producer = NULL;
  self->trace_coordinator = NULL;
  for (guint s = 0; s < self->n_stages; s++)
    {
      GPtrArray *lists[] = { self->stages[s].workers, self->stages[s].retired };

      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint i = 0; i < lists[l]->len; i++)
          ((PlWorker *) g_ptr_array_index (lists[l], i))->trace = NULL;
    }
}

PlTracer *
pl_pipeline_take_tracer (PlPipeline *self,
                         gint64     *end_us)
{
  PlTracer *tracer;

  g_return_val_if_fail (PL_IS_PIPELINE (self), NULL);
  g_return_val_if_fail (end_us != NULL, NULL);

  if (self->tracer == NULL)
    return NULL;

  /* Every thread is joined: no track is written any more. A run that
   * ended keeps its ending. */
  pl_pipeline_cancel (self);

  g_rec_mutex_lock (&self->workers_lock);
  tracer = g_steal_pointer (&self->tracer);
  forget_tracks (self);
  g_rec_mutex_unlock (&self->workers_lock);

  *end_us = _pl_load_i64 (&self->end_us);
  if (*end_us == 0)
    *end_us = g_get_monotonic_time ();

  return tracer;
}

gboolean
pl_pipeline_finish_trace (PlPipeline  *self,
                          GError     **error)
{
  PlTracer *tracer;
  gint64 end_us = 0;

  g_return_val_if_fail (PL_IS_PIPELINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  tracer = pl_pipeline_take_tracer (self, &end_us);
  if (tracer == NULL)
    return TRUE;

  return pl_tracer_finish (tracer, end_us, error);
}

/* For dispose, once every thread is joined: a trace nobody finished is
 * not left half written. */
void
_pl_pipeline_abandon_trace (PlPipeline *self)
{
  PlTracer *tracer = g_steal_pointer (&self->tracer);

  if (tracer == NULL)
    return;

  forget_tracks (self);
  pl_tracer_abandon (tracer);
}
