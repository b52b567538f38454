/* test-layout.c: every lesson reads well on a projector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders each lesson, in states with large numbers, at a projector's
 * 1024×768 and at 1920×1080, with no panel, with the code panel and with
 * the charts, and with the side panel shown and hidden. The canvas, the
 * code view and the chart view record every line of text they draw
 * (pl-text-log.h); no line may be smaller than PL_MIN_TEXT_PX at text
 * scale 1, shortened with "…", or run past its box.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "pl-chart-view.h"
#include "pl-code-view.h"
#include "pl-config.h"
#include "pl-line-view.h"
#include "pl-scene.h"
#include "pl-scene-renderer.h"
#include "pl-test-window.h"
#include "pl-text-log.h"

#define WAIT_TIMEOUT_US (10 * G_USEC_PER_SEC)

/* The window's chrome around the canvas: the header bar, the side panel
 * with its separator, and the header of the charts pane. */
#define HEADER_HEIGHT       47
#define SIDE_PANEL_WIDTH    311
#define CHARTS_HEADER       42
/* The code panel's scrolled window at its narrowest (pl-window.ui): a
 * listing wider or taller than that scrolls inside it, at its own size. */
#define CODE_PANE_MIN_WIDTH 300

typedef enum {
  PANEL_NONE,
  PANEL_CODE,
  PANEL_CHARTS,
} Panel;

static const gchar *panel_names[] = { "no panel", "code panel", "charts" };

typedef enum {
  STATE_RUNNING,   /* mid-run, large counts */
  STATE_CLOSING,   /* close → join under way */
  STATE_SHUT_DOWN, /* after an immediate shutdown */
  N_STATES,
} RunState;

static const gchar *state_names[] = { "running", "closing", "shut down" };

/* A sample as the engine would publish it for `config`, in `state`, with
 * counts as large as a long lesson reaches. */
static PlSample *
make_sample (const PlConfig *config,
             RunState        state,
             guint           serial,
             gdouble         seconds)
{
  PlSample *sample = pl_sample_new ();
  guint n_stages = config->n_stages;
  guint64 scale = (guint64) (seconds * 10);

  sample->serial = serial;
  sample->time_us = 100 * G_USEC_PER_SEC + (gint64) (seconds * G_USEC_PER_SEC);
  sample->elapsed_us = (gint64) (seconds * G_USEC_PER_SEC);
  sample->state = state == STATE_CLOSING ? PL_PIPELINE_CLOSING
                  : state == STATE_SHUT_DOWN ? PL_PIPELINE_FINISHED : PL_PIPELINE_RUNNING;
  sample->mode = config->mode;
  sample->backoff_ms = config->backoff_ms;
  sample->items = 100000000;
  sample->produced = 99999000;
  sample->processed = 98765432;
  sample->coordinator_polls = 171234567 + scale;
  sample->producer_polls = 171234567 + scale;
  sample->shut_down = state == STATE_SHUT_DOWN;
  sample->dropped = state == STATE_SHUT_DOWN ? 1549 : 0;
  sample->held = 199816;
  sample->max_held = 200000;
  sample->held_cap_reached = TRUE;
  sample->process_cpu_ns = (gint64) (seconds * 1.9e9);
  sample->rss_bytes = 251 * 1024 * 1024;
  sample->n_stages = n_stages;
  sample->n_queues = n_stages + 1;

  for (guint s = 0; s < n_stages; s++)
    {
      PlStageSample *stage = &sample->stages[s];

      g_strlcpy (stage->name, config->stages[s].name, sizeof stage->name);
      stage->mean_ms = config->stages[s].mean_ms;
      stage->n_workers = config->stages[s].workers;
      stage->work_done = 98765432 + scale * 1000;
      stage->polls = 171234567 + scale * 100000;
      stage->empty_polls = 171034567 + scale * 100000;
      stage->cpu_ns = (gint64) (seconds * 0.97e9 * stage->n_workers);
      stage->service_us = (gint64) (seconds * 0.9e6);
      for (guint w = 0; w < stage->n_workers; w++)
        {
          PlWorkerSample *worker = &stage->workers[w];

          worker->state = (PlWorkerState) ((s + w + serial) % PL_WORKER_N_STATES);
          worker->work_done = stage->work_done / stage->n_workers;
          worker->polls = stage->polls / stage->n_workers;
          worker->item = w % 2 ? G_MAXUINT64 : 42;
        }
    }

  for (guint q = 0; q < sample->n_queues; q++)
    {
      PlQueueSample *queue = &sample->queues[q];
      guint capacity = q < n_stages ? config->capacities[q] : 0;

      queue->stats.capacity = capacity;
      queue->stats.depth = capacity > 0 ? capacity : 199816;
      queue->stats.max_depth = capacity > 0 ? capacity : 199816;
      queue->stats.unfinished = queue->stats.depth + 3;
      queue->stats.first_marker = -1;
      queue->stats.dropped = state == STATE_SHUT_DOWN ? 1549 : 0;
      queue->stats.putters_waiting = 1;
      queue->closed = state != STATE_RUNNING;
      queue->joined = state == STATE_CLOSING && q == 0;
      queue->waited = 98765432;
      queue->wait_us = 98765432 * 20;
      queue->depth_area = seconds * queue->stats.depth;
    }

  return sample;
}

