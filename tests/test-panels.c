/* test-panels.c: the window's code panel, charts, memory meter and banner
 * follow the running pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pl-test-window.h"
#include "pl-window-private.h"

#define WAIT_TIMEOUT_US (60 * G_USEC_PER_SEC)

typedef gboolean (*Condition) (PlWindow *window);

static void
wait_for (PlWindow    *window,
          Condition    condition,
          const gchar *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  while (!condition (window))
    pl_test_iterate (deadline, what);
}

static PlSample *
shown_sample (PlWindow *window)
{
  return pl_scene_get_sample (pl_line_view_get_scene (pl_window_get_line_view (window)));
}

static gboolean
cap_banner_shown (PlWindow *window)
{
  return gtk_info_bar_get_revealed (window->held_cap_bar);
}

static gboolean
meter_capped (PlWindow *window)
{
  return pl_memory_meter_get_capped (window->memory_meter);
}

static gboolean
some_work_done (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->processed >= 20;
}

static gboolean
shows_busy_wait (PlWindow *window)
{
  PlSample *sample = shown_sample (window);

  return sample != NULL && sample->mode == PL_MODE_BUSY_WAIT;
}

static PlWindow *
open_window (GtkApplication *application,
             const PlConfig *config)
{
  PlWindow *window = pl_window_new (application, config);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  pl_test_present (window);

  return window;
}

/* Every worker's marker is on the line of its state in the very sample the
 * canvas shows. */
static void
assert_markers_agree (PlWindow *window)
{
  PlSample *sample = shown_sample (window);
  PlCodeView *code = window->code_view;

  g_assert_nonnull (sample);
  g_assert_cmpint (pl_code_view_get_mode (code), ==, sample->mode);
  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      {
        PlCodeMark mark = pl_code_mark_for_worker (sample->mode, sample->stages[s].workers[w].state,
                                                   sample->shut_down);

        g_assert_cmpuint (pl_code_view_get_worker_line (code, s, w), ==,
                          pl_code_view_get_mark_line (code, mark));
      }
}

