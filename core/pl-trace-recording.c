/* pl-trace-recording.c: a recorded run written as a trace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording holds samples, not state changes: what each worker was doing
 * at each sample. Its spans therefore start and end at sample times, and a
 * state that came and went between two samples is not in them. The file
 * says so, in its process name and its "otherData". What the samples count
 * exactly (each stage's work done, the items produced and processed, the
 * queues' depths as sampled) is written as counters, and every event as an
 * instant at its own time.
 */

#include "config.h"

#include "pl-trace-private.h"

#include "pl-recording.h"

/* The text goes to the file in pieces about this big. */
#define FLUSH_BYTES (256 * 1024)

enum {
  PRODUCER_TID = 1,
  COORDINATOR_TID,
  FIRST_WORKER_TID,
};

typedef struct
{
  gint   tid;           /* 0 until the worker is first seen */
  gint   state;         /* the open span's state, -1 for none */
  gint64 since_us;
} WorkerTrack;

typedef struct
{
  GOutputStream *stream;
  GString       *out;
  gboolean       first;
  GError        *error;
  WorkerTrack    workers[PL_MAX_STAGES][PL_MAX_WORKERS];
  gint           next_tid;
  guint64        work_done[PL_MAX_STAGES];
  guint          depth[PL_MAX_QUEUES];
  guint          unfinished[PL_MAX_QUEUES];
  guint64        produced;
  guint64        processed;
} Writer;

static void
flush (Writer   *writer,
       gboolean  always)
{
  if (writer->out->len == 0 || (!always && writer->out->len < FLUSH_BYTES))
    return;

  if (writer->error == NULL)
    g_output_stream_write_all (writer->stream, writer->out->str, writer->out->len,
                               NULL, NULL, &writer->error);
  g_string_truncate (writer->out, 0);
}

static void
close_span (Writer      *writer,
            WorkerTrack *track,
            gint64       end_us)
{
  const gchar *name;

  if (track->state < 0)
    return;

  name = _pl_trace_span_name (PL_TRACE_TRACK_WORKER, track->state);
  track->state = -1;
  if (name == NULL)
    return;

  _pl_trace_begin_event (writer->out, &writer->first, "X", track->tid, name);
  g_string_append_printf (writer->out,
                          ",\"cat\":\"state\",\"ts\":%" G_GINT64_FORMAT ",\"dur\":%" G_GINT64_FORMAT "}",
                          track->since_us, MAX (end_us - track->since_us, 0));
}

static void
write_counter (Writer      *writer,
               const gchar *name,
               const gchar *category,
               gint64       ts_us,
               const gchar *args)
{
  _pl_trace_begin_event (writer->out, &writer->first, "C", 0, name);
  g_string_append_printf (writer->out, ",\"cat\":\"%s\",\"ts\":%" G_GINT64_FORMAT ",\"args\":{%s}}",
                          category, ts_us, args);
}

/* One sample: the spans of the workers whose state changed since the one
 * before, and the counters that changed. */
static void
write_sample (Writer         *writer,
              const PlConfig *config,
              const PlSample *sample,
              gint64          at_us,
              gboolean        first_sample)
{
  for (guint s = 0; s < MIN (sample->n_stages, PL_MAX_STAGES); s++)
    {
      const PlStageSample *stage = &sample->stages[s];

      for (guint w = 0; w < PL_MAX_WORKERS; w++)
        {
          WorkerTrack *track = &writer->workers[s][w];
          gint state = w < stage->n_workers ? (gint) stage->workers[w].state : -1;

          if (state == track->state)
            continue;
          close_span (writer, track, at_us);
          if (state < 0)
            continue;
          if (track->tid == 0)
            track->tid = writer->next_tid++;
          track->state = state;
          track->since_us = at_us;
        }

      if (first_sample || stage->work_done != writer->work_done[s])
        {
          g_autofree gchar *name = g_strdup_printf ("work done: %s", config->stages[s].name);
          g_autofree gchar *args = g_strdup_printf ("\"items\":%" G_GUINT64_FORMAT, stage->work_done);

          writer->work_done[s] = stage->work_done;
          write_counter (writer, name, "stage", at_us, args);
        }
    }

  for (guint q = 0; q < MIN (sample->n_queues, PL_MAX_QUEUES); q++)
    {
      const PlQueueStats *stats = &sample->queues[q].stats;
      g_autofree gchar *name = NULL;
      g_autofree gchar *args = NULL;

      if (!first_sample && stats->depth == writer->depth[q]
          && stats->unfinished == writer->unfinished[q])
        continue;

      writer->depth[q] = stats->depth;
      writer->unfinished[q] = stats->unfinished;
      name = _pl_trace_queue_name (config, q);
      args = g_strdup_printf ("\"depth\":%u,\"unfinished\":%u", stats->depth, stats->unfinished);
      write_counter (writer, name, "queue", at_us, args);
    }

  if (first_sample || sample->produced != writer->produced || sample->processed != writer->processed)
    {
      g_autofree gchar *args = g_strdup_printf ("\"produced\":%" G_GUINT64_FORMAT ",\"processed\":%" G_GUINT64_FORMAT,
                                                sample->produced, sample->processed);

      writer->produced = sample->produced;
      writer->processed = sample->processed;
      write_counter (writer, "items", "line", at_us, args);
    }
  flush (writer, FALSE);
}

