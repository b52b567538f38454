/* pl-code-view.c: the Python each mode stands for, with every worker's line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each worker's marker is put on the line its state in the latest sample
 * maps to (pl-code-listing.c reads the listings and knows their lines), so
 * the panel shows what the threads are doing, not an animation of what
 * they might do. The widget lays the listing out to fit its size;
 * pl-code-painter.c draws the rows, the markers and the legend.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pl-code-painter.h"
#include "pl-code-view.h"
#include "pl-text-log.h"

struct _PlCodeView
{
  GtkWidget  parent_instance;

  gdouble    text_scale;

  PlMode     mode;
  gchar     *lesson;                /* the preset, "" for a pipeline of its own */
  PlEnding   ending;
  PlSample  *sample;
  GHashTable *listings;             /* resource name → Listing */
  guint64    drawn_signature;
};

G_DEFINE_FINAL_TYPE (PlCodeView, pl_code_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODE,
  PROP_TEXT_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  PlCodeListing *listing;
  gdouble        columns;           /* its widest line, 0 until measured */
} Listing;

static void
listing_free (gpointer data)
{
  Listing *entry = data;

  g_clear_pointer (&entry->listing, pl_code_listing_free);
  g_free (entry);
}

static gboolean
pl_code_view_shut_down (PlCodeView *self)
{
  return self->sample != NULL && self->sample->shut_down;
}

/* The name of the listing for the lesson in @mode, shut down or not. */
static const gchar *
listing_name (PlCodeView *self,
              PlMode      mode,
              gboolean    shut_down)
{
  return pl_code_listing_name (self->lesson, mode, self->ending, shut_down);
}

static Listing *
lookup_listing (PlCodeView  *self,
                const gchar *name)
{
  Listing *entry = g_hash_table_lookup (self->listings, name);

  if (entry == NULL)
    {
      entry = g_new0 (Listing, 1);
      entry->listing = pl_code_listing_load_named (name);
      g_hash_table_insert (self->listings, g_strdup (name), entry);
    }

  return entry;
}

static const gchar *
pl_code_view_get_listing_name (PlCodeView *self)
{
  return listing_name (self, self->mode, pl_code_view_shut_down (self));
}

static PlCodeListing *
pl_code_view_get_listing (PlCodeView *self)
{
  return lookup_listing (self, pl_code_view_get_listing_name (self))->listing;
}

/* Drawing */

