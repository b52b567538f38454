/* test-cli.c: the command line, run as a user would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pl-config.h"
#include "pl-test-run.h"

/* Generous: the machine is shared, but a stuck program must fail the test. */
#define RUN_TIMEOUT_S 60

/* Runs the program with `args` and no display, within RUN_TIMEOUT_S. */
static void
run_program (PlTestRun          *run,
             const gchar *const *args)
{
  pl_test_run_program (run, pl_test_binary_path (), NULL, args, RUN_TIMEOUT_S);
}

typedef struct
{
  const gchar *name;
  const gchar *args[6];
  const gchar *names;     /* the option (or argument) the message must name */
  const gchar *accepts;   /* part of what it says the option accepts, or NULL */
} BadInput;

static const BadInput bad_inputs[] = {
  { "unknown-option", { "--frobnicate" }, "--frobnicate", "--help" },
  { "unknown-short-option", { "-z" }, "-z", "--help" },
  { "items-zero", { "--headless", "--items=0" }, "--items", "1 to 100000000" },
  { "items-text", { "--headless", "--items=abc" }, "--items", "1 to 100000000" },
  { "items-over", { "--headless", "--items=100000001" }, "--items", "1 to 100000000" },
  { "items-negative", { "--headless", "--items=-5" }, "--items", "1 to 100000000" },
  { "items-missing", { "--headless", "--items" }, "--items", NULL },
  { "capacity-count", { "--headless", "--capacity=1,2" }, "--capacity", "3 comma-separated values" },
  { "capacity-count-stages", { "--headless", "--stage=a:0", "--stage=b:0", "--capacity=1,2,3" }, "--capacity", "2 comma-separated values" },
  { "capacity-over", { "--headless", "--capacity=1000001" }, "--capacity", "0 to 1000000" },
  { "capacity-text", { "--headless", "--capacity=four" }, "--capacity", "0 to 1000000" },
  { "capacity-empty-part", { "--headless", "--capacity=1,,2" }, "--capacity", "0 to 1000000" },
  { "stage-malformed", { "--headless", "--stage=x" }, "--stage", "NAME:MEAN_MS" },
  { "stage-too-many-fields", { "--headless", "--stage=a:1:fixed:2:9" }, "--stage", "2 to 4 fields" },
  { "stage-no-name", { "--headless", "--stage=:5" }, "--stage", "NAME is 1–31 characters" },
  { "stage-slow", { "--headless", "--stage=a:99999" }, "--stage", "0 to 10000" },
  { "stage-mean-text", { "--headless", "--stage=a:fast" }, "--stage", "0 to 10000" },
  { "stage-dist", { "--headless", "--stage=a:1:normal" }, "--stage", "fixed, uniform or exponential" },
  { "stage-workers", { "--headless", "--stage=a:1:fixed:33" }, "--stage", "1 to 32" },
  { "stage-workers-zero", { "--headless", "--stage=a:1:fixed:0" }, "--stage", "1 to 32" },
  { "mode-fast", { "--headless", "--mode=fast" }, "--mode", "busy-wait or blocking" },
  { "mode-not-utf8", { "--headless", "--mode=\377\376" }, "--mode", "busy-wait or blocking" },
  { "work-walk", { "--headless", "--work=walk" }, "--work", "sleep or spin" },
  { "report-xml", { "--headless", "--report=xml" }, "--report", "text or json" },
  { "report-alone", { "--report=json" }, "--report", "--headless" },
  { "size-zero", { "--export=out.png", "--size=0x0" }, "--size", "16 to 8192" },
  { "size-huge", { "--export=out.png", "--size=16x9000" }, "--size", "16 to 8192" },
  { "size-one-number", { "--export=out.png", "--size=640" }, "--size", "WIDTHxHEIGHT" },
  { "size-alone", { "--size=320x200" }, "--size", "--export" },
  { "after-over", { "--export=out.png", "--after=601" }, "--after", "0 to 600" },
  { "after-alone", { "--after=2" }, "--after", "--export" },
  { "export-txt", { "--export=out.txt" }, "--export", ".png or .svg" },
  { "export-headless", { "--headless", "--export=out.svg" }, "--export", "--headless" },
  { "screenshot-jpg", { "--screenshot=shot.jpg" }, "--screenshot", ".png or .svg" },
  { "preset-nope", { "--preset=nope" }, "--preset", "join" },
  { "preset-empty", { "--headless", "--preset=" }, "--preset", "busy-wait" },
  { "backoff-negative", { "--headless", "--backoff-ms=-1" }, "--backoff-ms", "0 to 1000" },
  { "backoff-nan", { "--headless", "--backoff-ms=nan" }, "--backoff-ms", "0 to 1000" },
  { "backoff-over", { "--headless", "--backoff-ms=1000.5" }, "--backoff-ms", "0 to 1000" },
  { "duration-negative", { "--headless", "--duration=-5" }, "--duration", "0 to 86400" },
  { "duration-over", { "--headless", "--duration=86401" }, "--duration", "0 to 86400" },
  { "seed-text", { "--headless", "--seed=lucky" }, "--seed", "0 to 18446744073709551615" },
  { "seed-over", { "--headless", "--seed=18446744073709551616" }, "--seed", "0 to 18446744073709551615" },
  { "scenario-missing", { "--headless", "--scenario=/nonexistent/lesson.ini" }, "--scenario", NULL },
  { "scenario-directory", { "--headless", "--scenario=/" }, "--scenario", "not a regular file" },
  { "scenario-empty", { "--headless", "--scenario=" }, "--scenario", "a scenario file" },
  { "stray-argument", { "stray", "--headless" }, "stray", "--items=N" },
  { "headless-value", { "--headless=no" }, "--headless", "takes no value" },
  { "version-value", { "--version=2" }, "--version", "takes no value" },
};

