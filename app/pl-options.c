/* pl-options.c: the command line, parsed into a config and a run plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pl-options.h"
#include "pl-format.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#define PL_MAX_AFTER_S   600.0
#define PL_MIN_SIZE      16
#define PL_MAX_SIZE      8192

/*
 * What the user typed, checked one option at a time as GOptionContext meets
 * it. Nothing is applied until every option is known, so that explicit
 * options beat the preset and the scenario whatever their order.
 */
typedef struct
{
  gchar         *preset;
  gchar         *scenario;
  gboolean       have_mode;
  PlMode         mode;
  gboolean       have_items;
  guint64        items;
  PlStageConfig  stages[PL_MAX_STAGES];
  guint          n_stages;
  gchar         *capacity;
  gboolean       have_backoff;
  gdouble        backoff_ms;
  gboolean       have_work;
  PlWorkKind     work;
  gboolean       have_seed;
  guint64        seed;
  gboolean       have_duration;
  gdouble        duration_s;
  gboolean       headless;
  gboolean       have_report;
  PlReportFormat report;
  gchar         *screenshot;
  gchar         *export_path;
  gboolean       have_after;
  gdouble        after_s;
  gboolean       have_size;
  gint           width;
  gint           height;
  gboolean       version;
  gboolean       print_scenario;
  gchar         *record;
  gboolean       overwrite;
  gchar         *replay;
  gboolean       have_at;
  gdouble        at_s;
  gchar         *compare;
  gchar         *trace;
  gboolean       trace_all;
  /* How often --headless=… and --version=… were typed with their `=`:
   * without it, a value the parser hands them is a stray argument. */
  guint          headless_equals;
  guint          version_equals;
  guint          print_scenario_equals;
  guint          overwrite_equals;
} Parsed;

static void
parsed_clear (Parsed *parsed)
{
  g_clear_pointer (&parsed->preset, g_free);
  g_clear_pointer (&parsed->scenario, g_free);
  g_clear_pointer (&parsed->capacity, g_free);
  g_clear_pointer (&parsed->screenshot, g_free);
  g_clear_pointer (&parsed->export_path, g_free);
  g_clear_pointer (&parsed->record, g_free);
  g_clear_pointer (&parsed->replay, g_free);
  g_clear_pointer (&parsed->compare, g_free);
  g_clear_pointer (&parsed->trace, g_free);
}

static gboolean
bad_value (GError      **error,
           const gchar  *option,
           const gchar  *value,
           const gchar  *accepts)
{
  g_autofree gchar *quoted = pl_format_user_text (value);

  /* TRANSLATORS: "--items: "abc" is not a whole number from 1 to 100000000" */
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s: %s is not %s"), option, quoted, accepts);

  return FALSE;
}

static gboolean
has_picture_extension (const gchar *path)
{
  g_autofree gchar *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".png") || g_str_has_suffix (lower, ".svg");
}

/* --headless and --version take no value. GLib would silently ignore one
 * given as --headless=no, so they take an optional value and refuse it. */
static gboolean
switch_cb (const gchar  *option,
           const gchar  *value,
           gpointer      data,
           GError      **error)
{
  Parsed *parsed = data;
  guint *equals = g_str_equal (option, "--headless") ? &parsed->headless_equals
                 : g_str_equal (option, "--version") ? &parsed->version_equals
                 : g_str_equal (option, "--overwrite") ? &parsed->overwrite_equals
                 : &parsed->print_scenario_equals;

  if (value != NULL)
    {
      g_autofree gchar *quoted = pl_format_user_text (value);

      /* The parser gives an optional value the next argument as well:
       * only blame an `=` that was typed. */
      if (*equals > 0)
        {
          (*equals)--;
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: takes no value (give %s alone, not %s=%s)"),
                       option, option, option, quoted);
        }
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _("%s: unexpected argument; every setting is an option such as --items=N (see --help)"),
                       quoted);
        }
      return FALSE;
    }

  if (g_str_equal (option, "--headless"))
    parsed->headless = TRUE;
  else if (g_str_equal (option, "--version"))
    parsed->version = TRUE;
  else if (g_str_equal (option, "--overwrite"))
    parsed->overwrite = TRUE;
  else
    parsed->print_scenario = TRUE;

  return TRUE;
}

