/* pl-scenario.h: pipelines in hard states, shared by the stress test and the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-pipeline.h"

G_BEGIN_DECLS

/* Frees every message waiting in the pipeline's reporting queue. Messages
 * cross threads through a GAsyncQueue, whose lock the thread sanitizer
 * cannot see: code meant to run under it frees them with the pipeline. */
guint       pl_scenario_drain_messages   (PlPipeline *pipeline);

/*
 * Starts a blocking pipeline of @n_stages stages with @workers workers each
 * and brings it to the worst state for a cancel: every worker asleep in the
 * middle of a @delay_ms delay and every bounded queue full. Returns NULL,
 * with the pipeline cancelled and @error set, if that state is not reached
 * within @timeout_us.
 */
PlPipeline *pl_scenario_start_all_asleep (guint       n_stages,
                                          guint       workers,
                                          guint       capacity,
                                          gdouble     delay_ms,
                                          gint64      timeout_us,
                                          GError    **error);

G_END_DECLS
