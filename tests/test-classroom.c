/* test-classroom.c: lessons in order, the keys, presentation and scenarios
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "pl-test-window.h"
#include "pl-window.h"

static PlWindow *
open_lesson (GtkApplication *application,
             const gchar    *lesson)
{
  g_autoptr(GError) error = NULL;
  PlConfig config;
  PlWindow *window;

  g_assert_true (pl_config_apply_preset (&config, lesson, &error));
  g_assert_no_error (error);

  window = pl_window_new (application, &config);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  pl_test_present (window);

  return window;
}

/* The error dialogs shown for @window; closing them when @close. */
static guint
count_error_dialogs (PlWindow *window,
                     gboolean  close)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) dialogs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        g_ptr_array_add (dialogs, g_object_ref (toplevel));
    }

  for (guint i = 0; close && i < dialogs->len; i++)
    gtk_window_destroy (g_ptr_array_index (dialogs, i));

  return dialogs->len;
}

/* Sends a key to the window's own key handler, as a key press would. */
static gboolean
press_key (PlWindow *window,
           guint     keyval)
{
  GtkEventController *keys = pl_test_find_key_controller (GTK_WIDGET (window));
  gboolean handled = FALSE;

  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);

  return handled;
}

/* The window's class shortcuts, as "trigger → action" strings. */
static GPtrArray *
list_shortcuts (PlWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  GPtrArray *shortcuts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree gchar *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (GTK_IS_NAMED_ACTION (action))
            g_ptr_array_add (shortcuts,
                             g_strdup_printf ("%s → %s", trigger,
                                              gtk_named_action_get_action_name (GTK_NAMED_ACTION (action))));
        }
    }

  return shortcuts;
}

static gboolean
has_shortcut (GPtrArray   *shortcuts,
              const gchar *wanted)
{
  for (guint i = 0; i < shortcuts->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (shortcuts, i), wanted))
        return TRUE;
    }

  return FALSE;
}

