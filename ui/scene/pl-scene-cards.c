/* pl-scene-cards.c: the stages, the source, the done card and the legend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each stage is a card with its workers at their stations and what was
 * measured of them; above the rows sit the title and the source, below
 * them the done card and the legend.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pl-format.h"
#include "pl-scene-glyphs.h"
#include "pl-scene-renderer-private.h"
#include "pl-text-log.h"

/* Animation steps kept as pictures: a turn of the work spinner and one
 * poll pulse. */
#define SPINNER_STEPS 24
#define PULSE_STEPS   18

static guint64
double_key (gdouble value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  return bits;
}

void
_pl_scene_paint_card_frame (Painter           *p,
                            const PlSceneRect *card)
{
  pl_scene_glyphs_rounded_rect (p->cr, card->x, card->y, card->width, card->height, p->fs * 0.5);
  pl_palette_set_source (p->cr, &p->card);
  cairo_fill_preserve (p->cr);
  pl_palette_set_source (p->cr, &p->line);
  cairo_set_line_width (p->cr, MAX (1, p->fs * 0.08));
  cairo_stroke (p->cr);
}

void
_pl_scene_paint_stage_static (Painter *p,
                              guint    stage)
{
  const PlStageSample *ss = &p->sample->stages[stage];
  const PlSceneRect *card = &p->l->cards[stage];
  gdouble inset = p->fs * 0.5;
  gdouble x = card->x + inset;
  gdouble width = card->width - 2 * inset;
  /* Room for the BOTTLENECK badge, whether it shows or not. */
  gdouble badge_width = MIN (_pl_scene_measure_text (p, _("BOTTLENECK"), 0.9, TRUE) + p->fs * 0.7, width / 2);
  g_autofree gchar *workers = NULL;
  gdouble name_width;

  _pl_scene_paint_card_frame (p, card);

  name_width = _pl_scene_paint_text (p, p->cr, ss->name, x, card->y + inset * 0.7,
                                     width - badge_width - p->fs, 1.2, TRUE, &p->fg, FALSE);
  workers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worker", "%u workers", ss->n_workers),
                             ss->n_workers);
  /* Only whole: the workers drawn below say it too. */
  if (_pl_scene_measure_text (p, workers, 0.95, FALSE) <= width - name_width - badge_width - p->fs * 1.6)
    _pl_scene_paint_text (p, p->cr, workers, x + name_width + p->fs * 0.6, card->y + inset * 0.7 + p->fs * 0.2,
                          width - name_width - badge_width - p->fs * 1.6, 0.95, FALSE, &p->muted, FALSE);
}

typedef struct
{
  PlWorkerState state;
  gboolean      holds_marker;
  gdouble       glyph;
  gdouble       phase;
} WorkerLook;

static void
draw_worker (Painter       *p,
             cairo_t       *cr,
             gdouble        width,
             gdouble        height,
             gconstpointer  data)
{
  const WorkerLook *look = data;
  PlSceneStyle style = *p->style;

  /* The phase is already one of the steps kept. */
  style.animate = TRUE;
  pl_scene_glyphs_worker (cr, width / 2, height / 2, look->glyph, look->state,
                          look->holds_marker, &style, look->phase);
}

static void
paint_worker (Painter       *p,
              gdouble        cx,
              gdouble        cy,
              gdouble        glyph,
              PlWorkerState  state,
              gboolean       holds_marker)
{
  WorkerLook look = { state, holds_marker, glyph, 0 };
  PlSceneSpriteKey key = { "worker", NULL, { state, holds_marker } };
  gdouble box = glyph + 4;
  gint step = 0;

  /* The spinner and the poll pulse repeat, so a few steps of each are all
   * the pictures they need. */
  if (state == PL_WORKER_WORKING)
    {
      step = p->style->animate ? (gint)(fmod (pl_scene_get_clock (p->scene), 1.0) * SPINNER_STEPS) : 0;
      look.phase = step / (gdouble)SPINNER_STEPS;
    }
  else if (state == PL_WORKER_POLLING || state == PL_WORKER_BACKOFF)
    {
      step = p->style->animate
             ? (gint)(fmod (pl_scene_get_clock (p->scene), 0.6) / 0.6 * PULSE_STEPS)
             : (gint)(0.4 * PULSE_STEPS);
      look.phase = step * 0.6 / PULSE_STEPS;
      /* Room for the ring that leaves the worker. */
      box = glyph * 1.6 + 4;
    }

  key.values[2] = step;
  _pl_scene_paint_sprite (p, &key, cx - box / 2, cy - box / 2, box, box, draw_worker, &look);
}