static PangoLayout *
make_layout (PlCodeView  *self,
             const gchar *family,
             gdouble      size_px,
             gboolean     bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoFontDescription *font = pango_font_description_new ();

  if (family != NULL)
    pango_font_description_set_family (font, family);
  else
    {
      const PangoFontDescription *base = pango_context_get_font_description (pango_layout_get_context (layout));

      if (base != NULL)
        pango_font_description_merge (font, base, FALSE);
    }
  pango_font_description_set_absolute_size (font, size_px * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  return layout;
}

/* Rows besides the code: the title (1.5), a gap (0.4), and two legend
 * rows, with a little to spare. */
#define EXTRA_ROWS 4.0
#define LINE_SPACING 1.32
/* Rows close up to this before the panel asks for more height. */
#define MIN_LINE_SPACING 1.08

/* The widest line, in widths of a digit: measured, not counted, since a
 * translated comment may be in wide characters. */
static gdouble
listing_columns (PlCodeView    *self,
                 const gchar   *name)
{
  Listing *entry = lookup_listing (self, name);
  PlCodeListing *listing = entry->listing;

  if (listing == NULL)
    return 40;

  if (entry->columns == 0)
    {
      g_autoptr(PangoLayout) probe = make_layout (self, "Monospace", 100, FALSE);
      gdouble digit = pl_code_text_width (probe, "0123456789") / 10.0;
      gdouble widest = 0;

      for (guint line = 1; line <= pl_code_listing_get_n_lines (listing); line++)
        widest = MAX (widest, pl_code_text_width (probe, pl_code_listing_get_line (listing, line, NULL, NULL)));
      entry->columns = MAX (1.0, widest / digit);
    }

  return entry->columns;
}

/* The smallest text the panel draws, in pixels. */
static gdouble
smallest_font (PlCodeView *self)
{
  return PL_MIN_TEXT_PX * self->text_scale;
}

/* Which worker is on which line, from the latest sample: an array of
 * PlCodeMarker for each line that has any, from 1. */
static GArray **
collect_markers (PlCodeView    *self,
                 PlCodeListing *listing,
                 GArray        *off_listing)
{
  GArray **per_line = g_new0 (GArray *, pl_code_listing_get_n_lines (listing) + 1);
  const PlSample *sample = self->sample;

  if (sample == NULL)
    return per_line;

  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      {
        PlCodeMarker marker = { s, w };
        guint line = pl_code_view_get_worker_line (self, s, w);

        if (line == 0)
          {
            if (off_listing != NULL)
              g_array_append_val (off_listing, marker);
            continue;
          }
        if (per_line[line] == NULL)
          per_line[line] = g_array_new (FALSE, FALSE, sizeof (PlCodeMarker));
        g_array_append_val (per_line[line], marker);
      }

  return per_line;
}

static void
free_markers (GArray        **per_line,
              PlCodeListing  *listing)
{
  for (guint i = 0; i <= pl_code_listing_get_n_lines (listing); i++)
    if (per_line[i] != NULL)
      g_array_unref (per_line[i]);
  g_free (per_line);
}

/* The rows the legend needs beyond the two that EXTRA_ROWS keeps for it,
 * at the smallest size and `width`, as the snapshot lays them out. */
static gdouble
legend_extra_rows (PlCodeView    *self,
                   PlCodeListing *listing,
                   gint           width)
{
  gdouble size = smallest_font (self);
  g_autoptr(PangoLayout) small = NULL;
  g_autoptr(GArray) off_listing = NULL;
  gdouble rows;

  if (self->sample == NULL || self->sample->n_stages == 0 || width <= 0)
    return 0;

  small = make_layout (self, NULL, size, TRUE);
  off_listing = g_array_new (FALSE, FALSE, sizeof (PlCodeMarker));
  free_markers (collect_markers (self, listing, off_listing), listing);
  rows = pl_code_legend_rows (small, self->sample, off_listing->len, width,
                              size, size * MIN_LINE_SPACING);

  return MAX (0, rows - 2);
}

/* The width the listing takes drawn at `size`, as pl_code_view_snapshot()
 * lays it out: measured with the font as drawn, since hinting rounds each
 * character's advance and a long line adds that up. */
static gdouble
listing_pixel_width (PlCodeView    *self,
                     PlCodeListing *listing,
                     gdouble        size)
{
  g_autoptr(PangoLayout) code = make_layout (self, "Monospace", size, FALSE);
  gdouble widest = 0;

  for (guint line = 1; line <= pl_code_listing_get_n_lines (listing); line++)
    widest = MAX (widest, pl_code_text_width (code, pl_code_listing_get_line (listing, line, NULL, NULL)));

  /* The margin, the line numbers and their gap, the code, the margin. */
  return 10 + pl_code_text_width (code, "00") + size * 0.8 + widest + 10;
}

static gdouble
fit_font_size (PlCodeView *self,
               PlCodeListing *listing,
               gint        width,
               gint        height)
{
  g_autoptr(PangoLayout) probe = make_layout (self, "Monospace", 100, FALSE);
  gdouble char_width = pl_code_text_width (probe, "0123456789") / 10.0 / 100.0;
  gdouble rows = pl_code_listing_get_n_lines (listing) + EXTRA_ROWS + legend_extra_rows (self, listing, width);
  gdouble by_height = (height - 16) / (rows * LINE_SPACING);
  /* Line numbers and the code, in character widths. */
  gdouble columns = 3.5 + listing_columns (self, pl_code_view_get_listing_name (self));
  gdouble by_width = (width - 20) / (columns * char_width);
  g_autoptr(PangoLayout) heading = make_layout (self, NULL, 110, TRUE);
  gdouble heading_width = MAX (pl_code_text_width (heading, _("Python: the busy-wait Worker")),
                               pl_code_text_width (heading, _("Python: the blocking StoppableWorker"))) / 100.0;

  by_width = MIN (by_width, (width - 20) / heading_width);

  /* Never below what reads from the back of a room: the panel asks for
   * the room that takes (see pl_code_view_measure()). */
  return CLAMP (MIN (by_height, by_width), smallest_font (self), MAX (22.0, smallest_font (self)));
}

/* The size of the code and the height of its rows at @width × @height,
 * for the snapshot and for whoever asks where the rows are. */
static void
fit_rows (PlCodeView    *self,
          PlCodeListing *listing,
          gint           width,
          gint           height,
          gdouble       *size,
          gdouble       *row)
{
  *size = fit_font_size (self, listing, width, height);
  /* The estimate from a digit's width, checked against the lines as drawn. */
  while (*size > smallest_font (self) && listing_pixel_width (self, listing, *size) > width)
    *size = MAX (smallest_font (self), *size - 0.25);
  /* At the smallest size the rows close up a little before the listing
   * runs out of room. */
  *row = *size * CLAMP ((height - 16) / ((pl_code_listing_get_n_lines (listing) + EXTRA_ROWS
                                          + legend_extra_rows (self, listing, width)) * *size),
                        MIN_LINE_SPACING, LINE_SPACING);
}

static void
pl_code_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  PlCodeView *self = PL_CODE_VIEW (widget);
  PlCodeListing *listing = pl_code_view_get_listing (self);
  gint width = gtk_widget_get_width (widget);
  gint height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) code = NULL;
  g_autoptr(PangoLayout) small = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(GArray) off_listing = NULL;
  GArray **per_line;
  GdkRGBA fg;
  PlCodePainter p;
  gdouble size, row, x0, gutter, code_x, char_width, y, pill_height;
  cairo_t *cr;
  guint main_line, n_lines;

  if (listing == NULL || width <= 0 || height <= 0)
    return;

  fit_rows (self, listing, width, height, &size, &row);
  code = make_layout (self, "Monospace", size, FALSE);
  small = make_layout (self, NULL, MAX (size * 0.78, smallest_font (self)), TRUE);
  title = make_layout (self, NULL, size * 1.1, TRUE);
  /* Tall enough around its label, even where the rows close up. */
  pill_height = MAX (row * 0.86, MAX (size * 0.78, smallest_font (self)) * 1.3);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  pl_code_painter_init (&p, cr, &(PlSceneColor) { fg.red, fg.green, fg.blue, fg.alpha }, width, height);

  x0 = 10;
  y = 8;
  pango_layout_set_text (title, pl_code_listing_get_title (pl_code_view_get_listing_name (self)), -1);
  pl_palette_set_source (cr, &p.fg);
  cairo_move_to (cr, x0, y);
  pl_code_painter_show_layout (&p, title);
  y += row * 1.5;

  gutter = pl_code_text_width (code, "00") + size * 0.5;
  code_x = x0 + gutter + size * 0.3;
  char_width = pl_code_text_width (code, "0123456789") / 10.0;

  off_listing = g_array_new (FALSE, FALSE, sizeof (PlCodeMarker));
  per_line = collect_markers (self, listing, off_listing);
  main_line = pl_code_view_get_main_line (self);

  n_lines = pl_code_listing_get_n_lines (listing);
  for (guint i = 0; i < n_lines; i++)
    {
      const PlCodeSpan *spans;
      guint n_spans;
      const gchar *text = pl_code_listing_get_line (listing, i + 1, &spans, &n_spans);
      GArray *markers = per_line[i + 1];
      g_autofree gchar *number = g_strdup_printf ("%u", i + 1);
      gdouble cy = y + row / 2;

      if (markers != NULL || main_line == i + 1)
        {
          gdouble indent = char_width * strspn (text, " ");
          PlSceneColor tint;

          /* The line tint takes the colour of its first worker. */
          if (markers != NULL)
            pl_palette_stage_color (g_array_index (markers, PlCodeMarker, 0).stage, &tint);
          else
            tint = p.fg;
          tint.alpha = p.dark ? 0.28 : 0.22;
          pl_palette_set_source (cr, &tint);
          cairo_rectangle (cr, code_x + indent - size * 0.3, y, width - (code_x + indent - size * 0.3), row);
          cairo_fill (cr);

          pl_code_painter_draw_markers (&p, small, markers, main_line == i + 1,
                                        code_x + size * 0.2, code_x + indent - size * 0.4, cy, pill_height);
        }

      pl_palette_set_source (cr, &p.dim);
      cairo_move_to (cr, x0 + gutter - size * 0.5 - pl_code_text_width (code, number), y + (row - size * 1.2) / 2);
      pango_layout_set_text (code, number, -1);
      pl_code_painter_show_layout (&p, code);

      cairo_move_to (cr, code_x, y + (row - size * 1.2) / 2);
      pl_code_painter_draw_line_text (&p, code, text, spans, n_spans);

      y += row;
    }
  free_markers (per_line, listing);

  /* The legend: which colour is which stage, and who is on no line. */
  y += row * 0.4;
  if (self->sample != NULL && self->sample->n_stages > 0)
    pl_code_painter_draw_legend (&p, small, self->sample, off_listing,
                                 x0, y, width, row, size, pill_height);

  cairo_destroy (cr);
}

