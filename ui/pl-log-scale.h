/* pl-log-scale.h: sliders for times that span five orders of magnitude
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Positions run from 0 to PL_LOG_SCALE_END: 0 is exactly 0 ms, then
 * PL_LOG_SCALE_MIN_MS … max_ms spread evenly on a logarithmic scale. */
#define PL_LOG_SCALE_END    100.0
#define PL_LOG_SCALE_MIN_MS 0.1

gdouble  pl_log_scale_to_ms   (gdouble   position,
                               gdouble   max_ms);
gdouble  pl_log_scale_from_ms (gdouble   ms,
                               gdouble   max_ms);
gchar   *pl_log_scale_format  (gdouble   ms);
void     pl_log_scale_setup   (GtkScale *scale,
                               gdouble   max_ms);

G_END_DECLS
