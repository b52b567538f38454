/* pl-config-scenario.c: scenario files, read and written as key files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pl-config.h"
#include "pl-config-private.h"
#include "pl-format.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

/* A scenario is a handful of lines; anything bigger is a mistake or hostile. */
#define SCENARIO_MAX_BYTES (64 * 1024)

/* Shortest text that reads back as exactly the same double. */
static gchar *
format_double (gdouble value)
{
  gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_dtostr (buffer, sizeof buffer, value);

  return g_strdup (buffer);
}

/* Scenario files */

static const gchar *const pipeline_keys[] = {
  "preset", "mode", "items", "capacities", "backoff-ms", "work", "seed",
  "duration-s", "auto-close", "max-held", "ending", "shutdown-after-s", NULL
};

static const gchar *const stage_keys[] = {
  "name", "mean-ms", "distribution", "workers", NULL
};

/* "stage N" with N in 1 … PL_MAX_STAGES, written plainly; 0 otherwise. */
static guint
stage_group_number (const gchar *group)
{
  guint64 number;

  if (!g_str_has_prefix (group, "stage "))
    return 0;
  if (!pl_parse_unsigned (group + strlen ("stage "), 1, G_MAXUINT, &number))
    return 0;
  if (group[strlen ("stage ")] == '0')
    return 0;

  return number > G_MAXUINT ? 0 : (guint) number;
}

/* Every scenario error is one line: where, which key, what is wrong. */
G_GNUC_PRINTF (5, 6)
static gboolean
scenario_error (GError      **error,
                const gchar  *source,
                const gchar  *group,
                const gchar  *key,
                const gchar  *format,
                ...)
{
  g_autofree gchar *detail = NULL;
  g_autofree gchar *where = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (group != NULL && key != NULL)
    where = g_strdup_printf ("%s: [%s] %s: ", source, group, key);
  else if (group != NULL)
    where = g_strdup_printf ("%s: [%s]: ", source, group);
  else
    where = g_strdup_printf ("%s: ", source);

  g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_FILE,
               "%s%s", where, detail);

  return FALSE;
}

static gboolean
check_keys (GKeyFile            *key_file,
            const gchar         *source,
            const gchar         *group,
            const gchar *const  *known,
            GError             **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (key_file, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (!g_strv_contains (known, keys[i]))
        {
          g_autofree gchar *quoted = pl_format_user_text (keys[i]);
          g_autofree gchar *choices = g_strjoinv (", ", (gchar **) known);

          return scenario_error (error, source, group, NULL,
                                 _("unknown key %s (known: %s)"),
                                 quoted, choices);
        }
    }

  return TRUE;
}

/* The first backslash in a raw key file value that does not start an
 * escape GKeyFile understands, or NULL when every escape is valid. */
static const gchar *
find_bad_escape (const gchar *raw)
{
  for (const gchar *p = raw; *p != '\0'; p++)
    {
      if (*p != '\\')
        continue;
      if (p[1] == '\0' || strchr ("sntr\\", p[1]) == NULL)
        return p;
      p++;
    }

  return NULL;
}

/*
 * Reads one optional key. Returns FALSE with an error for a value that is
 * present but unreadable; `*value` is NULL when the key is absent.
 */
static gboolean
read_value (GKeyFile     *key_file,
            const gchar  *source,
            const gchar  *group,
            const gchar  *key,
            gchar       **value,
            GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  g_autofree gchar *raw = NULL;
  const gchar *bad_escape;

  *value = NULL;
  if (!g_key_file_has_key (key_file, group, key, NULL))
    return TRUE;

  /* GLib 2.74 sets its error twice, and warns, for an invalid escape
   * followed by a trailing backslash: refuse bad escapes before it looks. */
  raw = g_key_file_get_value (key_file, group, key, NULL);
  if (raw != NULL && (bad_escape = find_bad_escape (raw)) != NULL)
    {
      g_autofree gchar *quoted = pl_format_user_text (bad_escape);

      return scenario_error (error, source, group, key,
                             _("the value is not valid text (a backslash "
                               "must be followed by s, n, t, r or another "
                               "backslash, not %s)"), quoted);
    }

  *value = g_key_file_get_string (key_file, group, key, &local_error);
  if (*value == NULL)
    {
      g_autofree gchar *quoted = pl_format_user_text (local_error->message);

      return scenario_error (error, source, group, key,
                             _("the value is not valid text (%s)"), quoted);
    }

  g_strstrip (*value);

  return TRUE;
}

