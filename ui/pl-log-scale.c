/* pl-log-scale.c: sliders for times that span five orders of magnitude
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A delay of 0.1 ms and one of 5 s both matter in class: the first shows
 * overhead, the second a stage everyone can watch. A linear slider cannot
 * reach both, so the position maps to a logarithm, with 0 kept exact.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pl-log-scale.h"

gdouble
pl_log_scale_to_ms (gdouble position,
                    gdouble max_ms)
{
  gdouble fraction;

  if (position < 0.5)
    return 0;

  fraction = (CLAMP (position, 1, PL_LOG_SCALE_END) - 1) / (PL_LOG_SCALE_END - 1);
  return PL_LOG_SCALE_MIN_MS * pow (max_ms / PL_LOG_SCALE_MIN_MS, fraction);
}

gdouble
pl_log_scale_from_ms (gdouble ms,
                      gdouble max_ms)
{
  if (ms <= 0)
    return 0;
  if (ms <= PL_LOG_SCALE_MIN_MS)
    return 1;

  ms = MIN (ms, max_ms);
  return 1 + (PL_LOG_SCALE_END - 1) * log (ms / PL_LOG_SCALE_MIN_MS) / log (max_ms / PL_LOG_SCALE_MIN_MS);
}

/**
 * pl_log_scale_format:
 * @ms: a time in milliseconds
 *
 * Returns: (transfer full): @ms with as many digits as are meaningful
 */
gchar *
pl_log_scale_format (gdouble ms)
{
  if (ms <= 0)
    return g_strdup (_("0 ms"));
  if (ms < 1)
    return g_strdup_printf (_("%.2f ms"), ms);
  if (ms < 10)
    return g_strdup_printf (_("%.1f ms"), ms);
  if (ms < 1000)
    return g_strdup_printf (_("%.0f ms"), ms);

  return g_strdup_printf (_("%.2f s"), ms / 1000);
}

static gchar *
format_value_cb (GtkScale *scale,
                 gdouble   value,
                 gpointer  user_data)
{
  gdouble max_ms = *(gdouble *)user_data;

  return pl_log_scale_format (pl_log_scale_to_ms (value, max_ms));
}

/**
 * pl_log_scale_setup:
 * @scale: a #GtkScale
 * @max_ms: the time at the end of the slider
 *
 * Gives @scale the positions and the labels of a logarithmic time slider.
 */
void
pl_log_scale_setup (GtkScale *scale,
                    gdouble   max_ms)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (GTK_IS_SCALE (scale));

  adjustment = gtk_range_get_adjustment (GTK_RANGE (scale));
  gtk_adjustment_configure (adjustment, 0, 0, PL_LOG_SCALE_END, 1, 10, 0);
  gtk_range_set_round_digits (GTK_RANGE (scale), -1);
  gtk_scale_set_draw_value (scale, TRUE);
  gtk_scale_set_format_value_func (scale, format_value_cb,
                                   g_memdup2 (&max_ms, sizeof max_ms), g_free);
}
