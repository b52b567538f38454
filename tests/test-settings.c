/* test-settings.c: what the window remembers comes back at the next start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs with GSETTINGS_BACKEND=memory and the schema compiled in the build
 * tree, so nothing here touches the user's own settings.
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <gtk/gtk.h>

#include "pl-application.h"
#include "pl-options.h"
#include "pl-test-window.h"
#include "pl-window.h"

static GSettings *
fresh_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return g_settings_new_with_backend (APP_ID, backend);
}

/* The code pane is the parent of the code view. */
static gboolean
code_pane_shown (PlWindow *window)
{
  GtkWidget *code_view = pl_test_find_first (GTK_WIDGET (window), g_type_from_name ("PlCodeView"));

  g_assert_nonnull (code_view);

  /* The pane holds the view in a scrolled window: shown when every widget
   * between the view and the window is. */
  for (GtkWidget *widget = code_view; widget != NULL && !GTK_IS_WINDOW (widget);
       widget = gtk_widget_get_parent (widget))
    if (!gtk_widget_get_visible (widget))
      return FALSE;

  return TRUE;
}

static void
assert_same_pipeline (const PlConfig *a,
                      const PlConfig *b)
{
  g_assert_cmpstr (a->preset, ==, b->preset);
  g_assert_cmpint (a->mode, ==, b->mode);
  g_assert_cmpuint (a->items, ==, b->items);
  g_assert_cmpfloat_with_epsilon (a->backoff_ms, b->backoff_ms, 1e-9);
  g_assert_cmpint (a->work, ==, b->work);
  g_assert_cmpuint (a->n_stages, ==, b->n_stages);
  for (guint i = 0; i < a->n_stages; i++)
    {
      g_assert_cmpstr (a->stages[i].name, ==, b->stages[i].name);
      g_assert_cmpfloat_with_epsilon (a->stages[i].mean_ms, b->stages[i].mean_ms, 1e-9);
      g_assert_cmpint (a->stages[i].distribution, ==, b->stages[i].distribution);
      g_assert_cmpuint (a->stages[i].workers, ==, b->stages[i].workers);
      g_assert_cmpuint (a->capacities[i], ==, b->capacities[i]);
    }
}

static void parse_options (PlOptions   *options,
                           const gchar *first,
                           ...);

/* The whole of a lesson as the window opens it, and not a value less. */
static void
assert_is_lesson (const PlConfig *config,
                  const gchar    *name,
                  gboolean        mode_flipped)
{
  g_autoptr(GError) error = NULL;
  PlConfig lesson;

  g_test_message ("lesson %s%s", name, mode_flipped ? ", mode changed by the teacher" : "");
  g_assert_true (pl_config_apply_lesson (&lesson, name, &error));
  g_assert_no_error (error);
  if (mode_flipped)
    lesson.mode = lesson.mode == PL_MODE_BLOCKING ? PL_MODE_BUSY_WAIT : PL_MODE_BLOCKING;
  assert_same_pipeline (config, &lesson);
  g_assert_cmpint (config->auto_close, ==, lesson.auto_close);
  g_assert_cmpuint (config->max_held, ==, lesson.max_held);
  g_assert_cmpint (config->ending, ==, lesson.ending);
  g_assert_cmpfloat_with_epsilon (config->shutdown_after_s, lesson.shutdown_after_s, 1e-9);
}

static void
assert_window_shows (PlWindow    *window,
                     const gchar *name,
                     gboolean     mode_flipped)
{
  PlConfig config;

  pl_pipeline_get_config (pl_window_get_pipeline (window), &config);
  assert_is_lesson (&config, name, mode_flipped);
}

/* The window writes its settings a moment after a change: wait, bounded,
 * until they read back as @name (with the mode changed if @mode_flipped). */
