/* pl-sample.h: immutable snapshots and events the engine publishes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pl-config.h"
#include "pl-queue.h"

G_BEGIN_DECLS

typedef enum {
  PL_WORKER_IDLE,          /* started, not yet in its loop, or retired */
  PL_WORKER_WAITING_GET,   /* blocked in get on an empty input queue */
  PL_WORKER_POLLING,       /* busy-wait: trying a get that never waits */
  PL_WORKER_WORKING,       /* running the stage function on an item */
  PL_WORKER_WAITING_PUT,   /* blocked (or polling) on a full output queue */
  PL_WORKER_TASK_DONE,     /* calling task_done on its input queue */
  PL_WORKER_PAUSED,        /* parked between items by pause */
  PL_WORKER_DONE,          /* met the end-of-stream marker and exited */
  PL_WORKER_CANCELLED,     /* stopped by cancel */
  PL_WORKER_BACKOFF,       /* busy-wait: sleeping the backoff after an empty poll */
  PL_WORKER_N_STATES /*< skip >*/
} PlWorkerState;

typedef enum {
  PL_PIPELINE_READY,       /* built, not started */
  PL_PIPELINE_RUNNING,
  PL_PIPELINE_CLOSING,     /* running the close → join sequence */
  PL_PIPELINE_FINISHED,    /* every thread exited by itself */
  PL_PIPELINE_CANCELLED,   /* stopped by cancel; every thread joined */
} PlPipelineState;

/* How a run ended; the JSON report's `ending`. */
typedef enum {
  PL_RUN_RUNNING,          /* not ended yet */
  PL_RUN_CLOSED,           /* the input was closed and every item fed went through */
  PL_RUN_JOINED,           /* the join lesson: joins, then the workers were cancelled */
  PL_RUN_SHUT_DOWN,        /* shut down at once (pl_pipeline_shutdown_now) */
  PL_RUN_DURATION,         /* stopped at its --duration */
  PL_RUN_CAPPED,           /* the producer stopped at the safety cap, then the line closed */
  PL_RUN_CANCELLED,        /* cancelled by the program (reset, quit) */
  PL_RUN_INTERRUPTED,      /* stopped by a signal (Ctrl+C) */
} PlRunEnding;

typedef struct
{
  PlWorkerState state;
  guint64       work_done;
  guint64       polls;          /* busy-wait loop turns (get attempts) */
  guint64       empty_polls;    /* attempts that found the input empty */
  gint64        cpu_ns;         /* this thread's CPU time */
  guint64       item;           /* sequence number of the item held, or G_MAXUINT64 */
  gboolean      holds_marker;
} PlWorkerSample;

typedef struct
{
  gchar          name[PL_STAGE_NAME_LEN];
  gdouble        mean_ms;
  PlDistribution distribution;
  guint          n_workers;
  PlWorkerSample workers[PL_MAX_WORKERS];
  guint64        work_done;     /* sums over the workers, retired ones included */
  guint64        polls;
  guint64        empty_polls;
  gint64         cpu_ns;
  gint64         service_us;    /* total measured service time */
  guint64        in_hand;       /* items its workers hold now (or held when they stopped) */
  gboolean       finished;      /* every worker of the stage exited */
} PlStageSample;

typedef struct
{
  PlQueueStats   stats;
  gboolean       closed;        /* close() has been called on it */
  gboolean       joined;        /* a join on it has returned */
  gint64         wait_us;       /* total time items waited in it, from their timestamps */
  guint64        waited;        /* items whose wait is counted in wait_us */
  gdouble        depth_area;    /* ∫ depth dt, in item·seconds, since start */
} PlQueueSample;

typedef struct
{
  guint64         serial;       /* increases by one per sample */
  gint64          time_us;      /* monotonic */
  gint64          elapsed_us;   /* since start, pauses included */
  PlPipelineState state;
  PlMode          mode;
  gboolean        paused;
  gdouble         backoff_ms;
  PlWorkKind      work;
  guint64         items;        /* how many the producer was asked to feed */
  guint64         produced;
  guint64         processed;    /* items in the done queue */
  guint64         coordinator_polls;
  guint64         producer_polls;
  guint           workers_cancelled;
  gboolean        held_cap_reached;
  gboolean        shut_down;    /* the line was shut down at once (pl_pipeline_shutdown_now) */
  gboolean        at_rest;      /* nothing moved since the previous sample: the sampler
                                 * publishes only a slow heartbeat until something does */
  guint64         dropped;      /* items freed from the queues by the immediate shutdown */
  guint64         held;         /* items in the line: produced, neither processed nor
                                 * dropped; waiting in a queue or in a worker's hands */
  guint64         in_hand;      /* of those, the ones in workers' hands */
  guint64         max_held;     /* the safety cap on `held`, 0 = none */
  PlRunEnding     ending;       /* how the run ended, once it has */
  gint64          process_cpu_ns;   /* every thread of the process, since the start */
  /* The line's own threads, each read on its own clock: the producer, the
   * coordinator (the main thread of the program the line models), the
   * sampler, and every worker (the stages' cpu_ns). What the process
   * spent beyond this went on the program around the line, a window's
   * drawing for one. */
  gint64          producer_cpu_ns;
  gint64          coordinator_cpu_ns;
  gint64          sampler_cpu_ns;
  gint64          pipeline_cpu_ns;  /* all of the above, the workers included */
  gsize           rss_bytes;
  /* The memory the line holds for its items: each item held, at its real
   * size, and a queue slot for each entry waiting in front of a stage
   * (markers included). */
  gsize           held_bytes;
  guint           n_stages;
  PlStageSample   stages[PL_MAX_STAGES];
  guint           n_queues;     /* n_stages + 1: the last is the done queue */
  PlQueueSample   queues[PL_MAX_QUEUES];
} PlSample;

