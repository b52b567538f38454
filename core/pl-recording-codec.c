/* pl-recording-codec.c: samples and events as compact bytes
 *
 * Whole numbers are LEB128 varints (signed ones zigzagged first), so that
 * the small counts most fields hold take a byte or two; fractions are
 * 8-byte little-endian IEEE doubles. Only the stages, workers and queues
 * a sample has are written. One function per record describes both
 * directions, so that the writer and the reader cannot drift apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pl-recording-private.h"

void
_pl_codec_init_writer (PlCodec    *codec,
                       GByteArray *out)
{
  memset (codec, 0, sizeof *codec);
  codec->out = out;
}

void
_pl_codec_init_reader (PlCodec      *codec,
                       const guint8 *data,
                       gsize         length)
{
  memset (codec, 0, sizeof *codec);
  codec->in = data;
  codec->length = length;
}

gboolean
_pl_codec_finished (PlCodec *codec)
{
  return !codec->bad && (codec->out != NULL || codec->position == codec->length);
}

void
_pl_codec_u64 (PlCodec *codec,
               guint64 *value)
{
  if (codec->out != NULL)
    {
      guint64 v = *value;

      do
        {
          guint8 byte = v & 0x7f;

          v >>= 7;
          if (v != 0)
            byte |= 0x80;
          g_byte_array_append (codec->out, &byte, 1);
        }
      while (v != 0);
      return;
    }

  *value = 0;
  if (codec->bad)
    return;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;

      if (codec->position >= codec->length)
        break;
      byte = codec->in[codec->position++];
      /* The tenth byte holds the top bit alone. */
      if (shift == 63 && (byte & 0x7e) != 0)
        break;
      *value |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        return;
    }

  codec->bad = TRUE;
  *value = 0;
}

static void
codec_i64 (PlCodec *codec,
           gint64  *value)
{
  guint64 zigzag = ((guint64) *value << 1) ^ (guint64) (*value >> 63);

  _pl_codec_u64 (codec, &zigzag);
  if (codec->out == NULL)
    *value = (gint64) (zigzag >> 1) ^ -(gint64) (zigzag & 1);
}

static void
codec_range (PlCodec *codec,
             guint   *value,
             guint    max)
{
  guint64 wide = *value;

  _pl_codec_u64 (codec, &wide);
  if (codec->out != NULL)
    return;
  if (wide > max)
    {
      codec->bad = TRUE;
      wide = 0;
    }
  *value = (guint) wide;
}

static void
codec_uint (PlCodec *codec,
            guint   *value)
{
  codec_range (codec, value, G_MAXUINT);
}

static void
codec_int (PlCodec *codec,
           gint    *value)
{
  gint64 wide = *value;

  codec_i64 (codec, &wide);
  if (codec->out != NULL)
    return;
  if (wide < G_MININT || wide > G_MAXINT)
    {
      codec->bad = TRUE;
      wide = 0;
    }
  *value = (gint) wide;
}

static void
codec_size (PlCodec *codec,
            gsize   *value)
{
  guint64 wide = *value;

  _pl_codec_u64 (codec, &wide);
  if (codec->out == NULL)
    {
      if (wide > G_MAXSIZE)
        codec->bad = TRUE;
      *value = (gsize) wide;
    }
}

static void
codec_bool (PlCodec  *codec,
            gboolean *value)
{
  guint wide = *value ? 1 : 0;

  codec_range (codec, &wide, 1);
  *value = wide;
}

/* Enumerations travel as their numbers: the file's version pins them. */
#define codec_enum(codec, value, n_values) \
  G_STMT_START { \
    guint wide_ = (guint) *(value); \
    codec_range ((codec), &wide_, (n_values) - 1); \
    *(value) = wide_; \
  } G_STMT_END

static void
codec_double (PlCodec *codec,
              gdouble *value)
{
  guint64 bits;

  if (codec->out != NULL)
    {
      memcpy (&bits, value, sizeof bits);
      bits = GUINT64_TO_LE (bits);
      g_byte_array_append (codec->out, (const guint8 *) &bits, sizeof bits);
      return;
    }

  *value = 0.0;
  if (codec->bad || codec->length - codec->position < sizeof bits)
    {
      codec->bad = TRUE;
      return;
    }
  memcpy (&bits, codec->in + codec->position, sizeof bits);
  codec->position += sizeof bits;
  bits = GUINT64_FROM_LE (bits);
  memcpy (value, &bits, sizeof bits);
  if (!isfinite (*value))
    {
      codec->bad = TRUE;
      *value = 0.0;
    }
}

