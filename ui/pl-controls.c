/* pl-controls.c: the side panel of live settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pl-controls.h"
#include "pl-log-scale.h"
#include "pl-stage-row.h"

struct _PlControls
{
  GtkBox         parent_instance;

  PlPipeline    *pipeline;
  gboolean       syncing;

  GtkSpinButton *items_spin;
  GtkScale      *backoff_scale;
  GtkBox        *stages_box;
};

G_DEFINE_FINAL_TYPE (PlControls, pl_controls, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_PIPELINE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
items_changed_cb (PlControls *self)
{
  if (self->syncing || self->pipeline == NULL)
    return;

  pl_pipeline_set_items (self->pipeline, (guint64)gtk_spin_button_get_value (self->items_spin));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
backoff_changed_cb (PlControls *self)
{
  if (self->syncing || self->pipeline == NULL)
    return;

  pl_pipeline_set_backoff (self->pipeline,
                           pl_log_scale_to_ms (gtk_range_get_value (GTK_RANGE (self->backoff_scale)),
                                               PL_MAX_BACKOFF_MS));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
stage_row_changed_cb (PlControls *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
pl_controls_clear_stages (PlControls *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stages_box))) != NULL)
    gtk_box_remove (self->stages_box, child);
}

static void
pl_controls_rebuild (PlControls *self)
{
  PlConfig config;

  /* The lesson's own text is the window's lesson panel, above this one. */
  pl_controls_clear_stages (self);
  if (self->pipeline == NULL)
    return;

  pl_pipeline_get_config (self->pipeline, &config);

  self->syncing = TRUE;
  gtk_spin_button_set_value (self->items_spin, config.items);
  gtk_range_set_value (GTK_RANGE (self->backoff_scale),
                       pl_log_scale_from_ms (config.backoff_ms, PL_MAX_BACKOFF_MS));
  self->syncing = FALSE;

  for (guint s = 0; s < config.n_stages; s++)
    {
      GtkWidget *row = pl_stage_row_new (self->pipeline, s);

      g_signal_connect_object (row, "changed", G_CALLBACK (stage_row_changed_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (self->stages_box, row);
    }
}

static void
pl_controls_dispose (GObject *object)
{
  PlControls *self = PL_CONTROLS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_CONTROLS);
  g_clear_object (&self->pipeline);

  G_OBJECT_CLASS (pl_controls_parent_class)->dispose (object);
}

static void
pl_controls_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlControls *self = PL_CONTROLS (object);

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
pl_controls_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlControls *self = PL_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_PIPELINE:
      pl_controls_set_pipeline (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_controls_class_init (PlControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_controls_dispose;
  object_class->get_property = pl_controls_get_property;
  object_class->set_property = pl_controls_set_property;

  properties[PROP_PIPELINE] =
    g_param_spec_object ("pipeline", NULL, NULL,
                         PL_TYPE_PIPELINE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlControls::changed:
   *
   * Emitted after a control sent a new setting to the pipeline.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (PL_TYPE_STAGE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pipelinelab/PipelineLab/pl-controls.ui");
  gtk_widget_class_bind_template_child (widget_class, PlControls, items_spin);
  gtk_widget_class_bind_template_child (widget_class, PlControls, backoff_scale);
  gtk_widget_class_bind_template_child (widget_class, PlControls, stages_box);
  gtk_widget_class_bind_template_callback (widget_class, items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, backoff_changed_cb);
  gtk_widget_class_set_css_name (widget_class, "pl-controls");
}

static void
pl_controls_init (PlControls *self)
{
  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  pl_log_scale_setup (self->backoff_scale, PL_MAX_BACKOFF_MS);
  self->syncing = FALSE;
}

GtkWidget *
pl_controls_new (void)
{
  return g_object_new (PL_TYPE_CONTROLS, NULL);
}

/**
 * pl_controls_get_pipeline:
 * @self: a #PlControls
 *
 * Returns: (transfer none) (nullable): the pipeline the controls change
 */
PlPipeline *
pl_controls_get_pipeline (PlControls *self)
{
  g_return_val_if_fail (PL_IS_CONTROLS (self), NULL);

  return self->pipeline;
}

void
pl_controls_set_pipeline (PlControls *self,
                          PlPipeline *pipeline)
{
  g_return_if_fail (PL_IS_CONTROLS (self));
  g_return_if_fail (pipeline == NULL || PL_IS_PIPELINE (pipeline));

  if (!g_set_object (&self->pipeline, pipeline))
    return;

  pl_controls_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE]);
}
