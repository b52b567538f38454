/* pl-application.c: the GtkApplication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pl-application.h"
#include "pl-window.h"

/* How long a screenshot run waits for its window to appear at most. */
#define MAP_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define MAP_RETRY_MS   50
/* How long it waits for the frame that shows the newest sample. */
#define PAINT_TIMEOUT_MS 5000
/* How long a resize of the window is given to take effect. */
#define RESIZE_WAIT_MS 250

struct _PlApplication
{
  GtkApplication  parent_instance;

  PlOptions      *options;
  gint            status;
  guint           screenshot_id;
  gint64          screenshot_deadline_us;
  gboolean        size_adjusted;
  GdkFrameClock  *frame_clock;
  gulong          paint_handler;
};

G_DEFINE_FINAL_TYPE (PlApplication, pl_application, GTK_TYPE_APPLICATION)

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *application = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  /* Closing each window cancels its pipeline and joins its threads. */
  while (windows != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (windows->data));
      windows = gtk_application_get_windows (GTK_APPLICATION (application));
    }
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  static const gchar *authors[] = { "Pipeline Lab contributors", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (application),
                         "program-name", PACKAGE_NAME,
                         "version", PACKAGE_VERSION,
                         "logo-icon-name", APP_ID,
                         "comments", _("Watch a multi-threaded pipeline work: queues, workers, backpressure and shutdown"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         NULL);
}

static const GActionEntry app_entries[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
};

static void
pl_application_take_screenshot (PlApplication *self,
                                GtkWindow     *window)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->screenshot_id, g_source_remove);
  if (self->paint_handler != 0)
    {
      g_signal_handler_disconnect (self->frame_clock, self->paint_handler);
      self->paint_handler = 0;
    }
  g_clear_object (&self->frame_clock);

  /* A window has a smallest size; say so rather than pretend. */
  if (g_str_has_suffix (self->options->screenshot, ".png") &&
      (gtk_widget_get_width (GTK_WIDGET (window)) != self->options->width ||
       gtk_widget_get_height (GTK_WIDGET (window)) != self->options->height))
    g_printerr ("pipeline-lab: --screenshot: %s\n",
                _("the window could not take the size asked for; the picture has the window’s own size"));

  if (!pl_window_save_screenshot (PL_WINDOW (window), self->options->screenshot, &error))
    {
      g_printerr ("pipeline-lab: --screenshot: %s\n", error->message);
      self->status = 1;
    }

  gtk_window_destroy (window);
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    pl_application_take_screenshot (self, window);
}

/* Runs if no frame comes: the picture is then the last one painted. */
static gboolean
paint_timeout_cb (gpointer user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  self->screenshot_id = 0;
  if (window != NULL)
    pl_application_take_screenshot (self, window);

  return G_SOURCE_REMOVE;
}

static gboolean
screenshot_cb (gpointer user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GdkFrameClock *frame_clock;

  self->screenshot_id = 0;
  if (window == NULL)
    return G_SOURCE_REMOVE;

  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  if (frame_clock == NULL)
    {
      pl_application_take_screenshot (self, window);
      return G_SOURCE_REMOVE;
    }

  /* Take in the newest sample, then capture right after it is painted. */
  pl_line_view_sync (pl_window_get_line_view (PL_WINDOW (window)));
  self->frame_clock = g_object_ref (frame_clock);
  self->paint_handler = g_signal_connect (frame_clock, "after-paint",
                                          G_CALLBACK (after_paint_cb), self);
  self->screenshot_id = g_timeout_add (PAINT_TIMEOUT_MS, paint_timeout_cb, self);

  return G_SOURCE_REMOVE;
}

/* Waits for the window to be up at its final size, then runs the line for
 * --after seconds before the picture is taken. */
static gboolean
prepare_screenshot_cb (gpointer user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GError) error = NULL;
  gboolean waited_enough = g_get_monotonic_time () >= self->screenshot_deadline_us;

  self->screenshot_id = 0;
  if (window == NULL)
    return G_SOURCE_REMOVE;

  /* Under a slow display server the window may not be up yet. */
  if (!waited_enough && (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0))
    {
      self->screenshot_id = g_timeout_add (MAP_RETRY_MS, prepare_screenshot_cb, self);
      return G_SOURCE_REMOVE;
    }

  /* The window's own decorations can take part of the size it was given;
   * grow it once, so the picture has exactly the size asked for. */
  if (!waited_enough && !self->size_adjusted &&
      (gtk_widget_get_width (widget) != self->options->width ||
       gtk_widget_get_height (widget) != self->options->height))
    {
      self->size_adjusted = TRUE;
      gtk_window_set_default_size (window,
                                   MAX (self->options->width,
                                        2 * self->options->width - gtk_widget_get_width (widget)),
                                   MAX (self->options->height,
                                        2 * self->options->height - gtk_widget_get_height (widget)));
      self->screenshot_id = g_timeout_add (RESIZE_WAIT_MS, prepare_screenshot_cb, self);
      return G_SOURCE_REMOVE;
    }

  if (!pl_window_start (PL_WINDOW (window), &error))
    {
      g_printerr ("pipeline-lab: %s\n", error->message);
      self->status = 1;
      gtk_window_destroy (window);
      return G_SOURCE_REMOVE;
    }

  self->screenshot_id = g_timeout_add ((guint)(self->options->after_s * 1000),
                                       screenshot_cb, self);

  return G_SOURCE_REMOVE;
}

static void
pl_application_activate (GApplication *application)
{
  PlApplication *self = PL_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  window = GTK_WINDOW (pl_window_new (GTK_APPLICATION (self), &self->options->config));
  gtk_window_set_default_size (window, self->options->width, self->options->height);
  gtk_window_present (window);

  if (self->options->screenshot != NULL)
    {
      self->screenshot_deadline_us = g_get_monotonic_time () + MAP_TIMEOUT_US;
      self->screenshot_id = g_timeout_add (MAP_RETRY_MS, prepare_screenshot_cb, self);
    }
}

static void
pl_application_startup (GApplication *application)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  static const gchar *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (pl_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_entries, G_N_ELEMENTS (app_entries),
                                   application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);

  gtk_css_provider_load_from_resource (provider, "/io/github/pipelinelab/PipelineLab/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_default_icon_name (APP_ID);
}

static void
pl_application_dispose (GObject *object)
{
  PlApplication *self = PL_APPLICATION (object);

  g_clear_handle_id (&self->screenshot_id, g_source_remove);
  if (self->paint_handler != 0)
    g_signal_handler_disconnect (self->frame_clock, self->paint_handler);
  self->paint_handler = 0;
  g_clear_object (&self->frame_clock);

  G_OBJECT_CLASS (pl_application_parent_class)->dispose (object);
}

static void
pl_application_class_init (PlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pl_application_dispose;
  application_class->activate = pl_application_activate;
  application_class->startup = pl_application_startup;
}

static void
pl_application_init (PlApplication *self)
{
}

gint
pl_application_run_with_options (PlOptions *options)
{
  g_autoptr(PlApplication) self = NULL;
  gint status;

  g_return_val_if_fail (options != NULL, 1);

  /* Every start has its own options (a lesson, a screenshot), so a second
   * start must not hand its work to an instance already running. */
  self = g_object_new (PL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
  self->options = options;
  g_set_application_name (PACKAGE_NAME);

  status = g_application_run (G_APPLICATION (self), 0, NULL);

  return status != 0 ? status : self->status;
}
