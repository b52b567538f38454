/* pl-window-replay.c: the window playing a recording back
 *
 * The recorded moment reaches the canvas, the code panel and the charts
 * through the timeline's monitor, the same way a live line's samples do.
 * The window keeps a pipeline of the recorded configuration, never
 * started, so that "Run This Configuration Live" has it ready; the live
 * controls stay disabled until then.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-window-replay.h"

#include <glib/gi18n.h>

#include "pl-timeline.h"
#include "pl-window-private.h"

#define REPLAY_KEY "pl-window-replay"

/* What the window's live controls are; disabled while a replay shows. */
static const gchar *const live_actions[] = {
  "win.start-pause", "win.close-input", "win.shutdown-now", "win.reset",
  "win.toggle-mode", "win.mode", "win.lesson", "win.lesson-next",
  "win.lesson-previous", "win.open-scenario",
};

typedef struct
{
  PlWindow    *window;     /* not owned: the window owns this */
  PlTimeline  *timeline;
  GtkWidget   *box;        /* the canvas's scroller above the timeline */
  GtkWidget   *scroller;
  GtkPaned    *paned;
  PlConfig     config;
  guint        tick_id;      /* animates the canvas toward the moment */
  guint        describe_id;  /* a pending accessible description */
} Replay;

static void
replay_free (gpointer data)
{
  Replay *replay = data;

  g_clear_handle_id (&replay->describe_id, g_source_remove);
  g_clear_object (&replay->timeline);
  g_free (replay);
}

static Replay *
get_replay (PlWindow *self)
{
  return g_object_get_data (G_OBJECT (self), REPLAY_KEY);
}

gboolean
pl_window_is_replaying (PlWindow *self)
{
  g_return_val_if_fail (PL_IS_WINDOW (self), FALSE);

  return get_replay (self) != NULL;
}

static void
set_live_controls (PlWindow *self,
                   gboolean  enabled)
{
  GtkWidget *widgets[] = {
    GTK_WIDGET (self->start_button), GTK_WIDGET (self->lesson_button),
    self->busy_wait_button, self->blocking_button, self->close_input_button,
    self->shutdown_button, self->reset_button, GTK_WIDGET (self->controls),
  };

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    if (widgets[i] != NULL)
      gtk_widget_set_sensitive (widgets[i], enabled);
  for (guint i = 0; i < G_N_ELEMENTS (live_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), live_actions[i], enabled);
}

/* The canvas has no pipeline to follow: the replay moves its animation. */
static gboolean
canvas_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  PlWindow *self = PL_WINDOW (user_data);
  Replay *replay = get_replay (self);
  PlScene *scene = pl_line_view_get_scene (self->line_view);
  gboolean animating = pl_scene_advance (scene, gdk_frame_clock_get_frame_time (frame_clock));

  gtk_widget_queue_draw (widget);
  if (animating || pl_timeline_get_playing (replay->timeline))
    return G_SOURCE_CONTINUE;

  replay->tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* A screen reader hears the moment shown, a few times a second at most. */
static gboolean
describe_cb (gpointer user_data)
{
  PlWindow *self = PL_WINDOW (user_data);
  Replay *replay = get_replay (self);
  g_autofree gchar *description = NULL;

  replay->describe_id = 0;
  if (self->line_view == NULL)
    return G_SOURCE_REMOVE;

  description = pl_scene_describe (pl_line_view_get_scene (self->line_view));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->line_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  return G_SOURCE_REMOVE;
}

static void
monitor_sample_cb (PlWindow *self,
                   PlSample *sample)
{
  Replay *replay = get_replay (self);

  pl_scene_push_sample (pl_line_view_get_scene (self->line_view), sample);
  gtk_widget_queue_draw (GTK_WIDGET (self->line_view));

  if (replay->tick_id == 0)
    replay->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->line_view),
                                                    canvas_tick_cb, self, NULL);
  if (replay->describe_id == 0)
    replay->describe_id = g_timeout_add (250, describe_cb, self);
}

static void
monitor_event_cb (PlWindow      *self,
                  const PlEvent *event)
{
  pl_scene_push_event (pl_line_view_get_scene (self->line_view), event);
}

/* Going back in time: the views start afresh, the charts included. */
static void
timeline_rewound_cb (PlWindow *self)
{
  Replay *replay = get_replay (self);

  pl_scene_reset (pl_line_view_get_scene (self->line_view));
  _pl_window_panels_reset (self, &replay->config);
}

static void
timeline_run_live_cb (PlWindow *self)
{
  pl_window_end_replay (self);
}

/* The canvas's scroller is the start of a vertical pane; the timeline goes
 * in a box with it, so that it stays under the canvas. */
static gboolean
insert_timeline (PlWindow *self,
                 Replay   *replay)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->line_view),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *parent = scroller != NULL ? gtk_widget_get_parent (scroller) : NULL;

  if (parent == NULL || !GTK_IS_PANED (parent) ||
      gtk_paned_get_start_child (GTK_PANED (parent)) != scroller)
    return FALSE;

  replay->scroller = scroller;
  replay->paned = GTK_PANED (parent);
  replay->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_object_ref (scroller);
  gtk_paned_set_start_child (replay->paned, replay->box);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (replay->box), scroller);
  g_object_unref (scroller);
  gtk_box_append (GTK_BOX (replay->box), GTK_WIDGET (replay->timeline));

  return TRUE;
}

