/* pl-chart-view.c: queue depth, throughput and CPU over time, and Little's law
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every number drawn here comes from the engine's samples, kept in a
 * bounded history. Depths are gauges: the whole-run view draws each
 * bucket's mean with a band from its lowest to its highest value, so a
 * spike stays visible however long the run, and each line ends at the
 * latest depth. Throughput and CPU are rates of counters, taken between
 * points at least the rate window (PL_SCENE_RATE_WINDOW_S) apart; once
 * the line has stopped, the throughput chart also draws the run's
 * average, the number of its report. The CPU chart keeps the line's own
 * threads apart from the rest of the process, the window's drawing.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pl-chart-view.h"
#include "pl-code-view.h"
#include "pl-format.h"
#include "pl-scene-text.h"
#include "pl-scene.h"
#include "pl-text-log.h"

/* The widget's size while it draws, for the text log. */
static gdouble log_right, log_bottom;

#define SLOT_US          (100 * 1000)
#define RECENT_US        (60 * G_USEC_PER_SEC)
#define MAX_BUCKETS      600
#define RATE_WINDOW_US   ((gint64) (PL_SCENE_RATE_WINDOW_S * G_USEC_PER_SEC))
#define ONE_ROW_WIDTH    (4 * 230)   /* narrower, the charts go two by two */

struct _PlChartView
{
  GtkWidget  parent_instance;

  gdouble    text_scale;

  PlHistory *history;
  guint      n_stages;
  gchar      names[PL_MAX_STAGES][PL_STAGE_NAME_LEN];
  PlSample  *sample;
  gboolean   whole_run;

  /* What the last redraw showed, to redraw about once per slot. */
  gint64          drawn_elapsed_us;
  PlPipelineState drawn_state;
};

