/* pl-trace.c: a run written as Chrome's trace-event JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is streamed: spans are written as their records come in, a
 * chunk at a time, and nothing but the open span of each track and the few
 * pipeline events is kept until the end. Events need not be in time order
 * in the format, so each track's chunks are written as they fill.
 */

#include "config.h"

#include "pl-trace-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

/* Records per chunk: 24 bytes each, so about 100 KB a chunk. */
#define CHUNK_RECORDS 4096

/* The writer hands its text to the file in pieces about this big. */
#define FLUSH_BYTES (256 * 1024)

/* Threads of the file's one process, numbered from here. */
#define FIRST_TID 1

typedef enum {
  RECORD_STATE,
  RECORD_MARK,
  RECORD_CUT,          /* the limit was reached: nothing after this */
} RecordKind;

typedef struct
{
  gint64  time_us;
  guint32 kind;        /* RecordKind */
  gint32  code;        /* the state, or the PlTraceMark */
  guint64 value;
} Record;

typedef struct
{
  PlTraceTrack *track;
  guint         n_records;
  Record        records[CHUNK_RECORDS];
} Chunk;

struct _PlTraceTrack
{
  PlTracer         *tracer;
  PlTraceTrackKind  kind;
  gint              tid;
  gchar            *name;

  /* The thread that owns the track. */
  gint              last_state;
  gboolean          cut;
  Chunk            *chunk;

  /* The writer: the span still open. */
  gboolean          open;
  gint              open_state;
  gint64            open_since_us;
  gboolean          closed_for_good;
};

typedef struct
{
  PlQueue *queue;
  gchar   *name;
  gboolean written;
  guint    depth;
  guint    unfinished;
} Counter;

struct _PlTracer
{
  gchar        *path;
  FILE         *file;
  gint64        origin_us;
  gint64        limit_us;
  gint          cut;

  GMutex        lock;          /* tracks, events, next_tid */
  GPtrArray    *tracks;
  GArray       *events;        /* PlEvent */
  gint          next_tid;

  GArray       *counters;      /* Counter, fixed once started */
  GAsyncQueue  *chunks;
  GThread      *writer;
  gboolean      writer_started;

  /* Owned by the writer thread while it runs, then by pl_tracer_finish. */
  GString      *out;
  gboolean      first_event;
  gint          write_errno;
};

/* Tells the writer that no chunk follows. */
static Chunk stop_chunk;

const gchar *
_pl_trace_span_name (PlTraceTrackKind kind,
                     gint             state)
{
  if (kind == PL_TRACE_TRACK_COORDINATOR)
    {
      switch ((PlTraceCoordinatorState) state)
        {
        case PL_TRACE_COORDINATOR_WAITING: return "waiting for the close";
        case PL_TRACE_COORDINATOR_CLOSING: return "closing";
        case PL_TRACE_COORDINATOR_JOINING: return "joining";
        case PL_TRACE_COORDINATOR_POLLING: return "polling the done queue";
        case PL_TRACE_COORDINATOR_CANCELLING: return "cancelling workers";
        case PL_TRACE_COORDINATOR_ENDED:
        default: return NULL;
        }
    }

  switch ((PlWorkerState) state)
    {
    case PL_WORKER_WAITING_GET:
      return kind == PL_TRACE_TRACK_PRODUCER ? "waiting for more items" : "waiting to get";
    case PL_WORKER_POLLING: return "polling";
    case PL_WORKER_WORKING:
      return kind == PL_TRACE_TRACK_PRODUCER ? "feeding" : "working";
    case PL_WORKER_WAITING_PUT: return "waiting to put";
    case PL_WORKER_BACKOFF: return "backoff";
    case PL_WORKER_PAUSED: return "paused";
    /* A worker is in these for an instant, or has left. */
    case PL_WORKER_IDLE:
    case PL_WORKER_TASK_DONE:
    case PL_WORKER_DONE:
    case PL_WORKER_CANCELLED:
    case PL_WORKER_N_STATES:
    default:
      return NULL;
    }
}

static const gchar *
mark_name (PlTraceMark mark)
{
  switch (mark)
    {
    case PL_TRACE_MARK_MARKER_MET: return "marker met";
    case PL_TRACE_MARK_REFUSED: return "refused by shutdown";
    case PL_TRACE_MARK_ITEM_LEFT: return "left an item unfinished";
    default: return "mark";
    }
}

void
_pl_trace_append_string (GString     *out,
                         const gchar *text)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