static void
test_bad_input (gconstpointer data)
{
  const BadInput *row = data;
  g_auto(PlTestRun) run;

  run_program (&run, row->args);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  /* Exactly one line, saying who complains and about which option. */
  g_assert_true (g_str_has_suffix (run.err, "\n"));
  g_assert_cmpuint ((guint) (strchr (run.err, '\n') - run.err), ==, strlen (run.err) - 1);
  g_assert_true (g_str_has_prefix (run.err, "pipeline-lab: "));
  g_assert_nonnull (strstr (run.err, row->names));
  if (row->accepts != NULL)
    g_assert_nonnull (strstr (run.err, row->accepts));
}

static void
test_seventeen_stages (void)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_auto(PlTestRun) run;

  g_ptr_array_add (args, g_strdup ("--headless"));
  for (guint i = 0; i < 17; i++)
    g_ptr_array_add (args, g_strdup_printf ("--stage=s%u:0", i));
  g_ptr_array_add (args, NULL);

  run_program (&run, (const gchar *const *) args->pdata);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--stage"));
  g_assert_nonnull (strstr (run.err, "16"));
}

static void
test_help (void)
{
  const gchar *const args[] = { "--help", NULL };
  g_auto(PlTestRun) run;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--preset"));
  g_assert_nonnull (strstr (run.out, "--stage"));
  g_assert_nonnull (strstr (run.out, "--headless"));
  g_assert_nonnull (strstr (run.out, "closable"));
}

static void
test_version (void)
{
  const gchar *const args[] = { "--version", NULL };
  g_auto(PlTestRun) run;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "pipeline-lab "));
}

/* --print-scenario gives the lesson as the window opens it, at a class's
 * pace, not the preset's headless values, and it loads back as a scenario. */
