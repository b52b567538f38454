/* pl-scene-renderer.h: paints a scene with cairo, on screen or into files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "pl-scene.h"

G_BEGIN_DECLS

typedef struct
{
  gdouble red;
  gdouble green;
  gdouble blue;
  gdouble alpha;
} PlSceneColor;

typedef struct
{
  PlSceneColor foreground;        /* text and lines */
  PlSceneColor background;        /* what the scene is drawn over */
  gboolean     paint_background;  /* files need one; the widget has its own */
  gboolean     animate;           /* pulses follow the scene's clock */
  gdouble      text_scale;        /* 1.0 = the size the layout picks */
} PlSceneStyle;

void pl_scene_style_init (PlSceneStyle       *style,
                          gboolean            dark);
void pl_scene_render     (PlScene            *scene,
                          cairo_t            *cr,
                          gdouble             width,
                          gdouble             height,
                          const PlSceneStyle *style);

G_END_DECLS
