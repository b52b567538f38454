/* pl-line-view.c: the assembly line, drawn live from a pipeline's samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's threads never touch this widget: they publish messages that
 * the window's PlMonitor reads. While the view is shown it drives the
 * monitor from the frame clock, so a sample is drawn on the frame that
 * takes it in; the tick callback only runs while something moves, so a
 * paused or finished line costs no CPU. While the view is hidden the
 * monitor reads on a timer of its own, and the panels still follow.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pl-line-view.h"
#include "pl-tile-layer.h"

/* At most this many messages per frame, so a burst never stalls drawing. */
#define MAX_MESSAGES_PER_FRAME 512
/* How often a view at rest looks for a new sample: the sampler itself
 * checks a resting line four times a second. */
#define REST_POLL_MS 100
/* How often the monitor reads while the view is hidden, for the panels. */
#define HIDDEN_POLL_MS 50

/* The accessible description changes at most this often. */
#define DESCRIBE_INTERVAL_US G_USEC_PER_SEC

struct _PlLineView
{
  GtkWidget   parent_instance;

  PlMonitor     *monitor;
  PlPipeline    *pipeline;       /* the monitor's */
  PlScene       *scene;
  gdouble        text_scale;
  guint          tick_id;
  guint          rest_poll_id;   /* instead of ticking while the line rests */

  /* The line in words for a screen reader, and when it was last set. */
  gchar         *description;
  gint64         described_us;
  guint          describe_id;    /* a later look, when one came too soon */

  /* What the renderer keeps from frame to frame for this canvas alone:
   * an export of the same scene at another size leaves it as it is. */
  PlSceneCache  *cache;
  /* The static layer as a node, rebuilt only when the scene's changes. */
  GskRenderNode *static_node;
  guint          static_serial;
  /* The moving layer, handed over in tiles kept while they look the same. */
  PlTileLayer   *dynamic_layer;

  /* The height the line needed at the width last asked about; -1 once
   * its shape, its title or the text size changed. */
  gint           measured_width;
  gint           measured_height;
};

