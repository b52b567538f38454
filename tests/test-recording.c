/* test-recording.c: recordings in memory and in files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <malloc.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "pl-recording.h"

/* The sampler's rate while anything moves (pl-pipeline-sampler.c). */
#define SAMPLE_PERIOD_US 16667

typedef struct
{
  PlConfig  config;
  gchar    *folder;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  pl_config_init_default (&fixture->config);
  g_assert_true (pl_config_apply_preset (&fixture->config, "bounded", &error));
  g_assert_no_error (error);
  fixture->folder = g_dir_make_tmp ("pl-recording-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->folder, 0, NULL);
  const gchar *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree gchar *path = g_build_filename (fixture->folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->folder);
  g_free (fixture->folder);
}

/* A sample of @config at tick @tick of a line working at full speed:
 * every field takes a value that moves, as a real run's do. */
static PlSample *
make_sample (const PlConfig *config,
             guint64         tick)
{
  PlSample *sample = pl_sample_new ();

  sample->serial = tick;
  sample->time_us = G_GINT64_CONSTANT (86400000000) + (gint64) tick * SAMPLE_PERIOD_US;
  sample->elapsed_us = (gint64) tick * SAMPLE_PERIOD_US;
  sample->state = PL_PIPELINE_RUNNING;
  sample->mode = config->mode;
  sample->backoff_ms = config->backoff_ms;
  sample->work = config->work;
  sample->items = config->items;
  sample->produced = tick * 3;
  sample->processed = tick * 3 - 7 * (tick > 0);
  sample->coordinator_polls = tick / 2;
  sample->held = 7;
  sample->in_hand = 3;
  sample->ending = PL_RUN_RUNNING;
  sample->process_cpu_ns = (gint64) tick * 4000000;
  sample->producer_cpu_ns = (gint64) tick * 300000;
  sample->coordinator_cpu_ns = (gint64) tick * 200000;
  sample->sampler_cpu_ns = (gint64) tick * 100000;
  sample->pipeline_cpu_ns = (gint64) tick * 3500000;
  sample->rss_bytes = 24 * 1024 * 1024 + (tick % 97) * 4096;
  sample->held_bytes = 7 * 96;
  sample->n_stages = config->n_stages;
  sample->n_queues = config->n_stages + 1;
  for (guint s = 0; s < config->n_stages; s++)
    {
      PlStageSample *stage = &sample->stages[s];

      g_strlcpy (stage->name, config->stages[s].name, sizeof stage->name);
      stage->mean_ms = config->stages[s].mean_ms;
      stage->distribution = config->stages[s].distribution;
      stage->n_workers = config->stages[s].workers;
      for (guint w = 0; w < stage->n_workers; w++)
        {
          PlWorkerSample *worker = &stage->workers[w];

          worker->state = (tick + w) % 2 ? PL_WORKER_WORKING : PL_WORKER_WAITING_GET;
          worker->work_done = tick * 3 / stage->n_workers;
          worker->polls = tick * 5;
          worker->empty_polls = tick * 2;
          worker->cpu_ns = (gint64) tick * 1000003;
          worker->item = (tick + w) % 2 ? tick * 3 + w : G_MAXUINT64;
        }
      stage->work_done = tick * 3;
      stage->polls = tick * 5 * stage->n_workers;
      stage->empty_polls = tick * 2 * stage->n_workers;
      stage->cpu_ns = (gint64) tick * 1000003 * stage->n_workers;
      stage->service_us = (gint64) tick * 3 * 5000;
      stage->in_hand = 1;
    }
  for (guint q = 0; q < sample->n_queues; q++)
    {
      PlQueueSample *queue = &sample->queues[q];

      queue->stats.capacity = q < config->n_stages ? config->capacities[q] : 0;
      queue->stats.depth = (tick + q) % 5;
      queue->stats.max_depth = 5;
      queue->stats.unfinished = queue->stats.depth + 1;
      queue->stats.first_marker = -1;
      queue->stats.puts = tick * 3;
      queue->stats.gets = tick * 3 - queue->stats.depth * (tick > 5);
      queue->stats.put_waits = tick / 3;
      queue->stats.get_waits = tick / 4;
      queue->wait_us = (gint64) tick * 12345;
      queue->waited = tick * 3;
      queue->depth_area = tick * 0.0416675;
    }

  return sample;
}

static void
assert_same_sample (const PlSample *a,
                    const PlSample *b)
{
  /* Both come from pl_sample_new(), padding and unused slots included. */
  g_assert_cmpmem (a, sizeof *a, b, sizeof *b);
}

static PlEvent
make_event (PlEventKind kind,
            gint64      time_us,
            guint       queue)
{
  PlEvent event = { 0 };

  event.kind = kind;
  event.time_us = time_us;
  event.queue = queue;

  return event;
}

/* A short run: samples 0 … n_samples - 1 and two events among them. */
static PlRecording *
make_recording (const PlConfig *config,
                guint           n_samples)
{
  PlRecording *recording = pl_recording_new (config, PL_RECORDING_DEFAULT_MAX_BYTES);

  for (guint i = 0; i < n_samples; i++)
    {
      g_autoptr(PlSample) sample = make_sample (config, i);

      pl_recording_add_sample (recording, sample);
      if (i == n_samples / 2)
        {
          PlEvent event = make_event (PL_EVENT_QUEUE_CLOSED, sample->time_us, 1);

          pl_recording_add_event (recording, &event);
        }
    }
  {
    PlEvent done = make_event (PL_EVENT_ALL_DONE,
                               G_GINT64_CONSTANT (86400000000) + n_samples * SAMPLE_PERIOD_US, 0);

    pl_recording_add_event (recording, &done);
  }

  return recording;
}

static gchar *
save_recording (Fixture     *fixture,
                PlRecording *recording,
                const gchar *name)
{
  g_autoptr(GError) error = NULL;
  gchar *path = g_build_filename (fixture->folder, name, NULL);

  g_assert_true (pl_recording_save (recording, path, FALSE, &error));
  g_assert_no_error (error);

  return path;
}

static GBytes *
read_file (const gchar *path)
{
  g_autoptr(GError) error = NULL;
  gchar *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PlRecording) recording = make_recording (&fixture->config, 300);
  g_autoptr(PlRecording) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *path = save_recording (fixture, recording, "run.plrec");
  g_autofree gchar *scenario = NULL;
  g_autofree gchar *scenario_loaded = NULL;

  loaded = pl_recording_load_file (path, PL_RECORDING_DEFAULT_MAX_BYTES, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_false (pl_recording_get_truncated (loaded));
  g_assert_cmpstr (pl_recording_get_program_version (loaded), ==,
                   pl_recording_get_program_version (recording));
  g_assert_cmpuint (pl_recording_get_n_cores (loaded), ==, g_get_num_processors ());

  scenario = pl_config_to_data (pl_recording_get_config (recording), NULL);
  scenario_loaded = pl_config_to_data (pl_recording_get_config (loaded), NULL);
  g_assert_cmpstr (scenario, ==, scenario_loaded);

  g_assert_cmpuint (pl_recording_get_n_samples (loaded), ==, 300);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(PlSample) expected = make_sample (&fixture->config, i);
      g_autoptr(PlSample) got = pl_recording_get_sample (loaded, i);

      assert_same_sample (expected, got);
    }

  g_assert_cmpuint (pl_recording_get_n_events (loaded), ==, 2);
  g_assert_cmpint (pl_recording_get_event (loaded, 0)->kind, ==, PL_EVENT_QUEUE_CLOSED);
  g_assert_cmpuint (pl_recording_get_event (loaded, 0)->queue, ==, 1);
  g_assert_cmpint (pl_recording_get_event (loaded, 1)->kind, ==, PL_EVENT_ALL_DONE);

  /* Seeking: the last sample at or before a time. */
  g_assert_cmpint (pl_recording_find_sample (loaded, 0), ==, 0);
  g_assert_cmpint (pl_recording_find_sample (loaded, 10 * SAMPLE_PERIOD_US + 5), ==, 10);
  g_assert_cmpint (pl_recording_find_sample (loaded, G_MAXINT64), ==, 299);
  g_assert_cmpint (pl_recording_get_duration_us (loaded), ==, 299 * SAMPLE_PERIOD_US);
}

