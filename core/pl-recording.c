/* pl-recording.c: a run's samples and events, kept in memory within a bound
 *
 * Each sample is kept as its encoded bytes (pl-recording-codec.c): a few
 * hundred bytes for a small line, where a PlSample takes 32 KiB. When the
 * total passes the bound, the oldest half of the samples loses every other
 * one: the recent past stays at the sampler's full rate, and each older stretch keeps half
 * the rate of the one after it. Events are few and tell the story, so
 * they are all kept, as are the first and the last sample.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pl-recording-private.h"

/* A sample kept: its time, for seeking, and its bytes, in one block. */
typedef struct
{
  gint64 time_us;
  gint64 elapsed_us;
  gsize  length;
  guint8 data[];
} SampleEntry;

/* What the allocator adds to each block, and a pointer slot in the
 * array that may be up to twice as long as it needs. */
#define BLOCK_OVERHEAD (2 * sizeof (gsize))
#define SLOT_COST      (2 * sizeof (gpointer))

struct _PlRecording
{
  GObject      parent_instance;

  PlConfig     config;
  gchar       *program_version;
  guint        n_cores;
  gsize        max_bytes;
  gsize        bytes;
  gsize        peak_bytes;
  guint        n_thinnings;
  gboolean     truncated;
  GPtrArray   *samples;      /* SampleEntry *, oldest first; no free func */
  GArray      *events;       /* PlEvent, in order */
  GByteArray  *scratch;      /* reused for encoding */
};

G_DEFINE_FINAL_TYPE (PlRecording, pl_recording, G_TYPE_OBJECT)

G_DEFINE_QUARK (pl-recording-error-quark, pl_recording_error)

static gsize
entry_cost (gsize length)
{
  return sizeof (SampleEntry) + length + BLOCK_OVERHEAD + SLOT_COST;
}

static void
pl_recording_finalize (GObject *object)
{
  PlRecording *self = PL_RECORDING (object);

  for (guint i = 0; i < self->samples->len; i++)
    g_free (g_ptr_array_index (self->samples, i));
  g_ptr_array_unref (self->samples);
  g_array_unref (self->events);
  g_byte_array_unref (self->scratch);
  g_free (self->program_version);

  G_OBJECT_CLASS (pl_recording_parent_class)->finalize (object);
}

static void
pl_recording_class_init (PlRecordingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pl_recording_finalize;
}

static void
pl_recording_init (PlRecording *self)
{
  self->samples = g_ptr_array_new ();
  self->events = g_array_new (FALSE, TRUE, sizeof (PlEvent));
  self->scratch = g_byte_array_new ();
  self->program_version = g_strdup (PACKAGE_VERSION);
  self->n_cores = g_get_num_processors ();
  self->bytes = sizeof (PlRecording);
  self->peak_bytes = self->bytes;
}

/**
 * pl_recording_new:
 * @config: the configuration the run started with
 * @max_bytes: the memory bound (PL_RECORDING_DEFAULT_MAX_BYTES, say)
 *
 * Returns: (transfer full): an empty recording
 */
PlRecording *
pl_recording_new (const PlConfig *config,
                  gsize           max_bytes)
{
  PlRecording *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (max_bytes >= 64 * 1024, NULL);

  self = g_object_new (PL_TYPE_RECORDING, NULL);
  self->config = *config;
  self->max_bytes = max_bytes;

  return self;
}

/* Drops every other sample of the oldest half, the first one kept. */
static void
thin (PlRecording *self)
{
  guint half = self->samples->len / 2;
  guint kept = 0;
  guint i;

  for (i = 0; i < half; i++)
    {
      SampleEntry *entry = g_ptr_array_index (self->samples, i);

      if (i % 2 == 0)
        {
          self->samples->pdata[kept++] = entry;
          continue;
        }
      self->bytes -= entry_cost (entry->length);
      g_free (entry);
    }
  for (; i < self->samples->len; i++)
    self->samples->pdata[kept++] = self->samples->pdata[i];

  /* The array has no free function: this only shortens it. */
  g_ptr_array_set_size (self->samples, kept);
  self->n_thinnings++;
}

/* Makes room for @added bytes first, so that the bound is never passed
 * even for a moment, then counts them. */
static void
account (PlRecording *self,
         gsize        added)
{
  while (self->bytes + added > self->max_bytes && self->samples->len > 2)
    thin (self);

  self->bytes += added;
  self->peak_bytes = MAX (self->peak_bytes, self->bytes);
}

void
_pl_recording_add_encoded (PlRecording  *self,
                           const guint8 *data,
                           gsize         length,
                           gint64        time_us,
                           gint64        elapsed_us)
{
  SampleEntry *entry;
  gint64 previous_us = G_MININT64;

  if (self->samples->len > 0)
    previous_us = ((SampleEntry *) g_ptr_array_index (self->samples, self->samples->len - 1))->elapsed_us;

  account (self, entry_cost (length));
  entry = g_malloc (sizeof (SampleEntry) + length);
  entry->time_us = time_us;
  /* Seeking needs times in order, whatever a damaged file says. */
  entry->elapsed_us = MAX (elapsed_us, previous_us);
  entry->length = length;
  memcpy (entry->data, data, length);
  g_ptr_array_add (self->samples, entry);
}

