/* pl-config-presets.c: the lessons, as ready-made pipelines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pl-config.h"
#include "pl-config-private.h"

#include <glib/gi18n.h>

typedef struct
{
  const gchar   *name;
  gdouble        mean_ms;
  PlDistribution distribution;
  guint          workers;
} PresetStage;

typedef struct
{
  const gchar *name;
  const gchar *title;
  const gchar *summary;
  const gchar *question;
  PlMode       mode;
  guint64      items;
  gdouble      backoff_ms;
  gboolean     auto_close;
  guint64      max_held;
  PlEnding     ending;
  gdouble      shutdown_after_s;
  guint        n_stages;
  PresetStage  stages[3];
  guint        capacities[3];
  /* The lesson as a class sees it in the window (pl_config_apply_lesson()):
   * enough items, a slow enough stage and, where a backlog grows, an input
   * buffer that paces the producer, so that the line runs for at least
   * PL_CLASS_MIN_SECONDS before it ends by itself; and whether the input
   * closes by itself there. */
  guint64      class_items;
  gdouble      class_delays_ms[3];
  guint        class_input_capacity;
  gboolean     class_auto_close;
} Preset;

/* The lessons, in the order Item 39 tells its story, and one beyond it. */
static const Preset presets[] = {
  {
    "busy-wait",
    N_("Busy-waiting workers"),
    N_("A download of 10 ms per item feeds two stages that do nothing, "
       "through plain unbounded queues. Each worker keeps asking its queue "
       "for an item and naps 10 ms whenever the queue is empty.\n"
       "Watch the poll counters of resize and upload: about every second "
       "ask finds nothing, and each costs CPU. The items take about 40 s. "
       "Nothing can tell these workers to stop: after the last item they "
       "poll on until Reset.\n"
       "Then press Compare busy-wait and blocking (Ctrl+M) to run the same "
       "line blocking underneath, on the same items. The strip between the "
       "lines shows both at the same pace and only the busy-wait line "
       "polling; set Back-off to 0 and watch the CPU of its threads climb."),
    N_("Download takes 10 ms per item. How often do resize and upload ask "
       "for work and find none, and what does each of those asks cost?"),
    PL_MODE_BUSY_WAIT, 1000, 10.0, TRUE, 0, PL_ENDING_CLOSE, 0.0,
    3, { { "download", 0, PL_DIST_FIXED, 1 },
         { "resize", 0, PL_DIST_FIXED, 1 },
         { "upload", 0, PL_DIST_FIXED, 1 } },
    { 0, 0, 0 },
    4000, { 10, 0, 0 }, 0, TRUE,
  },
  {
    "blocking",
    N_("Blocking get"),
    N_("The line of lesson 1, download 10 ms per item, but every worker "
       "sleeps inside get until an item arrives.\n"
       "Watch the poll counters stay at zero: resize and upload are starved "
       "most of the time and cost no CPU. After about 40 s every item is "
       "fed, the input is closed, and the stages finish one after another.\n"
       "Press Compare busy-wait and blocking (Ctrl+M) to run lesson 1's "
       "busy-waiting line underneath, started with this one on the same "
       "items. The strip between the lines shows both at the same pace and "
       "only the busy-wait line polling; set its Back-off to 0 under Line "
       "B's settings and watch the CPU of its threads climb."),
    N_("A starved worker here burns no CPU at all. Who wakes it when an item "
       "arrives, and how does that beat checking every 10 ms?"),
    PL_MODE_BLOCKING, 1000, 10.0, TRUE, 0, PL_ENDING_CLOSE, 0.0,
    3, { { "download", 0, PL_DIST_FIXED, 1 },
         { "resize", 0, PL_DIST_FIXED, 1 },
         { "upload", 0, PL_DIST_FIXED, 1 } },
    { 0, 0, 0 },
    4000, { 10, 0, 0 }, 0, TRUE,
  },
  {
    "bounded",
    N_("Bounded Queue(1): backpressure"),
    N_("A quick download feeds a slow resize through a queue that holds "
       "one item, like the book's Queue(1); the input buffer holds four.\n"
       "Watch the slow stage set the pace: the queues in front of it stay "
       "full, download and the producer wait in put, and upload waits in "
       "get. Memory stays flat however many items are fed. Drag the resize "
       "delay or the capacities and watch the bottleneck move."),
    N_("Every queue is nearly always full or nearly always empty. Which stage "
       "decides the pace of the whole line, and what are the others doing "
       "meanwhile?"),
    PL_MODE_BLOCKING, 300, 10.0, TRUE, 0, PL_ENDING_CLOSE, 0.0,
    3, { { "download", 2, PL_DIST_FIXED, 1 },
         { "resize", 20, PL_DIST_FIXED, 1 },
         { "upload", 5, PL_DIST_FIXED, 1 } },
    { 4, 1, 1 },
    2000, { 2, 20, 5 }, 4, TRUE,
  },
  {
    "join",
    N_("task_done and join"),
    N_("Blocking workers that call task_done after each item. Once every "
       "item is fed, the program joins the input queue, then the next, and "
       "so on: a join returns only when every item ever put in that queue "
       "has been marked done.\n"
       "Watch each queue's count of unfinished tasks fall to zero, and its "
       "join return only then, even though the queue looked empty earlier. "
       "No end-of-stream marker is sent, so after the last join the workers "
       "are still asleep in get, like the consumer in the book's first join "
       "example: only the program can cancel them (Reset in the window)."),
    N_("The queue is empty well before its join returns. What is join still "
       "waiting for, and what would happen if a worker forgot task_done?"),
    PL_MODE_BLOCKING, 1000, 10.0, TRUE, 0, PL_ENDING_JOIN, 0.0,
    3, { { "download", 0.5, PL_DIST_FIXED, 1 },
         { "resize", 1, PL_DIST_FIXED, 1 },
         { "upload", 0.5, PL_DIST_FIXED, 1 } },
    { 0, 0, 0 },
    4000, { 1, 10, 1 }, 0, TRUE,
  },
  {
    "closable",
    N_("ClosableQueue: stopping workers gracefully"),
    N_("Blocking workers that stop by themselves. The input stays open "
       "until you press Close Input: then the input queue gets an "
       "end-of-stream marker per worker, behind every item already in it; "
       "the program joins that queue, closes the next one, joins it, and so "
       "on down the line.\n"
       "Watch the marker travel and each stage finish: every worker does "
       "exactly one get per item, plus one for its marker, and none is "
       "cancelled."),
    N_("Why does the program close the next queue only after joining the one "
       "before it? What could go wrong if it closed every queue at once?"),
    PL_MODE_BLOCKING, 1000, 10.0, TRUE, 0, PL_ENDING_CLOSE, 0.0,
    3, { { "download", 0.5, PL_DIST_FIXED, 1 },
         { "resize", 1, PL_DIST_FIXED, 1 },
         { "upload", 0.5, PL_DIST_FIXED, 1 } },
    { 0, 0, 0 },
    4000, { 1, 10, 1 }, 0, FALSE,
  },
  {
    "backlog",
    N_("Backlog: an unbounded queue grows"),
    N_("A fast download (0.2 ms per item) feeds a slow resize (10 ms) and "
       "nothing pushes back, because the queues between the stages are "
       "unbounded; only the input buffer holds four.\n"
       "Watch the queue in front of resize grow by thousands of items a "
       "second, and the memory with it. A safety cap stops the producer at "
       "200 000 held items, after about a minute; a real program would run "
       "out of memory instead. A capacity set now refuses new puts until "
       "the queue drains below it: nothing is dropped, and the items "
       "already queued drain at resize's pace, 100 a second. Set it and "
       "press Reset to run the line without a backlog."),
    N_("The producer is far faster than resize. Where do the extra items "
       "wait, and what would stop this program if there were no safety cap?"),
    PL_MODE_BLOCKING, 1000000, 10.0, TRUE, 200000, PL_ENDING_CLOSE, 0.0,
    3, { { "download", 0, PL_DIST_FIXED, 1 },
         { "resize", 10, PL_DIST_FIXED, 1 },
         { "upload", 0, PL_DIST_FIXED, 1 } },
    { 0, 0, 0 },
    1000000, { 0.2, 10, 0 }, 4, TRUE,
  },
  {
    "shutdown",
    N_("Stopping at once: shutdown(immediate)"),
    N_("Beyond the book: since Python 3.13 a queue can be shut down. Work "
       "piles up in front of a slow stage, and the line waits for you to "
       "stop it.\n"
       "Compare the two ways to stop. Close Input lets every queued item "
       "through before the workers exit. Shut Down Now drops what is still "
       "queued and refuses every later put and get, the done queue's too. A "
       "worker in the middle of an item finishes it, as Python's would, and "
       "then its put is refused, so that item is dropped as well; nothing is "
       "delivered after the shutdown. The counts show what was delivered and "
       "what was dropped. A headless run shuts the line down one second after "
       "the start."),
    N_("Some items were delivered and many dropped, a few of them after a "
       "worker had finished them. When would you rather lose them than wait "
       "for them?"),
    PL_MODE_BLOCKING, 2000, 10.0, TRUE, 0, PL_ENDING_CLOSE, 1.0,
    3, { { "download", 1, PL_DIST_FIXED, 1 },
         { "resize", 10, PL_DIST_EXPONENTIAL, 2 },
         { "upload", 2, PL_DIST_FIXED, 1 } },
    { 0, 0, 0 },
    8000, { 1, 10, 2 }, 0, FALSE,
  },
};

