/* pl-code-painter.c: drawing a listing's lines, its workers' markers and
 * its legend with cairo and pango
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The code panel lays the listing out (pl-code-view.c); this draws what
 * goes on each row: the line highlighted as Python, the pills of the
 * workers on it, and below the listing, which colour is which stage and
 * who is on no line.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pl-code-painter.h"
#include "pl-scene-glyphs.h"
#include "pl-text-log.h"

/**
 * pl_code_painter_init:
 * @foreground: the colour of the text; the highlighting follows whether
 *   it is light on dark or dark on light
 * @width: the picture's width, for the text log
 * @height: its height
 */
void
pl_code_painter_init (PlCodePainter      *p,
                      cairo_t            *cr,
                      const PlSceneColor *foreground,
                      gdouble             width,
                      gdouble             height)
{
  g_return_if_fail (p != NULL);
  g_return_if_fail (foreground != NULL);

  p->cr = cr;
  p->right = width;
  p->bottom = height;
  p->fg = *foreground;
  p->dark = (0.2126 * p->fg.red + 0.7152 * p->fg.green + 0.0722 * p->fg.blue) > 0.5;
  p->dim = p->fg;
  p->dim.alpha = 0.62;
  if (p->dark)
    {
      p->keyword = (PlSceneColor) { 0.60, 0.76, 0.95, 1 };
      p->string = (PlSceneColor) { 0.56, 0.94, 0.64, 1 };
    }
  else
    {
      p->keyword = (PlSceneColor) { 0.10, 0.37, 0.71, 1 };
      p->string = (PlSceneColor) { 0.10, 0.50, 0.25, 1 };
    }
}

/* Shows @layout at the current point, and logs it for the tests. */
void
pl_code_painter_show_layout (PlCodePainter *p,
                             PangoLayout   *layout)
{
  pl_text_log_show_layout ("code", p->cr, layout, p->right, p->bottom);
}

gdouble
pl_code_text_width (PangoLayout *layout,
                    const gchar *text)
{
  gint width;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

/* A label in a rounded box centred on @cy; returns the box's width. */
gdouble
pl_code_painter_draw_pill (PlCodePainter      *p,
                           PangoLayout        *layout,
                           gdouble             x,
                           gdouble             cy,
                           gdouble             height,
                           const gchar        *label,
                           const PlSceneColor *fill,
                           const PlSceneColor *outline)
{
  cairo_t *cr = p->cr;
  gdouble width;
  gdouble luminance;
  gint text_height;

  pango_layout_set_text (layout, label, -1);
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  width = pl_code_text_width (layout, label) + height * 0.6;

  pl_scene_glyphs_rounded_rect (cr, x, cy - height / 2, width, height, height / 2);
  pl_palette_set_source (cr, fill);
  cairo_fill_preserve (cr);
  pl_palette_set_source (cr, outline);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  luminance = 0.2126 * fill->red + 0.7152 * fill->green + 0.0722 * fill->blue;
  if (luminance > 0.45)
    cairo_set_source_rgb (cr, 0, 0, 0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, x + height * 0.3, cy - text_height / 2.0);
  pl_code_painter_show_layout (p, layout);

  return width;
}

/* One line of Python at the current point: keywords bold, strings in
 * their colour, comments in italics. */
void
pl_code_painter_draw_line_text (PlCodePainter    *p,
                                PangoLayout      *layout,
                                const gchar      *text,
                                const PlCodeSpan *spans,
                                guint             n_spans)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  for (guint i = 0; i < n_spans; i++)
    {
      const PlCodeSpan *span = &spans[i];
      const PlSceneColor *color = span->kind == PL_CODE_SPAN_KEYWORD ? &p->keyword
                                  : span->kind == PL_CODE_SPAN_STRING ? &p->string
                                  : &p->dim;
      PangoAttribute *attr;

      attr = pango_attr_foreground_new (color->red * 65535, color->green * 65535, color->blue * 65535);
      attr->start_index = span->start;
      attr->end_index = span->end;
      pango_attr_list_insert (attrs, attr);

      if (span->kind == PL_CODE_SPAN_KEYWORD)
        {
          attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
          attr->start_index = span->start;
          attr->end_index = span->end;
          pango_attr_list_insert (attrs, attr);
        }
      else if (span->kind == PL_CODE_SPAN_COMMENT)
        {
          attr = pango_attr_style_new (PANGO_STYLE_ITALIC);
          attr->start_index = span->start;
          attr->end_index = span->end;
          pango_attr_list_insert (attrs, attr);
        }
    }

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_attributes (layout, attrs);
  pl_palette_set_source (p->cr, &p->fg);
  pl_code_painter_show_layout (p, layout);
  pango_layout_set_attributes (layout, NULL);
  pango_attr_list_unref (attrs);
}

