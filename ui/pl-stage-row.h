/* pl-stage-row.h: the live settings of one stage and its input queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pl-pipeline.h"

G_BEGIN_DECLS

#define PL_TYPE_STAGE_ROW (pl_stage_row_get_type ())

G_DECLARE_FINAL_TYPE (PlStageRow, pl_stage_row, PL, STAGE_ROW, GtkBox)

GtkWidget  *pl_stage_row_new          (PlPipeline *pipeline,
                                       guint       stage);
PlPipeline *pl_stage_row_get_pipeline (PlStageRow *self);
guint       pl_stage_row_get_stage    (PlStageRow *self);

G_END_DECLS
