/* pl-palette.c: the colours every view of the line shares
 *
 * A stage keeps one colour everywhere: its markers in the code panel, its
 * series in the charts and its cards on the canvas.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-palette.h"

static const PlSceneColor stage_colors[] = {
  PL_PALETTE_COLOR (PL_PALETTE_ORANGE),
  PL_PALETTE_COLOR (PL_PALETTE_SKY_BLUE),
  PL_PALETTE_COLOR (PL_PALETTE_BLUISH_GREEN),
  PL_PALETTE_COLOR (PL_PALETTE_YELLOW),
  PL_PALETTE_COLOR (PL_PALETTE_BLUE),
  PL_PALETTE_COLOR (PL_PALETTE_VERMILLION),
  PL_PALETTE_COLOR (PL_PALETTE_REDDISH_PURPLE),
  PL_PALETTE_COLOR (PL_PALETTE_GREY),
};

/**
 * pl_palette_stage_color:
 * @stage: a stage index (or a queue's, which takes the colour of the
 *   stage it feeds)
 * @color: (out): the colour its markers, series and cards use
 */
void
pl_palette_stage_color (guint         stage,
                        PlSceneColor *color)
{
  g_return_if_fail (color != NULL);

  *color = stage_colors[stage % G_N_ELEMENTS (stage_colors)];
}

void
pl_palette_set_source (cairo_t            *cr,
                       const PlSceneColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}
