/* pl-window-compare.c: a second line under the first, and what differs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In compare mode the canvas holds two lines: the window's own (line A)
 * and a second one (line B), each under a label that says what sets it
 * apart, with a strip between them measured from both. Line B starts
 * with line A, pauses, closes and shuts down with it, and has its own
 * controls, so a teacher can change it as the first.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pl-compare.h"
#include "pl-mnemonic.h"
#include "pl-scene-compare.h"
#include "pl-window-private.h"

/* How far back the strip's rates reach, as the canvas's own do. */
#define STRIP_WINDOW_US (PL_SCENE_RATE_WINDOW_S * G_USEC_PER_SEC)

/* How often the labels and the strip's spoken text follow the lines. */
#define DESCRIBE_INTERVAL_US (500 * 1000)

struct _PlWindowCompare
{
  PlWindow         *window;          /* unowned: it owns this */
  GtkToggleButton  *toggle;
  GtkWidget        *offer_button;    /* in the lesson panel */

  /* Set while compare mode is on. */
  GtkWidget        *box;
  GtkWidget        *holder;          /* where line A lives when alone: a
                                      * scrolled window's viewport */
  GtkLabel         *label_a;
  GtkLabel         *label_b;
  GtkWidget        *strip;
  PlLineView       *line_view_b;
  PlControls       *controls_b;
  PlPipeline       *pipeline_b;
  PlMonitor        *monitor_b;   /* line B's messages, for its canvas and the strip */
  PlMonitor        *monitor_a;   /* the window's monitor the strip follows for line A */
  gchar            *lesson_b;        /* the lesson line B was made for */
  gboolean          closed_b;
  gboolean          shut_down_b;
  GQueue            history[2];      /* of PlSample *, the last rate window */
  PlCompareMeasure  measures[2];
  gint64            described_us;
};

static void
clear_history (PlWindowCompare *compare)
{
  for (guint i = 0; i < 2; i++)
    g_queue_clear_full (&compare->history[i], (GDestroyNotify) pl_sample_unref);
  memset (compare->measures, 0, sizeof compare->measures);
}

static PlPipeline *
line_a (PlWindowCompare *compare)
{
  return compare->window->pipeline;
}

static void
describe (PlWindowCompare *compare)
{
  g_autoptr(PlCompare) differs = NULL;
  g_autofree gchar *label_a = NULL;
  g_autofree gchar *label_b = NULL;
  g_autofree gchar *strip = NULL;
  PlConfig a, b;

  pl_pipeline_get_config (line_a (compare), &a);
  pl_pipeline_get_config (compare->pipeline_b, &b);
  differs = pl_compare_new_from_configs (&a, &b);

  if (differs != NULL && pl_compare_get_n_keys (differs) > 0)
    {
      label_a = pl_compare_label (differs, PL_COMPARE_LINE_A);
      label_b = pl_compare_label (differs, PL_COMPARE_LINE_B);
    }
  else
    {
      /* TRANSLATORS: a compared line with the same settings as the other. */
      label_a = g_strdup (_("Line A: the same settings as line B"));
      label_b = g_strdup (_("Line B: the same settings as line A"));
    }
  if (g_strcmp0 (gtk_label_get_label (compare->label_a), label_a) != 0)
    gtk_label_set_label (compare->label_a, label_a);
  if (g_strcmp0 (gtk_label_get_label (compare->label_b), label_b) != 0)
    gtk_label_set_label (compare->label_b, label_b);

  strip = pl_scene_compare_describe_strip (compare->measures);
  gtk_accessible_update_property (GTK_ACCESSIBLE (compare->strip),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, strip,
                                  -1);
  compare->described_us = g_get_monotonic_time ();
}

/* Keeps a rate window of each line's samples, and measures over it. */
static void
take_sample (PlWindowCompare *compare,
             guint            line,
             PlSample        *sample)
{
  GQueue *history = &compare->history[line];
  PlSample *oldest;
  gboolean ended = sample->state == PL_PIPELINE_FINISHED || sample->state == PL_PIPELINE_CANCELLED;

  g_queue_push_tail (history, pl_sample_ref (sample));
  while (history->length > 2)
    {
      PlSample *second = g_queue_peek_nth (history, 1);

      if (sample->elapsed_us - second->elapsed_us < STRIP_WINDOW_US)
        break;
      pl_sample_unref (g_queue_pop_head (history));
    }

  /* A line that has stopped shows its whole run's average, as its canvas
   * does, instead of the last window before it stopped. */
  oldest = g_queue_peek_head (history);
  if (ended)
    oldest = NULL;
  pl_compare_measure (oldest != sample ? oldest : NULL, sample, &compare->measures[line]);
  gtk_widget_queue_draw (compare->strip);

  /* An ended line sends no more samples: say its last words now. */
  if (ended || g_get_monotonic_time () - compare->described_us >= DESCRIBE_INTERVAL_US)
    describe (compare);
}

