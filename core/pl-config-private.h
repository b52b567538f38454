/* pl-config-private.h: helpers shared by the config's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pl-config.h"

G_BEGIN_DECLS

/* User text for a one-line message: quoted, control characters escaped,
 * cut when long. Free with g_free. */
gchar *_pl_config_quote_text           (const gchar *text);
/* Zeroes everything past n_stages, so equal pipelines are equal bytes. */
void   _pl_config_clear_unused_stages  (PlConfig    *config);

G_END_DECLS
