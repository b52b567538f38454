/* pl-application.c: the GtkApplication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pl-application.h"
#include "pl-window.h"
#include "pl-window-record.h"
#include "pl-window-replay.h"
#include "pl-window-trace.h"
#include "pl-replay.h"

/* How long a screenshot run waits for its window to appear at most. */
#define MAP_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define MAP_RETRY_MS   50
/* How long it waits for the frame that shows the newest sample. */
#define PAINT_TIMEOUT_MS 5000
/* How long a resize of the window is given to take effect. */
#define RESIZE_WAIT_MS 250
/* How long the desktop's settings portal is given to answer. */
#define PORTAL_TIMEOUT_MS 2000

#define PORTAL_BUS_NAME  "org.freedesktop.portal.Desktop"
#define PORTAL_PATH      "/org/freedesktop/portal/desktop"
#define PORTAL_SETTINGS  "org.freedesktop.portal.Settings"
#define GNOME_INTERFACE  "org.gnome.desktop.interface"

/* What the desktop asks for, as the settings portal says it. */
typedef enum {
  SYSTEM_SCHEME_UNKNOWN = -1,
  SYSTEM_SCHEME_DEFAULT = 0,
  SYSTEM_SCHEME_DARK    = 1,
  SYSTEM_SCHEME_LIGHT   = 2,
} SystemScheme;

struct _PlApplication
{
  GtkApplication  parent_instance;

  PlOptions      *options;
  gint            status;
  guint           screenshot_id;
  guint           shutdown_id;
  gint64          screenshot_deadline_us;
  gboolean        size_adjusted;
  GdkFrameClock  *frame_clock;
  gulong          paint_handler;

  /* NULL when the schema is not installed: then nothing is remembered. */
  GSettings      *settings;
  GSettings      *desktop_settings;
  GDBusConnection *session_bus;
  GCancellable   *cancellable;
  guint           portal_signal_id;
  SystemScheme    portal_scheme;
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
  static const gchar *authors[] = { "The Pipeline Lab developers", NULL };
  static const gchar *lessons[] = { "Brett Slatkin, Effective Python, Item 39", NULL };
  GtkAboutDialog *dialog;

  dialog = GTK_ABOUT_DIALOG (gtk_about_dialog_new ());
  gtk_window_set_transient_for (GTK_WINDOW (dialog), gtk_application_get_active_window (application));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_about_dialog_set_program_name (dialog, _("Pipeline Lab"));
  gtk_about_dialog_set_version (dialog, PACKAGE_VERSION);
  gtk_about_dialog_set_logo_icon_name (dialog, APP_ID);
  gtk_about_dialog_set_comments (dialog,
                                 _("Watch a multi-threaded pipeline work: queues, workers, backpressure and shutdown"));
  gtk_about_dialog_set_license_type (dialog, GTK_LICENSE_GPL_3_0);
  gtk_about_dialog_set_website (dialog, PACKAGE_WEBSITE);
  gtk_about_dialog_set_website_label (dialog, _("Website"));
  gtk_about_dialog_set_copyright (dialog, _("© The Pipeline Lab developers"));
  gtk_about_dialog_set_authors (dialog, authors);
  /* TRANSLATORS: your name, and a way to reach you, one translator a line. */
  gtk_about_dialog_set_translator_credits (dialog, _("translator-credits"));
  gtk_about_dialog_add_credit_section (dialog, _("Lessons after"), lessons);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Dark or light, from the user's choice, else from the desktop. */
static void
pl_application_update_style (PlApplication *self)
{
  g_autofree gchar *choice = NULL;
  gboolean dark = FALSE;

  if (self->settings != NULL)
    choice = g_settings_get_string (self->settings, "color-scheme");

  if (g_strcmp0 (choice, "dark") == 0)
    dark = TRUE;
  else if (g_strcmp0 (choice, "light") == 0)
    dark = FALSE;
  else if (self->portal_scheme != SYSTEM_SCHEME_UNKNOWN)
    dark = self->portal_scheme == SYSTEM_SCHEME_DARK;
  else if (self->desktop_settings != NULL)
    {
      g_autofree gchar *scheme = g_settings_get_string (self->desktop_settings, "color-scheme");

      dark = g_strcmp0 (scheme, "prefer-dark") == 0;
    }

  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
}

static void
color_scheme_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);

  /* Without a schema the choice still holds for this run. */
  g_simple_action_set_state (action, parameter);
  if (self->settings != NULL)
    g_settings_set_value (self->settings, "color-scheme", parameter);
  else
    g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme",
                  g_str_equal (g_variant_get_string (parameter, NULL), "dark"), NULL);
  pl_application_update_style (self);
}

static void
settings_color_scheme_changed_cb (PlApplication *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "color-scheme");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_settings_get_value (self->settings, "color-scheme"));
  pl_application_update_style (self);
}

