/* pl-memory-meter.c: the memory the line holds, the program's, and the items held
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A compact meter for the header bar. First the memory the line holds for
 * its items (each item held at its real size, and a queue slot for each
 * entry waiting), with a small trace of up to the last half minute, so a
 * backlog shows as memory climbing. The process's resident memory stands
 * beside it, labelled as such: it also holds the window and whatever the
 * allocator keeps, and need not follow the line. Last, the number of items
 * in the line (fed but not yet done) against the lesson's safety cap.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pl-format.h"
#include "pl-memory-meter.h"

#define TRACE_LENGTH       120
#define TRACE_INTERVAL_US  (250 * 1000)
/* The text is redrawn at most this often: samples come sixty times a
 * second, and nobody reads a header that changes faster. */
#define REDRAW_INTERVAL_US (250 * 1000)

struct _PlMemoryMeter
{
  GtkWidget parent_instance;

  gsize     rss;
  gsize     peak_rss;
  gsize     held_bytes;
  guint64   held;
  guint64   cap;
  gboolean  capped;
  gboolean  has_sample;

  /* The line's memory every quarter second, oldest first once full. */
  gdouble   trace[TRACE_LENGTH];
  guint     trace_head;
  guint     trace_length;
  gint64    trace_last_us;

  gint64    redrawn_us;
  guint     redraw_id;   /* a redraw due once the interval has passed */
};

G_DEFINE_FINAL_TYPE (PlMemoryMeter, pl_memory_meter, GTK_TYPE_WIDGET)

/* Sizes below a kilobyte as "360 B", not "360 bytes": as narrow as the rest. */
static gchar *
format_bytes (gsize bytes)
{
  if (bytes < 1000)
    /* Translators: a size in bytes, as short as "232.5 MB" */
    return g_strdup_printf (_("%u B"), (guint) bytes);

  return g_format_size (bytes);
}

static gchar *
make_held_text (PlMemoryMeter *self,
                gboolean       short_form)
{
  g_autofree gchar *held = short_form ? pl_format_count_short (self->held) : pl_format_count (self->held);
  g_autofree gchar *cap = NULL;

  if (self->cap == 0)
    return g_steal_pointer (&held);
  cap = short_form ? pl_format_count_short (self->cap) : pl_format_count (self->cap);

  return g_strdup_printf (_("%s of %s"), held, cap);
}

static gdouble
show_text (cairo_t       *cr,
           PangoLayout   *layout,
           const gchar   *text,
           gdouble        x,
           gdouble        cy,
           const GdkRGBA *color)
{
  gint width, height;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x, cy - height / 2.0);
  pango_cairo_show_layout (cr, layout);

  return width;
}

