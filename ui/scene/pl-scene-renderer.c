/* pl-scene-renderer.c: paints a scene with cairo, on screen or into files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The line reads top to bottom: the source, then one row per stage (the
 * stage's input queue as a conveyor belt, then its workers), then the done
 * queue. Rows wrap into two columns past six stages, and everything scales
 * with the space available, so one function serves the window, exports and
 * screenshots alike.
 *
 * A frame has two layers. The static one (background, belts, cards, names,
 * legend) only changes with the size, the style or the shape of the line;
 * the dynamic one (items, workers, counters, alerts) changes with every
 * sample. Both are plain cairo. On raster targets the static layer, the
 * layout and the small pictures that repeat (items, worker glyphs, badges)
 * are kept in the caller's cache (pl-scene-cache.c) and reused, so a frame
 * is mostly copies; vector targets get every shape drawn as a path.
 */

#include "config.h"

#include <math.h>
#include <string.h>
/* PRIu64 rather than G_GUINT64_FORMAT in translated text: the string
 * extractor knows the <inttypes.h> macros, so the catalogue can match. */
#include <inttypes.h>

#include <glib/gi18n.h>

#include "pl-format.h"
#include "pl-scene-cache.h"
#include "pl-scene-glyphs.h"
#include "pl-scene-renderer.h"
#include "pl-text-log.h"

#define MAX_SINGLE_COLUMN_STAGES 6

/* The base text size, in pixels at text scale 1: the smallest the layout
 * picks, so that the smallest text (0.85 of it) stays readable, and the
 * largest. */
#define MIN_FS 14.0
#define MAX_FS 22.0

/* Text sizes, in units of the base size, of the parts that repeat. */
#define INFO_SCALE  0.85   /* under a belt */
#define STATS_SCALE 0.95   /* a card's numbers */
#define LINE_HEIGHT 1.25   /* from one line of text to the next, in its size */

/* Parts of a line of text that may go onto lines of their own. */
#define SEPARATOR " · "

/* Animation steps kept as pictures: a turn of the work spinner and one
 * poll pulse. */
#define SPINNER_STEPS 24
#define PULSE_STEPS   18

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

void
pl_scene_style_init (PlSceneStyle *style,
                     gboolean      dark)
{
  static const PlSceneColor light_fg = { 0.11, 0.11, 0.13, 1 };
  static const PlSceneColor light_bg = { 1, 1, 1, 1 };
  static const PlSceneColor dark_fg = { 1, 1, 1, 1 };
  static const PlSceneColor dark_bg = { 0.14, 0.14, 0.14, 1 };

  g_return_if_fail (style != NULL);

  style->foreground = dark ? dark_fg : light_fg;
  style->background = dark ? dark_bg : light_bg;
  style->paint_background = TRUE;
  style->animate = FALSE;
  style->text_scale = 1.0;
  style->skip_items = FALSE;
  style->raster_scale = 0;
}

/* Text */

/* The size of text at `scale` times the base size: never below what can
 * be read from the back of a classroom. */
static gdouble
text_px (Painter *p,
         gdouble  scale)
{
  return MAX (p->fs * scale, PL_MIN_TEXT_PX * p->style->text_scale);
}

static gdouble
measure_text (Painter     *p,
              const gchar *text,
              gdouble      scale,
              gboolean     bold)
{
  return pl_scene_text_measure (pl_scene_cache_get_text (p->cache), text, text_px (p, scale), bold);
}

static guint64
double_key (gdouble value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  return bits;
}

static const gchar *
recall_formatted (Painter       *p,
                  guint          index,
                  guint          slot,
                  const guint64  keys[PL_SCENE_CACHE_KEYS])
{
  return pl_scene_cache_recall (p->cache, index, slot, keys);
}

static const gchar *
remember_formatted (Painter       *p,
                    guint          index,
                    guint          slot,
                    const guint64  keys[PL_SCENE_CACHE_KEYS],
                    gchar         *text)
{
  return pl_scene_cache_remember (p->cache, index, slot, keys, text);
}

/* Draws one line of text with its top-left corner at (x, y), or its
 * top-right corner when `right` is set. Returns the width used. */
static gdouble
paint_text (Painter            *p,
            cairo_t            *cr,
            const gchar        *text,
            gdouble             x,
            gdouble             y,
            gdouble             max_width,
            gdouble             scale,
            gboolean            bold,
            const PlSceneColor *color,
            gboolean            right)
{
  gdouble width;

  if (right)
    {
      width = measure_text (p, text, scale, bold);
      if (max_width > 0)
        width = MIN (width, max_width);
      x -= width;
    }

  if (pl_text_log_active ())
    {
      gdouble full = measure_text (p, text, scale, bold);
      gboolean ellipsized = max_width > 0 && full > max_width;
      gboolean clipped = FALSE;

      /* Past the edges of the picture, where nobody sees it. */
      if (!p->in_sprite && cr == p->cr)
        clipped = x < -0.5 || x + MIN (full, max_width > 0 ? max_width : full) > p->width + 0.5 ||
                  y < -0.5 || y + text_px (p, scale) * 1.2 > p->height + 0.5;
      pl_text_log_add ("scene", text, text_px (p, scale), ellipsized, clipped);
    }

  pl_palette_set_source (cr, color);
  return pl_scene_text_draw (pl_scene_cache_get_text (p->cache), cr, text, text_px (p, scale), bold,
                             x, y, max_width,
                             p->raster ? p->scale : 0);
}

/* The height of a line of text at `scale`. */
static gdouble
line_height (Painter *p,
             gdouble  scale)
{
  return text_px (p, scale) * LINE_HEIGHT;
}

/*
 * Breaks `text` into lines no wider than `width`: between the parts that
 * " · " separates where it can, else between words, so that a figure is
 * never cut in two. A single word wider than `width` keeps a line of its
 * own. Returns the lines.
 */
static GPtrArray *
wrap_text (Painter     *p,
           const gchar *text,
           gdouble      width,
           gdouble      scale,
           gboolean     bold)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit (text, SEPARATOR, -1);
  GString *line = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;

      if (line->len > 0)
        {
          g_autofree gchar *longer = g_strconcat (line->str, SEPARATOR, parts[i], NULL);

          if (measure_text (p, longer, scale, bold) <= width)
            {
              g_string_assign (line, longer);
              continue;
            }
          g_ptr_array_add (lines, g_strdup (line->str));
          g_string_truncate (line, 0);
        }

      if (measure_text (p, parts[i], scale, bold) <= width)
        {
          g_string_assign (line, parts[i]);
          continue;
        }

      words = g_strsplit (parts[i], " ", -1);
      for (guint w = 0; words[w] != NULL; w++)
        {
          if (line->len > 0)
            {
              g_autofree gchar *longer = g_strconcat (line->str, " ", words[w], NULL);

              if (measure_text (p, longer, scale, bold) <= width)
                {
                  g_string_assign (line, longer);
                  continue;
                }
              g_ptr_array_add (lines, g_strdup (line->str));
            }
          g_string_assign (line, words[w]);
        }
    }

  if (line->len > 0 || lines->len == 0)
    g_ptr_array_add (lines, g_strdup (line->str));
  g_string_free (line, TRUE);

  return lines;
}

static guint
count_lines (Painter     *p,
             const gchar *text,
             gdouble      width,
             gdouble      scale,
             gboolean     bold)
{
  g_autoptr(GPtrArray) lines = wrap_text (p, text, width, scale, bold);

  return lines->len;
}

/* Draws `text` on as many lines as it needs, up to `max_lines` that the
 * layout keeps for it. Returns the lines drawn. */
static guint
paint_wrapped (Painter            *p,
               const gchar        *text,
               gdouble             x,
               gdouble             y,
               gdouble             width,
               gdouble             scale,
               gboolean            bold,
               const PlSceneColor *color,
               guint               max_lines)
{
  g_autoptr(GPtrArray) lines = NULL;

  /* The common case, one line that fits, costs one lookup. */
  if (measure_text (p, text, scale, bold) <= width)
    {
      paint_text (p, p->cr, text, x, y, width, scale, bold, color, FALSE);
      return 1;
    }

  lines = wrap_text (p, text, width, scale, bold);
  for (guint i = 0; i < lines->len; i++)
    {
      const gchar *line = g_ptr_array_index (lines, i);

      paint_text (p, p->cr, line, x, y + i * line_height (p, scale), width, scale, bold, color, FALSE);
      /* Past the room kept for it, it runs into what lies below. */
      if (i >= max_lines)
        pl_text_log_add ("scene", line, text_px (p, scale), FALSE, TRUE);
    }

  return lines->len;
}

/* Sprites: small pictures drawn once and copied */

static gdouble
snap (Painter *p,
      gdouble  v)
{
  return round (v * p->scale) / p->scale;
}

/*
 * Paints the picture that `draw` makes in a width × height box at (x, y).
 * On raster targets the picture is kept under `key` and copied,
 * pixel-aligned; elsewhere it is drawn as paths. Only the part from `from`
 * to `to` (in units from the left of the box) is painted.
 */
static void
paint_sprite_part (Painter                *p,
                   const PlSceneSpriteKey *key,
                   gdouble                 x,
                   gdouble                 y,
                   gdouble                 width,
                   gdouble                 height,
                   gdouble                 from,
                   gdouble                 to,
                   SpriteDrawFunc          draw,
                   gconstpointer           data)
{
  cairo_pattern_t *pattern;
  cairo_surface_t *surface;
  cairo_matrix_t matrix;

  if (!p->raster)
    {
      cairo_save (p->cr);
      cairo_translate (p->cr, x, y);
      p->in_sprite = TRUE;
      draw (p, p->cr, width, height, data);
      p->in_sprite = FALSE;
      cairo_restore (p->cr);
      return;
    }

  pattern = pl_scene_cache_lookup_sprite (p->cache, key, width, height);
  if (pattern == NULL)
    {
      cairo_t *cr;

      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            MAX (1, (gint) ceil (width * p->scale)),
                                            MAX (1, (gint) ceil (height * p->scale)));
      cairo_surface_set_device_scale (surface, p->scale, p->scale);
      cr = cairo_create (surface);
      draw (p, cr, width, height, data);
      cairo_destroy (cr);
      pattern = pl_scene_cache_add_sprite (p->cache, key, width, height, surface);
    }

  cairo_pattern_get_surface (pattern, &surface);
  x = snap (p, x);
  y = snap (p, y);
  cairo_matrix_init_translate (&matrix, -x, -y);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_set_source (p->cr, pattern);
  cairo_rectangle (p->cr, x + snap (p, from), y,
                   snap (p, MIN (to, cairo_image_surface_get_width (surface) / p->scale)) - snap (p, from),
                   cairo_image_surface_get_height (surface) / p->scale);
  cairo_fill (p->cr);
}

static void
paint_sprite (Painter                *p,
              const PlSceneSpriteKey *key,
              gdouble                 x,
              gdouble                 y,
              gdouble                 width,
              gdouble                 height,
              SpriteDrawFunc          draw,
              gconstpointer           data)
{
  paint_sprite_part (p, key, x, y, width, height, 0, width + 1, draw, data);
}

/* Badges: a label on a filled rounded rectangle, for the few words that
 * must jump out: FULL, BOTTLENECK, blocked. */

typedef struct
{
  const gchar        *text;
  gdouble             scale;
  gdouble             text_width;
  const PlSceneColor *fill;
  const PlSceneColor *ink;
} Badge;