static PlConfig
lesson_config (const gchar *lesson)
{
  g_autoptr(GError) error = NULL;
  PlConfig config;

  pl_config_init_default (&config);
  g_assert_true (pl_config_apply_preset (&config, lesson, &error));
  g_assert_no_error (error);

  return config;
}

/* The most stages, each with four workers, and long names. */
static PlConfig
crowded_config (void)
{
  PlConfig config;

  pl_config_init_default (&config);
  config.mode = PL_MODE_BUSY_WAIT;
  config.n_stages = PL_MAX_STAGES;
  for (guint s = 0; s < PL_MAX_STAGES; s++)
    {
      g_snprintf (config.stages[s].name, sizeof config.stages[s].name, "thumbnail%u", s + 1);
      config.stages[s].workers = 4;
      config.stages[s].mean_ms = 1;
      config.capacities[s] = s % 2 ? 0 : 10;
    }

  return config;
}

/* Shows `widget` alone in a window of width × height and waits until it has
 * that size. */
static GtkWidget *
show_sized (GtkWidget *widget,
            gint       width,
            gint       height)
{
  GtkWidget *window = gtk_window_new ();
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  pl_test_wait_shown (widget);
  while (gtk_widget_get_width (widget) != width || gtk_widget_get_height (widget) != height)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s to be %d×%d; it is %d×%d", G_OBJECT_TYPE_NAME (widget),
                 width, height, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return window;
}

static void
draw_widget (GtkWidget *widget)
{
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
}

typedef struct
{
  guint     n_runs;
  guint     n_bad;
  GString  *report;
  gboolean  saw[3];   /* a run from the scene, the code view, the charts */
} Check;

static void
check_runs (Check       *check,
            GPtrArray   *runs,
            const gchar *where)
{
  for (guint i = 0; i < runs->len; i++)
    {
      const PlTextRun *run = g_ptr_array_index (runs, i);

      check->n_runs++;
      if (g_str_equal (run->view, "scene"))
        check->saw[0] = TRUE;
      else if (g_str_equal (run->view, "code"))
        check->saw[1] = TRUE;
      else if (g_str_equal (run->view, "charts"))
        check->saw[2] = TRUE;

      if (run->size < PL_MIN_TEXT_PX - 0.01 || run->ellipsized || run->clipped)
        {
          /* Enough to see what went wrong, not a flood. */
          if (check->n_bad < 40)
            g_string_append_printf (check->report, "%s, %s: “%s” at %.1f px%s%s\n", where, run->view,
                                    run->text, run->size,
                                    run->ellipsized ? ", ellipsized" : "",
                                    run->clipped ? ", clipped" : "");
          check->n_bad++;
        }
    }
}

/* The canvas as the window shows it: `width` wide, and scrolled when the
 * line needs more height than `height`. */