static gint
text_width (PangoLayout *layout,
            const gchar *text)
{
  gint width;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

/* The smallest the meter's letters get in a narrow header bar. */
#define MIN_SCALE 0.72
#define ROW1_GAPS (6 + 12 + 6)
#define ROW2_GAPS 6

static void
scale_font (PangoLayout *layout,
            gdouble      scale)
{
  const PangoFontDescription *current = pango_layout_get_font_description (layout);
  PangoFontDescription *font;

  if (current == NULL)
    current = pango_context_get_font_description (pango_layout_get_context (layout));
  font = pango_font_description_copy (current);
  if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (font, pango_font_description_get_size (font) * scale);
  else
    pango_font_description_set_size (font, (gint) (pango_font_description_get_size (font) * scale));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
}

static void
pl_memory_meter_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PlMemoryMeter *self = PL_MEMORY_METER (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  gint width = gtk_widget_get_width (widget);
  gint height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(PangoLayout) bold = NULL;
  g_autofree gchar *rss = NULL;
  g_autofree gchar *line = NULL;
  g_autofree gchar *held = NULL;
  PangoFontDescription *font;
  GdkRGBA fg, dim, track, fill;
  gdouble cy = height / 2.0, x = 0, trace_width = 64, trace_height = height * 0.62;
  gdouble top = 1, needed;
  gboolean show_trace, two_rows;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (context, &fg);
  dim = fg;
  dim.alpha = 0.65;
  track = fg;
  track.alpha = 0.14;

  text = gtk_widget_create_pango_layout (widget, NULL);
  bold = gtk_widget_create_pango_layout (widget, NULL);
  font = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (bold)));
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (bold, font);
  pango_font_description_free (font);

  rss = self->has_sample ? format_bytes (self->rss) : g_strdup ("–");
  line = self->has_sample ? format_bytes (self->held_bytes) : g_strdup ("–");
  held = pl_format_count (self->held);

  /* What does not fit goes: the trace. */
  {
    gint label_width, line_width, process_width, rss_width, held_width, value_width;
    g_autofree gchar *cap = pl_format_count (self->cap);
    g_autofree gchar *held_text = self->cap > 0 ? g_strdup_printf (_("%s of %s"), held, cap) : g_strdup (held);

    pango_layout_set_text (text, _("Line holds"), -1);
    pango_layout_get_pixel_size (text, &label_width, NULL);
    pango_layout_set_text (bold, line, -1);
    pango_layout_get_pixel_size (bold, &line_width, NULL);
    pango_layout_set_text (text, _("Process"), -1);
    pango_layout_get_pixel_size (text, &process_width, NULL);
    pango_layout_set_text (bold, rss, -1);
    pango_layout_get_pixel_size (bold, &rss_width, NULL);
    pango_layout_set_text (text, _("Held"), -1);
    pango_layout_get_pixel_size (text, &held_width, NULL);
    pango_layout_set_text (bold, held_text, -1);
    pango_layout_get_pixel_size (bold, &value_width, NULL);

    needed = label_width + 6 + trace_width + 6 + line_width + 16 + process_width + 6 + rss_width
             + 16 + held_width + 6 + value_width;
    show_trace = needed <= width;
    two_rows = needed - trace_width - 6 > width;
  }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Narrow, the memory goes on one row and the items held on another:
   * every number stays whole and labelled. */
  if (two_rows)
    {
      gdouble cy1 = height * 0.27, cy2 = height * 0.73;
      g_autofree gchar *held_text = make_held_text (self, FALSE);
      gint row1, row2;
      gdouble scale;

      /* The count in its short form (199.7k of 200.0k) before the letters
       * get any smaller. */
      if (text_width (text, _("Held")) + text_width (bold, held_text) + ROW2_GAPS > width)
        {
          g_free (held_text);
          held_text = make_held_text (self, TRUE);
        }

      /* Still too wide: smaller letters, down to a floor, rather than a
       * number cut off. */
      row1 = text_width (text, _("Line holds")) + text_width (bold, line)
             + text_width (text, _("Process")) + text_width (bold, rss);
      row2 = text_width (text, _("Held")) + text_width (bold, held_text);
      /* The gaps between the words keep their size. */
      scale = MIN ((width - ROW1_GAPS) / (gdouble) row1, (width - ROW2_GAPS) / (gdouble) row2);
      scale = CLAMP (scale, MIN_SCALE, 1.0);
      if (scale < 1.0)
        {
          scale_font (text, scale);
          scale_font (bold, scale);
        }

      x += show_text (cr, text, _("Line holds"), x, cy1, &dim) + 6;
      x += show_text (cr, bold, line, x, cy1, &fg) + 12;
      x += show_text (cr, text, _("Process"), x, cy1, &dim) + 6;
      show_text (cr, bold, rss, x, cy1, &fg);

      x = 0;
      x += show_text (cr, text, _("Held"), x, cy2, &dim) + 6;
      x += show_text (cr, bold, held_text, x, cy2, &fg) + 8;
      if (self->cap > 0 && width - x > 12)
        {
          gdouble fraction = MIN (1.0, (gdouble) self->held / (gdouble) self->cap);
          gdouble bar_width = MIN (80, width - x - 2);

          fill = self->capped ? (GdkRGBA) { 0.88, 0.11, 0.14, 1 }
                 : fraction > 0.75 ? (GdkRGBA) { 0.90, 0.62, 0.0, 1 }
                 : (GdkRGBA) { 0.21, 0.52, 0.89, 1 };
          cairo_rectangle (cr, x, cy2 - 2, bar_width, 4);
          gdk_cairo_set_source_rgba (cr, &track);
          cairo_fill (cr);
          cairo_rectangle (cr, x, cy2 - 2, bar_width * fraction, 4);
          gdk_cairo_set_source_rgba (cr, &fill);
          cairo_fill (cr);
        }

      cairo_destroy (cr);
      return;
    }

  /* Each number with what it measures: the labels never go. */
  x += show_text (cr, text, _("Line holds"), x, cy, &dim) + 6;

  /* The trace, from zero, so flat memory looks flat. */
  for (guint i = 0; i < self->trace_length; i++)
    top = MAX (top, self->trace[i]);
  top *= 1.15;
  if (show_trace)
    {
      cairo_rectangle (cr, x, cy + trace_height / 2 - 1, trace_width, 1);
      gdk_cairo_set_source_rgba (cr, &track);
      cairo_fill (cr);
    }
  if (show_trace && self->trace_length > 1)
    {
      /* Until the half minute is full, what there is fills the width. */
      gdouble step = trace_width / (self->trace_length - 1);
      gdouble x0 = x;
      GdkRGBA area = fg;

      for (guint i = 0; i < self->trace_length; i++)
        {
          gdouble value = self->trace[(self->trace_head + i) % TRACE_LENGTH];
          gdouble py = cy + trace_height / 2 - value / top * trace_height;

          if (i == 0)
            cairo_move_to (cr, x0, py);
          else
            cairo_line_to (cr, x0 + step * i, py);
        }
      cairo_set_line_width (cr, 1.5);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_stroke_preserve (cr);
      cairo_line_to (cr, x + trace_width, cy + trace_height / 2);
      cairo_line_to (cr, x0, cy + trace_height / 2);
      cairo_close_path (cr);
      area.alpha = 0.14;
      gdk_cairo_set_source_rgba (cr, &area);
      cairo_fill (cr);
    }
  if (show_trace)
    x += trace_width + 6;

  x += show_text (cr, bold, line, x, cy, &fg) + 16;
  x += show_text (cr, text, _("Process"), x, cy, &dim) + 6;
  x += show_text (cr, bold, rss, x, cy, &fg) + 16;

  /* Items in the line against the cap. */
  x += show_text (cr, text, _("Held"), x, cy, &dim) + 6;
  if (self->cap > 0)
    {
      g_autofree gchar *cap = pl_format_count (self->cap);
      g_autofree gchar *label = g_strdup_printf (_("%s of %s"), held, cap);
      gdouble fraction = MIN (1.0, (gdouble) self->held / (gdouble) self->cap);
      gint label_width, label_height;
      gdouble bar_width;

      pango_layout_set_text (bold, label, -1);
      pango_layout_get_pixel_size (bold, &label_width, &label_height);
      bar_width = MAX (label_width, MIN (140, width - x - 2));

      if (self->capped)
        fill = (GdkRGBA) { 0.88, 0.11, 0.14, 1 };
      else if (fraction > 0.75)
        fill = (GdkRGBA) { 0.90, 0.62, 0.0, 1 };
      else
        fill = (GdkRGBA) { 0.21, 0.52, 0.89, 1 };

      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, x, cy - label_height / 2.0 - 3);
      pango_cairo_show_layout (cr, bold);

      cairo_rectangle (cr, x, cy + label_height / 2.0 - 1, bar_width, 4);
      gdk_cairo_set_source_rgba (cr, &track);
      cairo_fill (cr);
      cairo_rectangle (cr, x, cy + label_height / 2.0 - 1, bar_width * fraction, 4);
      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_fill (cr);
    }
  else
    {
      show_text (cr, bold, held, x, cy, &fg);
    }

  cairo_destroy (cr);
}

