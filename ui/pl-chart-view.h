/* pl-chart-view.h: queue depth, throughput and CPU over time, and Little's law
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pl-chart.h"

G_BEGIN_DECLS

#define PL_TYPE_CHART_VIEW (pl_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (PlChartView, pl_chart_view, PL, CHART_VIEW, GtkWidget)

GtkWidget  *pl_chart_view_new          (void);
void        pl_chart_view_push_sample  (PlChartView *self,
                                        PlSample    *sample);
void        pl_chart_view_reset        (PlChartView *self);
PlHistory  *pl_chart_view_get_history  (PlChartView *self);
gboolean    pl_chart_view_get_whole_run (PlChartView *self);
void        pl_chart_view_set_whole_run (PlChartView *self,
                                         gboolean     whole_run);

void        pl_chart_view_set_text_scale (PlChartView *self,
                                          gdouble      text_scale);

/* What the throughput chart shows last: the rate over the last window
 * while the line runs, the run's average once it has stopped; NAN while
 * no window has data. */
gdouble     pl_chart_view_get_shown_throughput (PlChartView *self);
/* Where the depth line of @queue ends: the depth in the latest sample. */
gdouble     pl_chart_view_get_shown_depth (PlChartView *self,
                                           guint        queue);

G_END_DECLS