static void
draw_badge (Painter       *p,
            cairo_t       *cr,
            gdouble        width,
            gdouble        height,
            gconstpointer  data)
{
  const Badge *badge = data;
  gdouble inset = p->fs * 0.35;

  pl_scene_glyphs_rounded_rect (cr, 0, 0, width, height, height * 0.3);
  pl_palette_set_source (cr, badge->fill);
  cairo_fill (cr);
  paint_text (p, cr, badge->text, inset, height * 0.1, badge->text_width + 1, badge->scale,
              TRUE, badge->ink, FALSE);
}

/* It never grows past `max_width`. Returns its width. */
static gdouble
paint_badge (Painter            *p,
             const gchar        *text,
             gdouble             x,
             gdouble             y,
             gdouble             scale,
             const PlSceneColor *fill,
             const PlSceneColor *ink,
             gboolean            right,
             gdouble             max_width)
{
  gdouble inset = p->fs * 0.35;
  Badge badge = { text, scale, 0, fill, ink };
  PlSceneSpriteKey key = {
    "badge", text,
    { (gint) (scale * 100), pl_scene_sprite_color_value (fill), pl_scene_sprite_color_value (ink) }
  };
  gdouble width;
  gdouble height = text_px (p, scale) * 1.35;

  badge.text_width = MIN (measure_text (p, text, scale, TRUE), max_width - 2 * inset);
  width = badge.text_width + 2 * inset;
  if (right)
    x -= width;

  paint_sprite (p, &key, x, y, width, height, draw_badge, &badge);

  return width;
}

static void
paint_arrowhead (cairo_t *cr,
                 gdouble  x,
                 gdouble  y,
                 gdouble  size)
{
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x - size, y - size * 0.6);
  cairo_line_to (cr, x - size, y + size * 0.6);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* A horizontal or vertical segment as a filled box, which costs far less
 * than a stroke; the ends reach half the width past the points, so
 * segments meet in square corners. */
static void
add_segment (Painter *p,
             gdouble  x1,
             gdouble  y1,
             gdouble  x2,
             gdouble  y2,
             gdouble  width)
{
  gdouble half = width / 2;
  gdouble left = snap (p, MIN (x1, x2) - half);
  gdouble top = snap (p, MIN (y1, y2) - half);
  gdouble right = snap (p, MAX (x1, x2) + half);
  gdouble bottom = snap (p, MAX (y1, y2) + half);

  cairo_rectangle (p->cr, left, top, MAX (right - left, 1 / p->scale), MAX (bottom - top, 1 / p->scale));
}

/* From the bottom of whatever feeds a queue, down into the gap, along the
 * row's gutter and into the tail of the belt. */
static void
paint_connector (Painter           *p,
                 gdouble            from_x,
                 gdouble            from_y,
                 gdouble            gutter_x,
                 const PlSceneRect *belt,
                 gboolean           blocked)
{
  cairo_t *cr = p->cr;
  gdouble to_y = belt->y + belt->height / 2;
  gdouble drop = from_y + p->pad * 0.55;
  gdouble width = blocked ? MAX (3, p->fs * 0.28) : MAX (1.5, p->fs * 0.1);
  gdouble head = blocked ? p->fs * 0.75 : p->fs * 0.55;

  pl_palette_set_source (cr, blocked ? &p->alert : &p->line);
  add_segment (p, from_x, from_y, from_x, drop, width);
  add_segment (p, from_x, drop, gutter_x, drop, width);
  add_segment (p, gutter_x, drop, gutter_x, to_y, width);
  add_segment (p, gutter_x, to_y, belt->x - head, to_y, width);
  /* One fill for the union, so the corners are not painted twice. */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
  paint_arrowhead (cr, belt->x, to_y, head);
}

/* The compressed backlog: a stack of cards that carries its count, so the
 * belt still accounts for every entry. */

typedef struct
{
  const gchar *count;
  gdouble      scale;
  gdouble      text_width;
  gdouble      marker;
  gdouble      shift;
  gdouble      card_width;
  gdouble      card_height;
} Pile;

static void
draw_pile (Painter       *p,
           cairo_t       *cr,
           gdouble        width,
           gdouble        height,
           gconstpointer  data)
{
  const Pile *pile = data;
  gdouble x = 2 * pile->shift + 1;
  gdouble y = 2 * pile->shift + 1;

  for (gint layer = 2; layer >= 0; layer--)
    {
      pl_scene_glyphs_rounded_rect (cr, x - layer * pile->shift, y - layer * pile->shift,
                                    pile->card_width, pile->card_height, pile->card_height * 0.25);
      pl_palette_set_source (cr, layer == 0 ? &p->fg : &p->card);
      cairo_fill_preserve (cr);
      pl_palette_set_source (cr, &p->fg);
      cairo_set_line_width (cr, MAX (1, p->fs * 0.07));
      cairo_stroke (cr);
    }

  if (pile->marker > 0)
    pl_scene_glyphs_marker (cr, x + p->fs * 0.2 + pile->marker / 2, y + pile->card_height / 2,
                            pile->marker * 0.8);
  paint_text (p, cr, pile->count, x + p->fs * 0.3 + pile->marker,
              y + pile->card_height / 2 - text_px (p, pile->scale) * 0.62,
              -1, pile->scale, TRUE, &p->bg, FALSE);
}

static void
paint_pile (Painter     *p,
            gdouble      cx,
            gdouble      cy,
            gdouble      max_width,
            gdouble      height,
            const gchar *count,
            gboolean     with_marker)
{
  Pile pile = { count, MIN (0.8, height / (p->fs * 1.25)), 0, 0, height * 0.12, 0, height };
  PlSceneSpriteKey key = { "pile", count, { with_marker } };
  gdouble x;

  pile.marker = with_marker ? text_px (p, pile.scale) * 1.1 : 0;
  pile.text_width = measure_text (p, count, pile.scale, TRUE);

  /* Long counts shrink rather than lose digits. */
  if (pile.text_width + p->fs * 0.6 + pile.marker > max_width)
    {
      gdouble shrink = MAX (0.6, (max_width - p->fs * 0.6 - pile.marker) / pile.text_width);

      pile.scale *= shrink;
      /* Text never shrinks below its smallest size: measure it again. */
      pile.text_width = measure_text (p, count, pile.scale, TRUE);
      pile.marker = with_marker ? text_px (p, pile.scale) * 1.1 : 0;
    }
  pile.card_width = pile.text_width + p->fs * 0.6 + pile.marker;
  x = cx - pile.card_width / 2;
  key.values[1] = (gint) (pile.scale * 1000);

  paint_sprite (p, &key, x - 2 * pile.shift - 1, cy - height / 2 - 2 * pile.shift - 1,
                pile.card_width + 2 * pile.shift + 2, height + 2 * pile.shift + 2,
                draw_pile, &pile);
}

/* Belts */

typedef struct
{
  guint    n_slots;
  gboolean full;
  gdouble  grow;     /* room around the belt in its box */
} BeltLook;

/* The belt itself, in a box of its own size: a band between two pulleys,
 * with one slot per unit of capacity so empty room shows as empty slots. */