static void
pl_memory_meter_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         gint            for_size,
                         gint           *minimum,
                         gint           *natural,
                         gint           *minimum_baseline,
                         gint           *natural_baseline)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  g_autoptr(PangoLayout) bold = gtk_widget_create_pango_layout (widget, NULL);
  PangoFontDescription *font;
  gint line_height;
  gint row1, row2;

  font = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (bold)));
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (bold, font);
  pango_font_description_free (font);

  /* Two rows at the least (see the snapshot), with the count of items in
   * its short form; one row with the trace at best. Every figure at full
   * size: the widest a size or a count can be drawn. */
  {
    g_autofree gchar *widest_size = g_format_size (999900);
    g_autofree gchar *bytes = g_strdup_printf (_("%u B"), 999);
    g_autofree gchar *short_held = g_strdup_printf (_("%s of %s"), "000.0k", "000.0k");
    g_autofree gchar *full_held = g_strdup_printf (_("%s of %s"), "000\u2009000", "000\u2009000");
    gint size_width = MAX (text_width (bold, widest_size), text_width (bold, bytes));

    size_width = MAX (size_width, text_width (bold, "000.0 MB"));
    row1 = text_width (layout, _("Line holds")) + size_width + text_width (layout, _("Process")) + size_width;
    row2 = text_width (layout, _("Held")) + text_width (bold, short_held);
    if (orientation == GTK_ORIENTATION_HORIZONTAL)
      {
        *minimum = MAX (row1 + ROW1_GAPS, row2 + ROW2_GAPS);
        *natural = row1 + ROW1_GAPS + 16 + text_width (layout, _("Held")) + text_width (bold, full_held)
                   + ROW2_GAPS + 64 + 6;
      }
  }
  pango_layout_get_pixel_size (layout, NULL, &line_height);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = line_height * 2;
      *natural = line_height * 2 + 4;
    }
}