static void
sample_a_cb (PlMonitor  *monitor,
             PlSample   *sample,
             gpointer    data)
{
  PlWindowCompare *compare = data;

  if (compare->pipeline_b == NULL)
    return;

  /* Line B follows the teacher's pause and resume on line A. */
  if (sample->paused != pl_pipeline_get_paused (compare->pipeline_b) &&
      pl_pipeline_get_state (compare->pipeline_b) != PL_PIPELINE_READY)
    {
      pl_pipeline_set_paused (compare->pipeline_b, sample->paused);
      pl_line_view_wake (compare->line_view_b);
    }

  take_sample (compare, 0, sample);
}

static void
event_a_cb (PlMonitor     *monitor,
            const PlEvent *event,
            gpointer       data)
{
  PlWindowCompare *compare = data;

  if (compare->pipeline_b == NULL)
    return;

  /* Closing and shutting down line A does the same to line B. */
  if (event->kind == PL_EVENT_QUEUE_CLOSED && event->queue == 0 && !compare->closed_b)
    {
      PlConfig config;

      /* A line that closes its input by itself needs no help. */
      pl_pipeline_get_config (compare->pipeline_b, &config);
      if (config.auto_close)
        return;
      compare->closed_b = TRUE;
      pl_pipeline_close_input (compare->pipeline_b);
    }
  else if (event->kind == PL_EVENT_SHUT_DOWN && !compare->shut_down_b)
    {
      compare->shut_down_b = TRUE;
      pl_pipeline_shutdown_now (compare->pipeline_b);
    }
  pl_line_view_wake (compare->line_view_b);
}

static void
sample_b_cb (PlMonitor  *monitor,
             PlSample   *sample,
             gpointer    data)
{
  take_sample (data, 1, sample);
}

/* The strip follows line A through the window's monitor, which a new
 * pipeline replaces. */
static void
follow_line_a (PlWindowCompare *compare)
{
  _pl_window_follow_monitor (compare->window, &compare->monitor_a,
                             G_CALLBACK (sample_a_cb), G_CALLBACK (event_a_cb), compare);
}

static void
strip_draw_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               gint            width,
               gint            height,
               gpointer        data)
{
  PlWindowCompare *compare = data;
  PlSceneStyle style;

  pl_line_view_get_style (compare->window->line_view, &style);
  style.paint_background = FALSE;
  pl_scene_compare_render_strip (compare->measures, cr, width, height,
                                 18.0 * pl_line_view_get_text_scale (compare->window->line_view),
                                 &style);
}

/* A new line B, from @config, ready to start with line A. */
static void
set_line_b (PlWindowCompare *compare,
            const PlConfig  *config)
{
  PlConfig shown = *config;

  if (compare->pipeline_b != NULL)
    pl_pipeline_cancel (compare->pipeline_b);
  g_clear_object (&compare->monitor_b);
  g_clear_object (&compare->pipeline_b);
  clear_history (compare);

  shown.linger = TRUE;
  compare->pipeline_b = pl_pipeline_new (&shown);
  compare->closed_b = FALSE;
  compare->shut_down_b = FALSE;
  g_free (compare->lesson_b);
  compare->lesson_b = g_strdup (config->preset);

  pl_scene_set_title (pl_line_view_get_scene (compare->line_view_b),
                      pl_scene_get_title (pl_line_view_get_scene (compare->window->line_view)));
  compare->monitor_b = pl_monitor_new (compare->pipeline_b);
  g_signal_connect (compare->monitor_b, "sample", G_CALLBACK (sample_b_cb), compare);
  pl_line_view_set_monitor (compare->line_view_b, compare->monitor_b);
  pl_controls_set_pipeline (compare->controls_b, compare->pipeline_b);
  describe (compare);
}

/* Line A with the other way of waiting: the lessons' own comparison. */
static void
flipped_config (PlWindowCompare *compare,
                PlConfig        *config)
{
  pl_pipeline_get_config (line_a (compare), config);
  config->mode = config->mode == PL_MODE_BUSY_WAIT ? PL_MODE_BLOCKING : PL_MODE_BUSY_WAIT;
}

