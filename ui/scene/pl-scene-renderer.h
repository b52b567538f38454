/* pl-scene-renderer.h: paints a scene with cairo, on screen or into files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "pl-palette.h"
#include "pl-scene.h"
#include "pl-scene-cache.h"

G_BEGIN_DECLS

typedef struct
{
  PlSceneColor foreground;        /* text and lines */
  PlSceneColor background;        /* what the scene is drawn over */
  gboolean     paint_background;  /* files need one; the widget has its own */
  gboolean     animate;           /* pulses follow the scene's clock */
  gdouble      text_scale;        /* 1.0 = the size the layout picks */
  gdouble      raster_scale;      /* > 0: repeated pictures may be pixels at this scale,
                                   * even on a recording surface */
} PlSceneStyle;

typedef enum {
  PL_SCENE_LAYER_STATIC  = 1 << 0,  /* background, belts, cards, names, legend */
  PL_SCENE_LAYER_DYNAMIC = 1 << 1,  /* items, workers, numbers, alerts */
  PL_SCENE_LAYER_ALL     = PL_SCENE_LAYER_STATIC | PL_SCENE_LAYER_DYNAMIC,
} PlSceneLayers;

void pl_scene_style_init (PlSceneStyle       *style,
                          gboolean            dark);
/* @cache is the caller's, kept from frame to frame; NULL draws with none. */
void pl_scene_render     (PlScene            *scene,
                          PlSceneCache       *cache,
                          cairo_t            *cr,
                          gdouble             width,
                          gdouble             height,
                          const PlSceneStyle *style);
void pl_scene_render_layers (PlScene            *scene,
                             PlSceneCache       *cache,
                             cairo_t            *cr,
                             gdouble             width,
                             gdouble             height,
                             const PlSceneStyle *style,
                             PlSceneLayers       layers);
gdouble pl_scene_measure_height (PlScene            *scene,
                                 PlSceneCache       *cache,
                                 gdouble             width,
                                 const PlSceneStyle *style);
cairo_surface_t *pl_scene_render_static_layer (PlScene            *scene,
                                               PlSceneCache       *cache,
                                               gdouble             width,
                                               gdouble             height,
                                               gdouble             scale,
                                               const PlSceneStyle *style,
                                               guint              *serial);

G_END_DECLS
