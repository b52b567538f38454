/* test-export.c: pictures from the command line, with and without a display,
 * in builds with and without the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

/* Every run is bounded: a stuck program fails the test instead of hanging. */
#define RUN_TIMEOUT_US (60 * G_USEC_PER_SEC)

typedef struct
{
  gchar *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("pl-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const gchar *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree gchar *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
has_display (void)
{
  const gchar *x11 = g_getenv ("DISPLAY");
  const gchar *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (x11 != NULL && x11[0] != '\0') || (wayland != NULL && wayland[0] != '\0');
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL));
  *done = TRUE;
}

/* Runs the program to its end and returns its exit status. `display`
 * FALSE hides any display from it. */
static gint
run_program (gboolean            display,
             const gchar *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + RUN_TIMEOUT_US;
  gboolean done = FALSE;

  /* The accessibility bus is of no use to a picture; skip starting it. */
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);

  if (!display)
    {
      g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
      g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
    }

  g_ptr_array_add (argv, (gpointer)PL_BINARY);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const gchar *const *)argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_wait_async (process, NULL, wait_cb, &done);
  while (!done)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_subprocess_force_exit (process);
          g_error ("pipeline-lab did not finish in time");
        }
      g_main_context_iteration (NULL, FALSE);
      if (!done)
        g_usleep (10000);
    }

  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static guint
count_colours (cairo_surface_t *surface,
               guint            enough)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  const guchar *data = cairo_image_surface_get_data (surface);
  gint stride = cairo_image_surface_get_stride (surface);
  gint width = cairo_image_surface_get_width (surface);
  gint height = cairo_image_surface_get_height (surface);

  for (gint y = 0; y < height && g_hash_table_size (seen) < enough; y++)
    for (gint x = 0; x < width; x++)
      g_hash_table_add (seen, GUINT_TO_POINTER (*(const guint32 *)(data + y * stride + x * 4)));

  return g_hash_table_size (seen);
}

static void
assert_png (const gchar *path,
            gint         width,
            gint         height)
{
  cairo_surface_t *surface;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);
  /* A drawn line has text, belts, items and state colours. */
  g_assert_cmpuint (count_colours (surface, 16), >=, 16);
  cairo_surface_destroy (surface);
}

typedef struct
{
  guint  depth;
  guint  n_elements;
  gchar *root;
  gchar *view_box;
} SvgRead;

static void
svg_start_element (GMarkupParseContext  *context,
                   const gchar          *element,
                   const gchar         **names,
                   const gchar         **values,
                   gpointer              user_data,
                   GError              **error)
{
  SvgRead *read = user_data;

  if (read->depth++ == 0)
    {
      read->root = g_strdup (element);
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "viewBox"))
          read->view_box = g_strdup (values[i]);
    }
  read->n_elements++;
}

static void
svg_end_element (GMarkupParseContext  *context,
                 const gchar          *element,
                 gpointer              user_data,
                 GError              **error)
{
  SvgRead *read = user_data;

  read->depth--;
}

/* The file is whole, well-formed XML, an <svg> with something drawn in
 * it, of the given size unless that is 0. */
