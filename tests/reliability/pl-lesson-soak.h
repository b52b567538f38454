/* pl-lesson-soak.h: a window used as a class uses it, for a while
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  gsize  rss_warm;     /* resident bytes once warmed up */
  gsize  rss_end;      /* at the end */
  gsize  rss_peak;     /* the most seen after warming up */
  guint  steps;
  guint  lessons;      /* lesson switches */
  guint  toggles;      /* panels shown or hidden */
  guint  exports;      /* pictures saved */
} PlLessonSoak;

gboolean pl_lesson_soak_run (GtkApplication *application,
                             gdouble         warm_s,
                             gdouble         total_s,
                             gdouble         step_s,
                             PlLessonSoak   *result,
                             GError        **error);

G_END_DECLS
