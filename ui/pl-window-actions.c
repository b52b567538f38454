/* pl-window-actions.c: what the window does, and the keys that do it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's actions live here, with their shortcuts, so that pl-window.c
 * keeps to building and showing the pipeline. The keys follow what a
 * teacher in front of a class reaches for: single letters and Space, which
 * must never steal what the user types into a field.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pl-window-private.h"

/* Each press of Ctrl+plus or Ctrl+minus scales text and items by this. */
#define TEXT_SCALE_STEP 1.2

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
      _pl_window_update_header (self);
      return;

    case PL_PIPELINE_FINISHED:
    case PL_PIPELINE_CANCELLED:
      {
        PlConfig config;

        pl_pipeline_get_config (self->pipeline, &config);
        _pl_window_replace_pipeline (self, &config);
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
  _pl_window_update_header (self);
}

/* Python 3.13's shutdown (immediate=True), against the close marker above:
 * what waits in the queues is dropped, and every waiting worker wakes. */
static void
shutdown_now_action (GtkWidget   *widget,
                     const gchar *action_name,
                     GVariant    *parameter)
{
  PlWindow *self = PL_WINDOW (widget);

  pl_pipeline_shutdown_now (self->pipeline);
  self->shutdown_sent = TRUE;
  pl_line_view_wake (self->line_view);
  _pl_window_update_header (self);
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
  _pl_window_replace_pipeline (self, &config);
}

static void
toggle_mode_action (GtkWidget   *widget,
                    const gchar *action_name,
                    GVariant    *parameter)
{
  PlWindow *self = PL_WINDOW (widget);

  _pl_window_set_mode (self, pl_mode_to_string (self->mode == PL_MODE_BLOCKING
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

  /* For the back row of a classroom: larger text, as far as it still fits
   * on the canvas; the side panel grows with it (see below). */
  if (g_str_equal (action_name, "win.text-larger"))
    scale *= TEXT_SCALE_STEP;
  else if (g_str_equal (action_name, "win.text-smaller"))
    scale /= TEXT_SCALE_STEP;
  else
    scale = 1.0;

  pl_line_view_set_text_scale (self->line_view, scale);
  _pl_window_apply_text_scale (self);
  _pl_window_settings_changed (self);
}

static void
export_action (GtkWidget   *widget,
               const gchar *action_name,
               GVariant    *parameter)
{
  _pl_window_export (PL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Walks the lessons in the book's order, so a class can be taken through
 * them with two keys. From a custom pipeline, "next" starts at lesson 1. */
static void
lesson_step_action (GtkWidget   *widget,
                    const gchar *action_name,
                    GVariant    *parameter)
{
  PlWindow *self = PL_WINDOW (widget);
  const gchar *const *presets = pl_config_list_presets ();
  gboolean forward = g_str_equal (action_name, "win.lesson-next");
  guint n_presets = g_strv_length ((gchar **) presets);
  gint current = -1;
  gint target;

  for (guint i = 0; i < n_presets; i++)
    {
      if (g_strcmp0 (presets[i], self->lesson) == 0)
        current = (gint) i;
    }

  target = forward ? current + 1 : current - 1;
  if (current < 0)
    target = forward ? 0 : -1;
  if (target < 0 || target >= (gint) n_presets)
    return;

  g_object_set (self, "lesson", presets[target], NULL);
}

/**
 * pl_window_open_scenario:
 * @self: a #PlWindow
 * @file: a scenario file
 *
 * Builds the pipeline the file describes. A file that cannot be read, or
 * that is not a valid scenario, gets an error dialog and changes nothing.
 *
 * Returns: %TRUE when the scenario was opened
 */
gboolean
pl_window_open_scenario (PlWindow *self,
                         GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *path = NULL;
  PlConfig config;

  g_return_val_if_fail (PL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* A scenario is a whole pipeline: what it leaves out is the default. */
  pl_config_init_default (&config);
  path = g_file_get_path (file);
  if (path == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only local files can be opened"));

  if (path == NULL || !pl_config_load_from_file (&config, path, &error))
    {
      _pl_window_show_error (self, _("Could not open the scenario"), error);
      return FALSE;
    }

  _pl_window_replace_pipeline (self, &config);

  return TRUE;
}

/**
 * pl_window_save_scenario:
 * @self: a #PlWindow
 * @file: where to save
 *
 * Saves the pipeline with its live settings. A failure gets an error dialog.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
pl_window_save_scenario (PlWindow *self,
                         GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *path = NULL;
  PlConfig config;

  g_return_val_if_fail (PL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  pl_pipeline_get_config (self->pipeline, &config);
  path = g_file_get_path (file);
  if (path == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only local files can be written"));

  if (path == NULL || !pl_config_save_to_file (&config, path, &error))
    {
      _pl_window_show_error (self, _("Could not save the scenario"), error);
      return FALSE;
    }

  return TRUE;
}

static void
scenario_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) scenarios = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (scenarios, _("Pipeline Lab scenarios"));
  gtk_file_filter_add_pattern (scenarios, "*.scenario");
  gtk_file_chooser_add_filter (chooser, scenarios);

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

/* What a scenario dialog does with the file the teacher picks. */
typedef struct
{
  PlWindow  *self;
  gboolean (*use_file) (PlWindow *self,
                        GFile    *file);
} ScenarioChooser;

static void
scenario_response_cb (GtkNativeDialog *chooser,
                      gint             response,
                      gpointer         user_data)
{
  ScenarioChooser *scenario = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        scenario->use_file (scenario->self, file);
    }

  g_object_unref (chooser);
  g_object_unref (scenario->self);
  g_free (scenario);
}

/* A modal dialog to pick a scenario file, handed to @use_file; with
 * @name (nullable), a file to save, of that name at first. */
static void
choose_scenario (PlWindow             *self,
                 const gchar          *title,
                 GtkFileChooserAction  action,
                 const gchar          *accept_label,
                 const gchar          *name,
                 gboolean            (*use_file) (PlWindow *self,
                                                  GFile    *file))
{
  GtkFileChooserNative *chooser;
  ScenarioChooser *scenario = g_new0 (ScenarioChooser, 1);

  scenario->self = g_object_ref (self);
  scenario->use_file = use_file;

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                         accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  scenario_filters (GTK_FILE_CHOOSER (chooser));
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (scenario_response_cb), scenario);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_scenario_action (GtkWidget   *widget,
                      const gchar *action_name,
                      GVariant    *parameter)
{
  choose_scenario (PL_WINDOW (widget), _("Open a Scenario"),
                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL,
                   pl_window_open_scenario);
}

static void
save_scenario_action (GtkWidget   *widget,
                      const gchar *action_name,
                      GVariant    *parameter)
{
  PlWindow *self = PL_WINDOW (widget);
  g_autofree gchar *name = NULL;

  name = g_strdup_printf ("%s.scenario",
                          self->lesson != NULL && self->lesson[0] != '\0' ? self->lesson : "pipeline");
  choose_scenario (self, _("Save the Scenario"),
                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), name,
                   pl_window_save_scenario);
}

/* The window's own key shortcuts (the class bindings below), found once. */
static GListModel *
window_shortcuts (PlWindow *self)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (self));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (controller) &&
          g_strcmp0 (gtk_event_controller_get_name (controller), "gtk-widget-class-shortcuts") == 0)
        return G_LIST_MODEL (controller);
    }

  return NULL;
}

