/* pl-scene.c: what the assembly line shows, derived from the engine's samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scene never invents anything: every box, glyph and number comes from
 * the latest sample, and rates come from differences between samples
 * (pl_scene_measure). Only
 * the positions of the boxes are animated between samples.
 */

#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "pl-format.h"
#include "pl-scene.h"

/* Live rates are measured over at least this much of the run's time. */
#define RATE_WINDOW_US    ((gint64) (PL_SCENE_RATE_WINDOW_S * G_USEC_PER_SEC))
/* Boxes slide at most this many slots, so a fast queue still reads calmly. */
#define MAX_SLIDE         1.0
/* Time constant of the slide toward rest, in seconds. */
#define SLIDE_TAU_S       0.08
/* A stage must be at least this busy to be called the bottleneck. */
#define BOTTLENECK_BUSY   0.5
/* Rates closer than this are a tie, settled by which stage is busier. */
#define SAME_RATE         0.02

typedef struct
{
  PlSample *sample;
  guint8    working[PL_MAX_STAGES];
} HistoryEntry;

typedef struct
{
  guint      n_slots;
  guint      pile_slots;
  guint      tail_markers;   /* markers drawn behind the pile */
  guint      n_boxes;
  gint       marker_box;
  gdouble    slide;
  PlSceneBox boxes[PL_SCENE_MAX_SLOTS];
} QueueView;

struct _PlScene
{
  GObject       parent_instance;

  gchar        *title;
  gchar        *status;

  PlSample     *sample;
  GQueue        history;
  guint         working_sum[PL_MAX_STAGES];
  guint         workers_sum[PL_MAX_STAGES];

  QueueView     queues[PL_MAX_QUEUES];
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
slots_for_capacity (guint capacity)
{
  if (capacity == 0)
    return PL_SCENE_UNBOUNDED_SLOTS;

  return MIN (capacity, PL_SCENE_MAX_SLOTS);
}

static gboolean
is_marker_position (const PlQueueStats *stats,
                    guint               position)
{
  /* Markers are enqueued back to back by the close sequence, one per
   * consumer, so they sit together from the first one on. */
  return stats->first_marker >= 0 &&
         position >= (guint)stats->first_marker &&
         position < (guint)stats->first_marker + stats->markers;
}

/* End markers kept out of the pile when the belt is compressed: the one
 * the next stage will meet last must stay visible as it travels. */
#define MAX_TAIL_MARKERS 2

static void
queue_view_rebuild (QueueView          *view,
                    const PlQueueStats *stats)
{
  guint depth = stats->depth;
  guint singles;
  guint tail_markers = 0;

  view->n_slots = slots_for_capacity (stats->capacity);
  /* The pile takes a few slots, room for its count. */
  view->pile_slots = CLAMP (view->n_slots / 5, 1, 4);
  view->marker_box = -1;

  if (depth > view->n_slots && stats->first_marker >= 0 && stats->markers > 0 &&
      (guint)stats->first_marker + stats->markers == depth)
    tail_markers = MIN (stats->markers, MAX_TAIL_MARKERS);
  view->tail_markers = tail_markers;

  singles = depth <= view->n_slots ? depth : view->n_slots - view->pile_slots - tail_markers;
  for (guint i = 0; i < singles; i++)
    {
      PlSceneBox *box = &view->boxes[i];

      box->count = 1;
      box->markers = is_marker_position (stats, i) ? 1 : 0;
    }
  view->n_boxes = singles;

  if (singles < depth)
    {
      PlSceneBox *pile = &view->boxes[view->n_boxes++];
      guint pile_end = depth - tail_markers;
      guint pile_markers = 0;

      if (stats->first_marker >= 0 && stats->markers > 0)
        {
          guint first = MAX ((guint)stats->first_marker, singles);
          guint last = MIN ((guint)stats->first_marker + stats->markers, pile_end);

          if (last > first)
            pile_markers = last - first;
        }

      pile->count = pile_end - singles;
      pile->markers = pile_markers;

      for (guint k = 0; k < tail_markers; k++)
        {
          PlSceneBox *marker = &view->boxes[view->n_boxes++];

          marker->count = 1;
          marker->markers = 1;
        }
    }

  for (guint i = 0; i < view->n_boxes; i++)
    {
      if (view->boxes[i].markers > 0 && view->marker_box < 0)
        view->marker_box = i;
    }
}

static void
queue_view_place (QueueView *view)
{
  gboolean piled = view->n_boxes > view->tail_markers &&
                   view->boxes[view->n_boxes - view->tail_markers - 1].count > 1;
  guint singles = piled ? view->n_boxes - view->tail_markers - 1 : view->n_boxes;
  guint room = piled ? singles : view->n_slots;

  for (guint i = 0; i < view->n_boxes; i++)
    {
      PlSceneBox *box = &view->boxes[i];
      /* Boxes behind this one keep their own slots: a belt never shows two
       * boxes in one slot, and a full belt always shows every slot taken. */
      gdouble last_free = (gdouble)room - (singles - i);

      if (i < singles)
        {
          box->span = 1;
          box->position = MIN (i + view->slide, MAX (last_free, i));
        }
      else if (i == singles)
        {
          box->span = view->pile_slots;
          box->position = singles + (view->pile_slots - 1) / 2.0;
        }
      else
        {
          /* The markers behind the pile, at the tail. */
          box->span = 1;
          box->position = singles + view->pile_slots + (i - singles - 1);
        }
    }
}

static guint64
entries_left (const PlQueueStats *stats)
{
  return stats->gets + stats->markers_taken + stats->dropped;
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
    {
      QueueView *view = &self->queues[q];

      if (previous != NULL)
        {
          guint64 now_left = entries_left (&sample->queues[q].stats);
          guint64 then_left = entries_left (&previous->queues[q].stats);

          if (now_left > then_left)
            view->slide = MIN (view->slide + (now_left - then_left), MAX_SLIDE);
        }
      else
        {
          view->slide = 0;
        }

      queue_view_rebuild (view, &sample->queues[q].stats);
      queue_view_place (view);
    }

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
  g_autofree gchar *queue = NULL;
  g_autofree gchar *text = NULL;
  const PlSample *sample;

  g_return_if_fail (PL_IS_SCENE (self));
  g_return_if_fail (event != NULL);

  sample = self->sample;
  switch (event->kind)
    {
    case PL_EVENT_STARTED:
      text = g_strdup (_("Started"));
      break;

    case PL_EVENT_INPUT_FED:
      text = g_strdup (_("The source fed its last item"));
      break;

    case PL_EVENT_HELD_CAP:
      text = g_strdup (_("The source stopped at the memory cap"));
      break;

    case PL_EVENT_QUEUE_CLOSED:
      queue = pl_format_queue_in_sentence (event->queue, sample != NULL ? sample->n_queues : 0);
      text = g_strdup_printf (_("Closed %s: end marker sent"), queue);
      break;

    case PL_EVENT_QUEUE_JOINED:
      queue = pl_format_queue_in_sentence (event->queue, sample != NULL ? sample->n_queues : 0);
      text = g_strdup_printf (_("Joined %s: every task done"), queue);
      break;

    case PL_EVENT_STAGE_FINISHED:
      if (sample != NULL && event->stage < sample->n_stages)
        text = g_strdup_printf (_("Stage “%s” finished: its workers exited"),
                                sample->stages[event->stage].name);
      else
        text = g_strdup_printf (_("Stage %d finished"), (gint) event->stage + 1);
      break;

    case PL_EVENT_WORKERS_CANCELLED:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Cancelled %d worker",
                                           "Cancelled %d workers",
                                           event->count),
                              (gint) event->count);
      break;

