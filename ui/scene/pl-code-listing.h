/* pl-code-listing.h: the Python listings of the code panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pl-sample.h"

G_BEGIN_DECLS

/* The lines of a listing that a worker (or the main thread) can be on. */
typedef enum {
  PL_CODE_MARK_NONE,
  PL_CODE_MARK_GET,        /* taking an item from the input queue */
  PL_CODE_MARK_SLEEP,      /* the nap after an empty poll */
  PL_CODE_MARK_WORK,       /* the stage function */
  PL_CODE_MARK_PUT,        /* handing the result on (or polling a full queue) */
  PL_CODE_MARK_TASK_DONE,  /* the bookkeeping after the put */
  PL_CODE_MARK_EXIT,       /* the end-of-stream marker was met */
  PL_CODE_MARK_CLOSE,      /* main thread: putting markers into a queue */
  PL_CODE_MARK_JOIN,       /* main thread: waiting for a queue's join */
  PL_CODE_MARK_SHUT_DOWN,  /* a get or put was refused by a shut-down queue: left */
  PL_CODE_MARK_MAIN_POLL,  /* main thread, busy-wait: polling the done queue */
  PL_CODE_MARK_WAIT_EXIT,  /* main thread, after a shutdown: waiting for the workers to leave */
  PL_CODE_N_MARKS
} PlCodeMark;

typedef enum {
  PL_CODE_SPAN_KEYWORD,
  PL_CODE_SPAN_STRING,
  PL_CODE_SPAN_COMMENT,
} PlCodeSpanKind;

/* A stretch of a line to colour, in bytes. */
typedef struct
{
  guint          start;
  guint          end;
  PlCodeSpanKind kind;
} PlCodeSpan;

typedef struct _PlCodeListing PlCodeListing;

const gchar   *pl_code_listing_name          (const gchar        *lesson,
                                              PlMode              mode,
                                              PlEnding            ending,
                                              gboolean            shut_down);
const gchar   *pl_code_listing_get_title     (const gchar        *name);
PlCodeListing *pl_code_listing_load          (PlMode              mode);
PlCodeListing *pl_code_listing_load_named    (const gchar        *name);
void           pl_code_listing_free          (PlCodeListing      *listing);
guint          pl_code_listing_get_n_lines   (PlCodeListing      *listing);
const gchar   *pl_code_listing_get_line      (PlCodeListing      *listing,
                                              guint               line,
                                              const PlCodeSpan  **spans,
                                              guint              *n_spans);
guint          pl_code_listing_get_mark_line (PlCodeListing      *listing,
                                              PlCodeMark          mark);

PlCodeMark     pl_code_mark_for_state        (PlMode              mode,
                                              PlWorkerState       state);
PlCodeMark     pl_code_mark_for_worker       (PlMode              mode,
                                              PlWorkerState       state,
                                              gboolean            shut_down);
PlCodeMark     pl_code_mark_for_main_thread  (PlMode              mode,
                                              PlEnding            ending,
                                              const PlSample     *sample);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlCodeListing, pl_code_listing_free)

G_END_DECLS
