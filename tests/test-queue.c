/* test-queue.c: the queue's contract, one clause per test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocking is proven through the queue's own waiter counts: a thread is known
 * to be blocked once the stats show it waiting, never because some time has
 * passed. Every wait here has a bound, so a broken queue fails, not hangs.
 */

#include "config.h"

#include <glib.h>

#include "pl-queue.h"
#include "pl-queue-private.h"

#define BOUND_US     (30 * G_USEC_PER_SEC)
#define SHORT_US     (20 * 1000)

/* Items with an owner: the fixture checks that every one is freed once. */
static gint tracked_live;
static gint tracked_freed;

typedef struct
{
  guint id;
} Tracked;

static Tracked *
tracked_new (guint id)
{
  Tracked *tracked = g_new0 (Tracked, 1);

  tracked->id = id;
  g_atomic_int_inc (&tracked_live);

  return tracked;
}

static void
tracked_free (gpointer data)
{
  g_assert_nonnull (data);
  g_atomic_int_add (&tracked_live, -1);
  g_atomic_int_inc (&tracked_freed);
  g_free (data);
}

typedef struct
{
  gint unused;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_atomic_int_set (&tracked_live, 0);
  g_atomic_int_set (&tracked_freed, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_cmpint (g_atomic_int_get (&tracked_live), ==, 0);
}

/* One queue call run on its own thread. */
typedef enum
{
  CALL_PUT,
  CALL_GET,
  CALL_CLOSE,
  CALL_JOIN,
  CALL_DONE_AND_GET,
} CallKind;

typedef struct
{
  PlQueue       *queue;
  CallKind       kind;
  gpointer       item;
  gint64         timeout_us;
  const gint    *kick;
  gint           seen;

  PlQueueStatus  status;
  gboolean       joined;
  gint           finished;
  GThread       *thread;
} Call;

static gpointer
call_thread (gpointer data)
{
  Call *call = data;

  switch (call->kind)
    {
    case CALL_PUT:
      call->status = _pl_queue_put_interruptible (call->queue, call->item, call->timeout_us,
                                                  call->kick, call->seen);
      break;
    case CALL_GET:
      call->status = _pl_queue_get_interruptible (call->queue, &call->item, call->timeout_us,
                                                  call->kick, call->seen);
      break;
    case CALL_CLOSE:
      call->status = _pl_queue_close_interruptible (call->queue, call->timeout_us,
                                                    call->kick, call->seen);
      break;
    case CALL_JOIN:
      call->joined = _pl_queue_join_interruptible (call->queue, call->timeout_us,
                                                   call->kick, call->seen);
      break;
    case CALL_DONE_AND_GET:
      call->status = _pl_queue_done_and_get (call->queue, TRUE, &call->item, call->timeout_us,
                                             call->kick, call->seen);
      break;
    default:
      g_assert_not_reached ();
    }

  g_atomic_int_set (&call->finished, 1);

  return NULL;
}

static Call *
call_start_kicked (PlQueue    *queue,
                   CallKind    kind,
                   gpointer    item,
                   const gint *kick,
                   gint        seen)
{
  Call *call = g_new0 (Call, 1);

  call->queue = queue;
  call->kind = kind;
  call->item = item;
  call->timeout_us = -1;
  call->kick = kick;
  call->seen = seen;
  call->status = -1;
  call->thread = g_thread_new ("queue-call", call_thread, call);

  return call;
}

static Call *
call_start (PlQueue  *queue,
            CallKind  kind,
            gpointer  item)
{
  return call_start_kicked (queue, kind, item, NULL, 0);
}

static gboolean
call_is_finished (Call *call)
{
  return g_atomic_int_get (&call->finished);
}

static void
call_finish (Call *call)
{
  gint64 deadline = g_get_monotonic_time () + BOUND_US;

  while (!call_is_finished (call))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("a queue call did not return within %d s", (int) (BOUND_US / G_USEC_PER_SEC));
      g_usleep (500);
    }

  g_thread_join (call->thread);
  call->thread = NULL;
}

static void
call_free (Call *call)
{
  g_assert_null (call->thread);
  g_free (call);
}

static PlQueueStats
stats_of (PlQueue *queue)
{
  PlQueueStats stats;

  pl_queue_get_stats (queue, &stats);

  return stats;
}

/* Polls the stats until the given numbers of threads sleep in the queue. */
static void
wait_for_waiters (PlQueue *queue,
                  guint    getters,
                  guint    putters,
                  guint    joiners)
{
  gint64 deadline = g_get_monotonic_time () + BOUND_US;

  for (;;)
    {
      PlQueueStats stats = stats_of (queue);

      if (stats.getters_waiting == getters
          && stats.putters_waiting == putters
          && stats.joiners_waiting == joiners)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("waiters never reached %u getters, %u putters, %u joiners "
                 "(saw %u, %u, %u)", getters, putters, joiners,
                 stats.getters_waiting, stats.putters_waiting, stats.joiners_waiting);
      g_usleep (500);
    }
}

static void
put_ok (PlQueue  *queue,
        gpointer  item)
{
  g_assert_cmpint (pl_queue_put (queue, item, 0), ==, PL_QUEUE_OK);
}

static gpointer
get_ok (PlQueue *queue)
{
  gpointer item = GINT_TO_POINTER (-1);

  g_assert_cmpint (pl_queue_get (queue, &item, 0), ==, PL_QUEUE_OK);

  return item;
}

static void
test_fifo_order (Fixture       *fixture,
                 gconstpointer  data)
{
  const guint capacities[] = { 0, 100 };

  for (guint c = 0; c < G_N_ELEMENTS (capacities); c++)
    {
      g_autoptr(PlQueue) queue = pl_queue_new (capacities[c], NULL);
      PlQueueStats stats;

      for (guint i = 1; i <= 100; i++)
        put_ok (queue, GUINT_TO_POINTER (i));
      g_assert_cmpuint (pl_queue_get_depth (queue), ==, 100);
      g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 100);

      for (guint i = 1; i <= 100; i++)
        g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, i);

      stats = stats_of (queue);
      g_assert_cmpuint (stats.depth, ==, 0);
      g_assert_cmpuint (stats.puts, ==, 100);
      g_assert_cmpuint (stats.gets, ==, 100);
      g_assert_cmpuint (stats.unfinished, ==, 100);
      g_assert_cmpuint (stats.capacity, ==, capacities[c]);
    }
}

static void
test_put_blocks_when_full (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (2, NULL);
  Call *put;

  put_ok (queue, GUINT_TO_POINTER (1));
  put_ok (queue, GUINT_TO_POINTER (2));

  put = call_start (queue, CALL_PUT, GUINT_TO_POINTER (3));
  wait_for_waiters (queue, 0, 1, 0);
  g_assert_false (call_is_finished (put));
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 2);

  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 1);
  call_finish (put);
  g_assert_cmpint (put->status, ==, PL_QUEUE_OK);

  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 3);
  call_free (put);
}

static void
test_get_blocks_when_empty (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (4, NULL);
  Call *get;

  get = call_start (queue, CALL_GET, NULL);
  wait_for_waiters (queue, 1, 0, 0);
  g_assert_false (call_is_finished (get));

  put_ok (queue, GUINT_TO_POINTER (42));
  call_finish (get);
  g_assert_cmpint (get->status, ==, PL_QUEUE_OK);
  g_assert_cmpuint (GPOINTER_TO_UINT (get->item), ==, 42);
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 0);
  call_free (get);
}

