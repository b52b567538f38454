/* test-frames.c: a frame that looks like the one before costs nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GSK repaints only where one frame's render nodes differ from the last
 * frame's, and the software renderer downloads and converts every texture
 * node it draws, on every frame. The line used to hand over its static
 * layer as a texture node and its moving layer as one new full-size cairo
 * node a frame: the whole canvas was converted and repainted sixty times a
 * second while it animated. Here the same scene drawn twice must give the
 * very same nodes, with no texture node among them, and one changed pixel
 * must change one tile only.
 */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>
#include <gsk/gl/gskglrenderer.h>

#include "pl-line-view.h"
#include "pl-memory-meter.h"
#include "pl-pipeline.h"
#include "pl-test-window.h"
#include "pl-tile-layer.h"

/* A layer of 4 columns and 3 rows of tiles, the last ones narrower. */
#define T PL_TILE_LAYER_TILE
#define LAYER_WIDTH (3 * T + 8)
#define LAYER_HEIGHT (2 * T + 2)

static void
draw_box (PlTileLayer *layer,
          gdouble      x,
          gdouble      y)
{
  cairo_t *cr = pl_tile_layer_begin (layer, LAYER_WIDTH, LAYER_HEIGHT, 1);

  cairo_set_source_rgb (cr, 0.2, 0.4, 0.8);
  cairo_rectangle (cr, 10, 10, 20, 20);
  cairo_fill (cr);
  cairo_rectangle (cr, x, y, 1, 1);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
test_tiles_kept (void)
{
  g_autoptr(PlTileLayer) layer = pl_tile_layer_new ();
  g_autoptr(GPtrArray) before = g_ptr_array_new ();
  guint n_tiles;
  guint changed;

  draw_box (layer, 2 * T + 22, T + 36);
  changed = pl_tile_layer_end (layer);
  n_tiles = pl_tile_layer_get_n_tiles (layer);
  /* 4 columns, 3 rows. */
  g_assert_cmpuint (n_tiles, ==, 12);
  g_assert_cmpuint (changed, ==, n_tiles);
  for (guint i = 0; i < n_tiles; i++)
    g_ptr_array_add (before, pl_tile_layer_get_tile (layer, i));
  /* Only the two tiles with something drawn in them have a node: the
   * box's, first, and the dot's, in the second row's third column. */
  for (guint i = 0; i < n_tiles; i++)
    g_assert_true ((pl_tile_layer_get_tile (layer, i) != NULL) == (i == 0 || i == 6));

  /* The same pixels: the same nodes. */
  draw_box (layer, 2 * T + 22, T + 36);
  g_assert_cmpuint (pl_tile_layer_end (layer), ==, 0);
  for (guint i = 0; i < n_tiles; i++)
    g_assert_true (pl_tile_layer_get_tile (layer, i) == g_ptr_array_index (before, i));

  /* The dot moves into the next tile: those two change, nothing else. */
  draw_box (layer, 3 * T + 3, T + 36);
  g_assert_cmpuint (pl_tile_layer_end (layer), ==, 2);
  for (guint i = 0; i < n_tiles; i++)
    {
      if (i == 6)
        g_assert_null (pl_tile_layer_get_tile (layer, i));
      else if (i == 7)
        g_assert_nonnull (pl_tile_layer_get_tile (layer, i));
      else
        g_assert_true (pl_tile_layer_get_tile (layer, i) == g_ptr_array_index (before, i));
    }
}

/* Half-covered shapes across the seams between the first tiles. */
static void
draw_across_seams (cairo_t *cr)
{
  cairo_set_source_rgba (cr, 0.8, 0.3, 0.1, 0.7);
  cairo_arc (cr, T + 0.3, T + 0.6, 9.7, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 0.1, 0.2, 0.9, 0.9);
  cairo_set_line_width (cr, 1.3);
  cairo_move_to (cr, T - 23.8, 5.5);
  cairo_line_to (cr, 2 * T + 22.7, 2 * T - 7.9);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, 0.9, 0.5, 0.2, 0.6);
  cairo_rectangle (cr, T - 1, 20, 1, 1);
  cairo_fill (cr);
}

