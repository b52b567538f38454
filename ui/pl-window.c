/* pl-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window owns the running pipeline. Its header bar drives the pipeline
 * (lesson, mode, start and pause, close input, reset, export), the side
 * panel changes its settings live, and the line view draws it. One
 * PlMonitor per pipeline reads what the engine's threads publish; the line
 * view, the panels and the header bar each subscribe to it.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pl-mnemonic.h"
#include "pl-window-private.h"

G_DEFINE_FINAL_TYPE (PlWindow, pl_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LESSON,
  PROP_MODE,
  PROP_PIPELINE,
  PROP_SHOW_SIDEBAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = find_button (child);

      if (button != NULL)
        return button;
    }

  return NULL;
}

/* The header's buttons, and the names a screen reader gives them. */
static void
pl_window_name_buttons (PlWindow *self)
{
  struct {
    GtkWidget   *button;
    const gchar *name;
  } named[] = {
    /* Icon buttons: no label to read out. */
    { self->main_menu_button, N_("Main Menu") },
    { self->export_button, N_("Export") },
    { self->reset_button, N_("Reset") },
    { self->side_panel_button, N_("Side Panel") },
    /* The banner's close button shows an icon only. */
    { find_button (GTK_WIDGET (self->held_cap_bar)), N_("Close") },
    /* Buttons with a label: the label, without its mnemonic. */
    { GTK_WIDGET (self->lesson_button), NULL },
    { self->busy_wait_button, NULL },
    { self->blocking_button, NULL },
    { self->code_button, NULL },
    { self->charts_button, NULL },
    { self->close_input_button, NULL },
    { self->shutdown_button, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      GtkWidget *button = named[i].button;
      const gchar *label;

      if (button == NULL)
        continue;
      if (named[i].name != NULL)
        label = _(named[i].name);
      else if (GTK_IS_MENU_BUTTON (button))
        label = gtk_menu_button_get_label (GTK_MENU_BUTTON (button));
      else
        label = gtk_button_get_label (GTK_BUTTON (button));
      pl_name_accessible (button, label);
    }
}

/*
 * Below the width its header bar needs with every button, the window keeps
 * Code, Charts, Export, Reset, Shut Down Now and the side panel's button in
 * the main menu only (they are always there too, and F9, F8, F7, Ctrl+E, R
 * and S still work), so that it fits a 1024-pixel projector. The width comes from the size the window is given,
 * which is its default size: a narrower window cannot be allocated until
 * the buttons are gone.
 */
static void
pl_window_fit_header (PlWindow *self)
{
  gint width = 0;
  gint height = 0;
  gboolean compact;

  /* A maximized or fullscreen window keeps its default size for later. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (gtk_window_is_maximized (GTK_WINDOW (self)) || gtk_window_is_fullscreen (GTK_WINDOW (self)))
    width = gtk_widget_get_width (GTK_WIDGET (self));
  else if (gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    width = width > 0 ? MIN (width, gtk_widget_get_width (GTK_WIDGET (self)))
                      : gtk_widget_get_width (GTK_WIDGET (self));

  /* A window asked to be wider than its screen gets the screen's width. */
  if (gtk_widget_get_realized (GTK_WIDGET (self)))
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));
      GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (self)),
                                                                surface);
      GdkRectangle geometry;

      if (monitor != NULL)
        {
          gdk_monitor_get_geometry (monitor, &geometry);
          if (geometry.width > 0)
            width = width > 0 ? MIN (width, geometry.width) : geometry.width;
        }
    }

  /* The start button's label changes as the line runs: it keeps the width
   * of its widest label, so that the header never grows by itself. */
  if (!self->start_width_fixed && gtk_widget_get_realized (GTK_WIDGET (self)))
    {
      const gchar *labels[] = { _("_Start"), _("_Pause"), _("_Resume"), _("_Run Again") };
      g_autofree gchar *shown = g_strdup (gtk_button_get_label (self->start_button));
      gint widest = 0;

      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        {
          gint natural = 0;

          gtk_button_set_label (self->start_button, labels[i]);
          gtk_widget_measure (GTK_WIDGET (self->start_button), GTK_ORIENTATION_HORIZONTAL, -1,
                              NULL, &natural, NULL, NULL);
          widest = MAX (widest, natural);
        }
      gtk_button_set_label (self->start_button, shown);
      pl_name_accessible (GTK_WIDGET (self->start_button), shown);
      gtk_widget_set_size_request (GTK_WIDGET (self->start_button), widest, -1);
      self->start_width_fixed = TRUE;
    }

  /* What the full header needs, measured while it is shown in full. */
  if (!self->header_compact)
    {
      gint minimum = 0;

      /* Not a template child: the window itself disposes of its title bar. */
      gtk_widget_measure (gtk_window_get_titlebar (GTK_WINDOW (self)), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, NULL, NULL, NULL);
      self->header_full_width = MAX (self->header_full_width, minimum);
    }

  compact = width > 0 && width < self->header_full_width;
  if (compact == self->header_compact)
    return;

  self->header_compact = compact;
  gtk_widget_set_visible (self->panel_buttons, !compact);
  gtk_widget_set_visible (self->export_button, !compact);
  gtk_widget_set_visible (self->reset_button, !compact);
  gtk_widget_set_visible (self->shutdown_button, !compact);
  /* The memory meter keeps every figure whole (it has a short form, see
   * pl-memory-meter.c): the side panel's button gives way to it, as F7
   * and the menu still show and hide the panel. */
  gtk_widget_set_visible (self->side_panel_button, !compact);
  gtk_widget_set_margin_start (GTK_WIDGET (self->memory_meter), compact ? 6 : 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->memory_meter), compact ? 6 : 12);
}

