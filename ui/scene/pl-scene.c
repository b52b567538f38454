/* pl-scene.c: what the assembly line shows, derived from the engine's samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scene never invents anything: every box, glyph and number comes from
 * the latest sample, and rates come from differences between samples
 * (pl_scene_measure). Only the positions of the boxes are animated between
 * samples. Each queue's belt of boxes is kept by pl-scene-belt.c, and what
 * the scene says in words by pl-scene-words.c.
 */

#include "config.h"

#include <math.h>

#include "pl-scene-private.h"

/* Live rates are measured over at least this much of the run's time. */
#define RATE_WINDOW_US    ((gint64) (PL_SCENE_RATE_WINDOW_S * G_USEC_PER_SEC))
/* A stage must be at least this busy to be called the bottleneck. */
#define BOTTLENECK_BUSY   0.5
/* Rates closer than this are a tie, settled by which stage is busier. */
#define SAME_RATE         0.02

typedef struct
{
  PlSample *sample;
  guint8    working[PL_MAX_STAGES];
} HistoryEntry;

struct _PlScene
{
  GObject       parent_instance;

  gchar        *title;
  gchar        *status;

  PlSample     *sample;
  GQueue        history;
  guint         working_sum[PL_MAX_STAGES];
  guint         workers_sum[PL_MAX_STAGES];

  PlSceneBelt   queues[PL_MAX_QUEUES];
  PlStageRates  rates[PL_MAX_STAGES];
  gdouble       throughput;
  gint          bottleneck;

  gint64        last_frame_us;
  gdouble       clock_s;
};

G_DEFINE_FINAL_TYPE (PlScene, pl_scene, G_TYPE_OBJECT)

static void clear_rates (PlScene *self);