static void
draw_belt (Painter       *p,
           cairo_t       *cr,
           gdouble        width,
           gdouble        height,
           gconstpointer  data)
{
  const BeltLook *look = data;
  gdouble end;
  gdouble slot;
  gdouble mid_y;

  cairo_translate (cr, look->grow, look->grow);
  width -= 2 * look->grow;
  height -= 2 * look->grow;
  end = height * 0.5;
  slot = (width - 2 * end) / look->n_slots;
  mid_y = height / 2;

  pl_scene_glyphs_rounded_rect (cr, 0, 0, width, height, end);
  pl_palette_set_source (cr, &p->card);
  cairo_fill_preserve (cr);
  if (look->full)
    {
      cairo_set_source_rgba (cr, p->alert.red, p->alert.green, p->alert.blue, 0.16);
      cairo_fill_preserve (cr);
    }
  pl_palette_set_source (cr, look->full ? &p->alert : &p->line);
  cairo_set_line_width (cr, look->full ? MAX (2.5, p->fs * 0.2) : MAX (1, p->fs * 0.08));
  cairo_stroke (cr);

  cairo_set_line_width (cr, MAX (1, p->fs * 0.06));
  pl_palette_set_source (cr, &p->line);
  cairo_arc (cr, end, mid_y, end * 0.45, 0, 2 * G_PI);
  cairo_new_sub_path (cr);
  cairo_arc (cr, width - end, mid_y, end * 0.45, 0, 2 * G_PI);
  cairo_stroke (cr);

  if (slot >= 4)
    {
      cairo_save (cr);
      cairo_set_source_rgba (cr, p->line.red, p->line.green, p->line.blue, 0.55);
      cairo_set_line_width (cr, MAX (1, p->fs * 0.05));
      for (guint i = 0; i <= look->n_slots; i++)
        {
          gdouble x = end + i * slot;

          cairo_move_to (cr, x, height * 0.12);
          cairo_line_to (cr, x, height * 0.88);
        }
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

typedef struct
{
  guint   n;
  gdouble slot;
  gdouble box;
} Strip;

/* A row of items one slot apart, head on the right, to copy runs from. */
static void
draw_strip (Painter       *p,
            cairo_t       *cr,
            gdouble        width,
            gdouble        height,
            gconstpointer  data)
{
  const Strip *strip = data;

  for (guint k = 0; k < strip->n; k++)
    pl_scene_glyphs_item (cr, width - (k + 0.5) * strip->slot, height / 2, strip->box);
}

static void
draw_marker (Painter       *p,
             cairo_t       *cr,
             gdouble        width,
             gdouble        height,
             gconstpointer  data)
{
  pl_scene_glyphs_marker (cr, width / 2, height / 2, MIN (width, height) - 2);
}

/* Where the items of a belt go: the exports' items and the window's are
 * placed by this one function. */
typedef struct
{
  gdouble inner_x;      /* the slots, between the pulleys */
  gdouble inner_width;
  gdouble slot;
  gdouble box;          /* an item's size */
  gdouble mid_y;
} BeltSlots;

static void
belt_slots (const PlSceneLayout *l,
            PlScene             *scene,
            guint                queue,
            BeltSlots           *slots)
{
  const PlSceneRect *belt = &l->belts[queue];
  guint n_slots = MAX (1, pl_scene_get_n_slots (scene, queue));
  gdouble end = belt->height * 0.5;

  slots->inner_x = belt->x + end;
  slots->inner_width = belt->width - 2 * end;
  slots->slot = slots->inner_width / n_slots;
  slots->box = MIN (slots->slot * 0.8, belt->height * 0.62);
  slots->mid_y = belt->y + belt->height / 2;
}

/* The centre of a box `position` slots from the head of the belt. */
static gdouble
belt_slot_x (const BeltSlots *slots,
             gdouble          position)
{
  return slots->inner_x + slots->inner_width - (position + 0.5) * slots->slot;
}

static void
paint_items (Painter *p,
             guint    queue)
{
  const PlSceneRect *belt = &p->l->belts[queue];
  guint n_slots = MAX (1, pl_scene_get_n_slots (p->scene, queue));
  BeltSlots slots;
  gdouble slot, box, mid_y;
  gdouble marker_size;
  const PlSceneBox *boxes;
  guint n_boxes;

  belt_slots (p->l, p->scene, queue, &slots);
  slot = slots.slot;
  box = slots.box;
  mid_y = slots.mid_y;
  /* Larger than an item, so the marker stands out wherever it is. */
  marker_size = MAX (box * 1.3, belt->height * 0.78) + 2;
  boxes = pl_scene_get_boxes (p->scene, queue, &n_boxes);

  /* Piles last, so that their counts lie on top of the items beside them. */
  for (guint pass = 0; pass < 2; pass++)
    {
    for (guint i = 0; i < n_boxes; i++)
      {
        gdouble cx = belt_slot_x (&slots, boxes[i].position);

        if ((boxes[i].count > 1) != (pass == 1))
          continue;
        if (boxes[i].count > 1)
          {
            g_autofree gchar *count = pl_format_count_short (boxes[i].count);
            g_autofree gchar *more = g_strconcat ("+", count, NULL);
            /* The pile may reach over the tail pulley, never past the belt,
             * unless markers wait behind it. */
            gboolean last = i + 1 == n_boxes;
            gdouble room = boxes[i].span * slot + (last ? belt->height * 0.5 : 0);
            gdouble centre = last ? MAX (cx, belt->x + room / 2 + 2) : cx;

            /* The marker behind it is larger than its slot: leave it room. */
            if (!last)
              {
                gdouble overflow = MAX (0, (marker_size - slot) / 2) + p->fs * 0.15;

                room -= overflow;
                centre += overflow / 2;
              }

            paint_pile (p, centre, mid_y, room, belt->height * 0.62, more, boxes[i].markers > 0);
          }
        else if (boxes[i].markers > 0)
          {
            static const PlSceneSpriteKey key = { "marker" };

            paint_sprite (p, &key, cx - marker_size / 2, mid_y - marker_size / 2, marker_size, marker_size,
                          draw_marker, NULL);
          }
        else if (p->style->skip_items)
          {
            continue;
          }
        else if (!p->raster)
          {
            pl_scene_glyphs_item (p->cr, cx, mid_y, box);
          }
        else
          {
            /* Items one slot apart are copied from a strip, a run at a time. */
            Strip strip = { n_slots, slot, box };
            PlSceneSpriteKey key = { "strip", NULL, { n_slots, (gint) (slot * 64), (gint) (box * 64) } };
            gdouble height = box + 4;
            gdouble width = n_slots * slot;
            guint last = i;
            gdouble x;

            while (last + 1 < n_boxes && boxes[last + 1].count == 1 && boxes[last + 1].markers == 0 &&
                   fabs (boxes[last + 1].position - boxes[last].position - 1) < 1e-6)
              last++;

            /* Strip item k sits k slots from its right end: item 0 on box i. */
            x = cx + slot / 2 - width;
            paint_sprite_part (p, &key, x, mid_y - height / 2, width, height,
                               width - (last - i + 1) * slot, width, draw_strip, &strip);
            i = last;
          }
      }
    }
}

static void
paint_belt_static (Painter *p,
                   guint    queue)
{
  const PlSceneRect *belt = &p->l->belts[queue];
  g_autofree gchar *name = pl_format_queue_title (queue, p->sample->n_queues);
  BeltLook look = { MAX (1, pl_scene_get_n_slots (p->scene, queue)), FALSE, 0 };

  /* The name on the tail side; the head side is left for the fill level. */
  paint_text (p, p->cr, name, belt->x, p->l->label_y[queue] + p->fs * 0.15,
              p->l->label_apart ? belt->width : belt->width * 0.42, 1.0, FALSE, &p->fg, FALSE);

  cairo_save (p->cr);
  cairo_translate (p->cr, belt->x, belt->y);
  draw_belt (p, p->cr, belt->width, belt->height, &look);
  cairo_restore (p->cr);
}

/* Where a queue is in the close → join sequence. */
typedef enum {
  JOIN_NONE,
  JOIN_CLOSED_JOINED,
  JOIN_CLOSED_WAITS,
  JOIN_JOINED,
  JOIN_CLOSED,
  JOIN_WAITS,
} JoinStep;

/* The line under a belt; `dropped` is NULL when nothing was dropped. */
static gchar *
queue_info_text (const gchar *max,
                 const gchar *unfinished,
                 const gchar *dropped,
                 JoinStep     join)
{
  if (dropped != NULL)
    switch (join)
      {
      case JOIN_CLOSED_JOINED:
        return g_strdup_printf (_("max %s · unfinished %s · dropped %s · CLOSED · JOINED ✓"),
                                max, unfinished, dropped);
      case JOIN_CLOSED_WAITS:
        return g_strdup_printf (_("max %s · unfinished %s · dropped %s · CLOSED · join waits"),
                                max, unfinished, dropped);
      case JOIN_JOINED:
        return g_strdup_printf (_("max %s · unfinished %s · dropped %s · JOINED ✓"),
                                max, unfinished, dropped);
      case JOIN_CLOSED:
        return g_strdup_printf (_("max %s · unfinished %s · dropped %s · CLOSED"),
                                max, unfinished, dropped);
      case JOIN_WAITS:
        return g_strdup_printf (_("max %s · unfinished %s · dropped %s · join waits"),
                                max, unfinished, dropped);
      case JOIN_NONE:
      default:
        return g_strdup_printf (_("max %s · unfinished %s · dropped %s"), max, unfinished, dropped);
      }

  switch (join)
    {
    case JOIN_CLOSED_JOINED:
      return g_strdup_printf (_("max %s · unfinished %s · CLOSED · JOINED ✓"), max, unfinished);
    case JOIN_CLOSED_WAITS:
      return g_strdup_printf (_("max %s · unfinished %s · CLOSED · join waits"), max, unfinished);
    case JOIN_JOINED:
      return g_strdup_printf (_("max %s · unfinished %s · JOINED ✓"), max, unfinished);
    case JOIN_CLOSED:
      return g_strdup_printf (_("max %s · unfinished %s · CLOSED"), max, unfinished);
    case JOIN_WAITS:
      return g_strdup_printf (_("max %s · unfinished %s · join waits"), max, unfinished);
    case JOIN_NONE:
    default:
      return g_strdup_printf (_("max %s · unfinished %s"), max, unfinished);
    }
}

static void
paint_belt_dynamic (Painter *p,
                    guint    queue)
{
  const PlQueueSample *qs = &p->sample->queues[queue];
  const PlSceneRect *belt = &p->l->belts[queue];
  gboolean full = pl_scene_queue_is_full (p->scene, queue);
  gdouble label_y = p->l->label_y[queue] + (p->l->label_apart ? p->fs * 1.6 : 0);
  guint64 count_keys[PL_SCENE_CACHE_KEYS] = { qs->stats.depth, qs->stats.capacity };
  /* Busy-waiting, the main thread polls the done queue instead of joining. */
  gboolean joining = p->sample->state == PL_PIPELINE_CLOSING && !qs->joined && !p->sample->shut_down &&
                     p->sample->mode == PL_MODE_BLOCKING &&
                     queue + 1 < p->sample->n_queues &&
                     (queue == 0 || p->sample->queues[queue - 1].joined);
  guint64 info_keys[PL_SCENE_CACHE_KEYS] = { qs->stats.max_depth, qs->stats.unfinished, qs->stats.dropped,
                           qs->closed | qs->joined << 1 | joining << 2 | p->sample->shut_down << 3 };
  const gchar *count;
  const gchar *info;
  JoinStep join = JOIN_NONE;
  gdouble count_width;

  if (full)
    {
      BeltLook look = { MAX (1, pl_scene_get_n_slots (p->scene, queue)), TRUE, 0 };
      PlSceneSpriteKey key = { "full-belt", NULL, { look.n_slots } };
      gdouble grow = MAX (2.5, p->fs * 0.2);

      /* Over the static belt: red, with the thicker outline inside the box. */
      look.grow = grow;
      paint_sprite (p, &key, belt->x - grow, belt->y - grow, belt->width + 2 * grow, belt->height + 2 * grow,
                    draw_belt, &look);
    }

  /* The fill level on the head side. */
  count = recall_formatted (p, queue, FORMAT_COUNT, count_keys);
  if (count == NULL)
    {
      g_autofree gchar *depth = pl_format_count_short (qs->stats.depth);
      g_autofree gchar *capacity = qs->stats.capacity > 0 ? pl_format_count_short (qs->stats.capacity) : g_strdup ("∞");

      count = remember_formatted (p, queue, FORMAT_COUNT, count_keys,
                                  g_strdup_printf ("%s / %s", depth, capacity));
    }
  count_width = paint_text (p, p->cr, count, belt->x + belt->width, label_y,
                            -1, 1.3, TRUE, full ? &p->alert : &p->fg, TRUE);
  if (full)
    paint_badge (p, _("FULL"), belt->x + belt->width - count_width - p->fs * 0.4,
                 label_y + p->fs * 0.15, 0.9, &p->alert, &white, TRUE, belt->width / 3);

  paint_items (p, queue);

  /* Below: the peak, the tasks not yet done, and the close → join steps.
   * Queues are joined in order, so while the line closes the first queue
   * not joined yet is the one a join waits on. */
  if (qs->joined && qs->closed)
    join = JOIN_CLOSED_JOINED;
  else if (qs->joined)
    join = JOIN_JOINED;
  else if (qs->closed && p->sample->shut_down)
    join = JOIN_CLOSED;
  else if (qs->closed)
    join = JOIN_CLOSED_WAITS;
  else if (joining)
    join = JOIN_WAITS;
  info = recall_formatted (p, queue, FORMAT_INFO, info_keys);
  if (info == NULL)
    {
      g_autofree gchar *max = pl_format_count_short (qs->stats.max_depth);
      g_autofree gchar *unfinished = pl_format_count_short (qs->stats.unfinished);
      g_autofree gchar *dropped = qs->stats.dropped > 0 ? pl_format_count_short (qs->stats.dropped) : NULL;

      info = remember_formatted (p, queue, FORMAT_INFO, info_keys,
                                 queue_info_text (max, unfinished, dropped, join));
    }
  paint_wrapped (p, info, belt->x, belt->y + belt->height + p->fs * 0.2, p->l->info_width,
                 INFO_SCALE, TRUE, &p->muted, p->l->info_lines);
}

/* Picks a glyph size that fits `n` glyphs in a width × height area. */
static gdouble
fit_grid (guint    n,
          gdouble  width,
          gdouble  height,
          guint   *columns)
{
  gdouble best = 0;

  *columns = MAX (n, 1);
  for (guint rows = 1; rows <= MAX (n, 1); rows++)
    {
      guint cols = (n + rows - 1) / rows;
      gdouble size = MIN (height / rows, width / MAX (cols, 1));

      if (size > best)
        {
          best = size;
          *columns = MAX (cols, 1);
        }
    }

  return best;
}

static void
paint_card_frame (Painter           *p,
                  const PlSceneRect *card)
{
  pl_scene_glyphs_rounded_rect (p->cr, card->x, card->y, card->width, card->height, p->fs * 0.5);
  pl_palette_set_source (p->cr, &p->card);
  cairo_fill_preserve (p->cr);
  pl_palette_set_source (p->cr, &p->line);
  cairo_set_line_width (p->cr, MAX (1, p->fs * 0.08));
  cairo_stroke (p->cr);
}

static void
paint_stage_static (Painter *p,
                    guint    stage)
{
  const PlStageSample *ss = &p->sample->stages[stage];
  const PlSceneRect *card = &p->l->cards[stage];
  gdouble inset = p->fs * 0.5;
  gdouble x = card->x + inset;
  gdouble width = card->width - 2 * inset;
  /* Room for the BOTTLENECK badge, whether it shows or not. */
  gdouble badge_width = MIN (measure_text (p, _("BOTTLENECK"), 0.9, TRUE) + p->fs * 0.7, width / 2);
  g_autofree gchar *workers = NULL;
  gdouble name_width;

  paint_card_frame (p, card);

  name_width = paint_text (p, p->cr, ss->name, x, card->y + inset * 0.7,
                           width - badge_width - p->fs, 1.2, TRUE, &p->fg, FALSE);
  workers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worker", "%u workers", ss->n_workers),
                             ss->n_workers);
  /* Only whole: the workers drawn below say it too. */
  if (measure_text (p, workers, 0.95, FALSE) <= width - name_width - badge_width - p->fs * 1.6)
    paint_text (p, p->cr, workers, x + name_width + p->fs * 0.6, card->y + inset * 0.7 + p->fs * 0.2,
                width - name_width - badge_width - p->fs * 1.6, 0.95, FALSE, &p->muted, FALSE);
}

typedef struct
{
  PlWorkerState state;
  gboolean      holds_marker;
  gdouble       glyph;
  gdouble       phase;
} WorkerLook;

static void
draw_worker (Painter       *p,
             cairo_t       *cr,
             gdouble        width,
             gdouble        height,
             gconstpointer  data)
{
  const WorkerLook *look = data;
  PlSceneStyle style = *p->style;

  /* The phase is already one of the steps kept. */
  style.animate = TRUE;
  pl_scene_glyphs_worker (cr, width / 2, height / 2, look->glyph, look->state,
                          look->holds_marker, &style, look->phase);
}

static void
paint_worker (Painter       *p,
              gdouble        cx,
              gdouble        cy,
              gdouble        glyph,
              PlWorkerState  state,
              gboolean       holds_marker)
{
  WorkerLook look = { state, holds_marker, glyph, 0 };
  PlSceneSpriteKey key = { "worker", NULL, { state, holds_marker } };
  gdouble box = glyph + 4;
  gint step = 0;

  /* The spinner and the poll pulse repeat, so a few steps of each are all
   * the pictures they need. */
  if (state == PL_WORKER_WORKING)
    {
      step = p->style->animate ? (gint)(fmod (pl_scene_get_clock (p->scene), 1.0) * SPINNER_STEPS) : 0;
      look.phase = step / (gdouble)SPINNER_STEPS;
    }
  else if (state == PL_WORKER_POLLING || state == PL_WORKER_BACKOFF)
    {
      step = p->style->animate
             ? (gint)(fmod (pl_scene_get_clock (p->scene), 0.6) / 0.6 * PULSE_STEPS)
             : (gint)(0.4 * PULSE_STEPS);
      look.phase = step * 0.6 / PULSE_STEPS;
      /* Room for the ring that leaves the worker. */
      box = glyph * 1.6 + 4;
    }

  key.values[2] = step;
  paint_sprite (p, &key, cx - box / 2, cy - box / 2, box, box, draw_worker, &look);
}

/* A bar for the CPU time of the stage's threads, full at one core each.
 * The bar follows the square root, so the few percent that polling with a
 * back-off costs still shows; the exact figure is printed above it. */
static void
paint_cpu_meter (Painter *p,
                 gdouble  x,
                 gdouble  y,
                 gdouble  width,
                 gdouble  height,
                 gdouble  fraction)
{
  cairo_t *cr = p->cr;

  x = snap (p, x);
  y = snap (p, y);
  width = snap (p, width);
  height = MAX (2, snap (p, height));

  cairo_set_source_rgba (cr, p->line.red, p->line.green, p->line.blue, 0.35);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);

  fraction = sqrt (CLAMP (fraction, 0, 1));
  if (fraction > 0)
    {
      PlSceneColor hot;

      pl_scene_glyphs_state_color (PL_WORKER_POLLING, &hot);
      pl_scene_glyphs_mix (&hot, &p->alert, CLAMP (fraction, 0, 1), &hot);
      pl_palette_set_source (cr, &hot);
      cairo_rectangle (cr, x, y, MAX (1 / p->scale, snap (p, width * CLAMP (fraction, 0, 1))), height);
      cairo_fill (cr);
    }
}

