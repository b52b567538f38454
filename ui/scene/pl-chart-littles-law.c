/* pl-chart-littles-law.c: L ≈ λW for every queue in front of a stage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a chart over time but a readout of the run so far, from the
 * latest sample: the mean number waiting against arrivals per second
 * times the mean wait, side by side, queue by queue.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pl-chart-private.h"
#include "pl-format.h"
#include "pl-scene-text.h"
#include "pl-text-log.h"

gdouble
pl_chart_littles_law_lines (guint n_stages)
{
  return 1.2 + 3 + 0.4 + 1 + MAX (n_stages, 1) * 1.1;
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

/* The key, wrapped at word boundaries to the cell; returns its height. */
static gint
draw_key (PlChartPainter *p,
          gdouble         x,
          gdouble         y,
          gdouble         width)
{
  const gchar *legend = _("L: mean items waiting, λ: arrivals per second, W: mean wait of an item");
  PangoAttrList *words = pl_text_word_attributes (legend);
  gint wrapped_height;

  pango_layout_set_width (p->text, (gint) (width * PANGO_SCALE));
  pango_layout_set_wrap (p->text, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (p->text, legend, -1);
  pango_layout_set_attributes (p->text, words);
  pango_attr_list_unref (words);
  pango_layout_get_pixel_size (p->text, NULL, &wrapped_height);
  pl_palette_set_source (p->cr, &p->dim);
  cairo_move_to (p->cr, x, y);
  pl_text_log_show_layout ("charts", p->cr, p->text, p->right, p->bottom);
  pango_layout_set_attributes (p->text, NULL);
  pango_layout_set_width (p->text, -1);

  return wrapped_height;
}

void
_pl_chart_draw_littles_law (const PlChartRecord *record,
                            PlChartPainter      *p,
                            const PlChartCell   *cell)
{
  const PlSample *sample = record->sample;
  gdouble line = p->font * 1.35;
  gdouble x = cell->x;
  gdouble y = cell->y;
  gdouble width = cell->width;
  gdouble bottom = cell->y + cell->height;
  gdouble right = cell->x + cell->width;
  gdouble approx_width, header_width, number_width, col_l;
  guint n_queues;
  gboolean compact;

  _pl_chart_show_text (p, p->bold, _("Little’s law: L ≈ λ × W"), x, y, FALSE, &p->fg);
  y += line * 1.2;
  y += draw_key (p, x, y, width) + line * 0.4;

  /* Two columns of numbers, right-aligned, with ≈ between them. */
  _pl_chart_text_size (p->text, " ≈ ", &approx_width, NULL);
  _pl_chart_text_size (p->text, _("λ × W"), &header_width, NULL);
  _pl_chart_text_size (p->bold, "000\u2009000", &number_width, NULL);
  col_l = right - MAX (header_width, number_width) - approx_width;
  _pl_chart_show_text (p, p->text, _("λ × W"), right, y, TRUE, &p->dim);
  _pl_chart_show_text (p, p->text, _("L"), col_l, y, TRUE, &p->dim);
  y += line;

  /* Short of room, each queue gets one line, without its λ and W. */
  n_queues = sample != NULL ? MIN (record->n_stages, sample->n_queues) : 0;
  compact = y + n_queues * line * 2.0 > bottom;
  for (guint q = 0; q < n_queues; q++)
    {
      g_autofree gchar *name = pl_format_queue_title (q, 0);
      PlLittlesLaw law;
      PlSceneColor swatch;

      /* The widget asks for the room of every row (see
       * pl_chart_littles_law_lines()); one that is left out counts as cut off. */
      if (y + line * (compact ? 1.0 : 1.9) > bottom)
        {
          pl_text_log_add ("charts", name, p->font, FALSE, TRUE);
          continue;
        }

      pl_palette_stage_color (q, &swatch);
      pl_palette_set_source (p->cr, &swatch);
      cairo_rectangle (p->cr, x, y + line * 0.2, p->font * 0.45, line * (compact ? 0.75 : 1.7));
      cairo_fill (p->cr);
      _pl_chart_show_text (p, p->bold, name, x + p->font * 0.8, y, FALSE, &p->fg);

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

          _pl_chart_show_text (p, p->bold, lw, right, y, TRUE, &p->fg);
          _pl_chart_show_text (p, p->text, apart ? " ≠ " : " ≈ ", col_l, y, FALSE, &p->dim);
          _pl_chart_show_text (p, p->bold, l, col_l, y, TRUE, &p->fg);
          if (!compact)
            _pl_chart_show_text (p, p->text, detail, right, y + line * 0.85, TRUE, &p->dim);
        }
      else if (!compact)
        {
          _pl_chart_show_text (p, p->text, _("no item has left yet"), right, y + line * 0.85, TRUE, &p->dim);
        }
      y += line * (compact ? 1.1 : 2.0);
    }
}
