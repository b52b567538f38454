/* pl-window-replay.h: the window playing a recording back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-recording.h"
#include "pl-window.h"

G_BEGIN_DECLS

/* Shows @recording in the window, with a timeline under the canvas and
 * the live controls disabled, until "Run This Configuration Live". */
void     pl_window_replay          (PlWindow     *self,
                                    PlRecording  *recording);
/* Loads @path and replays it; a file that cannot be played gets an error
 * dialog, and the window stays as it was. */
gboolean pl_window_replay_file     (PlWindow     *self,
                                    const gchar  *path);
gboolean pl_window_is_replaying    (PlWindow     *self);
/* Back to a live line of the recorded configuration. */
void     pl_window_end_replay      (PlWindow     *self);

G_END_DECLS
