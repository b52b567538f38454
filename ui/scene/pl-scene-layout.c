/* pl-scene-layout.c: where the scene renderer puts each part of the line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout depends only on the size, the style and the shape of the
 * line, never on the numbers: room is kept for the widest texts each part
 * can show, so the picture does not jump while the run goes on. It is
 * kept in the caller's cache until one of those changes.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pl-format.h"
#include "pl-scene-renderer-private.h"

#define MAX_SINGLE_COLUMN_STAGES 6

/* The base text size, in pixels at text scale 1: the smallest the layout
 * picks, so that the smallest text (0.85 of it) stays readable, and the
 * largest. */
#define MIN_FS 14.0
#define MAX_FS 22.0

/* Picks a glyph size that fits `n` glyphs in a width × height area. */
static gdouble
fit_grid (guint    n,
          gdouble  width,
          gdouble  height,
          guint   *columns)
{
  gdouble best = 0;

  *columns = MAX (n, 1);
  for (guint rows = 1; rows <= MAX (n, 1); rows++)
    {
      guint cols = (n + rows - 1) / rows;
      gdouble size = MIN (height / rows, width / MAX (cols, 1));

      if (size > best)
        {
          best = size;
          *columns = MAX (cols, 1);
        }
    }

  return best;
}

/* The widest number pl_format_count_short() writes, so that room is kept for it. */
static gchar *
widest_count (Painter *p)
{
  static const guint64 samples[] = {
    88888, G_GUINT64_CONSTANT (888800), G_GUINT64_CONSTANT (888800000), G_GUINT64_CONSTANT (888800000000)
  };
  gchar *widest = NULL;
  gdouble widest_width = -1;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      gchar *text = pl_format_count_short (samples[i]);
      gdouble width = _pl_scene_measure_text (p, text, 1.0, TRUE);

      if (width > widest_width)
        {
          g_free (widest);
          widest = text;
          widest_width = width;
        }
      else
        g_free (text);
    }

  return widest;
}

static gdouble
widest_of (Painter            *p,
           const gchar *const *texts,
           guint               n,
           gdouble             scale,
           gboolean            bold,
           guint              *index)
{
  gdouble widest = 0;

  for (guint i = 0; i < n; i++)
    {
      gdouble width = _pl_scene_measure_text (p, texts[i], scale, bold);

      if (width > widest)
        {
          widest = width;
          if (index != NULL)
            *index = i;
        }
    }

  return widest;
}

/* The widest of the texts each part of the line can show, with the widest
 * numbers; the layout keeps room for them. */
typedef struct
{
  gchar *count;      /* "88888 / 88888" over a belt */
  gchar *info;       /* under a belt */
  gchar *stats[3];   /* in a card */
  gchar *summary;    /* beside the title */
  gchar *source;
  gchar *status;
  gchar *done;       /* the done card's second line */
  gchar *done_head;
  gdouble queue_name;
  gdouble stage_name;
} Widest;

static void
widest_clear (Widest *w)
{
  g_free (w->count);
  g_free (w->info);
  for (guint i = 0; i < G_N_ELEMENTS (w->stats); i++)
    g_free (w->stats[i]);
  g_free (w->summary);
  g_free (w->source);
  g_free (w->status);
  g_free (w->done);
  g_free (w->done_head);
}

static gchar *
pick_widest (Painter     *p,
             gchar      **texts,
             guint        n,
             gdouble      scale,
             gboolean     bold)
{
  guint index = 0;
  gchar *widest;

  widest_of (p, (const gchar *const *)texts, n, scale, bold, &index);
  widest = g_strdup (texts[index]);
  for (guint i = 0; i < n; i++)
    g_free (texts[i]);

  return widest;
}

