/* pl-mnemonic.h: labels without their mnemonics, for screen readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gchar *pl_strip_mnemonic       (const gchar *label);
void   pl_name_accessible      (GtkWidget   *widget,
                                const gchar *label);

G_END_DECLS