static gboolean
fit_header_idle_cb (gpointer user_data)
{
  PlWindow *self = PL_WINDOW (user_data);

  self->fit_header_id = 0;
  pl_window_fit_header (self);

  return G_SOURCE_REMOVE;
}

/* Not while the window is being laid out: on the next idle. */
static void
pl_window_queue_fit_header (PlWindow *self)
{
  if (self->fit_header_id == 0)
    self->fit_header_id = g_idle_add (fit_header_idle_cb, self);
}

void
_pl_window_update_header (PlWindow *self)
{
  PlPipelineState state = pl_pipeline_get_state (self->pipeline);
  gboolean paused = pl_pipeline_get_paused (self->pipeline);
  const gchar *label;

  self->shown_state = state;
  self->shown_paused = paused;

  switch (state)
    {
    case PL_PIPELINE_READY:
      label = _("_Start");
      break;

    case PL_PIPELINE_RUNNING:
    case PL_PIPELINE_CLOSING:
      label = paused ? _("_Resume") : _("_Pause");
      break;

    case PL_PIPELINE_FINISHED:
    case PL_PIPELINE_CANCELLED:
    default:
      label = _("_Run Again");
      break;
    }

  gtk_button_set_label (self->start_button, label);
  pl_name_accessible (GTK_WIDGET (self->start_button), label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-input",
                                 state == PL_PIPELINE_RUNNING && !self->shutdown_sent);
  /* Also while closing: the difference shows best mid-way. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.shutdown-now",
                                 (state == PL_PIPELINE_RUNNING || state == PL_PIPELINE_CLOSING)
                                 && !self->shutdown_sent);
}

/* The lesson's place in the sequence, from 1; 0 when it is not a lesson. */
static guint
lesson_number (const gchar *lesson)
{
  const gchar *const *presets = pl_config_list_presets ();

  for (guint i = 0; lesson != NULL && presets[i] != NULL; i++)
    {
      if (g_str_equal (presets[i], lesson))
        return i + 1;
    }

  return 0;
}

/* Sets a label that wraps: lines break between words, in Korean too. */
void
_pl_label_set_words (GtkLabel    *label,
                     const gchar *text)
{
  PangoAttrList *attrs = pl_text_word_attributes (text);

  gtk_label_set_label (label, text);
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

static void
pl_window_update_lesson_panel (PlWindow       *self,
                               const PlConfig *config)
{
  guint number = lesson_number (config->preset);
  const gchar *question = NULL;
  g_autofree gchar *heading = NULL;

  if (number > 0)
    {
      /* TRANSLATORS: a lesson's heading: its number in the sequence, then its title. */
      heading = g_strdup_printf (_("Lesson %u: %s"), number,
                                 pl_config_preset_title (config->preset));
      _pl_label_set_words (self->lesson_summary_label,
                           pl_config_preset_summary (config->preset));
      question = pl_config_preset_question (config->preset);
    }
  else
    {
      heading = g_strdup (_("Custom pipeline"));
      _pl_label_set_words (self->lesson_summary_label,
                           _("A pipeline of your own, opened from a scenario file or built "
                             "on the command line. Every control still applies live."));
    }

  _pl_label_set_words (self->lesson_title_label, heading);
  _pl_label_set_words (self->lesson_question_label, question);
  gtk_widget_set_visible (self->lesson_question_box, question != NULL && question[0] != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lesson-previous", number > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lesson-next",
                                 pl_config_list_presets ()[number] != NULL);
}

/* The header bar and the metrics log follow the monitor. */
static void
monitor_sample_cb (PlWindow *self,
                   PlSample *sample)
{
  _pl_window_log_sample (self, sample);

  if (sample->state != self->shown_state || sample->paused != self->shown_paused)
    _pl_window_update_header (self);
}

static void
monitor_event_cb (PlWindow      *self,
                  const PlEvent *event)
{
  /* Whoever shut the line down, the controls follow the event. */
  if (event->kind == PL_EVENT_SHUT_DOWN)
    self->shutdown_sent = TRUE;
  _pl_window_update_header (self);
}

/*
 * Connects @sample_cb and @event_cb (nullable), called with @data, to the
 * window's monitor, after the canvas: they hear the line as the panels
 * do. @followed keeps the monitor they are connected to, so that calling
 * again once a new line has replaced it moves them to the new one, and
 * does nothing while the line is the same. @data must be theirs alone:
 * every handler with it is disconnected from the monitor it leaves.
 */
void
_pl_window_follow_monitor (PlWindow   *self,
                           PlMonitor **followed,
                           GCallback   sample_cb,
                           GCallback   event_cb,
                           gpointer    data)
{
  if (*followed == self->monitor)
    return;

  _pl_window_unfollow_monitor (followed, data);
  if (self->monitor == NULL)
    return;

  *followed = g_object_ref (self->monitor);
  g_signal_connect_after (*followed, "sample", sample_cb, data);
  if (event_cb != NULL)
    g_signal_connect_after (*followed, "event", event_cb, data);
}

void
_pl_window_unfollow_monitor (PlMonitor **followed,
                             gpointer    data)
{
  if (*followed == NULL)
    return;

  g_signal_handlers_disconnect_by_data (*followed, data);
  g_clear_object (followed);
}

void
_pl_window_replace_pipeline (PlWindow       *self,
                             const PlConfig *config)
{
  const gchar *title = NULL;
  PlConfig shown = *config;

  if (self->pipeline != NULL)
    pl_pipeline_cancel (self->pipeline);
  /* The line view lets go of the old monitor when it takes the new one. */
  g_clear_object (&self->monitor);
  g_clear_object (&self->pipeline);

  /* The class should see what the book's program does once every item is
   * through: workers that nothing can stop keep running until Reset. */
  shown.linger = TRUE;
  self->pipeline = pl_pipeline_new (&shown);
  self->monitor = pl_monitor_new (self->pipeline);
  self->shutdown_sent = FALSE;
  _pl_window_reset_metrics (self);
  _pl_window_panels_reset (self, config);

  /* After the canvas's own handlers, wherever they were connected: the
   * picture takes a sample first, then the header and the panels. */
  g_signal_connect_object (self->monitor, "sample", G_CALLBACK (monitor_sample_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->monitor, "event", G_CALLBACK (monitor_event_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  _pl_window_panels_subscribe (self, self->monitor);

  if (config->preset[0] != '\0')
    title = pl_config_preset_title (config->preset);
  pl_scene_set_title (pl_line_view_get_scene (self->line_view),
                      title != NULL ? title : _("Custom pipeline"));
  pl_line_view_set_monitor (self->line_view, self->monitor);
  pl_controls_set_pipeline (self->controls, self->pipeline);
  pl_window_update_lesson_panel (self, config);

  if (g_strcmp0 (self->lesson, config->preset) != 0)
    {
      g_free (self->lesson);
      self->lesson = g_strdup (config->preset);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LESSON]);
    }
  if (self->mode != config->mode)
    {
      self->mode = config->mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
    }

  _pl_window_update_header (self);
  _pl_window_settings_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE]);
}

static void
pl_window_set_lesson (PlWindow    *self,
                      const gchar *lesson)
{
  g_autoptr(GError) error = NULL;
  PlConfig config;

  if (lesson == NULL || g_strcmp0 (self->lesson, lesson) == 0)
    return;

  if (!pl_config_apply_lesson (&config, lesson, &error))
    {
      _pl_window_show_error (self, _("Could not open the lesson"), error);
      return;
    }

  _pl_window_replace_pipeline (self, &config);
}

void
_pl_window_set_mode (PlWindow    *self,
                     const gchar *mode)
{
  PlMode parsed;

  if (mode == NULL || !pl_config_parse_mode (mode, &parsed) || parsed == self->mode)
    return;

  self->mode = parsed;
  pl_pipeline_set_mode (self->pipeline, parsed);
  pl_line_view_wake (self->line_view);
  _pl_window_settings_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}


static void
controls_changed_cb (PlWindow *self)
{
  /* Even a paused line shows a new capacity or worker count at once. */
  pl_line_view_wake (self->line_view);
  _pl_window_settings_changed (self);
}

/**
 * pl_window_start:
 * @self: a #PlWindow
 * @error: return location for an error
 *
 * Starts the pipeline, as the Start button does.
 *
 * Returns: %TRUE when it started
 */
gboolean
pl_window_start (PlWindow  *self,
                 GError   **error)
{
  g_return_val_if_fail (PL_IS_WINDOW (self), FALSE);

  if (!pl_pipeline_start (self->pipeline, error))
    return FALSE;
  _pl_window_compare_started (self);

  pl_line_view_wake (self->line_view);
  _pl_window_update_header (self);

  return TRUE;
}

/* The lessons in the book's order, numbered, then the scenario files. */
static GMenuModel *
pl_window_build_lesson_menu (void)
{
  const gchar *const *presets = pl_config_list_presets ();
  g_autoptr(GMenu) lessons = g_menu_new ();
  g_autoptr(GMenu) files = g_menu_new ();
  GMenu *menu = g_menu_new ();

  for (guint i = 0; presets != NULL && presets[i] != NULL; i++)
    {
      const gchar *title = pl_config_preset_title (presets[i]);
      g_autoptr(GMenuItem) item = NULL;
      g_autofree gchar *label = NULL;

      /* TRANSLATORS: a lesson in the menu: its number, then its title. */
      g_auto(GStrv) parts = g_strsplit (title != NULL ? title : presets[i], "_", -1);
      g_autofree gchar *escaped = g_strjoinv ("__", parts);

      /* A menu takes "_" as a mnemonic: "task_done" must read as written. */
      label = g_strdup_printf (_("%u. %s"), i + 1, escaped);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.lesson", "s", presets[i]);
      g_menu_append_item (lessons, item);
    }
  g_menu_append (files, _("_Open Scenario…"), "win.open-scenario");
  g_menu_append (files, _("_Save Scenario…"), "win.save-scenario");

  g_menu_append_section (menu, NULL, G_MENU_MODEL (lessons));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (files));

  return G_MENU_MODEL (menu);
}

