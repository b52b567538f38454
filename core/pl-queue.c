/* pl-queue.c: a bounded, closable, joinable FIFO shared by threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One mutex guards everything. Each condition variable keeps a count of its
 * sleepers, so a put, a get or a task_done only makes a system call when
 * somebody sleeps and no wakeup is already on its way to them: in a busy
 * pipeline most calls cost one uncontended lock and nothing else. Wakeups
 * are sent after the mutex is released, so the woken thread does not run
 * straight into a lock its waker still holds.
 */

#include "config.h"

#include <string.h>

#include "pl-queue.h"
#include "pl-queue-private.h"

/* GLib's mutex and condition variable sit on raw futexes that the thread
 * sanitizer cannot see through; without these notes it would flag every
 * access made under the queue's lock. */
#if defined(__SANITIZE_THREAD__)
# define PL_QUEUE_TSAN 1
#elif defined(__has_feature)
# if __has_feature(thread_sanitizer)
#  define PL_QUEUE_TSAN 1
# endif
#endif

#ifdef PL_QUEUE_TSAN
void __tsan_acquire (void *addr);
void __tsan_release (void *addr);
# define tsan_acquire(addr) __tsan_acquire (addr)
# define tsan_release(addr) __tsan_release (addr)
#else
# define tsan_acquire(addr) G_STMT_START { } G_STMT_END
# define tsan_release(addr) G_STMT_START { } G_STMT_END
#endif

/* Smallest ring an unbounded queue starts with; it doubles from there. */
#define PL_QUEUE_MIN_RING 16

/* Calls willing to wait at least this long yield the processor once before
 * going to sleep; shorter timeouts go straight to the timed wait. */
#define PL_QUEUE_YIELD_MIN_TIMEOUT_US 1000

/* The end-of-stream marker is the address of this private static, so the
 * ring stays a plain pointer array and any caller pointer, NULL included,
 * remains a valid item. */
static const gint end_of_stream_marker;
#define PL_QUEUE_MARKER ((gpointer) &end_of_stream_marker)

/* A condition variable with the number of threads asleep on it, and how many
 * of those a wakeup is already travelling to: a burst of puts then wakes a
 * sleeping getter once, not once per put. */
typedef struct
{
  GCond cond;
  guint sleeping;
  guint woken;
} PlWaiters;

struct _PlQueue
{
  gatomicrefcount ref_count;
  GDestroyNotify  item_free;

  GMutex          lock;
  PlWaiters       not_empty;
  PlWaiters       not_full;
  PlWaiters       all_tasks_done;

  gpointer       *ring;
  guint           ring_size;
  guint           head;
  guint           depth;
  guint           capacity;
  guint           unfinished;
  guint           markers;
  guint           first_marker;   /* ring index of the oldest marker while markers > 0 */

  guint           max_depth;
  guint           closes;
  guint64         puts;
  guint64         gets;
  guint64         put_waits;
  guint64         get_waits;
  guint64         markers_taken;
  guint64         dropped;

  gboolean        is_shutdown;
  gboolean        is_immediate;
  gboolean        sink;
};

static inline void
queue_lock (PlQueue *self)
{
  g_mutex_lock (&self->lock);
  tsan_acquire (&self->lock);
}

static inline void
queue_unlock (PlQueue *self)
{
  tsan_release (&self->lock);
  g_mutex_unlock (&self->lock);
}

static inline guint
ring_index (const PlQueue *self,
            guint          position)
{
  guint index = self->head + position;

  /* Both terms are below ring_size, so one subtraction replaces a modulo. */
  if (index >= self->ring_size)
    index -= self->ring_size;

  return index;
}

static inline guint
ring_position (const PlQueue *self,
               guint          index)
{
  return index >= self->head
         ? index - self->head
         : index + self->ring_size - self->head;
}

static void
ring_resize (PlQueue *self,
             guint    new_size)
{
  gpointer *ring;
  guint first_part;

  g_assert (new_size >= self->depth);

  ring = g_new (gpointer, new_size);

  if (self->depth > 0)
    {
      first_part = MIN (self->depth, self->ring_size - self->head);
      memcpy (ring, self->ring + self->head, first_part * sizeof (gpointer));
      memcpy (ring + first_part, self->ring, (self->depth - first_part) * sizeof (gpointer));
    }

  if (self->markers > 0)
    self->first_marker = ring_position (self, self->first_marker);

  g_free (self->ring);
  self->ring = ring;
  self->ring_size = new_size;
  self->head = 0;
}

