/* pl-scene-text.c: shaped text kept from frame to frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shaping a line with Pango costs far more than drawing it. Most of the
 * scene's text is the same from one frame to the next, so each line is
 * shaped once, kept as positioned glyphs, and drawn with cairo_show_glyphs
 * until it stops being used. Only new text (a counter that moved) is shaped.
 */

#include "config.h"

#include <math.h>

#include <pango/pangocairo.h>

#include "pl-scene-text.h"

/* Lines unused for this many sweeps are dropped. */
#define KEEP_SWEEPS 3
/* Sweeping only starts past this many lines, so a steady scene never does. */
#define SWEEP_ABOVE 256

typedef struct
{
  cairo_scaled_font_t *font;
  cairo_glyph_t       *glyphs;   /* relative to the line's top-left corner */
  gint                 n_glyphs;
} GlyphRun;

typedef struct
{
  gdouble          width;
  gdouble          height;
  GArray          *runs;         /* of GlyphRun */
  guint            used;         /* the sweep it was last used in */
  cairo_surface_t *mask;         /* the line as coverage, once it is reused */
  cairo_pattern_t *mask_pattern; /* made once: a pattern per draw costs */
  gdouble          mask_scale;
} Line;

/* Room around a line's box for glyphs that reach past it. */
#define MASK_MARGIN 2

/* One character of one font, shaped on its own. */
typedef struct
{
  cairo_scaled_font_t *font;     /* NULL: the character needs real shaping */
  gulong               index;
  gint                 advance;  /* in Pango units */
} CharGlyph;

/* The characters of one font size and weight met so far. */
typedef struct
{
  GHashTable *chars;             /* gunichar → CharGlyph */
  gint        baseline;
  gint        height;
} CharTable;

struct _PlSceneText
{
  PangoContext *context;
  PangoLayout  *layout;
  GHashTable   *lines;           /* key → Line */
  GHashTable   *tables;          /* size << 1 | bold → CharTable */
  GString      *key;
  guint         sweep;
};

static void
char_glyph_free (gpointer data)
{
  CharGlyph *glyph = data;

  if (glyph->font != NULL)
    cairo_scaled_font_destroy (glyph->font);
  g_free (glyph);
}

static void
char_table_free (gpointer data)
{
  CharTable *table = data;

  g_hash_table_unref (table->chars);
  g_free (table);
}

static void
glyph_run_clear (gpointer data)
{
  GlyphRun *run = data;

  cairo_scaled_font_destroy (run->font);
  g_free (run->glyphs);
}

static void
line_free (gpointer data)
{
  Line *line = data;

  g_array_unref (line->runs);
  g_clear_pointer (&line->mask_pattern, cairo_pattern_destroy);
  g_clear_pointer (&line->mask, cairo_surface_destroy);
  g_free (line);
}

PlSceneText *
pl_scene_text_new (void)
{
  PlSceneText *self = g_new0 (PlSceneText, 1);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: the same advances on screen, in PNG and in SVG. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);

  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  self->layout = pango_layout_new (self->context);
  self->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, line_free);
  self->tables = g_hash_table_new_full (NULL, NULL, NULL, char_table_free);
  self->key = g_string_new (NULL);

  return self;
}

void
pl_scene_text_free (PlSceneText *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->lines);
  g_hash_table_unref (self->tables);
  g_object_unref (self->layout);
  g_object_unref (self->context);
  g_string_free (self->key, TRUE);
  g_free (self);
}

static void
set_up_layout (PlSceneText *self,
               const gchar *text,
               gint         size,
               gboolean     bold,
               gint         max_width)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (font, size);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (self->layout, font);
  pango_layout_set_width (self->layout, max_width);
  pango_layout_set_ellipsize (self->layout, max_width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_single_paragraph_mode (self->layout, TRUE);
  pango_layout_set_text (self->layout, text, -1);
}

static CharTable *
get_char_table (PlSceneText *self,
                gint         size,
                gboolean     bold)
{
  gpointer key = GINT_TO_POINTER (size << 1 | (bold ? 1 : 0));
  CharTable *table = g_hash_table_lookup (self->tables, key);
  PangoRectangle logical;

  if (table != NULL)
    return table;

  /* The line box a shaped line of plain text would have. */
  table = g_new0 (CharTable, 1);
  table->chars = g_hash_table_new_full (NULL, NULL, NULL, char_glyph_free);
  set_up_layout (self, "0", size, bold, -1);
  pango_layout_get_extents (self->layout, NULL, &logical);
  table->baseline = pango_layout_get_baseline (self->layout);
  table->height = logical.height;
  g_hash_table_insert (self->tables, key, table);

  return table;
}

