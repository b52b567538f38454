/* pl-scene-glyphs.c: the small pictures the scene is made of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every worker state has a colour from the Okabe–Ito palette and a shape of
 * its own, so the picture still reads in grey or for colour-blind viewers.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pl-scene-glyphs.h"

#define RGB(r, g, b) { (r) / 255.0, (g) / 255.0, (b) / 255.0, 1.0 }

static const PlSceneColor item_color = RGB (230, 159, 0);
static const PlSceneColor ink = RGB (20, 20, 20);
static const PlSceneColor paper = RGB (255, 255, 255);

static const struct {
  PlSceneColor color;
  const gchar *label;
  gboolean     shown;
} states[PL_WORKER_N_STATES] = {
  [PL_WORKER_IDLE]         = { RGB (160, 160, 160), N_("Idle"), FALSE },
  [PL_WORKER_WAITING_GET]  = { RGB (86, 180, 233), N_("Starved: asleep in get"), TRUE },
  [PL_WORKER_POLLING]      = { RGB (240, 228, 66), N_("Polling the queue"), TRUE },
  [PL_WORKER_WORKING]      = { RGB (0, 158, 115), N_("Working"), TRUE },
  [PL_WORKER_WAITING_PUT]  = { RGB (213, 94, 0), N_("Blocked: next queue full"), TRUE },
  [PL_WORKER_TASK_DONE]    = { RGB (0, 114, 178), N_("Marking task done"), FALSE },
  [PL_WORKER_PAUSED]       = { RGB (204, 121, 167), N_("Paused"), TRUE },
  [PL_WORKER_DONE]         = { RGB (120, 120, 120), N_("Exited"), TRUE },
  [PL_WORKER_CANCELLED]    = { RGB (48, 48, 48), N_("Cancelled"), TRUE },
  [PL_WORKER_BACKOFF]      = { RGB (240, 228, 66), N_("Napping between polls"), TRUE },
};

void
pl_scene_glyphs_state_color (PlWorkerState  state,
                             PlSceneColor  *color)
{
  g_return_if_fail (state < PL_WORKER_N_STATES);

  *color = states[state].color;
}

const gchar *
pl_scene_glyphs_state_label (PlWorkerState state)
{
  g_return_val_if_fail (state < PL_WORKER_N_STATES, NULL);

  return _(states[state].label);
}

/* Whether the legend lists the state; the others are brief or rare. */
gboolean
pl_scene_glyphs_state_shown (PlWorkerState state)
{
  g_return_val_if_fail (state < PL_WORKER_N_STATES, FALSE);

  return states[state].shown;
}

void
pl_scene_glyphs_item_colors (PlSceneColor *fill,
                             PlSceneColor *outline)
{
  *fill = item_color;
  *outline = ink;
}

void
pl_scene_glyphs_mix (const PlSceneColor *a,
                     const PlSceneColor *b,
                     gdouble             amount,
                     PlSceneColor       *result)
{
  result->red = a->red + (b->red - a->red) * amount;
  result->green = a->green + (b->green - a->green) * amount;
  result->blue = a->blue + (b->blue - a->blue) * amount;
  result->alpha = a->alpha + (b->alpha - a->alpha) * amount;
}