/* Callers have already checked for room. The ring grows here by doubling,
 * so the cost per item stays constant and a large capacity costs memory
 * only once entries really wait. */
static inline void
push_locked (PlQueue  *self,
             gpointer  entry)
{
  if (self->sink)
    {
      g_assert (entry != PL_QUEUE_MARKER);
      if G_UNLIKELY (self->depth == G_MAXUINT)
        g_error ("pl_queue: more than %u entries counted", self->depth);
      self->depth++;
      self->unfinished++;
      if (self->depth > self->max_depth)
        self->max_depth = self->depth;
      return;
    }

  if G_UNLIKELY (self->depth == self->ring_size)
    {
      if (self->ring_size >= PL_QUEUE_MAX_CAPACITY)
        g_error ("pl_queue: more than %u entries waiting", self->ring_size);
      ring_resize (self, MIN (MAX (self->ring_size * 2, PL_QUEUE_MIN_RING),
                              PL_QUEUE_MAX_CAPACITY));
    }

  self->ring[ring_index (self, self->depth)] = entry;
  self->depth++;
  self->unfinished++;

  if (self->depth > self->max_depth)
    self->max_depth = self->depth;
}

static inline gpointer
pop_locked (PlQueue *self)
{
  gpointer entry;

  if (self->sink)
    {
      self->depth--;
      return NULL;
    }

  entry = self->ring[self->head];

  self->head++;
  if (self->head == self->ring_size)
    self->head = 0;
  self->depth--;

  return entry;
}

static void
find_next_marker_locked (PlQueue *self)
{
  for (guint i = 0; i < self->depth; i++)
    {
      guint index = ring_index (self, i);

      if (self->ring[index] == PL_QUEUE_MARKER)
        {
          self->first_marker = index;
          return;
        }
    }

  g_assert_not_reached ();
}

static inline gboolean
has_room_locked (const PlQueue *self)
{
  return self->capacity == 0 || self->depth < self->capacity;
}

static inline gboolean
kicked (const gint *kick,
        gint        seen)
{
  return kick != NULL && g_atomic_int_get (kick) != seen;
}

static inline gint64
deadline_after (gint64 timeout_us)
{
  gint64 now = g_get_monotonic_time ();

  if (timeout_us > G_MAXINT64 - now)
    return G_MAXINT64;

  return now + timeout_us;
}

/* Before its first sleep a waiter gives its processor away once. On a busy
 * machine that often lets the thread it waits for run and settle the matter,
 * which saves both the sleep and the wakeup system calls. Returns TRUE when
 * it yielded, after which the caller must look at the queue again. */
static inline gboolean
yield_once_locked (PlQueue  *self,
                   gboolean *yielded,
                   gint64    timeout_us,
                   gint64   *deadline)
{
  if (*yielded)
    return FALSE;
  *yielded = TRUE;

  if (timeout_us >= 0 && timeout_us < PL_QUEUE_YIELD_MIN_TIMEOUT_US)
    return FALSE;

  /* The yield is part of the wait, so the clock starts before it. */
  if (timeout_us > 0)
    *deadline = deadline_after (timeout_us);

  queue_unlock (self);
  g_thread_yield ();
  queue_lock (self);

  return TRUE;
}

/* Sleeps on @waiters until woken or until the deadline, which is taken on
 * the first sleep so that calls that never wait never read the clock.
 * Returns FALSE once the deadline has passed. */
static inline gboolean
wait_locked (PlQueue   *self,
             PlWaiters *waiters,
             gint64     timeout_us,
             gint64    *deadline)
{
  gboolean in_time = TRUE;

  waiters->sleeping++;
  tsan_release (&self->lock);
  if (timeout_us < 0)
    {
      g_cond_wait (&waiters->cond, &self->lock);
    }
  else
    {
      if (*deadline == 0)
        *deadline = deadline_after (timeout_us);
      in_time = g_cond_wait_until (&waiters->cond, &self->lock, *deadline);
    }
  tsan_acquire (&self->lock);
  waiters->sleeping--;

  /* Whatever woke us, count one wakeup as arrived. A wrong guess (a timeout
   * or a spurious wakeup) only costs a spare signal later, never a missed
   * one, because every signal still wakes some sleeper who looks again. */
  if (waiters->woken > 0)
    waiters->woken--;

  return in_time;
}

/* Both return TRUE when the caller must signal, or broadcast, once it has
 * released the lock. */
