/* pl-timeline.c: playing a recording back, under the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-timeline.h"

#include <glib/gi18n.h>

#include "pl-scene.h"

/* How often playback looks at the clock. */
#define PLAY_INTERVAL_MS 16

static const gdouble speeds[] = { 0.25, 0.5, 1.0, 2.0, 4.0 };

struct _PlTimeline
{
  GtkWidget     parent_instance;

  PlRecording  *recording;
  PlMonitor    *monitor;
  guint         position;
  gboolean      shown;          /* a sample has been emitted */
  gboolean      placed;         /* the views already show the position */
  gint64        position_us;    /* the position's moment, for thinning */
  guint         n_thinnings;    /* the recording's, at the last move */
  gint64        origin_us;      /* monotonic time of the run's start */

  gboolean      playing;
  gdouble       speed;
  gdouble       clock_us;       /* playback's place in the run */
  gint64        last_tick_us;
  guint         play_id;

  GtkWidget    *play_button;
  GtkWidget    *scale;
  GtkWidget    *time_label;
  GtkWidget    *speed_menu;
  GtkWidget    *run_live_button;
  gboolean      moving_scale;   /* the program moves the handle, not a hand */
};

enum {
  REWOUND,
  RUN_LIVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PlTimeline, pl_timeline, GTK_TYPE_WIDGET)

static gint64
elapsed_at (PlTimeline *self,
            guint       index)
{
  return pl_recording_get_sample_elapsed (self->recording, index);
}

static gint64
event_elapsed (PlTimeline    *self,
               const PlEvent *event)
{
  return event->time_us - self->origin_us;
}

/* The sample an event shows in: the first taken at or after it. */
static guint
event_position (PlTimeline    *self,
                const PlEvent *event)
{
  guint n = pl_recording_get_n_samples (self->recording);
  gint64 at = event_elapsed (self, event);
  gint index = pl_recording_find_sample (self->recording, at);

  if (index < 0)
    return 0;
  if (elapsed_at (self, index) < at && (guint) index + 1 < n)
    index++;

  return index;
}

static void
update_labels (PlTimeline *self)
{
  guint n = pl_recording_get_n_samples (self->recording);
  gdouble now_s = n > 0 ? elapsed_at (self, self->position) / (gdouble) G_USEC_PER_SEC : 0.0;
  gdouble end_s = pl_recording_get_duration_us (self->recording) / (gdouble) G_USEC_PER_SEC;
  g_autofree gchar *text = NULL;

  /* TRANSLATORS: where a replay is, and how long the recorded run lasted */
  text = g_strdup_printf (_("%.2f s of %.2f s"), now_s, end_s);
  gtk_label_set_text (GTK_LABEL (self->time_label), text);

  self->moving_scale = TRUE;
  /* The recording of a run still going grows under the handle. */
  gtk_range_set_range (GTK_RANGE (self->scale), 0.0, MAX (end_s, 0.01));
  gtk_range_set_value (GTK_RANGE (self->scale), now_s);
  self->moving_scale = FALSE;

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            self->playing ? "media-playback-pause-symbolic"
                                          : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button, self->playing ? _("Pause") : _("Play"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->playing ? _("Pause") : _("Play"),
                                  -1);
}

/* Emits the events that happened after @from_us, up to @to_us. */
static void
emit_events (PlTimeline *self,
             gint64      from_us,
             gint64      to_us)
{
  for (guint i = 0; i < pl_recording_get_n_events (self->recording); i++)
    {
      const PlEvent *event = pl_recording_get_event (self->recording, i);
      gint64 at = event_elapsed (self, event);

      if (at > from_us && at <= to_us)
        pl_monitor_emit_event (self->monitor, event);
    }
}

static void
emit_sample (PlTimeline *self,
             guint       index)
{
  g_autoptr(PlSample) sample = pl_recording_get_sample (self->recording, index);

  pl_monitor_emit_sample (self->monitor, sample);
}

