/* test-i18n.c: Pipeline Lab speaks Korean when asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program runs with LANGUAGE=ko and the catalogue compiled into the build
 * tree (PL_LOCALEDIR): its --help, reports and error messages must be Korean,
 * and so must every label and tooltip of the window. The locale is C.UTF-8,
 * as on the build machines: glibc honours LANGUAGE for any locale but plain
 * C and POSIX.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "pl-test-run.h"

#include "pl-scene.h"
#include "pl-scene-text.h"
#include "pl-window.h"

/* Generous: the machine is shared, but a stuck program must fail the test. */
#define RUN_TIMEOUT_S   60
#define WAIT_TIMEOUT_US (30 * G_USEC_PER_SEC)

/* The stages of the lessons used below: data, not text to translate. */
static const gchar *const lesson_stage_names[] = { "download", "resize", "upload", NULL };

/* Runs the program with no display, in Korean when `language` is "ko" and in
 * English when it is NULL, within RUN_TIMEOUT_S. */
static void
run_program (PlTestRun          *run,
             const gchar        *language,
             const gchar *const *args)
{
  g_autofree gchar *language_env = language != NULL ? g_strconcat ("LANGUAGE=", language, NULL)
                                                    : g_strdup ("LANGUAGE");
  const gchar *env[] = {
    "LC_ALL=C.UTF-8", "PL_LOCALEDIR=" PL_BUILD_LOCALEDIR, language_env, NULL
  };

  pl_test_run_program (run, PL_BINARY, env, args, RUN_TIMEOUT_S);
}

static guint
count_hangul (const gchar *text)
{
  guint n = 0;

  for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xAC00 && c <= 0xD7A3)
        n++;
    }

  return n;
}

/* Words of three or more Latin letters: "CPU", a stage name or busy-wait
 * is one, an English sentence has many. */
static guint
count_latin_words (const gchar *text)
{
  guint n = 0;
  guint run = 0;

  for (const gchar *p = text; ; p++)
    {
      if (g_ascii_isalpha (*p))
        {
          run++;
          continue;
        }
      if (run > 0 && (*p == '-' || *p == '_'))
        continue;
      if (run >= 3)
        n++;
      run = 0;
      if (*p == '\0')
        break;
    }

  return n;
}

/* The Korean for an English message, failing when there is none. */
static const gchar *
korean_for (const gchar *msgid)
{
  const gchar *translated = g_dgettext (GETTEXT_PACKAGE, msgid);

  if (g_strcmp0 (translated, msgid) == 0 || count_hangul (translated) == 0)
    g_error ("no Korean for “%s” in %s/ko/LC_MESSAGES/%s.mo",
             msgid, PL_BUILD_LOCALEDIR, GETTEXT_PACKAGE);

  return translated;
}

static gboolean
starts_with_stage_name (const gchar *line)
{
  for (guint i = 0; lesson_stage_names[i] != NULL; i++)
    if (g_str_has_prefix (line, lesson_stage_names[i]))
      return TRUE;

  return FALSE;
}

static void
test_i18n_catalogue_loaded (void)
{
  /* Everything below depends on this: a clear message if the build tree has
   * no catalogue, rather than a wall of English strings. */
  korean_for ("_Lesson");
  korean_for ("Run with no window and print a report");
}

