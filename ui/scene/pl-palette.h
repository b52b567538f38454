/* pl-palette.h: the colours every view of the line shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gdouble red;
  gdouble green;
  gdouble blue;
  gdouble alpha;
} PlSceneColor;

/* Okabe and Ito's colours, which stay apart for colour-blind eyes on light
 * and dark backgrounds alike, as 0xRRGGBB. */
#define PL_PALETTE_ORANGE         0xE69F00
#define PL_PALETTE_SKY_BLUE       0x56B4E9
#define PL_PALETTE_BLUISH_GREEN   0x009E73
#define PL_PALETTE_YELLOW         0xF0E442
#define PL_PALETTE_BLUE           0x0072B2
#define PL_PALETTE_VERMILLION     0xD55E00
#define PL_PALETTE_REDDISH_PURPLE 0xCC79A7
#define PL_PALETTE_GREY           0x999999

/* A PlSceneColor initializer from 0xRRGGBB, usable in static tables. */
#define PL_PALETTE_COLOR(rgb) \
  { (((rgb) >> 16) & 0xff) / 255.0, (((rgb) >> 8) & 0xff) / 255.0, ((rgb) & 0xff) / 255.0, 1.0 }

void pl_palette_stage_color (guint               stage,
                             PlSceneColor       *color);
void pl_palette_set_source  (cairo_t            *cr,
                             const PlSceneColor *color);

G_END_DECLS