static void
test_never_overwrites (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PlRecording) first = make_recording (&fixture->config, 10);
  g_autoptr(PlRecording) second = make_recording (&fixture->config, 20);
  g_autoptr(PlRecording) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *path = save_recording (fixture, first, "kept.plrec");
  g_autoptr(GBytes) before = read_file (path);
  g_autoptr(GBytes) after = NULL;

  g_assert_false (pl_recording_save (second, path, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_nonnull (strstr (error->message, "kept.plrec"));
  g_clear_error (&error);

  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));

  /* Asked: replaced. */
  g_assert_true (pl_recording_save (second, path, TRUE, &error));
  g_assert_no_error (error);
  loaded = pl_recording_load_file (path, PL_RECORDING_DEFAULT_MAX_BYTES, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pl_recording_get_n_samples (loaded), ==, 20);
}

static void
assert_refused (GBytes      *bytes,
                gint         code,
                const gchar *says)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlRecording) loaded = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  loaded = pl_recording_load_data (data, length, "bad.plrec", PL_RECORDING_DEFAULT_MAX_BYTES, &error);
  g_assert_null (loaded);
  g_assert_error (error, PL_RECORDING_ERROR, code);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_nonnull (strstr (error->message, "bad.plrec"));
  if (says != NULL && strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

static GBytes *
changed_copy (GBytes *bytes,
              gsize   offset,
              guint8  value)
{
  gsize length = 0;
  guint8 *data = g_memdup2 (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));

  g_assert_cmpuint (offset, <, length);
  data[offset] = value;

  return g_bytes_new_take (data, length);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PlRecording) recording = make_recording (&fixture->config, 200);
  g_autofree gchar *path = save_recording (fixture, recording, "good.plrec");
  g_autoptr(GBytes) good = read_file (path);
  gsize length = g_bytes_get_size (good);
  const guint8 *bytes = g_bytes_get_data (good, NULL);
  static const gchar garbage[] = "[pipeline]\nmode=blocking\nthis is a scenario, not a recording\n";

  /* Garbage, an empty file, and a recording with another magic number. */
  {
    g_autoptr(GBytes) text = g_bytes_new_static (garbage, sizeof garbage - 1);
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    g_autoptr(GBytes) magic = changed_copy (good, 1, 'Q');

    assert_refused (text, PL_RECORDING_ERROR_NOT_RECORDING, "not a Pipeline Lab recording");
    assert_refused (empty, PL_RECORDING_ERROR_NOT_RECORDING, "not a Pipeline Lab recording");
    assert_refused (magic, PL_RECORDING_ERROR_NOT_RECORDING, "not a Pipeline Lab recording");
  }

  /* A newer format: refused before its body is even read. */
  {
    g_autoptr(GBytes) newer = changed_copy (good, 8, PL_RECORDING_VERSION + 1);
    g_autoptr(GBytes) much_newer = changed_copy (good, 11, 1);

    assert_refused (newer, PL_RECORDING_ERROR_NEWER_VERSION, "newer");
    assert_refused (much_newer, PL_RECORDING_ERROR_NEWER_VERSION, "newer");
  }

  /* Damaged compressed data: in the zlib header, in the middle of the
   * stream, and in its checksum. */
  {
    g_autoptr(GBytes) header = changed_copy (good, 12, 0xff);
    g_autoptr(GBytes) middle = changed_copy (good, length / 2, bytes[length / 2] ^ 0x5a);
    g_autoptr(GBytes) checksum = changed_copy (good, length - 1, bytes[length - 1] ^ 0x01);

    assert_refused (header, PL_RECORDING_ERROR_CORRUPT, "damaged");
    assert_refused (middle, PL_RECORDING_ERROR_CORRUPT, "damaged");
    assert_refused (checksum, PL_RECORDING_ERROR_CORRUPT, "damaged");
  }

  /* Data after the end. */
  {
    g_autoptr(GByteArray) longer = g_byte_array_new ();
    g_autoptr(GBytes) trailing = NULL;

    g_byte_array_append (longer, bytes, length);
    g_byte_array_append (longer, (const guint8 *) "more", 4);
    trailing = g_byte_array_free_to_bytes (g_steal_pointer (&longer));
    assert_refused (trailing, PL_RECORDING_ERROR_CORRUPT, "damaged");
  }

  /* Cut before the header: nothing to play. */
  {
    g_autoptr(GBytes) magic_only = g_bytes_new_from_bytes (good, 0, 5);
    g_autoptr(GBytes) prefix_only = g_bytes_new_from_bytes (good, 0, 12);
    g_autoptr(GBytes) header_cut = g_bytes_new_from_bytes (good, 0, 20);

    assert_refused (magic_only, PL_RECORDING_ERROR_CORRUPT, "header");
    assert_refused (prefix_only, PL_RECORDING_ERROR_CORRUPT, "header");
    assert_refused (header_cut, PL_RECORDING_ERROR_CORRUPT, "header");
  }
}