static void
test_timeout_zero_never_waits (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);
  gpointer item = GUINT_TO_POINTER (7);
  PlQueueStats stats;

  g_assert_cmpint (pl_queue_get (queue, &item, 0), ==, PL_QUEUE_EMPTY);
  g_assert_null (item);

  put_ok (queue, GUINT_TO_POINTER (1));
  g_assert_cmpint (pl_queue_put (queue, GUINT_TO_POINTER (2), 0), ==, PL_QUEUE_FULL);
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_FULL);
  g_assert_false (pl_queue_join_timeout (queue, 0));

  stats = stats_of (queue);
  g_assert_cmpuint (stats.depth, ==, 1);
  g_assert_cmpuint (stats.puts, ==, 1);
  g_assert_cmpuint (stats.closes, ==, 0);
  g_assert_cmpuint (stats.markers, ==, 0);
  g_assert_cmpuint (stats.put_waits, ==, 0);
  g_assert_cmpuint (stats.get_waits, ==, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 1);
}

static void
test_timeout_expires_empty (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, NULL);
  gpointer item = GUINT_TO_POINTER (7);
  PlQueueStats stats;

  g_assert_cmpint (pl_queue_get (queue, &item, SHORT_US), ==, PL_QUEUE_EMPTY);
  g_assert_null (item);

  stats = stats_of (queue);
  g_assert_cmpuint (stats.gets, ==, 0);
  g_assert_cmpuint (stats.get_waits, ==, 0);
  g_assert_cmpuint (stats.getters_waiting, ==, 0);

  /* A wait that ends in time still delivers. */
  put_ok (queue, GUINT_TO_POINTER (5));
  g_assert_cmpint (pl_queue_get (queue, &item, SHORT_US), ==, PL_QUEUE_OK);
  g_assert_cmpuint (GPOINTER_TO_UINT (item), ==, 5);
}

static void
test_timeout_expires_full (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);
  PlQueueStats stats;

  put_ok (queue, GUINT_TO_POINTER (1));
  g_assert_cmpint (pl_queue_put (queue, GUINT_TO_POINTER (2), SHORT_US), ==, PL_QUEUE_FULL);
  g_assert_cmpint (pl_queue_close (queue, SHORT_US), ==, PL_QUEUE_FULL);

  stats = stats_of (queue);
  g_assert_cmpuint (stats.depth, ==, 1);
  g_assert_cmpuint (stats.unfinished, ==, 1);
  g_assert_cmpuint (stats.puts, ==, 1);
  g_assert_cmpuint (stats.put_waits, ==, 0);
  g_assert_cmpuint (stats.closes, ==, 0);
  g_assert_cmpuint (stats.putters_waiting, ==, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 1);
  g_assert_cmpint (pl_queue_get (queue, &(gpointer) { NULL }, 0), ==, PL_QUEUE_EMPTY);
}

static void
test_null_items (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, tracked_free);
  Tracked *tracked = tracked_new (1);
  gpointer item = GUINT_TO_POINTER (7);

  put_ok (queue, NULL);
  put_ok (queue, tracked);
  put_ok (queue, NULL);
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);
  put_ok (queue, NULL);

  /* NULL is an item like any other, never mistaken for the marker. */
  g_assert_cmpint (pl_queue_get (queue, &item, 0), ==, PL_QUEUE_OK);
  g_assert_null (item);
  g_assert_true (get_ok (queue) == tracked);
  g_assert_cmpint (pl_queue_get (queue, &item, 0), ==, PL_QUEUE_OK);
  g_assert_null (item);
  g_assert_cmpint (pl_queue_get (queue, &item, 0), ==, PL_QUEUE_CLOSED);

  g_assert_cmpuint (stats_of (queue).gets, ==, 3);
  tracked_free (tracked);

  /* The trailing NULL is left for unref, which must not pass it to item_free
   * (tracked_free asserts on NULL). */
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 1);
}

static void
test_task_done_without_task (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, NULL);

  g_assert_false (pl_queue_task_done (queue));
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 0);

  put_ok (queue, GUINT_TO_POINTER (1));
  put_ok (queue, GUINT_TO_POINTER (2));
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 2);
  get_ok (queue);
  g_assert_true (pl_queue_task_done (queue));
  get_ok (queue);
  g_assert_true (pl_queue_task_done (queue));
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 0);

  g_assert_false (pl_queue_task_done (queue));
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 0);
  g_assert_cmpuint (stats_of (queue).gets, ==, 2);
}

static void
test_join_waits_for_task_done (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, NULL);
  Call *join;

  for (guint i = 0; i < 3; i++)
    put_ok (queue, GUINT_TO_POINTER (i));

  join = call_start (queue, CALL_JOIN, NULL);
  wait_for_waiters (queue, 0, 0, 1);

  /* Taking the items is not enough; each must be marked done. */
  for (guint i = 0; i < 3; i++)
    get_ok (queue);
  g_assert_true (pl_queue_task_done (queue));
  g_assert_true (pl_queue_task_done (queue));
  g_assert_false (pl_queue_join_timeout (queue, 0));
  g_assert_false (call_is_finished (join));
  g_assert_cmpuint (stats_of (queue).joiners_waiting, ==, 1);

  g_assert_true (pl_queue_task_done (queue));
  call_finish (join);
  g_assert_true (join->joined);
  g_assert_true (pl_queue_join_timeout (queue, 0));
  call_free (join);
}

/* A worker's task_done rides on its next get, under one lock. The join it
 * frees must return at once, while that get still sleeps on an empty
 * queue; and the task_done counts whatever the get then returns. */
static void
test_done_and_get (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (4, NULL);
  gpointer item = NULL;
  Call *join;
  Call *get;

  put_ok (queue, GUINT_TO_POINTER (1));
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 1);

  join = call_start (queue, CALL_JOIN, NULL);
  wait_for_waiters (queue, 0, 0, 1);

  get = call_start (queue, CALL_DONE_AND_GET, NULL);
  call_finish (join);
  g_assert_true (join->joined);
  wait_for_waiters (queue, 1, 0, 0);
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 0);
  g_assert_false (call_is_finished (get));

  put_ok (queue, GUINT_TO_POINTER (2));
  call_finish (get);
  g_assert_cmpint (get->status, ==, PL_QUEUE_OK);
  g_assert_cmpuint (GPOINTER_TO_UINT (get->item), ==, 2);
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 1);

  /* Done, then an empty poll: the task_done still counts. */
  g_assert_cmpint (_pl_queue_done_and_get (queue, TRUE, &item, 0, NULL, 0), ==, PL_QUEUE_EMPTY);
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 0);
  /* With nothing unfinished, it changes nothing, as task_done would. */
  g_assert_cmpint (_pl_queue_done_and_get (queue, TRUE, &item, 0, NULL, 0), ==, PL_QUEUE_EMPTY);
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 0);
  g_assert_true (pl_queue_join_timeout (queue, 0));

  call_free (join);
  call_free (get);
}

static void
test_join_returns_at_once_when_idle (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (2, NULL);
  Call *join;

  g_assert_true (pl_queue_join_timeout (queue, 0));

  /* The plain join, on a thread so that a broken queue cannot hang us. */
  join = call_start (queue, CALL_JOIN, NULL);
  call_finish (join);
  g_assert_true (join->joined);
  call_free (join);

  put_ok (queue, GUINT_TO_POINTER (1));
  get_ok (queue);
  g_assert_true (pl_queue_task_done (queue));
  g_assert_true (pl_queue_join_timeout (queue, 0));
  g_assert_cmpuint (stats_of (queue).joiners_waiting, ==, 0);
}

