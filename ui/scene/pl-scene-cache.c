/* pl-scene-cache.c: what the scene renderer keeps from frame to frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A frame of the assembly line mostly repeats the one before: the same
 * layout, the same static layer, the same small pictures and most of the
 * same numbers. The cache keeps them, and drops the ones that depend on
 * the layout when the layout's signature changes. It belongs to whoever
 * draws (the window's canvas, an export), not to the scene: a picture of
 * the same scene at another size leaves the canvas's cache as it was.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pl-scene-cache.h"

/* Repeating pictures unused for this many frames are dropped, once there
 * are enough of them to matter: a spinner comes back to each step. */
#define SPRITE_KEEP_FRAMES 120
#define SPRITE_SWEEP_ABOVE 512

/* A picture's key and size, with the sizes in 64ths of a unit. */
typedef struct
{
  const gchar *kind;
  gchar       *text;
  gint64       values[PL_SCENE_SPRITE_VALUES];
  gint64       width;
  gint64       height;
} SpriteKey;

typedef struct
{
  SpriteKey        key;      /* the hash table's key too */
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
  PlSceneLayout   *layout;
  cairo_surface_t *layer;
  guint            serial;
  GHashTable      *sprites;      /* SpriteKey → Sprite */
  PlSceneText     *text;
  guint            frame;
  Formatted        formatted[PL_MAX_QUEUES][PL_SCENE_CACHE_SLOTS];
};

static void
sprite_free (gpointer data)
{
  Sprite *sprite = data;

  cairo_pattern_destroy (sprite->pattern);
  cairo_surface_destroy (sprite->surface);
  g_free (sprite->key.text);
  g_free (sprite);
}

static guint
sprite_key_hash (gconstpointer data)
{
  const SpriteKey *key = data;
  guint hash = g_str_hash (key->kind);

  if (key->text != NULL)
    hash = hash * 31 + g_str_hash (key->text);
  for (guint i = 0; i < PL_SCENE_SPRITE_VALUES; i++)
    hash = hash * 31 + (guint) (key->values[i] ^ (key->values[i] >> 32));
  hash = hash * 31 + (guint) key->width;

  return hash * 31 + (guint) key->height;
}

static gboolean
sprite_key_equal (gconstpointer a,
                  gconstpointer b)
{
  const SpriteKey *one = a;
  const SpriteKey *other = b;

  return g_str_equal (one->kind, other->kind) &&
         g_strcmp0 (one->text, other->text) == 0 &&
         memcmp (one->values, other->values, sizeof one->values) == 0 &&
         one->width == other->width &&
         one->height == other->height;
}

/* Sizes are kept in 64ths: pictures closer than that look the same. */
static void
sprite_key_init (SpriteKey              *key,
                 const PlSceneSpriteKey *from,
                 gdouble                 width,
                 gdouble                 height)
{
  key->kind = from->kind;
  key->text = (gchar *) from->text;
  memcpy (key->values, from->values, sizeof key->values);
  key->width = (gint64) (width * 64);
  key->height = (gint64) (height * 64);
}

/**
 * pl_scene_sprite_color_value:
 * @color: a colour
 *
 * Returns: @color's four components, 16 bits each, as one key value
 */
gint64
pl_scene_sprite_color_value (const PlSceneColor *color)
{
  const gdouble components[] = { color->red, color->green, color->blue, color->alpha };
  guint64 value = 0;

  for (guint i = 0; i < G_N_ELEMENTS (components); i++)
    value = value << 16 | (guint64) lround (CLAMP (components[i], 0, 1) * 65535);

  return (gint64) value;
}

void
pl_scene_cache_free (PlSceneCache *self)
{
  if (self == NULL)
    return;

  g_string_free (self->signature, TRUE);
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
 * pl_scene_cache_new:
 *
 * Returns: (transfer full): an empty cache, for one view of a scene to
 *   pass to every frame it draws
 */
PlSceneCache *
pl_scene_cache_new (void)
{
  PlSceneCache *self = g_new0 (PlSceneCache, 1);

  self->signature = g_string_new (NULL);
  self->sprites = g_hash_table_new_full (sprite_key_hash, sprite_key_equal, NULL, sprite_free);
  self->text = pl_scene_text_new ();

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

/* The renderer's layout, zeroed until it first makes one. */
PlSceneLayout *
pl_scene_cache_get_layout (PlSceneCache *self)
{
  if (self->layout == NULL)
    self->layout = g_new0 (PlSceneLayout, 1);

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

/**
 * pl_scene_cache_lookup_sprite:
 * @key: what the picture is drawn from
 * @width: its size, in units
 * @height:
 *
 * Returns: (transfer none) (nullable): a pattern of the picture kept under
 *   @key and this size, or %NULL: the caller draws it and hands it over
 *   with pl_scene_cache_add_sprite(). Its matrix is the caller's.
 */
cairo_pattern_t *
pl_scene_cache_lookup_sprite (PlSceneCache           *self,
                              const PlSceneSpriteKey *key,
                              gdouble                 width,
                              gdouble                 height)
{
  SpriteKey lookup;
  Sprite *sprite;

  sprite_key_init (&lookup, key, width, height);
  sprite = g_hash_table_lookup (self->sprites, &lookup);
  if (sprite == NULL)
    return NULL;
  sprite->used = self->frame;

  return sprite->pattern;
}

/**
 * pl_scene_cache_add_sprite:
 * @surface: (transfer full): the picture, drawn for @key at this size
 *
 * Returns: (transfer none): a pattern of @surface, kept under @key
 */
cairo_pattern_t *
pl_scene_cache_add_sprite (PlSceneCache           *self,
                           const PlSceneSpriteKey *key,
                           gdouble                 width,
                           gdouble                 height,
                           cairo_surface_t        *surface)
{
  Sprite *sprite = g_new0 (Sprite, 1);

  sprite_key_init (&sprite->key, key, width, height);
  sprite->key.text = g_strdup (key->text);
  sprite->surface = surface;
  sprite->pattern = cairo_pattern_create_for_surface (surface);
  sprite->used = self->frame;
  g_hash_table_replace (self->sprites, &sprite->key, sprite);

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
