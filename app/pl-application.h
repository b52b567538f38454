/* pl-application.h: the GtkApplication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pl-options.h"

G_BEGIN_DECLS

#define PL_TYPE_APPLICATION (pl_application_get_type ())

G_DECLARE_FINAL_TYPE (PlApplication, pl_application, PL, APPLICATION, GtkApplication)

PlApplication *pl_application_new              (PlOptions       *options);
gint           pl_application_get_status       (PlApplication   *self);

/*
 * Runs the window with the already-parsed options (preset, mode, stages,
 * --screenshot/--after/--size). Returns the process exit status.
 * `options` stays owned by the caller and outlives the call.
 */
gint           pl_application_run_with_options (PlOptions       *options);
void           pl_application_choose_config    (GSettings       *settings,
                                                const PlOptions *options,
                                                PlConfig        *config);

G_END_DECLS