/* The portal wraps the value once more than the key's own type. */
static SystemScheme
scheme_from_variant (GVariant *value)
{
  g_autoptr(GVariant) inner = NULL;

  while (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *next = g_variant_get_variant (value);

      g_clear_pointer (&inner, g_variant_unref);
      inner = next;
      value = next;
    }

  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    return SYSTEM_SCHEME_UNKNOWN;

  switch (g_variant_get_uint32 (value))
    {
    case 1:
      return SYSTEM_SCHEME_DARK;
    case 2:
      return SYSTEM_SCHEME_LIGHT;
    default:
      return SYSTEM_SCHEME_DEFAULT;
    }
}

static void
portal_setting_changed_cb (GDBusConnection *connection,
                           const gchar     *sender_name,
                           const gchar     *object_path,
                           const gchar     *interface_name,
                           const gchar     *signal_name,
                           GVariant        *parameters,
                           gpointer         user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  const gchar *namespace = NULL;
  const gchar *key = NULL;
  g_autoptr(GVariant) value = NULL;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;

  g_variant_get (parameters, "(&s&sv)", &namespace, &key, &value);
  if (g_str_equal (namespace, "org.freedesktop.appearance") && g_str_equal (key, "color-scheme"))
    {
      self->portal_scheme = scheme_from_variant (value);
      pl_application_update_style (self);
    }
}

static void
portal_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PlApplication) self = PL_APPLICATION (user_data);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  /* No portal (a bare session, a test): the GNOME key or light it is. */
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  if (reply == NULL)
    return;

  g_variant_get (reply, "(v)", &value);
  self->portal_scheme = scheme_from_variant (value);
  pl_application_update_style (self);
}

static void
pl_application_watch_desktop_style (PlApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, GNOME_INTERFACE, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "color-scheme"))
    {
      self->desktop_settings = g_settings_new (GNOME_INTERFACE);
      g_signal_connect_object (self->desktop_settings, "changed::color-scheme",
                               G_CALLBACK (pl_application_update_style), self,
                               G_CONNECT_SWAPPED);
    }

  self->session_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (self->session_bus == NULL)
    return;

  self->portal_signal_id =
    g_dbus_connection_signal_subscribe (self->session_bus, PORTAL_BUS_NAME, PORTAL_SETTINGS,
                                        "SettingChanged", PORTAL_PATH,
                                        "org.freedesktop.appearance",
                                        G_DBUS_SIGNAL_FLAGS_MATCH_ARG0_NAMESPACE,
                                        portal_setting_changed_cb, self, NULL);
  g_dbus_connection_call (self->session_bus, PORTAL_BUS_NAME, PORTAL_PATH, PORTAL_SETTINGS,
                          "Read", g_variant_new ("(ss)", "org.freedesktop.appearance", "color-scheme"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, PORTAL_TIMEOUT_MS,
                          self->cancellable, portal_read_cb, g_object_ref (self));
}

static const GActionEntry app_entries[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "color-scheme", .activate = color_scheme_activated,
    .parameter_type = "s", .state = "'follow'" },
};

static void
pl_application_take_screenshot (PlApplication *self,
                                GtkWindow     *window)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->screenshot_id, g_source_remove);
  g_clear_handle_id (&self->shutdown_id, g_source_remove);
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
screenshot_shutdown_cb (gpointer user_data)
{
  PlApplication *self = PL_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  self->shutdown_id = 0;
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.shutdown-now", NULL);

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
      gint width = MAX (self->options->width,
                        2 * self->options->width - gtk_widget_get_width (widget));
      gint height = MAX (self->options->height,
                         2 * self->options->height - gtk_widget_get_height (widget));

      self->size_adjusted = TRUE;
      /* A shown window keeps its size on X11: show it again at the new one. */
      gtk_widget_set_visible (widget, FALSE);
      gtk_window_set_default_size (window, width, height);
      gtk_window_present (window);
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

  /* A lesson that shuts down at a set time does so in its picture too, as
   * the headless run does. */
  {
    PlConfig config;

    pl_pipeline_get_config (pl_window_get_pipeline (PL_WINDOW (window)), &config);
    if (config.shutdown_after_s > 0 && config.shutdown_after_s < self->options->after_s)
      self->shutdown_id = g_timeout_add ((guint)(config.shutdown_after_s * 1000),
                                         screenshot_shutdown_cb, self);
  }

  return G_SOURCE_REMOVE;
}

/**
 * pl_application_choose_config:
 * @settings: (nullable): the application's settings
 * @options: the parsed command line
 * @config: (out): the pipeline to open
 *
 * The pipeline to open: the one saved last time, with every option given on
 * the command line on top, since what was typed now wins. Options that
 * shape the line (a preset, a scenario, stages) replace the saved one
 * whole; a preset alone opens that lesson as the lesson menu does
 * (pl_config_apply_lesson()). A picture for the docs never depends on what
 * a user saved, and shows the preset as a headless run feeds it; nor do
 * the two lines of `--compare`.
 * Saved values that do not fit together are reported on stderr, in one
 * line, and the first lesson is opened instead.
 */