static inline gboolean
claim_one_locked (PlWaiters *waiters)
{
  if (waiters->sleeping <= waiters->woken)
    return FALSE;

  waiters->woken++;
  return TRUE;
}

static inline gboolean
claim_all_locked (PlWaiters *waiters)
{
  if (waiters->sleeping <= waiters->woken)
    return FALSE;

  waiters->woken = waiters->sleeping;
  return TRUE;
}

/* Shared by put and close: returns OK once there is room, holding the lock.
 * A kick is only looked at when the call would otherwise wait. */
static PlQueueStatus
wait_for_room_locked (PlQueue    *self,
                      gint64      timeout_us,
                      const gint *kick,
                      gint        seen,
                      gboolean   *waited)
{
  gint64 deadline = 0;
  gboolean in_time = TRUE;
  gboolean yielded = FALSE;

  for (;;)
    {
      if (self->is_shutdown)
        return PL_QUEUE_SHUT_DOWN;
      if (has_room_locked (self))
        return PL_QUEUE_OK;
      if (timeout_us == 0 || !in_time || kicked (kick, seen))
        return PL_QUEUE_FULL;

      *waited = TRUE;
      if (!yield_once_locked (self, &yielded, timeout_us, &deadline))
        in_time = wait_locked (self, &self->not_full, timeout_us, &deadline);
    }
}

/**
 * pl_queue_new:
 * @capacity: the most entries that may wait, or 0 for no limit
 * @item_free: (nullable): frees items the queue still holds when it is
 *   dropped or shut down immediately
 *
 * Returns: (transfer full): a new queue
 */
PlQueue *
pl_queue_new (guint          capacity,
              GDestroyNotify item_free)
{
  PlQueue *self;

  /* Whole cache lines of its own: the threads on either side of one queue
   * then never fight over a line with those of the next. */
  self = g_aligned_alloc0 (1, PL_CACHE_LINE_ROUND (sizeof (PlQueue)), PL_CACHE_LINE);
  g_atomic_ref_count_init (&self->ref_count);
  self->item_free = item_free;
  self->capacity = MIN (capacity, PL_QUEUE_MAX_CAPACITY);
  /* The ring starts small and doubles as the queue fills (see
   * push_locked), never beyond the capacity's needs. */
  self->ring_size = capacity > 0 ? MIN (self->capacity, PL_QUEUE_MIN_RING) : PL_QUEUE_MIN_RING;
  self->ring = g_new (gpointer, self->ring_size);

  g_mutex_init (&self->lock);
  g_cond_init (&self->not_empty.cond);
  g_cond_init (&self->not_full.cond);
  g_cond_init (&self->all_tasks_done.cond);

  return self;
}

PlQueue *
pl_queue_ref (PlQueue *queue)
{
  g_return_val_if_fail (queue != NULL, NULL);

  g_atomic_ref_count_inc (&queue->ref_count);

  return queue;
}

void
pl_queue_unref (PlQueue *queue)
{
  g_return_if_fail (queue != NULL);

  if (!g_atomic_ref_count_dec (&queue->ref_count))
    return;

  if (queue->item_free != NULL)
    {
      while (queue->depth > 0)
        {
          gpointer entry = pop_locked (queue);

          if (entry != PL_QUEUE_MARKER && entry != NULL)
            queue->item_free (entry);
        }
    }

  g_free (queue->ring);
  g_mutex_clear (&queue->lock);
  g_cond_clear (&queue->not_empty.cond);
  g_cond_clear (&queue->not_full.cond);
  g_cond_clear (&queue->all_tasks_done.cond);
  g_aligned_free (queue);
}

PlQueueStatus
_pl_queue_put_interruptible (PlQueue    *queue,
                             gpointer    item,
                             gint64      timeout_us,
                             const gint *kick,
                             gint        seen)
{
  return _pl_queue_put_stamped (queue, item, timeout_us, kick, seen, NULL);
}

