/* test-code-view.c: every worker's marker sits on the line of its real state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pl-code-view.h"
#include "pl-palette.h"
#include "pl-test-pixels.h"
#include "pl-test-window.h"

#define WAIT_TIMEOUT_US (10 * G_USEC_PER_SEC)


static PlSample *
make_sample (PlMode mode,
             guint  n_stages,
             guint  n_workers)
{
  PlSample *sample = pl_sample_new ();

  sample->serial = 1;
  sample->elapsed_us = G_USEC_PER_SEC;
  sample->state = PL_PIPELINE_RUNNING;
  sample->mode = mode;
  sample->backoff_ms = 10;
  sample->n_stages = n_stages;
  sample->n_queues = n_stages + 1;
  for (guint s = 0; s < n_stages; s++)
    {
      g_snprintf (sample->stages[s].name, sizeof sample->stages[s].name, "stage%u", s);
      sample->stages[s].n_workers = n_workers;
      for (guint w = 0; w < n_workers; w++)
        {
          sample->stages[s].workers[w].state = PL_WORKER_WAITING_GET;
          sample->stages[s].workers[w].item = G_MAXUINT64;
        }
    }

  return sample;
}

static PlCodeView *
new_view (void)
{
  PlCodeView *view = PL_CODE_VIEW (pl_code_view_new ());

  g_object_ref_sink (view);
  return view;
}

static void
assert_mark_text (PlCodeView  *view,
                  PlCodeMark   mark,
                  const gchar *expected)
{
  guint line = pl_code_view_get_mark_line (view, mark);
  const gchar *text;

  g_assert_cmpuint (line, >, 0);
  text = pl_code_view_get_line_text (view, line);
  g_assert_nonnull (text);
  if (strstr (text, expected) == NULL)
    g_error ("Line %u (“%s”) should contain “%s”", line, text, expected);
}

/* The tags name the lines they stand on, and none is left in the text. */
static void
test_code_view_listings (void)
{
  g_autoptr(PlCodeView) view = NULL;

  if (pl_test_skip_without_display ())
    return;

  view = new_view ();

  pl_code_view_set_mode (view, PL_MODE_BLOCKING);
  g_assert_cmpuint (pl_code_view_get_n_lines (view), >, 10);
  assert_mark_text (view, PL_CODE_MARK_GET, "self.inbox.get()");
  assert_mark_text (view, PL_CODE_MARK_WORK, "self.work(item)");
  assert_mark_text (view, PL_CODE_MARK_PUT, "self.outbox.put(result)");
  assert_mark_text (view, PL_CODE_MARK_TASK_DONE, "task_done()");
  assert_mark_text (view, PL_CODE_MARK_EXIT, "return");
  assert_mark_text (view, PL_CODE_MARK_CLOSE, "queue.close()");
  assert_mark_text (view, PL_CODE_MARK_JOIN, "queue.join()");
  /* Blocking workers never nap. */
  g_assert_cmpuint (pl_code_view_get_mark_line (view, PL_CODE_MARK_SLEEP), ==, 0);

  pl_code_view_set_mode (view, PL_MODE_BUSY_WAIT);
  assert_mark_text (view, PL_CODE_MARK_GET, "try_get()");
  assert_mark_text (view, PL_CODE_MARK_SLEEP, "sleep(BACKOFF)");
  assert_mark_text (view, PL_CODE_MARK_WORK, "self.work(item)");
  assert_mark_text (view, PL_CODE_MARK_PUT, "sleep(BACKOFF)");
  assert_mark_text (view, PL_CODE_MARK_TASK_DONE, "self.done += 1");
  assert_mark_text (view, PL_CODE_MARK_SHUT_DOWN, "return");
  assert_mark_text (view, PL_CODE_MARK_MAIN_POLL, "sleep(BACKOFF)");
  /* Busy-waiting workers are sent no marker. */
  g_assert_cmpuint (pl_code_view_get_mark_line (view, PL_CODE_MARK_EXIT), ==, 0);
  /* The busy-wait put line is the nap inside the loop around try_put. */
  g_assert_nonnull (strstr (pl_code_view_get_line_text (view, pl_code_view_get_mark_line (view, PL_CODE_MARK_PUT) - 1),
                            "try_put(result)"));
  g_assert_cmpuint (pl_code_view_get_mark_line (view, PL_CODE_MARK_SLEEP), !=,
                    pl_code_view_get_mark_line (view, PL_CODE_MARK_PUT));

  for (guint mode = PL_MODE_BUSY_WAIT; mode <= PL_MODE_BLOCKING; mode++)
    {
      pl_code_view_set_mode (view, mode);
      for (guint line = 1; line <= pl_code_view_get_n_lines (view); line++)
        {
          const gchar *text = pl_code_view_get_line_text (view, line);

          g_assert_null (strstr (text, "#@"));
          g_assert_null (strstr (text, "SPDX"));
        }
      g_assert_null (pl_code_view_get_line_text (view, 0));
      g_assert_null (pl_code_view_get_line_text (view, pl_code_view_get_n_lines (view) + 1));
    }

  g_assert_finalize_object (g_steal_pointer (&view));
}

