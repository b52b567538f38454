/* pl-tile-layer.c: a drawn layer handed to GSK in tiles that stay the same
 * node while their pixels stay the same
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The moving part of the line (numbers, workers, alerts) is drawn whole
 * each frame into an image, but most of it looks as it did. GSK repaints
 * only what differs between one frame's nodes and the next, and a node
 * that is the very same node differs in nothing. So the image is cut into
 * tiles, each tile is compared with its pixels of the frame before, and an
 * unchanged tile hands GSK its old node again: the software renderer then
 * repaints only the tiles that changed, and the GL renderer uploads only
 * those. The tiles' nodes do not overlap, so repainting one touches no
 * other. Tiles with nothing drawn in them get no node at all.
 */

#include "config.h"

#include <string.h>

#include "pl-tile-layer.h"

typedef enum
{
  TILE_CHANGED        = 1 << 0,
  LAST_COLUMN_CHANGED = 1 << 1,
  LAST_ROW_CHANGED    = 1 << 2,
  CORNER_CHANGED      = 1 << 3,
} TileChange;

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
  guint8          *changes;   /* a TileChange set for each tile, this frame */
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
  g_free (self->changes);
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
      g_free (self->changes);
      self->changes = g_new0 (guint8, self->columns * self->rows);
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

/* Whether any pixel of the column @x, rows @y to @y + @h, differs. */
static gboolean
column_differs (const guchar *a,
                const guchar *b,
                gint          stride,
                gint          x,
                gint          y,
                gint          h)
{
  for (gint row = y; row < y + h; row++)
    {
      gsize offset = (gsize) row * stride + (gsize) x * 4;

      if (memcmp (a + offset, b + offset, 4) != 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
image_is_empty (cairo_surface_t *image)
{
  return tile_is_empty (cairo_image_surface_get_data (image),
                        cairo_image_surface_get_stride (image), 0, 0,
                        cairo_image_surface_get_width (image),
                        cairo_image_surface_get_height (image));
}

/*
 * A node that paints one tile's pixels where the tile lies, and nowhere
 * else. Each tile's node used to reach one pixel into the tiles right of
 * and below it, carrying its edge colour on under their half-covered edge
 * pixels, against faint seams between tiles; but then one changed tile
 * made GSK repaint up to nine, which took half the frame at 1920×1080. Now
 * the tiles meet without overlapping, and the first column and row of each
 * hold the same colours as before: its own pixels over the edge pixels of
 * the tiles above left, above and left, drawn in that order. A tile is
 * therefore made anew when those edges change too. Returns %NULL when
 * nothing at all is drawn there.
 */
static GskRenderNode *
tile_node (PlTileLayer     *self,
           cairo_surface_t *layer,
           gint             x,
           gint             y,
           gint             w,
           gint             h)
{
  cairo_surface_t *image;
  GskRenderNode *node;
  gdouble scale = self->scale;
  cairo_t *cr;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (image);
  if (x > 0 && y > 0)
    {
      cairo_set_source_surface (cr, layer, -(x - 1), -(y - 1));
      cairo_rectangle (cr, 0, 0, 1, 1);
      cairo_fill (cr);
    }
  if (y > 0)
    {
      cairo_set_source_surface (cr, layer, -x, -(y - 1));
      cairo_rectangle (cr, 0, 0, w, 1);
      cairo_fill (cr);
    }
  if (x > 0)
    {
      cairo_set_source_surface (cr, layer, -(x - 1), -y);
      cairo_rectangle (cr, 0, 0, 1, h);
      cairo_fill (cr);
    }
  cairo_set_source_surface (cr, layer, -x, -y);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (image);

  if (image_is_empty (image))
    {
      cairo_surface_destroy (image);
      return NULL;
    }

  cairo_surface_set_device_scale (image, scale, scale);
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
  cairo_surface_t *layer;

  g_return_val_if_fail (self != NULL && self->current != NULL, 0);

  cairo_surface_flush (self->current);
  now = cairo_image_surface_get_data (self->current);
  before = cairo_image_surface_get_data (self->previous);
  stride = cairo_image_surface_get_stride (self->current);
  pixel_width = cairo_image_surface_get_width (self->current);
  pixel_height = cairo_image_surface_get_height (self->current);

  /* Each tile changed in itself, or where its first column and row are
   * drawn over: its neighbours' last column, last row or corner. */
  for (guint r = 0; r < self->rows; r++)
    for (guint c = 0; c < self->columns; c++)
      {
        gint x = c * PL_TILE_LAYER_TILE;
        gint y = r * PL_TILE_LAYER_TILE;
        gint w = MIN (PL_TILE_LAYER_TILE, pixel_width - x);
        gint h = MIN (PL_TILE_LAYER_TILE, pixel_height - y);
        guint i = r * self->columns + c;

        self->changes[i] = 0;
        if (self->fresh || tile_differs (now, before, stride, x, y, w, h))
          self->changes[i] = TILE_CHANGED;
        if (self->changes[i] != 0 && column_differs (now, before, stride, x + w - 1, y, h))
          self->changes[i] |= LAST_COLUMN_CHANGED;
        if (self->changes[i] != 0 && tile_differs (now, before, stride, x, y + h - 1, w, 1))
          self->changes[i] |= LAST_ROW_CHANGED;
        if (self->changes[i] != 0 && column_differs (now, before, stride, x + w - 1, y + h - 1, 1))
          self->changes[i] |= CORNER_CHANGED;
      }

  layer = cairo_image_surface_create_for_data ((guchar *) now, CAIRO_FORMAT_ARGB32,
                                               pixel_width, pixel_height, stride);
  for (guint r = 0; r < self->rows; r++)
    for (guint c = 0; c < self->columns; c++)
      {
        gint x = c * PL_TILE_LAYER_TILE;
        gint y = r * PL_TILE_LAYER_TILE;
        gint w = MIN (PL_TILE_LAYER_TILE, pixel_width - x);
        gint h = MIN (PL_TILE_LAYER_TILE, pixel_height - y);
        guint i = r * self->columns + c;
        gpointer *slot = &g_ptr_array_index (self->tiles, i);
        gboolean stale = (self->changes[i] & TILE_CHANGED) != 0 ||
                         (c > 0 && (self->changes[i - 1] & LAST_COLUMN_CHANGED) != 0) ||
                         (r > 0 && (self->changes[i - self->columns] & LAST_ROW_CHANGED) != 0) ||
                         (r > 0 && c > 0 &&
                          (self->changes[i - self->columns - 1] & CORNER_CHANGED) != 0);

        if (!stale)
          continue;

        changed++;
        g_clear_pointer (slot, gsk_render_node_unref);
        *slot = tile_node (self, layer, x, y, w, h);
      }
  cairo_surface_destroy (layer);

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
