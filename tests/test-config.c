/* test-config.c: defaults, presets, option parsers and scenario files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "pl-config.h"

/* Field by field, so that padding bytes never decide equality. */
static void
assert_config_equal (const PlConfig *a,
                     const PlConfig *b)
{
  g_assert_cmpstr (a->preset, ==, b->preset);
  g_assert_cmpint (a->mode, ==, b->mode);
  g_assert_cmpuint (a->items, ==, b->items);
  g_assert_cmpuint (a->n_stages, ==, b->n_stages);
  for (guint i = 0; i < a->n_stages; i++)
    {
      g_assert_cmpstr (a->stages[i].name, ==, b->stages[i].name);
      g_assert_true (a->stages[i].mean_ms == b->stages[i].mean_ms);
      g_assert_cmpint (a->stages[i].distribution, ==, b->stages[i].distribution);
      g_assert_cmpuint (a->stages[i].workers, ==, b->stages[i].workers);
      g_assert_cmpuint (a->capacities[i], ==, b->capacities[i]);
    }
  g_assert_true (a->backoff_ms == b->backoff_ms);
  g_assert_cmpint (a->work, ==, b->work);
  g_assert_cmpuint (a->seed, ==, b->seed);
  g_assert_true (a->duration_s == b->duration_s);
  g_assert_cmpint (a->auto_close, ==, b->auto_close);
  g_assert_cmpuint (a->max_held, ==, b->max_held);
  g_assert_cmpint (a->ending, ==, b->ending);
  g_assert_true (a->shutdown_after_s == b->shutdown_after_s);
}

static void
assert_one_line (const gchar *message)
{
  g_assert_nonnull (message);
  g_assert_cmpuint (strlen (message), >, 0);
  g_assert_null (strchr (message, '\n'));
  g_assert_null (strchr (message, '\r'));
}