enum {
  PROP_0,
  PROP_TITLE,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
history_entry_free (gpointer data)
{
  HistoryEntry *entry = data;

  pl_sample_unref (entry->sample);
  g_free (entry);
}

static void
pl_scene_clear_history (PlScene *self)
{
  g_queue_clear_full (&self->history, history_entry_free);
  memset (self->working_sum, 0, sizeof self->working_sum);
  memset (self->workers_sum, 0, sizeof self->workers_sum);
}

static void
pl_scene_finalize (GObject *object)
{
  PlScene *self = (PlScene *)object;

  pl_scene_clear_history (self);
  g_clear_pointer (&self->sample, pl_sample_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (pl_scene_parent_class)->finalize (object);
}

static void
pl_scene_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PlScene *self = PL_SCENE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_scene_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PlScene *self = PL_SCENE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      pl_scene_set_title (self, g_value_get_string (value));
      break;

    case PROP_STATUS:
      pl_scene_set_status (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_scene_class_init (PlSceneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pl_scene_finalize;
  object_class->get_property = pl_scene_get_property;
  object_class->set_property = pl_scene_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pl_scene_init (PlScene *self)
{
  g_queue_init (&self->history);
  clear_rates (self);
}

PlScene *
pl_scene_new (void)
{
  return g_object_new (PL_TYPE_SCENE, NULL);
}

const gchar *
pl_scene_get_title (PlScene *self)
{
  g_return_val_if_fail (PL_IS_SCENE (self), NULL);

  return self->title;
}

void
pl_scene_set_title (PlScene     *self,
                    const gchar *title)
{
  g_return_if_fail (PL_IS_SCENE (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const gchar *
pl_scene_get_status (PlScene *self)
{
  g_return_val_if_fail (PL_IS_SCENE (self), NULL);

  return self->status;
}

void
pl_scene_set_status (PlScene     *self,
                     const gchar *status)
{
  g_return_if_fail (PL_IS_SCENE (self));

  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}


static guint
count_working (const PlStageSample *stage)
{
  guint working = 0;

  for (guint w = 0; w < MIN (stage->n_workers, PL_MAX_WORKERS); w++)
    {
      if (stage->workers[w].state == PL_WORKER_WORKING ||
          stage->workers[w].state == PL_WORKER_TASK_DONE)
        working++;
    }

  return working;
}

static void
pl_scene_push_history (PlScene  *self,
                       PlSample *sample)
{
  HistoryEntry *entry = g_new0 (HistoryEntry, 1);

  entry->sample = pl_sample_ref (sample);
  for (guint s = 0; s < MIN (sample->n_stages, PL_MAX_STAGES); s++)
    {
      entry->working[s] = count_working (&sample->stages[s]);
      self->working_sum[s] += entry->working[s];
      self->workers_sum[s] += sample->stages[s].n_workers;
    }
  g_queue_push_tail (&self->history, entry);

  /* Keep, as the base, the newest entry at least a window of the run's
   * own time older than the newest sample, and nothing older. */
  while (self->history.length > 2)
    {
      HistoryEntry *oldest = g_queue_peek_head (&self->history);
      HistoryEntry *second = g_queue_peek_nth (&self->history, 1);

      if (sample->elapsed_us - second->sample->elapsed_us < RATE_WINDOW_US)
        break;

      for (guint s = 0; s < MIN (oldest->sample->n_stages, PL_MAX_STAGES); s++)
        {
          self->working_sum[s] -= oldest->working[s];
          self->workers_sum[s] -= oldest->sample->stages[s].n_workers;
        }
      history_entry_free (g_queue_pop_head (&self->history));
    }
}

/* Not measured yet: NAN, shown as a dash. */
static void
clear_rates (PlScene *self)
{
  self->bottleneck = -1;
  self->throughput = NAN;
  for (guint s = 0; s < PL_MAX_STAGES; s++)
    {
      memset (&self->rates[s], 0, sizeof self->rates[s]);
      self->rates[s].items_per_s = NAN;
      self->rates[s].polls_per_s = NAN;
      self->rates[s].cpu_percent = NAN;
      self->rates[s].busy = NAN;
    }
}

/* Every counter of a line is zero when it starts. */
static const PlSample *
zero_sample (void)
{
  static PlSample zero;

  return &zero;
}

/*
 * The base the live rates are measured from: a sample at least a window
 * of run time before @now. While the scene has watched the line since
 * less than a window after its start, the start itself serves, where
 * every counter was zero. NULL until the window has data.
 */
static const PlSample *
rate_base (PlScene        *self,
           const PlSample *now)
{
  const HistoryEntry *oldest = g_queue_peek_head (&self->history);

  if (oldest == NULL || now->elapsed_us < RATE_WINDOW_US)
    return NULL;

  if (oldest->sample != now && oldest->sample->n_stages == now->n_stages
      && now->elapsed_us - oldest->sample->elapsed_us >= RATE_WINDOW_US)
    return oldest->sample;

  if (oldest->sample->elapsed_us < RATE_WINDOW_US)
    return zero_sample ();

  return NULL;
}

static void
pl_scene_measure (PlScene *self)
{
  const PlSample *now = self->sample;
  /* Once the line has stopped, every rate is the run's average, the
   * number its report gives: the count over the run's elapsed time. */
  gboolean ended = now->state == PL_PIPELINE_FINISHED || now->state == PL_PIPELINE_CANCELLED;
  const PlSample *base = ended ? NULL : rate_base (self, now);
  gboolean averaged = ended && now->elapsed_us > 0;
  gint64 span_us = averaged ? now->elapsed_us
                            : base != NULL ? now->elapsed_us - base->elapsed_us : 0;
  gdouble seconds = span_us / (gdouble)G_USEC_PER_SEC;
  gdouble slowest_rate = G_MAXDOUBLE;

  if (base == NULL && !averaged)
    {
      clear_rates (self);
      return;
    }

  if (averaged)
    base = zero_sample ();

  self->bottleneck = -1;
  self->throughput = (now->processed - MIN (now->processed, base->processed)) / seconds;

  for (guint s = 0; s < MIN (now->n_stages, PL_MAX_STAGES); s++)
    {
      const PlStageSample *stage = &now->stages[s];
      const PlStageSample *then = &base->stages[s];
      PlStageRates *rates = &self->rates[s];

      rates->valid = TRUE;
      rates->averaged = averaged;
      rates->items_per_s = (stage->work_done - MIN (stage->work_done, then->work_done)) / seconds;
      rates->polls_per_s = (stage->polls - MIN (stage->polls, then->polls)) / seconds;
      rates->cpu_percent = 100.0 * MAX (0, stage->cpu_ns - then->cpu_ns) / (seconds * 1e9);
      if (!averaged)
        /* The share of sampled worker states that were working: smooth
         * even when single items take longer than the window. */
        rates->busy = self->workers_sum[s] > 0
                      ? (gdouble)self->working_sum[s] / self->workers_sum[s]
                      : 0;
      else
        rates->busy = stage->n_workers > 0
                      ? MIN (1.0, stage->service_us / (span_us * (gdouble)stage->n_workers))
                      : 0;

      /* Of the stages that are kept busy, the one that gets the fewest
       * items through sets the pace: stages before it only look busy
       * while they work off a backlog, stages after it starve. A line
       * that stopped holds nothing back. */
      if (rates->busy >= BOTTLENECK_BUSY && !ended &&
          (self->bottleneck < 0 ||
           rates->items_per_s < slowest_rate * (1 - SAME_RATE) ||
           (rates->items_per_s <= slowest_rate * (1 + SAME_RATE) &&
            rates->busy > self->rates[self->bottleneck].busy)))
        {
          self->bottleneck = s;
          slowest_rate = rates->items_per_s;
        }
    }
}

/**
 * pl_scene_push_sample:
 * @self: a #PlScene
 * @sample: the newest sample of the pipeline
 *
 * Makes @sample what the scene shows. The boxes on each belt become exactly
 * the entries the sample reports; only their positions keep moving.
 */
void
pl_scene_push_sample (PlScene  *self,
                      PlSample *sample)
{
  PlSample *previous;

  g_return_if_fail (PL_IS_SCENE (self));
  g_return_if_fail (sample != NULL);

  previous = self->sample;

  /* A sample taken before the one shown (the sampler's, overtaken by a
   * snapshot) adds nothing, and must not roll the picture back. */
  if (previous != NULL && sample->n_queues == previous->n_queues &&
      sample->n_stages == previous->n_stages && sample->time_us < previous->time_us)
    return;

  if (previous != NULL
      && (sample->n_queues != previous->n_queues || sample->elapsed_us < previous->elapsed_us))
    {
      /* A different pipeline, or a new run: nothing to compare with. */
      pl_scene_clear_history (self);
      previous = NULL;
    }

  for (guint q = 0; q < MIN (sample->n_queues, PL_MAX_QUEUES); q++)
    _pl_scene_belt_update (&self->queues[q], &sample->queues[q].stats,
                           previous != NULL ? &previous->queues[q].stats : NULL);

  pl_sample_ref (sample);
  g_clear_pointer (&self->sample, pl_sample_unref);
  self->sample = sample;

  pl_scene_push_history (self, sample);
  pl_scene_measure (self);
}

/**
 * pl_scene_push_event:
 * @self: a #PlScene
 * @event: an event of the pipeline
 *
 * Shows a one-line description of @event, so the close sequence can be
 * followed step by step.
 */
void
pl_scene_push_event (PlScene       *self,
                     const PlEvent *event)
{
  g_autofree gchar *text = NULL;

  g_return_if_fail (PL_IS_SCENE (self));
  g_return_if_fail (event != NULL);

  text = _pl_scene_describe_event (event, self->sample);
  if (text != NULL)
    pl_scene_set_status (self, text);
}

void
pl_scene_reset (PlScene *self)
{
  g_return_if_fail (PL_IS_SCENE (self));

  pl_scene_clear_history (self);
  g_clear_pointer (&self->sample, pl_sample_unref);
  memset (self->queues, 0, sizeof self->queues);
  clear_rates (self);
  self->bottleneck = -1;
  self->last_frame_us = 0;
  pl_scene_set_status (self, NULL);
}

static gboolean
has_polling_worker (const PlSample *sample)
{
  for (guint s = 0; s < MIN (sample->n_stages, PL_MAX_STAGES); s++)
    for (guint w = 0; w < MIN (sample->stages[s].n_workers, PL_MAX_WORKERS); w++)
      if (sample->stages[s].workers[w].state == PL_WORKER_POLLING ||
          sample->stages[s].workers[w].state == PL_WORKER_BACKOFF)
        return TRUE;

  return FALSE;
}

/**
 * pl_scene_is_animating:
 * @self: a #PlScene
 *
 * Returns: %TRUE while something drawn still moves without a new sample
 */
gboolean
pl_scene_is_animating (PlScene *self)
{
  g_return_val_if_fail (PL_IS_SCENE (self), FALSE);

  if (self->sample == NULL)
    return FALSE;

  for (guint q = 0; q < MIN (self->sample->n_queues, PL_MAX_QUEUES); q++)
    if (self->queues[q].slide > 0)
      return TRUE;

  return !self->sample->paused && has_polling_worker (self->sample);
}

/**
 * pl_scene_advance:
 * @self: a #PlScene
 * @frame_time_us: the frame clock's time
 *
 * Moves the boxes toward their places for the frame at @frame_time_us.
 *
 * Returns: %TRUE while something still moves
 */
gboolean
pl_scene_advance (PlScene *self,
                  gint64   frame_time_us)
{
  gdouble dt;

  g_return_val_if_fail (PL_IS_SCENE (self), FALSE);

  dt = self->last_frame_us > 0 ? (frame_time_us - self->last_frame_us) / 1e6 : 0;
  dt = CLAMP (dt, 0, 0.25);
  self->last_frame_us = frame_time_us;
  self->clock_s += dt;

  if (self->sample == NULL)
    return FALSE;

  for (guint q = 0; q < MIN (self->sample->n_queues, PL_MAX_QUEUES); q++)
    _pl_scene_belt_advance (&self->queues[q], dt);

  return pl_scene_is_animating (self);
}

/**
 * pl_scene_get_clock:
 * @self: a #PlScene
 *
 * Returns: seconds of animation time, for pulses that repeat
 */
gdouble
pl_scene_get_clock (PlScene *self)
{
  g_return_val_if_fail (PL_IS_SCENE (self), 0);

  return self->clock_s;
}

/**
 * pl_scene_get_sample:
 * @self: a #PlScene
 *
 * Returns: (transfer none) (nullable): the sample shown
 */
PlSample *
pl_scene_get_sample (PlScene *self)
{
  g_return_val_if_fail (PL_IS_SCENE (self), NULL);

  return self->sample;
}

static const PlSceneBelt *
pl_scene_get_belt (PlScene *self,
                         guint    queue)
{
  if (self->sample == NULL || queue >= self->sample->n_queues)
    return NULL;

  return &self->queues[queue];
}

guint
pl_scene_get_n_slots (PlScene *self,
                      guint    queue)
{
  const PlSceneBelt *belt;

  g_return_val_if_fail (PL_IS_SCENE (self), 0);

  belt = pl_scene_get_belt (self, queue);
  return belt ? belt->n_slots : 0;
}

/**
 * pl_scene_get_boxes:
 * @self: a #PlScene
 * @queue: a queue index
 * @n_boxes: (out): how many boxes there are
 *
 * Returns: (array length=n_boxes) (transfer none): the boxes on the belt of
 *   @queue, from its head to its tail
 */
const PlSceneBox *
pl_scene_get_boxes (PlScene *self,
                    guint    queue,
                    guint   *n_boxes)
{
  const PlSceneBelt *belt;

  g_return_val_if_fail (PL_IS_SCENE (self), NULL);
  g_return_val_if_fail (n_boxes != NULL, NULL);

  belt = pl_scene_get_belt (self, queue);
  *n_boxes = belt ? belt->n_boxes : 0;
  return belt ? belt->boxes : NULL;
}

/**
 * pl_scene_count_entries:
 * @self: a #PlScene
 * @queue: a queue index
 *
 * Returns: how many entries the boxes on the belt of @queue stand for
 */
guint
pl_scene_count_entries (PlScene *self,
                        guint    queue)
{
  const PlSceneBelt *belt;
  guint total = 0;

  g_return_val_if_fail (PL_IS_SCENE (self), 0);

  belt = pl_scene_get_belt (self, queue);
  for (guint i = 0; belt != NULL && i < belt->n_boxes; i++)
    total += belt->boxes[i].count;

  return total;
}

gboolean
pl_scene_is_compressed (PlScene *self,
                        guint    queue)
{
  const PlSceneBelt *belt;

  g_return_val_if_fail (PL_IS_SCENE (self), FALSE);

  belt = pl_scene_get_belt (self, queue);
  return belt != NULL && _pl_scene_belt_is_compressed (belt);
}

/**
 * pl_scene_get_marker_box:
 * @self: a #PlScene
 * @queue: a queue index
 *
 * Returns: the index of the box that holds the oldest end-of-stream marker
 *   of @queue, or -1 when it holds none
 */
gint
pl_scene_get_marker_box (PlScene *self,
                         guint    queue)
{
  const PlSceneBelt *belt;

  g_return_val_if_fail (PL_IS_SCENE (self), -1);

  belt = pl_scene_get_belt (self, queue);
  return belt ? belt->marker_box : -1;
}

PlWorkerState
pl_scene_get_worker_state (PlScene *self,
                           guint    stage,
                           guint    worker)
{
  g_return_val_if_fail (PL_IS_SCENE (self), PL_WORKER_IDLE);

  if (self->sample == NULL ||
      stage >= self->sample->n_stages ||
      worker >= self->sample->stages[stage].n_workers)
    return PL_WORKER_IDLE;

  return self->sample->stages[stage].workers[worker].state;
}

/**
 * pl_scene_stage_is_blocked:
 * @self: a #PlScene
 * @stage: a stage index
 *
 * Returns: %TRUE when a worker of @stage waits to put into a full queue
 */
gboolean
pl_scene_stage_is_blocked (PlScene *self,
                           guint    stage)
{
  g_return_val_if_fail (PL_IS_SCENE (self), FALSE);

  if (self->sample == NULL || stage >= self->sample->n_stages)
    return FALSE;

  for (guint w = 0; w < self->sample->stages[stage].n_workers; w++)
    if (pl_scene_get_worker_state (self, stage, w) == PL_WORKER_WAITING_PUT)
      return TRUE;

  return FALSE;
}

gboolean
pl_scene_queue_is_full (PlScene *self,
                        guint    queue)
{
  const PlQueueStats *stats;

  g_return_val_if_fail (PL_IS_SCENE (self), FALSE);

  if (self->sample == NULL || queue >= self->sample->n_queues)
    return FALSE;

  stats = &self->sample->queues[queue].stats;
  return stats->capacity > 0 && stats->depth >= stats->capacity;
}

/**
 * pl_scene_get_stage_rates:
 * @self: a #PlScene
 * @stage: a stage
 * @rates: (out): what is measured of @stage
 *
 * While the line runs, the rates are measured over the last
 * %PL_SCENE_RATE_WINDOW_S seconds of the run; until that window has data
 * they are not valid and NAN. Once the line has stopped they are the
 * run's averages (@rates->averaged), the same numbers as its report.
 */
void
pl_scene_get_stage_rates (PlScene      *self,
                          guint         stage,
                          PlStageRates *rates)
{
  g_return_if_fail (PL_IS_SCENE (self));
  g_return_if_fail (rates != NULL);

  if (self->sample == NULL || stage >= self->sample->n_stages)
    {
      memset (rates, 0, sizeof *rates);
      rates->items_per_s = rates->polls_per_s = rates->cpu_percent = rates->busy = NAN;
      return;
    }

  *rates = self->rates[stage];
}

/**
 * pl_scene_get_stage_rate:
 * @self: a #PlScene
 * @stage: a stage
 *
 * The one number every view shows as the stage's rate.
 *
 * Returns: items per second through @stage, measured as
 *   pl_scene_get_stage_rates() says, or NAN while not measured yet
 */
gdouble
pl_scene_get_stage_rate (PlScene *self,
                         guint    stage)
{
  PlStageRates rates;

  g_return_val_if_fail (PL_IS_SCENE (self), NAN);

  pl_scene_get_stage_rates (self, stage, &rates);
  return rates.valid ? rates.items_per_s : NAN;
}

/**
 * pl_scene_get_throughput:
 * @self: a #PlScene
 *
 * Returns: items per second reaching the done queue, measured like the
 *   stages' rates: NAN while not measured yet, the report's throughput
 *   once the line has stopped
 */
gdouble
pl_scene_get_throughput (PlScene *self)
{
  g_return_val_if_fail (PL_IS_SCENE (self), NAN);

  if (self->sample == NULL)
    return NAN;

  return self->throughput;
}

/**
 * pl_scene_get_bottleneck:
 * @self: a #PlScene
 *
 * Returns: of the stages kept busy, the one that gets the fewest items
 *   through, as measured (on a tie, the busier one), or -1 when no stage
 *   is busy enough to hold the line back
 */
gint
pl_scene_get_bottleneck (PlScene *self)
{
  g_return_val_if_fail (PL_IS_SCENE (self), -1);

  return self->bottleneck;
}
