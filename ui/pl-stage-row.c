/* pl-stage-row.c: the live settings of one stage and its input queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change goes straight to the running pipeline, which applies it
 * between items: nothing restarts.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pl-log-scale.h"
#include "pl-mnemonic.h"
#include "pl-stage-row.h"

/* The capacity slider runs 1 … 64, and one step further means unbounded. */
#define CAPACITY_SLIDER_MAX 64
#define CAPACITY_UNBOUNDED  (CAPACITY_SLIDER_MAX + 1)

struct _PlStageRow
{
  GtkBox       parent_instance;

  PlPipeline  *pipeline;
  guint        stage;
  gboolean     syncing;

  GtkLabel    *title_label;
  GtkScale    *delay_scale;
  GtkDropDown *distribution_dropdown;
  GtkSpinButton *workers_spin;
  GtkScale    *capacity_scale;
};

G_DEFINE_FINAL_TYPE (PlStageRow, pl_stage_row, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_PIPELINE,
  PROP_STAGE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
pl_stage_row_apply_delay (PlStageRow *self)
{
  gdouble ms = pl_log_scale_to_ms (gtk_range_get_value (GTK_RANGE (self->delay_scale)),
                                   PL_MAX_DELAY_MS);
  PlDistribution distribution = gtk_drop_down_get_selected (self->distribution_dropdown);

  pl_pipeline_set_stage_delay (self->pipeline, self->stage, ms, distribution);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
delay_changed_cb (PlStageRow *self)
{
  if (!self->syncing)
    pl_stage_row_apply_delay (self);
}

static void
distribution_changed_cb (PlStageRow *self)
{
  if (!self->syncing)
    pl_stage_row_apply_delay (self);
}

static void
workers_changed_cb (PlStageRow *self)
{
  if (self->syncing)
    return;

  pl_pipeline_set_stage_workers (self->pipeline, self->stage,
                                 gtk_spin_button_get_value_as_int (self->workers_spin));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
capacity_changed_cb (PlStageRow *self)
{
  guint position;

  if (self->syncing)
    return;

  position = (guint)gtk_range_get_value (GTK_RANGE (self->capacity_scale));
  pl_pipeline_set_capacity (self->pipeline, self->stage,
                            position >= CAPACITY_UNBOUNDED ? 0 : position);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gchar *
format_capacity_cb (GtkScale *scale,
                    gdouble   value,
                    gpointer  user_data)
{
  if (value >= CAPACITY_UNBOUNDED)
    return g_strdup ("∞");

  return g_strdup_printf ("%.0f", value);
}

/* Shows the pipeline's live settings without sending them back to it. */
static void
pl_stage_row_sync (PlStageRow *self)
{
  PlConfig config;
  const PlStageConfig *stage;
  guint capacity;
  g_autofree gchar *title = NULL;

  pl_pipeline_get_config (self->pipeline, &config);
  g_return_if_fail (self->stage < config.n_stages);
  stage = &config.stages[self->stage];
  capacity = config.capacities[self->stage];

  self->syncing = TRUE;
  title = g_strdup_printf (_("Stage %u: %s"), self->stage + 1, stage->name);
  gtk_label_set_label (self->title_label, title);
  gtk_range_set_value (GTK_RANGE (self->delay_scale),
                       pl_log_scale_from_ms (stage->mean_ms, PL_MAX_DELAY_MS));
  gtk_drop_down_set_selected (self->distribution_dropdown, stage->distribution);
  gtk_spin_button_set_value (self->workers_spin, stage->workers);
  gtk_range_set_value (GTK_RANGE (self->capacity_scale),
                       capacity == 0 ? CAPACITY_UNBOUNDED : MIN (capacity, CAPACITY_SLIDER_MAX));
  self->syncing = FALSE;
}

static void
pl_stage_row_constructed (GObject *object)
{
  PlStageRow *self = PL_STAGE_ROW (object);

  G_OBJECT_CLASS (pl_stage_row_parent_class)->constructed (object);

  g_assert (self->pipeline != NULL);
  pl_stage_row_sync (self);
}

static void
pl_stage_row_dispose (GObject *object)
{
  PlStageRow *self = PL_STAGE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_STAGE_ROW);
  g_clear_object (&self->pipeline);

  G_OBJECT_CLASS (pl_stage_row_parent_class)->dispose (object);
}

static void
pl_stage_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PlStageRow *self = PL_STAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_PIPELINE:
      g_value_set_object (value, self->pipeline);
      break;

    case PROP_STAGE:
      g_value_set_uint (value, self->stage);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_stage_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PlStageRow *self = PL_STAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_PIPELINE:
      self->pipeline = g_value_dup_object (value);
      break;

    case PROP_STAGE:
      self->stage = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_stage_row_class_init (PlStageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pl_stage_row_constructed;
  object_class->dispose = pl_stage_row_dispose;
  object_class->get_property = pl_stage_row_get_property;
  object_class->set_property = pl_stage_row_set_property;

  properties[PROP_PIPELINE] =
    g_param_spec_object ("pipeline", NULL, NULL,
                         PL_TYPE_PIPELINE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_STAGE] =
    g_param_spec_uint ("stage", NULL, NULL,
                       0, PL_MAX_STAGES - 1, 0,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlStageRow::changed:
   *
   * Emitted after the row sent a new setting to the pipeline.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pipelinelab/PipelineLab/pl-stage-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PlStageRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlStageRow, delay_scale);
  gtk_widget_class_bind_template_child (widget_class, PlStageRow, distribution_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlStageRow, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, PlStageRow, capacity_scale);
  gtk_widget_class_bind_template_callback (widget_class, delay_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, distribution_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, workers_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, capacity_changed_cb);
  gtk_widget_class_set_css_name (widget_class, "pl-stage-row");
}

static void
pl_stage_row_init (PlStageRow *self)
{
  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  pl_log_scale_setup (self->delay_scale, PL_MAX_DELAY_MS);
  gtk_scale_set_format_value_func (self->capacity_scale, format_capacity_cb, NULL, NULL);
  /* The same words as the label beside it ("_Varies"). */
  pl_name_accessible (GTK_WIDGET (self->distribution_dropdown), _("_Varies"));
  self->syncing = FALSE;
}

GtkWidget *
pl_stage_row_new (PlPipeline *pipeline,
                  guint       stage)
{
  g_return_val_if_fail (PL_IS_PIPELINE (pipeline), NULL);
  g_return_val_if_fail (stage < PL_MAX_STAGES, NULL);

  return g_object_new (PL_TYPE_STAGE_ROW,
                       "pipeline", pipeline,
                       "stage", stage,
                       NULL);
}

/**
 * pl_stage_row_get_pipeline:
 * @self: a #PlStageRow
 *
 * Returns: (transfer none): the pipeline the row changes
 */
PlPipeline *
pl_stage_row_get_pipeline (PlStageRow *self)
{
  g_return_val_if_fail (PL_IS_STAGE_ROW (self), NULL);

  return self->pipeline;
}

guint
pl_stage_row_get_stage (PlStageRow *self)
{
  g_return_val_if_fail (PL_IS_STAGE_ROW (self), 0);

  return self->stage;
}