/* The lesson menu lists Item 39 in the book's order, numbered. */
static void
test_classroom_lesson_menu_in_order (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded");
  const gchar *const *presets = pl_config_list_presets ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GMenuModel *lessons = NULL;

  pl_test_collect (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len && lessons == NULL; i++)
    {
      GMenuModel *menu = gtk_menu_button_get_menu_model (g_ptr_array_index (buttons, i));
      g_autofree gchar *action = NULL;
      GMenuModel *section;

      if (menu == NULL || g_menu_model_get_n_items (menu) == 0)
        continue;
      section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
      if (section != NULL &&
          g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
          g_str_equal (action, "win.lesson"))
        lessons = section;
      else
        g_clear_object (&section);
    }
  g_assert_nonnull (lessons);

  g_assert_cmpint (g_menu_model_get_n_items (lessons), ==, g_strv_length ((gchar **) presets));
  for (guint i = 0; presets[i] != NULL; i++)
    {
      g_autofree gchar *label = NULL;
      g_autofree gchar *target = NULL;
      g_autofree gchar *number = g_strdup_printf ("%u. ", i + 1);

      g_assert_true (g_menu_model_get_item_attribute (lessons, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_true (g_menu_model_get_item_attribute (lessons, i, G_MENU_ATTRIBUTE_TARGET, "s", &target));
      g_test_message ("%s", label);
      g_assert_cmpstr (target, ==, presets[i]);
      g_auto(GStrv) parts = g_strsplit (pl_config_preset_title (presets[i]), "_", -1);
      g_autofree gchar *escaped = g_strjoinv ("__", parts);

      g_assert_true (g_str_has_prefix (label, number));
      /* A menu reads "_" as a mnemonic: the title's own are doubled. */
      g_assert_nonnull (strstr (label, escaped));
    }
  g_object_unref (lessons);

  pl_test_close_window (window);
}

/* Next and previous walk the whole sequence, with no mouse. */
static void
test_classroom_walk_lessons (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), pl_config_list_presets ()[0]);
  const gchar *const *presets = pl_config_list_presets ();
  guint n = g_strv_length ((gchar **) presets);
  g_autoptr(GPtrArray) shortcuts = list_shortcuts (window);

  for (guint i = 0; i < shortcuts->len; i++)
    g_test_message ("shortcut %s", (const gchar *) g_ptr_array_index (shortcuts, i));
  g_assert_true (has_shortcut (shortcuts, "<Alt>Right → win.lesson-next"));
  g_assert_true (has_shortcut (shortcuts, "<Alt>Left → win.lesson-previous"));
  g_assert_true (has_shortcut (shortcuts, "Page_Down → win.lesson-next"));
  g_assert_true (has_shortcut (shortcuts, "Page_Up → win.lesson-previous"));
  g_assert_true (has_shortcut (shortcuts, "F11 → win.fullscreen"));
  g_assert_true (has_shortcut (shortcuts, "<Control>e → win.export"));
  g_assert_true (has_shortcut (shortcuts, "<Control>plus → win.text-larger"));
  g_assert_true (has_shortcut (shortcuts, "<Control>minus → win.text-smaller"));
  g_assert_true (has_shortcut (shortcuts, "<Control>0 → win.text-reset"));

  for (guint i = 1; i < n; i++)
    {
      g_autofree gchar *lesson = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson-next", NULL));
      lesson = pl_test_window_lesson (window);
      g_assert_cmpstr (lesson, ==, presets[i]);
    }

  /* Past the last lesson nothing changes. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson-next", NULL);
  {
    g_autofree gchar *lesson = pl_test_window_lesson (window);

    g_assert_cmpstr (lesson, ==, presets[n - 1]);
  }

  for (guint i = n - 1; i > 0; i--)
    {
      g_autofree gchar *lesson = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson-previous", NULL));
      lesson = pl_test_window_lesson (window);
      g_assert_cmpstr (lesson, ==, presets[i - 1]);
    }

  pl_test_close_window (window);
}

static gboolean
is_running (gpointer data)
{
  return pl_pipeline_get_state (pl_window_get_pipeline (data)) == PL_PIPELINE_RUNNING;
}

static gboolean
is_closing (gpointer data)
{
  return pl_pipeline_get_state (pl_window_get_pipeline (data)) != PL_PIPELINE_RUNNING;
}

/* Space, R, C, S and B act on the line, except where the user types. */
static void
test_classroom_single_keys (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded");
  GtkWidget *spin = pl_test_find_first (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON);
  PlPipeline *pipeline = pl_window_get_pipeline (window);
  g_autofree gchar *mode = NULL;
  g_autofree gchar *toggled = NULL;

  /* Space on the focused Start button starts once: the key is taken
   * before the button sees it. */
  g_assert_true (GTK_IS_BUTTON (gtk_root_get_focus (GTK_ROOT (window))));
  g_assert_true (press_key (window, GDK_KEY_space));
  pl_test_wait_for (is_running, window, "Space starts the line");
  g_assert_false (pl_pipeline_get_paused (pipeline));
  g_assert_true (press_key (window, GDK_KEY_space));
  g_assert_true (pl_pipeline_get_paused (pipeline));
  g_assert_true (press_key (window, GDK_KEY_space));
  g_assert_false (pl_pipeline_get_paused (pipeline));

  /* B switches the mode. */
  g_object_get (window, "mode", &mode, NULL);
  g_assert_true (press_key (window, GDK_KEY_b));
  g_object_get (window, "mode", &toggled, NULL);
  g_assert_cmpstr (mode, !=, toggled);

  /* Typing into the item count: no key is taken from the field. */
  g_assert_nonnull (spin);
  g_assert_true (gtk_widget_grab_focus (spin));
  g_assert_false (press_key (window, GDK_KEY_space));
  g_assert_false (press_key (window, GDK_KEY_r));
  g_assert_false (press_key (window, GDK_KEY_c));
  g_assert_false (press_key (window, GDK_KEY_s));
  g_assert_false (press_key (window, GDK_KEY_b));
  g_assert_true (pl_window_get_pipeline (window) == pipeline);
  g_assert_false (pl_pipeline_get_paused (pipeline));

  /* Nothing focused: C closes the input, R builds a new line. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  g_assert_true (press_key (window, GDK_KEY_c));
  pl_test_wait_for (is_closing, window, "C closes the input");
  g_object_ref (pipeline);
  g_assert_true (press_key (window, GDK_KEY_r));
  g_assert_true (pl_window_get_pipeline (window) != pipeline);
  g_assert_cmpint (pl_pipeline_get_state (pl_window_get_pipeline (window)), ==, PL_PIPELINE_READY);
  g_assert_finalize_object (pipeline);

  /* A letter that means nothing is left alone. */
  g_assert_false (press_key (window, GDK_KEY_x));

  pl_test_close_window (window);
}

static gint
font_size (GtkWidget *label)
{
  PangoContext *context = gtk_widget_get_pango_context (label);

  return pango_font_description_get_size (pango_context_get_font_description (context));
}

static gint font_mark;

static gboolean
font_grew (gpointer data)
{
  return font_size (data) > font_mark;
}

static gboolean
font_is_back (gpointer data)
{
  return font_size (data) == font_mark;
}

static gint view_mark;

static gboolean
view_taller (gpointer data)
{
  return gtk_widget_get_height (data) > view_mark;
}

static gboolean
view_fits (gpointer data)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (data, GTK_TYPE_SCROLLED_WINDOW);

  return gtk_widget_get_height (data) <= gtk_widget_get_height (scroller);
}