static void
paint_stage_dynamic (Painter *p,
                     guint    stage)
{
  const PlStageSample *ss = &p->sample->stages[stage];
  const PlSceneLayout *l = p->l;
  const PlSceneRect *card = &l->cards[stage];
  gboolean bottleneck = pl_scene_get_bottleneck (p->scene) == (gint)stage;
  gdouble inset = p->fs * 0.5;
  gdouble x = card->x + inset;
  gdouble width = card->width - 2 * inset;
  gdouble stats_x = l->stats_x[stage];
  gdouble stats_y = l->stats_y[stage];
  gdouble stats_width = l->stats_width[stage];
  const gchar *line1;
  const gchar *line2;
  const gchar *line3;
  guint64 keys1[PL_SCENE_CACHE_KEYS], keys2[PL_SCENE_CACHE_KEYS], keys3[PL_SCENE_CACHE_KEYS];
  guint n_blocked = 0;
  guint columns = l->columns[stage];
  gdouble cell = l->cell[stage];
  gdouble glyph = l->glyph[stage];
  PlStageRates rates;
  cairo_t *cr = p->cr;

  pl_scene_get_stage_rates (p->scene, stage, &rates);

  if (bottleneck)
    {
      pl_scene_glyphs_rounded_rect (cr, card->x, card->y, card->width, card->height, p->fs * 0.5);
      pl_palette_set_source (cr, &p->fg);
      cairo_set_line_width (cr, MAX (3, p->fs * 0.25));
      cairo_stroke (cr);
      paint_badge (p, _("BOTTLENECK"), card->x + card->width - inset,
                   card->y + inset * 0.8, 0.9, &p->fg, &p->bg, TRUE, width / 2);
    }

  /* The workers at their stations. */
  for (guint w = 0; w < MIN (ss->n_workers, PL_MAX_WORKERS); w++)
    {
      PlWorkerState state = pl_scene_get_worker_state (p->scene, stage, w);
      gdouble cx = l->body_x[stage] + (w % columns) * cell + cell / 2;
      gdouble cy = l->body_y[stage] + (w / columns) * cell + cell / 2;

      if (state == PL_WORKER_WAITING_PUT)
        n_blocked++;
      paint_worker (p, cx, cy, glyph, state, ss->workers[w].holds_marker);
    }

  /* What was measured over the rate window (or the whole run, once it
   * ended); formatted again only when a number in it changes. */
  memset (keys1, 0, sizeof keys1);
  memset (keys2, 0, sizeof keys2);
  memset (keys3, 0, sizeof keys3);
  keys1[0] = keys2[0] = rates.valid;
  keys1[1] = ss->work_done;
  keys1[2] = double_key (rates.items_per_s);
  keys2[1] = double_key (rates.cpu_percent);
  keys2[2] = double_key (rates.busy);
  keys3[0] = ss->polls;
  keys3[1] = ss->empty_polls;

  line1 = recall_formatted (p, stage, FORMAT_LINE1, keys1);
  if (line1 == NULL)
    {
      g_autofree gchar *done = pl_format_count_short (ss->work_done);
      /* A dash until the rate window has data. */
      g_autofree gchar *rate = pl_scene_format_rate (pl_scene_get_stage_rate (p->scene, stage));

      line1 = remember_formatted (p, stage, FORMAT_LINE1, keys1,
                                  g_strdup_printf (_("%s done · %s/s"), done, rate));
    }

  line2 = recall_formatted (p, stage, FORMAT_LINE2, keys2);
  if (line2 == NULL && rates.valid)
    line2 = remember_formatted (p, stage, FORMAT_LINE2, keys2,
                                g_strdup_printf (_("CPU %.0f%% · busy %.0f%%"),
                                                 rates.cpu_percent, rates.busy * 100));
  else if (line2 == NULL)
    line2 = remember_formatted (p, stage, FORMAT_LINE2, keys2, g_strdup (_("measuring…")));

  line3 = recall_formatted (p, stage, FORMAT_LINE3, keys3);
  if (line3 == NULL)
    {
      /* A spinning worker polls millions of times: a count that fits. */
      g_autofree gchar *polls = pl_format_count_short (ss->polls);
      g_autofree gchar *empty = pl_format_count_short (ss->empty_polls);

      line3 = remember_formatted (p, stage, FORMAT_LINE3, keys3,
                                  g_strdup_printf (_("polls %s · empty %s"), polls, empty));
    }

  paint_wrapped (p, line1, stats_x, stats_y, stats_width, STATS_SCALE, TRUE, &p->fg, l->stats_lines[0]);
  stats_y += l->stats_lines[0] * line_height (p, STATS_SCALE);
  paint_wrapped (p, line2, stats_x, stats_y, stats_width, STATS_SCALE, FALSE, &p->fg, l->stats_lines[1]);
  stats_y += l->stats_lines[1] * line_height (p, STATS_SCALE) + p->fs * 0.1;
  paint_cpu_meter (p, stats_x, stats_y, stats_width * 0.9, p->fs * 0.3,
                   /* What prints as 0% shows as an empty bar. */
                   rates.valid && rates.cpu_percent >= 0.5
                   ? rates.cpu_percent / (100.0 * MAX (1, ss->n_workers)) : 0);
  /* Bold while the counter ticks. */
  stats_y += p->fs * 0.45;
  paint_wrapped (p, line3, stats_x, stats_y, stats_width, STATS_SCALE,
                 rates.valid && rates.polls_per_s > 0, &p->fg, l->stats_lines[2]);

  if (n_blocked > 0)
    {
      g_autofree gchar *next = pl_format_queue_title (stage + 1, p->sample->n_queues);
      g_autofree gchar *blocked =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u worker blocked: %s is full",
                                      "%u workers blocked: %s is full",
                                      n_blocked),
                         n_blocked, next);

      paint_badge (p, blocked, x, card->y + card->height - inset - p->fs * 1.3,
                   0.9, &p->alert, &white, FALSE, width);
    }
}

static const gchar *
state_name (const PlSample *sample)
{
  if (sample->paused)
    return _("Paused");
  if (sample->shut_down)
    return _("Shut down at once");

  switch (sample->state)
    {
    case PL_PIPELINE_READY:
      return _("Ready");
    case PL_PIPELINE_RUNNING:
      return _("Running");
    case PL_PIPELINE_CLOSING:
      return _("Closing");
    case PL_PIPELINE_FINISHED:
      return _("Finished");
    case PL_PIPELINE_CANCELLED:
      return _("Cancelled");
    default:
      return "";
    }
}

static void
paint_title_static (Painter *p)
{
  const gchar *title = pl_scene_get_title (p->scene);
  const PlSceneRect *r = &p->l->title;

  if (title != NULL)
    paint_wrapped (p, title, r->x, r->y, r->width, 1.3, TRUE, &p->fg, p->l->title_lines);
}

/* TRANSLATORS: the mode, the state of the run, then seconds since Start. */
#define SUMMARY_FORMAT N_("%s · %s · %.1f s")

static void
paint_title_dynamic (Painter *p)
{
  g_autofree gchar *summary = NULL;

  summary = g_strdup_printf (_(SUMMARY_FORMAT),
                             p->sample->mode == PL_MODE_BLOCKING ? _("Blocking") : _("Busy-wait"),
                             state_name (p->sample),
                             p->sample->elapsed_us / (gdouble)G_USEC_PER_SEC);
  paint_wrapped (p, summary, p->l->summary_x, p->l->summary_y, p->l->summary_width,
                 1.1, FALSE, &p->muted, p->l->summary_lines);
}