    case PL_EVENT_PAUSED:
      text = g_strdup (_("Paused"));
      break;

    case PL_EVENT_RESUMED:
      text = g_strdup (_("Resumed"));
      break;

    case PL_EVENT_MODE_CHANGED:
      text = g_strdup_printf (_("Switched to %s"),
                              event->mode == PL_MODE_BLOCKING ? _("blocking") : _("busy-wait"));
      break;

    case PL_EVENT_SHUT_DOWN:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Shut down at once: %d item dropped",
                                           "Shut down at once: %d items dropped",
                                           event->count),
                              (gint) MIN (event->count, G_MAXINT));
      break;

    case PL_EVENT_ALL_DONE:
      /* After a shutdown the drop count says more than "All done". */
      if (sample != NULL && sample->shut_down)
        return;
      text = g_strdup (_("All done"));
      break;

    case PL_EVENT_LINGERING:
      if (sample != NULL && sample->mode == PL_MODE_BUSY_WAIT)
        text = g_strdup (_("All done, yet the workers poll on until Reset"));
      else
        text = g_strdup (_("All joined, yet the workers wait on until Reset"));
      break;

    default:
      return;
    }

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
    {
      QueueView *view = &self->queues[q];

      if (view->slide <= 0)
        continue;

      view->slide *= exp (-dt / SLIDE_TAU_S);
      if (view->slide < 0.01)
        view->slide = 0;
      queue_view_place (view);
    }

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