static void
widest_init (Painter *p,
             Widest  *w)
{
  const PlSample *sample = p->sample;
  g_autofree gchar *n = widest_count (p);
  const JoinStep joins[] = { JOIN_CLOSED_JOINED, JOIN_CLOSED_WAITS, JOIN_JOINED, JOIN_CLOSED };
  const gchar *states[] = {
    _("Paused"), _("Shut down at once"), _("Ready"), _("Running"), _("Closing"), _("Finished"), _("Cancelled"),
  };
  const gchar *modes[] = { _("Blocking"), _("Busy-wait") };
  guint state = 0, mode = 0;
  gchar *texts[8];

  w->count = g_strdup_printf ("%s / %s", n, n);

  for (guint i = 0; i < G_N_ELEMENTS (joins); i++)
    texts[i] = _pl_scene_queue_info_text (n, n, n, joins[i]);
  w->info = pick_widest (p, texts, G_N_ELEMENTS (joins), INFO_SCALE, TRUE);

  texts[0] = g_strdup_printf (_("%s done · %s/s"), n, n);
  w->stats[0] = pick_widest (p, texts, 1, STATS_SCALE, TRUE);
  texts[0] = g_strdup_printf (_("CPU %.0f%% · busy %.0f%%"), 3200.0, 100.0);
  texts[1] = g_strdup (_("measuring…"));
  w->stats[1] = pick_widest (p, texts, 2, STATS_SCALE, TRUE);
  texts[0] = g_strdup_printf (_("polls %s · empty %s"), n, n);
  w->stats[2] = pick_widest (p, texts, 1, STATS_SCALE, TRUE);

  widest_of (p, states, G_N_ELEMENTS (states), 1.1, FALSE, &state);
  widest_of (p, modes, G_N_ELEMENTS (modes), 1.1, FALSE, &mode);
  w->summary = _pl_scene_summary_text (modes[mode], states[state], 8888.8);

  /* Only a line with a cap on what it holds can stop at it. */
  texts[0] = _pl_scene_source_text (sample, PL_MODE_BUSY_WAIT, n, n, n, sample->max_held > 0);
  texts[1] = _pl_scene_source_text (sample, PL_MODE_BLOCKING, n, n, n, sample->max_held > 0);
  w->source = pick_widest (p, texts, 2, 1.0, TRUE);

  /* The longest events the status line shows. */
  texts[0] = g_strdup (_("All done, yet the workers poll on until Reset"));
  texts[1] = g_strdup (_("All joined, yet the workers wait on until Reset"));
  texts[2] = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Shut down at once: %d item dropped",
                                           "Shut down at once: %d items dropped", 88888888), 88888888);
  {
    const gchar *longest = "";

    for (guint st = 0; st < MIN (sample->n_stages, PL_MAX_STAGES); st++)
      if (strlen (sample->stages[st].name) > strlen (longest))
        longest = sample->stages[st].name;
    texts[3] = g_strdup_printf (_("Stage “%s” finished: its workers exited"), longest);
  }
  w->status = pick_widest (p, texts, 4, 1.0, TRUE);

  {
    PlSample shut = *sample;
    PlSample busy = *sample;

    shut.shut_down = TRUE;
    busy.shut_down = FALSE;
    busy.mode = PL_MODE_BUSY_WAIT;
    texts[0] = _pl_scene_done_text (&shut, 8888.8, n, n, n);
    texts[1] = _pl_scene_done_text (&busy, 8888.8, n, n, n);
    w->done = pick_widest (p, texts, 2, STATS_SCALE, FALSE);
  }
  w->done_head = g_strdup_printf (_("Done: %s of %s"), n, n);

  for (guint q = 0; q < MIN (sample->n_queues, PL_MAX_QUEUES); q++)
    {
      g_autofree gchar *name = pl_format_queue_title (q, sample->n_queues);

      w->queue_name = MAX (w->queue_name, _pl_scene_measure_text (p, name, 1.0, FALSE));
    }
  for (guint st = 0; st < MIN (sample->n_stages, PL_MAX_STAGES); st++)
    w->stage_name = MAX (w->stage_name, _pl_scene_measure_text (p, sample->stages[st].name, 1.2, TRUE));
}

/* The height of a card's numbers. */
static gdouble
stats_height (Painter             *p,
              const PlSceneLayout *l)
{
  return (l->stats_lines[0] + l->stats_lines[1] + l->stats_lines[2]) * _pl_scene_line_height (p, STATS_SCALE)
         + p->fs * 0.55;
}

