/* pl-chart-view.h: queue depth, throughput and CPU over time, and Little's law
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pl-history.h"
#include "pl-sample.h"

G_BEGIN_DECLS

/* How the history is laid out: gauges are the depths of the queues in
 * front of each stage; counters are these, then each stage's CPU. */
enum {
  PL_CHART_COUNTER_PROCESSED,
  PL_CHART_COUNTER_OTHER_CPU,      /* the process beyond the line's threads: the window */
  PL_CHART_COUNTER_PIPELINE_CPU,   /* the line's own threads, workers included */
  PL_CHART_COUNTER_STAGE_CPU,
};

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

/* The rate of a counter between two points, per second; 0 when no time passed. */
gdouble     pl_chart_rate              (const PlHistoryPoint *earlier,
                                        const PlHistoryPoint *later,
                                        guint                 counter);

G_END_DECLS
