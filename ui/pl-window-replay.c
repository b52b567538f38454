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
#include "pl-window-record.h"

#define REPLAY_KEY "pl-window-replay"
#define SCRUB_KEY  "pl-window-scrub"

/* How often the live line is read while the canvas shows the past. */
#define LIVE_POLL_MS 50

/* What the window's live controls are; disabled while a replay shows. */
static const gchar *const live_actions[] = {
  "win.start-pause", "win.close-input", "win.shutdown-now", "win.reset",
  "win.toggle-mode", "win.mode", "win.lesson", "win.lesson-next",
  "win.lesson-previous", "win.open-scenario", "win.compare",
};

/* A timeline under the canvas, over a recording: a file's (a replay), or
 * the window's own run while it is paused (scrubbing). */
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

  /* Scrubbing: the live line stays where it is; only the views go back. */
  gboolean     scrub;
  PlMonitor   *live;         /* set while the views show the recording */
} Replay;

/* The window's own run, followed so that a pause offers its timeline. */
typedef struct
{
  PlWindow    *window;     /* not owned: the window owns this */
  PlMonitor   *followed;   /* the window's monitor */
  Replay      *replay;     /* while the line is paused */
  gboolean     paused;     /* as the line's last sample says */
  gboolean     to_live;    /* the line changed while the past was shown */
  guint        update_id;
} Scrub;

static void
replay_free (Replay *replay)
{
  g_clear_handle_id (&replay->describe_id, g_source_remove);
  /* The window may be gone: a monitor read for the past alone stops. */
  if (replay->live != NULL)
    pl_monitor_detach (replay->live);
  g_clear_object (&replay->live);
  g_clear_object (&replay->timeline);
  g_free (replay);
}

static Replay *
replay_new (PlWindow    *self,
            PlRecording *recording)
{
  Replay *replay = g_new0 (Replay, 1);

  replay->window = self;
  replay->config = *pl_recording_get_config (recording);
  replay->timeline = g_object_ref_sink (PL_TIMELINE (pl_timeline_new (recording)));

  return replay;
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
  _pl_window_compare_set_enabled (self, enabled);
}

/* The canvas has no pipeline to follow: the replay moves its animation. */
static gboolean
canvas_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  Replay *replay = user_data;
  PlScene *scene = pl_line_view_get_scene (replay->window->line_view);
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
  Replay *replay = user_data;
  PlWindow *self = replay->window;
  g_autofree gchar *description = NULL;
  const gchar *status;

  replay->describe_id = 0;
  if (self->line_view == NULL)
    return G_SOURCE_REMOVE;

  description = pl_scene_describe (pl_line_view_get_scene (self->line_view));
  /* A screen reader hears first that this is the past. */
  status = pl_scene_get_status (pl_line_view_get_scene (self->line_view));
  if (replay->scrub && replay->live != NULL && status != NULL)
    {
      gchar *described = g_strconcat (status, "\n", description, NULL);

      g_free (description);
      description = described;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->line_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  return G_SOURCE_REMOVE;
}

static void
monitor_sample_cb (PlMonitor *monitor,
                   PlSample  *sample,
                   gpointer   data)
{
  Replay *replay = data;
  PlWindow *self = replay->window;
  PlScene *scene = pl_line_view_get_scene (self->line_view);

  pl_scene_push_sample (scene, sample);
  /* Whatever the recorded events said, the canvas says first that this
   * is the past, and which moment of it. */
  if (replay->scrub)
    {
      PlRecording *recording = pl_timeline_get_recording (replay->timeline);
      g_autofree gchar *status = NULL;

      /* TRANSLATORS: the canvas's status line while a paused run is shown
       * at an earlier moment: that moment, then how long the run has lasted */
      status = g_strdup_printf (_("Paused — showing %.1f s of %.1f s"),
                                sample->elapsed_us / (gdouble) G_USEC_PER_SEC,
                                pl_recording_get_duration_us (recording) / (gdouble) G_USEC_PER_SEC);
      pl_scene_set_status (scene, status);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->line_view));

  if (replay->tick_id == 0)
    replay->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->line_view),
                                                    canvas_tick_cb, replay, NULL);
  if (replay->describe_id == 0)
    replay->describe_id = g_timeout_add (250, describe_cb, replay);
}

