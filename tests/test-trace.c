/* test-trace.c: --trace, read back and checked against the run's report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pl-pipeline.h"
#include "pl-test-run.h"

/* Generous: the machine is shared, but a stuck program must fail the test. */
#define RUN_TIMEOUT_S 120

static void
run_program (PlTestRun          *run,
             const gchar *const *args)
{
  pl_test_run_program (run, pl_test_binary_path (), NULL, args, RUN_TIMEOUT_S);
  g_assert_false (run->timed_out);
}

typedef struct
{
  const gchar *name;
  const gchar *args[8];
} Lesson;

/* Each lesson's own mode, capacities and ending, with short stages so that
 * the test is quick; both modes of each where the lesson allows. */
static const Lesson lessons[] = {
  { "blocking", { "--preset=blocking", "--items=400" } },
  { "blocking-as-busy-wait", { "--preset=blocking", "--mode=busy-wait", "--backoff-ms=1", "--items=400" } },
  { "busy-wait", { "--preset=busy-wait", "--backoff-ms=1", "--items=400" } },
  { "busy-wait-as-blocking", { "--preset=busy-wait", "--mode=blocking", "--items=400" } },
  { "bounded", { "--preset=bounded", "--items=300" } },
  { "bounded-as-busy-wait", { "--preset=bounded", "--mode=busy-wait", "--backoff-ms=0.5", "--items=300" } },
  { "join", { "--preset=join", "--items=300" } },
  { "closable", { "--preset=closable", "--items=300" } },
};