G_DEFINE_FINAL_TYPE (PlChartView, pl_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WHOLE_RUN,
  PROP_TEXT_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gdouble
pl_chart_rate (const PlHistoryPoint *earlier,
               const PlHistoryPoint *later,
               guint                 counter)
{
  gdouble seconds;

  g_return_val_if_fail (earlier != NULL && later != NULL, 0.0);

  seconds = (gdouble) (later->end_us - earlier->end_us) / G_USEC_PER_SEC;
  if (seconds <= 0)
    return 0.0;

  return (later->counters[counter] - earlier->counters[counter]) / seconds;
}

/* Drawing helpers */

typedef struct
{
  cairo_t     *cr;
  PangoLayout *text;
  PangoLayout *bold;
  GdkRGBA      fg;
  GdkRGBA      dim;
  GdkRGBA      grid;
  gdouble      font;
} Painter;

static void
text_size (PangoLayout *layout,
           const gchar *text,
           gdouble     *width,
           gdouble     *height)
{
  gint w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

/* Draws text with its top left, or top right when `right` is set. */
static gdouble
show_text (Painter       *p,
           PangoLayout   *layout,
           const gchar   *text,
           gdouble        x,
           gdouble        y,
           gboolean       right,
           const GdkRGBA *color)
{
  gdouble width;

  text_size (layout, text, &width, NULL);
  gdk_cairo_set_source_rgba (p->cr, color);
  cairo_move_to (p->cr, right ? x - width : x, y);
  pl_text_log_show_layout ("charts", p->cr, layout, log_right, log_bottom);

  return width;
}

static gdouble
nice_step (gdouble range,
           guint   ticks)
{
  gdouble raw = range / MAX (ticks, 1);
  gdouble magnitude = pow (10, floor (log10 (raw)));
  gdouble fraction = raw / magnitude;

  if (fraction <= 1)
    return magnitude;
  if (fraction <= 2)
    return 2 * magnitude;
  if (fraction <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

static gchar *
format_value (gdouble value,
              gdouble step)
{
  if (fabs (value) >= 10000000)
    return g_strdup_printf ("%.0fM", value / 1000000);
  if (fabs (value) >= 1000000)
    return g_strdup_printf ("%.1fM", value / 1000000);
  if (fabs (value) >= 10000)
    return g_strdup_printf ("%.0fk", value / 1000);
  if (step >= 1 || value == 0)
    return g_strdup_printf ("%.0f", value);
  if (step >= 0.1)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.2f", value);
}

typedef struct
{
  gdouble x, y, width, height;   /* the plot area */
  gdouble t0, t1;                /* seconds */
  gdouble y_max;
} Frame;

static gdouble
frame_x (const Frame *f,
         gdouble      t)
{
  return f->x + (t - f->t0) / (f->t1 - f->t0) * f->width;
}

static gdouble
frame_y (const Frame *f,
         gdouble      v)
{
  return f->y + f->height - CLAMP (v / f->y_max, 0, 1.05) * f->height;
}

typedef struct
{
  const gchar *label;
  GdkRGBA      color;
  gboolean     dashed;
} LegendEntry;

/* The chart's box: title and unit, legend, axes and grid. Returns the
 * plot area in `frame`. */
static void
draw_frame (Painter           *p,
            gdouble            x,
            gdouble            y,
            gdouble            width,
            gdouble            height,
            const gchar       *title,
            const gchar       *unit,
            const LegendEntry *legend,
            guint              n_legend,
            Frame             *frame)
{
  cairo_t *cr = p->cr;
  gdouble line = p->font * 1.35;
  gdouble lx, ly, axis_width = 0, step;
  g_autofree gchar *top_label = NULL;

  gdouble title_width = show_text (p, p->bold, title, x, y, FALSE, &p->fg);
  gdouble unit_width = show_text (p, p->text, unit, x + width, y + 1, TRUE, &p->dim);
  gdouble legend_width = 0;

  /* The legend follows the title when it fits there, else wraps below. */
  for (guint i = 0; i < n_legend; i++)
    {
      gdouble w;

      text_size (p->text, legend[i].label, &w, NULL);
      legend_width += p->font * 2.5 + w;
    }
  if (title_width + p->font + legend_width + unit_width + p->font <= width)
    {
      lx = x + title_width + p->font;
      ly = y;
    }
  else
    {
      lx = x;
      ly = y + line * 1.1;
    }
  for (guint i = 0; i < n_legend; i++)
    {
      gdouble w;

      text_size (p->text, legend[i].label, &w, NULL);
      if (lx + p->font * 1.6 + w > x + width - (ly == y ? unit_width + p->font : 0) && lx > x)
        {
          lx = x;
          ly += ly == y ? line * 1.1 : line;
        }
      cairo_save (cr);
      gdk_cairo_set_source_rgba (cr, &legend[i].color);
      cairo_set_line_width (cr, 3);
      if (legend[i].dashed)
        cairo_set_dash (cr, (gdouble[]) { 4, 3 }, 2, 0);
      cairo_move_to (cr, lx, ly + line / 2);
      cairo_line_to (cr, lx + p->font * 1.2, ly + line / 2);
      cairo_stroke (cr);
      cairo_restore (cr);
      show_text (p, p->text, legend[i].label, lx + p->font * 1.5, ly, FALSE, &p->fg);
      lx += p->font * 1.5 + w + p->font;
    }
  ly += line * 1.15;

  /* As many value lines as the height has room for, at most four. */
  frame->height = MAX (y + height - line * 1.2 - (ly + p->font * 0.5), 10);
  step = nice_step (frame->y_max, CLAMP ((guint) (frame->height / (p->font * 2.2)), 1, 4));
  frame->y_max = MAX (step, ceil (frame->y_max / step - 1e-9) * step);
  top_label = format_value (frame->y_max, step);
  text_size (p->text, top_label, &axis_width, NULL);
  axis_width = MAX (axis_width, p->font * 1.5) + p->font * 0.5;

  frame->x = x + axis_width;
  frame->y = ly + p->font * 0.5;
  frame->width = MAX (width - axis_width - p->font * 0.5, 10);
  frame->height = MAX (y + height - line * 1.2 - frame->y, 10);

  /* Horizontal grid lines with their values. */
  cairo_set_line_width (cr, 1);
  for (gdouble v = 0; v <= frame->y_max + step * 0.01; v += step)
    {
      g_autofree gchar *label = format_value (v, step);
      gdouble gy = round (frame_y (frame, v)) + 0.5;

      gdk_cairo_set_source_rgba (cr, &p->grid);
      cairo_move_to (cr, frame->x, gy);
      cairo_line_to (cr, frame->x + frame->width, gy);
      cairo_stroke (cr);
      show_text (p, p->text, label, frame->x - p->font * 0.4, gy - p->font * 0.7, TRUE, &p->dim);
    }

  /* Time ticks, in seconds of the run. */
  step = nice_step (frame->t1 - frame->t0, 5);
  for (gdouble t = ceil (frame->t0 / step) * step; t <= frame->t1 + 1e-9; t += step)
    {
      g_autofree gchar *label = g_strdup_printf (_("%g s"), t);
      gdouble gx = round (frame_x (frame, t)) + 0.5;
      gdouble w;

      gdk_cairo_set_source_rgba (cr, &p->grid);
      cairo_move_to (cr, gx, frame->y + frame->height);
      cairo_line_to (cr, gx, frame->y + frame->height + 4);
      cairo_stroke (cr);
      text_size (p->text, label, &w, NULL);
      if (gx - w / 2 >= x && gx + w / 2 <= x + width)
        show_text (p, p->text, label, gx - w / 2, frame->y + frame->height + 4, FALSE, &p->dim);
    }

  gdk_cairo_set_source_rgba (cr, &p->dim);
  cairo_move_to (cr, frame->x + 0.5, frame->y);
  cairo_line_to (cr, frame->x + 0.5, frame->y + frame->height + 0.5);
  cairo_line_to (cr, frame->x + frame->width, frame->y + frame->height + 0.5);
  cairo_stroke (cr);
}

/* Points in view */

typedef struct
{
  PlHistory     *history;
  PlHistorySpan  span;
  guint          first;
  guint          length;
  gdouble        t0, t1;
  gint64         window_us;
} View;

static void
view_init (PlChartView *self,
           View        *view)
{
  PlHistoryPoint point;

  view->history = self->history;
  view->span = self->whole_run ? PL_HISTORY_WHOLE : PL_HISTORY_RECENT;
  view->length = self->history != NULL ? pl_history_get_length (self->history, view->span) : 0;
  view->first = 0;
  view->t0 = 0;
  view->t1 = 1;
  view->window_us = RATE_WINDOW_US;

  if (view->length == 0)
    return;

  pl_history_get_point (self->history, view->span, view->length - 1, &point);
  view->t1 = MAX (1.0, (gdouble) point.end_us / G_USEC_PER_SEC);

  if (self->whole_run)
    {
      view->window_us = MAX (RATE_WINDOW_US, pl_history_get_bucket_us (self->history));
      return;
    }

  /* The last minute, in a frame that does not move until it is full. */
  view->t1 = MAX (view->t1, 10.0);
  view->t0 = MAX (0.0, view->t1 - (gdouble) RECENT_US / G_USEC_PER_SEC);
  while (view->first + 1 < view->length)
    {
      pl_history_get_point (self->history, view->span, view->first, &point);
      if ((gdouble) point.end_us / G_USEC_PER_SEC >= view->t0)
        break;
      view->first++;
    }
}

static gboolean
view_point (View           *view,
            guint           index,
            PlHistoryPoint *point)
{
  return pl_history_get_point (view->history, view->span, index, point);
}

static gdouble
point_time (const PlHistoryPoint *point)
{
  return (gdouble) point->end_us / G_USEC_PER_SEC;
}

/* The depth chart: each queue's mean line, and its range in the whole-run view. */
static void
draw_depths (PlChartView *self,
             Painter     *p,
             gdouble      x,
             gdouble      y,
             gdouble      width,
             gdouble      height)
{
  LegendEntry legend[PL_MAX_STAGES];
  g_autofree gchar *names[PL_MAX_STAGES] = { NULL, };
  PlHistoryPoint point;
  Frame frame = { 0, };
  View view;
  guint n = self->n_stages;

  view_init (self, &view);
  frame.t0 = view.t0;
  frame.t1 = view.t1;
  frame.y_max = 1;
  for (guint i = view.first; i < view.length; i++)
    if (view_point (&view, i, &point))
      for (guint q = 0; q < n; q++)
        frame.y_max = MAX (frame.y_max, self->whole_run ? point.max[q] : point.mean[q]);

  for (guint q = 0; q < n; q++)
    {
      names[q] = pl_format_queue_title (q, 0);
      legend[q].label = names[q];
      legend[q].dashed = FALSE;
      pl_code_view_stage_color (q, &legend[q].color);
    }

  draw_frame (p, x, y, width, height, _("Queue depth"), _("items"),
              legend, n, &frame);

  cairo_save (p->cr);
  cairo_rectangle (p->cr, frame.x, frame.y - 2, frame.width, frame.height + 4);
  cairo_clip (p->cr);
  cairo_set_line_join (p->cr, CAIRO_LINE_JOIN_ROUND);

  for (guint q = 0; q < n; q++)
    {
      GdkRGBA color = legend[q].color;
      gboolean started = FALSE;

      if (self->whole_run && view.length > 1)
        {
          /* The band from each bucket's lowest to its highest depth. */
          for (guint i = view.first; i < view.length; i++)
            if (view_point (&view, i, &point))
              cairo_line_to (p->cr, frame_x (&frame, point_time (&point)), frame_y (&frame, point.max[q]));
          for (guint i = view.length; i-- > view.first;)
            if (view_point (&view, i, &point))
              cairo_line_to (p->cr, frame_x (&frame, point_time (&point)), frame_y (&frame, point.min[q]));
          cairo_close_path (p->cr);
          color.alpha = 0.25;
          gdk_cairo_set_source_rgba (p->cr, &color);
          cairo_fill (p->cr);
          color.alpha = 1;
        }

      for (guint i = view.first; i < view.length; i++)
        if (view_point (&view, i, &point))
          {
            gdouble px = frame_x (&frame, point_time (&point));
            gdouble py = frame_y (&frame, point.mean[q]);

            if (!started)
              cairo_move_to (p->cr, px, py);
            else
              cairo_line_to (p->cr, px, py);
            started = TRUE;
          }
      /* The mean of the newest point lags behind a sudden change, as when
       * a shutdown empties every queue at once: the line ends at the
       * depth the latest sample saw. */
      if (started && view_point (&view, view.length - 1, &point))
        cairo_line_to (p->cr, frame_x (&frame, point_time (&point)), frame_y (&frame, point.last[q]));
      gdk_cairo_set_source_rgba (p->cr, &color);
      cairo_set_line_width (p->cr, 2.5);
      cairo_stroke (p->cr);
    }

  cairo_restore (p->cr);
}

/* A chart of counter rates: one series per counter. */
static void
draw_rates (PlChartView       *self,
            Painter           *p,
            gdouble            x,
            gdouble            y,
            gdouble            width,
            gdouble            height,
            const gchar       *title,
            const gchar       *unit,
            const guint       *counters,
            const gdouble     *scales,
            const LegendEntry *legend,
            guint              n_series,
            guint              n_scaled,
            gdouble            min_top,
            gdouble            reference)
{
  PlHistoryPoint point, earlier;
  Frame frame = { 0, };
  View view;
  gboolean has_reference = isfinite (reference);

  view_init (self, &view);
  frame.t0 = view.t0;
  frame.t1 = view.t1;
  frame.y_max = has_reference ? MAX (min_top, reference) : min_top;

  /* Two passes: the scale first, then the lines. */
  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          /* A reference line, if any, has the legend entry after the series. */
          draw_frame (p, x, y, width, height, title, unit, legend,
                      n_series + (has_reference ? 1 : 0), &frame);
          cairo_save (p->cr);
          cairo_rectangle (p->cr, frame.x, frame.y - 2, frame.width, frame.height + 4);
          cairo_clip (p->cr);
          cairo_set_line_join (p->cr, CAIRO_LINE_JOIN_ROUND);
        }

      for (guint s = 0; s < n_series; s++)
        {
          guint back = 0;
          gboolean started = FALSE;

          for (guint i = 1; i < view.length; i++)
            {
              gdouble rate;

              view_point (&view, i, &point);
              /* The latest point at least a window before this one. */
              while (back + 1 < i)
                {
                  PlHistoryPoint next;

                  view_point (&view, back + 1, &next);
                  if (point.end_us - next.end_us < view.window_us)
                    break;
                  back++;
                }
              view_point (&view, back, &earlier);
              /* Nothing is drawn until a window of the run has data. */
              if (i < view.first || point.end_us - earlier.end_us < view.window_us)
                continue;
              rate = pl_chart_rate (&earlier, &point, counters[s]) * scales[s];

              /* Only the first n_scaled series set the scale; the others
               * may run off the top. */
              if (pass == 0)
                {
                  if (s < n_scaled)
                    frame.y_max = MAX (frame.y_max, rate);
                  continue;
                }

              if (!started)
                cairo_move_to (p->cr, frame_x (&frame, point_time (&point)), frame_y (&frame, rate));
              else
                cairo_line_to (p->cr, frame_x (&frame, point_time (&point)), frame_y (&frame, rate));
              started = TRUE;
            }

          if (pass == 1)
            {
              cairo_save (p->cr);
              gdk_cairo_set_source_rgba (p->cr, &legend[s].color);
              cairo_set_line_width (p->cr, 2.5);
              if (legend[s].dashed)
                cairo_set_dash (p->cr, (gdouble[]) { 6, 4 }, 2, 0);
              cairo_stroke (p->cr);
              cairo_restore (p->cr);
            }
        }
    }

  if (has_reference)
    {
      cairo_save (p->cr);
      gdk_cairo_set_source_rgba (p->cr, &legend[n_series].color);
      cairo_set_line_width (p->cr, 2);
      cairo_set_dash (p->cr, (gdouble[]) { 6, 4 }, 2, 0);
      cairo_move_to (p->cr, frame.x, frame_y (&frame, reference));
      cairo_line_to (p->cr, frame.x + frame.width, frame_y (&frame, reference));
      cairo_stroke (p->cr);
      cairo_restore (p->cr);
    }

  cairo_restore (p->cr);
}

/* The rate of @counter at the newest point of the recent view, taken as
 * draw_rates() takes it; NAN while no window has data. */
static gdouble
newest_rate (PlChartView *self,
             guint        counter)
{
  PlHistoryPoint point, earlier;
  guint length;
  gint64 end_us;
  gdouble newest;

  if (self->history == NULL)
    return NAN;
  length = pl_history_get_length (self->history, PL_HISTORY_RECENT);
  if (length == 0)
    return NAN;

  pl_history_get_point (self->history, PL_HISTORY_RECENT, length - 1, &point);
  end_us = point.end_us;
  newest = point.counters[counter];
  for (guint back = length - 1; back-- > 0;)
    {
      pl_history_get_point (self->history, PL_HISTORY_RECENT, back, &earlier);
      if (end_us - earlier.end_us >= RATE_WINDOW_US)
        return (newest - earlier.counters[counter])
               / ((end_us - earlier.end_us) / (gdouble) G_USEC_PER_SEC);
    }

  return NAN;
}

/* Once the line has stopped, its average throughput: the report's. */
static gdouble
run_average (PlChartView *self)
{
  if (self->sample == NULL
      || (self->sample->state != PL_PIPELINE_FINISHED
          && self->sample->state != PL_PIPELINE_CANCELLED)
      || self->sample->elapsed_us <= 0)
    return NAN;

  return pl_sample_throughput (self->sample);
}

static void
draw_throughput (PlChartView *self,
                 Painter     *p,
                 gdouble      x,
                 gdouble      y,
                 gdouble      width,
                 gdouble      height)
{
  guint counters[] = { PL_CHART_COUNTER_PROCESSED };
  gdouble scales[] = { 1.0 };
  gdouble average = run_average (self);
  g_autofree gchar *rate = pl_scene_format_rate (average);
  g_autofree gchar *live = g_strdup_printf (_("Into the done queue, over the last %d s"),
                                            PL_SCENE_RATE_WINDOW_S);
  /* TRANSLATORS: the run's average throughput, as in "run average 998/s" */
  g_autofree gchar *label = g_strdup_printf (_("run average %s/s"), rate);
  LegendEntry legend[] = { { live, p->fg, FALSE }, { label, p->dim, TRUE } };

  draw_rates (self, p, x, y, width, height, _("Throughput"), _("items/s"),
              counters, scales, legend, 1, 1, 1.0, average);
}

static void
draw_cpu (PlChartView *self,
          Painter     *p,
          gdouble      x,
          gdouble      y,
          gdouble      width,
          gdouble      height)
{
  guint counters[PL_MAX_STAGES + 2];
  gdouble scales[PL_MAX_STAGES + 2];
  LegendEntry legend[PL_MAX_STAGES + 2];
  g_autofree gchar *window_label = NULL;
  gdouble window;
  guint n = 0;

  for (guint s = 0; s < self->n_stages; s++, n++)
    {
      counters[n] = PL_CHART_COUNTER_STAGE_CPU + s;
      scales[n] = 100.0 / 1e9;
      legend[n].label = self->names[s];
      legend[n].dashed = FALSE;
      pl_code_view_stage_color (s, &legend[n].color);
    }
  /* The line's threads apart from the window's drawing, so that the
   * window's own cost never hides how much the workers spin. */
  counters[n] = PL_CHART_COUNTER_PIPELINE_CPU;
  scales[n] = 100.0 / 1e9;
  legend[n] = (LegendEntry) { _("the line, all its threads"), p->fg, FALSE };
  n++;
  /* The window's drawing may cost far more than a blocking line: it does
   * not set the scale, so that it never flattens the line's own. */
  window = newest_rate (self, PL_CHART_COUNTER_OTHER_CPU) * 100.0 / 1e9;
  window_label = isfinite (window)
                 /* TRANSLATORS: the CPU the window's drawing takes now, in % of one core */
                 ? g_strdup_printf (_("the window’s drawing, now %.0f%%"), window)
                 : g_strdup (_("the window’s drawing"));
  counters[n] = PL_CHART_COUNTER_OTHER_CPU;
  scales[n] = 100.0 / 1e9;
  legend[n] = (LegendEntry) { window_label, p->dim, TRUE };
  n++;

  draw_rates (self, p, x, y, width, height, _("Processor time"),
              /* xgettext:no-c-format */
              _("% of one core"),
              counters, scales, legend, n, n - 1, 10.0, NAN);
}

/* Three significant digits or so, and thin spaces in large numbers. */
static gchar *
format_reading (gdouble value)
{
  if (value < 10)
    return g_strdup_printf ("%.2f", value);
  if (value < 100)
    return g_strdup_printf ("%.1f", value);
  if (value < 1000)
    return g_strdup_printf ("%.0f", value);
  if (value < 999999.5)
    {
      guint64 whole = (guint64) round (value);

      return g_strdup_printf ("%" G_GUINT64_FORMAT "\u2009%03" G_GUINT64_FORMAT,
                              whole / 1000, whole % 1000);
    }

  return g_strdup_printf ("%.2e", value);
}

/* L ≈ λW for every queue in front of a stage, side by side. */
static void
draw_littles_law (PlChartView *self,
                  Painter     *p,
                  gdouble      x,
                  gdouble      y,
                  gdouble      width,
                  gdouble      height)
{
  const PlSample *sample = self->sample;
  gdouble line = p->font * 1.35;
  gdouble bottom = y + height;
  gdouble right = x + width;
  gdouble approx_width, col_l;
  gint wrapped_height;
  guint n_queues;
  gboolean compact;

  show_text (p, p->bold, _("Little’s law: L ≈ λ × W"), x, y, FALSE, &p->fg);
  y += line * 1.2;

  pango_layout_set_width (p->text, (gint) (width * PANGO_SCALE));
  pango_layout_set_wrap (p->text, PANGO_WRAP_WORD_CHAR);
  {
    const gchar *legend = _("L: mean items waiting, λ: arrivals per second, W: mean wait of an item");
    PangoAttrList *words = pl_text_word_attributes (legend);

    pango_layout_set_text (p->text, legend, -1);
    pango_layout_set_attributes (p->text, words);
    pango_attr_list_unref (words);
  }
  pango_layout_get_pixel_size (p->text, NULL, &wrapped_height);
  gdk_cairo_set_source_rgba (p->cr, &p->dim);
  cairo_move_to (p->cr, x, y);
  pl_text_log_show_layout ("charts", p->cr, p->text, log_right, log_bottom);
  pango_layout_set_attributes (p->text, NULL);
  pango_layout_set_width (p->text, -1);
  y += wrapped_height + line * 0.4;

  /* Two columns of numbers, right-aligned, with ≈ between them. */
  {
    gdouble header_width, number_width;

    text_size (p->text, " ≈ ", &approx_width, NULL);
    text_size (p->text, _("λ × W"), &header_width, NULL);
    text_size (p->bold, "000\u2009000", &number_width, NULL);
    col_l = right - MAX (header_width, number_width) - approx_width;
  }
  show_text (p, p->text, _("λ × W"), right, y, TRUE, &p->dim);
  show_text (p, p->text, _("L"), col_l, y, TRUE, &p->dim);
  y += line;

  /* Short of room, each queue gets one line, without its λ and W. */
  n_queues = sample != NULL ? MIN (self->n_stages, sample->n_queues) : 0;
  compact = y + n_queues * line * 2.0 > bottom;
  for (guint q = 0; q < n_queues; q++)
    {
      g_autofree gchar *name = pl_format_queue_title (q, 0);
      PlLittlesLaw law;
      GdkRGBA swatch;

      /* The widget asks for the room of every row (see the measure
       * function); one that is left out counts as cut off. */
      if (y + line * (compact ? 1.0 : 1.9) > bottom)
        {
          pl_text_log_add ("charts", name, p->font, FALSE, TRUE);
          continue;
        }

      pl_code_view_stage_color (q, &swatch);
      gdk_cairo_set_source_rgba (p->cr, &swatch);
      cairo_rectangle (p->cr, x, y + line * 0.2, p->font * 0.45, line * (compact ? 0.75 : 1.7));
      cairo_fill (p->cr);
      show_text (p, p->bold, name, x + p->font * 0.8, y, FALSE, &p->fg);

      if (pl_littles_law_compute (&sample->queues[q], sample->elapsed_us, &law))
        {
          g_autofree gchar *l = format_reading (law.mean_depth);
          g_autofree gchar *lw = format_reading (law.rate_by_wait);
          gdouble larger = MAX (law.mean_depth, law.rate_by_wait);
          /* Apart by more than a quarter, as while a backlog grows: the
           * items still waiting are in L but not yet in W. */
          gboolean apart = larger > 0.05 && fabs (law.mean_depth - law.rate_by_wait) > 0.25 * larger;
          /* Translators: arrival rate times mean wait, e.g. “λ 29.1/s × W 34.0 ms” */
          g_autofree gchar *detail = g_strdup_printf (_("λ %.1f/s × W %.1f ms"),
                                                      law.arrival_rate, law.mean_wait_s * 1000);

          show_text (p, p->bold, lw, right, y, TRUE, &p->fg);
          show_text (p, p->text, apart ? " ≠ " : " ≈ ", col_l, y, FALSE, &p->dim);
          show_text (p, p->bold, l, col_l, y, TRUE, &p->fg);
          if (!compact)
            show_text (p, p->text, detail, right, y + line * 0.85, TRUE, &p->dim);
        }
      else if (!compact)
        {
          show_text (p, p->text, _("no item has left yet"), right, y + line * 0.85, TRUE, &p->dim);
        }
      y += line * (compact ? 1.1 : 2.0);
    }
}

static void
pl_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  PlChartView *self = PL_CHART_VIEW (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  gint width = gtk_widget_get_width (widget);
  gint height = gtk_widget_get_height (widget);
  const PangoFontDescription *base;
  PangoFontDescription *font;
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(PangoLayout) bold = NULL;
  gdouble pad = 10, gap = 18, cell_width, cell_height;
  guint columns, rows;
  Painter p;

  if (width <= 0 || height <= 0)
    return;
  log_right = width;
  log_bottom = height;

  gtk_style_context_get_color (context, &p.fg);
  p.dim = p.fg;
  p.dim.alpha = 0.68;
  p.grid = p.fg;
  p.grid.alpha = 0.15;

  /* Four panels in a row when wide, two by two when not. */
  columns = width >= ONE_ROW_WIDTH ? 4 : 2;
  rows = columns == 4 ? 1 : 2;
  cell_width = (width - 2 * pad - gap * (columns - 1)) / columns;
  cell_height = (height - 2 * pad - gap * (rows - 1)) / rows;

  /* Readable from the back of a room, but never larger than a panel. */
  p.font = CLAMP (MIN (cell_height / 14.0, cell_width / 20.0), PL_MIN_TEXT_PX, 16.0) * self->text_scale;
  p.font = MIN (p.font, MAX (PL_MIN_TEXT_PX * self->text_scale, cell_height / 8.0));
  /* Little's law keeps a line for every queue (see the measure function). */
  p.font = MIN (p.font, MAX (PL_MIN_TEXT_PX * self->text_scale,
                             (cell_height - 4) / (1.35 * (1.2 + 3 + 0.4 + 1 + MAX (self->n_stages, 1) * 1.1))));
  text = gtk_widget_create_pango_layout (widget, NULL);
  base = pango_context_get_font_description (pango_layout_get_context (text));
  font = base != NULL ? pango_font_description_copy (base) : pango_font_description_new ();
  pango_font_description_set_absolute_size (font, p.font * PANGO_SCALE);
  pango_layout_set_font_description (text, font);
  bold = pango_layout_copy (text);
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (font, p.font * 1.08 * PANGO_SCALE);
  pango_layout_set_font_description (bold, font);
  pango_font_description_free (font);
  p.text = text;
  p.bold = bold;

  p.cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (guint i = 0; i < 4; i++)
    {
      gdouble cx = pad + (i % columns) * (cell_width + gap);
      gdouble cy = pad + (i / columns) * (cell_height + gap);

      switch (i)
        {
        case 0:
          draw_depths (self, &p, cx, cy, cell_width, cell_height);
          break;
        case 1:
          draw_throughput (self, &p, cx, cy, cell_width, cell_height);
          break;
        case 2:
          draw_cpu (self, &p, cx, cy, cell_width, cell_height);
          break;
        default:
          draw_littles_law (self, &p, cx, cy, cell_width, cell_height);
          break;
        }
    }

  cairo_destroy (p.cr);
}

static GtkSizeRequestMode
pl_chart_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pl_chart_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       gint            for_size,
                       gint           *minimum,
                       gint           *natural,
                       gint           *minimum_baseline,
                       gint           *natural_baseline)
{
  PlChartView *self = PL_CHART_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 400;
      *natural = 960;
      return;
    }

  /* Two rows of charts need more height than one. The paned around the
   * charts gives them their minimum, so that is what counts. */
  if (for_size >= 0 && for_size < ONE_ROW_WIDTH)
    {
      *minimum = 330;
      *natural = 400;
    }
  else
    {
      *minimum = 200;
      *natural = 260;
    }
  *minimum = (gint) (*minimum * MIN (self->text_scale, 1.5));
  *natural = (gint) (*natural * self->text_scale);

  /* Little's law at the smallest text: its title, its key on up to three
   * lines, the column heads and a line per queue. */
  {
    gdouble line = PL_MIN_TEXT_PX * self->text_scale * 1.35;
    gdouble cell = line * (1.2 + 3 + 0.4 + 1 + MAX (self->n_stages, 1) * 1.1) + 4;
    gint rows = for_size >= 0 && for_size < ONE_ROW_WIDTH ? 2 : 1;

    *minimum = MAX (*minimum, (gint) ceil (rows * cell + 2 * 10 + (rows - 1) * 18));
    *natural = MAX (*natural, *minimum);
  }
}