/* The text field being typed into, if the focus is in one. */
static GtkWidget *
focused_editable (GtkWidget *focus,
                  GtkWidget *window)
{
  GtkWidget *editable = NULL;

  for (GtkWidget *w = focus; w != NULL && w != window; w = gtk_widget_get_parent (w))
    {
      if (GTK_IS_EDITABLE (w) || GTK_IS_TEXT_VIEW (w))
        editable = w;
    }

  return editable;
}

/* Enter keeps what was typed and Escape takes it back; either way the keys
 * go back to the window, by way of the canvas. */
static void
leave_editable (PlWindow  *self,
                GtkWidget *editable,
                gboolean   keep)
{
  if (GTK_IS_SPIN_BUTTON (editable))
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (editable);

      if (keep)
        gtk_spin_button_update (spin);
      else
        gtk_spin_button_set_value (spin, gtk_spin_button_get_value (spin));
    }
  else if (keep)
    {
      gtk_widget_activate (editable);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->line_view));
}

static gboolean
is_plain (GdkModifierType state)
{
  return (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK |
                   GDK_SUPER_MASK | GDK_HYPER_MASK | GDK_META_MASK)) == 0;
}

/* Space, R, C, S and B with no modifier; not class bindings, because a
 * binding cannot tell typing from a command. */
static const gchar *
letter_action (guint keyval)
{
  switch (gdk_keyval_to_lower (keyval))
    {
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      return "win.start-pause";

    case GDK_KEY_r:
      return "win.reset";

    case GDK_KEY_c:
      return "win.close-input";

    case GDK_KEY_s:
      return "win.shutdown-now";

    case GDK_KEY_b:
      return "win.toggle-mode";

    default:
      return NULL;
    }
}

/* Runs the window's own shortcut for a key; FALSE if it has none. Shift does not
 * count: Ctrl+plus is typed with Shift on many keyboards. */