flush_out (PlTracer *self,
           gboolean  always)
{
  if (self->out->len == 0 || (!always && self->out->len < FLUSH_BYTES))
    return;

  if (self->write_errno == 0
      && fwrite (self->out->str, 1, self->out->len, self->file) != self->out->len)
    self->write_errno = errno != 0 ? errno : EIO;
  g_string_truncate (self->out, 0);
}

void
_pl_trace_begin_event (GString     *out,
                       gboolean    *first,
                       const gchar *phase,
                       gint         tid,
                       const gchar *name)
{
  g_string_append (out, *first ? "\n" : ",\n");
  *first = FALSE;
  g_string_append_printf (out, "{\"ph\":\"%s\",\"pid\":1,\"tid\":%d,\"name\":", phase, tid);
  _pl_trace_append_string (out, name);
}

static void
begin_event (PlTracer    *self,
             const gchar *phase,
             gint         tid,
             const gchar *name)
{
  _pl_trace_begin_event (self->out, &self->first_event, phase, tid, name);
}

static inline gint64
relative_us (PlTracer *self,
             gint64    time_us)
{
  return MAX (time_us - self->origin_us, 0);
}

static void
write_span (PlTracer     *self,
            PlTraceTrack *track,
            gint64        end_us)
{
  const gchar *name;

  if (!track->open)
    return;
  track->open = FALSE;

  name = _pl_trace_span_name (track->kind, track->open_state);
  if (name == NULL)
    return;

  begin_event (self, "X", track->tid, name);
  g_string_append_printf (self->out,
                          ",\"cat\":\"state\",\"ts\":%" G_GINT64_FORMAT ",\"dur\":%" G_GINT64_FORMAT "}",
                          relative_us (self, track->open_since_us),
                          MAX (end_us - track->open_since_us, 0));
}

static void
write_mark (PlTracer     *self,
            PlTraceTrack *track,
            const Record *record)
{
  begin_event (self, "i", track->tid, mark_name (record->code));
  g_string_append_printf (self->out, ",\"cat\":\"mark\",\"s\":\"t\",\"ts\":%" G_GINT64_FORMAT,
                          relative_us (self, record->time_us));
  if (record->code == PL_TRACE_MARK_MARKER_MET)
    g_string_append_printf (self->out, ",\"args\":{\"queue\":%" G_GUINT64_FORMAT "}", record->value);
  else if (record->value != G_MAXUINT64)
    g_string_append_printf (self->out, ",\"args\":{\"item\":%" G_GUINT64_FORMAT "}", record->value);
  g_string_append_c (self->out, '}');
}

static void
write_chunk (PlTracer *self,
             Chunk    *chunk)
{
  PlTraceTrack *track = chunk->track;

  for (guint i = 0; i < chunk->n_records; i++)
    {
      const Record *record = &chunk->records[i];

      if (track->closed_for_good)
        break;

      switch ((RecordKind) record->kind)
        {
        case RECORD_STATE:
          write_span (self, track, record->time_us);
          track->open = TRUE;
          track->open_state = record->code;
          track->open_since_us = record->time_us;
          break;

        case RECORD_MARK:
          write_mark (self, track, record);
          break;

        case RECORD_CUT:
        default:
          write_span (self, track, record->time_us);
          track->closed_for_good = TRUE;
          break;
        }
    }
  flush_out (self, FALSE);
}

static void
sample_counters (PlTracer *self,
                 gint64    now_us)
{
  for (guint i = 0; i < self->counters->len; i++)
    {
      Counter *counter = &g_array_index (self->counters, Counter, i);
      PlQueueStats stats;

      pl_queue_get_stats (counter->queue, &stats);
      if (counter->written && stats.depth == counter->depth
          && stats.unfinished == counter->unfinished)
        continue;

      counter->written = TRUE;
      counter->depth = stats.depth;
      counter->unfinished = stats.unfinished;
      begin_event (self, "C", 0, counter->name);
      g_string_append_printf (self->out,
                              ",\"cat\":\"queue\",\"ts\":%" G_GINT64_FORMAT
                              ",\"args\":{\"depth\":%u,\"unfinished\":%u}}",
                              relative_us (self, now_us), stats.depth, stats.unfinished);
    }
}

static inline gboolean
past_limit (PlTracer *self,
            gint64    time_us)
{
  return self->limit_us > 0 && time_us - self->origin_us > self->limit_us;
}

