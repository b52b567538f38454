/* pl-headless-compare.h: two lines run side by side, with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-options.h"

G_BEGIN_DECLS

/* --headless --compare: runs both lines at once and prints both reports
 * (text side by side, or JSON). The exit status is pl_headless_run()'s. */
gint pl_headless_compare_run    (const PlOptions *options);

/* --export (or --screenshot with no window) with --compare: both lines,
 * stacked, after --after seconds. The exit status is
 * pl_headless_export()'s. */
gint pl_headless_compare_export (const PlOptions *options);

G_END_DECLS