/* Places the queue belt and the stage card (or done card) of one row. */
static void
layout_row (Painter       *p,
            PlSceneLayout *l,
            guint          index,
            PlSceneRect    row)
{
  gdouble inner_x = row.x + l->gutter;
  gdouble inner_width = row.width - l->gutter;
  gdouble label_height = (l->label_apart ? 2 : 1) * l->fs * 1.6;
  gdouble info_height = p->fs * 0.2 + l->info_lines * _pl_scene_line_height (p, INFO_SCALE);

  l->gutter_x[index] = row.x + l->gutter * 0.45;
  if (l->stacked)
    {
      gdouble belt_height = l->fs * 1.6;

      l->label_y[index] = row.y + l->pad * 0.5;
      l->belts[index] = (PlSceneRect) { inner_x, l->label_y[index] + label_height, inner_width, belt_height };
      l->cards[index].x = inner_x;
      l->cards[index].y = l->belts[index].y + belt_height + info_height + l->pad * 0.5;
      l->cards[index].width = inner_width;
      l->cards[index].height = row.y + row.height - l->pad * 0.5 - l->cards[index].y;
    }
  else
    {
      gdouble belt_width = inner_width * 0.45;
      gdouble belt_height = CLAMP (row.height * 0.26, l->fs * 1.6, l->fs * 2.6);
      gdouble block = label_height + belt_height + info_height;
      gdouble card_x = inner_x + belt_width + l->fs * 1.8;

      l->label_y[index] = row.y + MAX (l->pad * 0.5, (row.height - block) / 2);
      l->belts[index] = (PlSceneRect) { inner_x, l->label_y[index] + label_height, belt_width, belt_height };
      l->cards[index] = (PlSceneRect) {
        card_x, row.y + l->pad * 0.5,
        row.x + row.width - card_x, row.height - l->pad
      };
    }
}

static void
layout_workers (Painter       *p,
                PlSceneLayout *l,
                guint          stage,
                gdouble        stats_need)
{
  const PlSceneRect *card = &l->cards[stage];
  guint n_workers = p->sample->stages[stage].n_workers;
  gdouble fs = l->fs;
  gdouble inset = fs * 0.5;
  gdouble x = card->x + inset;
  gdouble width = card->width - 2 * inset;
  gdouble body_y = card->y + inset + fs * 1.6;
  gdouble body_height = card->height - 2 * inset - fs * (1.6 + 1.5);
  gdouble stats = stats_height (p, l);
  gdouble cell;
  gdouble glyph;

  if (l->stats_below)
    {
      /* The workers above, the numbers on lines of their own below. */
      gdouble grid_height = MAX (fs, body_height - stats - fs * 0.3);

      cell = fit_grid (n_workers, width, grid_height, &l->columns[stage]);
      l->stats_width[stage] = width;
      l->stats_x[stage] = x;
      l->stats_y[stage] = body_y + grid_height + fs * 0.3;
    }
  else
    {
      gdouble stats_width = MAX (stats_need, MIN (width * 0.62, fs * 17));

      cell = fit_grid (n_workers, width - stats_width - fs * 0.5, MAX (body_height, fs), &l->columns[stage]);
      l->stats_width[stage] = stats_width;
      l->stats_x[stage] = x + width - stats_width;
      l->stats_y[stage] = body_y + MAX (0, (body_height - stats) / 2);
    }

  /* The workers at their stations, as large as the card allows. */
  glyph = MIN (cell * 0.84, fs * 3.2);
  l->cell[stage] = MIN (cell, glyph / 0.84);
  l->glyph[stage] = glyph;
  l->body_x[stage] = x;
  l->body_y[stage] = body_y;
}

/*
 * Lays the line out at base size l->fs in `width`, with rows stretched to
 * fill `height` where there is room; l->needed says what the line needs.
 */