static void
render_canvas (Check          *check,
               const PlConfig *config,
               RunState        state,
               const gchar    *title,
               gint            width,
               gint            height,
               const gchar    *where)
{
  GtkWidget *line_view = pl_line_view_new ();
  PlScene *scene = pl_line_view_get_scene (PL_LINE_VIEW (line_view));
  g_autoptr(PlSample) first = make_sample (config, state, 1, 84.0);
  g_autoptr(PlSample) second = make_sample (config, state, 2, 86.5);
  g_autoptr(GPtrArray) runs = NULL;
  PlSceneStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  gint min_width, min_height, natural;

  g_object_ref_sink (line_view);
  pl_scene_set_title (scene, title);
  pl_scene_push_sample (scene, first);
  pl_scene_push_sample (scene, second);
  if (state == STATE_SHUT_DOWN)
    {
      PlEvent event = { PL_EVENT_SHUT_DOWN, 1549, second->time_us };

      pl_scene_push_event (scene, &event);
    }
  else if (state == STATE_CLOSING)
    {
      PlEvent event = { PL_EVENT_QUEUE_CLOSED, 1, second->time_us };

      pl_scene_push_event (scene, &event);
    }
  else
    {
      PlEvent event = { PL_EVENT_STAGE_FINISHED, (gint) config->n_stages - 1, second->time_us };

      pl_scene_push_event (scene, &event);
    }
  pl_scene_advance (scene, second->time_us + G_USEC_PER_SEC);

  /* The canvas lets a 1024-px window work, and asks for the height its
   * text needs at this width. */
  gtk_widget_measure (line_view, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &natural, NULL, NULL);
  if (min_width > width)
    {
      g_string_append_printf (check->report, "%s: the canvas asks for %d px and gets %d\n",
                              where, min_width, width);
      check->n_bad++;
    }
  gtk_widget_measure (line_view, GTK_ORIENTATION_VERTICAL, width, &min_height, &natural, NULL, NULL);
  height = MAX (height, min_height);

  pl_scene_style_init (&style, FALSE);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  pl_text_log_start ();
  pl_scene_render (scene, NULL, cr, width, height, &style);
  runs = pl_text_log_stop ();
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_object_unref (line_view);

  g_assert_cmpuint (runs->len, >, 10);
  check_runs (check, runs, where);
}

static void
render_code (Check          *check,
             const PlConfig *config,
             RunState        state,
             gint            width,
             gint            height,
             const gchar    *where)
{
  GtkWidget *view = pl_code_view_new ();
  g_autoptr(PlSample) sample = make_sample (config, state, 1, 84.0);
  g_autoptr(GPtrArray) runs = NULL;
  GtkWidget *window;
  gint min_height, natural;

  pl_code_view_set_mode (PL_CODE_VIEW (view), config->mode);
  /* Each lesson's own listing. */
  pl_code_view_set_lesson (PL_CODE_VIEW (view), config->preset, config->ending);
  pl_code_view_set_sample (PL_CODE_VIEW (view), sample);
  /* A listing taller than the window scrolls in its panel. */
  gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, width, &min_height, &natural, NULL, NULL);
  window = show_sized (view, width, MAX (height, min_height));
  pl_text_log_start ();
  draw_widget (view);
  runs = pl_text_log_stop ();
  gtk_window_destroy (GTK_WINDOW (window));

  check_runs (check, runs, where);
}

static void
render_charts (Check          *check,
               const PlConfig *config,
               RunState        state,
               gint            width,
               gint            height,
               const gchar    *where)
{
  GtkWidget *view = pl_chart_view_new ();
  g_autoptr(GPtrArray) runs = NULL;
  GtkWidget *window;

  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(PlSample) sample = make_sample (config, state, i + 1, 30.0 + i);

      pl_chart_view_push_sample (PL_CHART_VIEW (view), sample);
    }
  window = show_sized (view, width, height);
  pl_text_log_start ();
  draw_widget (view);
  runs = pl_text_log_stop ();
  gtk_window_destroy (GTK_WINDOW (window));

  check_runs (check, runs, where);
}

/* What each view gets of a window of `width` × `height`. */
static void
render_window (Check          *check,
               const PlConfig *config,
               const gchar    *title,
               gint            width,
               gint            height,
               Panel           panel,
               gboolean        side_panel)
{
  gint canvas_width = width - (side_panel ? SIDE_PANEL_WIDTH : 0);
  gint canvas_height = height - HEADER_HEIGHT;
  gint code_width = 0;
  gint charts_height = 0;

  if (panel == PANEL_CODE)
    {
      GtkWidget *probe = g_object_ref_sink (pl_code_view_new ());
      gint natural;

      pl_code_view_set_lesson (PL_CODE_VIEW (probe), config->preset, config->ending);

      gtk_widget_measure (probe, GTK_ORIENTATION_HORIZONTAL, -1, &code_width, &natural, NULL, NULL);
      g_object_unref (probe);
      canvas_width -= MIN (code_width, CODE_PANE_MIN_WIDTH) + 1;
    }
  else if (panel == PANEL_CHARTS)
    {
      GtkWidget *probe = g_object_ref_sink (pl_chart_view_new ());
      g_autoptr(PlSample) sample = make_sample (config, STATE_RUNNING, 1, 1.0);
      gint natural;

      /* With a line to chart: Little's law has a row per queue. */
      pl_chart_view_push_sample (PL_CHART_VIEW (probe), sample);

      /* The paned gives the charts their minimum height. */
      gtk_widget_measure (probe, GTK_ORIENTATION_VERTICAL, canvas_width, &charts_height, &natural, NULL, NULL);
      g_object_unref (probe);
      canvas_height -= charts_height + CHARTS_HEADER;
    }

  for (RunState state = 0; state < N_STATES; state++)
    {
      g_autofree gchar *where = g_strdup_printf ("“%s” %d×%d, %s, side panel %s, %s", title, width, height,
                                                 panel_names[panel], side_panel ? "shown" : "hidden",
                                                 state_names[state]);

      render_canvas (check, config, state, title, canvas_width, canvas_height, where);
      /* The panels show the same text closing as running. */
      if (state == STATE_CLOSING)
        continue;
      if (panel == PANEL_CODE)
        render_code (check, config, state, code_width, height - HEADER_HEIGHT, where);
      else if (panel == PANEL_CHARTS)
        render_charts (check, config, state, canvas_width, charts_height, where);
    }
}