G_DEFINE_FINAL_TYPE (PlLineView, pl_line_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MONITOR,
  PROP_SCENE,
  PROP_TEXT_SCALE,
  PROP_TICKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
any_worker_busy (const PlSample *sample)
{
  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      if (sample->stages[s].workers[w].state == PL_WORKER_WORKING ||
          sample->stages[s].workers[w].state == PL_WORKER_TASK_DONE)
        return TRUE;

  return FALSE;
}

/* Whether samples are still worth waiting for. */
static gboolean
pl_line_view_pipeline_moves (PlLineView *self)
{
  PlSample *sample;
  PlPipelineState state;

  if (self->pipeline == NULL)
    return FALSE;

  state = pl_pipeline_get_state (self->pipeline);
  if (state == PL_PIPELINE_READY)
    return FALSE;

  sample = pl_scene_get_sample (self->scene);
  if (sample == NULL || sample->state == PL_PIPELINE_READY)
    return TRUE;

  if (sample->state == PL_PIPELINE_FINISHED || sample->state == PL_PIPELINE_CANCELLED)
    return FALSE;

  /* Paused: wait until the workers have parked after their current item. */
  if (pl_pipeline_get_paused (self->pipeline) && sample->paused && !any_worker_busy (sample))
    return FALSE;

  return TRUE;
}

static void pl_line_view_describe (PlLineView *self,
                                   gboolean    now);

static gboolean
pl_line_view_describe_cb (gpointer user_data)
{
  PlLineView *self = PL_LINE_VIEW (user_data);

  self->describe_id = 0;
  pl_line_view_describe (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* The accessible description follows the line at most once a second, so
 * that a screen reader is not flooded, and only when its words change. A
 * sample that comes too soon is described once the second is up, so that
 * the last state of a line that stops is never missed. A new pipeline is
 * described at once. */
static void
pl_line_view_describe (PlLineView *self,
                       gboolean    now)
{
  gint64 time_us = g_get_monotonic_time ();
  gint64 wait_us = self->described_us + DESCRIBE_INTERVAL_US - time_us;
  g_autofree gchar *description = NULL;

  if (!now && wait_us > 0)
    {
      if (self->describe_id == 0)
        self->describe_id = g_timeout_add ((guint) (wait_us / 1000) + 1, pl_line_view_describe_cb, self);
      return;
    }
  g_clear_handle_id (&self->describe_id, g_source_remove);

  description = pl_scene_describe (self->scene);
  if (g_strcmp0 (description, self->description) == 0)
    return;

  self->described_us = time_us;
  g_free (self->description);
  self->description = g_steal_pointer (&description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

static void
pl_line_view_reshaped (PlLineView *self)
{
  self->measured_width = -1;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
pl_line_view_sample_cb (PlMonitor  *monitor,
                        PlSample   *sample,
                        PlLineView *self)
{
  PlSample *shown = pl_scene_get_sample (self->scene);
  gboolean reshaped = shown == NULL || shown->n_stages != sample->n_stages;

  for (guint s = 0; !reshaped && s < MIN (sample->n_stages, PL_MAX_STAGES); s++)
    reshaped = shown->stages[s].n_workers != sample->stages[s].n_workers ||
               strcmp (shown->stages[s].name, sample->stages[s].name) != 0;

  pl_scene_push_sample (self->scene, sample);

  /* Only what the scene took: it skips a sample older than it shows. */
  if (pl_scene_get_sample (self->scene) == sample)
    {
      /* The height the line needs follows its shape. */
      if (reshaped)
        pl_line_view_reshaped (self);
      pl_line_view_describe (self, FALSE);
    }
}

static void
pl_line_view_event_cb (PlMonitor     *monitor,
                       const PlEvent *event,
                       PlLineView    *self)
{
  pl_scene_push_event (self->scene, event);
}

/* TRUE when the monitor emitted anything. */
static gboolean
pl_line_view_drain (PlLineView *self)
{
  if (self->monitor == NULL)
    return FALSE;

  return pl_monitor_dispatch (self->monitor, MAX_MESSAGES_PER_FRAME) > 0;
}

/* A fresh snapshot, so that a line that stops moving shows its final state
 * even when the sampler published nothing after the last change. It goes
 * through the monitor, so that the panels show that state too. */
static void
pl_line_view_take_snapshot (PlLineView *self)
{
  g_autoptr(PlSample) sample = NULL;

  if (self->pipeline == NULL)
    return;

  sample = pl_pipeline_sample (self->pipeline);
  if (sample != NULL)
    pl_monitor_emit_sample (self->monitor, sample);
}

/* The sampler marks a sample at rest once nothing has moved for a while,
 * and then sends a heartbeat a second until something does. */
static gboolean
pl_line_view_at_rest (PlLineView *self)
{
  PlSample *sample = pl_scene_get_sample (self->scene);

  return sample != NULL && sample->at_rest && !pl_monitor_has_pending (self->monitor);
}

static gboolean
pl_line_view_rest_poll_cb (gpointer user_data)
{
  PlLineView *self = PL_LINE_VIEW (user_data);

  if (pl_line_view_drain (self))
    gtk_widget_queue_draw (GTK_WIDGET (self));
  if (pl_line_view_at_rest (self))
    return G_SOURCE_CONTINUE;

  self->rest_poll_id = 0;
  pl_line_view_wake (self);

  return G_SOURCE_REMOVE;
}

static gboolean
pl_line_view_tick_cb (GtkWidget     *widget,
                      GdkFrameClock *frame_clock,
                      gpointer       user_data)
{
  PlLineView *self = PL_LINE_VIEW (widget);
  gboolean changed;
  gboolean moving;
  gboolean animating;

  changed = pl_line_view_drain (self);
  moving = pl_line_view_pipeline_moves (self);
  if (!moving)
    {
      pl_line_view_take_snapshot (self);
      changed = TRUE;
    }

  animating = pl_scene_advance (self->scene, gdk_frame_clock_get_frame_time (frame_clock));
  moving |= animating;

  /* A frame with no new sample and nothing in motion looks the same. */
  if (changed || animating)
    gtk_widget_queue_draw (widget);

  /* A line at rest (every worker asleep, nothing changing) needs no
   * frames: look for news a few times a second instead, until it moves. */
  if (moving && !animating && pl_line_view_at_rest (self))
    self->rest_poll_id = g_timeout_add (REST_POLL_MS, pl_line_view_rest_poll_cb, self);
  else if (moving)
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKING]);

  return G_SOURCE_REMOVE;
}

static void
pl_line_view_stop_ticking (PlLineView *self)
{
  g_clear_handle_id (&self->rest_poll_id, g_source_remove);
  if (self->tick_id == 0)
    return;

  gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKING]);
}

/**
 * pl_line_view_wake:
 * @self: a #PlLineView
 *
 * Makes the view follow its pipeline again after a change (start, resume,
 * a new setting). It ticks until the line comes to rest.
 */
void
pl_line_view_wake (PlLineView *self)
{
  g_return_if_fail (PL_IS_LINE_VIEW (self));

  g_clear_handle_id (&self->rest_poll_id, g_source_remove);
  if (self->tick_id != 0 || self->pipeline == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), pl_line_view_tick_cb, NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKING]);
}