static JsonNode *
parse_file (const gchar *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
parse_text (const gchar *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static gchar *
temp_trace_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *folder = g_dir_make_tmp ("pl-trace-XXXXXX", &error);

  g_assert_no_error (error);

  return g_build_filename (folder, "run.json", NULL);
}

static void
remove_trace (const gchar *path)
{
  g_autofree gchar *folder = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (folder);
}

static void
test_counts_agree (gconstpointer data)
{
  const Lesson *lesson = data;
  g_autofree gchar *path = temp_trace_path ();
  g_autofree gchar *trace_option = g_strdup_printf ("--trace=%s", path);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(PlTestRun) run = { 0 };
  g_autoptr(JsonNode) report_node = NULL;
  g_autoptr(JsonNode) trace_node = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) counters = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *report, *trace;
  JsonArray *stages, *queues, *events;
  guint64 working[16] = { 0 };
  guint worker_tracks[16] = { 0 };
  guint markers = 0, closes = 0, joins = 0, producers = 0, coordinators = 0;

  g_ptr_array_add (args, "--headless");
  g_ptr_array_add (args, "--report=json");
  g_ptr_array_add (args, trace_option);
  for (guint i = 0; lesson->args[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) lesson->args[i]);
  g_ptr_array_add (args, "--stage=fetch:0.2:uniform:2");
  g_ptr_array_add (args, "--stage=shrink:0.3:exponential:3");
  g_ptr_array_add (args, "--stage=store:0:fixed:1");
  g_ptr_array_add (args, NULL);

  run_program (&run, (const gchar *const *) args->pdata);
  if (run.status != 0)
    g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, ==, 0);

  report_node = parse_text (run.out);
  report = json_node_get_object (report_node);
  stages = json_object_get_array_member (report, "stages");
  queues = json_object_get_array_member (report, "queues");
  g_assert_cmpuint (json_array_get_length (stages), ==, 3);

  trace_node = parse_file (path);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (trace_node));
  trace = json_node_get_object (trace_node);
  g_assert_cmpstr (json_object_get_string_member (trace, "displayTimeUnit"), ==, "ms");
  events = json_object_get_array_member (trace, "traceEvents");
  g_assert_nonnull (events);

  /* Track names first: they tell which stage a thread belongs to. */
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_str_equal (json_object_get_string_member (event, "ph"), "M")
          && g_str_equal (json_object_get_string_member (event, "name"), "thread_name"))
        {
          const gchar *name = json_object_get_string_member (json_object_get_object_member (event, "args"), "name");

          g_hash_table_insert (names, GINT_TO_POINTER (json_object_get_int_member (event, "tid")),
                               g_strdup (name));
        }
    }

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const gchar *ph = json_object_get_string_member (event, "ph");
      const gchar *name = json_object_get_string_member (event, "name");
      const gchar *track = g_hash_table_lookup (names,
                                                GINT_TO_POINTER (json_object_get_int_member (event, "tid")));

      if (!g_str_equal (ph, "M"))
        g_assert_cmpint (json_object_get_int_member (event, "ts"), >=, 0);

      if (g_str_equal (ph, "X"))
        {
          g_assert_cmpint (json_object_get_int_member (event, "dur"), >=, 0);
          g_assert_nonnull (track);
          if (g_str_equal (name, "working"))
            {
              g_auto(GStrv) parts = g_strsplit (track, "/", 2);

              for (guint s = 0; s < 3; s++)
                {
                  JsonObject *stage = json_array_get_object_element (stages, s);

                  if (g_str_equal (parts[0], json_object_get_string_member (stage, "name")))
                    working[s]++;
                }
            }
        }
      else if (g_str_equal (ph, "C"))
        {
          JsonObject *values = json_object_get_object_member (event, "args");

          g_assert_true (json_object_has_member (values, "depth"));
          g_assert_true (json_object_has_member (values, "unfinished"));
          g_hash_table_add (counters, (gpointer) name);
        }
      else if (g_str_equal (ph, "i"))
        {
          markers += g_str_equal (name, "marker met");
          closes += g_str_equal (name, "queue-closed");
          joins += g_str_equal (name, "queue-joined");
        }
      else if (g_str_equal (ph, "M") && g_str_equal (name, "thread_name"))
        {
          producers += g_str_equal (track, "producer");
          coordinators += g_str_equal (track, "coordinator");
          for (guint s = 0; s < 3; s++)
            {
              JsonObject *stage = json_array_get_object_element (stages, s);
              g_autofree gchar *prefix = g_strdup_printf ("%s/worker ",
                                                          json_object_get_string_member (stage, "name"));

              worker_tracks[s] += g_str_has_prefix (track, prefix);
            }
        }
    }

  g_assert_cmpuint (producers, ==, 1);
  g_assert_cmpuint (coordinators, ==, 1);
  for (guint s = 0; s < 3; s++)
    {
      JsonObject *stage = json_array_get_object_element (stages, s);

      g_assert_cmpuint (worker_tracks[s], ==, json_object_get_int_member (stage, "workers"));
      /* The claim: a stage's working spans number its work done. */
      g_assert_cmpuint (working[s], ==, json_object_get_int_member (stage, "work_done"));
      g_assert_cmpuint (working[s], >, 0);
    }
  g_assert_cmpuint (g_hash_table_size (counters), ==, json_array_get_length (queues));

  if (g_str_equal (json_object_get_string_member (report, "ending"), "closed")
      && g_str_equal (json_object_get_string_member (report, "mode"), "blocking"))
    {
      /* Each queue closed once, and each worker met one marker. */
      g_assert_cmpuint (closes, ==, 3);
      g_assert_cmpuint (markers, ==, 2 + 3 + 1);
    }
  else if (g_str_equal (json_object_get_string_member (report, "ending"), "joined"))
    {
      g_assert_cmpuint (joins, ==, 3);
      g_assert_cmpuint (markers, ==, 0);
    }

  remove_trace (path);
}