/* A bar for the CPU time of the stage's threads, full at one core each.
 * The bar follows the square root, so the few percent that polling with a
 * back-off costs still shows; the exact figure is printed above it. */
static void
paint_cpu_meter (Painter *p,
                 gdouble  x,
                 gdouble  y,
                 gdouble  width,
                 gdouble  height,
                 gdouble  fraction)
{
  cairo_t *cr = p->cr;

  x = _pl_scene_snap (p, x);
  y = _pl_scene_snap (p, y);
  width = _pl_scene_snap (p, width);
  height = MAX (2, _pl_scene_snap (p, height));

  cairo_set_source_rgba (cr, p->line.red, p->line.green, p->line.blue, 0.35);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);

  fraction = sqrt (CLAMP (fraction, 0, 1));
  if (fraction > 0)
    {
      PlSceneColor hot;

      pl_scene_glyphs_state_color (PL_WORKER_POLLING, &hot);
      pl_scene_glyphs_mix (&hot, &p->alert, CLAMP (fraction, 0, 1), &hot);
      pl_palette_set_source (cr, &hot);
      cairo_rectangle (cr, x, y, MAX (1 / p->scale, _pl_scene_snap (p, width * CLAMP (fraction, 0, 1))), height);
      cairo_fill (cr);
    }
}

