/* test-scene.c: the scene shows exactly what the samples say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "pl-pipeline.h"
#include "pl-pipeline-private.h"
#include "pl-scene.h"
#include "pl-scene-compare.h"
#include "pl-scene-export.h"
#include "pl-scene-renderer.h"

#define WINDOW_US ((gint64) (PL_SCENE_RATE_WINDOW_S * G_USEC_PER_SEC))

/* A sample as the engine would publish it, built by hand. */
static PlSample *
make_sample (guint n_stages,
             guint n_workers,
             guint capacity)
{
  PlSample *sample = pl_sample_new ();

  sample->serial = 1;
  sample->time_us = 10 * G_USEC_PER_SEC;
  sample->elapsed_us = 2 * G_USEC_PER_SEC;
  sample->state = PL_PIPELINE_RUNNING;
  sample->mode = PL_MODE_BLOCKING;
  sample->items = 1000;
  sample->produced = 100;
  sample->n_stages = n_stages;
  sample->n_queues = n_stages + 1;

  for (guint s = 0; s < n_stages; s++)
    {
      PlStageSample *stage = &sample->stages[s];

      g_snprintf (stage->name, sizeof stage->name, "stage%u", s);
      stage->n_workers = n_workers;
      for (guint w = 0; w < n_workers; w++)
        {
          stage->workers[w].state = PL_WORKER_WAITING_GET;
          stage->workers[w].item = G_MAXUINT64;
        }
    }

  for (guint q = 0; q < sample->n_queues; q++)
    {
      sample->queues[q].stats.capacity = q == n_stages ? 0 : capacity;
      sample->queues[q].stats.first_marker = -1;
    }

  return sample;
}

static PlSample *
copy_sample (const PlSample *sample)
{
  PlSample *copy = pl_sample_new ();

  memcpy (copy, sample, sizeof *copy);
  return copy;
}

static void
set_depth (PlSample *sample,
           guint     queue,
           guint     depth)
{
  sample->queues[queue].stats.depth = depth;
  sample->queues[queue].stats.unfinished = depth;
  sample->queues[queue].stats.max_depth = MAX (sample->queues[queue].stats.max_depth, depth);
}

/* Boxes stand for exactly the depth, sit on the belt, and never share a slot. */
static void
assert_boxes_agree (PlScene        *scene,
                    const PlSample *sample)
{
  for (guint q = 0; q < sample->n_queues; q++)
    {
      const PlSceneBox *boxes;
      guint n_boxes;
      guint n_slots = pl_scene_get_n_slots (scene, q);

      boxes = pl_scene_get_boxes (scene, q, &n_boxes);
      g_assert_cmpuint (pl_scene_count_entries (scene, q), ==, sample->queues[q].stats.depth);
      g_assert_cmpuint (n_boxes, <=, n_slots);

      for (guint i = 0; i < n_boxes; i++)
        {
          g_assert_cmpuint (boxes[i].count, >=, 1);
          g_assert_cmpfloat (boxes[i].position, >=, 0);
          g_assert_cmpfloat (boxes[i].position + boxes[i].span / 2, <=, n_slots + 1e-9);
          if (i > 0)
            g_assert_cmpfloat (boxes[i].position - boxes[i - 1].position, >=, 0.999);
        }
    }
}

static void
test_scene_boxes_match_depth (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSample) first = make_sample (3, 2, 8);
  g_autoptr(PlSample) second = NULL;
  const PlSceneBox *boxes;
  guint n_boxes;

  set_depth (first, 0, 8);
  set_depth (first, 1, 3);
  set_depth (first, 2, 0);
  set_depth (first, 3, 5);
  pl_scene_push_sample (scene, first);

  assert_boxes_agree (scene, first);
  boxes = pl_scene_get_boxes (scene, 1, &n_boxes);
  g_assert_cmpuint (n_boxes, ==, 3);
  for (guint i = 0; i < n_boxes; i++)
    g_assert_cmpuint (boxes[i].count, ==, 1);
  g_assert_cmpuint (pl_scene_get_n_slots (scene, 0), ==, 8);
  g_assert_true (pl_scene_queue_is_full (scene, 0));
  g_assert_false (pl_scene_queue_is_full (scene, 1));
  g_assert_false (pl_scene_is_compressed (scene, 3));

  /* Items leave the head of queue 0 and arrive in queue 1: while the boxes
   * slide, every frame still shows the new depths exactly. */
  second = copy_sample (first);
  second->serial = 2;
  second->time_us += G_USEC_PER_SEC / 60;
  set_depth (second, 0, 5);
  second->queues[0].stats.gets += 3;
  set_depth (second, 1, 6);
  second->queues[1].stats.puts += 3;
  pl_scene_push_sample (scene, second);

  for (gint64 frame = 0; frame < 30; frame++)
    {
      pl_scene_advance (scene, second->time_us + frame * G_USEC_PER_SEC / 60);
      assert_boxes_agree (scene, second);
    }
  g_assert_false (pl_scene_is_animating (scene));

  /* A sample older than the one shown is ignored: the picture never rolls
   * back. */
  pl_scene_push_sample (scene, first);
  g_assert_true (pl_scene_get_sample (scene) == second);
  assert_boxes_agree (scene, second);

  /* At rest, box i sits in slot i. */
  boxes = pl_scene_get_boxes (scene, 0, &n_boxes);
  g_assert_cmpuint (n_boxes, ==, 5);
  for (guint i = 0; i < n_boxes; i++)
    g_assert_cmpfloat (fabs (boxes[i].position - i), <, 1e-9);
}