static void
test_print_scenario (void)
{
  const gchar *const args[] = { "--print-scenario", "--preset=backlog", NULL };
  const gchar *const none[] = { "--print-scenario", NULL };
  const gchar *const headless[] = { "--print-scenario", "--headless", NULL };
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(PlTestRun) run;
  g_auto(PlTestRun) first = { 0, };
  g_auto(PlTestRun) refused = { 0, };
  PlConfig lesson, preset, printed;

  g_assert_true (pl_config_apply_lesson (&lesson, "backlog", NULL));
  g_assert_true (pl_config_apply_preset (&preset, "backlog", NULL));
  g_assert_cmpuint (lesson.capacities[0], !=, preset.capacities[0]);

  run_program (&run, args);
  /* A build without the window has no window's pipeline to print: it
   * says so in one line and exits 2. */
  if (!PL_TEST_HAVE_WINDOW)
    {
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "this build has no window"));
      g_assert_cmpuint ((guint) (strchr (run.err, '\n') - run.err), ==, strlen (run.err) - 1);
      g_assert_cmpstr (run.out, ==, "");
      return;
    }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_key_file_load_from_data (key_file, run.out, -1, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_key_file_get_uint64 (key_file, "pipeline", "items", NULL), ==, lesson.items);
  g_assert_true (pl_config_load_from_data (&printed, run.out, strlen (run.out), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (printed.items, ==, lesson.items);
  g_assert_cmpuint (printed.capacities[0], ==, lesson.capacities[0]);
  g_assert_cmpfloat (printed.stages[1].mean_ms, ==, lesson.stages[1].mean_ms);

  /* With fresh settings the window opens the first lesson, busy-waiting. */
  run_program (&first, none);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_nonnull (strstr (first.out, "mode=busy-wait"));
  g_assert_nonnull (strstr (first.out, "preset=busy-wait"));

  run_program (&refused, headless);
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_nonnull (strstr (refused.err, "--print-scenario"));
}

static JsonObject *
parse_report (const gchar *json)
{
  const gchar *const keys[] = {
    "mode", "items", "processed", "polls", "empty_polls", "coordinator_polls",
    "elapsed_s", "throughput", "cpu_s", "workers_cancelled", "fed", "dropped",
    "held", "ending", "stages", "queues",
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpuint (json_object_get_size (root), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (root, keys[i]));

  /* Every item fed is accounted for, whatever the ending. */
  g_assert_cmpint (json_object_get_int_member (root, "fed"), ==,
                   json_object_get_int_member (root, "processed")
                   + json_object_get_int_member (root, "dropped")
                   + json_object_get_int_member (root, "held"));

  return json_object_ref (root);
}

static void
test_busy_wait_json (void)
{
  const gchar *const args[] = {
    "--headless", "--preset=busy-wait", "--report=json", NULL
  };
  g_auto(PlTestRun) run;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *stages, *queues;
  gint64 polls, stage_polls = 0;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_report (run.out);

  g_assert_cmpstr (json_object_get_string_member (root, "mode"), ==, "busy-wait");
  g_assert_cmpint (json_object_get_int_member (root, "processed"), ==, 1000);
  /* The book's ~3000: every item costs each of the three workers one poll,
   * plus the empty ones; a loose ceiling, since naps depend on the machine. */
  polls = json_object_get_int_member (root, "polls");
  g_assert_cmpint (polls, >=, 3000);
  g_assert_cmpint (polls, <, 3000 + 100000);
  /* Busy-wait workers cannot be told to stop: all three are cancelled. */
  g_assert_cmpint (json_object_get_int_member (root, "workers_cancelled"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "coordinator_polls"), >=, 1);

  stages = json_object_get_array_member (root, "stages");
  g_assert_cmpuint (json_array_get_length (stages), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *stage = json_array_get_object_element (stages, i);

      g_assert_cmpint (json_object_get_int_member (stage, "work_done"), ==, 1000);
      g_assert_cmpint (json_object_get_int_member (stage, "polls"), >=, 1000);
      stage_polls += json_object_get_int_member (stage, "polls");
    }
  g_assert_cmpint (polls, ==, stage_polls);

  queues = json_object_get_array_member (root, "queues");
  g_assert_cmpuint (json_array_get_length (queues), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (queues, 3), "puts"),
                   ==, 1000);
}

static void
test_closable_json (void)
{
  const gchar *const args[] = {
    "--headless", "--preset=closable", "--report=json", NULL
  };
  g_auto(PlTestRun) run;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *queues;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_report (run.out);

  g_assert_cmpstr (json_object_get_string_member (root, "mode"), ==, "blocking");
  g_assert_cmpint (json_object_get_int_member (root, "processed"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (root, "workers_cancelled"), ==, 0);
  /* Joins, not polling, tell the main thread the work is done. */
  g_assert_cmpint (json_object_get_int_member (root, "coordinator_polls"), ==, 0);

  /* Exactly one blocking get per item in every stage, plus one for the
   * stage's one worker's marker; close() counts as the marker's put. */
  queues = json_object_get_array_member (root, "queues");
  g_assert_cmpuint (json_array_get_length (queues), ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *queue = json_array_get_object_element (queues, i);

      g_assert_cmpint (json_object_get_int_member (queue, "gets"), ==, 1000 + 1);
      g_assert_cmpint (json_object_get_int_member (queue, "puts"), ==, 1000 + 1);
    }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (queues, 3), "puts"),
                   ==, 1000);
}

static void
test_bounded_json (void)
{
  const gchar *const args[] = {
    "--headless", "--preset=bounded", "--items=40", "--report=json", NULL
  };
  g_auto(PlTestRun) run;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *queues;
  guint bounded = 0;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_report (run.out);
  g_assert_cmpint (json_object_get_int_member (root, "processed"), ==, 40);

  queues = json_object_get_array_member (root, "queues");
  for (guint i = 0; i < json_array_get_length (queues); i++)
    {
      JsonObject *queue = json_array_get_object_element (queues, i);
      gint64 capacity = json_object_get_int_member (queue, "capacity");

      if (capacity == 0)
        continue;
      bounded++;
      g_assert_cmpint (json_object_get_int_member (queue, "max_depth"), <=, capacity);
      g_assert_cmpint (json_object_get_int_member (queue, "max_depth"), >=, 1);
    }
  g_assert_cmpuint (bounded, >=, 2);
}