void
_pl_scene_paint_stage_dynamic (Painter *p,
                               guint    stage)
{
  const PlStageSample *ss = &p->sample->stages[stage];
  const PlSceneLayout *l = p->l;
  const PlSceneRect *card = &l->cards[stage];
  gboolean bottleneck = pl_scene_get_bottleneck (p->scene) == (gint)stage;
  gdouble inset = p->fs * 0.5;
  gdouble x = card->x + inset;
  gdouble width = card->width - 2 * inset;
  gdouble stats_x = l->stats_x[stage];
  gdouble stats_y = l->stats_y[stage];
  gdouble stats_width = l->stats_width[stage];
  const gchar *line1;
  const gchar *line2;
  const gchar *line3;
  guint64 keys1[PL_SCENE_CACHE_KEYS], keys2[PL_SCENE_CACHE_KEYS], keys3[PL_SCENE_CACHE_KEYS];
  guint n_blocked = 0;
  guint columns = l->columns[stage];
  gdouble cell = l->cell[stage];
  gdouble glyph = l->glyph[stage];
  PlStageRates rates;
  cairo_t *cr = p->cr;

  pl_scene_get_stage_rates (p->scene, stage, &rates);

  if (bottleneck)
    {
      pl_scene_glyphs_rounded_rect (cr, card->x, card->y, card->width, card->height, p->fs * 0.5);
      pl_palette_set_source (cr, &p->fg);
      cairo_set_line_width (cr, MAX (3, p->fs * 0.25));
      cairo_stroke (cr);
      _pl_scene_paint_badge (p, _("BOTTLENECK"), card->x + card->width - inset,
                             card->y + inset * 0.8, 0.9, &p->fg, &p->bg, TRUE, width / 2);
    }

  /* The workers at their stations. */
  for (guint w = 0; w < MIN (ss->n_workers, PL_MAX_WORKERS); w++)
    {
      PlWorkerState state = pl_scene_get_worker_state (p->scene, stage, w);
      gdouble cx = l->body_x[stage] + (w % columns) * cell + cell / 2;
      gdouble cy = l->body_y[stage] + (w / columns) * cell + cell / 2;

      if (state == PL_WORKER_WAITING_PUT)
        n_blocked++;
      paint_worker (p, cx, cy, glyph, state, ss->workers[w].holds_marker);
    }

  /* What was measured over the rate window (or the whole run, once it
   * ended); formatted again only when a number in it changes. */
  memset (keys1, 0, sizeof keys1);
  memset (keys2, 0, sizeof keys2);
  memset (keys3, 0, sizeof keys3);
  keys1[0] = keys2[0] = rates.valid;
  keys1[1] = ss->work_done;
  keys1[2] = double_key (rates.items_per_s);
  keys2[1] = double_key (rates.cpu_percent);
  keys2[2] = double_key (rates.busy);
  keys3[0] = ss->polls;
  keys3[1] = ss->empty_polls;

  line1 = _pl_scene_recall_formatted (p, stage, FORMAT_LINE1, keys1);
  if (line1 == NULL)
    {
      g_autofree gchar *done = pl_format_count_short (ss->work_done);
      /* A dash until the rate window has data. */
      g_autofree gchar *rate = pl_scene_format_rate (pl_scene_get_stage_rate (p->scene, stage));

      line1 = _pl_scene_remember_formatted (p, stage, FORMAT_LINE1, keys1,
                                            g_strdup_printf (_("%s done · %s/s"), done, rate));
    }

  line2 = _pl_scene_recall_formatted (p, stage, FORMAT_LINE2, keys2);
  if (line2 == NULL && rates.valid)
    line2 = _pl_scene_remember_formatted (p, stage, FORMAT_LINE2, keys2,
                                          g_strdup_printf (_("CPU %.0f%% · busy %.0f%%"),
                                                           rates.cpu_percent, rates.busy * 100));
  else if (line2 == NULL)
    line2 = _pl_scene_remember_formatted (p, stage, FORMAT_LINE2, keys2, g_strdup (_("measuring…")));

  line3 = _pl_scene_recall_formatted (p, stage, FORMAT_LINE3, keys3);
  if (line3 == NULL)
    {
      /* A spinning worker polls millions of times: a count that fits. */
      g_autofree gchar *polls = pl_format_count_short (ss->polls);
      g_autofree gchar *empty = pl_format_count_short (ss->empty_polls);

      line3 = _pl_scene_remember_formatted (p, stage, FORMAT_LINE3, keys3,
                                            g_strdup_printf (_("polls %s · empty %s"), polls, empty));
    }

  _pl_scene_paint_wrapped (p, line1, stats_x, stats_y, stats_width, STATS_SCALE, TRUE, &p->fg, l->stats_lines[0]);
  stats_y += l->stats_lines[0] * _pl_scene_line_height (p, STATS_SCALE);
  _pl_scene_paint_wrapped (p, line2, stats_x, stats_y, stats_width, STATS_SCALE, FALSE, &p->fg, l->stats_lines[1]);
  stats_y += l->stats_lines[1] * _pl_scene_line_height (p, STATS_SCALE) + p->fs * 0.1;
  paint_cpu_meter (p, stats_x, stats_y, stats_width * 0.9, p->fs * 0.3,
                   /* What prints as 0% shows as an empty bar. */
                   rates.valid && rates.cpu_percent >= 0.5
                   ? rates.cpu_percent / (100.0 * MAX (1, ss->n_workers)) : 0);
  /* Bold while the counter ticks. */
  stats_y += p->fs * 0.45;
  _pl_scene_paint_wrapped (p, line3, stats_x, stats_y, stats_width, STATS_SCALE,
                           rates.valid && rates.polls_per_s > 0, &p->fg, l->stats_lines[2]);

  if (n_blocked > 0)
    {
      g_autofree gchar *next = pl_format_queue_title (stage + 1, p->sample->n_queues);
      g_autofree gchar *blocked =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u worker blocked: %s is full",
                                      "%u workers blocked: %s is full",
                                      n_blocked),
                         n_blocked, next);

      _pl_scene_paint_badge (p, blocked, x, card->y + card->height - inset - p->fs * 1.3,
                             0.9, &p->alert, &white, FALSE, width);
    }
}

static const gchar *
state_name (const PlSample *sample)
{
  if (sample->paused)
    return _("Paused");
  if (sample->shut_down)
    return _("Shut down at once");

  switch (sample->state)
    {
    case PL_PIPELINE_READY:
      return _("Ready");
    case PL_PIPELINE_RUNNING:
      return _("Running");
    case PL_PIPELINE_CLOSING:
      return _("Closing");
    case PL_PIPELINE_FINISHED:
      return _("Finished");
    case PL_PIPELINE_CANCELLED:
      return _("Cancelled");
    default:
      return "";
    }
}

