/* pl-code-painter.h: drawing a listing's lines, its workers' markers and
 * its legend with cairo and pango
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "pl-code-listing.h"
#include "pl-palette.h"
#include "pl-sample.h"

G_BEGIN_DECLS

/* A worker on a line: stage and worker, both from 0. */
typedef struct
{
  guint stage;
  guint worker;
} PlCodeMarker;

typedef struct
{
  cairo_t      *cr;
  PlSceneColor  fg;
  PlSceneColor  dim;
  PlSceneColor  keyword;
  PlSceneColor  string;
  gboolean      dark;       /* light text on a dark background */
  gdouble       right;      /* the picture's size, for the text log */
  gdouble       bottom;
} PlCodePainter;

void     pl_code_painter_init           (PlCodePainter      *p,
                                         cairo_t            *cr,
                                         const PlSceneColor *foreground,
                                         gdouble             width,
                                         gdouble             height);
void     pl_code_painter_show_layout    (PlCodePainter      *p,
                                         PangoLayout        *layout);
gdouble  pl_code_text_width             (PangoLayout        *layout,
                                         const gchar        *text);
gdouble  pl_code_painter_draw_pill      (PlCodePainter      *p,
                                         PangoLayout        *layout,
                                         gdouble             x,
                                         gdouble             cy,
                                         gdouble             height,
                                         const gchar        *label,
                                         const PlSceneColor *fill,
                                         const PlSceneColor *outline);
void     pl_code_painter_draw_line_text (PlCodePainter      *p,
                                         PangoLayout        *layout,
                                         const gchar        *text,
                                         const PlCodeSpan   *spans,
                                         guint               n_spans);
void     pl_code_painter_draw_markers   (PlCodePainter      *p,
                                         PangoLayout        *layout,
                                         GArray             *markers,
                                         gboolean            main_thread,
                                         gdouble             left,
                                         gdouble             right,
                                         gdouble             cy,
                                         gdouble             height);
void     pl_code_painter_draw_legend    (PlCodePainter      *p,
                                         PangoLayout        *small,
                                         const PlSample     *sample,
                                         GArray             *off_listing,
                                         gdouble             x0,
                                         gdouble             y,
                                         gdouble             width,
                                         gdouble             row,
                                         gdouble             size,
                                         gdouble             pill_height);
gdouble  pl_code_legend_rows            (PangoLayout        *small,
                                         const PlSample     *sample,
                                         guint               n_off_listing,
                                         gdouble             width,
                                         gdouble             size,
                                         gdouble             row);

G_END_DECLS
