/* pl-scene-compare.h: two lines stacked, with the difference between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "pl-compare.h"
#include "pl-scene-renderer.h"

G_BEGIN_DECLS

/* Where each part of a compare picture goes, top to bottom: line A's
 * label and canvas, the difference strip, line B's label and canvas. */
typedef struct
{
  gdouble label_height;
  gdouble line_height;
  gdouble strip_height;
  gdouble line_y[2];      /* top of each line's canvas */
  gdouble label_y[2];     /* top of each line's label */
  gdouble strip_y;
} PlSceneCompareLayout;

void     pl_scene_compare_layout (gdouble                  width,
                                  gdouble                  height,
                                  PlSceneCompareLayout    *layout);

/*
 * Draws @scenes[0] above @scenes[1], each under its label, and between them
 * a strip with the two lines' throughput, polls, CPU of the line's threads
 * and memory held, as @measures holds them. Plain cairo: the window and the
 * files draw the same way.
 */
void     pl_scene_compare_render (PlScene                 *const scenes[2],
                                  const gchar             *const labels[2],
                                  const PlCompareMeasure  *measures,
                                  cairo_t                 *cr,
                                  gdouble                  width,
                                  gdouble                  height,
                                  const PlSceneStyle      *style);

/* The strip alone, @height tall, text at most @text_size pixels. */
void     pl_scene_compare_render_strip   (const PlCompareMeasure *measures,
                                          cairo_t                *cr,
                                          gdouble                 width,
                                          gdouble                 height,
                                          gdouble                 text_size,
                                          const PlSceneStyle     *style);
/* Translated: what the strip shows, as sentences a screen reader reads. */
gchar   *pl_scene_compare_describe_strip (const PlCompareMeasure *measures);

/* Both lines, as pl_scene_compare_render() draws them, into @path, .png
 * or .svg, as pl_scene_export_draw() writes every picture. */
gboolean pl_scene_compare_export_scenes (PlScene                *const scenes[2],
                                         const gchar            *const labels[2],
                                         const PlCompareMeasure *measures,
                                         const PlSceneStyle     *style,
                                         const gchar            *path,
                                         gint                    width,
                                         gint                    height,
                                         GError                **error);

/* The two lines' last samples (and, when not NULL, samples a rate window
 * before them) into @path, .png or .svg, as pl_scene_export() writes one. */
gboolean pl_scene_compare_export (PlCompare               *compare,
                                  PlSample                *const earlier[2],
                                  PlSample                *const samples[2],
                                  const gchar             *path,
                                  gint                     width,
                                  gint                     height,
                                  GError                 **error);

G_END_DECLS