/* A trace never writes over a file: refused before anything runs. */
static void
test_refuses_existing (void)
{
  g_autofree gchar *path = temp_trace_path ();
  g_autofree gchar *option = g_strdup_printf ("--trace=%s", path);
  const gchar *args[] = { "--headless", "--items=10", option, NULL };
  g_auto(PlTestRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree gchar *contents = NULL;
  const gchar *newline;

  g_file_set_contents (path, "keep me", -1, &error);
  g_assert_no_error (error);

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--trace"));
  newline = strchr (run.err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
  g_assert_cmpstr (run.out, ==, "");

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "keep me");

  remove_trace (path);
}

typedef struct
{
  const gchar *name;
  const gchar *args[5];
} BadTrace;

static const BadTrace bad_traces[] = {
  { "trace-all-alone", { "--headless", "--items=10", "--trace-all" } },
  { "no-folder", { "--headless", "--items=10", "--trace=/nonexistent-folder/run.json" } },
  { "folder", { "--headless", "--items=10", "--trace=/" } },
  { "empty", { "--headless", "--items=10", "--trace=" } },
  { "all-of-a-replay", { "--headless", "--replay=never-read.plrec", "--trace=never-written.json", "--trace-all" } },
  { "compare", { "--headless", "--compare=mode=blocking", "--trace=never-written.json" } },
  { "print-scenario", { "--print-scenario", "--trace=never-written.json" } },
};

static void
test_bad_input (gconstpointer data)
{
  const BadTrace *bad = data;
  g_auto(PlTestRun) run = { 0 };
  const gchar *newline;

  run_program (&run, bad->args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  /* One line, naming the option. */
  newline = strchr (run.err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
  g_assert_nonnull (strstr (run.err, "--trace"));
  g_assert_false (g_file_test ("never-written.json", G_FILE_TEST_EXISTS));
}

/* An unwritable folder: refused with one line, before the run. */
static void
test_unwritable_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *folder = g_dir_make_tmp ("pl-trace-XXXXXX", &error);
  g_autofree gchar *path = g_build_filename (folder, "run.json", NULL);
  g_autofree gchar *option = g_strdup_printf ("--trace=%s", path);
  const gchar *args[] = { "--headless", "--items=10", option, NULL };
  g_auto(PlTestRun) run = { 0 };

  g_assert_no_error (error);
  g_chmod (folder, 0500);
  if (g_access (folder, W_OK) == 0)
    {
      g_chmod (folder, 0700);
      g_rmdir (folder);
      g_test_skip ("running as a user who can write anywhere");
      return;
    }

  run_program (&run, args);
  g_chmod (folder, 0700);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--trace"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (folder);
}

/* The last value of each counter, by name and key: "work done: fetch"
 * → "items" → N. */
static GHashTable *
last_counters (JsonArray *events)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      g_autoptr(GList) members = NULL;
      JsonObject *args;
      gint64 ts;

      if (!g_str_equal (json_object_get_string_member (event, "ph"), "C"))
        continue;
      ts = json_object_get_int_member (event, "ts");
      args = json_object_get_object_member (event, "args");
      members = json_object_get_members (args);
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree gchar *key = g_strdup_printf ("%s|%s", json_object_get_string_member (event, "name"),
                                                   (const gchar *) l->data);
          gpointer seen = g_hash_table_lookup (times, key);

          /* The latest by time wins, wherever it is in the file. */
          if (seen != NULL && GPOINTER_TO_SIZE (seen) - 1 > (gsize) ts)
            continue;
          g_hash_table_insert (times, g_strdup (key), GSIZE_TO_POINTER ((gsize) ts + 1));
          g_hash_table_insert (values, g_steal_pointer (&key),
                               GSIZE_TO_POINTER ((gsize) json_object_get_int_member (args, l->data)));
        }
    }

  return values;
}

static void
count_instants (JsonArray  *events,
                GHashTable *counts)
{
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const gchar *name = json_object_get_string_member (event, "name");

      if (!g_str_equal (json_object_get_string_member (event, "ph"), "i")
          || g_strcmp0 (json_object_get_string_member_with_default (event, "cat", ""), "pipeline") != 0)
        continue;
      g_hash_table_insert (counts, (gpointer) name,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
    }
}

/* --replay with --trace: the recorded run as a trace, whose exact counters
 * equal the report's and whose instants are the live run's events. */
