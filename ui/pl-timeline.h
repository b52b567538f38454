/* pl-timeline.h: playing a recording back, under the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pl-monitor.h"
#include "pl-recording.h"

G_BEGIN_DECLS

#define PL_TYPE_TIMELINE (pl_timeline_get_type ())

G_DECLARE_FINAL_TYPE (PlTimeline, pl_timeline, PL, TIMELINE, GtkWidget)

/*
 * The recorded moment reaches the views through the timeline's monitor,
 * as a live line's does through the window's: its "sample" and "event"
 * signals. A seek anywhere but one sample on first emits "rewound", after
 * which the views start afresh; the monitor then replays the few seconds
 * before the moment, so that rates can be measured as they were live.
 * "run-live" asks for the recorded configuration to run live.
 * The actions "timeline.step-back" and "timeline.step-forward" move one
 * sample, as the buttons do.
 */
GtkWidget   *pl_timeline_new            (PlRecording *recording);
PlRecording *pl_timeline_get_recording  (PlTimeline  *self);
PlMonitor   *pl_timeline_get_monitor    (PlTimeline  *self);
guint        pl_timeline_get_position   (PlTimeline  *self);
void         pl_timeline_seek           (PlTimeline  *self,
                                         guint        index);
gboolean     pl_timeline_get_playing    (PlTimeline  *self);
void         pl_timeline_set_playing    (PlTimeline  *self,
                                         gboolean     playing);
gdouble      pl_timeline_get_speed      (PlTimeline  *self);
void         pl_timeline_set_speed      (PlTimeline  *self,
                                         gdouble      speed);
void         pl_timeline_place_at_end   (PlTimeline  *self);
void         pl_timeline_refresh        (PlTimeline  *self);
void         pl_timeline_set_run_live_label (PlTimeline  *self,
                                             const gchar *label);
/* The next or previous event's moment; FALSE when there is none. */
gboolean     pl_timeline_jump_to_event  (PlTimeline  *self,
                                         gboolean     forward);

G_END_DECLS