static void
wait_until_saved (GSettings   *settings,
                  const gchar *name,
                  gboolean     mode_flipped)
{
  gint64 deadline = g_get_monotonic_time () + PL_TEST_WAIT_TIMEOUT_US;
  PlConfig lesson, restored;

  g_assert_true (pl_config_apply_lesson (&lesson, name, NULL));
  if (mode_flipped)
    lesson.mode = lesson.mode == PL_MODE_BLOCKING ? PL_MODE_BUSY_WAIT : PL_MODE_BLOCKING;

  for (;;)
    {
      g_autoptr(GError) error = NULL;

      if (pl_window_settings_get_config (settings, &restored, &error)
          && g_str_equal (restored.preset, name)
          && restored.mode == lesson.mode)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for the lesson %s to be saved (%s)", name,
                 error != NULL ? error->message : restored.preset);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  assert_is_lesson (&restored, name, mode_flipped);
}

/* Choosing a lesson, in any way, applies every one of its settings, and
 * keeps only what the teacher changed in that lesson: the first start, the
 * command line, the menu, the next and previous keys, Reset and the saved
 * settings. */
static void
test_settings_every_lesson_every_way (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  g_autoptr(GSettings) settings = fresh_settings ();
  const gchar *const *presets = pl_config_list_presets ();
  guint n = g_strv_length ((gchar **) presets);
  PlOptions options;
  PlConfig config;
  PlWindow *window;

  /* The first start, with nothing saved, as build-aux/run.sh starts. */
  parse_options (&options, NULL);
  pl_application_choose_config (settings, &options, &config);
  assert_is_lesson (&config, presets[0], FALSE);
  pl_options_clear (&options);

  /* --preset, over fresh settings and over settings of another lesson. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree gchar *option = g_strconcat ("--preset=", presets[i], NULL);
      g_autoptr(GSettings) other = fresh_settings ();

      g_settings_set_string (other, "lesson", presets[(i + 1) % n]);
      g_settings_set_string (other, "mode", "busy-wait");
      parse_options (&options, option, NULL);
      pl_application_choose_config (settings, &options, &config);
      assert_is_lesson (&config, presets[i], FALSE);
      pl_application_choose_config (other, &options, &config);
      assert_is_lesson (&config, presets[i], FALSE);
      pl_options_clear (&options);
    }

  /* The window, opened on the first lesson as the first start opens it. */
  parse_options (&options, NULL);
  pl_application_choose_config (settings, &options, &config);
  pl_options_clear (&options);
  window = pl_window_new (application, &config);
  g_object_ref (window);
  pl_window_set_settings (window, settings);
  pl_test_present (window);
  assert_window_shows (window, presets[0], FALSE);
  wait_until_saved (settings, presets[0], FALSE);

  for (guint i = 0; i < n; i++)
    {
      /* The menu, from another lesson. */
      if (i > 0)
        {
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson", "s",
                                                     presets[i]));
          assert_window_shows (window, presets[i], FALSE);
          wait_until_saved (settings, presets[i], FALSE);
        }

      /* A change in this lesson survives Reset and a restart... */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-mode", NULL));
      assert_window_shows (window, presets[i], TRUE);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
      assert_window_shows (window, presets[i], TRUE);
      wait_until_saved (settings, presets[i], TRUE);

      /* ...but not a change of lesson: the next and previous keys. */
      if (i + 1 < n)
        {
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson-next", NULL));
          assert_window_shows (window, presets[i + 1], FALSE);
          wait_until_saved (settings, presets[i + 1], FALSE);
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson-previous", NULL));
          assert_window_shows (window, presets[i], FALSE);
          wait_until_saved (settings, presets[i], FALSE);
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
          assert_window_shows (window, presets[i], FALSE);
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson", "s",
                                                     presets[(i + 3) % n]));
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The schema knows every lesson, and no lesson that does not exist. */
static void
test_settings_schema_knows_every_lesson (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) choices = NULL;
  const gchar *const *presets = pl_config_list_presets ();
  const gchar *kind = NULL;
  GVariantIter iter;
  const gchar *choice;

  g_object_get (settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "lesson");

  for (guint i = 0; presets[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_string (presets[i]));

      g_test_message ("lesson %s", presets[i]);
      g_assert_true (g_settings_schema_key_range_check (key, value));
    }

  range = g_settings_schema_key_get_range (key);
  g_variant_get (range, "(&sv)", &kind, &choices);
  g_assert_cmpstr (kind, ==, "enum");
  g_variant_iter_init (&iter, choices);
  while (g_variant_iter_next (&iter, "&s", &choice))
    {
      g_test_message ("choice \"%s\"", choice);
      g_assert_true (choice[0] == '\0' || g_strv_contains (presets, choice));
    }

  /* The first start opens the first lesson. */
  g_assert_cmpstr (g_settings_get_string (settings, "lesson"), ==, presets[0]);
}