static void
pl_chart_view_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (pl_chart_view_parent_class)->css_changed (widget, change);

  gtk_widget_queue_draw (widget);
}

static void
pl_chart_view_finalize (GObject *object)
{
  PlChartView *self = PL_CHART_VIEW (object);

  g_clear_pointer (&self->history, pl_history_free);
  g_clear_pointer (&self->sample, pl_sample_unref);

  G_OBJECT_CLASS (pl_chart_view_parent_class)->finalize (object);
}

static void
pl_chart_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlChartView *self = PL_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_WHOLE_RUN:
      g_value_set_boolean (value, self->whole_run);
      break;

    case PROP_TEXT_SCALE:
      g_value_set_double (value, self->text_scale);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_chart_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlChartView *self = PL_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_WHOLE_RUN:
      pl_chart_view_set_whole_run (self, g_value_get_boolean (value));
      break;

    case PROP_TEXT_SCALE:
      pl_chart_view_set_text_scale (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_chart_view_class_init (PlChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pl_chart_view_finalize;
  object_class->get_property = pl_chart_view_get_property;
  object_class->set_property = pl_chart_view_set_property;

  widget_class->snapshot = pl_chart_view_snapshot;
  widget_class->get_request_mode = pl_chart_view_get_request_mode;
  widget_class->measure = pl_chart_view_measure;
  widget_class->css_changed = pl_chart_view_css_changed;

  properties[PROP_WHOLE_RUN] =
    g_param_spec_boolean ("whole-run", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_TEXT_SCALE] =
    g_param_spec_double ("text-scale", NULL, NULL,
                         0.5, 3.0, 1.0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "pl-chart-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pl_chart_view_describe (PlChartView *self)
{
  const gchar *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (self));
  const gchar *legends = _("Queue depth: the items waiting in each queue. Throughput: the "
                           "items into the done queue per second, over the last 2 s, and "
                           "the run average. Processor time, in percent of one core: the line, "
                           "all its threads, drawn apart from the window’s drawing, so that "
                           "the window’s own cost never hides what the workers spend. "
                           "Little’s law: mean items waiting against arrivals per second "
                           "times mean wait, per queue.");
  g_autofree gchar *text = NULL;

  text = tooltip != NULL && tooltip[0] != '\0' ? g_strdup_printf ("%s %s", legends, tooltip)
                                               : g_strdup (legends);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
pl_chart_view_init (PlChartView *self)
{
  self->text_scale = 1.0;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Charts of queue depth, throughput and processor time, and Little’s law per queue"),
                                  -1);
  /* What the legends say, for a listener who cannot see them. A tooltip
   * set later replaces the description, so it is said after the legends. */
  g_signal_connect (self, "notify::tooltip-text", G_CALLBACK (pl_chart_view_describe), NULL);
  pl_chart_view_describe (self);
}

GtkWidget *
pl_chart_view_new (void)
{
  return g_object_new (PL_TYPE_CHART_VIEW, NULL);
}

/**
 * pl_chart_view_push_sample:
 * @self: a #PlChartView
 * @sample: the next sample of the run
 *
 * Adds the sample to the history; the view keeps a reference to the
 * latest one for the Little's law readout.
 */
void
pl_chart_view_push_sample (PlChartView *self,
                           PlSample    *sample)
{
  gdouble gauges[PL_MAX_STAGES];
  gdouble counters[PL_CHART_COUNTER_STAGE_CPU + PL_MAX_STAGES];
  guint n;

  g_return_if_fail (PL_IS_CHART_VIEW (self));
  g_return_if_fail (sample != NULL);

  n = MIN (sample->n_stages, PL_MAX_STAGES);
  if (self->history == NULL || self->n_stages != n)
    {
      g_clear_pointer (&self->history, pl_history_free);
      self->n_stages = n;
      /* Little's law needs a row per queue. */
      gtk_widget_queue_resize (GTK_WIDGET (self));
      self->history = pl_history_new (MAX (n, 1), PL_CHART_COUNTER_STAGE_CPU + n,
                                      SLOT_US, RECENT_US, MAX_BUCKETS);
    }
  for (guint s = 0; s < n; s++)
    g_strlcpy (self->names[s], sample->stages[s].name, sizeof self->names[s]);

  if (sample != self->sample)
    {
      g_clear_pointer (&self->sample, pl_sample_unref);
      self->sample = pl_sample_ref (sample);
    }

  /* Before the start there is nothing to chart. */
  if (sample->elapsed_us <= 0 && sample->state == PL_PIPELINE_READY)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  gauges[0] = 0;
  for (guint q = 0; q < n; q++)
    gauges[q] = sample->queues[q].stats.depth;
  counters[PL_CHART_COUNTER_PROCESSED] = sample->processed;
  counters[PL_CHART_COUNTER_OTHER_CPU] = MAX (0, sample->process_cpu_ns - sample->pipeline_cpu_ns);
  counters[PL_CHART_COUNTER_PIPELINE_CPU] = sample->pipeline_cpu_ns;
  for (guint s = 0; s < n; s++)
    counters[PL_CHART_COUNTER_STAGE_CPU + s] = sample->stages[s].cpu_ns;

  pl_history_add (self->history, sample->elapsed_us, gauges, counters);

  /* The charts move a slot at a time: redrawing them for every sample
   * would cost far more than it shows. */
  if (sample->elapsed_us - self->drawn_elapsed_us >= SLOT_US
      || sample->elapsed_us < self->drawn_elapsed_us
      || sample->state != self->drawn_state)
    {
      self->drawn_elapsed_us = sample->elapsed_us;
      self->drawn_state = sample->state;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/**
 * pl_chart_view_reset:
 * @self: a #PlChartView
 *
 * Forgets the run, for a new pipeline.
 */
void
pl_chart_view_reset (PlChartView *self)
{
  g_return_if_fail (PL_IS_CHART_VIEW (self));

  if (self->history != NULL)
    pl_history_clear (self->history);
  g_clear_pointer (&self->sample, pl_sample_unref);
  self->drawn_elapsed_us = 0;
  self->drawn_state = PL_PIPELINE_READY;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * pl_chart_view_get_history:
 * @self: a #PlChartView
 *
 * Returns: (transfer none) (nullable): the history, once a sample came
 */
PlHistory *
pl_chart_view_get_history (PlChartView *self)
{
  g_return_val_if_fail (PL_IS_CHART_VIEW (self), NULL);

  return self->history;
}

gboolean
pl_chart_view_get_whole_run (PlChartView *self)
{
  g_return_val_if_fail (PL_IS_CHART_VIEW (self), FALSE);

  return self->whole_run;
}

/**
 * pl_chart_view_set_whole_run:
 * @self: a #PlChartView
 * @whole_run: %TRUE for the whole run, %FALSE for the last 60 seconds
 */
void
pl_chart_view_set_whole_run (PlChartView *self,
                             gboolean     whole_run)
{
  g_return_if_fail (PL_IS_CHART_VIEW (self));

  whole_run = !!whole_run;
  if (self->whole_run == whole_run)
    return;

  self->whole_run = whole_run;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WHOLE_RUN]);
}

/**
 * pl_chart_view_set_text_scale:
 * @self: a #PlChartView
 * @text_scale: how much larger than normal to write, as Ctrl+plus asks
 */
void
pl_chart_view_set_text_scale (PlChartView *self,
                              gdouble      text_scale)
{
  g_return_if_fail (PL_IS_CHART_VIEW (self));

  text_scale = CLAMP (text_scale, 0.5, 3.0);
  if (self->text_scale == text_scale)
    return;

  self->text_scale = text_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SCALE]);
}

gdouble
pl_chart_view_get_shown_throughput (PlChartView *self)
{
  g_return_val_if_fail (PL_IS_CHART_VIEW (self), NAN);

  if (isfinite (run_average (self)))
    return run_average (self);

  return newest_rate (self, PL_CHART_COUNTER_PROCESSED);
}

gdouble
pl_chart_view_get_shown_depth (PlChartView *self,
                               guint        queue)
{
  PlHistoryPoint point;
  guint length;

  g_return_val_if_fail (PL_IS_CHART_VIEW (self), NAN);

  if (self->history == NULL || queue >= self->n_stages)
    return NAN;
  length = pl_history_get_length (self->history, PL_HISTORY_RECENT);
  if (length == 0 || !pl_history_get_point (self->history, PL_HISTORY_RECENT, length - 1, &point))
    return NAN;

  return point.last[queue];
}
