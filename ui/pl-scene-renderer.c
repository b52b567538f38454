/* pl-scene-renderer.c: paints a scene with cairo, on screen or into files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The line reads top to bottom: the source, then one row per stage (the
 * stage's input queue as a conveyor belt, then its workers), then the done
 * queue. Rows wrap into two columns past six stages, and everything scales
 * with the space available, so one function serves the window, exports and
 * screenshots alike.
 */

#include "config.h"

#include <math.h>
/* PRIu64 rather than G_GUINT64_FORMAT in translated text: the string
 * extractor knows the <inttypes.h> macros, so the catalogue can match. */
#include <inttypes.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "pl-scene-glyphs.h"
#include "pl-scene-renderer.h"

#define MAX_SINGLE_COLUMN_STAGES 6

/* Heights of the parts of the picture, in units of the base text size. */
#define TITLE_HEIGHT    2.1
#define SOURCE_HEIGHT   2.4
#define DONE_HEIGHT     5.0
#define MIN_ROW_HEIGHT  8.4

/* Text on the alert colour, which stays the same in light and dark. */
static const PlSceneColor white = { 1, 1, 1, 1 };

typedef struct
{
  gdouble x;
  gdouble y;
  gdouble width;
  gdouble height;
} Rect;

typedef struct
{
  cairo_t            *cr;
  PlScene            *scene;
  const PlSample     *sample;
  const PlSceneStyle *style;
  gdouble             fs;       /* base text size in pixels */
  gdouble             pad;
  gdouble             gutter;   /* room left of each row for the connectors */
  PlSceneColor        fg;
  PlSceneColor        muted;
  PlSceneColor        line;
  PlSceneColor        card;
  PlSceneColor        alert;    /* blocked on a full queue */
  PlSceneColor        bg;
  Rect                source;
  Rect                belts[PL_MAX_QUEUES];
  Rect                cards[PL_MAX_QUEUES];   /* the done card is last */
  gdouble             gutter_x[PL_MAX_QUEUES];
} Painter;

void
pl_scene_style_init (PlSceneStyle *style,
                     gboolean      dark)
{
  static const PlSceneColor light_fg = { 0.11, 0.11, 0.13, 1 };
  static const PlSceneColor light_bg = { 1, 1, 1, 1 };
  static const PlSceneColor dark_fg = { 1, 1, 1, 1 };
  static const PlSceneColor dark_bg = { 0.14, 0.14, 0.14, 1 };

  g_return_if_fail (style != NULL);

  style->foreground = dark ? dark_fg : light_fg;
  style->background = dark ? dark_bg : light_bg;
  style->paint_background = TRUE;
  style->animate = FALSE;
  style->text_scale = 1.0;
}