void
pl_scene_glyphs_rounded_rect (cairo_t *cr,
                              gdouble  x,
                              gdouble  y,
                              gdouble  width,
                              gdouble  height,
                              gdouble  radius)
{
  radius = MIN (radius, MIN (width, height) / 2);

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
pl_scene_glyphs_item (cairo_t *cr,
                      gdouble  cx,
                      gdouble  cy,
                      gdouble  size)
{
  gdouble half = size / 2;

  pl_scene_glyphs_rounded_rect (cr, cx - half, cy - half, size, size, size * 0.18);
  pl_palette_set_source (cr, &item_color);
  cairo_fill_preserve (cr);
  pl_palette_set_source (cr, &ink);
  cairo_set_line_width (cr, MAX (1, size * 0.1));
  cairo_stroke (cr);

  /* A parcel's tape, so the box reads as an object on tiny belts too. */
  if (size >= 10)
    {
      cairo_move_to (cr, cx, cy - half);
      cairo_line_to (cr, cx, cy + half);
      cairo_set_line_width (cr, MAX (1, size * 0.08));
      cairo_stroke (cr);
    }
}

/* The end-of-stream marker: a chequered finish flag on a white box. */
void
pl_scene_glyphs_marker (cairo_t *cr,
                        gdouble  cx,
                        gdouble  cy,
                        gdouble  size)
{
  gdouble half = size / 2;
  gdouble cell = size / 4;

  cairo_save (cr);
  pl_scene_glyphs_rounded_rect (cr, cx - half, cy - half, size, size, size * 0.12);
  pl_palette_set_source (cr, &paper);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
  pl_palette_set_source (cr, &ink);
  for (guint row = 0; row < 4; row++)
    for (guint col = row % 2; col < 4; col += 2)
      cairo_rectangle (cr, cx - half + col * cell, cy - half + row * cell, cell, cell);
  cairo_fill (cr);
  cairo_restore (cr);

  pl_scene_glyphs_rounded_rect (cr, cx - half, cy - half, size, size, size * 0.12);
  pl_palette_set_source (cr, &ink);
  cairo_set_line_width (cr, MAX (1.5, size * 0.14));
  cairo_stroke (cr);
}

static void
draw_check (cairo_t *cr,
            gdouble  cx,
            gdouble  cy,
            gdouble  size)
{
  cairo_move_to (cr, cx - size * 0.5, cy);
  cairo_line_to (cr, cx - size * 0.15, cy + size * 0.35);
  cairo_line_to (cr, cx + size * 0.5, cy - size * 0.35);
  cairo_set_line_width (cr, size * 0.22);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static void
draw_held (cairo_t  *cr,
           gdouble   cx,
           gdouble   cy,
           gdouble   size,
           gboolean  holds_marker)
{
  if (holds_marker)
    pl_scene_glyphs_marker (cr, cx, cy, size);
  else
    pl_scene_glyphs_item (cr, cx, cy, size);
}

static void
draw_sleep (cairo_t *cr,
            gdouble  cx,
            gdouble  cy,
            gdouble  size)
{
  /* Empty hands (a dashed outline where an item would be) and a "z". */
  gdouble half = size * 0.26;
  gdouble dash = MAX (1.5, size * 0.08);

  pl_palette_set_source (cr, &ink);
  cairo_set_line_width (cr, MAX (1, size * 0.06));
  cairo_set_dash (cr, &dash, 1, 0);
  cairo_rectangle (cr, cx - half - size * 0.08, cy - half + size * 0.1, half * 2, half * 2);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  cairo_set_line_width (cr, MAX (1.2, size * 0.08));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_move_to (cr, cx + size * 0.12, cy - size * 0.36);
  cairo_line_to (cr, cx + size * 0.36, cy - size * 0.36);
  cairo_line_to (cr, cx + size * 0.12, cy - size * 0.12);
  cairo_line_to (cr, cx + size * 0.36, cy - size * 0.12);
  cairo_stroke (cr);
}

static void
draw_question (cairo_t *cr,
               gdouble  cx,
               gdouble  cy,
               gdouble  size)
{
  pl_palette_set_source (cr, &ink);
  cairo_set_line_width (cr, size * 0.11);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_arc (cr, cx, cy - size * 0.12, size * 0.16, G_PI, 2.25 * G_PI);
  cairo_line_to (cr, cx, cy + size * 0.12);
  cairo_stroke (cr);
  cairo_arc (cr, cx, cy + size * 0.3, size * 0.065, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* A clock face: the nap lasts the back-off time, then it polls again. */
static void
draw_clock (cairo_t *cr,
            gdouble  cx,
            gdouble  cy,
            gdouble  size)
{
  pl_palette_set_source (cr, &ink);
  cairo_set_line_width (cr, MAX (1.2, size * 0.08));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_arc (cr, cx, cy, size * 0.28, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_move_to (cr, cx, cy - size * 0.18);
  cairo_line_to (cr, cx, cy);
  cairo_line_to (cr, cx + size * 0.13, cy + size * 0.08);
  cairo_stroke (cr);
}

static void
draw_hatch (cairo_t *cr,
            gdouble  x,
            gdouble  y,
            gdouble  size)
{
  gdouble step = MAX (3, size / 5);

  cairo_set_source_rgba (cr, 1, 1, 1, 0.45);
  cairo_set_line_width (cr, step * 0.35);
  for (gdouble d = -size; d < size; d += step)
    {
      cairo_move_to (cr, x + d, y + size);
      cairo_line_to (cr, x + d + size, y);
    }
  cairo_stroke (cr);
}

/**
 * pl_scene_glyphs_worker:
 * @phase: seconds on the scene's clock; drives the poll pulse
 *
 * Draws one worker at its station, centred on (@cx, @cy).
 */
void
pl_scene_glyphs_worker (cairo_t            *cr,
                        gdouble             cx,
                        gdouble             cy,
                        gdouble             size,
                        PlWorkerState       state,
                        gboolean            holds_marker,
                        const PlSceneStyle *style,
                        gdouble             phase)
{
  gdouble half = size / 2;
  gdouble x = cx - half;
  gdouble y = cy - half;
  PlSceneColor fill;
  PlSceneColor outline;

  g_return_if_fail (state < PL_WORKER_N_STATES);

  pl_scene_glyphs_state_color (state, &fill);
  pl_scene_glyphs_mix (&style->foreground, &style->background, 0.15, &outline);

  cairo_save (cr);
  cairo_new_path (cr);

  if (state == PL_WORKER_POLLING || state == PL_WORKER_BACKOFF)
    {
      /* The poll pulse: a ring that leaves the worker on every poll cycle. */
      gdouble t = style->animate ? fmod (phase, 0.6) / 0.6 : 0.4;

      /* Yellow inside a dark edge, so it shows on light and dark alike. */
      cairo_arc (cr, cx, cy, half * (1.05 + 0.45 * t), 0, 2 * G_PI);
      cairo_set_source_rgba (cr, outline.red, outline.green, outline.blue, 1 - t);
      cairo_set_line_width (cr, MAX (3, size * 0.14));
      cairo_stroke_preserve (cr);
      cairo_set_source_rgba (cr, fill.red, fill.green, fill.blue, 1 - t);
      cairo_set_line_width (cr, MAX (1.5, size * 0.07));
      cairo_stroke (cr);
    }

  pl_scene_glyphs_rounded_rect (cr, x, y, size, size, size * 0.2);
  if (state == PL_WORKER_IDLE)
    {
      gdouble dash = MAX (2, size * 0.1);

      pl_palette_set_source (cr, &outline);
      cairo_set_line_width (cr, MAX (1, size * 0.05));
      cairo_set_dash (cr, &dash, 1, 0);
      cairo_stroke (cr);
      cairo_restore (cr);
      return;
    }

  pl_palette_set_source (cr, &fill);
  cairo_fill_preserve (cr);

  if (state == PL_WORKER_WAITING_PUT)
    {
      cairo_save (cr);
      cairo_clip (cr);
      draw_hatch (cr, x, y, size);
      cairo_restore (cr);
      pl_scene_glyphs_rounded_rect (cr, x, y, size, size, size * 0.2);
    }

  pl_palette_set_source (cr, &outline);
  cairo_set_line_width (cr, MAX (1, size * 0.06));
  cairo_stroke (cr);

  switch (state)
    {
    case PL_WORKER_WORKING:
      {
        gdouble start = style->animate ? phase * 2 * G_PI : 0;

        draw_held (cr, cx, cy, size * 0.42, holds_marker);
        cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
        cairo_set_line_width (cr, MAX (1.5, size * 0.08));
        cairo_arc (cr, cx, cy, size * 0.36, start, start + 1.2 * G_PI);
        cairo_stroke (cr);
      }
      break;

    case PL_WORKER_WAITING_PUT:
      /* Holding its item against a closed gate. */
      draw_held (cr, cx - size * 0.12, cy, size * 0.4, holds_marker);
      pl_palette_set_source (cr, &paper);
      cairo_rectangle (cr, cx + size * 0.16, y + size * 0.14, size * 0.14, size * 0.72);
      cairo_fill_preserve (cr);
      pl_palette_set_source (cr, &ink);
      cairo_set_line_width (cr, MAX (1, size * 0.04));
      cairo_stroke (cr);
      break;

    case PL_WORKER_WAITING_GET:
      draw_sleep (cr, cx, cy, size);
      break;

    case PL_WORKER_POLLING:
      draw_question (cr, cx, cy, size);
      break;

    case PL_WORKER_BACKOFF:
      draw_clock (cr, cx, cy, size);
      break;

    case PL_WORKER_TASK_DONE:
      /* A tick in a ring, apart from the bare tick of a worker that left. */
      pl_palette_set_source (cr, &paper);
      cairo_set_line_width (cr, MAX (1.2, size * 0.07));
      cairo_arc (cr, cx, cy, size * 0.3, 0, 2 * G_PI);
      cairo_stroke (cr);
      draw_check (cr, cx, cy, size * 0.3);
      break;

    case PL_WORKER_PAUSED:
      pl_palette_set_source (cr, &paper);
      cairo_rectangle (cr, cx - size * 0.2, cy - size * 0.25, size * 0.13, size * 0.5);
      cairo_rectangle (cr, cx + size * 0.07, cy - size * 0.25, size * 0.13, size * 0.5);
      cairo_fill (cr);
      break;

    case PL_WORKER_DONE:
      /* The flag it took off its queue, and the tick of a finished job. */
      pl_palette_set_source (cr, &paper);
      draw_check (cr, cx, cy, size * 0.5);
      break;

    case PL_WORKER_CANCELLED:
      pl_palette_set_source (cr, &paper);
      cairo_set_line_width (cr, size * 0.12);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_move_to (cr, cx - size * 0.22, cy - size * 0.22);
      cairo_line_to (cr, cx + size * 0.22, cy + size * 0.22);
      cairo_move_to (cr, cx + size * 0.22, cy - size * 0.22);
      cairo_line_to (cr, cx - size * 0.22, cy + size * 0.22);
      cairo_stroke (cr);
      break;

    case PL_WORKER_IDLE:
    case PL_WORKER_N_STATES:
    default:
      break;
    }

  cairo_restore (cr);
}