/* Whether a character looks the same shaped alone as in a word: no
 * joining, reordering or combining, and no right-to-left text. */
static gboolean
is_plain_char (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_COMMON:
    case G_UNICODE_SCRIPT_LATIN:
    case G_UNICODE_SCRIPT_GREEK:
    case G_UNICODE_SCRIPT_CYRILLIC:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
      return !g_unichar_ismark (c) && !g_unichar_iszerowidth (c) &&
             g_unichar_type (c) != G_UNICODE_CONTROL &&
             !(c >= 0x1100 && c <= 0x11FF);   /* Hangul jamo compose */

    default:
      return FALSE;
    }
}

static const CharGlyph *
lookup_char (PlSceneText *self,
             CharTable   *table,
             gunichar     c,
             gint         size,
             gboolean     bold)
{
  CharGlyph *glyph = g_hash_table_lookup (table->chars, GUINT_TO_POINTER (c));
  gchar text[8] = { 0 };
  PangoLayoutLine *layout_line;

  if (glyph != NULL)
    return glyph;

  glyph = g_new0 (CharGlyph, 1);
  g_unichar_to_utf8 (c, text);
  set_up_layout (self, text, size, bold, -1);
  layout_line = pango_layout_get_line_readonly (self->layout, 0);

  if (is_plain_char (c) && layout_line != NULL && layout_line->runs != NULL &&
      layout_line->runs->next == NULL)
    {
      PangoGlyphItem *item = layout_line->runs->data;

      if (item->glyphs->num_glyphs == 1 &&
          item->glyphs->glyphs[0].geometry.x_offset == 0 &&
          item->glyphs->glyphs[0].geometry.y_offset == 0 &&
          (item->glyphs->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG) == 0)
        {
          glyph->font = cairo_scaled_font_reference (pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (item->item->analysis.font)));
          glyph->index = item->glyphs->glyphs[0].glyph;
          glyph->advance = item->glyphs->glyphs[0].geometry.width;
        }
    }

  g_hash_table_insert (table->chars, GUINT_TO_POINTER (c), glyph);
  return glyph;
}

/*
 * Builds a line from glyphs of single characters, without shaping the
 * line: counters change every frame, and this is several times faster.
 * Returns NULL for text that needs real shaping or would not fit.
 */
static Line *
assemble_line (PlSceneText *self,
               const gchar *text,
               gint         size,
               gboolean     bold,
               gint         max_width)
{
  CharTable *table = get_char_table (self, size, bold);
  const CharGlyph *glyphs[256];
  guint n = 0;
  gint width = 0;
  Line *line;
  GlyphRun run = { 0 };

  for (const gchar *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      const CharGlyph *glyph;

      if (n == G_N_ELEMENTS (glyphs))
        return NULL;
      glyph = lookup_char (self, table, g_utf8_get_char (c), size, bold);
      /* One font per line keeps it a single run. */
      if (glyph->font == NULL || (n > 0 && glyph->font != glyphs[0]->font))
        return NULL;
      glyphs[n++] = glyph;
      width += glyph->advance;
    }

  if (max_width > 0 && width > max_width)
    return NULL;

  line = g_new0 (Line, 1);
  line->width = width / (gdouble)PANGO_SCALE;
  line->height = table->height / (gdouble)PANGO_SCALE;
  line->runs = g_array_new (FALSE, TRUE, sizeof (GlyphRun));
  g_array_set_clear_func (line->runs, glyph_run_clear);
  if (n == 0)
    return line;

  run.font = cairo_scaled_font_reference (glyphs[0]->font);
  run.glyphs = g_new (cairo_glyph_t, n);
  width = 0;
  for (guint i = 0; i < n; i++)
    {
      run.glyphs[i].index = glyphs[i]->index;
      run.glyphs[i].x = width / (gdouble)PANGO_SCALE;
      run.glyphs[i].y = table->baseline / (gdouble)PANGO_SCALE;
      width += glyphs[i]->advance;
    }
  run.n_glyphs = n;
  g_array_append_val (line->runs, run);

  return line;
}

