/* pl-scene-private.h: what the files of the scene model share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-scene.h"

G_BEGIN_DECLS

/* One queue's belt: the boxes it shows and how far they still slide
 * (pl-scene-belt.c). */
typedef struct
{
  guint      n_slots;
  guint      pile_slots;
  guint      tail_markers;   /* markers drawn behind the pile */
  guint      n_boxes;
  gint       marker_box;
  gdouble    slide;
  PlSceneBox boxes[PL_SCENE_MAX_SLOTS];
} PlSceneBelt;

void      _pl_scene_belt_update        (PlSceneBelt        *belt,
                                        const PlQueueStats *stats,
                                        const PlQueueStats *previous);
void      _pl_scene_belt_advance       (PlSceneBelt        *belt,
                                        gdouble             dt);
gboolean  _pl_scene_belt_is_compressed (const PlSceneBelt  *belt);

/* The status line @event gives, in words (pl-scene-words.c), or NULL
 * when it leaves the status as it is. */
gchar    *_pl_scene_describe_event     (const PlEvent      *event,
                                        const PlSample     *sample);

G_END_DECLS