/* A file cut short plays up to where it ends, and says so. */
static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PlRecording) recording = make_recording (&fixture->config, 600);
  g_autofree gchar *path = save_recording (fixture, recording, "whole.plrec");
  g_autoptr(GBytes) whole = read_file (path);
  gsize length = g_bytes_get_size (whole);
  guint previous = 0;

  for (guint part = 1; part <= 4; part++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlRecording) loaded = NULL;
      gsize cut = length * part / 5;
      g_autoptr(GBytes) bytes = g_bytes_new_from_bytes (whole, 0, cut);
      guint n_samples;

      loaded = pl_recording_load_data (g_bytes_get_data (bytes, NULL), cut, "cut.plrec",
                                       PL_RECORDING_DEFAULT_MAX_BYTES, &error);
      g_assert_no_error (error);
      g_assert_nonnull (loaded);
      g_assert_true (pl_recording_get_truncated (loaded));

      /* Later cuts keep more, and every sample kept is whole and right. */
      n_samples = pl_recording_get_n_samples (loaded);
      g_assert_cmpuint (n_samples, >, previous);
      g_assert_cmpuint (n_samples, <, 600);
      previous = n_samples;
      for (guint i = 0; i < n_samples; i++)
        {
          g_autoptr(PlSample) expected = make_sample (&fixture->config, i);
          g_autoptr(PlSample) got = pl_recording_get_sample (loaded, i);

          assert_same_sample (expected, got);
        }
      g_assert_cmpint (pl_recording_get_duration_us (loaded), ==,
                       (gint64) (n_samples - 1) * SAMPLE_PERIOD_US);
    }

  /* A writer that stopped without its end record, as a crash leaves it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlRecording) loaded = NULL;
    g_autofree gchar *unfinished = g_build_filename (fixture->folder, "crash.plrec", NULL);
    PlRecordingWriter *writer = pl_recording_writer_new (unfinished, &fixture->config, FALSE, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < 5; i++)
      {
        g_autoptr(PlSample) sample = make_sample (&fixture->config, i);

        g_assert_true (pl_recording_writer_add_sample (writer, sample, &error));
      }
    pl_recording_writer_free (writer);

    loaded = pl_recording_load_file (unfinished, PL_RECORDING_DEFAULT_MAX_BYTES, &error);
    g_assert_no_error (error);
    g_assert_true (pl_recording_get_truncated (loaded));
    g_assert_cmpuint (pl_recording_get_n_samples (loaded), ==, 5);
  }
}

static gsize
heap_in_use (void)
{
#ifdef __GLIBC__
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
#else
  return 0;
#endif
}

/*
 * Thirty minutes of a line that never rests, at the sampler's full rate,
 * fed straight in (no real time passes): the recording must stay within
 * its bound, measured by its own count and by the allocator's, keep every
 * event, and still span the whole run.
 */
