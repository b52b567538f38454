/* pl-scene-renderer.c: paints a scene with cairo, on screen or into files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The line reads top to bottom: the source, then one row per stage (the
 * stage's input queue as a conveyor belt, then its workers), then the done
 * queue. Rows wrap into two columns past six stages, and everything scales
 * with the space available, so one function serves the window, exports and
 * screenshots alike.
 *
 * A frame has two layers. The static one (background, belts, cards, names,
 * legend) only changes with the size, the style or the shape of the line;
 * the dynamic one (items, workers, counters, alerts) changes with every
 * sample. Both are plain cairo. On raster targets the static layer, the
 * layout and the small pictures that repeat (items, worker glyphs, badges)
 * are kept in the caller's cache (pl-scene-cache.c) and reused, so a frame
 * is mostly copies; vector targets get every shape drawn as a path.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pl-scene-glyphs.h"
#include "pl-scene-renderer-private.h"

void
pl_scene_style_init (PlSceneStyle *style,
                     gboolean      dark)
{
  static const PlSceneColor light_fg = { 0.11, 0.11, 0.13, 1 };
  static const PlSceneColor light_bg = { 1, 1, 1, 1 };
  static const PlSceneColor dark_fg = { 1, 1, 1, 1 };
  static const PlSceneColor dark_bg = { 0.14, 0.14, 0.14, 1 };

  g_return_if_fail (style != NULL);

  style->foreground = dark ? dark_fg : light_fg;
  style->background = dark ? dark_bg : light_bg;
  style->paint_background = TRUE;
  style->animate = FALSE;
  style->text_scale = 1.0;
  style->raster_scale = 0;
}

static gboolean
source_blocked (Painter *p)
{
  return p->sample->queues[0].stats.putters_waiting > 0 && pl_scene_queue_is_full (p->scene, 0);
}

/* Everything that only changes with the size, the style or the shape. */
static void
paint_static (Painter *p,
              gdouble  width,
              gdouble  height)
{
  const PlSceneLayout *l = p->l;
  guint n_stages = MIN (p->sample->n_stages, PL_MAX_STAGES);

  if (p->style->paint_background)
    {
      pl_palette_set_source (p->cr, &p->bg);
      cairo_rectangle (p->cr, 0, 0, width, height);
      cairo_fill (p->cr);
    }

  _pl_scene_paint_title_static (p);
  _pl_scene_paint_legend (p, l->margin, l->legend_y, width - 2 * l->margin, FALSE);

  /* Connectors first, so belts and cards sit on top of them. */
  _pl_scene_paint_connector (p, l->source.x + p->fs, l->source.y + l->source.height,
                             l->gutter_x[0], &l->belts[0], FALSE);
  for (guint s = 0; s < n_stages; s++)
    _pl_scene_paint_connector (p, l->cards[s].x + l->cards[s].width * 0.5, l->cards[s].y + l->cards[s].height,
                               l->gutter_x[s + 1], &l->belts[s + 1], FALSE);

  for (guint q = 0; q <= n_stages; q++)
    {
      _pl_scene_paint_feed_arrow (p, q);
      _pl_scene_paint_belt_static (p, q);
    }
  for (guint s = 0; s < n_stages; s++)
    _pl_scene_paint_stage_static (p, s);
  _pl_scene_paint_card_frame (p, &l->cards[n_stages]);
}

/* Everything that the numbers and states decide. */
static void
paint_dynamic (Painter *p)
{
  const PlSceneLayout *l = p->l;
  guint n_stages = MIN (p->sample->n_stages, PL_MAX_STAGES);

  _pl_scene_paint_title_dynamic (p);
  _pl_scene_paint_source (p);

  /* The connector into a queue turns red while whatever feeds it is stuck
   * on a full queue. */
  if (source_blocked (p))
    _pl_scene_paint_connector (p, l->source.x + p->fs, l->source.y + l->source.height,
                               l->gutter_x[0], &l->belts[0], TRUE);
  for (guint s = 0; s < n_stages; s++)
    if (pl_scene_stage_is_blocked (p->scene, s))
      _pl_scene_paint_connector (p, l->cards[s].x + l->cards[s].width * 0.5, l->cards[s].y + l->cards[s].height,
                                 l->gutter_x[s + 1], &l->belts[s + 1], TRUE);

  for (guint q = 0; q <= n_stages; q++)
    _pl_scene_paint_belt_dynamic (p, q);
  for (guint s = 0; s < n_stages; s++)
    _pl_scene_paint_stage_dynamic (p, s);
  _pl_scene_paint_done (p);
}

static void
color_key (GString            *out,
           const PlSceneColor *color)
{
  g_string_append_printf (out, "%.3f,%.3f,%.3f,%.3f;",
                          color->red, color->green, color->blue, color->alpha);
}