/* The label of a worker's marker: stage and worker, both from 1. */
static gchar *
marker_label (guint stage,
              guint worker)
{
  return g_strdup_printf ("%u/%u", stage + 1, worker + 1);
}

/**
 * pl_code_painter_draw_markers:
 * @markers: (nullable): the #PlCodeMarker of each worker on the line
 * @main_thread: whether the main thread is on it too
 *
 * The markers of one line sit in its indentation, between @left and
 * @right, against the statement; those that do not fit are counted in a
 * last "+N".
 */
void
pl_code_painter_draw_markers (PlCodePainter *p,
                              PangoLayout   *layout,
                              GArray        *markers,
                              gboolean       main_thread,
                              gdouble        left,
                              gdouble        right,
                              gdouble        cy,
                              gdouble        height)
{
  guint n = (markers != NULL ? markers->len : 0) + (main_thread ? 1 : 0);
  g_autofree gdouble *widths = g_new0 (gdouble, n + 1);
  g_auto(GStrv) labels = g_new0 (gchar *, n + 2);
  PlSceneColor outline = p->fg;
  gdouble gap = 3, total = 0, x;
  guint shown = 0;

  for (guint i = 0; i < n; i++)
    {
      if (main_thread && i == 0)
        labels[i] = g_strdup (C_("main thread", "main"));
      else
        {
          const PlCodeMarker *marker = &g_array_index (markers, PlCodeMarker, i - (main_thread ? 1 : 0));

          labels[i] = marker_label (marker->stage, marker->worker);
        }
      widths[i] = pl_code_text_width (layout, labels[i]) + height * 0.6;
    }

  /* As many as fit, keeping room for the count of the rest. */
  for (shown = 0; shown < n; shown++)
    {
      gdouble more = 0;

      if (shown + 1 < n)
        {
          g_autofree gchar *count = g_strdup_printf ("+%u", n - shown - 1);

          more = pl_code_text_width (layout, count) + height * 0.6 + gap;
        }
      if (total + widths[shown] + more > right - left)
        break;
      total += widths[shown] + gap;
    }
  if (shown < n)
    {
      labels[n] = g_strdup_printf ("+%u", n - shown);
      widths[n] = pl_code_text_width (layout, labels[n]) + height * 0.6;
      total += widths[n] + gap;
    }

  outline.alpha = 0.5;
  x = MAX (left, right - total + gap);
  for (guint i = 0; i < shown; i++)
    {
      PlSceneColor fill;

      if (main_thread && i == 0)
        fill = p->dim;
      else
        pl_palette_stage_color (g_array_index (markers, PlCodeMarker, i - (main_thread ? 1 : 0)).stage, &fill);
      x += pl_code_painter_draw_pill (p, layout, x, cy, height, labels[i], &fill, &outline) + gap;
    }
  if (shown < n)
    pl_code_painter_draw_pill (p, layout, x, cy, height, labels[n], &p->dim, &outline);
}

/**
 * pl_code_painter_draw_legend:
 * @small: the layout of the legend's text
 * @off_listing: the #PlCodeMarker of each worker on no line
 * @y: the top of the legend's first row
 *
 * Which colour is which stage, and who is on no line.
 */