/**
 * pl_line_view_sync:
 * @self: a #PlLineView
 *
 * Takes in every message waiting now, without waiting for the next frame;
 * used before a screenshot so the picture shows the newest sample.
 */
void
pl_line_view_sync (PlLineView *self)
{
  g_return_if_fail (PL_IS_LINE_VIEW (self));

  /* Then a snapshot taken now, so the picture is as new as the events
   * just taken in: a sample can be up to a frame older than they are. */
  pl_line_view_drain (self);
  if (self->pipeline != NULL && pl_pipeline_get_state (self->pipeline) != PL_PIPELINE_READY)
    pl_line_view_take_snapshot (self);
  else if (pl_scene_get_sample (self->scene) == NULL)
    pl_line_view_take_snapshot (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
lookup_color (GtkStyleContext *context,
              const gchar     *name,
              GdkRGBA         *color)
{
  return gtk_style_context_lookup_color (context, name, color);
}

/**
 * pl_line_view_get_style:
 * @self: a #PlLineView
 * @style: (out): the colours the view paints with
 *
 * Follows the widget's style, dark or light, so exports of the window
 * look like the window.
 */
void
pl_line_view_get_style (PlLineView   *self,
                        PlSceneStyle *style)
{
  GtkStyleContext *context;
  GdkRGBA fg;
  GdkRGBA bg;
  gboolean dark;

  g_return_if_fail (PL_IS_LINE_VIEW (self));
  g_return_if_fail (style != NULL);

  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gtk_style_context_get_color (context, &fg);
  dark = (0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue) > 0.5;

  pl_scene_style_init (style, dark);
  style->foreground = (PlSceneColor) { fg.red, fg.green, fg.blue, 1.0 };
  if (lookup_color (context, "view_bg_color", &bg) ||
      lookup_color (context, "theme_base_color", &bg))
    style->background = (PlSceneColor) { bg.red, bg.green, bg.blue, 1.0 };
  style->animate = TRUE;
  style->text_scale = self->text_scale;
}

/* The static layer as nodes kept from frame to frame: the same nodes each
 * frame let GSK see that nothing under them changed, and cairo nodes whose
 * drawing is one paint of the kept image are composited as they are, where
 * a texture node would be downloaded and converted again by the software
 * renderer on every frame. The layer is cut into the moving layer's tiles:
 * the renderer draws a node whole wherever it meets the area that changed,
 * and one node for the whole layer was drawn for as much of the canvas as
 * lay between the frame's scattered changes. */
static GskRenderNode *
layer_node_from_surface (cairo_surface_t *surface,
                         gint             width,
                         gint             height,
                         gint             scale)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);
  const gint tile = MAX (1, PL_TILE_LAYER_TILE / scale);

  cairo_surface_flush (surface);
  for (gint y = 0; y < height; y += tile)
    for (gint x = 0; x < width; x += tile)
      {
        graphene_rect_t area = GRAPHENE_RECT_INIT (x, y, MIN (tile, width - x), MIN (tile, height - y));
        GskRenderNode *part = gsk_cairo_node_new (&area);
        cairo_t *cr = gsk_cairo_node_get_draw_context (part);

        cairo_set_source_surface (cr, surface, 0, 0);
        cairo_rectangle (cr, area.origin.x, area.origin.y, area.size.width, area.size.height);
        cairo_fill (cr);
        cairo_destroy (cr);
        g_ptr_array_add (tiles, part);
      }

  return gsk_container_node_new ((GskRenderNode **) tiles->pdata, tiles->len);
}

