/* pl-sysinfo.h: CPU time and memory, per thread and per process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The kernel's id of the calling thread, or 0 where there is none. */
gint   pl_sysinfo_thread_id          (void);
/* CPU time of the thread with that id, or -1 when it cannot be read (the
 * thread has gone, or the platform has no per-thread clock by id). */
gint64 pl_sysinfo_thread_cpu_ns      (gint tid);
/* CPU time of the calling thread. */
gint64 pl_sysinfo_current_thread_cpu_ns (void);
/* User + system CPU time of the whole process since it began. */
gint64 pl_sysinfo_process_cpu_ns     (void);
/* Resident set size, or 0 when unknown. */
gsize  pl_sysinfo_rss_bytes          (void);

G_END_DECLS