static Line *
shape_line (PlSceneText *self,
            const gchar *text,
            gint         size,
            gboolean     bold,
            gint         max_width)
{
  PangoLayoutIter *iter;
  Line *line;
  PangoRectangle logical;
  gint baseline;

  line = assemble_line (self, text, size, bold, max_width);
  if (line != NULL)
    return line;

  line = g_new0 (Line, 1);
  set_up_layout (self, text, size, bold, max_width);

  pango_layout_get_extents (self->layout, NULL, &logical);
  baseline = pango_layout_get_baseline (self->layout);
  line->width = logical.width / (gdouble)PANGO_SCALE;
  line->height = logical.height / (gdouble)PANGO_SCALE;
  line->runs = g_array_new (FALSE, TRUE, sizeof (GlyphRun));
  g_array_set_clear_func (line->runs, glyph_run_clear);

  iter = pango_layout_get_iter (self->layout);
  do
    {
      PangoGlyphItem *item = pango_layout_iter_get_run_readonly (iter);
      PangoRectangle run_logical;
      GlyphRun run = { 0 };
      gint x;

      if (item == NULL)
        continue;

      pango_layout_iter_get_run_extents (iter, NULL, &run_logical);
      x = run_logical.x;
      run.font = cairo_scaled_font_reference (pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (item->item->analysis.font)));
      run.glyphs = g_new (cairo_glyph_t, item->glyphs->num_glyphs);

      for (gint i = 0; i < item->glyphs->num_glyphs; i++)
        {
          PangoGlyphInfo *info = &item->glyphs->glyphs[i];

          /* Empty and missing glyphs have no outline worth drawing. */
          if (info->glyph != PANGO_GLYPH_EMPTY && (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG) == 0)
            {
              cairo_glyph_t *glyph = &run.glyphs[run.n_glyphs++];

              glyph->index = info->glyph;
              glyph->x = (x + info->geometry.x_offset) / (gdouble)PANGO_SCALE;
              glyph->y = (baseline + info->geometry.y_offset) / (gdouble)PANGO_SCALE;
            }
          x += info->geometry.width;
        }

      g_array_append_val (line->runs, run);
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);

  return line;
}

static void
append_hex (GString *out,
            gint     value)
{
  static const gchar hex[] = "0123456789abcdef";
  guint bits = (guint)value;

  for (gint shift = 28; shift >= 0; shift -= 4)
    g_string_append_c (out, hex[(bits >> shift) & 0xf]);
}

static Line *
lookup_line (PlSceneText *self,
             const gchar *text,
             gdouble      size,
             gboolean     bold,
             gdouble      max_width,
             guint       *previous)
{
  gint pango_size = MAX (1, (gint)(size * PANGO_SCALE + 0.5));
  gint pango_width = max_width > 0 ? (gint)(max_width * PANGO_SCALE) : -1;
  Line *line;

  /* By hand: printf would cost more than the lookup it serves. */
  g_string_truncate (self->key, 0);
  append_hex (self->key, pango_size);
  append_hex (self->key, pango_width);
  g_string_append_c (self->key, bold ? 'b' : 'r');
  g_string_append (self->key, text);
  line = g_hash_table_lookup (self->lines, self->key->str);
  if (line == NULL)
    {
      line = shape_line (self, text, pango_size, bold, pango_width);
      line->used = G_MAXUINT - 1;
      g_hash_table_insert (self->lines, g_strdup (self->key->str), line);
    }
  if (previous != NULL)
    *previous = line->used;
  line->used = self->sweep;

  return line;
}

/**
 * pl_scene_text_measure:
 * @size: the font size, in pixels
 *
 * Returns: the width of @text on one line
 */
gdouble
pl_scene_text_measure (PlSceneText *self,
                       const gchar *text,
                       gdouble      size,
                       gboolean     bold)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (text != NULL, 0);

  return lookup_line (self, text, size, bold, -1, NULL)->width;
}

static void
show_runs (cairo_t    *cr,
           const Line *line,
           gdouble     x,
           gdouble     y)
{
  cairo_glyph_t stack[128];

  for (guint r = 0; r < line->runs->len; r++)
    {
      const GlyphRun *run = &g_array_index (line->runs, GlyphRun, r);
      cairo_glyph_t *glyphs = run->n_glyphs <= (gint)G_N_ELEMENTS (stack)
                              ? stack : g_new (cairo_glyph_t, run->n_glyphs);

      for (gint i = 0; i < run->n_glyphs; i++)
        {
          glyphs[i].index = run->glyphs[i].index;
          glyphs[i].x = run->glyphs[i].x + x;
          glyphs[i].y = run->glyphs[i].y + y;
        }

      cairo_set_scaled_font (cr, run->font);
      cairo_show_glyphs (cr, glyphs, run->n_glyphs);
      if (glyphs != stack)
        g_free (glyphs);
    }
}

static void
make_mask (Line    *line,
           gdouble  scale)
{
  gint width = (gint)ceil ((line->width + 2 * MASK_MARGIN) * scale);
  gint height = (gint)ceil ((line->height + 2 * MASK_MARGIN) * scale);
  cairo_t *cr;

  g_clear_pointer (&line->mask_pattern, cairo_pattern_destroy);
  g_clear_pointer (&line->mask, cairo_surface_destroy);
  line->mask = cairo_image_surface_create (CAIRO_FORMAT_A8, MAX (1, width), MAX (1, height));
  line->mask_scale = scale;
  cairo_surface_set_device_scale (line->mask, scale, scale);
  cr = cairo_create (line->mask);
  show_runs (cr, line, MASK_MARGIN, MASK_MARGIN);
  cairo_destroy (cr);
  line->mask_pattern = cairo_pattern_create_for_surface (line->mask);
}