static gboolean
value_error (GError      **error,
             const gchar  *source,
             const gchar  *group,
             const gchar  *key,
             const gchar  *value,
             const gchar  *accepts)
{
  g_autofree gchar *quoted = pl_format_user_text (value);

  /* TRANSLATORS: the first %s is the value found, the second what the key
   * accepts, e.g. "a whole number from 1 to 32". */
  return scenario_error (error, source, group, key,
                         _("%s is not %s"), quoted, accepts);
}

static gboolean
read_unsigned_key (GKeyFile     *key_file,
                   const gchar  *source,
                   const gchar  *group,
                   const gchar  *key,
                   guint64       min,
                   guint64       max,
                   const gchar  *accepts,
                   guint64      *target,
                   GError      **error)
{
  g_autofree gchar *value = NULL;

  if (!read_value (key_file, source, group, key, &value, error))
    return FALSE;
  if (value != NULL && !pl_parse_unsigned (value, min, max, target))
    return value_error (error, source, group, key, value, accepts);

  return TRUE;
}

static gboolean
read_decimal_key (GKeyFile     *key_file,
                  const gchar  *source,
                  const gchar  *group,
                  const gchar  *key,
                  gdouble       max,
                  const gchar  *accepts,
                  gdouble      *target,
                  GError      **error)
{
  g_autofree gchar *value = NULL;

  if (!read_value (key_file, source, group, key, &value, error))
    return FALSE;
  if (value != NULL && !pl_parse_decimal (value, 0.0, max, target))
    return value_error (error, source, group, key, value, accepts);

  return TRUE;
}

typedef gboolean (*ParseChoice) (const gchar *text, gpointer target);

static gboolean
parse_boolean_choice (const gchar *text,
                      gpointer     target)
{
  if (g_str_equal (text, "true"))
    *(gboolean *) target = TRUE;
  else if (g_str_equal (text, "false"))
    *(gboolean *) target = FALSE;
  else
    return FALSE;

  return TRUE;
}

static gboolean
parse_mode_choice (const gchar *text,
                   gpointer     target)
{
  return pl_config_parse_mode (text, target);
}

static gboolean
parse_work_choice (const gchar *text,
                   gpointer     target)
{
  return pl_config_parse_work (text, target);
}

static gboolean
parse_ending_choice (const gchar *text,
                     gpointer     target)
{
  return pl_config_parse_ending (text, target);
}

static gboolean
parse_distribution_choice (const gchar *text,
                           gpointer     target)
{
  return pl_config_parse_distribution (text, target);
}

static gboolean
read_choice_key (GKeyFile     *key_file,
                 const gchar  *source,
                 const gchar  *group,
                 const gchar  *key,
                 ParseChoice   parse,
                 const gchar  *accepts,
                 gpointer      target,
                 GError      **error)
{
  g_autofree gchar *value = NULL;

  if (!read_value (key_file, source, group, key, &value, error))
    return FALSE;
  if (value != NULL && !parse (value, target))
    return value_error (error, source, group, key, value, accepts);

  return TRUE;
}