/* Change what a teacher changes, close, open again: it all comes back. */
static void
test_settings_round_trip (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  PlConfig config, changed, restored, shown;
  GtkSpinButton *items_spin;
  PlWindow *window;
  PlPipeline *pipeline;

  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  g_assert_no_error (error);

  window = pl_window_new (application, &config);
  g_object_ref (window);
  pl_window_set_settings (window, settings);
  pl_test_present (window);

  /* The lesson and the mode, as the menu and the switch set them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson", "s", "backlog"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.mode", "s", "busy-wait"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.text-larger", NULL));
  g_assert_false (code_pane_shown (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL));
  g_assert_true (code_pane_shown (window));

  /* The item count, typed into the side panel's first spin button. */
  items_spin = GTK_SPIN_BUTTON (pl_test_find_first (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON));
  g_assert_nonnull (items_spin);
  gtk_spin_button_set_value (items_spin, 4321);

  /* Every other slider, through the pipeline the controls drive. */
  pipeline = pl_window_get_pipeline (window);
  pl_pipeline_set_backoff (pipeline, 2.5);
  pl_pipeline_set_stage_delay (pipeline, 1, 37.5, PL_DIST_EXPONENTIAL);
  pl_pipeline_set_stage_workers (pipeline, 2, 5);
  pl_pipeline_set_capacity (pipeline, 0, 9);
  pl_pipeline_set_capacity (pipeline, 2, 3);
  g_signal_emit_by_name (pl_test_find_first (GTK_WIDGET (window), g_type_from_name ("PlControls")), "changed");
  pl_pipeline_get_config (pipeline, &changed);
  g_assert_cmpuint (changed.items, ==, 4321);

  gtk_window_set_default_size (GTK_WINDOW (window), 1111, 777);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  /* Everything was written when the window went away. */
  g_assert_cmpstr (g_settings_get_string (settings, "lesson"), ==, "backlog");
  g_assert_cmpstr (g_settings_get_string (settings, "mode"), ==, "busy-wait");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1111);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 777);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "text-scale"), 1.2, 1e-9);
  g_assert_true (g_settings_get_boolean (settings, "show-code-panel"));
  g_assert_false (g_settings_get_boolean (settings, "show-charts"));

  g_assert_true (pl_window_settings_get_config (settings, &restored, &error));
  g_assert_no_error (error);
  assert_same_pipeline (&restored, &changed);
  g_assert_cmpint (restored.mode, ==, PL_MODE_BUSY_WAIT);
  g_assert_cmpfloat_with_epsilon (restored.stages[1].mean_ms, 37.5, 1e-9);
  g_assert_cmpuint (restored.stages[2].workers, ==, 5);
  g_assert_cmpuint (restored.capacities[0], ==, 9);

  /* A new window with the restored pipeline shows it, at the saved size. */
  window = pl_window_new (application, &restored);
  g_object_ref (window);
  pl_window_set_settings (window, settings);
  {
    gint width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 1111);
    g_assert_cmpint (height, ==, 777);
  }
  g_assert_cmpfloat_with_epsilon (pl_line_view_get_text_scale (pl_window_get_line_view (window)),
                                  1.2, 1e-9);
  g_assert_true (code_pane_shown (window));
  pl_pipeline_get_config (pl_window_get_pipeline (window), &shown);
  assert_same_pipeline (&shown, &changed);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* A scenario's own stages, not a lesson's, come back too. */
