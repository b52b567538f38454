/* pl-chart-cpu.c: the chart of processor time, per stage and in all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart keeps the line's own threads apart from the rest of the
 * process, the window's drawing, so that the window's own cost never
 * hides how much the workers spin.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pl-chart-private.h"

void
_pl_chart_draw_cpu (const PlChartRecord *record,
                    PlChartPainter      *p,
                    const PlChartCell   *cell)
{
  guint counters[PL_MAX_STAGES + 2];
  gdouble scales[PL_MAX_STAGES + 2];
  PlChartLegendEntry legend[PL_MAX_STAGES + 2];
  g_autofree gchar *window_label = NULL;
  gdouble window;
  guint n = 0;

  for (guint s = 0; s < record->n_stages; s++, n++)
    {
      counters[n] = PL_CHART_COUNTER_STAGE_CPU + s;
      scales[n] = 100.0 / 1e9;
      legend[n].label = record->names[s];
      legend[n].dashed = FALSE;
      pl_palette_stage_color (s, &legend[n].color);
    }
  counters[n] = PL_CHART_COUNTER_PIPELINE_CPU;
  scales[n] = 100.0 / 1e9;
  legend[n] = (PlChartLegendEntry) { _("the line, all its threads"), p->fg, FALSE };
  n++;
  /* The window's drawing may cost far more than a blocking line: it does
   * not set the scale, so that it never flattens the line's own. */
  window = _pl_chart_newest_rate (record, PL_CHART_COUNTER_OTHER_CPU) * 100.0 / 1e9;
  window_label = isfinite (window)
                 /* TRANSLATORS: the CPU the window's drawing takes now, in % of one core */
                 ? g_strdup_printf (_("the window’s drawing, now %.0f%%"), window)
                 : g_strdup (_("the window’s drawing"));
  counters[n] = PL_CHART_COUNTER_OTHER_CPU;
  scales[n] = 100.0 / 1e9;
  legend[n] = (PlChartLegendEntry) { window_label, p->dim, TRUE };
  n++;

  _pl_chart_draw_rates (record, p, cell, &(PlChartRates) {
                          .title = _("Processor time"),
                          /* xgettext:no-c-format */
                          .unit = _("% of one core"),
                          .counters = counters,
                          .scales = scales,
                          .legend = legend,
                          .n_series = n,
                          /* The window's drawing does not set the scale. */
                          .n_scaled = n - 1,
                          .min_top = 10.0,
                          .reference = NAN,
                        });
}