/* A length, then UTF-8 text with no NUL; reading allocates. */
void
_pl_codec_string (PlCodec  *codec,
                  gchar   **value,
                  gsize     max_length)
{
  guint64 length = codec->out != NULL ? strlen (*value) : 0;

  _pl_codec_u64 (codec, &length);
  if (codec->out != NULL)
    {
      g_byte_array_append (codec->out, (const guint8 *) *value, length);
      return;
    }

  *value = NULL;
  if (codec->bad || length > max_length || length > codec->length - codec->position)
    {
      codec->bad = TRUE;
      return;
    }
  if (memchr (codec->in + codec->position, '\0', length) != NULL ||
      !g_utf8_validate ((const gchar *) codec->in + codec->position, length, NULL))
    {
      codec->bad = TRUE;
      return;
    }
  *value = g_strndup ((const gchar *) codec->in + codec->position, length);
  codec->position += length;
}

static void
codec_name (PlCodec *codec,
            gchar    name[PL_STAGE_NAME_LEN])
{
  gchar *text = name;

  _pl_codec_string (codec, &text, PL_STAGE_NAME_LEN - 1);
  if (codec->out != NULL)
    return;
  memset (name, 0, PL_STAGE_NAME_LEN);
  if (text != NULL)
    memcpy (name, text, strlen (text));
  g_free (text);
}

static void
codec_worker (PlCodec        *codec,
              PlWorkerSample *worker)
{
  /* Most workers hold nothing (G_MAXUINT64): stored plus one, that is 0. */
  guint64 item = worker->item + 1;

  codec_enum (codec, &worker->state, PL_WORKER_N_STATES);
  _pl_codec_u64 (codec, &worker->work_done);
  _pl_codec_u64 (codec, &worker->polls);
  _pl_codec_u64 (codec, &worker->empty_polls);
  codec_i64 (codec, &worker->cpu_ns);
  _pl_codec_u64 (codec, &item);
  worker->item = item - 1;
  codec_bool (codec, &worker->holds_marker);
}

static void
codec_stage (PlCodec       *codec,
             PlStageSample *stage)
{
  codec_name (codec, stage->name);
  codec_double (codec, &stage->mean_ms);
  codec_enum (codec, &stage->distribution, PL_DIST_EXPONENTIAL + 1);
  codec_range (codec, &stage->n_workers, PL_MAX_WORKERS);
  for (guint w = 0; w < stage->n_workers && !codec->bad; w++)
    codec_worker (codec, &stage->workers[w]);
  _pl_codec_u64 (codec, &stage->work_done);
  _pl_codec_u64 (codec, &stage->polls);
  _pl_codec_u64 (codec, &stage->empty_polls);
  codec_i64 (codec, &stage->cpu_ns);
  codec_i64 (codec, &stage->service_us);
  _pl_codec_u64 (codec, &stage->in_hand);
  codec_bool (codec, &stage->finished);
}

static void
codec_queue (PlCodec       *codec,
             PlQueueSample *queue)
{
  PlQueueStats *stats = &queue->stats;

  codec_uint (codec, &stats->capacity);
  codec_uint (codec, &stats->depth);
  codec_uint (codec, &stats->max_depth);
  codec_uint (codec, &stats->unfinished);
  codec_uint (codec, &stats->markers);
  codec_int (codec, &stats->first_marker);
  codec_uint (codec, &stats->closes);
  codec_uint (codec, &stats->getters_waiting);
  codec_uint (codec, &stats->putters_waiting);
  codec_uint (codec, &stats->joiners_waiting);
  _pl_codec_u64 (codec, &stats->puts);
  _pl_codec_u64 (codec, &stats->gets);
  _pl_codec_u64 (codec, &stats->put_waits);
  _pl_codec_u64 (codec, &stats->get_waits);
  _pl_codec_u64 (codec, &stats->markers_taken);
  _pl_codec_u64 (codec, &stats->dropped);
  codec_bool (codec, &stats->is_shutdown);
  codec_bool (codec, &stats->is_immediate);
  codec_bool (codec, &queue->closed);
  codec_bool (codec, &queue->joined);
  codec_i64 (codec, &queue->wait_us);
  _pl_codec_u64 (codec, &queue->waited);
  codec_double (codec, &queue->depth_area);
}