static void
test_scene_worker_states (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSample) sample = make_sample (2, PL_WORKER_N_STATES, 4);

  for (guint w = 0; w < PL_WORKER_N_STATES; w++)
    sample->stages[0].workers[w].state = (PlWorkerState) w;
  sample->stages[1].workers[3].state = PL_WORKER_WORKING;
  sample->stages[1].workers[3].holds_marker = TRUE;
  pl_scene_push_sample (scene, sample);

  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      g_assert_cmpint (pl_scene_get_worker_state (scene, s, w), ==, sample->stages[s].workers[w].state);

  /* Only the stage with a worker waiting to put is blocked. */
  g_assert_true (pl_scene_stage_is_blocked (scene, 0));
  g_assert_false (pl_scene_stage_is_blocked (scene, 1));

  /* Out of range reads are idle, never garbage. */
  g_assert_cmpint (pl_scene_get_worker_state (scene, 0, PL_WORKER_N_STATES), ==, PL_WORKER_IDLE);
  g_assert_cmpint (pl_scene_get_worker_state (scene, 5, 0), ==, PL_WORKER_IDLE);
}

static void
test_scene_marker (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSample) sample = make_sample (2, 1, 16);
  g_autoptr(PlSample) later = NULL;
  const PlSceneBox *boxes;
  guint n_boxes;

  /* Queue 0: six entries, the oldest marker fourth from the head. */
  set_depth (sample, 0, 6);
  sample->queues[0].stats.markers = 2;
  sample->queues[0].stats.first_marker = 3;
  sample->queues[0].closed = TRUE;
  set_depth (sample, 1, 4);
  pl_scene_push_sample (scene, sample);

  g_assert_cmpint (pl_scene_get_marker_box (scene, 0), ==, 3);
  boxes = pl_scene_get_boxes (scene, 0, &n_boxes);
  for (guint i = 0; i < n_boxes; i++)
    g_assert_cmpuint (boxes[i].markers, ==, (i == 3 || i == 4) ? 1 : 0);
  g_assert_cmpint (pl_scene_get_marker_box (scene, 1), ==, -1);

  /* The marker moved to the head: the scene follows. */
  later = copy_sample (sample);
  later->time_us += G_USEC_PER_SEC / 60;
  set_depth (later, 0, 1);
  later->queues[0].stats.markers = 1;
  later->queues[0].stats.first_marker = 0;
  pl_scene_push_sample (scene, later);
  g_assert_cmpint (pl_scene_get_marker_box (scene, 0), ==, 0);
  boxes = pl_scene_get_boxes (scene, 0, &n_boxes);
  g_assert_cmpuint (n_boxes, ==, 1);
  g_assert_cmpuint (boxes[0].markers, ==, 1);
}

static void
test_scene_backlog_compressed (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSample) sample = make_sample (2, 1, 0);
  const PlSceneBox *boxes;
  guint n_boxes;
  guint singles;

  set_depth (sample, 1, 5000);
  sample->queues[1].stats.markers = 1;
  sample->queues[1].stats.first_marker = 4999;
  pl_scene_push_sample (scene, sample);

  g_assert_true (pl_scene_is_compressed (scene, 1));
  g_assert_false (pl_scene_is_compressed (scene, 0));
  g_assert_cmpuint (pl_scene_count_entries (scene, 1), ==, 5000);
  assert_boxes_agree (scene, sample);

  boxes = pl_scene_get_boxes (scene, 1, &n_boxes);
  g_assert_cmpuint (n_boxes, <=, PL_SCENE_UNBOUNDED_SLOTS);

  /* The marker at the very tail stays out of the pile, so it shows as it
   * travels: the last box, behind the pile of everything else. */
  singles = n_boxes - 2;
  g_assert_cmpuint (boxes[singles].count, ==, 5000 - singles - 1);
  g_assert_cmpuint (boxes[singles].markers, ==, 0);
  g_assert_cmpuint (boxes[n_boxes - 1].count, ==, 1);
  g_assert_cmpuint (boxes[n_boxes - 1].markers, ==, 1);
  g_assert_cmpint (pl_scene_get_marker_box (scene, 1), ==, (gint)n_boxes - 1);

  /* Many markers: a couple stay out, the rest are counted in the pile. */
  sample->queues[1].stats.markers = 6;
  sample->queues[1].stats.first_marker = 4994;
  pl_scene_push_sample (scene, sample);
  assert_boxes_agree (scene, sample);
  boxes = pl_scene_get_boxes (scene, 1, &n_boxes);
  g_assert_cmpuint (boxes[n_boxes - 1].markers + boxes[n_boxes - 2].markers +
                    boxes[n_boxes - 3].markers, ==, 6);
}