static void
pl_window_dispose (GObject *object)
{
  PlWindow *self = PL_WINDOW (object);

  g_clear_handle_id (&self->fit_header_id, g_source_remove);

  /* What the window remembers is written while its pipeline still exists. */
  _pl_window_settings_dispose (self);
  _pl_window_dispose_actions (self);

  /* Every thread is joined before the widgets that show it go away. */
  if (self->pipeline != NULL)
    pl_pipeline_cancel (self->pipeline);
  _pl_window_dispose_compare (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_WINDOW);
  g_clear_object (&self->monitor);
  g_clear_object (&self->pipeline);
  g_clear_pointer (&self->last_sample, pl_sample_unref);

  G_OBJECT_CLASS (pl_window_parent_class)->dispose (object);
}

static void
pl_window_finalize (GObject *object)
{
  PlWindow *self = PL_WINDOW (object);

  g_clear_pointer (&self->lesson, g_free);
  if (self->metrics != NULL)
    g_string_free (self->metrics, TRUE);

  G_OBJECT_CLASS (pl_window_parent_class)->finalize (object);
}

static void
pl_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PlWindow *self = PL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LESSON:
      g_value_set_string (value, self->lesson);
      break;

    case PROP_MODE:
      g_value_set_string (value, pl_mode_to_string (self->mode));
      break;

    case PROP_PIPELINE:
      g_value_set_object (value, self->pipeline);
      break;

    case PROP_SHOW_SIDEBAR:
      /* Asked by the panel's toggle button while the template is built. */
      g_value_set_boolean (value, self->side_panel == NULL ||
                                  gtk_widget_get_visible (GTK_WIDGET (self->side_panel)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PlWindow *self = PL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LESSON:
      pl_window_set_lesson (self, g_value_get_string (value));
      break;

    case PROP_MODE:
      _pl_window_set_mode (self, g_value_get_string (value));
      break;

    case PROP_SHOW_SIDEBAR:
      if (self->side_panel != NULL &&
          g_value_get_boolean (value) != gtk_widget_get_visible (GTK_WIDGET (self->side_panel)))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->side_panel), g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_window_size_allocate (GtkWidget *widget,
                         gint       width,
                         gint       height,
                         gint       baseline)
{
  GTK_WIDGET_CLASS (pl_window_parent_class)->size_allocate (widget, width, height, baseline);

  pl_window_queue_fit_header (PL_WINDOW (widget));
}

static void
pl_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pl_window_parent_class)->realize (widget);

  pl_window_fit_header (PL_WINDOW (widget));
}