/**
 * pl_scene_text_draw:
 * @cr: where to draw, with its source set to the text colour
 * @x: the left edge
 * @y: the top of the line
 * @max_width: the line is ellipsized past this width; -1 for no limit
 * @pixel_scale: device pixels per unit when @cr paints pixels, so that a
 *   line drawn again is copied as coverage; 0 draws glyphs every time
 *
 * Returns: the width drawn
 */
gdouble
pl_scene_text_draw (PlSceneText *self,
                    cairo_t     *cr,
                    const gchar *text,
                    gdouble      size,
                    gboolean     bold,
                    gdouble      x,
                    gdouble      y,
                    gdouble      max_width,
                    gdouble      pixel_scale)
{
  Line *line;
  guint previous;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (text != NULL, 0);

  line = lookup_line (self, text, size, bold, -1, &previous);
  if (max_width > 0 && line->width > max_width)
    line = lookup_line (self, text, size, bold, max_width, &previous);

  /* A line shown two frames running will likely be shown again: keep its
   * coverage, one copy per frame instead of one per glyph. */
  if (pixel_scale > 0)
    {
      /* On whole pixels, so both ways below give the same picture. */
      x = round ((x - MASK_MARGIN) * pixel_scale) / pixel_scale + MASK_MARGIN;
      y = round ((y - MASK_MARGIN) * pixel_scale) / pixel_scale + MASK_MARGIN;
    }

  if (pixel_scale > 0 && (line->mask != NULL || previous + 1 == self->sweep))
    {
      if (line->mask == NULL || line->mask_scale != pixel_scale)
        make_mask (line, pixel_scale);
      cairo_matrix_t matrix;

      cairo_matrix_init_translate (&matrix, MASK_MARGIN - x, MASK_MARGIN - y);
      cairo_pattern_set_matrix (line->mask_pattern, &matrix);
      cairo_mask (cr, line->mask_pattern);
    }
  else
    show_runs (cr, line, x, y);

  return line->width;
}

static gboolean
line_is_stale (gpointer key,
               gpointer value,
               gpointer user_data)
{
  PlSceneText *self = user_data;
  Line *line = value;

  return self->sweep - line->used >= KEEP_SWEEPS;
}

/**
 * pl_scene_text_sweep:
 *
 * Ends a frame: lines no frame used for a while are dropped, so counters
 * that keep changing do not pile up.
 */
void
pl_scene_text_sweep (PlSceneText *self)
{
  g_return_if_fail (self != NULL);

  if (g_hash_table_size (self->lines) > SWEEP_ABOVE)
    g_hash_table_foreach_remove (self->lines, line_is_stale, self);
  self->sweep++;
}

static gboolean
is_hangul (gunichar c)
{
  return g_unichar_get_script (c) == G_UNICODE_SCRIPT_HANGUL;
}

/**
 * pl_text_word_attributes:
 * @text: text about to be laid out with wrapping
 *
 * Korean is written with spaces between words, but the Unicode line
 * breaking rules allow a break between any two Hangul syllables, so a
 * wrapped line may end in the middle of a word ("비/어"). In text that
 * holds Hangul these attributes keep every word (a run of characters
 * between white space, a code name such as ClosableQueue included) on one
 * line, so lines break only between words; a word wider than the line
 * overflows it rather than being cut. Text without Hangul gets no
 * attribute and wraps as before.
 *
 * Returns: (transfer full): attributes for a layout or label of @text
 */
PangoAttrList *
pl_text_word_attributes (const gchar *text)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  const gchar *word = NULL;
  gboolean korean = FALSE;

  if (text == NULL)
    return attrs;

  for (const gchar *p = text; *p != '\0' && !korean; p = g_utf8_next_char (p))
    korean = is_hangul (g_utf8_get_char (p));
  if (!korean)
    return attrs;

  for (const gchar *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || g_unichar_isspace (c))
        {
          if (word != NULL)
            {
              PangoAttribute *attr = pango_attr_allow_breaks_new (FALSE);

              attr->start_index = (guint) (word - text);
              attr->end_index = (guint) (p - text);
              pango_attr_list_insert (attrs, attr);
            }
          word = NULL;
          if (c == 0)
            break;
          continue;
        }
      if (word == NULL)
        word = p;
    }

  return attrs;
}