static void
pl_code_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      gint            for_size,
                      gint           *minimum,
                      gint           *natural,
                      gint           *minimum_baseline,
                      gint           *natural_baseline)
{
  PlCodeView *self = PL_CODE_VIEW (widget);
  g_autoptr(PangoLayout) probe = make_layout (self, "Monospace", 14, FALSE);
  gdouble char_width = pl_code_text_width (probe, "0123456789") / 10.0;
  gdouble chars = 40;
  gdouble widest = 0;
  guint lines = 30;

  /* The size of the largest listing the lesson can show, so that a switch
   * of mode or a shutdown does not move the canvas beside it. */
  for (guint mode = PL_MODE_BUSY_WAIT; mode <= PL_MODE_BLOCKING; mode++)
    for (guint shut_down = 0; shut_down <= 1; shut_down++)
      {
        const gchar *name = listing_name (self, mode, shut_down);
        PlCodeListing *listing = lookup_listing (self, name)->listing;

        if (listing != NULL)
          {
            widest = MAX (widest, listing_pixel_width (self, listing, smallest_font (self)));
            chars = MAX (chars, listing_columns (self, name));
            lines = MAX (lines, pl_code_listing_get_n_lines (listing));
          }
      }

  /* Larger text asks for a wider panel; the font then fits what it gets. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gdouble columns = 3.5 + chars;

      g_autoptr(PangoLayout) title = make_layout (self, NULL, smallest_font (self) * 1.1, TRUE);

      *minimum = (gint) ceil (MAX (columns * char_width * smallest_font (self) / 14.0 + 20, widest));
      /* The heading too, at the smallest size. */
      *minimum = MAX (*minimum, (gint) ceil (MAX (pl_code_text_width (title, _("Python: the busy-wait Worker")),
                                                  pl_code_text_width (title, _("Python: the blocking StoppableWorker")))) + 20);
      *natural = (gint) (columns * char_width * self->text_scale) + 20;
    }
  else
    {
      PlCodeListing *shown = pl_code_view_get_listing (self);
      gdouble extra = 0;

      /* The legend at the width given, or at the narrowest. */
      if (shown != NULL)
        {
          gint width = for_size, unused, unused_baseline;

          if (width < 0)
            pl_code_view_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &width, &unused,
                                  &unused_baseline, &unused_baseline);
          extra = legend_extra_rows (self, shown, width);
        }
      *minimum = (gint) ceil ((lines + EXTRA_ROWS + extra) * smallest_font (self) * MIN_LINE_SPACING) + 16;
      *natural = MAX (*minimum, (gint) ((lines + EXTRA_ROWS) * 14 * LINE_SPACING * self->text_scale) + 16);
    }
}