/* Each state either has its line in both listings or is on none. */
static void
test_code_view_every_state (void)
{
  g_autoptr(PlCodeView) view = NULL;

  if (pl_test_skip_without_display ())
    return;

  view = new_view ();
  for (guint mode = PL_MODE_BUSY_WAIT; mode <= PL_MODE_BLOCKING; mode++)
    {
      pl_code_view_set_mode (view, mode);
      for (guint state = 0; state < PL_WORKER_N_STATES; state++)
        {
          PlCodeMark mark = pl_code_mark_for_state (mode, state);
          gboolean on_no_line = state == PL_WORKER_IDLE || state == PL_WORKER_PAUSED
                                || state == PL_WORKER_CANCELLED
                                || (state == PL_WORKER_DONE && mode == PL_MODE_BUSY_WAIT);

          if (on_no_line)
            g_assert_cmpint (mark, ==, PL_CODE_MARK_NONE);
          else
            g_assert_cmpuint (pl_code_view_get_mark_line (view, mark), >, 0);
        }
    }

  /* The busy-wait nap and a full output are told apart. */
  g_assert_cmpint (pl_code_mark_for_state (PL_MODE_BUSY_WAIT, PL_WORKER_BACKOFF), ==, PL_CODE_MARK_SLEEP);
  g_assert_cmpint (pl_code_mark_for_state (PL_MODE_BUSY_WAIT, PL_WORKER_POLLING), ==, PL_CODE_MARK_GET);
  g_assert_cmpint (pl_code_mark_for_state (PL_MODE_BUSY_WAIT, PL_WORKER_WAITING_PUT), ==, PL_CODE_MARK_PUT);
  g_assert_cmpint (pl_code_mark_for_state (PL_MODE_BLOCKING, PL_WORKER_DONE), ==, PL_CODE_MARK_EXIT);

  g_assert_finalize_object (g_steal_pointer (&view));
}

