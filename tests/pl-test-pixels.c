/* pl-test-pixels.c: reading back the pixels a test drew
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Colours are matched exactly and only where opaque: the inside of a
 * line or a box, never its antialiased edge, which blends with what lies
 * beneath.
 */

#include "config.h"

#include "pl-test-pixels.h"

/**
 * pl_test_pixels_count:
 * @surface: an ARGB32 image surface
 * @rgb: a colour as 0xRRGGBB
 *
 * Returns: how many opaque pixels of that colour the rectangle holds,
 *   clipped to the surface
 */
guint
pl_test_pixels_count (cairo_surface_t *surface,
                      gint             x,
                      gint             y,
                      gint             width,
                      gint             height,
                      guint32          rgb)
{
  const guchar *data;
  gint stride, x1, y1;
  guint count = 0;

  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  x1 = MIN (x + width, cairo_image_surface_get_width (surface));
  y1 = MIN (y + height, cairo_image_surface_get_height (surface));
  for (gint row = MAX (y, 0); row < y1; row++)
    for (gint column = MAX (x, 0); column < x1; column++)
      {
        /* Native-endian words, alpha in the top byte; opaque pixels are
         * the same premultiplied or not. */
        guint32 pixel = *(const guint32 *) (data + (gsize) row * stride + (gsize) column * 4);

        if ((pixel >> 24) == 0xff && (pixel & 0xffffff) == rgb)
          count++;
      }

  return count;
}

/**
 * pl_test_pixels_line_row:
 * @x: the left of the columns to search
 * @width: their width
 * @rgb: the line's colour, as 0xRRGGBB
 * @min_length: the fewest pixels of that colour a row needs to count as
 *   part of a horizontal line: more than any legend swatch or glyph
 * @row: (out): the middle of the lowest such line, in rows from the top
 *
 * Returns: whether a line of that colour was found
 */
gboolean
pl_test_pixels_line_row (cairo_surface_t *surface,
                         gint             x,
                         gint             width,
                         guint32          rgb,
                         guint            min_length,
                         gdouble         *row)
{
  gint height = cairo_image_surface_get_height (surface);
  gint bottom = -1, top;

  for (gint y = height - 1; y >= 0 && bottom < 0; y--)
    if (pl_test_pixels_count (surface, x, y, width, 1, rgb) >= min_length)
      bottom = y;
  if (bottom < 0)
    return FALSE;

  for (top = bottom; top > 0; top--)
    if (pl_test_pixels_count (surface, x, top - 1, width, 1, rgb) < min_length)
      break;

  *row = (top + bottom + 1) / 2.0;

  return TRUE;
}