void
pl_code_painter_draw_legend (PlCodePainter  *p,
                             PangoLayout    *small,
                             const PlSample *sample,
                             GArray         *off_listing,
                             gdouble         x0,
                             gdouble         y,
                             gdouble         width,
                             gdouble         row,
                             gdouble         size,
                             gdouble         pill_height)
{
  cairo_t *cr = p->cr;
  gdouble x = x0;
  PlSceneColor outline = p->fg;

  outline.alpha = 0.5;
  pango_layout_set_text (small, _("Markers: stage/worker"), -1);
  pl_palette_set_source (cr, &p->dim);
  cairo_move_to (cr, x, y + (row - size) / 2 - 1);
  pl_code_painter_show_layout (p, small);
  x += pl_code_text_width (small, _("Markers: stage/worker")) + size * 0.6;

  for (guint s = 0; s < sample->n_stages; s++)
    {
      g_autofree gchar *label = g_strdup_printf ("%u %s", s + 1, sample->stages[s].name);
      gdouble need = pl_code_text_width (small, label) + pill_height * 0.6 + 4;
      PlSceneColor fill;

      if (x + need > width - 6)
        {
          x = x0;
          y += row;
        }
      pl_palette_stage_color (s, &fill);
      x += pl_code_painter_draw_pill (p, small, x, y + row / 2, pill_height, label, &fill, &outline) + 4;
    }
  y += row;

  if (off_listing->len > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < off_listing->len && i < 12; i++)
        {
          const PlCodeMarker *marker = &g_array_index (off_listing, PlCodeMarker, i);
          PlWorkerState state = sample->stages[marker->stage].workers[marker->worker].state;
          const gchar *what = state == PL_WORKER_PAUSED ? C_("worker", "paused")
                              : state == PL_WORKER_CANCELLED ? C_("worker", "cancelled")
                              : state == PL_WORKER_DONE ? C_("worker", "exited")
                              : C_("worker", "idle");

          g_string_append_printf (text, "%s%u/%u %s", i > 0 ? ", " : "",
                                  marker->stage + 1, marker->worker + 1, what);
        }
      if (off_listing->len > 12)
        g_string_append (text, ", …");

      /* Translators: followed by a list such as “1/1 paused, 2/1 idle” */
      pango_layout_set_text (small, _("On no line:"), -1);
      pl_palette_set_source (cr, &p->dim);
      cairo_move_to (cr, x0, y + (row - size) / 2 - 1);
      pl_code_painter_show_layout (p, small);
      x = x0 + pl_code_text_width (small, _("On no line:")) + size * 0.5;
      /* A long list wraps between its entries rather than leave the panel. */
      pango_layout_set_text (small, text->str, -1);
      pango_layout_set_width (small, (gint) ((width - 6 - x) * PANGO_SCALE));
      pango_layout_set_wrap (small, PANGO_WRAP_WORD_CHAR);
      cairo_move_to (cr, x, y + (row - size) / 2 - 1);
      pl_code_painter_show_layout (p, small);
      pango_layout_set_width (small, -1);
    }
}

/**
 * pl_code_legend_rows:
 * @small: the layout of the legend's text, at @size
 * @n_off_listing: how many workers are on no line
 * @row: the height of a row at @size
 *
 * Returns: the rows the legend takes at @width, as
 *   pl_code_painter_draw_legend() lays them out: many stages wrap their
 *   pills onto more rows, and many workers on no line wrap their list
 */
gdouble
pl_code_legend_rows (PangoLayout    *small,
                     const PlSample *sample,
                     guint           n_off_listing,
                     gdouble         width,
                     gdouble         size,
                     gdouble         row)
{
  gdouble pill_height = MAX (row * 0.86, size * 1.3);
  gdouble x, rows = 1;

  x = 10 + pl_code_text_width (small, _("Markers: stage/worker")) + size * 0.6;
  for (guint s = 0; s < sample->n_stages; s++)
    {
      g_autofree gchar *label = g_strdup_printf ("%u %s", s + 1, sample->stages[s].name);
      gdouble need = pl_code_text_width (small, label) + pill_height * 0.6 + 4;

      if (x + need > width - 6)
        {
          x = 10;
          rows++;
        }
      x += need;
    }

  if (n_off_listing > 0)
    {
      /* Each entry is as long as "16/4 cancelled, ": the list wraps. */
      gdouble indent = 10 + pl_code_text_width (small, _("On no line:")) + size * 0.5;
      gdouble entry = pl_code_text_width (small, "16/4 cancelled, ");
      guint shown = MIN (n_off_listing, 13);
      guint per_row = MAX (1, (guint) ((width - 6 - indent) / entry));
      gint line_height;

      pango_layout_set_text (small, "0", -1);
      pango_layout_get_pixel_size (small, NULL, &line_height);
      rows += 1 + (shown - 1) / per_row * line_height / row;
    }

  return rows;
}