void
pl_application_choose_config (GSettings       *settings,
                              const PlOptions *options,
                              PlConfig        *config)
{
  const PlOptionGiven shape = (PL_OPTION_GIVEN_PRESET |
                               PL_OPTION_GIVEN_SCENARIO |
                               PL_OPTION_GIVEN_STAGES);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));
  g_return_if_fail (options != NULL);
  g_return_if_fail (config != NULL);

  *config = options->config;
  if (options->screenshot != NULL)
    return;

  if ((options->given & shape) == PL_OPTION_GIVEN_PRESET)
    {
      /* A lesson named on the command line opens as the lesson menu opens
       * it, with the other options on top. */
      if (!pl_config_apply_lesson (config, options->config.preset, NULL))
        *config = options->config;
    }
  /* Two lines side by side are those the command line names, as the
   * headless --compare runs them. */
  else if ((options->given & shape) != 0 || options->compare != NULL)
    return;
  /* With nothing saved, or nothing readable, a class starts at lesson 1. */
  else if (settings == NULL || !pl_window_settings_get_config (settings, config, &error))
    {
      const gchar *first = pl_config_list_presets ()[0];

      if (error != NULL)
        g_printerr ("pipeline-lab: %s; %s\n", error->message,
                    _("starting from the first lesson"));
      if (!pl_config_apply_lesson (config, first, NULL))
        *config = options->config;
    }

  if (options->given & PL_OPTION_GIVEN_CAPACITY)
    {
      /* The list was checked against the command line's stages. */
      if (config->n_stages != options->config.n_stages)
        {
          *config = options->config;
          return;
        }
      memcpy (config->capacities, options->config.capacities, sizeof config->capacities);
    }
  if (options->given & PL_OPTION_GIVEN_MODE)
    config->mode = options->config.mode;
  if (options->given & PL_OPTION_GIVEN_ITEMS)
    config->items = options->config.items;
  if (options->given & PL_OPTION_GIVEN_BACKOFF)
    config->backoff_ms = options->config.backoff_ms;
  if (options->given & PL_OPTION_GIVEN_WORK)
    config->work = options->config.work;
  if (options->given & PL_OPTION_GIVEN_SEED)
    config->seed = options->config.seed;
  if (options->given & PL_OPTION_GIVEN_DURATION)
    config->duration_s = options->config.duration_s;
}

/* The keys --compare was given, as it takes them, to apply to the line
 * the window opens (which saved settings or a lesson may have shaped). */
static gchar *
compare_spec (PlCompare *compare)
{
  GString *spec = g_string_new (NULL);

  for (guint i = 0; i < pl_compare_get_n_keys (compare); i++)
    {
      g_autofree gchar *value = pl_compare_format_value (compare, i, PL_COMPARE_LINE_B);

      g_string_append_printf (spec, "%s%s=%s", i > 0 ? "," : "",
                              pl_compare_get_key (compare, i), value);
    }

  return g_string_free (spec, FALSE);
}

static void
trace_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PlApplication *self = PL_APPLICATION (source);

  /* The window said what went wrong, and so did stderr. */
  if (!pl_window_trace_finish (result, NULL) && self->status == 0)
    self->status = 1;
}

/* --trace: the window's line, from its start; or, with --replay, the
 * recorded run, written before the window opens. FALSE when the program
 * is to stop, with its status set and one line said. */
static gboolean
pl_application_start_trace (PlApplication *self,
                            GtkWindow     *window)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *display = NULL;

  if (self->options->trace == NULL)
    return TRUE;

  if (window == NULL)
    {
      gint status = pl_replay_write_trace (self->options);

      if (status != 0)
        self->status = status;
      return status == 0;
    }

  if (pl_window_trace (PL_WINDOW (window), self->options->trace, self->options->trace_all,
                       trace_written_cb, NULL, &error))
    return TRUE;

  display = g_filename_display_name (self->options->trace);
  g_printerr ("pipeline-lab: ");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_printerr (_("--trace: “%s” exists already, and a trace never writes over a file"), display);
  else
    g_printerr (_("--trace: cannot create “%s”: %s"), display, error->message);
  g_printerr ("\n");
  /* As headless: a name that cannot be used is a mistake on the command line. */
  self->status = 2;

  return FALSE;
}

