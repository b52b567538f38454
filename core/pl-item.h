/* pl-item.h: one unit of work travelling down the line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Items live in slabs owned by the pipeline, so the hot path never allocates.
 * Only the thread holding an item writes it.
 */
typedef struct
{
  guint64 seq;           /* 0 … items-1, in the order the producer fed them */
  gint64  born_us;       /* monotonic time the producer made it */
  gint64  enqueued_us;   /* monotonic time it entered its current queue */
  guint   stage;         /* the stage it is in or waiting for; n_stages once done */
} PlItem;

G_END_DECLS