PlQueueStatus
_pl_queue_put_stamped (PlQueue    *queue,
                       gpointer    item,
                       gint64      timeout_us,
                       const gint *kick,
                       gint        seen,
                       gint64     *stamp_us)
{
  PlQueueStatus status;
  gboolean waited = FALSE;
  gboolean wake_getter = FALSE;

  g_return_val_if_fail (queue != NULL, PL_QUEUE_SHUT_DOWN);

  queue_lock (queue);

  status = wait_for_room_locked (queue, timeout_us, kick, seen, &waited);
  if (status == PL_QUEUE_OK)
    {
      if (waited && stamp_us != NULL)
        *stamp_us = g_get_monotonic_time ();
      push_locked (queue, item);
      queue->puts++;
      if (waited)
        queue->put_waits++;
      wake_getter = claim_one_locked (&queue->not_empty);
    }

  queue_unlock (queue);

  if (wake_getter)
    g_cond_signal (&queue->not_empty.cond);

  return status;
}

PlQueueStatus
pl_queue_put (PlQueue  *queue,
              gpointer  item,
              gint64    timeout_us)
{
  return _pl_queue_put_interruptible (queue, item, timeout_us, NULL, 0);
}

PlQueueStatus
_pl_queue_get_interruptible (PlQueue    *queue,
                             gpointer   *item,
                             gint64      timeout_us,
                             const gint *kick,
                             gint        seen)
{
  return _pl_queue_done_and_get (queue, FALSE, item, timeout_us, kick, seen);
}

PlQueueStatus
_pl_queue_done_and_get (PlQueue    *queue,
                        gboolean    task_done,
                        gpointer   *item,
                        gint64      timeout_us,
                        const gint *kick,
                        gint        seen)
{
  PlQueueStatus status = PL_QUEUE_OK;
  gpointer entry = NULL;
  gboolean waited = FALSE;
  gboolean yielded = FALSE;
  gboolean in_time = TRUE;
  gboolean wake_putter = FALSE;
  gboolean wake_joiners = FALSE;
  gint64 deadline = 0;

  g_return_val_if_fail (queue != NULL, PL_QUEUE_SHUT_DOWN);
  g_return_val_if_fail (item != NULL, PL_QUEUE_SHUT_DOWN);

  queue_lock (queue);

  /* The caller's task_done for its previous item, as pl_queue_task_done
   * would do it: one lock instead of two per item. */
  if (task_done && queue->unfinished > 0)
    {
      queue->unfinished--;
      wake_joiners = queue->unfinished == 0 && claim_all_locked (&queue->all_tasks_done);
    }

  /* An entry is taken whenever one is there, even after a kick or a
   * timeout, so a waiter that leaves never strands a wakeup meant for it. */
  while (queue->depth == 0)
    {
      if (queue->is_shutdown)
        status = PL_QUEUE_SHUT_DOWN;
      else if (timeout_us == 0 || !in_time || kicked (kick, seen))
        status = PL_QUEUE_EMPTY;
      else
        {
          /* Joiners freed by the task_done above must not wait for this
           * get to end. */
          if (wake_joiners)
            {
              wake_joiners = FALSE;
              g_cond_broadcast (&queue->all_tasks_done.cond);
            }
          waited = TRUE;
          if (!yield_once_locked (queue, &yielded, timeout_us, &deadline))
            in_time = wait_locked (queue, &queue->not_empty, timeout_us, &deadline);
          continue;
        }
      break;
    }

  if (status == PL_QUEUE_OK)
    {
      entry = pop_locked (queue);

      if (entry == PL_QUEUE_MARKER)
        {
          /* The consumer's task_done for the marker, done here for it. */
          entry = NULL;
          status = PL_QUEUE_CLOSED;
          queue->markers--;
          if (queue->markers > 0)
            find_next_marker_locked (queue);
          queue->markers_taken++;
          if (queue->unfinished > 0)
            {
              queue->unfinished--;
              if (queue->unfinished == 0 && claim_all_locked (&queue->all_tasks_done))
                wake_joiners = TRUE;
            }
        }
      else
        {
          queue->gets++;
          if (waited)
            queue->get_waits++;
        }

      wake_putter = has_room_locked (queue) && claim_one_locked (&queue->not_full);
    }

  queue_unlock (queue);

  if (wake_putter)
    g_cond_signal (&queue->not_full.cond);
  if (wake_joiners)
    g_cond_broadcast (&queue->all_tasks_done.cond);

  *item = entry;

  return status;
}

PlQueueStatus
pl_queue_get (PlQueue  *queue,
              gpointer *item,
              gint64    timeout_us)
{
  return _pl_queue_get_interruptible (queue, item, timeout_us, NULL, 0);
}

