/* pl-format.h: how counts, queues and a user's text are written, and
 * numbers are read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

gchar    *pl_format_count             (guint64      count);
gchar    *pl_format_count_short       (guint64      count);

gchar    *pl_format_queue_title       (guint        queue,
                                       guint        n_queues);
gchar    *pl_format_queue_in_sentence (guint        queue,
                                       guint        n_queues);

/* User text quoted in a message is cut here, so that a hostile value cannot
 * flood the terminal. */
#define PL_FORMAT_USER_TEXT_MAX_CHARS 48

gchar    *pl_format_user_text         (const gchar *text);
gchar    *pl_format_escaped_text      (const gchar *text,
                                       guint        max_chars);
guint     pl_format_text_cells        (const gchar *text);

gboolean  pl_parse_unsigned           (const gchar *text,
                                       guint64      min,
                                       guint64      max,
                                       guint64     *value);
gboolean  pl_parse_decimal            (const gchar *text,
                                       gdouble      min,
                                       gdouble      max,
                                       gdouble     *value);

/* An enum value's nick, its stable, untranslated name ("busy-wait"), and
 * back: the command line, scenario files and reports use these. */
const gchar *pl_enum_to_nick          (GType        type,
                                       gint         value);
gboolean     pl_enum_from_nick        (GType        type,
                                       const gchar *nick,
                                       gint        *value);

G_END_DECLS