static gboolean
preset_cb (const gchar  *option,
           const gchar  *value,
           gpointer      data,
           GError      **error)
{
  Parsed *parsed = data;
  g_autofree gchar *names = NULL;
  g_autofree gchar *accepts = NULL;

  if (g_strv_contains (pl_config_list_presets (), value))
    {
      g_free (parsed->preset);
      parsed->preset = g_strdup (value);
      return TRUE;
    }

  names = g_strjoinv (", ", (gchar **) pl_config_list_presets ());
  accepts = g_strdup_printf (_("a preset: %s"), names);

  return bad_value (error, option, value, accepts);
}

static gboolean
scenario_cb (const gchar  *option,
             const gchar  *value,
             gpointer      data,
             GError      **error)
{
  Parsed *parsed = data;

  if (value[0] == '\0')
    return bad_value (error, option, value, _("a scenario file"));

  g_free (parsed->scenario);
  parsed->scenario = g_strdup (value);

  return TRUE;
}

static gboolean
mode_cb (const gchar  *option,
         const gchar  *value,
         gpointer      data,
         GError      **error)
{
  Parsed *parsed = data;

  if (!pl_config_parse_mode (value, &parsed->mode))
    return bad_value (error, option, value, _("busy-wait or blocking"));
  parsed->have_mode = TRUE;

  return TRUE;
}

static gboolean
items_cb (const gchar  *option,
          const gchar  *value,
          gpointer      data,
          GError      **error)
{
  Parsed *parsed = data;

  if (!pl_parse_unsigned (value, 1, PL_MAX_ITEMS, &parsed->items))
    return bad_value (error, option, value,
                      _("a whole number from 1 to 100000000"));
  parsed->have_items = TRUE;

  return TRUE;
}

static gboolean
stage_cb (const gchar  *option,
          const gchar  *value,
          gpointer      data,
          GError      **error)
{
  Parsed *parsed = data;

  if (parsed->n_stages == PL_MAX_STAGES)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: a pipeline has at most %u stages"),
                   option, PL_MAX_STAGES);
      return FALSE;
    }

  if (!pl_config_parse_stage (&parsed->stages[parsed->n_stages], option,
                              value, error))
    return FALSE;
  parsed->n_stages++;

  return TRUE;
}

static gboolean
capacity_cb (const gchar  *option,
             const gchar  *value,
             gpointer      data,
             GError      **error)
{
  Parsed *parsed = data;

  /* How many values fit depends on the stages, known only at the end. */
  g_free (parsed->capacity);
  parsed->capacity = g_strdup (value);

  return TRUE;
}

static gboolean
backoff_cb (const gchar  *option,
            const gchar  *value,
            gpointer      data,
            GError      **error)
{
  Parsed *parsed = data;

  if (!pl_parse_decimal (value, 0.0, PL_MAX_BACKOFF_MS, &parsed->backoff_ms))
    return bad_value (error, option, value,
                      _("a number of milliseconds from 0 to 1000"));
  parsed->have_backoff = TRUE;

  return TRUE;
}

static gboolean
work_cb (const gchar  *option,
         const gchar  *value,
         gpointer      data,
         GError      **error)
{
  Parsed *parsed = data;

  if (!pl_config_parse_work (value, &parsed->work))
    return bad_value (error, option, value, _("sleep or spin"));
  parsed->have_work = TRUE;

  return TRUE;
}

static gboolean
seed_cb (const gchar  *option,
         const gchar  *value,
         gpointer      data,
         GError      **error)
{
  Parsed *parsed = data;

  if (!pl_parse_unsigned (value, 0, G_MAXUINT64, &parsed->seed))
    return bad_value (error, option, value,
                      _("a whole number from 0 to 18446744073709551615"));
  parsed->have_seed = TRUE;

  return TRUE;
}

static gboolean
duration_cb (const gchar  *option,
             const gchar  *value,
             gpointer      data,
             GError      **error)
{
  Parsed *parsed = data;

  if (!pl_parse_decimal (value, 0.0, PL_MAX_DURATION_S, &parsed->duration_s))
    return bad_value (error, option, value,
                      _("a number of seconds from 0 to 86400 (0 = until done)"));
  parsed->have_duration = TRUE;

  return TRUE;
}

static gboolean
compare_cb (const gchar  *option,
            const gchar  *value,
            gpointer      data,
            GError      **error)
{
  Parsed *parsed = data;

  /* Which keys and values fit depends on the first line, known only at
   * the end. */
  g_free (parsed->compare);
  parsed->compare = g_strdup (value);

  return TRUE;
}

