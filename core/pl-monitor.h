/* pl-monitor.h: the one reader of a pipeline's samples and events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pl-pipeline.h"
#include "pl-sample.h"

G_BEGIN_DECLS

#define PL_TYPE_MONITOR (pl_monitor_get_type ())

G_DECLARE_FINAL_TYPE (PlMonitor, pl_monitor, PL, MONITOR, GObject)

/* A monitor lives on one thread (the one whose main context it is
 * attached to, or that calls pl_monitor_dispatch) and emits there, in the
 * order the engine published them:
 *   "sample" (PlSample *sample)  a snapshot of the whole line
 *   "event"  (PlEvent *event)    something that happened once
 * Both arguments are borrowed for the emission (G_SIGNAL_TYPE_STATIC_SCOPE):
 * take a reference (pl_sample_ref) or a copy (pl_event_copy) to keep one. */
PlMonitor       *pl_monitor_new                  (PlPipeline     *pipeline);
/* A replay has no pipeline: its player emits the recorded messages. */
void             pl_monitor_emit_sample          (PlMonitor      *self,
                                                  PlSample       *sample);
void             pl_monitor_emit_event           (PlMonitor      *self,
                                                  const PlEvent  *event);
PlPipeline      *pl_monitor_get_pipeline         (PlMonitor      *self);
guint            pl_monitor_dispatch             (PlMonitor      *self,
                                                  guint           max_messages);
gboolean         pl_monitor_has_pending          (PlMonitor      *self);
PlSample        *pl_monitor_get_last_sample      (PlMonitor      *self);
void             pl_monitor_attach               (PlMonitor      *self,
                                                  GMainContext   *context,
                                                  guint           interval_ms);
void             pl_monitor_detach               (PlMonitor      *self);

G_END_DECLS
