/* pl-report-private.h: what the report shares with the compare report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pl-report.h"

G_BEGIN_DECLS

/* The report's JSON as text: @builder's root, indented by two spaces. */
gchar    *_pl_report_json_to_data   (JsonBuilder *builder);

G_END_DECLS