void
pl_timeline_seek (PlTimeline *self,
                  guint       index)
{
  guint n;

  g_return_if_fail (PL_IS_TIMELINE (self));

  n = pl_recording_get_n_samples (self->recording);
  if (n == 0)
    return;
  index = MIN (index, n - 1);

  if ((self->shown || self->placed) && index == self->position)
    return;

  if (self->shown && index > self->position && index - self->position <= 8)
    {
      /* On, a little: each sample in between, as live. */
      for (guint i = self->position + 1; i <= index; i++)
        {
          emit_events (self, elapsed_at (self, i - 1), elapsed_at (self, i));
          emit_sample (self, i);
        }
    }
  else
    {
      /* Anywhere else: start afresh from a rate window before the moment. */
      gint64 window_us = (gint64) (PL_SCENE_RATE_WINDOW_S + 0.5) * G_USEC_PER_SEC;
      gint first = pl_recording_find_sample (self->recording, elapsed_at (self, index) - window_us);

      g_signal_emit (self, signals[REWOUND], 0);
      first = MAX (first, 0);
      emit_events (self, G_MININT64, elapsed_at (self, first));
      emit_sample (self, first);
      for (guint i = first + 1; i <= index; i++)
        {
          emit_events (self, elapsed_at (self, i - 1), elapsed_at (self, i));
          emit_sample (self, i);
        }
    }

  self->position = index;
  self->shown = TRUE;
  self->placed = FALSE;
  self->position_us = elapsed_at (self, index);
  self->n_thinnings = pl_recording_get_n_thinnings (self->recording);
  self->clock_us = elapsed_at (self, index);
  update_labels (self);
}

/**
 * pl_timeline_place_at_end:
 * @self: a #PlTimeline
 *
 * Puts the handle on the recording's last sample and emits nothing: the
 * views show that moment already, from the live line. The first move
 * from there rewinds.
 */
void
pl_timeline_place_at_end (PlTimeline *self)
{
  guint n;

  g_return_if_fail (PL_IS_TIMELINE (self));

  n = pl_recording_get_n_samples (self->recording);
  self->shown = FALSE;
  self->placed = n > 0;
  self->position = n > 0 ? n - 1 : 0;
  self->position_us = n > 0 ? elapsed_at (self, self->position) : 0;
  self->n_thinnings = pl_recording_get_n_thinnings (self->recording);
  update_labels (self);
}

/**
 * pl_timeline_refresh:
 * @self: a #PlTimeline
 *
 * Follows a recording that is still being made: the handle's range and
 * the labels take in the samples added since, a handle placed at the end
 * stays there, and one elsewhere keeps its moment when the oldest part
 * of the recording was thinned.
 */
void
pl_timeline_refresh (PlTimeline *self)
{
  guint n;

  g_return_if_fail (PL_IS_TIMELINE (self));

  n = pl_recording_get_n_samples (self->recording);
  if (n == 0)
    return;

  if (self->placed)
    self->position = n - 1;
  else if (pl_recording_get_n_thinnings (self->recording) != self->n_thinnings)
    self->position = MAX (pl_recording_find_sample (self->recording, self->position_us), 0);
  self->position_us = elapsed_at (self, self->position);
  self->n_thinnings = pl_recording_get_n_thinnings (self->recording);
  update_labels (self);
}

guint
pl_timeline_get_position (PlTimeline *self)
{
  g_return_val_if_fail (PL_IS_TIMELINE (self), 0);

  return self->position;
}

