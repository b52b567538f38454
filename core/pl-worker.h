/* pl-worker.h: one worker thread of a stage, and the producer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the engine: it is included through pl-pipeline-private.h, by
 * the pipeline, its sampler, the workers and the engine's tests.
 */

#pragma once

#include <glib.h>

#include "pl-delay.h"
#include "pl-pipeline.h"
#include "pl-queue.h"
#include "pl-sample.h"
#include "pl-trace.h"

G_BEGIN_DECLS

/*
 * Every counter has a single writer (its own thread) and is read by whoever
 * builds a sample. Relaxed atomics are enough for that and cost a plain load
 * or store, so the item path takes no lock but the queue's own.
 */
static inline guint64
_pl_load_u64 (const guint64 *counter)
{
  return __atomic_load_n (counter, __ATOMIC_RELAXED);
}

static inline void
_pl_store_u64 (guint64 *counter,
               guint64  value)
{
  __atomic_store_n (counter, value, __ATOMIC_RELAXED);
}

/* Only for counters with one writer: a load and a store, no locked add. */
static inline void
_pl_bump_u64 (guint64 *counter,
              guint64  delta)
{
  _pl_store_u64 (counter, _pl_load_u64 (counter) + delta);
}

static inline gint64
_pl_load_i64 (const gint64 *counter)
{
  return __atomic_load_n (counter, __ATOMIC_RELAXED);
}

static inline void
_pl_store_i64 (gint64 *counter,
               gint64  value)
{
  __atomic_store_n (counter, value, __ATOMIC_RELAXED);
}

static inline void
_pl_bump_i64 (gint64 *counter,
              gint64  delta)
{
  _pl_store_i64 (counter, _pl_load_i64 (counter) + delta);
}

static inline gint
_pl_load_int (const gint *value)
{
  return __atomic_load_n (value, __ATOMIC_RELAXED);
}

static inline void
_pl_store_int (gint *value,
               gint  new_value)
{
  __atomic_store_n (value, new_value, __ATOMIC_RELAXED);
}

/* Live settings that are doubles travel as their bit pattern. */
static inline gdouble
_pl_load_double (const guint64 *bits)
{
  union { guint64 u; gdouble d; } v;

  v.u = _pl_load_u64 (bits);
  return v.d;
}

static inline void
_pl_store_double (guint64 *bits,
                  gdouble  value)
{
  union { guint64 u; gdouble d; } v;

  v.d = value;
  _pl_store_u64 (bits, v.u);
}

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