static const QueueView *
pl_scene_get_queue_view (PlScene *self,
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
  const QueueView *view;

  g_return_val_if_fail (PL_IS_SCENE (self), 0);

  view = pl_scene_get_queue_view (self, queue);
  return view ? view->n_slots : 0;
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
  const QueueView *view;

  g_return_val_if_fail (PL_IS_SCENE (self), NULL);
  g_return_val_if_fail (n_boxes != NULL, NULL);

  view = pl_scene_get_queue_view (self, queue);
  *n_boxes = view ? view->n_boxes : 0;
  return view ? view->boxes : NULL;
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
  const QueueView *view;
  guint total = 0;

  g_return_val_if_fail (PL_IS_SCENE (self), 0);

  view = pl_scene_get_queue_view (self, queue);
  for (guint i = 0; view != NULL && i < view->n_boxes; i++)
    total += view->boxes[i].count;

  return total;
}

gboolean
pl_scene_is_compressed (PlScene *self,
                        guint    queue)
{
  const QueueView *view;

  g_return_val_if_fail (PL_IS_SCENE (self), FALSE);

  view = pl_scene_get_queue_view (self, queue);
  return view != NULL && view->n_boxes > view->tail_markers &&
         view->boxes[view->n_boxes - view->tail_markers - 1].count > 1;
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
  const QueueView *view;

  g_return_val_if_fail (PL_IS_SCENE (self), -1);

  view = pl_scene_get_queue_view (self, queue);
  return view ? view->marker_box : -1;
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
 * pl_scene_format_rate:
 * @per_second: a rate, or NAN
 *
 * Three significant digits or so, so that what is read is within half a
 * percent of what was measured; a dash while not measured yet.
 *
 * Returns: (transfer full): the rate as the canvas writes it
 */
gchar *
pl_scene_format_rate (gdouble per_second)
{
  if (!isfinite (per_second))
    return g_strdup ("—");
  if (per_second < 10)
    return g_strdup_printf ("%.2f", per_second);
  if (per_second < 100)
    return g_strdup_printf ("%.1f", per_second);
  if (per_second < 10000)
    return g_strdup_printf ("%.0f", per_second);
  if (per_second < 100000)
    /* TRANSLATORS: thousands, as in "14.5k" items per second */
    return g_strdup_printf (_("%.1fk"), per_second / 1000);

  /* TRANSLATORS: thousands, as in "145k" items per second */
  return g_strdup_printf (_("%.0fk"), per_second / 1000);
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

/* A stage's workers in one word or phrase: the state most of them are in.
 * On a tie, the state listed first wins. */
static const gchar *
words_for_stage_state (const PlStageSample *stage)
{
  static const struct {
    PlWorkerState state;
    const gchar  *words;
  } states[] = {
    { PL_WORKER_WORKING, NC_("worker state, spoken", "working") },
    { PL_WORKER_WAITING_PUT, NC_("worker state, spoken", "blocked on a full queue") },
    { PL_WORKER_POLLING, NC_("worker state, spoken", "polling") },
    { PL_WORKER_BACKOFF, NC_("worker state, spoken", "napping") },
    { PL_WORKER_WAITING_GET, NC_("worker state, spoken", "starved") },
    { PL_WORKER_IDLE, NC_("worker state, spoken", "starved") },
    { PL_WORKER_TASK_DONE, NC_("worker state, spoken", "finishing") },
    { PL_WORKER_PAUSED, NC_("worker state, spoken", "paused") },
    { PL_WORKER_DONE, NC_("worker state, spoken", "exited") },
    { PL_WORKER_CANCELLED, NC_("worker state, spoken", "cancelled") },
  };
  guint counts[PL_WORKER_N_STATES] = { 0 };
  const gchar *words = stage->finished ? NC_("worker state, spoken", "exited")
                                        : NC_("worker state, spoken", "starved");
  guint most = 0;

  for (guint w = 0; w < stage->n_workers && w < PL_MAX_WORKERS; w++)
    if (stage->workers[w].state < PL_WORKER_N_STATES)
      counts[stage->workers[w].state]++;

  /* "Starved" covers both a worker asleep in get and one not yet in it. */
  counts[PL_WORKER_WAITING_GET] += counts[PL_WORKER_IDLE];
  counts[PL_WORKER_IDLE] = 0;

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      if (counts[states[i].state] > most)
        {
          most = counts[states[i].state];
          words = states[i].words;
        }
    }

  return g_dpgettext2 (NULL, "worker state, spoken", words);
}

static void
words_for_rate (GString  *text,
               gboolean  valid,
               gdouble   per_second)
{
  gchar number[G_ASCII_DTOSTR_BUF_SIZE];

  if (!valid)
    {
      g_string_append (text, _("not measured yet"));
      return;
    }

  g_ascii_formatd (number, sizeof number, "%.1f", per_second);
  /* TRANSLATORS: a rate spoken by a screen reader, e.g. "49.8 per second" */
  g_string_append_printf (text, _("%s per second"), number);
}

static void
words_for_queue (GString             *text,
                const gchar         *name,
                const PlQueueSample *queue)
{
  if (queue->stats.capacity == 0)
    /* TRANSLATORS: a queue spoken by a screen reader: its name and depth */
    g_string_append_printf (text, _("%s: %u of unbounded."), name, queue->stats.depth);
  else
    /* TRANSLATORS: a queue spoken by a screen reader: its name, depth and capacity */
    g_string_append_printf (text, _("%s: %u of %u."), name, queue->stats.depth,
                            queue->stats.capacity);
  g_string_append_c (text, '\n');
}

/**
 * pl_scene_describe:
 * @self: a #PlScene
 *
 * The line in words, for a screen reader: the lesson, the mode and the run
 * state, then each queue and stage in order down the line, then the done
 * count. One sentence per part, one part per line, in the user's language
 * with plain numbers, built from the same sample and rates that are drawn:
 *
 * |[
 * Bounded Queue(1): backpressure. Blocking. Running, 3.2 s.
 * Input queue: 1 of 1.
 * Stage 1 download: blocked on a full queue, 151 done, 49.8 per second, 0 polls.
 * Queue 1: 1 of 1.
 * ...
 * Done: 149 of 1000, 49.8 per second.
 * ]|
 *
 * Returns: (transfer full): the description
 */
gchar *
pl_scene_describe (PlScene *self)
{
  const PlSample *sample;
  GString *text;
  const gchar *run;
  gchar elapsed[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean measured;

  g_return_val_if_fail (PL_IS_SCENE (self), NULL);

  text = g_string_new (NULL);
  if (self->title != NULL && self->title[0] != '\0')
    g_string_append_printf (text, "%s. ", self->title);

  sample = self->sample;
  if (sample == NULL)
    {
      g_string_append (text, _("Ready."));
      return g_string_free (text, FALSE);
    }

  switch (sample->state)
    {
    case PL_PIPELINE_READY:
      run = C_("line state, spoken", "Ready");
      break;

    case PL_PIPELINE_RUNNING:
    case PL_PIPELINE_CLOSING:
      run = sample->paused ? C_("line state, spoken", "Paused") : C_("line state, spoken", "Running");
      break;

    case PL_PIPELINE_FINISHED:
      run = sample->shut_down ? C_("line state, spoken", "Shut down") : C_("line state, spoken", "Finished");
      break;

    case PL_PIPELINE_CANCELLED:
    default:
      run = sample->shut_down ? C_("line state, spoken", "Shut down") : C_("line state, spoken", "Stopped");
      break;
    }

  g_ascii_formatd (elapsed, sizeof elapsed, "%.1f", sample->elapsed_us / (gdouble) G_USEC_PER_SEC);
  /* TRANSLATORS: spoken by a screen reader: the mode, the run state and
   * the seconds since the start, e.g. "Blocking. Running, 3.2 s." */
  g_string_append_printf (text, _("%s. %s, %s s.\n"),
                          sample->mode == PL_MODE_BUSY_WAIT ? C_("mode, spoken", "Busy-wait")
                                                            : C_("mode, spoken", "Blocking"),
                          run, elapsed);

  if (sample->n_queues > 0)
    {
      g_autofree gchar *name = pl_format_queue_title (0, sample->n_queues);

      words_for_queue (text, name, &sample->queues[0]);
    }

  for (guint s = 0; s < sample->n_stages && s < PL_MAX_STAGES; s++)
    {
      const PlStageSample *stage = &sample->stages[s];

      GString *rate = g_string_new (NULL);

      words_for_rate (rate, self->rates[s].valid, self->rates[s].items_per_s);
      /* TRANSLATORS: a stage spoken by a screen reader: its number, name,
       * state, items done, rate and polls, e.g. "Stage 1 download: working,
       * 151 done, 49.8 per second, 0 polls." */
      g_string_append_printf (text, _("Stage %u %s: %s, %" PRIu64 " done, %s, %" PRIu64 " polls.\n"),
                              s + 1, stage->name, words_for_stage_state (stage), stage->work_done,
                              rate->str, stage->polls);
      g_string_free (rate, TRUE);

      if (s + 1 < sample->n_stages && s + 1 < sample->n_queues)
        {
          g_autofree gchar *name = pl_format_queue_title (s + 1, sample->n_queues);

          words_for_queue (text, name, &sample->queues[s + 1]);
        }
    }

  /* The done count is measured like the last stage's rate. */
  measured = sample->n_stages > 0 && self->rates[MIN (sample->n_stages, PL_MAX_STAGES) - 1].valid;
  {
    GString *rate = g_string_new (NULL);

    words_for_rate (rate, measured, self->throughput);
    /* TRANSLATORS: spoken by a screen reader: items done, of all, and the rate */
    g_string_append_printf (text, _("Done: %" PRIu64 " of %" PRIu64 ", %s."),
                            sample->processed, sample->items, rate->str);
    g_string_free (rate, TRUE);
  }

  return g_string_free (text, FALSE);
}
