/* pl-scene-words.c: the scene in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the scene says rather than draws: its rates as the canvas writes
 * them, the status line each event of the pipeline gives, and the whole
 * line described for a screen reader. All of it is read from the same
 * sample and rates that are drawn.
 */

#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "pl-format.h"
#include "pl-scene-private.h"

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

/*
 * _pl_scene_describe_event:
 * @event: an event of the pipeline
 * @sample: (nullable): the sample shown when @event came
 *
 * Returns: (transfer full) (nullable): a one-line description of @event,
 *   so the close sequence can be followed step by step, or NULL when
 *   @event changes nothing worth saying
 */
gchar *
_pl_scene_describe_event (const PlEvent  *event,
                          const PlSample *sample)
{
  g_autofree gchar *queue = NULL;
  gchar *text = NULL;

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
        return NULL;
      text = g_strdup (_("All done"));
      break;

    case PL_EVENT_LINGERING:
      if (sample != NULL && sample->mode == PL_MODE_BUSY_WAIT)
        text = g_strdup (_("All done, yet the workers poll on until Reset"));
      else
        text = g_strdup (_("All joined, yet the workers wait on until Reset"));
      break;

    default:
      return NULL;
    }

  return text;
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
  const gchar *title;
  PlStageRates rates;
  GString *text;
  const gchar *run;
  gchar elapsed[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean measured;

  g_return_val_if_fail (PL_IS_SCENE (self), NULL);

  text = g_string_new (NULL);
  title = pl_scene_get_title (self);
  if (title != NULL && title[0] != '\0')
    g_string_append_printf (text, "%s. ", title);

  sample = pl_scene_get_sample (self);
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

      pl_scene_get_stage_rates (self, s, &rates);
      words_for_rate (rate, rates.valid, rates.items_per_s);
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
  if (sample->n_stages > 0)
    pl_scene_get_stage_rates (self, MIN (sample->n_stages, PL_MAX_STAGES) - 1, &rates);
  measured = sample->n_stages > 0 && rates.valid;
  {
    GString *rate = g_string_new (NULL);

    words_for_rate (rate, measured, pl_scene_get_throughput (self));
    /* TRANSLATORS: spoken by a screen reader: items done, of all, and the rate */
    g_string_append_printf (text, _("Done: %" PRIu64 " of %" PRIu64 ", %s."),
                            sample->processed, sample->items, rate->str);
    g_string_free (rate, TRUE);
  }

  return g_string_free (text, FALSE);
}
