/* pl-chart-throughput.c: the chart of items into the done queue per second
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Once the line has stopped, the chart also draws the run's average, the
 * number of its report.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pl-chart-private.h"

void
_pl_chart_draw_throughput (const PlChartRecord *record,
                           PlChartPainter      *p,
                           const PlChartCell   *cell)
{
  guint counters[] = { PL_CHART_COUNTER_PROCESSED };
  gdouble scales[] = { 1.0 };
  gdouble average = _pl_chart_run_average (record);
  g_autofree gchar *rate = pl_scene_format_rate (average);
  g_autofree gchar *live = g_strdup_printf (_("Into the done queue, over the last %d s"),
                                            PL_SCENE_RATE_WINDOW_S);
  /* TRANSLATORS: the run's average throughput, as in "run average 998/s" */
  g_autofree gchar *label = g_strdup_printf (_("run average %s/s"), rate);
  PlChartLegendEntry legend[] = { { live, p->fg, FALSE }, { label, p->dim, TRUE } };

  _pl_chart_draw_rates (record, p, cell, &(PlChartRates) {
                          .title = _("Throughput"),
                          .unit = _("items/s"),
                          .counters = counters,
                          .scales = scales,
                          .legend = legend,
                          .n_series = 1,
                          .n_scaled = 1,
                          .min_top = 1.0,
                          /* The run's average, once the line has stopped. */
                          .reference = average,
                        });
}
