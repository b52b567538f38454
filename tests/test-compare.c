/* test-compare.c: two lines at once, from the spec to the reports and pictures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pl-compare.h"
#include "pl-config.h"
#include "pl-test-run.h"

#ifdef PL_HAVE_SCENE
# include <cairo.h>
# include "pl-scene-compare.h"
#endif

/* Generous: the machine is shared, but a stuck program must fail the test. */
#define RUN_TIMEOUT_S 60

static void
preset_config (PlConfig    *config,
               const gchar *preset)
{
  g_autoptr(GError) error = NULL;

  pl_config_init_default (config);
  g_assert_true (pl_config_apply_preset (config, preset, &error));
  g_assert_no_error (error);
}

/* Line B is line A with exactly the keys given changed. */
static void
test_spec_changes_only_its_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCompare) compare = NULL;
  PlConfig first;
  PlConfig expected;
  const PlConfig *a;
  const PlConfig *b;

  preset_config (&first, "busy-wait");
  g_assert_cmpuint (first.n_stages, ==, 3);

  compare = pl_compare_new (&first,
                            "mode=blocking,capacity=1,4,2,stage2.delay=20,stage1.workers=4,"
                            "items=77,backoff-ms=2.5,work=spin",
                            &error);
  g_assert_no_error (error);
  g_assert_nonnull (compare);

  a = pl_compare_get_config (compare, PL_COMPARE_LINE_A);
  b = pl_compare_get_config (compare, PL_COMPARE_LINE_B);
  g_assert_true (memcmp (a, &first, sizeof first) == 0);

  expected = first;
  expected.mode = PL_MODE_BLOCKING;
  expected.capacities[0] = 1;
  expected.capacities[1] = 4;
  expected.capacities[2] = 2;
  expected.stages[1].mean_ms = 20.0;
  expected.stages[0].workers = 4;
  expected.items = 77;
  expected.backoff_ms = 2.5;
  expected.work = PL_WORK_SPIN;
  g_assert_true (memcmp (b, &expected, sizeof expected) == 0);

  g_assert_cmpuint (pl_compare_get_n_keys (compare), ==, 7);
  g_assert_cmpstr (pl_compare_get_key (compare, 1), ==, "capacity");
  {
    g_autofree gchar *value_a = pl_compare_format_value (compare, 1, PL_COMPARE_LINE_A);
    g_autofree gchar *value_b = pl_compare_format_value (compare, 1, PL_COMPARE_LINE_B);
    g_autofree gchar *described = pl_compare_describe (compare, PL_COMPARE_LINE_B);

    g_assert_cmpstr (value_a, ==, "0");
    g_assert_cmpstr (value_b, ==, "1,4,2");
    g_assert_true (g_str_has_prefix (described, "mode=blocking, capacity=1,4,2, stage2.delay=20, "));
  }
}

typedef struct
{
  const gchar *spec;
  const gchar *says;    /* part of the one-line message */
} BadSpec;

static const BadSpec bad_specs[] = {
  { "", "KEY=VALUE" },
  { "mode", "KEY=VALUE" },
  { "colour=red", "keys: mode, capacity" },
  { "stage2.speed=4", "keys: mode, capacity" },
  { "stage0.delay=4", "keys: mode, capacity" },
  { "stage4.delay=4", "the line has 3 stages" },
  { "stage99999999999999999999.delay=4", "keys: mode, capacity" },
  { "mode=fast", "busy-wait or blocking" },
  { "items=0", "1 to 100000000" },
  { "items=-3", "1 to 100000000" },
  { "items= 5", "no spaces" },
  { "backoff-ms=1001", "0 to 1000" },
  { "backoff-ms=nan", "0 to 1000" },
  { "work=burn", "sleep or spin" },
  { "capacity=1,2", "3 comma-separated values" },
  { "capacity=1000001", "0 to 1000000" },
  { "stage1.delay=10001", "0 to 10000" },
  { "stage1.workers=0", "1 to 32" },
  { "stage1.workers=33", "1 to 32" },
  { "mode=blocking,mode=blocking", "given twice" },
  { "mode=busy-wait", "the first line has busy-wait already" },
  { "stage1.delay=abc,mode=blocking", "stage1.delay" },
};