static void
pipeline_replaced_cb (GObject    *object,
                      GParamSpec *pspec,
                      gpointer    data)
{
  PlWindowCompare *compare = data;
  g_autoptr(PlCompare) differs = NULL;
  PlConfig a, b;

  if (compare->pipeline_b == NULL)
    return;

  follow_line_a (compare);

  /* A reset keeps line B's own settings; another lesson, or other stages,
   * start it afresh as line A with the other mode. */
  pl_pipeline_get_config (line_a (compare), &a);
  pl_pipeline_get_config (compare->pipeline_b, &b);
  differs = pl_compare_new_from_configs (&a, &b);
  if (differs == NULL || g_strcmp0 (compare->lesson_b, compare->window->lesson) != 0)
    flipped_config (compare, &b);
  set_line_b (compare, &b);
}

static GtkWidget *
line_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "compare-label");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 6);

  return label;
}

static void
set_holder_child (GtkWidget *holder,
                  GtkWidget *child)
{
  if (GTK_IS_VIEWPORT (holder))
    gtk_viewport_set_child (GTK_VIEWPORT (holder), child);
  else
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (holder), child);
}

/* Line B is @config_b, or line A with the other way of waiting when NULL. */
static void
compare_on (PlWindowCompare *compare,
            const PlConfig  *config_b)
{
  PlWindow *window = compare->window;
  GtkWidget *line_view_a = GTK_WIDGET (window->line_view);
  GtkWidget *expander;
  PlConfig config;

  compare->holder = gtk_widget_get_parent (line_view_a);
  g_return_if_fail (GTK_IS_VIEWPORT (compare->holder) || GTK_IS_SCROLLED_WINDOW (compare->holder));

  compare->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (compare->box, "compare");
  compare->label_a = GTK_LABEL (line_label ());
  compare->label_b = GTK_LABEL (line_label ());
  compare->strip = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (compare->strip), 84);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (compare->strip), strip_draw_cb, compare, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (compare->strip),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Difference between the lines"), -1);
  compare->line_view_b = PL_LINE_VIEW (pl_line_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (compare->line_view_b), TRUE);
  compare->controls_b = PL_CONTROLS (pl_controls_new ());
  expander = gtk_expander_new_with_mnemonic (_("Line _B's settings"));
  gtk_expander_set_child (GTK_EXPANDER (expander), GTK_WIDGET (compare->controls_b));
  gtk_widget_set_margin_start (expander, 12);
  gtk_widget_set_margin_end (expander, 12);

  g_object_ref (line_view_a);
  set_holder_child (compare->holder, NULL);
  gtk_box_append (GTK_BOX (compare->box), GTK_WIDGET (compare->label_a));
  gtk_box_append (GTK_BOX (compare->box), line_view_a);
  gtk_box_append (GTK_BOX (compare->box), compare->strip);
  gtk_box_append (GTK_BOX (compare->box), GTK_WIDGET (compare->label_b));
  gtk_box_append (GTK_BOX (compare->box), GTK_WIDGET (compare->line_view_b));
  gtk_box_append (GTK_BOX (compare->box), expander);
  set_holder_child (compare->holder, compare->box);
  g_object_unref (line_view_a);

  follow_line_a (compare);

  /* Both lines start at the same moment: a line already under way
   * starts again, beside its new neighbour. */
  if (config_b != NULL)
    config = *config_b;
  else
    flipped_config (compare, &config);
  set_line_b (compare, &config);
  if (pl_pipeline_get_state (line_a (compare)) != PL_PIPELINE_READY)
    {
      PlConfig live;

      pl_pipeline_get_config (line_a (compare), &live);
      _pl_window_replace_pipeline (window, &live);
    }
}

static void
compare_off (PlWindowCompare *compare)
{
  PlWindow *window = compare->window;
  GtkWidget *line_view_a = GTK_WIDGET (window->line_view);

  if (compare->box == NULL)
    return;

  g_signal_handlers_disconnect_by_data (window->line_view, compare);
  if (compare->pipeline_b != NULL)
    pl_pipeline_cancel (compare->pipeline_b);

  g_object_ref (line_view_a);
  gtk_box_remove (GTK_BOX (compare->box), line_view_a);
  set_holder_child (compare->holder, line_view_a);
  g_object_unref (line_view_a);

  compare->box = NULL;
  compare->label_a = NULL;
  compare->label_b = NULL;
  compare->strip = NULL;
  compare->line_view_b = NULL;
  compare->controls_b = NULL;
  g_clear_object (&compare->monitor_b);
  _pl_window_unfollow_monitor (&compare->monitor_a, compare);
  g_clear_object (&compare->pipeline_b);
  g_clear_pointer (&compare->lesson_b, g_free);
  clear_history (compare);
}