typedef enum {
  PL_EVENT_STARTED,
  PL_EVENT_INPUT_FED,          /* the producer put its last item */
  PL_EVENT_HELD_CAP,           /* the producer stopped at the memory cap */
  PL_EVENT_QUEUE_CLOSED,       /* queue */
  PL_EVENT_QUEUE_JOINED,       /* queue */
  PL_EVENT_STAGE_FINISHED,     /* stage: every worker exited */
  PL_EVENT_WORKERS_CANCELLED,  /* count: how many */
  PL_EVENT_PAUSED,
  PL_EVENT_RESUMED,
  PL_EVENT_MODE_CHANGED,       /* mode */
  PL_EVENT_ALL_DONE,
  PL_EVENT_SHUT_DOWN,          /* the whole line was shut down at once; count = items dropped */
  PL_EVENT_LINGERING,          /* every item is through, but nothing told the workers
                                * to stop: they run on until cancel; count = how many */
} PlEventKind;

/* An event's payload: only the field its kind names is set, the others
 * stay zero. */
typedef struct
{
  PlEventKind kind;
  gint64      time_us;
  guint       queue;        /* QUEUE_CLOSED, QUEUE_JOINED: which queue */
  guint       stage;        /* STAGE_FINISHED: which stage */
  PlMode      mode;         /* MODE_CHANGED: the mode now */
  guint64     count;        /* WORKERS_CANCELLED, LINGERING: how many workers;
                             * SHUT_DOWN: how many items were dropped */
} PlEvent;

typedef enum {
  PL_MESSAGE_SAMPLE,
  PL_MESSAGE_EVENT,
} PlMessageKind;

/* What travels through the pipeline's GAsyncQueue; free with pl_message_free. */
typedef struct
{
  PlMessageKind kind;
  PlSample     *sample;   /* a reference, for PL_MESSAGE_SAMPLE */
  PlEvent       event;    /* for PL_MESSAGE_EVENT */
} PlMessage;

#define PL_TYPE_SAMPLE (pl_sample_get_type ())
#define PL_TYPE_EVENT  (pl_event_get_type ())

GType        pl_sample_get_type        (void) G_GNUC_CONST;
GType        pl_event_get_type         (void) G_GNUC_CONST;
PlEvent     *pl_event_copy             (const PlEvent  *event);
void         pl_event_free             (PlEvent        *event);

PlSample    *pl_sample_new             (void);
PlSample    *pl_sample_ref             (PlSample       *sample);
void         pl_sample_unref           (PlSample       *sample);
void         pl_message_free           (PlMessage      *message);

const gchar *pl_worker_state_to_string (PlWorkerState   state);   /* stable, untranslated */
const gchar *pl_event_kind_to_string   (PlEventKind     kind);
const gchar *pl_run_ending_to_string   (PlRunEnding     ending);  /* stable, untranslated */

/* Derived readings, so that every view computes them the same way. */
gdouble      pl_sample_throughput      (const PlSample *sample);  /* items/s into the done queue */
gdouble      pl_stage_sample_mean_service_ms (const PlStageSample *stage);
gdouble      pl_queue_sample_mean_wait_ms    (const PlQueueSample *queue);

/* Little's law for one queue, from the run's own totals: the mean number
 * waiting L (∫depth dt / elapsed, from the depths the sampler saw) against
 * the arrival rate λ (puts / elapsed) times the mean wait W (from the
 * items' own timestamps). On a queue that items leave, L and λW agree. */
typedef struct
{
  gdouble mean_depth;     /* L, items */
  gdouble arrival_rate;   /* λ, items per second */
  gdouble mean_wait_s;    /* W, seconds */
  gdouble rate_by_wait;   /* λ × W, items */
} PlLittlesLaw;

gboolean     pl_littles_law_compute          (const PlQueueSample *queue,
                                              gint64               elapsed_us,
                                              PlLittlesLaw        *law);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlSample, pl_sample_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlMessage, pl_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlEvent, pl_event_free)

G_END_DECLS
