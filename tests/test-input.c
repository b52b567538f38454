/* test-input.c: nothing but a deliberate act changes the experiment; the
 * window's chrome fits a projector; every button and the canvas can be read
 * by a screen reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widgets are real, and so are their event controllers: events are
 * passed through the controllers the way GTK passes them, capture phase
 * from the window down, then bubble phase back up, so a control that would
 * take the event for itself does so here too.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "pl-scene.h"
#include "pl-test-run.h"
#include "pl-test-window.h"
#include "pl-window.h"

static PlWindow *
open_lesson (GtkApplication *application,
             const gchar    *lesson,
             gint            width,
             gint            height)
{
  g_autoptr(GError) error = NULL;
  PlConfig config;
  PlWindow *window;

  g_assert_true (pl_config_apply_preset (&config, lesson, &error));
  g_assert_no_error (error);

  window = pl_window_new (application, &config);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  pl_test_present (window);
  pl_test_run_for (200);

  return window;
}

/* The first widget of @type whose mnemonic label (or tooltip) says @label. */
static GtkWidget *
find_control (GtkWidget   *root,
              GType        type,
              guint        nth)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  pl_test_collect (root, type, found);
  g_assert_cmpuint (found->len, >, nth);

  return g_ptr_array_index (found, nth);
}

static GtkScrolledWindow *
side_panel (PlWindow *window)
{
  GtkWidget *items = find_control (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON, 0);
  GtkWidget *scroller = gtk_widget_get_ancestor (items, GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scroller);

  return GTK_SCROLLED_WINDOW (scroller);
}

/* Delivers a wheel turn to @target as GTK does: the scroll controllers of
 * the window and every ancestor in the capture phase, from the top, then
 * @target's and its ancestors' in the bubble phase, until one takes it. */
static gboolean
wheel_both (GtkWidget *target,
            gdouble    dx,
            gdouble    dy)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();

  for (GtkWidget *w = target; w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_insert (chain, 0, w);

  for (gint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < chain->len; i++)
        {
          GtkWidget *widget = g_ptr_array_index (chain, pass == 0 ? i : chain->len - 1 - i);
          g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

          for (guint j = 0; j < g_list_model_get_n_items (controllers); j++)
            {
              g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, j);
              GtkPropagationPhase phase = gtk_event_controller_get_propagation_phase (controller);
              gboolean handled = FALSE;

              if (!GTK_IS_EVENT_CONTROLLER_SCROLL (controller) ||
                  phase != (pass == 0 ? GTK_PHASE_CAPTURE : GTK_PHASE_BUBBLE))
                continue;

              g_signal_emit_by_name (controller, "scroll", dx, dy, &handled);
              if (handled)
                return TRUE;
            }
        }
    }

  return FALSE;
}

static gboolean
wheel (GtkWidget *target,
       gdouble    dy)
{
  return wheel_both (target, 0.0, dy);
}

/* The wheel over a slider, a spin button or a drop-down in the side panel
 * scrolls the panel, and changes none of them. */
static void
test_input_wheel_scrolls_the_panel (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded", 1024, 768);
  GtkAdjustment *panel = gtk_scrolled_window_get_vadjustment (side_panel (window));
  GtkWidget *scale = find_control (GTK_WIDGET (window), GTK_TYPE_SCALE, 3);
  GtkWidget *spin = find_control (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON, 1);
  GtkWidget *dropdown = find_control (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, 0);
  gdouble scale_value = gtk_range_get_value (GTK_RANGE (scale));
  gdouble spin_value = gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin));
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));
  gdouble before;

  g_test_message ("panel %.0f of %.0f, page %.0f", gtk_adjustment_get_value (panel),
                  gtk_adjustment_get_upper (panel), gtk_adjustment_get_page_size (panel));
  g_assert_cmpfloat (gtk_adjustment_get_upper (panel), >, gtk_adjustment_get_page_size (panel));

  /* A focused slider too: the wheel is never a way to set it. */
  gtk_widget_grab_focus (scale);
  before = gtk_adjustment_get_value (panel);
  g_assert_true (wheel (scale, 1.0));
  g_assert_cmpfloat (gtk_adjustment_get_value (panel), >, before);
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (scale)), ==, scale_value);

  before = gtk_adjustment_get_value (panel);
  g_assert_true (wheel (spin, 1.0));
  g_assert_cmpfloat (gtk_adjustment_get_value (panel), >, before);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, spin_value);

  before = gtk_adjustment_get_value (panel);
  g_assert_true (wheel (dropdown, -1.0));
  g_assert_cmpfloat (gtk_adjustment_get_value (panel), <, before);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, selected);
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (scale)), ==, scale_value);

  /* Sideways (Shift+wheel, or a tilting wheel) neither. */
  before = gtk_adjustment_get_value (panel);
  g_assert_true (wheel_both (scale, 1.0, 0.0));
  g_assert_true (wheel_both (scale, -1.0, 0.0));
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (scale)), ==, scale_value);
  g_assert_cmpfloat (gtk_adjustment_get_value (panel), ==, before);

  pl_test_close_window (window);
}