static void
test_text_rows (void)
{
  const gchar *const args[] = {
    "--headless", "--items=100",
    "--stage=alpha:0", "--stage=beta:0:fixed:2", "--stage=gamma:0:uniform", "--stage=delta:0",
    NULL
  };
  const gchar *const names[] = { "alpha", "beta", "gamma", "delta" };
  g_auto(PlTestRun) run;
  g_auto(GStrv) lines = NULL;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  lines = g_strsplit (run.out, "\n", -1);

  /* The headline comes first and counts the items. */
  g_assert_nonnull (strstr (lines[0], "100"));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree gchar *pattern = g_strdup_printf ("^%s +%u +100 ", names[i], i == 1 ? 2 : 1);
      guint rows = 0;

      for (guint l = 0; lines[l] != NULL; l++)
        if (g_regex_match_simple (pattern, lines[l], 0, 0))
          rows++;
      g_assert_cmpuint (rows, ==, 1);
    }
}


/* The text report tells each lesson's ending in plain words. */
typedef struct
{
  const gchar *preset;
  const gchar *extra;       /* another option, or NULL */
  const gchar *headline;    /* in the first line */
  const gchar *says;        /* somewhere in the report */
  const gchar *row;         /* a regex one line must match, or NULL */
} LessonReport;

static const LessonReport lesson_reports[] = {
  /* The book prints "Processed 1000 items after polling 3008 items". */
  { "busy-wait", NULL, "Processed 1000 items after polling ", "cancel 3 workers", NULL },
  { "blocking", NULL, "Processed 1000 items without a single poll", "close → join", NULL },
  { "closable", NULL, "Processed 1000 items",
    "3003 gets for 3000 items and 3 markers, no poll, and no worker was cancelled",
    "^download → resize +∞ +\\d+ +1001 +1001 +1 " },
  { "join", "--items=200", "Processed 200 items", "cancel 3 workers", "^input → download +∞ +\\d+ +200 +200 +0 " },
  { "shutdown", NULL, "of 2000 items", "shut down at once", NULL },
};

static void
test_lesson_report (gconstpointer data)
{
  const LessonReport *lesson = data;
  g_autofree gchar *preset = g_strdup_printf ("--preset=%s", lesson->preset);
  const gchar *const args[] = { "--headless", preset, lesson->extra, NULL };
  g_auto(PlTestRun) run;
  g_auto(GStrv) lines = NULL;
  guint rows = 0;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_nonnull (strstr (lines[0], lesson->headline));
  g_assert_nonnull (strstr (run.out, lesson->says));
  if (lesson->row == NULL)
    return;
  for (guint l = 0; lines[l] != NULL; l++)
    if (g_regex_match_simple (lesson->row, lines[l], 0, 0))
      rows++;
  g_assert_cmpuint (rows, ==, 1);
}

/* Stopped at once: the JSON still balances, since dropped items were put
 * but never got, and nothing waits in a queue afterwards. */
static void
test_shutdown_json (void)
{
  const gchar *const args[] = { "--headless", "--preset=shutdown", "--report=json", NULL };
  g_auto(PlTestRun) run;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *queues;
  gint64 processed;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_report (run.out);
  processed = json_object_get_int_member (root, "processed");
  g_assert_cmpint (processed, >, 0);
  g_assert_cmpint (processed, <, 2000);
  g_assert_cmpint (json_object_get_int_member (root, "workers_cancelled"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (root, "ending"), ==, "shut-down");
  g_assert_cmpint (json_object_get_int_member (root, "fed"), ==, 2000);
  queues = json_object_get_array_member (root, "queues");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (queues, 3), "puts"),
                   ==, processed);
}

/* The shutdown and the deadline at the same moment: one ending, named by
 * what came first, in the text and in the JSON. */
static void
test_shutdown_and_duration (void)
{
  const gchar *const text_args[] = {
    "--headless", "--preset=shutdown", "--duration=1", NULL
  };
  const gchar *const json_args[] = {
    "--headless", "--preset=shutdown", "--duration=1", "--report=json", NULL
  };
  g_auto(PlTestRun) text_run;
  g_auto(PlTestRun) json_run;
  g_autoptr(JsonObject) root = NULL;

  run_program (&text_run, text_args);
  g_assert_cmpint (text_run.status, ==, 0);
  g_assert_nonnull (strstr (text_run.out, "The line was shut down at once"));
  g_assert_null (strstr (text_run.out, "was stopped"));

  run_program (&json_run, json_args);
  g_assert_cmpint (json_run.status, ==, 0);
  root = parse_report (json_run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "ending"), ==, "shut-down");
}

/* A worker in the middle of a long item when the line is shut down: its
 * item is not delivered afterwards, and the program does not wait for it
 * (the report says it was still in the worker's hands). */