static PangoLayout *
make_layout (Painter     *p,
             const gchar *text,
             gdouble      scale,
             gboolean     bold,
             gdouble      max_width)
{
  PangoLayout *layout = pango_cairo_create_layout (p->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (font, p->fs * scale * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (gint)(max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }

  return layout;
}

static gdouble
measure_text (Painter     *p,
              const gchar *text,
              gdouble      scale,
              gboolean     bold)
{
  g_autoptr(PangoLayout) layout = make_layout (p, text, scale, bold, -1);
  gint width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* Draws one line of text with its top-left corner at (x, y), or its
 * top-right corner when `right` is set. Returns the width used. */
static gdouble
paint_text (Painter            *p,
            const gchar        *text,
            gdouble             x,
            gdouble             y,
            gdouble             max_width,
            gdouble             scale,
            gboolean            bold,
            const PlSceneColor *color,
            gboolean            right)
{
  g_autoptr(PangoLayout) layout = make_layout (p, text, scale, bold, max_width);
  gint width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  if (right)
    x -= width;

  pl_scene_glyphs_set_color (p->cr, color);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);

  return width;
}

/* A label on a filled rounded rectangle, for the few words that must jump
 * out: FULL, BOTTLENECK. It never grows past `max_width`. Returns its width. */
static gdouble
paint_badge (Painter            *p,
             const gchar        *text,
             gdouble             x,
             gdouble             y,
             gdouble             scale,
             const PlSceneColor *fill,
             const PlSceneColor *ink,
             gboolean            right,
             gdouble             max_width)
{
  gdouble inset = p->fs * 0.35;
  gdouble text_width = MIN (measure_text (p, text, scale, TRUE), max_width - 2 * inset);
  gdouble width = text_width + 2 * inset;
  gdouble height = p->fs * scale * 1.35;

  if (right)
    x -= width;

  pl_scene_glyphs_rounded_rect (p->cr, x, y, width, height, height * 0.3);
  pl_scene_glyphs_set_color (p->cr, fill);
  cairo_fill (p->cr);
  paint_text (p, text, x + inset, y + height * 0.1, text_width + 1, scale, TRUE, ink, FALSE);

  return width;
}

static void
paint_arrowhead (Painter *p,
                 gdouble  x,
                 gdouble  y,
                 gdouble  size)
{
  cairo_move_to (p->cr, x, y);
  cairo_line_to (p->cr, x - size, y - size * 0.6);
  cairo_line_to (p->cr, x - size, y + size * 0.6);
  cairo_close_path (p->cr);
  cairo_fill (p->cr);
}

/* From the bottom of whatever feeds a queue, down into the gap, along the
 * row's gutter and into the tail of the belt. */
static void
paint_connector (Painter *p,
                 gdouble  from_x,
                 gdouble  from_y,
                 gdouble  gutter_x,
                 Rect    *belt,
                 gboolean blocked)
{
  gdouble to_y = belt->y + belt->height / 2;
  gdouble drop = from_y + p->pad * 0.55;
  gdouble width = blocked ? MAX (3, p->fs * 0.28) : MAX (1.5, p->fs * 0.1);
  gdouble head = blocked ? p->fs * 0.75 : p->fs * 0.55;

  cairo_save (p->cr);
  pl_scene_glyphs_set_color (p->cr, blocked ? &p->alert : &p->line);
  cairo_set_line_width (p->cr, width);
  cairo_set_line_join (p->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to (p->cr, from_x, from_y);
  cairo_line_to (p->cr, from_x, drop);
  cairo_line_to (p->cr, gutter_x, drop);
  cairo_line_to (p->cr, gutter_x, to_y);
  cairo_line_to (p->cr, belt->x - head, to_y);
  cairo_stroke (p->cr);
  paint_arrowhead (p, belt->x, to_y, head);
  cairo_restore (p->cr);
}

/* The compressed backlog: a stack of cards that carries its count, so the
 * belt still accounts for every entry. */
static void
paint_pile (Painter     *p,
            gdouble      cx,
            gdouble      cy,
            gdouble      max_width,
            gdouble      height,
            const gchar *count,
            gboolean     with_marker)
{
  gdouble scale = MIN (0.8, height / (p->fs * 1.25));
  gdouble marker = with_marker ? p->fs * scale * 1.1 : 0;
  gdouble text_width = measure_text (p, count, scale, TRUE);
  gdouble y = cy - height / 2;
  gdouble shift = height * 0.12;
  gdouble width;
  gdouble x;

  /* Long counts shrink rather than lose digits. */
  if (text_width + p->fs * 0.6 + marker > max_width)
    {
      gdouble shrink = MAX (0.6, (max_width - p->fs * 0.6 - marker) / text_width);

      scale *= shrink;
      text_width *= shrink;
    }
  width = text_width + p->fs * 0.6 + marker;
  x = cx - width / 2;

  for (gint layer = 2; layer >= 0; layer--)
    {
      pl_scene_glyphs_rounded_rect (p->cr, x - layer * shift, y - layer * shift,
                                    width, height, height * 0.25);
      pl_scene_glyphs_set_color (p->cr, layer == 0 ? &p->fg : &p->card);
      cairo_fill_preserve (p->cr);
      pl_scene_glyphs_set_color (p->cr, &p->fg);
      cairo_set_line_width (p->cr, MAX (1, p->fs * 0.07));
      cairo_stroke (p->cr);
    }

  if (with_marker)
    pl_scene_glyphs_marker (p->cr, x + p->fs * 0.2 + marker / 2, cy, marker * 0.8);
  paint_text (p, count, x + p->fs * 0.3 + marker, cy - p->fs * scale * 0.62,
              -1, scale, TRUE, &p->bg, FALSE);
}

static gchar *
queue_name (const PlSample *sample,
            guint           queue)
{
  if (queue == 0)
    return g_strdup (_("Input queue"));
  if (queue + 1 == sample->n_queues)
    return g_strdup (_("Done queue"));

  return g_strdup_printf (_("Queue %u"), queue);
}

static void
paint_belt (Painter *p,
            guint    queue)
{
  const PlQueueSample *qs = &p->sample->queues[queue];
  const Rect *belt = &p->belts[queue];
  gboolean full = pl_scene_queue_is_full (p->scene, queue);
  guint n_slots = MAX (1, pl_scene_get_n_slots (p->scene, queue));
  gdouble end = belt->height * 0.5;
  gdouble inner_x = belt->x + end;
  gdouble inner_width = belt->width - 2 * end;
  gdouble slot = inner_width / n_slots;
  gdouble mid_y = belt->y + belt->height / 2;
  gdouble box = MIN (slot * 0.8, belt->height * 0.62);
  const PlSceneBox *boxes;
  guint n_boxes;
  g_autofree gchar *name = queue_name (p->sample, queue);
  g_autofree gchar *count = NULL;
  g_autofree gchar *info = NULL;
  gdouble label_y = belt->y - p->fs * 1.55;
  gdouble count_width;
  cairo_t *cr = p->cr;

  /* Label: name on the tail side, fill level on the head side. */
  if (qs->stats.capacity > 0)
    count = g_strdup_printf ("%u / %u", qs->stats.depth, qs->stats.capacity);
  else
    count = g_strdup_printf ("%u / ∞", qs->stats.depth);
  count_width = paint_text (p, count, belt->x + belt->width, label_y - p->fs * 0.15,
                            -1, 1.3, TRUE, full ? &p->alert : &p->fg, TRUE);
  if (full)
    {
      count_width += p->fs * 0.4;
      count_width += paint_badge (p, _("FULL"), belt->x + belt->width - count_width,
                                  label_y, 0.9, &p->alert, &white, TRUE, belt->width / 3);
    }
  paint_text (p, name, belt->x, label_y, belt->width - count_width - p->fs,
              1.0, FALSE, &p->fg, FALSE);

  /* The belt: a band between two pulleys. */
  pl_scene_glyphs_rounded_rect (cr, belt->x, belt->y, belt->width, belt->height, end);
  pl_scene_glyphs_set_color (cr, &p->card);
  cairo_fill_preserve (cr);
  if (full)
    {
      cairo_set_source_rgba (cr, p->alert.red, p->alert.green, p->alert.blue, 0.16);
      cairo_fill_preserve (cr);
    }
  pl_scene_glyphs_set_color (cr, full ? &p->alert : &p->line);
  cairo_set_line_width (cr, full ? MAX (2.5, p->fs * 0.2) : MAX (1, p->fs * 0.08));
  cairo_stroke (cr);

  cairo_set_line_width (cr, MAX (1, p->fs * 0.06));
  pl_scene_glyphs_set_color (cr, &p->line);
  cairo_arc (cr, belt->x + end, mid_y, end * 0.45, 0, 2 * G_PI);
  cairo_new_sub_path (cr);
  cairo_arc (cr, belt->x + belt->width - end, mid_y, end * 0.45, 0, 2 * G_PI);
  cairo_stroke (cr);

  /* One slot per unit of capacity: empty room is visible as empty slots. */
  if (slot >= 4)
    {
      cairo_save (cr);
      cairo_set_source_rgba (cr, p->line.red, p->line.green, p->line.blue, 0.55);
      cairo_set_line_width (cr, MAX (1, p->fs * 0.05));
      for (guint i = 0; i <= n_slots; i++)
        {
          gdouble x = inner_x + i * slot;

          cairo_move_to (cr, x, belt->y + belt->height * 0.12);
          cairo_line_to (cr, x, belt->y + belt->height * 0.88);
        }
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  boxes = pl_scene_get_boxes (p->scene, queue, &n_boxes);
  for (guint i = 0; i < n_boxes; i++)
    {
      gdouble cx = inner_x + inner_width - (boxes[i].position + 0.5) * slot;

      if (boxes[i].count > 1)
        {
          g_autofree gchar *more = g_strdup_printf ("+%u", boxes[i].count);

          /* The pile may reach over the tail pulley, never past the belt. */
          gdouble room = boxes[i].span * slot + end;
          gdouble centre = MAX (cx, belt->x + room / 2 + 2);

          paint_pile (p, centre, mid_y, room, belt->height * 0.62, more, boxes[i].markers > 0);
        }
      else if (boxes[i].markers > 0)
        pl_scene_glyphs_marker (cr, cx, mid_y, MAX (box, MIN (belt->height * 0.7, p->fs)));
      else
        pl_scene_glyphs_item (cr, cx, mid_y, box);
    }

  /* Below: the peak, the tasks not yet done, and the close → join steps. */
  info = g_strdup_printf (_("max %u · unfinished %u%s%s"),
                          qs->stats.max_depth,
                          qs->stats.unfinished,
                          qs->closed ? _(" · CLOSED") : "",
                          qs->joined ? _(" · JOINED ✓") : "");
  paint_text (p, info, belt->x, belt->y + belt->height + p->fs * 0.2,
              belt->width, 0.85, qs->closed || qs->joined, &p->muted, FALSE);
}

/* Rates with as many digits as a glance can use. */
static gchar *
format_rate (gdouble per_second)
{
  if (per_second < 10)
    return g_strdup_printf ("%.1f", per_second);
  if (per_second < 10000)
    return g_strdup_printf ("%.0f", per_second);

  /* TRANSLATORS: thousands, as in "145k" items per second */
  return g_strdup_printf (_("%.0fk"), per_second / 1000);
}

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

static void
paint_stage (Painter *p,
             guint    stage)
{
  const PlStageSample *ss = &p->sample->stages[stage];
  const Rect *card = &p->cards[stage];
  gboolean bottleneck = pl_scene_get_bottleneck (p->scene) == (gint)stage;
  gdouble inset = p->fs * 0.5;
  gdouble x = card->x + inset;
  gdouble width = card->width - 2 * inset;
  gdouble body_y = card->y + inset + p->fs * 1.6;
  gdouble body_height = card->height - 2 * inset - p->fs * (1.6 + 1.5);
  gdouble stats_width = MIN (width * 0.6, p->fs * 13);
  gdouble stats_x = x + width - stats_width;
  gdouble stats_y = body_y + MAX (0, (body_height - p->fs * 3.6) / 2);
  gdouble area_width = width - stats_width - p->fs * 0.5;
  g_autofree gchar *workers = NULL;
  g_autofree gchar *line1 = NULL;
  g_autofree gchar *line2 = NULL;
  g_autofree gchar *line3 = NULL;
  gdouble badge_width = 0;
  gdouble name_width;
  guint n_blocked = 0;
  guint columns;
  gdouble cell;
  gdouble glyph;
  PlStageRates rates;
  cairo_t *cr = p->cr;

  pl_scene_get_stage_rates (p->scene, stage, &rates);

  pl_scene_glyphs_rounded_rect (cr, card->x, card->y, card->width, card->height, p->fs * 0.5);
  pl_scene_glyphs_set_color (cr, &p->card);
  cairo_fill_preserve (cr);
  pl_scene_glyphs_set_color (cr, bottleneck ? &p->fg : &p->line);
  cairo_set_line_width (cr, bottleneck ? MAX (3, p->fs * 0.25) : MAX (1, p->fs * 0.08));
  cairo_stroke (cr);

  if (bottleneck)
    badge_width = paint_badge (p, _("BOTTLENECK"), card->x + card->width - inset,
                               card->y + inset * 0.8, 0.9, &p->fg, &p->bg, TRUE, width / 2);

  name_width = paint_text (p, ss->name, x, card->y + inset * 0.7,
                           width - badge_width - p->fs, 1.2, TRUE, &p->fg, FALSE);
  workers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worker", "%u workers", ss->n_workers),
                             ss->n_workers);
  if (x + name_width + p->fs * 0.6 < card->x + card->width - badge_width - inset - p->fs * 3)
    paint_text (p, workers, x + name_width + p->fs * 0.6, card->y + inset * 0.7 + p->fs * 0.2,
                width - name_width - badge_width - p->fs * 1.6, 0.95, FALSE, &p->muted, FALSE);

  /* The workers at their stations, as large as the card allows. */
  cell = fit_grid (ss->n_workers, area_width, MAX (body_height, p->fs), &columns);
  glyph = MIN (cell * 0.84, p->fs * 3.2);
  cell = MIN (cell, glyph / 0.84);
  for (guint w = 0; w < MIN (ss->n_workers, PL_MAX_WORKERS); w++)
    {
      PlWorkerState state = pl_scene_get_worker_state (p->scene, stage, w);
      gdouble cx = x + (w % columns) * cell + cell / 2;
      gdouble cy = body_y + (w / columns) * cell + cell / 2;

      if (state == PL_WORKER_WAITING_PUT)
        n_blocked++;
      pl_scene_glyphs_worker (cr, cx, cy, glyph, state, ss->workers[w].holds_marker,
                              p->style, pl_scene_get_clock (p->scene));
    }

  /* What was measured over the last second. */
  if (rates.valid)
    {
      g_autofree gchar *rate = format_rate (rates.items_per_s);

      line1 = g_strdup_printf (_("%" PRIu64 " done · %s/s"), ss->work_done, rate);
      line2 = g_strdup_printf (_("busy %.0f%% · CPU %.0f%%"),
                               rates.busy * 100, rates.cpu_percent);
    }
  else
    {
      line1 = g_strdup_printf (_("%" PRIu64 " done"), ss->work_done);
      line2 = g_strdup (_("measuring…"));
    }
  line3 = g_strdup_printf (_("polls %" PRIu64 " · empty %" PRIu64),
                           ss->polls, ss->empty_polls);

  paint_text (p, line1, stats_x, stats_y, stats_width, 0.95, TRUE, &p->fg, FALSE);
  paint_text (p, line2, stats_x, stats_y + p->fs * 1.2, stats_width, 0.95, FALSE, &p->fg, FALSE);
  paint_text (p, line3, stats_x, stats_y + p->fs * 2.4, stats_width, 0.95, FALSE, &p->fg, FALSE);

  if (n_blocked > 0)
    {
      g_autofree gchar *next = queue_name (p->sample, stage + 1);
      g_autofree gchar *blocked =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u worker blocked: %s is full",
                                      "%u workers blocked: %s is full",
                                      n_blocked),
                         n_blocked, next);

      paint_badge (p, blocked, x, card->y + card->height - inset - p->fs * 1.3,
                   0.9, &p->alert, &white, FALSE, width);
    }
}

static const gchar *
state_name (const PlSample *sample)
{
  if (sample->paused)
    return _("Paused");

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

static void
paint_title (Painter *p,
             gdouble  x,
             gdouble  y,
             gdouble  width)
{
  const gchar *title = pl_scene_get_title (p->scene);
  g_autofree gchar *summary = NULL;
  gdouble used = 0;

  summary = g_strdup_printf ("%s · %s · %.1f s",
                             p->sample->mode == PL_MODE_BLOCKING ? _("Blocking") : _("Busy-wait"),
                             state_name (p->sample),
                             p->sample->elapsed_us / (gdouble)G_USEC_PER_SEC);

  if (title != NULL)
    used = paint_text (p, title, x, y, width - p->fs * 16, 1.3, TRUE, &p->fg, FALSE) + p->fs * 0.8;
  paint_text (p, summary, x + used, y + p->fs * 0.15,
              MAX (p->fs, width - used), 1.1, FALSE, &p->muted, FALSE);
}

static void
paint_source (Painter *p)
{
  const PlSample *s = p->sample;
  const gchar *status = pl_scene_get_status (p->scene);
  g_autofree gchar *text = NULL;
  Rect *r = &p->source;
  gdouble right = r->x + r->width;
  gdouble used;

  if (s->mode == PL_MODE_BUSY_WAIT)
    text = g_strdup_printf (_("Source: fed %" PRIu64 " of %" PRIu64
                              " · polls %" PRIu64 "%s"),
                            s->produced, s->items, s->producer_polls,
                            s->held_cap_reached ? _(" · stopped at the memory cap") : "");
  else
    text = g_strdup_printf (_("Source: fed %" PRIu64 " of %" PRIu64 "%s"),
                            s->produced, s->items,
                            s->held_cap_reached ? _(" · stopped at the memory cap") : "");

  r->width = MIN (r->width, measure_text (p, text, 1.0, TRUE) + p->fs * 1.4 + 2);
  pl_scene_glyphs_rounded_rect (p->cr, r->x, r->y, r->width, r->height, r->height / 2);
  pl_scene_glyphs_set_color (p->cr, &p->card);
  cairo_fill_preserve (p->cr);
  pl_scene_glyphs_set_color (p->cr, &p->line);
  cairo_set_line_width (p->cr, MAX (1, p->fs * 0.08));
  cairo_stroke (p->cr);
  paint_text (p, text, r->x + p->fs * 0.7, r->y + (r->height - p->fs * 1.25) / 2,
              r->width - p->fs * 1.4, 1.0, TRUE, &p->fg, FALSE);

  used = r->x + r->width + p->fs * 0.6;

  /* A producer waiting in put is held back by the input queue. */
  if (s->queues[0].stats.putters_waiting > 0 && pl_scene_queue_is_full (p->scene, 0))
    {
      used += paint_badge (p, _("blocked: input queue full"), used,
                           r->y + (r->height - p->fs * 1.2) / 2, 0.9, &p->alert, &white, FALSE,
                           MAX (p->fs, right - used));
      used += p->fs * 0.6;
    }

  /* The latest event, so the close → join sequence can be followed. */
  if (status != NULL && right - used > p->fs * 4)
    paint_text (p, status, right, r->y + (r->height - p->fs * 1.25) / 2,
                right - used, 1.0, TRUE, &p->fg, TRUE);
}

static void
paint_done (Painter *p)
{
  const PlSample *s = p->sample;
  const Rect *card = &p->cards[s->n_stages];
  g_autofree gchar *line1 = NULL;
  g_autofree gchar *line2 = NULL;
  gdouble inset = p->fs * 0.5;

  line1 = g_strdup_printf (_("Done: %" PRIu64 " of %" PRIu64),
                           s->processed, s->items);
  if (s->mode == PL_MODE_BUSY_WAIT)
    line2 = g_strdup_printf (_("%.1f items/s · main thread polls %" PRIu64),
                             pl_scene_get_throughput (p->scene), s->coordinator_polls);
  else
    line2 = g_strdup_printf (_("%.1f items/s"), pl_scene_get_throughput (p->scene));

  pl_scene_glyphs_rounded_rect (p->cr, card->x, card->y, card->width, card->height, p->fs * 0.5);
  pl_scene_glyphs_set_color (p->cr, &p->card);
  cairo_fill_preserve (p->cr);
  pl_scene_glyphs_set_color (p->cr, &p->line);
  cairo_set_line_width (p->cr, MAX (1, p->fs * 0.08));
  cairo_stroke (p->cr);

  paint_text (p, line1, card->x + inset, card->y + inset * 0.7, card->width - 2 * inset,
              1.2, TRUE, &p->fg, FALSE);
  paint_text (p, line2, card->x + inset, card->y + inset * 0.7 + p->fs * 1.6,
              card->width - 2 * inset, 0.95, FALSE, &p->fg, FALSE);
}

typedef enum {
  LEGEND_WORKER,
  LEGEND_ITEM,
  LEGEND_MARKER,
  LEGEND_PILE,
} LegendKind;

/* Lays out the legend in wrapped lines below `y`; paints it unless `dry`.
 * Returns the height it needs. */
static gdouble
paint_legend (Painter  *p,
              gdouble   x,
              gdouble   y,
              gdouble   width,
              gboolean  dry)
{
  struct {
    LegendKind    kind;
    PlWorkerState state;
    const gchar  *label;
  } entries[PL_WORKER_N_STATES + 3];
  guint n = 0;
  gdouble glyph = p->fs * 1.2;
  gdouble line_height = p->fs * 1.7;
  gdouble cx = x;
  gdouble cy = y;

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
  entries[n++].label = _("More items than fit");

  for (guint i = 0; i < n; i++)
    {
      gdouble text_width = measure_text (p, entries[i].label, 0.85, FALSE);
      gdouble symbol = entries[i].kind == LEGEND_PILE ? glyph * 2 : glyph;
      gdouble entry_width = symbol + p->fs * 0.4 + text_width + p->fs * 1.1;

      if (cx > x && cx + entry_width > x + width)
        {
          cx = x;
          cy += line_height;
        }

      if (!dry)
        {
          gdouble mid = cy + line_height / 2;

          switch (entries[i].kind)
            {
            case LEGEND_WORKER:
              pl_scene_glyphs_worker (p->cr, cx + glyph / 2, mid, glyph, entries[i].state,
                                      FALSE, p->style, pl_scene_get_clock (p->scene));
              break;
            case LEGEND_ITEM:
              pl_scene_glyphs_item (p->cr, cx + glyph / 2, mid, glyph * 0.7);
              break;
            case LEGEND_MARKER:
              pl_scene_glyphs_marker (p->cr, cx + glyph / 2, mid, glyph * 0.75);
              break;
            case LEGEND_PILE:
              paint_pile (p, cx + glyph * 0.9, mid, glyph * 2, glyph * 0.8, "+99", FALSE);
              break;
            default:
              break;
            }
          paint_text (p, entries[i].label, cx + symbol + p->fs * 0.4, mid - p->fs * 0.55,
                      -1, 0.85, FALSE, &p->fg, FALSE);
        }

      cx += entry_width;
    }

  return cy - y + line_height;
}

/* Places the queue belt and the stage card (or done card) of one row. */
static void
layout_row (Painter *p,
            guint    index,
            Rect     row)
{
  gdouble inner_x = row.x + p->gutter;
  gdouble inner_width = row.width - p->gutter;
  gdouble belt_width = inner_width * 0.45;
  gdouble belt_height = CLAMP (row.height * 0.26, p->fs * 1.3, p->fs * 2.6);
  gdouble block = p->fs * 1.6 + belt_height + p->fs * 1.3;
  gdouble card_x = inner_x + belt_width + p->fs * 1.8;

  p->gutter_x[index] = row.x + p->gutter * 0.45;
  p->belts[index] = (Rect) {
    inner_x, row.y + MAX (p->pad * 0.5, (row.height - block) / 2) + p->fs * 1.6,
    belt_width, belt_height
  };
  p->cards[index] = (Rect) {
    card_x, row.y + p->pad * 0.5,
    row.x + row.width - card_x, row.height - p->pad
  };
}

static void
paint_feed_arrow (Painter *p,
                  guint    index)
{
  const Rect *belt = &p->belts[index];
  const Rect *card = &p->cards[index];
  gdouble y = belt->y + belt->height / 2;
  gdouble head = p->fs * 0.55;

  pl_scene_glyphs_set_color (p->cr, &p->line);
  cairo_set_line_width (p->cr, MAX (1.5, p->fs * 0.1));
  cairo_move_to (p->cr, belt->x + belt->width + p->fs * 0.2, y);
  cairo_line_to (p->cr, card->x - head, y);
  cairo_stroke (p->cr);
  paint_arrowhead (p, card->x - 1, y, head);
}

/**
 * pl_scene_render:
 * @scene: the scene to paint
 * @cr: where to paint it
 * @width: the width of the area, in the units of @cr
 * @height: the height of the area
 * @style: colours and options
 *
 * Paints the whole assembly line, with its legend, into the area
 * (0, 0, @width, @height) of @cr. Needs no display.
 */
void
pl_scene_render (PlScene            *scene,
                 cairo_t            *cr,
                 gdouble             width,
                 gdouble             height,
                 const PlSceneStyle *style)
{
  Painter painter = { 0 };
  Painter *p = &painter;
  const PlSample *sample;
  guint n_stages, columns, rows;
  gdouble margin, column_width, column_gap;
  gdouble top, bottom, legend_height, source_height, done_height, row_height;

  g_return_if_fail (PL_IS_SCENE (scene));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  p->cr = cr;
  p->scene = scene;
  p->style = style;
  p->sample = sample = pl_scene_get_sample (scene);
  p->fg = style->foreground;
  p->bg = style->background;
  pl_scene_glyphs_mix (&p->fg, &p->bg, 0.3, &p->muted);
  pl_scene_glyphs_mix (&p->fg, &p->bg, 0.55, &p->line);
  pl_scene_glyphs_mix (&p->fg, &p->bg, 0.94, &p->card);
  pl_scene_glyphs_state_color (PL_WORKER_WAITING_PUT, &p->alert);

  cairo_save (cr);
  if (style->paint_background)
    {
      pl_scene_glyphs_set_color (cr, &p->bg);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }

  if (sample == NULL || sample->n_stages == 0)
    {
      p->fs = CLAMP (MIN (width, height) / 30, 8, 22);
      paint_text (p, _("No pipeline yet: pick a lesson"), width / 2 - p->fs * 8,
                  height / 2 - p->fs, -1, 1.2, TRUE, &p->muted, FALSE);
      cairo_restore (cr);
      return;
    }

  n_stages = MIN (sample->n_stages, PL_MAX_STAGES);
  columns = n_stages > MAX_SINGLE_COLUMN_STAGES ? 2 : 1;
  rows = (n_stages + columns - 1) / columns;
  margin = CLAMP (MIN (width, height) * 0.015, 4, 16);
  column_gap = margin * 2;
  column_width = (width - 2 * margin - (columns - 1) * column_gap) / columns;

  /* One base size for all text: the largest at which every row still has
   * room for its belt, its workers and its numbers. */
  p->fs = CLAMP (column_width / 34.0, 7, 22) * style->text_scale;
  for (guint attempt = 0; attempt < 16; attempt++)
    {
      gdouble needed;

      p->pad = p->fs * 0.7;
      legend_height = paint_legend (p, margin, 0, width - 2 * margin, TRUE);
      needed = 2 * margin + p->fs * (TITLE_HEIGHT + SOURCE_HEIGHT + DONE_HEIGHT + rows * MIN_ROW_HEIGHT)
               + legend_height + p->pad * 0.5;
      if (needed <= height || p->fs <= 6)
        break;
      p->fs = MAX (6, p->fs * 0.93);
    }
  p->pad = p->fs * 0.7;
  p->gutter = p->fs * 1.6;

  top = margin;
  bottom = height - margin;
  paint_title (p, margin, top, width - 2 * margin);
  top += p->fs * TITLE_HEIGHT;

  bottom -= legend_height;
  paint_legend (p, margin, bottom, width - 2 * margin, FALSE);
  bottom -= p->pad * 0.5;

  source_height = p->fs * SOURCE_HEIGHT;
  done_height = p->fs * DONE_HEIGHT;
  row_height = (bottom - top - source_height - done_height) / rows;

  p->source = (Rect) { margin + p->gutter * 0.2, top, width - 2 * margin, source_height - p->pad };
  for (guint s = 0; s < n_stages; s++)
    {
      guint column = s / rows;
      Rect row = {
        margin + column * (column_width + column_gap),
        top + source_height + (s % rows) * row_height,
        column_width, row_height
      };

      layout_row (p, s, row);
    }
  layout_row (p, n_stages, (Rect) { margin, bottom - done_height, width - 2 * margin, done_height });

  paint_source (p);

  /* Connectors first, so belts and cards sit on top of them. The one into
   * a queue turns red while whatever feeds it is stuck on a full queue. */
  paint_connector (p, p->source.x + p->fs, p->source.y + p->source.height,
                   p->gutter_x[0], &p->belts[0],
                   sample->queues[0].stats.putters_waiting > 0 && pl_scene_queue_is_full (scene, 0));
  for (guint s = 0; s < n_stages; s++)
    {
      const Rect *card = &p->cards[s];

      paint_connector (p, card->x + card->width * 0.5, card->y + card->height,
                       p->gutter_x[s + 1], &p->belts[s + 1],
                       pl_scene_stage_is_blocked (scene, s));
    }

  for (guint q = 0; q <= n_stages; q++)
    {
      paint_feed_arrow (p, q);
      paint_belt (p, q);
    }
  for (guint s = 0; s < n_stages; s++)
    paint_stage (p, s);
  paint_done (p);

  cairo_restore (cr);
}
