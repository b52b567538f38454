/* pl-window-record.h: every run in the window, recorded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-recording.h"
#include "pl-window.h"

G_BEGIN_DECLS

/* Records what the window's line shows, from now on: each new line (a
 * lesson, a reset) starts a new recording in memory, within
 * PL_RECORDING_DEFAULT_MAX_BYTES. With @path, the first run is also
 * written to that file as it goes, never over an existing file unless
 * @overwrite; FALSE with @error when the file cannot be made. */
gboolean     pl_window_record               (PlWindow     *self,
                                             const gchar  *path,
                                             gboolean      overwrite,
                                             GError      **error);
/* The current line's recording, or NULL when nothing records. */
PlRecording *pl_window_get_recording        (PlWindow     *self);

G_END_DECLS
