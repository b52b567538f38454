/* pl-text-log.c: what text the views drew, and how, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scene renderer, the code view and the chart view report every line
 * of text they draw here while a log is open: its size, and whether it had
 * to be shortened or ran past the box it was given. Tests read the log to
 * check that text stays readable at a projector's resolution, from the
 * views' own measurements rather than from pixels. Drawing happens on the
 * main thread only, and with no log open a report costs one test.
 */

#include "config.h"

#include "pl-text-log.h"

static GPtrArray *log_runs;

static void
text_run_free (gpointer data)
{
  PlTextRun *run = data;

  g_free (run->view);
  g_free (run->text);
  g_free (run);
}

/**
 * pl_text_log_start:
 *
 * Starts recording every text run drawn, until pl_text_log_stop().
 */
void
pl_text_log_start (void)
{
  g_return_if_fail (log_runs == NULL);

  log_runs = g_ptr_array_new_with_free_func (text_run_free);
}

/**
 * pl_text_log_stop:
 *
 * Returns: (transfer full): the #PlTextRun records since pl_text_log_start()
 */
GPtrArray *
pl_text_log_stop (void)
{
  g_return_val_if_fail (log_runs != NULL, NULL);

  return g_steal_pointer (&log_runs);
}

gboolean
pl_text_log_active (void)
{
  return log_runs != NULL;
}

void
pl_text_log_add (const gchar *view,
                 const gchar *text,
                 gdouble      size,
                 gboolean     ellipsized,
                 gboolean     clipped)
{
  PlTextRun *run;

  if (log_runs == NULL)
    return;

  run = g_new0 (PlTextRun, 1);
  run->view = g_strdup (view);
  run->text = g_strdup (text);
  run->size = size;
  run->ellipsized = ellipsized;
  run->clipped = clipped;
  g_ptr_array_add (log_runs, run);
}

void
pl_text_log_show_layout (const gchar *view,
                         cairo_t     *cr,
                         PangoLayout *layout,
                         gdouble      right,
                         gdouble      bottom)
{
  if (log_runs != NULL)
    {
      const PangoFontDescription *font = pango_layout_get_font_description (layout);
      gdouble size = 0;
      gdouble x = 0, y = 0;
      gint width, height;

      if (font == NULL)
        font = pango_context_get_font_description (pango_layout_get_context (layout));
      if (font != NULL)
        {
          size = pango_font_description_get_size (font) / (gdouble) PANGO_SCALE;
          /* Sizes in points are at 96 dpi on screen. */
          if (!pango_font_description_get_size_is_absolute (font))
            size *= 96.0 / 72.0;
        }
      if (cairo_has_current_point (cr))
        cairo_get_current_point (cr, &x, &y);
      pango_layout_get_pixel_size (layout, &width, &height);
      pl_text_log_add (view, pango_layout_get_text (layout), size,
                       pango_layout_is_ellipsized (layout),
                       x < -0.5 || y < -0.5 || x + width > right + 0.5 || y + height > bottom + 0.5);
    }

  pango_cairo_show_layout (cr, layout);
}
