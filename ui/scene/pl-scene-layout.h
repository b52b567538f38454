/* pl-scene-layout.h: where the scene renderer puts each part of the line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pl-sample.h"

G_BEGIN_DECLS

typedef struct
{
  gdouble x;
  gdouble y;
  gdouble width;
  gdouble height;
} PlSceneRect;

/* Where everything goes; depends only on the size, the style and the shape
 * of the line, never on the numbers: room is kept for the widest numbers
 * a line can show. */
typedef struct
{
  gdouble     fs;       /* base text size in pixels */
  gdouble     pad;
  gdouble     gutter;   /* room left of each row for the connectors */
  gdouble     margin;
  gdouble     legend_y;
  gdouble     needed;   /* the height everything needs at this width */
  /* The title, then the run's summary beside it or under it. */
  PlSceneRect title;
  guint       title_lines;
  gdouble     summary_x;
  gdouble     summary_y;
  gdouble     summary_width;
  guint       summary_lines;
  /* The source, then the blocked badge and the latest event beside it or
   * on lines of their own below. */
  PlSceneRect source;
  guint       source_lines;
  gboolean    status_inline;
  gdouble     status_x;
  gdouble     status_y;
  gdouble     status_width;
  gdouble     status_indent;  /* room for the blocked badge before it */
  guint       status_lines;
  /* Rows: a belt beside its card, or above it on a narrow canvas. */
  gboolean    stacked;
  gboolean    label_apart;   /* a belt's fill level on a line of its own */
  guint       info_lines;    /* under each belt */
  gdouble     info_width;
  gboolean    stats_below;   /* a card's numbers under its workers */
  guint       stats_lines[3];
  guint       done_lines;
  PlSceneRect belts[PL_MAX_QUEUES];
  PlSceneRect cards[PL_MAX_QUEUES];   /* the done card is last */
  gdouble     label_y[PL_MAX_QUEUES];
  gdouble     gutter_x[PL_MAX_QUEUES];
  /* Per stage: the workers' grid and the numbers beside or under it. */
  guint       columns[PL_MAX_STAGES];
  gdouble     cell[PL_MAX_STAGES];
  gdouble     glyph[PL_MAX_STAGES];
  gdouble     body_x[PL_MAX_STAGES];
  gdouble     body_y[PL_MAX_STAGES];
  gdouble     stats_x[PL_MAX_STAGES];
  gdouble     stats_y[PL_MAX_STAGES];
  gdouble     stats_width[PL_MAX_STAGES];
} PlSceneLayout;

G_END_DECLS
