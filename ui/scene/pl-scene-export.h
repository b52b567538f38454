/* pl-scene-export.h: render the assembly line to a file, with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-config.h"
#include "pl-sample.h"
#include "pl-scene-renderer.h"

G_BEGIN_DECLS

/*
 * Draws `sample` with the scene renderer (plain cairo, no GTK widget and no
 * display needed) into `path`: .png (raster, width×height pixels) or .svg
 * (vector). Returns FALSE with a one-line error for an unknown extension or
 * an unwritable file.
 */
gboolean pl_scene_export (const PlConfig *config,
                          const PlSample *sample,
                          const gchar    *path,
                          gint            width,
                          gint            height,
                          GError        **error);

/* The same, with a sample of the same run a rate window or more before
 * @sample (or NULL), so that a running line's rates can be measured. */
gboolean pl_scene_export_measured (const PlConfig *config,
                                   const PlSample *earlier,
                                   const PlSample *sample,
                                   const gchar    *path,
                                   gint            width,
                                   gint            height,
                                   GError        **error);

/* The scene those pictures draw. */
PlScene *pl_scene_export_build    (const PlConfig *config,
                                   const PlSample *earlier,
                                   const PlSample *sample);

/*
 * Every picture is written to a new file beside @path, which then replaces
 * @path in one rename: a reader never sees half a picture, and a failed
 * write leaves what was there. pl_scene_export_begin() makes that file and
 * returns its name; pl_scene_export_finish() renames it into place when
 * @written, and removes it otherwise (or when the rename fails).
 */
gchar   *pl_scene_export_begin  (const gchar     *path,
                                 GError         **error);
gboolean pl_scene_export_finish (const gchar     *temp_path,
                                 const gchar     *path,
                                 gboolean         written,
                                 GError         **error);

/* Draws a picture of @width × @height, in pixels or points, into @cr. */
typedef void (*PlSceneExportDrawFunc) (cairo_t  *cr,
                                       gint      width,
                                       gint      height,
                                       gpointer  user_data);

/*
 * Writes what @draw draws into @path, the one way every picture is
 * written: .png or .svg, the suffix in any case (pl_scene_export_is_png()),
 * at @width × @height from 1 to 16384 each, or FALSE with a one-line error.
 */
gboolean pl_scene_export_draw   (const gchar            *path,
                                 gint                    width,
                                 gint                    height,
                                 PlSceneExportDrawFunc   draw,
                                 gpointer                user_data,
                                 GError                **error);
gboolean pl_scene_export_is_png (const gchar            *path);

/* The same, for a scene the window already shows. */
gboolean pl_scene_export_scene (PlScene            *scene,
                                const PlSceneStyle *style,
                                const gchar        *path,
                                gint                width,
                                gint                height,
                                GError            **error);

G_END_DECLS
