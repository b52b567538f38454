/* pl-test-history.h: what the tests of the charts' history share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Header-only, so that each test program takes what it uses without a
 * source of its own to build.
 */

#pragma once

#include <math.h>

#include "pl-sample.h"

G_BEGIN_DECLS

/* Fails the test unless @value is @expected within @tolerance, relative
 * to @expected when that is larger than 1. */
static inline void
pl_test_assert_close (gdouble      value,
                      gdouble      expected,
                      gdouble      tolerance,
                      const gchar *what)
{
  if (fabs (value - expected) > tolerance * MAX (1.0, fabs (expected)))
    g_error ("%s: %.12g, expected %.12g", what, value, expected);
}

/* A running blocking line of @n_stages one-worker stages, "stage0" on,
 * @elapsed_us into its run: a sample for the charts to file. */
static inline PlSample *
pl_test_make_sample (guint  n_stages,
                     gint64 elapsed_us)
{
  PlSample *sample = pl_sample_new ();

  sample->elapsed_us = elapsed_us;
  sample->time_us = 1000 * G_USEC_PER_SEC + elapsed_us;
  sample->state = PL_PIPELINE_RUNNING;
  sample->mode = PL_MODE_BLOCKING;
  sample->n_stages = n_stages;
  sample->n_queues = n_stages + 1;
  for (guint s = 0; s < n_stages; s++)
    {
      g_snprintf (sample->stages[s].name, sizeof sample->stages[s].name, "stage%u", s);
      sample->stages[s].n_workers = 1;
    }

  return sample;
}

G_END_DECLS