static void
pl_window_class_init (PlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_window_dispose;
  object_class->finalize = pl_window_finalize;
  object_class->get_property = pl_window_get_property;
  object_class->set_property = pl_window_set_property;

  properties[PROP_LESSON] =
    g_param_spec_string ("lesson", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL,
                         "blocking",
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PIPELINE] =
    g_param_spec_object ("pipeline", NULL, NULL,
                         PL_TYPE_PIPELINE,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* The side panel (F7): the lesson's text and the live settings. */
  properties[PROP_SHOW_SIDEBAR] =
    g_param_spec_boolean ("show-sidebar", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->size_allocate = pl_window_size_allocate;
  widget_class->realize = pl_window_realize;

  g_type_ensure (PL_TYPE_LINE_VIEW);
  g_type_ensure (PL_TYPE_CONTROLS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pipelinelab/PipelineLab/pl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlWindow, lesson_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, panel_buttons);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, reset_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, main_menu_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, side_panel_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, busy_wait_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, blocking_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, code_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, charts_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, close_input_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, shutdown_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, line_view);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, controls);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, lesson_title_label);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, lesson_summary_label);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, lesson_question_label);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, lesson_question_box);
  gtk_widget_class_bind_template_callback (widget_class, controls_changed_cb);

  _pl_window_class_add_actions (widget_class);
  _pl_window_class_add_compare (widget_class);
  _pl_window_class_add_panels (widget_class);

  gtk_widget_class_install_property_action (widget_class, "win.show-sidebar", "show-sidebar");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F7, 0, "win.show-sidebar", NULL);
}