static void
test_panels_toggle (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  g_autoptr(GError) error = NULL;
  PlConfig config;
  PlWindow *window;

  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  window = open_window (application, &config);

  /* Hidden at first, so the canvas keeps its room. */
  g_assert_false (gtk_widget_get_visible (window->code_pane));
  g_assert_false (gtk_widget_get_visible (window->charts_pane));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL));
  g_assert_true (gtk_widget_get_visible (window->code_pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-charts", NULL));
  g_assert_true (gtk_widget_get_visible (window->charts_pane));

  g_assert_false (pl_chart_view_get_whole_run (window->chart_view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.chart-span", NULL));
  g_assert_true (pl_chart_view_get_whole_run (window->chart_view));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL));
  g_assert_false (gtk_widget_get_visible (window->code_pane));

  /* Larger text for the back row reaches the panels too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.text-larger", NULL));
  {
    gdouble canvas, code, charts;

    canvas = pl_line_view_get_text_scale (pl_window_get_line_view (window));
    g_object_get (window->code_view, "text-scale", &code, NULL);
    g_object_get (window->chart_view, "text-scale", &charts, NULL);
    g_assert_cmpfloat (canvas, >, 1.0);
    g_assert_cmpfloat (code, ==, canvas);
    g_assert_cmpfloat (charts, ==, canvas);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A live run feeds all of them, and a mode switch switches the listing. */
static void
test_panels_follow_the_run (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  g_autoptr(GError) error = NULL;
  PlHistory *history;
  PlConfig config;
  PlWindow *window;

  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  config.items = 100000;
  window = open_window (application, &config);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-charts", NULL);

  g_assert_true (pl_window_start (window, &error));
  g_assert_no_error (error);
  wait_for (window, some_work_done, "some items are done");

  assert_markers_agree (window);
  history = pl_chart_view_get_history (window->chart_view);
  g_assert_nonnull (history);
  g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_RECENT), >, 0);
  g_assert_cmpuint (pl_memory_meter_get_rss (window->memory_meter), >, 0);

  g_object_set (window, "mode", "busy-wait", NULL);
  wait_for (window, shows_busy_wait, "a sample in busy-wait mode is shown");
  assert_markers_agree (window);
  g_assert_cmpint (pl_code_view_get_mode (window->code_view), ==, PL_MODE_BUSY_WAIT);

  /* A reset forgets the run. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  g_assert_cmpuint (pl_history_get_length (history, PL_HISTORY_RECENT), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
charts_recorded (PlWindow *window)
{
  PlHistory *history = pl_chart_view_get_history (window->chart_view);

  return history != NULL && pl_history_get_length (history, PL_HISTORY_RECENT) > 0;
}

static guint recorded_before;

static gboolean
charts_recorded_more (PlWindow *window)
{
  PlHistory *history = pl_chart_view_get_history (window->chart_view);

  return pl_history_get_length (history, PL_HISTORY_RECENT) > recorded_before;
}

static gboolean
line_view_ticking (PlWindow *window)
{
  return pl_line_view_get_ticking (pl_window_get_line_view (window));
}

/* The charts are the run's record: they keep it while the canvas is
 * hidden, and the canvas follows the line again once it is shown. */
static void
test_panels_charts_record_without_canvas (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  g_autoptr(GError) error = NULL;
  GtkWidget *line_view;
  PlConfig config;
  PlWindow *window;

  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  config.items = 100000;
  window = open_window (application, &config);
  line_view = GTK_WIDGET (pl_window_get_line_view (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-charts", NULL);
  gtk_widget_set_visible (line_view, FALSE);
  g_assert_false (gtk_widget_get_mapped (line_view));

  g_assert_true (pl_window_start (window, &error));
  g_assert_no_error (error);
  wait_for (window, charts_recorded, "the charts record the hidden line's run");
  recorded_before = pl_history_get_length (pl_chart_view_get_history (window->chart_view),
                                           PL_HISTORY_RECENT);
  wait_for (window, charts_recorded_more, "the charts' history grows with the canvas hidden");
  g_assert_false (pl_line_view_get_ticking (PL_LINE_VIEW (line_view)));
  g_assert_cmpuint (shown_sample (window)->processed, >, 0);

  gtk_widget_set_visible (line_view, TRUE);
  wait_for (window, line_view_ticking, "the canvas follows the line again");
  recorded_before = pl_history_get_length (pl_chart_view_get_history (window->chart_view),
                                           PL_HISTORY_RECENT);
  wait_for (window, charts_recorded_more, "the charts' history grows with the canvas shown");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The backlog stops at the safety cap with a banner saying so. */
static void
test_panels_held_cap_banner (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  g_autoptr(GError) error = NULL;
  const gchar *text;
  PlConfig config;
  PlWindow *window;

  g_assert_true (pl_config_apply_preset (&config, "backlog", &error));
  config.max_held = 2000;
  window = open_window (application, &config);
  g_assert_false (cap_banner_shown (window));

  g_assert_true (pl_window_start (window, &error));
  g_assert_no_error (error);
  wait_for (window, cap_banner_shown, "the safety-cap banner is shown");
  /* The event may come a sample ahead of the meter. */
  wait_for (window, meter_capped, "the memory meter shows the cap reached");

  text = gtk_label_get_label (window->held_cap_label);
  g_assert_nonnull (strstr (text, "2\u2009000"));
  g_assert_true (pl_memory_meter_get_capped (window->memory_meter));
  g_assert_cmpuint (pl_memory_meter_get_cap (window->memory_meter), ==, 2000);
  g_assert_cmpuint (pl_memory_meter_get_held (window->memory_meter), <=, 2000);

  /* A new run starts without it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  g_assert_false (cap_banner_shown (window));
  g_assert_false (pl_memory_meter_get_capped (window->memory_meter));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  GtkApplication *application = pl_test_init_windows (&argc, &argv, "/pl/panels/needs-display");

  if (application == NULL)
    return g_test_run ();

  g_test_add_data_func ("/pl/panels/toggle", application, test_panels_toggle);
  g_test_add_data_func ("/pl/panels/follow-the-run", application, test_panels_follow_the_run);
  g_test_add_data_func ("/pl/panels/held-cap-banner", application, test_panels_held_cap_banner);
  g_test_add_data_func ("/pl/panels/charts-record-without-canvas", application,
                        test_panels_charts_record_without_canvas);

  return pl_test_run_windows (application);
}