/* A key press as the window's capture phase sees it, before the focused
 * widget: TRUE when the window took it. */
static gboolean
press (PlWindow        *window,
       guint            keyval,
       GdkModifierType  state)
{
  GtkEventController *keys = pl_test_find_key_controller (GTK_WIDGET (window));
  gboolean handled = FALSE;

  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, state, &handled);

  return handled;
}

/* After a slider was clicked, Page Down, Ctrl+plus and the rest still act
 * on the window: the slider never sees them. */
static void
test_input_keys_beat_a_focused_slider (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "busy-wait", 1280, 800);
  const gchar *const *presets = pl_config_list_presets ();
  PlLineView *view = pl_window_get_line_view (window);
  GtkWidget *scale = find_control (GTK_WIDGET (window), GTK_TYPE_SCALE, 0);
  g_autofree gchar *lesson = NULL;

  g_assert_true (gtk_widget_grab_focus (scale));

  /* On the first lesson there is no previous one; the key is still not the
   * slider's to take. */
  g_assert_true (press (window, GDK_KEY_Page_Up, 0));
  lesson = pl_test_window_lesson (window);
  g_assert_cmpstr (lesson, ==, presets[0]);
  g_clear_pointer (&lesson, g_free);

  g_assert_true (gtk_widget_grab_focus (find_control (GTK_WIDGET (window), GTK_TYPE_SCALE, 0)));
  g_assert_true (press (window, GDK_KEY_Page_Down, 0));
  lesson = pl_test_window_lesson (window);
  g_assert_cmpstr (lesson, ==, presets[1]);
  g_clear_pointer (&lesson, g_free);

  g_assert_true (gtk_widget_grab_focus (find_control (GTK_WIDGET (window), GTK_TYPE_SCALE, 1)));
  g_assert_true (press (window, GDK_KEY_Left, GDK_ALT_MASK));
  lesson = pl_test_window_lesson (window);
  g_assert_cmpstr (lesson, ==, presets[0]);

  scale = find_control (GTK_WIDGET (window), GTK_TYPE_SCALE, 1);
  g_assert_true (gtk_widget_grab_focus (scale));
  /* Ctrl+plus as typed on most keyboards: Shift gives the plus. */
  g_assert_true (press (window, GDK_KEY_plus, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_cmpfloat_with_epsilon (pl_line_view_get_text_scale (view), 1.2, 1e-9);
  g_assert_true (press (window, GDK_KEY_minus, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (pl_line_view_get_text_scale (view), 1.0, 1e-9);
  g_assert_true (press (window, GDK_KEY_plus, GDK_CONTROL_MASK));
  g_assert_true (press (window, GDK_KEY_0, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (pl_line_view_get_text_scale (view), 1.0, 1e-9);

  /* The side panel's key. */
  g_assert_true (press (window, GDK_KEY_F7, 0));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (side_panel (window))));
  g_assert_true (press (window, GDK_KEY_F7, 0));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (side_panel (window))));

  /* Keys that are not the window's stay with the slider. */
  g_assert_false (press (window, GDK_KEY_Right, 0));
  g_assert_false (press (window, GDK_KEY_Home, 0));

  pl_test_close_window (window);
}

/* In the Items field keys type; Enter keeps the number and Escape takes it
 * back, and both hand the keys back to the window. */
static void
test_input_entry_hands_keys_back (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded", 1280, 800);
  GtkWidget *items = find_control (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON, 0);
  PlLineView *view = pl_window_get_line_view (window);
  PlPipeline *pipeline = pl_window_get_pipeline (window);
  PlConfig config;

  g_assert_true (gtk_widget_grab_focus (items));
  g_assert_false (press (window, GDK_KEY_space, 0));
  g_assert_false (press (window, GDK_KEY_2, 0));
  gtk_editable_set_text (GTK_EDITABLE (items), "2500");
  g_assert_true (press (window, GDK_KEY_Return, 0));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (items)), ==, 2500);
  pl_pipeline_get_config (pipeline, &config);
  g_assert_cmpuint (config.items, ==, 2500);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (view));

  g_assert_true (gtk_widget_grab_focus (items));
  gtk_editable_set_text (GTK_EDITABLE (items), "77");
  g_assert_true (press (window, GDK_KEY_Escape, 0));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (items)), ==, 2500);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (items)), ==, "2500");
  pl_pipeline_get_config (pipeline, &config);
  g_assert_cmpuint (config.items, ==, 2500);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (view));

  /* The keys are the window's again: Space starts the line. */
  g_assert_true (press (window, GDK_KEY_space, 0));
  g_assert_cmpint (pl_pipeline_get_state (pipeline), !=, PL_PIPELINE_READY);

  pl_test_close_window (window);
}

