/* pl-scene-text.h: shaped text kept from frame to frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

G_BEGIN_DECLS

typedef struct _PlSceneText PlSceneText;

PlSceneText *pl_scene_text_new     (void);
void         pl_scene_text_free    (PlSceneText *self);

gdouble      pl_scene_text_measure (PlSceneText *self,
                                    const gchar *text,
                                    gdouble      size,
                                    gboolean     bold);
gdouble      pl_scene_text_draw    (PlSceneText *self,
                                    cairo_t     *cr,
                                    const gchar *text,
                                    gdouble      size,
                                    gboolean     bold,
                                    gdouble      x,
                                    gdouble      y,
                                    gdouble      max_width,
                                    gdouble      pixel_scale);
void         pl_scene_text_sweep   (PlSceneText *self);

PangoAttrList *pl_text_word_attributes (const gchar *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlSceneText, pl_scene_text_free)

G_END_DECLS
