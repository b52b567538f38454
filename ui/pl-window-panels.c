/* pl-window-panels.c: the code panel, the charts, the memory meter and the
 * safety-cap banner of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All of them subscribe to the window's monitor, which the line view
 * drives from its frame clock while it is shown, and which reads on a
 * timer of its own while the line view is hidden: no thread ever reaches
 * these widgets, and the charts keep recording either way. The panels
 * are hidden at first so the canvas keeps its room; F9 and F8 (or the
 * header bar's toggles) show them.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pl-format.h"
#include "pl-window-private.h"

static void
toggle_pane (GtkWidget *pane)
{
  gtk_widget_set_visible (pane, !gtk_widget_get_visible (pane));
}

static void
show_code_action (GtkWidget   *widget,
                  const gchar *action_name,
                  GVariant    *parameter)
{
  toggle_pane (PL_WINDOW (widget)->code_pane);
}

static void
show_charts_action (GtkWidget   *widget,
                    const gchar *action_name,
                    GVariant    *parameter)
{
  toggle_pane (PL_WINDOW (widget)->charts_pane);
}

static void
chart_span_action (GtkWidget   *widget,
                   const gchar *action_name,
                   GVariant    *parameter)
{
  PlChartView *charts = PL_WINDOW (widget)->chart_view;

  pl_chart_view_set_whole_run (charts, !pl_chart_view_get_whole_run (charts));
}

/*
 * The wheel over the side panel scrolls the panel, and only the panel: a
 * slider, spin button or drop-down under the pointer would otherwise take
 * the wheel for itself and change the experiment in front of the class.
 * This runs before any control inside the panel sees the event.
 */
static gboolean
side_panel_scroll_cb (GtkEventControllerScroll *controller,
                      gdouble                   dx,
                      gdouble                   dy,
                      gpointer                  user_data)
{
  PlWindow *self = PL_WINDOW (user_data);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->side_panel);
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  gdouble step = 1.0;

  /* A drop-down's open list is a surface of its own: it scrolls itself. */
  if (event != NULL &&
      gdk_event_get_surface (event) != gtk_native_get_surface (GTK_NATIVE (self)))
    return GDK_EVENT_PROPAGATE;

  /* One notch of the wheel moves as far as the panel's own scrolling does. */
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    step = pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0);

  /* The panel never scrolls sideways; a sideways turn just does nothing. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + dy * step);

  return GDK_EVENT_STOP;
}

static void
held_cap_bar_response_cb (PlWindow *self,
                          gint      response)
{
  if (response == GTK_RESPONSE_CLOSE)
    gtk_info_bar_set_revealed (self->held_cap_bar, FALSE);
}

void
_pl_window_class_add_panels (GtkWidgetClass *widget_class)
{
  g_type_ensure (PL_TYPE_CODE_VIEW);
  g_type_ensure (PL_TYPE_CHART_VIEW);
  g_type_ensure (PL_TYPE_MEMORY_METER);

  gtk_widget_class_bind_template_child (widget_class, PlWindow, code_pane);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, code_view);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, code_scroller);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, charts_pane);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, chart_view);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, memory_meter);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, held_cap_bar);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, held_cap_label);
  gtk_widget_class_bind_template_child (widget_class, PlWindow, side_panel);
  gtk_widget_class_bind_template_callback (widget_class, held_cap_bar_response_cb);

  gtk_widget_class_install_action (widget_class, "win.show-code", NULL, show_code_action);
  gtk_widget_class_install_action (widget_class, "win.show-charts", NULL, show_charts_action);
  gtk_widget_class_install_action (widget_class, "win.chart-span", NULL, chart_span_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-code", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "win.show-charts", NULL);
}

/* PIPELINE_LAB_PANELS=code,charts,whole-run shows panels from the start, so
 * that the screenshot command can picture them; the command line itself is
 * fixed. The panels' text follows the canvas's size. */