static gboolean
report_cb (const gchar  *option,
           const gchar  *value,
           gpointer      data,
           GError      **error)
{
  Parsed *parsed = data;

  if (g_strcmp0 (value, "text") == 0)
    parsed->report = PL_REPORT_TEXT;
  else if (g_strcmp0 (value, "json") == 0)
    parsed->report = PL_REPORT_JSON;
  else
    return bad_value (error, option, value, _("text or json"));
  parsed->have_report = TRUE;

  return TRUE;
}

/* Whether a picture may be written at `path`, found out before the line
 * runs and without touching any file: the picture is written beside it
 * and renamed into place, so the path must be absent or a regular file we
 * may replace, in a folder we may write. Anything else (a symbolic link,
 * dangling or not, a folder, a pipe, a device) is refused: opening a pipe
 * would block, and writing through a link would change another file. */
static gboolean
check_picture_path (const gchar  *option,
                    const gchar  *path,
                    GError      **error)
{
  g_autofree gchar *folder = g_path_get_dirname (path);
  GStatBuf info;

  if (g_lstat (path, &info) == 0)
    {
      if (S_ISLNK (info.st_mode))
        return bad_value (error, option, path,
                          _("a regular file or a new file's name (it is a symbolic link: give the path of the file itself)"));
      if (!S_ISREG (info.st_mode))
        return bad_value (error, option, path,
                          _("a regular file or a new file's name (it is a folder, a pipe or a device)"));
      if (g_access (path, W_OK) != 0)
        return bad_value (error, option, path, _("a file that can be written"));
    }
  else if (errno != ENOENT)
    {
      return bad_value (error, option, path,
                        _("a file that can be written, in a folder that exists"));
    }

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR) || g_access (folder, W_OK | X_OK) != 0)
    return bad_value (error, option, path,
                      _("a file that can be written, in a folder that exists"));

  return TRUE;
}

/* A trace never replaces a file: the name must be new. The file itself
 * is created, exclusively, when the run starts. */
static gboolean
trace_cb (const gchar  *option,
          const gchar  *value,
          gpointer      data,
          GError      **error)
{
  Parsed *parsed = data;
  GStatBuf info;

  if (value[0] == '\0')
    return bad_value (error, option, value, _("the name of a new file, such as run.json"));
  if (g_lstat (value, &info) == 0)
    return bad_value (error, option, value,
                      _("the name of a new file (that one exists, and a trace never writes over a file)"));
  if (!check_picture_path (option, value, error))
    return FALSE;

  g_free (parsed->trace);
  parsed->trace = g_strdup (value);

  return TRUE;
}

static gboolean
picture_cb (const gchar  *option,
            const gchar  *value,
            gpointer      data,
            GError      **error)
{
  Parsed *parsed = data;

  if (!has_picture_extension (value))
    return bad_value (error, option, value,
                      _("a file name ending in .png or .svg"));
  if (!check_picture_path (option, value, error))
    return FALSE;

  if (g_str_equal (option, "--screenshot"))
    {
      g_free (parsed->screenshot);
      parsed->screenshot = g_strdup (value);
    }
  else
    {
      g_free (parsed->export_path);
      parsed->export_path = g_strdup (value);
    }

  return TRUE;
}

static gboolean
after_cb (const gchar  *option,
          const gchar  *value,
          gpointer      data,
          GError      **error)
{
  Parsed *parsed = data;

  if (!pl_parse_decimal (value, 0.0, PL_MAX_AFTER_S, &parsed->after_s))
    return bad_value (error, option, value,
                      _("a number of seconds from 0 to 600"));
  parsed->have_after = TRUE;

  return TRUE;
}

static gboolean
size_cb (const gchar  *option,
         const gchar  *value,
         gpointer      data,
         GError      **error)
{
  Parsed *parsed = data;
  g_auto(GStrv) parts = g_strsplit (value, "x", 0);
  guint64 width, height;

  if (g_strv_length (parts) != 2 ||
      !pl_parse_unsigned (parts[0], PL_MIN_SIZE, PL_MAX_SIZE, &width) ||
      !pl_parse_unsigned (parts[1], PL_MIN_SIZE, PL_MAX_SIZE, &height))
    return bad_value (error, option, value,
                      _("WIDTHxHEIGHT in pixels, each from 16 to 8192"));

  parsed->width = (gint) width;
  parsed->height = (gint) height;
  parsed->have_size = TRUE;

  return TRUE;
}

