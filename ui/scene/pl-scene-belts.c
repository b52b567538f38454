/* pl-scene-belts.c: the queues of the line, as conveyor belts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each queue is a belt with one slot per unit of capacity, its items and
 * markers on it, its fill level above and its counters and close → join
 * steps below; connectors lead into it from whatever feeds it.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pl-format.h"
#include "pl-scene-glyphs.h"
#include "pl-scene-renderer-private.h"

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
  gdouble left = _pl_scene_snap (p, MIN (x1, x2) - half);
  gdouble top = _pl_scene_snap (p, MIN (y1, y2) - half);
  gdouble right = _pl_scene_snap (p, MAX (x1, x2) + half);
  gdouble bottom = _pl_scene_snap (p, MAX (y1, y2) + half);

  cairo_rectangle (p->cr, left, top, MAX (right - left, 1 / p->scale), MAX (bottom - top, 1 / p->scale));
}

/* From the bottom of whatever feeds a queue, down into the gap, along the
 * row's gutter and into the tail of the belt. */
void
_pl_scene_paint_connector (Painter           *p,
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

static void
belt_slots (const PlSceneLayout *l,
            PlScene             *scene,
            guint                queue,
            BeltSlots           *slots)
{
  const PlSceneRect *belt = &l->belts[queue];
  gdouble end = belt->height * 0.5;

  slots->n_slots = MAX (1, pl_scene_get_n_slots (scene, queue));
  slots->inner_x = belt->x + end;
  slots->inner_width = belt->width - 2 * end;
  slots->slot = slots->inner_width / slots->n_slots;
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

/* The centre of the `k`th item of a run. */
gdouble
_pl_scene_belt_part_x (const BeltPart *part,
                       guint           k)
{
  return belt_slot_x (part->slots, part->box[k].position);
}

/*
 * Places what lies on a queue's belt and hands each part to `func`, in
 * the order it is painted: runs of single items and markers from the head
 * to the tail, then the piles, so that their counts lie on top of the
 * items beside them. The exports' items and the window's are placed and
 * coloured here alone.
 */
void
_pl_scene_walk_belt (const PlSceneLayout *l,
                     PlScene             *scene,
                     guint                queue,
                     BeltPartFunc         func,
                     gpointer             user_data)
{
  const PlSceneRect *belt = &l->belts[queue];
  BeltSlots slots;
  gdouble marker_size;
  const PlSceneBox *boxes;
  guint n_boxes;

  belt_slots (l, scene, queue, &slots);
  /* Larger than an item, so the marker stands out wherever it is. */
  marker_size = MAX (slots.box * 1.3, belt->height * 0.78) + 2;
  boxes = pl_scene_get_boxes (scene, queue, &n_boxes);

  for (guint pass = 0; pass < 2; pass++)
    {
    for (guint i = 0; i < n_boxes; i++)
      {
        BeltPart part = { BELT_ITEMS, &boxes[i], 1, 0, slots.mid_y, slots.box, 0, &slots };

        if ((boxes[i].count > 1) != (pass == 1))
          continue;
        part.cx = belt_slot_x (&slots, boxes[i].position);
        if (boxes[i].count > 1)
          {
            /* The pile may reach over the tail pulley, never past the belt,
             * unless markers wait behind it. */
            gboolean last = i + 1 == n_boxes;

            part.kind = BELT_PILE;
            part.size = belt->height * 0.62;
            part.room = boxes[i].span * slots.slot + (last ? belt->height * 0.5 : 0);
            if (last)
              part.cx = MAX (part.cx, belt->x + part.room / 2 + 2);

            /* The marker behind it is larger than its slot: leave it room. */
            if (!last)
              {
                gdouble overflow = MAX (0, (marker_size - slots.slot) / 2) + l->fs * 0.15;

                part.room -= overflow;
                part.cx += overflow / 2;
              }
          }
        else if (boxes[i].markers > 0)
          {
            part.kind = BELT_MARKER;
            part.size = marker_size;
          }
        else
          {
            /* Items one slot apart make one run. */
            while (i + part.n < n_boxes && boxes[i + part.n].count == 1 && boxes[i + part.n].markers == 0 &&
                   fabs (boxes[i + part.n].position - boxes[i + part.n - 1].position - 1) < 1e-6)
              part.n++;
            pl_scene_glyphs_item_colors (&part.fill, &part.outline);
            i += part.n - 1;
          }

        func (&part, user_data);
      }
    }
}

static void
paint_belt_part_cb (const BeltPart *part,
                    gpointer        user_data)
{
  Painter *p = user_data;

  switch (part->kind)
    {
    case BELT_PILE:
      {
        g_autofree gchar *count = pl_format_count_short (part->box->count);
        g_autofree gchar *more = g_strconcat ("+", count, NULL);

        _pl_scene_paint_pile (p, part->cx, part->cy, part->room, part->size, more, part->box->markers > 0);
      }
      break;

    case BELT_MARKER:
      {
        static const PlSceneSpriteKey key = { "marker" };

        _pl_scene_paint_sprite (p, &key, part->cx - part->size / 2, part->cy - part->size / 2,
                                part->size, part->size, draw_marker, NULL);
      }
      break;

    case BELT_ITEMS:
    default:
      if (!p->raster)
        {
          for (guint k = 0; k < part->n; k++)
            pl_scene_glyphs_item (p->cr, _pl_scene_belt_part_x (part, k), part->cy, part->size);
        }
      else
        {
          /* A run is copied from a strip of items one slot apart. */
          const BeltSlots *slots = part->slots;
          Strip strip = { slots->n_slots, slots->slot, part->size };
          PlSceneSpriteKey key = {
            "strip", NULL, { slots->n_slots, (gint) (slots->slot * 64), (gint) (part->size * 64) }
          };
          gdouble height = part->size + 4;
          gdouble width = slots->n_slots * slots->slot;
          /* Strip item k sits k slots from its right end: item 0 on the run's first. */
          gdouble x = part->cx + slots->slot / 2 - width;

          _pl_scene_paint_sprite_part (p, &key, x, part->cy - height / 2, width, height,
                                       width - part->n * slots->slot, width, draw_strip, &strip);
        }
      break;
    }
}

void
_pl_scene_paint_belt_static (Painter *p,
                             guint    queue)
{
  const PlSceneRect *belt = &p->l->belts[queue];
  g_autofree gchar *name = pl_format_queue_title (queue, p->sample->n_queues);
  BeltLook look = { MAX (1, pl_scene_get_n_slots (p->scene, queue)), FALSE, 0 };

  /* The name on the tail side; the head side is left for the fill level. */
  _pl_scene_paint_text (p, p->cr, name, belt->x, p->l->label_y[queue] + p->fs * 0.15,
                        p->l->label_apart ? belt->width : belt->width * 0.42, 1.0, FALSE, &p->fg, FALSE);

  cairo_save (p->cr);
  cairo_translate (p->cr, belt->x, belt->y);
  draw_belt (p, p->cr, belt->width, belt->height, &look);
  cairo_restore (p->cr);
}

/* The line under a belt; `dropped` is NULL when nothing was dropped. */
gchar *
_pl_scene_queue_info_text (const gchar *max,
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

void
_pl_scene_paint_belt_dynamic (Painter *p,
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
      _pl_scene_paint_sprite (p, &key, belt->x - grow, belt->y - grow, belt->width + 2 * grow, belt->height + 2 * grow,
                              draw_belt, &look);
    }

  /* The fill level on the head side. */
  count = _pl_scene_recall_formatted (p, queue, FORMAT_COUNT, count_keys);
  if (count == NULL)
    {
      g_autofree gchar *depth = pl_format_count_short (qs->stats.depth);
      g_autofree gchar *capacity = qs->stats.capacity > 0 ? pl_format_count_short (qs->stats.capacity) : g_strdup ("∞");

      count = _pl_scene_remember_formatted (p, queue, FORMAT_COUNT, count_keys,
                                            g_strdup_printf ("%s / %s", depth, capacity));
    }
  count_width = _pl_scene_paint_text (p, p->cr, count, belt->x + belt->width, label_y,
                                      -1, 1.3, TRUE, full ? &p->alert : &p->fg, TRUE);
  if (full)
    _pl_scene_paint_badge (p, _("FULL"), belt->x + belt->width - count_width - p->fs * 0.4,
                           label_y + p->fs * 0.15, 0.9, &p->alert, &white, TRUE, belt->width / 3);

  _pl_scene_walk_belt (p->l, p->scene, queue, paint_belt_part_cb, p);

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
  info = _pl_scene_recall_formatted (p, queue, FORMAT_INFO, info_keys);
  if (info == NULL)
    {
      g_autofree gchar *max = pl_format_count_short (qs->stats.max_depth);
      g_autofree gchar *unfinished = pl_format_count_short (qs->stats.unfinished);
      g_autofree gchar *dropped = qs->stats.dropped > 0 ? pl_format_count_short (qs->stats.dropped) : NULL;

      info = _pl_scene_remember_formatted (p, queue, FORMAT_INFO, info_keys,
                                           _pl_scene_queue_info_text (max, unfinished, dropped, join));
    }
  _pl_scene_paint_wrapped (p, info, belt->x, belt->y + belt->height + p->fs * 0.2, p->l->info_width,
                           INFO_SCALE, TRUE, &p->muted, p->l->info_lines);
}

void
_pl_scene_paint_feed_arrow (Painter *p,
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