static void
test_i18n_help (void)
{
  const gchar *args[] = { "--help", NULL };
  const gchar *known[] = {
    "— watch worker threads hand items down a pipeline",
    "Start from a lesson's pipeline",
    "Run with no window and print a report",
    "Presets:",
    "Examples:",
  };
  g_auto(PlTestRun) english = { 0 };
  g_auto(PlTestRun) korean = { 0 };
  g_auto(GStrv) lines = NULL;
  guint checked = 0;

  run_program (&english, NULL, args);
  g_assert_cmpint (english.status, ==, 0);
  run_program (&korean, "ko", args);
  g_assert_cmpint (korean.status, ==, 0);
  g_test_message ("%s", korean.out);

  g_assert_cmpuint (count_hangul (korean.out), >=, 200);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_assert_null (strstr (korean.out, known[i]));
      g_assert_nonnull (strstr (korean.out, korean_for (known[i])));
    }

  /* Every column of the English help that is one of our messages, option
   * descriptions and preset titles above all, must appear only in Korean.
   * GLib's own lines (-h, --help) follow GLib's catalogue, not ours. */
  lines = g_strsplit (english.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = g_regex_split_simple ("\\s{2,}", lines[i], 0, 0);

      for (guint c = 0; columns[c] != NULL; c++)
        {
          const gchar *column = g_strstrip (columns[c]);
          const gchar *translated;

          /* A single word is a name here (busy-wait, --items=N), not text. */
          if (count_latin_words (column) < 2)
            continue;
          translated = g_dgettext (GETTEXT_PACKAGE, column);
          if (translated == column || g_strcmp0 (translated, column) == 0)
            continue;

          if (strstr (korean.out, column) != NULL)
            g_error ("--help under LANGUAGE=ko still prints “%s”", column);
          g_assert_nonnull (strstr (korean.out, translated));
          checked++;
        }
    }
  g_test_message ("%u translated columns checked", checked);
  g_assert_cmpuint (checked, >=, 15);
}

static void
test_i18n_text_report (void)
{
  const gchar *args[] = { "--headless", "--preset=blocking", "--items=30", NULL };
  const gchar *headings[] = { "Mode:", "Elapsed:", "Throughput:", "Capacity", "Processed" };
  g_auto(PlTestRun) english = { 0 };
  g_auto(PlTestRun) korean = { 0 };
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;

  run_program (&english, NULL, args);
  g_assert_cmpint (english.status, ==, 0);
  run_program (&korean, "ko", args);
  g_assert_cmpint (korean.status, ==, 0);
  g_test_message ("%s", korean.out);

  /* The English headings are gone... */
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      g_assert_nonnull (strstr (english.out, headings[i]));
      if (strstr (korean.out, headings[i]) != NULL)
        g_error ("the report under LANGUAGE=ko still says “%s”", headings[i]);
    }

  /* ...and every line but the table rows, which start with a stage's own
   * name, is Korean. */
  lines = g_strsplit (korean.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0' || starts_with_stage_name (lines[i]))
        continue;
      if (count_hangul (lines[i]) == 0)
        g_error ("report line not in Korean: “%s”", lines[i]);
      n_lines++;
    }
  g_assert_cmpuint (n_lines, >=, 8);
}

/* The JSON report is a fixed contract for scripts: it must not change with
 * the language. */
static void
test_i18n_json_report_stays_put (void)
{
  const gchar *args[] = { "--headless", "--report=json", "--preset=blocking", "--items=30", NULL };
  g_auto(PlTestRun) korean = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *report;
  JsonArray *stages;

  run_program (&korean, "ko", args);
  g_assert_cmpint (korean.status, ==, 0);
  json_parser_load_from_data (parser, korean.out, -1, &error);
  g_assert_no_error (error);

  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (report, "mode"), ==, "blocking");
  g_assert_cmpint (json_object_get_int_member (report, "processed"), ==, 30);
  stages = json_object_get_array_member (report, "stages");
  g_assert_cmpuint (json_array_get_length (stages), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stages, 0), "name"),
                   ==, "download");
  g_assert_cmpuint (count_hangul (korean.out), ==, 0);
}

static void
test_i18n_bad_input (void)
{
  const gchar *args[] = { "--headless", "--items=abc", NULL };
  g_auto(PlTestRun) korean = { 0 };

  run_program (&korean, "ko", args);
  g_test_message ("stderr: %s", korean.err);
  g_assert_cmpint (korean.status, ==, 2);
  g_assert_nonnull (strstr (korean.err, "--items"));
  g_assert_cmpuint (count_hangul (korean.err), >, 0);
  /* Still one line. */
  g_assert_true (g_str_has_suffix (korean.err, "\n"));
  g_assert_true (strchr (korean.err, '\n') == korean.err + strlen (korean.err) - 1);
}

/* The window. */

