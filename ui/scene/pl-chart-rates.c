/* pl-chart-rates.c: charts of counter rates, such as throughput and CPU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rate is taken between points at least the rate window
 * (PL_SCENE_RATE_WINDOW_S) apart, or a whole-run bucket when that is
 * longer, so that a line never shows more than was measured.
 */

#include "config.h"

#include <math.h>

#include "pl-chart-private.h"

gdouble
pl_chart_rate (const PlHistoryPoint *earlier,
               const PlHistoryPoint *later,
               guint                 counter)
{
  gdouble seconds;

  g_return_val_if_fail (earlier != NULL && later != NULL, 0.0);

  seconds = (gdouble) (later->end_us - earlier->end_us) / G_USEC_PER_SEC;
  if (seconds <= 0)
    return 0.0;

  return (later->counters[counter] - earlier->counters[counter]) / seconds;
}

/**
 * _pl_chart_draw_rates:
 * @rates: the series, their legend and scale
 *
 * Draws a chart of counter rates. The series after the first
 * @rates->n_scaled may run off the top.
 */
void
_pl_chart_draw_rates (const PlChartRecord *record,
                      PlChartPainter      *p,
                      const PlChartCell   *cell,
                      const PlChartRates  *rates)
{
  PlHistoryPoint point, earlier;
  PlChartFrame frame = { 0, };
  PlChartRange range;
  gboolean has_reference = isfinite (rates->reference);

  _pl_chart_range_init (&range, record);
  frame.t0 = range.t0;
  frame.t1 = range.t1;
  frame.y_max = has_reference ? MAX (rates->min_top, rates->reference) : rates->min_top;

  /* Two passes: the scale first, then the lines. */
  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          /* A reference line, if any, has the legend entry after the series. */
          _pl_chart_draw_frame (p, cell, rates->title, rates->unit, rates->legend,
                                rates->n_series + (has_reference ? 1 : 0), &frame);
          _pl_chart_clip_to_plot (p, &frame);
        }

      for (guint s = 0; s < rates->n_series; s++)
        {
          guint back = 0;
          gboolean started = FALSE;

          for (guint i = 1; i < range.length; i++)
            {
              gdouble rate;

              _pl_chart_range_point (&range, i, &point);
              /* The latest point at least a window before this one. */
              while (back + 1 < i)
                {
                  PlHistoryPoint next;

                  _pl_chart_range_point (&range, back + 1, &next);
                  if (point.end_us - next.end_us < range.window_us)
                    break;
                  back++;
                }
              _pl_chart_range_point (&range, back, &earlier);
              /* Nothing is drawn until a window of the run has data. */
              if (i < range.first || point.end_us - earlier.end_us < range.window_us)
                continue;
              rate = pl_chart_rate (&earlier, &point, rates->counters[s]) * rates->scales[s];

              if (pass == 0)
                {
                  if (s < rates->n_scaled)
                    frame.y_max = MAX (frame.y_max, rate);
                  continue;
                }

              if (!started)
                cairo_move_to (p->cr, _pl_chart_frame_x (&frame, _pl_chart_point_time (&point)),
                               _pl_chart_frame_y (&frame, rate));
              else
                cairo_line_to (p->cr, _pl_chart_frame_x (&frame, _pl_chart_point_time (&point)),
                               _pl_chart_frame_y (&frame, rate));
              started = TRUE;
            }

          if (pass == 1)
            {
              cairo_save (p->cr);
              pl_palette_set_source (p->cr, &rates->legend[s].color);
              cairo_set_line_width (p->cr, 2.5);
              if (rates->legend[s].dashed)
                cairo_set_dash (p->cr, (gdouble[]) { 6, 4 }, 2, 0);
              cairo_stroke (p->cr);
              cairo_restore (p->cr);
            }
        }
    }

  if (has_reference)
    {
      cairo_save (p->cr);
      pl_palette_set_source (p->cr, &rates->legend[rates->n_series].color);
      cairo_set_line_width (p->cr, 2);
      cairo_set_dash (p->cr, (gdouble[]) { 6, 4 }, 2, 0);
      cairo_move_to (p->cr, frame.x, _pl_chart_frame_y (&frame, rates->reference));
      cairo_line_to (p->cr, frame.x + frame.width, _pl_chart_frame_y (&frame, rates->reference));
      cairo_stroke (p->cr);
      cairo_restore (p->cr);
    }

  cairo_restore (p->cr);
}

/* The rate of @counter at the newest point of the recent view, taken as
 * _pl_chart_draw_rates() takes it; NAN while no window has data. */
gdouble
_pl_chart_newest_rate (const PlChartRecord *record,
                       guint                counter)
{
  PlHistoryPoint point, earlier;
  guint length;
  gint64 end_us;
  gdouble newest;

  if (record->history == NULL)
    return NAN;
  length = pl_history_get_length (record->history, PL_HISTORY_RECENT);
  if (length == 0)
    return NAN;

  pl_history_get_point (record->history, PL_HISTORY_RECENT, length - 1, &point);
  end_us = point.end_us;
  newest = point.counters[counter];
  for (guint back = length - 1; back-- > 0;)
    {
      pl_history_get_point (record->history, PL_HISTORY_RECENT, back, &earlier);
      if (end_us - earlier.end_us >= PL_CHART_RATE_WINDOW_US)
        return (newest - earlier.counters[counter])
               / ((end_us - earlier.end_us) / (gdouble) G_USEC_PER_SEC);
    }

  return NAN;
}

/* Once the line has stopped, its average throughput: the report's. */
gdouble
_pl_chart_run_average (const PlChartRecord *record)
{
  if (record->sample == NULL
      || (record->sample->state != PL_PIPELINE_FINISHED
          && record->sample->state != PL_PIPELINE_CANCELLED)
      || record->sample->elapsed_us <= 0)
    return NAN;

  return pl_sample_throughput (record->sample);
}
