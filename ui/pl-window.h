/* pl-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pl-config.h"
#include "pl-line-view.h"
#include "pl-pipeline.h"

G_BEGIN_DECLS

#define PL_TYPE_WINDOW (pl_window_get_type ())

G_DECLARE_FINAL_TYPE (PlWindow, pl_window, PL, WINDOW, GtkApplicationWindow)

PlWindow   *pl_window_new             (GtkApplication  *application,
                                       const PlConfig  *config);
PlPipeline *pl_window_get_pipeline    (PlWindow        *self);
PlLineView *pl_window_get_line_view   (PlWindow        *self);
PlPipeline *pl_window_get_compare_pipeline (PlWindow   *self);
gboolean    pl_window_compare_with    (PlWindow        *self,
                                       const gchar     *spec,
                                       GError         **error);
gboolean    pl_window_start           (PlWindow        *self,
                                       GError         **error);
gboolean    pl_window_save_screenshot (PlWindow        *self,
                                       const gchar     *path,
                                       GError         **error);
gboolean    pl_window_open_scenario   (PlWindow        *self,
                                       GFile           *file);
gboolean    pl_window_save_scenario   (PlWindow        *self,
                                       GFile           *file);
void        pl_window_set_settings    (PlWindow        *self,
                                       GSettings       *settings);
gboolean    pl_window_settings_get_config (GSettings   *settings,
                                           PlConfig    *config,
                                           GError     **error);

G_END_DECLS
