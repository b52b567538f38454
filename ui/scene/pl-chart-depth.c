/* pl-chart-depth.c: the chart of each queue's depth
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Depths are gauges: the whole-run view draws each bucket's mean with a
 * band from its lowest to its highest value, so a spike stays visible
 * however long the run, and each line ends at the latest depth.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pl-chart-private.h"
#include "pl-format.h"

void
_pl_chart_draw_depths (const PlChartRecord *record,
                       PlChartPainter      *p,
                       const PlChartCell   *cell)
{
  PlChartLegendEntry legend[PL_MAX_STAGES];
  g_autofree gchar *names[PL_MAX_STAGES] = { NULL, };
  PlHistoryPoint point;
  PlChartFrame frame = { 0, };
  PlChartRange range;
  guint n = record->n_stages;

  _pl_chart_range_init (&range, record);
  frame.t0 = range.t0;
  frame.t1 = range.t1;
  frame.y_max = 1;
  for (guint i = range.first; i < range.length; i++)
    if (_pl_chart_range_point (&range, i, &point))
      for (guint q = 0; q < n; q++)
        frame.y_max = MAX (frame.y_max, record->whole_run ? point.max[q] : point.mean[q]);

  for (guint q = 0; q < n; q++)
    {
      names[q] = pl_format_queue_title (q, 0);
      legend[q].label = names[q];
      legend[q].dashed = FALSE;
      pl_palette_stage_color (q, &legend[q].color);
    }

  _pl_chart_draw_frame (p, cell, _("Queue depth"), _("items"), legend, n, &frame);
  _pl_chart_clip_to_plot (p, &frame);

  for (guint q = 0; q < n; q++)
    {
      PlSceneColor color = legend[q].color;
      gboolean started = FALSE;

      if (record->whole_run && range.length > 1)
        {
          /* The band from each bucket's lowest to its highest depth. */
          for (guint i = range.first; i < range.length; i++)
            if (_pl_chart_range_point (&range, i, &point))
              cairo_line_to (p->cr, _pl_chart_frame_x (&frame, _pl_chart_point_time (&point)),
                             _pl_chart_frame_y (&frame, point.max[q]));
          for (guint i = range.length; i-- > range.first;)
            if (_pl_chart_range_point (&range, i, &point))
              cairo_line_to (p->cr, _pl_chart_frame_x (&frame, _pl_chart_point_time (&point)),
                             _pl_chart_frame_y (&frame, point.min[q]));
          cairo_close_path (p->cr);
          color.alpha = 0.25;
          pl_palette_set_source (p->cr, &color);
          cairo_fill (p->cr);
          color.alpha = 1;
        }

      for (guint i = range.first; i < range.length; i++)
        if (_pl_chart_range_point (&range, i, &point))
          {
            gdouble px = _pl_chart_frame_x (&frame, _pl_chart_point_time (&point));
            gdouble py = _pl_chart_frame_y (&frame, point.mean[q]);

            if (!started)
              cairo_move_to (p->cr, px, py);
            else
              cairo_line_to (p->cr, px, py);
            started = TRUE;
          }
      /* The mean of the newest point lags behind a sudden change, as when
       * a shutdown empties every queue at once: the line ends at the
       * depth the latest sample saw. */
      if (started && _pl_chart_range_point (&range, range.length - 1, &point))
        cairo_line_to (p->cr, _pl_chart_frame_x (&frame, _pl_chart_point_time (&point)),
                       _pl_chart_frame_y (&frame, point.last[q]));
      pl_palette_set_source (p->cr, &color);
      cairo_set_line_width (p->cr, 2.5);
      cairo_stroke (p->cr);
    }

  cairo_restore (p->cr);
}