typedef struct
{
  GPtrArray *texts;     /* every label, tooltip and menu item, as shown */
  guint      n_hangul;  /* how many of them hold Hangul */
} Texts;

static void
texts_add (Texts       *texts,
           const gchar *text)
{
  if (text == NULL || text[0] == '\0')
    return;

  g_ptr_array_add (texts->texts, g_strdup (text));
  if (count_hangul (text) > 0)
    texts->n_hangul++;
}

static void
collect_menu (Texts      *texts,
              GMenuModel *model)
{
  for (gint i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr(GMenuLinkIter) links = NULL;
      gchar *label = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        {
          texts_add (texts, label);
          g_free (label);
        }

      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          collect_menu (texts, link);
        }
    }
}

static void
collect_widget (Texts     *texts,
                GtkWidget *widget)
{
  GType code_view = g_type_from_name ("PlCodeView");

  /* The code panel shows Python, which stays Python in every language. */
  if (code_view != 0 && G_TYPE_CHECK_INSTANCE_TYPE (widget, code_view))
    return;

  texts_add (texts, gtk_widget_get_tooltip_text (widget));
  if (GTK_IS_LABEL (widget) && !GTK_IS_TEXT (widget))
    texts_add (texts, gtk_label_get_label (GTK_LABEL (widget)));
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    collect_menu (texts, gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)));
  if (GTK_IS_DROP_DOWN (widget) && GTK_IS_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (widget))))
    {
      GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (widget)));

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
        texts_add (texts, gtk_string_list_get_string (list, i));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widget (texts, child);
}

