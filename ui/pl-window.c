/* pl-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window owns the running pipeline. Its header bar drives the pipeline
 * (lesson, mode, start and pause, close input, reset, export), the side
 * panel changes its settings live, and the line view draws it.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pl-window-private.h"

G_DEFINE_FINAL_TYPE (PlWindow, pl_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LESSON,
  PROP_MODE,
  PROP_PIPELINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pl_window_update_header (PlWindow *self)
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-input",
                                 state == PL_PIPELINE_RUNNING);
}

static void
pl_window_replace_pipeline (PlWindow       *self,
                            const PlConfig *config)
{
  const gchar *title = NULL;

  if (self->pipeline != NULL)
    pl_pipeline_cancel (self->pipeline);
  g_clear_object (&self->pipeline);

  self->pipeline = pl_pipeline_new (config);
  _pl_window_reset_metrics (self);

  if (config->preset[0] != '\0')
    title = pl_config_preset_title (config->preset);
  pl_scene_set_title (pl_line_view_get_scene (self->line_view),
                      title != NULL ? title : _("Custom pipeline"));
  pl_line_view_set_pipeline (self->line_view, self->pipeline);
  pl_controls_set_pipeline (self->controls, self->pipeline);

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

  pl_window_update_header (self);
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

  if (!pl_config_apply_preset (&config, lesson, &error))
    {
      _pl_window_show_error (self, _("Could not open the lesson"), error);
      return;
    }

  pl_window_replace_pipeline (self, &config);
}

static void
pl_window_set_mode (PlWindow    *self,
                    const gchar *mode)
{
  PlMode parsed;

  if (mode == NULL || !pl_config_parse_mode (mode, &parsed) || parsed == self->mode)
    return;

  self->mode = parsed;
  pl_pipeline_set_mode (self->pipeline, parsed);
  pl_line_view_wake (self->line_view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static void
line_view_sample_cb (PlWindow *self,
                     PlSample *sample)
{
  _pl_window_log_sample (self, sample);

  if (sample->state != self->shown_state || sample->paused != self->shown_paused)
    pl_window_update_header (self);
}

static void
line_view_event_cb (PlWindow      *self,
                    const PlEvent *event)
{
  pl_window_update_header (self);
}

static void
controls_changed_cb (PlWindow *self)
{
  /* Even a paused line shows a new capacity or worker count at once. */
  pl_line_view_wake (self->line_view);
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

  pl_line_view_wake (self->line_view);
  pl_window_update_header (self);

  return TRUE;
}

static void
start_pause_action (GtkWidget   *widget,
                    const gchar *action_name,
                    GVariant    *parameter)
{
  PlWindow *self = PL_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  switch (pl_pipeline_get_state (self->pipeline))
    {
    case PL_PIPELINE_RUNNING:
    case PL_PIPELINE_CLOSING:
      pl_pipeline_set_paused (self->pipeline, !pl_pipeline_get_paused (self->pipeline));
      pl_line_view_wake (self->line_view);
      pl_window_update_header (self);
      return;

    case PL_PIPELINE_FINISHED:
    case PL_PIPELINE_CANCELLED:
      {
        PlConfig config;

        pl_pipeline_get_config (self->pipeline, &config);
        pl_window_replace_pipeline (self, &config);
      }
      break;

    case PL_PIPELINE_READY:
    default:
      break;
    }

  if (!pl_window_start (self, &error))
    _pl_window_show_error (self, _("Could not start the pipeline"), error);
}

static void
close_input_action (GtkWidget   *widget,
                    const gchar *action_name,
                    GVariant    *parameter)
{
  PlWindow *self = PL_WINDOW (widget);

  pl_pipeline_close_input (self->pipeline);
  pl_line_view_wake (self->line_view);
  pl_window_update_header (self);
}

static void
reset_action (GtkWidget   *widget,
              const gchar *action_name,
              GVariant    *parameter)
{
  PlWindow *self = PL_WINDOW (widget);
  PlConfig config;

  /* The live settings, so slider changes survive a reset. */
  pl_pipeline_get_config (self->pipeline, &config);
  pl_window_replace_pipeline (self, &config);
}

static void
toggle_mode_action (GtkWidget   *widget,
                    const gchar *action_name,
                    GVariant    *parameter)
{
  PlWindow *self = PL_WINDOW (widget);

  pl_window_set_mode (self, pl_mode_to_string (self->mode == PL_MODE_BLOCKING
                                               ? PL_MODE_BUSY_WAIT
                                               : PL_MODE_BLOCKING));
}

static void
text_size_action (GtkWidget   *widget,
                  const gchar *action_name,
                  GVariant    *parameter)
{
  PlWindow *self = PL_WINDOW (widget);
  gdouble scale = pl_line_view_get_text_scale (self->line_view);

  /* For the back row of a classroom: larger text, as far as it still fits. */
  if (g_str_equal (action_name, "win.text-larger"))
    scale *= 1.2;
  else if (g_str_equal (action_name, "win.text-smaller"))
    scale /= 1.2;
  else
    scale = 1.0;

  pl_line_view_set_text_scale (self->line_view, scale);
}

static void
export_action (GtkWidget   *widget,
               const gchar *action_name,
               GVariant    *parameter)
{
  _pl_window_export (PL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static GMenuModel *
pl_window_build_lesson_menu (void)
{
  const gchar *const *presets = pl_config_list_presets ();
  GMenu *menu = g_menu_new ();

  for (guint i = 0; presets != NULL && presets[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = NULL;
      const gchar *title = pl_config_preset_title (presets[i]);

      item = g_menu_item_new (title != NULL ? title : presets[i], NULL);
      g_menu_item_set_action_and_target (item, "win.lesson", "s", presets[i]);
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

static void
pl_window_dispose (GObject *object)
{
  PlWindow *self = PL_WINDOW (object);

  /* Every thread is joined before the widgets that show it go away. */
  if (self->pipeline != NULL)
    pl_pipeline_cancel (self->pipeline);

  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_WINDOW);
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
      pl_window_set_mode (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PL_TYPE_LINE_VIEW);
  g_type_ensure (PL_TYPE_CONTROLS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pipelinelab/PipelineLab/pl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlWindow, lesson_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, line_view);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, controls);
  gtk_widget_class_bind_template_callback (widget_class, line_view_sample_cb);
  gtk_widget_class_bind_template_callback (widget_class, line_view_event_cb);
  gtk_widget_class_bind_template_callback (widget_class, controls_changed_cb);

  gtk_widget_class_install_property_action (widget_class, "win.lesson", "lesson");
  gtk_widget_class_install_property_action (widget_class, "win.mode", "mode");
  gtk_widget_class_install_action (widget_class, "win.start-pause", NULL, start_pause_action);
  gtk_widget_class_install_action (widget_class, "win.close-input", NULL, close_input_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-mode", NULL, toggle_mode_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.text-larger", NULL, text_size_action);
  gtk_widget_class_install_action (widget_class, "win.text-smaller", NULL, text_size_action);
  gtk_widget_class_install_action (widget_class, "win.text-reset", NULL, text_size_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.start-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.close-input", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.toggle-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.export", "s", "png");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export", "s", "svg");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.text-larger", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.text-larger", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.text-larger", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.text-smaller", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.text-smaller", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.text-reset", NULL);
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

  lessons = pl_window_build_lesson_menu ();
  gtk_menu_button_set_menu_model (self->lesson_button, lessons);
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
  pl_window_replace_pipeline (self, config);
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