static gboolean
play_cb (gpointer user_data)
{
  PlTimeline *self = PL_TIMELINE (user_data);
  guint n = pl_recording_get_n_samples (self->recording);
  gint64 now = g_get_monotonic_time ();
  gint index;

  self->clock_us += (now - self->last_tick_us) * self->speed;
  self->last_tick_us = now;

  index = pl_recording_find_sample (self->recording, (gint64) self->clock_us);
  if (index > (gint) self->position)
    {
      gdouble clock_us = self->clock_us;

      pl_timeline_seek (self, index);
      self->clock_us = clock_us;
    }

  if (n == 0 || self->position + 1 >= n)
    {
      self->play_id = 0;
      self->playing = FALSE;
      update_labels (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

gboolean
pl_timeline_get_playing (PlTimeline *self)
{
  g_return_val_if_fail (PL_IS_TIMELINE (self), FALSE);

  return self->playing;
}

void
pl_timeline_set_playing (PlTimeline *self,
                         gboolean    playing)
{
  guint n;

  g_return_if_fail (PL_IS_TIMELINE (self));

  n = pl_recording_get_n_samples (self->recording);
  playing = !!playing && n > 1;
  if (self->playing == playing)
    return;

  /* Play at the end starts again from the beginning. */
  if (playing && self->position + 1 >= n)
    pl_timeline_seek (self, 0);

  self->playing = playing;
  g_clear_handle_id (&self->play_id, g_source_remove);
  if (playing)
    {
      self->clock_us = elapsed_at (self, self->position);
      self->last_tick_us = g_get_monotonic_time ();
      self->play_id = g_timeout_add (PLAY_INTERVAL_MS, play_cb, self);
    }
  update_labels (self);
}

gdouble
pl_timeline_get_speed (PlTimeline *self)
{
  g_return_val_if_fail (PL_IS_TIMELINE (self), 1.0);

  return self->speed;
}

void
pl_timeline_set_speed (PlTimeline *self,
                       gdouble     speed)
{
  g_return_if_fail (PL_IS_TIMELINE (self));
  g_return_if_fail (speed >= speeds[0] && speed <= speeds[G_N_ELEMENTS (speeds) - 1]);

  self->speed = speed;
  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (speeds[i] == speed)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->speed_menu), i);
}

gboolean
pl_timeline_jump_to_event (PlTimeline *self,
                           gboolean    forward)
{
  guint n_events;
  gboolean found = FALSE;
  guint target = 0;

  g_return_val_if_fail (PL_IS_TIMELINE (self), FALSE);

  n_events = pl_recording_get_n_events (self->recording);
  for (guint i = 0; i < n_events; i++)
    {
      guint at = event_position (self, pl_recording_get_event (self->recording, i));

      if (forward && at > self->position && (!found || at < target))
        target = at, found = TRUE;
      else if (!forward && at < self->position && (!found || at > target))
        target = at, found = TRUE;
    }

  if (found)
    pl_timeline_seek (self, target);

  return found;
}

static void
play_clicked_cb (PlTimeline *self)
{
  pl_timeline_set_playing (self, !self->playing);
}

static void
step_back_clicked_cb (PlTimeline *self)
{
  pl_timeline_set_playing (self, FALSE);
  if (self->position > 0)
    pl_timeline_seek (self, self->position - 1);
}

static void
step_forward_clicked_cb (PlTimeline *self)
{
  pl_timeline_set_playing (self, FALSE);
  pl_timeline_seek (self, self->position + 1);
}

static void
step_action (GtkWidget   *widget,
             const gchar *action_name,
             GVariant    *parameter)
{
  if (g_str_equal (action_name, "timeline.step-back"))
    step_back_clicked_cb (PL_TIMELINE (widget));
  else
    step_forward_clicked_cb (PL_TIMELINE (widget));
}

static void
previous_event_clicked_cb (PlTimeline *self)
{
  pl_timeline_set_playing (self, FALSE);
  pl_timeline_jump_to_event (self, FALSE);
}

static void
next_event_clicked_cb (PlTimeline *self)
{
  pl_timeline_set_playing (self, FALSE);
  pl_timeline_jump_to_event (self, TRUE);
}

static void
run_live_clicked_cb (PlTimeline *self)
{
  pl_timeline_set_playing (self, FALSE);
  g_signal_emit (self, signals[RUN_LIVE], 0);
}

static void
scale_value_changed_cb (PlTimeline *self)
{
  gdouble seconds;
  gint index;

  if (self->moving_scale)
    return;

  seconds = gtk_range_get_value (GTK_RANGE (self->scale));
  index = pl_recording_find_sample (self->recording, (gint64) (seconds * G_USEC_PER_SEC));
  if (index >= 0)
    {
      gboolean playing = self->playing;

      pl_timeline_set_playing (self, FALSE);
      pl_timeline_seek (self, index);
      pl_timeline_set_playing (self, playing);
    }
}

static void
speed_selected_cb (PlTimeline *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->speed_menu));

  if (selected < G_N_ELEMENTS (speeds))
    self->speed = speeds[selected];
}

static GtkWidget *
add_button (PlTimeline  *self,
            const gchar *icon_name,
            const gchar *label,
            GCallback    callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_signal_connect_swapped (button, "clicked", callback, self);
  gtk_widget_set_parent (button, GTK_WIDGET (self));

  return button;
}

static void
pl_timeline_dispose (GObject *object)
{
  PlTimeline *self = PL_TIMELINE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->play_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->monitor);
  g_clear_object (&self->recording);

  G_OBJECT_CLASS (pl_timeline_parent_class)->dispose (object);
}