static void
test_spec_refused (gconstpointer data)
{
  const BadSpec *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCompare) compare = NULL;
  PlConfig first;

  preset_config (&first, "busy-wait");
  compare = pl_compare_new (&first, bad->spec, &error);
  g_assert_null (compare);
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "--compare: "));
  g_assert_null (strchr (error->message, '\n'));
  if (strstr (error->message, bad->says) == NULL)
    g_error ("“%s” was refused with “%s”, which does not say “%s”",
             bad->spec, error->message, bad->says);
}

/* The same spec on the command line: one line on stderr, status 2. */
static void
test_cli_refuses (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_specs); i++)
    {
      g_auto(PlTestRun) run = { 0 };
      g_autofree gchar *option = g_strconcat ("--compare=", bad_specs[i].spec, NULL);
      const gchar *args[] = { "--headless", "--preset=busy-wait", option, NULL };

      pl_test_run_program (&run, pl_test_binary_path (), NULL, args, RUN_TIMEOUT_S);
      g_assert_false (run.timed_out);
      if (run.status != 2)
        g_error ("%s: exit status %d, not 2", option, run.status);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "pipeline-lab: --compare: "));
      g_assert_true (g_str_has_suffix (run.err, "\n"));
      g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
    }
}

/* The report's echo of its line's settings, as text, for comparing. */
static gchar *
config_echo (JsonObject *report,
             const gchar *member)
{
  JsonArray *array = json_object_get_array_member (report, member);
  g_autoptr(GString) echo = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (g_str_equal (member, "stages"))
        g_string_append_printf (echo, "%s:%" G_GINT64_FORMAT ";",
                                json_object_get_string_member (entry, "name"),
                                json_object_get_int_member (entry, "workers"));
      else
        g_string_append_printf (echo, "%" G_GINT64_FORMAT ";",
                                json_object_get_int_member (entry, "capacity"));
    }

  return g_string_free (g_steal_pointer (&echo), FALSE);
}

static JsonObject *
run_json (const gchar *const *args,
          JsonParser         *parser)
{
  g_auto(PlTestRun) run = { 0 };
  g_autoptr(GError) error = NULL;

  pl_test_run_program (&run, pl_test_binary_path (), NULL, args, RUN_TIMEOUT_S);
  g_assert_false (run.timed_out);
  if (run.status != 0)
    g_error ("exit status %d: %s", run.status, run.err);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);

  return json_node_get_object (json_parser_get_root (parser));
}

/* Each report is the whole report object, and the two differ in their
 * settings only where the spec asked; `differs` names exactly those keys. */