/* A click on the canvas takes the focus from the control that had it. */
static void
test_input_canvas_takes_focus (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded", 1280, 800);
  GtkWidget *view = GTK_WIDGET (pl_window_get_line_view (window));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);
  gboolean clicked = FALSE;

  g_assert_true (gtk_widget_grab_focus (find_control (GTK_WIDGET (window), GTK_TYPE_SCALE, 2)));
  g_assert_true (gtk_widget_get_focusable (view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        {
          g_signal_emit_by_name (controller, "pressed", 1, 100.0, 100.0);
          clicked = TRUE;
        }
    }
  g_assert_true (clicked);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == view);

  pl_test_close_window (window);
}

static gint size_wanted;

static gboolean
fits (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) <= size_wanted;
}

static gboolean
menu_has_action (GMenuModel  *menu,
                 const gchar *wanted)
{
  for (gint i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree gchar *action = NULL;
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
          g_str_equal (action, wanted))
        return TRUE;

      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          if (menu_has_action (link, wanted))
            return TRUE;
        }
    }

  return FALSE;
}

/* The window works at a projector's 1024×768 and 1280×720: the header bar
 * gives up its less-used buttons to the main menu, which always has them. */
static void
test_input_fits_a_projector (gconstpointer data)
{
  const gint sizes[][2] = { { 1024, 768 }, { 1280, 720 } };
  const gchar *in_menu[] = { "win.show-code", "win.show-charts", "win.show-sidebar",
                             "win.reset", "win.export", "win.shutdown-now" };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "closable",
                                      sizes[i][0], sizes[i][1]);
      GtkWidget *header = gtk_window_get_titlebar (GTK_WINDOW (window));
      g_autoptr(GPtrArray) menus = g_ptr_array_new ();
      gint minimum = 0;
      GMenuModel *main_menu = NULL;

      size_wanted = sizes[i][0];
      pl_test_wait_for (fits, window, "the window takes the width asked for");
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_test_message ("%d×%d: window %d px wide, at least %d", sizes[i][0], sizes[i][1],
                      gtk_widget_get_width (GTK_WIDGET (window)), minimum);
      g_assert_cmpint (minimum, <=, sizes[i][0]);
      g_assert_cmpint (gtk_widget_get_width (header), <=, sizes[i][0]);

      /* Code and the side panel together still fit. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-charts", NULL));
      pl_test_run_for (100);
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_test_message ("with code and charts, at least %d", minimum);
      g_assert_cmpint (minimum, <=, sizes[i][0]);

      pl_test_collect (header, GTK_TYPE_MENU_BUTTON, menus);
      for (guint j = 0; j < menus->len; j++)
        if (gtk_menu_button_get_primary (g_ptr_array_index (menus, j)))
          main_menu = gtk_menu_button_get_menu_model (g_ptr_array_index (menus, j));
      g_assert_nonnull (main_menu);
      for (guint j = 0; j < G_N_ELEMENTS (in_menu); j++)
        {
          g_test_message ("main menu has %s", in_menu[j]);
          g_assert_true (menu_has_action (main_menu, in_menu[j]));
        }

      pl_test_close_window (window);
    }
}

/* F7 shows and hides the side panel, and the menu shows which. */
static void
test_input_side_panel_action (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded", 1280, 800);
  GtkWidget *panel = GTK_WIDGET (side_panel (window));
  gboolean shown = FALSE;

  g_assert_true (gtk_widget_get_visible (panel));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL));
  g_assert_false (gtk_widget_get_visible (panel));
  g_object_get (window, "show-sidebar", &shown, NULL);
  g_assert_false (shown);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL));
  g_assert_true (gtk_widget_get_visible (panel));

  pl_test_close_window (window);
}

