/* pl-compare.h: a second line, the first with a few settings changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pl-config.h"
#include "pl-sample.h"

G_BEGIN_DECLS

typedef struct _PlCompare PlCompare;

typedef enum {
  PL_COMPARE_LINE_A,
  PL_COMPARE_LINE_B,
} PlCompareLine;

/*
 * Parses `KEY=VALUE[,KEY=VALUE…]` against @first. The keys are mode,
 * capacity, backoff-ms, work, items, stageN.delay and stageN.workers; a
 * capacity list keeps its commas (capacity=1,4,mode=blocking). Each value is
 * read by the scenario reader, so it is accepted or refused as a scenario
 * file's would be. On bad input it returns NULL with a one-line error that
 * names `--compare`, the key and what it accepts.
 */
PlCompare      *pl_compare_new           (const PlConfig  *first,
                                          const gchar     *spec,
                                          GError         **error);
/* The keys on which two lines of the same stages differ, as a spec would
 * name them; NULL when the lines have different stages (names or count). */
PlCompare      *pl_compare_new_from_configs (const PlConfig *first,
                                             const PlConfig *second);
void            pl_compare_free          (PlCompare       *self);

const PlConfig *pl_compare_get_config    (PlCompare       *self,
                                          PlCompareLine    line);
guint           pl_compare_get_n_keys    (PlCompare       *self);
const gchar    *pl_compare_get_key       (PlCompare       *self,
                                          guint            index);
/* A key's value on one line, written as --compare takes it. */
gchar          *pl_compare_format_value  (PlCompare       *self,
                                          guint            index,
                                          PlCompareLine    line);
/* What tells a line apart: "mode=busy-wait, stage2.delay=10". */
gchar          *pl_compare_describe      (PlCompare       *self,
                                          PlCompareLine    line);
/* Translated: "Line A: mode=busy-wait", the label the pictures show. */
gchar          *pl_compare_label         (PlCompare       *self,
                                          PlCompareLine    line);

/* { "a": REPORT, "b": REPORT, "differs": { "KEY": [A, B], … } }, each REPORT
 * exactly pl_report_to_json()'s object. */
gchar          *pl_compare_report_to_json (PlCompare      *self,
                                           const PlSample *sample_a,
                                           const PlSample *sample_b);
/* Both text reports side by side, then how the lines differ. */
gchar          *pl_compare_report_to_text (PlCompare      *self,
                                           const PlSample *sample_a,
                                           const PlSample *sample_b);

/* What the strip between two lines shows, measured from a line's samples:
 * over the window from @earlier to @sample, or since the start when
 * @earlier is NULL. */
typedef struct
{
  gdouble window_s;        /* how long the rates were measured over */
  gdouble throughput;      /* items/s reaching the done queue */
  gdouble polls_per_s;     /* busy-wait polls of every worker */
  gdouble cpu_cores;       /* CPU of the line's own threads, in cores */
  gsize   held_bytes;      /* memory the line holds for its items, now */
  guint64 held_items;
} PlCompareMeasure;

void            pl_compare_measure        (const PlSample   *earlier,
                                           const PlSample   *sample,
                                           PlCompareMeasure *measure);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlCompare, pl_compare_free)

G_END_DECLS