static void
test_json_differs_only_where_asked (void)
{
  const gchar *args[] = {
    "--headless", "--report=json", "--preset=busy-wait", "--items=60",
    "--compare=mode=blocking,stage2.workers=3", NULL
  };
  const gchar *report_keys[] = {
    "mode", "items", "processed", "polls", "empty_polls", "coordinator_polls",
    "elapsed_s", "throughput", "cpu_s", "workers_cancelled", "fed", "dropped",
    "held", "ending", "stages", "queues",
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = run_json (args, parser);
  JsonObject *reports[2];
  JsonObject *differs;
  JsonArray *mode;
  JsonArray *workers;

  g_assert_cmpuint (json_object_get_size (root), ==, 3);
  reports[0] = json_object_get_object_member (root, "a");
  reports[1] = json_object_get_object_member (root, "b");
  differs = json_object_get_object_member (root, "differs");
  g_assert_nonnull (reports[0]);
  g_assert_nonnull (reports[1]);
  g_assert_nonnull (differs);

  for (guint r = 0; r < 2; r++)
    {
      g_assert_cmpuint (json_object_get_size (reports[r]), ==, G_N_ELEMENTS (report_keys));
      for (guint k = 0; k < G_N_ELEMENTS (report_keys); k++)
        g_assert_true (json_object_has_member (reports[r], report_keys[k]));
      g_assert_cmpint (json_object_get_int_member (reports[r], "processed"), ==, 60);
      g_assert_cmpint (json_object_get_int_member (reports[r], "items"), ==, 60);
    }

  /* The keys asked for differ… */
  g_assert_cmpstr (json_object_get_string_member (reports[0], "mode"), ==, "busy-wait");
  g_assert_cmpstr (json_object_get_string_member (reports[1], "mode"), ==, "blocking");
  {
    g_autofree gchar *stages_a = config_echo (reports[0], "stages");
    g_autofree gchar *stages_b = config_echo (reports[1], "stages");
    g_autofree gchar *queues_a = config_echo (reports[0], "queues");
    g_autofree gchar *queues_b = config_echo (reports[1], "queues");

    g_assert_cmpstr (stages_a, ==, "download:1;resize:1;upload:1;");
    g_assert_cmpstr (stages_b, ==, "download:1;resize:3;upload:1;");
    /* …and the settings not asked for are equal. */
    g_assert_cmpstr (queues_a, ==, queues_b);
  }
  g_assert_cmpint (json_object_get_int_member (reports[1], "polls"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (reports[0], "polls"), >, 0);

  g_assert_cmpuint (json_object_get_size (differs), ==, 2);
  mode = json_object_get_array_member (differs, "mode");
  workers = json_object_get_array_member (differs, "stage2.workers");
  g_assert_nonnull (mode);
  g_assert_nonnull (workers);
  g_assert_cmpstr (json_array_get_string_element (mode, 0), ==, "busy-wait");
  g_assert_cmpstr (json_array_get_string_element (mode, 1), ==, "blocking");
  g_assert_cmpint (json_array_get_int_element (workers, 0), ==, 1);
  g_assert_cmpint (json_array_get_int_element (workers, 1), ==, 3);
}

/* items and capacity show in the reports' echo, and only on line B. */
static void
test_json_items_and_capacity (void)
{
  const gchar *args[] = {
    "--headless", "--report=json", "--preset=blocking", "--items=30",
    "--compare=items=45,capacity=2,5,7", NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = run_json (args, parser);
  JsonObject *a = json_object_get_object_member (root, "a");
  JsonObject *b = json_object_get_object_member (root, "b");
  JsonObject *differs = json_object_get_object_member (root, "differs");
  g_autofree gchar *queues_a = config_echo (a, "queues");
  g_autofree gchar *queues_b = config_echo (b, "queues");
  g_autofree gchar *stages_a = config_echo (a, "stages");
  g_autofree gchar *stages_b = config_echo (b, "stages");
  JsonArray *capacity;

  g_assert_cmpint (json_object_get_int_member (a, "processed"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (b, "processed"), ==, 45);
  g_assert_cmpstr (json_object_get_string_member (a, "mode"), ==,
                   json_object_get_string_member (b, "mode"));
  g_assert_cmpstr (stages_a, ==, stages_b);
  g_assert_cmpstr (queues_b, ==, "2;5;7;0;");
  g_assert_cmpstr (queues_a, !=, queues_b);

  g_assert_cmpuint (json_object_get_size (differs), ==, 2);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (differs, "items"), 1), ==, 45);
  capacity = json_array_get_array_element (json_object_get_array_member (differs, "capacity"), 1);
  g_assert_cmpuint (json_array_get_length (capacity), ==, 3);
  g_assert_cmpint (json_array_get_int_element (capacity, 1), ==, 5);
}

/* The text report puts both lines side by side under their labels. */
static void
test_text_side_by_side (void)
{
  const gchar *args[] = {
    "--headless", "--preset=busy-wait", "--items=40", "--compare=mode=blocking", NULL
  };
  g_auto(PlTestRun) run = { 0 };
  g_auto(GStrv) lines = NULL;

  pl_test_run_program (&run, pl_test_binary_path (), NULL, args, RUN_TIMEOUT_S);
  g_assert_false (run.timed_out);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", 0);
  g_assert_true (g_str_has_prefix (lines[0], "Line A: mode=busy-wait "));
  g_assert_nonnull (strstr (lines[0], " │ Line B: mode=blocking"));
  g_assert_nonnull (strstr (run.out, "Mode: busy-wait"));
  g_assert_nonnull (strstr (run.out, "Mode: blocking"));
  g_assert_nonnull (strstr (run.out, "Throughput: "));
  g_assert_nonnull (strstr (run.out, "on line A,"));
}

#ifdef PL_HAVE_SCENE
/* Whether a band of the picture holds anything but its background. */
static guint
ink_in_band (cairo_surface_t *surface,
             gdouble          top,
             gdouble          height)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  gint stride = cairo_image_surface_get_stride (surface);
  gint width = cairo_image_surface_get_width (surface);
  guint32 background;
  guint ink = 0;

  background = *(const guint32 *) (data + (gint) top * stride + width - 1);
  for (gint y = (gint) top; y < (gint) (top + height); y++)
    for (gint x = 0; x < width; x++)
      if (((const guint32 *) (data + y * stride))[x] != background)
        ink++;

  return ink;
}

/* The picture has both lines, each under its label, and the strip. */
static void
test_export_draws_both_lines (void)
{
  g_autofree gchar *folder = g_dir_make_tmp ("pl-compare-XXXXXX", NULL);
  g_autofree gchar *path = g_build_filename (folder, "both.png", NULL);
  g_autofree gchar *option = g_strconcat ("--export=", path, NULL);
  const gchar *args[] = {
    "--preset=busy-wait", "--items=400", "--stage=a:5", "--stage=b:5",
    "--compare=mode=blocking", option, "--size=800x900", "--after=0.5", NULL
  };
  g_auto(PlTestRun) run = { 0 };
  cairo_surface_t *surface;
  PlSceneCompareLayout layout;

  pl_test_run_program (&run, pl_test_binary_path (), NULL, args, RUN_TIMEOUT_S);
  g_assert_false (run.timed_out);
  if (run.status != 0)
    g_error ("exit status %d: %s", run.status, run.err);

  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 900);

  pl_scene_compare_layout (800, 900, &layout);
  g_assert_cmpfloat (layout.line_height, >, 250.0);
  g_assert_cmpfloat (layout.line_y[1] + layout.line_height, <=, 900.0);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (ink_in_band (surface, layout.label_y[i], layout.label_height), >, 100);
      g_assert_cmpuint (ink_in_band (surface, layout.line_y[i], layout.line_height), >, 5000);
    }
  g_assert_cmpuint (ink_in_band (surface, layout.strip_y + layout.strip_height * 0.1,
                                 layout.strip_height * 0.8), >, 200);

  cairo_surface_destroy (surface);
  g_unlink (path);
  g_rmdir (folder);
}

