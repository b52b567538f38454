/* pl-tile-layer.c: a drawn layer handed to GSK in tiles that stay the same
 * node while their pixels stay the same
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The moving part of the line (items, numbers, workers, alerts) is drawn whole
 * each frame into an image, but most of it looks as it did. GSK repaints
 * only what differs between one frame's nodes and the next, and a node
 * that is the very same node differs in nothing. So the image is cut into
 * tiles, each tile is compared with its pixels of the frame before, and an
 * unchanged tile hands GSK its old node again: the software renderer then
 * repaints only the tiles that changed, and the GL renderer uploads only
 * those. Tiles with nothing drawn in them get no node at all.
 */

#include "config.h"

#include <string.h>

#include "pl-tile-layer.h"

struct _PlTileLayer
{
  cairo_surface_t *current;   /* drawn this frame */
  cairo_surface_t *previous;  /* drawn the frame before */
  gint             width;     /* in widget units */
  gint             height;
  gint             scale;
  guint            columns;
  guint            rows;
  GPtrArray       *tiles;     /* of GskRenderNode, NULL where empty */
  gboolean         fresh;     /* the previous pixels mean nothing yet */
};

static void
unref_tile (gpointer node)
{
  if (node != NULL)
    gsk_render_node_unref (node);
}

PlTileLayer *
pl_tile_layer_new (void)
{
  PlTileLayer *self = g_new0 (PlTileLayer, 1);

  self->tiles = g_ptr_array_new_with_free_func (unref_tile);

  return self;
}

void
pl_tile_layer_free (PlTileLayer *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->current, cairo_surface_destroy);
  g_clear_pointer (&self->previous, cairo_surface_destroy);
  g_ptr_array_unref (self->tiles);
  g_free (self);
}

static cairo_surface_t *
new_image (gint width,
           gint height,
           gint scale)
{
  cairo_surface_t *image;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (image, scale, scale);

  return image;
}

/**
 * pl_tile_layer_begin:
 * @self: a #PlTileLayer
 * @width: the layer's width in widget units
 * @height: its height
 * @scale: device pixels per unit
 *
 * Returns: (transfer full): a context on a cleared image of the layer, in
 *   widget units; draw this frame's layer with it, destroy it, then call
 *   pl_tile_layer_end()
 */
cairo_t *
pl_tile_layer_begin (PlTileLayer *self,
                     gint         width,
                     gint         height,
                     gint         scale)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && scale > 0, NULL);

  if (self->current == NULL || width != self->width || height != self->height || scale != self->scale)
    {
      g_clear_pointer (&self->current, cairo_surface_destroy);
      g_clear_pointer (&self->previous, cairo_surface_destroy);
      self->width = width;
      self->height = height;
      self->scale = scale;
      self->current = new_image (width, height, scale);
      self->previous = new_image (width, height, scale);
      self->columns = (width * scale + PL_TILE_LAYER_TILE - 1) / PL_TILE_LAYER_TILE;
      self->rows = (height * scale + PL_TILE_LAYER_TILE - 1) / PL_TILE_LAYER_TILE;
      g_ptr_array_set_size (self->tiles, 0);
      g_ptr_array_set_size (self->tiles, self->columns * self->rows);
      self->fresh = TRUE;
    }
  else
    {
      cairo_surface_flush (self->current);
      memset (cairo_image_surface_get_data (self->current), 0,
              (gsize) cairo_image_surface_get_stride (self->current) * (gsize) (height * scale));
      cairo_surface_mark_dirty (self->current);
    }

  return cairo_create (self->current);
}

