/* pl-scene-compare.c: two lines stacked, with the difference between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-scene-compare.h"

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "pl-scene-export.h"

void
pl_scene_compare_layout (gdouble               width,
                         gdouble               height,
                         PlSceneCompareLayout *layout)
{
  g_return_if_fail (layout != NULL);

  /* Text readable from the back of a room, without eating the lines. */
  layout->label_height = CLAMP (round (height / 26.0), 18.0, 48.0);
  layout->strip_height = CLAMP (round (height / 8.0), 3.0 * layout->label_height * 0.8, 160.0);
  layout->line_height = MAX (1.0, floor ((height - 2 * layout->label_height -
                                          layout->strip_height) / 2.0));
  layout->label_y[0] = 0.0;
  layout->line_y[0] = layout->label_height;
  layout->strip_y = layout->line_y[0] + layout->line_height;
  layout->label_y[1] = layout->strip_y + layout->strip_height;
  layout->line_y[1] = layout->label_y[1] + layout->label_height;
}

static void
draw_text (cairo_t            *cr,
           const gchar        *text,
           gdouble             x,
           gdouble             y,
           gdouble             size,
           gboolean            bold,
           gdouble             max_width,
           const PlSceneColor *color)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (gint) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_text (layout, text, -1);

  pl_palette_set_source (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static gchar *
format_metric (guint                   metric,
               const PlCompareMeasure *measure)
{
  /* No time measured yet, as before Start: no rate, as the canvas says. */
  if (metric < 3 && measure->window_s <= 0.0)
    return g_strdup ("—");

  switch (metric)
    {
    case 0:
      /* TRANSLATORS: items per second reaching the end of the line. */
      return g_strdup_printf (_("%.1f items/s"), measure->throughput);
    case 1:
      return g_strdup_printf (_("%.0f polls/s"), measure->polls_per_s);
    case 2:
      /* TRANSLATORS: CPU time as a share of one core; %% is a percent sign. */
      return g_strdup_printf (_("%.0f%% of a core"), measure->cpu_cores * 100.0);
    default:
      {
        g_autofree gchar *size = g_format_size (measure->held_bytes);
        g_autofree gchar *items = g_strdup_printf ("%" G_GUINT64_FORMAT, measure->held_items);

        /* TRANSLATORS: memory, e.g. "12.3 kB", then the items it holds. */
        return g_strdup_printf (ngettext ("%s for %s item", "%s for %s items",
                                          measure->held_items == 1 ? 1 : 2),
                                size, items);
      }
    }
}

void
pl_scene_compare_render_strip (const PlCompareMeasure *measures,
                               cairo_t                *cr,
                               gdouble                 width,
                               gdouble                 height,
                               gdouble                 text_size,
                               const PlSceneStyle     *style)
{
  const gchar *titles[] = {
    N_("Throughput"),
    N_("Polls"),
    N_("CPU of the line's threads"),
    N_("Memory held"),
  };
  PlSceneColor tint = style->foreground;
  gdouble cell = width / G_N_ELEMENTS (titles);
  gdouble pad = text_size * 0.6;
  gdouble line = (height - 2 * pad) / 3.0;
  /* Each cell holds about 24 characters: a title, or a value with its line. */
  gdouble size = MIN (MIN (text_size, line * 0.8), cell / 17.0);

  tint.alpha = 0.08;
  pl_palette_set_source (cr, &tint);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  for (guint m = 0; m < G_N_ELEMENTS (titles); m++)
    {
      gdouble x = m * cell + pad;

      draw_text (cr, _(titles[m]), x, pad, size, TRUE, cell - 2 * pad, &style->foreground);
      for (guint i = 0; i < 2; i++)
        {
          g_autofree gchar *value = format_metric (m, &measures[i]);
          /* TRANSLATORS: the line, A or B, then its value. */
          g_autofree gchar *text = i == 0 ? g_strdup_printf (_("A: %s"), value)
                                          : g_strdup_printf (_("B: %s"), value);

          draw_text (cr, text, x, pad + line * (i + 1), size, FALSE,
                     cell - 2 * pad, &style->foreground);
        }
    }
}

gchar *
pl_scene_compare_describe_strip (const PlCompareMeasure *measures)
{
  gchar *values[4][2] = { { NULL } };
  gchar *text;

  g_return_val_if_fail (measures != NULL, NULL);

  for (guint m = 0; m < 4; m++)
    for (guint i = 0; i < 2; i++)
      values[m][i] = format_metric (m, &measures[i]);

  /* TRANSLATORS: what the strip between the two lines shows, read by a
   * screen reader: each reading on line A, then on line B. */
  text = g_strdup_printf (_("Throughput: %s on line A, %s on line B. Polls: %s on line A, %s on line B. "
                            "CPU of the line's threads: %s on line A, %s on line B. "
                            "Memory held: %s on line A, %s on line B."),
                          values[0][0], values[0][1], values[1][0], values[1][1],
                          values[2][0], values[2][1], values[3][0], values[3][1]);
  for (guint m = 0; m < 4; m++)
    for (guint i = 0; i < 2; i++)
      g_free (values[m][i]);

  return text;
}

void
pl_scene_compare_render (PlScene                *const scenes[2],
                         const gchar            *const labels[2],
                         const PlCompareMeasure *measures,
                         cairo_t                *cr,
                         gdouble                 width,
                         gdouble                 height,
                         const PlSceneStyle     *style)
{
  PlSceneCompareLayout layout;
  gdouble natural;
  gdouble scale;

  g_return_if_fail (scenes != NULL && PL_IS_SCENE (scenes[0]) && PL_IS_SCENE (scenes[1]));
  g_return_if_fail (labels != NULL && labels[0] != NULL && labels[1] != NULL);
  g_return_if_fail (measures != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  pl_scene_compare_layout (width, height, &layout);

  if (style->paint_background)
    {
      pl_palette_set_source (cr, &style->background);
      cairo_paint (cr);
    }

  for (guint i = 0; i < 2; i++)
    {
      draw_text (cr, labels[i], layout.label_height * 0.4,
                 layout.label_y[i] + layout.label_height * 0.15,
                 layout.label_height * 0.6, TRUE,
                 width - layout.label_height * 0.8, &style->foreground);

      cairo_save (cr);
      cairo_translate (cr, 0, layout.line_y[i]);
      cairo_rectangle (cr, 0, 0, width, layout.line_height);
      cairo_clip (cr);
      /* A line too tall for its half is drawn whole, smaller, and centred. */
      natural = pl_scene_measure_height (scenes[i], NULL, width, style);
      scale = natural > layout.line_height ? layout.line_height / natural : 1.0;
      cairo_translate (cr, (width - width * scale) / 2.0, 0);
      cairo_scale (cr, scale, scale);
      pl_scene_render (scenes[i], NULL, cr, width, layout.line_height / scale, style);
      cairo_restore (cr);
    }

  cairo_save (cr);
  cairo_translate (cr, 0, layout.strip_y);
  cairo_rectangle (cr, 0, 0, width, layout.strip_height);
  cairo_clip (cr);
  pl_scene_compare_render_strip (measures, cr, width, layout.strip_height,
                                 layout.label_height * 0.55, style);
  cairo_restore (cr);
}

typedef struct
{
  PlScene                *const *scenes;
  const gchar            *const *labels;
  const PlCompareMeasure *measures;
  const PlSceneStyle     *style;
} CompareDrawing;

static void
draw_compare (cairo_t  *cr,
              gint      width,
              gint      height,
              gpointer  user_data)
{
  const CompareDrawing *drawing = user_data;

  pl_scene_compare_render (drawing->scenes, drawing->labels, drawing->measures,
                           cr, width, height, drawing->style);
}

/**
 * pl_scene_compare_export_scenes:
 * @scenes: the two lines' scenes
 * @labels: what sets each line apart
 * @measures: the two lines' readings for the strip
 * @style: the colours
 * @path: a file name ending in .png or .svg
 * @width: the size of the picture, in pixels (PNG) or points (SVG)
 * @height: the height
 * @error: return location for a one-line error
 *
 * Draws both lines, as pl_scene_compare_render() does, into @path, as
 * pl_scene_export_draw() writes every picture.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
pl_scene_compare_export_scenes (PlScene                *const scenes[2],
                                const gchar            *const labels[2],
                                const PlCompareMeasure *measures,
                                const PlSceneStyle     *style,
                                const gchar            *path,
                                gint                    width,
                                gint                    height,
                                GError                **error)
{
  CompareDrawing drawing = { scenes, labels, measures, style };

  g_return_val_if_fail (scenes != NULL && PL_IS_SCENE (scenes[0]) && PL_IS_SCENE (scenes[1]), FALSE);
  g_return_val_if_fail (labels != NULL && labels[0] != NULL && labels[1] != NULL, FALSE);
  g_return_val_if_fail (measures != NULL, FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pl_scene_export_draw (path, width, height, draw_compare, &drawing, error);
}

gboolean
pl_scene_compare_export (PlCompare        *compare,
                         PlSample         *const earlier[2],
                         PlSample         *const samples[2],
                         const gchar      *path,
                         gint              width,
                         gint              height,
                         GError          **error)
{
  g_autofree gchar *label_a = NULL;
  g_autofree gchar *label_b = NULL;
  PlScene *scenes[2] = { NULL, NULL };
  const gchar *labels[2];
  PlCompareMeasure measures[2];
  PlSceneStyle style;
  gboolean ok;

  g_return_val_if_fail (compare != NULL, FALSE);
  g_return_val_if_fail (samples != NULL && samples[0] != NULL && samples[1] != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < 2; i++)
    {
      PlSample *before = earlier != NULL ? earlier[i] : NULL;

      scenes[i] = pl_scene_export_build (pl_compare_get_config (compare, i), before, samples[i]);
      pl_compare_measure (before, samples[i], &measures[i]);
    }
  label_a = pl_compare_label (compare, PL_COMPARE_LINE_A);
  label_b = pl_compare_label (compare, PL_COMPARE_LINE_B);
  labels[0] = label_a;
  labels[1] = label_b;
  pl_scene_style_init (&style, FALSE);

  ok = pl_scene_compare_export_scenes (scenes, labels, measures, &style, path, width, height, error);
  for (guint i = 0; i < 2; i++)
    g_object_unref (scenes[i]);

  return ok;
}