static void
remove_timeline (Replay *replay)
{
  if (replay->box == NULL)
    return;

  g_object_ref (replay->scroller);
  gtk_box_remove (GTK_BOX (replay->box), replay->scroller);
  gtk_paned_set_start_child (replay->paned, replay->scroller);
  g_object_unref (replay->scroller);
  replay->box = NULL;
}

void
pl_window_replay (PlWindow    *self,
                  PlRecording *recording)
{
  Replay *replay;
  PlMonitor *monitor;
  g_autofree gchar *status = NULL;

  g_return_if_fail (PL_IS_WINDOW (self));
  g_return_if_fail (PL_IS_RECORDING (recording));

  if (get_replay (self) != NULL)
    pl_window_end_replay (self);

  replay = g_new0 (Replay, 1);
  replay->window = self;
  replay->config = *pl_recording_get_config (recording);
  replay->timeline = g_object_ref_sink (PL_TIMELINE (pl_timeline_new (recording)));
  g_object_set_data_full (G_OBJECT (self), REPLAY_KEY, replay, replay_free);

  /* The recorded configuration, shown but never started; the canvas then
   * draws only what the timeline emits. */
  _pl_window_replace_pipeline (self, &replay->config);
  pl_line_view_set_monitor (self->line_view, NULL);
  pl_scene_reset (pl_line_view_get_scene (self->line_view));
  set_live_controls (self, FALSE);

  /* TRANSLATORS: the canvas's status line while a recording plays */
  status = g_strdup (_("Replaying a recording"));
  pl_scene_set_status (pl_line_view_get_scene (self->line_view), status);

  monitor = pl_timeline_get_monitor (replay->timeline);
  g_signal_connect_object (monitor, "sample", G_CALLBACK (monitor_sample_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (monitor, "event", G_CALLBACK (monitor_event_cb), self, G_CONNECT_SWAPPED);
  /* The code panel, the charts and the header follow the recorded moment
   * as they follow a live line, after the canvas. */
  _pl_window_panels_subscribe (self, monitor);
  g_signal_connect_object (replay->timeline, "rewound", G_CALLBACK (timeline_rewound_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (replay->timeline, "run-live", G_CALLBACK (timeline_run_live_cb), self,
                           G_CONNECT_SWAPPED);

  if (!insert_timeline (self, replay))
    g_warning ("the canvas is not where a timeline can go under it");

  pl_timeline_seek (replay->timeline, 0);
}

void
pl_window_end_replay (PlWindow *self)
{
  Replay *replay;
  PlConfig config;

  g_return_if_fail (PL_IS_WINDOW (self));

  replay = get_replay (self);
  if (replay == NULL)
    return;

  config = replay->config;
  pl_timeline_set_playing (replay->timeline, FALSE);
  if (replay->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->line_view), replay->tick_id);
  replay->tick_id = 0;
  g_signal_handlers_disconnect_by_data (pl_timeline_get_monitor (replay->timeline), self);
  g_signal_handlers_disconnect_by_data (replay->timeline, self);
  remove_timeline (replay);
  g_object_set_data (G_OBJECT (self), REPLAY_KEY, NULL);

  pl_scene_set_status (pl_line_view_get_scene (self->line_view), NULL);
  pl_scene_reset (pl_line_view_get_scene (self->line_view));
  set_live_controls (self, TRUE);
  _pl_window_replace_pipeline (self, &config);
}

gboolean
pl_window_replay_file (PlWindow    *self,
                       const gchar *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlRecording) recording = NULL;

  g_return_val_if_fail (PL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  recording = pl_recording_load_file (path, PL_RECORDING_DEFAULT_MAX_BYTES, &error);
  if (recording != NULL && pl_recording_get_n_samples (recording) == 0)
    {
      g_autofree gchar *display = g_filename_display_basename (path);

      g_clear_object (&recording);
      g_set_error (&error, PL_RECORDING_ERROR, PL_RECORDING_ERROR_CORRUPT,
                   _("“%s” holds no sample to draw"), display);
    }
  if (recording == NULL)
    {
      _pl_window_show_error (self, _("Could not replay the recording"), error);
      return FALSE;
    }

  pl_window_replay (self, recording);

  if (pl_recording_get_truncated (recording))
    {
      g_autofree gchar *display = g_filename_display_basename (path);
      g_autoptr(GError) cut = NULL;

      g_set_error (&cut, PL_RECORDING_ERROR, PL_RECORDING_ERROR_CORRUPT,
                   _("“%s” was cut short: it plays up to where it ends, %.3f s into the run"),
                   display, pl_recording_get_duration_us (recording) / (gdouble) G_USEC_PER_SEC);
      _pl_window_show_error (self, _("The recording ends early"), cut);
    }

  return TRUE;
}
