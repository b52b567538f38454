/* pl-scene-renderer-private.h: what the units of the scene renderer share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The renderer is split along its seams: pl-scene-painter.c holds the text,
 * sprite and badge helpers every part uses, pl-scene-layout.c places the
 * parts, pl-scene-belts.c and pl-scene-cards.c paint them, and
 * pl-scene-renderer.c ties them into the public entry points.
 */

#pragma once

#include <cairo.h>

#include "pl-scene-cache.h"
#include "pl-scene-layout.h"
#include "pl-scene-renderer.h"

G_BEGIN_DECLS

/* Text sizes, in units of the base size, of the parts that repeat. */
#define INFO_SCALE  0.85   /* under a belt */
#define STATS_SCALE 0.95   /* a card's numbers */

/* Text on the alert colour, which stays the same in light and dark. */
static const PlSceneColor white = { 1, 1, 1, 1 };

/* Lines of numbers the cache keeps: per queue its fill level and info
 * line, per stage its three lines. */
enum {
  FORMAT_COUNT,
  FORMAT_INFO,
  FORMAT_LINE1,
  FORMAT_LINE2,
  FORMAT_LINE3,
};

typedef struct
{
  cairo_t            *cr;
  PlScene            *scene;
  const PlSample     *sample;
  const PlSceneStyle *style;
  PlSceneCache       *cache;
  PlSceneCache       *own_cache;  /* when the caller keeps none */
  const PlSceneLayout *l;
  gboolean            raster;   /* sprites may stand in for paths */
  gdouble             scale;    /* device pixels per unit */
  gdouble             fs;
  gdouble             pad;
  PlSceneColor        fg;
  PlSceneColor        muted;
  PlSceneColor        line;
  PlSceneColor        card;
  PlSceneColor        alert;    /* blocked on a full queue */
  PlSceneColor        bg;
  gdouble             width;      /* of the picture */
  gdouble             height;
  gboolean            in_sprite;  /* drawing a sprite: coordinates are its own */
} Painter;

typedef void (*SpriteDrawFunc) (Painter       *p,
                                cairo_t       *cr,
                                gdouble        width,
                                gdouble        height,
                                gconstpointer  data);

/* Where a queue is in the close → join sequence. */
typedef enum {
  JOIN_NONE,
  JOIN_CLOSED_JOINED,
  JOIN_CLOSED_WAITS,
  JOIN_JOINED,
  JOIN_CLOSED,
  JOIN_WAITS,
} JoinStep;

/* Where the items of a belt go. */
typedef struct
{
  guint   n_slots;
  gdouble inner_x;      /* the slots, between the pulleys */
  gdouble inner_width;
  gdouble slot;
  gdouble box;          /* an item's size */
  gdouble mid_y;
} BeltSlots;

typedef enum {
  BELT_ITEMS,   /* single items, one slot apart */
  BELT_MARKER,
  BELT_PILE,    /* the compressed backlog */
} BeltPartKind;

/* Something on a belt, placed; see _pl_scene_walk_belt(). */
typedef struct
{
  BeltPartKind      kind;
  const PlSceneBox *box;      /* the first box it stands for */
  guint             n;        /* BELT_ITEMS: how many, from `box` on */
  gdouble           cx;       /* the centre of the first */
  gdouble           cy;
  gdouble           size;     /* an item's or a marker's; a pile's height */
  gdouble           room;     /* BELT_PILE: the width it may take */
  const BeltSlots  *slots;
  PlSceneColor      fill;     /* BELT_ITEMS: the colours pl_scene_glyphs_item() paints */
  PlSceneColor      outline;
} BeltPart;

typedef void (*BeltPartFunc) (const BeltPart *part,
                              gpointer        user_data);

/* pl-scene-painter.c: text, sprites, badges and piles */
gdouble      _pl_scene_text_px             (Painter *p,
                                            gdouble  scale);
gdouble      _pl_scene_measure_text        (Painter     *p,
                                            const gchar *text,
                                            gdouble      scale,
                                            gboolean     bold);
const gchar *_pl_scene_recall_formatted    (Painter       *p,
                                            guint          index,
                                            guint          slot,
                                            const guint64  keys[PL_SCENE_CACHE_KEYS]);
const gchar *_pl_scene_remember_formatted  (Painter       *p,
                                            guint          index,
                                            guint          slot,
                                            const guint64  keys[PL_SCENE_CACHE_KEYS],
                                            gchar         *text);
gdouble      _pl_scene_paint_text          (Painter            *p,
                                            cairo_t            *cr,
                                            const gchar        *text,
                                            gdouble             x,
                                            gdouble             y,
                                            gdouble             max_width,
                                            gdouble             scale,
                                            gboolean            bold,
                                            const PlSceneColor *color,
                                            gboolean            right);
