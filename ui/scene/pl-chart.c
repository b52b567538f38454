/* pl-chart.c: the record the charts read, and the four charts in a grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every number drawn here comes from the engine's samples, kept in a
 * bounded history. The drawing needs no GTK: the chart view draws it on
 * its widget, and a test draws it to an image.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pl-chart-private.h"
#include "pl-text-log.h"

#define MAX_BUCKETS 600

void
pl_chart_record_init (PlChartRecord *record)
{
  g_return_if_fail (record != NULL);

  memset (record, 0, sizeof *record);
}

/* Frees what the record holds; it is then empty, as after init. */
void
pl_chart_record_clear (PlChartRecord *record)
{
  g_return_if_fail (record != NULL);

  g_clear_pointer (&record->history, pl_history_free);
  g_clear_pointer (&record->sample, pl_sample_unref);
  pl_chart_record_init (record);
}

/* Forgets the run, for a new pipeline; the queues and names stay. */
void
pl_chart_record_reset (PlChartRecord *record)
{
  g_return_if_fail (record != NULL);

  if (record->history != NULL)
    pl_history_clear (record->history);
  g_clear_pointer (&record->sample, pl_sample_unref);
}

/**
 * pl_chart_record_add:
 * @record: a #PlChartRecord
 * @sample: the next sample of the run; the record keeps a reference to
 *   the latest one
 *
 * Returns: what changed: before the start, there is nothing to chart
 */
PlChartRecordChange
pl_chart_record_add (PlChartRecord *record,
                     PlSample      *sample)
{
  gdouble gauges[PL_MAX_STAGES];
  gdouble counters[PL_CHART_COUNTER_STAGE_CPU + PL_MAX_STAGES];
  PlChartRecordChange change = 0;
  guint n;

  g_return_val_if_fail (record != NULL, 0);
  g_return_val_if_fail (sample != NULL, 0);

  n = MIN (sample->n_stages, PL_MAX_STAGES);
  if (record->history == NULL || record->n_stages != n)
    {
      g_clear_pointer (&record->history, pl_history_free);
      record->n_stages = n;
      record->history = pl_history_new (MAX (n, 1), PL_CHART_COUNTER_STAGE_CPU + n,
                                        PL_CHART_SLOT_US, PL_CHART_RECENT_US, MAX_BUCKETS);
      change |= PL_CHART_RECORD_RESIZED;
    }
  for (guint s = 0; s < n; s++)
    g_strlcpy (record->names[s], sample->stages[s].name, sizeof record->names[s]);

  if (sample != record->sample)
    {
      g_clear_pointer (&record->sample, pl_sample_unref);
      record->sample = pl_sample_ref (sample);
    }

  if (sample->elapsed_us <= 0 && sample->state == PL_PIPELINE_READY)
    return change;

  gauges[0] = 0;
  for (guint q = 0; q < n; q++)
    gauges[q] = sample->queues[q].stats.depth;
  counters[PL_CHART_COUNTER_PROCESSED] = sample->processed;
  counters[PL_CHART_COUNTER_OTHER_CPU] = MAX (0, sample->process_cpu_ns - sample->pipeline_cpu_ns);
  counters[PL_CHART_COUNTER_PIPELINE_CPU] = sample->pipeline_cpu_ns;
  for (guint s = 0; s < n; s++)
    counters[PL_CHART_COUNTER_STAGE_CPU + s] = sample->stages[s].cpu_ns;

  pl_history_add (record->history, sample->elapsed_us, gauges, counters);

  return change | PL_CHART_RECORD_CHARTED;
}

/* What the throughput chart shows last: the rate over the last window
 * while the line runs, the run's average once it has stopped; NAN while
 * no window has data. */
gdouble
pl_chart_record_get_shown_throughput (const PlChartRecord *record)
{
  g_return_val_if_fail (record != NULL, NAN);

  if (isfinite (_pl_chart_run_average (record)))
    return _pl_chart_run_average (record);

  return _pl_chart_newest_rate (record, PL_CHART_COUNTER_PROCESSED);
}

/* Where the depth line of @queue ends: the depth in the latest sample. */
gdouble
pl_chart_record_get_shown_depth (const PlChartRecord *record,
                                 guint                queue)
{
  PlHistoryPoint point;
  guint length;

  g_return_val_if_fail (record != NULL, NAN);

  if (record->history == NULL || queue >= record->n_stages)
    return NAN;
  length = pl_history_get_length (record->history, PL_HISTORY_RECENT);
  if (length == 0 || !pl_history_get_point (record->history, PL_HISTORY_RECENT, length - 1, &point))
    return NAN;

  return point.last[queue];
}

/**
 * pl_chart_draw:
 * @record: what to chart
 * @cr: where to draw, from (0, 0) to (@width, @height)
 * @context: the context of the text, whose font the charts scale
 * @foreground: the colour of the text; lines and grid are drawn in it too
 * @text_scale: how much larger than normal to write, as Ctrl+plus asks
 *
 * Draws the four charts: four panels in a row when wide, two by two when not.
 */
void
pl_chart_draw (const PlChartRecord *record,
               cairo_t             *cr,
               PangoContext        *context,
               const PlSceneColor  *foreground,
               gdouble              width,
               gdouble              height,
               gdouble              text_scale)
{
  const PangoFontDescription *base;
  PangoFontDescription *font;
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(PangoLayout) bold = NULL;
  gdouble pad = 10, gap = 18, cell_width, cell_height;
  guint columns, rows;
  PlChartPainter p;

  g_return_if_fail (record != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (PANGO_IS_CONTEXT (context));
  g_return_if_fail (foreground != NULL);

  p.cr = cr;
  p.right = width;
  p.bottom = height;
  p.fg = *foreground;
  p.dim = p.fg;
  p.dim.alpha = 0.68;
  p.grid = p.fg;
  p.grid.alpha = 0.15;

  columns = width >= PL_CHART_ONE_ROW_WIDTH ? 4 : 2;
  rows = columns == 4 ? 1 : 2;
  cell_width = (width - 2 * pad - gap * (columns - 1)) / columns;
  cell_height = (height - 2 * pad - gap * (rows - 1)) / rows;

  /* Readable from the back of a room, but never larger than a panel. */
  p.font = CLAMP (MIN (cell_height / 14.0, cell_width / 20.0), PL_MIN_TEXT_PX, 16.0) * text_scale;
  p.font = MIN (p.font, MAX (PL_MIN_TEXT_PX * text_scale, cell_height / 8.0));
  /* Little's law keeps a line for every queue. */
  p.font = MIN (p.font, MAX (PL_MIN_TEXT_PX * text_scale,
                             (cell_height - 4) / (1.35 * pl_chart_littles_law_lines (record->n_stages))));
  text = pango_layout_new (context);
  base = pango_context_get_font_description (context);
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

  for (guint i = 0; i < 4; i++)
    {
      PlChartCell cell = {
        pad + (i % columns) * (cell_width + gap),
        pad + (i / columns) * (cell_height + gap),
        cell_width,
        cell_height,
      };

      switch (i)
        {
        case 0:
          _pl_chart_draw_depths (record, &p, &cell);
          break;
        case 1:
          _pl_chart_draw_throughput (record, &p, &cell);
          break;
        case 2:
          _pl_chart_draw_cpu (record, &p, &cell);
          break;
        default:
          _pl_chart_draw_littles_law (record, &p, &cell);
          break;
        }
    }
}
