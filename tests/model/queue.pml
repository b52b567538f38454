/* queue.pml: the PlQueue put/get/close/task_done/join/shutdown protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model follows core/pl-queue.c: one mutex, three condition variables
 * (not_empty for getters, not_full for putters and closers, all_tasks_done
 * for joiners), and for each the queue's PlWaiters counts: how many threads
 * sleep on it and how many of those a wakeup is already travelling to. A
 * wakeup is claimed under the lock, only when more threads sleep than are
 * already being woken, and sent after the lock is released. A thread that
 * returns from a wait, for whatever reason, counts one wakeup as arrived.
 *
 * Holding the mutex is an atomic block. A condition variable is an explicit
 * wait set, one bit per thread. Waiting sets the thread's bit and then blocks
 * until the bit is cleared: the block breaks the atomic sequence, which is
 * "release the mutex while asleep", and resuming re-enters it, which is
 * "re-acquire the mutex on wake-up". A signal clears one set bit, each choice
 * explored; a broadcast clears them all; either may find the set empty, as a
 * wakeup sent after the unlock may, and is then lost.
 *
 * Bounds are macros, so the checking script can try several shapes:
 *   NPROD producers, each putting NITEMS distinct items;
 *   one closer that puts NCONS end-of-stream markers once the producers are
 *   done; NCONS consumers that exit on a marker or on SHUT_DOWN; a joiner;
 *   one actor that shuts the queue down (never, gracefully, immediately, or
 *   gracefully then immediately); one actor resizing the capacity live.
 * With TIMED, puts and gets use deadlines: a deadline process may wake any
 * sleeper early, which then returns FULL or EMPTY unless its condition
 * came true, and retries. It may also kick every sleeper at once, as
 * _pl_queue_wake_all does for the pipeline. With SPURIOUS, up to
 * SPURIOUS_MAX sleepers of any kind, joiners included, wake for no reason
 * and must simply sleep again.
 *
 * Mutants that the checks must reject, proving they can fail:
 *   BROKEN_WAKE        shutdown wakes neither getters nor putters
 *   BROKEN_DROP_COUNT  immediate shutdown drops items but not their tasks
 *   BROKEN_GET_SIGNAL  a get never wakes a waiting putter
 *   BROKEN_WOKEN       a waiter never counts its wakeup as arrived
 *   BROKEN_TIMEOUT_WOKEN  a waiter whose deadline passed does not count it
 */

#ifndef NPROD
#define NPROD 2
#endif
#ifndef NITEMS
#define NITEMS 2
#endif
#ifndef NCONS
#define NCONS 2
#endif
#ifndef CAP
#define CAP 1
#endif
#ifndef MAXCAP
#define MAXCAP 2
#endif

#define TOTAL      (NPROD * NITEMS)
#define ALL_ITEMS  ((1 << TOTAL) - 1)
#define MARKER     255
#define BIT(v)     (1 << (v))

/* Thread ids, one wait-set bit each (a byte holds eight). */
#define CLOSER_TID   NPROD
#define CONS_TID(c)  (NPROD + 1 + (c))
#define JOINER_TID   (NPROD + 1 + NCONS)

mtype = { OK, EMPTY, FULL, CLOSED, SHUT_DOWN };

chan q = [MAXCAP] of { byte };   /* the ring; len (q) is the depth */
byte cap = CAP;
byte unfinished = 0;
bool shut = false;
bool immediate = false;

/* The condition variables' wait sets, and the queue's own waiter counts
 * (PlWaiters.sleeping): a thread stays counted from before it sleeps until
 * it holds the lock again, so a count may include threads already woken.
 * The *_woken counts are PlWaiters.woken, the wakeups already claimed. */
byte ne_ws = 0;
byte nf_ws = 0;
byte ad_ws = 0;
byte getters_waiting = 0;
byte putters_waiting = 0;
byte joiners_waiting = 0;
byte ne_woken = 0;
byte nf_woken = 0;
byte ad_woken = 0;
byte expired = 0;                /* sleepers whose deadline passed */

/* Threads asleep in a put, a get or a join, woken or not: the claim at
 * the end needs them all gone after a shutdown. */
byte sleepers = 0;

/* Accounting: each item id ends in exactly one of these. */
int received = 0;
int refused = 0;
int dropped = 0;
byte markers_put = 0;
byte markers_taken = 0;
byte markers_dropped = 0;
byte prod_done = 0;
byte finished = 0;              /* threads that returned, init aside */