static void
test_scene_rates_and_bottleneck (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSample) first = make_sample (3, 2, 4);
  g_autoptr(PlSample) second = NULL;
  PlStageRates rates;

  /* Stage 1 works all the time; the others mostly wait. */
  for (guint w = 0; w < 2; w++)
    first->stages[1].workers[w].state = PL_WORKER_WORKING;
  set_depth (first, 1, 4);
  pl_scene_push_sample (scene, first);

  second = copy_sample (first);
  second->time_us = first->time_us + WINDOW_US;
  second->elapsed_us = first->elapsed_us + WINDOW_US;
  second->stages[1].work_done = first->stages[1].work_done + 100;
  second->stages[1].cpu_ns = first->stages[1].cpu_ns + G_GINT64_CONSTANT (500000000);
  second->stages[0].polls = first->stages[0].polls + 80;
  second->processed = first->processed + 60;
  pl_scene_push_sample (scene, second);

  pl_scene_get_stage_rates (scene, 1, &rates);
  g_assert_true (rates.valid);
  g_assert_false (rates.averaged);
  g_assert_cmpfloat (fabs (rates.items_per_s - 50), <, 1e-6);
  g_assert_cmpfloat (fabs (rates.cpu_percent - 25), <, 1e-6);
  g_assert_cmpfloat (fabs (rates.busy - 1.0), <, 1e-9);

  pl_scene_get_stage_rates (scene, 0, &rates);
  g_assert_cmpfloat (fabs (rates.polls_per_s - 40), <, 1e-6);
  g_assert_cmpfloat (rates.busy, ==, 0);

  g_assert_cmpfloat (fabs (pl_scene_get_throughput (scene) - 30), <, 1e-6);
  g_assert_cmpint (pl_scene_get_bottleneck (scene), ==, 1);
}


/* A line that has run @elapsed_us at @rate items/s through every stage. */
static PlSample *
steady_sample (const PlSample *like,
               gint64          time_us,
               gint64          elapsed_us,
               guint64         done)
{
  PlSample *sample = copy_sample (like);

  sample->time_us = time_us;
  sample->elapsed_us = elapsed_us;
  sample->processed = done;
  for (guint s = 0; s < sample->n_stages; s++)
    sample->stages[s].work_done = done;

  return sample;
}

static void
assert_not_measured (PlScene *scene)
{
  g_autofree gchar *shown = pl_scene_format_rate (pl_scene_get_stage_rate (scene, 0));

  g_assert_true (isnan (pl_scene_get_stage_rate (scene, 0)));
  g_assert_true (isnan (pl_scene_get_stage_rate (scene, 1)));
  g_assert_true (isnan (pl_scene_get_throughput (scene)));
  g_assert_cmpstr (shown, ==, "—");
}

/* Live rates come from the counters over the last window of the run's own
 * time, show a dash until the window has data, and become the run's
 * average, the report's number, once the line has stopped. */