static gchar *
source_text (const PlSample *s,
             PlMode          mode,
             const gchar    *fed,
             const gchar    *items,
             const gchar    *polls,
             gboolean        cap)
{
  if (mode == PL_MODE_BUSY_WAIT && cap)
    return g_strdup_printf (_("Source: fed %s of %s · polls %s · stopped at the memory cap"),
                            fed, items, polls);
  if (mode == PL_MODE_BUSY_WAIT)
    return g_strdup_printf (_("Source: fed %s of %s · polls %s"), fed, items, polls);
  if (cap)
    return g_strdup_printf (_("Source: fed %s of %s · stopped at the memory cap"), fed, items);

  return g_strdup_printf (_("Source: fed %s of %s"), fed, items);
}

static void
paint_source (Painter *p)
{
  const PlSample *s = p->sample;
  const PlSceneLayout *l = p->l;
  const gchar *status = pl_scene_get_status (p->scene);
  g_autofree gchar *fed = pl_format_count_short (s->produced);
  g_autofree gchar *items = pl_format_count_short (s->items);
  g_autofree gchar *polls = pl_format_count_short (s->producer_polls);
  g_autofree gchar *text = source_text (s, s->mode, fed, items, polls, s->held_cap_reached);
  PlSceneRect r = l->source;
  gdouble right = r.x + r.width;
  gdouble text_width = measure_text (p, text, 1.0, TRUE);
  gdouble used;

  if (l->source_lines == 1)
    r.width = MIN (r.width, text_width + p->fs * 1.4 + 2);
  pl_scene_glyphs_rounded_rect (p->cr, r.x, r.y, r.width, r.height, MIN (r.height / 2, p->fs * 0.9));
  pl_palette_set_source (p->cr, &p->card);
  cairo_fill_preserve (p->cr);
  pl_palette_set_source (p->cr, &p->line);
  cairo_set_line_width (p->cr, MAX (1, p->fs * 0.08));
  cairo_stroke (p->cr);
  paint_wrapped (p, text, r.x + p->fs * 0.7,
                 r.y + (r.height - MIN (l->source_lines, count_lines (p, text, r.width - p->fs * 1.4, 1.0, TRUE))
                                   * line_height (p, 1.0)) / 2,
                 r.width - p->fs * 1.4, 1.0, TRUE, &p->fg, l->source_lines);

  if (l->status_inline)
    used = r.x + r.width + p->fs * 0.6;
  else
    used = l->status_x;

  /* A producer waiting in put is held back by the input queue. */
  if (s->queues[0].stats.putters_waiting > 0 && pl_scene_queue_is_full (p->scene, 0))
    {
      gdouble y = l->status_inline ? r.y + (r.height - p->fs * 1.2) / 2
                  : l->status_indent > 0 ? l->status_y : l->status_y - p->fs * 1.6;

      used += paint_badge (p, _("blocked: input queue full"), used, y, 0.9, &p->alert, &white, FALSE,
                           MAX (p->fs, right - used));
      used += p->fs * 0.6;
    }

  /* The latest event, so the close → join sequence can be followed. */
  if (status == NULL)
    return;
  if (l->status_inline)
    {
      if (right - used > p->fs * 4)
        paint_text (p, p->cr, status, right, r.y + (r.height - line_height (p, 1.0)) / 2,
                    right - used, 1.0, TRUE, &p->fg, TRUE);
      else
        pl_text_log_add ("scene", status, text_px (p, 1.0), FALSE, TRUE);
    }
  else
    {
      /* After the badge when it shows, in the room kept for both. */
      gdouble indent = used > l->status_x ? l->status_indent : 0;

      paint_wrapped (p, status, l->status_x + indent, l->status_y, l->status_width - indent,
                     1.0, TRUE, &p->fg, l->status_lines);
    }
}

static gchar *
done_text (const PlSample *s,
           gdouble         throughput,
           const gchar    *dropped,
           const gchar    *held,
           const gchar    *polls)
{
  g_autofree gchar *rate = pl_scene_format_rate (throughput);

  /* After shutdown (immediate) the rest of the items are accounted for:
   * delivered + dropped + held = fed. */
  if (s->shut_down)
    return g_strdup_printf (_("dropped %s · still held %s · %s items/s"), dropped, held, rate);
  if (s->mode == PL_MODE_BUSY_WAIT)
    return g_strdup_printf (_("%s items/s · main thread polls %s"), rate, polls);

  return g_strdup_printf (_("%s items/s"), rate);
}

static void
paint_done (Painter *p)
{
  const PlSample *s = p->sample;
  const PlSceneRect *card = &p->l->cards[s->n_stages];
  g_autofree gchar *processed = pl_format_count_short (s->processed);
  g_autofree gchar *items = pl_format_count_short (s->items);
  g_autofree gchar *dropped = pl_format_count_short (s->dropped);
  g_autofree gchar *held = pl_format_count_short (s->held);
  g_autofree gchar *polls = pl_format_count_short (s->coordinator_polls);
  g_autofree gchar *line1 = NULL;
  g_autofree gchar *line2 = NULL;
  gdouble inset = p->fs * 0.5;

  line1 = g_strdup_printf (_("Done: %s of %s"), processed, items);
  line2 = done_text (s, pl_scene_get_throughput (p->scene), dropped, held, polls);

  paint_text (p, p->cr, line1, card->x + inset, card->y + inset * 0.7, card->width - 2 * inset,
              1.2, TRUE, &p->fg, FALSE);
  paint_wrapped (p, line2, card->x + inset, card->y + inset * 0.7 + line_height (p, 1.2) + p->fs * 0.1,
                 card->width - 2 * inset, STATS_SCALE, FALSE, &p->fg, p->l->done_lines);
}

typedef enum {
  LEGEND_WORKER,
  LEGEND_ITEM,
  LEGEND_MARKER,
  LEGEND_PILE,
  LEGEND_NOTE,     /* words only */
} LegendKind;

/* Lays out the legend in wrapped lines below `y`; paints it unless `dry`.
 * Returns the height it needs. */
static gdouble
paint_legend (Painter  *p,
              gdouble   x,
              gdouble   y,
              gdouble   width,
              gboolean  dry)
{
  struct {
    LegendKind    kind;
    PlWorkerState state;
    const gchar  *label;
  } entries[PL_WORKER_N_STATES + 4];
  g_autofree gchar *rates = NULL;
  guint n = 0;
  gdouble glyph = p->fs * 1.2;
  gdouble line_height = p->fs * 1.7;
  gdouble cx = x;
  gdouble cy = y;
  PlSceneStyle still = *p->style;

  still.animate = FALSE;
  for (PlWorkerState state = 0; state < PL_WORKER_N_STATES; state++)
    if (pl_scene_glyphs_state_shown (state))
      {
        entries[n].kind = LEGEND_WORKER;
        entries[n].state = state;
        entries[n++].label = pl_scene_glyphs_state_label (state);
      }
  entries[n].kind = LEGEND_ITEM;
  entries[n++].label = _("Item");
  entries[n].kind = LEGEND_MARKER;
  entries[n++].label = _("End marker");
  entries[n].kind = LEGEND_PILE;
  entries[n++].label = _("Backlog, with its count");
  /* How every rate on the line is measured. */
  rates = g_strdup_printf (_("Rates: the last %d s of the run (— until then); once it ends, the run’s average"),
                           PL_SCENE_RATE_WINDOW_S);
  entries[n].kind = LEGEND_NOTE;
  entries[n++].label = rates;

  for (guint i = 0; i < n; i++)
    {
      gdouble text_width = measure_text (p, entries[i].label, 0.85, FALSE);
      /* The pile is as wide as its count, which never shrinks below the
       * smallest text. */
      gdouble symbol = entries[i].kind == LEGEND_PILE
                       ? MAX (glyph * 2, measure_text (p, "+99", 0.8, TRUE) + p->fs * 1.2)
                       : entries[i].kind == LEGEND_NOTE ? -p->fs * 0.35 : glyph;
      gdouble entry_width = symbol + p->fs * 0.35 + text_width + p->fs * 0.8;

      if (cx > x && cx + entry_width > x + width)
        {
          cx = x;
          cy += line_height;
        }

      /* The note on the rates is long: on a narrow canvas it wraps between
       * its words, a legend row for each line. */
      if (entries[i].kind == LEGEND_NOTE && cx + entry_width > x + width)
        {
          gdouble room = width - symbol - p->fs * 0.35;
          g_autoptr(GPtrArray) lines = wrap_text (p, entries[i].label, room, 0.85, FALSE);

          for (guint j = 0; j < lines->len; j++)
            {
              const gchar *line = g_ptr_array_index (lines, j);

              if (j > 0)
                cy += line_height;
              if (!dry)
                paint_text (p, p->cr, line, cx + symbol + p->fs * 0.35, cy + line_height / 2 - p->fs * 0.55,
                            room, 0.85, FALSE, &p->fg, FALSE);
              entry_width = symbol + p->fs * 0.35 + measure_text (p, line, 0.85, FALSE) + p->fs * 0.8;
            }
          cx += entry_width;
          continue;
        }

      if (!dry)
        {
          gdouble mid = cy + line_height / 2;

          switch (entries[i].kind)
            {
            case LEGEND_WORKER:
              {
                /* The poll pulse reaches past the glyph: keep it in its box. */
                gboolean pulses = entries[i].state == PL_WORKER_POLLING ||
                                  entries[i].state == PL_WORKER_BACKOFF;

                pl_scene_glyphs_worker (p->cr, cx + glyph / 2, mid, pulses ? glyph * 0.78 : glyph,
                                        entries[i].state, FALSE, &still, 0);
              }
              break;
            case LEGEND_ITEM:
              pl_scene_glyphs_item (p->cr, cx + glyph / 2, mid, glyph * 0.7);
              break;
            case LEGEND_MARKER:
              pl_scene_glyphs_marker (p->cr, cx + glyph / 2, mid, glyph * 0.75);
              break;
            case LEGEND_PILE:
              {
                gboolean raster = p->raster;

                /* Drawn once into the static layer: as paths. */
                p->raster = FALSE;
                paint_pile (p, cx + symbol / 2, mid, symbol, glyph * 0.8, "+99", FALSE);
                p->raster = raster;
              }
              break;
            default:
              break;
            }
          paint_text (p, p->cr, entries[i].label, cx + symbol + p->fs * 0.35, mid - p->fs * 0.55,
                      -1, 0.85, FALSE, &p->fg, FALSE);
        }

      cx += entry_width;
    }

  return cy - y + line_height;
}

/* Places the queue belt and the stage card (or done card) of one row. */
/* The widest number pl_format_count_short() writes, so that room is kept for it. */
static gchar *
widest_count (Painter *p)
{
  static const guint64 samples[] = {
    88888, G_GUINT64_CONSTANT (888800), G_GUINT64_CONSTANT (888800000), G_GUINT64_CONSTANT (888800000000)
  };
  gchar *widest = NULL;
  gdouble widest_width = -1;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      gchar *text = pl_format_count_short (samples[i]);
      gdouble width = measure_text (p, text, 1.0, TRUE);

      if (width > widest_width)
        {
          g_free (widest);
          widest = text;
          widest_width = width;
        }
      else
        g_free (text);
    }

  return widest;
}

static gdouble
widest_of (Painter            *p,
           const gchar *const *texts,
           guint               n,
           gdouble             scale,
           gboolean            bold,
           guint              *index)
{
  gdouble widest = 0;

  for (guint i = 0; i < n; i++)
    {
      gdouble width = measure_text (p, texts[i], scale, bold);

      if (width > widest)
        {
          widest = width;
          if (index != NULL)
            *index = i;
        }
    }

  return widest;
}

/* The widest of the texts each part of the line can show, with the widest
 * numbers; the layout keeps room for them. */