static void
finish (Check *check)
{
  g_test_message ("%u text runs checked", check->n_runs);
  if (check->n_bad > 0)
    g_error ("%u of %u text runs are too small, shortened or cut off:\n%s",
             check->n_bad, check->n_runs, check->report->str);
  g_string_free (check->report, TRUE);
}

static void
test_layout_lessons (gconstpointer data)
{
  const gint *size = data;
  Check check = { 0, 0, g_string_new (NULL), { FALSE } };

  if (pl_test_skip_without_display ())
    return;

  for (const gchar *const *lesson = pl_config_list_presets (); *lesson != NULL; lesson++)
    {
      PlConfig config = lesson_config (*lesson);
      const gchar *title = pl_config_preset_title (*lesson);

      for (Panel panel = PANEL_NONE; panel <= PANEL_CHARTS; panel++)
        for (gint side = 1; side >= 0; side--)
          {
            render_window (&check, &config, title, size[0], size[1], panel, side);
            /* Both modes: the busy-wait lines carry the poll counts, and
             * the code panel has a listing for each. The charts do not
             * change with the mode. */
            config.mode = config.mode == PL_MODE_BUSY_WAIT ? PL_MODE_BLOCKING : PL_MODE_BUSY_WAIT;
            if (panel != PANEL_CHARTS)
              render_window (&check, &config, title, size[0], size[1], panel, side);
          }
    }

  g_assert_true (check.saw[0] && check.saw[1] && check.saw[2]);
  finish (&check);
}

static void
test_layout_crowded (void)
{
  PlConfig config = crowded_config ();
  Check check = { 0, 0, g_string_new (NULL), { FALSE } };

  if (pl_test_skip_without_display ())
    return;

  for (Panel panel = PANEL_NONE; panel <= PANEL_CHARTS; panel++)
    for (gint side = 1; side >= 0; side--)
      render_window (&check, &config, "Sixteen stages of four workers", 1920, 1080, panel, side);

  finish (&check);
}

/* Korean words are longer on the canvas than English ones, and may only
 * break between words. */
static void
test_layout_korean (void)
{
  static const gint projector[] = { 1024, 768 };
  extern int _nl_msg_cat_cntr;
  const gchar *language = g_getenv ("LANGUAGE");
  g_autofree gchar *saved = g_strdup (language);

  g_setenv ("LANGUAGE", "ko", TRUE);
  /* Tells gettext that the language changed. */
  ++_nl_msg_cat_cntr;
  if (g_strcmp0 (_("Input queue"), "Input queue") == 0)
    {
      g_test_skip ("no Korean catalogue or locale");
    }
  else
    test_layout_lessons (projector);

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  ++_nl_msg_cat_cntr;
}

int
main (int   argc,
      char *argv[])
{
  static const gint projector[] = { 1024, 768 };
  static const gint full_hd[] = { 1920, 1080 };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, PL_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  pl_test_init (&argc, &argv);

  g_test_add_data_func ("/pl/layout/lessons-1024x768", projector, test_layout_lessons);
  g_test_add_data_func ("/pl/layout/lessons-1920x1080", full_hd, test_layout_lessons);
  g_test_add_func ("/pl/layout/sixteen-stages-1920x1080", test_layout_crowded);
  g_test_add_func ("/pl/layout/korean-1024x768", test_layout_korean);

  return g_test_run ();
}
