/* pl-window-trace.h: the window's run, written as a trace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-window.h"

G_BEGIN_DECLS

/* Traces the line the window shows now, from its start until it finishes,
 * is replaced (a lesson, a reset) or the window closes, whichever comes
 * first; then writes @path on another thread, and says where in the window
 * and on stderr, or shows what went wrong. The file is made now, never over
 * an existing one: FALSE with @error when it cannot be. Unless @all, a line
 * of more than PL_TRACE_ITEMS_IN_FULL items keeps its first
 * PL_TRACE_LIMIT_S seconds. The application is held until the file is
 * written; @done is then called with the outcome. */
gboolean pl_window_trace        (PlWindow             *self,
                                 const gchar          *path,
                                 gboolean              all,
                                 GAsyncReadyCallback   done,
                                 gpointer              user_data,
                                 GError              **error);
gboolean pl_window_trace_finish (GAsyncResult         *result,
                                 GError              **error);

G_END_DECLS
