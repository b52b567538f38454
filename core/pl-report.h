/* pl-report.h: the headless run's report, as text or JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-config.h"
#include "pl-sample.h"

G_BEGIN_DECLS

/* `sample` is the final snapshot of the run (pl_pipeline_sample after it ended). */
gchar *pl_report_to_text (const PlConfig *config,
                          const PlSample *sample);
gchar *pl_report_to_json (const PlConfig *config,
                          const PlSample *sample);
/* One CSV row per sample, for the window's metrics export. */
gchar *pl_report_csv_header (const PlSample *sample);
gchar *pl_report_csv_row    (const PlSample *sample);

G_END_DECLS