static void
toggled_cb (GtkToggleButton *toggle,
            gpointer         data)
{
  PlWindowCompare *compare = data;

  if (gtk_toggle_button_get_active (toggle) && compare->box == NULL)
    compare_on (compare, NULL);
  else if (!gtk_toggle_button_get_active (toggle))
    compare_off (compare);
}

static void
offer_clicked_cb (GtkButton *button,
                  gpointer   data)
{
  PlWindowCompare *compare = data;

  gtk_toggle_button_set_active (compare->toggle, TRUE);
}

/* Lessons 1 and 2 are the two ways of waiting: one click sets them side
 * by side. */
static void
lesson_changed_cb (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    data)
{
  PlWindowCompare *compare = data;
  const gchar *lesson = compare->window->lesson;

  gtk_widget_set_visible (compare->offer_button,
                          g_strcmp0 (lesson, "busy-wait") == 0 ||
                          g_strcmp0 (lesson, "blocking") == 0);
}

static void
compare_action (GtkWidget   *widget,
                const gchar *action_name,
                GVariant    *parameter)
{
  PlWindow *self = PL_WINDOW (widget);

  gtk_toggle_button_set_active (self->compare->toggle,
                                !gtk_toggle_button_get_active (self->compare->toggle));
}

void
_pl_window_class_add_compare (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "win.compare", NULL);
}

void
_pl_window_init_compare (PlWindow *self)
{
  PlWindowCompare *compare = g_new0 (PlWindowCompare, 1);
  GtkWidget *lesson_box;
  GMenuModel *menu;

  compare->window = self;
  self->compare = compare;

  compare->toggle = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("Co_mpare")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (compare->toggle),
                               _("Run a second line under the first, started with it, and show what differs (Ctrl+M)"));
  gtk_box_append (GTK_BOX (self->panel_buttons), GTK_WIDGET (compare->toggle));
  pl_name_accessible (GTK_WIDGET (compare->toggle),
                      gtk_button_get_label (GTK_BUTTON (compare->toggle)));

  /* A narrow header leaves its panel buttons to the main menu. */
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (self->main_menu_button));
  if (G_IS_MENU (menu))
    {
      g_autoptr(GMenu) section = g_menu_new ();

      g_menu_append (section, _("Co_mpare Two Lines"), "win.compare");
      g_menu_append_section (G_MENU (menu), NULL, G_MENU_MODEL (section));
    }
  g_signal_connect (compare->toggle, "toggled", G_CALLBACK (toggled_cb), compare);

  compare->offer_button = gtk_button_new_with_label (_("Compare busy-wait and blocking"));
  gtk_widget_set_tooltip_text (compare->offer_button,
                               _("Run this lesson twice at once, one line busy-waiting and one blocking, on the same items"));
  gtk_widget_set_visible (compare->offer_button, FALSE);
  gtk_widget_set_margin_top (compare->offer_button, 6);
  lesson_box = gtk_widget_get_parent (self->lesson_question_box);
  if (GTK_IS_BOX (lesson_box))
    gtk_box_insert_child_after (GTK_BOX (lesson_box), compare->offer_button,
                                self->lesson_question_box);
  g_signal_connect (compare->offer_button, "clicked", G_CALLBACK (offer_clicked_cb), compare);

  g_signal_connect (self, "notify::lesson", G_CALLBACK (lesson_changed_cb), compare);
  g_signal_connect (self, "notify::pipeline", G_CALLBACK (pipeline_replaced_cb), compare);
}

/* A replay shows one recorded line: while it plays, compare mode is off
 * and cannot be switched on, and the lesson panel offers no second line. */
void
_pl_window_compare_set_enabled (PlWindow *self,
                                gboolean  enabled)
{
  PlWindowCompare *compare = self->compare;

  if (compare == NULL)
    return;

  if (!enabled)
    gtk_toggle_button_set_active (compare->toggle, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (compare->toggle), enabled);
  gtk_widget_set_sensitive (compare->offer_button, enabled);
}

/* Called once line A has started: line B starts in the same moment. */
void
_pl_window_compare_started (PlWindow *self)
{
  PlWindowCompare *compare = self->compare;
  g_autoptr(GError) error = NULL;

  if (compare == NULL || compare->pipeline_b == NULL ||
      pl_pipeline_get_state (compare->pipeline_b) != PL_PIPELINE_READY)
    return;

  if (!pl_pipeline_start (compare->pipeline_b, &error))
    {
      _pl_window_show_error (self, _("Could not start the second line"), error);
      return;
    }
  pl_line_view_wake (compare->line_view_b);
}