/* Checks the groups; on success `*n_stages` is how many [stage N] there are. */
static gboolean
check_groups (GKeyFile     *key_file,
              const gchar  *source,
              guint        *n_stages,
              GError      **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  gboolean seen[PL_MAX_STAGES] = { FALSE };
  guint count = 0;

  for (guint i = 0; groups[i] != NULL; i++)
    {
      guint number;

      if (g_str_equal (groups[i], "pipeline"))
        continue;

      number = stage_group_number (groups[i]);
      if (number == 0 || number > PL_MAX_STAGES)
        {
          g_autofree gchar *quoted = pl_format_escaped_text (groups[i], PL_FORMAT_USER_TEXT_MAX_CHARS);

          return scenario_error (error, source, NULL, NULL,
                                 _("unknown group [%s]; a scenario has "
                                   "[pipeline] and [stage 1] … [stage 16]"),
                                 quoted);
        }
      seen[number - 1] = TRUE;
      count = MAX (count, number);
    }

  if (!g_key_file_has_group (key_file, "pipeline"))
    return scenario_error (error, source, NULL, NULL,
                           _("missing group [pipeline]"));

  for (guint i = 0; i < count; i++)
    {
      if (!seen[i])
        return scenario_error (error, source, NULL, NULL,
                               _("missing group [stage %u]; stages are "
                                 "numbered from 1 with no gaps"),
                               i + 1);
    }

  *n_stages = count;

  return TRUE;
}

static gboolean
read_stage (GKeyFile       *key_file,
            const gchar    *source,
            guint           number,
            PlStageConfig  *stage,
            GError        **error)
{
  g_autofree gchar *group = g_strdup_printf ("stage %u", number);
  g_autofree gchar *name = NULL;
  guint64 workers = 1;

  if (!check_keys (key_file, source, group, stage_keys, error))
    return FALSE;

  memset (stage, 0, sizeof *stage);
  stage->distribution = PL_DIST_FIXED;

  if (!read_value (key_file, source, group, "name", &name, error))
    return FALSE;
  if (name == NULL)
    return scenario_error (error, source, group, "name",
                           _("missing; every stage needs a name"));
  if (!_pl_config_stage_name_is_valid (name))
    return value_error (error, source, group, "name", name,
                        _("1–31 characters of A–Z, a–z, 0–9, _ and -"));
  g_strlcpy (stage->name, name, PL_STAGE_NAME_LEN);

  if (!g_key_file_has_key (key_file, group, "mean-ms", NULL))
    return scenario_error (error, source, group, "mean-ms",
                           _("missing; give the mean delay in ms (0–10000)"));

  if (!read_decimal_key (key_file, source, group, "mean-ms", PL_MAX_DELAY_MS,
                         _("a number of ms from 0 to 10000"),
                         &stage->mean_ms, error) ||
      !read_choice_key (key_file, source, group, "distribution",
                        parse_distribution_choice,
                        _("fixed, uniform or exponential"),
                        &stage->distribution, error) ||
      !read_unsigned_key (key_file, source, group, "workers", 1, PL_MAX_WORKERS,
                          _("a whole number from 1 to 32"), &workers, error))
    return FALSE;

  stage->workers = (guint) workers;

  return TRUE;
}