static void
monitor_event_cb (PlMonitor     *monitor,
                  const PlEvent *event,
                  gpointer       data)
{
  Replay *replay = data;

  pl_scene_push_event (pl_line_view_get_scene (replay->window->line_view), event);
}

/* The canvas, the code panel, the charts and the memory meter follow the
 * timeline's monitor as they follow a live line, the canvas first. */
static void
show_recording (Replay *replay)
{
  PlWindow *self = replay->window;
  PlMonitor *monitor = pl_timeline_get_monitor (replay->timeline);

  pl_line_view_set_monitor (self->line_view, NULL);
  pl_scene_reset (pl_line_view_get_scene (self->line_view));
  g_signal_connect (monitor, "sample", G_CALLBACK (monitor_sample_cb), replay);
  g_signal_connect (monitor, "event", G_CALLBACK (monitor_event_cb), replay);
  _pl_window_panels_subscribe (self, monitor);
}

/* Scrubbing back for the first time: the canvas lets go of the live line,
 * which is still read, for the recording and the header bar, but no
 * longer reaches the views. The pipeline itself is never touched. */
static void
take_views_from_live (Replay *replay)
{
  PlWindow *self = replay->window;

  replay->live = g_object_ref (self->monitor);
  _pl_window_panels_block (self, replay->live, TRUE);
  show_recording (replay);
  pl_monitor_attach (replay->live, NULL, LIVE_POLL_MS);
}

/* The views show the live line again, as it is now. */
static void
give_views_back (Replay *replay)
{
  PlWindow *self = replay->window;
  PlRecording *recording = pl_timeline_get_recording (replay->timeline);
  guint n = pl_recording_get_n_samples (recording);
  PlConfig config;

  if (replay->live == NULL)
    return;

  if (replay->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->line_view), replay->tick_id);
  replay->tick_id = 0;
  g_signal_handlers_disconnect_by_data (pl_timeline_get_monitor (replay->timeline), replay);
  pl_monitor_detach (replay->live);
  _pl_window_panels_block (self, replay->live, FALSE);

  /* Only for the same line: a new one has set the views up itself. */
  if (replay->live == self->monitor)
    {
      /* The charts showed the whole run until now: they get it back from
       * the recording, and the live line's snapshot follows. */
      pl_pipeline_get_config (self->pipeline, &config);
      _pl_window_panels_reset (self, &config);
      for (guint i = 0; i + 1 < n; i++)
        {
          g_autoptr(PlSample) sample = pl_recording_get_sample (recording, i);

          pl_chart_view_push_sample (self->chart_view, sample);
        }
      pl_line_view_set_monitor (self->line_view, self->monitor);
    }
  g_clear_object (&replay->live);
}

/* Going back in time: the views start afresh, the charts included. */
static void
timeline_rewound_cb (PlTimeline *timeline,
                     gpointer    data)
{
  Replay *replay = data;

  if (replay->scrub && replay->live == NULL)
    take_views_from_live (replay);

  pl_scene_reset (pl_line_view_get_scene (replay->window->line_view));
  _pl_window_panels_reset (replay->window, &replay->config);
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

/* The timeline leaves, and nothing it emits reaches the views any more. */
static void
remove_timeline (Replay *replay)
{
  PlWindow *self = replay->window;

  pl_timeline_set_playing (replay->timeline, FALSE);
  if (replay->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->line_view), replay->tick_id);
  replay->tick_id = 0;
  g_signal_handlers_disconnect_by_data (pl_timeline_get_monitor (replay->timeline), replay);
  g_signal_handlers_disconnect_by_data (replay->timeline, replay);

  if (replay->box == NULL)
    return;

  g_object_ref (replay->scroller);
  gtk_box_remove (GTK_BOX (replay->box), replay->scroller);
  gtk_paned_set_start_child (replay->paned, replay->scroller);
  g_object_unref (replay->scroller);
  replay->box = NULL;
}

static void
timeline_run_live_cb (PlTimeline *timeline,
                      gpointer    data)
{
  Replay *replay = data;

  pl_window_end_replay (replay->window);
}

