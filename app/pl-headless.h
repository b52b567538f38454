/* pl-headless.h: running the pipeline with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-monitor.h"
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

/*
 * Who follows a headless run besides its report: a recording, a trace or
 * a comparison connects to the run's monitor, as the window's panels do.
 * `monitor_ready` is called once, before the line starts; the monitor then
 * emits on the calling thread, from the runner's one loop, and lastly
 * emits the sample that pl_headless_run_pipeline_with_hooks() returns.
 * With `sampling` FALSE the sampler publishes nothing: only events, the
 * line's own final snapshot, and that last sample are emitted.
 */
typedef struct
{
  void      (*monitor_ready) (PlMonitor *monitor,
                              gpointer   user_data);
  gpointer    user_data;
  gboolean    sampling;
} PlHeadlessHooks;

/* As pl_headless_run_pipeline(), with @hooks (nullable) following it. */
PlSample *pl_headless_run_pipeline_with_hooks (const PlConfig        *config,
                                               const PlHeadlessHooks *hooks,
                                               gdouble                stop_after_s,
                                               gdouble                snapshot_at_s,
                                               gint                  *signal_number,
                                               GError               **error);

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