static void
test_shutdown_slow_workers (void)
{
  const gchar *const args[] = {
    "--headless", "--preset=shutdown", "--stage=fast:0", "--stage=slow:10000:fixed:2",
    "--capacity=1", "--items=100", "--report=json", NULL
  };
  g_auto(PlTestRun) run;
  g_autoptr(JsonObject) root = NULL;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_report (run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "ending"), ==, "shut-down");
  /* The two slow workers were 1 s into their 10 s items: neither item was
   * delivered, and both were still in hand when the program stopped. */
  g_assert_cmpint (json_object_get_int_member (root, "processed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (root, "held"), ==, 2);
}

static void
test_override_order (void)
{
  /* Explicit options win over the preset even when given before it. */
  const gchar *const args[] = {
    "--headless", "--items=30", "--mode=busy-wait", "--preset=closable", "--report=json", NULL
  };
  g_auto(PlTestRun) run;
  g_autoptr(JsonObject) root = NULL;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_report (run.out);
  g_assert_cmpint (json_object_get_int_member (root, "items"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (root, "processed"), ==, 30);
  g_assert_cmpstr (json_object_get_string_member (root, "mode"), ==, "busy-wait");
}

static void
test_scenario (void)
{
  const gchar *scenario =
    "[pipeline]\n"
    "preset=closable\n"
    "items=500\n"
    "capacities=2\n"
    "[stage 1]\n"
    "name=read\n"
    "mean-ms=0\n"
    "[stage 2]\n"
    "name=write\n"
    "mean-ms=0\n"
    "workers=3\n";
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-cli-XXXXXX", &error);
  g_autofree gchar *path = NULL;
  g_autofree gchar *option = NULL;
  g_auto(PlTestRun) run;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *stages, *queues;

  g_assert_no_error (error);
  path = g_build_filename (dir, "lesson.ini", NULL);
  g_assert_true (g_file_set_contents (path, scenario, -1, &error));
  option = g_strdup_printf ("--scenario=%s", path);

  {
    const gchar *const args[] = { "--headless", option, "--items=25", "--report=json", NULL };

    run_program (&run, args);
  }
  g_assert_cmpint (run.status, ==, 0);
  root = parse_report (run.out);

  /* The command line beats the file; the file beats its preset. */
  g_assert_cmpint (json_object_get_int_member (root, "processed"), ==, 25);
  stages = json_object_get_array_member (root, "stages");
  g_assert_cmpuint (json_array_get_length (stages), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stages, 0), "name"),
                   ==, "read");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (stages, 1), "workers"),
                   ==, 3);
  queues = json_object_get_array_member (root, "queues");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (queues, 1), "capacity"),
                   ==, 2);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_scenario_hostile (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-cli-XXXXXX", &error);
  g_autofree gchar *path = NULL;
  g_autofree gchar *option = NULL;
  g_auto(PlTestRun) run;

  g_assert_no_error (error);
  path = g_build_filename (dir, "evil.ini", NULL);
  g_assert_true (g_file_set_contents (path, "[pipeline]\nitems=1\n[stage 1]\nname=a\nmean-ms=1\nrm=-rf\n",
                                      -1, &error));
  option = g_strdup_printf ("--scenario=%s", path);

  {
    const gchar *const args[] = { "--headless", option, NULL };

    run_program (&run, args);
  }
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpuint ((guint) (strchr (run.err, '\n') - run.err), ==, strlen (run.err) - 1);
  g_assert_nonnull (strstr (run.err, "--scenario"));
  g_assert_nonnull (strstr (run.err, "evil.ini"));
  g_assert_nonnull (strstr (run.err, "rm"));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_scenario_preset_conflict (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-cli-XXXXXX", &error);
  g_autofree gchar *path = NULL;
  g_autofree gchar *option = NULL;
  g_auto(PlTestRun) run;

  g_assert_no_error (error);
  path = g_build_filename (dir, "bounded.ini", NULL);
  g_assert_true (g_file_set_contents (path, "[pipeline]\npreset=bounded\n", -1, &error));
  option = g_strdup_printf ("--scenario=%s", path);

  /* Two different bases: one would be silently ignored, so refuse. */
  {
    const gchar *const args[] = { "--headless", "--preset=closable", option, NULL };

    run_program (&run, args);
  }
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint ((guint) (strchr (run.err, '\n') - run.err), ==, strlen (run.err) - 1);
  g_assert_nonnull (strstr (run.err, "--preset"));
  g_assert_nonnull (strstr (run.err, "bounded"));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_duration (void)
{
  /* The backlog lesson would take hours; --duration stops it early. */
  const gchar *const args[] = {
    "--headless", "--preset=backlog", "--duration=0.5", "--report=json", NULL
  };
  g_auto(PlTestRun) run;
  g_autoptr(JsonObject) root = NULL;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_report (run.out);
  g_assert_cmpint (json_object_get_int_member (root, "processed"), <,
                   json_object_get_int_member (root, "items"));
  g_assert_cmpfloat (json_object_get_double_member (root, "elapsed_s"), >=, 0.5);
}

static void
test_no_display (void)
{
  /* With no display and no --headless, the report still comes out. */
  const gchar *const args[] = { "--preset=blocking", "--items=10", NULL };
  g_auto(PlTestRun) run;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "headless"));
  g_assert_cmpuint ((guint) (strchr (run.err, '\n') - run.err), ==, strlen (run.err) - 1);
  g_assert_nonnull (strstr (run.out, "download"));
  g_assert_nonnull (strstr (run.out, "10"));
}

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* A listing of a folder that shows every change: names, kinds, sizes and
 * where links point. */