static const gchar *const preset_names[] = {
  "busy-wait", "blocking", "bounded", "join", "closable", "backlog", "shutdown", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (preset_names) == G_N_ELEMENTS (presets) + 1);

static const Preset *
find_preset (const gchar *name)
{
  if (name == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      if (g_str_equal (presets[i].name, name))
        return &presets[i];
    }

  return NULL;
}

gboolean
pl_config_apply_preset (PlConfig     *config,
                        const gchar  *name,
                        GError      **error)
{
  const Preset *preset;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  preset = find_preset (name);
  if (preset == NULL)
    {
      g_autofree gchar *quoted = _pl_config_quote_text (name);
      g_autofree gchar *choices = g_strjoinv (", ", (gchar **) preset_names);

      g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_PRESET,
                   _("%s is not a preset; choose one of %s"),
                   quoted, choices);
      return FALSE;
    }

  pl_config_init_default (config);
  g_strlcpy (config->preset, preset->name, sizeof config->preset);
  config->mode = preset->mode;
  config->items = preset->items;
  config->backoff_ms = preset->backoff_ms;
  config->auto_close = preset->auto_close;
  config->max_held = preset->max_held;
  config->ending = preset->ending;
  config->shutdown_after_s = preset->shutdown_after_s;
  config->n_stages = preset->n_stages;
  for (guint i = 0; i < preset->n_stages; i++)
    {
      g_strlcpy (config->stages[i].name, preset->stages[i].name, PL_STAGE_NAME_LEN);
      config->stages[i].mean_ms = preset->stages[i].mean_ms;
      config->stages[i].distribution = preset->stages[i].distribution;
      config->stages[i].workers = preset->stages[i].workers;
      config->capacities[i] = preset->capacities[i];
    }
  _pl_config_clear_unused_stages (config);

  return TRUE;
}

