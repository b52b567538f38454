/* pl-config-private.h: helpers shared by the config's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-config.h"
#include "pl-format.h"

G_BEGIN_DECLS

/* Letters, digits, '_' and '-', and short enough for PlStageConfig. */
gboolean  _pl_config_stage_name_is_valid  (const gchar *name);

/* Zeroes everything past n_stages, so equal pipelines are equal bytes. */
void      _pl_config_clear_unused_stages  (PlConfig    *config);

/* The presets' name for pl_format_user_text(). */
#define _pl_config_quote_text(text) pl_format_user_text (text)

G_END_DECLS
