/* pl-line-view.h: the assembly line, drawn live from a monitor's samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pl-monitor.h"
#include "pl-pipeline.h"
#include "pl-scene.h"
#include "pl-scene-renderer.h"

G_BEGIN_DECLS

#define PL_TYPE_LINE_VIEW (pl_line_view_get_type ())

G_DECLARE_FINAL_TYPE (PlLineView, pl_line_view, PL, LINE_VIEW, GtkWidget)

/* The narrowest the canvas goes, in pixels: a 1024-px window keeps room
 * for it beside the side panel and the code panel. */
#define PL_LINE_VIEW_MIN_WIDTH 320

GtkWidget  *pl_line_view_new            (void);
PlPipeline *pl_line_view_get_pipeline   (PlLineView   *self);
PlMonitor  *pl_line_view_get_monitor    (PlLineView   *self);
void        pl_line_view_set_monitor    (PlLineView   *self,
                                         PlMonitor    *monitor);
PlScene    *pl_line_view_get_scene      (PlLineView   *self);
gdouble     pl_line_view_get_text_scale (PlLineView   *self);
void        pl_line_view_set_text_scale (PlLineView   *self,
                                         gdouble       text_scale);
gboolean    pl_line_view_get_ticking    (PlLineView   *self);
void        pl_line_view_wake           (PlLineView   *self);
void        pl_line_view_sync           (PlLineView   *self);
void        pl_line_view_get_style      (PlLineView   *self,
                                         PlSceneStyle *style);

G_END_DECLS