static void
pl_line_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  PlLineView *self = PL_LINE_VIEW (widget);
  gint width = gtk_widget_get_width (widget);
  gint height = gtk_widget_get_height (widget);
  gint scale = gtk_widget_get_scale_factor (widget);
  PlSceneStyle style;
  cairo_surface_t *layer;
  guint serial;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  pl_line_view_get_style (self, &style);
  style.raster_scale = scale;

  layer = pl_scene_render_static_layer (self->scene, self->cache, width, height, scale, &style, &serial);
  if (layer == NULL)
    {
      g_clear_pointer (&self->static_node, gsk_render_node_unref);
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      pl_scene_render (self->scene, self->cache, cr, width, height, &style);
      cairo_destroy (cr);
      return;
    }

  if (self->static_node == NULL || serial != self->static_serial)
    {
      g_clear_pointer (&self->static_node, gsk_render_node_unref);
      self->static_node = layer_node_from_surface (layer, width, height, scale);
      self->static_serial = serial;
    }
  gtk_snapshot_append_node (snapshot, self->static_node);

  if (self->dynamic_layer == NULL)
    self->dynamic_layer = pl_tile_layer_new ();
  cr = pl_tile_layer_begin (self->dynamic_layer, width, height, scale);
  /* The items too, as exports draw them: as nodes of their own, a full
   * line's 3000 items made GSK's changed area so ragged that it gave up
   * and repainted the whole line every few frames. */
  pl_scene_render_layers (self->scene, self->cache, cr, width, height, &style, PL_SCENE_LAYER_DYNAMIC);
  cairo_destroy (cr);
  pl_tile_layer_end (self->dynamic_layer);
  pl_tile_layer_append (self->dynamic_layer, snapshot);
}

static void
pl_line_view_map (GtkWidget *widget)
{
  PlLineView *self = PL_LINE_VIEW (widget);

  GTK_WIDGET_CLASS (pl_line_view_parent_class)->map (widget);

  /* The frame clock reads the monitor from now on. */
  if (self->monitor != NULL)
    pl_monitor_detach (self->monitor);
  pl_line_view_sync (self);
  pl_line_view_wake (self);
}

static void
pl_line_view_unmap (GtkWidget *widget)
{
  PlLineView *self = PL_LINE_VIEW (widget);

  /* Nobody looks at the line: stop drawing it. The monitor reads on its
   * own, for the charts and the other panels. */
  pl_line_view_stop_ticking (self);
  if (self->pipeline != NULL)
    pl_monitor_attach (self->monitor, NULL, HIDDEN_POLL_MS);

  GTK_WIDGET_CLASS (pl_line_view_parent_class)->unmap (widget);
}

static void
pl_line_view_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (pl_line_view_parent_class)->css_changed (widget, change);

  /* Light ↔ dark changes the colours the scene is painted with. */
  gtk_widget_queue_draw (widget);
}

