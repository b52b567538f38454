/* pl-chart-frame.c: a chart's box, its axes and grid, and the points in view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every chart has the same box: a title, a unit, a legend that follows
 * the title when it fits and wraps below when not, value lines as many as
 * the height has room for, and time ticks in seconds of the run.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pl-chart-private.h"
#include "pl-text-log.h"

void
_pl_chart_text_size (PangoLayout *layout,
                     const gchar *text,
                     gdouble     *width,
                     gdouble     *height)
{
  gint w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

/* Draws text with its top left, or top right when `right` is set. */
gdouble
_pl_chart_show_text (PlChartPainter     *p,
                     PangoLayout        *layout,
                     const gchar        *text,
                     gdouble             x,
                     gdouble             y,
                     gboolean            right,
                     const PlSceneColor *color)
{
  gdouble width;

  _pl_chart_text_size (layout, text, &width, NULL);
  pl_palette_set_source (p->cr, color);
  cairo_move_to (p->cr, right ? x - width : x, y);
  pl_text_log_show_layout ("charts", p->cr, layout, p->right, p->bottom);

  return width;
}

static gdouble
nice_step (gdouble range,
           guint   ticks)
{
  gdouble raw = range / MAX (ticks, 1);
  gdouble magnitude = pow (10, floor (log10 (raw)));
  gdouble fraction = raw / magnitude;

  if (fraction <= 1)
    return magnitude;
  if (fraction <= 2)
    return 2 * magnitude;
  if (fraction <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

static gchar *
format_value (gdouble value,
              gdouble step)
{
  if (fabs (value) >= 10000000)
    return g_strdup_printf ("%.0fM", value / 1000000);
  if (fabs (value) >= 1000000)
    return g_strdup_printf ("%.1fM", value / 1000000);
  if (fabs (value) >= 10000)
    return g_strdup_printf ("%.0fk", value / 1000);
  if (step >= 1 || value == 0)
    return g_strdup_printf ("%.0f", value);
  if (step >= 0.1)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.2f", value);
}

/* The title, the unit and the legend; returns the top of what follows. */
static gdouble
draw_heading (PlChartPainter           *p,
              gdouble                   x,
              gdouble                   y,
              gdouble                   width,
              const gchar              *title,
              const gchar              *unit,
              const PlChartLegendEntry *legend,
              guint                     n_legend)
{
  cairo_t *cr = p->cr;
  gdouble line = p->font * 1.35;
  gdouble lx, ly;
  gdouble title_width = _pl_chart_show_text (p, p->bold, title, x, y, FALSE, &p->fg);
  gdouble unit_width = _pl_chart_show_text (p, p->text, unit, x + width, y + 1, TRUE, &p->dim);
  gdouble legend_width = 0;

  /* The legend follows the title when it fits there, else wraps below. */
  for (guint i = 0; i < n_legend; i++)
    {
      gdouble w;

      _pl_chart_text_size (p->text, legend[i].label, &w, NULL);
      legend_width += p->font * 2.5 + w;
    }
  if (title_width + p->font + legend_width + unit_width + p->font <= width)
    {
      lx = x + title_width + p->font;
      ly = y;
    }
  else
    {
      lx = x;
      ly = y + line * 1.1;
    }
  for (guint i = 0; i < n_legend; i++)
    {
      gdouble w;

      _pl_chart_text_size (p->text, legend[i].label, &w, NULL);
      if (lx + p->font * 1.6 + w > x + width - (ly == y ? unit_width + p->font : 0) && lx > x)
        {
          lx = x;
          ly += ly == y ? line * 1.1 : line;
        }
      cairo_save (cr);
      pl_palette_set_source (cr, &legend[i].color);
      cairo_set_line_width (cr, 3);
      if (legend[i].dashed)
        cairo_set_dash (cr, (gdouble[]) { 4, 3 }, 2, 0);
      cairo_move_to (cr, lx, ly + line / 2);
      cairo_line_to (cr, lx + p->font * 1.2, ly + line / 2);
      cairo_stroke (cr);
      cairo_restore (cr);
      _pl_chart_show_text (p, p->text, legend[i].label, lx + p->font * 1.5, ly, FALSE, &p->fg);
      lx += p->font * 1.5 + w + p->font;
    }

  return ly + line * 1.15;
}

/**
 * _pl_chart_draw_frame:
 * @frame: (inout): the time span and the highest value on entry; the
 *   plot area and the rounded top of the scale on return
 *
 * Draws the chart's box: title and unit, legend, axes and grid.
 */
void
_pl_chart_draw_frame (PlChartPainter           *p,
                      const PlChartCell        *cell,
                      const gchar              *title,
                      const gchar              *unit,
                      const PlChartLegendEntry *legend,
                      guint                     n_legend,
                      PlChartFrame             *frame)
{
  cairo_t *cr = p->cr;
  gdouble x = cell->x;
  gdouble y = cell->y;
  gdouble width = cell->width;
  gdouble height = cell->height;
  gdouble line = p->font * 1.35;
  gdouble ly, axis_width = 0, step;
  g_autofree gchar *top_label = NULL;

  ly = draw_heading (p, x, y, width, title, unit, legend, n_legend);

  /* As many value lines as the height has room for, at most four. */
  frame->height = MAX (y + height - line * 1.2 - (ly + p->font * 0.5), 10);
  step = nice_step (frame->y_max, CLAMP ((guint) (frame->height / (p->font * 2.2)), 1, 4));
  frame->y_max = MAX (step, ceil (frame->y_max / step - 1e-9) * step);
  top_label = format_value (frame->y_max, step);
  _pl_chart_text_size (p->text, top_label, &axis_width, NULL);
  axis_width = MAX (axis_width, p->font * 1.5) + p->font * 0.5;

  frame->x = x + axis_width;
  frame->y = ly + p->font * 0.5;
  frame->width = MAX (width - axis_width - p->font * 0.5, 10);
  frame->height = MAX (y + height - line * 1.2 - frame->y, 10);

  /* Horizontal grid lines with their values. */
  cairo_set_line_width (cr, 1);
  for (gdouble v = 0; v <= frame->y_max + step * 0.01; v += step)
    {
      g_autofree gchar *label = format_value (v, step);
      gdouble gy = round (_pl_chart_frame_y (frame, v)) + 0.5;

      pl_palette_set_source (cr, &p->grid);
      cairo_move_to (cr, frame->x, gy);
      cairo_line_to (cr, frame->x + frame->width, gy);
      cairo_stroke (cr);
      _pl_chart_show_text (p, p->text, label, frame->x - p->font * 0.4, gy - p->font * 0.7, TRUE, &p->dim);
    }

  /* Time ticks, in seconds of the run. */
  step = nice_step (frame->t1 - frame->t0, 5);
  for (gdouble t = ceil (frame->t0 / step) * step; t <= frame->t1 + 1e-9; t += step)
    {
      g_autofree gchar *label = g_strdup_printf (_("%g s"), t);
      gdouble gx = round (_pl_chart_frame_x (frame, t)) + 0.5;
      gdouble w;

      pl_palette_set_source (cr, &p->grid);
      cairo_move_to (cr, gx, frame->y + frame->height);
      cairo_line_to (cr, gx, frame->y + frame->height + 4);
      cairo_stroke (cr);
      _pl_chart_text_size (p->text, label, &w, NULL);
      if (gx - w / 2 >= x && gx + w / 2 <= x + width)
        _pl_chart_show_text (p, p->text, label, gx - w / 2, frame->y + frame->height + 4, FALSE, &p->dim);
    }

  pl_palette_set_source (cr, &p->dim);
  cairo_move_to (cr, frame->x + 0.5, frame->y);
  cairo_line_to (cr, frame->x + 0.5, frame->y + frame->height + 0.5);
  cairo_line_to (cr, frame->x + frame->width, frame->y + frame->height + 0.5);
  cairo_stroke (cr);
}

/**
 * _pl_chart_clip_to_plot:
 * @frame: the frame _pl_chart_draw_frame() returned
 *
 * Saves the cairo state and clips it to the plot area, with room for the
 * width of a line at the top and bottom, for a chart to draw its series
 * in; the chart ends with cairo_restore().
 */
void
_pl_chart_clip_to_plot (PlChartPainter     *p,
                        const PlChartFrame *frame)
{
  cairo_save (p->cr);
  cairo_rectangle (p->cr, frame->x, frame->y - 2, frame->width, frame->height + 4);
  cairo_clip (p->cr);
  cairo_set_line_join (p->cr, CAIRO_LINE_JOIN_ROUND);
}

/* The points in view: the whole run, or the last minute in a frame that
 * does not move until it is full. */
void
_pl_chart_range_init (PlChartRange        *range,
                      const PlChartRecord *record)
{
  PlHistoryPoint point;

  range->history = record->history;
  range->span = record->whole_run ? PL_HISTORY_WHOLE : PL_HISTORY_RECENT;
  range->length = record->history != NULL ? pl_history_get_length (record->history, range->span) : 0;
  range->first = 0;
  range->t0 = 0;
  range->t1 = 1;
  range->window_us = PL_CHART_RATE_WINDOW_US;

  if (range->length == 0)
    return;

  pl_history_get_point (record->history, range->span, range->length - 1, &point);
  range->t1 = MAX (1.0, (gdouble) point.end_us / G_USEC_PER_SEC);

  if (record->whole_run)
    {
      range->window_us = MAX (PL_CHART_RATE_WINDOW_US, pl_history_get_bucket_us (record->history));
      return;
    }

  range->t1 = MAX (range->t1, 10.0);
  range->t0 = MAX (0.0, range->t1 - (gdouble) PL_CHART_RECENT_US / G_USEC_PER_SEC);
  while (range->first + 1 < range->length)
    {
      pl_history_get_point (record->history, range->span, range->first, &point);
      if ((gdouble) point.end_us / G_USEC_PER_SEC >= range->t0)
        break;
      range->first++;
    }
}