/* What the layout and the static layer depend on. */
static void
make_signature (Painter *p,
                GString *out,
                gdouble  width,
                gdouble  height)
{
  const PlSample *sample = p->sample;

  g_string_printf (out, "%.2fx%.2f@%.3f|%.3f|%d|", width, height, p->scale,
                   p->style->text_scale, p->style->paint_background);
  color_key (out, &p->style->foreground);
  color_key (out, &p->style->background);
  g_string_append (out, pl_scene_get_title (p->scene) ? pl_scene_get_title (p->scene) : "");
  g_string_append_printf (out, "|%u|%d", sample->n_stages, sample->max_held > 0);
  for (guint s = 0; s < MIN (sample->n_stages, PL_MAX_STAGES); s++)
    g_string_append_printf (out, "|%s:%u", sample->stages[s].name, sample->stages[s].n_workers);
  for (guint q = 0; q < MIN (sample->n_queues, PL_MAX_QUEUES); q++)
    g_string_append_printf (out, "|%u", pl_scene_get_n_slots (p->scene, q));
}

static void
painter_init (Painter            *p,
              PlScene            *scene,
              PlSceneCache       *cache,
              cairo_t            *cr,
              const PlSceneStyle *style)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));
  gdouble dx = 1, dy = 0;

  memset (p, 0, sizeof *p);
  p->cr = cr;
  p->scene = scene;
  p->style = style;
  p->sample = pl_scene_get_sample (scene);
  if (cache == NULL)
    cache = p->own_cache = pl_scene_cache_new ();
  p->cache = cache;
  /* Pictures kept as pixels would blur vector output. */
  p->raster = type == CAIRO_SURFACE_TYPE_IMAGE ||
              (type == CAIRO_SURFACE_TYPE_RECORDING && style->raster_scale > 0);
  cairo_user_to_device_distance (cr, &dx, &dy);
  p->scale = MAX (0.25, hypot (dx, dy));
  if (type == CAIRO_SURFACE_TYPE_RECORDING && style->raster_scale > 0)
    p->scale = style->raster_scale;
  p->fg = style->foreground;
  p->bg = style->background;
  pl_scene_glyphs_mix (&p->fg, &p->bg, 0.3, &p->muted);
  pl_scene_glyphs_mix (&p->fg, &p->bg, 0.55, &p->line);
  pl_scene_glyphs_mix (&p->fg, &p->bg, 0.94, &p->card);
  pl_scene_glyphs_state_color (PL_WORKER_WAITING_PUT, &p->alert);
}

static void
paint_static_layer (Painter *p,
                    gdouble  width,
                    gdouble  height)
{
  cairo_t *cr = p->cr;

  /* An opaque layer replaces what was there: a plain copy. */
  if (p->style->paint_background)
    cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, pl_scene_cache_get_layer (p->cache), 0, 0);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
}

/* Brings the layout, and on raster targets the static layer, up to date.
 * Returns FALSE when there is no line to draw. */
static gboolean
painter_prepare (Painter *p,
                 gdouble  width,
                 gdouble  height,
                 gboolean static_layer)
{
  g_autoptr(GString) signature = g_string_new (NULL);
  PlSceneLayout *layout;

  p->width = width;
  p->height = height;
  if (p->sample == NULL || p->sample->n_stages == 0)
    return FALSE;

  layout = pl_scene_cache_get_layout (p->cache);
  make_signature (p, signature, width, height);
  if (pl_scene_cache_update (p->cache, signature->str))
    _pl_scene_compute_layout (p, layout, width, height);

  p->l = layout;
  p->fs = p->l->fs;
  p->pad = p->l->pad;

  if (static_layer && pl_scene_cache_get_layer (p->cache) == NULL)
    {
      cairo_surface_t *layer;
      cairo_t *cr = p->cr;

      layer = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                          (gint)ceil (width * p->scale),
                                          (gint)ceil (height * p->scale));
      cairo_surface_set_device_scale (layer, p->scale, p->scale);
      p->cr = cairo_create (layer);
      paint_static (p, width, height);
      cairo_destroy (p->cr);
      p->cr = cr;
      pl_scene_cache_set_layer (p->cache, layer);
    }

  return TRUE;
}

static void
painter_finish (Painter *p)
{
  pl_scene_cache_end_frame (p->cache);
  g_clear_pointer (&p->own_cache, pl_scene_cache_free);
}

static void
paint_empty (Painter *p,
             gdouble  width,
             gdouble  height)
{
  const gchar *text = _("No pipeline yet: pick a lesson");

  if (p->style->paint_background)
    {
      pl_palette_set_source (p->cr, &p->bg);
      cairo_rectangle (p->cr, 0, 0, width, height);
      cairo_fill (p->cr);
    }

  p->fs = CLAMP (MIN (width, height) / 30, 8, 22);
  _pl_scene_paint_text (p, p->cr, text, (width - _pl_scene_measure_text (p, text, 1.2, TRUE)) / 2,
                        height / 2 - p->fs, -1, 1.2, TRUE, &p->muted, FALSE);
}