static GtkWidget *
find_widget_of_type (GtkWidget   *widget,
                     const gchar *type_name)
{
  GType type = g_type_from_name (type_name);

  g_assert_true (type != 0);
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Fails on any text the window shows in English: one that equals a message
 * with a Korean translation (so the widget skipped gettext), or one that
 * reads as English words with no Hangul at all (so it was never marked). */
static void
assert_texts_korean (Texts       *texts,
                     const gchar *where)
{
  for (guint i = 0; i < texts->texts->len; i++)
    {
      const gchar *text = g_ptr_array_index (texts->texts, i);
      const gchar *translated = g_dgettext (GETTEXT_PACKAGE, text);

      if (g_strcmp0 (translated, text) != 0)
        g_error ("%s shows the English “%s” instead of “%s”", where, text, translated);
      if (count_hangul (text) == 0 && count_latin_words (text) >= 2)
        g_error ("%s shows “%s”, which is not translated (is it marked for gettext?)",
                 where, text);
    }
}

static gboolean
window_mapped (GtkWidget *window)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  while (!gtk_widget_get_mapped (window))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

static void
test_i18n_window (gconstpointer data)
{
  GtkApplication *application = GTK_APPLICATION ((gpointer) data);
  g_autoptr(GError) error = NULL;
  PlConfig config;
  PlWindow *window;
  GtkWidget *titlebar;
  GtkWidget *controls;
  Texts header = { g_ptr_array_new_with_free_func (g_free), 0 };
  Texts panel = { g_ptr_array_new_with_free_func (g_free), 0 };
  Texts all = { g_ptr_array_new_with_free_func (g_free), 0 };
  const gchar *lesson_label = korean_for ("_Lesson");
  gboolean found_lesson = FALSE;

  g_assert_true (pl_config_apply_preset (&config, "bounded", &error));
  g_assert_no_error (error);
  config.items = 50;

  window = pl_window_new (application, &config);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  if (!window_mapped (GTK_WIDGET (window)))
    g_error ("the window was not shown within %d s", (gint) (WAIT_TIMEOUT_US / G_USEC_PER_SEC));

  /* The header bar. */
  titlebar = gtk_window_get_titlebar (GTK_WINDOW (window));
  g_assert_nonnull (titlebar);
  collect_widget (&header, titlebar);
  for (guint i = 0; i < header.texts->len; i++)
    {
      g_test_message ("header bar: %s", (const gchar *) g_ptr_array_index (header.texts, i));
      found_lesson |= g_strcmp0 (g_ptr_array_index (header.texts, i), lesson_label) == 0;
    }
  g_assert_true (found_lesson);
  g_assert_cmpuint (header.n_hangul, >=, 8);
  assert_texts_korean (&header, "the header bar");

  /* The side panel. */
  controls = find_widget_of_type (GTK_WIDGET (window), "PlControls");
  g_assert_nonnull (controls);
  collect_widget (&panel, controls);
  for (guint i = 0; i < panel.texts->len; i++)
    g_test_message ("side panel: %s", (const gchar *) g_ptr_array_index (panel.texts, i));
  g_assert_true (g_ptr_array_find_with_equal_func (panel.texts, korean_for ("Whole line"),
                                                   g_str_equal, NULL));
  g_assert_cmpuint (panel.n_hangul, >=, 6);
  assert_texts_korean (&panel, "the side panel");

  /* And everything else the window holds. */
  collect_widget (&all, GTK_WIDGET (window));
  g_test_message ("%u texts in the window, %u of them with Hangul", all.texts->len, all.n_hangul);
  assert_texts_korean (&all, "the window");

  g_ptr_array_unref (header.texts);
  g_ptr_array_unref (panel.texts);
  g_ptr_array_unref (all.texts);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Lays @text out @width pixels wide, as a wrapping label does, and counts
 * the lines that start inside a word: neither after nor at white space. */
static guint
breaks_inside_words (PangoContext *context,
                     const gchar  *text,
                     gint          width,
                     gboolean      keep_words)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
  PangoLayoutIter *iter;
  guint inside = 0;

  pango_font_description_set_absolute_size (font, 14 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  if (keep_words)
    {
      PangoAttrList *attrs = pl_text_word_attributes (text);

      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  iter = pango_layout_get_iter (layout);
  do
    {
      gint start = pango_layout_iter_get_line_readonly (iter)->start_index;
      gunichar before;

      if (start == 0)
        continue;
      before = g_utf8_get_char (g_utf8_prev_char (text + start));
      /* A word wider than the line overflows it, and the space after it
       * may then open the next line: still between words. */
      if (!g_unichar_isspace (before) && !g_unichar_isspace (g_utf8_get_char (text + start)))
        {
          inside++;
          if (keep_words)
            g_test_message ("line break inside a word at %d px: …%.*s|%.12s…", width,
                            (gint) (text + start - g_utf8_offset_to_pointer (text + start, -6)),
                            g_utf8_offset_to_pointer (text + start, -6), text + start);
        }
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  return inside;
}

/* Korean lines break only between words, however narrow the panel: the
 * lesson texts, as the side panel wraps them. */
static void
test_i18n_korean_breaks_between_words (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  const gchar *const *presets = pl_config_list_presets ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  guint unprotected = 0;

  for (guint i = 0; presets[i] != NULL; i++)
    {
      g_ptr_array_add (texts, (gpointer) pl_config_preset_title (presets[i]));
      g_ptr_array_add (texts, (gpointer) pl_config_preset_summary (presets[i]));
      g_ptr_array_add (texts, (gpointer) pl_config_preset_question (presets[i]));
    }
  g_ptr_array_add (texts, (gpointer) _("L: mean items waiting, λ: arrivals per second, W: mean wait of an item"));

  for (guint i = 0; i < texts->len; i++)
    {
      const gchar *text = g_ptr_array_index (texts, i);

      g_assert_cmpuint (count_hangul (text), >, 0);
      for (gint width = 90; width <= 330; width += 30)
        {
          g_assert_cmpuint (breaks_inside_words (context, text, width, TRUE), ==, 0);
          unprotected += breaks_inside_words (context, text, width, FALSE);
        }
    }

  /* Without the attributes, the same layouts do break inside words: the
   * check above sees the fault it guards against. */
  g_test_message ("%u breaks inside words without them", unprotected);
  g_assert_cmpuint (unprotected, >, 0);
  g_object_unref (context);
}

/* Particles are written for the word before them, never as "이(가)": the
 * catalogue leaves no such pair, so no message made from it has one. */
static void
test_i18n_korean_particles (void)
{
  const gchar *root = g_getenv ("PL_SOURCE_ROOT");
  g_autofree gchar *path = g_build_filename (root != NULL ? root : ".", "po", "ko.po", NULL);
  g_autofree gchar *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) pair = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree gchar *blocked = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  pair = g_regex_new ("(이\\(가\\)|을\\(를\\)|은\\(는\\)|와\\(과\\)|과\\(와\\)|\\((이|가|을|를|은|는|과|와|으)\\))",
                      0, 0, &error);
  g_assert_no_error (error);
  if (g_regex_match (pair, contents, 0, &match))
    g_error ("ko.po writes a particle both ways: “%s”", g_match_info_fetch (match, 0));

  /* The message that read "큐 1이(가)". */
  blocked = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worker blocked: %s is full",
                                          "%u workers blocked: %s is full", 2),
                             2, "큐 1");
  g_test_message ("%s", blocked);
  g_assert_cmpuint (count_hangul (blocked), >, 2);
  g_assert_false (g_regex_match (pair, blocked, 0, NULL));
}

static void
test_i18n_window_needs_display (void)
{
  g_test_skip ("no display: run under xvfb-run to check the window");
}

/* A screen reader in a Korean class reads the line in Korean. */
static void
test_i18n_canvas_description (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlPipeline) pipeline = NULL;
  g_autofree gchar *text = NULL;
  PlConfig config;
  const gchar *english[] = { "Input queue", "Stage ", "Queue ", "Done:", "per second",
                             "not measured", "Ready", "Blocking", "starved" };

  g_assert_true (pl_config_apply_preset (&config, "blocking", NULL));
  pipeline = pl_pipeline_new (&config);
  pl_scene_push_sample (scene, pl_pipeline_sample (pipeline));
  text = pl_scene_describe (scene);
  g_test_message ("%s", text);

  g_assert_nonnull (strstr (text, korean_for ("Input queue")));
  g_assert_nonnull (strstr (text, korean_for ("not measured yet")));
  for (guint i = 0; i < G_N_ELEMENTS (english); i++)
    if (strstr (text, english[i]) != NULL)
      g_error ("the description under LANGUAGE=ko still says “%s”: %s", english[i], text);
  /* The stage names are the line's own, and stay as they are. */
  g_assert_nonnull (strstr (text, "download"));
}