/* Synthetic samples: every worker's marker is on its state's line. */
static void
test_code_view_worker_lines (void)
{
  g_autoptr(PlCodeView) view = NULL;
  g_autoptr(PlSample) sample = NULL;
  guint get, sleep, work, put, task_done, exit_line;

  if (pl_test_skip_without_display ())
    return;

  view = new_view ();
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 0, 0), ==, 0);

  sample = make_sample (PL_MODE_BUSY_WAIT, 3, 3);
  sample->stages[0].workers[0].state = PL_WORKER_BACKOFF;
  sample->stages[0].workers[1].state = PL_WORKER_POLLING;
  sample->stages[0].workers[2].state = PL_WORKER_WORKING;
  sample->stages[1].workers[0].state = PL_WORKER_WAITING_PUT;
  sample->stages[1].workers[1].state = PL_WORKER_TASK_DONE;
  sample->stages[1].workers[2].state = PL_WORKER_DONE;
  sample->stages[2].workers[0].state = PL_WORKER_PAUSED;
  sample->stages[2].workers[1].state = PL_WORKER_CANCELLED;
  sample->stages[2].workers[2].state = PL_WORKER_IDLE;
  pl_code_view_set_sample (view, sample);

  g_assert_cmpint (pl_code_view_get_mode (view), ==, PL_MODE_BUSY_WAIT);
  get = pl_code_view_get_mark_line (view, PL_CODE_MARK_GET);
  sleep = pl_code_view_get_mark_line (view, PL_CODE_MARK_SLEEP);
  work = pl_code_view_get_mark_line (view, PL_CODE_MARK_WORK);
  put = pl_code_view_get_mark_line (view, PL_CODE_MARK_PUT);
  task_done = pl_code_view_get_mark_line (view, PL_CODE_MARK_TASK_DONE);
  exit_line = pl_code_view_get_mark_line (view, PL_CODE_MARK_EXIT);

  g_assert_cmpuint (pl_code_view_get_worker_line (view, 0, 0), ==, sleep);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 0, 1), ==, get);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 0, 2), ==, work);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 1, 0), ==, put);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 1, 1), ==, task_done);
  /* A busy-waiting worker meets no marker: one that did is on no line. */
  g_assert_cmpuint (exit_line, ==, 0);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 1, 2), ==, 0);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 2, 0), ==, 0);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 2, 1), ==, 0);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 2, 2), ==, 0);
  /* No such stage or worker. */
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 3, 0), ==, 0);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 0, 3), ==, 0);

  /* A new sample moves the markers with the states. */
  g_clear_pointer (&sample, pl_sample_unref);
  sample = make_sample (PL_MODE_BUSY_WAIT, 3, 3);
  sample->stages[0].workers[0].state = PL_WORKER_WORKING;
  pl_code_view_set_sample (view, sample);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 0, 0), ==, work);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 2, 2), ==, get);

  pl_code_view_clear (view);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 0, 0), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&view));
}

/* The sample's mode picks the listing, so a live switch switches it. */
static void
test_code_view_mode_switch (void)
{
  g_autoptr(PlCodeView) view = NULL;
  g_autoptr(PlSample) blocking = NULL;
  g_autoptr(PlSample) busy = NULL;
  guint blocking_get, busy_get;

  if (pl_test_skip_without_display ())
    return;

  view = new_view ();

  blocking = make_sample (PL_MODE_BLOCKING, 1, 1);
  pl_code_view_set_sample (view, blocking);
  g_assert_cmpint (pl_code_view_get_mode (view), ==, PL_MODE_BLOCKING);
  g_assert_nonnull (strstr (pl_code_view_get_line_text (view, 1), "Blocking"));
  blocking_get = pl_code_view_get_mark_line (view, PL_CODE_MARK_GET);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 0, 0), ==, blocking_get);

  busy = make_sample (PL_MODE_BUSY_WAIT, 1, 1);
  busy->stages[0].workers[0].state = PL_WORKER_BACKOFF;
  pl_code_view_set_sample (view, busy);
  g_assert_cmpint (pl_code_view_get_mode (view), ==, PL_MODE_BUSY_WAIT);
  g_assert_nonnull (strstr (pl_code_view_get_line_text (view, 1), "Busy-wait"));
  busy_get = pl_code_view_get_mark_line (view, PL_CODE_MARK_GET);
  g_assert_cmpuint (busy_get, !=, blocking_get);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 0, 0), ==,
                    pl_code_view_get_mark_line (view, PL_CODE_MARK_SLEEP));

  /* A worker still napping after the switch to blocking is on its way to get. */
  busy->mode = PL_MODE_BLOCKING;
  pl_code_view_set_sample (view, busy);
  g_assert_cmpuint (pl_code_view_get_worker_line (view, 0, 0), ==, blocking_get);

  g_assert_finalize_object (g_steal_pointer (&view));
}

/* The text of line @line of the shown listing, "" for none. */
static const gchar *
line_text (PlCodeView *view,
           guint       line)
{
  const gchar *text = line > 0 ? pl_code_view_get_line_text (view, line) : NULL;

  return text != NULL ? text : "";
}

static gboolean
contains (const gchar *text,
          const gchar *part)
{
  return strstr (text, part) != NULL;
}

/* Whether @line is a line a thread in @state is really on, in the program
 * the listing shows: the kind of statement, and what leads to it. */