/* Ctrl+plus scales the canvas and the side panel's text together. */
static void
test_classroom_text_scale (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded");
  PlLineView *view = pl_window_get_line_view (window);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *label = NULL;
  gint before, after;

  pl_test_collect (GTK_WIDGET (window), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len && label == NULL; i++)
    {
      GtkWidget *candidate = g_ptr_array_index (labels, i);

      if (gtk_widget_has_css_class (candidate, "lesson-summary") &&
          gtk_widget_get_ancestor (candidate, GTK_TYPE_SCROLLED_WINDOW) != NULL)
        label = candidate;
    }
  g_assert_nonnull (label);

  before = font_size (label);
  pl_test_wait_for (view_fits, view, "the line to fit its pane");
  view_mark = gtk_widget_get_height (GTK_WIDGET (view));

  /* The new style applies at the next frame. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.text-larger", NULL));
  g_assert_cmpfloat_with_epsilon (pl_line_view_get_text_scale (view), 1.2, 1e-9);
  font_mark = before;
  pl_test_wait_for (font_grew, label, "the side panel's text grows");
  /* The canvas does not shrink its larger text back to fit: it grows, and
   * its pane scrolls. */
  pl_test_wait_for (view_taller, view, "the line to grow taller than its pane");
  after = font_size (label);
  g_test_message ("side panel font %d → %d", before, after);
  g_assert_cmpint (after, >=, before * 1.15);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.text-reset", NULL));
  g_assert_cmpfloat_with_epsilon (pl_line_view_get_text_scale (view), 1.0, 1e-9);
  pl_test_wait_for (font_is_back, label, "the side panel's text is back to its size");
  pl_test_wait_for (view_fits, view, "the line to fit its pane again");

  pl_test_close_window (window);
}