static gpointer
writer_thread (gpointer data)
{
  PlTracer *self = data;
  gint64 next_sample_us = 0;

  for (;;)
    {
      Chunk *chunk = g_async_queue_timeout_pop (self->chunks, PL_TRACE_COUNTER_US);
      gint64 now_us;

      if (chunk == &stop_chunk)
        break;
      if (chunk != NULL)
        {
          write_chunk (self, chunk);
          g_free (chunk);
        }

      now_us = g_get_monotonic_time ();
      if (now_us >= next_sample_us && !past_limit (self, now_us))
        {
          sample_counters (self, now_us);
          next_sample_us = now_us + PL_TRACE_COUNTER_US;
        }
    }

  return NULL;
}

PlTracer *
pl_tracer_new (const gchar  *path,
               GError      **error)
{
  PlTracer *self;
  gint fd;
  FILE *file;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* O_EXCL: a file that appears between a check and the open is still
   * never written over. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           g_strerror (saved));
      return NULL;
    }
  file = fdopen (fd, "w");
  if (file == NULL)
    {
      int saved = errno;

      close (fd);
      g_unlink (path);
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           g_strerror (saved));
      return NULL;
    }

  self = g_new0 (PlTracer, 1);
  self->path = g_strdup (path);
  self->file = file;
  g_mutex_init (&self->lock);
  self->tracks = g_ptr_array_new ();
  self->events = g_array_new (FALSE, TRUE, sizeof (PlEvent));
  self->counters = g_array_new (FALSE, TRUE, sizeof (Counter));
  self->chunks = g_async_queue_new ();
  self->next_tid = FIRST_TID;
  self->out = g_string_sized_new (FLUSH_BYTES + 4096);
  self->first_event = TRUE;

  /* The time unit is only how the viewer shows times; ts and dur are µs. */
  g_string_append (self->out, "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[");

  return self;
}

void
pl_tracer_set_limit (PlTracer *self,
                     gint64    limit_us)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->writer == NULL);

  self->limit_us = MAX (limit_us, 0);
}

void
pl_tracer_add_queue (PlTracer    *self,
                     PlQueue     *queue,
                     const gchar *name)
{
  Counter counter = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (queue != NULL);
  g_return_if_fail (self->writer == NULL);

  counter.queue = pl_queue_ref (queue);
  counter.name = g_strdup (name);
  g_array_append_val (self->counters, counter);
}

PlTraceTrack *
pl_tracer_add_track (PlTracer         *self,
                     PlTraceTrackKind  kind,
                     const gchar      *name)
{
  PlTraceTrack *track;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  track = g_new0 (PlTraceTrack, 1);
  track->tracer = self;
  track->kind = kind;
  track->name = g_strdup (name);
  track->last_state = -1;

  g_mutex_lock (&self->lock);
  track->tid = self->next_tid++;
  g_ptr_array_add (self->tracks, track);
  g_mutex_unlock (&self->lock);

  return track;
}

void
pl_tracer_start (PlTracer *self,
                 gint64    origin_us)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->writer == NULL);

  self->origin_us = origin_us;
  self->writer_started = TRUE;
  self->writer = g_thread_new ("pl-trace-writer", writer_thread, self);
}

void
pl_tracer_event (PlTracer      *self,
                 const PlEvent *event)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (event != NULL);

  if (self->writer == NULL || past_limit (self, event->time_us))
    return;

  g_mutex_lock (&self->lock);
  g_array_append_val (self->events, *event);
  g_mutex_unlock (&self->lock);
}

gboolean
pl_tracer_was_cut (PlTracer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_atomic_int_get (&self->cut) != 0;
}

static Record *
next_record (PlTraceTrack *track,
             gint64        time_us)
{
  PlTracer *tracer = track->tracer;
  Chunk *chunk = track->chunk;

  if (chunk == NULL)
    {
      chunk = track->chunk = g_new (Chunk, 1);
      chunk->track = track;
      chunk->n_records = 0;
    }

  if G_UNLIKELY (past_limit (tracer, time_us))
    {
      Record *cut = &chunk->records[chunk->n_records++];

      cut->time_us = tracer->origin_us + tracer->limit_us;
      cut->kind = RECORD_CUT;
      track->cut = TRUE;
      g_atomic_int_set (&tracer->cut, TRUE);
      g_async_queue_push (tracer->chunks, g_steal_pointer (&track->chunk));
      return NULL;
    }

  /* Room is kept for the cut record. */
  if (chunk->n_records == CHUNK_RECORDS - 1)
    {
      g_async_queue_push (tracer->chunks, chunk);
      chunk = track->chunk = g_new (Chunk, 1);
      chunk->track = track;
      chunk->n_records = 0;
    }

  return &chunk->records[chunk->n_records++];
}