static gchar *
describe_folder (const gchar *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const gchar *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree gchar *path = g_build_filename (dir, name, NULL);
      g_autofree gchar *target = g_file_read_link (path, NULL);
      GStatBuf info;

      g_assert_cmpint (g_lstat (path, &info), ==, 0);
      g_ptr_array_add (lines, g_strdup_printf ("%s %o %" G_GINT64_FORMAT " %s", name,
                                               (guint) info.st_mode, (gint64) info.st_size,
                                               target != NULL ? target : ""));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (gchar **) lines->pdata);
}

/* A picture path that is not a regular file or absent is refused with one
 * line and status 2, before anything runs and before any file is touched:
 * a dangling link was once replaced by a picture, with an empty file left
 * at its target, and a pipe blocked the program. */
static void
test_export_refuses_unsafe_paths (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-cli-XXXXXX", &error);
  const gchar *const names[] = { "dangling.png", "link.svg", "pipe.png", "folder.png", NULL };
  g_autofree gchar *before = NULL;

  g_assert_no_error (error);
  {
    g_autofree gchar *dangling = g_build_filename (dir, "dangling.png", NULL);
    g_autofree gchar *real = g_build_filename (dir, "real.svg", NULL);
    g_autofree gchar *link = g_build_filename (dir, "link.svg", NULL);
    g_autofree gchar *pipe = g_build_filename (dir, "pipe.png", NULL);
    g_autofree gchar *folder = g_build_filename (dir, "folder.png", NULL);

    g_assert_cmpint (symlink ("nowhere.png", dangling), ==, 0);
    g_assert_true (g_file_set_contents (real, "old", -1, NULL));
    g_assert_cmpint (symlink ("real.svg", link), ==, 0);
    g_assert_cmpint (mkfifo (pipe, 0600), ==, 0);
    g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  }
  before = describe_folder (dir);

  for (guint i = 0; names[i] != NULL; i++)
    for (guint variant = 0; variant < 3; variant++)
      {
        g_autofree gchar *path = g_build_filename (dir, names[i], NULL);
        g_autofree gchar *option = g_strdup_printf ("%s=%s",
                                                    variant == 2 ? "--screenshot" : "--export",
                                                    path);
        const gchar *const args[] = {
          "--preset=bounded", option, "--after=0.1", variant == 1 ? "--headless" : NULL, NULL
        };
        g_auto(PlTestRun) run;
        g_autofree gchar *after = NULL;

        run_program (&run, args);
        g_assert_cmpint (run.status, ==, 2);
        g_assert_true (g_str_has_prefix (run.err, "pipeline-lab: "));
        g_assert_cmpuint ((guint) (strchr (run.err, '\n') - run.err), ==, strlen (run.err) - 1);
        after = describe_folder (dir);
        g_assert_cmpstr (after, ==, before);
      }

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree gchar *path = g_build_filename (dir, names[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        g_rmdir (path);
      else
        g_unlink (path);
    }
  {
    g_autofree gchar *real = g_build_filename (dir, "real.svg", NULL);

    g_unlink (real);
  }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* An export over an existing picture replaces it in one rename, and leaves
 * nothing else behind. */
static void
test_export_replaces_whole (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-cli-XXXXXX", &error);
  g_autofree gchar *path = NULL;
  g_autofree gchar *option = NULL;
  g_autofree gchar *contents = NULL;
  g_autofree gchar *listing = NULL;
  g_auto(PlTestRun) run;

  g_assert_no_error (error);
  path = g_build_filename (dir, "lesson.svg", NULL);
  option = g_strdup_printf ("--export=%s", path);
  g_assert_true (g_file_set_contents (path, "an older picture", -1, NULL));

  {
    const gchar *const args[] = { "--preset=bounded", option, "--after=0.1", "--size=320x200", NULL };

    run_program (&run, args);
  }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  listing = describe_folder (dir);
  g_assert_null (strchr (listing, '\n'));

  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* An X display number with no server behind it. */
static gchar *
unused_display (void)
{
  for (guint n = 150; n < 400; n++)
    {
      g_autofree gchar *socket = g_strdup_printf ("/tmp/.X11-unix/X%u", n);
      g_autofree gchar *lock = g_strdup_printf ("/tmp/.X%u-lock", n);

      if (!g_file_test (socket, G_FILE_TEST_EXISTS) && !g_file_test (lock, G_FILE_TEST_EXISTS))
        return g_strdup_printf ("DISPLAY=:%u", n);
    }

  g_error ("every display from :150 to :399 is taken");
}

/* A display that is set but cannot be opened falls back to the report as
 * no display does, with one line that says what to do, not the toolkit's
 * warning and status 1. */
static void
test_unusable_display (gconstpointer data)
{
  g_autofree gchar *display = unused_display ();
  const gchar *const x11[] = { display, NULL };
  const gchar *const wayland[] = { "WAYLAND_DISPLAY=bogus", NULL };
  const gchar *const args[] = { "--preset=blocking", "--items=10", NULL };
  g_auto(PlTestRun) run;

  if (!g_str_equal (data, "x11") && !g_str_equal (data, "wayland"))
    g_assert_not_reached ();
  pl_test_run_program (&run, pl_test_binary_path (), g_str_equal (data, "x11") ? x11 : wayland,
                       args, RUN_TIMEOUT_S);
  g_assert_cmpint (run.status, ==, 0);
  /* A build without the window never opens a display: it runs headless. */
  g_assert_nonnull (strstr (run.err, PL_TEST_HAVE_WINDOW
                                     ? "the display cannot be opened: running headless"
                                     : "built without the window: running headless"));
  g_assert_null (strstr (run.err, "Gtk-WARNING"));
  g_assert_cmpuint ((guint) (strchr (run.err, '\n') - run.err), ==, strlen (run.err) - 1);
  g_assert_nonnull (strstr (run.out, "Processed 10 items"));
}

/* --screenshot with no display draws the canvas with the scene renderer,
 * as the README promises, instead of refusing. */
static void
test_screenshot_no_display (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-cli-XXXXXX", &error);
  g_autofree gchar *path = NULL;
  g_autofree gchar *option = NULL;
  g_autofree gchar *display = unused_display ();
  const gchar *const unusable[] = { display, NULL };
  g_autofree gchar *contents = NULL;
  gsize length = 0;
  g_auto(PlTestRun) run;

  g_assert_no_error (error);
  path = g_build_filename (dir, "shot.png", NULL);
  option = g_strdup_printf ("--screenshot=%s", path);
  {
    const gchar *const args[] = { "--preset=closable", option, "--after=0.3", "--size=320x200", NULL };

    pl_test_run_program (&run, pl_test_binary_path (), data != NULL ? unusable : NULL, args,
                         RUN_TIMEOUT_S);
  }
  if (!PL_TEST_HAVE_WINDOW)
    {
      /* Without the window, --screenshot is refused, and --export named
       * in its place. */
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "this build has no window; use --export="));
      g_assert_cmpuint ((guint) (strchr (run.err, '\n') - run.err), ==, strlen (run.err) - 1);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  else
    {
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.err, "the canvas alone is drawn"));
      g_assert_cmpuint ((guint) (strchr (run.err, '\n') - run.err), ==, strlen (run.err) - 1);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 8);
      g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
      g_unlink (path);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* --headless takes no value, but the parser hands it the next argument:
 * a stray argument after it is named as such, not blamed on an `=` that
 * was never typed. */
static void
test_stray_argument_after_switch (void)
{
  const gchar *const args[] = { "--headless", "report.txt", NULL };
  const gchar *const typed[] = { "--headless=report.txt", NULL };
  g_auto(PlTestRun) run;
  g_auto(PlTestRun) typed_run;

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "\"report.txt\": unexpected argument"));
  g_assert_null (strstr (run.err, "--headless="));
  g_assert_cmpuint ((guint) (strchr (run.err, '\n') - run.err), ==, strlen (run.err) - 1);

  run_program (&typed_run, typed);
  g_assert_cmpint (typed_run.status, ==, 2);
  g_assert_nonnull (strstr (typed_run.err, "takes no value"));
}