void
_pl_window_dispose_compare (PlWindow *self)
{
  PlWindowCompare *compare = self->compare;

  if (compare == NULL)
    return;

  /* Every thread is joined before the widgets that show it go away, and
   * they call back into this no more. */
  if (compare->pipeline_b != NULL)
    pl_pipeline_cancel (compare->pipeline_b);
  if (compare->line_view_b != NULL)
    g_signal_handlers_disconnect_by_data (compare->line_view_b, compare);
  if (compare->strip != NULL)
    gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (compare->strip), NULL, NULL, NULL);
  g_signal_handlers_disconnect_by_data (self, compare);
  if (self->line_view != NULL)
    g_signal_handlers_disconnect_by_data (self->line_view, compare);
  g_clear_object (&compare->monitor_b);
  _pl_window_unfollow_monitor (&compare->monitor_a, compare);
  g_clear_object (&compare->pipeline_b);
  g_clear_pointer (&compare->lesson_b, g_free);
  clear_history (compare);
  g_clear_pointer (&self->compare, g_free);
}

gboolean
_pl_window_compare_is_on (PlWindow *self)
{
  return self->compare != NULL && self->compare->box != NULL;
}

/* What the strip shows of each line, for the tests: line A's, then line
 * B's, or %NULL when compare mode is off. */
const PlCompareMeasure *
_pl_window_compare_get_measures (PlWindow *self)
{
  return _pl_window_compare_is_on (self) ? self->compare->measures : NULL;
}

/*
 * Both lines into @path as the canvas shows them, under their labels and
 * with the strip between them: the picture --export draws of a compare
 * run, as large as the window shows it and at least @min_width ×
 * @min_height.
 */
gboolean
_pl_window_compare_export (PlWindow            *self,
                           const PlSceneStyle  *style,
                           const gchar         *path,
                           gint                 min_width,
                           gint                 min_height,
                           GError             **error)
{
  PlWindowCompare *compare = self->compare;
  PlScene *scenes[2];
  const gchar *labels[2];

  g_return_val_if_fail (_pl_window_compare_is_on (self), FALSE);

  /* The labels say what differs now, not half a second ago. */
  describe (compare);
  scenes[0] = pl_line_view_get_scene (self->line_view);
  scenes[1] = pl_line_view_get_scene (compare->line_view_b);
  labels[0] = gtk_label_get_label (compare->label_a);
  labels[1] = gtk_label_get_label (compare->label_b);

  return pl_scene_compare_export_scenes (scenes, labels, compare->measures, style, path,
                                         MAX (gtk_widget_get_width (compare->box), min_width),
                                         MAX (gtk_widget_get_height (compare->box), min_height),
                                         error);
}

/**
 * pl_window_compare_with:
 * @self: a #PlWindow
 * @spec: what sets line B apart, as `--compare` takes it
 * @error: return location for an error
 *
 * Turns compare mode on with line B made from @spec against line A, as
 * `--compare=KEY=VALUE[,KEY=VALUE…]` does headless. Line B then starts
 * with line A.
 *
 * Returns: %FALSE, with compare mode left as it was, when @spec does not
 *   fit line A
 */
gboolean
pl_window_compare_with (PlWindow     *self,
                        const gchar  *spec,
                        GError      **error)
{
  g_autoptr(PlCompare) differs = NULL;
  PlConfig a;

  g_return_val_if_fail (PL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  pl_pipeline_get_config (self->pipeline, &a);
  differs = pl_compare_new (&a, spec, error);
  if (differs == NULL)
    return FALSE;

  if (self->compare->box == NULL)
    compare_on (self->compare, pl_compare_get_config (differs, PL_COMPARE_LINE_B));
  else
    set_line_b (self->compare, pl_compare_get_config (differs, PL_COMPARE_LINE_B));
  /* The toggle follows; compare mode is on already, so it adds nothing. */
  gtk_toggle_button_set_active (self->compare->toggle, TRUE);

  return TRUE;
}

/**
 * pl_window_get_compare_pipeline:
 * @self: a #PlWindow
 *
 * Returns: (transfer none) (nullable): line B while compare mode is on
 */
PlPipeline *
pl_window_get_compare_pipeline (PlWindow *self)
{
  g_return_val_if_fail (PL_IS_WINDOW (self), NULL);

  return self->compare != NULL ? self->compare->pipeline_b : NULL;
}
