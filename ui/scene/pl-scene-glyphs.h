/* pl-scene-glyphs.h: the small pictures the scene is made of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-scene-renderer.h"

G_BEGIN_DECLS

/* Colours every glyph keeps on light and dark backgrounds alike; they come
 * from a palette chosen to stay apart for colour-blind viewers, and every
 * state also has its own shape. */
void         pl_scene_glyphs_state_color (PlWorkerState       state,
                                          PlSceneColor       *color);
const gchar *pl_scene_glyphs_state_label (PlWorkerState       state);
gboolean     pl_scene_glyphs_state_shown (PlWorkerState       state);

void         pl_scene_glyphs_item_colors (PlSceneColor       *fill,
                                          PlSceneColor       *outline);
void         pl_scene_glyphs_mix         (const PlSceneColor *a,
                                          const PlSceneColor *b,
                                          gdouble             amount,
                                          PlSceneColor       *result);
void         pl_scene_glyphs_rounded_rect (cairo_t           *cr,
                                           gdouble            x,
                                           gdouble            y,
                                           gdouble            width,
                                           gdouble            height,
                                           gdouble            radius);

void         pl_scene_glyphs_item        (cairo_t            *cr,
                                          gdouble             cx,
                                          gdouble             cy,
                                          gdouble             size);
void         pl_scene_glyphs_marker      (cairo_t            *cr,
                                          gdouble             cx,
                                          gdouble             cy,
                                          gdouble             size);
void         pl_scene_glyphs_worker      (cairo_t            *cr,
                                          gdouble             cx,
                                          gdouble             cy,
                                          gdouble             size,
                                          PlWorkerState       state,
                                          gboolean            holds_marker,
                                          const PlSceneStyle *style,
                                          gdouble             phase);

G_END_DECLS