static void
test_defaults (void)
{
  g_autoptr(GError) error = NULL;
  PlConfig config;

  pl_config_init_default (&config);
  g_assert_true (pl_config_validate (&config, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (config.preset, ==, "");
  g_assert_cmpint (config.mode, ==, PL_MODE_BLOCKING);
  g_assert_cmpuint (config.items, ==, 1000);
  g_assert_cmpuint (config.n_stages, ==, 3);
  g_assert_cmpstr (config.stages[0].name, ==, "download");
  g_assert_cmpstr (config.stages[1].name, ==, "resize");
  g_assert_cmpstr (config.stages[2].name, ==, "upload");
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (config.stages[i].mean_ms == 0.0);
      g_assert_cmpint (config.stages[i].distribution, ==, PL_DIST_FIXED);
      g_assert_cmpuint (config.stages[i].workers, ==, 1);
      g_assert_cmpuint (config.capacities[i], ==, 0);
    }
  g_assert_true (config.backoff_ms == 10.0);
  g_assert_cmpint (config.work, ==, PL_WORK_SLEEP);
  g_assert_cmpuint (config.seed, ==, 1);
  g_assert_false (config.auto_close);
  g_assert_cmpuint (config.max_held, ==, 0);
}

static void
test_presets_valid (void)
{
  const gchar *const *names = pl_config_list_presets ();
  const gchar *const required[] = {
    "busy-wait", "blocking", "bounded", "closable", "backlog"
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_true (g_strv_contains (names, required[i]));

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      const gchar *title = pl_config_preset_title (names[i]);
      const gchar *summary = pl_config_preset_summary (names[i]);
      const gchar *question = pl_config_preset_question (names[i]);
      PlConfig config;

      g_test_message ("preset %s", names[i]);
      pl_config_init_default (&config);
      g_assert_true (pl_config_apply_preset (&config, names[i], &error));
      g_assert_no_error (error);
      g_assert_true (pl_config_validate (&config, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (config.preset, ==, names[i]);

      assert_one_line (title);
      g_assert_nonnull (summary);
      g_assert_cmpuint (strlen (summary), >, strlen (title));
      assert_one_line (question);
      g_assert_true (g_str_has_suffix (question, "?"));
    }

  g_assert_null (pl_config_preset_title ("nope"));
  g_assert_null (pl_config_preset_summary ("nope"));
  g_assert_null (pl_config_preset_question ("nope"));
}

/* A lesson in the window leaves a class time for its "Change live" and its
 * question: its line runs at least PL_CLASS_MIN_SECONDS before it ends by
 * itself, counted from the settings alone. Where closing is the lesson,
 * the window leaves it to the teacher, while a headless run still closes
 * by itself as its report needs. */
static void
test_presets_class_pace (void)
{
  const gchar *const *names = pl_config_list_presets ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      PlConfig lesson, headless;
      gdouble slowest_ms = 0;
      gdouble line_s, end_s;

      g_test_message ("lesson %s", names[i]);
      g_assert_true (pl_config_apply_lesson (&lesson, names[i], &error));
      g_assert_no_error (error);
      g_assert_true (pl_config_validate (&lesson, &error));
      g_assert_no_error (error);
      g_assert_true (pl_config_apply_preset (&headless, names[i], &error));
      g_assert_no_error (error);

      /* The same lesson: only its pace differs. */
      g_assert_cmpstr (lesson.preset, ==, names[i]);
      g_assert_cmpint (lesson.mode, ==, headless.mode);
      g_assert_cmpint (lesson.ending, ==, headless.ending);
      g_assert_cmpuint (lesson.n_stages, ==, headless.n_stages);
      g_assert_cmpuint (lesson.max_held, ==, headless.max_held);
      g_assert_true (headless.auto_close);

      /* The slowest stage sets the pace of the line. */
      for (guint s = 0; s < lesson.n_stages; s++)
        {
          g_assert_cmpstr (lesson.stages[s].name, ==, headless.stages[s].name);
          g_assert_cmpuint (lesson.stages[s].workers, ==, headless.stages[s].workers);
          slowest_ms = MAX (slowest_ms, lesson.stages[s].mean_ms / lesson.stages[s].workers);
        }
      line_s = lesson.items * slowest_ms / 1000.0;
      end_s = line_s;

      /* A capped line ends when the backlog reaches the cap: it grows at
       * the first stage's pace, paced itself by a bounded input buffer,
       * minus the slowest stage's. */
      if (lesson.max_held > 0)
        {
          gdouble feed, drain;

          g_assert_cmpuint (lesson.capacities[0], >, 0);
          g_assert_cmpfloat (lesson.stages[0].mean_ms, >, 0);
          feed = 1000.0 * lesson.stages[0].workers / lesson.stages[0].mean_ms;
          drain = 1000.0 / slowest_ms;
          g_assert_cmpfloat (feed, >, drain);
          end_s = MIN (line_s, lesson.max_held / (feed - drain));
        }

      g_test_message ("  line %.1f s, ends by itself after %.1f s%s", line_s, end_s,
                      lesson.auto_close ? "" : " of feeding, then waits for the teacher");
      g_assert_cmpfloat (end_s, >=, PL_CLASS_MIN_SECONDS);
    }

  /* Closing is the teacher's act where it is the lesson. */
  {
    PlConfig lesson;

    g_assert_true (pl_config_apply_lesson (&lesson, "closable", NULL));
    g_assert_false (lesson.auto_close);
    g_assert_true (pl_config_apply_lesson (&lesson, "shutdown", NULL));
    g_assert_false (lesson.auto_close);
    g_assert_cmpfloat (lesson.shutdown_after_s, >, 0);
  }
}

/* The lesson menu walks Item 39 in order, then goes beyond it. */
static void
test_presets_order (void)
{
  const gchar *const lessons[] = {
    "busy-wait", "blocking", "bounded", "join", "closable", "backlog", "shutdown", NULL
  };

  g_assert_true (g_strv_equal (pl_config_list_presets (), lessons));
}

/* Each preset has to show the lesson it is named after. */
static void
test_presets_shape (void)
{
  g_autoptr(GError) error = NULL;
  gboolean slow_after_fast = FALSE;
  gboolean small_buffer = FALSE;
  PlConfig config;

  g_assert_true (pl_config_apply_preset (&config, "busy-wait", &error));
  g_assert_cmpint (config.mode, ==, PL_MODE_BUSY_WAIT);
  g_assert_cmpuint (config.items, ==, 1000);
  g_assert_cmpuint (config.n_stages, ==, 3);
  g_assert_true (config.backoff_ms == 10.0);
  for (guint i = 0; i < config.n_stages; i++)
    {
      g_assert_true (config.stages[i].mean_ms == 0.0);
      g_assert_cmpuint (config.capacities[i], ==, 0);
    }

  g_assert_true (pl_config_apply_preset (&config, "blocking", &error));
  g_assert_cmpint (config.mode, ==, PL_MODE_BLOCKING);
  g_assert_true (config.auto_close);
  g_assert_cmpuint (config.items, ==, 1000);
  for (guint i = 0; i < config.n_stages; i++)
    g_assert_cmpuint (config.capacities[i], ==, 0);

  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  g_assert_cmpint (config.mode, ==, PL_MODE_BLOCKING);
  for (guint i = 0; i < config.n_stages; i++)
    {
      if (config.capacities[i] != 0 && config.capacities[i] <= 1)
        small_buffer = TRUE;
      if (i > 0 && config.stages[i].mean_ms > config.stages[i - 1].mean_ms &&
          config.capacities[i] != 0)
        slow_after_fast = TRUE;
    }
  g_assert_true (small_buffer);
  g_assert_true (slow_after_fast);

  g_assert_true (pl_config_apply_preset (&config, "closable", &error));
  g_assert_cmpint (config.mode, ==, PL_MODE_BLOCKING);
  g_assert_true (config.auto_close);
  g_assert_cmpuint (config.items, ==, 1000);
  g_assert_cmpint (config.ending, ==, PL_ENDING_CLOSE);
  g_assert_true (config.shutdown_after_s == 0.0);

  /* task_done and join: the same line, ended by joins alone. */
  g_assert_true (pl_config_apply_preset (&config, "join", &error));
  g_assert_cmpint (config.mode, ==, PL_MODE_BLOCKING);
  g_assert_cmpint (config.ending, ==, PL_ENDING_JOIN);
  g_assert_true (config.auto_close);

  /* Beyond the book: stopped mid-run by an immediate shutdown. */
  g_assert_true (pl_config_apply_preset (&config, "shutdown", &error));
  g_assert_cmpint (config.mode, ==, PL_MODE_BLOCKING);
  g_assert_true (config.shutdown_after_s > 0.0);
  g_assert_true (config.stages[1].mean_ms > config.stages[0].mean_ms);

  g_assert_true (pl_config_apply_preset (&config, "backlog", &error));
  g_assert_cmpuint (config.max_held, >, 0);
  g_assert_cmpuint (config.items, >, config.max_held);
  g_assert_cmpuint (config.n_stages, >=, 2);
  g_assert_true (config.stages[1].mean_ms > config.stages[0].mean_ms);
  for (guint i = 0; i < config.n_stages; i++)
    g_assert_cmpuint (config.capacities[i], ==, 0);

  g_assert_no_error (error);
}

static void
test_preset_unknown (void)
{
  g_autoptr(GError) error = NULL;
  PlConfig config, before;

  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  before = config;

  g_assert_false (pl_config_apply_preset (&config, "nope", &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_PRESET);
  assert_one_line (error->message);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_assert_nonnull (strstr (error->message, "closable"));
  assert_config_equal (&config, &before);
}

typedef struct
{
  const gchar   *text;
  const gchar   *name;
  gdouble        mean_ms;
  PlDistribution distribution;
  guint          workers;
} ValidStage;

static const ValidStage valid_stages[] = {
  { "a:0", "a", 0, PL_DIST_FIXED, 1 },
  { "resize:20", "resize", 20, PL_DIST_FIXED, 1 },
  { "fetch:2.5:uniform", "fetch", 2.5, PL_DIST_UNIFORM, 1 },
  { "x_y-Z9:.5:exponential:4", "x_y-Z9", 0.5, PL_DIST_EXPONENTIAL, 4 },
  { "slow:10000:fixed:32", "slow", 10000, PL_DIST_FIXED, 32 },
  { "sci:1e3", "sci", 1000, PL_DIST_FIXED, 1 },
  { "abcdefghijklmnopqrstuvwxyz01234:1", "abcdefghijklmnopqrstuvwxyz01234", 1, PL_DIST_FIXED, 1 },
};

static void
test_stage_valid (gconstpointer data)
{
  const ValidStage *row = data;
  g_autoptr(GError) error = NULL;
  PlStageConfig stage = { { 0 } };

  g_test_message ("--stage=%s", row->text);
  g_assert_true (pl_config_parse_stage (&stage, "--stage", row->text, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (stage.name, ==, row->name);
  g_assert_cmpfloat_with_epsilon (stage.mean_ms, row->mean_ms, 1e-9);
  g_assert_cmpint (stage.distribution, ==, row->distribution);
  g_assert_cmpuint (stage.workers, ==, row->workers);
}

static const gchar *const invalid_stages[] = {
  "",
  "x",
  "x:",
  ":5",
  "x:abc",
  "x:-1",
  "x:+1",
  "x:nan",
  "x:inf",
  "x:0x10",
  "x:10000.5",
  "x:99999",
  "x:1e5",
  "x: 5",
  "x:5 ",
  "x:5:gauss",
  "x:5:Fixed",
  "x:5:",
  "x:5::1",
  "x:5:fixed:0",
  "x:5:fixed:33",
  "x:5:fixed:-1",
  "x:5:fixed:1.5",
  "x:5:fixed:",
  "x:5:fixed:1:extra",
  "bad name:5",
  "n\303\244me:5",
  "a\nb:5",
  "abcdefghijklmnopqrstuvwxyz012345:1",
  "x:5:fixed:99999999999999999999999",
};

static void
test_stage_invalid (gconstpointer data)
{
  const gchar *text = data;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *escaped = g_strescape (text, NULL);
  g_autofree gchar *verdict = NULL;
  g_autofree gchar *expected = NULL;
  PlStageConfig stage = { "keep", 7.0, PL_DIST_UNIFORM, 3 };
  gboolean accepted;

  accepted = pl_config_parse_stage (&stage, "--stage", text, &error);
  /* A failure names the text, whatever it is. */
  verdict = g_strdup_printf ("\"%s\" %s", escaped, accepted ? "accepted" : "rejected");
  expected = g_strdup_printf ("\"%s\" rejected", escaped);
  g_assert_cmpstr (verdict, ==, expected);

  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID);
  assert_one_line (error->message);
  g_assert_true (g_str_has_prefix (error->message, "--stage: "));
  g_assert_nonnull (strstr (error->message, "NAME:MEAN_MS[:DIST[:WORKERS]]"));

  /* The stage is untouched. */
  g_assert_cmpstr (stage.name, ==, "keep");
  g_assert_true (stage.mean_ms == 7.0);
  g_assert_cmpint (stage.distribution, ==, PL_DIST_UNIFORM);
  g_assert_cmpuint (stage.workers, ==, 3);
}

static void
test_capacities (void)
{
  g_autoptr(GError) error = NULL;
  const gchar *const bad[] = {
    "1,2", "1,2,3,4", "", "1,,2", ",", "-1", "1000001", "a", "1, 2, 3", "0x4",
  };
  PlConfig config, before;

  pl_config_init_default (&config);
  g_assert_cmpuint (config.n_stages, ==, 3);

  g_assert_true (pl_config_parse_capacities (&config, "--capacity", "4", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (config.capacities[i], ==, 4);

  g_assert_true (pl_config_parse_capacities (&config, "--capacity", "4,1,1000000", &error));
  g_assert_cmpuint (config.capacities[0], ==, 4);
  g_assert_cmpuint (config.capacities[1], ==, 1);
  g_assert_cmpuint (config.capacities[2], ==, 1000000);

  g_assert_true (pl_config_parse_capacities (&config, "--capacity", "0", &error));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (config.capacities[i], ==, 0);
  g_assert_no_error (error);

  g_assert_true (pl_config_parse_capacities (&config, "--capacity", "2,3,4", &error));
  before = config;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("--capacity=%s", bad[i]);
      g_assert_false (pl_config_parse_capacities (&config, "--capacity", bad[i], &error));
      g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID);
      assert_one_line (error->message);
      g_assert_true (g_str_has_prefix (error->message, "--capacity: "));
      assert_config_equal (&config, &before);
      g_clear_error (&error);
    }

  /* The count check follows the number of stages. */
  g_assert_false (pl_config_parse_capacities (&config, "--capacity", "1,2", &error));
  g_assert_nonnull (strstr (error->message, "3"));
  g_clear_error (&error);

  config.n_stages = 2;
  g_assert_true (pl_config_parse_capacities (&config, "--capacity", "1,2", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (config.capacities[0], ==, 1);
  g_assert_cmpuint (config.capacities[1], ==, 2);
}

static void
test_enums (void)
{
  PlMode mode;
  PlDistribution distribution;
  PlWorkKind work;

  g_assert_true (pl_config_parse_mode ("busy-wait", &mode));
  g_assert_cmpint (mode, ==, PL_MODE_BUSY_WAIT);
  g_assert_cmpstr (pl_mode_to_string (mode), ==, "busy-wait");
  g_assert_true (pl_config_parse_mode ("blocking", &mode));
  g_assert_cmpstr (pl_mode_to_string (mode), ==, "blocking");
  g_assert_false (pl_config_parse_mode ("fast", &mode));
  g_assert_false (pl_config_parse_mode ("Blocking", &mode));
  g_assert_false (pl_config_parse_mode (NULL, &mode));

  for (PlDistribution d = PL_DIST_FIXED; d <= PL_DIST_EXPONENTIAL; d++)
    {
      g_assert_true (pl_config_parse_distribution (pl_distribution_to_string (d),
                                                   &distribution));
      g_assert_cmpint (distribution, ==, d);
    }
  g_assert_false (pl_config_parse_distribution ("normal", &distribution));

  g_assert_true (pl_config_parse_work ("sleep", &work));
  g_assert_cmpint (work, ==, PL_WORK_SLEEP);
  g_assert_true (pl_config_parse_work ("spin", &work));
  g_assert_cmpint (work, ==, PL_WORK_SPIN);
  g_assert_cmpstr (pl_work_to_string (work), ==, "spin");
  g_assert_false (pl_config_parse_work ("walk", &work));
}

static const gchar *const broken_fields[] = {
  "items-zero", "items-many", "no-stages", "many-stages", "workers-zero",
  "workers-many", "mean-nan", "mean-negative", "mean-large", "distribution",
  "name-empty", "name-space", "name-unterminated", "capacity", "backoff",
  "backoff-inf", "duration", "duration-large", "mode", "work", "preset",
  "ending", "shutdown-after", "shutdown-after-nan",
};

/* Puts one field of a valid config out of its range. */
static void
break_config (PlConfig    *config,
              const gchar *field)
{
  if (g_str_equal (field, "items-zero"))
    config->items = 0;
  else if (g_str_equal (field, "items-many"))
    config->items = PL_MAX_ITEMS + 1;
  else if (g_str_equal (field, "no-stages"))
    config->n_stages = 0;
  else if (g_str_equal (field, "many-stages"))
    config->n_stages = PL_MAX_STAGES + 1;
  else if (g_str_equal (field, "workers-zero"))
    config->stages[1].workers = 0;
  else if (g_str_equal (field, "workers-many"))
    config->stages[1].workers = PL_MAX_WORKERS + 1;
  else if (g_str_equal (field, "mean-nan"))
    config->stages[0].mean_ms = NAN;
  else if (g_str_equal (field, "mean-negative"))
    config->stages[0].mean_ms = -1;
  else if (g_str_equal (field, "mean-large"))
    config->stages[2].mean_ms = PL_MAX_DELAY_MS + 1;
  else if (g_str_equal (field, "distribution"))
    config->stages[0].distribution = 9;
  else if (g_str_equal (field, "name-empty"))
    config->stages[0].name[0] = '\0';
  else if (g_str_equal (field, "name-space"))
    g_strlcpy (config->stages[0].name, "a b", PL_STAGE_NAME_LEN);
  else if (g_str_equal (field, "name-unterminated"))
    memset (config->stages[0].name, 'a', PL_STAGE_NAME_LEN);
  else if (g_str_equal (field, "capacity"))
    config->capacities[1] = PL_MAX_CAPACITY + 1;
  else if (g_str_equal (field, "backoff"))
    config->backoff_ms = PL_MAX_BACKOFF_MS + 0.5;
  else if (g_str_equal (field, "backoff-inf"))
    config->backoff_ms = INFINITY;
  else if (g_str_equal (field, "duration"))
    config->duration_s = -1;
  else if (g_str_equal (field, "duration-large"))
    config->duration_s = PL_MAX_DURATION_S + 1;
  else if (g_str_equal (field, "mode"))
    config->mode = 7;
  else if (g_str_equal (field, "work"))
    config->work = 7;
  else if (g_str_equal (field, "preset"))
    g_strlcpy (config->preset, "nope", sizeof config->preset);
  else if (g_str_equal (field, "ending"))
    config->ending = 5;
  else if (g_str_equal (field, "shutdown-after"))
    config->shutdown_after_s = -0.5;
  else if (g_str_equal (field, "shutdown-after-nan"))
    config->shutdown_after_s = NAN;
  else
    g_assert_not_reached ();
}

static void
test_validate (gconstpointer data)
{
  const gchar *field = data;
  g_autoptr(GError) error = NULL;
  PlConfig config;

  pl_config_init_default (&config);
  g_assert_true (pl_config_validate (&config, &error));
  break_config (&config, field);
  g_assert_false (pl_config_validate (&config, &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID);
  assert_one_line (error->message);
}

static void
assert_round_trip (const PlConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *data = NULL;
  g_autofree gchar *again = NULL;
  gsize length = 0;
  PlConfig loaded;

  data = pl_config_to_data (config, &length);
  g_assert_nonnull (data);
  g_assert_cmpuint (length, ==, strlen (data));

  pl_config_init_default (&loaded);
  g_assert_true (pl_config_load_from_data (&loaded, data, length, &error));
  g_assert_no_error (error);
  assert_config_equal (&loaded, config);

  /* And the text it writes is stable. */
  again = pl_config_to_data (&loaded, NULL);
  g_assert_cmpstr (again, ==, data);
}

static void
test_scenario_round_trip (void)
{
  const gchar *const *names = pl_config_list_presets ();
  g_autoptr(GError) error = NULL;
  PlConfig config;

  pl_config_init_default (&config);
  assert_round_trip (&config);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_assert_true (pl_config_apply_preset (&config, names[i], &error));
      assert_round_trip (&config);
    }

  /* Awkward values: 16 stages, thirds, the largest seed. */
  pl_config_init_default (&config);
  config.n_stages = PL_MAX_STAGES;
  for (guint i = 0; i < PL_MAX_STAGES; i++)
    {
      g_snprintf (config.stages[i].name, PL_STAGE_NAME_LEN, "stage-%u_x", i);
      config.stages[i].mean_ms = (i + 1) / 3.0;
      config.stages[i].distribution = i % 3;
      config.stages[i].workers = 1 + i * 2;
      config.capacities[i] = i * 7;
    }
  config.stages[15].mean_ms = PL_MAX_DELAY_MS;
  config.mode = PL_MODE_BUSY_WAIT;
  config.items = PL_MAX_ITEMS;
  config.backoff_ms = 0.1;
  config.work = PL_WORK_SPIN;
  config.seed = G_MAXUINT64;
  config.duration_s = 12.345678901234567;
  config.auto_close = TRUE;
  config.max_held = 123456789;
  config.ending = PL_ENDING_JOIN;
  config.shutdown_after_s = 2.5;
  g_assert_true (pl_config_validate (&config, &error));
  assert_round_trip (&config);
}

static void
test_scenario_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-config-XXXXXX", &error);
  g_autofree gchar *path = NULL;
  PlConfig config, loaded;

  g_assert_no_error (error);
  path = g_build_filename (dir, "bounded.ini", NULL);

  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  config.items = 77;
  g_assert_true (pl_config_save_to_file (&config, path, &error));
  g_assert_no_error (error);

  pl_config_init_default (&loaded);
  g_assert_true (pl_config_load_from_file (&loaded, path, &error));
  g_assert_no_error (error);
  assert_config_equal (&loaded, &config);

  /* A folder and a missing file are errors naming the path. */
  g_assert_false (pl_config_load_from_file (&loaded, dir, &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_FILE);
  assert_one_line (error->message);
  g_assert_nonnull (strstr (error->message, dir));
  g_clear_error (&error);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_false (pl_config_load_from_file (&loaded, path, &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_FILE);
  assert_one_line (error->message);
  g_assert_nonnull (strstr (error->message, "bounded.ini"));
  assert_config_equal (&loaded, &config);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_scenario_partial (void)
{
  g_autoptr(GError) error = NULL;
  PlConfig config;
  const gchar *bounded = "[pipeline]\npreset=bounded\nitems=50\n";
  const gchar *custom =
    "# two stages\n"
    "[pipeline]\n"
    "mode=busy-wait\n"
    "capacities=3\n"
    "\n"
    "[stage 2]\n"
    "name=second\n"
    "mean-ms=4.5\n"
    "workers=2\n"
    "[stage 1]\n"
    "name=first\n"
    "mean-ms=1\n"
    "distribution=uniform\n";

  pl_config_init_default (&config);
  g_assert_true (pl_config_load_from_data (&config, bounded, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config.preset, ==, "bounded");
  g_assert_cmpuint (config.items, ==, 50);
  g_assert_cmpuint (config.capacities[1], ==, 1);

  pl_config_init_default (&config);
  g_assert_true (pl_config_load_from_data (&config, custom, strlen (custom), &error));
  g_assert_no_error (error);
  g_assert_cmpint (config.mode, ==, PL_MODE_BUSY_WAIT);
  g_assert_cmpuint (config.n_stages, ==, 2);
  g_assert_cmpstr (config.stages[0].name, ==, "first");
  g_assert_cmpint (config.stages[0].distribution, ==, PL_DIST_UNIFORM);
  g_assert_cmpuint (config.stages[0].workers, ==, 1);
  g_assert_cmpstr (config.stages[1].name, ==, "second");
  g_assert_true (config.stages[1].mean_ms == 4.5);
  g_assert_cmpuint (config.stages[1].workers, ==, 2);
  g_assert_cmpuint (config.capacities[0], ==, 3);
  g_assert_cmpuint (config.capacities[1], ==, 3);
  /* What the file does not say stays as it was. */
  g_assert_cmpuint (config.items, ==, 1000);
}

/* A byte-order mark at the start, as some editors write, is accepted. */
static void
test_scenario_byte_order_mark (void)
{
  g_autoptr(GError) error = NULL;
  PlConfig config;
  const gchar *with_mark = "\xef\xbb\xbf[pipeline]\npreset=bounded\nitems=50\n";

  pl_config_init_default (&config);
  g_assert_true (pl_config_load_from_data (&config, with_mark, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config.preset, ==, "bounded");
  g_assert_cmpuint (config.items, ==, 50);
}

typedef struct
{
  const gchar *name;
  const gchar *data;
  const gchar *mentions;   /* the message has to name this */
} BadScenario;

static const BadScenario bad_scenarios[] = {
  { "no-group", "items=5\n", "scenario" },
  { "missing-pipeline", "[stage 1]\nname=a\nmean-ms=1\n", "[pipeline]" },
  { "unknown-key", "[pipeline]\ncolour=red\n", "colour" },
  { "unknown-stage-key", "[pipeline]\n[stage 1]\nname=a\nmean-ms=1\nspeed=3\n", "speed" },
  { "localised-key", "[pipeline]\n[stage 1]\nname=a\nname[fr]=b\nmean-ms=1\n", "name[fr]" },
  { "unknown-group", "[pipeline]\n[extra]\nx=1\n", "extra" },
  { "stage-zero", "[pipeline]\n[stage 0]\nname=a\nmean-ms=1\n", "stage 0" },
  { "stage-padded", "[pipeline]\n[stage 01]\nname=a\nmean-ms=1\n", "stage 01" },
  { "stage-gap", "[pipeline]\n[stage 1]\nname=a\nmean-ms=1\n[stage 3]\nname=c\nmean-ms=1\n", "stage 2" },
  { "stage-no-name", "[pipeline]\n[stage 1]\nmean-ms=1\n", "name" },
  { "stage-no-mean", "[pipeline]\n[stage 1]\nname=a\n", "mean-ms" },
  { "stage-bad-name", "[pipeline]\n[stage 1]\nname=a b\nmean-ms=1\n", "name" },
  { "stage-bad-dist", "[pipeline]\n[stage 1]\nname=a\nmean-ms=1\ndistribution=normal\n", "distribution" },
  { "items-zero", "[pipeline]\nitems=0\n", "items" },
  { "items-huge", "[pipeline]\nitems=99999999999999999999999\n", "items" },
  { "items-over", "[pipeline]\nitems=100000001\n", "items" },
  { "items-text", "[pipeline]\nitems=many\n", "items" },
  { "mean-huge", "[pipeline]\n[stage 1]\nname=a\nmean-ms=1e308\n", "mean-ms" },
  { "mean-nan", "[pipeline]\n[stage 1]\nname=a\nmean-ms=nan\n", "mean-ms" },
  { "workers-huge", "[pipeline]\n[stage 1]\nname=a\nmean-ms=1\nworkers=4294967297\n", "workers" },
  { "seed-huge", "[pipeline]\nseed=18446744073709551616\n", "seed" },
  { "backoff-over", "[pipeline]\nbackoff-ms=1001\n", "backoff-ms" },
  { "capacity-over", "[pipeline]\ncapacities=1000001\n", "capacities" },
  { "capacity-count", "[pipeline]\ncapacities=1,2\n", "capacities" },
  { "duration-negative", "[pipeline]\nduration-s=-1\n", "duration-s" },
  { "auto-close-yes", "[pipeline]\nauto-close=yes\n", "auto-close" },
  { "mode-fast", "[pipeline]\nmode=fast\n", "mode" },
  { "work-walk", "[pipeline]\nwork=walk\n", "work" },
  { "preset-nope", "[pipeline]\npreset=nope\n", "preset" },
  { "ending-stop", "[pipeline]\nending=stop\n", "ending" },
  { "shutdown-after-negative", "[pipeline]\nshutdown-after-s=-1\n", "shutdown-after-s" },
  { "shutdown-after-over", "[pipeline]\nshutdown-after-s=86401\n", "shutdown-after-s" },
  { "not-keyfile", "this is not a scenario\n", "scenario" },
  { "newline-value", "[pipeline]\nmode=fast\\nmore\n", "mode" },
  { "control-chars", "[pipeline]\nmode=\001\002\n", "mode" },
};

static void
test_scenario_bad (gconstpointer data)
{
  const BadScenario *row = data;
  g_autoptr(GError) error = NULL;
  PlConfig config, before;

  g_assert_true (pl_config_apply_preset (&config, "closable", &error));
  before = config;

  g_test_message ("scenario %s", row->name);
  g_assert_false (pl_config_load_from_data (&config, row->data, strlen (row->data), &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_FILE);
  assert_one_line (error->message);
  g_test_message ("message: %s", error->message);
  g_assert_nonnull (strstr (error->message, row->mentions));
  assert_config_equal (&config, &before);
}

static void
test_scenario_seventeen_stages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) data = g_string_new ("[pipeline]\n");
  PlConfig config, before;

  for (guint i = 1; i <= PL_MAX_STAGES + 1; i++)
    g_string_append_printf (data, "[stage %u]\nname=s%u\nmean-ms=1\n", i, i);

  pl_config_init_default (&config);
  before = config;
  g_assert_false (pl_config_load_from_data (&config, data->str, data->len, &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_FILE);
  assert_one_line (error->message);
  g_assert_nonnull (strstr (error->message, "stage 17"));
  assert_config_equal (&config, &before);
}

static void
test_scenario_binary (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (39);
  guint8 junk[4096];
  const gchar latin1[] = "[pipeline]\nmode=caf\351\n";
  PlConfig config, before;

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) g_rand_int_range (rand, 0, 256);

  pl_config_init_default (&config);
  before = config;

  g_assert_false (pl_config_load_from_data (&config, (const gchar *) junk, sizeof junk, &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_FILE);
  assert_one_line (error->message);
  g_clear_error (&error);

  /* Junk with no NUL byte and no valid UTF-8 takes the other check. */
  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = 0x80 | junk[i];
  g_assert_false (pl_config_load_from_data (&config, (const gchar *) junk, sizeof junk, &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_FILE);
  assert_one_line (error->message);
  g_clear_error (&error);

  g_assert_false (pl_config_load_from_data (&config, latin1, strlen (latin1), &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_FILE);
  assert_one_line (error->message);

  assert_config_equal (&config, &before);
}

static void
test_scenario_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) data = g_string_new ("[pipeline]\nitems=5\n");
  g_autofree gchar *dir = NULL;
  g_autofree gchar *path = NULL;
  PlConfig config, before;

  /* Valid in every other way: only the size is wrong. */
  while (data->len <= 64 * 1024)
    g_string_append (data, "# padding padding padding padding padding padding\n");

  pl_config_init_default (&config);
  before = config;
  g_assert_false (pl_config_load_from_data (&config, data->str, data->len, &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_FILE);
  assert_one_line (error->message);
  g_assert_nonnull (strstr (error->message, "64 KiB"));
  g_clear_error (&error);
  assert_config_equal (&config, &before);

  dir = g_dir_make_tmp ("pl-config-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "huge.ini", NULL);
  g_assert_true (g_file_set_contents (path, data->str, data->len, &error));
  g_assert_false (pl_config_load_from_file (&config, path, &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_FILE);
  assert_one_line (error->message);
  g_assert_nonnull (strstr (error->message, "huge.ini"));
  assert_config_equal (&config, &before);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pl/config/defaults", test_defaults);
  g_test_add_func ("/pl/config/presets/valid", test_presets_valid);
  g_test_add_func ("/pl/config/presets/shape", test_presets_shape);
  g_test_add_func ("/pl/config/presets/order", test_presets_order);
  g_test_add_func ("/pl/config/presets/class-pace", test_presets_class_pace);
  g_test_add_func ("/pl/config/presets/unknown", test_preset_unknown);

  for (guint i = 0; i < G_N_ELEMENTS (valid_stages); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/pl/config/stage/valid/%u", i);

      g_test_add_data_func (path, &valid_stages[i], test_stage_valid);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid_stages); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/pl/config/stage/invalid/%u", i);

      g_test_add_data_func (path, invalid_stages[i], test_stage_invalid);
    }

  g_test_add_func ("/pl/config/capacities", test_capacities);
  g_test_add_func ("/pl/config/enums", test_enums);
  for (guint i = 0; i < G_N_ELEMENTS (broken_fields); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/pl/config/validate/%s", broken_fields[i]);

      g_test_add_data_func (path, broken_fields[i], test_validate);
    }
  g_test_add_func ("/pl/config/scenario/round-trip", test_scenario_round_trip);
  g_test_add_func ("/pl/config/scenario/file", test_scenario_file);
  g_test_add_func ("/pl/config/scenario/partial", test_scenario_partial);
  g_test_add_func ("/pl/config/scenario/byte-order-mark", test_scenario_byte_order_mark);
  for (guint i = 0; i < G_N_ELEMENTS (bad_scenarios); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/pl/config/scenario/bad/%s",
                                                bad_scenarios[i].name);

      g_test_add_data_func (path, &bad_scenarios[i], test_scenario_bad);
    }
  g_test_add_func ("/pl/config/scenario/seventeen-stages", test_scenario_seventeen_stages);
  g_test_add_func ("/pl/config/scenario/binary", test_scenario_binary);
  g_test_add_func ("/pl/config/scenario/too-large", test_scenario_too_large);

  return g_test_run ();
}