static void
pl_memory_meter_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (pl_memory_meter_parent_class)->css_changed (widget, change);

  gtk_widget_queue_draw (widget);
}

static void
pl_memory_meter_dispose (GObject *object)
{
  PlMemoryMeter *self = PL_MEMORY_METER (object);

  g_clear_handle_id (&self->redraw_id, g_source_remove);

  G_OBJECT_CLASS (pl_memory_meter_parent_class)->dispose (object);
}

static void
pl_memory_meter_class_init (PlMemoryMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_memory_meter_dispose;

  widget_class->snapshot = pl_memory_meter_snapshot;
  widget_class->measure = pl_memory_meter_measure;
  widget_class->css_changed = pl_memory_meter_css_changed;

  gtk_widget_class_set_css_name (widget_class, "pl-memory-meter");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pl_memory_meter_init (PlMemoryMeter *self)
{
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Line holds: the memory the line holds for its items, each item held at "
                                 "its real size and a queue slot for each entry waiting, over the last half "
                                 "minute. Process: the resident memory of the whole program, the window "
                                 "included. Held: the items in the line (fed but not yet done). Every item "
                                 "held costs memory; a lesson with a safety cap stops feeding when the cap "
                                 "is reached"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Memory and items held"),
                                  -1);
}

GtkWidget *
pl_memory_meter_new (void)
{
  return g_object_new (PL_TYPE_MEMORY_METER, NULL);
}