/**
 * pl_scene_render_layers:
 * @scene: the scene to paint
 * @cache: (nullable): what the caller keeps from frame to frame
 * @cr: where to paint it
 * @width: the width of the area, in the units of @cr
 * @height: the height of the area
 * @style: colours and options
 * @layers: which layers to paint
 *
 * Paints the static layer (background, belts, cards, names and legend),
 * the dynamic one (items, workers, numbers and alerts), or both, into the
 * area (0, 0, @width, @height) of @cr. Needs no display.
 */
void
pl_scene_render_layers (PlScene            *scene,
                        PlSceneCache       *cache,
                        cairo_t            *cr,
                        gdouble             width,
                        gdouble             height,
                        const PlSceneStyle *style,
                        PlSceneLayers       layers)
{
  Painter painter;
  Painter *p = &painter;

  g_return_if_fail (PL_IS_SCENE (scene));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  painter_init (p, scene, cache, cr, style);
  cairo_save (cr);

  if (!painter_prepare (p, width, height, p->raster && (layers & PL_SCENE_LAYER_STATIC)))
    {
      if (layers & PL_SCENE_LAYER_STATIC)
        paint_empty (p, width, height);
    }
  else
    {
      if (layers & PL_SCENE_LAYER_STATIC)
        {
          if (p->raster)
            paint_static_layer (p, width, height);
          else
            paint_static (p, width, height);
        }

      if (layers & PL_SCENE_LAYER_DYNAMIC)
        paint_dynamic (p);
    }

  painter_finish (p);
  cairo_restore (cr);
}

/**
 * pl_scene_render:
 * @scene: the scene to paint
 * @cache: (nullable): what the caller keeps from frame to frame
 * @cr: where to paint it
 * @width: the width of the area, in the units of @cr
 * @height: the height of the area
 * @style: colours and options
 *
 * Paints the whole assembly line, with its legend, into the area
 * (0, 0, @width, @height) of @cr. Needs no display.
 */
void
pl_scene_render (PlScene            *scene,
                 PlSceneCache       *cache,
                 cairo_t            *cr,
                 gdouble             width,
                 gdouble             height,
                 const PlSceneStyle *style)
{
  pl_scene_render_layers (scene, cache, cr, width, height, style, PL_SCENE_LAYER_ALL);
}

/**
 * pl_scene_measure_height:
 * @scene: the scene
 * @cache: (nullable): what the caller keeps; only its shaped text is used
 * @width: the width it will be drawn at
 * @style: the style it will be drawn with
 *
 * Returns: the height the line needs at @width with its text at its
 *   smallest readable size; pl_scene_render() given less draws text past
 *   the bottom. 0 when there is no line to draw.
 */
gdouble
pl_scene_measure_height (PlScene            *scene,
                         PlSceneCache       *cache,
                         gdouble             width,
                         const PlSceneStyle *style)
{
  cairo_surface_t *target;
  cairo_t *cr;
  Painter painter;
  gdouble needed = 0;

  g_return_val_if_fail (PL_IS_SCENE (scene), 0);
  g_return_val_if_fail (style != NULL, 0);

  target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (target);
  painter_init (&painter, scene, cache, cr, style);
  if (painter.sample != NULL && painter.sample->n_stages > 0 && width > 0)
    {
      g_autofree PlSceneLayout *layout = g_new0 (PlSceneLayout, 1);

      painter.width = width;
      _pl_scene_compute_layout (&painter, layout, width, 0);
      needed = ceil (layout->needed);
    }
  g_clear_pointer (&painter.own_cache, pl_scene_cache_free);
  cairo_destroy (cr);
  cairo_surface_destroy (target);

  return needed;
}

/**
 * pl_scene_render_static_layer:
 * @scene: the scene
 * @cache: where the layer is kept
 * @width: the width of the area
 * @height: the height
 * @scale: device pixels per unit
 * @style: colours and options
 * @serial: (out): changes whenever the layer does
 *
 * Returns: (transfer none) (nullable): the static layer as an image, kept
 *   in @cache, or %NULL when there is no line to draw
 */
cairo_surface_t *
pl_scene_render_static_layer (PlScene            *scene,
                              PlSceneCache       *cache,
                              gdouble             width,
                              gdouble             height,
                              gdouble             scale,
                              const PlSceneStyle *style,
                              guint              *serial)
{
  cairo_surface_t *target;
  cairo_t *cr;
  Painter painter;
  gboolean ok;

  g_return_val_if_fail (PL_IS_SCENE (scene), NULL);
  g_return_val_if_fail (cache != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);
  g_return_val_if_fail (serial != NULL, NULL);

  /* A 1×1 target only tells the painter the scale. */
  target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_surface_set_device_scale (target, scale, scale);
  cr = cairo_create (target);
  painter_init (&painter, scene, cache, cr, style);
  ok = painter_prepare (&painter, width, height, TRUE);
  cairo_destroy (cr);
  cairo_surface_destroy (target);

  *serial = pl_scene_cache_get_serial (painter.cache);
  return ok ? pl_scene_cache_get_layer (painter.cache) : NULL;
}