/**
 * pl_config_apply_lesson:
 * @config: (out): the pipeline to fill in
 * @name: a preset's name
 * @error: return location for a one-line error
 *
 * The preset as the window opens it for a class: the same line, fed enough
 * items through a slow enough stage that it runs for at least
 * %PL_CLASS_MIN_SECONDS before it ends by itself, so that there is time to
 * change something live and to ask the lesson's question. Where closing is
 * the lesson (closable, shutdown) the input stays open until the teacher
 * closes it. Headless runs and screenshots keep pl_config_apply_preset(),
 * whose reports the README quotes.
 *
 * Returns: %FALSE, with @error set and @config unchanged, when @name is
 *   not a preset
 */
gboolean
pl_config_apply_lesson (PlConfig     *config,
                        const gchar  *name,
                        GError      **error)
{
  const Preset *preset;
  PlConfig copy;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!pl_config_apply_preset (&copy, name, error))
    return FALSE;

  preset = find_preset (name);
  copy.items = preset->class_items;
  copy.auto_close = preset->class_auto_close;
  copy.capacities[0] = preset->class_input_capacity;
  for (guint i = 0; i < preset->n_stages; i++)
    copy.stages[i].mean_ms = preset->class_delays_ms[i];
  *config = copy;

  return TRUE;
}

const gchar *const *
pl_config_list_presets (void)
{
  return preset_names;
}

const gchar *
pl_config_preset_title (const gchar *name)
{
  const Preset *preset = find_preset (name);

  return preset != NULL ? _(preset->title) : NULL;
}

const gchar *
pl_config_preset_summary (const gchar *name)
{
  const Preset *preset = find_preset (name);

  return preset != NULL ? _(preset->summary) : NULL;
}

const gchar *
pl_config_preset_question (const gchar *name)
{
  const Preset *preset = find_preset (name);

  return preset != NULL ? _(preset->question) : NULL;
}
