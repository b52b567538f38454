/* test-report.c: the text, JSON and CSV reports of a hand-made sample
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "pl-report.h"

typedef struct
{
  PlConfig  config;
  PlSample *sample;
} Fixture;

static const gchar *const stage_names[] = { "fetch", "shrink", "store" };

/* A finished busy-wait run of 1000 items whose numbers are all different,
 * so that a value reported in the wrong place shows. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  PlSample *sample = pl_sample_new ();

  pl_config_init_default (&fixture->config);
  fixture->config.mode = PL_MODE_BUSY_WAIT;

  sample->serial = 99;
  sample->elapsed_us = 2 * G_USEC_PER_SEC;
  sample->state = PL_PIPELINE_CANCELLED;
  sample->mode = PL_MODE_BUSY_WAIT;
  sample->items = 1000;
  sample->produced = 1000;
  sample->processed = 1000;
  sample->coordinator_polls = 42;
  sample->workers_cancelled = 3;
  sample->process_cpu_ns = 1500000000;
  sample->n_stages = G_N_ELEMENTS (stage_names);
  sample->n_queues = sample->n_stages + 1;

  for (guint i = 0; i < sample->n_stages; i++)
    {
      PlStageSample *stage = &sample->stages[i];

      g_strlcpy (stage->name, stage_names[i], sizeof stage->name);
      stage->n_workers = i + 1;
      stage->work_done = 1000;
      stage->polls = 1000 + 10 * (i + 1);
      stage->empty_polls = 10 * (i + 1);
      stage->cpu_ns = 250000000 * (gint64) (i + 1);
      stage->service_us = 1000 * 250 * (gint64) (i + 1);  /* 0.25 ms per item per rank */
    }

  for (guint i = 0; i < sample->n_queues; i++)
    {
      PlQueueStats *stats = &sample->queues[i].stats;

      stats->capacity = i == 1 ? 4 : 0;
      stats->max_depth = 100 + i;
      stats->puts = 1000;
      stats->gets = i + 1 < sample->n_queues ? 1000 : 0;
      stats->put_waits = 7 * i;
      stats->get_waits = 11 * i;
    }

  fixture->sample = sample;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->sample, pl_sample_unref);
}

static JsonObject *
parse_object (const gchar *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const gchar **) a, *(const gchar **) b);
}

/* The object has exactly these members, no more and no fewer. */
static void
assert_keys (JsonObject         *object,
             const gchar *const *expected)
{
  GList *members = json_object_get_members (object);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  g_autoptr(GString) found_text = g_string_new (NULL);
  g_autoptr(GString) wanted_text = g_string_new (NULL);

  for (GList *l = members; l != NULL; l = l->next)
    g_ptr_array_add (found, l->data);
  for (guint i = 0; expected[i] != NULL; i++)
    g_ptr_array_add (wanted, (gpointer) expected[i]);
  g_ptr_array_sort (found, compare_strings);
  g_ptr_array_sort (wanted, compare_strings);

  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (found_text, "%s ", (const gchar *) found->pdata[i]);
  for (guint i = 0; i < wanted->len; i++)
    g_string_append_printf (wanted_text, "%s ", (const gchar *) wanted->pdata[i]);
  g_assert_cmpstr (found_text->str, ==, wanted_text->str);

  g_list_free (members);
}

static void
test_json_keys (Fixture       *fixture,
                gconstpointer  data)
{
  const gchar *const top[] = {
    "mode", "items", "processed", "polls", "empty_polls", "coordinator_polls",
    "elapsed_s", "throughput", "cpu_s", "workers_cancelled", "fed", "dropped",
    "held", "ending", "stages", "queues", NULL
  };
  const gchar *const stage_keys[] = {
    "name", "workers", "work_done", "polls", "empty_polls", "cpu_s",
    "mean_service_ms", NULL
  };
  const gchar *const queue_keys[] = {
    "capacity", "max_depth", "puts", "gets", "put_waits", "get_waits", NULL
  };
  g_autofree gchar *json = pl_report_to_json (&fixture->config, fixture->sample);
  g_autoptr(JsonObject) root = parse_object (json);
  JsonArray *stages, *queues;

  assert_keys (root, top);

  stages = json_object_get_array_member (root, "stages");
  g_assert_cmpuint (json_array_get_length (stages), ==, 3);
  for (guint i = 0; i < 3; i++)
    assert_keys (json_array_get_object_element (stages, i), stage_keys);

  queues = json_object_get_array_member (root, "queues");
  g_assert_cmpuint (json_array_get_length (queues), ==, 4);
  for (guint i = 0; i < 4; i++)
    assert_keys (json_array_get_object_element (queues, i), queue_keys);
}

