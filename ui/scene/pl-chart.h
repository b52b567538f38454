/* pl-chart.h: queue depth, throughput and CPU over time, and Little's law,
 * recorded from the samples and drawn with cairo and pango
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "pl-history.h"
#include "pl-palette.h"
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

/* The history's slot: the charts move a slot at a time. */
#define PL_CHART_SLOT_US (100 * 1000)

/* Narrower than this, the four charts go two by two. */
#define PL_CHART_ONE_ROW_WIDTH (4 * 230)

/* What the charts show: the run's history, the stages' names and the
 * latest sample, which Little's law and the run average read. */
typedef struct
{
  PlHistory *history;       /* NULL until the first sample */
  guint      n_stages;
  gchar      names[PL_MAX_STAGES][PL_STAGE_NAME_LEN];
  PlSample  *sample;
  gboolean   whole_run;     /* the whole run, or the last minute */
} PlChartRecord;

/* What adding a sample changed. */
typedef enum {
  PL_CHART_RECORD_CHARTED = 1 << 0,   /* it went into the history */
  PL_CHART_RECORD_RESIZED = 1 << 1,   /* the number of queues changed */
} PlChartRecordChange;

void                pl_chart_record_init   (PlChartRecord       *record);
void                pl_chart_record_clear  (PlChartRecord       *record);
void                pl_chart_record_reset  (PlChartRecord       *record);
PlChartRecordChange pl_chart_record_add    (PlChartRecord       *record,
                                            PlSample            *sample);
gdouble             pl_chart_record_get_shown_throughput (const PlChartRecord *record);
gdouble             pl_chart_record_get_shown_depth      (const PlChartRecord *record,
                                                          guint                queue);

/* The rate of a counter between two points, per second; 0 when no time passed. */
gdouble             pl_chart_rate          (const PlHistoryPoint *earlier,
                                            const PlHistoryPoint *later,
                                            guint                 counter);

/* The lines of text Little's law needs for @n_stages queues: its title,
 * its key on up to three lines, the column heads and a line per queue. */
gdouble             pl_chart_littles_law_lines (guint n_stages);

void                pl_chart_draw          (const PlChartRecord *record,
                                            cairo_t             *cr,
                                            PangoContext        *context,
                                            const PlSceneColor  *foreground,
                                            gdouble              width,
                                            gdouble              height,
                                            gdouble              text_scale);

G_END_DECLS
