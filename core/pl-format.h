/* pl-format.h: how counts and queues are written, and numbers are read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gchar    *pl_format_count             (guint64      count);
gchar    *pl_format_count_short       (guint64      count);

gchar    *pl_format_queue_title       (guint        queue,
                                       guint        n_queues);
gchar    *pl_format_queue_in_sentence (guint        queue,
                                       guint        n_queues);

gboolean  pl_parse_unsigned           (const gchar *text,
                                       guint64      min,
                                       guint64      max,
                                       guint64     *value);
gboolean  pl_parse_decimal            (const gchar *text,
                                       gdouble      min,
                                       gdouble      max,
                                       gdouble     *value);

G_END_DECLS