static gboolean
redraw_cb (gpointer user_data)
{
  PlMemoryMeter *self = PL_MEMORY_METER (user_data);

  self->redraw_id = 0;
  self->redrawn_us = g_get_monotonic_time ();
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

/* Redraws now, or once REDRAW_INTERVAL_US has passed since the last time:
 * the newest values are drawn either way. */
static void
queue_redraw (PlMemoryMeter *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 since = now - self->redrawn_us;

  if (self->redraw_id != 0)
    return;

  if (since >= REDRAW_INTERVAL_US)
    {
      self->redrawn_us = now;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else
    {
      self->redraw_id = g_timeout_add ((guint) ((REDRAW_INTERVAL_US - since) / 1000) + 1, redraw_cb, self);
    }
}

/**
 * pl_memory_meter_push_sample:
 * @self: a #PlMemoryMeter
 * @sample: the latest sample
 */
void
pl_memory_meter_push_sample (PlMemoryMeter  *self,
                             const PlSample *sample)
{
  gboolean changed;

  g_return_if_fail (PL_IS_MEMORY_METER (self));
  g_return_if_fail (sample != NULL);

  /* The text shows RSS to a tenth of a megabyte or so; redraw when what
   * is shown changes, not for every sample. */
  changed = !self->has_sample
            || self->rss / (100 * 1000) != sample->rss_bytes / (100 * 1000)
            || self->held_bytes != sample->held_bytes
            || self->held != sample->held
            || self->cap != sample->max_held
            || self->capped != sample->held_cap_reached;

  self->has_sample = TRUE;
  self->rss = sample->rss_bytes;
  self->peak_rss = MAX (self->peak_rss, sample->rss_bytes);
  self->held_bytes = sample->held_bytes;
  self->held = sample->held;
  self->cap = sample->max_held;
  self->capped = sample->held_cap_reached;

  if (self->trace_length == 0 || sample->time_us - self->trace_last_us >= TRACE_INTERVAL_US)
    {
      if (self->trace_length < TRACE_LENGTH)
        {
          self->trace[(self->trace_head + self->trace_length) % TRACE_LENGTH] = sample->held_bytes;
          self->trace_length++;
        }
      else
        {
          self->trace[self->trace_head] = sample->held_bytes;
          self->trace_head = (self->trace_head + 1) % TRACE_LENGTH;
        }
      self->trace_last_us = sample->time_us;
      changed = TRUE;
    }

  if (changed)
    queue_redraw (self);
}

/**
 * pl_memory_meter_reset:
 * @self: a #PlMemoryMeter
 *
 * For a new pipeline: the counts and the trace of the line's memory start again.
 */
void
pl_memory_meter_reset (PlMemoryMeter *self)
{
  g_return_if_fail (PL_IS_MEMORY_METER (self));

  self->held = 0;
  self->held_bytes = 0;
  self->trace_length = 0;
  self->trace_head = 0;
  self->capped = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gsize
pl_memory_meter_get_rss (PlMemoryMeter *self)
{
  g_return_val_if_fail (PL_IS_MEMORY_METER (self), 0);

  return self->rss;
}

gsize
pl_memory_meter_get_held_bytes (PlMemoryMeter *self)
{
  g_return_val_if_fail (PL_IS_MEMORY_METER (self), 0);

  return self->held_bytes;
}

gsize
pl_memory_meter_get_peak_rss (PlMemoryMeter *self)
{
  g_return_val_if_fail (PL_IS_MEMORY_METER (self), 0);

  return self->peak_rss;
}

guint64
pl_memory_meter_get_held (PlMemoryMeter *self)
{
  g_return_val_if_fail (PL_IS_MEMORY_METER (self), 0);

  return self->held;
}

guint64
pl_memory_meter_get_cap (PlMemoryMeter *self)
{
  g_return_val_if_fail (PL_IS_MEMORY_METER (self), 0);

  return self->cap;
}

gboolean
pl_memory_meter_get_capped (PlMemoryMeter *self)
{
  g_return_val_if_fail (PL_IS_MEMORY_METER (self), FALSE);

  return self->capped;
}