/* What --help and --version print must get out: to a full device they
 * fail, like a report does. */
static void
test_output_to_full_device (gconstpointer data)
{
  const gchar *const args[] = {
    "-c", "exec \"$0\" \"$1\" > /dev/full", pl_test_binary_path (), data, NULL
  };
  g_auto(PlTestRun) run;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("this system has no /dev/full");
      return;
    }
  pl_test_run_program (&run, "/bin/sh", NULL, args, RUN_TIMEOUT_S);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "could not write"));
}

/* Holds SIGINT back and sends it before the program starts: it is then
 * delivered as soon as the program can take it, as a Ctrl+C in its first
 * milliseconds would be, without the test depending on timing. */
static void
interrupt_at_start (gpointer data)
{
  sigset_t signals;

  sigemptyset (&signals);
  sigaddset (&signals, SIGINT);
  sigprocmask (SIG_BLOCK, &signals, NULL);
  raise (SIGINT);
}

/* A Ctrl+C before the run has started still ends in a report. */
static void
test_interrupt_at_start (void)
{
  const gchar *const args[] = {
    "--headless", "--preset=bounded", "--items=100000", "--duration=20", "--report=json", NULL
  };
  g_auto(PlTestRun) run;
  g_autoptr(JsonObject) root = NULL;

  pl_test_run_program_full (&run, pl_test_binary_path (), NULL, args, RUN_TIMEOUT_S,
                            interrupt_at_start);
  g_assert_cmpint (run.status, ==, 128 + SIGINT);
  root = parse_report (run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "ending"), ==, "interrupted");
  g_assert_cmpint (json_object_get_int_member (root, "processed"), <, 100000);
  g_assert_nonnull (strstr (run.err, "interrupted"));
}