static void
pl_window_init (PlWindow *self)
{
  g_autoptr(GMenuModel) lessons = NULL;

  self->mode = PL_MODE_BLOCKING;
  /* A property action needs a string state even before the first lesson. */
  self->lesson = g_strdup ("");
  self->metrics = g_string_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  _pl_window_init_actions (self);
  _pl_window_init_panels (self);
  _pl_window_init_compare (self);

  lessons = pl_window_build_lesson_menu ();
  gtk_menu_button_set_menu_model (self->lesson_button, lessons);

  pl_window_name_buttons (self);
  /* At once, so that a window given a narrow size is laid out narrow. */
  g_signal_connect_swapped (self, "notify::default-width",
                            G_CALLBACK (pl_window_fit_header), self);
  pl_window_fit_header (self);
}

/**
 * pl_window_new:
 * @application: the application
 * @config: the pipeline to build; a valid config
 *
 * Returns: (transfer none): a new window, with the pipeline ready to start
 */
PlWindow *
pl_window_new (GtkApplication *application,
               const PlConfig *config)
{
  PlWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (PL_TYPE_WINDOW,
                       "application", application,
                       NULL);
  _pl_window_replace_pipeline (self, config);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->start_button));

  return self;
}

/**
 * pl_window_get_pipeline:
 * @self: a #PlWindow
 *
 * Returns: (transfer none): the pipeline the window runs
 */
PlPipeline *
pl_window_get_pipeline (PlWindow *self)
{
  g_return_val_if_fail (PL_IS_WINDOW (self), NULL);

  return self->pipeline;
}

/**
 * pl_window_get_line_view:
 * @self: a #PlWindow
 *
 * Returns: (transfer none): the view of the assembly line
 */
PlLineView *
pl_window_get_line_view (PlWindow *self)
{
  g_return_val_if_fail (PL_IS_WINDOW (self), NULL);

  return self->line_view;
}