static gboolean
load_scenario (PlConfig     *config,
               const gchar  *data,
               gsize         length,
               const gchar  *source,
               GError      **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree gchar *preset = NULL;
  g_autofree gchar *capacities = NULL;
  guint n_stages = 0;
  PlConfig copy = *config;

  if (length > SCENARIO_MAX_BYTES)
    return scenario_error (error, source, NULL, NULL,
                           _("the file is larger than 64 KiB"));
  if (memchr (data, '\0', length) != NULL)
    return scenario_error (error, source, NULL, NULL,
                           _("the file holds binary data, not a scenario"));
  if (!g_utf8_validate (data, length, NULL))
    return scenario_error (error, source, NULL, NULL,
                           _("the file is not UTF-8 text"));

  /* Some editors begin UTF-8 files with a byte-order mark: it says nothing
   * about the scenario, so it is skipped. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error))
    {
      /* GKeyFile may quote the offending line: escape it, and cut it short
       * because that line can be as long as the file. */
      g_autofree gchar *reason = pl_format_escaped_text (local_error->message, 160);

      return scenario_error (error, source, NULL, NULL,
                             _("not a scenario file (%s)"), reason);
    }

  if (!check_groups (key_file, source, &n_stages, error) ||
      !check_keys (key_file, source, "pipeline", pipeline_keys, error))
    return FALSE;

  /* The preset is the base that every other key changes. */
  if (!read_value (key_file, source, "pipeline", "preset", &preset, error))
    return FALSE;
  if (preset != NULL && preset[0] != '\0' &&
      !pl_config_apply_preset (&copy, preset, &local_error))
    return scenario_error (error, source, "pipeline", "preset",
                           "%s", local_error->message);
  if (preset != NULL && preset[0] == '\0')
    copy.preset[0] = '\0';

  if (!read_choice_key (key_file, source, "pipeline", "mode",
                        parse_mode_choice,
                        _("busy-wait or blocking"), &copy.mode, error) ||
      !read_unsigned_key (key_file, source, "pipeline", "items", 1, PL_MAX_ITEMS,
                          _("a whole number from 1 to 100000000"),
                          &copy.items, error) ||
      !read_decimal_key (key_file, source, "pipeline", "backoff-ms",
                         PL_MAX_BACKOFF_MS, _("a number of ms from 0 to 1000"),
                         &copy.backoff_ms, error) ||
      !read_choice_key (key_file, source, "pipeline", "work",
                        parse_work_choice,
                        _("sleep or spin"), &copy.work, error) ||
      !read_unsigned_key (key_file, source, "pipeline", "seed", 0, G_MAXUINT64,
                          _("a whole number from 0 to 18446744073709551615"),
                          &copy.seed, error) ||
      !read_decimal_key (key_file, source, "pipeline", "duration-s",
                         PL_MAX_DURATION_S,
                         _("a number of seconds from 0 to 86400"),
                         &copy.duration_s, error) ||
      !read_choice_key (key_file, source, "pipeline", "auto-close",
                        parse_boolean_choice,
                        _("true or false"), &copy.auto_close, error) ||
      !read_unsigned_key (key_file, source, "pipeline", "max-held", 0, G_MAXUINT64,
                          _("a whole number of items (0 = no cap)"),
                          &copy.max_held, error) ||
      !read_choice_key (key_file, source, "pipeline", "ending",
                        parse_ending_choice,
                        _("close or join"), &copy.ending, error) ||
      !read_decimal_key (key_file, source, "pipeline", "shutdown-after-s",
                         PL_MAX_DURATION_S,
                         _("a number of seconds from 0 to 86400 (0 = never)"),
                         &copy.shutdown_after_s, error))
    return FALSE;

  /* Stage groups, when present, replace the base's stages. */
  if (n_stages > 0)
    copy.n_stages = n_stages;
  for (guint i = 0; i < n_stages; i++)
    {
      if (!read_stage (key_file, source, i + 1, &copy.stages[i], error))
        return FALSE;
    }

  /* Capacities come last: how many values fit depends on the stages. */
  if (!read_value (key_file, source, "pipeline", "capacities", &capacities, error))
    return FALSE;
  if (capacities != NULL &&
      !pl_config_parse_capacities (&copy, "capacities", capacities, &local_error))
    return scenario_error (error, source, "pipeline", NULL,
                           "%s", local_error->message);

  _pl_config_clear_unused_stages (&copy);

  if (!pl_config_validate (&copy, &local_error))
    return scenario_error (error, source, NULL, NULL,
                           "%s", local_error->message);

  *config = copy;

  return TRUE;
}

gboolean
pl_config_load_from_data (PlConfig     *config,
                          const gchar  *data,
                          gsize         length,
                          GError      **error)
{
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (data == NULL)
    data = "";
  if (length == (gsize) -1)
    length = strlen (data);

  return load_scenario (config, data, length, _("scenario"), error);
}

