/* pl-chart-private.h: what the charts' drawing units share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pl-chart-frame.c draws a chart's box (title, legend, axes and grid) and
 * finds the points in view; each chart is a small unit that draws its
 * series into that box, as sysprof's chart layers do.
 */

#pragma once

#include "pl-chart.h"
#include "pl-scene.h"

G_BEGIN_DECLS

#define PL_CHART_RECENT_US      (60 * G_USEC_PER_SEC)
#define PL_CHART_RATE_WINDOW_US ((gint64) (PL_SCENE_RATE_WINDOW_S * G_USEC_PER_SEC))

typedef struct
{
  cairo_t      *cr;
  PangoLayout  *text;
  PangoLayout  *bold;
  PlSceneColor  fg;
  PlSceneColor  dim;
  PlSceneColor  grid;
  gdouble       font;
  gdouble       right;      /* the picture's size, for the text log */
  gdouble       bottom;
} PlChartPainter;

/* The cell a chart is drawn into. */
typedef struct
{
  gdouble x, y, width, height;
} PlChartCell;

typedef struct
{
  gdouble x, y, width, height;   /* the plot area */
  gdouble t0, t1;                /* seconds */
  gdouble y_max;
} PlChartFrame;

typedef struct
{
  const gchar  *label;
  PlSceneColor  color;
  gboolean      dashed;
} PlChartLegendEntry;

/* The points in view: the last minute, or the whole run. */
typedef struct
{
  PlHistory     *history;
  PlHistorySpan  span;
  guint          first;
  guint          length;
  gdouble        t0, t1;
  gint64         window_us;
} PlChartRange;

static inline gdouble
_pl_chart_frame_x (const PlChartFrame *frame,
                   gdouble             t)
{
  return frame->x + (t - frame->t0) / (frame->t1 - frame->t0) * frame->width;
}

static inline gdouble
_pl_chart_frame_y (const PlChartFrame *frame,
                   gdouble             v)
{
  return frame->y + frame->height - CLAMP (v / frame->y_max, 0, 1.05) * frame->height;
}

/* Inline: the charts ask for every point in view, several times a frame. */
static inline gboolean
_pl_chart_range_point (PlChartRange   *range,
                       guint           index,
                       PlHistoryPoint *point)
{
  return pl_history_get_point (range->history, range->span, index, point);
}

static inline gdouble
_pl_chart_point_time (const PlHistoryPoint *point)
{
  return (gdouble) point->end_us / G_USEC_PER_SEC;
}

void     _pl_chart_text_size      (PangoLayout              *layout,
                                   const gchar              *text,
                                   gdouble                  *width,
                                   gdouble                  *height);
gdouble  _pl_chart_show_text      (PlChartPainter           *p,
                                   PangoLayout              *layout,
                                   const gchar              *text,
                                   gdouble                   x,
                                   gdouble                   y,
                                   gboolean                  right,
                                   const PlSceneColor       *color);
void     _pl_chart_draw_frame     (PlChartPainter           *p,
                                   const PlChartCell        *cell,
                                   const gchar              *title,
                                   const gchar              *unit,
                                   const PlChartLegendEntry *legend,
                                   guint                     n_legend,
                                   PlChartFrame             *frame);
void     _pl_chart_clip_to_plot   (PlChartPainter           *p,
                                   const PlChartFrame       *frame);
void     _pl_chart_range_init     (PlChartRange             *range,
                                   const PlChartRecord      *record);

/* A chart of counter rates, one series per counter (pl-chart-rates.c). */
typedef struct
{
  const gchar              *title;
  const gchar              *unit;
  const guint              *counters;   /* the counter of each series */
  const gdouble            *scales;     /* what each rate is multiplied by */
  const PlChartLegendEntry *legend;     /* one per series, then the reference's */
  guint                     n_series;
  guint                     n_scaled;   /* the first series, which set the scale */
  gdouble                   min_top;    /* the lowest top the scale may have */
  gdouble                   reference;  /* a dashed level line, or NAN for none */
} PlChartRates;

void     _pl_chart_draw_rates     (const PlChartRecord      *record,
                                   PlChartPainter           *p,
                                   const PlChartCell        *cell,
                                   const PlChartRates       *rates);
gdouble  _pl_chart_newest_rate    (const PlChartRecord      *record,
                                   guint                     counter);
gdouble  _pl_chart_run_average    (const PlChartRecord      *record);

/* The charts, each drawn into its cell. */
void     _pl_chart_draw_depths      (const PlChartRecord *record,
                                     PlChartPainter      *p,
                                     const PlChartCell   *cell);
void     _pl_chart_draw_throughput  (const PlChartRecord *record,
                                     PlChartPainter      *p,
                                     const PlChartCell   *cell);
void     _pl_chart_draw_cpu         (const PlChartRecord *record,
                                     PlChartPainter      *p,
                                     const PlChartCell   *cell);
void     _pl_chart_draw_littles_law (const PlChartRecord *record,
                                     PlChartPainter      *p,
                                     const PlChartCell   *cell);

G_END_DECLS