static void
test_close_marker_counts_as_task (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (4, NULL);
  gpointer item = GUINT_TO_POINTER (7);
  PlQueueStats stats;

  put_ok (queue, GUINT_TO_POINTER (1));
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);

  stats = stats_of (queue);
  g_assert_cmpuint (stats.depth, ==, 2);
  g_assert_cmpuint (stats.unfinished, ==, 2);
  g_assert_cmpuint (stats.markers, ==, 1);
  g_assert_cmpint (stats.first_marker, ==, 1);
  g_assert_cmpuint (stats.closes, ==, 1);
  g_assert_cmpuint (stats.puts, ==, 1);

  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 1);
  g_assert_true (pl_queue_task_done (queue));
  g_assert_cmpint (stats_of (queue).first_marker, ==, 0);

  /* Meeting the marker marks it done: the consumer has nothing left to do. */
  g_assert_cmpint (pl_queue_get (queue, &item, 0), ==, PL_QUEUE_CLOSED);
  g_assert_null (item);
  stats = stats_of (queue);
  g_assert_cmpuint (stats.unfinished, ==, 0);
  g_assert_cmpuint (stats.depth, ==, 0);
  g_assert_cmpuint (stats.markers, ==, 0);
  g_assert_cmpint (stats.first_marker, ==, -1);
  g_assert_cmpuint (stats.markers_taken, ==, 1);
  g_assert_cmpuint (stats.gets, ==, 1);
  g_assert_false (pl_queue_task_done (queue));
  g_assert_true (pl_queue_join_timeout (queue, 0));
}

static void
test_close_wakes_consumers (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, NULL);
  Call *gets[3];

  for (guint i = 0; i < G_N_ELEMENTS (gets); i++)
    gets[i] = call_start (queue, CALL_GET, GUINT_TO_POINTER (7));
  wait_for_waiters (queue, G_N_ELEMENTS (gets), 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (gets); i++)
    g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);

  for (guint i = 0; i < G_N_ELEMENTS (gets); i++)
    {
      call_finish (gets[i]);
      g_assert_cmpint (gets[i]->status, ==, PL_QUEUE_CLOSED);
      g_assert_null (gets[i]->item);
      call_free (gets[i]);
    }

  g_assert_cmpuint (stats_of (queue).markers_taken, ==, G_N_ELEMENTS (gets));
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 0);
}

static void
test_close_waits_for_room (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);
  gpointer item = NULL;
  Call *close;

  put_ok (queue, GUINT_TO_POINTER (1));
  close = call_start (queue, CALL_CLOSE, NULL);
  wait_for_waiters (queue, 0, 1, 0);
  g_assert_false (call_is_finished (close));
  g_assert_cmpuint (stats_of (queue).closes, ==, 0);

  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 1);
  call_finish (close);
  g_assert_cmpint (close->status, ==, PL_QUEUE_OK);
  g_assert_cmpuint (stats_of (queue).closes, ==, 1);
  g_assert_cmpuint (stats_of (queue).max_depth, ==, 1);
  g_assert_cmpint (pl_queue_get (queue, &item, 0), ==, PL_QUEUE_CLOSED);
  call_free (close);
}

typedef struct
{
  PlQueue *queue;
  guint    items;
  guint    closed;
} Consumer;

static gpointer
consumer_thread (gpointer data)
{
  Consumer *consumer = data;

  for (;;)
    {
      gpointer item;
      PlQueueStatus status = pl_queue_get (consumer->queue, &item, BOUND_US);

      g_assert_cmpint (status, !=, PL_QUEUE_EMPTY);
      if (status == PL_QUEUE_CLOSED)
        {
          consumer->closed++;
          break;
        }
      g_assert_cmpint (status, ==, PL_QUEUE_OK);
      consumer->items++;
      g_assert_true (pl_queue_task_done (consumer->queue));
    }

  return NULL;
}

static void
test_one_marker_per_consumer (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (4, NULL);
  Consumer consumers[3] = { { 0, } };
  GThread *threads[3];
  guint total = 0;

  for (guint i = 0; i < 3; i++)
    {
      consumers[i].queue = queue;
      threads[i] = g_thread_new ("consumer", consumer_thread, &consumers[i]);
    }

  for (guint i = 0; i < 300; i++)
    g_assert_cmpint (pl_queue_put (queue, GUINT_TO_POINTER (i), BOUND_US), ==, PL_QUEUE_OK);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (pl_queue_close (queue, BOUND_US), ==, PL_QUEUE_OK);

  /* Each consumer stops at the first marker it meets, so each takes one. */
  g_assert_true (pl_queue_join_timeout (queue, BOUND_US));
  for (guint i = 0; i < 3; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (consumers[i].closed, ==, 1);
      total += consumers[i].items;
    }

  g_assert_cmpuint (total, ==, 300);
  g_assert_cmpuint (stats_of (queue).markers_taken, ==, 3);
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 0);
}

static void
test_shutdown_refuses_puts (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, NULL);
  PlQueueStats stats;

  g_assert_false (pl_queue_is_shutdown (queue));
  pl_queue_shutdown (queue, FALSE);
  g_assert_true (pl_queue_is_shutdown (queue));

  g_assert_cmpint (pl_queue_put (queue, GUINT_TO_POINTER (1), 0), ==, PL_QUEUE_SHUT_DOWN);
  g_assert_cmpint (pl_queue_put (queue, GUINT_TO_POINTER (1), -1), ==, PL_QUEUE_SHUT_DOWN);
  g_assert_cmpint (pl_queue_close (queue, -1), ==, PL_QUEUE_SHUT_DOWN);

  stats = stats_of (queue);
  g_assert_cmpuint (stats.depth, ==, 0);
  g_assert_cmpuint (stats.puts, ==, 0);
  g_assert_cmpuint (stats.closes, ==, 0);
  g_assert_cmpuint (stats.unfinished, ==, 0);
  g_assert_true (stats.is_shutdown);
  g_assert_false (stats.is_immediate);
}

static void
test_shutdown_wakes_waiting_put (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);
  Call *put;
  Call *close;

  put_ok (queue, GUINT_TO_POINTER (1));
  put = call_start (queue, CALL_PUT, GUINT_TO_POINTER (2));
  close = call_start (queue, CALL_CLOSE, NULL);
  wait_for_waiters (queue, 0, 2, 0);

  pl_queue_shutdown (queue, FALSE);
  call_finish (put);
  call_finish (close);
  g_assert_cmpint (put->status, ==, PL_QUEUE_SHUT_DOWN);
  g_assert_cmpint (close->status, ==, PL_QUEUE_SHUT_DOWN);

  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 1);
  g_assert_cmpuint (stats_of (queue).puts, ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 1);
  call_free (put);
  call_free (close);
}

static void
test_shutdown_drains_then_refuses (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, NULL);
  gpointer item;

  put_ok (queue, GUINT_TO_POINTER (1));
  put_ok (queue, GUINT_TO_POINTER (2));
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);
  pl_queue_shutdown (queue, FALSE);

  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 2);
  g_assert_cmpint (pl_queue_get (queue, &item, -1), ==, PL_QUEUE_CLOSED);

  /* Drained: even a get willing to wait forever is refused at once. */
  item = GUINT_TO_POINTER (7);
  g_assert_cmpint (pl_queue_get (queue, &item, -1), ==, PL_QUEUE_SHUT_DOWN);
  g_assert_null (item);
  g_assert_cmpint (pl_queue_get (queue, &item, 0), ==, PL_QUEUE_SHUT_DOWN);
  g_assert_cmpuint (stats_of (queue).gets, ==, 2);
}

static void
test_shutdown_wakes_waiting_gets (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (2, NULL);
  Call *gets[2];

  for (guint i = 0; i < G_N_ELEMENTS (gets); i++)
    gets[i] = call_start (queue, CALL_GET, GUINT_TO_POINTER (7));
  wait_for_waiters (queue, G_N_ELEMENTS (gets), 0, 0);

  pl_queue_shutdown (queue, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (gets); i++)
    {
      call_finish (gets[i]);
      g_assert_cmpint (gets[i]->status, ==, PL_QUEUE_SHUT_DOWN);
      g_assert_null (gets[i]->item);
      call_free (gets[i]);
    }
  g_assert_cmpuint (stats_of (queue).getters_waiting, ==, 0);
}

