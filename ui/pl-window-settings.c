/* pl-window-settings.c: what the window remembers from one start to the next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lesson, every live setting of its pipeline, the text size and the
 * window's size go to GSettings, so that the next class starts where this
 * one stopped. Writes are gathered for a moment: dragging a slider sends
 * dozens of changes a second, and the settings store needs only the last.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pl-window-private.h"

/* How long changes are gathered before they are written. */
#define SAVE_DELAY_MS 300

static gboolean
settings_error (GError      **error,
                const gchar  *key,
                const gchar  *what)
{
  /* TRANSLATORS: the first %s is a settings key, e.g. "stage-workers". */
  g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
               _("saved setting %s: %s"), key, what);

  return FALSE;
}

/* Whether the key holds a value written for this lesson. */
static gboolean
saved (GSettings   *settings,
       const gchar *key)
{
  g_autoptr(GVariant) value = g_settings_get_user_value (settings, key);

  return value != NULL;
}

/**
 * pl_window_settings_get_config:
 * @settings: settings of the io.github.pipelinelab.PipelineLab schema
 * @config: (out): the pipeline the settings describe
 * @error: return location for a one-line error
 *
 * Rebuilds the pipeline last shown: the saved lesson as the window opens
 * it (pl_config_apply_lesson()), then, on top of it, the value of every
 * control the teacher changed in that lesson. Values that do not fit together (edited
 * by hand, or left by another version) are an error, and @config is then
 * left unchanged.
 *
 * Returns: %TRUE when @config was filled in
 */
gboolean
pl_window_settings_get_config (GSettings  *settings,
                               PlConfig   *config,
                               GError    **error)
{
  g_autofree gchar *lesson = NULL;
  g_autofree gchar *mode = NULL;
  g_autofree gchar *work = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) distributions = NULL;
  g_autoptr(GVariant) delays = NULL;
  g_autoptr(GVariant) workers = NULL;
  g_autoptr(GVariant) capacities = NULL;
  g_autoptr(GError) local_error = NULL;
  const gdouble *delay_values;
  const guint32 *worker_values;
  const guint32 *capacity_values;
  gsize n_delays, n_workers, n_capacities;
  guint n_names, n_distributions;
  guint64 items;
  PlConfig copy;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lesson = g_settings_get_string (settings, "lesson");
  pl_config_init_default (&copy);
  if (lesson[0] != '\0' && !pl_config_apply_lesson (&copy, lesson, &local_error))
    return settings_error (error, "lesson", local_error->message);
  if (lesson[0] == '\0')
    copy.preset[0] = '\0';

  /* A key never written is the lesson's own value, not the schema's
   * default: the schema cannot know which lesson it is read for. */
  if (saved (settings, "mode"))
    {
      mode = g_settings_get_string (settings, "mode");
      if (!pl_config_parse_mode (mode, &copy.mode))
        return settings_error (error, "mode", _("not busy-wait or blocking"));
    }
  if (saved (settings, "work"))
    {
      work = g_settings_get_string (settings, "work");
      if (!pl_config_parse_work (work, &copy.work))
        return settings_error (error, "work", _("not sleep or spin"));
    }

  items = g_settings_get_uint64 (settings, "items");
  if (items > 0)
    copy.items = items;
  if (saved (settings, "backoff-ms"))
    copy.backoff_ms = g_settings_get_double (settings, "backoff-ms");

  names = g_settings_get_strv (settings, "stage-names");
  distributions = g_settings_get_strv (settings, "stage-distributions");
  delays = g_settings_get_value (settings, "stage-delays-ms");
  workers = g_settings_get_value (settings, "stage-workers");
  capacities = g_settings_get_value (settings, "capacities");
  delay_values = g_variant_get_fixed_array (delays, &n_delays, sizeof (gdouble));
  worker_values = g_variant_get_fixed_array (workers, &n_workers, sizeof (guint32));
  capacity_values = g_variant_get_fixed_array (capacities, &n_capacities, sizeof (guint32));
  n_names = g_strv_length (names);
  n_distributions = g_strv_length (distributions);

  /* Empty lists mean the lesson's own stages. */
  if (n_delays > 0 || n_distributions > 0 || n_workers > 0)
    {
      if (n_delays != n_distributions || n_delays != n_workers || n_delays < 1)
        return settings_error (error, "stage-delays-ms",
                               _("the stage lists have different lengths"));
      if (n_delays > PL_MAX_STAGES)
        return settings_error (error, "stage-delays-ms",
                               _("too many stages: a line has at most 16"));
      if (n_names != n_delays && n_delays != copy.n_stages)
        return settings_error (error, "stage-names",
                               _("the stages have no names"));

      for (guint i = 0; i < n_delays; i++)
        {
          PlStageConfig *stage = &copy.stages[i];

          if (n_names == n_delays)
            {
              if (strlen (names[i]) >= PL_STAGE_NAME_LEN)
                return settings_error (error, "stage-names", _("a name is too long"));
              g_strlcpy (stage->name, names[i], PL_STAGE_NAME_LEN);
            }
          if (!pl_config_parse_distribution (distributions[i], &stage->distribution))
            return settings_error (error, "stage-distributions",
                                   _("not fixed, uniform or exponential"));
          stage->mean_ms = delay_values[i];
          stage->workers = worker_values[i];
        }
      for (guint i = n_delays; i < PL_MAX_STAGES; i++)
        {
          memset (&copy.stages[i], 0, sizeof copy.stages[i]);
          copy.capacities[i] = 0;
        }
      copy.n_stages = n_delays;
    }

  if (n_capacities > 0)
    {
      if (n_capacities != copy.n_stages)
        return settings_error (error, "capacities",
                               _("not one value per queue"));
      for (guint i = 0; i < n_capacities; i++)
        copy.capacities[i] = capacity_values[i];
    }

  if (!pl_config_validate (&copy, &local_error))
    {
      g_set_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID,
                   _("saved settings: %s"), local_error->message);
      return FALSE;
    }

  *config = copy;

  return TRUE;
}