static gboolean
tile_differs (const guchar *a,
              const guchar *b,
              gint          stride,
              gint          x,
              gint          y,
              gint          w,
              gint          h)
{
  for (gint row = y; row < y + h; row++)
    {
      gsize offset = (gsize) row * stride + (gsize) x * 4;

      if (memcmp (a + offset, b + offset, (gsize) w * 4) != 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
tile_is_empty (const guchar *data,
               gint          stride,
               gint          x,
               gint          y,
               gint          w,
               gint          h)
{
  static const guint32 zero[PL_TILE_LAYER_TILE];

  for (gint row = y; row < y + h; row++)
    if (memcmp (data + (gsize) row * stride + (gsize) x * 4, zero, (gsize) w * 4) != 0)
      return FALSE;

  return TRUE;
}

/* A node that paints a copy of one tile's pixels where the tile lies. */
static GskRenderNode *
tile_node (PlTileLayer  *self,
           const guchar *data,
           gint          stride,
           gint          x,
           gint          y,
           gint          w,
           gint          h)
{
  cairo_surface_t *image;
  GskRenderNode *node;
  guchar *pixels;
  gint image_stride;
  gdouble scale = self->scale;
  cairo_t *cr;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  pixels = cairo_image_surface_get_data (image);
  image_stride = cairo_image_surface_get_stride (image);
  for (gint row = 0; row < h; row++)
    memcpy (pixels + (gsize) row * image_stride,
            data + (gsize) (y + row) * stride + (gsize) x * 4, (gsize) w * 4);
  cairo_surface_mark_dirty (image);
  cairo_surface_set_device_scale (image, scale, scale);

  /* Exactly the tile: nodes that overlapped would make GSK repaint a
   * changed tile's neighbours too, and would draw their shared edge
   * twice. */
  node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (x / scale, y / scale, w / scale, h / scale));
  cr = gsk_cairo_node_get_draw_context (node);
  cairo_set_source_surface (cr, image, x / scale, y / scale);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);

  return node;
}

/**
 * pl_tile_layer_end:
 * @self: a #PlTileLayer
 *
 * Compares what was drawn since pl_tile_layer_begin() with the frame
 * before, tile by tile, and makes new nodes for the tiles that changed.
 *
 * Returns: how many tiles changed
 */
guint
pl_tile_layer_end (PlTileLayer *self)
{
  const guchar *now;
  const guchar *before;
  gint stride;
  gint pixel_width;
  gint pixel_height;
  guint changed = 0;
  cairo_surface_t *swap;

  g_return_val_if_fail (self != NULL && self->current != NULL, 0);

  cairo_surface_flush (self->current);
  now = cairo_image_surface_get_data (self->current);
  before = cairo_image_surface_get_data (self->previous);
  stride = cairo_image_surface_get_stride (self->current);
  pixel_width = cairo_image_surface_get_width (self->current);
  pixel_height = cairo_image_surface_get_height (self->current);

  for (guint r = 0; r < self->rows; r++)
    for (guint c = 0; c < self->columns; c++)
      {
        gint x = c * PL_TILE_LAYER_TILE;
        gint y = r * PL_TILE_LAYER_TILE;
        gint w = MIN (PL_TILE_LAYER_TILE, pixel_width - x);
        gint h = MIN (PL_TILE_LAYER_TILE, pixel_height - y);
        gpointer *slot = &g_ptr_array_index (self->tiles, r * self->columns + c);

        if (!self->fresh && !tile_differs (now, before, stride, x, y, w, h))
          continue;

        changed++;
        g_clear_pointer (slot, gsk_render_node_unref);
        if (!tile_is_empty (now, stride, x, y, w, h))
          *slot = tile_node (self, now, stride, x, y, w, h);
      }

  self->fresh = FALSE;
  swap = self->previous;
  self->previous = self->current;
  self->current = swap;

  return changed;
}

/**
 * pl_tile_layer_append:
 * @self: a #PlTileLayer
 * @snapshot: where to append
 *
 * Appends the node of every tile that has something drawn in it.
 */
void
pl_tile_layer_append (PlTileLayer *self,
                      GtkSnapshot *snapshot)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->tiles->len; i++)
    if (g_ptr_array_index (self->tiles, i) != NULL)
      gtk_snapshot_append_node (snapshot, g_ptr_array_index (self->tiles, i));
}

guint
pl_tile_layer_get_n_tiles (PlTileLayer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->tiles->len;
}

/**
 * pl_tile_layer_get_tile:
 * @self: a #PlTileLayer
 * @index: which tile, row by row
 *
 * Returns: (transfer none) (nullable): the tile's node, %NULL where
 *   nothing is drawn
 */
GskRenderNode *
pl_tile_layer_get_tile (PlTileLayer *self,
                        guint        index)
{
  g_return_val_if_fail (self != NULL && index < self->tiles->len, NULL);

  return g_ptr_array_index (self->tiles, index);
}