typedef struct
{
  gchar *count;      /* "88888 / 88888" over a belt */
  gchar *info;       /* under a belt */
  gchar *stats[3];   /* in a card */
  gchar *summary;    /* beside the title */
  gchar *source;
  gchar *status;
  gchar *done;       /* the done card's second line */
  gchar *done_head;
  gdouble queue_name;
  gdouble stage_name;
} Widest;

static void
widest_clear (Widest *w)
{
  g_free (w->count);
  g_free (w->info);
  for (guint i = 0; i < G_N_ELEMENTS (w->stats); i++)
    g_free (w->stats[i]);
  g_free (w->summary);
  g_free (w->source);
  g_free (w->status);
  g_free (w->done);
  g_free (w->done_head);
}

static gchar *
pick_widest (Painter     *p,
             gchar      **texts,
             guint        n,
             gdouble      scale,
             gboolean     bold)
{
  guint index = 0;
  gchar *widest;

  widest_of (p, (const gchar *const *)texts, n, scale, bold, &index);
  widest = g_strdup (texts[index]);
  for (guint i = 0; i < n; i++)
    g_free (texts[i]);

  return widest;
}

static void
widest_init (Painter *p,
             Widest  *w)
{
  const PlSample *sample = p->sample;
  g_autofree gchar *n = widest_count (p);
  const JoinStep joins[] = { JOIN_CLOSED_JOINED, JOIN_CLOSED_WAITS, JOIN_JOINED, JOIN_CLOSED };
  const gchar *states[] = {
    _("Paused"), _("Shut down at once"), _("Ready"), _("Running"), _("Closing"), _("Finished"), _("Cancelled"),
  };
  const gchar *modes[] = { _("Blocking"), _("Busy-wait") };
  guint state = 0, mode = 0;
  gchar *texts[8];

  w->count = g_strdup_printf ("%s / %s", n, n);

  for (guint i = 0; i < G_N_ELEMENTS (joins); i++)
    texts[i] = queue_info_text (n, n, n, joins[i]);
  w->info = pick_widest (p, texts, G_N_ELEMENTS (joins), INFO_SCALE, TRUE);

  texts[0] = g_strdup_printf (_("%s done · %s/s"), n, n);
  w->stats[0] = pick_widest (p, texts, 1, STATS_SCALE, TRUE);
  texts[0] = g_strdup_printf (_("CPU %.0f%% · busy %.0f%%"), 3200.0, 100.0);
  texts[1] = g_strdup (_("measuring…"));
  w->stats[1] = pick_widest (p, texts, 2, STATS_SCALE, TRUE);
  texts[0] = g_strdup_printf (_("polls %s · empty %s"), n, n);
  w->stats[2] = pick_widest (p, texts, 1, STATS_SCALE, TRUE);

  widest_of (p, states, G_N_ELEMENTS (states), 1.1, FALSE, &state);
  widest_of (p, modes, G_N_ELEMENTS (modes), 1.1, FALSE, &mode);
  w->summary = g_strdup_printf (_(SUMMARY_FORMAT), modes[mode], states[state], 8888.8);

  /* Only a line with a cap on what it holds can stop at it. */
  texts[0] = source_text (sample, PL_MODE_BUSY_WAIT, n, n, n, sample->max_held > 0);
  texts[1] = source_text (sample, PL_MODE_BLOCKING, n, n, n, sample->max_held > 0);
  w->source = pick_widest (p, texts, 2, 1.0, TRUE);

  /* The longest events the status line shows. */
  texts[0] = g_strdup (_("All done, yet the workers poll on until Reset"));
  texts[1] = g_strdup (_("All joined, yet the workers wait on until Reset"));
  texts[2] = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Shut down at once: %d item dropped",
                                           "Shut down at once: %d items dropped", 88888888), 88888888);
  {
    const gchar *longest = "";

    for (guint st = 0; st < MIN (sample->n_stages, PL_MAX_STAGES); st++)
      if (strlen (sample->stages[st].name) > strlen (longest))
        longest = sample->stages[st].name;
    texts[3] = g_strdup_printf (_("Stage “%s” finished: its workers exited"), longest);
  }
  w->status = pick_widest (p, texts, 4, 1.0, TRUE);

  {
    PlSample shut = *sample;
    PlSample busy = *sample;

    shut.shut_down = TRUE;
    busy.shut_down = FALSE;
    busy.mode = PL_MODE_BUSY_WAIT;
    texts[0] = done_text (&shut, 8888.8, n, n, n);
    texts[1] = done_text (&busy, 8888.8, n, n, n);
    w->done = pick_widest (p, texts, 2, STATS_SCALE, FALSE);
  }
  w->done_head = g_strdup_printf (_("Done: %s of %s"), n, n);

  for (guint q = 0; q < MIN (sample->n_queues, PL_MAX_QUEUES); q++)
    {
      g_autofree gchar *name = pl_format_queue_title (q, sample->n_queues);

      w->queue_name = MAX (w->queue_name, measure_text (p, name, 1.0, FALSE));
    }
  for (guint st = 0; st < MIN (sample->n_stages, PL_MAX_STAGES); st++)
    w->stage_name = MAX (w->stage_name, measure_text (p, sample->stages[st].name, 1.2, TRUE));
}

/* The height of a card's numbers. */
static gdouble
stats_height (Painter             *p,
              const PlSceneLayout *l)
{
  return (l->stats_lines[0] + l->stats_lines[1] + l->stats_lines[2]) * line_height (p, STATS_SCALE)
         + p->fs * 0.55;
}

/* Places the queue belt and the stage card (or done card) of one row. */
static void
layout_row (Painter       *p,
            PlSceneLayout *l,
            guint          index,
            PlSceneRect    row)
{
  gdouble inner_x = row.x + l->gutter;
  gdouble inner_width = row.width - l->gutter;
  gdouble label_height = (l->label_apart ? 2 : 1) * l->fs * 1.6;
  gdouble info_height = p->fs * 0.2 + l->info_lines * line_height (p, INFO_SCALE);

  l->gutter_x[index] = row.x + l->gutter * 0.45;
  if (l->stacked)
    {
      gdouble belt_height = l->fs * 1.6;

      l->label_y[index] = row.y + l->pad * 0.5;
      l->belts[index] = (PlSceneRect) { inner_x, l->label_y[index] + label_height, inner_width, belt_height };
      l->cards[index].x = inner_x;
      l->cards[index].y = l->belts[index].y + belt_height + info_height + l->pad * 0.5;
      l->cards[index].width = inner_width;
      l->cards[index].height = row.y + row.height - l->pad * 0.5 - l->cards[index].y;
    }
  else
    {
      gdouble belt_width = inner_width * 0.45;
      gdouble belt_height = CLAMP (row.height * 0.26, l->fs * 1.6, l->fs * 2.6);
      gdouble block = label_height + belt_height + info_height;
      gdouble card_x = inner_x + belt_width + l->fs * 1.8;

      l->label_y[index] = row.y + MAX (l->pad * 0.5, (row.height - block) / 2);
      l->belts[index] = (PlSceneRect) { inner_x, l->label_y[index] + label_height, belt_width, belt_height };
      l->cards[index] = (PlSceneRect) {
        card_x, row.y + l->pad * 0.5,
        row.x + row.width - card_x, row.height - l->pad
      };
    }
}

static void
layout_workers (Painter       *p,
                PlSceneLayout *l,
                guint          stage,
                gdouble        stats_need)
{
  const PlSceneRect *card = &l->cards[stage];
  guint n_workers = p->sample->stages[stage].n_workers;
  gdouble fs = l->fs;
  gdouble inset = fs * 0.5;
  gdouble x = card->x + inset;
  gdouble width = card->width - 2 * inset;
  gdouble body_y = card->y + inset + fs * 1.6;
  gdouble body_height = card->height - 2 * inset - fs * (1.6 + 1.5);
  gdouble stats = stats_height (p, l);
  gdouble cell;
  gdouble glyph;

  if (l->stats_below)
    {
      /* The workers above, the numbers on lines of their own below. */
      gdouble grid_height = MAX (fs, body_height - stats - fs * 0.3);

      cell = fit_grid (n_workers, width, grid_height, &l->columns[stage]);
      l->stats_width[stage] = width;
      l->stats_x[stage] = x;
      l->stats_y[stage] = body_y + grid_height + fs * 0.3;
    }
  else
    {
      gdouble stats_width = MAX (stats_need, MIN (width * 0.62, fs * 17));

      cell = fit_grid (n_workers, width - stats_width - fs * 0.5, MAX (body_height, fs), &l->columns[stage]);
      l->stats_width[stage] = stats_width;
      l->stats_x[stage] = x + width - stats_width;
      l->stats_y[stage] = body_y + MAX (0, (body_height - stats) / 2);
    }

  /* The workers at their stations, as large as the card allows. */
  glyph = MIN (cell * 0.84, fs * 3.2);
  l->cell[stage] = MIN (cell, glyph / 0.84);
  l->glyph[stage] = glyph;
  l->body_x[stage] = x;
  l->body_y[stage] = body_y;
}

/*
 * Lays the line out at base size l->fs in `width`, with rows stretched to
 * fill `height` where there is room; l->needed says what the line needs.
 */
