/* pl-queue-private.h: hooks the pipeline uses to wake its own waiters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-queue.h"

G_BEGIN_DECLS

/* Objects written by one thread per item are laid out on lines of their
 * own, so that two threads never share a cache line by accident. */
#define PL_CACHE_LINE 64
#define PL_CACHE_LINE_ROUND(size) (((size) + PL_CACHE_LINE - 1) / PL_CACHE_LINE * PL_CACHE_LINE)

/*
 * A pipeline must be able to pull a worker out of a blocking get or put when
 * the user pauses, switches mode, retires a worker or cancels, without
 * shutting the queue down. The waiter passes a counter it read *before*
 * deciding to wait; the queue re-reads it under its own lock before every
 * wait, so a kick that lands between the decision and the wait is never lost.
 *
 * When *kick != seen the call returns PL_QUEUE_EMPTY (get) or PL_QUEUE_FULL
 * (put) without touching the queue, as if its timeout had expired.
 */
PlQueueStatus _pl_queue_get_interruptible (PlQueue    *queue,
                                           gpointer   *item,
                                           gint64      timeout_us,
                                           const gint *kick,
                                           gint        seen);
PlQueueStatus _pl_queue_put_interruptible (PlQueue    *queue,
                                           gpointer    item,
                                           gint64      timeout_us,
                                           const gint *kick,
                                           gint        seen);
/* pl_queue_task_done for the caller's previous item (when @task_done),
 * then _pl_queue_get_interruptible, under one lock: a worker's task_done
 * and its next get cost one lock, not two. The task_done happens whatever
 * the get then returns. */
PlQueueStatus _pl_queue_done_and_get      (PlQueue    *queue,
                                           gboolean    task_done,
                                           gpointer   *item,
                                           gint64      timeout_us,
                                           const gint *kick,
                                           gint        seen);
/* As _pl_queue_put_interruptible. When the put had to wait and then
 * succeeds, *stamp_us gets the monotonic time of the push, written under
 * the queue's lock before any consumer can see the item: an item's wait in
 * a queue then starts when it got in, not when its putter began to wait. */
PlQueueStatus _pl_queue_put_stamped       (PlQueue    *queue,
                                           gpointer    item,
                                           gint64      timeout_us,
                                           const gint *kick,
                                           gint        seen,
                                           gint64     *stamp_us);
PlQueueStatus _pl_queue_close_interruptible (PlQueue    *queue,
                                             gint64      timeout_us,
                                             const gint *kick,
                                             gint        seen);
gboolean      _pl_queue_join_interruptible (PlQueue    *queue,
                                            gint64      timeout_us,
                                            const gint *kick,
                                            gint        seen);

/*
 * A sink counts what it is given but keeps no pointer: a successful put
 * counts as a put and adds one to the depth and the unfinished count, and
 * the caller keeps the item (the pipeline recycles it). A get takes one
 * from the depth and returns NULL. A sink is never closed. The pipeline's
 * done queue is one, so that it shows every delivered item without holding
 * memory for each. Set it before the queue is used.
 */
void          _pl_queue_set_sink          (PlQueue    *queue,
                                           gboolean    sink);

/* Counts, in the queue's `dropped`, an item whose put the queue refused
 * because it was shut down and that its putter then let go. */
void          _pl_queue_count_refused     (PlQueue    *queue);

/* Wakes every waiter of the queue so that it re-reads its kick counter. */
void          _pl_queue_wake_all          (PlQueue    *queue);

G_END_DECLS