static gboolean
run_window_shortcut (PlWindow        *self,
                     guint            keyval,
                     GdkModifierType  state)
{
  GListModel *shortcuts = window_shortcuts (self);
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask () & ~GDK_SHIFT_MASK;

  if (shortcuts == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (shortcuts); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
      GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

      /* Ours only: GtkWindow's own (arrows and Tab move the focus) come
       * after the focused widget, which may need them. */
      if (!GTK_IS_NAMED_ACTION (action) ||
          !g_str_has_prefix (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win.") ||
          !GTK_IS_KEYVAL_TRIGGER (trigger) ||
          gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger))) !=
          gdk_keyval_to_lower (keyval) ||
          (gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) & ~GDK_SHIFT_MASK) != mods)
        continue;

      /* The key is the window's even when its action is not available now
       * (Page Up on the first lesson): it never falls through to a slider. */
      gtk_shortcut_action_activate (action, GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                    GTK_WIDGET (self), gtk_shortcut_get_arguments (shortcut));
      return TRUE;
    }

  return FALSE;
}

/*
 * Every window key is caught before the focused widget sees it: a clicked
 * slider must not take Page Down (a presentation remote's "next") or
 * Ctrl+plus for itself, and Space on the focused Start button starts once,
 * not twice. In a text field, keys that type still type, and Enter or
 * Escape hand the keys back. A menu that is open keeps its keys.
 */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  PlWindow *self = PL_WINDOW (user_data);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *editable = NULL;
  const gchar *action;

  if (focus != NULL && gtk_widget_get_native (focus) != GTK_NATIVE (self))
    return GDK_EVENT_PROPAGATE;

  editable = focused_editable (focus, GTK_WIDGET (self));
  if (editable != NULL && is_plain (state))
    {
      switch (keyval)
        {
        case GDK_KEY_Return:
        case GDK_KEY_KP_Enter:
        case GDK_KEY_ISO_Enter:
          leave_editable (self, editable, TRUE);
          return GDK_EVENT_STOP;

        case GDK_KEY_Escape:
          leave_editable (self, editable, FALSE);
          return GDK_EVENT_STOP;

        default:
          break;
        }
    }

  action = is_plain (state) ? letter_action (keyval) : NULL;
  if (action != NULL)
    {
      if (editable != NULL)
        return GDK_EVENT_PROPAGATE;

      gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
      return GDK_EVENT_STOP;
    }

  /* Ctrl+plus, Page Down, Alt+→, F11 and the rest type nothing, so they
   * act on the window even from a text field. */
  if (run_window_shortcut (self, keyval, state))
    return GDK_EVENT_STOP;

  return GDK_EVENT_PROPAGATE;
}

void
_pl_window_apply_text_scale (PlWindow *self)
{
  g_autofree gchar *css = NULL;
  gdouble scale = pl_line_view_get_text_scale (self->line_view);
  gchar percent[G_ASCII_DTOSTR_BUF_SIZE];

  /* The side panel grows with the canvas, for the back row of the room. */
  g_ascii_formatd (percent, sizeof percent, "%.0f", scale * 100.0);
  css = g_strdup_printf (".pl-side-panel { font-size: %s%%; }", percent);
  gtk_css_provider_load_from_data (self->text_css, css, -1);
}

void
_pl_window_dispose_actions (PlWindow *self)
{
  if (self->text_css != NULL)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->text_css));
  g_clear_object (&self->text_css);
}

void
_pl_window_init_actions (PlWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  self->text_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->text_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  _pl_window_apply_text_scale (self);
}

void
_pl_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_property_action (widget_class, "win.lesson", "lesson");
  gtk_widget_class_install_property_action (widget_class, "win.mode", "mode");
  gtk_widget_class_install_action (widget_class, "win.start-pause", NULL, start_pause_action);
  gtk_widget_class_install_action (widget_class, "win.close-input", NULL, close_input_action);
  gtk_widget_class_install_action (widget_class, "win.shutdown-now", NULL, shutdown_now_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-mode", NULL, toggle_mode_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.text-larger", NULL, text_size_action);
  gtk_widget_class_install_action (widget_class, "win.text-smaller", NULL, text_size_action);
  gtk_widget_class_install_action (widget_class, "win.text-reset", NULL, text_size_action);
  /* A property action, so that the menu item shows a check mark. */
  gtk_widget_class_install_property_action (widget_class, "win.fullscreen", "fullscreened");
  gtk_widget_class_install_action (widget_class, "win.lesson-next", NULL, lesson_step_action);
  gtk_widget_class_install_action (widget_class, "win.lesson-previous", NULL, lesson_step_action);
  gtk_widget_class_install_action (widget_class, "win.open-scenario", NULL, open_scenario_action);
  gtk_widget_class_install_action (widget_class, "win.save-scenario", NULL, save_scenario_action);

  /* Space, R, C, S and B are handled by key_pressed_cb, not bound here: a
   * binding would fire inside text fields too. key_pressed_cb also runs the
   * bindings below before the focused widget can take their keys. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", "s", "png");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-scenario", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-scenario", NULL);

  /* Alt+arrows as in a browser, Page Down/Up as a presentation remote sends. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.lesson-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.lesson-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "win.lesson-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "win.lesson-previous", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.text-larger", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.text-larger", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.text-larger", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.text-smaller", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.text-smaller", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.text-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.text-reset", NULL);
}
