/* pl-delay.h: the stage function, a seeded random delay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pl-config.h"

G_BEGIN_DECLS

typedef struct _PlDelay PlDelay;

typedef enum {
  PL_DELAY_ELAPSED,   /* the deadline was reached */
  PL_DELAY_STOPPED,   /* *stop became non-zero */
  PL_DELAY_KICKED,    /* *kick moved away from the value seen */
} PlDelayResult;

/* One generator per worker: the same seed, stage and worker give the same
 * sequence of draws, whatever the other workers do. */
PlDelay       *pl_delay_new        (guint64         seed,
                                    guint           stage,
                                    guint           worker);
void           pl_delay_free       (PlDelay        *delay);

gdouble        pl_delay_draw_ms    (PlDelay        *delay,
                                    gdouble         mean_ms,
                                    PlDistribution  distribution);
gint64         pl_delay_draw_us    (PlDelay        *delay,
                                    gdouble         mean_ms,
                                    PlDistribution  distribution);

/* Sleeps on @cond (with @mutex, not held by the caller) until the absolute
 * monotonic @deadline_us. Whoever sets *stop, or moves *kick, must do it
 * holding @mutex and then broadcast @cond. @kick may be NULL. */
PlDelayResult  pl_delay_sleep_until (GMutex        *mutex,
                                     GCond         *cond,
                                     const gint    *stop,
                                     const gint    *kick,
                                     gint           seen,
                                     gint64         deadline_us);
/* CPU-bound work: burns the processor until @deadline_us or *stop. */
PlDelayResult  pl_delay_spin_until  (const gint    *stop,
                                     gint64         deadline_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlDelay, pl_delay_free)

G_END_DECLS