static void
test_labels (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlCompare) compare = NULL;
  g_autofree gchar *label_a = NULL;
  g_autofree gchar *label_b = NULL;
  PlConfig first;

  preset_config (&first, "busy-wait");
  compare = pl_compare_new (&first, "mode=blocking,stage3.delay=7.5", &error);
  g_assert_no_error (error);
  label_a = pl_compare_label (compare, PL_COMPARE_LINE_A);
  label_b = pl_compare_label (compare, PL_COMPARE_LINE_B);
  g_assert_cmpstr (label_a, ==, "Line A: mode=busy-wait, stage3.delay=0");
  g_assert_cmpstr (label_b, ==, "Line B: mode=blocking, stage3.delay=7.5");
}
#endif

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pl/compare/spec-changes-only-its-keys", test_spec_changes_only_its_keys);
  for (guint i = 0; i < G_N_ELEMENTS (bad_specs); i++)
    {
      g_autofree gchar *name = g_strdup_printf ("/pl/compare/refused/%u", i);

      g_test_add_data_func (name, &bad_specs[i], test_spec_refused);
    }
  g_test_add_func ("/pl/compare/cli-refuses", test_cli_refuses);
  g_test_add_func ("/pl/compare/json-differs-only-where-asked", test_json_differs_only_where_asked);
  g_test_add_func ("/pl/compare/json-items-and-capacity", test_json_items_and_capacity);
  g_test_add_func ("/pl/compare/text-side-by-side", test_text_side_by_side);
#ifdef PL_HAVE_SCENE
  g_test_add_func ("/pl/compare/export-draws-both-lines", test_export_draws_both_lines);
  g_test_add_func ("/pl/compare/labels", test_labels);
#endif

  return g_test_run ();
}
