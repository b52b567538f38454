/* pl-scene-painter.c: text, sprites and badges for the scene renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helpers every part of the line is painted with: text that wraps and
 * keeps to its room, small pictures kept as pixels on raster targets, the
 * badges that must jump out and the piles that stand for a backlog.
 */

#include "config.h"

#include <math.h>

#include "pl-scene-glyphs.h"
#include "pl-scene-renderer-private.h"
#include "pl-text-log.h"

#define LINE_HEIGHT 1.25   /* from one line of text to the next, in its size */

/* Parts of a line of text that may go onto lines of their own. */
#define SEPARATOR " · "

/* Text */

/* The size of text at `scale` times the base size: never below what can
 * be read from the back of a classroom. */
gdouble
_pl_scene_text_px (Painter *p,
                   gdouble  scale)
{
  return MAX (p->fs * scale, PL_MIN_TEXT_PX * p->style->text_scale);
}

gdouble
_pl_scene_measure_text (Painter     *p,
                        const gchar *text,
                        gdouble      scale,
                        gboolean     bold)
{
  return pl_scene_text_measure (pl_scene_cache_get_text (p->cache), text, _pl_scene_text_px (p, scale), bold);
}

const gchar *
_pl_scene_recall_formatted (Painter       *p,
                            guint          index,
                            guint          slot,
                            const guint64  keys[PL_SCENE_CACHE_KEYS])
{
  return pl_scene_cache_recall (p->cache, index, slot, keys);
}

const gchar *
_pl_scene_remember_formatted (Painter       *p,
                              guint          index,
                              guint          slot,
                              const guint64  keys[PL_SCENE_CACHE_KEYS],
                              gchar         *text)
{
  return pl_scene_cache_remember (p->cache, index, slot, keys, text);
}

/* Draws one line of text with its top-left corner at (x, y), or its
 * top-right corner when `right` is set. Returns the width used. */
gdouble
_pl_scene_paint_text (Painter            *p,
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
      width = _pl_scene_measure_text (p, text, scale, bold);
      if (max_width > 0)
        width = MIN (width, max_width);
      x -= width;
    }

  if (pl_text_log_active ())
    {
      gdouble full = _pl_scene_measure_text (p, text, scale, bold);
      gboolean ellipsized = max_width > 0 && full > max_width;
      gboolean clipped = FALSE;

      /* Past the edges of the picture, where nobody sees it. */
      if (!p->in_sprite && cr == p->cr)
        clipped = x < -0.5 || x + MIN (full, max_width > 0 ? max_width : full) > p->width + 0.5 ||
                  y < -0.5 || y + _pl_scene_text_px (p, scale) * 1.2 > p->height + 0.5;
      pl_text_log_add ("scene", text, _pl_scene_text_px (p, scale), ellipsized, clipped);
    }

  pl_palette_set_source (cr, color);
  return pl_scene_text_draw (pl_scene_cache_get_text (p->cache), cr, text, _pl_scene_text_px (p, scale), bold,
                             x, y, max_width,
                             p->raster ? p->scale : 0);
}

/* The height of a line of text at `scale`. */
gdouble
_pl_scene_line_height (Painter *p,
                       gdouble  scale)
{
  return _pl_scene_text_px (p, scale) * LINE_HEIGHT;
}

/*
 * Breaks `text` into lines no wider than `width`: between the parts that
 * " · " separates where it can, else between words, so that a figure is
 * never cut in two. A single word wider than `width` keeps a line of its
 * own. Returns the lines.
 */
GPtrArray *
_pl_scene_wrap_text (Painter     *p,
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

          if (_pl_scene_measure_text (p, longer, scale, bold) <= width)
            {
              g_string_assign (line, longer);
              continue;
            }
          g_ptr_array_add (lines, g_strdup (line->str));
          g_string_truncate (line, 0);
        }

      if (_pl_scene_measure_text (p, parts[i], scale, bold) <= width)
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

              if (_pl_scene_measure_text (p, longer, scale, bold) <= width)
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

guint
_pl_scene_count_lines (Painter     *p,
                       const gchar *text,
                       gdouble      width,
                       gdouble      scale,
                       gboolean     bold)
{
  g_autoptr(GPtrArray) lines = _pl_scene_wrap_text (p, text, width, scale, bold);

  return lines->len;
}

