/* pl-pipeline.h: stages of real worker threads joined by queues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pl-config.h"
#include "pl-sample.h"
#include "pl-trace.h"

G_BEGIN_DECLS

#define PL_TYPE_PIPELINE (pl_pipeline_get_type ())

/* What the pipeline refuses; a bad configuration is a PL_CONFIG_ERROR. */
#define PL_PIPELINE_ERROR (pl_pipeline_error_quark ())

typedef enum {
  PL_PIPELINE_ERROR_STARTED,   /* a pipeline runs once: it was started already */
} PlPipelineError;

GQuark pl_pipeline_error_quark (void);

G_DECLARE_FINAL_TYPE (PlPipeline, pl_pipeline, PL, PIPELINE, GObject)

/* Every function here is safe to call from any thread. */
PlPipeline      *pl_pipeline_new                 (const PlConfig *config);
void             pl_pipeline_get_config          (PlPipeline     *self,
                                                  PlConfig       *config);  /* the live settings */
gboolean         pl_pipeline_start               (PlPipeline     *self,
                                                  GError        **error);
void             pl_pipeline_set_paused          (PlPipeline     *self,
                                                  gboolean        paused);
gboolean         pl_pipeline_get_paused          (PlPipeline     *self);
void             pl_pipeline_close_input         (PlPipeline     *self);  /* returns at once; events report progress */
void             pl_pipeline_shutdown_now        (PlPipeline     *self);  /* immediate shutdown of every queue; returns at once */
void             pl_pipeline_cancel              (PlPipeline     *self);  /* returns once every thread is joined */
/* As cancel, naming why (PL_RUN_DURATION, PL_RUN_INTERRUPTED, …). A run has
 * one ending: the first of a shutdown, a stop or a cancel names it, and a
 * run that already ended keeps its own. */
void             pl_pipeline_stop                (PlPipeline     *self,
                                                  PlRunEnding     why);
PlRunEnding      pl_pipeline_get_ending          (PlPipeline     *self);
gboolean         pl_pipeline_wait                (PlPipeline     *self,
                                                  gint64          timeout_us); /* TRUE once finished or cancelled */
PlPipelineState  pl_pipeline_get_state           (PlPipeline     *self);

/* Live changes: each applies between items, with no restart. */
void             pl_pipeline_set_mode            (PlPipeline     *self,
                                                  PlMode          mode);
void             pl_pipeline_set_backoff         (PlPipeline     *self,
                                                  gdouble         backoff_ms);
void             pl_pipeline_set_work_kind       (PlPipeline     *self,
                                                  PlWorkKind      work);
void             pl_pipeline_set_stage_delay     (PlPipeline     *self,
                                                  guint           stage,
                                                  gdouble         mean_ms,
                                                  PlDistribution  distribution);
void             pl_pipeline_set_stage_workers   (PlPipeline     *self,
                                                  guint           stage,
                                                  guint           workers);
void             pl_pipeline_set_capacity        (PlPipeline     *self,
                                                  guint           queue,
                                                  guint           capacity);
void             pl_pipeline_set_items           (PlPipeline     *self,
                                                  guint64         items);  /* never below what was produced */

/* Reporting: samples and events, read through a PlMonitor (pl-monitor.h).
 * Samples come at about 60 Hz while anything moves; once nothing has moved
 * for about 100 ms one sample says so (at_rest), then only a heartbeat
 * comes once a second until something moves again or a setting changes.
 * With sampling off only events are published. */
void             pl_pipeline_set_sampling        (PlPipeline     *self,
                                                  gboolean        enabled);
PlSample        *pl_pipeline_sample              (PlPipeline     *self);  /* a fresh snapshot, now */

/* Tracing (pl-pipeline-trace.c). Before start, the pipeline takes
 * @tracer: every thread of the line records its state changes on a track
 * of its own, named "stage/worker N", "producer" or "coordinator". Once the
 * run is over, finish_trace stops it (as cancel, keeping its ending),
 * writes the trace and closes the file; call it from the thread that
 * controls the run. A pipeline disposed with its trace unfinished deletes
 * the partial file. */
void             pl_pipeline_set_tracer          (PlPipeline     *self,
                                                  PlTracer       *tracer);
gboolean         pl_pipeline_finish_trace        (PlPipeline     *self,
                                                  GError        **error);
/* As finish_trace, but hands the tracer over, with the time its run
 * ended, for pl_tracer_finish() on any thread; NULL when there is none. */
PlTracer        *pl_pipeline_take_tracer         (PlPipeline     *self,
                                                  gint64         *end_us);

G_END_DECLS