/**
 * pl_recording_add_sample:
 * @self: a #PlRecording
 * @sample: the next sample, in the order the monitor emitted them
 *
 * Keeps a copy of @sample, then thins the oldest samples if the bound is
 * passed.
 */
void
pl_recording_add_sample (PlRecording    *self,
                         const PlSample *sample)
{
  g_return_if_fail (PL_IS_RECORDING (self));
  g_return_if_fail (sample != NULL);

  g_byte_array_set_size (self->scratch, 0);
  _pl_recording_encode_sample (self->scratch, sample);
  _pl_recording_add_encoded (self, self->scratch->data, self->scratch->len,
                             sample->time_us, sample->elapsed_us);
}

void
pl_recording_add_event (PlRecording   *self,
                        const PlEvent *event)
{
  g_return_if_fail (PL_IS_RECORDING (self));
  g_return_if_fail (event != NULL);

  /* The array doubles as it grows: count its slack too. */
  account (self, 2 * sizeof (PlEvent));
  g_array_append_val (self->events, *event);
}

const PlConfig *
pl_recording_get_config (PlRecording *self)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), NULL);

  return &self->config;
}

const gchar *
pl_recording_get_program_version (PlRecording *self)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), NULL);

  return self->program_version;
}

guint
pl_recording_get_n_cores (PlRecording *self)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), 0);

  return self->n_cores;
}

void
_pl_recording_set_origin (PlRecording *self,
                          const gchar *program_version,
                          guint        n_cores)
{
  g_free (self->program_version);
  self->program_version = g_strdup (program_version);
  self->n_cores = n_cores;
}

void
_pl_recording_set_truncated (PlRecording *self,
                             gboolean     truncated)
{
  self->truncated = truncated;
}

gboolean
pl_recording_get_truncated (PlRecording *self)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), FALSE);

  return self->truncated;
}

gsize
pl_recording_get_bytes (PlRecording *self)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), 0);

  return self->bytes;
}

gsize
pl_recording_get_peak_bytes (PlRecording *self)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), 0);

  return self->peak_bytes;
}

gsize
pl_recording_get_max_bytes (PlRecording *self)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), 0);

  return self->max_bytes;
}

guint
pl_recording_get_n_thinnings (PlRecording *self)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), 0);

  return self->n_thinnings;
}

guint
pl_recording_get_n_samples (PlRecording *self)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), 0);

  return self->samples->len;
}

/**
 * pl_recording_get_sample:
 * @self: a #PlRecording
 * @index: from 0, the oldest kept, to pl_recording_get_n_samples() - 1
 *
 * Returns: (transfer full): the sample, decoded afresh
 */
PlSample *
pl_recording_get_sample (PlRecording *self,
                         guint        index)
{
  SampleEntry *entry;
  PlSample *sample;

  g_return_val_if_fail (PL_IS_RECORDING (self), NULL);
  g_return_val_if_fail (index < self->samples->len, NULL);

  entry = g_ptr_array_index (self->samples, index);
  sample = _pl_recording_decode_sample (entry->data, entry->length);
  /* Only checked bytes are ever kept. */
  g_assert (sample != NULL);

  return sample;
}

gint64
pl_recording_get_sample_elapsed (PlRecording *self,
                                 guint        index)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), 0);
  g_return_val_if_fail (index < self->samples->len, 0);

  return ((SampleEntry *) g_ptr_array_index (self->samples, index))->elapsed_us;
}

gint
pl_recording_find_sample (PlRecording *self,
                          gint64       elapsed_us)
{
  guint low = 0;
  guint high;

  g_return_val_if_fail (PL_IS_RECORDING (self), -1);

  if (self->samples->len == 0)
    return -1;

  /* The last index whose time is <= elapsed_us; samples come in order. */
  high = self->samples->len;
  while (high - low > 1)
    {
      guint middle = low + (high - low) / 2;

      if (pl_recording_get_sample_elapsed (self, middle) <= elapsed_us)
        low = middle;
      else
        high = middle;
    }

  return (gint) low;
}

gint64
pl_recording_get_duration_us (PlRecording *self)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), 0);

  if (self->samples->len == 0)
    return 0;

  return pl_recording_get_sample_elapsed (self, self->samples->len - 1);
}

guint
pl_recording_get_n_events (PlRecording *self)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), 0);

  return self->events->len;
}

const PlEvent *
pl_recording_get_event (PlRecording *self,
                        guint        index)
{
  g_return_val_if_fail (PL_IS_RECORDING (self), NULL);
  g_return_val_if_fail (index < self->events->len, NULL);

  return &g_array_index (self->events, PlEvent, index);
}

guint
_pl_recording_get_n_encoded (PlRecording *self)
{
  return self->samples->len;
}

const guint8 *
_pl_recording_get_encoded (PlRecording *self,
                           guint        index,
                           gsize       *length,
                           gint64      *time_us)
{
  SampleEntry *entry = g_ptr_array_index (self->samples, index);

  *length = entry->length;
  *time_us = entry->time_us;
  return entry->data;
}