/* Draws `text` on as many lines as it needs, up to `max_lines` that the
 * layout keeps for it. Returns the lines drawn. */
guint
_pl_scene_paint_wrapped (Painter            *p,
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
  if (_pl_scene_measure_text (p, text, scale, bold) <= width)
    {
      _pl_scene_paint_text (p, p->cr, text, x, y, width, scale, bold, color, FALSE);
      return 1;
    }

  lines = _pl_scene_wrap_text (p, text, width, scale, bold);
  for (guint i = 0; i < lines->len; i++)
    {
      const gchar *line = g_ptr_array_index (lines, i);

      _pl_scene_paint_text (p, p->cr, line, x, y + i * _pl_scene_line_height (p, scale), width, scale, bold, color, FALSE);
      /* Past the room kept for it, it runs into what lies below. */
      if (i >= max_lines)
        pl_text_log_add ("scene", line, _pl_scene_text_px (p, scale), FALSE, TRUE);
    }

  return lines->len;
}

/* Sprites: small pictures drawn once and copied */

gdouble
_pl_scene_snap (Painter *p,
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
void
_pl_scene_paint_sprite_part (Painter                *p,
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
  x = _pl_scene_snap (p, x);
  y = _pl_scene_snap (p, y);
  cairo_matrix_init_translate (&matrix, -x, -y);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_set_source (p->cr, pattern);
  cairo_rectangle (p->cr, x + _pl_scene_snap (p, from), y,
                   _pl_scene_snap (p, MIN (to, cairo_image_surface_get_width (surface) / p->scale)) - _pl_scene_snap (p, from),
                   cairo_image_surface_get_height (surface) / p->scale);
  cairo_fill (p->cr);
}

void
_pl_scene_paint_sprite (Painter                *p,
                        const PlSceneSpriteKey *key,
                        gdouble                 x,
                        gdouble                 y,
                        gdouble                 width,
                        gdouble                 height,
                        SpriteDrawFunc          draw,
                        gconstpointer           data)
{
  _pl_scene_paint_sprite_part (p, key, x, y, width, height, 0, width + 1, draw, data);
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
  _pl_scene_paint_text (p, cr, badge->text, inset, height * 0.1, badge->text_width + 1, badge->scale,
                        TRUE, badge->ink, FALSE);
}

/* It never grows past `max_width`. Returns its width. */
gdouble
_pl_scene_paint_badge (Painter            *p,
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
  gdouble height = _pl_scene_text_px (p, scale) * 1.35;

  badge.text_width = MIN (_pl_scene_measure_text (p, text, scale, TRUE), max_width - 2 * inset);
  width = badge.text_width + 2 * inset;
  if (right)
    x -= width;

  _pl_scene_paint_sprite (p, &key, x, y, width, height, draw_badge, &badge);

  return width;
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
  _pl_scene_paint_text (p, cr, pile->count, x + p->fs * 0.3 + pile->marker,
                        y + pile->card_height / 2 - _pl_scene_text_px (p, pile->scale) * 0.62,
                        -1, pile->scale, TRUE, &p->bg, FALSE);
}

void
_pl_scene_paint_pile (Painter     *p,
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

  pile.marker = with_marker ? _pl_scene_text_px (p, pile.scale) * 1.1 : 0;
  pile.text_width = _pl_scene_measure_text (p, count, pile.scale, TRUE);

  /* Long counts shrink rather than lose digits. */
  if (pile.text_width + p->fs * 0.6 + pile.marker > max_width)
    {
      gdouble shrink = MAX (0.6, (max_width - p->fs * 0.6 - pile.marker) / pile.text_width);

      pile.scale *= shrink;
      /* Text never shrinks below its smallest size: measure it again. */
      pile.text_width = _pl_scene_measure_text (p, count, pile.scale, TRUE);
      pile.marker = with_marker ? _pl_scene_text_px (p, pile.scale) * 1.1 : 0;
    }
  pile.card_width = pile.text_width + p->fs * 0.6 + pile.marker;
  x = cx - pile.card_width / 2;
  key.values[1] = (gint) (pile.scale * 1000);

  _pl_scene_paint_sprite (p, &key, x - 2 * pile.shift - 1, cy - height / 2 - 2 * pile.shift - 1,
                          pile.card_width + 2 * pile.shift + 2, height + 2 * pile.shift + 2,
                          draw_pile, &pile);
}