void
pl_window_replay (PlWindow    *self,
                  PlRecording *recording)
{
  Replay *replay;
  g_autofree gchar *status = NULL;

  g_return_if_fail (PL_IS_WINDOW (self));
  g_return_if_fail (PL_IS_RECORDING (recording));

  if (get_replay (self) != NULL)
    pl_window_end_replay (self);

  replay = replay_new (self, recording);
  g_object_set_data_full (G_OBJECT (self), REPLAY_KEY, replay, (GDestroyNotify) replay_free);

  /* The recorded configuration, shown but never started; the canvas then
   * draws only what the timeline emits. Compare mode goes off first, so
   * that no second line is made for the recorded one. */
  set_live_controls (self, FALSE);
  _pl_window_replace_pipeline (self, &replay->config);
  show_recording (replay);

  /* TRANSLATORS: the canvas's status line while a recording plays */
  status = g_strdup (_("Replaying a recording"));
  pl_scene_set_status (pl_line_view_get_scene (self->line_view), status);

  g_signal_connect (replay->timeline, "rewound", G_CALLBACK (timeline_rewound_cb), replay);
  g_signal_connect (replay->timeline, "run-live", G_CALLBACK (timeline_run_live_cb), replay);

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
  remove_timeline (replay);
  g_object_set_data (G_OBJECT (self), REPLAY_KEY, NULL);

  pl_scene_set_status (pl_line_view_get_scene (self->line_view), NULL);
  pl_scene_reset (pl_line_view_get_scene (self->line_view));
  set_live_controls (self, TRUE);
  _pl_window_replace_pipeline (self, &config);
}

static Scrub *
get_scrub (PlWindow *self)
{
  return g_object_get_data (G_OBJECT (self), SCRUB_KEY);
}

static void
scrub_run_live_cb (PlTimeline *timeline,
                   gpointer    data)
{
  Replay *replay = data;

  give_views_back (replay);
  pl_timeline_place_at_end (replay->timeline);
}

static void
scrub_show (Scrub *scrub)
{
  PlWindow *self = scrub->window;
  PlRecording *recording = pl_window_get_recording (self);
  Replay *replay;

  if (recording == NULL || pl_recording_get_n_samples (recording) == 0)
    return;

  replay = replay_new (self, recording);
  replay->scrub = TRUE;
  pl_timeline_set_run_live_label (replay->timeline, _("Back to the _Live Moment"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (replay->timeline),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline of the paused run"),
                                  -1);
  g_signal_connect (replay->timeline, "rewound", G_CALLBACK (timeline_rewound_cb), replay);
  g_signal_connect (replay->timeline, "run-live", G_CALLBACK (scrub_run_live_cb), replay);
  pl_timeline_place_at_end (replay->timeline);

  if (!insert_timeline (self, replay))
    {
      g_warning ("the canvas is not where a timeline can go under it");
      remove_timeline (replay);
      replay_free (replay);
      return;
    }
  scrub->replay = replay;
}

static void
scrub_hide (Scrub    *scrub,
            gboolean  give_back)
{
  Replay *replay = scrub->replay;

  if (replay == NULL)
    return;

  scrub->replay = NULL;
  if (give_back)
    give_views_back (replay);
  remove_timeline (replay);
  replay_free (replay);
}

/* While paused, and alone: a replay, or line B beside it, has no past here. */
static gboolean
scrub_update_cb (gpointer data)
{
  Scrub *scrub = data;
  PlWindow *self = scrub->window;
  gboolean wanted = scrub->paused && !pl_window_is_replaying (self) &&
                    pl_window_get_compare_pipeline (self) == NULL;

  scrub->update_id = 0;
  if (!wanted)
    scrub_hide (scrub, TRUE);
  else if (scrub->replay == NULL)
    scrub_show (scrub);
  else if (scrub->to_live)
    scrub_run_live_cb (scrub->replay->timeline, scrub->replay);
  scrub->to_live = FALSE;

  return G_SOURCE_REMOVE;
}

/* Not inside the monitor's emission: the views change monitors. Before
 * the next frame, which a canvas animating the past keeps asking for. */
static void
scrub_queue_update (Scrub *scrub)
{
  if (scrub->update_id == 0)
    scrub->update_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, scrub_update_cb, scrub, NULL);
}