void
_pl_scene_paint_title_static (Painter *p)
{
  const gchar *title = pl_scene_get_title (p->scene);
  const PlSceneRect *r = &p->l->title;

  if (title != NULL)
    _pl_scene_paint_wrapped (p, title, r->x, r->y, r->width, 1.3, TRUE, &p->fg, p->l->title_lines);
}

gchar *
_pl_scene_summary_text (const gchar *mode,
                        const gchar *state,
                        gdouble      seconds)
{
  /* TRANSLATORS: the mode, the state of the run, then seconds since Start. */
  return g_strdup_printf (_("%s · %s · %.1f s"), mode, state, seconds);
}

void
_pl_scene_paint_title_dynamic (Painter *p)
{
  g_autofree gchar *summary = NULL;

  summary = _pl_scene_summary_text (p->sample->mode == PL_MODE_BLOCKING ? _("Blocking") : _("Busy-wait"),
                                    state_name (p->sample),
                                    p->sample->elapsed_us / (gdouble)G_USEC_PER_SEC);
  _pl_scene_paint_wrapped (p, summary, p->l->summary_x, p->l->summary_y, p->l->summary_width,
                           1.1, FALSE, &p->muted, p->l->summary_lines);
}

gchar *
_pl_scene_source_text (const PlSample *s,
                       PlMode          mode,
                       const gchar    *fed,
                       const gchar    *items,
                       const gchar    *polls,
                       gboolean        cap)
{
  if (mode == PL_MODE_BUSY_WAIT && cap)
    return g_strdup_printf (_("Source: fed %s of %s · polls %s · stopped at the memory cap"),
                            fed, items, polls);
  if (mode == PL_MODE_BUSY_WAIT)
    return g_strdup_printf (_("Source: fed %s of %s · polls %s"), fed, items, polls);
  if (cap)
    return g_strdup_printf (_("Source: fed %s of %s · stopped at the memory cap"), fed, items);

  return g_strdup_printf (_("Source: fed %s of %s"), fed, items);
}

void
_pl_scene_paint_source (Painter *p)
{
  const PlSample *s = p->sample;
  const PlSceneLayout *l = p->l;
  const gchar *status = pl_scene_get_status (p->scene);
  g_autofree gchar *fed = pl_format_count_short (s->produced);
  g_autofree gchar *items = pl_format_count_short (s->items);
  g_autofree gchar *polls = pl_format_count_short (s->producer_polls);
  g_autofree gchar *text = _pl_scene_source_text (s, s->mode, fed, items, polls, s->held_cap_reached);
  PlSceneRect r = l->source;
  gdouble right = r.x + r.width;
  gdouble text_width = _pl_scene_measure_text (p, text, 1.0, TRUE);
  gdouble used;

  if (l->source_lines == 1)
    r.width = MIN (r.width, text_width + p->fs * 1.4 + 2);
  pl_scene_glyphs_rounded_rect (p->cr, r.x, r.y, r.width, r.height, MIN (r.height / 2, p->fs * 0.9));
  pl_palette_set_source (p->cr, &p->card);
  cairo_fill_preserve (p->cr);
  pl_palette_set_source (p->cr, &p->line);
  cairo_set_line_width (p->cr, MAX (1, p->fs * 0.08));
  cairo_stroke (p->cr);
  _pl_scene_paint_wrapped (p, text, r.x + p->fs * 0.7,
                           r.y + (r.height - MIN (l->source_lines,
                                                  _pl_scene_count_lines (p, text, r.width - p->fs * 1.4, 1.0, TRUE))
                                   * _pl_scene_line_height (p, 1.0)) / 2,
                           r.width - p->fs * 1.4, 1.0, TRUE, &p->fg, l->source_lines);

  if (l->status_inline)
    used = r.x + r.width + p->fs * 0.6;
  else
    used = l->status_x;

  /* A producer waiting in put is held back by the input queue. */
  if (s->queues[0].stats.putters_waiting > 0 && pl_scene_queue_is_full (p->scene, 0))
    {
      gdouble y = l->status_inline ? r.y + (r.height - p->fs * 1.2) / 2
                  : l->status_indent > 0 ? l->status_y : l->status_y - p->fs * 1.6;

      used += _pl_scene_paint_badge (p, _("blocked: input queue full"), used, y, 0.9, &p->alert, &white, FALSE,
                                     MAX (p->fs, right - used));
      used += p->fs * 0.6;
    }

  /* The latest event, so the close → join sequence can be followed. */
  if (status == NULL)
    return;
  if (l->status_inline)
    {
      if (right - used > p->fs * 4)
        _pl_scene_paint_text (p, p->cr, status, right, r.y + (r.height - _pl_scene_line_height (p, 1.0)) / 2,
                              right - used, 1.0, TRUE, &p->fg, TRUE);
      else
        pl_text_log_add ("scene", status, _pl_scene_text_px (p, 1.0), FALSE, TRUE);
    }
  else
    {
      /* After the badge when it shows, in the room kept for both. */
      gdouble indent = used > l->status_x ? l->status_indent : 0;

      _pl_scene_paint_wrapped (p, status, l->status_x + indent, l->status_y, l->status_width - indent,
                               1.0, TRUE, &p->fg, l->status_lines);
    }
}