gdouble      _pl_scene_line_height         (Painter *p,
                                            gdouble  scale);
GPtrArray   *_pl_scene_wrap_text           (Painter     *p,
                                            const gchar *text,
                                            gdouble      width,
                                            gdouble      scale,
                                            gboolean     bold);
guint        _pl_scene_count_lines         (Painter     *p,
                                            const gchar *text,
                                            gdouble      width,
                                            gdouble      scale,
                                            gboolean     bold);
guint        _pl_scene_paint_wrapped       (Painter            *p,
                                            const gchar        *text,
                                            gdouble             x,
                                            gdouble             y,
                                            gdouble             width,
                                            gdouble             scale,
                                            gboolean            bold,
                                            const PlSceneColor *color,
                                            guint               max_lines);
gdouble      _pl_scene_snap                (Painter *p,
                                            gdouble  v);
void         _pl_scene_paint_sprite_part   (Painter                *p,
                                            const PlSceneSpriteKey *key,
                                            gdouble                 x,
                                            gdouble                 y,
                                            gdouble                 width,
                                            gdouble                 height,
                                            gdouble                 from,
                                            gdouble                 to,
                                            SpriteDrawFunc          draw,
                                            gconstpointer           data);
void         _pl_scene_paint_sprite        (Painter                *p,
                                            const PlSceneSpriteKey *key,
                                            gdouble                 x,
                                            gdouble                 y,
                                            gdouble                 width,
                                            gdouble                 height,
                                            SpriteDrawFunc          draw,
                                            gconstpointer           data);
gdouble      _pl_scene_paint_badge         (Painter            *p,
                                            const gchar        *text,
                                            gdouble             x,
                                            gdouble             y,
                                            gdouble             scale,
                                            const PlSceneColor *fill,
                                            const PlSceneColor *ink,
                                            gboolean            right,
                                            gdouble             max_width);
void         _pl_scene_paint_pile          (Painter     *p,
                                            gdouble      cx,
                                            gdouble      cy,
                                            gdouble      max_width,
                                            gdouble      height,
                                            const gchar *count,
                                            gboolean     with_marker);

/* pl-scene-layout.c: where everything goes */
void         _pl_scene_compute_layout      (Painter       *p,
                                            PlSceneLayout *l,
                                            gdouble        width,
                                            gdouble        height);

/* pl-scene-belts.c: the queues, their items and the connectors */
gchar       *_pl_scene_queue_info_text     (const gchar *max,
                                            const gchar *unfinished,
                                            const gchar *dropped,
                                            JoinStep     join);
void         _pl_scene_walk_belt           (const PlSceneLayout *l,
                                            PlScene             *scene,
                                            guint                queue,
                                            BeltPartFunc         func,
                                            gpointer             user_data);
gdouble      _pl_scene_belt_part_x         (const BeltPart *part,
                                            guint           k);
void         _pl_scene_paint_connector     (Painter           *p,
                                            gdouble            from_x,
                                            gdouble            from_y,
                                            gdouble            gutter_x,
                                            const PlSceneRect *belt,
                                            gboolean           blocked);
void         _pl_scene_paint_feed_arrow    (Painter *p,
                                            guint    index);
void         _pl_scene_paint_belt_static   (Painter *p,
                                            guint    queue);
void         _pl_scene_paint_belt_dynamic  (Painter *p,
                                            guint    queue);

/* pl-scene-cards.c: the stages, the title, the source, the done card and
 * the legend */
gchar       *_pl_scene_summary_text        (const gchar *mode,
                                            const gchar *state,
                                            gdouble      seconds);
gchar       *_pl_scene_source_text         (const PlSample *s,
                                            PlMode          mode,
                                            const gchar    *fed,
                                            const gchar    *items,
                                            const gchar    *polls,
                                            gboolean        cap);
gchar       *_pl_scene_done_text           (const PlSample *s,
                                            gdouble         throughput,
                                            const gchar    *dropped,
                                            const gchar    *held,
                                            const gchar    *polls);
void         _pl_scene_paint_card_frame    (Painter           *p,
                                            const PlSceneRect *card);
void         _pl_scene_paint_stage_static  (Painter *p,
                                            guint    stage);
void         _pl_scene_paint_stage_dynamic (Painter *p,
                                            guint    stage);
void         _pl_scene_paint_title_static  (Painter *p);
void         _pl_scene_paint_title_dynamic (Painter *p);
void         _pl_scene_paint_source        (Painter *p);
void         _pl_scene_paint_done          (Painter *p);
gdouble      _pl_scene_paint_legend        (Painter  *p,
                                            gdouble   x,
                                            gdouble   y,
                                            gdouble   width,
                                            gboolean  dry);

G_END_DECLS