static void
test_scene_rate_window (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSample) like = make_sample (2, 1, 4);
  g_autoptr(PlSample) ready = copy_sample (like);
  g_autoptr(PlSample) last = NULL;
  const gint64 step = G_USEC_PER_SEC / 10;
  const gint64 t0 = 100 * G_USEC_PER_SEC;
  guint64 done = 0;
  gint64 elapsed;

  assert_not_measured (scene);

  /* The line stood ready for a while before Start: that wait is no part
   * of any rate. */
  ready->state = PL_PIPELINE_READY;
  ready->time_us = t0 - 30 * G_USEC_PER_SEC;
  ready->elapsed_us = 0;
  pl_scene_push_sample (scene, ready);
  assert_not_measured (scene);

  /* 50 items/s. Until two seconds of the run have passed: a dash. */
  for (elapsed = step; elapsed < WINDOW_US; elapsed += step)
    {
      g_autoptr(PlSample) sample = NULL;

      done += 5;
      sample = steady_sample (like, t0 + elapsed, elapsed, done);
      pl_scene_push_sample (scene, sample);
      assert_not_measured (scene);
    }

  /* The window has data: the counters over it, from the start. */
  for (; elapsed <= 3 * G_USEC_PER_SEC; elapsed += step)
    {
      g_autoptr(PlSample) sample = NULL;
      PlStageRates rates;

      done += 5;
      sample = steady_sample (like, t0 + elapsed, elapsed, done);
      pl_scene_push_sample (scene, sample);
      pl_scene_get_stage_rates (scene, 1, &rates);
      g_assert_true (rates.valid);
      g_assert_false (rates.averaged);
      g_assert_cmpfloat_with_epsilon (rates.items_per_s, 50, 1e-9);
      g_assert_cmpfloat_with_epsilon (pl_scene_get_throughput (scene), 50, 1e-9);
    }

  /* Four times as fast from 3 s on: a window later, only that shows. */
  for (; elapsed <= 6 * G_USEC_PER_SEC; elapsed += step)
    {
      g_autoptr(PlSample) sample = NULL;

      done += 20;
      sample = steady_sample (like, t0 + elapsed, elapsed, done);
      pl_scene_push_sample (scene, sample);
      if (elapsed >= 3 * G_USEC_PER_SEC + WINDOW_US)
        {
          g_assert_cmpfloat_with_epsilon (pl_scene_get_stage_rate (scene, 0), 200, 1e-9);
          g_assert_cmpfloat_with_epsilon (pl_scene_get_throughput (scene), 200, 1e-9);
        }
      else
        {
          g_assert_cmpfloat (pl_scene_get_stage_rate (scene, 0), >, 50);
          g_assert_cmpfloat (pl_scene_get_stage_rate (scene, 0), <, 200);
        }
    }

  /* The line finished: its clock stops, the wall clock goes on, and
   * every rate is the run's average, as the report computes it. */
  last = steady_sample (like, t0 + elapsed, elapsed, done);
  last->state = PL_PIPELINE_FINISHED;
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(PlSample) heartbeat = copy_sample (last);
      PlStageRates rates;

      heartbeat->time_us += i * G_USEC_PER_SEC;
      pl_scene_push_sample (scene, heartbeat);
      pl_scene_get_stage_rates (scene, 0, &rates);
      g_assert_true (rates.valid);
      g_assert_true (rates.averaged);
      g_assert_cmpfloat_with_epsilon (pl_scene_get_throughput (scene),
                                      pl_sample_throughput (last), 1e-9);
      for (guint s = 0; s < 2; s++)
        g_assert_cmpfloat_with_epsilon (pl_scene_get_stage_rate (scene, s),
                                        done / (elapsed / (gdouble) G_USEC_PER_SEC), 1e-9);
    }

  /* A scene that starts watching late measures a window of its own. */
  pl_scene_reset (scene);
  assert_not_measured (scene);
  {
    g_autoptr(PlSample) late = steady_sample (like, t0, 10 * G_USEC_PER_SEC, 1000);
    g_autoptr(PlSample) later = steady_sample (like, t0 + step, 10 * G_USEC_PER_SEC + step, 1010);
    g_autoptr(PlSample) window = steady_sample (like, t0 + WINDOW_US,
                                                10 * G_USEC_PER_SEC + WINDOW_US, 1300);

    pl_scene_push_sample (scene, late);
    pl_scene_push_sample (scene, later);
    assert_not_measured (scene);
    pl_scene_push_sample (scene, window);
    g_assert_cmpfloat_with_epsilon (pl_scene_get_stage_rate (scene, 0),
                                    300 / PL_SCENE_RATE_WINDOW_S, 1e-9);
  }

  /* A new run of the same line starts its clock again: nothing of the
   * last run is measured against it. */
  {
    g_autoptr(PlSample) again = steady_sample (like, t0 + 20 * G_USEC_PER_SEC, step, 5);

    pl_scene_push_sample (scene, again);
    assert_not_measured (scene);
  }
}


/* A picture of a running line taken with no window: given a snapshot a
 * rate window earlier, it shows measured rates, not dashes. */
static void
test_scene_export_measures_rates (void)
{
  g_autoptr(PlSample) like = make_sample (2, 1, 4);
  g_autoptr(PlSample) earlier = steady_sample (like, 10 * G_USEC_PER_SEC, G_USEC_PER_SEC, 50);
  g_autoptr(PlSample) later = steady_sample (like, 10 * G_USEC_PER_SEC + WINDOW_US,
                                             G_USEC_PER_SEC + WINDOW_US, 250);
  g_autoptr(PlScene) alone = NULL;
  g_autoptr(PlScene) measured = NULL;
  PlConfig config;

  pl_config_init_default (&config);
  alone = pl_scene_export_build (&config, NULL, later);
  g_assert_true (isnan (pl_scene_get_stage_rate (alone, 0)));

  measured = pl_scene_export_build (&config, earlier, later);
  g_assert_cmpfloat_with_epsilon (pl_scene_get_stage_rate (measured, 0),
                                  200 / PL_SCENE_RATE_WINDOW_S, 1e-9);
  g_assert_cmpfloat_with_epsilon (pl_scene_get_throughput (measured),
                                  200 / PL_SCENE_RATE_WINDOW_S, 1e-9);
}

/* The canvas writes rates to about three digits: within 1% of the number. */
static void
test_scene_format_rate (void)
{
  const gdouble rates[] = { 0.5, 1.005, 9.996, 10.04, 49.84, 99.95, 100.4, 998.4, 9994,
                            10049, 99949, 145400, 1234567 };

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      g_autofree gchar *text = pl_scene_format_rate (rates[i]);
      gdouble read = g_ascii_strtod (text, NULL);

      if (g_str_has_suffix (text, "k"))
        read *= 1000;
      if (fabs (read - rates[i]) > 0.01 * rates[i])
        g_error ("%g is written as %s", rates[i], text);
    }
}

