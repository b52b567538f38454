/* pl-code-view.h: the Python each mode stands for, with every worker's line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

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
  PL_CODE_N_MARKS
} PlCodeMark;

#define PL_TYPE_CODE_VIEW (pl_code_view_get_type ())

G_DECLARE_FINAL_TYPE (PlCodeView, pl_code_view, PL, CODE_VIEW, GtkWidget)

GtkWidget  *pl_code_view_new             (void);
PlMode      pl_code_view_get_mode        (PlCodeView     *self);
void        pl_code_view_set_mode        (PlCodeView     *self,
                                          PlMode          mode);
void        pl_code_view_set_sample      (PlCodeView     *self,
                                          PlSample       *sample);
void        pl_code_view_clear           (PlCodeView     *self);
guint       pl_code_view_get_n_lines     (PlCodeView     *self);
const gchar *pl_code_view_get_line_text  (PlCodeView     *self,
                                          guint           line);
guint       pl_code_view_get_mark_line   (PlCodeView     *self,
                                          PlCodeMark      mark);
guint       pl_code_view_get_worker_line (PlCodeView     *self,
                                          guint           stage,
                                          guint           worker);
guint       pl_code_view_get_main_line   (PlCodeView     *self);

PlCodeMark  pl_code_mark_for_state       (PlMode          mode,
                                          PlWorkerState   state);
void        pl_code_view_stage_color     (guint           stage,
                                          GdkRGBA        *color);

G_END_DECLS