static void
test_settings_custom_pipeline (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  PlConfig config, restored;
  PlWindow *window;

  pl_config_init_default (&config);
  config.n_stages = 4;
  for (guint i = 0; i < 4; i++)
    {
      g_snprintf (config.stages[i].name, PL_STAGE_NAME_LEN, "step-%u", i);
      config.stages[i].mean_ms = 1.0 + i;
      config.stages[i].distribution = PL_DIST_UNIFORM;
      config.stages[i].workers = 1 + i;
      config.capacities[i] = 2 * i;
    }
  g_assert_true (pl_config_validate (&config, &error));

  window = pl_window_new (application, &config);
  g_object_ref (window);
  pl_window_set_settings (window, settings);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  g_assert_cmpstr (g_settings_get_string (settings, "lesson"), ==, "");
  g_assert_true (pl_window_settings_get_config (settings, &restored, &error));
  g_assert_no_error (error);
  assert_same_pipeline (&restored, &config);
}

/* Saved values that do not fit together are an error, not a guess. */
static void
test_settings_rejects_mismatched_values (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  const gchar *two[] = { "fixed", "fixed", NULL };
  const gdouble delays[] = { 1.0, 2.0, 3.0 };
  const guint32 workers[] = { 1, 99, 1 };
  PlConfig config, untouched;

  pl_config_init_default (&config);
  untouched = config;

  g_settings_set_strv (settings, "stage-distributions", two);
  g_settings_set_value (settings, "stage-delays-ms",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, delays, 3, sizeof delays[0]));
  g_settings_set_value (settings, "stage-workers",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, workers, 3, sizeof workers[0]));
  g_assert_false (pl_window_settings_get_config (settings, &config, &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpmem (&config, sizeof config, &untouched, sizeof untouched);
  g_clear_error (&error);

  /* Lengths that fit, but 99 workers is out of range. */
  {
    const gchar *three[] = { "fixed", "uniform", "exponential", NULL };

    g_settings_set_strv (settings, "stage-distributions", three);
    g_assert_false (pl_window_settings_get_config (settings, &config, &error));
    g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID);
    g_assert_cmpmem (&config, sizeof config, &untouched, sizeof untouched);
  }
}

/* Eighteen stages, every list as long as the others: too many stages, not
 * lists of different lengths. */
static void
test_settings_too_many_stages (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  const gchar *dists[19] = { NULL };
  gdouble delays[18];
  guint32 workers[18];
  PlConfig config;

  for (guint i = 0; i < 18; i++)
    {
      dists[i] = "fixed";
      delays[i] = 1.0;
      workers[i] = 1;
    }
  g_settings_set_strv (settings, "stage-distributions", dists);
  g_settings_set_value (settings, "stage-delays-ms",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, delays, 18, sizeof delays[0]));
  g_settings_set_value (settings, "stage-workers",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, workers, 18, sizeof workers[0]));

  pl_config_init_default (&config);
  g_assert_false (pl_window_settings_get_config (settings, &config, &error));
  g_assert_error (error, PL_CONFIG_ERROR, PL_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too many stages"));
  g_assert_null (strstr (error->message, "different lengths"));
}

