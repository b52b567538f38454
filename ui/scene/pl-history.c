/* pl-history.c: a bounded record of the run, for the charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Samples arrive about 60 times a second and are folded into slots of a
 * fixed length. The recent span is a ring of those slots. The whole run is
 * a list of buckets: when it is full, neighbours are merged pairwise and
 * buckets become twice as long, so a run of any length takes the same
 * memory. Merging keeps each gauge's extremes and its time-weighted mean,
 * and each counter's last value, so nothing the charts show is invented.
 */

#include "config.h"

#include <string.h>

#include "pl-history.h"

typedef struct
{
  gint64   start_us;
  gint64   end_us;
  guint    n_samples;
  gdouble  weight;     /* µs the gauge means are weighted over */
  gdouble *values;     /* min[G], max[G], mean[G], last[G], counters[C] */
} Record;

struct _PlHistory
{
  guint    n_gauges;
  guint    n_counters;
  guint    stride;
  gint64   slot_us;

  /* The recent span: a ring of whole slots. */
  Record  *recent;
  guint    recent_capacity;
  guint    recent_head;     /* index of the oldest */
  guint    recent_length;

  /* The whole run: buckets of bucket_slots slots each. */
  Record  *whole;
  guint    whole_capacity;  /* even */
  guint    whole_length;
  guint    bucket_slots;
  Record   pending;         /* the bucket being filled */
  guint    pending_slots;

  Record   open;            /* the slot samples go into now */
  gint64   open_index;
  Record   tail;            /* scratch: pending and open merged, for reading */

  gboolean has_last;
  gint64   last_us;

  gdouble *storage;
};

static void
record_clear (PlHistory *self,
              Record    *record)
{
  gdouble *values = record->values;

  *record = (Record) { 0, };
  record->values = values;
}

static void
record_copy (PlHistory    *self,
             Record       *dest,
             const Record *src)
{
  gdouble *values = dest->values;

  *dest = *src;
  dest->values = values;
  memcpy (dest->values, src->values, sizeof (gdouble) * self->stride);
}

/* Folds src, which comes later in time, into dest. */
static void
record_merge (PlHistory    *self,
              Record       *dest,
              const Record *src)
{
  guint g = self->n_gauges;

  if (src->n_samples == 0)
    return;
  if (dest->n_samples == 0)
    {
      record_copy (self, dest, src);
      return;
    }

  for (guint i = 0; i < g; i++)
    {
      dest->values[i] = MIN (dest->values[i], src->values[i]);
      dest->values[g + i] = MAX (dest->values[g + i], src->values[g + i]);
      dest->values[2 * g + i] = (dest->values[2 * g + i] * dest->weight
                                 + src->values[2 * g + i] * src->weight)
                                / (dest->weight + src->weight);
      dest->values[3 * g + i] = src->values[3 * g + i];
    }
  memcpy (dest->values + 4 * g, src->values + 4 * g, sizeof (gdouble) * self->n_counters);

  dest->start_us = MIN (dest->start_us, src->start_us);
  dest->end_us = MAX (dest->end_us, src->end_us);
  dest->n_samples += src->n_samples;
  dest->weight += src->weight;
}

static void
record_add_sample (PlHistory     *self,
                   Record        *record,
                   gint64         time_us,
                   gdouble        weight,
                   const gdouble *gauges,
                   const gdouble *counters)
{
  guint g = self->n_gauges;

  if (record->n_samples == 0)
    {
      record->start_us = time_us;
      record->weight = 0;
      for (guint i = 0; i < g; i++)
        {
          record->values[i] = gauges[i];
          record->values[g + i] = gauges[i];
          record->values[2 * g + i] = 0;
        }
    }

  for (guint i = 0; i < g; i++)
    {
      record->values[i] = MIN (record->values[i], gauges[i]);
      record->values[g + i] = MAX (record->values[g + i], gauges[i]);
      record->values[2 * g + i] = (record->values[2 * g + i] * record->weight
                                   + gauges[i] * weight) / (record->weight + weight);
      record->values[3 * g + i] = gauges[i];
    }
  if (self->n_counters > 0)
    memcpy (record->values + 4 * g, counters, sizeof (gdouble) * self->n_counters);

  record->end_us = MAX (record->end_us, time_us);
  record->weight += weight;
  record->n_samples++;
}

