/* pl-headless.h: running the pipeline with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-options.h"
#include "pl-sample.h"

G_BEGIN_DECLS

/*
 * Runs `config` with auto close, so that the run ends by itself, and returns
 * its last sample. The run also stops (by cancelling) once `stop_after_s`
 * seconds have passed, when that is > 0, or on SIGINT/SIGTERM, which sets
 * `*signal_number`. When `snapshot_at_s` is >= 0 the sample returned is the
 * one taken at that moment, before the cancel, so a picture shows the line
 * still moving. A config with shutdown_after_s > 0 has its whole line shut
 * down at once (pl_pipeline_shutdown_now) that long after the start. Never
 * blocks forever: every wait in it has a bound.
 */
PlSample *pl_headless_run_pipeline (const PlConfig  *config,
                                    gdouble          stop_after_s,
                                    gdouble          snapshot_at_s,
                                    gint            *signal_number,
                                    GError         **error);

/* Catches SIGINT and SIGTERM from the very start, so that a run
 * interrupted before it began still reports; call first thing in main().
 * Release before handing the process to the window. */
void      pl_headless_catch_signals   (void);
void      pl_headless_release_signals (void);
/* The signal caught since pl_headless_catch_signals(), or 0. */
gint      pl_headless_early_signal    (void);

/* --headless: prints the report (text or JSON) on stdout. Returns the exit
 * status: 0, 1 when the run could not start or stdout failed, 128 + the
 * signal when interrupted. */
gint      pl_headless_run          (const PlOptions *options);

/* --export: runs for --after seconds, then draws the last sample at --size.
 * Returns the exit status, printing one line on stderr on failure. */
gint      pl_headless_export       (const PlOptions *options);

G_END_DECLS
