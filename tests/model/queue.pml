/* queue.pml: the PlQueue put/get/close/task_done/join/shutdown protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One mutex and three condition variables, as in core/pl-queue.c and
 * Python's queue.Queue: not_empty (getters wait), not_full (putters and
 * closers wait) and all_done (joiners wait).
 *
 * Holding the mutex is an atomic block. Waiting on a condition variable puts
 * the thread's bit into that variable's wait set and then blocks on the bit
 * being cleared; the block breaks the atomic sequence, which is exactly
 * "release the mutex while asleep", and resuming re-enters it, which is
 * "re-acquire the mutex on wake-up". A signal clears one set bit, chosen by
 * the checker in every possible way; a broadcast clears them all.
 *
 * Bounds are macros so that the checking script can try several shapes:
 *   NPROD producers each putting NITEMS distinct items,
 *   one closer putting NCONS end-of-stream markers once the producers are
 *   done, NCONS consumers that exit on a marker or on SHUT_DOWN, one joiner,
 *   one actor that shuts the queue down (never, gracefully, immediately, or
 *   gracefully then immediately), and one actor resizing the capacity live.
 *
 * Mutants that the checker must reject, proving the checks can fail:
 *   BROKEN_WAKE        shutdown forgets to wake getters and putters
 *   BROKEN_DROP_COUNT  immediate shutdown drops items but not their tasks
 *   BROKEN_GET_SIGNAL  a get forgets to signal not_full
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

mtype = { OK, CLOSED, SHUT_DOWN };

chan q = [MAXCAP] of { byte };   /* the ring buffer; len (q) is the depth */
byte cap = CAP;
byte unfinished = 0;
bool shut = false;
bool immediate = false;

/* Wait sets of the three condition variables. */
byte ne_ws = 0;
byte nf_ws = 0;
byte ad_ws = 0;

/* Threads inside a put or get wait, woken or not, until they hold the lock
 * again: the liveness claim needs them all to leave after a shutdown. */
byte sleepers = 0;

/* Accounting: each item id ends in exactly one of these. */
int received = 0;
int refused = 0;
int dropped = 0;
byte markers_put = 0;
byte markers_taken = 0;
byte markers_dropped = 0;
byte prod_done = 0;

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

/* Called with the lock held: the condition variable wait itself. */
inline cond_wait (ws)
{
  ws = ws | BIT (tid);
  sleepers++;
  (ws & BIT (tid)) == 0;
  sleepers--
}

inline task_finished ()
{
  assert (unfinished > 0);
  unfinished--;
  if
  :: unfinished == 0 -> cond_broadcast (ad_ws)
  :: else -> skip
  fi
}

inline queue_put (v, st)
{
  atomic {
    do
    :: shut -> st = SHUT_DOWN; break
    :: !shut && len (q) < cap ->
       q!v;
       unfinished++;
       cond_signal (ne_ws);
       st = OK;
       break
    :: !shut && len (q) >= cap -> cond_wait (nf_ws)
    od
  }
}

inline queue_get (v, st)
{
  atomic {
    do
    :: len (q) > 0 ->
       q?v;
#ifndef BROKEN_GET_SIGNAL
       cond_signal (nf_ws);
#endif
       if
       :: v == MARKER -> task_finished (); st = CLOSED
       :: else -> st = OK
       fi;
       break
    :: len (q) == 0 && shut -> st = SHUT_DOWN; break
    :: len (q) == 0 && !shut -> cond_wait (ne_ws)
    od
  }
}

inline queue_task_done ()
{
  atomic {
    task_finished ()
  }
}

inline queue_join ()
{
  atomic {
    do
    :: unfinished == 0 -> break
    :: else ->
       ad_ws = ad_ws | BIT (tid);
       (ad_ws & BIT (tid)) == 0
    od
  }
}

