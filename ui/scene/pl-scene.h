/* pl-scene.h: what the assembly line shows, derived from the engine's samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pl-sample.h"

G_BEGIN_DECLS

#define PL_TYPE_SCENE (pl_scene_get_type ())

G_DECLARE_FINAL_TYPE (PlScene, pl_scene, PL, SCENE, GObject)

/* A belt never has more slots than this; deeper queues are compressed. */
#define PL_SCENE_MAX_SLOTS       64
/* Slots drawn for an unbounded queue before its backlog is compressed. */
#define PL_SCENE_UNBOUNDED_SLOTS 20

/*
 * One box on a queue's belt. Boxes are listed from the head of the queue
 * (the next to leave) to its tail. The last box of a compressed belt is a
 * pile that stands for every entry that did not fit.
 */
typedef struct
{
  guint    count;      /* entries it stands for: 1, or more for the pile */
  guint    markers;    /* end-of-stream markers among them */
  gdouble  position;   /* centre, in slots from the head, animated toward its rest */
  gdouble  span;       /* slots it covers: 1, or a few for the pile */
} PlSceneBox;

/* Live rates are measured over (at least) this many seconds of the run. */
#define PL_SCENE_RATE_WINDOW_S   2

/* Rates measured between the latest sample and one a window older; once
 * the line has stopped, averages over the whole run. NAN when not valid. */
typedef struct
{
  gboolean valid;        /* FALSE until the window has data */
  gboolean averaged;     /* TRUE when measured over the whole, ended run */
  gdouble  items_per_s;
  gdouble  polls_per_s;
  gdouble  cpu_percent;  /* of one core, summed over the stage's threads */
  gdouble  busy;         /* 0 … 1: share of the workers' time spent working */
} PlStageRates;

PlScene          *pl_scene_new                (void);

const gchar      *pl_scene_get_title          (PlScene        *self);
void              pl_scene_set_title          (PlScene        *self,
                                               const gchar    *title);
const gchar      *pl_scene_get_status         (PlScene        *self);
void              pl_scene_set_status         (PlScene        *self,
                                               const gchar    *status);

void              pl_scene_push_sample        (PlScene        *self,
                                               PlSample       *sample);
void              pl_scene_push_event         (PlScene        *self,
                                               const PlEvent  *event);
void              pl_scene_reset              (PlScene        *self);
gboolean          pl_scene_advance            (PlScene        *self,
                                               gint64          frame_time_us);
gboolean          pl_scene_is_animating       (PlScene        *self);
gdouble           pl_scene_get_clock          (PlScene        *self);

PlSample         *pl_scene_get_sample         (PlScene        *self);

/* What is drawn, so that tests and the renderer read the same model. */
guint             pl_scene_get_n_slots        (PlScene        *self,
                                               guint           queue);
const PlSceneBox *pl_scene_get_boxes          (PlScene        *self,
                                               guint           queue,
                                               guint          *n_boxes);
guint             pl_scene_count_entries      (PlScene        *self,
                                               guint           queue);
gboolean          pl_scene_is_compressed      (PlScene        *self,
                                               guint           queue);
gint              pl_scene_get_marker_box     (PlScene        *self,
                                               guint           queue);
PlWorkerState     pl_scene_get_worker_state   (PlScene        *self,
                                               guint           stage,
                                               guint           worker);
gboolean          pl_scene_stage_is_blocked   (PlScene        *self,
                                               guint           stage);
gboolean          pl_scene_queue_is_full      (PlScene        *self,
                                               guint           queue);
void              pl_scene_get_stage_rates    (PlScene        *self,
                                               guint           stage,
                                               PlStageRates   *rates);
/* The rates every view shows: NAN until measured (shown as "—"). */
gdouble           pl_scene_get_stage_rate     (PlScene        *self,
                                               guint           stage);
gdouble           pl_scene_get_throughput     (PlScene        *self);
gchar            *pl_scene_format_rate        (gdouble         per_second);
gint              pl_scene_get_bottleneck     (PlScene        *self);

/* The line in words, for a screen reader (see pl-scene-words.c). */
gchar            *pl_scene_describe           (PlScene        *self);

G_END_DECLS
