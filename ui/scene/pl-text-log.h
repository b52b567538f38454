/* pl-text-log.h: what text the views drew, and how, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* The smallest text the canvas, the code panel and the charts draw at
 * text scale 1, in pixels: still readable from the back of a classroom. */
#define PL_MIN_TEXT_PX 12.0

typedef struct
{
  gchar    *view;         /* "scene", "code" or "charts" */
  gchar    *text;         /* as asked for, before any ellipsis */
  gdouble   size;         /* font size, in pixels at scale 1 */
  gboolean  ellipsized;   /* shortened with "…" to fit its box */
  gboolean  clipped;      /* reached past its box or the picture */
} PlTextRun;

void       pl_text_log_start  (void);
GPtrArray *pl_text_log_stop   (void);
gboolean   pl_text_log_active (void);
void       pl_text_log_add    (const gchar *view,
                               const gchar *text,
                               gdouble      size,
                               gboolean     ellipsized,
                               gboolean     clipped);

/* Shows @layout at the current point of @cr, as pango_cairo_show_layout()
 * does, and logs it against a box from (0, 0) to (@right, @bottom). */
void       pl_text_log_show_layout (const gchar *view,
                                    cairo_t     *cr,
                                    PangoLayout *layout,
                                    gdouble      right,
                                    gdouble      bottom);

G_END_DECLS