void
pl_trace_track_state (PlTraceTrack *track,
                      gint          state)
{
  Record *record;
  gint64 now_us;

  /* A state set again (each busy-wait poll, each return to a blocking
   * get after a kick) is no change. */
  if (track->cut || state == track->last_state)
    return;
  /* task_done is over at once and always followed by a get, or a pause
   * that is a state of its own: the span before it ends a few instructions
   * later at the next one, and the file is a third smaller. */
  if (track->kind != PL_TRACE_TRACK_COORDINATOR && state == PL_WORKER_TASK_DONE)
    return;

  now_us = g_get_monotonic_time ();
  record = next_record (track, now_us);
  if (record == NULL)
    return;

  track->last_state = state;
  record->time_us = now_us;
  record->kind = RECORD_STATE;
  record->code = state;
  record->value = 0;
}

void
pl_trace_track_mark (PlTraceTrack *track,
                     PlTraceMark   mark,
                     guint64       value)
{
  Record *record;
  gint64 now_us;

  if (track->cut)
    return;

  now_us = g_get_monotonic_time ();
  record = next_record (track, now_us);
  if (record == NULL)
    return;

  record->time_us = now_us;
  record->kind = RECORD_MARK;
  record->code = mark;
  record->value = value;
}

static PlTraceTrack *
track_of_kind (PlTracer         *self,
               PlTraceTrackKind  kind)
{
  for (guint i = 0; i < self->tracks->len; i++)
    {
      PlTraceTrack *track = g_ptr_array_index (self->tracks, i);

      if (track->kind == kind)
        return track;
    }

  return NULL;
}

void
_pl_trace_append_event (GString       *out,
                        gboolean      *first,
                        const PlEvent *event,
                        gint           tid,
                        gint64         ts_us)
{
  _pl_trace_begin_event (out, first, "i", tid, pl_event_kind_to_string (event->kind));
  g_string_append_printf (out, ",\"cat\":\"pipeline\",\"s\":\"%s\",\"ts\":%" G_GINT64_FORMAT,
                          tid != 0 ? "t" : "p", ts_us);
  switch (event->kind)
    {
    case PL_EVENT_QUEUE_CLOSED:
    case PL_EVENT_QUEUE_JOINED:
      g_string_append_printf (out, ",\"args\":{\"queue\":%u}", event->queue);
      break;
    case PL_EVENT_STAGE_FINISHED:
      g_string_append_printf (out, ",\"args\":{\"stage\":%u}", event->stage);
      break;
    case PL_EVENT_MODE_CHANGED:
      g_string_append_printf (out, ",\"args\":{\"mode\":\"%s\"}",
                              event->mode == PL_MODE_BLOCKING ? "blocking" : "busy-wait");
      break;
    case PL_EVENT_WORKERS_CANCELLED:
    case PL_EVENT_LINGERING:
      g_string_append_printf (out, ",\"args\":{\"workers\":%" G_GUINT64_FORMAT "}",
                              event->count);
      break;
    case PL_EVENT_SHUT_DOWN:
      g_string_append_printf (out, ",\"args\":{\"dropped\":%" G_GUINT64_FORMAT "}",
                              event->count);
      break;
    case PL_EVENT_STARTED:
    case PL_EVENT_INPUT_FED:
    case PL_EVENT_HELD_CAP:
    case PL_EVENT_PAUSED:
    case PL_EVENT_RESUMED:
    case PL_EVENT_ALL_DONE:
    default:
      break;
    }
  g_string_append_c (out, '}');
}

void
_pl_trace_append_thread (GString     *out,
                         gboolean    *first,
                         gint         tid,
                         const gchar *name,
                         gint         order)
{
  _pl_trace_begin_event (out, first, "M", tid, "thread_name");
  g_string_append (out, ",\"args\":{\"name\":");
  _pl_trace_append_string (out, name);
  g_string_append (out, "}}");
  _pl_trace_begin_event (out, first, "M", tid, "thread_sort_index");
  g_string_append_printf (out, ",\"args\":{\"sort_index\":%d}}", order);
}

gchar *
_pl_trace_queue_name (const PlConfig *config,
                      guint           index)
{
  if (index == 0)
    return g_strdup ("queue 0: input");
  if (index >= config->n_stages)
    return g_strdup_printf ("queue %u: done", index);

  return g_strdup_printf ("queue %u: to %s", index, config->stages[index].name);
}