inline cond_signal (ws)
{
  if
  :: (ws & 1)   -> ws = ws ^ 1
  :: (ws & 2)   -> ws = ws ^ 2
  :: (ws & 4)   -> ws = ws ^ 4
  :: (ws & 8)   -> ws = ws ^ 8
  :: (ws & 16)  -> ws = ws ^ 16
  :: (ws & 32)  -> ws = ws ^ 32
  :: (ws & 64)  -> ws = ws ^ 64
  :: (ws & 128) -> ws = ws ^ 128
  :: ws == 0    -> skip
  fi
}

inline cond_broadcast (ws)
{
  ws = 0
}

/* claim_one_locked and claim_all_locked: under the lock, decide whether a
 * wakeup must be sent once the lock is released. */
inline claim_one (sleeping, woken, wake)
{
  if
  :: sleeping > woken -> woken++; wake = true
  :: else -> wake = false
  fi
}

inline claim_all (sleeping, woken, wake)
{
  if
  :: sleeping > woken -> woken = sleeping; wake = true
  :: else -> wake = false
  fi
}

/* wait_locked: called with the lock held; returns with it held again.
 * Whatever ended the sleep, one claimed wakeup counts as arrived. */
inline cond_wait (ws, counter, woken)
{
  counter++;
  ws = ws | BIT (tid);
  sleepers++;
  (ws & BIT (tid)) == 0;
  sleepers--;
  counter--;
  in_time = ((expired & BIT (tid)) == 0);
  expired = expired & ~BIT (tid);
#if defined(BROKEN_WOKEN)
  skip
#elif defined(BROKEN_TIMEOUT_WOKEN)
  if
  :: woken > 0 && in_time -> woken--
  :: else -> skip
  fi
#else
  if
  :: woken > 0 -> woken--
  :: else -> skip
  fi
#endif
}

inline put_locked (v, st)
{
  do
  :: shut ->
     st = SHUT_DOWN;
     /* Bookkeeping of the model only, kept in the same step to spare states. */
     if
     :: v != MARKER -> refused = refused | BIT (v)
     :: else -> skip
     fi;
     break
  :: !shut && len (q) < cap ->
     q!v;
     unfinished++;
     claim_one (getters_waiting, ne_woken, wake);
     st = OK;
     break
  :: !shut && len (q) >= cap && !in_time -> st = FULL; break
  :: !shut && len (q) >= cap && in_time -> cond_wait (nf_ws, putters_waiting, nf_woken)
  od
}

/* put and close are the same protocol; a marker is just another entry. */
inline queue_put (v, st)
{
  wake = false;
  in_time = true;
  atomic { put_locked (v, st); if :: st == OK && v == MARKER -> markers_put++ :: else -> skip fi };
  if
  :: wake -> atomic { cond_signal (ne_ws) }
  :: else -> skip
  fi
}

inline task_finished_locked ()
{
  assert (unfinished > 0);
  unfinished--;
  if
  :: unfinished == 0 -> claim_all (joiners_waiting, ad_woken, wake_joiners)
  :: else -> skip
  fi
}

inline queue_get (v, st)
{
  wake = false;
  wake_joiners = false;
  in_time = true;
  atomic {
    do
    :: len (q) > 0 ->
       /* An entry is taken whenever one is there, even past the deadline. */
       q?v;
       if
       :: v == MARKER -> task_finished_locked (); st = CLOSED; markers_taken++
       :: else ->
          st = OK;
          assert (v < TOTAL);
          assert ((received & BIT (v)) == 0);   /* never twice */
          assert ((dropped & BIT (v)) == 0);    /* never both dropped and seen */
          received = received | BIT (v)
       fi;
#ifndef BROKEN_GET_SIGNAL
       if
       :: len (q) < cap -> claim_one (putters_waiting, nf_woken, wake)
       :: else -> skip
       fi;
#endif
       break
    :: len (q) == 0 && shut -> st = SHUT_DOWN; break
    :: len (q) == 0 && !shut && !in_time -> st = EMPTY; break
    :: len (q) == 0 && !shut && in_time -> cond_wait (ne_ws, getters_waiting, ne_woken)
    od
  };
  if
  :: wake -> atomic { cond_signal (nf_ws) }
  :: else -> skip
  fi;
  if
  :: wake_joiners -> atomic { cond_broadcast (ad_ws) }
  :: else -> skip
  fi
}

inline queue_task_done ()
{
  wake_joiners = false;
  atomic { task_finished_locked () };
  if
  :: wake_joiners -> atomic { cond_broadcast (ad_ws) }
  :: else -> skip
  fi
}