static gboolean
popover_shown (gpointer data)
{
  GtkWidget *popover = gtk_widget_get_last_child (GTK_WIDGET (data));

  return GTK_IS_POPOVER (popover) && gtk_widget_get_mapped (popover);
}

/* The lesson menu shows each title as written: "task_done", not a
 * mnemonic. Opening the menus warns about nothing (warnings are fatal). */
static void
test_input_lesson_menu_reads_as_written (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded", 1024, 768);
  const gchar *const *presets = pl_config_list_presets ();
  g_autoptr(GPtrArray) menus = g_ptr_array_new ();

  pl_test_collect (gtk_window_get_titlebar (GTK_WINDOW (window)), GTK_TYPE_MENU_BUTTON, menus);
  g_assert_cmpuint (menus->len, >=, 2);
  for (guint m = 0; m < menus->len; m++)
    {
      GtkMenuButton *button = g_ptr_array_index (menus, m);
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      GtkWidget *popover;
      guint found = 0;

      if (!gtk_widget_get_visible (GTK_WIDGET (button)))
        continue;
      gtk_menu_button_popup (button);
      pl_test_wait_for (popover_shown, button, "the menu opens");
      pl_test_run_for (100);
      popover = gtk_widget_get_last_child (GTK_WIDGET (button));

      pl_test_collect (popover, GTK_TYPE_LABEL, labels);
      for (guint i = 0; presets[i] != NULL; i++)
        {
          g_autofree gchar *wanted = g_strdup_printf ("%u. %s", i + 1, pl_config_preset_title (presets[i]));

          for (guint j = 0; j < labels->len; j++)
            if (g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, j)), wanted))
              found++;
        }
      g_test_message ("menu %u: %u lesson titles as written", m, found);
      if (gtk_menu_button_get_menu_model (button) != NULL &&
          !gtk_menu_button_get_primary (button))
        g_assert_cmpuint (found, ==, g_strv_length ((gchar **) presets));

      gtk_menu_button_popdown (button);
      pl_test_run_for (50);
    }

  pl_test_close_window (window);
}

/* Each lesson starts with its title in view. */
static void
test_input_panel_back_to_top (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "busy-wait", 1024, 768);
  GtkAdjustment *panel = gtk_scrolled_window_get_vadjustment (side_panel (window));

  gtk_adjustment_set_value (panel, gtk_adjustment_get_upper (panel));
  g_assert_cmpfloat (gtk_adjustment_get_value (panel), >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson-next", NULL));
  g_assert_cmpfloat (gtk_adjustment_get_value (panel), ==, 0);

  pl_test_close_window (window);
}

/* Every button in the header bar has one plain name, as CONTRACT lists. */
static void
test_input_accessible_names (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded", 1920, 1000);
  const gchar *names[] = { "Lesson", "Busy-wait", "Blocking", "Code", "Charts", "Start",
                           "Close Input", "Shut Down Now", "Reset", "Export", "Main Menu",
                           "Side Panel", "Compare" };
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  guint matched[G_N_ELEMENTS (names)] = { 0 };

  pl_test_collect (gtk_window_get_titlebar (GTK_WINDOW (window)), GTK_TYPE_BUTTON, buttons);
  pl_test_collect (gtk_window_get_titlebar (GTK_WINDOW (window)), GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      gint which = -1;

      if (gtk_widget_get_ancestor (button, GTK_TYPE_WINDOW_CONTROLS) != NULL)
        continue;

      for (guint n = 0; n < G_N_ELEMENTS (names) && which < 0; n++)
        {
          g_autofree gchar *mismatch =
            gtk_test_accessible_check_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                names[n]);

          if (mismatch == NULL)
            which = (gint) n;
        }
      if (which < 0)
        g_error ("a %s in the header bar (%s, in a %s) has none of the names agreed on",
                 G_OBJECT_TYPE_NAME (button), gtk_widget_get_tooltip_text (button),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (button)));
      /* A second name from another widget would be read after the first. */
      g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button),
                                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY));
      matched[which]++;
    }

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_test_message ("%s: %u", names[n], matched[n]);
      g_assert_cmpuint (matched[n], >, 0);
    }

  pl_test_close_window (window);
}