static GtkSizeRequestMode
pl_line_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pl_line_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      gint            for_size,
                      gint           *minimum,
                      gint           *natural,
                      gint           *minimum_baseline,
                      gint           *natural_baseline)
{
  PlLineView *self = PL_LINE_VIEW (widget);
  PlSceneStyle style;
  gdouble needed;

  /* Narrow enough for a 1024-px window with the side panel and the code
   * panel beside it: the scene stacks its rows to fit. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PL_LINE_VIEW_MIN_WIDTH;
      *natural = 900;
      return;
    }

  /* The scene shrinks its text until the line fits, but never below a
   * size that reads from the back of a room: below that it asks for more
   * height, and the window scrolls. Larger text asks for more height too,
   * so that Ctrl+plus really makes text and items bigger on a projector. */
  for_size = for_size > 0 ? for_size : 900;
  if (for_size != self->measured_width)
    {
      pl_line_view_get_style (self, &style);
      needed = pl_scene_measure_height (self->scene, self->cache, for_size, &style);
      self->measured_width = for_size;
      self->measured_height = (gint) ceil (needed);
    }
  *minimum = MAX (240, self->measured_height);
  *natural = MAX (*minimum, 700);
  if (self->text_scale > 1.0)
    *natural = MAX (*natural, (gint) (700 * self->text_scale));
}

static void
pl_line_view_dispose (GObject *object)
{
  PlLineView *self = PL_LINE_VIEW (object);

  pl_line_view_stop_ticking (self);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      pl_monitor_detach (self->monitor);
    }
  g_clear_object (&self->monitor);
  self->pipeline = NULL;
  g_clear_handle_id (&self->describe_id, g_source_remove);
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  g_clear_pointer (&self->dynamic_layer, pl_tile_layer_free);

  G_OBJECT_CLASS (pl_line_view_parent_class)->dispose (object);
}