inline queue_join ()
{
  atomic {
    do
    :: unfinished == 0 -> break
    :: else -> cond_wait (ad_ws, joiners_waiting, ad_woken)
    od
  }
}

inline queue_shutdown (imm)
{
  wake = false;
  wake_putters = false;
  wake_joiners = false;
  atomic {
    if
    :: immediate || (shut && !imm) -> skip    /* only moves forward */
    :: else ->
       shut = true;
       if
       :: imm ->
          immediate = true;
#ifndef BROKEN_DROP_COUNT
          if
          :: unfinished > len (q) -> unfinished = unfinished - len (q)
          :: else -> unfinished = 0
          fi;
#endif
          do
          :: nempty (q) ->
             q?v;
             if
             :: v == MARKER -> markers_dropped++
             :: else ->
                assert ((received & BIT (v)) == 0 && (dropped & BIT (v)) == 0);
                dropped = dropped | BIT (v)
             fi
          :: empty (q) -> break
          od;
          if
          :: unfinished == 0 -> claim_all (joiners_waiting, ad_woken, wake_joiners)
          :: else -> skip
          fi
       :: else -> skip
       fi;
#ifndef BROKEN_WAKE
       claim_all (getters_waiting, ne_woken, wake);
       claim_all (putters_waiting, nf_woken, wake_putters)
#endif
    fi
  };
  if
  :: wake -> atomic { cond_broadcast (ne_ws) }
  :: else -> skip
  fi;
  if
  :: wake_putters -> atomic { cond_broadcast (nf_ws) }
  :: else -> skip
  fi;
  if
  :: wake_joiners -> atomic { cond_broadcast (ad_ws) }
  :: else -> skip
  fi
}

inline queue_set_capacity (c)
{
  wake_putters = false;
  atomic {
    cap = c;
    /* Several putters may fit at once after a raise. */
    if
    :: len (q) < cap -> claim_all (putters_waiting, nf_woken, wake_putters)
    :: else -> skip
    fi
  };
  if
  :: wake_putters -> atomic { cond_broadcast (nf_ws) }
  :: else -> skip
  fi
}

proctype producer (byte tid)
{
  byte i = 0;
  byte v;
  mtype st;
  bool wake, in_time;

  do
  :: i < NITEMS ->
     v = tid * NITEMS + i;
     queue_put (v, st);
     if
     :: st == SHUT_DOWN || st == OK -> i++
     :: st == FULL -> skip            /* deadline passed: try again */
     fi
  :: else -> break
  od;
  atomic { prod_done++; finished++ }
}

proctype closer (byte tid)
{
  byte n = 0;
  byte v = MARKER;
  mtype st;
  bool wake, in_time;

  prod_done == NPROD;
  do
  :: n < NCONS ->
     queue_put (v, st);
     if
     :: st == OK || st == SHUT_DOWN -> n++
     :: st == FULL -> skip
     fi
  :: else -> break
  od;
  finished++
}

proctype consumer (byte tid)
{
  byte v;
  mtype st;
  bool wake, wake_joiners, in_time;

  do
  :: queue_get (v, st);
     if
     :: st == OK -> queue_task_done ()
     :: st == CLOSED || st == SHUT_DOWN -> break
     :: st == EMPTY -> skip            /* deadline passed: try again */
     fi
  od;
  finished++
}

proctype joiner (byte tid)
{
  bool in_time;

  /* As the graceful close sequence does: join once the input is fed. */
  prod_done == NPROD;
  queue_join ();
  /* Nothing fed may still be pending: each item was refused at the door,
   * dropped by an immediate shutdown, or received and marked done. */
  assert ((received | refused | dropped) == ALL_ITEMS);
  finished++
}

proctype shutter ()
{
  byte v;
  bool wake, wake_putters, wake_joiners;

  if
  :: skip
#ifndef NO_SHUTDOWN
  :: queue_shutdown (false)
  :: queue_shutdown (true)
  :: queue_shutdown (false); queue_shutdown (true)
#endif
  fi;
  finished++
}

proctype resizer ()
{
  bool wake_putters;

  if
  :: skip
#ifndef NO_RESIZE
  :: queue_set_capacity (MAXCAP); queue_set_capacity (1)
  :: queue_set_capacity (1); queue_set_capacity (MAXCAP)
#endif
  fi;
  finished++
}