static void
pl_window_save_config (PlWindow *self)
{
  GSettings *settings = self->settings;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) distributions = g_ptr_array_new ();
  gdouble delays[PL_MAX_STAGES];
  guint32 workers[PL_MAX_STAGES];
  guint32 capacities[PL_MAX_STAGES];
  gboolean same_stages = FALSE;
  gboolean same_capacities = FALSE;
  guint n_stages, n_capacities;
  PlConfig config, lesson;

  pl_pipeline_get_config (self->pipeline, &config);

  /* Only what differs from the lesson is written; the rest is reset, so
   * that it reads back as the lesson's own value. */
  if (config.preset[0] == '\0' || !pl_config_apply_lesson (&lesson, config.preset, NULL))
    pl_config_init_default (&lesson);
  else
    {
      same_stages = lesson.n_stages == config.n_stages;
      for (guint i = 0; same_stages && i < config.n_stages; i++)
        same_stages = (g_str_equal (lesson.stages[i].name, config.stages[i].name)
                       && lesson.stages[i].mean_ms == config.stages[i].mean_ms
                       && lesson.stages[i].distribution == config.stages[i].distribution
                       && lesson.stages[i].workers == config.stages[i].workers);
      same_capacities = same_stages;
      for (guint i = 0; same_capacities && i < config.n_stages; i++)
        same_capacities = lesson.capacities[i] == config.capacities[i];
    }
  n_stages = same_stages ? 0 : config.n_stages;
  n_capacities = same_capacities ? 0 : config.n_stages;

  for (guint i = 0; i < n_stages; i++)
    {
      g_ptr_array_add (names, config.stages[i].name);
      g_ptr_array_add (distributions,
                       (gpointer) pl_distribution_to_string (config.stages[i].distribution));
      delays[i] = config.stages[i].mean_ms;
      workers[i] = config.stages[i].workers;
    }
  for (guint i = 0; i < n_capacities; i++)
    capacities[i] = config.capacities[i];
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (distributions, NULL);

  /* One write for the whole pipeline, so that no reader sees half of it. */
  g_settings_delay (settings);
  g_settings_set_string (settings, "lesson", config.preset);
  if (config.preset[0] != '\0' && config.mode == lesson.mode)
    g_settings_reset (settings, "mode");
  else
    g_settings_set_string (settings, "mode", pl_mode_to_string (config.mode));
  if (config.preset[0] != '\0' && config.work == lesson.work)
    g_settings_reset (settings, "work");
  else
    g_settings_set_string (settings, "work", pl_work_to_string (config.work));
  g_settings_set_uint64 (settings, "items",
                         config.preset[0] != '\0' && config.items == lesson.items ? 0 : config.items);
  if (config.preset[0] != '\0' && config.backoff_ms == lesson.backoff_ms)
    g_settings_reset (settings, "backoff-ms");
  else
    g_settings_set_double (settings, "backoff-ms", config.backoff_ms);
  g_settings_set_strv (settings, "stage-names", (const gchar *const *) names->pdata);
  g_settings_set_strv (settings, "stage-distributions",
                       (const gchar *const *) distributions->pdata);
  g_settings_set_value (settings, "stage-delays-ms",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, delays,
                                                   n_stages, sizeof delays[0]));
  g_settings_set_value (settings, "stage-workers",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, workers,
                                                   n_stages, sizeof workers[0]));
  g_settings_set_value (settings, "capacities",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, capacities,
                                                   n_capacities, sizeof capacities[0]));
  g_settings_set_double (settings, "text-scale", pl_line_view_get_text_scale (self->line_view));
  g_settings_apply (settings);
}