static void
pl_code_view_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  PlCodeView *self = PL_CODE_VIEW (widget);

  GTK_WIDGET_CLASS (pl_code_view_parent_class)->css_changed (widget, change);

  /* The font may have changed: measure the listings again. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->listings);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      ((Listing *) value)->columns = 0;
  }
  gtk_widget_queue_resize (widget);
}

static void
pl_code_view_finalize (GObject *object)
{
  PlCodeView *self = PL_CODE_VIEW (object);

  g_clear_pointer (&self->sample, pl_sample_unref);
  g_clear_pointer (&self->listings, g_hash_table_unref);
  g_clear_pointer (&self->lesson, g_free);

  G_OBJECT_CLASS (pl_code_view_parent_class)->finalize (object);
}

static void
pl_code_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PlCodeView *self = PL_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_string (value, pl_mode_to_string (self->mode));
      break;

    case PROP_TEXT_SCALE:
      g_value_set_double (value, self->text_scale);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_code_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PlCodeView *self = PL_CODE_VIEW (object);
  PlMode mode;

  switch (prop_id)
    {
    case PROP_MODE:
      if (pl_config_parse_mode (g_value_get_string (value), &mode))
        pl_code_view_set_mode (self, mode);
      break;

    case PROP_TEXT_SCALE:
      pl_code_view_set_text_scale (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_code_view_class_init (PlCodeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pl_code_view_finalize;
  object_class->get_property = pl_code_view_get_property;
  object_class->set_property = pl_code_view_set_property;

  widget_class->snapshot = pl_code_view_snapshot;
  widget_class->measure = pl_code_view_measure;
  widget_class->css_changed = pl_code_view_css_changed;

  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL,
                         "blocking",
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

  gtk_widget_class_set_css_name (widget_class, "pl-code-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pl_code_view_init (PlCodeView *self)
{
  self->text_scale = 1.0;
  self->mode = PL_MODE_BLOCKING;
  self->lesson = g_strdup ("");
  self->ending = PL_ENDING_CLOSE;
  self->listings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, listing_free);

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Python code of the current mode, with each worker’s line"),
                                  -1);
}

GtkWidget *
pl_code_view_new (void)
{
  return g_object_new (PL_TYPE_CODE_VIEW, NULL);
}

PlMode
pl_code_view_get_mode (PlCodeView *self)
{
  g_return_val_if_fail (PL_IS_CODE_VIEW (self), PL_MODE_BLOCKING);

  return self->mode;
}

/**
 * pl_code_view_set_mode:
 * @self: a #PlCodeView
 * @mode: the mode whose listing to show
 *
 * Samples set the mode too; this is for the time before the first one.
 */
