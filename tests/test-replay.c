/* test-replay.c: --record and --replay, run as a user would run them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pl-config.h"
#include "pl-test-run.h"

/* Generous: the machine is shared, but a stuck program must fail the test. */
#define RUN_TIMEOUT_S 60

static gchar *folder;

static void
run_program (PlTestRun          *run,
             const gchar *const *args)
{
  pl_test_run_program (run, pl_test_binary_path (), NULL, args, RUN_TIMEOUT_S);
}

static gchar *
scratch_path (const gchar *name)
{
  return g_build_filename (folder, name, NULL);
}

static void
assert_one_line (const gchar *err)
{
  g_assert_true (g_str_has_prefix (err, "pipeline-lab: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_cmpuint ((guint) (strchr (err, '\n') - err), ==, strlen (err) - 1);
}

static JsonObject *
parse_report (const gchar *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_same_member (JsonObject  *a,
                    JsonObject  *b,
                    const gchar *name)
{
  g_assert_true (json_object_has_member (a, name));
  g_assert_cmpint (json_object_get_int_member (a, name), ==, json_object_get_int_member (b, name));
}

/* The counters the live run reported, the replay reports the same. */
static void
assert_same_counters (JsonObject *live,
                      JsonObject *replay)
{
  JsonArray *live_stages = json_object_get_array_member (live, "stages");
  JsonArray *replay_stages = json_object_get_array_member (replay, "stages");
  JsonArray *live_queues = json_object_get_array_member (live, "queues");
  JsonArray *replay_queues = json_object_get_array_member (replay, "queues");

  assert_same_member (live, replay, "processed");
  assert_same_member (live, replay, "polls");
  assert_same_member (live, replay, "empty_polls");
  assert_same_member (live, replay, "workers_cancelled");

  g_assert_cmpuint (json_array_get_length (live_stages), ==, json_array_get_length (replay_stages));
  for (guint i = 0; i < json_array_get_length (live_stages); i++)
    assert_same_member (json_array_get_object_element (live_stages, i),
                        json_array_get_object_element (replay_stages, i), "work_done");

  g_assert_cmpuint (json_array_get_length (live_queues), ==, json_array_get_length (replay_queues));
  for (guint i = 0; i < json_array_get_length (live_queues); i++)
    {
      JsonObject *a = json_array_get_object_element (live_queues, i);
      JsonObject *b = json_array_get_object_element (replay_queues, i);

      assert_same_member (a, b, "puts");
      assert_same_member (a, b, "gets");
      assert_same_member (a, b, "max_depth");
    }
}

typedef struct
{
  const gchar *preset;
  const gchar *mode;
} Lesson;

static void
test_equal_counters (gconstpointer data)
{
  const Lesson *lesson = data;
  g_autofree gchar *name = g_strdup_printf ("%s-%s.plrec", lesson->preset, lesson->mode);
  g_autofree gchar *path = scratch_path (name);
  g_autofree gchar *preset = g_strdup_printf ("--preset=%s", lesson->preset);
  g_autofree gchar *mode = g_strdup_printf ("--mode=%s", lesson->mode);
  g_autofree gchar *record = g_strdup_printf ("--record=%s", path);
  g_autofree gchar *replay = g_strdup_printf ("--replay=%s", path);
  const gchar *const live_args[] = { "--headless", "--report=json", preset, mode, "--items=40",
                                     record, NULL };
  const gchar *const replay_args[] = { "--headless", "--report=json", replay, NULL };
  g_auto(PlTestRun) live = { 0 };
  g_auto(PlTestRun) played = { 0 };
  g_autoptr(JsonObject) live_report = NULL;
  g_autoptr(JsonObject) replay_report = NULL;

  run_program (&live, live_args);
  g_assert_cmpstr (live.err, ==, "");
  g_assert_cmpint (live.status, ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  run_program (&played, replay_args);
  g_assert_cmpstr (played.err, ==, "");
  g_assert_cmpint (played.status, ==, 0);

  live_report = parse_report (live.out);
  replay_report = parse_report (played.out);
  g_assert_cmpint (json_object_get_int_member (live_report, "processed"), >, 0);
  assert_same_counters (live_report, replay_report);
  /* Not only the counters: the whole report, timings included. */
  g_assert_cmpstr (live.out, ==, played.out);
}

static gchar *
record_run (const gchar *name)
{
  gchar *path = scratch_path (name);
  g_autofree gchar *record = g_strdup_printf ("--record=%s", path);
  const gchar *const args[] = { "--headless", "--preset=bounded", "--items=30", record, NULL };
  g_auto(PlTestRun) run = { 0 };

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      run_program (&run, args);
      g_assert_cmpint (run.status, ==, 0);
    }

  return path;
}

static GBytes *
read_bytes (const gchar *path)
{
  g_autoptr(GError) error = NULL;
  gchar *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* The same recording at the same moment gives the same picture, to the byte. */
static void
test_same_picture (void)
{
  g_autofree gchar *path = record_run ("picture.plrec");
  g_autofree gchar *replay = g_strdup_printf ("--replay=%s", path);
  g_autofree gchar *first = scratch_path ("first.svg");
  g_autofree gchar *second = scratch_path ("second.svg");
  g_autofree gchar *later = scratch_path ("later.svg");
  g_autofree gchar *export_first = g_strdup_printf ("--export=%s", first);
  g_autofree gchar *export_second = g_strdup_printf ("--export=%s", second);
  g_autofree gchar *export_later = g_strdup_printf ("--export=%s", later);
  const gchar *const args_first[] = { replay, export_first, "--at=0.3", NULL };
  const gchar *const args_second[] = { replay, export_second, "--at=0.3", NULL };
  const gchar *const args_later[] = { replay, export_later, NULL };
  const gchar *const args_past[] = { replay, export_later, "--at=3600", NULL };
  g_auto(PlTestRun) run_first = { 0 };
  g_auto(PlTestRun) run_second = { 0 };
  g_auto(PlTestRun) run_later = { 0 };
  g_auto(PlTestRun) run_past = { 0 };
  g_autoptr(GBytes) bytes_first = NULL;
  g_autoptr(GBytes) bytes_second = NULL;
  g_autoptr(GBytes) bytes_later = NULL;

  run_program (&run_first, args_first);
  if (run_first.status == 2 && strstr (run_first.err, "no scene renderer") != NULL)
    {
      g_test_skip ("built without the window");
      return;
    }
  g_assert_cmpstr (run_first.err, ==, "");
  g_assert_cmpint (run_first.status, ==, 0);
  run_program (&run_second, args_second);
  g_assert_cmpint (run_second.status, ==, 0);
  run_program (&run_later, args_later);
  g_assert_cmpint (run_later.status, ==, 0);

  bytes_first = read_bytes (first);
  bytes_second = read_bytes (second);
  bytes_later = read_bytes (later);
  g_assert_cmpuint (g_bytes_get_size (bytes_first), >, 1000);
  g_assert_true (g_bytes_equal (bytes_first, bytes_second));
  /* Another moment is another picture. */
  g_assert_false (g_bytes_equal (bytes_first, bytes_later));

  /* --screenshot of a replay draws the same line, with no window. */
  {
    g_autofree gchar *shot = scratch_path ("shot.svg");
    g_autofree gchar *screenshot = g_strdup_printf ("--screenshot=%s", shot);
    const gchar *const args_shot[] = { replay, screenshot, "--at=0.3", NULL };
    g_auto(PlTestRun) run_shot = { 0 };
    g_autoptr(GBytes) bytes_shot = NULL;

    run_program (&run_shot, args_shot);
    g_assert_cmpint (run_shot.status, ==, 0);
    bytes_shot = read_bytes (shot);
    g_assert_true (g_bytes_equal (bytes_first, bytes_shot));
  }

  run_program (&run_past, args_past);
  g_assert_cmpint (run_past.status, ==, 2);
  assert_one_line (run_past.err);
  g_assert_nonnull (strstr (run_past.err, "--at"));
}

static void
test_never_overwrites (void)
{
  g_autofree gchar *path = record_run ("kept.plrec");
  g_autofree gchar *record = g_strdup_printf ("--record=%s", path);
  const gchar *const again[] = { "--headless", "--preset=blocking", "--items=5", record, NULL };
  const gchar *const asked[] = { "--headless", "--preset=blocking", "--items=5", record,
                                 "--overwrite", NULL };
  g_autoptr(GBytes) before = read_bytes (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) replaced = NULL;
  g_auto(PlTestRun) refused = { 0 };
  g_auto(PlTestRun) overwritten = { 0 };

  run_program (&refused, again);
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_cmpstr (refused.out, ==, "");
  assert_one_line (refused.err);
  g_assert_nonnull (strstr (refused.err, "--overwrite"));
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));

  run_program (&overwritten, asked);
  g_assert_cmpint (overwritten.status, ==, 0);
  replaced = read_bytes (path);
  g_assert_false (g_bytes_equal (before, replaced));
}

static void
test_bad_files (void)
{
  g_autofree gchar *path = record_run ("whole.plrec");
  g_autofree gchar *garbage = scratch_path ("garbage.plrec");
  g_autofree gchar *cut = scratch_path ("cut.plrec");
  g_autofree gchar *missing = scratch_path ("missing.plrec");
  g_autofree gchar *replay_garbage = g_strdup_printf ("--replay=%s", garbage);
  g_autofree gchar *replay_cut = g_strdup_printf ("--replay=%s", cut);
  g_autofree gchar *replay_missing = g_strdup_printf ("--replay=%s", missing);
  const gchar *const args_garbage[] = { "--headless", replay_garbage, NULL };
  const gchar *const args_cut[] = { "--headless", "--report=json", replay_cut, NULL };
  const gchar *const args_missing[] = { "--headless", replay_missing, NULL };
  g_autoptr(GBytes) whole = read_bytes (path);
  g_autoptr(GError) error = NULL;
  g_auto(PlTestRun) run_garbage = { 0 };
  g_auto(PlTestRun) run_cut = { 0 };
  g_auto(PlTestRun) run_missing = { 0 };
  g_autoptr(JsonObject) report = NULL;

  g_assert_true (g_file_set_contents (garbage, "[pipeline]\nmode=blocking\n", -1, &error));
  g_assert_true (g_file_set_contents (cut, g_bytes_get_data (whole, NULL),
                                      g_bytes_get_size (whole) * 2 / 3, &error));
  g_assert_no_error (error);

  run_program (&run_garbage, args_garbage);
  g_assert_cmpint (run_garbage.status, ==, 2);
  g_assert_cmpstr (run_garbage.out, ==, "");
  assert_one_line (run_garbage.err);
  g_assert_nonnull (strstr (run_garbage.err, "not a Pipeline Lab recording"));

  run_program (&run_missing, args_missing);
  g_assert_cmpint (run_missing.status, ==, 2);
  assert_one_line (run_missing.err);

  /* Cut short: plays to where it ends, reports, and says so. */
  run_program (&run_cut, args_cut);
  g_assert_cmpint (run_cut.status, ==, 0);
  report = parse_report (run_cut.out);
  g_assert_cmpint (json_object_get_int_member (report, "processed"), <, 30);
  assert_one_line (run_cut.err);
  g_assert_nonnull (strstr (run_cut.err, "cut short"));
}

typedef struct
{
  const gchar *name;
  const gchar *args[5];
  const gchar *names;
} BadCombination;

static const BadCombination bad_combinations[] = {
  { "replay-with-mode", { "--headless", "--replay=x.plrec", "--mode=blocking" }, "--replay" },
  { "replay-with-preset", { "--headless", "--replay=x.plrec", "--preset=bounded" }, "--replay" },
  { "replay-and-record", { "--headless", "--replay=x.plrec", "--record=y.plrec" }, "--record" },
  { "replay-after", { "--replay=x.plrec", "--export=x.svg", "--after=1" }, "--after" },
  { "replay-not-plrec", { "--headless", "--replay=x.json" }, ".plrec" },
  { "at-alone", { "--headless", "--at=1" }, "--at" },
  { "at-headless", { "--headless", "--replay=x.plrec", "--at=1" }, "--at" },
  { "at-negative", { "--replay=x.plrec", "--export=x.svg", "--at=-1" }, "--at" },
  { "record-not-plrec", { "--headless", "--record=run.txt" }, ".plrec" },
  { "record-picture", { "--record=run.plrec", "--export=x.svg" }, "--record" },
  { "record-no-folder", { "--headless", "--record=/nonexistent/run.plrec" }, "--record" },
  { "overwrite-alone", { "--headless", "--overwrite" }, "--overwrite" },
  { "overwrite-value", { "--headless", "--record=r.plrec", "--overwrite=yes" }, "--overwrite" },
};

static void
test_bad_combination (gconstpointer data)
{
  const BadCombination *row = data;
  g_auto(PlTestRun) run = { 0 };

  run_program (&run, row->args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  assert_one_line (run.err);
  g_assert_nonnull (strstr (run.err, row->names));
}

static void
remove_folder (void)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const gchar *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree gchar *path = g_build_filename (folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (folder);
}

int
main (int    argc,
      char **argv)
{
  static const gchar *const modes[] = { "busy-wait", "blocking" };
  g_autoptr(GPtrArray) lessons = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const gchar *const *presets = pl_config_list_presets ();
  gint status;

  g_test_init (&argc, &argv, NULL);

  folder = g_dir_make_tmp ("pl-replay-XXXXXX", &error);
  g_assert_no_error (error);

  /* Every lesson, each in both modes. */
  for (guint p = 0; presets[p] != NULL; p++)
    for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
      {
        Lesson *lesson = g_new (Lesson, 1);
        g_autofree gchar *path = g_strdup_printf ("/pl/replay/equal-counters/%s/%s",
                                                  presets[p], modes[m]);

        lesson->preset = presets[p];
        lesson->mode = modes[m];
        g_ptr_array_add (lessons, lesson);
        g_test_add_data_func (path, lesson, test_equal_counters);
      }
  g_test_add_func ("/pl/replay/same-picture", test_same_picture);
  g_test_add_func ("/pl/replay/never-overwrites", test_never_overwrites);
  g_test_add_func ("/pl/replay/bad-files", test_bad_files);
  for (guint i = 0; i < G_N_ELEMENTS (bad_combinations); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/pl/replay/bad-combination/%s",
                                                bad_combinations[i].name);

      g_test_add_data_func (path, &bad_combinations[i], test_bad_combination);
    }

  status = g_test_run ();
  remove_folder ();
  g_free (folder);

  return status;
}