static void
test_export (gconstpointer data)
{
  const gchar *extension = data;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-cli-XXXXXX", &error);
  g_autofree gchar *path = NULL;
  g_autofree gchar *option = NULL;
  g_autofree gchar *contents = NULL;
  gsize length = 0;
  g_auto(PlTestRun) run;

  g_assert_no_error (error);
  path = g_build_filename (dir, extension, NULL);
  option = g_strdup_printf ("--export=%s", path);

  {
    const gchar *const args[] = {
      "--preset=bounded", option, "--after=0.3", "--size=320x200", NULL
    };

    run_program (&run, args);
  }

  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  if (g_str_has_suffix (path, ".png"))
    {
      g_assert_cmpuint (length, >, 8);
      g_assert_cmpmem (contents, 8, "\211PNG\r\n\032\n", 8);
    }
  else
    {
      g_assert_nonnull (g_strstr_len (contents, length, "<svg"));
    }

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/pl/cli/bad/%s", bad_inputs[i].name);

      g_test_add_data_func (path, &bad_inputs[i], test_bad_input);
    }
  g_test_add_func ("/pl/cli/bad/seventeen-stages", test_seventeen_stages);
  g_test_add_func ("/pl/cli/help", test_help);
  g_test_add_func ("/pl/cli/version", test_version);
  g_test_add_func ("/pl/cli/print-scenario", test_print_scenario);
  g_test_add_func ("/pl/cli/report/busy-wait-json", test_busy_wait_json);
  g_test_add_func ("/pl/cli/report/closable-json", test_closable_json);
  g_test_add_func ("/pl/cli/report/bounded-json", test_bounded_json);
  g_test_add_func ("/pl/cli/report/text-rows", test_text_rows);
  g_test_add_func ("/pl/cli/report/shutdown-json", test_shutdown_json);
  g_test_add_func ("/pl/cli/report/shutdown-and-duration", test_shutdown_and_duration);
  g_test_add_func ("/pl/cli/report/shutdown-slow-workers", test_shutdown_slow_workers);
  for (guint i = 0; i < G_N_ELEMENTS (lesson_reports); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/pl/cli/report/lesson/%s", lesson_reports[i].preset);

      g_test_add_data_func (path, &lesson_reports[i], test_lesson_report);
    }
  g_test_add_func ("/pl/cli/override-order", test_override_order);
  g_test_add_func ("/pl/cli/scenario/load", test_scenario);
  g_test_add_func ("/pl/cli/scenario/hostile", test_scenario_hostile);
  g_test_add_func ("/pl/cli/scenario/preset-conflict", test_scenario_preset_conflict);
  g_test_add_func ("/pl/cli/duration", test_duration);
  g_test_add_func ("/pl/cli/no-display", test_no_display);
  g_test_add_func ("/pl/cli/bad/stray-argument-after-switch", test_stray_argument_after_switch);
  g_test_add_data_func ("/pl/cli/help-to-full-device", "--help", test_output_to_full_device);
  g_test_add_data_func ("/pl/cli/version-to-full-device", "--version", test_output_to_full_device);
  g_test_add_func ("/pl/cli/interrupt-at-start", test_interrupt_at_start);
  g_test_add_data_func ("/pl/cli/unusable-display/x11", "x11", test_unusable_display);
  g_test_add_data_func ("/pl/cli/unusable-display/wayland", "wayland", test_unusable_display);
  g_test_add_data_func ("/pl/cli/screenshot/no-display", NULL, test_screenshot_no_display);
  g_test_add_data_func ("/pl/cli/screenshot/unusable-display", "", test_screenshot_no_display);
  g_test_add_func ("/pl/cli/export/refuses-unsafe-paths", test_export_refuses_unsafe_paths);
  g_test_add_func ("/pl/cli/export/replaces-whole", test_export_replaces_whole);
  g_test_add_data_func ("/pl/cli/export/svg", "lesson.svg", test_export);
  g_test_add_data_func ("/pl/cli/export/png", "lesson.png", test_export);

  return g_test_run ();
}