static gchar *
write_temp (const gchar *name,
            const gchar *contents,
            gssize       length)
{
  g_autoptr(GError) error = NULL;
  gchar *path = g_build_filename (g_get_tmp_dir (), name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return path;
}

/* A hostile file gets a dialog, and nothing else changes. */
static void
test_classroom_bad_scenarios (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded");
  PlPipeline *pipeline = pl_window_get_pipeline (window);
  g_autofree gchar *huge = g_strnfill (200 * 1024, 'a');
  static const gchar binary[] = "[pipeline]\nmode=blo\0cking\n\x01\x02";
  struct {
    const gchar *name;
    const gchar *text;
    gssize       length;
  } cases[] = {
    { "binary", binary, sizeof binary },
    { "huge", huge, -1 },
    { "unknown-key", "[pipeline]\nspeed=fast\n", -1 },
    { "out-of-range", "[pipeline]\nitems=0\n", -1 },
    { "too-many-workers", "[pipeline]\n[stage 1]\nname=a\nmean-ms=1\nworkers=33\n", -1 },
    { "stage-gap", "[pipeline]\n[stage 1]\nname=a\nmean-ms=1\n[stage 3]\nname=c\nmean-ms=1\n", -1 },
    { "capacities", "[pipeline]\npreset=bounded\ncapacities=1,2,3,4,5\n", -1 },
    { "unknown-group", "[pipeline]\n[stage 17]\nname=a\nmean-ms=1\n", -1 },
    { "not-ini", "this is not a scenario\n", -1 },
    { "unknown-preset", "[pipeline]\npreset=nonsense\n", -1 },
  };
  PlConfig before, after;

  pl_pipeline_get_config (pipeline, &before);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *name = g_strdup_printf ("pl-test-%s.scenario", cases[i].name);
      g_autofree gchar *path = write_temp (name, cases[i].text, cases[i].length);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_test_message ("scenario %s", cases[i].name);
      g_assert_false (pl_window_open_scenario (window, file));
      g_assert_cmpuint (count_error_dialogs (window, TRUE), ==, 1);
      g_assert_true (pl_window_get_pipeline (window) == pipeline);
      g_unlink (path);
    }

  /* A file that is not there, and a folder. */
  {
    g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/pl-test.scenario");
    g_autoptr(GFile) folder = g_file_new_for_path (g_get_tmp_dir ());

    g_assert_false (pl_window_open_scenario (window, missing));
    g_assert_cmpuint (count_error_dialogs (window, TRUE), ==, 1);
    g_assert_false (pl_window_open_scenario (window, folder));
    g_assert_cmpuint (count_error_dialogs (window, TRUE), ==, 1);
  }

  /* Saving where nothing can be written: a dialog too. */
  {
    g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent/folder/pl-test.scenario");

    g_assert_false (pl_window_save_scenario (window, nowhere));
    g_assert_cmpuint (count_error_dialogs (window, TRUE), ==, 1);
  }

  /* An unknown lesson asked for by name: a dialog, the lesson stays. */
  g_object_set (window, "lesson", "no-such-lesson", NULL);
  g_assert_cmpuint (count_error_dialogs (window, TRUE), ==, 1);
  g_assert_true (pl_window_get_pipeline (window) == pipeline);

  pl_pipeline_get_config (pl_window_get_pipeline (window), &after);
  g_assert_cmpmem (&before, sizeof before, &after, sizeof after);

  pl_test_close_window (window);
}