static void
test_shutdown_immediate_drops_and_frees (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, tracked_free);
  Tracked *kept;
  Tracked *refused;
  gpointer item;
  PlQueueStats stats;

  for (guint i = 0; i < 4; i++)
    put_ok (queue, tracked_new (i));
  put_ok (queue, NULL);
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);

  /* One item is out with a consumer: it is not the queue's to free. */
  kept = get_ok (queue);
  g_assert_cmpuint (kept->id, ==, 0);

  pl_queue_shutdown (queue, TRUE);
  g_assert_cmpint (g_atomic_int_get (&tracked_freed), ==, 3);
  g_assert_cmpint (g_atomic_int_get (&tracked_live), ==, 1);

  stats = stats_of (queue);
  g_assert_cmpuint (stats.depth, ==, 0);
  g_assert_cmpuint (stats.markers, ==, 0);
  g_assert_cmpint (stats.first_marker, ==, -1);
  g_assert_cmpuint (stats.dropped, ==, 4);   /* three tracked items and the NULL */
  g_assert_cmpuint (stats.unfinished, ==, 1);
  g_assert_true (stats.is_shutdown);
  g_assert_true (stats.is_immediate);

  g_assert_cmpint (pl_queue_get (queue, &item, -1), ==, PL_QUEUE_SHUT_DOWN);
  refused = tracked_new (9);
  g_assert_cmpint (pl_queue_put (queue, refused, 0), ==, PL_QUEUE_SHUT_DOWN);
  g_assert_true (pl_queue_task_done (queue));
  g_assert_true (pl_queue_join_timeout (queue, 0));

  /* Both the consumer's item and the refused one are still the caller's. */
  g_assert_cmpint (g_atomic_int_get (&tracked_live), ==, 2);
  tracked_free (kept);
  tracked_free (refused);
}

static void
test_shutdown_immediate_wakes_join (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, NULL);
  g_autoptr(PlQueue) busy = pl_queue_new (0, NULL);
  Call *join;
  Call *busy_join;

  put_ok (queue, GUINT_TO_POINTER (1));
  put_ok (queue, GUINT_TO_POINTER (2));
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);
  join = call_start (queue, CALL_JOIN, NULL);
  wait_for_waiters (queue, 0, 0, 1);

  pl_queue_shutdown (queue, TRUE);
  call_finish (join);
  g_assert_true (join->joined);
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 0);
  call_free (join);

  /* A task still held by a consumer keeps the join waiting until done. */
  put_ok (busy, GUINT_TO_POINTER (1));
  put_ok (busy, GUINT_TO_POINTER (2));
  get_ok (busy);
  busy_join = call_start (busy, CALL_JOIN, NULL);
  wait_for_waiters (busy, 0, 0, 1);
  pl_queue_shutdown (busy, TRUE);
  g_assert_cmpuint (pl_queue_get_unfinished (busy), ==, 1);
  g_assert_false (call_is_finished (busy_join));
  g_assert_cmpuint (stats_of (busy).joiners_waiting, ==, 1);

  g_assert_true (pl_queue_task_done (busy));
  call_finish (busy_join);
  g_assert_true (busy_join->joined);
  call_free (busy_join);
}

static void
test_shutdown_state_only_moves_forward (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, tracked_free);
  PlQueueStats stats;
  gpointer item;

  put_ok (queue, tracked_new (1));
  put_ok (queue, tracked_new (2));

  pl_queue_shutdown (queue, FALSE);
  pl_queue_shutdown (queue, FALSE);
  stats = stats_of (queue);
  g_assert_true (stats.is_shutdown);
  g_assert_false (stats.is_immediate);
  g_assert_cmpuint (stats.depth, ==, 2);
  g_assert_cmpuint (stats.dropped, ==, 0);

  pl_queue_shutdown (queue, TRUE);
  stats = stats_of (queue);
  g_assert_true (stats.is_immediate);
  g_assert_cmpuint (stats.depth, ==, 0);
  g_assert_cmpuint (stats.dropped, ==, 2);

  /* A gentler shutdown afterwards cannot undo the immediate one. */
  pl_queue_shutdown (queue, FALSE);
  pl_queue_shutdown (queue, TRUE);
  stats = stats_of (queue);
  g_assert_true (stats.is_shutdown);
  g_assert_true (stats.is_immediate);
  g_assert_cmpuint (stats.dropped, ==, 2);
  g_assert_cmpint (g_atomic_int_get (&tracked_freed), ==, 2);
  g_assert_true (pl_queue_is_shutdown (queue));
  g_assert_cmpint (pl_queue_get (queue, &item, 0), ==, PL_QUEUE_SHUT_DOWN);
}

static void
test_shutdown_immediate_wakes_waiters (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(PlQueue) full = pl_queue_new (1, NULL);
  g_autoptr(PlQueue) empty = pl_queue_new (1, NULL);
  Call *put;
  Call *close;
  Call *gets[2];

  /* Waiting puts and closes on a full queue, waiting gets on an empty one:
   * an immediate shutdown refuses every one of them at once. */
  put_ok (full, GUINT_TO_POINTER (1));
  put = call_start (full, CALL_PUT, GUINT_TO_POINTER (2));
  close = call_start (full, CALL_CLOSE, NULL);
  wait_for_waiters (full, 0, 2, 0);
  for (guint i = 0; i < G_N_ELEMENTS (gets); i++)
    gets[i] = call_start (empty, CALL_GET, GUINT_TO_POINTER (7));
  wait_for_waiters (empty, G_N_ELEMENTS (gets), 0, 0);

  pl_queue_shutdown (full, TRUE);
  pl_queue_shutdown (empty, TRUE);

  call_finish (put);
  call_finish (close);
  g_assert_cmpint (put->status, ==, PL_QUEUE_SHUT_DOWN);
  g_assert_cmpint (close->status, ==, PL_QUEUE_SHUT_DOWN);
  for (guint i = 0; i < G_N_ELEMENTS (gets); i++)
    {
      call_finish (gets[i]);
      g_assert_cmpint (gets[i]->status, ==, PL_QUEUE_SHUT_DOWN);
      g_assert_null (gets[i]->item);
      call_free (gets[i]);
    }
  g_assert_cmpuint (stats_of (full).dropped, ==, 1);
  g_assert_cmpuint (stats_of (full).puts, ==, 1);
  g_assert_cmpuint (stats_of (full).closes, ==, 0);
  g_assert_cmpuint (stats_of (full).unfinished, ==, 0);
  call_free (put);
  call_free (close);
}

/* The engine's put that stamps an item when it gets in after a wait. */
typedef struct
{
  PlQueue       *queue;
  gint64         stamp;
  PlQueueStatus  status;
} StampedPut;

static gpointer
stamped_put_thread (gpointer data)
{
  StampedPut *put = data;

  put->status = _pl_queue_put_stamped (put->queue, GUINT_TO_POINTER (2), -1, NULL, 0,
                                       &put->stamp);

  return NULL;
}

static void
test_put_stamped (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);
  StampedPut put = { queue, 0, -1 };
  gint64 stamp = 0;
  gint64 before_get;
  GThread *thread;

  /* No wait: the caller's own stamp stands. */
  g_assert_cmpint (_pl_queue_put_stamped (queue, GUINT_TO_POINTER (1), -1, NULL, 0, &stamp),
                   ==, PL_QUEUE_OK);
  g_assert_cmpint (stamp, ==, 0);

  thread = g_thread_new ("stamped-put", stamped_put_thread, &put);
  wait_for_waiters (queue, 0, 1, 0);
  before_get = g_get_monotonic_time ();
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 1);
  g_thread_join (thread);

  /* It got in only after the get made room. */
  g_assert_cmpint (put.status, ==, PL_QUEUE_OK);
  g_assert_cmpint (put.stamp, >=, before_get);
  g_assert_cmpuint (stats_of (queue).put_waits, ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 2);
}