#ifdef TIMED
/* Deadlines: a sleeper in a put or a get of a thread in TIMED_TIDS may be
 * woken because its time is up. The others wait forever, as the workers'
 * blocking calls do: were every thread timed, a deadline would rescue any
 * lost wakeup and the check could not see one. Joins wait forever too, as
 * the close sequence's do. */
#ifndef TIMED_TIDS
#define TIMED_TIDS (BIT (0) | BIT (CONS_TID (0)))
#endif

inline expire_one (ws)
{
  if
  :: (ws & TIMED_TIDS & 1)   -> ws = ws ^ 1;   expired = expired | 1
  :: (ws & TIMED_TIDS & 2)   -> ws = ws ^ 2;   expired = expired | 2
  :: (ws & TIMED_TIDS & 4)   -> ws = ws ^ 4;   expired = expired | 4
  :: (ws & TIMED_TIDS & 8)   -> ws = ws ^ 8;   expired = expired | 8
  :: (ws & TIMED_TIDS & 16)  -> ws = ws ^ 16;  expired = expired | 16
  :: (ws & TIMED_TIDS & 32)  -> ws = ws ^ 32;  expired = expired | 32
  :: (ws & TIMED_TIDS & 64)  -> ws = ws ^ 64;  expired = expired | 64
  :: (ws & TIMED_TIDS & 128) -> ws = ws ^ 128; expired = expired | 128
  fi
}

proctype deadlines ()
{
  bool kicked = false;

end:
  do
  :: atomic { (ne_ws & TIMED_TIDS) != 0 -> expire_one (ne_ws) }
  :: atomic { (nf_ws & TIMED_TIDS) != 0 -> expire_one (nf_ws) }
  /* _pl_queue_wake_all, once: under the lock, every sleeper is counted as
   * woken and woken; a kicked getter or putter leaves unless its condition
   * came true, and a joiner looks again. */
  :: atomic {
       !kicked && (ne_ws | nf_ws | ad_ws) != 0 ->
       kicked = true;
       ne_woken = getters_waiting;
       nf_woken = putters_waiting;
       ad_woken = joiners_waiting;
       expired = expired | ne_ws | nf_ws;
       ne_ws = 0;
       nf_ws = 0;
       ad_ws = 0
     }
  od
}
#endif

#ifdef SPURIOUS
/* A sleeper that wakes with no signal and no deadline, as POSIX allows:
 * it must look again and sleep on, and must not eat a wakeup it was not
 * sent. SPURIOUS_MAX of them (default 2), so that the state space stays
 * finite and small. */
#ifndef SPURIOUS_MAX
#define SPURIOUS_MAX 2
#endif

proctype spurious ()
{
  byte n = 0;

end:
  do
  :: atomic { n < SPURIOUS_MAX && ne_ws != 0 -> cond_signal (ne_ws); n++ }
  :: atomic { n < SPURIOUS_MAX && nf_ws != 0 -> cond_signal (nf_ws); n++ }
  :: atomic { n < SPURIOUS_MAX && ad_ws != 0 -> cond_signal (ad_ws); n++ }
  od
}
#endif

init
{
  byte k;

  assert (JOINER_TID < 8 && TOTAL <= 16 && CAP <= MAXCAP);
  atomic {
    k = 0;
    do
    :: k < NPROD -> run producer (k); k++
    :: else -> break
    od;
    run closer (CLOSER_TID);
    k = 0;
    do
    :: k < NCONS -> run consumer (CONS_TID (k)); k++
    :: else -> break
    od;
    run joiner (JOINER_TID);
    run shutter ();
    run resizer ();
#ifdef TIMED
    run deadlines ();
#endif
#ifdef SPURIOUS
    run spurious ();
#endif
    skip
  }

  /* Every thread must finish; one that cannot is an invalid end state. */
  finished == NPROD + NCONS + 4;

  assert (unfinished == 0);
  assert (len (q) == 0);
  assert (sleepers == 0 && getters_waiting == 0 && putters_waiting == 0);
  assert ((received & refused) == 0);
  assert ((received & dropped) == 0);
  assert ((refused & dropped) == 0);
  assert ((received | refused | dropped) == ALL_ITEMS);
  assert (markers_put == markers_taken + markers_dropped);
  /* Without a shutdown nothing is refused, dropped or left behind. */
  assert (shut || (received == ALL_ITEMS && markers_taken == NCONS))
}

/* Every thread asleep in a put or a get wakes and leaves after a shutdown. */
ltl shutdown_wakes { [] (shut -> <> (sleepers == 0)) }