static gboolean
save_settings_cb (gpointer user_data)
{
  PlWindow *self = PL_WINDOW (user_data);

  self->save_settings_id = 0;
  pl_window_save_config (self);

  return G_SOURCE_REMOVE;
}

/* Called after every change worth remembering. */
void
_pl_window_settings_changed (PlWindow *self)
{
  if (self->settings == NULL || self->pipeline == NULL || self->save_settings_id != 0)
    return;

  self->save_settings_id = g_timeout_add (SAVE_DELAY_MS, save_settings_cb, self);
}

static gboolean
chart_window_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  g_value_set_boolean (value, g_str_equal (g_variant_get_string (variant, NULL), "whole-run"));

  return TRUE;
}

static GVariant *
chart_window_set_mapping (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  return g_variant_new_string (g_value_get_boolean (value) ? "whole-run" : "last-60s");
}

static void
pl_window_bind_panels (PlWindow *self)
{
  g_settings_bind (self->settings, "show-code-panel", self->code_pane, "visible",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-charts", self->charts_pane, "visible",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "chart-window", self->chart_view, "whole-run",
                                G_SETTINGS_BIND_DEFAULT,
                                chart_window_get_mapping, chart_window_set_mapping,
                                NULL, NULL);
}

static void
pl_window_unbind_panels (PlWindow *self)
{
  g_settings_unbind (self->code_pane, "visible");
  g_settings_unbind (self->charts_pane, "visible");
  g_settings_unbind (self->chart_view, "whole-run");
}

/* Writes what is pending, and the window's size, then forgets. */
void
_pl_window_settings_dispose (PlWindow *self)
{
  gint width = 0;
  gint height = 0;

  g_clear_handle_id (&self->save_settings_id, g_source_remove);
  if (self->settings == NULL)
    return;

  pl_window_unbind_panels (self);

  if (self->pipeline != NULL)
    pl_window_save_config (self);

  /* The default size is the size the window had before it was maximized
   * or made fullscreen, which is the one to come back to. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);

  g_clear_object (&self->settings);
}

/**
 * pl_window_set_settings:
 * @self: a #PlWindow
 * @settings: (nullable): settings of the io.github.pipelinelab.PipelineLab
 *   schema, or %NULL to stop remembering
 *
 * From now on the window keeps its lesson, live settings, text size,
 * panels and size in @settings; the text size and window size saved there are applied
 * at once. The pipeline itself is the caller's choice (see
 * pl_window_settings_get_config()), so that the command line can win.
 */
void
pl_window_set_settings (PlWindow  *self,
                        GSettings *settings)
{
  g_return_if_fail (PL_IS_WINDOW (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  g_clear_handle_id (&self->save_settings_id, g_source_remove);
  if (self->settings == settings)
    return;
  if (self->settings != NULL)
    pl_window_unbind_panels (self);
  g_set_object (&self->settings, settings);
  if (settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  pl_line_view_set_text_scale (self->line_view, g_settings_get_double (settings, "text-scale"));
  _pl_window_apply_text_scale (self);
  /* The code and chart panes, and the charts' time span, follow the
   * settings both ways. */
  pl_window_bind_panels (self);

  /* What is shown now is what the next start should show. */
  _pl_window_settings_changed (self);
}