gboolean
pl_config_load_from_file (PlConfig     *config,
                          const gchar  *path,
                          GError      **error)
{
  g_autofree gchar *display = NULL;
  g_autofree gchar *source = NULL;
  g_autofree gchar *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf info;
  gsize length = 0;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  source = pl_format_escaped_text (display, G_MAXUINT);

  /* Refuse devices, pipes and huge files before reading a byte of them. */
  if (g_stat (path, &info) != 0)
    {
      int saved_errno = errno;

      return scenario_error (error, source, NULL, NULL, "%s",
                             g_strerror (saved_errno));
    }
  if (!S_ISREG (info.st_mode))
    return scenario_error (error, source, NULL, NULL,
                           _("not a regular file"));
  if (info.st_size > SCENARIO_MAX_BYTES)
    return scenario_error (error, source, NULL, NULL,
                           _("the file is larger than 64 KiB"));

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    return scenario_error (error, source, NULL, NULL,
                           _("cannot read it (%s)"), local_error->message);

  return load_scenario (config, contents, length, source, error);
}

gchar *
pl_config_to_data (const PlConfig *config,
                   gsize          *length)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GString) capacities = NULL;
  g_autofree gchar *backoff = NULL;
  g_autofree gchar *duration = NULL;
  g_autofree gchar *shutdown_after = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->n_stages >= 1 && config->n_stages <= PL_MAX_STAGES, NULL);

  key_file = g_key_file_new ();
  capacities = g_string_new (NULL);
  backoff = format_double (config->backoff_ms);
  duration = format_double (config->duration_s);
  shutdown_after = format_double (config->shutdown_after_s);

  for (guint i = 0; i < config->n_stages; i++)
    g_string_append_printf (capacities, "%s%u", i > 0 ? "," : "",
                            config->capacities[i]);

  g_key_file_set_string (key_file, "pipeline", "preset", config->preset);
  g_key_file_set_string (key_file, "pipeline", "mode",
                         pl_mode_to_string (config->mode));
  g_key_file_set_uint64 (key_file, "pipeline", "items", config->items);
  g_key_file_set_string (key_file, "pipeline", "capacities", capacities->str);
  g_key_file_set_string (key_file, "pipeline", "backoff-ms", backoff);
  g_key_file_set_string (key_file, "pipeline", "work",
                         pl_work_to_string (config->work));
  g_key_file_set_uint64 (key_file, "pipeline", "seed", config->seed);
  g_key_file_set_string (key_file, "pipeline", "duration-s", duration);
  g_key_file_set_string (key_file, "pipeline", "auto-close",
                         config->auto_close ? "true" : "false");
  g_key_file_set_uint64 (key_file, "pipeline", "max-held", config->max_held);
  g_key_file_set_string (key_file, "pipeline", "ending",
                         pl_ending_to_string (config->ending));
  g_key_file_set_string (key_file, "pipeline", "shutdown-after-s", shutdown_after);
  g_key_file_set_comment (key_file, "pipeline", NULL,
                          " Pipeline Lab scenario", NULL);

  for (guint i = 0; i < config->n_stages; i++)
    {
      const PlStageConfig *stage = &config->stages[i];
      g_autofree gchar *group = g_strdup_printf ("stage %u", i + 1);
      g_autofree gchar *mean = format_double (stage->mean_ms);

      g_key_file_set_string (key_file, group, "name", stage->name);
      g_key_file_set_string (key_file, group, "mean-ms", mean);
      g_key_file_set_string (key_file, group, "distribution",
                             pl_distribution_to_string (stage->distribution));
      g_key_file_set_uint64 (key_file, group, "workers", stage->workers);
    }

  return g_key_file_to_data (key_file, length, NULL);
}

gboolean
pl_config_save_to_file (const PlConfig  *config,
                        const gchar     *path,
                        GError         **error)
{
  g_autofree gchar *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = pl_config_to_data (config, &length);
  if (data == NULL)
    {
      g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                   _("the pipeline has no stages to save"));
      return FALSE;
    }

  return g_file_set_contents (path, data, length, error);
}
