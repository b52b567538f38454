/* pl-scenario.c: pipelines in hard states, shared by the stress test and the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-scenario.h"

#include "pl-pipeline-private.h"

/* Errors here only ever say "timed out", so one private domain is enough. */
#define SCENARIO_ERROR (g_quark_from_static_string ("pl-scenario-error"))

guint
pl_scenario_drain_messages (PlPipeline *pipeline)
{
  GAsyncQueue *messages = _pl_pipeline_get_messages (pipeline);
  PlMessage *message;
  guint n = 0;

  while ((message = g_async_queue_try_pop (messages)) != NULL)
    {
      pl_message_free (message);
      n++;
    }

  return n;
}

static gboolean
stage_all_in (const PlSample *sample,
              guint           stage,
              PlWorkerState   state)
{
  const PlStageSample *s = &sample->stages[stage];

  for (guint w = 0; w < s->n_workers; w++)
    {
      if (s->workers[w].state != state)
        return FALSE;
    }

  return s->n_workers > 0;
}

static gboolean
queue_full (const PlSample *sample,
            guint           queue)
{
  const PlQueueStats *stats = &sample->queues[queue].stats;

  return stats->capacity > 0 && stats->depth >= stats->capacity;
}

/* The last stage asleep on its first items; every stage before it has
 * finished an item and is blocked handing it on, behind a full queue. */
static gboolean
backed_up (const PlSample *sample)
{
  guint last = sample->n_stages - 1;

  if (!stage_all_in (sample, last, PL_WORKER_WORKING))
    return FALSE;
  for (guint s = 0; s < sample->n_stages; s++)
    {
      if (!queue_full (sample, s))
        return FALSE;
      if (s < last && !stage_all_in (sample, s, PL_WORKER_WAITING_PUT))
        return FALSE;
    }

  return TRUE;
}

static gboolean
all_asleep (const PlSample *sample)
{
  for (guint s = 0; s < sample->n_stages; s++)
    {
      if (!queue_full (sample, s) || !stage_all_in (sample, s, PL_WORKER_WORKING))
        return FALSE;
    }

  return TRUE;
}

static gboolean
wait_until (PlPipeline *pipeline,
            gboolean  (*reached) (const PlSample *sample),
            gint64      deadline_us)
{
  for (;;)
    {
      g_autoptr(PlSample) sample = pl_pipeline_sample (pipeline);

      if (reached (sample))
        return TRUE;
      if (g_get_monotonic_time () > deadline_us)
        return FALSE;

      g_usleep (2000);
    }
}

PlPipeline *
pl_scenario_start_all_asleep (guint    n_stages,
                              guint    workers,
                              guint    capacity,
                              gdouble  delay_ms,
                              gint64   timeout_us,
                              GError **error)
{
  g_autoptr(PlPipeline) pipeline = NULL;
  gint64 deadline_us = g_get_monotonic_time () + timeout_us;
  guint last = n_stages - 1;
  PlConfig config;

  g_return_val_if_fail (n_stages >= 1 && n_stages <= PL_MAX_STAGES, NULL);
  g_return_val_if_fail (workers >= 1 && workers <= PL_MAX_WORKERS, NULL);
  g_return_val_if_fail (capacity >= 1 && capacity + workers <= PL_MAX_CAPACITY, NULL);

  pl_config_init_default (&config);
  config.mode = PL_MODE_BLOCKING;
  config.work = PL_WORK_SLEEP;
  config.items = 1000000;
  config.auto_close = FALSE;
  config.n_stages = n_stages;
  for (guint s = 0; s < n_stages; s++)
    {
      g_snprintf (config.stages[s].name, PL_STAGE_NAME_LEN, "stage%u", s);
      config.stages[s].workers = workers;
      config.stages[s].distribution = PL_DIST_FIXED;
      /* Only the last stage is slow at first, so items pile up behind it. */
      config.stages[s].mean_ms = s == last ? delay_ms : 0.0;
      config.capacities[s] = capacity;
    }

  pipeline = pl_pipeline_new (&config);
  if (!pl_pipeline_start (pipeline, error))
    return NULL;

  if (!wait_until (pipeline, backed_up, deadline_us))
    {
      pl_pipeline_cancel (pipeline);
      g_set_error_literal (error, SCENARIO_ERROR, 0,
                           "the pipeline did not back up behind its last stage in time");
      return NULL;
    }

  /* Make every other stage slow too, then give the last queue room for
   * one more item per worker: each stage in turn hands on the item it
   * holds and takes a new one, which now comes with the long delay. */
  for (guint s = 0; s < last; s++)
    pl_pipeline_set_stage_delay (pipeline, s, delay_ms, PL_DIST_FIXED);
  if (last > 0)
    pl_pipeline_set_capacity (pipeline, last, capacity + workers);

  if (!wait_until (pipeline, all_asleep, deadline_us))
    {
      pl_pipeline_cancel (pipeline);
      g_set_error_literal (error, SCENARIO_ERROR, 0,
                           "the workers did not all fall asleep behind full queues in time");
      return NULL;
    }

  return g_steal_pointer (&pipeline);
}