/* Every byte of @node drawn over grey by @renderer, the size of the layer. */
static guchar *
render_over_grey (GskRenderer   *renderer,
                  GskRenderNode *node)
{
  GdkRGBA grey = { 0.93, 0.93, 0.93, 1 };
  GskRenderNode *children[2];
  g_autoptr(GskRenderNode) scene = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guchar *pixels = g_malloc (LAYER_WIDTH * LAYER_HEIGHT * 4);

  children[0] = gsk_color_node_new (&grey, &GRAPHENE_RECT_INIT (0, 0, LAYER_WIDTH, LAYER_HEIGHT));
  children[1] = node;
  scene = gsk_container_node_new (children, 2);
  gsk_render_node_unref (children[0]);
  texture = gsk_renderer_render_texture (renderer, scene, &GRAPHENE_RECT_INIT (0, 0, LAYER_WIDTH, LAYER_HEIGHT));
  gdk_texture_download (texture, pixels, LAYER_WIDTH * 4);

  return pixels;
}

/* The tiles meet exactly, without overlapping, so a changed tile repaints
 * itself alone; and together they draw, pixel for pixel, what the layer
 * drawn as one picture draws. Shapes that half cover a tile's edge leave
 * no seam, with the software renderer and with GL. */
static void
test_tiles_meet (void)
{
  g_autoptr(PlTileLayer) layer = pl_tile_layer_new ();
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
  g_autoptr(GskRenderNode) tiled = NULL;
  g_autoptr(GskRenderNode) whole = NULL;
  cairo_t *cr;
  const gchar *names[] = { "cairo", "gl" };

  cr = pl_tile_layer_begin (layer, LAYER_WIDTH, LAYER_HEIGHT, 1);
  draw_across_seams (cr);
  cairo_destroy (cr);
  g_assert_cmpuint (pl_tile_layer_end (layer), ==, 12);

  for (guint i = 0; i < 12; i++)
    {
      GskRenderNode *node = pl_tile_layer_get_tile (layer, i);
      graphene_rect_t bounds;

      if (node == NULL)
        continue;
      gsk_render_node_get_bounds (node, &bounds);
      g_assert_cmpfloat (bounds.origin.x, ==, (i % 4) * T);
      g_assert_cmpfloat (bounds.origin.y, ==, (i / 4) * T);
      g_assert_cmpfloat (bounds.size.width, ==, MIN (T, LAYER_WIDTH - (i % 4) * T));
      g_assert_cmpfloat (bounds.size.height, ==, MIN (T, LAYER_HEIGHT - (i / 4) * T));
      g_ptr_array_add (tiles, node);
    }
  /* The arc reaches into four tiles, and the line into more. */
  g_assert_cmpuint (tiles->len, >=, 4);
  tiled = gsk_container_node_new ((GskRenderNode **) tiles->pdata, tiles->len);

  whole = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, LAYER_WIDTH, LAYER_HEIGHT));
  cr = gsk_cairo_node_get_draw_context (whole);
  draw_across_seams (cr);
  cairo_destroy (cr);

  for (guint r = 0; r < G_N_ELEMENTS (names); r++)
    {
      g_autoptr(GskRenderer) renderer = NULL;
      g_autofree guchar *a = NULL;
      g_autofree guchar *b = NULL;
      gsize differ = 0;

      renderer = r == 0 ? gsk_cairo_renderer_new () : gsk_gl_renderer_new ();
      if (!gsk_renderer_realize (renderer, NULL, NULL))
        {
          g_test_message ("no %s renderer here", names[r]);
          g_assert_cmpuint (r, !=, 0);
          continue;
        }
      a = render_over_grey (renderer, tiled);
      b = render_over_grey (renderer, whole);
      gsk_renderer_unrealize (renderer);
      for (gsize i = 0; i < LAYER_WIDTH * LAYER_HEIGHT * 4; i++)
        differ += a[i] != b[i];
      g_test_message ("%s: %" G_GSIZE_FORMAT " bytes differ", names[r], differ);
      g_assert_cmpuint (differ, ==, 0);
    }
}

static void
collect_leaves (GskRenderNode *node,
                GPtrArray     *leaves)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_leaves (gsk_container_node_get_child (node, i), leaves);
      break;
    case GSK_TRANSFORM_NODE:
      collect_leaves (gsk_transform_node_get_child (node), leaves);
      break;
    case GSK_CLIP_NODE:
      collect_leaves (gsk_clip_node_get_child (node), leaves);
      break;
    default:
      g_ptr_array_add (leaves, gsk_render_node_ref (node));
      break;
    }
}

static GPtrArray *
snapshot_leaves (GtkWidget *widget)
{
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GPtrArray *leaves = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  collect_leaves (node, leaves);

  return leaves;
}