static gboolean
is_line_of_state (PlCodeView    *view,
                  PlMode         mode,
                  PlEnding       ending,
                  PlWorkerState  state,
                  gboolean       shut_down,
                  guint          line)
{
  const gchar *text = line_text (view, line);
  const gchar *before = line_text (view, line - 1);
  const gchar *two_before = line > 1 ? line_text (view, line - 2) : "";

  switch (state)
    {
    case PL_WORKER_WAITING_GET:
    case PL_WORKER_POLLING:
      return contains (text, "get()") && contains (text, "item =");
    case PL_WORKER_BACKOFF:
      if (mode == PL_MODE_BLOCKING)
        return contains (text, "get()") && contains (text, "item =");
      return contains (text, "sleep(BACKOFF)") && contains (before, "self.empty += 1");
    case PL_WORKER_WORKING:
      /* After a shutdown too: the item in hand is finished first. */
      return contains (text, "= self.work(item)");
    case PL_WORKER_WAITING_PUT:
      if (mode == PL_MODE_BLOCKING)
        return contains (text, "self.outbox.put(result)");
      return contains (text, "sleep(BACKOFF)") && contains (before, "try_put(result)");
    case PL_WORKER_TASK_DONE:
      return contains (text, mode == PL_MODE_BLOCKING ? "task_done()" : "self.done += 1");
    case PL_WORKER_DONE:
      if (shut_down)
        {
          g_autofree gchar *statement = g_strstrip (g_strdup (text));

          return g_str_equal (statement, "return") && contains (before, "except ShutDown");
        }
      /* Busy-waiting workers, and the join ending, send no marker: a
       * worker that met one anyway (the mode switched after the markers
       * went in) is on no line. */
      if (mode == PL_MODE_BUSY_WAIT || ending == PL_ENDING_JOIN)
        return line == 0;
      return contains (text, "return")
             && (contains (before, "is END") || contains (two_before, "is END"));
    case PL_WORKER_IDLE:
    case PL_WORKER_PAUSED:
    case PL_WORKER_CANCELLED:
    case PL_WORKER_N_STATES:
    default:
      return line == 0;
    }
}

/* Every lesson shows the program it runs, in either mode and after a
 * shutdown, and every thread's marker is on a line that program is really
 * on in that state. */