static void
test_replay (gconstpointer data)
{
  const Lesson *lesson = data;
  g_autofree gchar *live_path = temp_trace_path ();
  g_autofree gchar *folder = g_path_get_dirname (live_path);
  g_autofree gchar *record_path = g_build_filename (folder, "run.plrec", NULL);
  g_autofree gchar *replay_path = g_build_filename (folder, "replay.json", NULL);
  g_autofree gchar *live_option = g_strdup_printf ("--trace=%s", live_path);
  g_autofree gchar *record_option = g_strdup_printf ("--record=%s", record_path);
  g_autofree gchar *replay_option = g_strdup_printf ("--replay=%s", record_path);
  g_autofree gchar *trace_option = g_strdup_printf ("--trace=%s", replay_path);
  const gchar *replay_args[] = { "--headless", "--report=json", replay_option, trace_option, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(PlTestRun) live = { 0 };
  g_auto(PlTestRun) replay = { 0 };
  g_autoptr(JsonNode) live_report = NULL;
  g_autoptr(JsonNode) report_node = NULL;
  g_autoptr(JsonNode) live_trace = NULL;
  g_autoptr(JsonNode) trace_node = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GHashTable) live_instants = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) instants = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *report, *trace, *other;
  JsonArray *stages, *queues, *events;
  guint64 working[3] = { 0 }, all_working = 0;
  guint worker_tracks[3] = { 0 };
  GHashTableIter iter;
  gpointer key, value;

  g_ptr_array_add (args, "--headless");
  g_ptr_array_add (args, "--report=json");
  g_ptr_array_add (args, live_option);
  g_ptr_array_add (args, record_option);
  for (guint i = 0; lesson->args[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) lesson->args[i]);
  /* Items long enough to be seen in samples 60 times a second. */
  g_ptr_array_add (args, "--stage=fetch:2:uniform:2");
  g_ptr_array_add (args, "--stage=shrink:3:exponential:3");
  g_ptr_array_add (args, "--stage=store:1:fixed:1");
  g_ptr_array_add (args, NULL);

  run_program (&live, (const gchar *const *) args->pdata);
  if (live.status != 0)
    g_test_message ("stderr: %s", live.err);
  g_assert_cmpint (live.status, ==, 0);
  live_report = parse_text (live.out);

  run_program (&replay, replay_args);
  if (replay.status != 0)
    g_test_message ("stderr: %s", replay.err);
  g_assert_cmpint (replay.status, ==, 0);
  report_node = parse_text (replay.out);
  report = json_node_get_object (report_node);
  stages = json_object_get_array_member (report, "stages");
  queues = json_object_get_array_member (report, "queues");
  g_assert_cmpuint (json_array_get_length (stages), ==, 3);
  g_assert_cmpint (json_object_get_int_member (report, "processed"), ==,
                   json_object_get_int_member (json_node_get_object (live_report), "processed"));

  trace_node = parse_file (replay_path);
  trace = json_node_get_object (trace_node);
  g_assert_cmpstr (json_object_get_string_member (trace, "displayTimeUnit"), ==, "ms");
  /* It says how coarse its spans are. */
  other = json_object_get_object_member (trace, "otherData");
  g_assert_nonnull (other);
  g_assert_cmpstr (json_object_get_string_member (other, "source"), ==, "recording");
  g_assert_cmpfloat (json_object_get_double_member (other, "sample_interval_ms"), >, 0.0);
  g_assert_cmpint (json_object_get_int_member (other, "samples"), >, 1);
  events = json_object_get_array_member (trace, "traceEvents");

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_str_equal (json_object_get_string_member (event, "ph"), "M")
          && g_str_equal (json_object_get_string_member (event, "name"), "thread_name"))
        g_hash_table_insert (names, GINT_TO_POINTER (json_object_get_int_member (event, "tid")),
                             g_strdup (json_object_get_string_member (json_object_get_object_member (event, "args"), "name")));
    }

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const gchar *ph = json_object_get_string_member (event, "ph");
      const gchar *track = g_hash_table_lookup (names,
                                                GINT_TO_POINTER (json_object_get_int_member (event, "tid")));

      if (g_str_equal (ph, "M"))
        {
          for (guint s = 0; s < 3 && track != NULL
               && g_str_equal (json_object_get_string_member (event, "name"), "thread_name"); s++)
            {
              g_autofree gchar *prefix = g_strdup_printf ("%s/worker ",
                                                          json_object_get_string_member (json_array_get_object_element (stages, s), "name"));

              worker_tracks[s] += g_str_has_prefix (track, prefix);
            }
          continue;
        }

      g_assert_cmpint (json_object_get_int_member (event, "ts"), >=, 0);
      if (!g_str_equal (ph, "X"))
        continue;

      g_assert_cmpint (json_object_get_int_member (event, "dur"), >=, 0);
      g_assert_nonnull (track);
      if (g_str_equal (json_object_get_string_member (event, "name"), "working"))
        for (guint s = 0; s < 3; s++)
          {
            g_autofree gchar *prefix = g_strdup_printf ("%s/worker ",
                                                        json_object_get_string_member (json_array_get_object_element (stages, s), "name"));

            working[s] += g_str_has_prefix (track, prefix);
          }
    }

  values = last_counters (events);
  for (guint s = 0; s < 3; s++)
    {
      JsonObject *stage = json_array_get_object_element (stages, s);
      g_autofree gchar *key_name = g_strdup_printf ("work done: %s|items",
                                                    json_object_get_string_member (stage, "name"));

      g_assert_cmpuint (worker_tracks[s], ==, json_object_get_int_member (stage, "workers"));
      /* Exact: the samples count every item. */
      g_assert_true (g_hash_table_contains (values, key_name));
      g_assert_cmpuint (GPOINTER_TO_SIZE (g_hash_table_lookup (values, key_name)), ==,
                        json_object_get_int_member (stage, "work_done"));
      /* Sampled: a span is at least one item, but short ones go unseen. */
      g_assert_cmpuint (working[s], <=, json_object_get_int_member (stage, "work_done"));
      all_working += working[s];
    }
  g_assert_cmpuint (all_working, >, 0);
  g_assert_cmpuint (GPOINTER_TO_SIZE (g_hash_table_lookup (values, "items|processed")), ==,
                    json_object_get_int_member (report, "processed"));
  for (guint q = 0; q < json_array_get_length (queues); q++)
    {
      g_autofree gchar *prefix = g_strdup_printf ("queue %u: ", q);
      gboolean found = FALSE;

      g_hash_table_iter_init (&iter, values);
      while (g_hash_table_iter_next (&iter, &key, &value))
        found |= g_str_has_prefix (key, prefix) && g_str_has_suffix (key, "|depth");
      g_assert_true (found);
    }

  /* Every event of the run, as the live trace has them. */
  live_trace = parse_file (live_path);
  count_instants (json_object_get_array_member (json_node_get_object (live_trace), "traceEvents"),
                  live_instants);
  count_instants (events, instants);
  g_assert_cmpuint (g_hash_table_size (instants), >, 0);
  g_assert_cmpuint (g_hash_table_size (instants), ==, g_hash_table_size (live_instants));
  g_hash_table_iter_init (&iter, live_instants);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_test_message ("%s: %u", (const gchar *) key, GPOINTER_TO_UINT (value));
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (instants, key)), ==,
                        GPOINTER_TO_UINT (value));
    }

  g_unlink (record_path);
  g_unlink (replay_path);
  remove_trace (live_path);
}

