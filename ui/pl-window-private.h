/* pl-window-private.h: what the window's source files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-chart-view.h"
#include "pl-code-view.h"
#include "pl-compare.h"
#include "pl-controls.h"
#include "pl-memory-meter.h"
#include "pl-monitor.h"
#include "pl-scene-text.h"
#include "pl-window.h"

G_BEGIN_DECLS

typedef struct _PlWindowCompare PlWindowCompare;

struct _PlWindow
{
  GtkApplicationWindow  parent_instance;

  PlPipeline           *pipeline;
  /* The one reader of the pipeline's samples and events: the canvas, the
   * panels and the header bar all subscribe to it. */
  PlMonitor            *monitor;
  gchar                *lesson;
  PlMode                mode;

  /* The metrics so far, as CSV, a few rows a second. */
  GString              *metrics;
  gint64                metrics_last_us;
  PlSample             *last_sample;
  gboolean              last_sample_logged;

  /* What the header bar shows, to update it only on a change. */
  PlPipelineState       shown_state;
  gboolean              shown_paused;
  /* Set by win.shutdown-now or a PL_EVENT_SHUT_DOWN, until the next line. */
  gboolean              shutdown_sent;

  GtkMenuButton        *lesson_button;
  GtkButton            *start_button;

  /* The header bar (pl-window.c): below the width that all of it needs,
   * the less-used buttons leave it for the main menu, which has them all. */
  GtkWidget            *panel_buttons;
  GtkWidget            *export_button;
  GtkWidget            *reset_button;
  GtkWidget            *main_menu_button;
  GtkWidget            *side_panel_button;
  GtkWidget            *busy_wait_button;
  GtkWidget            *blocking_button;
  GtkWidget            *code_button;
  GtkWidget            *charts_button;
  GtkWidget            *close_input_button;
  GtkWidget            *shutdown_button;
  gboolean              header_compact;
  gint                  header_full_width;
  guint                 fit_header_id;
  gboolean              start_width_fixed;
  PlLineView           *line_view;
  PlControls           *controls;

  /* The panels (pl-window-panels.c). */
  GtkWidget            *code_pane;
  PlCodeView           *code_view;
  GtkScrolledWindow    *code_scroller;
  GtkWidget            *charts_pane;
  PlChartView          *chart_view;
  PlMemoryMeter        *memory_meter;
  GtkInfoBar           *held_cap_bar;
  GtkLabel             *held_cap_label;
  GtkLabel             *lesson_title_label;
  GtkLabel             *lesson_summary_label;
  GtkLabel             *lesson_question_label;
  GtkWidget            *lesson_question_box;
  GtkScrolledWindow    *side_panel;

  /* Remembering (pl-window-settings.c): NULL when the window forgets. */
  GSettings            *settings;
  guint                 save_settings_id;
  GtkCssProvider       *text_css;

  /* Compare mode (pl-window-compare.c). */
  PlWindowCompare      *compare;
};

void     _pl_window_class_add_actions (GtkWidgetClass *widget_class);
void     _pl_window_init_actions    (PlWindow    *self);
void     _pl_window_dispose_actions (PlWindow    *self);
void     _pl_window_replace_pipeline (PlWindow       *self,
                                      const PlConfig *config);
void     _pl_window_update_header   (PlWindow    *self);
void     _pl_window_follow_monitor  (PlWindow    *self,
                                     PlMonitor  **followed,
                                     GCallback    sample_cb,
                                     GCallback    event_cb,
                                     gpointer     data);
void     _pl_window_unfollow_monitor (PlMonitor **followed,
                                      gpointer    data);
void     _pl_label_set_words        (GtkLabel    *label,
                                     const gchar *text);
void     _pl_window_set_mode        (PlWindow    *self,
                                     const gchar *mode);
void     _pl_window_apply_text_scale (PlWindow   *self);
void     _pl_window_settings_changed (PlWindow   *self);
void     _pl_window_settings_dispose (PlWindow   *self);
void     _pl_window_class_add_panels (GtkWidgetClass *widget_class);
void     _pl_window_init_panels     (PlWindow       *self);
void     _pl_window_panels_reset    (PlWindow       *self,
                                     const PlConfig *config);
void     _pl_window_panels_subscribe (PlWindow      *self,
                                      PlMonitor     *monitor);
void     _pl_window_panels_block    (PlWindow       *self,
                                     PlMonitor      *monitor,
                                     gboolean        blocked);
void     _pl_window_export          (PlWindow    *self,
                                     const gchar *format);
void     _pl_window_log_sample      (PlWindow    *self,
                                     PlSample    *sample);
void     _pl_window_reset_metrics   (PlWindow    *self);
void     _pl_window_show_error      (PlWindow    *self,
                                     const gchar *primary,
                                     GError      *error);

void     _pl_window_init_scrub      (PlWindow    *self);

void     _pl_window_class_add_compare (GtkWidgetClass *widget_class);
void     _pl_window_init_compare    (PlWindow    *self);
void     _pl_window_compare_started (PlWindow    *self);
void     _pl_window_dispose_compare (PlWindow    *self);
gboolean _pl_window_compare_is_on   (PlWindow    *self);
void     _pl_window_compare_set_enabled (PlWindow *self,
                                         gboolean  enabled);
const PlCompareMeasure *_pl_window_compare_get_measures (PlWindow *self);
gboolean _pl_window_compare_export  (PlWindow           *self,
                                     const PlSceneStyle *style,
                                     const gchar        *path,
                                     gint                min_width,
                                     gint                min_height,
                                     GError            **error);

G_END_DECLS