gchar *
_pl_scene_done_text (const PlSample *s,
                     gdouble         throughput,
                     const gchar    *dropped,
                     const gchar    *held,
                     const gchar    *polls)
{
  g_autofree gchar *rate = pl_scene_format_rate (throughput);

  /* After shutdown (immediate) the rest of the items are accounted for:
   * delivered + dropped + held = fed. */
  if (s->shut_down)
    return g_strdup_printf (_("dropped %s · still held %s · %s items/s"), dropped, held, rate);
  if (s->mode == PL_MODE_BUSY_WAIT)
    return g_strdup_printf (_("%s items/s · main thread polls %s"), rate, polls);

  return g_strdup_printf (_("%s items/s"), rate);
}

void
_pl_scene_paint_done (Painter *p)
{
  const PlSample *s = p->sample;
  const PlSceneRect *card = &p->l->cards[s->n_stages];
  g_autofree gchar *processed = pl_format_count_short (s->processed);
  g_autofree gchar *items = pl_format_count_short (s->items);
  g_autofree gchar *dropped = pl_format_count_short (s->dropped);
  g_autofree gchar *held = pl_format_count_short (s->held);
  g_autofree gchar *polls = pl_format_count_short (s->coordinator_polls);
  g_autofree gchar *line1 = NULL;
  g_autofree gchar *line2 = NULL;
  gdouble inset = p->fs * 0.5;

  line1 = g_strdup_printf (_("Done: %s of %s"), processed, items);
  line2 = _pl_scene_done_text (s, pl_scene_get_throughput (p->scene), dropped, held, polls);

  _pl_scene_paint_text (p, p->cr, line1, card->x + inset, card->y + inset * 0.7, card->width - 2 * inset,
                        1.2, TRUE, &p->fg, FALSE);
  _pl_scene_paint_wrapped (p, line2, card->x + inset, card->y + inset * 0.7 + _pl_scene_line_height (p, 1.2) + p->fs * 0.1,
                           card->width - 2 * inset, STATS_SCALE, FALSE, &p->fg, p->l->done_lines);
}

typedef enum {
  LEGEND_WORKER,
  LEGEND_ITEM,
  LEGEND_MARKER,
  LEGEND_PILE,
  LEGEND_NOTE,     /* words only */
} LegendKind;

/* Lays out the legend in wrapped lines below `y`; paints it unless `dry`.
 * Returns the height it needs. */