static void
test_capacity_grow_wakes_putters (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);
  Call *puts[2];
  Call *last;

  put_ok (queue, GUINT_TO_POINTER (1));
  for (guint i = 0; i < G_N_ELEMENTS (puts); i++)
    puts[i] = call_start (queue, CALL_PUT, GUINT_TO_POINTER (2 + i));
  wait_for_waiters (queue, 0, 2, 0);

  pl_queue_set_capacity (queue, 3);
  g_assert_cmpuint (pl_queue_get_capacity (queue), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (puts); i++)
    {
      call_finish (puts[i]);
      g_assert_cmpint (puts[i]->status, ==, PL_QUEUE_OK);
      call_free (puts[i]);
    }
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 3);

  /* Raising to unbounded releases a putter as well. */
  last = call_start (queue, CALL_PUT, GUINT_TO_POINTER (4));
  wait_for_waiters (queue, 0, 1, 0);
  pl_queue_set_capacity (queue, 0);
  call_finish (last);
  g_assert_cmpint (last->status, ==, PL_QUEUE_OK);
  call_free (last);

  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 1);
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 3);
  g_assert_cmpuint (stats_of (queue).put_waits, ==, 3);
}

/* A capacity has an upper bound, and the ring grows only as entries come:
 * asking for the largest guint used to allocate 32 GiB up front. */
static void
test_capacity_upper_bound (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PlQueue) huge = pl_queue_new (G_MAXUINT, NULL);
  g_autoptr(PlQueue) raised = pl_queue_new (1, NULL);
  gpointer item;

  g_assert_cmpuint (pl_queue_get_capacity (huge), ==, PL_QUEUE_MAX_CAPACITY);
  for (guint i = 0; i < 100000; i++)
    put_ok (huge, GUINT_TO_POINTER (i));
  for (guint i = 0; i < 100000; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (huge)), ==, i);
  g_assert_cmpint (pl_queue_get (huge, &item, 0), ==, PL_QUEUE_EMPTY);

  put_ok (raised, GUINT_TO_POINTER (7));
  g_assert_cmpint (pl_queue_put (raised, GUINT_TO_POINTER (8), 0), ==, PL_QUEUE_FULL);
  pl_queue_set_capacity (raised, G_MAXUINT);
  g_assert_cmpuint (pl_queue_get_capacity (raised), ==, PL_QUEUE_MAX_CAPACITY);
  for (guint i = 8; i < 5000; i++)
    put_ok (raised, GUINT_TO_POINTER (i));
  for (guint i = 7; i < 5000; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (raised)), ==, i);
}

/* A sink counts puts and depth like any queue but keeps no pointer. */
static void
test_sink_counts_without_keeping (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, NULL);
  PlQueueStats stats;
  gpointer item = GUINT_TO_POINTER (1);

  _pl_queue_set_sink (queue, TRUE);
  for (guint i = 1; i <= 3; i++)
    put_ok (queue, GUINT_TO_POINTER (i));
  stats = stats_of (queue);
  g_assert_cmpuint (stats.depth, ==, 3);
  g_assert_cmpuint (stats.max_depth, ==, 3);
  g_assert_cmpuint (stats.puts, ==, 3);
  g_assert_cmpuint (stats.unfinished, ==, 3);

  g_assert_cmpint (pl_queue_get (queue, &item, 0), ==, PL_QUEUE_OK);
  g_assert_null (item);
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 2);

  /* Shut down, it refuses puts and keeps its count; a refusal the putter
   * reports is counted as dropped. */
  pl_queue_shutdown (queue, FALSE);
  g_assert_cmpint (pl_queue_put (queue, GUINT_TO_POINTER (4), 0), ==, PL_QUEUE_SHUT_DOWN);
  _pl_queue_count_refused (queue);
  stats = stats_of (queue);
  g_assert_cmpuint (stats.puts, ==, 3);
  g_assert_cmpuint (stats.depth, ==, 2);
  g_assert_cmpuint (stats.dropped, ==, 1);
}

static void
test_capacity_shrink_keeps_items (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (4, NULL);
  Call *put;

  for (guint i = 1; i <= 4; i++)
    put_ok (queue, GUINT_TO_POINTER (i));

  pl_queue_set_capacity (queue, 2);
  g_assert_cmpuint (pl_queue_get_capacity (queue), ==, 2);
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 4);
  g_assert_cmpint (pl_queue_put (queue, GUINT_TO_POINTER (9), 0), ==, PL_QUEUE_FULL);

  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 1);
  g_assert_cmpint (pl_queue_put (queue, GUINT_TO_POINTER (9), 0), ==, PL_QUEUE_FULL);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 2);
  g_assert_cmpint (pl_queue_put (queue, GUINT_TO_POINTER (9), 0), ==, PL_QUEUE_FULL);

  /* Below the new capacity a waiting putter gets in, behind the old items. */
  put = call_start (queue, CALL_PUT, GUINT_TO_POINTER (5));
  wait_for_waiters (queue, 0, 1, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 3);
  call_finish (put);
  g_assert_cmpint (put->status, ==, PL_QUEUE_OK);
  call_free (put);

  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 4);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 5);
  g_assert_cmpuint (stats_of (queue).puts, ==, 5);
  g_assert_cmpuint (stats_of (queue).max_depth, ==, 4);
}

static void
test_unbounded_grows (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, NULL);
  guint next_in = 0;
  guint next_out = 0;

  for (; next_in < 10000; next_in++)
    put_ok (queue, GUINT_TO_POINTER (next_in));
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 10000);
  g_assert_cmpuint (stats_of (queue).max_depth, ==, 10000);

  /* Grow again while the ring has wrapped, so the copy must unwrap it. */
  for (; next_out < 9990; next_out++)
    g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, next_out);
  for (guint i = 0; i < 50000; i++, next_in++)
    put_ok (queue, GUINT_TO_POINTER (next_in));
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);
  g_assert_cmpint (stats_of (queue).first_marker, ==, (gint) (next_in - next_out));

  for (; next_out < next_in; next_out++)
    g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, next_out);
  g_assert_cmpint (pl_queue_get (queue, &(gpointer) { NULL }, 0), ==, PL_QUEUE_CLOSED);
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 0);
}

static void
test_ring_wraps (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (5, NULL);
  guint next_in = 0;
  guint next_out = 0;

  for (guint round = 0; round < 100; round++)
    {
      guint batch = 1 + round % 5;

      for (guint i = 0; i < batch; i++)
        put_ok (queue, GUINT_TO_POINTER (next_in++));
      for (guint i = 0; i < batch; i++)
        g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, next_out++);
    }

  /* Markers keep their place as the head wraps past them. */
  put_ok (queue, GUINT_TO_POINTER (next_in++));
  put_ok (queue, GUINT_TO_POINTER (next_in++));
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);
  put_ok (queue, GUINT_TO_POINTER (next_in++));
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);
  g_assert_cmpint (pl_queue_put (queue, NULL, 0), ==, PL_QUEUE_FULL);
  g_assert_cmpint (stats_of (queue).first_marker, ==, 2);
  g_assert_cmpuint (stats_of (queue).markers, ==, 2);

  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, next_out++);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, next_out++);
  g_assert_cmpint (stats_of (queue).first_marker, ==, 0);
  g_assert_cmpint (pl_queue_get (queue, &(gpointer) { NULL }, 0), ==, PL_QUEUE_CLOSED);
  g_assert_cmpint (stats_of (queue).first_marker, ==, 1);
  g_assert_cmpuint (stats_of (queue).markers, ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, next_out++);
  g_assert_cmpint (pl_queue_get (queue, &(gpointer) { NULL }, 0), ==, PL_QUEUE_CLOSED);
  g_assert_cmpint (stats_of (queue).first_marker, ==, -1);
  g_assert_cmpuint (stats_of (queue).gets, ==, next_out);
}