/**
 * pl_history_new:
 * @n_gauges: how many gauge series
 * @n_counters: how many counter series
 * @slot_us: the length of one slot, the finest resolution
 * @recent_us: how far back the recent span reaches at full resolution
 * @max_buckets: how many buckets the whole run keeps at most (at least 2)
 *
 * Returns: (transfer full): a new, empty history
 */
PlHistory *
pl_history_new (guint  n_gauges,
                guint  n_counters,
                gint64 slot_us,
                gint64 recent_us,
                guint  max_buckets)
{
  PlHistory *self;
  gdouble *next;
  gsize n_records;

  g_return_val_if_fail (n_gauges + n_counters > 0, NULL);
  g_return_val_if_fail (slot_us > 0, NULL);
  g_return_val_if_fail (recent_us >= slot_us, NULL);
  g_return_val_if_fail (max_buckets >= 2, NULL);

  self = g_new0 (PlHistory, 1);
  self->n_gauges = n_gauges;
  self->n_counters = n_counters;
  self->stride = 4 * n_gauges + n_counters;
  self->slot_us = slot_us;
  /* One slot more than the span, so the span is always covered. */
  self->recent_capacity = (guint) (recent_us / slot_us) + 1;
  self->whole_capacity = max_buckets + (max_buckets & 1);

  n_records = self->recent_capacity + self->whole_capacity + 3;
  self->storage = g_new0 (gdouble, n_records * self->stride);
  self->recent = g_new0 (Record, self->recent_capacity);
  self->whole = g_new0 (Record, self->whole_capacity);

  next = self->storage;
  for (guint i = 0; i < self->recent_capacity; i++, next += self->stride)
    self->recent[i].values = next;
  for (guint i = 0; i < self->whole_capacity; i++, next += self->stride)
    self->whole[i].values = next;
  self->pending.values = next;
  next += self->stride;
  self->open.values = next;
  next += self->stride;
  self->tail.values = next;

  pl_history_clear (self);

  return self;
}

void
pl_history_free (PlHistory *self)
{
  if (self == NULL)
    return;

  g_free (self->recent);
  g_free (self->whole);
  g_free (self->storage);
  g_free (self);
}

/**
 * pl_history_clear:
 * @self: a #PlHistory
 *
 * Forgets every sample, for a new run.
 */
void
pl_history_clear (PlHistory *self)
{
  g_return_if_fail (self != NULL);

  self->recent_head = 0;
  self->recent_length = 0;
  self->whole_length = 0;
  self->bucket_slots = 1;
  self->pending_slots = 0;
  self->has_last = FALSE;
  self->last_us = 0;
  self->open_index = 0;
  record_clear (self, &self->pending);
  record_clear (self, &self->open);
  record_clear (self, &self->tail);
}

guint
pl_history_get_n_gauges (PlHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_gauges;
}

guint
pl_history_get_n_counters (PlHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_counters;
}

static void
pl_history_push_bucket (PlHistory *self)
{
  if (self->whole_length == self->whole_capacity)
    {
      /* Full: halve the resolution of everything kept so far. */
      for (guint i = 0; i < self->whole_capacity / 2; i++)
        {
          record_copy (self, &self->whole[i], &self->whole[2 * i]);
          record_merge (self, &self->whole[i], &self->whole[2 * i + 1]);
        }
      self->whole_length = self->whole_capacity / 2;
      self->bucket_slots *= 2;
    }

  record_copy (self, &self->whole[self->whole_length++], &self->pending);
  record_clear (self, &self->pending);
  self->pending_slots = 0;
}

static void
pl_history_close_slot (PlHistory *self)
{
  guint index;

  if (self->open.n_samples == 0)
    return;

  if (self->recent_length < self->recent_capacity)
    {
      index = (self->recent_head + self->recent_length) % self->recent_capacity;
      self->recent_length++;
    }
  else
    {
      index = self->recent_head;
      self->recent_head = (self->recent_head + 1) % self->recent_capacity;
    }
  record_copy (self, &self->recent[index], &self->open);

  record_merge (self, &self->pending, &self->open);
  self->pending_slots++;
  /* A bucket may also have been widened since it started filling. */
  if (self->pending_slots >= self->bucket_slots)
    pl_history_push_bucket (self);

  record_clear (self, &self->open);
}