int
main (int   argc,
      char *argv[])
{
  const gchar *x11 = g_getenv ("DISPLAY");
  const gchar *wayland = g_getenv ("WAYLAND_DISPLAY");
  gboolean have_display = (x11 != NULL && x11[0] != '\0') ||
                          (wayland != NULL && wayland[0] != '\0');
  GtkApplication *application = NULL;
  gint status;

  /* Korean for this process too, as main.c sets it up for the program. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ko", TRUE);
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("the C.UTF-8 locale is missing, and LANGUAGE is ignored in plain C");
  bindtextdomain (GETTEXT_PACKAGE, PL_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (have_display)
    gtk_test_init (&argc, &argv, NULL);
  else
    g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pl/i18n/catalogue-loaded", test_i18n_catalogue_loaded);
  g_test_add_func ("/pl/i18n/help", test_i18n_help);
  g_test_add_func ("/pl/i18n/text-report", test_i18n_text_report);
  g_test_add_func ("/pl/i18n/json-report-stays-put", test_i18n_json_report_stays_put);
  g_test_add_func ("/pl/i18n/bad-input", test_i18n_bad_input);
  g_test_add_func ("/pl/i18n/korean-breaks-between-words", test_i18n_korean_breaks_between_words);
  g_test_add_func ("/pl/i18n/korean-particles", test_i18n_korean_particles);
  g_test_add_func ("/pl/i18n/canvas-description", test_i18n_canvas_description);

  if (have_display)
    {
      g_autoptr(GError) error = NULL;

      /* No id: the test's application stays off the session bus. */
      application = gtk_application_new (NULL, G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (application), NULL, &error);
      g_assert_no_error (error);
      g_test_add_data_func ("/pl/i18n/window", application, test_i18n_window);
    }
  else
    {
      g_test_add_func ("/pl/i18n/window", test_i18n_window_needs_display);
    }

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