static void
test_json_values (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree gchar *json = pl_report_to_json (&fixture->config, fixture->sample);
  g_autoptr(JsonObject) root = parse_object (json);
  JsonArray *stages, *queues;
  gint64 polls = 0, empty_polls = 0;

  g_assert_cmpstr (json_object_get_string_member (root, "mode"), ==, "busy-wait");
  g_assert_cmpint (json_object_get_int_member (root, "items"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (root, "processed"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (root, "coordinator_polls"), ==, 42);
  g_assert_cmpint (json_object_get_int_member (root, "workers_cancelled"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "elapsed_s"), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "throughput"), 500.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "cpu_s"), 1.5, 1e-9);

  stages = json_object_get_array_member (root, "stages");
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *stage = json_array_get_object_element (stages, i);

      g_assert_cmpstr (json_object_get_string_member (stage, "name"), ==, stage_names[i]);
      g_assert_cmpint (json_object_get_int_member (stage, "workers"), ==, i + 1);
      g_assert_cmpint (json_object_get_int_member (stage, "work_done"), ==, 1000);
      g_assert_cmpint (json_object_get_int_member (stage, "polls"), ==, 1000 + 10 * (i + 1));
      g_assert_cmpint (json_object_get_int_member (stage, "empty_polls"), ==, 10 * (i + 1));
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stage, "cpu_s"),
                                      0.25 * (i + 1), 1e-9);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stage, "mean_service_ms"),
                                      pl_stage_sample_mean_service_ms (&fixture->sample->stages[i]),
                                      1e-9);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stage, "mean_service_ms"),
                                      0.25 * (i + 1), 1e-9);
      polls += json_object_get_int_member (stage, "polls");
      empty_polls += json_object_get_int_member (stage, "empty_polls");
    }
  /* The totals are the stages' sums. */
  g_assert_cmpint (json_object_get_int_member (root, "polls"), ==, polls);
  g_assert_cmpint (json_object_get_int_member (root, "empty_polls"), ==, empty_polls);

  queues = json_object_get_array_member (root, "queues");
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *queue = json_array_get_object_element (queues, i);

      g_assert_cmpint (json_object_get_int_member (queue, "capacity"), ==, i == 1 ? 4 : 0);
      g_assert_cmpint (json_object_get_int_member (queue, "max_depth"), ==, 100 + i);
      g_assert_cmpint (json_object_get_int_member (queue, "puts"), ==, 1000);
      g_assert_cmpint (json_object_get_int_member (queue, "gets"), ==, i < 3 ? 1000 : 0);
      g_assert_cmpint (json_object_get_int_member (queue, "put_waits"), ==, 7 * i);
      g_assert_cmpint (json_object_get_int_member (queue, "get_waits"), ==, 11 * i);
    }
}

/* How many lines match `pattern`. */
static guint
count_rows (const gchar *text,
            const gchar *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint count = 0;

  g_assert_nonnull (regex);
  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      count++;
      g_match_info_next (match, NULL);
    }

  return count;
}

static void
test_text_rows (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree gchar *text = pl_report_to_text (&fixture->config, fixture->sample);
  g_autofree gchar *first_line = NULL;

  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_test_message ("%s", text);

  /* The headline says how many were processed and how often they polled. */
  first_line = g_strndup (text, strcspn (text, "\n"));
  /* As the book prints it: "Processed 1000 items after polling …". */
  g_assert_true (g_str_has_prefix (first_line, "Processed 1000 items after polling 3060 times"));

  /* One stage row each: the name, then the worker count. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *pattern = g_strdup_printf ("^%s +%u +1000 ", stage_names[i], i + 1);

      g_assert_cmpuint (count_rows (text, pattern), ==, 1);
    }

  /* One queue row each, capacity 0 shown as unbounded. */
  g_assert_cmpuint (count_rows (text, "^\\S+ → \\S+ +(∞|\\d+) +\\d+ +1000 "), ==, 4);
  g_assert_cmpuint (count_rows (text, "^input → fetch +∞ +100 "), ==, 1);
  g_assert_cmpuint (count_rows (text, "^fetch → shrink +4 +101 "), ==, 1);
  g_assert_cmpuint (count_rows (text, "^store → done +∞ +103 "), ==, 1);

  /* Every item was done, yet the busy-wait workers had to be cancelled. */
  g_assert_nonnull (strstr (text, "cancel"));
}