static void
test_memory_bound (Fixture       *fixture,
                   gconstpointer  data)
{
  const guint64 n_ticks = 30 * 60 * G_USEC_PER_SEC / SAMPLE_PERIOD_US;
  const gsize bound = PL_RECORDING_DEFAULT_MAX_BYTES;
  g_autoptr(PlRecording) recording = NULL;
  gsize heap_before, heap_peak = 0;
  guint n_events = 0;
  gsize first_bytes = 0;

  /* Four workers a stage: a fuller sample than the lesson's. */
  for (guint s = 0; s < fixture->config.n_stages; s++)
    fixture->config.stages[s].workers = 4;

  heap_before = heap_in_use ();
  recording = pl_recording_new (&fixture->config, bound);
  for (guint64 tick = 0; tick < n_ticks; tick++)
    {
      g_autoptr(PlSample) sample = make_sample (&fixture->config, tick);

      pl_recording_add_sample (recording, sample);
      if (tick == 1000)
        first_bytes = pl_recording_get_bytes (recording);
      /* An event every 10 s: a teacher flipping the mode. */
      if (tick % 600 == 0)
        {
          PlEvent event = make_event (PL_EVENT_MODE_CHANGED, sample->time_us, 0);

          pl_recording_add_event (recording, &event);
          n_events++;
        }
      heap_peak = MAX (heap_peak, heap_in_use ());
    }
  heap_peak = MAX (heap_peak, heap_in_use ());

  g_test_message ("%" G_GUINT64_FORMAT " samples; %.1f bytes a sample in memory before thinning; "
                  "peak %" G_GSIZE_FORMAT " bytes counted (bound %" G_GSIZE_FORMAT "), "
                  "heap growth at peak %" G_GSIZE_FORMAT " bytes; %u thinnings; %u samples kept",
                  n_ticks, (gdouble) first_bytes / 1001, pl_recording_get_peak_bytes (recording),
                  bound, heap_peak - heap_before, pl_recording_get_n_thinnings (recording),
                  pl_recording_get_n_samples (recording));

  g_assert_cmpuint (pl_recording_get_peak_bytes (recording), <=, bound);
  g_assert_cmpuint (pl_recording_get_bytes (recording), <=, bound);
#ifdef __GLIBC__
  g_assert_cmpuint (heap_peak - heap_before, <=, bound);
#endif
  /* The bound was met by thinning, not by a run that happened to fit. */
  g_assert_cmpuint (pl_recording_get_n_thinnings (recording), >=, 1);
  g_assert_cmpuint (pl_recording_get_n_samples (recording), <, n_ticks);

  g_assert_cmpuint (pl_recording_get_n_events (recording), ==, n_events);
  g_assert_cmpint (pl_recording_get_sample_elapsed (recording, 0), ==, 0);
  g_assert_cmpint (pl_recording_get_duration_us (recording), ==,
                   (gint64) (n_ticks - 1) * SAMPLE_PERIOD_US);

  /* The recent past is kept at the full rate. */
  {
    guint n = pl_recording_get_n_samples (recording);

    g_assert_cmpint (pl_recording_get_sample_elapsed (recording, n - 1)
                     - pl_recording_get_sample_elapsed (recording, n - 2), ==, SAMPLE_PERIOD_US);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/pl/recording/round-trip", test_round_trip);
  ADD ("/pl/recording/never-overwrites", test_never_overwrites);
  ADD ("/pl/recording/refused", test_refused);
  ADD ("/pl/recording/truncated-plays-to-its-end", test_truncated);
  ADD ("/pl/recording/memory-bound-30-minutes", test_memory_bound);

#undef ADD

  return g_test_run ();
}