/* --export with --trace: the run up to the picture's moment is traced. */
static void
test_export (void)
{
  g_autofree gchar *path = temp_trace_path ();
  g_autofree gchar *folder = g_path_get_dirname (path);
  g_autofree gchar *picture = g_build_filename (folder, "line.svg", NULL);
  g_autofree gchar *trace_option = g_strdup_printf ("--trace=%s", path);
  g_autofree gchar *export_option = g_strdup_printf ("--export=%s", picture);
  const gchar *args[] = { export_option, trace_option, "--after=0.3", "--mode=blocking",
                          "--stage=fetch:1", "--stage=store:1", "--items=100000", NULL };
  g_auto(PlTestRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *events;
  guint working = 0;

  run_program (&run, args);
  if (run.status != 0)
    g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (picture, G_FILE_TEST_IS_REGULAR));

  root = parse_file (path);
  events = json_object_get_array_member (json_node_get_object (root), "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      working += g_str_equal (json_object_get_string_member (event, "ph"), "X")
                 && g_str_equal (json_object_get_string_member (event, "name"), "working");
    }
  g_assert_cmpuint (working, >, 0);

  g_unlink (picture);
  remove_trace (path);
}

/* A file that is no recording: refused with one line, and no trace. */
static void
test_replay_not_recording (void)
{
  g_autofree gchar *path = temp_trace_path ();
  g_autofree gchar *folder = g_path_get_dirname (path);
  g_autofree gchar *notes = g_build_filename (folder, "notes.plrec", NULL);
  g_autofree gchar *replay_option = g_strdup_printf ("--replay=%s", notes);
  g_autofree gchar *trace_option = g_strdup_printf ("--trace=%s", path);
  const gchar *args[] = { "--headless", replay_option, trace_option, NULL };
  g_auto(PlTestRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  const gchar *newline;

  g_file_set_contents (notes, "[pipeline]\nmode=blocking\n", -1, &error);
  g_assert_no_error (error);

  run_program (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  newline = strchr (run.err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_unlink (notes);
  remove_trace (path);
}

/* Runs a small traced line to its end; returns its last sample. */
static PlSample *
run_traced (PlTracer *tracer,
            gdouble   mean_ms,
            guint64   items,
            gboolean  finish)
{
  g_autoptr(PlPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  PlSample *sample;
  PlConfig config;

  pl_config_init_default (&config);
  config.mode = PL_MODE_BLOCKING;
  config.items = items;
  config.auto_close = TRUE;
  config.n_stages = 1;
  g_strlcpy (config.stages[0].name, "only", sizeof config.stages[0].name);
  config.stages[0].mean_ms = mean_ms;
  config.stages[0].distribution = PL_DIST_FIXED;
  config.stages[0].workers = 1;
  config.capacities[0] = 0;

  pipeline = pl_pipeline_new (&config);
  pl_pipeline_set_tracer (pipeline, tracer);
  pl_pipeline_start (pipeline, &error);
  g_assert_no_error (error);
  /* Bounded: a line that never ends fails here rather than hanging. */
  g_assert_true (pl_pipeline_wait (pipeline, 60 * G_USEC_PER_SEC));

  sample = pl_pipeline_sample (pipeline);
  if (finish)
    {
      g_assert_true (pl_pipeline_finish_trace (pipeline, &error));
      g_assert_no_error (error);
    }

  return sample;
}

/* With a limit, nothing in the file ends after it. */
#define LIMIT_US (500 * 1000)

static void
test_limit_cuts (void)
{
  g_autofree gchar *path = temp_trace_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(JsonNode) root = NULL;
  PlTracer *tracer = pl_tracer_new (path, &error);
  JsonArray *events;
  gint64 last_end = 0;
  guint working = 0;

  g_assert_no_error (error);
  /* 1000 items of at least 1 ms each take over a second, so a limit of
   * half a second always cuts the run, and leaves a loaded machine ample
   * time to start the threads and finish the first items within it. */
  pl_tracer_set_limit (tracer, LIMIT_US);
  sample = run_traced (tracer, 1.0, 1000, TRUE);
  g_assert_cmpuint (sample->stages[0].work_done, ==, 1000);

  root = parse_file (path);
  events = json_object_get_array_member (json_node_get_object (root), "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const gchar *ph = json_object_get_string_member (event, "ph");

      if (g_str_equal (ph, "M"))
        continue;
      last_end = MAX (last_end, json_object_get_int_member (event, "ts")
                                + json_object_get_int_member_with_default (event, "dur", 0));
      working += g_str_equal (json_object_get_string_member (event, "name"), "working");
    }
  g_assert_cmpint (last_end, <=, LIMIT_US);
  g_assert_cmpuint (working, >, 0);
  g_assert_cmpuint (working, <, 1000);

  remove_trace (path);
}

/* A pipeline dropped with its trace unfinished leaves no half file. */
static void
test_abandoned_leaves_nothing (void)
{
  g_autofree gchar *path = temp_trace_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlSample) sample = NULL;
  PlTracer *tracer = pl_tracer_new (path, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  sample = run_traced (tracer, 0.0, 50, FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  remove_trace (path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/pl/trace/counts-agree/%s", lessons[i].name);

      g_test_add_data_func (path, &lessons[i], test_counts_agree);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_traces); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/pl/trace/bad-input/%s", bad_traces[i].name);

      g_test_add_data_func (path, &bad_traces[i], test_bad_input);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lessons); i += 2)
    {
      g_autofree gchar *path = g_strdup_printf ("/pl/trace/replay/%s", lessons[i].name);

      g_test_add_data_func (path, &lessons[i], test_replay);
    }
  g_test_add_func ("/pl/trace/replay/not-a-recording", test_replay_not_recording);
  g_test_add_func ("/pl/trace/export", test_export);
  g_test_add_func ("/pl/trace/refuses-existing-file", test_refuses_existing);
  g_test_add_func ("/pl/trace/limit-cuts", test_limit_cuts);
  g_test_add_func ("/pl/trace/abandoned-leaves-nothing", test_abandoned_leaves_nothing);
  g_test_add_func ("/pl/trace/unwritable-folder", test_unwritable_folder);

  return g_test_run ();
}