static gint
compare_i64 (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The typical gap between samples, in ms: the median, since a line at
 * rest is sampled more slowly and a long recording is thinned. */
static gdouble
median_interval_ms (PlRecording *recording)
{
  guint n = pl_recording_get_n_samples (recording);
  g_autoptr(GArray) gaps = NULL;

  if (n < 2)
    return 0.0;

  gaps = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n - 1);
  for (guint i = 1; i < n; i++)
    {
      gint64 gap = pl_recording_get_sample_elapsed (recording, i)
                   - pl_recording_get_sample_elapsed (recording, i - 1);

      g_array_append_val (gaps, gap);
    }
  g_array_sort (gaps, compare_i64);

  return g_array_index (gaps, gint64, gaps->len / 2) / 1000.0;
}

static void
write_tracks (Writer         *writer,
              const PlConfig *config,
              gdouble         interval_ms)
{
  g_autofree gchar *process = NULL;
  gchar number[G_ASCII_DTOSTR_BUF_SIZE];

  /* The first thing the viewer shows of the file: how coarse it is. */
  process = g_strdup_printf ("Pipeline Lab (replayed from samples about every %s ms)",
                             g_ascii_formatd (number, sizeof number, "%.1f", interval_ms));
  _pl_trace_begin_event (writer->out, &writer->first, "M", 0, "process_name");
  g_string_append (writer->out, ",\"args\":{\"name\":");
  _pl_trace_append_string (writer->out, process);
  g_string_append (writer->out, "}}");

  _pl_trace_append_thread (writer->out, &writer->first, PRODUCER_TID, "producer", 0);
  for (guint s = 0; s < config->n_stages; s++)
    for (guint w = 0; w < PL_MAX_WORKERS; w++)
      {
        const WorkerTrack *track = &writer->workers[s][w];
        g_autofree gchar *name = NULL;

        if (track->tid == 0)
          continue;
        name = g_strdup_printf ("%s/worker %u", config->stages[s].name, w + 1);
        _pl_trace_append_thread (writer->out, &writer->first, track->tid, name,
                                 (gint) (1 + s * PL_MAX_WORKERS + w));
      }
  _pl_trace_append_thread (writer->out, &writer->first, COORDINATOR_TID, "coordinator", G_MAXINT16);
}

static void
write_other_data (Writer      *writer,
                  PlRecording *recording,
                  gdouble      interval_ms)
{
  const gchar *version = pl_recording_get_program_version (recording);
  gchar number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (writer->out, "\n],\"otherData\":{\"source\":\"recording\"");
  g_string_append_printf (writer->out, ",\"samples\":%u", pl_recording_get_n_samples (recording));
  /* printf's %f would follow the locale; JSON needs a point. */
  g_string_append_printf (writer->out, ",\"sample_interval_ms\":%s",
                          g_ascii_formatd (number, sizeof number, "%.3f", interval_ms));
  g_string_append (writer->out, ",\"spans\":\"worker states as sampled, not every change\"");
  g_string_append_printf (writer->out, ",\"truncated\":%s",
                          pl_recording_get_truncated (recording) ? "true" : "false");
  g_string_append (writer->out, ",\"program_version\":");
  _pl_trace_append_string (writer->out, version != NULL ? version : "");
  g_string_append (writer->out, "}}\n");
}

gboolean
pl_trace_write_recording (PlRecording  *recording,
                          const gchar  *path,
                          GError      **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  const PlConfig *config;
  Writer writer = { 0 };
  guint n_samples, n_events;
  gint64 origin_us = 0, end_us = 0;
  gdouble interval_ms;

  g_return_val_if_fail (PL_IS_RECORDING (recording), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);
  /* G_IO_ERROR_EXISTS rather than writing over anything. */
  stream = g_file_create (file, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;

  config = pl_recording_get_config (recording);
  n_samples = pl_recording_get_n_samples (recording);
  n_events = pl_recording_get_n_events (recording);
  interval_ms = median_interval_ms (recording);

  writer.stream = G_OUTPUT_STREAM (stream);
  writer.out = g_string_sized_new (FLUSH_BYTES + 4096);
  writer.first = TRUE;
  writer.next_tid = FIRST_WORKER_TID;
  for (guint s = 0; s < PL_MAX_STAGES; s++)
    for (guint w = 0; w < PL_MAX_WORKERS; w++)
      writer.workers[s][w].state = -1;

  g_string_append (writer.out, "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[");

  for (guint i = 0; i < n_samples && writer.error == NULL; i++)
    {
      g_autoptr(PlSample) sample = pl_recording_get_sample (recording, i);
      gint64 at_us = pl_recording_get_sample_elapsed (recording, i);

      /* Events carry the run's own clock; samples both it and elapsed. */
      if (i == 0)
        origin_us = sample->time_us - sample->elapsed_us;
      write_sample (&writer, config, sample, at_us, i == 0);
      end_us = at_us;
    }

  for (guint s = 0; s < PL_MAX_STAGES; s++)
    for (guint w = 0; w < PL_MAX_WORKERS; w++)
      close_span (&writer, &writer.workers[s][w], end_us);

  for (guint i = 0; i < n_events; i++)
    {
      const PlEvent *event = pl_recording_get_event (recording, i);
      gboolean fed = event->kind == PL_EVENT_INPUT_FED || event->kind == PL_EVENT_HELD_CAP;

      _pl_trace_append_event (writer.out, &writer.first, event,
                              fed ? PRODUCER_TID : COORDINATOR_TID,
                              MAX (event->time_us - origin_us, 0));
      flush (&writer, FALSE);
    }

  write_tracks (&writer, config, interval_ms);
  write_other_data (&writer, recording, interval_ms);
  flush (&writer, TRUE);
  g_string_free (writer.out, TRUE);

  if (writer.error == NULL)
    g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &writer.error);
  if (writer.error != NULL)
    {
      /* A trace cut off in the middle would not even parse. */
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      g_file_delete (file, NULL, NULL);
      g_propagate_error (error, writer.error);
      return FALSE;
    }

  return TRUE;
}