static gboolean
recording_cb (const gchar  *option,
              const gchar  *value,
              gpointer      data,
              GError      **error)
{
  Parsed *parsed = data;
  g_autofree gchar *lower = g_ascii_strdown (value, -1);
  gchar **target = g_str_equal (option, "--record") ? &parsed->record : &parsed->replay;

  if (!g_str_has_suffix (lower, ".plrec") || strlen (lower) == strlen (".plrec"))
    return bad_value (error, option, value, _("a file name ending in .plrec"));

  g_free (*target);
  *target = g_strdup (value);

  return TRUE;
}

static gboolean
at_cb (const gchar  *option,
       const gchar  *value,
       gpointer      data,
       GError      **error)
{
  Parsed *parsed = data;

  if (!pl_parse_decimal (value, 0.0, PL_MAX_DURATION_S, &parsed->at_s))
    return bad_value (error, option, value,
                      _("a number of seconds from 0 to 86400 into the recorded run"));
  parsed->have_at = TRUE;

  return TRUE;
}

/* A recording is never written over unless asked with --overwrite. */
static gboolean
check_record_path (const Parsed  *parsed,
                   GError       **error)
{
  GStatBuf info;

  if (!parsed->overwrite && g_lstat (parsed->record, &info) == 0)
    {
      g_autofree gchar *quoted = pl_format_user_text (parsed->record);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--record: %s exists already; give --overwrite to replace it, or another name"),
                   quoted);
      return FALSE;
    }

  return check_picture_path ("--record", parsed->record, error);
}

/* The options that shape the pipeline; a replay takes its own. */
static gboolean
shapes_pipeline (const Parsed *parsed)
{
  return parsed->preset != NULL || parsed->scenario != NULL || parsed->have_mode ||
         parsed->have_items || parsed->n_stages > 0 || parsed->capacity != NULL ||
         parsed->have_backoff || parsed->have_work || parsed->have_seed ||
         parsed->have_duration;
}

static gchar *
describe_presets (void)
{
  const gchar *const *names = pl_config_list_presets ();
  GString *text = g_string_new (_("Presets:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (text, "  %-10s  %s\n", names[i],
                            pl_config_preset_title (names[i]));

  g_string_append_printf (text, "\n%s\n", _("Examples:"));
  g_string_append (text,
                   "  pipeline-lab --preset=bounded\n"
                   "  pipeline-lab --headless --preset=busy-wait --report=json\n"
                   "  pipeline-lab --stage=fetch:5:exponential:4 --stage=store:20 --capacity=8\n"
                   "  pipeline-lab --preset=closable --export=closable.svg --after=0.5");

  return g_string_free (text, FALSE);
}

/* Options whose meaning depends on others are checked once all are known. */
static gboolean
check_combinations (const Parsed  *parsed,
                    GError       **error)
{
#define CONFLICT(...) \
  G_STMT_START { \
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, __VA_ARGS__); \
    return FALSE; \
  } G_STMT_END

  if (parsed->have_report && !parsed->headless)
    CONFLICT (_("--report: only goes with --headless (text or json, the format of the headless report)"));
  if (parsed->trace_all && parsed->trace == NULL)
    CONFLICT (_("--trace-all: only goes with --trace=FILE.json (it keeps the whole of a long run in the trace)"));
  if (parsed->trace_all && parsed->replay != NULL)
    CONFLICT (_("--trace-all: a replay's trace always holds the whole recording; leave it out"));
  if (parsed->trace != NULL && parsed->print_scenario)
    CONFLICT (_("--trace: traces a run, and --print-scenario runs nothing; leave one out"));
  if (parsed->screenshot != NULL && parsed->export_path != NULL)
    CONFLICT (_("--export: give either --screenshot (a window) or --export (no window), not both"));
  if (parsed->screenshot != NULL && parsed->headless)
    CONFLICT (_("--screenshot: needs the window, so not --headless; use --export=FILE.png|FILE.svg to draw without one"));
  if (parsed->export_path != NULL && parsed->headless)
    CONFLICT (_("--export: draws a picture, not a report; leave out --headless"));
  if (parsed->print_scenario &&
      (parsed->headless || parsed->screenshot != NULL || parsed->export_path != NULL))
    CONFLICT (_("--print-scenario: prints what the window opens, then quits; leave out --headless, --screenshot and --export"));
  if (parsed->print_scenario && parsed->compare != NULL)
    CONFLICT (_("--print-scenario: prints one line's scenario; leave out --compare"));
  if (parsed->compare != NULL && (parsed->record != NULL || parsed->replay != NULL))
    CONFLICT (_("--compare: runs two live lines, which are not recorded or replayed; leave out --record and --replay"));
  if (parsed->compare != NULL && parsed->trace != NULL)
    CONFLICT (_("--trace: traces one line; leave out --compare"));
  if (parsed->have_after && parsed->screenshot == NULL && parsed->export_path == NULL)
    CONFLICT (_("--after: only goes with --screenshot or --export (seconds to run before the picture)"));
  if (parsed->have_size && parsed->screenshot == NULL && parsed->export_path == NULL)
    CONFLICT (_("--size: only goes with --screenshot or --export (WIDTHxHEIGHT of the picture)"));
  if (parsed->overwrite && parsed->record == NULL)
    CONFLICT (_("--overwrite: only goes with --record (it lets the recording replace an existing file)"));
  if (parsed->have_at && parsed->replay == NULL)
    CONFLICT (_("--at: only goes with --replay (seconds into the recorded run of the picture)"));
  if (parsed->record != NULL && parsed->replay != NULL)
    CONFLICT (_("--record: records a live run, so not --replay"));
  if (parsed->record != NULL && (parsed->export_path != NULL || parsed->screenshot != NULL))
    CONFLICT (_("--record: records a run, not a picture; leave out --export and --screenshot"));
  if (parsed->replay != NULL && shapes_pipeline (parsed))
    CONFLICT (_("--replay: plays the recorded configuration; leave out --preset, --scenario and the options that shape the pipeline"));
  if (parsed->replay != NULL && parsed->have_after)
    CONFLICT (_("--after: runs a live pipeline before its picture; with --replay, give --at"));
  if (parsed->have_at && parsed->headless)
    CONFLICT (_("--at: picks the moment of a picture; a headless replay reports the whole run"));
  if (parsed->record != NULL && !check_record_path (parsed, error))
    return FALSE;

#undef CONFLICT

  return TRUE;
}