static void
test_code_view_every_lesson_every_state (void)
{
  const gchar *const *presets = pl_config_list_presets ();
  g_autoptr(GHashTable) own = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PlCodeView) view = NULL;

  if (pl_test_skip_without_display ())
    return;

  view = new_view ();
  for (guint i = 0; presets[i] != NULL; i++)
    for (guint flip = 0; flip <= 1; flip++)
      for (guint shut_down = 0; shut_down <= 1; shut_down++)
        {
          g_autoptr(PlSample) sample = NULL;
          g_autoptr(GString) listing = g_string_new (NULL);
          PlConfig config;
          PlMode mode;
          guint line;

          g_assert_true (pl_config_apply_lesson (&config, presets[i], NULL));
          mode = flip ? (config.mode == PL_MODE_BLOCKING ? PL_MODE_BUSY_WAIT : PL_MODE_BLOCKING)
                      : config.mode;
          g_test_message ("lesson %s, %s%s", presets[i], pl_mode_to_string (mode),
                          shut_down ? ", shut down" : "");

          pl_code_view_set_lesson (view, config.preset, config.ending);
          sample = make_sample (mode, 1, PL_WORKER_N_STATES);
          sample->shut_down = shut_down;
          for (guint state = 0; state < PL_WORKER_N_STATES; state++)
            sample->stages[0].workers[state].state = state;
          pl_code_view_set_sample (view, sample);
          g_assert_cmpint (pl_code_view_get_mode (view), ==, mode);

          for (guint l = 1; l <= pl_code_view_get_n_lines (view); l++)
            g_string_append_printf (listing, "%s\n", line_text (view, l));

          /* Each worker, one per state. */
          for (guint state = 0; state < PL_WORKER_N_STATES; state++)
            {
              line = pl_code_view_get_worker_line (view, 0, state);
              if (!is_line_of_state (view, mode, config.ending, state, shut_down, line))
                g_error ("%s, %s%s: a worker in state %u is on line %u, “%s”",
                         presets[i], pl_mode_to_string (mode), shut_down ? ", shut down" : "",
                         state, line, line_text (view, line));
            }
          /* A worker that left on its marker, where markers are sent. */
          line = pl_code_view_get_worker_line (view, 0, PL_WORKER_DONE);
          if (mode == PL_MODE_BLOCKING && !shut_down && config.ending == PL_ENDING_CLOSE)
            g_assert_cmpuint (line, >, 0);

          /* The lesson's own program, in its own mode. */
          if (!flip && !shut_down)
            {
              const gchar *title = pl_code_view_get_listing_title (view);

              g_assert_null (g_hash_table_lookup (own, title));
              g_hash_table_insert (own, (gpointer) title, (gpointer) presets[i]);
            }
          if (mode == PL_MODE_BUSY_WAIT)
            {
              g_assert_true (contains (listing->str, "deque()"));
              g_assert_true (contains (listing->str, "Lock()"));
              g_assert_false (contains (listing->str, "END"));
            }
          else if (shut_down)
            {
              g_assert_true (contains (listing->str, "shutdown(immediate=True)"));
              g_assert_true (contains (listing->str, "except ShutDown"));
            }
          else if (config.ending == PL_ENDING_JOIN)
            {
              /* No marker, so nothing that closes. */
              g_assert_false (contains (listing->str, "END"));
              g_assert_false (contains (listing->str, "close()"));
              g_assert_true (contains (listing->str, "task_done()"));
              g_assert_true (contains (listing->str, "queue.join()"));
            }
          else
            {
              g_assert_true (contains (listing->str, "is END"));
              /* Only the lesson about it shuts down before it happens. */
              g_assert_true (contains (listing->str, "shutdown(immediate=True)")
                             == g_str_equal (presets[i], "shutdown"));
            }
          if (g_str_equal (presets[i], "bounded") && !flip && !shut_down)
            g_assert_true (contains (listing->str, "Queue(1)"));

          /* The main thread while the line closes. */
          sample->state = PL_PIPELINE_CLOSING;
          sample->produced = 10;
          sample->processed = 5;
          pl_code_view_set_sample (view, sample);
          line = pl_code_view_get_main_line (view);
          if (shut_down)
            {
              if (mode == PL_MODE_BLOCKING)
                g_assert_true (contains (line_text (view, line), "worker.join()"));
              else
                g_assert_cmpuint (line, ==, 0);
            }
          else if (mode == PL_MODE_BUSY_WAIT && config.ending == PL_ENDING_JOIN)
            {
              /* The busy-wait listing has no join to point at. */
              g_assert_cmpuint (line, ==, 0);
            }
          else if (mode == PL_MODE_BUSY_WAIT)
            {
              /* Polling the done queue, then done with it. */
              g_assert_true (contains (line_text (view, line), "sleep(BACKOFF)"));
              g_assert_true (contains (line_text (view, line - 1), "len(done.items)"));
              sample->processed = 10;
              pl_code_view_set_sample (view, sample);
              g_assert_cmpuint (pl_code_view_get_main_line (view), ==, 0);
            }
          else if (config.ending == PL_ENDING_JOIN)
            {
              g_assert_true (contains (line_text (view, line), "queue.join()"));
              /* The one queue joined: the main thread is past its joins. */
              sample->queues[0].joined = TRUE;
              pl_code_view_set_sample (view, sample);
              g_assert_cmpuint (pl_code_view_get_main_line (view), ==, 0);
            }
          else
            {
              const gchar *text = line_text (view, line);

              g_assert_true (contains (text, "close()") || contains (text, "put(END)"));
              sample->queues[0].closed = TRUE;
              pl_code_view_set_sample (view, sample);
              g_assert_true (contains (line_text (view, pl_code_view_get_main_line (view)),
                                       "queue.join()"));
            }
        }

  /* Seven lessons, seven programs. */
  g_assert_cmpuint (g_hash_table_size (own), ==, g_strv_length ((gchar **) presets));

  g_assert_finalize_object (g_steal_pointer (&view));
}

