/* pl-tile-layer.h: a drawn layer handed to GSK in tiles that stay the same
 * node while their pixels stay the same
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Device pixels on a side of a tile. GSK 4.8 repaints the bounds of a
 * whole subtree once the area that changed takes more than 30 rectangles
 * to describe: 64-pixel tiles went past that in up to a third of the
 * frames of a full 16-stage line, and 128-pixel ones do not. */
#define PL_TILE_LAYER_TILE 128

typedef struct _PlTileLayer PlTileLayer;

PlTileLayer *pl_tile_layer_new         (void);
void         pl_tile_layer_free        (PlTileLayer *self);

cairo_t     *pl_tile_layer_begin       (PlTileLayer *self,
                                        gint         width,
                                        gint         height,
                                        gint         scale);
guint        pl_tile_layer_end         (PlTileLayer *self);
void         pl_tile_layer_append      (PlTileLayer *self,
                                        GtkSnapshot *snapshot);

guint        pl_tile_layer_get_n_tiles (PlTileLayer *self);
GskRenderNode *pl_tile_layer_get_tile  (PlTileLayer *self,
                                        guint        index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlTileLayer, pl_tile_layer_free)

G_END_DECLS
