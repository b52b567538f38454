/* pl-chart-view.c: queue depth, throughput and CPU over time, and Little's law
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget around the charts: it records each sample (PlChartRecord,
 * pl-chart.c) and draws the charts with the scene library's cairo code,
 * in the colour of its style. The charts keep the line's own threads
 * apart from the rest of the process, the window's drawing.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pl-chart-view.h"
#include "pl-text-log.h"

struct _PlChartView
{
  GtkWidget      parent_instance;

  gdouble        text_scale;
  PlChartRecord  record;

  /* What the last redraw showed, to redraw about once per slot. */
  gint64          drawn_elapsed_us;
  PlPipelineState drawn_state;
};

G_DEFINE_FINAL_TYPE (PlChartView, pl_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WHOLE_RUN,
  PROP_TEXT_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pl_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  PlChartView *self = PL_CHART_VIEW (widget);
  gint width = gtk_widget_get_width (widget);
  gint height = gtk_widget_get_height (widget);
  GdkRGBA fg;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pl_chart_draw (&self->record, cr, gtk_widget_get_pango_context (widget),
                 &(PlSceneColor) { fg.red, fg.green, fg.blue, fg.alpha },
                 width, height, self->text_scale);
  cairo_destroy (cr);
}

static GtkSizeRequestMode
pl_chart_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pl_chart_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       gint            for_size,
                       gint           *minimum,
                       gint           *natural,
                       gint           *minimum_baseline,
                       gint           *natural_baseline)
{
  PlChartView *self = PL_CHART_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 400;
      *natural = 960;
      return;
    }

  /* Two rows of charts need more height than one. The paned around the
   * charts gives them their minimum, so that is what counts. */
  if (for_size >= 0 && for_size < PL_CHART_ONE_ROW_WIDTH)
    {
      *minimum = 330;
      *natural = 400;
    }
  else
    {
      *minimum = 200;
      *natural = 260;
    }
  *minimum = (gint) (*minimum * MIN (self->text_scale, 1.5));
  *natural = (gint) (*natural * self->text_scale);

  /* Little's law at the smallest text: a line for every queue. */
  {
    gdouble line = PL_MIN_TEXT_PX * self->text_scale * 1.35;
    gdouble cell = line * pl_chart_littles_law_lines (self->record.n_stages) + 4;
    gint rows = for_size >= 0 && for_size < PL_CHART_ONE_ROW_WIDTH ? 2 : 1;

    *minimum = MAX (*minimum, (gint) ceil (rows * cell + 2 * 10 + (rows - 1) * 18));
    *natural = MAX (*natural, *minimum);
  }
}

static void
pl_chart_view_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (pl_chart_view_parent_class)->css_changed (widget, change);

  gtk_widget_queue_draw (widget);
}

static void
pl_chart_view_finalize (GObject *object)
{
  PlChartView *self = PL_CHART_VIEW (object);

  pl_chart_record_clear (&self->record);

  G_OBJECT_CLASS (pl_chart_view_parent_class)->finalize (object);
}