static void
layout_pass (Painter       *p,
             PlSceneLayout *l,
             const Widest  *w,
             gdouble        width,
             gdouble        height,
             guint          columns)
{
  const PlSample *sample = p->sample;
  guint n_stages = MIN (sample->n_stages, PL_MAX_STAGES);
  guint rows = (n_stages + columns - 1) / columns;
  const gchar *title = pl_scene_get_title (p->scene);
  gdouble fs = l->fs;
  gdouble full_width, column_gap, column_width, inner_width;
  gdouble title_height, source_height, legend_height, row_height, done_height;
  gdouble belt_block, card_min, done_card, stage_row, done_row, stats_need, card_inner;
  gdouble max_workers_cell = 0;
  gdouble top, bottom, extra;

  p->fs = fs;
  l->pad = p->pad = fs * 0.7;
  l->gutter = fs * 1.6;
  full_width = width - 2 * l->margin;
  column_gap = l->margin * 2;
  column_width = (full_width - (columns - 1) * column_gap) / columns;
  inner_width = column_width - l->gutter;

  /* The title, and the summary of the run beside it if both fit. */
  l->title_lines = title != NULL ? count_lines (p, title, full_width, 1.3, TRUE) : 1;
  if (l->title_lines == 1 &&
      (title != NULL ? measure_text (p, title, 1.3, TRUE) : 0) + fs * 0.8 + measure_text (p, w->summary, 1.1, FALSE) <= full_width)
    {
      l->summary_x = l->margin + (title != NULL ? measure_text (p, title, 1.3, TRUE) + fs * 0.8 : 0);
      l->summary_y = l->margin + fs * 0.15;
      l->summary_width = l->margin + full_width - l->summary_x;
      l->summary_lines = 1;
      title_height = fs * 2.1;
    }
  else
    {
      l->summary_x = l->margin;
      l->summary_y = l->margin + l->title_lines * line_height (p, 1.3);
      l->summary_width = full_width;
      l->summary_lines = count_lines (p, w->summary, full_width, 1.1, FALSE);
      title_height = l->title_lines * line_height (p, 1.3) + l->summary_lines * line_height (p, 1.1) + fs * 0.5;
    }
  l->title = (PlSceneRect) { l->margin, l->margin, full_width, title_height };

  /* The source's pill, then its badge and the latest event. */
  {
    gdouble pill_text = full_width - l->gutter * 0.2 - fs * 1.4;
    gdouble badge = measure_text (p, _("blocked: input queue full"), 0.9, TRUE) + fs * 1.3;
    gdouble status = measure_text (p, w->status, 1.0, TRUE);
    gdouble pill_height;

    l->source_lines = count_lines (p, w->source, pill_text, 1.0, TRUE);
    pill_height = l->source_lines * line_height (p, 1.0) + fs * 0.45;
    l->source = (PlSceneRect) { l->margin + l->gutter * 0.2, l->margin + title_height, full_width - l->gutter * 0.2, pill_height };
    l->status_inline = l->source_lines == 1 &&
                       measure_text (p, w->source, 1.0, TRUE) + fs * 2 + badge + status + fs * 0.6 <= l->source.width;
    source_height = pill_height + l->pad;
    if (!l->status_inline)
      {
        /* Clear of the connector that leaves the pill. */
        l->status_x = l->margin + fs * 2.2;
        l->status_y = l->source.y + pill_height + l->pad * 0.9;
        l->status_width = l->margin + full_width - l->status_x;
        /* The badge and the event on one line where both fit, else the
         * event on lines of its own under the badge. */
        if (badge + status <= l->status_width)
          {
            l->status_indent = badge;
            l->status_lines = 1;
            source_height += l->pad * 0.4 + MAX (fs * 1.6, line_height (p, 1.0));
          }
        else
          {
            l->status_indent = 0;
            l->status_lines = count_lines (p, w->status, l->status_width, 1.0, TRUE);
            l->status_y += fs * 1.6;
            source_height += l->pad * 0.4 + fs * 1.6 + l->status_lines * line_height (p, 1.0);
          }
      }
  }

  legend_height = paint_legend (p, l->margin, 0, full_width, TRUE);

  /* Rows: beside each other when the card still has room for its name,
   * its workers and the widest numbers on single lines, else stacked. */
  stats_need = 0;
  for (guint i = 0; i < 3; i++)
    stats_need = MAX (stats_need, measure_text (p, w->stats[i], STATS_SCALE, TRUE));
  {
    gdouble header_need = w->stage_name + measure_text (p, _("BOTTLENECK"), 0.9, TRUE) + fs * 2;
    gdouble belt_width = inner_width * 0.45;

    card_inner = inner_width - belt_width - fs * 1.8 - fs;
    l->stacked = belt_width < fs * 10 || card_inner < header_need ||
                 card_inner - stats_need - fs * 0.5 < fs * 2.6 ||
                 card_inner < measure_text (p, w->done_head, 1.2, TRUE);
    if (l->stacked)
      {
        belt_width = inner_width;
        card_inner = inner_width - fs;
      }
    l->stats_below = card_inner - stats_need - fs * 0.5 < fs * 2.6;
    l->label_apart = w->queue_name + measure_text (p, _("FULL"), 0.9, TRUE) + fs * 1.3 +
                     measure_text (p, w->count, 1.3, TRUE) + fs * 0.6 > belt_width;
    /* Stacked, the arrow into the card leaves the head of the belt. */
    l->info_width = l->stacked ? belt_width - fs * 1.6 : belt_width;
    l->info_lines = count_lines (p, w->info, l->info_width, INFO_SCALE, TRUE);
  }
  {
    gdouble stats_width = l->stats_below ? card_inner : MAX (stats_need, MIN (card_inner * 0.62, fs * 17));

    for (guint i = 0; i < 3; i++)
      l->stats_lines[i] = count_lines (p, w->stats[i], stats_width, STATS_SCALE, TRUE);
  }
  l->done_lines = count_lines (p, w->done, card_inner, STATS_SCALE, FALSE);

  belt_block = (l->label_apart ? 2 : 1) * fs * 1.6 + fs * 1.6 + fs * 0.2 +
               l->info_lines * line_height (p, INFO_SCALE);
  /* A card: its name, its workers and numbers, and room for the blocked badge. */
  for (guint s = 0; s < n_stages; s++)
    {
      guint n = MAX (1, sample->stages[s].n_workers);
      gdouble cell = fs * 2.6;

      if (l->stats_below)
        {
          guint per_row = MAX (1, (guint) (card_inner / cell));

          max_workers_cell = MAX (max_workers_cell, ((n + per_row - 1) / per_row) * cell);
        }
      else
        max_workers_cell = MAX (max_workers_cell, cell);
    }
  card_min = fs * (1.0 + 1.6 + 1.5) +
             (l->stats_below ? max_workers_cell + fs * 0.3 + stats_height (p, l)
                             : MAX (max_workers_cell, stats_height (p, l)));
  done_card = fs * 0.7 + line_height (p, 1.2) + fs * 0.1 + l->done_lines * line_height (p, STATS_SCALE) + fs * 0.5;
  if (l->stacked)
    {
      stage_row = belt_block + l->pad * 1.5 + card_min + l->pad;
      done_row = belt_block + l->pad * 1.5 + done_card + l->pad;
    }
  else
    {
      stage_row = MAX (belt_block + l->pad, card_min + l->pad);
      done_row = MAX (belt_block + l->pad, done_card + l->pad);
    }

  l->needed = 2 * l->margin + title_height + source_height + rows * stage_row + done_row +
              legend_height + l->pad * 0.5;

  /* Room to spare goes to the stages' rows. */
  extra = MAX (0, height - l->needed);
  row_height = stage_row + extra / MAX (rows, 1);
  done_height = done_row;

  top = l->margin + title_height + source_height;
  bottom = MAX (height, l->needed) - l->margin;
  l->legend_y = bottom - legend_height;

  for (guint s = 0; s < n_stages; s++)
    {
      guint column = s / rows;
      PlSceneRect row = {
        l->margin + column * (column_width + column_gap),
        top + (s % rows) * row_height,
        column_width, row_height
      };

      layout_row (p, l, s, row);
      layout_workers (p, l, s, stats_need);
    }
  layout_row (p, l, n_stages, (PlSceneRect) { l->margin, top + rows * row_height, full_width, done_height });
}

static void
compute_layout (Painter       *p,
                PlSceneLayout *l,
                gdouble        width,
                gdouble        height)
{
  guint n_stages = MIN (p->sample->n_stages, PL_MAX_STAGES);
  gdouble text_scale = p->style->text_scale;
  gdouble smallest = MIN_FS * text_scale;
  guint columns = 1;
  Widest widest = { 0 };

  memset (l, 0, sizeof *l);
  /* From the width alone, so that the height the line needs does not
   * depend on the height it gets. */
  l->margin = CLAMP (width * 0.012, 4, 16);

  /* Two columns of stages only where each still reads at full size. */
  if (n_stages > MAX_SINGLE_COLUMN_STAGES && width >= 1200 * text_scale)
    columns = 2;

  /* One base size for all text: the largest at which the line fits the
   * height, but never below the smallest; then the picture grows taller
   * (the window scrolls) rather than the text smaller. */
  l->fs = CLAMP ((width - 2 * l->margin) / columns / 34.0, MIN_FS, MAX_FS) * text_scale;
  for (guint attempt = 0; attempt < 24; attempt++)
    {
      p->fs = l->fs;
      widest_clear (&widest);
      memset (&widest, 0, sizeof widest);
      widest_init (p, &widest);
      layout_pass (p, l, &widest, width, height, columns);
      if (l->needed <= height || l->fs <= smallest + 0.01)
        break;
      l->fs = MAX (smallest, l->fs * 0.93);
    }
  widest_clear (&widest);
}

static void
paint_feed_arrow (Painter *p,
                  guint    index)
{
  const PlSceneRect *belt = &p->l->belts[index];
  const PlSceneRect *card = &p->l->cards[index];
  gdouble y = belt->y + belt->height / 2;
  gdouble head = p->fs * 0.55;

  pl_palette_set_source (p->cr, &p->line);
  cairo_set_line_width (p->cr, MAX (1.5, p->fs * 0.1));
  if (p->l->stacked)
    {
      /* Down from the head of the belt into the card below it. */
      gdouble x = belt->x + belt->width - belt->height * 0.5;

      cairo_move_to (p->cr, x, belt->y + belt->height + p->fs * 0.1);
      cairo_line_to (p->cr, x, card->y - head);
      cairo_stroke (p->cr);
      cairo_move_to (p->cr, x, card->y - 1);
      cairo_line_to (p->cr, x - head * 0.6, card->y - 1 - head);
      cairo_line_to (p->cr, x + head * 0.6, card->y - 1 - head);
      cairo_close_path (p->cr);
      cairo_fill (p->cr);
      return;
    }
  cairo_move_to (p->cr, belt->x + belt->width + p->fs * 0.2, y);
  cairo_line_to (p->cr, card->x - head, y);
  cairo_stroke (p->cr);
  paint_arrowhead (p->cr, card->x - 1, y, head);
}

static gboolean
source_blocked (Painter *p)
{
  return p->sample->queues[0].stats.putters_waiting > 0 && pl_scene_queue_is_full (p->scene, 0);
}

/* Everything that only changes with the size, the style or the shape. */
static void
paint_static (Painter *p,
              gdouble  width,
              gdouble  height)
{
  const PlSceneLayout *l = p->l;
  guint n_stages = MIN (p->sample->n_stages, PL_MAX_STAGES);

  if (p->style->paint_background)
    {
      pl_palette_set_source (p->cr, &p->bg);
      cairo_rectangle (p->cr, 0, 0, width, height);
      cairo_fill (p->cr);
    }

  paint_title_static (p);
  paint_legend (p, l->margin, l->legend_y, width - 2 * l->margin, FALSE);

  /* Connectors first, so belts and cards sit on top of them. */
  paint_connector (p, l->source.x + p->fs, l->source.y + l->source.height,
                   l->gutter_x[0], &l->belts[0], FALSE);
  for (guint s = 0; s < n_stages; s++)
    paint_connector (p, l->cards[s].x + l->cards[s].width * 0.5, l->cards[s].y + l->cards[s].height,
                     l->gutter_x[s + 1], &l->belts[s + 1], FALSE);

  for (guint q = 0; q <= n_stages; q++)
    {
      paint_feed_arrow (p, q);
      paint_belt_static (p, q);
    }
  for (guint s = 0; s < n_stages; s++)
    paint_stage_static (p, s);
  paint_card_frame (p, &l->cards[n_stages]);
}

/* Everything that the numbers and states decide. */
static void
paint_dynamic (Painter *p)
{
  const PlSceneLayout *l = p->l;
  guint n_stages = MIN (p->sample->n_stages, PL_MAX_STAGES);

  paint_title_dynamic (p);
  paint_source (p);

  /* The connector into a queue turns red while whatever feeds it is stuck
   * on a full queue. */
  if (source_blocked (p))
    paint_connector (p, l->source.x + p->fs, l->source.y + l->source.height,
                     l->gutter_x[0], &l->belts[0], TRUE);
  for (guint s = 0; s < n_stages; s++)
    if (pl_scene_stage_is_blocked (p->scene, s))
      paint_connector (p, l->cards[s].x + l->cards[s].width * 0.5, l->cards[s].y + l->cards[s].height,
                       l->gutter_x[s + 1], &l->belts[s + 1], TRUE);

  for (guint q = 0; q <= n_stages; q++)
    paint_belt_dynamic (p, q);
  for (guint s = 0; s < n_stages; s++)
    paint_stage_dynamic (p, s);
  paint_done (p);
}

static void
color_key (GString            *out,
           const PlSceneColor *color)
{
  g_string_append_printf (out, "%.3f,%.3f,%.3f,%.3f;",
                          color->red, color->green, color->blue, color->alpha);
}