/* Saved and opened again, a scenario is the same pipeline. */
static void
test_classroom_save_and_open (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded");
  g_autofree gchar *path = g_build_filename (g_get_tmp_dir (), "pl-test-saved.scenario", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree gchar *lesson = NULL;
  PlConfig saved, opened;

  pl_pipeline_set_stage_delay (pl_window_get_pipeline (window), 1, 33.0, PL_DIST_UNIFORM);
  pl_pipeline_set_capacity (pl_window_get_pipeline (window), 1, 7);
  pl_pipeline_get_config (pl_window_get_pipeline (window), &saved);
  g_assert_true (pl_window_save_scenario (window, file));
  g_assert_cmpuint (count_error_dialogs (window, TRUE), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson", "s", "busy-wait"));
  g_assert_true (pl_window_open_scenario (window, file));
  g_assert_cmpuint (count_error_dialogs (window, TRUE), ==, 0);
  pl_pipeline_get_config (pl_window_get_pipeline (window), &opened);
  lesson = pl_test_window_lesson (window);
  g_assert_cmpstr (lesson, ==, "bounded");
  g_assert_cmpfloat_with_epsilon (opened.stages[1].mean_ms, 33.0, 1e-9);
  g_assert_cmpint (opened.stages[1].distribution, ==, PL_DIST_UNIFORM);
  g_assert_cmpuint (opened.capacities[1], ==, 7);
  g_assert_cmpuint (opened.items, ==, saved.items);

  g_unlink (path);
  pl_test_close_window (window);
}

/* The README's example scenario is real: it opens, and means what it says. */
static void
test_classroom_readme_example (gconstpointer data)
{
  g_autofree gchar *readme_path = NULL;
  g_autofree gchar *readme = NULL;
  g_autofree gchar *example = NULL;
  g_autofree gchar *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  const gchar *section, *start, *end;
  PlWindow *window;
  PlConfig config;

  readme_path = g_build_filename (g_getenv ("PL_SOURCE_ROOT"), "README.md", NULL);
  g_file_get_contents (readme_path, &readme, NULL, &error);
  g_assert_no_error (error);

  section = strstr (readme, "\n## Scenario files");
  g_assert_nonnull (section);
  start = strstr (section, "```ini\n");
  g_assert_nonnull (start);
  start += strlen ("```ini\n");
  end = strstr (start, "```");
  g_assert_nonnull (end);
  example = g_strndup (start, end - start);
  path = write_temp ("pl-test-readme.scenario", example, -1);

  pl_config_init_default (&config);
  g_assert_true (pl_config_load_from_file (&config, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (config.n_stages, ==, 3);
  g_assert_cmpstr (config.stages[0].name, ==, "fetch");
  g_assert_cmpuint (config.stages[0].workers, ==, 4);
  g_assert_cmpint (config.stages[0].distribution, ==, PL_DIST_EXPONENTIAL);
  g_assert_cmpuint (config.capacities[1], ==, 2);

  window = open_lesson (GTK_APPLICATION ((gpointer) data), "bounded");
  file = g_file_new_for_path (path);
  g_assert_true (pl_window_open_scenario (window, file));
  g_assert_cmpuint (count_error_dialogs (window, TRUE), ==, 0);
  {
    PlConfig shown;

    pl_pipeline_get_config (pl_window_get_pipeline (window), &shown);
    g_assert_cmpstr (shown.stages[0].name, ==, "fetch");
    g_assert_cmpuint (shown.n_stages, ==, config.n_stages);
  }

  g_unlink (path);
  pl_test_close_window (window);
}

static gboolean
work_started (gpointer data)
{
  PlSample *sample = pl_scene_get_sample (pl_line_view_get_scene (pl_window_get_line_view (data)));

  return sample != NULL && sample->state == PL_PIPELINE_RUNNING && sample->stages[0].work_done > 0;
}

/* Closing a window in the middle of long work joins every thread: it
 * cannot wait for a 10 s item to finish. */
static void
test_classroom_close_while_running (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  PlConfig config;
  PlWindow *window;
  PlPipeline *pipeline;

  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  config.stages[1].mean_ms = PL_MAX_DELAY_MS;
  config.stages[1].workers = 4;

  window = pl_window_new (GTK_APPLICATION ((gpointer) data), &config);
  g_object_ref (window);
  pl_test_present (window);
  pipeline = g_object_ref (pl_window_get_pipeline (window));
  g_assert_true (pl_window_start (window, &error));
  g_assert_no_error (error);
  pl_test_wait_for (work_started, window, "the first stage gets work done");

  /* How long closing took is reported, not judged: speed is for bench/. */
  {
    gint64 start = g_get_monotonic_time ();

    pl_test_close_window (window);
    g_test_message ("closed with 4 workers inside 10 s items in %.1f ms",
                    (g_get_monotonic_time () - start) / 1000.0);
  }
  g_assert_cmpint (pl_pipeline_get_state (pipeline), ==, PL_PIPELINE_CANCELLED);
  g_assert_finalize_object (pipeline);
}

/* The header button that carries @action. */
static GtkWidget *
find_action_button (PlWindow    *window,
                    const gchar *action)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  pl_test_collect (GTK_WIDGET (window), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkActionable *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_actionable_get_action_name (button), action) == 0)
        return GTK_WIDGET (button);
    }

  return NULL;
}

static gboolean
work_delivered (gpointer data)
{
  PlSample *sample = pl_scene_get_sample (pl_line_view_get_scene (pl_window_get_line_view (data)));

  return sample != NULL && sample->processed > 0;
}

static gboolean
shown_shut_down (gpointer data)
{
  PlSample *sample = pl_scene_get_sample (pl_line_view_get_scene (pl_window_get_line_view (data)));

  return sample != NULL && sample->shut_down && sample->state == PL_PIPELINE_FINISHED;
}

static gboolean
status_tells_drops (gpointer data)
{
  const gchar *status = pl_scene_get_status (pl_line_view_get_scene (pl_window_get_line_view (data)));

  return status != NULL && g_str_has_prefix (status, "Shut down at once: ");
}

static gboolean
all_items_shown_done (gpointer data)
{
  PlWindow *window = data;
  PlSample *sample = pl_scene_get_sample (pl_line_view_get_scene (pl_window_get_line_view (window)));

  return sample != NULL && sample->items > 0 && sample->processed >= sample->items;
}

static gboolean
shown_finished (gpointer data)
{
  PlSample *sample = pl_scene_get_sample (pl_line_view_get_scene (pl_window_get_line_view (data)));

  return sample != NULL && sample->state == PL_PIPELINE_FINISHED;
}

/* Where closing is the lesson, the window leaves it to the teacher: every
 * item through, the line still runs and Close Input is still there to
 * press. Closing it then lets every worker leave on its marker. */
static void
test_classroom_closing_is_the_teachers (gconstpointer data)
{
  const gchar *const lessons[] = { "closable", "shutdown" };

  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    {
      PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "busy-wait");
      PlPipeline *pipeline;
      PlSample *sample;
      GtkWidget *close_button;

      g_test_message ("lesson %s", lessons[i]);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson", "s", lessons[i]));
      pipeline = pl_window_get_pipeline (window);
      {
        PlConfig config;

        pl_pipeline_get_config (pipeline, &config);
        g_assert_cmpint (config.mode, ==, PL_MODE_BLOCKING);
        g_assert_false (config.auto_close);
      }

      /* A short line, so that it is through at once. */
      pl_pipeline_set_items (pipeline, 20);
      for (guint s = 0; s < 3; s++)
        pl_pipeline_set_stage_delay (pipeline, s, 0, PL_DIST_FIXED);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-pause", NULL));
      pl_test_wait_for (all_items_shown_done, window, "every item is shown done");

      sample = pl_scene_get_sample (pl_line_view_get_scene (pl_window_get_line_view (window)));
      g_assert_cmpint (sample->state, ==, PL_PIPELINE_RUNNING);
      g_assert_cmpint (pl_pipeline_get_state (pipeline), ==, PL_PIPELINE_RUNNING);
      close_button = find_action_button (window, "win.close-input");
      g_assert_nonnull (close_button);
      g_assert_true (gtk_widget_is_sensitive (close_button));

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-input", NULL));
      pl_test_wait_for (shown_finished, window, "the closed line finishes");
      sample = pl_scene_get_sample (pl_line_view_get_scene (pl_window_get_line_view (window)));
      g_assert_cmpuint (sample->processed, ==, 20);
      g_assert_cmpuint (sample->workers_cancelled, ==, 0);
      g_assert_false (sample->shut_down);

      pl_test_close_window (window);
    }
}