static void
pl_timeline_class_init (PlTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_timeline_dispose;

  signals[REWOUND] =
    g_signal_new ("rewound",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[RUN_LIVE] =
    g_signal_new ("run-live",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* For the keys of whoever holds the timeline. */
  gtk_widget_class_install_action (widget_class, "timeline.step-back", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "timeline.step-forward", NULL, step_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pltimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
pl_timeline_init (PlTimeline *self)
{
  static const gchar *const speed_names[] = { "0.25×", "0.5×", "1×", "2×", "4×", NULL };
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "toolbar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Replay timeline"),
                                  -1);
  self->speed = 1.0;
  self->monitor = pl_monitor_new (NULL);

  add_button (self, "media-skip-backward-symbolic", _("Previous event"),
              G_CALLBACK (previous_event_clicked_cb));
  add_button (self, "go-previous-symbolic", _("Step one sample back"),
              G_CALLBACK (step_back_clicked_cb));
  self->play_button = add_button (self, "media-playback-start-symbolic", _("Play"),
                                  G_CALLBACK (play_clicked_cb));
  add_button (self, "go-next-symbolic", _("Step one sample forward"),
              G_CALLBACK (step_forward_clicked_cb));
  add_button (self, "media-skip-forward-symbolic", _("Next event"),
              G_CALLBACK (next_event_clicked_cb));

  self->scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0.0, 1.0, 0.01);
  gtk_scale_set_draw_value (GTK_SCALE (self->scale), FALSE);
  gtk_widget_set_hexpand (self->scale, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Moment of the recorded run"),
                                  -1);
  g_signal_connect_swapped (self->scale, "value-changed", G_CALLBACK (scale_value_changed_cb), self);
  gtk_widget_set_parent (self->scale, GTK_WIDGET (self));

  self->time_label = gtk_label_new (NULL);
  gtk_label_set_width_chars (GTK_LABEL (self->time_label), 18);
  gtk_widget_add_css_class (self->time_label, "numeric");
  gtk_widget_set_parent (self->time_label, GTK_WIDGET (self));

  self->speed_menu = gtk_drop_down_new_from_strings (speed_names);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->speed_menu), 2);
  gtk_widget_set_tooltip_text (self->speed_menu, _("Playback speed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->speed_menu),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Playback speed"),
                                  -1);
  g_signal_connect_swapped (self->speed_menu, "notify::selected", G_CALLBACK (speed_selected_cb), self);
  gtk_widget_set_parent (self->speed_menu, GTK_WIDGET (self));

  self->run_live_button = gtk_button_new_with_mnemonic (_("_Run This Configuration Live"));
  g_signal_connect_swapped (self->run_live_button, "clicked", G_CALLBACK (run_live_clicked_cb), self);
  gtk_widget_set_parent (self->run_live_button, GTK_WIDGET (self));
}

/**
 * pl_timeline_new:
 * @recording: the recording to play
 *
 * Returns: (transfer floating): a timeline at the recording's start; call
 *   pl_timeline_seek() once the views listen to its monitor
 */
GtkWidget *
pl_timeline_new (PlRecording *recording)
{
  PlTimeline *self;
  gdouble end_s;

  g_return_val_if_fail (PL_IS_RECORDING (recording), NULL);

  self = g_object_new (PL_TYPE_TIMELINE, NULL);
  self->recording = g_object_ref (recording);
  if (pl_recording_get_n_samples (recording) > 0)
    {
      g_autoptr(PlSample) first = pl_recording_get_sample (recording, 0);

      self->origin_us = first->time_us - first->elapsed_us;
    }
  end_s = pl_recording_get_duration_us (recording) / (gdouble) G_USEC_PER_SEC;
  gtk_range_set_range (GTK_RANGE (self->scale), 0.0, MAX (end_s, 0.01));
  update_labels (self);

  return GTK_WIDGET (self);
}

PlRecording *
pl_timeline_get_recording (PlTimeline *self)
{
  g_return_val_if_fail (PL_IS_TIMELINE (self), NULL);

  return self->recording;
}

/* What the button that leaves the timeline says, with a mnemonic. */
void
pl_timeline_set_run_live_label (PlTimeline  *self,
                                const gchar *label)
{
  g_return_if_fail (PL_IS_TIMELINE (self));
  g_return_if_fail (label != NULL);

  gtk_button_set_label (GTK_BUTTON (self->run_live_button), label);
}

PlMonitor *
pl_timeline_get_monitor (PlTimeline *self)
{
  g_return_val_if_fail (PL_IS_TIMELINE (self), NULL);

  return self->monitor;
}
