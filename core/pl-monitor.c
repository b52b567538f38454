/* pl-monitor.c: the one reader of a pipeline's samples and events
 *
 * The engine's threads publish samples and events on a GAsyncQueue; only
 * a monitor pops them. It turns each into a typed signal on its own
 * thread, so the window, its panels and the headless report all read the
 * line the same way, and none of them touches another's copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-monitor.h"
#include "pl-pipeline-private.h"

struct _PlMonitor
{
  GObject      parent_instance;

  PlPipeline  *pipeline;
  PlSample    *last_sample;
  GSource     *source;
};

enum {
  PROP_0,
  PROP_PIPELINE,
  N_PROPS
};

enum {
  SAMPLE,
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PlMonitor, pl_monitor, G_TYPE_OBJECT)

static void
pl_monitor_dispose (GObject *object)
{
  PlMonitor *self = PL_MONITOR (object);

  pl_monitor_detach (self);
  g_clear_pointer (&self->last_sample, pl_sample_unref);
  g_clear_object (&self->pipeline);

  G_OBJECT_CLASS (pl_monitor_parent_class)->dispose (object);
}

static void
pl_monitor_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PlMonitor *self = PL_MONITOR (object);

  switch (prop_id)
    {
    case PROP_PIPELINE:
      g_value_set_object (value, self->pipeline);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_monitor_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PlMonitor *self = PL_MONITOR (object);

  switch (prop_id)
    {
    case PROP_PIPELINE:
      self->pipeline = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_monitor_class_init (PlMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pl_monitor_dispose;
  object_class->get_property = pl_monitor_get_property;
  object_class->set_property = pl_monitor_set_property;

  properties[PROP_PIPELINE] =
    g_param_spec_object ("pipeline", NULL, NULL,
                         PL_TYPE_PIPELINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAMPLE] =
    g_signal_new ("sample",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  PL_TYPE_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);

  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  PL_TYPE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
pl_monitor_init (PlMonitor *self)
{
}

/**
 * pl_monitor_new:
 * @pipeline: (nullable): the line to read, or %NULL for a monitor whose
 *   messages come from pl_monitor_emit_sample() and pl_monitor_emit_event()
 *
 * Returns: (transfer full): a monitor; nothing is read until it is
 *   attached to a main context or pl_monitor_dispatch() is called
 */
PlMonitor *
pl_monitor_new (PlPipeline *pipeline)
{
  g_return_val_if_fail (pipeline == NULL || PL_IS_PIPELINE (pipeline), NULL);

  return g_object_new (PL_TYPE_MONITOR, "pipeline", pipeline, NULL);
}

PlPipeline *
pl_monitor_get_pipeline (PlMonitor *self)
{
  g_return_val_if_fail (PL_IS_MONITOR (self), NULL);

  return self->pipeline;
}

/* A sample taken before the last one emitted (the sampler's, overtaken by
 * a snapshot emitted meanwhile) would roll every subscriber back. */
static gboolean
pl_monitor_is_stale (PlMonitor      *self,
                     const PlSample *sample)
{
  const PlSample *last = self->last_sample;

  return last != NULL
         && sample->n_queues == last->n_queues
         && sample->n_stages == last->n_stages
         && sample->time_us < last->time_us;
}

/**
 * pl_monitor_dispatch:
 * @self: a #PlMonitor
 * @max_messages: at most this many are emitted, so that a burst cannot
 *   hold the caller's thread for long
 *
 * Emits #PlMonitor::sample or #PlMonitor::event for each message waiting,
 * oldest first. A sample older than the last one emitted is dropped.
 *
 * Returns: how many messages were taken from the engine
 */
guint
pl_monitor_dispatch (PlMonitor *self,
                     guint      max_messages)
{
  GAsyncQueue *messages;
  guint n = 0;

  g_return_val_if_fail (PL_IS_MONITOR (self), 0);

  if (self->pipeline == NULL)
    return 0;

  messages = _pl_pipeline_get_messages (self->pipeline);
  g_object_ref (self);
  while (n < max_messages)
    {
      g_autoptr(PlMessage) message = g_async_queue_try_pop (messages);

      if (message == NULL)
        break;

      n++;
      if (message->kind == PL_MESSAGE_SAMPLE && message->sample != NULL)
        {
          if (!pl_monitor_is_stale (self, message->sample))
            pl_monitor_emit_sample (self, message->sample);
        }
      else if (message->kind == PL_MESSAGE_EVENT)
        pl_monitor_emit_event (self, &message->event);
    }
  g_object_unref (self);

  return n;
}

/**
 * pl_monitor_emit_sample:
 * @self: a #PlMonitor
 * @sample: a sample, live or recorded
 *
 * Emits #PlMonitor::sample, and keeps @sample as the last one.
 */
void
pl_monitor_emit_sample (PlMonitor *self,
                        PlSample  *sample)
{
  g_return_if_fail (PL_IS_MONITOR (self));
  g_return_if_fail (sample != NULL);

  pl_sample_ref (sample);
  g_clear_pointer (&self->last_sample, pl_sample_unref);
  self->last_sample = sample;
  g_signal_emit (self, signals[SAMPLE], 0, sample);
}

void
pl_monitor_emit_event (PlMonitor     *self,
                       const PlEvent *event)
{
  g_return_if_fail (PL_IS_MONITOR (self));
  g_return_if_fail (event != NULL);

  g_signal_emit (self, signals[EVENT], 0, event);
}

gboolean
pl_monitor_has_pending (PlMonitor *self)
{
  g_return_val_if_fail (PL_IS_MONITOR (self), FALSE);

  if (self->pipeline == NULL)
    return FALSE;

  return g_async_queue_length (_pl_pipeline_get_messages (self->pipeline)) > 0;
}

/**
 * pl_monitor_get_last_sample:
 * @self: a #PlMonitor
 *
 * Returns: (transfer none) (nullable): the last sample emitted
 */
PlSample *
pl_monitor_get_last_sample (PlMonitor *self)
{
  g_return_val_if_fail (PL_IS_MONITOR (self), NULL);

  return self->last_sample;
}

static gboolean
pl_monitor_source_cb (gpointer user_data)
{
  PlMonitor *self = PL_MONITOR (user_data);

  pl_monitor_dispatch (self, G_MAXUINT);

  return G_SOURCE_CONTINUE;
}

/**
 * pl_monitor_attach:
 * @self: a #PlMonitor
 * @context: (nullable): where to emit; %NULL for the default context
 * @interval_ms: how often to look for messages
 *
 * Dispatches from a timeout source on @context until
 * pl_monitor_detach() or the monitor's disposal. A widget that follows
 * the frame clock can call pl_monitor_dispatch() from its tick instead.
 */
void
pl_monitor_attach (PlMonitor    *self,
                   GMainContext *context,
                   guint         interval_ms)
{
  g_return_if_fail (PL_IS_MONITOR (self));
  g_return_if_fail (interval_ms > 0);

  pl_monitor_detach (self);
  self->source = g_timeout_source_new (interval_ms);
  g_source_set_static_name (self->source, "[pipeline-lab] monitor");
  g_source_set_callback (self->source, pl_monitor_source_cb, self, NULL);
  g_source_attach (self->source, context);
}

void
pl_monitor_detach (PlMonitor *self)
{
  g_return_if_fail (PL_IS_MONITOR (self));

  if (self->source == NULL)
    return;

  g_source_destroy (self->source);
  g_clear_pointer (&self->source, g_source_unref);
}
