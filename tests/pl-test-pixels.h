/* pl-test-pixels.h: reading back the pixels a test drew
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

guint    pl_test_pixels_count     (cairo_surface_t *surface,
                                   gint             x,
                                   gint             y,
                                   gint             width,
                                   gint             height,
                                   guint32          rgb);
gboolean pl_test_pixels_line_row  (cairo_surface_t *surface,
                                   gint             x,
                                   gint             width,
                                   guint32          rgb,
                                   guint            min_length,
                                   gdouble         *row);

G_END_DECLS
