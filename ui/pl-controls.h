/* pl-controls.h: the side panel of live settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pl-pipeline.h"

G_BEGIN_DECLS

#define PL_TYPE_CONTROLS (pl_controls_get_type ())

G_DECLARE_FINAL_TYPE (PlControls, pl_controls, PL, CONTROLS, GtkBox)

GtkWidget  *pl_controls_new          (void);
PlPipeline *pl_controls_get_pipeline (PlControls *self);
void        pl_controls_set_pipeline (PlControls *self,
                                      PlPipeline *pipeline);

G_END_DECLS