void
_pl_window_init_panels (PlWindow *self)
{
  const gchar *wanted = g_getenv ("PIPELINE_LAB_PANELS");
  g_auto(GStrv) names = NULL;
  GtkEventController *wheel;

  /* Both axes: a slider also moves on a sideways scroll (Shift+wheel). */
  wheel = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (wheel, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (wheel, "pl-side-panel-wheel");
  g_signal_connect (wheel, "scroll", G_CALLBACK (side_panel_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->side_panel), wheel);

  /* Ctrl+plus makes the panels' text larger along with the canvas. */
  g_object_bind_property (self->line_view, "text-scale", self->code_view, "text-scale",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->line_view, "text-scale", self->chart_view, "text-scale",
                          G_BINDING_SYNC_CREATE);

  if (wanted == NULL || wanted[0] == '\0')
    return;

  names = g_strsplit (wanted, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const gchar *name = g_strstrip (names[i]);

      if (g_str_equal (name, "code"))
        gtk_widget_set_visible (self->code_pane, TRUE);
      else if (g_str_equal (name, "charts"))
        gtk_widget_set_visible (self->charts_pane, TRUE);
      else if (g_str_equal (name, "whole-run"))
        pl_chart_view_set_whole_run (self->chart_view, TRUE);
      else if (name[0] != '\0')
        {
          g_autofree gchar *message =
            g_strdup_printf (_("unknown panel “%s”; it accepts code, charts and whole-run"), name);

          g_printerr ("pipeline-lab: PIPELINE_LAB_PANELS: %s\n", message);
        }
    }
}

/* Called before the new pipeline's first sample arrives. */
void
_pl_window_panels_reset (PlWindow       *self,
                         const PlConfig *config)
{
  pl_code_view_clear (self->code_view);
  pl_code_view_set_mode (self->code_view, config->mode);
  pl_code_view_set_lesson (self->code_view, config->preset, config->ending);
  pl_chart_view_reset (self->chart_view);
  pl_memory_meter_reset (self->memory_meter);
  gtk_info_bar_set_revealed (self->held_cap_bar, FALSE);
  /* Each lesson starts with its title in view. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->side_panel), 0.0);
}

static void
pl_window_show_held_cap (PlWindow *self,
                         guint64   cap)
{
  g_autofree gchar *text = NULL;
  g_autofree gchar *count = NULL;

  if (gtk_info_bar_get_revealed (self->held_cap_bar))
    return;

  count = pl_format_count (cap);
  /* Translators: %s is a number of items, such as 200000 */
  text = g_strdup_printf (_("The producer stopped at the safety cap: %s items were "
                            "held in the line at once, and each one takes memory. Without the cap this "
                            "backlog would grow until the program ran out of memory. A real program "
                            "bounds its queues, for example Queue(maxsize=4), so that a full queue "
                            "makes the producer wait instead."),
                          count);
  _pl_label_set_words (self->held_cap_label, text);
  gtk_info_bar_set_revealed (self->held_cap_bar, TRUE);
}

/* A listing taller than its panel scrolls, and follows the threads: when
 * no marked line is in view, the marked lines are brought into it. */
static void
pl_window_follow_markers (PlWindow *self)
{
  GtkAdjustment *adjustment;
  gdouble top, bottom, value, page;

  if (!gtk_widget_get_visible (self->code_pane) ||
      !pl_code_view_get_marked_rows (self->code_view, &top, &bottom))
    return;

  adjustment = gtk_scrolled_window_get_vadjustment (self->code_scroller);
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (page <= 0 || gtk_adjustment_get_upper (adjustment) <= page)
    return;
  if (top >= value && bottom <= value + page)
    return;

  /* The marked lines in the middle, or from the first if they are more
   * than a page. */
  if (bottom - top < page)
    value = (top + bottom - page) / 2;
  else
    value = top;
  gtk_adjustment_set_value (adjustment, value);
}

static void
code_view_sample_cb (PlWindow *self,
                     PlSample *sample)
{
  pl_code_view_set_sample (self->code_view, sample);
  pl_window_follow_markers (self);
}

static void
held_cap_sample_cb (PlWindow *self,
                    PlSample *sample)
{
  /* The sample says so too, in case the event was coalesced away. */
  if (sample->held_cap_reached)
    pl_window_show_held_cap (self, sample->max_held);
}

static void
held_cap_event_cb (PlWindow      *self,
                   const PlEvent *event)
{
  PlConfig config;

  if (event->kind != PL_EVENT_HELD_CAP)
    return;

  pl_pipeline_get_config (self->pipeline, &config);
  pl_window_show_held_cap (self, config.max_held);
}

/* Each panel hears the monitor after the canvas has taken the sample. The
 * connections end with the monitor, or with the widget. */
void
_pl_window_panels_subscribe (PlWindow  *self,
                             PlMonitor *monitor)
{
  const GConnectFlags after = G_CONNECT_SWAPPED | G_CONNECT_AFTER;

  g_signal_connect_object (monitor, "sample", G_CALLBACK (code_view_sample_cb), self, after);
  g_signal_connect_object (monitor, "sample", G_CALLBACK (pl_chart_view_push_sample),
                           self->chart_view, after);
  g_signal_connect_object (monitor, "sample", G_CALLBACK (pl_memory_meter_push_sample),
                           self->memory_meter, after);
  g_signal_connect_object (monitor, "sample", G_CALLBACK (held_cap_sample_cb), self, after);
  g_signal_connect_object (monitor, "event", G_CALLBACK (held_cap_event_cb), self, after);
}

/* While the views show another moment than @monitor's line, the panels
 * stop hearing it; they hear it again once unblocked. */
void
_pl_window_panels_block (PlWindow  *self,
                         PlMonitor *monitor,
                         gboolean   blocked)
{
  const struct {
    gpointer func;
    gpointer data;
  } handlers[] = {
    { code_view_sample_cb, self },
    { pl_chart_view_push_sample, self->chart_view },
    { pl_memory_meter_push_sample, self->memory_meter },
    { held_cap_sample_cb, self },
    { held_cap_event_cb, self },
  };
  const GSignalMatchType match = G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA;

  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    {
      if (blocked)
        g_signal_handlers_block_matched (monitor, match, 0, 0, NULL, handlers[i].func, handlers[i].data);
      else
        g_signal_handlers_unblock_matched (monitor, match, 0, 0, NULL, handlers[i].func, handlers[i].data);
    }
}
