/* test-chart-drawing.c: the charts draw what the record holds, with no GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts are drawn into an image with cairo and pango alone, as the
 * scene library draws them for the window, and read back: each series
 * in its stage's colour at the height its value asks for.
 */

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "pl-chart.h"
#include "pl-palette.h"
#include "pl-test-history.h"
#include "pl-test-pixels.h"
#include "pl-text-log.h"

#define SAMPLE_US 16667
/* Wide enough for one row of four: (1280 - 2 × 10 - 3 × 18) / 4 each. */
#define WIDTH     1280
#define HEIGHT    300
#define CELL_X(i) (10 + (i) * (301.5 + 18))
#define CELL_W    301

/* Draws the charts on white, in black, as a light window does. */
static cairo_surface_t *
draw_charts (const PlChartRecord *record,
             GPtrArray          **text_runs)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  PangoFontDescription *font = pango_font_description_from_string ("Sans 10");
  PlSceneColor black = { 0, 0, 0, 1 };

  pango_context_set_font_description (context, font);
  pango_font_description_free (font);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  pl_text_log_start ();
  pl_chart_draw (record, cr, context, &black, WIDTH, HEIGHT, 1.0);
  *text_runs = pl_text_log_stop ();

  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  g_object_unref (context);

  return surface;
}

static const PlTextRun *
find_run (GPtrArray   *runs,
          const gchar *text)
{
  for (guint i = 0; i < runs->len; i++)
    {
      const PlTextRun *run = g_ptr_array_index (runs, i);

      if (g_str_equal (run->text, text))
        return run;
    }

  return NULL;
}

static guint
count_runs (GPtrArray   *runs,
            const gchar *text)
{
  guint count = 0;

  for (guint i = 0; i < runs->len; i++)
    count += g_str_equal (((PlTextRun *) g_ptr_array_index (runs, i))->text, text);

  return count;
}

static void
assert_nothing_cut (GPtrArray *runs)
{
  for (guint i = 0; i < runs->len; i++)
    {
      const PlTextRun *run = g_ptr_array_index (runs, i);

      g_assert_cmpstr (run->view, ==, "charts");
      if (run->clipped || run->ellipsized)
        g_error ("“%s” is cut off", run->text);
      g_assert_cmpfloat (run->size, >=, PL_MIN_TEXT_PX);
    }
}

/* Before any sample: four titled frames and no series at all. */
static void
test_chart_drawing_empty (void)
{
  PlChartRecord record;
  g_autoptr(GPtrArray) runs = NULL;
  cairo_surface_t *surface;

  pl_chart_record_init (&record);
  surface = draw_charts (&record, &runs);

  g_assert_nonnull (find_run (runs, "Queue depth"));
  g_assert_nonnull (find_run (runs, "Throughput"));
  g_assert_nonnull (find_run (runs, "Processor time"));
  g_assert_nonnull (find_run (runs, "Little’s law: L ≈ λ × W"));
  assert_nothing_cut (runs);
  g_assert_cmpuint (pl_test_pixels_count (surface, 0, 0, WIDTH, HEIGHT, PL_PALETTE_ORANGE), ==, 0);
  g_assert_cmpuint (pl_test_pixels_count (surface, 0, 0, WIDTH, HEIGHT, PL_PALETTE_SKY_BLUE), ==, 0);

  cairo_surface_destroy (surface);
  pl_chart_record_clear (&record);
}

/* Three queues held at 8, 2 and 0 items: each line in its stage's colour,
 * the one at 2 a quarter of the way from the one at 0 to the one at 8. */
static void
test_chart_drawing_depth_heights (void)
{
  PlChartRecord record;
  g_autoptr(GPtrArray) runs = NULL;
  cairo_surface_t *surface;
  gdouble at_8, at_2, at_0;

  pl_chart_record_init (&record);
  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(PlSample) sample = pl_test_make_sample (3, (gint64) i * SAMPLE_US);

      sample->queues[0].stats.depth = 8;
      sample->queues[1].stats.depth = 2;
      sample->queues[2].stats.depth = 0;
      g_assert_true (pl_chart_record_add (&record, sample) & PL_CHART_RECORD_CHARTED);
    }
  g_assert_cmpfloat (pl_chart_record_get_shown_depth (&record, 0), ==, 8);
  surface = draw_charts (&record, &runs);

  g_assert_nonnull (find_run (runs, "Input queue"));
  g_assert_nonnull (find_run (runs, "Queue 2"));
  assert_nothing_cut (runs);
  g_assert_true (pl_test_pixels_line_row (surface, CELL_X (0), CELL_W, PL_PALETTE_ORANGE, 100, &at_8));
  g_assert_true (pl_test_pixels_line_row (surface, CELL_X (0), CELL_W, PL_PALETTE_SKY_BLUE, 100, &at_2));
  g_assert_true (pl_test_pixels_line_row (surface, CELL_X (0), CELL_W, PL_PALETTE_BLUISH_GREEN, 100, &at_0));
  g_assert_cmpfloat (at_8, <, at_2);
  g_assert_cmpfloat (at_2, <, at_0);
  g_assert_cmpfloat (at_0 - at_8, >, 60);
  g_assert_cmpfloat (fabs ((at_0 - at_2) - (at_0 - at_8) / 4), <=, 1.5);

  cairo_surface_destroy (surface);
  pl_chart_record_clear (&record);
}