static void
test_text_endings (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree gchar *closed = NULL;
  g_autofree gchar *stopped = NULL;
  g_autofree gchar *json = NULL;
  g_autoptr(JsonObject) root = NULL;

  fixture->sample->state = PL_PIPELINE_FINISHED;
  fixture->sample->mode = PL_MODE_BLOCKING;
  fixture->sample->workers_cancelled = 0;
  closed = pl_report_to_text (&fixture->config, fixture->sample);
  g_assert_nonnull (strstr (closed, "close → join"));
  g_assert_null (strstr (closed, "cancel"));

  /* Stopped early: the cancelled workers show in their states. */
  fixture->sample->state = PL_PIPELINE_CANCELLED;
  fixture->sample->processed = 400;
  fixture->sample->stages[1].workers[0].state = PL_WORKER_CANCELLED;
  fixture->sample->stages[2].workers[1].state = PL_WORKER_CANCELLED;
  fixture->sample->stages[2].workers[2].state = PL_WORKER_CANCELLED;
  stopped = pl_report_to_text (&fixture->config, fixture->sample);
  g_assert_nonnull (strstr (stopped, "400 of 1000"));
  g_assert_nonnull (strstr (stopped, "3 workers were cancelled"));

  json = pl_report_to_json (&fixture->config, fixture->sample);
  root = parse_object (json);
  g_assert_cmpint (json_object_get_int_member (root, "workers_cancelled"), ==, 3);
}

static guint
count_fields (const gchar *line)
{
  g_auto(GStrv) fields = NULL;
  g_autofree gchar *copy = g_strdup (line);

  g_assert_true (g_str_has_suffix (copy, "\n"));
  copy[strlen (copy) - 1] = '\0';
  g_assert_null (strchr (copy, '\n'));
  fields = g_strsplit (copy, ",", -1);

  return g_strv_length (fields);
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree gchar *header = pl_report_csv_header (fixture->sample);
  g_autofree gchar *row = NULL;
  g_auto(GStrv) fields = NULL;
  const guint expected = 4 + 4 + 3 * 3;

  g_assert_cmpuint (count_fields (header), ==, expected);
  g_assert_true (g_str_has_prefix (header, "time_s,processed,throughput,cpu_s,"));
  g_assert_nonnull (strstr (header, "shrink_work_done"));
  g_assert_nonnull (strstr (header, "done_queue_depth"));

  /* A locale with a decimal comma must not split the numbers. */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    g_test_message ("de_DE.UTF-8 is not installed; checking in the C locale only");
  row = pl_report_csv_row (fixture->sample);
  setlocale (LC_NUMERIC, "C");

  g_assert_cmpuint (count_fields (row), ==, expected);
  fields = g_strsplit (row, ",", -1);
  g_assert_cmpstr (fields[0], ==, "2.000");
  g_assert_cmpstr (fields[1], ==, "1000");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[2], NULL), 500.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[3], NULL), 1.5, 1e-6);
}

/* A sample with no time elapsed must still give valid JSON. */
static void
test_json_empty_run (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree gchar *json = NULL;
  g_autoptr(JsonObject) root = NULL;

  fixture->sample->elapsed_us = 0;
  fixture->sample->processed = 0;
  for (guint i = 0; i < fixture->sample->n_stages; i++)
    fixture->sample->stages[i].work_done = 0;

  json = pl_report_to_json (&fixture->config, fixture->sample);
  root = parse_object (json);
  g_assert_cmpfloat (json_object_get_double_member (root, "throughput"), ==, 0.0);
}

/* Turns the fixture into a blocking run that ended by itself. */
static void
finish_blocking (Fixture *fixture,
                 guint    workers_cancelled)
{
  fixture->sample->state = PL_PIPELINE_FINISHED;
  fixture->sample->mode = PL_MODE_BLOCKING;
  fixture->sample->workers_cancelled = workers_cancelled;
}

