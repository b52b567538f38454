/* pl-memory-meter.h: the program's resident memory and the items held
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pl-sample.h"

G_BEGIN_DECLS

#define PL_TYPE_MEMORY_METER (pl_memory_meter_get_type ())

G_DECLARE_FINAL_TYPE (PlMemoryMeter, pl_memory_meter, PL, MEMORY_METER, GtkWidget)

GtkWidget *pl_memory_meter_new          (void);
void       pl_memory_meter_push_sample  (PlMemoryMeter  *self,
                                         const PlSample *sample);
void       pl_memory_meter_reset        (PlMemoryMeter  *self);
gsize      pl_memory_meter_get_rss      (PlMemoryMeter  *self);
guint64    pl_memory_meter_get_held     (PlMemoryMeter  *self);
guint64    pl_memory_meter_get_cap      (PlMemoryMeter  *self);
gboolean   pl_memory_meter_get_capped   (PlMemoryMeter  *self);
gsize      pl_memory_meter_get_peak_rss (PlMemoryMeter  *self);
gsize      pl_memory_meter_get_held_bytes (PlMemoryMeter *self);

G_END_DECLS