static void
layout_pass (Painter       *p,
             PlSceneLayout *l,
             const Widest  *w,
             gdouble        width,
             gdouble        height,
             guint          columns)
{
  const PlSample *sample = p->sample;
  guint n_stages = MIN (sample->n_stages, PL_MAX_STAGES);
  guint rows = (n_stages + columns - 1) / columns;
  const gchar *title = pl_scene_get_title (p->scene);
  gdouble fs = l->fs;
  gdouble full_width, column_gap, column_width, inner_width;
  gdouble title_height, source_height, legend_height, row_height, done_height;
  gdouble belt_block, card_min, done_card, stage_row, done_row, stats_need, card_inner;
  gdouble max_workers_cell = 0;
  gdouble top, bottom, extra;

  p->fs = fs;
  l->pad = p->pad = fs * 0.7;
  l->gutter = fs * 1.6;
  full_width = width - 2 * l->margin;
  column_gap = l->margin * 2;
  column_width = (full_width - (columns - 1) * column_gap) / columns;
  inner_width = column_width - l->gutter;

  /* The title, and the summary of the run beside it if both fit. */
  l->title_lines = title != NULL ? _pl_scene_count_lines (p, title, full_width, 1.3, TRUE) : 1;
  if (l->title_lines == 1 &&
      (title != NULL ? _pl_scene_measure_text (p, title, 1.3, TRUE) : 0) + fs * 0.8 +
      _pl_scene_measure_text (p, w->summary, 1.1, FALSE) <= full_width)
    {
      l->summary_x = l->margin + (title != NULL ? _pl_scene_measure_text (p, title, 1.3, TRUE) + fs * 0.8 : 0);
      l->summary_y = l->margin + fs * 0.15;
      l->summary_width = l->margin + full_width - l->summary_x;
      l->summary_lines = 1;
      title_height = fs * 2.1;
    }
  else
    {
      l->summary_x = l->margin;
      l->summary_y = l->margin + l->title_lines * _pl_scene_line_height (p, 1.3);
      l->summary_width = full_width;
      l->summary_lines = _pl_scene_count_lines (p, w->summary, full_width, 1.1, FALSE);
      title_height = l->title_lines * _pl_scene_line_height (p, 1.3) +
                     l->summary_lines * _pl_scene_line_height (p, 1.1) + fs * 0.5;
    }
  l->title = (PlSceneRect) { l->margin, l->margin, full_width, title_height };

  /* The source's pill, then its badge and the latest event. */
  {
    gdouble pill_text = full_width - l->gutter * 0.2 - fs * 1.4;
    gdouble badge = _pl_scene_measure_text (p, _("blocked: input queue full"), 0.9, TRUE) + fs * 1.3;
    gdouble status = _pl_scene_measure_text (p, w->status, 1.0, TRUE);
    gdouble pill_height;

    l->source_lines = _pl_scene_count_lines (p, w->source, pill_text, 1.0, TRUE);
    pill_height = l->source_lines * _pl_scene_line_height (p, 1.0) + fs * 0.45;
    l->source = (PlSceneRect) { l->margin + l->gutter * 0.2, l->margin + title_height, full_width - l->gutter * 0.2, pill_height };
    l->status_inline = l->source_lines == 1 &&
                       _pl_scene_measure_text (p, w->source, 1.0, TRUE) + fs * 2 + badge + status + fs * 0.6 <= l->source.width;
    source_height = pill_height + l->pad;
    if (!l->status_inline)
      {
        /* Clear of the connector that leaves the pill. */
        l->status_x = l->margin + fs * 2.2;
        l->status_y = l->source.y + pill_height + l->pad * 0.9;
        l->status_width = l->margin + full_width - l->status_x;
        /* The badge and the event on one line where both fit, else the
         * event on lines of its own under the badge. */
        if (badge + status <= l->status_width)
          {
            l->status_indent = badge;
            l->status_lines = 1;
            source_height += l->pad * 0.4 + MAX (fs * 1.6, _pl_scene_line_height (p, 1.0));
          }
        else
          {
            l->status_indent = 0;
            l->status_lines = _pl_scene_count_lines (p, w->status, l->status_width, 1.0, TRUE);
            l->status_y += fs * 1.6;
            source_height += l->pad * 0.4 + fs * 1.6 + l->status_lines * _pl_scene_line_height (p, 1.0);
          }
      }
  }

  legend_height = _pl_scene_paint_legend (p, l->margin, 0, full_width, TRUE);

  /* Rows: beside each other when the card still has room for its name,
   * its workers and the widest numbers on single lines, else stacked. */
  stats_need = 0;
  for (guint i = 0; i < 3; i++)
    stats_need = MAX (stats_need, _pl_scene_measure_text (p, w->stats[i], STATS_SCALE, TRUE));
  {
    gdouble header_need = w->stage_name + _pl_scene_measure_text (p, _("BOTTLENECK"), 0.9, TRUE) + fs * 2;
    gdouble belt_width = inner_width * 0.45;

    card_inner = inner_width - belt_width - fs * 1.8 - fs;
    l->stacked = belt_width < fs * 10 || card_inner < header_need ||
                 card_inner - stats_need - fs * 0.5 < fs * 2.6 ||
                 card_inner < _pl_scene_measure_text (p, w->done_head, 1.2, TRUE);
    if (l->stacked)
      {
        belt_width = inner_width;
        card_inner = inner_width - fs;
      }
    l->stats_below = card_inner - stats_need - fs * 0.5 < fs * 2.6;
    l->label_apart = w->queue_name + _pl_scene_measure_text (p, _("FULL"), 0.9, TRUE) + fs * 1.3 +
                     _pl_scene_measure_text (p, w->count, 1.3, TRUE) + fs * 0.6 > belt_width;
    /* Stacked, the arrow into the card leaves the head of the belt. */
    l->info_width = l->stacked ? belt_width - fs * 1.6 : belt_width;
    l->info_lines = _pl_scene_count_lines (p, w->info, l->info_width, INFO_SCALE, TRUE);
  }
  {
    gdouble stats_width = l->stats_below ? card_inner : MAX (stats_need, MIN (card_inner * 0.62, fs * 17));

    for (guint i = 0; i < 3; i++)
      l->stats_lines[i] = _pl_scene_count_lines (p, w->stats[i], stats_width, STATS_SCALE, TRUE);
  }
  l->done_lines = _pl_scene_count_lines (p, w->done, card_inner, STATS_SCALE, FALSE);

  belt_block = (l->label_apart ? 2 : 1) * fs * 1.6 + fs * 1.6 + fs * 0.2 +
               l->info_lines * _pl_scene_line_height (p, INFO_SCALE);
  /* A card: its name, its workers and numbers, and room for the blocked badge. */
  for (guint s = 0; s < n_stages; s++)
    {
      guint n = MAX (1, sample->stages[s].n_workers);
      gdouble cell = fs * 2.6;

      if (l->stats_below)
        {
          guint per_row = MAX (1, (guint) (card_inner / cell));

          max_workers_cell = MAX (max_workers_cell, ((n + per_row - 1) / per_row) * cell);
        }
      else
        max_workers_cell = MAX (max_workers_cell, cell);
    }
  card_min = fs * (1.0 + 1.6 + 1.5) +
             (l->stats_below ? max_workers_cell + fs * 0.3 + stats_height (p, l)
                             : MAX (max_workers_cell, stats_height (p, l)));
  done_card = fs * 0.7 + _pl_scene_line_height (p, 1.2) + fs * 0.1 +
              l->done_lines * _pl_scene_line_height (p, STATS_SCALE) + fs * 0.5;
  if (l->stacked)
    {
      stage_row = belt_block + l->pad * 1.5 + card_min + l->pad;
      done_row = belt_block + l->pad * 1.5 + done_card + l->pad;
    }
  else
    {
      stage_row = MAX (belt_block + l->pad, card_min + l->pad);
      done_row = MAX (belt_block + l->pad, done_card + l->pad);
    }

  l->needed = 2 * l->margin + title_height + source_height + rows * stage_row + done_row +
              legend_height + l->pad * 0.5;

  /* Room to spare goes to the stages' rows. */
  extra = MAX (0, height - l->needed);
  row_height = stage_row + extra / MAX (rows, 1);
  done_height = done_row;

  top = l->margin + title_height + source_height;
  bottom = MAX (height, l->needed) - l->margin;
  l->legend_y = bottom - legend_height;

  for (guint s = 0; s < n_stages; s++)
    {
      guint column = s / rows;
      PlSceneRect row = {
        l->margin + column * (column_width + column_gap),
        top + (s % rows) * row_height,
        column_width, row_height
      };

      layout_row (p, l, s, row);
      layout_workers (p, l, s, stats_need);
    }
  layout_row (p, l, n_stages, (PlSceneRect) { l->margin, top + rows * row_height, full_width, done_height });
}

