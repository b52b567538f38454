/* pl-window-export.c: pictures and numbers out of the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pl-report.h"
#include "pl-scene-export.h"
#include "pl-window-private.h"

/* A row per this many microseconds keeps an hour of class under 20 MB. */
#define METRICS_INTERVAL_US (G_USEC_PER_SEC / 4)

/* Exports of the canvas are never smaller than this. */
#define MIN_EXPORT_WIDTH  640
#define MIN_EXPORT_HEIGHT 400

void
_pl_window_reset_metrics (PlWindow *self)
{
  g_string_truncate (self->metrics, 0);
  self->metrics_last_us = 0;
  self->last_sample_logged = FALSE;
  g_clear_pointer (&self->last_sample, pl_sample_unref);
}

static void
pl_window_append_row (PlWindow       *self,
                      const PlSample *sample)
{
  g_autofree gchar *row = NULL;

  if (self->metrics->len == 0)
    {
      g_autofree gchar *header = pl_report_csv_header (sample);

      g_string_append (self->metrics, header);
    }

  row = pl_report_csv_row (sample);
  g_string_append (self->metrics, row);
}

void
_pl_window_log_sample (PlWindow *self,
                       PlSample *sample)
{
  /* A line that has not started yet has no metrics worth keeping. */
  if (sample->state == PL_PIPELINE_READY)
    return;

  pl_sample_ref (sample);
  g_clear_pointer (&self->last_sample, pl_sample_unref);
  self->last_sample = sample;
  self->last_sample_logged = FALSE;

  if (self->metrics->len > 0 && sample->time_us - self->metrics_last_us < METRICS_INTERVAL_US)
    return;

  pl_window_append_row (self, sample);
  self->metrics_last_us = sample->time_us;
  self->last_sample_logged = TRUE;
}

