/* pl-queue.h: a bounded, closable, joinable FIFO shared by threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The semantics follow Python 3.13's queue.Queue; see docs/DESIGN.md.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  PL_QUEUE_OK,
  PL_QUEUE_EMPTY,      /* get: nothing came within the timeout (0 = do not wait) */
  PL_QUEUE_FULL,       /* put: no room came within the timeout */
  PL_QUEUE_CLOSED,     /* get: met an end-of-stream marker put by pl_queue_close() */
  PL_QUEUE_SHUT_DOWN,  /* put or get refused because of pl_queue_shutdown() */
} PlQueueStatus;

typedef struct _PlQueue PlQueue;

/* The largest capacity a queue takes: pl_queue_new() and
 * pl_queue_set_capacity() treat any larger value as this one. The ring
 * grows as the queue fills, so a large capacity costs nothing until
 * entries actually wait; full, a queue at this bound holds 8 GiB of
 * pointers. An unbounded queue grows the same way, up to the same count. */
#define PL_QUEUE_MAX_CAPACITY (1u << 30)

/* A consistent reading of a queue's counters, taken under its lock. */
typedef struct
{
  guint    capacity;       /* 0 = unbounded */
  guint    depth;          /* waiting entries, markers included */
  guint    max_depth;
  guint    unfinished;
  guint    markers;        /* end-of-stream markers waiting in the queue */
  gint     first_marker;   /* position of the oldest marker from the head, or -1 */
  guint    closes;         /* markers ever enqueued by pl_queue_close() */
  guint    getters_waiting;
  guint    putters_waiting;
  guint    joiners_waiting;
  guint64  puts;           /* successful puts, markers excluded */
  guint64  gets;           /* successful gets, markers excluded */
  guint64  put_waits;      /* puts that found the queue full and had to wait */
  guint64  get_waits;      /* gets that found the queue empty and had to wait */
  guint64  markers_taken;  /* gets that returned PL_QUEUE_CLOSED */
  guint64  dropped;        /* items freed by an immediate shutdown, and puts a
                            * pipeline saw refused by one (see pl-queue-private.h) */
  gboolean is_shutdown;
  gboolean is_immediate;
} PlQueueStats;

PlQueue      *pl_queue_new            (guint capacity, GDestroyNotify item_free); /* 0 = unbounded; at most PL_QUEUE_MAX_CAPACITY */
PlQueue      *pl_queue_ref            (PlQueue *queue);
void          pl_queue_unref          (PlQueue *queue);
PlQueueStatus pl_queue_put            (PlQueue *queue, gpointer item, gint64 timeout_us);  /* < 0 waits forever */
PlQueueStatus pl_queue_get            (PlQueue *queue, gpointer *item, gint64 timeout_us);
gboolean      pl_queue_task_done      (PlQueue *queue);  /* FALSE, changing nothing, when no task is unfinished */
void          pl_queue_join           (PlQueue *queue);
PlQueueStatus pl_queue_close          (PlQueue *queue, gint64 timeout_us); /* one marker; one per consumer */
void          pl_queue_shutdown       (PlQueue *queue, gboolean immediate);
gboolean      pl_queue_is_shutdown    (PlQueue *queue);
void          pl_queue_set_capacity   (PlQueue *queue, guint capacity);    /* live; nothing is ever dropped; at most PL_QUEUE_MAX_CAPACITY */
guint         pl_queue_get_capacity   (PlQueue *queue);
guint         pl_queue_get_depth      (PlQueue *queue);  /* waiting entries, markers included */
guint         pl_queue_get_unfinished (PlQueue *queue);

/* Beyond the Python contract: counters for the window and the reports. */
void          pl_queue_get_stats      (PlQueue *queue, PlQueueStats *stats);
gboolean      pl_queue_join_timeout   (PlQueue *queue, gint64 timeout_us); /* TRUE when joined */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlQueue, pl_queue_unref)

G_END_DECLS
