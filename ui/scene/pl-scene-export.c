/* pl-scene-export.c: render the assembly line to a file, with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "pl-scene-export.h"
#include "pl-scene-renderer.h"

/* Cairo reports most failures on the surface, not on the call. */
static gboolean
check_surface (cairo_surface_t  *surface,
               const gchar      *path,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Could not write %s: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

gchar *
pl_scene_export_begin (const gchar  *path,
                       GError      **error)
{
  g_autofree gchar *folder = NULL;
  g_autofree gchar *name = NULL;
  g_autofree gchar *temp_path = NULL;
  gint fd;
  gint saved_errno;

  g_return_val_if_fail (path != NULL, NULL);

  folder = g_path_get_dirname (path);
  name = g_path_get_basename (path);
  temp_path = g_strdup_printf ("%s%c.%s.XXXXXX", folder, G_DIR_SEPARATOR, name);
  /* The picture gets the usual permissions, as a new file would. */
  fd = g_mkstemp_full (temp_path, O_WRONLY, 0666);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  g_close (fd, NULL);

  return g_steal_pointer (&temp_path);
}

gboolean
pl_scene_export_finish (const gchar  *temp_path,
                        const gchar  *path,
                        gboolean      written,
                        GError      **error)
{
  gint saved_errno;

  g_return_val_if_fail (temp_path != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!written)
    {
      g_unlink (temp_path);
      return FALSE;
    }

  if (g_rename (temp_path, path) != 0)
    {
      saved_errno = errno;
      g_unlink (temp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * pl_scene_export_is_png:
 * @path: a picture's file name
 *
 * The one rule every picture follows: its suffix names its format, in
 * any case, .png for a raster image and .svg for a vector drawing.
 *
 * Returns: %TRUE when @path ends in .png
 */
gboolean
pl_scene_export_is_png (const gchar *path)
{
  g_autofree gchar *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  return g_str_has_suffix (lower, ".png");
}

static gboolean
is_svg (const gchar *path)
{
  g_autofree gchar *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".svg");
}

/**
 * pl_scene_export_draw:
 * @path: a file name ending in .png or .svg
 * @width: the size of the picture, in pixels (PNG) or points (SVG)
 * @height: the height
 * @draw: (scope call): draws the picture
 * @user_data: passed to @draw
 * @error: return location for a one-line error
 *
 * Writes the picture @draw makes into @path, through a new file that
 * replaces @path once whole (see pl_scene_export_begin()). Every picture
 * the program writes with cairo goes through here.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
pl_scene_export_draw (const gchar            *path,
                      gint                    width,
                      gint                    height,
                      PlSceneExportDrawFunc   draw,
                      gpointer                user_data,
                      GError                **error)
{
  g_autofree gchar *temp_path = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean png;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width < 1 || height < 1 || width > 16384 || height > 16384)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The picture size must lie between 1×1 and 16384×16384, not %d×%d"),
                   width, height);
      return FALSE;
    }

  png = pl_scene_export_is_png (path);
  if (!png && !is_svg (path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: the file name must end in .png or .svg"), path);
      return FALSE;
    }

  temp_path = pl_scene_export_begin (path, error);
  if (temp_path == NULL)
    return FALSE;

  if (png)
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  else
    surface = cairo_svg_surface_create (temp_path, width, height);

  if (!check_surface (surface, path, error))
    {
      cairo_surface_destroy (surface);
      pl_scene_export_finish (temp_path, path, FALSE, NULL);
      return FALSE;
    }

  cr = cairo_create (surface);
  draw (cr, width, height, user_data);
  cairo_destroy (cr);

  if (png)
    {
      cairo_status_t status = cairo_surface_write_to_png (surface, temp_path);

      ok = status == CAIRO_STATUS_SUCCESS;
      if (!ok)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("Could not write %s: %s"), path, cairo_status_to_string (status));
    }
  else
    {
      cairo_surface_finish (surface);
      ok = check_surface (surface, path, error);
    }

  cairo_surface_destroy (surface);

  return pl_scene_export_finish (temp_path, path, ok, ok ? error : NULL);
}

typedef struct
{
  PlScene            *scene;
  const PlSceneStyle *style;
} SceneDrawing;

static void
draw_scene (cairo_t  *cr,
            gint      width,
            gint      height,
            gpointer  user_data)
{
  const SceneDrawing *drawing = user_data;

  pl_scene_render (drawing->scene, NULL, cr, width, height, drawing->style);
}

/**
 * pl_scene_export_scene:
 * @scene: the scene to draw
 * @style: its colours
 * @path: a file name ending in .png or .svg
 * @width: the size of the picture, in pixels (PNG) or points (SVG)
 * @height: the height
 * @error: return location for a one-line error
 *
 * Draws @scene into @path. Used for exports from the window and from the
 * command line alike.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
pl_scene_export_scene (PlScene             *scene,
                       const PlSceneStyle  *style,
                       const gchar         *path,
                       gint                 width,
                       gint                 height,
                       GError             **error)
{
  SceneDrawing drawing = { scene, style };

  g_return_val_if_fail (PL_IS_SCENE (scene), FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pl_scene_export_draw (path, width, height, draw_scene, &drawing, error);
}

/**
 * pl_scene_export_build:
 * @config: the line's settings
 * @earlier: (nullable): see pl_scene_export_measured()
 * @sample: what to show
 *
 * Returns: (transfer full): the scene a picture of @sample draws
 */
PlScene *
pl_scene_export_build (const PlConfig *config,
                       const PlSample *earlier,
                       const PlSample *sample)
{
  PlScene *scene = pl_scene_new ();
  const gchar *title = NULL;

  g_return_val_if_fail (config != NULL, scene);
  g_return_val_if_fail (sample != NULL, scene);

  if (config->preset[0] != '\0')
    title = pl_config_preset_title (config->preset);

  pl_scene_set_title (scene, title != NULL ? title : _("Custom pipeline"));
  /* The scene holds a reference, but never changes the samples. */
  if (earlier != NULL)
    pl_scene_push_sample (scene, (PlSample *)earlier);
  pl_scene_push_sample (scene, (PlSample *)sample);

  return scene;
}

gboolean
pl_scene_export (const PlConfig  *config,
                 const PlSample  *sample,
                 const gchar     *path,
                 gint             width,
                 gint             height,
                 GError         **error)
{
  return pl_scene_export_measured (config, NULL, sample, path, width, height, error);
}

/**
 * pl_scene_export_measured:
 * @config: the line's settings
 * @earlier: (nullable): a sample of the same run a rate window or more
 *   before @sample, so that live rates can be measured; without it a
 *   running line's rates show as not measured yet
 * @sample: what to draw
 *
 * As pl_scene_export().
 */
gboolean
pl_scene_export_measured (const PlConfig  *config,
                          const PlSample  *earlier,
                          const PlSample  *sample,
                          const gchar     *path,
                          gint             width,
                          gint             height,
                          GError         **error)
{
  g_autoptr(PlScene) scene = NULL;
  PlSceneStyle style;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  scene = pl_scene_export_build (config, earlier, sample);
  pl_scene_style_init (&style, FALSE);

  return pl_scene_export_scene (scene, &style, path, width, height, error);
}
