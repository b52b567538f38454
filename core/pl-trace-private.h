/* pl-trace-private.h: what the live and the replayed trace writers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-trace.h"

G_BEGIN_DECLS

/* A span's name in the file, or NULL for a state that is no span. */
const gchar *_pl_trace_span_name         (PlTraceTrackKind  kind,
                                          gint              state);
void         _pl_trace_append_string     (GString          *out,
                                          const gchar      *text);
/* The start of an event object, with the comma that separates it from
 * the one before unless *@first. */
void         _pl_trace_begin_event       (GString          *out,
                                          gboolean         *first,
                                          const gchar      *phase,
                                          gint              tid,
                                          const gchar      *name);
/* A pipeline event as an instant at @ts_us on thread @tid (0: the whole
 * process). */
void         _pl_trace_append_event      (GString          *out,
                                          gboolean         *first,
                                          const PlEvent    *event,
                                          gint              tid,
                                          gint64            ts_us);
/* Names a thread's track and puts it at @order among the others. */
void         _pl_trace_append_thread     (GString          *out,
                                          gboolean         *first,
                                          gint              tid,
                                          const gchar      *name,
                                          gint              order);
/* The name of queue @index's counter: "queue 0: input" and so on. */
gchar       *_pl_trace_queue_name        (const PlConfig   *config,
                                          guint             index);

G_END_DECLS