static void
assert_svg (const gchar *path,
            gint         width,
            gint         height)
{
  static const GMarkupParser parser = { svg_start_element, svg_end_element, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *view_box = g_strdup_printf ("0 0 %d %d", width, height);
  g_autoptr(GError) error = NULL;
  SvgRead read = { 0, };
  gsize length;

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (text, "<?xml"));

  context = g_markup_parse_context_new (&parser, G_MARKUP_DEFAULT_FLAGS, &read, NULL);
  g_markup_parse_context_parse (context, text, length, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (read.depth, ==, 0);
  g_assert_cmpstr (read.root, ==, "svg");
  if (width > 0)
    g_assert_cmpstr (read.view_box, ==, view_box);
  else
    g_assert_nonnull (read.view_box);
  /* A drawn line has far more than a few shapes and glyphs. */
  g_assert_cmpuint (read.n_elements, >, 50);
  g_free (read.root);
  g_free (read.view_box);
}

/* In a build without the window, --screenshot is bad input: status 2,
 * and no file. */
static void
assert_no_window (const gchar        *path,
                  const gchar *const *args)
{
  g_assert_cmpint (run_program (TRUE, args), ==, 2);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_export_png_without_display (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree gchar *path = g_build_filename (fixture->dir, "bounded.png", NULL);
  g_autofree gchar *option = g_strconcat ("--export=", path, NULL);
  const gchar *args[] = { "--preset=bounded", option, "--after=0.3", "--size=640x400", NULL };

  g_assert_cmpint (run_program (FALSE, args), ==, 0);
  assert_png (path, 640, 400);
}

static void
test_export_svg_without_display (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree gchar *path = g_build_filename (fixture->dir, "closable.svg", NULL);
  g_autofree gchar *option = g_strconcat ("--export=", path, NULL);
  const gchar *args[] = { "--preset=closable", option, "--after=0.3", "--size=640x400", NULL };

  g_assert_cmpint (run_program (FALSE, args), ==, 0);
  assert_svg (path, 640, 400);
}

static void
test_screenshot_png (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree gchar *path = g_build_filename (fixture->dir, "window.png", NULL);
  g_autofree gchar *option = g_strconcat ("--screenshot=", path, NULL);
  /* The size of the pictures in the docs; a smaller window would not fit
   * the header bar. */
  const gchar *args[] = { "--preset=bounded", option, "--after=1", "--size=1280x800", NULL };

  if (!PL_TEST_HAVE_WINDOW)
    {
      assert_no_window (path, args);
      return;
    }
  if (!has_display ())
    {
      g_test_skip ("no display to open a window on");
      return;
    }

  g_assert_cmpint (run_program (TRUE, args), ==, 0);
  assert_png (path, 1280, 800);
}

static void
test_screenshot_svg (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree gchar *path = g_build_filename (fixture->dir, "window.svg", NULL);
  g_autofree gchar *option = g_strconcat ("--screenshot=", path, NULL);
  const gchar *args[] = { "--preset=backlog", option, "--after=0.5", "--size=800x600", NULL };

  if (!PL_TEST_HAVE_WINDOW)
    {
      assert_no_window (path, args);
      return;
    }
  if (!has_display ())
    {
      g_test_skip ("no display to open a window on");
      return;
    }

  /* The window keeps its own minimum size, so --size does not fix the
   * picture's. */
  g_assert_cmpint (run_program (TRUE, args), ==, 0);
  assert_svg (path, 0, 0);
}

static void
test_export_bad_values (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree gchar *missing = g_build_filename (fixture->dir, "no-such-folder", "line.png", NULL);
  g_autofree gchar *good = g_build_filename (fixture->dir, "line.png", NULL);
  g_autofree gchar *missing_option = g_strconcat ("--export=", missing, NULL);
  g_autofree gchar *folder_option = g_strconcat ("--export=", fixture->dir, NULL);
  g_autofree gchar *good_option = g_strconcat ("--export=", good, NULL);
  g_autofree gchar *text_option = g_strconcat ("--export=", fixture->dir, "/line.txt", NULL);
  const gchar *unwritable[] = { "--preset=bounded", missing_option, NULL };
  const gchar *folder[] = { "--preset=bounded", folder_option, NULL };
  const gchar *no_size[] = { "--preset=bounded", good_option, "--size=0x0", NULL };
  const gchar *extension[] = { "--preset=bounded", text_option, NULL };

  /* Bad input is found before the line runs: status 2, and no file. */
  g_assert_cmpint (run_program (FALSE, unwritable), ==, 2);
  g_assert_cmpint (run_program (FALSE, folder), ==, 2);
  g_assert_cmpint (run_program (FALSE, no_size), ==, 2);
  g_assert_cmpint (run_program (FALSE, extension), ==, 2);
  g_assert_false (g_file_test (good, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pl/export/png-without-display", Fixture, NULL,
              fixture_set_up, test_export_png_without_display, fixture_tear_down);
  g_test_add ("/pl/export/svg-without-display", Fixture, NULL,
              fixture_set_up, test_export_svg_without_display, fixture_tear_down);
  g_test_add ("/pl/export/bad-values", Fixture, NULL,
              fixture_set_up, test_export_bad_values, fixture_tear_down);
  g_test_add ("/pl/export/screenshot-png", Fixture, NULL,
              fixture_set_up, test_screenshot_png, fixture_tear_down);
  g_test_add ("/pl/export/screenshot-svg", Fixture, NULL,
              fixture_set_up, test_screenshot_svg, fixture_tear_down);

  return g_test_run ();
}