/* Queue operations count the close marker: close() is its put, and the
 * worker that meets it made a get. The text shows the markers apart. */
static void
test_markers_counted (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree gchar *text = NULL;
  g_autofree gchar *json = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *queues;

  finish_blocking (fixture, 0);
  for (guint i = 0; i < fixture->sample->n_stages; i++)
    {
      PlQueueStats *stats = &fixture->sample->queues[i].stats;

      fixture->sample->stages[i].polls = 0;
      fixture->sample->stages[i].empty_polls = 0;
      stats->closes = fixture->sample->stages[i].n_workers;
      stats->markers_taken = fixture->sample->stages[i].n_workers;
    }

  json = pl_report_to_json (&fixture->config, fixture->sample);
  root = parse_object (json);
  queues = json_object_get_array_member (root, "queues");
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *queue = json_array_get_object_element (queues, i);

      g_assert_cmpint (json_object_get_int_member (queue, "puts"), ==, 1000 + i + 1);
      g_assert_cmpint (json_object_get_int_member (queue, "gets"), ==, 1000 + i + 1);
    }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (queues, 3), "gets"),
                   ==, 0);

  text = pl_report_to_text (&fixture->config, fixture->sample);
  g_test_message ("%s", text);
  g_assert_cmpuint (count_rows (text, "^fetch → shrink +4 +101 +1002 +1002 +2 "), ==, 1);
  g_assert_cmpuint (count_rows (text, "^store → done +∞ +103 +1000 +0 +0 "), ==, 1);
  g_assert_true (g_str_has_prefix (text, "Processed 1000 items without a single poll"));
  g_assert_nonnull (strstr (text, "3006 gets for 3000 items and 6 markers"));
}

static void
test_text_shutdown (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree gchar *text = NULL;

  finish_blocking (fixture, 0);
  fixture->sample->shut_down = TRUE;
  fixture->sample->processed = 120;
  fixture->sample->dropped = 877;
  fixture->sample->in_hand = 3;
  fixture->sample->held = 3;

  text = pl_report_to_text (&fixture->config, fixture->sample);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Processed 120 of 1000 items after polling"));
  g_assert_nonnull (strstr (text, "of 1000 items fed, 120 were delivered, 877 were dropped "
                                  "(waiting in a queue, or finished by a worker whose put "
                                  "was then refused) and 3 were still in a worker's hands"));
  g_assert_null (strstr (text, "close → join"));
  g_assert_null (strstr (text, "cancel"));
  /* The memory line counts what is still in the line. */
  g_assert_nonnull (strstr (text, "MiB resident (the whole process); 3 items held in the line "
                                  "(queued or in a worker's hands)\n"));
}

static void
test_text_join (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree gchar *text = NULL;

  fixture->config.ending = PL_ENDING_JOIN;
  finish_blocking (fixture, 6);

  text = pl_report_to_text (&fixture->config, fixture->sample);
  g_assert_nonnull (strstr (text, "Every queue was joined in turn"));
  g_assert_nonnull (strstr (text, "had to cancel 6 workers"));
  g_assert_null (strstr (text, "close → join"));
}

/* The join lesson in busy-wait mode: the workers were polling, not asleep
 * in get, when the program cancelled them. */
static void
test_text_join_busy_wait (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree gchar *text = NULL;

  fixture->config.ending = PL_ENDING_JOIN;
  finish_blocking (fixture, 6);
  fixture->sample->mode = PL_MODE_BUSY_WAIT;
  fixture->sample->ending = PL_RUN_JOINED;

  text = pl_report_to_text (&fixture->config, fixture->sample);
  g_assert_nonnull (strstr (text, "Every queue was joined in turn"));
  g_assert_nonnull (strstr (text, "busy-wait workers poll until they are told to stop"));
  g_assert_null (strstr (text, "asleep in get"));
  g_assert_nonnull (strstr (text, "had to cancel 6 workers"));
}

/* A line shut down at once and then stopped (by --duration, or because
 * the program would not wait for workers in the middle of an item) ended
 * by the shutdown, and says so once. */