gdouble
_pl_scene_paint_legend (Painter  *p,
                        gdouble   x,
                        gdouble   y,
                        gdouble   width,
                        gboolean  dry)
{
  struct {
    LegendKind    kind;
    PlWorkerState state;
    const gchar  *label;
  } entries[PL_WORKER_N_STATES + 4];
  g_autofree gchar *rates = NULL;
  guint n = 0;
  gdouble glyph = p->fs * 1.2;
  gdouble line_height = p->fs * 1.7;
  gdouble cx = x;
  gdouble cy = y;
  PlSceneStyle still = *p->style;

  still.animate = FALSE;
  for (PlWorkerState state = 0; state < PL_WORKER_N_STATES; state++)
    if (pl_scene_glyphs_state_shown (state))
      {
        entries[n].kind = LEGEND_WORKER;
        entries[n].state = state;
        entries[n++].label = pl_scene_glyphs_state_label (state);
      }
  entries[n].kind = LEGEND_ITEM;
  entries[n++].label = _("Item");
  entries[n].kind = LEGEND_MARKER;
  entries[n++].label = _("End marker");
  entries[n].kind = LEGEND_PILE;
  entries[n++].label = _("Backlog, with its count");
  /* How every rate on the line is measured. */
  rates = g_strdup_printf (_("Rates: the last %d s of the run (— until then); once it ends, the run’s average"),
                           PL_SCENE_RATE_WINDOW_S);
  entries[n].kind = LEGEND_NOTE;
  entries[n++].label = rates;

  for (guint i = 0; i < n; i++)
    {
      gdouble text_width = _pl_scene_measure_text (p, entries[i].label, 0.85, FALSE);
      /* The pile is as wide as its count, which never shrinks below the
       * smallest text. */
      gdouble symbol = entries[i].kind == LEGEND_PILE
                       ? MAX (glyph * 2, _pl_scene_measure_text (p, "+99", 0.8, TRUE) + p->fs * 1.2)
                       : entries[i].kind == LEGEND_NOTE ? -p->fs * 0.35 : glyph;
      gdouble entry_width = symbol + p->fs * 0.35 + text_width + p->fs * 0.8;

      if (cx > x && cx + entry_width > x + width)
        {
          cx = x;
          cy += line_height;
        }

      /* The note on the rates is long: on a narrow canvas it wraps between
       * its words, a legend row for each line. */
      if (entries[i].kind == LEGEND_NOTE && cx + entry_width > x + width)
        {
          gdouble room = width - symbol - p->fs * 0.35;
          g_autoptr(GPtrArray) lines = _pl_scene_wrap_text (p, entries[i].label, room, 0.85, FALSE);

          for (guint j = 0; j < lines->len; j++)
            {
              const gchar *line = g_ptr_array_index (lines, j);

              if (j > 0)
                cy += line_height;
              if (!dry)
                _pl_scene_paint_text (p, p->cr, line, cx + symbol + p->fs * 0.35, cy + line_height / 2 - p->fs * 0.55,
                                      room, 0.85, FALSE, &p->fg, FALSE);
              entry_width = symbol + p->fs * 0.35 + _pl_scene_measure_text (p, line, 0.85, FALSE) + p->fs * 0.8;
            }
          cx += entry_width;
          continue;
        }

      if (!dry)
        {
          gdouble mid = cy + line_height / 2;

          switch (entries[i].kind)
            {
            case LEGEND_WORKER:
              {
                /* The poll pulse reaches past the glyph: keep it in its box. */
                gboolean pulses = entries[i].state == PL_WORKER_POLLING ||
                                  entries[i].state == PL_WORKER_BACKOFF;

                pl_scene_glyphs_worker (p->cr, cx + glyph / 2, mid, pulses ? glyph * 0.78 : glyph,
                                        entries[i].state, FALSE, &still, 0);
              }
              break;
            case LEGEND_ITEM:
              pl_scene_glyphs_item (p->cr, cx + glyph / 2, mid, glyph * 0.7);
              break;
            case LEGEND_MARKER:
              pl_scene_glyphs_marker (p->cr, cx + glyph / 2, mid, glyph * 0.75);
              break;
            case LEGEND_PILE:
              {
                gboolean raster = p->raster;

                /* Drawn once into the static layer: as paths. */
                p->raster = FALSE;
                _pl_scene_paint_pile (p, cx + symbol / 2, mid, symbol, glyph * 0.8, "+99", FALSE);
                p->raster = raster;
              }
              break;
            default:
              break;
            }
          _pl_scene_paint_text (p, p->cr, entries[i].label, cx + symbol + p->fs * 0.35, mid - p->fs * 0.55,
                                -1, 0.85, FALSE, &p->fg, FALSE);
        }

      cx += entry_width;
    }

  return cy - y + line_height;
}
