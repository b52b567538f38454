/* pl-tsan-glib.c: GLib's locks and async queues, made visible to ThreadSanitizer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked into every program of a -Dsanitize=thread build, with
 * -Wl,--wrap for each function below. GLib is not built with the
 * sanitizer, and on Linux its GMutex and GCond sit on raw futexes, so the
 * sanitizer sees none of the ordering they give: every access made under a
 * GMutex, every item handed over through a GAsyncQueue, and every object
 * freed by the last of several threads to drop it would be reported as a
 * race. Each wrapper calls the real function and tells the
 * sanitizer what it just did: taking a lock acquires it, leaving one
 * releases it, and a queue releases on push and acquires on pop. Only calls
 * made from Pipeline Lab's own code pass through here; GLib's calls to
 * itself do not, and need no notes, since they hand over nothing of ours.
 *
 * This adds no ordering that the real calls do not give, so it hides no
 * race of ours: a mistake in how the code uses the locks still shows.
 *
 * It is the thread build's only mechanism: there is no suppressions file.
 * A suppression matches a report by the name of a function or a library on
 * its stack, so one written for GLib's queue would hide every race that
 * passes through it, ours included, and it would have to be kept in step
 * with GLib's internal names. These notes state what the real call does,
 * no more, and need nothing else.
 */

#include <glib.h>

void __tsan_acquire (void *addr);
void __tsan_release (void *addr);

void     __real_g_mutex_lock             (GMutex      *mutex);
gboolean __real_g_mutex_trylock          (GMutex      *mutex);
void     __real_g_mutex_unlock           (GMutex      *mutex);
void     __real_g_cond_wait              (GCond       *cond,
                                          GMutex      *mutex);
gboolean __real_g_cond_wait_until        (GCond       *cond,
                                          GMutex      *mutex,
                                          gint64       end_time);
void     __real_g_async_queue_push       (GAsyncQueue *queue,
                                          gpointer     data);
gpointer __real_g_async_queue_pop        (GAsyncQueue *queue);
gpointer __real_g_async_queue_try_pop    (GAsyncQueue *queue);
gpointer __real_g_async_queue_timeout_pop (GAsyncQueue *queue,
                                           guint64      timeout);
gboolean __real_g_atomic_ref_count_dec   (gatomicrefcount *arc);

void     __wrap_g_mutex_lock             (GMutex      *mutex);
gboolean __wrap_g_mutex_trylock          (GMutex      *mutex);
void     __wrap_g_mutex_unlock           (GMutex      *mutex);
void     __wrap_g_cond_wait              (GCond       *cond,
                                          GMutex      *mutex);
gboolean __wrap_g_cond_wait_until        (GCond       *cond,
                                          GMutex      *mutex,
                                          gint64       end_time);
void     __wrap_g_async_queue_push       (GAsyncQueue *queue,
                                          gpointer     data);
gpointer __wrap_g_async_queue_pop        (GAsyncQueue *queue);
gpointer __wrap_g_async_queue_try_pop    (GAsyncQueue *queue);
gpointer __wrap_g_async_queue_timeout_pop (GAsyncQueue *queue,
                                           guint64      timeout);
gboolean __wrap_g_atomic_ref_count_dec   (gatomicrefcount *arc);
void     __wrap_g_atomic_rc_box_release  (gpointer     mem_block);

void
__wrap_g_mutex_lock (GMutex *mutex)
{
  __real_g_mutex_lock (mutex);
  __tsan_acquire (mutex);
}

gboolean
__wrap_g_mutex_trylock (GMutex *mutex)
{
  if (!__real_g_mutex_trylock (mutex))
    return FALSE;

  __tsan_acquire (mutex);
  return TRUE;
}

void
__wrap_g_mutex_unlock (GMutex *mutex)
{
  __tsan_release (mutex);
  __real_g_mutex_unlock (mutex);
}

/* A wait leaves the lock while asleep and takes it again on waking. */
void
__wrap_g_cond_wait (GCond  *cond,
                    GMutex *mutex)
{
  __tsan_release (mutex);
  __real_g_cond_wait (cond, mutex);
  __tsan_acquire (mutex);
}

gboolean
__wrap_g_cond_wait_until (GCond  *cond,
                          GMutex *mutex,
                          gint64  end_time)
{
  gboolean signalled;

  __tsan_release (mutex);
  signalled = __real_g_cond_wait_until (cond, mutex, end_time);
  __tsan_acquire (mutex);

  return signalled;
}

/* The queue's lock orders every push before the pop that takes its item:
 * one release and one acquire on the queue say so. */
void
__wrap_g_async_queue_push (GAsyncQueue *queue,
                           gpointer     data)
{
  __tsan_release (queue);
  __real_g_async_queue_push (queue, data);
}

gpointer
__wrap_g_async_queue_pop (GAsyncQueue *queue)
{
  gpointer data = __real_g_async_queue_pop (queue);

  __tsan_acquire (queue);
  return data;
}

gpointer
__wrap_g_async_queue_try_pop (GAsyncQueue *queue)
{
  gpointer data = __real_g_async_queue_try_pop (queue);

  __tsan_acquire (queue);
  return data;
}

gpointer
__wrap_g_async_queue_timeout_pop (GAsyncQueue *queue,
                                  guint64      timeout)
{
  gpointer data = __real_g_async_queue_timeout_pop (queue, timeout);

  __tsan_acquire (queue);
  return data;
}

/* Reference counts: every thread that drops a reference releases, and the
 * one that drops the last acquires before anything is freed, so what the
 * others did with the object is ordered before its end. */
gboolean
__wrap_g_atomic_ref_count_dec (gatomicrefcount *arc)
{
  gboolean last;

  __tsan_release (arc);
  last = __real_g_atomic_ref_count_dec (arc);
  if (last)
    __tsan_acquire (arc);

  return last;
}

/* Called by GLib in the last releaser only, just before it frees. */
static void
acquire_before_free (gpointer mem_block)
{
  __tsan_acquire (mem_block);
}

void
__wrap_g_atomic_rc_box_release (gpointer mem_block)
{
  __tsan_release (mem_block);
  /* The same release, with a hook in the last one; not itself wrapped. */
  g_atomic_rc_box_release_full (mem_block, acquire_before_free);
}