static void
test_one_ending (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree gchar *text = NULL;
  g_autofree gchar *json = NULL;
  g_autoptr(JsonObject) root = NULL;

  fixture->sample->state = PL_PIPELINE_CANCELLED;
  fixture->sample->shut_down = TRUE;
  fixture->sample->ending = PL_RUN_SHUT_DOWN;
  fixture->sample->produced = 1000;
  fixture->sample->processed = 190;
  fixture->sample->dropped = 806;
  fixture->sample->in_hand = 4;
  fixture->sample->held = 4;
  fixture->sample->stages[1].workers[0].state = PL_WORKER_CANCELLED;

  text = pl_report_to_text (&fixture->config, fixture->sample);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "The line was shut down at once"));
  g_assert_null (strstr (text, "was stopped"));

  json = pl_report_to_json (&fixture->config, fixture->sample);
  root = parse_object (json);
  g_assert_cmpstr (json_object_get_string_member (root, "ending"), ==, "shut-down");
}

/* fed = processed + dropped + held, whatever the ending. */
static void
test_json_accounts (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct
  {
    PlRunEnding  ending;
    const gchar *name;
    guint64      processed, dropped, held;
  } cases[] = {
    { PL_RUN_CLOSED, "closed", 1000, 0, 0 },
    { PL_RUN_JOINED, "joined", 1000, 0, 0 },
    { PL_RUN_SHUT_DOWN, "shut-down", 120, 870, 10 },
    { PL_RUN_DURATION, "duration", 400, 0, 600 },
    { PL_RUN_CAPPED, "capped", 1000, 0, 0 },
    { PL_RUN_CANCELLED, "cancelled", 5, 0, 995 },
    { PL_RUN_INTERRUPTED, "interrupted", 0, 0, 1000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *json = NULL;
      g_autoptr(JsonObject) root = NULL;

      fixture->sample->state = cases[i].ending == PL_RUN_CLOSED
                               || cases[i].ending == PL_RUN_JOINED
                               || cases[i].ending == PL_RUN_CAPPED
                               ? PL_PIPELINE_FINISHED : PL_PIPELINE_CANCELLED;
      fixture->sample->ending = cases[i].ending;
      fixture->sample->produced = 1000;
      fixture->sample->processed = cases[i].processed;
      fixture->sample->dropped = cases[i].dropped;
      fixture->sample->held = cases[i].held;

      json = pl_report_to_json (&fixture->config, fixture->sample);
      root = parse_object (json);
      g_assert_cmpstr (json_object_get_string_member (root, "ending"), ==, cases[i].name);
      g_assert_cmpint (json_object_get_int_member (root, "fed"), ==, 1000);
      g_assert_cmpint (json_object_get_int_member (root, "fed"), ==,
                       json_object_get_int_member (root, "processed")
                       + json_object_get_int_member (root, "dropped")
                       + json_object_get_int_member (root, "held"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pl/report/json/keys", Fixture, NULL,
              fixture_set_up, test_json_keys, fixture_tear_down);
  g_test_add ("/pl/report/json/values", Fixture, NULL,
              fixture_set_up, test_json_values, fixture_tear_down);
  g_test_add ("/pl/report/json/empty-run", Fixture, NULL,
              fixture_set_up, test_json_empty_run, fixture_tear_down);
  g_test_add ("/pl/report/text/rows", Fixture, NULL,
              fixture_set_up, test_text_rows, fixture_tear_down);
  g_test_add ("/pl/report/text/endings", Fixture, NULL,
              fixture_set_up, test_text_endings, fixture_tear_down);
  g_test_add ("/pl/report/csv", Fixture, NULL,
              fixture_set_up, test_csv, fixture_tear_down);
  g_test_add ("/pl/report/markers-counted", Fixture, NULL,
              fixture_set_up, test_markers_counted, fixture_tear_down);
  g_test_add ("/pl/report/text/shutdown", Fixture, NULL,
              fixture_set_up, test_text_shutdown, fixture_tear_down);
  g_test_add ("/pl/report/text/join", Fixture, NULL,
              fixture_set_up, test_text_join, fixture_tear_down);
  g_test_add ("/pl/report/text/join-busy-wait", Fixture, NULL,
              fixture_set_up, test_text_join_busy_wait, fixture_tear_down);
  g_test_add ("/pl/report/one-ending", Fixture, NULL,
              fixture_set_up, test_one_ending, fixture_tear_down);
  g_test_add ("/pl/report/json/accounts", Fixture, NULL,
              fixture_set_up, test_json_accounts, fixture_tear_down);

  return g_test_run ();
}