/* Preset first, then the scenario, then what was given explicitly. */
static gboolean
build_config (const Parsed  *parsed,
              PlConfig      *config,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  pl_config_init_default (config);

  if (parsed->preset != NULL &&
      !pl_config_apply_preset (config, parsed->preset, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--preset: %s", local_error->message);
      return FALSE;
    }

  if (parsed->scenario != NULL)
    {
      if (!pl_config_load_from_file (config, parsed->scenario, &local_error))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--scenario: %s", local_error->message);
          return FALSE;
        }

      /* Two different bases would leave one of them silently ignored. */
      if (parsed->preset != NULL && config->preset[0] != '\0' &&
          !g_str_equal (config->preset, parsed->preset))
        {
          g_autofree gchar *quoted = pl_format_user_text (parsed->preset);

          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--preset: %s differs from the scenario's preset “%s”; give one of them"),
                       quoted, config->preset);
          return FALSE;
        }
    }

  if (parsed->have_mode)
    config->mode = parsed->mode;
  if (parsed->have_items)
    config->items = parsed->items;
  if (parsed->have_backoff)
    config->backoff_ms = parsed->backoff_ms;
  if (parsed->have_work)
    config->work = parsed->work;
  if (parsed->have_seed)
    config->seed = parsed->seed;
  if (parsed->have_duration)
    config->duration_s = parsed->duration_s;

  if (parsed->n_stages > 0)
    {
      /* Queues the preset did not have start unbounded. */
      for (guint i = config->n_stages; i < PL_MAX_STAGES; i++)
        config->capacities[i] = 0;
      config->n_stages = parsed->n_stages;
      memset (config->stages, 0, sizeof config->stages);
      memcpy (config->stages, parsed->stages,
              parsed->n_stages * sizeof parsed->stages[0]);
      for (guint i = config->n_stages; i < PL_MAX_STAGES; i++)
        config->capacities[i] = 0;
    }

  if (parsed->capacity != NULL &&
      !pl_config_parse_capacities (config, "--capacity", parsed->capacity, error))
    return FALSE;

  if (!pl_config_validate (config, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s", local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
pl_options_parse (PlOptions   *options,
                  gint        *argc,
                  gchar     ***argv,
                  GError     **error)
{
  Parsed parsed = { 0 };
  /* Every value is taken as raw bytes (G_OPTION_FLAG_FILENAME), so that
   * text in a foreign encoding gets an error naming its option rather than
   * a bare conversion error. */
  const GOptionEntry entries[] = {
    { "preset", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) preset_cb,
      N_("Start from a lesson's pipeline"), N_("NAME") },
    { "scenario", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) scenario_cb,
      N_("Load a saved scenario; options given here still win"), N_("FILE") },
    { "mode", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) mode_cb,
      N_("How workers wait for work: busy-wait (poll and nap) or blocking"), N_("MODE") },
    { "items", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) items_cb,
      N_("How many items the producer feeds (1–100000000)"), N_("N") },
    { "stage", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) stage_cb,
      N_("A stage: mean delay in ms, fixed|uniform|exponential, 1–32 workers; repeat for each stage"),
      N_("NAME:MEAN_MS[:DIST[:WORKERS]]") },
    { "capacity", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) capacity_cb,
      N_("Queue capacities: one for every queue, or one per queue from the input on (0 = unbounded)"),
      N_("N[,N…]") },
    { "backoff-ms", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) backoff_cb,
      N_("Busy-wait nap after an empty poll, in ms (0–1000; 0 spins)"), N_("F") },
    { "work", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) work_cb,
      N_("What a stage's delay does: sleep (waits on I/O) or spin (burns CPU)"), N_("KIND") },
    { "seed", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) seed_cb,
      N_("Seed for the random delays"), N_("N") },
    { "duration", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) duration_cb,
      N_("Stop after this many seconds (0–86400; 0 = when every item is done)"), N_("S") },
    { "compare", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) compare_cb,
      N_("Run a second line beside the first, with these settings changed (mode, capacity, backoff-ms, work, items, stageN.delay, stageN.workers)"),
      N_("KEY=VALUE[,KEY=VALUE…]") },
    { "headless", 0, G_OPTION_FLAG_OPTIONAL_ARG | G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) switch_cb,
      N_("Run with no window and print a report"), NULL },
    { "report", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) report_cb,
      N_("Format of the headless report: text or json"), N_("FORMAT") },
    { "screenshot", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) picture_cb,
      N_("Save the window as a picture, then quit; with no display, the line alone, as --export draws it"),
      N_("FILE.png|FILE.svg") },
    { "after", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) after_cb,
      N_("Seconds to run before the picture (0–600, default 1)"), N_("S") },
    { "size", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) size_cb,
      N_("Picture size in pixels (default 1280x800)"), N_("WxH") },
    { "export", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) picture_cb,
      N_("Draw the assembly line to a file with no window at all"), N_("FILE.svg|FILE.png") },
    { "trace", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) trace_cb,
      N_("Write the run as a trace (Chrome's trace-event JSON, which the Perfetto UI opens) to a new file"),
      N_("FILE.json") },
    { "trace-all", 0, 0, G_OPTION_ARG_NONE, &parsed.trace_all,
      N_("Trace the whole run even past 1000000 items (otherwise only its first 10 seconds)"), NULL },
    { "version", 0, G_OPTION_FLAG_OPTIONAL_ARG | G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) switch_cb,
      N_("Print the version and quit"), NULL },
    { "record", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) recording_cb,
      N_("Record the run's samples and events to a new file"), N_("FILE.plrec") },
    { "overwrite", 0, G_OPTION_FLAG_OPTIONAL_ARG | G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) switch_cb,
      N_("Let --record replace a file that exists"), NULL },
    { "replay", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) recording_cb,
      N_("Play a recording back in the window; its report with --headless, a moment of it with --export"), N_("FILE.plrec") },
    { "at", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) at_cb,
      N_("Seconds into a replayed run for its picture (default: its end)"), N_("S") },
    { "print-scenario", 0, G_OPTION_FLAG_OPTIONAL_ARG | G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) switch_cb,
      N_("Print, as a scenario file, the pipeline the window opens with these options and fresh settings, then quit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autofree gchar *description = NULL;
  GOptionGroup *group;
  gboolean ok = FALSE;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (argc != NULL, FALSE);
  g_return_val_if_fail (argv != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (options, 0, sizeof *options);
  pl_config_init_default (&options->config);

  context = g_option_context_new (_("— watch worker threads hand items down a pipeline"));
  group = g_option_group_new ("pipeline-lab", NULL, NULL, &parsed, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Runs a pipeline of worker threads joined by queues and shows it "
                                  "working: in a window, as a report with no display, or as a picture. "
                                  "Options given explicitly override the preset and the scenario."));
  description = describe_presets ();
  g_option_context_set_description (context, description);

  for (gint i = 1; i < *argc && g_strcmp0 ((*argv)[i], "--") != 0; i++)
    {
      if (g_str_has_prefix ((*argv)[i], "--headless="))
        parsed.headless_equals++;
      else if (g_str_has_prefix ((*argv)[i], "--version="))
        parsed.version_equals++;
      else if (g_str_has_prefix ((*argv)[i], "--print-scenario="))
        parsed.print_scenario_equals++;
      else if (g_str_has_prefix ((*argv)[i], "--overwrite="))
        parsed.overwrite_equals++;
    }

  if (!g_option_context_parse (context, argc, argv, error))
    {
      if (error != NULL && *error != NULL &&
          g_error_matches (*error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION))
        {
          g_autofree gchar *message = g_strdup_printf (_("%s; see --help for the options"),
                                                       (*error)->message);

          g_free ((*error)->message);
          (*error)->message = g_steal_pointer (&message);
        }
      goto out;
    }

  if (*argc > 1)
    {
      g_autofree gchar *quoted = pl_format_user_text ((*argv)[1]);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("%s: unexpected argument; every setting is an option such as --items=N (see --help)"),
                   quoted);
      goto out;
    }

  if (!check_combinations (&parsed, error) ||
      !build_config (&parsed, &options->config, error))
    goto out;

  if (parsed.compare != NULL)
    {
      g_autoptr(GError) compare_error = NULL;

      options->compare = pl_compare_new (&options->config, parsed.compare, &compare_error);
      if (options->compare == NULL)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               compare_error->message);
          goto out;
        }
    }

  options->headless = parsed.headless;
  options->report = parsed.have_report ? parsed.report : PL_REPORT_TEXT;
  options->screenshot = g_steal_pointer (&parsed.screenshot);
  options->export_path = g_steal_pointer (&parsed.export_path);
  options->scenario = g_steal_pointer (&parsed.scenario);
  options->after_s = parsed.have_after ? parsed.after_s : 1.0;
  options->width = parsed.have_size ? parsed.width : 1280;
  options->height = parsed.have_size ? parsed.height : 800;
  options->version = parsed.version;
  options->print_scenario = parsed.print_scenario;
  options->record_path = g_steal_pointer (&parsed.record);
  options->overwrite = parsed.overwrite;
  options->replay_path = g_steal_pointer (&parsed.replay);
  options->at_s = parsed.have_at ? parsed.at_s : -1.0;
  options->trace = g_steal_pointer (&parsed.trace);
  options->trace_all = parsed.trace_all;
  options->explicit_preset = parsed.preset != NULL;
  options->given = ((parsed.preset != NULL ? PL_OPTION_GIVEN_PRESET : 0) |
                    (options->scenario != NULL ? PL_OPTION_GIVEN_SCENARIO : 0) |
                    (parsed.have_mode ? PL_OPTION_GIVEN_MODE : 0) |
                    (parsed.have_items ? PL_OPTION_GIVEN_ITEMS : 0) |
                    (parsed.n_stages > 0 ? PL_OPTION_GIVEN_STAGES : 0) |
                    (parsed.capacity != NULL ? PL_OPTION_GIVEN_CAPACITY : 0) |
                    (parsed.have_backoff ? PL_OPTION_GIVEN_BACKOFF : 0) |
                    (parsed.have_work ? PL_OPTION_GIVEN_WORK : 0) |
                    (parsed.have_seed ? PL_OPTION_GIVEN_SEED : 0) |
                    (parsed.have_duration ? PL_OPTION_GIVEN_DURATION : 0));
  ok = TRUE;

out:
  parsed_clear (&parsed);
  if (!ok)
    {
      pl_options_clear (options);
      pl_config_init_default (&options->config);
    }

  return ok;
}

void
pl_options_clear (PlOptions *options)
{
  g_return_if_fail (options != NULL);

  g_clear_pointer (&options->screenshot, g_free);
  g_clear_pointer (&options->export_path, g_free);
  g_clear_pointer (&options->scenario, g_free);
  g_clear_pointer (&options->record_path, g_free);
  g_clear_pointer (&options->replay_path, g_free);
  g_clear_pointer (&options->compare, pl_compare_free);
  g_clear_pointer (&options->trace, g_free);
}