static void
error_dialog_response_cb (GtkDialog *dialog,
                          gint       response,
                          gpointer   user_data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
_pl_window_show_error (PlWindow    *self,
                       const gchar *primary,
                       GError      *error)
{
  GtkWidget *dialog;
  GtkWidget *area;

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR,
                                   GTK_BUTTONS_CLOSE,
                                   "%s", primary);
  if (error != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);

  /* Its labels wrap: in Korean, between words only. */
  area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));
  for (GtkWidget *child = gtk_widget_get_first_child (area);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        {
          g_autofree gchar *text = g_strdup (gtk_label_get_label (GTK_LABEL (child)));

          _pl_label_set_words (GTK_LABEL (child), text);
        }
    }
  g_signal_connect (dialog, "response", G_CALLBACK (error_dialog_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The canvas as it is: in compare mode both lines, with their labels and
 * the strip between them, as --export draws them. */
static gboolean
pl_window_export_canvas (PlWindow     *self,
                         const gchar  *path,
                         GError      **error)
{
  GtkWidget *view = GTK_WIDGET (self->line_view);
  PlSceneStyle style;

  pl_line_view_get_style (self->line_view, &style);
  style.animate = FALSE;

  if (_pl_window_compare_is_on (self))
    return _pl_window_compare_export (self, &style, path, MIN_EXPORT_WIDTH, MIN_EXPORT_HEIGHT, error);

  return pl_scene_export_scene (pl_line_view_get_scene (self->line_view), &style, path,
                                MAX (gtk_widget_get_width (view), MIN_EXPORT_WIDTH),
                                MAX (gtk_widget_get_height (view), MIN_EXPORT_HEIGHT),
                                error);
}

static gboolean
pl_window_export_metrics (PlWindow     *self,
                          const gchar  *path,
                          GError      **error)
{
  g_autoptr(GString) text = g_string_new (self->metrics->str);

  /* "So far" includes the newest sample, not only the last logged one. */
  if (self->last_sample != NULL && !self->last_sample_logged)
    {
      g_autofree gchar *row = pl_report_csv_row (self->last_sample);

      if (text->len == 0)
        {
          g_autofree gchar *header = pl_report_csv_header (self->last_sample);

          g_string_append (text, header);
        }
      g_string_append (text, row);
    }

  if (text->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Nothing was measured yet: start the line first"));
      return FALSE;
    }

  return g_file_set_contents (path, text->str, text->len, error);
}

static void
file_chooser_response_cb (GtkNativeDialog *chooser,
                          gint             response,
                          gpointer         user_data)
{
  PlWindow *self = PL_WINDOW (user_data);
  const gchar *format = g_object_get_data (G_OBJECT (chooser), "pl-export-format");
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree gchar *path = NULL;
  gboolean ok;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only local files can be written"));
      ok = FALSE;
    }
  else if (g_str_equal (format, "csv"))
    ok = pl_window_export_metrics (self, path, &error);
  else
    ok = pl_window_export_canvas (self, path, &error);

  if (!ok)
    _pl_window_show_error (self, _("Could not export"), error);

out:
  g_object_unref (chooser);
  g_object_unref (self);
}

/**
 * _pl_window_export:
 * @self: a #PlWindow
 * @format: "png", "svg" or "csv"
 *
 * Asks where to save, then saves the canvas or the metrics so far.
 */
void
_pl_window_export (PlWindow    *self,
                   const gchar *format)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree gchar *name = NULL;
  const gchar *title;

  if (g_str_equal (format, "png"))
    {
      title = _("Export the Canvas as PNG");
      gtk_file_filter_set_name (filter, _("PNG images"));
      gtk_file_filter_add_mime_type (filter, "image/png");
    }
  else if (g_str_equal (format, "svg"))
    {
      title = _("Export the Canvas as SVG");
      gtk_file_filter_set_name (filter, _("SVG drawings"));
      gtk_file_filter_add_mime_type (filter, "image/svg+xml");
    }
  else if (g_str_equal (format, "csv"))
    {
      title = _("Export the Metrics as CSV");
      gtk_file_filter_set_name (filter, _("CSV tables"));
      gtk_file_filter_add_mime_type (filter, "text/csv");
    }
  else
    g_return_if_reached ();

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  name = g_strdup_printf ("%s.%s",
                          self->lesson != NULL && self->lesson[0] != '\0' ? self->lesson : "pipeline",
                          format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "pl-export-format", g_strdup (format), g_free);

  g_signal_connect (chooser, "response", G_CALLBACK (file_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
pl_window_save_png (PlWindow     *self,
                    const gchar  *path,
                    GError      **error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gint width = gtk_widget_get_width (widget);
  gint height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree gchar *temp_path = NULL;
  graphene_rect_t bounds;
  graphene_rect_t viewport;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;

  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  if (renderer == NULL || width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The window is not shown, so there is nothing to capture"));
      return FALSE;
    }

  /* The window's bounds reach past it by the margin its shadow needs.
   * The whole of them is drawn at one to one, and the window alone cut
   * out of it: drawn into the window's own size, every pixel would be
   * resampled a little, and a faint line would show wherever two of the
   * canvas's tiles meet. */
  if (!gtk_widget_compute_bounds (widget, widget, &bounds))
    graphene_rect_init (&bounds, 0, 0, width, height);
  graphene_rect_init (&viewport, -bounds.origin.x, -bounds.origin.y, width, height);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot,
                          gdk_paintable_get_intrinsic_width (paintable),
                          gdk_paintable_get_intrinsic_height (paintable));
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The window drew nothing to capture"));
      return FALSE;
    }

  /* Drawn in software: the GL renderer keeps memory from each picture it
   * renders off screen, and a class exports many in an hour. */
  {
    g_autoptr(GskRenderer) software = gsk_cairo_renderer_new ();

    if (gsk_renderer_realize (software, NULL, NULL))
      {
        texture = gsk_renderer_render_texture (software, node, &viewport);
        gsk_renderer_unrealize (software);
      }
    else
      {
        texture = gsk_renderer_render_texture (renderer, node, &viewport);
      }
  }
  temp_path = pl_scene_export_begin (path, error);
  if (temp_path == NULL)
    return FALSE;
  if (!gdk_texture_save_to_png (texture, temp_path))
    {
      pl_scene_export_finish (temp_path, path, FALSE, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write %s"), path);
      return FALSE;
    }

  return pl_scene_export_finish (temp_path, path, TRUE, error);
}

/**
 * pl_window_save_screenshot:
 * @self: a #PlWindow
 * @path: a file name ending in .png (the whole window, as last painted) or
 *   .svg (the canvas, with the newest sample; both lines in compare mode)
 * @error: return location for a one-line error
 *
 * Returns: %TRUE when the file was written
 */
gboolean
pl_window_save_screenshot (PlWindow     *self,
                           const gchar  *path,
                           GError      **error)
{
  g_return_val_if_fail (PL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The window as last painted; a caller that wants the newest sample
   * syncs the line view and waits for the next frame first. */
  if (pl_scene_export_is_png (path))
    return pl_window_save_png (self, path, error);

  /* The canvas is drawn afresh, so it can show the newest sample. */
  pl_line_view_sync (self->line_view);

  return pl_window_export_canvas (self, path, error);
}