gboolean
pl_queue_task_done (PlQueue *queue)
{
  gboolean wake_joiners;

  g_return_val_if_fail (queue != NULL, FALSE);

  queue_lock (queue);

  if (queue->unfinished == 0)
    {
      queue_unlock (queue);
      return FALSE;
    }

  queue->unfinished--;
  wake_joiners = queue->unfinished == 0 && claim_all_locked (&queue->all_tasks_done);

  queue_unlock (queue);

  if (wake_joiners)
    g_cond_broadcast (&queue->all_tasks_done.cond);

  return TRUE;
}

gboolean
_pl_queue_join_interruptible (PlQueue    *queue,
                              gint64      timeout_us,
                              const gint *kick,
                              gint        seen)
{
  gboolean joined = FALSE;
  gboolean in_time = TRUE;
  gint64 deadline = 0;

  g_return_val_if_fail (queue != NULL, FALSE);

  queue_lock (queue);

  for (;;)
    {
      if (queue->unfinished == 0)
        {
          joined = TRUE;
          break;
        }
      if (timeout_us == 0 || !in_time || kicked (kick, seen))
        break;

      in_time = wait_locked (queue, &queue->all_tasks_done, timeout_us, &deadline);
    }

  queue_unlock (queue);

  return joined;
}

void
pl_queue_join (PlQueue *queue)
{
  g_return_if_fail (queue != NULL);

  _pl_queue_join_interruptible (queue, -1, NULL, 0);
}

gboolean
pl_queue_join_timeout (PlQueue *queue,
                       gint64   timeout_us)
{
  g_return_val_if_fail (queue != NULL, FALSE);

  return _pl_queue_join_interruptible (queue, timeout_us, NULL, 0);
}

PlQueueStatus
_pl_queue_close_interruptible (PlQueue    *queue,
                               gint64      timeout_us,
                               const gint *kick,
                               gint        seen)
{
  PlQueueStatus status;
  gboolean waited = FALSE;
  gboolean wake_getter = FALSE;

  g_return_val_if_fail (queue != NULL, PL_QUEUE_SHUT_DOWN);
  g_return_val_if_fail (!queue->sink, PL_QUEUE_SHUT_DOWN);

  queue_lock (queue);

  status = wait_for_room_locked (queue, timeout_us, kick, seen, &waited);
  if (status == PL_QUEUE_OK)
    {
      push_locked (queue, PL_QUEUE_MARKER);
      if (queue->markers == 0)
        queue->first_marker = ring_index (queue, queue->depth - 1);
      queue->markers++;
      queue->closes++;
      wake_getter = claim_one_locked (&queue->not_empty);
    }

  queue_unlock (queue);

  if (wake_getter)
    g_cond_signal (&queue->not_empty.cond);

  return status;
}

PlQueueStatus
pl_queue_close (PlQueue *queue,
                gint64   timeout_us)
{
  return _pl_queue_close_interruptible (queue, timeout_us, NULL, 0);
}

void
pl_queue_shutdown (PlQueue  *queue,
                   gboolean  immediate)
{
  g_autoptr(GPtrArray) doomed = NULL;
  gboolean wake_getters;
  gboolean wake_putters;
  gboolean wake_joiners = FALSE;

  g_return_if_fail (queue != NULL);

  queue_lock (queue);

  /* The state only moves forward: alive, shut down, immediate. */
  if (queue->is_immediate || (queue->is_shutdown && !immediate))
    {
      queue_unlock (queue);
      return;
    }

  queue->is_shutdown = TRUE;

  if (immediate)
    {
      queue->is_immediate = TRUE;

      /* Items are freed once the lock is released, so an item_free that
       * touches this or another queue cannot deadlock. */
      if (queue->item_free != NULL && queue->depth > queue->markers)
        doomed = g_ptr_array_sized_new (queue->depth - queue->markers);

      queue->unfinished -= MIN (queue->unfinished, queue->depth);
      while (queue->depth > 0)
        {
          gpointer entry = pop_locked (queue);

          if (entry == PL_QUEUE_MARKER)
            continue;
          queue->dropped++;
          if (doomed != NULL && entry != NULL)
            g_ptr_array_add (doomed, entry);
        }
      queue->head = 0;
      queue->markers = 0;

      wake_joiners = queue->unfinished == 0 && claim_all_locked (&queue->all_tasks_done);
    }

  wake_getters = claim_all_locked (&queue->not_empty);
  wake_putters = claim_all_locked (&queue->not_full);

  queue_unlock (queue);

  if (wake_getters)
    g_cond_broadcast (&queue->not_empty.cond);
  if (wake_putters)
    g_cond_broadcast (&queue->not_full.cond);
  if (wake_joiners)
    g_cond_broadcast (&queue->all_tasks_done.cond);

  if (doomed != NULL)
    {
      for (guint i = 0; i < doomed->len; i++)
        queue->item_free (g_ptr_array_index (doomed, i));
    }
}

