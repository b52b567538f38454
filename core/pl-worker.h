/* pl-worker.h: one worker thread of a stage, and the producer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the engine: it is included only through pl-pipeline-private.h,
 * by the engine's own files (the pipeline, its coordinator, sampler and
 * monitor, the workers), the engine's tests and the benchmarks.
 */

#pragma once

#include <glib.h>

#include "pl-atomic-private.h"
#include "pl-delay.h"
#include "pl-pipeline.h"
#include "pl-queue.h"
#include "pl-sample.h"
#include "pl-trace.h"

G_BEGIN_DECLS

/* Sums over workers, kept per stage for the ones already joined. */
typedef struct
{
  guint64 work_done;
  guint64 polls;
  guint64 empty_polls;
  guint64 waited;
  gint64  wait_us;
  guint64 serviced;     /* items whose service is measured in service_us */
  gint64  service_us;
  gint64  cpu_ns;
} PlWorkerTotals;

typedef struct
{
  PlPipeline *pipeline;        /* not a reference: the pipeline joins us first */
  guint       stage;
  guint       index;
  PlQueue    *input;           /* borrowed from the pipeline */
  PlQueue    *output;
  PlDelay    *delay;
  GThread    *thread;          /* joined under the pipeline's workers_lock */
  PlTraceTrack *trace;         /* owned by the pipeline's tracer, or NULL */

  gint        retired;         /* set by the controller: leave after this item */

  /* Written by the worker thread alone. */
  gint        state;           /* PlWorkerState */
  gint        tid;
  gint        holds_marker;
  gint        stopped;         /* left because it was told to stop */
  gint        exited;          /* set last, after final_cpu_ns */
  guint64     item;            /* seq held, or G_MAXUINT64 */
  guint64     work_done;
  guint64     polls;
  guint64     empty_polls;
  guint64     waited;
  gint64      wait_us;
  guint64     serviced;
  gint64      service_us;
  gint64      final_cpu_ns;

  /* Private to the worker thread: the deadline chain of the delay model. */
  gint64      prev_deadline;
  gint64      prev_end;
  gboolean    idle;
  gboolean    owes_task_done;  /* its next get calls task_done for the last item */

  /* Touched only under the pipeline's workers_lock. */
  gint64      last_cpu_ns;
} PlWorker;

PlWorker *_pl_worker_new          (PlPipeline      *pipeline,
                                   guint            stage,
                                   guint            index);
void      _pl_worker_free         (PlWorker        *worker);
gboolean  _pl_worker_start        (PlWorker        *worker,
                                   GError         **error);
void      _pl_worker_join         (PlWorker        *worker);
gboolean  _pl_worker_has_exited   (PlWorker        *worker);
gint64    _pl_worker_cpu_ns       (PlWorker        *worker);
void      _pl_worker_sample       (PlWorker        *worker,
                                   PlWorkerSample  *sample);
void      _pl_worker_add_totals   (PlWorker        *worker,
                                   PlWorkerTotals  *totals);

gpointer  _pl_producer_thread     (gpointer         data);

G_END_DECLS
