/* pl-code-view.h: the Python each mode stands for, with every worker's line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pl-code-listing.h"
#include "pl-sample.h"

G_BEGIN_DECLS

#define PL_TYPE_CODE_VIEW (pl_code_view_get_type ())

G_DECLARE_FINAL_TYPE (PlCodeView, pl_code_view, PL, CODE_VIEW, GtkWidget)

GtkWidget  *pl_code_view_new             (void);
PlMode      pl_code_view_get_mode        (PlCodeView     *self);
void        pl_code_view_set_mode        (PlCodeView     *self,
                                          PlMode          mode);
void        pl_code_view_set_lesson      (PlCodeView     *self,
                                          const gchar    *lesson,
                                          PlEnding        ending);
const gchar *pl_code_view_get_listing_title (PlCodeView  *self);
gboolean    pl_code_view_get_marked_rows (PlCodeView     *self,
                                          gdouble        *top,
                                          gdouble        *bottom);
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
void        pl_code_view_set_text_scale  (PlCodeView     *self,
                                          gdouble         text_scale);

G_END_DECLS
