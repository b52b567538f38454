/* pl-headless-private.h: what the headless runners of one line and of two
 * share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How often a runner wakes to read the monitors and look at the clock. */
#define PL_HEADLESS_TICK_US (20 * 1000)

/* After an immediate shutdown the workers in the middle of an item finish
 * it and see their put refused. The program waits for them no longer than
 * quitting the window may take; then it cancels the rest, whose items count
 * as still held. */
#define PL_HEADLESS_SHUTDOWN_GRACE_US (100 * 1000)

GSource *_pl_headless_watch_signal   (GMainContext *context,
                                      gint          signal_number,
                                      gint         *caught);
gint64   _pl_headless_deadline_after (gint64        start_us,
                                      gdouble       seconds);

G_END_DECLS