static void
pl_chart_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlChartView *self = PL_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_WHOLE_RUN:
      g_value_set_boolean (value, self->record.whole_run);
      break;

    case PROP_TEXT_SCALE:
      g_value_set_double (value, self->text_scale);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_chart_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlChartView *self = PL_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_WHOLE_RUN:
      pl_chart_view_set_whole_run (self, g_value_get_boolean (value));
      break;

    case PROP_TEXT_SCALE:
      pl_chart_view_set_text_scale (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_chart_view_class_init (PlChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pl_chart_view_finalize;
  object_class->get_property = pl_chart_view_get_property;
  object_class->set_property = pl_chart_view_set_property;

  widget_class->snapshot = pl_chart_view_snapshot;
  widget_class->get_request_mode = pl_chart_view_get_request_mode;
  widget_class->measure = pl_chart_view_measure;
  widget_class->css_changed = pl_chart_view_css_changed;

  properties[PROP_WHOLE_RUN] =
    g_param_spec_boolean ("whole-run", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_TEXT_SCALE] =
    g_param_spec_double ("text-scale", NULL, NULL,
                         0.5, 3.0, 1.0,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "pl-chart-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pl_chart_view_describe (PlChartView *self)
{
  const gchar *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (self));
  const gchar *legends = _("Queue depth: the items waiting in each queue. Throughput: the "
                           "items into the done queue per second, over the last 2 s, and "
                           "the run average. Processor time, in percent of one core: the line, "
                           "all its threads, drawn apart from the window’s drawing, so that "
                           "the window’s own cost never hides what the workers spend. "
                           "Little’s law: mean items waiting against arrivals per second "
                           "times mean wait, per queue.");
  g_autofree gchar *text = NULL;

  text = tooltip != NULL && tooltip[0] != '\0' ? g_strdup_printf ("%s %s", legends, tooltip)
                                               : g_strdup (legends);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
pl_chart_view_init (PlChartView *self)
{
  self->text_scale = 1.0;
  pl_chart_record_init (&self->record);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Charts of queue depth, throughput and processor time, and Little’s law per queue"),
                                  -1);
  /* What the legends say, for a listener who cannot see them. A tooltip
   * set later replaces the description, so it is said after the legends. */
  g_signal_connect (self, "notify::tooltip-text", G_CALLBACK (pl_chart_view_describe), NULL);
  pl_chart_view_describe (self);
}

GtkWidget *
pl_chart_view_new (void)
{
  return g_object_new (PL_TYPE_CHART_VIEW, NULL);
}

/**
 * pl_chart_view_push_sample:
 * @self: a #PlChartView
 * @sample: the next sample of the run
 *
 * Adds the sample to the history; the view keeps a reference to the
 * latest one for the Little's law readout.
 */
void
pl_chart_view_push_sample (PlChartView *self,
                           PlSample    *sample)
{
  PlChartRecordChange change;

  g_return_if_fail (PL_IS_CHART_VIEW (self));
  g_return_if_fail (sample != NULL);

  change = pl_chart_record_add (&self->record, sample);
  /* Little's law needs a row per queue. */
  if (change & PL_CHART_RECORD_RESIZED)
    gtk_widget_queue_resize (GTK_WIDGET (self));

  /* Before the start there is nothing to chart. */
  if (!(change & PL_CHART_RECORD_CHARTED))
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  /* The charts move a slot at a time: redrawing them for every sample
   * would cost far more than it shows. */
  if (sample->elapsed_us - self->drawn_elapsed_us >= PL_CHART_SLOT_US
      || sample->elapsed_us < self->drawn_elapsed_us
      || sample->state != self->drawn_state)
    {
      self->drawn_elapsed_us = sample->elapsed_us;
      self->drawn_state = sample->state;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/**
 * pl_chart_view_reset:
 * @self: a #PlChartView
 *
 * Forgets the run, for a new pipeline.
 */
void
pl_chart_view_reset (PlChartView *self)
{
  g_return_if_fail (PL_IS_CHART_VIEW (self));

  pl_chart_record_reset (&self->record);
  self->drawn_elapsed_us = 0;
  self->drawn_state = PL_PIPELINE_READY;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * pl_chart_view_get_history:
 * @self: a #PlChartView
 *
 * Returns: (transfer none) (nullable): the history, once a sample came
 */
PlHistory *
pl_chart_view_get_history (PlChartView *self)
{
  g_return_val_if_fail (PL_IS_CHART_VIEW (self), NULL);

  return self->record.history;
}

gboolean
pl_chart_view_get_whole_run (PlChartView *self)
{
  g_return_val_if_fail (PL_IS_CHART_VIEW (self), FALSE);

  return self->record.whole_run;
}

/**
 * pl_chart_view_set_whole_run:
 * @self: a #PlChartView
 * @whole_run: %TRUE for the whole run, %FALSE for the last 60 seconds
 */
void
pl_chart_view_set_whole_run (PlChartView *self,
                             gboolean     whole_run)
{
  g_return_if_fail (PL_IS_CHART_VIEW (self));

  whole_run = !!whole_run;
  if (self->record.whole_run == whole_run)
    return;

  self->record.whole_run = whole_run;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WHOLE_RUN]);
}

/**
 * pl_chart_view_set_text_scale:
 * @self: a #PlChartView
 * @text_scale: how much larger than normal to write, as Ctrl+plus asks
 */
void
pl_chart_view_set_text_scale (PlChartView *self,
                              gdouble      text_scale)
{
  g_return_if_fail (PL_IS_CHART_VIEW (self));

  text_scale = CLAMP (text_scale, 0.5, 3.0);
  if (self->text_scale == text_scale)
    return;

  self->text_scale = text_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SCALE]);
}

gdouble
pl_chart_view_get_shown_throughput (PlChartView *self)
{
  g_return_val_if_fail (PL_IS_CHART_VIEW (self), NAN);

  return pl_chart_record_get_shown_throughput (&self->record);
}

gdouble
pl_chart_view_get_shown_depth (PlChartView *self,
                               guint        queue)
{
  g_return_val_if_fail (PL_IS_CHART_VIEW (self), NAN);

  return pl_chart_record_get_shown_depth (&self->record, queue);
}