/* Stages using a tenth, a fifth and two fifths of a core: in the
 * processor chart, the lines of the first two are a third as far apart as
 * those of the first and the last. */
static void
test_chart_drawing_cpu_heights (void)
{
  PlChartRecord record;
  g_autoptr(GPtrArray) runs = NULL;
  cairo_surface_t *surface;
  gdouble at_40, at_20, at_10;

  pl_chart_record_init (&record);
  for (guint i = 0; i < 600; i++)
    {
      gint64 elapsed = (gint64) i * SAMPLE_US;
      g_autoptr(PlSample) sample = pl_test_make_sample (3, elapsed);

      sample->stages[0].cpu_ns = elapsed * 1000 / 10;
      sample->stages[1].cpu_ns = elapsed * 1000 / 5;
      sample->stages[2].cpu_ns = elapsed * 1000 * 2 / 5;
      sample->pipeline_cpu_ns = elapsed * 1000 * 7 / 10;
      sample->process_cpu_ns = sample->pipeline_cpu_ns;
      pl_chart_record_add (&record, sample);
    }
  surface = draw_charts (&record, &runs);

  /* The window took none of it, and says so. */
  g_assert_nonnull (find_run (runs, "the window’s drawing, now 0%"));
  assert_nothing_cut (runs);
  g_assert_true (pl_test_pixels_line_row (surface, CELL_X (2), CELL_W, PL_PALETTE_ORANGE, 100, &at_10));
  g_assert_true (pl_test_pixels_line_row (surface, CELL_X (2), CELL_W, PL_PALETTE_SKY_BLUE, 100, &at_20));
  g_assert_true (pl_test_pixels_line_row (surface, CELL_X (2), CELL_W, PL_PALETTE_BLUISH_GREEN, 100, &at_40));
  g_assert_cmpfloat (at_40, <, at_20);
  g_assert_cmpfloat (at_20, <, at_10);
  g_assert_cmpfloat (at_10 - at_40, >, 40);
  g_assert_cmpfloat (fabs ((at_10 - at_20) - (at_10 - at_40) / 3), <=, 1.5);

  cairo_surface_destroy (surface);
  pl_chart_record_clear (&record);
}

/* Little's law, queue by queue: equal sides with ≈, a backlog with ≠. */
static void
test_chart_drawing_littles_law (void)
{
  PlChartRecord record;
  g_autoptr(PlSample) sample = pl_test_make_sample (2, 10 * G_USEC_PER_SEC);
  g_autoptr(GPtrArray) runs = NULL;
  cairo_surface_t *surface;

  /* L = 20 item·s / 10 s = 2; λW = 40/s × 50 ms = 2. */
  sample->queues[0].depth_area = 20.0;
  sample->queues[0].stats.puts = 400;
  sample->queues[0].waited = 400;
  sample->queues[0].wait_us = 400 * 50000;
  /* L = 50, λW = 40/s × 20 ms = 0.8: items still waiting. */
  sample->queues[1].depth_area = 500.0;
  sample->queues[1].stats.puts = 400;
  sample->queues[1].waited = 100;
  sample->queues[1].wait_us = 100 * 20000;

  pl_chart_record_init (&record);
  pl_chart_record_add (&record, sample);
  surface = draw_charts (&record, &runs);

  assert_nothing_cut (runs);
  g_assert_cmpuint (count_runs (runs, "2.00"), ==, 2);
  g_assert_cmpuint (count_runs (runs, " ≈ "), ==, 1);
  g_assert_cmpuint (count_runs (runs, " ≠ "), ==, 1);
  g_assert_nonnull (find_run (runs, "50.0"));
  g_assert_nonnull (find_run (runs, "0.80"));
  g_assert_nonnull (find_run (runs, "λ 40.0/s × W 50.0 ms"));
  /* Each queue's swatch, in its stage's colour. */
  g_assert_cmpuint (pl_test_pixels_count (surface, CELL_X (3), 0, CELL_W, HEIGHT, PL_PALETTE_ORANGE), >, 20);
  g_assert_cmpuint (pl_test_pixels_count (surface, CELL_X (3), 0, CELL_W, HEIGHT, PL_PALETTE_SKY_BLUE), >, 20);

  cairo_surface_destroy (surface);
  pl_chart_record_clear (&record);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pl/chart-drawing/empty", test_chart_drawing_empty);
  g_test_add_func ("/pl/chart-drawing/depth-heights", test_chart_drawing_depth_heights);
  g_test_add_func ("/pl/chart-drawing/cpu-heights", test_chart_drawing_cpu_heights);
  g_test_add_func ("/pl/chart-drawing/littles-law", test_chart_drawing_littles_law);

  return g_test_run ();
}