static PlSample *
make_sample (void)
{
  PlSample *sample = pl_sample_new ();
  const gchar *names[] = { "download", "resize", "upload" };

  sample->serial = 1;
  sample->time_us = 10 * G_USEC_PER_SEC;
  sample->elapsed_us = 3200 * 1000;
  sample->state = PL_PIPELINE_RUNNING;
  sample->mode = PL_MODE_BLOCKING;
  sample->items = 1000;
  sample->produced = 155;
  sample->processed = 149;
  sample->n_stages = 3;
  sample->n_queues = 4;

  for (guint s = 0; s < 3; s++)
    {
      PlStageSample *stage = &sample->stages[s];

      g_strlcpy (stage->name, names[s], sizeof stage->name);
      stage->n_workers = 3;
      stage->work_done = 151 - s;
      stage->polls = 1234567 * s;
      for (guint w = 0; w < 3; w++)
        {
          stage->workers[w].state = PL_WORKER_WAITING_GET;
          stage->workers[w].item = G_MAXUINT64;
        }
    }
  /* download: two blocked on a full queue, one working */
  sample->stages[0].workers[0].state = PL_WORKER_WAITING_PUT;
  sample->stages[0].workers[1].state = PL_WORKER_WAITING_PUT;
  sample->stages[0].workers[2].state = PL_WORKER_WORKING;
  /* resize: one each of working, polling, napping: the first listed wins */
  sample->stages[1].workers[0].state = PL_WORKER_BACKOFF;
  sample->stages[1].workers[1].state = PL_WORKER_POLLING;
  sample->stages[1].workers[2].state = PL_WORKER_WORKING;

  for (guint q = 0; q < 4; q++)
    {
      sample->queues[q].stats.capacity = q == 3 ? 0 : 4;
      sample->queues[q].stats.first_marker = -1;
      sample->queues[q].stats.depth = q == 3 ? 149 : 4 - q;
    }
  sample->queues[1].stats.capacity = 0;

  return sample;
}

/* A rate as the description words it: one decimal, or not yet measured. */
static gchar *
stage_rate (PlScene *scene,
            guint    stage)
{
  PlStageRates rates;
  gchar number[G_ASCII_DTOSTR_BUF_SIZE];

  pl_scene_get_stage_rates (scene, stage, &rates);
  if (!rates.valid)
    return g_strdup ("not measured yet");

  g_ascii_formatd (number, sizeof number, "%.1f", rates.items_per_s);
  return g_strdup_printf ("%s per second", number);
}

