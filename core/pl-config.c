/* pl-config.c: defaults, option parsers and validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pl-config.h"
#include "pl-config-private.h"
#include "pl-enums.h"
#include "pl-format.h"

/* PRIu64 rather than G_GUINT64_FORMAT in translated text: the string
 * extractor knows the <inttypes.h> macros, so the catalogue can match. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

G_DEFINE_QUARK (pl-config-error-quark, pl_config_error)

gboolean
_pl_config_stage_name_is_valid (const gchar *name)
{
  gsize length = strlen (name);

  if (length == 0 || length >= PL_STAGE_NAME_LEN)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (name[i]) && name[i] != '_' && name[i] != '-')
        return FALSE;
    }

  return TRUE;
}

/* Everything past n_stages is zero, so that two equal pipelines are equal
 * byte for byte and a saved file reads back exactly. */
void
_pl_config_clear_unused_stages (PlConfig *config)
{
  for (guint i = config->n_stages; i < PL_MAX_STAGES; i++)
    {
      memset (&config->stages[i], 0, sizeof config->stages[i]);
      config->capacities[i] = 0;
    }
}

void
pl_config_init_default (PlConfig *config)
{
  static const gchar *const names[] = { "download", "resize", "upload" };

  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->mode = PL_MODE_BLOCKING;
  config->items = 1000;
  config->n_stages = G_N_ELEMENTS (names);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_strlcpy (config->stages[i].name, names[i], PL_STAGE_NAME_LEN);
      config->stages[i].mean_ms = 0.0;
      config->stages[i].distribution = PL_DIST_FIXED;
      config->stages[i].workers = 1;
    }
  config->backoff_ms = 10.0;
  config->work = PL_WORK_SLEEP;
  config->seed = 1;
  config->duration_s = 0.0;
  config->auto_close = FALSE;
  config->max_held = 0;
}

static gboolean
stage_error (GError      **error,
             const gchar  *option,
             const gchar  *text,
             const gchar  *detail)
{
  g_autofree gchar *quoted = pl_format_user_text (text);

  /* TRANSLATORS: the first %s is an option such as --stage, the second the
   * text the user gave, the third says which part is wrong. */
  g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
               _("%s: %s is not NAME:MEAN_MS[:DIST[:WORKERS]] (%s)"),
               option, quoted, detail);

  return FALSE;
}

gboolean
pl_config_parse_stage (PlStageConfig  *stage,
                       const gchar    *option,
                       const gchar    *text,
                       GError        **error)
{
  g_auto(GStrv) parts = NULL;
  PlStageConfig parsed = { { 0 } };
  guint n_parts;
  guint64 workers = 1;

  g_return_val_if_fail (stage != NULL, FALSE);
  g_return_val_if_fail (option != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parts = g_strsplit (text, ":", 0);
  n_parts = g_strv_length (parts);
  if (n_parts < 2 || n_parts > 4)
    return stage_error (error, option, text,
                        _("give 2 to 4 fields separated by colons"));

  if (!_pl_config_stage_name_is_valid (parts[0]))
    return stage_error (error, option, text,
                        _("NAME is 1–31 characters of A–Z, a–z, 0–9, _ and -"));
  g_strlcpy (parsed.name, parts[0], PL_STAGE_NAME_LEN);

  if (!pl_parse_decimal (parts[1], 0.0, PL_MAX_DELAY_MS, &parsed.mean_ms))
    return stage_error (error, option, text,
                        _("MEAN_MS is a number from 0 to 10000"));

  parsed.distribution = PL_DIST_FIXED;
  if (n_parts >= 3 &&
      !pl_config_parse_distribution (parts[2], &parsed.distribution))
    return stage_error (error, option, text,
                        _("DIST is fixed, uniform or exponential"));

  if (n_parts == 4 && !pl_parse_unsigned (parts[3], 1, PL_MAX_WORKERS, &workers))
    return stage_error (error, option, text,
                        _("WORKERS is a whole number from 1 to 32"));
  parsed.workers = (guint) workers;

  *stage = parsed;

  return TRUE;
}

gboolean
pl_config_parse_capacities (PlConfig     *config,
                            const gchar  *option,
                            const gchar  *text,
                            GError      **error)
{
  g_auto(GStrv) parts = NULL;
  guint values[PL_MAX_STAGES] = { 0 };
  guint n_parts;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (option != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (config->n_stages >= 1 && config->n_stages <= PL_MAX_STAGES, FALSE);

  parts = g_strsplit (text, ",", 0);
  n_parts = g_strv_length (parts);

  if (n_parts != 1 && n_parts != config->n_stages)
    {
      g_autofree gchar *quoted = pl_format_user_text (text);

      /* TRANSLATORS: %s: the option, the text given, then the number of
       * queues; N is a queue capacity. */
      g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                   ngettext ("%s: %s does not fit %u queue; give one N for "
                             "every queue or %u comma-separated values, the "
                             "input queue first (N is 0–1000000, 0 = unbounded)",
                             "%s: %s does not fit %u queues; give one N for "
                             "every queue or %u comma-separated values, the "
                             "input queue first (N is 0–1000000, 0 = unbounded)",
                             config->n_stages),
                   option, quoted, config->n_stages, config->n_stages);
      return FALSE;
    }

  for (guint i = 0; i < n_parts; i++)
    {
      guint64 value;

      if (!pl_parse_unsigned (parts[i], 0, PL_MAX_CAPACITY, &value))
        {
          g_autofree gchar *quoted = pl_format_user_text (text);

          g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                       _("%s: %s is not N or N,N,… (each N is a whole number "
                         "from 0 to 1000000, 0 = unbounded)"),
                       option, quoted);
          return FALSE;
        }
      values[i] = (guint) value;
    }

  for (guint i = 0; i < config->n_stages; i++)
    config->capacities[i] = n_parts == 1 ? values[0] : values[i];
  for (guint i = config->n_stages; i < PL_MAX_STAGES; i++)
    config->capacities[i] = 0;

  return TRUE;
}