static void
parse_options (PlOptions   *options,
               const gchar *first,
               ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gchar **argv;
  gchar **copy;
  gint argc;
  va_list ap;

  g_ptr_array_add (args, g_strdup ("pipeline-lab"));
  va_start (ap, first);
  for (const gchar *arg = first; arg != NULL; arg = va_arg (ap, const gchar *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);

  /* Parsing moves entries of argv around; free from the original list. */
  argc = (gint) args->len;
  argv = g_new0 (gchar *, args->len + 1);
  memcpy (argv, args->pdata, args->len * sizeof (gchar *));
  copy = argv;
  g_assert_true (pl_options_parse (options, &argc, &argv, &error));
  g_assert_no_error (error);
  g_free (copy);
}

/* What is typed on the command line beats what was saved. */
static void
test_settings_command_line_wins (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  const gdouble delays[] = { 4.0, 40.0, 8.0 };
  const gchar *dists[] = { "fixed", "uniform", "fixed", NULL };
  const guint32 workers[] = { 2, 2, 2 };
  PlOptions options;
  PlConfig config;

  g_settings_set_string (settings, "lesson", "bounded");
  g_settings_set_string (settings, "mode", "busy-wait");
  g_settings_set_uint64 (settings, "items", 777);
  g_settings_set_value (settings, "stage-delays-ms",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, delays, 3, sizeof delays[0]));
  g_settings_set_strv (settings, "stage-distributions", dists);
  g_settings_set_value (settings, "stage-workers",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, workers, 3, sizeof workers[0]));

  /* Nothing given: the saved pipeline. */
  parse_options (&options, NULL);
  pl_application_choose_config (settings, &options, &config);
  g_assert_cmpstr (config.preset, ==, "bounded");
  g_assert_cmpint (config.mode, ==, PL_MODE_BUSY_WAIT);
  g_assert_cmpuint (config.items, ==, 777);
  g_assert_cmpfloat_with_epsilon (config.stages[1].mean_ms, 40.0, 1e-9);
  pl_options_clear (&options);

  /* One option: it wins, the rest stays as saved. */
  parse_options (&options, "--mode=blocking", "--items=12", NULL);
  pl_application_choose_config (settings, &options, &config);
  g_assert_cmpstr (config.preset, ==, "bounded");
  g_assert_cmpint (config.mode, ==, PL_MODE_BLOCKING);
  g_assert_cmpuint (config.items, ==, 12);
  g_assert_cmpuint (config.stages[0].workers, ==, 2);
  pl_options_clear (&options);

  /* A preset describes a whole line: the saved one is not mixed in. */
  parse_options (&options, "--preset=closable", NULL);
  pl_application_choose_config (settings, &options, &config);
  g_assert_cmpstr (config.preset, ==, "closable");
  g_assert_cmpint (config.mode, ==, PL_MODE_BLOCKING);
  g_assert_cmpuint (config.stages[0].workers, ==, 1);
  pl_options_clear (&options);

  /* No settings at all (no schema installed): lesson 1, options on top. */
  parse_options (&options, "--mode=busy-wait", NULL);
  pl_application_choose_config (NULL, &options, &config);
  g_assert_cmpstr (config.preset, ==, pl_config_list_presets ()[0]);
  g_assert_cmpint (config.mode, ==, PL_MODE_BUSY_WAIT);
  pl_options_clear (&options);

  /* A picture for the docs takes nothing from the settings. */
  parse_options (&options, "--screenshot=/tmp/unused.png", NULL);
  pl_application_choose_config (settings, &options, &config);
  g_assert_cmpstr (config.preset, ==, "");
  g_assert_cmpuint (config.items, ==, options.config.items);
  pl_options_clear (&options);

  /* Saved values that do not fit: the first lesson, with the options. */
  g_settings_set_strv (settings, "stage-distributions", NULL);
  parse_options (&options, "--items=5", NULL);
  pl_application_choose_config (settings, &options, &config);
  g_assert_cmpstr (config.preset, ==, pl_config_list_presets ()[0]);
  g_assert_cmpuint (config.items, ==, 5);
  pl_options_clear (&options);
}

/* Each test registers its application under its own id: GTK keeps a
 * registered application alive, and its actions on the bus, after the last
 * reference the test drops. */
static GApplication *
register_application (const gchar *suffix)
{
  g_autofree gchar *id = g_strconcat (APP_ID, ".", suffix, NULL);
  g_autoptr(GError) error = NULL;
  GApplication *application;

  application = g_object_new (PL_TYPE_APPLICATION,
                              "application-id", id,
                              "flags", G_APPLICATION_NON_UNIQUE,
                              "resource-base-path", "/io/github/pipelinelab/PipelineLab",
                              NULL);
  g_assert_true (g_application_register (application, NULL, &error));
  g_assert_no_error (error);

  return application;
}

static GtkAboutDialog *
find_about_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_ABOUT_DIALOG (toplevel))
        return GTK_ABOUT_DIALOG (toplevel);
    }

  return NULL;
}