static void
pl_line_view_finalize (GObject *object)
{
  PlLineView *self = PL_LINE_VIEW (object);

  g_clear_object (&self->scene);
  g_clear_pointer (&self->cache, pl_scene_cache_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (pl_line_view_parent_class)->finalize (object);
}

static void
pl_line_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PlLineView *self = PL_LINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;

    case PROP_SCENE:
      g_value_set_object (value, self->scene);
      break;

    case PROP_TEXT_SCALE:
      g_value_set_double (value, self->text_scale);
      break;

    case PROP_TICKING:
      g_value_set_boolean (value, self->tick_id != 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_line_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PlLineView *self = PL_LINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      pl_line_view_set_monitor (self, g_value_get_object (value));
      break;

    case PROP_TEXT_SCALE:
      pl_line_view_set_text_scale (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A click on the canvas takes the keyboard focus away from whatever control
 * had it, so that the window's keys act on the line again. */
static void
pl_line_view_pressed_cb (GtkGestureClick *gesture,
                         gint             n_press,
                         gdouble          x,
                         gdouble          y,
                         gpointer         user_data)
{
  gtk_widget_grab_focus (GTK_WIDGET (user_data));
}

static void
pl_line_view_class_init (PlLineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_line_view_dispose;
  object_class->finalize = pl_line_view_finalize;
  object_class->get_property = pl_line_view_get_property;
  object_class->set_property = pl_line_view_set_property;

  widget_class->snapshot = pl_line_view_snapshot;
  widget_class->measure = pl_line_view_measure;
  widget_class->get_request_mode = pl_line_view_get_request_mode;
  widget_class->map = pl_line_view_map;
  widget_class->unmap = pl_line_view_unmap;
  widget_class->css_changed = pl_line_view_css_changed;

  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         PL_TYPE_MONITOR,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SCENE] =
    g_param_spec_object ("scene", NULL, NULL,
                         PL_TYPE_SCENE,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TEXT_SCALE] =
    g_param_spec_double ("text-scale", NULL, NULL,
                         0.5, 3.0, 1.0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TICKING] =
    g_param_spec_boolean ("ticking", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "pl-line-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pl_line_view_init (PlLineView *self)
{
  GtkGesture *click;

  self->scene = pl_scene_new ();
  self->cache = pl_scene_cache_new ();
  /* A longer title may take another line. */
  g_signal_connect_object (self->scene, "notify::title", G_CALLBACK (pl_line_view_reshaped),
                           self, G_CONNECT_SWAPPED);
  self->measured_width = -1;
  self->text_scale = 1.0;

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "pressed", G_CALLBACK (pl_line_view_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Assembly line"),
                                  -1);
}

GtkWidget *
pl_line_view_new (void)
{
  return g_object_new (PL_TYPE_LINE_VIEW, NULL);
}

/**
 * pl_line_view_get_pipeline:
 * @self: a #PlLineView
 *
 * Returns: (transfer none) (nullable): the pipeline shown: the monitor's
 */
PlPipeline *
pl_line_view_get_pipeline (PlLineView *self)
{
  g_return_val_if_fail (PL_IS_LINE_VIEW (self), NULL);

  return self->pipeline;
}

/**
 * pl_line_view_get_monitor:
 * @self: a #PlLineView
 *
 * Returns: (transfer none) (nullable): the monitor the view follows
 */
PlMonitor *
pl_line_view_get_monitor (PlLineView *self)
{
  g_return_val_if_fail (PL_IS_LINE_VIEW (self), NULL);

  return self->monitor;
}

/**
 * pl_line_view_set_monitor:
 * @self: a #PlLineView
 * @monitor: (nullable): the monitor of the pipeline to show
 *
 * The view reads @monitor from its frame clock while it is shown, and
 * attaches it to the main context while it is hidden, so that every other
 * subscriber still hears from it. The caller keeps @monitor detached
 * otherwise.
 */
void
pl_line_view_set_monitor (PlLineView *self,
                          PlMonitor  *monitor)
{
  g_return_if_fail (PL_IS_LINE_VIEW (self));
  g_return_if_fail (monitor == NULL || PL_IS_MONITOR (monitor));

  if (self->monitor == monitor)
    return;

  pl_line_view_stop_ticking (self);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      pl_monitor_detach (self->monitor);
    }
  g_set_object (&self->monitor, monitor);
  self->pipeline = monitor != NULL ? pl_monitor_get_pipeline (monitor) : NULL;
  pl_scene_reset (self->scene);

  if (monitor != NULL)
    {
      /* The window's subscribers connect after (G_CONNECT_AFTER): the
       * picture takes each sample first, and the panels follow it. */
      g_signal_connect_object (monitor, "sample", G_CALLBACK (pl_line_view_sample_cb), self, 0);
      g_signal_connect_object (monitor, "event", G_CALLBACK (pl_line_view_event_cb), self, 0);
    }

  if (self->pipeline != NULL)
    {
      if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
        pl_monitor_attach (monitor, NULL, HIDDEN_POLL_MS);
      pl_line_view_take_snapshot (self);
      pl_line_view_wake (self);
    }
  pl_line_view_describe (self, TRUE);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITOR]);
}

/**
 * pl_line_view_get_scene:
 * @self: a #PlLineView
 *
 * Returns: (transfer none): the scene the view draws
 */
PlScene *
pl_line_view_get_scene (PlLineView *self)
{
  g_return_val_if_fail (PL_IS_LINE_VIEW (self), NULL);

  return self->scene;
}

gdouble
pl_line_view_get_text_scale (PlLineView *self)
{
  g_return_val_if_fail (PL_IS_LINE_VIEW (self), 1.0);

  return self->text_scale;
}

void
pl_line_view_set_text_scale (PlLineView *self,
                             gdouble     text_scale)
{
  g_return_if_fail (PL_IS_LINE_VIEW (self));

  text_scale = CLAMP (text_scale, 0.5, 3.0);
  if (self->text_scale == text_scale)
    return;

  self->text_scale = text_scale;
  pl_line_view_reshaped (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SCALE]);
}

/**
 * pl_line_view_get_ticking:
 * @self: a #PlLineView
 *
 * Returns: %TRUE while the view follows the frame clock
 */
gboolean
pl_line_view_get_ticking (PlLineView *self)
{
  g_return_val_if_fail (PL_IS_LINE_VIEW (self), FALSE);

  return self->tick_id != 0;
}