static void
write_events (PlTracer *self)
{
  PlTraceTrack *producer = track_of_kind (self, PL_TRACE_TRACK_PRODUCER);
  PlTraceTrack *coordinator = track_of_kind (self, PL_TRACE_TRACK_COORDINATOR);

  for (guint i = 0; i < self->events->len; i++)
    {
      const PlEvent *event = &g_array_index (self->events, PlEvent, i);
      gboolean fed = event->kind == PL_EVENT_INPUT_FED || event->kind == PL_EVENT_HELD_CAP;
      PlTraceTrack *track = fed && producer != NULL ? producer : coordinator;

      _pl_trace_append_event (self->out, &self->first_event, event,
                              track != NULL ? track->tid : 0,
                              relative_us (self, event->time_us));
      flush_out (self, FALSE);
    }
}

/* Names and orders the tracks: the producer first, then the stages'
 * workers in the order they were made, then the coordinator. */
static void
write_metadata (PlTracer *self)
{
  begin_event (self, "M", 0, "process_name");
  g_string_append (self->out, ",\"args\":{\"name\":\"Pipeline Lab\"}}");

  for (guint i = 0; i < self->tracks->len; i++)
    {
      PlTraceTrack *track = g_ptr_array_index (self->tracks, i);
      gint order = track->kind == PL_TRACE_TRACK_COORDINATOR ? G_MAXINT16 : track->tid;

      _pl_trace_append_thread (self->out, &self->first_event, track->tid, track->name, order);
    }
}

static void
tracer_free (PlTracer *self)
{
  for (guint i = 0; i < self->tracks->len; i++)
    {
      PlTraceTrack *track = g_ptr_array_index (self->tracks, i);

      g_free (track->chunk);
      g_free (track->name);
      g_free (track);
    }
  for (guint i = 0; i < self->counters->len; i++)
    {
      Counter *counter = &g_array_index (self->counters, Counter, i);

      pl_queue_unref (counter->queue);
      g_free (counter->name);
    }
  g_ptr_array_unref (self->tracks);
  g_array_unref (self->events);
  g_array_unref (self->counters);
  g_async_queue_unref (self->chunks);
  g_string_free (self->out, TRUE);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self);
}

/* Stops the writer; every chunk pushed before is written first. */
static void
stop_writer (PlTracer *self)
{
  Chunk *chunk;

  if (self->writer == NULL)
    return;

  g_async_queue_push (self->chunks, &stop_chunk);
  g_thread_join (g_steal_pointer (&self->writer));

  /* Nothing is left but what was pushed after the stop: none, unless a
   * track was still in use, which the caller promised not. */
  while ((chunk = g_async_queue_try_pop (self->chunks)) != NULL)
    g_free (chunk);
}

gboolean
pl_tracer_finish (PlTracer  *self,
                  gint64     end_us,
                  GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->writer != NULL)
    {
      /* The tracks' owners have stopped: what they hold goes last. */
      for (guint i = 0; i < self->tracks->len; i++)
        {
          PlTraceTrack *track = g_ptr_array_index (self->tracks, i);

          if (track->chunk != NULL)
            g_async_queue_push (self->chunks, g_steal_pointer (&track->chunk));
        }
      stop_writer (self);
    }

  /* A line that never started: an empty run, not one since boot. */
  if (!self->writer_started)
    self->origin_us = end_us;
  if (self->limit_us > 0)
    end_us = MIN (end_us, self->origin_us + self->limit_us);
  if (!past_limit (self, end_us))
    sample_counters (self, end_us);

  for (guint i = 0; i < self->tracks->len; i++)
    {
      PlTraceTrack *track = g_ptr_array_index (self->tracks, i);

      if (!track->closed_for_good)
        write_span (self, track, end_us);
    }

  write_events (self);
  write_metadata (self);
  g_string_append (self->out, "\n]}\n");
  flush_out (self, TRUE);

  if (self->write_errno == 0 && fflush (self->file) != 0)
    self->write_errno = errno != 0 ? errno : EIO;
  if (fclose (self->file) != 0 && self->write_errno == 0)
    self->write_errno = errno != 0 ? errno : EIO;
  self->file = NULL;

  ok = self->write_errno == 0;
  if (!ok)
    {
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (self->write_errno),
                           g_strerror (self->write_errno));
      /* Cut off in the middle, it would not even parse. */
      g_unlink (self->path);
    }

  tracer_free (self);

  return ok;
}

void
pl_tracer_abandon (PlTracer *self)
{
  if (self == NULL)
    return;

  stop_writer (self);
  if (self->file != NULL)
    {
      fclose (self->file);
      g_unlink (self->path);
    }
  tracer_free (self);
}
