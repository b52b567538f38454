/* pl-sample.c: immutable snapshots and events the engine publishes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pl-sample.h"

#include "pl-enums.h"
#include "pl-format.h"

G_DEFINE_BOXED_TYPE (PlSample, pl_sample, pl_sample_ref, pl_sample_unref)
G_DEFINE_BOXED_TYPE (PlEvent, pl_event, pl_event_copy, pl_event_free)

PlEvent *
pl_event_copy (const PlEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);

  return g_memdup2 (event, sizeof *event);
}

void
pl_event_free (PlEvent *event)
{
  g_free (event);
}

PlSample *
pl_sample_new (void)
{
  PlSample *sample = g_atomic_rc_box_new0 (PlSample);

  for (guint s = 0; s < PL_MAX_STAGES; s++)
    for (guint w = 0; w < PL_MAX_WORKERS; w++)
      sample->stages[s].workers[w].item = G_MAXUINT64;

  return sample;
}

PlSample *
pl_sample_ref (PlSample *sample)
{
  g_return_val_if_fail (sample != NULL, NULL);

  return g_atomic_rc_box_acquire (sample);
}

void
pl_sample_unref (PlSample *sample)
{
  g_return_if_fail (sample != NULL);

  g_atomic_rc_box_release (sample);
}

void
pl_message_free (PlMessage *message)
{
  if (message == NULL)
    return;

  g_clear_pointer (&message->sample, pl_sample_unref);
  g_free (message);
}

const gchar *
pl_worker_state_to_string (PlWorkerState state)
{
  return pl_enum_to_nick (PL_TYPE_WORKER_STATE, state);
}

const gchar *
pl_event_kind_to_string (PlEventKind kind)
{
  return pl_enum_to_nick (PL_TYPE_EVENT_KIND, kind);
}

const gchar *
pl_run_ending_to_string (PlRunEnding ending)
{
  return pl_enum_to_nick (PL_TYPE_RUN_ENDING, ending);
}

gdouble
pl_sample_throughput (const PlSample *sample)
{
  g_return_val_if_fail (sample != NULL, 0.0);

  if (sample->elapsed_us <= 0)
    return 0.0;

  return (gdouble) sample->processed / ((gdouble) sample->elapsed_us / G_USEC_PER_SEC);
}

gdouble
pl_stage_sample_mean_service_ms (const PlStageSample *stage)
{
  g_return_val_if_fail (stage != NULL, 0.0);

  if (stage->work_done == 0)
    return 0.0;

  return (gdouble) stage->service_us / (gdouble) stage->work_done / 1000.0;
}

gdouble
pl_queue_sample_mean_wait_ms (const PlQueueSample *queue)
{
  g_return_val_if_fail (queue != NULL, 0.0);

  if (queue->waited == 0)
    return 0.0;

  return (gdouble) queue->wait_us / (gdouble) queue->waited / 1000.0;
}

/**
 * pl_littles_law_compute:
 * @queue: a queue's sample
 * @elapsed_us: the run's elapsed time, the same clock as @queue's totals
 * @law: (out): the readings
 *
 * Returns: %FALSE, leaving @law zeroed, until time has passed and at least
 *   one item has left the queue, so that W means something
 */
gboolean
pl_littles_law_compute (const PlQueueSample *queue,
                        gint64               elapsed_us,
                        PlLittlesLaw        *law)
{
  gdouble elapsed_s;

  g_return_val_if_fail (queue != NULL, FALSE);
  g_return_val_if_fail (law != NULL, FALSE);

  *law = (PlLittlesLaw) { 0, };
  if (elapsed_us <= 0 || queue->waited == 0)
    return FALSE;

  elapsed_s = (gdouble) elapsed_us / G_USEC_PER_SEC;
  law->mean_depth = queue->depth_area / elapsed_s;
  law->arrival_rate = (gdouble) queue->stats.puts / elapsed_s;
  law->mean_wait_s = (gdouble) queue->wait_us / (gdouble) queue->waited / G_USEC_PER_SEC;
  law->rate_by_wait = law->arrival_rate * law->mean_wait_s;

  return TRUE;
}