static void
pl_application_activate (GApplication *application)
{
  PlApplication *self = PL_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  PlConfig config;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->options->replay_path != NULL && !pl_application_start_trace (self, NULL))
    return;

  pl_application_choose_config (self->settings, self->options, &config);
  window = GTK_WINDOW (pl_window_new (GTK_APPLICATION (self), &config));
  /* A screenshot has the size asked for and leaves no trace behind. */
  if (self->settings != NULL && self->options->screenshot == NULL)
    pl_window_set_settings (PL_WINDOW (window), self->settings);
  else
    gtk_window_set_default_size (window, self->options->width, self->options->height);
  gtk_window_present (window);

  /* Before --record makes its file: a trace that cannot be made stops
   * the program with nothing written. */
  if (self->options->replay_path == NULL && !pl_application_start_trace (self, window))
    {
      gtk_window_destroy (window);
      return;
    }

  /* Every run is recorded in memory; with --record, to a file as well. */
  if (self->options->screenshot == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!pl_window_record (PL_WINDOW (window), self->options->record_path,
                             self->options->overwrite, &error))
        {
          g_printerr ("pipeline-lab: --record: %s\n", error->message);
          self->status = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) ? 2 : 1;
          gtk_window_destroy (window);
          return;
        }
    }

  /* --compare: line B is line A, as it opens, with the keys given. */
  if (self->options->compare != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree gchar *spec = compare_spec (self->options->compare);

      if (!pl_window_compare_with (PL_WINDOW (window), spec, &error))
        {
          g_printerr ("pipeline-lab: %s\n", error->message);
          self->status = 2;
          gtk_window_destroy (window);
          return;
        }
    }

  if (self->options->replay_path != NULL)
    pl_window_replay_file (PL_WINDOW (window), self->options->replay_path);

  if (self->options->screenshot != NULL)
    {
      self->screenshot_deadline_us = g_get_monotonic_time () + MAP_TIMEOUT_US;
      self->screenshot_id = g_timeout_add (MAP_RETRY_MS, prepare_screenshot_cb, self);
    }
}

static void
pl_application_startup (GApplication *application)
{
  PlApplication *self = PL_APPLICATION (application);
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  static const gchar *quit_accels[] = { "<Control>q", NULL };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (pl_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_entries, G_N_ELEMENTS (app_entries),
                                   application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);

  /* Run from a build tree without GSETTINGS_SCHEMA_DIR there is no schema;
   * say so once instead of aborting, and remember nothing. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      g_signal_connect_object (self->settings, "changed::color-scheme",
                               G_CALLBACK (settings_color_scheme_changed_cb), self,
                               G_CONNECT_SWAPPED);
      settings_color_scheme_changed_cb (self);
    }
  else
    g_printerr ("pipeline-lab: %s\n",
                _("the settings schema is not installed: nothing will be remembered "
                  "(run from the build tree with build-aux/run.sh)"));

  self->cancellable = g_cancellable_new ();
  self->portal_scheme = SYSTEM_SCHEME_UNKNOWN;
  pl_application_watch_desktop_style (self);
  pl_application_update_style (self);

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
  g_clear_handle_id (&self->shutdown_id, g_source_remove);
  if (self->paint_handler != 0)
    g_signal_handler_disconnect (self->frame_clock, self->paint_handler);
  self->paint_handler = 0;
  g_clear_object (&self->frame_clock);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->portal_signal_id != 0)
    g_dbus_connection_signal_unsubscribe (self->session_bus, self->portal_signal_id);
  self->portal_signal_id = 0;
  g_clear_object (&self->session_bus);
  g_clear_object (&self->desktop_settings);
  g_clear_object (&self->settings);

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

/**
 * pl_application_new:
 * @options: the parsed command line; it must outlive the application
 *
 * Returns: (transfer full): the application that opens the window
 */
PlApplication *
pl_application_new (PlOptions *options)
{
  PlApplication *self;

  g_return_val_if_fail (options != NULL, NULL);

  /* Every start has its own options (a lesson, a screenshot), so a second
   * start must not hand its work to an instance already running. */
  self = g_object_new (PL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
  self->options = options;

  return self;
}

/**
 * pl_application_get_status:
 * @self: a #PlApplication
 *
 * Returns: the exit status the run asks for beyond g_application_run()'s
 *   own, e.g. 1 when a screenshot could not be written
 */
gint
pl_application_get_status (PlApplication *self)
{
  g_return_val_if_fail (PL_IS_APPLICATION (self), 1);

  return self->status;
}

gint
pl_application_run_with_options (PlOptions *options)
{
  g_autoptr(PlApplication) self = NULL;
  gint status;

  g_return_val_if_fail (options != NULL, 1);

  self = pl_application_new (options);
  g_set_application_name (PACKAGE_NAME);

  status = g_application_run (G_APPLICATION (self), 0, NULL);
  /* The settings store writes in the background; the last window's size
   * and pipeline must reach it before the process ends. */
  g_settings_sync ();

  return status != 0 ? status : self->status;
}