void
pl_code_view_set_mode (PlCodeView *self,
                       PlMode      mode)
{
  g_return_if_fail (PL_IS_CODE_VIEW (self));

  if (self->mode == mode)
    return;

  self->mode = mode;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

/**
 * pl_code_view_set_lesson:
 * @self: a #PlCodeView
 * @lesson: (nullable): the preset the line was opened from, "" or %NULL
 *   for a pipeline of its own
 * @ending: how that line ends once its input is closed
 *
 * Chooses the lesson's own listing, the program that the line runs.
 */
void
pl_code_view_set_lesson (PlCodeView  *self,
                         const gchar *lesson,
                         PlEnding     ending)
{
  g_return_if_fail (PL_IS_CODE_VIEW (self));

  if (lesson == NULL)
    lesson = "";
  if (g_str_equal (self->lesson, lesson) && self->ending == ending)
    return;

  g_free (self->lesson);
  self->lesson = g_strdup (lesson);
  self->ending = ending;
  self->drawn_signature = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * pl_code_view_get_listing_title:
 * @self: a #PlCodeView
 *
 * Returns: the heading of the listing shown, which names its program
 */
const gchar *
pl_code_view_get_listing_title (PlCodeView *self)
{
  g_return_val_if_fail (PL_IS_CODE_VIEW (self), NULL);

  return pl_code_listing_get_title (pl_code_view_get_listing_name (self));
}

/* A hash of everything the picture shows that samples change: the mode,
 * the workers and their states, the main thread's line, the stage names. */
static guint64
pl_code_view_signature (PlCodeView *self)
{
  const PlSample *sample = self->sample;
  guint64 hash = 14695981039346656037ull;

#define MIX(value) (hash = (hash ^ (guint64) (value)) * 1099511628211ull)
  MIX (self->mode);
  MIX (sample->shut_down);
  MIX (pl_code_view_get_main_line (self));
  MIX (sample->n_stages);
  for (guint s = 0; s < sample->n_stages; s++)
    {
      MIX (g_str_hash (sample->stages[s].name));
      MIX (sample->stages[s].n_workers);
      for (guint w = 0; w < sample->stages[s].n_workers; w++)
        MIX (sample->stages[s].workers[w].state);
    }
#undef MIX

  return hash;
}

/**
 * pl_code_view_set_sample:
 * @self: a #PlCodeView
 * @sample: the latest sample; the view keeps a reference
 *
 * Shows the listing of the sample's mode with every worker on its line.
 */
void
pl_code_view_set_sample (PlCodeView *self,
                         PlSample   *sample)
{
  guint64 signature;

  g_return_if_fail (PL_IS_CODE_VIEW (self));
  g_return_if_fail (sample != NULL);

  if (sample != self->sample)
    {
      g_clear_pointer (&self->sample, pl_sample_unref);
      self->sample = pl_sample_ref (sample);
    }
  pl_code_view_set_mode (self, sample->mode);

  /* Most samples leave every marker where it was: draw only on a move. */
  signature = pl_code_view_signature (self);
  if (signature != self->drawn_signature)
    {
      self->drawn_signature = signature;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/**
 * pl_code_view_get_marked_rows:
 * @self: a #PlCodeView
 * @top: (out): the top of the first line with a marker, in pixels
 * @bottom: (out): the bottom of the last line with a marker
 *
 * Where the lines that threads are on are drawn, at the view's current
 * size, so that a scrolled panel can keep them in view.
 *
 * Returns: whether any line has a marker
 */
gboolean
pl_code_view_get_marked_rows (PlCodeView *self,
                              gdouble    *top,
                              gdouble    *bottom)
{
  PlCodeListing *listing;
  gint width, height;
  guint first = 0, last = 0, main_line, n_lines;
  GArray **per_line;
  gdouble size, row, y0;

  g_return_val_if_fail (PL_IS_CODE_VIEW (self), FALSE);
  g_return_val_if_fail (top != NULL && bottom != NULL, FALSE);

  listing = pl_code_view_get_listing (self);
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (listing == NULL || width <= 0 || height <= 0)
    return FALSE;

  n_lines = pl_code_listing_get_n_lines (listing);
  per_line = collect_markers (self, listing, NULL);
  main_line = pl_code_view_get_main_line (self);
  for (guint i = 1; i <= n_lines; i++)
    {
      if (per_line[i] == NULL && main_line != i)
        continue;
      if (first == 0)
        first = i;
      last = i;
    }
  free_markers (per_line, listing);
  if (first == 0)
    return FALSE;

  /* As pl_code_view_snapshot() lays the rows out (fit_rows()). */
  fit_rows (self, listing, width, height, &size, &row);
  y0 = 8 + row * 1.5;
  *top = y0 + row * (first - 1);
  *bottom = y0 + row * last;

  return TRUE;
}

/**
 * pl_code_view_clear:
 * @self: a #PlCodeView
 *
 * Forgets the sample, for a new pipeline: no worker is shown until the next.
 */
void
pl_code_view_clear (PlCodeView *self)
{
  g_return_if_fail (PL_IS_CODE_VIEW (self));

  g_clear_pointer (&self->sample, pl_sample_unref);
  self->drawn_signature = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
pl_code_view_get_n_lines (PlCodeView *self)
{
  PlCodeListing *listing;

  g_return_val_if_fail (PL_IS_CODE_VIEW (self), 0);

  listing = pl_code_view_get_listing (self);

  return listing != NULL ? pl_code_listing_get_n_lines (listing) : 0;
}

/**
 * pl_code_view_get_line_text:
 * @self: a #PlCodeView
 * @line: a line number, from 1
 *
 * Returns: (nullable): the text of that line of the shown listing
 */
const gchar *
pl_code_view_get_line_text (PlCodeView *self,
                            guint       line)
{
  PlCodeListing *listing;

  g_return_val_if_fail (PL_IS_CODE_VIEW (self), NULL);

  listing = pl_code_view_get_listing (self);
  if (listing == NULL)
    return NULL;

  return pl_code_listing_get_line (listing, line, NULL, NULL);
}

/**
 * pl_code_view_get_mark_line:
 * @self: a #PlCodeView
 * @mark: a mark
 *
 * Returns: the line of the shown listing with that mark, from 1, or 0
 */
guint
pl_code_view_get_mark_line (PlCodeView *self,
                            PlCodeMark  mark)
{
  PlCodeListing *listing;

  g_return_val_if_fail (PL_IS_CODE_VIEW (self), 0);
  g_return_val_if_fail (mark < PL_CODE_N_MARKS, 0);

  listing = pl_code_view_get_listing (self);

  return listing != NULL ? pl_code_listing_get_mark_line (listing, mark) : 0;
}

/**
 * pl_code_view_get_worker_line:
 * @self: a #PlCodeView
 * @stage: a stage index
 * @worker: a worker index in that stage
 *
 * Returns: the line the worker's marker is on, from 1, or 0 when it is on
 *   none (no sample yet, no such worker, or a state with no line)
 */
guint
pl_code_view_get_worker_line (PlCodeView *self,
                              guint       stage,
                              guint       worker)
{
  const PlSample *sample;
  PlCodeMark mark;

  g_return_val_if_fail (PL_IS_CODE_VIEW (self), 0);

  sample = self->sample;
  if (sample == NULL || stage >= sample->n_stages || worker >= sample->stages[stage].n_workers)
    return 0;

  mark = pl_code_mark_for_worker (self->mode, sample->stages[stage].workers[worker].state,
                                  sample->shut_down);

  return pl_code_view_get_mark_line (self, mark);
}

/**
 * pl_code_view_get_main_line:
 * @self: a #PlCodeView
 *
 * Where the main thread is while the line closes: see
 * pl_code_mark_for_main_thread().
 *
 * Returns: the main thread's line, from 1, or 0 when it is on none shown
 */
guint
pl_code_view_get_main_line (PlCodeView *self)
{
  g_return_val_if_fail (PL_IS_CODE_VIEW (self), 0);

  return pl_code_view_get_mark_line (self, pl_code_mark_for_main_thread (self->mode, self->ending,
                                                                          self->sample));
}

/**
 * pl_code_view_set_text_scale:
 * @self: a #PlCodeView
 * @text_scale: how much larger than normal to write, as Ctrl+plus asks
 */
void
pl_code_view_set_text_scale (PlCodeView *self,
                             gdouble     text_scale)
{
  g_return_if_fail (PL_IS_CODE_VIEW (self));

  text_scale = CLAMP (text_scale, 0.5, 3.0);
  if (self->text_scale == text_scale)
    return;

  self->text_scale = text_scale;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SCALE]);
}