/* The style choice is kept and applied; the About dialog says who and what. */
static void
test_settings_application_style_and_about (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  GApplication *application;
  GtkAboutDialog *about;
  gboolean dark = FALSE;

  application = register_application ("StyleTest");
  g_action_group_activate_action (G_ACTION_GROUP (application), "color-scheme",
                                  g_variant_new_string ("dark"));
  g_object_get (gtk_settings, "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_true (dark);
  g_assert_cmpstr (g_settings_get_string (settings, "color-scheme"), ==, "dark");

  g_action_group_activate_action (G_ACTION_GROUP (application), "color-scheme",
                                  g_variant_new_string ("light"));
  g_object_get (gtk_settings, "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_false (dark);

  /* A change made elsewhere (another window, dconf) applies at once. */
  g_settings_set_string (settings, "color-scheme", "dark");
  g_object_get (gtk_settings, "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_true (dark);
  {
    g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (application),
                                                                 "color-scheme");

    g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "dark");
  }
  g_settings_reset (settings, "color-scheme");

  /* Ctrl+? comes with the shortcuts window GTK finds in the resources. */
  {
    g_auto(GStrv) help = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                                "win.show-help-overlay");
    g_auto(GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                                "app.quit");

    g_assert_true (g_strv_contains ((const gchar *const *) help, "<Control>question"));
    g_assert_true (g_strv_contains ((const gchar *const *) quit, "<Control>q"));
  }

  g_assert_null (find_about_dialog ());
  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  about = find_about_dialog ();
  g_assert_nonnull (about);
  g_assert_cmpint (gtk_about_dialog_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (gtk_about_dialog_get_version (about), ==, PACKAGE_VERSION);
  g_assert_true (g_str_has_prefix (gtk_about_dialog_get_website (about), "https://"));
  g_assert_nonnull (gtk_about_dialog_get_authors (about));
  g_assert_nonnull (gtk_about_dialog_get_program_name (about));
  gtk_window_destroy (GTK_WINDOW (about));

  g_object_unref (application);
}

/* Whether a real settings portal is on the session bus, or can be started:
 * these tests need the bus to themselves. */
static gboolean
real_portal_present (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GVariant) activatable = NULL;
  g_autofree const gchar **names = NULL;
  gboolean has_owner = FALSE;

  if (bus == NULL)
    return FALSE;

  owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.portal.Desktop"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, NULL);
  if (owned != NULL)
    g_variant_get (owned, "(b)", &has_owner);
  if (has_owner)
    return TRUE;

  activatable = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "ListActivatableNames",
                                             NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                             -1, NULL, NULL);
  if (activatable == NULL)
    return FALSE;
  {
    g_autoptr(GVariant) list = g_variant_get_child_value (activatable, 0);

    names = g_variant_get_strv (list, NULL);
    return g_strv_contains (names, "org.freedesktop.portal.Desktop");
  }
}

/* With no portal, "Follow the System" reads GNOME's own key, when there is one. */
static void
test_settings_follows_the_gnome_key (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettings) desktop = NULL;
  GApplication *application;
  gboolean dark = FALSE;

  schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "color-scheme"))
    {
      g_test_skip ("no org.gnome.desktop.interface color-scheme key here");
      return;
    }
  if (real_portal_present ())
    {
      g_test_skip ("a real settings portal answers on this bus");
      return;
    }

  desktop = g_settings_new ("org.gnome.desktop.interface");
  g_settings_set_string (settings, "color-scheme", "follow");
  g_settings_set_string (desktop, "color-scheme", "prefer-dark");
  application = register_application ("GnomeKeyTest");
  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_true (dark);

  g_settings_set_string (desktop, "color-scheme", "default");
  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  g_assert_false (dark);

  g_settings_reset (desktop, "color-scheme");
  g_settings_reset (settings, "color-scheme");
  g_object_unref (application);
}

/* A stand-in for the desktop's settings portal, on the test's own bus. */
static const gchar portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Settings'>"
  "    <method name='Read'>"
  "      <arg type='s' name='namespace' direction='in'/>"
  "      <arg type='s' name='key' direction='in'/>"
  "      <arg type='v' name='value' direction='out'/>"
  "    </method>"
  "    <signal name='SettingChanged'>"
  "      <arg type='s' name='namespace'/>"
  "      <arg type='s' name='key'/>"
  "      <arg type='v' name='value'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

static guint32 portal_scheme;
static gboolean portal_named;

