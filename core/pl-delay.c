/* pl-delay.c: the stage function, a seeded random delay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pl-delay.h"

#include <math.h>

struct _PlDelay
{
  GRand *rand;
};

PlDelay *
pl_delay_new (guint64 seed,
              guint   stage,
              guint   worker)
{
  PlDelay *self;
  /* The whole 64-bit seed takes part, and stage and worker are separate
   * words, so stage 1 worker 0 does not repeat stage 0 worker 1. */
  guint32 words[4] = {
    (guint32) (seed & 0xffffffffu),
    (guint32) (seed >> 32),
    stage,
    worker,
  };

  self = g_new0 (PlDelay, 1);
  self->rand = g_rand_new_with_seed_array (words, G_N_ELEMENTS (words));

  return self;
}

void
pl_delay_free (PlDelay *delay)
{
  if (delay == NULL)
    return;

  g_rand_free (delay->rand);
  g_free (delay);
}

gdouble
pl_delay_draw_ms (PlDelay        *delay,
                  gdouble         mean_ms,
                  PlDistribution  distribution)
{
  g_return_val_if_fail (delay != NULL, 0.0);

  if (!(mean_ms > 0.0))
    return 0.0;

  switch (distribution)
    {
    case PL_DIST_UNIFORM:
      return g_rand_double_range (delay->rand, 0.0, 2.0 * mean_ms);

    case PL_DIST_EXPONENTIAL:
      /* g_rand_double () is in [0, 1), so 1 - u is never 0. */
      return -mean_ms * log (1.0 - g_rand_double (delay->rand));

    case PL_DIST_FIXED:
    default:
      return mean_ms;
    }
}

gint64
pl_delay_draw_us (PlDelay        *delay,
                  gdouble         mean_ms,
                  PlDistribution  distribution)
{
  gdouble ms = pl_delay_draw_ms (delay, mean_ms, distribution);

  /* An exponential tail can be long, but never beyond a day. */
  return (gint64) llround (MIN (ms, 86400000.0) * 1000.0);
}

PlDelayResult
pl_delay_sleep_until (GMutex     *mutex,
                      GCond      *cond,
                      const gint *stop,
                      const gint *kick,
                      gint        seen,
                      gint64      deadline_us)
{
  PlDelayResult result = PL_DELAY_ELAPSED;

  g_return_val_if_fail (mutex != NULL && cond != NULL && stop != NULL, PL_DELAY_STOPPED);

  g_mutex_lock (mutex);
  for (;;)
    {
      if (g_atomic_int_get (stop))
        {
          result = PL_DELAY_STOPPED;
          break;
        }
      if (kick != NULL && g_atomic_int_get (kick) != seen)
        {
          result = PL_DELAY_KICKED;
          break;
        }
      /* Broadcasts for other reasons wake us early: loop to the deadline. */
      if (!g_cond_wait_until (cond, mutex, deadline_us)
          && g_get_monotonic_time () >= deadline_us)
        break;
    }
  g_mutex_unlock (mutex);

  return result;
}

PlDelayResult
pl_delay_spin_until (const gint *stop,
                     gint64      deadline_us)
{
  g_return_val_if_fail (stop != NULL, PL_DELAY_STOPPED);

  while (g_get_monotonic_time () < deadline_us)
    {
      if (g_atomic_int_get (stop))
        return PL_DELAY_STOPPED;
    }

  return PL_DELAY_ELAPSED;
}
