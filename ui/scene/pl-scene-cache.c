/* pl-scene-cache.c: what the scene renderer keeps from frame to frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A frame of the assembly line mostly repeats the one before: the same
 * layout, the same static layer, the same small pictures and most of the
 * same numbers. The cache keeps them with the scene, and drops the ones
 * that depend on the layout when the layout's signature changes.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pl-scene-cache.h"

/* Repeating pictures unused for this many frames are dropped, once there
 * are enough of them to matter: a spinner comes back to each step. */
#define SPRITE_KEEP_FRAMES 120
#define SPRITE_SWEEP_ABOVE 512

typedef struct
{
  cairo_surface_t *surface;
  cairo_pattern_t *pattern;  /* made once: a pattern per copy costs */
  guint            used;     /* the frame it was last painted in */
} Sprite;

typedef struct
{
  guint64  keys[PL_SCENE_CACHE_KEYS];
  gchar   *text;
} Formatted;

struct _PlSceneCache
{
  GString         *signature;    /* what the layout and layer were made for */
  gboolean         valid;
  gpointer         layout;
  gsize            layout_size;
  cairo_surface_t *layer;
  guint            serial;
  GHashTable      *sprites;      /* key → Sprite */
  GString         *key;
  PlSceneText     *text;
  guint            frame;
  Formatted        formatted[PL_MAX_QUEUES][PL_SCENE_CACHE_SLOTS];
};

static GQuark cache_quark;

static void
sprite_free (gpointer data)
{
  Sprite *sprite = data;

  cairo_pattern_destroy (sprite->pattern);
  cairo_surface_destroy (sprite->surface);
  g_free (sprite);
}

static void
pl_scene_cache_free (gpointer data)
{
  PlSceneCache *self = data;

  g_string_free (self->signature, TRUE);
  g_string_free (self->key, TRUE);
  g_free (self->layout);
  g_clear_pointer (&self->layer, cairo_surface_destroy);
  g_hash_table_unref (self->sprites);
  pl_scene_text_free (self->text);
  for (guint i = 0; i < PL_MAX_QUEUES; i++)
    for (guint f = 0; f < PL_SCENE_CACHE_SLOTS; f++)
      g_free (self->formatted[i][f].text);
  g_free (self);
}

/**
 * pl_scene_cache_get:
 * @scene: a #PlScene
 *
 * Returns: (transfer none): the cache kept with @scene, made on first use
 */
PlSceneCache *
pl_scene_cache_get (PlScene *scene)
{
  PlSceneCache *self;

  g_return_val_if_fail (PL_IS_SCENE (scene), NULL);

  if (cache_quark == 0)
    cache_quark = g_quark_from_static_string ("pl-scene-cache");

  self = g_object_get_qdata (G_OBJECT (scene), cache_quark);
  if (self == NULL)
    {
      self = g_new0 (PlSceneCache, 1);
      self->signature = g_string_new (NULL);
      self->key = g_string_new (NULL);
      self->sprites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sprite_free);
      self->text = pl_scene_text_new ();
      g_object_set_qdata_full (G_OBJECT (scene), cache_quark, self, pl_scene_cache_free);
    }

  return self;
}

PlSceneText *
pl_scene_cache_get_text (PlSceneCache *self)
{
  return self->text;
}

/**
 * pl_scene_cache_update:
 * @signature: everything the layout and the static layer depend on
 *
 * Returns: %TRUE when @signature differs from the last one: the layout is
 *   to be made again, and the layer and the pictures were dropped
 */
gboolean
pl_scene_cache_update (PlSceneCache *self,
                       const gchar  *signature)
{
  if (self->valid && g_str_equal (self->signature->str, signature))
    return FALSE;

  g_string_assign (self->signature, signature);
  g_clear_pointer (&self->layer, cairo_surface_destroy);
  g_hash_table_remove_all (self->sprites);
  self->valid = TRUE;
  self->serial++;

  return TRUE;
}

gboolean
pl_scene_cache_is_valid (PlSceneCache *self)
{
  return self->valid;
}

/* The renderer's layout, `size` bytes, zeroed when first asked for. */
gpointer
pl_scene_cache_get_layout (PlSceneCache *self,
                           gsize         size)
{
  if (self->layout == NULL || self->layout_size != size)
    {
      g_free (self->layout);
      self->layout = g_malloc0 (size);
      self->layout_size = size;
    }

  return self->layout;
}

cairo_surface_t *
pl_scene_cache_get_layer (PlSceneCache *self)
{
  return self->layer;
}

void
pl_scene_cache_set_layer (PlSceneCache    *self,
                          cairo_surface_t *layer)
{
  g_clear_pointer (&self->layer, cairo_surface_destroy);
  self->layer = layer;
}

/* Changes whenever the static layer does. */
guint
pl_scene_cache_get_serial (PlSceneCache *self)
{
  return self->serial;
}