/* What the layout and the static layer depend on. */
static void
make_signature (Painter *p,
                GString *out,
                gdouble  width,
                gdouble  height)
{
  const PlSample *sample = p->sample;

  g_string_printf (out, "%.2fx%.2f@%.3f|%.3f|%d|", width, height, p->scale,
                   p->style->text_scale, p->style->paint_background);
  color_key (out, &p->style->foreground);
  color_key (out, &p->style->background);
  g_string_append (out, pl_scene_get_title (p->scene) ? pl_scene_get_title (p->scene) : "");
  g_string_append_printf (out, "|%u|%d", sample->n_stages, sample->max_held > 0);
  for (guint s = 0; s < MIN (sample->n_stages, PL_MAX_STAGES); s++)
    g_string_append_printf (out, "|%s:%u", sample->stages[s].name, sample->stages[s].n_workers);
  for (guint q = 0; q < MIN (sample->n_queues, PL_MAX_QUEUES); q++)
    g_string_append_printf (out, "|%u", pl_scene_get_n_slots (p->scene, q));
}

static void
painter_init (Painter            *p,
              PlScene            *scene,
              PlSceneCache       *cache,
              cairo_t            *cr,
              const PlSceneStyle *style)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));
  gdouble dx = 1, dy = 0;

  memset (p, 0, sizeof *p);
  p->cr = cr;
  p->scene = scene;
  p->style = style;
  p->sample = pl_scene_get_sample (scene);
  if (cache == NULL)
    cache = p->own_cache = pl_scene_cache_new ();
  p->cache = cache;
  /* Pictures kept as pixels would blur vector output. */
  p->raster = type == CAIRO_SURFACE_TYPE_IMAGE ||
              (type == CAIRO_SURFACE_TYPE_RECORDING && style->raster_scale > 0);
  cairo_user_to_device_distance (cr, &dx, &dy);
  p->scale = MAX (0.25, hypot (dx, dy));
  if (type == CAIRO_SURFACE_TYPE_RECORDING && style->raster_scale > 0)
    p->scale = style->raster_scale;
  p->fg = style->foreground;
  p->bg = style->background;
  pl_scene_glyphs_mix (&p->fg, &p->bg, 0.3, &p->muted);
  pl_scene_glyphs_mix (&p->fg, &p->bg, 0.55, &p->line);
  pl_scene_glyphs_mix (&p->fg, &p->bg, 0.94, &p->card);
  pl_scene_glyphs_state_color (PL_WORKER_WAITING_PUT, &p->alert);
}

static void
paint_static_layer (Painter *p,
                    gdouble  width,
                    gdouble  height)
{
  cairo_t *cr = p->cr;

  /* An opaque layer replaces what was there: a plain copy. */
  if (p->style->paint_background)
    cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, pl_scene_cache_get_layer (p->cache), 0, 0);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
}

/* Brings the layout, and on raster targets the static layer, up to date.
 * Returns FALSE when there is no line to draw. */
static gboolean
painter_prepare (Painter *p,
                 gdouble  width,
                 gdouble  height,
                 gboolean static_layer)
{
  g_autoptr(GString) signature = g_string_new (NULL);
  PlSceneLayout *layout;

  p->width = width;
  p->height = height;
  if (p->sample == NULL || p->sample->n_stages == 0)
    return FALSE;

  layout = pl_scene_cache_get_layout (p->cache);
  make_signature (p, signature, width, height);
  if (pl_scene_cache_update (p->cache, signature->str))
    compute_layout (p, layout, width, height);

  p->l = layout;
  p->fs = p->l->fs;
  p->pad = p->l->pad;

  if (static_layer && pl_scene_cache_get_layer (p->cache) == NULL)
    {
      cairo_surface_t *layer;
      cairo_t *cr = p->cr;

      layer = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                          (gint)ceil (width * p->scale),
                                          (gint)ceil (height * p->scale));
      cairo_surface_set_device_scale (layer, p->scale, p->scale);
      p->cr = cairo_create (layer);
      paint_static (p, width, height);
      cairo_destroy (p->cr);
      p->cr = cr;
      pl_scene_cache_set_layer (p->cache, layer);
    }

  return TRUE;
}

static void
painter_finish (Painter *p)
{
  pl_scene_cache_end_frame (p->cache);
  g_clear_pointer (&p->own_cache, pl_scene_cache_free);
}

static void
paint_empty (Painter *p,
             gdouble  width,
             gdouble  height)
{
  const gchar *text = _("No pipeline yet: pick a lesson");

  if (p->style->paint_background)
    {
      pl_palette_set_source (p->cr, &p->bg);
      cairo_rectangle (p->cr, 0, 0, width, height);
      cairo_fill (p->cr);
    }

  p->fs = CLAMP (MIN (width, height) / 30, 8, 22);
  paint_text (p, p->cr, text, (width - measure_text (p, text, 1.2, TRUE)) / 2,
              height / 2 - p->fs, -1, 1.2, TRUE, &p->muted, FALSE);
}

/**
 * pl_scene_render_layers:
 * @scene: the scene to paint
 * @cache: (nullable): what the caller keeps from frame to frame
 * @cr: where to paint it
 * @width: the width of the area, in the units of @cr
 * @height: the height of the area
 * @style: colours and options
 * @layers: which layers to paint
 *
 * Paints the static layer (background, belts, cards, names and legend),
 * the dynamic one (items, workers, numbers and alerts), or both, into the
 * area (0, 0, @width, @height) of @cr. Needs no display.
 */
void
pl_scene_render_layers (PlScene            *scene,
                        PlSceneCache       *cache,
                        cairo_t            *cr,
                        gdouble             width,
                        gdouble             height,
                        const PlSceneStyle *style,
                        PlSceneLayers       layers)
{
  Painter painter;
  Painter *p = &painter;

  g_return_if_fail (PL_IS_SCENE (scene));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  painter_init (p, scene, cache, cr, style);
  cairo_save (cr);

  if (!painter_prepare (p, width, height, p->raster && (layers & PL_SCENE_LAYER_STATIC)))
    {
      if (layers & PL_SCENE_LAYER_STATIC)
        paint_empty (p, width, height);
    }
  else
    {
      if (layers & PL_SCENE_LAYER_STATIC)
        {
          if (p->raster)
            paint_static_layer (p, width, height);
          else
            paint_static (p, width, height);
        }

      if (layers & PL_SCENE_LAYER_DYNAMIC)
        paint_dynamic (p);
    }

  painter_finish (p);
  cairo_restore (cr);
}

/**
 * pl_scene_render:
 * @scene: the scene to paint
 * @cache: (nullable): what the caller keeps from frame to frame
 * @cr: where to paint it
 * @width: the width of the area, in the units of @cr
 * @height: the height of the area
 * @style: colours and options
 *
 * Paints the whole assembly line, with its legend, into the area
 * (0, 0, @width, @height) of @cr. Needs no display.
 */
void
pl_scene_render (PlScene            *scene,
                 PlSceneCache       *cache,
                 cairo_t            *cr,
                 gdouble             width,
                 gdouble             height,
                 const PlSceneStyle *style)
{
  pl_scene_render_layers (scene, cache, cr, width, height, style, PL_SCENE_LAYER_ALL);
}

/**
 * pl_scene_measure_height:
 * @scene: the scene
 * @cache: (nullable): what the caller keeps; only its shaped text is used
 * @width: the width it will be drawn at
 * @style: the style it will be drawn with
 *
 * Returns: the height the line needs at @width with its text at its
 *   smallest readable size; pl_scene_render() given less draws text past
 *   the bottom. 0 when there is no line to draw.
 */
gdouble
pl_scene_measure_height (PlScene            *scene,
                         PlSceneCache       *cache,
                         gdouble             width,
                         const PlSceneStyle *style)
{
  cairo_surface_t *target;
  cairo_t *cr;
  Painter painter;
  gdouble needed = 0;

  g_return_val_if_fail (PL_IS_SCENE (scene), 0);
  g_return_val_if_fail (style != NULL, 0);

  target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (target);
  painter_init (&painter, scene, cache, cr, style);
  if (painter.sample != NULL && painter.sample->n_stages > 0 && width > 0)
    {
      g_autofree PlSceneLayout *layout = g_new0 (PlSceneLayout, 1);

      painter.width = width;
      compute_layout (&painter, layout, width, 0);
      needed = ceil (layout->needed);
    }
  g_clear_pointer (&painter.own_cache, pl_scene_cache_free);
  cairo_destroy (cr);
  cairo_surface_destroy (target);

  return needed;
}

/**
 * pl_scene_render_static_layer:
 * @scene: the scene
 * @cache: where the layer is kept
 * @width: the width of the area
 * @height: the height
 * @scale: device pixels per unit
 * @style: colours and options
 * @serial: (out): changes whenever the layer does
 *
 * Returns: (transfer none) (nullable): the static layer as an image, kept
 *   in @cache, or %NULL when there is no line to draw
 */
cairo_surface_t *
pl_scene_render_static_layer (PlScene            *scene,
                              PlSceneCache       *cache,
                              gdouble             width,
                              gdouble             height,
                              gdouble             scale,
                              const PlSceneStyle *style,
                              guint              *serial)
{
  cairo_surface_t *target;
  cairo_t *cr;
  Painter painter;
  gboolean ok;

  g_return_val_if_fail (PL_IS_SCENE (scene), NULL);
  g_return_val_if_fail (cache != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);
  g_return_val_if_fail (serial != NULL, NULL);

  /* A 1×1 target only tells the painter the scale. */
  target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_surface_set_device_scale (target, scale, scale);
  cr = cairo_create (target);
  painter_init (&painter, scene, cache, cr, style);
  ok = painter_prepare (&painter, width, height, TRUE);
  cairo_destroy (cr);
  cairo_surface_destroy (target);

  *serial = pl_scene_cache_get_serial (painter.cache);
  return ok ? pl_scene_cache_get_layer (painter.cache) : NULL;
}

/**
 * pl_scene_foreach_item:
 * @scene: the scene
 * @cache: the cache it was last drawn with
 * @width: the width of the area it was last drawn in
 * @height: the height
 * @style: the style it was last drawn with
 * @func: called with the box of every single item on a belt
 * @user_data: for @func
 *
 * Lists the single items that %PL_SCENE_LAYER_DYNAMIC leaves out when
 * @style has `skip_items`, for a view that draws them its own way.
 */
void
pl_scene_foreach_item (PlScene            *scene,
                       PlSceneCache       *cache,
                       gdouble             width,
                       gdouble             height,
                       const PlSceneStyle *style,
                       PlSceneItemFunc     func,
                       gpointer            user_data)
{
  const PlSample *sample;
  const PlSceneLayout *layout;

  g_return_if_fail (PL_IS_SCENE (scene));
  g_return_if_fail (cache != NULL);
  g_return_if_fail (func != NULL);

  sample = pl_scene_get_sample (scene);
  if (sample == NULL || !pl_scene_cache_is_valid (cache))
    return;
  layout = pl_scene_cache_get_layout (cache);

  for (guint q = 0; q < MIN (sample->n_queues, PL_MAX_QUEUES); q++)
    {
      BeltSlots slots;
      const PlSceneBox *boxes;
      guint n_boxes;

      belt_slots (layout, scene, q, &slots);
      boxes = pl_scene_get_boxes (scene, q, &n_boxes);
      for (guint i = 0; i < n_boxes; i++)
        if (boxes[i].count == 1 && boxes[i].markers == 0)
          func (belt_slot_x (&slots, boxes[i].position) - slots.box / 2,
                slots.mid_y - slots.box / 2, slots.box, user_data);
    }
}