/**
 * pl_history_add:
 * @self: a #PlHistory
 * @time_us: when the sample was taken, in the run's own clock
 * @gauges: (array): n_gauges values
 * @counters: (array) (nullable): n_counters values, or %NULL when there are none
 *
 * Records one sample. A gauge's value counts for the time since the
 * previous sample, so uneven sampling does not tilt the means.
 */
void
pl_history_add (PlHistory     *self,
                gint64         time_us,
                const gdouble *gauges,
                const gdouble *counters)
{
  gint64 index;
  gdouble weight;

  g_return_if_fail (self != NULL);
  g_return_if_fail (gauges != NULL || self->n_gauges == 0);
  g_return_if_fail (counters != NULL || self->n_counters == 0);

  if (self->has_last && time_us < self->last_us)
    time_us = self->last_us;

  weight = self->has_last ? (gdouble) (time_us - self->last_us) : 0.0;
  weight = MAX (weight, 1.0);
  self->has_last = TRUE;
  self->last_us = time_us;

  index = time_us / self->slot_us;
  if (self->open.n_samples > 0 && index != self->open_index)
    pl_history_close_slot (self);
  self->open_index = index;

  record_add_sample (self, &self->open, time_us, weight, gauges, counters);
}

/**
 * pl_history_get_length:
 * @self: a #PlHistory
 * @span: which span
 *
 * Returns: how many points the span holds, the one still filling included
 */
guint
pl_history_get_length (PlHistory     *self,
                       PlHistorySpan  span)
{
  g_return_val_if_fail (self != NULL, 0);

  if (span == PL_HISTORY_RECENT)
    return self->recent_length + (self->open.n_samples > 0 ? 1 : 0);

  return self->whole_length
         + (self->pending.n_samples + self->open.n_samples > 0 ? 1 : 0);
}

static void
fill_point (PlHistory      *self,
            const Record   *record,
            PlHistoryPoint *point)
{
  guint g = self->n_gauges;

  point->start_us = record->start_us;
  point->end_us = record->end_us;
  point->n_samples = record->n_samples;
  point->weight_us = record->weight;
  point->min = record->values;
  point->max = record->values + g;
  point->mean = record->values + 2 * g;
  point->last = record->values + 3 * g;
  point->counters = record->values + 4 * g;
}

/**
 * pl_history_get_point:
 * @self: a #PlHistory
 * @span: which span
 * @index: from 0, the oldest, to the length minus one, the newest
 * @point: (out): the point; its arrays stay valid until the next add or get
 *
 * Returns: %TRUE when @index is in range
 */
gboolean
pl_history_get_point (PlHistory      *self,
                      PlHistorySpan   span,
                      guint           index,
                      PlHistoryPoint *point)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (point != NULL, FALSE);

  if (index >= pl_history_get_length (self, span))
    return FALSE;

  if (span == PL_HISTORY_RECENT)
    {
      if (index < self->recent_length)
        fill_point (self, &self->recent[(self->recent_head + index) % self->recent_capacity], point);
      else
        fill_point (self, &self->open, point);
      return TRUE;
    }

  if (index < self->whole_length)
    {
      fill_point (self, &self->whole[index], point);
      return TRUE;
    }

  record_clear (self, &self->tail);
  record_merge (self, &self->tail, &self->pending);
  record_merge (self, &self->tail, &self->open);
  fill_point (self, &self->tail, point);

  return TRUE;
}

/**
 * pl_history_get_bucket_us:
 * @self: a #PlHistory
 *
 * Returns: how long one bucket of the whole run is now
 */
gint64
pl_history_get_bucket_us (PlHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->slot_us * self->bucket_slots;
}

/**
 * pl_history_get_capacity:
 * @self: a #PlHistory
 * @span: which span
 *
 * Returns: the most points the span can ever hold
 */
gsize
pl_history_get_capacity (PlHistory     *self,
                         PlHistorySpan  span)
{
  g_return_val_if_fail (self != NULL, 0);

  return (span == PL_HISTORY_RECENT ? self->recent_capacity : self->whole_capacity) + 1;
}
