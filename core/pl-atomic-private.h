/* pl-atomic-private.h: the engine's relaxed atomic counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the engine, like each private header of core/: included by
 * pl-worker.h, and so by pl-pipeline-private.h, never by a header that
 * ui/ or app/ sees. The table above struct _PlPipeline in
 * pl-pipeline-private.h says which fields use them.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Every counter has a single writer (its own thread) and is read by whoever
 * builds a sample. Relaxed atomics are enough for that and cost a plain load
 * or store, so the item path takes no lock but the queue's own.
 */
static inline guint64
_pl_load_u64 (const guint64 *counter)
{
  return __atomic_load_n (counter, __ATOMIC_RELAXED);
}

static inline void
_pl_store_u64 (guint64 *counter,
               guint64  value)
{
  __atomic_store_n (counter, value, __ATOMIC_RELAXED);
}

/* Only for counters with one writer: a load and a store, no locked add. */
static inline void
_pl_bump_u64 (guint64 *counter,
              guint64  delta)
{
  _pl_store_u64 (counter, _pl_load_u64 (counter) + delta);
}

static inline gint64
_pl_load_i64 (const gint64 *counter)
{
  return __atomic_load_n (counter, __ATOMIC_RELAXED);
}

static inline void
_pl_store_i64 (gint64 *counter,
               gint64  value)
{
  __atomic_store_n (counter, value, __ATOMIC_RELAXED);
}

static inline void
_pl_bump_i64 (gint64 *counter,
              gint64  delta)
{
  _pl_store_i64 (counter, _pl_load_i64 (counter) + delta);
}

static inline gint
_pl_load_int (const gint *value)
{
  return __atomic_load_n (value, __ATOMIC_RELAXED);
}

static inline void
_pl_store_int (gint *value,
               gint  new_value)
{
  __atomic_store_n (value, new_value, __ATOMIC_RELAXED);
}

/* Live settings that are doubles travel as their bit pattern. */
static inline gdouble
_pl_load_double (const guint64 *bits)
{
  union { guint64 u; gdouble d; } v;

  v.u = _pl_load_u64 (bits);
  return v.d;
}

static inline void
_pl_store_double (guint64 *bits,
                  gdouble  value)
{
  union { guint64 u; gdouble d; } v;

  v.d = value;
  _pl_store_u64 (bits, v.u);
}

G_END_DECLS