/* Shut Down Now only while the line runs; pressing it ends the run, and
 * the last sample accounts for every item fed. */
static void
test_classroom_shutdown_now (gconstpointer data)
{
  PlWindow *window = open_lesson (GTK_APPLICATION ((gpointer) data), "shutdown");
  GtkWidget *button = find_action_button (window, "win.shutdown-now");
  g_autoptr(GError) error = NULL;
  PlSample *sample;

  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  /* S before the start changes nothing. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  g_assert_true (press_key (window, GDK_KEY_s));
  g_assert_cmpint (pl_pipeline_get_state (pl_window_get_pipeline (window)), ==, PL_PIPELINE_READY);

  g_assert_true (pl_window_start (window, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_get_sensitive (button));
  pl_test_wait_for (work_delivered, window, "the first items are delivered");

  /* As a click does; activate would finish the press only after a delay. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (button));
  pl_test_wait_for (shown_shut_down, window, "the canvas shows the line shut down and finished");
  g_assert_false (gtk_widget_get_sensitive (button));
  /* The status line keeps the drop count rather than a plain "All done". */
  pl_test_wait_for (status_tells_drops, window, "the status line to tell how many were dropped");

  sample = pl_scene_get_sample (pl_line_view_get_scene (pl_window_get_line_view (window)));
  g_test_message ("fed %" G_GUINT64_FORMAT ", delivered %" G_GUINT64_FORMAT
                  ", dropped %" G_GUINT64_FORMAT ", held %" G_GUINT64_FORMAT,
                  sample->produced, sample->processed, sample->dropped, sample->held);
  g_assert_cmpuint (sample->produced, >, 0);
  g_assert_cmpuint (sample->processed + sample->dropped + sample->held, ==, sample->produced);

  /* A new line can be shut down again. */
  g_assert_true (press_key (window, GDK_KEY_r));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (pl_window_start (window, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_get_sensitive (button));

  pl_test_close_window (window);
}

/* The shortcuts window lists every key the issue asks for. */
static void
test_classroom_shortcuts_window (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GString) accelerators = g_string_new (" ");
  static const gchar *const wanted[] = {
    "space", "r", "c", "s", "b", "<Control>e", "<Control>q", "F11",
    "<Control>plus", "<Control>minus", "<Control>0",
    "<Alt>Right", "<Alt>Left", "<Control>o", "<Control>s",
  };
  GtkWidget *overlay;

  builder = gtk_builder_new_from_resource ("/io/github/pipelinelab/PipelineLab/gtk/help-overlay.ui");
  overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));

  pl_test_collect (overlay, GTK_TYPE_SHORTCUTS_SHORTCUT, found);
  for (guint i = 0; i < found->len; i++)
    {
      g_autofree gchar *accelerator = NULL;

      g_object_get (g_ptr_array_index (found, i), "accelerator", &accelerator, NULL);
      if (accelerator != NULL)
        g_string_append_printf (accelerators, "%s ", accelerator);
    }
  g_test_message ("listed:%s", accelerators->str);

  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      g_autofree gchar *word = g_strdup_printf (" %s ", wanted[i]);

      g_assert_nonnull (strstr (accelerators->str, word));
    }

  gtk_window_destroy (GTK_WINDOW (overlay));
}