static void
live_sample_cb (PlMonitor *monitor,
                PlSample  *sample,
                gpointer   data)
{
  Scrub *scrub = data;

  scrub->paused = sample->paused &&
                  (sample->state == PL_PIPELINE_RUNNING || sample->state == PL_PIPELINE_CLOSING);
  if (scrub->replay != NULL)
    pl_timeline_refresh (scrub->replay->timeline);
  if (scrub->paused != (scrub->replay != NULL))
    scrub_queue_update (scrub);
}

/* Something the teacher did to the paused line (close its input, switch
 * its mode, shut it down): the views go back to show it. */
static void
live_event_cb (PlMonitor     *monitor,
               const PlEvent *event,
               gpointer       data)
{
  Scrub *scrub = data;

  if (scrub->replay == NULL || scrub->replay->live == NULL || event->kind == PL_EVENT_PAUSED)
    return;

  scrub->to_live = TRUE;
  scrub_queue_update (scrub);
}

/*
 * A new setting while the past is shown brings the live line back first:
 * the teacher changed it to see what it does to the line now, and the
 * recorded moment had the old setting, so showing it under the new value
 * would mislead.
 */
static void
controls_changed_cb (PlControls *controls,
                     gpointer    data)
{
  Scrub *scrub = data;

  if (scrub->replay == NULL || scrub->replay->live == NULL)
    return;

  scrub->to_live = TRUE;
  scrub_queue_update (scrub);
}

/* A new line has set the views up itself: its past is another run. */
static void
pipeline_changed_cb (PlWindow   *self,
                     GParamSpec *pspec,
                     gpointer    data)
{
  Scrub *scrub = data;

  scrub_hide (scrub, FALSE);
  scrub->paused = FALSE;
  _pl_window_follow_monitor (self, &scrub->followed,
                             G_CALLBACK (live_sample_cb), G_CALLBACK (live_event_cb), scrub);
}

/* A focused control keeps its arrows; the timeline's own handle does not. */
static gboolean
takes_arrows (GtkWidget *focus,
              GtkWidget *timeline)
{
  if (focus == NULL || focus == timeline || gtk_widget_is_ancestor (focus, timeline))
    return FALSE;

  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      if (GTK_IS_RANGE (widget) || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_EDITABLE (widget) ||
          GTK_IS_DROP_DOWN (widget))
        return TRUE;
    }

  return FALSE;
}

/* Left and Right step through the paused run, before anything else
 * takes them to move the focus. */
static gboolean
scrub_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      gpointer               data)
{
  Scrub *scrub = data;
  GtkWidget *timeline;
  const gchar *action;

  if (scrub->replay == NULL ||
      (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK |
                GDK_SUPER_MASK | GDK_HYPER_MASK | GDK_META_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      action = "timeline.step-back";
      break;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      action = "timeline.step-forward";
      break;

    default:
      return GDK_EVENT_PROPAGATE;
    }

  timeline = GTK_WIDGET (scrub->replay->timeline);
  if (takes_arrows (gtk_root_get_focus (GTK_ROOT (scrub->window)), timeline))
    return GDK_EVENT_PROPAGATE;

  gtk_widget_activate_action (timeline, action, NULL);

  return GDK_EVENT_STOP;
}

/* With the window's widgets already gone: no view is touched. */
static void
scrub_free (gpointer data)
{
  Scrub *scrub = data;

  g_clear_handle_id (&scrub->update_id, g_source_remove);
  g_clear_pointer (&scrub->replay, replay_free);
  _pl_window_unfollow_monitor (&scrub->followed, scrub);
  g_free (scrub);
}

/* Called once the window records its runs: each pause then shows the
 * current run's timeline under the canvas, and each resume hides it. */
void
_pl_window_init_scrub (PlWindow *self)
{
  GtkEventController *keys;
  Scrub *scrub;

  g_return_if_fail (get_scrub (self) == NULL);

  scrub = g_new0 (Scrub, 1);
  scrub->window = self;
  g_object_set_data_full (G_OBJECT (self), SCRUB_KEY, scrub, scrub_free);

  g_signal_connect (self, "notify::pipeline", G_CALLBACK (pipeline_changed_cb), scrub);
  g_signal_connect (self->controls, "changed", G_CALLBACK (controls_changed_cb), scrub);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (scrub_key_pressed_cb), scrub);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  _pl_window_follow_monitor (self, &scrub->followed,
                             G_CALLBACK (live_sample_cb), G_CALLBACK (live_event_cb), scrub);
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