void
_pl_scene_compute_layout (Painter       *p,
                          PlSceneLayout *l,
                          gdouble        width,
                          gdouble        height)
{
  guint n_stages = MIN (p->sample->n_stages, PL_MAX_STAGES);
  gdouble text_scale = p->style->text_scale;
  gdouble smallest = MIN_FS * text_scale;
  guint columns = 1;
  Widest widest = { 0 };

  memset (l, 0, sizeof *l);
  /* From the width alone, so that the height the line needs does not
   * depend on the height it gets. */
  l->margin = CLAMP (width * 0.012, 4, 16);

  /* Two columns of stages only where each still reads at full size. */
  if (n_stages > MAX_SINGLE_COLUMN_STAGES && width >= 1200 * text_scale)
    columns = 2;

  /* One base size for all text: the largest at which the line fits the
   * height, but never below the smallest; then the picture grows taller
   * (the window scrolls) rather than the text smaller. */
  l->fs = CLAMP ((width - 2 * l->margin) / columns / 34.0, MIN_FS, MAX_FS) * text_scale;
  for (guint attempt = 0; attempt < 24; attempt++)
    {
      p->fs = l->fs;
      widest_clear (&widest);
      memset (&widest, 0, sizeof widest);
      widest_init (p, &widest);
      layout_pass (p, l, &widest, width, height, columns);
      if (l->needed <= height || l->fs <= smallest + 0.01)
        break;
      l->fs = MAX (smallest, l->fs * 0.93);
    }
  widest_clear (&widest);
}