static void
test_line_same_nodes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlPipeline) pipeline = NULL;
  g_autoptr(PlMonitor) monitor = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  GtkWidget *window;
  GtkWidget *line_view;
  guint n_cairo = 0;
  PlConfig config;

  if (pl_test_skip_without_display ())
    return;

  pl_config_init_default (&config);
  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  g_assert_no_error (error);
  pipeline = pl_pipeline_new (&config);

  window = gtk_window_new ();
  line_view = pl_line_view_new ();
  monitor = pl_monitor_new (pipeline);
  pl_line_view_set_monitor (PL_LINE_VIEW (line_view), monitor);
  gtk_window_set_child (GTK_WINDOW (window), line_view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  pl_test_wait_shown (line_view);
  pl_line_view_sync (PL_LINE_VIEW (line_view));

  first = snapshot_leaves (line_view);
  second = snapshot_leaves (line_view);

  g_assert_cmpuint (first->len, ==, second->len);
  for (guint i = 0; i < first->len; i++)
    {
      GskRenderNode *a = g_ptr_array_index (first, i);
      GskRenderNode *b = g_ptr_array_index (second, i);

      /* The software renderer converts a texture node's pixels each frame. */
      g_assert_cmpint (gsk_render_node_get_node_type (a), !=, GSK_TEXTURE_NODE);
      if (gsk_render_node_get_node_type (a) == GSK_CAIRO_NODE)
        {
          graphene_rect_t bounds;

          n_cairo++;
          if (a != b)
            g_error ("Drawn node %u of %u is a new node though nothing changed", i, first->len);
          /* No picture larger than a tile: the renderer draws each one
           * whole wherever it meets the changed area, so one large
           * picture would be drawn again for a changed corner of it. */
          gsk_render_node_get_bounds (a, &bounds);
          g_assert_cmpfloat (bounds.size.width, <=, PL_TILE_LAYER_TILE);
          g_assert_cmpfloat (bounds.size.height, <=, PL_TILE_LAYER_TILE);
        }
    }
  /* The static layer's tiles (1000×700, a few pixels fewer across for
   * the window's frame, in tiles: 48 of them at 128 px), and some tiles
   * of numbers and items. */
  g_assert_cmpuint (n_cairo, >=, ((1000 - 20) / T) * (700 / T));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
count_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* The header's memory meter used to redraw, laying out its six texts
 * again, on every sample whose count of items held changed: up to sixty
 * times a second. It redraws at most four times a second now. */
static void
test_meter_redraws (void)
{
  GtkWidget *window;
  GtkWidget *meter;
  GdkFrameClock *clock;
  gint64 start;
  gint64 elapsed;
  guint renders = 0;
  guint allowed;
  gulong handler;

  if (pl_test_skip_without_display ())
    return;

  window = gtk_window_new ();
  meter = pl_memory_meter_new ();
  gtk_window_set_child (GTK_WINDOW (window), meter);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 40);
  gtk_window_present (GTK_WINDOW (window));
  pl_test_wait_shown (meter);
  /* Let the first frames go by. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  /* The frame clock paints only when something asked for a redraw. */
  clock = gtk_widget_get_frame_clock (meter);
  handler = g_signal_connect (clock, "paint", G_CALLBACK (count_paint_cb), &renders);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(PlSample) sample = pl_sample_new ();

      /* A new count of items held each time, as in a busy line. */
      sample->time_us = g_get_monotonic_time ();
      sample->held = i + 1;
      sample->held_bytes = 64 * (i + 1);
      sample->rss_bytes = 100 * 1000 * 1000;
      pl_memory_meter_push_sample (PL_MEMORY_METER (meter), sample);
      for (gint64 frame_end = g_get_monotonic_time () + 16667; g_get_monotonic_time () < frame_end;)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
    }
  elapsed = g_get_monotonic_time () - start;
  g_signal_handler_disconnect (clock, handler);

  /* Four a second over however long it took, one at the start, and one
   * for a frame that was already on its way. */
  allowed = 2 + (guint) (elapsed / (250 * 1000));
  g_test_message ("%u renders for 60 samples in %.2f s", renders, elapsed / 1e6);
  g_assert_cmpuint (renders, >=, 1);
  g_assert_cmpuint (renders, <=, allowed);
  g_assert_cmpuint (pl_memory_meter_get_held (PL_MEMORY_METER (meter)), ==, 60);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  pl_test_init (&argc, &argv);

  g_test_add_func ("/pl/frames/tiles-kept", test_tiles_kept);
  g_test_add_func ("/pl/frames/tiles-meet", test_tiles_meet);
  g_test_add_func ("/pl/frames/line-same-nodes", test_line_same_nodes);
  g_test_add_func ("/pl/frames/meter-redraws", test_meter_redraws);

  return g_test_run ();
}