static void
test_scene_bottleneck_is_the_slowest_busy_stage (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSample) first = make_sample (3, 1, 0);
  g_autoptr(PlSample) second = NULL;

  /* Stages 0 and 1 both work all the time, but stage 0 works off a
   * backlog ten times as fast as stage 1 can. */
  first->stages[0].workers[0].state = PL_WORKER_WORKING;
  first->stages[1].workers[0].state = PL_WORKER_WORKING;
  set_depth (first, 0, 500);
  set_depth (first, 1, 400);
  pl_scene_push_sample (scene, first);

  second = copy_sample (first);
  second->time_us += WINDOW_US;
  second->elapsed_us += WINDOW_US;
  second->stages[0].work_done += 500;
  second->stages[1].work_done += 50;
  second->stages[2].work_done += 50;
  pl_scene_push_sample (scene, second);

  g_assert_cmpint (pl_scene_get_bottleneck (scene), ==, 1);
}

static void
test_scene_no_bottleneck_when_idle (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSample) first = make_sample (2, 1, 4);
  g_autoptr(PlSample) second = NULL;

  pl_scene_push_sample (scene, first);
  second = copy_sample (first);
  second->time_us += WINDOW_US;
  second->elapsed_us += WINDOW_US;
  pl_scene_push_sample (scene, second);

  /* Nothing measured as busy, so nothing is named the bottleneck. */
  g_assert_cmpint (pl_scene_get_bottleneck (scene), ==, -1);
}

/* How many different colours a surface holds, up to `enough`. */
static guint
count_colours (cairo_surface_t *surface,
               guint            enough)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guchar *data;
  gint stride, width, height;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);

  for (gint y = 0; y < height && g_hash_table_size (seen) < enough; y++)
    for (gint x = 0; x < width; x++)
      {
        guint32 pixel = *(guint32 *)(data + y * stride + x * 4);

        g_hash_table_add (seen, GUINT_TO_POINTER (pixel));
      }

  return g_hash_table_size (seen);
}

static void
render_and_check (PlScene *scene,
                  gint     width,
                  gint     height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  PlSceneStyle style;

  pl_scene_style_init (&style, FALSE);
  pl_scene_render (scene, NULL, cr, width, height, &style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  /* Text, belts, items and state colours: far more than a blank fill. */
  g_assert_cmpuint (count_colours (surface, 16), >=, 16);
  cairo_surface_destroy (surface);
}

static void
test_scene_render_not_blank (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSample) sample = make_sample (3, 3, 4);

  set_depth (sample, 0, 4);
  set_depth (sample, 1, 2);
  sample->stages[0].workers[0].state = PL_WORKER_WAITING_PUT;
  sample->stages[1].workers[1].state = PL_WORKER_WORKING;
  sample->stages[2].workers[2].state = PL_WORKER_POLLING;
  pl_scene_set_title (scene, "Test");
  pl_scene_push_sample (scene, sample);

  render_and_check (scene, 640, 400);
}

static void
test_scene_render_extremes (void)
{
  g_autoptr(PlScene) small = pl_scene_new ();
  g_autoptr(PlScene) large = pl_scene_new ();
  g_autoptr(PlSample) one = make_sample (1, 1, 1);
  g_autoptr(PlSample) many = make_sample (PL_MAX_STAGES, PL_MAX_WORKERS, 64);

  set_depth (one, 0, 1);
  pl_scene_push_sample (small, one);
  render_and_check (small, 320, 240);

  for (guint q = 0; q < many->n_queues; q++)
    set_depth (many, q, q * 4);
  pl_scene_push_sample (large, many);
  assert_boxes_agree (large, many);
  render_and_check (large, 1280, 800);
}

