/* test-code-painter.c: the code panel's rows draw what they are given,
 * with no GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <pango/pangocairo.h>

#include "pl-code-painter.h"
#include "pl-test-pixels.h"
#include "pl-text-log.h"

#define WIDTH  400
#define HEIGHT 60

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  PangoContext    *context;
  PangoLayout     *layout;
  PlCodePainter    painter;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  PangoFontDescription *font = pango_font_description_from_string ("Monospace");
  PlSceneColor black = { 0, 0, 0, 1 };

  fixture->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  fixture->cr = cairo_create (fixture->surface);
  cairo_set_source_rgb (fixture->cr, 1, 1, 1);
  cairo_paint (fixture->cr);
  fixture->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  fixture->layout = pango_layout_new (fixture->context);
  pango_font_description_set_absolute_size (font, 16 * PANGO_SCALE);
  pango_layout_set_font_description (fixture->layout, font);
  pango_font_description_free (font);
  pl_code_painter_init (&fixture->painter, fixture->cr, &black, WIDTH, HEIGHT);
  pl_text_log_start ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_ptr_array_unref (pl_text_log_stop ());
  g_object_unref (fixture->layout);
  g_object_unref (fixture->context);
  cairo_destroy (fixture->cr);
  cairo_surface_destroy (fixture->surface);
}

static gboolean
logged (GPtrArray   *runs,
        const gchar *text)
{
  for (guint i = 0; i < runs->len; i++)
    if (g_str_equal (((PlTextRun *) g_ptr_array_index (runs, i))->text, text))
      return TRUE;

  return FALSE;
}

/* A keyword in the keyword colour, bold; the rest in the text's colour. */
static void
test_code_painter_highlights (Fixture       *fixture,
                              gconstpointer  data)
{
  static const PlCodeSpan spans[] = { { 0, 5, PL_CODE_SPAN_KEYWORD } };
  const PlSceneColor *keyword = &fixture->painter.keyword;
  /* As pango hands it to cairo, in 16 bits, and cairo keeps the top 8. */
  guint32 keyword_rgb = ((guint32) ((guint16) (keyword->red * 65535) >> 8) << 16)
                        | ((guint32) ((guint16) (keyword->green * 65535) >> 8) << 8)
                        | (guint32) ((guint16) (keyword->blue * 65535) >> 8);
  g_autoptr(GPtrArray) runs = NULL;

  g_assert_false (fixture->painter.dark);
  cairo_move_to (fixture->cr, 10, 10);
  pl_code_painter_draw_line_text (&fixture->painter, fixture->layout, "while True:", NULL, 0);
  g_assert_cmpuint (pl_test_pixels_count (fixture->surface, 0, 0, WIDTH, HEIGHT, keyword_rgb), ==, 0);
  g_assert_cmpuint (pl_test_pixels_count (fixture->surface, 0, 0, WIDTH, HEIGHT, 0x000000), >, 20);

  cairo_set_source_rgb (fixture->cr, 1, 1, 1);
  cairo_paint (fixture->cr);
  cairo_move_to (fixture->cr, 10, 10);
  pl_code_painter_draw_line_text (&fixture->painter, fixture->layout, "while True:", spans, G_N_ELEMENTS (spans));
  g_assert_cmpuint (pl_test_pixels_count (fixture->surface, 0, 0, WIDTH, HEIGHT, keyword_rgb), >, 20);

  runs = pl_text_log_stop ();
  g_assert_true (logged (runs, "while True:"));
  pl_text_log_start ();
}

/* More workers than the indentation holds: those that fit, then a count
 * of the rest, all within the room given. */
static void
test_code_painter_markers_overflow (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GArray) markers = g_array_new (FALSE, FALSE, sizeof (PlCodeMarker));
  g_autoptr(GPtrArray) runs = NULL;
  guint shown = 0;

  for (guint w = 0; w < 12; w++)
    {
      PlCodeMarker marker = { 0, w };

      g_array_append_val (markers, marker);
    }
  pl_code_painter_draw_markers (&fixture->painter, fixture->layout, markers, TRUE,
                                10, 200, 30, 22);
  runs = pl_text_log_stop ();
  pl_text_log_start ();

  g_assert_true (logged (runs, "main"));
  g_assert_true (logged (runs, "1/1"));
  g_assert_false (logged (runs, "1/12"));
  for (guint i = 0; i < runs->len; i++)
    {
      const PlTextRun *run = g_ptr_array_index (runs, i);

      g_assert_false (run->clipped);
      shown += run->text[0] != '+';
      if (run->text[0] == '+')
        {
          g_autofree gchar *count = NULL;

          /* The count names exactly the pills left out. */
          g_assert_cmpuint (i, ==, runs->len - 1);
          count = g_strdup_printf ("+%u", 13 - shown);
          g_assert_cmpstr (run->text, ==, count);
        }
    }
  g_assert_cmpuint (shown, <, 13);
  g_assert_cmpuint (shown, >=, 2);
  /* Nothing spills left of the room: the first pill's colour (stage 1's)
   * stays right of it. */
  g_assert_cmpuint (pl_test_pixels_count (fixture->surface, 0, 0, 10, HEIGHT, PL_PALETTE_ORANGE), ==, 0);
  g_assert_cmpuint (pl_test_pixels_count (fixture->surface, 10, 0, 190, HEIGHT, PL_PALETTE_ORANGE), >, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pl/code-painter/highlights", Fixture, NULL,
              fixture_set_up, test_code_painter_highlights, fixture_tear_down);
  g_test_add ("/pl/code-painter/markers-overflow", Fixture, NULL,
              fixture_set_up, test_code_painter_markers_overflow, fixture_tear_down);

  return g_test_run ();
}
