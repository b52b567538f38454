/* pl-history.h: a bounded record of the run, for the charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pl-sample.h"

G_BEGIN_DECLS

typedef enum {
  PL_HISTORY_RECENT,   /* full resolution, the last minute or so */
  PL_HISTORY_WHOLE,    /* the whole run, in buckets that widen as it grows */
} PlHistorySpan;

/*
 * One point of a series set. Gauges (such as a queue's depth) keep the
 * lowest, the highest and the time-weighted mean of every sample that fell
 * into the point, and the latest; counters (such as items done or CPU nanoseconds) keep
 * their value at the point's end, so a rate between two points is exact.
 */
typedef struct
{
  gint64         start_us;
  gint64         end_us;
  guint          n_samples;
  gdouble        weight_us;  /* the time the means are weighted over */
  const gdouble *min;        /* n_gauges values */
  const gdouble *max;
  const gdouble *mean;
  const gdouble *last;       /* each gauge's value at the point's end */
  const gdouble *counters;   /* n_counters values */
} PlHistoryPoint;

typedef struct _PlHistory PlHistory;

PlHistory *pl_history_new          (guint            n_gauges,
                                    guint            n_counters,
                                    gint64           slot_us,
                                    gint64           recent_us,
                                    guint            max_buckets);
void       pl_history_free         (PlHistory       *history);
void       pl_history_clear        (PlHistory       *history);
guint      pl_history_get_n_gauges   (PlHistory     *history);
guint      pl_history_get_n_counters (PlHistory     *history);
void       pl_history_add          (PlHistory       *history,
                                    gint64           time_us,
                                    const gdouble   *gauges,
                                    const gdouble   *counters);
guint      pl_history_get_length   (PlHistory       *history,
                                    PlHistorySpan    span);
gboolean   pl_history_get_point    (PlHistory       *history,
                                    PlHistorySpan    span,
                                    guint            index,
                                    PlHistoryPoint  *point);
gint64     pl_history_get_bucket_us (PlHistory      *history);
gsize      pl_history_get_capacity (PlHistory       *history,
                                    PlHistorySpan    span);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlHistory, pl_history_free)

G_END_DECLS
