/* pl-scene-belt.c: the boxes on a queue's belt, and how they slide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A belt shows exactly the entries its queue holds, from the head to the
 * tail. A queue deeper than the belt is compressed: its backlog becomes one
 * pile, with the end markers the next stage will meet last kept beside it.
 * Only the positions of the boxes move between samples.
 */

#include "config.h"

#include <math.h>

#include "pl-scene-private.h"

/* Boxes slide at most this many slots, so a fast queue still reads calmly. */
#define MAX_SLIDE         1.0
/* Time constant of the slide toward rest, in seconds. */
#define SLIDE_TAU_S       0.08

gboolean
_pl_scene_belt_is_compressed (const PlSceneBelt *belt)
{
  return belt->n_boxes > belt->tail_markers &&
         belt->boxes[belt->n_boxes - belt->tail_markers - 1].count > 1;
}

static guint
slots_for_capacity (guint capacity)
{
  if (capacity == 0)
    return PL_SCENE_UNBOUNDED_SLOTS;

  return MIN (capacity, PL_SCENE_MAX_SLOTS);
}

static gboolean
is_marker_position (const PlQueueStats *stats,
                    guint               position)
{
  /* Markers are enqueued back to back by the close sequence, one per
   * consumer, so they sit together from the first one on. */
  return stats->first_marker >= 0 &&
         position >= (guint)stats->first_marker &&
         position < (guint)stats->first_marker + stats->markers;
}

/* End markers kept out of the pile when the belt is compressed: the one
 * the next stage will meet last must stay visible as it travels. */
#define MAX_TAIL_MARKERS 2

static void
belt_rebuild (PlSceneBelt        *belt,
              const PlQueueStats *stats)
{
  guint depth = stats->depth;
  guint singles;
  guint tail_markers = 0;

  belt->n_slots = slots_for_capacity (stats->capacity);
  /* The pile takes a few slots, room for its count. */
  belt->pile_slots = CLAMP (belt->n_slots / 5, 1, 4);
  belt->marker_box = -1;

  if (depth > belt->n_slots && stats->first_marker >= 0 && stats->markers > 0 &&
      (guint)stats->first_marker + stats->markers == depth)
    tail_markers = MIN (stats->markers, MAX_TAIL_MARKERS);
  belt->tail_markers = tail_markers;

  singles = depth <= belt->n_slots ? depth : belt->n_slots - belt->pile_slots - tail_markers;
  for (guint i = 0; i < singles; i++)
    {
      PlSceneBox *box = &belt->boxes[i];

      box->count = 1;
      box->markers = is_marker_position (stats, i) ? 1 : 0;
    }
  belt->n_boxes = singles;

  if (singles < depth)
    {
      PlSceneBox *pile = &belt->boxes[belt->n_boxes++];
      guint pile_end = depth - tail_markers;
      guint pile_markers = 0;

      if (stats->first_marker >= 0 && stats->markers > 0)
        {
          guint first = MAX ((guint)stats->first_marker, singles);
          guint last = MIN ((guint)stats->first_marker + stats->markers, pile_end);

          if (last > first)
            pile_markers = last - first;
        }

      pile->count = pile_end - singles;
      pile->markers = pile_markers;

      for (guint k = 0; k < tail_markers; k++)
        {
          PlSceneBox *marker = &belt->boxes[belt->n_boxes++];

          marker->count = 1;
          marker->markers = 1;
        }
    }

  for (guint i = 0; i < belt->n_boxes; i++)
    {
      if (belt->boxes[i].markers > 0 && belt->marker_box < 0)
        belt->marker_box = i;
    }
}

static void
belt_place (PlSceneBelt *belt)
{
  gboolean piled = _pl_scene_belt_is_compressed (belt);
  guint singles = piled ? belt->n_boxes - belt->tail_markers - 1 : belt->n_boxes;
  guint room = piled ? singles : belt->n_slots;

  for (guint i = 0; i < belt->n_boxes; i++)
    {
      PlSceneBox *box = &belt->boxes[i];
      /* Boxes behind this one keep their own slots: a belt never shows two
       * boxes in one slot, and a full belt always shows every slot taken. */
      gdouble last_free = (gdouble)room - (singles - i);

      if (i < singles)
        {
          box->span = 1;
          box->position = MIN (i + belt->slide, MAX (last_free, i));
        }
      else if (i == singles)
        {
          box->span = belt->pile_slots;
          box->position = singles + (belt->pile_slots - 1) / 2.0;
        }
      else
        {
          /* The markers behind the pile, at the tail. */
          box->span = 1;
          box->position = singles + belt->pile_slots + (i - singles - 1);
        }
    }
}

static guint64
entries_left (const PlQueueStats *stats)
{
  return stats->gets + stats->markers_taken + stats->dropped;
}

/*
 * Makes @belt show the entries of @stats. The boxes slide on by as many
 * entries as left the queue since @previous (NULL for the first sample of
 * a run, which starts at rest).
 */
void
_pl_scene_belt_update (PlSceneBelt        *belt,
                       const PlQueueStats *stats,
                       const PlQueueStats *previous)
{
  if (previous != NULL)
    {
      guint64 now_left = entries_left (stats);
      guint64 then_left = entries_left (previous);

      if (now_left > then_left)
        belt->slide = MIN (belt->slide + (now_left - then_left), MAX_SLIDE);
    }
  else
    {
      belt->slide = 0;
    }

  belt_rebuild (belt, stats);
  belt_place (belt);
}

/* Moves the boxes @dt seconds closer to their rest. */
void
_pl_scene_belt_advance (PlSceneBelt *belt,
                        gdouble      dt)
{
  if (belt->slide <= 0)
    return;

  belt->slide *= exp (-dt / SLIDE_TAU_S);
  if (belt->slide < 0.01)
    belt->slide = 0;
  belt_place (belt);
}