gboolean
pl_config_parse_mode (const gchar *text,
                      PlMode      *mode)
{
  gint value;

  g_return_val_if_fail (mode != NULL, FALSE);

  if (!pl_enum_from_nick (PL_TYPE_MODE, text, &value))
    return FALSE;
  *mode = value;

  return TRUE;
}

gboolean
pl_config_parse_distribution (const gchar    *text,
                              PlDistribution *distribution)
{
  gint value;

  g_return_val_if_fail (distribution != NULL, FALSE);

  if (!pl_enum_from_nick (PL_TYPE_DISTRIBUTION, text, &value))
    return FALSE;
  *distribution = value;

  return TRUE;
}

gboolean
pl_config_parse_work (const gchar *text,
                      PlWorkKind  *work)
{
  gint value;

  g_return_val_if_fail (work != NULL, FALSE);

  if (!pl_enum_from_nick (PL_TYPE_WORK_KIND, text, &value))
    return FALSE;
  *work = value;

  return TRUE;
}

gboolean
pl_config_parse_ending (const gchar *text,
                        PlEnding    *ending)
{
  gint value;

  g_return_val_if_fail (ending != NULL, FALSE);

  if (!pl_enum_from_nick (PL_TYPE_ENDING, text, &value))
    return FALSE;
  *ending = value;

  return TRUE;
}

const gchar *
pl_mode_to_string (PlMode mode)
{
  return pl_enum_to_nick (PL_TYPE_MODE, mode);
}

const gchar *
pl_distribution_to_string (PlDistribution distribution)
{
  return pl_enum_to_nick (PL_TYPE_DISTRIBUTION, distribution);
}

const gchar *
pl_work_to_string (PlWorkKind work)
{
  return pl_enum_to_nick (PL_TYPE_WORK_KIND, work);
}

const gchar *
pl_ending_to_string (PlEnding ending)
{
  return pl_enum_to_nick (PL_TYPE_ENDING, ending);
}

gboolean
pl_config_validate (const PlConfig  *config,
                    GError         **error)
{
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

#define INVALID(...) \
  G_STMT_START { \
    g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID, __VA_ARGS__); \
    return FALSE; \
  } G_STMT_END

  if (memchr (config->preset, '\0', sizeof config->preset) == NULL)
    INVALID (_("preset: the name is not terminated"));
  if (config->preset[0] != '\0' && !g_strv_contains (pl_config_list_presets (), config->preset))
    INVALID (_("preset: “%s” is not a preset"), config->preset);

  if (config->mode != PL_MODE_BUSY_WAIT && config->mode != PL_MODE_BLOCKING)
    INVALID (_("mode: %d is not busy-wait or blocking"), (gint) config->mode);

  if (config->items < 1 || config->items > PL_MAX_ITEMS)
    INVALID (_("items: %" PRIu64 " is not within 1–100000000"),
             config->items);

  if (config->n_stages < 1 || config->n_stages > PL_MAX_STAGES)
    INVALID (_("stages: %u stages given; a pipeline has 1–16"),
             config->n_stages);

  for (guint i = 0; i < config->n_stages; i++)
    {
      const PlStageConfig *stage = &config->stages[i];

      if (memchr (stage->name, '\0', sizeof stage->name) == NULL ||
          !_pl_config_stage_name_is_valid (stage->name))
        INVALID (_("stage %u: the name is not 1–31 characters of A–Z, a–z, 0–9, _ and -"),
                 i + 1);
      if (!isfinite (stage->mean_ms) || stage->mean_ms < 0.0 ||
          stage->mean_ms > PL_MAX_DELAY_MS)
        INVALID (_("stage %u (%s): the mean delay is not within 0–10000 ms"),
                 i + 1, stage->name);
      if (stage->distribution != PL_DIST_FIXED &&
          stage->distribution != PL_DIST_UNIFORM &&
          stage->distribution != PL_DIST_EXPONENTIAL)
        INVALID (_("stage %u (%s): the distribution is not fixed, uniform or exponential"),
                 i + 1, stage->name);
      if (stage->workers < 1 || stage->workers > PL_MAX_WORKERS)
        INVALID (_("stage %u (%s): %u workers is not within 1–32"),
                 i + 1, stage->name, stage->workers);
      if (config->capacities[i] > PL_MAX_CAPACITY)
        INVALID (_("capacities: queue %u holds %u, more than 1000000"),
                 i, config->capacities[i]);
    }

  if (!isfinite (config->backoff_ms) || config->backoff_ms < 0.0 ||
      config->backoff_ms > PL_MAX_BACKOFF_MS)
    INVALID (_("backoff-ms: not within 0–1000"));

  if (config->work != PL_WORK_SLEEP && config->work != PL_WORK_SPIN)
    INVALID (_("work: %d is not sleep or spin"), (gint) config->work);

  if (!isfinite (config->duration_s) || config->duration_s < 0.0 ||
      config->duration_s > PL_MAX_DURATION_S)
    INVALID (_("duration: not within 0–86400 seconds"));

  if (config->ending != PL_ENDING_CLOSE && config->ending != PL_ENDING_JOIN)
    INVALID (_("ending: %d is not close or join"), (gint) config->ending);

  if (!isfinite (config->shutdown_after_s) || config->shutdown_after_s < 0.0 ||
      config->shutdown_after_s > PL_MAX_DURATION_S)
    INVALID (_("shutdown-after: not within 0–86400 seconds"));

#undef INVALID

  return TRUE;
}