/* While closing, the main thread closes the first open queue or joins it. */
static void
test_code_view_main_thread (void)
{
  g_autoptr(PlCodeView) view = NULL;
  g_autoptr(PlSample) sample = NULL;

  if (pl_test_skip_without_display ())
    return;

  view = new_view ();
  sample = make_sample (PL_MODE_BLOCKING, 2, 1);
  pl_code_view_set_sample (view, sample);
  g_assert_cmpuint (pl_code_view_get_main_line (view), ==, 0);

  sample->state = PL_PIPELINE_CLOSING;
  sample->queues[0].closed = TRUE;
  pl_code_view_set_sample (view, sample);
  g_assert_cmpuint (pl_code_view_get_main_line (view), ==,
                    pl_code_view_get_mark_line (view, PL_CODE_MARK_JOIN));

  sample->queues[0].joined = TRUE;
  pl_code_view_set_sample (view, sample);
  g_assert_cmpuint (pl_code_view_get_main_line (view), ==,
                    pl_code_view_get_mark_line (view, PL_CODE_MARK_CLOSE));

  sample->queues[1].closed = TRUE;
  sample->queues[1].joined = TRUE;
  pl_code_view_set_sample (view, sample);
  g_assert_cmpuint (pl_code_view_get_main_line (view), ==, 0);

  /* The busy-wait listing has no close sequence to point at. */
  sample->queues[1].joined = FALSE;
  sample->mode = PL_MODE_BUSY_WAIT;
  pl_code_view_set_sample (view, sample);
  g_assert_cmpuint (pl_code_view_get_main_line (view), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&view));
}

static gboolean
has_pixel (GdkTexture *texture,
           guint32     rgb)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         gdk_texture_get_width (texture),
                                                         gdk_texture_get_height (texture));
  guint count;

  /* GDK downloads in cairo's own format. */
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  count = pl_test_pixels_count (surface, 0, 0, gdk_texture_get_width (texture),
                                gdk_texture_get_height (texture), rgb);
  cairo_surface_destroy (surface);

  return count > 0;
}

static GdkTexture *
render (GtkWidget *window,
        GtkWidget *widget)
{
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  /* The widget's own drawing, not a frame it may not have had yet. */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  /* A renderer of its own that keeps nothing between pictures: the
   * window's GL renderer caches what it drew by the node's address, and a
   * new node at a freed one's address would come back as the old picture. */
  {
    g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
    g_autoptr(GError) error = NULL;
    GdkTexture *texture;

    g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
    g_assert_no_error (error);
    texture = gsk_renderer_render_texture (renderer, node, NULL);
    gsk_renderer_unrealize (renderer);

    return texture;
  }
}

/* Until the view has the height its listing asks for: a listing that
 * grew is drawn only once the window has given it room. */
static void
wait_for_room (GtkWidget *view)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;
  gint minimum = 0;

  for (;;)
    {
      gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, -1, &minimum, NULL, NULL, NULL);
      if (gtk_widget_get_mapped (view) && gtk_widget_get_width (view) > 0 &&
          gtk_widget_get_height (view) >= minimum)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for the code view to get %d px of height; it has %d",
                 minimum, gtk_widget_get_height (view));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The first stage's colour shows up in the picture once a worker of it is
 * on a line, and not before. */