/* The canvas in words: the format is CONTRACT's, numbers are plain. */
static void
test_input_scene_describe (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  PlSample *sample = make_sample ();
  g_autofree gchar *text = NULL;
  g_autofree gchar *expected = NULL;
  g_autofree gchar *paused = NULL;
  gchar *rates[4];

  pl_scene_set_title (scene, "Bounded Queue(1): backpressure");
  text = pl_scene_describe (scene);
  g_assert_cmpstr (text, ==, "Bounded Queue(1): backpressure. Ready.");
  g_clear_pointer (&text, g_free);

  pl_scene_push_sample (scene, sample);
  text = pl_scene_describe (scene);
  g_test_message ("%s", text);
  /* The rates are the scene's own, measured or not yet. */
  expected = g_strdup_printf ("Bounded Queue(1): backpressure. Blocking. Running, 3.2 s.\n"
                              "Input queue: 4 of 4.\n"
                              "Stage 1 download: blocked on a full queue, 151 done, %s, 0 polls.\n"
                              "Queue 1: 3 of unbounded.\n"
                              "Stage 2 resize: working, 150 done, %s, 1234567 polls.\n"
                              "Queue 2: 2 of 4.\n"
                              "Stage 3 upload: starved, 149 done, %s, 2469134 polls.\n"
                              "Done: 149 of 1000, %s.",
                              rates[0] = stage_rate (scene, 0), rates[1] = stage_rate (scene, 1),
                              rates[2] = stage_rate (scene, 2), rates[3] = stage_rate (scene, 2));
  g_assert_cmpstr (text, ==, expected);
  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    g_free (rates[i]);

  /* Later samples: rates once measured, and the run state in words. */
  for (guint i = 1; i <= 4; i++)
    {
      PlSample *later = pl_sample_new ();

      memcpy (later, sample, sizeof *later);
      later->serial = sample->serial + i;
      later->time_us = sample->time_us + i * G_USEC_PER_SEC / 2;
      later->elapsed_us = sample->elapsed_us + i * G_USEC_PER_SEC / 2;
      for (guint s = 0; s < 3; s++)
        later->stages[s].work_done += 25 * i;
      later->processed += 25 * i;
      later->paused = i == 4;
      for (guint s = 0; s < 3; s++)
        for (guint w = 0; w < 3 && i == 4; w++)
          later->stages[s].workers[w].state = PL_WORKER_PAUSED;
      pl_scene_push_sample (scene, later);
    }
  paused = pl_scene_describe (scene);
  g_test_message ("%s", paused);
  g_assert_true (g_str_has_prefix (paused, "Bounded Queue(1): backpressure. Blocking. Paused, 5.2 s.\n"));
  g_assert_nonnull (strstr (paused, "Stage 1 download: paused, 251 done, "));
  g_assert_nonnull (strstr (paused, " per second, 0 polls.\n"));
  g_assert_nonnull (strstr (paused, "Done: 249 of 1000, "));
  g_assert_true (g_str_has_suffix (paused, " per second."));
}

/* The description the canvas carries now. Reading a property back is only
 * possible by comparing it: a mismatch returns the value there is. */
static gchar *
canvas_description (PlLineView *view)
{
  const gchar *nothing = "(no description)";
  gchar *value = gtk_test_accessible_check_property (GTK_ACCESSIBLE (view),
                                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, nothing);

  return value != NULL ? value : g_strdup (nothing);
}

static gchar done_wanted[64];

static gboolean
description_done (gpointer data)
{
  g_autofree gchar *description = canvas_description (data);

  return strstr (description, done_wanted) != NULL;
}

/* The canvas carries its description, and it follows the line. */
static void
test_input_canvas_description (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded", 1280, 800);
  PlLineView *view = pl_window_get_line_view (window);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *first = canvas_description (view);
  PlConfig config;

  g_test_message ("%s", first);
  g_assert_true (g_str_has_prefix (first, "Bounded Queue(1): backpressure. "));

  pl_pipeline_set_items (pl_window_get_pipeline (window), 100);
  pl_pipeline_get_config (pl_window_get_pipeline (window), &config);
  g_snprintf (done_wanted, sizeof done_wanted, "Done: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT ", ",
              config.items, config.items);
  g_assert_true (pl_window_start (window, &error));
  g_assert_no_error (error);
  pl_test_wait_for (description_done, view, "the description tells that every item is done");
  g_free (first);
  first = canvas_description (view);
  g_test_message ("%s", first);
  g_assert_true (g_str_has_prefix (first, "Bounded Queue(1): backpressure. Blocking. "));
  g_assert_nonnull (strstr (first, "\nStage 3 upload: "));
  g_assert_nonnull (strstr (first, " done, "));

  pl_test_close_window (window);
}

static gboolean
is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data)) && gtk_widget_get_width (GTK_WIDGET (data)) > 0;
}

/* The list of keys opens without a warning (warnings are fatal here; it
 * used to warn that two labels were -4 pixels wide), on one page that fits
 * a 1024×768 screen, and it lists F7. */
