/* pl-config-private.h: helpers shared by the config's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-config.h"

G_BEGIN_DECLS

/* User text quoted in a message is cut here, so a hostile value cannot flood
 * the terminal. */
#define PL_CONFIG_QUOTE_MAX_CHARS 48

/* User text for a message, control characters escaped and cut after
 * @max_chars characters; in double quotes when @quote. Free with g_free. */
gchar    *_pl_config_escape_text          (const gchar *text,
                                           gboolean     quote,
                                           guint        max_chars);
/* Letters, digits, '_' and '-', and short enough for PlStageConfig. */
gboolean  _pl_config_stage_name_is_valid  (const gchar *name);

/* User text for a one-line message: quoted, control characters escaped,
 * cut when long. Free with g_free. */
gchar    *_pl_config_quote_text           (const gchar *text);
/* Zeroes everything past n_stages, so equal pipelines are equal bytes. */
void      _pl_config_clear_unused_stages  (PlConfig    *config);

G_END_DECLS