static void
portal_method_cb (GDBusConnection       *connection,
                  const gchar           *sender,
                  const gchar           *object_path,
                  const gchar           *interface_name,
                  const gchar           *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  const gchar *namespace = NULL;
  const gchar *key = NULL;

  g_variant_get (parameters, "(&s&s)", &namespace, &key);
  if (!g_str_equal (namespace, "org.freedesktop.appearance") || !g_str_equal (key, "color-scheme"))
    {
      g_dbus_method_invocation_return_dbus_error (invocation,
                                                  "org.freedesktop.portal.Error.NotFound",
                                                  "no such setting");
      return;
    }

  /* Like the real portal, Read wraps the value in one variant too many. */
  g_dbus_method_invocation_return_value (invocation,
                                         g_variant_new ("(v)",
                                                        g_variant_new_variant (g_variant_new_uint32 (portal_scheme))));
}

static void
portal_name_acquired_cb (GDBusConnection *connection,
                         const gchar     *name,
                         gpointer         user_data)
{
  portal_named = TRUE;
}

static gboolean
prefers_dark (void)
{
  gboolean dark = FALSE;

  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);

  return dark;
}

static void
wait_for_style (gboolean     dark,
                const gchar *what)
{
  gint64 deadline = g_get_monotonic_time () + PL_TEST_WAIT_TIMEOUT_US;

  while (prefers_dark () != dark)
    pl_test_iterate (deadline, what);
}

/* "Follow the system" follows the portal, at start and when it changes. */
static void
test_settings_follows_the_portal (void)
{
  static const GDBusInterfaceVTable vtable = { portal_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GError) error = NULL;
  GApplication *application;
  gint64 deadline;
  guint object_id, name_id;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    {
      g_test_skip ("no session bus to put a settings portal on");
      return;
    }
  if (real_portal_present ())
    {
      g_test_skip ("a real settings portal answers on this bus");
      return;
    }

  node = g_dbus_node_info_new_for_xml (portal_xml, &error);
  g_assert_no_error (error);
  object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/portal/desktop",
                                                 node->interfaces[0], &vtable,
                                                 NULL, NULL, &error);
  g_assert_no_error (error);
  portal_named = FALSE;
  name_id = g_bus_own_name_on_connection (bus, "org.freedesktop.portal.Desktop",
                                          G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                          portal_name_acquired_cb, NULL, NULL, NULL);
  deadline = g_get_monotonic_time () + PL_TEST_WAIT_TIMEOUT_US;
  while (!portal_named)
    pl_test_iterate (deadline, "the portal's name is owned");

  g_settings_set_string (settings, "color-scheme", "follow");
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);
  portal_scheme = 1;

  application = register_application ("PortalTest");
  wait_for_style (TRUE, "the desktop's dark preference is read at start");

  /* The desktop switches to light while the program runs. */
  g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/portal/desktop",
                                 "org.freedesktop.portal.Settings", "SettingChanged",
                                 g_variant_new ("(ssv)", "org.freedesktop.appearance",
                                                "color-scheme", g_variant_new_uint32 (2)),
                                 &error);
  g_assert_no_error (error);
  wait_for_style (FALSE, "the desktop's switch to light is followed");

  /* The user's own choice beats the desktop. */
  g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/portal/desktop",
                                 "org.freedesktop.portal.Settings", "SettingChanged",
                                 g_variant_new ("(ssv)", "org.freedesktop.appearance",
                                                "color-scheme", g_variant_new_uint32 (1)),
                                 &error);
  g_assert_no_error (error);
  wait_for_style (TRUE, "the desktop's switch back to dark is followed");
  g_action_group_activate_action (G_ACTION_GROUP (application), "color-scheme",
                                  g_variant_new_string ("light"));
  g_assert_false (prefers_dark ());

  g_settings_reset (settings, "color-scheme");
  g_object_unref (application);
  g_bus_unown_name (name_id);
  g_dbus_connection_unregister_object (bus, object_id);
}

/* One start of the real application: what it shows, then a change, then Quit. */
typedef struct
{
  const gchar *pick;      /* the lesson to choose before quitting, or NULL */
  gchar       *shown;     /* the lesson the window opened with */
} StartPlan;

static gboolean
run_too_long_cb (gpointer data)
{
  g_error ("Timed out waiting for the application to quit");

  return G_SOURCE_REMOVE;
}