static void
test_code_view_draws_markers (void)
{
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  GtkWidget *window;
  GtkWidget *view;

  if (pl_test_skip_without_display ())
    return;

  window = gtk_window_new ();
  view = pl_code_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 720);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_room (view);

  before = render (window, view);
  g_assert_false (has_pixel (before, PL_PALETTE_ORANGE));

  sample = make_sample (PL_MODE_BLOCKING, 1, 2);
  sample->stages[0].workers[1].state = PL_WORKER_WORKING;
  pl_code_view_set_sample (PL_CODE_VIEW (view), sample);
  wait_for_room (view);
  after = render (window, view);
  g_assert_true (has_pixel (after, PL_PALETTE_ORANGE));

  /* The most workers a line can have: the markers overflow into a count,
   * and the legend wraps, without a warning (they are fatal here). */
  {
    g_autoptr(PlSample) crowd = make_sample (PL_MODE_BUSY_WAIT, PL_MAX_STAGES, PL_MAX_WORKERS);
    g_autoptr(GdkTexture) crowded = NULL;

    for (guint s = 0; s < PL_MAX_STAGES; s++)
      for (guint w = 0; w < PL_MAX_WORKERS; w++)
        crowd->stages[s].workers[w].state = (s + w) % 2 ? PL_WORKER_BACKOFF : PL_WORKER_PAUSED;
    pl_code_view_set_sample (PL_CODE_VIEW (view), crowd);
    g_assert_cmpuint (pl_code_view_get_worker_line (PL_CODE_VIEW (view), PL_MAX_STAGES - 1, 0), ==,
                      pl_code_view_get_mark_line (PL_CODE_VIEW (view), PL_CODE_MARK_SLEEP));
    g_assert_cmpuint (pl_code_view_get_worker_line (PL_CODE_VIEW (view), PL_MAX_STAGES - 1, 1), ==, 0);
    crowded = render (window, view);
    g_assert_nonnull (crowded);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Where the view says the marked rows are is where it tints them, at
 * every width: the panel scrolls them into view by these numbers. */
static void
test_code_view_marked_rows_as_drawn (void)
{
  if (pl_test_skip_without_display ())
    return;

  for (gint width = 380; width <= 620; width += 16)
    {
      g_autoptr(PlSample) sample = make_sample (PL_MODE_BLOCKING, 1, 1);
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree guchar *data = NULL;
      GtkWidget *window = gtk_window_new ();
      GtkWidget *view = pl_code_view_new ();
      gdouble top, bottom;
      gint first = -1, last = -1, height, x;

      gtk_window_set_child (GTK_WINDOW (window), view);
      gtk_window_set_default_size (GTK_WINDOW (window), width, 760);
      gtk_window_present (GTK_WINDOW (window));
      sample->stages[0].workers[0].state = PL_WORKER_WORKING;
      pl_code_view_set_sample (PL_CODE_VIEW (view), sample);
      wait_for_room (view);

      g_assert_true (pl_code_view_get_marked_rows (PL_CODE_VIEW (view), &top, &bottom));
      texture = render (window, view);
      height = gdk_texture_get_height (texture);
      data = g_malloc ((gsize) gdk_texture_get_width (texture) * height * 4);
      gdk_texture_download (texture, data, gdk_texture_get_width (texture) * 4);
      /* Right of any text: only the tint of a marked row reaches there. */
      x = gdk_texture_get_width (texture) - 3;
      for (gint y = 0; y < height; y++)
        if (data[((gsize) y * gdk_texture_get_width (texture) + x) * 4 + 3] != 0)
          {
            if (first < 0)
              first = y;
            last = y;
          }

      g_assert_cmpint (first, >=, 0);
      if (fabs (first - top) > 1 || fabs (last + 1 - bottom) > 1)
        g_error ("At %d px wide, rows %.1f to %.1f are marked, but %d to %d are tinted",
                 gtk_widget_get_width (view), top, bottom, first, last + 1);

      gtk_window_destroy (GTK_WINDOW (window));
    }
}

int
main (int   argc,
      char *argv[])
{
  pl_test_init (&argc, &argv);

  g_test_add_func ("/pl/code-view/listings", test_code_view_listings);
  g_test_add_func ("/pl/code-view/every-state", test_code_view_every_state);
  g_test_add_func ("/pl/code-view/every-lesson-every-state", test_code_view_every_lesson_every_state);
  g_test_add_func ("/pl/code-view/worker-lines", test_code_view_worker_lines);
  g_test_add_func ("/pl/code-view/mode-switch", test_code_view_mode_switch);
  g_test_add_func ("/pl/code-view/main-thread", test_code_view_main_thread);
  g_test_add_func ("/pl/code-view/draws-markers", test_code_view_draws_markers);
  g_test_add_func ("/pl/code-view/marked-rows-as-drawn", test_code_view_marked_rows_as_drawn);

  return g_test_run ();
}