static void
test_scene_export_files (void)
{
  g_autoptr(PlSample) sample = make_sample (3, 2, 4);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-scene-XXXXXX", &error);
  g_autofree gchar *png = NULL;
  g_autofree gchar *svg = NULL;
  g_autofree gchar *bad = NULL;
  g_autofree gchar *text = NULL;
  cairo_surface_t *surface;
  PlConfig config;

  g_assert_no_error (error);
  png = g_build_filename (dir, "line.png", NULL);
  svg = g_build_filename (dir, "line.svg", NULL);
  bad = g_build_filename (dir, "line.txt", NULL);
  pl_config_init_default (&config);
  set_depth (sample, 0, 3);

  g_assert_true (pl_scene_export (&config, sample, png, 640, 400, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 400);
  g_assert_cmpuint (count_colours (surface, 8), >=, 8);
  cairo_surface_destroy (surface);

  g_assert_true (pl_scene_export (&config, sample, svg, 640, 400, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (strstr (text, "<svg"));

  g_assert_false (pl_scene_export (&config, sample, bad, 640, 400, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));

  g_unlink (png);
  g_unlink (svg);
  g_rmdir (dir);
}

/* One rule for every picture, of one line or of two: the suffix names
 * the format, in any case, and anything else is refused. */
static void
test_scene_export_suffix_any_case (void)
{
  g_autoptr(PlSample) sample = make_sample (2, 1, 4);
  g_autoptr(PlCompare) compare = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-scene-XXXXXX", &error);
  PlSample *samples[2] = { sample, sample };
  const gchar *good[] = { "line.Png", "line.PNG", "line.Svg", "line.svg" };
  const gchar *bad[] = { "line.pngx", "line.jpg", "png" };
  PlConfig config;
  PlConfig other;

  g_assert_no_error (error);
  pl_config_init_default (&config);
  other = config;
  other.mode = config.mode == PL_MODE_BLOCKING ? PL_MODE_BUSY_WAIT : PL_MODE_BLOCKING;
  compare = pl_compare_new_from_configs (&config, &other);
  g_assert_nonnull (compare);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree gchar *path = g_build_filename (dir, good[i], NULL);
      g_autofree gchar *text = NULL;
      gboolean png = g_ascii_strncasecmp (good[i] + strlen ("line."), "png", 3) == 0;

      g_assert_true (pl_scene_export_is_png (path) == png);
      for (guint lines = 1; lines <= 2; lines++)
        {
          if (lines == 1)
            g_assert_true (pl_scene_export (&config, sample, path, 320, 200, &error));
          else
            g_assert_true (pl_scene_compare_export (compare, NULL, samples, path, 320, 400, &error));
          g_assert_no_error (error);
          g_assert_true (g_file_get_contents (path, &text, NULL, &error));
          g_assert_no_error (error);
          /* The format the suffix names, whatever its case. */
          if (png)
            g_assert_true (g_str_has_prefix (text, "\x89PNG"));
          else
            g_assert_nonnull (strstr (text, "<svg"));
          g_clear_pointer (&text, g_free);
          g_assert_cmpint (g_unlink (path), ==, 0);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree gchar *path = g_build_filename (dir, bad[i], NULL);

      g_assert_false (pl_scene_export_is_png (path));
      g_assert_false (pl_scene_export (&config, sample, path, 320, 200, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_false (pl_scene_compare_export (compare, NULL, samples, path, 320, 400, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A real pipeline feeding a scene, the way the window's tick does it. */
typedef struct
{
  PlPipeline *pipeline;
  PlScene    *scene;
  PlSample   *last;
  guint       samples;
} LiveScene;

/* Every wait in these tests ends here at the latest, with a failure. */
#define LIVE_TIMEOUT_US (30 * G_USEC_PER_SEC)

typedef gboolean (*LiveCondition) (LiveScene *live);

static void
live_scene_push (LiveScene *live,
                 PlSample  *sample)
{
  pl_scene_push_sample (live->scene, sample);
  g_clear_pointer (&live->last, pl_sample_unref);
  live->last = pl_sample_ref (sample);
  live->samples++;

  /* The model shows every worker in the state the sample says. */
  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      g_assert_cmpint (pl_scene_get_worker_state (live->scene, s, w), ==,
                       sample->stages[s].workers[w].state);
  for (guint q = 0; q < sample->n_queues; q++)
    g_assert_cmpuint (pl_scene_count_entries (live->scene, q), ==, sample->queues[q].stats.depth);
}

static void
live_scene_wait (LiveScene     *live,
                 LiveCondition  condition,
                 const gchar   *what)
{
  GAsyncQueue *messages = _pl_pipeline_get_messages (live->pipeline);
  gint64 deadline = g_get_monotonic_time () + LIVE_TIMEOUT_US;

  while (live->last == NULL || !condition (live))
    {
      g_autoptr(PlMessage) message = NULL;

      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting until %s", what);

      message = g_async_queue_timeout_pop (messages, G_USEC_PER_SEC / 10);
      if (message == NULL)
        continue;
      if (message->kind == PL_MESSAGE_SAMPLE && message->sample != NULL)
        live_scene_push (live, message->sample);
      else if (message->kind == PL_MESSAGE_EVENT)
        pl_scene_push_event (live->scene, &message->event);
    }
}

static gboolean
stage_polls (LiveScene *live,
             guint      stage)
{
  PlStageRates rates;

  pl_scene_get_stage_rates (live->scene, stage, &rates);
  return rates.valid && !rates.averaged && rates.polls_per_s > 0;
}

static gboolean
any_worker_polls (const PlSample *sample)
{
  for (guint s = 0; s < sample->n_stages; s++)
    for (guint w = 0; w < sample->stages[s].n_workers; w++)
      if (sample->stages[s].workers[w].state == PL_WORKER_POLLING ||
          sample->stages[s].workers[w].state == PL_WORKER_BACKOFF)
        return TRUE;

  return FALSE;
}

static gboolean
shows_polling (LiveScene *live)
{
  return live->last->mode == PL_MODE_BUSY_WAIT &&
         stage_polls (live, 1) && stage_polls (live, 2) &&
         any_worker_polls (live->last);
}

static guint64 work_mark;

static gboolean
shows_blocking (LiveScene *live)
{
  PlStageRates rates;

  /* Every stage measured a whole rate window without a single poll, while
   * items still got through. */
  for (guint s = 0; s < live->last->n_stages; s++)
    {
      pl_scene_get_stage_rates (live->scene, s, &rates);
      if (!rates.valid || rates.averaged || rates.polls_per_s > 0)
        return FALSE;
    }

  return live->last->mode == PL_MODE_BLOCKING && !any_worker_polls (live->last) &&
         live->last->stages[2].work_done > work_mark;
}

static void
test_scene_follows_mode_switch (void)
{
  g_autoptr(PlPipeline) pipeline = NULL;
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(GError) error = NULL;
  LiveScene live = { 0 };
  PlConfig config;
  guint64 polls;

  /* A slow first stage, so the two after it keep finding their queues
   * empty: in busy-wait mode they poll, in blocking mode they sleep. */
  pl_config_init_default (&config);
  config.mode = PL_MODE_BUSY_WAIT;
  config.items = 1000000;
  config.n_stages = 3;
  g_strlcpy (config.stages[0].name, "slow", sizeof config.stages[0].name);
  g_strlcpy (config.stages[1].name, "second", sizeof config.stages[1].name);
  g_strlcpy (config.stages[2].name, "third", sizeof config.stages[2].name);
  for (guint s = 0; s < 3; s++)
    {
      config.stages[s].mean_ms = s == 0 ? 5 : 0;
      config.stages[s].distribution = PL_DIST_FIXED;
      config.stages[s].workers = 1;
      config.capacities[s] = 0;
    }
  config.backoff_ms = 2;
  g_assert_true (pl_config_validate (&config, &error));
  g_assert_no_error (error);

  pipeline = pl_pipeline_new (&config);
  live.pipeline = pipeline;
  live.scene = scene;
  pl_pipeline_set_sampling (pipeline, TRUE);
  g_assert_true (pl_pipeline_start (pipeline, &error));
  g_assert_no_error (error);

  live_scene_wait (&live, shows_polling, "the scene shows busy-wait polls");

  /* Blocking, live: the poll counters stop, the line goes on. */
  work_mark = live.last->stages[2].work_done;
  pl_pipeline_set_mode (pipeline, PL_MODE_BLOCKING);
  live_scene_wait (&live, shows_blocking, "the scene shows blocking workers and no polls");
  polls = live.last->stages[1].polls;
  g_assert_cmpuint (polls, >, 0);

  /* And back: the counters tick again, from where they stopped. */
  pl_pipeline_set_mode (pipeline, PL_MODE_BUSY_WAIT);
  live_scene_wait (&live, shows_polling, "the scene shows polls again");
  g_assert_cmpuint (live.last->stages[1].polls, >, polls);

  pl_pipeline_cancel (pipeline);
  g_clear_pointer (&live.last, pl_sample_unref);
}

/* The cached frame draws what the sample says, not what it said before. */
static void
test_scene_cached_frames_follow_samples (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSample) empty = make_sample (2, 2, 8);
  g_autoptr(PlSample) full = NULL;
  cairo_surface_t *first = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 500);
  cairo_surface_t *second = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 500);
  cairo_surface_t *fresh = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 500);
  g_autoptr(PlScene) other = pl_scene_new ();
  g_autoptr(PlSceneCache) cache = pl_scene_cache_new ();
  PlSceneStyle style;
  cairo_t *cr;

  pl_scene_style_init (&style, FALSE);
  pl_scene_push_sample (scene, empty);
  cr = cairo_create (first);
  pl_scene_render (scene, cache, cr, 800, 500, &style);
  cairo_destroy (cr);

  /* Same shape, new numbers: the picture changes. */
  full = copy_sample (empty);
  full->time_us += G_USEC_PER_SEC;
  set_depth (full, 0, 8);
  full->stages[0].workers[0].state = PL_WORKER_WAITING_PUT;
  pl_scene_push_sample (scene, full);
  cr = cairo_create (second);
  pl_scene_render (scene, cache, cr, 800, 500, &style);
  /* The same shape at the same size: the layout was kept. */
  g_assert_cmpuint (pl_scene_cache_get_serial (cache), ==, 1);
  cairo_destroy (cr);

  /* Drawn with no cache, the same samples give the same picture, pixel
   * for pixel. */
  pl_scene_push_sample (other, empty);
  pl_scene_push_sample (other, full);
  cr = cairo_create (fresh);
  pl_scene_render (other, NULL, cr, 800, 500, &style);
  cairo_destroy (cr);

  cairo_surface_flush (first);
  cairo_surface_flush (second);
  cairo_surface_flush (fresh);
  g_assert_true (memcmp (cairo_image_surface_get_data (first), cairo_image_surface_get_data (second),
                         cairo_image_surface_get_stride (first) * 500) != 0);
  g_assert_true (memcmp (cairo_image_surface_get_data (second), cairo_image_surface_get_data (fresh),
                         cairo_image_surface_get_stride (first) * 500) == 0);

  cairo_surface_destroy (first);
  cairo_surface_destroy (second);
  cairo_surface_destroy (fresh);
}

static void
render_cached (PlScene      *scene,
               PlSceneCache *cache,
               gint          width,
               gint          height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  PlSceneStyle style;

  pl_scene_style_init (&style, FALSE);
  pl_scene_render (scene, cache, cr, width, height, &style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The renderer's cache is its caller's: a picture of the same scene at
 * another size, as an export makes, leaves the canvas's layout and static
 * layer as they were. */
static void
test_scene_export_keeps_callers_cache (void)
{
  g_autoptr(PlScene) scene = pl_scene_new ();
  g_autoptr(PlSample) sample = make_sample (3, 3, 4);
  g_autoptr(PlSceneCache) cache = pl_scene_cache_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("pl-scene-XXXXXX", &error);
  g_autofree gchar *path = NULL;
  PlSceneStyle style;
  guint serial;

  g_assert_no_error (error);
  path = g_build_filename (dir, "smaller.png", NULL);
  set_depth (sample, 0, 4);
  pl_scene_push_sample (scene, sample);

  render_cached (scene, cache, 800, 500);
  serial = pl_scene_cache_get_serial (cache);
  g_assert_cmpuint (serial, >, 0);
  g_assert_true (pl_scene_cache_is_valid (cache));

  pl_scene_style_init (&style, FALSE);
  g_assert_true (pl_scene_export_scene (scene, &style, path, 400, 300, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* The canvas's next frame reuses what it had. */
  render_cached (scene, cache, 800, 500);
  g_assert_cmpuint (pl_scene_cache_get_serial (cache), ==, serial);

  /* While a new size of its own does make a new layout. */
  render_cached (scene, cache, 640, 400);
  g_assert_cmpuint (pl_scene_cache_get_serial (cache), ==, serial + 1);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The strip between compared lines says "—" for a rate not measured yet,
 * as the canvas does before Start, and the rate once time has passed. */
static void
test_scene_compare_strip_before_and_after_start (void)
{
  PlCompareMeasure measures[2] = { { 0 } };
  g_autofree gchar *before = NULL;
  g_autofree gchar *after = NULL;

  before = pl_scene_compare_describe_strip (measures);
  g_assert_nonnull (strstr (before, "Throughput: — on line A, — on line B."));
  g_assert_nonnull (strstr (before, "Polls: — on line A, — on line B."));
  g_assert_null (strstr (before, "items/s"));

  measures[0].window_s = 2.0;
  measures[0].throughput = 12.5;
  measures[0].polls_per_s = 40.0;
  after = pl_scene_compare_describe_strip (measures);
  g_assert_nonnull (strstr (after, "Throughput: 12.5 items/s on line A, — on line B."));
  g_assert_nonnull (strstr (after, "Polls: 40 polls/s on line A, — on line B."));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pl/scene/boxes-match-depth", test_scene_boxes_match_depth);
  g_test_add_func ("/pl/scene/worker-states", test_scene_worker_states);
  g_test_add_func ("/pl/scene/marker", test_scene_marker);
  g_test_add_func ("/pl/scene/backlog-compressed", test_scene_backlog_compressed);
  g_test_add_func ("/pl/scene/rates-and-bottleneck", test_scene_rates_and_bottleneck);
  g_test_add_func ("/pl/scene/rate-window", test_scene_rate_window);
  g_test_add_func ("/pl/scene/format-rate", test_scene_format_rate);
  g_test_add_func ("/pl/scene/export-measures-rates", test_scene_export_measures_rates);
  g_test_add_func ("/pl/scene/bottleneck-is-the-slowest-busy-stage",
                   test_scene_bottleneck_is_the_slowest_busy_stage);
  g_test_add_func ("/pl/scene/no-bottleneck-when-idle", test_scene_no_bottleneck_when_idle);
  g_test_add_func ("/pl/scene/render-not-blank", test_scene_render_not_blank);
  g_test_add_func ("/pl/scene/render-extremes", test_scene_render_extremes);
  g_test_add_func ("/pl/scene/export-files", test_scene_export_files);
  g_test_add_func ("/pl/scene/export-suffix-any-case", test_scene_export_suffix_any_case);
  g_test_add_func ("/pl/scene/cached-frames-follow-samples", test_scene_cached_frames_follow_samples);
  g_test_add_func ("/pl/scene/export-keeps-callers-cache", test_scene_export_keeps_callers_cache);
  g_test_add_func ("/pl/scene/follows-mode-switch", test_scene_follows_mode_switch);
  g_test_add_func ("/pl/scene/compare-strip-before-and-after-start",
                   test_scene_compare_strip_before_and_after_start);

  return g_test_run ();
}
