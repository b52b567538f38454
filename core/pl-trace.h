/* pl-trace.h: a run written as Chrome's trace-event JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tracer turns every state change of the line's threads into spans on
 * one track per thread, the depth and unfinished count of every queue into
 * counters, and closes, markers, joins and shutdowns into instant events.
 * The file is the JSON object with "traceEvents" and "displayTimeUnit"
 * that the Perfetto UI and chrome://tracing open.
 *
 * Each thread appends timestamped records to a track of its own, with no
 * lock; full chunks of records go to a writer thread that streams them to
 * the file as JSON, so memory stays flat however long the run.
 */

#pragma once

#include <glib.h>

#include "pl-queue.h"
#include "pl-recording.h"
#include "pl-sample.h"

G_BEGIN_DECLS

typedef struct _PlTracer     PlTracer;
typedef struct _PlTraceTrack PlTraceTrack;

typedef enum {
  PL_TRACE_TRACK_WORKER,       /* spans are PlWorkerState values */
  PL_TRACE_TRACK_PRODUCER,     /* spans are PlWorkerState values, named for a producer */
  PL_TRACE_TRACK_COORDINATOR,  /* spans are PlTraceCoordinatorState values */
} PlTraceTrackKind;

/* What the coordinator is doing, as the spans of its track. */
typedef enum {
  PL_TRACE_COORDINATOR_ENDED,      /* no span: its sequence is over */
  PL_TRACE_COORDINATOR_WAITING,    /* waiting for the input to close */
  PL_TRACE_COORDINATOR_CLOSING,    /* putting end-of-stream markers, waiting for workers */
  PL_TRACE_COORDINATOR_JOINING,    /* in a join on a queue */
  PL_TRACE_COORDINATOR_POLLING,    /* busy-wait: checking the done queue */
  PL_TRACE_COORDINATOR_CANCELLING, /* cancelling the workers no marker stops */
} PlTraceCoordinatorState;

/* Instant events a thread marks on its own track. */
typedef enum {
  PL_TRACE_MARK_MARKER_MET,    /* a get met an end-of-stream marker */
  PL_TRACE_MARK_REFUSED,       /* a get or put was refused by a shutdown */
  PL_TRACE_MARK_ITEM_LEFT,     /* left holding an item it did not finish */
} PlTraceMark;

/* A trace of a longer run keeps only its first seconds, unless asked. */
#define PL_TRACE_ITEMS_IN_FULL G_GUINT64_CONSTANT (1000000)
#define PL_TRACE_LIMIT_S       10

/* The file is created here, and never over an existing one: the error is
 * G_IO_ERROR_EXISTS then, or what creating it failed with. */
PlTracer     *pl_tracer_new              (const gchar      *path,
                                          GError          **error);
/* Only the first @limit_us after the start are written (0, the default,
 * writes the whole run). */
void          pl_tracer_set_limit        (PlTracer         *tracer,
                                          gint64            limit_us);
/* Before pl_tracer_start: the queues whose depth and unfinished count are
 * written as counters, sampled every PL_TRACE_COUNTER_US. */
#define PL_TRACE_COUNTER_US 1000
void          pl_tracer_add_queue        (PlTracer         *tracer,
                                          PlQueue          *queue,
                                          const gchar      *name);
/* Tracks may be added at any time, by any thread; the tracer owns them. */
PlTraceTrack *pl_tracer_add_track        (PlTracer         *tracer,
                                          PlTraceTrackKind  kind,
                                          const gchar      *name);
/* Times in the file count from @origin_us (monotonic). */
void          pl_tracer_start            (PlTracer         *tracer,
                                          gint64            origin_us);
/* A pipeline event, from any thread, shown on the track it belongs to. */
void          pl_tracer_event            (PlTracer         *tracer,
                                          const PlEvent    *event);
/* Once every traced thread has stopped: closes the spans still open at
 * @end_us, writes what is left and closes the file. FALSE when anything
 * could not be written, and the partial file is removed. Frees the tracer
 * either way. */
gboolean      pl_tracer_finish           (PlTracer         *tracer,
                                          gint64            end_us,
                                          GError          **error);
/* Frees a tracer that was never finished, deleting its partial file. */
void          pl_tracer_abandon          (PlTracer         *tracer);
/* TRUE once records were left out because of the limit. */
gboolean      pl_tracer_was_cut          (PlTracer         *tracer);

/* The calls traced threads make: each only from the thread that owns
 * @track. A state equal to the last one recorded is not a change. */
void          pl_trace_track_state       (PlTraceTrack     *track,
                                          gint              state);
void          pl_trace_track_mark        (PlTraceTrack     *track,
                                          PlTraceMark       mark,
                                          guint64           value);

/* A recorded run as a trace (pl-trace-recording.c): each worker's state
 * at every sample as spans, so only as fine as the samples; the queues'
 * depths, each stage's work done and the items produced and processed as
 * counters; every event as an instant. Never over an existing file
 * (G_IO_ERROR_EXISTS); a file that could not be written whole is removed. */
gboolean      pl_trace_write_recording   (PlRecording      *recording,
                                          const gchar      *path,
                                          GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlTracer, pl_tracer_abandon)

G_END_DECLS