static gboolean
look_and_quit_cb (gpointer data)
{
  GtkApplication *application = GTK_APPLICATION (data);
  StartPlan *plan = g_object_get_data (G_OBJECT (application), "plan");
  GtkWindow *window = gtk_application_get_active_window (application);

  g_assert_nonnull (window);
  g_object_get (window, "lesson", &plan->shown, NULL);
  if (plan->pick != NULL)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson", "s", plan->pick));

  /* Quit while the line runs: every thread is joined on the way out. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
  g_assert_cmpint (pl_pipeline_get_state (pl_window_get_pipeline (PL_WINDOW (window))), !=,
                   PL_PIPELINE_READY);
  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window)
{
  /* The window gets its pipeline right after it joins the application. */
  g_idle_add (look_and_quit_cb, application);
}

static gchar *
start_once (const gchar *id_suffix,
            const gchar *option,
            const gchar *pick)
{
  g_autofree gchar *id = g_strconcat (APP_ID, ".", id_suffix, NULL);
  PlApplication *application;
  StartPlan plan = { pick, NULL };
  PlOptions options;
  guint timeout_id;

  parse_options (&options, option, NULL);
  application = pl_application_new (&options);
  g_application_set_application_id (G_APPLICATION (application), id);
  g_object_set_data (G_OBJECT (application), "plan", &plan);
  g_signal_connect (application, "window-added", G_CALLBACK (window_added_cb), NULL);

  timeout_id = g_timeout_add_seconds (30, run_too_long_cb, NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (application), 0, NULL), ==, 0);
  g_source_remove (timeout_id);
  g_assert_cmpint (pl_application_get_status (application), ==, 0);
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (application)));

  g_object_unref (application);
  pl_options_clear (&options);

  return plan.shown;
}

/* The real program, started three times: the lesson chosen last time comes
 * back, and a preset on the command line beats it. */
static void
test_settings_survive_a_restart (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const gchar *first = pl_config_list_presets ()[0];
  g_autofree gchar *shown1 = NULL;
  g_autofree gchar *shown2 = NULL;
  g_autofree gchar *shown3 = NULL;
  g_autofree gchar *shown4 = NULL;

  g_settings_reset (settings, "lesson");
  shown1 = start_once ("RestartTest1", NULL, "closable");
  g_assert_cmpstr (shown1, ==, first);
  g_assert_cmpstr (g_settings_get_string (settings, "lesson"), ==, "closable");

  shown2 = start_once ("RestartTest2", NULL, NULL);
  g_assert_cmpstr (shown2, ==, "closable");

  shown3 = start_once ("RestartTest3", "--preset=backlog", NULL);
  g_assert_cmpstr (shown3, ==, "backlog");

  /* What ran last, from the command line, is what comes back. */
  shown4 = start_once ("RestartTest4", NULL, NULL);
  g_assert_cmpstr (shown4, ==, "backlog");

  g_settings_reset (settings, "lesson");
}

int
main (int   argc,
      char *argv[])
{
  GtkApplication *application = pl_test_init_windows (&argc, &argv, "/pl/settings/needs-display");

  if (application == NULL)
    return g_test_run ();

  g_test_add_func ("/pl/settings/schema-knows-every-lesson", test_settings_schema_knows_every_lesson);
  g_test_add_data_func ("/pl/settings/round-trip", application, test_settings_round_trip);
  g_test_add_data_func ("/pl/settings/custom-pipeline", application, test_settings_custom_pipeline);
  g_test_add_func ("/pl/settings/rejects-mismatched-values", test_settings_rejects_mismatched_values);
  g_test_add_func ("/pl/settings/too-many-stages", test_settings_too_many_stages);
  g_test_add_func ("/pl/settings/command-line-wins", test_settings_command_line_wins);
  g_test_add_data_func ("/pl/settings/every-lesson-every-way", application,
                        test_settings_every_lesson_every_way);
  g_test_add_func ("/pl/settings/application-style-and-about",
                   test_settings_application_style_and_about);
  g_test_add_func ("/pl/settings/survive-a-restart", test_settings_survive_a_restart);
  g_test_add_func ("/pl/settings/follows-the-gnome-key", test_settings_follows_the_gnome_key);
  g_test_add_func ("/pl/settings/follows-the-portal", test_settings_follows_the_portal);

  return pl_test_run_windows (application);
}