static void
test_stats_count_waits (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);
  PlQueueStats stats;
  Call *call;

  /* Calls that never wait count nothing. */
  put_ok (queue, GUINT_TO_POINTER (1));
  get_ok (queue);
  stats = stats_of (queue);
  g_assert_cmpuint (stats.puts, ==, 1);
  g_assert_cmpuint (stats.gets, ==, 1);
  g_assert_cmpuint (stats.put_waits, ==, 0);
  g_assert_cmpuint (stats.get_waits, ==, 0);

  call = call_start (queue, CALL_GET, NULL);
  wait_for_waiters (queue, 1, 0, 0);
  put_ok (queue, GUINT_TO_POINTER (2));
  call_finish (call);
  call_free (call);

  put_ok (queue, GUINT_TO_POINTER (3));
  call = call_start (queue, CALL_PUT, GUINT_TO_POINTER (4));
  wait_for_waiters (queue, 0, 1, 0);
  get_ok (queue);
  call_finish (call);
  call_free (call);

  stats = stats_of (queue);
  g_assert_cmpuint (stats.puts, ==, 4);
  g_assert_cmpuint (stats.gets, ==, 3);
  g_assert_cmpuint (stats.put_waits, ==, 1);
  g_assert_cmpuint (stats.get_waits, ==, 1);

  /* A waiting get that meets a marker counts as a marker, not a get. */
  get_ok (queue);
  call = call_start (queue, CALL_GET, NULL);
  wait_for_waiters (queue, 1, 0, 0);
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);
  call_finish (call);
  g_assert_cmpint (call->status, ==, PL_QUEUE_CLOSED);
  call_free (call);

  stats = stats_of (queue);
  g_assert_cmpuint (stats.gets, ==, 4);
  g_assert_cmpuint (stats.get_waits, ==, 1);
  g_assert_cmpuint (stats.markers_taken, ==, 1);
  g_assert_cmpuint (stats.closes, ==, 1);
  g_assert_cmpuint (stats.getters_waiting, ==, 0);
  g_assert_cmpuint (stats.putters_waiting, ==, 0);
}

static void
test_max_depth (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (0, NULL);
  PlQueueStats stats;

  g_assert_cmpuint (stats_of (queue).max_depth, ==, 0);
  for (guint i = 0; i < 5; i++)
    put_ok (queue, GUINT_TO_POINTER (i));
  for (guint i = 0; i < 3; i++)
    get_ok (queue);
  put_ok (queue, GUINT_TO_POINTER (5));

  stats = stats_of (queue);
  g_assert_cmpuint (stats.depth, ==, 3);
  g_assert_cmpuint (stats.max_depth, ==, 5);

  /* Markers take room too. */
  for (guint i = 0; i < 2; i++)
    put_ok (queue, GUINT_TO_POINTER (i));
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);
  stats = stats_of (queue);
  g_assert_cmpuint (stats.depth, ==, 6);
  g_assert_cmpuint (stats.max_depth, ==, 6);
}

static void
test_unref_frees_items (Fixture       *fixture,
                        gconstpointer  data)
{
  PlQueue *queue = pl_queue_new (0, tracked_free);

  for (guint i = 0; i < 3; i++)
    put_ok (queue, tracked_new (i));
  put_ok (queue, NULL);
  g_assert_cmpint (pl_queue_close (queue, 0), ==, PL_QUEUE_OK);

  g_assert_true (pl_queue_ref (queue) == queue);
  pl_queue_unref (queue);
  g_assert_cmpint (g_atomic_int_get (&tracked_freed), ==, 0);
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 5);

  /* Neither the NULL nor the marker reaches item_free. */
  pl_queue_unref (queue);
  g_assert_cmpint (g_atomic_int_get (&tracked_freed), ==, 3);
}

static void
test_kick_interrupts_get (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);
  gint kick = 0;
  gpointer item = GUINT_TO_POINTER (7);
  Call *get;
  Call *join;

  get = call_start_kicked (queue, CALL_GET, GUINT_TO_POINTER (7), &kick, 0);
  wait_for_waiters (queue, 1, 0, 0);
  g_atomic_int_inc (&kick);
  _pl_queue_wake_all (queue);
  call_finish (get);
  g_assert_cmpint (get->status, ==, PL_QUEUE_EMPTY);
  g_assert_null (get->item);
  call_free (get);

  /* A stale kick does not stop a get that finds an entry without waiting. */
  put_ok (queue, GUINT_TO_POINTER (3));
  g_assert_cmpint (_pl_queue_get_interruptible (queue, &item, -1, &kick, 0), ==, PL_QUEUE_OK);
  g_assert_cmpuint (GPOINTER_TO_UINT (item), ==, 3);

  /* Joins answer the same kick. */
  join = call_start_kicked (queue, CALL_JOIN, NULL, &kick, 1);
  wait_for_waiters (queue, 0, 0, 1);
  g_atomic_int_inc (&kick);
  _pl_queue_wake_all (queue);
  call_finish (join);
  g_assert_false (join->joined);
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 1);
  call_free (join);

  g_assert_cmpuint (stats_of (queue).gets, ==, 1);
  g_assert_cmpuint (stats_of (queue).get_waits, ==, 0);
}

static void
test_kick_interrupts_put (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);
  gint kick = 0;
  Call *put;
  Call *close;
  PlQueueStats stats;

  put_ok (queue, GUINT_TO_POINTER (1));
  put = call_start_kicked (queue, CALL_PUT, GUINT_TO_POINTER (2), &kick, 0);
  close = call_start_kicked (queue, CALL_CLOSE, NULL, &kick, 0);
  wait_for_waiters (queue, 0, 2, 0);

  g_atomic_int_inc (&kick);
  _pl_queue_wake_all (queue);
  call_finish (put);
  call_finish (close);
  g_assert_cmpint (put->status, ==, PL_QUEUE_FULL);
  g_assert_cmpint (close->status, ==, PL_QUEUE_FULL);
  call_free (put);
  call_free (close);

  stats = stats_of (queue);
  g_assert_cmpuint (stats.depth, ==, 1);
  g_assert_cmpuint (stats.puts, ==, 1);
  g_assert_cmpuint (stats.closes, ==, 0);
  g_assert_cmpuint (stats.put_waits, ==, 0);
  g_assert_cmpuint (stats.unfinished, ==, 1);
  g_assert_false (stats.is_shutdown);

  /* With room, a stale kick does not stop the put. */
  get_ok (queue);
  g_assert_cmpint (_pl_queue_put_interruptible (queue, GUINT_TO_POINTER (5), -1, &kick, 0),
                   ==, PL_QUEUE_OK);
  g_assert_cmpuint (GPOINTER_TO_UINT (get_ok (queue)), ==, 5);
}