int
main (int   argc,
      char *argv[])
{
  GtkApplication *application = pl_test_init_windows (&argc, &argv, "/pl/classroom/needs-display");

  if (application == NULL)
    return g_test_run ();

  g_test_add_data_func ("/pl/classroom/lesson-menu-in-order", application,
                        test_classroom_lesson_menu_in_order);
  g_test_add_data_func ("/pl/classroom/walk-lessons", application, test_classroom_walk_lessons);
  g_test_add_data_func ("/pl/classroom/single-keys", application, test_classroom_single_keys);
  g_test_add_data_func ("/pl/classroom/text-scale", application, test_classroom_text_scale);
  g_test_add_data_func ("/pl/classroom/bad-scenarios", application, test_classroom_bad_scenarios);
  g_test_add_data_func ("/pl/classroom/save-and-open", application, test_classroom_save_and_open);
  g_test_add_data_func ("/pl/classroom/readme-example", application, test_classroom_readme_example);
  g_test_add_func ("/pl/classroom/shortcuts-window", test_classroom_shortcuts_window);
  g_test_add_data_func ("/pl/classroom/shutdown-now", application, test_classroom_shutdown_now);
  g_test_add_data_func ("/pl/classroom/closing-is-the-teachers", application,
                        test_classroom_closing_is_the_teachers);
  g_test_add_data_func ("/pl/classroom/close-while-running", application,
                        test_classroom_close_while_running);

  return pl_test_run_windows (application);
}