static void
append_int (GString *out,
            gint64   value)
{
  gchar digits[24];
  guint n = 0;
  guint64 magnitude = value < 0 ? -(guint64)value : (guint64)value;

  do
    digits[n++] = '0' + magnitude % 10;
  while ((magnitude /= 10) > 0);
  if (value < 0)
    g_string_append_c (out, '-');
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

/* A key is made for every picture of every frame: this knows only the
 * %s, %d, %u and %p the keys use, and is several times faster than printf. */
static void
append_key (GString     *out,
            const gchar *format,
            va_list      args)
{
  for (const gchar *c = format; *c != '\0'; c++)
    {
      if (*c != '%')
        {
          g_string_append_c (out, *c);
          continue;
        }

      switch (*++c)
        {
        case 's':
          g_string_append (out, va_arg (args, const gchar *));
          break;
        case 'd':
          append_int (out, va_arg (args, gint));
          break;
        case 'u':
          append_int (out, va_arg (args, guint));
          break;
        case 'p':
          append_int (out, (gint64)GPOINTER_TO_SIZE (va_arg (args, gpointer)));
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * pl_scene_cache_lookup_sprite:
 * @scale: device pixels per unit
 * @draw: paints the picture into a @width × @height box at the origin
 * @format: the picture's key, with %s, %d, %u and %p only
 *
 * Returns: (transfer none): a pattern of the picture, painted by @draw the
 *   first time its key and size are asked for; its matrix is the caller's
 */
cairo_pattern_t *
pl_scene_cache_lookup_sprite (PlSceneCache      *self,
                              gdouble            scale,
                              gdouble            width,
                              gdouble            height,
                              PlSceneSpriteDraw  draw,
                              gpointer           painter,
                              gconstpointer      data,
                              const gchar       *format,
                              va_list            args)
{
  Sprite *sprite;

  g_string_truncate (self->key, 0);
  append_key (self->key, format, args);
  g_string_append_c (self->key, '@');
  append_int (self->key, (gint64)(width * 64));
  g_string_append_c (self->key, 'x');
  append_int (self->key, (gint64)(height * 64));

  sprite = g_hash_table_lookup (self->sprites, self->key->str);
  if (sprite == NULL)
    {
      gint pixel_width = MAX (1, (gint)ceil (width * scale));
      gint pixel_height = MAX (1, (gint)ceil (height * scale));
      cairo_t *cr;

      sprite = g_new0 (Sprite, 1);
      sprite->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
      cairo_surface_set_device_scale (sprite->surface, scale, scale);
      cr = cairo_create (sprite->surface);
      draw (painter, cr, width, height, data);
      cairo_destroy (cr);
      sprite->pattern = cairo_pattern_create_for_surface (sprite->surface);
      g_hash_table_insert (self->sprites, g_strdup (self->key->str), sprite);
    }
  sprite->used = self->frame;

  return sprite->pattern;
}

/**
 * pl_scene_cache_recall:
 * @index: a queue or stage
 * @slot: which of its lines
 * @keys: what the line shows
 *
 * Returns: (nullable): the line kept in the slot if it was made from
 *   @keys, else %NULL: the caller formats it and hands it over with
 *   pl_scene_cache_remember()
 */
const gchar *
pl_scene_cache_recall (PlSceneCache  *self,
                       guint          index,
                       guint          slot,
                       const guint64  keys[PL_SCENE_CACHE_KEYS])
{
  Formatted *formatted;

  g_assert (index < PL_MAX_QUEUES && slot < PL_SCENE_CACHE_SLOTS);

  formatted = &self->formatted[index][slot];
  if (formatted->text != NULL && memcmp (formatted->keys, keys, sizeof formatted->keys) == 0)
    return formatted->text;

  return NULL;
}

/* Takes `text` and returns it. */
const gchar *
pl_scene_cache_remember (PlSceneCache  *self,
                         guint          index,
                         guint          slot,
                         const guint64  keys[PL_SCENE_CACHE_KEYS],
                         gchar         *text)
{
  Formatted *formatted;

  g_assert (index < PL_MAX_QUEUES && slot < PL_SCENE_CACHE_SLOTS);

  formatted = &self->formatted[index][slot];
  memcpy (formatted->keys, keys, sizeof formatted->keys);
  g_free (formatted->text);
  formatted->text = text;

  return text;
}

static gboolean
sprite_is_stale (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  PlSceneCache *self = user_data;
  Sprite *sprite = value;

  return self->frame - sprite->used >= SPRITE_KEEP_FRAMES;
}

/* Ends a frame: pictures and lines no frame used for a while are dropped. */
void
pl_scene_cache_end_frame (PlSceneCache *self)
{
  if (g_hash_table_size (self->sprites) > SPRITE_SWEEP_ABOVE)
    g_hash_table_foreach_remove (self->sprites, sprite_is_stale, self);
  self->frame++;
  pl_scene_text_sweep (self->text);
}