static void
test_kick_before_wait_not_lost (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);
  gint kick = 1;
  Call *calls[4];

  /* The kick lands after the caller read its counter but before the call:
   * no wake is sent, yet none of the calls may go to sleep. */
  calls[0] = call_start_kicked (queue, CALL_GET, GUINT_TO_POINTER (7), &kick, 0);
  call_finish (calls[0]);
  g_assert_cmpint (calls[0]->status, ==, PL_QUEUE_EMPTY);

  put_ok (queue, GUINT_TO_POINTER (1));
  calls[1] = call_start_kicked (queue, CALL_PUT, GUINT_TO_POINTER (2), &kick, 0);
  calls[2] = call_start_kicked (queue, CALL_CLOSE, NULL, &kick, 0);
  calls[3] = call_start_kicked (queue, CALL_JOIN, NULL, &kick, 0);
  for (guint i = 1; i < G_N_ELEMENTS (calls); i++)
    call_finish (calls[i]);
  g_assert_cmpint (calls[1]->status, ==, PL_QUEUE_FULL);
  g_assert_cmpint (calls[2]->status, ==, PL_QUEUE_FULL);
  g_assert_false (calls[3]->joined);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    call_free (calls[i]);
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 1);
  g_assert_cmpuint (stats_of (queue).get_waits + stats_of (queue).put_waits, ==, 0);
}

static void
test_kick_spares_other_waiters (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);
  gint kick = 0;
  Call *kicked;
  Call *plain;

  kicked = call_start_kicked (queue, CALL_GET, GUINT_TO_POINTER (7), &kick, 0);
  plain = call_start (queue, CALL_GET, GUINT_TO_POINTER (7));
  wait_for_waiters (queue, 2, 0, 0);

  /* The wake reaches both; only the kicked one leaves, and the other must
   * still be woken by the next put. */
  g_atomic_int_inc (&kick);
  _pl_queue_wake_all (queue);
  call_finish (kicked);
  g_assert_cmpint (kicked->status, ==, PL_QUEUE_EMPTY);
  wait_for_waiters (queue, 1, 0, 0);
  g_assert_false (call_is_finished (plain));

  put_ok (queue, GUINT_TO_POINTER (5));
  call_finish (plain);
  g_assert_cmpint (plain->status, ==, PL_QUEUE_OK);
  g_assert_cmpuint (GPOINTER_TO_UINT (plain->item), ==, 5);
  call_free (kicked);
  call_free (plain);
}

#define TIMED_THREADS 3
#define TIMED_ITEMS   5000
#define TIMED_WAIT_US 20

typedef struct
{
  PlQueue *queue;
  guint    base;
  gint    *received;
  guint    retries;
} TimedThread;

static gpointer
timed_producer (gpointer data)
{
  TimedThread *self = data;
  gint64 deadline = g_get_monotonic_time () + BOUND_US;

  for (guint i = 0; i < TIMED_ITEMS; i++)
    {
      PlQueueStatus status;

      while ((status = pl_queue_put (self->queue, GUINT_TO_POINTER (self->base + i),
                                     TIMED_WAIT_US)) == PL_QUEUE_FULL)
        {
          self->retries++;
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        }
      g_assert_cmpint (status, ==, PL_QUEUE_OK);
    }

  return NULL;
}

static gpointer
timed_consumer (gpointer data)
{
  TimedThread *self = data;
  gint64 deadline = g_get_monotonic_time () + BOUND_US;

  for (;;)
    {
      gpointer item;
      PlQueueStatus status = pl_queue_get (self->queue, &item, TIMED_WAIT_US);

      if (status == PL_QUEUE_CLOSED)
        break;
      if (status == PL_QUEUE_EMPTY)
        {
          self->retries++;
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          continue;
        }
      g_assert_cmpint (status, ==, PL_QUEUE_OK);
      g_atomic_int_inc (&self->received[GPOINTER_TO_UINT (item)]);
      g_assert_true (pl_queue_task_done (self->queue));
    }

  return NULL;
}

/* Short timeouts expire while wakeups are in flight: a waiter that times
 * out must never swallow the wakeup another sleeper needed. */
static void
test_timeouts_race_wakeups (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (2, NULL);
  g_autofree gint *received = g_new0 (gint, TIMED_THREADS * TIMED_ITEMS);
  TimedThread producers[TIMED_THREADS];
  TimedThread consumers[TIMED_THREADS];
  GThread *threads[2 * TIMED_THREADS];

  for (guint t = 0; t < TIMED_THREADS; t++)
    {
      consumers[t] = (TimedThread) { queue, 0, received, 0 };
      producers[t] = (TimedThread) { queue, t * TIMED_ITEMS, received, 0 };
      threads[t] = g_thread_new ("timed-consumer", timed_consumer, &consumers[t]);
      threads[TIMED_THREADS + t] = g_thread_new ("timed-producer", timed_producer, &producers[t]);
    }

  for (guint t = 0; t < TIMED_THREADS; t++)
    g_thread_join (threads[TIMED_THREADS + t]);
  for (guint t = 0; t < TIMED_THREADS; t++)
    g_assert_cmpint (pl_queue_close (queue, BOUND_US), ==, PL_QUEUE_OK);
  for (guint t = 0; t < TIMED_THREADS; t++)
    g_thread_join (threads[t]);

  for (guint i = 0; i < TIMED_THREADS * TIMED_ITEMS; i++)
    {
      if (received[i] != 1)
        g_error ("item %u was received %d times", i, received[i]);
    }
  g_assert_cmpuint (pl_queue_get_unfinished (queue), ==, 0);
  g_assert_cmpuint (stats_of (queue).getters_waiting, ==, 0);
  g_assert_cmpuint (stats_of (queue).putters_waiting, ==, 0);
}

#define MPMC_PRODUCERS 4
#define MPMC_CONSUMERS 4
#define MPMC_ITEMS     50000

typedef struct
{
  PlQueue *queue;
  guint    producer;
  gint    *received;   /* MPMC_PRODUCERS * MPMC_ITEMS counters */
  guint    taken;
} MpmcThread;

static gpointer
mpmc_producer (gpointer data)
{
  MpmcThread *self = data;

  for (guint i = 0; i < MPMC_ITEMS; i++)
    {
      guint value = self->producer * MPMC_ITEMS + i;

      g_assert_cmpint (pl_queue_put (self->queue, GUINT_TO_POINTER (value), BOUND_US),
                       ==, PL_QUEUE_OK);
    }

  return NULL;
}

static gpointer
mpmc_consumer (gpointer data)
{
  MpmcThread *self = data;
  gint last[MPMC_PRODUCERS];

  for (guint p = 0; p < MPMC_PRODUCERS; p++)
    last[p] = -1;

  for (;;)
    {
      gpointer item;
      PlQueueStatus status = pl_queue_get (self->queue, &item, BOUND_US);
      guint value;
      guint producer;
      gint sequence;

      if (status == PL_QUEUE_CLOSED)
        break;
      g_assert_cmpint (status, ==, PL_QUEUE_OK);

      value = GPOINTER_TO_UINT (item);
      g_assert_cmpuint (value, <, MPMC_PRODUCERS * MPMC_ITEMS);
      producer = value / MPMC_ITEMS;
      sequence = value % MPMC_ITEMS;

      /* One producer's items reach any one consumer in the order put. */
      g_assert_cmpint (sequence, >, last[producer]);
      last[producer] = sequence;

      g_atomic_int_inc (&self->received[value]);
      self->taken++;
      g_assert_true (pl_queue_task_done (self->queue));
    }

  return NULL;
}

