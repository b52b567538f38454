/* pl-item.h: one unit of work travelling down the line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Items live in slabs owned by the pipeline, so the hot path never allocates.
 * Only the thread holding an item writes it. An item that reaches the done
 * queue is counted there and recycled: the producer reuses it, so memory
 * follows the items in the line, not the items processed.
 *
 * Reading the clock costs more than moving an item through a queue, so not
 * every item is timed (see _pl_pipeline_time_item). A timestamp of 0 means
 * that the item was not stamped as it entered its current queue.
 */
typedef struct _PlItem PlItem;

struct _PlItem
{
  guint64 seq;           /* 0 … items-1, in the order the producer fed them */
  gint64  born_us;       /* monotonic time the producer made it, or 0 */
  gint64  enqueued_us;   /* monotonic time it entered its current queue, or 0 */
  guint   stage;         /* the stage it is in or waiting for; n_stages once done */
  gboolean timed;        /* its waits and service are measured in every stage */
  PlItem *next_free;     /* once delivered: the next item on the free list */
};

G_END_DECLS
