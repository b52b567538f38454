/* pl-scene-cache.h: what the scene renderer keeps from frame to frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "pl-palette.h"
#include "pl-scene-layout.h"
#include "pl-scene.h"
#include "pl-scene-text.h"

G_BEGIN_DECLS

typedef struct _PlSceneCache PlSceneCache;

/* Lines of numbers kept per queue or stage, and what each was made from. */
#define PL_SCENE_CACHE_SLOTS 5
#define PL_SCENE_CACHE_KEYS  5

/* Values a small picture is drawn from, besides its size. */
#define PL_SCENE_SPRITE_VALUES 4

/* What a small picture is drawn from: two pictures with equal keys and
 * sizes look the same. */
typedef struct
{
  const gchar *kind;    /* a static name for the kind of picture */
  const gchar *text;    /* the words drawn in it, or NULL */
  gint64       values[PL_SCENE_SPRITE_VALUES];
} PlSceneSpriteKey;

gint64           pl_scene_sprite_color_value  (const PlSceneColor *color);

PlSceneCache    *pl_scene_cache_new           (void);
void             pl_scene_cache_free          (PlSceneCache  *self);
PlSceneText     *pl_scene_cache_get_text      (PlSceneCache  *self);

gboolean         pl_scene_cache_update        (PlSceneCache  *self,
                                               const gchar   *signature);
gboolean         pl_scene_cache_is_valid      (PlSceneCache  *self);
PlSceneLayout   *pl_scene_cache_get_layout    (PlSceneCache  *self);
cairo_surface_t *pl_scene_cache_get_layer     (PlSceneCache  *self);
void             pl_scene_cache_set_layer     (PlSceneCache  *self,
                                               cairo_surface_t *layer);
/* Counts the layouts made: changes whenever the static layer does. */
guint            pl_scene_cache_get_serial    (PlSceneCache  *self);

cairo_pattern_t *pl_scene_cache_lookup_sprite (PlSceneCache           *self,
                                               const PlSceneSpriteKey *key,
                                               gdouble                 width,
                                               gdouble                 height);
cairo_pattern_t *pl_scene_cache_add_sprite    (PlSceneCache           *self,
                                               const PlSceneSpriteKey *key,
                                               gdouble                 width,
                                               gdouble                 height,
                                               cairo_surface_t        *surface);

const gchar     *pl_scene_cache_recall        (PlSceneCache  *self,
                                               guint          index,
                                               guint          slot,
                                               const guint64  keys[PL_SCENE_CACHE_KEYS]);
const gchar     *pl_scene_cache_remember      (PlSceneCache  *self,
                                               guint          index,
                                               guint          slot,
                                               const guint64  keys[PL_SCENE_CACHE_KEYS],
                                               gchar         *text);

void             pl_scene_cache_end_frame     (PlSceneCache  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlSceneCache, pl_scene_cache_free)

G_END_DECLS