void
_pl_codec_sample (PlCodec  *codec,
                  PlSample *sample)
{
  _pl_codec_u64 (codec, &sample->serial);
  codec_i64 (codec, &sample->time_us);
  codec_i64 (codec, &sample->elapsed_us);
  codec_enum (codec, &sample->state, PL_PIPELINE_CANCELLED + 1);
  codec_enum (codec, &sample->mode, PL_MODE_BLOCKING + 1);
  codec_bool (codec, &sample->paused);
  codec_double (codec, &sample->backoff_ms);
  codec_enum (codec, &sample->work, PL_WORK_SPIN + 1);
  _pl_codec_u64 (codec, &sample->items);
  _pl_codec_u64 (codec, &sample->produced);
  _pl_codec_u64 (codec, &sample->processed);
  _pl_codec_u64 (codec, &sample->coordinator_polls);
  _pl_codec_u64 (codec, &sample->producer_polls);
  codec_uint (codec, &sample->workers_cancelled);
  codec_bool (codec, &sample->held_cap_reached);
  codec_bool (codec, &sample->shut_down);
  codec_bool (codec, &sample->at_rest);
  _pl_codec_u64 (codec, &sample->dropped);
  _pl_codec_u64 (codec, &sample->held);
  _pl_codec_u64 (codec, &sample->in_hand);
  _pl_codec_u64 (codec, &sample->max_held);
  codec_enum (codec, &sample->ending, PL_RUN_INTERRUPTED + 1);
  codec_i64 (codec, &sample->process_cpu_ns);
  codec_i64 (codec, &sample->producer_cpu_ns);
  codec_i64 (codec, &sample->coordinator_cpu_ns);
  codec_i64 (codec, &sample->sampler_cpu_ns);
  codec_i64 (codec, &sample->pipeline_cpu_ns);
  codec_size (codec, &sample->rss_bytes);
  codec_size (codec, &sample->held_bytes);
  codec_range (codec, &sample->n_stages, PL_MAX_STAGES);
  for (guint s = 0; s < sample->n_stages && !codec->bad; s++)
    codec_stage (codec, &sample->stages[s]);
  codec_range (codec, &sample->n_queues, PL_MAX_QUEUES);
  for (guint q = 0; q < sample->n_queues && !codec->bad; q++)
    codec_queue (codec, &sample->queues[q]);
  /* Every view pairs stage i with queue i, and the done queue comes last. */
  if (codec->out == NULL && sample->n_queues != sample->n_stages + 1)
    codec->bad = TRUE;
}

void
_pl_codec_event (PlCodec *codec,
                 PlEvent *event)
{
  codec_enum (codec, &event->kind, PL_EVENT_LINGERING + 1);
  codec_i64 (codec, &event->time_us);
  codec_range (codec, &event->queue, PL_MAX_QUEUES - 1);
  codec_range (codec, &event->stage, PL_MAX_STAGES - 1);
  codec_enum (codec, &event->mode, PL_MODE_BLOCKING + 1);
  _pl_codec_u64 (codec, &event->count);
}

void
_pl_recording_encode_sample (GByteArray     *out,
                             const PlSample *sample)
{
  PlCodec codec;

  _pl_codec_init_writer (&codec, out);
  /* The writer only reads through the pointer. */
  _pl_codec_sample (&codec, (PlSample *) sample);
}

PlSample *
_pl_recording_decode_sample (const guint8 *data,
                             gsize         length)
{
  g_autoptr(PlSample) sample = pl_sample_new ();
  PlCodec codec;

  _pl_codec_init_reader (&codec, data, length);
  _pl_codec_sample (&codec, sample);
  if (!_pl_codec_finished (&codec))
    return NULL;

  return g_steal_pointer (&sample);
}