static void
test_mpmc_exactly_once (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (8, NULL);
  g_autofree gint *received = g_new0 (gint, MPMC_PRODUCERS * MPMC_ITEMS);
  MpmcThread producers[MPMC_PRODUCERS];
  MpmcThread consumers[MPMC_CONSUMERS];
  GThread *producer_threads[MPMC_PRODUCERS];
  GThread *consumer_threads[MPMC_CONSUMERS];
  PlQueueStats stats;
  guint total = 0;

  for (guint c = 0; c < MPMC_CONSUMERS; c++)
    {
      consumers[c] = (MpmcThread) { queue, c, received, 0 };
      consumer_threads[c] = g_thread_new ("consumer", mpmc_consumer, &consumers[c]);
    }
  for (guint p = 0; p < MPMC_PRODUCERS; p++)
    {
      producers[p] = (MpmcThread) { queue, p, received, 0 };
      producer_threads[p] = g_thread_new ("producer", mpmc_producer, &producers[p]);
    }

  for (guint p = 0; p < MPMC_PRODUCERS; p++)
    g_thread_join (producer_threads[p]);
  for (guint c = 0; c < MPMC_CONSUMERS; c++)
    g_assert_cmpint (pl_queue_close (queue, BOUND_US), ==, PL_QUEUE_OK);
  g_assert_true (pl_queue_join_timeout (queue, BOUND_US));
  for (guint c = 0; c < MPMC_CONSUMERS; c++)
    {
      g_thread_join (consumer_threads[c]);
      total += consumers[c].taken;
    }

  for (guint i = 0; i < MPMC_PRODUCERS * MPMC_ITEMS; i++)
    {
      if (received[i] != 1)
        g_error ("item %u was received %d times", i, received[i]);
    }
  g_assert_cmpuint (total, ==, MPMC_PRODUCERS * MPMC_ITEMS);

  stats = stats_of (queue);
  g_assert_cmpuint (stats.puts, ==, MPMC_PRODUCERS * MPMC_ITEMS);
  g_assert_cmpuint (stats.gets, ==, MPMC_PRODUCERS * MPMC_ITEMS);
  g_assert_cmpuint (stats.markers_taken, ==, MPMC_CONSUMERS);
  g_assert_cmpuint (stats.max_depth, <=, 8);
  g_assert_cmpuint (stats.depth, ==, 0);
  g_assert_cmpuint (stats.unfinished, ==, 0);
  g_assert_cmpuint (stats.put_waits, <=, stats.puts);
  g_assert_cmpuint (stats.get_waits, <=, stats.gets);
}

#define SPSC_ITEMS 200000

static gpointer
spsc_producer (gpointer data)
{
  PlQueue *queue = data;

  for (guint i = 0; i < SPSC_ITEMS; i++)
    g_assert_cmpint (pl_queue_put (queue, GUINT_TO_POINTER (i), BOUND_US), ==, PL_QUEUE_OK);
  g_assert_cmpint (pl_queue_close (queue, BOUND_US), ==, PL_QUEUE_OK);

  return NULL;
}

static void
test_spsc_fifo_stress (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (4, NULL);
  const guint capacities[] = { 1, 3, 0, 7, 2, 64 };
  GThread *producer;
  guint expected = 0;

  producer = g_thread_new ("producer", spsc_producer, queue);

  /* The consumer also moves the capacity under the producer's feet. */
  for (;;)
    {
      gpointer item;
      PlQueueStatus status = pl_queue_get (queue, &item, BOUND_US);

      if (status == PL_QUEUE_CLOSED)
        break;
      g_assert_cmpint (status, ==, PL_QUEUE_OK);
      g_assert_cmpuint (GPOINTER_TO_UINT (item), ==, expected);
      expected++;
      if (expected % 5000 == 0)
        pl_queue_set_capacity (queue, capacities[(expected / 5000) % G_N_ELEMENTS (capacities)]);
    }

  g_thread_join (producer);
  g_assert_cmpuint (expected, ==, SPSC_ITEMS);
  g_assert_cmpuint (pl_queue_get_depth (queue), ==, 0);
  g_assert_cmpuint (stats_of (queue).gets, ==, SPSC_ITEMS);
}

static void
test_rejects_bad_arguments (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PlQueue) queue = pl_queue_new (1, NULL);

  g_test_expect_message ("PipelineLab-Core", G_LOG_LEVEL_CRITICAL, "*queue != NULL*");
  g_assert_cmpint (pl_queue_put (NULL, NULL, 0), ==, PL_QUEUE_SHUT_DOWN);
  g_test_assert_expected_messages ();

  g_test_expect_message ("PipelineLab-Core", G_LOG_LEVEL_CRITICAL, "*item != NULL*");
  g_assert_cmpint (pl_queue_get (queue, NULL, 0), ==, PL_QUEUE_SHUT_DOWN);
  g_test_assert_expected_messages ();

  g_test_expect_message ("PipelineLab-Core", G_LOG_LEVEL_CRITICAL, "*stats != NULL*");
  pl_queue_get_stats (queue, NULL);
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/pl/queue/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("fifo-order", test_fifo_order);
  ADD ("put-blocks-when-full", test_put_blocks_when_full);
  ADD ("get-blocks-when-empty", test_get_blocks_when_empty);
  ADD ("timeout-zero-never-waits", test_timeout_zero_never_waits);
  ADD ("timeout-expires-empty", test_timeout_expires_empty);
  ADD ("timeout-expires-full", test_timeout_expires_full);
  ADD ("null-items", test_null_items);
  ADD ("task-done-without-task", test_task_done_without_task);
  ADD ("join-waits-for-task-done", test_join_waits_for_task_done);
  ADD ("join-returns-at-once-when-idle", test_join_returns_at_once_when_idle);
  ADD ("done-and-get", test_done_and_get);
  ADD ("close-marker-counts-as-task", test_close_marker_counts_as_task);
  ADD ("close-wakes-consumers", test_close_wakes_consumers);
  ADD ("close-waits-for-room", test_close_waits_for_room);
  ADD ("one-marker-per-consumer", test_one_marker_per_consumer);
  ADD ("shutdown-refuses-puts", test_shutdown_refuses_puts);
  ADD ("shutdown-wakes-waiting-put", test_shutdown_wakes_waiting_put);
  ADD ("shutdown-drains-then-refuses", test_shutdown_drains_then_refuses);
  ADD ("shutdown-wakes-waiting-gets", test_shutdown_wakes_waiting_gets);
  ADD ("shutdown-immediate-drops-and-frees", test_shutdown_immediate_drops_and_frees);
  ADD ("shutdown-immediate-wakes-join", test_shutdown_immediate_wakes_join);
  ADD ("shutdown-state-only-moves-forward", test_shutdown_state_only_moves_forward);
  ADD ("shutdown-immediate-wakes-waiters", test_shutdown_immediate_wakes_waiters);
  ADD ("put-stamped", test_put_stamped);
  ADD ("capacity-grow-wakes-putters", test_capacity_grow_wakes_putters);
  ADD ("capacity-shrink-keeps-items", test_capacity_shrink_keeps_items);
  ADD ("capacity-upper-bound", test_capacity_upper_bound);
  ADD ("sink-counts-without-keeping", test_sink_counts_without_keeping);
  ADD ("unbounded-grows", test_unbounded_grows);
  ADD ("ring-wraps", test_ring_wraps);
  ADD ("stats-count-waits", test_stats_count_waits);
  ADD ("max-depth", test_max_depth);
  ADD ("unref-frees-items", test_unref_frees_items);
  ADD ("kick-interrupts-get", test_kick_interrupts_get);
  ADD ("kick-interrupts-put", test_kick_interrupts_put);
  ADD ("kick-before-wait-not-lost", test_kick_before_wait_not_lost);
  ADD ("kick-spares-other-waiters", test_kick_spares_other_waiters);
  ADD ("timeouts-race-wakeups", test_timeouts_race_wakeups);
  ADD ("mpmc-exactly-once", test_mpmc_exactly_once);
  ADD ("spsc-fifo-stress", test_spsc_fifo_stress);
  ADD ("rejects-bad-arguments", test_rejects_bad_arguments);

#undef ADD

  return g_test_run ();
}