inline queue_shutdown (imm)
{
  atomic {
    shut = true;
    if
    :: imm && !immediate ->
       immediate = true;
       do
       :: nempty (q) ->
          q?v;
          if
          :: v == MARKER -> markers_dropped++
          :: else ->
             assert ((received & BIT (v)) == 0 && (dropped & BIT (v)) == 0);
             dropped = dropped | BIT (v)
          fi;
#ifndef BROKEN_DROP_COUNT
          unfinished--
#else
          skip
#endif
       :: empty (q) -> break
       od;
       if
       :: unfinished == 0 -> cond_broadcast (ad_ws)
       :: else -> skip
       fi
    :: else -> skip
    fi;
#ifndef BROKEN_WAKE
    cond_broadcast (ne_ws);
    cond_broadcast (nf_ws)
#else
    skip
#endif
  }
}

inline queue_set_capacity (c)
{
  atomic {
    cap = c;
    /* Growing may make room for several putters at once. */
    cond_broadcast (nf_ws)
  }
}

proctype producer (byte tid)
{
  byte i = 0;
  byte v;
  mtype st;

  do
  :: i < NITEMS ->
     v = tid * NITEMS + i;
     queue_put (v, st);
     if
     :: st == SHUT_DOWN -> atomic { refused = refused | BIT (v) }
     :: else -> assert (st == OK)
     fi;
     i++
  :: else -> break
  od;
  atomic { prod_done++ }
}

proctype closer (byte tid)
{
  byte n = 0;
  byte v = MARKER;
  mtype st;

  prod_done == NPROD;
  do
  :: n < NCONS ->
     queue_put (v, st);
     if
     :: st == OK -> atomic { markers_put++ }
     :: else -> skip
     fi;
     n++
  :: else -> break
  od
}

proctype consumer (byte tid)
{
  byte v;
  mtype st;

  do
  :: queue_get (v, st);
     if
     :: st == OK ->
        atomic {
          assert (v < TOTAL);
          assert ((received & BIT (v)) == 0);   /* no duplicate */
          assert ((dropped & BIT (v)) == 0);    /* not both dropped and seen */
          received = received | BIT (v)
        };
        queue_task_done ()
     :: st == CLOSED -> atomic { markers_taken++ }; break
     :: st == SHUT_DOWN -> break
     fi
  od
}

proctype joiner (byte tid)
{
  /* As the graceful close sequence does: join once the input is fed. */
  prod_done == NPROD;
  queue_join ();
  /* Nothing fed may still be pending: each item was refused at the door,
   * dropped by an immediate shutdown, or received and marked done. */
  assert ((received | refused | dropped) == ALL_ITEMS)
}

proctype shutter ()
{
  byte v;

  if
  :: skip
  :: queue_shutdown (false)
  :: queue_shutdown (true)
  :: queue_shutdown (false); queue_shutdown (true)
  fi
}

proctype resizer ()
{
  if
  :: skip
  :: queue_set_capacity (1)
  :: queue_set_capacity (MAXCAP)
  :: queue_set_capacity (MAXCAP); queue_set_capacity (1)
  :: queue_set_capacity (1); queue_set_capacity (MAXCAP)
  fi
}

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
    run resizer ()
  }

  /* Every thread must finish; if one cannot, this is an invalid end state. */
  _nr_pr == 1;

  assert (unfinished == 0);
  assert (len (q) == 0);
  assert ((ne_ws | nf_ws | ad_ws) == 0 && sleepers == 0);
  assert ((received & refused) == 0);
  assert ((received & dropped) == 0);
  assert ((refused & dropped) == 0);
  assert ((received | refused | dropped) == ALL_ITEMS);
  assert (markers_put == markers_taken + markers_dropped);
  /* Without a shutdown, nothing is lost or refused at all. */
  assert (shut || (received == ALL_ITEMS && markers_taken == NCONS))
}

/* Every thread asleep in a put or a get wakes and leaves after a shutdown. */
ltl shutdown_wakes { [] (shut -> <> (sleepers == 0)) }
