/* pl-replay.h: playing a recording back with no window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-options.h"

G_BEGIN_DECLS

/* --replay with --headless: prints the recorded run's report, from its
 * last sample, as the live run printed it. With --export (or --screenshot,
 * drawn the same way): draws the moment --at seconds into the run. With
 * --trace, first writes the recorded run as a trace.
 * Returns the exit status: 2, after one line on stderr, for a file that
 * is not a recording, is newer, is corrupt, or for an --at past its end. */
gint pl_replay_run         (const PlOptions *options);
/* --replay with --trace in the window: writes the recorded run as a
 * trace before the window opens, and says where on stderr. Returns the
 * exit status, as pl_replay_run() does. */
gint pl_replay_write_trace (const PlOptions *options);

G_END_DECLS