gboolean
pl_queue_is_shutdown (PlQueue *queue)
{
  gboolean is_shutdown;

  g_return_val_if_fail (queue != NULL, FALSE);

  queue_lock (queue);
  is_shutdown = queue->is_shutdown;
  queue_unlock (queue);

  return is_shutdown;
}

void
pl_queue_set_capacity (PlQueue *queue,
                       guint    capacity)
{
  gboolean wake_putters;

  g_return_if_fail (queue != NULL);

  capacity = MIN (capacity, PL_QUEUE_MAX_CAPACITY);

  queue_lock (queue);

  /* The ring grows as entries come (see push_locked); shrinking keeps it,
   * since nothing is ever dropped. */
  queue->capacity = capacity;

  /* Several putters may fit at once after a raise, so all of them look. */
  wake_putters = has_room_locked (queue) && claim_all_locked (&queue->not_full);

  queue_unlock (queue);

  if (wake_putters)
    g_cond_broadcast (&queue->not_full.cond);
}

/* A getter's field, read under the lock. */
static guint
read_locked (PlQueue     *queue,
             const guint *field)
{
  guint value;

  queue_lock (queue);
  value = *field;
  queue_unlock (queue);

  return value;
}

guint
pl_queue_get_capacity (PlQueue *queue)
{
  g_return_val_if_fail (queue != NULL, 0);

  return read_locked (queue, &queue->capacity);
}

guint
pl_queue_get_depth (PlQueue *queue)
{
  g_return_val_if_fail (queue != NULL, 0);

  return read_locked (queue, &queue->depth);
}

guint
pl_queue_get_unfinished (PlQueue *queue)
{
  g_return_val_if_fail (queue != NULL, 0);

  return read_locked (queue, &queue->unfinished);
}

void
pl_queue_get_stats (PlQueue      *queue,
                    PlQueueStats *stats)
{
  g_return_if_fail (queue != NULL);
  g_return_if_fail (stats != NULL);

  queue_lock (queue);

  stats->capacity = queue->capacity;
  stats->depth = queue->depth;
  stats->max_depth = queue->max_depth;
  stats->unfinished = queue->unfinished;
  stats->markers = queue->markers;
  stats->first_marker = queue->markers > 0
                        ? (gint) ring_position (queue, queue->first_marker)
                        : -1;
  stats->closes = queue->closes;
  stats->getters_waiting = queue->not_empty.sleeping;
  stats->putters_waiting = queue->not_full.sleeping;
  stats->joiners_waiting = queue->all_tasks_done.sleeping;
  stats->puts = queue->puts;
  stats->gets = queue->gets;
  stats->put_waits = queue->put_waits;
  stats->get_waits = queue->get_waits;
  stats->markers_taken = queue->markers_taken;
  stats->dropped = queue->dropped;
  stats->is_shutdown = queue->is_shutdown;
  stats->is_immediate = queue->is_immediate;

  queue_unlock (queue);
}

void
_pl_queue_set_sink (PlQueue  *queue,
                    gboolean  sink)
{
  g_return_if_fail (queue != NULL);
  g_return_if_fail (queue->depth == 0 && queue->closes == 0);

  queue_lock (queue);
  queue->sink = !!sink;
  queue_unlock (queue);
}

void
_pl_queue_count_refused (PlQueue *queue)
{
  g_return_if_fail (queue != NULL);

  queue_lock (queue);
  queue->dropped++;
  queue_unlock (queue);
}

void
_pl_queue_wake_all (PlQueue *queue)
{
  g_return_if_fail (queue != NULL);

  /* Under the lock, so this wake is ordered after any waiter's kick check:
   * a waiter either saw the new kick value or is already asleep. */
  queue_lock (queue);
  queue->not_empty.woken = queue->not_empty.sleeping;
  queue->not_full.woken = queue->not_full.sleeping;
  queue->all_tasks_done.woken = queue->all_tasks_done.sleeping;
  g_cond_broadcast (&queue->not_empty.cond);
  g_cond_broadcast (&queue->not_full.cond);
  g_cond_broadcast (&queue->all_tasks_done.cond);
  queue_unlock (queue);
}