static void
test_input_shortcuts_window (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/pipelinelab/PipelineLab/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  gboolean f7 = FALSE;
  gint width = 0;
  gint height = 0;

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  pl_test_collect (overlay, GTK_TYPE_SHORTCUTS_SHORTCUT, shortcuts);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree gchar *accelerator = NULL;

      g_object_get (g_ptr_array_index (shortcuts, i), "accelerator", &accelerator, NULL);
      f7 |= g_strcmp0 (accelerator, "F7") == 0;
    }
  g_assert_true (f7);

  gtk_window_present (GTK_WINDOW (overlay));
  pl_test_wait_for (is_drawn, overlay, "the list of keys is shown");
  pl_test_run_for (300);
  gtk_widget_measure (overlay, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  gtk_widget_measure (overlay, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  g_test_message ("list of keys: at least %d×%d", width, height);
  g_assert_cmpint (width, <=, 1024);
  g_assert_cmpint (height, <=, 768);

  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* --screenshot with --size=1024x768 pictures a window 1024 pixels wide. */
static void
test_input_screenshot_size (void)
{
  const gchar *sizes[] = { "1024x768", "1280x720" };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree gchar *path = g_build_filename (g_get_tmp_dir (), "pl-input-size.png", NULL);
      g_autofree gchar *shot = g_strdup_printf ("--screenshot=%s", path);
      g_autofree gchar *size = g_strdup_printf ("--size=%s", sizes[i]);
      const gchar *args[] = { "--preset=bounded", shot, size, NULL };
      g_autofree gchar *x11 = g_getenv ("DISPLAY") != NULL
                              ? g_strdup_printf ("DISPLAY=%s", g_getenv ("DISPLAY")) : NULL;
      g_autofree gchar *wayland = g_getenv ("WAYLAND_DISPLAY") != NULL
                                  ? g_strdup_printf ("WAYLAND_DISPLAY=%s", g_getenv ("WAYLAND_DISPLAY")) : NULL;
      /* The runner starts the program with no display unless told one. */
      const gchar *env[] = { x11 != NULL ? x11 : "DISPLAY", wayland != NULL ? wayland : "WAYLAND_DISPLAY", NULL };
      g_auto(PlTestRun) run = { 0 };
      g_autoptr(GdkTexture) picture = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree gchar *measured = NULL;

      g_unlink (path);
      pl_test_run_program (&run, PL_BINARY, env, args, 60);
      g_test_message ("%s: %s", sizes[i], run.err);
      g_assert_false (run.timed_out);
      g_assert_cmpint (run.status, ==, 0);
      picture = gdk_texture_new_from_filename (path, &error);
      g_assert_no_error (error);
      measured = g_strdup_printf ("%dx%d", gdk_texture_get_width (picture), gdk_texture_get_height (picture));
      g_assert_cmpstr (measured, ==, sizes[i]);
      g_unlink (path);
    }
}

int
main (int   argc,
      char *argv[])
{
  GtkApplication *application = pl_test_init_windows (&argc, &argv, "/pl/input/needs-display");

  if (application == NULL)
    {
      g_test_add_func ("/pl/input/scene-describe", test_input_scene_describe);
      return g_test_run ();
    }

  g_test_add_func ("/pl/input/scene-describe", test_input_scene_describe);
  g_test_add_data_func ("/pl/input/wheel-scrolls-the-panel", application,
                        test_input_wheel_scrolls_the_panel);
  g_test_add_data_func ("/pl/input/keys-beat-a-focused-slider", application,
                        test_input_keys_beat_a_focused_slider);
  g_test_add_data_func ("/pl/input/entry-hands-keys-back", application,
                        test_input_entry_hands_keys_back);
  g_test_add_data_func ("/pl/input/canvas-takes-focus", application, test_input_canvas_takes_focus);
  g_test_add_data_func ("/pl/input/fits-a-projector", application, test_input_fits_a_projector);
  g_test_add_data_func ("/pl/input/side-panel-action", application, test_input_side_panel_action);
  g_test_add_data_func ("/pl/input/lesson-menu-reads-as-written", application,
                        test_input_lesson_menu_reads_as_written);
  g_test_add_data_func ("/pl/input/panel-back-to-top", application, test_input_panel_back_to_top);
  g_test_add_data_func ("/pl/input/accessible-names", application, test_input_accessible_names);
  g_test_add_data_func ("/pl/input/canvas-description", application, test_input_canvas_description);
  g_test_add_func ("/pl/input/shortcuts-window", test_input_shortcuts_window);
  g_test_add_func ("/pl/input/screenshot-size", test_input_screenshot_size);

  return pl_test_run_windows (application);
}
